//! The command line: argument parsing, the process's policy (memory cap, panic hook, Ctrl-C),
//! the terminal (colours, progress) and exit codes (0 ok, 1 invalid input or template error,
//! 2 wrong command line). Each command's work is in the library's `commands`.

use std::process::ExitCode;

use ratsvorlage::commands::blank_workbook::{self, BlankWorkbookOptions};
use ratsvorlage::commands::build::{self, BuildOptions};
use ratsvorlage::commands::check::{self, CheckOptions};
use ratsvorlage::commands::diff::{self, DiffError, DiffOptions};
use ratsvorlage::commands::import::{self, ImportOptions};
use ratsvorlage::commands::new::{self, NewOptions};
use ratsvorlage::commands::rueckmeldung::{self, RueckmeldungOptions};
use ratsvorlage::commands::serve::{self, ServeOptions};
use ratsvorlage::commands::watch::{self, WatchOptions};
use ratsvorlage::guard;
use ratsvorlage::limits::Limits;
use ratsvorlage::pipeline::Stage;
use ratsvorlage::report::Problem;
use ratsvorlage::tables;

use console::Console;

mod args;
mod completions;
mod console;
mod progress;

use args::Command;

/// Runs the command line and returns the exit code.
pub(crate) fn main() -> ExitCode {
    quiet_panics();
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let limits = match Limits::from_env() {
        Ok(limits) => limits,
        Err(problem) => {
            eprintln!("{problem}");
            return ExitCode::from(1);
        }
    };
    guard::install(&limits);
    let console = Console::new(cli.quiet);
    match cli.command {
        Command::Build { project, out, json } => {
            build(&console, &BuildOptions { project, out }, json, &limits)
        }
        Command::Check { project, json } => {
            check(&console, &CheckOptions { project }, json, &limits)
        }
        Command::New { dir, empty } => new(&console, &NewOptions { dir, empty }),
        Command::Import {
            archive,
            into,
            force,
            json,
        } => {
            let options = ImportOptions {
                archives: archive,
                into,
                force,
            };
            import(&console, &options, json, &limits)
        }
        Command::BlankWorkbook {
            project,
            ag,
            with_data,
            output,
        } => {
            if project.is_some() && !with_data {
                return args::usage_error(
                    "vorlage-ag",
                    "Ein Projektordner gilt nur mit --mit-daten: ohne sie schreibt vorlage-ag \
                     die leere Mappe. Ergänzen Sie --mit-daten.",
                );
            }
            let data = with_data.then(|| project.unwrap_or_else(|| "input".into()));
            let options = BlankWorkbookOptions { ag, output, data };
            blank_workbook(&console, &options, &limits)
        }
        Command::Completions { shell } => completions::run(shell),
        Command::Watch { project, out } => watch(&WatchOptions { project, out }, &limits),
        Command::Serve {
            project,
            port,
            no_browser,
        } => serve(
            &console,
            &ServeOptions { project, port },
            no_browser,
            limits,
        ),
        Command::Diff {
            old,
            project,
            since,
            list,
            pdf,
            json,
        } => {
            let options = DiffOptions {
                old,
                project,
                since,
                pdf,
            };
            if list {
                diff_list(&console, &options, json)
            } else {
                diff(&console, &options, json, &limits)
            }
        }
        Command::Rueckmeldung { project, out, json } => rueckmeldung(
            &console,
            &RueckmeldungOptions { project, out },
            json,
            &limits,
        ),
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn build(console: &Console, options: &BuildOptions, json: bool, limits: &Limits) -> ExitCode {
    let bar = progress::stages(console, Stage::COUNT);
    let result = build::run(options, limits, &|stage| progress::show_stage(&bar, stage));
    bar.finish_and_clear();
    if json {
        console.json(&build::json(&result));
    } else {
        match &result {
            Ok(built) => console.out(&build::built(built)),
            Err(failure) => console.err(&build::failure(failure)),
        }
    }
    exit(result.is_ok())
}

fn check(console: &Console, options: &CheckOptions, json: bool, limits: &Limits) -> ExitCode {
    let import = check::run(options, limits);
    if json {
        console.json(&check::json(&import));
    } else if console.is_quiet() {
        for problem in &import.report.errors {
            console.problem(problem);
        }
    } else {
        console.out(&check::text(&import));
    }
    let code = exit(import.report.ok());
    // The process ends now: its memory goes back to the system in one step, so the read
    // tables and the model are not freed piece by piece (at 60 AGs about 2 % of a
    // `check`).
    std::mem::forget(import);
    code
}

fn new(console: &Console, options: &NewOptions) -> ExitCode {
    match new::run(options) {
        Ok(files) => {
            console.out(&new::summary(&options.dir, &files, options.empty));
            ExitCode::SUCCESS
        }
        Err(err) => {
            console.problem(&err.problem());
            ExitCode::from(1)
        }
    }
}

fn watch(options: &WatchOptions, limits: &Limits) -> ExitCode {
    let on_ctrl_c = |stop: watch::Stop| {
        ctrlc::set_handler(move || stop.stop()).map_err(|err| {
            Problem::general("Strg+C kann nicht abgefangen werden.").with_detail(err.to_string())
        })
    };
    match watch::run(options, limits, on_ctrl_c, &mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("{problem}");
            ExitCode::from(1)
        }
    }
}

/// Runs the workplace on a runtime of this process; the first line on stdout is the address.
/// The address is printed even with `--quiet`: without it the workplace cannot be opened.
fn serve(console: &Console, options: &ServeOptions, no_browser: bool, limits: Limits) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            console.problem(
                &Problem::general("Der Arbeitsplatz kann nicht starten.")
                    .with_detail(err.to_string()),
            );
            return ExitCode::from(1);
        }
    };
    let ready = |address: &str| {
        println!("{address}");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        if !no_browser {
            open_browser(address);
        }
    };
    match runtime.block_on(serve::run(options, limits, ready)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            console.problem(&problem);
            ExitCode::from(1)
        }
    }
}

