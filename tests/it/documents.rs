//! Stage 4 end to end: the fixtures typeset into real PDFs, read back with poppler's
//! `pdftotext` and checked with `qpdf`, for the facts of the seed, every goal and measure,
//! PDF/A-2a + PDF/UA-1, reproducibility, personal data, prose blocks and template errors.

use crate::support::{TestDir, squeezed};
use std::path::{Path, PathBuf};
use std::process::Command;

use ratsvorlage::documents::{Documents, TemplateError, TemplateSeverity, Typesetter};
use ratsvorlage::limits::Limits;
use ratsvorlage::model::Konzept;
use ratsvorlage::package::document_names;
use ratsvorlage::project::Project;

const GOETTINGEN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/konzept-goettingen.json"
));
const MUSTERSTADT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/konzept-musterstadt.json"
));

fn konzept(json: &str) -> Konzept {
    serde_json::from_str(json).expect("fixture deserialises into Konzept")
}

/// A fresh, empty project folder (input/ and, if wanted, templates/) for typesetting.
struct Fixture {
    dir: TestDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = TestDir::new();
        dir.mkdir("input");
        Self { dir }
    }

    fn input(&self) -> PathBuf {
        self.dir.join("input")
    }

    /// Writes a file relative to the fixture folder, creating its folders.
    fn write(&self, path: &str, text: &str) {
        self.dir.write(path, text);
    }

    fn project(&self) -> Project {
        Project::locate(Some(&self.input()), None)
    }

    fn typesetter(&self) -> Typesetter {
        Typesetter::new(&self.project(), &Limits::default()).expect("typesetter")
    }

    fn typeset(&self, konzept: &Konzept) -> Result<Documents, TemplateError> {
        self.typesetter()
            .typeset(konzept, &document_names(konzept))
            .map(|t| t.documents)
    }

    /// Writes a PDF into the fixture folder and returns its path.
    fn pdf(&self, name: &str, bytes: &[u8]) -> PathBuf {
        self.dir.write(name, bytes)
    }
}

/// Runs a poppler/qpdf tool; a missing tool fails with the install hint.
fn run(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "{tool} is needed for these tests ({err}): apt-get install -y poppler-utils qpdf"
            )
        })
}

fn pdftotext(path: &Path, mode: &str) -> String {
    let out = run("pdftotext", &[mode, path.to_str().unwrap(), "-"]);
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whitespace (line breaks, layout columns) collapsed to single spaces; hyphenation at line
/// ends (Typst writes a soft hyphen) undone.
fn flat(text: &str) -> String {
    let joined = text.replace("\u{ad}\n", "").replace('\u{ad}', "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text as Typst writes it into a PDF: `(ASCII)`, else UTF-16BE with a byte order mark in hex.
fn pdf_string(text: &str) -> String {
    if text.is_ascii() {
        format!("({text})")
    } else {
        let hex: String = text.encode_utf16().map(|u| format!("{u:04x}")).collect();
        format!("<feff{hex}>")
    }
}

/// The PDF with its objects uncompressed (qpdf's QDF form), as text.
fn uncompressed(fixture: &Fixture, name: &str, pdf: &[u8]) -> String {
    let path = fixture.pdf(name, pdf);
    let plain = fixture.dir.join(format!("qdf-{name}"));
    let out = run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            path.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "qpdf --qdf failed");
    String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned()
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "missing: «{needle}»\n--- in ---\n{haystack}"
    );
}

/// The paragraphs of the seed from "Beschlussvorschlag" to "Finanzielle Auswirkungen", with
/// the ⟦…⟧ marks removed and list items as the template sets them (`– item`); `None` when
/// the repository is not cloned beside `shared/` (as in CI), which holds the seed.
fn seed_paragraphs() -> Option<Vec<String>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/vorlage-goettingen-2008.md");
    let Ok(seed) = std::fs::read_to_string(&path) else {
        println!("übersprungen: die Vorlage fehlt unter {}", path.display());
        return None;
    };
    let body = seed
        .split("## Beschlussvorschlag")
        .nth(1)
        .unwrap()
        .split("## Anlagen")
        .next()
        .unwrap();
    let paragraphs = body
        .replace(['⟦', '⟧'], "")
        .split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty() && !block.starts_with('#'))
        .map(|block| {
            let lines: Vec<String> = block
                .lines()
                .map(|line| {
                    line.strip_prefix("- ")
                        .map_or(line.to_owned(), |item| format!("– {item}"))
                })
                .collect();
            flat(&lines.join("\n"))
        })
        .collect();
    Some(paragraphs)
}

#[test]
fn beschlussvorlage_states_every_paragraph_of_the_seed() {
    let Some(paragraphs) = seed_paragraphs() else {
        return;
    };
    let fixture = Fixture::new();
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    let text = flat(&pdftotext(
        &fixture.pdf("v.pdf", &docs.beschlussvorlage.pdf),
        "-layout",
    ));
    assert_eq!(paragraphs.len(), 13, "{paragraphs:#?}");
    for paragraph in &paragraphs {
        assert_contains(&text, paragraph);
    }
}

