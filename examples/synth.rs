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

#[path = "shared/files.rs"]
mod files;
#[path = "synth/project.rs"]
mod project;
#[path = "synth/text.rs"]
mod text;
#[path = "shared/xlsx.rs"]
mod xlsx;

use files::write_file;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::project::{MAX_AGS, Size};
use crate::text::Random;

/// The seed of every synthetic project.
const SEED: u64 = 0x5EED_2026;

fn main() -> ExitCode {
    files::exit_code(run())
}

fn run() -> Result<(), Box<dyn Error>> {
    let (size, folder) = arguments(std::env::args().skip(1))?;
    if std::fs::read_dir(&folder).is_ok_and(|mut content| content.next().is_some()) {
        return Err(format!(
            "{} ist nicht leer; geben Sie einen neuen oder leeren Ordner an.",
            folder.display()
        )
        .into());
    }
    let files = files(size)?;
    for (path, bytes) in &files {
        write_file(&folder.join(path), bytes)?;
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "{}: {} AGs, {} Ziele, {} Maßnahmen in {} Dateien ({} KiB)",
        folder.display(),
        size.ags,
        size.ags * size.ziele,
        size.ags * size.ziele * size.massnahmen,
        files.len(),
        bytes >> 10
    );
    Ok(())
}

/// `--ags N --ziele N --massnahmen N DIR`.
fn arguments(mut args: impl Iterator<Item = String>) -> Result<(Size, PathBuf), String> {
    let mut size = Size {
        ags: 4,
        ziele: 15,
        massnahmen: 8,
    };
    let mut folder = None;
    while let Some(arg) = args.next() {
        let field = match arg.as_str() {
            "--ags" => &mut size.ags,
            "--ziele" => &mut size.ziele,
            "--massnahmen" => &mut size.massnahmen,
            _ if !arg.starts_with("--") && folder.is_none() => {
                folder = Some(PathBuf::from(arg));
                continue;
            }
            _ => return Err(format!("unbekanntes Argument „{arg}“; {USAGE}")),
        };
        let value = args.next().unwrap_or_default();
        *field = value
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("{arg} braucht eine Zahl ≥ 1, nicht „{value}“"))?;
    }
    if size.ags > MAX_AGS {
        return Err(format!("höchstens {MAX_AGS} AGs"));
    }
    let folder = folder.ok_or_else(|| format!("der Zielordner fehlt; {USAGE}"))?;
    Ok((size, folder))
}

const USAGE: &str = "Aufruf: synth [--ags N] [--ziele N] [--massnahmen N] ORDNER";

/// A generated file: its path below the project folder and its bytes.
type File = (String, Vec<u8>);

/// Every file of the project.
fn files(size: Size) -> Result<Vec<File>, Box<dyn Error>> {
    let mut random = Random::new(SEED);
    let mut files = vec![(
        "konzept.toml".to_owned(),
        project::konzept_toml(size.ags).into_bytes(),
    )];
    for a in 0..size.ags {
        let (name, _) = project::handlungsfeld(a);
        let bytes = project::ag_workbook(a, size, &mut random)?;
        files.push((format!("ag/AG {} {name}.xlsx", a + 1), bytes));
    }
    files.push((
        "teilnehmende/Teilnehmerlisten.xlsx".to_owned(),
        project::teilnehmende_workbook(size.ags, &mut random)?,
    ));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratsvorlage::limits::Limits;
    use ratsvorlage::project::{self, Project};

    const SMALL: Size = Size {
        ags: 2,
        ziele: 3,
        massnahmen: 4,
    };

    #[test]
    fn a_small_project_passes_check_with_the_expected_counts() {
        let folder = std::env::temp_dir().join(format!("rv-synth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        for (path, bytes) in files(SMALL).unwrap() {
            write_file(&folder.join(path), &bytes).unwrap();
        }
        let import = project::ingest(&Project::locate(Some(&folder), None), &Limits::default());
        std::fs::remove_dir_all(&folder).unwrap();
        assert!(
            import.report.errors.is_empty(),
            "{:?}",
            import.report.errors
        );
        assert!(
            import.report.warnings.is_empty(),
            "{:?}",
            import.report.warnings
        );
        let konzept = import.buildable().expect("buildable");
        let kennzahlen = &konzept.kennzahlen;
        assert_eq!(
            (
                kennzahlen.arbeitsgruppen,
                kennzahlen.ziele,
                kennzahlen.massnahmen
            ),
            (2, 6, 24)
        );
        assert_eq!(kennzahlen.sitzungen, 12);
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
        assert_eq!(files(SMALL).unwrap(), files(SMALL).unwrap());
    }

    #[test]
    fn arguments_are_read_and_checked() {
        let args = |list: &[&str]| arguments(list.iter().map(std::string::ToString::to_string));
        let (size, folder) = args(&["--ags", "60", "out", "--massnahmen", "2"]).unwrap();
        assert_eq!((size.ags, size.ziele, size.massnahmen), (60, 15, 2));
        assert_eq!(folder, PathBuf::from("out"));
        assert!(args(&["--ags", "0", "out"]).unwrap_err().contains("≥ 1"));
        assert!(
            args(&["--ags", "500", "out"])
                .unwrap_err()
                .contains("höchstens")
        );
        assert!(args(&["--ags", "3"]).unwrap_err().contains("Zielordner"));
    }
}
