//! The figures of `outputs.md` §1, computed from the assembled concept.

use crate::model::beteiligung::Beteiligungsdaten;
use crate::model::config::Config;
use crate::model::konzept::{Arbeitsgruppe, Kennzahlen, Zeitraum};

/// Computes the figures from the AGs, the participation data and konzept.toml.
pub fn compute(config: &Config, ags: &[Arbeitsgruppe], daten: &Beteiligungsdaten) -> Kennzahlen {
    let sitzungen_je_ag: Vec<u32> = ags.iter().map(|ag| ag.sitzungen.len() as u32).collect();
    let durchschnitt = if daten.sitzungen_mit_liste == 0 {
        0.0
    } else {
        f64::from(daten.anwesenheiten) / f64::from(daten.sitzungen_mit_liste)
    };
    Kennzahlen {
        arbeitsgruppen: ags.len() as u32,
        sitzungen: sitzungen_je_ag.iter().sum(),
        sitzungen_je_ag,
        konferenzen: config.konzept.konferenzen.len() as u32,
        ziele: ags.iter().map(|ag| ag.ziele.len() as u32).sum(),
        massnahmen: ags
            .iter()
            .flat_map(|ag| &ag.ziele)
            .map(|z| z.massnahmen.len() as u32)
            .sum(),
        teilnehmende_personen: daten.personen,
        anwesenheiten: daten.anwesenheiten,
        durchschnitt_je_sitzung: durchschnitt,
        durchschnitt_gerundet: round_half_up(daten.anwesenheiten, daten.sitzungen_mit_liste),
        zeitraum: zeitraum(config, ags),
        bereiche: daten.bereiche.clone(),
        personen_ohne_bereich: daten.ohne_bereich,
    }
}

/// `zaehler / nenner` rounded half up, in integers so 16.5 never becomes 16.
fn round_half_up(zaehler: u32, nenner: u32) -> u32 {
    if nenner == 0 {
        return 0;
    }
    let (z, n) = (u64::from(zaehler), u64::from(nenner));
    ((2 * z + n) / (2 * n)) as u32
}

/// Earliest and latest date among conferences and AG sessions.
fn zeitraum(config: &Config, ags: &[Arbeitsgruppe]) -> Option<Zeitraum> {
    let dates = config.konzept.konferenzen.iter().map(|k| k.datum).chain(
        ags.iter()
            .flat_map(|ag| ag.sitzungen.iter().filter_map(|s| s.datum)),
    );
    dates.fold(None, |range, d| match range {
        None => Some(Zeitraum { von: d, bis: d }),
        Some(Zeitraum { von, bis }) => Some(Zeitraum {
            von: von.min(d),
            bis: bis.max(d),
        }),
    })
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
