//! Atomic output: the set of output files replaces the output folder's content so that a
//! failed or killed build leaves either the old complete set or the new complete set, never a
//! mix and never half a file.
//!
//! # Design
//!
//! 1. **Lock.** The folder that holds `output/` is locked (`flock`) for the whole write, so two
//!    builds into the same folder run one after the other. Under the lock every temporary
//!    entry of ratsvorlage is a leftover of a killed build.
//! 2. **Leftovers.** `.<output>.ratsvorlage-tmp` beside the folder and `output/.ratsvorlage-neu`
//!    are uncommitted or already replaced sets: they are deleted. `output/.ratsvorlage-bereit`
//!    is a committed journal (below): it is completed.
//! 3. **Ownership.** `output/` belongs to ratsvorlage: each build replaces its whole content.
//!    To never delete what it did not write, a build refuses (and changes nothing) when the
//!    folder holds anything but the files of the previous build (listed in its marker file
//!    `.ratsvorlage-ausgabe`) or of this build. A write-protected folder is refused likewise.
//! 4. **Stage.** The new set is written into `.<output>.ratsvorlage-tmp`, a sibling of
//!    `output/` on the same file system; every file is fsynced, then the folder.
//! 5. **Swap.** `renameat2(RENAME_EXCHANGE)` swaps the staged folder and `output/` in one
//!    atomic step; then the parent folder is fsynced and the old set (now in the sibling) is
//!    deleted. A missing `output/` is created by renaming the staged folder into place.
//!    `output/` keeps its permissions; a symbolic link to the folder is followed.
//!
//! Readers and crashes see the old set until the swap and the new set after it.
//!
//! A file whose bytes equal those of the previous build's file of the same name is not
//! written again: it is hard-linked from the old folder into the staging folder, so that it
//! keeps its inode and modification time across the swap (viewers and sync tools see no
//! change; `watch` reports it as unchanged). Where linking fails the file is written.
//!
//! # Fallback: journal
//!
//! Where the exchange is not possible (not Linux, a file system without it, `output/` is a
//! mount point, or its parent folder is not writable), the set is staged inside the folder in
//! `.ratsvorlage-neu` and committed by renaming that to `.ratsvorlage-bereit`; then each file
//! is renamed into place, files of the previous build that the new one lacks are deleted, the
//! marker is moved last and the journal folder removed. A crash before the commit leaves the
//! old set (the next build deletes the staging folder); a crash after it is completed by the
//! next build. Unchanged files are left out of the journal and so stay where they are. Limit: while the files are renamed (microseconds, or until the next build after
//! a crash in that moment) a reader can see old and new files side by side. Each file is
//! still always whole.

mod fault_injection;
mod filesystem;
mod journal;
mod staging;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::package::error::PackageError;
use fault_injection::fault;
use journal::JOURNAL_STAGING;
use staging::{Previous, Staging, read_marker};

pub(crate) use staging::{MARKER, StagedFile};

/// The plain file names the last build wrote into `out` (its marker lists them); empty when
/// nothing was built there yet. Only names that can stand in the folder are listed.
pub(crate) fn written_files(out: &Path) -> Vec<String> {
    read_marker(&out.join(MARKER))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// What a successful replacement reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Replaced {
    /// The output folder, absolute, with symbolic links resolved.
    pub folder: PathBuf,
    /// Things that went wrong after the new set was in place (it is complete all the same),
    /// e.g. an old set that could not be deleted; in German.
    pub notes: Vec<String>,
    /// The files whose bytes equalled the previous build's and were kept as they were
    /// (same inode, same modification time), in the order of the set.
    pub unchanged: Vec<String>,
}

