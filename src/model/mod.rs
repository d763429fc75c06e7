//! Stage 3, the concept model: konzept.toml plus the recognised tables become one
//! [`Konzept`], with every goal, measure and situation item traced to its cell.

mod ag_files;
pub(crate) mod ags;
pub(crate) mod beteiligung;
pub(crate) mod build;
pub mod config;
pub(crate) mod kennzahlen;
mod konzept;
pub(crate) mod rows;
pub(crate) mod trace;
pub(crate) mod values;

use std::path::Path;

pub use ag_files::AgFiles;
pub use config::Config;
pub use konzept::*;
pub use trace::RowTrace;

use crate::report::{IngestReport, Place};
use crate::tables::Tables;

/// The file name of the project's metadata.
pub const CONFIG_FILE: &str = "konzept.toml";

/// Reads `konzept.toml` from the project folder; problems go into the report.
pub fn read_config(root: &Path, report: &mut IngestReport) -> Option<Config> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            let message = format!(
                "konzept.toml kann nicht gelesen werden: {}. Legen Sie die Datei im \
                 Projektordner {} an.",
                crate::report::io_reason(&err),
                root.display()
            );
            report.errors.push(
                crate::report::Problem::error(Place::file(CONFIG_FILE), message)
                    .with_detail(err.to_string()),
            );
            return None;
        }
    };
    config::parse(CONFIG_FILE, &text)
        .map_err(|m| report.errors.push(m))
        .ok()
}

/// Builds the concept model from the configuration and the tables. Returns `None` when
/// konzept.toml names no Handlungsfeld; otherwise the model, even when errors were reported
/// (the caller decides whether to go on).
pub fn build(config: &Config, tables: &Tables, report: &mut IngestReport) -> Option<Konzept> {
    build_traced(config, tables, report).0
}

/// [`build`], and where every row of the AGs' tables went (for a prefilled AG workbook).
pub fn build_traced(
    config: &Config,
    tables: &Tables,
    report: &mut IngestReport,
) -> (Option<Konzept>, RowTrace) {
    let handlungsfelder = &config.konzept.handlungsfelder;
    if handlungsfelder.is_empty() {
        report.error(
            Place::file(CONFIG_FILE),
            "konzept.toml nennt keine Handlungsfelder. Tragen Sie unter [konzept] handlungsfelder \
             = [{ name = \"…\", kurz = \"…\" }, …] ein, eines je AG.",
        );
        return (None, RowTrace::default());
    }
    let mut builder = build::Builder::new(config, tables, report);
    let mut content: Vec<build::AgContent> = handlungsfelder
        .iter()
        .map(|_| build::AgContent::default())
        .collect();
    build::goals(&mut builder, &mut content);
    build::measures(&mut builder, &mut content);
    build::situation(&mut builder, &mut content);
    let mut data = beteiligung::collect(&mut builder, handlungsfelder.len());
    let trace = std::mem::take(&mut builder.trace);
    let sitzungen = std::mem::take(&mut data.sitzungen);
    let arbeitsgruppen: Vec<Arbeitsgruppe> = handlungsfelder
        .iter()
        .zip(content)
        .zip(sitzungen)
        .enumerate()
        .map(|(i, ((handlungsfeld, content), sitzungen))| Arbeitsgruppe {
            name: handlungsfeld.name.clone(),
            short: handlungsfeld.short.clone(),
            number: i as u32 + 1,
            ziele: content.ziele,
            ausgangslage: content.ausgangslage,
            sitzungen,
        })
        .collect();
    warn_empty_ags(&arbeitsgruppen, report);
    let kennzahlen = kennzahlen::compute(config, &arbeitsgruppen, &data);
    let konzept = Konzept {
        schema: SCHEMA.to_owned(),
        stadt: config.stadt.clone(),
        vorlage: config.vorlage.clone(),
        konzept: config.konzept.clone(),
        arbeitsgruppen,
        beteiligung: data.beteiligung,
        kennzahlen,
    };
    (Some(konzept), trace)
}

/// An AG without any goal is almost always a missing or misnamed file.
fn warn_empty_ags(arbeitsgruppen: &[Arbeitsgruppe], report: &mut IngestReport) {
    for ag in arbeitsgruppen.iter().filter(|ag| ag.ziele.is_empty()) {
        report.warning(
            Place::file(CONFIG_FILE),
            format!(
                "Für die AG „{}“ wurden keine Ziele gefunden. Fehlt ihre Datei, oder nennt sie die AG \
                 anders (Spalte „AG“, Blatt „AG“ oder Dateiname)?",
                ag.name
            ),
        );
    }
}
