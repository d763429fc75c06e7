//! The pages of the workplace, rendered on the server from the project as it is on disk
//! and the state of the rebuild loop: German, plain, usable without script (the script only
//! adds drag and drop and live updates), every piece of data escaped by [`Html`]. Names of
//! participants never appear: the pages show counts only.

use std::collections::BTreeSet;

use crate::changes::{self, Changes};
use crate::comparison::Comparison;
use crate::german;
use crate::intake::{EntryOutcome, ImportRun, history::Kept};
use crate::model::Arbeitsgruppe;
use crate::project::Ingested;
use crate::report::Problem;
use crate::states::KeptState;

use super::html::Html;
use super::live::{Document, State};

/// The pages the navigation links to, with their addresses.
const NAVIGATION: [(&str, &str); 5] = [
    ("/", "Übersicht"),
    ("/einlesebericht", "Einlesebericht"),
    ("/konzept", "Konzept"),
    ("/dokumente", "Dokumente"),
    ("/aenderungen", "Änderungen"),
];

/// What a page is drawn from.
pub(crate) struct View<'a> {
    /// The project as it is on disk now.
    pub(crate) ingested: &'a Ingested,
    /// The rebuild loop's state.
    pub(crate) state: &'a State,
    /// The files in the output folder with their sizes, as the last build's marker names them.
    pub(crate) written: &'a [(String, u64)],
    /// The kept versions of replaced input files, newest first.
    pub(crate) history: &'a [Kept],
    /// The page sizes of the previews of each document (none without a good build).
    pub(crate) previews: &'a [(Document, Vec<(u32, u32)>)],
    /// The kept states of the concept, newest first.
    pub(crate) states: &'a [KeptState],
    /// The kept state the Änderungen page compares with, when one was chosen.
    pub(crate) chosen: Option<&'a Chosen>,
}

/// A comparison with a chosen kept state, or why there is none.
pub(crate) struct Chosen {
    pub(crate) id: String,
    pub(crate) outcome: Result<Comparison, String>,
}

/// A whole page: head, navigation (the current page marked), `main` with the title, a
/// status line for live updates, `before` (what live updates leave alone, such as the
/// upload form), and the live part `body`.
fn page(
    title: &'static str,
    path: &str,
    before: impl FnOnce(&mut Html),
    body: impl FnOnce(&mut Html),
) -> String {
    let mut html = Html::default();
    html.markup("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n")
        .markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .element("<title>", title, " – ratsvorlage</title>\n")
        .markup("<link rel=\"stylesheet\" href=\"/stil.css\">\n")
        .markup("<script src=\"/live.js\" defer></script>\n</head>\n<body>\n")
        .markup("<a class=\"skip\" href=\"#inhalt\">Zum Inhalt springen</a>\n")
        .markup("<header><p class=\"brand\">ratsvorlage</p>\n<nav aria-label=\"Seiten\"><ul>\n");
    for (href, label) in NAVIGATION {
        html.markup("<li><a href=\"").text(href);
        if href == path {
            html.markup("\" aria-current=\"page");
        }
        html.markup("\">").text(label).markup("</a></li>\n");
    }
    html.markup("</ul></nav></header>\n<main id=\"inhalt\">\n")
        .element("<h1>", title, "</h1>\n")
        .markup("<p id=\"live-status\" class=\"live-status\" role=\"status\"></p>\n");
    before(&mut html);
    html.markup("<div id=\"stand\" data-live>\n");
    body(&mut html);
    html.markup("</div>\n</main>\n</body>\n</html>\n");
    html.finish()
}

/// A page without a part that live updates leave alone.
fn plain_page(title: &'static str, path: &str, body: impl FnOnce(&mut Html)) -> String {
    page(title, path, |_| {}, body)
}

