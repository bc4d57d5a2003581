//! The downloads: every CSV and JSON read back and compared with the model, row for row.

use std::path::Path;

use serde_json::Value as Json;
use trasparenza::export::tables::json_value;
use trasparenza::model::Published as Value;

use crate::harness::{SiteTest, fixture, repo_root, run};

fn build(source: &Path) -> (SiteTest, std::path::PathBuf) {
    let site = SiteTest::copy_of(source);
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let public = site.path().join("public");
    (site, public)
}

/// The CSV form of a value, as the export promises it.
fn expected_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Text(text) => text.to_string(),
        Value::Number(n) => format!("{n}"),
        Value::Integer(i) => i.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Bool(yes) => yes.to_string(),
        Value::List(items) => items.join(";"),
    }
}

#[test]
fn a_dataset_whose_records_are_released_is_described_as_before() {
    let checked = trasparenza::check(&repo_root()).unwrap();
    let mut datasets = trasparenza::export::datasets(&checked.site);
    let described = |datasets: &[trasparenza::export::Dataset]| -> Vec<(String, usize, bool, bool, bool)> {
        datasets.iter().map(|d| (d.name.clone(), d.len(), d.is_empty(), d.pages.is_some(), d.spans_plans())).collect()
    };
    let before = described(&datasets);
    assert!(before.iter().any(|(_, len, ..)| *len > 10), "{before:?}");
    datasets.iter_mut().for_each(trasparenza::export::Dataset::release_records);
    assert_eq!(described(&datasets), before);
}

#[test]
fn every_csv_and_json_matches_the_model_row_for_row() {
    for source in [repo_root(), repo_root().join("examples/concass")] {
        let (_site, public) = build(&source);
        let checked = trasparenza::check(&source).unwrap();
        let datasets = trasparenza::export::datasets(&checked.site);
        assert!(datasets.len() >= 12);
        for dataset in &datasets {
            let mut reader = csv::Reader::from_path(public.join(dataset.path("csv"))).unwrap();
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            let mut expected_header: Vec<&str> = dataset.columns.iter().map(|c| c.name).collect();
            if dataset.pages.is_some() {
                expected_header.push("url");
            }
            assert_eq!(header, expected_header, "{}", dataset.name);
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), dataset.len(), "{}", dataset.name);
            let json: Json =
                serde_json::from_slice(&std::fs::read(public.join(dataset.path("json"))).unwrap()).unwrap();
            let json = json.as_array().unwrap();
            assert_eq!(json.len(), dataset.len(), "{}", dataset.name);
            for (index, (row, object)) in rows.iter().zip(json).enumerate() {
                for ((cell, value), column) in row.iter().zip(dataset.record(index)).zip(&dataset.columns) {
                    let expected = expected_cell(&value);
                    let expected =
                        if expected.starts_with(['=', '+', '-', '@']) { format!("'{expected}") } else { expected };
                    assert_eq!(cell, expected, "{} {}", dataset.name, column.name);
                    assert_eq!(object[column.name], json_value(&value), "{} {}", dataset.name, column.name);
                }
            }
        }
    }
}

#[test]
fn the_model_values_reach_the_downloads_typed() {
    let (_site, public) = build(&repo_root());
    let steps: Json =
        serde_json::from_slice(&std::fs::read(public.join("dati/piao-2025-2027/fasi.json")).unwrap()).unwrap();
    let first = &steps[0];
    assert_eq!(first["codice"], "1.1");
    assert_eq!(first["scadenza"], "2025-06-30");
    assert_eq!(first["peso_obiettivo"], 10.0);
    assert_eq!(first["peso_primo_anno"], 18.18);
    assert_eq!(steps.as_array().unwrap().len(), 76);
    let objective: Json =
        serde_json::from_slice(&std::fs::read(public.join("dati/piao-2025-2027/obiettivi/1.json")).unwrap()).unwrap();
    assert_eq!(objective["obiettivo"]["obiettivi_strategici"], serde_json::json!(["1A", "1B", "5A", "6A"]));
    assert_eq!(objective["fasi"].as_array().unwrap().len(), 13);
    let page =
        std::fs::read_to_string(public.join(
            "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/1/index.html",
        ))
        .unwrap();
    assert!(page.contains("dati/piao-2025-2027/obiettivi/1.json\">"), "the objective page links its data");
}

