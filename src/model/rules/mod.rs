//! The rules that check records against each other, one file per family. Each rule has a stable
//! code in [`crate::diagnostics::Rule`]; rules on single cells live in [`super::row`].

mod configuration;
mod dates;
mod duplicates;
mod references;
mod step_codes;
mod weights;

use crate::diagnostics::Diagnostics;
use crate::load::Sources;
use crate::schema::TableId;

use super::Site;

/// Runs every rule over the site.
pub fn check(site: &Site, sources: &Sources, diagnostics: &mut Diagnostics) {
    let incomplete = Incomplete(sources);
    duplicates::check(site, diagnostics);
    references::check(site, &incomplete, diagnostics);
    step_codes::check(site, diagnostics);
    weights::check(site, diagnostics);
    dates::check(site, diagnostics);
    configuration::check(site, diagnostics);
}

/// Which tables could not be read whole: references into them are not checked, so that one
/// broken file does not bury its own error under a cascade of consequences.
pub struct Incomplete<'a>(&'a Sources);

impl Incomplete<'_> {
    /// True when the table `id` (of plan `plan`, or site-wide when `None`) is incomplete.
    pub fn table(&self, plan: Option<&str>, id: TableId) -> bool {
        let set = match plan {
            None => Some(&self.0.site),
            Some(plan) => self.0.plans.iter().find(|p| p.id == plan).map(|p| &p.tables),
        };
        set.and_then(|set| set.get(&id)).is_none_or(|table| table.incomplete)
    }
}

/// A percentage for messages: `99,99 %`.
pub fn percent(value: f64) -> String {
    format!("{value:.2} %").replace('.', ",")
}
