//! A pre-scan of an `.xls` workbook stream (BIFF records) before calamine reads it. calamine
//! builds every sheet of an xls file as a full grid when it opens the file, sized by the
//! cells it finds and by the sheet's declared DIMENSIONS; both can be made enormous by a
//! tiny file. This scan walks the same records the same way and measures those grids, so
//! that a file that would need too much memory is refused before calamine opens it. It also
//! finds FILEPASS: the workbook is encrypted (with a password, or with Excel's built-in
//! `VelvetSweatshop` key for write-protected files, which calamine cannot read either).

use crate::limits::Limits;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MULRK: u16 = 0x00BD;
/// How many times its workbook stream calamine may read over all sheets (once for
/// well-formed files, whose sheets have separate substreams).
const WORK_FACTOR: usize = 4;
/// Records that are one cell with its row and column in their first four bytes.
const CELL_RECORDS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// What the scan found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum XlsRefusal {
    /// FILEPASS: the workbook is encrypted.
    Encrypted,
    /// A sheet whose grid would be too large.
    SheetTooLarge {
        /// The sheet's name.
        sheet: String,
        /// Rows × columns of its grid.
        cells: u64,
    },
    /// All grids together would be too large.
    FileTooLarge {
        /// Rows × columns summed over the sheets.
        cells: u64,
    },
    /// A record structure calamine would trip over (technical, English).
    Defect(String),
}

/// One BIFF record: type and data (CONTINUE records that follow are skipped).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
}

/// Iterates records as calamine does; `None` at the end or at a truncated record.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let (typ, data, rest) = split_record(self.stream)?;
        self.stream = rest;
        while let Some((CONTINUE, _, rest)) = split_record(self.stream) {
            self.stream = rest;
        }
        Some(Record { typ, data })
    }
}

fn split_record(stream: &[u8]) -> Option<(u16, &[u8], &[u8])> {
    let typ = u16_at(stream, 0)?;
    let len = usize::from(u16_at(stream, 2)?);
    let data = stream.get(4..4 + len)?;
    Some((typ, data, stream.get(4 + len..).unwrap_or_default()))
}

/// The Excel version of a workbook in the format of Excel 2.x, 3.0 or 4.0 (BIFF2–4), told by
/// its first record: a BOF of that version for a worksheet, chart, macro sheet or (Excel 4.0)
/// workbook. Such files are a bare record stream, not a compound file; calamine reads only
/// the BIFF5 and BIFF8 of Excel 5.0 and later.
pub(super) fn old_excel(bytes: &[u8]) -> Option<&'static str> {
    let (typ, data, _) = split_record(bytes)?;
    let version = match typ {
        0x0009 => "2.x",
        0x0209 => "3.0",
        0x0409 => "4.0",
        _ => return None,
    };
    let kind = u16_at(data, 2)?;
    (data.len() <= 16 && matches!(kind, 0x0010 | 0x0020 | 0x0040 | 0x0100)).then_some(version)
}

