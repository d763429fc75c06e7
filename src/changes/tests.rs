use super::*;

fn massnahme(nr: &str, text: &str, ansprechpartner: &[&str]) -> MassnahmeStand {
    MassnahmeStand {
        nr: nr.to_owned(),
        text: text.to_owned(),
        ansprechpartner: ansprechpartner.iter().map(|s| (*s).to_owned()).collect(),
        ..MassnahmeStand::default()
    }
}

fn ziel(nr: &str, prioritaet: u32, text: &str, massnahmen: Vec<MassnahmeStand>) -> ZielStand {
    ZielStand {
        nr: nr.to_owned(),
        prioritaet,
        text: text.to_owned(),
        massnahmen,
    }
}

fn stand(ziele: Vec<ZielStand>) -> Stand {
    Stand {
        arbeitsgruppen: vec![
            AgStand {
                name: "Sprache und Bildung".to_owned(),
                kurz: "SB".to_owned(),
                ziele,
            },
            AgStand {
                name: "Arbeit und Soziales".to_owned(),
                kurz: "AS".to_owned(),
                ziele: vec![ziel("1", 1, "Ausbildung fördern", Vec::new())],
            },
        ],
    }
}

fn alt() -> Stand {
    stand(vec![
        ziel(
            "1",
            1,
            "Alle Kinder sprechen bei der Einschulung Deutsch.",
            vec![
                massnahme("1.1", "Sprachstandserhebung in allen Kitas", &["Kitas"]),
                massnahme("1.2", "Elterncafé in der Grundschule", &["Schulen"]),
                massnahme("1.3", "Mehrsprachige Elternbriefe", &["Schulamt"]),
            ],
        ),
        ziel(
            "2",
            2,
            "Mehr Jugendliche erreichen einen Abschluss.",
            Vec::new(),
        ),
    ])
}

#[test]
fn the_same_state_has_no_changes() {
    let aenderungen = compare(&alt(), &alt());
    assert!(aenderungen.is_empty());
    assert_eq!(
        text::render(&aenderungen),
        "Keine Änderungen an Zielen und Maßnahmen.\n"
    );
}

#[test]
fn added_removed_changed_and_reprioritised_items_are_listed_by_ag() {
    let neu = stand(vec![
        ziel(
            "1",
            2,
            "Alle Kinder sprechen bei der Einschulung Deutsch.",
            vec![
                massnahme(
                    "1.1",
                    "Sprachstandserhebung in allen Kitas und Horten",
                    &["Kitas"],
                ),
                massnahme(
                    "1.2",
                    "Mehrsprachige Elternbriefe",
                    &["Schulamt", "Integrationsrat"],
                ),
                massnahme("1.3", "Lesepaten in Stadtteilbibliotheken", &[]),
            ],
        ),
        ziel("3", 1, "Eltern beteiligen sich am Schulleben.", Vec::new()),
    ]);
    let aenderungen = compare(&alt(), &neu);
    assert_eq!(
        text::render(&aenderungen),
        "Änderungen in 1 AG: 1 Ziel neu, 1 Ziel entfallen, 1 Ziel umpriorisiert, \
         1 Maßnahme neu, 1 Maßnahme entfallen, 2 Maßnahmen geändert.\n\
         AG Sprache und Bildung (SB)\n\
         \x20 Ziel 1 umpriorisiert: „Alle Kinder sprechen bei der Einschulung Deutsch.“\n\
         \x20   Priorität: 1 → 2\n\
         \x20 Ziel 3 neu (Priorität 1): „Eltern beteiligen sich am Schulleben.“\n\
         \x20 Ziel 2 entfallen (Priorität 2): „Mehr Jugendliche erreichen einen Abschluss.“\n\
         \x20 Maßnahme 1.1 geändert: „Sprachstandserhebung in allen Kitas und Horten“\n\
         \x20   Text: „Sprachstandserhebung in allen Kitas“ → „Sprachstandserhebung in allen Kitas und Horten“\n\
         \x20 Maßnahme 1.2 geändert: „Mehrsprachige Elternbriefe“\n\
         \x20   Nummer: 1.3 → 1.2\n\
         \x20   Ansprechpartner: „Schulamt“ → „Schulamt; Integrationsrat“\n\
         \x20 Maßnahme 1.3 neu: „Lesepaten in Stadtteilbibliotheken“\n\
         \x20 Maßnahme 1.2 entfallen: „Elterncafé in der Grundschule“\n"
    );
    let json = serde_json::to_value(&aenderungen).unwrap();
    assert_eq!(json["arbeitsgruppen"][0]["kurz"], "SB");
    assert_eq!(json["arbeitsgruppen"][0]["ziele"][0]["art"], "geaendert");
    assert_eq!(
        json["arbeitsgruppen"][0]["ziele"][0]["felder"][0]["feld"],
        "prioritaet"
    );
    assert_eq!(
        json["arbeitsgruppen"][0]["massnahmen"][3]["art"],
        "entfallen"
    );
}

