//! Every table as open data: the records of the model, typed by the schema, written as CSV
//! (UTF-8, RFC 4180, `,`, ISO dates, `.` decimals, lists joined by `;`, formula injection
//! neutralised) and as JSON (numbers as numbers, dates as ISO strings, lists as arrays, the
//! record's page address). Personal-data columns appear only when the configuration publishes them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::address;
use crate::model::{Plan, Published, Record, Site};
use crate::schema::{Column, PLAN_COLUMN, Table, TableId, schema};

/// One downloadable table: the model's records, written in the form the model validated.
#[derive(Debug)]
pub struct Dataset<'a> {
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
    /// Where each published column is in the schema.
    indexes: Vec<usize>,
    /// The records, until [`Dataset::release_records`].
    records: Vec<&'a Record>,
    /// How many records the dataset has.
    len: usize,
    /// Address of each record's page, when records have pages: shared by the records of one
    /// page (the steps and indicators of an objective).
    pub pages: Option<Vec<Arc<str>>>,
    /// Latest update date found in the records.
    pub updated: Option<NaiveDate>,
    /// For the download of every plan together, the plan of each record, written as its first
    /// column ([`PLAN_COLUMN`]).
    plans: Option<Vec<&'a str>>,
}

impl Dataset<'_> {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the table has no records.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Lets the records, their pages and their plans go once the downloads are written: what
    /// describes the dataset (its name, columns, size, dates), which the catalogue and the
    /// metadata show, stays. At 10,000 objectives this is about 4 MB held to the end of a build.
    pub fn release_records(&mut self) {
        self.records = Vec::new();
        if let Some(pages) = &mut self.pages {
            *pages = Vec::new();
        }
        if let Some(plans) = &mut self.plans {
            *plans = Vec::new();
        }
    }

    /// Record `index`: one value per published column.
    pub fn record(&self, index: usize) -> Vec<Published<'_>> {
        let record = self.records[index];
        let plan = self.plans.as_ref().map(|plans| Published::Text(Cow::Borrowed(plans[index])));
        plan.into_iter().chain(self.indexes.iter().map(|&column| record.published(column))).collect()
    }

    /// True for the download of every plan together, whose records start with their plan.
    pub fn spans_plans(&self) -> bool {
        self.plans.is_some()
    }

    /// Path of the CSV file in the site (`dati/piao-2025-2027/obiettivi.csv`).
    pub fn path(&self, extension: &str) -> String {
        crate::address::download(&self.folder, self.schema.stem(), extension)
    }
}

/// Every dataset of the site, site-wide first, then each plan's, then, when there is more than one
/// plan, every plan's table together.
pub fn datasets(site: &Site) -> Vec<Dataset<'_>> {
    let mut all = vec![
        dataset(site, "", TableId::Entity, site.entity.iter().map(|e| &e.record), None),
        dataset(site, "", TableId::Offices, site.offices.iter().map(|o| &o.record), None),
        dataset(site, "", TableId::Deliberations, site.deliberations.iter().map(|d| &d.record), None),
    ];
    let per_plan: Vec<Vec<Dataset>> = site.plans.iter().map(|plan| plan_datasets(site, plan)).collect();
    let together = if per_plan.len() > 1 { every_plan(site, &per_plan) } else { Vec::new() };
    all.extend(per_plan.into_iter().flatten());
    all.extend(together);
    all
}

