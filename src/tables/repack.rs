//! A zip package rebuilt in memory with some parts changed, for files calamine would refuse
//! for a detail that a small rewrite removes (a pretty-printed ODS `content.xml`, a macro
//! sheet in an xlsx sheet list; see [`super::zip_package`]). Every other part is copied as
//! it is, still compressed; a changed part is written anew, deflated. The new package may
//! grow to a bound only, so a rewrite can never make memory run away.

use std::cell::Cell;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::rc::Rc;

use zip::write::SimpleFileOptions;

use super::decoded::SetAside;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// How a changed part is written.
#[derive(Debug)]
pub(super) enum NewPart {
    /// These bytes instead of the old ones.
    Bytes(Vec<u8>),
    /// The old part passed through this filter (old part in, new part out).
    Filtered(Filter),
}

/// A filter from an old part to a new one.
pub(super) type Filter = fn(&mut dyn Read, &mut dyn Write) -> std::io::Result<()>;

/// The changes to a package.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Parts added before all others (e.g. an ODS package's missing `mimetype`), stored.
    pub added_first: Vec<(String, Vec<u8>)>,
    /// Parts changed, by their name in the package.
    pub changed: Vec<(String, NewPart)>,
}

impl Changes {
    /// Whether there is nothing to change.
    pub(super) fn is_empty(&self) -> bool {
        self.added_first.is_empty() && self.changed.is_empty()
    }
}

/// A workbook part rewritten so that calamine reads its sheet list, and the sheets left
/// out of the list on the way (see [`super::xlsx_sheets`], [`super::xlsb_sheets`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SheetListFix {
    /// The part's name in the package.
    pub part: String,
    /// Its new content.
    pub content: Vec<u8>,
    /// The sheets left out.
    pub set_aside: Vec<SetAside>,
}

/// Why a package could not be rebuilt (technical, English).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RepackError {
    /// The new package would be larger than the bound.
    TooLarge,
    /// The old package could not be read or the new one written.
    Failed(String),
}

/// The package `bytes` with `changes` applied, at most `bound` bytes long.
pub(super) fn repack(bytes: &[u8], changes: Changes, bound: u64) -> Result<Vec<u8>, RepackError> {
    let failed = |e: &dyn std::fmt::Display| RepackError::Failed(e.to_string());
    let mut old = ZipArchive::new(Cursor::new(bytes)).map_err(|e| failed(&e))?;
    let overflowed = Rc::new(Cell::new(false));
    let mut new = ZipWriter::new(Bounded {
        cursor: Cursor::new(Vec::new()),
        bound,
        overflowed: Rc::clone(&overflowed),
    });
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    // Fast deflating: the new part only has to get into memory compactly, not stay small.
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    let result = (|| -> Result<(), RepackError> {
        for (name, content) in &changes.added_first {
            new.start_file(name.as_str(), stored)
                .map_err(|e| failed(&e))?;
            new.write_all(content).map_err(|e| failed(&e))?;
        }
        let mut changed = changes.changed;
        for index in 0..old.len() {
            let name = old
                .name_for_index(index)
                .and_then(Result::ok)
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            let Some(at) = changed.iter().position(|(n, _)| *n == name) else {
                let entry = old.by_index_raw(index).map_err(|e| failed(&e))?;
                new.raw_copy_file(entry).map_err(|e| failed(&e))?;
                continue;
            };
            let (_, part) = changed.swap_remove(at);
            new.start_file(name.as_str(), deflated)
                .map_err(|e| failed(&e))?;
            match part {
                NewPart::Bytes(content) => new.write_all(&content).map_err(|e| failed(&e))?,
                NewPart::Filtered(filter) => {
                    let entry = old.by_index(index).map_err(|e| failed(&e))?;
                    let declared = entry.size();
                    filter(&mut entry.take(declared), &mut new).map_err(|e| failed(&e))?;
                }
            }
        }
        Ok(())
    })();
    let written = new.finish();
    if overflowed.get() {
        return Err(RepackError::TooLarge);
    }
    result?;
    Ok(written.map_err(|e| failed(&e))?.cursor.into_inner())
}

/// A growing buffer that refuses to grow past a bound (and says so in `overflowed`).
struct Bounded {
    cursor: Cursor<Vec<u8>>,
    bound: u64,
    overflowed: Rc<Cell<bool>>,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let end = self.cursor.position().saturating_add(buf.len() as u64);
        if end > self.bound || self.overflowed.get() {
            self.overflowed.set(true);
            return Err(std::io::Error::other("the rebuilt package grows too large"));
        }
        self.cursor.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for Bounded {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.cursor.seek(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::zip;

    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).unwrap();
                let mut content = Vec::new();
                entry.read_to_end(&mut content).unwrap();
                (entry.name().unwrap().into_owned(), content)
            })
            .collect()
    }

    fn upper(old: &mut dyn Read, new: &mut dyn Write) -> std::io::Result<()> {
        let mut text = Vec::new();
        old.read_to_end(&mut text)?;
        new.write_all(&text.to_ascii_uppercase())
    }

    #[test]
    fn changed_parts_are_replaced_and_the_rest_copied_in_order() {
        let old = zip(&[("a.xml", b"<a/>"), ("b.xml", b"<b/>"), ("c.xml", b"<c/>")]);
        let changes = Changes {
            added_first: vec![("mimetype".into(), b"text/plain".to_vec())],
            changed: vec![
                ("c.xml".into(), NewPart::Bytes(b"<neu/>".to_vec())),
                ("a.xml".into(), NewPart::Filtered(upper)),
            ],
        };
        let new = repack(&old, changes, 1 << 20).unwrap();
        let expected: Vec<(String, Vec<u8>)> = [
            ("mimetype", &b"text/plain"[..]),
            ("a.xml", b"<A/>"),
            ("b.xml", b"<b/>"),
            ("c.xml", b"<neu/>"),
        ]
        .iter()
        .map(|(n, c)| ((*n).to_owned(), c.to_vec()))
        .collect();
        assert_eq!(parts(&new), expected);
    }

    #[test]
    fn the_new_package_stays_within_its_bound() {
        let old = zip(&[("a.xml", b"<a/>")]);
        // Bytes that do not compress: an xorshift sequence.
        let mut state = 0x2545_F491_u32;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        let big = || Changes {
            added_first: Vec::new(),
            changed: vec![("a.xml".into(), NewPart::Bytes(noise.clone()))],
        };
        assert_eq!(repack(&old, big(), 1000), Err(RepackError::TooLarge));
        assert!(repack(&old, big(), 200_000).is_ok());
    }
}
