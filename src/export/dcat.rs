//! The DCAT-AP_IT catalogue (`dati/catalogo.jsonld`, JSON-LD), the national profile that
//! dati.gov.it harvests: the catalogue, one dataset per table, one distribution per file.
//!
//! Every element the profile makes mandatory is there, on the catalogue (title, description,
//! publisher, modification date, datasets; homepage and language too), on each dataset
//! (identifier `<codice IPA>:<name>`, title, description, modification date, theme, rights
//! holder, update frequency, distributions; contact point, keywords, publisher, temporal
//! coverage and language too) and on each distribution (format, access address, licence,
//! description; download address, byte size and media type too). Agents carry their IPA code as
//! `dct:identifier`; text is tagged `@it`. Every address is absolute: the catalogue is written
//! only when the site has a base address (`url_base`) and the entity's IPA code, and
//! [`catalogue`] returns `None` without them.

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::model::Site;

use super::feed::licence_url;
use super::records::Format;
use super::tables::Dataset;

const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const THEME_GOVERNMENT: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const FREQUENCY: &str = "http://publications.europa.eu/resource/authority/frequency/";
const ITALIAN: &str = "http://publications.europa.eu/resource/authority/language/ITA";

/// What a distribution of each download format holds, for people (a new format of [`Format`]
/// gets its line here; its name and media type are the format's own).
fn distribution_description(format: Format) -> &'static str {
    match format {
        Format::Csv => "La tabella in CSV: UTF-8, separatore virgola, date AAAA-MM-GG, decimali con il punto.",
        Format::Json => "La tabella in JSON: un array di oggetti, numeri come numeri, date AAAA-MM-GG.",
        Format::Xlsx => {
            "La tabella in XLSX: il foglio «colonne» descrive le colonne, il foglio «dati» ha codici e testi come testo, date come date, percentuali come percentuali."
        }
    }
}

/// Italian text, tagged as such.
fn it(text: &str) -> Json {
    json!({ "@value": text, "@language": "it" })
}

/// A date as `xsd:date`.
fn date(day: NaiveDate) -> Json {
    json!({ "@value": day.format("%Y-%m-%d").to_string(), "@type": "xsd:date" })
}

/// The years a dataset covers: its plan's, or from the first to the last plan's for the
/// site-wide tables and those of every plan together.
fn years_of(site: &Site, dataset: &Dataset) -> Option<(i32, i32)> {
    let own = site.plans.iter().any(|p| p.id == dataset.folder);
    let plans = site.plans.iter().filter(|p| !own || p.id == dataset.folder);
    plans.fold(None, |span, plan| match span {
        None => Some((plan.start_year, plan.end_year)),
        Some((from, to)) => Some((from.min(plan.start_year), to.max(plan.end_year))),
    })
}

/// The catalogue, or `None` when the site has no base address or no IPA code (without them it
/// could not be complete); `size` gives the byte size of
/// each file by its path in the site, `frequency` the update frequency (EU vocabulary).
pub fn catalogue(site: &Site, datasets: &[Dataset], size: impl Fn(&str) -> usize, frequency: &str) -> Option<Json> {
    let base = site.config.url_base.as_str();
    let ipa = site.ipa_code().filter(|_| !base.is_empty())?;
    let name = site.entity.as_ref().map_or(site.config.titolo.as_str(), |e| e.name.as_str());
    let agent_id = format!("{base}#ente");
    let agent = json!({
        "@id": agent_id,
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": it(name),
        "dct:identifier": ipa,
    });
    let contact = site.entity.as_ref().and_then(|e| e.pec.as_ref().or(e.email.as_ref())).map(|address| {
        json!({
            "@id": format!("{base}#contatti"),
            "@type": ["vcard:Organization", "dcatapit:Organization", "vcard:Kind"],
            "vcard:fn": it(name),
            "vcard:hasEmail": { "@id": format!("mailto:{}", address.trim()) },
        })
    });
    let modified = site.latest_date();
    let licence = json!({
        "@id": licence_url(&site.config.licenza),
        "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
        "dct:type": { "@id": "http://purl.org/adms/licencetype/Attribution" },
        "foaf:name": it(&site.config.licenza),
    });
    let datasets_ld: Vec<Json> = datasets
        .iter()
        .map(|dataset| {
            let distributions: Vec<Json> = Format::ALL
                .into_iter()
                .map(|format| {
                    let path = dataset.path(format.extension());
                    let url = format!("{base}{path}");
                    json!({
                        "@id": format!("{url}#distribuzione"),
                        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                        "dct:title": it(&format!("{} ({})", dataset.title, format.name())),
                        "dct:description": it(distribution_description(format)),
                        "dcat:accessURL": { "@id": url },
                        "dcat:downloadURL": { "@id": url },
                        "dct:format": { "@id": format!("{FILE_TYPE}{}", format.name()) },
                        "dcat:mediaType": format.media_type(),
                        "dct:license": licence,
                        "dcat:byteSize": { "@value": size(&path).to_string(), "@type": "xsd:decimal" },
                    })
                })
                .collect();
            let identifier = format!("{ipa}:{}", dataset.name);
            let plan = site.plans.iter().find(|p| p.id == dataset.folder);
            let mut keywords = vec![it(dataset.schema.title), it("Amministrazione trasparente")];
            keywords.extend(plan.map(|p| it(&p.title)));
            let mut entry = json!({
                "@id": format!("{base}dati/{}#dataset", dataset.name),
                "@type": ["dcat:Dataset", "dcatapit:Dataset"],
                "dct:identifier": identifier,
                "dct:title": it(&dataset.title),
                "dct:description": it(dataset.schema.description),
                "dcat:theme": { "@id": THEME_GOVERNMENT },
                "dct:accrualPeriodicity": { "@id": format!("{FREQUENCY}{frequency}") },
                "dct:language": { "@id": ITALIAN },
                "dcat:keyword": keywords,
                "dct:publisher": { "@id": agent_id },
                "dct:rightsHolder": { "@id": agent_id },
                "dcat:distribution": distributions,
            });
            if let Some(modified) = dataset.updated.or(modified) {
                entry["dct:modified"] = date(modified);
            }
            if let Some(contact) = &contact {
                entry["dcat:contactPoint"] = contact.clone();
            }
            if let Some((from, to)) = years_of(site, dataset) {
                let start = NaiveDate::from_ymd_opt(from, 1, 1);
                let end = NaiveDate::from_ymd_opt(to, 12, 31);
                if let (Some(start), Some(end)) = (start, end) {
                    entry["dct:temporal"] = json!({
                        "@type": "dct:PeriodOfTime",
                        "dcat:startDate": date(start),
                        "dcat:endDate": date(end),
                        "schema:startDate": date(start),
                        "schema:endDate": date(end),
                    });
                }
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
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "schema": "http://schema.org/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{base}dati/catalogo.jsonld#catalogo"),
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": it(&format!("Catalogo dei dati – {name}")),
        "dct:description": it("Dati, metadati e banche dati pubblicati nella sezione Amministrazione trasparente."),
        "dct:language": { "@id": ITALIAN },
        "foaf:homepage": { "@id": base },
        "dct:publisher": agent,
        "dcat:dataset": datasets_ld,
    });
    if let Some(modified) = modified {
        catalogue["dct:modified"] = date(modified);
    }
    Some(catalogue)
}