#[test]
fn a_renumbered_goal_moves_its_measures_without_calling_them_moved() {
    let alt = stand(vec![ziel(
        "2",
        1,
        "Mehr Jugendliche erreichen einen Abschluss.",
        vec![massnahme("2.1", "Bewerbungstraining", &[])],
    )]);
    let neu = stand(vec![ziel(
        "3",
        1,
        "Mehr Jugendliche erreichen einen Abschluss.",
        vec![massnahme("3.1", "Bewerbungstraining", &[])],
    )]);
    let aenderungen = compare(&alt, &neu);
    let ag = &aenderungen.arbeitsgruppen[0];
    assert_eq!(ag.ziele[0].felder, [feld(Feld::Nummer, "2", "3")]);
    assert_eq!(ag.massnahmen[0].felder, [feld(Feld::Nummer, "2.1", "3.1")]);
}

#[test]
fn a_measure_put_under_another_goal_says_so() {
    let ziele = |unter_zwei: bool| {
        let m = vec![massnahme("x", "Bewerbungstraining", &[])];
        vec![
            ziel(
                "1",
                1,
                "Ausbildung",
                if unter_zwei { Vec::new() } else { m.clone() },
            ),
            ziel("2", 2, "Abschluss", if unter_zwei { m } else { Vec::new() }),
        ]
    };
    let aenderungen = compare(&stand(ziele(false)), &stand(ziele(true)));
    assert_eq!(
        aenderungen.arbeitsgruppen[0].massnahmen[0].felder,
        [feld(Feld::Ziel, "1", "2")]
    );
}

#[test]
fn ags_that_came_or_went_list_all_their_goals() {
    let mut neu = alt();
    neu.arbeitsgruppen.remove(1);
    let aenderungen = compare(&alt(), &neu);
    assert_eq!(aenderungen.arbeitsgruppen.len(), 1);
    assert_eq!(aenderungen.arbeitsgruppen[0].kurz, "AS");
    assert_eq!(aenderungen.arbeitsgruppen[0].ziele[0].art, Art::Entfallen);
    let aenderungen = compare(&neu, &alt());
    assert_eq!(
        aenderungen.arbeitsgruppen[0].ziele[0].art,
        Art::Hinzugefuegt
    );
}

#[test]
fn an_older_konzept_json_loads_and_other_json_is_refused_in_german() {
    let older = br#"{"schema": "ratsvorlage/konzept/1", "arbeitsgruppen": [
        {"name": "Sprache und Bildung", "kurz": "SB", "ziele": [
            {"nr": "1", "prioritaet": 1, "text": "Deutsch", "massnahmen": [
                {"nr": "1.1", "text": "Kurse"}]}]}]}"#;
    let stand = Stand::parse(older).unwrap();
    assert_eq!(stand.arbeitsgruppen[0].ziele[0].massnahmen[0].text, "Kurse");
    assert!(
        stand.arbeitsgruppen[0].ziele[0].massnahmen[0]
            .ansprechpartner
            .is_empty()
    );
    let err = Stand::parse(b"{\"schema\": \"oparl/1.1\", \"arbeitsgruppen\": []}").unwrap_err();
    assert!(err.contains("keine konzept.json von ratsvorlage"), "{err}");
    let err = Stand::parse(b"{\"ags\": []}").unwrap_err();
    assert!(err.contains("passt nicht zum Konzeptmodell"), "{err}");
    let err = Stand::parse(b"{kaputt").unwrap_err();
    assert!(
        err.starts_with("ist keine gültige JSON-Datei (Zeile 1"),
        "{err}"
    );
}

fn feld(feld: Feld, alt: &str, neu: &str) -> Feldaenderung {
    Feldaenderung {
        feld,
        alt: alt.to_owned(),
        neu: neu.to_owned(),
    }
}
