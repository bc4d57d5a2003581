//! Each plan's pages: the plan (objectives with weights and a total, its sections), one page per
//! objective, the plan's own sections from `content/piani/<plan>/`, and the index pages by
//! strategic area, strategic objective, office, deadline year, stakeholder and tag.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::html::markdown;
use crate::load::values::date_text;
use crate::model::{Objective, Plan, Site, Step};
use crate::render::views::{self, Detail, Group, Item, Link, ObjectiveView};
use crate::render::{Page, ThemeError, progress, routes, tree};
use crate::schema::TableId;

use super::SectionContext;

#[derive(Serialize)]
struct PlanContext<'a> {
    title: &'a str,
    start_year: i32,
    description_html: Option<String>,
    objectives: Rows<'a>,
    /// The kind shared by every objective, when they all have the same: the table then leaves out
    /// its «Tipo» column and the caption says it.
    common_kind: Option<&'static str>,
    /// True when some objective has a weight: otherwise the table leaves out the weights.
    weighted: bool,
    total: Option<String>,
    /// The plan as a tree: areas, their strategic objectives, their objectives.
    tree: Vec<Branch>,
    /// Objectives under no area or strategic objective, when the plan has a tree, by position in
    /// `objectives`.
    unplaced: Vec<usize>,
    sections: Vec<Link>,
    indexes: Vec<Link>,
    /// How far each objective got, when the plan has monitoring.
    progress: Option<progress::GroupProgress>,
    /// How far each area got, when the plan has monitoring and areas.
    areas_progress: Option<progress::GroupsProgress>,
    /// How far each year of the plan got, when the plan has monitoring.
    years_progress: Option<progress::GroupsProgress>,
    /// The plan's annual performance reports, the latest first.
    reports: Vec<Link>,
    /// The current plan, when this plan is not it.
    current_plan: Option<Link>,
}

/// The plan's objectives as the rows of its page's table ([`views::ObjectiveRow`]), each made only
/// as the page's context is made, never all at once beside it.
struct Rows<'a>(&'a Plan);

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.objectives.iter().map(|objective| views::objective_row(self.0, objective)))
    }
}

/// An area or a strategic objective of the plan's tree, with what hangs from it: its objectives by
/// their position in the plan, which is also their row's in the plan page's `objectives`, so that a
/// plan of 10,000 objectives does not give its page's context each objective twice.
#[derive(Serialize)]
struct Branch {
    link: Link,
    branches: Vec<Branch>,
    objectives: Vec<usize>,
}

/// The plan as a tree: each area with its strategic objectives and their objectives (an
/// objective appears under each strategic objective it serves), then the objectives of the area
/// linked to none of its strategic objectives; and the objectives placed nowhere.
fn plan_tree(plan: &Plan) -> (Vec<Branch>, Vec<usize>) {
    let objectives = || plan.objectives.iter().enumerate();
    let tree: Vec<Branch> = plan
        .areas
        .iter()
        .map(|area| {
            let strategic: Vec<_> = plan.strategic_objectives.iter().filter(|s| s.area == area.code).collect();
            let branches = strategic
                .iter()
                .map(|s| Branch {
                    link: Link {
                        name: format!("Obiettivo strategico {} – {}", s.code, s.title),
                        url: routes::plan_index(&plan.id, "obiettivi-strategici", Some(&s.code)),
                    },
                    branches: Vec::new(),
                    objectives: objectives()
                        .filter(|(_, o)| o.strategic_objectives.contains(&s.code))
                        .map(|(position, _)| position)
                        .collect(),
                })
                .collect();
            let objectives = objectives()
                .filter(|(_, o)| o.areas.contains(&area.code))
                .filter(|(_, o)| !strategic.iter().any(|s| o.strategic_objectives.contains(&s.code)))
                .map(|(position, _)| position)
                .collect();
            Branch {
                link: Link {
                    name: format!("Area strategica {}. {}", area.code, area.name),
                    url: routes::plan_index(&plan.id, "aree", Some(&area.code)),
                },
                branches,
                objectives,
            }
        })
        .collect();
    if tree.is_empty() {
        return (tree, Vec::new());
    }
    let placed = |o: &Objective| {
        plan.areas.iter().any(|a| o.areas.contains(&a.code))
            || plan.strategic_objectives.iter().any(|s| o.strategic_objectives.contains(&s.code))
    };
    let unplaced = objectives().filter(|(_, o)| !placed(o)).map(|(position, _)| position).collect();
    (tree, unplaced)
}

