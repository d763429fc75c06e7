//! Workbooks that are zip packages (xlsx, xlsm, xlsb, ods): which kind a package is, and
//! whether calamine may open it. calamine trusts the package: it reads parts whole
//! (shared strings are kept in memory), reserves as many strings as `sharedStrings.xml`
//! declares, and expands ODS repeats. The zip reader stops every part at its declared size,
//! so the declared sizes bound what calamine can unpack; they are summed and checked here,
//! the declared string count is checked against its part's size, and an ODS `content.xml`
//! is scanned (see [`super::ods_scan`]).

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
    let has = |wanted: &str| names.iter().any(|(name, _)| name == wanted);
    if has("mimetype") || has("content.xml") {
        return ods(&mut zip, limits);
    }
    if has("xl/workbook.bin") {
        return Ok(Geprueft {
            paket: Paket::Xlsb,
            verbunden: Vec::new(),
        });
    }
    if !has("[content_types].xml") && !names.iter().any(|(name, _)| name.ends_with("workbook.xml"))
    {
        return Err(Befund::KeinPaket);
    }
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
    Ok(Geprueft {
        paket: Paket::Xlsx,
        verbunden: Vec::new(),
    })
}

/// An ODS package: refused when its manifest declares encryption, else its content scanned.
fn ods(zip: &mut ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> Result<Geprueft, Befund> {
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
    let verbunden = ods_scan::scan(content, limits).map_err(Befund::Ods)?;
    Ok(Geprueft {
        paket: Paket::Ods,
        verbunden,
    })
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
