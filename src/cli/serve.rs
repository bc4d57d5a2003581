//! `trasparenza serve`: the preview that rebuilds on every change.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;

use crate::serve::{ServeOptions, serve};

use super::EXIT_USAGE;

/// Starts the preview; returns only when it cannot start.
pub fn run(site: &Path, bind: IpAddr, port: u16, open: bool) -> ExitCode {
    if !site.join(crate::config::CONFIG_FILE).is_file() {
        eprintln!("trasparenza: la cartella {} non è un sito: manca config.toml", site.display());
        return ExitCode::from(EXIT_USAGE);
    }
    let progress = super::progress::bar("Prima generazione del sito");
    let options = ServeOptions { site: site.to_path_buf(), address: SocketAddr::new(bind, port), progress };
    if open {
        let url = format!("http://{}/", options.address);
        let _ = std::process::Command::new("xdg-open").arg(url).spawn();
    }
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("trasparenza: {problem}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
