//! The `trasparenza` command: parses the arguments and hands over to [`trasparenza::cli`].
//!
//! The binary allocates with mimalloc: rendering a large site makes millions of short-lived
//! strings (Tera's variable lookups, escaping, serialisation), and glibc's allocator spent a
//! sixth of a build's CPU time on them.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    trasparenza::cli::run()
}