/// Scans the workbook stream of an xls file against the limits.
pub(super) fn scan(stream: &[u8], limits: &Limits) -> Result<(), XlsRefusal> {
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for record in (Records { stream }) {
        match record.typ {
            FILEPASS => return Err(XlsRefusal::Encrypted),
            BOF => biff8 = u16_at(record.data, 0) == Some(0x0600),
            BOUNDSHEET => sheets.push(boundsheet(record.data, biff8)?),
            EOF => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    let mut work = stream.len().saturating_mul(WORK_FACTOR);
    for (pos, name) in sheets {
        let substream = stream
            .get(pos..)
            .ok_or_else(|| XlsRefusal::Defect(format!("sheet offset {pos} beyond the stream")))?;
        let cells = grid_cells(substream, &mut work)?;
        if cells > limits.cells as u64 {
            return Err(XlsRefusal::SheetTooLarge { sheet: name, cells });
        }
        total = total.saturating_add(cells);
        if total > limits.cells_per_file as u64 {
            return Err(XlsRefusal::FileTooLarge { cells: total });
        }
    }
    Ok(())
}

/// A BOUNDSHEET record: the sheet's stream offset and its name (for messages).
fn boundsheet(data: &[u8], biff8: bool) -> Result<(usize, String), XlsRefusal> {
    let pos =
        u32_at(data, 0).ok_or_else(|| XlsRefusal::Defect("short BOUNDSHEET record".into()))?;
    if data.len() < 6 {
        return Err(XlsRefusal::Defect("short BOUNDSHEET record".into()));
    }
    let cch = usize::from(data.get(6).copied().unwrap_or(0));
    let name = if biff8 && data.get(7).is_some_and(|flags| flags & 1 == 1) {
        let units = data.get(8..).unwrap_or_default().chunks_exact(2).take(cch);
        char::decode_utf16(units.map(|c| u16::from_le_bytes([c[0], c[1]])))
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    } else {
        let start = if biff8 { 8 } else { 7 };
        data.get(start..)
            .unwrap_or_default()
            .iter()
            .take(cch)
            .map(|b| char::from(*b))
            .collect()
    };
    Ok((pos as usize, name))
}

/// The cells of the grids calamine builds for the sheet whose substream starts here: the
/// larger of the declared DIMENSIONS (which calamine reserves) and the bounding box of the
/// cells it reads (which `Range::from_sparse` fills). `work` is what calamine may still
/// read over all sheets, in bytes: sheets whose substreams overlap (many sheets on one
/// substream) would make it read the same records again and again.
fn grid_cells(substream: &[u8], work: &mut usize) -> Result<u64, XlsRefusal> {
    let mut box_ = Bounds::default();
    let mut reserved = 0u64;
    let mut formula_pos = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    for record in (Records { stream: substream }) {
        *work = work
            .checked_sub(4 + record.data.len())
            .ok_or_else(|| XlsRefusal::Defect("sheets share their records".into()))?;
        if depth > 0 {
            match record.typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let data = record.data;
        match record.typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(declared_cells(data)?),
            FORMULA if data.len() >= 20 => {
                formula_pos = cell_pos(data).unwrap_or_default();
                box_.add(formula_pos);
            }
            STRING => box_.add(formula_pos),
            MULRK => mulrk(data, &mut box_),
            typ if CELL_RECORDS.contains(&typ) => {
                if let Some(pos) = cell_pos(data) {
                    box_.add(pos);
                }
            }
            _ => {}
        }
    }
    Ok(reserved.max(box_.cells()))
}

/// The cells calamine reserves for a DIMENSIONS record, computed as calamine computes them
/// (including the wrap-around of a first row after the last).
fn declared_cells(data: &[u8]) -> Result<u64, XlsRefusal> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        n => {
            return Err(XlsRefusal::Defect(format!(
                "DIMENSIONS record of {n} bytes"
            )));
        }
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    Ok(rows.saturating_mul(cols))
}

/// The cells of a MULRK record, as calamine reads them.
fn mulrk(data: &[u8], box_: &mut Bounds) {
    let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
        return;
    };
    let count = data.len().saturating_sub(6) / 6;
    if count > 0 {
        box_.add((u32::from(row), u32::from(first)));
        box_.add((u32::from(row), u32::from(first) + count as u32 - 1));
    }
}

/// The bounding box of cell positions.
#[derive(Default)]
struct Bounds {
    area: Option<((u32, u32), (u32, u32))>,
}

impl Bounds {
    fn add(&mut self, (row, col): (u32, u32)) {
        self.area = Some(match self.area {
            None => ((row, col), (row, col)),
            Some((lo, hi)) => (
                (lo.0.min(row), lo.1.min(col)),
                (hi.0.max(row), hi.1.max(col)),
            ),
        });
    }

    fn cells(&self) -> u64 {
        self.area.map_or(0, |(lo, hi)| {
            (u64::from(hi.0 - lo.0) + 1) * (u64::from(hi.1 - lo.1) + 1)
        })
    }
}

