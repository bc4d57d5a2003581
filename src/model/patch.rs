//! A plan with a few rows of one of its objective tables replaced ([`replace_rows`]): the
//! records of the new rows, read as a whole reading reads them, put where the old ones were, and
//! the plan's index and progress worked out again, so that the preview can show the page of an
//! edited objective before it reads and checks the whole site again; [`Replaced::undo`] puts the
//! old records back. Steps and staff may be added, removed or changed within one objective;
//! objectives and indicators only changed in place, keeping their codes, their objective and the
//! way their values are measured. Only rows without errors of their own are taken: the rules that
//! compare records with each other are the whole reading's.

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
    /// How many records were put in their place.
    put: usize,
    records: Records,
    /// The plan's progress before.
    progress: Progress,
    /// Codes of the objectives of the records taken out and put in, whose pages they change,
    /// each once, in row order.
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
/// (the table its records were read from) in place of the old ones, and works out its index and
/// progress again. `None`, with the site as it was, when a new row has an error, when the change
/// is not one the module takes (above), or when the plan's records are not those of `previous`,
/// one per row.
pub fn replace_rows(site: &mut Site, plan: &str, previous: &Arc<RawTable>, changed: &ChangedRows) -> Option<Replaced> {
    let Site { config, plans, .. } = site;
    let position = plans.iter().position(|p| p.id == plan)?;
    let plan = &mut plans[position];
    let mut diagnostics = Diagnostics::new();
    let (table, start_year) = (&changed.table, plan.start_year);
    // Every new row must give a record without errors.
    let read = |diagnostics: &Diagnostics, records: usize| !diagnostics.has_errors() && records == table.rows.len();
    let (records, put, objectives) = match previous.schema.id {
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
            let codes = unique(new.iter().map(|o| o.code.as_str()));
            let put = new.len();
            let old = splice_in(&mut plan.objectives, previous, changed, new, |o| &o.record, in_place(same))?;
            (Records::Objectives(old), put, codes)
        }
        TableId::Steps => {
            let mut new = build::steps(table, config, &mut diagnostics);
            for step in &mut new {
                let what = format!("della fase {}", step.code());
                build::read_period(&mut step.schedule, &step.record.origin, &what, start_year, &mut diagnostics);
            }
            read(&diagnostics, new.len()).then_some(())?;
            let old = plan.steps.get(changed.first..changed.first + changed.replaced)?;
            let codes = unique(old.iter().chain(&new).map(|s| s.objective()));
            let put = new.len();
            let old = splice_in(&mut plan.steps, previous, changed, new, |s| &s.record, |_, _| codes.len() == 1)?;
            (Records::Steps(old), put, codes)
        }
        TableId::Indicators => {
            let new = build::indicators(table, config, &mut diagnostics);
            read(&diagnostics, new.len()).then_some(())?;
            let same =
                |a: &Indicator, b: &Indicator| a.objective == b.objective && a.code == b.code && a.reading == b.reading;
            let codes = unique(new.iter().map(|i| i.objective.as_str()));
            let put = new.len();
            let old = splice_in(&mut plan.indicators, previous, changed, new, |i| &i.record, in_place(same))?;
            (Records::Indicators(old), put, codes)
        }
        TableId::ObjectiveStaff => {
            let new = build::objective_staff(table, config, &mut diagnostics);
            read(&diagnostics, new.len()).then_some(())?;
            let old = plan.objective_staff.get(changed.first..changed.first + changed.replaced)?;
            let codes = unique(old.iter().chain(&new).map(|m| m.objective.as_str()));
            let put = new.len();
            let old =
                splice_in(&mut plan.objective_staff, previous, changed, new, |m| &m.record, |_, _| codes.len() == 1)?;
            (Records::Staff(old), put, codes)
        }
        _ => return None,
    };
    let replaced =
        Replaced { plan: position, first: changed.first, put, records, progress: Progress::default(), objectives };
    replaced.move_index(plan, changed.replaced, put);
    let progress = Progress::of(plan, config.monitoraggio.metodo);
    Some(Replaced { progress: std::mem::replace(&mut plan.progress, progress), ..replaced })
}

impl Replaced {
    /// Puts the old records, index and progress back in `site`, as they were before
    /// [`replace_rows`].
    pub fn undo(self, site: &mut Site) {
        let Some(plan) = site.plans.get_mut(self.plan) else { return };
        let taken = self.first..self.first + self.put;
        let old = self.len();
        self.move_index(plan, self.put, old);
        match self.records {
            Records::Objectives(old) => put_back(&mut plan.objectives, taken, old),
            Records::Steps(old) => put_back(&mut plan.steps, taken, old),
            Records::Indicators(old) => put_back(&mut plan.indicators, taken, old),
            Records::Staff(old) => put_back(&mut plan.objective_staff, taken, old),
        }
        plan.progress = self.progress;
    }

    /// How many records were taken out.
    fn len(&self) -> usize {
        match &self.records {
            Records::Objectives(old) => old.len(),
            Records::Steps(old) => old.len(),
            Records::Indicators(old) => old.len(),
            Records::Staff(old) => old.len(),
        }
    }

    /// Moves the plan's index of steps or staff after `replaced` records from the first one were
    /// replaced by `put` others, of the one objective (only steps and staff may be added or
    /// removed).
    fn move_index(&self, plan: &mut super::Plan, replaced: usize, put: usize) {
        let (Some(objective), true) = (self.objectives.first(), replaced != put) else { return };
        match self.records {
            Records::Steps(_) => plan.index.steps_replaced(objective, self.first, replaced, put),
            Records::Staff(_) => plan.index.staff_replaced(objective, self.first, replaced, put),
            Records::Objectives(_) | Records::Indicators(_) => {}
        }
    }
}