/// For each table of the plans, one dataset of the records of every plan, in the order of the
/// plans, each record with its plan: what a reader needs to compare years without joining files.
fn every_plan<'a>(site: &'a Site, per_plan: &[Vec<Dataset<'a>>]) -> Vec<Dataset<'a>> {
    let mut together: Vec<Dataset<'a>> = Vec::new();
    let parts = site.plans.iter().zip(per_plan).flat_map(|(plan, parts)| parts.iter().map(move |part| (plan, part)));
    for (plan, part) in parts {
        let dataset = match together.iter_mut().find(|d| d.schema.id == part.schema.id) {
            Some(dataset) => dataset,
            None => {
                let name = format!("{}-{}", address::ALL_PLANS, part.schema.stem());
                let title = format!("{} – tutti i piani", part.schema.title);
                together.push(Dataset {
                    name,
                    folder: address::ALL_PLANS.to_string(),
                    title,
                    schema: part.schema,
                    columns: std::iter::once(&PLAN_COLUMN).chain(part.columns.iter().copied()).collect(),
                    indexes: part.indexes.clone(),
                    records: Vec::new(),
                    len: 0,
                    pages: part.pages.as_ref().map(|_| Vec::new()),
                    updated: None,
                    plans: Some(Vec::new()),
                });
                together.last_mut().expect("just pushed")
            }
        };
        dataset.records.extend(&part.records);
        dataset.len = dataset.records.len();
        if let (Some(pages), Some(part_pages)) = (&mut dataset.pages, &part.pages) {
            pages.extend(part_pages.iter().cloned());
        }
        if let Some(plans) = &mut dataset.plans {
            plans.extend(std::iter::repeat_n(plan.id.as_str(), part.records.len()));
        }
        dataset.updated = dataset.updated.max(part.updated);
    }
    together
}

fn plan_datasets<'a>(site: &Site, plan: &'a Plan) -> Vec<Dataset<'a>> {
    let objective_pages: Vec<Arc<str>> =
        plan.objectives.iter().map(|o| Arc::from(address::objective(&plan.id, &o.code))).collect();
    let by_code: HashMap<&str, &Arc<str>> =
        plan.objectives.iter().map(|o| o.code.as_str()).zip(&objective_pages).collect();
    let page_of = |code: &str| {
        by_code.get(code).map_or_else(|| Arc::from(address::objective(&plan.id, code)), |page| Arc::clone(page))
    };
    let step_pages = plan.steps.iter().map(|s| page_of(s.objective())).collect();
    let indicator_pages = plan.indicators.iter().map(|i| page_of(&i.objective)).collect();
    let area_pages = plan.areas.iter().map(|a| address::plan_index(&plan.id, "aree", Some(&a.code)).into()).collect();
    let strategic_pages = plan
        .strategic_objectives
        .iter()
        .map(|s| address::plan_index(&plan.id, "obiettivi-strategici", Some(&s.code)).into())
        .collect();
    let id = plan.id.as_str();
    let mut computed = Vec::new();
    if plan.progress.reference_date.is_some() {
        let records = &plan.progress_records;
        let pages = |codes: Vec<&str>| Some(codes.into_iter().map(page_of).collect());
        computed = vec![
            dataset(
                site,
                id,
                TableId::StepStatuses,
                records.steps.iter(),
                pages(plan.steps.iter().map(|s| s.objective()).collect()),
            ),
            dataset(
                site,
                id,
                TableId::IndicatorAchievements,
                records.indicators.iter(),
                pages(plan.indicators.iter().map(|i| i.objective.as_str()).collect()),
            ),
            dataset(
                site,
                id,
                TableId::ObjectiveAchievements,
                records.objectives.iter(),
                pages(plan.objectives.iter().map(|o| o.code.as_str()).collect()),
            ),
        ];
    }
    let mut all = vec![
        dataset(site, id, TableId::Plan, [&plan.record].into_iter(), Some(vec![address::plan(&plan.id).into()])),
        dataset(site, id, TableId::StrategicAreas, plan.areas.iter().map(|a| &a.record), Some(area_pages)),
        dataset(
            site,
            id,
            TableId::StrategicObjectives,
            plan.strategic_objectives.iter().map(|s| &s.record),
            Some(strategic_pages),
        ),
        dataset(site, id, TableId::Objectives, plan.objectives.iter().map(|o| &o.record), Some(objective_pages)),
        dataset(site, id, TableId::Steps, plan.steps.iter().map(|s| &s.record), Some(step_pages)),
        dataset(site, id, TableId::Indicators, plan.indicators.iter().map(|i| &i.record), Some(indicator_pages)),
        dataset(site, id, TableId::MonitoringRounds, plan.rounds.iter().map(|r| &r.record), None),
        dataset(site, id, TableId::Measurements, plan.measurements.iter().map(|m| &m.record), None),
        dataset(site, id, TableId::Reports, plan.reports.iter().map(|r| &r.record), None),
        dataset(site, id, TableId::Results, plan.results.iter().map(|r| &r.record), None),
        dataset(site, id, TableId::ObjectiveStaff, plan.objective_staff.iter().map(|m| &m.record), None),
        dataset(site, id, TableId::Staffing, plan.staffing.iter().map(|s| &s.record), None),
        dataset(site, id, TableId::Hiring, plan.hiring.iter().map(|h| &h.record), None),
    ];
    all.extend(computed);
    all
}

