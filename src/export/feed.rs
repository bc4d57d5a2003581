//! The RSS 2.0 feed of deliberations (`delibere.xml`), following the AlboPOP conventions for acts
//! where they fit: absolute addresses only (without `url_base` there is no feed), each item linked to the act's page (not the home page), the
//! document as enclosure, categories for year/number, type and organ, a licence element, the
//! board first in every item's title and the feed's own address as `atom:link rel="self"`. Its
//! `lastBuildDate` is the newest deliberation's date, never the build clock.
//!
//! Text from the data stays text. Titles and categories are plain text in RSS 2.0: the `rss`
//! crate escapes them for XML, and a reader gets back the text exactly. Descriptions, the
//! channel's and the items', are HTML in RSS 2.0 (the crate writes the items' as CDATA, and
//! readers render both), so their text is HTML-escaped first (`description`): a subject holding
//! `<img src=x onerror=…>` shows as those characters, never as markup in the reader.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rss::extension::{Extension, ExtensionMap};
use rss::{Category, ChannelBuilder, Enclosure, Guid, ItemBuilder};

use crate::address;
use crate::html;
use crate::load::values::date_text;
use crate::model::{Deliberation, Site};

/// AlboPOP category domains.
const ALBOPOP: &str = "http://albopop.it/specs#";
/// Namespace of the Creative Commons RSS module.
const CREATIVE_COMMONS: &str = "http://backend.userland.com/creativeCommonsRssModule";

/// Namespace of Atom, whose `link rel="self"` gives a feed's own address.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The channel's `<atom:link rel="self">` to the feed's own absolute address `url`, as the RSS
/// Advisory Board recommends.
fn self_link(url: &str) -> BTreeMap<String, Vec<Extension>> {
    let attrs = [("href", url), ("rel", "self"), ("type", "application/rss+xml")]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    BTreeMap::from([(
        "atom:link".to_string(),
        vec![Extension { name: "atom:link".into(), attrs, ..Extension::default() }],
    )])
}

/// RFC 822 form of a date, at midnight UTC.
fn rfc822(date: NaiveDate) -> String {
    date.and_hms_opt(0, 0, 0).map(|t| t.and_utc().to_rfc2822()).unwrap_or_default()
}

/// MIME type of a document, from its extension.
pub fn mime_type(path: &str) -> &'static str {
    match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("pdf") => "application/pdf",
        Some("p7m") => "application/pkcs7-mime",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("doc") => "application/msword",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("html" | "htm") => "text/html",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Web address of a licence given as an SPDX identifier.
pub fn licence_url(licence: &str) -> String {
    match licence {
        "CC-BY-4.0" => "https://creativecommons.org/licenses/by/4.0/".into(),
        "CC-BY-SA-4.0" => "https://creativecommons.org/licenses/by-sa/4.0/".into(),
        "CC0-1.0" => "https://creativecommons.org/publicdomain/zero/1.0/".into(),
        "IODL-2.0" => "https://www.dati.gov.it/iodl/2.0/".into(),
        other => format!("https://spdx.org/licenses/{other}.html"),
    }
}

/// The feed, newest deliberation first; `limit` keeps only the newest ones. `None` when the site
/// has no base address: a feed holds absolute addresses only.
pub fn feed(site: &Site, size: impl Fn(&str) -> usize, limit: Option<usize>) -> Option<String> {
    let base = site.config.url_base.as_str();
    if base.is_empty() {
        return None;
    }
    let entity = site.entity.as_ref().map_or(site.config.titolo.as_str(), |e| e.name.as_str());
    let mut sorted = site.deliberations_newest_first();
    sorted.truncate(limit.unwrap_or(usize::MAX));
    let items = sorted.iter().map(|d| item(d, base, &size)).collect::<Vec<_>>();
    let mut licence = BTreeMap::new();
    licence.insert(
        "creativeCommons:license".to_string(),
        vec![Extension {
            name: "creativeCommons:license".into(),
            value: Some(licence_url(&site.config.licenza)),
            ..Extension::default()
        }],
    );
    let mut extensions = ExtensionMap::default();
    extensions.insert("creativeCommons".into(), licence);
    extensions.insert("atom".into(), self_link(&format!("{base}{}", address::FEED)));
    let mut namespaces = BTreeMap::new();
    namespaces.insert("creativeCommons".to_string(), CREATIVE_COMMONS.to_string());
    namespaces.insert("atom".to_string(), ATOM.to_string());
    let channel = ChannelBuilder::default()
        .title(format!("Deliberazioni – {entity}"))
        .link(format!("{base}{}", address::section(address::DELIBERATIONS_SECTION)))
        .description(html::escape(&format!("Le deliberazioni degli organi di indirizzo politico di {entity}")))
        .language(Some("it-IT".to_string()))
        .last_build_date(site.deliberations.iter().map(|d| d.date).max().map(rfc822))
        .categories(vec![Category {
            name: entity.to_string(),
            domain: Some(format!("{ALBOPOP}channel-category-name")),
        }])
        .namespaces(namespaces)
        .extensions(extensions)
        .items(items)
        .build();
    Some(channel.to_string())
}

fn item(deliberation: &Deliberation, base: &str, size: &impl Fn(&str) -> usize) -> rss::Item {
    use chrono::Datelike;
    let page = format!("{base}{}", deliberation.address());
    let kind = deliberation.kind.clone().unwrap_or_else(|| "Deliberazione".into());
    let board = deliberation.board();
    let category =
        |name: String, domain: &str| Category { name, domain: Some(format!("{ALBOPOP}item-category-{domain}")) };
    let enclosure = deliberation.document.as_deref().and_then(crate::links::href).and_then(|relative| {
        let length = size(&relative);
        (length > 0).then(|| Enclosure {
            url: format!("{base}{relative}"),
            length: length.to_string(),
            mime_type: mime_type(&relative).into(),
        })
    });
    ItemBuilder::default()
        .title(Some(title(board, &kind, deliberation)))
        .link(Some(page.clone()))
        .description(Some(description(&kind, deliberation)))
        .guid(Some(Guid { value: page, permalink: true }))
        .pub_date(Some(rfc822(deliberation.date)))
        .categories(vec![
            category(format!("{}/{}", deliberation.date.year(), deliberation.number), "uid"),
            category(kind, "type"),
            category(deliberation.organ.clone(), "unit"),
        ])
        .enclosure(enclosure)
        .build()
}

/// An item's title: the board, then kind, number and date, then the subject
/// (`Consiglio di amministrazione – deliberazione n. 21 del 25/03/2026 – Approvazione del PIAO`).
fn title(board: &str, kind: &str, deliberation: &Deliberation) -> String {
    format!(
        "{board} – {} n. {} del {} – {}",
        kind.to_lowercase(),
        deliberation.number,
        date_text(deliberation.date),
        deliberation.subject
    )
}

/// An item's description: kind, organ, number and subject as text, HTML-escaped, because readers
/// take the description as HTML (see the module's documentation).
fn description(kind: &str, deliberation: &Deliberation) -> String {
    html::escape(&format!("{} {} n. {}: {}", kind, deliberation.organ, deliberation.number, deliberation.subject))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_mime_types_and_licences() {
        assert_eq!(rfc822(NaiveDate::from_ymd_opt(2026, 3, 25).unwrap()), "Wed, 25 Mar 2026 00:00:00 +0000");
        assert_eq!(mime_type("delibere/cda-21.PDF"), "application/pdf");
        assert_eq!(licence_url("CC-BY-4.0"), "https://creativecommons.org/licenses/by/4.0/");
    }
}
