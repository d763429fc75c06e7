//! Tests of the sources stage as a whole, through [`super::collect`]: kept apart from the
//! modules they test, so those never depend on the stage module that calls them.

mod archive;
mod folder;
