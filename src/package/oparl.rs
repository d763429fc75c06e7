//! `oparl.json`: the Vorlage as an OParl 1.1 `Paper` with its two `File`s and its
//! `Consultation`s, so that a council information system (RIS) can take the package in.
//!
//! OParl refers to other objects by URL. ratsvorlage does not know the RIS's URLs, so every
//! id is formed under `[oparl] basis_url` (`<basis>`), deterministically from the data:
//!
//! | object | id |
//! |---|---|
//! | Paper | `<basis>paper/<slug of Vorlage nummer>` |
//! | File (Beschlussvorlage) | `<basis>file/<paper slug>-beschlussvorlage`, `accessUrl` = id + `/` + file name |
//! | File (Anlage) | `<basis>file/<paper slug>-anlage`, `accessUrl` likewise |
//! | Consultation n (from 1) | `<basis>consultation/<paper slug>-<n>` |
//! | Body (the city) | `<basis>body/<slug of Stadt name>` |
//! | Organization (federführend, Gremium) | `<basis>organization/<slug of its name>` |
//! | Meeting of a Beratung | `<basis>meeting/<slug of Gremium>-<JJJJ-MM-TT>` |
//!
//! Slugs follow [`names::slug`]. Organizations, the body and meetings are referenced, not
//! embedded (the Paper schema only holds their URLs); a RIS maps them on import. `created`
//! and `modified` are the Vorlage date at midnight UTC, never the clock.

use serde::Serialize;
use sha2::{Digest, Sha512};

use crate::date::Date;
use crate::documents::{Documents, PdfDocument};
use crate::model::Konzept;
use crate::model::config::BeratungsfolgeStep;
use crate::package::error::PackageError;
use crate::package::names;

const TYPE_PAPER: &str = "https://schema.oparl.org/1.1/Paper";
const TYPE_FILE: &str = "https://schema.oparl.org/1.1/File";
const TYPE_CONSULTATION: &str = "https://schema.oparl.org/1.1/Consultation";
const MIME_PDF: &str = "application/pdf";

/// A validated `basis_url`, always ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url`: an absolute `http(s)` address with a host, without spaces, query or
    /// fragment. A missing final `/` is added.
    pub(crate) fn new(url: &str) -> Result<Self, PackageError> {
        let fail = |reason| PackageError::InvalidBaseUrl {
            url: url.to_owned(),
            reason,
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| fail("sie muss mit https:// oder http:// beginnen"))?;
        if rest.split('/').next().is_none_or(str::is_empty) {
            return Err(fail("nach https:// fehlt der Servername"));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(fail("sie darf keine Leerzeichen enthalten"));
        }
        if url.contains(['?', '#']) {
            return Err(fail("sie darf kein ? und kein # enthalten"));
        }
        let mut base = url.to_owned();
        if !base.ends_with('/') {
            base.push('/');
        }
        Ok(Self(base))
    }

    /// `<basis><kind>/<slug>`.
    fn id(&self, kind: &str, slug: &str) -> String {
        format!("{}{kind}/{slug}", self.0)
    }
}

/// An OParl 1.1 `Paper` (only the fields ratsvorlage fills).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Paper {
    /// `<basis>paper/<slug>`.
    pub id: String,
    /// Always the Paper type URL.
    #[serde(rename = "type")]
    pub typ: &'static str,
    /// The city as an OParl Body.
    pub body: String,
    /// The Betreff.
    pub name: String,
    /// The Vorlage number.
    pub reference: String,
    /// The Vorlage date.
    pub date: Date,
    /// The Vorlage kind, e.g. `Beschlussvorlage`.
    pub paper_type: String,
    /// The federführende office.
    pub under_direction_of: Vec<String>,
    /// The Beschlussvorlage.
    pub main_file: File,
    /// The Anlage.
    pub auxiliary_file: Vec<File>,
    /// The Beratungsfolge.
    pub consultation: Vec<Consultation>,
    /// The Vorlage date, `T00:00:00Z`.
    pub created: String,
    /// Same as `created`.
    pub modified: String,
}