#[derive(Serialize)]
struct ObjectiveContext<'a> {
    objective: ObjectiveView<'a>,
}

/// Every plan's pages, except the objectives' ([`Objectives`]), handed to `visit` two groups a
/// plan: its page with its sections, then its indexes.
pub fn pages<'a>(site: &'a Site, shared: &views::Shared, visit: &mut super::Visit<'_, 'a>) -> Result<(), ThemeError> {
    for plan in &site.plans {
        plan_pages(site, shared, plan, visit)?;
    }
    Ok(())
}

/// The breadcrumbs of the plan's page.
fn plan_breadcrumbs() -> Result<Vec<Link>, ThemeError> {
    let section = tree::find(routes::PLAN_SECTION).ok_or(ThemeError::MissingSection("Piano della Performance"))?;
    let mut crumbs = views::section_breadcrumbs(routes::PLAN_SECTION);
    crumbs.push(views::section_link(section));
    Ok(crumbs)
}

/// The pages of one plan's objectives, built one at a time so that they need not all be in memory.
pub struct Objectives<'a> {
    site: &'a Site,
    plan: &'a Plan,
    /// The plan's position in [`Site::plans`], where its objectives' versions are found.
    position: usize,
    crumbs: Vec<Link>,
    updated: Option<chrono::NaiveDate>,
    shared: views::Shared,
}

impl<'a> Objectives<'a> {
    /// The objective pages of `plan`.
    pub fn of(site: &'a Site, plan: &'a Plan) -> Result<Self, ThemeError> {
        let mut crumbs = plan_breadcrumbs()?;
        crumbs.push(Link { name: plan.title.clone(), url: routes::plan(&plan.id) });
        let position = site.plans.iter().position(|p| std::ptr::eq(p, plan)).unwrap_or(usize::MAX);
        Ok(Objectives { site, plan, position, crumbs, updated: plan.updated_on(), shared: views::Shared::of(site) })
    }

    /// The address of an objective's page and the date of last update of what it shows.
    pub fn address_and_date(&self, objective: &Objective) -> (String, Option<chrono::NaiveDate>) {
        let own = self.plan.steps_of(&objective.code).map(|s| s.updated()).chain([objective.updated]).flatten().max();
        (routes::objective(&self.plan.id, &objective.code), own.or(self.updated))
    }

