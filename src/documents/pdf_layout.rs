//! The layout of a PDF as Typst writes it: its objects one after the other, one classic
//! cross-reference table in one section, the trailer, `startxref`. The fixes made to
//! Typst's PDFs after export (the stream ends, the object streams) read it,
//! and leave a file laid out otherwise as it is.

/// Length of one cross-reference entry: `0000000016 00000 n\r\n`.
pub(super) const ENTRY: usize = 20;

/// Where the parts of the file are.
pub(super) struct Layout {
    /// Each in-use object: its start and where the next object (or the table) begins.
    pub(super) objects: Vec<(usize, usize)>,
    /// The `xref` keyword.
    pub(super) xref: usize,
    /// The first entry of the table, and the end of the last.
    pub(super) entries: usize,
    pub(super) entries_end: usize,
    /// The number after `startxref`.
    pub(super) startxref_number: usize,
    pub(super) startxref_number_end: usize,
}

impl Layout {
    /// The layout of a PDF with one classic cross-reference table in one section, or
    /// `None`.
    pub(super) fn read(pdf: &[u8]) -> Option<Self> {
        let startxref = rfind(pdf, b"startxref")?;
        let startxref_number = startxref + b"startxref".len() + 1;
        let digits = pdf
            .get(startxref_number..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let startxref_number_end = startxref_number + digits;
        let xref: usize = std::str::from_utf8(&pdf[startxref_number..startxref_number_end])
            .ok()?
            .parse()
            .ok()?;
        // `xref\n0 <count>\n`, then the entries.
        let head = pdf.get(xref..)?.strip_prefix(b"xref\n0 ")?;
        let count_digits = head.iter().take_while(|b| b.is_ascii_digit()).count();
        let count: usize = std::str::from_utf8(&head[..count_digits])
            .ok()?
            .parse()
            .ok()?;
        let entries = xref + b"xref\n0 ".len() + count_digits + 1;
        let entries_end = entries.checked_add(count.checked_mul(ENTRY)?)?;
        let table = pdf.get(entries..entries_end)?;
        if pdf.get(entries - 1) != Some(&b'\n') || !pdf.get(entries_end..)?.starts_with(b"trailer")
        {
            return None;
        }
        let mut starts: Vec<usize> = table
            .chunks(ENTRY)
            .filter(|entry| entry.get(17) == Some(&b'n'))
            .map(parse_offset)
            .collect::<Option<_>>()?;
        starts.sort_unstable();
        if starts.last().is_some_and(|&last| last >= xref) {
            return None;
        }
        let ends = starts.iter().skip(1).copied().chain([xref]);
        let objects = starts.iter().copied().zip(ends).collect();
        Some(Self {
            objects,
            xref,
            entries,
            entries_end,
            startxref_number,
            startxref_number_end,
        })
    }
}

/// The offset of an in-use entry (its first ten digits).
pub(super) fn parse_offset(entry: &[u8]) -> Option<usize> {
    std::str::from_utf8(entry.get(..10)?).ok()?.parse().ok()
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(super) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A PDF laid out as Typst writes it, for the tests of the fixes: a catalog (object 1), then
/// for each `(dictionary, data)` an object, a stream where data is given; one table; the
/// trailer with an `/ID`.
#[cfg(test)]
pub(super) fn typst_like_pdf(objects: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
    let mut offsets = vec![out.len()];
    out.extend_from_slice(b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n\n");
    for (i, (dictionary, data)) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{dictionary}", i + 2).as_bytes());
        if let Some(data) = data {
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream");
        }
        out.extend_from_slice(b"\nendobj\n\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n", offsets.len() + 1).as_bytes());
    out.extend_from_slice(b"0000000000 65535 f\r\n");
    for offset in &offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
    }
    let size = offsets.len() + 1;
    out.extend_from_slice(
        format!("trailer\n<</Size {size}/Root 1 0 R/ID[(a\\)b)(cd)]>>\nstartxref\n{xref}\n%%EOF")
            .as_bytes(),
    );
    out
}
