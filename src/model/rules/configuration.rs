//! L011 (after loading): the configuration names things that exist — the current plan and the
//! personal-data columns it publishes — and its base address is a web address. R031: it has a
//! base address at all, which the feed, the catalogue and the sitemap need (`build --base-url`
//! gives one too, and then the warning is dropped: see [`crate::build`]). R047: the accessibility
//! statement says how far the site conforms and when it was made, with dates that are dates. R048:
//! some row of the data says when it was last updated. R049: the entity's IPA code is known, for
//! the identifiers of the DCAT-AP_IT catalogue.

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::model::Site;
use crate::schema::TABLES;

use super::Loaded;

/// Checks the configuration against the data.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    accessibility_statement(site, diagnostics);
    update_dates(site, diagnostics);
    let config = &site.config;
    if config.url_base.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingBaseUrl,
                Location::file(CONFIG_FILE),
                "url_base è vuoto: il feed delle delibere (delibere.xml), il catalogo DCAT-AP_IT (dati/catalogo.jsonld) e sitemap.xml non saranno scritti, perché devono contenere indirizzi assoluti, che i lettori di feed e i portali nazionali sanno seguire",
            )
            .expected("un indirizzo come https://www.ente.it/trasparenza/")
            .hint("scrivere in url_base l'indirizzo a cui il sito sarà pubblicato (oppure indicarlo con build --base-url)"),
        );
    } else if let Some(problem) = config.url_base_problem() {
        diagnostics.push(
            Diagnostic::new(Rule::Config, Location::file(CONFIG_FILE), format!("url_base: {problem}"))
                .value(&config.url_base)
                .expected("un indirizzo come https://www.ente.it/trasparenza/")
                .hint("scrivere in url_base l'indirizzo a cui il sito sarà pubblicato, con https://"),
        );
    }
    if site.ipa_code().is_none() {
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingIpaCode,
                Location::file(CONFIG_FILE),
                "manca il codice IPA dell'ente: il catalogo DCAT-AP_IT (dati/catalogo.jsonld) identifica l'ente e ogni dataset con il codice IPA (codice:dataset), e senza di esso non sarà scritto",
            )
            .expected("il codice dell'ente nell'Indice delle pubbliche amministrazioni (indicepa.gov.it), come c_b898")
            .hint("scrivere codice_ipa in config.toml, oppure nella colonna codice_ipa di data/ente.csv"),
        );
    }
    if let Some(current) = &config.piano_corrente
        && !loaded.plan_ids().any(|id| id == current)
    {
        let plans: Vec<&str> = loaded.plan_ids().collect();
        diagnostics.push(
            Diagnostic::new(
                Rule::Config,
                Location::file(CONFIG_FILE),
                format!("piano_corrente indica «{current}», che non è una cartella di piano in data/"),
            )
            .value(current)
            .expected(if plans.is_empty() {
                "il nome di una cartella in data/".to_string()
            } else {
                format!("uno tra: {}", plans.join(", "))
            })
            .hint("correggere piano_corrente o creare la cartella del piano"),
        );
    }
    for entry in &config.privacy.colonne_pubblicate {
        let personal = entry.split_once('.').is_some_and(|(table, column)| {
            TABLES.iter().any(|t| t.stem() == table && t.column(column).is_some_and(|c| c.personal))
        });
        if !personal {
            let known: Vec<String> = TABLES
                .iter()
                .flat_map(|t| t.columns.iter().filter(|c| c.personal).map(move |c| format!("{}.{}", t.stem(), c.name)))
                .collect();
            diagnostics.push(
                Diagnostic::new(
                    Rule::Config,
                    Location::file(CONFIG_FILE),
                    format!("colonne_pubblicate indica «{entry}», che non è una colonna di dati personali"),
                )
                .value(entry)
                .expected(format!("una tra: {}", known.join(", ")))
                .hint("scrivere tabella.colonna, come obiettivi.personale_coinvolto"),
            );
        }
    }
}

/// R047: the statement's conformity status and date are given, and its dates are dates.
fn accessibility_statement(site: &Site, diagnostics: &mut Diagnostics) {
    let statement = &site.config.accessibilita;
    let warn = |message: String, hint: &str| {
        Diagnostic::new(Rule::AccessibilityStatement, Location::file(CONFIG_FILE), message).hint(hint)
    };
    if statement.stato.is_none() && statement.data_dichiarazione.is_none() {
        diagnostics.push(warn(
            "la dichiarazione di accessibilità non è compilata: la tabella [accessibilita] non dice se il sito è conforme né quando la dichiarazione è stata redatta".into(),
            "aggiungere a config.toml la tabella [accessibilita] con stato, contenuti_non_accessibili, data_dichiarazione ed email_segnalazioni, secondo la valutazione fatta (modello AgID; docs/data-format.md)",
        ));
    } else if statement.stato.is_none() {
        diagnostics.push(warn(
            "la dichiarazione di accessibilità non dice se il sito è conforme: [accessibilita] stato manca".into(),
            "scrivere in [accessibilita] stato = \"conforme\", \"parzialmente conforme\" o \"non conforme\", secondo la valutazione fatta (modello AgID)",
        ));
    }
    if statement.data_dichiarazione.is_none() && statement.stato.is_some() {
        diagnostics.push(warn(
            "la dichiarazione di accessibilità non ha una data: [accessibilita] data_dichiarazione manca".into(),
            "scrivere in [accessibilita] data_dichiarazione la data in cui la dichiarazione è stata redatta, come \"20/09/2026\"",
        ));
    }
    for (key, value) in
        [("data_dichiarazione", &statement.data_dichiarazione), ("data_revisione", &statement.data_revisione)]
    {
        if let Some(text) = value
            && crate::load::values::parse_date(text).is_none()
        {
            diagnostics.push(
                warn(format!("[accessibilita] {key} non è una data"), "scrivere la data nella forma GG/MM/AAAA")
                    .value(text)
                    .expected("una data come 20/09/2026"),
            );
        }
    }
}

/// R048: some row of the data has a date of last update.
fn update_dates(site: &Site, diagnostics: &mut Diagnostics) {
    let plans = site.plans.iter().map(crate::model::Plan::updated_on);
    let entity = site.entity.as_ref().map(|e| e.updated);
    let offices = site.offices.iter().map(|o| o.updated);
    let deliberations = site.deliberations.iter().map(|d| d.updated);
    if plans.chain(entity).chain(offices).chain(deliberations).flatten().next().is_none() {
        diagnostics.push(
            Diagnostic::new(
                Rule::NoUpdateDate,
                Location::file("data/"),
                "nessuna riga dei dati indica quando è stata aggiornata: le pagine non mostrano la data di ultimo aggiornamento che il D.Lgs. 33/2013 chiede",
            )
            .hint("compilare la colonna data_aggiornamento almeno in data/ente.csv, o la data di approvazione del piano in piano.csv"),
        );
    }
}
