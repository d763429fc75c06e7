//! `ratsvorlage new`: writes a complete project from the binary alone — the Göttingen example
//! (or an empty project with a commented `konzept.toml`), the templates and a README for the
//! office — so that an installed binary needs no repository.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::documents::templates;
use crate::report::{Problem, WriteError};

/// The folder `new` writes when none is given.
pub const DEFAULT_FOLDER: &str = "ratsvorlage-projekt";

/// The files of the repository's `input/` (the Göttingen example), relative to it.
pub const EXAMPLE: [(&str, &[u8]); 10] = [
    (
        "ag/AG 1 Sprache und Bildung.xlsx",
        include_bytes!("../../input/ag/AG 1 Sprache und Bildung.xlsx"),
    ),
    (
        "ag/AG 2 Arbeit und Soziales.xlsx",
        include_bytes!("../../input/ag/AG 2 Arbeit und Soziales.xlsx"),
    ),
    (
        "ag/ag-3_freizeit-kultur-religion.ods",
        include_bytes!("../../input/ag/ag-3_freizeit-kultur-religion.ods"),
    ),
    (
        "ag/ag-4_ausgangslage.csv",
        include_bytes!("../../input/ag/ag-4_ausgangslage.csv"),
    ),
    (
        "ag/ag-4_massnahmen.csv",
        include_bytes!("../../input/ag/ag-4_massnahmen.csv"),
    ),
    (
        "ag/ag-4_ziele.csv",
        include_bytes!("../../input/ag/ag-4_ziele.csv"),
    ),
    (
        "ag/sitzungen.csv",
        include_bytes!("../../input/ag/sitzungen.csv"),
    ),
    ("konzept.toml", include_bytes!("../../input/konzept.toml")),
    (
        "teilnehmende/Teilnehmerliste AG 1 und 2.xlsx",
        include_bytes!("../../input/teilnehmende/Teilnehmerliste AG 1 und 2.xlsx"),
    ),
    (
        "teilnehmende/anwesenheit-ag3-ag4.csv",
        include_bytes!("../../input/teilnehmende/anwesenheit-ag3-ag4.csv"),
    ),
];

/// The commented `konzept.toml` of an empty project: every key explained, placeholders that
/// parse.
pub const EMPTY_KONZEPT: &str = include_str!("new/konzept-leer.toml");

/// The README for the office, at the top of a new project.
const OFFICE_README: &str = include_str!("new/LIESMICH.md");

/// The templates' own README (the files, the settings, the prose blocks).
const TEMPLATES_README: &str = include_str!("../../templates/README.md");

/// The data folders of an empty project.
const DATA_FOLDERS: [&str; 2] = ["ag", "teilnehmende"];

/// Why no project was written.
#[derive(Debug)]
pub enum NewError {
    /// The folder exists and holds something.
    NotEmpty(PathBuf),
    /// Writing failed.
    Write(WriteError),
}

impl NewError {
    /// What the user is told.
    pub fn problem(&self) -> Problem {
        match self {
            Self::NotEmpty(dir) => Problem::general(format!(
                "Der Ordner {} ist nicht leer; ein neues Projekt wird nur in einen leeren oder \
                 neuen Ordner geschrieben. Nennen Sie einen anderen Ordner, z. B. \
                 `ratsvorlage new mein-projekt`.",
                dir.display()
            )),
            Self::Write(error) => error.problem(),
        }
    }
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fehler: {}", self.problem())
    }
}

/// Writes a new project into `dir` (which must be empty or missing): `input/` with the example
/// (or, with `leer`, a commented `konzept.toml` and empty `ag/`, `teilnehmende/`),
/// `templates/` and `LIESMICH.md`. Returns the files written, relative to `dir`.
pub fn new_project(dir: &Path, empty: bool) -> Result<Vec<String>, NewError> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(NewError::NotEmpty(dir.to_path_buf()));
    }
    let mut files: Vec<(String, &[u8])> =
        vec![("LIESMICH.md".to_owned(), OFFICE_README.as_bytes())];
    if empty {
        files.push(("input/konzept.toml".to_owned(), EMPTY_KONZEPT.as_bytes()));
    } else {
        files.extend(
            EXAMPLE
                .iter()
                .map(|(name, bytes)| (format!("input/{name}"), *bytes)),
        );
    }
    files.extend(
        templates::BUILT_IN
            .iter()
            .map(|(name, text)| (format!("templates/{name}"), text.as_bytes())),
    );
    files.push((
        "templates/README.md".to_owned(),
        TEMPLATES_README.as_bytes(),
    ));
    for folder in DATA_FOLDERS {
        create_dir(&dir.join("input").join(folder))?;
    }
    for (name, bytes) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|err| write_error(&path, err))?;
    }
    Ok(files.into_iter().map(|(name, _)| name).collect())
}

