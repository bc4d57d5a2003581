//! The monitoring at the reference date as records of the computed tables of
//! [`crate::schema::DERIVED`] (`stato-fasi`, `raggiungimento-indicatori`,
//! `raggiungimento-obiettivi`), read by their declaration like every other table, so that the
//! downloads, their schemas and the catalogue come from the same place as the plan's own tables.

use std::sync::Arc;

use crate::config::{AchievementMethod, Config};
use crate::diagnostics::Diagnostics;
use crate::model::row::Row;
use crate::model::{Plan, Record};
use crate::schema::{TableId, schema};

/// The records of the computed tables of a plan.
#[derive(Debug, Clone, Default)]
pub struct ProgressRecords {
    /// One per step (`stato-fasi`).
    pub steps: Vec<Record>,
    /// One per indicator (`raggiungimento-indicatori`).
    pub indicators: Vec<Record>,
    /// One per objective (`raggiungimento-obiettivi`).
    pub objectives: Vec<Record>,
}

/// A percentage as a cell: `62,5%`.
fn percent(points: f64) -> String {
    format!("{}%", number(points))
}

/// A number as a cell, with a decimal comma: `2,5`.
fn number(value: f64) -> String {
    format!("{}", (value * 1000.0).round() / 1000.0).replace('.', ",")
}

fn method_name(method: AchievementMethod) -> &'static str {
    match method {
        AchievementMethod::Steps => "fasi",
        AchievementMethod::Indicators => "indicatori",
        AchievementMethod::Both => "fasi e indicatori",
    }
}

/// The records of `id` from `rows` of cells, one per column of its declaration.
fn read(plan: &Plan, id: TableId, rows: Vec<Vec<String>>, config: &Config) -> Vec<Record> {
    let table = schema(id);
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let written = writer
        .write_record(table.columns.iter().map(|c| c.name))
        .and_then(|()| rows.iter().try_for_each(|row| writer.write_record(row)));
    let Some(bytes) = written.ok().and_then(|()| writer.into_inner().ok()) else { return Vec::new() };
    let path = format!("dati/{}/{}", plan.id, table.file);
    // The cells are written here in the forms the declaration reads: nothing to report.
    let mut diagnostics = Diagnostics::new();
    let Some(raw) = crate::load::table::parse_table(&path, &bytes, table, &mut diagnostics) else { return Vec::new() };
    let raw = Arc::new(raw);
    (0..raw.rows.len()).map(|i| Row::new(&raw, i, config, &mut diagnostics).record()).collect()
}

/// The records of the computed tables of `plan`; empty when the plan has no monitoring.
pub fn records(plan: &Plan, config: &Config) -> ProgressRecords {
    let progress = &plan.progress;
    let Some(reference) = progress.reference_date else { return ProgressRecords::default() };
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let steps = plan
        .steps
        .iter()
        .zip(&progress.steps)
        .map(|(step, p)| {
            vec![
                step.objective().to_string(),
                step.code().to_string(),
                reference.to_string(),
                p.status.label().to_string(),
                date(step.schedule.due()),
                date(p.measured_on),
                date(p.completed_on),
            ]
        })
        .collect();
    let indicators = plan
        .indicators
        .iter()
        .zip(&progress.indicators)
        .map(|(indicator, p)| {
            vec![
                indicator.objective.clone(),
                indicator.code.clone(),
                reference.to_string(),
                p.latest.as_ref().map(|(_, v)| v.data_text()).unwrap_or_default(),
                date(p.latest.as_ref().map(|(d, _)| *d)),
                p.target.as_ref().map(|t| t.amount.data_text()).unwrap_or_default(),
                p.target.as_ref().and_then(|t| t.year).map(|y| y.to_string()).unwrap_or_default(),
                p.achievement.map(percent).unwrap_or_default(),
                p.distance.map(number).unwrap_or_default(),
            ]
        })
        .collect();
    let objectives = plan
        .objectives
        .iter()
        .zip(&progress.objectives)
        .map(|(objective, p)| {
            let points = |value: Option<f64>| value.map(percent).unwrap_or_default();
            vec![
                objective.code.clone(),
                reference.to_string(),
                p.steps.to_string(),
                p.completed.to_string(),
                p.late.to_string(),
                points(p.from_steps),
                points(p.from_indicators),
                points(p.computed),
                points(p.validated.map(|(_, v)| v)),
                p.validated.map(|(year, _)| year.to_string()).unwrap_or_default(),
                points(p.achievement()),
                method_name(progress.method).to_string(),
            ]
        })
        .collect();
    ProgressRecords {
        steps: read(plan, TableId::StepStatuses, steps, config),
        indicators: read(plan, TableId::IndicatorAchievements, indicators, config),
        objectives: read(plan, TableId::ObjectiveAchievements, objectives, config),
    }
}
