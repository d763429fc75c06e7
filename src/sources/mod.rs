//! Stage 1, sources: walk a project folder, open zip archives in memory, and hand on every
//! file that may hold a table as bytes with its display path. Junk is ignored and reported.

mod archive;
mod collection;
mod folder;
mod names;
mod source;
#[cfg(test)]
mod tests;

pub use archive::ARCHIVE_SEPARATOR;
pub use names::is_junk;
pub use source::{Format, Source, Sources};

use crate::limits::Limits;
use crate::report::IngestReport;
use collection::Collection;

/// Collects every readable file below `root` (and inside its zip archives), reporting what
/// is ignored or cannot be read. `konzept.toml` and `texte/` are not sources.
pub fn collect(root: &std::path::Path, limits: &Limits, report: &mut IngestReport) -> Sources {
    gather(limits, report, |collection| {
        folder::walk(root, "", collection);
    })
}

/// Collects the table files inside one zip archive given as bytes, as if `pfad` (its
/// display path) lay in the project folder: the entry point for fuzzing the archive reader.
pub fn collect_archive(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
    report: &mut IngestReport,
) -> Sources {
    gather(limits, report, |collection| {
        let mut budget = archive::Budget::new(limits);
        archive::open(path, bytes, 1, &mut budget, collection);
    })
}

/// Runs one collection and returns what it found.
fn gather(
    limits: &Limits,
    report: &mut IngestReport,
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
pub fn collect_file(path: &std::path::Path, limits: &Limits, report: &mut IngestReport) -> Sources {
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
