//! `trasparenza build`: checks, renders and publishes the site atomically. With errors in the
//! data it prints them and publishes nothing.

use std::path::Path;
use std::process::ExitCode;

use crate::BuildFailure;
use crate::diagnostics::report;
use crate::output::{Output, WhenBusy};

use super::EXIT_USAGE;

/// Runs the build and reports on the terminal.
pub fn run(site: &Path, output: &Path, base_url: Option<&str>) -> ExitCode {
    if let Some(problem) = base_url.and_then(crate::config::base_url_problem) {
        eprintln!(
            "trasparenza: --base-url {problem}\n  suggerimento: indicare l'indirizzo a cui il sito sarà pubblicato, come https://www.ente.it/"
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let waiting = |output: &Path| {
        eprintln!(
            "trasparenza: un'altra generazione o anteprima sta scrivendo in {}: attendo che finisca (Ctrl+C per rinunciare)…",
            output.display()
        );
    };
    let output = match Output::claim(site, output, WhenBusy::Wait(&waiting)) {
        Ok(output) => output,
        Err(problem) => {
            eprintln!("trasparenza: {problem}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let destination = output.path();
    let progress = super::progress::bar("Generazione del sito");
    let result = crate::build(site, &output, base_url, progress.clone());
    progress.finish_and_clear();
    match result {
        Ok(built) => {
            if !built.diagnostics.is_empty() {
                anstream::eprint!("{}", report::to_terminal(&built.diagnostics));
            }
            println!("Sito generato in {}: {} file.", destination.display(), built.files);
            ExitCode::SUCCESS
        }
        Err(BuildFailure::NotASite(problem)) => {
            eprintln!("trasparenza: {problem}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(BuildFailure::Invalid(diagnostics)) => {
            anstream::eprint!("{}", report::to_terminal(&diagnostics));
            eprintln!(
                "trasparenza: il sito non è stato pubblicato perché i dati contengono errori; la versione precedente è rimasta com'era."
            );
            ExitCode::FAILURE
        }
        Err(BuildFailure::Theme(problem)) => {
            eprintln!(
                "trasparenza: {problem}\n  il sito non è stato pubblicato; la versione precedente è rimasta com'era."
            );
            ExitCode::FAILURE
        }
        Err(BuildFailure::Write(error)) => {
            eprintln!(
                "trasparenza: non è stato possibile scrivere il sito in {}: {error}\n  la versione precedente è rimasta com'era.",
                destination.display()
            );
            ExitCode::from(EXIT_USAGE)
        }
    }
}
