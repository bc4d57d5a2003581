//! The command line: exit codes, usage errors, the JSON report, and a file too big to commit.

use std::fmt::Write;

use crate::harness::{SiteTest, fixture, run};

#[test]
fn a_folder_that_is_not_a_site_exits_with_2() {
    let empty = tempfile::tempdir().unwrap();
    let result = run(&["check", "--site", empty.path().to_str().unwrap()]);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("non è un sito: manca config.toml"), "{}", result.stderr);
    let result = run(&["check", "--site", "/nessuna/cartella/così"]);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("non si può aprire"), "{}", result.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(run(&["verifica"]).code, 2);
}

#[test]
fn warnings_only_exit_with_0_and_errors_with_1() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "data/piao-2025-2027/fasi.csv",
        "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;30/06/25\n1;9.1;Seconda;30/09/25\n",
    );
    let result = site.check(&[]);
    assert_eq!(result.code, 0, "{}", result.stdout);
    assert!(result.stdout.ends_with("0 errori, 1 avviso\n"), "{}", result.stdout);
    site.write("data/piao-2025-2027/fasi.csv", "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;30/02/25\n");
    let result = site.check(&[]);
    assert_eq!(result.code, 1);
    assert!(result.stdout.ends_with("1 errore, 0 avvisi\n"), "{}", result.stdout);
}

#[test]
fn json_report_has_every_field() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write("data/piao-2025-2027/fasi.csv", "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;30/02/25\n");
    let result = site.check(&["--format", "json"]);
    assert_eq!(result.code, 1);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(report["errori"], 1);
    assert_eq!(report["avvisi"], 0);
    let diagnostic = &report["diagnostica"][0];
    assert_eq!(diagnostic["gravita"], "errore");
    assert_eq!(diagnostic["codice"], "V002");
    assert_eq!(diagnostic["regola"], "data-non-valida");
    assert_eq!(diagnostic["file"], "data/piao-2025-2027/fasi.csv");
    assert_eq!(diagnostic["riga"], 2);
    assert_eq!(diagnostic["colonna"], "scadenza");
    assert_eq!(diagnostic["valore"], "30/02/25");
    assert_eq!(diagnostic["messaggio"], "«30/02/25» non è una data valida");
    assert!(diagnostic["atteso"].as_str().unwrap().contains("31/12/2025"));
    assert!(diagnostic["suggerimento"].is_string());
}

/// A 50 MB steps table, generated here rather than committed, with one bad date in its last row.
#[test]
fn a_50_mb_table_is_read_whole_and_its_last_row_located() {
    let site = SiteTest::copy_of(&fixture("base"));
    let mut text = String::from("obiettivo;codice;descrizione;scadenza;kpi\n");
    let filler = "descrizione lunga della fase, con un testo che occupa spazio come nei piani veri";
    let mut rows = 0u64;
    while text.len() < 50 * 1024 * 1024 {
        rows += 1;
        writeln!(text, "1;1.{rows};{filler};30/06/2025;KPI della fase {rows}").unwrap();
    }
    writeln!(text, "2;2.1;ultima fase;31/02/2025;KPI").unwrap();
    site.write("data/piao-2025-2027/fasi.csv", &text);
    let result = site.check(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(report["errori"], 1, "{}", result.stdout);
    assert_eq!(report["diagnostica"][0]["codice"], "V002");
    assert_eq!(report["diagnostica"][0]["riga"], rows + 2);
    assert_eq!(report["diagnostica"][0]["colonna"], "scadenza");
}
