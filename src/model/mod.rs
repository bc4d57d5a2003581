//! [`Sources`] to a typed, cross-referenced, validated [`Site`].
//!
//! `build` turns rows into records (reporting bad values), then `rules` checks the records against
//! each other (duplicate codes, references, weights, dates, step codes, configuration). Nothing
//! here reads the disk.

pub(crate) mod build;
pub mod changes;
pub mod progress;
pub mod record;
pub mod row;
pub mod rules;
mod types;

pub use changes::Scope;
pub use progress::{Progress, StepStatus};
pub use record::Origin;
pub use record::{Published, Record, Value};
pub use row::DeliberationRef;
pub use types::*;

use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{ContentPage, Sources, ThemeFiles};

/// The whole site, as the renderer and the exporters see it.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The configuration.
    #[serde(skip)]
    pub config: Config,
    /// The entity publishing the site.
    pub entity: Option<Entity>,
    /// Offices.
    pub offices: Vec<Office>,
    /// Deliberations.
    pub deliberations: Vec<Deliberation>,
    /// Plans, sorted by folder name.
    pub plans: Vec<Plan>,
    /// Markdown pages.
    pub pages: Vec<ContentPage>,
    /// The templates and static files, listed.
    #[serde(skip)]
    pub theme: ThemeFiles,
}

/// Builds the model from what was loaded and checks every rule.
pub fn build_site(sources: &Sources, config: &Config) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let site = Site {
        config: config.clone(),
        entity: build::entity(&sources.site, config, &mut diagnostics),
        offices: build::offices(&sources.site, config, &mut diagnostics),
        deliberations: build::deliberations(&sources.site, config, &mut diagnostics),
        plans: sources.plans.iter().filter_map(|plan| build::plan(plan, config, &mut diagnostics)).collect(),
        pages: sources.pages.clone(),
        theme: sources.theme.clone(),
    };
    rules::check(&site, sources, &mut diagnostics);
    (site, diagnostics)
}
