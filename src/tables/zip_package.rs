//! Workbooks that are zip packages (xlsx, xlsm, xlsb, ods): which kind a package is, and
//! whether calamine may open it. calamine trusts the package: it reads parts whole
//! (shared strings are kept in memory), reserves as many strings as `sharedStrings.xml`
//! declares, and expands ODS repeats. The zip reader stops every part at its declared size,
//! so the declared sizes bound what calamine can unpack; they are summed and checked here,
//! the declared string count is checked against its part's size, and an ODS `content.xml`
//! is scanned (see [`super::ods_scan`]). calamine may open one part again for every sheet
//! that names it; [`Gezaehlt`] counts what it opens and stops it past twice the package.
//! The readers of one package share a [`Zaehler`], which also tells which part was opened
//! last (so the sheet part calamine reads can be found again, see [`super::xlsx_merged`]).

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Seek, SeekFrom};

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use super::ods_scan;
use crate::limits::Limits;

/// The kinds of zip package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paket {
    /// Office Open XML (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
}

/// A package that may be opened, with what the check learned on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Geprueft {
    /// Its kind.
    pub paket: Paket,
    /// ODS only: merged regions by sheet name.
    pub verbunden: ods_scan::Verbunden,
    /// The parts by where their data starts in the package.
    pub teile: HashMap<u64, Teil>,
    /// How many unpacked bytes calamine may open in all: twice the package's parts.
    pub lesebudget: u64,
}

/// The parts whose data starts at one offset of a package (normally one part).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Teil {
    /// Their declared unpacked size, summed.
    pub bytes: u64,
    /// The index of the entry, when only one starts there.
    pub eintrag: Option<usize>,
}

/// What the check found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Befund {
    /// A part is encrypted (zip encryption, or ODS encryption in the manifest).
    Verschluesselt,
    /// The parts would unpack to more than the limit.
    ZuGross { bytes: u64 },
    /// More parts than the limit.
    ZuVieleTeile { teile: usize },
    /// A zip archive, but no workbook package.
    KeinPaket,
    /// The ODS scan refused the content.
    Ods(ods_scan::Befund),
    /// Not readable (technical, English).
    Defekt(String),
}

/// Checks a zip package against the limits and tells its kind.
pub fn pruefen(bytes: &[u8], limits: &Limits) -> Result<Geprueft, Befund> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| Befund::Defekt(e.to_string()))?;
    if zip.len() > limits.archiv_eintraege {
        return Err(Befund::ZuVieleTeile { teile: zip.len() });
    }
    let mut total = 0u64;
    let mut names = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let entry = zip
            .by_index_data(index)
            .map_err(|e| Befund::Defekt(e.to_string()))?;
        if entry.encrypted() {
            return Err(Befund::Verschluesselt);
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
    if total > limits.archiv_bytes {
        return Err(Befund::ZuGross { bytes: total });
    }
    let paket = art(&names)?;
    let verbunden = match paket {
        Paket::Ods => ods(&mut zip, limits)?,
        Paket::Xlsx => {
            shared_strings(&mut zip, &names)?;
            Vec::new()
        }
        Paket::Xlsb => Vec::new(),
    };
    Ok(Geprueft {
        paket,
        verbunden,
        teile: data_starts(&mut zip, &names)?,
        lesebudget: total.saturating_mul(2).saturating_add(1 << 20),
    })
}

/// The kind of package, by its part names.
fn art(names: &[(String, u64)]) -> Result<Paket, Befund> {
    let has = |wanted: &str| names.iter().any(|(name, _)| name == wanted);
    if has("mimetype") || has("content.xml") {
        return Ok(Paket::Ods);
    }
    if has("xl/workbook.bin") {
        return Ok(Paket::Xlsb);
    }
    if !has("[content_types].xml") && !names.iter().any(|(name, _)| name.ends_with("workbook.xml"))
    {
        return Err(Befund::KeinPaket);
    }
    Ok(Paket::Xlsx)
}

