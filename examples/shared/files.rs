//! Writing a generated file into a project folder, and the generators' exit code; shared by
//! the example generators.

use std::path::Path;

/// Writes `bytes` to `path`, creating its folders.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(path, bytes)
}

/// The exit code of a generator: success, or the error printed in German.
pub(crate) fn exit_code(result: Result<(), Box<dyn std::error::Error>>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Fehler: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
