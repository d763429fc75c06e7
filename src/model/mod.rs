//! Stage 3, the concept model: konzept.toml plus the recognised tables become one
//! [`Konzept`], with every goal, measure and situation item traced to its cell.

pub mod ags;
pub mod beteiligung;
pub mod build;
pub mod config;
pub mod kennzahlen;
pub mod konzept;
pub mod rows;
pub mod values;

use std::path::Path;

pub use config::Config;
pub use konzept::*;

use crate::report::{ImportBericht, Ort};
use crate::tables::Tables;

/// The file name of the project's metadata.
pub const CONFIG_FILE: &str = "konzept.toml";

/// Reads `konzept.toml` from the project folder; problems go into the report.
pub fn read_config(root: &Path, bericht: &mut ImportBericht) -> Option<Config> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            bericht.fehler(
                Ort::datei(CONFIG_FILE),
                format!(
                    "konzept.toml kann nicht gelesen werden: {}. Legen Sie die Datei im \
                     Projektordner {} an.",
                    crate::report::io_grund(&err),
                    root.display()
                ),
            );
            return None;
        }
    };
    config::parse(CONFIG_FILE, &text)
        .map_err(|m| bericht.fehler.push(m))
        .ok()
}

/// Builds the concept model from the configuration and the tables. Returns `None` when
/// konzept.toml names no Handlungsfeld; otherwise the model, even when errors were reported
/// (the caller decides whether to go on).
pub fn build(config: &Config, tables: &Tables, bericht: &mut ImportBericht) -> Option<Konzept> {
    let felder = &config.konzept.handlungsfelder;
    if felder.is_empty() {
        bericht.fehler(
            Ort::datei(CONFIG_FILE),
            "konzept.toml nennt keine Handlungsfelder. Tragen Sie unter [konzept] handlungsfelder \
             = [{ name = \"…\", kurz = \"…\" }, …] ein, eines je AG.",
        );
        return None;
    }
    let mut builder = build::Builder::new(config, tables, bericht);
    let mut inhalt: Vec<build::AgInhalt> =
        felder.iter().map(|_| build::AgInhalt::default()).collect();
    build::goals(&mut builder, &mut inhalt);
    build::measures(&mut builder, &mut inhalt);
    build::situation(&mut builder, &mut inhalt);
    let mut daten = beteiligung::collect(&mut builder, felder.len());
    let sitzungen = std::mem::take(&mut daten.sitzungen);
    let arbeitsgruppen: Vec<Arbeitsgruppe> = felder
        .iter()
        .zip(inhalt)
        .zip(sitzungen)
        .enumerate()
        .map(|(i, ((feld, inhalt), sitzungen))| Arbeitsgruppe {
            name: feld.name.clone(),
            kurz: feld.kurz.clone(),
            nr: i as u32 + 1,
            ziele: inhalt.ziele,
            ausgangslage: inhalt.ausgangslage,
            sitzungen,
        })
        .collect();
    warn_empty_ags(&arbeitsgruppen, bericht);
    let kennzahlen = kennzahlen::compute(config, &arbeitsgruppen, &daten);
    Some(Konzept {
        schema: SCHEMA.to_owned(),
        stadt: config.stadt.clone(),
        vorlage: config.vorlage.clone(),
        konzept: config.konzept.clone(),
        arbeitsgruppen,
        beteiligung: daten.beteiligung,
        kennzahlen,
    })
}

/// An AG without any goal is almost always a missing or misnamed file.
fn warn_empty_ags(arbeitsgruppen: &[Arbeitsgruppe], bericht: &mut ImportBericht) {
    for ag in arbeitsgruppen.iter().filter(|ag| ag.ziele.is_empty()) {
        bericht.warnung(
            Ort::datei(CONFIG_FILE),
            format!(
                "Für die AG „{}“ wurden keine Ziele gefunden. Fehlt ihre Datei, oder nennt sie die AG \
                 anders (Spalte „AG“, Blatt „AG“ oder Dateiname)?",
                ag.name
            ),
        );
    }
}
