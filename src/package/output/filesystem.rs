//! The file system calls the atomic output needs beyond `std::fs`: the directory exchange
//! (`renameat2(RENAME_EXCHANGE)`), the write-permission test, device comparison, directory
//! fsync and forgiving removal.

use std::fs;
use std::io;
use std::path::Path;

/// Swaps the two directory entries `a` and `b` in one atomic step (Linux ≥ 3.15, on file
/// systems that support it). Elsewhere, and where the kernel or file system refuses, the
/// error has kind `Unsupported`, `InvalidInput` or `CrossesDevices` (see [`is_unsupported`]).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let a = c_path(a)?;
    let b = c_path(b)?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call; AT_FDCWD
    // makes relative paths relative to the working directory, as std does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Without Linux's `renameat2` there is no atomic exchange.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether an [`exchange`] failed because this system cannot do it here (no syscall:
/// `ENOSYS`; file system without support: `EINVAL`/`EOPNOTSUPP`; two mounts: `EXDEV`), so
/// that another way must be taken.
pub(super) fn is_unsupported(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::InvalidInput | io::ErrorKind::CrossesDevices
    )
}

/// Whether this process may create and delete entries in the folder. A folder without any
/// write bit counts as write-protected even for root, who could otherwise write anyway.
pub(super) fn is_writable(dir: &Path, meta: &fs::Metadata) -> bool {
    !meta.permissions().readonly() && may_write(dir)
}

#[cfg(unix)]
fn may_write(dir: &Path) -> bool {
    let Ok(path) = c_path(dir) else { return false };
    // SAFETY: `path` is a valid NUL-terminated string for the duration of the call.
    unsafe { libc::access(path.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(_dir: &Path) -> bool {
    true
}

/// Whether `a` and `b` lie on the same file system (device); where that cannot be told, yes
/// (an [`exchange`] across devices then fails with `CrossesDevices` and is handled).
#[cfg(unix)]
pub(super) fn same_device(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev()
}

/// Whether `a` and `b` lie on the same file system; unknown here, so yes.
#[cfg(not(unix))]
pub fn same_device(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    true
}

/// Makes the entries of a directory (creations, renames) durable. File systems that cannot
/// sync a directory (`EINVAL`) are taken as having nothing to sync.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    match fs::File::open(dir)?.sync_all() {
        Err(err) if err.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

/// Removes a file or a whole directory tree; a path that is already gone is fine.
pub(super) fn remove_any(path: &Path) -> io::Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(err) => Err(err),
    };
    match result {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn c_path(path: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    Ok(std::ffi::CString::new(path.as_os_str().as_bytes())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TestDir;

    #[test]
    fn exchange_swaps_two_directories() {
        let dir = TestDir::new();
        fs::create_dir(dir.join("a")).unwrap();
        fs::create_dir(dir.join("b")).unwrap();
        fs::write(dir.join("a/alt"), "alt").unwrap();
        fs::write(dir.join("b/neu"), "neu").unwrap();
        match exchange(&dir.join("a"), &dir.join("b")) {
            Ok(()) => {
                assert_eq!(fs::read_to_string(dir.join("a/neu")).unwrap(), "neu");
                assert_eq!(fs::read_to_string(dir.join("b/alt")).unwrap(), "alt");
            }
            // A kernel or file system without support must say so in a way the caller handles.
            Err(err) => assert!(is_unsupported(&err), "{err}"),
        }
    }

    #[test]
    fn a_folder_without_write_bits_is_write_protected_even_for_root() {
        use std::os::unix::fs::PermissionsExt;
        let dir = TestDir::new();
        assert!(is_writable(&dir, &fs::metadata(&dir).unwrap()));
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
        assert!(!is_writable(&dir, &fs::metadata(&dir).unwrap()));
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn remove_any_takes_files_trees_and_nothing() {
        let dir = TestDir::new();
        fs::create_dir_all(dir.join("t/u")).unwrap();
        fs::write(dir.join("t/u/f"), "x").unwrap();
        fs::write(dir.join("f"), "x").unwrap();
        remove_any(&dir.join("t")).unwrap();
        remove_any(&dir.join("f")).unwrap();
        remove_any(&dir.join("gibt-es-nicht")).unwrap();
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        // The folder itself, now empty.
        remove_any(&dir).unwrap();
        assert!(!dir.exists());
    }
}
