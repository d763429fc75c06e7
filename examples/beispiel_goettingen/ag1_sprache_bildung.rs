//! AG 1 „Sprache und Bildung“: the content of the example (fictional, written for this project).

use crate::content::Finanzierung::{Amount, Budget, CostNeutral, ThirdPartyFunds};
use crate::content::{Ag, Finding, Kind, Ziel, m, sitzung};

/// The AG's content.
pub(crate) const AG: Ag = Ag {
    number: 1,
    ziele: ZIELE,
    ausgangslage: AUSGANGSLAGE,
    sitzungen: SITZUNGEN,
};

const ZIELE: &[Ziel] = &[
    Ziel {
        number: 1,
        prioritaet: 1,
        leitziel: 1,
        text: "Alle Kinder verfügen bei der Einschulung über altersgerechte Deutschkenntnisse.",
        massnahmen: &[
            m(
                "Sprachstandsfeststellung in allen Kitas ab dem vierten Lebensjahr",
                "Einheitliches Verfahren in städtischen und freien Kitas; Schulung der Fachkräfte \
                 durch die Kita-Fachberatung",
                &["Fachbereich Jugend", "Kita-Fachberatung"],
                "kurzfristig",
                Budget,
            ),
            m(
                "Alltagsintegrierte Sprachförderung für alle Kinder mit Förderbedarf",
                "Tägliche Kleingruppen; zusätzliche Fachkraftstunden für Kitas mit hohem Anteil \
                 an Kindern nichtdeutscher Herkunftssprache",
                &["Fachbereich Jugend", "Träger der Kindertagesstätten"],
                "mittelfristig",
                Amount(45_000),
            ),
            m(
                "Elternprogramm „Rucksack“ in Kitas der Weststadt und in Grone",
                "Mütter werden zu Elternbegleiterinnen geschult und leiten Elterngruppen in der \
                 Herkunftssprache und auf Deutsch",
                &["Büro für Integration", "Migrationsberatung der AWO"],
                "2009",
                ThirdPartyFunds,
            ),
            m(
                "Übergang von der Kita in die Grundschule verbindlich gestalten",
                "Kooperationskalender je Schulbezirk; gemeinsame Gespräche von Kita, Schule und \
                 Eltern im letzten Kita-Jahr",
                &["Fachbereich Schule", "Fachbereich Jugend"],
                "mittelfristig",
                CostNeutral,
            ),
        ],
    },
    Ziel {
        number: 2,
        prioritaet: 2,
        leitziel: 2,
        text: "Schülerinnen und Schüler mit Migrationshintergrund erreichen häufiger mittlere \
               und höhere Schulabschlüsse.",
        massnahmen: &[
            m(
                "Hausaufgabenhilfe und Lernpatenschaften ausbauen",
                "Studierende als Lernpatinnen und Lernpaten gewinnen; Räume in den \
                 Stadtteilzentren nutzen",
                &["Universität Göttingen", "Freiwilligenagentur Göttingen"],
                "kurzfristig",
                Amount(12_000),
            ),
            m(
                "Herkunftssprachlichen Unterricht an Grundschulen sichern",
                "Bedarf bei den Eltern erheben und das Angebot mit der Landesschulbehörde abstimmen",
                &["Fachbereich Schule", "Landesschulbehörde"],
                "mittelfristig",
                Budget,
            ),
            m(
                "Interkulturelle Fortbildung für Lehrkräfte",
                "Jährliche Fortbildungsreihe zu Mehrsprachigkeit und Elternarbeit",
                &["Volkshochschule Göttingen", "Fachbereich Schule"],
                "laufend",
                ThirdPartyFunds,
            ),
        ],
    },
    Ziel {
        number: 3,
        prioritaet: 3,
        leitziel: 2,
        text: "Eltern mit Migrationshintergrund begleiten den Bildungsweg ihrer Kinder aktiv.",
        massnahmen: &[
            m(
                "Mehrsprachige Informationsabende zum Schulsystem",
                "Zweimal im Jahr vor den Anmeldeterminen; Sprachmittlerinnen und Sprachmittler \
                 aus dem Dolmetscherpool",
                &[
                    "Büro für Integration",
                    "Fachbereich Schule",
                    "Integrationsrat",
                ],
                "kurzfristig",
                Amount(2_500),
            ),
            m(
                "Elternlotsinnen und Elternlotsen an Schulen",
                "Ehrenamtliche aus Migrantenvereinen werden geschult und begleiten Eltern zu \
                 Gesprächen in Schule und Kita",
                &["Migrationsberatung der AWO", "Büro für Integration"],
                "2009",
                ThirdPartyFunds,
            ),
        ],
    },
    Ziel {
        number: 4,
        prioritaet: 4,
        leitziel: 1,
        text: "Erwachsene Zugewanderte finden einen Deutschkurs, der zu ihrer Lebenslage passt.",
        massnahmen: &[
            m(
                "Integrationskurse mit Kinderbetreuung",
                "Betreuung der Kinder während der Kurszeiten in Räumen der Volkshochschule",
                &["Volkshochschule Göttingen"],
                "kurzfristig",
                ThirdPartyFunds,
            ),
            m(
                "Deutschkurse für Frauen im Stadtteil",
                "Vormittagskurse in Familienzentren und Gemeinderäumen, mit Kinderbetreuung",
                &["Volkshochschule Göttingen", "Caritasverband Göttingen"],
                "laufend",
                Amount(8_000),
            ),
            m(
                "Übersicht aller Sprachkurse in Göttingen",
                "Jährlich aktualisierte Broschüre und Internetseite in sechs Sprachen",
                &["Büro für Integration"],
                "kurzfristig",
                CostNeutral,
            ),
        ],
    },
    Ziel {
        number: 5,
        prioritaet: 6,
        leitziel: 4,
        text: "Kitas und Schulen öffnen sich interkulturell.",
        massnahmen: &[m(
            "Mehr pädagogische Fachkräfte mit Migrationshintergrund gewinnen",
            "Gezielte Ansprache auf Ausbildungsmessen; Praktikumsplätze in städtischen Kitas",
            &["Fachbereich Personal", "Berufsbildende Schulen"],
            "langfristig",
            CostNeutral,
        )],
    },
    Ziel {
        number: 6,
        prioritaet: 5,
        leitziel: 1,
        text: "Die Stadtbibliothek ist ein Lernort für Familien aller Herkunft.",
        massnahmen: &[
            m(
                "Mehrsprachige Medien und Vorlesestunden",
                "Bestand in den häufigsten Herkunftssprachen aufbauen; Vorlesepatinnen und \
                 Vorlesepaten aus Migrantenvereinen",
                &["Stadtbibliothek Göttingen", "Integrationsrat"],
                "mittelfristig",
                Amount(5_000),
            ),
            m(
                "Bibliotheksführungen für Integrationskurse",
                "Feste Termine für alle Kurse der Volkshochschule mit Anmeldung zum Leseausweis",
                &["Stadtbibliothek Göttingen", "Volkshochschule Göttingen"],
                "kurzfristig",
                CostNeutral,
            ),
        ],
    },
];

