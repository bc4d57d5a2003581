//! R020 and R021: every source gets an address of its own, usable on every system. Two records or
//! files whose addresses in the site would be the same (also when they differ only in case, as
//! they would on Windows and macOS) are an error naming both (R020), as is a code or name that
//! becomes a folder or file name reserved by the site or by Windows (R021). Without these
//! checks, `build` would fail writing the second file, naming neither source.

use std::collections::HashMap;

use chrono::Datelike;

use crate::address;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::model::{Origin, Site};
use crate::schema::{Scope, TABLES};

/// One source of a file of the site: what it is, for messages, and where it is.
struct Claim {
    /// What gets the address, in Italian, naming its file and row (`la delibera CdA 21/2026
    /// (data/delibere.csv, riga 3)`).
    what: String,
    /// Where to report a clash found on this source.
    at: Location,
    /// The value that makes the address, as written.
    value: String,
    /// The source's own identity: two claims with the same identity are the same record written
    /// twice, which R001 reports.
    identity: String,
}

/// Checks every address that comes from the data, the pages and the static files.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    let mut records = Claims::default();
    for deliberation in &site.deliberations {
        let reference = deliberation.reference();
        let file = address::deliberation(&deliberation.organ, &deliberation.number, deliberation.date.year());
        records.add(
            file,
            record(format!("la delibera {reference}"), &deliberation.record.origin, "organo", reference.to_string()),
            diagnostics,
        );
    }
    let coded = |plan: &str, kind: &str, code: &str| address::plan_index(plan, kind, Some(code));
    for office in &site.offices {
        reserved(
            &office.code,
            record(format!("la struttura {}", office.code), &office.record.origin, "codice", office.code.clone()),
            diagnostics,
        );
        records.add(
            coded("", "strutture", &office.code),
            record(format!("la struttura {}", office.code), &office.record.origin, "codice", office.code.clone()),
            diagnostics,
        );
    }
    for plan in &site.plans {
        let id = plan.id.as_str();
        let mut claim = |kind: &str, what: &str, code: &str, origin: &Origin, diagnostics: &mut Diagnostics| {
            let claim = || record(format!("{what} {code}"), origin, "codice", code.to_string());
            reserved(code, claim(), diagnostics);
            records.add(coded(id, kind, code), claim(), diagnostics);
        };
        for area in &plan.areas {
            claim("aree", "l'area strategica", &area.code, &area.record.origin, diagnostics);
        }
        for strategic in &plan.strategic_objectives {
            claim(
                "obiettivi-strategici",
                "l'obiettivo strategico",
                &strategic.code,
                &strategic.record.origin,
                diagnostics,
            );
        }
        for objective in &plan.objectives {
            claim("obiettivi", "l'obiettivo", &objective.code, &objective.record.origin, diagnostics);
            for (column, names) in [("stakeholder", &objective.stakeholders), ("etichette", &objective.tags)] {
                for name in names {
                    let what = format!("«{name}» nella colonna {column} dell'obiettivo {}", objective.code);
                    reserved(
                        &address::slug(name),
                        record(what, &objective.record.origin, column, name.clone()),
                        diagnostics,
                    );
                }
            }
        }
    }
    pages(site, &mut records, diagnostics);
    statics(site, &records, diagnostics);
}

/// A claim of the record at `origin`, located at its `column`.
fn record(what: String, origin: &Origin, column: &str, identity: String) -> Claim {
    let what = format!("{what} ({}, riga {})", origin.at(column).file, origin.row());
    Claim { what, at: origin.at(column), value: origin.raw(column).to_string(), identity }
}

/// A claim of the file of `content/` at `path`.
fn page(path: &str) -> Claim {
    Claim {
        what: format!("la pagina `{path}`"),
        at: Location::file(path),
        value: path.to_string(),
        identity: path.to_string(),
    }
}

/// The content pages: paths that differ only in case, and pages published at the same address.
fn pages(site: &Site, records: &mut Claims, diagnostics: &mut Diagnostics) {
    let mut paths = Claims::default();
    for content in &site.pages {
        paths.add(content.path.to_lowercase(), page(&content.path), diagnostics);
    }
    let published: Vec<&str> = site.pages.iter().filter(|p| !p.front.draft).map(|p| p.path.as_str()).collect();
    for path in &published {
        let plan_section = site.plans.iter().find_map(|plan| address::plan_section(&plan.id, path));
        let Some(file) = address::free_page(path).or(plan_section) else { continue };
        if let Some(segment) = file.split('/').find(|segment| address::is_reserved_segment(segment)) {
            reserved(segment, page(path), diagnostics);
        }
        if paths.first(&path.to_lowercase()).is_some_and(|first| first.identity != *path) {
            continue;
        }
        records.add(file, page(path), diagnostics);
    }
}

