//! The sheet list of an xlsx/xlsm workbook, read where and as calamine reads it, for the
//! sheets calamine refuses the whole file for although Excel opens it:
//!
//! - an Excel 4 macro sheet (`xl/macrosheets/`, relationship type `xlMacrosheet` or
//!   `xlIntlMacrosheet`): calamine knows only worksheets, chart and dialog sheets
//!   („Unrecognized sheet:type“);
//! - a sheet listed without a relationship (`r:id=""`: Excel keeps the module sheets of old
//!   workbooks so): calamine finds no relationship for it („Relationship not found“).
//!
//! Such a sheet's `<sheet>` element is cut out of the workbook part, so that calamine reads
//! the rest, and the sheet is reported as no worksheet in its place. Anything else unusual
//! is left to calamine, which then gives its own error.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::decoded::SetAside;
use super::repack::SheetListFix;
use crate::limits::Limits;
use crate::report::NonWorksheet;

/// The fix of the workbook part, if its sheet list has sheets calamine refuses.
pub(super) fn scan(zip: &mut ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> Option<SheetListFix> {
    let names = PartNames::new(zip);
    let package_rels = names.read(zip, "_rels/.rels", limits)?;
    let target = office_document(&package_rels)?;
    // As calamine splits it: the folder (with its `/`, without a leading one) and the name.
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir);
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    let rels = relationships(&names.read(zip, &format!("{dir}_rels/{name}.rels"), limits)?)?;
    let part = names.actual(&format!("{dir}{name}"))?.to_owned();
    let workbook = names.read(zip, &part, limits)?;
    let (cuts, set_aside) = sheets_to_set_aside(&workbook, &rels)?;
    if set_aside.is_empty() {
        return None;
    }
    let mut content = Vec::with_capacity(workbook.len());
    let mut from = 0;
    for (start, end) in cuts {
        content.extend_from_slice(workbook.get(from..start)?);
        from = end;
    }
    content.extend_from_slice(workbook.get(from..)?);
    Some(SheetListFix {
        part,
        content,
        set_aside,
    })
}

/// Room reserved ahead for a part's unpacked bytes is its declared size, but at most this
/// much (a declared size may be a lie).
const PRESIZE: u64 = 4 << 20;

/// An empty buffer with room for a part of `declared` unpacked bytes: reading into it
/// does not grow (and clear) the buffer again and again.
pub(super) fn part_buffer(declared: u64) -> Vec<u8> {
    Vec::with_capacity(usize::try_from(declared.min(PRESIZE)).unwrap_or(0))
}

/// The package's part names as calamine finds them: by lower-case name, `\` read as `/`.
pub(super) struct PartNames {
    by_key: HashMap<String, String>,
}

impl PartNames {
    pub(super) fn new(zip: &ZipArchive<Cursor<&[u8]>>) -> Self {
        Self {
            by_key: zip
                .file_names()
                .flatten()
                .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned()))
                .collect(),
        }
    }

    /// The part's name as it stands in the package.
    pub(super) fn actual(&self, path: &str) -> Option<&str> {
        self.by_key
            .get(&path.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// A (small) part's bytes; `None` if it is missing, unreadable or larger than a file.
    pub(super) fn read(
        &self,
        zip: &mut ZipArchive<Cursor<&[u8]>>,
        path: &str,
        limits: &Limits,
    ) -> Option<Vec<u8>> {
        let part = zip.by_name(self.actual(path)?).ok()?;
        if part.size() > limits.file_bytes {
            return None;
        }
        let mut bytes = part_buffer(part.size());
        part.take(limits.file_bytes).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

/// The target of the package's last `officeDocument` relationship, unescaped (calamine's).
fn office_document(rels: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(rels);
    let mut target = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let typ = raw_attr(&e, |k| k == "Type");
                if typ.is_some_and(|t| t.ends_with("/relationships/officeDocument"))
                    && let Some(t) = raw_attr(&e, |k| k == "Target")
                {
                    target = Some(quick_xml::escape::unescape(&t).ok()?.into_owned());
                }
            }
            Event::Eof => return target,
            _ => {}
        }
    }
}

/// The relationships of the workbook part: id → type, both as written (calamine's keys).
fn relationships(rels: &[u8]) -> Option<HashMap<String, String>> {
    let mut reader = Reader::from_reader(rels);
    let mut found = HashMap::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let Some(id) = raw_attr(&e, |k| k == "Id") {
                    found.insert(id, raw_attr(&e, |k| k == "Type").unwrap_or_default());
                }
            }
            Event::Eof => return Some(found),
            _ => {}
        }
    }
}

/// Byte ranges to cut out of a workbook part, and the sheets they list.
type Cuts = (Vec<(usize, usize)>, Vec<SetAside>);