#[test]
fn beschlussvorlage_head_and_figures_come_from_the_data() {
    let fixture = Fixture::new();
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    let vorlage = &docs.beschlussvorlage;
    let text = flat(&pdftotext(&fixture.pdf("v.pdf", &vorlage.pdf), "-layout"));
    for fact in [
        "Stadt Göttingen",
        "Beschlussvorlage Vorlage-Nr.: FB 50/1234/08 Datum: 15.10.2008",
        "Federführend: Büro für Integration Dezernat: Dezernat C",
        "Beratungsfolge Gremium Datum Rolle Integrationsrat 28.10.2008 Vorberatung \
         Ausschuss für Soziales und Gesundheit 4.11.2008 Vorberatung \
         Rat der Stadt Göttingen 14.11.2008 Entscheidung",
        "Betreff: Kommunales Integrationskonzept der Stadt Göttingen",
        "zur Organisation Das Integrationskonzept wurde in dem Zeitraum von Februar bis September 2008",
        "Inhalte und Schlussfolgerungen Das kommunale Integrationskonzept bündelt",
        "Finanzielle Auswirkungen Die Umsetzung einzelner Maßnahmen erfolgt im Rahmen bestehender Budgets.",
        "Anlagen Anlage 1: Integrationskonzept",
        "Vorlage FB 50/1234/08 Seite 1 von 2",
        "Vorlage FB 50/1234/08 Seite 2 von 2",
    ] {
        assert_contains(&text, fact);
    }
    assert_eq!(vorlage.file_name, "Beschlussvorlage.pdf");
    assert_eq!(
        vorlage.title,
        "Kommunales Integrationskonzept der Stadt Göttingen"
    );
    assert_eq!(vorlage.pages, 2);
    assert_eq!(docs.anlage.file_name, "Anlage-1-Integrationskonzept.pdf");
    assert_eq!(
        docs.anlage.title,
        "Kommunales Integrationskonzept der Stadt Göttingen"
    );
}

#[test]
fn differing_sessions_years_and_conferences_are_written_out() {
    let fixture = Fixture::new();
    let docs = fixture.typeset(&konzept(MUSTERSTADT)).unwrap();
    let text = flat(&pdftotext(
        &fixture.pdf("v.pdf", &docs.beschlussvorlage.pdf),
        "-layout",
    ));
    for fact in [
        "Das Integrationskonzept Musterstadt wurde in dem Zeitraum von Oktober 2007 bis März 2008 im Rahmen",
        "Integrationskonferenzen vom 20.10.2007 und 8.3.2008.",
        "zu denen nachfolgend drei Arbeitsgruppen eingesetzt wurden.",
        "In jeweils zwei bis drei Sitzungen haben diese Arbeitsgruppen Ziele definiert",
        "extern moderiert vom Moderationsbüro Beispiel. Das Institut hat den Prozess bis zum Abschluss der dritten Integrationskonferenz",
        "Hier hat je eine Vertretung dieser Stellen mitgewirkt: Seniorenbeirat, Jugendparlament und Volkshochschule.",
        "Dem Amt obliegt auch der weitere Umsetzungsprozess.",
        "aus den 8 AG-Sitzungen und den drei Integrationskonferenzen",
        "Drei Arbeitsgruppen haben zu folgenden Handlungsfeldern gearbeitet: – Wohnen und Nachbarschaft – Gesundheit – Bildung.",
        "durchschnittlich 11 Personen in jeder Arbeitsgruppe",
        "Die Teilnehmenden haben sich aus Vereine, Verwaltung u.a. interessierten Einzelpersonen zusammengesetzt.",
        "Der Rat beschließt das Integrationskonzept. Die Verwaltung berichtet jährlich über die Umsetzung.",
    ] {
        assert_contains(&text, fact);
    }
    assert!(
        !text.contains("Kirchen"),
        "a category without people is not named"
    );
    assert!(
        !text.contains("Dezernat:"),
        "no Dezernat line without a Dezernat"
    );
    assert_eq!(
        docs.anlage.file_name,
        "Anlage-1-Integrationskonzept-Musterstadt.pdf"
    );
}

