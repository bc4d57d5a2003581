//! Reading one table row into typed values, with a diagnostic for every cell that is not what
//! the schema says, and a record of where each value came from ([`Origin`]).

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::links;
use crate::load::RawTable;
use crate::load::measures::{self, Amount, Misfit, Target};
use crate::load::values;
use crate::schema::{Column, INDICATOR_MEASURES, Kind, MEASURE_KINDS, Measure};

use super::record::{Origin, Record, Value};

/// A row being read: typed accessors that report what they cannot read and keep the value they
/// read for the row's [`Record`].
pub struct Row<'a> {
    origin: Origin,
    config: &'a Config,
    diagnostics: &'a mut Diagnostics,
    /// The value of each declared column, once read.
    values: Vec<Option<Value>>,
}

impl<'a> Row<'a> {
    /// Reads the `index`-th record of `table` (0-based, in `table.rows`).
    pub fn new(table: &Arc<RawTable>, index: usize, config: &'a Config, diagnostics: &'a mut Diagnostics) -> Self {
        let values = vec![None; table.schema.columns.len()];
        Row { origin: Origin::new(Arc::clone(table), index), config, diagnostics, values }
    }

    /// The row's record: the values read so far, and every other declared column read by its
    /// kind, so that a column the code never names is validated and published all the same.
    pub fn record(&mut self) -> Record {
        for column in self.origin.table().schema.columns {
            if self.value_of(column.name).is_none() {
                self.read(column);
            }
        }
        let values = self.values.iter_mut().map(|value| value.take().unwrap_or(Value::Empty)).collect();
        Record::new(self.origin.clone(), values)
    }

    /// Reads `column` by its declared kind.
    fn read(&mut self, column: &Column) {
        let name = column.name;
        match column.kind {
            Kind::List if column.personal => drop(self.personal_list(name)),
            _ if column.personal => drop(self.personal(name)),
            Kind::Text | Kind::Period => drop(self.text(name)),
            Kind::LongText => drop(self.long_text(name)),
            Kind::Code | Kind::Reference(_) => drop(self.code(name)),
            Kind::References(_) => drop(self.codes(name)),
            Kind::List => drop(self.list(name)),
            Kind::Integer => drop(self.integer(name)),
            Kind::Number => drop(self.number(name)),
            Kind::Percent => drop(self.percent(name)),
            Kind::Date => drop(self.date(name)),
            Kind::Year => drop(self.year(name)),
            Kind::Choice(_) => drop(self.choice(name)),
            Kind::Terms(_) => drop(self.term(name)),
            Kind::Measured => drop(self.measured(name)),
            Kind::Targets => drop(self.targets(name)),
            Kind::DeliberationRef => drop(self.deliberation_ref(name)),
            Kind::Link => drop(self.link(name)),
        }
    }

    fn value_of(&self, column: &str) -> Option<&Value> {
        let index = self.origin.table().schema.columns.iter().position(|c| c.name == column)?;
        self.values[index].as_ref()
    }

    /// Keeps `value` as the value of `column` (once per column: the first read wins).
    fn keep(&mut self, column: &str, value: Value) {
        if let Some(index) = self.origin.table().schema.columns.iter().position(|c| c.name == column) {
            self.values[index].get_or_insert(value);
        }
    }

    /// The cell of `column` is the value.
    fn keep_cell(&mut self, column: &str, items: bool) {
        if let Some(position) = self.origin.table().column_position(column) {
            let position = position as u32;
            self.keep(column, if items { Value::Items(position) } else { Value::Cell(position) });
        }
    }

    /// Keeps `value` for `column` when it is `Some`, [`Value::Empty`] otherwise.
    fn kept<T>(&mut self, column: &str, value: Option<T>, typed: impl FnOnce(&T) -> Value) -> Option<T> {
        let kept = value.as_ref().map_or(Value::Empty, typed);
        self.keep(column, kept);
        value
    }

