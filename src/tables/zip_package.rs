//! Workbooks that are zip packages (xlsx, xlsm, xlsb, ods): which kind a package is, and
//! whether calamine may open it. calamine trusts the package: it reads parts whole
//! (shared strings are kept in memory), reserves as many strings as `sharedStrings.xml`
//! declares, and expands ODS repeats. The zip reader stops every part at its declared size,
//! so the declared sizes bound what calamine can unpack; they are summed and checked here,
//! the declared string count is checked against its part's size, and an ODS `content.xml`
//! is scanned (see [`super::ods_scan`]). calamine may open one part again for every sheet
//! that names it; [`CountingReader`] counts what it opens and stops it past twice the package.
//! The readers of one package share a [`Counter`], which also tells which part was opened
//! last (so the sheet part calamine reads can be found again, see [`super::xlsx_merged`]).
//!
//! The check also finds what calamine would refuse a readable file for, and how a rewrite
//! of a part removes it ([`Repair`], carried out by [`super::repack`]): a pretty-printed
//! ODS `content.xml` ([`super::ods_layout`]), an ODS package without its `mimetype` part,
//! sheets in an xlsx or xlsb sheet list that are no worksheets and that calamine does not
//! know ([`super::xlsx_sheets`], [`super::xlsb_sheets`]). An xlsx sheet list is read only
//! after calamine refused the package ([`xlsx_sheet_list_repair`]).

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Seek, SeekFrom};

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use super::decoded::SetAside;
use super::ods_scan;
use super::repack::{Changes, NewPart, SheetListFix};
use super::{ods_layout, xlsb_sheets, xlsx_sheets};
use crate::limits::Limits;

/// The kinds of zip package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PackageKind {
    /// Office Open XML (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
}

/// A package that may be opened, with what the check learned on the way.
#[derive(Debug)]
pub(super) struct CheckedPackage {
    /// Its kind.
    pub package: PackageKind,
    /// ODS only: merged regions by sheet name.
    pub merged: ods_scan::MergedRegions,
    /// What to change before calamine may read it (nothing for most files).
    pub repair: Repair,
    /// The parts by where their data starts in the package.
    pub parts: HashMap<u64, Part>,
    /// How many unpacked bytes calamine may open in all: twice the package's parts.
    pub read_budget: u64,
}

/// The parts whose data starts at one offset of a package (normally one part).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Part {
    /// Their declared unpacked size, summed.
    pub bytes: u64,
    /// The index of the entry, when only one starts there.
    pub entry: Option<usize>,
}

/// The changes a package needs before calamine reads it, and the sheets they leave out of
/// its sheet list (to be reported in their places).
#[derive(Debug, Default)]
pub(super) struct Repair {
    /// The parts to change.
    pub changes: Changes,
    /// The sheets left out.
    pub set_aside: Vec<SetAside>,
}

impl Repair {
    fn sheet_list(fix: Option<SheetListFix>) -> Self {
        let Some(fix) = fix else {
            return Self::default();
        };
        Self {
            changes: Changes {
                added_first: Vec::new(),
                changed: vec![(fix.part, NewPart::Bytes(fix.content))],
            },
            set_aside: fix.set_aside,
        }
    }
}

/// What the check found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PackageRefusal {
    /// A part is encrypted (zip encryption, or ODS encryption in the manifest).
    Encrypted,
    /// The parts would unpack to more than the limit.
    TooLarge { bytes: u64 },
    /// More parts than the limit.
    TooManyParts { parts: usize },
    /// A zip archive, but no workbook package.
    NotAPackage,
    /// The ODS scan refused the content.
    Ods(ods_scan::OdsRefusal),
    /// Not readable (technical, English).
    Defect(String),
}

