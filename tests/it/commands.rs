//! End-to-end: `new` (example and `--leer`), `vorlage-ag` filled in and checked, `import` of
//! mailed-in zip archives, and the output conventions (`--quiet`, `--json`, colours only on
//! a terminal without `NO_COLOR`, shell completions).

use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::support::{Fixture, TestDir, example, pdf_text, redact, zip};
use serde_json::Value;

/// Runs the binary with `args` (and `env`), returning exit code, stdout and stderr.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .args(args)
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .output()
        .expect("run ratsvorlage");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_env(args, &[])
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

// ---------------------------------------------------------------------------------------
// new

#[test]
fn new_writes_a_project_that_builds() {
    let temp = TestDir::new();
    let dir = temp.path().join("projekt");
    let (code, stdout, stderr) = run(&["new", s(&dir)]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("ratsvorlage build"), "{stdout}");
    assert!(dir.join("LIESMICH.md").is_file());
    assert!(dir.join("templates/anlage.typ").is_file());
    assert!(dir.join("templates/README.md").is_file());
    assert_eq!(
        std::fs::read(dir.join("input/ag/ag-4_ziele.csv")).unwrap(),
        std::fs::read(example().join("ag/ag-4_ziele.csv")).unwrap()
    );

    let (code, stdout, stderr) = run(&["build", s(&dir.join("input"))]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let vorlage = pdf_text(&dir.join("output/Beschlussvorlage.pdf"));
    assert!(vorlage.contains("Göttingen"), "{vorlage}");
    assert!(
        dir.join("output/Anlage-1-Integrationskonzept.pdf")
            .is_file()
    );

    // A folder that is not empty is refused and left alone.
    let (code, _, stderr) = run(&["new", s(&dir)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("ist nicht leer"), "{stderr}");
    assert!(dir.join("output/Beschlussvorlage.pdf").is_file());
}

#[test]
fn new_leer_gives_a_project_that_check_only_finds_empty() {
    let temp = TestDir::new();
    let dir = temp.path().join("leer");
    let (code, stdout, stderr) = run(&["new", "--leer", s(&dir)]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(dir.join("input/ag").is_dir() && dir.join("input/teilnehmende").is_dir());
    let toml = std::fs::read_to_string(dir.join("input/konzept.toml")).unwrap();
    assert!(toml.contains("# Drucksachennummer"), "{toml}");

    let (code, stdout, stderr) = run(&["check", s(&dir.join("input"))]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // The whole report: among others „Für die AG „Sprache und Bildung“ wurden keine Ziele
    // gefunden“ and „0 Fehler“.
    insta::assert_snapshot!(
        "new_leer_check",
        redact(&stdout, &[(temp.path(), "[TEMP]")])
    );
}

// ---------------------------------------------------------------------------------------
// vorlage-ag: generated, filled in by editing the sheet XML inside the xlsx, then read

/// The xlsx `bytes` with `rows` appended (from row 2) to the sheet called `sheet`, as
/// inline-string cells: what a person typing into the blank workbook produces, minus Excel.
fn fill(bytes: &[u8], sheet: &str, rows: &[&[&str]]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    archive
        .by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    let position = workbook
        .split("<sheet ")
        .skip(1)
        .position(|day| day.starts_with(&format!("name=\"{sheet}\"")))
        .unwrap_or_else(|| panic!("no sheet {sheet}: {workbook}"));
    let target = format!("xl/worksheets/sheet{}.xml", position + 1);
    let mut cells = String::new();
    for (r, row) in rows.iter().enumerate() {
        let r = r + 2;
        cells.push_str(&format!("<row r=\"{r}\">"));
        for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            let col = char::from(b'A' + u8::try_from(c).unwrap());
            let text = text.replace('&', "&amp;").replace('<', "&lt;");
            cells.push_str(&format!(
                "<c r=\"{col}{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
            ));
        }
        cells.push_str("</row>");
    }
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().expect("entry name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == target {
            let xml = String::from_utf8(content).unwrap();
            assert!(xml.contains("</sheetData>"), "{xml}");
            content = xml
                .replacen("</sheetData>", &format!("{cells}</sheetData>"), 1)
                .into_bytes();
        }
        entries.push((name, content));
    }
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, content)| (name.as_str(), content.as_slice()))
        .collect();
    zip(&entries)
}

