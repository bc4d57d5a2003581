//! Every table as open data: the records of the model, typed by the schema, written as CSV
//! (UTF-8, RFC 4180, `,`, ISO dates, `.` decimals, lists joined by `;`, formula injection
//! neutralised) and as JSON (numbers as numbers, dates as ISO strings, lists as arrays, the
//! record's page address). Personal-data columns appear only when the configuration publishes them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;

use crate::address;
use crate::load::values;
use crate::model::{Origin, Plan, Site};
use crate::schema::{Column, Kind, Table, TableId, schema};

/// A typed cell, its text borrowed from the raw cell where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// An empty cell.
    Null,
    /// Text (also codes and choices).
    Text(Cow<'a, str>),
    /// A decimal number (also percentages, in points).
    Number(f64),
    /// A whole number (also years).
    Integer(i64),
    /// A date.
    Date(NaiveDate),
    /// Several items.
    List(Vec<&'a str>),
}

/// One downloadable table.
#[derive(Debug)]
pub struct Dataset {
    /// Name used in file names and in `datapackage.json` (`piao-2025-2027-obiettivi`).
    pub name: String,
    /// Folder under `dati/` (`piao-2025-2027`, or empty for site-wide tables).
    pub folder: String,
    /// Title for people.
    pub title: String,
    /// The table's schema.
    pub schema: &'static Table,
    /// The published columns, in schema order.
    pub columns: Vec<&'static Column>,
    /// The rows of the model's records, typed when written ([`Dataset::record`]): the cells are
    /// not copied.
    rows: Vec<Origin>,
    /// Where each published column is in the file of the rows, when they all come from one file.
    positions: Option<Vec<Option<usize>>>,
    /// Address of each record's page, when records have pages: shared by the records of one
    /// page (the steps and indicators of an objective).
    pub pages: Option<Vec<Arc<str>>>,
    /// Latest update date found in the records.
    pub updated: Option<NaiveDate>,
}

impl Dataset {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the table has no records.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Record `index`: one value per published column.
    pub fn record(&self, index: usize) -> Vec<Value<'_>> {
        self.columns.iter().zip(self.raw_cells(index)).map(|(c, raw)| typed(c.kind, raw)).collect()
    }

    /// The cells of record `index` as written in its file, one per published column.
    pub fn raw_cells(&self, index: usize) -> impl Iterator<Item = &str> {
        let origin = &self.rows[index];
        self.columns.iter().enumerate().map(move |(i, column)| match &self.positions {
            Some(positions) => origin.raw_at(positions[i]),
            None => origin.raw(column.name),
        })
    }

    /// Path of the CSV file in the site (`dati/piao-2025-2027/obiettivi.csv`).
    pub fn path(&self, extension: &str) -> String {
        crate::address::download(&self.folder, self.schema.stem(), extension)
    }
}

/// The value of a cell as its column's kind reads it (the model has already validated it). A long
/// text holding HTML that the pages remove (rule V008) is published as the sanitised HTML the
/// page shows, never as written: a download must not carry a script the site refused.
pub fn typed(kind: Kind, raw: &str) -> Value<'_> {
    let raw = raw.trim();
    if raw.is_empty() {
        return if matches!(kind, Kind::List | Kind::References(_)) { Value::List(Vec::new()) } else { Value::Null };
    }
    if kind == Kind::LongText && crate::model::row::unsafe_html(raw).is_some() {
        return Value::Text(Cow::Owned(crate::html::markdown::to_html(raw).trim_end().to_string()));
    }
    let parsed = match kind {
        Kind::Integer => values::parse_integer(raw).map(Value::Integer),
        Kind::Year => values::parse_year(raw).map(|y| Value::Integer(i64::from(y))),
        Kind::Number => values::parse_number(raw).map(Value::Number),
        Kind::Percent => values::parse_percent(raw).map(Value::Number),
        Kind::Date => values::parse_date(raw).map(Value::Date),
        Kind::List | Kind::References(_) => Some(Value::List(values::list_items(raw).collect())),
        Kind::Choice(_) => Some(Value::Text(Cow::Owned(raw.to_lowercase()))),
        Kind::Text
        | Kind::LongText
        | Kind::Code
        | Kind::Reference(_)
        | Kind::DeliberationRef
        | Kind::Link
        | Kind::Period => None,
    };
    parsed.unwrap_or(Value::Text(Cow::Borrowed(raw)))
}

