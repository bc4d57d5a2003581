//! The disk to [`Sources`]: every table and page of a site folder, read in parallel, with positions
//! kept for diagnostics but not yet cross-checked. A [`Cache`] kept between loads (the preview's)
//! parses again only the tables whose bytes changed.
//!
//! This and `config` are the only modules that read the site folder.

pub mod content;
pub mod table;
pub mod text;
pub mod values;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::schema::{Scope, TABLES, Table, TableId};

pub use content::ContentPage;
pub use table::{Cells, RawRow, RawTable};

/// The tables of one scope (the site, or one plan), by table.
pub type TableSet = BTreeMap<TableId, Arc<RawTable>>;

/// Everything read from a site folder.
#[derive(Debug, Default)]
pub struct Sources {
    /// Site-wide tables (entity, offices, deliberations).
    pub site: TableSet,
    /// One entry per plan folder, sorted by folder name.
    pub plans: Vec<PlanSources>,
    /// Markdown pages of `content/`, sorted by path.
    pub pages: Vec<ContentPage>,
}

/// The tables of one plan folder.
#[derive(Debug)]
pub struct PlanSources {
    /// Folder name, which is also the plan's identifier in addresses (`piao-2025-2027`).
    pub id: String,
    /// The plan's tables.
    pub tables: TableSet,
}

/// A file to read and the table it holds.
struct TableJob {
    plan: Option<String>,
    relative: String,
    schema: &'static Table,
}

/// Tables parsed by earlier loads, by path, with the fingerprint of their bytes and the problems
/// found in them.
#[derive(Debug, Default)]
pub struct Cache {
    tables: Mutex<HashMap<String, Cached>>,
}

/// A parsed table: the fingerprint of the bytes it was parsed from, and the problems found.
#[derive(Debug)]
struct Cached {
    /// Of the bytes, or why the file could not be read.
    fingerprint: Result<u128, std::io::ErrorKind>,
    table: Arc<RawTable>,
    diagnostics: Diagnostics,
}

/// Reads every table and page under `root`, reporting all problems found on the way.
pub fn load_sources(root: &Path) -> (Sources, Diagnostics) {
    load_sources_with(root, &Cache::default())
}

/// Like [`load_sources`], reusing the tables of `cache` whose files have not changed since.
pub fn load_sources_with(root: &Path, cache: &Cache) -> (Sources, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let plan_ids = plan_folders(root, &mut diagnostics);
    let mut jobs: Vec<TableJob> = TABLES
        .iter()
        .filter(|t| t.scope == Scope::Site)
        .map(|schema| TableJob { plan: None, relative: format!("data/{}", schema.file), schema })
        .collect();
    for id in &plan_ids {
        jobs.extend(TABLES.iter().filter(|t| t.scope == Scope::Plan).map(|schema| TableJob {
            plan: Some(id.clone()),
            relative: format!("data/{id}/{}", schema.file),
            schema,
        }));
    }
    let read: Vec<(TableJob, Arc<RawTable>, Diagnostics)> = jobs
        .into_par_iter()
        .map(|job| {
            let (table, found) = read_table(root, &job, cache);
            (job, table, found)
        })
        .collect();
    let mut sources = Sources {
        plans: plan_ids.into_iter().map(|id| PlanSources { id, tables: TableSet::new() }).collect(),
        ..Sources::default()
    };
    for (job, table, found) in read {
        diagnostics.extend(found);
        let set = match &job.plan {
            None => &mut sources.site,
            Some(id) => match sources.plans.iter_mut().find(|p| &p.id == id) {
                Some(plan) => &mut plan.tables,
                None => continue,
            },
        };
        set.insert(job.schema.id, table);
    }
    sources.pages = load_pages(root, &mut diagnostics);
    (sources, diagnostics)
}

/// Reads one table file, or takes it from `cache` when its bytes are the same (or it is still
/// missing, or still unreadable in the same way).
fn read_table(root: &Path, job: &TableJob, cache: &Cache) -> (Arc<RawTable>, Diagnostics) {
    let read = std::fs::read(root.join(&job.relative));
    let fingerprint = read.as_ref().map(|bytes| xxhash_rust::xxh3::xxh3_128(bytes)).map_err(std::io::Error::kind);
    let lock = || cache.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(cached) = lock().get(&job.relative)
        && cached.fingerprint == fingerprint
    {
        return (Arc::clone(&cached.table), cached.diagnostics.clone());
    }
    let mut diagnostics = Diagnostics::new();
    let table = Arc::new(parse_file(job, read, &mut diagnostics));
    let cached = Cached { fingerprint, table: Arc::clone(&table), diagnostics: diagnostics.clone() };
    lock().insert(job.relative.clone(), cached);
    (table, diagnostics)
}

