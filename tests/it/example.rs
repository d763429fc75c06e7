//! The bundled Göttingen example reproduces every figure of the user's council draft
//! (`shared/seed/vorlage-goettingen-2008.md`), computed from the files in `input/`.

use std::process::Command;

fn check_example() -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .args([
            "check",
            "--json",
            concat!(env!("CARGO_MANIFEST_DIR"), "/input"),
        ])
        .output()
        .expect("run ratsvorlage");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn example_reproduces_the_seed_figures() {
    let json = check_example();
    assert_eq!(json["fehler"], serde_json::json!([]));
    assert_eq!(json["warnungen"], serde_json::json!([]));
    let k = &json["kennzahlen"];
    assert_eq!(k["arbeitsgruppen"], 4, "vier Arbeitsgruppen");
    assert_eq!(
        k["sitzungen_je_ag"],
        serde_json::json!([3, 3, 3, 3]),
        "in jeweils drei Sitzungen"
    );
    assert_eq!(k["sitzungen"], 12, "12 AG-Sitzungen");
    assert_eq!(k["konferenzen"], 2, "beiden Integrationskonferenzen");
    assert_eq!(
        k["durchschnitt_gerundet"], 17,
        "durchschnittlich 17 Personen"
    );
    assert_eq!(k["zeitraum"]["von"], "2008-02-15", "Februar 2008");
    assert_eq!(k["zeitraum"]["bis"], "2008-09-12", "September 2008");
    let bereiche: Vec<&str> = k["bereiche"]
        .as_array()
        .expect("list")
        .iter()
        .map(|b| b["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        bereiche,
        [
            "Migrantenselbstorganisationen",
            "Kitas",
            "Schulen",
            "Bildungs- u. Beratungseinrichtungen",
            "Integrationsrat",
            "Netzwerk Migration",
            "Verwaltung",
            "Kirchen",
            "Politik"
        ],
        "the seed's categories in the seed's order of size"
    );
    let persons: Vec<u64> = k["bereiche"]
        .as_array()
        .expect("list")
        .iter()
        .map(|b| b["personen"].as_u64().expect("n"))
        .collect();
    assert!(
        persons.windows(2).all(|w| w[0] > w[1]),
        "strictly by size, no tie decides the order: {persons:?}"
    );
}

#[test]
fn example_has_enough_content_per_ag_and_accounts_for_every_row() {
    let json = check_example();
    let k = &json["kennzahlen"];
    assert!(k["ziele"].as_u64().expect("n") >= 20);
    assert!(k["massnahmen"].as_u64().expect("n") >= 48);
    for file in json["dateien"].as_array().expect("files") {
        for sheet in file["blaetter"].as_array().expect("sheets") {
            let gelesen = sheet["zeilen_gelesen"].as_u64().expect("n");
            let verwendet = sheet["zeilen_verwendet"].as_u64().expect("n");
            let berichtet = sheet["zeilen_nicht_verwendet"]
                .as_array()
                .expect("list")
                .len() as u64;
            assert_eq!(gelesen, verwendet + berichtet, "{file}");
        }
    }
}
