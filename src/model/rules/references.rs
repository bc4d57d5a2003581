//! R002 and R010: every reference names a record that exists, and every measurement measures
//! exactly one step or indicator.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Origin, Plan, Site};
use crate::schema::TableId;

use super::Incomplete;

/// The codes a reference may point to, and how to describe them.
struct Target<'a> {
    codes: HashSet<String>,
    what: &'a str,
    file: String,
    skip: bool,
}

impl<'a> Target<'a> {
    fn new(codes: impl Iterator<Item = String>, what: &'a str, file: String, skip: bool) -> Self {
        Target { codes: codes.collect(), what, file, skip }
    }

    /// Reports `code` (found in `column` of the record at `origin`) when it names nothing.
    fn check(&self, code: &str, origin: &Origin, column: &str, diagnostics: &mut Diagnostics) {
        if self.skip || self.codes.contains(code) {
            return;
        }
        let mut known: Vec<&String> = self.codes.iter().collect();
        known.sort();
        let known: Vec<&str> = known.iter().take(12).map(|s| s.as_str()).collect();
        let expected = if known.is_empty() {
            format!("un codice presente in {}, che però è vuoto", self.file)
        } else {
            format!(
                "uno dei codici presenti in {}: {}{}",
                self.file,
                known.join(", "),
                if self.codes.len() > 12 { ", …" } else { "" }
            )
        };
        diagnostics.push(
            Diagnostic::new(Rule::DanglingReference, origin.at(column), format!("{} «{code}» non esiste", self.what))
                .value(code)
                .expected(expected)
                .hint(format!("correggere il codice oppure aggiungere la riga mancante in {}", self.file)),
        );
    }
}

/// Checks every reference of the site.
pub fn check(site: &Site, incomplete: &Incomplete, diagnostics: &mut Diagnostics) {
    let offices = Target::new(
        site.offices.iter().map(|o| o.code.clone()),
        "la struttura",
        "data/strutture.csv".into(),
        incomplete.table(None, TableId::Offices),
    );
    for office in &site.offices {
        if let Some(parent) = &office.parent {
            offices.check(parent, &office.origin, "struttura_superiore", diagnostics);
        }
    }
    let deliberations = Target::new(
        site.deliberations.iter().map(|d| d.reference().to_string()),
        "la delibera",
        "data/delibere.csv".into(),
        incomplete.table(None, TableId::Deliberations),
    );
    for plan in &site.plans {
        if let Some(approval) = &plan.approval {
            deliberations.check(&approval.to_string(), &plan.origin, "delibera_approvazione", diagnostics);
        }
        check_plan(plan, &offices, incomplete, diagnostics);
    }
}

fn check_plan(plan: &Plan, offices: &Target, incomplete: &Incomplete, diagnostics: &mut Diagnostics) {
    let id = Some(plan.id.as_str());
    let file = |name: &str| format!("data/{}/{name}", plan.id);
    let areas = Target::new(
        plan.areas.iter().map(|a| a.code.clone()),
        "l'area strategica",
        file("aree-strategiche.csv"),
        incomplete.table(id, TableId::StrategicAreas),
    );
    let strategic = Target::new(
        plan.strategic_objectives.iter().map(|s| s.code.clone()),
        "l'obiettivo strategico",
        file("obiettivi-strategici.csv"),
        incomplete.table(id, TableId::StrategicObjectives),
    );
    let objectives = Target::new(
        plan.objectives.iter().map(|o| o.code.clone()),
        "l'obiettivo",
        file("obiettivi.csv"),
        incomplete.table(id, TableId::Objectives),
    );
    for objective in &plan.strategic_objectives {
        areas.check(&objective.area, &objective.origin, "area", diagnostics);
    }
    for objective in &plan.objectives {
        for code in &objective.strategic_objectives {
            strategic.check(code, &objective.origin, "obiettivi_strategici", diagnostics);
        }
        for code in &objective.areas {
            areas.check(code, &objective.origin, "aree_strategiche", diagnostics);
        }
        for code in &objective.offices {
            offices.check(code, &objective.origin, "strutture", diagnostics);
        }
    }
    for step in &plan.steps {
        objectives.check(&step.objective, &step.origin, "obiettivo", diagnostics);
    }
    for indicator in &plan.indicators {
        objectives.check(&indicator.objective, &indicator.origin, "obiettivo", diagnostics);
    }
    check_measurements(plan, &objectives, incomplete, diagnostics);
}

fn check_measurements(plan: &Plan, objectives: &Target, incomplete: &Incomplete, diagnostics: &mut Diagnostics) {
    let id = Some(plan.id.as_str());
    let steps = Target::new(
        plan.steps.iter().map(|s| format!("{} dell'obiettivo {}", s.code, s.objective)),
        "la fase",
        format!("data/{}/fasi.csv", plan.id),
        incomplete.table(id, TableId::Steps),
    );
    let indicators = Target::new(
        plan.indicators.iter().map(|i| format!("{} dell'obiettivo {}", i.code, i.objective)),
        "l'indicatore",
        format!("data/{}/indicatori.csv", plan.id),
        incomplete.table(id, TableId::Indicators),
    );
    for measurement in &plan.measurements {
        let origin = &measurement.origin;
        objectives.check(&measurement.objective, origin, "obiettivo", diagnostics);
        match (&measurement.step, &measurement.indicator) {
            (Some(step), None) => {
                steps.check(&format!("{step} dell'obiettivo {}", measurement.objective), origin, "fase", diagnostics)
            }
            (None, Some(indicator)) => indicators.check(
                &format!("{indicator} dell'obiettivo {}", measurement.objective),
                origin,
                "indicatore",
                diagnostics,
            ),
            (step, _) => {
                let (column, message) = if step.is_some() {
                    ("indicatore", "la rilevazione indica sia una fase sia un indicatore")
                } else {
                    ("fase", "la rilevazione non indica né una fase né un indicatore")
                };
                diagnostics.push(
                    Diagnostic::new(Rule::MeasurementTarget, origin.at(column), message)
                        .expected("il codice di una fase (colonna fase) oppure di un indicatore (colonna indicatore), non entrambi")
                        .hint("usare una riga per ogni fase o indicatore rilevato"),
                );
            }
        }
    }
}
