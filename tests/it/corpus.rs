//! Robustness runs over real spreadsheets that nobody on this project wrote, in
//! `../shared/corpus/` (never copied into the repository): calamine's test files, Apache
//! POI's and the ODF Toolkit's. Each file lies alone in the `ag/` folder of a fresh project
//! and goes through the first two stages as `check` runs them: `sources::collect`, then
//! `tables::read` (pre-scans, decoding, header recognition). Each file must end read, or
//! refused for a reason from one fixed German set ([`Refusal`]); a reason outside the set
//! fails the run, and so do a panic, an abort and a hang. A file that LibreOffice opens as a
//! spreadsheet (`tests/fixtures/corpus-libreoffice.txt`, written by
//! `scripts/libreoffice-opens.py`) must not be called damaged.
//!
//! The files are read by a worker process: this test binary started again with only
//! [`worker`] selected. A file that ends the process (a stack overflow aborts, the kernel's
//! memory killer does not ask) or never returns can then not take the run with it: the
//! parent knows which file the worker had begun, records it, kills a worker that stays on
//! one file longer than [`HANG`], and starts a new worker with the files after it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use crate::support::TestDir;
use ratsvorlage::limits::Limits;
use ratsvorlage::report::{FileStatus, IngestReport, SheetOutcome};
use ratsvorlage::sources;
use ratsvorlage::tables;

/// The longest one file may take before the worker counts as hung (files take
/// milliseconds; the slowest is printed with every run).
const HANG: Duration = Duration::from_secs(120);
/// Set for the worker process: the file that lists the files it reads, one path a line.
const WORKER_LIST: &str = "RATSVORLAGE_CORPUS_DATEIEN";
/// Set for a worker of [`a_worker_that_aborts_hangs_or_panics_costs_only_that_file`]: files
/// named `abbruch.csv`, `stapel.csv`, `endlos.csv` and `panik.csv` then do what they say.
const WORKER_PROBE: &str = "RATSVORLAGE_CORPUS_PROBE";
/// The start of the worker's protocol lines on stdout (the test harness prints its own).
const PROTOCOL: &str = "@corpus ";
/// The concept's year, for two-digit years in header dates.
const REFERENZJAHR: i32 = 2008;

#[test]
fn every_calamine_test_file_is_read_or_refused_for_a_known_reason() {
    run_corpus("calamine-tests");
}

#[test]
fn every_apache_poi_file_is_read_or_refused_for_a_known_reason() {
    run_corpus("apache-poi-spreadsheet");
}

#[test]
fn every_odf_toolkit_file_is_read_or_refused_for_a_known_reason() {
    run_corpus("odftoolkit-ods");
}

#[test]
fn a_reason_outside_the_fixed_set_is_not_mapped() {
    assert_eq!(Refusal::of_file("beschädigt"), Some(Refusal::Damaged));
    assert_eq!(Refusal::of_file("etwas ganz Neues"), None);
    assert_eq!(
        Refusal::of_ignored("keine Tabellendatei (.jpg); gelesen werden …"),
        Some(Refusal::NotATableFile)
    );
    assert_eq!(Refusal::of_ignored("versteckte Datei"), None);
    assert_eq!(Refusal::of_sheet_error("Irgendein anderer Fehler."), None);
    // A file refused for such a reason fails the run, naming the reason.
    let reading = Reading {
        took: Duration::ZERO,
        panic: None,
        status: Some(FileStatus::Error),
        reason: Some("etwas ganz Neues".to_owned()),
        errors: vec![("ag/x.xls".to_owned(), "Neu.".to_owned())],
        tables: Vec::new(),
    };
    assert_eq!(
        reading.outcome("x.xls"),
        Outcome::Failed(
            "Grund „etwas ganz Neues“ außerhalb der festen Menge (in tests/it/corpus.rs einer \
             Klasse von `Refusal` zuordnen)"
                .to_owned()
        )
    );
}