#[test]
fn anlage_holds_every_goal_and_measure_and_the_figures() {
    let fixture = Fixture::new();
    let konzept = konzept(GOETTINGEN);
    let docs = fixture.typeset(&konzept).unwrap();
    let path = fixture.pdf("a.pdf", &docs.anlage.pdf);
    let raw = squeezed(&pdftotext(&path, "-raw"));
    let inner = squeezed(&docs.anlage.text);
    for ag in &konzept.arbeitsgruppen {
        assert_contains(&raw, &squeezed(&format!("Handlungsfeld {}", ag.name)));
        for ziel in &ag.ziele {
            assert_contains(
                &raw,
                &squeezed(&format!("Ziel {}: {}", ziel.number, ziel.text)),
            );
            for massnahme in &ziel.massnahmen {
                assert_contains(&raw, &squeezed(&massnahme.text));
                assert_contains(&inner, &squeezed(&massnahme.text));
                for ap in &massnahme.ansprechpartner {
                    assert_contains(&raw, &squeezed(ap));
                }
            }
        }
        for punkt in &ag.ausgangslage {
            assert_contains(&raw, &squeezed(&punkt.text));
        }
    }
    let text = flat(&pdftotext(&path, "-layout"));
    for fact in [
        "Anlage 1 zur Beschlussvorlage FB 50/1234/08",
        "Inhalt",
        "in dem Zeitraum von Februar bis September 2008",
        "In jeweils drei Sitzungen haben diese Arbeitsgruppen",
        "Leitziele 1. Chancengleichheit in Bildung, Ausbildung und Beruf herstellen",
        "Querschnittsaufgaben – Gleichstellung von Frauen und Männern",
        "Teilnehmende Personen 63",
        "Durchschnittlich anwesend je Sitzung 17",
        "Migrantenselbstorganisationen 14 22 %",
        "Deutsch-Türkischer Kulturverein Migrantenselbstorganisationen",
        "Büro für Integration SB 1.2, SB 2.2, SB 3.1, FKR 1.2, PR 1.2",
        "Summe 9 14",
    ] {
        assert_contains(&text, fact);
    }
    assert_eq!(
        docs.anlage.pages,
        docs.anlage.text.matches('\u{c}').count() + 1
    );
}

