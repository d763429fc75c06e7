//! Who attended which AG session (fictional people): the data behind both attendance files,
//! and the rows each list shape turns it into.
//!
//! AG 1 and 2 are written as one wide workbook (one row per person, one column per session,
//! surname and first name in two columns); AG 3 and 4 as one long CSV (one row per person and
//! session, the whole name in one column). A person who attends several AGs appears once per
//! AG; two of them once with another spelling (case, spaces), as happens in real lists.

/// How a list names a person.
#[derive(Clone, Copy)]
pub(crate) enum Name {
    /// Surname and first name in two columns (the wide workbook).
    Split {
        /// Surname.
        surname: &'static str,
        /// First name.
        first_name: &'static str,
    },
    /// The whole name in one column (the long CSV), as written there.
    Whole(&'static str),
    /// No name: only the organisation was written down.
    Anonymous,
}

impl Name {
    /// The name as one text, first name first; `None` when anonymous.
    pub(crate) fn full(self) -> Option<String> {
        match self {
            Self::Split {
                surname,
                first_name,
            } => Some(format!("{first_name} {surname}")),
            Self::Whole(name) => Some(name.to_owned()),
            Self::Anonymous => None,
        }
    }
}

/// One person's line in one AG's list.
pub(crate) struct Entry {
    /// The person's name, as the list writes it.
    pub name: Name,
    /// Organisation; empty for private persons.
    pub organisation: &'static str,
    /// The free text in the `Bereich` column; empty when not given.
    pub bereich: &'static str,
    /// Per session of the AG: `x` present, `-` absent.
    pub present: &'static str,
}

/// The list of one AG.
pub(crate) struct List {
    /// Number of the AG (Handlungsfeld), from 1.
    pub ag: usize,
    /// Its lines.
    pub entries: &'static [Entry],
}

/// The session numbers (from 1) at which an entry was present.
pub(crate) fn sitzungen(entry: &Entry) -> impl Iterator<Item = u32> + '_ {
    (1..)
        .zip(entry.present.chars())
        .filter(|(_, mark)| *mark == 'x')
        .map(|(number, _)| number)
}

const fn p(
    surname: &'static str,
    first_name: &'static str,
    organisation: &'static str,
    bereich: &'static str,
    present: &'static str,
) -> Entry {
    Entry {
        name: Name::Split {
            surname,
            first_name,
        },
        organisation,
        bereich,
        present,
    }
}

const fn w(
    name: &'static str,
    organisation: &'static str,
    bereich: &'static str,
    present: &'static str,
) -> Entry {
    Entry {
        name: Name::Whole(name),
        organisation,
        bereich,
        present,
    }
}

const fn anonymous(
    organisation: &'static str,
    bereich: &'static str,
    present: &'static str,
) -> Entry {
    Entry {
        name: Name::Anonymous,
        organisation,
        bereich,
        present,
    }
}

