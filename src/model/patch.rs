//! A plan with a few rows of one of its objective tables replaced in place ([`replace_rows`]):
//! the records of the new rows, read as a whole reading reads them, put where the old ones were,
//! and the plan's progress worked out again, so that the preview can show the page of an edited
//! objective before it reads and checks the whole site again; [`Replaced::undo`] puts the old
//! records back. Only rows that keep their codes, the objective they belong to and the way their
//! values are measured are taken, and only without errors of their own: the rules that compare
//! records with each other are the whole reading's.

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::load::RawTable;
use crate::load::patch::ChangedRows;
use crate::schema::TableId;

use super::progress::Progress;
use super::record::Record;
use super::types::{Indicator, Objective, ObjectiveStaff, Step};
use super::{Site, build};

/// The records that [`replace_rows`] took out of a plan, to put them back.
#[derive(Debug)]
pub struct Replaced {
    plan: usize,
    first: usize,
    records: Records,
    /// The plan's progress before, once worked out again.
    progress: Option<Progress>,
    /// Codes of the objectives the new rows belong to, whose pages they change, in row order.
    pub objectives: Vec<String>,
}

/// Records of one of the objective tables.
#[derive(Debug)]
enum Records {
    Objectives(Vec<Objective>),
    Steps(Vec<Step>),
    Indicators(Vec<Indicator>),
    Staff(Vec<ObjectiveStaff>),
}

/// Puts in the plan `plan` of `site` the records of the `changed` rows of its table `previous`
/// (the table its records were read from) in place of the old ones, and works out its progress
/// again. `None`, with the site as it was, when a new row has an error, changes a code, the
/// objective it belongs to or how an indicator is measured, or when the plan's records are not
/// those of `previous`, one per row.
pub fn replace_rows(site: &mut Site, plan: &str, previous: &Arc<RawTable>, changed: &ChangedRows) -> Option<Replaced> {
    let Site { config, plans, .. } = site;
    let position = plans.iter().position(|p| p.id == plan)?;
    let plan = &mut plans[position];
    let mut diagnostics = Diagnostics::new();
    let (table, first, start_year) = (&changed.table, changed.first, plan.start_year);
    // Every new row must give a record without errors.
    let read = |diagnostics: &Diagnostics, records: usize| !diagnostics.has_errors() && records == table.rows.len();
    let records = match previous.schema.id {
        TableId::Objectives => {
            let mut new = build::objectives(table, config, &mut diagnostics);
            for objective in &mut new {
                let what = format!("dell'obiettivo {}", objective.code);
                build::read_period(
                    &mut objective.schedule,
                    &objective.record.origin,
                    &what,
                    start_year,
                    &mut diagnostics,
                );
            }
            read(&diagnostics, new.len()).then_some(())?;
            let same = |a: &Objective, b: &Objective| a.code == b.code && a.previous == b.previous;
            Records::Objectives(swap_in(&mut plan.objectives, previous, first, new, |o| &o.record, same)?)
        }
        TableId::Steps => {
            let mut new = build::steps(table, config, &mut diagnostics);
            for step in &mut new {
                let what = format!("della fase {}", step.code);
                build::read_period(&mut step.schedule, &step.record.origin, &what, start_year, &mut diagnostics);
            }
            read(&diagnostics, new.len()).then_some(())?;
            let same = |a: &Step, b: &Step| a.objective == b.objective && a.code == b.code;
            Records::Steps(swap_in(&mut plan.steps, previous, first, new, |s| &s.record, same)?)
        }
        TableId::Indicators => {
            let new = build::indicators(table, config, &mut diagnostics);
            read(&diagnostics, new.len()).then_some(())?;
            let same =
                |a: &Indicator, b: &Indicator| a.objective == b.objective && a.code == b.code && a.reading == b.reading;
            Records::Indicators(swap_in(&mut plan.indicators, previous, first, new, |i| &i.record, same)?)
        }
        TableId::ObjectiveStaff => {
            let new = build::objective_staff(table, config, &mut diagnostics);
            read(&diagnostics, new.len()).then_some(())?;
            let same = |a: &ObjectiveStaff, b: &ObjectiveStaff| a.objective == b.objective;
            Records::Staff(swap_in(&mut plan.objective_staff, previous, first, new, |m| &m.record, same)?)
        }
        _ => return None,
    };
    let mut replaced = Replaced { plan: position, first, records, progress: None, objectives: Vec::new() };
    replaced.objectives = replaced.codes(plan);
    let method = config.monitoraggio.metodo;
    let progress = Progress::of(plan, method);
    replaced.progress = Some(std::mem::replace(&mut plan.progress, progress));
    Some(replaced)
}

impl Replaced {
    /// Puts the old records and progress back in `site`, as they were before [`replace_rows`].
    pub fn undo(self, site: &mut Site) {
        let Some(plan) = site.plans.get_mut(self.plan) else { return };
        let first = self.first;
        match self.records {
            Records::Objectives(old) => put_back(&mut plan.objectives, first, old),
            Records::Steps(old) => put_back(&mut plan.steps, first, old),
            Records::Indicators(old) => put_back(&mut plan.indicators, first, old),
            Records::Staff(old) => put_back(&mut plan.objective_staff, first, old),
        }
        if let Some(progress) = self.progress {
            plan.progress = progress;
        }
    }

    /// How many records were replaced.
    fn len(&self) -> usize {
        match &self.records {
            Records::Objectives(old) => old.len(),
            Records::Steps(old) => old.len(),
            Records::Indicators(old) => old.len(),
            Records::Staff(old) => old.len(),
        }
    }

