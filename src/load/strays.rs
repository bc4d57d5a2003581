//! The files of `data/` and of each plan folder that are not tables of the format, so that none
//! is left out without a word.
//!
//! A file saved under a near-miss of a table's name (`Fasi.csv`, `fasi (2).csv`, `Copia di
//! fasi.csv`, `fasi.txt`, `fasi.csv.csv`) or as a workbook in a format that is not read (`fasi.xls`,
//! `fasi.xlsm`; `.xlsx` and `.ods` workbooks are read, see [`super::workbook`]) holds that
//! table's data: when the table's own file is missing, the data would be lost, so it is an error
//! ([`Rule::SimilarFileName`]); beside the table's own file it is a copy, ignored with a warning.
//! Any other file is ignored with a warning ([`Rule::IgnoredFile`]).

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::schema::{Scope, TABLES, Table};

use super::table::edit_distance;

/// Reports the files `names` (as [`super::files::SiteFolder::list`] gives them) of the folder
/// `dir`, which holds the tables of `scope`, that are not its tables; `opens` tells whether a
/// name of the folder opens a file (on a file system that ignores case, `fasi.csv` opens
/// `Fasi.csv`, which is then the table's own file). Returns the tables of the folder that are
/// missing and whose data a near-miss holds: its error explains them.
pub fn check_folder(
    dir: &str,
    names: &[String],
    scope: Scope,
    opens: &dyn Fn(&str) -> bool,
    diagnostics: &mut Diagnostics,
) -> Vec<&'static Table> {
    let own = |table: &&Table| table.scope == scope;
    let listed = |file: &str| names.iter().any(|name| name == file);
    let mut explained = Vec::new();
    for name in names {
        let read_as_table = |table: &&Table| {
            table.file == name || (name.eq_ignore_ascii_case(table.file) && !listed(table.file) && opens(table.file))
        };
        if TABLES.iter().filter(own).any(|table| read_as_table(&table)) {
            continue;
        }
        let at = Location::file(format!("{dir}/{name}"));
        let diagnostic = match resemblance(name) {
            Some((table, workbook)) if table.scope == scope && !listed(table.file) => {
                explained.push(table);
                missing_table(at, name, table, workbook)
            }
            Some((table, _)) if table.scope == scope => Diagnostic::new(
                Rule::IgnoredFile,
                at,
                format!(
                    "il file «{name}» sembra una copia della tabella `{}`: una copia non viene letta e viene ignorata, vale solo `{}`",
                    table.file, table.file
                ),
            )
            .hint(format!(
                "eliminare la copia o spostarla fuori da `data/`; se i dati giusti sono nella copia, salvarli in `{}`",
                table.file
            )),
            Some((table, _)) => {
                let (folder, hint) = match table.scope {
                    Scope::Plan => (
                        "nella cartella di ogni piano",
                        "spostarlo nella cartella del piano a cui appartiene, come `data/piao-2025-2027/`",
                    ),
                    Scope::Site => ("direttamente in `data/`", "spostarlo in `data/`: la tabella vale per tutto il sito"),
                };
                let what = if name == table.file {
                    format!("il file «{name}» è la tabella `{}`", table.file)
                } else {
                    format!("il file «{name}» sembra la tabella `{}`", table.file)
                };
                Diagnostic::new(Rule::IgnoredFile, at, format!("{what}, che sta {folder}: qui viene ignorato")).hint(hint)
            }
            None => Diagnostic::new(
                Rule::IgnoredFile,
                at,
                format!("il file «{name}» non è una tabella del formato e viene ignorato"),
            )
            .expected(match scope {
                Scope::Site => format!("in `data/` solo le cartelle dei piani e le tabelle {}", tables(scope)),
                Scope::Plan => format!("nella cartella del piano solo le tabelle {}", tables(scope)),
            })
            .hint("se contiene dati da pubblicare, salvarli in una di queste tabelle; altrimenti spostarlo fuori da `data/`"),
        };
        diagnostics.push(diagnostic);
    }
    explained
}

