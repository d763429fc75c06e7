//! Sessions and attendance: Sitzungen tables and attendance lists (long and wide) merged by
//! AG and session number or date; people de-duplicated; categories mapped.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

use crate::date::Date;
use crate::german;
use crate::model::build::{Builder, at};
use crate::model::konzept::{BereichCount, Beteiligung, Organisation, Person, Sitzung};
use crate::model::rows::{unused, used};
use crate::model::trace::RowOutcome;
use crate::model::values;
use crate::report::{Place, Problem};
use crate::tables::columns::normalise;
use crate::tables::{Cell, Column, SitzungRef, Table, TableKind, TableRow, Value};

/// Bereich words that mean "no organisation": counted without a category, never warned about.
const WITHOUT_BEREICH: &[&str] = &["einzelperson", "einzelpersonen", "privat", "privatperson"];

/// Sessions, attendance and people of the whole concept.
#[derive(Debug, Default)]
pub(crate) struct BeteiligungData {
    /// Sessions per AG, by number.
    pub sitzungen: Vec<Vec<Sitzung>>,
    /// Organisations and (where allowed) names.
    pub beteiligung: Beteiligung,
    /// Distinct people.
    pub persons: u32,
    /// One person at one session, summed.
    pub anwesenheiten: u32,
    /// Sessions that an attendance list covers.
    pub sitzungen_with_list: u32,
    /// People per category, sorted.
    pub bereiche: Vec<BereichCount>,
    /// People without a configured category.
    pub without_bereich: u32,
}

/// A session as it is being collected.
#[derive(Debug, Clone)]
struct SitzungDraft {
    number: Option<u32>,
    date: Option<Date>,
    place: Option<String>,
    topic: Option<String>,
    /// Distinct people present, when an attendance list covers the session.
    present: Option<BTreeSet<usize>>,
}

/// Who a row of an attendance list is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PersonKey {
    /// Name (and organisation) after normalisation.
    Named(String, String),
    /// An anonymous row: one person each.
    Anonymous(Place),
}

#[derive(Debug)]
struct PersonInfo {
    name: Option<String>,
    organisation: Option<String>,
    bereich: Option<String>,
    ags: BTreeSet<usize>,
}

/// A session reference from an attendance list, with the cell it came from.
struct AttendanceRef {
    ag: usize,
    reference: SitzungRef,
    person: Option<usize>,
    cell: Place,
}

/// Collects sessions and attendance for `ag_count` AGs.
pub(crate) fn collect(b: &mut Builder<'_>, ag_count: usize) -> BeteiligungData {
    let mut drafts: Vec<Vec<SitzungDraft>> = vec![Vec::new(); ag_count];
    session_tables(b, &mut drafts);
    let mut people = People::default();
    let references = attendance_tables(b, &mut people);
    let sitzungen = resolve_sessions(b, drafts, &references);
    summarise(b, sitzungen, people)
}

fn session_tables(b: &mut Builder<'_>, drafts: &mut [Vec<SitzungDraft>]) {
    for table in b.tables_of(TableKind::Sitzungen) {
        for row in &table.rows {
            let Some(date_cell) = row.get(Column::Date) else {
                b.unused(table, row, "kein Datum in der Spalte „Datum“");
                continue;
            };
            match session(b, table, row, date_cell, drafts) {
                Ok((ag, date, draft)) => {
                    drafts[ag].push(draft);
                    b.used(table, row, ag, RowOutcome::Sitzung(date));
                }
                Err(message) => b.reject(table, row, message),
            }
        }
    }
}

