//! `trasparenza serve`: the preview that rebuilds on every change. Builds the site into a folder
//! of its own under the system's temporary folder ([`preview_folder`]), never into the folder
//! `build` publishes, serves it on loopback, watches the site's files and rebuilds after each
//! save; open pages reload by themselves. An invalid edit keeps the last good site on screen, with the diagnostics over every
//! page, until the data is fixed; a site invalid from the start shows the diagnostics alone until
//! its first good build. Bad input never stops the server.

mod preview;
mod server;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use crate::BuildFailure;
use crate::diagnostics::report;
use crate::output::{Output, WhenBusy};

pub use preview::{Preview, Rebuilt};
pub use server::{EVENTS, State, find, host_allowed, inject};
pub use watch::{DEBOUNCE, is_site_file};

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site: PathBuf,
    /// Address to listen on.
    pub address: SocketAddr,
    /// Counts the files of the first build, the long one.
    pub progress: indicatif::ProgressBar,
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be used (a port already taken, say).
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the server said.
        cause: String,
    },
    /// The site folder cannot be watched.
    Watch {
        /// The site folder.
        site: PathBuf,
        /// What the watcher said.
        error: notify::Error,
    },
    /// The output folder cannot be used.
    Output(crate::output::OutputError),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind { address, cause } => write!(
                f,
                "non è possibile usare l'indirizzo {address}: {cause}\n  suggerimento: la porta è forse già in uso; sceglierne un'altra con --port"
            ),
            ServeError::Watch { site, error } => {
                write!(f, "non è possibile osservare la cartella {}: {error}", site.display())
            }
            ServeError::Output(problem) => problem.fmt(f),
        }
    }
}

/// The folder the preview of the site in `site` writes to: one per site and user, under the
/// system's temporary folder (`$TMPDIR/trasparenza-UID/anteprima-HASH`), deleted when the
/// preview is stopped with Ctrl+C; what a killed preview leaves there is deleted by the next one.
pub fn preview_folder(site: &Path) -> PathBuf {
    let site = site.canonicalize().unwrap_or_else(|_| site.to_path_buf());
    let hash = xxhash_rust::xxh3::xxh3_64(site.as_os_str().as_encoded_bytes());
    // SAFETY: getuid has no preconditions and cannot fail.
    let user = unsafe { libc::getuid() };
    std::env::temp_dir().join(format!("trasparenza-{user}")).join(format!("anteprima-{hash:016x}"))
}

/// Starts the preview and rebuilds on every change, until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    // The address first: a port already taken leaves nothing behind.
    let server = tiny_http::Server::http(options.address)
        .map_err(|error| ServeError::Bind { address: options.address, cause: error.to_string() })?;
    let output =
        Output::claim(&options.site, &preview_folder(&options.site), WhenBusy::Stop).map_err(ServeError::Output)?;
    output.remove_when_interrupted();
    let address = server.server_addr().to_ip().unwrap_or(options.address);
    if !address.ip().is_loopback() {
        eprintln!(
            "attenzione: l'anteprima è raggiungibile da altri computer all'indirizzo {address}; per usarla solo da qui, ometti --bind"
        );
    }
    let base = format!("http://{address}/");
    // The watcher starts before the first build, so that no save is missed.
    let mut watcher = watch::SiteWatcher::new(&options.site, output.path())
        .map_err(|error| ServeError::Watch { site: options.site.clone(), error })?;
    let state = State { site: output.path().to_path_buf(), ..State::default() };
    let shared: server::Shared = Arc::new((Mutex::new(state), Condvar::new()));
    let mut preview = Preview::new(&options.site, output, &base);
    preview.show_progress(options.progress.clone());
    rebuild(&mut preview, None, &shared, |_| false);
    options.progress.finish_and_clear();
    preview.show_progress(indicatif::ProgressBar::hidden());
    println!("Anteprima su {base} (Ctrl+C per terminare)");
    let serving = Arc::clone(&shared);
    std::thread::spawn(move || server::run(server, serving, address));
    while let Some(changed) = watcher.next_change() {
        println!("Modificati: {}", changed.join(", "));
        let read = watcher.stamps(&changed);
        let started = Instant::now();
        if let Some(address) = preview.show_edited_first(&changed) {
            println!("Aggiornata la pagina /{address} in {} ms", started.elapsed().as_millis());
            reload_pages(&shared);
        }
        rebuild(&mut preview, Some(&changed), &shared, |failure| watcher.changed_since(&read, &blamed(failure)));
    }
    Ok(())
}

/// Tells the open pages to reload.
fn reload_pages(shared: &server::Shared) {
    let (lock, notify) = &**shared;
    if let Ok(mut state) = lock.lock() {
        state.generation += 1;
        notify.notify_all();
    }
}

/// The files that the errors of `failure` name.
fn blamed(failure: &BuildFailure) -> Vec<String> {
    let BuildFailure::Invalid(diagnostics) = failure else { return Vec::new() };
    let errors = diagnostics.iter().filter(|d| d.severity == crate::diagnostics::Severity::Errore);
    let mut files: Vec<String> = errors.map(|d| d.location.file.clone()).collect();
    files.sort();
    files.dedup();
    files
}

/// Rebuilds after `changed`; on success the new site is on disk, otherwise the last good site
/// stays and the problems are shown, unless `rewritten` says, given the failure, that the site's
/// files changed while they were being read (the problems may come from a file read
/// half-written): the next rebuild reads them again. Either way open pages are told to reload.
fn rebuild(
    preview: &mut Preview,
    changed: Option<&[String]>,
    shared: &server::Shared,
    rewritten: impl FnOnce(&BuildFailure) -> bool,
) {
    let started = Instant::now();
    let result = preview.rebuild(changed);
    if result.as_ref().is_err_and(rewritten) {
        println!("File modificati durante la lettura: saranno letti di nuovo.");
        return;
    }
    let (lock, notify) = &**shared;
    let Ok(mut state) = lock.lock() else { return };
    match result {
        Ok(rebuilt) => {
            if rebuilt.diagnostics.warnings() > 0 {
                anstream::eprint!("{}", report::to_terminal(&rebuilt.diagnostics));
            }
            state.problems = None;
            let pages = rebuilt.pages();
            let noun = if pages == 1 { "pagina" } else { "pagine" };
            println!("Ricostruite {pages} {noun} in {} ms", started.elapsed().as_millis());
        }
        Err(failure) => {
            // The terminal shows every value; the browser, no value of personal data.
            let (terminal, browser) = match failure {
                BuildFailure::Invalid(diagnostics) => {
                    (report::to_terminal(&diagnostics), report::to_text_for_browser(&diagnostics))
                }
                BuildFailure::NotASite(problem) => (problem.to_string(), problem.to_string()),
                BuildFailure::Theme(problem) => (problem.to_string(), problem.to_string()),
                BuildFailure::Write(error) => {
                    let text = format!("il sito non è stato scritto in {}: {error}", state.site.display());
                    (text.clone(), text)
                }
            };
            anstream::eprint!("{terminal}");
            if server::has_site(&state.site) {
                eprintln!("Il sito mostrato resta l'ultima versione valida.");
            } else {
                eprintln!(
                    "Il sito sarà mostrato appena i dati saranno corretti: l'anteprima mostra intanto questi problemi."
                );
            }
            state.problems = Some(browser);
        }
    }
    state.generation += 1;
    notify.notify_all();
}
