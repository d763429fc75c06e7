//! Workbooks written by hand for the decoding tests: minimal xlsx, xlsb and ODS packages,
//! and xls workbooks (BIFF8 records in a compound file), small enough to read at a glance.

use crate::test_support::zip;

/// A minimal xlsx package with one sheet `Tabelle1` holding `sheet_data` (the inside of
/// `<sheetData>`, after an optional `<dimension>`), and optionally a shared strings part.
pub(super) fn xlsx(dimension: &str, sheet_data: &str, shared_strings: Option<&str>) -> Vec<u8> {
    xlsx_listing(1, dimension, sheet_data, shared_strings)
}

/// The same package whose workbook lists the one sheet part `listed` times (`Tabelle1`,
/// `Tabelle2`, …).
pub(super) fn xlsx_listing(
    listed: usize,
    dimension: &str,
    sheet_data: &str,
    shared_strings: Option<&str>,
) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dimension}<sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{}</sheets></workbook>"#,
        (1..=listed)
            .map(|i| format!(r#"<sheet name="Tabelle{i}" sheetId="{i}" r:id="rId1"/>"#))
            .collect::<String>()
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings.as_bytes()));
    }
    zip(&parts)
}

/// One BIFF12 record (xlsb): type and length in their variable-length encoding, then data.
fn biff12(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = if typ < 0x80 {
        vec![u8::try_from(typ).unwrap()]
    } else {
        vec![
            u8::try_from(typ & 0x7F).unwrap() | 0x80,
            u8::try_from(typ >> 7).unwrap(),
        ]
    };
    let mut len = data.len();
    loop {
        let byte = u8::try_from(len & 0x7F).unwrap();
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(data);
    out
}

/// An XLWideString: length in characters, then UTF-16.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = u32::try_from(units.len()).unwrap().to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// An xlsb sheet in the list: its name, the target of its relationship `rId{n}` (listed in
/// the relationships when `related`), and whether it is hidden.
pub(super) struct XlsbSheet<'a> {
    pub name: &'a str,
    pub target: &'a str,
    pub related: bool,
    pub hidden: bool,
}

/// An xlsb package listing `sheets` (in the layout of Excel 2007's betas when `beta`);
/// every part `worksheets/sheetN.bin` named by them holds `texts` as (row, column, text).
pub(super) fn xlsb(sheets: &[XlsbSheet<'_>], beta: bool, texts: &[(u32, u32, &str)]) -> Vec<u8> {
    let mut workbook = biff12(0x0083, &[]);
    workbook.extend(biff12(0x008F, &[]));
    let mut rels = String::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let id = format!("rId{}", i + 1);
        if sheet.related {
            rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="t" Target="{}"/>"#,
                sheet.target
            ));
        }
        let mut data = u32::from(sheet.hidden).to_le_bytes().to_vec();
        if beta {
            data.extend_from_slice(&[0; 4]);
        }
        data.extend_from_slice(&u32::try_from(i + 1).unwrap().to_le_bytes());
        data.extend(wide(&id));
        data.extend(wide(sheet.name));
        workbook.extend(biff12(0x009C, &data));
    }
    workbook.extend(biff12(0x0090, &[]));
    workbook.extend(biff12(0x009D, &[0; 12]));
    workbook.extend(biff12(0x0084, &[]));
    let mut sheet = biff12(0x0081, &[]);
    sheet.extend(biff12(0x0094, &[0; 16]));
    sheet.extend(biff12(0x0091, &[]));
    for (row, column, text) in texts {
        let mut header = row.to_le_bytes().to_vec();
        header.extend_from_slice(&[0; 13]);
        sheet.extend(biff12(0x0000, &header));
        let mut cell = column.to_le_bytes().to_vec();
        cell.extend_from_slice(&[0; 4]);
        cell.extend(wide(text));
        sheet.extend(biff12(0x0006, &cell));
    }
    sheet.extend(biff12(0x0092, &[]));
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("xl/_rels/workbook.bin.rels".into(), rels.into_bytes()),
        ("xl/workbook.bin".into(), workbook),
    ];
    for s in sheets {
        let part = format!("xl/{}", s.target);
        if !parts.iter().any(|(name, _)| *name == part) {
            parts.push((part, sheet.clone()));
        }
    }
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip(&parts)
}

/// A minimal ODS package: `tables` is the inside of `<office:spreadsheet>`, `styles` the
/// inside of `<office:automatic-styles>`; `encrypted` adds encryption data to the manifest.
pub(super) fn ods(styles: &str, tables: &str, encrypted: bool) -> Vec<u8> {
    ods_parts(styles, tables, encrypted, true)
}

/// The same, with or without its `mimetype` part.
pub(super) fn ods_parts(styles: &str, tables: &str, encrypted: bool, mimetype: bool) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let encryption = if encrypted {
        "<manifest:encryption-data/>"
    } else {
        ""
    };
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}</manifest:file-entry></manifest:manifest>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ];
    if mimetype {
        parts.insert(
            0,
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
        );
    }
    zip(&parts)
}

/// One BIFF record.
pub(super) fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A NUMBER record.
pub(super) fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut data = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    data.extend_from_slice(&value.to_le_bytes());
    record(0x0203, &data)
}

/// A LABEL record (BIFF8, 8-bit characters).
pub(super) fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let mut data = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    data.extend_from_slice(&u16::try_from(bytes.len()).unwrap().to_le_bytes());
    data.push(0);
    data.extend_from_slice(&bytes);
    record(0x0204, &data)
}

