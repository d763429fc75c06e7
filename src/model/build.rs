//! Assembly of the concept model: rows of the recognised tables become goals, measures and
//! situation items of their AG; every row is used or reported.

use std::collections::{HashMap, HashSet};

use crate::model::ags::{AgIndex, PfadAg};
use crate::model::config::Config;
use crate::model::konzept::{Ausgangslage, AusgangslageArt, Massnahme, Quelle, Ziel};
use crate::model::rows::{unused, used};
use crate::model::values;
use crate::report::{ImportBericht, Meldung, Ort, Stelle};
use crate::tables::columns::normalise;
use crate::tables::{Spalte, Tabelle, TabellenArt, TabellenZeile, Tables, Wert, Zelle};

/// The content of one AG while it is being collected.
#[derive(Debug, Default)]
pub struct AgInhalt {
    /// Goals in input order (sorted by priority at the end).
    pub ziele: Vec<Ziel>,
    /// Situation items in input order.
    pub ausgangslage: Vec<Ausgangslage>,
}

/// Shared state of one model build: configuration, AG matching, the report.
pub struct Builder<'a> {
    /// konzept.toml.
    pub config: &'a Config,
    /// The Handlungsfelder for matching.
    pub ags: AgIndex<'a>,
    /// All tables (for the workbooks' `AG` sheets).
    tables: &'a Tables,
    /// The concept's year, for two-digit years.
    pub referenzjahr: i32,
    /// Where everything is reported.
    pub bericht: &'a mut ImportBericht,
    /// The AG each table defaults to, once decided (by file and sheet).
    table_ags: HashMap<Ort, Option<usize>>,
    /// Errors already recorded, so a shared cell is reported once.
    reported: HashSet<(Ort, String)>,
    /// The AG each `AG` cell text names, once looked up (most rows repeat a few texts).
    ag_texts: HashMap<String, Option<usize>>,
}

impl<'a> Builder<'a> {
    /// A builder over the configuration and tables, reporting into `bericht`.
    pub fn new(config: &'a Config, tables: &'a Tables, bericht: &'a mut ImportBericht) -> Self {
        Self {
            ags: AgIndex::new(&config.konzept.handlungsfelder),
            referenzjahr: config.vorlage.datum.jahr,
            config,
            tables,
            bericht,
            table_ags: HashMap::new(),
            reported: HashSet::new(),
            ag_texts: HashMap::new(),
        }
    }

    /// Tables of one kind, in file and sheet order.
    pub fn tables_of(&self, art: TabellenArt) -> impl Iterator<Item = &'a Tabelle> + use<'a> {
        self.tables.tabellen.iter().filter(move |t| t.art == art)
    }

    /// Records an error and reports the row as not used because of it. An error at a cell
    /// that several rows share (a merged or filled-down goal cell) is recorded once.
    pub fn reject(&mut self, tabelle: &Tabelle, zeile: &TabellenZeile, meldung: Meldung) {
        unused(
            self.bericht,
            tabelle,
            zeile,
            format!("Fehler: {}", meldung.meldung),
        );
        if self
            .reported
            .insert((meldung.ort.clone(), meldung.meldung.clone()))
        {
            self.bericht.fehler.push(meldung);
        }
    }

    /// The AG of a row: its `AG` cell, else the table's.
    pub fn row_ag(&mut self, tabelle: &Tabelle, zeile: &TabellenZeile) -> Result<usize, Meldung> {
        if let Some(zelle) = zeile.get(Spalte::Ag) {
            let name = values::text(&zelle.wert).map_err(|m| at(zelle, m))?;
            let ag = match self.ag_texts.get(&name) {
                Some(ag) => *ag,
                None => {
                    let ag = self.ags.by_value(&name);
                    self.ag_texts.insert(name.clone(), ag);
                    ag
                }
            };
            return ag.ok_or_else(|| {
                at(
                    zelle,
                    format!(
                        "Die AG „{name}“ gibt es nicht. Tragen Sie eines der Handlungsfelder aus \
                     konzept.toml ein (Name, Kurzname oder Nummer): {}.",
                        self.ags.names()
                    ),
                )
            });
        }
        self.table_ag(tabelle).ok_or_else(|| Meldung {
            ort: zeile.ort.clone(),
            meldung: "Die AG dieser Zeile ist unbekannt (siehe Fehler zur Tabelle).".to_owned(),
        })
    }