/// `codes`, each once, in order.
fn unique<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for code in codes {
        if !unique.iter().any(|c| c == code) {
            unique.push(code.to_string());
        }
    }
    unique
}

/// Whether new records may take the place of old ones: as many, each the `same` as the one it
/// replaces.
fn in_place<T>(same: impl Fn(&T, &T) -> bool) -> impl Fn(&[T], &[T]) -> bool {
    move |old, new| old.len() == new.len() && old.iter().zip(new).all(|(old, new)| same(old, new))
}

/// Puts the records `old` back into `items` in place of those at `taken`.
fn put_back<T>(items: &mut Vec<T>, taken: std::ops::Range<usize>, old: Vec<T>) {
    if taken.end <= items.len() {
        items.splice(taken, old);
    }
}

/// Puts the records `new` into `items` in place of those of the rows `changed` replaces, and
/// returns those, when `items` are the records of the rows of `previous`, one per row, and the
/// old and new records `fit`; otherwise leaves `items` as they are.
fn splice_in<T>(
    items: &mut Vec<T>,
    previous: &Arc<RawTable>,
    changed: &ChangedRows,
    new: Vec<T>,
    record: impl Fn(&T) -> &Record,
    fit: impl Fn(&[T], &[T]) -> bool,
) -> Option<Vec<T>> {
    let range = changed.first..changed.first + changed.replaced;
    if items.len() != previous.rows.len() {
        return None;
    }
    let old = items.get(range.clone())?;
    let from_previous = old.iter().zip(range.clone()).all(|(item, i)| record(item).origin.is_row(previous, i));
    if !from_previous || !fit(old, &new) {
        return None;
    }
    Some(items.splice(range, new).collect())
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

    /// Asserts that the plan's index gives each objective's steps where they are.
    fn assert_index_holds(site: &Site) {
        let plan = &site.plans[0];
        for objective in &plan.objectives {
            let code = &objective.code;
            let expected: Vec<usize> = (0..plan.steps.len()).filter(|&i| plan.steps[i].objective() == code).collect();
            assert_eq!(plan.step_positions(code), expected, "objective {code}");
        }
    }

    fn steps(site: &Site) -> Vec<String> {
        site.plans[0]
            .steps
            .iter()
            .map(|s| format!("{} {} {:?}", s.code(), s.description(), s.schedule.deadline))
            .collect()
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
        assert_eq!((step.code(), step.description()), ("1.2", "Rendiconto finale"));
        assert_eq!(step.schedule.deadline, chrono::NaiveDate::from_ymd_opt(2025, 11, 30));
        assert_eq!(site.plans[0].steps_of("1").count(), 2, "the index of the plan still holds");
        replaced.undo(&mut site);
        assert_eq!(steps(&site), before);
        assert_eq!(format!("{:?}", site.plans[0].progress), progress);
    }

    #[test]
    fn steps_added_or_removed_within_an_objective_move_the_others_and_come_back_out() {
        let (sources, mut site) = base();
        let (before, progress) = (steps(&site), format!("{:?}", site.plans[0].progress));
        let added = replace(&mut site, &sources, TableId::Steps, |text| {
            text.replace("1;1.2;", "1;1.3;Collaudo;31/10/25;verbale;0,00%;0,00%\n1;1.2;")
        })
        .expect("a step added");
        assert_eq!(added.objectives, ["1"]);
        let plan = &site.plans[0];
        let codes: Vec<&str> = plan.steps_of("1").map(|s| s.code()).collect();
        assert_eq!(codes, ["1.1", "1.3", "1.2"]);
        assert_eq!(plan.steps_of("2").count(), 2, "the next objective's steps moved with the index");
        assert_eq!(plan.progress.steps.len(), plan.steps.len());
        assert_index_holds(&site);
        added.undo(&mut site);
        assert_index_holds(&site);
        assert_eq!((steps(&site), format!("{:?}", site.plans[0].progress)), (before.clone(), progress));
        assert_eq!(site.plans[0].steps_of("2").count(), 2);
        let removed = replace(&mut site, &sources, TableId::Steps, |text| {
            text.replace("1;1.2;Rendicontazione;31/12/25;dati caricati;50,00%;50,00%\n", "")
        })
        .expect("a step removed");
        assert_eq!(site.plans[0].steps_of("1").count(), 1);
        assert_index_holds(&site);
        removed.undo(&mut site);
        assert_index_holds(&site);
        let all = replace(&mut site, &sources, TableId::Steps, |text| {
            text.replace("1;1.1;Avvio;30/06/25;equipe formata;50,00%;50,00%\n", "")
                .replace("1;1.2;Rendicontazione;31/12/25;dati caricati;50,00%;50,00%\n", "")
        })
        .expect("every step of an objective removed");
        assert_eq!(site.plans[0].steps_of("1").count(), 0);
        assert_index_holds(&site);
        all.undo(&mut site);
        assert_index_holds(&site);
        assert_eq!(steps(&site), before);
        let two = replace(&mut site, &sources, TableId::Steps, |text| {
            text.replace("Rendicontazione", "R").replace("Riduzione", "S")
        });
        assert!(two.is_none(), "rows of two objectives");
        assert_eq!(steps(&site), before);
    }

    #[test]
    fn rows_that_change_a_code_or_their_objective_or_have_an_error_are_not_taken() {
        let (sources, mut site) = base();
        let before = steps(&site);
        let refused: [(&str, TableId, Edit); 4] = [
            ("a step moved to another objective", TableId::Steps, |text| text.replace("1;1.2;", "2;1.2;")),
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
