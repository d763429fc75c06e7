//! The watch side of the benchmark (bench/run): one cold build, then rebuilds after a
//! one-cell edit with the typesetter (and so Typst's caches) kept alive, exactly as `watch`
//! rebuilds. Prints the cold build and the median rebuild in milliseconds.
//!
//! ```text
//! cargo run --release --example warm -- PROJECT OUT_DIR [REBUILDS]
//! ```
//!
//! The edit: in the first workbook under `PROJECT/ag/`, the first text longer than 80
//! characters (the first goal) gets ` (überarbeitet)` appended, and removed again on the next
//! rebuild, so every rebuild sees a changed cell. The workbook is restored at the end.

use std::error::Error;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratsvorlage::limits::Limits;
use ratsvorlage::pipeline::{self, Failure};
use ratsvorlage::project::Project;
use zip::write::SimpleFileOptions;

/// What the edit appends to the cell.
const ZUSATZ: &str = " (überarbeitet)";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (root, out, runs) = match args.as_slice() {
        [root, out] => (root, out, 5),
        [root, out, runs] => (root, out, runs.to_string_lossy().parse()?),
        _ => return Err("Aufruf: warm PROJEKT AUSGABEORDNER [NEUBAUTEN]".into()),
    };
    let project = Project::locate(Some(root), Some(out));
    let limits = Limits::default();
    let mappe = erste_arbeitsmappe(&root.join("ag"))?;
    let original = std::fs::read(&mappe)?;

    let started = Instant::now();
    let mut typesetter = pipeline::new_typesetter(&project, &limits).map_err(errors)?;
    pipeline::rebuild(&project, &limits, &mut typesetter, &|_| {}).map_err(errors)?;
    let kalt = started.elapsed();

    let mut warm = Vec::new();
    let mut bytes = original.clone();
    for _ in 0..runs {
        bytes = zelle_aendern(&bytes)?;
        std::fs::write(&mappe, &bytes)?;
        let started = Instant::now();
        let outcome = pipeline::rebuild(&project, &limits, &mut typesetter, &|_| {});
        warm.push(started.elapsed());
        outcome.map_err(errors)?;
    }
    std::fs::write(&mappe, &original)?;
    warm.sort();
    let median = warm.get(warm.len() / 2).copied().unwrap_or(Duration::ZERO);
    println!(
        "kalt_ms={:.1} warm_median_ms={:.1} neubauten={runs}",
        kalt.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
    Ok(())
}

/// A failed build as an error message.
fn errors(failure: Failure) -> Box<dyn Error> {
    format!("{failure:?}").into()
}

/// The first `.xlsx` (by name) in `ordner`.
fn erste_arbeitsmappe(folder: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let mut mappen: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    mappen.sort();
    mappen
        .into_iter()
        .next()
        .ok_or_else(|| format!("keine .xlsx in {}", folder.display()).into())
}

/// The workbook with its first long shared string toggled (suffix added or removed).
fn zelle_aendern(xlsx: &[u8]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut archiv = zip::ZipArchive::new(Cursor::new(xlsx))?;
    let mut new = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archiv.len() {
        let mut entry = archiv.by_index(i)?;
        let name = entry.name()?.into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        if name == "xl/sharedStrings.xml" {
            content = umschalten(&String::from_utf8(content)?)?.into_bytes();
        }
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        new.start_file(name, options)?;
        new.write_all(&content)?;
    }
    Ok(new.finish()?.into_inner())
}

/// Appends [`ZUSATZ`] to the first `<t>` text longer than 80 bytes, or removes it.
fn umschalten(xml: &str) -> Result<String, Box<dyn Error>> {
    let mut first = 0;
    while let Some(start) = xml[first..].find("<t>").map(|i| first + i + 3) {
        let end = start
            + xml[start..]
                .find("</t>")
                .ok_or("sharedStrings.xml ist kaputt")?;
        if end - start > 80 {
            let text = &xml[start..end];
            let new = match text.strip_suffix(ZUSATZ) {
                Some(old) => old.to_owned(),
                None => format!("{text}{ZUSATZ}"),
            };
            return Ok(format!("{}{new}{}", &xml[..start], &xml[end..]));
        }
        first = end;
    }
    Err("kein langer Text in sharedStrings.xml".into())
}
