//! How far each promise got, at the plan's reference date: the status of each step, the
//! achievement of each indicator and objective, and the roll-ups of groups of objectives. The
//! formulas are documented in `docs/monitoring.md`; the reference date is in the data, never the
//! clock of the build, so that the same data always gives the same site.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::config::AchievementMethod;
use crate::load::measures::{Amount, Target};

use super::{Indicator, Measurement, Objective, Plan, Step};

/// The status of a step at the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum StepStatus {
    /// Its deadline or period ended and it is not complete.
    Late,
    /// Started, not complete, still in time.
    InProgress,
    /// Not started, still in time.
    NotStarted,
    /// Completed by its deadline (or it has none).
    CompletedOnTime,
    /// Completed after its deadline.
    CompletedLate,
    /// No measurement of it up to the reference date.
    NotMeasured,
}

impl StepStatus {
    /// The status in words, as pages and downloads write it.
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::CompletedOnTime => "completata in tempo",
            StepStatus::CompletedLate => "completata in ritardo",
            StepStatus::InProgress => "in corso",
            StepStatus::Late => "in ritardo",
            StepStatus::NotStarted => "non avviata",
            StepStatus::NotMeasured => "non rilevata",
        }
    }

    /// A symbol beside the words, never in their place.
    pub fn symbol(self) -> &'static str {
        match self {
            StepStatus::CompletedOnTime | StepStatus::CompletedLate => "✓",
            StepStatus::InProgress => "◔",
            StepStatus::Late => "!",
            StepStatus::NotStarted => "○",
            StepStatus::NotMeasured => "–",
        }
    }

    /// A name for the theme's styles.
    pub fn class(self) -> &'static str {
        match self {
            StepStatus::CompletedOnTime => "completata",
            StepStatus::CompletedLate => "completata-in-ritardo",
            StepStatus::InProgress => "in-corso",
            StepStatus::Late => "in-ritardo",
            StepStatus::NotStarted => "non-avviata",
            StepStatus::NotMeasured => "non-rilevata",
        }
    }

    /// True when the step is completed, in time or not.
    pub fn completed(self) -> bool {
        matches!(self, StepStatus::CompletedOnTime | StepStatus::CompletedLate)
    }
}

/// A step at the reference date.
#[derive(Debug, Clone, PartialEq)]
pub struct StepProgress {
    /// Its status.
    pub status: StepStatus,
    /// The date of the measurement the status comes from.
    pub measured_on: Option<NaiveDate>,
    /// The first date it was measured completed.
    pub completed_on: Option<NaiveDate>,
}

/// An indicator at the reference date.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorProgress {
    /// Its latest value up to the reference date, with its date.
    pub latest: Option<(NaiveDate, Amount)>,
    /// The target its latest value is measured against: the one of the value's year, or the
    /// plan's.
    pub target: Option<Target>,
    /// How far the latest value got from the baseline to the target, 0–100.
    pub achievement: Option<f64>,
    /// What is left to the target (target − value), for numbers and percentages.
    pub distance: Option<f64>,
    /// Every value measured up to the reference date, by date.
    pub history: Vec<(NaiveDate, Amount)>,
}

/// An objective at the reference date.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveProgress {
    /// Steps completed, out of `steps`.
    pub completed: usize,
    /// Steps of the objective.
    pub steps: usize,
    /// Steps late.
    pub late: usize,
    /// Achievement from its steps, 0–100.
    pub from_steps: Option<f64>,
    /// Achievement from its indicators, 0–100.
    pub from_indicators: Option<f64>,
    /// Achievement by the configured method, 0–100.
    pub computed: Option<f64>,
    /// Achievement validated in the annual report (`risultati.csv`), with its year.
    pub validated: Option<(i32, f64)>,
}

impl ObjectiveProgress {
    /// The achievement shown: the validated one when there is one, else the computed one.
    pub fn achievement(&self) -> Option<f64> {
        self.validated.map(|(_, points)| points).or(self.computed)
    }
}

/// The monitoring of a plan at its reference date, parallel to the plan's steps, indicators and
/// objectives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// The date the monitoring refers to; `None` when the plan has no monitoring.
    pub reference_date: Option<NaiveDate>,
    /// How objective achievements are computed.
    pub method: AchievementMethod,
    /// One per step of [`Plan::steps`].
    pub steps: Vec<StepProgress>,
    /// One per indicator of [`Plan::indicators`].
    pub indicators: Vec<IndicatorProgress>,
    /// One per objective of [`Plan::objectives`].
    pub objectives: Vec<ObjectiveProgress>,
}

impl Progress {
    /// The monitoring of `plan`, with objective achievements computed by `method`. Its reference
    /// date is the plan's, or else the date of its latest measurement.
    pub fn of(plan: &Plan, method: AchievementMethod) -> Progress {
        match plan.reference_date.or(plan.measurements.iter().map(|m| m.date).max()) {
            Some(reference) => Progress::at(plan, method, reference),
            None => Progress { method, ..Progress::default() },
        }
    }

