//! Replays every input the fuzz targets (`fuzz/`) ever crashed on, kept in
//! `tests/fuzz_regressions/<target>/`, through the same code the target runs: each must give
//! a result or a clean error, with every row read used or reported.

// The fuzz crate's library, whose `pub` items are its API for the fuzz targets.
#[allow(unreachable_pub)]
#[path = "../../fuzz/src/lib.rs"]
mod fuzz;

use std::path::Path;

#[test]
fn every_crasher_gives_a_result_or_a_clean_error() {
    // As under the fuzzer: panics the readers catch are reported, not fatal. The panic hook
    // belongs to the whole test binary, so the one it replaces is put back after the replay.
    let hook = std::panic::take_hook();
    fuzz::init();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for target in fuzz::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read crasher");
            println!("{target}: {}", path.display());
            assert!(fuzz::run(target, &bytes));
            replayed += 1;
        }
    }
    std::panic::set_hook(hook);
    println!("{replayed} crashers replayed");
    let named: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/fuzz_regressions")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".md"))
        .collect();
    for name in &named {
        assert!(
            fuzz::TARGETS.contains(&name.as_str()),
            "tests/fuzz_regressions/{name} is not a fuzz target"
        );
    }
}
