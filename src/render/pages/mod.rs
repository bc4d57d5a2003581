//! Every page of the site, as [`Page`]s to render: the section tree with the sections the data
//! feeds, and each plan with its index pages; the objectives' pages one at a time
//! ([`plans::Objectives`]).

pub(crate) mod acts;
mod catalogue;
mod feeds;
mod home;
pub(crate) mod plans;
mod reports;
mod rounds;
mod search;
mod sections;

use serde::Serialize;

use crate::export::Dataset;
use crate::model::Site;

use super::views::{Group, Item, TableView};
use super::{Page, ThemeError};

/// The pages of the whole site except the objectives'; `size` gives the size of a download.
pub fn all<'a>(
    site: &'a Site,
    datasets: &[Dataset],
    size: &dyn Fn(&str) -> usize,
) -> Result<Vec<Page<'a>>, ThemeError> {
    let shared = &super::views::Shared::of(site);
    let mut pages = vec![home::page(site, shared)?];
    pages.extend(sections::pages(site, shared, datasets, size)?);
    pages.extend(plans::pages(site, shared)?);
    pages.extend(sections::free_pages(site, shared)?);
    pages.extend(acts::pages(site, shared)?);
    pages.extend(reports::pages(site, shared)?);
    pages.push(search::page(site, shared)?);
    Ok(pages)
}

/// The context of `section.html`, the template of every section and index page: a Markdown body
/// (or an honest placeholder), lists of links, tables, and links to the sub-sections.
#[derive(Debug, Serialize)]
pub struct SectionContext<I = Item> {
    /// Markdown from `content/`, rendered and sanitised.
    pub body_html: Option<String>,
    /// Legal basis shown in the placeholder.
    pub legal_basis: String,
    /// What the record of an index's entry says (an area's description, an office's head).
    pub details: Vec<super::views::Detail>,
    /// Lists of links.
    pub groups: Vec<Group<I>>,
    /// Where this page stands when the lists continue on other pages.
    pub pagination: Option<super::views::Pagination>,
    /// Data tables.
    pub tables: Vec<TableView>,
    /// Sub-sections, each linked with its official label.
    pub children: Vec<super::views::Link>,
    /// Datasets, on the catalogue page.
    pub datasets: Vec<catalogue::DatasetView>,
    /// How far the objectives listed got, on the pages of an area, a strategic objective or an
    /// office of a monitored plan.
    pub progress: Option<super::progress::GroupProgress>,
}

impl<I> SectionContext<I> {
    /// A page that only lists `groups`, on the page `pagination` says.
    pub fn listing(groups: Vec<Group<I>>, pagination: Option<super::views::Pagination>) -> Self {
        SectionContext {
            body_html: None,
            legal_basis: String::new(),
            details: Vec::new(),
            groups,
            pagination,
            tables: Vec::new(),
            children: Vec::new(),
            datasets: Vec::new(),
            progress: None,
        }
    }
}

impl Default for SectionContext {
    fn default() -> Self {
        SectionContext::listing(Vec::new(), None)
    }
}
