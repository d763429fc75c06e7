//! `ratsvorlage rueckmeldung`: the letter to each AG of a broken copy of the example names
//! every problem in that AG's files with its place and none of another AG's, never a
//! participant's name; a clean AG gets the confirmation; the e-mail text says the same; every
//! PDF passes the validator; a project template replaces the built-in one; exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::Workbook;

use crate::support::{TestDir, assert_pdf_conforms, cp1252, finish, pdf_text, squeezed};
use ratsvorlage::limits::Limits;
use ratsvorlage::project::{self, Project};

/// A value in the priority cell of AG 2's third goal, full of Typst markup characters.
const MARKUP_PRIORITY: &str = "#prio $1 *hoch* <x> @y [z] \\ // _a_";
/// A goal text of AG 2 with markup characters; it is taken over and listed.
const MARKUP_GOAL: &str = "Deutsch #lernen für $alle *sofort* <jetzt> @Stadt";
/// The participant of the new attendance list of AG 4, in a row with an error and a warning.
const PARTICIPANT: &str = "Zacharias Quellenberg";
/// AG 4's contact in konzept.toml.
const CONTACT: &str = "Frau Muster, muster@example.org";
/// The day the letters are dated with (`SOURCE_DATE_EPOCH`): 6.10.2008.
const EPOCH: &str = "1223251200";

/// The example project, broken in three AGs' files in different ways:
/// - AG 2 (AS): its workbook replaced by one with a priority that is no number (markup in
///   it) and a measure naming a goal that does not exist;
/// - AG 3 (FKR): its ODS file damaged, so nothing of it is read;
/// - AG 4 (PR): a measure naming goal PR-9 and a control character in a goal (CSV), and an
///   attendance list of its own with a session that is no session and an unmapped Bereich.
///
/// AG 1 (SB) stays as it was. konzept.toml gives AG 4 a contact and allows names to be
/// published — a letter shows none all the same.
struct Broken {
    dir: TestDir,
}

impl Broken {
    fn new() -> Self {
        let dir = TestDir::new();
        dir.example("input");
        let broken = Self { dir };
        broken.edit(
            "konzept.toml",
            "{ name = \"Politik und Recht\", kurz = \"PR\" }",
            &format!("{{ name = \"Politik und Recht\", kurz = \"PR\", kontakt = \"{CONTACT}\" }}"),
        );
        broken.edit(
            "konzept.toml",
            "namen_veroeffentlichen = false",
            "namen_veroeffentlichen = true",
        );
        broken
            .dir
            .write("input/ag/AG 2 Arbeit und Soziales.xlsx", ag2_workbook());
        broken.dir.write(
            "input/ag/ag-3_freizeit-kultur-religion.ods",
            b"PK\x03\x04 abgeschnitten",
        );
        broken.edit_cp1252("ag/ag-4_massnahmen.csv", "PR-1;PR-1.2;", "PR-9;PR-1.2;");
        broken.edit_cp1252(
            "ag/ag-4_ziele.csv",
            "Diskriminierung wird erkannt",
            "Diskriminierung wird\u{7} erkannt",
        );
        broken.dir.write(
            "input/teilnehmende/anwesenheit-ag4.csv",
            format!(
                "Name;Organisation;Bereich;AG;Sitzung\n\
                 {PARTICIPANT};Sternwarte e. V.;Sternwarte;PR;erste\n"
            ),
        );
        broken
    }

    fn input(&self) -> PathBuf {
        self.dir.path().join("input")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("briefe")
    }

    /// Replaces text in a UTF-8 file of the project.
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.input().join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Replaces text in a Windows-1252 CSV file of the project.
    fn edit_cp1252(&self, relative: &str, from: &str, to: &str) {
        let path = self.input().join(relative);
        let bytes = std::fs::read(&path).unwrap();
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        std::fs::write(&path, cp1252(&text.replacen(from, to, 1))).unwrap();
    }

    /// Runs `ratsvorlage rueckmeldung INPUT extra…` with the letters' day fixed.
    fn run(&self, extra: &[&str]) -> (i32, String, String) {
        finish(
            Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
                .arg("rueckmeldung")
                .arg(self.input())
                .args(extra)
                .env("SOURCE_DATE_EPOCH", EPOCH),
        )
    }