    /// The monitoring of `plan` at `reference` (a monitoring round's date), with objective
    /// achievements computed by `method`.
    pub fn at(plan: &Plan, method: AchievementMethod, reference: NaiveDate) -> Progress {
        // Each step's and indicator's measurements up to the reference date, by date, found once.
        type Key<'a> = (&'a str, Option<&'a str>, Option<&'a str>);
        let mut histories: HashMap<Key, Vec<&Measurement>> = HashMap::new();
        for measurement in plan.measurements.iter().filter(|m| m.date <= reference) {
            let key = (measurement.objective.as_str(), measurement.step.as_deref(), measurement.indicator.as_deref());
            histories.entry(key).or_default().push(measurement);
        }
        histories.values_mut().for_each(|history| history.sort_by_key(|m| m.date));
        let none: &[&Measurement] = &[];
        let steps: Vec<StepProgress> = plan
            .steps
            .iter()
            .map(|s| {
                step_progress(
                    s,
                    histories.get(&(s.objective(), Some(s.code()), None)).map_or(none, Vec::as_slice),
                    reference,
                )
            })
            .collect();
        let indicators: Vec<IndicatorProgress> = plan
            .indicators
            .iter()
            .map(|i| {
                indicator_progress(i, histories.get(&(&*i.objective, None, Some(&*i.code))).map_or(none, Vec::as_slice))
            })
            .collect();
        let objectives = plan
            .objectives
            .iter()
            .map(|objective| {
                let steps_of: Vec<(&Step, &StepProgress)> =
                    plan.step_positions(&objective.code).iter().map(|&i| (&plan.steps[i], &steps[i])).collect();
                let indicators_of: Vec<&IndicatorProgress> =
                    plan.indicator_positions(&objective.code).iter().map(|&i| &indicators[i]).collect();
                objective_progress(plan, objective, &steps_of, &indicators_of, method)
            })
            .collect();
        Progress { reference_date: Some(reference), method, steps, indicators, objectives }
    }

    /// The achievement of a group of objectives (positions in [`Plan::objectives`]): the mean
    /// of the achievements they have, weighted by their weights when every one of them has one.
    pub fn rollup(&self, plan: &Plan, positions: impl IntoIterator<Item = usize>) -> Option<f64> {
        let measured: Vec<(Option<f64>, f64)> = positions
            .into_iter()
            .filter_map(|i| Some((plan.objectives[i].weight, self.objectives.get(i)?.achievement()?)))
            .collect();
        let weighted = measured.iter().all(|(weight, _)| weight.is_some_and(|w| w > 0.0));
        weighted_mean(
            measured.iter().map(|&(weight, points)| (if weighted { weight.unwrap_or(1.0) } else { 1.0 }, points)),
        )
    }

    /// The achievement of each year of the plan: for each objective with steps due that year, its
    /// result validated for that year, or else the weighted share of those steps completed (when
    /// one of them is measured); then their mean, weighted as [`Progress::rollup`] weights.
    /// Returns each year with its achievement and the number of objectives counted.
    pub fn by_year(&self, plan: &Plan) -> Vec<(i32, Option<f64>, usize)> {
        use chrono::Datelike;
        (plan.start_year..=plan.end_year)
            .map(|year| {
                let measured: Vec<(Option<f64>, f64)> = plan
                    .objectives
                    .iter()
                    .filter_map(|objective| {
                        let due: Vec<usize> = plan
                            .step_positions(&objective.code)
                            .iter()
                            .copied()
                            .filter(|&i| plan.steps[i].schedule.due().is_some_and(|d| d.year() == year))
                            .collect();
                        let validated = plan
                            .results
                            .iter()
                            .find(|r| r.year == year && r.objective.as_deref() == Some(&objective.code))
                            .and_then(|r| r.achievement);
                        let points = validated.or_else(|| {
                            let steps: Vec<(&Step, &StepProgress)> =
                                due.iter().filter_map(|&i| Some((&plan.steps[i], self.steps.get(i)?))).collect();
                            steps_achievement(&steps)
                        })?;
                        Some((objective.weight, points))
                    })
                    .collect();
                let weighted = measured.iter().all(|(weight, _)| weight.is_some_and(|w| w > 0.0));
                let points = weighted_mean(
                    measured
                        .iter()
                        .map(|&(weight, points)| (if weighted { weight.unwrap_or(1.0) } else { 1.0 }, points)),
                );
                (year, points, measured.len())
            })
            .collect()
    }
}

/// The weighted share of `steps` completed, 0–100, when one of them is measured: their weights on
/// the objective when all have one, else each the same.
fn steps_achievement(steps: &[(&Step, &StepProgress)]) -> Option<f64> {
    if !steps.iter().any(|(_, p)| p.status != StepStatus::NotMeasured) {
        return None;
    }
    let weighted = steps.iter().all(|(s, _)| s.weight().is_some_and(|w| w > 0.0));
    weighted_mean(steps.iter().map(|(s, p)| {
        let weight = if weighted { s.weight().unwrap_or(1.0) } else { 1.0 };
        (weight, if p.status.completed() { 100.0 } else { 0.0 })
    }))
}

