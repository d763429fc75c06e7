//! ratsvorlage turns the spreadsheets of a municipal participatory process into a council
//! submission. The pipeline has one stage per folder, with a typed value between them:
//!
//! [`sources`] (files → [`sources::Sources`]) → [`tables`] (sheets → [`tables::Tables`]) →
//! [`model`] (→ [`model::Konzept`]) → [`documents`] (→ PDFs) → [`package`] (→ `output/`).
//! Every stage reports into one [`report::IngestReport`]; [`rueckmeldung`] turns it into a
//! letter to each AG about its files. The subcommands of the
//! `ratsvorlage` binary are in [`commands`]; the binary itself owns the process (allocator,
//! panic hook, Ctrl-C, terminal), so that other programs can embed this library.

pub(crate) mod changes;
pub(crate) mod clock;
pub mod commands;
pub(crate) mod comparison;
pub mod date;
pub mod documents;
pub mod german;
pub mod guard;
pub(crate) mod intake;
pub mod limits;
pub mod model;
pub mod package;
pub mod pipeline;
pub mod project;
pub(crate) mod rebuild;
pub mod report;
pub mod rueckmeldung;
pub mod sources;
pub(crate) mod states;
pub mod tables;
#[cfg(test)]
mod test_support;
