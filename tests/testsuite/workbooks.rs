//! Workbooks as input: the example sites with their tables moved into `.xlsx` and `.ods`
//! workbooks (written with rust_xlsxwriter and spreadsheet-ods, cells typed as a spreadsheet
//! types them) build byte for byte the same site as their CSV form; bad workbooks yield their
//! exact diagnostics.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use trasparenza::load::values::{parse_date, parse_number, parse_percent};
use trasparenza::load::{RawTable, SiteFolder, load_sources};
use trasparenza::schema::Kind;

use crate::harness::{SiteTest, repo_root, tree};

/// A cell as a spreadsheet types what the CSV file holds in a column of `kind`.
enum Typed<'a> {
    Text(&'a str),
    Number(f64),
    Percent(f64),
    Date(chrono::NaiveDate),
}

fn typed(text: &str, kind: Kind) -> Typed<'_> {
    let parsed = match kind {
        Kind::Date => parse_date(text).map(Typed::Date),
        Kind::Percent if text.contains('%') => parse_percent(text).map(|p| Typed::Percent(p / 100.0)),
        Kind::Number | Kind::Integer | Kind::Year | Kind::Percent => parse_number(text).map(Typed::Number),
        _ => None,
    };
    parsed.unwrap_or(Typed::Text(text))
}

/// Every cell of `table` (header at row 0, each record at its row), typed by its column.
fn cells(table: &RawTable) -> Vec<(u32, u16, Typed<'_>)> {
    let mut cells: Vec<(u32, u16, Typed)> =
        table.header.iter().enumerate().map(|(c, name)| (0, c as u16, Typed::Text(name))).collect();
    for row in &table.rows {
        for (c, text) in row.cells.iter().enumerate().filter(|(_, text)| !text.is_empty()) {
            let kind = table.columns[c].map_or(Kind::Text, |column| column.kind);
            cells.push((row.row as u32 - 1, c as u16, typed(text, kind)));
        }
    }
    cells
}

/// The tables of `all` read from the folder `dir`, with their names as sheet names.
fn tables<'a>(all: &'a [(String, std::sync::Arc<RawTable>)], dir: &str) -> Vec<(&'a str, &'a RawTable)> {
    all.iter()
        .filter(|(path, _)| path.rsplit_once('/').map(|(folder, _)| folder) == Some(dir))
        .map(|(_, table)| (table.schema.file.trim_end_matches(".csv"), table.as_ref()))
        .collect()
}