/// *Übersicht*: the upload, the state of the builds, the figures of the process, one card
/// per AG, the documents, and the kept versions of replaced files.
pub(crate) fn overview(view: &View<'_>) -> String {
    let ingested = view.ingested;
    page("Übersicht", "/", upload_form, |html| {
        build_state(html, view.state);
        problems_summary(html, ingested, true);
        let Some(konzept) = &ingested.konzept else {
            html.markup("<p>Ohne lesbare <code>konzept.toml</code> gibt es noch keine Zahlen. ")
                .markup(
                    "Der <a href=\"/einlesebericht\">Einlesebericht</a> nennt den Grund.</p>\n",
                );
            history(html, view.history);
            return;
        };
        let k = &konzept.kennzahlen;
        html.markup("<h2>Kennzahlen</h2>\n<dl class=\"figures\" id=\"kennzahlen\">\n");
        for (label, value) in [
            ("Arbeitsgruppen", k.arbeitsgruppen),
            ("Sitzungen", k.sitzungen),
            ("Konferenzen", k.konferenzen),
            ("Ziele", k.ziele),
            ("Maßnahmen", k.massnahmen),
            ("Beteiligte Personen", k.distinct_persons),
            ("Anwesenheiten", k.anwesenheiten),
        ] {
            html.element("<div><dt>", label, "</dt>").element(
                "<dd>",
                &german::count_text(u64::from(value)),
                "</dd></div>\n",
            );
        }
        html.markup("</dl>\n<h2>Arbeitsgruppen</h2>\n<ul class=\"cards\">\n");
        for (index, ag) in konzept.arbeitsgruppen.iter().enumerate() {
            card(html, index, ag, ingested);
        }
        html.markup("</ul>\n");
        document_links(html, view.written);
        history(html, view.history);
    })
}

/// The upload form: works as a plain form; the script adds drag and drop and shows the
/// result in place.
fn upload_form(html: &mut Html) {
    html.markup("<section aria-labelledby=\"hochladen-titel\" class=\"upload\">\n")
        .markup("<h2 id=\"hochladen-titel\">Tabellen hochladen</h2>\n")
        .markup("<form id=\"hochladen\" method=\"post\" action=\"/hochladen\" enctype=\"multipart/form-data\">\n")
        .markup("<p id=\"hochladen-hinweis\">Tabellen (xlsx, xlsm, xls, xlsb, ods, csv) oder Zip-Archive, eine oder mehrere. ")
        .markup("Sie werden geprüft wie mit <code>ratsvorlage import</code>; was passt, kommt nach ")
        .markup("<code>ag/</code> oder <code>teilnehmende/</code>, eine ersetzte Datei bleibt unten unter ")
        .markup("„Frühere Fassungen“ erhalten.</p>\n")
        .markup("<label for=\"dateien\">Dateien auswählen</label>\n")
        .markup("<input type=\"file\" id=\"dateien\" name=\"dateien\" multiple aria-describedby=\"hochladen-hinweis\" ")
        .markup("accept=\".xlsx,.xlsm,.xls,.xlsb,.ods,.csv,.zip\">\n")
        .markup("<button type=\"submit\">Hochladen</button>\n")
        .markup("<p class=\"drop-hint\" hidden>… oder Dateien auf dieses Feld ziehen.</p>\n")
        .markup("</form>\n<div id=\"hochlade-ergebnis\" aria-live=\"polite\"></div>\n</section>\n");
}

/// The result of an upload, as its own page (without script) and as the part the script
/// puts into the Übersicht.
pub(crate) fn upload_result(run: &ImportRun) -> String {
    plain_page("Hochladen", "/hochladen", |html| {
        upload_entries(html, run);
        html.markup("<p><a href=\"/\">Zurück zur Übersicht</a></p>\n");
    })
}

/// A refused upload (interrupted, too large, not a form): the reason as a page.
pub(crate) fn upload_failed(reason: &str) -> String {
    plain_page("Hochladen", "/hochladen", |html| {
        html.markup("<div id=\"hochlade-ergebnis\">\n")
            .element("<p class=\"refused\">", reason, "</p>\n")
            .markup("</div>\n<p><a href=\"/\">Zurück zur Übersicht</a></p>\n");
    })
}

fn upload_entries(html: &mut Html, run: &ImportRun) {
    html.markup("<div id=\"hochlade-ergebnis\">\n<h2>Ergebnis des Hochladens</h2>\n");
    if run.entries.is_empty() {
        html.markup("<p>Es wurde keine Datei ausgewählt.</p>\n</div>\n");
        return;
    }
    html.element("<p>", &run.summary(), "</p>\n<ul class=\"entries\">\n");
    for entry in &run.entries {
        let class: &'static str = match entry.outcome {
            EntryOutcome::Refused => "<li class=\"refused\">",
            _ => "<li>",
        };
        html.markup(class)
            .element("<strong>", entry.outcome.word(), "</strong>: ")
            .text(&entry.entry);
        if let (Some(target), EntryOutcome::Copied | EntryOutcome::Replaced) =
            (&entry.target, entry.outcome)
        {
            html.text(" → ").text(target);
        }
        if !entry.reasons.is_empty() || entry.kept.is_some() {
            html.markup("<ul>");
            for reason in &entry.reasons {
                html.element("<li>", reason, "</li>");
            }
            if entry.kept.is_some() {
                html.markup("<li>Die bisherige Fassung steht unter „Frühere Fassungen“.</li>");
            }
            html.markup("</ul>");
        }
        html.markup("</li>\n");
    }
    html.markup("</ul>\n</div>\n");
}

