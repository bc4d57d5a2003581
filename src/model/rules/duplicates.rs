//! R001: codes are unique in their table (steps and indicators within their objective).

use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Origin, Site};

/// Reports every record whose key was already used by an earlier record of the same table.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    unique(site.offices.iter().map(|o| (&o.code, &o.record.origin)), "codice", "struttura", diagnostics);
    unique(site.deliberations.iter().map(|d| (d.reference(), &d.record.origin)), "numero", "delibera", diagnostics);
    for plan in &site.plans {
        unique(plan.areas.iter().map(|a| (&a.code, &a.record.origin)), "codice", "area strategica", diagnostics);
        unique(
            plan.strategic_objectives.iter().map(|s| (&s.code, &s.record.origin)),
            "codice",
            "obiettivo strategico",
            diagnostics,
        );
        unique(plan.objectives.iter().map(|o| (&o.code, &o.record.origin)), "codice", "obiettivo", diagnostics);
        unique(
            plan.steps.iter().map(|s| (InObjective(s.code(), s.objective()), &s.record.origin)),
            "codice",
            "fase",
            diagnostics,
        );
        unique(
            plan.indicators.iter().map(|i| (InObjective(&i.code, &i.objective), &i.record.origin)),
            "codice",
            "indicatore",
            diagnostics,
        );
    }
}

/// The code of a step or indicator, unique within its objective.
#[derive(PartialEq, Eq, Hash)]
struct InObjective<'a>(&'a str, &'a str);

impl Display for InObjective<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} dell'obiettivo {}", self.0, self.1)
    }
}

fn unique<'a, K: Hash + Eq + Display>(
    keys: impl Iterator<Item = (K, &'a Origin)>,
    column: &str,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: HashMap<K, u64> = HashMap::new();
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
                    origin.row()
                )),
            ),
            None => {
                seen.insert(key, origin.row());
            }
        }
    }
}
