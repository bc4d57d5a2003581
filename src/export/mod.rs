//! The site as data: CSV and JSON downloads of every table, and one JSON per objective with its
//! steps and indicators. Pure: from the model to [`Output`] entries.

pub mod tables;

use serde_json::{Map, Value as Json};

use crate::model::Site;
use crate::output::{Output, SitePath, UnsafePath};
use crate::render::routes;

pub use tables::{Dataset, datasets};

/// Address of the JSON of one objective (`dati/piao-2025-2027/obiettivi/1.json`).
pub fn objective_json(plan: &str, code: &str) -> String {
    format!("dati/{plan}/obiettivi/{code}.json")
}

/// Every download of the site.
pub fn export_all(site: &Site) -> Result<Output, UnsafePath> {
    let base = site.config.url_base.as_str();
    let mut output = Output::new();
    let all = datasets(site);
    for dataset in &all {
        output.insert(SitePath::new(dataset.path("csv"))?, tables::to_csv(dataset, base));
        output.insert(SitePath::new(dataset.path("json"))?, tables::to_json(dataset, base));
    }
    for plan in &site.plans {
        let find = |stem: &str| all.iter().find(|d| d.folder == plan.id && d.schema.stem() == stem);
        let (Some(objectives), Some(steps), Some(indicators)) = (find("obiettivi"), find("fasi"), find("indicatori"))
        else {
            continue;
        };
        let objective_rows = tables::json_records(objectives, base);
        let step_rows = tables::json_records(steps, base);
        let indicator_rows = tables::json_records(indicators, base);
        for (objective, record) in plan.objectives.iter().zip(objective_rows) {
            let belongs = |row: &&Json| row.get("obiettivo").and_then(Json::as_str) == Some(objective.code.as_str());
            let mut document = Map::new();
            document.insert("piano".into(), Json::String(plan.id.clone()));
            document.insert("obiettivo".into(), record);
            document.insert("fasi".into(), Json::Array(step_rows.iter().filter(belongs).cloned().collect()));
            document.insert("indicatori".into(), Json::Array(indicator_rows.iter().filter(belongs).cloned().collect()));
            document.insert(
                "pagina".into(),
                Json::String(format!("{base}{}", routes::objective(&plan.id, &objective.code))),
            );
            let mut bytes = serde_json::to_vec_pretty(&Json::Object(document)).unwrap_or_default();
            bytes.push(b'\n');
            output.insert(SitePath::new(objective_json(&plan.id, &objective.code))?, bytes);
        }
    }
    Ok(output)
}
