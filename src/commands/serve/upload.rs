//! Receiving an upload: the files of a form are streamed into a hidden staging folder of
//! the project, one folder per file, each cut off one byte past what the intake reads (so
//! the intake refuses it with its own message). The project's inputs are not touched here:
//! the staged files then go through exactly the checks and placing of `import`
//! ([`crate::intake`]), and an interrupted upload leaves only the staging folder, which the
//! caller removes.

use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use axum::http::StatusCode;
use tokio::io::AsyncWriteExt;

use crate::limits::Limits;

/// Where uploads wait to be checked, relative to the project folder (hidden, so neither
/// reading nor watching the project sees them).
const STAGING: &str = ".ratsvorlage/eingang";

/// The most one upload may carry: what `import` reads of one archive, and a little for the
/// form around it.
pub(super) fn body_limit(limits: &Limits) -> usize {
    let largest = limits.file_bytes.max(limits.archive_bytes);
    usize::try_from(largest.saturating_add(1 << 20)).unwrap_or(usize::MAX)
}

/// Why an upload was not received; nothing was placed into the project.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The connection broke off (the browser was closed, the network went away).
    Interrupted,
    /// The body was larger than [`body_limit`].
    TooLarge,
    /// The staging folder could not be written.
    Disk,
}

impl Refusal {
    pub(super) fn status(&self) -> StatusCode {
        match self {
            Refusal::Interrupted => StatusCode::BAD_REQUEST,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::Disk => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person reads.
    pub(super) fn message(&self) -> &'static str {
        match self {
            Refusal::Interrupted => {
                "Das Hochladen wurde unterbrochen; nichts wurde übernommen. Versuchen Sie es \
                 noch einmal."
            }
            Refusal::TooLarge => {
                "Die Dateien sind zusammen zu groß für ein Hochladen; nichts wurde übernommen. \
                 Laden Sie sie einzeln hoch."
            }
            Refusal::Disk => {
                "Die Dateien ließen sich im Projektordner nicht zwischenspeichern (ist er \
                 schreibgeschützt oder der Datenträger voll?); nichts wurde übernommen."
            }
        }
    }
}

/// The staged files of one upload; remove the folder when done.
pub(super) struct Staged {
    pub(super) folder: PathBuf,
    pub(super) files: Vec<PathBuf>,
}

/// Streams every file of the form into a new staging folder `name` of the project at `root`.
/// On a refusal the staging folder is already removed.
pub(super) async fn receive(
    multipart: Multipart,
    root: &Path,
    name: &str,
    limits: &Limits,
) -> Result<Staged, Refusal> {
    let folder = root.join(STAGING).join(name);
    let received = async {
        tokio::fs::create_dir_all(&folder)
            .await
            .map_err(|_| Refusal::Disk)?;
        stream_files(multipart, &folder, limits).await
    }
    .await;
    match received {
        Ok(files) => Ok(Staged { folder, files }),
        Err(refusal) => {
            clear(&folder, root).await;
            Err(refusal)
        }
    }
}

/// Removes a staging folder, and the folders above it up to the project folder as far as
/// they are empty, so that an upload leaves no trace but its placed files and history.
pub(super) async fn clear(folder: &Path, root: &Path) {
    let _ = tokio::fs::remove_dir_all(folder).await;
    let mut above = folder.parent();
    while let Some(dir) = above.filter(|dir| *dir != root && dir.starts_with(root)) {
        // Fails, and so stops, at the first folder that still holds something.
        if tokio::fs::remove_dir(dir).await.is_err() {
            break;
        }
        above = dir.parent();
    }
}

async fn stream_files(
    mut multipart: Multipart,
    staging: &Path,
    limits: &Limits,
) -> Result<Vec<PathBuf>, Refusal> {
    let cut_off = limits
        .file_bytes
        .max(limits.archive_bytes)
        .saturating_add(1);
    let refusal = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::TooLarge
        } else {
            Refusal::Interrupted
        }
    };
    let mut files = Vec::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(files),
            Err(err) => return Err(refusal(err.status())),
        };
        // An empty file chooser sends one part without a file name.
        let Some(name) = field.file_name().and_then(safe_file_name) else {
            continue;
        };
        let folder = staging.join(files.len().to_string());
        let path = folder.join(&name);
        tokio::fs::create_dir_all(&folder)
            .await
            .map_err(|_| Refusal::Disk)?;
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|_| Refusal::Disk)?;
        let mut bytes = 0u64;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    let room = usize::try_from(cut_off.saturating_sub(bytes)).unwrap_or(usize::MAX);
                    let take = chunk.len().min(room);
                    file.write_all(&chunk[..take])
                        .await
                        .map_err(|_| Refusal::Disk)?;
                    bytes += take as u64;
                }
                Ok(None) => break,
                Err(err) => return Err(refusal(err.status())),
            }
        }
        file.flush().await.map_err(|_| Refusal::Disk)?;
        files.push(path);
    }
}

/// The last component of a file name a browser sent, if it is a plain name: no folders,
/// no `..`, nothing hidden.
fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next()?.trim();
    let plain = !last.is_empty()
        && last != "."
        && last != ".."
        && !last.starts_with('.')
        && !last.chars().any(|c| c.is_control() || c == ':');
    plain.then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_taken() {
        assert_eq!(safe_file_name("AG 1.xlsx").as_deref(), Some("AG 1.xlsx"));
        assert_eq!(
            safe_file_name("C:\\Users\\büro\\AG 1.xlsx").as_deref(),
            Some("AG 1.xlsx")
        );
        assert_eq!(
            safe_file_name("../../konzept.toml").as_deref(),
            Some("konzept.toml")
        );
        for bad in [
            "",
            "..",
            ".",
            ".versteckt.csv",
            "a/..",
            "x\u{0}.csv",
            "a:b.csv",
        ] {
            assert_eq!(safe_file_name(bad), None, "{bad:?}");
        }
    }
}
