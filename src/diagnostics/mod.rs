//! Problems found in a site, described for the people who must fix them.
//!
//! Owns the [`Diagnostic`] type (severity, rule, location, value, what was expected, a hint), the
//! catalogue of rule codes ([`Rule`]) and the [`Diagnostics`] collector that every stage of the
//! pipeline fills. How diagnostics are printed lives in [`report`]; what the rules check lives in
//! `load` and `model::rules`.

mod catalogue;
pub mod report;

pub use catalogue::Rule;

use serde::Serialize;

/// How serious a problem is: only errors stop a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be published until this is fixed.
    Errore,
    /// The site can be published, but the data probably contains a mistake.
    Avviso,
}

/// Where a problem is: a file, and inside a table a row and a column.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Path relative to the site folder, with `/` separators.
    pub file: String,
    /// The sheet of a workbook the table was read from (`None` for a CSV file).
    pub sheet: Option<String>,
    /// Row as a spreadsheet shows it: the header is row 1, the first record row 2.
    pub row: Option<u64>,
    /// Name of the column as the schema spells it (or as the file spells an unknown one).
    pub column: Option<String>,
    /// Position of the column in the file, 1-based (shown as a spreadsheet letter).
    #[serde(skip)]
    pub column_index: Option<usize>,
}

impl Location {
    /// A location covering a whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: file.into(), ..Location::default() }
    }

    /// Spreadsheet letter of the column (`A`, `B`, …, `Z`, `AA`, …), if its position is known.
    pub fn column_letter(&self) -> Option<String> {
        self.column_index.map(spreadsheet_letter)
    }
}

/// Spreadsheet column letter of a 1-based column position.
pub fn spreadsheet_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    while index > 0 {
        let rem = (index - 1) % 26;
        letters.push(b'A' + rem as u8);
        index = (index - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One problem, with everything a person needs to find and fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning (decided by the rule).
    pub severity: Severity,
    /// The rule that found the problem.
    pub rule: Rule,
    /// Where the problem is.
    pub location: Location,
    /// The value found, as written in the file.
    pub value: Option<String>,
    /// What is wrong, in Italian.
    pub message: String,
    /// What was expected instead.
    pub expected: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Whether the value (or the message) may hold personal data, from a column that the schema
    /// declares personal: the preview in the browser leaves such values out of its report.
    #[serde(skip)]
    pub personal: bool,
}

impl Diagnostic {
    /// A new diagnostic for `rule` at `location`; the severity is the rule's.
    pub fn new(rule: Rule, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity(),
            rule,
            location,
            value: None,
            message: message.into(),
            expected: None,
            hint: None,
            personal: false,
        }
    }

    /// Marks the diagnostic as carrying personal data when `personal` is true (its value comes
    /// from a personal-data column, or from a whole row that has one).
    pub fn personal(mut self, personal: bool) -> Self {
        self.personal |= personal;
        self
    }

    /// Records the value found.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Records what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Records a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// At most this many characters of a value are echoed.
pub const MAX_VALUE: usize = 200;
/// At most this many characters of a column name are echoed.
pub const MAX_COLUMN: usize = 80;
/// At most this many characters of a message, of what was expected or of a hint.
const MAX_TEXT: usize = 1000;

impl Diagnostic {
    /// The diagnostic with what it echoes from the files made short and printable: the value
    /// (at most [`MAX_VALUE`] characters), the column name ([`MAX_COLUMN`]), every «quoted» part
    /// of the message, of what was expected and of the hint (where the rules quote values), and
    /// those texts as a whole. Line breaks become `⏎`, other control characters `�`, so that a
    /// report stays one line per item and cannot drive the terminal.
    pub fn bounded(mut self) -> Self {
        self.value = self.value.map(|value| shorten(&value, MAX_VALUE));
        self.location.column = self.location.column.map(|column| shorten(&column, MAX_COLUMN));
        self.message = shorten(&shorten_quoted(&self.message), MAX_TEXT);
        self.expected = self.expected.map(|text| shorten(&shorten_quoted(&text), MAX_TEXT));
        self.hint = self.hint.map(|text| shorten(&shorten_quoted(&text), MAX_TEXT));
        self
    }
}

/// `text` on one line and at most `max` characters, cut on a character boundary with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    let mut chars = text.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        if count == max {
            out.push('…');
            return out;
        }
        match c {
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                out.push('⏎');
            }
            '\n' | '\r' => out.push('⏎'),
            '\t' => out.push('⇥'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        count += 1;
    }
    out
}

