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
    fn codes_cannot_escape_the_output() {
        assert!(file(&objective("p", "..")).is_err());
    }
}
