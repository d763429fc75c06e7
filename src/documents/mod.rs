//! Stage 4, documents: the concept model typeset into the Beschlussvorlage and the Anlage
//! by the embedded Typst compiler.
//!
//! [`Typesetter`] keeps one Typst world alive (see [`world`]); [`Typesetter::typeset`] turns a
//! [`Konzept`](crate::model::Konzept) into [`Documents`], or a [`TemplateError`] that points
//! at the template line.

pub(crate) mod diagnostics;
pub(crate) mod fonts;
mod object_streams;
mod pdf;
mod pdf_layout;
pub(crate) mod preview;
mod stream_ends;
pub(crate) mod templates;
pub(crate) mod text;
pub(crate) mod typeset;
pub(crate) mod world;

pub use diagnostics::{TemplateDiagnostic, TemplateError, TemplateSeverity};
pub use pdf::{Documents, FileNames, PdfDocument};
pub use templates::built_in;
pub(crate) use typeset::Layouts;
pub use typeset::{Typeset, Typesetter};
