//! End-to-end: `ratsvorlage build` on the bundled Göttingen example writes both PDFs,
//! konzept.json and the package; the Beschlussvorlage states the seed's figures; no
//! participant name reaches any output; a failed build leaves `output/` as it was.

use crate::support::{TestDir, build, example, folder_contents, pdf_text, redact, squeezed};
use ratsvorlage::limits::Limits;
use ratsvorlage::report::IngestReport;
use ratsvorlage::tables::{Column, TableKind, Value};

const FILES: [&str; 4] = [
    "Beschlussvorlage.pdf",
    "Anlage-1-Integrationskonzept.pdf",
    "konzept.json",
    "FB-50-1234-08.zip",
];

#[test]
fn example_builds_every_file_with_the_seed_figures() {
    let out = TestDir::new();
    let (code, stdout, stderr) = build(&crate::support::example_copy().1, out.path());
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for file in FILES {
        assert!(
            out.path().join(file).is_file(),
            "{file} missing; stdout: {stdout}"
        );
        assert!(stdout.contains(file), "summary names {file}: {stdout}");
    }
    assert!(
        stdout.contains("Seiten"),
        "summary gives page counts: {stdout}"
    );
    let vorlage = pdf_text(&out.path().join(FILES[0]));
    for phrase in [
        "in dem Zeitraum von Februar bis September 2008",
        "Integrationskonferenzen vom 15.2.2008 und 12.9.2008",
        "zu denen nachfolgend vier Arbeitsgruppen eingesetzt wurden",
        "In jeweils drei Sitzungen haben diese Arbeitsgruppen",
        "extern moderiert vom imap Institut aus Leverkusen",
        "zusammen mit dem Büro für Integration erarbeitet",
        "zwei Fachdezernenten (Dez. B, Dez. C) sowie je eine Vertretung des Integrationsrates, des \
         Netzwerkes Migration, der politischen Fraktionen und der Universität mitgewirkt",
        "alle Vorschläge aus den 12 AG-Sitzungen und den beiden Integrationskonferenzen",
        "Vier Arbeitsgruppen haben zu folgenden Handlungsfeldern gearbeitet",
        "Sprache und Bildung",
        "Freizeit, Kultur und Religion",
        "regelmäßig durchschnittlich 17 Personen in jeder Arbeitsgruppe",
        "aus Migrantenselbstorganisationen, Kitas, Schulen, Bildungs- u. Beratungseinrichtungen, \
         Integrationsrat, Netzwerk Migration, Verwaltung, Kirchen, Politik u.a. interessierten \
         Einzelpersonen",
        "von der Haushaltslage der Stadt Göttingen abhängen",
        "FB 50/1234/08",
    ] {
        assert!(
            vorlage.contains(phrase),
            "Beschlussvorlage lacks «{phrase}»:\n{vorlage}"
        );
    }
}

#[test]
fn anlage_holds_every_goal_and_measure_of_the_example() {
    let out = TestDir::new();
    let (code, _, stderr) = build(&crate::support::example_copy().1, out.path());
    assert_eq!(code, 0, "{stderr}");
    let konzept: ratsvorlage::model::Konzept =
        serde_json::from_slice(&std::fs::read(out.path().join("konzept.json")).expect("json"))
            .expect("model");
    let anlage = squeezed(&pdf_text(&out.path().join(FILES[1])));
    let mut count = 0;
    for ag in &konzept.arbeitsgruppen {
        for ziel in &ag.ziele {
            assert!(
                anlage.contains(&squeezed(&ziel.text)),
                "goal missing: {}",
                ziel.text
            );
            for massnahme in &ziel.massnahmen {
                assert!(
                    anlage.contains(&squeezed(&massnahme.text)),
                    "measure missing: {}",
                    massnahme.text
                );
                count += 1;
            }
        }
    }
    assert_eq!(count, konzept.kennzahlen.massnahmen as usize);
}

