//! The command line: argument parsing, the commands, and exit codes (0 ok, 1 invalid input
//! or template error, 2 wrong command line).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::limits::Limits;
use crate::project::{self, Project};
use crate::report::text;

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
    match cli.command {
        Command::Check { project, json } => check(project, json),
    }
}

fn check(project: Option<PathBuf>, json: bool) -> ExitCode {
    let project = Project::locate(project.as_deref(), None);
    let import = project::import(&project, &Limits::default());
    if json {
        let value = serde_json::json!({
            "dateien": import.bericht.dateien,
            "fehler": import.bericht.fehler,
            "warnungen": import.bericht.warnungen,
            "kennzahlen": import.konzept.as_ref().map(|k| &k.kennzahlen),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        let kennzahlen = import.konzept.as_ref().map(|k| &k.kennzahlen);
        print!("{}", text::render(&import.bericht, kennzahlen));
    }
    if import.bericht.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