fn dataset<'a>(
    site: &Site,
    folder: &str,
    id: TableId,
    records: impl Iterator<Item = &'a Record>,
    pages: Option<Vec<Arc<str>>>,
) -> Dataset<'a> {
    let schema = schema(id);
    let (indexes, columns): (Vec<usize>, Vec<&'static Column>) = schema
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.personal || site.config.publishes(schema.stem(), c.name))
        .unzip();
    let records: Vec<&Record> = records.collect();
    let updated = columns
        .iter()
        .find(|c| c.name == "data_aggiornamento")
        .and_then(|c| records.iter().filter_map(|record| record.date(c.name)).max());
    let plan_title = site.plans.iter().find(|p| p.id == folder).map(|p| p.title.as_str());
    let title = match plan_title {
        Some(plan) => format!("{} – {plan}", schema.title),
        None => schema.title.to_string(),
    };
    let name = if folder.is_empty() { schema.stem().to_string() } else { format!("{folder}-{}", schema.stem()) };
    let len = records.len();
    Dataset {
        name,
        folder: folder.to_string(),
        title,
        schema,
        columns,
        indexes,
        records,
        len,
        pages,
        updated,
        plans: None,
    }
}

/// What the `url` column holds, in the descriptions of a table's columns.
pub const URL_MEANING: &str = "indirizzo della pagina del record";

/// Characters that make a spreadsheet read a text cell as a formula (OWASP, CSV injection).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe to open in a spreadsheet: a leading `'` before a formula character.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// A value as a CSV cell.
pub(super) fn csv_cell<'v>(value: &'v Published) -> Cow<'v, str> {
    match value {
        Published::Null => Cow::Borrowed(""),
        Published::Text(text) => neutralise(text),
        Published::Number(number) => Cow::Owned(format_number(*number)),
        Published::Integer(integer) => Cow::Owned(integer.to_string()),
        Published::Date(date) => Cow::Owned(date.to_string()),
        Published::Bool(yes) => Cow::Borrowed(if *yes { "true" } else { "false" }),
        Published::List(items) => Cow::Owned(neutralise(&items.join(";")).into_owned()),
    }
}

/// `10`, `18.18`, `0.5`: the shortest form that reads back as the same number.
fn format_number(number: f64) -> String {
    let text = format!("{number}");
    if text == "-0" { "0".to_string() } else { text }
}

/// A value as JSON.
pub fn json_value(value: &Published) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// One record of a dataset as a JSON object (serialised straight from the row's cells).
pub struct JsonRecord<'a> {
    dataset: &'a Dataset<'a>,
    index: usize,
    base_url: &'a str,
}

/// Record `index` of a dataset as a JSON object: one key per published column, and `url` when
/// records have pages.
pub fn json_record<'a>(dataset: &'a Dataset<'a>, index: usize, base_url: &'a str) -> JsonRecord<'a> {
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
    fn formulas_are_neutralised_and_numbers_untouched() {
        for formula in ["=1+1", "+39 0375", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(neutralise("t<=0"), "t<=0");
        assert_eq!(csv_cell(&Published::Number(-3.5)), "-3.5");
        assert_eq!(csv_cell(&Published::Text("=HYPERLINK(\"x\")".into())), "'=HYPERLINK(\"x\")");
    }
}
