//! The disk to [`Sources`]: every table and page of a site folder, read in parallel, with positions
//! kept for diagnostics but not yet cross-checked, and the list of the templates and static files
//! (read when the site is generated). A [`Cache`] kept between loads (the preview's) parses again
//! only the tables whose bytes changed.
//!
//! A table is a CSV file named after it (`fasi.csv`), or a sheet of a workbook (`.xlsx`, `.ods`)
//! of the same folder ([`workbook`]); two sources of one table are an error.
//!
//! Every file of the site folder is listed and read through [`files`], which reads only the site's
//! own regular files, within their size limits. The files of `data/` and of the plan folders that
//! are neither tables nor workbooks are reported by [`strays`].

pub mod content;
pub mod files;
pub mod measures;
pub mod patch;
pub mod periods;
pub mod strays;
pub mod table;
pub mod text;
pub mod toml_messages;
pub mod values;
pub mod workbook;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::schema::{Scope, TABLES, Table, TableId, limits};

pub use content::ContentPage;
pub use files::{SiteFile, SiteFolder};
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
    /// The templates and static files of the theme and of the site.
    pub theme: ThemeFiles,
}

/// The templates and static files of a site: those of the theme `themes/<tema>/`, replaced file by
/// file by the site's own `templates/` and `static/`. Listed, not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeFiles {
    /// Templates, by name (their path under `templates/`), sorted.
    pub templates: Vec<SiteFile>,
    /// Static files, by name (their path in the output), sorted; hidden files are left out.
    pub statics: Vec<SiteFile>,
}

/// The tables of one plan folder.
#[derive(Debug)]
pub struct PlanSources {
    /// Folder name, which is also the plan's identifier in addresses (`piao-2025-2027`).
    pub id: String,
    /// The plan's tables.
    pub tables: TableSet,
}

/// A CSV file to read and the table it holds.
struct TableJob {
    plan: Option<String>,
    relative: String,
    schema: &'static Table,
}

/// A workbook to read, in the folder of `plan` (or in `data/`), and the scope of its tables.
struct WorkbookJob {
    plan: Option<String>,
    relative: String,
    scope: Scope,
}

/// A file to read.
enum Job {
    Table(TableJob),
    Workbook(WorkbookJob),
}

/// Files parsed by earlier loads, by path, with the fingerprint of their bytes, the tables read
/// and the problems found in them.
#[derive(Debug, Default)]
pub struct Cache {
    tables: Mutex<HashMap<String, Cached>>,
    /// Whether the bytes of each file are kept with its tables ([`Cache::last_read`]).
    keeps_bytes: bool,
}

impl Cache {
    /// A cache that also keeps the bytes each file was read from, so that the rows a later save
    /// changes can be found ([`patch::changed_rows`]): the preview's.
    pub fn keeping_bytes() -> Cache {
        Cache { keeps_bytes: true, ..Cache::default() }
    }

    /// The bytes the table file `relative` was last read from and the table read, when kept.
    pub fn last_read(&self, relative: &str) -> Option<(Arc<[u8]>, Arc<RawTable>)> {
        let tables = self.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let cached = tables.get(relative)?;
        match cached.tables.as_slice() {
            [table] => Some((Arc::clone(cached.bytes.as_ref()?), Arc::clone(table))),
            _ => None,
        }
    }
}

/// A parsed file: the fingerprint of the bytes it was parsed from, its tables (one for a CSV
/// file), whether it exists, and the problems found.
#[derive(Debug, Clone)]
struct Cached {
    /// Of the bytes, or why the file could not be read.
    fingerprint: Result<u128, String>,
    /// The bytes, when the cache keeps them.
    bytes: Option<Arc<[u8]>>,
    tables: Vec<Arc<RawTable>>,
    found: bool,
    diagnostics: Diagnostics,
}

