//! Where a site may be published: [`resolve`] turns the `--output` of `build` and `serve` into an
//! absolute path and refuses any that could destroy the entity's files — the site folder or one
//! of its parents, an input folder or file, `/`, the home folder, an existing file, a symbolic
//! link, or a folder that trasparenza did not make and that is not empty.

use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file every published folder holds, so that a later build knows the folder is its own and
/// may replace it. A dot-file: the preview never serves it.
pub const MARKER: &str = ".trasparenza";

/// What the marker file says to a person who opens it.
pub const MARKER_TEXT: &str = "Questa cartella è generata da trasparenza e viene sostituita per intero a ogni generazione del sito:\nnon metterci file da conservare.\n";

/// The site's own files and folders, which no output may be or lie inside.
pub const INPUTS: &[&str] = &["config.toml", "data", "content", "static", "templates", "themes"];

/// Why an output path was refused. Every case names both the output and what it would destroy.
#[derive(Debug)]
pub enum Refused {
    /// The output is the site folder itself or one of its parents.
    SiteOrParent {
        /// The output, absolute.
        output: PathBuf,
        /// The site folder, absolute.
        site: PathBuf,
    },
    /// The output is an input of the site, or lies inside one.
    Input {
        /// The output, absolute.
        output: PathBuf,
        /// The input file or folder.
        input: PathBuf,
    },
    /// The output is the root of the file system, the home folder or one of its parents.
    Home {
        /// The output, absolute.
        output: PathBuf,
        /// The home folder.
        home: PathBuf,
    },
    /// Something other than a folder is already at the output path.
    NotAFolder(PathBuf),
    /// The output path is a symbolic link.
    Link {
        /// The output, as given.
        output: PathBuf,
        /// Where the link points.
        target: PathBuf,
    },
    /// The output is a folder with files that no build made.
    NotOurs(PathBuf),
    /// The output or the site folder could not be examined.
    Unreadable(PathBuf, io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let other = "\n  suggerimento: indicare con --output una cartella nuova, fuori dai file del sito, per esempio la cartella predefinita `public` del sito";
        match self {
            Refused::SiteOrParent { output, site } => write!(
                f,
                "la cartella di destinazione {} è la cartella del sito {} o la contiene: pubblicarci il sito cancellerebbe i dati{other}",
                output.display(),
                site.display()
            ),
            Refused::Input { output, input } => write!(
                f,
                "la cartella di destinazione {} è {} o si trova al suo interno: fa parte dei file del sito, e pubblicarci il sito li cancellerebbe{other}",
                output.display(),
                input.display()
            ),
            Refused::Home { output, home } => write!(
                f,
                "la cartella di destinazione {} è la radice del disco, la cartella personale {} o una che la contiene{other}",
                output.display(),
                home.display()
            ),
            Refused::NotAFolder(output) => write!(
                f,
                "la destinazione {} esiste già e non è una cartella: non viene sostituita{other}",
                output.display()
            ),
            Refused::Link { output, target } => write!(
                f,
                "la destinazione {} è un collegamento simbolico a {}: non viene sostituito\n  suggerimento: indicare con --output la cartella vera, {}",
                output.display(),
                target.display(),
                target.display()
            ),
            Refused::NotOurs(output) => write!(
                f,
                "la cartella di destinazione {} esiste, contiene file e non è stata creata da trasparenza (manca il file {MARKER}): non viene sostituita\n  suggerimento: se il suo contenuto non serve, svuotarla o cancellarla; altrimenti indicare un'altra cartella con --output",
                output.display()
            ),
            Refused::Unreadable(path, error) => {
                write!(f, "non è possibile esaminare {}: {error}", path.display())
            }
        }
    }
}

