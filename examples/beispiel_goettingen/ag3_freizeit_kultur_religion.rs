//! AG 3 „Freizeit, Kultur und Religion“: the content of the example (fictional, written for
//! this project).

use crate::content::Finanzierung::{Amount, Budget, CostNeutral, ThirdPartyFunds};
use crate::content::{Ag, Finding, Kind, Ziel, m, sitzung};

/// The AG's content.
pub(crate) const AG: Ag = Ag {
    number: 3,
    ziele: ZIELE,
    ausgangslage: AUSGANGSLAGE,
    sitzungen: SITZUNGEN,
};

const ZIELE: &[Ziel] = &[
    Ziel {
        number: 1,
        prioritaet: 2,
        leitziel: 4,
        text: "Der Dialog der Religionen in Göttingen wird verstetigt.",
        massnahmen: &[
            m(
                "Runder Tisch der Religionen",
                "Vierteljährliche Treffen der Gemeinden; Geschäftsführung beim Büro für Integration",
                &[
                    "Büro für Integration",
                    "Ev.-luth. Kirchenkreis Göttingen",
                    "Islamische Gemeinde Göttingen",
                ],
                "kurzfristig",
                CostNeutral,
            ),
            m(
                "Tag der offenen Moschee, Kirche und Synagoge",
                "Gemeinsames Programm am 3. Oktober; Ankündigung über Presse und Gemeindebriefe",
                &[
                    "Islamische Gemeinde Göttingen",
                    "Jüdische Gemeinde Göttingen",
                ],
                "laufend",
                Amount(1_500),
            ),
            m(
                "Besuche von Gotteshäusern im Unterricht",
                "Angebote für den Religions- und Werte-und-Normen-Unterricht der Klassen 5 bis 7",
                &["Fachbereich Schule", "Ev.-luth. Kirchenkreis Göttingen"],
                "mittelfristig",
                CostNeutral,
            ),
        ],
    },
    Ziel {
        number: 2,
        prioritaet: 1,
        leitziel: 3,
        text: "Migrantinnen und Migranten nehmen gleichberechtigt am Vereins- und Sportleben teil.",
        massnahmen: &[
            m(
                "Sportvereine öffnen sich für Zugewanderte",
                "Übungsleiterinnen und Übungsleiter mit Migrationshintergrund ausbilden; \
                 Schnupperangebote in den Stadtteilen",
                &["Stadtsportbund Göttingen"],
                "mittelfristig",
                ThirdPartyFunds,
            ),
            m(
                "Schwimmkurse für Mädchen und Frauen",
                "Eigene Badezeiten im Hallenbad mit Kursleiterinnen",
                &["Stadtsportbund Göttingen", "Gleichstellungsbüro"],
                "kurzfristig",
                Amount(6_000),
            ),
            m(
                "Vereinsberatung für Migrantenselbstorganisationen",
                "Beratung zu Vereinsrecht, Fördermitteln und Öffentlichkeitsarbeit",
                &["Büro für Integration", "Freiwilligenagentur Göttingen"],
                "laufend",
                Budget,
            ),
            m(
                "Ferienpass für alle Kinder bekannt machen",
                "Mehrsprachige Ankündigung über Schulen, Kitas und Vereine",
                &["Fachbereich Jugend"],
                "kurzfristig",
                Budget,
            ),
        ],
    },
    Ziel {
        number: 3,
        prioritaet: 3,
        leitziel: 4,
        text: "Die kulturelle Vielfalt der Stadt wird sichtbar.",
        massnahmen: &[
            m(
                "Interkulturelle Woche gemeinsam gestalten",
                "Vorbereitungskreis aus Vereinen, Kirchen und Kultureinrichtungen",
                &[
                    "Büro für Integration",
                    "Integrationsrat",
                    "Fachdienst Kultur",
                ],
                "laufend",
                Amount(8_000),
            ),
            m(
                "Migrantenvereine im städtischen Kulturprogramm",
                "Auftritte beim Stadtfest und in der Reihe „Kultur im Park“",
                &["Fachdienst Kultur"],
                "mittelfristig",
                CostNeutral,
            ),
        ],
    },
    Ziel {
        number: 4,
        prioritaet: 4,
        leitziel: 5,
        text: "Migrantenselbstorganisationen verfügen über geeignete Räume.",
        massnahmen: &[m(
            "Raumbörse für Vereine",
            "Übersicht freier Räume in Schulen, Gemeindehäusern und Stadtteilzentren",
            &["Büro für Integration", "Fachbereich Gebäude"],
            "2009",
            CostNeutral,
        )],
    },
    Ziel {
        number: 5,
        prioritaet: 5,
        leitziel: 3,
        text: "Jugendliche unterschiedlicher Herkunft begegnen sich in ihrer Freizeit.",
        massnahmen: &[
            m(
                "Gemeinsame Projekte von Jugendzentren und Jugendgruppen der Migrantenvereine",
                "Projektfonds mit einfacher Antragstellung",
                &["Fachbereich Jugend", "Stadtjugendring Göttingen"],
                "mittelfristig",
                ThirdPartyFunds,
            ),
            m(
                "Sporthallen für Jugendgruppen am Wochenende öffnen",
                "Schlüsseldienst über die Hausmeister; Nutzungsvereinbarung",
                &["Fachdienst Sport"],
                "kurzfristig",
                Budget,
            ),
        ],
    },
];

const AUSGANGSLAGE: &[Finding] = &[
    Finding {
        kind: Kind::Defizit,
        text: "Migrantenvereine finden kaum bezahlbare Räume für ihre Arbeit.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Mädchen und Frauen mit Migrationshintergrund sind in Sportvereinen selten vertreten.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Eine lebendige Vereinslandschaft mit über 40 Migrantenselbstorganisationen.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Die Religionsgemeinschaften kennen sich und sind zum Dialog bereit.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Interkulturelle Woche mit jährlich wechselnden Partnern.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Jugendzentren mit offener Arbeit in allen Stadtteilen.",
    },
];

const SITZUNGEN: &[crate::content::Sitzung] = &[
    sitzung(3, 11, "Stadtteilzentrum Grone", "Ausgangslage"),
    sitzung(4, 15, "Stadtteilzentrum Grone", "Ziele und Rangfolge"),
    sitzung(6, 17, "Altes Rathaus, Ratsstube", "Maßnahmen"),
];
