//! The figures of `outputs.md` §1, computed from the assembled concept.

use crate::german;
use crate::model::beteiligung::BeteiligungData;
use crate::model::config::Config;
use crate::model::konzept::{Arbeitsgruppe, Kennzahlen, Period};

/// Computes the figures from the AGs, the participation data and konzept.toml.
pub(crate) fn compute(
    config: &Config,
    ags: &[Arbeitsgruppe],
    data: &BeteiligungData,
) -> Kennzahlen {
    let sitzungen_per_ag: Vec<u32> = ags.iter().map(|ag| ag.sitzungen.len() as u32).collect();
    let average = if data.sitzungen_with_list == 0 {
        0.0
    } else {
        f64::from(data.anwesenheiten) / f64::from(data.sitzungen_with_list)
    };
    Kennzahlen {
        arbeitsgruppen: ags.len() as u32,
        sitzungen: sitzungen_per_ag.iter().sum(),
        sitzungen_per_ag,
        konferenzen: config.konzept.konferenzen.len() as u32,
        ziele: ags.iter().map(|ag| ag.ziele.len() as u32).sum(),
        massnahmen: ags
            .iter()
            .flat_map(|ag| &ag.ziele)
            .map(|z| z.massnahmen.len() as u32)
            .sum(),
        distinct_persons: data.persons,
        anwesenheiten: data.anwesenheiten,
        average_per_sitzung: average,
        average_rounded: round_half_up(data.anwesenheiten, data.sitzungen_with_list),
        period: period(config, ags),
        bereiche: data.bereiche.clone(),
        persons_without_bereich: data.without_bereich,
    }
}

/// `zaehler / nenner` rounded half up, in integers so 16.5 never becomes 16.
fn round_half_up(numerator: u32, denominator: u32) -> u32 {
    if denominator == 0 {
        return 0;
    }
    let (z, n) = (u64::from(numerator), u64::from(denominator));
    ((2 * z + n) / (2 * n)) as u32
}

/// Earliest and latest date among conferences and AG sessions.
fn period(config: &Config, ags: &[Arbeitsgruppe]) -> Option<Period> {
    let dates = config.konzept.konferenzen.iter().map(|k| k.date).chain(
        ags.iter()
            .flat_map(|ag| ag.sitzungen.iter().filter_map(|s| s.date)),
    );
    dates.fold(None, |range, d| match range {
        None => Some(Period { first: d, last: d }),
        Some(Period { first, last }) => Some(Period {
            first: first.min(d),
            last: last.max(d),
        }),
    })
}

impl Kennzahlen {
    /// The figures in one line, e.g. for the end of `check` and `build`.
    pub fn summary(&self) -> String {
        let k = self;
        let per_ag: Vec<String> = k.sitzungen_per_ag.iter().map(u32::to_string).collect();
        let period = k.period.map_or(String::new(), |z| {
            format!(
                ", {} bis {}",
                german::date_text(z.first),
                german::date_text(z.last)
            )
        });
        format!(
            "Kennzahlen: {} AGs, {} Sitzungen ({}), {} Konferenzen, {} Ziele, {} Maßnahmen, {} Personen, \
         {} Anwesenheiten, durchschnittlich {} je Sitzung (gerundet {}){period}",
            k.arbeitsgruppen,
            k.sitzungen,
            per_ag.join("/"),
            k.konferenzen,
            k.ziele,
            k.massnahmen,
            k.distinct_persons,
            k.anwesenheiten,
            german::decimal_text(k.average_per_sitzung, 1),
            k.average_rounded
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_rounds_up() {
        assert_eq!(round_half_up(198, 12), 17); // 16.5
        assert_eq!(round_half_up(209, 12), 17); // 17.42
        assert_eq!(round_half_up(210, 12), 18); // 17.5
        assert_eq!(round_half_up(197, 12), 16); // 16.42
        assert_eq!(round_half_up(5, 0), 0);
    }
}
