//! The change list: what happened to each goal and measure of each AG between two states
//! of a concept, as `diff --json` prints it and the workplace shows it.

use serde::Serialize;

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

impl Field {
    /// The value's German name, as the change list and the Synopse print it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Field::Number => "Nummer",
            Field::Text => "Text",
            Field::Prioritaet => "Priorität",
            Field::Ziel => "Ziel",
            Field::Umsetzung => "Umsetzung",
            Field::Ansprechpartner => "Ansprechpartner",
            Field::Zeitrahmen => "Zeitrahmen",
            Field::Finanzierung => "Finanzierung",
        }
    }
}

impl Change {
    /// What happened, as the word the change list and the Synopse use: `neu`, `entfallen`,
    /// `umpriorisiert` (only the priority changed), `geändert`.
    pub(crate) fn verb(&self) -> &'static str {
        verb(self.kind, &self.field_changes)
    }
}

/// What happened to an item of `kind` whose values changed as `fields` say, as a word (see
/// [`Change::verb`]).
pub(crate) fn verb(kind: ChangeKind, fields: &[FieldChange]) -> &'static str {
    match kind {
        ChangeKind::Added => "neu",
        ChangeKind::Removed => "entfallen",
        ChangeKind::Changed if fields.iter().all(|f| f.field == Field::Prioritaet) => {
            "umpriorisiert"
        }
        ChangeKind::Changed => "geändert",
    }
}
