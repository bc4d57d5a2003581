//! Publishing a whole site atomically: [`publish()`] lets a stage generate it into a staging
//! folder beside the output, then swaps it in. On Linux the two folders are exchanged in one
//! step (`renameat2` with `RENAME_EXCHANGE`), so the output is always either the previous site or
//! the new one, whenever the process stops; elsewhere the previous site is moved aside and the
//! new one moved in, and a run stopped between the two renames is put right by the next claim of
//! the output. If anything fails before the swap, the previous site is left exactly as it was and
//! the staging folder is thrown away. The previous site is thrown away after the swap: it is
//! deleted in the background, so that a run goes on at once.

use std::io;
use std::path::Path;

use indicatif::ProgressBar;

use super::destination::{MARKER, MARKER_TEXT};
use super::{Finished, Manifest, Output, Writer};

/// Runs `generate` with a [`Writer`] into a new staging folder and, when it succeeds, replaces the
/// site at `output` with it. The writer counts the files on `progress`.
pub fn publish<T, E: From<io::Error>>(
    output: &Output,
    progress: ProgressBar,
    generate: impl FnOnce(&Writer) -> Result<T, E>,
) -> Result<(T, Finished), E> {
    let staging = output.staging();
    {
        let _writing = super::interrupt::writing()?;
        std::fs::create_dir(&staging)?;
    }
    let generated = super::interrupt::writing()
        .and_then(|_writing| std::fs::write(staging.join(MARKER), MARKER_TEXT))
        .map_err(E::from)
        .and_then(|()| {
            let writer = Writer::new(&staging, Manifest::default()).with_progress(progress);
            let generated = generate(&writer)?;
            Ok((generated, writer.finish()?))
        })
        .inspect_err(|_| {
            let _ = output.throw_away(&staging);
        })?;
    pause_for_tests("generato");
    crate::timing::stage("sostituzione della cartella", || swap_in(output, &staging))?;
    Ok(generated)
}

/// Puts the complete site at `staging` in place of the output, then throws the previous one away
/// (it is deleted in the background).
fn swap_in(output: &Output, staging: &Path) -> io::Result<()> {
    let writing = super::interrupt::writing()?;
    let destination = output.path();
    let cleanup = |error: io::Error| {
        let _ = output.throw_away(staging);
        error
    };
    if std::fs::symlink_metadata(destination).is_err() {
        return std::fs::rename(staging, destination).map_err(cleanup);
    }
    if exchange(staging, destination).map_err(cleanup)? {
        // The staging folder now holds the previous site.
        pause_for_tests("scambiato");
        return output.throw_away(staging);
    }
    let previous = output.previous();
    std::fs::rename(destination, &previous).map_err(cleanup)?;
    pause_for_tests("tra-le-rinomine");
    if let Err(error) = std::fs::rename(staging, destination) {
        std::fs::rename(&previous, destination)?;
        return Err(cleanup(error));
    }
    drop(writing);
    output.throw_away(&previous)
}

/// Exchanges the folders `a` and `b` in one step; `false` when the system or the file system
/// cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    if cfg!(debug_assertions) && std::env::var_os(NO_EXCHANGE_VARIABLE).is_some() {
        return Ok(false);
    }
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Exchanges the folders `a` and `b` in one step; `false` when the system or the file system
/// cannot.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// In debug builds only (the tests' binary), the environment variable that makes [`publish()`]
/// stop for a minute at one of its steps (`generato`, `scambiato`, `tra-le-rinomine`), after
/// printing `pausa: STEP` on standard error, so that a test can kill it there.
pub const PAUSE_VARIABLE: &str = "TRASPARENZA_PAUSA_DI_PROVA";

/// In debug builds only, the environment variable that makes the swap use two renames, as on
/// systems that cannot exchange two folders.
pub const NO_EXCHANGE_VARIABLE: &str = "TRASPARENZA_SENZA_SCAMBIO";

fn pause_for_tests(step: &str) {
    if cfg!(debug_assertions) && std::env::var_os(PAUSE_VARIABLE).is_some_and(|wanted| wanted == step) {
        eprintln!("pausa: {step}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::SitePath;

    fn site(files: &'static [(&str, &str)]) -> impl FnOnce(&Writer) -> io::Result<()> {
        move |writer| {
            files
                .iter()
                .try_for_each(|(path, text)| writer.put(SitePath::new(*path).unwrap(), text.as_bytes()).map(drop))
        }
    }

    /// The output `public` of a site in `dir`, claimed.
    fn claim(dir: &Path) -> Output {
        Output::claim(dir, Path::new("public"), crate::output::WhenBusy::Stop).unwrap()
    }

    fn leftovers(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    }

    #[test]
    fn publishing_replaces_the_whole_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let public = claim(dir.path());
        publish(&public, ProgressBar::hidden(), site(&[("index.html", "uno"), ("vecchia/index.html", "x")])).unwrap();
        let ((), finished) =
            publish(&public, ProgressBar::hidden(), site(&[("index.html", "due"), ("a/b/c.html", "c")])).unwrap();
        assert_eq!(finished.manifest.len(), 2);
        assert_eq!(std::fs::read_to_string(public.path().join("index.html")).unwrap(), "due");
        assert_eq!(std::fs::read_to_string(public.path().join("a/b/c.html")).unwrap(), "c");
        assert!(!public.path().join("vecchia").exists());
        public.wait_for_the_trash();
        assert_eq!(leftovers(dir.path()), [".public.blocco", "public"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = claim(dir.path());
        publish(&public, ProgressBar::hidden(), site(&[("index.html", "buono")])).unwrap();
        // A file and a folder with the same path cannot both be written.
        assert!(
            publish(&public, ProgressBar::hidden(), site(&[("a", "file"), ("a/b.html", "dentro un file")])).is_err()
        );
        assert_eq!(std::fs::read_to_string(public.path().join("index.html")).unwrap(), "buono");
        assert!(!public.path().join("a").exists());
        public.wait_for_the_trash();
        assert_eq!(leftovers(dir.path()), [".public.blocco", "public"]);
    }
}