/// Opens the default browser; where none can be started, the printed address is enough.
fn open_browser(address: &str) {
    let command = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", "", address])
    } else if cfg!(target_os = "macos") {
        ("open", vec![address])
    } else {
        ("xdg-open", vec![address])
    };
    let _ = std::process::Command::new(command.0)
        .args(command.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

fn diff(console: &Console, options: &DiffOptions, json: bool, limits: &Limits) -> ExitCode {
    match diff::run(options, limits) {
        Ok(outcome) if json => {
            console.json(&outcome.comparison);
            ExitCode::SUCCESS
        }
        Ok(outcome) => {
            console.out(&diff::text(&outcome));
            ExitCode::SUCCESS
        }
        Err(error) => diff_error(console, &error),
    }
}

fn diff_list(console: &Console, options: &DiffOptions, json: bool) -> ExitCode {
    match diff::list(options) {
        Ok(list) if json => {
            console.json(&diff::list_json(&list));
            ExitCode::SUCCESS
        }
        Ok(list) => {
            console.out(&diff::list_text(&list));
            ExitCode::SUCCESS
        }
        Err(error) => diff_error(console, &error),
    }
}

/// Why `diff` stopped; a command line asking for two things at once is exit code 2.
fn diff_error(console: &Console, error: &DiffError) -> ExitCode {
    console.err(&diff::error_text(error));
    ExitCode::from(if matches!(error, DiffError::Usage(_)) {
        2
    } else {
        1
    })
}

fn rueckmeldung(
    console: &Console,
    options: &RueckmeldungOptions,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    match rueckmeldung::run(options, limits) {
        Ok(outcome) if json => {
            console.json(&rueckmeldung::json(&outcome));
            ExitCode::SUCCESS
        }
        Ok(outcome) => {
            console.out(&rueckmeldung::text(&outcome));
            ExitCode::SUCCESS
        }
        Err(error) => {
            console.err(&rueckmeldung::error_text(&error));
            ExitCode::from(1)
        }
    }
}

fn import(console: &Console, options: &ImportOptions, json: bool, limits: &Limits) -> ExitCode {
    let bar = progress::bar(console, 0, "Import");
    match import::run(options, limits, &mut |step| {
        progress::show_import(&bar, step);
    }) {
        Ok(import_run) => {
            bar.finish_and_clear();
            if json {
                console.json(&import_run.json());
            } else if console.is_quiet() {
                let refused = import::text(&import_run, true);
                if !refused.is_empty() {
                    console.err(&refused);
                }
            } else {
                console.out(&import::text(&import_run, false));
            }
            exit(import_run.ok())
        }
        Err(errors) => {
            for problem in &errors {
                console.problem(problem);
            }
            console.err("Nichts importiert: ohne lesbare konzept.toml sind die AGs unbekannt.");
            ExitCode::from(1)
        }
    }
}

fn blank_workbook(console: &Console, options: &BlankWorkbookOptions, limits: &Limits) -> ExitCode {
    // Every AG's workbook goes into a folder: a name ending in .xlsx is a slip.
    let file = options.output.is_file()
        || options
            .output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if options.data.is_some() && options.ag.is_none() && file {
        return args::usage_error(
            "vorlage-ag",
            &format!(
                "Ohne --ag schreibt --mit-daten eine Mappe je AG; -o nennt dann einen Ordner, \
                 nicht die Datei „{}“. Geben Sie einen Ordner an oder wählen Sie mit --ag eine AG.",
                options.output.display()
            ),
        );
    }
    match blank_workbook::run(options, limits) {
        Ok(written) => {
            console.out(&blank_workbook::text(&written));
            ExitCode::SUCCESS
        }
        Err(err) => {
            for problem in err.problems() {
                console.problem(&problem);
            }
            ExitCode::from(1)
        }
    }
}

/// Readers and the typesetter catch panics of the libraries they call and report them as an
/// error of the file or template concerned; Rust's default hook would first print a trace
/// meant for developers. A panic a reader reports says nothing here; any other gets one
/// line. Set `RUST_BACKTRACE` to get the trace back.
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            if !tables::panic_is_reported() {
                eprintln!("ratsvorlage: interner Fehler ({info}).");
            }
        }));
    }
}
