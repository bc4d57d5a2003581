//! The example values that `trasparenza init` writes, read from the scaffold compiled into the
//! binary, so that the rule that finds them left in a site (R030) cannot drift from what `init`
//! writes.
//!
//! Not every cell of the scaffold is an example to replace: `CdA`, `2026` or `performance` are
//! real values a site keeps. A cell counts as a placeholder when it says so: it holds a
//! [`MARKERS`] text (`esempio`, `example.it`, `Nome dell'ente`) or is a run of zeros standing for
//! a number (`00000000000` as tax code, `000 0000000` as phone). A site's cell is then an example
//! left in place when it equals the placeholder of the same table and column, or holds a marker
//! that only the scaffold writes ([`SCAFFOLD_ONLY`]).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::SCAFFOLD;

/// The texts that make a scaffold cell a placeholder (compared without case).
pub const MARKERS: [&str; 3] = ["esempio", "example.it", "nome dell'ente"];

/// The markers that no real value holds: any cell with one of them is a placeholder left in place,
/// whatever its table. (`esempio` may be part of real text, and counts only as the whole example.)
pub const SCAFFOLD_ONLY: [&str; 2] = ["example.it", "nome dell'ente"];

/// For each of [`SCAFFOLD_ONLY`], the position of a byte that is rare in text (`x`, `'`): a search
/// for it (fast, with `memchr`) finds the places where the marker may be.
const ANCHORS: [usize; 2] = [1, 9];

/// The placeholders of the scaffold's tables, by table file name (`ente.csv`) and column.
fn placeholders() -> &'static HashMap<(String, String), HashSet<String>> {
    static PLACEHOLDERS: OnceLock<HashMap<(String, String), HashSet<String>>> = OnceLock::new();
    PLACEHOLDERS.get_or_init(|| {
        let mut found: HashMap<(String, String), HashSet<String>> = HashMap::new();
        for (path, bytes) in SCAFFOLD.iter().filter(|(path, _)| path.starts_with("data/") && path.ends_with(".csv")) {
            let file = path.rsplit('/').next().unwrap_or(path);
            let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(*bytes);
            let header: Vec<String> =
                reader.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
            for record in reader.records().flatten() {
                for (column, value) in header.iter().zip(record.iter()) {
                    if is_placeholder(value) {
                        found.entry((file.to_string(), column.clone())).or_default().insert(value.to_string());
                    }
                }
            }
        }
        found
    })
}

/// Whether a cell of the scaffold is a placeholder (see the module's documentation).
fn is_placeholder(value: &str) -> bool {
    let lower = value.to_lowercase();
    let zeros = value.starts_with("000") && value.chars().all(|c| c.is_ascii_digit() || c == ' ');
    zeros || MARKERS.iter().any(|marker| lower.contains(marker))
}

/// The placeholders of one column of one table, looked up once for all its cells.
pub struct ColumnExamples(Option<&'static HashSet<String>>);

/// The placeholders of `column` of the table file `file` (`ente.csv`, `obiettivi.csv`).
pub fn column(file: &str, column: &str) -> ColumnExamples {
    ColumnExamples(placeholders().get(&(file.to_string(), column.to_string())))
}

impl ColumnExamples {
    /// Whether `value`, a cell of the column, is an example value of the scaffold left in place.
    pub fn is_example(&self, value: &str) -> bool {
        has_scaffold_marker(value) || self.0.is_some_and(|values| values.contains(value))
    }
}

/// Whether `text` holds a marker that only the scaffold writes ([`SCAFFOLD_ONLY`]), in any case.
pub fn has_scaffold_marker(text: &str) -> bool {
    let bytes = text.as_bytes();
    SCAFFOLD_ONLY.iter().zip(ANCHORS).any(|(marker, anchor)| {
        let marker = marker.as_bytes();
        let (lower, upper) = (marker[anchor], marker[anchor].to_ascii_uppercase());
        memchr::memchr2_iter(lower, upper, bytes).any(|at| {
            at.checked_sub(anchor)
                .and_then(|start| bytes.get(start..start + marker.len()))
                .is_some_and(|window| window.eq_ignore_ascii_case(marker))
        })
    })
}

/// The `titolo` of the scaffold's `config.toml`.
pub fn example_title() -> &'static str {
    static TITLE: OnceLock<String> = OnceLock::new();
    TITLE.get_or_init(|| {
        let config = SCAFFOLD.iter().find(|(path, _)| *path == "config.toml").map_or(&[][..], |(_, bytes)| *bytes);
        let parsed: toml::Table =
            std::str::from_utf8(config).ok().and_then(|text| text.parse().ok()).unwrap_or_default();
        parsed.get("titolo").and_then(|title| title.as_str()).unwrap_or_default().to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_placeholders_are_found_and_real_values_are_not() {
        assert!(column("ente.csv", "denominazione").is_example("Ente di esempio"));
        assert!(column("ente.csv", "codice_fiscale").is_example("00000000000"));
        assert!(column("ente.csv", "telefono").is_example("000 0000000"));
        assert!(column("delibere.csv", "oggetto").is_example("Approvazione del PIAO 2026/2028 (esempio)"));
        assert!(column("strutture.csv", "email").is_example("ragioneria@example.it"));
        assert!(column("obiettivi.csv", "titolo").is_example("Obiettivo di esempio: riduzione dei tempi di pagamento"));
        assert!(column("strutture.csv", "nome").is_example("ufficio@EXAMPLE.IT"), "a marker counts in any column");
        assert!(example_title().contains("Nome dell'ente"));
        assert!(has_scaffold_marker("Titolo – NOME DELL'ENTE"));
        assert!(has_scaffold_marker("example.it"));
        assert!(!has_scaffold_marker("xample.it, nome dell ente, l'ente, example.com"));
        for (file, column, value) in [
            ("delibere.csv", "organo", "CdA"),
            ("obiettivi.csv", "tipo", "performance"),
            ("ente.csv", "tipologia", "Consorzio"),
            ("ente.csv", "codice_fiscale", "94067330014"),
            ("obiettivi.csv", "etichette", "trasparenza"),
            ("obiettivi.csv", "titolo", "Esempio di buona pratica nella gestione delle fatture"),
        ] {
            assert!(!super::column(file, column).is_example(value), "{file} {column} {value}");
        }
    }
}
