//! The row account: every row of a recognised table is either used or reported with its
//! reason, so that rows read = rows used + rows reported.

use crate::report::{ImportBericht, NichtVerwendet};
use crate::tables::{Tabelle, TabellenZeile};

/// Counts a row as used.
pub fn used(bericht: &mut ImportBericht, tabelle: &Tabelle) {
    if let Some(entry) = bericht.blatt_mut(&tabelle.ort.datei, tabelle.ort.blatt.as_deref()) {
        entry.zeilen_verwendet += 1;
    }
}

/// Reports a row as not used, with the reason.
pub fn unused(
    bericht: &mut ImportBericht,
    tabelle: &Tabelle,
    zeile: &TabellenZeile,
    grund: impl Into<String>,
) {
    if let Some(entry) = bericht.blatt_mut(&tabelle.ort.datei, tabelle.ort.blatt.as_deref()) {
        entry.zeilen_nicht_verwendet.push(NichtVerwendet {
            ort: zeile.ort.clone(),
            grund: grund.into(),
        });
    }
}
