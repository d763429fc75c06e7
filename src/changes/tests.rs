//! Tests of the change comparison: pairing by number and text, moved measures, the text and
//! the reading of earlier `konzept.json` files.

use super::*;
use crate::changes::list::Field;
use crate::model::{Massnahme, Ziel};

fn massnahme(number: &str, text: &str, ansprechpartner: &[&str]) -> Massnahme {
    Massnahme {
        number: number.to_owned(),
        text: text.to_owned(),
        ansprechpartner: ansprechpartner.iter().map(|s| (*s).to_owned()).collect(),
        ..Massnahme::default()
    }
}

fn ziel(number: &str, prioritaet: u32, text: &str, massnahmen: Vec<Massnahme>) -> Ziel {
    Ziel {
        number: number.to_owned(),
        prioritaet,
        text: text.to_owned(),
        massnahmen,
        ..Ziel::default()
    }
}

fn state(ziele: Vec<Ziel>) -> Vec<Arbeitsgruppe> {
    vec![
        Arbeitsgruppe {
            name: "Sprache und Bildung".to_owned(),
            short: "SB".to_owned(),
            ziele,
            ..Arbeitsgruppe::default()
        },
        Arbeitsgruppe {
            name: "Arbeit und Soziales".to_owned(),
            short: "AS".to_owned(),
            ziele: vec![ziel("1", 1, "Ausbildung fördern", Vec::new())],
            ..Arbeitsgruppe::default()
        },
    ]
}

