//! Robustness run over calamine's own test files (`../shared/corpus/calamine-tests`, never
//! copied into the repository): each file alone in a project folder goes through
//! `sources::collect` and `decode::sheets`. None may panic; each must give sheets, a clean
//! error naming the file, or be ignored with a reason.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::TestDir;
use ratsvorlage::limits::Limits;
use ratsvorlage::report::{FileStatus, IngestReport};
use ratsvorlage::sources;
use ratsvorlage::tables::decode_sheets;

/// What one file became.
#[derive(Debug, PartialEq, Eq)]
enum Ausgang {
    Blaetter(usize),
    Error(String),
    Ignored,
}

#[test]
fn every_corpus_file_gives_sheets_or_a_clean_error() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine-tests");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        println!("corpus not found at {}; skipped", corpus.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let (mut ok, mut clean, mut ignored, mut internal) = (0, 0, 0, 0);
    let mut slowest = (Duration::ZERO, String::new());
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(|| run_alone(file)));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        match result {
            Err(_) => panic!("{name}: panicked"),
            Ok(Ausgang::Blaetter(n)) => {
                ok += 1;
                println!("{name}: {n} Blätter ({took:?})");
            }
            Ok(Ausgang::Error(message)) => {
                assert!(
                    message.starts_with(&format!("ag/{name}")),
                    "{name}: error does not name the file: {message}"
                );
                if message.contains("interner Lesefehler") {
                    internal += 1;
                }
                clean += 1;
                println!("{name}: Fehler: {message} ({took:?})");
            }
            Ok(Ausgang::Ignored) => {
                ignored += 1;
                println!("{name}: ignoriert ({took:?})");
            }
        }
    }
    println!(
        "{} Dateien: {ok} gelesen, {clean} mit sauberem Fehler (davon {internal} abgefangene \
         Leserpanik), {ignored} ignoriert; langsamste: {} ({:?})",
        files.len(),
        slowest.1,
        slowest.0
    );
    assert_eq!(ok + clean + ignored, files.len());
}

/// Puts the file alone into `ag/` of a fresh project folder and reads it.
fn run_alone(file: &Path) -> Ausgang {
    let root = TestDir::new();
    let ag = root.mkdir("ag");
    std::fs::copy(file, ag.join(file.file_name().unwrap())).unwrap();
    let limits = Limits::default();
    let mut report = IngestReport::default();
    let quellen = sources::collect(&root, &limits, &mut report);
    let mut sheets = 0;
    for source in &quellen.files {
        sheets += decode_sheets(source, &limits, &mut report).len();
    }
    assert_eq!(report.files.len(), 1, "{file:?}: one report line per file");
    match (&report.errors.first(), &report.files[0].status) {
        (Some(errors), _) => Ausgang::Error(errors.to_string()),
        (None, FileStatus::Ignored) => Ausgang::Ignored,
        (None, _) => Ausgang::Blaetter(sheets),
    }
}