    /// The codes of the objectives of the records put in `plan`, each once, in row order.
    fn codes(&self, plan: &super::Plan) -> Vec<String> {
        let range = self.first..self.first + self.len();
        let codes: Vec<&String> = match &self.records {
            Records::Objectives(_) => plan.objectives[range].iter().map(|o| &o.code).collect(),
            Records::Steps(_) => plan.steps[range].iter().map(|s| &s.objective).collect(),
            Records::Indicators(_) => plan.indicators[range].iter().map(|i| &i.objective).collect(),
            Records::Staff(_) => plan.objective_staff[range].iter().map(|m| &m.objective).collect(),
        };
        let mut unique: Vec<String> = Vec::new();
        for code in codes {
            if !unique.contains(code) {
                unique.push(code.clone());
            }
        }
        unique
    }
}

/// Puts the records `old` back into `items` from `first` on.
fn put_back<T>(items: &mut [T], first: usize, mut old: Vec<T>) {
    if let Some(slot) = items.get_mut(first..first + old.len()) {
        slot.swap_with_slice(&mut old);
    }
}

/// Swaps the records `new` into `items` from `first` on and returns those they replace, when
/// `items` are the records of the rows of `previous`, one per row, and each new record is the
/// `same` as the one it replaces; otherwise leaves `items` as they are.
fn swap_in<T>(
    items: &mut [T],
    previous: &Arc<RawTable>,
    first: usize,
    mut new: Vec<T>,
    record: impl Fn(&T) -> &Record,
    same: impl Fn(&T, &T) -> bool,
) -> Option<Vec<T>> {
    if items.len() != previous.rows.len() {
        return None;
    }
    let old = items.get_mut(first..first + new.len())?;
    let from_previous = old.iter().enumerate().all(|(i, item)| record(item).origin.is_row(previous, first + i));
    if !from_previous || !old.iter().zip(&new).all(|(old, new)| same(old, new)) {
        return None;
    }
    old.swap_with_slice(&mut new);
    Some(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::patch::changed_rows;
    use crate::load::{Cache, Sources};

    const PLAN: &str = "piao-2025-2027";

    /// The fixture site `base`, as loaded and modelled.
    fn base() -> (Sources, Site) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let (sources, checked) = crate::check_with(&root, &Cache::default()).expect("a site");
        assert!(!checked.diagnostics.has_errors(), "{:?}", checked.diagnostics);
        (sources, checked.site)
    }

    /// Replaces in the site the rows of table `id` that `edit` changes in its file.
    fn replace(site: &mut Site, sources: &Sources, id: TableId, edit: impl Fn(&str) -> String) -> Option<Replaced> {
        let previous = Arc::clone(sources.plans[0].tables.get(&id).expect("the table"));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base").join(&previous.path);
        let before = std::fs::read_to_string(path).unwrap();
        let changed =
            changed_rows(&previous, before.as_bytes(), edit(&before).as_bytes()).expect("rows changed in place");
        replace_rows(site, PLAN, &previous, &changed)
    }

    /// A change of a table's text.
    type Edit = fn(&str) -> String;

    fn steps(site: &Site) -> Vec<String> {
        site.plans[0].steps.iter().map(|s| format!("{} {} {:?}", s.code, s.description, s.schedule.deadline)).collect()
    }

    #[test]
    fn a_step_edited_in_place_is_read_put_in_its_place_and_taken_back() {
        let (sources, mut site) = base();
        let (before, progress) = (steps(&site), format!("{:?}", site.plans[0].progress));
        let replaced = replace(&mut site, &sources, TableId::Steps, |text| {
            text.replace("Rendicontazione;31/12/25", "Rendiconto finale;30/11/25")
        })
        .expect("replaced");
        assert_eq!(replaced.objectives, ["1"]);
        let step = &site.plans[0].steps[1];
        assert_eq!((step.code.as_str(), step.description.as_str()), ("1.2", "Rendiconto finale"));
        assert_eq!(step.schedule.deadline, chrono::NaiveDate::from_ymd_opt(2025, 11, 30));
        assert_eq!(site.plans[0].steps_of("1").count(), 2, "the index of the plan still holds");
        replaced.undo(&mut site);
        assert_eq!(steps(&site), before);
        assert_eq!(format!("{:?}", site.plans[0].progress), progress);
    }

    #[test]
    fn rows_that_change_a_code_or_their_objective_or_have_an_error_are_not_taken() {
        let (sources, mut site) = base();
        let before = steps(&site);
        let refused: [(&str, TableId, Edit); 5] = [
            ("a step's code", TableId::Steps, |text| text.replace("1;1.2;", "1;1.9;")),
            ("a step's objective", TableId::Steps, |text| text.replace("1;1.2;", "2;1.2;")),
            ("a date that is not one", TableId::Steps, |text| text.replace("31/12/25;dati", "31/13/25;dati")),
            ("an objective's code", TableId::Objectives, |text| text.replace("\n2;Rispetto", "\n3;Rispetto")),
            ("how an indicator is measured", TableId::Indicators, |text| {
                text.replace("tempestività;33", "percentuale;33")
            }),
        ];
        for (what, id, edit) in refused {
            assert!(replace(&mut site, &sources, id, edit).is_none(), "{what}");
            assert_eq!(steps(&site), before, "{what}: the site stays as it was");
        }
        let same_reading =
            replace(&mut site, &sources, TableId::Indicators, |text| text.replace("tempestività;33", "numero;33"));
        same_reading.expect("another measure read the same way").undo(&mut site);
        let title =
            replace(&mut site, &sources, TableId::Objectives, |text| text.replace("Sostegno alle", "Aiuto alle"));
        assert_eq!(title.expect("an objective's title").objectives, ["1"]);
        assert_eq!(site.plans[0].objectives[0].title, "Aiuto alle famiglie");
    }
}
