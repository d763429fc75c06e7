//! The plain text of a typeset document, read in-process from its frames (OParl `text`):
//! text runs in layout order (a table cell's lines stay together), a line break where the
//! baseline changes, hyphenated words joined, pages separated by a form feed as `pdftotext`
//! does.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst_layout::PagedDocument;

/// The text of all pages, separated by form feeds (`\u{c}`).
pub(crate) fn plain_text(document: &PagedDocument) -> String {
    let pages: Vec<String> = document
        .pages()
        .iter()
        .map(|page| page_text(&page.frame))
        .collect();
    pages.join("\u{c}")
}

/// The text of one page.
fn page_text(frame: &Frame) -> String {
    let mut writer = TextWriter::default();
    writer.frame(frame, Transform::identity());
    writer.out
}

/// Collects text runs; remembers where the last run ended to place spaces and line breaks.
#[derive(Default)]
struct TextWriter {
    out: String,
    /// Baseline and right end of the last run.
    last: Option<(Abs, Abs)>,
}

impl TextWriter {
    fn frame(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    let inner = ts
                        .pre_concat(Transform::translate(pos.x, pos.y))
                        .pre_concat(group.transform);
                    self.frame(&group.frame, inner);
                }
                FrameItem::Text(text) => {
                    self.run(pos.transform(ts), text.width(), text.size, &text.text);
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, at: Point, width: Abs, size: Abs, text: &str) {
        if let Some((baseline, end)) = self.last {
            let same_line = (at.y - baseline).abs() < size * 0.3 && at.x >= end - size * 0.5;
            if !same_line {
                self.line_break();
            } else if at.x - end > size * 0.15 && !self.out.ends_with(' ') && !text.starts_with(' ')
            {
                self.out.push(' ');
            }
        }
        self.out.push_str(text);
        self.last = Some((at.y, at.x + width));
    }

    /// Ends a line: trailing spaces dropped; a word hyphenated at the line end (Typst marks
    /// the break with a soft hyphen) is joined again.
    fn line_break(&mut self) {
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        if self.out.ends_with(SOFT_HYPHEN) {
            self.out.pop();
        } else {
            self.out.push('\n');
        }
    }
}

/// What Typst writes where it hyphenates a word.
const SOFT_HYPHEN: char = '\u{ad}';
