//! Concept changes: what differs between two states of a concept — goals and measures
//! added, removed, changed (old and new text), reprioritised, contacts changed — grouped by
//! AG. Shared by `diff` (old state from a `konzept.json`) and `watch` (the previous build).
//!
//! Both states are read into a [`Stand`], which holds only what is compared; it loads from
//! the `konzept.json` of any build (unknown keys ignored, missing optional ones empty).
//! Items are paired as [`matching`] describes.

pub mod matching;
pub mod text;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Konzept, SCHEMA};
use matching::{Paarung, Schluessel};

/// The compared part of a concept.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Stand {
    /// The AGs with their goals and measures.
    pub arbeitsgruppen: Vec<AgStand>,
}

/// An AG's goals.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct AgStand {
    /// Name of the Handlungsfeld.
    pub name: String,
    /// Short name.
    pub kurz: String,
    /// Goals in priority order.
    pub ziele: Vec<ZielStand>,
}

/// A goal and its measures.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct ZielStand {
    /// Number.
    pub nr: String,
    /// Priority, 1 = highest.
    pub prioritaet: u32,
    /// The goal.
    pub text: String,
    /// Its measures.
    pub massnahmen: Vec<MassnahmeStand>,
}

/// A measure.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct MassnahmeStand {
    /// Number.
    pub nr: String,
    /// The measure.
    pub text: String,
    /// Implementation proposal.
    pub umsetzung: Option<String>,
    /// Contacts.
    pub ansprechpartner: Vec<String>,
    /// Time frame.
    pub zeitrahmen: Option<String>,
    /// Funding.
    pub finanzierung: Option<String>,
}

impl Stand {
    /// The compared part of a concept model.
    pub fn of(konzept: &Konzept) -> Self {
        let arbeitsgruppen = konzept
            .arbeitsgruppen
            .iter()
            .map(|ag| AgStand {
                name: ag.name.clone(),
                kurz: ag.kurz.clone(),
                ziele: ag
                    .ziele
                    .iter()
                    .map(|ziel| ZielStand {
                        nr: ziel.nr.clone(),
                        prioritaet: ziel.prioritaet,
                        text: ziel.text.clone(),
                        massnahmen: ziel
                            .massnahmen
                            .iter()
                            .map(|m| MassnahmeStand {
                                nr: m.nr.clone(),
                                text: m.text.clone(),
                                umsetzung: m.umsetzung.clone(),
                                ansprechpartner: m.ansprechpartner.clone(),
                                zeitrahmen: m.zeitrahmen.clone(),
                                finanzierung: m.finanzierung.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        Self { arbeitsgruppen }
    }

    /// Reads the `konzept.json` of an earlier build. The error is a German sentence naming
    /// the file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|err| {
            format!(
                "{}: kann nicht gelesen werden: {}. Geben Sie die konzept.json eines früheren \
                 Builds an.",
                path.display(),
                crate::report::io_grund(&err)
            )
        })?;
        Self::parse(&bytes).map_err(|grund| format!("{}: {grund}", path.display()))
    }

    /// Reads a `konzept.json` from its bytes; the error says in German what is wrong.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Kopf {
            schema: Option<String>,
        }
        let kopf: Kopf = serde_json::from_slice(bytes).map_err(|err| {
            format!(
                "ist keine gültige JSON-Datei (Zeile {}, Spalte {}: {err}). Geben Sie die \
                 konzept.json eines früheren Builds an.",
                err.line(),
                err.column()
            )
        })?;
        let familie = SCHEMA.rsplit_once('/').map_or(SCHEMA, |(f, _)| f);
        if let Some(schema) = kopf.schema.filter(|s| !s.starts_with(familie)) {
            return Err(format!(
                "ist keine konzept.json von ratsvorlage (schema „{schema}“ statt „{SCHEMA}“)."
            ));
        }
        serde_json::from_slice(bytes).map_err(|err| {
            format!(
                "passt nicht zum Konzeptmodell (Zeile {}, Spalte {}: {err}); erwartet wird die \
                 konzept.json eines früheren Builds mit „arbeitsgruppen“.",
                err.line(),
                err.column()
            )
        })
    }
}

/// Every change between two states, by AG.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Aenderungen {
    /// The AGs with at least one change, in the order of the new state (AGs that no longer
    /// exist last).
    pub arbeitsgruppen: Vec<AgAenderungen>,
}

