//! The fixture builder of all tests, written once for both kinds: the unit tests in `src/`
//! reach it as `crate::test_support` (`#[cfg(test)]` in `lib.rs`, so it is no part of the
//! library), the integration tests include this file by path as `support::fixture`
//! (`tests/it/support/mod.rs`). It uses only `std`, `zip` and `tempfile`, so it compiles in
//! both places.
//!
//! - [`TestDir`]: a throw-away folder (made and removed by `tempfile`) to write fixture files
//!   into, or to copy the bundled example project into.
//! - [`zip`]: a zip archive in memory; [`xlsx_sheet_list`]: an xlsx package with a sheet
//!   list of one's own (for macro sheets and other unusual entries).

// Each of the two places uses a different part of it.
#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A zip archive with these entries, deflated; a name ending in `/` is a folder.
pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, options).expect("zip folder");
        } else {
            writer.start_file(*name, options).expect("zip entry");
            writer.write_all(bytes).expect("zip write");
        }
    }
    writer.finish().expect("zip finish").into_inner()
}

/// An xlsx package whose workbook lists `sheets` (the `<sheet>` elements, as written) with
/// the relationships `rels` (`<Relationship>` elements) beside `rId1`, the worksheet
/// `xl/worksheets/sheet1.xml` holding `sheet_data`, and an Excel 4 macro sheet part.
pub(crate) fn xlsx_sheet_list(sheets: &str, rels: &str, sheet_data: &str) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let package_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{rels}</Relationships>"#
    );
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", package_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>"),
    ])
}

/// The bundled example project (`input/` of the repository); copy it before changing it.
pub(crate) fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("input")
}

/// A fresh, empty folder for one test under the system's temporary folder, removed when
/// dropped — unless the test fails: then it stays, and its path is printed, for a look at
/// what the test left.
pub(crate) struct TestDir {
    dir: tempfile::TempDir,
    /// `dir`'s path, canonical.
    path: PathBuf,
}

impl TestDir {
    /// A new, empty folder named `ratsvorlage-test-…` (not hidden like tempfile's default
    /// `.tmp…`, so that no test path looks like the junk the readers skip).
    pub(crate) fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("ratsvorlage-test-")
            .tempdir()
            .expect("temporary folder");
        let path = std::fs::canonicalize(dir.path()).expect("canonical temporary folder");
        Self { dir, path }
    }

    /// The folder, as canonical path (no symbolic link in it, also where the temporary folder
    /// is reached through one), so that it equals the paths the code under test resolves.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a file below the folder, creating its parent folders; returns its path.
    pub(crate) fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    /// Creates a folder (and its parents) below the folder; returns its path.
    pub(crate) fn mkdir(&self, relative: &str) -> PathBuf {
        let path = self.path().join(relative);
        std::fs::create_dir_all(&path).expect("mkdir");
        path
    }

    /// Copies the bundled example project to `relative` below the folder; returns its path.
    pub(crate) fn example(&self, relative: &str) -> PathBuf {
        let path = self.path().join(relative);
        copy_tree(&example(), &path);
        path
    }
}

impl Default for TestDir {
    fn default() -> Self {
        Self::new()
    }
}

impl std::ops::Deref for TestDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.path()
    }
}

impl AsRef<Path> for TestDir {
    fn as_ref(&self) -> &Path {
        self.path()
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.dir.disable_cleanup(true);
            eprintln!("test folder kept: {}", self.path().display());
        }
    }
}

/// Copies a folder tree, creating `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        // What a build or the workplace kept in a developer's example (states, history)
        // is no part of a fresh copy.
        if entry.file_name() == ".ratsvorlage" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
