//! The package stage through its public API: oparl.json against the OParl 1.1.1 schemas, the
//! zip's content and reproducibility, privacy, refused folders, and builds killed mid-way.

use std::io::{Cursor, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use std::{env, fs};

use ratsvorlage::date::Date;
use ratsvorlage::documents::{Documents, PdfDocument};
use ratsvorlage::model::config::Vorlage;
use ratsvorlage::model::config::{
    BeratungsfolgeStep, Handlungsfeld, KonzeptDetails, Stadt, default_base_url,
};
use ratsvorlage::model::{Beteiligung, Kennzahlen, Konzept, Person, SCHEMA};
use ratsvorlage::package::{self, PackageError, WrittenFile};
use serde_json::{Value, json};

use crate::support::{TestDir, folder_contents};

const BASIS: &str = "https://ris.goettingen.de/oparl/";

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).unwrap()
}

/// A small concept with the Göttingen head data.
fn konzept() -> Konzept {
    Konzept {
        schema: SCHEMA.to_owned(),
        stadt: Stadt {
            name: "Göttingen".to_owned(),
            logo: None,
        },
        vorlage: Vorlage {
            number: "FB 50/1234/08".to_owned(),
            date: date(2008, 10, 15),
            kind: "Beschlussvorlage".to_owned(),
            betreff: "Kommunales Integrationskonzept der Stadt Göttingen".to_owned(),
            federfuehrend: "Büro für Integration".to_owned(),
            dezernat: Some("Dezernat C".to_owned()),
            beschlussvorschlag: "Der Rat stimmt dem anliegenden Integrationskonzept zu.".to_owned(),
            financial_effects: "Keine.".to_owned(),
            beratungsfolge: vec![
                BeratungsfolgeStep {
                    gremium: "Integrationsrat".to_owned(),
                    date: date(2008, 10, 28),
                    role: "Vorberatung".to_owned(),
                },
                BeratungsfolgeStep {
                    gremium: "Rat der Stadt Göttingen".to_owned(),
                    date: date(2008, 11, 14),
                    role: "Entscheidung".to_owned(),
                },
            ],
        },
        konzept: KonzeptDetails {
            title: "Kommunales Integrationskonzept".to_owned(),
            short_title: "Integrationskonzept".to_owned(),
            coordination: "Büro für Integration".to_owned(),
            moderation: None,
            beirat: vec![],
            leitziele: vec![],
            querschnittsaufgaben: vec![],
            konferenzen: vec![],
            handlungsfelder: vec![Handlungsfeld {
                name: "Sprache und Bildung".to_owned(),
                short: "SB".to_owned(),
                contact: None,
            }],
        },
        arbeitsgruppen: vec![],
        beteiligung: Beteiligung::default(),
        kennzahlen: Kennzahlen {
            arbeitsgruppen: 1,
            sitzungen: 3,
            sitzungen_per_ag: vec![3],
            konferenzen: 0,
            ziele: 0,
            massnahmen: 0,
            distinct_persons: 17,
            anwesenheiten: 51,
            average_per_sitzung: 17.0,
            average_rounded: 17,
            period: None,
            bereiche: vec![],
            persons_without_bereich: 0,
        },
    }
}

