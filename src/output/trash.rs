//! [`Trash`]: the folders a run no longer needs (the previous site after a swap, a staging folder
//! that failed, what crashed runs left), moved at once into one folder beside the output,
//! `.public.cestino-PID`, and deleted there in the background, so that nobody waits for thousands
//! of files to go. The trash holds the marker until it is empty: a run killed while deleting
//! leaves a folder the next claim of the output recognises as its own and deletes in turn.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::destination::{MARKER, MARKER_TEXT};

/// The trash folder of one output in this process, and the thread that empties it.
#[derive(Debug)]
pub(super) struct Trash {
    folder: PathBuf,
    state: Arc<(Mutex<State>, Condvar)>,
}

#[derive(Debug, Default)]
struct State {
    /// Folders moved in so far.
    thrown: usize,
    /// Whether a thread is emptying the trash.
    emptying: bool,
}

impl Trash {
    /// The trash at `folder` (created when first used).
    pub(super) fn at(folder: PathBuf) -> Trash {
        Trash { folder, state: Arc::default() }
    }

    /// Moves `path` (a file or folder on the same file system) into the trash and has it deleted
    /// in the background. Nothing at `path` is not an error.
    pub(super) fn throw(&self, path: &Path) -> io::Result<()> {
        let mut state = lock(&self.state.0);
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(());
        }
        // A trash left by a killed run with this process's number is emptied as it is.
        if path != self.folder {
            if std::fs::symlink_metadata(&self.folder).is_err() {
                std::fs::create_dir(&self.folder)?;
                std::fs::write(self.folder.join(MARKER), MARKER_TEXT)?;
            }
            let mut inside = self.folder.join(state.thrown.to_string());
            while std::fs::symlink_metadata(&inside).is_ok() {
                state.thrown += 1;
                inside = self.folder.join(state.thrown.to_string());
            }
            std::fs::rename(path, inside)?;
        }
        state.thrown += 1;
        if !state.emptying {
            state.emptying = true;
            let (folder, shared) = (self.folder.clone(), Arc::clone(&self.state));
            std::thread::spawn(move || empty(&folder, &shared));
        }
        Ok(())
    }

    /// Waits until everything thrown away is deleted.
    pub(super) fn wait_until_empty(&self) {
        let (mutex, emptied) = &*self.state;
        let mut state = lock(mutex);
        while state.emptying {
            state = emptied.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

/// Deletes what is in the trash `folder` until nothing more is thrown in, then the folder itself,
/// its marker last.
fn empty(folder: &Path, shared: &(Mutex<State>, Condvar)) {
    let (mutex, emptied) = shared;
    loop {
        let seen = lock(mutex).thrown;
        remove_contents(folder);
        let mut state = lock(mutex);
        if state.thrown == seen {
            let _ = std::fs::remove_file(folder.join(MARKER));
            let _ = std::fs::remove_dir(folder);
            state.emptying = false;
            emptied.notify_all();
            return;
        }
    }
}

/// Deletes everything in `folder` but its marker; what cannot be deleted stays.
pub(super) fn remove_contents(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        let _ = if is_folder { std::fs::remove_dir_all(entry.path()) } else { std::fs::remove_file(entry.path()) };
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_thrown_away_is_deleted_with_the_trash() {
        let dir = tempfile::tempdir().unwrap();
        let trash = Trash::at(dir.path().join(".public.cestino-1"));
        for name in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join(name).join("x/y")).unwrap();
            std::fs::write(dir.path().join(name).join("x/y/z.html"), name).unwrap();
            trash.throw(&dir.path().join(name)).unwrap();
            assert!(!dir.path().join(name).exists());
        }
        trash.throw(&dir.path().join("nessuno")).unwrap();
        trash.wait_until_empty();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
