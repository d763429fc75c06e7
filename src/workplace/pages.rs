//! The pages of the workplace, rendered on the server from the project as it is on disk:
//! German, plain, usable without script, every piece of data escaped by [`Html`]. Names of
//! participants never appear: the pages show counts only.

use crate::german;
use crate::project::Ingested;
use crate::report::Problem;

use super::html::Html;

/// The pages the navigation links to, with their addresses.
const NAVIGATION: [(&str, &str); 4] = [
    ("/", "Übersicht"),
    ("/einlesebericht", "Einlesebericht"),
    ("/konzept", "Konzept"),
    ("/dokumente", "Dokumente"),
];

/// A whole page: head, navigation (the current page marked), `main`.
fn page(title: &'static str, path: &str, body: impl FnOnce(&mut Html)) -> String {
    let mut html = Html::default();
    html.markup("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n")
        .markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .element("<title>", title, " – ratsvorlage</title>\n")
        .markup("<link rel=\"stylesheet\" href=\"/stil.css\">\n</head>\n<body>\n")
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
        .element("<h1>", title, "</h1>\n");
    body(&mut html);
    html.markup("</main>\n</body>\n</html>\n");
    html.finish()
}

/// *Übersicht*: the figures of the process and one card per AG.
pub(crate) fn overview(ingested: &Ingested) -> String {
    page("Übersicht", "/", |html| {
        problems_summary(html, ingested, true);
        let Some(konzept) = &ingested.konzept else {
            html.markup("<p>Ohne lesbare <code>konzept.toml</code> gibt es noch keine Zahlen. ")
                .markup(
                    "Der <a href=\"/einlesebericht\">Einlesebericht</a> nennt den Grund.</p>\n",
                );
            return;
        };
        let k = &konzept.kennzahlen;
        html.markup("<h2>Kennzahlen</h2>\n<dl class=\"figures\">\n");
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
        for ag in &konzept.arbeitsgruppen {
            let massnahmen: usize = ag.ziele.iter().map(|z| z.massnahmen.len()).sum();
            html.markup("<li class=\"card\">")
                .element("<h3>", &ag.name, "</h3>\n<dl>")
                .element(
                    "<div><dt>Ziele</dt><dd>",
                    &ag.ziele.len().to_string(),
                    "</dd></div>",
                )
                .element(
                    "<div><dt>Maßnahmen</dt><dd>",
                    &massnahmen.to_string(),
                    "</dd></div>",
                )
                .element(
                    "<div><dt>Sitzungen</dt><dd>",
                    &ag.sitzungen.len().to_string(),
                    "</dd></div>",
                )
                .markup("</dl></li>\n");
        }
        html.markup("</ul>\n");
    })
}

/// *Einlesebericht*: every file and sheet and what it became, rows read = used + reported,
/// and every problem with its place.
pub(crate) fn report(ingested: &Ingested) -> String {
    page("Einlesebericht", "/einlesebericht", |html| {
        let report = &ingested.report;
        problems_summary(html, ingested, false);
        problem_list(html, "Fehler", &report.errors);
        problem_list(html, "Warnungen", &report.warnings);
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
        html.markup("</tbody>\n</table>\n");
    })
}

/// *Konzept*: the goals and measures of each AG in priority order, as the Anlage shows
/// them, for proofreading; each with the place in the AG's file it came from.
pub(crate) fn konzept(ingested: &Ingested) -> String {
    page("Konzept", "/konzept", |html| {
        let Some(konzept) = &ingested.konzept else {
            html.markup("<p>Ohne lesbare <code>konzept.toml</code> gibt es noch kein Konzept. ")
                .markup(
                    "Der <a href=\"/einlesebericht\">Einlesebericht</a> nennt den Grund.</p>\n",
                );
            return;
        };
        for ag in &konzept.arbeitsgruppen {
            html.element("<section><h2>", &ag.name, "</h2>\n");
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

/// *Dokumente*: the files of the last build, each to open or download, with its size.
pub(crate) fn documents(files: &[(String, u64)]) -> String {
    page("Dokumente", "/dokumente", |html| {
        if files.is_empty() {
            html.markup("<p>Es gibt noch keine Dokumente: Der Ausgabeordner ist leer. Erstellen ")
                .markup("Sie sie mit <code>ratsvorlage build</code>.</p>\n");
            return;
        }
        html.markup("<p>Die Dateien des letzten Builds:</p>\n<ul class=\"documents\">\n");
        for (name, bytes) in files {
            html.markup("<li><a href=\"/dokumente/")
                .text(name)
                .markup("\">")
                .text(name)
                .markup("</a> ")
                .text(&format!("({})", german::kilobytes_text(*bytes)))
                .markup("</li>\n");
        }
        html.markup("</ul>\n");
    })
}

/// One sentence on the state: ready to build, or how many errors stand in the way (with
/// `link`, a link to where they are listed).
fn problems_summary(html: &mut Html, ingested: &Ingested, link: bool) {
    let (errors, warnings) = (ingested.report.errors.len(), ingested.report.warnings.len());
    let text = if errors == 0 {
        format!("Die Eingaben sind vollständig lesbar ({warnings} Warnungen).")
    } else {
        format!(
            "Die Eingaben enthalten {errors} Fehler und {warnings} Warnungen; erst ohne Fehler \
             entstehen neue Dokumente."
        )
    };
    html.element("<p class=\"state\" role=\"status\">", &text, "");
    if errors > 0 && link {
        html.markup(" <a href=\"/einlesebericht\">Zu den Fehlern im Einlesebericht</a>");
    }
    html.markup("</p>\n");
}

fn problem_list(html: &mut Html, title: &'static str, problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    html.element("<h2>", title, "</h2>\n<ul class=\"problems\">\n");
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

/// The workplace's style sheet: calm, high contrast, readable at 200 % zoom.
pub(crate) const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}\n\
header{background:#1d3557;color:#fff;padding:.5rem 1.5rem}\n\
header a{color:#fff}\n\
.brand{font-weight:bold;margin:0}\n\
nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1.5rem}\n\
nav a[aria-current=page]{text-decoration:underline;text-decoration-thickness:3px}\n\
main{padding:1rem 1.5rem;max-width:72rem}\n\
a:focus,a:focus-visible{outline:3px solid #f4a261;outline-offset:2px}\n\
.skip{position:absolute;left:-999px}\n\
.skip:focus{left:1rem;top:1rem;background:#fff;color:#1d3557;padding:.5rem}\n\
.figures,.card dl{display:flex;flex-wrap:wrap;gap:1rem}\n\
.figures div,.card dl div{border:1px solid #767676;padding:.5rem 1rem}\n\
dt{font-size:.9rem}dd{margin:0;font-size:1.4rem;font-weight:bold}\n\
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}\n\
.card{border:1px solid #767676;padding:0 1rem 1rem}\n\
table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}\n\
.sheet{font-weight:normal;padding-left:1.5rem}\n\
.place{font-weight:bold}.detail{font-size:.9rem;color:#444}\n\
.state{font-weight:bold}\n\
.details{margin:.25rem 0 .75rem}.details div{display:grid;grid-template-columns:11rem 1fr;gap:.5rem}\n\
.details dt{font-weight:bold;font-size:1rem}.details dd{font-size:1rem;font-weight:normal}\n\
.goals{list-style:none;padding-left:0}.measures{padding-left:1.25rem}\n\
caption{text-align:left;font-style:italic;padding:.25rem 0}\n";
