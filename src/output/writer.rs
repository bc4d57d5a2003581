//! [`Writer`]: takes each generated file as soon as it is ready and puts it on disk, from any
//! thread, recording it in the [`Manifest`]. Over a site written before, it rewrites only files
//! whose bytes changed (each one atomically, by a rename) and, at the end, deletes those that are
//! no longer generated. With a progress bar, it counts there the files stored or kept against
//! their total, given before the first one is written.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::ProgressBar;

use super::{Fingerprinting, Manifest, SitePath, Written};

/// Puts generated files into a folder.
#[derive(Debug)]
pub struct Writer {
    root: PathBuf,
    /// What the folder holds now (empty for a new folder).
    previous: Manifest,
    manifest: Mutex<Manifest>,
    changed: Mutex<Vec<SitePath>>,
    folders: Mutex<HashSet<PathBuf>>,
    temporary: AtomicUsize,
    progress: Option<ProgressBar>,
}

/// What a [`Writer`] did.
#[derive(Debug)]
pub struct Finished {
    /// Every file the folder now holds.
    pub manifest: Manifest,
    /// Files written because they are new or their bytes changed, in path order.
    pub changed: Vec<SitePath>,
    /// Files deleted because they are no longer generated, in path order.
    pub removed: Vec<SitePath>,
}

impl Writer {
    /// A writer into `root`, which holds the files of `previous` (an empty manifest for a new,
    /// empty folder).
    pub fn new(root: &Path, previous: Manifest) -> Writer {
        Writer {
            root: root.to_path_buf(),
            previous,
            manifest: Mutex::default(),
            changed: Mutex::default(),
            folders: Mutex::default(),
            temporary: AtomicUsize::new(0),
            progress: None,
        }
    }

    /// Counts on `progress` the files stored or kept, against their total ([`Writer::expect`]).
    pub fn with_progress(mut self, progress: ProgressBar) -> Writer {
        self.progress = Some(progress);
        self
    }

    /// Makes the total that `count` gives, before the first file is stored, the length of the
    /// progress bar, whose count starts again from zero; `count` runs only when there is a bar.
    /// When the writer finishes, the files stored or kept must be exactly that many.
    pub fn expect<E>(&self, count: impl FnOnce() -> Result<usize, E>) -> Result<(), E> {
        if let Some(progress) = &self.progress {
            let total = count()?;
            progress.set_position(0);
            progress.set_length(total as u64);
        }
        Ok(())
    }

    /// Counts one more file stored or kept on the progress bar, if any.
    fn advance(&self) {
        if let Some(progress) = &self.progress {
            progress.inc(1);
        }
    }

    /// True when the folder held the file `path` before this writer began.
    pub fn holds(&self, path: &SitePath) -> bool {
        self.previous.files.contains_key(path)
    }

    /// Stores the file `path` and returns its record. Two files with the same path are an error.
    pub fn put(&self, path: SitePath, bytes: &[u8]) -> io::Result<Written> {
        self.not_yet_stored(&path)?;
        let written = Written::of(bytes);
        let unchanged = self.previous.files.get(&path) == Some(&written);
        if !unchanged {
            self.write(&path, bytes)?;
        }
        self.record(path, written, !unchanged)
    }

    /// Stores the file `path` as `produce` writes it, straight to disk, so that a large file is
    /// never whole in memory; over a previous version it is written beside it and replaces it
    /// only if its bytes differ. Returns the file's record. Two files with the same path are an error.
    pub fn put_streamed(
        &self,
        path: SitePath,
        produce: impl FnOnce(&mut (dyn io::Write + Send)) -> io::Result<()>,
    ) -> io::Result<Written> {
        self.not_yet_stored(&path)?;
        let target = self.prepare_folder(&path)?;
        let previous = self.previous.files.get(&path).copied();
        let file = if previous.is_some() { self.temporary_beside(&target) } else { target.clone() };
        let created = super::interrupt::writing().and_then(|_writing| std::fs::File::create(&file))?;
        // Large writes, each fingerprinted in one go: the records arrive a few dozen bytes at a time.
        let mut out = io::BufWriter::with_capacity(1 << 20, Fingerprinting::new(created));
        let produced = produce(&mut out);
        let (produced, written) = match out.into_inner() {
            Ok(fingerprinted) => (produced, fingerprinted.written()),
            Err(error) => (produced.and(Err(error.into_error())), Written::of(b"")),
        };
        let unchanged = previous == Some(written);
        let placed = match (produced, previous) {
            (Err(error), _) => Err(error),
            (Ok(()), None) => return self.record(path, written, true),
            (Ok(()), Some(_)) if unchanged => std::fs::remove_file(&file),
            (Ok(()), Some(_)) => super::interrupt::writing().and_then(|_writing| std::fs::rename(&file, &target)),
        };
        if let Err(error) = placed {
            let _ = std::fs::remove_file(&file);
            return Err(error);
        }
        self.record(path, written, !unchanged)
    }

