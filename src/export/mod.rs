//! The site as data and for machines: CSV and JSON downloads of every table and one JSON per
//! objective ([`data_files`]), then what describes the site and its data ([`metadata`]): the
//! Frictionless `datapackage.json`, the DCAT-AP_IT catalogue, the RSS feed of deliberations,
//! `sitemap.xml` and `robots.txt`. Pure: from the model to [`Output`] entries.

pub mod datapackage;
pub mod dcat;
pub mod feed;
pub mod sitemap;
pub mod tables;

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use crate::model::Site;
use crate::output::{Output, SitePath, UnsafePath};
use crate::render::{Rendered, routes};

pub use tables::{Dataset, datasets};

/// Address of the JSON of one objective (`dati/piao-2025-2027/obiettivi/1.json`).
pub fn objective_json(plan: &str, code: &str) -> String {
    format!("dati/{plan}/obiettivi/{code}.json")
}

/// Address of the Frictionless data package.
pub const DATAPACKAGE: &str = "dati/datapackage.json";
/// Address of the DCAT-AP_IT catalogue.
pub const CATALOGUE: &str = "dati/catalogo.jsonld";

fn pretty(json: &Json) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(json).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The downloads of `all` (the site's datasets): every table as CSV and JSON, and one JSON per
/// objective.
pub fn data_files(site: &Site, all: &[Dataset]) -> Result<Output, UnsafePath> {
    let base = site.config.url_base.as_str();
    let mut output = Output::new();
    for dataset in all {
        output.insert(SitePath::new(dataset.path("csv"))?, tables::to_csv(dataset, base));
        output.insert(SitePath::new(dataset.path("json"))?, tables::to_json(dataset, base));
    }
    for plan in &site.plans {
        let find = |stem: &str| all.iter().find(|d| d.folder == plan.id && d.schema.stem() == stem);
        let (Some(objectives), Some(steps), Some(indicators)) = (find("obiettivi"), find("fasi"), find("indicatori"))
        else {
            continue;
        };
        let mut step_rows = by_objective(tables::json_records(steps, base));
        let mut indicator_rows = by_objective(tables::json_records(indicators, base));
        for (objective, record) in plan.objectives.iter().zip(tables::json_records(objectives, base)) {
            let mut document = Map::new();
            document.insert("piano".into(), Json::String(plan.id.clone()));
            document.insert("obiettivo".into(), record);
            document.insert("fasi".into(), Json::Array(step_rows.remove(&objective.code).unwrap_or_default()));
            document
                .insert("indicatori".into(), Json::Array(indicator_rows.remove(&objective.code).unwrap_or_default()));
            document.insert(
                "pagina".into(),
                Json::String(format!("{base}{}", routes::objective(&plan.id, &objective.code))),
            );
            output.insert(SitePath::new(objective_json(&plan.id, &objective.code))?, pretty(&Json::Object(document)));
        }
    }
    Ok(output)
}

/// JSON records grouped by their `obiettivo`, in file order.
fn by_objective(records: Vec<Json>) -> HashMap<String, Vec<Json>> {
    let mut grouped: HashMap<String, Vec<Json>> = HashMap::new();
    for record in records {
        let objective = record.get("obiettivo").and_then(Json::as_str).unwrap_or_default().to_string();
        grouped.entry(objective).or_default().push(record);
    }
    grouped
}

/// What describes the site and its data (`all`), given the downloads and the rendered pages.
pub fn metadata(site: &Site, all: &[Dataset], data: &Output, rendered: &Rendered) -> Result<Output, UnsafePath> {
    let base = site.config.url_base.as_str();
    let mut output = Output::new();
    output.insert(SitePath::new(DATAPACKAGE)?, pretty(&datapackage::datapackage(site, all)));
    let size = |path: &str| data.get(path).map_or(0, <[u8]>::len);
    output.insert(
        SitePath::new(CATALOGUE)?,
        pretty(&dcat::catalogue(site, all, size, &site.config.frequenza_aggiornamento)),
    );
    output.insert(SitePath::new(routes::FEED)?, feed::feed(site, &rendered.output, site.config.rss_voci_massime));
    if let Some(xml) = sitemap::sitemap(&rendered.pages, base) {
        output.insert(SitePath::new("sitemap.xml")?, xml);
    }
    output.insert(SitePath::new("robots.txt")?, sitemap::robots(base));
    Ok(output)
}
