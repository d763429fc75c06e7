//! Assembly of the concept model: rows of the recognised tables become goals, measures and
//! situation items of their AG; every row is used or reported.

use std::collections::{HashMap, HashSet};

use crate::model::ags::{AgIndex, PathAg};
use crate::model::config::Config;
use crate::model::konzept::{Ausgangslage, AusgangslageKind, Massnahme, Quelle, Ziel};
use crate::model::rows::{unused, used};
use crate::model::trace::{RowOutcome, RowTrace};
use crate::model::values;
use crate::report::{IngestReport, Place, Position, Problem};
use crate::tables::columns::normalise;
use crate::tables::{Cell, Column, Table, TableKind, TableRow, Tables, Value};

/// The content of one AG while it is being collected.
#[derive(Debug, Default)]
pub(crate) struct AgContent {
    /// Goals in input order (sorted by priority at the end).
    pub ziele: Vec<Ziel>,
    /// Situation items in input order.
    pub ausgangslage: Vec<Ausgangslage>,
}

/// Shared state of one model build: configuration, AG matching, the report.
pub(crate) struct Builder<'a> {
    /// konzept.toml.
    pub config: &'a Config,
    /// The Handlungsfelder for matching.
    pub ags: AgIndex<'a>,
    /// All tables (for the workbooks' `AG` sheets).
    tables: &'a Tables,
    /// The concept's year, for two-digit years.
    pub referenzjahr: i32,
    /// Where everything is reported.
    pub report: &'a mut IngestReport,
    /// The AG each table defaults to, once decided (by file and sheet).
    table_ags: HashMap<Place, Option<usize>>,
    /// The entry of `table_ags` asked for last.
    last_table_ag: Option<(Place, Option<usize>)>,
    /// Errors already recorded, so a shared cell is reported once.
    reported: HashSet<(Option<Place>, String)>,
    /// The AG each `AG` cell text names, once looked up (most rows repeat a few texts).
    ag_texts: HashMap<String, Option<usize>>,
    /// Where each row went.
    pub trace: RowTrace,
}

impl<'a> Builder<'a> {
    /// A builder over the configuration and tables, reporting into `bericht`.
    pub(crate) fn new(
        config: &'a Config,
        tables: &'a Tables,
        report: &'a mut IngestReport,
    ) -> Self {
        Self {
            ags: AgIndex::new(&config.konzept.handlungsfelder),
            referenzjahr: config.vorlage.date.year,
            config,
            tables,
            report,
            table_ags: HashMap::new(),
            last_table_ag: None,
            reported: HashSet::new(),
            ag_texts: HashMap::new(),
            trace: RowTrace::default(),
        }
    }

    /// Tables of one kind, in file and sheet order.
    pub(crate) fn tables_of(&self, kind: TableKind) -> impl Iterator<Item = &'a Table> + use<'a> {
        self.tables.tables.iter().filter(move |t| t.kind == kind)
    }

    /// Counts a row as used for the item `outcome` of AG `ag`.
    pub(crate) fn used(&mut self, table: &Table, row: &TableRow, ag: usize, outcome: RowOutcome) {
        used(self.report, table);
        self.trace.record(table, row, Some(ag), outcome);
    }

    /// Reports a row as not used, with the reason (no error).
    pub(crate) fn unused(&mut self, table: &Table, row: &TableRow, reason: &str) {
        unused(self.report, table, row, reason);
        self.trace_unused(table, row, reason.to_owned(), false, None);
    }

    fn trace_unused(
        &mut self,
        table: &Table,
        row: &TableRow,
        reason: String,
        error: bool,
        cause: Option<Place>,
    ) {
        if table.kind == TableKind::Teilnehmende {
            return;
        }
        let ag = self.quiet_row_ag(table, row);
        let outcome = RowOutcome::Unused {
            reason,
            error,
            cause,
            cells: row.values.clone(),
        };
        self.trace.record(table, row, ag, outcome);
    }

