//! `ratsvorlage vorlage-ag`: the workbook the office sends to a working group. Blank, it is
//! the layout alone (`layout`: an instructions sheet, the `AG` sheet with the AG's name, one
//! sheet per table kind with the reader's canonical column names, formatted headers, frozen
//! header row, column widths and validation lists). With `--mit-daten` it holds what the
//! project has of the AG (`plan`), its problems marked (`marks`), written by `prefill`: for
//! one AG into a file, for all into a folder.

mod layout;
mod marks;
mod plan;
mod prefill;

use std::fmt;
use std::path::{Path, PathBuf};

pub use prefill::{PrefilledWorkbook, file_name, prefilled, prefilled_all, rows_without_ag};

use crate::german;
use crate::limits::Limits;
use crate::project::{self, Project};
use crate::report::{Problem, WriteError};

/// Why the workbook was not written.
#[derive(Debug)]
pub enum WorkbookError {
    /// The workbook could not be made.
    Workbook(Problem),
    /// The project cannot fill one: its konzept.toml errors, or why not.
    Input(Vec<Problem>),
    /// The file could not be written.
    Write(WriteError),
}

impl WorkbookError {
    /// What the user is told, one problem per line.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Self::Workbook(problem) => vec![problem.clone()],
            Self::Input(problems) => problems.clone(),
            Self::Write(error) => vec![error.problem()],
        }
    }

    /// The last problem: what stopped the command.
    pub fn problem(&self) -> Problem {
        self.problems()
            .pop()
            .unwrap_or_else(|| Problem::general("Die Arbeitsmappe kann nicht erzeugt werden."))
    }
}

impl fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fehler: {}", self.problem())
    }
}

/// What `vorlage-ag` is asked to do.
#[derive(Clone, Debug)]
pub struct BlankWorkbookOptions {
    /// The AG: with data, which one (name, short name or number; none: every AG); blank,
    /// the name entered in the sheet `AG`.
    pub ag: Option<String>,
    /// The xlsx file to write; with data for every AG, the folder.
    pub output: PathBuf,
    /// `--mit-daten`: the project whose data fill the workbook; `None`: blank.
    pub data: Option<PathBuf>,
}

/// What `vorlage-ag` wrote.
#[derive(Clone, Debug)]
pub enum Written {
    /// The blank workbook, to this file.
    Blank(PathBuf),
    /// Prefilled workbooks, each with its file.
    Prefilled {
        /// The workbooks and where each went.
        workbooks: Vec<(PathBuf, PrefilledWorkbook)>,
        /// Errors in the project (they are marked in the workbooks).
        errors: usize,
        /// Rows not used whose AG is unknown: in no workbook.
        without_ag: usize,
    },
}

/// Writes the workbook(s) the options ask for, each file whole or not at all.
pub fn run(options: &BlankWorkbookOptions, limits: &Limits) -> Result<Written, WorkbookError> {
    let Some(root) = &options.data else {
        write(&options.output, options.ag.as_deref())?;
        return Ok(Written::Blank(options.output.clone()));
    };
    let ingested = project::ingest(&Project::locate(Some(root), None), limits);
    let unusable = |problem: Problem| {
        let mut problems: Vec<Problem> = ingested
            .report
            .errors
            .iter()
            .filter(|e| e.is_in(crate::model::CONFIG_FILE))
            .cloned()
            .collect();
        problems.push(problem);
        WorkbookError::Input(problems)
    };
    let workbooks = match &options.ag {
        Some(ag) => {
            let workbook = prefilled(&ingested, ag).map_err(unusable)?;
            // An existing folder takes the workbook under its own name.
            let path = if options.output.is_dir() {
                options.output.join(&workbook.file_name)
            } else {
                options.output.clone()
            };
            vec![(path, workbook)]
        }
        None => {
            let workbooks = prefilled_all(&ingested).map_err(unusable)?;
            workbooks
                .into_iter()
                .map(|w| (options.output.join(&w.file_name), w))
                .collect()
        }
    };
    if options.ag.is_none() {
        std::fs::create_dir_all(&options.output).map_err(|err| {
            WorkbookError::Write(WriteError {
                path: options.output.clone(),
                err,
            })
        })?;
    }
    for (path, workbook) in &workbooks {
        write_whole(path, &workbook.bytes)?;
    }
    Ok(Written::Prefilled {
        workbooks,
        errors: ingested.report.errors.len(),
        without_ag: rows_without_ag(&ingested),
    })
}

/// What `vorlage-ag` says once the workbooks are written.
pub fn text(written: &Written) -> String {
    let (workbooks, errors, without_ag) = match written {
        Written::Blank(path) => {
            return format!("Leere AG-Arbeitsmappe geschrieben: {}", path.display());
        }
        Written::Prefilled {
            workbooks,
            errors,
            without_ag,
        } => (workbooks, *errors, *without_ag),
    };
    let count = |n: usize| german::count_text(n as u64);
    let mut lines = vec![if workbooks.len() == 1 {
        "AG-Arbeitsmappe mit Daten geschrieben:".to_owned()
    } else {
        format!(
            "{} AG-Arbeitsmappen mit Daten geschrieben:",
            workbooks.len()
        )
    }];
    for (path, w) in workbooks {
        let [ziele, massnahmen, ausgangslage, sitzungen] = w.items.map(count);
        lines.push(format!(
            "  {}: {ziele} Ziele, {massnahmen} Maßnahmen, {ausgangslage} Punkte der \
             Ausgangslage, {sitzungen} Sitzungen; {} nicht übernommene Zeilen, {} markierte Zellen",
            path.display(),
            count(w.unused_rows),
            count(w.marked_cells)
        ));
    }
    if errors > 0 {
        lines.push(format!(
            "Das Projekt hat {} Fehler; die Mappen zeigen sie an ihren Zellen.",
            count(errors)
        ));
    }
    if without_ag > 0 {
        lines.push(format!(
            "{} nicht übernommene Zeilen gehören zu keiner AG und stehen in keiner Mappe; der \
             Einlesebericht (ratsvorlage check) nennt sie.",
            count(without_ag)
        ));
    }
    lines.join("\n")
}

/// Writes the blank AG workbook to `path`, with `ag` filled in where given.
pub fn write(path: &Path, ag: Option<&str>) -> Result<(), WorkbookError> {
    write_whole(path, &blank(ag)?)
}

/// Writes `bytes` to `path` whole or not at all.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), WorkbookError> {
    crate::intake::write_file(path, bytes).map_err(|err| {
        WorkbookError::Write(WriteError {
            path: path.to_path_buf(),
            err,
        })
    })
}

/// The blank AG workbook as xlsx bytes.
pub fn blank(ag: Option<&str>) -> Result<Vec<u8>, WorkbookError> {
    layout::blank(ag).map_err(|err| {
        WorkbookError::Workbook(
            Problem::general("Die Arbeitsmappe kann nicht erzeugt werden.")
                .with_detail(err.to_string()),
        )
    })
}
