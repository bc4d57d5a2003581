//! The home page, the root of "Amministrazione Trasparente" and every section of the tree. A
//! section shows, in order: the Markdown page of `content/` at its path, what the data feeds into
//! it, and the links to its sub-sections; with neither page nor data, an honest placeholder.

use crate::model::Site;
use crate::render::views::{self, Link};
use crate::render::{Page, ThemeError, markdown, routes, tree};

use super::{SectionContext, feeds};

/// The home page, the tree root and one page per section.
pub fn pages(site: &Site) -> Result<Vec<Page>, ThemeError> {
    let mut pages = Vec::new();
    let first_level: Vec<Link> = tree::children(None).map(views::section_link).collect();
    let home = Link { name: "Home".into(), url: String::new() };
    let tree_root = format!("{}/", routes::TREE_ROOT);
    for (address, title, crumbs) in [
        (String::new(), site.config.titolo.clone(), vec![]),
        (tree_root, "Amministrazione trasparente".to_string(), vec![home]),
    ] {
        let context = SectionContext {
            body_html: content_html(site, &address),
            children: first_level.clone(),
            ..SectionContext::default()
        };
        let common = views::common(site, &address, &title, crumbs, site_updated(site));
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    for section in tree::sections() {
        let address = routes::section(&section.slug);
        let feed = feeds::for_section(site, &section.slug);
        let context = SectionContext {
            body_html: content_html(site, &address),
            legal_basis: section.legal_basis.clone(),
            groups: feed.groups,
            tables: feed.tables,
            children: tree::children(Some(&section.slug)).map(views::section_link).collect(),
        };
        let common =
            views::common(site, &address, &section.name, views::section_breadcrumbs(&section.slug), feed.updated);
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    Ok(pages)
}

/// The Markdown page of `content/` that replaces the placeholder at `address`, rendered: either
/// `content/<address>.md` or `content/<address>/_index.md`.
fn content_html(site: &Site, address: &str) -> Option<String> {
    let trimmed = address.trim_end_matches('/');
    let wanted = [format!("content/{trimmed}.md"), format!("content/{address}_index.md")];
    site.pages.iter().find(|p| !p.front.draft && wanted.contains(&p.path)).map(|p| markdown::to_html(&p.body))
}

/// The most recent update date anywhere in the data, for the pages that summarise everything.
fn site_updated(site: &Site) -> Option<chrono::NaiveDate> {
    let plans = site.plans.iter().filter_map(views::plan_updated);
    let entity = site.entity.as_ref().and_then(|e| e.updated);
    plans.chain(entity).max()
}
