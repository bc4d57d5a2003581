//! `trasparenza check`: loads and validates everything and reports all problems at once.
//!
//! Exit code 0 with warnings only, 1 with errors, 2 when the folder is not a site.

use std::path::Path;
use std::process::ExitCode;

use crate::diagnostics::report;

use super::{EXIT_USAGE, Format};

/// Runs the check and prints the report on standard output.
pub fn run(site: &Path, format: Format) -> ExitCode {
    let checked = match crate::check(site) {
        Ok(checked) => checked,
        Err(problem) => {
            eprintln!("trasparenza: {problem}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let text = match format {
        Format::Testo => report::to_terminal(&checked.diagnostics),
        Format::Json => report::to_json(&checked.diagnostics),
    };
    // Colours only on a terminal: anstream drops them when piped or with NO_COLOR.
    anstream::print!("{text}");
    if checked.diagnostics.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
