//! Deterministic German filler text: a small xorshift generator and word lists from which
//! goals, measures and situation items of realistic length are put together.

/// A seeded xorshift64* generator: the same seed gives the same project on every machine.
pub(crate) struct Random(u64);

impl Random {
    /// A generator from `seed` (0 is replaced, xorshift needs a non-zero state).
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next 64 random bits.
    pub(crate) fn bits(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `first..=last`.
    pub(crate) fn number(&mut self, first: usize, last: usize) -> usize {
        first + (self.bits() % (last - first + 1) as u64) as usize
    }

    /// One element of a non-empty list.
    pub(crate) fn choose<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.number(0, list.len() - 1)]
    }

    /// True with probability `percent` %.
    pub(crate) fn percent(&mut self, percent: usize) -> bool {
        self.number(1, 100) <= percent
    }

    /// `n` distinct positions below `len` (n ≤ len), in drawing order.
    pub(crate) fn distinct(&mut self, n: usize, len: usize) -> Vec<usize> {
        let mut drawn = Vec::with_capacity(n);
        while drawn.len() < n {
            let i = self.number(0, len - 1);
            if !drawn.contains(&i) {
                drawn.push(i);
            }
        }
        drawn
    }
}

const SUBJECTS: [&str; 14] = [
    "Die Stadtverwaltung",
    "Das Quartiersmanagement",
    "Der Integrationsrat",
    "Die Volkshochschule",
    "Das Jugendamt",
    "Die Schulsozialarbeit",
    "Der Seniorenbeirat",
    "Die Migrationsberatung",
    "Das Jobcenter",
    "Die Stadtbibliothek",
    "Der Sportbund",
    "Die Kirchengemeinden",
    "Das Familienzentrum",
    "Die Wohnungsbaugesellschaft",
];

const VERBS: [&str; 10] = [
    "richtet",
    "baut",
    "entwickelt",
    "organisiert",
    "erweitert",
    "stärkt",
    "vernetzt",
    "bündelt",
    "überprüft",
    "fördert",
];

const OBJECTS: [&str; 16] = [
    "ein mehrsprachiges Beratungsangebot für neu zugewanderte Familien",
    "regelmäßige Sprechstunden im Stadtteilzentrum",
    "eine Lotsengruppe aus Ehrenamtlichen mit eigener Migrationsgeschichte",
    "Sprachkurse mit Kinderbetreuung am Vormittag",
    "ein Patenschaftsprogramm für Auszubildende",
    "die Zusammenarbeit zwischen Kitas, Schulen und Elternvereinen",
    "interkulturelle Fortbildungen für Beschäftigte der Verwaltung",
    "eine Übersicht aller Angebote in leichter Sprache",
    "offene Sportangebote für Mädchen und Frauen",
    "einen runden Tisch der Religionsgemeinschaften",
    "barrierefreie Informationsveranstaltungen im Rathaus",
    "ein Mentoringprogramm für den Übergang von der Schule in den Beruf",
    "eine digitale Plattform für Ehrenamt und Nachbarschaftshilfe",
    "Hausaufgabenhilfe in den Räumen der Stadtteilbibliothek",
    "Beratung zur Anerkennung ausländischer Berufsabschlüsse",
    "gemeinsame Feste und Begegnungen im Quartier",
];

const PURPOSES: [&str; 12] = [
    "damit mehr Menschen die bestehenden Angebote kennen und nutzen",
    "um die Teilhabe am gesellschaftlichen Leben zu verbessern",
    "damit Eltern früher und verlässlicher erreicht werden",
    "um Doppelstrukturen zu vermeiden",
    "damit Jugendliche einen Ausbildungsplatz finden",
    "um Sprachbarrieren im Alltag abzubauen",
    "damit die Verwaltung ihre Dienste interkulturell öffnet",
    "um das Ehrenamt dauerhaft zu sichern",
    "damit ältere Zugewanderte nicht vereinsamen",
    "um Konflikte in der Nachbarschaft früh zu klären",
    "damit die Angebote in allen Stadtteilen gleich gut erreichbar sind",
    "um Diskriminierung sichtbar zu machen und ihr entgegenzuwirken",
];

const STEPS: [&str; 10] = [
    "Bedarfe im Stadtteil erheben",
    "Kooperationsvereinbarung schließen",
    "Räume und Zeiten festlegen",
    "Faltblatt in sechs Sprachen drucken",
    "Ehrenamtliche gewinnen und schulen",
    "Fördermittel beantragen",
    "Ergebnisse nach einem Jahr auswerten",
    "im Integrationsrat berichten",
    "Ansprechpersonen in jeder Einrichtung benennen",
    "Termine auf der Website der Stadt veröffentlichen",
];

/// Things real cells contain that Typst markup would misread if spliced in.
const SPECIAL_CHARACTERS: [&str; 6] = [
    "Anmeldung per E-Mail an integration@stadt.example",
    "Stichwort #Miteinander in den sozialen Medien",
    "für Schüler*innen und Lehrer*innen",
    "bei Gruppen < 10 Personen",
    "Zuschuss bis 500 $ je Verein (umgerechnet)",
    "Kosten: ca. 2 * 1.500 € im Jahr",
];

/// A sentence: subject, verb, object, purpose.
fn sentence(random: &mut Random) -> String {
    format!(
        "{} {} {}, {}.",
        random.choose(&SUBJECTS),
        random.choose(&VERBS),
        random.choose(&OBJECTS),
        random.choose(&PURPOSES)
    )
}

/// Prose of `first..=last` characters (a sentence is never cut): sometimes with `# $ * < @`.
pub(crate) fn paragraph(random: &mut Random, first: usize, last: usize) -> String {
    let target = random.number(first, last);
    let mut text = String::new();
    while text.chars().count() < target {
        let next = if random.percent(12) {
            format!("{}.", random.choose(&SPECIAL_CHARACTERS))
        } else {
            sentence(random)
        };
        if !text.is_empty() && text.chars().count() + next.chars().count() > last {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&next);
    }
    text
}

/// A goal: what the AG wants to reach (one sentence, 60–200 characters).
pub(crate) fn ziel(random: &mut Random) -> String {
    let text = format!(
        "{} {}",
        random.choose(&OBJECTS).replacen("ein ", "Es gibt ein ", 1),
        random.choose(&PURPOSES)
    );
    let mut text = upper_first(&text);
    text.push('.');
    text
}

/// Implementation steps: two to four, one per line (as typed with Alt+Enter).
pub(crate) fn umsetzung(random: &mut Random) -> String {
    let n = random.number(2, 4);
    random
        .distinct(n, STEPS.len())
        .into_iter()
        .map(|i| STEPS[i])
        .collect::<Vec<_>>()
        .join("\n")
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
