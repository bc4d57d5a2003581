//! The DCAT-AP_IT catalogue (`dati/catalogo.jsonld`, JSON-LD): the catalogue, one dataset per
//! table, one distribution per file (download address, format, media type, licence, byte size),
//! the publisher with its IPA code, modification dates, theme and update frequency, so that a
//! national open-data portal can harvest it.

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::model::Site;

use super::feed::licence_url;
use super::tables::Dataset;

const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const THEME_GOVERNMENT: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const FREQUENCY: &str = "http://publications.europa.eu/resource/authority/frequency/";
const ITALIAN: &str = "http://publications.europa.eu/resource/authority/language/ITA";

/// The catalogue; `sizes` gives the byte size of each file by its path in the site.
pub fn catalogue(site: &Site, datasets: &[Dataset], size: impl Fn(&str) -> usize, frequency: &str) -> Json {
    let base = site.config.url_base.as_str();
    let name = site.entity.as_ref().map_or(site.config.titolo.clone(), |e| e.name.clone());
    let ipa = site
        .config
        .codice_ipa
        .clone()
        .or_else(|| site.entity.as_ref().and_then(|e| e.ipa_code.clone()))
        .unwrap_or_default();
    let publisher = json!({
        "@id": format!("{base}#ente"),
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": name,
        "dct:identifier": ipa,
    });
    let date =
        |d: Option<NaiveDate>| d.map(|d| json!({ "@value": d.format("%Y-%m-%d").to_string(), "@type": "xsd:date" }));
    let modified = datasets.iter().filter_map(|d| d.updated).chain(site.deliberations.iter().map(|d| d.date)).max();
    let licence = json!({ "@id": licence_url(&site.config.licenza), "@type": ["dct:LicenseDocument"], "dct:type": { "@id": "http://purl.org/adms/licencetype/Attribution" } });
    let datasets_ld: Vec<Json> = datasets
        .iter()
        .map(|dataset| {
            let distributions: Vec<Json> = [("csv", "CSV", "text/csv"), ("json", "JSON", "application/json")]
                .into_iter()
                .map(|(extension, format, media)| {
                    let path = dataset.path(extension);
                    json!({
                        "@id": format!("{base}{path}#distribuzione"),
                        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                        "dct:title": format!("{} ({format})", dataset.title),
                        "dcat:accessURL": { "@id": format!("{base}{path}") },
                        "dcat:downloadURL": { "@id": format!("{base}{path}") },
                        "dct:format": { "@id": format!("{FILE_TYPE}{format}") },
                        "dcat:mediaType": media,
                        "dct:license": licence,
                        "dcat:byteSize": { "@value": size(&path).to_string(), "@type": "xsd:decimal" },
                    })
                })
                .collect();
            let mut entry = json!({
                "@id": format!("{base}dati/{}#dataset", dataset.name),
                "@type": ["dcat:Dataset", "dcatapit:Dataset"],
                "dct:identifier": if ipa.is_empty() { dataset.name.clone() } else { format!("{ipa}:{}", dataset.name) },
                "dct:title": dataset.title,
                "dct:description": dataset.schema.description,
                "dcat:theme": { "@id": THEME_GOVERNMENT },
                "dct:accrualPeriodicity": { "@id": format!("{FREQUENCY}{frequency}") },
                "dct:language": { "@id": ITALIAN },
                "dct:publisher": { "@id": format!("{base}#ente") },
                "dct:rightsHolder": { "@id": format!("{base}#ente") },
                "dcat:distribution": distributions,
            });
            if let Some(modified) = date(dataset.updated.or(modified)) {
                entry["dct:modified"] = modified;
            }
            entry
        })
        .collect();
    let mut catalogue = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{base}dati/catalogo.jsonld#catalogo"),
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": format!("Catalogo dei dati – {name}"),
        "dct:description": "Dati, metadati e banche dati pubblicati nella sezione Amministrazione trasparente.",
        "dct:language": { "@id": ITALIAN },
        "foaf:homepage": { "@id": base },
        "dct:publisher": publisher,
        "dcat:dataset": datasets_ld,
    });
    if let Some(modified) = date(modified) {
        catalogue["dct:modified"] = modified;
    }
    catalogue
}