/// The absolute, normalised output path for the site folder `site` and the requested `output`
/// (relative to the site folder unless absolute), or why publishing there could destroy files.
/// Symbolic links in the existing part of both paths are resolved first, so `../sito` and
/// `sito/./data` are recognised for what they are.
pub fn resolve(site: &Path, output: &Path) -> Result<PathBuf, Refused> {
    let site = site.canonicalize().map_err(|error| Refused::Unreadable(site.to_path_buf(), error))?;
    let requested = if output.is_absolute() { output.to_path_buf() } else { site.join(output) };
    if let Ok(target) = std::fs::read_link(&requested) {
        return Err(Refused::Link { output: requested, target });
    }
    let output = real_path(&requested).map_err(|error| Refused::Unreadable(requested.clone(), error))?;
    if site.starts_with(&output) {
        return Err(Refused::SiteOrParent { output, site });
    }
    for input in INPUTS {
        let input = real_path(&site.join(input)).unwrap_or_else(|_| site.join(input));
        if output.starts_with(&input) {
            return Err(Refused::Input { output, input });
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from).filter(|home| home.is_absolute()) {
        let home = home.canonicalize().unwrap_or(home);
        if home.starts_with(&output) {
            return Err(Refused::Home { output, home });
        }
    }
    if output.parent().is_none() {
        return Err(Refused::Home { output: output.clone(), home: output });
    }
    replaceable(&output)?;
    Ok(output)
}

/// Whether what is at `output` may be replaced by a new site: nothing, an empty folder, or a
/// folder a build made (it holds the [`MARKER`]).
pub fn replaceable(output: &Path) -> Result<(), Refused> {
    let metadata = match std::fs::symlink_metadata(output) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Refused::Unreadable(output.to_path_buf(), error)),
        Ok(metadata) => metadata,
    };
    if metadata.file_type().is_symlink() {
        let target = std::fs::read_link(output).unwrap_or_default();
        return Err(Refused::Link { output: output.to_path_buf(), target });
    }
    if !metadata.is_dir() {
        return Err(Refused::NotAFolder(output.to_path_buf()));
    }
    let marked = std::fs::symlink_metadata(output.join(MARKER)).is_ok_and(|m| m.is_file());
    let mut entries = std::fs::read_dir(output).map_err(|error| Refused::Unreadable(output.to_path_buf(), error))?;
    if marked || entries.next().is_none() { Ok(()) } else { Err(Refused::NotOurs(output.to_path_buf())) }
}

/// `path` made absolute and resolved component by component: each part that exists is replaced
/// by its real path (symbolic links followed), `..` goes back to the real parent, and the parts
/// that do not exist yet are kept as written. The real place it names, whether it exists or not.
fn real_path(path: &Path) -> io::Result<PathBuf> {
    let mut real = PathBuf::new();
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(part) => {
                real.push(part);
                if std::fs::symlink_metadata(&real).is_ok() {
                    real = real.canonicalize()?;
                }
            }
            Component::RootDir | Component::Prefix(_) => real.push(component),
            Component::CurDir => {}
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("sito");
        for folder in ["data", "content", "static"] {
            std::fs::create_dir_all(site.join(folder)).unwrap();
        }
        std::fs::write(site.join("config.toml"), "titolo = \"x\"").unwrap();
        (dir, site.canonicalize().unwrap())
    }

    #[test]
    fn the_default_and_a_new_folder_beside_are_accepted() {
        let (dir, site) = site();
        assert_eq!(resolve(&site, Path::new("public")).unwrap(), site.join("public"));
        let beside = dir.path().canonicalize().unwrap().join("pubblicato/sito");
        assert_eq!(resolve(&site, &beside).unwrap(), beside);
        assert_eq!(resolve(&site, Path::new("./a/../public")).unwrap(), site.join("public"));
    }

    #[test]
    fn the_site_its_parents_and_its_inputs_are_refused() {
        let (_dir, site) = site();
        for output in [".", "..", "../sito", "../../..", "/", "data", "data/x", "static", "content/a/b", "config.toml"]
        {
            let refused = resolve(&site, Path::new(output));
            assert!(
                matches!(refused, Err(Refused::SiteOrParent { .. } | Refused::Input { .. } | Refused::NotAFolder(_))),
                "{output}: {refused:?}"
            );
        }
        assert!(matches!(resolve(&site, Path::new("templates")), Err(Refused::Input { .. })));
        assert!(matches!(resolve(&site, Path::new("themes/x")), Err(Refused::Input { .. })));
    }

    #[test]
    fn files_links_and_folders_of_others_are_refused_until_empty_or_marked() {
        let (dir, site) = site();
        let base = dir.path().canonicalize().unwrap();
        std::fs::write(base.join("file.txt"), "x").unwrap();
        assert!(matches!(resolve(&site, &base.join("file.txt")), Err(Refused::NotAFolder(_))));
        let others = base.join("documenti");
        std::fs::create_dir(&others).unwrap();
        assert_eq!(resolve(&site, &others).unwrap(), others, "an empty folder may be used");
        std::fs::write(others.join("lettera.odt"), "x").unwrap();
        let refused = resolve(&site, &others).unwrap_err();
        assert!(matches!(refused, Refused::NotOurs(_)));
        assert!(refused.to_string().contains("documenti"), "{refused}");
        std::fs::write(others.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(resolve(&site, &others).unwrap(), others, "a folder a build made may be replaced");
        std::os::unix::fs::symlink(&others, base.join("collegamento")).unwrap();
        assert!(matches!(resolve(&site, &base.join("collegamento")), Err(Refused::Link { .. })));
    }

    #[test]
    fn a_path_through_a_link_to_the_site_is_recognised() {
        let (dir, site) = site();
        let link = dir.path().join("scorciatoia");
        std::os::unix::fs::symlink(&site, &link).unwrap();
        assert!(matches!(resolve(&site, &link.join("data")), Err(Refused::Input { .. })));
        assert!(matches!(resolve(&site, &link.join("nuova/../data")), Err(Refused::Input { .. })));
    }
}
