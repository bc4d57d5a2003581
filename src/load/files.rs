//! The only way into the site folder: every file the generator reads (tables, pages, templates,
//! static files, the configuration) is listed and read here, so that only the site's own regular
//! files are ever opened.
//!
//! - A symbolic link is followed only when what it points to, resolved, is inside the site folder;
//!   a link out of it is an error ([`Rule::LinkOutsideSite`]), a link to nothing or a loop of
//!   links is ignored with a warning ([`Rule::IgnoredLink`]), as is a link to a hidden file.
//! - Special files (named pipes, devices, sockets) are an error ([`Rule::SpecialFile`]) and are
//!   never opened: the type is checked before opening, the file is opened without blocking and
//!   the type checked again on what was opened, so that a swap in between cannot block a build.
//! - A file larger than its limit ([`crate::schema::limits`]) is an error ([`Rule::FileTooLarge`])
//!   found from its size before it is read, and read through a cap of the limit, so that even a
//!   file that grows while it is read cannot fill the memory.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::schema::limits;

/// The site folder, as given and resolved (every link in its path followed).
#[derive(Debug, Clone)]
pub struct SiteFolder {
    root: PathBuf,
    canonical: PathBuf,
}

/// A regular file of the site found by [`SiteFolder::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Path relative to the site folder, with `/` separators (`static/documenti/piano.pdf`).
    pub path: String,
    /// Path relative to the folder walked (`documenti/piano.pdf`).
    pub name: String,
    /// Size in bytes when it was listed.
    pub size: u64,
}

