//! R001: codes are unique in their table (steps and indicators within their objective).

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Origin, Site};

/// Reports every record whose key was already used by an earlier record of the same table.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    unique(site.offices.iter().map(|o| (o.code.clone(), &o.origin)), "codice", "struttura", diagnostics);
    unique(
        site.deliberations.iter().map(|d| (d.reference().to_string(), &d.origin)),
        "numero",
        "delibera",
        diagnostics,
    );
    for plan in &site.plans {
        unique(plan.areas.iter().map(|a| (a.code.clone(), &a.origin)), "codice", "area strategica", diagnostics);
        unique(
            plan.strategic_objectives.iter().map(|s| (s.code.clone(), &s.origin)),
            "codice",
            "obiettivo strategico",
            diagnostics,
        );
        unique(plan.objectives.iter().map(|o| (o.code.clone(), &o.origin)), "codice", "obiettivo", diagnostics);
        unique(
            plan.steps.iter().map(|s| (format!("{} dell'obiettivo {}", s.code, s.objective), &s.origin)),
            "codice",
            "fase",
            diagnostics,
        );
        unique(
            plan.indicators.iter().map(|i| (format!("{} dell'obiettivo {}", i.code, i.objective), &i.origin)),
            "codice",
            "indicatore",
            diagnostics,
        );
    }
}

fn unique<'a>(
    keys: impl Iterator<Item = (String, &'a Origin)>,
    column: &str,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (key, origin) in keys {
        match seen.get(&key) {
            Some(first) => diagnostics.push(
                Diagnostic::new(
                    Rule::DuplicateCode,
                    origin.at(column),
                    format!("{what} {key} compare due volte: la prima alla riga {first}"),
                )
                .value(origin.raw(column))
                .expected(format!("un codice diverso da quelli delle altre righe ({what})"))
                .hint(format!(
                    "cambiare il codice o eliminare una delle due righe (riga {first} e riga {})",
                    origin.line()
                )),
            ),
            None => {
                seen.insert(key, origin.line());
            }
        }
    }
}
