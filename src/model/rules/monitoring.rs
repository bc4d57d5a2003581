//! R040–R044: the monitoring reads as a history. Measurements count up to the reference date,
//! each step or indicator is measured once a day, a step's status never goes back, and each
//! result and report says once what it is about.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Measurement, Plan, Site};

use crate::load::values::date_text;

/// Checks the monitoring of every plan.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for plan in &site.plans {
        after_reference(plan, diagnostics);
        measured_twice_or_back(plan, diagnostics);
        results(plan, diagnostics);
    }
}

fn after_reference(plan: &Plan, diagnostics: &mut Diagnostics) {
    let Some(reference) = plan.reference_date else { return };
    for measurement in plan.measurements.iter().filter(|m| m.date > reference) {
        let origin = &measurement.record.origin;
        diagnostics.push(
            Diagnostic::new(
                Rule::MeasurementAfterReference,
                origin.at("data"),
                format!(
                    "la rilevazione del {} è successiva alla data di riferimento del monitoraggio ({}): non viene contata",
                    date_text(measurement.date),
                    date_text(reference)
                ),
            )
            .value(origin.raw("data"))
            .expected(format!("una data fino al {}", date_text(reference)))
            .hint("aggiornare data_riferimento in piano.csv o aggiungere il monitoraggio in monitoraggi.csv"),
        );
    }
}

/// How far a status is along: a step does not go back to a lower one.
fn stage(status: &str) -> u8 {
    match status {
        "non avviata" => 0,
        "completata" => 2,
        _ => 1,
    }
}

fn measured_twice_or_back(plan: &Plan, diagnostics: &mut Diagnostics) {
    let mut histories: HashMap<(&str, bool, &str), BTreeMap<NaiveDate, Vec<&Measurement>>> = HashMap::new();
    for measurement in &plan.measurements {
        let (code, is_step) = match (&measurement.step, &measurement.indicator) {
            (Some(step), None) => (step.as_str(), true),
            (None, Some(indicator)) => (indicator.as_str(), false),
            _ => continue,
        };
        let history = histories.entry((measurement.objective.as_str(), is_step, code)).or_default();
        history.entry(measurement.date).or_default().push(measurement);
    }
    let mut found = Vec::new();
    for ((objective, is_step, code), history) in &histories {
        let (what, measured) = if *is_step { ("la fase", "rilevata") } else { ("l'indicatore", "rilevato") };
        let mut highest: Option<&Measurement> = None;
        for measurements in history.values() {
            let first = measurements[0];
            for twin in &measurements[1..] {
                found.push(
                    Diagnostic::new(
                        Rule::MeasurementTwice,
                        twin.record.origin.at("data"),
                        format!(
                            "{what} {code} dell'obiettivo {objective} è già {measured} il {} alla riga {}",
                            date_text(twin.date),
                            first.record.origin.row()
                        ),
                    )
                    .value(twin.record.origin.raw("data"))
                    .expected("una sola rilevazione per data")
                    .hint("tenere una sola delle due righe, o correggerne la data"),
                );
            }
            let Some(status) = &first.status else { continue };
            if let Some(before) = highest.filter(|h| h.status.as_deref().is_some_and(|s| stage(s) > stage(status))) {
                found.push(
                    Diagnostic::new(
                        Rule::StatusBack,
                        first.record.origin.at("stato"),
                        format!(
                            "la fase {code} dell'obiettivo {objective} era «{}» il {} e torna «{status}» il {}",
                            before.status.as_deref().unwrap_or_default(),
                            date_text(before.date),
                            date_text(first.date)
                        ),
                    )
                    .value(status.as_str())
                    .expected("uno stato uguale o successivo a quello della rilevazione precedente")
                    .hint("controllare lo stato o la data delle due rilevazioni"),
                );
            } else {
                highest = Some(first);
            }
        }
    }
    found.sort_by_key(|d| (d.location.file.clone(), d.location.row));
    found.into_iter().for_each(|d| diagnostics.push(d));
}

fn results(plan: &Plan, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<(i32, &str, &str), u64> = HashMap::new();
    for result in &plan.results {
        let origin = &result.record.origin;
        let named: Vec<(&str, &String)> =
            [("obiettivo", &result.objective), ("struttura", &result.office), ("area", &result.area)]
                .into_iter()
                .filter_map(|(column, code)| Some((column, code.as_ref()?)))
                .collect();
        let [(column, code)] = named[..] else {
            let (column, message) = match named.first() {
                None => ("obiettivo", "il risultato non indica né un obiettivo, né una struttura, né un'area"),
                Some(_) => (named[1].0, "il risultato indica più di una cosa valutata"),
            };
            diagnostics.push(
                Diagnostic::new(Rule::ResultTarget, origin.at(column), message)
                    .expected("il codice di un obiettivo, di una struttura oppure di un'area, uno solo")
                    .hint("usare una riga per ogni obiettivo, struttura o area valutata"),
            );
            continue;
        };
        if let Some(first) = seen.insert((result.year, column, code), origin.row()) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::ResultTwice,
                    origin.at(column),
                    format!("il risultato {} di «{code}» ({column}) è già alla riga {first}", result.year),
                )
                .value(code.as_str())
                .expected("un solo risultato per anno")
                .hint("tenere una sola delle due righe, o correggerne l'anno"),
            );
        }
    }
    let mut years: HashMap<i32, u64> = HashMap::new();
    for report in &plan.reports {
        let origin = &report.record.origin;
        if let Some(first) = years.insert(report.year, origin.row()) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::ResultTwice,
                    origin.at("anno"),
                    format!("la relazione del {} è già alla riga {first}", report.year),
                )
                .value(origin.raw("anno"))
                .expected("una sola relazione per anno")
                .hint("tenere una sola delle due righe, o correggerne l'anno"),
            );
        }
    }
}