/// Every participant name in the example's attendance lists.
fn participant_names() -> Vec<String> {
    let mut report = IngestReport::default();
    let limits = Limits::default();
    let sources = ratsvorlage::sources::collect(&example(), &limits, &mut report);
    let tables = ratsvorlage::tables::read(&sources, &limits, 2008, &mut report);
    let mut names = Vec::new();
    for tabelle in tables
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Teilnehmende)
    {
        for row in &tabelle.rows {
            for column in [Column::Name, Column::LastName] {
                if let Some(Value::Text(name)) = row.get(column).map(|z| &z.value) {
                    names.push(name.clone());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn no_participant_name_reaches_any_output() {
    let names = participant_names();
    assert!(
        names.len() > 20,
        "the example lists people by name: {names:?}"
    );
    let out = TestDir::new();
    let (code, _, stderr) = build(&crate::support::example_copy().1, out.path());
    assert_eq!(code, 0, "{stderr}");
    let mut texts = vec![
        pdf_text(&out.path().join(FILES[0])),
        pdf_text(&out.path().join(FILES[1])),
        std::fs::read_to_string(out.path().join("konzept.json")).expect("json"),
    ];
    let zip = std::fs::File::open(out.path().join(FILES[3])).expect("zip");
    let mut archive = zip::ZipArchive::new(zip).expect("zip archive");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read entry");
        let name = entry.name().expect("entry name").into_owned();
        if name.ends_with(".json") {
            texts.push(String::from_utf8(bytes).expect("utf-8"));
        } else {
            assert_eq!(
                bytes,
                std::fs::read(out.path().join(&name)).expect("pdf"),
                "{name} in the package is the PDF"
            );
        }
    }
    for name in &names {
        for text in &texts {
            assert!(
                !text.contains(name.as_str()),
                "participant name «{name}» found in an output"
            );
        }
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let (a, b) = (TestDir::new(), TestDir::new());
    assert_eq!(build(&crate::support::example_copy().1, a.path()).0, 0);
    assert_eq!(build(&crate::support::example_copy().1, b.path()).0, 0);
    let (first, second) = (folder_contents(a.path()), folder_contents(b.path()));
    for file in FILES {
        assert!(
            first[file] == second[file],
            "{file} differs between two builds"
        );
    }
}

#[test]
fn a_failed_build_leaves_the_output_as_it_was() {
    let work = TestDir::new();
    let project = work.example("input");
    let out = work.path().join("output");
    assert_eq!(build(&project, &out).0, 0);
    let before = folder_contents(&out);

    // A broken template next to the project.
    std::fs::create_dir_all(work.path().join("templates")).expect("mkdir");
    std::fs::write(
        work.path().join("templates/beschlussvorlage.typ"),
        "#let x = (\n",
    )
    .expect("write");
    let (code, _, stderr) = build(&project, &out);
    assert_eq!(code, 1, "{stderr}");
    // „Fehler: templates/beschlussvorlage.typ › Zeile 1, Spalte 10: …“ with the source line,
    // Typst's words as the technical detail, …, „Ausgabeordner ist unverändert“.
    insta::assert_snapshot!(
        "broken_template",
        redact(&stderr, &[(work.path(), "[WORK]")])
    );
    assert_eq!(folder_contents(&out), before);
    std::fs::remove_dir_all(work.path().join("templates")).expect("rm");

    // Broken input: a measure naming a goal that does not exist.
    let csv = project.join("ag/ag-4_massnahmen.csv");
    let mut bytes = std::fs::read(&csv).expect("read");
    bytes.extend_from_slice(b"PR-99;PR-99.1;Neue Ma\xdfnahme ohne Ziel;;;;\r\n");
    std::fs::write(&csv, bytes).expect("write");
    let (code, _, stderr) = build(&project, &out);
    assert_eq!(code, 1, "{stderr}");
    // The error at „ag/ag-4_massnahmen.csv › Zeile …“.
    insta::assert_snapshot!(
        "measure_without_goal",
        redact(&stderr, &[(work.path(), "[WORK]")])
    );
    assert_eq!(folder_contents(&out), before);
}
