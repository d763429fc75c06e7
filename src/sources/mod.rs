//! Stage 1, sources: walk a project folder, open zip archives in memory, and hand on every
//! file that may hold a table as bytes with its display path. Junk is ignored and reported.

mod archive;
mod folder;
mod names;

pub use archive::TRENNER;
pub use names::is_junk;

use crate::limits::Limits;
use crate::report::{DateiBericht, DateiStatus, ImportBericht, Ort};

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
    pub pfad: String,
    /// How to read it.
    pub format: Format,
    /// Its bytes (bounded by the limits).
    pub bytes: Vec<u8>,
}

/// Every readable file of a project, in path order.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The files.
    pub dateien: Vec<Source>,
}

/// Collects every readable file below `root` (and inside its zip archives), reporting what
/// is ignored or cannot be read. `konzept.toml` and `texte/` are not sources.
pub fn collect(root: &std::path::Path, limits: &Limits, bericht: &mut ImportBericht) -> Sources {
    gather(limits, bericht, |sammlung| folder::walk(root, "", sammlung))
}

/// Collects the table files inside one zip archive given as bytes, as if `pfad` (its
/// display path) lay in the project folder: the entry point for fuzzing the archive reader.
pub fn collect_archive(
    pfad: &str,
    bytes: &[u8],
    limits: &Limits,
    bericht: &mut ImportBericht,
) -> Sources {
    gather(limits, bericht, |sammlung| {
        let mut budget = archive::Budget::new(limits);
        archive::open(pfad, bytes, 1, &mut budget, sammlung);
    })
}

/// Runs one collection and returns what it found.
fn gather(
    limits: &Limits,
    bericht: &mut ImportBericht,
    walk: impl FnOnce(&mut Sammlung<'_>),
) -> Sources {
    let mut sammlung = Sammlung {
        limits,
        bericht,
        quellen: Vec::new(),
    };
    walk(&mut sammlung);
    Sources {
        dateien: sammlung.quellen,
    }
}

/// Collects one file outside a project (an archive mailed in, or a single table file) as
/// `collect` would collect it inside one: read within the limits, junk ignored, zip entries
/// shown as `<file name> › <entry>`.
pub fn collect_file(
    path: &std::path::Path,
    limits: &Limits,
    bericht: &mut ImportBericht,
) -> Sources {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut sammlung = Sammlung {
        limits,
        bericht,
        quellen: Vec::new(),
    };
    folder::file(path, name.clone(), &name, &mut sammlung);
    Sources {
        dateien: sammlung.quellen,
    }
}

/// The state of one collection: the limits, the report, and the sources found so far.
/// Every file or entry seen passes through exactly one of its recording methods.
struct Sammlung<'a> {
    limits: &'a Limits,
    bericht: &'a mut ImportBericht,
    quellen: Vec<Source>,
}

impl Sammlung<'_> {
    /// A file handed on to decoding.
    fn quelle(&mut self, pfad: String, format: Format, bytes: Vec<u8>) {
        self.datei(pfad.clone(), DateiStatus::Gelesen, None);
        self.quellen.push(Source {
            pfad,
            format,
            bytes,
        });
    }

    /// A file deliberately not read; a warning too when the reason says so.
    fn ignoriert(&mut self, pfad: String, grund: names::Grund) {
        if grund.warnen {
            self.bericht
                .warnung(Ort::datei(pfad.clone()), grund.text.clone());
        }
        self.datei(pfad, DateiStatus::Ignoriert, Some(grund.text));
    }

    /// A file that cannot be read: its report line with a short reason, and the error.
    fn fehler(&mut self, ort: Ort, kurz: &str, meldung: String) {
        self.datei(
            ort.datei.clone(),
            DateiStatus::Fehler,
            Some(kurz.to_owned()),
        );
        self.bericht.fehler(ort, meldung);
    }

    /// The report line of one file or entry.
    fn datei(&mut self, datei: String, status: DateiStatus, grund: Option<String>) {
        self.bericht.dateien.push(DateiBericht {
            datei,
            status,
            grund,
            blaetter: Vec::new(),
        });
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