    /// The page of one objective.
    pub fn page(&self, objective: &'a Objective) -> Result<Page<'a>, ThemeError> {
        let mut view = views::objective(self.plan, objective, self.site);
        view.versions = self
            .site
            .versions
            .of(self.position, &objective.code)
            .iter()
            .map(|&(plan, position)| {
                let own = plan == self.position;
                views::version(&self.site.plans[plan], position, own)
            })
            .collect();
        let title = format!("Obiettivo {} – {}", objective.code, objective.title);
        let (address, updated) = self.address_and_date(objective);
        let common = views::common(self.site, &self.shared, &address, &title, self.crumbs.clone(), updated);
        Page::new(address, "objective.html", common, ObjectiveContext { objective: view })
    }
}

/// The pages of `plan`, handed to `visit`: its page with its sections, then its indexes.
fn plan_pages<'a>(
    site: &'a Site,
    shared: &views::Shared,
    plan: &'a Plan,
    visit: &mut super::Visit<'_, 'a>,
) -> Result<(), ThemeError> {
    let address = routes::plan(&plan.id);
    let mut crumbs = plan_breadcrumbs()?;
    let updated = plan.updated_on();
    let weights: Vec<f64> = plan.objectives.iter().filter_map(|o| o.weight).collect();
    let sections = plan_sections(site, plan);
    let indexes = indexes(site, plan);
    let (tree, unplaced) = plan_tree(plan);
    let mut kinds = plan.objectives.iter().map(|o| views::kind_name(&o.kind));
    let common_kind = kinds.next().filter(|first| kinds.all(|kind| kind == *first));
    let context = PlanContext {
        title: &plan.title,
        start_year: plan.start_year,
        description_html: plan.description.as_deref().map(markdown::to_html),
        objectives: Rows(plan),
        common_kind,
        weighted: !weights.is_empty(),
        total: (!weights.is_empty()).then(|| crate::render::format::percent(weights.iter().sum())),
        tree,
        unplaced,
        sections: sections.iter().map(|(link, _)| link.clone()).collect(),
        indexes: indexes.iter().map(|index| index.listing.clone()).collect(),
        progress: progress::group(plan, &(0..plan.objectives.len()).collect::<Vec<_>>(), "del piano", |o| {
            routes::objective(&plan.id, &o.code)
        }),
        areas_progress: progress::groups(
            plan,
            plan.areas
                .iter()
                .map(|area| {
                    let positions = positions(plan, |o| o.areas.contains(&area.code));
                    (
                        format!("{}. {}", area.code, area.name),
                        routes::plan_index(&plan.id, "aree", Some(&area.code)),
                        positions,
                    )
                })
                .collect(),
            "per area strategica",
        ),
        years_progress: progress::years(plan),
        reports: {
            let mut reports: Vec<_> = plan.reports.iter().collect();
            reports.sort_by_key(|r| std::cmp::Reverse(r.year));
            reports.iter().map(|r| Link { name: r.title.clone(), url: routes::report(&plan.id, r.year) }).collect()
        },
        current_plan: site
            .current_plan()
            .filter(|current| current.id != plan.id)
            .map(|current| Link { name: current.title.clone(), url: routes::plan(&current.id) }),
    };
    let mut pages = vec![Page::new(
        address.clone(),
        "plan.html",
        views::common(site, shared, &address, &plan.title, crumbs.clone(), updated),
        context,
    )?];
    crumbs.push(Link { name: plan.title.clone(), url: address });
    for (link, body_html) in sections {
        let common = views::common(site, shared, &link.url, &link.name, crumbs.clone(), updated);
        pages.push(Page::new(
            link.url,
            "section.html",
            common,
            SectionContext { body_html: Some(body_html), ..SectionContext::default() },
        )?);
    }
    visit(pages)?;
    for index in indexes {
        visit(index_group(site, shared, &crumbs, updated, (index.pages)())?)?;
    }
    Ok(())
}

/// The pages of one index of a plan whose page has the breadcrumbs `crumbs`: each of its
/// `pages` cut into pages of at most `voci_per_pagina` items.
fn index_group<'a>(
    site: &'a Site,
    shared: &views::Shared,
    crumbs: &[Link],
    updated: Option<NaiveDate>,
    pages: Vec<IndexPage<'a>>,
) -> Result<Vec<Page<'a>>, ThemeError> {
    let per_page = site.config.voci_per_pagina.get();
    let mut parts = Vec::new();
    for mut index in pages {
        let mut index_crumbs = crumbs.to_vec();
        if let Some(parent) = &index.parent {
            index_crumbs.push(parent.clone());
        }
        let groups = views::paginate(index.groups, per_page);
        let total = groups.len();
        let address = |number: usize| match number {
            1 => index.address.clone(),
            n => format!("{}pagina/{n}/", index.address),
        };
        for (number, groups) in (1..).zip(groups) {
            let title = match number {
                1 => index.title.clone(),
                n => format!("{} – pagina {n} di {total}", index.title),
            };
            let pagination = (total > 1).then(|| views::Pagination {
                current: number,
                total,
                first: address(1),
                previous: (number > 1).then(|| address(number - 1)),
                next: (number < total).then(|| address(number + 1)),
                last: address(total),
            });
            let mut context = SectionContext::listing(groups, pagination);
            if number == 1 {
                context.details = std::mem::take(&mut index.details);
                context.progress = index.progress.take();
            }
            parts.push((address(number), title, index_crumbs.clone(), context));
        }
    }
    parts
        .into_par_iter()
        .map(|(address, title, crumbs, context)| {
            let common = views::common(site, shared, &address, &title, crumbs, updated);
            Page::new(address, "section.html", common, context)
        })
        .collect()
}