/// Replaces the content of the folder `out` with `files` (and the marker file) atomically.
pub(crate) fn replace(out: &Path, files: &[StagedFile<'_>]) -> Result<Replaced, PackageError> {
    let target = Target::locate(out)?;
    let mut notes = Vec::new();
    let _lock = lock(&target.parent, &mut notes);
    clear_leftovers(&target)?;
    if target.exists {
        check_writable(&target.out)?;
        check_owned(&target.out, files)?;
    }
    let unchanged = commit(&target, files, &mut notes)?;
    Ok(Replaced {
        folder: target.out,
        notes,
        unchanged,
    })
}

/// The output folder resolved: absolute, links followed, with its parent.
struct Target {
    out: PathBuf,
    parent: PathBuf,
    name: OsString,
    exists: bool,
}

impl Target {
    /// Resolves `out`; creates the folders above it when they are missing.
    fn locate(out: &Path) -> Result<Self, PackageError> {
        let exists = match fs::metadata(out) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => {
                return Err(PackageError::NotAFolder {
                    path: out.to_path_buf(),
                });
            }
            // A link to nothing would be replaced by the folder instead of being followed.
            Err(err)
                if err.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(out).is_ok() =>
            {
                return Err(PackageError::NotAFolder {
                    path: out.to_path_buf(),
                });
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => false,
            Err(err) => return Err(PackageError::io_at(out, "kann nicht gelesen werden", err)),
        };
        let absolute = if exists {
            fs::canonicalize(out)
                .map_err(|err| PackageError::io_at(out, "kann nicht gelesen werden", err))?
        } else {
            let parent = match out.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            fs::create_dir_all(parent)
                .map_err(|err| PackageError::io_at(parent, "kann nicht angelegt werden", err))?;
            let parent = fs::canonicalize(parent)
                .map_err(|err| PackageError::io_at(parent, "kann nicht gelesen werden", err))?;
            let name = out.file_name().ok_or_else(|| PackageError::NotAFolder {
                path: out.to_path_buf(),
            })?;
            parent.join(name)
        };
        let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
            return Err(PackageError::NotAFolder {
                path: out.to_path_buf(),
            });
        };
        Ok(Self {
            parent: parent.to_path_buf(),
            name: name.to_owned(),
            out: absolute.clone(),
            exists,
        })
    }

    /// The staging folder beside the output folder: `.<name>.ratsvorlage-tmp`.
    fn sibling(&self) -> PathBuf {
        let mut name = OsString::from(".");
        name.push(&self.name);
        name.push(".ratsvorlage-tmp");
        self.parent.join(name)
    }
}

/// Locks the folder that holds the output folder until the returned file is dropped. Where
/// locking is impossible the build goes on unprotected, with a note.
fn lock(parent: &Path, notes: &mut Vec<String>) -> Option<fs::File> {
    match fs::File::open(parent).and_then(|file| file.lock().map(|()| file)) {
        Ok(file) => Some(file),
        Err(err) => {
            notes.push(format!(
                "{} konnte nicht gesperrt werden ({}); gleichzeitige Builds in diesen Ordner sind \
                 nicht gegeneinander geschützt.",
                parent.display(),
                crate::report::io_reason(&err)
            ));
            None
        }
    }
}

/// Removes what killed builds left behind and completes a committed journal.
fn clear_leftovers(target: &Target) -> Result<(), PackageError> {
    let leftover = |path: &Path, err| {
        PackageError::io(
            format!(
                "Der Rest eines abgebrochenen Builds, {}, kann nicht entfernt werden; entfernen Sie ihn von Hand",
                path.display()
            ),
            err,
        )
    };
    let sibling = target.sibling();
    filesystem::remove_any(&sibling).map_err(|err| leftover(&sibling, err))?;
    if target.exists {
        let new = target.out.join(JOURNAL_STAGING);
        filesystem::remove_any(&new).map_err(|err| leftover(&new, err))?;
        journal::complete(&target.out)?;
    }
    Ok(())
}

fn check_writable(out: &Path) -> Result<(), PackageError> {
    let meta = fs::metadata(out)
        .map_err(|err| PackageError::io_at(out, "kann nicht gelesen werden", err))?;
    if filesystem::is_writable(out, &meta) {
        Ok(())
    } else {
        Err(PackageError::WriteProtected {
            path: out.to_path_buf(),
        })
    }
}

/// Refuses a folder that holds anything but the previous build's files and this build's.
fn check_owned(out: &Path, files: &[StagedFile<'_>]) -> Result<(), PackageError> {
    let mut ours: BTreeSet<String> = read_marker(&out.join(MARKER))?
        .unwrap_or_default()
        .into_iter()
        .collect();
    ours.extend(files.iter().map(|f| f.name.to_owned()));
    let entries = fs::read_dir(out)
        .map_err(|err| PackageError::io_at(out, "kann nicht gelesen werden", err))?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|err| PackageError::io_at(out, "kann nicht gelesen werden", err))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let own = name == MARKER || (ours.contains(&name) && !is_dir);
        if !own {
            foreign.push(name);
        }
    }
    if foreign.is_empty() {
        Ok(())
    } else {
        foreign.sort();
        Err(PackageError::ForeignEntries {
            path: out.to_path_buf(),
            names: foreign,
        })
    }
}

