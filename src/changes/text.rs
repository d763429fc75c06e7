//! The concept changes as German text for the terminal: a summary line, then per AG one line
//! per goal or measure, with the old and new value of everything that changed.

use std::fmt::Write;

use crate::changes::list::{AgChanges, Change, ChangeKind, Changes, Field, FieldChange};

/// The whole change list: the summary line and every AG with its changes.
pub(crate) fn render(changes: &Changes) -> String {
    let mut out = format!("{}\n", summary(changes));
    for ag in &changes.arbeitsgruppen {
        render_ag(&mut out, ag);
    }
    out
}

/// One line: how many goals and measures changed in how many AGs, or that nothing did.
pub(crate) fn summary(changes: &Changes) -> String {
    if changes.is_empty() {
        return "Keine Änderungen an Zielen und Maßnahmen.".to_owned();
    }
    let mut parts = Vec::new();
    for (list, singular, plural) in [
        (
            changes
                .arbeitsgruppen
                .iter()
                .flat_map(|ag| &ag.ziele)
                .collect::<Vec<_>>(),
            "Ziel",
            "Ziele",
        ),
        (
            changes
                .arbeitsgruppen
                .iter()
                .flat_map(|ag| &ag.massnahmen)
                .collect(),
            "Maßnahme",
            "Maßnahmen",
        ),
    ] {
        for (what, count) in counts(&list) {
            let word = if count == 1 { singular } else { plural };
            parts.push(format!("{count} {word} {what}"));
        }
    }
    let ags = changes.arbeitsgruppen.len();
    format!(
        "Änderungen in {ags} {}: {}.",
        if ags == 1 { "AG" } else { "AGs" },
        parts.join(", ")
    )
}

/// How many items were added, removed, changed, reprioritised (in that order; zeros left out).
fn counts(list: &[&Change]) -> Vec<(&'static str, usize)> {
    ["neu", "entfallen", "geändert", "umpriorisiert"]
        .into_iter()
        .map(|what| (what, list.iter().filter(|a| a.verb() == what).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn render_ag(out: &mut String, ag: &AgChanges) {
    let _ = writeln!(out, "AG {} ({})", ag.name, ag.short);
    for change in &ag.ziele {
        render_item(out, "Ziel", change);
    }
    for change in &ag.massnahmen {
        render_item(out, "Maßnahme", change);
    }
}

fn render_item(out: &mut String, what: &str, change: &Change) {
    let _ = writeln!(out, "  {}", headline(what, change));
    if change.kind == ChangeKind::Changed {
        for field in &change.field_changes {
            let _ = writeln!(out, "    {}", field_line(field));
        }
    }
}

/// The line that names a changed item: `Maßnahme 1.2 geändert: „…“`, `Ziel 3 neu
/// (Priorität 1): „…“`; `what` is `Ziel` or `Maßnahme`.
pub(crate) fn headline(what: &str, change: &Change) -> String {
    let number = &change.number;
    let verb = change.verb();
    let prioritaet = match change.kind {
        ChangeKind::Added | ChangeKind::Removed => change
            .prioritaet
            .map_or(String::new(), |p| format!(" (Priorität {p})")),
        ChangeKind::Changed => String::new(),
    };
    format!(
        "{what} {number} {verb}{prioritaet}: {}",
        quoted(&change.text)
    )
}

/// One changed value: `Text: „alt“ → „neu“`.
pub(crate) fn field_line(field: &FieldChange) -> String {
    let name = field.field.label();
    let is_quoted = !matches!(field.field, Field::Number | Field::Prioritaet | Field::Ziel);
    let value = |text: &str| {
        if text.is_empty() {
            "(leer)".to_owned()
        } else if is_quoted {
            quoted(text)
        } else {
            text.to_owned()
        }
    };
    format!("{name}: {} → {}", value(&field.old), value(&field.new))
}

/// A text in German quotation marks, line breaks as spaces.
fn quoted(text: &str) -> String {
    format!(
        "„{}“",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}
