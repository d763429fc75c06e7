//! Merged regions of xlsx sheets without parsing each sheet twice. calamine's
//! `merge_cells_by_sheet_name` runs its XML parser over the whole sheet part again to reach
//! the `mergeCells` element after the cells; here the part calamine just read (found by
//! where its data starts, see [`super::zip_package::Counter`]) is unpacked again and only
//! searched for that element, which alone is parsed. Anything unusual (comments, CDATA,
//! processing instructions, a reference calamine would read differently or refuse) is left
//! to calamine, so the regions are always the ones calamine finds.

use std::io::Read;

use calamine::Dimensions;
use memchr::memmem;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::xlsx_sheets::part_buffer;
use super::zip_package::{CheckedPackage, Counter, CountingReader};

/// A second, counting view of a package for reading sheet parts again.
pub(super) struct PartReader<'a> {
    zip: Option<ZipArchive<CountingReader<'a>>>,
    checked: &'a CheckedPackage,
    counter: &'a Counter,
}

impl<'a> PartReader<'a> {
    /// Opens the package `bytes` checked as `geprueft`; its reads count against `zaehler`
    /// like calamine's, so a part is not unpacked more often than calamine itself would.
    pub(super) fn new(bytes: &'a [u8], checked: &'a CheckedPackage, counter: &'a Counter) -> Self {
        Self {
            zip: ZipArchive::new(CountingReader::new(bytes, checked, counter)).ok(),
            checked,
            counter,
        }
    }

    /// The merged regions of the sheet part whose data starts at `start`, in document order;
    /// `None` when calamine has to look (what this read cost is then given back).
    pub(super) fn regions(&mut self, start: u64) -> Option<Vec<Dimensions>> {
        let budget = self.counter.budget.get();
        let regions = self.read(start);
        if regions.is_none() {
            self.counter.budget.set(budget);
        }
        regions
    }

    fn read(&mut self, start: u64) -> Option<Vec<Dimensions>> {
        let declared = self.checked.parts.get(&start)?;
        let mut part = self.zip.as_mut()?.by_index(declared.entry?).ok()?;
        let mut xml = part_buffer(declared.bytes);
        part.read_to_end(&mut xml).ok()?;
        merge_cells(&xml)
    }
}

