//! The state one collection carries through the folder walk and into nested archives: the
//! limits, the report, the sources found so far. Apart from the stage's entry points so
//! the walkers can record into it without depending on the code that starts them.

use super::names;
use super::source::{Format, Source};
use crate::limits::Limits;
use crate::report::{FileReport, FileStatus, IngestReport, Place, Problem};

/// The state of one collection: the limits, the report, and the sources found so far.
/// Every file or entry seen passes through exactly one of its recording methods.
pub(super) struct Collection<'a> {
    pub(super) limits: &'a Limits,
    pub(super) report: &'a mut IngestReport,
    pub(super) sources: Vec<Source>,
}

impl Collection<'_> {
    /// A file handed on to decoding.
    pub(super) fn source(&mut self, path: String, format: Format, bytes: Vec<u8>) {
        self.file(path.clone(), FileStatus::Read, None);
        self.sources.push(Source {
            path,
            format,
            bytes,
        });
    }

    /// A file deliberately not read; a warning too when the reason says so.
    pub(super) fn ignore(&mut self, path: String, reason: names::Reason) {
        if reason.warn {
            self.report
                .warning(Place::file(path.clone()), reason.text.clone());
        }
        self.file(path, FileStatus::Ignored, Some(reason.text));
    }

    /// A table file or zip archive of 0 bytes, in the project folder or inside an archive
    /// alike: an error, as the input contract has it for empty files. Someone meant to send
    /// a table, and it is missing; another kind of file is ignored before its size matters.
    pub(super) fn empty(&mut self, path: String) {
        self.error(
            Place::file(path),
            "leer",
            "Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie."
                .to_owned(),
        );
    }

    /// A file that cannot be read: its report line with a short reason, and the error.
    pub(super) fn error(&mut self, place: Place, short: &str, message: String) {
        self.failed(Problem::error(place, message), short);
    }

    /// A file that cannot be read, with the library's or system's words as the detail.
    pub(super) fn failed(&mut self, problem: Problem, short: &str) {
        let file = problem
            .place
            .as_ref()
            .map(|p| p.file.to_string())
            .unwrap_or_default();
        self.file(file, FileStatus::Error, Some(short.to_owned()));
        self.report.errors.push(problem);
    }

    /// The report line of one file or entry.
    pub(super) fn file(&mut self, file: String, status: FileStatus, reason: Option<String>) {
        self.report.files.push(FileReport {
            file,
            status,
            reason,
            sheets: Vec::new(),
        });
    }
}
