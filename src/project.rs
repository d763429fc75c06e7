//! A project on disk: where its inputs, templates and outputs are, and the import that runs
//! the first three stages (sources → tables → concept model) over it.

use std::path::{Path, PathBuf};

use crate::limits::Limits;
use crate::model::{self, AgFiles, Config, Konzept, RowTrace};
use crate::report::IngestReport;
use crate::tables::Tables;
use crate::{sources, tables};

/// The folders one build works with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The input folder (`input/`), holding `konzept.toml`.
    pub root: PathBuf,
    /// `templates/` beside the input folder, if it exists (else the built-in templates).
    pub templates: Option<PathBuf>,
    /// Where the documents go (`output/` beside the input folder unless given).
    pub out: PathBuf,
}

impl Project {
    /// The project at `root` (default `input`), writing to `out` (default `output/` beside it).
    pub fn locate(root: Option<&Path>, out: Option<&Path>) -> Self {
        let root = root.map_or_else(|| PathBuf::from("input"), Path::to_path_buf);
        let templates = Some(templates_folder(&root)).filter(|dir| dir.is_dir());
        let out = out.map_or_else(|| beside(&root).join("output"), Path::to_path_buf);
        Self {
            root,
            templates,
            out,
        }
    }

    /// Where the templates folder is looked for: `templates/` beside the input folder,
    /// whether it exists or not.
    pub fn templates_folder(&self) -> PathBuf {
        templates_folder(&self.root)
    }

    /// A folder `name` beside the input folder (where `output/` and `templates/` are).
    pub fn beside_input(&self, name: &str) -> PathBuf {
        beside(&self.root).join(name)
    }
}

/// `templates/` beside the input folder `root`.
fn templates_folder(root: &Path) -> PathBuf {
    beside(root).join("templates")
}

/// The folder that holds `root` (`.` for a relative single component).
fn beside(root: &Path) -> PathBuf {
    match root.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ if root.is_absolute() => root.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The result of reading a project: the report, and the concept when there were no errors.
#[derive(Clone, Debug)]
pub struct Ingested {
    /// Every file, sheet, unused row, warning and error.
    pub report: IngestReport,
    /// konzept.toml, when it could be read.
    pub config: Option<Config>,
    /// The concept model as far as it could be read; `None` when konzept.toml is unusable.
    /// Only a report without errors makes it fit to build from.
    pub konzept: Option<Konzept>,
    /// Where every row of the AGs' tables went: what a prefilled AG workbook is made from.
    pub trace: RowTrace,
    /// The AG each file belongs to (empty when konzept.toml is unusable).
    pub ag_files: AgFiles,
}

impl Ingested {
    /// The concept, when the input had no errors.
    pub fn buildable(&self) -> Option<&Konzept> {
        self.konzept.as_ref().filter(|_| self.report.ok())
    }
}

/// Runs sources → tables → concept model over a project.
pub fn ingest(project: &Project, limits: &Limits) -> Ingested {
    ingest_keeping_tables(project, limits).0
}

/// [`ingest`], also handing back the recognised tables (the cells behind the report's
/// places), which the import otherwise drops.
pub(crate) fn ingest_keeping_tables(project: &Project, limits: &Limits) -> (Ingested, Tables) {
    let mut report = IngestReport::default();
    let config = model::read_config(&project.root, &mut report);
    let sources = sources::collect(&project.root, limits, &mut report);
    let referenzjahr = config.as_ref().map_or(2000, |c| c.vorlage.date.year);
    let tables = tables::read(&sources, limits, referenzjahr, &mut report);
    let (konzept, trace) = match &config {
        Some(config) => model::build_traced(config, &tables, &mut report),
        None => (None, RowTrace::default()),
    };
    let ag_files = config.as_ref().map_or_else(AgFiles::default, |config| {
        AgFiles::assign(&config.konzept.handlungsfelder, &tables, &report)
    });
    let ingested = Ingested {
        report,
        config,
        konzept,
        trace,
        ag_files,
    };
    (ingested, tables)
}