    /// An error if `path` was already stored: each file is generated once.
    fn not_yet_stored(&self, path: &SitePath) -> io::Result<()> {
        if lock(&self.manifest).files.contains_key(path) { Err(generated_twice(path)) } else { Ok(()) }
    }

    /// Records a file stored, `changed` on disk or not, and returns its record.
    fn record(&self, path: SitePath, written: Written, changed: bool) -> io::Result<Written> {
        if lock(&self.manifest).insert(path.clone(), written).is_some() {
            return Err(generated_twice(&path));
        }
        // Into a new folder every file stored is new: the list is made at the end, from the manifest.
        if changed && !self.previous.files.is_empty() {
            lock(&self.changed).push(path);
        }
        self.advance();
        Ok(written)
    }

    /// Keeps the file `path` as the folder holds it, without generating it again, and returns
    /// its record (none when the folder does not hold it).
    pub fn keep(&self, path: &SitePath) -> Option<Written> {
        let kept = self.previous.files.get(path).copied();
        if let Some(written) = kept {
            lock(&self.manifest).insert(path.clone(), written);
        }
        self.advance();
        kept
    }

    /// Deletes the files of the previous site that were neither stored nor kept, and says what
    /// changed.
    pub fn finish(self) -> io::Result<Finished> {
        if let Some(progress) = &self.progress {
            debug_assert!(
                progress.length().is_none_or(|total| total == progress.position()),
                "{} files announced, {} stored or kept",
                progress.length().unwrap_or_default(),
                progress.position()
            );
        }
        let manifest = self.manifest.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut changed = self.changed.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.previous.files.is_empty() {
            changed = manifest.files().map(|(path, _)| path.clone()).collect();
        }
        changed.sort();
        let removed: Vec<SitePath> = self
            .previous
            .files()
            .map(|(path, _)| path)
            .filter(|path| manifest.get(path.as_str()).is_none())
            .cloned()
            .collect();
        for path in &removed {
            let file = path.under(&self.root);
            match std::fs::remove_file(&file) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
                _ => remove_empty_folders(file.parent(), &self.root),
            }
        }
        Ok(Finished { manifest, changed, removed })
    }

    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        let target = self.prepare_folder(path)?;
        let _writing = super::interrupt::writing()?;
        if !self.holds(path) {
            return std::fs::write(&target, bytes);
        }
        replace_whole(&target, &self.temporary_beside(&target), bytes)
    }

    /// Where `path` goes on disk, its folder created.
    fn prepare_folder(&self, path: &SitePath) -> io::Result<PathBuf> {
        let target = path.under(&self.root);
        if let Some(folder) = target.parent()
            && !lock(&self.folders).contains(folder)
        {
            super::interrupt::writing().and_then(|_writing| std::fs::create_dir_all(folder))?;
            lock(&self.folders).insert(folder.to_path_buf());
        }
        Ok(target)
    }

    /// A new temporary file name in the folder of `target` (a dot-file, never served).
    fn temporary_beside(&self, target: &Path) -> PathBuf {
        let number = self.temporary.fetch_add(1, Ordering::Relaxed);
        target.with_file_name(format!(".trasparenza-{}-{number}.tmp", std::process::id()))
    }
}

/// Replaces the file `path` of the folder `root` with `bytes`, outside any [`Writer`] (the
/// preview's page of an edited objective, shown before the rebuild that follows), and returns the
/// bytes it held.
pub fn replace(root: &Path, path: &SitePath, bytes: &[u8]) -> io::Result<Vec<u8>> {
    let target = path.under(root);
    let before = std::fs::read(&target)?;
    let temporary = target.with_file_name(format!(".trasparenza-{}-sostituita.tmp", std::process::id()));
    let _writing = super::interrupt::writing()?;
    replace_whole(&target, &temporary, bytes)?;
    Ok(before)
}

/// Writes `bytes` to `temporary` and renames it over `target`: a file that may be open in a
/// browser is replaced whole, never seen half-written.
fn replace_whole(target: &Path, temporary: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(temporary, bytes)?;
    std::fs::rename(temporary, target).inspect_err(|_| {
        let _ = std::fs::remove_file(temporary);
    })
}

fn generated_twice(path: &SitePath) -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, format!("il file {path} è generato due volte"))
}