/// Reads every table and page of `site` and lists the files of its theme `theme`, reporting all
/// problems found on the way.
pub fn load_sources(site: &SiteFolder, theme: &str) -> (Sources, Diagnostics) {
    load_sources_with(site, theme, &Cache::default())
}

/// Like [`load_sources`], reusing the tables of `cache` whose files have not changed since.
pub fn load_sources_with(site: &SiteFolder, theme: &str, cache: &Cache) -> (Sources, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let Folders { plans: plan_ids, explained, workbooks } = data_folders(site, &mut diagnostics);
    let mut jobs: Vec<Job> = TABLES
        .iter()
        .filter(|t| t.scope == Scope::Site)
        .map(|schema| Job::Table(TableJob { plan: None, relative: format!("data/{}", schema.file), schema }))
        .collect();
    for id in &plan_ids {
        jobs.extend(TABLES.iter().filter(|t| t.scope == Scope::Plan).map(|schema| {
            Job::Table(TableJob { plan: Some(id.clone()), relative: format!("data/{id}/{}", schema.file), schema })
        }));
    }
    jobs.extend(workbooks.into_iter().map(Job::Workbook));
    let read: Vec<(Job, Cached)> = jobs
        .into_par_iter()
        .map(|job| {
            let read = match &job {
                Job::Table(table) => read_table(site, table, cache),
                Job::Workbook(workbook) => read_workbook(site, workbook, cache),
            };
            (job, read)
        })
        .collect();
    let mut sources = Sources {
        plans: plan_ids.into_iter().map(|id| PlanSources { id, tables: TableSet::new() }).collect(),
        ..Sources::default()
    };
    // Where each table was read from, by folder and table: the first source found.
    let mut sourced: HashMap<(Option<String>, TableId), String> = HashMap::new();
    let mut missing: Vec<((Option<String>, TableId), Diagnostics)> = Vec::new();
    let (tables, workbooks): (Vec<_>, Vec<_>) = read.into_iter().partition(|(job, _)| matches!(job, Job::Table(_)));
    for (job, read) in tables {
        let Job::Table(job) = job else { continue };
        let (mut table, mut found) = (Arc::clone(&read.tables[0]), read.diagnostics);
        if explained.contains(&job.relative) {
            // A file of a near-miss name holds the data, and its error says so: not one error
            // more for the missing file, nor for every reference into the table.
            let mut kept = Diagnostics::new();
            found.iter().filter(|d| d.rule != Rule::MissingFile).for_each(|d| kept.push(d.clone()));
            found = kept;
            table = Arc::new(RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) });
        }
        let key = (job.plan.clone(), job.schema.id);
        if read.found {
            sourced.insert(key.clone(), format!("`{}`", job.relative));
        }
        missing.push((key, found));
        if let Some(set) = table_set(&mut sources, &job.plan) {
            set.insert(job.schema.id, table);
        }
    }
    for (job, read) in workbooks {
        let Job::Workbook(job) = job else { continue };
        diagnostics.extend(read.diagnostics);
        for table in read.tables {
            let key = (job.plan.clone(), table.schema.id);
            let here = match &table.sheet {
                Some(sheet) => format!("il foglio «{sheet}» di `{}`", table.path),
                None => format!("`{}`", table.path),
            };
            if let Some(first) = sourced.get(&key) {
                let message =
                    format!("la tabella `{}` è già letta da {first}: {here} non viene letto", table.schema.file);
                diagnostics.push(
                    Diagnostic::new(Rule::TwoSources, table.file_location(None), message)
                        .expected("ogni tabella in un solo file CSV o in un solo foglio")
                        .hint("tenere i dati in un solo posto ed eliminare la copia"),
                );
                continue;
            }
            sourced.insert(key, here);
            if let Some(set) = table_set(&mut sources, &job.plan) {
                set.insert(table.schema.id, table);
            }
        }
    }
    for (key, found) in missing {
        if sourced.contains_key(&key) {
            found.iter().filter(|d| d.rule != Rule::MissingFile).for_each(|d| diagnostics.push(d.clone()));
        } else {
            diagnostics.extend(found);
        }
    }
    sources.pages = load_pages(site, &mut diagnostics);
    sources.theme = theme_files(site, theme, &mut diagnostics);
    (sources, diagnostics)
}