/// Every dataset of the site, site-wide first, then each plan's.
pub fn datasets(site: &Site) -> Vec<Dataset> {
    let mut all = vec![
        dataset(site, "", TableId::Entity, site.entity.iter().map(|e| &e.origin), None),
        dataset(site, "", TableId::Offices, site.offices.iter().map(|o| &o.origin), None),
        dataset(site, "", TableId::Deliberations, site.deliberations.iter().map(|d| &d.origin), None),
    ];
    for plan in &site.plans {
        all.extend(plan_datasets(site, plan));
    }
    all
}

fn plan_datasets(site: &Site, plan: &Plan) -> Vec<Dataset> {
    let objective_pages: Vec<Arc<str>> =
        plan.objectives.iter().map(|o| Arc::from(address::objective(&plan.id, &o.code))).collect();
    let by_code: HashMap<&str, &Arc<str>> =
        plan.objectives.iter().map(|o| o.code.as_str()).zip(&objective_pages).collect();
    let page_of = |code: &str| {
        by_code.get(code).map_or_else(|| Arc::from(address::objective(&plan.id, code)), |page| Arc::clone(page))
    };
    let step_pages = plan.steps.iter().map(|s| page_of(&s.objective)).collect();
    let indicator_pages = plan.indicators.iter().map(|i| page_of(&i.objective)).collect();
    let area_pages = plan.areas.iter().map(|a| address::plan_index(&plan.id, "aree", Some(&a.code)).into()).collect();
    let strategic_pages = plan
        .strategic_objectives
        .iter()
        .map(|s| address::plan_index(&plan.id, "obiettivi-strategici", Some(&s.code)).into())
        .collect();
    let id = plan.id.as_str();
    vec![
        dataset(site, id, TableId::Plan, [&plan.origin].into_iter(), Some(vec![address::plan(&plan.id).into()])),
        dataset(site, id, TableId::StrategicAreas, plan.areas.iter().map(|a| &a.origin), Some(area_pages)),
        dataset(
            site,
            id,
            TableId::StrategicObjectives,
            plan.strategic_objectives.iter().map(|s| &s.origin),
            Some(strategic_pages),
        ),
        dataset(site, id, TableId::Objectives, plan.objectives.iter().map(|o| &o.origin), Some(objective_pages)),
        dataset(site, id, TableId::Steps, plan.steps.iter().map(|s| &s.origin), Some(step_pages)),
        dataset(site, id, TableId::Indicators, plan.indicators.iter().map(|i| &i.origin), Some(indicator_pages)),
        dataset(site, id, TableId::Measurements, plan.measurements.iter().map(|m| &m.origin), None),
        dataset(site, id, TableId::Staffing, plan.staffing.iter().map(|s| &s.origin), None),
        dataset(site, id, TableId::Hiring, plan.hiring.iter().map(|h| &h.origin), None),
    ]
}

fn dataset<'a>(
    site: &Site,
    folder: &str,
    id: TableId,
    origins: impl Iterator<Item = &'a Origin>,
    pages: Option<Vec<Arc<str>>>,
) -> Dataset {
    let schema = schema(id);
    let columns: Vec<&'static Column> =
        schema.columns.iter().filter(|c| !c.personal || site.config.publishes(schema.stem(), c.name)).collect();
    let rows: Vec<Origin> = origins.cloned().collect();
    let positions = rows
        .first()
        .filter(|first| rows.iter().all(|row| std::ptr::eq(row.table(), first.table())))
        .map(|first| columns.iter().map(|column| first.table().column_position(column.name)).collect());
    let updated = columns
        .iter()
        .find(|c| c.name == "data_aggiornamento")
        .and_then(|c| rows.iter().filter_map(|origin| values::parse_date(origin.raw(c.name).trim())).max());
    let plan_title = site.plans.iter().find(|p| p.id == folder).map(|p| p.title.as_str());
    let title = match plan_title {
        Some(plan) => format!("{} – {plan}", schema.title),
        None => schema.title.to_string(),
    };
    let name = if folder.is_empty() { schema.stem().to_string() } else { format!("{folder}-{}", schema.stem()) };
    Dataset { name, folder: folder.to_string(), title, schema, columns, rows, positions, pages, updated }
}

