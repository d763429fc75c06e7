//! What can stop the package stage, said in German with the path concerned.

use std::io;
use std::path::{Path, PathBuf};

use crate::report::{Problem, io_reason};

/// Why the output could not be written. Whenever this is returned, the output folder holds
/// exactly what it held before (see [`crate::package::output`] for the one exception).
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The output folder exists and is write-protected.
    #[error(
        "Der Ausgabeordner {} ist schreibgeschützt. Heben Sie den Schreibschutz auf oder wählen \
         Sie mit --out einen anderen Ordner. Es wurde nichts verändert.",
        path.display()
    )]
    WriteProtected {
        /// The folder.
        path: PathBuf,
    },
    /// The output path exists but is a file (or something else that is not a folder).
    #[error(
        "{} ist kein Ordner. Geben Sie mit --out einen Ordner für die Ausgabe an. Es wurde nichts \
         verändert.",
        path.display()
    )]
    NotAFolder {
        /// The path given as the output folder.
        path: PathBuf,
    },
    /// The output folder holds entries that ratsvorlage did not write.
    #[error(
        "Der Ausgabeordner {} enthält Einträge, die nicht von ratsvorlage stammen: {}. ratsvorlage \
         ersetzt den Inhalt dieses Ordners bei jedem Build vollständig und löscht nichts Fremdes: \
         verschieben Sie diese Einträge oder wählen Sie mit --out einen anderen Ordner. Es wurde \
         nichts verändert.",
        path.display(),
        quoted_list(names)
    )]
    ForeignEntries {
        /// The folder.
        path: PathBuf,
        /// The foreign entries, sorted.
        names: Vec<String>,
    },
    /// `[oparl] basis_url` cannot be the base of OParl ids.
    #[error(
        "[oparl] basis_url „{url}“ in konzept.toml ist keine gültige Adresse: {reason}. Beispiel: \
         basis_url = \"https://ris.goettingen.de/oparl/\""
    )]
    InvalidBaseUrl {
        /// The value as configured.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A document's file name cannot stand in the output folder.
    #[error("Der Dateiname „{name}“ kann nicht in den Ausgabeordner geschrieben werden: {reason}.")]
    InvalidFileName {
        /// The file name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The zip or a JSON file could not be produced in memory.
    #[error("{file} kann nicht erzeugt werden.")]
    Generate {
        /// The file, e.g. `oparl.json`.
        file: String,
        /// The cause, in the library's words (the problem's technical detail).
        reason: String,
    },
    /// A file system operation failed.
    #[error("{what}: {}.", io_reason(source))]
    Io {
        /// What was being done, with the path: `Die Datei /x/konzept.json kann nicht geschrieben werden`.
        what: String,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
}

impl PackageError {
    /// What the user is told: the German sentence, and the library's or operating system's
    /// own words apart from it.
    pub fn problem(&self) -> Problem {
        let problem = Problem::general(self.to_string());
        match self {
            Self::Io { source, .. } => problem.with_detail(source.to_string()),
            Self::Generate { reason, .. } => problem.with_detail(reason.clone()),
            _ => problem,
        }
    }

    /// An I/O failure while doing `was` (a German clause naming the path).
    pub fn io(what: impl Into<String>, source: io::Error) -> Self {
        Self::Io {
            what: what.into(),
            source,
        }
    }

    /// An I/O failure about `pfad`: `"{handlung} {pfad}"`, e.g. `io_at("kann nicht angelegt werden", …)`.
    pub fn io_at(path: &Path, action: &str, source: io::Error) -> Self {
        Self::io(format!("{} {action}", path.display()), source)
    }
}

/// Names in quotes, at most five, then how many more.
fn quoted_list(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("„{n}“"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" und {} weitere", names.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_in_german_with_path_and_detail() {
        let err = PackageError::io_at(
            Path::new("/x/output"),
            "kann nicht angelegt werden",
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert_eq!(
            err.to_string(),
            "/x/output kann nicht angelegt werden: keine Berechtigung."
        );
        assert_eq!(
            err.problem().to_string(),
            "/x/output kann nicht angelegt werden: keine Berechtigung.\n  Technische Angabe: \
             permission denied"
        );
    }

    #[test]
    fn foreign_entries_are_listed_up_to_five() {
        let names: Vec<String> = (1..=7).map(|i| format!("f{i}.txt")).collect();
        let err = PackageError::ForeignEntries {
            path: PathBuf::from("out"),
            names,
        };
        assert!(
            err.to_string().starts_with(
                "Der Ausgabeordner out enthält Einträge, die nicht von ratsvorlage stammen: \
                 „f1.txt“, „f2.txt“, „f3.txt“, „f4.txt“, „f5.txt“ und 2 weitere. "
            ),
            "{err}"
        );
    }
}
