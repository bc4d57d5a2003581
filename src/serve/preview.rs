//! The preview's rebuilds. The first publishes the whole site; each later one parses again only
//! the tables whose bytes changed, works out what the change feeds ([`Scope`]), generates that
//! (rendering again, while the templates stay the same, only pages whose context changed), and
//! rewrites on disk only the files whose bytes changed. The result is the same, byte for byte,
//! as a clean build of the same input. Before a rebuild after a few rows of an objective's tables
//! changed, the page of that objective is written at once from the last good model with those
//! rows alone read again ([`Preview::show_edited_first`]).

use std::path::{Path, PathBuf};

use indicatif::ProgressBar;

use crate::diagnostics::Diagnostics;
use crate::load::{self, Cache, SiteFolder, Sources};
use crate::model::{self, Scope, Site};
use crate::output::{self, Manifest, Output, SitePath, Writer};
use crate::schema::limits;
use crate::{BuildFailure, Checked, Generated, render, timing};

/// A site folder being previewed, and what its last good build left in the output folder.
pub struct Preview {
    root: PathBuf,
    output: Output,
    base_url: String,
    cache: Cache,
    last: Option<Last>,
    /// The files changed since the last good build, when known.
    pending: Option<Vec<String>>,
    progress: ProgressBar,
    /// The page written before the rebuild under way, if any.
    early: Option<Early>,
}

/// A page written before its rebuild ([`Preview::show_edited_first`]), and the bytes it
/// replaced, put back if the rebuild fails: the last good site stays whole.
struct Early {
    path: SitePath,
    replaced: Vec<u8>,
}

/// The last good build: what it was made from and what it wrote.
struct Last {
    sources: Sources,
    site: Site,
    manifest: Manifest,
    generated: Generated,
}

/// What a successful rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Warnings found while checking.
    pub diagnostics: Diagnostics,
    /// Files written because they are new or changed, in path order.
    pub changed: Vec<SitePath>,
    /// Files deleted.
    pub removed: Vec<SitePath>,
    /// Files in the site.
    pub files: usize,
    /// What was generated again.
    pub scope: Scope,
}

impl Rebuilt {
    /// How many HTML pages were written.
    pub fn pages(&self) -> usize {
        self.changed.iter().filter(|path| path.as_str().ends_with(".html")).count()
    }
}

impl Preview {
    /// The preview of the site in `root`, written to the claimed `output`, with addresses under
    /// `base_url`.
    pub fn new(root: &Path, output: Output, base_url: &str) -> Preview {
        Preview {
            root: root.to_path_buf(),
            output,
            base_url: base_url.to_string(),
            cache: Cache::keeping_bytes(),
            last: None,
            pending: Some(Vec::new()),
            progress: ProgressBar::hidden(),
            early: None,
        }
    }

    /// Counts on `progress` the files of the next rebuild that publishes the whole site (the
    /// first, or the next after a failure); a rebuild over the last good site counts none.
    pub fn show_progress(&mut self, progress: ProgressBar) {
        self.progress = progress;
    }

    /// Before the rebuild after `changed` (relative to the site folder): when the last rebuild
    /// succeeded and the change is a few rows of one objective table of a plan, of one objective
    /// ([`load::patch::changed_rows`]: changed, added or removed, as
    /// [`model::patch::replace_rows`] takes them, without errors of their own), writes that
    /// objective's page at once, rendered from the last good model with those rows replaced, and
    /// returns its address. The rebuild that follows
    /// generates the whole site as usual and, if it fails, puts the page back as it was. `None`,
    /// with nothing written, for any other change.
    pub fn show_edited_first(&mut self, changed: &[String]) -> Option<String> {
        let [relative] = changed else { return None };
        if self.pending.as_ref().is_none_or(|pending| !pending.is_empty()) {
            return None;
        }
        let last = self.last.as_mut()?;
        let templates = last.generated.templates()?;
        let plan = relative.strip_prefix("data/")?.split_once('/')?.0;
        let (before, previous) = self.cache.last_read(relative)?;
        let after = SiteFolder::open(&self.root).ok()?.read(relative, limits::TABLE).ok()?;
        let rows = load::patch::changed_rows(&previous, &before, &after)?;
        let replaced = model::patch::replace_rows(&mut last.site, plan, &previous, &rows)?;
        let page = match replaced.objectives.as_slice() {
            [code] => render::objective_page(&last.site, templates, plan, code),
            _ => Ok(None),
        };
        replaced.undo(&mut last.site);
        let (path, html) = page.ok()??;
        let replaced = output::replace(self.output.path(), &path, html.as_bytes()).ok()?;
        let address = path.as_str().trim_end_matches("index.html").to_string();
        self.early = Some(Early { path, replaced });
        Some(address)
    }

    /// Rebuilds after the files `changed` (relative to the site folder; `None` when not known)
    /// changed. With errors in the data nothing is written and the last good site stays (with
    /// the page [`Preview::show_edited_first`] wrote put back); the files changed then count as
    /// changed for the next rebuild too.
    pub fn rebuild(&mut self, changed: Option<&[String]>) -> Result<Rebuilt, BuildFailure> {
        let rebuilt = self.rebuild_site(changed);
        if let Some(early) = self.early.take()
            && rebuilt.is_err()
            && let Err(error) = output::replace(self.output.path(), &early.path, &early.replaced)
        {
            eprintln!("la pagina {} non è stata riportata all'ultima versione valida: {error}", early.path);
        }
        rebuilt
    }

    /// [`Preview::rebuild`], but for the page written early.
    fn rebuild_site(&mut self, changed: Option<&[String]>) -> Result<Rebuilt, BuildFailure> {
        self.pending = self.pending.take().zip(changed).map(|(mut before, now)| {
            before.extend_from_slice(now);
            before
        });
        let (sources, Checked { mut site, diagnostics }) =
            crate::check_with(&self.root, &self.cache).map_err(BuildFailure::NotASite)?;
        if diagnostics.has_errors() {
            return Err(BuildFailure::Invalid(diagnostics));
        }
        site.config.url_base.clone_from(&self.base_url);
        let data_only = self.pending.as_ref().is_some_and(|paths| paths.iter().all(|path| path.starts_with("data/")));
        let (scope, finished, generated) = match self.last.take() {
            Some(last) => {
                let scope = if data_only {
                    timing::stage("confronto con la versione precedente", || {
                        Scope::between(&last.sources, &last.site, &sources, &site)
                    })
                } else {
                    Scope::Everything
                };
                let writer = Writer::new(self.output.path(), last.manifest);
                // After a failure half-way the folder no longer matches any manifest: the next
                // rebuild publishes the whole site again.
                let generated = crate::generate(&self.root, &site, &scope, last.generated, &writer)?;
                let finished = timing::stage("pulizia della cartella", || writer.finish())?;
                // Freeing a large model takes a while; the rebuild need not wait for it.
                std::thread::spawn(move || drop((last.sources, last.site)));
                (scope, finished, generated)
            }
            None => {
                let generate = |writer: &Writer| {
                    crate::generate(&self.root, &site, &Scope::Everything, Generated::remembering(), writer)
                };
                let (generated, finished) = output::publish(&self.output, self.progress.clone(), generate)?;
                (Scope::Everything, finished, generated)
            }
        };
        let rebuilt = Rebuilt {
            diagnostics,
            changed: finished.changed,
            removed: finished.removed,
            files: finished.manifest.len(),
            scope,
        };
        self.last = Some(Last { sources, site, manifest: finished.manifest, generated });
        self.pending = Some(Vec::new());
        Ok(rebuilt)
    }
}
