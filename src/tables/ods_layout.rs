//! Pretty-printed ODS files: line breaks and indentation between the elements of a table
//! (the ODF Toolkit and several generators write `content.xml` so). They are not content,
//! but calamine's row reader accepts nothing between two cells but a cell or the row's end
//! and refuses the whole file, and it adds the indentation inside a cell to the cell's text.
//! [`rewrite`] leaves out exactly what [`Layout`] calls layout, so that calamine reads what
//! LibreOffice reads; [`super::ods_scan`] uses [`Layout`] to tell whether a file needs it.
//!
//! Layout is whitespace-only text inside a `table:table` whose parent element is not a text
//! element (`text:p`, `text:span`, …: there a space between two words is content), and
//! comments inside a `table:table`. Element names are compared as calamine compares them
//! (prefix and local name as written).

use std::io::{BufReader, Read, Write};

use quick_xml::events::Event;
use quick_xml::{Reader, Writer};

/// Elements deeper than this are not tracked; text inside them is kept as it is.
const MAX_TRACKED: usize = 1 << 16;

/// What an open element is, as far as layout is concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `table:table`.
    Table,
    /// A text element (`text:…`).
    Text,
    /// Anything else.
    Other,
}

/// The open elements of a `content.xml` being read, for telling layout from content.
pub(super) struct Layout {
    open: Vec<Open>,
    /// Open elements beyond [`MAX_TRACKED`].
    untracked: usize,
    /// Open `table:table` elements.
    tables: usize,
}

impl Layout {
    pub(super) fn new() -> Self {
        Self {
            open: Vec::new(),
            untracked: 0,
            tables: 0,
        }
    }

    /// An element starts (`name` as written, with its prefix).
    pub(super) fn start(&mut self, name: &str) {
        if self.open.len() >= MAX_TRACKED {
            self.untracked += 1;
            return;
        }
        let open = if name == "table:table" {
            self.tables += 1;
            Open::Table
        } else if name.starts_with("text:") {
            Open::Text
        } else {
            Open::Other
        };
        self.open.push(open);
    }

    /// The innermost open element ends.
    pub(super) fn end(&mut self) {
        if self.untracked > 0 {
            self.untracked -= 1;
        } else if self.open.pop() == Some(Open::Table) {
            self.tables -= 1;
        }
    }

    /// Whether a text node with this (raw) content is layout.
    pub(super) fn is_layout_text(&self, raw: &str) -> bool {
        self.tables > 0
            && self.untracked == 0
            && self.open.last() != Some(&Open::Text)
            && raw
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    }

    /// Whether a comment here is layout (inside a table).
    pub(super) fn is_layout_comment(&self) -> bool {
        self.tables > 0
    }
}

/// Copies a well-formed UTF-8 `content.xml` from `old` to `new` without its layout; every
/// other byte of it is written as it was read.
pub(super) fn rewrite(old: &mut dyn Read, new: &mut dyn Write) -> std::io::Result<()> {
    let mut reader = Reader::from_reader(BufReader::new(old));
    let config = reader.config_mut();
    config.expand_empty_elements = false;
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    let mut writer = Writer::new(new);
    let mut layout = Layout::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(std::io::Error::other)?;
        match &event {
            Event::Start(e) => layout.start(e.name().as_ref()),
            Event::End(_) => layout.end(),
            Event::Text(t) if layout.is_layout_text(t) => continue,
            Event::Comment(_) if layout.is_layout_comment() => continue,
            Event::Eof => return Ok(()),
            _ => {}
        }
        writer.write_event(event)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(xml: &str) -> String {
        let mut out = Vec::new();
        rewrite(&mut xml.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn indentation_between_table_elements_is_left_out() {
        let xml = "<?xml version=\"1.0\"?>\n<office:body>\n  <table:table table:name=\"A\">\n    \
                   <!-- Zeile 1 -->\n    <table:table-row>\n      <table:table-cell \
                   office:value-type=\"string\">\n        <text:p>Ziel <text:span>eins</text:span> \
                   <text:span>zwei</text:span></text:p>\n      </table:table-cell>\n      \
                   <table:table-cell/>\n    </table:table-row>\n  </table:table>\n</office:body>";
        assert_eq!(
            rewritten(xml),
            "<?xml version=\"1.0\"?>\n<office:body>\n  <table:table table:name=\"A\"><table:table-row>\
             <table:table-cell office:value-type=\"string\"><text:p>Ziel <text:span>eins</text:span> \
             <text:span>zwei</text:span></text:p></table:table-cell><table:table-cell/>\
             </table:table-row></table:table>\n</office:body>"
        );
    }

    #[test]
    fn everything_else_is_written_as_read() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
                   xmlns:table=\"t\"><!-- vorher --><table:table><table:table-row>\
                   <table:table-cell office:value-type=\"string\" office:string-value=\"a &amp; b\">\
                   <text:p>a &amp; b<![CDATA[ <c> ]]>&#x20;</text:p></table:table-cell>\
                   </table:table-row></table:table></office:document-content>";
        assert_eq!(rewritten(xml), xml);
    }

    #[test]
    fn whitespace_in_a_text_element_is_content() {
        let mut layout = Layout::new();
        layout.start("table:table");
        layout.start("table:table-cell");
        assert!(layout.is_layout_text("\n\t "));
        assert!(!layout.is_layout_text("\n x"));
        layout.start("text:p");
        assert!(!layout.is_layout_text(" "));
        layout.end();
        layout.end();
        layout.end();
        assert!(!layout.is_layout_text("\n"));
        assert!(!layout.is_layout_comment());
    }
}
