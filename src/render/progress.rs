//! What templates see of the monitoring: each step's status in words and a symbol, each
//! indicator's latest value against its target with its chart, each objective's summary and
//! achievement, and the achievements of groups of objectives as bars.

use chrono::Datelike;
use serde::Serialize;

use crate::load::measures::Amount;
use crate::load::values::date_text;
use crate::model::progress::{IndicatorProgress, ObjectiveProgress, StepProgress};
use crate::model::{Indicator, Plan};

use super::charts::{BarChart, LineChart};
use super::format::{DateView, amount_text, number_text};

/// An achievement as pages write it: `60 %`, `33,3 %`.
pub fn achievement_text(points: f64) -> String {
    format!("{} %", number_text((points * 10.0).round() / 10.0))
}

/// The status of a step at the reference date.
#[derive(Debug, Serialize)]
pub struct StatusView {
    /// In words: `completata in tempo`, `in ritardo`, …
    pub label: &'static str,
    /// A symbol shown beside the words.
    pub symbol: &'static str,
    /// A name for the theme's styles.
    pub class: &'static str,
    /// The date of the measurement it comes from.
    pub date: Option<DateView>,
}

/// The status of a step, from its progress.
pub fn status(progress: &StepProgress) -> StatusView {
    StatusView {
        label: progress.status.label(),
        symbol: progress.status.symbol(),
        class: progress.status.class(),
        date: progress.measured_on.map(DateView::new),
    }
}

/// The monitoring of an objective, first on its page.
#[derive(Debug, Serialize)]
pub struct MonitoringView {
    /// The reference date.
    pub date: DateView,
    /// One line: `3 fasi su 5 completate al 30/06/2025 · raggiungimento 60 %`.
    pub summary: String,
    /// The achievement shown, `60 %`.
    pub achievement: Option<String>,
    /// The achievement, 0–100, for the progress bar.
    pub share: Option<f64>,
    /// The year of the annual report whose validated figure is shown instead of the computed one.
    pub validated_year: Option<i32>,
    /// The computed figure, when a validated one is shown instead.
    pub computed: Option<String>,
    /// How the computed figure is computed, in words.
    pub method: &'static str,
    /// Steps late.
    pub late: usize,
}

/// The monitoring of an objective at the plan's reference date; `None` when the plan has no
/// monitoring.
pub fn objective(plan: &Plan, progress: &ObjectiveProgress) -> Option<MonitoringView> {
    let date = plan.progress.reference_date?;
    let achievement = progress.achievement();
    let mut parts = Vec::new();
    if progress.steps > 0 {
        let (noun, done) = if progress.completed == 1 { ("fase", "completata") } else { ("fasi", "completate") };
        parts.push(format!("{} {noun} su {} {done} al {}", progress.completed, progress.steps, date_text(date)));
    } else {
        parts.push(format!("al {}", date_text(date)));
    }
    if progress.late > 0 {
        parts.push(format!("{} in ritardo", progress.late));
    }
    parts.push(match achievement {
        Some(points) => format!("raggiungimento {}", achievement_text(points)),
        None => "raggiungimento non calcolabile".into(),
    });
    Some(MonitoringView {
        date: DateView::new(date),
        summary: parts.join(" · "),
        achievement: achievement.map(achievement_text),
        share: achievement.map(|points| (points * 10.0).round() / 10.0),
        validated_year: progress.validated.map(|(year, _)| year),
        computed: progress.validated.and(progress.computed).map(achievement_text),
        method: plan.progress.method.description(),
        late: progress.late,
    })
}

/// An indicator's measurements up to the reference date, against its target.
#[derive(Debug, Serialize)]
pub struct IndicatorProgressView {
    /// The latest value, with unit.
    pub latest: Option<String>,
    /// Its date.
    pub latest_date: Option<DateView>,
    /// The target it is measured against, with unit (and year).
    pub target: Option<String>,
    /// Achievement, `50 %`.
    pub achievement: Option<String>,
    /// What is left to the target, with unit.
    pub distance: Option<String>,
    /// Every measurement up to the reference date: date and value.
    pub history: Vec<(DateView, String)>,
    /// The chart of the numeric measurements, with the target.
    pub chart: Option<LineChart>,
}

