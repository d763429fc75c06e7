//! The deterministic zip of the submission package: the same entries give the same bytes on
//! every machine and every day.
//!
//! Fixed are: the order (as given), the time stamp (the Vorlage date at 00:00; dates a zip
//! cannot hold, before 1980 or after 2107, become 1 January 1980), the permissions (`0644`,
//! made by "Unix" whatever the build machine), the method (Deflate, level 1 of the bundled
//! zlib-rs). No extra fields, no comment.
//!
//! Level 1 because the package is rebuilt on every change in `watch`: the Anlage and
//! konzept.json of the 60-AG benchmark project (32 + 7 MB) deflate in 0.12 s of CPU at
//! level 1 and 0.37 s at level 6, into 12.5 instead of 9.9 MB (see bench/README.md).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::date::Date;

/// One file of the archive.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ZipEntry<'a> {
    /// Name in the archive (a plain file name).
    pub name: &'a str,
    /// Content.
    pub bytes: &'a [u8],
}

/// The zip of `entries`, in their order, stamped with `datum`.
pub(crate) fn zip(entries: &[ZipEntry<'_>], date: Date) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip_time(date))
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for entry in entries {
        let large = u32::try_from(entry.bytes.len()).is_err();
        writer.start_file(entry.name, options.large_file(large))?;
        writer.write_all(entry.bytes)?;
    }
    Ok(writer.finish()?.into_inner())
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

    #[test]
    fn dates_outside_the_zip_range_become_1980() {
        assert_eq!(zip_time(Date::new(1970, 1, 1).unwrap()), DateTime::DEFAULT);
        assert_eq!(zip_time(Date::new(2200, 1, 1).unwrap()), DateTime::DEFAULT);
        assert_eq!(zip_time(Date::new(2008, 2, 29).unwrap()).day(), 29);
    }
}
