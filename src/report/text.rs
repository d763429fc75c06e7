//! The import report as text for the terminal: files and sheets, unused rows, unknown
//! columns, warnings, errors, figures.

use std::fmt::Write;

use crate::model::Kennzahlen;
use crate::report::{BlattBericht, DateiBericht, DateiStatus, Ergebnis, ImportBericht};

/// The whole report as lines of text.
pub fn render(bericht: &ImportBericht, kennzahlen: Option<&Kennzahlen>) -> String {
    let mut out = String::new();
    for datei in &bericht.dateien {
        file(&mut out, datei);
    }
    section(&mut out, "Warnungen", &bericht.warnungen);
    section(&mut out, "Fehler", &bericht.fehler);
    if let Some(k) = kennzahlen {
        let _ = writeln!(out, "\n{}", figures(k));
    }
    let _ = writeln!(
        out,
        "\n{} Dateien, {} Fehler, {} Warnungen.",
        bericht.dateien.len(),
        bericht.fehler.len(),
        bericht.warnungen.len()
    );
    out
}

fn file(out: &mut String, datei: &DateiBericht) {
    let status = match datei.status {
        DateiStatus::Gelesen => String::new(),
        DateiStatus::Ignoriert => format!(" — ignoriert: {}", datei.grund.as_deref().unwrap_or("")),
        DateiStatus::Fehler => format!(
            " — nicht lesbar: {}",
            datei.grund.as_deref().unwrap_or("siehe Fehler")
        ),
    };
    let _ = writeln!(out, "{}{status}", datei.datei);
    for blatt in &datei.blaetter {
        sheet(out, blatt);
    }
}

fn sheet(out: &mut String, blatt: &BlattBericht) {
    let name = blatt.blatt.as_deref().unwrap_or("(CSV)");
    let hidden = if blatt.versteckt {
        " [ausgeblendet]"
    } else {
        ""
    };
    let what = match &blatt.ergebnis {
        Ergebnis::Tabelle(art) => format!(
            "{art}, Kopfzeile {}: {} Zeilen gelesen, {} verwendet, {} nicht verwendet",
            blatt.kopfzeile.unwrap_or(0),
            blatt.zeilen_gelesen,
            blatt.zeilen_verwendet,
            blatt.zeilen_nicht_verwendet.len()
        ),
        Ergebnis::KeineTabelle => "keine Tabelle (keine erkannte Kopfzeile)".to_owned(),
        Ergebnis::AgAngaben => "Angabe der AG".to_owned(),
        Ergebnis::Fehler => "nicht lesbar (siehe Fehler)".to_owned(),
    };
    let _ = writeln!(out, "  {name}{hidden}: {what}");
    for spalte in &blatt.unbekannte_spalten {
        let _ = writeln!(
            out,
            "    Spalte {} „{}“: unbekannte Spalte, nicht verwendet",
            spalte.spalte, spalte.name
        );
    }
    for zeile in &blatt.zeilen_nicht_verwendet {
        let _ = writeln!(out, "    {}: nicht verwendet — {}", zeile.ort, zeile.grund);
    }
}

fn section(out: &mut String, title: &str, meldungen: &[crate::report::Meldung]) {
    if meldungen.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({}):", meldungen.len());
    for meldung in meldungen {
        let _ = writeln!(out, "  {meldung}");
    }
}

/// One line of figures, e.g. for the end of `check` and `build`.
pub fn figures(k: &Kennzahlen) -> String {
    let je_ag: Vec<String> = k.sitzungen_je_ag.iter().map(u32::to_string).collect();
    let zeitraum = k.zeitraum.map_or(String::new(), |z| {
        format!(", {} bis {}", z.von.deutsch(), z.bis.deutsch())
    });
    format!(
        "Kennzahlen: {} AGs, {} Sitzungen ({}), {} Konferenzen, {} Ziele, {} Maßnahmen, {} Personen, \
         {} Anwesenheiten, durchschnittlich {} je Sitzung (gerundet {}){zeitraum}",
        k.arbeitsgruppen,
        k.sitzungen,
        je_ag.join("/"),
        k.konferenzen,
        k.ziele,
        k.massnahmen,
        k.teilnehmende_personen,
        k.anwesenheiten,
        format!("{:.1}", k.durchschnitt_je_sitzung).replace('.', ","),
        k.durchschnitt_gerundet
    )
}
