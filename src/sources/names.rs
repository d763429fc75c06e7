//! What a file or folder name says about it: a table file, a zip archive, or something to
//! ignore (junk that operating systems and office programs leave behind, other kinds of file).

use super::Format;

/// What to do with a file, judged by its name alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Art {
    /// A file that may hold tables.
    Tabelle(Format),
    /// A zip archive to look into.
    Archiv,
    /// Not read; the reason for the report.
    Ignoriert(Grund),
}

/// Why a file or folder is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grund {
    /// The reason, in German, for the report line.
    pub text: String,
    /// Whether the user should hear about it as a warning: a spreadsheet in a format that
    /// cannot be read probably holds data that would otherwise be missing.
    pub warnen: bool,
}

impl Grund {
    fn still(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            warnen: false,
        }
    }
}

/// The formats that are read, for messages.
pub const GELESENE_FORMATE: &str =
    ".xlsx, .xlsm, .xls, .xlsb, .ods, .csv (auch .tsv, .txt) und .zip";

/// Judges a file by its name (the last path component).
pub fn datei(name: &str) -> Art {
    if let Some(grund) = junk(name) {
        return Art::Ignoriert(grund);
    }
    if let Some(format) = Format::from_name(name) {
        return Art::Tabelle(format);
    }
    match extension(name).as_deref() {
        Some("zip") => Art::Archiv,
        Some(
            ext @ ("numbers" | "fods" | "xlt" | "xltx" | "xltm" | "ots" | "et" | "wk4" | "dbf"),
        ) => Art::Ignoriert(Grund {
            text: format!(
                "Tabellenformat .{ext} kann nicht gelesen werden; speichern Sie die Datei \
                     als .xlsx oder .ods"
            ),
            warnen: true,
        }),
        Some(ext) => Art::Ignoriert(Grund::still(format!(
            "keine Tabellendatei (.{ext}); gelesen werden {GELESENE_FORMATE}"
        ))),
        None => Art::Ignoriert(Grund::still(format!(
            "keine Tabellendatei (ohne Dateiendung); gelesen werden {GELESENE_FORMATE}"
        ))),
    }
}

/// Whether a folder is junk that is not looked into, and why.
pub fn ordner(name: &str) -> Option<Grund> {
    if name.eq_ignore_ascii_case("__MACOSX") {
        Some(Grund::still(
            "Hilfsordner von macOS (__MACOSX), enthält keine Daten",
        ))
    } else if name.starts_with('.') {
        Some(Grund::still("versteckter Ordner"))
    } else {
        None
    }
}

/// Whether a file or folder name is junk that is never read: hidden, an office lock file
/// (`~$…`, `.~lock.…#`), or what operating systems leave behind (`watch` ignores changes to
/// such entries).
pub fn is_junk(name: &str) -> bool {
    junk(name).is_some() || ordner(name).is_some()
}

/// Junk files: left behind by operating systems and office programs, or hidden.
fn junk(name: &str) -> Option<Grund> {
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
    Some(Grund::still(text))
}

/// The lower-case extension of a file name, if it has one.
fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grund(art: Art) -> String {
        match art {
            Art::Ignoriert(grund) => grund.text,
            other => panic!("not ignored: {other:?}"),
        }
    }

    #[test]
    fn table_files_and_archives_by_extension() {
        assert_eq!(datei("AG Sprache.XLSX"), Art::Tabelle(Format::Xlsx));
        assert_eq!(datei("ziele.ods"), Art::Tabelle(Format::Ods));
        assert_eq!(datei("liste.csv"), Art::Tabelle(Format::Csv));
        assert_eq!(datei("batch.Zip"), Art::Archiv);
    }

    #[test]
    fn junk_is_ignored_with_its_reason() {
        assert_eq!(
            grund(datei("~$AG Sprache.xlsx")),
            "Sperrdatei von Microsoft Office (~$…): entsteht, solange die Datei geöffnet ist"
        );
        assert_eq!(
            grund(datei(".~lock.ziele.ods#")),
            "Sperrdatei von LibreOffice (.~lock.…#): entsteht, solange die Datei geöffnet ist"
        );
        assert_eq!(
            grund(datei(".DS_Store")),
            "Ordnerinformation von macOS (.DS_Store)"
        );
        assert_eq!(
            grund(datei("thumbs.db")),
            "Miniaturansichten von Windows (Thumbs.db)"
        );
        assert_eq!(
            grund(datei("._ziele.xlsx")),
            "Zusatzdaten von macOS (._…), enthält keine Tabelle"
        );
        assert_eq!(grund(datei(".hidden.csv")), "versteckte Datei");
        assert_eq!(
            ordner("__MACOSX").map(|g| g.text),
            Some("Hilfsordner von macOS (__MACOSX), enthält keine Daten".to_owned())
        );
        assert_eq!(
            ordner(".git").map(|g| g.text),
            Some("versteckter Ordner".to_owned())
        );
        assert_eq!(ordner("ag"), None);
    }

    #[test]
    fn other_files_are_ignored_and_unreadable_spreadsheets_warned_about() {
        assert_eq!(
            datei("logo.svg"),
            Art::Ignoriert(Grund {
                text: format!("keine Tabellendatei (.svg); gelesen werden {GELESENE_FORMATE}"),
                warnen: false
            })
        );
        assert_eq!(
            grund(datei("README")),
            format!("keine Tabellendatei (ohne Dateiendung); gelesen werden {GELESENE_FORMATE}")
        );
        let Art::Ignoriert(numbers) = datei("Ziele.numbers") else {
            panic!("not ignored")
        };
        assert!(numbers.warnen);
        assert_eq!(
            numbers.text,
            "Tabellenformat .numbers kann nicht gelesen werden; speichern Sie die Datei als .xlsx oder .ods"
        );
    }
}