/// Why a file of the site cannot be read.
#[derive(Debug)]
pub enum Problem {
    /// Nothing is there.
    Missing,
    /// A symbolic link to nothing; the link's text.
    Dangling(String),
    /// A loop of symbolic links.
    Loop,
    /// A symbolic link (this one or a folder above it) resolving outside the site; where to.
    Outside(PathBuf),
    /// A named pipe, device or socket; what it is, in Italian.
    Special(&'static str),
    /// A folder where a file was expected.
    Folder,
    /// Larger than the limit.
    TooLarge {
        /// The size found (at least), in bytes.
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file was replaced between the check and the opening.
    Changed,
    /// Any other error of the system.
    Io(io::Error),
}

/// What an entry of a folder is, once its links are followed.
enum Entry {
    /// A regular file inside the site, resolved, with its metadata.
    File(PathBuf, Metadata),
    /// A folder inside the site, resolved.
    Folder(PathBuf),
}

impl SiteFolder {
    /// The site folder `root`; an error when it does not exist.
    pub fn open(root: &Path) -> io::Result<SiteFolder> {
        Ok(SiteFolder { root: root.to_path_buf(), canonical: root.canonicalize()? })
    }

    /// The whole file `relative` (`/`-separated, relative to the site folder), if it is a regular
    /// file of the site of at most `limit` bytes.
    pub fn read(&self, relative: &str, limit: u64) -> Result<Vec<u8>, Problem> {
        let (resolved, metadata) = self.resolve(relative, limit)?;
        let file = open_without_blocking(&resolved).map_err(Problem::Io)?;
        let opened = file.metadata().map_err(Problem::Io)?;
        if let Some(kind) = special_kind(&opened) {
            return Err(Problem::Special(kind));
        }
        if !same_file(&metadata, &opened) {
            return Err(Problem::Changed);
        }
        let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
        file.take(limit + 1).read_to_end(&mut bytes).map_err(Problem::Io)?;
        if bytes.len() as u64 > limit {
            return Err(Problem::TooLarge { size: bytes.len() as u64, limit });
        }
        Ok(bytes)
    }

    /// True when `relative` opens a regular file of the site (on a file system that ignores
    /// case, `fasi.csv` opens `Fasi.csv`).
    pub fn is_file(&self, relative: &str) -> bool {
        matches!(self.entry(&self.root.join(relative)), Ok(Entry::File(..)))
    }

    /// The resolved path and metadata of the regular file `relative`, checked against `limit`.
    fn resolve(&self, relative: &str, limit: u64) -> Result<(PathBuf, Metadata), Problem> {
        match self.entry(&self.root.join(relative))? {
            Entry::Folder(_) => Err(Problem::Folder),
            Entry::File(_, metadata) if metadata.len() > limit => {
                Err(Problem::TooLarge { size: metadata.len(), limit })
            }
            Entry::File(resolved, metadata) => Ok((resolved, metadata)),
        }
    }

    /// What `path` is, its links followed, if it is a regular file or folder inside the site.
    fn entry(&self, path: &Path) -> Result<Entry, Problem> {
        let resolved = path.canonicalize().map_err(|error| self.resolution_problem(path, error))?;
        if !resolved.starts_with(&self.canonical) {
            return Err(Problem::Outside(resolved));
        }
        let metadata = std::fs::symlink_metadata(&resolved).map_err(Problem::Io)?;
        if metadata.is_dir() {
            return Ok(Entry::Folder(resolved));
        }
        match special_kind(&metadata) {
            Some(kind) => Err(Problem::Special(kind)),
            None => Ok(Entry::File(resolved, metadata)),
        }
    }

    /// The problem behind a failed resolution of `path`.
    fn resolution_problem(&self, path: &Path, error: io::Error) -> Problem {
        if error.raw_os_error() == Some(libc::ELOOP) {
            return Problem::Loop;
        }
        if error.kind() != io::ErrorKind::NotFound {
            return Problem::Io(error);
        }
        match std::fs::read_link(path) {
            Ok(target) => Problem::Dangling(target.to_string_lossy().into_owned()),
            Err(_) => Problem::Missing,
        }
    }

    /// The folders and regular files directly in `dir` (relative to the site folder), by name,
    /// sorted; hidden ones (whose name starts with `.`, or with `~$` as the files that Office
    /// keeps beside an open workbook) are left out, links are followed as [`SiteFolder::walk`]
    /// does and other entries ignored. The problems of the entries named as `read_elsewhere` says
    /// are not reported (another reader reports them).
    pub fn list(
        &self,
        dir: &str,
        read_elsewhere: &dyn Fn(&str) -> bool,
        diagnostics: &mut Diagnostics,
    ) -> io::Result<Listing> {
        let mut listing = Listing::default();
        for entry in std::fs::read_dir(self.root.join(dir))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{dir}/{name}");
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            let elsewhere = read_elsewhere(&name);
            if is_hidden(&name) {
                if is_link && !elsewhere {
                    diagnostics.push(hidden_link(&relative));
                }
                continue;
            }
            match self.entry(&entry.path()) {
                Ok(Entry::Folder(_)) => listing.folders.push(name),
                Ok(Entry::File(..)) => listing.files.push(name),
                _ if elsewhere => {}
                Err(Problem::Special(_)) if !is_link => {}
                Err(problem) => diagnostics.push(problem.diagnostic(&relative)),
            }
        }
        listing.folders.sort();
        listing.files.sort();
        Ok(listing)
    }

    /// Every regular file under the folder `dir` (relative to the site folder; none when it does
    /// not exist) whose name `wanted` accepts, sorted by path (folder by folder, as paths sort);
    /// hidden files are left out. Files
    /// larger than `limit`, special files and links that cannot be followed are reported.
    pub fn walk(
        &self,
        dir: &str,
        wanted: &dyn Fn(&str) -> bool,
        limit: u64,
        diagnostics: &mut Diagnostics,
    ) -> Vec<SiteFile> {
        let mut files = Vec::new();
        match self.entry(&self.root.join(dir)) {
            Ok(Entry::Folder(resolved)) => {
                let mut walk = Walk { site: self, wanted, limit, files: &mut files, diagnostics, open: vec![resolved] };
                walk.folder(dir, "");
            }
            Err(Problem::Missing) => {}
            Ok(Entry::File(..)) => diagnostics.push(Problem::Io(io::ErrorKind::NotADirectory.into()).diagnostic(dir)),
            Err(problem) => diagnostics.push(problem.diagnostic(dir)),
        }
        files.sort_by(|a, b| a.path.split('/').cmp(b.path.split('/')));
        files
    }
}

/// What a folder holds, by name ([`SiteFolder::list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The folders, sorted.
    pub folders: Vec<String>,
    /// The regular files, sorted.
    pub files: Vec<String>,
}

/// True for a name that file managers hide or that names a temporary file of an open workbook.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// A walk in progress: what it collects, and the resolved folders it is inside (to stop loops).
struct Walk<'a> {
    site: &'a SiteFolder,
    wanted: &'a dyn Fn(&str) -> bool,
    limit: u64,
    files: &'a mut Vec<SiteFile>,
    diagnostics: &'a mut Diagnostics,
    open: Vec<PathBuf>,
}

