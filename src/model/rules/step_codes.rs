//! R003: a step's code starts with its objective's code (`1.3` belongs to objective `1`).

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::Site;

/// Warns about every step whose code names another objective.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for plan in &site.plans {
        for step in &plan.steps {
            let prefix = format!("{}.", step.objective());
            if step.code().starts_with(&prefix) {
                continue;
            }
            let suffix = step.code().rsplit('.').next().unwrap_or(step.code());
            diagnostics.push(
                Diagnostic::new(
                    Rule::StepCodePrefix,
                    step.record.origin.at("codice"),
                    format!(
                        "la fase {} è dell'obiettivo {} ma il suo codice non comincia con «{prefix}»",
                        step.code(),
                        step.objective()
                    ),
                )
                .value(step.code())
                .expected(format!("un codice che comincia con «{prefix}», come {prefix}{suffix}"))
                .hint("rinumerare la fase, oppure correggere la colonna obiettivo se la fase è di un altro obiettivo"),
            );
        }
    }
}
