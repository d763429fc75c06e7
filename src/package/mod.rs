//! Stage 5, package: konzept.json, the PDFs and the OParl submission package, written
//! atomically into the output folder.
//!
//! [`write`] puts this set into `output/` (`outputs.md` §1–3):
//!
//! - the Beschlussvorlage and the Anlage under their [`PdfDocument::file_name`] (named by
//!   [`names::document_names`]),
//! - `konzept.json`, the concept model (participant names only when
//!   `namen_veroeffentlichen` allows them; otherwise they are dropped here once more),
//! - `<Vorlage nummer>.zip` ([`names::zip_name`]: `FB 50/1234/08` → `FB-50-1234-08.zip`),
//!   holding exactly both PDFs, `konzept.json` and `oparl.json` ([`oparl`]), built
//!   deterministically ([`archive`]),
//! - and the hidden marker `.ratsvorlage-ausgabe` that lists them.
//!
//! The same input gives the same bytes in every file. How the folder is replaced, and what
//! ratsvorlage does with files it did not write, is described in [`output`].

pub(crate) mod archive;
pub(crate) mod error;
pub(crate) mod names;
pub(crate) mod oparl;
pub(crate) mod output;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::documents::{Documents, PdfDocument};
use crate::model::Konzept;

pub use error::PackageError;
pub use names::document_names;

/// The name of the concept model in the output folder and in the package.
pub const KONZEPT_JSON: &str = "konzept.json";
/// The name of the OParl Paper in the package.
pub const OPARL_JSON: &str = "oparl.json";

/// What [`write`] put into the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The output folder, absolute, with symbolic links resolved.
    pub folder: PathBuf,
    /// The files in writing order: Beschlussvorlage, Anlage, `konzept.json`, the package
    /// (the hidden marker file is not listed).
    pub files: Vec<WrittenFile>,
    /// The package's file name, e.g. `FB-50-1234-08.zip` (also in `dateien`).
    pub package: String,
    /// Problems after the new set was complete in place, in German (e.g. the old set could
    /// not be deleted); the build succeeded all the same.
    pub notes: Vec<String>,
}

/// One written file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenFile {
    /// File name in the output folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Whether the previous build's file had the same bytes and was kept as it was (same
    /// inode and modification time) instead of being written again.
    pub unchanged: bool,
}

/// Writes the documents, `konzept.json` and the submission package into `out` atomically:
/// afterwards `out` holds the complete new set, or, on error, exactly what it held before.
/// `basis_url` is `konzept.toml`'s `[oparl] basis_url` (default:
/// [`crate::model::config::default_base_url`]).
pub fn write(
    out: &Path,
    konzept: &Konzept,
    docs: &Documents,
    base_url: &str,
) -> Result<Written, PackageError> {
    let base = oparl::BaseUrl::new(base_url)?;
    let package = names::zip_name(&konzept.vorlage.number);
    check_names(&[
        &docs.beschlussvorlage.file_name,
        &docs.anlage.file_name,
        KONZEPT_JSON,
        &package,
    ])?;
    let konzept_json = konzept_json(konzept)?;
    let oparl_json = json(OPARL_JSON, &oparl::paper(konzept, docs, &base))?;
    let zip = archive::zip(
        &[
            entry(&docs.beschlussvorlage),
            entry(&docs.anlage),
            archive::ZipEntry {
                name: KONZEPT_JSON,
                bytes: &konzept_json,
            },
            archive::ZipEntry {
                name: OPARL_JSON,
                bytes: &oparl_json,
            },
        ],
        konzept.vorlage.date,
    )
    .map_err(|err| PackageError::Generate {
        file: package.clone(),
        reason: err.to_string(),
    })?;
    let files = [
        output::StagedFile {
            name: &docs.beschlussvorlage.file_name,
            bytes: &docs.beschlussvorlage.pdf,
        },
        output::StagedFile {
            name: &docs.anlage.file_name,
            bytes: &docs.anlage.pdf,
        },
        output::StagedFile {
            name: KONZEPT_JSON,
            bytes: &konzept_json,
        },
        output::StagedFile {
            name: &package,
            bytes: &zip,
        },
    ];
    let replaced = output::replace(out, &files)?;
    Ok(Written {
        folder: replaced.folder,
        files: files
            .iter()
            .map(|f| WrittenFile {
                name: f.name.to_owned(),
                bytes: f.bytes.len() as u64,
                unchanged: replaced.unchanged.iter().any(|n| n == f.name),
            })
            .collect(),
        package,
        notes: replaced.notes,
    })
}

/// The bytes of `konzept.json`: the concept as it may be published, as pretty JSON.
pub(crate) fn konzept_json(konzept: &Konzept) -> Result<Vec<u8>, PackageError> {
    json(KONZEPT_JSON, &*public(konzept))
}

/// The concept as it may be published: without participant names unless they are allowed.
fn public(konzept: &Konzept) -> Cow<'_, Konzept> {
    if konzept.beteiligung.publish_names || konzept.beteiligung.persons.is_empty() {
        Cow::Borrowed(konzept)
    } else {
        let mut public = konzept.clone();
        public.beteiligung.persons.clear();
        Cow::Owned(public)
    }
}

/// Every name must be a plain file name, and no two the same.
fn check_names(list: &[&str]) -> Result<(), PackageError> {
    for (i, name) in list.iter().enumerate() {
        if let Some(reason) = names::file_name_problem(name) {
            return Err(PackageError::InvalidFileName {
                name: (*name).to_owned(),
                reason: reason.to_owned(),
            });
        }
        if list[..i].contains(name) {
            return Err(PackageError::InvalidFileName {
                name: (*name).to_owned(),
                reason: "zwei Ausgabedateien hätten denselben Namen".to_owned(),
            });
        }
    }
    Ok(())
}

/// Pretty JSON with a final line break.
fn json(file: &str, value: &impl serde::Serialize) -> Result<Vec<u8>, PackageError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|err| PackageError::Generate {
        file: file.to_owned(),
        reason: err.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn entry(doc: &PdfDocument) -> archive::ZipEntry<'_> {
    archive::ZipEntry {
        name: &doc.file_name,
        bytes: &doc.pdf,
    }
}
