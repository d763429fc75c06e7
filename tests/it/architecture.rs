//! The layout rules of the source tree, checked on every test run so that they stay true:
//! no module cycles, process policy only in the binary, every libc call behind a `cfg`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ readable")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source readable");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &mut out);
    out
}

#[test]
fn the_module_graph_has_no_cycle() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/module-cycles.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(src())
        .output()
        .expect("python3 runs scripts/module-cycles.py");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "module cycles in src/:\n{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(" 0 cycles") && report.contains("top level: 0 cycles"),
        "{report}"
    );
}

#[test]
fn only_the_binary_declares_the_global_allocator() {
    let declaring: Vec<_> = sources()
        .into_iter()
        .filter(|(_, text)| text.contains("#[global_allocator]"))
        .map(|(path, _)| path.strip_prefix(src()).unwrap().display().to_string())
        .collect();
    assert_eq!(declaring, ["main.rs"]);
}

#[test]
fn every_libc_call_is_behind_a_cfg_for_the_systems_that_have_it() {
    let mut unguarded = Vec::new();
    let mut calls = 0;
    for (path, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("libc::") || line.trim_start().starts_with("//") {
                continue;
            }
            calls += 1;
            // The function the call stands in, and the attributes right above it.
            let start = (0..=i)
                .rev()
                .find(|&j| lines[j].contains("fn ") && !lines[j].trim_start().starts_with("//"))
                .unwrap_or(0);
            let guarded = (0..start).rev().take_while(|&j| {
                let l = lines[j].trim_start();
                l.starts_with("#[") || l.starts_with("///") || l.starts_with("//")
            });
            let guarded = guarded.into_iter().any(|j| {
                let l = lines[j].trim_start();
                l.starts_with("#[cfg(unix)]")
                    || l.starts_with("#[cfg(target_os = \"linux\")]")
                    || l.starts_with("#[cfg(all(unix")
            });
            if !guarded {
                unguarded.push(format!("{}:{}", path.display(), i + 1));
            }
        }
    }
    assert!(
        calls > 0,
        "the check found no libc call at all: it reads the wrong files"
    );
    assert!(
        unguarded.is_empty(),
        "libc calls outside a cfg(unix)/cfg(target_os = \"linux\") function: {unguarded:?}"
    );
}
