//! The loaded model does not depend on how a spreadsheet saved the tables: every table of both
//! example sites, re-saved as Windows-1252 with `;` and CRLF (what an Italian Excel writes), or as
//! UTF-8 with BOM, tabs and LF, gives exactly the same model.

use std::path::Path;

use trasparenza::load::table::sniff_delimiter;
use trasparenza::model::Record;

use crate::harness::{SiteTest, repo_root};

/// How to re-save a table.
struct Saving {
    delimiter: u8,
    crlf: bool,
    windows_1252: bool,
    bom: bool,
}

fn resave(text: &str, saving: &Saving) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(saving.delimiter)
        .flexible(true)
        .terminator(if saving.crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .from_writer(Vec::new());
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    let utf8 = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    if saving.windows_1252 {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
        assert!(!unmappable, "a character of the example has no Windows-1252 form");
        bytes.into_owned()
    } else {
        let mut bytes = if saving.bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(utf8.as_bytes());
        bytes
    }
}

fn resave_all(dir: &Path, saving: &Saving) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            count += resave_all(&path, saving);
        } else if path.extension().is_some_and(|e| e == "csv") {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            std::fs::write(&path, resave(text.trim_start_matches('\u{feff}'), saving)).unwrap();
            count += 1;
        }
    }
    count
}

/// The model of the site in `root` as JSON: its typed values, then every value of every record by
/// column, as the site publishes it.
fn model_json(root: &Path) -> String {
    let checked = trasparenza::check(root).unwrap();
    assert!(!checked.diagnostics.has_errors(), "{}", trasparenza::diagnostics::report::to_text(&checked.diagnostics));
    let site = &checked.site;
    let mut records: Vec<&Record> = site.entity.iter().map(|e| &e.record).collect();
    records.extend(site.offices.iter().map(|o| &o.record));
    records.extend(site.deliberations.iter().map(|d| &d.record));
    for plan in &site.plans {
        records.push(&plan.record);
        records.extend(plan.areas.iter().map(|a| &a.record));
        records.extend(plan.strategic_objectives.iter().map(|o| &o.record));
        records.extend(plan.objectives.iter().map(|o| &o.record));
        records.extend(plan.steps.iter().map(|s| &s.record));
        records.extend(plan.indicators.iter().map(|i| &i.record));
        records.extend(plan.rounds.iter().map(|r| &r.record));
        records.extend(plan.measurements.iter().map(|m| &m.record));
        records.extend(plan.reports.iter().map(|r| &r.record));
        records.extend(plan.results.iter().map(|r| &r.record));
        records.extend(plan.objective_staff.iter().map(|m| &m.record));
        records.extend(plan.staffing.iter().map(|p| &p.record));
        records.extend(plan.hiring.iter().map(|h| &h.record));
    }
    let values: Vec<Vec<(&str, serde_json::Value)>> = records
        .iter()
        .map(|record| {
            let columns = record.schema().columns.iter().enumerate();
            columns.map(|(i, column)| (column.name, serde_json::to_value(record.published(i)).unwrap())).collect()
        })
        .collect();
    assert!(!values.is_empty(), "the site has records");
    format!("{}\n{}", serde_json::to_string_pretty(site).unwrap(), serde_json::to_string_pretty(&values).unwrap())
}

fn assert_same_model(example: &Path, saving: Saving) {
    let original = model_json(example);
    let site = SiteTest::copy_of(example);
    assert!(resave_all(&site.path().join("data"), &saving) >= 10);
    let resaved = model_json(site.path());
    assert!(original == resaved, "the model changed after re-saving the tables of {example:?}");
}

#[test]
fn windows_1252_semicolons_crlf_change_nothing() {
    for example in [repo_root(), repo_root().join("examples/concass")] {
        assert_same_model(&example, Saving { delimiter: b';', crlf: true, windows_1252: true, bom: false });
    }
}

#[test]
fn utf8_bom_tabs_lf_change_nothing() {
    for example in [repo_root(), repo_root().join("examples/concass")] {
        assert_same_model(&example, Saving { delimiter: b'\t', crlf: false, windows_1252: false, bom: true });
    }
}

#[test]
fn the_example_model_is_not_empty() {
    let checked = trasparenza::check(&repo_root().join("examples/concass")).unwrap();
    assert_eq!(checked.site.deliberations.len(), 3);
    assert_eq!(checked.site.plans[0].staffing.len(), 17);
}