/// The plan's sections: the pages of `content/piani/<plan>/`, ordered by weight then file name.
fn plan_sections(site: &Site, plan: &Plan) -> Vec<(Link, String)> {
    let mut pages: Vec<_> = site
        .pages
        .iter()
        .filter(|p| !p.front.draft)
        .filter_map(|p| Some((p, routes::plan_section(&plan.id, &p.path)?)))
        .collect();
    pages.sort_by_key(|(p, _)| (p.front.weight.unwrap_or(i64::MAX), p.path.clone()));
    pages.into_iter().map(|(page, url)| (Link { name: page.title(), url }, markdown::to_html(&page.body))).collect()
}

/// An index page of a plan.
struct IndexPage<'a> {
    address: String,
    title: String,
    /// What the entry's own record says (an area's description, an office's head), shown above
    /// the lists on the entry's first page.
    details: Vec<Detail>,
    groups: Vec<Group<Entry<'a>>>,
    parent: Option<Link>,
    /// How far the entry's objectives got, shown on its first page.
    progress: Option<progress::GroupProgress>,
}

/// One entry of an index (an area, an office, a year): its name, its details and the lists of
/// its page.
struct IndexEntry<'a> {
    name: String,
    details: Vec<Detail>,
    groups: Vec<Group<Entry<'a>>>,
    progress: Option<progress::GroupProgress>,
}

impl<'a> IndexEntry<'a> {
    fn new(name: String, groups: Vec<Group<Entry<'a>>>) -> Self {
        IndexEntry { name, details: Vec::new(), groups, progress: None }
    }
}

/// Positions in the plan of the objectives `keep` keeps.
fn positions(plan: &Plan, keep: impl Fn(&Objective) -> bool) -> Vec<usize> {
    plan.objectives.iter().enumerate().filter(|(_, o)| keep(o)).map(|(i, _)| i).collect()
}

/// How far the objectives `keep` keeps got, for the page of a group of them.
fn group_progress(plan: &Plan, what: &str, keep: impl Fn(&Objective) -> bool) -> Option<progress::GroupProgress> {
    progress::group(plan, &positions(plan, keep), what, |o| routes::objective(&plan.id, &o.code))
}

/// The entries of one index, by key (the last part of their address).
type Entries<'a> = BTreeMap<String, IndexEntry<'a>>;

/// An entry of a plan's index, made into its [`Item`] only when its page is fingerprinted or
/// rendered: the indexes list every objective several times and every step with a deadline, and
/// their items, built all at once before rendering, were a quarter of a large build's memory.
enum Entry<'a> {
    /// An item made already (an index's own listing, the strategic objectives of an area).
    Ready(Box<Item>),
    /// An objective, linked to its page.
    Objective(&'a Plan, &'a Objective),
    /// A step and its deadline, linked to its objective's page.
    Step(&'a Plan, &'a Objective, &'a Step, NaiveDate),
}

impl Entry<'_> {
    fn item(&self) -> Cow<'_, Item> {
        match self {
            Entry::Ready(item) => Cow::Borrowed(item),
            Entry::Objective(plan, objective) => Cow::Owned(objective_item(plan, objective)),
            Entry::Step(plan, objective, step, deadline) => Cow::Owned(deadline_item(plan, objective, step, *deadline)),
        }
    }
}

