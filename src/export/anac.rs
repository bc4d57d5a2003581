//! The files of the ANAC art. 13 schema (art. 13 D.Lgs. 33/2013, delibera ANAC 495/2024): the
//! bodies, the offices with their heads, competences and contacts, and the entity's contacts, as
//! the CSV (`;`, LF) and JSON files that ANAC prescribes, published in "Organizzazione ›
//! Articolazione degli uffici". Their names carry the dates of first publication and last change,
//! taken from the data ([`Site::organisation_dates`]), never from the clock. Without offices there
//! are no files.

use serde::Serialize;

use crate::address;
use crate::model::{Office, Site};

/// One file of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Art13 {
    /// `art.13-pa`: the single JSON file of a public administration, bodies with their offices.
    Json,
    /// `art.13-op`: the CSV of the bodies and their offices.
    Offices,
    /// `art.13-rif`: the CSV of the entity's contacts.
    Contacts,
}

impl Art13 {
    /// Every file, in the order the pages list them.
    pub const ALL: [Art13; 3] = [Art13::Json, Art13::Offices, Art13::Contacts];

    /// Address of the file for the site's data.
    pub fn path(self, site: &Site) -> String {
        let (id, extension) = match self {
            Art13::Json => ("pa", "json"),
            Art13::Offices => ("op", "csv"),
            Art13::Contacts => ("rif", "csv"),
        };
        address::art13(id, site.organisation_dates(), extension)
    }

    /// What the file holds, in Italian, for the page that links it.
    pub fn describe(self) -> &'static str {
        match self {
            Art13::Json => "file unico JSON: organi, uffici, responsabili, competenze e recapiti",
            Art13::Offices => {
                "CSV con separatore punto e virgola: una riga per ufficio, con l'organo da cui dipende, le competenze, il responsabile e i recapiti"
            }
            Art13::Contacts => {
                "CSV con separatore punto e virgola: i recapiti dell'ente (telefono, posta elettronica, PEC)"
            }
        }
    }
}

/// The files of the schema, none when the site has no offices: their addresses and bytes.
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    if site.offices.is_empty() {
        return Vec::new();
    }
    Art13::ALL
        .into_iter()
        .map(|file| {
            let bytes = match file {
                Art13::Json => json(site),
                Art13::Offices => offices_csv(site),
                Art13::Contacts => contacts_csv(site),
            };
            (file.path(site), bytes)
        })
        .collect()
}

/// Header of `art.13-op`.
pub const OFFICES_HEADER: [&str; 10] = [
    "DENOMINAZIONE_ORGANO",
    "COMPETENZE_ORGANO",
    "DENOMINAZIONE_UFFICIO_DIRIGENZIALE",
    "DENOMINAZIONE_UFFICIO_NON_DIRIGENZIALE",
    "COMPETENZE_UFFICIO",
    "NOMINATIVO_DIRIGENTE",
    "QUALIFICA_DIRIGENTE",
    "RECAPITO_TELEFONICO",
    "POSTA_ELETTRONICA_ORDINARIA",
    "POSTA_ELETTRONICA_CERTIFICATA",
];

/// Header of `art.13-rif`.
pub const CONTACTS_HEADER: [&str; 3] =
    ["RECAPITO_TELEFONICO", "POSTA_ELETTRONICA_ORDINARIA", "POSTA_ELETTRONICA_CERTIFICATA"];

/// One office as the schema describes it.
struct OfficeFields<'a> {
    organ: &'a str,
    /// `dirigenziale`, `non dirigenziale`, or empty when the data does not say.
    level: &'a str,
    name: &'a str,
    competences: &'a str,
    head: &'a str,
    title: &'a str,
    phone: &'a str,
    email: &'a str,
    pec: &'a str,
}

fn fields<'a>(site: &'a Site, office: &'a Office) -> OfficeFields<'a> {
    let text = |column| office.record.text(column).unwrap_or_default();
    OfficeFields {
        organ: site.office_organ(office).unwrap_or_default(),
        level: text("tipo_ufficio"),
        name: &office.name,
        competences: text("funzioni"),
        head: text("responsabile"),
        title: text("qualifica"),
        phone: text("telefono"),
        email: text("email"),
        pec: text("pec"),
    }
}

