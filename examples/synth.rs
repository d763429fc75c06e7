//! Writes a synthetic project of any size in the input format, for benchmarks and scale
//! tests: `konzept.toml`, one xlsx workbook per AG (Ziele, Maßnahmen, Ausgangslage,
//! Sitzungen, with title rows and merged goal cells) and one attendance workbook
//! (`teilnehmende/Teilnehmerlisten.xlsx`, one sheet per AG in the wide shape).
//!
//! ```text
//! cargo run --release --example synth -- --ags 60 --ziele 15 --massnahmen 8 DIR
//! ```
//!
//! Defaults: 4 AGs, 15 goals per AG, 8 measures per goal. Texts are German of realistic
//! length (measures 80–400 characters, some with `# $ * < @`), measures name two to four
//! contacts; everything is drawn from a fixed seed, so a rerun writes the same bytes.
//! `DIR` must not exist or be empty. The 60-AG project has 61 workbooks and 7,200 measures.

#[path = "gemeinsam/dateien.rs"]
mod dateien;
#[path = "synth/projekt.rs"]
mod projekt;
#[path = "synth/text.rs"]
mod text;
#[path = "gemeinsam/xlsx.rs"]
mod xlsx;

use dateien::schreiben;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::projekt::{Groesse, MAX_AGS};
use crate::text::Zufall;

/// The seed of every synthetic project.
const SEED: u64 = 0x5EED_2026;

fn main() -> ExitCode {
    dateien::exit_code(run())
}

fn run() -> Result<(), Box<dyn Error>> {
    let (groesse, ordner) = argumente(std::env::args().skip(1))?;
    if std::fs::read_dir(&ordner).is_ok_and(|mut inhalt| inhalt.next().is_some()) {
        return Err(format!(
            "{} ist nicht leer; geben Sie einen neuen oder leeren Ordner an.",
            ordner.display()
        )
        .into());
    }
    let dateien = dateien(groesse)?;
    for (pfad, bytes) in &dateien {
        schreiben(&ordner.join(pfad), bytes)?;
    }
    let bytes: usize = dateien.iter().map(|(_, b)| b.len()).sum();
    println!(
        "{}: {} AGs, {} Ziele, {} Maßnahmen in {} Dateien ({} KiB)",
        ordner.display(),
        groesse.ags,
        groesse.ags * groesse.ziele,
        groesse.ags * groesse.ziele * groesse.massnahmen,
        dateien.len(),
        bytes >> 10
    );
    Ok(())
}

/// `--ags N --ziele N --massnahmen N DIR`.
fn argumente(mut args: impl Iterator<Item = String>) -> Result<(Groesse, PathBuf), String> {
    let mut groesse = Groesse {
        ags: 4,
        ziele: 15,
        massnahmen: 8,
    };
    let mut ordner = None;
    while let Some(arg) = args.next() {
        let feld = match arg.as_str() {
            "--ags" => &mut groesse.ags,
            "--ziele" => &mut groesse.ziele,
            "--massnahmen" => &mut groesse.massnahmen,
            _ if !arg.starts_with("--") && ordner.is_none() => {
                ordner = Some(PathBuf::from(arg));
                continue;
            }
            _ => return Err(format!("unbekanntes Argument „{arg}“; {AUFRUF}")),
        };
        let wert = args.next().unwrap_or_default();
        *feld = wert
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("{arg} braucht eine Zahl ≥ 1, nicht „{wert}“"))?;
    }
    if groesse.ags > MAX_AGS {
        return Err(format!("höchstens {MAX_AGS} AGs"));
    }
    let ordner = ordner.ok_or_else(|| format!("der Zielordner fehlt; {AUFRUF}"))?;
    Ok((groesse, ordner))
}

const AUFRUF: &str = "Aufruf: synth [--ags N] [--ziele N] [--massnahmen N] ORDNER";

/// A generated file: its path below the project folder and its bytes.
type Datei = (String, Vec<u8>);

/// Every file of the project.
fn dateien(groesse: Groesse) -> Result<Vec<Datei>, Box<dyn Error>> {
    let mut zufall = Zufall::new(SEED);
    let mut dateien = vec![(
        "konzept.toml".to_owned(),
        projekt::konzept_toml(groesse.ags).into_bytes(),
    )];
    for a in 0..groesse.ags {
        let (name, _) = projekt::handlungsfeld(a);
        let bytes = projekt::ag_arbeitsmappe(a, groesse, &mut zufall)?;
        dateien.push((format!("ag/AG {} {name}.xlsx", a + 1), bytes));
    }
    dateien.push((
        "teilnehmende/Teilnehmerlisten.xlsx".to_owned(),
        projekt::teilnehmerliste(groesse.ags, &mut zufall)?,
    ));
    Ok(dateien)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratsvorlage::limits::Limits;
    use ratsvorlage::project::{self, Project};

    const KLEIN: Groesse = Groesse {
        ags: 2,
        ziele: 3,
        massnahmen: 4,
    };

    #[test]
    fn a_small_project_passes_check_with_the_expected_counts() {
        let ordner = std::env::temp_dir().join(format!("rv-synth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&ordner);
        for (pfad, bytes) in dateien(KLEIN).unwrap() {
            schreiben(&ordner.join(pfad), &bytes).unwrap();
        }
        let import = project::import(&Project::locate(Some(&ordner), None), &Limits::default());
        std::fs::remove_dir_all(&ordner).unwrap();
        assert!(
            import.bericht.fehler.is_empty(),
            "{:?}",
            import.bericht.fehler
        );
        assert!(
            import.bericht.warnungen.is_empty(),
            "{:?}",
            import.bericht.warnungen
        );
        let konzept = import.buildable().expect("buildable");
        let zahlen = &konzept.kennzahlen;
        assert_eq!(
            (zahlen.arbeitsgruppen, zahlen.ziele, zahlen.massnahmen),
            (2, 6, 24)
        );
        assert_eq!(zahlen.sitzungen, 12);
        assert_eq!(konzept.arbeitsgruppen[1].name, "Bildung in der Nordstadt");
        let massnahme = &konzept.arbeitsgruppen[0].ziele[0].massnahmen[0];
        assert!(
            (2..=4).contains(&massnahme.ansprechpartner.len()),
            "{massnahme:?}"
        );
        assert!(
            (80..=400).contains(&massnahme.text.chars().count()),
            "{massnahme:?}"
        );
    }

    #[test]
    fn the_same_size_gives_the_same_bytes() {
        assert_eq!(dateien(KLEIN).unwrap(), dateien(KLEIN).unwrap());
    }

    #[test]
    fn arguments_are_read_and_checked() {
        let args = |list: &[&str]| argumente(list.iter().map(|s| s.to_string()));
        let (groesse, ordner) = args(&["--ags", "60", "out", "--massnahmen", "2"]).unwrap();
        assert_eq!(
            (groesse.ags, groesse.ziele, groesse.massnahmen),
            (60, 15, 2)
        );
        assert_eq!(ordner, PathBuf::from("out"));
        assert!(args(&["--ags", "0", "out"]).unwrap_err().contains("≥ 1"));
        assert!(
            args(&["--ags", "500", "out"])
                .unwrap_err()
                .contains("höchstens")
        );
        assert!(args(&["--ags", "3"]).unwrap_err().contains("Zielordner"));
    }
}
