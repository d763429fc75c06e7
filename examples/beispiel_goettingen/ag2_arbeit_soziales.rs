//! AG 2 „Arbeit und Soziales“: the content of the example (fictional, written for this project).

use crate::content::Finanzierung::{Amount, Budget, CostNeutral, ThirdPartyFunds};
use crate::content::{Ag, Finding, Kind, Ziel, m, sitzung};

/// The AG's content.
pub(crate) const AG: Ag = Ag {
    number: 2,
    ziele: ZIELE,
    ausgangslage: AUSGANGSLAGE,
    sitzungen: SITZUNGEN,
};

const ZIELE: &[Ziel] = &[
    Ziel {
        number: 1,
        prioritaet: 1,
        leitziel: 2,
        text: "Jugendliche mit Migrationshintergrund finden häufiger einen Ausbildungsplatz.",
        massnahmen: &[
            m(
                "Ausbildungspatenschaften für Schülerinnen und Schüler der Abgangsklassen",
                "Patinnen und Paten aus Betrieben und Migrantenvereinen gewinnen, schulen und \
                 ein Jahr lang begleiten",
                &[
                    "Jugendmigrationsdienst des Diakonischen Werkes",
                    "Handwerkskammer",
                ],
                "kurzfristig",
                Amount(12_500),
            ),
            m(
                "Betriebe von Unternehmerinnen und Unternehmern mit Migrationshintergrund als \
                 Ausbildungsbetriebe gewinnen",
                "Informationsabend mit den Kammern; Beratung zur Ausbildereignung",
                &[
                    "Industrie- und Handelskammer",
                    "Handwerkskammer",
                    "Wirtschaftsförderung",
                ],
                "mittelfristig",
                CostNeutral,
            ),
            m(
                "Berufsorientierung gemeinsam mit den Eltern",
                "Mehrsprachige Elternabende an Haupt- und Realschulen zusammen mit der \
                 Berufsberatung",
                &["Agentur für Arbeit Göttingen", "Fachbereich Schule"],
                "laufend",
                Budget,
            ),
            m(
                "Bewerbungstraining mit interkulturellem Schwerpunkt",
                "Kurse an den Berufsbildenden Schulen in Zusammenarbeit mit der Volkshochschule",
                &["Volkshochschule Göttingen", "Berufsbildende Schulen"],
                "2009",
                Amount(3_000),
            ),
        ],
    },
    Ziel {
        number: 2,
        prioritaet: 2,
        leitziel: 2,
        text: "Im Ausland erworbene Abschlüsse werden anerkannt und genutzt.",
        massnahmen: &[
            m(
                "Erstberatung zur Anerkennung ausländischer Abschlüsse",
                "Lotsenfunktion zu den zuständigen Stellen; Absprachen mit den Kammern",
                &["Migrationsberatung der AWO", "Jobcenter Göttingen"],
                "mittelfristig",
                ThirdPartyFunds,
            ),
            m(
                "Anpassungsqualifizierung für Akademikerinnen und Akademiker",
                "Module an der Universität; Förderung über Bundesprogramme prüfen",
                &["Universität Göttingen", "Agentur für Arbeit Göttingen"],
                "langfristig",
                ThirdPartyFunds,
            ),
        ],
    },
    Ziel {
        number: 3,
        prioritaet: 3,
        leitziel: 3,
        text: "Zugewanderte nutzen die sozialen Beratungsangebote gleichberechtigt.",
        massnahmen: &[
            m(
                "Wegweiser „Soziale Beratung in Göttingen“ in sechs Sprachen",
                "Erstellung im Netzwerk Migration; Verteilung über Beratungsstellen, Ärzte und \
                 Vereine",
                &["Netzwerk Migration", "Büro für Integration"],
                "kurzfristig",
                Amount(4_800),
            ),
            m(
                "Dolmetscherpool für Beratungsgespräche",
                "Ehrenamtliche Sprachmittlerinnen und Sprachmittler schulen und über das Büro \
                 für Integration vermitteln",
                &["Büro für Integration", "Caritasverband Göttingen"],
                "kurzfristig",
                Budget,
            ),
            m(
                "Interkulturelle Schulung der Beschäftigten im Jobcenter",
                "Zweitägige Fortbildung für alle Teams, jährlich wiederholt",
                &["Jobcenter Göttingen"],
                "laufend",
                CostNeutral,
            ),
            m(
                "Sprechstunden der Migrationsberatung in den Stadtteilen",
                "Wöchentliche Sprechstunde in den Stadtteilbüros Grone und Holtenser Berg",
                &[
                    "Migrationsberatung der AWO",
                    "Caritasverband Göttingen",
                    "Jugendmigrationsdienst des Diakonischen Werkes",
                ],
                "mittelfristig",
                Amount(18_000),
            ),
        ],
    },
    Ziel {
        number: 4,
        prioritaet: 5,
        leitziel: 3,
        text: "Ältere Migrantinnen und Migranten sind in der Altenhilfe gut versorgt.",
        massnahmen: &[m(
            "Kultursensible Pflege in den ambulanten Diensten",
            "Fortbildungsreihe für Pflegekräfte; mehrsprachiges Informationsblatt für Familien",
            &["Fachdienst Senioren", "Diakonisches Werk Göttingen"],
            "langfristig",
            ThirdPartyFunds,
        )],
    },
    Ziel {
        number: 5,
        prioritaet: 4,
        leitziel: 5,
        text: "Unternehmerinnen und Unternehmer mit Migrationshintergrund werden gestärkt.",
        massnahmen: &[
            m(
                "Gründungsberatung in mehreren Sprachen",
                "Beratungstage der Wirtschaftsförderung mit Sprachmittlung",
                &["Wirtschaftsförderung", "Industrie- und Handelskammer"],
                "mittelfristig",
                Budget,
            ),
            m(
                "Netzwerk migrantischer Unternehmen",
                "Regelmäßiges Unternehmerfrühstück, erstmals im Frühjahr 2009",
                &[
                    "Wirtschaftsförderung",
                    "Deutsch-Türkischer Kulturverein Göttingen",
                ],
                "2009",
                CostNeutral,
            ),
        ],
    },
];

const AUSGANGSLAGE: &[Finding] = &[
    Finding {
        kind: Kind::Defizit,
        text: "Jugendliche mit Migrationshintergrund sind unter den Bewerberinnen und Bewerbern \
               ohne Ausbildungsplatz deutlich überrepräsentiert.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Im Herkunftsland erworbene Abschlüsse werden selten anerkannt; viele Qualifizierte \
               arbeiten unter ihrem Niveau.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Beratungsangebote sind vielen Zugewanderten nicht bekannt.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Zahlreiche Betriebe von Inhaberinnen und Inhabern mit Migrationshintergrund \
               könnten ausbilden.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Mehrsprachige Beschäftigte sind eine Stärke für Betriebe und Verwaltung.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Migrationsberatung für Erwachsene bei AWO und Caritas, Jugendmigrationsdienst beim \
               Diakonischen Werk.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Berufsorientierung der Agentur für Arbeit an allen Haupt- und Realschulen.",
    },
];

const SITZUNGEN: &[crate::content::Sitzung] = &[
    sitzung(
        3,
        6,
        "Jobcenter Göttingen, Besprechungsraum",
        "Ausgangslage",
    ),
    sitzung(4, 24, "Neues Rathaus, Raum 118", "Ziele und Rangfolge"),
    sitzung(
        6,
        12,
        "Neues Rathaus, Raum 118",
        "Maßnahmen und Umsetzungsschritte",
    ),
];
