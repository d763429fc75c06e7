//! Writing a file whole or not at all: what the intake and the history put into the
//! project, and the workbooks `vorlage-ag` writes, never lie there half-written, whatever
//! happens during the write.

use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a
/// failed write never leaves half a workbook in the project. The temporary file is hidden,
/// so that reading and watching the project pass it by.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = parent.join(format!(".{name}.ratsvorlage-import"));
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}
