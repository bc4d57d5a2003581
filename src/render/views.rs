//! What templates see: serialisable page contexts built from the model. Text is escaped by Tera;
//! fields ending in `_html` hold HTML already sanitised here. Templates never see the model, so
//! they cannot publish a field (such as personal data) by accident.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::links;
use crate::load::values::date_text;
use crate::model::{Objective, Plan, Published, Record, Schedule, Site, Step};
use crate::schema::{Kind, TableId};

use super::format::{DateView, amount_text, integer_text, number_text, percent};
use super::routes;
use super::tree::{self, Section};
use crate::html::markdown;

/// Parts shared by every page.
#[derive(Debug, Serialize)]
pub struct Common {
    /// Relative prefix back to the site root.
    pub root: String,
    /// Site title.
    pub site_title: Arc<str>,
    /// The entity, for the header and footer.
    pub entity: Option<Arc<EntityView>>,
    /// Title of the page (its only `h1`).
    pub title: String,
    /// Breadcrumbs, from the home page to the parent of this page, with short labels.
    pub breadcrumbs: Vec<Link>,
    /// The title, shortened for the breadcrumbs.
    pub short_title: String,
    /// What the page is, for `<meta name="description">` and Open Graph.
    pub description: String,
    /// The page's absolute address, when the site has a base address (`url_base`).
    pub canonical: Option<String>,
    /// Whether the DCAT-AP_IT catalogue is written: with a base address and the entity's IPA code.
    pub catalogue: bool,
    /// The main sections, for the header's navigation.
    pub navigation: Arc<[Link]>,
    /// Date of the last update of the data shown, `GG/MM/AAAA`, and ISO for `<time>`.
    pub updated: Option<DateView>,
    /// First-level sections, for the navigation.
    pub sections: Arc<[Link]>,
    /// Licence of the open data.
    pub licence: Arc<str>,
    /// The same date as `updated`, for the sitemap.
    #[serde(skip)]
    pub updated_on: Option<NaiveDate>,
}

/// A link: text and address relative to the site root.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub name: String,
    /// Address from the site root.
    pub url: String,
}

/// The entity in the header and footer.
#[derive(Debug, Serialize)]
pub struct EntityView {
    /// Name.
    pub name: String,
    /// Address on one line.
    pub address: Option<String>,
    /// Tax code.
    pub tax_code: Option<String>,
    /// VAT number.
    pub vat_number: Option<String>,
    /// Certified e-mail.
    pub pec: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Institutional website.
    pub website: Option<String>,
    /// The logo, from the site root or absolute.
    pub logo: Option<String>,
    /// The body it belongs to, and that body's website.
    pub parent: Option<Link>,
}

/// The parts of [`Common`] that are the same on every page of a site: made once and shared, since a
/// build holds its thousands of index pages at once.
pub struct Shared {
    site_title: Arc<str>,
    entity: Option<Arc<EntityView>>,
    navigation: Arc<[Link]>,
    sections: Arc<[Link]>,
    licence: Arc<str>,
}

impl Shared {
    /// The parts every page of `site` shares.
    pub fn of(site: &Site) -> Shared {
        Shared {
            site_title: site.config.titolo.as_str().into(),
            entity: site.entity.as_ref().map(|e| {
                Arc::new(EntityView {
                    name: e.name.clone(),
                    address: {
                        let parts: Vec<String> = [e.address.clone(), join_place(e)].into_iter().flatten().collect();
                        (!parts.is_empty()).then(|| parts.join(" – "))
                    },
                    tax_code: e.tax_code.clone(),
                    vat_number: e.vat_number.clone(),
                    pec: e.pec.clone(),
                    email: e.email.clone(),
                    phone: e.phone.clone(),
                    website: e.website.clone(),
                    logo: text_of(&e.record, "logo"),
                    parent: text_of(&e.record, "ente_superiore")
                        .map(|name| Link { name, url: text_of(&e.record, "sito_ente_superiore").unwrap_or_default() }),
                })
            }),
            navigation: navigation(site).into(),
            sections: tree::children(None).map(section_link).collect(),
            licence: site.config.licenza.as_str().into(),
        }
    }
}

