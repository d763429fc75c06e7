//! Concept changes: what differs between two states of a concept — goals and measures
//! added, removed, changed (old and new text), reprioritised, contacts changed — grouped by
//! AG. Shared by `diff` (old state from a `konzept.json`) and `watch` (the previous build).
//!
//! Both states are the model's own [`Arbeitsgruppe`]s: the new one from the concept just
//! built, the old one read by [`parse`] from the `konzept.json` of any build (unknown keys
//! ignored; keys that earlier versions did not write take the model's defaults). Items are
//! paired as [`matching`] describes, and compared value by value in [`pairs`]; the change
//! list ([`list`]) is printed by [`text`], and [`synopse`] sets the old and the new wording
//! side by side for an Ergänzungsvorlage, with the changed words ([`words`]).

pub(crate) mod list;
pub(crate) mod matching;
pub(crate) mod pairs;
pub(crate) mod synopse;
pub(crate) mod text;
pub(crate) mod words;

use std::path::Path;

use serde::Deserialize;

use crate::date::Date;
use crate::model::{Arbeitsgruppe, SCHEMA};
use crate::report::{Place, Problem};
pub(crate) use list::{AgChanges, Change, ChangeKind, Changes, FieldChange};
use matching::Pairing;
use pairs::AgPairs;

/// An earlier concept as read from its `konzept.json`: what is compared, and the Vorlage
/// it belonged to.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Earlier {
    /// The AGs with their goals and measures.
    pub(crate) arbeitsgruppen: Vec<Arbeitsgruppe>,
    /// `vorlage.nummer`, where the file has one.
    pub(crate) vorlage_number: Option<String>,
    /// `vorlage.datum`, where the file has a readable one.
    pub(crate) vorlage_date: Option<Date>,
}

/// Reads the `konzept.json` of an earlier build; the problem's place is the file.
pub(crate) fn load(path: &Path) -> Result<Earlier, Problem> {
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

/// Reads an earlier concept from the bytes of a `konzept.json`; the problem says in German
/// what is wrong (its place is left to the caller, who knows the file).
pub(crate) fn parse(bytes: &[u8]) -> Result<Earlier, Problem> {
    #[derive(Deserialize)]
    struct Header {
        schema: Option<String>,
    }
    /// The compared part of [`crate::model::Konzept`] and the Vorlage's number and date;
    /// the rest of an earlier concept may be of any shape.
    #[derive(Deserialize)]
    struct Compared {
        arbeitsgruppen: Vec<Arbeitsgruppe>,
        #[serde(default)]
        vorlage: serde_json::Value,
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
    let (vorlage_number, vorlage_date) = vorlage_of(&compared.vorlage);
    Ok(Earlier {
        arbeitsgruppen: compared.arbeitsgruppen,
        vorlage_number,
        vorlage_date,
    })
}

/// The number and date of the `vorlage` object of a `konzept.json`, where they are there
/// and of their shape (an earlier file may have anything there).
pub(crate) fn vorlage_of(vorlage: &serde_json::Value) -> (Option<String>, Option<Date>) {
    let text = |key: &str| vorlage.get(key).and_then(serde_json::Value::as_str);
    (
        text("nummer").map(str::to_owned),
        text("datum").and_then(Date::parse_iso),
    )
}

/// Compares the AGs of two states of a concept.
pub(crate) fn compare(old: &[Arbeitsgruppe], new: &[Arbeitsgruppe]) -> Changes {
    Changes {
        arbeitsgruppen: pairs::over_ag_pairs(old, new, compare_ag),
    }
}

/// The changes within one AG, or `None` when there are none.
fn compare_ag(old: &Arbeitsgruppe, new: &Arbeitsgruppe) -> Option<AgChanges> {
    let pairs = AgPairs::new(old, new);
    let ziele = listed(
        &pairs.goals,
        |i| {
            let z = &old.ziele[i];
            (z.number.as_str(), z.text.as_str(), Some(z.prioritaet))
        },
        |j| {
            let z = &new.ziele[j];
            (z.number.as_str(), z.text.as_str(), Some(z.prioritaet))
        },
        new.ziele.len(),
        |i, j| pairs.goal_fields(i, j),
    );
    let massnahmen = listed(
        &pairs.measures,
        |i| {
            let m = pairs.old_measures[i].measure;
            (m.number.as_str(), m.text.as_str(), None)
        },
        |j| {
            let m = pairs.new_measures[j].measure;
            (m.number.as_str(), m.text.as_str(), None)
        },
        pairs.new_measures.len(),
        |i, j| pairs.measure_fields(i, j),
    );
    (!ziele.is_empty() || !massnahmen.is_empty()).then(|| AgChanges {
        name: new.name.clone(),
        short: new.short.clone(),
        ziele,
        massnahmen,
    })
}

/// Lists the changes of a paired list: changed pairs (what differs by `fields`), added and
/// removed items, in new order with removed items last; pairs without any difference are
/// left out. `old_key` and `new_key` give an item's number, text and priority.
fn listed<'a>(
    pairing: &Pairing,
    old_key: impl Fn(usize) -> (&'a str, &'a str, Option<u32>),
    new_key: impl Fn(usize) -> (&'a str, &'a str, Option<u32>),
    new_len: usize,
    fields: impl Fn(usize, usize) -> Vec<FieldChange>,
) -> Vec<Change> {
    let item =
        |kind, (number, text, prioritaet): (&str, &str, Option<u32>), field_changes| Change {
            kind,
            number: number.to_owned(),
            text: text.to_owned(),
            prioritaet,
            field_changes,
        };
    let mut out = Vec::new();
    let mut pairs = pairing.pairs.iter().peekable();
    for j in 0..new_len {
        if let Some(&(i, _)) = pairs.next_if(|(_, pj)| *pj == j) {
            let field_changes = fields(i, j);
            if !field_changes.is_empty() {
                out.push(item(ChangeKind::Changed, new_key(j), field_changes));
            }
        } else {
            out.push(item(ChangeKind::Added, new_key(j), Vec::new()));
        }
    }
    out.extend(
        pairing
            .removed
            .iter()
            .map(|&i| item(ChangeKind::Removed, old_key(i), Vec::new())),
    );
    out
}

#[cfg(test)]
mod tests;