impl Serialize for Entry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.item().serialize(serializer)
    }
}

fn objective_item(plan: &Plan, objective: &Objective) -> Item {
    Item {
        name: format!("Obiettivo {} – {}", objective.code, objective.title),
        url: routes::objective(&plan.id, &objective.code),
        note: objective.weight.map(|w| format!("peso {}", crate::render::format::percent(w))),
    }
}

/// One index (`kind`): a listing page and one page per key, each listing the objectives under it.
fn index<'a>(plan: &Plan, kind: &str, title: &str, entries: Entries<'a>) -> Vec<IndexPage<'a>> {
    let listing_address = routes::plan_index(&plan.id, kind, None);
    let listing = Link { name: title.to_string(), url: listing_address.clone() };
    let mut pages = vec![IndexPage {
        address: listing_address,
        title: title.to_string(),
        groups: vec![Group {
            title: title.to_string(),
            items: entries
                .iter()
                .map(|(key, entry)| {
                    Entry::Ready(Box::new(Item {
                        name: entry.name.clone(),
                        url: routes::plan_index(&plan.id, kind, Some(key)),
                        note: Some(match entry.groups.iter().map(|g| g.items.len()).sum::<usize>() {
                            1 => "1 voce".to_string(),
                            n => format!("{n} voci"),
                        }),
                    }))
                })
                .collect(),
        }],
        details: Vec::new(),
        parent: None,
        progress: None,
    }];
    for (key, IndexEntry { name, details, groups, progress }) in entries {
        pages.push(IndexPage {
            address: routes::plan_index(&plan.id, kind, Some(&key)),
            title: name,
            details,
            groups,
            parent: Some(listing.clone()),
            progress,
        });
    }
    pages
}

/// The page of the record `code` of `table` that a detail cites, with its name: an area, a
/// strategic objective, an objective, or an office that has objectives in the plan.
fn record_link(site: &Site, plan: &Plan, table: TableId, code: &str) -> Option<Link> {
    let (name, url) = match table {
        TableId::StrategicAreas => {
            let area = plan.areas.iter().find(|a| a.code == code)?;
            (format!("{code}. {}", area.name), routes::plan_index(&plan.id, "aree", Some(code)))
        }
        TableId::StrategicObjectives => {
            let strategic = plan.strategic_objectives.iter().find(|s| s.code == code)?;
            (format!("{code} – {}", strategic.title), routes::plan_index(&plan.id, "obiettivi-strategici", Some(code)))
        }
        TableId::Objectives => {
            let objective = plan.objectives.iter().find(|o| o.code == code)?;
            (format!("Obiettivo {code} – {}", objective.title), routes::objective(&plan.id, code))
        }
        TableId::Offices => {
            let office = site.offices.iter().find(|o| o.code == code)?;
            let has_page = plan.objectives.iter().any(|o| o.offices.iter().any(|c| c == code));
            let url = if has_page { routes::plan_index(&plan.id, "strutture", Some(code)) } else { String::new() };
            (office.name.clone(), url)
        }
        _ => return None,
    };
    Some(Link { name, url })
}

/// Groups objectives by the keys `keys` gives each one (a key is `(slug, name)`).
fn by_key<'a>(plan: &'a Plan, keys: impl Fn(&Objective) -> Vec<(String, String)>, heading: &str) -> Entries<'a> {
    let mut entries: BTreeMap<String, (String, Vec<Entry>)> = BTreeMap::new();
    for objective in &plan.objectives {
        for (key, name) in keys(objective) {
            entries.entry(key).or_insert_with(|| (name, Vec::new())).1.push(Entry::Objective(plan, objective));
        }
    }
    entries
        .into_iter()
        .map(|(key, (name, items))| (key, IndexEntry::new(name, vec![Group { title: heading.to_string(), items }])))
        .collect()
}

