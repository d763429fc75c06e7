//! Writing a generated file into a project folder, shared by the example generators.

use std::path::Path;

/// Writes `bytes` to `pfad`, creating its folders.
pub fn schreiben(pfad: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(ordner) = pfad.parent() {
        std::fs::create_dir_all(ordner)?;
    }
    std::fs::write(pfad, bytes)
}