/// Checks a zip package against the limits and tells its kind.
pub(super) fn check(bytes: &[u8], limits: &Limits) -> Result<CheckedPackage, PackageRefusal> {
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackageRefusal::Defect(e.to_string()))?;
    if zip.len() > limits.archive_entries {
        return Err(PackageRefusal::TooManyParts { parts: zip.len() });
    }
    let mut total = 0u64;
    let mut names = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let entry = zip
            .by_index_data(index)
            .map_err(|e| PackageRefusal::Defect(e.to_string()))?;
        if entry.encrypted() {
            return Err(PackageRefusal::Encrypted);
        }
        total = total.saturating_add(entry.size());
        names.push((
            entry
                .name()
                .map(|n| n.replace('\\', "/").to_lowercase())
                .unwrap_or_default(),
            entry.size(),
        ));
    }
    if total > limits.archive_bytes {
        return Err(PackageRefusal::TooLarge { bytes: total });
    }
    let package = package_kind(&names)?;
    let (merged, repair) = match package {
        PackageKind::Ods => ods(&mut zip, &names, limits)?,
        PackageKind::Xlsx => {
            shared_strings(&mut zip, &names)?;
            // The sheet list is looked at only if calamine refuses the workbook
            // (`xlsx_sheet_list_repair`).
            (Vec::new(), Repair::default())
        }
        PackageKind::Xlsb => {
            let fix = xlsb_sheets::scan(&mut zip, limits).map_err(PackageRefusal::Defect)?;
            (Vec::new(), Repair::sheet_list(fix))
        }
    };
    Ok(CheckedPackage {
        package,
        merged,
        repair,
        parts: data_starts(&mut zip, &names)?,
        read_budget: total.saturating_mul(2).saturating_add(1 << 20),
    })
}

/// The repair of an xlsx package's sheet list (see [`xlsx_sheets`]), if it needs one. Asked
/// only once calamine has refused the package: the sheets the repair leaves out are exactly
/// the ones calamine refuses a whole workbook for, so a workbook calamine opens never needs
/// it, and most workbooks are spared reading their sheet list twice.
pub(super) fn xlsx_sheet_list_repair(bytes: &[u8], limits: &Limits) -> Option<Repair> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let fix = xlsx_sheets::scan(&mut zip, limits)?;
    Some(Repair::sheet_list(Some(fix)))
}

/// The kind of package, by its part names.
fn package_kind(names: &[(String, u64)]) -> Result<PackageKind, PackageRefusal> {
    let has = |wanted: &str| names.iter().any(|(name, _)| name == wanted);
    if has("mimetype") || has("content.xml") {
        return Ok(PackageKind::Ods);
    }
    if has("xl/workbook.bin") {
        return Ok(PackageKind::Xlsb);
    }
    if !has("[content_types].xml") && !names.iter().any(|(name, _)| name.ends_with("workbook.xml"))
    {
        return Err(PackageRefusal::NotAPackage);
    }
    Ok(PackageKind::Xlsx)
}

/// Refuses a shared strings part that declares more strings than it has bytes: calamine
/// reserves memory for the declared count before reading any.
fn shared_strings(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[(String, u64)],
) -> Result<(), PackageRefusal> {
    for (index, (name, size)) in names.iter().enumerate() {
        if name.ends_with("sharedstrings.xml") {
            let declared = zip.by_index(index).ok().and_then(unique_count).unwrap_or(0);
            if declared > *size {
                return Err(PackageRefusal::Defect(format!(
                    "{name} declares {declared} strings in {size} bytes"
                )));
            }
        }
    }
    Ok(())
}

/// The parts by where their data starts.
fn data_starts(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[(String, u64)],
) -> Result<HashMap<u64, Part>, PackageRefusal> {
    let mut starts: HashMap<u64, Part> = HashMap::with_capacity(names.len());
    for (index, (_, size)) in names.iter().enumerate() {
        let entry = zip
            .by_index_raw(index)
            .map_err(|e| PackageRefusal::Defect(e.to_string()))?;
        if let Some(start) = entry.data_start() {
            starts
                .entry(start)
                .and_modify(|part| {
                    part.bytes += size;
                    part.entry = None;
                })
                .or_insert(Part {
                    bytes: *size,
                    entry: Some(index),
                });
        }
    }
    Ok(starts)
}

/// What the counting readers of one package share: the budget of unpacked bytes left,
/// whether it ran out, and where the data of the part opened last starts.
#[derive(Debug)]
pub(super) struct Counter {
    /// Unpacked bytes the readers may still open.
    pub budget: Cell<u64>,
    /// Set when an open was refused for want of budget.
    pub exhausted: Cell<bool>,
    /// The data start of the part opened last, if any was.
    pub last_opened: Cell<Option<u64>>,
}

impl Counter {
    /// A fresh count for the package checked as `geprueft`.
    pub(super) fn new(checked: &CheckedPackage) -> Self {
        Self {
            budget: Cell::new(checked.read_budget),
            exhausted: Cell::new(false),
            last_opened: Cell::new(None),
        }
    }
}

