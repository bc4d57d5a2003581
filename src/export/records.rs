//! The CSV, JSON and XLSX downloads of a table. CSV and JSON are written record by record, each
//! record serialised on its own, so the preview can keep the serialised records between rebuilds ([`Serialised`]),
//! with a fingerprint of what each record is made of: after a one-row edit, one record is
//! serialised again and the others are copied as they were, instead of serialising the whole
//! table. A one-off build keeps nothing. The XLSX workbook is written whole ([`super::xlsx`]):
//! like the others, it is written again only when its table changes.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;

use xxhash_rust::xxh3::Xxh3;

use super::tables::{Dataset, csv_cell, json_record};
use crate::model::Published;

/// The formats of a table download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 4180 CSV with a header line.
    Csv,
    /// A pretty-printed JSON array of objects.
    Json,
    /// An Excel workbook: the columns described, then the records as typed cells.
    Xlsx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::Xlsx];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }

    /// The name people know the format by (`CSV`), also its name in the EU file-type vocabulary.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Xlsx => "XLSX",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The serialised records of one download, in order, each with the fingerprint of what it is
/// made of.
#[derive(Debug, Default)]
pub struct Serialised {
    /// Fingerprint of what every record of the file shares: format, columns, address of the site.
    layout: u64,
    records: Vec<(u128, Box<[u8]>)>,
}

/// The records of the last build, taken as they are found again: first at the same position,
/// which is where an edit leaves all but the rows it touches, else by fingerprint.
struct Reusable {
    records: Vec<Option<(u128, Box<[u8]>)>>,
    /// Positions of the records by fingerprint, made at the first record not at its position.
    by_fingerprint: Option<HashMap<u128, Vec<usize>>>,
}

impl Reusable {
    fn new(records: Vec<(u128, Box<[u8]>)>) -> Reusable {
        Reusable { records: records.into_iter().map(Some).collect(), by_fingerprint: None }
    }

    /// The serialised record with `fingerprint`, if the last build had one not taken yet.
    fn take(&mut self, position: usize, fingerprint: u128) -> Option<Box<[u8]>> {
        if let Some(slot) = self.records.get_mut(position)
            && slot.as_ref().is_some_and(|(found, _)| *found == fingerprint)
        {
            return slot.take().map(|(_, bytes)| bytes);
        }
        let records = &self.records;
        let by_fingerprint = self.by_fingerprint.get_or_insert_with(|| {
            let mut positions = HashMap::<u128, Vec<usize>>::with_capacity(records.len());
            for (i, slot) in records.iter().enumerate().rev() {
                if let Some((found, _)) = slot {
                    positions.entry(*found).or_default().push(i);
                }
            }
            positions
        });
        // Identical records share a fingerprint; some may have been taken at their position.
        let positions = by_fingerprint.get_mut(&fingerprint)?;
        while let Some(found) = positions.pop() {
            if let Some((_, bytes)) = self.records[found].take() {
                return Some(bytes);
            }
        }
        None
    }
}

/// The serialised records of the table downloads, by path in the site (`dati/…/fasi.csv`).
pub type Downloads = HashMap<String, Serialised>;

