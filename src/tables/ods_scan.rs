//! A pre-scan of an ODS file's `content.xml` before calamine reads it. calamine expands
//! `table:number-columns-repeated` into one value per column and `number-rows-repeated` into
//! full rows of a dense grid, and `text:s text:c` into that many spaces; a few bytes of XML
//! can so ask for gigabytes (`issue_594_dos.ods`). It also loops forever on a `content.xml`
//! that ends inside a table. This scan walks the XML the way calamine does, counts what
//! calamine would allocate, and refuses a file over the limits or not well-formed.
//!
//! On the way it collects what calamine does not report: merged cells
//! (`table:number-columns-spanned`, `table:number-rows-spanned`); and it tells whether the
//! file is pretty-printed in a way calamine refuses (see [`super::ods_layout`]).

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::ods_layout::Layout;
use super::sheet::Region;
use crate::limits::Limits;

/// calamine's caps (`ods.rs`): rows and columns beyond them are cut off.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// What the scan found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum OdsRefusal {
    /// A sheet whose grid would be too large (rows × columns of calamine's grid).
    SheetTooLarge { sheet: String, cells: u64 },
    /// All grids together would be too large.
    FileTooLarge { cells: u64 },
    /// A cell whose text would be too long (`text:s` with a huge count).
    TextTooLong {
        sheet: String,
        row: u64,
        column: u64,
    },
    /// All text together would take too much memory.
    TooMuchText { bytes: u64 },
    /// Not well-formed, or not readable (technical, English).
    Defect(String),
}

/// The merged regions of each sheet, by sheet name in document order.
pub(super) type MergedRegions = Vec<(String, Vec<Region>)>;

/// What the scan learned of a `content.xml` within the limits.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scanned {
    /// The merged regions of each sheet.
    pub merged: MergedRegions,
    /// Whether it holds layout calamine refuses (and is UTF-8, so it can be rewritten).
    pub layout: bool,
}

/// Scans `content.xml` (any reader over it) against the limits.
pub(super) fn scan(content: impl Read, limits: &Limits) -> Result<Scanned, OdsRefusal> {
    let mut reader = Reader::from_reader(BufReader::new(content));
    reader.config_mut().expand_empty_elements = true;
    reader.config_mut().check_end_names = true;
    let mut scan = Scan {
        limits,
        depth: 0,
        table: None,
        sheets: Vec::new(),
        total_cells: 0,
        total_text: 0,
    };
    let mut layout = Layout::new();
    let mut has_layout = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                scan.depth += 1;
                layout.start(e.name().as_ref());
                scan.start(&e)?;
            }
            Ok(Event::End(e)) => {
                scan.depth = scan.depth.saturating_sub(1);
                layout.end();
                scan.end(e.name())?;
            }
            Ok(Event::Text(t)) => {
                has_layout |= layout.is_layout_text(&t);
                scan.text(t.len() as u64)?;
            }
            Ok(Event::Comment(_)) => has_layout |= layout.is_layout_comment(),
            Ok(Event::CData(t)) => scan.text(t.len() as u64)?,
            Ok(Event::GeneralRef(_)) => scan.text(4)?,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => return Err(OdsRefusal::Defect(format!("content.xml: {err}"))),
        }
    }
    if scan.depth != 0 || scan.table.is_some() {
        return Err(OdsRefusal::Defect(
            "content.xml ends inside an element".into(),
        ));
    }
    Ok(Scanned {
        merged: scan.sheets,
        layout: has_layout && reader.encoding() == encoding_rs::UTF_8,
    })
}

struct Scan<'a> {
    limits: &'a Limits,
    depth: usize,
    table: Option<OdsTable>,
    sheets: MergedRegions,
    total_cells: u64,
    total_text: u64,
}

/// The table being read.
struct OdsTable {
    name: String,
    /// Rows so far, repeats counted (calamine's `total_rows`).
    rows: u64,
    /// Values pushed into calamine's raw cell list.
    raw: u64,
    /// First non-empty row (absolute) and the end of the last one (exclusive).
    filled_rows: Option<(u64, u64)>,
    /// Leftmost and rightmost non-empty column.
    filled_cols: Option<(u64, u64)>,
    text: u64,
    row: Option<Row>,
    regions: Vec<Region>,
}

/// The row being read.
struct Row {
    start: u64,
    repeats: u64,
    pushed: u64,
    empty_pending: u64,
    filled: Option<(u64, u64)>,
    text: u64,
    cell: Option<OdsCell>,
}

/// The cell being read.
struct OdsCell {
    depth: usize,
    repeats: u64,
    value: bool,
    text: u64,
    spans: (u64, u64),
}

