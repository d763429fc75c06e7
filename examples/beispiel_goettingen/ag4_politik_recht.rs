//! AG 4 „Politik und Recht“: the content of the example (fictional, written for this project).

use crate::content::Finanzierung::{Amount, Budget, CostNeutral, ThirdPartyFunds};
use crate::content::{Ag, Finding, Kind, Ziel, m, sitzung};

/// The AG's content.
pub(crate) const AG: Ag = Ag {
    number: 4,
    ziele: ZIELE,
    ausgangslage: AUSGANGSLAGE,
    sitzungen: SITZUNGEN,
};

const ZIELE: &[Ziel] = &[
    Ziel {
        number: 1,
        prioritaet: 1,
        leitziel: 3,
        text: "Migrantinnen und Migranten beteiligen sich stärker an der Kommunalpolitik.",
        massnahmen: &[
            m(
                "Beteiligung an der Wahl zum Integrationsrat erhöhen",
                "Mehrsprachige Wahlinformation; Infostände in Vereinen und Gemeinden; \
                 Briefwahl erleichtern",
                &["Integrationsrat", "Wahlamt"],
                "2011",
                Budget,
            ),
            m(
                "Politische Bildung für Zugewanderte",
                "Seminarreihe „Wie funktioniert Kommunalpolitik?“ mit Besuch einer Ratssitzung",
                &["Volkshochschule Göttingen", "Integrationsrat"],
                "kurzfristig",
                Amount(3_500),
            ),
            m(
                "Mentoring für Kandidatinnen und Kandidaten mit Migrationshintergrund",
                "Ratsmitglieder begleiten Interessierte ein Jahr lang bei ihrer politischen Arbeit",
                &["politische Fraktionen", "Integrationsrat"],
                "mittelfristig",
                CostNeutral,
            ),
            m(
                "Rechte des Integrationsrates stärken",
                "Rede- und Antragsrecht in den Fachausschüssen; Geschäftsstelle im Büro für \
                 Integration",
                &["Rat der Stadt Göttingen", "Büro für Integration"],
                "kurzfristig",
                Budget,
            ),
        ],
    },
    Ziel {
        number: 2,
        prioritaet: 2,
        leitziel: 4,
        text: "Die Ausländerbehörde wird zu einer Service- und Willkommensbehörde.",
        massnahmen: &[
            m(
                "Mehrsprachige Merkblätter und Formulare",
                "Übersetzung der wichtigsten Merkblätter in acht Sprachen",
                &["Fachdienst Ausländerangelegenheiten"],
                "kurzfristig",
                Amount(6_000),
            ),
            m(
                "Interkulturelle Fortbildung für die Beschäftigten",
                "Fortbildung und Supervision für alle Sachbearbeiterinnen und Sachbearbeiter",
                &[
                    "Fachdienst Ausländerangelegenheiten",
                    "Fachbereich Personal",
                ],
                "laufend",
                Budget,
            ),
            m(
                "Für die Einbürgerung werben",
                "Einbürgerungsfeier im Alten Rathaus; Informationsschreiben an alle, die die \
                 Voraussetzungen erfüllen",
                &[
                    "Fachdienst Ausländerangelegenheiten",
                    "Büro für Integration",
                ],
                "2009",
                Amount(2_500),
            ),
        ],
    },
    Ziel {
        number: 3,
        prioritaet: 3,
        leitziel: 4,
        text: "Diskriminierung wird erkannt und entschieden bekämpft.",
        massnahmen: &[
            m(
                "Anlaufstelle bei Diskriminierung",
                "Beschwerdestelle im Büro für Integration; Zusammenarbeit mit den \
                 Beratungsstellen; jährlicher Bericht an den Rat",
                &["Büro für Integration", "Netzwerk Migration"],
                "mittelfristig",
                Budget,
            ),
            m(
                "Kampagne gegen Diskriminierung bei der Wohnungs- und Arbeitssuche",
                "Plakate, Testings und Gespräche mit Wohnungsgesellschaften",
                &["Netzwerk Migration", "Integrationsrat"],
                "2009",
                ThirdPartyFunds,
            ),
        ],
    },
    Ziel {
        number: 4,
        prioritaet: 5,
        leitziel: 3,
        text: "Zugewanderte kennen ihre Rechte und Pflichten.",
        massnahmen: &[m(
            "Rechtsberatung im Stadtteil",
            "Kostenlose Erstberatung einmal im Monat in der Volkshochschule",
            &["Göttinger Anwaltverein", "Volkshochschule Göttingen"],
            "mittelfristig",
            CostNeutral,
        )],
    },
    Ziel {
        number: 5,
        prioritaet: 4,
        leitziel: 5,
        text: "In der Stadtverwaltung arbeiten mehr Menschen mit Migrationshintergrund.",
        massnahmen: &[
            m(
                "Ausbildungsmarketing der Stadt für junge Migrantinnen und Migranten",
                "Vorstellung der Ausbildungsberufe in Migrantenvereinen und auf Messen",
                &["Fachbereich Personal"],
                "laufend",
                CostNeutral,
            ),
            m(
                "Interkulturelle Kompetenz in Stellenausschreibungen",
                "Fremdsprachen und interkulturelle Erfahrung als erwünschte Qualifikation nennen",
                &["Fachbereich Personal", "Personalrat"],
                "mittelfristig",
                CostNeutral,
            ),
        ],
    },
];

const AUSGANGSLAGE: &[Finding] = &[
    Finding {
        kind: Kind::Defizit,
        text: "Die Beteiligung an der letzten Wahl zum Integrationsrat lag unter zehn Prozent.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Viele Zugewanderte erleben die Ausländerbehörde als abweisend; die Wartezeiten \
               sind lang.",
    },
    Finding {
        kind: Kind::Defizit,
        text: "Erfahrungen mit Diskriminierung bei der Wohnungs- und Arbeitssuche werden nirgends \
               erfasst.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Der Integrationsrat ist in Rat und Verwaltung anerkannt.",
    },
    Finding {
        kind: Kind::Potenzial,
        text: "Viele Zugewanderte mit langem Aufenthalt erfüllen die Voraussetzungen für die \
               Einbürgerung.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Sprechstunden des Integrationsrates im Neuen Rathaus.",
    },
    Finding {
        kind: Kind::Angebot,
        text: "Das Netzwerk Migration verbindet über 30 Einrichtungen und Vereine.",
    },
];

const SITZUNGEN: &[crate::content::Sitzung] = &[
    sitzung(3, 13, "Neues Rathaus, Sitzungssaal", "Ausgangslage"),
    sitzung(5, 6, "Neues Rathaus, Sitzungssaal", "Ziele und Rangfolge"),
    sitzung(6, 19, "Altes Rathaus, Ratsstube", "Maßnahmen"),
];
