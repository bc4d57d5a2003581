//! Every page of the site, as [`Page`]s to render: the section tree with the sections the data
//! feeds, and each plan with its index pages, a group at a time ([`each`]); the objectives' pages
//! one at a time ([`plans::Objectives`]).

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

/// What is handed each group of pages.
pub type Visit<'v, 'a> = dyn FnMut(Vec<Page<'a>>) -> Result<(), ThemeError> + 'v;

/// The pages of the whole site except the objectives', handed to `visit` a group at a time, each
/// group built once the one before is visited: the home page with the sections, the free pages and
/// the search; for each plan, its page with its sections, then its indexes; the deliberations; the
/// reports. A build so holds one group's contexts at a time, not the whole site's. `size` gives the
/// size of a download.
pub fn each<'a>(
    site: &'a Site,
    datasets: &[Dataset],
    size: &dyn Fn(&str) -> usize,
    visit: &mut Visit<'_, 'a>,
) -> Result<(), ThemeError> {
    let shared = &super::views::Shared::of(site);
    let mut pages = vec![home::page(site, shared)?];
    pages.extend(sections::pages(site, shared, datasets, size)?);
    pages.extend(sections::free_pages(site, shared)?);
    pages.push(search::page(site, shared)?);
    visit(pages)?;
    plans::pages(site, shared, visit)?;
    visit(acts::pages(site, shared)?)?;
    visit(reports::pages(site, shared)?)
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
