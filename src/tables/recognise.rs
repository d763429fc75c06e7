//! Recognition: finds a sheet's header row, decides its table kind by the column names,
//! and turns the rows below into table rows (merged regions, fill-down of `Ziel` and `AG`).

use std::collections::BTreeMap;

use crate::report::{Ergebnis, ImportBericht, Ort, Stelle, UnbekannteSpalte, column_name};
use crate::tables::columns::{self, Kopfzelle, normalise};
use crate::tables::{
    AgAngabe, Bereich, Sheet, SheetRow, Spalte, Tabelle, TabellenArt, TabellenZeile, Wert, Zelle,
};

/// How many non-empty rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 20;

/// What a sheet turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Erkannt {
    /// A table of one kind.
    Tabelle(Tabelle),
    /// The key/value sheet naming the workbook's AG.
    AgAngabe(AgAngabe),
    /// Neither (a cover or notes sheet), or a header that fits two kinds equally (an error).
    KeineTabelle,
}

/// Recognises one sheet and records the outcome in the sheet's report entry. The values of
/// a table are moved out of the sheet (see [`erkennen`]).
pub fn recognise(sheet: &mut Sheet, referenzjahr: i32, bericht: &mut ImportBericht) -> Erkannt {
    erkennen(sheet, referenzjahr).melden(bericht)
}

/// What a sheet turned out to be and what its report entry will say, found without the
/// report (so sheets can be recognised on the decoding threads); [`Erkennung::melden`]
/// records it.
pub struct Erkennung {
    /// File and sheet.
    ort: Ort,
    befund: Befund,
}

enum Befund {
    Tabelle {
        tabelle: Tabelle,
        /// The header's row (CSV: line), one-based.
        kopfzeile: u32,
        unbekannte_spalten: Vec<UnbekannteSpalte>,
    },
    AgAngabe(AgAngabe),
    Keine,
    Fehler(crate::report::Meldung),
}

/// Recognises one sheet. A table's values are moved out of the sheet's rows below the
/// header (those a merged region also shows elsewhere are copied), so the sheet is of no
/// further use but for its place.
pub fn erkennen(sheet: &mut Sheet, referenzjahr: i32) -> Erkennung {
    let befund = match find_header(sheet, referenzjahr) {
        Ok(Some(header)) => {
            let mut unbekannte_spalten = header.unknown.clone();
            unbekannte_spalten.extend(headerless_columns(sheet, &header));
            let kopfzeile = header
                .row
                .textzeile
                .map_or(header.row.zeile.saturating_add(1), |l| {
                    u32::try_from(l).unwrap_or(u32::MAX)
                });
            let (art, index, spalten) = (header.art, header.index, header.spalten);
            Befund::Tabelle {
                tabelle: build_table(sheet, art, index, spalten),
                kopfzeile,
                unbekannte_spalten,
            }
        }
        Ok(None) => ag_sheet(sheet).map_or(Befund::Keine, Befund::AgAngabe),
        Err(meldung) => Befund::Fehler(meldung),
    };
    Erkennung {
        ort: sheet.ort.clone(),
        befund,
    }
}

impl Erkennung {
    /// Records the outcome in the sheet's report entry (errors among the report's errors).
    pub fn melden(self, bericht: &mut ImportBericht) -> Erkannt {
        let entry = bericht.blatt_mut(&self.ort.datei, self.ort.blatt.as_deref());
        match self.befund {
            Befund::Tabelle {
                tabelle,
                kopfzeile,
                unbekannte_spalten,
            } => {
                if let Some(entry) = entry {
                    entry.ergebnis = Ergebnis::Tabelle(tabelle.art.name().to_owned());
                    entry.kopfzeile = Some(kopfzeile);
                    entry.zeilen_gelesen = tabelle.zeilen.len();
                    entry.unbekannte_spalten = unbekannte_spalten;
                }
                Erkannt::Tabelle(tabelle)
            }
            Befund::AgAngabe(angabe) => {
                if let Some(entry) = entry {
                    entry.ergebnis = Ergebnis::AgAngaben;
                }
                Erkannt::AgAngabe(angabe)
            }
            Befund::Keine => Erkannt::KeineTabelle,
            Befund::Fehler(meldung) => {
                bericht.fehler.push(meldung);
                Erkannt::KeineTabelle
            }
        }
    }
}

/// The header row of a sheet and what its columns mean.
struct Header<'a> {
    art: TabellenArt,
    row: &'a SheetRow,
    /// Position of the header row among the sheet's non-empty rows.
    index: usize,
    spalten: Vec<(u32, Spalte)>,
    unknown: Vec<UnbekannteSpalte>,
}