/// A MERGEDCELLS record with (first row, last row, first column, last column) ranges.
pub(super) fn merged(ranges: &[(u16, u16, u16, u16)]) -> Vec<u8> {
    let mut data = u16::try_from(ranges.len()).unwrap().to_le_bytes().to_vec();
    for (rf, rl, cf, cl) in ranges {
        for v in [rf, rl, cf, cl] {
            data.extend_from_slice(&v.to_le_bytes());
        }
    }
    record(0x00E5, &data)
}

/// A BIFF8 workbook stream: globals (with `globals` records before the sheet list), then
/// one substream per sheet `(name, hidden, records)`.
pub(super) fn biff(globals: &[Vec<u8>], sheets: &[(&str, bool, Vec<Vec<u8>>)]) -> Vec<u8> {
    let bof = |dt: u16| {
        record(
            0x0809,
            &[
                [0x00, 0x06],
                dt.to_le_bytes(),
                [0; 2],
                [0; 2],
                [0; 2],
                [0; 2],
                [0; 2],
                [0; 2],
            ]
            .concat(),
        )
    };
    let boundsheet = |pos: u32, name: &str, hidden: bool| {
        let mut data = pos.to_le_bytes().to_vec();
        data.extend_from_slice(&[u8::from(hidden), 0, u8::try_from(name.len()).unwrap(), 0]);
        data.extend_from_slice(name.as_bytes());
        record(0x0085, &data)
    };
    let mut head = bof(0x0005);
    for r in globals {
        head.extend_from_slice(r);
    }
    let sheet_list_len: usize = sheets
        .iter()
        .map(|(name, _, _)| boundsheet(0, name, false).len())
        .sum();
    let mut pos = head.len() + sheet_list_len + 4;
    let mut list = Vec::new();
    let mut bodies = Vec::new();
    for (name, hidden, records) in sheets {
        list.extend(boundsheet(u32::try_from(pos).unwrap(), name, *hidden));
        let mut body = bof(0x0010);
        for r in records {
            body.extend_from_slice(r);
        }
        body.extend(record(0x000A, &[]));
        pos += body.len();
        bodies.extend(body);
    }
    head.extend(list);
    head.extend(record(0x000A, &[]));
    head.extend(bodies);
    head
}

/// A compound file (version 3, 512-byte sectors) with these streams in regular sectors; a
/// stream shorter than 4096 bytes is padded to 4096 so that no mini stream is needed.
/// `fat_loop` makes the directory's sector chain point back to itself.
pub(super) fn compound(streams: &[(&str, &[u8])], fat_loop: bool) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut fat = vec![0xFFFF_FFFD, if fat_loop { 1 } else { END }];
    let mut data = Vec::new();
    let mut directory = vec![dir_entry("Root Entry", 5, END, 0)];
    // The tree of the root storage: the root's child is the first stream, each stream's
    // right neighbour the next (calamine reads the directory as a list and ignores it).
    if !streams.is_empty() {
        directory[0][76..80].copy_from_slice(&1u32.to_le_bytes());
    }
    for (name, bytes) in streams {
        let mut bytes = bytes.to_vec();
        bytes.resize(bytes.len().max(4096).div_ceil(512) * 512, 0);
        let start = u32::try_from(2 + data.len() / 512).unwrap();
        let sectors = bytes.len() / 512;
        for i in 0..sectors {
            fat.push(if i + 1 == sectors {
                END
            } else {
                start + u32::try_from(i).unwrap() + 1
            });
        }
        let mut entry = dir_entry(name, 2, start, u32::try_from(bytes.len()).unwrap());
        if directory.len() < streams.len() {
            let next = u32::try_from(directory.len() + 1).unwrap();
            entry[72..76].copy_from_slice(&next.to_le_bytes());
        }
        directory.push(entry);
        data.extend(bytes);
    }
    assert!(fat.len() <= 128 && directory.len() <= 4);
    fat.resize(128, FREE);
    directory.resize(4, vec![0; 128]);
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let fields: [(usize, &[u8]); 10] = [
        (24, &0x3Eu16.to_le_bytes()),
        (26, &3u16.to_le_bytes()),
        (28, &0xFFFEu16.to_le_bytes()),
        (30, &9u16.to_le_bytes()),
        (32, &6u16.to_le_bytes()),
        (44, &1u32.to_le_bytes()),
        (48, &1u32.to_le_bytes()),
        (56, &4096u32.to_le_bytes()),
        (60, &END.to_le_bytes()),
        (68, &END.to_le_bytes()),
    ];
    for (at, bytes) in fields {
        header[at..at + bytes.len()].copy_from_slice(bytes);
    }
    for (i, chunk) in header[76..].chunks_exact_mut(4).enumerate() {
        chunk.copy_from_slice(&if i == 0 { 0 } else { FREE }.to_le_bytes());
    }
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(directory.concat());
    out.extend(data);
    out
}

fn dir_entry(name: &str, typ: u8, start: u32, len: u32) -> Vec<u8> {
    let mut entry = vec![0u8; 128];
    let units: Vec<u8> = name
        .encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect();
    entry[..units.len()].copy_from_slice(&units);
    entry[64..66].copy_from_slice(&u16::try_from(units.len()).unwrap().to_le_bytes());
    entry[66] = typ;
    for at in [68, 72, 76] {
        entry[at..at + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    entry[116..120].copy_from_slice(&start.to_le_bytes());
    entry[120..124].copy_from_slice(&len.to_le_bytes());
    entry
}
