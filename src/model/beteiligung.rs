//! Sessions and attendance: Sitzungen tables and attendance lists (long and wide) merged by
//! AG and session number or date; people de-duplicated; categories mapped.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

use crate::datum::Datum;
use crate::model::build::{Builder, at};
use crate::model::konzept::{BereichZahl, Beteiligung, Organisation, Person, Sitzung};
use crate::model::rows::{unused, used};
use crate::model::values;
use crate::report::{Meldung, Ort};
use crate::tables::columns::normalise;
use crate::tables::{SitzungsBezug, Spalte, Tabelle, TabellenArt, TabellenZeile, Wert, Zelle};

/// Bereich words that mean "no organisation": counted without a category, never warned about.
const OHNE_BEREICH: &[&str] = &["einzelperson", "einzelpersonen", "privat", "privatperson"];

/// Sessions, attendance and people of the whole concept.
#[derive(Debug, Default)]
pub struct Beteiligungsdaten {
    /// Sessions per AG, by number.
    pub sitzungen: Vec<Vec<Sitzung>>,
    /// Organisations and (where allowed) names.
    pub beteiligung: Beteiligung,
    /// Distinct people.
    pub personen: u32,
    /// One person at one session, summed.
    pub anwesenheiten: u32,
    /// Sessions that an attendance list covers.
    pub sitzungen_mit_liste: u32,
    /// People per category, sorted.
    pub bereiche: Vec<BereichZahl>,
    /// People without a configured category.
    pub ohne_bereich: u32,
}

/// A session as it is being collected.
#[derive(Debug, Clone)]
struct Entwurf {
    nr: Option<u32>,
    datum: Option<Datum>,
    ort: Option<String>,
    thema: Option<String>,
    /// Distinct people present, when an attendance list covers the session.
    anwesend: Option<BTreeSet<usize>>,
}

/// Who a row of an attendance list is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PersonKey {
    /// Name (and organisation) after normalisation.
    Named(String, String),
    /// An anonymous row: one person each.
    Anonym(Ort),
}

#[derive(Debug)]
struct PersonInfo {
    name: Option<String>,
    organisation: Option<String>,
    bereich: Option<String>,
    ags: BTreeSet<usize>,
}

/// A session reference from an attendance list, with the cell it came from.
struct Bezug {
    ag: usize,
    bezug: SitzungsBezug,
    person: Option<usize>,
    zelle: Ort,
}

/// Collects sessions and attendance for `ag_count` AGs.
pub fn collect(b: &mut Builder<'_>, ag_count: usize) -> Beteiligungsdaten {
    let mut entwuerfe: Vec<Vec<Entwurf>> = vec![Vec::new(); ag_count];
    session_tables(b, &mut entwuerfe);
    let mut people = People::default();
    let bezuege = attendance_tables(b, &mut people);
    let sitzungen = resolve_sessions(b, entwuerfe, &bezuege);
    summarise(b, sitzungen, people)
}

fn session_tables(b: &mut Builder<'_>, entwuerfe: &mut [Vec<Entwurf>]) {
    for tabelle in b.tables_of(TabellenArt::Sitzungen) {
        for zeile in &tabelle.zeilen {
            let Some(datum_zelle) = zeile.get(Spalte::Datum) else {
                unused(
                    b.bericht,
                    tabelle,
                    zeile,
                    "kein Datum in der Spalte „Datum“",
                );
                continue;
            };
            match session(b, tabelle, zeile, datum_zelle, entwuerfe) {
                Ok((ag, entwurf)) => {
                    entwuerfe[ag].push(entwurf);
                    used(b.bericht, tabelle);
                }
                Err(meldung) => b.reject(tabelle, zeile, meldung),
            }
        }
    }
}

