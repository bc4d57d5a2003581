//! How diagnostics are shown: compiler-style text for people, JSON for machines.
//!
//! The terminal report ([`to_text`]) and `check` ([`to_text`], [`to_json`]) show every value as it
//! is in the file, personal data included: they run on the staff's own machine, and the value is
//! what finds the cell. The report the preview puts over pages in the browser
//! ([`to_text_for_browser`]) leaves out the values of diagnostics marked as personal
//! ([`Diagnostic::personal`]): a page on screen is easily shown, shared or photographed, and the
//! preview can be reached by other computers when started with `--bind`.
//!
//! A mistake made on a whole column (the same kind of bad date in 10,000 rows of `scadenza`) would
//! bury every other problem in a text report. So the text reports group the problems of one rule
//! in one column of one file when there are more than [`GROUP_OVER`] of them: one entry that
//! names the first [`GROUP_SHOWN`] rows with their values and counts the others («e altre 9.995
//! righe»). Problems without a row (a whole file, a header) are never grouped. The JSON report
//! ([`to_json`]) always lists every problem, one entry each, for tools that need them all.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;

use super::{Diagnostic, Diagnostics, Location, Rule, Severity};

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

/// The report for the terminal: [`to_text`] with errors in red, warnings in yellow and file names
/// in bold, as ANSI sequences. Print it through `anstream`, which drops them when the output is
/// not a terminal or `NO_COLOR` is set.
pub fn to_terminal(diagnostics: &Diagnostics) -> String {
    coloured(&to_text(diagnostics))
}

/// `report` with the labels of its entries and its file headings coloured.
fn coloured(report: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let error = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let warning = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let file = Style::new().bold();
    let mut out = String::with_capacity(report.len() + report.len() / 8);
    for line in report.split_inclusive('\n') {
        let styled = [("errore", error), ("avviso", warning)]
            .into_iter()
            .find(|(label, _)| line.starts_with(label) && line[label.len()..].starts_with('['));
        if let Some((label, style)) = styled {
            let _ = write!(out, "{style}{label}{style:#}{}", &line[label.len()..]);
        } else if line.starts_with("══ ") {
            let _ = writeln!(out, "{file}{}{file:#}", line.trim_end_matches('\n'));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The report for the preview in the browser: like [`to_text`], without the values of personal
/// data (see the module's documentation).
pub fn to_text_for_browser(diagnostics: &Diagnostics) -> String {
    text_report(diagnostics, Values::WithoutPersonal)
}

/// The text reports group the problems of one rule in one column of one file when there are more
/// than this many.
pub const GROUP_OVER: usize = 5;

/// How many rows of a group the text reports name.
pub const GROUP_SHOWN: usize = 5;

/// What groups problems in the text reports: file, sheet, rule and column.
type GroupKey<'a> = (&'a str, Option<&'a str>, Rule, Option<&'a str>);

/// The key of a problem that can be grouped (one that names a row).
fn group_key(d: &Diagnostic) -> Option<GroupKey<'_>> {
    d.location
        .row
        .map(|_| (d.location.file.as_str(), d.location.sheet.as_deref(), d.rule, d.location.column.as_deref()))
}

fn text_report(diagnostics: &Diagnostics, values: Values) -> String {
    let sorted = diagnostics.sorted();
    let mut groups: HashMap<GroupKey, Vec<&Diagnostic>> = HashMap::new();
    for &diagnostic in &sorted {
        if let Some(key) = group_key(diagnostic) {
            groups.entry(key).or_default().push(diagnostic);
        }
    }
    let mut out = String::new();
    let mut current_file: Option<&str> = None;
    for diagnostic in sorted {
        let group = group_key(diagnostic).and_then(|key| groups.get(&key)).filter(|group| group.len() > GROUP_OVER);
        if group.is_some_and(|group| !std::ptr::eq(group[0], diagnostic)) {
            continue;
        }
        let file = diagnostic.location.file.as_str();
        if current_file != Some(file) {
            if current_file.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "══ {} ══", if file.is_empty() { "(sito)" } else { file });
            current_file = Some(file);
        }
        match group {
            Some(group) => write_group(&mut out, group, values),
            None => write_one(&mut out, diagnostic, values),
        }
    }
    if !diagnostics.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(diagnostics));
    out.push('\n');
    out
}

