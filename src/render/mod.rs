//! The site as HTML pages: every section of the "Amministrazione Trasparente" tree, each plan and
//! one page per objective, rendered with Tera in parallel and handed to the [`Writer`] one by one.
//! Pure except for reading the theme; text from data is escaped, HTML from data or Markdown is
//! sanitised.

pub mod markdown;
pub(crate) mod pages;
pub mod routes;
pub mod theme;
pub mod tree;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::BuildFailure;
use crate::export::Dataset;
use crate::model::{Scope, Site};
use crate::output::Writer;

pub use theme::ThemeError;

/// A page to render: its address, its template and its context.
pub(crate) struct Page {
    address: String,
    template: String,
    context: tera::Context,
    updated: Option<chrono::NaiveDate>,
}

impl Page {
    fn new(address: String, template: &str, common: views::Common, extra: impl Serialize) -> Result<Page, ThemeError> {
        let mut context = tera::Context::from_serialize(extra).map_err(|e| ThemeError(theme::error_chain(&e)))?;
        context.insert("page", &common);
        let updated = common.updated_on;
        Ok(Page { address, template: template.to_string(), context, updated })
    }
}

/// Every page's address and the date of last update of its data, sorted by address.
pub type PageList = Vec<(String, Option<chrono::NaiveDate>)>;

/// Renders every page with the theme's templates `tera` into `writer`: of the objectives' pages, those of `scope` (the others are
/// kept as they are). `datasets` are the downloads, already written, which the catalogue page
/// lists with their sizes.
pub fn render_site(
    site: &Site,
    tera: &tera::Tera,
    datasets: &[Dataset],
    scope: &Scope,
    writer: &Writer,
) -> Result<PageList, BuildFailure> {
    let render = |page: &Page| -> Result<(), BuildFailure> {
        let html = tera.render(&page.template, &page.context).map_err(|e| {
            ThemeError(format!("la pagina {} non si può generare: {}", page.address, theme::error_chain(&e)))
        })?;
        writer.put(routes::file(&page.address)?, html.as_bytes())?;
        Ok(())
    };
    let pages = pages::all(site, datasets, &|path| writer.size(path))?;
    writer.expect(pages.len());
    pages.par_iter().try_for_each(render)?;
    let mut listed: PageList = pages.into_iter().map(|p| (p.address, p.updated)).collect();
    for plan in &site.plans {
        let objectives = pages::plans::Objectives::of(site, plan)?;
        let addresses: Result<PageList, BuildFailure> = plan
            .objectives
            .par_iter()
            .map(|objective| {
                if !scope.includes(&plan.id, &objective.code) {
                    let (address, updated) = objectives.address_and_date(objective);
                    writer.keep(&routes::file(&address)?);
                    return Ok((address, updated));
                }
                let page = objectives.page(objective)?;
                render(&page)?;
                Ok((page.address, page.updated))
            })
            .collect();
        listed.extend(addresses?);
    }
    listed.sort();
    Ok(listed)
}
