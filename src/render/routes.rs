//! The URL plan for the renderer: every page's address ([`crate::address`], shared with the
//! model's checks), the file that holds a page and the way back to the root from it.

use crate::output::{SitePath, UnsafePath};

pub use crate::address::*;

/// The file holding the page at `address` (`a/b/` → `a/b/index.html`; `` → `index.html`; a page
/// whose address is a file, such as [`NOT_FOUND`], is that file).
pub fn file(address: &str) -> Result<SitePath, UnsafePath> {
    if address.ends_with(".html") { SitePath::new(address) } else { SitePath::new(format!("{address}index.html")) }
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