fn session(
    b: &mut Builder<'_>,
    table: &Table,
    row: &TableRow,
    date_cell: &Cell,
    drafts: &[Vec<SitzungDraft>],
) -> Result<(usize, Date, SitzungDraft), Problem> {
    let ag = b.row_ag(table, row)?;
    let date = values::date(&date_cell.value, b.referenzjahr).map_err(|m| at(date_cell, m))?;
    let number = b.value(row, Column::Number, session_number)?;
    let ag_name = &b.config.konzept.handlungsfelder[ag].name;
    if drafts[ag]
        .iter()
        .any(|e| e.date == Some(date) || (number.is_some() && e.number == number))
    {
        return Err(at(
            date_cell,
            format!(
                "Die Sitzung am {} (Nr. {}) ist für die AG „{ag_name}“ doppelt eingetragen. Tragen Sie \
             jede Sitzung nur einmal ein.",
                german::date_text(date),
                number.map_or("–".to_owned(), |n| n.to_string())
            ),
        ));
    }
    Ok((
        ag,
        date,
        SitzungDraft {
            number,
            date: Some(date),
            place: b.value(row, Column::Place, values::text)?,
            topic: b.value(row, Column::Topic, values::text)?,
            present: None,
        },
    ))
}

/// A session number: `1`, `1.`, `Sitzung 1`, `1. Sitzung`.
fn session_number(value: &Value) -> Result<u32, String> {
    let text = values::id(value)?;
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
fn session_ref(value: &Value, referenzjahr: i32) -> Result<SitzungRef, String> {
    match value {
        Value::Date(d) => Ok(SitzungRef::Date(*d)),
        Value::Number(n) if *n >= 1000.0 => values::date(value, referenzjahr).map(SitzungRef::Date),
        Value::Text(t) if Date::parse_text(t, referenzjahr).is_some() => {
            values::date(value, referenzjahr).map(SitzungRef::Date)
        }
        _ => session_number(value).map(SitzungRef::Number).map_err(|_| {
            format!(
                "„{}“ nennt keine Sitzung. Tragen Sie die Nummer der Sitzung (z. B. 2) oder ihr \
                 Datum (z. B. 4.3.2008) ein.",
                values::text(value).unwrap_or_default()
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

fn attendance_tables(b: &mut Builder<'_>, people: &mut People) -> Vec<AttendanceRef> {
    let mut references = Vec::new();
    let bereiche = Bereiche::new(b);
    for table in b.tables_of(TableKind::Teilnehmende) {
        for row in &table.rows {
            match attendance_row(b, table, row, &bereiche, people) {
                Ok(Some(mut found)) => {
                    references.append(&mut found);
                    used(b.report, table);
                }
                Ok(None) => unused(
                    b.report,
                    table,
                    row,
                    "weder Name noch Organisation angegeben",
                ),
                Err(message) => b.reject(table, row, message),
            }
        }
        for &(col, column) in &table.columns {
            if let Column::Anwesenheit(reference) = column {
                column_coverage(b, table, col, reference, &mut references);
            }
        }
    }
    references
}

/// A wide list's session column covers its session for every AG the list has rows for.
fn column_coverage(
    b: &mut Builder<'_>,
    table: &Table,
    col: u32,
    reference: SitzungRef,
    out: &mut Vec<AttendanceRef>,
) {
    let mut ags = BTreeSet::new();
    for row in &table.rows {
        if let Ok(ag) = b.row_ag(table, row) {
            ags.insert(ag);
        }
    }
    let cell = table.place.with_position(crate::report::Position::Cell {
        row: 0,
        column: col,
    });
    out.extend(ags.into_iter().map(|ag| AttendanceRef {
        ag,
        reference,
        person: None,
        cell: cell.clone(),
    }));
}

fn attendance_row(
    b: &mut Builder<'_>,
    table: &Table,
    row: &TableRow,
    bereiche: &Bereiche,
    people: &mut People,
) -> Result<Option<Vec<AttendanceRef>>, Problem> {
    let name = person_name(b, row)?;
    let organisation = b.value(row, Column::Organisation, values::text)?;
    if name.is_none() && organisation.is_none() {
        return Ok(None);
    }
    let ag = b.row_ag(table, row)?;
    let bereich = match row.get(Column::Bereich) {
        Some(cell) => category(b, bereiche, cell)?,
        None => None,
    };
    let key = match &name {
        Some(name) => {
            PersonKey::Named(fold_name(name), fold(organisation.as_deref().unwrap_or("")))
        }
        None => PersonKey::Anonymous(row.place.clone()),
    };
    let info = PersonInfo {
        name,
        organisation,
        bereich,
        ags: BTreeSet::from([ag]),
    };
    let person = people.add(key, info);
    let mut found = Vec::new();
    if let Some(cell) = row.get(Column::Sitzung) {
        let reference = session_ref(&cell.value, b.referenzjahr).map_err(|m| at(cell, m))?;
        found.push(AttendanceRef {
            ag,
            reference,
            person: Some(person),
            cell: cell.place.clone(),
        });
    }
    for (column, cell) in &row.values {
        let Column::Anwesenheit(reference) = *column else {
            continue;
        };
        match values::present(&cell.value) {
            Some(true) => found.push(AttendanceRef {
                ag,
                reference,
                person: Some(person),
                cell: cell.place.clone(),
            }),
            Some(false) => {}
            None => b.report.warning(
                cell.place.clone(),
                format!(
                    "„{}“ ist keine Anwesenheitsmarkierung und wird nicht als anwesend gezählt. \
                     Markieren Sie Anwesenheit mit x, ✓, 1 oder ja; leer oder - heißt abwesend.",
                    values::text(&cell.value).unwrap_or_default()
                ),
            ),
        }
    }
    Ok(Some(found))
}

/// The name of a row: `Name`, or `Vorname` and `Nachname` joined.
fn person_name(b: &Builder<'_>, row: &TableRow) -> Result<Option<String>, Problem> {
    let parts = [Column::FirstName, Column::Name, Column::LastName]
        .into_iter()
        .map(|column| b.value(row, column, values::text))
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
    cell: &Cell,
) -> Result<Option<String>, Problem> {
    let text = values::text(&cell.value).map_err(|m| at(cell, m))?;
    let wanted = normalise(&text);
    let found = bereiche
        .0
        .iter()
        .find(|(_, folded)| folded.contains(&wanted))
        .map(|(name, _)| name.clone());
    if found.is_none() && !wanted.is_empty() && !WITHOUT_BEREICH.contains(&wanted.as_str()) {
        b.report.warning(
            cell.place.clone(),
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
    if text.is_ascii() {
        // Nothing to decompose or transliterate: lower case and single spaces only.
        let mut folded = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return folded;
    }
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
    mut drafts: Vec<Vec<SitzungDraft>>,
    references: &[AttendanceRef],
) -> Vec<Vec<SitzungDraft>> {
    for reference in references {
        if let SitzungRef::Date(date) = reference.reference {
            let list = &mut drafts[reference.ag];
            if !list.iter().any(|e| e.date == Some(date)) {
                list.push(SitzungDraft {
                    number: None,
                    date: Some(date),
                    place: None,
                    topic: None,
                    present: None,
                });
            }
        }
    }
    for list in &mut drafts {
        number_by_date(list);
    }
    for reference in references {
        let list = &mut drafts[reference.ag];
        let position = match reference.reference {
            SitzungRef::Date(date) => list.iter().position(|e| e.date == Some(date)),
            SitzungRef::Number(number) => list.iter().position(|e| e.number == Some(number)),
        };
        let position = match (position, reference.reference) {
            (Some(position), _) => position,
            (None, SitzungRef::Number(number)) => {
                b.report.warning(
                    reference.cell.clone(),
                    format!(
                        "Sitzung {number} der AG „{}“ ist nur aus einer Teilnehmerliste bekannt, ohne \
                         Datum. Tragen Sie sie mit Datum in die Sitzungstabelle der AG ein.",
                        b.config.konzept.handlungsfelder[reference.ag].name
                    ),
                );
                list.push(SitzungDraft {
                    number: Some(number),
                    date: None,
                    place: None,
                    topic: None,
                    present: None,
                });
                list.len() - 1
            }
            // Every dated reference got its session in the first loop.
            (None, SitzungRef::Date(_)) => continue,
        };
        let present = list[position].present.get_or_insert_with(BTreeSet::new);
        present.extend(reference.person);
    }
    for list in &mut drafts {
        list.sort_by_key(|e| (e.number, e.date));
    }
    drafts
}

/// Gives sessions without a number the free numbers in date order.
fn number_by_date(list: &mut [SitzungDraft]) {
    let taken: BTreeSet<u32> = list.iter().filter_map(|e| e.number).collect();
    let mut free = (1..).filter(|n| !taken.contains(n));
    let mut unnumbered: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].number.is_none())
        .collect();
    unnumbered.sort_by_key(|&i| list[i].date);
    for i in unnumbered {
        list[i].number = free.next();
    }
}

fn summarise(b: &Builder<'_>, drafts: Vec<Vec<SitzungDraft>>, people: People) -> BeteiligungData {
    let mut anwesenheiten = 0;
    let mut with_list = 0;
    let sitzungen = drafts
        .into_iter()
        .map(|list| {
            list.into_iter()
                .map(|e| {
                    let count = e.present.as_ref().map(|set| set.len() as u32);
                    anwesenheiten += count.unwrap_or(0);
                    with_list += u32::from(count.is_some());
                    Sitzung {
                        number: e.number.unwrap_or(0),
                        date: e.date,
                        place: e.place,
                        topic: e.topic,
                        teilnehmende: count,
                    }
                })
                .collect()
        })
        .collect();
    let (bereiche, without_bereich) = categories(b, &people);
    BeteiligungData {
        sitzungen,
        beteiligung: publishable(b, &people),
        persons: people.infos.len() as u32,
        anwesenheiten,
        sitzungen_with_list: with_list,
        bereiche,
        without_bereich,
    }
}

/// People per category, by descending count, ties in konzept.toml order; empty ones left out.
fn categories(b: &Builder<'_>, people: &People) -> (Vec<BereichCount>, u32) {
    let mut counts: Vec<BereichCount> = b
        .config
        .teilnehmende
        .bereiche()
        .into_iter()
        .map(|(name, _)| {
            let persons = people
                .infos
                .iter()
                .filter(|p| p.bereich.as_deref() == Some(name.as_str()))
                .count();
            BereichCount {
                name,
                persons: persons as u32,
            }
        })
        .filter(|c| c.persons > 0)
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.persons));
    let without = people.infos.iter().filter(|p| p.bereich.is_none()).count() as u32;
    (counts, without)
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
                persons: 0,
            });
        entry.persons += 1;
        if entry.bereich.is_none() {
            entry.bereich.clone_from(&info.bereich);
        }
    }
    let allowed = b.config.teilnehmende.publish_names;
    let short = |ag: &usize| b.config.konzept.handlungsfelder[*ag].short.clone();
    let persons = if allowed {
        let mut list: Vec<Person> = people
            .infos
            .iter()
            .filter_map(|p| {
                Some(Person {
                    name: p.name.clone()?,
                    organisation: p.organisation.clone(),
                    arbeitsgruppen: p.ags.iter().map(short).collect(),
                })
            })
            .collect();
        list.sort_by_cached_key(|p| fold_name(&p.name));
        list
    } else {
        Vec::new()
    };
    Beteiligung {
        publish_names: allowed,
        organisationen: organisationen.into_values().collect(),
        persons,
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
        // Plain ASCII takes a shorter way to the same result.
        assert_eq!(
            fold(" Caritas\t Verband\r\nGöttingen "),
            "caritas verband goettingen"
        );
        assert_eq!(
            fold(" Caritas\t Verband\r\nGoettingen "),
            "caritas verband goettingen"
        );
        assert_eq!(fold("\u{b}x\u{c}Y "), "x y");
    }

    #[test]
    fn session_references() {
        assert_eq!(
            session_ref(&Value::Number(2.0), 2008),
            Ok(SitzungRef::Number(2))
        );
        assert_eq!(
            session_ref(&Value::Text("2. Sitzung".into()), 2008),
            Ok(SitzungRef::Number(2))
        );
        let d = Date::new(2008, 3, 4).unwrap();
        assert_eq!(
            session_ref(&Value::Text("4.3.08".into()), 2008),
            Ok(SitzungRef::Date(d))
        );
        assert_eq!(
            session_ref(&Value::Number(39511.0), 2008),
            Ok(SitzungRef::Date(d))
        );
        assert!(session_ref(&Value::Text("bald".into()), 2008).is_err());
    }
}
