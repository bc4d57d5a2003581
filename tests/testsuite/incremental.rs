//! The preview's incremental rebuilds give, after any sequence of edits, the same site byte for
//! byte as a clean `build` of the final input, and the page of an edited objective written before
//! a rebuild is the one a clean build writes; an invalid edit leaves the last good site.

use std::collections::BTreeMap;
use std::path::Path;

use indicatif::ProgressBar;
use proptest::prelude::*;
use trasparenza::model::Scope;
use trasparenza::output::{Output, WhenBusy};
use trasparenza::schema::TableId;
use trasparenza::serve::{Preview, Rebuilt};
use trasparenza::{BuildFailure, Built};

use crate::harness::{SiteTest, copy_recursive, fixture, repo_root, tree};

const BASE: &str = "http://127.0.0.1:1111/";

/// The output folder `output` of the site in `site`, claimed.
fn claim(site: &Path, output: &Path) -> Output {
    Output::claim(site, output, WhenBusy::Stop).unwrap()
}

/// A clean build of the site in `site` into `output`.
fn build(site: &Path, output: &Path, base: Option<&str>, bar: ProgressBar) -> Result<Built, BuildFailure> {
    trasparenza::build(site, &claim(site, output), base, bar)
}
const PLAN: &str = "data/piao-2025-2027";

/// The tables edits touch: the three that feed objective pages, two site-wide ones, then the
/// monitoring.
const TABLES: [&str; 6] = [
    "data/piao-2025-2027/obiettivi.csv",
    "data/piao-2025-2027/fasi.csv",
    "data/piao-2025-2027/indicatori.csv",
    "data/strutture.csv",
    "data/delibere.csv",
    MEASUREMENTS,
];

const MEASUREMENTS: &str = "data/piao-2025-2027/rilevazioni.csv";

/// Statuses a measurement gives a step.
const STATUSES: [&str; 4] = ["completata", "in corso", "in ritardo", "non avviata"];

/// Cell values: plain and Markdown text, empty, dates good and bad, a formula, percentages.
const VALUES: [&str; 9] = [
    "Testo cambiato",
    "Altro testo **in grassetto** con <em>HTML</em>",
    "",
    "31/12/2026",
    "non è una data",
    "=SOMMA(A1)",
    "5,00%",
    "1",
    "Terzo testo",
];

#[derive(Debug, Clone)]
enum Edit {
    /// Sets one cell of a table.
    Cell { table: usize, row: usize, column: usize, value: usize },
    /// Sets the description or KPI of a step, or the title of an objective, to a valid text.
    Text { table: usize, row: usize, value: usize },
    /// Deletes a row.
    RemoveRow { table: usize, row: usize },
    /// Puts a table back as it was.
    Restore { table: usize },
    /// Writes or rewrites a page of the plan's content.
    Content { value: usize },
    /// Deletes that page.
    RemoveContent,
    /// Changes the site's title.
    Title { value: usize },
    /// Adds or removes a static file.
    Static { present: bool },
    /// Adds or removes the site's own version of a template.
    Template { present: bool },
    /// Adds a measurement of a step: its status at a date of 2025.
    Measure { step: usize, status: usize, day: u32 },
    /// Adds a validated result of an objective for a year of the plan (a second one for the
    /// same objective and year is an error, R044, until the table is removed).
    Result { objective: usize, year: i32, points: u32 },
    /// Removes the results table.
    RemoveResults,
}

const RESULTS: &str = "data/piao-2025-2027/risultati.csv";

fn edit() -> impl Strategy<Value = Edit> {
    let index = || 0..1000usize;
    prop_oneof![
        4 => (0..3usize, index(), 0..VALUES.len()).prop_map(|(table, row, value)| Edit::Text { table, row, value }),
        2 => (0..TABLES.len(), index(), index(), 0..VALUES.len())
            .prop_map(|(table, row, column, value)| Edit::Cell { table, row, column, value }),
        1 => (0..TABLES.len(), index()).prop_map(|(table, row)| Edit::RemoveRow { table, row }),
        2 => (0..TABLES.len()).prop_map(|table| Edit::Restore { table }),
        1 => (0..VALUES.len()).prop_map(|value| Edit::Content { value }),
        1 => Just(Edit::RemoveContent),
        1 => (0..VALUES.len()).prop_map(|value| Edit::Title { value }),
        1 => any::<bool>().prop_map(|present| Edit::Static { present }),
        1 => any::<bool>().prop_map(|present| Edit::Template { present }),
        3 => (index(), 0..STATUSES.len(), 0..365u32).prop_map(|(step, status, day)| Edit::Measure { step, status, day }),
        2 => (index(), 2025..2028i32, 0..=100u32).prop_map(|(objective, year, points)| Edit::Result { objective, year, points }),
        1 => Just(Edit::RemoveResults),
    ]
}