    /// Records an error and reports the row as not used because of it. An error at a cell
    /// that several rows share (a merged or filled-down goal cell) is recorded once.
    pub(crate) fn reject(&mut self, table: &Table, row: &TableRow, message: Problem) {
        let reason = format!("Fehler: {}", message.message);
        unused(self.report, table, row, reason.clone());
        self.trace_unused(table, row, reason, true, message.place.clone());
        if self
            .reported
            .insert((message.place.clone(), message.message.clone()))
        {
            self.report.errors.push(message);
        }
    }

    /// The AG of a row: its `AG` cell, else the table's.
    pub(crate) fn row_ag(&mut self, table: &Table, row: &TableRow) -> Result<usize, Problem> {
        if let Some(cell) = row.get(Column::Ag) {
            let name = values::borrowed_text(&cell.value).map_err(|m| at(cell, m))?;
            let ag = match self.ag_texts.get(name.as_ref()) {
                Some(ag) => *ag,
                None => {
                    let ag = self.ags.by_value(&name);
                    self.ag_texts.insert(name.clone().into_owned(), ag);
                    ag
                }
            };
            return ag.ok_or_else(|| {
                at(
                    cell,
                    format!(
                        "Die AG „{name}“ gibt es nicht. Tragen Sie eines der Handlungsfelder aus \
                     konzept.toml ein (Name, Kurzname oder Nummer): {}.",
                        self.ags.names()
                    ),
                )
            });
        }
        self.table_ag(table).ok_or_else(|| {
            Problem::error(
                row.place.clone(),
                "Die AG dieser Zeile ist unbekannt (siehe Fehler zur Tabelle).".to_owned(),
            )
        })
    }

    /// The AG of a row as [`Self::row_ag`] finds it, without reporting anything: for rows
    /// that are not used, whose AG was not asked for or could not be decided.
    fn quiet_row_ag(&self, table: &Table, row: &TableRow) -> Option<usize> {
        match row.get(Column::Ag) {
            Some(cell) => self.ags.by_value(&values::text(&cell.value).ok()?),
            None => match self.table_ags.get(&table.place) {
                Some(known) => *known,
                None => self.decide_table_ag(table).ok(),
            },
        }
    }

    /// The AG a whole table belongs to: the workbook's `AG` sheet, else its file name.
    /// An undecidable table is reported once.
    fn table_ag(&mut self, table: &Table) -> Option<usize> {
        // Rows come table by table: the last table's answer, without hashing its place.
        if let Some((place, ag)) = &self.last_table_ag
            && *place == table.place
        {
            return *ag;
        }
        if let Some(&known) = self.table_ags.get(&table.place) {
            self.last_table_ag = Some((table.place.clone(), known));
            return known;
        }
        let decided = self.decide_table_ag(table);
        let ag = decided.map_err(|m| self.report.errors.push(m)).ok();
        self.table_ags.insert(table.place.clone(), ag);
        self.last_table_ag = Some((table.place.clone(), ag));
        ag
    }