/// The lists of AG 1 and AG 2: written into the wide workbook.
pub(crate) const WIDE: [List; 2] = [
    List {
        ag: 1,
        entries: &[
            p(
                "Demir",
                "Aylin",
                "Deutsch-Türkischer Kulturverein Göttingen",
                "Kulturverein",
                "xxx",
            ),
            p(
                "Haddad",
                "Nadia",
                "Arabischer Frauenverein Göttingen",
                "MSO",
                "xx-",
            ),
            p(
                "Petrova",
                "Elena",
                "Russischsprachiger Elternverein Göttingen",
                "Migrantenverein",
                "x-x",
            ),
            p(
                "Russo",
                "Giuseppe",
                "Italienischer Elternverein",
                "Migrantenverein",
                "-xx",
            ),
            p("Lindemann", "Petra", "Kita Regenbogen", "Kita", "xxx"),
            p(
                "Hoffmann",
                "Anja",
                "Kindertagesstätte Am Weinberg",
                "Kindertagesstätte",
                "xxx",
            ),
            p("Brandt", "Claudia", "Städtische Kita Grone", "Kita", "x-x"),
            p("Vogt", "Monika", "Kita Holtenser Berg", "Kita", "xx-"),
            p(
                "Krause",
                "Jutta",
                "Ev. Kindergarten St. Paulus",
                "Kindergarten",
                "xxx",
            ),
            p("Yilmaz", "Derya", "AWO-Kita Weststadt", "Kita", "-xx"),
            p(
                "Schulze",
                "Heike",
                "Kita Leineberg",
                "Kindertagesstätte",
                "xxx",
            ),
            anonymous("Kita Sonnenschein", "Kita", "x--"),
            p(
                "Becker",
                "Thomas",
                "Grundschule Grone",
                "Grundschule",
                "xxx",
            ),
            p(
                "Schulz",
                "Martina",
                "Grundschule Holtenser Berg",
                "Grundschule",
                "xx-",
            ),
            p(
                "Hartmann",
                "Jens",
                "Hauptschule Hagenweg",
                "Hauptschule",
                "xxx",
            ),
            p(
                "Fischer",
                "Ulrike",
                "Integrierte Gesamtschule Göttingen",
                "Gesamtschule",
                "-x-",
            ),
            p("Neumann", "Karin", "Realschule Weststadt", "Schule", "x-x"),
            p(
                "Arslan",
                "Gül",
                "Grundschule Leineberg",
                "Grundschule",
                "xxx",
            ),
            p(
                "König",
                "Andrea",
                "Volkshochschule Göttingen",
                "Bildungsträger",
                "xxx",
            ),
            p(
                "Albrecht",
                "Katrin",
                "Universität Göttingen",
                "Hochschule",
                "-x-",
            ),
            p(
                "Papadopoulos",
                "Dimitrios",
                "Integrationsrat",
                "Integrationsrat",
                "xx-",
            ),
            p(
                "Sokolova",
                "Irina",
                "Integrationsrat",
                "Integrationsrat",
                "x-x",
            ),
            p(
                "Krüger",
                "Sabine",
                "Büro für Integration",
                "Verwaltung",
                "xxx",
            ),
            p(
                "Busch",
                "Wolfgang",
                "Fachbereich Schule",
                "Stadtverwaltung",
                "xxx",
            ),
            p("Lorenz", "Ingrid", "", "Einzelperson", "--x"),
        ],
    },
    List {
        ag: 2,
        entries: &[
            p(
                "Haddad",
                "Nadia",
                "Arabischer Frauenverein Göttingen",
                "MSO",
                "x-x",
            ),
            p(
                "Aksoy",
                "Fatma",
                "Internationaler Frauentreff Grone",
                "Migrantenselbstorganisation",
                "xxx",
            ),
            p(
                "Nguyen",
                "Lan",
                "Vietnamesischer Verein Göttingen",
                "Migrantenverein",
                "xx-",
            ),
            anonymous("Kurdisches Kulturzentrum Göttingen", "Kulturverein", "xxx"),
            p(
                "Wagner",
                "Olga",
                "Verein der Deutschen aus Russland",
                "Migrantenverein",
                "-xx",
            ),
            // The same person as in AG 1, written in lower case and with a double space.
            p("brandt", "Claudia", "Städtische  Kita Grone", "Kita", "x--"),
            p("Meyer", "Sandra", "Kita Am Klausberg", "Kita", "xxx"),
            p(
                "Hartmann",
                "Jens",
                "Hauptschule Hagenweg",
                "Hauptschule",
                "-xx",
            ),
            p(
                "Wolf",
                "Stefan",
                "Berufsbildende Schulen II",
                "Berufsbildende Schule",
                "xxx",
            ),
            p(
                "Zimmermann",
                "Frank",
                "Volkshochschule Göttingen",
                "Bildungsträger",
                "xxx",
            ),
            p(
                "Karimi",
                "Leyla",
                "Migrationsberatung der AWO",
                "Migrationsberatung",
                "xxx",
            ),
            p(
                "Lange",
                "Christoph",
                "Caritasverband Göttingen",
                "Beratungsstelle",
                "xx-",
            ),
            p(
                "Braun",
                "Oliver",
                "Arbeit und Leben Göttingen",
                "Bildungsträger",
                "x-x",
            ),
            p(
                "Çelik",
                "Zeynep",
                "Integrationsrat",
                "Integrationsrat",
                "xxx",
            ),
            p(
                "Touré",
                "Mariam",
                "Integrationsrat",
                "Integrationsrat",
                "xx-",
            ),
            p(
                "Simon",
                "Gerhard",
                "Netzwerk Migration",
                "Netzwerk Migration",
                "xxx",
            ),
            p("Şahin", "Elif", "Netzwerk Migration", "Netzwerk", "x-x"),
            p(
                "Haas",
                "Susanne",
                "Netzwerk Migration",
                "Netzwerk Migration",
                "xx-",
            ),
            p(
                "Krüger",
                "Sabine",
                "Büro für Integration",
                "Verwaltung",
                "xxx",
            ),
            p("Ernst", "Nicole", "Jobcenter Göttingen", "Behörde", "xxx"),
            p("Ahmadi", "Ali Reza", "", "", "-xx"),
        ],
    },
];