#[test]
fn a_worker_that_aborts_hangs_or_panics_costs_only_that_file() {
    let dir = TestDir::new();
    let names = [
        "a.csv",
        "abbruch.csv",
        "b.csv",
        "stapel.csv",
        "c.csv",
        "endlos.csv",
        "panik.csv",
        "d.csv",
    ];
    let files: Vec<PathBuf> = names
        .iter()
        .map(|name| dir.write(name, "Name;Organisation;Sitzung\nAnna;Kita;1\n"))
        .collect();
    let readings = read_in_workers(&files, Duration::from_secs(3), true);
    let said: Vec<String> = readings
        .iter()
        .map(|reading| match reading {
            Ok(reading) if reading.panic.is_some() => "Panik".to_owned(),
            Ok(reading) => format!("{:?}", reading.tables),
            Err(why) if why.starts_with("Prozess beendet (signal: 6") => "Abbruch".to_owned(),
            Err(why) if why.starts_with("hängt") => "hängt".to_owned(),
            Err(why) => why.clone(),
        })
        .collect();
    let read = r#"["Teilnehmende"]"#;
    assert_eq!(
        said,
        [
            read, "Abbruch", read, "Abbruch", read, "hängt", "Panik", read
        ]
    );
}

/// Why a file was not read, as one of a fixed set of German classes. The messages of
/// `src/sources/` and `src/tables/` are mapped here by their class: the short reason of a
/// file's report line, the reason it was ignored, or the start of a sheet's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Refusal {
    Empty,
    Damaged,
    PasswordProtected,
    TooLarge,
    NotAWorkbook,
    OldExcelFormat,
    UnsupportedProducer,
    UnreadableSpreadsheetFormat,
    NotATableFile,
    AmbiguousHeader,
}

impl Refusal {
    /// The class as the counts print it.
    fn label(self) -> &'static str {
        match self {
            Self::Empty => "leer",
            Self::Damaged => "beschädigt",
            Self::PasswordProtected => "mit Kennwort geschützt",
            Self::TooLarge => "zu groß",
            Self::NotAWorkbook => "keine Arbeitsmappe",
            Self::OldExcelFormat => "sehr altes Excel-Format",
            Self::UnsupportedProducer => "Programm nicht unterstützt",
            Self::UnreadableSpreadsheetFormat => "Tabellenformat nicht lesbar",
            Self::NotATableFile => "keine Tabellendatei",
            Self::AmbiguousHeader => "Kopfzeile mehrdeutig",
        }
    }

    /// The class of a file's short reason when it could not be read.
    fn of_file(short: &str) -> Option<Self> {
        Some(match short {
            "leer" => Self::Empty,
            "beschädigt" | "kein gültiges Zip-Archiv" | "nicht entpackbar" => Self::Damaged,
            "mit Kennwort geschützt" | "verschlüsselt" => Self::PasswordProtected,
            "zu groß"
            | "benutzter Bereich zu groß"
            | "Text zu lang"
            | "Archiv zu groß"
            | "mögliche Zip-Bombe"
            | "zu viele Einträge"
            | "zu tief verschachtelt" => Self::TooLarge,
            "keine Arbeitsmappe" | "keine echte Arbeitsmappe" => Self::NotAWorkbook,
            "sehr altes Excel-Format" => Self::OldExcelFormat,
            "Programm nicht unterstützt" | "von einem nicht unterstützten Programm gespeichert" => {
                Self::UnsupportedProducer
            }
            _ => return None,
        })
    }

    /// The class of the reason a file was ignored for.
    fn of_ignored(reason: &str) -> Option<Self> {
        if reason.starts_with("keine Tabellendatei") {
            Some(Self::NotATableFile)
        } else if reason.starts_with("Tabellenformat .") {
            Some(Self::UnreadableSpreadsheetFormat)
        } else {
            None
        }
    }

    /// The class of an error in a file that was read: a sheet that could not be.
    fn of_sheet_error(message: &str) -> Option<Self> {
        let starts = |p: &str| message.starts_with(p);
        if starts("Das Blatt kann nicht gelesen werden, es ist vermutlich beschädigt") {
            Some(Self::Damaged)
        } else if starts("Das Blatt hat mehr als")
            || starts("Die Datei hat in allen Blättern zusammen mehr als")
            || starts("Das Blatt ist zu groß")
            || message.contains("zu lang (erlaubt sind höchstens")
        {
            Some(Self::TooLarge)
        } else if starts("Die Kopfzeile passt gleich gut") {
            Some(Self::AmbiguousHeader)
        } else {
            None
        }
    }
}

