//! The Tera environment: the built-in theme `trasparenza` (compiled into the binary, so a new site
//! needs no theme folder), then `themes/<tema>/templates/` of the site, then the site's own
//! `templates/`, each replacing the previous one file by file, as in Zola. Also reads the static
//! files of the theme and of the site. The files are those the loader listed ([`ThemeFiles`]), read
//! through [`SiteFolder`] like every file of the site.

use std::collections::BTreeMap;
use std::path::Path;

use crate::load::{SiteFile, SiteFolder, ThemeFiles};
use crate::output::{SitePath, UnsafePath};
use crate::schema::limits;

/// Templates of the built-in theme.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/trasparenza/templates/base.html")),
    ("charts.html", include_str!("../../themes/trasparenza/templates/charts.html")),
    ("section.html", include_str!("../../themes/trasparenza/templates/section.html")),
    ("plan.html", include_str!("../../themes/trasparenza/templates/plan.html")),
    ("objective.html", include_str!("../../themes/trasparenza/templates/objective.html")),
    ("report.html", include_str!("../../themes/trasparenza/templates/report.html")),
    ("home.html", include_str!("../../themes/trasparenza/templates/home.html")),
    ("search.html", include_str!("../../themes/trasparenza/templates/search.html")),
];

/// Static files of the built-in theme.
macro_rules! built_in_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/trasparenza/static/", $name)))),*]
    };
}

/// Static files of the built-in theme: its style on Bootstrap Italia, the Titillium Web typeface,
/// the icon, the search (elasticlunr.js) and the script that lets links work from a folder on disk.
const BUILT_IN_STATIC: &[(&str, &[u8])] = built_in_static![
    "stile.css",
    "favicon.svg",
    "sito.js",
    "ricerca.js",
    "elasticlunr.min.js",
    "bootstrap-italia/LICENSE",
    "bootstrap-italia/css/bootstrap-italia.min.css",
    "bootstrap-italia/fonts/OFL.txt",
    "bootstrap-italia/fonts/titillium-web-v10-latin-ext_latin-regular.woff2",
    "bootstrap-italia/fonts/titillium-web-v10-latin-ext_latin-italic.woff2",
    "bootstrap-italia/fonts/titillium-web-v10-latin-ext_latin-600.woff2",
    "bootstrap-italia/fonts/titillium-web-v10-latin-ext_latin-700.woff2",
];

/// Why the theme or the pages could not be made: a problem with templates or static files, or a
/// page that its template cannot render. Said in Italian by `Display`.
#[derive(Debug)]
pub enum ThemeError {
    /// The site folder cannot be opened.
    Folder {
        /// The site folder.
        root: std::path::PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// A template or static file cannot be read (what the reader said, with the file's path).
    Unreadable {
        /// The file, relative to the site folder.
        path: String,
        /// Why, in Italian.
        message: String,
    },
    /// A template is not UTF-8 text.
    NotUtf8 {
        /// The template, relative to the site folder.
        path: String,
    },
    /// A template does not compile (Tera's error with its causes).
    Template(String),
    /// A generated path is not a safe path inside the output.
    Path(UnsafePath),
    /// A page's context cannot be prepared.
    Context {
        /// The page's address.
        address: String,
        /// Why.
        cause: String,
    },
    /// A template fails on a page (Tera's error with its causes).
    Render {
        /// The page's address.
        address: String,
        /// Why.
        cause: String,
    },
    /// A section of the official tree that a page belongs to is missing from the tree.
    MissingSection(&'static str),
    /// A page could not be handed to the output.
    Write(std::io::Error),
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThemeError::Folder { root, error } => {
                write!(f, "la cartella {} non si può aprire: {error}", root.display())
            }
            ThemeError::Unreadable { path, message } => write!(f, "{path}: {message}"),
            ThemeError::NotUtf8 { path } => write!(f, "il modello {path} non è in UTF-8"),
            ThemeError::Template(cause) => write!(f, "un modello non è valido: {cause}"),
            ThemeError::Path(unsafe_path) => unsafe_path.fmt(f),
            ThemeError::Context { address, cause } => write!(f, "la pagina {address} non si può preparare: {cause}"),
            ThemeError::Render { address, cause } => write!(f, "la pagina {address} non si può generare: {cause}"),
            ThemeError::MissingSection(name) => write!(f, "manca la sezione {name}"),
            ThemeError::Write(error) => write!(f, "una pagina non si può scrivere: {error}"),
        }
    }
}

impl From<std::io::Error> for ThemeError {
    fn from(error: std::io::Error) -> Self {
        ThemeError::Write(error)
    }
}

impl From<UnsafePath> for ThemeError {
    fn from(error: UnsafePath) -> Self {
        ThemeError::Path(error)
    }
}

/// The templates of a site, ready to render.
#[derive(Debug)]
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
            .map_err(|_| ThemeError::NotUtf8 { path: file.path.clone() })?;
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
    tera.add_raw_templates(templates).map_err(|error| ThemeError::Template(error_chain(&error)))?;
    Ok(Templates { tera, fingerprint: hasher.digest128() })
}

/// The static files of the built-in theme, replaced by the static files `files` of the site in
/// `root` (those of its theme and its own), read.
pub fn static_files(root: &Path, files: &ThemeFiles) -> Result<BTreeMap<SitePath, Vec<u8>>, ThemeError> {
    let site = open(root)?;
    let mut output = BTreeMap::new();
    for (name, bytes) in BUILT_IN_STATIC {
        output.insert(SitePath::new(*name)?, bytes.to_vec());
    }
    for file in &files.statics {
        let path = SitePath::new(file.name.as_str())?;
        output.insert(path, read(&site, file, limits::STATIC)?);
    }
    Ok(output)
}

/// The site folder `root`.
fn open(root: &Path) -> Result<SiteFolder, ThemeError> {
    SiteFolder::open(root).map_err(|error| ThemeError::Folder { root: root.to_path_buf(), error })
}

/// The bytes of `file`, of at most `limit` bytes.
fn read(site: &SiteFolder, file: &SiteFile, limit: u64) -> Result<Vec<u8>, ThemeError> {
    site.read(&file.path, limit).map_err(|problem| ThemeError::Unreadable {
        path: file.path.clone(),
        message: problem.diagnostic(&file.path).message,
    })
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