#[test]
fn markup_characters_in_data_stay_literal() {
    let fixture = Fixture::new();
    let konzept = konzept(GOETTINGEN);
    let measure = &konzept.arbeitsgruppen[0].ziele[1].massnahmen[1].text;
    for sign in ["#", "$", "*", "_", "<", ">", "@", "[", "]", "\\", "//"] {
        assert!(measure.contains(sign), "fixture must hold {sign}");
    }
    let docs = fixture.typeset(&konzept).unwrap();
    let raw = squeezed(&pdftotext(&fixture.pdf("a.pdf", &docs.anlage.pdf), "-raw"));
    assert_contains(&raw, &squeezed(measure));
    assert_contains(
        &raw,
        "#Name,$Betrag,*Pflichtfeld*,_Datum_,<Schule>,@Klasse,[Anlage],C:\\Elternbriefeund//intranet",
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let fixture = Fixture::new();
    let konzept = konzept(GOETTINGEN);
    let mut typesetter = fixture.typesetter();
    let first = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap()
        .documents;
    let again = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap()
        .documents;
    let fresh = fixture.typeset(&konzept).unwrap();
    assert!(
        first.beschlussvorlage.pdf == again.beschlussvorlage.pdf,
        "warm rebuild differs"
    );
    assert!(first.anlage.pdf == again.anlage.pdf, "warm rebuild differs");
    assert!(
        first.beschlussvorlage.pdf == fresh.beschlussvorlage.pdf,
        "new typesetter differs"
    );
    assert!(
        first.anlage.pdf == fresh.anlage.pdf,
        "new typesetter differs"
    );
    assert_eq!(first, fresh);
}

#[test]
fn a_changed_concept_is_typeset_with_the_warm_typesetter() {
    let fixture = Fixture::new();
    let mut typesetter = fixture.typesetter();
    let mut konzept = konzept(GOETTINGEN);
    typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap();
    konzept.arbeitsgruppen[1].ziele[0].massnahmen[0].text =
        "Neue Maßnahme nach der Abschlusskonferenz".into();
    konzept.vorlage.number = "FB 50/9999/08".into();
    let docs = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap()
        .documents;
    let anlage = squeezed(&docs.anlage.text);
    assert_contains(
        &anlage,
        &squeezed("Neue Maßnahme nach der Abschlusskonferenz"),
    );
    assert!(!anlage.contains(&squeezed("Ausländische Berufsabschlüsse")));
    assert_contains(&docs.beschlussvorlage.text, "FB 50/9999/08");
}

#[test]
fn a_pdf_whose_layout_did_not_change_is_not_written_again() {
    let fixture = Fixture::new();
    let mut typesetter = fixture.typesetter();
    let mut konzept = konzept(GOETTINGEN);
    let first = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap();
    assert!(first.unchanged.is_empty(), "{:?}", first.unchanged);
    // A measure text is only in the Anlage; the Beschlussvorlage lays out as before.
    konzept.arbeitsgruppen[1].ziele[0].massnahmen[0].text = "Neu gefasste Maßnahme".into();
    let second = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap();
    assert_eq!(second.unchanged, ["Beschlussvorlage"]);
    assert_contains(
        &squeezed(&second.documents.anlage.text),
        &squeezed("Neu gefasste Maßnahme"),
    );
    // What was taken is what a fresh typesetter writes for the same concept.
    let fresh = fixture.typeset(&konzept).unwrap();
    assert!(second.documents.beschlussvorlage == fresh.beschlussvorlage);
    assert!(second.documents.anlage == fresh.anlage);
    // The number of the Vorlage is in both documents: both are written again.
    konzept.vorlage.number = "FB 50/9999/08".into();
    let third = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap();
    assert!(third.unchanged.is_empty(), "{:?}", third.unchanged);
    assert_contains(&third.documents.beschlussvorlage.text, "FB 50/9999/08");
}

#[test]
fn pdfs_pass_pdf_a_2a_and_pdf_ua_1_and_qpdf() {
    let fixture = Fixture::new();
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    for (name, doc) in [("v.pdf", &docs.beschlussvorlage), ("a.pdf", &docs.anlage)] {
        crate::support::assert_pdf_conforms(&doc.pdf, name);
        let path = fixture.pdf(name, &doc.pdf);
        let check = run("qpdf", &["--check", path.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "qpdf --check: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        // What is not a stream is packed into object streams (object_streams.rs): in the
        // file as written, no structure element stands as plain text.
        let raw = String::from_utf8_lossy(&doc.pdf);
        assert!(
            raw.contains("/Type/ObjStm") && raw.contains("/Type/XRef"),
            "{name}"
        );
        assert!(
            !raw.contains("/StructElem"),
            "{name}: structure tree as plain text"
        );
        let plain = fixture.dir.join(format!("qdf-{name}"));
        let qdf = run(
            "qpdf",
            &[
                "--qdf",
                "--object-streams=disable",
                path.to_str().unwrap(),
                plain.to_str().unwrap(),
            ],
        );
        assert!(qdf.status.success());
        let bytes = String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned();
        for claim in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
            "<rdf:li>de-DE</rdf:li>",
            "<xmp:CreatorTool>ratsvorlage ",
            "<xmp:CreateDate>2008-10-15T00:00:00+00:00</xmp:CreateDate>",
            "/StructTreeRoot",
        ] {
            assert!(bytes.contains(claim), "{name} lacks {claim}");
        }
        let info =
            String::from_utf8_lossy(&run("pdfinfo", &[path.to_str().unwrap()]).stdout).into_owned();
        assert_contains(&info, &format!("Pages:           {}", doc.pages));
        assert_contains(&info, "Tagged:          yes");
    }
}

#[test]
fn every_heading_of_the_anlage_is_a_bookmark() {
    let fixture = Fixture::new();
    let konzept = konzept(GOETTINGEN);
    let docs = fixture.typeset(&konzept).unwrap();
    let bytes = uncompressed(&fixture, "a.pdf", &docs.anlage.pdf);
    assert_contains(&bytes, "/Type /Outlines");
    let mut titles = vec![
        "1 Einleitung".to_owned(),
        "2.1 Leitziele".to_owned(),
        "8 Verzeichnis der Ansprechpartner".to_owned(),
    ];
    for (a, ag) in konzept.arbeitsgruppen.iter().enumerate() {
        titles.push(format!("{} Handlungsfeld {}", a + 3, ag.name));
        titles.push(format!("{}.1 Ausgangslage", a + 3));
        titles.extend(
            ag.ziele
                .iter()
                .map(|z| format!("Ziel {}: {}", z.number, z.text)),
        );
    }
    for title in titles {
        assert!(
            bytes.contains(&format!("/Title {}", pdf_string(&title))),
            "no bookmark «{title}»"
        );
    }
}

#[test]
fn participant_names_only_in_the_anlage_and_only_when_allowed() {
    let fixture = Fixture::new();
    let mut konzept = konzept(MUSTERSTADT);
    let names = ["Erika Mustermann", "Jan Beispielmann", "Zeynep Demir"];
    let docs = fixture.typeset(&konzept).unwrap();
    let vorlage = pdftotext(&fixture.pdf("v1.pdf", &docs.beschlussvorlage.pdf), "-raw");
    let anlage = pdftotext(&fixture.pdf("a1.pdf", &docs.anlage.pdf), "-raw");
    for name in names {
        assert_contains(&anlage, name);
        assert!(!vorlage.contains(name), "{name} in the Beschlussvorlage");
    }
    konzept.beteiligung.publish_names = false;
    let docs = fixture.typeset(&konzept).unwrap();
    for (file, doc) in [("v2.pdf", &docs.beschlussvorlage), ("a2.pdf", &docs.anlage)] {
        let text = pdftotext(&fixture.pdf(file, &doc.pdf), "-raw");
        for name in names {
            assert!(
                !text.contains(name),
                "{name} in {file} although names are not to be published"
            );
            assert!(!doc.text.contains(name));
        }
    }
}

#[test]
fn prose_blocks_replace_and_extend_sections() {
    let fixture = Fixture::new();
    fixture.write(
        "input/texte/begruendung-einleitung.typ",
        "#import \"/templates/daten.typ\": kennzahlen\n\
         Eigener Einleitungstext mit *Markup* und #kennzahlen.massnahmen Maßnahmen.\n",
    );
    fixture.write(
        "input/texte/vorwort.typ",
        "Liebe Leserinnen und Leser, dies ist das Vorwort.\n",
    );
    fixture.write(
        "input/texte/handlungsfeld-as.typ",
        "Die AG Arbeit und Soziales tagte im Rathaus.\n",
    );
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    let vorlage = flat(&docs.beschlussvorlage.text);
    assert_contains(
        &vorlage,
        "Begründung Eigener Einleitungstext mit Markup und 14 Maßnahmen.",
    );
    assert!(
        !vorlage.contains("Das vorliegende Konzept beinhaltet"),
        "the block replaces the default"
    );
    assert_contains(&vorlage, "zur Organisation Das Integrationskonzept wurde");
    let anlage = flat(&docs.anlage.text);
    assert_contains(
        &anlage,
        "Vorwort Liebe Leserinnen und Leser, dies ist das Vorwort.",
    );
    assert_contains(&anlage, "Die AG Arbeit und Soziales tagte im Rathaus.");
}

#[test]
fn a_template_on_disk_overrides_the_built_in_one() {
    let fixture = Fixture::new();
    let built_in = ratsvorlage::documents::built_in("stil.typ").unwrap();
    fixture.write(
        "templates/stil.typ",
        &built_in.replace("#let klein = 8.5pt", "#let klein = 8.5pt\n#let extra = 1"),
    );
    fixture.write(
        "templates/beschlussvorlage.typ",
        "#import \"stil.typ\": dokument, extra\n#import \"daten.typ\": konzept\n\
         #show: dokument.with(titel: \"Eigene Vorlage\", fuss: [Fuß])\n\
         = Eigene Beschlussvorlage\nNummer #konzept.vorlage.nummer, Extra #extra, \
         heute #datetime.today().display(\"[day].[month].[year]\").\n",
    );
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    assert_eq!(docs.beschlussvorlage.title, "Eigene Vorlage");
    assert_contains(
        &flat(&docs.beschlussvorlage.text),
        "Eigene Beschlussvorlage Nummer FB 50/1234/08, Extra 1, heute 15.10.2008.",
    );
    assert_contains(&docs.anlage.text, "Verzeichnis der Ansprechpartner");
}

#[test]
fn the_knob_for_sources_shows_file_sheet_and_cell() {
    let fixture = Fixture::new();
    let anlage = ratsvorlage::documents::built_in("anlage.typ").unwrap();
    let knob = "#let quellen-anzeigen = false";
    assert!(anlage.contains(knob));
    fixture.write(
        "templates/anlage.typ",
        &anlage.replace(knob, "#let quellen-anzeigen = true"),
    );
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    let text = flat(&docs.anlage.text);
    assert_contains(
        &text,
        "Priorität 1 · Quelle: ag/AG Sprache und Bildung.xlsx › Ziele › B4",
    );
    assert_contains(
        &squeezed(&docs.anlage.text),
        &squeezed("ag/AG Politik und Recht.xlsx › Maßnahmen › C6"),
    );
}

#[test]
fn a_template_error_names_file_line_and_column() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/beschlussvorlage.typ",
        "#import \"stil.typ\": dokument\n#show: dokument.with(titel: \"x\")\n\nText #unbekannt(1) Ende\n",
    );
    let err = fixture.typeset(&konzept(GOETTINGEN)).unwrap_err();
    let errors: Vec<_> = err
        .diagnostics
        .iter()
        .filter(|d| d.severity == TemplateSeverity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{err}");
    let position = errors[0].position.as_ref().unwrap();
    assert_eq!(
        (position.file.as_str(), position.line, position.column),
        ("templates/beschlussvorlage.typ", 4, 7)
    );
    assert_eq!(errors[0].message, "unknown variable: unbekannt");
    // „Die Dokumente konnten nicht gesetzt werden: ein Fehler in den Vorlagen.“, then
    // „templates/beschlussvorlage.typ › Zeile 4, Spalte 7: Beim Setzen der Beschlussvorlage …“
    // with the source line marked and Typst's „unknown variable: unbekannt“ as the detail.
    insta::assert_snapshot!("template_error", err.to_string());
}

#[test]
fn an_error_in_a_shared_module_is_reported_once_for_both_documents() {
    let fixture = Fixture::new();
    let built_in = ratsvorlage::documents::built_in("sprache.typ").unwrap();
    fixture.write(
        "templates/sprache.typ",
        &format!("{built_in}\n#let kaputt = (1 + \"a\")\n"),
    );
    let err = fixture.typeset(&konzept(GOETTINGEN)).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    let d = &err.diagnostics[0];
    assert_eq!(d.document, "Beschlussvorlage und der Anlage");
    assert_eq!(
        d.position.as_ref().map(|s| (s.file.as_str(), s.line)),
        Some(("templates/sprache.typ", built_in.lines().count() + 2))
    );
    assert_eq!(d.message, "cannot add integer and string");
}

#[test]
fn templates_cannot_read_outside_the_project() {
    let fixture = Fixture::new();
    std::fs::write(fixture.dir.join("geheim.txt"), "geheim").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", fixture.input().join("passwd-link")).unwrap();
    for (read, expected) in [
        (
            "/etc/passwd",
            "failed to load file (Zugriff verweigert: Vorlagen lesen nur /templates/…, /input/…, /konzept.json und /texte.json)",
        ),
        (
            "../geheim.txt",
            "failed to load file (Zugriff verweigert: Vorlagen lesen nur /templates/…, /input/…, /konzept.json und /texte.json)",
        ),
        (
            "/input/../../geheim.txt",
            "path `\"/input/../../geheim.txt\"` would escape the project root",
        ),
        (
            "/input/passwd-link",
            "failed to load file (Zugriff verweigert: Vorlagen lesen nur /templates/…, /input/…, /konzept.json und /texte.json)",
        ),
        (
            "/input/fehlt.txt",
            "file not found (searched at /input/fehlt.txt)",
        ),
    ] {
        fixture.write(
            "templates/beschlussvorlage.typ",
            &format!("#set document(title: \"x\")\n#read(\"{read}\")\n"),
        );
        let err = fixture.typeset(&konzept(GOETTINGEN)).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.message, expected, "reading {read}: {err}");
        assert_eq!(
            d.position.as_ref().map(|s| s.line),
            Some(2),
            "reading {read}"
        );
    }
}