/// What the worker reports about one file.
#[derive(Debug)]
struct Reading {
    /// How long it took.
    took: Duration,
    /// Whether it panicked (outside the readers, which catch their own).
    panic: Option<String>,
    status: Option<FileStatus>,
    /// The short reason of the file's report line.
    reason: Option<String>,
    /// Every error: its file and message.
    errors: Vec<(String, String)>,
    /// The kinds of the tables recognised.
    tables: Vec<String>,
}

/// What became of one file in the parent's eyes.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Read: the kinds of the tables recognised (none: no sheet has a header row).
    Read(Vec<String>),
    Refused(Refusal),
    /// Not in the fixed set, a panic, an abort or a hang: fails the run.
    Failed(String),
}

impl Reading {
    fn outcome(&self, name: &str) -> Outcome {
        if let Some(panic) = &self.panic {
            return Outcome::Failed(format!("Panik: {panic}"));
        }
        let expected = format!("ag/{name}");
        if let Some((file, message)) = self.errors.iter().find(|(file, _)| *file != expected) {
            return Outcome::Failed(format!("Fehler nennt die Datei nicht: {file}: {message}"));
        }
        let reason = self.reason.as_deref().unwrap_or_default();
        let classified = match self.status {
            Some(FileStatus::Error) => Refusal::of_file(reason)
                .ok_or_else(|| format!("Grund „{reason}“ außerhalb der festen Menge")),
            Some(FileStatus::Ignored) => Refusal::of_ignored(reason)
                .ok_or_else(|| format!("Grund „{reason}“ außerhalb der festen Menge")),
            Some(FileStatus::Read) => match self.errors.first() {
                None => return Outcome::Read(self.tables.clone()),
                Some((_, message)) => Refusal::of_sheet_error(message)
                    .ok_or_else(|| format!("Fehler außerhalb der festen Menge: {message}")),
            },
            None => Err("keine Zeile im Einlesebericht".to_owned()),
        };
        match classified {
            Ok(refusal) => Outcome::Refused(refusal),
            Err(why) => Outcome::Failed(format!(
                "{why} (in tests/it/corpus.rs einer Klasse von `Refusal` zuordnen)"
            )),
        }
    }
}