/// The tables of the folder of `plan` (or of `data/`).
fn table_set<'a>(sources: &'a mut Sources, plan: &Option<String>) -> Option<&'a mut TableSet> {
    match plan {
        None => Some(&mut sources.site),
        Some(id) => sources.plans.iter_mut().find(|p| &p.id == id).map(|plan| &mut plan.tables),
    }
}

/// Reads the file `relative` within `limit` and parses it with `parse`, or takes it from `cache`
/// when its bytes are the same (or it is still missing, or still unreadable in the same way).
fn read_cached(
    site: &SiteFolder,
    relative: &str,
    limit: u64,
    cache: &Cache,
    parse: impl FnOnce(Result<&[u8], &files::Problem>, &mut Diagnostics) -> (Vec<RawTable>, bool),
) -> Cached {
    let read = site.read(relative, limit);
    let fingerprint = match &read {
        Ok(bytes) => Ok(xxhash_rust::xxh3::xxh3_128(bytes)),
        Err(problem) => Err(format!("{problem:?}")),
    };
    let bytes: Option<Arc<[u8]>> = match &read {
        Ok(bytes) if cache.keeps_bytes => Some(bytes.as_slice().into()),
        _ => None,
    };
    let lock = || cache.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(cached) = lock().get(relative)
        && cached.fingerprint == fingerprint
    {
        return cached.clone();
    }
    let mut diagnostics = Diagnostics::new();
    let (tables, found) = parse(read.as_deref(), &mut diagnostics);
    let tables = tables.into_iter().map(Arc::new).collect();
    let cached = Cached { fingerprint, bytes, tables, found, diagnostics };
    lock().insert(relative.to_string(), cached.clone());
    cached
}

/// Reads one table file (through `cache`): one table, empty if the file is missing.
fn read_table(site: &SiteFolder, job: &TableJob, cache: &Cache) -> Cached {
    read_cached(site, &job.relative, limits::TABLE, cache, |read, diagnostics| match read {
        Ok(bytes) => {
            let table = table::parse_table(&job.relative, bytes, job.schema, diagnostics)
                .unwrap_or_else(|| RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) });
            (vec![table], true)
        }
        Err(problem) => {
            let found = !matches!(problem, files::Problem::Missing | files::Problem::Dangling(_));
            (vec![unread_table(job, problem, diagnostics)], found)
        }
    })
}

/// Reads one workbook (through `cache`): the tables its sheets hold.
fn read_workbook(site: &SiteFolder, job: &WorkbookJob, cache: &Cache) -> Cached {
    read_cached(site, &job.relative, limits::WORKBOOK, cache, |read, diagnostics| match read {
        Ok(bytes) => (workbook::read_workbook(&job.relative, bytes, job.scope, diagnostics), true),
        Err(problem) => {
            diagnostics.push(problem.diagnostic(&job.relative));
            (Vec::new(), true)
        }
    })
}

/// The table of a file that could not be read because of `problem`: a missing optional file
/// (or a link to nothing, with its warning) is an empty table, an unusable file an empty table
/// marked incomplete.
fn unread_table(job: &TableJob, problem: &files::Problem, diagnostics: &mut Diagnostics) -> RawTable {
    let broken = |diagnostics: &mut Diagnostics, diagnostic: Diagnostic| {
        diagnostics.push(diagnostic);
        RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) }
    };
    let missing = match problem {
        files::Problem::Missing => true,
        files::Problem::Dangling(_) => {
            diagnostics.push(problem.diagnostic(&job.relative));
            true
        }
        _ => false,
    };
    match problem {
        _ if missing && !job.schema.required_file => RawTable::empty(job.relative.clone(), job.schema),
        _ if missing => broken(
            diagnostics,
            Diagnostic::new(
                Rule::MissingFile,
                Location::file(&job.relative),
                format!("manca il file `{}` ({})", job.relative, job.schema.title.to_lowercase()),
            )
            .expected(format!(
                "un file CSV, o un foglio `{}` di una cartella di lavoro .xlsx o .ods, con le colonne: {}",
                job.schema.file.trim_end_matches(".csv"),
                job.schema.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            ))
            .hint("`trasparenza init` crea tutti i file con la riga di intestazione"),
        ),
        problem => broken(diagnostics, problem.diagnostic(&job.relative)),
    }
}

