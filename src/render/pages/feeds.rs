//! What the data puts into the sections of the tree: plans, anti-corruption measures, offices,
//! contacts, staffing and hiring, deliberations, monitoring results.

use chrono::NaiveDate;

use crate::export::anac::Art13;
use crate::load::values::date_text;
use crate::model::{Deliberation, Plan, Site};
use crate::render::routes;
use crate::render::views::{Cell, Group, Item, TableView};

/// The content a section gets from the data.
#[derive(Debug, Default)]
pub struct Feed {
    /// Lists of links.
    pub groups: Vec<Group>,
    /// Tables.
    pub tables: Vec<TableView>,
    /// Date of the last update of the data shown.
    pub updated: Option<NaiveDate>,
}

/// Tags that mark an objective as an anti-corruption or transparency measure.
pub const ANTICORRUPTION_TAGS: &[&str] = &["anticorruzione", "trasparenza"];

/// The feed of the section `slug` (empty for sections the data does not feed).
pub fn for_section(site: &Site, slug: &str) -> Feed {
    match slug {
        "disposizioni-generali/piano-triennale-per-la-prevenzione-della-corruzione-e-della-trasparenza"
        | "altri-contenuti/prevenzione-della-corruzione/piano-triennale-per-la-prevenzione-della-corruzione-e-della-trasparenza" =>
        {
            let mut feed = anticorruption(site);
            let title = "Piani integrati (PIAO), che comprendono la sezione Rischi corruttivi e trasparenza";
            feed.groups.splice(0..0, plans_groups(site, title));
            feed
        }
        "altri-contenuti/prevenzione-della-corruzione" => anticorruption(site),
        "disposizioni-generali/atti-generali"
        | "disposizioni-generali/atti-generali/documenti-di-programmazione-strategico-gestionale" => Feed {
            groups: plans_groups(site, "Documenti di programmazione: piani integrati di attività e organizzazione"),
            tables: vec![],
            updated: plans_updated(site),
        },
        "performance/piano-della-performance" => {
            Feed { groups: plans_groups(site, "Piano in vigore"), tables: vec![], updated: plans_updated(site) }
        }
        "organizzazione/articolazione-degli-uffici"
        | "organizzazione/articolazione-degli-uffici/articolazione-degli-uffici" => offices(site),
        "organizzazione/telefono-e-posta-elettronica" => contacts(site),
        "personale/dotazione-organica" => staffing(site),
        "performance/relazione-sulla-performance" => results(site),
        "provvedimenti/provvedimenti-organi-indirizzo-politico" => deliberations(site),
        _ => Feed::default(),
    }
}

fn plans_updated(site: &Site) -> Option<NaiveDate> {
    site.plans.iter().filter_map(crate::model::Plan::updated_on).max()
}

/// Every plan with its approving deliberation: the current one under `title`, then the plans
/// that come after it, if any, and the previous ones, each group from the newest.
fn plans_groups(site: &Site, title: &str) -> Vec<Group> {
    let item = |plan: &Plan| Item { name: plan.title.clone(), url: routes::plan(&plan.id), note: plan_note(plan) };
    let Some(current) = site.current_plan() else {
        return vec![Group { title: title.to_string(), items: Vec::new() }];
    };
    let (mut later, mut earlier) = (Vec::new(), Vec::new());
    for plan in site.plans_listed().into_iter().skip(1) {
        let after = (plan.start_year, plan.end_year, &plan.id) > (current.start_year, current.end_year, &current.id);
        if after { later.push(item(plan)) } else { earlier.push(item(plan)) }
    }
    let mut groups = vec![Group { title: title.to_string(), items: vec![item(current)] }];
    if !later.is_empty() {
        groups.push(Group { title: "Piani successivi".into(), items: later });
    }
    if !earlier.is_empty() {
        groups.push(Group { title: "Piani precedenti".into(), items: earlier });
    }
    groups
}

fn plan_note(plan: &Plan) -> Option<String> {
    match (&plan.approval, plan.approved_on) {
        (Some(approval), Some(date)) => Some(format!(
            "approvato con deliberazione {} n. {} del {}",
            approval.organ,
            approval.number,
            date_text(date)
        )),
        (Some(approval), None) => {
            Some(format!("approvato con deliberazione {} n. {}/{}", approval.organ, approval.number, approval.year))
        }
        (None, _) => Some(format!("anni {}–{}", plan.start_year, plan.end_year)),
    }
}