    fn decide_table_ag(&self, table: &Table) -> Result<usize, Problem> {
        let details = self
            .tables
            .ag_declarations
            .iter()
            .find(|a| *a.file == *table.place.file);
        if let Some(details) = details {
            let name = values::text(&details.ag.value).map_err(|m| at(&details.ag, m))?;
            return self.ags.by_value(&name).ok_or_else(|| {
                at(
                    &details.ag,
                    format!(
                        "Die AG „{name}“ gibt es nicht. Tragen Sie eines der Handlungsfelder aus \
                     konzept.toml ein: {}.",
                        self.ags.names()
                    ),
                )
            });
        }
        let hint = "Ergänzen Sie eine Spalte „AG“, ein Blatt „AG“ mit der Zeile „Arbeitsgruppe | \
                    <Name>“, oder benennen Sie die Datei nach dem Handlungsfeld, z. B. „AG 1 Sprache und \
                    Bildung.xlsx“.";
        match self.ags.by_path(&table.place.file) {
            PathAg::Unique(ag) => Ok(ag),
            PathAg::Missing => Err(Problem::error(
                table.place.clone(),
                format!(
                    "Zu welcher AG gehört diese Tabelle ({})? Weder eine Spalte „AG“ noch ein Blatt \
                     „AG“ noch der Dateiname nennt eines der Handlungsfelder {}. {hint}",
                    table.kind.name(),
                    self.ags.names()
                ),
            )),
            PathAg::Ambiguous(found) => Err(Problem::error(
                table.place.clone(),
                format!(
                    "Der Dateiname nennt mehrere Handlungsfelder ({}); die AG dieser Tabelle ist \
                     nicht eindeutig. {hint}",
                    found
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// A column's value read by `read`; `None` when the cell is empty.
    pub(crate) fn value<T>(
        &self,
        row: &TableRow,
        column: Column,
        read: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<Option<T>, Problem> {
        row.get(column)
            .map(|cell| read(&cell.value).map_err(|m| at(cell, m)))
            .transpose()
    }
}

/// A message at a cell.
pub(crate) fn at(cell: &Cell, message: impl Into<String>) -> Problem {
    Problem::error(cell.place.clone(), message.into())
}

/// The source reference of a cell for the concept model.
pub(crate) fn quelle(place: &Place) -> Quelle {
    Quelle {
        file: place.file.clone(),
        sheet: place.sheet.clone(),
        cell: place.cell(),
        row: match place.position {
            Position::Line(n) => Some(n),
            _ => None,
        },
    }
}

/// Collects the goals of every Ziele table.
pub(crate) fn goals(b: &mut Builder<'_>, content: &mut [AgContent]) {
    for table in b.tables_of(TableKind::Ziele) {
        for row in &table.rows {
            let Some(text_cell) = row.get(Column::Ziel) else {
                b.unused(table, row, "kein Zieltext in der Spalte „Ziel“");
                continue;
            };
            match goal(b, table, row, text_cell, content) {
                Ok((ag, ziel)) => {
                    b.used(table, row, ag, RowOutcome::Ziel(ziel.number.clone()));
                    content[ag].ziele.push(ziel);
                }
                Err(message) => b.reject(table, row, message),
            }
        }
    }
    for ag in content.iter_mut() {
        ag.ziele.sort_by_key(|z| z.prioritaet);
    }
}

fn goal(
    b: &mut Builder<'_>,
    table: &Table,
    row: &TableRow,
    text_cell: &Cell,
    content: &[AgContent],
) -> Result<(usize, Ziel), Problem> {
    let ag = b.row_ag(table, row)?;
    let text = values::text(&text_cell.value).map_err(|m| at(text_cell, m))?;
    let position = content[ag].ziele.len() + 1;
    let number = b
        .value(row, Column::Number, values::id)?
        .unwrap_or_else(|| position.to_string());
    if let Some(other) = content[ag].ziele.iter().find(|z| z.number == number) {
        let cell = row.get(Column::Number).unwrap_or(text_cell);
        return Err(at(
            cell,
            format!(
                "Die Zielnummer „{number}“ kommt in der AG „{}“ doppelt vor (zuerst in {}). Vergeben Sie \
             jede Nummer nur einmal.",
                b.config.konzept.handlungsfelder[ag].name,
                describe(&other.quelle)
            ),
        ));
    }
    let prioritaet = b
        .value(row, Column::Prioritaet, values::prioritaet)?
        .unwrap_or(position as u32);
    let leitziel = b.value(row, Column::Leitziel, |w| {
        leitziel(&b.config.konzept.leitziele, w)
    })?;
    Ok((
        ag,
        Ziel {
            number,
            prioritaet,
            text,
            leitziel,
            quelle: quelle(&text_cell.place),
            massnahmen: Vec::new(),
        },
    ))
}

fn describe(q: &Quelle) -> String {
    let mut parts = vec![q.file.to_string()];
    parts.extend(q.sheet.as_deref().map(str::to_owned));
    parts.extend(q.cell.clone());
    parts.extend(q.row.map(|z| format!("Zeile {z}")));
    parts.join(" › ")
}

/// A Leitziel by its number in konzept.toml, or as text.
fn leitziel(leitziele: &[String], value: &Value) -> Result<String, String> {
    let text = values::id(value)?;
    match text.parse::<usize>() {
        Ok(n) => leitziele.get(n.wrapping_sub(1)).cloned().ok_or_else(|| {
            format!(
                "Leitziel {n} gibt es nicht: konzept.toml nennt {} Leitziele. Tragen Sie eine Nummer \
                 von 1 bis {} oder den Text des Leitziels ein.",
                leitziele.len(),
                leitziele.len()
            )
        }),
        Err(_) => Ok(text),
    }
}

/// Collects the measures of every Maßnahmen table under their goals.
pub(crate) fn measures(b: &mut Builder<'_>, content: &mut [AgContent]) {
    for table in b.tables_of(TableKind::Massnahmen) {
        for row in &table.rows {
            let Some(text_cell) = row.get(Column::Massnahme) else {
                b.unused(table, row, "keine Maßnahme in der Spalte „Maßnahme“");
                continue;
            };
            match measure(b, table, row, text_cell, content) {
                Ok((ag, goal, massnahme)) => {
                    let ziel = &mut content[ag].ziele[goal];
                    let outcome = RowOutcome::Massnahme {
                        goal: ziel.number.clone(),
                        index: ziel.massnahmen.len(),
                    };
                    ziel.massnahmen.push(massnahme);
                    b.used(table, row, ag, outcome);
                }
                Err(message) => b.reject(table, row, message),
            }
        }
    }
}

fn measure(
    b: &mut Builder<'_>,
    table: &Table,
    row: &TableRow,
    text_cell: &Cell,
    content: &[AgContent],
) -> Result<(usize, usize, Massnahme), Problem> {
    let ag = b.row_ag(table, row)?;
    let text = values::text(&text_cell.value).map_err(|m| at(text_cell, m))?;
    let goal = find_goal(b, row, text_cell, ag, &content[ag])?;
    let ziel = &content[ag].ziele[goal];
    let number = match b.value(row, Column::Number, values::id)? {
        Some(number) if number.contains(['.', '-']) => number,
        Some(number) => format!("{}.{number}", ziel.number),
        None => format!("{}.{}", ziel.number, ziel.massnahmen.len() + 1),
    };
    Ok((
        ag,
        goal,
        Massnahme {
            number,
            text,
            umsetzung: b.value(row, Column::Umsetzung, values::text)?,
            ansprechpartner: b
                .value(row, Column::Ansprechpartner, values::list)?
                .unwrap_or_default(),
            zeitrahmen: b.value(row, Column::Zeitrahmen, values::zeitrahmen)?,
            finanzierung: b.value(row, Column::Finanzierung, values::finanzierung)?,
            quelle: quelle(&text_cell.place),
        },
    ))
}

/// The goal a measure names, by number or exact text, within its AG.
fn find_goal(
    b: &Builder<'_>,
    row: &TableRow,
    text_cell: &Cell,
    ag: usize,
    content: &AgContent,
) -> Result<usize, Problem> {
    let ag_name = &b.config.konzept.handlungsfelder[ag].name;
    let Some(cell) = row.get(Column::Ziel) else {
        return Err(at(
            text_cell,
            format!(
                "Die Maßnahme nennt kein Ziel. Tragen Sie in der Spalte „Ziel“ die Nummer oder den \
             Text eines Ziels der AG „{ag_name}“ ein."
            ),
        ));
    };
    let wanted = values::id(&cell.value).map_err(|m| at(cell, m))?;
    content
        .ziele
        .iter()
        .position(|z| z.number == wanted)
        .or_else(|| {
            // `values::text` fails where `values::id` does, so it succeeds here.
            let folded = fold_space(&values::text(&cell.value).ok()?);
            content.ziele.iter().position(|z| fold_space(&z.text) == folded)
        })
        .or_else(|| {
            let number = normalise(&wanted).trim_start_matches("ziel").to_owned();
            content.ziele.iter().position(|z| normalise(&z.number) == number)
        })
        .ok_or_else(|| {
            let known: Vec<&str> = content.ziele.iter().map(|z| z.number.as_str()).collect();
            at(cell, format!(
                "Das Ziel „{wanted}“ gibt es in der AG „{ag_name}“ nicht (vorhandene Ziele: {}). \
                 Tragen Sie die Nummer oder den genauen Text eines Ziels aus der Zieltabelle ein.",
                if known.is_empty() { "keine".to_owned() } else { known.join(", ") }
            ))
        })
}

fn fold_space(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Collects the situation items of every Ausgangslage table.
pub(crate) fn situation(b: &mut Builder<'_>, content: &mut [AgContent]) {
    for table in b.tables_of(TableKind::Ausgangslage) {
        for row in &table.rows {
            let Some(text_cell) = row.get(Column::Description) else {
                b.unused(
                    table,
                    row,
                    "keine Beschreibung in der Spalte „Beschreibung“",
                );
                continue;
            };
            let item = (|| {
                let ag = b.row_ag(table, row)?;
                let kind = match row.get(Column::Kind) {
                    Some(cell) => kind(&cell.value).map_err(|m| at(cell, m))?,
                    None => {
                        return Err(at(
                            text_cell,
                            "Die Art fehlt. Tragen Sie „Defizit“, „Potenzial“ oder „Angebot“ ein.",
                        ));
                    }
                };
                let text = values::text(&text_cell.value).map_err(|m| at(text_cell, m))?;
                Ok((
                    ag,
                    Ausgangslage {
                        kind,
                        text,
                        quelle: quelle(&text_cell.place),
                    },
                ))
            })();
            match item {
                Ok((ag, item)) => {
                    let outcome = RowOutcome::Ausgangslage(content[ag].ausgangslage.len());
                    content[ag].ausgangslage.push(item);
                    b.used(table, row, ag, outcome);
                }
                Err(message) => b.reject(table, row, message),
            }
        }
    }
}

/// The kind of a situation item, by its word or a synonym (singular or plural).
fn kind(value: &Value) -> Result<AusgangslageKind, String> {
    let text = values::text(value)?;
    let word = normalise(&text);
    let stem = word.trim_end_matches('n').trim_end_matches('e');
    let found = match stem {
        "defizit" | "problem" | "handlungsbedarf" | "schwaech" | "schwaeche" => {
            AusgangslageKind::Defizit
        }
        "potenzial" | "potential" | "chanc" | "chance" | "staerk" | "staerke" | "ressourc" => {
            AusgangslageKind::Potenzial
        }
        "angebot" | "bestand" | "bestehend" | "bestehende" => AusgangslageKind::Angebot,
        _ => {
            return Err(format!(
                "„{text}“ ist keine Art der Ausgangslage. Tragen Sie „Defizit“ (auch Problem, \
                 Handlungsbedarf), „Potenzial“ (auch Chance, Stärke) oder „Angebot“ (auch Bestand) ein."
            ));
        }
    };
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn situation_kinds_and_synonyms() {
        let t = |s: &str| kind(&Value::Text(s.into()));
        assert_eq!(t("Defizit"), Ok(AusgangslageKind::Defizit));
        assert_eq!(t("Defizite"), Ok(AusgangslageKind::Defizit));
        assert_eq!(t("Problem"), Ok(AusgangslageKind::Defizit));
        assert_eq!(t("Potential"), Ok(AusgangslageKind::Potenzial));
        assert_eq!(t("Chancen"), Ok(AusgangslageKind::Potenzial));
        assert_eq!(t("Stärke"), Ok(AusgangslageKind::Potenzial));
        assert_eq!(t("Bestand"), Ok(AusgangslageKind::Angebot));
        assert_eq!(t("Angebote"), Ok(AusgangslageKind::Angebot));
        assert!(t("Wunsch").unwrap_err().contains("„Wunsch“ ist keine Art"));
    }
}
