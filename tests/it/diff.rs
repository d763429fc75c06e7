//! `ratsvorlage diff`: the change list between an earlier concept and the example with
//! edited AG tables, as text, as JSON and as the Synopse PDF; the states of the concept that
//! builds keep, `--liste` and `--seit`; and the errors.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestDir, pdf_text, redact, squeezed};
use ratsvorlage::commands::diff::{self as diff_command, DiffOptions};
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

    /// Replaces text everywhere in a Windows-1252 CSV file of the project.
    fn edit_all(&self, relative: &str, from: &str, to: &str) {
        let path = self.input().join(relative);
        let bytes = std::fs::read(&path).unwrap();
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        std::fs::write(&path, crate::support::cp1252(&text.replace(from, to))).unwrap();
    }

    /// Runs `ratsvorlage diff OLD PROJECT extra…`: exit code, stdout, stderr.
    fn diff(&self, old: &Path, extra: &[&str]) -> (i32, String, String) {
        let input = self.input();
        let mut args = vec![old.as_os_str(), input.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        run(&args)
    }

    /// Runs `ratsvorlage diff PROJECT extra…` (no earlier konzept.json): exit code, stdout,
    /// stderr.
    fn diff_states(&self, extra: &[&str]) -> (i32, String, String) {
        let input = self.input();
        let mut args = vec![input.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        run(&args)
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    /// Builds the project into `output/` beside it: stdout.
    fn build(&self) -> String {
        let (code, stdout, stderr) = crate::support::build(&self.input(), &self.out());
        assert_eq!(code, 0, "{stderr}");
        stdout
    }

    /// The kept states' files, oldest first: name and bytes.
    fn states(&self) -> Vec<(String, Vec<u8>)> {
        let folder = self.input().join(".ratsvorlage/staende");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap())
                    .map(|e| {
                        (
                            e.file_name().to_string_lossy().into_owned(),
                            std::fs::read(e.path()).unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Sets the Vorlage number in konzept.toml.
    fn set_vorlage_number(&self, nummer: &str) {
        let path = self.input().join("konzept.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let old = "nummer = \"FB 50/1234/08\"";
        assert!(text.contains(old));
        std::fs::write(
            &path,
            text.replacen(old, &format!("nummer = \"{nummer}\""), 1),
        )
        .unwrap();
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

/// Runs `ratsvorlage diff args…`: exit code, stdout, stderr.
fn run(args: &[&OsStr]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The text of a PDF laid out as on the page (`pdftotext -layout`): what stands side by side
/// is on one line.
fn layout_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&output.stdout).replace('\u{ad}', "")
}

/// How `diff --liste` writes the moment of a state, from its id
/// (`2026-12-06_22-15-01-123` → `6.12.2026, 22:15:01`).
fn kept_text(id: &str) -> String {
    let n: Vec<u32> = id
        .split(['-', '_', '.'])
        .filter_map(|p| p.parse().ok())
        .collect();
    format!(
        "{}.{}.{}, {:02}:{:02}:{:02}",
        n[2], n[1], n[0], n[3], n[4], n[5]
    )
}

#[test]
fn an_unchanged_project_has_no_changes() {
    let beispiel = Beispiel::new();
    let (code, stdout, stderr) = beispiel.diff(&beispiel.old(), &[]);
    assert_eq!(code, 0, "{stderr}");
    // „Vergleich mit [TEMP]/alt.json (Vorlage … vom …):“, „Keine Änderungen …“
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
    assert_eq!(json["vergleich"], "Vorlage FB 50/1234/08 vom 15.10.2008");
    assert_eq!(json["bisher"]["vorlage_nummer"], "FB 50/1234/08");
    assert_eq!(json["bisher"]["vorlage_datum"], "2008-10-15");
    assert_eq!(
        json["bisher"]["datei"],
        beispiel.old().display().to_string()
    );
    let ag = &json["arbeitsgruppen"][0];
    assert_eq!(ag["kurz"], "PR");
    assert_eq!(ag["ziele"][0]["felder"][0]["alt"], "5");
    assert_eq!(ag["massnahmen"][4]["art"], "entfallen");
    assert_eq!(json["arbeitsgruppen"].as_array().unwrap().len(), 1);
}

#[test]
fn a_goal_numbered_by_its_rank_says_its_new_priority_once() {
    let beispiel = Beispiel::new();
    // Goals numbered by their rank (as many AGs number them): PR-4 has rank 5, PR-5 rank 4.
    for (goal, number) in [
        ("PR-1", "1"),
        ("PR-2", "2"),
        ("PR-3", "3"),
        ("PR-4", "5"),
        ("PR-5", "4"),
    ] {
        beispiel.edit(
            "ag/ag-4_ziele.csv",
            &format!("\n{goal};"),
            &format!("\n{number};"),
        );
        beispiel.edit_all(
            "ag/ag-4_massnahmen.csv",
            &format!("{goal};{goal}."),
            &format!("{number};{goal}."),
        );
    }
    beispiel.build();
    // The first two goals swap ranks, and their numbers follow.
    beispiel.edit(
        "ag/ag-4_ziele.csv",
        "1;Migrantinnen und Migranten beteiligen sich stärker an der Kommunalpolitik.;1",
        "2;Migrantinnen und Migranten beteiligen sich stärker an der Kommunalpolitik.;2",
    );
    beispiel.edit(
        "ag/ag-4_ziele.csv",
        "2;Die Ausländerbehörde wird zu einer Service- und Willkommensbehörde.;2",
        "1;Die Ausländerbehörde wird zu einer Service- und Willkommensbehörde.;1",
    );
    beispiel.edit_all("ag/ag-4_massnahmen.csv", "1;PR-1.", "X;PR-1.");
    beispiel.edit_all("ag/ag-4_massnahmen.csv", "2;PR-2.", "1;PR-2.");
    beispiel.edit_all("ag/ag-4_massnahmen.csv", "X;PR-1.", "2;PR-1.");
    let (code, stdout, stderr) = beispiel.diff_states(&[]);
    assert_eq!(code, 0, "{stderr}");
    let changes: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(
        changes,
        [
            "Änderungen in 1 AG: 2 Ziele umpriorisiert.",
            "AG Politik und Recht (PR)",
            "  Ziel 1 umpriorisiert: „Die Ausländerbehörde wird zu einer Service- und Willkommensbehörde.“",
            "    Priorität: 2 → 1",
            "  Ziel 2 umpriorisiert: „Migrantinnen und Migranten beteiligen sich stärker an der Kommunalpolitik.“",
            "    Priorität: 1 → 2",
        ],
        "{stdout}"
    );
}

#[test]
fn the_synopse_shows_old_and_new_wording_side_by_side_with_the_changed_words() {
    let beispiel = Beispiel::new();
    beispiel.build();
    beispiel.edit_ag4();
    let pdf = beispiel.dir.path().join("Synopse.pdf");
    let (code, stdout, stderr) = beispiel.diff_states(&["--pdf", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Synopse geschrieben: "), "{stdout}");
    crate::support::assert_pdf_conforms(&std::fs::read(&pdf).unwrap(), "the Synopse");

    // In content order: per AG and goal a row of subject, old wording, new wording.
    let text = pdf_text(&pdf);
    for expected in [
        "Ergänzung zur Vorlage FB 50/1234/08",
        "AG Politik und Recht (PR)",
        "Ziel PR-1: Migrantinnen und Migranten beteiligen sich stärker an der Kommunalpolitik.",
        "Gegenstand Bisherige Fassung Neue Fassung",
        "Maßnahme PR-1.2 geändert Politische Bildung für [gestrichen: Zugewanderte] Umsetzung:",
        "Politische Bildung für [eingefügt: alle Zugewanderten] Umsetzung:",
        "Finanzierung: [gestrichen: 6.000] €",
        "Finanzierung: [eingefügt: 8.000] €",
        "Ansprechpartner: Göttinger Anwaltverein; [gestrichen: Volkshochschule Göttingen]",
        "Ansprechpartner: Göttinger Anwaltverein; [eingefügt: Stadtbibliothek]",
        "Ziel PR-4 umpriorisiert Priorität 5 → 4",
        "Priorität: [gestrichen: 5]",
        "Priorität: [eingefügt: 4]",
        "Maßnahme PR-5.3 neu bisher nicht enthalten Anonymisierte Bewerbungsverfahren erproben",
        "Maßnahme PR-3.2 entfallen Kampagne gegen Diskriminierung bei der Wohnungs- und \
         Arbeitssuche",
    ] {
        assert!(
            squeezed(&text).contains(&squeezed(expected)),
            "{expected} missing in {text}"
        );
    }
    assert!(text.contains("Arbeitssuche Umsetzung:"), "{text}");
    assert!(text.contains(" entfällt"), "{text}");
    // Side by side: the old and the new wording of a line on one line of the page.
    let layout = layout_text(&pdf);
    assert!(
        layout
            .lines()
            .any(|line| line.contains("[gestrichen: Zugewanderte]")
                && line.contains("Politische Bildung für [eingefügt:")),
        "{layout}"
    );
    assert!(
        layout
            .lines()
            .any(|line| line.contains("Finanzierung: [gestrichen: 6.000] €")
                && line.contains("Finanzierung: [eingefügt: 8.000] €")),
        "{layout}"
    );
    // The earlier state is named by its Vorlage number and date, never by a file.
    assert!(
        text.contains("Bisherige Fassung: Vorlage FB 50/1234/08 vom 15.10.2008 (Stand vom "),
        "{text}"
    );
    for file_like in [".json", "staende", "konzept.", ".ratsvorlage"] {
        assert!(!text.contains(file_like), "{file_like} in {text}");
    }
    let pdfa = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(pdfa.status.success(), "qpdf --check failed");

    // With an earlier konzept.json, too, the council text names no file.
    let (code, _, stderr) = beispiel.diff(&beispiel.old(), &["--pdf", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Bisherige Fassung: Vorlage FB 50/1234/08 vom 15.10.2008 Neue Fassung"),
        "{text}"
    );
    assert!(!text.contains("alt.json"), "{text}");
}

#[test]
fn the_synopse_of_an_ergaenzungsvorlage_with_its_own_number_names_both() {
    let beispiel = Beispiel::new();
    beispiel.build();
    beispiel.set_vorlage_number("FB 50/1234/08-1");
    beispiel.edit(
        "ag/ag-4_massnahmen.csv",
        "Politische Bildung für Zugewanderte",
        "Politische Bildung für alle Zugewanderten",
    );
    let pdf = beispiel.dir.path().join("Synopse.pdf");
    let (code, _, stderr) = beispiel.diff_states(&["--pdf", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&pdf);
    for expected in [
        "Ergänzung zur Vorlage FB 50/1234/08 ",
        "Ergänzungsvorlage: FB 50/1234/08-1 vom 15.10.2008",
        "Bisherige Fassung: Vorlage FB 50/1234/08 vom 15.10.2008 (Stand vom ",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    crate::support::assert_pdf_conforms(&std::fs::read(&pdf).unwrap(), "the Synopse");
}

#[test]
fn a_build_keeps_the_state_of_a_changed_concept_and_never_overwrites_one() {
    let beispiel = Beispiel::new();
    let stdout = beispiel.build();
    assert!(
        stdout.contains("Stand des Konzepts gesichert ("),
        "{stdout}"
    );
    let first = beispiel.states();
    assert_eq!(first.len(), 1);
    let konzept_json = || std::fs::read(beispiel.out().join("konzept.json")).unwrap();
    // The state is the build's konzept.json, byte for byte.
    assert_eq!(first[0].1, konzept_json());
    let output = crate::support::folder_contents(&beispiel.out());

    // The same concept again: nothing kept, and the output as it was.
    let stdout = beispiel.build();
    assert!(!stdout.contains("gesichert"), "{stdout}");
    assert_eq!(beispiel.states(), first);
    assert_eq!(crate::support::folder_contents(&beispiel.out()), output);

    beispiel.edit_ag4();
    let (code, stdout, stderr) = crate::support::finish(
        crate::support::build_command(&beispiel.input(), &beispiel.out()).arg("--json"),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let states = beispiel.states();
    assert_eq!(states.len(), 2);
    assert_eq!(states[0], first[0], "the first state is as it was");
    assert_eq!(states[1].1, konzept_json());
    assert_eq!(
        json["stand"].as_str().map(|id| format!("{id}.json")),
        Some(states[1].0.clone())
    );
    // Reading the project passes the states by: the report does not list them.
    let (code, stdout, _) = crate::support::finish(
        Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .arg("check")
            .arg(beispiel.input()),
    );
    assert_eq!(code, 0);
    assert!(!stdout.contains(".ratsvorlage"), "{stdout}");
}

#[test]
fn the_list_option_lists_the_states_and_diff_compares_with_the_newest_differing_one() {
    let beispiel = Beispiel::new();
    beispiel.build();
    beispiel.edit_ag4();
    beispiel.build();
    let (code, stdout, stderr) = beispiel.diff_states(&["--liste", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let listed = json["staende"].as_array().unwrap();
    let ids: Vec<&str> = listed
        .iter()
        .map(|s| s["stand"].as_str().unwrap())
        .collect();
    let files: Vec<String> = beispiel
        .states()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        ids.iter()
            .map(|id| format!("{id}.json"))
            .collect::<Vec<_>>(),
        files
    );
    assert_eq!(listed[1]["nr"], 2);
    assert_eq!(listed[1]["vorlage_nummer"], "FB 50/1234/08");
    assert_eq!(listed[1]["vorlage_datum"], "2008-10-15");
    assert_eq!(
        (
            listed[1]["ziele"].as_u64(),
            listed[1]["massnahmen"].as_u64()
        ),
        (Some(21), Some(52))
    );

    let (code, stdout, stderr) = beispiel.diff_states(&["--liste"]);
    assert_eq!(code, 0, "{stderr}");
    let mut text = beispiel.redact(&stdout);
    // Two builds may fall into one second: every moment is the same label.
    for id in &ids {
        text = text.replace(&kept_text(id), "[ZEIT]");
    }
    // The table: Nr., when kept, Vorlage number and date, goals, measures.
    insta::assert_snapshot!("states_list", text);

    // The project now is the newest state; diff compares with the one before.
    let (code, stdout, stderr) = beispiel.diff_states(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.lines().next().unwrap(),
        format!(
            "Vergleich mit dem Stand vom {} (Vorlage FB 50/1234/08 vom 15.10.2008):",
            kept_text(ids[0])
        )
    );
    let (_, expected, _) = beispiel.diff(&beispiel.old(), &[]);
    assert_eq!(
        stdout.lines().skip(1).collect::<Vec<_>>(),
        expected.lines().skip(1).collect::<Vec<_>>(),
        "the same changes as against the unchanged example"
    );
    let (_, stdout, _) = beispiel.diff_states(&["--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["bisher"]["stand"], ids[0]);
    assert!(
        json["vergleich"]
            .as_str()
            .unwrap()
            .starts_with("Vorlage FB 50/1234/08 vom 15.10.2008 (Stand vom "),
        "{json}"
    );

    // The library gives the workplace the same: the states, a comparison, the Synopse.
    let project = Project::locate(Some(&beispiel.input()), None);
    let states = diff_command::states(&project);
    assert_eq!(states.states.len(), 2);
    let comparison =
        diff_command::compare_with(&project, &Limits::default(), &states.states[0].id).unwrap();
    assert_eq!(comparison.summary, expected.lines().nth(1).unwrap());
    let pdf =
        diff_command::synopse_pdf(&project, &Limits::default(), &states.states[0].id).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    crate::support::assert_pdf_conforms(&pdf, "the Synopse in memory");
    assert!(matches!(
        diff_command::compare_with(&project, &Limits::default(), "../konzept.toml"),
        Err(diff_command::DiffError::Old(_))
    ));
}

#[test]
fn the_since_option_chooses_a_state_by_date_or_vorlage_number() {
    let beispiel = Beispiel::new();
    beispiel.build();
    // The first state as if it had been kept the day before the Vorlage's date.
    let folder = beispiel.input().join(".ratsvorlage/staende");
    let (first, _) = beispiel.states().remove(0);
    std::fs::rename(
        folder.join(&first),
        folder.join("2008-10-14_09-30-00-000.json"),
    )
    .unwrap();
    // The Ergänzungsvorlage gets its number; then the AG's edits arrive.
    beispiel.set_vorlage_number("FB 50/1234/08-1");
    beispiel.build();
    beispiel.edit_ag4();
    beispiel.build();
    assert_eq!(beispiel.states().len(), 3);

    let summary = |extra: &[&str]| {
        let (code, stdout, stderr) = beispiel.diff_states(extra);
        assert_eq!(code, 0, "{stderr}");
        (
            stdout.lines().next().unwrap_or_default().to_owned(),
            stdout.lines().nth(1).unwrap_or_default().to_owned(),
        )
    };
    let all_edits = "Änderungen in 1 AG: 2 Ziele umpriorisiert, 1 Maßnahme neu, 1 Maßnahme \
                     entfallen, 3 Maßnahmen geändert.";
    // By Vorlage number: the last state of that Vorlage.
    let (first_line, changes) = summary(&["--seit", "FB 50/1234/08"]);
    assert_eq!(
        first_line,
        "Vergleich mit dem Stand vom 14.10.2008, 09:30:00 (Vorlage FB 50/1234/08 vom 15.10.2008):"
    );
    assert_eq!(changes, all_edits);
    let (first_line, changes) = summary(&["--seit", "FB 50/1234/08-1"]);
    assert!(
        first_line.contains("(Vorlage FB 50/1234/08-1 vom 15.10.2008)"),
        "{first_line}"
    );
    // The newest state of the number is the project now.
    assert_eq!(changes, "Keine Änderungen an Zielen und Maßnahmen.");
    // By date: the state at the end of that day.
    for date in ["14.10.2008", "2008-10-20"] {
        assert_eq!(summary(&["--seit", date]).1, all_edits, "{date}");
    }
    let (code, _, stderr) = beispiel.diff_states(&["--seit", "13.10.2008"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("Bis zum 13.10.2008 wurde kein Stand des Konzepts gesichert; der älteste ist vom 14.10.2008, 09:30:00."),
        "{stderr}"
    );
    let (code, _, stderr) = beispiel.diff_states(&["--seit", "FB 99/1/08"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("gesichert sind Stände zu: FB 50/1234/08, FB 50/1234/08-1"),
        "{stderr}"
    );
    // Without --seit: the newest state that differs from the project now.
    let (first_line, changes) = summary(&[]);
    assert!(
        first_line.contains("(Vorlage FB 50/1234/08-1 vom 15.10.2008)"),
        "{first_line}"
    );
    assert_eq!(changes, all_edits);
}

#[test]
fn without_states_or_with_conflicting_arguments_diff_says_what_to_do() {
    let beispiel = Beispiel::new();
    let (code, stdout, stderr) = beispiel.diff_states(&[]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    // „Für dieses Projekt ist noch kein Stand des Konzepts gesichert. …“
    insta::assert_snapshot!("no_states", beispiel.redact(&stderr));
    let (code, stdout, _) = beispiel.diff_states(&["--liste"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("Für dieses Projekt ist noch kein Stand"),
        "{stdout}"
    );
    let (code, _, stderr) = beispiel.diff(&beispiel.old(), &["--seit", "15.10.2008"]);
    assert_eq!(code, 2);
    // „Fehler: Eine frühere konzept.json und --seit …“, the usage, where to find help.
    insta::assert_snapshot!("old_and_since", beispiel.redact(&stderr));
    let (code, _, stderr) = beispiel.diff_states(&["--liste", "--seit", "15.10.2008"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("Fehler: --liste und --seit"), "{stderr}");
    // The library says the same.
    let options = DiffOptions {
        project: Some(beispiel.input()),
        ..DiffOptions::default()
    };
    let error = diff_command::run(&options, &Limits::default()).unwrap_err();
    assert!(
        diff_command::error_text(&error).starts_with("Für dieses Projekt ist noch kein Stand"),
        "{error:?}"
    );
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

#[test]
fn a_damaged_state_is_passed_over_with_a_warning() {
    let beispiel = Beispiel::new();
    beispiel.build();
    beispiel.edit_ag4();
    beispiel.build();
    let folder = beispiel.input().join(".ratsvorlage/staende");
    let (first, _) = beispiel.states().remove(0);
    std::fs::write(folder.join(&first), b"{kaputt").unwrap();
    let (code, stdout, stderr) = beispiel.diff_states(&[]);
    assert_eq!(code, 0, "{stderr}");
    // The damaged state is named; the only other one is the project now.
    assert!(
        stdout.starts_with(&format!(
            "Warnung: {}: Der gesicherte Stand ist keine lesbare konzept.json",
            folder.join(&first).display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("Kein gesicherter Stand unterscheidet sich vom jetzigen Konzept"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(folder.join(&first)).unwrap(),
        b"{kaputt",
        "left as it was"
    );
}

#[test]
fn a_state_that_cannot_be_kept_is_a_note_and_fails_no_build() {
    let beispiel = Beispiel::new();
    // A file where the folder of the states would go.
    std::fs::write(beispiel.input().join(".ratsvorlage"), b"kein Ordner").unwrap();
    let stdout = beispiel.build();
    assert!(
        stdout.contains(&format!(
            "Hinweis: Der Stand des Konzepts kann nicht in {} gesichert werden: ein Teil des \
             Pfades ist kein Ordner. Die Ausgabe ist vollständig;",
            beispiel.input().join(".ratsvorlage/staende").display()
        )),
        "{stdout}"
    );
    assert!(!stdout.contains("Stand des Konzepts gesichert"), "{stdout}");
    assert!(beispiel.out().join("konzept.json").exists());
    let (code, stdout, stderr) = crate::support::finish(
        crate::support::build_command(&beispiel.input(), &beispiel.out()).arg("--json"),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        json["hinweise"][0]
            .as_str()
            .is_some_and(|note| note.starts_with("Der Stand des Konzepts kann nicht")),
        "{json}"
    );
    assert_eq!(json["stand"], serde_json::Value::Null);
}