/// What the folders of `data/` hold ([`data_folders`]).
#[derive(Default)]
struct Folders {
    /// Plan folders under `data/`, sorted.
    plans: Vec<String>,
    /// The paths of the missing tables whose data a file of a near-miss name holds
    /// ([`strays::check_folder`]).
    explained: Vec<String>,
    /// The workbooks of `data/` and of the plan folders, sorted by path.
    workbooks: Vec<WorkbookJob>,
}

/// The plan folders, near-misses and workbooks of `data/`; plan folder names that cannot be used
/// in addresses, and the files of `data/` and of the plan folders that are neither tables nor
/// workbooks, are reported.
fn data_folders(site: &SiteFolder, diagnostics: &mut Diagnostics) -> Folders {
    let table_of = |scope: Scope| move |name: &str| TABLES.iter().any(|t| t.scope == scope && t.file == name);
    let Ok(listing) = site.list("data", &table_of(Scope::Site), diagnostics) else {
        diagnostics.push(
            Diagnostic::new(Rule::MissingFile, Location::file("data"), "manca la cartella `data`")
                .hint("`trasparenza init` crea una cartella di esempio"),
        );
        return Folders::default();
    };
    let mut folders = Folders::default();
    let opens = |dir: String| move |name: &str| site.is_file(&format!("{dir}/{name}"));
    let mut check =
        |dir: &str, plan: Option<&String>, files: Vec<String>, scope: Scope, diagnostics: &mut Diagnostics| {
            let (workbooks, others): (Vec<String>, Vec<String>) =
                files.into_iter().partition(|name| workbook::is_workbook(name));
            let found = strays::check_folder(dir, &others, scope, &opens(dir.to_string()), diagnostics);
            folders.explained.extend(found.into_iter().map(|t| format!("{dir}/{}", t.file)));
            folders.workbooks.extend(workbooks.into_iter().map(|name| WorkbookJob {
                plan: plan.cloned(),
                relative: format!("{dir}/{name}"),
                scope,
            }));
        };
    check("data", None, listing.files, Scope::Site, diagnostics);
    let ids = plan_ids(listing.folders, diagnostics);
    for id in &ids {
        let dir = format!("data/{id}");
        if let Ok(plan) = site.list(&dir, &table_of(Scope::Plan), diagnostics) {
            check(&dir, Some(id), plan.files, Scope::Plan, diagnostics);
        }
    }
    folders.plans = ids;
    folders
}

/// The folders `names` of `data/` usable as plan identifiers; the others are reported.
fn plan_ids(names: Vec<String>, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for name in names {
        if is_plan_id(&name) {
            ids.push(name);
        } else {
            diagnostics.push(
                Diagnostic::new(
                    Rule::PlanFolder,
                    Location::file(format!("data/{name}")),
                    if name == crate::address::ALL_PLANS {
                        "il nome della cartella è riservato ai dati di tutti i piani insieme"
                    } else {
                        "il nome della cartella del piano non si può usare negli indirizzi del sito"
                    },
                )
                .value(name)
                .expected("lettere minuscole, cifre e trattini, come `piao-2025-2027`")
                .hint("rinominare la cartella"),
            );
        }
    }
    ids
}

