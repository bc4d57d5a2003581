//! The site as HTML pages: every section of the "Amministrazione Trasparente" tree, each plan and
//! one page per objective, rendered with Tera in parallel into an [`Output`]. Pure except for
//! reading the theme; text from data is escaped, HTML from data or Markdown is sanitised.

pub mod markdown;
mod pages;
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
pub(crate) struct Page {
    address: String,
    template: String,
    context: tera::Context,
}

impl Page {
    fn new(address: String, template: &str, common: views::Common, extra: impl Serialize) -> Result<Page, ThemeError> {
        let mut context = tera::Context::from_serialize(extra).map_err(|e| ThemeError(theme::error_chain(&e)))?;
        context.insert("page", &common);
        Ok(Page { address, template: template.to_string(), context })
    }
}

/// Renders every page and collects the static files.
pub fn render_site(site: &Site, root: &Path) -> Result<Output, ThemeError> {
    let tera = theme::load_templates(root, &site.config.tema)?;
    let mut output = theme::static_files(root, &site.config.tema)?;
    let pages = pages::all(site)?;
    let rendered: Result<Vec<_>, ThemeError> = pages
        .par_iter()
        .map(|page| {
            let html = tera.render(&page.template, &page.context).map_err(|e| {
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
