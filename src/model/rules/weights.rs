//! R004, R005, R006, R012: weights add up to 100 %.
//!
//! Plans print weights rounded to two decimals (`18,18 %` × 4 + `9,09 %` × 3 = `99,99 %`), so a
//! sum passes when it is within the rounding of its addends: 0,005 points per addend, at least
//! 0,01. `99,99 %` passes, `98 %` does not. Weights that add up to 1 are fractions written where
//! percentages were expected, and the hint says so.

use chrono::Datelike;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Origin, Plan, Site};
use crate::schema::TableId;

use super::{Loaded, percent};

/// Checks the weights of every plan. A sum is not checked when one of its addends could not be
/// read (a dropped row, an invalid percentage): that problem is already reported, and a sum
/// without it would only add a misleading second one.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    for plan in &site.plans {
        let id = Some(plan.id.as_str());
        if !loaded.unreliable(id, TableId::Objectives, plan.objectives.len())
            && plan.objectives.iter().all(|o| read_whole(o.weight, &o.record.origin, "peso_primo_anno"))
        {
            check_objectives(plan, diagnostics);
        }
        if plan.end_year >= plan.start_year {
            check_year_of_weighted_steps(plan, diagnostics);
        }
        if loaded.unreliable(id, TableId::Steps, plan.steps.len()) {
            continue;
        }
        for objective in &plan.objectives {
            let steps: Vec<_> = plan.steps_of(&objective.code).collect();
            if !steps.iter().all(|s| {
                read_whole(s.weight(), &s.record.origin, "peso_obiettivo")
                    && read_whole(s.year_weight(), &s.record.origin, "peso_primo_anno")
            }) {
                continue;
            }
            let weights: Vec<(f64, &Origin)> =
                steps.iter().filter_map(|s| Some((s.weight()?, &s.record.origin))).collect();
            let what = format!("i pesi delle fasi dell'obiettivo {} sull'obiettivo", objective.code);
            check_sum(Rule::StepWeights, &weights, "peso_obiettivo", &what, diagnostics);
            let year_weights: Vec<(f64, &Origin)> =
                steps.iter().filter_map(|s| Some((s.year_weight()?, &s.record.origin))).collect();
            let what = format!("i pesi delle fasi dell'obiettivo {} sul {}", objective.code, plan.start_year);
            check_sum(Rule::StepYearWeights, &year_weights, "peso_primo_anno", &what, diagnostics);
        }
    }
}

/// False when the cell holds something that could not be read as a weight.
fn read_whole(weight: Option<f64>, origin: &Origin, column: &str) -> bool {
    weight.is_some() || origin.raw(column).is_empty()
}

fn check_objectives(plan: &Plan, diagnostics: &mut Diagnostics) {
    let weights: Vec<(f64, &Origin)> =
        plan.objectives.iter().filter_map(|o| Some((o.weight?, &o.record.origin))).collect();
    let what = format!("i pesi degli obiettivi sul {}", plan.start_year);
    check_sum(Rule::ObjectiveWeights, &weights, "peso_primo_anno", &what, diagnostics);
}

/// Reports a sum of weights that is not 100 %, at the first weight's cell.
fn check_sum(rule: Rule, weights: &[(f64, &Origin)], column: &str, what: &str, diagnostics: &mut Diagnostics) {
    let Some((_, first)) = weights.first() else { return };
    let sum: f64 = weights.iter().map(|(w, _)| w).sum();
    if (sum - 100.0).abs() <= tolerance(weights.len()) {
        return;
    }
    let rows: Vec<String> = weights.iter().map(|(_, o)| o.row().to_string()).collect();
    let rows = if rows.len() == 1 { format!("riga {}", rows[0]) } else { format!("righe {}", rows.join(", ")) };
    diagnostics.push(
        Diagnostic::new(rule, first.at(column), format!("{what} fanno {} invece di 100 % ({rows})", percent(sum)))
            .value(percent(sum))
            .expected("una somma di 100 %")
            .hint(if (sum - 1.0).abs() <= tolerance(weights.len()) / 100.0 {
                "i pesi sembrano frazioni di 1 (0,25 per un quarto): scriverli come percentuali, per esempio `25%` o `25`"
                    .to_string()
            } else if sum < 100.0 {
                format!("mancano {}: controllare i pesi o le fasi mancanti", percent(100.0 - sum))
            } else {
                format!("ci sono {} di troppo", percent(sum - 100.0))
            }),
    );
}

/// How far from 100 a sum of `addends` weights rounded to two decimals may honestly be.
pub fn tolerance(addends: usize) -> f64 {
    (0.005 * addends as f64).max(0.01) + 1e-9
}

/// R012: a step weighted on the first year should be due in the first year.
fn check_year_of_weighted_steps(plan: &Plan, diagnostics: &mut Diagnostics) {
    for step in &plan.steps {
        let (Some(_), Some(deadline)) = (step.year_weight(), step.schedule.due()) else { continue };
        if deadline.year() == plan.start_year {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Rule::YearWeightOutsideYear,
                step.record.origin.at("peso_primo_anno"),
                format!("la fase {} ha un peso sul {} ma scade nel {}", step.code(), plan.start_year, deadline.year()),
            )
            .value(step.record.origin.raw("peso_primo_anno"))
            .expected(format!("il peso sul primo anno solo per le fasi che scadono nel {}", plan.start_year))
            .hint(format!(
                "lasciare vuoto il peso sul primo anno, o correggere {}",
                if step.schedule.deadline.is_some() { "la scadenza" } else { "il periodo" }
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::tolerance;

    #[test]
    fn rounding_tolerance() {
        let sum = 18.18 * 4.0 + 9.09 * 3.0;
        assert!((sum - 100.0_f64).abs() <= tolerance(7));
        assert!((33.33 * 3.0 - 100.0_f64).abs() <= tolerance(3));
        assert!((98.0 - 100.0_f64).abs() > tolerance(40));
        assert!((99.9 - 100.0_f64).abs() > tolerance(3));
    }
}