fn xlsx(sheets: &[(&str, &RawTable)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let percent = Format::new().set_num_format("0.00%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, table) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (row, column, cell) in cells(table) {
            match cell {
                Typed::Text(text) => sheet.write_string(row, column, text),
                Typed::Number(value) => sheet.write_number(row, column, value),
                Typed::Percent(value) => sheet.write_number_with_format(row, column, value, &percent),
                Typed::Date(day) => {
                    use chrono::Datelike;
                    let day = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8).unwrap();
                    sheet.write_datetime_with_format(row, column, day, &date)
                }
            }
            .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn ods(sheets: &[(&str, &RawTable)]) -> Vec<u8> {
    use spreadsheet_ods::{Sheet, Value, WorkBook};
    let mut workbook = WorkBook::new_empty();
    for (name, table) in sheets {
        let mut sheet = Sheet::new(*name);
        for (row, column, cell) in cells(table) {
            let value = match cell {
                Typed::Text(text) => Value::Text(text.to_string()),
                Typed::Number(value) => Value::Number(value),
                Typed::Percent(value) => Value::Percentage(value),
                Typed::Date(day) => Value::from(day),
            };
            sheet.set_value(row, column.into(), value);
        }
        workbook.push_sheet(sheet);
    }
    spreadsheet_ods::write_ods_buf(&mut workbook, Vec::new()).unwrap()
}

/// How a site's tables are laid out in workbooks.
#[derive(Clone, Copy)]
enum Layout {
    /// One `.xlsx` workbook per folder, a sheet per table.
    XlsxPerFolder,
    /// One `.ods` workbook per folder, a sheet per table.
    OdsPerFolder,
    /// A workbook per table, `.xlsx` and `.ods` in turn, every third table left as CSV.
    Mixed,
}

/// A copy of the site `source` whose tables are in workbooks laid out as `layout`.
fn as_workbooks(source: &Path, layout: Layout) -> SiteTest {
    let site = SiteTest::copy_of(source);
    let folder = SiteFolder::open(site.path()).unwrap();
    let (sources, found) = load_sources(&folder, "predefinito");
    assert!(!found.has_errors());
    let mut all: Vec<(String, std::sync::Arc<RawTable>)> =
        sources.site.values().map(|t| (t.path.clone(), t.clone())).collect();
    for plan in &sources.plans {
        all.extend(plan.tables.values().map(|t| (t.path.clone(), t.clone())));
    }
    all.retain(|(path, _)| site.path().join(path).exists());
    let mut dirs: Vec<String> = all.iter().map(|(path, _)| path.rsplit_once('/').unwrap().0.to_string()).collect();
    dirs.sort();
    dirs.dedup();
    let mut turn = 0;
    for dir in dirs {
        let sheets = tables(&all, &dir);
        match layout {
            Layout::XlsxPerFolder => site.write(&format!("{dir}/dati.xlsx"), xlsx(&sheets)),
            Layout::OdsPerFolder => site.write(&format!("{dir}/dati.ods"), ods(&sheets)),
            Layout::Mixed => {
                for sheet in &sheets {
                    turn += 1;
                    match turn % 3 {
                        0 => continue,
                        1 => site.write(&format!("{dir}/{}.xlsx", sheet.0), xlsx(&[("Foglio1", sheet.1)])),
                        _ => site.write(&format!("{dir}/{}.ods", sheet.0), ods(&[(sheet.0, sheet.1)])),
                    }
                    site.remove(&sheet.1.path);
                }
                continue;
            }
        }
        for (_, table) in sheets {
            site.remove(&table.path);
        }
    }
    site
}

/// Builds the site `source` as CSV and as workbooks laid out as `layout`, and compares.
fn same_site(source: &Path, layout: Layout) {
    let csv = SiteTest::copy_of(source);
    let built = csv.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let workbooks = as_workbooks(source, layout);
    let listed: Vec<String> = tree(&workbooks.path().join("data")).into_keys().collect();
    assert!(listed.iter().any(|p| p.ends_with(".xlsx") || p.ends_with(".ods")), "{listed:?}");
    let built = workbooks.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let (expected, found) = (tree(&csv.path().join("public")), tree(&workbooks.path().join("public")));
    assert_eq!(expected.keys().collect::<Vec<_>>(), found.keys().collect::<Vec<_>>());
    let differ: Vec<&String> =
        expected.iter().filter(|(path, bytes)| found[*path] != **bytes).map(|(p, _)| p).collect();
    let shown = differ.first().map(|p| {
        (String::from_utf8_lossy(&expected[*p]).into_owned(), String::from_utf8_lossy(&found[*p]).into_owned())
    });
    assert!(differ.is_empty(), "{} files differ: {differ:?}\n{shown:?}", differ.len());
    // The same problems, at the same rows (of sheets rather than files).
    let summary = |site: &SiteTest| site.check(&[]).stdout.lines().last().map(str::to_string);
    assert_eq!(summary(&workbooks), summary(&csv));
}

#[test]
fn the_main_example_in_one_xlsx_workbook_per_folder_builds_the_same_site() {
    same_site(&repo_root(), Layout::XlsxPerFolder);
}

#[test]
fn the_cissac_example_in_one_xlsx_workbook_per_folder_builds_the_same_site() {
    same_site(&repo_root().join("examples/cissac"), Layout::XlsxPerFolder);
}

/// The tables of the concass example in one `.ods` workbook per folder. (The cissac example's
/// reports hold cells with blank lines, which spreadsheet-ods writes as `<text:p></text:p>` and
/// reads back without them; LibreOffice writes them as `<text:p/>`, which is read.)
#[test]
fn the_concass_example_in_one_ods_workbook_per_folder_builds_the_same_site() {
    same_site(&repo_root().join("examples/concass"), Layout::OdsPerFolder);
}

#[test]
fn the_concass_example_in_workbooks_and_csv_mixed_builds_the_same_site() {
    same_site(&repo_root().join("examples/concass"), Layout::Mixed);
}

/// Bad workbooks laid over the valid base site: each problem is reported where it is, by sheet,
/// row and column, and nothing panics.
#[test]
fn bad_workbooks_yield_their_exact_diagnostics() {
    let site = SiteTest::copy_of(&crate::harness::fixture("base"));
    let mut workbook = Workbook::new();
    workbook.add_worksheet().set_name("Appunti").unwrap().write_string(0, 0, "da fare").unwrap();
    // `fasi`, a hidden sheet: a formula error in row 2, a date typed as text in row 3.
    let fasi = workbook.add_worksheet();
    fasi.set_name("Fasi").unwrap().set_hidden(true);
    for (column, name) in ["obiettivo", "codice", "descrizione", "scadenza"].iter().enumerate() {
        fasi.write_string(0, column as u16, *name).unwrap();
    }
    fasi.write_string(1, 0, "1").unwrap().write_string(1, 1, "1.1").unwrap();
    fasi.write_formula(1, 2, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    fasi.write_string(2, 0, "1").unwrap().write_string(2, 1, "1.2").unwrap().write_string(2, 2, "x").unwrap();
    fasi.write_string(2, 3, "30 giugno 2025").unwrap();
    // `indicatori`, with a merged header; `rilevazioni`, empty; `Appunti` (above), no table.
    let indicatori = workbook.add_worksheet();
    indicatori.set_name("indicatori").unwrap();
    indicatori.merge_range(0, 0, 0, 1, "obiettivo", &Format::new()).unwrap();
    workbook.add_worksheet().set_name("rilevazioni").unwrap();
    for table in ["fasi", "indicatori", "rilevazioni"] {
        site.remove(&format!("data/piao-2025-2027/{table}.csv"));
    }
    site.write("data/piao-2025-2027/dati.xlsx", workbook.save_to_buffer().unwrap());
    let run = site.check(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    for needle in [
        "avviso[L029 foglio-nascosto]: il foglio «Fasi» è nascosto, ma contiene la tabella `fasi.csv`: i suoi dati vengono pubblicati\n  --> data/piao-2025-2027/dati.xlsx, foglio «Fasi»\n",
        "errore[L027 formula-senza-valore]: la formula della cella dà l'errore #DIV/0!: la riga non viene letta\n  --> data/piao-2025-2027/dati.xlsx, foglio «Fasi», riga 2, colonna C (descrizione)\n   | valore trovato: «1/0»\n",
        "errore[V002 data-non-valida]: «30 giugno 2025» non è una data valida",
        "  --> data/piao-2025-2027/dati.xlsx, foglio «Fasi», riga 3, colonna D (scadenza)\n",
        "errore[L028 celle-unite]: le celle A1:B1 sono unite: il valore sta solo nella prima, le altre risultano vuote\n  --> data/piao-2025-2027/dati.xlsx, foglio «indicatori», riga 1\n",
        "errore[L004 file-vuoto]: il foglio «rilevazioni» è vuoto\n  --> data/piao-2025-2027/dati.xlsx, foglio «rilevazioni»\n",
        "avviso[L030 foglio-ignorato]: il foglio «Appunti» non ha il nome di una tabella del formato e viene ignorato\n  --> data/piao-2025-2027/dati.xlsx, foglio «Appunti»\n",
    ] {
        assert!(run.stdout.contains(needle), "«{needle}» missing from:\n{}", run.stdout);
    }
    let json: serde_json::Value = serde_json::from_str(&site.check(&["--format", "json"]).stdout).unwrap();
    let merged = json["diagnostica"].as_array().unwrap().iter().find(|d| d["codice"] == "L028").unwrap();
    assert_eq!((merged["foglio"].as_str(), merged["riga"].as_u64()), (Some("indicatori"), Some(1)));

    // The same table in a CSV file and in a sheet; a workbook that is not one; a workbook over
    // the size limit.
    site.write("data/piao-2025-2027/fasi.csv", "obiettivo,codice,descrizione\n1,1.1,x\n");
    site.write("data/piao-2025-2027/rotto.xlsx", b"PK\x03\x04 non un archivio");
    let mut big = Workbook::new().save_to_buffer().unwrap();
    big.resize(50 << 20, 0);
    site.write("data/grande.xlsx", big);
    let run = site.check(&[]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    for needle in [
        "errore[L025 tabella-doppia]: la tabella `fasi.csv` è già letta da `data/piao-2025-2027/fasi.csv`: il foglio «Fasi» di `data/piao-2025-2027/dati.xlsx` non viene letto\n",
        "errore[L026 cartella-di-lavoro-illeggibile]: la cartella di lavoro non si può aprire: è danneggiata, o non è un file .xlsx o .ods\n  --> data/piao-2025-2027/rotto.xlsx\n",
        "errore[L016 file-troppo-grande]: il file è troppo grande: almeno 50 MiB su un massimo di 32 MiB\n  --> data/grande.xlsx\n",
    ] {
        assert!(run.stdout.contains(needle), "«{needle}» missing from:\n{}", run.stdout);
    }
}
