//! The progress bar of long builds: hidden during the first second, then drawn on standard error
//! (only when it is a terminal and stage times are not being printed there), counting the files
//! generated against those announced.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress bar labelled `label` that appears if it is still running after a second; finish it
/// with `finish_and_clear`.
pub fn bar(label: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} file ({elapsed})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label.to_string());
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_AFTER);
        if !shown.is_finished() && !crate::timing::shown() {
            shown.set_draw_target(ProgressDrawTarget::stderr());
        }
    });
    bar
}