impl Walk<'_> {
    /// Collects the folder `dir` of the site, whose files are named `prefix…` in the walk.
    fn folder(&mut self, dir: &str, prefix: &str) {
        let entries = match std::fs::read_dir(self.site.root.join(dir)) {
            Ok(entries) => entries,
            Err(error) => return self.diagnostics.push(Problem::Io(error).diagnostic(dir)),
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    self.diagnostics.push(Problem::Io(error).diagnostic(dir));
                    continue;
                }
            };
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let (relative, name) = (format!("{dir}/{file_name}"), format!("{prefix}{file_name}"));
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            match self.site.entry(&entry.path()) {
                Ok(Entry::Folder(resolved)) if self.open.iter().any(|open| open.starts_with(&resolved)) => {
                    self.diagnostics.push(Problem::Loop.diagnostic(&relative));
                }
                Ok(Entry::Folder(resolved)) => {
                    self.open.push(resolved);
                    self.folder(&relative, &format!("{name}/"));
                    self.open.pop();
                }
                Ok(Entry::File(..)) if file_name.starts_with('.') => {
                    if is_link {
                        self.diagnostics.push(hidden_link(&relative));
                    }
                }
                Ok(Entry::File(..)) if !(self.wanted)(&name) => {}
                Ok(Entry::File(_, metadata)) if metadata.len() > self.limit => self
                    .diagnostics
                    .push(Problem::TooLarge { size: metadata.len(), limit: self.limit }.diagnostic(&relative)),
                Ok(Entry::File(_, metadata)) => {
                    self.files.push(SiteFile { path: relative, name, size: metadata.len() })
                }
                Err(problem) => self.diagnostics.push(problem.diagnostic(&relative)),
            }
        }
    }
}

/// The warning for a link to a hidden file, which is not used.
fn hidden_link(relative: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::IgnoredLink,
        Location::file(relative),
        "il collegamento simbolico è nascosto (il nome comincia con un punto) e viene ignorato",
    )
    .hint("rinominare il collegamento senza il punto iniziale se il file serve, altrimenti eliminarlo")
}

impl Problem {
    /// The diagnostic for this problem with the file `relative`.
    pub fn diagnostic(&self, relative: &str) -> Diagnostic {
        let at = Location::file(relative);
        match self {
            Problem::Missing => Diagnostic::new(Rule::MissingFile, at, format!("il file `{relative}` non esiste")),
            Problem::Dangling(target) => Diagnostic::new(
                Rule::IgnoredLink,
                at,
                "il collegamento simbolico punta a un file che non esiste e viene ignorato",
            )
            .value(target)
            .hint("correggere o eliminare il collegamento"),
            Problem::Loop => Diagnostic::new(
                Rule::IgnoredLink,
                at,
                "il collegamento simbolico forma un ciclo (porta a una cartella che lo contiene) e viene ignorato",
            )
            .hint("eliminare il collegamento, o farlo puntare a una cartella che non lo contiene"),
            Problem::Outside(target) => Diagnostic::new(
                Rule::LinkOutsideSite,
                at,
                "il file è un collegamento simbolico (o sta in una cartella collegata) che porta fuori dalla cartella del sito",
            )
            .value(target.to_string_lossy())
            .expected("un file che sta dentro la cartella del sito")
            .hint("copiare il file nella cartella del sito invece di collegarlo"),
            Problem::Special(kind) => {
                Diagnostic::new(Rule::SpecialFile, at, format!("non è un file normale ma {kind}: non viene letto"))
                    .expected("un file normale")
                    .hint("eliminarlo dalla cartella del sito")
            }
            Problem::Folder => Diagnostic::new(Rule::UnreadableFile, at, "è una cartella, non un file")
                .hint("al suo posto ci vuole un file con lo stesso nome"),
            Problem::TooLarge { size, limit } => Diagnostic::new(
                Rule::FileTooLarge,
                at,
                format!("il file è troppo grande: almeno {} su un massimo di {}", limits::megabytes(*size), limits::megabytes(*limit)),
            )
            .expected(format!("un file di al massimo {}", limits::megabytes(*limit)))
            .hint("controllare che sia il file giusto; i file molto grandi vanno divisi o pubblicati altrove"),
            Problem::Changed => Diagnostic::new(
                Rule::UnreadableFile,
                at,
                "il file è stato sostituito mentre veniva letto",
            )
            .hint("ripetere il comando quando il file non cambia più"),
            Problem::Io(error) => {
                Diagnostic::new(Rule::UnreadableFile, at, format!("il file non si può leggere: {error}"))
                    .hint("controllare i permessi del file o che non sia una cartella")
            }
        }
    }
}

/// What a special file is, in Italian; `None` for regular files and folders.
#[cfg(unix)]
fn special_kind(metadata: &Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_fifo() {
        Some("una pipe con nome (FIFO)")
    } else if kind.is_socket() {
        Some("un socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("un dispositivo")
    } else if kind.is_symlink() {
        Some("un collegamento simbolico cambiato durante la lettura")
    } else {
        None
    }
}

/// What a special file is, in Italian; `None` for regular files and folders.
#[cfg(not(unix))]
fn special_kind(metadata: &Metadata) -> Option<&'static str> {
    (!metadata.is_file() && !metadata.is_dir()).then_some("un file speciale")
}