#[test]
fn formulas_in_cells_are_neutralised_in_csv_but_kept_in_json() {
    let site = SiteTest::copy_of(&fixture("base"));
    let steps = std::fs::read_to_string(fixture("base/data/piao-2025-2027/fasi.csv")).unwrap();
    site.write(
        "data/piao-2025-2027/fasi.csv",
        steps.replace("equipe formata", "=2+3*A1").replace(";t<=0;", ";@SUM(1);"),
    );
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let csv = std::fs::read_to_string(site.path().join("public/dati/piao-2025-2027/fasi.csv")).unwrap();
    assert!(csv.contains(",'=2+3*A1,"), "{csv}");
    assert!(csv.contains("'@SUM(1)"), "{csv}");
    assert!(csv.contains(",50,50,"), "numbers are untouched: {csv}");
    let json = std::fs::read_to_string(site.path().join("public/dati/piao-2025-2027/fasi.json")).unwrap();
    assert!(json.contains("\"kpi\": \"=2+3*A1\""), "{json}");
}

#[test]
fn personal_data_is_left_out_unless_published() {
    let site = SiteTest::copy_of(&fixture("base"));
    let objectives = std::fs::read_to_string(fixture("base/data/piao-2025-2027/obiettivi.csv")).unwrap();
    let objectives = objectives
        .replacen("situazione_attuale", "situazione_attuale;personale_coinvolto", 1)
        .replace("</p>\n", "</p>;Mario Rossi\n")
        .replace(";2025;\n", ";2025;;\n");
    site.write("data/piao-2025-2027/obiettivi.csv", objectives);
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("R009"), "{}", result.stderr);
    let csv = std::fs::read_to_string(site.path().join("public/dati/piao-2025-2027/obiettivi.csv")).unwrap();
    assert!(!csv.contains("personale_coinvolto") && !csv.contains("Mario Rossi"), "{csv}");
    site.write("config.toml", "titolo = \"Ente di prova\"\npiano_corrente = \"piao-2025-2027\"\n[privacy]\ncolonne_pubblicate = [\"obiettivi.personale_coinvolto\"]\n");
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let csv = std::fs::read_to_string(site.path().join("public/dati/piao-2025-2027/obiettivi.csv")).unwrap();
    assert!(csv.contains("personale_coinvolto") && csv.contains("Mario Rossi"), "{csv}");
}

#[test]
fn html_that_check_says_will_be_removed_is_removed_from_the_downloads_too() {
    let site = SiteTest::copy_of(&fixture("base"));
    let objectives = "data/piao-2025-2027/obiettivi.csv";
    let text = std::fs::read_to_string(site.path().join(objectives)).unwrap();
    let unsafe_cell = "<p>Situazione <img src=x onerror=alert(1)> di partenza.</p><script>alert(2)</script>";
    site.write(objectives, text.replace("<p>Situazione di partenza.</p>", unsafe_cell));
    let checked = site.check(&[]);
    assert!(checked.stdout.contains("V008"), "{}", checked.stdout);
    let built = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let data = site.path().join("public/dati/piao-2025-2027");
    for file in ["obiettivi.csv", "obiettivi.json", "obiettivi/1.json"] {
        let download = std::fs::read_to_string(data.join(file)).unwrap();
        assert!(download.contains("Situazione"), "{file}: the text is kept");
        assert!(!download.contains("onerror") && !download.contains("<script"), "{file}: {download}");
    }
}