/// Builds the parts of a page of `site` that every page has, with the parts all share (`shared`).
pub fn common(
    site: &Site,
    shared: &Shared,
    address: &str,
    title: &str,
    breadcrumbs: Vec<Link>,
    updated: Option<NaiveDate>,
) -> Common {
    Common {
        root: routes::root_from(address),
        site_title: shared.site_title.clone(),
        entity: shared.entity.clone(),
        title: title.to_string(),
        breadcrumbs: breadcrumbs
            .into_iter()
            .map(|crumb| Link { name: super::format::shorten(&crumb.name, CRUMB_LENGTH), url: crumb.url })
            .collect(),
        short_title: super::format::shorten(title, CRUMB_LENGTH),
        description: match &site.entity {
            Some(entity) if title != site.config.titolo => {
                format!("{title} – Amministrazione trasparente di {}", entity.name)
            }
            Some(entity) => {
                format!("Amministrazione trasparente di {}: piani, obiettivi, deliberazioni e dati aperti", entity.name)
            }
            None => format!("{title} – {}", site.config.titolo),
        },
        canonical: (!site.config.url_base.is_empty()).then(|| format!("{}{address}", site.config.url_base)),
        catalogue: !site.config.url_base.is_empty() && site.ipa_code().is_some(),
        navigation: shared.navigation.clone(),
        updated: updated.map(DateView::new),
        sections: shared.sections.clone(),
        licence: shared.licence.clone(),
        updated_on: updated,
    }
}

/// The most characters of a breadcrumb's label.
const CRUMB_LENGTH: usize = 40;

/// The main sections of the site: the tree, the current plan, the deliberations, the open data
/// and the search.
fn navigation(site: &Site) -> Vec<Link> {
    let link = |name: &str, url: String| Link { name: name.to_string(), url };
    let mut links = vec![link("Amministrazione trasparente", format!("{}/", routes::TREE_ROOT))];
    if let Some(plan) = site.current_plan() {
        links.push(link("Piano della performance", routes::plan(&plan.id)));
    }
    links.push(link("Deliberazioni", routes::section(routes::DELIBERATIONS_SECTION)));
    links.push(link("Dati aperti", routes::section(routes::CATALOGUE_SECTION)));
    links.push(link("Cerca", routes::SEARCH.to_string()));
    links
}

/// The text of the column `name` of `record`, if it has one.
fn text_of(record: &crate::model::record::Record, name: &str) -> Option<String> {
    match record.get(name) {
        crate::model::record::Published::Text(text) => Some(text.into_owned()),
        _ => None,
    }
}

fn join_place(entity: &crate::model::Entity) -> Option<String> {
    let place: Vec<&str> = [entity.postcode.as_deref(), entity.town.as_deref()].into_iter().flatten().collect();
    if place.is_empty() {
        return None;
    }
    Some(match &entity.province {
        Some(province) => format!("{} ({province})", place.join(" ")),
        None => place.join(" "),
    })
}

/// A link to a section of the tree, with its official label.
pub fn section_link(section: &Section) -> Link {
    Link { name: section.name.clone(), url: routes::section(&section.slug) }
}

/// The breadcrumbs of a section: home, then every ancestor.
pub fn section_breadcrumbs(slug: &str) -> Vec<Link> {
    let mut crumbs = vec![
        Link { name: "Home".into(), url: String::new() },
        Link { name: "Amministrazione trasparente".into(), url: format!("{}/", routes::TREE_ROOT) },
    ];
    let mut path = String::new();
    for segment in slug.split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(segment);
        if path != slug
            && let Some(section) = tree::find(&path)
        {
            crumbs.push(section_link(section));
        }
    }
    crumbs
}

/// An objective as its own page.
#[derive(Debug, Serialize)]
pub struct ObjectiveView<'a> {
    /// Every declared column, by name, for templates.
    pub columns: Columns<'a>,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Kind, in words.
    pub kind: &'static str,
    /// Address of its page.
    pub url: String,
    /// Weight on the first year, `10,00 %`.
    pub weight: Option<String>,
    /// Strategic areas, linked to nothing yet: code and name.
    pub areas: Vec<Link>,
    /// Strategic objectives: code and title.
    pub strategic_objectives: Vec<Link>,
    /// Public-value dimensions.
    pub public_value: Vec<String>,
    /// Offices.
    pub offices: Vec<Link>,
    /// Stakeholders.
    pub stakeholders: Vec<Link>,
    /// Year of first inclusion.
    pub first_year: Option<i32>,
    /// When it is due.
    pub schedule: ScheduleView,
    /// Reference to the DUP.
    pub dup_reference: Option<String>,
    /// The office that coordinates it, linked to its index page.
    pub coordinating_office: Option<Link>,
    /// Long texts, sanitised: (heading, HTML).
    pub texts: Vec<(String, String)>,
    /// Steps.
    pub steps: Vec<StepView<'a>>,
    /// Tags.
    pub tags: Vec<Link>,
    /// Indicators.
    pub indicators: Vec<IndicatorView<'a>>,
    /// The staff taking part in it.
    pub staff: Option<StaffView>,
    /// The open data behind the page.
    pub downloads: Vec<Link>,
    /// How far it got at the plan's reference date, when the plan has monitoring.
    pub monitoring: Option<super::progress::MonitoringView>,
    /// Which optional columns of the steps and indicators tables have a value in some row: the
    /// others are left out.
    pub filled: FilledColumns,
    /// Its versions in the plans it is carried through, oldest first, when it has more than one.
    pub versions: Vec<VersionView>,
}