/// The error for the file `name` at `at`, which holds the data of `table`, whose file is
/// missing; `workbook` when it was saved as a workbook rather than as CSV.
fn missing_table(at: Location, name: &str, table: &Table, workbook: bool) -> Diagnostic {
    let file = table.file;
    let (message, hint) = if workbook {
        (
            format!(
                "il file «{name}» sembra la tabella `{file}` salvata come cartella di lavoro del foglio di calcolo, e `{file}` manca: i suoi dati non vengono letti"
            ),
            format!(
                "aprire «{name}» e salvarlo come cartella di lavoro Excel con il nome `{}.xlsx`, o con «Salva con nome» → «CSV (delimitato dal separatore di elenco)» con il nome `{file}`",
                file.trim_end_matches(".csv")
            ),
        )
    } else {
        (
            format!("il file «{name}» sembra la tabella `{file}`, che manca: i suoi dati non vengono letti"),
            format!(
                "rinominare il file in `{file}`, tutto minuscolo e con la sola estensione `.csv` (se le estensioni non si vedono, il nome da scrivere è `{}`)",
                file.trim_end_matches(".csv")
            ),
        )
    };
    let expected =
        format!("il file `{file}`, o una cartella di lavoro `{}.xlsx` o `.ods`", file.trim_end_matches(".csv"));
    Diagnostic::new(Rule::SimilarFileName, at, message).expected(expected).hint(hint)
}

