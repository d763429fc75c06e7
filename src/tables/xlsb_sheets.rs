//! The sheet list of an xlsb workbook (`BrtBundleSh` records in `xl/workbook.bin`), read
//! where and as calamine reads it, for the sheets calamine refuses or trips over:
//!
//! - an Excel 4 macro sheet (a part in `xl/macrosheets/`): calamine knows only worksheets,
//!   chart and dialog sheets and refuses the file („Unrecognized BoundSheet8:dt“); its
//!   record is left out of the list and the sheet reported as no worksheet in its place;
//! - a record in the layout of Excel 2007's beta versions, with four more bytes before the
//!   sheet's relationship id than Excel 2007 and later write (Apache POI reads these files
//!   the same way): calamine reads a wrong id and panics looking it up; the four bytes are
//!   taken out;
//! - a record whose relationship id is missing from `xl/_rels/workbook.bin.rels`, or whose
//!   strings run past its end: calamine would panic; the file is refused as damaged here.
//!
//! Anything else unusual is left to calamine, which then gives its own error.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use super::decoded::SetAside;
use super::repack::SheetListFix;
use super::xlsx_sheets::PartNames;
use crate::limits::Limits;
use crate::report::NonWorksheet;

/// The workbook's relationships, where calamine looks for them.
const RELS: &str = "xl/_rels/workbook.bin.rels";
/// BrtBundleSh: one sheet of the list.
const BUNDLE_SH: u16 = 0x009C;
/// BrtEndBundleShs: the end of the list, where calamine stops reading it.
const END_BUNDLE_SHS: u16 = 0x0090;