/// The blank workbook of AG `ag`, written by the binary into `path`.
fn blank_workbook(path: &Path, ag: &str) -> Vec<u8> {
    let (code, stdout, stderr) = run(&["vorlage-ag", "--ag", ag, "-o", s(path)]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    std::fs::read(path).unwrap()
}

/// A filled-in workbook of AG Sprache und Bildung: two goals, three measures (the second
/// without its goal: fill-down), a situation item and a session.
fn filled_workbook(temp: &Path) -> Vec<u8> {
    let blank = blank_workbook(&temp.join("blank.xlsx"), "Sprache und Bildung");
    let bytes = fill(
        &blank,
        "Ziele",
        &[
            &["1", "Mehr Sprachkurse für Eltern", "2"],
            &["2", "Elternarbeit an Kitas", "1"],
        ],
    );
    let bytes = fill(
        &bytes,
        "Maßnahmen",
        &[
            &[
                "1",
                "1",
                "Kurse an Grundschulen",
                "VHS plant",
                "VHS; Schulamt",
                "kurzfristig",
                "Haushalt",
            ],
            &[
                "",
                "2",
                "Kinderbetreuung während der Kurse",
                "",
                "Kita-Träger",
                "mittelfristig",
                "12.500 €",
            ],
            &[
                "2",
                "1",
                "Elterncafé",
                "monatlich",
                "Familienzentrum",
                "laufend",
                "kostenneutral",
            ],
        ],
    );
    let bytes = fill(
        &bytes,
        "Ausgangslage",
        &[&["Defizit", "Zu wenige Kursplätze"]],
    );
    fill(
        &bytes,
        "Sitzungen",
        &[&["1", "04.03.2008", "Rathaus", "Auftakt"]],
    )
}

#[test]
fn vorlage_ag_filled_in_becomes_goals_and_measures() {
    let fixture = Fixture::new();
    let bytes = filled_workbook(fixture.root());
    std::fs::remove_file(fixture.root().join("blank.xlsx")).unwrap();
    fixture.write("ag/rueckmeldung.xlsx", &bytes);

    let (code, json) = fixture.check_json();
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["fehler"], Value::Array(vec![]), "{json:#}");
    assert_eq!(json["kennzahlen"]["ziele"], 2);
    assert_eq!(json["kennzahlen"]["massnahmen"], 3);
    let sheets: Vec<String> = json["dateien"][0]["blaetter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{} {}", b["blatt"], b["ergebnis"]))
        .collect();
    assert_eq!(
        sheets,
        [
            "\"Anleitung\" \"keine_tabelle\"",
            "\"AG\" \"ag_angaben\"",
            "\"Ziele\" {\"tabelle\":\"Ziele\"}",
            "\"Maßnahmen\" {\"tabelle\":\"Maßnahmen\"}",
            "\"Ausgangslage\" {\"tabelle\":\"Ausgangslage\"}",
            "\"Sitzungen\" {\"tabelle\":\"Sitzungen\"}",
            "\"Teilnehmende\" {\"tabelle\":\"Teilnehmende\"}",
        ]
    );

    let import = fixture.ingest();
    let konzept = import.konzept.expect("konzept");
    let sb = &konzept.arbeitsgruppen[0];
    assert_eq!(sb.name, "Sprache und Bildung");
    // Priority 1 first: "Elternarbeit an Kitas".
    assert_eq!(sb.ziele[0].text, "Elternarbeit an Kitas");
    let massnahmen: Vec<String> = sb
        .ziele
        .iter()
        .flat_map(|z| &z.massnahmen)
        .map(|m| {
            format!(
                "{} {} | {} | {} | {}",
                m.number,
                m.text,
                m.ansprechpartner.join(" + "),
                m.zeitrahmen.as_deref().unwrap_or("-"),
                m.finanzierung.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        massnahmen,
        [
            "2.1 Elterncafé | Familienzentrum | laufend | kostenneutral",
            "1.1 Kurse an Grundschulen | VHS + Schulamt | kurzfristig | Haushalt",
            "1.2 Kinderbetreuung während der Kurse | Kita-Träger | mittelfristig | 12.500 €",
        ]
    );
}

#[test]
fn vorlage_ag_sheets_have_frozen_headers_and_validation_lists() {
    let temp = TestDir::new();
    let bytes = blank_workbook(&temp.path().join("a.xlsx"), "Arbeit und Soziales");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let massnahmen = xml("xl/worksheets/sheet4.xml");
    assert!(massnahmen.contains("state=\"frozen\""), "{massnahmen}");
    assert!(
        massnahmen.contains("\"kurzfristig,mittelfristig,langfristig,laufend\""),
        "{massnahmen}"
    );
    assert!(
        massnahmen.contains("\"Haushalt,Drittmittel,kostenneutral\""),
        "{massnahmen}"
    );
    assert!(massnahmen.contains("<col "), "column widths: {massnahmen}");
    let ausgangslage = xml("xl/worksheets/sheet5.xml");
    assert!(
        ausgangslage.contains("\"Defizit,Potenzial,Angebot\""),
        "{ausgangslage}"
    );
    let strings = xml("xl/sharedStrings.xml");
    assert!(strings.contains("Arbeit und Soziales"), "{strings}");
    assert!(strings.contains("Ansprechpartner"), "{strings}");
}

// ---------------------------------------------------------------------------------------
// import

fn import_json(fixture: &Fixture, archive: &Path, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec!["import", s(archive), "--into", s(fixture.root()), "--json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code, json, stderr)
}

/// `(eintrag, ergebnis, ziel)` of every entry.
fn outcomes(json: &Value) -> Vec<(String, String, String)> {
    json["eintraege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
            (text(&e["eintrag"]), text(&e["ergebnis"]), text(&e["ziel"]))
        })
        .collect()
}

fn reasons(json: &Value, entry: &str) -> String {
    json["eintraege"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["eintrag"] == entry)
        .map(|e| e["gruende"].to_string())
        .unwrap_or_default()
}

#[test]
fn import_sorts_good_files_in_and_refuses_the_rest() {
    let fixture = Fixture::new();
    let temp = TestDir::new();
    let workbook = filled_workbook(temp.path());
    let list = "Name;Organisation;Bereich;AG;Sitzung\nAnna Meyer;VHS;Schule;SB;1\nOle Berg;Kita Nord;Kita;SB;1\n";
    let falsch = "AG;Ziel;Maßnahme\nSB;9;Etwas Neues\n";
    let archive = temp.path().join("Eingang AG SB.zip");
    std::fs::write(
        &archive,
        zip(&[
            ("Rueckmeldung/sb.xlsx", &workbook),
            ("Rueckmeldung/liste.csv", list.as_bytes()),
            ("kaputt.xlsx", &workbook[..300]),
            ("massnahmen-nachtrag.csv", falsch.as_bytes()),
            ("__MACOSX/Rueckmeldung/._sb.xlsx", b"\0\x05\x16\x07"),
        ]),
    )
    .unwrap();

    let (code, json, stderr) = import_json(&fixture, &archive, &[]);
    assert_eq!(code, 1, "an entry was refused: {json:#}");
    assert_eq!(
        json["anzahl"],
        serde_json::json!({"uebernommen": 2, "ersetzt": 0, "uebersprungen": 0, "abgelehnt": 2, "ignoriert": 1})
    );
    assert_eq!(stderr, "", "no progress bar when stderr is not a terminal");
    let z = "Eingang AG SB.zip › ";
    assert_eq!(
        outcomes(&json),
        [
            (
                format!("{z}Rueckmeldung/liste.csv"),
                "uebernommen".into(),
                "teilnehmende/liste.csv".into()
            ),
            (
                format!("{z}Rueckmeldung/sb.xlsx"),
                "uebernommen".into(),
                "ag/sb.xlsx".into()
            ),
            (format!("{z}__MACOSX/"), "ignoriert".into(), String::new()),
            (format!("{z}kaputt.xlsx"), "abgelehnt".into(), String::new()),
            (
                format!("{z}massnahmen-nachtrag.csv"),
                "abgelehnt".into(),
                "ag/massnahmen-nachtrag.csv".into()
            ),
        ]
    );
    assert!(
        reasons(&json, &format!("{z}kaputt.xlsx")).contains("kaputt.xlsx"),
        "{json:#}"
    );
    let nachtrag = reasons(&json, &format!("{z}massnahmen-nachtrag.csv"));
    assert!(
        nachtrag.contains("ag/massnahmen-nachtrag.csv › Zeile 2"),
        "{nachtrag}"
    );
    assert!(nachtrag.contains('9'), "{nachtrag}");
    assert_eq!(
        std::fs::read(fixture.root().join("ag/sb.xlsx")).unwrap(),
        workbook
    );
    assert!(!fixture.root().join("ag/kaputt.xlsx").exists());
    assert!(!fixture.root().join("ag/massnahmen-nachtrag.csv").exists());

    // The project with what was copied passes check.
    let (code, check) = fixture.check_json();
    assert_eq!(code, 0, "{check:#}");
    assert_eq!(check["kennzahlen"]["massnahmen"], 3);

    // The same archive again: the identical files are skipped.
    let (_, json, _) = import_json(&fixture, &archive, &[]);
    let skipped: Vec<String> = outcomes(&json)
        .into_iter()
        .filter(|(_, outcome, _)| outcome == "uebersprungen")
        .map(|(_, _, ziel)| ziel)
        .collect();
    assert_eq!(skipped, ["teilnehmende/liste.csv", "ag/sb.xlsx"]);
}

#[test]
fn import_replaces_a_different_file_only_with_force() {
    let fixture = Fixture::new();
    let temp = TestDir::new();
    let old = "AG;Ziel\nSB;Alte Fassung\n";
    let new = "AG;Ziel\nSB;Neue Fassung\nSB;Noch ein Ziel\n";
    fixture.text("ag/ziele.csv", old);
    let archive = temp.path().join("korrektur.zip");
    std::fs::write(&archive, zip(&[("ziele.csv", new.as_bytes())])).unwrap();

    let (code, json, _) = import_json(&fixture, &archive, &[]);
    assert_eq!(code, 1);
    assert_eq!(outcomes(&json)[0].1, "abgelehnt");
    assert!(
        reasons(&json, "korrektur.zip › ziele.csv").contains("--force"),
        "{json:#}"
    );
    assert_eq!(
        std::fs::read_to_string(fixture.root().join("ag/ziele.csv")).unwrap(),
        old
    );

    let (code, json, _) = import_json(&fixture, &archive, &["--force"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(outcomes(&json)[0].1, "ersetzt");
    assert_eq!(
        std::fs::read_to_string(fixture.root().join("ag/ziele.csv")).unwrap(),
        new
    );

    // Once more, quietly: identical now, so nothing to say.
    let (code, stdout, stderr) = run(&["-q", "import", s(&archive), "--into", s(fixture.root())]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
}

#[test]
fn import_text_names_each_entry_and_sums_up() {
    let fixture = Fixture::new();
    let temp = TestDir::new();
    let archive = temp.path().join("a.zip");
    std::fs::write(
        &archive,
        zip(&[
            ("ag-2.csv", b"Nr;Ziel\n1;Arbeit finden\n"),
            ("leer.csv", b"x;y\n1;2\n"),
        ]),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["import", s(&archive), "--into", s(fixture.root())]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let folders = [(temp.path(), "[ARCHIVE]"), (fixture.root(), "[PROJECT]")];
    // „Übernommen: a.zip › ag-2.csv → ag/ag-2.csv“, „Abgelehnt: a.zip › leer.csv“ with its
    // reason, the sum „1 übernommen, 0 ersetzt, …“.
    insta::assert_snapshot!("import_text", redact(&stdout, &folders));

    // --quiet: only the refused entry, on stderr.
    let (code, stdout, stderr) = run(&[
        "--quiet",
        "import",
        s(&archive),
        "--into",
        s(fixture.root()),
    ]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(!stderr.contains("ag-2.csv"), "{stderr}");
    insta::assert_snapshot!("import_text_quiet", redact(&stderr, &folders));
}

// ---------------------------------------------------------------------------------------
// output conventions

#[test]
fn completions_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, stdout, stderr) = run(&["completions", shell]);
        assert_eq!(code, 0, "{stderr}");
        for command in ["build", "check", "import", "vorlage-ag", "new"] {
            assert!(stdout.contains(command), "{shell}: {command}");
        }
    }
    let (code, _, _) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
}

#[test]
fn help_is_german() {
    let (code, stdout, stderr) = run(&["--help"]);
    assert_eq!(code, 0, "{stderr}");
    // „Aufruf: ratsvorlage [OPTIONEN] <BEFEHL>“, „Befehle:“, „Optionen:“, „-q, --quiet  Nur
    // Fehler ausgeben“, …
    insta::assert_snapshot!("help", stdout);
    let help = stdout;
    let (code, stdout, _) = run(&["build", "--help"]);
    assert_eq!(code, 0);
    // „Aufruf: ratsvorlage build [OPTIONEN] [PROJEKT]“, „Argumente:“, „--out <ORDNER>“, …
    insta::assert_snapshot!("build_help", stdout);
    for english in [
        "Usage",
        "Options",
        "Arguments",
        "Commands",
        "Print",
        "default",
    ] {
        assert!(!stdout.contains(english), "{english:?} in:\n{stdout}");
        assert!(!help.contains(english), "{english:?} in:\n{help}");
    }
}

#[test]
fn output_into_a_closed_pipe_is_no_error() {
    let check = format!("check --json '{}'", s(&example()));
    for args in ["--help", "completions bash", &check] {
        // `true` has ended long before ratsvorlage writes, so the write meets a closed pipe.
        let script = format!(
            "(sleep 0.3; exec '{}' {args}) | true",
            env!("CARGO_BIN_EXE_ratsvorlage"),
        );
        let output = Command::new("sh")
            .args(["-c", &script])
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args}");
    }
}

#[test]
fn a_wrong_command_line_is_explained_in_german_with_exit_code_2() {
    // Each case: what is wrong in German („„biuld“ ist kein Befehl von ratsvorlage. Meinten
    // Sie „build“?“), the usage line of the command, the pointer to --help; nothing more.
    let cases: [&[&str]; 6] = [
        &["biuld"],
        &["check", "--jsno"],
        &["import"],
        &["build", "--out"],
        &["completions", "tcsh"],
        &[],
    ];
    let mut transcript = String::new();
    for args in cases {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        transcript.push_str(&format!("$ ratsvorlage {}\n{stderr}\n", args.join(" ")));
    }
    insta::assert_snapshot!("wrong_command_lines", transcript);
}

#[test]
fn quiet_build_prints_nothing_and_json_build_parses() {
    let temp = TestDir::new();
    let out = temp.path().join("out");
    // A copy: a build keeps the state of the concept in the project, and the repository's
    // example stays as committed.
    let project = temp.example("input");
    let (code, stdout, stderr) = run(&["--quiet", "build", s(&project), "--out", s(&out)]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    assert!(out.join("konzept.json").is_file());
    let (code, stdout, stderr) = run(&["check", "-q", s(&example())]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let (code, stdout, stderr) = run(&["check", "-q", s(with_an_error().root())]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.starts_with("Fehler: ag/ag-1.csv › Zeile 2"),
        "{stderr}"
    );

    let (code, stdout, stderr) = run(&["build", s(&project), "--out", s(&out), "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["ok"], true);
    let files: Vec<(&str, &Value)> = json["dateien"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap(), &d["seiten"]))
        .collect();
    assert_eq!(files[0], ("Beschlussvorlage.pdf", &Value::from(2)));
    assert_eq!(files[2].0, "konzept.json");
    assert_eq!(json["kennzahlen"]["arbeitsgruppen"], 4);

    // A failed build: JSON with the errors, exit 1.
    let fixture = with_an_error();
    let (code, stdout, _) = run(&[
        "build",
        s(fixture.root()),
        "--out",
        s(&temp.path().join("o2")),
        "--json",
    ]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert!(
        json["fehler"][0]["ort"]
            .as_str()
            .unwrap()
            .starts_with("ag/ag-1.csv"),
        "{json:#}"
    );
}

/// A project with one error (a priority that is no number).
fn with_an_error() -> Fixture {
    let fixture = Fixture::new();
    fixture.text("ag/ag-1.csv", "Ziel;Priorität\nLesen;hoch\n");
    fixture
}

#[test]
fn no_escape_codes_off_a_terminal() {
    let fixture = with_an_error();
    let (code, stdout, stderr) = fixture.run(&["check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("Fehler"), "{stdout}");
    assert!(!stdout.contains('\x1b') && !stderr.contains('\x1b'));
}

/// Runs `args` under a pseudo-terminal (util-linux `script`), returning what it printed.
fn on_terminal(args: &str, no_color: Option<&str>) -> String {
    let mut command = Command::new("script");
    command
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_ratsvorlage")),
            "/dev/null",
        ])
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("util-linux `script` is needed for the terminal test ({e})"));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn colours_on_a_terminal_unless_no_color() {
    let fixture = with_an_error();
    let args = format!("check '{}'", s(fixture.root()));
    let farbig = on_terminal(&args, None);
    assert!(farbig.contains("\x1b[31mFehler\x1b[0m"), "{farbig}");
    let empty = on_terminal(&args, Some(""));
    assert!(
        empty.contains("\x1b[31mFehler"),
        "an empty NO_COLOR does not count: {empty}"
    );
    let schlicht = on_terminal(&args, Some("1"));
    assert!(
        schlicht.contains("Fehler") && !schlicht.contains('\x1b'),
        "{schlicht}"
    );
}

#[test]
fn build_on_a_terminal_shows_each_stage_and_quiet_shows_none() {
    let temp = TestDir::new();
    let out = temp.path().join("out");
    let project = temp.example("input");
    let args = format!("build '{}' --out '{}'", s(&project), s(&out));
    let terminal = on_terminal(&args, Some("1"));
    for stufe in [
        "0/3 Tabellen einlesen und prüfen",
        "1/3 Beschlussvorlage und Anlage setzen",
    ] {
        assert!(
            terminal.contains(stufe),
            "{stufe:?} missing in:\n{terminal}"
        );
    }
    assert!(terminal.contains("Beschlussvorlage.pdf"), "{terminal}");
    let still = on_terminal(&format!("--quiet {args}"), Some("1"));
    assert!(still.trim().is_empty(), "{still:?}");
}

#[test]
fn import_checks_the_entries_of_one_run_together() {
    let fixture = Fixture::new();
    let temp = TestDir::new();
    let archive = temp.path().join("ag1.zip");
    // The measures file comes first and refers to a goal of the goals file.
    let massnahmen = "Ziel;Maßnahme\n1;Kurse ausbauen\n2;Gibt es nicht\n";
    let massnahmen_gut = "Ziel;Maßnahme\n1;Kurse ausbauen\n";
    std::fs::write(
        &archive,
        zip(&[
            ("ag-1_a_massnahmen.csv", massnahmen_gut.as_bytes()),
            ("ag-1_b_falsch.csv", massnahmen.as_bytes()),
            ("ag-1_c_ziele.csv", b"Nr;Ziel\n1;Sprache foerdern\n"),
        ]),
    )
    .unwrap();
    let (code, json, _) = import_json(&fixture, &archive, &[]);
    assert_eq!(code, 1, "{json:#}");
    let ergebnisse: Vec<String> = outcomes(&json).into_iter().map(|(_, e, _)| e).collect();
    assert_eq!(ergebnisse, ["uebernommen", "abgelehnt", "uebernommen"]);
    assert!(
        reasons(&json, "ag1.zip › ag-1_b_falsch.csv").contains("Zeile 3"),
        "{json:#}"
    );
    assert!(!fixture.root().join("ag/ag-1_b_falsch.csv").exists());
    let (code, check) = fixture.check_json();
    assert_eq!(
        (code, &check["kennzahlen"]["massnahmen"]),
        (0, &Value::from(1))
    );
}

// ---------------------------------------------------------------------------------------
// a library panic while reading

#[test]
fn a_reader_panic_is_one_german_error_and_nothing_else() {
    // The fuzz crasher (first byte: the format, 0 = xlsx) makes calamine overflow where
    // overflow checks are on, as in this test build; the reader reports the file as damaged.
    let crasher = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions/workbook/crash-440a6da69f3ded661064c5e28ff510204b6369e3");
    let bytes = std::fs::read(crasher).expect("crasher");
    let fixture = Fixture::new();
    fixture.write("ag/kaputt.xlsx", &bytes[1..]);
    let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .args(["check", "-q"])
        .arg(fixture.root())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run ratsvorlage");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("interner Fehler ("), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // „ag/kaputt.xlsx: Die Datei kann nicht gelesen werden: Sie ist vermutlich beschädigt …“
    // and nothing else.
    insta::assert_snapshot!(
        "reader_panic",
        redact(&stderr, &[(fixture.root(), "[PROJECT]")])
    );
}