fn session(
    b: &mut Builder<'_>,
    tabelle: &Tabelle,
    zeile: &TabellenZeile,
    datum_zelle: &Zelle,
    entwuerfe: &[Vec<Entwurf>],
) -> Result<(usize, Entwurf), Meldung> {
    let ag = b.row_ag(tabelle, zeile)?;
    let datum = values::datum(&datum_zelle.wert, b.referenzjahr).map_err(|m| at(datum_zelle, m))?;
    let nr = b.value(zeile, Spalte::Nr, session_number)?;
    let ag_name = &b.config.konzept.handlungsfelder[ag].name;
    if entwuerfe[ag]
        .iter()
        .any(|e| e.datum == Some(datum) || (nr.is_some() && e.nr == nr))
    {
        return Err(at(
            datum_zelle,
            format!(
                "Die Sitzung am {} (Nr. {}) ist für die AG „{ag_name}“ doppelt eingetragen. Tragen Sie \
             jede Sitzung nur einmal ein.",
                datum.deutsch(),
                nr.map_or("–".to_owned(), |n| n.to_string())
            ),
        ));
    }
    Ok((
        ag,
        Entwurf {
            nr,
            datum: Some(datum),
            ort: b.value(zeile, Spalte::Ort, values::text)?,
            thema: b.value(zeile, Spalte::Thema, values::text)?,
            anwesend: None,
        },
    ))
}

/// A session number: `1`, `1.`, `Sitzung 1`, `1. Sitzung`.
fn session_number(wert: &Wert) -> Result<u32, String> {
    let text = values::id(wert)?;
    let digits = normalise(&text).replace("sitzung", "");
    digits
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            format!(
                "„{text}“ ist keine Sitzungsnummer. Tragen Sie eine ganze Zahl ab 1 ein, z. B. „2“."
            )
        })
}

/// A long list's session cell: a number, a date, or `Sitzung 2`.
fn session_ref(wert: &Wert, referenzjahr: i32) -> Result<SitzungsBezug, String> {
    match wert {
        Wert::Datum(d) => Ok(SitzungsBezug::Datum(*d)),
        Wert::Zahl(n) if *n >= 1000.0 => {
            values::datum(wert, referenzjahr).map(SitzungsBezug::Datum)
        }
        Wert::Text(t) if Datum::parse_text(t, referenzjahr).is_some() => {
            values::datum(wert, referenzjahr).map(SitzungsBezug::Datum)
        }
        _ => session_number(wert).map(SitzungsBezug::Nr).map_err(|_| {
            format!(
                "„{}“ nennt keine Sitzung. Tragen Sie die Nummer der Sitzung (z. B. 2) oder ihr \
                 Datum (z. B. 4.3.2008) ein.",
                values::text(wert).unwrap_or_default()
            )
        }),
    }
}

/// People seen in the attendance lists.
#[derive(Debug, Default)]
struct People {
    index: HashMap<PersonKey, usize>,
    infos: Vec<PersonInfo>,
}

impl People {
    fn add(&mut self, key: PersonKey, info: PersonInfo) -> usize {
        if let Some(&i) = self.index.get(&key) {
            let known = &mut self.infos[i];
            known.ags.extend(info.ags);
            if known.bereich.is_none() {
                known.bereich = info.bereich;
            }
            return i;
        }
        self.infos.push(info);
        self.index.insert(key, self.infos.len() - 1);
        self.infos.len() - 1
    }
}

fn attendance_tables(b: &mut Builder<'_>, people: &mut People) -> Vec<Bezug> {
    let mut bezuege = Vec::new();
    let bereiche = Bereiche::new(b);
    for tabelle in b.tables_of(TabellenArt::Teilnehmende) {
        for zeile in &tabelle.zeilen {
            match attendance_row(b, tabelle, zeile, &bereiche, people) {
                Ok(Some(mut found)) => {
                    bezuege.append(&mut found);
                    used(b.bericht, tabelle);
                }
                Ok(None) => unused(
                    b.bericht,
                    tabelle,
                    zeile,
                    "weder Name noch Organisation angegeben",
                ),
                Err(meldung) => b.reject(tabelle, zeile, meldung),
            }
        }
        for &(col, spalte) in &tabelle.spalten {
            if let Spalte::Anwesenheit(bezug) = spalte {
                column_coverage(b, tabelle, col, bezug, &mut bezuege);
            }
        }
    }
    bezuege
}

