//! Publishing a whole site atomically: [`publish()`] lets a stage generate it into a staging
//! folder beside the destination, then swaps it in with two renames. If anything fails before the
//! swap, the previous site is left exactly as it was and the staging folder is removed.

use std::io;
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;

use super::{Finished, Manifest, Writer};

/// Runs `generate` with a [`Writer`] into a new staging folder and, when it succeeds, replaces the
/// site at `destination` with it. The writer counts the files on `progress`.
pub fn publish<T, E: From<io::Error>>(
    destination: &Path,
    progress: ProgressBar,
    generate: impl FnOnce(&Writer) -> Result<T, E>,
) -> Result<(T, Finished), E> {
    let parent = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.nuovo-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.precedente-{}", std::process::id()));
    remove_if_present(&staging)?;
    std::fs::create_dir_all(&staging)?;
    let writer = Writer::new(&staging, Manifest::default()).with_progress(progress);
    let generated = generate(&writer).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staging);
    })?;
    let finished = writer.finish()?;
    crate::timing::stage("sostituzione della cartella", || swap_in(&staging, destination, &previous))?;
    Ok((generated, finished))
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

    fn site(files: &'static [(&str, &str)]) -> impl FnOnce(&Writer) -> io::Result<()> {
        move |writer| {
            files.iter().try_for_each(|(path, text)| writer.put(SitePath::new(*path).unwrap(), text.as_bytes()))
        }
    }

    fn leftovers(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect()
    }

    #[test]
    fn publishing_replaces_the_whole_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        publish(&public, ProgressBar::hidden(), site(&[("index.html", "uno"), ("vecchia/index.html", "x")])).unwrap();
        let ((), finished) =
            publish(&public, ProgressBar::hidden(), site(&[("index.html", "due"), ("a/b/c.html", "c")])).unwrap();
        assert_eq!(finished.manifest.len(), 2);
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "due");
        assert_eq!(std::fs::read_to_string(public.join("a/b/c.html")).unwrap(), "c");
        assert!(!public.join("vecchia").exists());
        assert_eq!(leftovers(dir.path()), ["public"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        publish(&public, ProgressBar::hidden(), site(&[("index.html", "buono")])).unwrap();
        // A file and a folder with the same path cannot both be written.
        assert!(
            publish(&public, ProgressBar::hidden(), site(&[("a", "file"), ("a/b.html", "dentro un file")])).is_err()
        );
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "buono");
        assert!(!public.join("a").exists());
        assert_eq!(leftovers(dir.path()), ["public"]);
    }
}
