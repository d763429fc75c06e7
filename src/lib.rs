//! ratsvorlage turns the spreadsheets of a municipal participatory process into a council
//! submission. The pipeline has one stage per folder, with a typed value between them:
//!
//! [`sources`] (files → [`sources::Sources`]) → [`tables`] (sheets → [`tables::Tables`]) →
//! [`model`] (→ [`model::Konzept`]) → [`documents`] (→ PDFs) → [`package`] (→ `output/`).
//! Every stage reports into one [`report::ImportReport`].

#![warn(missing_docs)]

pub mod ag_workbook;
pub mod changes;
pub mod cli;
pub mod console;
pub mod date;
pub mod diff;
pub mod documents;
pub mod guard;
pub mod intake;
pub mod limits;
pub mod model;
pub mod package;
pub mod pipeline;
pub mod project;
pub mod report;
pub mod scaffold;
pub mod sources;
pub mod summary;
pub mod tables;
#[cfg(test)]
mod test_support;
pub mod watch;
