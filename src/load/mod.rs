//! The disk to [`Sources`]: every table and page of a site folder, read in parallel, with positions
//! kept for diagnostics but not yet cross-checked, and the list of the templates and static files
//! (read when the site is generated). A [`Cache`] kept between loads (the preview's) parses again
//! only the tables whose bytes changed.
//!
//! Every file of the site folder is listed and read through [`files`], which reads only the site's
//! own regular files, within their size limits. The files of `data/` and of the plan folders that
//! are not tables are reported by [`strays`].

pub mod content;
pub mod files;
pub mod measures;
pub mod periods;
pub mod strays;
pub mod table;
pub mod text;
pub mod toml_messages;
pub mod values;

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
    fingerprint: Result<u128, String>,
    table: Arc<RawTable>,
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
    let (plan_ids, explained) = data_folders(site, &mut diagnostics);
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
            let (table, found) = read_table(site, &job, cache);
            (job, table, found)
        })
        .collect();
    let mut sources = Sources {
        plans: plan_ids.into_iter().map(|id| PlanSources { id, tables: TableSet::new() }).collect(),
        ..Sources::default()
    };
    for (job, mut table, mut found) in read {
        if explained.contains(&job.relative) {
            // A file of a near-miss name holds the data, and its error says so: not one error
            // more for the missing file, nor for every reference into the table.
            let mut kept = Diagnostics::new();
            found.iter().filter(|d| d.rule != Rule::MissingFile).for_each(|d| kept.push(d.clone()));
            found = kept;
            table = Arc::new(RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) });
        }
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
    sources.pages = load_pages(site, &mut diagnostics);
    sources.theme = theme_files(site, theme, &mut diagnostics);
    (sources, diagnostics)
}

/// Reads one table file, or takes it from `cache` when its bytes are the same (or it is still
/// missing, or still unreadable in the same way).
fn read_table(site: &SiteFolder, job: &TableJob, cache: &Cache) -> (Arc<RawTable>, Diagnostics) {
    let read = site.read(&job.relative, limits::TABLE);
    let fingerprint = match &read {
        Ok(bytes) => Ok(xxhash_rust::xxh3::xxh3_128(bytes)),
        Err(problem) => Err(format!("{problem:?}")),
    };
    let lock = || cache.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(cached) = lock().get(&job.relative)
        && cached.fingerprint == fingerprint
    {
        return (Arc::clone(&cached.table), cached.diagnostics.clone());
    }
    let mut diagnostics = Diagnostics::new();
    let table = match read {
        Ok(bytes) => table::parse_table(&job.relative, &bytes, job.schema, &mut diagnostics)
            .unwrap_or_else(|| RawTable { incomplete: true, ..RawTable::empty(job.relative.clone(), job.schema) }),
        Err(problem) => unread_table(job, &problem, &mut diagnostics),
    };
    let table = Arc::new(table);
    let cached = Cached { fingerprint, table: Arc::clone(&table), diagnostics: diagnostics.clone() };
    lock().insert(job.relative.clone(), cached);
    (table, diagnostics)
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
                "un file CSV con le colonne: {}",
                job.schema.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            ))
            .hint("`trasparenza init` crea tutti i file con la riga di intestazione"),
        ),
        problem => broken(diagnostics, problem.diagnostic(&job.relative)),
    }
}

/// Plan folders under `data/`, sorted, and the paths of the missing tables whose data a file of
/// a near-miss name holds ([`strays::check_folder`]); plan folder names that cannot be used in
/// addresses, and the files of `data/` and of the plan folders that are not tables, are reported.
fn data_folders(site: &SiteFolder, diagnostics: &mut Diagnostics) -> (Vec<String>, Vec<String>) {
    let table_of = |scope: Scope| move |name: &str| TABLES.iter().any(|t| t.scope == scope && t.file == name);
    let Ok(listing) = site.list("data", &table_of(Scope::Site), diagnostics) else {
        diagnostics.push(
            Diagnostic::new(Rule::MissingFile, Location::file("data"), "manca la cartella `data`")
                .hint("`trasparenza init` crea una cartella di esempio"),
        );
        return (Vec::new(), Vec::new());
    };
    let explained =
        |dir: &str, tables: Vec<&Table>| tables.into_iter().map(|t| format!("{dir}/{}", t.file)).collect::<Vec<_>>();
    let opens = |dir: String| move |name: &str| site.is_file(&format!("{dir}/{name}"));
    let mut missing = explained(
        "data",
        strays::check_folder("data", &listing.files, Scope::Site, &opens("data".into()), diagnostics),
    );
    let ids = plan_ids(listing.folders, diagnostics);
    for id in &ids {
        let dir = format!("data/{id}");
        if let Ok(plan) = site.list(&dir, &table_of(Scope::Plan), diagnostics) {
            let found = strays::check_folder(&dir, &plan.files, Scope::Plan, &opens(dir.clone()), diagnostics);
            missing.extend(explained(&dir, found));
        }
    }
    (ids, missing)
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
