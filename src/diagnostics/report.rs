//! How diagnostics are shown: compiler-style text for people, JSON for machines.
//!
//! The terminal report ([`to_text`]) and `check` ([`to_text`], [`to_json`]) show every value as it
//! is in the file, personal data included: they run on the staff's own machine, and the value is
//! what finds the cell. The report the preview puts over pages in the browser
//! ([`to_text_for_browser`]) leaves out the values of diagnostics marked as personal
//! ([`Diagnostic::personal`]): a page on screen is easily shown, shared or photographed, and the
//! preview can be reached by other computers when started with `--bind`.

use std::fmt::Write;

use serde::Serialize;

use super::{Diagnostic, Diagnostics, Severity};

/// Whether a report shows the values of personal-data columns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    /// Every value as found.
    All,
    /// Personal values replaced by a note.
    WithoutPersonal,
}

/// What the browser report shows in place of a personal value.
pub const OMITTED: &str = "(valore omesso: dati personali)";

/// The compiler-style report: diagnostics grouped by file, then the summary line.
pub fn to_text(diagnostics: &Diagnostics) -> String {
    text_report(diagnostics, Values::All)
}

/// The report for the preview in the browser: like [`to_text`], without the values of personal
/// data (see the module's documentation).
pub fn to_text_for_browser(diagnostics: &Diagnostics) -> String {
    text_report(diagnostics, Values::WithoutPersonal)
}

fn text_report(diagnostics: &Diagnostics, values: Values) -> String {
    let mut out = String::new();
    let mut current_file: Option<&str> = None;
    for diagnostic in diagnostics.sorted() {
        let file = diagnostic.location.file.as_str();
        if current_file != Some(file) {
            if current_file.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "══ {} ══", if file.is_empty() { "(sito)" } else { file });
            current_file = Some(file);
        }
        write_one(&mut out, diagnostic, values);
    }
    if !diagnostics.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(diagnostics));
    out.push('\n');
    out
}

fn write_one(out: &mut String, d: &Diagnostic, values: Values) {
    let label = match d.severity {
        Severity::Errore => "errore",
        Severity::Avviso => "avviso",
    };
    let _ = writeln!(out, "{label}[{} {}]: {}", d.rule.code(), d.rule.name(), d.message);
    let _ = writeln!(out, "  --> {}", where_text(d));
    if let Some(value) = &d.value {
        if d.personal && values == Values::WithoutPersonal {
            let _ = writeln!(out, "   | valore trovato: {OMITTED}");
        } else {
            let _ = writeln!(out, "   | valore trovato: {}", quote(value));
        }
    }
    if let Some(expected) = &d.expected {
        let _ = writeln!(out, "   = atteso: {expected}");
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = suggerimento: {hint}");
    }
}

/// `file, riga 3, colonna C (peso_obiettivo)`.
fn where_text(d: &Diagnostic) -> String {
    let location = &d.location;
    let mut text = if location.file.is_empty() { "(sito)".to_string() } else { location.file.clone() };
    if let Some(row) = location.row {
        let _ = write!(text, ", riga {row}");
    }
    match (&location.column, location.column_letter()) {
        (Some(name), Some(letter)) => {
            let _ = write!(text, ", colonna {letter} ({name})");
        }
        (Some(name), None) => {
            let _ = write!(text, ", colonna {name}");
        }
        _ => {}
    }
    text
}

/// A value between quotes (already shortened and on one line: see [`Diagnostic::bounded`]).
fn quote(value: &str) -> String {
    if value.is_empty() { "(cella vuota)".to_string() } else { format!("«{value}»") }
}

/// `2 errori, 1 avviso`.
pub fn summary(diagnostics: &Diagnostics) -> String {
    let (errors, warnings) = (diagnostics.errors(), diagnostics.warnings());
    let errors = if errors == 1 { "1 errore".to_string() } else { format!("{errors} errori") };
    let warnings = if warnings == 1 { "1 avviso".to_string() } else { format!("{warnings} avvisi") };
    format!("{errors}, {warnings}")
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errori: usize,
    avvisi: usize,
    diagnostica: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    gravita: &'a Severity,
    codice: &'static str,
    regola: &'static str,
    file: &'a str,
    riga: Option<u64>,
    colonna: Option<&'a str>,
    valore: Option<&'a str>,
    messaggio: &'a str,
    atteso: Option<&'a str>,
    suggerimento: Option<&'a str>,
}

