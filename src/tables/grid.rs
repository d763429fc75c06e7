//! The sparse grid one sheet is decoded into: cells are added one by one while their
//! number and the sheet's bounding box are checked against the limits, so a sheet that is
//! too large stops early instead of filling memory.

use std::collections::BTreeMap;

use super::cell_text;
use super::decode::Meldungen;
use super::{Bereich, Sheet, SheetRow, Wert};
use crate::limits::{self, Limits};
use crate::report::{Ort, Stelle, cell_name, column_name};

/// A sheet being filled, with its limits.
pub struct Raster<'a> {
    ort: Ort,
    limits: &'a Limits,
    /// Cells the whole file may still add.
    budget: &'a mut usize,
    zellen: usize,
    zeilen: BTreeMap<u32, Vec<(u32, Wert)>>,
    textzeilen: BTreeMap<u32, u64>,
    box_: Option<Box2>,
}

/// The bounding box of the non-empty cells, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Box2 {
    oben: u32,
    unten: u32,
    links: u32,
    rechts: u32,
}

impl Box2 {
    fn rows(self) -> u64 {
        u64::from(self.unten - self.oben) + 1
    }

    fn cols(self) -> u64 {
        u64::from(self.rechts - self.links) + 1
    }
}

/// A limit a sheet ran into: the sheet is not read, and this is the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ueberschritten(pub String);

impl<'a> Raster<'a> {
    /// An empty grid for the sheet at `ort` (file and sheet, `Stelle::Ganz`). `budget` is
    /// shared by all sheets of one file.
    pub fn new(ort: Ort, limits: &'a Limits, budget: &'a mut usize) -> Self {
        Self {
            ort,
            limits,
            budget,
            zellen: 0,
            zeilen: BTreeMap::new(),
            textzeilen: BTreeMap::new(),
            box_: None,
        }
    }

    /// Adds a text cell: cleaned, control characters reported as a warning, a text longer
    /// than the limit reported as an error and dropped, blank text not stored. `stelle` is
    /// where messages point (the cell, or the line of a CSV file).
    pub fn text(
        &mut self,
        zeile: u32,
        spalte: u32,
        stelle: Stelle,
        roh: &str,
        meldungen: &mut Meldungen,
    ) -> Result<(), Ueberschritten> {
        let bereinigt = cell_text::bereinigen(roh);
        let vorsatz = match stelle {
            Stelle::Zeile(_) => format!("Spalte {}: ", column_name(spalte)),
            _ => String::new(),
        };
        if !bereinigt.entfernt.is_empty() {
            meldungen.warnungen.push(crate::report::Meldung {
                ort: self.ort.mit_stelle(stelle),
                meldung: format!(
                    "{vorsatz}Unsichtbare Steuerzeichen ({}) wurden entfernt. Sie stammen meist \
                     aus eingefügtem Text; prüfen Sie den Inhalt der Zelle.",
                    cell_text::codepoints(&bereinigt.entfernt)
                ),
            });
        }
        if bereinigt.text.is_empty() {
            return Ok(());
        }
        if zu_lang(&bereinigt.text, self.limits.zeichen_je_zelle) {
            meldungen.fehler.push(crate::report::Meldung {
                ort: self.ort.mit_stelle(stelle),
                meldung: format!(
                    "{vorsatz}Der Text ist mit über {} Zeichen zu lang (erlaubt sind höchstens \
                     {}) und wurde nicht gelesen. Kürzen Sie ihn oder verteilen Sie ihn auf \
                     mehrere Zellen.",
                    limits::anzahl(self.limits.zeichen_je_zelle as u64),
                    limits::anzahl(self.limits.zeichen_je_zelle as u64)
                ),
            });
            return Ok(());
        }
        self.wert(zeile, spalte, Wert::Text(bereinigt.text))
    }

    /// Adds a non-empty value at (zeile, spalte), zero-based.
    pub fn wert(&mut self, zeile: u32, spalte: u32, wert: Wert) -> Result<(), Ueberschritten> {
        self.zaehlen()?;
        self.ausdehnen(zeile, spalte)?;
        self.zeilen.entry(zeile).or_default().push((spalte, wert));
        Ok(())
    }

    /// Records the text line a CSV record starts on (for rows that hold cells).
    pub fn textzeile(&mut self, zeile: u32, textzeile: u64) {
        if self.zeilen.contains_key(&zeile) {
            self.textzeilen.insert(zeile, textzeile);
        }
    }

    /// The finished sheet. Merged regions whose top-left cell lies outside the filled area
    /// show nothing and are dropped; the others are cut to the filled area.
    pub fn fertig(self, versteckt: bool, verbunden: &[Bereich]) -> Sheet {
        let verbunden = match self.box_ {
            Some(b) => verbunden
                .iter()
                .filter_map(|r| zuschneiden(*r, b))
                .collect(),
            None => Vec::new(),
        };
        let textzeilen = self.textzeilen;
        let zeilen = self
            .zeilen
            .into_iter()
            .map(|(zeile, zellen)| SheetRow {
                zeile,
                textzeile: textzeilen.get(&zeile).copied(),
                zellen: last_per_column(zellen),
            })
            .collect();
        Sheet {
            ort: self.ort,
            versteckt,
            zeilen,
            verbunden,
        }
    }