/// The changes of one AG.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AgAenderungen {
    /// Name of the Handlungsfeld.
    pub name: String,
    /// Short name.
    pub kurz: String,
    /// Changed goals: added and changed ones in new order, then removed ones.
    pub ziele: Vec<Aenderung>,
    /// Changed measures, in the same order.
    pub massnahmen: Vec<Aenderung>,
}

/// A goal or measure that was added, removed or changed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Aenderung {
    /// What happened.
    pub art: Art,
    /// The item's number (the new one, for a removed item the old one).
    pub nr: String,
    /// The item's text (the new one, for a removed item the old one).
    pub text: String,
    /// For a goal: its priority (new, for a removed goal the old one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prioritaet: Option<u32>,
    /// For a changed item: what changed, with the old and the new value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub felder: Vec<Feldaenderung>,
}

/// What happened to an item.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Art {
    /// New in the new state.
    Hinzugefuegt,
    /// No longer in the new state.
    Entfallen,
    /// In both, with differences.
    Geaendert,
}

/// One changed value of an item.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Feldaenderung {
    /// Which value.
    pub feld: Feld,
    /// The old value (empty when there was none).
    pub alt: String,
    /// The new value (empty when there is none).
    pub neu: String,
}

/// The compared values of goals and measures.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Feld {
    /// The number.
    Nummer,
    /// The text.
    Text,
    /// A goal's priority.
    Prioritaet,
    /// The goal a measure belongs to.
    Ziel,
    /// A measure's implementation proposal.
    Umsetzung,
    /// A measure's contacts.
    Ansprechpartner,
    /// A measure's time frame.
    Zeitrahmen,
    /// A measure's funding.
    Finanzierung,
}

impl Aenderungen {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.arbeitsgruppen.is_empty()
    }
}

/// Compares two states of a concept.
pub fn compare(alt: &Stand, neu: &Stand) -> Aenderungen {
    let leer = AgStand::default();
    let mut arbeitsgruppen = Vec::new();
    let mut gesehen = vec![false; alt.arbeitsgruppen.len()];
    for ag in &neu.arbeitsgruppen {
        let partner = alt
            .arbeitsgruppen
            .iter()
            .position(|a| a.name == ag.name)
            .or_else(|| alt.arbeitsgruppen.iter().position(|a| a.kurz == ag.kurz));
        if let Some(i) = partner {
            gesehen[i] = true;
        }
        let vorher = partner.map_or(&leer, |i| &alt.arbeitsgruppen[i]);
        arbeitsgruppen.extend(compare_ag(vorher, ag));
    }
    for (ag, _) in alt.arbeitsgruppen.iter().zip(gesehen).filter(|(_, g)| !g) {
        arbeitsgruppen.extend(compare_ag(
            ag,
            &AgStand {
                ziele: Vec::new(),
                ..ag.clone()
            },
        ));
    }
    Aenderungen { arbeitsgruppen }
}

/// The changes within one AG, or `None` when there are none.
fn compare_ag(alt: &AgStand, neu: &AgStand) -> Option<AgAenderungen> {
    let (ziele, paarung) = changes(
        &alt.ziele,
        &neu.ziele,
        |z| (z.nr.as_str(), z.text.as_str(), Some(z.prioritaet)),
        |a, n| {
            let mut felder = Vec::new();
            push_if_changed(
                &mut felder,
                Feld::Prioritaet,
                &a.prioritaet.to_string(),
                &n.prioritaet.to_string(),
            );
            felder
        },
    );
    // The new number of each old goal, so that a measure counts as moved only when it
    // changed goals, not when its goal was renumbered.
    let goal_map: Vec<(&str, &str)> = paarung
        .paare
        .iter()
        .map(|&(i, j)| (alt.ziele[i].nr.as_str(), neu.ziele[j].nr.as_str()))
        .collect();
    let (massnahmen, _) = changes(
        &measures(alt),
        &measures(neu),
        |(_, m)| (m.nr.as_str(), m.text.as_str(), None),
        |(alt_ziel, a), (neu_ziel, n)| {
            let erwartet = goal_map
                .iter()
                .find(|(alt, _)| alt == alt_ziel)
                .map_or(*alt_ziel, |(_, neu)| *neu);
            let mut felder = Vec::new();
            push_if_changed(&mut felder, Feld::Ziel, erwartet, neu_ziel);
            measure_fields(&mut felder, a, n);
            felder
        },
    );
    (!ziele.is_empty() || !massnahmen.is_empty()).then(|| AgAenderungen {
        name: neu.name.clone(),
        kurz: neu.kurz.clone(),
        ziele,
        massnahmen,
    })
}

