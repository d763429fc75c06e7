//! The concept changes as German text for the terminal: a summary line, then per AG one line
//! per goal or measure, with the old and new value of everything that changed.

use std::fmt::Write;

use super::{Aenderung, Aenderungen, AgAenderungen, Art, Feld, Feldaenderung};

/// The whole change list: the summary line and every AG with its changes.
pub fn render(aenderungen: &Aenderungen) -> String {
    let mut out = format!("{}\n", summary(aenderungen));
    for ag in &aenderungen.arbeitsgruppen {
        render_ag(&mut out, ag);
    }
    out
}

/// One line: how many goals and measures changed in how many AGs, or that nothing did.
pub fn summary(aenderungen: &Aenderungen) -> String {
    if aenderungen.is_empty() {
        return "Keine Änderungen an Zielen und Maßnahmen.".to_owned();
    }
    let mut teile = Vec::new();
    for (liste, einzahl, mehrzahl) in [
        (
            aenderungen
                .arbeitsgruppen
                .iter()
                .flat_map(|ag| &ag.ziele)
                .collect::<Vec<_>>(),
            "Ziel",
            "Ziele",
        ),
        (
            aenderungen
                .arbeitsgruppen
                .iter()
                .flat_map(|ag| &ag.massnahmen)
                .collect(),
            "Maßnahme",
            "Maßnahmen",
        ),
    ] {
        for (was, anzahl) in counts(&liste) {
            let wort = if anzahl == 1 { einzahl } else { mehrzahl };
            teile.push(format!("{anzahl} {wort} {was}"));
        }
    }
    let ags = aenderungen.arbeitsgruppen.len();
    format!(
        "Änderungen in {ags} {}: {}.",
        if ags == 1 { "AG" } else { "AGs" },
        teile.join(", ")
    )
}

/// How many items were added, removed, changed, reprioritised (in that order; zeros left out).
fn counts(liste: &[&Aenderung]) -> Vec<(&'static str, usize)> {
    ["neu", "entfallen", "geändert", "umpriorisiert"]
        .into_iter()
        .map(|was| (was, liste.iter().filter(|a| verb(a) == was).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// What happened, as the word the list uses.
fn verb(aenderung: &Aenderung) -> &'static str {
    match aenderung.art {
        Art::Hinzugefuegt => "neu",
        Art::Entfallen => "entfallen",
        Art::Geaendert if only_priority(aenderung) => "umpriorisiert",
        Art::Geaendert => "geändert",
    }
}

fn only_priority(aenderung: &Aenderung) -> bool {
    aenderung.felder.iter().all(|f| f.feld == Feld::Prioritaet)
}

fn render_ag(out: &mut String, ag: &AgAenderungen) {
    let _ = writeln!(out, "AG {} ({})", ag.name, ag.kurz);
    for aenderung in &ag.ziele {
        render_item(out, "Ziel", aenderung);
    }
    for aenderung in &ag.massnahmen {
        render_item(out, "Maßnahme", aenderung);
    }
}

fn render_item(out: &mut String, was: &str, aenderung: &Aenderung) {
    let nr = &aenderung.nr;
    let verb = verb(aenderung);
    match aenderung.art {
        Art::Hinzugefuegt | Art::Entfallen => {
            let prioritaet = aenderung
                .prioritaet
                .map_or(String::new(), |p| format!(" (Priorität {p})"));
            let _ = writeln!(
                out,
                "  {was} {nr} {verb}{prioritaet}: {}",
                quoted(&aenderung.text)
            );
        }
        Art::Geaendert => {
            let _ = writeln!(out, "  {was} {nr} {verb}: {}", quoted(&aenderung.text));
            for feld in &aenderung.felder {
                let _ = writeln!(out, "    {}", field(feld));
            }
        }
    }
}

/// One changed value: `Text: „alt“ → „neu“`.
pub fn field(feld: &Feldaenderung) -> String {
    let (name, zitiert) = match feld.feld {
        Feld::Nummer => ("Nummer", false),
        Feld::Text => ("Text", true),
        Feld::Prioritaet => ("Priorität", false),
        Feld::Ziel => ("Ziel", false),
        Feld::Umsetzung => ("Umsetzung", true),
        Feld::Ansprechpartner => ("Ansprechpartner", true),
        Feld::Zeitrahmen => ("Zeitrahmen", true),
        Feld::Finanzierung => ("Finanzierung", true),
    };
    let wert = |text: &str| {
        if text.is_empty() {
            "(leer)".to_owned()
        } else if zitiert {
            quoted(text)
        } else {
            text.to_owned()
        }
    };
    format!("{name}: {} → {}", wert(&feld.alt), wert(&feld.neu))
}

/// A text in German quotation marks, line breaks as spaces.
fn quoted(text: &str) -> String {
    format!(
        "„{}“",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}
