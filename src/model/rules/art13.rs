//! R050: the offices and the entity hold what the ANAC art. 13 schema (delibera ANAC 495/2024)
//! asks of every public body: for each office the body it depends on, whether it is dirigenziale,
//! its competences, its head with the head's title, a phone and an e-mail or PEC; the entity's tax
//! code and contacts; a date of last update, from which the files take their names. What is
//! missing is written empty; without offices there are no files.

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::model::{Office, Site};
use crate::schema::TableId;

use super::Loaded;

/// What the schema asks of an office, and whether `office` of `site` has it.
type Need = (&'static str, fn(&Site, &Office) -> bool);

const OFFICE_NEEDS: [Need; 6] = [
    ("organo", |site, office| site.office_organ(office).is_some()),
    ("tipo_ufficio", |_, office| office.record.text("tipo_ufficio").is_some()),
    ("funzioni", |_, office| office.record.text("funzioni").is_some()),
    ("responsabile", |_, office| office.record.text("responsabile").is_some()),
    ("qualifica", |_, office| office.record.text("qualifica").is_some()),
    ("telefono ed email o pec", |_, office| {
        let has = |column| office.record.text(column).is_some();
        has("telefono") && (has("email") || has("pec"))
    }),
];

/// Checks the data the ANAC art. 13 files are made of.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    if loaded.unreliable(None, TableId::Offices, site.offices.len()) && !site.offices.is_empty() {
        return;
    }
    if site.offices.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Rule::Art13Incomplete,
                Location::file("data/"),
                "non ci sono strutture: i file dello schema ANAC dell'art. 13 (organi e uffici, delibera ANAC 495/2024), obbligatori per ogni pubblica amministrazione, non saranno scritti",
            )
            .hint("descrivere gli uffici in data/strutture.csv (docs/data-format.md)"),
        );
        return;
    }
    let total = site.offices.len();
    let missing: Vec<String> = OFFICE_NEEDS
        .iter()
        .filter_map(|(what, has)| {
            let lacking = site.offices.iter().filter(|office| !has(site, office)).count();
            (lacking > 0).then(|| format!("{what} {lacking} su {total}"))
        })
        .collect();
    let location = |office: &Office| office.record.origin.table().file_location(Some(office.record.origin.row()));
    let lacking = site.offices.iter().find(|office| OFFICE_NEEDS.iter().any(|(_, has)| !has(site, office)));
    if let Some(first) = lacking {
        diagnostics.push(
            Diagnostic::new(
                Rule::Art13Incomplete,
                location(first),
                format!(
                    "alle strutture mancano dati che lo schema ANAC dell'art. 13 richiede (per colonna, quante strutture ne sono prive): {}; nei file art.13 quei campi restano vuoti",
                    missing.join("; ")
                ),
            )
            .hint("compilare in data/strutture.csv le colonne organo, tipo_ufficio, funzioni, responsabile, qualifica, telefono, email o pec"),
        );
    }
    if site.organisation_dates().is_none() {
        diagnostics.push(
            Diagnostic::new(
                Rule::Art13Incomplete,
                location(&site.offices[0]),
                "né le strutture né l'ente indicano data_aggiornamento: i file dello schema ANAC dell'art. 13 sono nominati senza le date di prima pubblicazione e di ultima modifica (art.13-op.csv invece di art.13-op-AAAAMMGG-AAAAMMGG.csv)",
            )
            .hint("compilare data_aggiornamento in data/strutture.csv o in data/ente.csv"),
        );
    }
    if let Some(entity) = &site.entity {
        let mut lacking = Vec::new();
        if entity.tax_code.is_none() {
            lacking.push("codice_fiscale");
        }
        if entity.phone.is_none() {
            lacking.push("telefono");
        }
        if entity.email.is_none() && entity.pec.is_none() {
            lacking.push("email o pec");
        }
        if !lacking.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Rule::Art13Incomplete,
                    entity.record.origin.table().file_location(Some(entity.record.origin.row())),
                    format!(
                        "all'ente mancano dati che lo schema ANAC dell'art. 13 richiede: {}; nei file art.13 restano vuoti",
                        lacking.join(", ")
                    ),
                )
                .hint("compilarli in data/ente.csv"),
            );
        }
    }
}