/// `ente.csv, strutture.csv e delibere.csv`: the files of the tables of `scope`.
fn tables(scope: Scope) -> String {
    let files: Vec<&str> = TABLES.iter().filter(|t| t.scope == scope).map(|t| t.file).collect();
    match files.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} e {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Extensions under which a table may have been saved: as text, or as a workbook (`true`).
const EXTENSIONS: &[(&str, bool)] =
    &[("csv", false), ("txt", false), ("tsv", false), ("xlsx", true), ("xlsm", true), ("xls", true), ("ods", true)];

/// What file managers and spreadsheets add to the name of a copy, once lowercase.
const COPY_PREFIXES: &[&str] = &["copia di ", "copy of "];
const COPY_SUFFIXES: &[&str] = &[" - copia", " - copy", " copia", " copy", "_copia", "-copia"];

/// The table of the format whose file the name `name` is a near-miss of, and whether it is a
/// workbook: the same name but for case, extensions (`.txt`, `.csv.csv`, `.xlsx`), the marks of
/// a copy (`Copia di …`, `… - Copia`, `… (2)`, `… 2`), spaces or `_` for `-`, or one letter.
fn resemblance(name: &str) -> Option<(&'static Table, bool)> {
    let mut stem = name.trim().to_lowercase();
    let mut workbook = false;
    while let Some((before, extension)) = stem.rsplit_once('.')
        && let Some((_, is_workbook)) = EXTENSIONS.iter().find(|(e, _)| *e == extension.trim())
    {
        workbook |= is_workbook;
        stem = before.to_string();
    }
    loop {
        let before = stem.clone();
        for prefix in COPY_PREFIXES {
            stem = stem.strip_prefix(prefix).unwrap_or(&stem).to_string();
        }
        for suffix in COPY_SUFFIXES {
            stem = stem.strip_suffix(suffix).unwrap_or(&stem).to_string();
        }
        stem = strip_copy_number(&stem).trim().to_string();
        if stem == before {
            break;
        }
    }
    let stem = stem.replace([' ', '_'], "-");
    TABLES
        .iter()
        .map(|table| (table, table.file.trim_end_matches(".csv")))
        .filter(|(_, table_stem)| *table_stem == stem || (stem.len() >= 4 && edit_distance(&stem, table_stem) <= 1))
        .min_by_key(|(_, table_stem)| edit_distance(&stem, table_stem))
        .map(|(table, _)| (table, workbook))
}

/// `stem` without the number a copy gets at its end: `fasi (2)`, `fasi(2)`, `fasi 2`.
fn strip_copy_number(stem: &str) -> &str {
    let digits = |text: &str| !text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit());
    if let Some(inner) = stem.strip_suffix(')')
        && let Some((before, number)) = inner.rsplit_once('(')
        && digits(number)
    {
        return before;
    }
    match stem.rsplit_once(' ') {
        Some((before, number)) if digits(number) => before,
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_of(name: &str) -> Option<(&'static str, bool)> {
        resemblance(name).map(|(table, workbook)| (table.file, workbook))
    }

    #[test]
    fn near_misses_of_table_names_are_recognised() {
        for name in [
            "Fasi.csv",
            "FASI.CSV",
            "fasi.CSV",
            "fasi (2).csv",
            "fasi(3).csv",
            "fasi 2.csv",
            "Copia di fasi.csv",
            "fasi - Copia.csv",
            "fasi - Copia (2).csv",
            "fasi.txt",
            "fasi.csv.csv",
            "fase.csv",
            " fasi.csv ",
        ] {
            assert_eq!(file_of(name), Some(("fasi.csv", false)), "{name}");
        }
        assert_eq!(file_of("fasi.xlsx"), Some(("fasi.csv", true)));
        assert_eq!(file_of("Fasi.csv.ods"), Some(("fasi.csv", true)));
        assert_eq!(file_of("Piano assunzioni.csv"), Some(("piano-assunzioni.csv", false)));
        assert_eq!(file_of("obiettivi_strategici.xls"), Some(("obiettivi-strategici.csv", true)));
        assert_eq!(file_of("obiettivo.csv"), Some(("obiettivi.csv", false)));
        for other in ["note.txt", "fasi-2024.csv", "README.md", "logo.png", "fa.csv", "fasi.pdf", "piano.csv.bak"] {
            assert_eq!(file_of(other), None, "{other}");
        }
    }

    #[test]
    fn every_stray_file_is_reported_and_only_a_lonely_near_miss_is_an_error() {
        let names: Vec<String> = [
            "Fasi.csv",
            "fasi (2).csv",
            "indicatori.csv",
            "indicatori.xls",
            "obiettivi.xlsm",
            "note.txt",
            "strutture.csv",
        ]
        .map(String::from)
        .into();
        let mut found = Diagnostics::new();
        let explained =
            check_folder("data/p", &names, Scope::Plan, &|name| names.iter().any(|n| n == name), &mut found);
        let explained: Vec<&str> = explained.iter().map(|t| t.file).collect();
        assert_eq!(explained, ["fasi.csv", "fasi.csv", "obiettivi.csv"]);
        let found: Vec<(&str, &str)> = found.iter().map(|d| (d.location.file.as_str(), d.rule.code())).collect();
        assert_eq!(
            found,
            [
                ("data/p/Fasi.csv", "L021"),
                ("data/p/fasi (2).csv", "L021"),
                ("data/p/indicatori.xls", "L022"),
                ("data/p/obiettivi.xlsm", "L021"),
                ("data/p/note.txt", "L022"),
                ("data/p/strutture.csv", "L022"),
            ]
        );
    }

    #[test]
    fn a_table_named_in_another_case_on_a_file_system_that_ignores_case_is_the_table() {
        let names: Vec<String> = vec!["Fasi.csv".into(), "INDICATORI.csv".into(), "indicatori.csv".into()];
        let mut found = Diagnostics::new();
        let explained =
            check_folder("data/p", &names, Scope::Plan, &|name| name.eq_ignore_ascii_case("fasi.csv"), &mut found);
        assert!(explained.is_empty());
        let found: Vec<(&str, &str)> = found.iter().map(|d| (d.location.file.as_str(), d.rule.code())).collect();
        assert_eq!(found, [("data/p/INDICATORI.csv", "L022")]);
    }

    #[test]
    fn table_lists_read_as_italian() {
        assert_eq!(tables(Scope::Site), "ente.csv, strutture.csv e delibere.csv");
    }
}
