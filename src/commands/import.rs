//! `ratsvorlage import`: AG spreadsheets mailed in as zip archives (or as single files) are
//! checked entry by entry as `check` would check them inside the project, and the good ones
//! are copied into `ag/` or `teilnehmende/` by what they contain ([`crate::intake`]). A
//! different file of the same name is only replaced with `--force`, and the replaced one is
//! kept in the project's history; an identical one is skipped.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::intake::import;
pub use crate::intake::{EntryOutcome, ImportEntry, ImportProgress, ImportRun};
use crate::limits::Limits;
use crate::project::Project;
use crate::report::Problem;

/// What `import` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The zip archives (or single table files).
    pub archives: Vec<PathBuf>,
    /// The project folder to import into (default `input/`).
    pub into: Option<PathBuf>,
    /// Replace a different file of the same name.
    pub force: bool,
}

/// Imports the archives into the project, telling `progress` how far it has come; see
/// [`import`].
pub fn run(
    options: &ImportOptions,
    limits: &Limits,
    progress: &mut dyn FnMut(ImportProgress<'_>),
) -> Result<ImportRun, Vec<Problem>> {
    let project = Project::locate(options.into.as_deref(), None);
    import(
        &options.archives,
        &project.root,
        options.force,
        limits,
        progress,
    )
}

/// The import as text: one line per entry (with its reasons indented below), then a summary.
/// `nur_abgelehnte`: only the refused entries (for `--quiet`).
pub fn text(import_run: &ImportRun, only_refused: bool) -> String {
    let mut out = String::new();
    for e in &import_run.entries {
        if only_refused && e.outcome != EntryOutcome::Refused {
            continue;
        }
        let target = match (&e.target, e.outcome) {
            (Some(target), EntryOutcome::Copied | EntryOutcome::Replaced) => format!(" → {target}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "{}: {}{target}", e.outcome.word(), e.entry);
        for reason in &e.reasons {
            let _ = writeln!(out, "  {reason}");
        }
        if let Some(kept) = &e.kept {
            let _ = writeln!(out, "  bisherige Fassung gesichert in {kept}");
        }
    }
    if !only_refused {
        let _ = writeln!(out, "\n{}", import_run.summary());
    }
    out
}
