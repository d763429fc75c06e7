//! Writes the example project „Kommunales Integrationskonzept Göttingen 2008“: the AG
//! spreadsheets and attendance lists from which ratsvorlage regenerates the council draft in
//! `shared/seed/vorlage-goettingen-2008.md`, with every computed figure coming from the data.
//!
//! Run it from the repository root:
//!
//! ```text
//! cargo run --example beispiel_goettingen -- input
//! ```
//!
//! The argument is the project folder (default `input`). `konzept.toml` is the hand-written
//! `input/konzept.toml` of this repository; the generator reads it (compiled in), checks it
//! with the program's own parser, takes the Handlungsfelder, Leitziele and Bereiche from it,
//! and copies it into the folder only where none exists. Every other file is rewritten; a
//! rerun gives byte-identical files (fixed document dates and zip timestamps). The content
//! is fictional: no real persons.
//!
//! What each file demonstrates (see `input-format.md`):
//!
//! - `ag/AG 1 Sprache und Bildung.xlsx` — a cover sheet „Hinweise“ (not a table); title and
//!   date rows above every header; the standard column names (`Nr.`, `Ziel`, `Priorität`,
//!   `Leitziel` as a number; `Umsetzungsvorschlag`, `Ansprechpartner/in` with several contacts
//!   on separate lines, `Zeitrahmen` with a year as a number, `Finanzierung` with amounts as
//!   currency-formatted numbers); the goal number merged over all of that goal's measures; an
//!   unknown column `Bemerkung`; session dates as date cells. The AG comes from the file name.
//! - `ag/AG 2 Arbeit und Soziales.xlsx` — an `AG` metadata sheet (key/value rows) naming the
//!   AG; synonyms and gender forms (`Zielformulierung`, `Rang` with `Prio 1`/`2.`, `Leitziel`
//!   as text, `Maßnahmenvorschlag`, `Umsetzungsschritte`, `Ansprechpartner*innen` separated by
//!   `;`, `Zeitraum`, `Kosten` as `12.500 €`); the goal's exact text merged over its measures;
//!   `Kategorie`/`Inhalt` with `Handlungsbedarf`, `Potential`, `Stärke`; `Sitzung`/`Termin`/
//!   `Raum`/`Schwerpunkt`; a hidden sheet „Listen“ with drop-down values (not a table).
//! - `ag/ag-3_freizeit-kultur-religion.ods` — an ODS file written by hand; the AG from the
//!   number in the file name; goal cells blank below the first measure of each goal
//!   (fill-down); `Prio`, `Maßnahmen-Nr`, `Zuständig` (multi-line), `Zeitplan`,
//!   `Finanzbedarf` with plain numbers; date cells and one date typed as text `15.4.2008`.
//! - `ag/ag-4_ziele.csv`, `ag-4_massnahmen.csv`, `ag-4_ausgangslage.csv` — `;`-separated
//!   Windows-1252 CSV files (umlauts), the AG from the `ag-4_` file name; the first starts with
//!   Excel's `sep=;` line; goal ids like `PR-1` (`Ziel-Nr`, which names the goal itself in a
//!   goals table and the goal referred to in a measures table); quoted fields with line breaks
//!   (`Verantwortlich`) and with `;` (`Umsetzung`); amounts as `6.000,00 €` and `3500`;
//!   `Typ`/`Text` with `Problem`, `Chance`, `Bestand`.
//! - `ag/sitzungen.csv` — AG 4's sessions with an `AG` column (short name `PR`) instead of a
//!   file name, dates as text `13.3.2008`.
//! - `teilnehmende/Teilnehmerliste AG 1 und 2.xlsx` — the wide shape: one row per person
//!   (`Name`, `Vorname`, `Organisation`, `Bereich`, `AG` by name), one column per session,
//!   headed `1. Sitzung` … (AG 1) or by the session dates as date cells (AG 2), marked `x`,
//!   `X`, `✓`, `1`, `ja`, absent empty or `-`; anonymous rows (organisation only); one
//!   person written in another case and spacing in AG 2.
//! - `teilnehmende/anwesenheit-ag3-ag4.csv` — the long shape, „CSV UTF-8“ with BOM: one row
//!   per person and session (`Name` whole, `Sitzung` as number for AG 3 and as date for AG 4,
//!   `AG` as number); anonymous rows; one person written in another case and spacing.
//!
//! People who attend several AGs appear in each AG's list; one of them (from the Büro für
//! Integration) in all four, and one (Volkshochschule) in AG 1 and AG 4, so they are matched
//! across the wide workbook (`Name` + `Vorname`) and the long CSV (`Vorname Nachname`).
//! Interested individuals have the Bereich `Einzelperson` or none and map to no category.
//!
//! At the end the generator prints the figures the data is meant to give (attendances per
//! session, the average, people per category, the period) and refuses to finish when they
//! would not reproduce the seed's Vorlage.
//!
//! `cargo test --example beispiel_goettingen` checks that the committed files in `input/` are
//! exactly what the generator writes, that a rerun writes the same bytes, and the figures.

// A crate root looks for its modules beside itself; they live in the folder of its name.
#[path = "beispiel_goettingen/ag1_sprache_bildung.rs"]
mod ag1_sprache_bildung;
#[path = "beispiel_goettingen/ag2_arbeit_soziales.rs"]
mod ag2_arbeit_soziales;
#[path = "beispiel_goettingen/ag3_freizeit_kultur_religion.rs"]
mod ag3_freizeit_kultur_religion;
#[path = "beispiel_goettingen/ag4_politik_recht.rs"]
mod ag4_politik_recht;
#[path = "beispiel_goettingen/content.rs"]
mod content;
#[path = "beispiel_goettingen/csv_files.rs"]
mod csv_files;
#[path = "shared/files.rs"]
mod files;
#[path = "beispiel_goettingen/kennzahlen.rs"]
mod kennzahlen;
#[path = "beispiel_goettingen/ods.rs"]
mod ods;
#[path = "beispiel_goettingen/teilnehmende.rs"]
mod teilnehmende;
#[path = "beispiel_goettingen/workbooks.rs"]
mod workbooks;
#[path = "shared/xlsx.rs"]
mod xlsx;