/// Σ wᵢ·xᵢ / Σ wᵢ, `None` for no items or no weight.
fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = items.fold((0.0, 0.0), |(sum, weights), (w, x)| (sum + w * x, weights + w));
    (weights > 0.0).then(|| sum / weights)
}

/// The status of `step` at `reference`, from its measurements up to then (`history`, by date).
fn step_progress(step: &Step, history: &[&Measurement], reference: NaiveDate) -> StepProgress {
    let latest = history.iter().rev().find(|m| m.status.is_some());
    let completed_on = history.iter().find(|m| m.status.as_deref() == Some("completata")).map(|m| m.date);
    let due = step.schedule.due();
    let overdue = due.is_some_and(|due| due < reference);
    let status = match latest.and_then(|m| m.status.as_deref()) {
        None => StepStatus::NotMeasured,
        Some("completata") => match (completed_on, due) {
            (Some(done), Some(due)) if done > due => StepStatus::CompletedLate,
            _ => StepStatus::CompletedOnTime,
        },
        Some(_) if overdue => StepStatus::Late,
        Some("in ritardo") => StepStatus::Late,
        Some("non avviata") => StepStatus::NotStarted,
        Some(_) => StepStatus::InProgress,
    };
    StepProgress { status, measured_on: latest.map(|m| m.date), completed_on }
}

/// The latest value of `indicator` (from `history`, by date) against its target.
fn indicator_progress(indicator: &Indicator, history: &[&Measurement]) -> IndicatorProgress {
    let values: Vec<(NaiveDate, Amount)> = history.iter().filter_map(|m| Some((m.date, m.value.clone()?))).collect();
    let Some((date, value)) = values.last().cloned() else {
        return IndicatorProgress { latest: None, target: None, achievement: None, distance: None, history: values };
    };
    use chrono::Datelike;
    let target = indicator
        .targets
        .iter()
        .find(|t| t.year == Some(date.year()))
        .or_else(|| indicator.targets.iter().find(|t| t.year.is_none()))
        .cloned();
    let achievement = target.as_ref().and_then(|t| achievement(indicator, &value, &t.amount));
    let distance = target.as_ref().and_then(|t| Some(t.amount.number()? - value.number()?));
    IndicatorProgress { latest: Some((date, value)), target, achievement, distance, history: values }
}

/// How far `value` got to `target`, 0–100: linear from the baseline to the target in the
/// indicator's direction (from 0 when there is no baseline and higher is better); a date by the
/// target date, yes/no and text as the target, all or nothing.
pub fn achievement(indicator: &Indicator, value: &Amount, target: &Amount) -> Option<f64> {
    let all_or_nothing = |met: bool| Some(if met { 100.0 } else { 0.0 });
    match (value, target) {
        (Amount::Date(done), Amount::Date(by)) => all_or_nothing(done <= by),
        (Amount::YesNo(got), Amount::YesNo(wanted)) => all_or_nothing(got == wanted),
        (Amount::Text(got), Amount::Text(wanted)) => all_or_nothing(got.trim().eq_ignore_ascii_case(wanted.trim())),
        _ => {
            let (value, target) = (value.number()?, target.number()?);
            let higher = indicator.higher_is_better();
            let baseline = indicator.baseline.as_ref().and_then(Amount::number);
            let baseline = match (baseline, higher) {
                (Some(baseline), _) => baseline,
                (None, Some(false)) => return all_or_nothing(value <= target),
                (None, _) => 0.0,
            };
            if target == baseline {
                // Nothing to gain: holding the line is all of it.
                return all_or_nothing(match higher {
                    Some(false) => value <= target,
                    _ => value >= target,
                });
            }
            Some(((value - baseline) / (target - baseline) * 100.0).clamp(0.0, 100.0))
        }
    }
}

fn objective_progress(
    plan: &Plan,
    objective: &Objective,
    steps: &[(&Step, &StepProgress)],
    indicators: &[&IndicatorProgress],
    method: AchievementMethod,
) -> ObjectiveProgress {
    let completed = steps.iter().filter(|(_, p)| p.status.completed()).count();
    let late = steps.iter().filter(|(_, p)| p.status == StepStatus::Late).count();
    let from_steps = steps_achievement(steps);
    let from_indicators = weighted_mean(indicators.iter().filter_map(|p| Some((1.0, p.achievement?))));
    let computed = match method {
        AchievementMethod::Steps => from_steps,
        AchievementMethod::Indicators => from_indicators,
        AchievementMethod::Both => match (from_steps, from_indicators) {
            (Some(a), Some(b)) => Some((a + b) / 2.0),
            (a, b) => a.or(b),
        },
    };
    let validated = plan
        .results
        .iter()
        .filter(|r| r.objective.as_deref() == Some(&objective.code))
        .filter_map(|r| Some((r.year, r.achievement?)))
        .max_by_key(|(year, _)| *year);
    ObjectiveProgress { completed, steps: steps.len(), late, from_steps, from_indicators, computed, validated }
}

mod tables;

pub use tables::{ProgressRecords, records};

#[cfg(test)]
mod tests;
