//! The import report as text for the terminal: files and sheets, unused rows, unknown
//! columns, warnings, errors, and the figures line the caller hands in.

use std::fmt::Write;

use crate::report::{FileReport, FileStatus, IngestReport, SheetOutcome, SheetReport};

/// The whole report as lines of text.
pub(crate) fn render(report: &IngestReport, figures: Option<&str>) -> String {
    let mut out = String::new();
    for file in &report.files {
        render_file(&mut out, file);
    }
    section(&mut out, "Warnungen", &report.warnings);
    section(&mut out, "Fehler", &report.errors);
    if let Some(figures) = figures {
        let _ = writeln!(out, "\n{figures}");
    }
    let _ = writeln!(
        out,
        "\n{} Dateien, {} Fehler, {} Warnungen.",
        report.files.len(),
        report.errors.len(),
        report.warnings.len()
    );
    out
}

fn render_file(out: &mut String, file: &FileReport) {
    let status = match file.status {
        FileStatus::Read => String::new(),
        FileStatus::Ignored => format!(
            " — {}: {}",
            file.status.label(),
            file.reason.as_deref().unwrap_or("")
        ),
        FileStatus::Error => format!(
            " — {}: {}",
            file.status.label(),
            file.reason.as_deref().unwrap_or("siehe Fehler")
        ),
    };
    let _ = writeln!(out, "{}{status}", file.file);
    for sheet in &file.sheets {
        render_sheet(out, sheet);
    }
}

fn render_sheet(out: &mut String, sheet: &SheetReport) {
    let name = sheet.display_name();
    let hidden = if sheet.hidden { " [ausgeblendet]" } else { "" };
    let what = match &sheet.outcome {
        SheetOutcome::Table(kind) => format!(
            "{kind}, Kopfzeile {}: {} Zeilen gelesen, {} verwendet, {} nicht verwendet",
            sheet.header_row.unwrap_or(0),
            sheet.rows_read,
            sheet.rows_used,
            sheet.rows_unused.len()
        ),
        other => other.label().to_owned(),
    };
    let _ = writeln!(out, "  {name}{hidden}: {what}");
    for column in &sheet.unknown_columns {
        let _ = writeln!(
            out,
            "    Spalte {} „{}“: unbekannte Spalte, nicht verwendet",
            column.column, column.name
        );
    }
    for row in &sheet.rows_unused {
        let _ = writeln!(out, "    {}: nicht verwendet — {}", row.place, row.reason);
    }
}

fn section(out: &mut String, title: &str, messages: &[crate::report::Problem]) {
    if messages.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({}):", messages.len());
    for message in messages {
        let _ = writeln!(out, "  {message}");
    }
}