/// True for a folder name usable in addresses: lowercase letters, digits and `-`, not a name
/// reserved by Windows ([`crate::address::is_reserved_segment`]) nor the folder of the downloads of
/// every plan together ([`crate::address::ALL_PLANS`]).
pub fn is_plan_id(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && !crate::address::is_reserved_segment(name)
        && name != crate::address::ALL_PLANS
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Markdown pages under `content/`, sorted by path.
fn load_pages(site: &SiteFolder, diagnostics: &mut Diagnostics) -> Vec<ContentPage> {
    let markdown = |name: &str| Path::new(name).extension().is_some_and(|e| e == "md");
    let files = site.walk("content", &markdown, limits::PAGE, diagnostics);
    let parsed: Vec<PageRead> = files
        .par_iter()
        .map(|file| {
            let relative = &file.path;
            let bytes = site.read(relative, limits::PAGE).map_err(|problem| Box::new(problem.diagnostic(relative)))?;
            decode_page(relative, &bytes)
        })
        .collect();
    let mut pages = Vec::new();
    for read in parsed {
        match read {
            Ok((page, warning)) => {
                pages.push(page);
                if let Some(warning) = warning {
                    diagnostics.push(warning);
                }
            }
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    pages
}

/// A page read, with the warning for its characters read as Windows-1252, or why it cannot be.
type PageRead = Result<(ContentPage, Option<Diagnostic>), Box<Diagnostic>>;

/// The page `relative` from its bytes, and the warning for its characters read as Windows-1252
/// in a UTF-8 file, at the lines where they are.
fn decode_page(relative: &str, bytes: &[u8]) -> PageRead {
    let text::Decoded { text, repaired, .. } = text::decode(bytes).map_err(|not_text| {
        let message = match not_text.looks_like {
            Some(kind) => format!("la pagina non è testo: sembra {kind}"),
            None => format!("la pagina non è testo: contiene caratteri di controllo alla riga {}", not_text.line),
        };
        Box::new(
            Diagnostic::new(Rule::NotText, Location::file(relative), message)
                .expected("un file Markdown di testo (UTF-8, UTF-16 o Windows-1252)")
                .hint("salvare la pagina come testo semplice"),
        )
    })?;
    let warning = (!repaired.is_empty()).then(|| {
        let (mut line, mut counted) = (1, 0);
        let mut lines: Vec<u64> = Vec::new();
        for &offset in &repaired {
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..offset]).count() as u64;
            counted = offset;
            if lines.last() != Some(&line) {
                lines.push(line);
            }
        }
        let places: Vec<String> = lines.iter().map(|line| format!("riga {line}")).collect();
        let at = Location { file: relative.to_string(), row: lines.first().copied(), ..Location::default() };
        table::repaired_characters(at, &text, &repaired, &table::first_places(&places, "un'altra riga", "righe"))
    });
    Ok((content::parse_page(relative, &text)?, warning))
}

/// The templates and static files of the theme `theme` and of the site, the site's replacing the
/// theme's of the same name.
fn theme_files(site: &SiteFolder, theme: &str, diagnostics: &mut Diagnostics) -> ThemeFiles {
    let layered = |folder: &str, limit: u64, diagnostics: &mut Diagnostics| {
        let mut by_name: BTreeMap<String, SiteFile> = BTreeMap::new();
        for dir in [format!("themes/{theme}/{folder}"), folder.to_string()] {
            for file in site.walk(&dir, &|_| true, limit, diagnostics) {
                by_name.insert(file.name.clone(), file);
            }
        }
        by_name.into_values().collect()
    };
    ThemeFiles {
        templates: layered("templates", limits::TEMPLATE, diagnostics),
        statics: layered("static", limits::STATIC, diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_ids_are_safe_in_addresses() {
        assert!(is_plan_id("piao-2025-2027"));
        for bad in ["", "PIAO", "piao 2025", "../x", "-x", "piào", "con", "com1"] {
            assert!(!is_plan_id(bad), "{bad}");
        }
    }
}
