//! `trasparenza init DIR`: creates a new site ready to fill in.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_USAGE;

/// Creates the site and says what to do next.
pub fn run(dir: &Path) -> ExitCode {
    match crate::init::init(dir) {
        Ok(files) => {
            println!("Creato un nuovo sito in {} ({files} file).", dir.display());
            println!("Leggere {}/GUIDA.md, compilare i file in data/, poi:", dir.display());
            println!("  trasparenza check --site {}", dir.display());
            println!("  trasparenza build --site {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("trasparenza: {problem}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
