//! Watching the site folder: file-system events from `notify`, debounced by
//! `notify-debouncer-full` (which also pairs the renames of an editor's save), filtered to the
//! files the site is made of, never editors' temporary or lock files. A file that was renamed
//! into place or deleted, as editors save, or closed by its writer, is complete: that change is
//! reported at once.
//! A file written in place is reported only once every such file has kept its size and
//! modification time for a moment and no table looks cut short, so that a save written in pieces
//! gives one rebuild, from the whole file. Only the site's own folders are watched, never the
//! output folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long the site's files must stay without events before a change is considered: long
/// enough to pair the two halves of a rename and gather the files of one save.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// How long each file written in place must then keep its size and modification time.
const STEADY: Duration = Duration::from_millis(200);

/// How long, at most, to wait for a table that looks cut short to be completed.
const PATIENCE: Duration = Duration::from_secs(3);

/// How long after a failed rebuild to wait for the events of a save made while it was reading:
/// the debouncer hands an event on within a quarter of [`DEBOUNCE`] after it is due; the rest
/// leaves room for a busy machine.
const LATE_EVENTS: Duration = Duration::from_millis(250);

/// The folders of a site that hold its files, beside `config.toml`.
const SITE_FOLDERS: [&str; 5] = ["data", "content", "static", "templates", "themes"];

/// The size and modification time of each file, `None` for one that does not exist.
pub type Stamps = BTreeMap<String, Option<(u64, SystemTime)>>;

/// A watcher of the site folder.
pub struct SiteWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    output: PathBuf,
    /// Files changed while a rebuild was reading, reported with the next change.
    waiting: BTreeSet<String>,
}

impl SiteWatcher {
    /// Starts watching `root`, ignoring the output folder `output`.
    pub fn new(root: &Path, output: &Path) -> notify::Result<Self> {
        let (sender, events) = channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, sender)?;
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        for folder in SITE_FOLDERS.map(|name| root.join(name)).iter().filter(|f| f.is_dir()) {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let output = output.canonicalize().unwrap_or_else(|_| output.to_path_buf());
        Ok(SiteWatcher { debouncer, events, root, output, waiting: BTreeSet::new() })
    }

    /// Blocks until a change to the site's files, then, when a file was written in place, until
    /// the changed files are steady and no table among them looks cut short (at most a few
    /// seconds for that); returns the changed paths (relative to the site folder), sorted. `None`
    /// when the watcher stopped.
    pub fn next_change(&mut self) -> Option<Vec<String>> {
        // Files that changed while a rebuild was reading may be being written still.
        let mut changed = std::mem::take(&mut self.waiting);
        let mut in_place = !changed.is_empty();
        while changed.is_empty() {
            let batch = self.events.recv().ok()?;
            in_place |= self.take(batch, &mut changed).written_in_place;
        }
        if !in_place {
            return Some(changed.into_iter().collect());
        }
        let patience = Instant::now() + PATIENCE;
        loop {
            let before = self.stamps(&changed);
            let steady = Instant::now() + STEADY;
            let mut more = false;
            while let Some(left) = steady.checked_duration_since(Instant::now()) {
                match self.events.recv_timeout(left) {
                    Ok(batch) => more |= self.take(batch, &mut changed).any,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            let settled = !more && self.stamps(&changed) == before;
            if settled && (Instant::now() >= patience || !changed.iter().any(|path| self.cut_short(path))) {
                return Some(changed.into_iter().collect());
            }
        }
    }

    /// Whether the site's files changed since a rebuild that failed read them, `read` being the
    /// stamps of the files it was started for: one of those changed, or any file of the site
    /// changed meanwhile, or a file the errors name (`blamed`) that the rebuild was not started
    /// for is a table that looks cut short (a save of another file, still being written, that the
    /// rebuild read in part). What changed is reported by the next [`SiteWatcher::next_change`],
    /// which waits for a table cut short to be completed; a table that stays cut short is then
    /// among the files it was started for, and its errors are shown.
    pub fn changed_since(&mut self, read: &Stamps, blamed: &[String]) -> bool {
        if self.stamps(read.keys()) != *read {
            return true;
        }
        let until = Instant::now() + LATE_EVENTS;
        let mut waiting = std::mem::take(&mut self.waiting);
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            let Ok(batch) = self.events.recv_timeout(left) else { break };
            self.take(batch, &mut waiting);
        }
        let unawares = blamed.iter().filter(|path| !read.contains_key(*path));
        waiting.extend(unawares.filter(|path| self.cut_short(path)).cloned());
        self.waiting = waiting;
        !self.waiting.is_empty()
    }

    /// The size and modification time of the site's files `paths` now.
    pub fn stamps<'a>(&self, paths: impl IntoIterator<Item = &'a String>) -> Stamps {
        let stamp = |path: &String| {
            let metadata = std::fs::metadata(self.root.join(path)).ok()?;
            Some((metadata.len(), metadata.modified().ok()?))
        };
        paths.into_iter().map(|path| (path.clone(), stamp(path))).collect()
    }