fn find_header(
    sheet: &Sheet,
    referenzjahr: i32,
) -> Result<Option<Header<'_>>, crate::report::Meldung> {
    for (index, row) in sheet.zeilen.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let kopf: Vec<(u32, Kopfzelle<'_>)> = row
            .zellen
            .iter()
            .map(|(col, wert)| (*col, Kopfzelle::new(wert)))
            .collect();
        let mut candidates: Vec<(TabellenArt, Vec<(u32, Spalte)>)> = columns::kinds()
            .map(|art| (art, match_row(art, &kopf, referenzjahr)))
            .filter(|(art, found)| {
                found.len() >= 2 && found.iter().any(|(_, s)| columns::is_key(*art, *s))
            })
            .collect();
        candidates.sort_by_key(|(_, found)| std::cmp::Reverse(found.len()));
        match candidates.as_slice() {
            [] => continue,
            [(first, a), (second, b), ..] if a.len() == b.len() => {
                return Err(crate::report::Meldung {
                    ort: cell_place(sheet, row, first_column(row)),
                    meldung: format!(
                        "Die Kopfzeile passt gleich gut zu den Tabellenarten „{}“ und „{}“ ({} Spalten \
                         erkannt). Benennen Sie die Spalten eindeutig, z. B. „Maßnahme“ für eine \
                         Maßnahmentabelle, oder teilen Sie das Blatt.",
                        first.name(),
                        second.name(),
                        a.len()
                    ),
                });
            }
            [(art, found), ..] => {
                let (spalten, unknown) = split_columns(row, found);
                return Ok(Some(Header {
                    art: *art,
                    row,
                    index,
                    spalten,
                    unknown,
                }));
            }
        }
    }
    Ok(None)
}

