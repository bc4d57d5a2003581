//! [`Output`]: an output folder held by one build or preview at a time. Claiming it checks the
//! path ([`destination::resolve`]), takes a lock beside it (a second build waits, a second
//! preview stops), and clears what killed runs left there: the previous site if a run was stopped
//! half-way through a swap without exchange is put back, and their staging and trash folders go to
//! this run's trash, deleted in the background while the run goes on.

use std::fmt;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::destination::{self, MARKER, Refused};
use super::interrupt;
use super::trash::Trash;

/// What to do when another process holds the output folder.
pub enum WhenBusy<'a> {
    /// Wait until it is free, after calling the function with the folder's path (to say so).
    Wait(&'a dyn Fn(&Path)),
    /// Give up at once with [`OutputError::Busy`].
    Stop,
}

/// Why an output folder could not be claimed.
#[derive(Debug)]
pub enum OutputError {
    /// Publishing there could destroy files.
    Refused(Refused),
    /// Another build or preview is writing there.
    Busy(PathBuf),
    /// The folder beside the output, or a leftover in it, could not be used.
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused(refused) => refused.fmt(f),
            OutputError::Busy(output) => write!(
                f,
                "un'altra generazione o anteprima sta scrivendo nella cartella {}\n  suggerimento: attendere che finisca, o fermare l'anteprima con Ctrl+C nella sua finestra, poi riprovare",
                output.display()
            ),
            OutputError::Io(path, error) => write!(f, "non è possibile usare {}: {error}", path.display()),
        }
    }
}

impl From<Refused> for OutputError {
    fn from(refused: Refused) -> Self {
        OutputError::Refused(refused)
    }
}

/// An output folder this process holds until it is dropped.
#[derive(Debug)]
pub struct Output {
    held: Arc<Held>,
    /// Open and locked while the output is held: the lock is the kernel's, released even if the
    /// process is killed.
    lock: File,
}

/// What this process knows of an output it holds, also for [`interrupt::interrupt`].
#[derive(Debug)]
pub(super) struct Held {
    path: PathBuf,
    lock_path: PathBuf,
    trash: Trash,
    /// Whether the output itself goes when the process is interrupted (the preview's).
    temporary: AtomicBool,
}

impl Output {
    /// Claims the output `requested` (relative to the site folder `site` unless absolute).
    pub fn claim(site: &Path, requested: &Path, when_busy: WhenBusy<'_>) -> Result<Output, OutputError> {
        let path = destination::resolve(site, requested)?;
        let parent = path.parent().unwrap_or(&path).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|error| OutputError::Io(parent.clone(), error))?;
        let lock_path = parent.join(format!(".{}.blocco", name(&path)));
        let lock = lock(&lock_path, &path, when_busy)?;
        let trash = Trash::at(beside(&path, TRASH));
        let held = Arc::new(Held { path, lock_path, trash, temporary: AtomicBool::new(false) });
        let output = Output { held, lock };
        output.clear_leftovers().map_err(|(path, error)| OutputError::Io(path, error))?;
        destination::replaceable(output.path())?;
        interrupt::hold(output.held.clone());
        Ok(output)
    }

    /// Has the output deleted, with everything else this process made beside it, when the
    /// process is interrupted: for a folder that only this run uses, such as the preview's.
    pub fn remove_when_interrupted(&self) {
        self.held.temporary.store(true, Ordering::SeqCst);
    }

    /// The output folder, absolute.
    pub fn path(&self) -> &Path {
        &self.held.path
    }

    /// This process's staging folder, beside the output.
    pub(super) fn staging(&self) -> PathBuf {
        beside(self.path(), STAGING)
    }

    /// Where the previous site goes for a moment when the system cannot exchange two folders.
    pub(super) fn previous(&self) -> PathBuf {
        beside(self.path(), PREVIOUS)
    }

    /// Moves `path`, beside the output, into this process's trash, where it is deleted in the
    /// background.
    pub(super) fn throw_away(&self, path: &Path) -> io::Result<()> {
        self.held.trash.throw(path)
    }

    /// Waits until what this process threw away is deleted.
    pub fn wait_for_the_trash(&self) {
        self.held.trash.wait_until_empty();
    }

    /// Puts back a previous site left aside by a run stopped between two renames, then throws
    /// away every staging or trash folder of earlier runs that holds the marker or nothing (a
    /// folder made by someone else under such a name is left alone).
    fn clear_leftovers(&self) -> Result<(), (PathBuf, io::Error)> {
        let path = self.path();
        let parent = path.parent().unwrap_or(path);
        let prefix = format!(".{}.", name(path));
        let mut leftovers: Vec<(PathBuf, &str)> = Vec::new();
        let entries = std::fs::read_dir(parent).map_err(|error| (parent.to_path_buf(), error))?;
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some((kind, pid)) = file_name.strip_prefix(&prefix).and_then(|rest| rest.split_once('-')) else {
                continue;
            };
            let kind = [STAGING, PREVIOUS, TRASH].into_iter().find(|known| *known == kind);
            if let Some(kind) = kind.filter(|_| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())) {
                leftovers.push((entry.path(), kind));
            }
        }
        leftovers.retain(|(path, _)| ours(path));
        if std::fs::symlink_metadata(path).is_err()
            && let Some((previous, _)) = leftovers.iter().find(|(_, kind)| *kind == PREVIOUS)
        {
            std::fs::rename(previous, path).map_err(|error| (previous.clone(), error))?;
        }
        for (leftover, _) in &leftovers {
            self.throw_away(leftover).map_err(|error| (leftover.clone(), error))?;
        }
        Ok(())
    }
}

