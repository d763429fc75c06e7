//! The concept model: the normalised concept that the templates read and `konzept.json`
//! publishes (`outputs.md` §1). Keys are German, ASCII, snake_case.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::model::config::{KonzeptDetails, Stadt, Vorlage};

/// The schema id written into every `konzept.json`.
pub const SCHEMA: &str = "ratsvorlage/konzept/1";

/// The whole concept: metadata from konzept.toml, the AGs' content, and the figures.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Konzept {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The city.
    pub stadt: Stadt,
    /// The council submission's head data, as in konzept.toml.
    pub vorlage: Vorlage,
    /// The concept's metadata.
    pub konzept: KonzeptDetails,
    /// One entry per Handlungsfeld, in konzept.toml order.
    pub arbeitsgruppen: Vec<Arbeitsgruppe>,
    /// Who took part: organisations and categories, names only where allowed.
    pub beteiligung: Beteiligung,
    /// The computed figures.
    pub kennzahlen: Kennzahlen,
}

/// One working group, i.e. one Handlungsfeld.
///
/// Every key may be missing when read: `diff` compares with the `konzept.json` of earlier
/// versions (see [`crate::changes`]), which may lack keys added since. A built concept has
/// them all, and `konzept.json` is written the same either way.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Arbeitsgruppe {
    /// Name of the Handlungsfeld.
    pub name: String,
    /// Short name.
    #[serde(rename = "kurz")]
    pub short: String,
    /// Position in konzept.toml, from 1.
    #[serde(rename = "nr")]
    pub number: u32,
    /// Goals in priority order.
    pub ziele: Vec<Ziel>,
    /// Deficits, potentials and offers, in input order.
    pub ausgangslage: Vec<Ausgangslage>,
    /// AG sessions in order.
    pub sitzungen: Vec<Sitzung>,
}

/// A goal of an AG. Keys may be missing when read, as for [`Arbeitsgruppe`].
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Ziel {
    /// Id within the AG: `3`, `3.1`, `SB-3`.
    #[serde(rename = "nr")]
    pub number: String,
    /// 1 = highest.
    pub prioritaet: u32,
    /// The goal.
    pub text: String,
    /// The Leitziel it serves, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leitziel: Option<String>,
    /// Where the text came from.
    pub quelle: Quelle,
    /// Its measures in input order.
    pub massnahmen: Vec<Massnahme>,
}

/// A measure proposed for a goal. Keys may be missing when read, as for [`Arbeitsgruppe`].
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Massnahme {
    /// Id: the given number, else `<goal>.<n>`.
    #[serde(rename = "nr")]
    pub number: String,
    /// The measure.
    pub text: String,
    /// Implementation proposal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub umsetzung: Option<String>,
    /// Contacts (organisations or offices).
    pub ansprechpartner: Vec<String>,
    /// Time frame: `kurzfristig` … `laufend`, a year or a date as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zeitrahmen: Option<String>,
    /// Funding: `Haushalt`, `Drittmittel`, `kostenneutral`, or an amount as `12.500 €`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finanzierung: Option<String>,
    /// Where the text came from.
    pub quelle: Quelle,
}

/// The kind of a situation item.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum AusgangslageKind {
    /// A deficit or need for action.
    Defizit,
    /// A potential, chance or strength.
    Potenzial,
    /// An existing offer.
    Angebot,
}

/// One item of an AG's situation analysis.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Ausgangslage {
    /// Deficit, potential or offer.
    #[serde(rename = "art")]
    pub kind: AusgangslageKind,
    /// The item.
    pub text: String,
    /// Where the text came from.
    pub quelle: Quelle,
}

/// An AG session.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Sitzung {
    /// Number within the AG, from 1.
    #[serde(rename = "nr")]
    pub number: u32,
    /// Date, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "datum")]
    pub date: Option<Date>,
    /// Room or place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ort")]
    pub place: Option<String>,
    /// What the session was about, as the AG wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "thema")]
    pub topic: Option<String>,
    /// People present, when an attendance list covers this session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teilnehmende: Option<u32>,
}

/// Where a text came from: file, sheet, cell (or line for CSV).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Quelle {
    /// Path relative to the project folder (shared with the place it was read from: every
    /// goal, measure and session has a source, and most of them name the same few files).
    #[serde(rename = "datei")]
    pub file: Arc<str>,
    /// Sheet name; absent for CSV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "blatt")]
    pub sheet: Option<Arc<str>>,
    /// Cell reference such as `C14`; absent for CSV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "zelle")]
    pub cell: Option<String>,
    /// Line of a CSV file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "zeile")]
    pub row: Option<u64>,
}

/// Who took part, as far as it may be published.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Beteiligung {
    /// Whether `personen` may be shown (konzept.toml `namen_veroeffentlichen`).
    #[serde(rename = "namen_veroeffentlichen")]
    pub publish_names: bool,
    /// Organisations that took part, alphabetically, with their category.
    pub organisationen: Vec<Organisation>,
    /// Participants by name, only when `namen_veroeffentlichen`; otherwise empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(rename = "personen")]
    pub persons: Vec<Person>,
}

/// A participating organisation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Organisation {
    /// Name as written in the lists (first spelling seen).
    pub name: String,
    /// Category, when mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bereich: Option<String>,
    /// Distinct people from it.
    #[serde(rename = "personen")]
    pub persons: u32,
}

/// A participant by name (only published when allowed).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Person {
    /// The name as the attendance list gives it (first name first).
    pub name: String,
    /// Organisation, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Short names of the AGs the person attended.
    pub arbeitsgruppen: Vec<String>,
}

/// The figures, computed exactly as `outputs.md` §1 defines them.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Kennzahlen {
    /// Number of AGs.
    pub arbeitsgruppen: u32,
    /// AG sessions (not conferences).
    pub sitzungen: u32,
    /// Sessions per AG, in AG order.
    #[serde(rename = "sitzungen_je_ag")]
    pub sitzungen_per_ag: Vec<u32>,
    /// Conferences.
    pub konferenzen: u32,
    /// Goals in all AGs.
    pub ziele: u32,
    /// Measures in all AGs.
    pub massnahmen: u32,
    /// Distinct people.
    #[serde(rename = "teilnehmende_personen")]
    pub distinct_persons: u32,
    /// One person at one AG session.
    pub anwesenheiten: u32,
    /// Attendances divided by AG sessions with an attendance list (0 when there is none).
    #[serde(rename = "durchschnitt_je_sitzung")]
    pub average_per_sitzung: f64,
    /// The average rounded half up to a whole person, as the Vorlage shows it.
    #[serde(rename = "durchschnitt_gerundet")]
    pub average_rounded: u32,
    /// Earliest and latest date among conferences and AG sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "zeitraum")]
    pub period: Option<Period>,
    /// Categories by descending number of people, ties in konzept.toml order.
    pub bereiche: Vec<BereichCount>,
    /// People whose category is not configured or not given.
    #[serde(rename = "personen_ohne_bereich")]
    pub persons_without_bereich: u32,
}

/// A period from one date to another.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Period {
    /// First day.
    #[serde(rename = "von")]
    pub first: Date,
    /// Last day.
    #[serde(rename = "bis")]
    pub last: Date,
}

/// People per category.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BereichCount {
    /// Category name from konzept.toml.
    pub name: String,
    /// Distinct people in it.
    #[serde(rename = "personen")]
    pub persons: u32,
}