    /// The trimmed cell, `None` when empty; reports an empty required cell.
    fn cell(&mut self, column: &str) -> Option<String> {
        let schema = self.origin.table().schema;
        let text = self.origin.raw(column);
        if !text.is_empty() {
            return Some(text.to_string());
        }
        let present = self.origin.table().column_position(column).is_some();
        if let Some(spec) = schema.column(column).filter(|c| c.required && present) {
            self.report(
                Diagnostic::new(
                    Rule::RequiredValue,
                    self.origin.at(column),
                    format!("la cella `{column}` è obbligatoria ma è vuota"),
                )
                .expected(format!("{} ({}), per esempio «{}»", spec.description, spec.kind.describe(), spec.example))
                .hint("compilare la cella, oppure eliminare la riga se non serve"),
            );
        }
        None
    }

    /// Whether the schema declares `column` personal data.
    fn is_personal(&self, column: &str) -> bool {
        self.origin.table().schema.column(column).is_some_and(|c| c.personal)
    }

    /// Adds a diagnostic about one of the row's cells, marked personal when its column is.
    fn report(&mut self, diagnostic: Diagnostic) {
        let personal = diagnostic.location.column.as_deref().is_some_and(|column| self.is_personal(column));
        self.diagnostics.push(diagnostic.personal(personal));
    }

    fn invalid(&mut self, rule: Rule, column: &str, text: &str, what: &str, expected: &str, hint: &str) {
        // The message of a personal-data column does not quote the value: the value alone is
        // left out of the report in the browser.
        let found = if self.is_personal(column) { "il valore".to_string() } else { format!("«{text}»") };
        let diagnostic = Diagnostic::new(rule, self.origin.at(column), format!("{found} non è {what}"))
            .value(text)
            .expected(expected)
            .hint(hint);
        self.report(diagnostic);
    }

    /// Plain text.
    pub fn text(&mut self, column: &str) -> Option<String> {
        let text = self.cell(column);
        self.keep_cell_if(column, text.is_some(), false);
        text
    }

    fn keep_cell_if(&mut self, column: &str, filled: bool, items: bool) {
        if filled {
            self.keep_cell(column, items);
        } else {
            self.keep(column, Value::Empty);
        }
    }

    /// Long text (Markdown or legacy HTML), with a warning for HTML that will be removed.
    pub fn long_text(&mut self, column: &str) -> Option<String> {
        let Some(text) = self.cell(column) else {
            self.keep(column, Value::Empty);
            return None;
        };
        if let Some((found, at)) = unsafe_html(&text) {
            let sanitised = Box::new(crate::html::markdown::to_html(&text).trim_end().to_string());
            self.keep(column, Value::Text(sanitised));
            self.report(
                Diagnostic::new(
                    Rule::UnsafeHtml,
                    self.origin.at(column),
                    format!("la cella contiene {found}, che non verrà pubblicato"),
                )
                .value(excerpt(&text, at))
                .expected("testo, Markdown o HTML semplice (paragrafi, elenchi, grassetto, collegamenti)")
                .hint("togliere script, stili, frame e attributi `on…` dalla cella"),
            );
        }
        self.keep_cell(column, false);
        Some(text)
    }

    /// A code usable in addresses.
    pub fn code(&mut self, column: &str) -> Option<String> {
        let code = self.cell(column).filter(|text| self.checked_code(column, text));
        self.keep_cell_if(column, code.is_some(), false);
        code
    }

    fn checked_code(&mut self, column: &str, code: &str) -> bool {
        let valid = values::is_valid_code(code);
        if !valid {
            self.invalid(
                Rule::InvalidCode,
                column,
                code,
                "un codice valido",
                "lettere, cifre, `.`, `-` o `_`, senza spazi (come `1`, `1A`, `1.3`)",
                "togliere spazi, barre e altri simboli dal codice",
            );
        }
        valid
    }

    /// Several codes separated by `;`.
    pub fn codes(&mut self, column: &str) -> Vec<String> {
        let items = self.cell(column).map(|text| values::split_list(&text)).unwrap_or_default();
        self.keep_cell_if(column, !items.is_empty(), true);
        items.into_iter().filter(|code| self.checked_code(column, code)).collect()
    }

    /// Several text items separated by `;`.
    pub fn list(&mut self, column: &str) -> Vec<String> {
        let items = self.cell(column).map(|text| values::split_list(&text)).unwrap_or_default();
        self.keep_cell_if(column, !items.is_empty(), true);
        items
    }