/// One version of an objective, in one plan, for the table that compares them.
#[derive(Debug, Serialize)]
pub struct VersionView {
    /// The plan's title.
    pub plan: String,
    /// Address of this version's page; empty for the page that shows the table.
    pub url: String,
    /// Its code in that plan.
    pub code: String,
    /// Its title in that plan.
    pub title: String,
    /// Weight on that plan's first year.
    pub weight: Option<String>,
    /// The targets of its indicators, `2.i1: 10 giorni`.
    pub targets: Vec<String>,
    /// How far it got: the result validated in an annual report, or else the achievement
    /// computed from the plan's monitoring, with its date.
    pub result: Option<String>,
}

/// The version of `objective` (of `plan`) in the table of its versions; `own` for the version
/// the page is about.
pub fn version(plan: &Plan, position: usize, own: bool) -> VersionView {
    let objective = &plan.objectives[position];
    let targets = plan
        .indicators_of(&objective.code)
        .flat_map(|indicator| targets(indicator).into_iter().map(move |target| format!("{}: {target}", indicator.code)))
        .collect();
    let validated = plan
        .results
        .iter()
        .filter(|r| r.objective.as_deref() == Some(objective.code.as_str()))
        .filter_map(|r| Some((r.year, r.achievement?)))
        .max_by_key(|(year, _)| *year);
    let result = match (validated, plan.progress.reference_date) {
        (Some((year, points)), _) => Some(format!(
            "{} (validato nella Relazione sulla performance {year})",
            super::progress::achievement_text(points)
        )),
        (None, Some(date)) => Some(match plan.progress.objectives.get(position).and_then(|p| p.computed) {
            Some(points) => format!(
                "{} al {} (calcolato dal monitoraggio)",
                super::progress::achievement_text(points),
                date_text(date)
            ),
            None => format!("non calcolabile al {}", date_text(date)),
        }),
        (None, None) => None,
    };
    VersionView {
        plan: plan.title.clone(),
        url: if own { String::new() } else { routes::objective(&plan.id, &objective.code) },
        code: objective.code.clone(),
        title: objective.title.clone(),
        weight: objective.weight.map(percent),
        targets,
        result,
    }
}

/// The optional columns of an objective's steps and indicators tables that some row fills.
#[derive(Debug, Default, Serialize)]
pub struct FilledColumns {
    pub schedule: bool,
    pub kpi: bool,
    pub weight: bool,
    pub year_weight: bool,
    pub kind: bool,
    pub measure: bool,
    pub baseline: bool,
    pub targets: bool,
}

impl FilledColumns {
    fn of(steps: &[StepView], indicators: &[IndicatorView]) -> FilledColumns {
        FilledColumns {
            schedule: steps.iter().any(|s| s.schedule.deadline.is_some() || s.schedule.period.is_some()),
            kpi: steps.iter().any(|s| !s.kpi_html.is_empty()),
            weight: steps.iter().any(|s| s.weight.is_some()),
            year_weight: steps.iter().any(|s| s.year_weight.is_some()),
            kind: indicators.iter().any(|i| i.kind.is_some()),
            measure: indicators.iter().any(|i| i.measure.is_some()),
            baseline: indicators.iter().any(|i| i.baseline.is_some()),
            targets: indicators.iter().any(|i| !i.targets.is_empty()),
        }
    }
}

/// The staff taking part in an objective: how many per category, and, only when the
/// configuration publishes their names, who.
#[derive(Debug, Serialize)]
pub struct StaffView {
    /// Number of people.
    pub total: usize,
    /// Category (or profile) and number of people, in order of first appearance.
    pub counts: Vec<(String, usize)>,
    /// The people, when their names are published.
    pub people: Vec<PersonView>,
}

/// A person taking part in an objective, when names are published.
#[derive(Debug, Serialize)]
pub struct PersonView {
    /// Name.
    pub name: String,
    /// Category or profile.
    pub category: Option<String>,
    /// Role in the objective.
    pub role: Option<String>,
}

