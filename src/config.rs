//! `config.toml` into a typed [`Config`]: Italian keys, strict (an unknown key is an error, so a
//! typo never goes unnoticed), with the defaults a new site needs.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location, Rule};

/// Name of the configuration file in the site folder.
pub const CONFIG_FILE: &str = "config.toml";

/// The site's configuration.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Title of the site, shown in every page.
    pub titolo: String,
    /// Address where the site is published, used for absolute links.
    #[serde(default)]
    pub url_base: String,
    /// Folder under `data/` of the plan shown first.
    #[serde(default)]
    pub piano_corrente: Option<String>,
    /// Code of the entity in the national index of public administrations (IPA), for the open-data
    /// catalogue; when absent, `codice_ipa` of `ente.csv` is used.
    #[serde(default)]
    pub codice_ipa: Option<String>,
    /// Licence of the open data (SPDX identifier).
    #[serde(default = "default_licence")]
    pub licenza: String,
    /// Theme under `themes/`.
    #[serde(default = "default_theme")]
    pub tema: String,
    /// How often the data is updated, as the EU frequency vocabulary names it (`ANNUAL`,
    /// `ANNUAL_2` for six-monthly, `QUARTERLY`, `IRREG`), for the DCAT-AP_IT catalogue.
    #[serde(default = "default_frequency")]
    pub frequenza_aggiornamento: String,
    /// At most this many deliberations in the RSS feed (all when absent).
    #[serde(default)]
    pub rss_voci_massime: Option<usize>,
    /// At most this many entries on one page of an index; longer lists continue on further pages.
    #[serde(default = "default_entries_per_page")]
    pub voci_per_pagina: std::num::NonZeroUsize,
    /// What personal data is published anyway.
    #[serde(default)]
    pub privacy: Privacy,
    /// Terms added to the open vocabularies of the data format.
    #[serde(default)]
    pub vocabolari: Vocabularies,
    /// How the monitoring is read.
    #[serde(default)]
    pub monitoraggio: Monitoring,
    /// The accessibility statement.
    #[serde(default)]
    pub accessibilita: Accessibility,
}

/// How the monitoring is read (`[monitoraggio]`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// How an objective's achievement is computed.
    #[serde(default)]
    pub metodo: AchievementMethod,
}

/// How an objective's achievement is computed from its steps and indicators (`[monitoraggio] metodo`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub enum AchievementMethod {
    /// From its steps: the share of their weight that is completed.
    #[serde(rename = "fasi")]
    Steps,
    /// From its indicators: the mean of their achievements.
    #[serde(rename = "indicatori")]
    Indicators,
    /// The mean of the two, or whichever of the two can be computed.
    #[default]
    #[serde(rename = "fasi e indicatori")]
    Both,
}

impl AchievementMethod {
    /// How the pages say it.
    pub fn description(self) -> &'static str {
        match self {
            AchievementMethod::Steps => "dalle fasi completate, pesate con il loro peso sull'obiettivo",
            AchievementMethod::Indicators => "dalla media del raggiungimento degli indicatori",
            AchievementMethod::Both => "dalla media tra fasi completate (pesate) e raggiungimento degli indicatori",
        }
    }
}

/// Terms the entity adds to the open vocabularies (`[vocabolari]`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    /// Kinds of indicators besides those the data format knows (`indicatori.tipo`).
    #[serde(default)]
    pub tipi_indicatore: Vec<String>,
}

impl Vocabularies {
    /// The terms added under `key` (a [`crate::schema::Vocabulary::config_key`]).
    pub fn added(&self, key: &str) -> &[String] {
        match key {
            "tipi_indicatore" => &self.tipi_indicatore,
            _ => &[],
        }
    }
}

/// The accessibility statement (`[accessibilita]`), after AgID's model: how far the site
/// conforms, what is not accessible and why, when the statement was made and last reviewed, and
/// where to write about a problem.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// `conforme`, `parzialmente conforme` or `non conforme`.
    #[serde(default)]
    pub stato: Option<Conformity>,
    /// Each content that is not accessible, with why.
    #[serde(default)]
    pub contenuti_non_accessibili: Vec<String>,
    /// The date of the statement (`GG/MM/AAAA`).
    #[serde(default)]
    pub data_dichiarazione: Option<String>,
    /// The date of its last review (`GG/MM/AAAA`).
    #[serde(default)]
    pub data_revisione: Option<String>,
    /// How conformity was assessed (`autovalutazione` by default, or the third party's name).
    #[serde(default)]
    pub metodo: Option<String>,
    /// Where to report a problem: an e-mail address (the entity's e-mail or PEC by default).
    #[serde(default)]
    pub email_segnalazioni: Option<String>,
}