    /// A personal-data list: read only if the configuration publishes the column.
    pub fn personal_list(&mut self, column: &str) -> Vec<String> {
        let items = self.personal(column).map(|text| values::split_list(&text)).unwrap_or_default();
        self.keep_cell_if(column, !items.is_empty(), true);
        items
    }

    /// A personal-data cell: read only if the configuration publishes the column, otherwise
    /// reported (when filled in) and left out of the model, so nothing downstream can publish it.
    pub fn personal(&mut self, column: &str) -> Option<String> {
        let Some(text) = self.cell(column) else {
            self.keep(column, Value::Empty);
            return None;
        };
        let table = self.origin.table().schema.stem();
        if self.config.publishes(table, column) {
            self.keep_cell(column, false);
            return Some(text);
        }
        self.keep(column, Value::Empty);
        self.report(
            Diagnostic::new(
                Rule::PersonalData,
                self.origin.at(column),
                format!("la colonna `{column}` contiene dati personali e non verrà pubblicata"),
            )
            .value(text)
            .expected("la cella vuota, oppure la colonna elencata in config.toml")
            .hint(format!(
                "per pubblicarla aggiungere \"{table}.{column}\" a [privacy] colonne_pubblicate in config.toml"
            )),
        );
        None
    }

    /// A date.
    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let date = self.read_date(column);
        self.kept(column, date, |date| Value::Date(*date))
    }

    fn read_date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.cell(column)?;
        let date = values::parse_date(&text);
        if date.is_none() {
            self.invalid(
                Rule::InvalidDate,
                column,
                &text,
                "una data valida",
                "una data come 31/12/2025, 31/12/25 o 2025-12-31",
                "controllare giorno, mese e anno",
            );
        }
        date
    }

    /// A percentage, in percentage points.
    pub fn percent(&mut self, column: &str) -> Option<f64> {
        let value = self.read_percent(column);
        self.kept(column, value, |value| Value::Number(*value))
    }

    fn read_percent(&mut self, column: &str) -> Option<f64> {
        let text = self.cell(column)?;
        let value = values::parse_percent(&text);
        if value.is_none() {
            self.invalid(
                Rule::InvalidPercent,
                column,
                &text,
                "una percentuale valida",
                "una percentuale come 10,00% o 18,18 %",
                "scrivere il numero con la virgola decimale e, se si vuole, il simbolo %",
            );
        }
        value
    }

    /// A decimal number.
    pub fn number(&mut self, column: &str) -> Option<f64> {
        let value = self.read_number(column);
        self.kept(column, value, |value| Value::Number(*value))
    }

    fn read_number(&mut self, column: &str) -> Option<f64> {
        let text = self.cell(column)?;
        let value = values::parse_number(&text);
        if value.is_none() {
            self.invalid(
                Rule::InvalidNumber,
                column,
                &text,
                "un numero valido",
                "un numero come 36, 1.234,50 o € 624.091,00",
                "usare la virgola per i decimali e il punto per le migliaia",
            );
        }
        value
    }

    /// A whole number.
    pub fn integer(&mut self, column: &str) -> Option<i64> {
        let value = self.read_integer(column);
        self.kept(column, value, |value| Value::Integer(*value))
    }

    fn read_integer(&mut self, column: &str) -> Option<i64> {
        let text = self.cell(column)?;
        let value = values::parse_integer(&text);
        if value.is_none() {
            self.invalid(
                Rule::InvalidNumber,
                column,
                &text,
                "un numero intero valido",
                "un numero intero come 15 o 35.719",
                "togliere decimali e lettere",
            );
        }
        value
    }

    /// A year.
    pub fn year(&mut self, column: &str) -> Option<i32> {
        let value = self.read_year(column);
        self.kept(column, value, |value| Value::Integer(i64::from(*value)))
    }

    fn read_year(&mut self, column: &str) -> Option<i32> {
        let text = self.cell(column)?;
        let value = values::parse_year(&text);
        if value.is_none() {
            self.invalid(
                Rule::InvalidYear,
                column,
                &text,
                "un anno valido",
                "un anno di quattro cifre, come 2025",
                "scrivere l'anno per intero",
            );
        }
        value
    }

    /// One of the values the schema allows (compared without regard to case).
    pub fn choice(&mut self, column: &str) -> Option<String> {
        let choice = self.read_choice(column);
        self.kept(column, choice, |(position, _)| Value::Choice(*position));
        choice.map(|(_, choice)| choice.to_string())
    }

    /// The position in the allowed list and the declared spelling of a choice.
    fn read_choice(&mut self, column: &str) -> Option<(u16, &'static str)> {
        let text = self.cell(column)?;
        let Some(Kind::Choice(allowed)) = self.origin.table().schema.column(column).map(|c| c.kind) else {
            return None;
        };
        let lower = text.to_lowercase();
        match allowed.iter().position(|a| *a == lower) {
            Some(position) => Some((position as u16, allowed[position])),
            None => {
                let expected = format!("uno tra: {}", allowed.join(", "));
                self.invalid(
                    Rule::NotAllowed,
                    column,
                    &text,
                    "un valore ammesso",
                    &expected,
                    "scegliere uno dei valori indicati",
                );
                None
            }
        }
    }

    /// A term of the column's vocabulary, in its published spelling; a term of another spelling
    /// (`Attività / processo`, `di processo`) is folded to it. The terms the configuration adds
    /// to an open vocabulary are accepted in the configuration's spelling.
    pub fn term(&mut self, column: &str) -> Option<String> {
        let Some(text) = self.cell(column) else {
            self.keep(column, Value::Empty);
            return None;
        };
        let Some(Kind::Terms(vocabulary)) = self.origin.table().schema.column(column).map(|c| c.kind) else {
            return None;
        };
        let folded = values::fold_term(&text);
        let same = |spelling: &str| values::fold_term(spelling) == folded;
        if let Some(position) =
            vocabulary.terms.iter().position(|term| same(term.name) || term.synonyms.iter().any(|s| same(s)))
        {
            self.keep(column, Value::Choice(position as u16));
            return Some(vocabulary.terms[position].name.to_string());
        }
        let added = vocabulary.config_key.map_or(&[][..], |key| self.config.vocabolari.added(key));
        if let Some(term) = added.iter().find(|term| same(term)) {
            self.keep(column, Value::Text(Box::new(term.clone())));
            return Some(term.clone());
        }
        self.keep(column, Value::Empty);
        let mut expected = vocabulary.names();
        if !added.is_empty() {
            expected.push_str(&format!("; aggiunti in config.toml: {}", added.join(", ")));
        }
        let hint = match vocabulary.config_key {
            Some(key) => format!(
                "scegliere uno dei valori indicati, oppure aggiungere il proprio a [vocabolari] {key} in config.toml"
            ),
            None => "scegliere uno dei valori indicati".to_string(),
        };
        self.invalid(Rule::NotAllowed, column, &text, "un valore ammesso", &expected, &hint);
        None
    }

    /// How the row's indicator values are read: its `misura`, if the table has one and the row
    /// fills it in.
    fn measure(&mut self) -> Option<Measure> {
        self.origin.table().schema.column("misura")?;
        if self.value_of("misura").is_none() {
            self.term("misura");
        }
        match self.value_of("misura") {
            Some(Value::Choice(position)) => {
                debug_assert_eq!(INDICATOR_MEASURES.terms.len(), MEASURE_KINDS.len());
                MEASURE_KINDS.get(usize::from(*position)).copied()
            }
            _ => None,
        }
    }

    /// Reports a value of `column` that does not fit the measure.
    fn misfit(&mut self, column: &str, text: &str, misfit: &Misfit, measure: Option<Measure>) {
        let diagnostic = misfit_diagnostic(&self.origin, column, text, misfit, measure, None);
        self.report(diagnostic);
    }

    /// A value of an indicator, read by the row's `misura` (guessed from the text without one).
    pub fn measured(&mut self, column: &str) -> Option<Amount> {
        let measure = self.measure();
        let text = self.cell(column).unwrap_or_default();
        let amount = match measures::parse_amount(&text, measure) {
            Ok(amount) => amount,
            Err((misfit, amount)) => {
                self.misfit(column, &text, &misfit, measure);
                amount
            }
        };
        let value = match &amount {
            None => Value::Empty,
            Some(amount) => self.amount_value(column, amount),
        };
        self.keep(column, value);
        amount
    }

    /// The form a record keeps of an amount read from the cell of `column`.
    fn amount_value(&self, column: &str, amount: &Amount) -> Value {
        match amount {
            Amount::Number(number) | Amount::Percent(number) => Value::Number(*number),
            Amount::Date(date) => Value::Date(*date),
            Amount::YesNo(yes) => Value::Bool(*yes),
            Amount::Text(_) => {
                self.origin.table().column_position(column).map_or(Value::Empty, |p| Value::Cell(p as u32))
            }
        }
    }

    /// The targets of an indicator, read by the row's `misura`: one, or one per year.
    pub fn targets(&mut self, column: &str) -> Vec<Target> {
        let measure = self.measure();
        let text = self.cell(column).unwrap_or_default();
        let targets = match measures::parse_targets(&text, measure) {
            Ok(targets) => targets,
            Err((misfit, value)) => {
                self.misfit(column, &value, &misfit, measure);
                Vec::new()
            }
        };
        let value = match targets.as_slice() {
            [] => Value::Empty,
            [Target { year: None, amount }] => self.amount_value(column, amount),
            per_year => {
                let items: Vec<String> = per_year
                    .iter()
                    .map(|t| format!("{}: {}", t.year.map(|y| y.to_string()).unwrap_or_default(), t.amount.data_text()))
                    .collect();
                Value::Text(Box::new(items.join("; ")))
            }
        };
        self.keep(column, value);
        targets
    }

    /// A link (see [`crate::links`]): an `https:`, `http:` or `mailto:` address or a path inside
    /// the site, as written; anything else is reported and left out of the model.
    pub fn link(&mut self, column: &str) -> Option<String> {
        let link = self.read_link(column);
        self.keep_cell_if(column, link.is_some(), false);
        link
    }

    fn read_link(&mut self, column: &str) -> Option<String> {
        let text = self.cell(column)?;
        match links::classify(&text) {
            Ok(_) => Some(text),
            Err(refused) => {
                self.report(
                    Diagnostic::new(
                        Rule::UnsafeLink,
                        self.origin.at(column),
                        format!("l'indirizzo nella cella `{column}` {}", refused.describe()),
                    )
                    .value(text)
                    .expected(links::ALLOWED)
                    .hint("scrivere l'indirizzo completo della pagina o del documento, oppure mettere il file in static/ e indicarne il percorso"),
                );
                None
            }
        }
    }

    /// A reference to a deliberation, `CdA 21/2026`.
    pub fn deliberation_ref(&mut self, column: &str) -> Option<DeliberationRef> {
        let Some(text) = self.cell(column) else {
            self.keep(column, Value::Empty);
            return None;
        };
        let parsed = values::parse_deliberation_ref(&text);
        self.keep_cell_if(column, parsed.is_some(), false);
        if parsed.is_none() {
            self.invalid(
                Rule::InvalidDeliberationRef,
                column,
                &text,
                "un riferimento a una delibera",
                "organo, numero e anno, come `CdA 21/2026`",
                "scrivere l'organo come in delibere.csv, poi numero/anno",
            );
        }
        parsed.map(|(organ, number, year)| DeliberationRef { organ, number, year })
    }
}