/// The staff of `objective`, `None` when the plan names nobody for it.
fn staff(plan: &Plan, objective: &Objective) -> Option<StaffView> {
    let members: Vec<_> = plan.staff_of(&objective.code).collect();
    if members.is_empty() {
        return None;
    }
    let category = |m: &crate::model::ObjectiveStaff| {
        m.category.clone().or_else(|| m.profile.clone()).unwrap_or_else(|| "Categoria non indicata".into())
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for member in &members {
        let name = category(member);
        match counts.iter_mut().find(|(c, _)| *c == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name, 1)),
        }
    }
    let people = members
        .iter()
        .filter_map(|m| {
            Some(PersonView {
                name: m.name.clone()?,
                category: m.category.clone().or_else(|| m.profile.clone()),
                role: m.role.clone(),
            })
        })
        .collect();
    Some(StaffView { total: members.len(), counts, people })
}

/// An indicator of an objective.
#[derive(Debug, Serialize)]
pub struct IndicatorView<'a> {
    /// Every declared column, by name, for templates.
    pub columns: Columns<'a>,
    /// Code.
    pub code: String,
    /// The `id` of its row in the objective's page (`indicatore-2-i1`).
    pub anchor: String,
    /// Description, sanitised HTML.
    pub description_html: String,
    /// Dimension measured (efficacia, attività/processo, …).
    pub kind: Option<String>,
    /// Measure (numero, percentuale, data, …).
    pub measure: Option<String>,
    /// Which way is better, when the plan says.
    pub direction: Option<&'static str>,
    /// Starting value with unit.
    pub baseline: Option<String>,
    /// Targets with unit, `2026: 20 %` when there is one per year.
    pub targets: Vec<String>,
    /// Its measurements against its target, when the plan has monitoring.
    pub progress: Option<super::progress::IndicatorProgressView>,
}

/// An objective as a row of its plan's table.
#[derive(Debug, Serialize)]
pub struct ObjectiveRow {
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Kind, in words.
    pub kind: &'static str,
    /// Address of its page.
    pub url: String,
    /// Weight on the first year, `10,00 %`.
    pub weight: Option<String>,
}

/// The row of an objective in its plan's table.
pub fn objective_row(plan: &Plan, objective: &Objective) -> ObjectiveRow {
    ObjectiveRow {
        code: objective.code.clone(),
        title: objective.title.clone(),
        kind: kind_name(&objective.kind),
        url: routes::objective(&plan.id, &objective.code),
        weight: objective.weight.map(percent),
    }
}

/// A step in the objective's table.
#[derive(Debug, Serialize)]
pub struct StepView<'a> {
    /// Every declared column, by name, for templates.
    pub columns: Columns<'a>,
    /// Code.
    pub code: String,
    /// The `id` of its row in the objective's page (`fase-1-1`), which the indexes link to.
    pub anchor: String,
    /// Description, sanitised HTML.
    pub description_html: String,
    /// When it is due.
    pub schedule: ScheduleView,
    /// KPI, sanitised HTML.
    pub kpi_html: String,
    /// Weight on the objective.
    pub weight: Option<String>,
    /// Weight on the first year.
    pub year_weight: Option<String>,
    /// Status at the plan's reference date, when the plan has monitoring.
    pub status: Option<super::progress::StatusView>,
}

/// When an objective or a step is due, for a page: the deadline, the period as written, and the
/// end of the period when it could be read.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    /// Deadline.
    pub deadline: Option<DateView>,
    /// Period, as the plan writes it.
    pub period: Option<String>,
    /// End of the period, when it could be read.
    pub period_end: Option<DateView>,
}

impl ScheduleView {
    /// The view of `schedule`.
    pub fn new(schedule: &Schedule) -> ScheduleView {
        ScheduleView {
            deadline: schedule.deadline.map(DateView::new),
            period: schedule.period.clone(),
            period_end: schedule.period_dates.map(|period| DateView::new(period.to)),
        }
    }
}

/// An objective's kind (`peg`), in words.
pub fn kind_name(kind: &str) -> &'static str {
    match kind {
        "peg" => "Obiettivo di PEG",
        "operativo" => "Obiettivo operativo",
        _ => "Obiettivo di performance",
    }
}

/// An office by its name, linked to the plan's index page of its objectives.
fn office_link(plan: &Plan, site: &Site, code: &str) -> Link {
    Link {
        name: site.offices.iter().find(|o| o.code == code).map_or_else(|| code.to_string(), |o| o.name.clone()),
        url: routes::plan_index(&plan.id, "strutture", Some(code)),
    }
}

