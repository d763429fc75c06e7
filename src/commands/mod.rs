//! The subcommands of `ratsvorlage`, one module each: typed options in, a typed outcome
//! out, and the German text or JSON the binary prints for it. Terminal, progress display
//! and Ctrl-C belong to the binary, which hands in callbacks.

pub mod blank_workbook;
pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod new;
pub mod rueckmeldung;
pub mod serve;
pub mod watch;