/// A wide list's session column covers its session for every AG the list has rows for.
fn column_coverage(
    b: &mut Builder<'_>,
    tabelle: &Tabelle,
    col: u32,
    bezug: SitzungsBezug,
    out: &mut Vec<Bezug>,
) {
    let mut ags = BTreeSet::new();
    for zeile in &tabelle.zeilen {
        if let Ok(ag) = b.row_ag(tabelle, zeile) {
            ags.insert(ag);
        }
    }
    let zelle = tabelle.ort.mit_stelle(crate::report::Stelle::Zelle {
        zeile: 0,
        spalte: col,
    });
    out.extend(ags.into_iter().map(|ag| Bezug {
        ag,
        bezug,
        person: None,
        zelle: zelle.clone(),
    }));
}

fn attendance_row(
    b: &mut Builder<'_>,
    tabelle: &Tabelle,
    zeile: &TabellenZeile,
    bereiche: &Bereiche,
    people: &mut People,
) -> Result<Option<Vec<Bezug>>, Meldung> {
    let name = person_name(b, zeile)?;
    let organisation = b.value(zeile, Spalte::Organisation, values::text)?;
    if name.is_none() && organisation.is_none() {
        return Ok(None);
    }
    let ag = b.row_ag(tabelle, zeile)?;
    let bereich = match zeile.get(Spalte::Bereich) {
        Some(zelle) => category(b, bereiche, zelle)?,
        None => None,
    };
    let key = match &name {
        Some(name) => {
            PersonKey::Named(fold_name(name), fold(organisation.as_deref().unwrap_or("")))
        }
        None => PersonKey::Anonym(zeile.ort.clone()),
    };
    let info = PersonInfo {
        name,
        organisation,
        bereich,
        ags: BTreeSet::from([ag]),
    };
    let person = people.add(key, info);
    let mut found = Vec::new();
    if let Some(zelle) = zeile.get(Spalte::Sitzung) {
        let bezug = session_ref(&zelle.wert, b.referenzjahr).map_err(|m| at(zelle, m))?;
        found.push(Bezug {
            ag,
            bezug,
            person: Some(person),
            zelle: zelle.ort.clone(),
        });
    }
    for (spalte, zelle) in &zeile.werte {
        let Spalte::Anwesenheit(bezug) = *spalte else {
            continue;
        };
        match values::anwesend(&zelle.wert) {
            Some(true) => found.push(Bezug {
                ag,
                bezug,
                person: Some(person),
                zelle: zelle.ort.clone(),
            }),
            Some(false) => {}
            None => b.bericht.warnung(
                zelle.ort.clone(),
                format!(
                    "„{}“ ist keine Anwesenheitsmarkierung und wird nicht als anwesend gezählt. \
                     Markieren Sie Anwesenheit mit x, ✓, 1 oder ja; leer oder - heißt abwesend.",
                    values::text(&zelle.wert).unwrap_or_default()
                ),
            ),
        }
    }
    Ok(Some(found))
}

/// The name of a row: `Name`, or `Vorname` and `Nachname` joined.
fn person_name(b: &Builder<'_>, zeile: &TabellenZeile) -> Result<Option<String>, Meldung> {
    let parts = [Spalte::Vorname, Spalte::Name, Spalte::Nachname]
        .into_iter()
        .map(|spalte| b.value(zeile, spalte, values::text))
        .collect::<Result<Vec<_>, _>>()?;
    let joined = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
    Ok(Some(joined).filter(|n| !n.trim().is_empty()))
}

/// The categories of `[teilnehmende.bereiche]`, each with its name and synonyms folded by
/// [`normalise`] once (they are matched for every row of every attendance list).
struct Bereiche(Vec<(String, Vec<String>)>);

impl Bereiche {
    fn new(b: &Builder<'_>) -> Self {
        let bereiche = b.config.teilnehmende.bereiche().into_iter();
        Self(
            bereiche
                .map(|(name, synonyms)| {
                    let folded = std::iter::once(&name)
                        .chain(&synonyms)
                        .map(|s| normalise(s));
                    let folded = folded.collect();
                    (name, folded)
                })
                .collect(),
        )
    }
}

