//! `ratsvorlage watch` end to end: the binary watches a copy of the example; the test edits a
//! cell, breaks an input and a template and fixes them, and reads what the watch prints and
//! what lands in the output folder.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::{TestDir, pdf_text, squeezed};

/// How long one build may take (debug build, shared machine).
const BUILD_TIMEOUT: Duration = Duration::from_secs(300);
/// What the watch prints when it waits for the next change.
const WARTET: &str = "Warte auf Änderungen";
const MASSNAHMEN: &str = "ag/ag-4_massnahmen.csv";

/// A running `ratsvorlage watch` and the lines it printed.
struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(project: &Path, out: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .arg("watch")
            .arg(project)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        Self { child, lines }
    }

    /// Everything printed up to and including the next line that contains `marker`.
    fn until(&self, marker: &str) -> String {
        let deadline = Instant::now() + BUILD_TIMEOUT;
        let mut seen = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(marker) {
                        return seen;
                    }
                }
                Err(_) => panic!("no line with {marker:?} in time; printed so far:\n{seen}"),
            }
        }
    }

    /// Ctrl-C: the exit status and what was printed after it.
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        let rest = self.until("Beobachtung beendet");
        (self.child.wait().unwrap(), rest)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces text in a Windows-1252 file.
fn edit(path: &Path, from: &str, to: &str) {
    let bytes = std::fs::read(path).unwrap();
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, crate::support::cp1252(&text.replacen(from, to, 1))).unwrap();
}

/// Inode and modification time of a file.
fn stamp(path: &Path) -> (u64, i64, i64) {
    let meta = std::fs::metadata(path).unwrap();
    (meta.ino(), meta.mtime(), meta.mtime_nsec())
}

fn anlage(out: &Path) -> PathBuf {
    out.join("Anlage-1-Integrationskonzept.pdf")
}

fn assert_in_pdf(pdf: &Path, expected: &str) {
    let text = squeezed(&pdf_text(pdf));
    assert!(
        text.contains(&squeezed(expected)),
        "{expected:?} not in {}",
        pdf.display()
    );
}

/// A temporary folder with a copy of the example as `input/`.
fn example_copy() -> (TestDir, PathBuf) {
    let dir = TestDir::new();
    let input = dir.example("input");
    (dir, input)
}

