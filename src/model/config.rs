//! `konzept.toml`: everything a table cannot hold. Unknown keys are errors with their line.

use serde::{Deserialize, Serialize};

use crate::datum::Datum;
use crate::report::{Meldung, Ort, Stelle};

/// The whole of `konzept.toml`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The city.
    pub stadt: Stadt,
    /// The council submission.
    pub vorlage: Vorlage,
    /// The concept and its process.
    pub konzept: KonzeptAngaben,
    /// Where a council information system will serve the files.
    #[serde(default)]
    pub oparl: Oparl,
    /// How participants are counted and shown.
    #[serde(default)]
    pub teilnehmende: TeilnehmendeAngaben,
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
    pub nummer: String,
    /// Date of the submission; also the documents' date.
    pub datum: Datum,
    /// Kind, e.g. `Beschlussvorlage`.
    #[serde(default = "default_art")]
    pub art: String,
    /// Subject line.
    pub betreff: String,
    /// Originating office.
    pub federfuehrend: String,
    /// Dezernat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dezernat: Option<String>,
    /// The proposed resolution.
    pub beschlussvorschlag: String,
    /// Financial effects.
    pub finanzielle_auswirkungen: String,
    /// The committees in order.
    #[serde(default)]
    pub beratungsfolge: Vec<Beratung>,
}

fn default_art() -> String {
    "Beschlussvorlage".to_owned()
}

/// One committee step of the Beratungsfolge.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Beratung {
    /// Committee, e.g. `Rat der Stadt Göttingen`.
    pub gremium: String,
    /// Date of the session.
    pub datum: Datum,
    /// Role, e.g. `Vorberatung` or `Entscheidung`.
    pub rolle: String,
}

/// `[konzept]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KonzeptAngaben {
    /// Full title.
    pub titel: String,
    /// Short title; names the Anlage file.
    pub kurztitel: String,
    /// Office that coordinated the process.
    pub koordination: String,
    /// External moderation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<Moderation>,
    /// Members of the advisory board, in the order the Vorlage names them.
    #[serde(default)]
    pub beirat: Vec<BeiratMitglied>,
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
    pub ort: Option<String>,
}

/// A member of the advisory board: a plain name (`"Universität"`), or a table that says how
/// the Vorlage's sentence names it (`{ name = "Universität", genitiv = "der Universität" }`,
/// `{ name = "Dez. B", fachdezernat = true }`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum BeiratMitglied {
    /// Just the name.
    Name(String),
    /// Name with grammar for the Vorlage.
    Angaben(BeiratAngaben),
}

/// How the Vorlage names a member of the advisory board.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BeiratAngaben {
    /// Name, e.g. `Integrationsrat`.
    pub name: String,
    /// Genitive with article for "je eine Vertretung …", e.g. `des Integrationsrates`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genitiv: Option<String>,
    /// A department head (Fachdezernent) rather than a represented body.
    #[serde(default)]
    pub fachdezernat: bool,
}

/// A conference of the process.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Konferenz {
    /// Title, e.g. `Auftaktkonferenz`.
    pub titel: String,
    /// Date.
    pub datum: Datum,
}

/// A field of action, worked on by one AG.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Handlungsfeld {
    /// Name, e.g. `Sprache und Bildung`.
    pub name: String,
    /// Short name, e.g. `SB`.
    pub kurz: String,
}

/// `[oparl]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Oparl {
    /// Base URL under which ids and access URLs are formed.
    #[serde(default = "default_basis_url")]
    pub basis_url: String,
}

impl Default for Oparl {
    fn default() -> Self {
        Self {
            basis_url: default_basis_url(),
        }
    }
}

/// The documented default when `[oparl] basis_url` is not set: a placeholder host that the
/// council information system replaces on import.
pub fn default_basis_url() -> String {
    "https://ris.example.invalid/oparl/".to_owned()
}

/// `[teilnehmende]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TeilnehmendeAngaben {
    /// Whether participant names may appear in the Anlage's participation chapter.
    #[serde(default)]
    pub namen_veroeffentlichen: bool,
    /// Category → the free texts in the lists that mean it, in konzept.toml order.
    #[serde(default)]
    pub bereiche: toml::map::Map<String, toml::Value>,
}

impl TeilnehmendeAngaben {
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
pub fn parse(datei: &str, text: &str) -> Result<Config, Meldung> {
    let config: Config = toml::from_str(text).map_err(|err| toml_error(datei, text, &err))?;
    validate_bereiche(datei, text, &config)?;
    Ok(config)
}

fn validate_bereiche(datei: &str, text: &str, config: &Config) -> Result<(), Meldung> {
    for (name, value) in &config.teilnehmende.bereiche {
        let ok = match value {
            toml::Value::Array(items) => items.iter().all(toml::Value::is_str),
            toml::Value::String(_) => true,
            _ => false,
        };
        if !ok {
            return Err(Meldung {
                ort: Ort {
                    datei: datei.to_owned(),
                    blatt: None,
                    stelle: line_of_key(text, name),
                },
                meldung: format!(
                    "[teilnehmende.bereiche] „{name}“ muss eine Liste von Texten sein, z. B. \
                     \"{name}\" = [\"Schreibweise 1\", \"Schreibweise 2\"]."
                ),
            });
        }
    }
    Ok(())
}

fn line_of_key(text: &str, key: &str) -> Stelle {
    text.lines()
        .position(|line| line.trim_start().trim_start_matches('"').starts_with(key))
        .map_or(Stelle::Ganz, |i| Stelle::Zeile(i as u64 + 1))
}

fn toml_error(datei: &str, text: &str, err: &toml::de::Error) -> Meldung {
    let stelle = err.span().map_or(Stelle::Ganz, |span| {
        let before = text.get(..span.start).unwrap_or(text);
        Stelle::Zeile(before.matches('\n').count() as u64 + 1)
    });
    Meldung {
        ort: Ort {
            datei: datei.to_owned(),
            blatt: None,
            stelle,
        },
        meldung: german_toml_message(err.message()),
    }
}

/// Translates the parts of toml's messages that a person needs, keeping the details.
fn german_toml_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let expected = rest.split_once("expected ").map(|(_, e)| e).unwrap_or("");
        return format!(
            "unbekannter Schlüssel „{field}“. Erlaubt sind hier: {}. Prüfen Sie die Schreibweise \
             (Umlaute als ae, oe, ue, ss).",
            expected
                .replace('`', "")
                .replace(" or ", ", ")
                .trim_end_matches('.')
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("Pflichtangabe „{field}“ fehlt. Ergänzen Sie sie in diesem Abschnitt.");
    }
    format!("konzept.toml ist nicht lesbar: {}", message.trim())
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
        assert_eq!(config.vorlage.datum.deutsch(), "15.10.2008");
        assert_eq!(config.vorlage.art, "Beschlussvorlage");
        assert_eq!(config.oparl.basis_url, default_basis_url());
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let text = MINIMAL.replace(
            "kurztitel = \"Konzept\"",
            "kurztitel = \"Konzept\"\nkurztitle = \"x\"",
        );
        let err = parse("konzept.toml", &text).unwrap_err();
        assert_eq!(err.ort.to_string(), "konzept.toml › Zeile 16");
        assert!(
            err.meldung.contains("unbekannter Schlüssel „kurztitle“"),
            "{}",
            err.meldung
        );
    }
}
