//! Stage 4, documents: the concept model typeset into the Beschlussvorlage and the Anlage
//! by the embedded Typst compiler.

/// One typeset document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dokument {
    /// File name in the output folder, e.g. `Beschlussvorlage.pdf`.
    pub dateiname: String,
    /// Document title (PDF metadata, OParl `name`).
    pub titel: String,
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub seiten: usize,
    /// The plain text of the document (OParl `text`).
    pub text: String,
}

/// Both documents of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Documents {
    /// The council draft.
    pub beschlussvorlage: Dokument,
    /// The annex: the concept itself.
    pub anlage: Dokument,
}