/// Refuses a shared strings part that declares more strings than it has bytes: calamine
/// reserves memory for the declared count before reading any.
fn shared_strings(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[(String, u64)],
) -> Result<(), Befund> {
    for (index, (name, size)) in names.iter().enumerate() {
        if name.ends_with("sharedstrings.xml") {
            let declared = zip.by_index(index).ok().and_then(unique_count).unwrap_or(0);
            if declared > *size {
                return Err(Befund::Defekt(format!(
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
) -> Result<HashMap<u64, Teil>, Befund> {
    let mut starts: HashMap<u64, Teil> = HashMap::with_capacity(names.len());
    for (index, (_, size)) in names.iter().enumerate() {
        let entry = zip
            .by_index_raw(index)
            .map_err(|e| Befund::Defekt(e.to_string()))?;
        if let Some(start) = entry.data_start() {
            starts
                .entry(start)
                .and_modify(|teil| {
                    teil.bytes += size;
                    teil.eintrag = None;
                })
                .or_insert(Teil {
                    bytes: *size,
                    eintrag: Some(index),
                });
        }
    }
    Ok(starts)
}

/// What the counting readers of one package share: the budget of unpacked bytes left,
/// whether it ran out, and where the data of the part opened last starts.
#[derive(Debug)]
pub struct Zaehler {
    /// Unpacked bytes the readers may still open.
    pub budget: Cell<u64>,
    /// Set when an open was refused for want of budget.
    pub erschoepft: Cell<bool>,
    /// The data start of the part opened last, if any was.
    pub zuletzt: Cell<Option<u64>>,
}

impl Zaehler {
    /// A fresh count for the package checked as `geprueft`.
    pub fn new(geprueft: &Geprueft) -> Self {
        Self {
            budget: Cell::new(geprueft.lesebudget),
            erschoepft: Cell::new(false),
            zuletzt: Cell::new(None),
        }
    }
}

/// The package as calamine reads it, counting the parts it opens: every open of a part
/// (the zip reader seeks to the start of its data) costs the part's size from the shared
/// budget; once that is spent, opening fails with an error and `erschoepft` is set.
pub struct Gezaehlt<'a> {
    cursor: Cursor<&'a [u8]>,
    teile: &'a HashMap<u64, Teil>,
    zaehler: &'a Zaehler,
}

impl<'a> Gezaehlt<'a> {
    /// A counting reader over the package `bytes` checked as `geprueft`.
    pub fn new(bytes: &'a [u8], geprueft: &'a Geprueft, zaehler: &'a Zaehler) -> Self {
        Self {
            cursor: Cursor::new(bytes),
            teile: &geprueft.teile,
            zaehler,
        }
    }
}

impl Read for Gezaehlt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.cursor.read(buf)
    }
}

impl Seek for Gezaehlt<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if let SeekFrom::Start(start) = pos
            && let Some(teil) = self.teile.get(&start)
        {
            let zaehler = self.zaehler;
            match zaehler.budget.get().checked_sub(teil.bytes) {
                Some(rest) => zaehler.budget.set(rest),
                None => {
                    zaehler.erschoepft.set(true);
                    return Err(std::io::Error::other("parts are read again and again"));
                }
            }
            zaehler.zuletzt.set(Some(start));
        }
        self.cursor.seek(pos)
    }
}

/// An ODS package: refused when its manifest declares encryption, else its content scanned.
fn ods(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<ods_scan::Verbunden, Befund> {
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        let _ = manifest.take(limits.datei_bytes).read_to_string(&mut text);
        if text.contains("encryption-data") {
            return Err(Befund::Verschluesselt);
        }
    }
    let content = zip
        .by_name("content.xml")
        .map_err(|e| Befund::Defekt(format!("content.xml: {e}")))?;
    ods_scan::scan(content, limits).map_err(Befund::Ods)
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
