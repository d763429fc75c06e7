//! Output conventions shared by every command: `--quiet` (only errors), JSON for machines,
//! colours only on a terminal and never with `NO_COLOR`, progress only on a terminal stderr.

use ratsvorlage::report::Problem;
use std::io::{IsTerminal, Write};

use serde::Serialize;

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// How this run talks to the person (or program) at the other end.
#[derive(Clone, Copy, Debug)]
pub(super) struct Console {
    quiet: bool,
    colour_out: bool,
    colour_err: bool,
    progress: bool,
}

impl Console {
    /// The conventions for this process: `quiet` from `--quiet`, the rest from the streams
    /// and the environment (`NO_COLOR`, set and not empty, turns colours off: no-color.org).
    pub(super) fn new(quiet: bool) -> Self {
        let colours = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let err_tty = std::io::stderr().is_terminal();
        Self {
            quiet,
            colour_out: colours && std::io::stdout().is_terminal(),
            colour_err: colours && err_tty,
            progress: err_tty && !quiet,
        }
    }

    /// Whether `--quiet` is set.
    pub(super) fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Text for stdout (reports, summaries); nothing with `--quiet`.
    pub(super) fn out(&self, text: &str) {
        if !self.quiet {
            write_all(&mut std::io::stdout().lock(), &paint(text, self.colour_out));
        }
    }

    /// One JSON document on stdout; printed with `--quiet` too, since a program asked for it.
    pub(super) fn json(&self, value: &impl Serialize) {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        write_all(&mut std::io::stdout().lock(), &text);
    }

    /// Errors (and what goes with them) on stderr; printed with `--quiet` too.
    pub(super) fn err(&self, text: &str) {
        write_all(&mut std::io::stderr().lock(), &paint(text, self.colour_err));
    }

    /// One problem on stderr, labelled with its severity (`Fehler: …`, `Warnung: …`): the
    /// one way the terminal shows a problem that is not part of a longer report.
    pub(super) fn problem(&self, problem: &Problem) {
        self.err(&format!("{}: {problem}", problem.severity.label()));
    }

    /// Whether a progress display belongs on stderr: a terminal, and no `--quiet`.
    pub(super) fn shows_progress(&self) -> bool {
        self.progress
    }
}

/// Writes `text` with a final line break; a closed pipe (`ratsvorlage check | head`) is not
/// an error.
fn write_all(stream: &mut impl Write, text: &str) {
    let _ = stream.write_all(text.as_bytes()).and_then(|()| {
        if text.ends_with('\n') {
            Ok(())
        } else {
            stream.write_all(b"\n")
        }
    });
}

/// `text` with the leading words of error lines in red and of warning lines in yellow, when
/// `colour` is on; unchanged otherwise.
fn paint(text: &str, colour: bool) -> String {
    if !colour {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let marked = [("Fehler", RED), ("Warnung", YELLOW), ("Abgelehnt", RED)]
            .into_iter()
            .find(|(word, _)| trimmed.starts_with(word));
        match marked {
            Some((word, colour_code)) => {
                out.push_str(indent);
                out.push_str(colour_code);
                out.push_str(word);
                out.push_str(RESET);
                out.push_str(&trimmed[word.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_leading_word_is_painted_and_only_with_colour() {
        let text = "Warnung: a\n  Fehler (2):\nGelesen: Fehler b\n";
        assert_eq!(paint(text, false), text);
        assert_eq!(
            paint(text, true),
            "\x1b[33mWarnung\x1b[0m: a\n  \x1b[31mFehler\x1b[0m (2):\nGelesen: Fehler b\n"
        );
    }
}
