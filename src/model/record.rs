//! The validated values of one row, one per column its table declares ([`crate::schema`]), in
//! the one form every output publishes: the downloads write these values, and a template can
//! show any of them by its column name, so a column added to the declaration reaches the
//! downloads and the pages without code of its own.
//!
//! A value refused by a rule (a malformed date, an unsafe link, personal data the configuration
//! does not publish) is [`Value::Empty`]; a long text holding HTML the pages remove is kept
//! sanitised, never as written.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::ser::{Serialize, Serializer};

use crate::diagnostics::Location;
use crate::load::{Cells, RawTable, values};
use crate::schema::{Column, Kind, Table};

/// Where a record came from: its table and row. Every value of the record can be located from it.
#[derive(Clone)]
pub struct Origin {
    table: Arc<RawTable>,
    index: usize,
}

impl Origin {
    /// The record `index` (0-based, in `table.rows`) of `table`.
    pub fn new(table: Arc<RawTable>, index: usize) -> Origin {
        Origin { table, index }
    }

    /// Location of one of the record's cells.
    pub fn at(&self, column: &str) -> Location {
        self.table.location(self.row(), column)
    }

    /// Row of the record in its file, as a spreadsheet shows it ([`crate::load::RawRow::row`]).
    pub fn row(&self) -> u64 {
        self.table.rows[self.index].row
    }

    /// The cell as written in the file (empty when the column is missing).
    pub fn raw(&self, column: &str) -> &str {
        self.raw_at(self.table.column_position(column))
    }

    /// The cell at `position` of the file's columns as written (empty when there is none): for
    /// a column looked up once with [`RawTable::column_position`] and read in many records.
    pub fn raw_at(&self, position: Option<usize>) -> &str {
        position.and_then(|p| self.table.rows[self.index].cells.get(p)).map_or("", str::trim)
    }

    /// Every cell of the record as written in the file, in the file's column order.
    pub fn cells(&self) -> &Cells {
        &self.table.rows[self.index].cells
    }

    /// The table the record came from.
    pub fn table(&self) -> &RawTable {
        &self.table
    }

    /// True when the record is the row `index` (0-based, in `table.rows`) of `table` itself.
    pub fn is_row(&self, table: &Arc<RawTable>, index: usize) -> bool {
        Arc::ptr_eq(&self.table, table) && self.index == index
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.table.path, self.row())
    }
}

/// One validated value, as a record keeps it: text stays in the row's cells, where it was read
/// (16 bytes: a plan of 10,000 objectives holds about a million).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An empty cell, a column the file lacks, or a value that was refused.
    Empty,
    /// The trimmed cell at this position of the file's columns is the value (text, codes,
    /// references, links, periods).
    Cell(u32),
    /// The `;`-separated items of the cell at this position of the file's columns.
    Items(u32),
    /// One of the values the declaration allows (its position in the list), in its declared
    /// spelling.
    Choice(u16),
    /// Text that differs from the cell: a long text whose HTML the pages remove, as the pages
    /// show it (rule `V008`), a term the configuration adds in its spelling, targets per year in
    /// the downloads' form.
    Text(Box<String>),
    /// Yes or no.
    Bool(bool),
    /// A decimal number, also a percentage (in points).
    Number(f64),
    /// A whole number, also a year.
    Integer(i64),
    /// A date.
    Date(NaiveDate),
}

/// A record's validated values and where they came from.
#[derive(Clone)]
pub struct Record {
    /// The row the record was read from.
    pub origin: Origin,
    /// One value per column of the table's declaration, in its order.
    values: Box<[Value]>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.origin.fmt(f)
    }
}

impl Record {
    /// The record of `origin`, with one value per declared column.
    pub fn new(origin: Origin, values: Box<[Value]>) -> Record {
        debug_assert_eq!(values.len(), origin.table().schema.columns.len());
        Record { origin, values }
    }

