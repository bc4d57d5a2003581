//! The site as data and for machines: CSV, JSON and XLSX downloads of every table ([`records`]) and
//! one JSON per objective ([`data_files`]), then what describes the site and its data ([`metadata`]): the
//! Frictionless `datapackage.json`, the DCAT-AP_IT catalogue, the RSS feed of deliberations,
//! `sitemap.xml`, `robots.txt` and the files of the ANAC art. 13 schema ([`anac`]) (the catalogue, the feed and the sitemap only when the site has
//! a base address, since they hold absolute addresses only). From the model to files handed to
//! the [`Writer`]; the sizes of the downloads come back as [`Sizes`], for the pages and the
//! metadata that list them.

pub mod anac;
pub mod datapackage;
pub mod dcat;
pub mod feed;
pub mod records;
pub mod sitemap;
pub mod tables;
pub mod xlsx;

use std::collections::HashMap;
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use crate::address::{self, CATALOGUE, DATAPACKAGE, PageList, ROBOTS, SITEMAP, objective_json};
use crate::model::{Scope, Site};
use crate::output::{SitePath, Writer};

pub use records::{Downloads, Format, Serialised};
pub use tables::{Dataset, datasets};

/// The byte size of each file that pages and metadata list (downloads, static files and the
/// documents among them), by its path in the site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sizes(HashMap<String, usize>);

impl Sizes {
    /// The size of the file `path`, 0 when it is not among the files.
    pub fn of(&self, path: &str) -> usize {
        self.0.get(path).copied().unwrap_or(0)
    }
}

impl Extend<(String, usize)> for Sizes {
    fn extend<T: IntoIterator<Item = (String, usize)>>(&mut self, files: T) {
        self.0.extend(files);
    }
}

/// What [`data_files`] produced: the size of each table download and, for the preview, the
/// serialised records of those downloads.
#[derive(Debug)]
pub struct DataFiles {
    pub sizes: Sizes,
    pub downloads: Option<Downloads>,
}

fn pretty(json: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(json).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The JSON of one objective: the plan, the objective's record, its steps and indicators, and the
/// address of its page.
#[derive(Serialize)]
struct ObjectiveDocument<'a> {
    piano: &'a str,
    obiettivo: tables::JsonRecord<'a>,
    fasi: Vec<tables::JsonRecord<'a>>,
    indicatori: Vec<tables::JsonRecord<'a>>,
    pagina: String,
    /// At the reference date, when the plan has monitoring: the objective's achievement, its
    /// steps' status, its indicators' achievement and its measurements.
    #[serde(skip_serializing_if = "Option::is_none")]
    raggiungimento: Option<tables::JsonRecord<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stato_fasi: Vec<tables::JsonRecord<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    raggiungimento_indicatori: Vec<tables::JsonRecord<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rilevazioni: Vec<tables::JsonRecord<'a>>,
}