/// The package as calamine reads it, counting the parts it opens: every open of a part
/// (the zip reader seeks to the start of its data) costs the part's size from the shared
/// budget; once that is spent, opening fails with an error and `erschoepft` is set.
pub(super) struct CountingReader<'a> {
    cursor: Cursor<&'a [u8]>,
    parts: &'a HashMap<u64, Part>,
    counter: &'a Counter,
}

impl<'a> CountingReader<'a> {
    /// A counting reader over the package `bytes` checked as `geprueft`.
    pub(super) fn new(bytes: &'a [u8], checked: &'a CheckedPackage, counter: &'a Counter) -> Self {
        Self {
            cursor: Cursor::new(bytes),
            parts: &checked.parts,
            counter,
        }
    }
}

impl Read for CountingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.cursor.read(buf)
    }
}

impl Seek for CountingReader<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if let SeekFrom::Start(start) = pos
            && let Some(part) = self.parts.get(&start)
        {
            let counter = self.counter;
            match counter.budget.get().checked_sub(part.bytes) {
                Some(rest) => counter.budget.set(rest),
                None => {
                    counter.exhausted.set(true);
                    return Err(std::io::Error::other("parts are read again and again"));
                }
            }
            counter.last_opened.set(Some(start));
        }
        self.cursor.seek(pos)
    }
}

/// The one `mimetype` calamine accepts in an ODS package.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// An ODS package: refused when its manifest declares encryption, else its content scanned;
/// a pretty-printed `content.xml` is to be rewritten, and a missing `mimetype` added when
/// the manifest says the package is a spreadsheet (LibreOffice opens such packages).
fn ods(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[(String, u64)],
    limits: &Limits,
) -> Result<(ods_scan::MergedRegions, Repair), PackageRefusal> {
    let mut changes = Changes::default();
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        let _ = manifest.take(limits.file_bytes).read_to_string(&mut text);
        if text.contains("encryption-data") {
            return Err(PackageRefusal::Encrypted);
        }
        let spreadsheet = String::from_utf8_lossy(ODS_MIMETYPE);
        if !names.iter().any(|(name, _)| name == "mimetype")
            && text.contains(&format!("manifest:media-type=\"{spreadsheet}\""))
        {
            changes
                .added_first
                .push(("mimetype".to_owned(), ODS_MIMETYPE.to_vec()));
        }
    }
    let content = zip
        .by_name("content.xml")
        .map_err(|e| PackageRefusal::Defect(format!("content.xml: {e}")))?;
    let scanned = ods_scan::scan(content, limits).map_err(PackageRefusal::Ods)?;
    if scanned.layout {
        changes.changed.push((
            "content.xml".to_owned(),
            NewPart::Filtered(ods_layout::rewrite),
        ));
    }
    Ok((
        scanned.merged,
        Repair {
            changes,
            set_aside: Vec::new(),
        },
    ))
}

/// The program that wrote a package, as the package says: the `Application` of an xlsx or
/// xlsb's `docProps/app.xml`, the `meta:generator` of an ODS `meta.xml`.
pub(super) fn program(bytes: &[u8]) -> Option<String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    for (part, element) in [
        ("docProps/app.xml", "Application"),
        ("meta.xml", "generator"),
    ] {
        let Ok(entry) = zip.by_name(part) else {
            continue;
        };
        let mut reader = Reader::from_reader(std::io::BufReader::new(entry.take(1 << 16)));
        let mut buf = Vec::new();
        let mut inside = false;
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => inside = e.local_name().as_ref() == element,
                Ok(Event::Text(t)) if inside => {
                    let text = t.xml10_content();
                    let text: String = text.trim().chars().take(120).collect();
                    if text.is_empty() {
                        break;
                    }
                    return Some(text);
                }
                Ok(Event::End(_)) => inside = false,
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    None
}

/// The `uniqueCount` of the first `sst` element, as calamine reads it before reserving that
/// many strings; `None` when there is none or the part cannot be parsed (then calamine
/// fails on it the same way before reserving anything).
fn unique_count(part: impl Read) -> Option<u64> {
    let mut reader = Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let attr = e.try_get_attribute("uniqueCount").ok()??;
                return attr.value.trim().parse().ok();
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}
