//! Cleaning the text of one cell: line breaks as `\n`, non-breaking spaces as spaces,
//! control characters removed (they are invisible to the user and forbidden in PDF/A),
//! surrounding space trimmed.

/// A cleaned text and the control characters that were removed from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cleaned {
    /// The text; empty when the cell holds nothing but space.
    pub text: String,
    /// Removed control characters, each once, in order of first appearance.
    pub removed: Vec<char>,
}

/// Cleans `roh`: `\r\n` and `\r` become `\n` (Excel's `_x000D_` arrives here as `\r`),
/// non-breaking and other fixed-width spaces become plain spaces, control characters other
/// than tab and line break are removed, and the result is trimmed.
pub(super) fn clean(raw: &str) -> Cleaned {
    if !has_suspect_byte(raw.as_bytes()) || !raw.chars().any(needs_cleaning) {
        return Cleaned {
            text: raw.trim().to_owned(),
            removed: Vec::new(),
        };
    }
    let mut text = String::with_capacity(raw.len());
    let mut removed = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    text.push('\n');
                }
            }
            '\n' | '\t' => text.push(ch),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => text.push(' '),
            c if is_forbidden(c) => {
                if !removed.contains(&c) {
                    removed.push(c);
                }
            }
            c => text.push(c),
        }
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        text = trimmed.to_owned();
    }
    Cleaned { text, removed }
}

/// The bytes that can start the UTF-8 encoding of a character [`needs_cleaning`] is true for:
/// C0 controls but tab and line feed, DEL, `0xC2` (C1 controls, U+00A0), `0xE2` (U+2007,
/// U+202F), `0xEF` (U+FDD0–U+FDEF, U+FFFE, U+FFFF) and `0xF0`–`0xF4` (the other planes'
/// non-characters). Text without any of them is checked byte by byte, without decoding.
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && b != 0x09 && b != 0x0A)
            || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xEF | 0xF0..=0xF4);
        b += 1;
    }
    table
};

/// Whether `bytes` has a byte of [`SUSPECT`]. Eight bytes at a time: a word of printable
/// ASCII (`0x20`–`0x7E`, most of every cell) is passed over without looking at its bytes.
fn has_suspect_byte(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let (words, rest) = bytes.as_chunks::<8>();
    let word_suspect = |chunk: &[u8; 8]| {
        let w = u64::from_ne_bytes(*chunk);
        // A byte below 0x20, a byte 0x7F (its xor with 0x7F is zero) or one of 0x80 and up.
        let below_space = w.wrapping_sub(ONES * 0x20) & !w;
        let del = (w ^ (ONES * 0x7F)).wrapping_sub(ONES) & !(w ^ (ONES * 0x7F));
        (below_space | del | w) & HIGH != 0 && chunk.iter().any(|&b| SUSPECT[usize::from(b)])
    };
    words.iter().any(word_suspect) || rest.iter().any(|&b| SUSPECT[usize::from(b)])
}

/// Whether [`clean`] changes `c` (other than by trimming): most cells have no such
/// character and are only trimmed.
fn needs_cleaning(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' | '\u{00A0}' | '\u{2007}' | '\u{202F}' => true,
        c => is_forbidden(c),
    }
}

/// Control characters (C0 other than tab and line breaks, DEL, C1) and Unicode
/// non-characters: nothing a person typed on purpose, and not allowed in PDF/A.
fn is_forbidden(c: char) -> bool {
    let code = u32::from(c);
    c.is_control() || (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// The removed characters as the message names them: `U+0007, U+001B`.
pub(super) fn codepoints(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("U+{:04X}", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_newlines_and_space_is_trimmed() {
        let b = clean("  ABC\r\nDEF\rGHI\n ");
        assert_eq!(b.text, "ABC\nDEF\nGHI");
        assert!(b.removed.is_empty());
    }

    #[test]
    fn non_breaking_spaces_become_spaces() {
        assert_eq!(
            clean("\u{00A0}12\u{00A0}500\u{202F}€\u{00A0}").text,
            "12 500 €"
        );
    }

    #[test]
    fn control_characters_are_removed_and_named_once() {
        let b = clean("Sprach\u{0007}förderung\u{001B}\u{0007}\tKita\u{0085}");
        assert_eq!(b.text, "Sprachförderung\tKita");
        assert_eq!(b.removed, vec!['\u{0007}', '\u{001B}', '\u{0085}']);
        assert_eq!(codepoints(&b.removed), "U+0007, U+001B, U+0085");
    }

    #[test]
    fn non_characters_are_removed() {
        assert_eq!(clean("a\u{FFFE}b\u{FDD0}c\u{1FFFF}").text, "abc");
    }

    #[test]
    fn the_word_at_a_time_search_finds_every_suspect_byte_anywhere() {
        for len in [1, 7, 8, 9, 16, 21] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        has_suspect_byte(&bytes),
                        SUSPECT[usize::from(b)],
                        "byte {b:#04x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(!has_suspect_byte(
            "Sprachförderung für Kinder ab 3 Jahren".as_bytes()
        ));
        assert!(has_suspect_byte("„Kita“".as_bytes()));
    }

    #[test]
    fn every_character_to_clean_starts_with_a_suspect_byte() {
        let mut utf8 = [0; 4];
        for c in (0..=0x10_FFFF)
            .filter_map(char::from_u32)
            .filter(|c| needs_cleaning(*c))
        {
            let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(SUSPECT[usize::from(lead)], "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn blank_text_is_empty() {
        assert_eq!(clean(" \u{00A0}\r\n\t").text, "");
    }
}