/// How far a site conforms to the accessibility requirements.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub enum Conformity {
    #[serde(rename = "conforme")]
    Conforming,
    #[serde(rename = "parzialmente conforme")]
    Partial,
    #[serde(rename = "non conforme")]
    NotConforming,
}

impl Conformity {
    /// How the statement says it.
    pub fn text(self) -> &'static str {
        match self {
            Conformity::Conforming => "conforme",
            Conformity::Partial => "parzialmente conforme",
            Conformity::NotConforming => "non conforme",
        }
    }
}

/// Choices about personal data.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Personal-data columns to publish, as `table.column` (`obiettivi.personale_coinvolto`).
    #[serde(default)]
    pub colonne_pubblicate: Vec<String>,
    /// The data controller, for the privacy notice (the entity by default).
    #[serde(default)]
    pub titolare: Option<String>,
    /// The data protection officer (responsabile della protezione dei dati) and their e-mail.
    #[serde(default)]
    pub responsabile_protezione_dati: Option<String>,
    #[serde(default)]
    pub email_responsabile_protezione_dati: Option<String>,
}

fn default_licence() -> String {
    "CC-BY-4.0".to_string()
}

fn default_frequency() -> String {
    "ANNUAL_2".to_string()
}

fn default_entries_per_page() -> std::num::NonZeroUsize {
    std::num::NonZeroUsize::new(200).unwrap_or(std::num::NonZeroUsize::MIN)
}

fn default_theme() -> String {
    "trasparenza".to_string()
}

impl Config {
    /// Parses the text of `config.toml`; a problem becomes a diagnostic with its line.
    pub fn parse(text: &str) -> Result<Config, Box<Diagnostic>> {
        let parsed: Result<Config, _> = toml::from_str(text);
        parsed.map(|config| Config { url_base: base_address(&config.url_base), ..config }).map_err(|error| {
            let line = error.span().map(|span| 1 + text[..span.start.min(text.len())].matches('\n').count() as u64);
            let key = line
                .and_then(|line| text.lines().nth(line as usize - 1))
                .and_then(|line| line.split_once('='))
                .map(|(key, _)| key.trim().to_string());
            let english = error.message();
            let message = match key.filter(|_| {
                english.starts_with("invalid type") || english.starts_with("invalid value") || english.starts_with("unknown variant")
            }) {
                Some(key) if english.contains("nonzero") => format!("`{key}` deve essere un numero intero maggiore di zero"),
                Some(key) => format!("il valore di `{key}`: {}", crate::load::toml_messages::italian(english)),
                None => crate::load::toml_messages::italian(english),
            };
            Box::new(
                Diagnostic::new(
                    Rule::Config,
                    Location { file: CONFIG_FILE.into(), row: line, ..Location::default() },
                    format!("config.toml non è valido: {message}"),
                )
                .hint("le chiavi ammesse sono titolo, url_base, piano_corrente, codice_ipa, licenza, tema, frequenza_aggiornamento, rss_voci_massime, voci_per_pagina, la tabella [privacy] con colonne_pubblicate, titolare, responsabile_protezione_dati e email_responsabile_protezione_dati, la tabella [accessibilita] con stato (\"conforme\", \"parzialmente conforme\" o \"non conforme\"), contenuti_non_accessibili, data_dichiarazione, data_revisione, metodo ed email_segnalazioni, la tabella [vocabolari] con tipi_indicatore e la tabella [monitoraggio] con metodo (\"fasi\", \"indicatori\" o \"fasi e indicatori\")"),
            )
        })
    }

