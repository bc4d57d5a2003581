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

pub mod address;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod export;
pub mod html;
pub mod init;
pub mod inventory;
pub mod links;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
pub mod serve;
pub mod timing;

use std::path::{Path, PathBuf};

use config::Config;
use diagnostics::Diagnostics;
use model::{Scope, Site};

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
    check_with(root, &load::Cache::default()).map(|(_, checked)| checked)
}

/// Like [`check`], reusing the tables of `cache` that have not changed, and also returning what
/// was loaded.
pub fn check_with(root: &Path, cache: &load::Cache) -> Result<(load::Sources, Checked), NotASite> {
    std::fs::read_dir(root).map_err(|error| NotASite::Missing(root.to_path_buf(), error))?;
    let mut diagnostics = Diagnostics::new();
    let mut fallback = false;
    let config = match Config::load(root) {
        Ok(Ok(config)) => config,
        Ok(Err(problem)) => {
            diagnostics.push(*problem);
            fallback = true;
            Config::parse("titolo = \"\"").unwrap_or_else(|_| unreachable!("the fallback configuration is valid"))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(NotASite::NoConfig(root.to_path_buf()));
        }
        Err(error) => return Err(NotASite::Missing(root.join(config::CONFIG_FILE), error)),
    };
    let folder = load::SiteFolder::open(root).map_err(|error| NotASite::Missing(root.to_path_buf(), error))?;
    let (sources, found) = timing::stage("lettura dei dati", || load::load_sources_with(&folder, &config.tema, cache));
    diagnostics.extend(found);
    let (site, mut found) = timing::stage("modello e regole", || model::build_site(&sources, &config));
    if fallback {
        // The configuration could not be read: its url_base is not missing, only unknown.
        found.remove(diagnostics::Rule::MissingBaseUrl);
    }
    diagnostics.extend(found);
    Ok((sources, Checked { site, diagnostics }))
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

impl From<render::ThemeError> for BuildFailure {
    /// A page that could not be written is a failure to write; anything else is the theme's.
    fn from(error: render::ThemeError) -> Self {
        match error {
            render::ThemeError::Write(error) => BuildFailure::Write(error),
            other => BuildFailure::Theme(other),
        }
    }
}

impl From<output::UnsafePath> for BuildFailure {
    fn from(error: output::UnsafePath) -> Self {
        BuildFailure::Theme(render::ThemeError::Path(error))
    }
}

impl From<std::io::Error> for BuildFailure {
    fn from(error: std::io::Error) -> Self {
        BuildFailure::Write(error)
    }
}

/// What a build leaves for the next one: what each page was rendered from, the templates, and,
/// when the build remembers them (the preview), the serialised records of the table downloads.
#[derive(Debug, Default)]
pub struct Generated {
    pages: render::Rendered,
    downloads: Option<export::Downloads>,
    templates: Option<render::theme::Templates>,
}

impl Generated {
    /// Nothing generated yet, and a build that remembers what each page was rendered from and the
    /// serialised records of its downloads, for the next one. [`Generated::default`] remembers
    /// none: a one-off build.
    pub fn remembering() -> Generated {
        Generated { pages: render::Rendered::remembering(), downloads: Some(export::Downloads::new()), templates: None }
    }

    /// The templates the build rendered its pages with.
    pub fn templates(&self) -> Option<&render::theme::Templates> {
        self.templates.as_ref()
    }
}

/// Generates the files of the valid `site` (from the folder `root`) into `writer`: static files;
/// then, side by side, the objectives' pages, the downloads and the search index; then the other
/// pages, which list the downloads' sizes, and metadata; of the objectives' pages and JSON, those of `scope`; of the
/// pages, those not rendered from the same template and context in `previous` (a build with the
/// same templates), whose serialised download records are reused too. The theme is read first,
/// so that a broken template stops the build before any file is written; when `writer` has a
/// progress bar, the files are then counted ([`inventory`]) to give it its total. Returns what
/// the next build can reuse.
pub fn generate(
    root: &Path,
    site: &Site,
    scope: &Scope,
    previous: Generated,
    writer: &output::Writer,
) -> Result<Generated, BuildFailure> {
    let (templates, mut datasets, static_sizes) =
        timing::stage("tema e file statici", || -> Result<_, BuildFailure> {
            let templates = render::theme::load_templates(root, &site.theme)?;
            let datasets = export::datasets(site);
            let static_files = render::theme::static_files(root, &site.theme)?;
            writer.expect(|| inventory::files(site, &datasets, static_files.len()))?;
            let mut sizes = Vec::with_capacity(static_files.len());
            for (path, bytes) in static_files {
                sizes.push((path.as_str().to_owned(), bytes.len()));
                writer.put(path, &bytes)?;
            }
            Ok((templates, datasets, sizes))
        })?;
    let Generated { pages: previous_pages, downloads: previous_downloads, .. } = previous;
    // The search index needs the model only, and the objectives' pages no download: each is
    // made beside the others, on whichever core they leave idle.
    let search = || {
        timing::stage("ricerca", || -> Result<(), BuildFailure> {
            let path = output::SitePath::new(address::SEARCH_INDEX)?;
            writer.put_streamed(path, |out| render::search::index_script(site, out))?;
            Ok(())
        })
    };
    let pages = || -> Result<_, BuildFailure> {
        let (objectives, data_files) = rayon::join(
            || {
                timing::stage("pagine degli obiettivi", || {
                    render::render_objectives(site, &templates, scope, &previous_pages, writer)
                })
            },
            || timing::stage("download", || export::data_files(site, &datasets, scope, previous_downloads, writer)),
        );
        let export::DataFiles { mut sizes, downloads } = data_files?;
        // The downloads are written: the pages and the metadata need only what describes them.
        datasets.iter_mut().for_each(export::Dataset::release_records);
        sizes.extend(static_sizes);
        let objectives = objectives?;
        let (pages, rendered) = timing::stage("pagine", || {
            render::render_site(site, &templates, &datasets, &sizes, &previous_pages, objectives, writer)
        })?;
        Ok((pages, rendered, sizes, downloads))
    };
    let (searched, paged) = rayon::join(search, pages);
    let (pages, rendered, sizes, downloads) = paged?;
    searched?;
    timing::stage("metadati", || export::metadata(site, &datasets, &pages, &sizes, writer))?;
    Ok(Generated { pages: rendered, downloads, templates: Some(templates) })
}

/// Checks the site in `root` and publishes it atomically at `output`, with `base_url` in
/// place of the configured one if given. Nothing is written when the data has errors or rendering
/// fails: the previous output stays as it was. The files written are counted on `progress`.
pub fn build(
    root: &Path,
    output: &output::Output,
    base_url: Option<&str>,
    progress: indicatif::ProgressBar,
) -> Result<Built, BuildFailure> {
    let mut checked = check(root).map_err(BuildFailure::NotASite)?;
    if checked.diagnostics.has_errors() {
        return Err(BuildFailure::Invalid(checked.diagnostics));
    }
    if let Some(url) = base_url {
        checked.site.config.url_base = config::base_address(url);
        checked.diagnostics.remove(diagnostics::Rule::MissingBaseUrl);
    }
    let generate =
        |writer: &output::Writer| generate(root, &checked.site, &Scope::Everything, Generated::default(), writer);
    let (_, finished) = output::publish(output, progress, generate)?;
    Ok(Built { diagnostics: checked.diagnostics, files: finished.manifest.len() })
}