/// The view of an objective, with its steps.
pub fn objective<'a>(plan: &'a Plan, objective: &'a Objective, site: &Site) -> ObjectiveView<'a> {
    let position = plan.objectives.iter().position(|o| std::ptr::eq(o, objective));
    let texts = [
        ("Descrizione", "descrizione"),
        ("Situazione attuale", "situazione_attuale"),
        ("Criticità", "criticita"),
        ("Situazione attesa", "situazione_attesa"),
        ("Vantaggi per cittadini e/o Ente", "benefici"),
        ("Azioni", "azioni"),
        ("Categorie di operatori coinvolti", "operatori"),
        ("Costi", "costi"),
        ("Indicatore generale di raggiungimento", "indicatore_generale"),
    ];
    let mut steps: Vec<StepView> = plan
        .step_positions(&objective.code)
        .iter()
        .map(|&i| step(&plan.steps[i], plan.progress.reference_date.and(plan.progress.steps.get(i))))
        .collect();
    let mut indicators: Vec<IndicatorView> = plan
        .indicator_positions(&objective.code)
        .iter()
        .map(|&i| indicator(plan, &plan.indicators[i], plan.progress.indicators.get(i)))
        .collect();
    unique_anchors(steps.iter_mut().map(|s| &mut s.anchor).chain(indicators.iter_mut().map(|i| &mut i.anchor)));
    let columns = Columns::of(&objective.record);
    let texts =
        texts.into_iter().filter_map(|(heading, column)| Some((heading.to_string(), columns.html(column)?))).collect();
    ObjectiveView {
        columns,
        code: objective.code.clone(),
        title: objective.title.clone(),
        kind: kind_name(&objective.kind),
        url: routes::objective(&plan.id, &objective.code),
        weight: objective.weight.map(percent),
        areas: objective
            .areas
            .iter()
            .map(|code| Link {
                name: plan
                    .areas
                    .iter()
                    .find(|a| &a.code == code)
                    .map_or_else(|| code.clone(), |a| format!("{code}. {}", a.name)),
                url: routes::plan_index(&plan.id, "aree", Some(code)),
            })
            .collect(),
        strategic_objectives: objective
            .strategic_objectives
            .iter()
            .map(|code| Link {
                name: plan
                    .strategic_objectives
                    .iter()
                    .find(|s| &s.code == code)
                    .map_or_else(|| code.clone(), |s| format!("{code} – {}", s.title)),
                url: routes::plan_index(&plan.id, "obiettivi-strategici", Some(code)),
            })
            .collect(),
        public_value: objective.public_value.clone(),
        offices: objective.offices.iter().map(|code| office_link(plan, site, code)).collect(),
        stakeholders: objective
            .stakeholders
            .iter()
            .map(|name| Link {
                name: name.clone(),
                url: routes::plan_index(&plan.id, "stakeholder", Some(&routes::slug(name))),
            })
            .collect(),
        first_year: objective.first_year,
        schedule: ScheduleView::new(&objective.schedule),
        dup_reference: objective.dup_reference.clone(),
        coordinating_office: objective.coordinating_office.as_ref().map(|code| office_link(plan, site, code)),
        texts,
        filled: FilledColumns::of(&steps, &indicators),
        steps,
        tags: objective
            .tags
            .iter()
            .map(|tag| Link {
                name: tag.clone(),
                url: routes::plan_index(&plan.id, "etichette", Some(&routes::slug(tag))),
            })
            .collect(),
        indicators,
        versions: Vec::new(),
        staff: staff(plan, objective),
        monitoring: position
            .and_then(|i| plan.progress.objectives.get(i))
            .and_then(|progress| super::progress::objective(plan, progress)),
        downloads: vec![
            Link {
                name: format!("Obiettivo {}, fasi e indicatori (JSON)", objective.code),
                url: crate::address::objective_json(&plan.id, &objective.code),
            },
            Link { name: "Tutti gli obiettivi del piano (CSV)".into(), url: format!("dati/{}/obiettivi.csv", plan.id) },
            Link { name: "Tutte le fasi del piano (CSV)".into(), url: format!("dati/{}/fasi.csv", plan.id) },
        ],
    }
}

fn indicator<'a>(
    plan: &Plan,
    indicator: &'a crate::model::Indicator,
    progress: Option<&crate::model::progress::IndicatorProgress>,
) -> IndicatorView<'a> {
    let columns = Columns::of(&indicator.record);
    let unit = indicator.unit.as_deref();
    let direction = match (indicator.direction.is_some(), indicator.higher_is_better()) {
        (true, Some(true)) => Some("crescente: più alto è meglio"),
        (true, Some(false)) => Some("decrescente: più basso è meglio"),
        _ => None,
    };
    IndicatorView {
        description_html: columns.html("descrizione").unwrap_or_default(),
        columns,
        code: indicator.code.clone(),
        anchor: indicator_anchor(&indicator.code),
        kind: indicator.kind.clone(),
        measure: indicator.measure.clone(),
        direction,
        baseline: indicator.baseline.as_ref().map(|amount| amount_text(amount, unit)),
        targets: targets(indicator),
        progress: progress.and_then(|progress| super::progress::indicator(plan, indicator, progress)),
    }
}