/// The state of the builds: under way, the last one good, or failed with the reason.
fn build_state(html: &mut Html, state: &State) {
    html.markup("<h2>Stand der Dokumente</h2>\n");
    if let Some(changed) = &state.building {
        let text = if changed.is_empty() {
            "Die Dokumente werden gebaut …".to_owned()
        } else {
            format!("Neubau läuft nach Änderungen an {} …", changed.join(", "))
        };
        html.element("<p class=\"building\">", &text, "</p>\n");
    }
    match (&state.last, &state.good) {
        (None, _) => {
            if state.building.is_none() {
                html.markup("<p>Noch kein Build.</p>\n");
            }
        }
        (Some(last), good) => {
            if let Some(problems) = &last.failure {
                html.element(
                    "<p class=\"failed\">",
                    &format!(
                        "Der letzte Build ({}) ist gescheitert ({} {}). ",
                        last.at.time_of_day(),
                        problems.len(),
                        if problems.len() == 1 {
                            "Meldung"
                        } else {
                            "Meldungen"
                        }
                    ),
                    "",
                );
                match good {
                    Some(good) => html.text(&format!(
                        "Die Dokumente im Ausgabeordner sind die des letzten guten Builds von {}.",
                        good.at.time_of_day()
                    )),
                    None => html.text("Es gibt in dieser Sitzung noch keine neuen Dokumente."),
                };
                html.markup("</p>\n");
                if last.input_failed {
                    html.markup("<p>Die Fehler in den Eingaben nennt der ")
                        .markup("<a href=\"/einlesebericht\">Einlesebericht</a>.</p>\n");
                } else {
                    problem_items(html, problems.iter().collect());
                }
            } else if let Some(good) = good {
                let rewritten: Vec<&str> = good
                    .written
                    .iter()
                    .filter(|(_, unchanged)| !unchanged)
                    .map(|(name, _)| name.as_str())
                    .collect();
                let after = if last.changed.is_empty() {
                    String::new()
                } else {
                    format!(" nach Änderungen an {}", last.changed.join(", "))
                };
                html.element(
                    "<p class=\"built\">",
                    &format!(
                        "Zuletzt gebaut um {}{after} in {}: Beschlussvorlage {} Seiten, Anlage {} Seiten. Neu geschrieben: {}.",
                        good.at.time_of_day(),
                        german::seconds_text(good.duration),
                        good.pages[0],
                        good.pages[1],
                        if rewritten.is_empty() { "keine Datei".to_owned() } else { rewritten.join(", ") }
                    ),
                    "</p>\n",
                );
                for note in &good.notes {
                    html.element("<p>", &format!("Hinweis: {note}"), "</p>\n");
                }
            }
        }
    }
    for notice in &state.notices {
        html.element("<p>", &format!("Hinweis: {notice}"), "</p>\n");
    }
}

/// One AG's card: its files, goals, measures, sessions, attendance and open problems.
fn card(html: &mut Html, index: usize, ag: &Arbeitsgruppe, ingested: &Ingested) {
    let files = ag_files(ingested, index);
    let massnahmen: usize = ag.ziele.iter().map(|z| z.massnahmen.len()).sum();
    let attendance: u32 = ag.sitzungen.iter().filter_map(|s| s.teilnehmende).sum();
    let (errors, warnings) = problems_of(ingested, &files);
    html.markup("<li class=\"card\">")
        .element("<h3>", &ag.name, "</h3>\n<dl>");
    for (label, value) in [
        ("Ziele", ag.ziele.len()),
        ("Maßnahmen", massnahmen),
        ("Sitzungen", ag.sitzungen.len()),
        ("Anwesenheiten", attendance as usize),
        ("Fehler", errors),
        ("Warnungen", warnings),
    ] {
        html.element("<div><dt>", label, "</dt>").element(
            "<dd>",
            &value.to_string(),
            "</dd></div>",
        );
    }
    html.markup("</dl>\n");
    if files.is_empty() {
        html.markup("<p>Noch keine Datei mit Zielen oder Maßnahmen.</p>");
    } else {
        html.markup("<p class=\"files\">Dateien: ")
            .text(&files.iter().cloned().collect::<Vec<_>>().join(", "))
            .markup("</p>");
    }
    html.markup("<ul class=\"card-links\">");
    if errors + warnings > 0 {
        html.markup("<li><a href=\"/einlesebericht#")
            .text(&anchor(&ag.short))
            .markup("\">Meldungen dieser AG</a></li>");
    }
    html.markup("<li><a href=\"/rueckmeldung/")
        .text(&percent_encoded(&ag.short))
        .markup("\" aria-label=\"")
        .text(&format!(
            "Rückmeldung an die AG {}: Text für die E-Mail und PDF",
            ag.name
        ))
        .markup("\">Rückmeldung an die AG</a></li>");
    html.markup("<li><a href=\"/vorlage-ag/")
        .text(&percent_encoded(&ag.short))
        .markup("\" aria-label=\"")
        .text(&format!("Arbeitsmappe mit Daten (xlsx) der AG {}", ag.name))
        .markup("\">Arbeitsmappe mit Daten (xlsx)</a></li>");
    html.markup("</ul></li>\n");
}

