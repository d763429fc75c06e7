//! The figures the example is built to produce, computed from the generator's own data with
//! the definitions of `outputs.md` §1, and the check that they give the seed's sentences
//! (`shared/seed/vorlage-goettingen-2008.md`).

use std::collections::BTreeMap;
use std::fmt;

use ratsvorlage::date::Date;
use ratsvorlage::german::date_text;
use ratsvorlage::model::Config;

use crate::content::{Ag, handlungsfeld};
use crate::teilnehmende::{Entry, List, sitzungen};

/// The categories as the seed names them, in its order, which must also be their order by size.
const SEED_BEREICHE: [&str; 9] = [
    "Migrantenselbstorganisationen",
    "Kitas",
    "Schulen",
    "Bildungs- u. Beratungseinrichtungen",
    "Integrationsrat",
    "Netzwerk Migration",
    "Verwaltung",
    "Kirchen",
    "Politik",
];

/// "durchschnittlich ⟦17⟧ Personen in jeder Arbeitsgruppe".
const SEED_AVERAGE: u32 = 17;

/// People present at one AG session.
pub(crate) struct SitzungAttendance {
    /// AG number.
    pub ag: usize,
    /// Session number within the AG.
    pub number: u32,
    /// Date of the session.
    pub date: Date,
    /// Attendances.
    pub present: u32,
}

/// The intended figures.
pub(crate) struct Kennzahlen {
    /// Attendances per AG session.
    pub per_sitzung: Vec<SitzungAttendance>,
    /// One person at one AG session, summed.
    pub anwesenheiten: u32,
    /// Distinct people.
    pub persons: u32,
    /// Distinct people per category, in konzept.toml order.
    pub bereiche: Vec<(String, u32)>,
    /// People without a configured category (interested individuals).
    pub without_bereich: u32,
    /// Earliest and latest date among conferences and sessions.
    pub period: Option<(Date, Date)>,
    /// Goals and measures per AG.
    pub content: Vec<(usize, usize, usize)>,
}

impl Kennzahlen {
    /// Attendances divided by sessions with an attendance list.
    pub(crate) fn average(&self) -> f64 {
        let with_list = self.per_sitzung.iter().filter(|s| s.present > 0).count();
        if with_list == 0 {
            0.0
        } else {
            f64::from(self.anwesenheiten) / with_list as f64
        }
    }

    /// The average rounded half up, as the Vorlage writes it.
    pub(crate) fn average_rounded(&self) -> u32 {
        (self.average() + 0.5).floor() as u32
    }
}

/// One row of an attendance list: a person (or an anonymous row) at the sessions it marks.
struct ListRow<'a> {
    entry: &'a Entry,
    ag: usize,
    sitzungen: Vec<u32>,
}

/// The rows as the files hold them: the wide list has one row per entry, the long list one
/// row per entry and session (so an anonymous entry there is one person per row).
fn list_rows<'a>(wide: &'a [List], long: &'a [List]) -> Vec<ListRow<'a>> {
    let wide_rows = wide.iter().flat_map(|list| {
        list.entries.iter().map(|entry| ListRow {
            entry,
            ag: list.ag,
            sitzungen: sitzungen(entry).collect(),
        })
    });
    let long_rows = long.iter().flat_map(|list| {
        list.entries.iter().flat_map(move |entry| {
            sitzungen(entry).map(move |number| ListRow {
                entry,
                ag: list.ag,
                sitzungen: vec![number],
            })
        })
    });
    wide_rows.chain(long_rows).collect()
}

/// Case and runs of white space do not tell people apart.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The category a `Bereich` text maps to (its own name or one of its spellings).
fn category(config: &Config, bereich: &str) -> Option<String> {
    let wanted = normalised(bereich);
    config
        .teilnehmende
        .bereiche()
        .into_iter()
        .find_map(|(name, spellings)| {
            let matches = std::iter::once(&name)
                .chain(&spellings)
                .any(|s| normalised(s) == wanted);
            matches.then_some(name)
        })
}

/// Computes the figures from the content and the lists.
pub(crate) fn compute(config: &Config, ags: &[&Ag], wide: &[List], long: &[List]) -> Kennzahlen {
    let rows = list_rows(wide, long);
    let per_sitzung: Vec<SitzungAttendance> = ags
        .iter()
        .flat_map(|ag| {
            let rows = &rows;
            (1u32..)
                .zip(ag.sitzungen)
                .map(move |(number, sitzung)| SitzungAttendance {
                    ag: ag.number,
                    number,
                    date: sitzung.date,
                    present: rows
                        .iter()
                        .filter(|z| z.ag == ag.number && z.sitzungen.contains(&number))
                        .count() as u32,
                })
        })
        .collect();

    // Person → category; a named person is the same across lists when name and organisation
    // match after normalisation; every anonymous row is a person of its own.
    let mut persons: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        let key = row.entry.name.full().map_or_else(
            || format!("#anonym {index}"),
            |name| {
                format!(
                    "{}\u{0}{}",
                    normalised(&name),
                    normalised(row.entry.organisation)
                )
            },
        );
        persons
            .entry(key)
            .or_insert_with(|| category(config, row.entry.bereich));
    }
    let bereiche = config
        .teilnehmende
        .bereiche()
        .into_iter()
        .map(|(name, _)| {
            let count = persons
                .values()
                .filter(|k| k.as_deref() == Some(name.as_str()))
                .count() as u32;
            (name, count)
        })
        .collect();

    let dates = config
        .konzept
        .konferenzen
        .iter()
        .map(|k| k.date)
        .chain(per_sitzung.iter().map(|s| s.date));
    let period = dates.clone().min().zip(dates.max());
    Kennzahlen {
        anwesenheiten: per_sitzung.iter().map(|s| s.present).sum(),
        per_sitzung,
        persons: persons.len() as u32,
        bereiche,
        without_bereich: persons.values().filter(|k| k.is_none()).count() as u32,
        period,
        content: ags
            .iter()
            .map(|ag| {
                (
                    ag.number,
                    ag.ziele.len(),
                    ag.ziele.iter().map(|z| z.massnahmen.len()).sum(),
                )
            })
            .collect(),
    }
}