/// Characters that make a spreadsheet read a text cell as a formula (OWASP, CSV injection).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe to open in a spreadsheet: a leading `'` before a formula character.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// A value as a CSV cell.
pub(super) fn csv_cell<'v>(value: &'v Value) -> Cow<'v, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Text(text) => neutralise(text),
        Value::Number(number) => Cow::Owned(format_number(*number)),
        Value::Integer(integer) => Cow::Owned(integer.to_string()),
        Value::Date(date) => Cow::Owned(date.to_string()),
        Value::List(items) => Cow::Owned(neutralise(&items.join(";")).into_owned()),
    }
}

/// `10`, `18.18`, `0.5`: the shortest form that reads back as the same number.
fn format_number(number: f64) -> String {
    let text = format!("{number}");
    if text == "-0" { "0".to_string() } else { text }
}

/// A value in JSON: numbers as numbers (`null` when not finite), dates as ISO text, lists as
/// arrays.
impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Text(text) => serializer.serialize_str(text),
            Value::Number(number) if number.is_finite() => serializer.serialize_f64(*number),
            Value::Number(_) => serializer.serialize_unit(),
            Value::Integer(integer) => serializer.serialize_i64(*integer),
            Value::Date(date) => serializer.collect_str(date),
            Value::List(items) => serializer.collect_seq(items),
        }
    }
}

/// A value as JSON.
pub fn json_value(value: &Value) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// One record of a dataset as a JSON object (serialised straight from the row's cells).
pub struct JsonRecord<'a> {
    dataset: &'a Dataset,
    index: usize,
    base_url: &'a str,
}

/// Record `index` of a dataset as a JSON object: one key per published column, and `url` when
/// records have pages.
pub fn json_record<'a>(dataset: &'a Dataset, index: usize, base_url: &'a str) -> JsonRecord<'a> {
    JsonRecord { dataset, index, base_url }
}

impl Serialize for JsonRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_map(None)?;
        for (column, value) in self.dataset.columns.iter().zip(self.dataset.record(self.index)) {
            object.serialize_entry(column.name, &value)?;
        }
        if let Some(pages) = &self.dataset.pages {
            object.serialize_entry("url", &format!("{}{}", self.base_url, pages[self.index]))?;
        }
        object.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_typed_by_their_column() {
        assert_eq!(typed(Kind::Percent, "18,18 %"), Value::Number(18.18));
        assert_eq!(typed(Kind::Date, "30/06/25"), Value::Date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        assert_eq!(typed(Kind::Integer, "35.719"), Value::Integer(35719));
        assert_eq!(typed(Kind::List, "1A; 1B"), Value::List(vec!["1A", "1B"]));
        assert_eq!(typed(Kind::Text, " x "), Value::Text("x".into()));
        assert_eq!(typed(Kind::Number, ""), Value::Null);
        assert_eq!(typed(Kind::List, ""), Value::List(vec![]));
        assert_eq!(typed(Kind::LongText, "<b>Ok</b>"), Value::Text("<b>Ok</b>".into()), "safe HTML stays as written");
        let Value::Text(cleaned) = typed(Kind::LongText, "Nota <img src=x onerror=alert(1)><script>alert(2)</script>")
        else {
            panic!("text")
        };
        assert!(!cleaned.contains("onerror") && !cleaned.contains("<script"), "{cleaned}");
        assert!(cleaned.contains("Nota"), "{cleaned}");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_untouched() {
        for formula in ["=1+1", "+39 0375", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(neutralise("t<=0"), "t<=0");
        assert_eq!(csv_cell(&Value::Number(-3.5)), "-3.5");
        assert_eq!(csv_cell(&Value::Text("=HYPERLINK(\"x\")".into())), "'=HYPERLINK(\"x\")");
    }
}