fn old() -> Vec<Arbeitsgruppe> {
    state(vec![
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
    let changes = compare(&old(), &old());
    assert!(changes.is_empty());
    assert_eq!(
        text::render(&changes),
        "Keine Änderungen an Zielen und Maßnahmen.\n"
    );
}

#[test]
fn added_removed_changed_and_reprioritised_items_are_listed_by_ag() {
    let new = state(vec![
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
    let changes = compare(&old(), &new);
    assert_eq!(
        text::render(&changes),
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
    let json = serde_json::to_value(&changes).unwrap();
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
fn goals_numbered_by_their_rank_say_their_new_priority_once() {
    // Two goals swap ranks, and their numbers follow the ranks: the number's change is the
    // priority's, said once (it used to print `Nummer: 1 → 2` and `Priorität: 1 → 2`).
    let old = state(vec![
        ziel("1", 1, "Alle Kinder sprechen Deutsch.", Vec::new()),
        ziel(
            "2",
            2,
            "Mehr Jugendliche erreichen einen Abschluss.",
            Vec::new(),
        ),
    ]);
    let new = state(vec![
        ziel(
            "1",
            1,
            "Mehr Jugendliche erreichen einen Abschluss.",
            Vec::new(),
        ),
        ziel("2", 2, "Alle Kinder sprechen Deutsch.", Vec::new()),
    ]);
    assert_eq!(
        text::render(&compare(&old, &new)),
        "Änderungen in 1 AG: 2 Ziele umpriorisiert.\n\
         AG Sprache und Bildung (SB)\n\
         \x20 Ziel 1 umpriorisiert: „Mehr Jugendliche erreichen einen Abschluss.“\n\
         \x20   Priorität: 2 → 1\n\
         \x20 Ziel 2 umpriorisiert: „Alle Kinder sprechen Deutsch.“\n\
         \x20   Priorität: 1 → 2\n"
    );
    // A number of its own is still a change of its own.
    let renumbered = state(vec![ziel(
        "3",
        2,
        "Alle Kinder sprechen Deutsch.",
        Vec::new(),
    )]);
    let fields = &compare(&old[..1], &renumbered[..1]).arbeitsgruppen[0].ziele[0].field_changes;
    assert_eq!(
        fields,
        &[
            field(Field::Number, "1", "3"),
            field(Field::Prioritaet, "1", "2")
        ]
    );
}

#[test]
fn a_renumbered_goal_moves_its_measures_without_calling_them_moved() {
    let old = state(vec![ziel(
        "2",
        1,
        "Mehr Jugendliche erreichen einen Abschluss.",
        vec![massnahme("2.1", "Bewerbungstraining", &[])],
    )]);
    let new = state(vec![ziel(
        "3",
        1,
        "Mehr Jugendliche erreichen einen Abschluss.",
        vec![massnahme("3.1", "Bewerbungstraining", &[])],
    )]);
    let changes = compare(&old, &new);
    let ag = &changes.arbeitsgruppen[0];
    assert_eq!(ag.ziele[0].field_changes, [field(Field::Number, "2", "3")]);
    assert_eq!(
        ag.massnahmen[0].field_changes,
        [field(Field::Number, "2.1", "3.1")]
    );
}

#[test]
fn a_measure_put_under_another_goal_says_so() {
    let ziele = |under_two: bool| {
        let m = vec![massnahme("x", "Bewerbungstraining", &[])];
        vec![
            ziel(
                "1",
                1,
                "Ausbildung",
                if under_two { Vec::new() } else { m.clone() },
            ),
            ziel("2", 2, "Abschluss", if under_two { m } else { Vec::new() }),
        ]
    };
    let changes = compare(&state(ziele(false)), &state(ziele(true)));
    assert_eq!(
        changes.arbeitsgruppen[0].massnahmen[0].field_changes,
        [field(Field::Ziel, "1", "2")]
    );
}

#[test]
fn ags_that_came_or_went_list_all_their_goals() {
    let mut new = old();
    new.remove(1);
    let changes = compare(&old(), &new);
    assert_eq!(changes.arbeitsgruppen.len(), 1);
    assert_eq!(changes.arbeitsgruppen[0].short, "AS");
    assert_eq!(changes.arbeitsgruppen[0].ziele[0].kind, ChangeKind::Removed);
    let changes = compare(&new, &old());
    assert_eq!(changes.arbeitsgruppen[0].ziele[0].kind, ChangeKind::Added);
}

#[test]
fn an_older_konzept_json_loads_and_other_json_is_refused_in_german() {
    let older = br#"{"schema": "ratsvorlage/konzept/1", "arbeitsgruppen": [
        {"name": "Sprache und Bildung", "kurz": "SB", "ziele": [
            {"nr": "1", "prioritaet": 1, "text": "Deutsch", "massnahmen": [
                {"nr": "1.1", "text": "Kurse"}]}]}]}"#;
    let earlier = parse(older).unwrap();
    assert_eq!((earlier.vorlage_number, earlier.vorlage_date), (None, None));
    let ags = earlier.arbeitsgruppen;
    assert_eq!(ags[0].ziele[0].massnahmen[0].text, "Kurse");
    assert!(ags[0].ziele[0].massnahmen[0].ansprechpartner.is_empty());
    let err = parse(b"{\"schema\": \"oparl/1.1\", \"arbeitsgruppen\": []}").unwrap_err();
    assert!(
        err.message.contains("keine konzept.json von ratsvorlage"),
        "{err}"
    );
    assert_eq!(err.detail, None);
    let err = parse(b"{\"ags\": []}").unwrap_err();
    assert!(
        err.message.contains("passt nicht zum Konzeptmodell"),
        "{err}"
    );
    assert!(
        err.detail.as_deref().unwrap().contains("missing field"),
        "{err}"
    );
    let err = parse(b"{kaputt").unwrap_err();
    assert!(
        err.message
            .starts_with("ist keine gültige JSON-Datei (Zeile 1"),
        "{err}"
    );
    // The parser's own words stay out of the German message.
    assert!(!err.message.contains("key must be"), "{err}");
    assert!(err.detail.is_some(), "{err}");
}

fn field(field: Field, old: &str, new: &str) -> FieldChange {
    FieldChange {
        field,
        old: old.to_owned(),
        new: new.to_owned(),
    }
}