/// Deterministic incompressible bytes: a PDF head and a xorshift stream.
fn fake_pdf(seed: u64, len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut x = seed | 1;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

fn documents(seed: u64, len: usize) -> Documents {
    Documents {
        beschlussvorlage: PdfDocument {
            file_name: "Beschlussvorlage.pdf".to_owned(),
            title: "Beschlussvorlage FB 50/1234/08".to_owned(),
            pdf: fake_pdf(seed, len),
            pages: 3,
            text: "Beschlussvorschlag\nDer Rat stimmt dem anliegenden Integrationskonzept zu."
                .to_owned(),
        },
        anlage: PdfDocument {
            file_name: "Anlage-1-Integrationskonzept.pdf".to_owned(),
            title: "Kommunales Integrationskonzept".to_owned(),
            pdf: fake_pdf(seed + 1, len / 2),
            pages: 40,
            text: "Kommunales Integrationskonzept\nInhalt".to_owned(),
        },
    }
}

/// The zip's entries in order, decompressed.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

fn oparl_of(out: &Path) -> Value {
    let zip = fs::read(out.join("FB-50-1234-08.zip")).unwrap();
    let (_, bytes) = unzip(&zip)
        .into_iter()
        .find(|(name, _)| name == "oparl.json")
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn the_set_is_written_and_listed_with_sizes() {
    let dir = TestDir::new();
    let docs = documents(1, 5000);
    let out = dir.join("output");
    let written = package::write(&out, &konzept(), &docs, BASIS).unwrap();
    let konzept_json = fs::read(out.join("konzept.json")).unwrap();
    let zip = fs::read(out.join("FB-50-1234-08.zip")).unwrap();
    assert_eq!(written.folder, fs::canonicalize(&out).unwrap());
    assert_eq!(written.package, "FB-50-1234-08.zip");
    assert_eq!(
        written.files,
        [
            WrittenFile {
                name: "Beschlussvorlage.pdf".to_owned(),
                bytes: 5000,
                unchanged: false,
            },
            WrittenFile {
                name: "Anlage-1-Integrationskonzept.pdf".to_owned(),
                bytes: 2500,
                unchanged: false,
            },
            WrittenFile {
                name: "konzept.json".to_owned(),
                bytes: konzept_json.len() as u64,
                unchanged: false,
            },
            WrittenFile {
                name: "FB-50-1234-08.zip".to_owned(),
                bytes: zip.len() as u64,
                unchanged: false,
            },
        ]
    );
    assert!(written.notes.is_empty());
    // The same set again: every file is kept as it was, none rewritten.
    let again = package::write(&out, &konzept(), &docs, BASIS).unwrap();
    assert!(again.files.iter().all(|d| d.unchanged), "{again:?}");
    let names: Vec<String> = folder_contents(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            ".ratsvorlage-ausgabe",
            "Anlage-1-Integrationskonzept.pdf",
            "Beschlussvorlage.pdf",
            "FB-50-1234-08.zip",
            "konzept.json"
        ]
    );
    assert_eq!(
        fs::read(out.join("Beschlussvorlage.pdf")).unwrap(),
        docs.beschlussvorlage.pdf
    );
    let parsed: Konzept = serde_json::from_slice(&konzept_json).unwrap();
    assert_eq!(parsed, konzept());
}

#[test]
fn the_zip_holds_exactly_the_four_files() {
    let dir = TestDir::new();
    let docs = documents(2, 3000);
    let out = dir.join("output");
    package::write(&out, &konzept(), &docs, BASIS).unwrap();
    let entries = unzip(&fs::read(out.join("FB-50-1234-08.zip")).unwrap());
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Beschlussvorlage.pdf",
            "Anlage-1-Integrationskonzept.pdf",
            "konzept.json",
            "oparl.json"
        ]
    );
    assert_eq!(entries[0].1, docs.beschlussvorlage.pdf);
    assert_eq!(entries[1].1, docs.anlage.pdf);
    assert_eq!(entries[2].1, fs::read(out.join("konzept.json")).unwrap());
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = TestDir::new();
    let docs = documents(3, 20_000);
    package::write(&dir.join("eins"), &konzept(), &docs, BASIS).unwrap();
    package::write(&dir.join("zwei"), &konzept(), &docs, BASIS).unwrap();
    let eins = folder_contents(&dir.join("eins"));
    assert_eq!(eins, folder_contents(&dir.join("zwei")));
    // A later date changes the package: the stamp is in it and nothing else moves it.
    let mut later = konzept();
    later.vorlage.date = date(2008, 10, 16);
    package::write(&dir.join("drei"), &later, &docs, BASIS).unwrap();
    assert_ne!(
        eins["FB-50-1234-08.zip"],
        folder_contents(&dir.join("drei"))["FB-50-1234-08.zip"]
    );
}