#[test]
fn watch_rebuilds_on_edits_reports_changes_and_errors_and_keeps_unchanged_files() {
    let (dir, input) = example_copy();
    let templates = dir.path().join("templates");
    let stil = ratsvorlage::documents::built_in("stil.typ").unwrap();
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("stil.typ"), stil).unwrap();
    let out = dir.path().join("ausgabe");
    let vorlage = out.join("Beschlussvorlage.pdf");
    let massnahmen = input.join(MASSNAHMEN);

    let watch = Watch::start(&input, &out);
    let first = watch.until(WARTET);
    assert!(first.contains("Erster Build."), "{first}");
    assert!(first.contains("Fertig in"), "{first}");
    assert_in_pdf(&anlage(&out), "Politische Bildung für Zugewanderte");
    let vorlage_stamp = stamp(&vorlage);

    // One cell: the text of a measure. Only the Anlage (and what holds the concept) changes.
    edit(&massnahmen, "für Zugewanderte;", "für Neuzugewanderte;");
    let second = watch.until(WARTET);
    for expected in [
        "Geändert: input/ag/ag-4_massnahmen.csv",
        "Änderungen in 1 AG: 1 Maßnahme geändert.",
        "AG Politik und Recht (PR)",
        "  Maßnahme PR-1.2 geändert: „Politische Bildung für Neuzugewanderte“",
        "    Text: „Politische Bildung für Zugewanderte“ → „Politische Bildung für Neuzugewanderte“",
        "Neu geschrieben: Anlage-1-Integrationskonzept.pdf, konzept.json, FB-50-1234-08.zip; \
         unverändert: Beschlussvorlage.pdf.",
        "Neu gebaut in ",
    ] {
        assert!(second.contains(expected), "{expected:?} not in:\n{second}");
    }
    assert_in_pdf(&anlage(&out), "Politische Bildung für Neuzugewanderte");
    assert_eq!(
        stamp(&vorlage),
        vorlage_stamp,
        "Beschlussvorlage.pdf was rewritten"
    );
    let good = std::fs::read(anlage(&out)).unwrap();

    // A broken edit: a goal that does not exist. The error names its place; output stays.
    // A lock file written meanwhile must not count as a change.
    std::fs::write(input.join("ag/~$AG 1 Sprache und Bildung.xlsx"), b"lock").unwrap();
    edit(&massnahmen, "PR-1;PR-1.2", "PR-9;PR-1.2");
    let broken = watch.until(WARTET);
    assert!(!broken.contains("~$"), "{broken}");
    for expected in [
        "Geändert: input/ag/ag-4_massnahmen.csv",
        "Fehler beim Neubau:",
        "ag-4_massnahmen.csv",
        "PR-9",
        "bleibt unverändert",
    ] {
        assert!(broken.contains(expected), "{expected:?} not in:\n{broken}");
    }
    assert_eq!(std::fs::read(anlage(&out)).unwrap(), good);

    // Fixed: rebuilt, and compared with the last good build.
    edit(
        &massnahmen,
        "PR-9;PR-1.2;Politische Bildung für Neuzugewanderte",
        "PR-1;PR-1.2;Politische Bildung für alle",
    );
    let fixed = watch.until(WARTET);
    assert!(
        fixed.contains(
            "    Text: „Politische Bildung für Neuzugewanderte“ → „Politische Bildung für alle“"
        ),
        "{fixed}"
    );
    assert_in_pdf(&anlage(&out), "Politische Bildung für alle");
    let fixed_stamps = [&vorlage, &anlage(&out)].map(|p| stamp(p));

    // A template error is printed with its place; the output stays.
    std::fs::write(
        templates.join("stil.typ"),
        format!("{stil}\n#let kaputt = (\n"),
    )
    .unwrap();
    let template = watch.until(WARTET);
    assert!(
        template.contains("Geändert: templates/stil.typ"),
        "{template}"
    );
    assert!(template.contains("Fehler beim Neubau:"), "{template}");
    assert!(
        template.contains("Fehler: templates/stil.typ › Zeile "),
        "{template}"
    );
    assert_eq!([&vorlage, &anlage(&out)].map(|p| stamp(p)), fixed_stamps);

    // Template fixed: the same bytes as before, so nothing is rewritten.
    std::fs::write(templates.join("stil.typ"), stil).unwrap();
    let same = watch.until(WARTET);
    assert!(
        same.contains("Keine Änderungen an Zielen und Maßnahmen."),
        "{same}"
    );
    assert!(
        same.contains("Neu geschrieben: keine; unverändert: "),
        "{same}"
    );
    assert_eq!([&vorlage, &anlage(&out)].map(|p| stamp(p)), fixed_stamps);

    let (status, rest) = watch.interrupt();
    assert!(status.success(), "{status:?}: {rest}");
}

#[test]
fn a_templates_folder_made_while_watching_is_used_and_watched() {
    let (dir, input) = example_copy();
    let out = dir.path().join("output");
    let watch = Watch::start(&input, &out);
    let first = watch.until(WARTET);
    assert!(first.contains("Fertig in"), "{first}");

    // The folder arrives whole (made elsewhere, moved in), with a broken template.
    let stil = ratsvorlage::documents::built_in("stil.typ").unwrap();
    let made = dir.path().join("vorbereitet");
    std::fs::create_dir(&made).unwrap();
    std::fs::write(made.join("stil.typ"), format!("{stil}\n#let kaputt = (\n")).unwrap();
    std::fs::rename(&made, dir.path().join("templates")).unwrap();
    let broken = watch.until(WARTET);
    for expected in [
        "Geändert: templates",
        "Fehler beim Neubau:",
        "Fehler: templates/stil.typ › Zeile ",
    ] {
        assert!(broken.contains(expected), "{expected:?} not in:\n{broken}");
    }

    // An edit inside the new folder is seen: fixed, rebuilt.
    std::fs::write(dir.path().join("templates/stil.typ"), stil).unwrap();
    let fixed = watch.until(WARTET);
    assert!(fixed.contains("Geändert: templates/stil.typ"), "{fixed}");
    assert!(fixed.contains("Neu gebaut in "), "{fixed}");
    let (status, rest) = watch.interrupt();
    assert!(status.success(), "{status:?}: {rest}");
}