/// Writes the download of `dataset` in `format` to `out`, with the records' addresses under
/// `base_url`. A record whose fingerprint is in `previous` (the same download's records from the
/// last build) is copied from there instead of being serialised. When `remember` is true, returns
/// the serialised records for the next build (none for XLSX, which is written whole).
pub fn write(
    dataset: &Dataset,
    format: Format,
    base_url: &str,
    previous: Option<Serialised>,
    remember: bool,
    out: &mut (dyn io::Write + Send),
) -> io::Result<Option<Serialised>> {
    let lines = match format {
        Format::Csv => Lines::Csv,
        Format::Json => Lines::Json,
        Format::Xlsx => {
            super::xlsx::write(dataset, base_url, out)?;
            return Ok(None);
        }
    };
    let layout = layout(dataset, format, base_url);
    let previous = previous.filter(|p| p.layout == layout && !p.records.is_empty());
    let mut reusable = previous.map(|p| Reusable::new(p.records));
    let mut kept = remember.then(|| Serialised { layout, records: Vec::with_capacity(dataset.len()) });
    match lines {
        Lines::Csv => out.write_all(&csv_line(dataset.columns.iter().map(|c| c.name).chain(url_column(dataset)))?)?,
        Lines::Json => out.write_all(b"[")?,
    }
    for index in 0..dataset.len() {
        if lines == Lines::Json {
            out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
        }
        if reusable.is_none() && kept.is_none() {
            out.write_all(&serialise(dataset, lines, index, base_url)?)?;
            continue;
        }
        let fingerprint = fingerprint(dataset, index, base_url);
        let bytes = match reusable.as_mut().and_then(|r| r.take(index, fingerprint)) {
            Some(bytes) => bytes,
            None => serialise(dataset, lines, index, base_url)?.into_boxed_slice(),
        };
        out.write_all(&bytes)?;
        if let Some(kept) = &mut kept {
            kept.records.push((fingerprint, bytes));
        }
    }
    match lines {
        Lines::Csv => {}
        Lines::Json if dataset.is_empty() => out.write_all(b"]\n")?,
        Lines::Json => out.write_all(b"\n]\n")?,
    }
    Ok(kept)
}

/// The formats written record by record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    Csv,
    Json,
}

/// The `url` column, when records have pages.
fn url_column(dataset: &Dataset) -> Option<&'static str> {
    dataset.pages.as_ref().map(|_| "url")
}

/// Record `index` as one CSV line, or as a JSON object indented as an item of the file's array.
fn serialise(dataset: &Dataset, lines: Lines, index: usize, base_url: &str) -> io::Result<Vec<u8>> {
    match lines {
        Lines::Csv => {
            let record = dataset.record(index);
            let cells = record.iter().map(csv_cell).collect::<Vec<_>>();
            let url = dataset.pages.as_ref().map(|pages| format!("{base_url}{}", pages[index]));
            csv_line(cells.iter().map(|cell| cell.as_ref()).chain(url.as_deref()))
        }
        Lines::Json => {
            let object = serde_json::to_vec_pretty(&json_record(dataset, index, base_url))?;
            // Strings escape their line breaks, so every b'\n' of the object is between tokens.
            let mut indented = Vec::with_capacity(object.len() + object.len() / 8);
            indented.extend_from_slice(b"  ");
            for byte in object {
                indented.push(byte);
                if byte == b'\n' {
                    indented.extend_from_slice(b"  ");
                }
            }
            Ok(indented)
        }
    }
}

/// One CSV line (RFC 4180, CRLF) of `cells`.
fn csv_line<'a>(cells: impl Iterator<Item = &'a str>) -> io::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(256)
        .from_writer(Vec::with_capacity(256));
    writer.write_record(cells)?;
    writer.into_inner().map_err(|error| error.into_error())
}

/// Fingerprint of what every record of the file shares: the format, the published columns and
/// the address of the site.
fn layout(dataset: &Dataset, format: Format, base_url: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    (format, base_url, dataset.pages.is_some()).hash(&mut hasher);
    for column in &dataset.columns {
        column.name.hash(&mut hasher);
    }
    hasher.finish()
}