/// The lists of AG 3 and AG 4: written into the long CSV.
pub(crate) const LONG: [List; 2] = [
    List {
        ag: 3,
        entries: &[
            w(
                "Hasan Öztürk",
                "Türkisch-Islamische Gemeinde Göttingen",
                "Migrantenverein",
                "xxx",
            ),
            w(
                "Kofi Mensah",
                "Afrikanischer Kulturverein Göttingen",
                "Kulturverein",
                "xx-",
            ),
            w(
                "Ahmad Rahimi",
                "Afghanischer Kulturverein Göttingen",
                "Kulturverein",
                "x-x",
            ),
            w(
                "Marek Nowak",
                "Polnischer Kulturverein Polonia",
                "Kulturverein",
                "xxx",
            ),
            w("Ayşe Kaya", "Kurdisch-Deutscher Frauenverein", "MSO", "xxx"),
            w(
                "Nikos Georgiou",
                "Griechische Gemeinde Göttingen",
                "Migrantenverein",
                "-xx",
            ),
            w("Birgit Weber", "Kinderhaus Hainberg", "Kita", "xx-"),
            anonymous("Familienzentrum Grone", "Kita", "x--"),
            anonymous("Grundschule Hagenberg", "Grundschule", "-x-"),
            w("Jana Seidel", "Grundschule Weende", "Grundschule", "xxx"),
            w(
                "Miriam Engel",
                "Jugendmigrationsdienst des Diakonischen Werkes",
                "Beratungsstelle",
                "x-x",
            ),
            w(
                "Renate Schmitt",
                "Familienbildungsstätte Göttingen",
                "Bildungseinrichtung",
                "xxx",
            ),
            w(
                "Roberto Esposito",
                "Integrationsrat",
                "Integrationsrat",
                "xx-",
            ),
            w("Emre Doğan", "Integrationsrat", "Integrationsrat", "xxx"),
            w(
                "Samuel Okafor",
                "Netzwerk Migration",
                "Netzwerk Migration",
                "-xx",
            ),
            w("Sabine Krüger", "Büro für Integration", "Verwaltung", "xxx"),
            w(
                "Ute Reinhardt",
                "Ev.-luth. Kirchenkreis Göttingen",
                "Kirche",
                "xxx",
            ),
            w(
                "Josef Baumann",
                "Kath. Pfarrgemeinde St. Michael",
                "Kirchengemeinde",
                "x-x",
            ),
            w(
                "Hannah Roth",
                "Evangelische Studierendengemeinde",
                "Kirchengemeinde",
                "-xx",
            ),
            w("Yusuf Aydin", "", "", "xxx"),
            w("Karl Weiß", "", "Einzelperson", "x-x"),
        ],
    },
    List {
        ag: 4,
        entries: &[
            w(
                "Hasan Öztürk",
                "Türkisch-Islamische Gemeinde Göttingen",
                "Migrantenverein",
                "xxx",
            ),
            w(
                "Ahmad Rahimi",
                "Afghanischer Kulturverein Göttingen",
                "Kulturverein",
                "xxx",
            ),
            w(
                "Samir Boukhari",
                "Marokkanischer Kulturverein Göttingen",
                "Kulturverein",
                "xxx",
            ),
            // The same person as in AG 3, written in lower case and with a double space.
            w(
                "ayşe  kaya",
                "Kurdisch-Deutscher Frauenverein",
                "MSO",
                "xxx",
            ),
            anonymous("Eritreischer Verein Göttingen", "Migrantenverein", "x--"),
            w("Michael Richter", "Gymnasium Am Wall", "Schule", "xx-"),
            w(
                "Andrea König",
                "Volkshochschule Göttingen",
                "Bildungsträger",
                "-xx",
            ),
            w(
                "Abdullahi Hassan",
                "Integrationsrat",
                "Integrationsrat",
                "xxx",
            ),
            w("Emre Doğan", "Integrationsrat", "Integrationsrat", "xxx"),
            w(
                "Britta Koch",
                "Netzwerk Migration",
                "Netzwerk Migration",
                "xxx",
            ),
            w("Tobias Kühn", "Netzwerk Migration", "Netzwerk", "xxx"),
            w("Sabine Krüger", "Büro für Integration", "Verwaltung", "xxx"),
            w(
                "Rainer Scholz",
                "Fachdienst Ausländerangelegenheiten",
                "Stadtverwaltung",
                "xxx",
            ),
            w(
                "Josef Baumann",
                "Kath. Pfarrgemeinde St. Michael",
                "Kirchengemeinde",
                "-xx",
            ),
            w(
                "Werner Kohl",
                "Rat der Stadt Göttingen",
                "Ratsfraktion",
                "xxx",
            ),
            w("Dagmar Fuchs", "Rat der Stadt Göttingen", "Politik", "xx-"),
            w("Helga Martin", "", "Einzelperson", "xxx"),
            w("Lisa Brückner", "", "", "x-x"),
        ],
    },
];
