//! Smaller PDFs: every object that is not a stream — above all the structure tree of a
//! tagged PDF, one object per tagged paragraph, cell and link — is moved into compressed
//! object streams, and the cross-reference table becomes a cross-reference stream (PDF 1.5,
//! allowed by PDF/A-2 and PDF/UA-1). krilla writes those objects as plain text
//! (`docs/upstream.md`, report 3), which made the Anlage of 60 AGs 31.9 MB, most of it
//! structure tree. Streams (page contents, fonts, images, the XMP metadata) are copied as
//! they are, byte for byte.
//!
//! Works on the file as Typst writes it ([`super::pdf_layout`]); anything else is left as it
//! is, so a file that cannot be packed is still a good PDF, only a larger one.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use super::pdf_layout::{Layout, find, rfind};

/// How many objects go into one object stream. Readers decompress a whole object stream to
/// reach one object in it; a few hundred keep that cheap while the compression still sees
/// enough alike objects.
const OBJECTS_PER_STREAM: usize = 200;

/// The PDF with its non-stream objects in object streams and a cross-reference stream; the
/// bytes unchanged when the file is not laid out as Typst writes it.
pub(crate) fn pack(pdf: Vec<u8>) -> Vec<u8> {
    match Packing::read(&pdf) {
        Some(packing) => packing.write(&pdf),
        None => pdf,
    }
}

/// One object of the file.
struct Object {
    number: usize,
    /// The whole object, `N 0 obj` to `endobj` and the line feed after it.
    whole: (usize, usize),
    /// What stands between `N 0 obj` and `endobj`, without the surrounding whitespace.
    body: (usize, usize),
    /// A stream stays a top-level object (the spec allows nothing else).
    is_stream: bool,
}

/// What the packed file is made of, as positions in the original.
struct Packing {
    /// Everything before the first object: the header and its binary comment.
    header_end: usize,
    objects: Vec<Object>,
    /// The trailer dictionary's entries without `/Size` (`/Root`, `/Info`, `/ID`), which the
    /// cross-reference stream's dictionary carries instead.
    trailer_entries: Vec<u8>,
    /// The first unused object number (the trailer's `/Size`).
    size: usize,
    /// From the line feed after the `startxref` number to the end (`%%EOF`).
    tail: usize,
}

impl Packing {
    fn read(pdf: &[u8]) -> Option<Self> {
        // Cross-reference streams came with PDF 1.5.
        let minor = pdf.strip_prefix(b"%PDF-1.")?.first()?;
        if !(b'5'..=b'9').contains(minor) {
            return None;
        }
        let layout = Layout::read(pdf)?;
        let header_end = layout.objects.first()?.0;
        let objects = layout
            .objects
            .iter()
            .map(|&(start, end)| Object::read(pdf, start, end))
            .collect::<Option<Vec<_>>>()?;
        let trailer = pdf.get(layout.entries_end..layout.startxref_number)?;
        let open = find(trailer, b"<<")? + 2;
        let close = rfind(trailer, b">>")?;
        let entries = trailer.get(open..close)?;
        // An encrypted or updated file is not Typst's: leave it.
        if [&b"/Encrypt"[..], b"/Prev", b"/XRefStm"]
            .iter()
            .any(|key| find(entries, key).is_some())
        {
            return None;
        }
        let (size, trailer_entries) = without_size(entries)?;
        if objects.iter().any(|o| o.number == 0 || o.number >= size) {
            return None;
        }
        Some(Self {
            header_end,
            objects,
            trailer_entries,
            size,
            tail: layout.startxref_number_end,
        })
    }

