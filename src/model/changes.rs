//! What a change of the data feeds: given the sources and models before and after a change of
//! the data files only, the [`Scope`] of a rebuild. When only the objectives, steps, indicators or
//! staff of one plan changed, and neither the list of objectives nor the plan's date of last update
//! moved, only the pages and downloads of the objectives whose rows changed need generating again
//! (with the indexes and metadata that list them, and the downloads of the tables that changed),
//! unless one of them has versions in other plans, whose pages show it; any other change needs
//! everything.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::load::{Cells, RawTable, Sources, TableSet};
use crate::schema::{DERIVED, TableId};

use super::{Origin, Plan, Site};

/// What a rebuild generates again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every file.
    Everything,
    /// The pages and JSON of the objectives `codes` of `plan`, the downloads of its `tables`, and
    /// every file that is not about one objective nor a download; the other objectives' pages
    /// and JSON and the other tables' downloads stay as they are.
    Objectives {
        /// The plan's folder name.
        plan: String,
        /// Codes of the objectives whose pages and JSON change.
        codes: BTreeSet<String>,
        /// The plan's tables that changed (among objectives, steps, indicators and staff).
        tables: BTreeSet<TableId>,
    },
}

/// The tables whose rows feed objective pages.
const OBJECTIVE_TABLES: [TableId; 4] =
    [TableId::Objectives, TableId::Steps, TableId::Indicators, TableId::ObjectiveStaff];

impl Scope {
    /// True when the page and JSON of objective `code` of `plan` are generated.
    pub fn includes(&self, plan: &str, code: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Objectives { plan: changed, codes, .. } => changed == plan && codes.contains(code),
        }
    }

    /// True when the downloads of `table` (of the plan `plan`, of every plan together when it is
    /// [`crate::address::ALL_PLANS`], or site-wide when empty) are generated: those of the tables
    /// that changed, and the tables computed from the monitoring of the plan that changed.
    pub fn rewrites(&self, plan: &str, table: TableId) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Objectives { plan: changed, tables, .. } => {
                (changed == plan || plan == crate::address::ALL_PLANS)
                    && (tables.contains(&table) || DERIVED.iter().any(|t| t.id == table))
            }
        }
    }

    /// The scope of a rebuild after the data files changed from `old` (which gave `old_site`)
    /// to `new` (which gave `new_site`), the rest of the site folder being the same.
    pub fn between<'a>(old: &'a Sources, old_site: &'a Site, new: &'a Sources, new_site: &'a Site) -> Scope {
        if old.pages != new.pages || !same_tables(&old.site, &new.site) || old.plans.len() != new.plans.len() {
            return Scope::Everything;
        }
        let mut changed_plan = None;
        let mut tables = BTreeSet::new();
        for (before, after) in old.plans.iter().zip(&new.plans) {
            if before.id != after.id {
                return Scope::Everything;
            }
            if same_tables(&before.tables, &after.tables) {
                continue;
            }
            let others_same = before.tables.iter().all(|(id, table)| {
                OBJECTIVE_TABLES.contains(id) || after.tables.get(id).is_some_and(|t| Arc::ptr_eq(t, table))
            });
            let headers_same =
                OBJECTIVE_TABLES.iter().all(|id| header(&before.tables, *id) == header(&after.tables, *id));
            if changed_plan.is_some() || !others_same || !headers_same {
                return Scope::Everything;
            }
            changed_plan = Some(after.id.as_str());
            tables = OBJECTIVE_TABLES
                .into_iter()
                .filter(|id| match (before.tables.get(id), after.tables.get(id)) {
                    (Some(old), Some(new)) => !Arc::ptr_eq(old, new),
                    (old, new) => old.is_some() != new.is_some(),
                })
                .collect();
        }
        let Some(id) = changed_plan else {
            return Scope::Objectives { plan: String::new(), codes: BTreeSet::new(), tables };
        };
        let plan = |site: &'a Site| site.plans.iter().find(|p| p.id == id);
        match (plan(old_site).zip(plan(new_site))).and_then(|(before, after)| changed_objectives(before, after)) {
            // The page of each version of an objective shows the others: a change to one
            // carried into other plans changes their pages too.
            Some(codes) if carried(old_site, id, &codes) || carried(new_site, id, &codes) => Scope::Everything,
            Some(codes) => Scope::Objectives { plan: id.to_string(), codes, tables },
            None => Scope::Everything,
        }
    }
}

/// The objectives of `after` whose rows, steps or indicators differ from `before`; `None` when
/// the objectives themselves or the plan's date changed.
fn changed_objectives(before: &Plan, after: &Plan) -> Option<BTreeSet<String>> {
    let codes = |plan: &Plan| plan.objectives.iter().map(|o| o.code.clone()).collect::<Vec<_>>();
    if codes(before) != codes(after) || before.updated_on() != after.updated_on() {
        return None;
    }
    let changed = before
        .objectives
        .iter()
        .zip(&after.objectives)
        .filter(|(old, new)| {
            old.record.origin.cells() != new.record.origin.cells()
                || rows(before.steps_of(&old.code).map(|s| &s.record.origin))
                    != rows(after.steps_of(&new.code).map(|s| &s.record.origin))
                || rows(before.indicators_of(&old.code).map(|i| &i.record.origin))
                    != rows(after.indicators_of(&new.code).map(|i| &i.record.origin))
                || rows(before.staff_of(&old.code).map(|m| &m.record.origin))
                    != rows(after.staff_of(&new.code).map(|m| &m.record.origin))
        })
        .map(|(_, new)| new.code.clone())
        .collect();
    Some(changed)
}

/// True when one of the objectives `codes` of the plan `id` of `site` has versions in other plans.
fn carried(site: &Site, id: &str, codes: &BTreeSet<String>) -> bool {
    let Some(position) = site.plans.iter().position(|p| p.id == id) else { return false };
    codes.iter().any(|code| site.versions.has_others(position, code))
}

fn rows<'a>(origins: impl Iterator<Item = &'a Origin>) -> Vec<&'a Cells> {
    origins.map(Origin::cells).collect()
}

fn same_tables(old: &TableSet, new: &TableSet) -> bool {
    old.len() == new.len() && old.iter().zip(new).all(|((a, x), (b, y))| a == b && Arc::ptr_eq(x, y))
}

fn header(tables: &TableSet, id: TableId) -> Option<&[String]> {
    tables.get(&id).map(|table: &Arc<RawTable>| table.header.as_slice())
}
