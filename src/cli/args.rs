//! The arguments of the command line, with everything the person at the terminal reads in
//! German: the doc comments of [`Cli`] and [`Command`] are the help texts clap shows, the
//! headings and the help and version flags are replaced by German ones, and a wrong command
//! line is explained in German.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::Shell;

use ratsvorlage::commands::new;

/// Macht aus den Tabellen eines Beteiligungsprozesses eine Ratsvorlage (Beschlussvorlage und
/// Anlage).
#[derive(Debug, Parser)]
#[command(name = "ratsvorlage", version)]
pub(super) struct Cli {
    /// Nur Fehler ausgeben.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Was zu tun ist.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands; their doc comments are the German help texts.
#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Einlesen, prüfen, beide Dokumente setzen, konzept.json und das Paket schreiben.
    Build {
        /// Der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Der Ausgabeordner (ohne Angabe: output/ neben dem Projektordner).
        #[arg(long, value_name = "ORDNER")]
        out: Option<PathBuf>,
        /// Ein JSON-Objekt (Dateien, Kennzahlen, Fehler) statt Text ausgeben.
        #[arg(long)]
        json: bool,
    },
    /// Nur einlesen und prüfen: den Einlesebericht ausgeben, nichts schreiben.
    Check {
        /// Der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Ein JSON-Objekt statt Text ausgeben.
        #[arg(long)]
        json: bool,
    },
    /// Bei jeder Änderung an Tabellen oder Vorlagen neu erstellen, bis Strg+C.
    Watch {
        /// Der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Der Ausgabeordner (ohne Angabe: output/ neben dem Projektordner).
        #[arg(long, value_name = "ORDNER")]
        out: Option<PathBuf>,
    },
    /// Den Arbeitsplatz im Browser öffnen: Tabellen hochladen, prüfen, Dokumente ansehen
    ///
    /// Seiten: Übersicht (mit Hochladen), Einlesebericht, Konzept, Dokumente mit
    /// Seitenvorschau, Änderungen. Baut wie watch nach jeder Änderung neu.
    Serve {
        /// Der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Der Port auf 127.0.0.1 (0: ein freier).
        #[arg(long, value_name = "PORT", default_value_t = 8470)]
        port: u16,
        /// Keinen Browser öffnen, nur die Adresse ausgeben.
        #[arg(long = "no-browser")]
        no_browser: bool,
    },
    /// Was sich an Zielen und Maßnahmen seit einem früheren Stand geändert hat.
    ///
    /// Jeder Build sichert den Stand des Konzepts, wenn er sich geändert hat (im
    /// Projektordner unter .ratsvorlage/staende/). Ohne ALT.json und ohne --seit vergleicht
    /// diff mit dem neuesten gesicherten Stand, der sich vom jetzigen Konzept unterscheidet.
    Diff {
        /// Die konzept.json eines früheren Laufs (ohne Angabe: ein gesicherter Stand). Ein
        /// Ordner allein ist der Projektordner.
        #[arg(value_name = "ALT.json")]
        old: Option<PathBuf>,
        /// Der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Mit dem gesicherten Stand vergleichen: einem Datum (TT.MM.JJJJ: der Stand am Ende
        /// dieses Tages) oder einer Vorlagen-Nummer (der letzte Stand dieser Vorlage).
        #[arg(long = "seit", value_name = "DATUM|NUMMER")]
        since: Option<String>,
        /// Die gesicherten Stände auflisten.
        #[arg(long = "liste", conflicts_with_all = ["since", "pdf"])]
        list: bool,
        /// Die Synopse für eine Ergänzungsvorlage (bisherige und neue Fassung) zusätzlich als
        /// PDF in diese Datei setzen.
        #[arg(long, value_name = "DATEI")]
        pdf: Option<PathBuf>,
        /// Ein JSON-Objekt statt Text ausgeben.
        #[arg(long)]
        json: bool,
    },
    /// Jeder AG eine Rückmeldung zu ihren Dateien schreiben: PDF und Text für die E-Mail.
    ///
    /// Je AG Rueckmeldung-AG-<kurz>.pdf und .txt: was übernommen wurde (mit der Liste der
    /// Ziele) und jeder Fehler und jede Warnung in ihren Dateien mit Ort, Inhalt und was zu
    /// tun ist. Geht auch, wenn das Projekt Fehler hat; braucht nur eine lesbare konzept.toml.
    Rueckmeldung {
        /// Der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Der Ordner für die Rückmeldungen (ohne Angabe: rueckmeldungen/ neben dem
        /// Projektordner).
        #[arg(long, value_name = "ORDNER")]
        out: Option<PathBuf>,
        /// Ein JSON-Objekt (Dateien, Inhalt jeder Rückmeldung) statt Text ausgeben.
        #[arg(long)]
        json: bool,
    },
    /// Ein neues Projekt anlegen: input/ mit dem Beispiel, templates/ und eine Anleitung.
    New {
        /// Der anzulegende Ordner; er muss leer sein oder fehlen (ohne Angabe: ratsvorlage-projekt).
        #[arg(value_name = "ORDNER", default_value = new::DEFAULT_FOLDER)]
        dir: PathBuf,
        /// Ein leeres Projekt mit kommentierter konzept.toml statt des Beispiels.
        #[arg(long = "leer")]
        empty: bool,
    },
    /// Tabellen der AGs (auch in zip-Archiven) prüfen und die guten ins Projekt kopieren.
    Import {
        /// Die zip-Archive (oder einzelne Tabellendateien).
        #[arg(required = true, value_name = "ARCHIV")]
        archive: Vec<PathBuf>,
        /// Der Projektordner (ohne Angabe: input).
        #[arg(long, value_name = "PROJEKT")]
        into: Option<PathBuf>,
        /// Eine andere Datei gleichen Namens ersetzen.
        #[arg(long)]
        force: bool,
        /// Ein JSON-Objekt statt Text ausgeben.
        #[arg(long)]
        json: bool,
    },
    /// Die Arbeitsmappe schreiben, die das Büro einer AG schickt: leer oder mit ihren Daten.
    ///
    /// Mit --mit-daten enthält sie die Ziele, Maßnahmen, Ausgangslage und Sitzungen der AG aus
    /// dem Projekt, Zeilen, die nicht übernommen wurden, und jede Meldung als markierte Zelle
    /// mit Notiz; ohne --ag eine Mappe je AG in den Ordner -o. Anwesenheitslisten stehen nie
    /// darin.
    #[command(name = "vorlage-ag")]
    BlankWorkbook {
        /// Mit --mit-daten: der Projektordner (ohne Angabe: input).
        #[arg(value_name = "PROJEKT")]
        project: Option<PathBuf>,
        /// Die AG: ihr Name (leer: im Blatt „AG“ eingetragen); mit --mit-daten Name, Kurzname
        /// oder Nummer.
        #[arg(long, value_name = "NAME")]
        ag: Option<String>,
        /// Die Daten der AG aus dem Projekt eintragen.
        #[arg(long = "mit-daten")]
        with_data: bool,
        /// Die zu schreibende xlsx-Datei; mit --mit-daten ohne --ag der Ordner für die Mappen.
        #[arg(short, long, value_name = "DATEI.xlsx|ORDNER")]
        output: PathBuf,
    },
    /// Vervollständigung der Befehle für eine Shell ausgeben.
    Completions {
        /// Die Shell: bash, elvish, fish, powershell oder zsh.
        #[arg(value_name = "SHELL")]
        shell: Shell,
    },
}

