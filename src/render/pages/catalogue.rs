//! The catalogue of data, metadata and databases (Altri contenuti › Accessibilità e Catalogo dei
//! dati, metadati e banche dati): each dataset with its description, columns, formats and sizes,
//! licence, last update and links, written for a person.

use serde::Serialize;

use crate::export::{Dataset, Format};
use crate::load::values::date_text;
use crate::render::views::Item;

/// The sections that show the catalogue.
pub const SECTIONS: &[&str] =
    &["altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati", crate::address::CATALOGUE_SECTION];

/// A dataset on the catalogue page.
#[derive(Debug, Serialize)]
pub struct DatasetView {
    /// Title.
    pub title: String,
    /// What it holds.
    pub description: String,
    /// Number of records.
    pub records: usize,
    /// Its columns.
    pub columns: Vec<ColumnView>,
    /// The files, with their sizes.
    pub downloads: Vec<Item>,
    /// Last update found in the data.
    pub updated: Option<String>,
}

/// A column of a dataset.
#[derive(Debug, Serialize)]
pub struct ColumnView {
    /// Name in the file.
    pub name: String,
    /// Type in words.
    pub kind: String,
    /// Meaning.
    pub meaning: String,
}

/// `12,3 kB`, `845 byte`.
pub fn size_text(bytes: usize) -> String {
    if bytes < 1024 { format!("{bytes} byte") } else { format!("{:.1} kB", bytes as f64 / 1024.0).replace('.', ",") }
}

/// Every dataset of the site, described.
pub fn datasets(datasets: &[Dataset], size: &dyn Fn(&str) -> usize) -> Vec<DatasetView> {
    datasets.iter().map(|dataset| view(dataset, size)).collect()
}

fn view(dataset: &Dataset, size: &dyn Fn(&str) -> usize) -> DatasetView {
    let mut columns: Vec<ColumnView> = dataset
        .columns
        .iter()
        .map(|c| ColumnView { name: c.name.into(), kind: c.kind.describe(), meaning: c.description.into() })
        .collect();
    if dataset.pages.is_some() {
        columns.push(ColumnView {
            name: "url".into(),
            kind: "indirizzo".into(),
            meaning: "pagina del sito che mostra il record".into(),
        });
    }
    let downloads = Format::ALL
        .into_iter()
        .map(|format| {
            let path = dataset.path(format.extension());
            let note = Some(size_text(size(&path)));
            Item { name: format!("{} ({})", dataset.title, format.name()), url: path, note }
        })
        .collect();
    DatasetView {
        title: dataset.title.clone(),
        description: dataset.schema.description.into(),
        records: dataset.len(),
        columns,
        downloads,
        updated: dataset.updated.map(date_text),
    }
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn sizes_for_people() {
        assert_eq!(size_text(845), "845 byte");
        assert_eq!(size_text(12_600), "12,3 kB");
    }
}
