//! The standard section tree of "Amministrazione Trasparente" (D.Lgs. 33/2013, Annex, as updated
//! by ANAC delibera 1310/2016): official labels and conventional slugs, from the table
//! `albero-trasparenza.csv` compiled into the binary.

use std::sync::OnceLock;

/// One section of the tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// 1 for the first level, 2 and 3 below.
    pub level: u8,
    /// Path under `amministrazione-trasparente/`, such as `performance/piano-della-performance`.
    pub slug: String,
    /// The official label, which the national checkers look for in link texts.
    pub name: String,
    /// Legal basis, where the table gives one.
    pub legal_basis: String,
}

impl Section {
    /// Slug of the parent section, `None` for a first-level section.
    pub fn parent(&self) -> Option<&str> {
        self.slug.rsplit_once('/').map(|(parent, _)| parent)
    }
}

const TABLE: &str = include_str!("albero-trasparenza.csv");

/// Every section, in the official order.
pub fn sections() -> &'static [Section] {
    static SECTIONS: OnceLock<Vec<Section>> = OnceLock::new();
    SECTIONS.get_or_init(|| {
        csv::Reader::from_reader(TABLE.as_bytes())
            .records()
            .filter_map(Result::ok)
            .map(|record| Section {
                level: record.get(0).and_then(|l| l.parse().ok()).unwrap_or(0),
                slug: record.get(1).unwrap_or_default().to_string(),
                name: record.get(2).unwrap_or_default().to_string(),
                legal_basis: record.get(3).unwrap_or_default().to_string(),
            })
            .collect()
    })
}

/// The direct sub-sections of `slug` (the first level for `None`).
pub fn children(slug: Option<&str>) -> impl Iterator<Item = &'static Section> + '_ {
    sections().iter().filter(move |s| s.parent() == slug)
}

/// The section with this slug.
pub fn find(slug: &str) -> Option<&'static Section> {
    sections().iter().find(|s| s.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::SitePath;

    #[test]
    fn the_tree_has_22_first_and_61_second_level_sections() {
        assert_eq!(sections().iter().filter(|s| s.level == 1).count(), 22);
        assert_eq!(sections().iter().filter(|s| s.level == 2).count(), 61);
        assert_eq!(children(None).count(), 22);
    }

    #[test]
    fn every_section_hangs_from_the_level_above_and_has_a_safe_unique_slug() {
        for section in sections() {
            assert!(SitePath::new(&section.slug).is_ok(), "{}", section.slug);
            assert_eq!(sections().iter().filter(|s| s.slug == section.slug).count(), 1, "{}", section.slug);
            match section.parent() {
                None => assert_eq!(section.level, 1),
                Some(parent) => assert_eq!(find(parent).unwrap().level + 1, section.level, "{}", section.slug),
            }
        }
    }

    #[test]
    fn official_labels_are_kept_exactly() {
        let performance: Vec<&str> = children(Some("performance")).map(|s| s.name.as_str()).collect();
        assert!(performance.contains(&"Piano della Performance"), "{performance:?}");
        assert_eq!(find("organizzazione").unwrap().name, "Organizzazione");
        assert!(
            find("disposizioni-generali/atti-generali/documenti-di-programmazione-strategico-gestionale").is_some()
        );
    }
}