/// Fingerprint of what record `index` is made of: its published values and the address of its
/// page (each tagged and length-prefixed, so that no two records share their bytes).
fn fingerprint(dataset: &Dataset, index: usize, base_url: &str) -> u128 {
    use chrono::Datelike;
    let mut hasher = Xxh3::new();
    let mut add = |tag: u8, bytes: &[u8]| {
        hasher.update(&[tag]);
        hasher.update(&bytes.len().to_le_bytes());
        hasher.update(bytes);
    };
    for value in dataset.record(index) {
        match value {
            Published::Null => add(0, &[]),
            Published::Text(text) => add(1, text.as_bytes()),
            Published::Number(number) => add(2, &number.to_bits().to_le_bytes()),
            Published::Integer(integer) => add(3, &integer.to_le_bytes()),
            Published::Date(date) => add(4, &date.num_days_from_ce().to_le_bytes()),
            Published::Bool(yes) => add(8, &[u8::from(yes)]),
            Published::List(items) => {
                add(5, &items.len().to_le_bytes());
                items.iter().for_each(|item| add(6, item.as_bytes()));
            }
        }
    }
    if let Some(pages) = &dataset.pages {
        add(7, base_url.as_bytes());
        add(7, pages[index].as_bytes());
    }
    hasher.digest128()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::datasets;

    fn written(dataset: &Dataset, format: Format, previous: Option<Serialised>) -> (String, Serialised) {
        let mut out = Vec::new();
        let kept = write(dataset, format, "https://ente.example/", previous, true, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), kept.unwrap())
    }

    #[test]
    fn records_reused_from_the_last_build_give_the_same_bytes_as_a_fresh_serialisation() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        for dataset in datasets(&site).iter().filter(|d| !d.is_empty()) {
            // The formats written record by record; XLSX is written whole and keeps nothing.
            for format in [Format::Csv, Format::Json] {
                let mut fresh = Vec::new();
                assert!(write(dataset, format, "https://ente.example/", None, false, &mut fresh).unwrap().is_none());
                let (first, kept) = written(dataset, format, None);
                assert_eq!(first.as_bytes(), fresh.as_slice());
                let records = kept.records.len();
                let (second, kept) = written(dataset, format, Some(kept));
                assert_eq!(second, first, "{} {format:?}", dataset.name);
                assert_eq!(kept.records.len(), records);
            }
        }
    }

    #[test]
    fn workbooks_keep_no_records_for_the_next_build() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        let all = datasets(&site);
        let steps = all.iter().find(|d| d.schema.stem() == "fasi").unwrap();
        let mut out = Vec::new();
        assert!(write(steps, Format::Xlsx, "", None, true, &mut out).unwrap().is_none());
        assert!(out.starts_with(b"PK"));
    }

    #[test]
    fn json_downloads_are_the_pretty_printed_array_of_the_records() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        let all = datasets(&site);
        let steps = all.iter().find(|d| d.schema.stem() == "fasi").unwrap();
        let (text, _) = written(steps, Format::Json, None);
        let records: Vec<_> = (0..steps.len()).map(|i| json_record(steps, i, "https://ente.example/")).collect();
        assert_eq!(text, format!("{}\n", serde_json::to_string_pretty(&records).unwrap()));
        let empty = all.iter().find(|d| d.is_empty()).expect("a table without records");
        assert_eq!(written(empty, Format::Json, None).0, "[]\n");
    }

    #[test]
    fn records_cached_for_another_layout_are_not_reused() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        let all = datasets(&site);
        let steps = all.iter().find(|d| d.schema.stem() == "fasi").unwrap();
        let (_, csv) = written(steps, Format::Csv, None);
        let (fresh, _) = written(steps, Format::Json, None);
        assert_eq!(written(steps, Format::Json, Some(csv)).0, fresh);
    }

    #[test]
    fn records_are_found_again_at_their_position_or_by_fingerprint_once_each() {
        let record = |n: u8| (u128::from(n), Box::from(&[n][..]));
        let mut reusable = Reusable::new(vec![record(1), record(2), record(3), record(2)]);
        assert_eq!(reusable.take(0, 1).as_deref(), Some(&[1][..]));
        // A row inserted before the others shifts them: found by fingerprint.
        assert_eq!(reusable.take(2, 2).as_deref(), Some(&[2][..]));
        assert_eq!(reusable.take(3, 3).as_deref(), Some(&[3][..]));
        assert_eq!(reusable.take(4, 2).as_deref(), Some(&[2][..]));
        assert_eq!(reusable.take(5, 2), None);
        assert_eq!(reusable.take(0, 1), None);
        assert_eq!(reusable.take(9, 7), None);
    }
}
