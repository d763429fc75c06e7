//! `ratsvorlage diff`: the change list between an earlier konzept.json and the example with
//! edited AG tables, as text, as JSON and as a typeset PDF; and its errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestDir, pdf_text, redact, squeezed};
use ratsvorlage::limits::Limits;
use ratsvorlage::project::{self, Project};

/// The example project copied into a temporary folder, with the concept of the unchanged
/// example saved as `alt.json` beside it.
struct Beispiel {
    dir: TestDir,
}

impl Beispiel {
    fn new() -> Self {
        let dir = TestDir::new();
        dir.example("input");
        let beispiel = Self { dir };
        let project = Project::locate(Some(&beispiel.input()), None);
        let import = project::ingest(&project, &Limits::default());
        let konzept = import.buildable().expect("the example builds");
        std::fs::write(beispiel.old(), serde_json::to_vec_pretty(konzept).unwrap()).unwrap();
        beispiel
    }

    fn input(&self) -> PathBuf {
        self.dir.path().join("input")
    }

    fn old(&self) -> PathBuf {
        self.dir.path().join("alt.json")
    }

    /// `text` with the temporary folder as `[TEMP]`, for a snapshot.
    fn redact(&self, text: &str) -> String {
        redact(text, &[(self.dir.path(), "[TEMP]")])
    }

    /// Replaces text in a Windows-1252 CSV file of the project.
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.input().join(relative);
        let bytes = std::fs::read(&path).unwrap();
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        std::fs::write(&path, crate::support::cp1252(&text.replacen(from, to, 1))).unwrap();
    }

    /// Runs `ratsvorlage diff OLD PROJECT extra…`: exit code, stdout, stderr.
    fn diff(&self, old: &Path, extra: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .arg("diff")
            .arg(old)
            .arg(self.input())
            .args(extra)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The edits the tests make in AG 4 (Politik und Recht).
    fn edit_ag4(&self) {
        let m = "ag/ag-4_massnahmen.csv";
        self.edit(
            m,
            "Politische Bildung für Zugewanderte",
            "Politische Bildung für alle Zugewanderten",
        );
        self.edit(m, "kurzfristig;6.000,00 €", "kurzfristig;8.000,00 €");
        self.edit(
            m,
            "Göttinger Anwaltverein\nVolkshochschule Göttingen",
            "Göttinger Anwaltverein\nStadtbibliothek",
        );
        self.edit(
            m,
            "PR-3;PR-3.2;Kampagne gegen Diskriminierung bei der Wohnungs- und Arbeitssuche;\
             Plakate, Testings und Gespräche mit Wohnungsgesellschaften;\"Netzwerk Migration\n\
             Integrationsrat\";2009;Drittmittel\r\n",
            "",
        );
        self.edit(
            m,
            "Personalrat\";mittelfristig;kostenneutral",
            "Personalrat\";mittelfristig;kostenneutral\r\nPR-5;PR-5.3;Anonymisierte \
             Bewerbungsverfahren erproben;Pilotprojekt in zwei Fachbereichen;Fachbereich \
             Personal;2010;kostenneutral",
        );
        let z = "ag/ag-4_ziele.csv";
        self.edit(z, "Rechte und Pflichten.;5;3", "Rechte und Pflichten.;4;3");
        self.edit(
            z,
            "Migrationshintergrund.;4;5",
            "Migrationshintergrund.;5;5",
        );
    }
}

#[test]
fn an_unchanged_project_has_no_changes() {
    let beispiel = Beispiel::new();
    let (code, stdout, stderr) = beispiel.diff(&beispiel.old(), &[]);
    assert_eq!(code, 0, "{stderr}");
    // „Vergleich mit …“, „Keine Änderungen an Zielen und Maßnahmen.“
    insta::assert_snapshot!("no_changes", beispiel.redact(&stdout));
}

#[test]
fn edited_goals_and_measures_are_listed_by_ag_with_old_and_new_values() {
    let beispiel = Beispiel::new();
    beispiel.edit_ag4();
    let (code, stdout, stderr) = beispiel.diff(&beispiel.old(), &[]);
    assert_eq!(code, 0, "{stderr}");
    // „Vergleich mit …“, the summary „Änderungen in 1 AG: 2 Ziele umpriorisiert, …“, then per
    // AG each goal and measure with its old and new values.
    insta::assert_snapshot!("changes_text", beispiel.redact(&stdout));
    let summary = stdout.lines().nth(1).expect("summary line");
    assert!(summary.starts_with("Änderungen in 1 AG: "), "{stdout}");

    let (code, stdout, stderr) = beispiel.diff(&beispiel.old(), &["--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["zusammenfassung"], summary);
    let ag = &json["arbeitsgruppen"][0];
    assert_eq!(ag["kurz"], "PR");
    assert_eq!(ag["ziele"][0]["felder"][0]["alt"], "5");
    assert_eq!(ag["massnahmen"][4]["art"], "entfallen");
    assert_eq!(json["arbeitsgruppen"].as_array().unwrap().len(), 1);
}

#[test]
fn the_change_list_is_typeset_for_an_ergaenzungsvorlage() {
    let beispiel = Beispiel::new();
    beispiel.edit_ag4();
    let pdf = beispiel.dir.path().join("Aenderungen.pdf");
    let (code, stdout, stderr) = beispiel.diff(&beispiel.old(), &["--pdf", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Änderungsliste geschrieben: "), "{stdout}");
    let text = squeezed(&pdf_text(&pdf));
    for expected in [
        "Ergänzung zur Vorlage FB 50/1234/08",
        "AG Politik und Recht (PR)",
        "Maßnahme PR-1.2",
        "Text: Politische Bildung für Zugewanderte → Politische Bildung für alle Zugewanderten",
        "Priorität: 5 → 4",
        "umpriorisiert",
        "Anonymisierte Bewerbungsverfahren erproben",
        "Kampagne gegen Diskriminierung bei der Wohnungs- und Arbeitssuche",
        "entfallen",
    ] {
        assert!(
            text.contains(&squeezed(expected)),
            "{expected} missing in {text}"
        );
    }
    crate::support::assert_pdf_conforms(&std::fs::read(&pdf).unwrap(), "the change list");
    let pdfa = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(pdfa.status.success(), "qpdf --check failed");
}

#[test]
fn an_unusable_old_konzept_json_or_input_is_an_error_with_exit_1() {
    let beispiel = Beispiel::new();
    let missing = beispiel.dir.path().join("gibt-es-nicht.json");
    let (code, _, stderr) = beispiel.diff(&missing, &[]);
    assert_eq!(code, 1);
    // „[TEMP]/gibt-es-nicht.json: kann nicht gelesen werden …“
    insta::assert_snapshot!("old_json_missing", beispiel.redact(&stderr));
    let kaputt = beispiel.dir.path().join("kaputt.json");
    std::fs::write(&kaputt, "{\"arbeitsgruppen\": [").unwrap();
    let (code, _, stderr) = beispiel.diff(&kaputt, &[]);
    assert_eq!(code, 1);
    // „[TEMP]/kaputt.json: ist keine gültige JSON-Datei …“
    insta::assert_snapshot!("old_json_damaged", beispiel.redact(&stderr));
    beispiel.edit("ag/ag-4_massnahmen.csv", "PR-1;PR-1.2", "PR-9;PR-1.2");
    let (code, _, stderr) = beispiel.diff(&beispiel.old(), &[]);
    assert_eq!(code, 1);
    // The error in „ag-4_massnahmen.csv“ naming the goal „PR-9“.
    insta::assert_snapshot!("input_broken", beispiel.redact(&stderr));
}
