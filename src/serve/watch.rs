//! Watching the site folder: file-system events from `notify`, filtered to the files the site is
//! made of and debounced, so that an editor's save (a temporary file, a rename, several events)
//! gives one rebuild. Only the site's own folders are watched, never the output folder, whose
//! thousands of folders would cost a watch each and an event for every file written.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// How long the folder must stay quiet after an event before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// The folders of a site that hold its files, beside `config.toml`.
const SITE_FOLDERS: [&str; 5] = ["data", "content", "static", "templates", "themes"];

/// A watcher of the site folder.
pub struct SiteWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    output: PathBuf,
}

impl SiteWatcher {
    /// Starts watching `root`, ignoring the output folder `output`.
    pub fn new(root: &Path, output: &Path) -> notify::Result<Self> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for folder in SITE_FOLDERS.map(|name| root.join(name)).iter().filter(|f| f.is_dir()) {
            watcher.watch(folder, RecursiveMode::Recursive)?;
        }
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let output = output.canonicalize().unwrap_or_else(|_| output.to_path_buf());
        Ok(SiteWatcher { watcher, events, root, output })
    }

    /// Blocks until a change to the site's files, then until the folder is quiet again; returns
    /// the changed paths (relative to the site folder). `None` when the watcher stopped.
    pub fn next_change(&mut self) -> Option<Vec<String>> {
        let mut changed = Vec::new();
        loop {
            let timeout = if changed.is_empty() { Duration::from_secs(3600) } else { DEBOUNCE };
            match self.events.recv_timeout(timeout) {
                Ok(Ok(event)) if changes_content(&event.kind) => {
                    for path in &event.paths {
                        self.watch_if_new_folder(path);
                    }
                    changed.extend(event.paths.iter().filter_map(|p| self.relevant(p)))
                }
                Ok(Ok(_)) => {}
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if !changed.is_empty() => {
                    changed.sort();
                    changed.dedup();
                    return Some(changed);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Starts watching a site folder (`data/`, `content/`…) created after the preview started.
    fn watch_if_new_folder(&mut self, path: &Path) {
        let top_level = path
            .parent()
            .is_some_and(|parent| parent == self.root || parent.canonicalize().is_ok_and(|p| p == self.root));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if top_level && SITE_FOLDERS.contains(&name.as_str()) && path.is_dir() {
            let _ = self.watcher.watch(path, RecursiveMode::Recursive);
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
/// `static/`, `templates/` and `themes/`, except editors' temporary and hidden files.
pub fn is_site_file(relative: &Path) -> bool {
    let mut components = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = components.next() else { return false };
    let name = relative.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !temporary && !hidden && (first == "config.toml" || SITE_FOLDERS.contains(&first.as_str()))
}

#[cfg(test)]
mod tests {
    use super::is_site_file;
    use std::path::Path;

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
            "README.md",
            "target/x",
            ".git/HEAD",
        ] {
            assert!(!is_site_file(Path::new(no)), "{no}");
        }
    }
}
