//! How long each stage of the pipeline takes, printed on standard error when asked for
//! (`--tempi`), to see where the time of a build or of a preview's rebuild goes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static SHOWN: AtomicBool = AtomicBool::new(false);

/// Prints the time of every stage run from now on.
pub fn show() {
    SHOWN.store(true, Ordering::Relaxed);
}

/// True when stage times are printed.
pub fn shown() -> bool {
    SHOWN.load(Ordering::Relaxed)
}

/// Runs the stage `name` and, when times are shown, prints how long it took.
pub fn stage<T>(name: &str, run: impl FnOnce() -> T) -> T {
    if !shown() {
        return run();
    }
    let started = Instant::now();
    let result = run();
    eprintln!("  tempo: {name} {} ms", started.elapsed().as_millis());
    result
}