/// Removes `folder` and its parents up to `root` (excluded) while they are empty.
fn remove_empty_folders(mut folder: Option<&Path>, root: &Path) {
    while let Some(current) = folder.filter(|f| *f != root && f.starts_with(root)) {
        if std::fs::remove_dir(current).is_err() {
            return;
        }
        folder = current.parent();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> SitePath {
        SitePath::new(text).unwrap()
    }

    fn write(root: &Path, previous: Manifest, files: &[(&str, &str)], kept: &[&str]) -> Finished {
        let writer = Writer::new(root, previous);
        for (name, text) in files {
            writer.put(path(name), text.as_bytes()).unwrap();
        }
        for name in kept {
            writer.keep(&path(name));
        }
        writer.finish().unwrap()
    }

    #[test]
    fn over_a_previous_site_only_changed_files_are_written_and_vanished_ones_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let first =
            write(dir.path(), Manifest::default(), &[("a.html", "1"), ("b/c.html", "2"), ("d/e/f.txt", "3")], &[]);
        assert_eq!(first.changed.len(), 3);
        let second = write(dir.path(), first.manifest, &[("a.html", "1"), ("b/c.html", "nuovo")], &[]);
        assert_eq!(second.changed, [path("b/c.html")]);
        assert_eq!(second.removed, [path("d/e/f.txt")]);
        assert_eq!(std::fs::read_to_string(dir.path().join("b/c.html")).unwrap(), "nuovo");
        assert!(!dir.path().join("d").exists(), "empty folders go with their files");
        let third = write(dir.path(), second.manifest.clone(), &[], &["a.html", "b/c.html"]);
        assert!(third.changed.is_empty() && third.removed.is_empty());
        assert_eq!(third.manifest, second.manifest);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");
    }

    #[test]
    fn the_same_path_twice_is_an_error_and_each_file_stored_or_kept_returns_its_record() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path(), Manifest::default());
        assert_eq!(writer.put(path("x.csv"), b"12345").unwrap(), Written::of(b"12345"));
        let error = writer.put(path("x.csv"), b"altro").unwrap_err();
        assert!(error.to_string().contains("x.csv"), "{error}");
        let first = writer.finish().unwrap();
        let writer = Writer::new(dir.path(), first.manifest);
        assert!(writer.holds(&path("x.csv")) && !writer.holds(&path("y.csv")));
        assert_eq!(writer.keep(&path("x.csv")).map(|w| w.len), Some(5));
        assert_eq!(writer.keep(&path("y.csv")), None, "a file the folder does not hold");
    }

    fn stream(writer: &Writer, name: &str, text: &'static str) -> io::Result<Written> {
        writer.put_streamed(path(name), |out| {
            for piece in text.as_bytes().chunks(3) {
                out.write_all(piece)?;
            }
            Ok(())
        })
    }

    fn folder_entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_streamed_file_is_recorded_as_if_put_whole_and_replaces_a_different_one_only() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path(), Manifest::default());
        let streamed = stream(&writer, "dati/fasi.csv", "codice,descrizione\r\n1.1,Avvio\r\n").unwrap();
        assert_eq!(streamed, Written::of(b"codice,descrizione\r\n1.1,Avvio\r\n"));
        let first = writer.finish().unwrap();
        assert_eq!(first.manifest.get("dati/fasi.csv"), Some(Written::of(b"codice,descrizione\r\n1.1,Avvio\r\n")));
        assert_eq!(first.changed, [path("dati/fasi.csv")]);

        let writer = Writer::new(dir.path(), first.manifest.clone());
        stream(&writer, "dati/fasi.csv", "codice,descrizione\r\n1.1,Avvio\r\n").unwrap();
        let same = writer.finish().unwrap();
        assert!(same.changed.is_empty(), "same bytes: not rewritten");
        assert_eq!(same.manifest, first.manifest);

        let writer = Writer::new(dir.path(), same.manifest);
        stream(&writer, "dati/fasi.csv", "codice\r\n2.1\r\n").unwrap();
        let failed = writer.put_streamed(path("dati/altro.csv"), |out| {
            out.write_all(b"met")?;
            Err(io::Error::other("interrotto"))
        });
        assert!(failed.is_err());
        assert!(stream(&writer, "dati/fasi.csv", "di nuovo").is_err(), "the same path twice is an error");
        let changed = writer.finish().unwrap();
        assert_eq!(changed.changed, [path("dati/fasi.csv")]);
        assert_eq!(std::fs::read_to_string(dir.path().join("dati/fasi.csv")).unwrap(), "codice\r\n2.1\r\n");
        assert_eq!(folder_entries(&dir.path().join("dati")), ["fasi.csv"], "no temporary or half-written file is left");
    }
}
