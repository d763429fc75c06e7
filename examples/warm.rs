//! The watch side of the benchmark (bench/run): one cold build, then rebuilds after a
//! one-cell edit with the typesetter (and so Typst's caches) kept alive, exactly as `watch`
//! rebuilds. Prints the cold build and the median rebuild in milliseconds.
//!
//! ```text
//! cargo run --release --example warm -- PROJECT OUT_DIR [REBUILDS]
//! ```
//!
//! The edit: in the first workbook under `PROJECT/ag/`, the first text longer than 80
//! characters (the first goal) ends in ` (Fassung N)`, with a new N on every rebuild, so that
//! every rebuild sees a text that neither the caches nor the previous build have seen (an
//! edit that toggled between two texts would find both laid out after two rebuilds). The
//! workbook is restored at the end.

use std::error::Error;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratsvorlage::limits::Limits;
use ratsvorlage::pipeline::{self, Failure};
use ratsvorlage::project::Project;
use zip::write::SimpleFileOptions;

/// What the edit appends to the cell, before the number of the rebuild.
const SUFFIX: &str = " (Fassung ";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (root, out, runs) = match args.as_slice() {
        [root, out] => (root, out, 5),
        [root, out, runs] => (root, out, runs.to_string_lossy().parse()?),
        _ => return Err("Aufruf: warm PROJEKT AUSGABEORDNER [NEUBAUTEN]".into()),
    };
    let project = Project::locate(Some(root), Some(out));
    let limits = Limits::default();
    let workbook = first_workbook(&root.join("ag"))?;
    let original = std::fs::read(&workbook)?;

    let started = Instant::now();
    let mut typesetter = pipeline::new_typesetter(&project, &limits).map_err(errors)?;
    pipeline::rebuild(&project, &limits, &mut typesetter, &|_| {}).map_err(errors)?;
    let cold = started.elapsed();

    let mut warm = Vec::new();
    let mut bytes = original.clone();
    for version in 1..=runs {
        bytes = edit_cell(&bytes, version)?;
        std::fs::write(&workbook, &bytes)?;
        let started = Instant::now();
        let outcome = pipeline::rebuild(&project, &limits, &mut typesetter, &|_| {});
        warm.push(started.elapsed());
        outcome.map_err(errors)?;
    }
    std::fs::write(&workbook, &original)?;
    warm.sort();
    let median = warm.get(warm.len() / 2).copied().unwrap_or(Duration::ZERO);
    println!(
        "cold_ms={:.1} warm_median_ms={:.1} rebuilds={runs}",
        cold.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
    Ok(())
}

/// A failed build as an error message.
fn errors(failure: Failure) -> Box<dyn Error> {
    format!("{failure:?}").into()
}

/// The first `.xlsx` (by name) in `ordner`.
fn first_workbook(folder: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let mut workbooks: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    workbooks.sort();
    workbooks
        .into_iter()
        .next()
        .ok_or_else(|| format!("keine .xlsx in {}", folder.display()).into())
}

/// The workbook with its first long shared string ending in version `version`.
fn edit_cell(xlsx: &[u8], version: usize) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut archiv = zip::ZipArchive::new(Cursor::new(xlsx))?;
    let mut new = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archiv.len() {
        let mut entry = archiv.by_index(i)?;
        let name = entry.name()?.into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        if name == "xl/sharedStrings.xml" {
            content = number_text(&String::from_utf8(content)?, version)?.into_bytes();
        }
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        new.start_file(name, options)?;
        new.write_all(&content)?;
    }
    Ok(new.finish()?.into_inner())
}

/// Ends the first `<t>` text longer than 80 bytes in [`SUFFIX`] and `version`, in place of
/// an earlier version's ending.
fn number_text(xml: &str, version: usize) -> Result<String, Box<dyn Error>> {
    let mut first = 0;
    while let Some(start) = xml[first..].find("<t>").map(|i| first + i + 3) {
        let end = start
            + xml[start..]
                .find("</t>")
                .ok_or("sharedStrings.xml ist kaputt")?;
        if end - start > 80 {
            let text = &xml[start..end];
            let text = text
                .rsplit_once(SUFFIX)
                .map_or(text, |(original, _)| original);
            let new = format!("{text}{SUFFIX}{version})");
            return Ok(format!("{}{new}{}", &xml[..start], &xml[end..]));
        }
        first = end;
    }
    Err("kein langer Text in sharedStrings.xml".into())
}