/// The category a Bereich cell maps to through `[teilnehmende.bereiche]`.
fn category(
    b: &mut Builder<'_>,
    bereiche: &Bereiche,
    zelle: &Zelle,
) -> Result<Option<String>, Meldung> {
    let text = values::text(&zelle.wert).map_err(|m| at(zelle, m))?;
    let wanted = normalise(&text);
    let found = bereiche
        .0
        .iter()
        .find(|(_, folded)| folded.contains(&wanted))
        .map(|(name, _)| name.clone());
    if found.is_none() && !wanted.is_empty() && !OHNE_BEREICH.contains(&wanted.as_str()) {
        b.bericht.warnung(
            zelle.ort.clone(),
            format!(
                "Der Bereich „{text}“ ist keiner Kategorie zugeordnet; die Person wird ohne Bereich \
                 gezählt. Ergänzen Sie „{text}“ unter [teilnehmende.bereiche] in konzept.toml."
            ),
        );
    }
    Ok(found)
}

/// Case, spacing and diacritics folded; umlauts as `ae`/`oe`/`ue` so `Müller` = `Mueller`.
fn fold(text: &str) -> String {
    let lower = text
        .to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss");
    let stripped: String = lower
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name folded and with its words sorted, so `Meyer, Anna` = `Anna Meyer`.
fn fold_name(name: &str) -> String {
    let folded = fold(&name.replace(',', " "));
    let mut words: Vec<&str> = folded.split(' ').collect();
    words.sort_unstable();
    words.join(" ")
}

/// Merges sessions from Sitzungen tables with the sessions attendance lists refer to, numbers
/// them (explicit numbers kept, the rest by date), and records who was present.
fn resolve_sessions(
    b: &mut Builder<'_>,
    mut entwuerfe: Vec<Vec<Entwurf>>,
    bezuege: &[Bezug],
) -> Vec<Vec<Entwurf>> {
    for bezug in bezuege {
        if let SitzungsBezug::Datum(datum) = bezug.bezug {
            let list = &mut entwuerfe[bezug.ag];
            if !list.iter().any(|e| e.datum == Some(datum)) {
                list.push(Entwurf {
                    nr: None,
                    datum: Some(datum),
                    ort: None,
                    thema: None,
                    anwesend: None,
                });
            }
        }
    }
    for list in &mut entwuerfe {
        number_by_date(list);
    }
    for bezug in bezuege {
        let list = &mut entwuerfe[bezug.ag];
        let position = match bezug.bezug {
            SitzungsBezug::Datum(datum) => list.iter().position(|e| e.datum == Some(datum)),
            SitzungsBezug::Nr(nr) => list.iter().position(|e| e.nr == Some(nr)),
        };
        let position = match (position, bezug.bezug) {
            (Some(position), _) => position,
            (None, SitzungsBezug::Nr(nr)) => {
                b.bericht.warnung(
                    bezug.zelle.clone(),
                    format!(
                        "Sitzung {nr} der AG „{}“ ist nur aus einer Teilnehmerliste bekannt, ohne \
                         Datum. Tragen Sie sie mit Datum in die Sitzungstabelle der AG ein.",
                        b.config.konzept.handlungsfelder[bezug.ag].name
                    ),
                );
                list.push(Entwurf {
                    nr: Some(nr),
                    datum: None,
                    ort: None,
                    thema: None,
                    anwesend: None,
                });
                list.len() - 1
            }
            // Every dated reference got its session in the first loop.
            (None, SitzungsBezug::Datum(_)) => continue,
        };
        let present = list[position].anwesend.get_or_insert_with(BTreeSet::new);
        present.extend(bezug.person);
    }
    for list in &mut entwuerfe {
        list.sort_by_key(|e| (e.nr, e.datum));
    }
    entwuerfe
}

/// Gives sessions without a number the free numbers in date order.
fn number_by_date(list: &mut [Entwurf]) {
    let taken: BTreeSet<u32> = list.iter().filter_map(|e| e.nr).collect();
    let mut free = (1..).filter(|n| !taken.contains(n));
    let mut unnumbered: Vec<usize> = (0..list.len()).filter(|&i| list[i].nr.is_none()).collect();
    unnumbered.sort_by_key(|&i| list[i].datum);
    for i in unnumbered {
        list[i].nr = free.next();
    }
}

fn summarise(b: &Builder<'_>, entwuerfe: Vec<Vec<Entwurf>>, people: People) -> Beteiligungsdaten {
    let mut anwesenheiten = 0;
    let mut mit_liste = 0;
    let sitzungen = entwuerfe
        .into_iter()
        .map(|list| {
            list.into_iter()
                .map(|e| {
                    let count = e.anwesend.as_ref().map(|set| set.len() as u32);
                    anwesenheiten += count.unwrap_or(0);
                    mit_liste += u32::from(count.is_some());
                    Sitzung {
                        nr: e.nr.unwrap_or(0),
                        datum: e.datum,
                        ort: e.ort,
                        thema: e.thema,
                        teilnehmende: count,
                    }
                })
                .collect()
        })
        .collect();
    let (bereiche, ohne_bereich) = categories(b, &people);
    Beteiligungsdaten {
        sitzungen,
        beteiligung: publishable(b, &people),
        personen: people.infos.len() as u32,
        anwesenheiten,
        sitzungen_mit_liste: mit_liste,
        bereiche,
        ohne_bereich,
    }
}

/// People per category, by descending count, ties in konzept.toml order; empty ones left out.
fn categories(b: &Builder<'_>, people: &People) -> (Vec<BereichZahl>, u32) {
    let mut counts: Vec<BereichZahl> = b
        .config
        .teilnehmende
        .bereiche()
        .into_iter()
        .map(|(name, _)| {
            let personen = people
                .infos
                .iter()
                .filter(|p| p.bereich.as_deref() == Some(name.as_str()))
                .count();
            BereichZahl {
                name,
                personen: personen as u32,
            }
        })
        .filter(|c| c.personen > 0)
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.personen));
    let ohne = people.infos.iter().filter(|p| p.bereich.is_none()).count() as u32;
    (counts, ohne)
}