/// The byte ranges of the `<sheet>` elements to cut out of the workbook part, and those
/// sheets with their place in the list.
fn sheets_to_set_aside(workbook: &[u8], rels: &HashMap<String, String>) -> Option<Cuts> {
    let mut reader = Reader::from_reader(workbook);
    reader.config_mut().check_end_names = false;
    let mut cuts = Vec::new();
    let mut set_aside = Vec::new();
    let mut position = 0;
    // A `<sheet>` element being cut whose end is still to come: where it starts, and how
    // many elements inside it are open.
    let mut cutting: Option<(usize, usize)> = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).ok()?;
        let event = reader.read_event().ok()?;
        let after = usize::try_from(reader.buffer_position()).ok()?;
        if let Some((start, inside)) = cutting.as_mut() {
            match event {
                Event::Start(_) => *inside += 1,
                Event::End(_) if *inside == 0 => {
                    cuts.push((*start, after));
                    cutting = None;
                }
                Event::End(_) => *inside -= 1,
                Event::Eof => return None,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if e.local_name().as_ref() == "sheet" => {
                if let Some((name, hidden, kind)) = not_read(e, rels) {
                    set_aside.push(SetAside {
                        position,
                        name,
                        hidden,
                        kind,
                    });
                    if matches!(event, Event::Empty(_)) {
                        cuts.push((before, after));
                    } else {
                        cutting = Some((before, 0));
                    }
                }
                position += 1;
            }
            Event::Eof => return Some((cuts, set_aside)),
            _ => {}
        }
    }
}

/// A `<sheet>` element calamine would refuse the file for: its name, whether it is hidden,
/// and what it is.
fn not_read(
    e: &BytesStart<'_>,
    rels: &HashMap<String, String>,
) -> Option<(String, bool, NonWorksheet)> {
    let id = raw_attr(e, |k| k.rsplit(':').next() == Some("id")).unwrap_or_default();
    let kind = if id.is_empty() {
        NonWorksheet::WithoutContent
    } else {
        match rels.get(&id)?.rsplit('/').next()? {
            "xlMacrosheet" | "xlIntlMacrosheet" => NonWorksheet::Macro,
            _ => return None,
        }
    };
    let name = raw_attr(e, |k| k == "name")?;
    let name = quick_xml::escape::unescape(&name).ok()?.into_owned();
    let hidden = raw_attr(e, |k| k == "state").is_some_and(|s| s != "visible");
    Some((name, hidden, kind))
}

/// The first attribute whose key `matches`, as written (not unescaped).
fn raw_attr(e: &BytesStart<'_>, matches: impl Fn(&str) -> bool) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| matches(a.key.as_ref()))
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#;

    #[test]
    fn macro_sheets_and_sheets_without_content_are_cut_out() {
        let rels = relationships(RELS.as_bytes()).unwrap();
        let workbook = r#"<workbook><sheets><sheet name="Makro1" sheetId="3" r:id="rId2"/><sheet name="Ziele" sheetId="1" r:id="rId1"/><sheet name="M&amp;odul" state="hidden" sheetId="2" r:id=""></sheet></sheets></workbook>"#;
        let (cuts, set_aside) = sheets_to_set_aside(workbook.as_bytes(), &rels).unwrap();
        let kept: String = {
            let mut kept = String::new();
            let mut from = 0;
            for (start, end) in cuts {
                kept.push_str(&workbook[from..start]);
                from = end;
            }
            kept + &workbook[from..]
        };
        assert_eq!(
            kept,
            r#"<workbook><sheets><sheet name="Ziele" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        assert_eq!(
            set_aside,
            vec![
                SetAside {
                    position: 0,
                    name: "Makro1".into(),
                    hidden: false,
                    kind: NonWorksheet::Macro
                },
                SetAside {
                    position: 2,
                    name: "M&odul".into(),
                    hidden: true,
                    kind: NonWorksheet::WithoutContent
                },
            ]
        );
    }

    #[test]
    fn unknown_relationships_are_left_to_calamine() {
        let rels = relationships(RELS.as_bytes()).unwrap();
        let workbook = r#"<workbook><sheets><sheet name="A" r:id="rId9"/></sheets></workbook>"#;
        let (cuts, set_aside) = sheets_to_set_aside(workbook.as_bytes(), &rels).unwrap();
        assert!(cuts.is_empty() && set_aside.is_empty());
    }

    #[test]
    fn arbitrary_workbook_parts_never_panic() {
        let rels = relationships(RELS.as_bytes()).unwrap();
        let pieces = [
            "<sheet ",
            "name=\"A\" ",
            "r:id=\"rId2\"",
            "r:id=\"\"",
            "/>",
            ">",
            "</sheet>",
            "<x>",
            "</x>",
            "<!--",
            "-->",
            "&amp;",
            "<sheets>",
            "\u{FEFF}",
            "<",
        ];
        let mut state = 0x2545_F491_u32;
        for _ in 0..3000 {
            let mut xml = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                xml.push_str(pieces[state as usize % pieces.len()]);
            }
            state = state.wrapping_add(1);
            if let Some((cuts, _)) = sheets_to_set_aside(xml.as_bytes(), &rels) {
                let mut from = 0;
                for (start, end) in cuts {
                    assert!(from <= start && start <= end && end <= xml.len(), "{xml}");
                    from = end;
                }
            }
        }
    }
}
