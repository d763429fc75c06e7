//! What can stop the package stage, said in German with the path concerned.

use std::io;
use std::path::{Path, PathBuf};

use crate::report::io_grund;

/// Why the output could not be written. Whenever this is returned, the output folder holds
/// exactly what it held before (see [`crate::package::output`] for the one exception).
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The output folder exists and is write-protected.
    #[error(
        "Der Ausgabeordner {} ist schreibgeschützt. Heben Sie den Schreibschutz auf oder wählen \
         Sie mit --out einen anderen Ordner. Es wurde nichts verändert.",
        pfad.display()
    )]
    Schreibgeschuetzt {
        /// The folder.
        pfad: PathBuf,
    },
    /// The output path exists but is a file (or something else that is not a folder).
    #[error(
        "{} ist kein Ordner. Geben Sie mit --out einen Ordner für die Ausgabe an. Es wurde nichts \
         verändert.",
        pfad.display()
    )]
    KeinOrdner {
        /// The path.
        pfad: PathBuf,
    },
    /// The output folder holds entries that ratsvorlage did not write.
    #[error(
        "Der Ausgabeordner {} enthält Einträge, die nicht von ratsvorlage stammen: {}. ratsvorlage \
         ersetzt den Inhalt dieses Ordners bei jedem Build vollständig und löscht nichts Fremdes: \
         verschieben Sie diese Einträge oder wählen Sie mit --out einen anderen Ordner. Es wurde \
         nichts verändert.",
        pfad.display(),
        aufzaehlung(namen)
    )]
    FremdeEintraege {
        /// The folder.
        pfad: PathBuf,
        /// The foreign entries, sorted.
        namen: Vec<String>,
    },
    /// `[oparl] basis_url` cannot be the base of OParl ids.
    #[error(
        "[oparl] basis_url „{url}“ in konzept.toml ist keine gültige Adresse: {grund}. Beispiel: \
         basis_url = \"https://ris.goettingen.de/oparl/\""
    )]
    BasisUrl {
        /// The value as configured.
        url: String,
        /// What is wrong with it.
        grund: &'static str,
    },
    /// A document's file name cannot stand in the output folder.
    #[error("Der Dateiname „{name}“ kann nicht in den Ausgabeordner geschrieben werden: {grund}.")]
    Dateiname {
        /// The file name.
        name: String,
        /// What is wrong with it.
        grund: String,
    },
    /// The zip or a JSON file could not be produced in memory.
    #[error("{datei} kann nicht erzeugt werden: {grund}.")]
    Erzeugen {
        /// The file, e.g. `oparl.json`.
        datei: String,
        /// The cause.
        grund: String,
    },
    /// A file system operation failed.
    #[error("{was}: {}.", io_grund(quelle))]
    Io {
        /// What was being done, with the path: `Die Datei /x/konzept.json kann nicht geschrieben werden`.
        was: String,
        /// The operating system's error.
        #[source]
        quelle: io::Error,
    },
}

impl PackageError {
    /// An I/O failure while doing `was` (a German clause naming the path).
    pub fn io(was: impl Into<String>, quelle: io::Error) -> Self {
        Self::Io {
            was: was.into(),
            quelle,
        }
    }

    /// An I/O failure about `pfad`: `"{handlung} {pfad}"`, e.g. `io_at("kann nicht angelegt werden", …)`.
    pub fn io_at(pfad: &Path, handlung: &str, quelle: io::Error) -> Self {
        Self::io(format!("{} {handlung}", pfad.display()), quelle)
    }
}

/// Names in quotes, at most five, then how many more.
fn aufzaehlung(namen: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = namen
        .iter()
        .take(SHOWN)
        .map(|n| format!("„{n}“"))
        .collect::<Vec<_>>()
        .join(", ");
    if namen.len() > SHOWN {
        text.push_str(&format!(" und {} weitere", namen.len() - SHOWN));
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
            "/x/output kann nicht angelegt werden: keine Berechtigung (permission denied)."
        );
    }

    #[test]
    fn foreign_entries_are_listed_up_to_five() {
        let namen: Vec<String> = (1..=7).map(|i| format!("f{i}.txt")).collect();
        let err = PackageError::FremdeEintraege {
            pfad: PathBuf::from("out"),
            namen,
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
