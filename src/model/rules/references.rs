//! R002 and R010: every reference names a record that exists, and every measurement measures
//! exactly one step or indicator.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Origin, Plan, Site};
use crate::schema::TableId;

use super::Loaded;

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

    /// Reports the code `shown` (found in `column` of the record at `origin`, and looked up as
    /// `key`) when it names nothing.
    fn check(&self, key: &str, shown: &str, origin: &Origin, column: &str, diagnostics: &mut Diagnostics) {
        if self.skip || self.codes.contains(key) {
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
            Diagnostic::new(Rule::DanglingReference, origin.at(column), format!("{} «{shown}» non esiste", self.what))
                .value(shown)
                .expected(expected)
                .hint(format!("correggere il codice oppure aggiungere la riga mancante in {}", self.file)),
        );
    }
}

/// Checks every reference of the site.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    let offices = Target::new(
        site.offices.iter().map(|o| o.code.clone()),
        "la struttura",
        "data/strutture.csv".into(),
        loaded.unreliable(None, TableId::Offices, site.offices.len()),
    );
    for office in &site.offices {
        if let Some(parent) = &office.parent {
            offices.check(parent, parent, &office.record.origin, "struttura_superiore", diagnostics);
        }
    }
    let deliberations = Target::new(
        site.deliberations.iter().map(|d| d.reference().to_string()),
        "la delibera",
        "data/delibere.csv".into(),
        loaded.unreliable(None, TableId::Deliberations, site.deliberations.len()),
    );
    for plan in &site.plans {
        if let Some(approval) = &plan.approval {
            let key = approval.to_string();
            deliberations.check(
                &key,
                plan.record.origin.raw("delibera_approvazione"),
                &plan.record.origin,
                "delibera_approvazione",
                diagnostics,
            );
        }
        let cited = plan.rounds.iter().map(|r| (&r.deliberation, &r.record.origin));
        let cited = cited.chain(plan.reports.iter().map(|r| (&r.deliberation, &r.record.origin)));
        for (reference, origin) in cited {
            if let Some(reference) = reference {
                deliberations.check(&reference.to_string(), origin.raw("delibera"), origin, "delibera", diagnostics);
            }
        }
        check_plan(plan, &offices, loaded, diagnostics);
    }
}

fn check_plan(plan: &Plan, offices: &Target, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    let id = Some(plan.id.as_str());
    let file = |name: &str| format!("data/{}/{name}", plan.id);
    let areas = Target::new(
        plan.areas.iter().map(|a| a.code.clone()),
        "l'area strategica",
        file("aree-strategiche.csv"),
        loaded.unreliable(id, TableId::StrategicAreas, plan.areas.len()),
    );
    let strategic = Target::new(
        plan.strategic_objectives.iter().map(|s| s.code.clone()),
        "l'obiettivo strategico",
        file("obiettivi-strategici.csv"),
        loaded.unreliable(id, TableId::StrategicObjectives, plan.strategic_objectives.len()),
    );
    let objectives = Target::new(
        plan.objectives.iter().map(|o| o.code.clone()),
        "l'obiettivo",
        file("obiettivi.csv"),
        loaded.unreliable(id, TableId::Objectives, plan.objectives.len()),
    );
    for objective in &plan.strategic_objectives {
        areas.check(&objective.area, &objective.area, &objective.record.origin, "area", diagnostics);
    }
    for objective in &plan.objectives {
        for code in &objective.strategic_objectives {
            strategic.check(code, code, &objective.record.origin, "obiettivi_strategici", diagnostics);
        }
        for code in &objective.areas {
            areas.check(code, code, &objective.record.origin, "aree_strategiche", diagnostics);
        }
        for code in &objective.offices {
            offices.check(code, code, &objective.record.origin, "strutture", diagnostics);
        }
        if let Some(code) = &objective.coordinating_office {
            offices.check(code, code, &objective.record.origin, "struttura_coordinatrice", diagnostics);
        }
    }
    for step in &plan.steps {
        objectives.check(step.objective(), step.objective(), &step.record.origin, "obiettivo", diagnostics);
    }
    for indicator in &plan.indicators {
        objectives.check(
            &indicator.objective,
            &indicator.objective,
            &indicator.record.origin,
            "obiettivo",
            diagnostics,
        );
    }
    for member in &plan.objective_staff {
        objectives.check(&member.objective, &member.objective, &member.record.origin, "obiettivo", diagnostics);
    }
    for result in &plan.results {
        let origin = &result.record.origin;
        if let Some(code) = &result.objective {
            objectives.check(code, code, origin, "obiettivo", diagnostics);
        }
        if let Some(code) = &result.office {
            offices.check(code, code, origin, "struttura", diagnostics);
        }
        if let Some(code) = &result.area {
            areas.check(code, code, origin, "area", diagnostics);
        }
    }
    check_measurements(plan, &objectives, loaded, diagnostics);
}

fn check_measurements(plan: &Plan, objectives: &Target, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    let id = Some(plan.id.as_str());
    let steps = Target::new(
        plan.steps.iter().map(|s| format!("{} dell'obiettivo {}", s.code(), s.objective())),
        "la fase",
        format!("data/{}/fasi.csv", plan.id),
        loaded.unreliable(id, TableId::Steps, plan.steps.len()),
    );
    let indicators = Target::new(
        plan.indicators.iter().map(|i| format!("{} dell'obiettivo {}", i.code, i.objective)),
        "l'indicatore",
        format!("data/{}/indicatori.csv", plan.id),
        loaded.unreliable(id, TableId::Indicators, plan.indicators.len()),
    );
    for measurement in &plan.measurements {
        let origin = &measurement.record.origin;
        objectives.check(&measurement.objective, &measurement.objective, origin, "obiettivo", diagnostics);
        match (&measurement.step, &measurement.indicator) {
            (Some(step), None) => steps.check(
                &format!("{step} dell'obiettivo {}", measurement.objective),
                step,
                origin,
                "fase",
                diagnostics,
            ),
            (None, Some(indicator)) => indicators.check(
                &format!("{indicator} dell'obiettivo {}", measurement.objective),
                indicator,
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