#[test]
fn the_logo_is_embedded_with_alternative_text() {
    let fixture = Fixture::new();
    fixture.write(
        "input/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><rect width=\"40\" height=\"40\" fill=\"#1f4e79\"/></svg>",
    );
    let mut konzept = konzept(GOETTINGEN);
    konzept.stadt.logo = Some("logo.svg".into());
    let docs = fixture.typeset(&konzept).unwrap();
    let path = fixture.pdf("v.pdf", &docs.beschlussvorlage.pdf);
    let plain = fixture.dir.join("v-qdf.pdf");
    run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            path.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    let bytes = String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned();
    // PDF text strings with non-ASCII letters are UTF-16BE with a byte order mark, in hex.
    let old: String = "Logo der Stadt Göttingen"
        .encode_utf16()
        .map(|u| format!("{u:04x}"))
        .collect();
    assert_contains(&bytes, &format!("/Alt <feff{old}>"));
}

#[test]
fn a_missing_logo_is_a_template_error_naming_the_file() {
    let fixture = Fixture::new();
    let mut konzept = konzept(GOETTINGEN);
    konzept.stadt.logo = Some("wappen.png".into());
    let err = fixture.typeset(&konzept).unwrap_err();
    assert_eq!(
        err.diagnostics[0].message, "file not found (searched at /input/wappen.png)",
        "{err}"
    );
}