/// The rows of a `;`-separated table, header first.
fn read_table(site: &SiteTest, table: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_path(site.path().join(table))
        .unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

fn write_table(site: &SiteTest, table: &str, rows: &[Vec<String>]) {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    site.write(table, writer.into_inner().unwrap());
}

/// Applies `edit` to the site and says which files it touched.
fn apply(site: &SiteTest, edit: &Edit) -> Vec<String> {
    let content = "content/piani/piao-2025-2027/99-nota.md";
    match *edit {
        Edit::Cell { table, row, column, value } => {
            let mut rows = read_table(site, TABLES[table]);
            if rows.len() > 1 {
                let row = 1 + row % (rows.len() - 1);
                let column = column % rows[row].len();
                rows[row][column] = VALUES[value].to_string();
                write_table(site, TABLES[table], &rows);
            }
            vec![TABLES[table].to_string()]
        }
        Edit::Text { table, row, value } => {
            let mut rows = read_table(site, TABLES[table]);
            let column = ["titolo", "descrizione", "descrizione"][table];
            let value = VALUES[value % 2];
            if let Some(column) = rows[0].iter().position(|name| name == column)
                && rows.len() > 1
            {
                let row = 1 + row % (rows.len() - 1);
                rows[row][column] = format!("{value} {row}");
                write_table(site, TABLES[table], &rows);
            }
            vec![TABLES[table].to_string()]
        }
        Edit::RemoveRow { table, row } => {
            let mut rows = read_table(site, TABLES[table]);
            if rows.len() > 1 {
                rows.remove(1 + row % (rows.len() - 1));
                write_table(site, TABLES[table], &rows);
            }
            vec![TABLES[table].to_string()]
        }
        Edit::Restore { table } => {
            site.write(TABLES[table], std::fs::read(repo_root().join(TABLES[table])).unwrap());
            vec![TABLES[table].to_string()]
        }
        Edit::Content { value } => {
            site.write(content, format!("+++\ntitle = \"Nota\"\n+++\n\n{}\n", VALUES[value]));
            vec![content.to_string()]
        }
        Edit::RemoveContent => {
            if site.path().join(content).exists() {
                site.remove(content);
            }
            vec![content.to_string()]
        }
        Edit::Title { value } => {
            let config = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
            let title = VALUES[value].replace('"', "");
            let config: String = config
                .lines()
                .map(|line| {
                    if line.starts_with("titolo") {
                        format!("titolo = \"{title} CISA\"\n")
                    } else {
                        format!("{line}\n")
                    }
                })
                .collect();
            site.write("config.toml", config);
            vec!["config.toml".to_string()]
        }
        Edit::Static { present } => {
            if present {
                site.write("static/documenti/nota.txt", "nota");
            } else if site.path().join("static").exists() {
                site.remove("static");
            }
            vec!["static/documenti/nota.txt".to_string()]
        }
        Edit::Template { present } => {
            let template = "templates/section.html";
            if present {
                let theme =
                    std::fs::read_to_string(repo_root().join("themes/trasparenza/templates/section.html")).unwrap();
                site.write(
                    template,
                    theme.replace("{% block content %}", "{% block content %}<p>Sezione del sito</p>"),
                );
            } else if site.path().join(template).exists() {
                site.remove(template);
            }
            vec![template.to_string()]
        }
        Edit::Measure { step, status, day } => {
            let steps = read_table(site, TABLES[1]);
            let mut rows = read_table(site, MEASUREMENTS);
            if steps.len() > 1 {
                let step = &steps[1 + step % (steps.len() - 1)];
                let date = chrono::NaiveDate::from_yo_opt(2025, 1 + day).unwrap().format("%d/%m/%Y").to_string();
                let mut row = vec![step[0].clone(), step[1].clone(), String::new(), date, STATUSES[status].into()];
                row.resize(rows[0].len(), String::new());
                rows.push(row);
                write_table(site, MEASUREMENTS, &rows);
            }
            vec![MEASUREMENTS.to_string()]
        }
        Edit::Result { objective, year, points } => {
            let objectives = read_table(site, TABLES[0]);
            let mut rows = if site.path().join(RESULTS).exists() {
                read_table(site, RESULTS)
            } else {
                vec!["anno;obiettivo;raggiungimento;nota".split(';').map(String::from).collect()]
            };
            if objectives.len() > 1 {
                let code = objectives[1 + objective % (objectives.len() - 1)][0].clone();
                rows.push(vec![year.to_string(), code, format!("{points}%"), String::new()]);
                write_table(site, RESULTS, &rows);
            }
            vec![RESULTS.to_string()]
        }
        Edit::RemoveResults => {
            if site.path().join(RESULTS).exists() {
                site.remove(RESULTS);
            }
            vec![RESULTS.to_string()]
        }
    }
}

fn assert_same_site(preview: &BTreeMap<String, Vec<u8>>, clean: &BTreeMap<String, Vec<u8>>, after: &[Edit]) {
    let differing: Vec<&String> =
        preview.keys().chain(clean.keys()).filter(|path| preview.get(*path) != clean.get(*path)).collect();
    assert!(differing.is_empty(), "after {after:?} the preview differs from a clean build in {differing:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_edits_gives_the_site_a_clean_build_gives(edits in prop::collection::vec(edit(), 1..7)) {
        let site = SiteTest::copy_of(&repo_root());
        let folders = tempfile::tempdir().unwrap();
        let (output, clean) = (folders.path().join("anteprima"), folders.path().join("pulito"));
        let mut preview = Preview::new(site.path(), claim(site.path(), &output), BASE);
        preview.rebuild(None).unwrap();
        let mut last_good = tree(&output);
        for (done, edit) in edits.iter().enumerate() {
            let changed = apply(&site, edit);
            // The page of an objective whose rows were edited in place, written before the rebuild.
            let early = preview.show_edited_first(&changed).map(|address| {
                let path = format!("{address}index.html");
                let page = std::fs::read(output.join(&path)).unwrap();
                (path, page)
            });
            let rebuilt = preview.rebuild(Some(&changed));
            let built = build(site.path(), &clean, Some(BASE), ProgressBar::hidden());
            match (rebuilt, built) {
                (Ok(_), Ok(_)) => {
                    last_good = tree(&output);
                    assert_same_site(&last_good, &tree(&clean), &edits[..=done]);
                    if let Some((path, page)) = early {
                        let clean = tree(&clean);
                        prop_assert_eq!(Some(&page), clean.get(&path), "the early {} after {:?}", path, &edits[..=done]);
                    }
                }
                (Err(BuildFailure::Invalid(_)), Err(BuildFailure::Invalid(_))) => {
                    assert_same_site(&tree(&output), &last_good, &edits[..=done]);
                }
                (rebuilt, built) => panic!("preview {rebuilt:?} and build {built:?} disagree after {:?}", &edits[..=done]),
            }
        }
    }
}

/// Builds `site` in a preview, changes the description of its first step (of objective 1), and
/// rebuilds; returns the second rebuild and the output folder.
fn edit_first_step(site: &SiteTest) -> (Rebuilt, tempfile::TempDir) {
    let folders = tempfile::tempdir().unwrap();
    let mut preview = Preview::new(site.path(), claim(site.path(), &folders.path().join("anteprima")), BASE);
    let first = preview.rebuild(None).unwrap();
    assert_eq!(first.scope, Scope::Everything);
    let mut rows = read_table(site, &format!("{PLAN}/fasi.csv"));
    let description = rows[0].iter().position(|c| c == "descrizione").unwrap();
    assert_eq!(rows[1][0], "1", "the first step belongs to objective 1");
    rows[1][description] = "Monitoraggio rivisto".into();
    write_table(site, &format!("{PLAN}/fasi.csv"), &rows);
    (preview.rebuild(Some(&[format!("{PLAN}/fasi.csv")])).unwrap(), folders)
}

fn only_objective_one_and_steps() -> Scope {
    Scope::Objectives {
        plan: "piao-2025-2027".into(),
        codes: ["1".to_string()].into(),
        tables: [TableId::Steps].into(),
    }
}

#[test]
fn a_step_edit_regenerates_only_its_objective_and_what_lists_it() {
    let site = SiteTest::copy_of(&repo_root());
    let (rebuilt, folders) = edit_first_step(&site);
    let output = folders.path().join("anteprima");
    assert_eq!(rebuilt.scope, only_objective_one_and_steps());
    let changed: Vec<&str> = rebuilt.changed.iter().map(|p| p.as_str()).collect();
    let plan = "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027";
    for expected in [
        format!("{plan}/obiettivi/1/index.html"),
        "dati/piao-2025-2027/fasi.csv".to_string(),
        "dati/piao-2025-2027/fasi.json".to_string(),
        "dati/piao-2025-2027/obiettivi/1.json".to_string(),
    ] {
        assert!(changed.contains(&expected.as_str()), "{expected} not rewritten: {changed:?}");
    }
    assert!(changed.iter().any(|p| p.starts_with(&format!("{plan}/scadenze/"))), "the deadlines index lists the step");
    assert!(!changed.contains(&format!("{plan}/obiettivi/2/index.html").as_str()), "{changed:?}");
    let page = std::fs::read_to_string(output.join(format!("{plan}/obiettivi/1/index.html"))).unwrap();
    assert!(page.contains("Monitoraggio rivisto"));
}

#[test]
fn optional_tables_left_out_do_not_stop_incremental_rebuilds() {
    let site = SiteTest::copy_of(&repo_root());
    for optional in ["rilevazioni.csv", "piano-assunzioni.csv"] {
        site.remove(&format!("{PLAN}/{optional}"));
    }
    let (rebuilt, _folders) = edit_first_step(&site);
    assert_eq!(rebuilt.scope, only_objective_one_and_steps());
}

/// Every example site, with and without a base address (which decides the sitemap, the feed and
/// the catalogue): the total the progress bar is given is exactly the number of files the build
/// writes, and it is given before the first file is written, since the count starts again from
/// zero when it is.
#[test]
fn the_progress_bar_knows_from_the_start_how_many_files_a_build_writes() {
    let monitored = SiteTest::copy_of(&repo_root());
    copy_recursive(&fixture("monitoring").join("data"), &monitored.path().join("data"));
    let sites = [
        repo_root(),
        repo_root().join("examples/concass"),
        repo_root().join("examples/cissac"),
        fixture("base"),
        fixture("three-plans"),
        monitored.path().to_path_buf(),
    ];
    for site in &sites {
        for base in [None, Some(BASE)] {
            let folders = tempfile::tempdir().unwrap();
            let public = folders.path().join("public");
            let bar = ProgressBar::hidden();
            let built = build(site, &public, base, bar.clone()).unwrap();
            let written = tree(&public).keys().filter(|path| !path.starts_with('.')).count();
            assert!(written > 50, "{site:?} {base:?}: {written} files");
            assert_eq!(built.files, written, "{site:?} {base:?}");
            assert_eq!(bar.length(), Some(written as u64), "{site:?} {base:?}: the total is the files written");
            assert_eq!(bar.position(), written as u64, "{site:?} {base:?}: every file counted after the total");
        }
    }
}

/// A copy of the root site previewed once: the site, the folder holding the preview's output and a
/// clean build's, those two paths, and the preview.
fn previewed_root() -> (SiteTest, tempfile::TempDir, std::path::PathBuf, std::path::PathBuf, Preview) {
    let site = SiteTest::copy_of(&repo_root());
    let folders = tempfile::tempdir().unwrap();
    let (output, clean) = (folders.path().join("anteprima"), folders.path().join("pulito"));
    let mut preview = Preview::new(site.path(), claim(site.path(), &output), BASE);
    preview.rebuild(None).unwrap();
    (site, folders, output, clean, preview)
}

#[test]
fn what_changed_while_the_data_was_invalid_is_rebuilt_once_it_is_fixed() {
    let (site, _folders, output, clean, mut preview) = previewed_root();
    let steps = format!("{PLAN}/fasi.csv");
    let mut rows = read_table(&site, &steps);
    let deadline = rows[0].iter().position(|c| c == "scadenza").unwrap();
    rows[1][deadline] = "non è una data".into();
    write_table(&site, &steps, &rows);
    let edits = [Edit::Title { value: 0 }, Edit::Template { present: true }, Edit::Static { present: true }];
    assert!(matches!(preview.rebuild(Some(std::slice::from_ref(&steps))), Err(BuildFailure::Invalid(_))));
    for edit in &edits {
        let changed = apply(&site, edit);
        assert!(matches!(preview.rebuild(Some(&changed)), Err(BuildFailure::Invalid(_))), "{edit:?}");
    }
    apply(&site, &Edit::Restore { table: 1 });
    preview.rebuild(Some(&[steps])).unwrap();
    build(site.path(), &clean, Some(BASE), ProgressBar::hidden()).unwrap();
    assert_same_site(&tree(&output), &tree(&clean), &edits);
}

/// A step added to an objective, then removed, shows each time that objective's page before the
/// rebuild, as a clean build of the same input writes it.
#[test]
fn a_step_added_or_removed_shows_its_objective_page_first_as_a_clean_build_writes_it() {
    let (site, _folders, output, clean, mut preview) = previewed_root();
    let steps = format!("{PLAN}/fasi.csv");
    let original = std::fs::read_to_string(site.path().join(&steps)).unwrap();
    let added =
        original.replacen("\n2;2.1;", "\n1;1.50;Verifica finale del PIPPI;31/12/25;relazione;0,00%;0,00%\n2;2.1;", 1);
    assert_ne!(added, original);
    for text in [added, original] {
        site.write(&steps, &text);
        let address = preview.show_edited_first(std::slice::from_ref(&steps)).expect("the page first");
        assert!(address.ends_with("/obiettivi/1/"), "{address}");
        let early = std::fs::read(output.join(format!("{address}index.html"))).unwrap();
        preview.rebuild(Some(std::slice::from_ref(&steps))).unwrap();
        build(site.path(), &clean, Some(BASE), ProgressBar::hidden()).unwrap();
        assert_eq!(tree(&clean).get(&format!("{address}index.html")), Some(&early));
        assert_same_site(&tree(&output), &tree(&clean), &[]);
    }
}
