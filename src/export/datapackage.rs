//! The Frictionless `datapackage.json` (Data Package v1 with Table Schema): every table as a CSV
//! resource with its fields (names, types, formats, required), primary keys, foreign keys between
//! tables, then the same table as an XLSX resource (its `dati` sheet, same fields and keys); the
//! licence, the publisher from the entity registry and the last modification found in the data.

use serde_json::{Value as Json, json};

use crate::model::Site;
use crate::schema::{Column, Kind, PLAN_COLUMN, TableId};

use super::feed::licence_url;
use super::records::Format;
use super::tables::Dataset;
use super::xlsx::DATA_SHEET;

/// The primary key of a table, when it has one.
fn primary_key(id: TableId) -> Option<Vec<&'static str>> {
    match id {
        TableId::Offices | TableId::StrategicAreas | TableId::StrategicObjectives | TableId::Objectives => {
            Some(vec!["codice"])
        }
        TableId::Steps | TableId::Indicators => Some(vec!["obiettivo", "codice"]),
        TableId::Deliberations => Some(vec!["organo", "numero", "data"]),
        _ => None,
    }
}

/// A Table Schema field.
fn field(column: &Column) -> Json {
    let (kind, format) = match column.kind {
        Kind::Integer | Kind::Year => ("integer", None),
        Kind::Number | Kind::Percent => ("number", None),
        Kind::Date => ("date", Some("%Y-%m-%d")),
        // Not `format: uri`: a path inside the site is a valid link but not an absolute URI.
        Kind::Link | Kind::Period => ("string", None),
        // A number, a percentage, a date, yes/no or text, as each row's measure says.
        Kind::Measured | Kind::Targets => ("any", None),
        _ => ("string", None),
    };
    let mut description = column.description.to_string();
    if matches!(column.kind, Kind::List | Kind::References(_)) {
        description.push_str(" (più valori separati da `;`)");
    }
    if column.kind == Kind::Percent {
        description.push_str(" (in punti percentuali)");
    }
    let mut field = json!({ "name": column.name, "type": kind, "description": description });
    if let Some(format) = format {
        field["format"] = json!(format);
    }
    if column.required {
        field["constraints"] = json!({ "required": true });
    }
    field
}

/// The resources of a dataset: its CSV, with its foreign keys to other resources of the same
/// package, and its XLSX (whose rows the CSV's keys already tie). In the download of every plan
/// together, keys and references to the plans' tables start with `piano`, and only the references
/// every row fills are declared.
fn resources(dataset: &Dataset, all: &[Dataset]) -> [Json; 2] {
    let mut fields: Vec<Json> = dataset.columns.iter().map(|c| field(c)).collect();
    if dataset.pages.is_some() {
        fields.push(json!({ "name": "url", "type": "string", "description": super::tables::URL_MEANING }));
    }
    let with_plan = |names: Vec<&'static str>| {
        if dataset.spans_plans() { std::iter::once(PLAN_COLUMN.name).chain(names).collect() } else { names }
    };
    let mut schema = json!({ "fields": fields, "missingValues": [""] });
    if let Some(key) = primary_key(dataset.schema.id) {
        schema["primaryKey"] = json!(with_plan(key));
    }
    let foreign: Vec<Json> = dataset
        .columns
        .iter()
        .filter_map(|column| {
            let Kind::Reference(target) = column.kind else { return None };
            let target =
                all.iter().find(|d| d.schema.id == target && (d.folder == dataset.folder || d.folder.is_empty()))?;
            let resource = if target.name == dataset.name { String::new() } else { target.name.clone() };
            // A key of two fields with one empty is a violation for validators: an optional
            // reference across plans is described, not declared.
            if target.spans_plans() && !column.required {
                return None;
            }
            Some(if target.spans_plans() {
                json!({ "fields": with_plan(vec![column.name]), "reference": { "resource": resource, "fields": with_plan(vec!["codice"]) } })
            } else {
                json!({ "fields": column.name, "reference": { "resource": resource, "fields": "codice" } })
            })
        })
        .collect();
    let workbook = json!({
        "name": format!("{}-xlsx", dataset.name),
        "path": dataset.path(Format::Xlsx.extension()).trim_start_matches("dati/"),
        "title": format!("{} ({})", dataset.title, Format::Xlsx.name()),
        "description": dataset.schema.description,
        "format": Format::Xlsx.extension(),
        "mediatype": Format::Xlsx.media_type(),
        "profile": "tabular-data-resource",
        "dialect": { "excel": { "sheet": DATA_SHEET } },
        "schema": schema,
    });
    if !foreign.is_empty() {
        schema["foreignKeys"] = json!(foreign);
    }
    let table = json!({
        "name": dataset.name,
        "path": dataset.path("csv").trim_start_matches("dati/"),
        "title": dataset.title,
        "description": dataset.schema.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "dialect": { "delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true, "lineTerminator": "\r\n" },
        "schema": schema,
    });
    [table, workbook]
}

/// The whole `datapackage.json`, written at `dati/datapackage.json`.
pub fn datapackage(site: &Site, datasets: &[Dataset]) -> Json {
    let publisher = site.entity.as_ref().map_or(site.config.titolo.clone(), |e| e.name.clone());
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "amministrazione-trasparente",
        "title": format!("Dati del piano integrato di attività e organizzazione – {publisher}"),
        "description": "Le tabelle del PIAO (obiettivi, fasi, indicatori, strutture, personale) e le delibere, pubblicate come dati aperti.",
        "licenses": [{ "name": site.config.licenza, "path": licence_url(&site.config.licenza) }],
        "contributors": [{ "title": publisher, "role": "publisher" }],
        "keywords": ["PIAO", "amministrazione trasparente", "performance", "D.Lgs. 33/2013"],
        "resources": datasets.iter().flat_map(|d| resources(d, datasets)).collect::<Vec<_>>(),
    });
    if let Some(modified) =
        datasets.iter().filter_map(|d| d.updated).chain(site.deliberations.iter().map(|d| d.date)).max()
    {
        package["created"] = json!(format!("{}T00:00:00Z", modified.format("%Y-%m-%d")));
    }
    if !site.config.url_base.is_empty() {
        package["homepage"] = json!(site.config.url_base);
    }
    package
}