    fn write(&self, pdf: &[u8]) -> Vec<u8> {
        let packed: Vec<&Object> = self.objects.iter().filter(|o| !o.is_stream).collect();
        let groups: Vec<&[&Object]> = packed.chunks(OBJECTS_PER_STREAM).collect();
        // Object streams take the numbers after the file's last one, then the
        // cross-reference stream.
        let xref_number = self.size + groups.len();
        let mut entries = vec![Entry::Free; xref_number + 1];
        let mut out = Vec::with_capacity(pdf.len() / 3);
        out.extend_from_slice(&pdf[..self.header_end]);
        for object in self.objects.iter().filter(|o| o.is_stream) {
            entries[object.number] = Entry::At(out.len());
            out.extend_from_slice(&pdf[object.whole.0..object.whole.1]);
        }
        let compressed = compress_all(pdf, &groups);
        for (g, (group, (first, data))) in groups.iter().zip(compressed).enumerate() {
            let number = self.size + g;
            entries[number] = Entry::At(out.len());
            for (index, object) in group.iter().enumerate() {
                entries[object.number] = Entry::In {
                    stream: number,
                    index,
                };
            }
            let dictionary = format!(
                "/Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}",
                group.len(),
                data.len()
            );
            write_stream(&mut out, number, dictionary.as_bytes(), &data);
        }
        let xref_at = out.len();
        entries[xref_number] = Entry::At(xref_at);
        let Some(table) = cross_reference_rows(&entries) else {
            // Offsets beyond 4 GiB do not fit the rows; Typst's PDFs never come near.
            return pdf.to_vec();
        };
        let data = deflate(&table);
        let mut dictionary = format!(
            "/Type/XRef/Size {}/W[1 4 2]/Filter/FlateDecode/Length {}",
            xref_number + 1,
            data.len()
        )
        .into_bytes();
        dictionary.extend_from_slice(&self.trailer_entries);
        write_stream(&mut out, xref_number, &dictionary, &data);
        out.extend_from_slice(format!("startxref\n{xref_at}").as_bytes());
        out.extend_from_slice(&pdf[self.tail..]);
        out
    }
}

impl Object {
    /// The object at `start..end` (which may end with whitespace before the next one).
    fn read(pdf: &[u8], start: usize, end: usize) -> Option<Self> {
        let text = pdf.get(start..end)?;
        let head_end = find(text, b" obj")? + b" obj".len();
        let mut head = text[..head_end - b" obj".len()].split(|b| *b == b' ');
        let number = std::str::from_utf8(head.next()?).ok()?.parse().ok()?;
        // Only objects of generation 0 may live in an object stream; Typst writes no other.
        if head.next()? != b"0" || head.next().is_some() {
            return None;
        }
        let endobj = rfind(text, b"endobj")?;
        let whole_end = start + endobj + b"endobj".len();
        let whole_end = whole_end + usize::from(pdf.get(whole_end) == Some(&b'\n'));
        let body = trim(pdf, start + head_end, start + endobj);
        let is_stream = pdf[body.0..body.1].ends_with(b"endstream");
        Some(Self {
            number,
            whole: (start, whole_end),
            body,
            is_stream,
        })
    }
}

/// Where an object is found, as a row of the cross-reference stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize),
    In { stream: usize, index: usize },
}

/// The rows of the cross-reference stream, `/W [1 4 2]`: type, offset or object stream,
/// generation or index. `None` when a number does not fit its field.
fn cross_reference_rows(entries: &[Entry]) -> Option<Vec<u8>> {
    let mut rows = Vec::with_capacity(entries.len() * 7);
    for (number, entry) in entries.iter().enumerate() {
        let (kind, second, third) = match *entry {
            // Object 0 heads the list of free objects, with the highest generation.
            Entry::Free if number == 0 => (0, 0, 65_535),
            Entry::Free => (0, 0, 0),
            Entry::At(offset) => (1, offset, 0),
            Entry::In { stream, index } => (2, stream, index),
        };
        rows.push(kind);
        rows.extend_from_slice(&u32::try_from(second).ok()?.to_be_bytes());
        rows.extend_from_slice(&u16::try_from(third).ok()?.to_be_bytes());
    }
    Some(rows)
}

/// Each group's object stream: the offset of its first object and the compressed data.
/// The groups are compressed on two threads; compressing is most of the work here.
fn compress_all(pdf: &[u8], groups: &[&[&Object]]) -> Vec<(usize, Vec<u8>)> {
    let one = |group: &[&Object]| {
        let (first, data) = object_stream(pdf, group);
        (first, deflate(&data))
    };
    let half = groups.len().div_ceil(2);
    let (early, late) = groups.split_at(half);
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .spawn_scoped(scope, || late.iter().map(|g| one(g)).collect::<Vec<_>>());
        let mut all: Vec<_> = early.iter().map(|g| one(g)).collect();
        match other {
            Ok(handle) => all.extend(
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            ),
            Err(_) => all.extend(late.iter().map(|g| one(g))),
        }
        all
    })
}

