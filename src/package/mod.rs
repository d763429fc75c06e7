//! Stage 5, package: konzept.json, the PDFs and the OParl submission package, written
//! atomically into the output folder.