/// The files of the AG at `index` (of konzept.toml's Handlungsfelder), as the model
/// assigns them: also a file of which nothing could be used.
fn ag_files(ingested: &Ingested, index: usize) -> BTreeSet<String> {
    ingested
        .ag_files
        .files_of(index)
        .map(str::to_owned)
        .collect()
}

/// How many errors and warnings are about these files.
fn problems_of(ingested: &Ingested, files: &BTreeSet<String>) -> (usize, usize) {
    let count = |list: &[Problem]| {
        list.iter()
            .filter(|p| files.iter().any(|f| p.is_in(f)))
            .count()
    };
    (
        count(&ingested.report.errors),
        count(&ingested.report.warnings),
    )
}

/// An id for an AG's section: its short name, letters and digits only.
fn anchor(short: &str) -> String {
    let id: String = short
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("ag-{id}")
}

/// The problems grouped by the AG whose files they are about; the rest under „Übrige“.
fn by_ag(html: &mut Html, ingested: &Ingested) {
    let Some(konzept) = &ingested.konzept else {
        problem_list(html, "Fehler", &ingested.report.errors);
        problem_list(html, "Warnungen", &ingested.report.warnings);
        return;
    };
    let mut claimed = BTreeSet::new();
    for (index, ag) in konzept.arbeitsgruppen.iter().enumerate() {
        let files = ag_files(ingested, index);
        let mine = |list: &[Problem]| -> Vec<usize> {
            list.iter()
                .enumerate()
                .filter(|(_, p)| files.iter().any(|f| p.is_in(f)))
                .map(|(i, _)| i)
                .collect()
        };
        let (errors, warnings) = (
            mine(&ingested.report.errors),
            mine(&ingested.report.warnings),
        );
        claimed.extend(errors.iter().map(|i| (true, *i)));
        claimed.extend(warnings.iter().map(|i| (false, *i)));
        if errors.is_empty() && warnings.is_empty() {
            continue;
        }
        html.markup("<section id=\"")
            .text(&anchor(&ag.short))
            .markup("\">")
            .element("<h2>", &format!("AG {}", ag.name), "</h2>\n");
        problem_items_titled(
            html,
            "Fehler",
            errors.iter().map(|i| &ingested.report.errors[*i]).collect(),
        );
        problem_items_titled(
            html,
            "Warnungen",
            warnings
                .iter()
                .map(|i| &ingested.report.warnings[*i])
                .collect(),
        );
        html.markup("</section>\n");
    }
    fn rest<'p>(
        list: &'p [Problem],
        errors: bool,
        claimed: &BTreeSet<(bool, usize)>,
    ) -> Vec<&'p Problem> {
        list.iter()
            .enumerate()
            .filter(|(i, _)| !claimed.contains(&(errors, *i)))
            .map(|(_, p)| p)
            .collect()
    }
    let (errors, warnings) = (
        rest(&ingested.report.errors, true, &claimed),
        rest(&ingested.report.warnings, false, &claimed),
    );
    if !errors.is_empty() || !warnings.is_empty() {
        html.markup("<section id=\"uebrige\"><h2>Übrige Meldungen (keiner AG zugeordnet)</h2>\n");
        problem_items_titled(html, "Fehler", errors);
        problem_items_titled(html, "Warnungen", warnings);
        html.markup("</section>\n");
    }
}

fn problem_items_titled(html: &mut Html, title: &'static str, problems: Vec<&Problem>) {
    if problems.is_empty() {
        return;
    }
    html.element("<h3>", title, "</h3>\n");
    problem_items(html, problems);
}