/// One of a plan's indexes: the link to its listing, which the plan's page shows, and how to make
/// its pages, made only when they are rendered, so that a plan's indexes are never all in memory
/// at once (at 10,000 objectives they list every objective five times and every step once).
struct Index<'a> {
    listing: Link,
    pages: Box<dyn FnOnce() -> Vec<IndexPage<'a>> + 'a>,
}

impl<'a> Index<'a> {
    /// The index `kind` of `plan`, titled `title`, of the `entries` it will list.
    fn of(plan: &'a Plan, kind: &'static str, title: &'static str, entries: impl FnOnce() -> Entries<'a> + 'a) -> Self {
        let listing = Link { name: title.to_string(), url: routes::plan_index(&plan.id, kind, None) };
        Index { listing, pages: Box::new(move || index(plan, kind, title, entries())) }
    }
}

/// The plan's indexes, in the order its page lists them: by area, strategic objective, office,
/// stakeholder, tag and deadline year; the late steps, when the plan has monitoring; the
/// monitoring rounds, when it has any.
fn indexes<'a>(site: &'a Site, plan: &'a Plan) -> Vec<Index<'a>> {
    let mut indexes = vec![
        Index::of(plan, "aree", "Aree strategiche", move || areas(site, plan)),
        Index::of(plan, "obiettivi-strategici", "Obiettivi strategici", move || strategic_objectives(site, plan)),
        Index::of(plan, "strutture", "Obiettivi per struttura", move || offices(site, plan)),
        Index::of(plan, "stakeholder", "Obiettivi per stakeholder", move || {
            by_key(
                plan,
                |o| o.stakeholders.iter().map(|s| (routes::slug(s), s.clone())).collect(),
                "Obiettivi che lo riguardano",
            )
        }),
        Index::of(plan, "etichette", "Obiettivi per etichetta", move || {
            by_key(
                plan,
                |o| o.tags.iter().map(|t| (routes::slug(t), t.clone())).collect(),
                "Obiettivi con questa etichetta",
            )
        }),
        Index::of(plan, "scadenze", "Fasi per anno di scadenza", move || deadlines(plan)),
    ];
    if let Some(date) = plan.progress.reference_date {
        let listing = Link {
            name: format!("Fasi in ritardo al {}", date_text(date)),
            url: routes::plan_index(&plan.id, "fasi-in-ritardo", None),
        };
        let title = listing.name.clone();
        indexes.push(Index { listing, pages: Box::new(move || vec![late_steps(plan, title)]) });
    }
    if !plan.rounds.is_empty() {
        indexes.push(Index { listing: super::rounds::listing_link(plan), pages: Box::new(move || rounds(site, plan)) });
    }
    indexes
}

/// The monitoring rounds: a listing and a page per round.
fn rounds<'a>(site: &Site, plan: &'a Plan) -> Vec<IndexPage<'a>> {
    let rounds = super::rounds::pages(plan, &|table, code| record_link(site, plan, table, code));
    if rounds.is_empty() {
        return Vec::new();
    }
    let ready = |group: Group| Group {
        title: group.title,
        items: group.items.into_iter().map(|item| Entry::Ready(Box::new(item))).collect(),
    };
    let listing = super::rounds::listing_link(plan);
    let mut pages = vec![IndexPage {
        address: listing.url,
        title: listing.name,
        details: Vec::new(),
        groups: vec![ready(super::rounds::listing_group(&rounds))],
        parent: None,
        progress: None,
    }];
    for round in rounds {
        pages.push(IndexPage {
            address: round.address,
            title: round.title,
            details: round.details,
            groups: round.groups.into_iter().map(ready).collect(),
            parent: Some(super::rounds::listing_link(plan)),
            progress: None,
        });
    }
    pages
}