/// The `id` of the row of the step `code` in its objective's page: `fase-1-1` for `1.1`.
pub fn step_anchor(code: &str) -> String {
    format!("fase-{}", routes::slug(code))
}

/// The `id` of the row of the indicator `code` in its objective's page: `indicatore-2-i1`.
pub fn indicator_anchor(code: &str) -> String {
    format!("indicatore-{}", routes::slug(code))
}

/// Makes the anchors of one page unique: two codes of an objective that differ only by
/// punctuation (`1.1`, `1_1`) would share one, and the second gets `-2` after it.
fn unique_anchors<'a>(anchors: impl Iterator<Item = &'a mut String>) {
    let mut seen = std::collections::HashSet::new();
    for anchor in anchors {
        if !seen.insert(anchor.clone()) {
            let base = anchor.clone();
            *anchor = (2..).map(|n| format!("{base}-{n}")).find(|a| !seen.contains(a)).unwrap_or(base);
            seen.insert(anchor.clone());
        }
    }
}

/// The targets of `indicator` with its unit, `2026: 20 %` when there is one per year.
fn targets(indicator: &crate::model::Indicator) -> Vec<String> {
    let unit = indicator.unit.as_deref();
    indicator
        .targets
        .iter()
        .map(|target| match target.year {
            Some(year) => format!("{year}: {}", amount_text(&target.amount, unit)),
            None => amount_text(&target.amount, unit),
        })
        .collect()
}

fn step<'a>(step: &'a Step, progress: Option<&crate::model::progress::StepProgress>) -> StepView<'a> {
    let columns = Columns::of(&step.record);
    StepView {
        code: step.code().to_string(),
        anchor: step_anchor(step.code()),
        description_html: columns.html("descrizione").unwrap_or_default(),
        schedule: ScheduleView::new(&step.schedule),
        kpi_html: columns.html("kpi").unwrap_or_default(),
        columns,
        weight: step.weight().map(percent),
        year_weight: step.year_weight().map(percent),
        status: progress.map(super::progress::status),
    }
}

/// A titled list of links, the building block of index pages. The entries are [`Item`]s, or
/// anything that serialises as one.
#[derive(Debug, Clone, Serialize)]
pub struct Group<I = Item> {
    /// Heading of the group (an `h2`).
    pub title: String,
    /// The entries.
    pub items: Vec<I>,
}

/// Where a page stands among the pages of a list too long for one.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Address of the first page.
    pub first: String,
    /// Address of the previous page, if any.
    pub previous: Option<String>,
    /// Address of the next page, if any.
    pub next: Option<String>,
    /// Address of the last page.
    pub last: String,
}

/// Splits `groups` into pages of at most `per_page` items each; a group cut in two keeps its
/// heading on the next page, marked as continued. Always at least one page.
pub fn paginate<I>(groups: Vec<Group<I>>, per_page: usize) -> Vec<Vec<Group<I>>> {
    let per_page = per_page.max(1);
    let (mut pages, mut page, mut room) = (Vec::new(), Vec::new(), per_page);
    for Group { title, items } in groups {
        if items.is_empty() {
            page.push(Group { title, items });
            continue;
        }
        let mut items = items.into_iter().peekable();
        let mut heading = title.clone();
        while items.peek().is_some() {
            if room == 0 {
                pages.push(std::mem::take(&mut page));
                room = per_page;
            }
            let part: Vec<I> = items.by_ref().take(room).collect();
            room -= part.len();
            page.push(Group { title: heading, items: part });
            heading = format!("{title} (segue)");
        }
    }
    pages.push(page);
    pages
}

/// One entry of a [`Group`].
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Text of the link.
    pub name: String,
    /// Address from the site root (no link when empty).
    pub url: String,
    /// A short note after the link (weight, deadline, count).
    pub note: Option<String>,
}

/// A data table with a caption; the first cell of each row is its header.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// Caption.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

impl TableView {
    /// The table without the columns, after the first, whose cells are empty (a dash) in every
    /// row: a column of dashes says nothing and makes the table wider on a phone.
    pub fn without_empty_columns(self) -> TableView {
        let width = self.headers.len();
        let kept: Vec<bool> = (0..width)
            .map(|i| i == 0 || self.rows.iter().any(|row| row.get(i).is_some_and(|cell| cell.text != "–")))
            .collect();
        if kept.iter().all(|&k| k) || self.rows.is_empty() {
            return self;
        }
        let keep = |i: &usize| kept.get(*i).copied().unwrap_or(true);
        TableView {
            caption: self.caption,
            headers: self.headers.into_iter().enumerate().filter(|(i, _)| keep(i)).map(|(_, h)| h).collect(),
            rows: self
                .rows
                .into_iter()
                .map(|row| row.into_iter().enumerate().filter(|(i, _)| keep(i)).map(|(_, c)| c).collect())
                .collect(),
        }
    }
}