impl Scan<'_> {
    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), OdsRefusal> {
        let name = e.name();
        let Some(table) = self.table.as_mut() else {
            if name == QName("table:table")
                && let Some(sheet) = attr(e, "table:name")
            {
                self.table = Some(OdsTable::new(sheet));
            }
            return Ok(());
        };
        let limit = self.limits.chars_per_cell as u64 * 4;
        match table.row.as_mut() {
            Some(row) => match row.cell.as_mut() {
                Some(cell) => {
                    if name == QName("text:s") {
                        cell.text = cell.text.saturating_add(number(e, "text:c").unwrap_or(1));
                    } else if name == QName("text:p") {
                        cell.text += 1;
                    }
                    if cell.text > limit {
                        return Err(OdsRefusal::TextTooLong {
                            sheet: table.name.clone(),
                            row: row.start,
                            column: row.pushed + row.empty_pending,
                        });
                    }
                }
                None if name == QName("table:table-cell")
                    || name == QName("table:covered-table-cell") =>
                {
                    row.cell = Some(OdsCell::new(e, self.depth));
                }
                None => {}
            },
            None if name == QName("table:table-row") => {
                let repeats = number(e, "table:number-rows-repeated")
                    .unwrap_or(1)
                    .min(MAX_ROWS - table.rows.min(MAX_ROWS));
                table.row = Some(Row {
                    start: table.rows,
                    repeats,
                    pushed: 0,
                    empty_pending: 0,
                    filled: None,
                    text: 0,
                    cell: None,
                });
                table.rows += repeats;
            }
            None => {}
        }
        Ok(())
    }

    fn end(&mut self, name: QName<'_>) -> Result<(), OdsRefusal> {
        let depth = self.depth;
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        if let Some(row) = table.row.as_mut() {
            if row.cell.as_ref().is_some_and(|c| c.depth > depth) {
                if let Some(cell) = row.cell.take() {
                    row.push(cell, &mut table.regions);
                }
            } else if row.cell.is_none()
                && name == QName("table:table-row")
                && let Some(row) = table.row.take()
            {
                table.add_row(row);
                self.check(false)?;
            }
        } else if name == QName("table:table") {
            self.check(true)?;
            if let Some(table) = self.table.take() {
                self.sheets.push((table.name, table.regions));
            }
        }
        Ok(())
    }

    fn text(&mut self, len: u64) -> Result<(), OdsRefusal> {
        if let Some(cell) = self
            .table
            .as_mut()
            .and_then(|t| t.row.as_mut())
            .and_then(|r| r.cell.as_mut())
        {
            cell.text = cell.text.saturating_add(len);
        }
        Ok(())
    }

    /// Checks the current table against the limits; at its end, adds it to the file's totals.
    fn check(&mut self, finished: bool) -> Result<(), OdsRefusal> {
        let Some(table) = self.table.as_ref() else {
            return Ok(());
        };
        let cells = table.raw.max(table.dense());
        if cells > self.limits.cells as u64 {
            return Err(OdsRefusal::SheetTooLarge {
                sheet: table.name.clone(),
                cells,
            });
        }
        let total_cells = self.total_cells.saturating_add(cells);
        if total_cells > self.limits.cells_per_file as u64 {
            return Err(OdsRefusal::FileTooLarge { cells: total_cells });
        }
        let total_text = self.total_text.saturating_add(table.text);
        if total_text > self.limits.archive_bytes {
            return Err(OdsRefusal::TooMuchText { bytes: total_text });
        }
        if finished {
            self.total_cells = total_cells;
            self.total_text = total_text;
        }
        Ok(())
    }
}

impl OdsTable {
    fn new(name: String) -> Self {
        Self {
            name,
            rows: 0,
            raw: 0,
            filled_rows: None,
            filled_cols: None,
            text: 0,
            row: None,
            regions: Vec::new(),
        }
    }

    /// The cells of calamine's dense grid: rows from the first to the last non-empty row
    /// (repeats expanded) times the columns from the leftmost to the rightmost value.
    fn dense(&self) -> u64 {
        match (self.filled_rows, self.filled_cols) {
            (Some((top, end)), Some((left, right))) => (end - top).saturating_mul(right - left + 1),
            _ => 0,
        }
    }

    fn add_row(&mut self, row: Row) {
        self.raw = self.raw.saturating_add(row.pushed);
        let Some((left, right)) = row.filled else {
            return;
        };
        let end = row.start + row.repeats;
        self.filled_rows = Some(
            self.filled_rows
                .map_or((row.start, end), |(top, _)| (top, end)),
        );
        self.filled_cols = Some(
            self.filled_cols
                .map_or((left, right), |(l, r)| (l.min(left), r.max(right))),
        );
        self.text = self
            .text
            .saturating_add(row.text.saturating_mul(row.repeats.max(1)));
    }
}