/// The steps late at the plan's reference date, by objective, on one page titled `title`.
fn late_steps(plan: &Plan, title: String) -> IndexPage<'_> {
    let groups = plan
        .objectives
        .iter()
        .filter_map(|objective| {
            let items: Vec<Entry> = plan
                .step_positions(&objective.code)
                .iter()
                .filter(|&&i| plan.progress.steps.get(i).is_some_and(|p| p.status == crate::model::StepStatus::Late))
                .filter_map(|&i| {
                    let step = &plan.steps[i];
                    Some(Entry::Step(plan, objective, step, step.schedule.due()?))
                })
                .collect();
            (!items.is_empty())
                .then(|| Group { title: format!("Obiettivo {} – {}", objective.code, objective.title), items })
        })
        .collect();
    IndexPage {
        address: routes::plan_index(&plan.id, "fasi-in-ritardo", None),
        title,
        details: Vec::new(),
        groups,
        parent: None,
        progress: None,
    }
}

/// The areas: each one's strategic objectives and objectives.
fn areas<'a>(site: &Site, plan: &'a Plan) -> Entries<'a> {
    let link = |table: TableId, code: &str| record_link(site, plan, table, code);
    plan.areas
        .iter()
        .map(|area| {
            let strategic: Vec<Entry> = plan
                .strategic_objectives
                .iter()
                .filter(|s| s.area == area.code)
                .map(|s| {
                    Entry::Ready(Box::new(Item {
                        name: format!("{} – {}", s.code, s.title),
                        url: routes::plan_index(&plan.id, "obiettivi-strategici", Some(&s.code)),
                        note: None,
                    }))
                })
                .collect();
            let objectives: Vec<Entry> = plan
                .objectives
                .iter()
                .filter(|o| o.areas.contains(&area.code))
                .map(|o| Entry::Objective(plan, o))
                .collect();
            let mut groups = vec![Group { title: "Obiettivi strategici".into(), items: strategic }];
            groups.push(Group { title: "Obiettivi".into(), items: objectives });
            let name = format!("Area strategica {}. {}", area.code, area.name);
            let details = views::details(&area.record, &["codice", "nome"], link);
            let progress = group_progress(plan, "dell'area", |o| o.areas.contains(&area.code));
            (area.code.clone(), IndexEntry { name, details, groups, progress })
        })
        .collect()
}

/// The strategic objectives: each one's objectives.
fn strategic_objectives<'a>(site: &Site, plan: &'a Plan) -> Entries<'a> {
    let link = |table: TableId, code: &str| record_link(site, plan, table, code);
    plan.strategic_objectives
        .iter()
        .map(|s| {
            let items = plan
                .objectives
                .iter()
                .filter(|o| o.strategic_objectives.contains(&s.code))
                .map(|o| Entry::Objective(plan, o))
                .collect();
            let name = format!("Obiettivo strategico {} – {}", s.code, s.title);
            let details = views::details(&s.record, &["codice", "titolo"], link);
            let groups = vec![Group { title: "Obiettivi collegati".into(), items }];
            let progress = group_progress(plan, "collegato", |o| o.strategic_objectives.contains(&s.code));
            (s.code.clone(), IndexEntry { name, details, groups, progress })
        })
        .collect()
}

/// The offices that have objectives: each one's objectives.
fn offices<'a>(site: &Site, plan: &'a Plan) -> Entries<'a> {
    let office_name =
        |code: &str| site.offices.iter().find(|o| o.code == code).map_or_else(|| code.to_string(), |o| o.name.clone());
    let link = |table: TableId, code: &str| record_link(site, plan, table, code);
    let mut offices =
        by_key(plan, |o| o.offices.iter().map(|c| (c.clone(), office_name(c))).collect(), "Obiettivi della struttura");
    for (code, entry) in &mut offices {
        if let Some(office) = site.offices.iter().find(|o| &o.code == code) {
            entry.details = views::details(&office.record, &["codice", "nome"], link);
        }
        entry.progress = group_progress(plan, "della struttura", |o| o.offices.contains(code));
    }
    offices
}