/// The progress of `indicator`; `None` when the plan has no monitoring.
pub fn indicator(plan: &Plan, indicator: &Indicator, progress: &IndicatorProgress) -> Option<IndicatorProgressView> {
    plan.progress.reference_date?;
    let unit = indicator.unit.as_deref();
    let measured: Vec<(chrono::NaiveDate, &Amount)> =
        progress.history.iter().map(|(date, value)| (*date, value)).collect();
    let history = measured.iter().map(|(date, value)| (DateView::new(*date), amount_text(value, unit))).collect();
    let target_text = |amount: &Amount, year: Option<i32>| match year {
        Some(year) => format!("{} ({year})", amount_text(amount, unit)),
        None => amount_text(amount, unit),
    };
    let numeric: Vec<(i64, f64, String, String)> = measured
        .iter()
        .filter_map(|(date, value)| {
            Some((i64::from(date.num_days_from_ce()), value.number()?, date_text(*date), amount_text(value, unit)))
        })
        .collect();
    let chart = (!numeric.is_empty()).then(|| {
        let target = progress.target.as_ref().and_then(|t| Some((t.amount.number()?, target_text(&t.amount, t.year))));
        let baseline = indicator.baseline.as_ref().and_then(|b| Some((b.number()?, amount_text(b, unit))));
        let (first, last) = (&numeric[0], &numeric[numeric.len() - 1]);
        let mut description = format!(
            "Valori dell'indicatore {} rilevati dal {} al {}: da {} a {}",
            indicator.code, first.2, last.2, first.3, last.3
        );
        if let Some((_, text)) = &target {
            description.push_str(&format!("; target {text}"));
        }
        if let Some((_, text)) = &baseline {
            description.push_str(&format!("; valore iniziale {text}"));
        }
        description.push('.');
        LineChart::new(&numeric, target, baseline, description)
    });
    // What is still missing, only while the target is not reached (past it, nothing is missing).
    let missing = progress.achievement.is_some_and(|points| points < 100.0);
    let distance = progress.distance.filter(|d| *d != 0.0 && missing).map(|d| {
        let amount = match progress.latest.as_ref().map(|(_, v)| v) {
            Some(Amount::Percent(_)) => Amount::Percent(d.abs()),
            _ => Amount::Number(d.abs()),
        };
        amount_text(&amount, unit)
    });
    Some(IndicatorProgressView {
        latest: progress.latest.as_ref().map(|(_, value)| amount_text(value, unit)),
        latest_date: progress.latest.as_ref().map(|(date, _)| DateView::new(*date)),
        target: progress.target.as_ref().map(|t| target_text(&t.amount, t.year)),
        achievement: progress.achievement.map(achievement_text),
        distance,
        history,
        chart: chart.flatten(),
    })
}

/// The most bars a chart of a group's objectives draws: past them the bars are too thin to read,
/// and the table beside the chart gives every figure.
const MOST_BARS: usize = 50;

/// The achievement of a group of objectives and of each of them, for a plan, area, strategic
/// objective or office page.
#[derive(Debug, Serialize)]
pub struct GroupProgress {
    /// The reference date.
    pub date: DateView,
    /// The group's achievement, weighted by the objectives' weights.
    pub achievement: Option<String>,
    /// Each objective's achievement, as bars.
    pub chart: Option<BarChart>,
    /// Each objective: code, title, address, achievement (or `–`), steps late.
    pub rows: Vec<ProgressRow>,
}

/// An objective in a group's progress table.
#[derive(Debug, Serialize)]
pub struct ProgressRow {
    pub code: String,
    pub title: String,
    pub url: String,
    pub achievement: Option<String>,
    pub validated: bool,
    pub late: usize,
}

