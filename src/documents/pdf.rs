//! The stage's result: the typeset PDFs with their file names, titles and text. Apart from
//! the typesetter that makes them, so the stage root can re-export them without a cycle.

/// One typeset document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfDocument {
    /// File name in the output folder, e.g. `Beschlussvorlage.pdf`.
    pub file_name: String,
    /// Document title (PDF metadata, OParl `name`).
    pub title: String,
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// The plain text of the document (OParl `text`).
    pub text: String,
}

/// Both documents of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Documents {
    /// The council draft.
    pub beschlussvorlage: PdfDocument,
    /// The annex: the concept itself.
    pub anlage: PdfDocument,
}

/// The file names of the two documents in the output folder. The naming rule belongs to
/// the package stage, which writes the files (`package::names::document_names`); whoever
/// runs both stages asks it and hands the names in here, so that this stage never depends
/// on the later one (the package stage reads [`Documents`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileNames {
    /// E.g. `Beschlussvorlage.pdf`.
    pub beschlussvorlage: String,
    /// E.g. `Anlage-1-Integrationskonzept.pdf`.
    pub anlage: String,
}
