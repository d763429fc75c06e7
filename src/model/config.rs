//! `konzept.toml`: everything a table cannot hold. Unknown keys are errors with their line.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::report::{Place, Position, Problem};

/// The whole of `konzept.toml`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The city.
    pub stadt: Stadt,
    /// The council submission.
    pub vorlage: Vorlage,
    /// The concept and its process.
    pub konzept: KonzeptDetails,
    /// Where a council information system will serve the files.
    #[serde(default)]
    pub oparl: Oparl,
    /// How participants are counted and shown.
    #[serde(default)]
    pub teilnehmende: TeilnehmendeDetails,
}

/// `[stadt]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stadt {
    /// Name of the city, e.g. `Göttingen`.
    pub name: String,
    /// Optional logo, relative to the project folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
}

/// `[vorlage]`: the head data of the council submission.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vorlage {
    /// Drucksachennummer, e.g. `FB 50/1234/08`.
    #[serde(rename = "nummer")]
    pub number: String,
    /// Date of the submission; also the documents' date.
    #[serde(rename = "datum")]
    pub date: Date,
    /// Kind, e.g. `Beschlussvorlage`.
    #[serde(default = "default_kind")]
    #[serde(rename = "art")]
    pub kind: String,
    /// Subject line.
    pub betreff: String,
    /// Originating office.
    pub federfuehrend: String,
    /// The Dezernat the Fachbereich belongs to (e.g. `Dez. C`), shown in the Vorlage's head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dezernat: Option<String>,
    /// The proposed resolution.
    pub beschlussvorschlag: String,
    /// The text of the Vorlage's section „Finanzielle Auswirkungen“.
    #[serde(rename = "finanzielle_auswirkungen")]
    pub financial_effects: String,
    /// The committees in order.
    #[serde(default)]
    pub beratungsfolge: Vec<BeratungsfolgeStep>,
}

fn default_kind() -> String {
    "Beschlussvorlage".to_owned()
}

/// One committee step of the Beratungsfolge.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BeratungsfolgeStep {
    /// Committee, e.g. `Rat der Stadt Göttingen`.
    pub gremium: String,
    /// Date of the session.
    #[serde(rename = "datum")]
    pub date: Date,
    /// Role, e.g. `Vorberatung` or `Entscheidung`.
    #[serde(rename = "rolle")]
    pub role: String,
}

/// `[konzept]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KonzeptDetails {
    /// Full title.
    #[serde(rename = "titel")]
    pub title: String,
    /// Short title; names the Anlage file.
    #[serde(rename = "kurztitel")]
    pub short_title: String,
    /// Office that coordinated the process.
    #[serde(rename = "koordination")]
    pub coordination: String,
    /// External moderation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<Moderation>,
    /// Members of the advisory board, in the order the Vorlage names them.
    #[serde(default)]
    pub beirat: Vec<BeiratMember>,
    /// Guiding goals.
    #[serde(default)]
    pub leitziele: Vec<String>,
    /// Cross-cutting tasks.
    #[serde(default)]
    pub querschnittsaufgaben: Vec<String>,
    /// Conferences of the process.
    #[serde(default)]
    pub konferenzen: Vec<Konferenz>,
    /// Fields of action; one AG each, in document order.
    pub handlungsfelder: Vec<Handlungsfeld>,
}

/// External moderation of the AGs.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Moderation {
    /// Name, e.g. `imap Institut`.
    pub name: String,
    /// Place, e.g. `Leverkusen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ort")]
    pub place: Option<String>,
}

/// A member of the advisory board: a plain name (`"Universität"`), or a table that says how
/// the Vorlage's sentence names it (`{ name = "Universität", genitiv = "der Universität" }`,
/// `{ name = "Dez. B", fachdezernat = true }`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum BeiratMember {
    /// Just the name.
    Name(String),
    /// Name with grammar for the Vorlage.
    #[serde(rename = "Angaben")]
    Details(BeiratDetails),
}

/// How the Vorlage names a member of the advisory board.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BeiratDetails {
    /// Name, e.g. `Integrationsrat`.
    pub name: String,
    /// Genitive with article for "je eine Vertretung …", e.g. `des Integrationsrates`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "genitiv")]
    pub genitive: Option<String>,
    /// A department head (Fachdezernent) rather than a represented body.
    #[serde(default)]
    pub fachdezernat: bool,
}

/// A conference of the process.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Konferenz {
    /// Title, e.g. `Auftaktkonferenz`.
    #[serde(rename = "titel")]
    pub title: String,
    /// The day it took place.
    #[serde(rename = "datum")]
    pub date: Date,
}

/// A field of action, worked on by one AG.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Handlungsfeld {
    /// Name, e.g. `Sprache und Bildung`.
    pub name: String,
    /// Short name, e.g. `SB`.
    #[serde(rename = "kurz")]
    pub short: String,
    /// Whom the office writes to for this AG (`kontakt = "Frau Muster, muster@example.org"`):
    /// the addressee line of its Rueckmeldung. Internal to the office, so never written into
    /// `konzept.json`, which is published with the package.
    #[serde(default, rename = "kontakt", skip_serializing)]
    pub contact: Option<String>,
}

/// `[oparl]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Oparl {
    /// Base URL under which ids and access URLs are formed.
    #[serde(default = "default_base_url")]
    #[serde(rename = "basis_url")]
    pub base_url: String,
}

impl Default for Oparl {
    fn default() -> Self {
        Self {
            base_url: default_base_url(),
        }
    }
}

/// The documented default when `[oparl] basis_url` is not set: a placeholder host that the
/// council information system replaces on import.
pub fn default_base_url() -> String {
    "https://ris.example.invalid/oparl/".to_owned()
}