/// The progress of the objectives at `positions` of `plan`, with their addresses from `url`;
/// `None` when the plan has no monitoring or the group no objective.
pub fn group(
    plan: &Plan,
    positions: &[usize],
    what: &str,
    url: impl Fn(&crate::model::Objective) -> String,
) -> Option<GroupProgress> {
    let date = plan.progress.reference_date?;
    if positions.is_empty() {
        return None;
    }
    let rows: Vec<ProgressRow> = positions
        .iter()
        .filter_map(|&i| {
            let (objective, progress) = (&plan.objectives[i], plan.progress.objectives.get(i)?);
            Some(ProgressRow {
                code: objective.code.clone(),
                title: objective.title.clone(),
                url: url(objective),
                achievement: progress.achievement().map(achievement_text),
                validated: progress.validated.is_some(),
                late: progress.late,
            })
        })
        .collect();
    let bars: Vec<_> = positions
        .iter()
        .take(if positions.len() > MOST_BARS { 0 } else { MOST_BARS })
        .filter_map(|&i| {
            let (objective, progress) = (&plan.objectives[i], plan.progress.objectives.get(i)?);
            let points = progress.achievement()?;
            Some((format!("Obiettivo {}", objective.code), Some(url(objective)), points, achievement_text(points)))
        })
        .collect();
    let achievement = plan.progress.rollup(plan, positions.iter().copied());
    let description = format!(
        "Raggiungimento di ciascun obiettivo {what} al {}, da 0 a 100 %{}.",
        date_text(date),
        achievement.map(|a| format!("; nel complesso {}", achievement_text(a))).unwrap_or_default()
    );
    Some(GroupProgress {
        date: DateView::new(date),
        achievement: achievement.map(achievement_text),
        chart: BarChart::new(bars, description),
        rows,
    })
}

/// The achievements of groups of objectives (the areas of a plan), as bars and a table.
#[derive(Debug, Serialize)]
pub struct GroupsProgress {
    /// The reference date.
    pub date: DateView,
    /// Each group's achievement, as bars.
    pub chart: Option<BarChart>,
    /// Each group: name, address, objectives, achievement.
    pub rows: Vec<GroupRow>,
}

/// A group in a [`GroupsProgress`] table.
#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub name: String,
    pub url: String,
    pub objectives: usize,
    pub achievement: Option<String>,
}

/// The achievements of `groups` (name, address, positions of their objectives) of `plan`;
/// `None` when the plan has no monitoring or there is no group.
pub fn groups(plan: &Plan, groups: Vec<(String, String, Vec<usize>)>, what: &str) -> Option<GroupsProgress> {
    let date = plan.progress.reference_date?;
    if groups.is_empty() {
        return None;
    }
    let measured: Vec<(String, String, usize, Option<f64>)> = groups
        .into_iter()
        .map(|(name, url, positions)| {
            let achievement = plan.progress.rollup(plan, positions.iter().copied());
            (name, url, positions.len(), achievement)
        })
        .collect();
    let bars = measured
        .iter()
        .filter_map(|(name, url, _, a)| Some((name.clone(), Some(url.clone()), (*a)?, achievement_text((*a)?))))
        .collect();
    let description = format!("Raggiungimento degli obiettivi {what} al {}, da 0 a 100 %.", date_text(date));
    Some(GroupsProgress {
        date: DateView::new(date),
        chart: BarChart::new(bars, description),
        rows: measured
            .into_iter()
            .map(|(name, url, objectives, a)| GroupRow { name, url, objectives, achievement: a.map(achievement_text) })
            .collect(),
    })
}

/// The achievement of each year of `plan` ([`crate::model::Progress::by_year`]), linked to the
/// year's deadlines; `None` when the plan has no monitoring.
pub fn years(plan: &Plan) -> Option<GroupsProgress> {
    let date = plan.progress.reference_date?;
    let years = plan.progress.by_year(plan);
    let url = |year: i32| super::routes::plan_index(&plan.id, "scadenze", Some(&year.to_string()));
    let bars = years
        .iter()
        .filter_map(|&(year, points, _)| Some((year.to_string(), Some(url(year)), points?, achievement_text(points?))))
        .collect();
    let description = format!(
        "Raggiungimento di ciascun anno del piano al {}, dalle fasi in scadenza nell'anno (o dai risultati validati dell'anno), da 0 a 100 %.",
        date_text(date)
    );
    Some(GroupsProgress {
        date: DateView::new(date),
        chart: BarChart::new(bars, description),
        rows: years
            .into_iter()
            .map(|(year, points, objectives)| GroupRow {
                name: year.to_string(),
                url: url(year),
                objectives,
                achievement: points.map(achievement_text),
            })
            .collect(),
    })
}
