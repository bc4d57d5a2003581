//! One page per monitoring round of a plan (`monitoraggi.csv`), under the plan's pages: what the
//! round records (its date, deliberation and note), what changed since the previous round (steps
//! whose status changed, objectives whose achievement moved) and its measurements.

use crate::load::values::date_text;
use crate::model::{MonitoringRound, Plan, Progress};
use crate::render::format::amount_text;
use crate::render::progress::achievement_text;
use crate::render::routes;
use crate::render::views::{self, Detail, Group, Item, Link};
use crate::schema::TableId;

/// A round's page: title, address, details and lists.
pub struct RoundPage {
    pub address: String,
    pub title: String,
    pub details: Vec<Detail>,
    pub groups: Vec<Group>,
}

/// The address of the listing of a plan's rounds.
pub fn listing(plan: &Plan) -> String {
    routes::plan_index(&plan.id, "monitoraggi", None)
}

/// The pages of the rounds of `plan`, in date order; `link` gives the page of a record a round
/// cites (its deliberation).
pub fn pages(plan: &Plan, link: &dyn Fn(TableId, &str) -> Option<Link>) -> Vec<RoundPage> {
    let method = plan.progress.method;
    let mut previous: Option<(&MonitoringRound, Progress)> = None;
    let mut pages = Vec::new();
    for round in &plan.rounds {
        let progress = Progress::at(plan, method, round.reference_date);
        let details = views::details(&round.record, &["titolo"], link);
        let since = previous.as_ref().map(|(r, _)| r.reference_date);
        let mut groups = Vec::new();
        let heading = match &previous {
            Some((before, _)) => format!("Cosa è cambiato dal {}", date_text(before.reference_date)),
            None => "Stato delle fasi".to_string(),
        };
        let changed: Vec<Item> = plan
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, step)| {
                let now = progress.steps.get(i)?.status;
                let before = previous.as_ref().and_then(|(_, p)| p.steps.get(i)).map(|p| p.status);
                let note = match before {
                    Some(before) if before == now => return None,
                    Some(before) => format!("da «{}» a «{}»", before.label(), now.label()),
                    None if now == crate::model::StepStatus::NotMeasured => return None,
                    None => now.label().to_string(),
                };
                Some(Item {
                    name: format!("Fase {} dell'obiettivo {}", step.code(), step.objective()),
                    url: routes::objective(&plan.id, step.objective()),
                    note: Some(note),
                })
            })
            .collect();
        groups.push(Group { title: heading, items: changed });
        let moved: Vec<Item> = plan
            .objectives
            .iter()
            .enumerate()
            .filter_map(|(i, objective)| {
                let now = progress.objectives.get(i)?.computed;
                let before = previous.as_ref().and_then(|(_, p)| p.objectives.get(i)).and_then(|p| p.computed);
                let note = match (before, now) {
                    (_, None) => return None,
                    (Some(before), Some(now)) if before == now => return None,
                    (Some(before), Some(now)) => {
                        format!("raggiungimento da {} a {}", achievement_text(before), achievement_text(now))
                    }
                    (None, Some(now)) => format!("raggiungimento {}", achievement_text(now)),
                };
                Some(Item {
                    name: format!("Obiettivo {} – {}", objective.code, objective.title),
                    url: routes::objective(&plan.id, &objective.code),
                    note: Some(note),
                })
            })
            .collect();
        groups.push(Group { title: "Raggiungimento calcolato degli obiettivi".into(), items: moved });
        let measured: Vec<Item> = plan
            .measurements
            .iter()
            .filter(|m| m.date <= round.reference_date && since.is_none_or(|since| m.date > since))
            .map(|m| {
                let what = match (&m.step, &m.indicator) {
                    (Some(step), _) => format!("Fase {step}"),
                    (None, Some(indicator)) => format!("Indicatore {indicator}"),
                    (None, None) => "Rilevazione".to_string(),
                };
                let unit = m
                    .indicator
                    .as_ref()
                    .and_then(|code| plan.indicators_of(&m.objective).find(|i| &i.code == code)?.unit.as_deref());
                let value = m.status.clone().or_else(|| m.value.as_ref().map(|v| amount_text(v, unit)));
                let mut note = date_text(m.date);
                if let Some(value) = value {
                    note.push_str(&format!(": {value}"));
                }
                Item {
                    name: format!("{what} dell'obiettivo {}", m.objective),
                    url: routes::objective(&plan.id, &m.objective),
                    note: Some(note),
                }
            })
            .collect();
        groups.push(Group { title: "Rilevazioni del monitoraggio".into(), items: measured });
        let key = round.reference_date.to_string();
        pages.push(RoundPage {
            address: routes::plan_index(&plan.id, "monitoraggi", Some(&key)),
            title: format!("{} (al {})", round.title, date_text(round.reference_date)),
            details,
            groups,
        });
        previous = Some((round, progress));
    }
    pages
}

/// The listing of the rounds, each linked to its page.
pub fn listing_group(pages: &[RoundPage]) -> Group {
    Group {
        title: "Monitoraggi".into(),
        items: pages.iter().map(|p| Item { name: p.title.clone(), url: p.address.clone(), note: None }).collect(),
    }
}

/// A link to the listing, for breadcrumbs.
pub fn listing_link(plan: &Plan) -> Link {
    Link { name: "Monitoraggi".into(), url: listing(plan) }
}