#[test]
fn oparl_paper_carries_the_vorlage_and_its_files() {
    let dir = TestDir::new();
    let docs = documents(4, 4096);
    let out = dir.join("output");
    package::write(&out, &konzept(), &docs, "https://ris.goettingen.de/oparl").unwrap();
    let paper = oparl_of(&out);
    let stamp = "2008-10-15T00:00:00Z";
    let file = |role: &str, doc: &PdfDocument| {
        let id = format!("{BASIS}file/fb-50-1234-08-{role}");
        json!({
            "id": id,
            "type": "https://schema.oparl.org/1.1/File",
            "name": doc.title,
            "fileName": doc.file_name,
            "mimeType": "application/pdf",
            "date": "2008-10-15",
            "size": doc.pdf.len(),
            "sha512Checksum": sha512_hex(&doc.pdf),
            "text": doc.text,
            "accessUrl": format!("{id}/{}", doc.file_name),
            "paper": [format!("{BASIS}paper/fb-50-1234-08")],
            "created": stamp,
            "modified": stamp,
        })
    };
    let consultation = |number: u32, gremium: &str, day: &str, role: &str, authoritative: bool| {
        json!({
            "id": format!("{BASIS}consultation/fb-50-1234-08-{number}"),
            "type": "https://schema.oparl.org/1.1/Consultation",
            "paper": format!("{BASIS}paper/fb-50-1234-08"),
            "meeting": format!("{BASIS}meeting/{gremium}-{day}"),
            "organization": [format!("{BASIS}organization/{gremium}")],
            "role": role,
            "authoritative": authoritative,
            "created": stamp,
            "modified": stamp,
        })
    };
    let expected = json!({
        "id": format!("{BASIS}paper/fb-50-1234-08"),
        "type": "https://schema.oparl.org/1.1/Paper",
        "body": format!("{BASIS}body/goettingen"),
        "name": "Kommunales Integrationskonzept der Stadt Göttingen",
        "reference": "FB 50/1234/08",
        "date": "2008-10-15",
        "paperType": "Beschlussvorlage",
        "underDirectionOf": [format!("{BASIS}organization/buero-fuer-integration")],
        "mainFile": file("beschlussvorlage", &docs.beschlussvorlage),
        "auxiliaryFile": [file("anlage", &docs.anlage)],
        "consultation": [
            consultation(1, "integrationsrat", "2008-10-28", "Vorberatung", false),
            consultation(2, "rat-der-stadt-goettingen", "2008-11-14", "Entscheidung", true),
        ],
        "created": stamp,
        "modified": stamp,
    });
    assert_eq!(paper, expected);
}

#[test]
fn the_checksum_and_size_match_the_bytes_in_the_package() {
    let dir = TestDir::new();
    let out = dir.join("output");
    package::write(&out, &konzept(), &documents(5, 7777), BASIS).unwrap();
    let paper = oparl_of(&out);
    let entries = unzip(&fs::read(out.join("FB-50-1234-08.zip")).unwrap());
    for file in
        std::iter::once(&paper["mainFile"]).chain(paper["auxiliaryFile"].as_array().unwrap())
    {
        let name = file["fileName"].as_str().unwrap();
        let (_, bytes) = entries.iter().find(|(n, _)| n == name).unwrap();
        assert_eq!(file["size"], json!(bytes.len()), "{name}");
        assert_eq!(file["sha512Checksum"], json!(sha512_hex(bytes)), "{name}");
        assert_eq!(
            file["sha512Checksum"].as_str().unwrap().len(),
            128,
            "{name}"
        );
    }
}