/// The links to the documents of the last build.
fn document_links(html: &mut Html, written: &[(String, u64)]) {
    html.markup("<h2>Dokumente</h2>\n");
    if written.is_empty() {
        html.markup("<p>Es gibt noch keine Dokumente.</p>\n");
        return;
    }
    file_list(html, written);
    html.markup("<p><a href=\"/dokumente\">Alle Seiten als Vorschau</a></p>\n");
}

fn file_list(html: &mut Html, written: &[(String, u64)]) {
    html.markup("<ul class=\"documents\">\n");
    for (name, bytes) in written {
        html.markup("<li><a href=\"/dokumente/")
            .text(&percent_encoded(name))
            .markup("\">")
            .text(name)
            .markup("</a> ")
            .text(&format!("({})", german::kilobytes_text(*bytes)))
            .markup("</li>\n");
    }
    html.markup("</ul>\n");
}

/// A file name as one segment of an address.
pub(crate) fn percent_encoded(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The kept versions of replaced input files, each with a button that puts it back.
fn history(html: &mut Html, history: &[Kept]) {
    html.markup("<h2 id=\"verlauf\">Frühere Fassungen</h2>\n");
    if history.is_empty() {
        html.markup(
            "<p>Noch keine: Wenn eine hochgeladene Datei eine vorhandene ersetzt, bleibt die ",
        )
        .markup("bisherige hier erhalten.</p>\n");
        return;
    }
    html.markup("<table>\n<caption>Ersetzte Dateien, die neueste zuerst</caption>\n")
        .markup("<thead><tr><th scope=\"col\">Datei</th><th scope=\"col\">ersetzt am</th>")
        .markup(
            "<th scope=\"col\">Größe</th><th scope=\"col\">Aktion</th></tr></thead>\n<tbody>\n",
        );
    for kept in history {
        html.element("<tr><th scope=\"row\">", &kept.target, "</th>")
            .element("<td>", &kept.kept_at.text(), "</td>")
            .element("<td>", &german::kilobytes_text(kept.bytes), "</td>")
            .markup("<td><form method=\"post\" action=\"/verlauf/wiederherstellen\">")
            .markup("<input type=\"hidden\" name=\"fassung\" value=\"")
            .text(&kept.id)
            .markup("\"><button type=\"submit\" aria-label=\"")
            .text(&format!(
                "{} vom {} wiederherstellen",
                kept.target,
                kept.kept_at.text()
            ))
            .markup("\">Wiederherstellen</button></form></td></tr>\n");
    }
    html.markup("</tbody>\n</table>\n");
}

pub(crate) fn report(view: &View<'_>) -> String {
    let ingested = view.ingested;
    plain_page("Einlesebericht", "/einlesebericht", |html| {
        let report = &ingested.report;
        problems_summary(html, ingested, false);
        by_ag(html, ingested);
        html.markup("<h2>Dateien</h2>\n<table>\n<caption>Jede Datei und jedes Blatt: was daraus wurde</caption>\n")
            .markup("<thead><tr><th scope=\"col\">Datei › Blatt</th><th scope=\"col\">Ergebnis</th>")
            .markup("<th scope=\"col\">Zeilen gelesen</th><th scope=\"col\">verwendet</th>")
            .markup("<th scope=\"col\">gemeldet</th></tr></thead>\n<tbody>\n");
        for file in &report.files {
            html.element("<tr><th scope=\"row\">", &file.file, "</th>")
                .markup("<td>")
                .text(file.status.label());
            if let Some(reason) = &file.reason {
                html.text(": ").text(reason);
            }
            html.markup("</td><td></td><td></td><td></td></tr>\n");
            for sheet in &file.sheets {
                html.markup("<tr><th scope=\"row\" class=\"sheet\">")
                    .text(&file.file)
                    .text(" › ")
                    .text(sheet.display_name())
                    .markup("</th>")
                    .element("<td>", sheet.outcome.label(), "</td>")
                    .element("<td>", &sheet.rows_read.to_string(), "</td>")
                    .element("<td>", &sheet.rows_used.to_string(), "</td>")
                    .element("<td>", &sheet.rows_unused.len().to_string(), "</td></tr>\n");
            }
        }
        let sheets = || report.files.iter().flat_map(|f| &f.sheets);
        let read: usize = sheets().map(|s| s.rows_read).sum();
        let used: usize = sheets().map(|s| s.rows_used).sum();
        let reported: usize = sheets().map(|s| s.rows_unused.len()).sum();
        html.markup("</tbody>\n<tfoot><tr><th scope=\"row\">Zusammen</th>")
            .element(
                "<td>",
                &format!("{read} gelesen = {used} verwendet + {reported} gemeldet"),
                "</td>",
            )
            .element("<td>", &read.to_string(), "</td>")
            .element("<td>", &used.to_string(), "</td>")
            .element(
                "<td>",
                &reported.to_string(),
                "</td></tr></tfoot>\n</table>\n",
            );
    })
}

pub(crate) fn konzept(view: &View<'_>) -> String {
    let ingested = view.ingested;
    plain_page("Konzept", "/konzept", |html| {
        let Some(konzept) = &ingested.konzept else {
            html.markup("<p>Ohne lesbare <code>konzept.toml</code> gibt es noch kein Konzept. ")
                .markup(
                    "Der <a href=\"/einlesebericht\">Einlesebericht</a> nennt den Grund.</p>\n",
                );
            return;
        };
        // A long concept: the AGs first, each a link to its part.
        html.markup("<nav aria-label=\"Arbeitsgruppen\"><ul class=\"jump\">\n");
        for ag in &konzept.arbeitsgruppen {
            html.markup("<li><a href=\"#")
                .text(&anchor(&ag.short))
                .markup("\">")
                .text(&ag.name)
                .markup("</a></li>\n");
        }
        html.markup("</ul></nav>\n");
        for ag in &konzept.arbeitsgruppen {
            html.markup("<section id=\"")
                .text(&anchor(&ag.short))
                .markup("\">")
                .element("<h2>", &ag.name, "</h2>\n");
            if ag.ziele.is_empty() {
                html.markup("<p>Noch keine Ziele.</p>\n");
            }
            html.markup("<ol class=\"goals\">\n");
            for ziel in &ag.ziele {
                html.markup("<li><h3>")
                    .text("Ziel ")
                    .text(&ziel.number)
                    .text(": ")
                    .text(&ziel.text)
                    .markup("</h3>\n");
                if let Some(leitziel) = &ziel.leitziel {
                    html.element("<p>Leitziel: ", leitziel, "</p>\n");
                }
                html.markup("<ul class=\"measures\">\n");
                for massnahme in &ziel.massnahmen {
                    html.markup("<li>")
                        .element("<strong>", &massnahme.number, "</strong> ")
                        .text(&massnahme.text);
                    html.markup("<dl class=\"details\">");
                    for (label, value) in [
                        ("Umsetzung", massnahme.umsetzung.as_deref()),
                        ("Zeitrahmen", massnahme.zeitrahmen.as_deref()),
                        ("Finanzierung", massnahme.finanzierung.as_deref()),
                    ] {
                        if let Some(value) = value {
                            html.element("<div><dt>", label, "</dt>").element(
                                "<dd>",
                                value,
                                "</dd></div>",
                            );
                        }
                    }
                    if !massnahme.ansprechpartner.is_empty() {
                        html.element(
                            "<div><dt>Ansprechpartner</dt><dd>",
                            &massnahme.ansprechpartner.join(", "),
                            "</dd></div>",
                        );
                    }
                    html.markup("</dl></li>\n");
                }
                html.markup("</ul></li>\n");
            }
            html.markup("</ol></section>\n");
        }
    })
}

/// *Dokumente*: the files of the last build, each to open or download, and a preview of
/// every page.
pub(crate) fn documents(view: &View<'_>) -> String {
    plain_page("Dokumente", "/dokumente", |html| {
        if view.written.is_empty() {
            html.markup("<p>Es gibt noch keine Dokumente: Der Ausgabeordner ist leer. Sie ")
                .markup("entstehen, sobald die Eingaben ohne Fehler sind.</p>\n");
            return;
        }
        html.markup("<p>Die Dateien des letzten Builds (PDFs öffnen sich im Browser, das Paket ")
            .markup("und <code>konzept.json</code> werden heruntergeladen):</p>\n");
        file_list(html, view.written);
        if view.previews.is_empty() {
            html.markup(
                "<p>Eine Vorschau der Seiten gibt es nach dem nächsten erfolgreichen Build.</p>\n",
            );
            return;
        }
        for (document, pages) in view.previews {
            html.element(
                "<section><h2>",
                &format!("Vorschau: {}", document.title()),
                "</h2>\n",
            )
            .markup("<ol class=\"previews\">\n");
            for (index, (width, height)) in pages.iter().enumerate() {
                let number = index + 1;
                html.markup("<li><a href=\"/vorschau/")
                    .text(document.slug())
                    .markup("/")
                    .text(&number.to_string())
                    .markup("\"><img src=\"/vorschau/")
                    .text(document.slug())
                    .markup("/")
                    .text(&number.to_string())
                    .markup("\" loading=\"lazy\" width=\"")
                    .text(&width.to_string())
                    .markup("\" height=\"")
                    .text(&height.to_string())
                    .markup("\" alt=\"")
                    .text(&format!(
                        "{}, Seite {number} von {}",
                        document.title(),
                        pages.len()
                    ))
                    .markup("\"></a></li>\n");
            }
            html.markup("</ol></section>\n");
        }
    })
}

/// *Änderungen*: what changed in goals and measures since the previous build and since
/// the workplace started, per AG.
pub(crate) fn changes_page(view: &View<'_>) -> String {
    plain_page("Änderungen", "/aenderungen", |html| {
        if let Some(chosen) = view.chosen {
            chosen_comparison(html, chosen);
        }
        match &view.state.good {
            None => {
                html.markup(
                    "<p>Die Änderungen seit dem Start zeigt diese Seite, sobald ein Build ",
                )
                .markup("gelungen ist.</p>\n");
            }
            Some(good) => {
                html.element(
                    "<h2>",
                    &format!("Seit dem Build davor (Stand {})", good.at.time_of_day()),
                    "</h2>\n",
                );
                match &good.since_previous {
                    Some(changes) => change_list(html, changes),
                    None => {
                        html.markup("<p>Dies ist der erste Build seit dem Start.</p>\n");
                    }
                }
                let started = view
                    .state
                    .at_start
                    .as_ref()
                    .map_or(String::new(), |(at, _)| at.text());
                html.element(
                    "<h2>",
                    &format!("Seit dem Start des Arbeitsplatzes ({started})"),
                    "</h2>\n",
                );
                change_list(html, &good.since_start);
            }
        }
        kept_states(html, view.states);
    })
}

/// The comparison with a chosen kept state: its changes and the Synopse.
fn chosen_comparison(html: &mut Html, chosen: &Chosen) {
    match &chosen.outcome {
        Ok(comparison) => {
            html.element(
                "<h2 id=\"vergleich\">",
                &format!("Seit {}", comparison.comparison),
                "</h2>\n",
            )
            .markup("<p><a href=\"/synopse/")
            .text(&percent_encoded(&chosen.id))
            .markup("\">Synopse dazu als PDF (bisherige Fassung | neue Fassung)</a></p>\n");
            if let Some(note) = &comparison.note {
                html.element("<p>", note, "</p>\n");
            }
            change_list(html, &comparison.changes);
        }
        Err(reason) => {
            html.markup("<h2 id=\"vergleich\">Vergleich</h2>\n")
                .element("<p class=\"refused\">", reason, "</p>\n");
        }
    }
}

/// The states of the concept that builds kept, each to compare with and as a Synopse.
fn kept_states(html: &mut Html, states: &[KeptState]) {
    html.markup("<h2 id=\"staende\">Gesicherte Stände</h2>\n");
    if states.is_empty() {
        html.markup("<p>Noch keiner: Jeder Build, dessen Konzept sich vom vorigen unterscheidet, ")
            .markup("sichert es hier.</p>\n");
        return;
    }
    html.markup(
        "<table>\n<caption>Jeder Build mit geändertem Konzept, der neueste zuerst</caption>\n",
    )
    .markup("<thead><tr><th scope=\"col\">gesichert am</th><th scope=\"col\">Vorlage</th>")
    .markup("<th scope=\"col\">Ziele</th><th scope=\"col\">Maßnahmen</th>")
    .markup("<th scope=\"col\">Vergleich</th></tr></thead>\n<tbody>\n");
    for state in states {
        let vorlage = match (&state.vorlage_number, state.vorlage_date) {
            (Some(number), Some(date)) => format!("{number} vom {}", german::date_text(date)),
            (Some(number), None) => number.clone(),
            _ => String::new(),
        };
        let when = state.kept_at_text();
        html.element("<tr><th scope=\"row\">", &when, "</th>")
            .element("<td>", &vorlage, "</td>")
            .element("<td>", &state.ziele.to_string(), "</td>")
            .element("<td>", &state.massnahmen.to_string(), "</td>")
            .markup("<td><a href=\"/aenderungen?stand=")
            .text(&percent_encoded(&state.id))
            .markup("#vergleich\" aria-label=\"")
            .text(&format!("Mit dem Stand vom {when} vergleichen"))
            .markup("\">vergleichen</a> · <a href=\"/synopse/")
            .text(&percent_encoded(&state.id))
            .markup("\" aria-label=\"")
            .text(&format!("Synopse (PDF) seit dem Stand vom {when}"))
            .markup("\">Synopse (PDF)</a></td></tr>\n");
    }
    html.markup("</tbody>\n</table>\n");
}

fn change_list(html: &mut Html, changes: &Changes) {
    html.element("<p>", &changes::text::summary(changes), "</p>\n");
    for ag in &changes.arbeitsgruppen {
        html.element(
            "<h3>",
            &format!("AG {} ({})", ag.name, ag.short),
            "</h3>\n<ul class=\"changes\">\n",
        );
        for (what, list) in [("Ziel", &ag.ziele), ("Maßnahme", &ag.massnahmen)] {
            for change in list {
                html.element("<li>", &changes::text::headline(what, change), "");
                if !change.field_changes.is_empty() {
                    html.markup("<ul>");
                    for field in &change.field_changes {
                        html.element("<li>", &changes::text::field_line(field), "</li>");
                    }
                    html.markup("</ul>");
                }
                html.markup("</li>\n");
            }
        }
        html.markup("</ul>\n");
    }
}

/// An AG's feedback letter: the text to paste into an e-mail, and the letter as PDF.
pub(crate) fn letter_page(ag_name: &str, ag_short: &str, text: &str) -> String {
    plain_page("Rückmeldung", "/rueckmeldung", |html| {
        html.element("<h2>", &format!("An die AG {ag_name}"), "</h2>\n")
            .markup("<p><a href=\"/rueckmeldung/")
            .text(&percent_encoded(ag_short))
            .markup("/pdf\">Die Rückmeldung als PDF (zum Anhängen oder Drucken)</a></p>\n")
            .markup("<label for=\"brieftext\">Text für die E-Mail (markieren, kopieren, ")
            .markup("in die E-Mail einfügen)</label>\n")
            .element(
                "<textarea id=\"brieftext\" readonly rows=\"30\" cols=\"90\">",
                text,
                "</textarea>\n",
            );
    })
}

/// A refused request or a missing page: the heading and one sentence.
pub(crate) fn message_page(title: &'static str, message: &str) -> String {
    let mut page = Html::default();
    page.markup("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">")
        .element("<title>", title, " – ratsvorlage</title>")
        .markup("<link rel=\"stylesheet\" href=\"/stil.css\"></head><body><main>")
        .element("<h1>", title, "</h1>")
        .element("<p>", message, "</p>")
        .markup("<p><a href=\"/\">Zur Übersicht</a></p></main></body></html>\n");
    page.finish()
}

/// One sentence on the state: ready to build, or how many errors stand in the way (with
/// `link`, a link to where they are listed).
fn problems_summary(html: &mut Html, ingested: &Ingested, link: bool) {
    let (errors, warnings) = (ingested.report.errors.len(), ingested.report.warnings.len());
    let text = if errors == 0 && warnings == 0 {
        "Die Eingaben sind vollständig lesbar, ohne Warnungen.".to_owned()
    } else if errors == 0 {
        format!(
            "Die Eingaben sind vollständig lesbar; {} im Einlesebericht.",
            if warnings == 1 {
                "1 Warnung steht".to_owned()
            } else {
                format!("{warnings} Warnungen stehen")
            }
        )
    } else {
        format!(
            "Die Eingaben enthalten {errors} Fehler und {warnings} Warnungen; erst ohne Fehler \
             entstehen neue Dokumente."
        )
    };
    html.element("<p class=\"state\">", &text, "");
    if errors > 0 && link {
        html.markup(" <a href=\"/einlesebericht\">Zu den Fehlern im Einlesebericht</a>");
    }
    html.markup("</p>\n");
}

fn problem_list(html: &mut Html, title: &'static str, problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    html.element("<h2>", title, "</h2>\n");
    problem_items(html, problems.iter().collect());
}

/// Problems as a list: place, what is wrong and what to do, the technical detail apart.
fn problem_items(html: &mut Html, problems: Vec<&Problem>) {
    html.markup("<ul class=\"problems\">\n");
    for problem in problems {
        html.markup("<li>");
        if let Some(place) = &problem.place {
            html.element("<span class=\"place\">", &place.to_string(), "</span> ");
        }
        html.text(&problem.message);
        if let Some(detail) = &problem.detail {
            html.element(
                "<br><span class=\"detail\">Technische Angabe: ",
                detail,
                "</span>",
            );
        }
        html.markup("</li>\n");
    }
    html.markup("</ul>\n");
}
