//! R045: the objectives carried from one plan to the next link up: an `obiettivo_precedente`
//! names an objective of the previous plan, and no other objective continues it.

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::Site;
use crate::model::versions::{BrokenLink, links};
use crate::schema::TableId;

use super::Loaded;

/// Checks the plans against each other.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    for pair in site.chronological().windows(2) {
        let (before, after) = (&site.plans[pair[0]], &site.plans[pair[1]]);
        if loaded.unreliable(Some(&before.id), TableId::Objectives, before.objectives.len()) {
            continue;
        }
        for (position, broken) in links(site, pair[0], pair[1]).broken {
            let objective = &after.objectives[position];
            let origin = &objective.record.origin;
            let previous = objective.previous.as_deref().unwrap_or_default();
            let diagnostic = match broken {
                BrokenLink::Missing => {
                    let mut codes: Vec<&str> = before.objectives.iter().map(|o| o.code.as_str()).collect();
                    codes.sort_unstable();
                    let more = if codes.len() > 12 { ", …" } else { "" };
                    codes.truncate(12);
                    Diagnostic::new(
                        Rule::PreviousObjective,
                        origin.at("obiettivo_precedente"),
                        format!(
                            "l'obiettivo {} indica come precedente «{previous}», che non è un obiettivo del {}, il piano precedente: le sue versioni non vengono collegate",
                            objective.code, before.title
                        ),
                    )
                    .value(origin.raw("obiettivo_precedente"))
                    .expected(format!("il codice di un obiettivo di data/{}/obiettivi.csv: {}{more}", before.id, codes.join(", ")))
                    .hint("correggere il codice, oppure lasciare vuota la cella se l'obiettivo è nuovo")
                }
                BrokenLink::Taken(first) => Diagnostic::new(
                    Rule::PreviousObjective,
                    origin.at("obiettivo_precedente"),
                    format!(
                        "l'obiettivo {previous} del {} prosegue già nell'obiettivo {} (riga {}): un obiettivo continua in uno solo del piano successivo",
                        before.title,
                        after.objectives[first].code,
                        after.objectives[first].record.origin.row()
                    ),
                )
                .value(origin.raw("obiettivo_precedente"))
                .expected("un obiettivo del piano precedente che nessun altro obiettivo prosegue")
                .hint("indicare l'obiettivo precedente in una sola riga"),
            };
            diagnostics.push(diagnostic);
        }
    }
}