/// An OParl 1.1 `File` for one PDF.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct File {
    /// `<basis>file/<paper slug>-<role>`.
    pub id: String,
    /// Always the File type URL.
    #[serde(rename = "type")]
    pub typ: &'static str,
    /// The document's title.
    pub name: String,
    /// The file name in the package.
    pub file_name: String,
    /// `application/pdf`.
    pub mime_type: &'static str,
    /// The Vorlage date.
    pub date: Date,
    /// Bytes.
    pub size: u64,
    /// SHA-512 of the bytes, lower-case hex.
    pub sha512_checksum: String,
    /// The document's plain text.
    pub text: String,
    /// `<id>/<file name, percent-encoded>`.
    pub access_url: String,
    /// The Paper this file belongs to.
    pub paper: Vec<String>,
    /// The Vorlage date, `T00:00:00Z`.
    pub created: String,
    /// Same as `created`.
    pub modified: String,
}

/// An OParl 1.1 `Consultation`: one step of the Beratungsfolge.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Consultation {
    /// `<basis>consultation/<paper slug>-<n>`.
    pub id: String,
    /// Always the Consultation type URL.
    #[serde(rename = "type")]
    pub typ: &'static str,
    /// The id of the Paper (the Vorlage) deliberated.
    pub paper: String,
    /// The committee's session on the Beratung date.
    pub meeting: String,
    /// The committee.
    pub organization: Vec<String>,
    /// The role as konzept.toml gives it, e.g. `Vorberatung`.
    pub role: String,
    /// Whether this committee decides (see [`is_deciding`]).
    pub authoritative: bool,
    /// The Vorlage date, `T00:00:00Z`.
    pub created: String,
    /// Same as `created`.
    pub modified: String,
}

/// The Paper for the concept's Vorlage and its documents.
pub(crate) fn paper(konzept: &Konzept, docs: &Documents, base: &BaseUrl) -> Paper {
    let vorlage = &konzept.vorlage;
    let slug = names::slug(&vorlage.number, "vorlage");
    let ids = Ids {
        base,
        paper: base.id("paper", &slug),
        slug,
        date: vorlage.date,
        stamp: timestamp(vorlage.date),
    };
    Paper {
        typ: TYPE_PAPER,
        body: base.id("body", &names::slug(&konzept.stadt.name, "stadt")),
        name: vorlage.betreff.clone(),
        reference: vorlage.number.clone(),
        date: vorlage.date,
        paper_type: vorlage.kind.clone(),
        under_direction_of: vec![organization(base, &vorlage.federfuehrend)],
        main_file: ids.file(&docs.beschlussvorlage, "beschlussvorlage"),
        auxiliary_file: vec![ids.file(&docs.anlage, "anlage")],
        consultation: vorlage
            .beratungsfolge
            .iter()
            .zip(1..)
            .map(|(b, number)| ids.consultation(b, number))
            .collect(),
        created: ids.stamp.clone(),
        modified: ids.stamp.clone(),
        id: ids.paper,
    }
}

/// What the objects of one Paper share: the base, the Paper's id and slug, and its date.
struct Ids<'a> {
    base: &'a BaseUrl,
    paper: String,
    slug: String,
    date: Date,
    stamp: String,
}

