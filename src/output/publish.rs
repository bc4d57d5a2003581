//! Writing an [`Output`] to disk atomically: into a staging folder beside the destination, then
//! swapped in with two renames. If anything fails before the swap, the previous site is left
//! exactly as it was and the staging folder is removed.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Output;

/// Publishes `output` at `destination`, replacing what was there only once everything is written.
pub fn publish(output: &Output, destination: &Path) -> io::Result<()> {
    let parent = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.nuovo-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.precedente-{}", std::process::id()));
    remove_if_present(&staging)?;
    if let Err(error) = write_all(output, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    swap_in(&staging, destination, &previous)
}

fn write_all(output: &Output, root: &Path) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    let mut folders: Vec<PathBuf> =
        output.files().filter_map(|(path, _)| path.under(root).parent().map(Path::to_path_buf)).collect();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder)?;
    }
    let files: Vec<_> = output.files().collect();
    files.par_iter().try_for_each(|(path, bytes)| std::fs::write(path.under(root), bytes))
}

/// Moves the old site aside, the new one in, and deletes the old one; puts the old one back if
/// the new one cannot be moved in.
fn swap_in(staging: &Path, destination: &Path, previous: &Path) -> io::Result<()> {
    let had_previous = destination.exists();
    if had_previous {
        remove_if_present(previous)?;
        std::fs::rename(destination, previous)?;
    }
    if let Err(error) = std::fs::rename(staging, destination) {
        if had_previous {
            std::fs::rename(previous, destination)?;
        }
        let _ = std::fs::remove_dir_all(staging);
        return Err(error);
    }
    if had_previous {
        std::fs::remove_dir_all(previous)?;
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::SitePath;

    fn site(files: &[(&str, &str)]) -> Output {
        let mut output = Output::new();
        for (path, text) in files {
            output.insert(SitePath::new(*path).unwrap(), text.as_bytes());
        }
        output
    }

    #[test]
    fn publishing_replaces_the_whole_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        publish(&site(&[("index.html", "uno"), ("vecchia/index.html", "x")]), &public).unwrap();
        publish(&site(&[("index.html", "due"), ("a/b/c.html", "c")]), &public).unwrap();
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "due");
        assert_eq!(std::fs::read_to_string(public.join("a/b/c.html")).unwrap(), "c");
        assert!(!public.join("vecchia").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        publish(&site(&[("index.html", "buono")]), &public).unwrap();
        // A file and a folder with the same path cannot both be written.
        let broken = site(&[("a", "file"), ("a/b.html", "dentro un file")]);
        assert!(publish(&broken, &public).is_err());
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "buono");
        assert!(!public.join("a").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }
}