/// The downloads of `all` (the site's datasets): every table in every [`Format`], and one JSON per
/// objective (of both, those of `scope`; the others are kept as they are). With `previous` (the
/// preview, which keeps the serialised records of the last build's downloads) a record already
/// serialised is copied, not serialised again, and the serialised records are returned for the
/// next build; without it (a one-off build) nothing is kept. Returns the size of each table
/// download, kept or written.
pub fn data_files(
    site: &Site,
    all: &[Dataset],
    scope: &Scope,
    previous: Option<Downloads>,
    writer: &Writer,
) -> io::Result<DataFiles> {
    let base = site.config.url_base.as_str();
    let remember = previous.is_some();
    let mut previous = previous.unwrap_or_default();
    let mut downloads = Vec::with_capacity(Format::ALL.len() * all.len());
    for dataset in all {
        for format in Format::ALL {
            let path = dataset.path(format.extension());
            let serialised = previous.remove(&path);
            downloads.push((dataset, format, path, serialised));
        }
    }
    // The biggest tables first, and of each its workbook, the slowest to write; each file a task of
    // its own, so that the longest start at once and the others fill the other threads around them.
    downloads.sort_by_key(|(dataset, format, ..)| (std::cmp::Reverse(dataset.len()), *format != Format::Xlsx));
    let kept: Vec<(String, usize, Option<Serialised>)> = downloads
        .into_par_iter()
        .with_max_len(1)
        .map(|(dataset, format, path, serialised)| {
            let site_path = SitePath::new(path.as_str())?;
            if !scope.rewrites(&dataset.folder, dataset.schema.id) {
                let size = writer.keep(&site_path).map_or(0, |written| written.len);
                return Ok((path, size, serialised));
            }
            let mut kept = None;
            let written = writer.put_streamed(site_path, |out| {
                kept = records::write(dataset, format, base, serialised, remember, out)?;
                Ok(())
            })?;
            Ok((path, written.len, kept))
        })
        .collect::<io::Result<_>>()?;
    for plan in &site.plans {
        let find = |stem: &str| all.iter().find(|d| d.folder == plan.id && d.schema.stem() == stem);
        let (Some(objectives), Some(steps), Some(indicators)) = (find("obiettivi"), find("fasi"), find("indicatori"))
        else {
            continue;
        };
        let (achievements, statuses, indicator_achievements, measured) = (
            find("raggiungimento-obiettivi"),
            find("stato-fasi"),
            find("raggiungimento-indicatori"),
            find("rilevazioni"),
        );
        let mut measurements_of: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (position, measurement) in plan.measurements.iter().enumerate() {
            measurements_of.entry(measurement.objective.as_str()).or_default().push(position);
        }
        plan.objectives.par_iter().enumerate().try_for_each(|(position, objective)| {
            let path = SitePath::new(objective_json(&plan.id, &objective.code))?;
            if !scope.includes(&plan.id, &objective.code) {
                writer.keep(&path);
                return Ok(());
            }
            let records = |dataset, positions: &[usize]| {
                positions.iter().map(|&i| tables::json_record(dataset, i, base)).collect::<Vec<_>>()
            };
            let step_positions = plan.step_positions(&objective.code);
            let indicator_positions = plan.indicator_positions(&objective.code);
            let document = ObjectiveDocument {
                piano: &plan.id,
                obiettivo: tables::json_record(objectives, position, base),
                fasi: records(steps, step_positions),
                indicatori: records(indicators, indicator_positions),
                pagina: format!("{base}{}", address::objective(&plan.id, &objective.code)),
                raggiungimento: achievements.map(|dataset| tables::json_record(dataset, position, base)),
                stato_fasi: json_records(statuses, step_positions, base),
                raggiungimento_indicatori: json_records(indicator_achievements, indicator_positions, base),
                rilevazioni: json_records(
                    measured,
                    measurements_of.get(objective.code.as_str()).map_or(&[][..], Vec::as_slice),
                    base,
                ),
            };
            writer.put(path, &pretty(&document)).map(drop)
        })?;
    }
    let mut sizes = Sizes::default();
    sizes.extend(kept.iter().map(|(path, size, _)| (path.clone(), *size)));
    let downloads =
        remember.then(|| kept.into_iter().filter_map(|(path, _, serialised)| Some((path, serialised?))).collect());
    Ok(DataFiles { sizes, downloads })
}

/// The records at `positions` of `dataset`, none when there is no such dataset.
fn json_records<'a>(
    dataset: Option<&'a Dataset<'a>>,
    positions: &[usize],
    base: &'a str,
) -> Vec<tables::JsonRecord<'a>> {
    dataset.map_or_else(Vec::new, |dataset| positions.iter().map(|&i| tables::json_record(dataset, i, base)).collect())
}

/// What describes the site and its data (`all`), given the `sizes` of the files already written
/// and the address and data date of every page.
pub fn metadata(site: &Site, all: &[Dataset], pages: &PageList, sizes: &Sizes, writer: &Writer) -> io::Result<()> {
    let base = site.config.url_base.as_str();
    let size = |path: &str| sizes.of(path);
    let sitemap = sitemap::sitemap(pages, base);
    let catalogue = dcat::catalogue(site, all, size, &site.config.frequenza_aggiornamento);
    let feed = feed::feed(site, size, site.config.rss_voci_massime);
    let art13 = anac::files(site);
    writer.put(SitePath::new(DATAPACKAGE)?, &pretty(&datapackage::datapackage(site, all)))?;
    for (path, bytes) in art13 {
        writer.put(SitePath::new(path)?, &bytes)?;
    }
    if let Some(catalogue) = catalogue {
        writer.put(SitePath::new(CATALOGUE)?, &pretty(&catalogue))?;
    }
    if let Some(feed) = feed {
        writer.put(SitePath::new(address::FEED)?, feed.as_bytes())?;
    }
    if let Some(xml) = sitemap {
        writer.put(SitePath::new(SITEMAP)?, xml.as_bytes())?;
    }
    writer.put(SitePath::new(ROBOTS)?, sitemap::robots(base).as_bytes())?;
    Ok(())
}