/// What `new` is asked to do.
#[derive(Clone, Debug)]
pub struct NewOptions {
    /// The folder to write; it must be empty or missing.
    pub dir: PathBuf,
    /// An empty project with a commented `konzept.toml` instead of the example.
    pub empty: bool,
}

/// Writes the new project; returns its files, relative to the folder.
pub fn run(options: &NewOptions) -> Result<Vec<String>, NewError> {
    new_project(&options.dir, options.empty)
}

/// What `new` tells the person: where the project is and what to do next.
pub fn summary(dir: &Path, files: &[String], empty: bool) -> String {
    let content = if empty {
        "ein leeres Projekt: tragen Sie in input/konzept.toml Ihre Angaben ein und legen Sie \
         die Tabellen der AGs in input/ag/, die Teilnehmerlisten in input/teilnehmende/"
    } else {
        "das Beispiel Göttingen 2008 in input/, zum Ausprobieren und als Muster"
    };
    format!(
        "Neues Projekt in {dir} ({n} Dateien): {content}.\n\
         Weiter geht es im Ordner {dir} (siehe LIESMICH.md):\n  \
         ratsvorlage check    prüft die Eingaben\n  \
         ratsvorlage build    erstellt Beschlussvorlage und Anlage in output/\n",
        dir = dir.display(),
        n = files.len()
    )
}

fn create_dir(dir: &Path) -> Result<(), NewError> {
    std::fs::create_dir_all(dir).map_err(|err| write_error(dir, err))
}

fn write_error(path: &Path, err: std::io::Error) -> NewError {
    NewError::Write(WriteError {
        path: path.to_path_buf(),
        err,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file below `dir`, relative, with `/`.
    fn files_below(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            // What builds and the workplace keep in the example (states, replaced files)
            // is no part of it.
            if name == ".ratsvorlage" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                files_below(&entry.path(), &format!("{name}/"), out);
            } else {
                out.push(name);
            }
        }
    }

    #[test]
    fn embedded_example_is_exactly_the_input_folder() {
        let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
        let mut on_disk = Vec::new();
        files_below(&input, "", &mut on_disk);
        on_disk.sort();
        let embedded: Vec<&str> = EXAMPLE.iter().map(|(name, _)| *name).collect();
        assert_eq!(embedded, on_disk);
        for (name, bytes) in EXAMPLE {
            assert_eq!(std::fs::read(input.join(name)).unwrap(), bytes, "{name}");
        }
    }

    #[test]
    fn empty_konzept_toml_parses_and_explains_every_section() {
        let config = crate::model::config::parse("konzept.toml", EMPTY_KONZEPT).unwrap();
        assert_eq!(config.stadt.name, "Musterstadt");
        assert_eq!(config.konzept.handlungsfelder.len(), 2);
        for key in [
            "logo",
            "nummer",
            "datum",
            "art",
            "betreff",
            "federfuehrend",
            "dezernat",
            "beschlussvorschlag",
            "finanzielle_auswirkungen",
            "beratungsfolge",
            "gremium",
            "rolle",
            "titel",
            "kurztitel",
            "koordination",
            "moderation",
            "beirat",
            "genitiv",
            "fachdezernat",
            "leitziele",
            "querschnittsaufgaben",
            "konferenzen",
            "handlungsfelder",
            "kurz",
            "basis_url",
            "namen_veroeffentlichen",
            "bereiche",
        ] {
            assert!(
                EMPTY_KONZEPT.contains(&format!("{key} ="))
                    || EMPTY_KONZEPT.contains(&format!("[teilnehmende.{key}]")),
                "{key}"
            );
        }
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = crate::test_support::TestDir::new();
        dir.write("notiz.txt", "x");
        let result = new_project(&dir, true);
        let message = result.unwrap_err().to_string();
        assert!(message.contains("ist nicht leer"), "{message}");
    }
}