/// `[teilnehmende]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TeilnehmendeDetails {
    /// Whether participant names may appear in the Anlage's participation chapter.
    #[serde(default)]
    #[serde(rename = "namen_veroeffentlichen")]
    pub publish_names: bool,
    /// Category → the free texts in the lists that mean it, in konzept.toml order.
    #[serde(default)]
    pub bereiche: toml::map::Map<String, toml::Value>,
}

impl TeilnehmendeDetails {
    /// Categories with their synonyms, in konzept.toml order.
    pub fn bereiche(&self) -> Vec<(String, Vec<String>)> {
        self.bereiche
            .iter()
            .map(|(name, value)| {
                let synonyms = match value {
                    toml::Value::Array(items) => items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                    toml::Value::String(single) => vec![single.clone()],
                    _ => Vec::new(),
                };
                (name.clone(), synonyms)
            })
            .collect()
    }
}

/// Reads `konzept.toml` from its text; `datei` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<Config, Problem> {
    let config: Config = toml::from_str(text).map_err(|err| toml_error(file, text, &err))?;
    validate_bereiche(file, text, &config)?;
    Ok(config)
}

fn validate_bereiche(file: &str, text: &str, config: &Config) -> Result<(), Problem> {
    for (name, value) in &config.teilnehmende.bereiche {
        let ok = match value {
            toml::Value::Array(items) => items.iter().all(toml::Value::is_str),
            toml::Value::String(_) => true,
            _ => false,
        };
        if !ok {
            return Err(Problem::error(
                Place {
                    file: file.into(),
                    sheet: None,
                    position: line_of_key(text, name),
                },
                format!(
                    "[teilnehmende.bereiche] „{name}“ muss eine Liste von Texten sein, z. B. \
                     \"{name}\" = [\"Schreibweise 1\", \"Schreibweise 2\"]."
                ),
            ));
        }
    }
    Ok(())
}

fn line_of_key(text: &str, key: &str) -> Position {
    text.lines()
        .position(|line| line.trim_start().trim_start_matches('"').starts_with(key))
        .map_or(Position::Whole, |i| Position::Line(i as u64 + 1))
}

fn toml_error(file: &str, text: &str, err: &toml::de::Error) -> Problem {
    let position = err.span().map_or(Position::Whole, |span| {
        let before = text.get(..span.start).unwrap_or(text);
        Position::Line(before.matches('\n').count() as u64 + 1)
    });
    let place = Place {
        file: file.into(),
        sheet: None,
        position,
    };
    match german_toml_message(err.message()) {
        Some(message) => Problem::error(place, message),
        None => Problem::error(
            place,
            "konzept.toml ist an dieser Stelle nicht lesbar. Prüfen Sie die Zeile: Texte stehen \
             in Anführungszeichen, jede Angabe hat die Form name = wert, Abschnitte stehen in \
             eckigen Klammern.",
        )
        .with_detail(err.message().trim()),
    }
}

/// The German message for the toml errors a person makes most (an unknown or a missing key);
/// `None` for the rest, whose words the toml parser alone has.
fn german_toml_message(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let expected = rest.split_once("expected ").map_or("", |(_, e)| e);
        return Some(format!(
            "unbekannter Schlüssel „{field}“. Erlaubt sind hier: {}. Prüfen Sie die Schreibweise \
             (Umlaute als ae, oe, ue, ss).",
            expected
                .trim_start_matches("one of ")
                .replace('`', "")
                .replace(" or ", ", ")
                .trim_end_matches('.')
        ));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Some(format!(
            "Pflichtangabe „{field}“ fehlt. Ergänzen Sie sie in diesem Abschnitt."
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[stadt]
name = "Musterstadt"

[vorlage]
nummer = "1/2008"
datum = 2008-10-15
betreff = "Konzept"
federfuehrend = "Amt"
beschlussvorschlag = "Der Rat stimmt zu."
finanzielle_auswirkungen = "Keine."

[konzept]
titel = "Konzept"
kurztitel = "Konzept"
koordination = "Amt"
handlungsfelder = [{ name = "Sprache und Bildung", kurz = "SB" }]
"#;

    #[test]
    fn minimal_config_reads() {
        let config = parse("konzept.toml", MINIMAL).unwrap();
        assert_eq!(crate::german::date_text(config.vorlage.date), "15.10.2008");
        assert_eq!(config.vorlage.kind, "Beschlussvorlage");
        assert_eq!(config.oparl.base_url, default_base_url());
    }

    #[test]
    fn a_contact_per_handlungsfeld_is_read_but_never_published() {
        let text = MINIMAL.replace(
            "kurz = \"SB\" }",
            "kurz = \"SB\", kontakt = \"Frau Muster, muster@example.org\" }",
        );
        let config = parse("konzept.toml", &text).unwrap();
        let handlungsfeld = &config.konzept.handlungsfelder[0];
        assert_eq!(
            handlungsfeld.contact.as_deref(),
            Some("Frau Muster, muster@example.org")
        );
        // konzept.json carries the Handlungsfelder; the office's contacts stay out of it.
        let json = serde_json::to_string(&config.konzept).unwrap();
        assert!(!json.contains("muster"), "{json}");
        assert!(
            parse("konzept.toml", MINIMAL)
                .unwrap()
                .konzept
                .handlungsfelder[0]
                .contact
                .is_none()
        );
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let text = MINIMAL.replace(
            "kurztitel = \"Konzept\"",
            "kurztitel = \"Konzept\"\nkurztitle = \"x\"",
        );
        let err = parse("konzept.toml", &text).unwrap_err();
        assert_eq!(err.place.unwrap().to_string(), "konzept.toml › Zeile 16");
        assert!(
            err.message.contains("unbekannter Schlüssel „kurztitle“"),
            "{}",
            err.message
        );
    }
}