    /// Reads `config.toml` from the site folder (as [`crate::load::files`] reads the site's
    /// files). An error of kind `NotFound` when the file does not exist.
    pub fn load(root: &Path) -> std::io::Result<Result<Config, Box<Diagnostic>>> {
        use crate::load::files::Problem;
        let text = match crate::load::SiteFolder::open(root)?.read(CONFIG_FILE, crate::schema::limits::CONFIG) {
            Ok(text) => text,
            Err(Problem::Missing | Problem::Dangling(_)) => return Err(std::io::ErrorKind::NotFound.into()),
            Err(problem) => return Ok(Err(Box::new(problem.diagnostic(CONFIG_FILE)))),
        };
        match String::from_utf8(text) {
            Ok(text) => Ok(Config::parse(&text)),
            Err(_) => Ok(Err(Box::new(
                Diagnostic::new(Rule::Config, Location::file(CONFIG_FILE), "config.toml non è in UTF-8")
                    .hint("salvare il file con codifica UTF-8"),
            ))),
        }
    }

    /// What is wrong with `url_base`, if anything (see [`base_url_problem`]).
    pub fn url_base_problem(&self) -> Option<String> {
        base_url_problem(&self.url_base)
    }

    /// Whether the personal-data column `table.column` is published.
    pub fn publishes(&self, table: &str, column: &str) -> bool {
        self.privacy.colonne_pubblicate.iter().any(|c| c.split_once('.') == Some((table, column)))
    }
}

/// A base address as every address is put after it: ending with `/` (`https://www.ente.it` is
/// `https://www.ente.it/`); empty stays empty.
pub fn base_address(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

/// What is wrong with a base address (`url_base`, `build --base-url`), in Italian, if anything:
/// it must be empty (addresses relative to the site) or an absolute `http://` or `https://`
/// address, because the feed, the sitemap and the catalogue put it in front of every address.
pub fn base_url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    crate::links::absolute_web(url).err().map(|refused| {
        format!(
            "«{}» non è un indirizzo assoluto http:// o https://: {}",
            crate::diagnostics::shorten(url, crate::diagnostics::MAX_VALUE),
            refused.describe()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let config = Config::parse("titolo = \"Ente\"").unwrap();
        assert_eq!(config.licenza, "CC-BY-4.0");
        assert_eq!(config.tema, "trasparenza");
        assert!(config.privacy.colonne_pubblicate.is_empty());
    }

    #[test]
    fn unknown_and_missing_keys_are_explained_in_italian() {
        let error = Config::parse("titolo = \"x\"\nlicense = \"MIT\"\n").unwrap_err();
        assert_eq!(error.message, "config.toml non è valido: la chiave `license` non esiste");
        assert_eq!(error.location.row, Some(2));
        let config = Config::parse("titolo = \"x\"\nurl_base = \"https://x.it/trasparenza\"").unwrap();
        assert_eq!(config.url_base, "https://x.it/trasparenza/", "every address goes after a `/`");
        assert_eq!(Config::parse("titolo = \"x\"").unwrap().url_base, "");
        let error = Config::parse("url_base = \"https://x.it\"").unwrap_err();
        assert_eq!(error.message, "config.toml non è valido: manca la chiave obbligatoria `titolo`");
        let error = Config::parse("titolo = \"x\"\nurl_base = \"senza fine\n").unwrap_err();
        assert!(error.message.contains("sintassi TOML non valida"), "{}", error.message);
        assert_eq!(error.location.row, Some(2));
        let error = Config::parse("titolo = 3").unwrap_err();
        assert!(error.message.starts_with("config.toml non è valido: il valore di `titolo`: "), "{}", error.message);
        assert!(error.message.contains("non è del tipo atteso"), "{}", error.message);
        let error = Config::parse("titolo = \"x\"\nvoci_per_pagina = 0\n").unwrap_err();
        assert_eq!(
            error.message,
            "config.toml non è valido: `voci_per_pagina` deve essere un numero intero maggiore di zero"
        );
        assert_eq!(error.location.row, Some(2));
        assert_eq!(Config::parse("titolo = \"x\"").unwrap().voci_per_pagina.get(), 200);
    }

    #[test]
    fn published_personal_columns() {
        let config =
            Config::parse("titolo = \"x\"\n[privacy]\ncolonne_pubblicate = [\"obiettivi.personale_coinvolto\"]")
                .unwrap();
        assert!(config.publishes("obiettivi", "personale_coinvolto"));
        assert!(!config.publishes("dotazione-organica", "nominativo"));
    }
}
