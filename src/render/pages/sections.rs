//! The home page, the root of "Amministrazione Trasparente" and every section of the tree. A
//! section shows, in order: the Markdown page of `content/` at its path, what the data feeds into
//! it, and the links to its sub-sections; with neither page nor data, an honest placeholder.

use crate::html::markdown;
use crate::model::Site;
use crate::render::views::{self, Link};
use crate::render::{Page, ThemeError, routes, tree};

use crate::export::Dataset;

use super::{SectionContext, catalogue, feeds};

/// The home page, the tree root and one page per section.
pub fn pages<'a>(
    site: &'a Site,
    datasets: &[Dataset],
    size: &dyn Fn(&str) -> usize,
) -> Result<Vec<Page<'a>>, ThemeError> {
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
            details: Vec::new(),
            groups: feed.groups,
            tables: feed.tables,
            children: tree::children(Some(&section.slug)).map(views::section_link).collect(),
            datasets: if catalogue::SECTIONS.contains(&section.slug.as_str()) {
                catalogue::datasets(datasets, size)
            } else {
                vec![]
            },
            pagination: None,
            progress: None,
        };
        let common =
            views::common(site, &address, &section.name, views::section_breadcrumbs(&section.slug), feed.updated);
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    Ok(pages)
}

/// Pages every site has, with the text they get when `content/` has no page of its own there.
const STANDARD_PAGES: &[(&str, &str, &str)] = &[
    (
        routes::PRIVACY,
        "Informativa sulla privacy",
        "Questo sito non usa cookie, non carica risorse da altri siti e non raccoglie dati personali di chi lo consulta.\n\nI dati personali eventualmente presenti nei documenti pubblicati sono trattati secondo il Regolamento (UE) 2016/679 e il D.Lgs. 33/2013. Per l'informativa completa rivolgersi all'ente ai recapiti indicati in fondo alla pagina.",
    ),
    (
        routes::ACCESSIBILITY,
        "Dichiarazione di accessibilità",
        "Questo sito è realizzato per essere conforme ai requisiti della norma UNI EN 301549 e alle WCAG 2.1 di livello AA, come richiesto dalle Linee guida AgID sull'accessibilità degli strumenti informatici.\n\nLe pagine si leggono senza JavaScript, funzionano con i lettori di schermo e da telefono, e non caricano risorse da altri siti. Per segnalare un problema di accessibilità scrivere all'ente ai recapiti indicati in fondo alla pagina.",
    ),
];

/// Markdown pages of `content/` outside the tree and the plans (free pages such as the privacy
/// notice), at their own address, plus the standard pages the site needs.
pub fn free_pages(site: &Site) -> Result<Vec<Page<'_>>, ThemeError> {
    let mut pages = Vec::new();
    let mut addresses = Vec::new();
    for page in site.pages.iter().filter(|p| !p.front.draft) {
        let Some(address) = routes::free_page(&page.path) else { continue };
        let relative = page.path.trim_start_matches("content/").trim_end_matches(".md");
        let relative = relative.strip_suffix("/_index").unwrap_or(relative);
        let title =
            page.front.title.clone().unwrap_or_else(|| relative.rsplit('/').next().unwrap_or(relative).to_string());
        let common = views::common(
            site,
            &address,
            &title,
            vec![Link { name: "Home".into(), url: String::new() }],
            page.front.updated.or(page.front.date),
        );
        let template = page.front.template.as_deref().unwrap_or("section.html");
        let context = SectionContext { body_html: Some(markdown::to_html(&page.body)), ..SectionContext::default() };
        addresses.push(address.clone());
        pages.push(Page::new(address, template, common, context)?);
    }
    for (address, title, text) in STANDARD_PAGES {
        if addresses.iter().any(|a| a == address) {
            continue;
        }
        let common = views::common(site, address, title, vec![Link { name: "Home".into(), url: String::new() }], None);
        let context = SectionContext { body_html: Some(markdown::to_html(text)), ..SectionContext::default() };
        pages.push(Page::new(address.to_string(), "section.html", common, context)?);
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
    let plans = site.plans.iter().filter_map(crate::model::Plan::updated_on);
    let entity = site.entity.as_ref().and_then(|e| e.updated);
    plans.chain(entity).max()
}