    fn zaehlen(&mut self) -> Result<(), Ueberschritten> {
        if self.zellen >= self.limits.zellen {
            return Err(Ueberschritten(format!(
                "Das Blatt hat mehr als {} gefüllte Zellen und wird nicht gelesen. Teilen Sie die \
                 Daten auf mehrere Blätter oder Dateien auf.",
                limits::anzahl(self.limits.zellen as u64)
            )));
        }
        if *self.budget == 0 {
            return Err(Ueberschritten(format!(
                "Die Datei hat in allen Blättern zusammen mehr als {} gefüllte Zellen; dieses \
                 Blatt wird nicht mehr gelesen. Teilen Sie die Daten auf mehrere Dateien auf.",
                limits::anzahl(self.limits.zellen_je_datei as u64)
            )));
        }
        self.zellen += 1;
        *self.budget -= 1;
        Ok(())
    }

    fn ausdehnen(&mut self, zeile: u32, spalte: u32) -> Result<(), Ueberschritten> {
        let b = match self.box_ {
            None => Box2 {
                oben: zeile,
                unten: zeile,
                links: spalte,
                rechts: spalte,
            },
            Some(b) => Box2 {
                oben: b.oben.min(zeile),
                unten: b.unten.max(zeile),
                links: b.links.min(spalte),
                rechts: b.rechts.max(spalte),
            },
        };
        if b.rows() > u64::from(self.limits.zeilen) || b.cols() > u64::from(self.limits.spalten) {
            return Err(Ueberschritten(zu_gross(b, zeile, spalte, self.limits)));
        }
        self.box_ = Some(b);
        Ok(())
    }
}

/// The message for a sheet whose filled area is too large, naming the cell that made it so.
fn zu_gross(b: Box2, zeile: u32, spalte: u32, limits: &Limits) -> String {
    format!(
        "Das Blatt ist zu groß: Gefüllte Zellen reichen von {} bis {} ({} Zeilen, {} Spalten; \
         erlaubt sind höchstens {} Zeilen und {} Spalten), zuletzt gelesen {}. Meist stehen weit \
         unterhalb oder rechts der Tabelle vergessene Inhalte: Löschen Sie dort alle Zeilen und \
         Spalten und speichern Sie die Datei erneut.",
        cell_name(b.oben, b.links),
        cell_name(b.unten, b.rechts),
        limits::anzahl(b.rows()),
        limits::anzahl(b.cols()),
        limits::anzahl(u64::from(limits.zeilen)),
        limits::anzahl(u64::from(limits.spalten)),
        cell_name(zeile, spalte)
    )
}

/// Whether `text` has more than `limit` characters (counted only as far as needed).
fn zu_lang(text: &str, limit: usize) -> bool {
    text.len() > limit && text.chars().nth(limit).is_some()
}

/// Cells sorted by column; where a column appears twice (a malformed file), the later wins.
fn last_per_column(mut zellen: Vec<(u32, Wert)>) -> Vec<(u32, Wert)> {
    zellen.reverse();
    zellen.sort_by_key(|(spalte, _)| *spalte);
    zellen.dedup_by_key(|(spalte, _)| *spalte);
    zellen
}

