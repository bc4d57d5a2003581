//! The `trasparenza` command: parses the arguments and hands over to [`trasparenza::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    trasparenza::cli::run()
}
