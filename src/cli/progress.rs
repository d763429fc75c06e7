//! Progress bars on stderr (indicatif), fed by the callbacks of the library's commands.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use ratsvorlage::commands::import::ImportProgress;
use ratsvorlage::pipeline::Stage;

use super::console::Console;

/// A progress bar over `len` steps on stderr, or a hidden one when stderr is no terminal
/// or `--quiet` is set.
pub(super) fn bar(console: &Console, len: u64, what: &str) -> ProgressBar {
    if !console.shows_progress() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len).with_prefix(what.to_owned());
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// A progress bar over the `len` stages of a build, with the elapsed time ticking, hidden
/// like [`bar`].
pub(super) fn stages(console: &Console, len: u64) -> ProgressBar {
    if !console.shows_progress() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// Shows the stage a build has reached.
pub(super) fn show_stage(bar: &ProgressBar, stage: Stage) {
    bar.set_position(stage.number());
    bar.set_message(stage.text());
}

/// Shows how far an import has come.
pub(super) fn show_import(bar: &ProgressBar, progress: ImportProgress<'_>) {
    match progress {
        ImportProgress::Entries(len) => bar.set_length(len),
        ImportProgress::Entry(name) => bar.set_message(name.to_owned()),
        ImportProgress::EntryDone => bar.inc(1),
        ImportProgress::CheckInProject => bar.set_message("Prüfung im Projekt"),
    }
}
