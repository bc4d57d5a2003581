//! The rules that check records against each other, one file per family. Each rule has a stable
//! code in [`crate::diagnostics::Rule`]; rules on single cells live in [`super::row`].

mod addresses;
mod art13;
mod configuration;
mod dates;
mod duplicates;
mod monitoring;
mod names;
mod placeholders;
mod plans;
mod references;
mod step_codes;
mod weights;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::load::{RawTable, Sources};
use crate::schema::TableId;

use super::Site;

/// A family of rules.
type Family = fn(&Site, &Loaded, &mut Diagnostics);

/// Every family, in the order their problems are reported.
const FAMILIES: [Family; 12] = [
    |site, _, found| duplicates::check(site, found),
    references::check,
    |site, _, found| step_codes::check(site, found),
    weights::check,
    |site, _, found| dates::check(site, found),
    configuration::check,
    |site, _, found| addresses::check(site, found),
    placeholders::check,
    |site, _, found| names::check(site, found),
    |site, _, found| monitoring::check(site, found),
    plans::check,
    art13::check,
];

/// Runs every rule over the site, the families in parallel.
pub fn check(site: &Site, sources: &Sources, diagnostics: &mut Diagnostics) {
    let loaded = Loaded(sources);
    let found: Vec<Diagnostics> = FAMILIES
        .par_iter()
        .map(|family| {
            let mut found = Diagnostics::new();
            family(site, &loaded, &mut found);
            found
        })
        .collect();
    found.into_iter().for_each(|found| diagnostics.extend(found));
}

/// What was loaded, as the rules need to know it: which tables could not be read whole, so that
/// one broken file or row does not bury its own error under a cascade of consequences
/// (references into it, sums over it), and which plan folders exist.
pub struct Loaded<'a>(&'a Sources);

impl Loaded<'_> {
    /// True when the table `id` (of plan `plan`, or site-wide when `None`) lost rows: it could not
    /// be read whole, or only `built` of its rows became records.
    pub fn unreliable(&self, plan: Option<&str>, id: TableId, built: usize) -> bool {
        let set = match plan {
            None => Some(&self.0.site),
            Some(plan) => self.0.plans.iter().find(|p| p.id == plan).map(|p| &p.tables),
        };
        set.and_then(|set| set.get(&id)).is_none_or(|table| table.incomplete || table.rows.len() != built)
    }

    /// Every table read, site-wide ones first, then each plan's.
    pub fn tables(&self) -> impl Iterator<Item = &RawTable> {
        let plans = self.0.plans.iter().flat_map(|plan| plan.tables.values());
        self.0.site.values().chain(plans).map(|table| &**table)
    }

    /// The plan folders found under `data/`.
    pub fn plan_ids(&self) -> impl Iterator<Item = &str> {
        self.0.plans.iter().map(|p| p.id.as_str())
    }
}

/// A percentage for messages: `99,99 %`.
pub fn percent(value: f64) -> String {
    format!("{value:.2} %").replace('.', ",")
}