/// The diagnostic of the value `text` of `column` that does not fit `measure` (that of the
/// indicator `indicator`, when the value is a measurement of it).
pub fn misfit_diagnostic(
    origin: &Origin,
    column: &str,
    text: &str,
    misfit: &Misfit,
    measure: Option<Measure>,
    indicator: Option<&str>,
) -> Diagnostic {
    let of = indicator.map_or_else(|| "dell'indicatore".to_string(), |code| format!("dell'indicatore {code}"));
    let (rule, message, expected, hint) = match misfit {
        Misfit::Measure(found) => (
            Rule::MeasureMisfit,
            format!("«{text}» non è adatto alla misura {of}"),
            match measure {
                Some(measure) => format!("{} (la misura {of})", measure.describe()),
                None => found.describe().to_string(),
            },
            "correggere il valore, oppure la `misura` dell'indicatore se è un'altra",
        ),
        Misfit::Fraction(points) => (
            Rule::PercentFraction,
            format!(
                "«{text}» sembra una frazione: vale {text} %, non {} %",
                format!("{}", (points * 10_000.0).round() / 100.0).replace('.', ",")
            ),
            "una percentuale con il simbolo %, come 70% o 0,7%".to_string(),
            "scrivere il simbolo % dopo il numero: 70% se si intendeva settanta per cento",
        ),
        Misfit::Year(_) => (
            Rule::MeasureMisfit,
            format!("«{text}» non è un target con il suo anno"),
            "un target solo, oppure uno per anno come `2025: 10%; 2026: 20%`".to_string(),
            "scrivere l'anno e i due punti prima di ogni valore",
        ),
    };
    Diagnostic::new(rule, origin.at(column), message).value(text).expected(expected).hint(hint)
}