/// 60 AGs × 20 goals × 6 measures (7,200 measures): prints the time and page counts of a cold
/// and a warm build. `cargo test --test it documents:: -- --ignored --nocapture`
#[test]
#[ignore = "takes about a minute; measures the typesetting of a large concept"]
fn a_large_concept_typesets_and_rebuilds_warm() {
    let fixture = Fixture::new();
    let mut konzept = konzept(GOETTINGEN);
    let vorlage_ags = konzept.arbeitsgruppen.clone();
    konzept.arbeitsgruppen = (0..60)
        .map(|a| {
            let mut ag = vorlage_ags[a % vorlage_ags.len()].clone();
            ag.name = format!("{} {}", ag.name, a + 1);
            ag.short = format!("{}{}", ag.short, a + 1);
            ag.number = a as u32 + 1;
            let ziel = ag.ziele[0].clone();
            ag.ziele = (0..20)
                .map(|z| {
                    let mut ziel = ziel.clone();
                    ziel.number = (z + 1).to_string();
                    ziel.prioritaet = z as u32 + 1;
                    let massnahme = ziel.massnahmen[0].clone();
                    ziel.massnahmen = (0..6)
                        .map(|m| {
                            let mut massnahme = massnahme.clone();
                            massnahme.number = format!("{}.{}", z + 1, m + 1);
                            massnahme
                                .ansprechpartner
                                .push(format!("Träger {}", (a * 7 + z * 3 + m) % 150));
                            massnahme
                        })
                        .collect();
                    ziel
                })
                .collect();
            ag
        })
        .collect();
    konzept.kennzahlen.arbeitsgruppen = 60;
    konzept.kennzahlen.ziele = 1_200;
    konzept.kennzahlen.massnahmen = 7_200;
    let mut typesetter = fixture.typesetter();
    let start = std::time::Instant::now();
    let cold = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap()
        .documents;
    let cold_time = start.elapsed();
    konzept.arbeitsgruppen[7].ziele[3].massnahmen[2].text = "Geänderte Maßnahme".into();
    let start = std::time::Instant::now();
    let warm = typesetter
        .typeset(&konzept, &document_names(&konzept))
        .unwrap()
        .documents;
    let warm_time = start.elapsed();
    println!(
        "7,200 measures: cold {cold_time:?}, warm {warm_time:?}; Beschlussvorlage {} pages, Anlage {} pages",
        cold.beschlussvorlage.pages, cold.anlage.pages
    );
    assert!(cold.anlage.pages > 500, "{} pages", cold.anlage.pages);
    assert_eq!(warm.anlage.pages, cold.anlage.pages);
    assert!(warm_time < cold_time, "a warm rebuild reuses the caches");
}