impl interrupt::Interruptible for Held {
    /// For [`interrupt::interrupt`], once nothing is written any more: throws away the staging
    /// folder and, for a temporary output, the output; waits until the trash is empty; removes
    /// the lock file.
    fn remove_what_it_was_making(&self) {
        let _ = self.trash.throw(&beside(&self.path, STAGING));
        if self.temporary.load(Ordering::SeqCst) {
            let _ = self.trash.throw(&self.path);
        }
        self.trash.wait_until_empty();
        let _ = std::fs::remove_file(&self.lock_path);
        if self.temporary.load(Ordering::SeqCst)
            && let Some(parent) = self.path.parent()
        {
            // The folder made to hold it, if nothing else is there.
            let _ = std::fs::remove_dir(parent);
        }
    }
}

impl Drop for Output {
    /// Waits for the trash to be empty, then removes the lock file while still holding the lock;
    /// a process waiting on it notices that the file it locked is gone and locks a new one.
    fn drop(&mut self) {
        let held: Arc<dyn interrupt::Interruptible> = self.held.clone();
        interrupt::release(&held);
        self.held.trash.wait_until_empty();
        let _ = std::fs::remove_file(&self.held.lock_path);
        let _ = self.lock.unlock();
    }
}

/// Name of this process's staging folders.
const STAGING: &str = "nuovo";
/// Name of the folder the previous site is moved to in a swap without exchange.
const PREVIOUS: &str = "precedente";
/// Name of this process's trash folder.
const TRASH: &str = "cestino";

/// The folder of `kind` beside `output` for this process (`.public.nuovo-PID`).
fn beside(output: &Path, kind: &str) -> PathBuf {
    output.with_file_name(format!(".{}.{kind}-{}", name(output), std::process::id()))
}

/// The output's folder name (`public`).
fn name(output: &Path) -> String {
    output.file_name().map_or_else(|| "public".into(), |name| name.to_string_lossy().into_owned())
}

/// A folder a build made: it holds the marker, or nothing at all.
fn ours(folder: &Path) -> bool {
    let is_folder = std::fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir());
    let marked = std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file());
    is_folder && (marked || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none()))
}

/// Opens and locks `lock_path`, retrying if the file locked was removed meanwhile by the
/// process that held it (it removes the file before letting go).
fn lock(lock_path: &Path, output: &Path, when_busy: WhenBusy<'_>) -> Result<File, OutputError> {
    let failed = |error| OutputError::Io(lock_path.to_path_buf(), error);
    let mut told = false;
    loop {
        let file = File::options().create(true).truncate(false).write(true).open(lock_path).map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => match &when_busy {
                WhenBusy::Stop => return Err(OutputError::Busy(output.to_path_buf())),
                WhenBusy::Wait(say) => {
                    if !told {
                        say(output);
                        told = true;
                    }
                    file.lock().map_err(failed)?;
                }
            },
            Err(std::fs::TryLockError::Error(error)) => return Err(failed(error)),
        }
        if same_file(&file, lock_path) {
            return Ok(file);
        }
    }
}

/// Whether the open `file` is still the one at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => (open.dev(), open.ino()) == (named.dev(), named.ino()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().canonicalize().unwrap().join("sito");
        std::fs::create_dir_all(site.join("data")).unwrap();
        (dir, site)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_second_claim_stops_or_waits_until_the_first_is_dropped() {
        let (_dir, site) = site();
        let first = Output::claim(&site, Path::new("public"), WhenBusy::Stop).unwrap();
        assert!(matches!(Output::claim(&site, Path::new("public"), WhenBusy::Stop), Err(OutputError::Busy(_))));
        let waiting = std::thread::spawn({
            let site = site.clone();
            move || {
                let said = std::sync::atomic::AtomicBool::new(false);
                let say = |_: &Path| said.store(true, std::sync::atomic::Ordering::SeqCst);
                let claimed = Output::claim(&site, Path::new("public"), WhenBusy::Wait(&say)).is_ok();
                (claimed, said.into_inner())
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!waiting.is_finished());
        drop(first);
        assert_eq!(waiting.join().unwrap(), (true, true));
        assert_eq!(names(&site), ["data"], "the lock file goes with the last holder");
    }

    #[test]
    fn leftovers_of_crashed_runs_are_removed_and_a_previous_site_put_back() {
        let (_dir, site) = site();
        for (folder, marked) in
            [(".public.nuovo-11", true), (".public.nuovo-12", false), (".public.precedente-13", true)]
        {
            std::fs::create_dir_all(site.join(folder)).unwrap();
            if marked {
                std::fs::write(site.join(folder).join(MARKER), "").unwrap();
                std::fs::write(site.join(folder).join("index.html"), folder).unwrap();
            }
        }
        std::fs::create_dir_all(site.join(".public.nuovo-14/altro")).unwrap();
        std::fs::create_dir_all(site.join(".altro.nuovo-15")).unwrap();
        let output = Output::claim(&site, Path::new("public"), WhenBusy::Stop).unwrap();
        assert_eq!(std::fs::read_to_string(site.join("public/index.html")).unwrap(), ".public.precedente-13");
        output.wait_for_the_trash();
        assert_eq!(names(&site), [".altro.nuovo-15", ".public.blocco", ".public.nuovo-14", "data", "public"]);
        drop(output);
        assert!(!site.join(".public.blocco").exists());
    }
}
