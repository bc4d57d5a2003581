//! The site as HTML pages: every section of the "Amministrazione Trasparente" tree, each plan and
//! one page per objective, rendered with Tera in parallel into an [`Output`]. Pure except for
//! reading the theme; text from data is escaped, HTML from data or Markdown is sanitised.

pub mod markdown;
pub mod routes;
pub mod theme;
pub mod tree;
pub mod views;

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;
use crate::output::Output;

pub use theme::ThemeError;

/// A page to render: its address, its template and its context.
struct Page {
    address: String,
    template: &'static str,
    context: tera::Context,
}

impl Page {
    fn new(
        address: String,
        template: &'static str,
        common: views::Common,
        extra: impl Serialize,
    ) -> Result<Page, ThemeError> {
        let mut context = tera::Context::from_serialize(extra).map_err(|e| ThemeError(theme::error_chain(&e)))?;
        context.insert("page", &common);
        Ok(Page { address, template, context })
    }
}

/// Renders every page and collects the static files.
pub fn render_site(site: &Site, root: &Path) -> Result<Output, ThemeError> {
    let tera = theme::load_templates(root, &site.config.tema)?;
    let mut output = theme::static_files(root, &site.config.tema)?;
    let pages = plan_pages(site)?.into_iter().chain(section_pages(site)?);
    let pages: Vec<Page> = pages.collect();
    let rendered: Result<Vec<_>, ThemeError> = pages
        .par_iter()
        .map(|page| {
            let html = tera.render(page.template, &page.context).map_err(|e| {
                ThemeError(format!("la pagina {} non si può generare: {}", page.address, theme::error_chain(&e)))
            })?;
            let path = routes::file(&page.address).map_err(|e| ThemeError(e.to_string()))?;
            Ok((path, html))
        })
        .collect();
    for (path, html) in rendered? {
        output.insert(path, html);
    }
    Ok(output)
}

#[derive(Serialize)]
struct SectionContext {
    children: Vec<views::Link>,
    legal_basis: String,
    body_html: Option<String>,
    plans: Vec<views::Link>,
}

/// The home page, the tree root and every section of the tree.
fn section_pages(site: &Site) -> Result<Vec<Page>, ThemeError> {
    let mut pages = Vec::new();
    let home_children: Vec<views::Link> = tree::children(None).map(views::section_link).collect();
    for (address, title) in [
        (String::new(), site.config.titolo.clone()),
        (format!("{}/", routes::TREE_ROOT), "Amministrazione trasparente".to_string()),
    ] {
        let crumbs =
            if address.is_empty() { vec![] } else { vec![views::Link { name: "Home".into(), url: String::new() }] };
        let common = views::common(site, &address, &title, crumbs, None);
        let context = SectionContext {
            children: home_children.clone(),
            legal_basis: String::new(),
            body_html: content_html(site, &address),
            plans: vec![],
        };
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    for section in tree::sections() {
        let address = routes::section(&section.slug);
        let common = views::common(site, &address, &section.name, views::section_breadcrumbs(&section.slug), None);
        let plans = if section.slug == routes::PLAN_SECTION {
            site.plans.iter().map(|p| views::Link { name: p.title.clone(), url: routes::plan(&p.id) }).collect()
        } else {
            vec![]
        };
        let context = SectionContext {
            children: tree::children(Some(&section.slug)).map(views::section_link).collect(),
            legal_basis: section.legal_basis.clone(),
            body_html: content_html(site, &address),
            plans,
        };
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    Ok(pages)
}

/// The Markdown page of `content/` that replaces the placeholder at `address`, rendered.
fn content_html(site: &Site, address: &str) -> Option<String> {
    let wanted = format!("content/{}.md", address.trim_end_matches('/'));
    let wanted_index = format!("content/{address}_index.md");
    site.pages
        .iter()
        .find(|p| !p.front.draft && (p.path == wanted || p.path == wanted_index))
        .map(|p| markdown::to_html(&p.body))
}

#[derive(Serialize)]
struct PlanContext<'a> {
    title: &'a str,
    start_year: i32,
    description_html: Option<String>,
    objectives: Vec<views::ObjectiveView>,
    total: Option<String>,
}

#[derive(Serialize)]
struct ObjectiveContext {
    objective: views::ObjectiveView,
}

/// Every plan's page and its objectives' pages.
fn plan_pages(site: &Site) -> Result<Vec<Page>, ThemeError> {
    let mut pages = Vec::new();
    for plan in &site.plans {
        let address = routes::plan(&plan.id);
        let mut crumbs = views::section_breadcrumbs(routes::PLAN_SECTION);
        crumbs.push(views::section_link(
            tree::find(routes::PLAN_SECTION)
                .ok_or_else(|| ThemeError("sezione Piano della Performance mancante".into()))?,
        ));
        let updated = views::plan_updated(plan);
        let weights: Vec<f64> = plan.objectives.iter().filter_map(|o| o.weight).collect();
        let context = PlanContext {
            title: &plan.title,
            start_year: plan.start_year,
            description_html: plan.description.as_deref().map(markdown::to_html),
            objectives: plan.objectives.iter().map(|o| views::objective(plan, o, site)).collect(),
            total: (!weights.is_empty()).then(|| views::percent(weights.iter().sum())),
        };
        pages.push(Page::new(
            address.clone(),
            "plan.html",
            views::common(site, &address, &plan.title, crumbs.clone(), updated),
            context,
        )?);
        crumbs.push(views::Link { name: plan.title.clone(), url: address });
        for objective in &plan.objectives {
            let view = views::objective(plan, objective, site);
            let title = format!("Obiettivo {} – {}", objective.code, objective.title);
            let updated = plan
                .steps_of(&objective.code)
                .map(|s| s.updated)
                .chain([objective.updated])
                .flatten()
                .max()
                .or(updated);
            let common = views::common(site, &view.url, &title, crumbs.clone(), updated);
            pages.push(Page::new(view.url.clone(), "objective.html", common, ObjectiveContext { objective: view })?);
        }
    }
    Ok(pages)
}
