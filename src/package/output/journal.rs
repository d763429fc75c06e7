//! The fallback where the output folder cannot be swapped as a whole: a journal folder inside
//! it, committed by one rename and then applied file by file (see the parent module).

use std::fs;
use std::io;
use std::path::Path;

use super::fault_injection::fault;
use super::filesystem;
use super::staging::{MARKER, Previous, StagedFile, Staging, read_marker};
use crate::package::error::PackageError;

/// Staging folder of the journal, inside the output folder.
pub(super) const JOURNAL_STAGING: &str = ".ratsvorlage-neu";
/// Committed journal, inside the output folder.
pub(super) const JOURNAL_COMMITTED: &str = ".ratsvorlage-bereit";

/// Stages `files` in `out/.ratsvorlage-neu`, commits them by renaming that folder to
/// `out/.ratsvorlage-bereit`, and applies the journal. Files equal to those in `out` are not
/// staged and stay in place; returns their names.
pub(super) fn commit(out: &Path, files: &[StagedFile<'_>]) -> Result<Vec<String>, PackageError> {
    let new = out.join(JOURNAL_STAGING);
    let staging = Staging::create(&new)
        .map_err(|err| PackageError::io_at(&new, "kann nicht angelegt werden", err))?;
    let unchanged = staging.fill(files, Previous::Keep(out))?;
    let committed = out.join(JOURNAL_COMMITTED);
    fault("journal-vor-commit")
        .and_then(|()| fs::rename(&staging.path, &committed))
        .map_err(|err| {
            PackageError::io(
                format!(
                    "{} kann nicht nach {} umbenannt werden",
                    new.display(),
                    committed.display()
                ),
                err,
            )
        })?;
    staging.disarm();
    complete(out)?;
    Ok(unchanged)
}

/// Applies a committed journal, if there is one: moves its files into `out`, deletes the
/// previous build's files that the new set lacks, moves the marker last and removes the
/// journal folder. Safe to repeat after a crash at any point.
pub(super) fn complete(out: &Path) -> Result<(), PackageError> {
    let committed = out.join(JOURNAL_COMMITTED);
    if !fs::symlink_metadata(&committed).is_ok_and(|meta| meta.is_dir()) {
        return Ok(());
    }
    let unfinished = |err| {
        PackageError::io(
            format!(
                "Der neue Stand in {} kann nicht vollständig eingesetzt werden; der nächste Build \
                 holt das nach",
                out.display()
            ),
            err,
        )
    };
    if let Some(new) = read_marker(&committed.join(MARKER))? {
        let old = read_marker(&out.join(MARKER))?.unwrap_or_default();
        for name in &new {
            move_if_present(&committed.join(name), &out.join(name)).map_err(unfinished)?;
            fault(&format!("journal-verschoben:{name}")).map_err(unfinished)?;
        }
        for name in old.iter().filter(|name| !new.contains(name)) {
            filesystem::remove_any(&out.join(name)).map_err(unfinished)?;
        }
        move_if_present(&committed.join(MARKER), &out.join(MARKER)).map_err(unfinished)?;
    }
    filesystem::sync_dir(out).map_err(unfinished)?;
    fs::remove_dir(&committed).map_err(unfinished)
}

/// Renames `from` to `to`; a `from` that is already gone (moved by an earlier attempt) is fine.
fn move_if_present(from: &Path, to: &Path) -> io::Result<()> {
    match fs::rename(from, to) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