    /// Runs `rueckmeldung --out briefe/` and expects success.
    fn letters(&self) -> PathBuf {
        let out = self.out();
        let (code, stdout, stderr) = self.run(&["--out", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        out
    }
}

/// AG 2's workbook: an `AG` sheet, goals (one with markup in its text, one with a priority
/// that is no number) and measures (one naming goal 9, which does not exist).
fn ag2_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let ag = workbook.add_worksheet().set_name("AG").unwrap();
    ag.write(0, 0, "Arbeitsgruppe").unwrap();
    ag.write(0, 1, "Arbeit und Soziales").unwrap();
    let ziele = workbook.add_worksheet().set_name("Ziele").unwrap();
    for (column, header) in ["Nr", "Ziel", "Priorität"].into_iter().enumerate() {
        ziele.write(0, column as u16, header).unwrap();
    }
    ziele.write(1, 0, 1).unwrap();
    ziele.write(1, 1, "Arbeit für alle").unwrap();
    ziele.write(1, 2, 1).unwrap();
    ziele.write(2, 0, 2).unwrap();
    ziele.write(2, 1, MARKUP_GOAL).unwrap();
    ziele.write(2, 2, 2).unwrap();
    ziele.write(3, 0, 3).unwrap();
    ziele.write(3, 1, "Ausbildung für Geflüchtete").unwrap();
    ziele.write(3, 2, MARKUP_PRIORITY).unwrap();
    let massnahmen = workbook.add_worksheet().set_name("Maßnahmen").unwrap();
    massnahmen.write(0, 0, "Ziel").unwrap();
    massnahmen.write(0, 1, "Maßnahme").unwrap();
    massnahmen.write(1, 0, 1).unwrap();
    massnahmen.write(1, 1, "Jobbörse im Rathaus").unwrap();
    massnahmen.write(2, 0, 9).unwrap();
    massnahmen.write(2, 1, "Sprachcafé").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// Which AG's letter a problem in this file belongs to (by short name); `None` for the
/// files of no AG. Every file with a problem must be listed here, so that the test covers
/// every problem.
fn expected_ag(file: &str) -> Option<&'static str> {
    match file {
        "ag/AG 2 Arbeit und Soziales.xlsx" => Some("AS"),
        "ag/ag-3_freizeit-kultur-religion.ods" => Some("FKR"),
        "ag/ag-4_massnahmen.csv" | "ag/ag-4_ziele.csv" | "teilnehmende/anwesenheit-ag4.csv" => {
            Some("PR")
        }
        // Shared by AG 3 and AG 4, and the configuration: in no letter.
        "teilnehmende/anwesenheit-ag3-ag4.csv" | "konzept.toml" => None,
        other => panic!("a problem in {other}, which the test does not expect"),
    }
}

/// One problem of `check --json`: place and message.
struct Reported {
    place: String,
    message: String,
}

impl Reported {
    fn file(&self) -> &str {
        self.place.split(" › ").next().unwrap_or(&self.place)
    }