/// The uncompressed content of an object stream: pairs of object number and offset, then
/// the objects' bodies; and where the first body starts.
fn object_stream(pdf: &[u8], group: &[&Object]) -> (usize, Vec<u8>) {
    let mut index = String::new();
    let mut bodies = Vec::new();
    for object in group {
        index.push_str(&format!("{} {} ", object.number, bodies.len()));
        bodies.extend_from_slice(&pdf[object.body.0..object.body.1]);
        bodies.push(b'\n');
    }
    index.push('\n');
    let first = index.len();
    let mut data = index.into_bytes();
    data.extend_from_slice(&bodies);
    (first, data)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 4), Compression::default());
    // Writing into a vector cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// Writes `N 0 obj << dictionary >> stream … endstream endobj`. Data ending with a carriage
/// return gets one more before the line feed, as [`super::stream_ends`] does for Typst's
/// streams, so that no reading of the end-of-line marker cuts the data short.
fn write_stream(out: &mut Vec<u8>, number: usize, dictionary: &[u8], data: &[u8]) {
    out.extend_from_slice(format!("{number} 0 obj\n<<").as_bytes());
    out.extend_from_slice(dictionary);
    out.extend_from_slice(b">>\nstream\n");
    out.extend_from_slice(data);
    if data.last() == Some(&b'\r') {
        out.push(b'\r');
    }
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// The trailer's `/Size` and its other entries.
fn without_size(entries: &[u8]) -> Option<(usize, Vec<u8>)> {
    let at = find(entries, b"/Size")?;
    let after = &entries[at + b"/Size".len()..];
    let spaces = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let digits = after[spaces..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let size = std::str::from_utf8(&after[spaces..spaces + digits])
        .ok()?
        .parse()
        .ok()?;
    let mut rest = entries[..at].to_vec();
    rest.extend_from_slice(&after[spaces + digits..]);
    Some((size, rest))
}

/// `start..end` without whitespace at either end.
fn trim(pdf: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && pdf[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && pdf[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::documents::pdf_layout::typst_like_pdf as pdf;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("zlib data");
        out
    }

    /// The dictionary and data of the stream object that starts at `at`.
    fn stream_at(pdf: &[u8], at: usize) -> (String, Vec<u8>) {
        let text = &pdf[at..];
        let open = find(text, b"<<").unwrap();
        let close = find(text, b">>\nstream\n").unwrap();
        let dictionary = String::from_utf8(text[open + 2..close].to_vec()).unwrap();
        let length: usize = dictionary
            .split("/Length ")
            .nth(1)
            .unwrap()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let data = close + b">>\nstream\n".len();
        (dictionary, inflate(&text[data..data + length]))
    }

    /// Reads the packed file as a PDF reader does, from `startxref` on, and returns each
    /// object's text: a top-level object whole, a packed one as its body.
    fn read_back(pdf: &[u8]) -> (String, Vec<(usize, Vec<u8>)>) {
        let startxref = rfind(pdf, b"startxref\n").unwrap() + b"startxref\n".len();
        let at: usize = std::str::from_utf8(&pdf[startxref..pdf.len() - b"\n%%EOF".len()])
            .unwrap()
            .parse()
            .unwrap();
        let (dictionary, rows) = stream_at(pdf, at);
        assert!(dictionary.contains("/Type/XRef") && dictionary.contains("/W[1 4 2]"));
        let mut objects = Vec::new();
        for (number, row) in rows.chunks(7).enumerate() {
            let second = u32::from_be_bytes(row[1..5].try_into().unwrap()) as usize;
            let third = u16::from_be_bytes(row[5..7].try_into().unwrap()) as usize;
            match row[0] {
                0 => assert_eq!(third, if number == 0 { 65_535 } else { 0 }),
                1 => {
                    let text = &pdf[second..];
                    assert!(text.starts_with(format!("{number} 0 obj\n").as_bytes()));
                    let end = find(text, b"endobj").unwrap() + b"endobj".len();
                    objects.push((number, text[..end].to_vec()));
                }
                2 => {
                    let start = rows.chunks(7).nth(second).unwrap();
                    let offset = u32::from_be_bytes(start[1..5].try_into().unwrap()) as usize;
                    let (dictionary, data) = stream_at(pdf, offset);
                    let first: usize = dictionary
                        .split("/First ")
                        .nth(1)
                        .unwrap()
                        .split('/')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap();
                    let index: Vec<usize> = std::str::from_utf8(&data[..first])
                        .unwrap()
                        .split_whitespace()
                        .map(|n| n.parse().unwrap())
                        .collect();
                    assert_eq!(index[2 * third], number, "the index names the object");
                    let from = first + index[2 * third + 1];
                    let to = index
                        .get(2 * third + 3)
                        .map_or(data.len(), |next| first + next);
                    objects.push((number, data[from..to].trim_ascii_end().to_vec()));
                }
                other => panic!("row type {other}"),
            }
        }
        (dictionary, objects)
    }

    #[test]
    fn every_object_is_found_where_the_cross_reference_stream_says() {
        let content: &[u8] = b"BT /F1 9 Tf (Seite 1) Tj ET";
        let before = pdf(&[
            ("<</Type/Pages/Kids[3 0 R]/Count 1>>", None),
            ("<</Type/Page/Parent 2 0 R/Contents 4 0 R>>", None),
            ("<</Length 27>>", Some(content)),
            ("<</Type/StructElem/S/P/Alt(endobj \\) stream)>>", None),
            ("[1 2 3]", None),
        ]);
        let after = pack(before.clone());
        assert!(after.starts_with(b"%PDF-1.7\n%\x80\x80\x80\x80\n"));
        assert!(after.ends_with(b"\n%%EOF"));
        let (dictionary, objects) = read_back(&after);
        assert!(dictionary.contains("/Size 9"), "{dictionary}");
        assert!(
            dictionary.contains("/Root 1 0 R/ID[(a\\)b)(cd)]"),
            "{dictionary}"
        );
        assert!(!dictionary.contains("/Size 7"));
        let text = |n: usize| {
            let (_, text) = objects.iter().find(|(number, _)| *number == n).unwrap();
            String::from_utf8(text.clone()).unwrap()
        };
        assert_eq!(text(1), "<</Type/Catalog/Pages 2 0 R>>");
        assert_eq!(text(2), "<</Type/Pages/Kids[3 0 R]/Count 1>>");
        assert_eq!(text(5), "<</Type/StructElem/S/P/Alt(endobj \\) stream)>>");
        assert_eq!(text(6), "[1 2 3]");
        // The stream stays a top-level object, byte for byte.
        assert_eq!(
            text(4).as_bytes(),
            &before[find(&before, b"4 0 obj").unwrap()..][..text(4).len()]
        );
        assert!(text(4).contains("(Seite 1) Tj"));
        // Objects 1–6, the object stream 7, the cross-reference stream 8.
        assert_eq!(objects.len(), 8);
    }

    #[test]
    fn many_objects_go_into_several_object_streams() {
        let many: Vec<String> = (0..450).map(|i| format!("<</K {i}>>")).collect();
        let objects: Vec<(&str, Option<&[u8]>)> = many.iter().map(|d| (d.as_str(), None)).collect();
        let after = pack(pdf(&objects));
        let (_, read) = read_back(&after);
        // 451 objects in three object streams, and the cross-reference stream.
        assert_eq!(read.len(), 451 + 3 + 1);
        for (i, text) in many.iter().enumerate() {
            assert!(
                read.iter()
                    .any(|(n, t)| *n == i + 2 && t == text.as_bytes()),
                "{text}"
            );
        }
    }

    #[test]
    fn data_ending_in_a_carriage_return_gets_one_more() {
        let mut out = Vec::new();
        write_stream(&mut out, 9, b"/Length 2", b"a\r");
        assert_eq!(
            out,
            b"9 0 obj\n<</Length 2>>\nstream\na\r\r\nendstream\nendobj\n"
        );
    }

    #[test]
    fn files_not_laid_out_as_typst_writes_them_stay_byte_for_byte() {
        let typst = pdf(&[("[1]", None)]);
        let replaced = |from: &str, to: &str| {
            let at = find(&typst, from.as_bytes()).expect("in the file");
            [&typst[..at], to.as_bytes(), &typst[at + from.len()..]].concat()
        };
        for other in [
            replaced("%PDF-1.7", "%PDF-1.4"),
            replaced("2 0 obj", "2 1 obj"),
            replaced("/Root 1 0 R", "/Root 1 0 R/Encrypt 9 0 R"),
            replaced("/Size 3", "/Size 2"),
            replaced("startxref\n", "startxref\n1"),
            Vec::new(),
        ] {
            assert_eq!(pack(other.clone()), other);
        }
        assert_ne!(pack(typst.clone()), typst, "the file itself is packed");
    }
}
