//! R045: the objectives carried from one plan to the next link up: an `obiettivo_precedente`
//! names an objective of the previous plan, and no other objective continues it. R046: a plan
//! that ended more than five years before the latest date of the data need no longer be
//! published (art. 8, c. 3, D.Lgs. 33/2013).

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::load::values::date_text;
use crate::model::Site;
use crate::model::versions::{BrokenLink, links};
use crate::schema::TableId;

use super::Loaded;

/// Checks the plans against each other and against the latest date of the data.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    past_publication(site, diagnostics);
    continued(site, loaded, diagnostics);
}

/// The years a plan stays published after the year it ends in.
const PUBLICATION_YEARS: i32 = 5;

/// R046: every plan whose five years of publication after its last year ended before the latest
/// date of the data.
fn past_publication(site: &Site, diagnostics: &mut Diagnostics) {
    let Some(latest) = site.latest_date() else { return };
    for &position in &site.chronological() {
        let plan = &site.plans[position];
        let Some(until) = NaiveDate::from_ymd_opt(plan.end_year.saturating_add(PUBLICATION_YEARS), 12, 31) else {
            continue;
        };
        if latest <= until {
            continue;
        }
        let origin = &plan.record.origin;
        diagnostics.push(
            Diagnostic::new(
                Rule::PlanPastPublication,
                origin.at("anno_fine"),
                format!(
                    "il {} è terminato nel {}: l'obbligo di pubblicarlo per cinque anni (art. 8, comma 3, D.Lgs. 33/2013) è finito il {}, prima del {}, la data più recente dei dati",
                    plan.title,
                    plan.end_year,
                    date_text(until),
                    date_text(latest)
                ),
            )
            .value(origin.raw("anno_fine"))
            .expected(format!("un piano terminato nel {} o dopo", latest.year() - PUBLICATION_YEARS))
            .hint(format!(
                "il piano può essere spostato nell'archivio dell'ente togliendo la cartella data/{} (i suoi dati restano accessibili con l'accesso civico, art. 5 del D.Lgs. 33/2013); se si vuole tenerlo pubblicato, l'avviso si può ignorare",
                plan.id
            )),
        );
    }
}

/// R045: each `obiettivo_precedente` continues an objective of the previous plan.
fn continued(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
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