/// A merged region cut to the filled area, if its top-left cell lies inside it.
fn zuschneiden(r: Bereich, b: Box2) -> Option<Bereich> {
    let (oben, links) = r.start;
    let inside = (b.oben..=b.unten).contains(&oben) && (b.links..=b.rechts).contains(&links);
    inside.then(|| Bereich {
        start: r.start,
        ende: (r.ende.0.min(b.unten), r.ende.1.min(b.rechts)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ort() -> Ort {
        Ort {
            datei: "ag/x.xlsx".into(),
            blatt: Some("Ziele".into()),
            stelle: Stelle::Ganz,
        }
    }

    #[test]
    fn cells_come_out_sorted_by_row_and_column() {
        let limits = Limits::default();
        let mut budget = 100;
        let mut raster = Raster::new(ort(), &limits, &mut budget);
        raster.wert(3, 2, Wert::Zahl(2.0)).unwrap();
        raster.wert(3, 0, Wert::Zahl(1.0)).unwrap();
        raster.wert(1, 5, Wert::Wahrheit(true)).unwrap();
        raster.wert(3, 2, Wert::Zahl(3.0)).unwrap();
        let sheet = raster.fertig(false, &[]);
        assert_eq!(sheet.zeilen.len(), 2);
        assert_eq!(sheet.zeilen[0].zeile, 1);
        assert_eq!(
            sheet.zeilen[1].zellen,
            vec![(0, Wert::Zahl(1.0)), (2, Wert::Zahl(3.0))]
        );
        assert_eq!(budget, 96);
    }

    #[test]
    fn a_far_cell_stops_the_sheet_and_names_the_area() {
        let limits = Limits::default();
        let mut budget = 100;
        let mut raster = Raster::new(ort(), &limits, &mut budget);
        raster.wert(0, 0, Wert::Zahl(1.0)).unwrap();
        let err = raster.wert(1_048_575, 16_383, Wert::Zahl(2.0)).unwrap_err();
        assert!(
            err.0.starts_with(
                "Das Blatt ist zu groß: Gefüllte Zellen reichen von A1 bis XFD1048576 \
                 (1.048.576 Zeilen, 16.384 Spalten; erlaubt sind höchstens 200.000 Zeilen und \
                 1.000 Spalten), zuletzt gelesen XFD1048576."
            ),
            "{}",
            err.0
        );
    }

    #[test]
    fn the_cell_limits_count_per_sheet_and_per_file() {
        let limits = Limits {
            zellen: 2,
            ..Limits::default()
        };
        let mut budget = 3;
        let mut raster = Raster::new(ort(), &limits, &mut budget);
        raster.wert(0, 0, Wert::Zahl(1.0)).unwrap();
        raster.wert(0, 1, Wert::Zahl(1.0)).unwrap();
        let err = raster.wert(0, 2, Wert::Zahl(1.0)).unwrap_err();
        assert!(
            err.0
                .starts_with("Das Blatt hat mehr als 2 gefüllte Zellen"),
            "{}",
            err.0
        );
        let mut second = Raster::new(ort(), &limits, &mut budget);
        second.wert(0, 0, Wert::Zahl(1.0)).unwrap();
        let err = second.wert(0, 1, Wert::Zahl(1.0)).unwrap_err();
        assert!(
            err.0
                .starts_with("Die Datei hat in allen Blättern zusammen mehr als 4.000.000"),
            "{}",
            err.0
        );
    }

    #[test]
    fn texts_are_cleaned_with_warnings_and_too_long_ones_dropped() {
        let limits = Limits {
            zeichen_je_zelle: 5,
            ..Limits::default()
        };
        let mut budget = 100;
        let mut meldungen = Meldungen::default();
        let mut raster = Raster::new(ort(), &limits, &mut budget);
        let c3 = Stelle::Zelle {
            zeile: 2,
            spalte: 2,
        };
        raster
            .text(2, 2, c3, " Ki\u{7}ta ", &mut meldungen)
            .unwrap();
        raster
            .text(
                3,
                2,
                Stelle::Zelle {
                    zeile: 3,
                    spalte: 2,
                },
                "Sprachkurs",
                &mut meldungen,
            )
            .unwrap();
        raster
            .text(
                4,
                2,
                Stelle::Zelle {
                    zeile: 4,
                    spalte: 2,
                },
                " \u{A0} ",
                &mut meldungen,
            )
            .unwrap();
        let sheet = raster.fertig(false, &[]);
        assert_eq!(sheet.zeilen.len(), 1);
        assert_eq!(sheet.zeilen[0].zellen, vec![(2, Wert::Text("Kita".into()))]);
        assert_eq!(meldungen.warnungen.len(), 1);
        assert_eq!(
            meldungen.warnungen[0].to_string(),
            "ag/x.xlsx › Ziele › C3: Unsichtbare Steuerzeichen (U+0007) wurden entfernt. Sie \
             stammen meist aus eingefügtem Text; prüfen Sie den Inhalt der Zelle."
        );
        assert_eq!(
            meldungen.fehler[0].to_string(),
            "ag/x.xlsx › Ziele › C4: Der Text ist mit über 5 Zeichen zu lang (erlaubt sind \
             höchstens 5) und wurde nicht gelesen. Kürzen Sie ihn oder verteilen Sie ihn auf \
             mehrere Zellen."
        );
    }

    #[test]
    fn merged_regions_are_cut_to_the_filled_area() {
        let limits = Limits::default();
        let mut budget = 100;
        let mut raster = Raster::new(ort(), &limits, &mut budget);
        raster.wert(1, 0, Wert::Zahl(1.0)).unwrap();
        raster.wert(9, 3, Wert::Zahl(1.0)).unwrap();
        let regions = [
            Bereich {
                start: (1, 0),
                ende: (1_048_575, 0),
            },
            Bereich {
                start: (0, 0),
                ende: (5, 0),
            },
            Bereich {
                start: (2, 1),
                ende: (3, 2),
            },
        ];
        let sheet = raster.fertig(false, &regions);
        assert_eq!(
            sheet.verbunden,
            vec![
                Bereich {
                    start: (1, 0),
                    ende: (9, 0)
                },
                Bereich {
                    start: (2, 1),
                    ende: (3, 2)
                }
            ]
        );
    }
}