    /// The beginning of the message (within its first sentence, which a letter shows as it
    /// is; the next may go under „Was zu tun ist“).
    fn opening(&self) -> String {
        let first = self.message.split(". ").next().unwrap_or(&self.message);
        first.chars().take(40).collect()
    }
}

/// Every error and warning of the project, as `check --json` reports them.
fn reported(input: &Path) -> Vec<Reported> {
    let (_, stdout, _) = finish(
        Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .args(["check", "--json"])
            .arg(input),
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    ["fehler", "warnungen"]
        .iter()
        .flat_map(|key| json[key].as_array().unwrap().clone())
        .map(|problem| Reported {
            place: problem["ort"].as_str().unwrap().to_owned(),
            message: problem["meldung"].as_str().unwrap().to_owned(),
        })
        .collect()
}

/// The letters of one AG in `out`: text of the PDF (whitespace collapsed), and the e-mail
/// text.
fn letter(out: &Path, short: &str) -> (String, String) {
    let stem = out.join(format!("Rueckmeldung-AG-{short}"));
    let pdf = stem.with_extension("pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert_pdf_conforms(&bytes, &format!("the Rueckmeldung of AG {short}"));
    let text = std::fs::read_to_string(stem.with_extension("txt")).unwrap();
    (pdf_text(&pdf), text)
}

const SHORTS: [&str; 4] = ["SB", "AS", "FKR", "PR"];

#[test]
fn each_letter_names_every_problem_of_its_ag_with_its_place_and_no_other_ag_s() {
    let broken = Broken::new();
    let out = broken.letters();
    let problems = reported(&broken.input());
    for short in ["AS", "FKR", "PR"] {
        assert!(
            problems
                .iter()
                .any(|p| expected_ag(p.file()) == Some(short)),
            "the fixture breaks AG {short}"
        );
    }
    for short in SHORTS {
        let (pdf, text) = letter(&out, short);
        let (pdf, collapsed) = (squeezed(&pdf), text.split_whitespace().collect::<Vec<_>>());
        let collapsed = collapsed.join(" ");
        for problem in &problems {
            let mine = expected_ag(problem.file()) == Some(short);
            let in_pdf = pdf.contains(&squeezed(&problem.place))
                && pdf.contains(&squeezed(&problem.opening()));
            let in_text = text.contains(&format!("Ort: {}\n", problem.place))
                && collapsed.contains(&problem.opening());
            assert_eq!(
                (in_pdf, in_text),
                (mine, mine),
                "AG {short}: {} — {}\n{text}",
                problem.place,
                problem.message
            );
            if !mine {
                assert!(
                    !pdf.contains(&squeezed(problem.file())) || problem.file() == "konzept.toml",
                    "AG {short} names {}",
                    problem.file()
                );
            }
        }
    }
    // The e-mail text says what the letter says, part for part and in the same order (its
    // head aside, which the PDF lays out in a grid, and the goals, which it lists in a table).
    let (pdf, text) = letter(&out, "AS");
    let pdf = squeezed(&pdf);
    let mut rest = pdf.as_str();
    let body = text.split_once("Liebe Mitglieder").unwrap().1;
    for line in body.lines() {
        let line = line.trim().trim_start_matches("- ");
        if line.is_empty() || line.starts_with("---") || line.starts_with("Ziel ") {
            continue;
        }
        let probe: String = squeezed(line).chars().take(40).collect();
        let found = rest
            .find(&probe)
            .unwrap_or_else(|| panic!("the PDF lacks, or has earlier, {line:?}\n{pdf}"));
        rest = &rest[found..];
    }
}

#[test]
fn the_letters_quote_cells_as_they_are_and_never_a_participant_s_name() {
    let broken = Broken::new();
    let out = broken.letters();
    let (as_pdf, as_text) = letter(&out, "AS");
    for quoted in [
        format!("Inhalt jetzt: „{MARKUP_PRIORITY}“"),
        "Inhalt jetzt: „9“".to_owned(),
    ] {
        assert!(as_text.contains(&quoted), "{quoted}\n{as_text}");
        assert!(as_pdf.contains(&quoted), "{quoted}\n{as_pdf}");
    }
    assert!(as_text.contains(&format!(
        "- Ziel 2 (Priorität 2): {MARKUP_GOAL} – noch keine"
    )));
    assert!(
        squeezed(&as_pdf).contains(&squeezed(MARKUP_GOAL)),
        "{as_pdf}"
    );

    // With names allowed to be published, the concept knows every participant by name.
    let import = project::ingest(
        &Project::locate(Some(&broken.input()), None),
        &Limits::default(),
    );
    let mut names: Vec<String> = import
        .konzept
        .unwrap()
        .beteiligung
        .persons
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert!(names.len() > 60, "{names:?}");
    names.push(PARTICIPANT.to_owned());
    for short in SHORTS {
        let (pdf, text) = letter(&out, short);
        for name in &names {
            assert!(!pdf.contains(name.as_str()), "AG {short} names {name}");
            assert!(!text.contains(name.as_str()), "AG {short} names {name}");
        }
    }
    let (pdf, text) = letter(&out, "PR");
    let withheld = "Inhalt jetzt: wird hier nicht wiedergegeben (Teilnehmerliste mit Namen)";
    assert!(
        text.contains(&format!(
            "Ort: teilnehmende/anwesenheit-ag4.csv › Zeile 2\n   {withheld}"
        )),
        "{text}"
    );
    assert!(pdf.contains(withheld), "{pdf}");
    assert!(text.contains(&format!("\n{CONTACT}\n")), "{text}");
    assert!(pdf.contains(CONTACT), "{pdf}");
}

#[test]
fn a_clean_ag_gets_the_confirmation_with_its_goals() {
    let broken = Broken::new();
    let out = broken.letters();
    let (pdf, text) = letter(&out, "SB");
    for part in [
        "Alles in Ordnung",
        "keine Fehler und nichts Unklares gefunden",
        "Übernommen haben wir 6 Ziele, 15 Maßnahmen, 7 Punkte der Ausgangslage und 3 Sitzungen.",
    ] {
        assert!(pdf.contains(part), "{part}\n{pdf}");
        assert!(text.replace('\u{a0}', " ").contains(part), "{part}\n{text}");
    }
    assert!(!pdf.contains("Was noch fehlt") && !text.contains("Was noch fehlt"));
    assert!(
        text.contains(
            "- Ziel 1 (Priorität 1): Alle Kinder verfügen bei der Einschulung über altersgerechte \
         Deutschkenntnisse. – 4 Maßnahmen"
        ),
        "{text}"
    );
    // A broken AG's letter has no confirmation; one whose file is unreadable says nothing
    // was taken over from it.
    let (fkr, _) = letter(&out, "FKR");
    assert!(!fkr.contains("Alles in Ordnung"));
    assert!(
        fkr.contains("Übernommen haben wir keine Ziele, keine Maßnahmen"),
        "{fkr}"
    );
}

#[test]
fn the_e_mail_text_of_a_broken_ag() {
    let broken = Broken::new();
    let out = broken.letters();
    let (_, text) = letter(&out, "PR");
    insta::assert_snapshot!("pr_text", text);
}

#[test]
fn the_command_writes_beside_the_project_and_says_what_it_wrote() {
    let broken = Broken::new();
    let (code, stdout, stderr) = broken.run(&[]);
    assert_eq!(code, 0, "a project with errors gets its letters: {stderr}");
    let folder = broken.dir.path().join("rueckmeldungen");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        SHORTS
            .iter()
            .flat_map(|s| ["pdf", "txt"].map(|e| format!("Rueckmeldung-AG-{s}.{e}")))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>(),
        "only the letters, no temporary files"
    );
    for line in [
        "AG Sprache und Bildung (SB): keine Fehler, keine Warnungen – Rueckmeldung-AG-SB.pdf, \
         Rueckmeldung-AG-SB.txt",
        "AG Arbeit und Soziales (AS): 2 Fehler, keine Warnungen",
        "AG Freizeit, Kultur und Religion (FKR): 1 Fehler, keine Warnungen",
        "AG Politik und Recht (PR): 2 Fehler, 2 Warnungen",
        "Nicht in den Rückmeldungen: keine Fehler und 4 Warnungen",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    let (code, stdout, _) = broken.run(&["--json", "--out", broken.out().to_str().unwrap()]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let pr = &json["rueckmeldungen"][3];
    assert_eq!(pr["kurz"], "PR");
    assert_eq!(pr["dateiname"], "Rueckmeldung-AG-PR");
    assert_eq!(pr["inhalt"]["ag"]["kontakt"], CONTACT);
    assert_eq!(pr["inhalt"]["fehler"].as_array().unwrap().len(), 2);
    assert_eq!(json["warnungen_ohne_ag"], 4);
}

#[test]
fn a_project_template_replaces_the_built_in_one() {
    let broken = Broken::new();
    broken.dir.write(
        "templates/rueckmeldung.typ",
        "#import \"/templates/stil.typ\": dokument\n\
         #let brief = json(\"/rueckmeldung.json\")\n\
         #show: dokument.with(titel: \"Eigene Rückmeldung\")\n\
         Eigene Vorlage für die AG #brief.ag.kurz mit #brief.fehler.len() Fehlern.\n",
    );
    let out = broken.letters();
    let (pdf, _) = letter(&out, "AS");
    assert_eq!(
        pdf,
        "Eigene Vorlage für die AG AS mit 2 Fehlern. Seite 1 von 1"
    );
}

#[test]
fn an_out_folder_in_the_project_a_broken_template_or_no_konzept_toml_write_nothing() {
    let broken = Broken::new();
    let (code, stdout, stderr) =
        broken.run(&["--out", broken.input().join("briefe").to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("liegt im Projektordner"), "{stderr}");
    assert!(!broken.input().join("briefe").exists());

    broken
        .dir
        .write("templates/rueckmeldung.typ", "#let x = (\n");
    let (code, _, stderr) = broken.run(&["--out", broken.out().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("templates/rueckmeldung.typ › Zeile"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Keine Rückmeldung geschrieben."),
        "{stderr}"
    );
    assert!(!broken.out().exists());

    std::fs::remove_file(broken.input().join("konzept.toml")).unwrap();
    let (code, _, stderr) = broken.run(&["--out", broken.out().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("Fehler: konzept.toml: konzept.toml kann nicht gelesen werden"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ohne lesbare konzept.toml mit Handlungsfeldern sind die AGs unbekannt")
    );
    assert!(!broken.out().exists());
}