/// The layout of every help page, with German headings.
const HELP_TEMPLATE: &str = "{about-with-newline}\nAufruf: {usage}\n\n{all-args}{after-help}";

/// The command line as clap sees it, in German (used for parsing and for completions).
pub(super) fn command() -> clap::Command {
    germanise(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Die Version ausgeben")
            .help_heading("Optionen"),
    )
}

/// One command and its subcommands with German headings and help flag; default and possible
/// values are named in the help texts themselves (clap would add them in English).
fn germanise(command: clap::Command) -> clap::Command {
    command
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Befehle")
        .subcommand_value_name("BEFEHL")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                "Argumente"
            } else {
                "Optionen"
            };
            let arg = arg.help_heading(heading);
            if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        })
        .arg(
            Arg::new("hilfe")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Diese Hilfe ausgeben")
                .help_heading("Optionen"),
        )
        .mut_subcommands(germanise)
}

/// Parses the process's arguments. `--help` and `--version` are printed here (exit code 0),
/// as is the help for a bare `ratsvorlage` (2); a wrong command line is explained in German
/// on stderr (2).
pub(super) fn parse() -> Result<Cli, ExitCode> {
    let err = match command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => return Ok(cli),
        Err(err) => err,
    };
    let help = || format!("{}\n", germanise_text(err.render().to_string().trim_end()));
    // A closed pipe (`ratsvorlage --help | head -1`) is not an error.
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = std::io::stdout().write_all(help().as_bytes());
            Err(ExitCode::SUCCESS)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = std::io::stderr().write_all(help().as_bytes());
            Err(ExitCode::from(2))
        }
        _ => {
            let _ = std::io::stderr().write_all(error_text(&err).as_bytes());
            Err(ExitCode::from(2))
        }
    }
}

