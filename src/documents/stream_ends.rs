//! Unambiguous stream ends in the PDFs Typst writes. Typst puts one line feed between a
//! stream's data and `endstream`. When the (compressed) data happens to end with a carriage
//! return, the bytes before `endstream` read as CR LF, and a checker that takes CR LF as the
//! end-of-line marker counts the data one byte shorter than its `/Length` (PDF/A-2 clause
//! 6.1.7.1, „a stream /Length does not match its raw content length“) — in about one in
//! twenty documents, depending only on their content. One more carriage return there makes
//! both readings agree; the cross-reference table is moved along with the bytes.
//!
//! Anything not laid out as Typst writes it (one classic cross-reference table, direct
//! `/Length` values) is left exactly as it is.

use super::pdf_layout::{ENTRY, Layout, find, parse_offset};

/// The PDF with a carriage return added after every stream whose data ends with one, and
/// its cross-reference offsets updated; the bytes unchanged where there is nothing to do or
/// the layout is not the expected one.
pub(crate) fn unambiguous(pdf: Vec<u8>) -> Vec<u8> {
    let Some(layout) = Layout::read(&pdf) else {
        return pdf;
    };
    // Positions (in the original bytes) of the line feeds to put a carriage return before.
    let inserts: Vec<usize> = layout
        .objects
        .iter()
        .filter_map(|&(start, end)| ambiguous_stream_end(&pdf, start, end))
        .collect();
    if inserts.is_empty() {
        return pdf;
    }
    let moved = |offset: usize| offset + inserts.iter().filter(|&&i| i < offset).count();
    let mut out = Vec::with_capacity(pdf.len() + inserts.len());
    let mut copied = 0;
    for &at in &inserts {
        out.extend_from_slice(&pdf[copied..at]);
        out.push(b'\r');
        copied = at;
    }
    out.extend_from_slice(&pdf[copied..layout.xref]);
    // The table: its head as it was, each in-use entry's offset moved.
    out.extend_from_slice(&pdf[layout.xref..layout.entries]);
    for entry in pdf[layout.entries..layout.entries_end].chunks(ENTRY) {
        match (entry.get(17), parse_offset(entry)) {
            (Some(b'n'), Some(offset)) => {
                out.extend_from_slice(format!("{:010}", moved(offset)).as_bytes());
                out.extend_from_slice(&entry[10..]);
            }
            _ => out.extend_from_slice(entry),
        }
    }
    out.extend_from_slice(&pdf[layout.entries_end..layout.startxref_number]);
    out.extend_from_slice(moved(layout.xref).to_string().as_bytes());
    out.extend_from_slice(&pdf[layout.startxref_number_end..]);
    out
}

/// For the object at `start..end`: where its stream's data ends (the line feed before
/// `endstream`), when the data's last byte is a carriage return and its direct `/Length`
/// says exactly where it ends.
fn ambiguous_stream_end(pdf: &[u8], start: usize, end: usize) -> Option<usize> {
    let object = pdf.get(start..end)?;
    let keyword = find(object, b">>\nstream\n")?;
    let data = start + keyword + b">>\nstream\n".len();
    let length = direct_length(&object[..keyword])?;
    let data_end = data.checked_add(length)?;
    let last = data_end.checked_sub(1)?;
    let closes = pdf.get(data_end..end)?.starts_with(b"\nendstream");
    (closes && length > 0 && pdf.get(last) == Some(&b'\r')).then_some(data_end)
}

/// The value of `/Length` in a dictionary when it is a number (not `/Length1`, not a
/// reference).
fn direct_length(dictionary: &[u8]) -> Option<usize> {
    let mut rest = dictionary;
    while let Some(at) = find(rest, b"/Length") {
        let after = &rest[at + b"/Length".len()..];
        let value = after.strip_prefix(b" ").unwrap_or(after);
        let digits = value.iter().take_while(|b| b.is_ascii_digit()).count();
        let next = value.get(digits);
        let number_ends = next.is_none_or(|b| *b == b'/' || *b == b'>');
        if digits > 0 && number_ends && after.first().is_some_and(|b| !b.is_ascii_alphanumeric()) {
            return std::str::from_utf8(&value[..digits]).ok()?.parse().ok();
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::pdf_layout::typst_like_pdf;

    /// A PDF laid out as Typst writes it, with a stream per data given.
    fn pdf(streams: &[&[u8]]) -> Vec<u8> {
        let dictionaries: Vec<String> = streams
            .iter()
            .map(|data| format!("<</Length {}/Length1 7>>", data.len()))
            .collect();
        let objects: Vec<(&str, Option<&[u8]>)> = dictionaries
            .iter()
            .zip(streams)
            .map(|(dictionary, data)| (dictionary.as_str(), Some(*data)))
            .collect();
        typst_like_pdf(&objects)
    }

    /// Every object's header is where the table says, and `startxref` points at `xref`.
    fn assert_offsets_hold(pdf: &[u8]) {
        let layout = Layout::read(pdf).expect("a readable layout");
        assert!(pdf[layout.xref..].starts_with(b"xref"));
        for (n, &(start, _)) in layout.objects.iter().enumerate() {
            assert!(pdf[start..].starts_with(format!("{} 0 obj", n + 1).as_bytes()));
        }
    }

    #[test]
    fn a_stream_ending_in_a_carriage_return_gets_one_more_and_the_table_moves() {
        let before = pdf(&[b"ab\r", b"cd", b"e\r"]);
        let after = unambiguous(before.clone());
        assert_eq!(after.len(), before.len() + 2);
        assert!(find(&after, b"ab\r\r\nendstream").is_some());
        assert!(find(&after, b"cd\nendstream").is_some());
        assert!(find(&after, b"e\r\r\nendstream").is_some());
        assert_offsets_hold(&before);
        assert_offsets_hold(&after);
        assert_eq!(unambiguous(after.clone()), after, "only once");
    }

    #[test]
    fn other_pdfs_and_other_layouts_stay_byte_for_byte() {
        let clean = pdf(&[b"ab", b"c\n"]);
        assert_eq!(unambiguous(clean.clone()), clean);
        let indirect = pdf(&[b"ab\r"]);
        let at = find(&indirect, b"/Length 3/").unwrap();
        let indirect = [&indirect[..at], b"/Length 9 0 R/", &indirect[at + 10..]].concat();
        assert_eq!(unambiguous(indirect.clone()), indirect);
        for broken in [
            &b""[..],
            b"%PDF-1.7\nstartxref\n99999\n%%EOF",
            b"startxref\n",
        ] {
            assert_eq!(unambiguous(broken.to_vec()), broken);
        }
        let mut cut = pdf(&[b"ab\r"]);
        cut.truncate(cut.len() - 60);
        assert_eq!(unambiguous(cut.clone()), cut);
    }
}
