//! The command line: argument parsing, the commands, and exit codes (0 ok, 1 invalid input
//! or template error, 2 wrong command line).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap_complete::Shell;

use crate::console::Console;
use crate::limits::Limits;
use crate::project::{self, Project};
use crate::report::text;
use crate::{ag_workbook, guard, intake, pipeline, scaffold, summary, tables};

mod args;

pub use args::{Cli, Command};

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    quiet_panics();
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let limits = match Limits::from_env() {
        Ok(limits) => limits,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    guard::install(&limits);
    let console = Console::new(cli.quiet);
    match cli.command {
        Command::Build { project, out, json } => build(&console, project, out, json, &limits),
        Command::Check { project, json } => check(&console, project, json, &limits),
        Command::New { dir, empty } => new(&console, &dir, empty),
        Command::Import {
            archive,
            into,
            force,
            json,
        } => import(&console, &archive, into, force, json, &limits),
        Command::BlankWorkbook { ag, output } => blank_workbook(&console, ag.as_deref(), &output),
        Command::Completions { shell } => completions(shell),
        Command::Watch { project, out } => watch(project, out, &limits),
        Command::Diff {
            old,
            project,
            pdf,
            json,
        } => diff(&console, &old, project, pdf, json, &limits),
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn build(
    console: &Console,
    project: Option<PathBuf>,
    out: Option<PathBuf>,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    let project = Project::locate(project.as_deref(), out.as_deref());
    let bar = console.stages(pipeline::Stage::COUNT);
    let result = pipeline::build(&project, limits, &|stage| {
        bar.set_position(stage.number());
        bar.set_message(stage.text());
    });
    bar.finish_and_clear();
    if json {
        console.json(&summary::json(&result));
    } else {
        match &result {
            Ok(built) => console.out(&summary::built(built)),
            Err(failure) => console.err(&summary::failure(failure)),
        }
    }
    exit(result.is_ok())
}

/// What `check --json` prints: the import report and the figures.
#[derive(serde::Serialize)]
struct CheckJson<'a> {
    #[serde(rename = "dateien")]
    files: &'a [crate::report::FileReport],
    #[serde(rename = "fehler")]
    errors: &'a [crate::report::Message],
    #[serde(rename = "warnungen")]
    warnings: &'a [crate::report::Message],
    kennzahlen: Option<&'a crate::model::Kennzahlen>,
}

fn check(console: &Console, project: Option<PathBuf>, json: bool, limits: &Limits) -> ExitCode {
    let project = Project::locate(project.as_deref(), None);
    let import = project::import(&project, limits);
    let kennzahlen = import.konzept.as_ref().map(|k| &k.kennzahlen);
    if json {
        console.json(&CheckJson {
            files: &import.report.files,
            errors: &import.report.errors,
            warnings: &import.report.warnings,
            kennzahlen,
        });
    } else if console.is_quiet() {
        for message in &import.report.errors {
            console.err(&format!("Fehler: {message}"));
        }
    } else {
        console.out(&text::render(&import.report, kennzahlen));
    }
    exit(import.report.ok())
}

fn new(console: &Console, dir: &Path, empty: bool) -> ExitCode {
    match scaffold::new_project(dir, empty) {
        Ok(files) => {
            console.out(&scaffold::summary(dir, &files, empty));
            ExitCode::SUCCESS
        }
        Err(err) => {
            console.err(&err.to_string());
            ExitCode::from(1)
        }
    }
}

fn watch(project: Option<PathBuf>, out: Option<PathBuf>, limits: &Limits) -> ExitCode {
    let project = Project::locate(project.as_deref(), out.as_deref());
    match crate::watch::run(&project, limits, &mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

fn diff(
    console: &Console,
    old: &Path,
    project: Option<PathBuf>,
    pdf: Option<PathBuf>,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    let project = Project::locate(project.as_deref(), None);
    match crate::diff::run(old, &project, limits, pdf.as_deref()) {
        Ok(outcome) if json => {
            console.json(&outcome.comparison);
            ExitCode::SUCCESS
        }
        Ok(outcome) => {
            console.out(&crate::diff::text(&outcome));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            console.err(&crate::diff::error_text(&errors));
            ExitCode::from(1)
        }
    }
}

fn import(
    console: &Console,
    archive: &[PathBuf],
    into: Option<PathBuf>,
    force: bool,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    let project = Project::locate(into.as_deref(), None);
    let bar = console.bar(0, "Import");
    match intake::import(archive, &project.root, force, limits, &bar) {
        Ok(import_run) => {
            if json {
                console.json(&import_run.json());
            } else if console.is_quiet() {
                let refused = intake::text(&import_run, true);
                if !refused.is_empty() {
                    console.err(&refused);
                }
            } else {
                console.out(&intake::text(&import_run, false));
            }
            exit(import_run.ok())
        }
        Err(errors) => {
            for message in &errors {
                console.err(&format!("Fehler: {message}"));
            }
            console.err("Nichts importiert: ohne lesbare konzept.toml sind die AGs unbekannt.");
            ExitCode::from(1)
        }
    }
}

fn blank_workbook(console: &Console, ag: Option<&str>, output: &Path) -> ExitCode {
    match ag_workbook::write(output, ag) {
        Ok(()) => {
            console.out(&format!(
                "Leere AG-Arbeitsmappe geschrieben: {}",
                output.display()
            ));
            ExitCode::SUCCESS
        }
        Err(err) => {
            console.err(&err.to_string());
            ExitCode::from(1)
        }
    }
}

fn completions(shell: Shell) -> ExitCode {
    let mut command = args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "ratsvorlage", &mut script);
    // Written here, not by clap_complete, which panics on a closed pipe.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
    ExitCode::SUCCESS
}

/// Readers and the typesetter catch panics of the libraries they call and report them as an
/// error of the file or template concerned; Rust's default hook would first print a trace
/// meant for developers. A panic a reader reports says nothing here; any other gets one
/// line. Set `RUST_BACKTRACE` to get the trace back.
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            if !tables::decode::panic_is_reported() {
                eprintln!("ratsvorlage: interner Fehler ({info}).");
            }
        }));
    }
}