/// A table cell: text, optionally a link.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Text.
    pub text: String,
    /// Address from the site root (no link when empty).
    pub url: String,
}

impl Cell {
    /// A cell of text (empty text shows as a dash).
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Cell { text: if text.is_empty() { "–".into() } else { text }, url: String::new() }
    }

    /// A cell of optional text.
    pub fn maybe(text: &Option<String>) -> Self {
        Cell::text(text.clone().unwrap_or_default())
    }

    /// A linked cell. As a last defence, an address that [`links::is_safe_href`] refuses (a
    /// scheme other than `http:`, `https:`, `mailto:` or a `tel:` number) gives a cell without
    /// link: the data's links are checked when read, this keeps any other path to an `href` safe.
    pub fn link(text: impl Into<String>, url: impl Into<String>) -> Self {
        let url = url.into();
        let url = if links::is_safe_href(&url) { url } else { String::new() };
        Cell { text: text.into(), url }
    }
}

/// Every declared column of a record, for a template, by its column name: a column added to the
/// declaration can be shown by a template (`{{ objective.columns.riferimento_dup }}`) without
/// code of its own. Empty values are left out; a long text comes as sanitised HTML under
/// `<name>_html`; dates as `GG/MM/AAAA`, numbers and percentages in the Italian form, lists as
/// arrays of text.
/// The entries are made once, when the page's view is, so that fingerprinting and rendering the
/// page do not convert them again.
#[derive(Debug, Clone)]
pub struct Columns<'a> {
    entries: Vec<(std::borrow::Cow<'static, str>, Shown<'a>)>,
}

impl<'a> Columns<'a> {
    /// The columns of `record`.
    pub fn of(record: &'a Record) -> Columns<'a> {
        use std::borrow::Cow;
        let mut entries = Vec::new();
        for (column, value) in record.columns() {
            match (column.kind, shown(column.kind, &value)) {
                (_, None) => {}
                (Kind::LongText, Some(_)) => {
                    // Rendered from the cell as written, as the page's own texts are: the
                    // renderer sanitises it.
                    let html = markdown::to_html(record.origin.raw(column.name));
                    entries.push((Cow::Owned(format!("{}_html", column.name)), Shown::One(Cow::Owned(html))));
                }
                (_, Some(shown)) => entries.push((Cow::Borrowed(column.name), shown)),
            }
        }
        Columns { entries }
    }

    /// The sanitised HTML of the long text in the column `name`, if it is filled in.
    pub fn html(&self, name: &str) -> Option<String> {
        self.entries.iter().find_map(|(key, shown)| match shown {
            Shown::One(html) if key.strip_suffix("_html") == Some(name) => Some(html.to_string()),
            _ => None,
        })
    }
}

impl Serialize for Columns<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(key, shown)| (key.as_ref(), shown)))
    }
}

/// A value as a page shows it: one text, or several.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Shown<'a> {
    One(std::borrow::Cow<'a, str>),
    Many(Vec<&'a str>),
}

/// `value` (of a column of `kind`) as a page shows it; `None` when empty.
fn shown<'a>(kind: Kind, value: &Published<'a>) -> Option<Shown<'a>> {
    use std::borrow::Cow;
    Some(match value {
        Published::Null => return None,
        Published::List(items) if items.is_empty() => return None,
        Published::List(items) => Shown::Many(items.clone()),
        Published::Text(text) => Shown::One(text.clone()),
        Published::Number(number) if kind == Kind::Percent => Shown::One(Cow::Owned(percent(*number))),
        Published::Number(number) => Shown::One(Cow::Owned(number_text(*number))),
        Published::Integer(year) if kind == Kind::Year => Shown::One(Cow::Owned(year.to_string())),
        Published::Integer(integer) => Shown::One(Cow::Owned(integer_text(*integer))),
        Published::Date(date) => Shown::One(Cow::Owned(date_text(*date))),
        Published::Bool(yes) => Shown::One(Cow::Borrowed(if *yes { "sì" } else { "no" })),
    })
}

/// One declared value of a record on the page of its entry (an area, a strategic objective, an
/// office): the column's heading, and the value as links or text, or as sanitised HTML.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// The column's heading.
    pub label: String,
    /// The value's items; a link where the value is an address or names a record with a page.
    pub values: Vec<Link>,
    /// A long text, as sanitised HTML.
    pub html: Option<String>,
}

