//! [`Sources`] to a typed, cross-referenced, validated [`Site`].
//!
//! `build` turns rows into records (reporting bad values), then `rules` checks the records against
//! each other (duplicate codes, references, weights, dates, step codes, configuration). Nothing
//! here reads the disk.

pub(crate) mod build;
pub mod changes;
pub mod patch;
pub mod progress;
pub mod record;
pub mod row;
pub mod rules;
mod types;
pub mod versions;

pub use changes::Scope;
pub use progress::{Progress, StepStatus};
pub use record::Origin;
pub use record::{Published, Record, Value};
pub use row::DeliberationRef;
pub use types::*;
pub use versions::Versions;

use chrono::NaiveDate;
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
    /// The versions of each objective carried from one plan to the next.
    #[serde(skip)]
    pub versions: Versions,
}

/// Builds the model from what was loaded and checks every rule.
pub fn build_site(sources: &Sources, config: &Config) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut site = Site {
        config: config.clone(),
        entity: build::entity(&sources.site, config, &mut diagnostics),
        offices: build::offices(&sources.site, config, &mut diagnostics),
        deliberations: build::deliberations(&sources.site, config, &mut diagnostics),
        plans: sources.plans.iter().filter_map(|plan| build::plan(plan, config, &mut diagnostics)).collect(),
        pages: sources.pages.clone(),
        theme: sources.theme.clone(),
        versions: Versions::default(),
    };
    site.versions = Versions::new(&site);
    rules::check(&site, sources, &mut diagnostics);
    (site, diagnostics)
}

impl Site {
    /// Positions in [`Site::plans`] in order of time: by first year, then last year, then folder.
    pub fn chronological(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.plans.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.plans[a], &self.plans[b]);
            (a.start_year, a.end_year, &a.id).cmp(&(b.start_year, b.end_year, &b.id))
        });
        order
    }

    /// The entity's code in the national index of public administrations (IPA): `codice_ipa` of
    /// `config.toml`, else that of `ente.csv`.
    pub fn ipa_code(&self) -> Option<&str> {
        let registry = self.entity.as_ref().and_then(|e| e.ipa_code.as_deref());
        self.config.codice_ipa.as_deref().or(registry).map(str::trim).filter(|code| !code.is_empty())
    }

    /// The dates of the organisation's data, as the ANAC art. 13 files carry them: the earliest
    /// and the latest `data_aggiornamento` of `ente.csv` and `strutture.csv` (first publication and
    /// last change); `None` when no row of them has one.
    pub fn organisation_dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let dates = self.entity.iter().map(|e| e.updated).chain(self.offices.iter().map(|o| o.updated)).flatten();
        dates.fold(None, |range, date| {
            Some(range.map_or((date, date), |(first, last)| (first.min(date), last.max(date))))
        })
    }

    /// The political or administrative body `office` depends on: its `organo`, or else that of
    /// the nearest office above it that names one.
    pub fn office_organ<'a>(&'a self, office: &'a Office) -> Option<&'a str> {
        let mut current = office;
        // At most one step per office, so that a loop of `struttura_superiore` (an error of its
        // own) cannot hang the build.
        for _ in 0..=self.offices.len() {
            if let Some(organ) = current.record.text("organo") {
                return Some(organ);
            }
            let parent = current.parent.as_deref()?;
            current = self.offices.iter().find(|o| o.code == parent)?;
        }
        None
    }

    /// The current plan: the one `piano_corrente` names, or else the latest (by its years).
    pub fn current_plan(&self) -> Option<&Plan> {
        let named = self.config.piano_corrente.as_deref().and_then(|id| self.plans.iter().find(|p| p.id == id));
        named.or_else(|| self.chronological().last().map(|&i| &self.plans[i]))
    }

    /// The most recent date the data holds: of approval or last update of a plan, of its
    /// records and of its annual reports' validation, of a deliberation, of the last update of
    /// the entity or of an office; without any, the first day of the latest plan. The data's, never
    /// the clock's, so that the same data always gives the same checks and site.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        let plans = self.plans.iter().flat_map(|plan| {
            let reports = plan.reports.iter().filter_map(|r| r.validated_on);
            plan.updated_on().into_iter().chain(reports)
        });
        let deliberations = self.deliberations.iter().flat_map(|d| [Some(d.date), d.updated]).flatten();
        let registry =
            self.entity.iter().filter_map(|e| e.updated).chain(self.offices.iter().filter_map(|o| o.updated));
        let latest = plans.chain(deliberations).chain(registry).max();
        latest.or_else(|| {
            self.plans.iter().map(|p| p.start_year).max().and_then(|year| NaiveDate::from_ymd_opt(year, 1, 1))
        })
    }

    /// The deliberations, the newest first (by date, then organ and number), as the feed and the
    /// home page list them.
    pub fn deliberations_newest_first(&self) -> Vec<&Deliberation> {
        let mut sorted: Vec<&Deliberation> = self.deliberations.iter().collect();
        sorted.sort_by(|a, b| (b.date, &b.organ, &b.number).cmp(&(a.date, &a.organ, &a.number)));
        sorted
    }

    /// Every plan as the site lists them: the current one first, then the others from the
    /// newest to the oldest.
    pub fn plans_listed(&self) -> Vec<&Plan> {
        let current = self.current_plan();
        let others = self.chronological().into_iter().rev().map(|i| &self.plans[i]);
        current.into_iter().chain(others.filter(|p| !current.is_some_and(|c| std::ptr::eq(*p, c)))).collect()
    }
}
