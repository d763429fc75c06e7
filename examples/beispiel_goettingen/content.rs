//! The shape of one AG's content (goals, measures, situation, sessions), independent of
//! the file format it is written in. The German texts live in the `ag*` modules.

use ratsvorlage::date::Date;
use ratsvorlage::model::Config;
use ratsvorlage::model::config::Handlungsfeld;

/// Everything one working group worked out.
pub(crate) struct Ag {
    /// Number of the Handlungsfeld in konzept.toml, from 1.
    pub number: usize,
    /// Goals in the order the AG numbered them (not their priority).
    pub ziele: &'static [Ziel],
    /// Deficits, potentials and offers.
    pub ausgangslage: &'static [Finding],
    /// The AG's sessions in order.
    pub sitzungen: &'static [Sitzung],
}

/// A goal with its measures.
pub(crate) struct Ziel {
    /// Number within the AG, from 1.
    pub number: u32,
    /// Rank, 1 = highest.
    pub prioritaet: u32,
    /// The Leitziel it serves: its position in konzept.toml, from 1.
    pub leitziel: usize,
    /// The goal.
    pub text: &'static str,
    /// Its measures, at least one.
    pub massnahmen: &'static [Massnahme],
}

/// A measure with its implementation proposal.
pub(crate) struct Massnahme {
    /// The measure.
    pub text: &'static str,
    /// How to implement it.
    pub umsetzung: &'static str,
    /// Contacts: institutions or offices, one to three.
    pub ansprechpartner: &'static [&'static str],
    /// `kurzfristig`, `mittelfristig`, `langfristig`, `laufend`, or a year.
    pub zeitrahmen: &'static str,
    /// How it is paid for.
    pub finanzierung: Finanzierung,
}

/// How a measure is paid for.
#[derive(Clone, Copy)]
pub(crate) enum Finanzierung {
    /// From the city budget.
    Budget,
    /// From third-party funds.
    ThirdPartyFunds,
    /// Needs no money.
    CostNeutral,
    /// An amount in whole euros.
    Amount(u32),
}

impl Finanzierung {
    /// The word as the AGs write it; `None` for an amount, which each format writes its own way.
    pub(crate) fn word(self) -> Option<&'static str> {
        match self {
            Self::Budget => Some("Haushalt"),
            Self::ThirdPartyFunds => Some("Drittmittel"),
            Self::CostNeutral => Some("kostenneutral"),
            Self::Amount(_) => None,
        }
    }
}

/// One item of the situation analysis.
pub(crate) struct Finding {
    /// Deficit, potential or offer.
    pub kind: Kind,
    /// The item.
    pub text: &'static str,
}

/// The kind of a situation item.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// Deficit, need for action.
    Defizit,
    /// Potential, chance, strength.
    Potenzial,
    /// Existing offer.
    Angebot,
}

/// An AG session.
pub(crate) struct Sitzung {
    /// The day.
    pub date: Date,
    /// Where.
    pub place: &'static str,
    /// Topic.
    pub topic: &'static str,
}

/// A measure; shortens the content tables.
pub(crate) const fn m(
    text: &'static str,
    umsetzung: &'static str,
    ansprechpartner: &'static [&'static str],
    zeitrahmen: &'static str,
    finanzierung: Finanzierung,
) -> Massnahme {
    Massnahme {
        text,
        umsetzung,
        ansprechpartner,
        zeitrahmen,
        finanzierung,
    }
}

/// A session in 2008; shortens the content tables.
pub(crate) const fn sitzung(
    month: u8,
    day: u8,
    place: &'static str,
    topic: &'static str,
) -> Sitzung {
    Sitzung {
        date: Date {
            year: 2008,
            month,
            day,
        },
        place,
        topic,
    }
}

/// German thousands grouping: 12500 → `12.500`.
pub(crate) fn thousands(amount: u32) -> String {
    let digits = amount.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push('.');
        }
        text.push(digit);
    }
    text
}

/// Handlungsfeld `number` (from 1) of konzept.toml.
pub(crate) fn handlungsfeld(config: &Config, number: usize) -> Option<&Handlungsfeld> {
    number
        .checked_sub(1)
        .and_then(|i| config.konzept.handlungsfelder.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(thousands(500), "500");
        assert_eq!(thousands(4_800), "4.800");
        assert_eq!(thousands(12_500), "12.500");
        assert_eq!(thousands(1_000_000), "1.000.000");
    }
}
