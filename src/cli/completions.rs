//! `ratsvorlage completions`: shell completions generated from the German command line, so
//! they live where clap does, in the binary.

use std::process::ExitCode;

use clap_complete::Shell;

use super::args;

/// Writes the completion script for `shell` to stdout.
pub(super) fn run(shell: Shell) -> ExitCode {
    let mut command = args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "ratsvorlage", &mut script);
    // Written here, not by clap_complete, which panics on a closed pipe.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
    ExitCode::SUCCESS
}