impl Row {
    /// Adds a finished cell the way calamine's `read_row` does: pending empty cells are
    /// pushed before any cell, an empty cell's repeats become the new pending count, a
    /// value is pushed once per repeat; all capped at calamine's column limit.
    fn push(&mut self, cell: OdsCell, regions: &mut Vec<Region>) {
        self.pushed += self
            .empty_pending
            .min(MAX_COLUMNS - self.pushed.min(MAX_COLUMNS));
        self.empty_pending = 0;
        let repeats = cell.repeats.min(MAX_COLUMNS - self.pushed.min(MAX_COLUMNS));
        if !cell.value {
            self.empty_pending = repeats;
            return;
        }
        if repeats == 0 {
            return;
        }
        let col = self.pushed;
        self.pushed += repeats;
        self.filled = Some(
            self.filled
                .map_or((col, self.pushed - 1), |(l, _)| (l, self.pushed - 1)),
        );
        self.text = self.text.saturating_add(cell.text.saturating_mul(repeats));
        if cell.spans != (1, 1) {
            let to_u32 = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
            regions.push(Region {
                start: (to_u32(self.start), to_u32(col)),
                end: (
                    to_u32(self.start.saturating_add(cell.spans.0 - 1)),
                    to_u32(col.saturating_add(cell.spans.1 - 1)),
                ),
            });
        }
    }
}

impl OdsCell {
    fn new(e: &BytesStart<'_>, depth: usize) -> Self {
        let value_attrs = [
            "office:value",
            "office:string-value",
            "office:date-value",
            "office:time-value",
            "office:boolean-value",
            "table:formula",
        ];
        let typed_string = attr(e, "office:value-type").as_deref() == Some("string");
        let error = attr(e, "calcext:value-type").as_deref() == Some("error");
        let value = typed_string || error || value_attrs.iter().any(|a| attr(e, a).is_some());
        let formula = attr(e, "table:formula").map_or(0, |f| f.len() as u64);
        Self {
            depth,
            repeats: number(e, "table:number-columns-repeated").unwrap_or(1),
            value,
            text: formula,
            spans: (
                number(e, "table:number-rows-spanned").unwrap_or(1).max(1),
                number(e, "table:number-columns-spanned")
                    .unwrap_or(1)
                    .max(1),
            ),
        }
    }
}

/// An attribute's unescaped value.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    quick_xml::escape::unescape(&a.value)
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// A numeric attribute (as calamine parses them; a value it cannot parse makes calamine
/// fail cleanly, so it counts as absent here).
fn number(e: &BytesStart<'_>, name: &str) -> Option<u64> {
    attr(e, name)?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(rows: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="Ziele">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;

    #[test]
    fn trailing_empty_rows_and_columns_cost_nothing() {
        let rows = format!(
            r#"<table:table-row>{CELL}{CELL}<table:table-cell table:number-columns-repeated="16382"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
        );
        assert_eq!(
            scan(content(&rows).as_bytes(), &Limits::default()).map(|s| s.merged),
            Ok(vec![("Ziele".into(), vec![])])
        );
    }

    #[test]
    fn repeated_value_rows_are_counted_as_calamine_expands_them() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="1000000">{CELL}{CELL}{CELL}</table:table-row>"#
        );
        assert_eq!(
            scan(content(&rows).as_bytes(), &Limits::default()),
            Err(OdsRefusal::SheetTooLarge {
                sheet: "Ziele".into(),
                cells: 3_000_000
            })
        );
    }

    #[test]
    fn repeated_value_columns_are_counted() {
        let cell = r#"<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>"#;
        let rows: String = (0..200)
            .map(|_| format!("<table:table-row>{cell}</table:table-row>"))
            .collect();
        let limits = Limits {
            cells: 3_000_000,
            cells_per_file: 3_000_000,
            ..Limits::default()
        };
        assert_eq!(
            scan(content(&rows).as_bytes(), &limits),
            Err(OdsRefusal::SheetTooLarge {
                sheet: "Ziele".into(),
                cells: 16_384 * 184
            })
        );
    }

    #[test]
    fn huge_space_runs_are_refused() {
        let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#;
        assert_eq!(
            scan(content(rows).as_bytes(), &Limits::default()),
            Err(OdsRefusal::TextTooLong {
                sheet: "Ziele".into(),
                row: 0,
                column: 0
            })
        );
    }

    #[test]
    fn a_truncated_file_is_a_defect() {
        let full = content(&format!("<table:table-row>{CELL}</table:table-row>"));
        let cut = &full[..full.find("</table:table>").unwrap()];
        assert!(matches!(
            scan(cut.as_bytes(), &Limits::default()),
            Err(OdsRefusal::Defect(_))
        ));
    }

    #[test]
    fn merged_cells_become_regions() {
        let rows = format!(
            r#"<table:table-row><table:table-cell/>{CELL}</table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string" table:number-rows-spanned="3" table:number-columns-spanned="2"><text:p>Ziel 1</text:p></table:table-cell><table:covered-table-cell/>{CELL}</table:table-row>"#
        );
        assert_eq!(
            scan(content(&rows).as_bytes(), &Limits::default()).map(|s| s.merged),
            Ok(vec![(
                "Ziele".into(),
                vec![Region {
                    start: (1, 0),
                    end: (3, 1)
                }]
            )])
        );
    }
}