#[test]
fn the_independent_checker_fails_a_pdf_without_tags() {
    let fixture = Fixture::new();
    let empty = fixture.dir.join("leer.pdf");
    let made = run("qpdf", &["--empty", empty.to_str().unwrap()]);
    assert!(made.status.success());
    let bytes = std::fs::read(&empty).unwrap();
    let outcome = std::panic::catch_unwind(|| crate::support::assert_pdf_conforms(&bytes, "leer"));
    assert!(
        outcome.is_err(),
        "an untagged PDF without metadata must fail the checker"
    );
}

/// The alternative texts of `pdf` (uncompressed by qpdf), decoded from UTF-16.
fn alternative_texts(fixture: &Fixture, name: &str, pdf: &[u8]) -> Vec<String> {
    let bytes = uncompressed(fixture, name, pdf);
    bytes
        .split("/Alt <feff")
        .skip(1)
        .map(|rest| {
            let hex = &rest[..rest.find('>').unwrap()];
            let units: Vec<u16> = (0..hex.len())
                .step_by(4)
                .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).unwrap())
                .collect();
            String::from_utf16(&units).unwrap()
        })
        .collect()
}

#[test]
fn a_chart_of_many_sessions_keeps_its_alternative_text_within_pdf_a() {
    // PDF/A allows 32,767 bytes in a string; listing 600 sessions one by one would take
    // about 90,000 as UTF-16. The text then names each AG's sessions and their range.
    let fixture = Fixture::new();
    let mut konzept = konzept(GOETTINGEN);
    for ag in &mut konzept.arbeitsgruppen {
        let template = ag.sitzungen[0].clone();
        ag.sitzungen = (1..=150)
            .map(|number| ratsvorlage::model::Sitzung {
                number,
                teilnehmende: Some(10 + number % 9),
                ..template.clone()
            })
            .collect();
    }
    let docs = fixture.typeset(&konzept).unwrap();
    crate::support::assert_pdf_conforms(&docs.anlage.pdf, "Anlage with 600 sessions");
    let texts = alternative_texts(&fixture, "a.pdf", &docs.anlage.pdf);
    let sessions = texts
        .iter()
        .find(|t| t.contains("je AG-Sitzung"))
        .expect("the chart's alternative text");
    assert!(sessions.len() < 8_000, "{} bytes", sessions.len());
    let first = &konzept.arbeitsgruppen[0];
    assert_contains(
        sessions,
        &format!(
            "{} – {}: 150 Sitzungen, 10 bis 18 Personen",
            first.short, first.name
        ),
    );
}

#[test]
fn a_chart_of_few_sessions_names_every_session() {
    let fixture = Fixture::new();
    let konzept = konzept(GOETTINGEN);
    let docs = fixture.typeset(&konzept).unwrap();
    let texts = alternative_texts(&fixture, "a.pdf", &docs.anlage.pdf);
    let sessions = texts
        .iter()
        .find(|t| t.contains("je AG-Sitzung"))
        .expect("the chart's alternative text");
    let ag = &konzept.arbeitsgruppen[0];
    let count = ag.sitzungen[0]
        .teilnehmende
        .expect("the example has attendance lists");
    assert_contains(sessions, &format!("{} – {}, 1. Sitzung", ag.short, ag.name));
    assert_contains(sessions, &format!(": {count} Personen"));
}

#[test]
fn texts_too_long_for_a_pdf_string_keep_both_documents_conformant() {
    // Headings and titles are strings in the bookmarks, the structure tree, the contents'
    // links and the metadata, where PDF/A allows 32,767 bytes; a cell may hold 100,000
    // characters. A heading takes the beginning, and the whole goal follows it.
    let fixture = Fixture::new();
    let mut konzept = konzept(GOETTINGEN);
    let sentence = "Sehr langes Ziel mit vielen Wörtern.";
    konzept.arbeitsgruppen[0].ziele[0].text = [sentence; 600].join(" ");
    konzept.arbeitsgruppen[1].name = ["Handlungsfeld"; 1500].join(" ");
    konzept.vorlage.betreff = ["Betreff für den Rat"; 2000].join(" ");
    konzept.konzept.title = ["Integrationskonzept"; 2000].join(" ");
    let docs = fixture.typeset(&konzept).unwrap();
    crate::support::assert_pdf_conforms(&docs.anlage.pdf, "Anlage with long texts");
    crate::support::assert_pdf_conforms(&docs.beschlussvorlage.pdf, "Vorlage, long Betreff");
    let text = squeezed(&docs.anlage.text);
    let whole = text.matches(&squeezed(sentence)).count();
    assert!(whole > 600, "{whole} times: the goal is not there in full");
    // The heading: the goal's beginning, cut with „…“ (the whole text has no „…“).
    let heading = format!(
        "Ziel {}: {sentence}",
        konzept.arbeitsgruppen[0].ziele[0].number
    );
    let at = text.find(&squeezed(&heading)).expect("the goal's heading");
    let cut = text[at..].find('…').expect("a cut heading");
    assert!(cut < 2_100, "the heading runs {cut} bytes before its cut");
}