    /// Adds to `changed` the site's files that `batch` says changed; whether there was one, and
    /// whether one was written in place.
    fn take(&mut self, batch: DebounceEventResult, changed: &mut BTreeSet<String>) -> Taken {
        let mut taken = Taken { any: false, written_in_place: false };
        let Ok(events) = batch else { return taken };
        let events: Vec<&notify::Event> = events.iter().map(|debounced| &debounced.event).collect();
        let partial = maybe_partial(&events);
        for event in events.iter().filter(|event| changes_content(&event.kind)) {
            for path in &event.paths {
                self.watch_if_new_folder(path);
                if let Some(relative) = self.relevant(path) {
                    taken.any = true;
                    taken.written_in_place |= partial.contains(path.as_path());
                    changed.insert(relative);
                }
            }
        }
        taken
    }

    /// Whether the site's file `path` is a table that looks cut short, as while being written.
    fn cut_short(&self, path: &str) -> bool {
        if !path.starts_with("data/") || !path.ends_with(".csv") {
            return false;
        }
        let Ok(bytes) = std::fs::read(self.root.join(path)) else { return false };
        crate::load::text::decode(&bytes).is_ok_and(|decoded| crate::load::table::looks_cut_short(&decoded.text))
    }

    /// Starts watching a site folder (`data/`, `content/`…) created after the preview started.
    fn watch_if_new_folder(&mut self, path: &Path) {
        let top_level = path
            .parent()
            .is_some_and(|parent| parent == self.root || parent.canonicalize().is_ok_and(|p| p == self.root));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if top_level && SITE_FOLDERS.contains(&name.as_str()) && path.is_dir() {
            let _ = self.debouncer.watch(path, RecursiveMode::Recursive);
        }
    }

    /// The path relative to the site, if it is one of the site's files.
    fn relevant(&self, path: &Path) -> Option<String> {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if path.starts_with(&self.output) {
            return None;
        }
        let relative = path.strip_prefix(&self.root).ok()?;
        is_site_file(relative).then(|| relative.to_string_lossy().replace('\\', "/"))
    }
}

/// What a batch of events said of the site's files.
struct Taken {
    /// Some file changed.
    any: bool,
    /// Some file was created or written in place, and may still be being written.
    written_in_place: bool,
}

/// The paths of a batch of `events` that may still be being written: those created or written
/// in place and not closed after their last write, unless the batch also renamed a file to that
/// path (the debouncer moves the writes of an editor's temporary file onto the name it is renamed
/// to, and may report the whole save as the creation of that name). A file renamed into place,
/// deleted, or closed by its writer is whole.
fn maybe_partial<'a>(events: &[&'a notify::Event]) -> BTreeSet<&'a Path> {
    use notify::EventKind::{Access, Modify, Remove};
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    let renamed_into: BTreeSet<&Path> = events
        .iter()
        .filter(|event| matches!(event.kind, Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))))
        .filter_map(|event| event.paths.last().map(PathBuf::as_path))
        .collect();
    let mut partial = BTreeSet::new();
    for event in events {
        for path in event.paths.iter().map(PathBuf::as_path) {
            match event.kind {
                Access(AccessKind::Close(AccessMode::Write)) => drop(partial.remove(path)),
                Modify(ModifyKind::Name(_)) | Remove(_) => {}
                kind if changes_content(&kind) && !renamed_into.contains(path) => drop(partial.insert(path)),
                _ => {}
            }
        }
    }
    partial
}

/// True for events that can change what a file holds: reading a file (which every rebuild does)
/// or touching its metadata is not a change.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind::{Any, Create, Modify, Remove};
    use notify::event::ModifyKind;
    match kind {
        Modify(ModifyKind::Metadata(_)) => false,
        Create(_) | Modify(_) | Remove(_) | Any => true,
        _ => false,
    }
}

