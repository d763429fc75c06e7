//! A Rueckmeldung as plain text, for the body of an e-mail: the same content and wording as
//! the built-in template `rueckmeldung.typ`, in paragraphs that a mail program wraps itself.

use std::fmt::Write;

use crate::rueckmeldung::content::{LetterContent, LetterProblem};

/// The letter as UTF-8 text with `\n` line ends.
pub(crate) fn render(letter: &LetterContent) -> String {
    let ag = &letter.ag;
    let mut out = String::new();
    let _ = writeln!(out, "Rückmeldung zu Ihren Tabellen: {}", letter.concept);
    let _ = writeln!(
        out,
        "An die Arbeitsgruppe {} (AG {}, {})",
        ag.name, ag.number, ag.short
    );
    if let Some(contact) = &ag.contact {
        let _ = writeln!(out, "{contact}");
    }
    let _ = writeln!(
        out,
        "Von: {}, Stadt {}",
        letter.sender.office, letter.sender.city
    );
    let _ = writeln!(out, "{}, {}", letter.sender.city, letter.date);
    let _ = writeln!(out);
    let _ = writeln!(out, "Liebe Mitglieder der AG {},", ag.name);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", opening(letter));

    heading(&mut out, "Was wir erhalten haben");
    if letter.files.is_empty() {
        let _ = writeln!(out, "Von Ihrer AG liegt uns noch keine Datei vor.");
    } else {
        let _ = writeln!(out, "Ihre Dateien:");
        for file in &letter.files {
            let _ = writeln!(out, "- {file}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", letter.taken_over);
    if !letter.ziele.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Diese Ziele haben wir übernommen. Bitte sehen Sie nach, ob keines fehlt:"
        );
        for ziel in &letter.ziele {
            let _ = writeln!(
                out,
                "- Ziel {} (Priorität {}): {} – {}",
                ziel.number,
                ziel.prioritaet,
                ziel.text.split_whitespace().collect::<Vec<_>>().join(" "),
                measures(ziel.massnahmen)
            );
        }
    }

    if letter.without_problems() {
        heading(&mut out, "Alles in Ordnung");
        let _ = writeln!(
            out,
            "In Ihren Dateien haben wir keine Fehler und nichts Unklares gefunden. Es gibt \
             nichts zu korrigieren – vielen Dank!"
        );
    }
    if !letter.errors.is_empty() {
        heading(&mut out, "Was noch fehlt oder unklar ist");
        let _ = writeln!(
            out,
            "Diese Stellen konnten wir nicht übernehmen. Bitte korrigieren Sie sie in Ihrer \
             Datei und schicken Sie uns die Datei noch einmal."
        );
        problems(&mut out, &letter.errors);
    }
    if !letter.warnings.is_empty() {
        heading(&mut out, "Bitte prüfen Sie auch");
        let _ = writeln!(
            out,
            "Diese Stellen haben wir übernommen, aber vielleicht nicht so, wie Sie es meinen:"
        );
        problems(&mut out, &letter.warnings);
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "Bei Fragen melden Sie sich gern bei uns.");
    let _ = writeln!(out);
    let _ = writeln!(out, "Mit freundlichen Grüßen");
    let _ = writeln!(out, "{}", letter.sender.office);
    let _ = writeln!(out, "Stadt {}", letter.sender.city);
    out
}

/// The first paragraph: thanks, and what the letter holds.
fn opening(letter: &LetterContent) -> String {
    let rest = if letter.without_problems() {
        "Hier lesen Sie, was wir übernommen haben."
    } else {
        "Hier lesen Sie, was wir übernommen haben und was noch fehlt oder unklar ist."
    };
    format!(
        "vielen Dank für Ihre Tabellen. Wir haben sie für das Konzept „{}“ eingelesen. {rest}",
        letter.concept
    )
}

/// „3 Maßnahmen“, „1 Maßnahme“, „noch keine Maßnahme“.
fn measures(n: usize) -> String {
    match n {
        0 => "noch keine Maßnahme".to_owned(),
        1 => "1 Maßnahme".to_owned(),
        _ => format!("{n} Maßnahmen"),
    }
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n{}\n", "-".repeat(title.chars().count()));
}

/// Numbered problems, each with its labelled parts on lines of their own.
fn problems(out: &mut String, list: &[LetterProblem]) {
    for (i, problem) in list.iter().enumerate() {
        let _ = writeln!(out);
        let number = format!("{}. ", i + 1);
        let indent = " ".repeat(number.len());
        let _ = writeln!(out, "{number}Ort: {}", problem.place);
        if let Some(content) = &problem.content {
            let _ = writeln!(out, "{indent}Inhalt jetzt: {content}");
        }
        if !problem.wrong.is_empty() {
            let _ = writeln!(out, "{indent}Was nicht stimmt: {}", problem.wrong);
        }
        if let Some(todo) = &problem.to_do {
            let _ = writeln!(out, "{indent}Was zu tun ist: {todo}");
        }
    }
}