/// The static files of the site and of its theme, against the files the site generates: the
/// fixed ones, the downloads, the pages of `content/` and the pages of the tree.
fn statics(site: &Site, records: &Claims, diagnostics: &mut Diagnostics) {
    let mut generated: HashMap<String, String> = HashMap::new();
    for file in address::FIXED_FILES {
        generated.insert(file.to_string(), "un file generato dal sito".into());
    }
    for table in TABLES {
        let plans: Vec<&str> = match table.scope {
            Scope::Site => vec![""],
            Scope::Plan => site.plans.iter().map(|p| p.id.as_str()).collect(),
        };
        for plan in plans {
            for extension in ["csv", "json"] {
                let place = if plan.is_empty() {
                    format!("data/{}", table.file)
                } else {
                    format!("data/{plan}/{}", table.file)
                };
                generated.insert(address::download(plan, table.stem(), extension), format!("il download di `{place}`"));
            }
        }
    }
    for plan in &site.plans {
        for objective in &plan.objectives {
            let what = format!(
                "il JSON dell'obiettivo {} (data/{}/obiettivi.csv, riga {})",
                objective.code,
                plan.id,
                objective.record.origin.row()
            );
            generated.insert(address::objective_json(&plan.id, &objective.code), what);
        }
    }
    for standard in address::STANDARD_PAGES {
        generated.insert(format!("{standard}index.html"), "una pagina standard generata dal sito".into());
    }
    for (file, claim) in &records.by_address {
        if !file.starts_with(address::TREE_ROOT) {
            generated.insert(format!("{file}index.html"), format!("la pagina di {}", claim.what));
        }
    }
    let generated: HashMap<String, String> =
        generated.into_iter().map(|(file, what)| (file.to_lowercase(), what)).collect();
    for file in &site.theme.statics {
        let name = file.name.to_lowercase();
        let clash = generated.get(&name).cloned().or_else(|| {
            (name.starts_with(&format!("{}/", address::TREE_ROOT)) && (name.ends_with("/index.html")))
                .then(|| "le pagine della sezione Amministrazione trasparente (generate dal sito)".to_string())
        });
        if let Some(what) = clash {
            diagnostics.push(
                Diagnostic::new(
                    Rule::ContestedAddress,
                    Location::file(&file.path),
                    format!("il file `{}` e {what} avrebbero lo stesso indirizzo nel sito: `{}`", file.path, file.name),
                )
                .value(&file.name)
                .expected("un file con un indirizzo che il sito non usa")
                .hint("spostare o rinominare il file (per sostituire una pagina generata scrivere una pagina Markdown in content/)"),
            );
        }
    }
}

/// The claims on addresses seen so far, by address (compared without case).
#[derive(Default)]
struct Claims {
    by_address: HashMap<String, Claim>,
}

impl Claims {
    /// The first claim on `address`, if any.
    fn first(&self, address: &str) -> Option<&Claim> {
        self.by_address.get(&address.to_lowercase())
    }

    /// Records `claim` on `address`, reporting it when another source claimed the same address.
    fn add(&mut self, address: String, claim: Claim, diagnostics: &mut Diagnostics) {
        let key = address.to_lowercase();
        match self.by_address.get(&key) {
            Some(first) if first.identity == claim.identity => {}
            Some(first) => diagnostics.push(
                Diagnostic::new(
                    Rule::ContestedAddress,
                    claim.at.clone(),
                    format!("{} e {} avrebbero lo stesso indirizzo nel sito", claim.what, first.what),
                )
                .value(&claim.value)
                .expected(format!("un indirizzo diverso da `{address}`"))
                .hint("negli indirizzi maiuscole e minuscole si equivalgono e spazi e segni diventano trattini: cambiare uno dei due nomi, o eliminare il doppione"),
            ),
            None => {
                self.by_address.insert(key, claim);
            }
        }
    }
}

/// Reports `segment`, a part of the address of `claim`, when it is a reserved name.
fn reserved(segment: &str, claim: Claim, diagnostics: &mut Diagnostics) {
    if address::is_reserved_segment(segment) {
        diagnostics.push(
            Diagnostic::new(
                Rule::ReservedName,
                claim.at,
                format!("«{segment}», che diventa il nome di una cartella del sito per {}, è un nome riservato", claim.what),
            )
            .value(claim.value)
            .expected("un nome diverso da index.html, CON, PRN, AUX, NUL, COM1–COM9 e LPT1–LPT9 (con qualsiasi estensione), che non finisce con un punto")
            .hint("Windows non permette questi nomi e index.html è il file di ogni pagina: cambiare il codice o il nome"),
        );
    }
}