    /// The declaration of the record's table.
    pub fn schema(&self) -> &'static Table {
        self.origin.table().schema
    }

    /// The value of the declared column at `index`, as published.
    pub fn published(&self, index: usize) -> Published<'_> {
        let kind = self.schema().columns[index].kind;
        match &self.values[index] {
            Value::Empty if matches!(kind, Kind::List | Kind::References(_)) => Published::List(Vec::new()),
            Value::Empty => Published::Null,
            Value::Cell(position) => Published::Text(Cow::Borrowed(self.cell(*position))),
            Value::Items(position) => Published::List(values::list_items(self.cell(*position)).collect()),
            Value::Choice(choice) => match kind {
                Kind::Choice(allowed) => Published::Text(Cow::Borrowed(allowed[usize::from(*choice)])),
                Kind::Terms(vocabulary) => Published::Text(Cow::Borrowed(vocabulary.terms[usize::from(*choice)].name)),
                _ => Published::Null,
            },
            Value::Text(text) => Published::Text(Cow::Borrowed(text)),
            Value::Bool(yes) => Published::Bool(*yes),
            Value::Number(number) => Published::Number(*number),
            Value::Integer(integer) => Published::Integer(*integer),
            Value::Date(date) => Published::Date(*date),
        }
    }

    /// The value of the column `name`, as published (`Null` for a column the table lacks).
    pub fn get(&self, name: &str) -> Published<'_> {
        self.position(name).map_or(Published::Null, |index| self.published(index))
    }

    /// Every declared column with its value, in the declaration's order.
    pub fn columns(&self) -> impl Iterator<Item = (&'static Column, Published<'_>)> {
        self.schema().columns.iter().enumerate().map(|(index, column)| (column, self.published(index)))
    }

    /// The date in the column `name`, if it holds one.
    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        self.date_at(self.position(name)?)
    }

    /// The date in the declared column at `index`, if it holds one.
    pub fn date_at(&self, index: usize) -> Option<NaiveDate> {
        match self.values.get(index) {
            Some(Value::Date(date)) => Some(*date),
            _ => None,
        }
    }

    /// The number (also a percentage, in points) in the declared column at `index`, if it holds
    /// one.
    pub fn number_at(&self, index: usize) -> Option<f64> {
        match self.values.get(index) {
            Some(Value::Number(number)) => Some(*number),
            _ => None,
        }
    }

    /// Replaces the value of the column `name` (a value that only other tables can type, such
    /// as a measurement read by its indicator's measure).
    pub(super) fn set(&mut self, name: &str, value: Value) {
        if let Some(index) = self.position(name) {
            self.values[index] = value;
        }
    }

    /// The text of the column `name` (text, long text, choice), `None` when it is empty or not
    /// text.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.text_at(self.position(name)?)
    }

    /// The text of the declared column at `index`, as [`Record::text`] gives it: for a column
    /// found once and read in many records.
    pub fn text_at(&self, index: usize) -> Option<&str> {
        match (self.schema().columns.get(index)?.kind, self.values.get(index)?) {
            (_, Value::Cell(position)) => Some(self.cell(*position)),
            (_, Value::Text(text)) => Some(text.as_str()),
            (Kind::Choice(allowed), Value::Choice(choice)) => allowed.get(usize::from(*choice)).copied(),
            _ => None,
        }
    }

    /// The value of the column `name` as kept.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.position(name).map(|index| &self.values[index])
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.schema().columns.iter().position(|column| column.name == name)
    }

    fn cell(&self, position: u32) -> &str {
        self.origin.raw_at(Some(position as usize))
    }
}

/// A value in the form the outputs publish, its text borrowed from the record.
#[derive(Debug, Clone, PartialEq)]
pub enum Published<'a> {
    /// Nothing.
    Null,
    /// Text (also codes, choices, links, periods).
    Text(Cow<'a, str>),
    /// A decimal number (also percentages, in points).
    Number(f64),
    /// A whole number (also years).
    Integer(i64),
    /// A date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
    /// Several items.
    List(Vec<&'a str>),
}

impl Published<'_> {
    /// True for `Null` and for a list without items.
    pub fn is_empty(&self) -> bool {
        match self {
            Published::Null => true,
            Published::List(items) => items.is_empty(),
            _ => false,
        }
    }
}

