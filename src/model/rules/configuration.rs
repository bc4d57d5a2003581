//! L011 (after loading): the configuration names things that exist — the current plan and the
//! personal-data columns it publishes — and its base address is a web address. R031: it has a
//! base address at all, which the feed, the catalogue and the sitemap need (`build --base-url`
//! gives one too, and then the warning is dropped: see [`crate::build`]).

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::model::Site;
use crate::schema::TABLES;

use super::Loaded;

/// Checks the configuration against the data.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    let config = &site.config;
    if config.url_base.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingBaseUrl,
                Location::file(CONFIG_FILE),
                "url_base è vuoto: il feed delle delibere e il catalogo dei dati avranno indirizzi relativi, che i lettori di feed e i portali nazionali non sanno seguire, e sitemap.xml e robots.txt non saranno scritti",
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
