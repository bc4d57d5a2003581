//! The URL plan: every page's address in one place. Addresses are Italian, lowercase, built from
//! codes and plan folders already checked by the model, and always end with `/` (the file is
//! `index.html` inside).

use crate::output::{SitePath, UnsafePath};

/// Folder of the "Amministrazione Trasparente" tree.
pub const TREE_ROOT: &str = "amministrazione-trasparente";

/// The section of the tree where plans and their objectives are published.
pub const PLAN_SECTION: &str = "performance/piano-della-performance";

/// Address of a section of the tree (`amministrazione-trasparente/performance/`).
pub fn section(slug: &str) -> String {
    format!("{TREE_ROOT}/{slug}/")
}

/// Address of a plan's page.
pub fn plan(plan: &str) -> String {
    format!("{TREE_ROOT}/{PLAN_SECTION}/{plan}/")
}

/// Address of an objective's page.
pub fn objective(plan_id: &str, code: &str) -> String {
    format!("{}obiettivi/{code}/", plan(plan_id))
}

/// Address of a plan's index page of `kind` (`aree`, `strutture`, `scadenze`, `stakeholder`,
/// `etichette`, `obiettivi-strategici`, `sezioni`), or of one entry of it when `key` is given.
pub fn plan_index(plan_id: &str, kind: &str, key: Option<&str>) -> String {
    match key {
        Some(key) => format!("{}{kind}/{key}/", plan(plan_id)),
        None => format!("{}{kind}/", plan(plan_id)),
    }
}

/// The section of the tree where deliberations are published.
pub const DELIBERATIONS_SECTION: &str = "provvedimenti/provvedimenti-organi-indirizzo-politico";

/// Address of a deliberation's page (`…/provvedimenti-organi-indirizzo-politico/cda-2026-21/`).
pub fn deliberation(organ: &str, number: &str, year: i32) -> String {
    format!("{TREE_ROOT}/{DELIBERATIONS_SECTION}/{}-{year}-{}/", slug(organ), slug(number))
}

/// Address of the RSS feed of deliberations.
pub const FEED: &str = "delibere.xml";

/// A lowercase ASCII slug of free text (stakeholders, tags, page names): `Comuni consorziati` →
/// `comuni-consorziati`, `Città/Enti` → `citta-enti`. Never empty, never `.` or `..`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(80);
    if slug.is_empty() { "voce".to_string() } else { slug.trim_end_matches('-').to_string() }
}

/// The file holding the page at `address` (`a/b/` → `a/b/index.html`; `` → `index.html`).
pub fn file(address: &str) -> Result<SitePath, UnsafePath> {
    SitePath::new(format!("{address}index.html"))
}

/// The relative prefix that leads from the page at `address` back to the site root (`../../`),
/// so that the site works from any base path and from a folder on disk.
pub fn root_from(address: &str) -> String {
    "../".repeat(address.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_addresses_are_stable_and_italian() {
        assert_eq!(
            objective("piao-2025-2027", "1"),
            "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/1/"
        );
        assert_eq!(file("").unwrap().as_str(), "index.html");
        assert_eq!(root_from("a/b/"), "../../");
        assert_eq!(root_from(""), "");
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Comuni consorziati"), "comuni-consorziati");
        assert_eq!(slug("Cittadini/Famiglie da accompagnare"), "cittadini-famiglie-da-accompagnare");
        assert_eq!(slug("Università di Padova"), "universita-di-padova");
        assert_eq!(slug("../.."), "voce");
        assert_eq!(slug("  PNRR  "), "pnrr");
        assert_eq!(
            plan_index("p", "aree", Some("1")),
            "amministrazione-trasparente/performance/piano-della-performance/p/aree/1/"
        );
    }

    #[test]
    fn codes_cannot_escape_the_output() {
        assert!(file(&objective("p", "..")).is_err());
    }
}