/// A value in JSON: numbers as numbers (`null` when not finite), dates as ISO text, lists as
/// arrays.
impl Serialize for Published<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Published::Null => serializer.serialize_unit(),
            Published::Text(text) => serializer.serialize_str(text),
            Published::Number(number) if number.is_finite() => serializer.serialize_f64(*number),
            Published::Number(_) => serializer.serialize_unit(),
            Published::Integer(integer) => serializer.serialize_i64(*integer),
            Published::Date(date) => serializer.collect_str(date),
            Published::Bool(yes) => serializer.serialize_bool(*yes),
            Published::List(items) => serializer.collect_seq(items),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::diagnostics::{Diagnostics, Rule};
    use crate::model::row::Row;
    use crate::schema::{TableId, schema};

    fn config(extra: &str) -> Config {
        Config::parse(&format!("titolo = \"Ente\"\n{extra}")).unwrap()
    }

    /// The record of the only row of `csv`, a file of table `id`, and the rules it broke.
    fn read(id: TableId, csv: &str, config: &Config) -> (Record, Vec<Rule>) {
        let mut diagnostics = Diagnostics::new();
        let table = crate::load::table::parse_table("data/x.csv", csv.as_bytes(), schema(id), &mut diagnostics);
        let table = Arc::new(table.unwrap());
        let record = Row::new(&table, 0, config, &mut diagnostics).record();
        (record, diagnostics.iter().map(|d| d.rule).collect())
    }

    #[test]
    fn a_value_takes_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn every_declared_column_is_read_by_its_kind_even_when_no_code_names_it() {
        let csv = "codice,titolo,tipo,peso_primo_anno,scadenza,anno_primo_inserimento,stakeholder,azioni,criticita\n\
                   1, Titolo ,PERFORMANCE,\"18,18 %\",30/06/25,2025,Comuni; ASL,<b>Ok</b>,Nota <img src=x onerror=alert(1)>\n";
        let (record, rules) = read(TableId::Objectives, csv, &config(""));
        assert_eq!(rules, vec![Rule::UnsafeHtml]);
        assert_eq!(record.get("titolo"), Published::Text("Titolo".into()));
        assert_eq!(record.get("tipo"), Published::Text("performance".into()), "the declared spelling");
        assert_eq!(record.get("peso_primo_anno"), Published::Number(18.18));
        assert_eq!(record.get("scadenza"), Published::Date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        assert_eq!(record.get("anno_primo_inserimento"), Published::Integer(2025));
        assert_eq!(record.get("stakeholder"), Published::List(vec!["Comuni", "ASL"]));
        assert_eq!(record.get("aree_strategiche"), Published::List(vec![]), "a missing list column is an empty list");
        assert_eq!(record.get("descrizione"), Published::Null);
        assert_eq!(record.get("azioni"), Published::Text("<b>Ok</b>".into()), "safe HTML stays as written");
        let Published::Text(cleaned) = record.get("criticita") else { panic!("text") };
        assert!(!cleaned.contains("onerror") && cleaned.contains("Nota"), "sanitised: {cleaned}");
        assert_eq!(record.columns().count(), schema(TableId::Objectives).columns.len());
    }

    #[test]
    fn refused_values_are_not_published() {
        let csv = "organo,numero,data,oggetto,documento\nCdA,21,32/03/2026,Oggetto,javascript:alert(1)\n";
        let (record, rules) = read(TableId::Deliberations, csv, &config(""));
        assert_eq!(rules, vec![Rule::InvalidDate, Rule::UnsafeLink]);
        assert_eq!(record.get("data"), Published::Null);
        assert_eq!(record.get("documento"), Published::Null);
        let csv = "area,profilo,nominativo\nArea,Funzionario,Mario Rossi\n";
        let (record, rules) = read(TableId::Staffing, csv, &config(""));
        assert_eq!(rules, vec![Rule::PersonalData]);
        assert_eq!(record.get("nominativo"), Published::Null, "personal data the configuration does not publish");
        let publishing = config("[privacy]\ncolonne_pubblicate = [\"dotazione-organica.nominativo\"]");
        let (record, rules) = read(TableId::Staffing, csv, &publishing);
        assert!(rules.is_empty());
        assert_eq!(record.get("nominativo"), Published::Text("Mario Rossi".into()));
    }
}