const AUSGANGSLAGE: &[Finding] = &[
    Finding {
        kind: Kind::Defizit,
        text: "Viele Kinder kommen mit geringen Deutschkenntnissen in die Grundschule; die \
               Sprachförderung in den Kitas ist uneinheitlich.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Schülerinnen und Schüler mit Migrationshintergrund verlassen die Schule \
               überdurchschnittlich oft ohne Abschluss.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Eltern fehlen Informationen über das Schulsystem und die Übergänge nach der \
               Grundschule.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Viele Kinder wachsen mehrsprachig auf; Mehrsprachigkeit ist eine Fähigkeit, auf \
               die Kitas und Schulen aufbauen können.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Migrantenvereine bieten an, Eltern anzusprechen und zu begleiten.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Integrationskurse der Volkshochschule und weiterer Träger mit rund 400 Plätzen \
               im Jahr.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Hausaufgabenhilfen in mehreren Stadtteilzentren.",
    },
];

const SITZUNGEN: &[crate::content::Sitzung] = &[
    sitzung(
        3,
        4,
        "Neues Rathaus, Raum 118",
        "Ausgangslage: Defizite, Potenziale, Angebote",
    ),
    sitzung(
        4,
        22,
        "Volkshochschule Göttingen",
        "Ziele und ihre Rangfolge",
    ),
    sitzung(
        6,
        10,
        "Neues Rathaus, Raum 118",
        "Maßnahmen und Umsetzungsvorschläge",
    ),
];
