//! Word by word: which words of an old wording were struck and which of the new one were
//! inserted, for the Synopse. Words are what lies between white space (the `similar`
//! crate's word diff), so „Zugewanderte“ → „Zugewanderten“ is one word replaced.

use std::time::Duration;

use serde::Serialize;
use similar::{Algorithm, ChangeTag, TextDiff};

/// How long comparing two texts may take before the diff settles for a coarser result; a
/// cell may hold 100.000 characters.
const TIMEOUT: Duration = Duration::from_millis(250);

/// A run of text in one column of the Synopse, and whether it is changed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Part {
    /// The text, white space and line breaks as written.
    pub(crate) text: String,
    /// Unchanged, struck (old column) or inserted (new column).
    #[serde(rename = "art")]
    pub(crate) kind: PartKind,
}

/// Whether a run of text changed.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// In both wordings.
    #[serde(rename = "gleich")]
    Same,
    /// Only in the old wording.
    #[serde(rename = "gestrichen")]
    Deleted,
    /// Only in the new wording.
    #[serde(rename = "eingefuegt")]
    Inserted,
}

/// The old and the new wording as runs: the old one with its struck words, the new one with
/// its inserted words. Equal texts give one unchanged run each.
pub(crate) fn diff(old: &str, new: &str) -> (Vec<Part>, Vec<Part>) {
    if old == new {
        return (unchanged(old), unchanged(new));
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(TIMEOUT)
        .diff_words(old, new);
    let mut old_tokens = Vec::new();
    let mut new_tokens = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                old_tokens.push((PartKind::Same, text));
                new_tokens.push((PartKind::Same, text));
            }
            ChangeTag::Delete => old_tokens.push((PartKind::Deleted, text)),
            ChangeTag::Insert => new_tokens.push((PartKind::Inserted, text)),
        }
    }
    (tidy(&old_tokens), tidy(&new_tokens))
}

/// A wording without changes: one run, or none for an empty text.
pub(crate) fn unchanged(text: &str) -> Vec<Part> {
    if text.is_empty() {
        return Vec::new();
    }
    vec![Part {
        text: text.to_owned(),
        kind: PartKind::Same,
    }]
}

/// Joins tokens into runs a reader takes in at once: the space between two changed words
/// belongs to the change (one mark around „alle Zugewanderten“, not two), and the white
/// space at the edges of a change does not (the mark sits on the words).
fn tidy(tokens: &[(PartKind, &str)]) -> Vec<Part> {
    let mut kinds: Vec<PartKind> = tokens.iter().map(|(kind, _)| *kind).collect();
    for k in 1..tokens.len().saturating_sub(1) {
        if tokens[k].1.trim().is_empty()
            && kinds[k - 1] != PartKind::Same
            && kinds[k - 1] == tokens[k + 1].0
        {
            kinds[k] = kinds[k - 1];
        }
    }
    let mut runs: Vec<Part> = Vec::new();
    for (kind, (_, text)) in kinds.into_iter().zip(tokens) {
        push(&mut runs, kind, text);
    }
    let mut parts = Vec::new();
    for run in runs {
        let core = run.text.trim();
        if run.kind == PartKind::Same || core.is_empty() {
            // A change of white space alone marks nothing a reader could see.
            push(&mut parts, PartKind::Same, &run.text);
            continue;
        }
        let start = run.text.len() - run.text.trim_start().len();
        push(&mut parts, PartKind::Same, &run.text[..start]);
        push(&mut parts, run.kind, core);
        push(&mut parts, PartKind::Same, &run.text[start + core.len()..]);
    }
    parts
}

/// Appends `text` to the last run when it is of the same kind, else as a new run.
fn push(parts: &mut Vec<Part>, kind: PartKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => parts.push(Part {
            text: text.to_owned(),
            kind,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs as `text[-struck-]{+inserted+}`, for short assertions.
    fn marked(parts: &[Part]) -> String {
        parts
            .iter()
            .map(|p| match p.kind {
                PartKind::Same => p.text.clone(),
                PartKind::Deleted => format!("[-{}-]", p.text),
                PartKind::Inserted => format!("{{+{}+}}", p.text),
            })
            .collect()
    }

    fn both(old: &str, new: &str) -> (String, String) {
        let (o, n) = diff(old, new);
        (marked(&o), marked(&n))
    }

    #[test]
    fn changed_words_are_marked_on_their_side() {
        assert_eq!(
            both(
                "Politische Bildung für Zugewanderte",
                "Politische Bildung für alle Zugewanderten"
            ),
            (
                "Politische Bildung für [-Zugewanderte-]".to_owned(),
                "Politische Bildung für {+alle Zugewanderten+}".to_owned()
            )
        );
        assert_eq!(
            both("Sprachkurse in Kitas", "Sprachkurse in Kitas und Horten"),
            (
                "Sprachkurse in Kitas".to_owned(),
                "Sprachkurse in Kitas {+und Horten+}".to_owned()
            )
        );
        assert_eq!(both("5", "4"), ("[-5-]".to_owned(), "{+4+}".to_owned()));
    }

    #[test]
    fn neighbouring_changed_words_are_one_mark_and_spaces_stay_outside() {
        assert_eq!(
            both("a b c d", "a x y d"),
            ("a [-b c-] d".to_owned(), "a {+x y+} d".to_owned())
        );
        assert_eq!(
            both("eins\nzwei drei", "eins\nvier drei"),
            (
                "eins\n[-zwei-] drei".to_owned(),
                "eins\n{+vier+} drei".to_owned()
            )
        );
    }

    #[test]
    fn the_texts_are_kept_whole_and_empty_ones_give_no_run() {
        for (old, new) in [
            ("", "neu hinzu"),
            ("weg", ""),
            ("  Leerzeichen  am Rand ", "Leerzeichen am  Rand"),
            ("Gleich", "Gleich"),
        ] {
            let (o, n) = diff(old, new);
            assert_eq!(o.iter().map(|p| p.text.as_str()).collect::<String>(), old);
            assert_eq!(n.iter().map(|p| p.text.as_str()).collect::<String>(), new);
            assert!(o.iter().all(|p| !p.text.is_empty()));
            assert!(n.iter().all(|p| p.kind != PartKind::Deleted));
            assert!(o.iter().all(|p| p.kind != PartKind::Inserted));
        }
        assert!(diff("", "").0.is_empty());
        // Spacing alone is no change a reader could see.
        let (o, n) = diff("a  b", "a b");
        assert!(o.iter().chain(&n).all(|p| p.kind == PartKind::Same));
    }

    #[test]
    fn long_texts_are_compared_quickly() {
        let old: String = (0..20_000).map(|i| format!("w{} ", i % 97)).collect();
        let new: String = (0..20_000).map(|i| format!("w{} ", i % 89)).collect();
        let started = std::time::Instant::now();
        let (o, n) = diff(&old, &new);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(o.iter().map(|p| p.text.as_str()).collect::<String>(), old);
        assert_eq!(n.iter().map(|p| p.text.as_str()).collect::<String>(), new);
    }
}