/// Steps grouped by the year of their deadline, then by objective (objectives in parallel).
fn deadlines(plan: &Plan) -> Entries<'_> {
    let per_objective: Vec<BTreeMap<i32, Group<Entry>>> = plan
        .objectives
        .par_iter()
        .map(|objective| {
            let mut by_year: BTreeMap<i32, Group<Entry>> = BTreeMap::new();
            for step in plan.steps_of(&objective.code) {
                let Some(deadline) = step.schedule.due() else { continue };
                let group = by_year.entry(deadline.year()).or_insert_with(|| Group {
                    title: format!("Obiettivo {} – {}", objective.code, objective.title),
                    items: Vec::new(),
                });
                group.items.push(Entry::Step(plan, objective, step, deadline));
            }
            by_year
        })
        .collect();
    let mut years: BTreeMap<i32, Vec<Group<Entry>>> = BTreeMap::new();
    for (year, group) in per_objective.into_iter().flatten() {
        years.entry(year).or_default().push(group);
    }
    years
        .into_iter()
        .map(|(year, groups)| (year.to_string(), IndexEntry::new(format!("Fasi in scadenza nel {year}"), groups)))
        .collect()
}

/// The entry of a step in the deadlines and late-steps indexes: its code, linked to its row in its
/// objective's page, with its deadline and its description as plain text.
fn deadline_item(plan: &Plan, objective: &Objective, step: &Step, deadline: NaiveDate) -> Item {
    let mut note = String::with_capacity(step.description().len() + 24);
    match (&step.schedule.deadline, &step.schedule.period) {
        (None, Some(period)) => {
            note.push_str("periodo ");
            note.push_str(period);
            note.push_str(", entro il ");
        }
        _ => note.push_str("scadenza "),
    }
    note.push_str(&date_text(deadline));
    note.push_str(" – ");
    push_plain(&mut note, step.description());
    let url = format!("{}#{}", routes::objective(&plan.id, &objective.code), views::step_anchor(step.code()));
    Item { name: format!("Fase {}", step.code()), url, note: Some(note) }
}

/// Appends `text` without HTML tags, its runs of white space made one space and trimmed, for
/// short notes.
fn push_plain(out: &mut String, text: &str) {
    let start = out.len();
    let mut in_tag = false;
    let mut space = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => space = out.len() > start,
            c => {
                if std::mem::take(&mut space) {
                    out.push(' ');
                }
                out.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, deadlines, push_plain};

    #[test]
    fn deadline_entries_become_their_items_when_serialised() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        let plan = &site.plans[0];
        let years = deadlines(plan);
        let super::IndexEntry { name: title, groups, .. } = &years["2025"];
        assert_eq!(title, "Fasi in scadenza nel 2025");
        let first = &groups[0].items[0];
        assert!(matches!(first, Entry::Step(..)));
        let item = serde_json::to_value(first).unwrap();
        let address = format!("{}obiettivi/1/#fase-1-1", crate::render::routes::plan(&plan.id));
        assert_eq!(
            item,
            serde_json::json!({
                "name": "Fase 1.1",
                "url": address,
                "note": "scadenza 30/06/2025 – Monitoraggio andamento del Programma PIPPI 12 (T2: tempo finale dell'intervento)",
            })
        );
        let listed: usize = years.values().flat_map(|entry| &entry.groups).map(|g| g.items.len()).sum();
        assert_eq!(
            listed,
            plan.steps.iter().filter(|s| s.schedule.due().is_some()).count(),
            "every step with a deadline or a period, once"
        );
    }

    #[test]
    fn notes_lose_tags_and_extra_white_space() {
        for (text, plain) in [
            ("Rendicontazione PIPPI", "Rendicontazione PIPPI"),
            ("  <p>Avvio   della\n<em>gara</em></p>  ", "Avvio della gara"),
            ("a <b> c", "a c"),
            ("\t\n", ""),
            ("già è <a href=\"x y\">così</a>.", "già è così."),
        ] {
            let mut out = String::from("x: ");
            push_plain(&mut out, text);
            assert_eq!(out, format!("x: {plain}"), "{text:?}");
        }
    }
}
