//! The templates built into the binary (the repository's `templates/` folder) and the prose
//! blocks (`texte/*.typ`) a project adds. A file in the project's `templates/` folder
//! replaces the built-in one of the same name; the others stay built in.

use std::path::Path;

/// The main template of the Beschlussvorlage.
pub(crate) const BESCHLUSSVORLAGE: &str = "beschlussvorlage.typ";
/// The main template of the Anlage.
pub(crate) const ANLAGE: &str = "anlage.typ";
/// The main template of the Synopse (`diff --pdf`).
pub(crate) const SYNOPSE: &str = "synopse.typ";
/// The main template of an AG's Rueckmeldung (`ratsvorlage rueckmeldung`).
pub(crate) const RUECKMELDUNG: &str = "rueckmeldung.typ";
/// The folder in the project input folder that holds the prose blocks.
pub(crate) const PROSE_DIR: &str = "texte";

/// Every built-in template file: name and text.
pub(crate) const BUILT_IN: [(&str, &str); 9] = [
    ("stil.typ", include_str!("../../templates/stil.typ")),
    ("sprache.typ", include_str!("../../templates/sprache.typ")),
    ("daten.typ", include_str!("../../templates/daten.typ")),
    ("saetze.typ", include_str!("../../templates/saetze.typ")),
    (
        "diagramme.typ",
        include_str!("../../templates/diagramme.typ"),
    ),
    (
        BESCHLUSSVORLAGE,
        include_str!("../../templates/beschlussvorlage.typ"),
    ),
    (ANLAGE, include_str!("../../templates/anlage.typ")),
    (SYNOPSE, include_str!("../../templates/synopse.typ")),
    (
        RUECKMELDUNG,
        include_str!("../../templates/rueckmeldung.typ"),
    ),
];

/// The built-in template called `name`, if there is one.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, text)| *text)
}

/// The names (without `.typ`) of the prose blocks in `<root>/texte/`, sorted; empty when the
/// folder does not exist.
pub(crate) fn prose_blocks(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(PROSE_DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "typ"))
        .filter_map(|path| path.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_templates_are_built_in() {
        assert!(built_in(BESCHLUSSVORLAGE).is_some_and(|t| t.contains("Beratungsfolge")));
        assert!(built_in(ANLAGE).is_some_and(|t| t.contains("Ansprechpartner")));
        assert_eq!(built_in("passwd"), None);
    }

    #[test]
    fn prose_blocks_are_the_typ_files_of_the_prose_folder() {
        let dir = std::env::temp_dir().join(format!("rv-texte-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(PROSE_DIR)).unwrap();
        for name in ["vorwort.typ", "begruendung-einleitung.typ", "notiz.txt"] {
            std::fs::write(dir.join(PROSE_DIR).join(name), "Text").unwrap();
        }
        let blocks = prose_blocks(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(blocks, ["begruendung-einleitung", "vorwort"]);
        assert!(prose_blocks(Path::new("/nonexistent-rv-project")).is_empty());
    }
}
