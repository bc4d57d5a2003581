//! `trasparenza serve`: the preview that rebuilds on every change. Builds the site, serves it on
//! loopback, watches the site's files and rebuilds after each save; open pages reload by
//! themselves. An invalid edit keeps the last good site on screen, with the diagnostics over every
//! page, until the data is fixed. Bad input never stops the server.

mod server;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use crate::BuildFailure;
use crate::diagnostics::report;
use crate::output::{self, Output};

pub use server::{EVENTS, State, find, inject};
pub use watch::{DEBOUNCE, is_site_file};

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site: PathBuf,
    /// Where each good build is also written.
    pub output: PathBuf,
    /// Address to listen on.
    pub address: SocketAddr,
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be used (a port already taken, say).
    Bind(String),
    /// The site folder cannot be watched.
    Watch(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind(text) | ServeError::Watch(text) => f.write_str(text),
        }
    }
}

/// Starts the preview and rebuilds on every change, until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let server = tiny_http::Server::http(options.address).map_err(|error| {
        ServeError::Bind(format!(
            "non è possibile usare l'indirizzo {}: {error}\n  suggerimento: la porta è forse già in uso; sceglierne un'altra con --port",
            options.address
        ))
    })?;
    let address = server.server_addr().to_ip().unwrap_or(options.address);
    if !address.ip().is_loopback() {
        eprintln!(
            "attenzione: l'anteprima è raggiungibile da altri computer all'indirizzo {address}; per usarla solo da qui, ometti --bind"
        );
    }
    let base = format!("http://{address}/");
    // The watcher starts before the first build, so that no save is missed.
    let _ = std::fs::create_dir_all(&options.output);
    let watcher = watch::SiteWatcher::new(&options.site, &options.output).map_err(|error| {
        ServeError::Watch(format!("non è possibile osservare la cartella {}: {error}", options.site.display()))
    })?;
    let shared: server::Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    rebuild(options, &base, &shared);
    println!("Anteprima su {base} (Ctrl+C per terminare)");
    let serving = Arc::clone(&shared);
    std::thread::spawn(move || server::run(server, serving));
    while let Some(changed) = watcher.next_change() {
        println!("Modificati: {}", changed.join(", "));
        rebuild(options, &base, &shared);
    }
    Ok(())
}

/// Rebuilds the whole site; on success swaps it in and writes it, otherwise keeps the last good
/// site and shows the problems. Either way open pages are told to reload.
fn rebuild(options: &ServeOptions, base: &str, shared: &server::Shared) {
    let started = Instant::now();
    let result = crate::generate(&options.site, Some(base));
    let (lock, changed) = &**shared;
    let Ok(mut state) = lock.lock() else { return };
    match result {
        Ok((site, diagnostics)) => {
            if diagnostics.warnings() > 0 {
                eprint!("{}", report::to_text(&diagnostics));
            }
            let pages = changed_pages(&state.site, &site);
            if let Err(error) = output::publish(&site, &options.output) {
                eprintln!("attenzione: il sito non è stato scritto in {}: {error}", options.output.display());
            }
            state.site = Arc::new(site);
            state.problems = None;
            let noun = if pages == 1 { "pagina" } else { "pagine" };
            println!("Ricostruite {pages} {noun} in {} ms", started.elapsed().as_millis());
        }
        Err(failure) => {
            let text = match failure {
                BuildFailure::Invalid(diagnostics) => report::to_text(&diagnostics),
                BuildFailure::NotASite(problem) => problem.to_string(),
                BuildFailure::Theme(problem) => problem.to_string(),
                BuildFailure::Write(error) => error.to_string(),
            };
            eprint!("{text}");
            eprintln!("Il sito mostrato resta l'ultima versione valida.");
            state.problems = Some(text);
        }
    }
    state.generation += 1;
    changed.notify_all();
}

/// How many HTML pages of `new` are new or different from `previous`.
fn changed_pages(previous: &Output, new: &Output) -> usize {
    new.files()
        .filter(|(path, bytes)| path.as_str().ends_with(".html") && previous.get(path.as_str()) != Some(*bytes))
        .count()
}
