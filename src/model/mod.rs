//! Stage 3, the concept model: konzept.toml plus the recognised tables become one
//! [`Konzept`], with every goal, measure and situation item traced to its cell.

pub mod config;
pub mod konzept;

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
                    "konzept.toml kann nicht gelesen werden ({err}). Legen Sie die Datei im \
                     Projektordner {} an; `ratsvorlage new --leer` erzeugt eine kommentierte Vorlage.",
                    root.display()
                ),
            );
            return None;
        }
    };
    config::parse(CONFIG_FILE, &text).map_err(|m| bericht.fehler.push(m)).ok()
}

/// Builds the concept model from the configuration and the tables.
pub fn build(config: &Config, tables: &Tables, bericht: &mut ImportBericht) -> Option<Konzept> {
    let _ = (config, tables, bericht);
    None
}
