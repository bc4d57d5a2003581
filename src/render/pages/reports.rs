//! One page per annual performance report (Performance › Relazione sulla Performance), built
//! from `relazioni.csv` and `risultati.csv`: who validated it and when, its summary, the scores of
//! offices and areas, the validated achievement of each objective with a link to its page, and
//! what the report deliberately does not publish.

use serde::Serialize;

use crate::html::markdown;
use crate::model::{Outcome, Plan, Report, Site};
use crate::render::charts::BarChart;
use crate::render::format::{DateView, number_text};
use crate::render::progress::achievement_text;
use crate::render::views::{self, Link};
use crate::render::{Page, ThemeError, routes, tree};

/// The context of `report.html`.
#[derive(Serialize)]
struct ReportContext {
    plan: Link,
    year: i32,
    validated_by: Option<String>,
    validated_on: Option<DateView>,
    deliberation: Option<Link>,
    summary_html: Option<String>,
    /// Results of offices and areas.
    scores: Vec<ScoreRow>,
    /// Which columns of `scores` have a value in some row: score, achievement, note.
    score_columns: [bool; 3],
    /// Results of objectives.
    objectives: Vec<ObjectiveResult>,
    /// True when some objective's result has a note: otherwise the table leaves out the notes.
    objective_notes: bool,
    /// The objectives' validated achievements, as bars.
    chart: Option<BarChart>,
    unpublished_html: Option<String>,
}

/// The score of an office or an area.
#[derive(Serialize)]
struct ScoreRow {
    name: Link,
    score: Option<String>,
    achievement: Option<String>,
    note_html: Option<String>,
}

/// The validated result of an objective.
#[derive(Serialize)]
struct ObjectiveResult {
    code: String,
    title: String,
    url: String,
    achievement: Option<String>,
    note_html: Option<String>,
}

/// `480` or `480 su 500`.
fn score_text(outcome: &Outcome) -> Option<String> {
    let score = number_text(outcome.score?);
    Some(match outcome.max_score {
        Some(max) => format!("{score} su {}", number_text(max)),
        None => score,
    })
}

fn scored(site: &Site, plan: &Plan, outcome: &Outcome) -> Option<ScoreRow> {
    let name = if let Some(code) = &outcome.office {
        let name = site.offices.iter().find(|o| &o.code == code).map_or_else(|| code.clone(), |o| o.name.clone());
        let has_page = plan.objectives.iter().any(|o| o.offices.contains(code));
        Link { name, url: if has_page { routes::plan_index(&plan.id, "strutture", Some(code)) } else { String::new() } }
    } else {
        let code = outcome.area.as_ref()?;
        let name =
            plan.areas.iter().find(|a| &a.code == code).map_or_else(|| code.clone(), |a| format!("{code}. {}", a.name));
        Link { name, url: routes::plan_index(&plan.id, "aree", Some(code)) }
    };
    Some(ScoreRow {
        name,
        score: score_text(outcome),
        achievement: outcome.achievement.map(achievement_text),
        note_html: outcome.note.as_deref().map(markdown::to_html),
    })
}

fn context(site: &Site, plan: &Plan, report: &Report) -> ReportContext {
    let of_year: Vec<&Outcome> = plan.results.iter().filter(|r| r.year == report.year).collect();
    let objectives: Vec<ObjectiveResult> = of_year
        .iter()
        .filter_map(|outcome| {
            let code = outcome.objective.as_ref()?;
            let title = plan.objectives.iter().find(|o| &o.code == code).map(|o| o.title.clone()).unwrap_or_default();
            Some(ObjectiveResult {
                code: code.clone(),
                title,
                url: routes::objective(&plan.id, code),
                achievement: outcome.achievement.map(achievement_text),
                note_html: outcome.note.as_deref().map(markdown::to_html),
            })
        })
        .collect();
    let bars = of_year
        .iter()
        .filter_map(|outcome| {
            let (code, points) = (outcome.objective.as_ref()?, outcome.achievement?);
            Some((
                format!("Obiettivo {code}"),
                Some(routes::objective(&plan.id, code)),
                points,
                achievement_text(points),
            ))
        })
        .collect();
    let deliberation = report.deliberation.as_ref().map(|reference| {
        let found = site.deliberations.iter().find(|d| d.reference() == *reference);
        Link {
            name: found.map_or_else(|| reference.to_string(), super::acts::title),
            url: found.map(|d| d.address()).unwrap_or_default(),
        }
    });
    let scores: Vec<ScoreRow> =
        of_year.iter().filter(|o| o.objective.is_none()).filter_map(|o| scored(site, plan, o)).collect();
    ReportContext {
        plan: Link { name: plan.title.clone(), url: routes::plan(&plan.id) },
        year: report.year,
        validated_by: report.validated_by.clone(),
        validated_on: report.validated_on.map(DateView::new),
        deliberation,
        summary_html: report.summary.as_deref().map(markdown::to_html),
        score_columns: [
            scores.iter().any(|r| r.score.is_some()),
            scores.iter().any(|r| r.achievement.is_some()),
            scores.iter().any(|r| r.note_html.is_some()),
        ],
        scores,
        objective_notes: objectives.iter().any(|o| o.note_html.is_some()),
        objectives,
        chart: BarChart::new(
            bars,
            format!("Grado di raggiungimento validato di ciascun obiettivo nel {}, da 0 a 100 %.", report.year),
        ),
        unpublished_html: report.unpublished.as_deref().map(markdown::to_html),
    }
}

/// Every report of the site, the latest plan and year first.
fn listed(site: &Site) -> Vec<(&Plan, &Report)> {
    let mut reports: Vec<(&Plan, &Report)> =
        site.plans.iter().flat_map(|plan| plan.reports.iter().map(move |report| (plan, report))).collect();
    reports.sort_by(|(a, x), (b, y)| (b.id.as_str(), y.year).cmp(&(a.id.as_str(), x.year)));
    reports
}

/// Each report, linked to its page, for the section's page.
pub fn links(site: &Site) -> Vec<Link> {
    listed(site)
        .into_iter()
        .map(|(plan, report)| Link {
            name: format!("{} – {}", report.title, plan.title),
            url: routes::report(&plan.id, report.year),
        })
        .collect()
}

/// Every report's page.
pub fn pages<'a>(site: &'a Site, shared: &views::Shared) -> Result<Vec<Page<'a>>, ThemeError> {
    let section =
        tree::find(routes::REPORT_SECTION).ok_or(ThemeError::MissingSection("della Relazione sulla Performance"))?;
    let mut crumbs = views::section_breadcrumbs(routes::REPORT_SECTION);
    crumbs.push(views::section_link(section));
    listed(site)
        .into_iter()
        .map(|(plan, report)| {
            let address = routes::report(&plan.id, report.year);
            let updated = report.validated_on.or(plan.updated_on());
            let common = views::common(site, shared, &address, &report.title, crumbs.clone(), updated);
            Page::new(address, "report.html", common, context(site, plan, report))
        })
        .collect()
}
