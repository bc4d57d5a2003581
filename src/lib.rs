//! trasparenza turns an Italian public administration's plan data (the PIAO) and the
//! deliberations of its boards into an accessible "Amministrazione Trasparente" website.
//!
//! The crate is a pipeline; each stage is a module:
//!
//! ```text
//! config + load  →  model  →  (render, export, output: the site)
//!   the disk        typed, cross-referenced, validated Site + Diagnostics
//! ```
//!
//! [`check`] runs the first two stages and returns every problem found, which is what the
//! `trasparenza check` command prints.

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod export;
pub mod init;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
pub mod serve;

use std::path::{Path, PathBuf};

use config::Config;
use diagnostics::Diagnostics;
use model::Site;

/// The result of checking a site folder: the model (when one could be built) and every problem.
#[derive(Debug)]
pub struct Checked {
    /// The model.
    pub site: Site,
    /// Every problem found, errors and warnings.
    pub diagnostics: Diagnostics,
}

/// Why a folder could not be checked at all (as opposed to problems in its data).
#[derive(Debug)]
pub enum NotASite {
    /// The folder does not exist or cannot be read.
    Missing(PathBuf, std::io::Error),
    /// The folder has no `config.toml`.
    NoConfig(PathBuf),
}

impl std::fmt::Display for NotASite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotASite::Missing(path, error) => write!(f, "la cartella {} non si può aprire: {error}", path.display()),
            NotASite::NoConfig(path) => write!(
                f,
                "la cartella {} non è un sito: manca {}\n  suggerimento: indicare la cartella del sito con --site, o crearne una con `trasparenza init`",
                path.display(),
                config::CONFIG_FILE
            ),
        }
    }
}

/// Loads and validates the site in `root`, collecting every problem.
pub fn check(root: &Path) -> Result<Checked, NotASite> {
    std::fs::read_dir(root).map_err(|error| NotASite::Missing(root.to_path_buf(), error))?;
    let mut diagnostics = Diagnostics::new();
    let config = match Config::load(root) {
        Ok(Ok(config)) => config,
        Ok(Err(problem)) => {
            diagnostics.push(*problem);
            Config::parse("titolo = \"\"").unwrap_or_else(|_| unreachable!("the fallback configuration is valid"))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(NotASite::NoConfig(root.to_path_buf()));
        }
        Err(error) => return Err(NotASite::Missing(root.join(config::CONFIG_FILE), error)),
    };
    let (sources, found) = load::load_sources(root);
    diagnostics.extend(found);
    let (site, found) = model::build_site(&sources, &config);
    diagnostics.extend(found);
    Ok(Checked { site, diagnostics })
}

/// Why a build published nothing.
#[derive(Debug)]
pub enum BuildFailure {
    /// The folder is not a site.
    NotASite(NotASite),
    /// The data has errors: the diagnostics say which.
    Invalid(Diagnostics),
    /// A template or static file is wrong.
    Theme(render::ThemeError),
    /// The output could not be written; the previous one is untouched.
    Write(std::io::Error),
}

/// What a successful build did.
#[derive(Debug)]
pub struct Built {
    /// Warnings found while checking.
    pub diagnostics: Diagnostics,
    /// Number of files written.
    pub files: usize,
}

/// Checks the site in `root` and renders it into memory: pages, static files, downloads and
/// metadata. Nothing is produced when the data has errors or rendering fails.
pub fn generate(root: &Path, base_url: Option<&str>) -> Result<(output::Output, Diagnostics), BuildFailure> {
    let mut checked = check(root).map_err(BuildFailure::NotASite)?;
    if checked.diagnostics.has_errors() {
        return Err(BuildFailure::Invalid(checked.diagnostics));
    }
    if let Some(url) = base_url {
        checked.site.config.url_base = url.to_string();
    }
    let unsafe_path = |e: output::UnsafePath| BuildFailure::Theme(render::ThemeError(e.to_string()));
    let site = &checked.site;
    let datasets = export::datasets(site);
    let data = export::data_files(site, &datasets).map_err(unsafe_path)?;
    let rendered = render::render_site(site, root, &datasets, &data).map_err(BuildFailure::Theme)?;
    let metadata = export::metadata(site, &datasets, &data, &rendered).map_err(unsafe_path)?;
    let mut output = rendered.output;
    output.merge(data);
    output.merge(metadata);
    Ok((output, checked.diagnostics))
}

/// Checks the site in `root`, renders it and publishes it atomically at `destination`. Nothing is
/// written when the data has errors or rendering fails: the previous output stays as it was.
pub fn build(root: &Path, destination: &Path, base_url: Option<&str>) -> Result<Built, BuildFailure> {
    let (output, diagnostics) = generate(root, base_url)?;
    output::publish(&output, destination).map_err(BuildFailure::Write)?;
    Ok(Built { diagnostics, files: output.len() })
}