/// Every measure of an AG with the number of its goal.
fn measures(ag: &AgStand) -> Vec<(&str, &MassnahmeStand)> {
    ag.ziele
        .iter()
        .flat_map(|z| z.massnahmen.iter().map(move |m| (z.nr.as_str(), m)))
        .collect()
}

/// Pairs two lists ([`matching::pair`]) and lists the changes: changed pairs (number and
/// text compared here, the other values by `fields`), added and removed items; pairs
/// without any difference are left out. `key` gives number, text and priority.
fn changes<'a, T>(
    alt: &'a [T],
    neu: &'a [T],
    key: impl Fn(&'a T) -> (&'a str, &'a str, Option<u32>),
    fields: impl Fn(&'a T, &'a T) -> Vec<Feldaenderung>,
) -> (Vec<Aenderung>, Paarung) {
    let schluessel = |list: &'a [T]| -> Vec<Schluessel<'a>> {
        list.iter()
            .map(|t| {
                let (nr, text, _) = key(t);
                Schluessel { nr, text }
            })
            .collect()
    };
    let paarung = matching::pair(&schluessel(alt), &schluessel(neu));
    let item = |art, t: &'a T, felder| {
        let (nr, text, prioritaet) = key(t);
        Aenderung {
            art,
            nr: nr.to_owned(),
            text: text.to_owned(),
            prioritaet,
            felder,
        }
    };
    let mut out = Vec::new();
    let mut paare = paarung.paare.iter().peekable();
    for (j, n) in neu.iter().enumerate() {
        if let Some(&(i, _)) = paare.next_if(|(_, pj)| *pj == j) {
            let a = &alt[i];
            let (alt_nr, alt_text, _) = key(a);
            let (neu_nr, neu_text, _) = key(n);
            let mut felder = Vec::new();
            push_if_changed(&mut felder, Feld::Nummer, alt_nr, neu_nr);
            push_if_changed(&mut felder, Feld::Text, alt_text, neu_text);
            felder.extend(fields(a, n));
            if !felder.is_empty() {
                out.push(item(Art::Geaendert, n, felder));
            }
        } else {
            out.push(item(Art::Hinzugefuegt, n, Vec::new()));
        }
    }
    out.extend(
        paarung
            .entfallen
            .iter()
            .map(|&i| item(Art::Entfallen, &alt[i], Vec::new())),
    );
    (out, paarung)
}

/// Compares the values of a measure beyond number and text.
fn measure_fields(felder: &mut Vec<Feldaenderung>, a: &MassnahmeStand, n: &MassnahmeStand) {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    push_if_changed(
        felder,
        Feld::Umsetzung,
        &text(&a.umsetzung),
        &text(&n.umsetzung),
    );
    push_if_changed(
        felder,
        Feld::Ansprechpartner,
        &a.ansprechpartner.join("; "),
        &n.ansprechpartner.join("; "),
    );
    push_if_changed(
        felder,
        Feld::Zeitrahmen,
        &text(&a.zeitrahmen),
        &text(&n.zeitrahmen),
    );
    push_if_changed(
        felder,
        Feld::Finanzierung,
        &text(&a.finanzierung),
        &text(&n.finanzierung),
    );
}

fn push_if_changed(felder: &mut Vec<Feldaenderung>, feld: Feld, alt: &str, neu: &str) {
    if alt != neu {
        felder.push(Feldaenderung {
            feld,
            alt: alt.to_owned(),
            neu: neu.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests;