use files::write_file;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use ratsvorlage::model::{CONFIG_FILE, Config, config};

use crate::content::Ag;
use crate::csv_files::SitzungAs;
use crate::teilnehmende::{LONG, WIDE};
use crate::workbooks::Style;

/// The repository's `input/konzept.toml`, the one source of the metadata.
const KONZEPT_TOML: &str = include_str!("../input/konzept.toml");

/// The four AGs in Handlungsfeld order.
const AGS: [&Ag; 4] = [
    &ag1_sprache_bildung::AG,
    &ag2_arbeit_soziales::AG,
    &ag3_freizeit_kultur_religion::AG,
    &ag4_politik_recht::AG,
];

fn main() -> ExitCode {
    files::exit_code(run())
}

fn run() -> Result<(), Box<dyn Error>> {
    let folder = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("input"), PathBuf::from);
    let config = config::parse(CONFIG_FILE, KONZEPT_TOML).map_err(|message| message.to_string())?;

    let figures = kennzahlen::compute(&config, &AGS, &WIDE, &LONG);
    let deviations = kennzahlen::deviations(&figures, &config, &AGS);
    if !deviations.is_empty() {
        return Err(format!(
            "die Daten ergeben nicht die Vorlage von 2008:\n  {}",
            deviations.join("\n  ")
        )
        .into());
    }

    let konzept_toml = folder.join(CONFIG_FILE);
    if !konzept_toml.exists() {
        write_file(&konzept_toml, KONZEPT_TOML.as_bytes())?;
    }
    for (path, bytes) in files(&config)? {
        write_file(&folder.join(&path), &bytes)?;
        println!("{:>7} Bytes  {path}", bytes.len());
    }
    println!();
    print!("{figures}");
    Ok(())
}

/// A generated file: its path below the project folder and its bytes.
type File = (String, Vec<u8>);

/// Every generated file.
fn files(config: &Config) -> Result<Vec<File>, Box<dyn Error>> {
    let [ag1, ag2, ag3, ag4] = AGS;
    let mut files = vec![
        (
            "ag/AG 1 Sprache und Bildung.xlsx".to_owned(),
            workbooks::ag1(ag1, config)?,
        ),
        (
            "ag/AG 2 Arbeit und Soziales.xlsx".to_owned(),
            workbooks::ag2(ag2, config)?,
        ),
        (
            "ag/ag-3_freizeit-kultur-religion.ods".to_owned(),
            ods::ag3(ag3, config)?,
        ),
    ];
    for (name, bytes) in csv_files::ag4(ag4, config)? {
        files.push((format!("ag/{name}"), bytes));
    }
    let [list1, list2] = &WIDE;
    let [list3, list4] = &LONG;
    files.push((
        "teilnehmende/Teilnehmerliste AG 1 und 2.xlsx".to_owned(),
        workbooks::attendance_list(
            &[(list1, Style::Numbers), (list2, Style::Dates)],
            &AGS,
            config,
        )?,
    ));
    files.push((
        "teilnehmende/anwesenheit-ag3-ag4.csv".to_owned(),
        csv_files::attendance_list(
            &[(list3, SitzungAs::Number), (list4, SitzungAs::Date)],
            &AGS,
        )?,
    ));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        // The compiled-in konzept.toml is this repository's own file; it must parse.
        config::parse(CONFIG_FILE, KONZEPT_TOML).expect("input/konzept.toml parses")
    }

    #[test]
    fn committed_input_is_what_the_generator_writes() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
        for (path, bytes) in files(&config()).expect("files generate") {
            let committed = std::fs::read(folder.join(&path)).expect("committed file exists");
            assert!(
                committed == bytes,
                "input/{path} is stale: rerun the generator"
            );
        }
    }

    #[test]
    fn generating_twice_gives_the_same_bytes() {
        let config = config();
        assert_eq!(
            files(&config).expect("first"),
            files(&config).expect("second")
        );
    }

    #[test]
    fn figures_are_those_of_the_seed() {
        let config = config();
        let figures = kennzahlen::compute(&config, &AGS, &WIDE, &LONG);
        let per_sitzung: Vec<u32> = figures.per_sitzung.iter().map(|s| s.present).collect();
        assert_eq!(
            per_sitzung,
            [20, 19, 18, 18, 17, 16, 17, 16, 16, 16, 16, 15]
        );
        assert_eq!(figures.anwesenheiten, 204);
        assert_eq!(figures.average_rounded(), 17);
        assert_eq!(figures.persons, 73);
        assert_eq!(figures.without_bereich, 6);
        let bereiche: Vec<u32> = figures.bereiche.iter().map(|(_, n)| *n).collect();
        assert_eq!(bereiche, [16, 11, 10, 8, 7, 6, 4, 3, 2]);
        let period = figures.period.map(|(first, last)| {
            (
                ratsvorlage::german::date_text(first),
                ratsvorlage::german::date_text(last),
            )
        });
        assert_eq!(
            period,
            Some(("15.2.2008".to_owned(), "12.9.2008".to_owned()))
        );
        assert_eq!(
            kennzahlen::deviations(&figures, &config, &AGS),
            Vec::<String>::new()
        );
    }
}
