//! What the stage hands on: readable files in memory with their display path and format.
//! The walkers and the file-name rules name these types, so they live apart from the
//! stage's entry points, which call the walkers.

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
    /// Only the extensions of the input contract are table files: `.txt` (notes, and the
    /// feedback letters' texts) and `.tsv` are not.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" => Self::Xlsx,
            "xlsm" => Self::Xlsm,
            "xls" => Self::Xls,
            "xlsb" => Self::Xlsb,
            "ods" => Self::Ods,
            "csv" => Self::Csv,
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
    /// Every table file and zip entry handed on, with its bytes.
    pub files: Vec<Source>,
}