/// Stages the set and puts it in place, by exchange where possible, else by journal.
/// Returns the names of the files kept unchanged.
fn commit(
    target: &Target,
    files: &[StagedFile<'_>],
    notes: &mut Vec<String>,
) -> Result<Vec<String>, PackageError> {
    let sibling = target.sibling();
    let by_exchange = !target.exists || same_device(target)?;
    if by_exchange {
        match Staging::create(&sibling) {
            Ok(staging) => {
                let previous = if target.exists {
                    Previous::Link(&target.out)
                } else {
                    Previous::Absent
                };
                let unchanged = staging.fill(files, previous)?;
                match swap_in(target, staging, notes)? {
                    Swapped::Yes => return Ok(unchanged),
                    Swapped::Unsupported => {}
                }
            }
            // A parent folder we may not write in: stage inside the output folder instead.
            Err(err) if target.exists && is_denied(&err) => {}
            Err(err) if target.exists => {
                return Err(PackageError::io_at(
                    &sibling,
                    "kann nicht angelegt werden",
                    err,
                ));
            }
            Err(err) => {
                return Err(PackageError::io_at(
                    &target.out,
                    "kann nicht angelegt werden",
                    err,
                ));
            }
        }
    }
    journal::commit(&target.out, files)
}

fn same_device(target: &Target) -> Result<bool, PackageError> {
    let out = fs::metadata(&target.out)
        .map_err(|err| PackageError::io_at(&target.out, "kann nicht gelesen werden", err))?;
    let parent = fs::metadata(&target.parent)
        .map_err(|err| PackageError::io_at(&target.parent, "kann nicht gelesen werden", err))?;
    Ok(filesystem::same_device(&out, &parent))
}

fn is_denied(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

enum Swapped {
    Yes,
    Unsupported,
}

/// Puts the filled staging folder in place of the output folder (or creates it). After the
/// swap the staging path holds the old set, which is deleted.
fn swap_in(
    target: &Target,
    staging: Staging,
    notes: &mut Vec<String>,
) -> Result<Swapped, PackageError> {
    if target.exists {
        keep_permissions(&target.out, &staging.path)?;
    }
    let swapped = fault("vor-tausch").and_then(|()| {
        if target.exists {
            filesystem::exchange(&staging.path, &target.out)
        } else {
            fs::rename(&staging.path, &target.out)
        }
    });
    match swapped {
        Ok(()) => {}
        Err(err) if target.exists && filesystem::is_unsupported(&err) => {
            return Ok(Swapped::Unsupported);
        }
        Err(err) => {
            return Err(PackageError::io(
                format!(
                    "{} kann nicht durch den neuen Stand ersetzt werden",
                    target.out.display()
                ),
                err,
            ));
        }
    }
    let old = staging.disarm();
    if let Err(err) = filesystem::sync_dir(&target.parent) {
        notes.push(note(
            &target.parent,
            "konnte nicht auf den Datenträger geschrieben werden (fsync)",
            &err,
        ));
    }
    if let Err(err) = filesystem::remove_any(&old) {
        notes.push(note(
            &old,
            "(der alte Stand) konnte nicht gelöscht werden; der nächste Build versucht es wieder",
            &err,
        ));
    }
    Ok(Swapped::Yes)
}

fn note(path: &Path, what: &str, err: &io::Error) -> String {
    format!(
        "{} {what}: {}.",
        path.display(),
        crate::report::io_reason(err)
    )
}

fn keep_permissions(from: &Path, to: &Path) -> Result<(), PackageError> {
    let permissions = fs::metadata(from)
        .map_err(|err| PackageError::io_at(from, "kann nicht gelesen werden", err))?
        .permissions();
    fs::set_permissions(to, permissions)
        .map_err(|err| PackageError::io_at(to, "kann nicht eingerichtet werden", err))
}

#[cfg(test)]
mod tests;
