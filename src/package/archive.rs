//! The deterministic zip of the submission package: the same entries give the same bytes on
//! every machine and every day.
//!
//! Fixed are: the order (as given), the time stamp (the Vorlage date at 00:00; dates a zip
//! cannot hold, before 1980 or after 2107, become 1 January 1980), the permissions (`0644`,
//! made by "Unix" whatever the build machine), the method (Deflate, level 1 of the bundled
//! zlib-rs). No extra fields, no comment.
//!
//! Level 1 because the package is rebuilt on every change in `watch`: the Anlage and
//! konzept.json of the 60-AG benchmark project (then 32 + 7 MB) deflated in 0.12 s of CPU
//! at level 1 and 0.37 s at level 6, into 12.5 instead of 9.9 MB (see bench/README.md).
//! The PDFs have been compressed inside since (object streams), so deflate gains little on
//! them; they stay deflated so that every member is stored alike.
//!
//! Each member is deflated on a thread of its own into an archive of its own, and copied
//! from there into the package as it is (the bytes are those of deflating in place). The
//! members of the last package are kept by content: a rebuild deflates only what changed.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Cursor, Write};
use std::sync::Mutex;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

use crate::date::Date;

/// One file of the archive.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ZipEntry<'a> {
    /// Name in the archive (a plain file name).
    pub name: &'a str,
    /// Content.
    pub bytes: &'a [u8],
}

/// A member deflated into an archive of its own, under the key of what it holds.
struct Deflated {
    key: (u64, usize),
    archive: Vec<u8>,
}

/// The members of the last package (a process builds one project's package at a time).
static LAST: Mutex<Vec<Deflated>> = Mutex::new(Vec::new());

/// The zip of `entries`, in their order, stamped with `datum`.
pub(crate) fn zip(entries: &[ZipEntry<'_>], date: Date) -> zip::result::ZipResult<Vec<u8>> {
    let keys: Vec<(u64, usize)> = entries.iter().map(|entry| key(entry, date)).collect();
    let mut last = std::mem::take(
        &mut *LAST
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    let members: Vec<Deflated> = std::thread::scope(|scope| {
        let deflating: Vec<_> = entries
            .iter()
            .zip(&keys)
            .map(
                |(entry, &key)| match last.iter().position(|m| m.key == key) {
                    Some(i) => Ok(last.swap_remove(i)),
                    None => Err(scope.spawn(move || deflate(entry, date, key))),
                },
            )
            .collect();
        deflating
            .into_iter()
            .map(|member| match member {
                Ok(kept) => Ok(kept),
                Err(thread) => thread
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            })
            .collect::<zip::result::ZipResult<_>>()
    })?;
    let size = members.iter().map(|m| m.archive.len()).sum();
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    for member in &members {
        let mut archive = ZipArchive::new(Cursor::new(&member.archive[..]))?;
        writer.raw_copy_file(archive.by_index_raw(0)?)?;
    }
    let zip = writer.finish()?.into_inner();
    *LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = members;
    Ok(zip)
}

/// What identifies a member's deflated form: its name, content and date.
fn key(entry: &ZipEntry<'_>, date: Date) -> (u64, usize) {
    let mut hasher = DefaultHasher::new();
    (entry.name, entry.bytes, date.year, date.month, date.day).hash(&mut hasher);
    (hasher.finish(), entry.bytes.len())
}

/// `entry` deflated into an archive of its own.
fn deflate(
    entry: &ZipEntry<'_>,
    date: Date,
    key: (u64, usize),
) -> zip::result::ZipResult<Deflated> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file(entry.name, options(entry, date))?;
    writer.write_all(entry.bytes)?;
    Ok(Deflated {
        key,
        archive: writer.finish()?.into_inner(),
    })
}

/// How every member is stored: the fixed method, level, time stamp and permissions.
fn options(entry: &ZipEntry<'_>, date: Date) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip_time(date))
        .unix_permissions(0o644)
        .system(System::Unix)
        .large_file(u32::try_from(entry.bytes.len()).is_err())
}

/// The Vorlage date at midnight as a zip time stamp; 1980-01-01 where a zip cannot hold it.
fn zip_time(date: Date) -> DateTime {
    u16::try_from(date.year)
        .ok()
        .and_then(|year| DateTime::from_date_and_time(year, date.month, date.day, 0, 0, 0).ok())
        .unwrap_or(DateTime::DEFAULT)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn entries() -> [ZipEntry<'static>; 2] {
        [
            ZipEntry {
                name: "b.json",
                bytes: b"{}\n",
            },
            ZipEntry {
                name: "a – ü.pdf",
                bytes: b"%PDF-1.7 fake",
            },
        ]
    }

    #[test]
    fn entries_keep_order_names_date_and_permissions() {
        let date = Date::new(2008, 10, 15).unwrap();
        let bytes = zip(&entries(), date).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.name_for_index(i).unwrap().unwrap().into_owned())
            .collect();
        assert_eq!(names, ["b.json", "a – ü.pdf"]);
        let mut file = archive.by_index(1).unwrap();
        assert_eq!(file.unix_mode(), Some(0o100_644));
        let stamp = file.last_modified().unwrap();
        assert_eq!(
            (stamp.year(), stamp.month(), stamp.day(), stamp.hour()),
            (2008, 10, 15, 0)
        );
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        assert_eq!(content, b"%PDF-1.7 fake");
    }

    #[test]
    fn same_entries_same_bytes_and_the_date_is_in_them() {
        let date = Date::new(2008, 10, 15).unwrap();
        let first = zip(&entries(), date).unwrap();
        assert_eq!(first, zip(&entries(), date).unwrap());
        assert_ne!(
            first,
            zip(&entries(), Date::new(2008, 10, 16).unwrap()).unwrap()
        );
    }

    /// The zip of `entries` written in place, as the package was made before members were
    /// deflated apart and kept.
    fn in_place(entries: &[ZipEntry<'_>], date: Date) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for entry in entries {
            writer.start_file(entry.name, options(entry, date)).unwrap();
            writer.write_all(entry.bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn kept_and_copied_members_give_the_bytes_of_deflating_in_place() {
        let date = Date::new(2008, 10, 15).unwrap();
        let large = "Maßnahme ".repeat(50_000);
        let mut entries = vec![
            ZipEntry {
                name: "a.pdf",
                bytes: large.as_bytes(),
            },
            ZipEntry {
                name: "b.json",
                bytes: b"{\"x\": 1}\n",
            },
        ];
        assert_eq!(zip(&entries, date).unwrap(), in_place(&entries, date));
        // The second package keeps a.pdf's deflated form and deflates only b.json anew.
        entries[1].bytes = b"{\"x\": 2}\n";
        let second = zip(&entries, date).unwrap();
        assert_eq!(second, in_place(&entries, date));
        let mut archive = zip::ZipArchive::new(Cursor::new(second)).unwrap();
        let mut content = String::new();
        archive
            .by_name("b.json")
            .unwrap()
            .read_to_string(&mut content)
            .unwrap();
        assert_eq!(content, "{\"x\": 2}\n");
    }

    #[test]
    fn dates_outside_the_zip_range_become_1980() {
        assert_eq!(zip_time(Date::new(1970, 1, 1).unwrap()), DateTime::DEFAULT);
        assert_eq!(zip_time(Date::new(2200, 1, 1).unwrap()), DateTime::DEFAULT);
        assert_eq!(zip_time(Date::new(2008, 2, 29).unwrap()).day(), 29);
    }
}