/// Files that LibreOffice opens with cells and that are still refused as damaged, with why:
/// damaged or hostile files of which LibreOffice recovers something, where „beschädigt“ and
/// its advice (open it in LibreOffice and save it anew) are right. A file listed here
/// that is no longer refused as damaged fails the run, so the list only ever shrinks.
const LIBREOFFICE_READS_BUT_WE_DO_NOT: &[(&str, &str)] = &[
    (
        "apache-poi-spreadsheet/54764-2.xlsx",
        "XML with entity definitions (billion laughs); refused, LibreOffice ignores them",
    ),
    (
        "apache-poi-spreadsheet/54764.xlsx",
        "XML with entity definitions (billion laughs); refused, LibreOffice ignores them",
    ),
    (
        "apache-poi-spreadsheet/61300.xls",
        "a record runs past the end (calamine: End of stream); LibreOffice reads the cells before it",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-4657005060816896.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-4819588401201152.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-5175219985448960.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-5436547081830400.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-5786329142919168.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-5889658057523200.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-6137883240824832.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-6322470200934400.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-6483562584932352.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIHSSFFuzzer-6537773940867072.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
    (
        "apache-poi-spreadsheet/clusterfuzz-testcase-minimized-POIXSSFFuzzer-5937385319563264.xlsx",
        "fuzzed xlsx, damaged: calamine panics (overflow), caught",
    ),
    (
        "apache-poi-spreadsheet/poc-shared-strings.xlsx",
        "hostile: a sheet's range without a row (calamine), damaged",
    ),
    (
        "calamine-tests/OOM_alloc3.xls",
        "fuzzed compound file, damaged; LibreOffice recovers some cells, as the message advises",
    ),
];

/// Reads every file of `../shared/corpus/<folder>`, prints the counts, and fails on any
/// file that panicked, aborted, hung, was refused for a reason outside the set, or was
/// called damaged although LibreOffice opens it.
fn run_corpus(folder: &str) {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(corpora.join(folder)) else {
        println!("corpus not found at {}; skipped", corpora.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let started = Instant::now();
    let readings = read_in_workers(&files, HANG, false);
    let elapsed = started.elapsed();
    let opened = libreoffice_opens(folder);
    let mut known: BTreeMap<&str, &str> = LIBREOFFICE_READS_BUT_WE_DO_NOT
        .iter()
        .filter_map(|(path, why)| Some((path.strip_prefix(folder)?.strip_prefix('/')?, *why)))
        .collect();

    let mut read_with_tables = 0;
    let mut read_without = 0;
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut refused: BTreeMap<Refusal, Vec<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for (file, reading) in files.iter().zip(&readings) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let reading = match reading {
            Ok(reading) => reading,
            Err(failure) => {
                failures.push(format!("{name}: {failure}"));
                continue;
            }
        };
        if reading.took > slowest.0 {
            slowest = (reading.took, name.clone());
        }
        match reading.outcome(&name) {
            Outcome::Read(found) if found.is_empty() => read_without += 1,
            Outcome::Read(found) => {
                println!("{folder}/{name}: gelesen, Tabellen {found:?}");
                read_with_tables += 1;
                for kind in found {
                    *kinds.entry(kind).or_default() += 1;
                }
            }
            Outcome::Refused(refusal) => {
                if refusal == Refusal::Damaged && opened.contains(&name) {
                    match known.remove(name.as_str()) {
                        Some(why) => println!("{folder}/{name}: noch beschädigt ({why})"),
                        None => failures.push(format!(
                            "{name}: „beschädigt“, doch LibreOffice öffnet die Datei als Tabelle"
                        )),
                    }
                }
                println!("{folder}/{name}: {}", refusal.label());
                refused.entry(refusal).or_default().push(name);
            }
            Outcome::Failed(why) => failures.push(format!("{name}: {why}")),
        }
    }

    failures.extend(known.keys().map(|name| {
        format!(
            "{name}: steht in LIBREOFFICE_READS_BUT_WE_DO_NOT, wird aber nicht mehr als \
             beschädigt abgelehnt; nehmen Sie die Datei von der Liste"
        )
    }));
    let refused_total: usize = refused.values().map(Vec::len).sum();
    let by_reason: Vec<String> = refused
        .iter()
        .map(|(refusal, names)| format!("{} {}", refusal.label(), names.len()))
        .collect();
    let by_kind: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "{folder}: {} Dateien: {} gelesen ({read_with_tables} mit Tabellen [{}], \
         {read_without} ohne), {refused_total} abgelehnt [{}], {} gescheitert; \
         langsamste: {} ({:?}); Lauf {:?}",
        files.len(),
        read_with_tables + read_without,
        by_kind.join(", "),
        by_reason.join(", "),
        failures.len(),
        slowest.1,
        slowest.0,
        elapsed,
    );
    assert!(failures.is_empty(), "{folder}:\n{}", failures.join("\n"));
    assert_eq!(
        read_with_tables + read_without + refused_total,
        files.len(),
        "every file is counted once"
    );
}

/// The files of corpus `folder` that LibreOffice opens as spreadsheets (file names).
fn libreoffice_opens(folder: &str) -> BTreeSet<String> {
    let list = include_str!("../fixtures/corpus-libreoffice.txt");
    list.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.strip_prefix(folder)?.strip_prefix('/'))
        .map(str::to_owned)
        .collect()
}

