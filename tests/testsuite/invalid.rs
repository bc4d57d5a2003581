//! The corpus of bad inputs: each folder of `tests/fixtures/invalid/` holds files laid over the
//! valid site `tests/fixtures/base/` (and an optional `remove` list of files to delete), and
//! `expected.txt`, the exact report `trasparenza check` must print.
//!
//! `UPDATE_EXPECT=1 cargo test` rewrites the `expected.txt` files; review the diff before committing.

use std::path::Path;

use crate::harness::{SiteTest, fixture};

/// Files of a case folder that are not site files.
const CASE_FILES: &[&str] = &["expected.txt", "remove", "README"];

fn site_for(case: &Path) -> SiteTest {
    let site = SiteTest::copy_of(&fixture("base"));
    if let Ok(list) = std::fs::read_to_string(case.join("remove")) {
        for relative in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            site.remove(relative);
        }
    }
    overlay(case, case, &site);
    site
}

/// Writes the site files of the case folder `root` (from its subfolder `dir`) into `site`.
pub fn overlay(root: &Path, dir: &Path, site: &SiteTest) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let relative = path.strip_prefix(root).unwrap().to_str().unwrap().replace('\\', "/");
        if path.is_dir() {
            overlay(root, &path, site);
        } else if !CASE_FILES.contains(&relative.as_str()) {
            site.write(&relative, std::fs::read(&path).unwrap());
        }
    }
}

fn cases() -> Vec<std::path::PathBuf> {
    let mut cases: Vec<_> =
        std::fs::read_dir(fixture("invalid")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    cases
}

#[test]
fn the_valid_base_site_has_no_problems() {
    let run = SiteTest::copy_of(&fixture("base")).check(&[]);
    assert_eq!((run.stdout.as_str(), run.code), ("0 errori, 0 avvisi\n", 0));
}

#[test]
fn every_bad_input_yields_its_exact_diagnostics() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let run = site_for(case).check(&[]);
        let name = case.file_name().unwrap().to_string_lossy();
        assert!(!run.stdout.contains("0 errori, 0 avvisi"), "{name}: a bad input must yield a diagnostic");
        assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
        let has_errors = !run.stdout.lines().last().unwrap_or("").starts_with("0 errori");
        assert_eq!(run.code, if has_errors { 1 } else { 0 }, "{name}: exit code");
        let expected_path = case.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &run.stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != run.stdout {
            failures.push(format!("── {name}\n-- expected\n{expected}\n-- got\n{}", run.stdout));
        }
    }
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_table_diagnostic_names_its_file_and_row() {
    for case in cases() {
        let run = site_for(&case).check(&["--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        for diagnostic in report["diagnostica"].as_array().unwrap() {
            let file = diagnostic["file"].as_str().unwrap();
            assert!(!file.is_empty(), "{case:?}: {diagnostic}");
            let whole_file =
                ["L001", "L002", "L003", "L004", "L011", "L013", "L014", "L015", "L016", "L018", "L021", "L022"]
                    .contains(&diagnostic["codice"].as_str().unwrap());
            if file.starts_with("data/") && file.ends_with(".csv") && !whole_file {
                assert!(diagnostic["riga"].as_u64().is_some(), "{case:?}: {diagnostic}");
            }
        }
    }
}

/// A header of one 900 KiB column name over a 900 KiB cell (both under the 1 MiB cell limit): the
/// report echoes both shortened, so it stays small (it once grew with the size of the header), and
/// still names the file, row and column.
#[test]
fn a_huge_header_and_cell_give_a_short_report_that_still_points_to_them() {
    let site = SiteTest::copy_of(&fixture("base"));
    let name = "n".repeat(900 << 10);
    let cell = "x".repeat(900 << 10);
    site.write("data/delibere.csv", format!("{name}\n{cell}\n"));
    let strutture = std::fs::read_to_string(site.path().join("data/strutture.csv")).unwrap();
    let header = strutture.lines().next().unwrap();
    let columns = header.matches(',').count() + 1;
    site.write("data/strutture.csv", format!("{header}\n{}{cell}\n", "a,".repeat(columns)));
    let run = site.check(&[]);
    assert!(run.stdout.len() < 10_000, "the report has {} bytes", run.stdout.len());
    let short_name = format!("{}…", "n".repeat(80));
    assert!(run.stdout.contains(&format!("data/delibere.csv, riga 1, colonna A ({short_name})")), "{}", run.stdout);
    assert!(run.stdout.contains("data/strutture.csv, riga 2\n"), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("{}…»", "x".repeat(100))), "{}", run.stdout);
    let json = site.check(&["--format", "json"]);
    assert!(json.stdout.len() < 10_000, "the JSON report has {} bytes", json.stdout.len());
}
