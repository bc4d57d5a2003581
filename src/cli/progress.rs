//! The progress of a build on standard error: the stage that runs ([`crate::timing::stage`]) and
//! the files written against their total, known before the first one is written. On a terminal,
//! a bar that appears once the build has run for a second; elsewhere (a log, a pipe) plain lines
//! without escape codes: one as each stage starts and one at each further tenth of the files.
//! Nothing when stage times are printed instead (`--tempi`).

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// How often plain lines look whether another tenth of the files was written.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// The bar while the number of files is not yet known.
const COUNTING: &str = "{prefix} ({elapsed}): {msg}";

/// The bar once it is.
const WRITING: &str = "{prefix} [{bar:30}] {pos}/{len} file ({elapsed}): {msg}";

/// The progress of a build labelled `label` (`Generazione del sito`); finish it with
/// `finish_and_clear`.
pub fn bar(label: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_prefix(label.to_string());
    set_style(&bar, COUNTING);
    if crate::timing::shown() {
        return bar;
    }
    let on_terminal = std::io::stderr().is_terminal();
    let lines = Lines::default();
    let (followed, stage_lines) = (bar.clone(), lines.clone());
    crate::timing::follow(move |stage| {
        if followed.is_finished() {
            return;
        }
        if followed.length().is_some() {
            set_style(&followed, WRITING);
        }
        followed.set_message(stage.to_string());
        if !on_terminal {
            stage_lines.stage(&followed);
        }
    });
    let watched = bar.clone();
    if on_terminal {
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            if !watched.is_finished() {
                watched.set_draw_target(ProgressDrawTarget::stderr());
            }
        });
    } else {
        std::thread::spawn(move || {
            while !watched.is_finished() {
                std::thread::sleep(LOOK_EVERY);
                lines.tenth(&watched);
            }
        });
    }
    bar
}

fn set_style(bar: &ProgressBar, template: &str) {
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
}

/// The plain lines of a build's progress, and the tenth of its files the last one showed.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Option<u64>>>);

impl Lines {
    /// A line for the stage that starts.
    fn stage(&self, bar: &ProgressBar) {
        let mut shown = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *shown = print(bar).or(*shown);
    }

    /// A line if another tenth of the files was written since the last one.
    fn tenth(&self, bar: &ProgressBar) {
        let mut shown = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !bar.is_finished() && tenth(bar).is_some_and(|now| now > shown.unwrap_or(0)) {
            *shown = print(bar);
        }
    }
}

/// The tenths of the files written, once their number is known.
fn tenth(bar: &ProgressBar) -> Option<u64> {
    bar.length().filter(|total| *total > 0).map(|total| bar.position() * 10 / total)
}

/// Prints the line of where `bar` stands (`Generazione del sito: pagine, 150 di 312 file (48 %)`)
/// and returns the tenth of the files it shows.
fn print(bar: &ProgressBar) -> Option<u64> {
    let (label, stage) = (bar.prefix(), bar.message());
    match bar.length().filter(|total| *total > 0) {
        Some(total) => {
            let done = bar.position();
            eprintln!("{label}: {stage}, {done} di {total} file ({} %)", done * 100 / total);
        }
        None => eprintln!("{label}: {stage}"),
    }
    tenth(bar)
}