/// The OParl 1.1.1 schemas as a validator for a Paper. The schemas name embedded objects
/// with a non-standard `"schema": "File.json"`; those are turned into `$ref`s so that
/// `mainFile`, `auxiliaryFile` and `consultation` are checked against File and Consultation.
fn paper_validator(schema_dir: &Path) -> jsonschema::Validator {
    const BASE: &str = "https://schema.oparl.org/1.1/";
    const NAMES: [&str; 4] = [
        "Paper.json",
        "File.json",
        "Consultation.json",
        "Organization.json",
    ];
    fn link(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("schema")
                    && NAMES.contains(&target.as_str())
                {
                    let reference = format!("{BASE}{target}");
                    map.insert("$ref".to_owned(), Value::String(reference));
                }
                map.values_mut().for_each(link);
            }
            Value::Array(items) => items.iter_mut().for_each(link),
            _ => {}
        }
    }
    let resources = NAMES.iter().map(|name| {
        let mut schema: Value =
            serde_json::from_slice(&fs::read(schema_dir.join(name)).unwrap()).unwrap();
        link(&mut schema);
        (format!("{BASE}{name}"), schema)
    });
    let registry = jsonschema::Registry::new()
        .extend(resources)
        .unwrap()
        .prepare()
        .unwrap();
    let url = |text: &str| {
        text.strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .is_some_and(|rest| !rest.starts_with('/') && !text.contains(char::is_whitespace))
    };
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("url", url)
        .with_registry(&registry)
        .build(&json!({ "$ref": format!("{BASE}Paper.json") }))
        .unwrap()
}

#[test]
fn oparl_json_satisfies_the_oparl_schemas() {
    let schema_dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/oparl-1.1.1-schema");
    if !schema_dir.join("Paper.json").is_file() {
        println!(
            "übersprungen: die OParl-Schemas fehlen unter {}",
            schema_dir.display()
        );
        return;
    }
    let validator = paper_validator(&schema_dir);
    let dir = TestDir::new();
    let out = dir.join("output");
    package::write(&out, &konzept(), &documents(6, 1000), &default_base_url()).unwrap();
    let paper = oparl_of(&out);
    let errors: Vec<String> = validator
        .iter_errors(&paper)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does look into the embedded objects and formats: broken copies fail.
    let mut no_access_url = paper.clone();
    no_access_url["mainFile"]
        .as_object_mut()
        .unwrap()
        .remove("accessUrl");
    assert!(!validator.is_valid(&no_access_url));
    let mut word_for_bool = paper.clone();
    word_for_bool["consultation"][1]["authoritative"] = json!("ja");
    assert!(!validator.is_valid(&word_for_bool));
    let mut bad_date = paper.clone();
    bad_date["auxiliaryFile"][0]["date"] = json!("15.10.2008");
    assert!(!validator.is_valid(&bad_date));
    let mut bad_url = paper;
    bad_url["underDirectionOf"][0] = json!("Büro für Integration");
    assert!(!validator.is_valid(&bad_url));
}

#[test]
fn participant_names_never_leave_when_not_allowed() {
    let dir = TestDir::new();
    let name = "Erika Mustermann-Quelle";
    let mut konzept = konzept();
    konzept.beteiligung.persons = vec![Person {
        name: name.to_owned(),
        organisation: None,
        arbeitsgruppen: vec!["SB".to_owned()],
    }];
    let docs = documents(7, 1000);
    let contains = |bytes: &[u8]| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    let leaks = |out: &Path| {
        let files = folder_contents(out);
        let zip = unzip(&files["FB-50-1234-08.zip"]);
        files.values().any(|b| contains(b)) || zip.iter().any(|(_, b)| contains(b))
    };
    package::write(&dir.join("geheim"), &konzept, &docs, BASIS).unwrap();
    assert!(!leaks(&dir.join("geheim")));
    // Allowed, the same name is found: the search above would see a leak.
    konzept.beteiligung.publish_names = true;
    package::write(&dir.join("offen"), &konzept, &docs, BASIS).unwrap();
    assert!(leaks(&dir.join("offen")));
}