/// The regions of the first `mergeCells` element of a sheet's XML (none without one).
/// The part is searched as bytes and only the element's own text is decoded: the searches
/// are each one vectorised pass over the part, which is most of the unpacked input.
fn merge_cells(xml: &[u8]) -> Option<Vec<Dimensions>> {
    if memmem::find(xml, b"<!").is_some() || memmem::find_iter(xml, b"<?").any(|i| i > 3) {
        return None;
    }
    let Some(start) = start_tag(xml, b"mergeCells") else {
        return Some(Vec::new());
    };
    // `start` is a `<`, so the tail begins on a character boundary. The text before it was
    // decoded by calamine's cell reader already, which refuses a part that is not UTF-8.
    let tail = std::str::from_utf8(xml.get(start..)?).ok()?;
    let mut reader = Reader::from_str(tail);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    config.trim_text(false);
    let mut regions = Vec::new();
    let mut opened = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if !opened => {
                opened = e.local_name().as_ref() == "mergeCells";
                if !opened {
                    return None;
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(reference) = reference(&e)? {
                    regions.push(dimension(reference.as_bytes())?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => return Some(regions),
            Event::Eof => return None,
            _ if !opened => return None,
            _ => {}
        }
    }
}

/// Where the first start tag `<name` or `<prefix:name` begins. Without comments, CDATA and
/// processing instructions, `<` stands in XML only at the start of a tag.
fn start_tag(xml: &[u8], name: &[u8]) -> Option<usize> {
    memmem::find_iter(xml, name).find_map(|at| {
        let ends_name = xml
            .get(at + name.len())
            .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace());
        let before = &xml[..at];
        let qualified = match before.strip_suffix(b":") {
            Some(rest) => {
                let prefix = rest
                    .iter()
                    .rev()
                    .take_while(|&&b| is_prefix_byte(b))
                    .count();
                &rest[..rest.len() - prefix]
            }
            None => before,
        };
        (ends_name && qualified.ends_with(b"<")).then(|| qualified.len() - 1)
    })
}

/// Whether `b` may stand in a namespace prefix as Office writes them.
fn is_prefix_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// The `ref` attribute of a `mergeCell`: `Some(None)` without one, `None` when the
/// attributes are malformed.
fn reference(e: &BytesStart<'_>) -> Option<Option<String>> {
    for attribute in e.attributes() {
        let attribute = attribute.ok()?;
        if attribute.key.as_ref() == "ref" {
            return Some(Some(attribute.value.into_owned()));
        }
    }
    Some(None)
}

/// `A1:B2` or `A1` as calamine reads it; `None` for anything else.
fn dimension(reference: &[u8]) -> Option<Dimensions> {
    let mut cells = reference.split(|b| *b == b':').map(cell);
    let start = cells.next()??;
    let end = match cells.next() {
        Some(end) => end?,
        None => start,
    };
    cells.next().is_none().then(|| Dimensions::new(start, end))
}

/// A cell reference such as `AB12` as zero-based (row, column).
fn cell(reference: &[u8]) -> Option<(u32, u32)> {
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let (column, row) = reference.split_at(letters);
    if column.is_empty() || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = column.iter().try_fold(0u32, |n, b| {
        n.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = std::str::from_utf8(row).ok()?.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(tail: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCells &lt;mergeCells&gt;</t></is></c></row></sheetData>{tail}<pageMargins left="0.7"/></worksheet>"#
        )
    }

    /// A region as (top-left, bottom-right), zero-based (row, column).
    type Region = ((u32, u32), (u32, u32));

    fn regions(xml: &str) -> Option<Vec<Region>> {
        merge_cells(xml.as_bytes()).map(|r| r.into_iter().map(|d| (d.start, d.end)).collect())
    }

    #[test]
    fn regions_come_from_the_merge_cells_element() {
        let xml = sheet(
            r#"<mergeCells count="3"><mergeCell ref="A2:A4"/><mergeCell ref="ab10:AC11"/><mergeCell ref="C7"/><mergeCell/></mergeCells>"#,
        );
        assert_eq!(
            regions(&xml),
            Some(vec![
                ((1, 0), (3, 0)),
                ((9, 27), (10, 28)),
                ((6, 2), (6, 2))
            ])
        );
        let prefixed =
            sheet(r#"<x:mergeCells><x:mergeCell ref="B1:C1"></x:mergeCell></x:mergeCells>"#);
        assert_eq!(regions(&prefixed), Some(vec![((0, 1), (0, 2))]));
        assert_eq!(regions(&sheet("")), Some(vec![]));
        assert_eq!(regions(&sheet("<mergeCells/>")), Some(vec![]));
    }

    #[test]
    fn the_part_calamine_read_gives_calamines_regions() {
        use calamine::{Reader, Xlsx};
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.merge_range(2, 0, 4, 0, "Ziel 1", &Format::new())
            .unwrap();
        ws.merge_range(0, 1, 0, 3, "Kopf", &Format::new()).unwrap();
        wb.add_worksheet().write_string(0, 0, "ohne").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let checked = super::super::zip_package::check(&bytes, &Default::default()).unwrap();
        let counter = Counter::new(&checked);
        let mut parts = PartReader::new(&bytes, &checked, &counter);
        let mut calamine = Xlsx::new(CountingReader::new(&bytes, &checked, &counter)).unwrap();
        let mut found = Vec::new();
        for name in calamine.sheet_names() {
            counter.last_opened.set(None);
            drop(calamine.worksheet_cells_reader(&name).unwrap());
            let ours = parts.regions(counter.last_opened.get().unwrap()).unwrap();
            assert_eq!(ours, calamine.merge_cells_by_sheet_name(&name).unwrap());
            found.push(ours.len());
        }
        assert_eq!(found, vec![2, 0]);
    }

    #[test]
    fn anything_unusual_is_left_to_calamine() {
        for tail in [
            r#"<!-- <mergeCells><mergeCell ref="A1:B1"/></mergeCells> -->"#,
            r#"<?pi <mergeCells> ?>"#,
            r#"<mergeCells><mergeCell ref="A1:B1:C1"/></mergeCells>"#,
            r#"<mergeCells><mergeCell ref="1A:B1"/></mergeCells>"#,
            r#"<mergeCells><mergeCell ref="A0"/></mergeCells>"#,
            r#"<mergeCells><mergeCell ref="A1:"/></mergeCells>"#,
            r#"<mergeCells><mergeCell x ref="A1"/></mergeCells>"#,
            r#"<mergeCells><mergeCell ref="A1:B1"/>"#,
        ] {
            assert_eq!(regions(&sheet(tail)), None, "{tail}");
        }
    }
}
