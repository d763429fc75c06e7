//! Stage 1, sources: walk a project folder, open zip archives in memory, and hand on every
//! file that may hold a table as bytes with its display path. Junk is ignored and reported.

mod archive;
mod folder;
mod names;

pub use archive::ARCHIVE_SEPARATOR;
pub use names::is_junk;

use crate::limits::Limits;
use crate::report::{FileReport, FileStatus, ImportReport, Place};

/// The kinds of file a table can come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Office Open XML workbook.
    Xlsx,
    /// Office Open XML workbook with macros.
    Xlsm,
    /// Excel 97–2003 (BIFF).
    Xls,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
    /// Delimited text.
    Csv,
}

impl Format {
    /// The format of a file name by its extension (case-insensitive); zip is not a format here.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" => Self::Xlsx,
            "xlsm" => Self::Xlsm,
            "xls" => Self::Xls,
            "xlsb" => Self::Xlsb,
            "ods" => Self::Ods,
            "csv" | "tsv" | "txt" => Self::Csv,
            _ => return None,
        })
    }
}

/// One readable file, in memory.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the project folder with `/`; zip entries as `archiv.zip › pfad/datei.xlsx`.
    pub path: String,
    /// How to read it.
    pub format: Format,
    /// Its bytes (bounded by the limits).
    pub bytes: Vec<u8>,
}

/// Every readable file of a project, in path order.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The files.
    pub files: Vec<Source>,
}

/// Collects every readable file below `root` (and inside its zip archives), reporting what
/// is ignored or cannot be read. `konzept.toml` and `texte/` are not sources.
pub fn collect(root: &std::path::Path, limits: &Limits, report: &mut ImportReport) -> Sources {
    gather(limits, report, |collection| {
        folder::walk(root, "", collection)
    })
}

/// Collects the table files inside one zip archive given as bytes, as if `pfad` (its
/// display path) lay in the project folder: the entry point for fuzzing the archive reader.
pub fn collect_archive(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
    report: &mut ImportReport,
) -> Sources {
    gather(limits, report, |collection| {
        let mut budget = archive::Budget::new(limits);
        archive::open(path, bytes, 1, &mut budget, collection);
    })
}

/// Runs one collection and returns what it found.
fn gather(
    limits: &Limits,
    report: &mut ImportReport,
    walk: impl FnOnce(&mut Collection<'_>),
) -> Sources {
    let mut collection = Collection {
        limits,
        report,
        sources: Vec::new(),
    };
    walk(&mut collection);
    Sources {
        files: collection.sources,
    }
}

/// Collects one file outside a project (an archive mailed in, or a single table file) as
/// `collect` would collect it inside one: read within the limits, junk ignored, zip entries
/// shown as `<file name> › <entry>`.
pub fn collect_file(path: &std::path::Path, limits: &Limits, report: &mut ImportReport) -> Sources {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut collection = Collection {
        limits,
        report,
        sources: Vec::new(),
    };
    folder::file(path, name.clone(), &name, &mut collection);
    Sources {
        files: collection.sources,
    }
}

/// The state of one collection: the limits, the report, and the sources found so far.
/// Every file or entry seen passes through exactly one of its recording methods.
struct Collection<'a> {
    limits: &'a Limits,
    report: &'a mut ImportReport,
    sources: Vec<Source>,
}

impl Collection<'_> {
    /// A file handed on to decoding.
    fn source(&mut self, path: String, format: Format, bytes: Vec<u8>) {
        self.file(path.clone(), FileStatus::Read, None);
        self.sources.push(Source {
            path,
            format,
            bytes,
        });
    }

    /// A file deliberately not read; a warning too when the reason says so.
    fn ignore(&mut self, path: String, reason: names::Reason) {
        if reason.warn {
            self.report
                .warning(Place::file(path.clone()), reason.text.clone());
        }
        self.file(path, FileStatus::Ignored, Some(reason.text));
    }

    /// A file that cannot be read: its report line with a short reason, and the error.
    fn error(&mut self, place: Place, short: &str, message: String) {
        self.file(
            place.file.clone(),
            FileStatus::Error,
            Some(short.to_owned()),
        );
        self.report.error(place, message);
    }

    /// The report line of one file or entry.
    fn file(&mut self, file: String, status: FileStatus, reason: Option<String>) {
        self.report.files.push(FileReport {
            file,
            status,
            reason,
            sheets: Vec::new(),
        });
    }
}
