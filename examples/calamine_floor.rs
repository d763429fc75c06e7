//! The floor of the ingest benchmark (bench/run): a bare calamine loop that opens every
//! workbook below a folder and reads every cell of every sheet, doing nothing else (no
//! limits, no header recognition, no model). ratsvorlage's `check` is compared with it.
//!
//! ```text
//! cargo run --release --example calamine_floor -- DIR
//! ```
//!
//! Prints the number of files and of non-empty cells read.

use std::error::Error;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

fn main() -> Result<(), Box<dyn Error>> {
    let folder = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("input"), PathBuf::from);
    let mut files = Vec::new();
    arbeitsmappen(&folder, &mut files)?;
    files.sort();
    let mut cells = 0usize;
    for file in &files {
        let mut workbook = open_workbook_auto(file)?;
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name)?;
            cells += range
                .used_cells()
                .filter(|(_, _, v)| **v != Data::Empty)
                .count();
        }
    }
    println!("{} Arbeitsmappen, {cells} Zellen", files.len());
    Ok(())
}

/// Every xlsx, xlsm, xlsb, xls and ods file below `ordner`.
fn arbeitsmappen(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            arbeitsmappen(&path, files)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            files.push(path);
        }
    }
    Ok(())
}