/// The details of `record`: every published column but those of `skip`, in the declaration's
/// order, each non-empty one with its heading. `link` gives the page of a record another table
/// cites (the table and the code), with its name.
pub fn details(record: &Record, skip: &[&str], link: impl Fn(TableId, &str) -> Option<Link>) -> Vec<Detail> {
    let mut details = Vec::new();
    for (column, value) in record.columns() {
        if skip.contains(&column.name) || column.name == "data_aggiornamento" {
            continue;
        }
        let Some(shown) = shown(column.kind, &value) else { continue };
        let label = column.heading();
        let items = match shown {
            Shown::One(text) if column.kind == Kind::LongText => {
                details.push(Detail { label, values: Vec::new(), html: Some(markdown::to_html(&text)) });
                continue;
            }
            Shown::One(text) => vec![text],
            Shown::Many(items) => items.into_iter().map(std::borrow::Cow::Borrowed).collect(),
        };
        let values = items
            .into_iter()
            .map(|item| {
                let linked = match column.kind {
                    Kind::Reference(table) | Kind::References(table) => link(table, &item),
                    Kind::Link => links::href(&item).map(|url| Link { name: item.to_string(), url }),
                    _ => None,
                };
                linked.unwrap_or_else(|| Link { name: item.into_owned(), url: String::new() })
            })
            .collect();
        details.push(Detail { label, values, html: None });
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_empty_in_every_row_is_left_out_of_a_table() {
        let table = TableView {
            caption: "Recapiti".into(),
            headers: vec!["Struttura".into(), "Telefono".into(), "Posta elettronica".into()],
            rows: vec![
                vec![Cell::text("Segreteria"), Cell::text(""), Cell::text("a@ente.it")],
                vec![Cell::text(""), Cell::text(""), Cell::text("")],
            ],
        }
        .without_empty_columns();
        assert_eq!(table.headers, ["Struttura", "Posta elettronica"]);
        let rows: Vec<Vec<&str>> = table.rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(rows, [vec!["Segreteria", "a@ente.it"], vec!["–", "–"]], "the first column stays");
    }

    #[test]
    fn cells_never_link_an_address_with_another_scheme() {
        assert_eq!(Cell::link("atto", "delibere/cda-21.pdf").url, "delibere/cda-21.pdf");
        assert_eq!(Cell::link("sito", "https://www.ente.it/").url, "https://www.ente.it/");
        assert_eq!(Cell::link("tel", "tel:+390375203122").url, "tel:+390375203122");
        for unsafe_url in
            ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "//altro.it/"]
        {
            let cell = Cell::link("x", unsafe_url);
            assert_eq!((cell.text.as_str(), cell.url.as_str()), ("x", ""), "{unsafe_url}");
        }
    }

    #[test]
    fn row_anchors_are_slugs_of_the_codes_and_unique_in_a_page() {
        assert_eq!(step_anchor("1.1"), "fase-1-1");
        assert_eq!(indicator_anchor("2.i1"), "indicatore-2-i1");
        let mut anchors: Vec<String> = ["1.1", "1_1", "1-1", "2"].iter().map(|c| step_anchor(c)).collect();
        unique_anchors(anchors.iter_mut());
        assert_eq!(anchors, ["fase-1-1", "fase-1-1-2", "fase-1-1-3", "fase-2"]);
    }

    fn group(title: &str, items: usize) -> Group {
        let item = |n: usize| Item { name: format!("{title}{n}"), url: String::new(), note: None };
        Group { title: title.to_string(), items: (0..items).map(item).collect() }
    }

    fn shape(pages: &[Vec<Group>]) -> Vec<Vec<(String, usize)>> {
        pages.iter().map(|page| page.iter().map(|g| (g.title.clone(), g.items.len())).collect()).collect()
    }

    #[test]
    fn pagination_keeps_every_item_once_in_order_and_marks_continued_groups() {
        let pages = paginate(vec![group("A", 3), group("B", 0), group("C", 4)], 3);
        let expected = [vec![("A", 3), ("B", 0)], vec![("C", 3)], vec![("C (segue)", 1)]];
        let expected: Vec<Vec<(String, usize)>> =
            expected.iter().map(|page| page.iter().map(|(t, n)| (t.to_string(), *n)).collect()).collect();
        assert_eq!(shape(&pages), expected);
        let names: Vec<String> = pages.iter().flatten().flat_map(|g| g.items.iter().map(|i| i.name.clone())).collect();
        assert_eq!(names, ["A0", "A1", "A2", "C0", "C1", "C2", "C3"]);
        assert_eq!(paginate::<Item>(vec![], 5).len(), 1, "an empty list is still one page");
        assert_eq!(paginate(vec![group("A", 2)], 0).len(), 2, "at least one item per page");
        assert_eq!(shape(&paginate(vec![group("A", 2)], 200)), [vec![("A".to_string(), 2)]]);
    }
}