/// Objectives tagged as anti-corruption or transparency measures, and deliberations about them.
fn anticorruption(site: &Site) -> Feed {
    let mut groups = Vec::new();
    for plan in site.plans_listed() {
        let items: Vec<Item> = plan
            .objectives
            .iter()
            .filter(|o| o.tags.iter().any(|t| ANTICORRUPTION_TAGS.contains(&t.to_lowercase().as_str())))
            .map(|o| Item {
                name: format!("Obiettivo {} – {}", o.code, o.title),
                url: routes::objective(&plan.id, &o.code),
                note: None,
            })
            .collect();
        if !items.is_empty() {
            groups.push(Group {
                title: format!("Misure di prevenzione della corruzione e trasparenza nel {}", plan.title),
                items,
            });
        }
    }
    let acts: Vec<&Deliberation> =
        site.deliberations.iter().filter(|d| d.subject.to_lowercase().contains("corruzione")).collect();
    if !acts.is_empty() {
        groups
            .push(Group { title: "Deliberazioni".into(), items: acts.iter().map(|d| deliberation_item(d)).collect() });
    }
    Feed { groups, tables: vec![], updated: plans_updated(site) }
}

fn deliberation_item(deliberation: &Deliberation) -> Item {
    Item {
        name: super::acts::title(deliberation),
        url: deliberation.address(),
        note: Some(deliberation.subject.clone()),
    }
}

fn offices(site: &Site) -> Feed {
    let name_of =
        |code: &str| site.offices.iter().find(|o| o.code == code).map_or_else(|| code.to_string(), |o| o.name.clone());
    let rows = site
        .offices
        .iter()
        .map(|o| {
            vec![
                Cell::text(&o.name),
                Cell::maybe(&o.kind),
                Cell::text(o.parent.as_deref().map(name_of).unwrap_or_default()),
                Cell::maybe(&o.head),
            ]
        })
        .collect::<Vec<_>>();
    let tables = if rows.is_empty() {
        vec![]
    } else {
        vec![TableView {
            caption: "Articolazione degli uffici e responsabili".into(),
            headers: vec!["Struttura".into(), "Livello".into(), "Fa parte di".into(), "Responsabile".into()],
            rows,
        }]
    };
    let groups = if site.offices.is_empty() { vec![] } else { vec![art13_files(site)] };
    Feed { groups, tables, updated: site.offices.iter().filter_map(|o| o.updated).max() }
}

/// The links to the files of the ANAC art. 13 schema, each with what it holds.
fn art13_files(site: &Site) -> Group {
    let items = Art13::ALL
        .into_iter()
        .map(|file| {
            let url = file.path(site);
            let name = url.rsplit('/').next().unwrap_or_default().to_string();
            Item { name, url, note: Some(file.describe().to_string()) }
        })
        .collect();
    Group {
        title: "Dati dell'organizzazione secondo lo schema ANAC (art. 13 D.Lgs. 33/2013, delibera ANAC 495/2024)"
            .into(),
        items,
    }
}

fn contacts(site: &Site) -> Feed {
    let mut tables = Vec::new();
    if let Some(entity) = &site.entity {
        let mut rows = Vec::new();
        for (label, value, scheme) in [
            ("Telefono", &entity.phone, "tel:"),
            ("Posta elettronica", &entity.email, "mailto:"),
            ("Posta elettronica certificata (PEC)", &entity.pec, "mailto:"),
        ] {
            if let Some(value) = value {
                let target = if scheme == "tel:" {
                    value.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
                } else {
                    value.clone()
                };
                rows.push(vec![Cell::text(label), Cell::link(value, format!("{scheme}{target}"))]);
            }
        }
        if !rows.is_empty() {
            tables.push(TableView {
                caption: format!("Recapiti di {}", entity.name),
                headers: vec!["Recapito".into(), "Valore".into()],
                rows,
            });
        }
    }
    let office_rows: Vec<Vec<Cell>> = site
        .offices
        .iter()
        .filter(|o| o.phone.is_some() || o.email.is_some())
        .map(|o| vec![Cell::text(&o.name), Cell::maybe(&o.phone), Cell::maybe(&o.email)])
        .collect();
    if !office_rows.is_empty() {
        tables.push(TableView {
            caption: "Recapiti delle strutture".into(),
            headers: vec!["Struttura".into(), "Telefono".into(), "Posta elettronica".into()],
            rows: office_rows,
        });
    }
    Feed { groups: vec![], tables, updated: site.entity.as_ref().and_then(|e| e.updated) }
}