/// Organisations always; names only when konzept.toml allows it.
fn publishable(b: &Builder<'_>, people: &People) -> Beteiligung {
    let mut organisationen: BTreeMap<String, Organisation> = BTreeMap::new();
    for info in &people.infos {
        let Some(name) = &info.organisation else {
            continue;
        };
        let entry = organisationen
            .entry(fold(name))
            .or_insert_with(|| Organisation {
                name: name.clone(),
                bereich: None,
                personen: 0,
            });
        entry.personen += 1;
        if entry.bereich.is_none() {
            entry.bereich.clone_from(&info.bereich);
        }
    }
    let erlaubt = b.config.teilnehmende.namen_veroeffentlichen;
    let kurz = |ag: &usize| b.config.konzept.handlungsfelder[*ag].kurz.clone();
    let personen = if erlaubt {
        let mut list: Vec<Person> = people
            .infos
            .iter()
            .filter_map(|p| {
                Some(Person {
                    name: p.name.clone()?,
                    organisation: p.organisation.clone(),
                    arbeitsgruppen: p.ags.iter().map(kurz).collect(),
                })
            })
            .collect();
        list.sort_by_cached_key(|p| fold_name(&p.name));
        list
    } else {
        Vec::new()
    };
    Beteiligung {
        namen_veroeffentlichen: erlaubt,
        organisationen: organisationen.into_values().collect(),
        personen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_spacing_diacritics_and_order() {
        assert_eq!(fold_name("Anna  Müller"), fold_name("mueller, anna"));
        assert_eq!(fold_name("Ayşe Şahin"), fold_name("Ayse Sahin"));
        assert_ne!(fold_name("Anna Müller"), fold_name("Hanna Müller"));
    }

    #[test]
    fn session_references() {
        assert_eq!(
            session_ref(&Wert::Zahl(2.0), 2008),
            Ok(SitzungsBezug::Nr(2))
        );
        assert_eq!(
            session_ref(&Wert::Text("2. Sitzung".into()), 2008),
            Ok(SitzungsBezug::Nr(2))
        );
        let d = Datum::new(2008, 3, 4).unwrap();
        assert_eq!(
            session_ref(&Wert::Text("4.3.08".into()), 2008),
            Ok(SitzungsBezug::Datum(d))
        );
        assert_eq!(
            session_ref(&Wert::Zahl(39511.0), 2008),
            Ok(SitzungsBezug::Datum(d))
        );
        assert!(session_ref(&Wert::Text("bald".into()), 2008).is_err());
    }
}