impl Ids<'_> {
    /// The File of `doc`; `role` names it in its id (`beschlussvorlage`, `anlage`).
    fn file(&self, doc: &PdfDocument, role: &str) -> File {
        let id = self.base.id("file", &format!("{}-{role}", self.slug));
        File {
            access_url: format!("{id}/{}", percent_encode(&doc.file_name)),
            id,
            typ: TYPE_FILE,
            name: doc.title.clone(),
            file_name: doc.file_name.clone(),
            mime_type: MIME_PDF,
            date: self.date,
            size: doc.pdf.len() as u64,
            sha512_checksum: sha512_hex(&doc.pdf),
            text: doc.text.clone(),
            paper: vec![self.paper.clone()],
            created: self.stamp.clone(),
            modified: self.stamp.clone(),
        }
    }

    /// The Consultation for the `nr`-th step (from 1) of the Beratungsfolge.
    fn consultation(&self, step: &BeratungsfolgeStep, number: u32) -> Consultation {
        let gremium = names::slug(&step.gremium, "gremium");
        Consultation {
            id: self
                .base
                .id("consultation", &format!("{}-{number}", self.slug)),
            typ: TYPE_CONSULTATION,
            paper: self.paper.clone(),
            meeting: self.base.id("meeting", &format!("{gremium}-{}", step.date)),
            organization: vec![organization(self.base, &step.gremium)],
            role: step.role.clone(),
            authoritative: is_deciding(&step.role),
            created: self.stamp.clone(),
            modified: self.stamp.clone(),
        }
    }
}

fn organization(base: &BaseUrl, name: &str) -> String {
    base.id("organization", &names::slug(name, "organisation"))
}

/// Whether a Beratung role means the committee decides: it starts with `Entscheid` or
/// `Beschluss` in any case (`Entscheidung`, `Beschlussfassung`); `Vorberatung`,
/// `Kenntnisnahme` and others do not.
pub(crate) fn is_deciding(role: &str) -> bool {
    let role = role.trim().to_lowercase();
    role.starts_with("entscheid") || role.starts_with("beschluss")
}

/// The date as an OParl date-time: `2008-10-15T00:00:00Z`.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// SHA-512 of `bytes` as lower-case hex.
pub(crate) fn sha512_hex(bytes: &[u8]) -> String {
    Sha512::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_checked_and_gets_a_final_slash() {
        assert_eq!(
            BaseUrl::new("https://ris.goettingen.de/oparl").unwrap().0,
            "https://ris.goettingen.de/oparl/"
        );
        assert_eq!(BaseUrl::new("http://ris/").unwrap().0, "http://ris/");
        let err = BaseUrl::new("ris.goettingen.de/oparl/").unwrap_err();
        assert_eq!(
            err.to_string(),
            "[oparl] basis_url „ris.goettingen.de/oparl/“ in konzept.toml ist keine gültige Adresse: \
             sie muss mit https:// oder http:// beginnen. Beispiel: basis_url = \"https://ris.goettingen.de/oparl/\""
        );
        assert!(matches!(
            BaseUrl::new("https:///x"),
            Err(PackageError::InvalidBaseUrl {
                reason: "nach https:// fehlt der Servername",
                ..
            })
        ));
        assert!(matches!(
            BaseUrl::new("https://a b/"),
            Err(PackageError::InvalidBaseUrl {
                reason: "sie darf keine Leerzeichen enthalten",
                ..
            })
        ));
        assert!(matches!(
            BaseUrl::new("https://a/?x=1"),
            Err(PackageError::InvalidBaseUrl {
                reason: "sie darf kein ? und kein # enthalten",
                ..
            })
        ));
    }

    #[test]
    fn deciding_roles() {
        assert!(is_deciding("Entscheidung"));
        assert!(is_deciding(" beschluss "));
        assert!(is_deciding("Beschlussfassung"));
        assert!(!is_deciding("Vorberatung"));
        assert!(!is_deciding("Kenntnisnahme"));
    }

    #[test]
    fn sha512_matches_the_standard_vector() {
        assert_eq!(
            sha512_hex(b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
    }

    #[test]
    fn file_names_are_percent_encoded_in_urls() {
        assert_eq!(
            percent_encode("Anlage 1 Übersicht.pdf"),
            "Anlage%201%20%C3%9Cbersicht.pdf"
        );
    }
}