fn staffing(site: &Site) -> Feed {
    let mut tables = Vec::new();
    for plan in site.plans_listed() {
        if !plan.staffing.is_empty() {
            tables.push(TableView {
                caption: format!("Dotazione organica – {}", plan.title),
                headers: ["Area", "Servizio", "Profilo", "Ore settimanali", "Mansioni", "Finanziamento"]
                    .map(String::from)
                    .to_vec(),
                rows: plan
                    .staffing
                    .iter()
                    .map(|p| {
                        let hours = p.weekly_hours.map(|h| format!("{h}").replace('.', ",")).unwrap_or_default();
                        vec![
                            Cell::text(&p.area),
                            Cell::maybe(&p.service),
                            Cell::text(&p.profile),
                            Cell::text(hours),
                            Cell::maybe(&p.duties),
                            Cell::maybe(&p.funding),
                        ]
                    })
                    .collect(),
            });
        }
        if !plan.hiring.is_empty() {
            tables.push(TableView {
                caption: format!("Piano delle assunzioni – {}", plan.title),
                headers: ["Anno", "Profilo", "Unità", "Regime", "Area", "Modalità", "Stato"].map(String::from).to_vec(),
                rows: plan
                    .hiring
                    .iter()
                    .map(|h| {
                        vec![
                            Cell::text(h.year.to_string()),
                            Cell::text(&h.profile),
                            Cell::text(h.count.to_string()),
                            Cell::maybe(&h.regime),
                            Cell::maybe(&h.area),
                            Cell::maybe(&h.method),
                            Cell::maybe(&h.status),
                        ]
                    })
                    .collect(),
            });
        }
    }
    Feed { groups: vec![], tables, updated: plans_updated(site) }
}

/// The annual reports, each linked to its page, then, for each monitored plan, where its
/// monitoring is read: its rounds, its late steps, its measurements as open data.
fn results(site: &Site) -> Feed {
    let reports = super::reports::links(site);
    let mut groups = Vec::new();
    if !reports.is_empty() {
        let items = reports.into_iter().map(|link| Item { name: link.name, url: link.url, note: None }).collect();
        groups.push(Group { title: "Relazioni sulla performance".into(), items });
    }
    for plan in site.plans_listed() {
        let Some(date) = plan.progress.reference_date else { continue };
        let mut items = Vec::new();
        if !plan.rounds.is_empty() {
            let rounds = plan.rounds.len();
            items.push(Item {
                name: "Monitoraggi".into(),
                url: routes::plan_index(&plan.id, "monitoraggi", None),
                note: Some(if rounds == 1 { "1 monitoraggio".into() } else { format!("{rounds} monitoraggi") }),
            });
        }
        items.push(Item {
            name: format!("Fasi in ritardo al {}", date_text(date)),
            url: routes::plan_index(&plan.id, "fasi-in-ritardo", None),
            note: None,
        });
        items.push(Item {
            name: "Raggiungimento degli obiettivi".into(),
            url: routes::plan(&plan.id),
            note: Some(format!("al {}", date_text(date))),
        });
        let measurements = plan.measurements.len();
        items.push(Item {
            name: "Tutte le rilevazioni (CSV)".into(),
            url: crate::address::download(&plan.id, "rilevazioni", "csv"),
            note: Some(if measurements == 1 { "1 rilevazione".into() } else { format!("{measurements} rilevazioni") }),
        });
        groups.push(Group { title: format!("Monitoraggio – {}", plan.title), items });
    }
    let measured = site.plans.iter().flat_map(|p| p.measurements.iter().map(|m| m.date));
    let validated = site.plans.iter().flat_map(|p| p.reports.iter().filter_map(|r| r.validated_on));
    Feed { groups, tables: Vec::new(), updated: measured.chain(validated).max() }
}

fn deliberations(site: &Site) -> Feed {
    let mut sorted: Vec<&Deliberation> = site.deliberations.iter().collect();
    sorted.sort_by(|a, b| (b.date, &b.number).cmp(&(a.date, &a.number)));
    let rows: Vec<Vec<Cell>> = sorted
        .iter()
        .map(|d| {
            let document = match d.document.as_deref().and_then(crate::links::href) {
                Some(url) => Cell::link("documento", url),
                None => Cell::text(""),
            };
            let name = format!("{} n. {}", d.organ, d.number);
            vec![Cell::link(name, d.address()), Cell::text(date_text(d.date)), Cell::text(&d.subject), document]
        })
        .collect();
    let tables = if rows.is_empty() {
        vec![]
    } else {
        vec![TableView {
            caption: "Deliberazioni degli organi di indirizzo politico, dalla più recente".into(),
            headers: ["Deliberazione", "Data", "Oggetto", "Documento"].map(String::from).to_vec(),
            rows,
        }]
    };
    let updated = site.deliberations.iter().map(|d| d.updated.unwrap_or(d.date)).max();
    // The feed exists only with a base address (it holds absolute addresses only).
    let follow = (!site.config.url_base.is_empty()).then(|| Group {
        title: "Segui le deliberazioni".into(),
        items: vec![Item {
            name: "Feed RSS delle deliberazioni".into(),
            url: routes::FEED.into(),
            note: Some("delibere.xml".into()),
        }],
    });
    Feed { groups: follow.into_iter().collect(), tables, updated }
}
