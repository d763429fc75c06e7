//! The integration tests, one binary with a module per feature (like ripgrep's `tests/` and
//! mdBook's `tests/testsuite`): linking Typst once instead of once per file. Run one feature
//! with `cargo test --test it properties::`. Helpers are in [`support`]; snapshots of whole
//! messages and reports in `snapshots/` (insta: `cargo insta review`, or `INSTA_UPDATE=always`
//! and a look at the diff).

mod support;

mod architecture;
mod browser;
mod build;
mod commands;
mod corpus;
mod diff;
mod documents;
mod example;
mod faults;
mod fuzz_regressions;
mod ingest;
mod package;
mod prefill;
mod properties;
mod rueckmeldung;
mod scale;
mod serve;
mod watch;
