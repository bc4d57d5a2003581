//! The home page: the entity, the current plan at a glance (its objectives, its areas and, when it
//! is monitored, how far it got and the steps late), the latest deliberations, a search field and
//! the sections of "Amministrazione trasparente", those with content first.

use serde::Serialize;

use crate::load::values::date_text;
use crate::model::{Plan, Site};
use crate::render::progress::achievement_text;
use crate::render::views::{self, Item, Link};
use crate::render::{Page, ThemeError, routes, tree};

use super::feeds;
use super::sections::{content_html, site_updated};

/// How many deliberations the home page lists.
const LATEST_DELIBERATIONS: usize = 5;

/// The context of `home.html`.
#[derive(Debug, Serialize)]
pub struct HomeContext {
    /// Markdown of `content/_index.md`, rendered and sanitised.
    pub body_html: Option<String>,
    /// The current plan.
    pub plan: Option<PlanGlance>,
    /// The other plans, newest first.
    pub other_plans: Vec<Link>,
    /// The newest deliberations, and the page that lists them all.
    pub deliberations: Vec<Item>,
    pub deliberations_url: String,
    /// First-level sections that publish something, then those that do not yet.
    pub sections_with_content: Vec<Link>,
    pub sections_without_content: Vec<Link>,
}

/// A plan at a glance.
#[derive(Debug, Serialize)]
pub struct PlanGlance {
    pub title: String,
    pub url: String,
    pub objectives: usize,
    pub steps: usize,
    pub indicators: usize,
    /// Its areas, linked to their pages.
    pub areas: Vec<Link>,
    /// At the reference date of its monitoring, when it has one.
    pub monitoring: Option<Monitoring>,
}

/// How far a plan got.
#[derive(Debug, Serialize)]
pub struct Monitoring {
    pub date: String,
    pub achievement: Option<String>,
    /// The achievement in points, for the progress bar.
    pub points: Option<f64>,
    pub late: usize,
    pub late_url: String,
}

/// The home page.
pub fn page<'a>(site: &'a Site, shared: &views::Shared) -> Result<Page<'a>, ThemeError> {
    let common = views::common(site, shared, "", &site.config.titolo, vec![], site_updated(site));
    Page::new(String::new(), "home.html", common, context(site))
}

/// What the home page shows.
fn context(site: &Site) -> HomeContext {
    let listed = site.plans_listed();
    let (with, without) = tree::children(None).partition::<Vec<_>, _>(|section| has_content(site, &section.slug));
    let link = |section: &tree::Section| Link { name: section.name.clone(), url: routes::section(&section.slug) };
    HomeContext {
        body_html: content_html(site, ""),
        plan: listed.first().map(|plan| glance(plan)),
        other_plans: listed
            .iter()
            .skip(1)
            .map(|plan| Link { name: plan.title.clone(), url: routes::plan(&plan.id) })
            .collect(),
        deliberations: site
            .deliberations_newest_first()
            .into_iter()
            .take(LATEST_DELIBERATIONS)
            .map(|d| Item {
                name: d.subject.clone(),
                url: d.address(),
                note: Some(format!("{}, n. {} del {}", d.organ, d.number, date_text(d.date))),
            })
            .collect(),
        deliberations_url: routes::section(routes::DELIBERATIONS_SECTION),
        sections_with_content: with.into_iter().map(link).collect(),
        sections_without_content: without.into_iter().map(link).collect(),
    }
}

fn glance(plan: &Plan) -> PlanGlance {
    let monitoring = plan.progress.reference_date.map(|date| {
        let points = plan.progress.rollup(plan, 0..plan.objectives.len());
        Monitoring {
            date: date_text(date),
            achievement: points.map(achievement_text),
            points,
            late: plan.progress.objectives.iter().map(|o| o.late).sum(),
            late_url: routes::plan_index(&plan.id, "fasi-in-ritardo", None),
        }
    });
    PlanGlance {
        title: plan.title.clone(),
        url: routes::plan(&plan.id),
        objectives: plan.objectives.len(),
        steps: plan.steps.len(),
        indicators: plan.indicators.len(),
        areas: plan
            .areas
            .iter()
            .map(|a| Link { name: a.name.clone(), url: routes::plan_index(&plan.id, "aree", Some(&a.code)) })
            .collect(),
        monitoring,
    }
}

/// True when the section at `slug`, or one below it, has a page of `content/` or data.
fn has_content(site: &Site, slug: &str) -> bool {
    let below = format!("{slug}/");
    tree::sections().iter().filter(|s| s.slug == slug || s.slug.starts_with(&below)).any(|section| {
        let feed = feeds::for_section(site, &section.slug);
        feed.groups.iter().any(|group| !group.items.is_empty())
            || !feed.tables.is_empty()
            || content_html(site, &routes::section(&section.slug)).is_some()
            || super::catalogue::SECTIONS.contains(&section.slug.as_str())
    })
}