    /// The AG a whole table belongs to: the workbook's `AG` sheet, else its file name.
    /// An undecidable table is reported once.
    fn table_ag(&mut self, tabelle: &Tabelle) -> Option<usize> {
        if let Some(known) = self.table_ags.get(&tabelle.ort) {
            return *known;
        }
        let decided = self.decide_table_ag(tabelle);
        let ag = decided.map_err(|m| self.bericht.fehler.push(m)).ok();
        self.table_ags.insert(tabelle.ort.clone(), ag);
        ag
    }

    fn decide_table_ag(&self, tabelle: &Tabelle) -> Result<usize, Meldung> {
        let angabe = self
            .tables
            .ag_angaben
            .iter()
            .find(|a| a.datei == tabelle.ort.datei);
        if let Some(angabe) = angabe {
            let name = values::text(&angabe.ag.wert).map_err(|m| at(&angabe.ag, m))?;
            return self.ags.by_value(&name).ok_or_else(|| {
                at(
                    &angabe.ag,
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
        match self.ags.by_path(&tabelle.ort.datei) {
            PfadAg::Eindeutig(ag) => Ok(ag),
            PfadAg::Keine => Err(Meldung {
                ort: tabelle.ort.clone(),
                meldung: format!(
                    "Zu welcher AG gehört diese Tabelle ({})? Weder eine Spalte „AG“ noch ein Blatt \
                     „AG“ noch der Dateiname nennt eines der Handlungsfelder {}. {hint}",
                    tabelle.art.name(),
                    self.ags.names()
                ),
            }),
            PfadAg::Mehrdeutig(found) => Err(Meldung {
                ort: tabelle.ort.clone(),
                meldung: format!(
                    "Der Dateiname nennt mehrere Handlungsfelder ({}); die AG dieser Tabelle ist \
                     nicht eindeutig. {hint}",
                    found
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }

    /// A column's value read by `read`; `None` when the cell is empty.
    pub fn value<T>(
        &self,
        zeile: &TabellenZeile,
        spalte: Spalte,
        read: impl Fn(&Wert) -> Result<T, String>,
    ) -> Result<Option<T>, Meldung> {
        zeile
            .get(spalte)
            .map(|zelle| read(&zelle.wert).map_err(|m| at(zelle, m)))
            .transpose()
    }
}

/// A message at a cell.
pub fn at(zelle: &Zelle, meldung: impl Into<String>) -> Meldung {
    Meldung {
        ort: zelle.ort.clone(),
        meldung: meldung.into(),
    }
}

/// The source reference of a cell for the concept model.
pub fn quelle(ort: &Ort) -> Quelle {
    Quelle {
        datei: ort.datei.clone(),
        blatt: ort.blatt.clone(),
        zelle: ort.zelle(),
        zeile: match ort.stelle {
            Stelle::Zeile(n) => Some(n),
            _ => None,
        },
    }
}

/// Collects the goals of every Ziele table.
pub fn goals(b: &mut Builder<'_>, inhalt: &mut [AgInhalt]) {
    for tabelle in b.tables_of(TabellenArt::Ziele) {
        for zeile in &tabelle.zeilen {
            let Some(text_zelle) = zeile.get(Spalte::Ziel) else {
                unused(
                    b.bericht,
                    tabelle,
                    zeile,
                    "kein Zieltext in der Spalte „Ziel“",
                );
                continue;
            };
            match goal(b, tabelle, zeile, text_zelle, inhalt) {
                Ok((ag, ziel)) => {
                    inhalt[ag].ziele.push(ziel);
                    used(b.bericht, tabelle);
                }
                Err(meldung) => b.reject(tabelle, zeile, meldung),
            }
        }
    }
    for ag in inhalt.iter_mut() {
        ag.ziele.sort_by_key(|z| z.prioritaet);
    }
}

fn goal(
    b: &mut Builder<'_>,
    tabelle: &Tabelle,
    zeile: &TabellenZeile,
    text_zelle: &Zelle,
    inhalt: &[AgInhalt],
) -> Result<(usize, Ziel), Meldung> {
    let ag = b.row_ag(tabelle, zeile)?;
    let text = values::text(&text_zelle.wert).map_err(|m| at(text_zelle, m))?;
    let position = inhalt[ag].ziele.len() + 1;
    let nr = b
        .value(zeile, Spalte::Nr, values::id)?
        .unwrap_or_else(|| position.to_string());
    if let Some(other) = inhalt[ag].ziele.iter().find(|z| z.nr == nr) {
        let zelle = zeile.get(Spalte::Nr).unwrap_or(text_zelle);
        return Err(at(
            zelle,
            format!(
                "Die Zielnummer „{nr}“ kommt in der AG „{}“ doppelt vor (zuerst in {}). Vergeben Sie \
             jede Nummer nur einmal.",
                b.config.konzept.handlungsfelder[ag].name,
                describe(&other.quelle)
            ),
        ));
    }
    let prioritaet = b
        .value(zeile, Spalte::Prioritaet, values::prioritaet)?
        .unwrap_or(position as u32);
    let leitziel = b.value(zeile, Spalte::Leitziel, |w| {
        leitziel(&b.config.konzept.leitziele, w)
    })?;
    Ok((
        ag,
        Ziel {
            nr,
            prioritaet,
            text,
            leitziel,
            quelle: quelle(&text_zelle.ort),
            massnahmen: Vec::new(),
        },
    ))
}

fn describe(q: &Quelle) -> String {
    let mut parts = vec![q.datei.clone()];
    parts.extend(q.blatt.clone());
    parts.extend(q.zelle.clone());
    parts.extend(q.zeile.map(|z| format!("Zeile {z}")));
    parts.join(" › ")
}

/// A Leitziel by its number in konzept.toml, or as text.
fn leitziel(leitziele: &[String], wert: &Wert) -> Result<String, String> {
    let text = values::id(wert)?;
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
pub fn measures(b: &mut Builder<'_>, inhalt: &mut [AgInhalt]) {
    for tabelle in b.tables_of(TabellenArt::Massnahmen) {
        for zeile in &tabelle.zeilen {
            let Some(text_zelle) = zeile.get(Spalte::Massnahme) else {
                unused(
                    b.bericht,
                    tabelle,
                    zeile,
                    "keine Maßnahme in der Spalte „Maßnahme“",
                );
                continue;
            };
            match measure(b, tabelle, zeile, text_zelle, inhalt) {
                Ok((ag, goal, massnahme)) => {
                    inhalt[ag].ziele[goal].massnahmen.push(massnahme);
                    used(b.bericht, tabelle);
                }
                Err(meldung) => b.reject(tabelle, zeile, meldung),
            }
        }
    }
}

fn measure(
    b: &mut Builder<'_>,
    tabelle: &Tabelle,
    zeile: &TabellenZeile,
    text_zelle: &Zelle,
    inhalt: &[AgInhalt],
) -> Result<(usize, usize, Massnahme), Meldung> {
    let ag = b.row_ag(tabelle, zeile)?;
    let text = values::text(&text_zelle.wert).map_err(|m| at(text_zelle, m))?;
    let goal = find_goal(b, zeile, text_zelle, ag, &inhalt[ag])?;
    let ziel = &inhalt[ag].ziele[goal];
    let nr = match b.value(zeile, Spalte::Nr, values::id)? {
        Some(nr) if nr.contains(['.', '-']) => nr,
        Some(nr) => format!("{}.{nr}", ziel.nr),
        None => format!("{}.{}", ziel.nr, ziel.massnahmen.len() + 1),
    };
    Ok((
        ag,
        goal,
        Massnahme {
            nr,
            text,
            umsetzung: b.value(zeile, Spalte::Umsetzung, values::text)?,
            ansprechpartner: b
                .value(zeile, Spalte::Ansprechpartner, values::liste)?
                .unwrap_or_default(),
            zeitrahmen: b.value(zeile, Spalte::Zeitrahmen, values::zeitrahmen)?,
            finanzierung: b.value(zeile, Spalte::Finanzierung, values::finanzierung)?,
            quelle: quelle(&text_zelle.ort),
        },
    ))
}

/// The goal a measure names, by number or exact text, within its AG.
fn find_goal(
    b: &Builder<'_>,
    zeile: &TabellenZeile,
    text_zelle: &Zelle,
    ag: usize,
    inhalt: &AgInhalt,
) -> Result<usize, Meldung> {
    let ag_name = &b.config.konzept.handlungsfelder[ag].name;
    let Some(zelle) = zeile.get(Spalte::Ziel) else {
        return Err(at(
            text_zelle,
            format!(
                "Die Maßnahme nennt kein Ziel. Tragen Sie in der Spalte „Ziel“ die Nummer oder den \
             Text eines Ziels der AG „{ag_name}“ ein."
            ),
        ));
    };
    let wanted = values::id(&zelle.wert).map_err(|m| at(zelle, m))?;
    inhalt
        .ziele
        .iter()
        .position(|z| z.nr == wanted)
        .or_else(|| {
            // `values::text` fails where `values::id` does, so it succeeds here.
            let folded = fold_space(&values::text(&zelle.wert).ok()?);
            inhalt.ziele.iter().position(|z| fold_space(&z.text) == folded)
        })
        .or_else(|| {
            let number = normalise(&wanted).trim_start_matches("ziel").to_owned();
            inhalt.ziele.iter().position(|z| normalise(&z.nr) == number)
        })
        .ok_or_else(|| {
            let known: Vec<&str> = inhalt.ziele.iter().map(|z| z.nr.as_str()).collect();
            at(zelle, format!(
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
pub fn situation(b: &mut Builder<'_>, inhalt: &mut [AgInhalt]) {
    for tabelle in b.tables_of(TabellenArt::Ausgangslage) {
        for zeile in &tabelle.zeilen {
            let Some(text_zelle) = zeile.get(Spalte::Beschreibung) else {
                unused(
                    b.bericht,
                    tabelle,
                    zeile,
                    "keine Beschreibung in der Spalte „Beschreibung“",
                );
                continue;
            };
            let item = (|| {
                let ag = b.row_ag(tabelle, zeile)?;
                let art = match zeile.get(Spalte::Art) {
                    Some(zelle) => art(&zelle.wert).map_err(|m| at(zelle, m))?,
                    None => {
                        return Err(at(
                            text_zelle,
                            "Die Art fehlt. Tragen Sie „Defizit“, „Potenzial“ oder „Angebot“ ein.",
                        ));
                    }
                };
                let text = values::text(&text_zelle.wert).map_err(|m| at(text_zelle, m))?;
                Ok((
                    ag,
                    Ausgangslage {
                        art,
                        text,
                        quelle: quelle(&text_zelle.ort),
                    },
                ))
            })();
            match item {
                Ok((ag, item)) => {
                    inhalt[ag].ausgangslage.push(item);
                    used(b.bericht, tabelle);
                }
                Err(meldung) => b.reject(tabelle, zeile, meldung),
            }
        }
    }
}

/// The kind of a situation item, by its word or a synonym (singular or plural).
fn art(wert: &Wert) -> Result<AusgangslageArt, String> {
    let text = values::text(wert)?;
    let word = normalise(&text);
    let stem = word.trim_end_matches('n').trim_end_matches('e');
    let found = match stem {
        "defizit" | "problem" | "handlungsbedarf" | "schwaech" | "schwaeche" => {
            AusgangslageArt::Defizit
        }
        "potenzial" | "potential" | "chanc" | "chance" | "staerk" | "staerke" | "ressourc" => {
            AusgangslageArt::Potenzial
        }
        "angebot" | "bestand" | "bestehend" | "bestehende" => AusgangslageArt::Angebot,
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
        let t = |s: &str| art(&Wert::Text(s.into()));
        assert_eq!(t("Defizit"), Ok(AusgangslageArt::Defizit));
        assert_eq!(t("Defizite"), Ok(AusgangslageArt::Defizit));
        assert_eq!(t("Problem"), Ok(AusgangslageArt::Defizit));
        assert_eq!(t("Potential"), Ok(AusgangslageArt::Potenzial));
        assert_eq!(t("Chancen"), Ok(AusgangslageArt::Potenzial));
        assert_eq!(t("Stärke"), Ok(AusgangslageArt::Potenzial));
        assert_eq!(t("Bestand"), Ok(AusgangslageArt::Angebot));
        assert_eq!(t("Angebote"), Ok(AusgangslageArt::Angebot));
        assert!(t("Wunsch").unwrap_err().contains("„Wunsch“ ist keine Art"));
    }
}