/// The recognised columns of a row for one kind; a meaning seen twice counts once.
fn match_row(
    art: TabellenArt,
    kopf: &[(u32, Kopfzelle<'_>)],
    referenzjahr: i32,
) -> Vec<(u32, Spalte)> {
    let mut found: Vec<(u32, Spalte)> = Vec::new();
    for (col, zelle) in kopf {
        if let Some(spalte) = columns::match_header(art, zelle, referenzjahr)
            && !found.iter().any(|(_, s)| *s == spalte)
        {
            found.push((*col, spalte));
        }
    }
    found
}

/// Header cells that got no meaning (or a meaning already taken) become unknown columns.
fn split_columns(
    row: &SheetRow,
    found: &[(u32, Spalte)],
) -> (Vec<(u32, Spalte)>, Vec<UnbekannteSpalte>) {
    let unknown = row
        .zellen
        .iter()
        .filter(|(col, _)| !found.iter().any(|(c, _)| c == col))
        .map(|(col, wert)| UnbekannteSpalte {
            spalte: column_name(*col),
            name: display(wert),
        })
        .collect();
    (found.to_vec(), unknown)
}

/// Columns with data below the header but no header cell at all.
fn headerless_columns(sheet: &Sheet, header: &Header<'_>) -> Vec<UnbekannteSpalte> {
    let mut columns: Vec<u32> = sheet.zeilen[header.index + 1..]
        .iter()
        .flat_map(|row| row.zellen.iter().map(|(col, _)| *col))
        .filter(|col| !header.row.zellen.iter().any(|(c, _)| c == col))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    columns
        .into_iter()
        .map(|col| UnbekannteSpalte {
            spalte: column_name(col),
            name: "(ohne Überschrift)".to_owned(),
        })
        .collect()
}

fn display(wert: &Wert) -> String {
    match wert {
        Wert::Text(text) => text.clone(),
        Wert::Zahl(n) => n.to_string(),
        Wert::Wahrheit(b) => b.to_string(),
        Wert::Datum(d) => d.deutsch(),
        Wert::Fehler(e) => e.clone(),
    }
}

fn first_column(row: &SheetRow) -> u32 {
    row.zellen.first().map_or(0, |(col, _)| *col)
}

/// The place of a cell: the cell for workbooks, the line for CSV.
fn cell_place(sheet: &Sheet, row: &SheetRow, col: u32) -> Ort {
    let stelle = match row.textzeile {
        Some(line) => Stelle::Zeile(line),
        None => Stelle::Zelle {
            zeile: row.zeile,
            spalte: col,
        },
    };
    sheet.ort.mit_stelle(stelle)
}

/// The table below the header row (the `index`-th non-empty row) with the columns `spalten`.
fn build_table(
    sheet: &mut Sheet,
    art: TabellenArt,
    index: usize,
    spalten: Vec<(u32, Spalte)>,
) -> Tabelle {
    let merged = MergeIndex::new(&sheet.verbunden, &spalten, sheet.zeilen[index].zeile);
    // Cells a merged region shows in other rows too: copied, not moved.
    let shown: Vec<(u32, u32)> = sheet.verbunden.iter().map(|r| r.start).collect();
    let fill_down: Vec<Spalte> = match art {
        TabellenArt::Massnahmen => vec![Spalte::Ziel, Spalte::Ag],
        _ => vec![Spalte::Ag],
    };
    // The row (index into `zeilen`) holding the last value of each fill-down column.
    let mut last: BTreeMap<Spalte, usize> = BTreeMap::new();
    let mut zeilen: Vec<TabellenZeile> = Vec::new();
    for i in index + 1..sheet.zeilen.len() {
        let row = &sheet.zeilen[i];
        let (ort, zeile) = (cell_place(sheet, row, first_column(row)), row.zeile);
        let mut werte = Vec::with_capacity(spalten.len());
        for &(col, spalte) in &spalten {
            let zelle =
                take_cell(sheet, i, col, &shown).or_else(|| merged.value(sheet, zeile, col));
            let zelle = zelle.or_else(|| {
                fill_down
                    .contains(&spalte)
                    .then(|| last.get(&spalte))
                    .flatten()
                    .and_then(|&i| zeilen[i].get(spalte).cloned())
            });
            if let Some(zelle) = zelle {
                if fill_down.contains(&spalte) {
                    last.insert(spalte, zeilen.len());
                }
                werte.push((spalte, zelle));
            }
        }
        werte.sort_unstable_by_key(|(spalte, _)| *spalte);
        zeilen.push(TabellenZeile { ort, werte });
    }
    Tabelle {
        art,
        ort: sheet.ort.clone(),
        spalten,
        zeilen,
    }
}

/// The cell in column `col` of the `i`-th non-empty row with its place: moved out of the
/// row, or copied when it is the top-left cell of a merged region (in `shown`).
fn take_cell(sheet: &mut Sheet, i: usize, col: u32, shown: &[(u32, u32)]) -> Option<Zelle> {
    let row = &mut sheet.zeilen[i];
    let position = row.zellen.iter().position(|(c, _)| *c == col)?;
    let wert = if shown.contains(&(row.zeile, col)) {
        row.zellen[position].1.clone()
    } else {
        row.zellen.remove(position).1
    };
    Some(Zelle {
        wert,
        ort: cell_place(sheet, &sheet.zeilen[i], col),
    })
}

fn own_cell(sheet: &Sheet, row: &SheetRow, col: u32) -> Option<Zelle> {
    let (_, wert) = row.zellen.iter().find(|(c, _)| *c == col)?;
    Some(Zelle {
        wert: wert.clone(),
        ort: cell_place(sheet, row, col),
    })
}

/// Merged regions that cover recognised columns below the header, per column, sorted by row.
struct MergeIndex {
    by_column: BTreeMap<u32, Vec<Bereich>>,
}

impl MergeIndex {
    fn new(regions: &[Bereich], spalten: &[(u32, Spalte)], header_row: u32) -> Self {
        let mut by_column: BTreeMap<u32, Vec<Bereich>> = BTreeMap::new();
        for &(col, _) in spalten {
            let mut covering: Vec<Bereich> = regions
                .iter()
                .filter(|r| r.start.1 <= col && col <= r.ende.1 && r.ende.0 > header_row)
                .copied()
                .collect();
            covering.sort_by_key(|r| r.start.0);
            by_column.insert(col, covering);
        }
        Self { by_column }
    }

    /// The value a merged region shows at (row, col): its top-left cell's.
    fn value(&self, sheet: &Sheet, row: u32, col: u32) -> Option<Zelle> {
        let regions = self.by_column.get(&col)?;
        let after = regions.partition_point(|r| r.start.0 <= row);
        let region = regions[..after].iter().rev().find(|r| r.ende.0 >= row)?;
        let top = sheet
            .zeilen
            .binary_search_by_key(&region.start.0, |r| r.zeile)
            .ok()?;
        let top_row = &sheet.zeilen[top];
        own_cell(sheet, top_row, region.start.1)
    }
}

/// A sheet of key/value rows whose key is `Arbeitsgruppe`, `Handlungsfeld` or `AG`.
fn ag_sheet(sheet: &Sheet) -> Option<AgAngabe> {
    sheet
        .zeilen
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .find_map(|row| {
            let [(_, Wert::Text(key)), (col, value), ..] = row.zellen.as_slice() else {
                return None;
            };
            let key = normalise(key);
            (key == "arbeitsgruppe" || key == "handlungsfeld" || key == "ag").then(|| AgAngabe {
                datei: sheet.ort.datei.clone(),
                ag: Zelle {
                    wert: value.clone(),
                    ort: cell_place(sheet, row, *col),
                },
            })
        })
}
