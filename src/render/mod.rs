//! The site as HTML pages: every section of the "Amministrazione Trasparente" tree, each plan and
//! one page per objective, rendered with Tera in parallel into an [`Output`]. Pure except for
//! reading the theme; text from data is escaped, HTML from data or Markdown is sanitised.

pub mod markdown;
pub(crate) mod pages;
pub mod routes;
pub mod theme;
pub mod tree;
pub mod views;

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::export::Dataset;
use crate::model::Site;
use crate::output::Output;

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

/// The rendered site: its files, and the address and data date of every page (for the sitemap).
pub struct Rendered {
    /// Pages and static files.
    pub output: Output,
    /// Every page's address and the date of last update of its data.
    pub pages: Vec<(String, Option<chrono::NaiveDate>)>,
}

/// Renders every page and collects the static files.
/// `datasets` and `data` are the downloads, which the catalogue page lists with their sizes.
pub fn render_site(site: &Site, root: &Path, datasets: &[Dataset], data: &Output) -> Result<Rendered, ThemeError> {
    let tera = theme::load_templates(root, &site.config.tema)?;
    let mut output = theme::static_files(root, &site.config.tema)?;
    let pages = pages::all(site, datasets, data)?;
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
    let mut listed: Vec<(String, Option<chrono::NaiveDate>)> =
        pages.into_iter().map(|p| (p.address, p.updated)).collect();
    listed.sort();
    Ok(Rendered { output, pages: listed })
}
