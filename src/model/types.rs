//! The typed records of a site: entity, offices, deliberations, plans and everything in a plan.
//!
//! Field names are English; the Italian names live in the schema. Each record keeps its
//! [`Record`] (skipped when serialised): its validated values, one per declared column, and where it came from, so any rule can point at the cell it is about.
//! Personal-data fields hold a value only when the configuration publishes them.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::record::Record;
use super::row::DeliberationRef;
use crate::load::measures::{Amount, Target};
use crate::load::periods::Period;
use crate::schema::Measure;

/// The entity publishing the site (`ente.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// Name.
    pub name: String,
    /// Kind of entity (`Consorzio`).
    pub kind: Option<String>,
    /// Street and number.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Province code.
    pub province: Option<String>,
    /// Tax code.
    pub tax_code: Option<String>,
    /// VAT number.
    pub vat_number: Option<String>,
    /// Code in the national index of public administrations (IPA).
    pub ipa_code: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Certified e-mail.
    pub pec: Option<String>,
    /// Institutional website.
    pub website: Option<String>,
    /// Number of employees.
    pub employees: Option<i64>,
    /// Date of the employee count.
    pub employees_at: Option<NaiveDate>,
    /// Inhabitants of the territory served.
    pub inhabitants: Option<i64>,
    /// Date of the inhabitant count.
    pub inhabitants_at: Option<NaiveDate>,
    /// Date of the last update of the registry.
    pub updated: Option<NaiveDate>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// An office (`strutture.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Office {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level: area, servizio, ufficio.
    pub kind: Option<String>,
    /// Code of the office it belongs to.
    pub parent: Option<String>,
    /// Head (role or name).
    pub head: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Established on.
    pub from: Option<NaiveDate>,
    /// Closed on.
    pub to: Option<NaiveDate>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A deliberation (`delibere.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Deliberation {
    /// Organ (`CdA`).
    pub organ: String,
    /// Number.
    pub number: String,
    /// Date.
    pub date: NaiveDate,
    /// Subject.
    pub subject: String,
    /// Kind of act.
    pub kind: Option<String>,
    /// Protocol number.
    pub protocol: Option<String>,
    /// Document: a file under `static/` or a web address.
    pub document: Option<String>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

impl Deliberation {
    /// How other tables cite this deliberation.
    pub fn reference(&self) -> DeliberationRef {
        use chrono::Datelike;
        DeliberationRef { organ: self.organ.clone(), number: self.number.clone(), year: self.date.year() }
    }

    /// The address of the deliberation's page.
    pub fn address(&self) -> String {
        use chrono::Datelike;
        crate::address::deliberation(&self.organ, &self.number, self.date.year())
    }

    /// The organ by its full name, for a reader who does not know the entity's abbreviations:
    /// the common ones spelled out (`CdA` is «Consiglio di amministrazione»), any other name as
    /// the data writes it.
    pub fn board(&self) -> &str {
        board_name(&self.organ)
    }
}

/// `organ` by its full name when it is a common abbreviation, else as it is.
fn board_name(organ: &str) -> &str {
    let folded: String = organ.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    BOARDS.iter().find(|(short, _)| *short == folded).map_or(organ, |(_, full)| full)
}

/// Abbreviations of the boards of Italian public bodies, folded (letters and digits, lowercase),
/// and their full names.
const BOARDS: &[(&str, &str)] = &[
    ("cda", "Consiglio di amministrazione"),
    ("cc", "Consiglio comunale"),
    ("gc", "Giunta comunale"),
    ("gm", "Giunta municipale"),
    ("cp", "Consiglio provinciale"),
    ("gp", "Giunta provinciale"),
    ("gr", "Giunta regionale"),
    ("cr", "Consiglio regionale"),
    ("ac", "Assemblea consortile"),
    ("cdi", "Consiglio di indirizzo"),
];

/// A plan and everything in it (one folder of `data/`).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Folder name, used in addresses.
    pub id: String,
    /// Title.
    pub title: String,
    /// First year.
    pub start_year: i32,
    /// Last year.
    pub end_year: i32,
    /// Approving deliberation.
    pub approval: Option<DeliberationRef>,
    /// Date of approval.
    pub approved_on: Option<NaiveDate>,
    /// Presentation (Markdown or HTML).
    pub description: Option<String>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// Strategic areas.
    pub areas: Vec<StrategicArea>,
    /// Strategic objectives.
    pub strategic_objectives: Vec<StrategicObjective>,
    /// Objectives.
    pub objectives: Vec<Objective>,
    /// Steps of all objectives, in file order.
    pub steps: Vec<Step>,
    /// Indicators of all objectives.
    pub indicators: Vec<Indicator>,
    /// The date the monitoring refers to: `piano.data_riferimento`, or else the latest round's.
    pub reference_date: Option<NaiveDate>,
    /// Monitoring rounds, by reference date.
    pub rounds: Vec<MonitoringRound>,
    /// Monitoring measurements.
    pub measurements: Vec<Measurement>,
    /// Annual performance reports.
    pub reports: Vec<Report>,
    /// Validated results.
    pub results: Vec<Outcome>,
    /// Staff taking part in the objectives.
    pub objective_staff: Vec<ObjectiveStaff>,
    /// Staffing table.
    pub staffing: Vec<StaffPosition>,
    /// Hiring plan.
    pub hiring: Vec<Hiring>,
    /// The plan's record (`piano.csv`): its validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
    /// Positions in `steps` and `indicators` of each objective's records, in file order.
    #[serde(skip)]
    pub index: PlanIndex,
    /// How far each step, indicator and objective got at the reference date.
    #[serde(skip)]
    pub progress: super::progress::Progress,
    /// The same, as records of the computed tables, for the downloads.
    #[serde(skip)]
    pub progress_records: super::progress::ProgressRecords,
}

/// Which steps and indicators belong to each objective, so that finding them does not scan the
/// whole plan once per objective.
#[derive(Debug, Clone, Default)]
pub struct PlanIndex {
    steps: HashMap<String, Vec<usize>>,
    indicators: HashMap<String, Vec<usize>>,
    staff: HashMap<String, Vec<usize>>,
}

impl PlanIndex {
    /// Indexes the steps, indicators and staff by objective.
    pub fn new(steps: &[Step], indicators: &[Indicator], staff: &[ObjectiveStaff]) -> Self {
        let mut index = PlanIndex::default();
        for (position, step) in steps.iter().enumerate() {
            index.steps.entry(step.objective().to_string()).or_default().push(position);
        }
        for (position, indicator) in indicators.iter().enumerate() {
            index.indicators.entry(indicator.objective.clone()).or_default().push(position);
        }
        for (position, member) in staff.iter().enumerate() {
            index.staff.entry(member.objective.clone()).or_default().push(position);
        }
        index
    }

    /// After the steps at `first..first + replaced` were replaced by `put` steps, all of them of
    /// objective `objective`: the index moved to match, as [`PlanIndex::new`] would make it.
    pub fn steps_replaced(&mut self, objective: &str, first: usize, replaced: usize, put: usize) {
        respliced(&mut self.steps, objective, first, replaced, put);
    }

    /// After the staff at `first..first + replaced` were replaced by `put` others, all of them of
    /// objective `objective`: the index moved to match, as [`PlanIndex::new`] would make it.
    pub fn staff_replaced(&mut self, objective: &str, first: usize, replaced: usize, put: usize) {
        respliced(&mut self.staff, objective, first, replaced, put);
    }
}

/// The positions of one table's records by objective, after those at `first..first + replaced`
/// were replaced by `put` records, all of objective `objective`.
fn respliced(positions: &mut HashMap<String, Vec<usize>>, objective: &str, first: usize, replaced: usize, put: usize) {
    let end = first + replaced;
    for list in positions.values_mut() {
        list.retain(|&p| p < first || p >= end);
        list.iter_mut().filter(|p| **p >= end).for_each(|p| *p = *p - replaced + put);
    }
    let list = positions.entry(objective.to_string()).or_default();
    let at = list.partition_point(|&p| p < first);
    list.splice(at..at, first..first + put);
    if list.is_empty() {
        positions.remove(objective);
    }
}

impl Plan {
    /// The latest date the plan's data was updated: its own dates, its objectives' and steps'.
    pub fn updated_on(&self) -> Option<NaiveDate> {
        let dates = self.objectives.iter().map(|o| o.updated).chain(self.steps.iter().map(|s| s.updated()));
        dates.chain([self.updated, self.approved_on]).flatten().max()
    }

    /// Positions in [`Plan::steps`] of the steps of one objective, in file order.
    pub fn step_positions(&self, objective: &str) -> &[usize] {
        self.index.steps.get(objective).map_or(&[], Vec::as_slice)
    }

    /// Positions in [`Plan::indicators`] of the indicators of one objective, in file order.
    pub fn indicator_positions(&self, objective: &str) -> &[usize] {
        self.index.indicators.get(objective).map_or(&[], Vec::as_slice)
    }

    /// The steps of one objective, in file order.
    pub fn steps_of<'a>(&'a self, objective: &str) -> impl Iterator<Item = &'a Step> + 'a {
        self.step_positions(objective).iter().map(|&i| &self.steps[i])
    }

    /// The staff taking part in one objective, in file order.
    pub fn staff_of<'a>(&'a self, objective: &str) -> impl Iterator<Item = &'a ObjectiveStaff> + 'a {
        let positions = self.index.staff.get(objective).map_or(&[][..], Vec::as_slice);
        positions.iter().map(|&i| &self.objective_staff[i])
    }

    /// The indicators of one objective, in file order.
    pub fn indicators_of<'a>(&'a self, objective: &str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicator_positions(objective).iter().map(|&i| &self.indicators[i])
    }
}

/// A strategic area.
#[derive(Debug, Clone, Serialize)]
pub struct StrategicArea {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Political referent.
    pub political_referent: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A strategic objective, in one area.
#[derive(Debug, Clone, Serialize)]
pub struct StrategicObjective {
    /// Code.
    pub code: String,
    /// Code of its area.
    pub area: String,
    /// Title.
    pub title: String,
    /// Reference to the DUP.
    pub dup_reference: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// An objective: one page of the site. Its long texts (current and expected situation, actions,
/// costs…) and the staff involved are values of its record, which the pages read by column.
#[derive(Debug, Clone, Serialize)]
pub struct Objective {
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// performance, peg or operativo.
    pub kind: String,
    /// Its own description (Markdown or HTML).
    pub description: Option<String>,
    /// When it is due: deadline and/or period.
    pub schedule: Schedule,
    /// Reference to the entity's single programming document (DUP).
    pub dup_reference: Option<String>,
    /// Code of the office that coordinates it.
    pub coordinating_office: Option<String>,
    /// Codes of linked strategic objectives.
    pub strategic_objectives: Vec<String>,
    /// Codes of strategic areas.
    pub areas: Vec<String>,
    /// Public-value dimensions.
    pub public_value: Vec<String>,
    /// Codes of responsible offices.
    pub offices: Vec<String>,
    /// Stakeholders.
    pub stakeholders: Vec<String>,
    /// Weight on the plan's first year, in percentage points.
    pub weight: Option<f64>,
    /// Year of first inclusion in a plan.
    pub first_year: Option<i32>,
    /// Its code in the previous plan, when it changed (`obiettivo_precedente`).
    pub previous: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A step of an objective.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// When it is due: deadline and/or period.
    pub schedule: Schedule,
    /// The record's validated values, and where it came from: its codes, weights and date are
    /// read from there, not copied beside it (a plan of 10,000 objectives has 100,000 steps).
    #[serde(skip)]
    pub record: Record,
}

/// Where the columns a [`Step`] reads are in the declaration of its table, found once: a plan of
/// 10,000 objectives reads its 100,000 steps' codes at every build.
struct StepColumns {
    objective: usize,
    code: usize,
    weight: usize,
    year_weight: usize,
    updated: usize,
}

static STEP_COLUMNS: std::sync::LazyLock<StepColumns> = std::sync::LazyLock::new(|| {
    let columns = crate::schema::schema(crate::schema::TableId::Steps).columns;
    let position = |name: &str| columns.iter().position(|column| column.name == name).unwrap_or(usize::MAX);
    StepColumns {
        objective: position("obiettivo"),
        code: position("codice"),
        weight: position("peso_obiettivo"),
        year_weight: position("peso_primo_anno"),
        updated: position("data_aggiornamento"),
    }
});

impl Step {
    /// Code of the objective.
    pub fn objective(&self) -> &str {
        self.record.text_at(STEP_COLUMNS.objective).unwrap_or_default()
    }

    /// Code of the step.
    pub fn code(&self) -> &str {
        self.record.text_at(STEP_COLUMNS.code).unwrap_or_default()
    }

    /// Weight on the objective, in percentage points.
    pub fn weight(&self) -> Option<f64> {
        self.record.number_at(STEP_COLUMNS.weight)
    }

    /// Weight on the plan's first year, in percentage points.
    pub fn year_weight(&self) -> Option<f64> {
        self.record.number_at(STEP_COLUMNS.year_weight)
    }

    /// Last update.
    pub fn updated(&self) -> Option<NaiveDate> {
        self.record.date_at(STEP_COLUMNS.updated)
    }

    /// Description (Markdown or HTML), as its cell holds it: the pages sanitise it as they show it.
    pub fn description(&self) -> &str {
        self.record.origin.raw("descrizione")
    }

    /// KPI (Markdown or HTML), as its cell holds it, if it has one.
    pub fn kpi(&self) -> Option<&str> {
        Some(self.record.origin.raw("kpi")).filter(|kpi| !kpi.is_empty())
    }
}

/// When an objective or a step is due, as the plan writes it: a deadline (`scadenza`), a period
/// (`periodo`), or both.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Schedule {
    /// Deadline.
    pub deadline: Option<NaiveDate>,
    /// Period, as the plan writes it.
    pub period: Option<String>,
    /// The dates of the period, when it could be read.
    pub period_dates: Option<Period>,
}

impl Schedule {
    /// When it is due: the deadline, or else the end of the period.
    pub fn due(&self) -> Option<NaiveDate> {
        self.deadline.or(self.period_dates.map(|period| period.to))
    }

    /// The column the due date comes from (`scadenza` or `periodo`), for diagnostics.
    pub fn due_column(&self) -> &'static str {
        if self.deadline.is_some() { "scadenza" } else { "periodo" }
    }
}

/// An indicator of an objective.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Code of the objective.
    pub objective: String,
    /// Code of the indicator.
    pub code: String,
    /// Description.
    pub description: String,
    /// Dimension measured: efficacia, efficienza, attività/processo, …
    pub kind: Option<String>,
    /// Measure as the plan names it: numero, percentuale, data, sì/no, tempestività, …
    pub measure: Option<String>,
    /// How its values are read, from the measure.
    pub reading: Option<Measure>,
    /// crescente or decrescente, as the plan writes it.
    pub direction: Option<String>,
    /// Starting value.
    pub baseline: Option<Amount>,
    /// Targets: one for the plan, or one per year.
    pub targets: Vec<Target>,
    /// Unit.
    pub unit: Option<String>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

impl Indicator {
    /// Whether a higher value is better: as the plan says (`direzione`), or else as the target
    /// lies from the starting value; `None` when neither tells.
    pub fn higher_is_better(&self) -> Option<bool> {
        match self.direction.as_deref() {
            Some("crescente") => return Some(true),
            Some("decrescente") => return Some(false),
            _ => {}
        }
        let baseline = self.baseline.as_ref()?.number()?;
        let target = self.targets.last()?.amount.number()?;
        (target != baseline).then_some(target > baseline)
    }
}

/// A monitoring measurement of a step or an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// Code of the objective.
    pub objective: String,
    /// Code of the step measured.
    pub step: Option<String>,
    /// Code of the indicator measured.
    pub indicator: Option<String>,
    /// Date.
    pub date: NaiveDate,
    /// Status of the step.
    pub status: Option<String>,
    /// Measured value of the indicator, read by the indicator's measure.
    pub value: Option<Amount>,
    /// Note.
    pub note: Option<String>,
    /// Document attesting it: a file under `static/` or a web address.
    pub document: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A monitoring round of a plan (`monitoraggi.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct MonitoringRound {
    /// The date the round refers to.
    pub reference_date: NaiveDate,
    /// Title.
    pub title: String,
    /// The deliberation that takes note of it.
    pub deliberation: Option<DeliberationRef>,
    /// Note (Markdown or HTML).
    pub note: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// The annual performance report of one year (`relazioni.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The year reported on.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Who validated it (the OIV, the Nucleo di valutazione).
    pub validated_by: Option<String>,
    /// When it was validated.
    pub validated_on: Option<NaiveDate>,
    /// The deliberation that approves it.
    pub deliberation: Option<DeliberationRef>,
    /// Summary of the results (Markdown or HTML).
    pub summary: Option<String>,
    /// What it does not publish, and why (Markdown or HTML).
    pub unpublished: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A validated result of one year (`risultati.csv`): of an objective, an office or an area.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The year.
    pub year: i32,
    /// Code of the objective, for an objective's result.
    pub objective: Option<String>,
    /// Code of the office evaluated.
    pub office: Option<String>,
    /// Code of the strategic area evaluated.
    pub area: Option<String>,
    /// Validated achievement, in percentage points.
    pub achievement: Option<f64>,
    /// Score given.
    pub score: Option<f64>,
    /// Highest possible score.
    pub max_score: Option<f64>,
    /// Note (Markdown or HTML).
    pub note: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A person taking part in an objective.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveStaff {
    /// Code of the objective.
    pub objective: String,
    /// Name (personal data: empty unless published).
    pub name: Option<String>,
    /// Category or contractual area.
    pub category: Option<String>,
    /// Professional profile.
    pub profile: Option<String>,
    /// Role in the objective.
    pub role: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A position of the staffing table.
#[derive(Debug, Clone, Serialize)]
pub struct StaffPosition {
    /// Area.
    pub area: String,
    /// Service.
    pub service: Option<String>,
    /// Professional profile.
    pub profile: String,
    /// Weekly hours.
    pub weekly_hours: Option<f64>,
    /// Duties.
    pub duties: Option<String>,
    /// Funding.
    pub funding: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Name of the employee (personal data: empty unless published).
    pub name: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

/// A planned hiring.
#[derive(Debug, Clone, Serialize)]
pub struct Hiring {
    /// Year.
    pub year: i32,
    /// Professional profile.
    pub profile: String,
    /// Number of people.
    pub count: i64,
    /// Working-time and contract regime.
    pub regime: Option<String>,
    /// Area or service.
    pub area: Option<String>,
    /// How the hiring is made.
    pub method: Option<String>,
    /// effettuata, in corso, prevista.
    pub status: Option<String>,
    /// Funding.
    pub funding: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The record's validated values, and where it came from.
    #[serde(skip)]
    pub record: Record,
}

#[cfg(test)]
mod tests {
    use super::{STEP_COLUMNS, board_name};

    #[test]
    fn every_column_a_step_reads_is_declared() {
        let columns = crate::schema::schema(crate::schema::TableId::Steps).columns;
        let found = [
            STEP_COLUMNS.objective,
            STEP_COLUMNS.code,
            STEP_COLUMNS.weight,
            STEP_COLUMNS.year_weight,
            STEP_COLUMNS.updated,
        ];
        let names: Vec<&str> = found.iter().map(|&index| columns[index].name).collect();
        assert_eq!(names, ["obiettivo", "codice", "peso_obiettivo", "peso_primo_anno", "data_aggiornamento"]);
    }

    #[test]
    fn a_board_is_named_in_full() {
        assert_eq!(board_name("CdA"), "Consiglio di amministrazione");
        assert_eq!(board_name("C.d.A."), "Consiglio di amministrazione");
        assert_eq!(board_name("G.C."), "Giunta comunale");
        assert_eq!(board_name("Assemblea dei sindaci"), "Assemblea dei sindaci");
    }
}