/// The report as pretty-printed JSON, sorted like the text report.
pub fn to_json(diagnostics: &Diagnostics) -> String {
    let report = JsonReport {
        errori: diagnostics.errors(),
        avvisi: diagnostics.warnings(),
        diagnostica: diagnostics
            .sorted()
            .into_iter()
            .map(|d| JsonDiagnostic {
                gravita: &d.severity,
                codice: d.rule.code(),
                regola: d.rule.name(),
                file: &d.location.file,
                riga: d.location.row,
                colonna: d.location.column.as_deref(),
                valore: d.value.as_deref(),
                messaggio: &d.message,
                atteso: d.expected.as_deref(),
                suggerimento: d.hint.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Location, Rule};

    fn sample() -> Diagnostics {
        let mut all = Diagnostics::new();
        let location = Location {
            file: "data/p/fasi.csv".into(),
            row: Some(4),
            column: Some("codice".into()),
            column_index: Some(2),
        };
        all.push(
            Diagnostic::new(Rule::StepCodePrefix, location, "la fase non comincia con `8.`")
                .value("7.1")
                .expected("un codice che comincia con `8.`")
                .hint("rinumerare la fase"),
        );
        all
    }

    #[test]
    fn text_report_names_file_row_column_rule_and_value() {
        let text = to_text(&sample());
        assert_eq!(
            text,
            "══ data/p/fasi.csv ══\n\
             avviso[R003 codice-fase-incoerente]: la fase non comincia con `8.`\n  \
             --> data/p/fasi.csv, riga 4, colonna B (codice)\n   \
             | valore trovato: «7.1»\n   \
             = atteso: un codice che comincia con `8.`\n   \
             = suggerimento: rinumerare la fase\n\n\
             0 errori, 1 avviso\n"
        );
    }

    #[test]
    fn json_report_is_machine_readable() {
        let json: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
        assert_eq!(json["avvisi"], 1);
        assert_eq!(json["diagnostica"][0]["codice"], "R003");
        assert_eq!(json["diagnostica"][0]["riga"], 4);
        assert_eq!(json["diagnostica"][0]["gravita"], "avviso");
    }

    #[test]
    fn long_and_multiline_values_stay_on_one_line() {
        let mut all = Diagnostics::new();
        let location = Location { file: "data/delibere.csv".into(), row: Some(2), ..Location::default() };
        all.push(Diagnostic::new(Rule::CellCount, location.clone(), "a").value("a\r\nb"));
        all.push(Diagnostic::new(Rule::CellCount, location.clone(), "b").value("x".repeat(5000)));
        all.push(Diagnostic::new(Rule::CellCount, location, "c").value(""));
        let text = to_text(&all);
        assert!(text.contains("valore trovato: «a⏎b»\n"), "{text}");
        assert!(text.contains(&format!("valore trovato: «{}…»\n", "x".repeat(200))), "{text}");
        assert!(text.contains("valore trovato: (cella vuota)\n"), "{text}");
    }

    #[test]
    fn the_browser_report_omits_personal_values_and_the_terminal_keeps_them() {
        let mut all = sample();
        let location = Location { file: "data/p/obiettivi.csv".into(), row: Some(3), ..Location::default() };
        all.push(
            Diagnostic::new(Rule::PersonalData, location, "la colonna contiene dati personali")
                .value("Mario Rossi")
                .personal(true),
        );
        let browser = to_text_for_browser(&all);
        assert!(!browser.contains("Mario Rossi"), "{browser}");
        assert!(browser.contains(&format!("valore trovato: {OMITTED}")), "{browser}");
        assert!(browser.contains("valore trovato: «7.1»"), "other values stay: {browser}");
        assert!(to_text(&all).contains("valore trovato: «Mario Rossi»"));
    }
}