/// `text` with every part between `«` and `»` shortened to [`MAX_VALUE`] characters.
fn shorten_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('«') {
        let (before, quoted) = rest.split_at(open + '«'.len_utf8());
        out.push_str(before);
        let close = quoted.find('»').unwrap_or(quoted.len());
        out.push_str(&shorten(&quoted[..close], MAX_VALUE));
        rest = &quoted[close..];
    }
    out.push_str(rest);
    out
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem, with what it echoes from the files shortened ([`Diagnostic::bounded`]).
    /// Every diagnostic of a collection comes through here, so no report grows with the size of a
    /// cell or of a header.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic.bounded());
    }

    /// Adds all the problems of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Drops the problems found by `rule` (one that a later step makes moot).
    pub fn remove(&mut self, rule: Rule) {
        self.items.retain(|d| d.rule != rule);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Errore).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Avviso).count()
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// The problems sorted by file, then by [`Rule::stage`] (causes before their consequences: a
    /// duplicate code before the references it makes dangle), then by row, column and rule, so
    /// that a report is stable and grouped by file.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| {
            (
                &d.location.file,
                &d.location.sheet,
                d.rule.stage(),
                d.location.row,
                d.location.column_index,
                d.rule.code(),
            )
        });
        items
    }

    /// All problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_spreadsheet_columns() {
        assert_eq!(spreadsheet_letter(1), "A");
        assert_eq!(spreadsheet_letter(26), "Z");
        assert_eq!(spreadsheet_letter(27), "AA");
        assert_eq!(spreadsheet_letter(52), "AZ");
        assert_eq!(spreadsheet_letter(703), "AAA");
    }

    #[test]
    fn echoed_values_and_columns_are_bounded_on_character_boundaries() {
        let huge = "è".repeat(1_000_000);
        let location = Location {
            file: "data/ente.csv".into(),
            row: Some(2),
            column: Some(huge.clone()),
            column_index: Some(1),
            ..Location::default()
        };
        let mut all = Diagnostics::new();
        all.push(
            Diagnostic::new(Rule::InvalidDate, location, format!("«{huge}» non è una data valida"))
                .value(huge.clone())
                .expected(format!("non «{huge}»")),
        );
        let d = all.iter().next().unwrap();
        assert_eq!(d.value.as_deref(), Some(format!("{}…", "è".repeat(MAX_VALUE)).as_str()));
        assert_eq!(d.location.column.as_deref(), Some(format!("{}…", "è".repeat(MAX_COLUMN)).as_str()));
        assert!(d.message.ends_with("…» non è una data valida"), "{}", d.message);
        assert!(d.message.chars().count() < MAX_VALUE + 30);
        assert!(d.expected.as_ref().unwrap().chars().count() < MAX_VALUE + 10);
    }

    #[test]
    fn line_breaks_and_control_characters_become_visible() {
        assert_eq!(shorten("a\r\nb\nc\rd", 10), "a⏎b⏎c⏎d");
        assert_eq!(shorten("x\u{1b}[2Jy\tz", 10), "x\u{FFFD}[2Jy⇥z");
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc…");
        assert_eq!(shorten_quoted("a «b» c «d"), "a «b» c «d");
    }

    #[test]
    fn sorted_groups_by_file_then_row() {
        let mut all = Diagnostics::new();
        let at = |file: &str, row| Location { file: file.into(), row: Some(row), ..Default::default() };
        all.push(Diagnostic::new(Rule::DuplicateCode, at("b.csv", 2), "x"));
        all.push(Diagnostic::new(Rule::StepCodePrefix, at("a.csv", 9), "y"));
        all.push(Diagnostic::new(Rule::StepCodePrefix, at("a.csv", 3), "z"));
        let order: Vec<_> = all.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["z", "y", "x"]);
        assert_eq!((all.errors(), all.warnings()), (1, 2));
    }

    #[test]
    fn within_a_file_causes_come_before_their_consequences() {
        let mut all = Diagnostics::new();
        let at = |row| Location { file: "data/strutture.csv".into(), row: Some(row), ..Default::default() };
        all.push(Diagnostic::new(Rule::DanglingReference, at(2), "riferimento"));
        all.push(Diagnostic::new(Rule::DuplicateCode, at(7), "doppione"));
        all.push(Diagnostic::new(Rule::InvalidDate, at(9), "data"));
        all.push(Diagnostic::new(Rule::CellCount, at(12), "celle"));
        let order: Vec<_> = all.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["celle", "data", "doppione", "riferimento"]);
    }
}