/// The table of a file read (or not) as `read`: a missing optional file is an empty table, an
/// unusable file an empty table marked incomplete.
fn parse_file(job: &TableJob, read: std::io::Result<Vec<u8>>, diagnostics: &mut Diagnostics) -> RawTable {
    let broken = |diagnostics: &mut Diagnostics, diagnostic: Diagnostic| {
        diagnostics.push(diagnostic);
        RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) }
    };
    match read {
        Ok(bytes) => table::parse_table(&job.relative, &bytes, job.schema, diagnostics)
            .unwrap_or_else(|| RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !job.schema.required_file => {
            RawTable::empty(job.relative.clone(), job.schema)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => broken(
            diagnostics,
            Diagnostic::new(
                Rule::MissingFile,
                Location::file(&job.relative),
                format!("manca il file `{}` ({})", job.relative, job.schema.title.to_lowercase()),
            )
            .expected(format!(
                "un file CSV con le colonne: {}",
                job.schema.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            ))
            .hint("`trasparenza init` crea tutti i file con la riga di intestazione"),
        ),
        Err(error) => broken(
            diagnostics,
            Diagnostic::new(
                Rule::UnreadableFile,
                Location::file(&job.relative),
                format!("il file non si può leggere: {error}"),
            )
            .hint("controllare i permessi del file o che non sia una cartella"),
        ),
    }
}

/// Plan folders under `data/`, sorted; names that cannot be used in addresses are reported.
fn plan_folders(root: &Path, diagnostics: &mut Diagnostics) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join("data")) else {
        diagnostics.push(
            Diagnostic::new(Rule::MissingFile, Location::file("data"), "manca la cartella `data`")
                .hint("`trasparenza init` crea una cartella di esempio"),
        );
        return Vec::new();
    };
    let mut ids: Vec<String> = Vec::new();
    for entry in entries.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if is_plan_id(&name) {
            ids.push(name);
        } else {
            diagnostics.push(
                Diagnostic::new(
                    Rule::PlanFolder,
                    Location::file(format!("data/{name}")),
                    "il nome della cartella del piano non si può usare negli indirizzi del sito",
                )
                .value(name)
                .expected("lettere minuscole, cifre e trattini, come `piao-2025-2027`")
                .hint("rinominare la cartella"),
            );
        }
    }
    ids.sort();
    ids
}

/// True for a folder name usable in addresses: lowercase letters, digits and `-`.
pub fn is_plan_id(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Markdown pages under `content/`, sorted by path.
fn load_pages(root: &Path, diagnostics: &mut Diagnostics) -> Vec<ContentPage> {
    let mut files = Vec::new();
    collect_markdown(&root.join("content"), &mut files);
    files.sort();
    let parsed: Vec<Result<ContentPage, Box<Diagnostic>>> = files
        .par_iter()
        .map(|file| {
            let relative = relative_path(root, file);
            let bytes = std::fs::read(file).map_err(|error| {
                Box::new(Diagnostic::new(
                    Rule::UnreadableFile,
                    Location::file(&relative),
                    format!("il file non si può leggere: {error}"),
                ))
            })?;
            let (text, _) = text::decode(&bytes).map_err(|not_text| {
                let message = match not_text.looks_like {
                    Some(kind) => format!("la pagina non è testo: sembra {kind}"),
                    None => {
                        format!("la pagina non è testo: contiene caratteri di controllo alla riga {}", not_text.line)
                    }
                };
                Box::new(
                    Diagnostic::new(Rule::NotText, Location::file(&relative), message)
                        .expected("un file Markdown di testo (UTF-8, UTF-16 o Windows-1252)")
                        .hint("salvare la pagina come testo semplice"),
                )
            })?;
            content::parse_page(&relative, &text)
        })
        .collect();
    parsed.into_iter().filter_map(|page| page.map_err(|diagnostic| diagnostics.push(*diagnostic)).ok()).collect()
}

fn collect_markdown(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect_markdown(&path, files),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "md") => files.push(path),
            _ => {}
        }
    }
}

/// `root/a/b.md` → `a/b.md`, with `/` separators on every system.
fn relative_path(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_ids_are_safe_in_addresses() {
        assert!(is_plan_id("piao-2025-2027"));
        for bad in ["", "PIAO", "piao 2025", "../x", "-x", "piào"] {
            assert!(!is_plan_id(bad), "{bad}");
        }
    }
}