fn cell_pos(data: &[u8]) -> Option<(u32, u32)> {
    Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    /// A workbook stream: globals with one BOUNDSHEET, then the sheet's records.
    fn workbook(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0x00, 0x06, 0x10, 0x00]);
        let name = b"Ziele";
        let mut boundsheet = vec![0; 4];
        boundsheet.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        boundsheet.extend_from_slice(name);
        let globals_len = bof.len() + 4 + boundsheet.len() + 4;
        boundsheet[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        let mut out = bof.clone();
        out.extend(record(BOUNDSHEET, &boundsheet));
        out.extend(record(EOF, &[]));
        out.extend(record(BOF, &[0x00, 0x06, 0x10, 0x00]));
        for r in sheet_records {
            out.extend_from_slice(r);
        }
        out.extend(record(EOF, &[]));
        out
    }

    #[test]
    fn the_grid_spans_the_cells_read() {
        let stream = workbook(&[number(2, 1), number(22, 6)]);
        assert_eq!(
            scan(
                &stream,
                &Limits {
                    cells: 126,
                    ..Limits::default()
                }
            ),
            Ok(())
        );
        assert_eq!(
            scan(
                &stream,
                &Limits {
                    cells: 125,
                    ..Limits::default()
                }
            ),
            Err(XlsRefusal::SheetTooLarge {
                sheet: "Ziele".into(),
                cells: 21 * 6
            })
        );
    }

    #[test]
    fn far_apart_cells_are_refused_with_the_sheet_named() {
        let stream = workbook(&[number(0, 0), number(65_535, 255)]);
        assert_eq!(
            scan(&stream, &Limits::default()),
            Err(XlsRefusal::SheetTooLarge {
                sheet: "Ziele".into(),
                cells: 65_536 * 256
            })
        );
    }

    #[test]
    fn a_wrapped_dimensions_record_is_refused() {
        let mut dims = Vec::new();
        for v in [5u32, 3u32] {
            dims.extend_from_slice(&v.to_le_bytes());
        }
        dims.extend_from_slice(&[0, 0, 0xFF, 0, 0, 0]);
        let stream = workbook(&[record(DIMENSIONS, &dims)]);
        assert_eq!(
            scan(&stream, &Limits::default()),
            Err(XlsRefusal::SheetTooLarge {
                sheet: "Ziele".into(),
                cells: 4_294_967_294 * 255
            })
        );
    }

    #[test]
    fn filepass_means_encrypted() {
        let mut stream = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        stream.extend(record(FILEPASS, &[1, 0, 1, 0]));
        assert_eq!(
            scan(&stream, &Limits::default()),
            Err(XlsRefusal::Encrypted)
        );
    }

    #[test]
    fn many_sheets_on_one_substream_are_a_defect() {
        let sheets = 10;
        let bof = record(BOF, &[0x00, 0x06, 0x10, 0x00]);
        let substream_at = bof.len() + sheets * (4 + 9) + 4;
        let mut stream = bof.clone();
        for _ in 0..sheets {
            stream.extend(record(
                BOUNDSHEET,
                &[
                    &(substream_at as u32).to_le_bytes()[..],
                    &[0, 0, 1, 0, b'A'],
                ]
                .concat(),
            ));
        }
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), substream_at);
        stream.extend(bof);
        for row in 0..20 {
            stream.extend(number(row, 0));
        }
        stream.extend(record(EOF, &[]));
        assert_eq!(
            scan(&stream, &Limits::default()),
            Err(XlsRefusal::Defect("sheets share their records".into()))
        );
    }

    #[test]
    fn a_sheet_offset_outside_the_stream_is_a_defect() {
        let mut boundsheet = 1_000_000u32.to_le_bytes().to_vec();
        boundsheet.extend_from_slice(&[0, 0, 1, 0, b'A']);
        let mut stream = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        stream.extend(record(BOUNDSHEET, &boundsheet));
        assert!(matches!(
            scan(&stream, &Limits::default()),
            Err(XlsRefusal::Defect(_))
        ));
    }
}