fn label(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Errore => "errore",
        Severity::Avviso => "avviso",
    }
}

fn write_one(out: &mut String, d: &Diagnostic, values: Values) {
    let _ = writeln!(out, "{}[{} {}]: {}", label(d), d.rule.code(), d.rule.name(), d.message);
    let _ = writeln!(out, "  --> {}", where_text(&d.location));
    if let Some(value) = &d.value {
        let _ = writeln!(out, "   | valore trovato: {}", shown(d, value, values));
    }
    write_advice(out, d);
}

/// One entry for the problems of `group` (more than [`GROUP_OVER`], of one rule in one column of
/// one file, in report order): the message of the first, the first [`GROUP_SHOWN`] rows with
/// their values, the count of the others, and what the first expected.
fn write_group(out: &mut String, group: &[&Diagnostic], values: Values) {
    let first = group[0];
    let column = first.location.column.as_deref().map(|name| format!(" della colonna {name}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}[{} {}]: {} righe{column} hanno lo stesso tipo di problema; il primo: {}",
        label(first),
        first.rule.code(),
        first.rule.name(),
        thousands(group.len()),
        first.message
    );
    let shown_rows: Vec<String> =
        group.iter().take(GROUP_SHOWN).filter_map(|d| d.location.row).map(|row| row.to_string()).collect();
    let others = match group.len() - shown_rows.len() {
        1 => "un'altra riga".to_string(),
        others => format!("altre {} righe", thousands(others)),
    };
    let _ = writeln!(
        out,
        "  --> {}, righe {} e {others}",
        where_text(&Location { row: None, ..first.location.clone() }),
        shown_rows.join(", "),
    );
    for d in group.iter().take(GROUP_SHOWN) {
        let value = d.value.as_deref().map(|value| format!(": {}", shown(d, value, values))).unwrap_or_default();
        let _ = writeln!(out, "   | riga {}{value}", d.location.row.unwrap_or_default());
    }
    write_advice(out, first);
    let _ = writeln!(out, "   = elenco completo di tutte le righe: trasparenza check --format json");
}

/// A value as a report shows it: between quotes, or a note in place of personal data.
fn shown(d: &Diagnostic, value: &str, values: Values) -> String {
    if d.personal && values == Values::WithoutPersonal { OMITTED.to_string() } else { quote(value) }
}

/// What was expected and the hint, when the diagnostic has them.
fn write_advice(out: &mut String, d: &Diagnostic) {
    if let Some(expected) = &d.expected {
        let _ = writeln!(out, "   = atteso: {expected}");
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = suggerimento: {hint}");
    }
}

/// `file, riga 3, colonna C (peso_obiettivo)`; in a workbook `file, foglio «fasi», riga 3, …`.
fn where_text(location: &Location) -> String {
    let mut text = if location.file.is_empty() { "(sito)".to_string() } else { location.file.clone() };
    if let Some(sheet) = &location.sheet {
        let _ = write!(text, ", foglio «{sheet}»");
    }
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

/// `n` with the Italian thousands separator: `9.995`, `1.234.567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A value between quotes (already shortened and on one line: see [`Diagnostic::bounded`]).
fn quote(value: &str) -> String {
    if value.is_empty() { "(cella vuota)".to_string() } else { format!("«{value}»") }
}

/// `2 errori, 1 avviso`.
pub fn summary(diagnostics: &Diagnostics) -> String {
    let (errors, warnings) = (diagnostics.errors(), diagnostics.warnings());
    let errors = if errors == 1 { "1 errore".to_string() } else { format!("{} errori", thousands(errors)) };
    let warnings = if warnings == 1 { "1 avviso".to_string() } else { format!("{} avvisi", thousands(warnings)) };
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
    #[serde(skip_serializing_if = "Option::is_none")]
    foglio: Option<&'a str>,
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
                foglio: d.location.sheet.as_deref(),
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

    fn sample() -> Diagnostics {
        let mut all = Diagnostics::new();
        let location = Location {
            file: "data/p/fasi.csv".into(),
            row: Some(4),
            column: Some("codice".into()),
            column_index: Some(2),
            ..Location::default()
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

    /// `count` invalid dates in the column `scadenza` of one file, one per row from row 2, the
    /// first `personal` of them marked as personal.
    fn bad_dates(count: u64, personal: u64) -> Diagnostics {
        let mut all = Diagnostics::new();
        for row in 2..count + 2 {
            let location = Location {
                file: "data/p/fasi.csv".into(),
                row: Some(row),
                column: Some("scadenza".into()),
                column_index: Some(4),
                ..Location::default()
            };
            let value = format!("{row}/13/2025");
            all.push(
                Diagnostic::new(Rule::InvalidDate, location, format!("«{value}» non è una data valida"))
                    .value(value)
                    .expected("una data come 31/12/2025")
                    .personal(row < personal + 2),
            );
        }
        all
    }

    #[test]
    fn many_problems_of_one_rule_in_one_column_are_one_entry_of_the_text_report() {
        let all = bad_dates(10_000, 0);
        let text = to_text(&all);
        assert_eq!(
            text,
            "══ data/p/fasi.csv ══\n\
             errore[V002 data-non-valida]: 10.000 righe della colonna scadenza hanno lo stesso tipo di problema; il primo: «2/13/2025» non è una data valida\n  \
             --> data/p/fasi.csv, colonna D (scadenza), righe 2, 3, 4, 5, 6 e altre 9.995 righe\n   \
             | riga 2: «2/13/2025»\n   \
             | riga 3: «3/13/2025»\n   \
             | riga 4: «4/13/2025»\n   \
             | riga 5: «5/13/2025»\n   \
             | riga 6: «6/13/2025»\n   \
             = atteso: una data come 31/12/2025\n   \
             = elenco completo di tutte le righe: trasparenza check --format json\n\n\
             10.000 errori, 0 avvisi\n"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&all)).unwrap();
        assert_eq!(json["diagnostica"].as_array().unwrap().len(), 10_000, "JSON keeps every problem");
    }

    #[test]
    fn up_to_the_threshold_every_problem_is_shown_and_one_more_makes_a_group() {
        let text = to_text(&bad_dates(GROUP_OVER as u64, 0));
        assert_eq!(text.matches("errore[V002").count(), GROUP_OVER, "{text}");
        assert!(!text.contains("stesso tipo di problema"), "{text}");
        let text = to_text(&bad_dates(GROUP_OVER as u64 + 1, 0));
        assert_eq!(text.matches("errore[V002").count(), 1, "{text}");
        assert!(text.contains("righe 2, 3, 4, 5, 6 e un'altra riga\n"), "{text}");
    }

    #[test]
    fn a_group_in_the_browser_omits_personal_values() {
        let all = bad_dates(100, 1);
        let browser = to_text_for_browser(&all);
        assert!(browser.contains(&format!("riga 2: {OMITTED}\n")), "{browser}");
        assert!(browser.contains("riga 3: «3/13/2025»\n"), "{browser}");
        assert!(to_text(&all).contains("riga 2: «2/13/2025»\n"));
    }

    #[test]
    fn the_terminal_report_colours_labels_and_files_and_keeps_the_words() {
        let plain = to_text(&sample());
        let coloured = to_terminal(&sample());
        assert!(coloured.contains("\x1b[1m\x1b[33mavviso\x1b[0m["), "{coloured:?}");
        assert_eq!(anstream::adapter::strip_str(&coloured).to_string(), plain);
    }

    #[test]
    fn thousands_use_the_italian_separator() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(9_995), "9.995");
        assert_eq!(thousands(1_234_567), "1.234.567");
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
