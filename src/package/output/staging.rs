//! The set being written: its files and marker, written and synced into a staging folder,
//! with unchanged files carried over from the previous build. Both ways of putting a set in
//! place (the exchange in the parent module and the journal) stage through this.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::fault_injection::fault;
use super::filesystem;
use crate::package::error::PackageError;
use crate::package::names::file_name_problem;

/// The marker file in the output folder: names the files of the last build.
pub(crate) const MARKER: &str = ".ratsvorlage-ausgabe";
/// The first line of the marker file.
pub(super) const MARKER_HEAD: &str =
    "# ratsvorlage: Ausgabe des letzten Builds. Der Ordner wird bei jedem Build ersetzt.";

/// One file of the set to write.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StagedFile<'a> {
    /// A plain file name (checked by the caller with [`file_name_problem`]).
    pub name: &'a str,
    /// The content.
    pub bytes: &'a [u8],
}

/// A staging folder that is deleted again unless [`Staging::disarm`]ed, so that a failed
/// build leaves nothing behind (a killed one leaves it to the next build).
pub(super) struct Staging {
    pub(super) path: PathBuf,
    armed: bool,
}

impl Staging {
    /// Creates the (new, empty) folder.
    pub(super) fn create(path: &Path) -> io::Result<Self> {
        fs::create_dir(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            armed: true,
        })
    }

    /// Writes every file and the marker, each synced to disk, then syncs the folder. A file
    /// equal to the previous build's is carried over as `vorher` says instead; returns the
    /// names of those files.
    pub(super) fn fill(
        &self,
        files: &[StagedFile<'_>],
        previous: Previous<'_>,
    ) -> Result<Vec<String>, PackageError> {
        let mut unchanged = Vec::new();
        for file in files {
            let target = self.path.join(file.name);
            if previous.carried_over(file, &target) {
                unchanged.push(file.name.to_owned());
            } else {
                write_synced(&target, file.bytes)?;
            }
        }
        write_synced(&self.path.join(MARKER), marker(files).as_bytes())?;
        filesystem::sync_dir(&self.path).map_err(|err| {
            PackageError::io_at(
                &self.path,
                "kann nicht auf den Datenträger geschrieben werden",
                err,
            )
        })?;
        Ok(unchanged)
    }

    /// Keeps the folder and returns its path.
    pub(super) fn disarm(mut self) -> PathBuf {
        self.armed = false;
        std::mem::take(&mut self.path)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.armed {
            // Best effort: what stays behind is removed by the next build's clear_leftovers.
            let _ = filesystem::remove_any(&self.path);
        }
    }
}

/// Where the previous build's files are, seen from a staging folder, and how a file whose
/// bytes did not change is carried over.
#[derive(Clone, Copy, Debug)]
pub(super) enum Previous<'a> {
    /// No previous set: every file is written.
    Absent,
    /// The previous set is in this folder, which the staging folder will replace: an
    /// unchanged file is hard-linked into the staging folder.
    Link(&'a Path),
    /// The previous set is in this folder, into which the staged files will be moved: an
    /// unchanged file is not staged and stays where it is.
    Keep(&'a Path),
}

impl Previous<'_> {
    /// Whether `file` equals the previous build's file and was carried over (linked to
    /// `ziel` or left in place); `false` means it must be written.
    fn carried_over(self, file: &StagedFile<'_>, target: &Path) -> bool {
        match self {
            Previous::Absent => false,
            Previous::Link(dir) => {
                let old = dir.join(file.name);
                same_bytes(&old, file.bytes) && fs::hard_link(&old, target).is_ok()
            }
            Previous::Keep(dir) => same_bytes(&dir.join(file.name), file.bytes),
        }
    }
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes a new file and syncs it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), PackageError> {
    let write = || -> io::Result<()> {
        let mut file = fs::File::create_new(path)?;
        file.write_all(bytes)?;
        fault(&path.to_string_lossy())?;
        file.sync_all()
    };
    write().map_err(|err| {
        PackageError::io(
            format!("Die Datei {} kann nicht geschrieben werden", path.display()),
            err,
        )
    })
}

/// The marker file's text: a head line, then one file name per line.
pub(super) fn marker(files: &[StagedFile<'_>]) -> String {
    let mut text = format!("{MARKER_HEAD}\n");
    for file in files {
        text.push_str(file.name);
        text.push('\n');
    }
    text
}

/// The file names in a marker file; `None` when there is none. Lines that are not plain file
/// names are ignored, so that an edited marker can never name a path outside the folder.
pub(super) fn read_marker(path: &Path) -> Result<Option<Vec<String>>, PackageError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(PackageError::io_at(path, "kann nicht gelesen werden", err)),
    };
    let names = text
        .lines()
        .filter(|line| !line.starts_with('#') && file_name_problem(line).is_none())
        .map(str::to_owned)
        .collect();
    Ok(Some(names))
}