#[test]
fn the_contact_index_names_a_measure_once_with_its_ag() {
    let fixture = Fixture::new();
    let mut konzept = konzept(GOETTINGEN);
    let ag = &mut konzept.arbeitsgruppen[0];
    let (short, plain) = (ag.short.clone(), ag.ziele[0].massnahmen[1].number.clone());
    // One measure numbered with the AG's short name in it, as some workbooks do.
    let prefixed = format!("{short}-7.9");
    ag.ziele[0].massnahmen[0].number = prefixed.clone();
    let docs = fixture.typeset(&konzept).unwrap();
    let index = docs
        .anlage
        .text
        .split("Verzeichnis der Ansprechpartner")
        .last()
        .unwrap();
    let index = flat(index);
    assert_contains(&index, &prefixed);
    assert!(!index.contains(&format!("{short} {prefixed}")), "{index}");
    assert_contains(&index, &format!("{short} {plain}"));
}

/// outloud (PyPI), a second, semantic PDF/UA checker: `OUTLOUD`, else where .ci/run puts
/// it. Missing, it fails the run under CI and is skipped (said on stderr) elsewhere.
fn outloud() -> Option<PathBuf> {
    let path = std::env::var_os("OUTLOUD").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME")
            .map(|home| Path::new(&home).join(".cache/ratsvorlage-outloud/bin/outloud"))
    });
    if let Some(path) = path.filter(|p| p.exists()) {
        return Some(path);
    }
    let missing = "outloud is missing: python3 -m venv ~/.cache/ratsvorlage-outloud && \
                   ~/.cache/ratsvorlage-outloud/bin/pip install outloud==0.2.1 (or run .ci/run)";
    assert!(std::env::var_os("CI").is_none(), "{missing}");
    eprintln!("second PDF/UA opinion skipped: {missing}");
    None
}

#[test]
fn the_second_checker_finds_no_error_in_either_document() {
    let Some(outloud) = outloud() else { return };
    let fixture = Fixture::new();
    let docs = fixture.typeset(&konzept(GOETTINGEN)).unwrap();
    let check = |path: &Path| {
        Command::new(&outloud)
            .arg(path)
            .args(["--fail-on", "error"])
            .output()
            .expect("outloud runs")
    };
    for (name, pdf) in [
        ("v.pdf", &docs.beschlussvorlage.pdf),
        ("a.pdf", &docs.anlage.pdf),
    ] {
        let out = check(&fixture.pdf(name, pdf));
        assert!(
            out.status.success(),
            "outloud finds errors in {name}:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    // The same call fails a PDF without tags: the check can fail.
    let empty = fixture.dir.join("leer.pdf");
    assert!(
        run("qpdf", &["--empty", empty.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        !check(&empty).status.success(),
        "outloud passed an untagged PDF"
    );
}

#[test]
fn e_mail_addresses_in_texts_and_contacts_are_mailto_links() {
    let fixture = Fixture::new();
    let mut konzept = konzept(GOETTINGEN);
    let contact = "Frau Muster, muster@stadt.example (#Büro $1 <a>)";
    let measure = &mut konzept.arbeitsgruppen[0].ziele[0].massnahmen[0];
    measure.ansprechpartner = vec![contact.to_owned()];
    measure.text = "Anmeldung per E-Mail an anmeldung@stadt.example bis Mai.".to_owned();
    konzept.arbeitsgruppen[0].ausgangslage[0].text = "Beratung: rat@stadt.example".to_owned();
    let docs = fixture.typeset(&konzept).unwrap();
    crate::support::assert_pdf_conforms(&docs.anlage.pdf, "Anlage with a mail link");
    // The text stays as it was written (data, not markup), in the measure and the index.
    let text = flat(&docs.anlage.text);
    assert_eq!(text.matches(contact).count(), 2, "{text}");
    // One link annotation to the address per place.
    let bytes = uncompressed(&fixture, "a.pdf", &docs.anlage.pdf);
    assert_eq!(bytes.matches("(mailto:muster@stadt.example)").count(), 2);
    // In the measure's own text too.
    assert_contains(
        &text,
        "Anmeldung per E-Mail an anmeldung@stadt.example bis Mai.",
    );
    assert_eq!(bytes.matches("(mailto:anmeldung@stadt.example)").count(), 1);
    // And in the situation analysis.
    assert_contains(&text, "Beratung: rat@stadt.example");
    assert_eq!(bytes.matches("(mailto:rat@stadt.example)").count(), 1);
}
