//! Concept changes: what differs between two states of a concept — goals and measures
//! added, removed, changed (old and new text), reprioritised, contacts changed — grouped by
//! AG. Shared by `diff` (old state from a `konzept.json`) and `watch` (the previous build).
//!
//! Both states are the model's own [`Arbeitsgruppe`]s: the new one from the concept just
//! built, the old one read by [`parse`] from the `konzept.json` of any build (unknown keys
//! ignored; keys that earlier versions did not write take the model's defaults). Items are
//! paired as [`matching`] describes.

pub(crate) mod matching;
pub(crate) mod text;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Arbeitsgruppe, Massnahme, SCHEMA};
use crate::report::{Place, Problem};
use matching::{ItemKey, Pairing};

/// Reads the AGs from the `konzept.json` of an earlier build; the problem's place is the file.
pub(crate) fn load(path: &Path) -> Result<Vec<Arbeitsgruppe>, Problem> {
    let place = Place::file(path.display().to_string());
    let bytes = std::fs::read(path).map_err(|err| {
        Problem::error(
            place.clone(),
            format!(
                "kann nicht gelesen werden: {}. Geben Sie die konzept.json eines früheren \
                 Builds an.",
                crate::report::io_reason(&err)
            ),
        )
        .with_detail(err.to_string())
    })?;
    parse(&bytes).map_err(|mut problem| {
        problem.place = Some(place);
        problem
    })
}

/// Reads the AGs from the bytes of a `konzept.json`; the problem says in German what is
/// wrong (its place is left to the caller, who knows the file).
pub(crate) fn parse(bytes: &[u8]) -> Result<Vec<Arbeitsgruppe>, Problem> {
    #[derive(Deserialize)]
    struct Header {
        schema: Option<String>,
    }
    /// The compared part of [`crate::model::Konzept`]; the rest of an earlier concept may
    /// be of any shape.
    #[derive(Deserialize)]
    struct Compared {
        arbeitsgruppen: Vec<Arbeitsgruppe>,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|err| {
        Problem::general(format!(
            "ist keine gültige JSON-Datei (Zeile {}, Spalte {}). Geben Sie die konzept.json \
             eines früheren Builds an.",
            err.line(),
            err.column()
        ))
        .with_detail(err.to_string())
    })?;
    let family = SCHEMA.rsplit_once('/').map_or(SCHEMA, |(f, _)| f);
    if let Some(schema) = header.schema.filter(|s| !s.starts_with(family)) {
        return Err(Problem::general(format!(
            "ist keine konzept.json von ratsvorlage (schema „{schema}“ statt „{SCHEMA}“)."
        )));
    }
    let compared: Compared = serde_json::from_slice(bytes).map_err(|err| {
        Problem::general(format!(
            "passt nicht zum Konzeptmodell (Zeile {}, Spalte {}); erwartet wird die \
             konzept.json eines früheren Builds mit „arbeitsgruppen“.",
            err.line(),
            err.column()
        ))
        .with_detail(err.to_string())
    })?;
    Ok(compared.arbeitsgruppen)
}

/// Every change between two states, by AG.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Changes {
    /// The AGs with at least one change, in the order of the new state (AGs that no longer
    /// exist last).
    pub arbeitsgruppen: Vec<AgChanges>,
}

/// The changes of one AG.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AgChanges {
    /// Name of the Handlungsfeld.
    pub name: String,
    /// Short name.
    #[serde(rename = "kurz")]
    pub short: String,
    /// Changed goals: added and changed ones in new order, then removed ones.
    pub ziele: Vec<Change>,
    /// Changed measures, in the same order.
    pub massnahmen: Vec<Change>,
}

/// A goal or measure that was added, removed or changed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    /// What happened.
    #[serde(rename = "art")]
    pub kind: ChangeKind,
    /// The item's number (the new one, for a removed item the old one).
    #[serde(rename = "nr")]
    pub number: String,
    /// The item's text (the new one, for a removed item the old one).
    pub text: String,
    /// For a goal: its priority (new, for a removed goal the old one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prioritaet: Option<u32>,
    /// For a changed item: what changed, with the old and the new value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(rename = "felder")]
    pub field_changes: Vec<FieldChange>,
}

/// What happened to an item.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// New in the new state.
    #[serde(rename = "hinzugefuegt")]
    Added,
    /// No longer in the new state.
    #[serde(rename = "entfallen")]
    Removed,
    /// In both, with differences.
    #[serde(rename = "geaendert")]
    Changed,
}

/// One changed value of an item.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    /// Which value.
    #[serde(rename = "feld")]
    pub field: Field,
    /// The old value (empty when there was none).
    #[serde(rename = "alt")]
    pub old: String,
    /// The new value (empty when there is none).
    #[serde(rename = "neu")]
    pub new: String,
}

/// The compared values of goals and measures.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// A goal's or measure's number (a renumbered row).
    #[serde(rename = "nummer")]
    Number,
    /// A goal's or measure's wording.
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

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.arbeitsgruppen.is_empty()
    }
}