/// The fix of `xl/workbook.bin`, if its sheet list needs one; `Err` (technical, English)
/// for a list calamine would panic on.
pub(super) fn scan(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<Option<SheetListFix>, String> {
    let names = PartNames::new(zip);
    // calamine opens the relationships by their exact name, the workbook case-insensitively.
    let rels = if zip.index_for_name(RELS).is_some() {
        let Some(bytes) = names.read(zip, RELS, limits) else {
            return Ok(None);
        };
        relationships(&bytes)
    } else {
        HashMap::new()
    };
    let Some(part) = names.actual("xl/workbook.bin").map(str::to_owned) else {
        return Ok(None);
    };
    let Some(workbook) = names.read(zip, &part, limits) else {
        return Ok(None);
    };
    let Some(fix) = sheet_list(&workbook, &rels)? else {
        return Ok(None);
    };
    Ok(Some(SheetListFix {
        part,
        content: fix.0,
        set_aside: fix.1,
    }))
}

/// The relationships of the workbook part: id → target, the target unescaped (calamine's).
fn relationships(rels: &[u8]) -> HashMap<String, String> {
    let mut reader = Reader::from_reader(rels);
    let mut found = HashMap::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                };
                let id = attr("Id").map(|a| a.value.into_owned());
                let target = attr("Target").and_then(|a| {
                    quick_xml::escape::unescape(&a.value)
                        .ok()
                        .map(std::borrow::Cow::into_owned)
                });
                if let (Some(id), Some(target)) = (id, target) {
                    found.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

/// One record of a workbook part: its type and where its header and data lie.
struct Record {
    typ: u16,
    /// Where the record starts, and where its type ends and its length begins.
    start: usize,
    type_end: usize,
    data: std::ops::Range<usize>,
}

/// The record at `at` (BIFF12: a type of one or two bytes, a length of up to four, each
/// seven bits a byte), as calamine reads it; `None` past the end.
fn record_at(bytes: &[u8], at: usize) -> Option<Record> {
    let mut pos = at;
    let mut next = || {
        let b = *bytes.get(pos)?;
        pos += 1;
        Some(b)
    };
    let first = next()?;
    let typ = if first & 0x80 != 0 {
        u16::from(first & 0x7F) + (u16::from(next()? & 0x7F) << 7)
    } else {
        u16::from(first)
    };
    let type_end = pos;
    let mut next = || {
        let b = *bytes.get(pos)?;
        pos += 1;
        Some(b)
    };
    let mut b = next()?;
    let mut len = usize::from(b & 0x7F);
    for i in 1..4 {
        if b & 0x80 == 0 {
            break;
        }
        b = next()?;
        len += usize::from(b & 0x7F) << (7 * i);
    }
    let end = pos.checked_add(len).filter(|end| *end <= bytes.len())?;
    Some(Record {
        typ,
        start: at,
        type_end,
        data: pos..end,
    })
}

/// A BrtBundleSh read: its sheet, and whether it is in the beta layout.
struct Bundle {
    visibility: u32,
    target: String,
    name: String,
    beta: bool,
}

/// Reads a BrtBundleSh (`hsState`, `iTabID`, relationship id, name), in Excel's layout or,
/// when that does not fit, in the beta layout (four more bytes before the id, the record
/// ending exactly after the name). `Ok(None)`: a sheet without relationship id, which
/// calamine leaves out.
fn bundle(data: &[u8], rels: &HashMap<String, String>) -> Result<Option<Bundle>, String> {
    let read = |at: usize| -> Option<Option<(String, String, usize)>> {
        let rel_len = u32_at(data, at)?;
        if rel_len == u32::MAX {
            return Some(None);
        }
        let (id, after_id) = wide_str(data, at)?;
        let (name, end) = wide_str(data, after_id)?;
        let target = rels.get(&id)?.clone();
        Some(Some((target, name, end)))
    };
    let visibility = u32_at(data, 0).ok_or("short BrtBundleSh record")?;
    if let Some(found) = read(8) {
        return Ok(found.map(|(target, name, _)| Bundle {
            visibility,
            target,
            name,
            beta: false,
        }));
    }
    let tab = u32_at(data, 8).unwrap_or(0);
    if (1..=0xFFFF).contains(&tab)
        && let Some(Some((target, name, end))) = read(12)
        && end == data.len()
    {
        return Ok(Some(Bundle {
            visibility,
            target,
            name,
            beta: true,
        }));
    }
    Err(
        "a sheet record of xl/workbook.bin has no relationship in xl/_rels/workbook.bin.rels \
         or runs past its end"
            .into(),
    )
}

/// A new `xl/workbook.bin` and the sheets left out of it.
type NewList = (Vec<u8>, Vec<SetAside>);

/// The new `xl/workbook.bin` and the sheets left out of it, if any record needs a change.
fn sheet_list(workbook: &[u8], rels: &HashMap<String, String>) -> Result<Option<NewList>, String> {
    let mut content = Vec::with_capacity(workbook.len());
    let mut set_aside = Vec::new();
    let mut changed = false;
    let mut position = 0;
    let mut at = 0;
    // Where the bytes after the list start (copied as they are).
    let rest = loop {
        let Some(record) = record_at(workbook, at) else {
            break at;
        };
        if record.typ == END_BUNDLE_SHS {
            break record.start;
        }
        at = record.data.end;
        let raw = &workbook[record.start..record.data.end];
        if record.typ != BUNDLE_SH {
            content.extend_from_slice(raw);
            continue;
        }
        let data = &workbook[record.data.clone()];
        let Some(sheet) = bundle(data, rels)? else {
            content.extend_from_slice(raw);
            continue;
        };
        // As calamine tells the kind: by the folder of `xl/{target}`.
        if format!("xl/{}", sheet.target).split('/').nth(1) == Some("macrosheets") {
            set_aside.push(SetAside {
                position,
                name: sheet.name,
                hidden: sheet.visibility != 0,
                kind: NonWorksheet::Macro,
            });
            changed = true;
        } else if sheet.beta {
            content.extend_from_slice(&workbook[record.start..record.type_end]);
            push_length(&mut content, data.len() - 4);
            content.extend_from_slice(&data[..4]);
            content.extend_from_slice(&data[8..]);
            changed = true;
        } else {
            content.extend_from_slice(raw);
        }
        position += 1;
    };
    content.extend_from_slice(workbook.get(rest..).unwrap_or_default());
    Ok(changed.then_some((content, set_aside)))
}

/// Appends a record length.
fn push_length(out: &mut Vec<u8>, mut len: usize) {
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// An XLWideString at `at`: its text and where it ends.
fn wide_str(data: &[u8], at: usize) -> Option<(String, usize)> {
    let len = usize::try_from(u32_at(data, at)?).ok()?;
    let end = at.checked_add(4)?.checked_add(len.checked_mul(2)?)?;
    let units = data.get(at + 4..end)?;
    let text = char::decode_utf16(
        units
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]])),
    )
    .map(|c| c.unwrap_or('\u{FFFD}'))
    .collect();
    Some((text, end))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arbitrary_bytes_give_a_result_or_an_error_and_never_a_panic() {
        let rels: HashMap<String, String> =
            [("rId1".to_owned(), "macrosheets/sheet1.bin".to_owned())].into();
        let mut state = 0x9E37_79B9_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for _ in 0..2000 {
            let len = (next() % 200) as usize;
            // Mostly sheet records, so that their fields are what varies.
            let bytes: Vec<u8> = (0..len)
                .map(|i| match (i, next() % 4) {
                    (0, _) => 0x9C,
                    (1, _) => 0x01,
                    (_, 0) => 0,
                    (_, _) => next() as u8,
                })
                .collect();
            let _ = sheet_list(&bytes, &rels);
        }
    }

    #[test]
    fn a_beta_record_loses_the_four_bytes_before_its_tab_id() {
        let rels: HashMap<String, String> =
            [("rId1".to_owned(), "worksheets/sheet1.bin".to_owned())].into();
        let text = |t: &str| {
            let mut out = u32::try_from(t.len()).unwrap().to_le_bytes().to_vec();
            out.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
            out
        };
        let mut data = vec![1, 0, 0, 0, 9, 9, 9, 9, 1, 0, 0, 0];
        data.extend(text("rId1"));
        data.extend(text("Ziele"));
        let mut record = vec![0x9C, 0x01, u8::try_from(data.len()).unwrap()];
        record.extend_from_slice(&data);
        record.extend_from_slice(&[0x90, 0x01, 0x00]);
        let (content, set_aside) = sheet_list(&record, &rels).unwrap().unwrap();
        let mut expected = vec![0x9C, 0x01, u8::try_from(data.len() - 4).unwrap()];
        expected.extend_from_slice(&data[..4]);
        expected.extend_from_slice(&data[8..]);
        expected.extend_from_slice(&[0x90, 0x01, 0x00]);
        assert_eq!(content, expected);
        assert!(set_aside.is_empty());
    }
}
