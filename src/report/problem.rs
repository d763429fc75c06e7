//! The one shape of everything ratsvorlage tells its user, and its one rendering as text:
//! a problem has a place, a German text saying what is wrong and how to fix it, a severity,
//! and — kept apart from that text — an optional technical detail in a library's or the
//! operating system's own words.

use std::fmt;

use serde::Serialize;

use super::place::Place;

/// Whether a problem stops the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build: the output stays as it was.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

impl Severity {
    /// The word the terminal shows before a problem of this severity.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Fehler",
            Severity::Warning => "Warnung",
        }
    }
}

/// One problem. As JSON (`--json`) it is `{"ort", "meldung", "technische_angabe"}`; its
/// severity is the list it stands in (`fehler` or `warnungen`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stops the build or not.
    #[serde(skip)]
    pub severity: Severity,
    /// Where, when the problem has a place a person can look up.
    #[serde(rename = "ort")]
    pub place: Option<Place>,
    /// What is wrong and how to fix it, in German, free of any library's words.
    #[serde(rename = "meldung")]
    pub message: String,
    /// Lines of the input that show the place (a template's source line with a marker under
    /// it); shown below the message.
    #[serde(rename = "auszug", skip_serializing_if = "Vec::is_empty")]
    pub excerpt: Vec<String>,
    /// A library's or the operating system's own words about it, for whoever helps the
    /// user further (shown on a line of its own, labelled „Technische Angabe“).
    #[serde(rename = "technische_angabe", skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Problem {
    /// An error at `place`.
    pub fn error(place: Place, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Some(place), message)
    }

    /// A warning at `place`.
    pub fn warning(place: Place, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Some(place), message)
    }

    /// An error that belongs to no place in the input (the command line, the machine).
    pub fn general(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, None, message)
    }

    fn new(severity: Severity, place: Option<Place>, message: impl Into<String>) -> Self {
        Self {
            severity,
            place,
            message: message.into(),
            excerpt: Vec::new(),
            detail: None,
        }
    }

    /// Whether the problem's place lies in `file` (a path as the import report shows it).
    pub fn is_in(&self, file: &str) -> bool {
        self.place
            .as_ref()
            .is_some_and(|place| *place.file == *file)
    }

    /// The same problem with a technical detail (none when `detail` is empty).
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        self.detail = (!detail.trim().is_empty()).then_some(detail);
        self
    }
}

impl Problem {
    /// The text form everything that prints a problem uses: `place: message`, the excerpt,
    /// then the technical detail on lines of its own, each following line indented by
    /// `indent` and two spaces (so the problem reads as one item in an indented list).
    pub fn render(&self, indent: &str) -> String {
        let mut out = String::new();
        if let Some(place) = &self.place {
            out.push_str(&place.to_string());
            out.push_str(": ");
        }
        out.push_str(&self.message);
        for line in &self.excerpt {
            out.push_str(&format!("\n{indent}  {line}"));
        }
        if let Some(detail) = &self.detail {
            let mut lines = detail.lines();
            if let Some(first) = lines.next() {
                out.push_str(&format!("\n{indent}  Technische Angabe: {first}"));
            }
            for line in lines {
                out.push_str(&format!("\n{indent}    {line}"));
            }
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::place::Position;

    #[test]
    fn the_detail_stands_on_its_own_line_and_in_its_own_json_key() {
        let place = Place::file("ag/AG 1.xlsx").with_position(Position::Cell { row: 2, column: 1 });
        let problem =
            Problem::error(place, "Die Datei ist beschädigt.").with_detail("Could not find EOCD");
        assert_eq!(
            problem.to_string(),
            "ag/AG 1.xlsx › B3: Die Datei ist beschädigt.\n  Technische Angabe: Could not find EOCD"
        );
        assert_eq!(
            serde_json::to_string(&problem).unwrap(),
            r#"{"ort":"ag/AG 1.xlsx › B3","meldung":"Die Datei ist beschädigt.","technische_angabe":"Could not find EOCD"}"#
        );
    }

    #[test]
    fn without_a_detail_or_place_only_the_message_is_shown() {
        let problem = Problem::general("Strg+C kann nicht abgefangen werden.").with_detail("  ");
        assert_eq!(problem.to_string(), "Strg+C kann nicht abgefangen werden.");
        assert_eq!(
            serde_json::to_string(&problem).unwrap(),
            r#"{"ort":null,"meldung":"Strg+C kann nicht abgefangen werden."}"#
        );
    }
}
