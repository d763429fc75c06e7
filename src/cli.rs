//! The command line: argument parsing, the commands, and exit codes (0 ok, 1 invalid input
//! or template error, 2 wrong command line).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::limits::Limits;
use crate::project::{self, Project};
use crate::report::text;
use crate::{guard, pipeline, summary};

/// Turns the spreadsheets of a participatory process into a council submission.
#[derive(Debug, Parser)]
#[command(name = "ratsvorlage", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import, check, typeset both documents, write konzept.json and the package.
    Build {
        /// The project folder (default: input).
        project: Option<PathBuf>,
        /// The output folder (default: output/ beside the project folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import and validate only; print the import report, write nothing.
    Check {
        /// The project folder (default: input).
        project: Option<PathBuf>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let limits = match Limits::aus_umgebung() {
        Ok(limits) => limits,
        Err(meldung) => {
            eprintln!("{meldung}");
            return ExitCode::from(1);
        }
    };
    guard::install(&limits);
    match cli.command {
        Command::Build { project, out } => build(project, out, &limits),
        Command::Check { project, json } => check(project, json, &limits),
    }
}

fn build(project: Option<PathBuf>, out: Option<PathBuf>, limits: &Limits) -> ExitCode {
    let project = Project::locate(project.as_deref(), out.as_deref());
    match pipeline::build(&project, limits) {
        Ok(built) => {
            print_out(&summary::built(&built));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprint!("{}", summary::failure(&failure));
            ExitCode::from(1)
        }
    }
}

/// What `check --json` prints: the import report and the figures.
#[derive(serde::Serialize)]
struct CheckJson<'a> {
    dateien: &'a [crate::report::DateiBericht],
    fehler: &'a [crate::report::Meldung],
    warnungen: &'a [crate::report::Meldung],
    kennzahlen: Option<&'a crate::model::Kennzahlen>,
}

fn check(project: Option<PathBuf>, json: bool, limits: &Limits) -> ExitCode {
    let project = Project::locate(project.as_deref(), None);
    let import = project::import(&project, limits);
    if json {
        let value = CheckJson {
            dateien: &import.bericht.dateien,
            fehler: &import.bericht.fehler,
            warnungen: &import.bericht.warnungen,
            kennzahlen: import.konzept.as_ref().map(|k| &k.kennzahlen),
        };
        print_out(&serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        let kennzahlen = import.konzept.as_ref().map(|k| &k.kennzahlen);
        print_out(&text::render(&import.bericht, kennzahlen));
    }
    if import.bericht.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes to stdout; a closed pipe (`ratsvorlage check | head`) is not an error.
fn print_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| {
        if text.ends_with('\n') {
            Ok(())
        } else {
            stdout.write_all(b"\n")
        }
    });
}

/// Readers and the typesetter catch panics of the libraries they call and report them as an
/// error of the file or template concerned; Rust's default hook would first print a trace
/// meant for developers. Set `RUST_BACKTRACE` to get it back.
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            eprintln!("ratsvorlage: interner Fehler ({info}).");
        }));
    }
}