/// Reads `files` in worker processes, a new worker after one that died or hung; one entry
/// per file, in order: what the worker said, or why it said nothing.
fn read_in_workers(files: &[PathBuf], hang: Duration, probe: bool) -> Vec<Result<Reading, String>> {
    let mut readings: Vec<Option<Result<Reading, String>>> =
        std::iter::repeat_with(|| None).take(files.len()).collect();
    let list_dir = TestDir::new();
    let mut next = 0;
    while next < files.len() {
        let rest = &files[next..];
        let list = list_dir.write(
            &format!("ab-{next}.txt"),
            rest.iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let mut worker = Worker::start(&list, hang, probe);
        loop {
            match worker.next() {
                WorkerSays::Began => {}
                WorkerSays::Done(i, reading) => {
                    readings[next + i] = Some(Ok(reading));
                }
                WorkerSays::Finished => break,
                WorkerSays::Stopped(i, why) => {
                    readings[next + i] = Some(Err(why));
                    break;
                }
            }
        }
        next = readings
            .iter()
            .position(Option::is_none)
            .unwrap_or(files.len());
    }
    readings
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("nicht gelesen".to_owned())))
        .collect()
}

/// A worker process and the lines it printed.
struct Worker {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
    /// The file begun and not yet done, and since when.
    current: Option<(usize, Instant)>,
    /// How long one file may take.
    hang: Duration,
}

/// What the worker did next.
enum WorkerSays {
    Began,
    Done(usize, Reading),
    /// It read every file and ended.
    Finished,
    /// It died or hung on this file (index in its list).
    Stopped(usize, String),
}

impl Worker {
    fn start(list: &Path, hang: Duration, probe: bool) -> Self {
        let mut command = Command::new(std::env::current_exe().unwrap());
        if probe {
            command.env(WORKER_PROBE, "1");
        }
        let mut child = command
            .args([
                "corpus::worker",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WORKER_LIST, list)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the worker");
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(line) = line.strip_prefix(PROTOCOL)
                    && send.send(line.to_owned()).is_err()
                {
                    break;
                }
            }
        });
        // Kept to say why a worker died; readers that panic inside calamine print there.
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            let tail = text.len().saturating_sub(2000);
            text[text.ceil_char_boundary(tail)..].to_owned()
        });
        Self {
            child,
            lines,
            stderr,
            current: None,
            hang,
        }
    }

    fn next(&mut self) -> WorkerSays {
        let wait = match self.current {
            Some((_, since)) => self.hang.saturating_sub(since.elapsed()),
            None => self.hang,
        };
        match self.lines.recv_timeout(wait) {
            Ok(line) => {
                let (word, rest) = line.split_once(' ').unwrap_or((&line, ""));
                let json: Json = serde_json::from_str(rest).expect("the worker's line");
                let i = json["i"].as_u64().unwrap() as usize;
                if word == "begin" {
                    self.current = Some((i, Instant::now()));
                    WorkerSays::Began
                } else {
                    self.current = None;
                    WorkerSays::Done(i, reading(&json))
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let i = self.current.map_or(0, |(i, _)| i);
                WorkerSays::Stopped(i, format!("hängt: nach {:?} nicht fertig", self.hang))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().expect("the worker's exit");
                match self.current {
                    None if status.success() => WorkerSays::Finished,
                    None => {
                        let stderr =
                            std::mem::replace(&mut self.stderr, std::thread::spawn(String::new));
                        let tail = stderr.join().unwrap_or_default();
                        panic!("the worker failed between files: {status}: {tail}")
                    }
                    Some((i, _)) => {
                        let stderr =
                            std::mem::replace(&mut self.stderr, std::thread::spawn(String::new));
                        let tail = stderr.join().unwrap_or_default();
                        WorkerSays::Stopped(i, format!("Prozess beendet ({status}): {tail}"))
                    }
                }
            }
        }
    }
}

