//! Helpers of the integration tests: fixture projects with a konzept.toml of the four
//! Göttingen Handlungsfelder, running the binary, reading PDFs, and normalising output for
//! snapshots. The folders and zip archives themselves come from the one fixture builder the
//! unit tests use too, `src/test_support.rs`, included here as [`fixture`].

#![allow(dead_code)] // Each test module uses a different part of these helpers.

#[path = "../../../src/test_support.rs"]
pub(crate) mod fixture;

pub(crate) use fixture::{TestDir, example, zip};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ratsvorlage::limits::Limits;
use ratsvorlage::project::{self, Ingested, Project};

/// konzept.toml of the fixtures: four Handlungsfelder, Vorlage of 2008.
pub(crate) const KONZEPT_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/konzept-teststadt.toml"
));

/// A temporary project folder with konzept.toml.
pub(crate) struct Fixture {
    dir: TestDir,
}

impl Fixture {
    /// A project with the standard konzept.toml.
    pub(crate) fn new() -> Self {
        Self::with_config(KONZEPT_TOML)
    }

    /// A project with the given konzept.toml text.
    pub(crate) fn with_config(toml: &str) -> Self {
        let dir = TestDir::new();
        dir.write("konzept.toml", toml);
        Self { dir }
    }

    /// The project folder.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file below the project folder, creating folders.
    pub(crate) fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        self.dir.write(relative, bytes)
    }

    /// Writes UTF-8 text.
    pub(crate) fn text(&self, relative: &str, text: &str) -> PathBuf {
        self.dir.write(relative, text)
    }

    /// Runs the import in-process.
    pub(crate) fn ingest(&self) -> Ingested {
        let project = Project::locate(Some(self.root()), Some(&self.root().join("out")));
        project::ingest(&project, &Limits::default())
    }

    /// Runs the binary with `args` and the project folder last; returns exit code and stdout.
    pub(crate) fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .args(args)
            .arg(self.root())
            .output()
            .expect("run ratsvorlage");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// `check --json` as parsed JSON, with the exit code.
    pub(crate) fn check_json(&self) -> (i32, serde_json::Value) {
        let (code, stdout, stderr) = self.run(&["check", "--json"]);
        let value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("no JSON ({e}): {stdout}\n{stderr}"));
        (code, value)
    }
}

/// Text in Windows-1252.
pub(crate) fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(
        !unmappable,
        "fixture text must be representable in Windows-1252"
    );
    bytes.into_owned()
}

/// Every error message with its place, as `place: message`.
pub(crate) fn errors(import: &Ingested) -> Vec<String> {
    import
        .report
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Every warning with its place.
pub(crate) fn warnings(import: &Ingested) -> Vec<String> {
    import
        .report
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Asserts rows read = rows used + rows reported for every sheet.
pub(crate) fn assert_rows_accounted(import: &Ingested) {
    let broken = import.report.unaccounted_rows();
    assert!(broken.is_empty(), "rows dropped silently: {broken:?}");
}

/// The text of a PDF as `pdftotext -raw` (poppler) extracts it — in content order, so table
/// cells do not interleave — with whitespace collapsed and soft hyphens removed.
pub(crate) fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg("-raw")
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed ({e}): apt-get install -y poppler-utils"));
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    let text = String::from_utf8_lossy(&output.stdout)
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without any whitespace: for table cells, where layout breaks lines anywhere.
pub(crate) fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// The command `ratsvorlage build PROJECT --out OUT` (not started).
pub(crate) fn build_command(project: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"));
    command.arg("build").arg(project).arg("--out").arg(out);
    command
}

/// Runs `command` to its end: exit code (-1 when killed by a signal), stdout, stderr.
pub(crate) fn finish(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("run ratsvorlage");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr),
    )
}

/// Runs `ratsvorlage build PROJECT --out OUT`: exit code, stdout, stderr.
pub(crate) fn build(project: &Path, out: &Path) -> (i32, String, String) {
    finish(&mut build_command(project, out))
}

/// Every file of a folder (hidden ones too) with its bytes.
pub(crate) fn folder_contents(out: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(out)
        .expect("output folder")
        .map(|e| e.expect("entry"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// `text` with each of these folders, as given and as canonical path, replaced by its label
/// (`[TEMP]`, …), and the repository folder by `[REPO]`: output that names paths of one run,
/// made the same on every machine and day for a snapshot.
pub(crate) fn redact(text: &str, folders: &[(&Path, &str)]) -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut spellings: Vec<(String, &str)> = Vec::new();
    for &(folder, label) in folders.iter().chain([(repo, "[REPO]")].iter()) {
        spellings.push((folder.display().to_string(), label));
        if let Ok(canonical) = std::fs::canonicalize(folder) {
            spellings.push((canonical.display().to_string(), label));
        }
    }
    // The longest first, so that a folder inside another keeps its own label.
    spellings.sort_by_key(|(spelling, _)| std::cmp::Reverse(spelling.len()));
    spellings
        .iter()
        .fold(text.to_owned(), |text, (spelling, label)| {
            text.replace(spelling.as_str(), label)
        })
}

/// Asserts that `pdf` passes PDF/A-2a and PDF/UA-1 with zero failed rules in the
/// independent checker `page_validation`; `what` names the document in the message.
pub(crate) fn assert_pdf_conforms(pdf: &[u8], what: &str) {
    use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};
    for profile in ["pdfa-2a", "ua1"] {
        let profile: ValidationProfile = profile.parse().expect("a profile name");
        let options = ValidationOptions::default().profile(profile);
        let report = validate_pdf_bytes(pdf, &options)
            .unwrap_or_else(|err| panic!("{what}: the checker cannot read it: {err}"));
        let failed: Vec<String> = report.failures.iter().map(|f| format!("{f:?}")).collect();
        assert!(
            report.is_compliant && failed.is_empty(),
            "{what} fails {profile:?}: {} failed rules\n{}",
            failed.len(),
            failed.join("\n")
        );
    }
}

/// A copy of the bundled example in a fresh folder, and that folder (keep it while the
/// copy is used). A build keeps its states in the project (`.ratsvorlage/`), which must not
/// land in the repository's `input/`.
pub(crate) fn example_copy() -> (TestDir, PathBuf) {
    let dir = TestDir::new();
    let project = dir.example("input");
    (dir, project)
}
