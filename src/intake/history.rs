//! The project's history of input files: before an import or the workplace replaces a file
//! in `ag/` or `teilnehmende/` (or puts an older version back), the file as it was is kept
//! in `.ratsvorlage/verlauf/<Zeitpunkt>/<Pfad>`. Nothing in it is ever overwritten or
//! deleted by ratsvorlage, so no version an AG sent is lost. The folder is hidden, so reading
//! and watching the project pass it by.

use std::io;
use std::path::{Component, Path};

use crate::clock::LocalTime;

use super::atomic::write_file;

/// The history folder, relative to the project folder.
pub(crate) const FOLDER: &str = ".ratsvorlage/verlauf";

/// The folders a kept file may come from: only inputs are replaced.
const INPUT_FOLDERS: [&str; 2] = ["ag", "teilnehmende"];

/// One kept version of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Kept {
    /// `<Zeitpunkt>/<Pfad>`: names the version, unique in the project.
    pub(crate) id: String,
    /// Where the file was in the project: `ag/AG 1.xlsx`.
    pub(crate) target: String,
    /// When it was replaced.
    pub(crate) kept_at: LocalTime,
    /// Its size.
    pub(crate) bytes: u64,
}

/// Keeps the file at `target` (relative to `root`) as it is now, if there is one. Returns
/// the kept version; an error means nothing may replace the file.
pub(crate) fn keep(root: &Path, target: &str) -> io::Result<Option<Kept>> {
    let current = root.join(target);
    let bytes = match std::fs::read(&current) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let mut kept_at = LocalTime::now();
    // Two replacements within one millisecond: the later one waits its turn on the clock.
    while root
        .join(FOLDER)
        .join(kept_at.stamp())
        .join(target)
        .exists()
    {
        std::thread::sleep(std::time::Duration::from_millis(1));
        kept_at = LocalTime::now();
    }
    let id = format!("{}/{target}", kept_at.stamp());
    write_file(&root.join(FOLDER).join(&id), &bytes)?;
    Ok(Some(Kept {
        id,
        target: target.to_owned(),
        kept_at,
        bytes: bytes.len() as u64,
    }))
}

/// Every kept version, newest first.
pub(crate) fn list(root: &Path) -> Vec<Kept> {
    let folder = root.join(FOLDER);
    let Ok(stamps) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut kept = Vec::new();
    for stamp in stamps.filter_map(Result::ok) {
        let name = stamp.file_name().to_string_lossy().into_owned();
        let Some(kept_at) = LocalTime::from_stamp(&name) else {
            continue;
        };
        for input in INPUT_FOLDERS {
            let Ok(files) = std::fs::read_dir(stamp.path().join(input)) else {
                continue;
            };
            for file in files.filter_map(Result::ok) {
                let Ok(meta) = file.metadata() else { continue };
                let file_name = file.file_name().to_string_lossy().into_owned();
                if !meta.is_file() || crate::sources::is_junk(&file_name) {
                    continue;
                }
                let target = format!("{input}/{file_name}");
                kept.push(Kept {
                    id: format!("{name}/{target}"),
                    target,
                    kept_at,
                    bytes: meta.len(),
                });
            }
        }
    }
    kept.sort_by(|a, b| b.kept_at.cmp(&a.kept_at).then(a.target.cmp(&b.target)));
    kept
}

/// Puts the version `id` back in its place; the file there now is kept first. `id` must be
/// one that [`list`] names: anything else (a path of its own, `..`) is not found.
pub(crate) fn restore(root: &Path, id: &str) -> io::Result<Kept> {
    let Some(version) = list(root).into_iter().find(|k| k.id == id) else {
        return Err(io::Error::new(io::ErrorKind::NotFound, "no such version"));
    };
    debug_assert!(relative_inside(&version.id));
    let bytes = std::fs::read(root.join(FOLDER).join(&version.id))?;
    keep(root, &version.target)?;
    write_file(&root.join(&version.target), &bytes)?;
    Ok(version)
}

/// Whether a relative path stays inside the folder it is joined to.
fn relative_inside(path: &str) -> bool {
    Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// Where a kept version lies on disk.
#[cfg(test)]
fn path_of(root: &Path, version: &Kept) -> std::path::PathBuf {
    root.join(FOLDER).join(&version.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TestDir;

    #[test]
    fn a_replaced_file_is_kept_and_restored_and_nothing_is_lost() {
        let dir = TestDir::new();
        let root = dir.join("input");
        dir.write("input/ag/AG 1.csv", b"erste Fassung");
        assert_eq!(keep(&root, "ag/fehlt.csv").unwrap(), None);
        let first = keep(&root, "ag/AG 1.csv").unwrap().unwrap();
        write_file(&root.join("ag/AG 1.csv"), b"zweite Fassung").unwrap();
        assert_eq!(list(&root), vec![first.clone()]);
        assert_eq!(first.target, "ag/AG 1.csv");
        assert_eq!(first.bytes, 13);

        let restored = restore(&root, &first.id).unwrap();
        assert_eq!(restored, first);
        assert_eq!(
            std::fs::read(root.join("ag/AG 1.csv")).unwrap(),
            b"erste Fassung"
        );
        // The second version was kept before the first came back; the first is still there.
        let all = list(&root);
        assert_eq!(all.len(), 2);
        assert_eq!(
            std::fs::read(path_of(&root, &all[0])).unwrap(),
            b"zweite Fassung"
        );
        assert_eq!(
            std::fs::read(path_of(&root, &all[1])).unwrap(),
            b"erste Fassung"
        );
    }

    #[test]
    fn only_listed_versions_can_be_restored() {
        let dir = TestDir::new();
        let root = dir.join("input");
        dir.write("input/konzept.toml", b"geheim");
        dir.write("input/ag/AG 1.csv", b"a");
        keep(&root, "ag/AG 1.csv").unwrap();
        for id in [
            "../konzept.toml",
            "/etc/passwd",
            "2008-10-06_12-34-56-000/../../konzept.toml",
            "",
        ] {
            assert!(restore(&root, id).is_err(), "{id}");
        }
        assert!(!relative_inside("a/../b"));
        assert!(relative_inside("2008-10-06_12-34-56-000/ag/x.csv"));
    }
}