/// Everything in which the figures or the content would not give the seed's Vorlage.
pub(crate) fn deviations(figures: &Kennzahlen, config: &Config, ags: &[&Ag]) -> Vec<String> {
    let mut errors = Vec::new();
    let mut check = |ok: bool, text: String| {
        if !ok {
            errors.push(text);
        }
    };
    let handlungsfelder = config.konzept.handlungsfelder.len();
    check(
        handlungsfelder == 4,
        format!("vier Arbeitsgruppen erwartet, konzept.toml nennt {handlungsfelder}"),
    );
    check(
        ags.iter().map(|ag| ag.number).eq(1..=handlungsfelder),
        "die Inhalte müssen die Handlungsfelder 1 bis 4 in ihrer Reihenfolge abdecken".to_owned(),
    );
    for ag in ags {
        check(
            ag.sitzungen.len() == 3,
            format!(
                "AG {}: jeweils drei Sitzungen erwartet, nicht {}",
                ag.number,
                ag.sitzungen.len()
            ),
        );
        let massnahmen: usize = ag.ziele.iter().map(|z| z.massnahmen.len()).sum();
        check(
            ag.ziele.len() >= 5 && massnahmen >= 12,
            format!("AG {}: mindestens 5 Ziele und 12 Maßnahmen", ag.number),
        );
        let mut ranks: Vec<u32> = ag.ziele.iter().map(|z| z.prioritaet).collect();
        ranks.sort_unstable();
        check(
            ranks.iter().copied().eq(1..=ag.ziele.len() as u32),
            format!("AG {}: Rangfolge ist nicht 1 bis n", ag.number),
        );
        check(
            handlungsfeld(config, ag.number).is_some(),
            format!("AG {}: kein Handlungsfeld in konzept.toml", ag.number),
        );
    }
    for sitzung in &figures.per_sitzung {
        check(
            sitzung.present > 0,
            format!(
                "AG {} Sitzung {}: keine Anwesenheit",
                sitzung.ag, sitzung.number
            ),
        );
    }
    let (first, last) = konferenzen(config);
    check(
        figures
            .per_sitzung
            .iter()
            .all(|s| first < Some(s.date) && Some(s.date) < last),
        "alle AG-Sitzungen müssen zwischen den beiden Konferenzen liegen".to_owned(),
    );
    check(
        config.konzept.konferenzen.len() == 2
            && first.is_some_and(|d| (d.year, d.month) == (2008, 2))
            && last.is_some_and(|d| (d.year, d.month) == (2008, 9)),
        "zwei Konferenzen, Februar und September 2008, erwartet".to_owned(),
    );
    check(
        figures.average_rounded() == SEED_AVERAGE,
        format!(
            "{} Anwesenheiten in {} Sitzungen ergeben gerundet {} statt {SEED_AVERAGE} Personen je Sitzung",
            figures.anwesenheiten,
            figures.per_sitzung.len(),
            figures.average_rounded()
        ),
    );
    let names: Vec<&str> = figures
        .bereiche
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    check(
        names == SEED_BEREICHE,
        format!("Bereiche in konzept.toml {names:?} statt {SEED_BEREICHE:?}"),
    );
    let descending = figures
        .bereiche
        .windows(2)
        .all(|pair| pair[0].1 > pair[1].1);
    check(
        descending && figures.bereiche.iter().all(|(_, n)| *n > 0),
        format!(
            "Bereiche nicht streng absteigend nach Personen: {:?}",
            figures.bereiche
        ),
    );
    errors
}

fn konferenzen(config: &Config) -> (Option<Date>, Option<Date>) {
    let dates = config.konzept.konferenzen.iter().map(|k| k.date);
    (dates.clone().min(), dates.max())
}

impl fmt::Display for Kennzahlen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Anwesenheiten je AG-Sitzung:")?;
        for sitzung in &self.per_sitzung {
            writeln!(
                f,
                "  AG {} Sitzung {} ({:>9}): {:>2}",
                sitzung.ag,
                sitzung.number,
                date_text(sitzung.date),
                sitzung.present
            )?;
        }
        writeln!(
            f,
            "Anwesenheiten: {} in {} AG-Sitzungen, Durchschnitt {:.2} → {} Personen",
            self.anwesenheiten,
            self.per_sitzung.len(),
            self.average(),
            self.average_rounded()
        )?;
        writeln!(
            f,
            "Personen: {} (davon {} ohne Bereich: interessierte Einzelpersonen)",
            self.persons, self.without_bereich
        )?;
        writeln!(f, "Personen je Bereich:")?;
        for (name, count) in &self.bereiche {
            writeln!(f, "  {name}: {count}")?;
        }
        if let Some((first, last)) = self.period {
            writeln!(f, "Zeitraum: {} bis {}", date_text(first), date_text(last))?;
        }
        for (ag, ziele, massnahmen) in &self.content {
            writeln!(f, "AG {ag}: {ziele} Ziele, {massnahmen} Maßnahmen")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_the_same_across_case_and_spacing() {
        assert_eq!(normalised("  ayşe  KAYA "), normalised("Ayşe Kaya"));
        assert_ne!(normalised("Ayşe Kaya"), normalised("Ayse Kaya"));
    }
}
