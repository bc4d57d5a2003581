//! The Tera environment: the built-in theme `trasparenza` (compiled into the binary, so a new site
//! needs no theme folder), then `themes/<tema>/templates/` of the site, then the site's own
//! `templates/`, each replacing the previous one file by file, as in Zola. Also reads the static
//! files of the theme and of the site. The files are those the loader listed ([`ThemeFiles`]), read
//! through [`SiteFolder`] like every file of the site.

use std::collections::BTreeMap;
use std::path::Path;

use crate::load::{SiteFile, SiteFolder, ThemeFiles};
use crate::output::SitePath;
use crate::schema::limits;

/// Templates of the built-in theme.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/trasparenza/templates/base.html")),
    ("section.html", include_str!("../../themes/trasparenza/templates/section.html")),
    ("plan.html", include_str!("../../themes/trasparenza/templates/plan.html")),
    ("objective.html", include_str!("../../themes/trasparenza/templates/objective.html")),
];

/// Static files of the built-in theme.
const BUILT_IN_STATIC: &[(&str, &str)] = &[("stile.css", include_str!("../../themes/trasparenza/static/stile.css"))];

/// A problem with templates or static files, in Italian.
#[derive(Debug)]
pub struct ThemeError(pub String);

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The templates of a site, ready to render.
pub struct Templates {
    /// The Tera environment.
    pub tera: tera::Tera,
    /// Fingerprint of every template's name and text: the same templates render the same
    /// context the same way.
    pub fingerprint: u128,
}

/// Loads the templates `files` of the site in `root` over the built-in ones.
pub fn load_templates(root: &Path, files: &ThemeFiles) -> Result<Templates, ThemeError> {
    let site = open(root)?;
    let mut templates: Vec<(String, String)> = BUILT_IN.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    for file in &files.templates {
        let text = String::from_utf8(read(&site, file, limits::TEMPLATE)?)
            .map_err(|_| ThemeError(format!("il modello {} non è in UTF-8", file.path)))?;
        templates.retain(|(existing, _)| existing != &file.name);
        templates.push((file.name.clone(), text));
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (name, text) in &templates {
        for part in [name, text] {
            hasher.update(&part.len().to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::html::escape);
    tera.add_raw_templates(templates)
        .map_err(|error| ThemeError(format!("un modello non è valido: {}", error_chain(&error))))?;
    Ok(Templates { tera, fingerprint: hasher.digest128() })
}

/// The static files of the built-in theme, replaced by the static files `files` of the site in
/// `root` (those of its theme and its own), read.
pub fn static_files(root: &Path, files: &ThemeFiles) -> Result<BTreeMap<SitePath, Vec<u8>>, ThemeError> {
    let site = open(root)?;
    let mut output = BTreeMap::new();
    for (name, text) in BUILT_IN_STATIC {
        output.insert(SitePath::new(*name).map_err(|e| ThemeError(e.to_string()))?, text.as_bytes().to_vec());
    }
    for file in &files.statics {
        let path = SitePath::new(file.name.as_str()).map_err(|e| ThemeError(e.to_string()))?;
        output.insert(path, read(&site, file, limits::STATIC)?);
    }
    Ok(output)
}

/// The site folder `root`.
fn open(root: &Path) -> Result<SiteFolder, ThemeError> {
    SiteFolder::open(root)
        .map_err(|error| ThemeError(format!("la cartella {} non si può aprire: {error}", root.display())))
}

/// The bytes of `file`, of at most `limit` bytes.
fn read(site: &SiteFolder, file: &SiteFile, limit: u64) -> Result<Vec<u8>, ThemeError> {
    site.read(&file.path, limit)
        .map_err(|problem| ThemeError(format!("{}: {}", file.path, problem.diagnostic(&file.path).message)))
}

/// A Tera error with its causes, on one line.
pub fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