/// Compares the AGs of two states of a concept.
pub(crate) fn compare(old: &[Arbeitsgruppe], new: &[Arbeitsgruppe]) -> Changes {
    let empty = Arbeitsgruppe::default();
    let mut arbeitsgruppen = Vec::new();
    let mut seen = vec![false; old.len()];
    for ag in new {
        let partner = old
            .iter()
            .position(|a| a.name == ag.name)
            .or_else(|| old.iter().position(|a| a.short == ag.short));
        if let Some(i) = partner {
            seen[i] = true;
        }
        let previous = partner.map_or(&empty, |i| &old[i]);
        arbeitsgruppen.extend(compare_ag(previous, ag));
    }
    for (ag, _) in old.iter().zip(seen).filter(|(_, g)| !g) {
        let gone = Arbeitsgruppe {
            name: ag.name.clone(),
            short: ag.short.clone(),
            ..Arbeitsgruppe::default()
        };
        arbeitsgruppen.extend(compare_ag(ag, &gone));
    }
    Changes { arbeitsgruppen }
}

/// The changes within one AG, or `None` when there are none.
fn compare_ag(old: &Arbeitsgruppe, new: &Arbeitsgruppe) -> Option<AgChanges> {
    let (ziele, pairing) = changes(
        &old.ziele,
        &new.ziele,
        |z| (z.number.as_str(), z.text.as_str(), Some(z.prioritaet)),
        |a, n| {
            let mut field_changes = Vec::new();
            push_if_changed(
                &mut field_changes,
                Field::Prioritaet,
                &a.prioritaet.to_string(),
                &n.prioritaet.to_string(),
            );
            field_changes
        },
    );
    // The new number of each old goal, so that a measure counts as moved only when it
    // changed goals, not when its goal was renumbered.
    let goal_map: Vec<(&str, &str)> = pairing
        .pairs
        .iter()
        .map(|&(i, j)| (old.ziele[i].number.as_str(), new.ziele[j].number.as_str()))
        .collect();
    let (massnahmen, _) = changes(
        &measures(old),
        &measures(new),
        |(_, m)| (m.number.as_str(), m.text.as_str(), None),
        |(old_ziel, a), (new_ziel, n)| {
            let expected = goal_map
                .iter()
                .find(|(old, _)| old == old_ziel)
                .map_or(*old_ziel, |(_, new)| *new);
            let mut field_changes = Vec::new();
            push_if_changed(&mut field_changes, Field::Ziel, expected, new_ziel);
            measure_fields(&mut field_changes, a, n);
            field_changes
        },
    );
    (!ziele.is_empty() || !massnahmen.is_empty()).then(|| AgChanges {
        name: new.name.clone(),
        short: new.short.clone(),
        ziele,
        massnahmen,
    })
}

/// Every measure of an AG with the number of its goal.
fn measures(ag: &Arbeitsgruppe) -> Vec<(&str, &Massnahme)> {
    ag.ziele
        .iter()
        .flat_map(|z| z.massnahmen.iter().map(move |m| (z.number.as_str(), m)))
        .collect()
}

/// Pairs two lists ([`matching::pair`]) and lists the changes: changed pairs (number and
/// text compared here, the other values by `fields`), added and removed items; pairs
/// without any difference are left out. `key` gives number, text and priority.
fn changes<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> (&'a str, &'a str, Option<u32>),
    fields: impl Fn(&'a T, &'a T) -> Vec<FieldChange>,
) -> (Vec<Change>, Pairing) {
    let keys = |list: &'a [T]| -> Vec<ItemKey<'a>> {
        list.iter()
            .map(|t| {
                let (number, text, _) = key(t);
                ItemKey { number, text }
            })
            .collect()
    };
    let pairing = matching::pair(&keys(old), &keys(new));
    let item = |kind, t: &'a T, field_changes| {
        let (number, text, prioritaet) = key(t);
        Change {
            kind,
            number: number.to_owned(),
            text: text.to_owned(),
            prioritaet,
            field_changes,
        }
    };
    let mut out = Vec::new();
    let mut pairs = pairing.pairs.iter().peekable();
    for (j, n) in new.iter().enumerate() {
        if let Some(&(i, _)) = pairs.next_if(|(_, pj)| *pj == j) {
            let a = &old[i];
            let (old_number, old_text, _) = key(a);
            let (new_number, new_text, _) = key(n);
            let mut field_changes = Vec::new();
            push_if_changed(&mut field_changes, Field::Number, old_number, new_number);
            push_if_changed(&mut field_changes, Field::Text, old_text, new_text);
            field_changes.extend(fields(a, n));
            if !field_changes.is_empty() {
                out.push(item(ChangeKind::Changed, n, field_changes));
            }
        } else {
            out.push(item(ChangeKind::Added, n, Vec::new()));
        }
    }
    out.extend(
        pairing
            .removed
            .iter()
            .map(|&i| item(ChangeKind::Removed, &old[i], Vec::new())),
    );
    (out, pairing)
}

/// Compares the values of a measure beyond number and text.
fn measure_fields(field_changes: &mut Vec<FieldChange>, a: &Massnahme, n: &Massnahme) {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    push_if_changed(
        field_changes,
        Field::Umsetzung,
        &text(&a.umsetzung),
        &text(&n.umsetzung),
    );
    push_if_changed(
        field_changes,
        Field::Ansprechpartner,
        &a.ansprechpartner.join("; "),
        &n.ansprechpartner.join("; "),
    );
    push_if_changed(
        field_changes,
        Field::Zeitrahmen,
        &text(&a.zeitrahmen),
        &text(&n.zeitrahmen),
    );
    push_if_changed(
        field_changes,
        Field::Finanzierung,
        &text(&a.finanzierung),
        &text(&n.finanzierung),
    );
}

fn push_if_changed(field_changes: &mut Vec<FieldChange>, field: Field, old: &str, new: &str) {
    if old != new {
        field_changes.push(FieldChange {
            field,
            old: old.to_owned(),
            new: new.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests;