/// Opens `path` for reading without following a last link and without blocking on a pipe or
/// device swapped in after the check.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW).open(path)
}

/// Opens `path` for reading.
#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// True when both metadata describe the same file.
#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// True when both metadata describe the same file.
#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, SiteFolder) {
        let dir = tempfile::tempdir().unwrap();
        let site = SiteFolder::open(dir.path()).unwrap();
        (dir, site)
    }

    fn rules(diagnostics: &Diagnostics) -> Vec<&'static str> {
        diagnostics.iter().map(|d| d.rule.code()).collect()
    }

    #[test]
    fn regular_files_are_read_whole_and_within_their_limit() {
        let (dir, site) = site();
        std::fs::write(dir.path().join("a.csv"), "12345").unwrap();
        assert_eq!(site.read("a.csv", 5).unwrap(), b"12345");
        assert!(matches!(site.read("a.csv", 4), Err(Problem::TooLarge { size: 5, limit: 4 })));
        assert!(matches!(site.read("b.csv", 4), Err(Problem::Missing)));
        std::fs::create_dir(dir.path().join("c")).unwrap();
        assert!(matches!(site.read("c", 4), Err(Problem::Folder)));
        assert!(site.is_file("a.csv") && !site.is_file("b.csv") && !site.is_file("c"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_inside_the_site() {
        use std::os::unix::fs::symlink;
        let (dir, site) = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        std::fs::write(dir.path().join("own"), "own").unwrap();
        symlink(dir.path().join("own"), dir.path().join("inside")).unwrap();
        symlink(outside.path().join("secret"), dir.path().join("outside")).unwrap();
        symlink(outside.path(), dir.path().join("folder")).unwrap();
        symlink("nowhere", dir.path().join("dangling")).unwrap();
        symlink("loop", dir.path().join("loop")).unwrap();
        assert_eq!(site.read("inside", 10).unwrap(), b"own");
        assert!(matches!(site.read("outside", 10), Err(Problem::Outside(_))));
        assert!(matches!(site.read("folder/secret", 10), Err(Problem::Outside(_))));
        assert!(matches!(site.read("dangling", 10), Err(Problem::Dangling(target)) if target == "nowhere"));
        assert!(matches!(site.read("loop", 10), Err(Problem::Loop)));
        assert!(matches!(site.read("/dev/zero", 10), Err(Problem::Outside(_))));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_never_opened() {
        let (dir, site) = site();
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert!(matches!(site.read("pipe", 10), Err(Problem::Special(_))));
        let mut found = Diagnostics::new();
        assert!(site.walk(".", &|_| true, 10, &mut found).is_empty());
        assert_eq!(rules(&found), ["L015"]);
        // A pipe opened without blocking reads as empty instead of waiting for a writer.
        let opened = open_without_blocking(&fifo).unwrap();
        assert!(special_kind(&opened.metadata().unwrap()).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn walks_report_what_they_leave_out() {
        use std::os::unix::fs::symlink;
        let (dir, site) = site();
        let root = dir.path();
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("static/sub/a.pdf"), "a").unwrap();
        std::fs::write(root.join("static/.hidden"), "h").unwrap();
        std::fs::write(root.join("static/big"), "0123456789").unwrap();
        std::fs::write(root.join("shared/logo.png"), "l").unwrap();
        symlink(root.join("shared"), root.join("static/linked")).unwrap();
        symlink(root.join("static"), root.join("static/sub/up")).unwrap();
        symlink("/etc", root.join("static/etc")).unwrap();
        symlink("missing", root.join("static/gone")).unwrap();
        symlink(root.join("shared/logo.png"), root.join("static/.logo")).unwrap();
        let mut found = Diagnostics::new();
        let files = site.walk("static", &|_| true, 5, &mut found);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["linked/logo.png", "sub/a.pdf"]);
        assert_eq!(files[1].path, "static/sub/a.pdf");
        let mut found: Vec<(&str, &str)> = found.iter().map(|d| (d.location.file.as_str(), d.rule.code())).collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("static/.logo", "L018"),
                ("static/big", "L016"),
                ("static/etc", "L014"),
                ("static/gone", "L018"),
                ("static/sub/up", "L018"),
            ]
        );
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(limits::megabytes(300), "300 byte");
        assert_eq!(limits::megabytes(256 << 20), "256 MiB");
        assert_eq!(limits::megabytes(3 << 19), "1,5 MiB");
    }
}