/// True for the files a site is made of: `config.toml` and what is under `data/`, `content/`,
/// `static/`, `templates/` and `themes/`, except hidden files and folders and editors' temporary
/// and lock files.
pub fn is_site_file(relative: &Path) -> bool {
    let mut components = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = components.next() else { return false };
    let name = relative.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !hidden && !is_temporary(&name) && (first == "config.toml" || SITE_FOLDERS.contains(&first.as_str()))
}

/// Whether a file `name` is one that editors and browsers write for a moment or keep as a lock:
/// vim's `4913`, `.swp`, `.swx` and `name~`, emacs's `#name#` (and `.#name`, hidden), Office's
/// `~$name` (and LibreOffice's `.~lock.name#`, hidden), downloads' `.part` and `.crdownload`,
/// and any `.tmp`.
fn is_temporary(name: &str) -> bool {
    const ENDINGS: [&str; 6] = ["~", ".swp", ".swx", ".tmp", ".part", ".crdownload"];
    name == "4913"
        || name.starts_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || ENDINGS.iter().any(|ending| name.to_ascii_lowercase().ends_with(ending))
}

#[cfg(test)]
mod tests {
    use super::{is_site_file, maybe_partial};
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
    use notify::{Event, EventKind};
    use std::path::Path;

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        paths.iter().fold(Event::new(kind), |event, path| event.add_path(path.into()))
    }

    #[test]
    fn a_file_renamed_into_place_or_deleted_is_whole_and_one_written_in_place_may_not_be() {
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let partial = |events: &[Event]| {
            let events: Vec<&Event> = events.iter().collect();
            let mut paths: Vec<String> = maybe_partial(&events).iter().map(|p| p.display().to_string()).collect();
            paths.sort();
            paths
        };
        // An editor's save, as the debouncer hands it on: the temporary file's writes are moved
        // onto the name it was renamed to.
        let saved = [
            event(EventKind::Create(CreateKind::File), &["d/.fasi.csv.tmp"]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["d/.fasi.csv.tmp", "d/fasi.csv"]),
            event(written, &["d/fasi.csv"]),
        ];
        assert_eq!(partial(&saved), ["d/.fasi.csv.tmp"], "the saved table is whole");
        let renamed = [event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &["d/fasi.csv"])];
        assert!(partial(&renamed).is_empty());
        assert!(partial(&[event(EventKind::Remove(RemoveKind::File), &["d/fasi.csv"])]).is_empty());
        let beside = [
            event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &["d/fasi.csv"]),
            event(written, &["d/obiettivi.csv"]),
            event(EventKind::Modify(ModifyKind::Any), &["d/indicatori.csv"]),
            event(EventKind::Any, &["d/piano.csv"]),
        ];
        assert_eq!(partial(&beside), ["d/indicatori.csv", "d/obiettivi.csv", "d/piano.csv"]);
        let metadata = [event(EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any)), &["d/a"])];
        assert!(partial(&metadata).is_empty(), "touching metadata is no change");
        // The debouncer may also report a temporary file renamed over a table as the table created,
        // written and closed.
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let created = [event(EventKind::Create(CreateKind::File), &["d/fasi.csv"]), event(closed, &["d/fasi.csv"])];
        assert!(partial(&created).is_empty(), "closed by its writer");
        let open = [event(EventKind::Create(CreateKind::File), &["d/fasi.csv"]), event(written, &["d/fasi.csv"])];
        assert_eq!(partial(&open), ["d/fasi.csv"], "still open");
        let again = [event(written, &["d/fasi.csv"]), event(closed, &["d/fasi.csv"]), event(written, &["d/fasi.csv"])];
        assert_eq!(partial(&again), ["d/fasi.csv"], "written again after it was closed");
    }

    #[test]
    fn only_site_files_trigger_a_rebuild() {
        for yes in [
            "config.toml",
            "data/piao/fasi.csv",
            "content/a.md",
            "static/x.pdf",
            "templates/base.html",
            "themes/t/templates/x.html",
        ] {
            assert!(is_site_file(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "data/.~lock.fasi.csv#",
            "data/fasi.csv~",
            "data/.fasi.csv.swp",
            "data/.fasi.csv.swx",
            "data/4913",
            "content/#pagina.md#",
            "content/.#pagina.md",
            "data/~$obiettivi.csv",
            "data/.~lock.obiettivi.csv#",
            "data/obiettivi.csv.TMP",
            "static/allegato.pdf.part",
            "static/allegato.pdf.crdownload",
            "static/.nascosto/x.pdf",
            "README.md",
            "target/x",
            ".git/HEAD",
        ] {
            assert!(!is_site_file(Path::new(no)), "{no}");
        }
    }
}