/// A deliberation as other tables cite it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct DeliberationRef {
    /// The organ (`CdA`).
    pub organ: String,
    /// The number.
    pub number: String,
    /// The year of the deliberation's date.
    pub year: i32,
}

impl fmt::Display for DeliberationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.organ, self.number, self.year)
    }
}

/// The text from a little before byte `at`, so that a long cell shows the part that matters.
fn excerpt(text: &str, at: usize) -> String {
    let start = text.char_indices().map(|(i, _)| i).find(|i| *i + 20 >= at).unwrap_or(0);
    if start == 0 { text.to_string() } else { format!("…{}", &text[start..]) }
}

/// Describes HTML that the sanitiser will remove, if the text holds any, with the byte offset
/// where it starts.
pub fn unsafe_html(text: &str) -> Option<(&'static str, usize)> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'<', bytes).is_none() {
        // Without tags, only a `javascript:` address (of a Markdown link) could be unsafe.
        return memchr::memchr_iter(b':', bytes)
            .find(|&colon| colon >= 10 && bytes[colon - 10..colon].eq_ignore_ascii_case(b"javascript"))
            .map(|colon| ("un collegamento javascript:", colon - 10));
    }
    let lower = text.to_ascii_lowercase();
    const TAGS: &[(&str, &str)] = &[
        ("<script", "uno script"),
        ("<iframe", "un frame"),
        ("<frame", "un frame"),
        ("<object", "un oggetto incorporato"),
        ("<embed", "un oggetto incorporato"),
        ("<style", "un foglio di stile"),
        ("<form", "un modulo"),
        ("<link", "un collegamento a risorse esterne"),
        ("<meta", "un meta tag"),
    ];
    let tag = lower.match_indices('<').find_map(|(at, _)| {
        let rest = &lower[at..];
        TAGS.iter().find(|(tag, _)| rest.starts_with(tag)).map(|(_, what)| (*what, at))
    });
    if tag.is_some() {
        return tag;
    }
    if let Some(at) = lower.find("javascript:") {
        return Some(("un collegamento javascript:", at));
    }
    let mut offset = 0;
    let handler = lower.split('<').enumerate().find_map(|(index, segment)| {
        let start = offset;
        offset += segment.len() + 1;
        let tag = segment.split('>').next().unwrap_or("");
        let found = index > 0
            && tag.split(|c: char| c.is_whitespace() || c == '/').skip(1).any(|attribute| {
                let name = attribute.split('=').next().unwrap_or("");
                attribute.contains('=')
                    && name.len() > 2
                    && name.starts_with("on")
                    && name.chars().all(|c| c.is_ascii_alphabetic())
            });
        found.then_some(start.saturating_sub(1))
    });
    handler.map(|at| ("un attributo di evento (on…)", at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_html_is_recognised() {
        assert_eq!(unsafe_html("<p>ok</p> <b>bene</b>"), None);
        assert_eq!(unsafe_html("testo <SCRIPT>alert(1)</script>"), Some(("uno script", 6)));
        assert_eq!(unsafe_html("<p>a</p><img src=x onerror=alert(1)>"), Some(("un attributo di evento (on…)", 8)));
        assert_eq!(unsafe_html("<a href=\"javascript:x()\">"), Some(("un collegamento javascript:", 9)));
        assert_eq!(unsafe_html("una nota on=line"), None);
        assert_eq!(unsafe_html("vedi [qui](JavaScript:alert(1))"), Some(("un collegamento javascript:", 11)));
        assert_eq!(unsafe_html("script: nota; javascript"), None);
        assert_eq!(unsafe_html("<p class=\"online\">"), None);
    }
}