/// A worker's line about a finished file.
fn reading(json: &Json) -> Reading {
    let text = |v: &Json| v.as_str().map(str::to_owned);
    Reading {
        took: Duration::from_micros(json["mikros"].as_u64().unwrap_or_default()),
        panic: text(&json["panik"]),
        status: match json["status"].as_str() {
            Some("gelesen") => Some(FileStatus::Read),
            Some("ignoriert") => Some(FileStatus::Ignored),
            Some("fehler") => Some(FileStatus::Error),
            _ => None,
        },
        reason: text(&json["grund"]),
        errors: json["fehler"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    text(&e[0]).unwrap_or_default(),
                    text(&e[1]).unwrap_or_default(),
                )
            })
            .collect(),
        tables: json["tabellen"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(text)
            .collect(),
    }
}

/// The worker: does nothing in a normal test run; started by [`read_in_workers`] with
/// [`WORKER_LIST`] set, it reads each listed file alone and prints a line before and after.
#[test]
fn worker() {
    let Ok(list) = std::env::var(WORKER_LIST) else {
        return;
    };
    let list = std::fs::read_to_string(list).expect("the list of files");
    let probe = std::env::var_os(WORKER_PROBE).is_some();
    for (i, file) in list.lines().enumerate() {
        println!("{PROTOCOL}begin {}", json!({ "i": i }));
        let started = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            if probe {
                misbehave(file);
            }
            read_alone(Path::new(file))
        }));
        let took = started.elapsed().as_micros() as u64;
        let line = match result {
            Ok(mut line) => {
                line["i"] = json!(i);
                line["mikros"] = json!(took);
                line
            }
            Err(panic) => {
                let text = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                json!({ "i": i, "mikros": took, "panik": text })
            }
        };
        println!("{PROTOCOL}done {line}");
    }
}

/// What a probe file makes the worker do: end the process, overflow its stack, never return,
/// or panic outside the readers.
fn misbehave(file: &str) {
    // Deep enough to overflow any stack; the bound only keeps the compiler from calling
    // the recursion endless.
    fn deeper(n: u64) -> u64 {
        if std::hint::black_box(n) == u64::MAX {
            return n;
        }
        std::hint::black_box(n) + deeper(std::hint::black_box(n + 1))
    }
    match Path::new(file).file_name().and_then(|n| n.to_str()) {
        Some("abbruch.csv") => std::process::abort(),
        Some("stapel.csv") => {
            deeper(0);
        }
        Some("endlos.csv") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        Some("panik.csv") => panic!("Probe"),
        _ => {}
    }
}

/// Puts the file alone into `ag/` of a fresh project folder and reads it as `check` would
/// up to the tables.
fn read_alone(file: &Path) -> Json {
    let root = TestDir::new();
    let ag = root.mkdir("ag");
    std::fs::copy(file, ag.join(file.file_name().unwrap())).unwrap();
    let limits = Limits::default();
    let mut report = IngestReport::default();
    let found = sources::collect(&root, &limits, &mut report);
    let read = tables::read(&found, &limits, REFERENZJAHR, &mut report);
    let line = report.files.first();
    let status = line.map(|l| match l.status {
        FileStatus::Read => "gelesen",
        FileStatus::Ignored => "ignoriert",
        FileStatus::Error => "fehler",
    });
    let errors: Vec<Json> = report
        .errors
        .iter()
        .map(|e| json!([e.place.as_ref().map(|p| p.file.to_string()), e.message]))
        .collect();
    let kinds: Vec<String> = report
        .files
        .iter()
        .flat_map(|f| &f.sheets)
        .filter_map(|s| match &s.outcome {
            SheetOutcome::Table(kind) => Some(kind.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds.len(),
        read.tables.len(),
        "every table is in the report"
    );
    assert_eq!(report.files.len(), 1, "{file:?}: one report line per file");
    json!({
        "status": status,
        "grund": line.and_then(|l| l.reason.clone()),
        "fehler": errors,
        "tabellen": kinds,
    })
}
