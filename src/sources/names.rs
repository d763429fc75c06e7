//! What a file or folder name says about it: a table file, a zip archive, or something to
//! ignore (junk that operating systems and office programs leave behind, other kinds of file).

use super::source::Format;

/// What to do with a file, judged by its name alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A file that may hold tables.
    Table(Format),
    /// A zip archive to look into.
    Archive,
    /// Not read; the reason for the report.
    Ignored(Reason),
}

/// Why a file or folder is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Reason {
    /// The reason, in German, for the report line.
    pub text: String,
    /// Whether the user should hear about it as a warning: a spreadsheet in a format that
    /// cannot be read probably holds data that would otherwise be missing.
    pub warn: bool,
}

impl Reason {
    fn silent(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            warn: false,
        }
    }
}

/// The formats that are read, for messages.
pub(super) const READ_FORMATS: &str = ".xlsx, .xlsm, .xls, .xlsb, .ods, .csv und .zip";

/// Judges a file by its name (the last path component).
pub(super) fn file(name: &str) -> Kind {
    if let Some(reason) = junk(name) {
        return Kind::Ignored(reason);
    }
    if let Some(format) = Format::from_name(name) {
        return Kind::Table(format);
    }
    match extension(name).as_deref() {
        Some("zip") => Kind::Archive,
        // Tab-separated values are a table that is only named the wrong way.
        Some("tsv") => Kind::Ignored(Reason {
            text: "Dateien mit der Endung .tsv werden nicht gelesen; benennen Sie die Datei in \
                   .csv um (Tabulatoren als Trennzeichen werden erkannt)"
                .to_owned(),
            warn: true,
        }),
        Some(
            ext @ ("numbers" | "fods" | "xlt" | "xltx" | "xltm" | "ots" | "et" | "wk4" | "dbf"),
        ) => Kind::Ignored(Reason {
            text: format!(
                "Tabellenformat .{ext} kann nicht gelesen werden; speichern Sie die Datei \
                     als .xlsx oder .ods"
            ),
            warn: true,
        }),
        Some(ext) => Kind::Ignored(Reason::silent(format!(
            "keine Tabellendatei (.{ext}); gelesen werden {READ_FORMATS}"
        ))),
        None => Kind::Ignored(Reason::silent(format!(
            "keine Tabellendatei (ohne Dateiendung); gelesen werden {READ_FORMATS}"
        ))),
    }
}

/// Whether a folder is junk that is not looked into, and why.
pub(super) fn folder(name: &str) -> Option<Reason> {
    if name.eq_ignore_ascii_case("__MACOSX") {
        Some(Reason::silent(
            "Hilfsordner von macOS (__MACOSX), enthält keine Daten",
        ))
    } else if name.starts_with('.') {
        Some(Reason::silent("versteckter Ordner"))
    } else {
        None
    }
}

/// Whether a file or folder name is junk that is never read: hidden, an office lock file
/// (`~$…`, `.~lock.…#`), or what operating systems leave behind (`watch` ignores changes to
/// such entries).
pub fn is_junk(name: &str) -> bool {
    junk(name).is_some() || folder(name).is_some()
}

/// Junk files: left behind by operating systems and office programs, or hidden.
fn junk(name: &str) -> Option<Reason> {
    let lower = name.to_lowercase();
    let text = if lower == ".ds_store" {
        "Ordnerinformation von macOS (.DS_Store)"
    } else if lower == "thumbs.db" {
        "Miniaturansichten von Windows (Thumbs.db)"
    } else if lower == "desktop.ini" {
        "Ordnereinstellungen von Windows (desktop.ini)"
    } else if name.starts_with("~$") {
        "Sperrdatei von Microsoft Office (~$…): entsteht, solange die Datei geöffnet ist"
    } else if name.starts_with(".~lock.") {
        "Sperrdatei von LibreOffice (.~lock.…#): entsteht, solange die Datei geöffnet ist"
    } else if name.starts_with("._") {
        "Zusatzdaten von macOS (._…), enthält keine Tabelle"
    } else if name.starts_with('.') {
        "versteckte Datei"
    } else {
        return None;
    };
    Some(Reason::silent(text))
}

/// The lower-case extension of a file name, if it has one.
fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(kind: Kind) -> String {
        match kind {
            Kind::Ignored(reason) => reason.text,
            other => panic!("not ignored: {other:?}"),
        }
    }

    #[test]
    fn table_files_and_archives_by_extension() {
        assert_eq!(file("AG Sprache.XLSX"), Kind::Table(Format::Xlsx));
        assert_eq!(file("ziele.ods"), Kind::Table(Format::Ods));
        assert_eq!(file("liste.csv"), Kind::Table(Format::Csv));
        // Only the formats of the input contract: notes and letters are no tables.
        assert!(matches!(
            file("notiz.txt"),
            Kind::Ignored(Reason { warn: false, .. })
        ));
        assert!(matches!(
            file("ziele.tsv"),
            Kind::Ignored(Reason { warn: true, .. })
        ));
        assert_eq!(file("batch.Zip"), Kind::Archive);
    }

    #[test]
    fn junk_is_ignored_with_its_reason() {
        assert_eq!(
            reason(file("~$AG Sprache.xlsx")),
            "Sperrdatei von Microsoft Office (~$…): entsteht, solange die Datei geöffnet ist"
        );
        assert_eq!(
            reason(file(".~lock.ziele.ods#")),
            "Sperrdatei von LibreOffice (.~lock.…#): entsteht, solange die Datei geöffnet ist"
        );
        assert_eq!(
            reason(file(".DS_Store")),
            "Ordnerinformation von macOS (.DS_Store)"
        );
        assert_eq!(
            reason(file("thumbs.db")),
            "Miniaturansichten von Windows (Thumbs.db)"
        );
        assert_eq!(
            reason(file("._ziele.xlsx")),
            "Zusatzdaten von macOS (._…), enthält keine Tabelle"
        );
        assert_eq!(reason(file(".hidden.csv")), "versteckte Datei");
        assert_eq!(
            folder("__MACOSX").map(|g| g.text),
            Some("Hilfsordner von macOS (__MACOSX), enthält keine Daten".to_owned())
        );
        assert_eq!(
            folder(".git").map(|g| g.text),
            Some("versteckter Ordner".to_owned())
        );
        assert_eq!(folder("ag"), None);
    }

    #[test]
    fn other_files_are_ignored_and_unreadable_spreadsheets_warned_about() {
        assert_eq!(
            file("logo.svg"),
            Kind::Ignored(Reason {
                text: format!("keine Tabellendatei (.svg); gelesen werden {READ_FORMATS}"),
                warn: false
            })
        );
        assert_eq!(
            reason(file("README")),
            format!("keine Tabellendatei (ohne Dateiendung); gelesen werden {READ_FORMATS}")
        );
        let Kind::Ignored(numbers) = file("Ziele.numbers") else {
            panic!("not ignored")
        };
        assert!(numbers.warn);
        assert_eq!(
            numbers.text,
            "Tabellenformat .numbers kann nicht gelesen werden; speichern Sie die Datei als .xlsx oder .ods"
        );
    }
}
