//! One page per deliberation, under Provvedimenti › Provvedimenti organi indirizzo politico: the
//! page the RSS feed and the list of deliberations link to.

use crate::links;
use crate::load::values::date_text;
use crate::model::{Deliberation, Site};
use crate::render::views::{self, Cell, Link, TableView};
use crate::render::{Page, ThemeError, routes, tree};

use super::SectionContext;

/// How a deliberation is named in titles: `Deliberazione CdA n. 21 del 25/03/2026`.
pub fn title(deliberation: &Deliberation) -> String {
    let kind = deliberation.kind.as_deref().unwrap_or("Deliberazione");
    format!("{kind} {} n. {} del {}", deliberation.organ, deliberation.number, date_text(deliberation.date))
}

/// Every deliberation's page.
pub fn pages<'a>(site: &'a Site, shared: &views::Shared) -> Result<Vec<Page<'a>>, ThemeError> {
    let section = tree::find(routes::DELIBERATIONS_SECTION).ok_or(ThemeError::MissingSection("dei provvedimenti"))?;
    let mut crumbs = views::section_breadcrumbs(routes::DELIBERATIONS_SECTION);
    crumbs.push(views::section_link(section));
    let mut pages = Vec::new();
    for deliberation in &site.deliberations {
        let address = deliberation.address();
        let mut rows = vec![
            vec![Cell::text("Organo"), Cell::text(&deliberation.organ)],
            vec![Cell::text("Numero"), Cell::text(&deliberation.number)],
            vec![Cell::text("Data"), Cell::text(date_text(deliberation.date))],
            vec![Cell::text("Oggetto"), Cell::text(&deliberation.subject)],
        ];
        if let Some(protocol) = &deliberation.protocol {
            rows.push(vec![Cell::text("Protocollo"), Cell::text(protocol)]);
        }
        if let Some(url) = deliberation.document.as_deref().and_then(links::href) {
            rows.push(vec![Cell::text("Documento"), Cell::link("Testo della deliberazione", url)]);
        }
        let table =
            TableView { caption: "Estremi dell'atto".into(), headers: vec!["Campo".into(), "Valore".into()], rows };
        let updated = Some(deliberation.updated.unwrap_or(deliberation.date));
        let common = views::common(site, shared, &address, &title(deliberation), crumbs.clone(), updated);
        let context = SectionContext {
            tables: vec![table],
            children: vec![Link {
                name: "Tutte le deliberazioni".into(),
                url: routes::section(routes::DELIBERATIONS_SECTION),
            }],
            ..SectionContext::default()
        };
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    Ok(pages)
}
