//! R007, R008, R011, R013: dates fall within the plan's years, the years are in order, and every
//! span (an office's life, its head's term) ends after it starts.

use chrono::Datelike;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::load::values::date_text;
use crate::model::Site;

/// The spans of an office: its own life, and its head's term.
const OFFICE_SPANS: [(&str, &str, &str); 2] =
    [("dal", "al", "la struttura"), ("incarico_dal", "incarico_al", "l'incarico del responsabile della struttura")];

/// Checks that every office's spans end after they start.
fn office_spans(site: &Site, diagnostics: &mut Diagnostics) {
    for office in &site.offices {
        for (start, end, what) in OFFICE_SPANS {
            let (Some(from), Some(to)) = (office.record.date(start), office.record.date(end)) else { continue };
            if to >= from {
                continue;
            }
            let origin = &office.record.origin;
            diagnostics.push(
                Diagnostic::new(
                    Rule::SpanReversed,
                    origin.at(end),
                    format!("{what} {} finisce il {} ma comincia il {}", office.code, date_text(to), date_text(from)),
                )
                .value(origin.raw(end))
                .expected(format!("una data uguale o successiva al {} (`{start}`)", date_text(from)))
                .hint(format!("controllare `{start}` e `{end}`: forse sono scambiate")),
            );
        }
    }
}

/// Checks every plan's years, deadlines and measurement dates, and the offices' spans.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    office_spans(site, diagnostics);
    for plan in &site.plans {
        let years = plan.start_year..=plan.end_year;
        let span = format!("dal {} al {}", plan.start_year, plan.end_year);
        if plan.end_year < plan.start_year {
            diagnostics.push(
                Diagnostic::new(
                    Rule::PlanYears,
                    plan.record.origin.at("anno_fine"),
                    format!("il piano finisce nel {} ma comincia nel {}", plan.end_year, plan.start_year),
                )
                .value(plan.end_year.to_string())
                .expected(format!("un anno uguale o successivo al {}", plan.start_year))
                .hint("scambiare anno_inizio e anno_fine"),
            );
            continue;
        }
        let objectives =
            plan.objectives.iter().map(|o| (format!("dell'obiettivo {}", o.code), &o.schedule, &o.record.origin));
        let steps = plan.steps.iter().map(|s| (format!("della fase {}", s.code()), &s.schedule, &s.record.origin));
        for (what, schedule, origin) in objectives.chain(steps) {
            let Some(deadline) = schedule.due().filter(|d| !years.contains(&d.year())) else { continue };
            let column = schedule.due_column();
            diagnostics.push(
                Diagnostic::new(
                    Rule::DeadlineOutsidePlan,
                    origin.at(column),
                    format!(
                        "{} {what} ({}) cade fuori dal piano, che va {span}",
                        if column == "scadenza" { "la scadenza" } else { "la fine del periodo" },
                        date_text(deadline)
                    ),
                )
                .value(origin.raw(column))
                .expected(format!("una data {span}"))
                .hint("controllare l'anno della scadenza"),
            );
        }
        for measurement in plan.measurements.iter().filter(|m| !years.contains(&m.date.year())) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::MeasurementOutsidePlan,
                    measurement.record.origin.at("data"),
                    format!("la rilevazione del {} cade fuori dal piano, che va {span}", date_text(measurement.date)),
                )
                .value(measurement.record.origin.raw("data"))
                .expected(format!("una data {span}"))
                .hint("spostare la rilevazione nella cartella del piano a cui appartiene"),
            );
        }
    }
}