#[test]
fn a_write_protected_output_folder_is_refused_and_keeps_its_files() {
    let dir = TestDir::new();
    let out = dir.join("output");
    package::write(&out, &konzept(), &documents(8, 1000), BASIS).unwrap();
    let before = folder_contents(&out);
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let result = package::write(&out, &konzept(), &documents(9, 1000), BASIS);
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    let err = result.unwrap_err();
    assert!(
        matches!(&err, PackageError::WriteProtected { path } if path == &fs::canonicalize(&out).unwrap())
    );
    assert!(err.to_string().starts_with(&format!(
        "Der Ausgabeordner {} ist schreibgeschützt.",
        fs::canonicalize(&out).unwrap().display()
    )));
    assert_eq!(folder_contents(&out), before);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn bad_names_and_urls_stop_before_anything_is_written() {
    let dir = TestDir::new();
    let out = dir.join("output");
    let err =
        package::write(&out, &konzept(), &documents(10, 100), "ris.goettingen.de").unwrap_err();
    assert!(matches!(err, PackageError::InvalidBaseUrl { .. }), "{err}");
    let mut docs = documents(10, 100);
    docs.anlage.file_name = "Beschlussvorlage.pdf".to_owned();
    let err = package::write(&out, &konzept(), &docs, BASIS).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Der Dateiname „Beschlussvorlage.pdf“ kann nicht in den Ausgabeordner geschrieben werden: \
         zwei Ausgabedateien hätten denselben Namen."
    );
    docs.anlage.file_name = "../Anlage.pdf".to_owned();
    assert!(matches!(
        package::write(&out, &konzept(), &docs, BASIS),
        Err(PackageError::InvalidFileName { .. })
    ));
    assert!(!out.exists());
}

/// Run by [`a_killed_build_leaves_the_old_or_the_new_set`] in a child process: writes two
/// versions in turn until it is killed.
#[test]
#[ignore = "helper of a_killed_build_leaves_the_old_or_the_new_set; loops until killed"]
fn helper_write_until_killed() {
    let Some(out) = env::var_os("RV_PACKAGE_KILL_OUT") else {
        return;
    };
    // The folder starts with version 100, so the first build to finish shows version 200.
    let versions = [
        (konzept(), documents(200, 1 << 20)),
        (konzept(), documents(100, 1 << 20)),
    ];
    loop {
        for (konzept, docs) in &versions {
            package::write(Path::new(&out), konzept, docs, BASIS).unwrap();
        }
    }
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_set() {
    let dir = TestDir::new();
    let set = |seed| {
        let reference = dir.join(format!("referenz-{seed}"));
        package::write(&reference, &konzept(), &documents(seed, 1 << 20), BASIS).unwrap();
        folder_contents(&reference)
    };
    let (old, new) = (set(100), set(200));
    let out = dir.join("output");
    package::write(&out, &konzept(), &documents(100, 1 << 20), BASIS).unwrap();
    // The helper by its full name in this test binary; that the name matches one test is
    // checked, or every child would run no test and leave the old set untouched.
    let helper = format!(
        "{}::helper_write_until_killed",
        module_path!().trim_start_matches("it::")
    );
    let listed = Command::new(env::current_exe().unwrap())
        .args(["--exact", &helper, "--ignored", "--list", "--format=terse"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        format!("{helper}: test\n"),
        "the helper test is found by its name"
    );
    let (mut seen_alt, mut seen_neu, mut leftovers) = (0, 0, 0);
    for round in 0..16u64 {
        let mut child = Command::new(env::current_exe().unwrap())
            .args([
                "--exact",
                &helper,
                "--ignored",
                "--test-threads=1",
                "--quiet",
            ])
            .env("RV_PACKAGE_KILL_OUT", &out)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + round * 97 % 600));
        child.kill().unwrap();
        child.wait().unwrap();
        let now = folder_contents(&out);
        if now == old {
            seen_alt += 1;
        } else if now == new {
            seen_neu += 1;
        } else {
            panic!(
                "Runde {round}: output/ ist weder der alte noch der neue Stand: {:?}",
                now.keys().collect::<Vec<_>>()
            );
        }
        leftovers += usize::from(dir.join(".output.ratsvorlage-tmp").exists());
    }
    println!(
        "16 Abbrüche: {seen_alt}× alter Stand, {seen_neu}× neuer Stand, {leftovers}× Reste eines halben Builds"
    );
    package::write(&out, &konzept(), &documents(100, 1 << 20), BASIS).unwrap();
    assert_eq!(folder_contents(&out), old);
    let mut beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    beside.sort();
    assert_eq!(beside, ["output", "referenz-100", "referenz-200"]);
}

/// The checksum OParl asks for, computed here independently of the package stage.
fn sha512_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha512};
    format!("{:x}", Sha512::digest(bytes))
}