/// A command line clap accepts but that asks for what cannot be done, explained like the
/// errors clap finds: what is wrong, the usage of the subcommand, where to find help (exit 2).
pub(super) fn usage_error(subcommand: &str, what: &str) -> ExitCode {
    let mut command = command();
    command.build();
    let usage = command
        .find_subcommand_mut(subcommand)
        .map(|sub| sub.render_usage().to_string())
        .unwrap_or_default();
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    let _ = std::io::stderr().write_all(
        format!(
            "Fehler: {what}\n\nAufruf: {}\n\nMehr dazu: ratsvorlage {subcommand} --help\n",
            germanise_text(usage)
        )
        .as_bytes(),
    );
    ExitCode::from(2)
}

/// Help text with the one word clap writes in English whatever it is told.
fn germanise_text(text: &str) -> String {
    text.replace("[OPTIONS]", "[OPTIONEN]")
}

/// A wrong command line explained in German: what is wrong, the usage of the command, and
/// where to find help.
fn error_text(err: &clap::Error) -> String {
    let what = what_is_wrong(err);
    let usage = text(err, ContextKind::Usage).unwrap_or_else(usage_of_the_command_given);
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    format!(
        "Fehler: {what}\n\nAufruf: {}\n\nMehr dazu: ratsvorlage --help\n",
        germanise_text(usage)
    )
}

/// The usage of the command named on the command line (of `ratsvorlage` when none is), for
/// the errors clap gives without one.
fn usage_of_the_command_given() -> String {
    let mut command = command();
    command.build();
    let name = std::env::args()
        .skip(1)
        .find(|arg| command.find_subcommand(arg).is_some());
    match name.and_then(|name| command.find_subcommand_mut(name)) {
        Some(subcommand) => subcommand.render_usage(),
        None => command.render_usage(),
    }
    .to_string()
}

/// The sentence saying what is wrong, by kind of error; clap's own (English) text for kinds
/// this program cannot produce.
fn what_is_wrong(err: &clap::Error) -> String {
    let arg = || text(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = || text(err, ContextKind::InvalidValue).unwrap_or_default();
    match err.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "„{}“ ist kein Befehl von ratsvorlage.{}",
            text(err, ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggestion(err, ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "„{}“ ist hier keine Option und kein erwartetes Argument.{}",
            arg(),
            suggestion(err, ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidValue if value().is_empty() => {
            format!("Bei {} fehlt der Wert.", arg())
        }
        ErrorKind::InvalidValue => format!(
            "„{}“ ist kein gültiger Wert für {}. Möglich: {}.",
            value(),
            arg(),
            text(err, ContextKind::ValidValue).unwrap_or_default()
        ),
        ErrorKind::ValueValidation => {
            format!("„{}“ ist kein gültiger Wert für {}.", value(), arg())
        }
        ErrorKind::MissingRequiredArgument => format!("Es fehlt eine Angabe ({}).", arg()),
        ErrorKind::MissingSubcommand => "Es fehlt der Befehl.".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "{} und {} lassen sich nicht zusammen angeben.",
            arg(),
            text(err, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} hat die falsche Zahl von Werten.", arg())
        }
        ErrorKind::InvalidUtf8 => {
            "Ein Argument ist kein gültiger Text (UTF-8); prüfen Sie Datei- und Ordnernamen."
                .to_owned()
        }
        _ => err
            .kind()
            .as_str()
            .unwrap_or("ungültiger Aufruf")
            .to_owned(),
    }
}

/// „ Meinten Sie …?“ when clap has a suggestion.
fn suggestion(err: &clap::Error, kind: ContextKind) -> String {
    text(err, kind)
        .map(|s| format!(" Meinten Sie „{s}“?"))
        .unwrap_or_default()
}

/// One piece of an error's context as plain text (lists joined with commas).
fn text(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_german_command_line_passes_clap_s_own_checks() {
        command().debug_assert();
    }
}