fn csv_bytes<const N: usize>(header: [&str; N], rows: impl IntoIterator<Item = [String; N]>) -> Vec<u8> {
    let mut writer =
        csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}

/// `art.13-op`: one row per office. A dirigenziale office's name goes in
/// `DENOMINAZIONE_UFFICIO_DIRIGENZIALE`; any other's in `DENOMINAZIONE_UFFICIO_NON_DIRIGENZIALE`.
/// The data holds no competences of the bodies: `COMPETENZE_ORGANO` stays empty.
fn offices_csv(site: &Site) -> Vec<u8> {
    let rows = site.offices.iter().map(|office| {
        let f = fields(site, office);
        let (managerial, other) = if f.level == "dirigenziale" { (f.name, "") } else { ("", f.name) };
        [f.organ, "", managerial, other, f.competences, f.head, f.title, f.phone, f.email, f.pec].map(String::from)
    });
    csv_bytes(OFFICES_HEADER, rows)
}

/// `art.13-rif`: the entity's contacts, one row.
fn contacts_csv(site: &Site) -> Vec<u8> {
    let row = site
        .entity
        .as_ref()
        .map(|entity| [&entity.phone, &entity.email, &entity.pec].map(|value| value.clone().unwrap_or_default()));
    csv_bytes(CONTACTS_HEADER, row)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    intestazione: Header<'a>,
    org_pubbliche_amministrazioni: Organisation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Header<'a> {
    amministrazione: Administration<'a>,
    data_prima_pubblicazione: String,
    data_ultima_modifica: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Administration<'a> {
    codice_fiscale: &'a str,
    denominazione: &'a str,
}

#[derive(Serialize)]
struct Organisation<'a> {
    organi: Vec<Body<'a>>,
}

#[derive(Serialize)]
struct Body<'a> {
    denominazione: &'a str,
    competenze: &'a str,
    uffici: Vec<JsonOffice<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonOffice<'a> {
    tipologia_ufficio: &'static str,
    denominazione_ufficio: &'a str,
    competenze_ufficio: &'a str,
    nominativo_dirigente_resp: &'a str,
    qualifica_dirigente_resp: &'a str,
    contatti: Contacts<'a>,
}

#[derive(Serialize)]
struct Contacts<'a> {
    telefono: &'a str,
    peo: &'a str,
    pec: &'a str,
}

/// `art.13-pa`: the entity, the dates (`GG/MM/AAAA`, empty without dates) and the bodies, in the
/// order the offices first name them, each with its offices.
fn json(site: &Site) -> Vec<u8> {
    let entity = site.entity.as_ref();
    let date = |pick: fn((chrono::NaiveDate, chrono::NaiveDate)) -> chrono::NaiveDate| {
        site.organisation_dates().map_or_else(String::new, |dates| pick(dates).format("%d/%m/%Y").to_string())
    };
    let mut bodies: Vec<Body> = Vec::new();
    for office in &site.offices {
        let f = fields(site, office);
        let office = JsonOffice {
            tipologia_ufficio: match f.level {
                "dirigenziale" => "Ufficio dirigenziale",
                "non dirigenziale" => "Ufficio non dirigenziale",
                _ => "",
            },
            denominazione_ufficio: f.name,
            competenze_ufficio: f.competences,
            nominativo_dirigente_resp: f.head,
            qualifica_dirigente_resp: f.title,
            contatti: Contacts { telefono: f.phone, peo: f.email, pec: f.pec },
        };
        match bodies.iter_mut().find(|body| body.denominazione == f.organ) {
            Some(body) => body.uffici.push(office),
            None => bodies.push(Body { denominazione: f.organ, competenze: "", uffici: vec![office] }),
        }
    }
    let document = Document {
        intestazione: Header {
            amministrazione: Administration {
                codice_fiscale: entity.and_then(|e| e.tax_code.as_deref()).unwrap_or_default(),
                denominazione: entity.map_or("", |e| e.name.as_str()),
            },
            data_prima_pubblicazione: date(|(first, _)| first),
            data_ultima_modifica: date(|(_, last)| last),
        },
        org_pubbliche_amministrazioni: Organisation { organi: bodies },
    };
    super::pretty(&document)
}
