//! [`SitePath`]: a relative path inside the output folder that cannot escape it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `/`-separated relative path whose every segment is a plain name: no `..`, no `.`, no empty
/// segment, no absolute path, no backslash, no control character. Built from data (codes, plan
/// folders), it can only ever name a file inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafePath(pub String);

impl fmt::Display for UnsafePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "il percorso «{}» uscirebbe dalla cartella del sito", self.0)
    }
}

impl From<UnsafePath> for std::io::Error {
    /// A path that would leave the output is refused as invalid input, before anything is written.
    fn from(error: UnsafePath) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error.to_string())
    }
}

impl SitePath {
    /// Checks `path` and wraps it.
    pub fn new(path: impl Into<String>) -> Result<SitePath, UnsafePath> {
        let path = path.into();
        let safe = !path.is_empty()
            && path.split('/').all(|segment| {
                !segment.is_empty()
                    && segment != "."
                    && segment != ".."
                    && !segment.chars().any(|c| c.is_control() || matches!(c, '\\' | ':'))
            });
        if safe { Ok(SitePath(path)) } else { Err(UnsafePath(path)) }
    }

    /// The path as text, with `/` separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path inside `root`.
    pub fn under(&self, root: &Path) -> PathBuf {
        self.0.split('/').fold(root.to_path_buf(), |path, segment| path.join(segment))
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_are_accepted() {
        for good in [
            "index.html",
            "amministrazione-trasparente/performance/obiettivi/1.3/index.html",
            "dati/piao-2025-2027/fasi.csv",
        ] {
            assert_eq!(SitePath::new(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn paths_that_could_escape_are_refused() {
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/.", "a\\..\\b", "C:x", "a\u{0}b", "a/"] {
            assert!(SitePath::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn paths_stay_under_their_root() {
        let root = Path::new("/tmp/sito");
        assert_eq!(SitePath::new("a/b.html").unwrap().under(root), Path::new("/tmp/sito/a/b.html"));
    }
}
