//! A problem's message split in two for a Rueckmeldung: what is wrong, and what to do. The
//! messages already say both, in that order; the turn is the first sentence that asks the
//! reader to act („Tragen Sie …“, „Speichern Sie …“, „prüfen Sie …“ after a semicolon).

/// The message up to the first request to act, and that request with the rest (`None` when
/// the message asks nothing). Either part keeps the message's words; only a part that began
/// after a semicolon gets a capital letter, and the part before it a full stop.
pub(crate) fn split(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    let Some(turn) = sentence_starts(message).find(|&start| asks_to_act(&message[start..])) else {
        return (message.to_owned(), None);
    };
    let (wrong, todo) = message.split_at(turn);
    let wrong = wrong.trim_end();
    let wrong = match wrong.strip_suffix(';') {
        Some(rest) => format!("{}.", rest.trim_end()),
        None => wrong.to_owned(),
    };
    (wrong, Some(capitalised(todo.trim())))
}

/// Where sentences (and clauses after a semicolon) begin: 0, and after `.`, `?`, `!` or `;`
/// followed by a space. Abbreviations („z. B.“) give false starts, which [`asks_to_act`]
/// passes by: what follows them is no request.
fn sentence_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let after_marks = text.char_indices().filter_map(move |(i, c)| {
        if !matches!(c, '.' | '?' | '!' | ';') {
            return None;
        }
        let rest = &text[i + c.len_utf8()..];
        let trimmed = rest.trim_start();
        (trimmed.len() < rest.len() && !trimmed.is_empty()).then(|| text.len() - trimmed.len())
    });
    std::iter::once(0).chain(after_marks)
}

/// Whether a sentence is a request in the polite imperative: a verb, then „Sie“
/// („Tragen Sie …“, „Öffnen Sie …“, „prüfen Sie …“), or „Bitte …“. „Sie stammen …“ is not.
fn asks_to_act(sentence: &str) -> bool {
    let mut words = sentence.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let verb = first.chars().all(char::is_alphabetic) && first != "Sie";
    first == "Bitte" || (verb && second.trim_end_matches([',', '.']) == "Sie")
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn parts(message: &str) -> (String, Option<String>) {
        split(message)
    }

    #[test]
    fn the_request_to_act_is_split_off_where_it_begins() {
        assert_eq!(
            parts(
                "„hoch“ ist kein Datum. Schreiben Sie es als Datum, z. B. 15.2.2008 oder \
                 2008-02-15."
            ),
            (
                "„hoch“ ist kein Datum.".to_owned(),
                Some("Schreiben Sie es als Datum, z. B. 15.2.2008 oder 2008-02-15.".to_owned())
            )
        );
        assert_eq!(
            parts(
                "Das Ziel „9“ gibt es in der AG „Politik und Recht“ nicht (vorhandene Ziele: \
                 PR-1, PR-2). Tragen Sie die Nummer oder den genauen Text eines Ziels aus der \
                 Zieltabelle ein."
            )
            .1
            .as_deref(),
            Some(
                "Tragen Sie die Nummer oder den genauen Text eines Ziels aus der Zieltabelle ein."
            )
        );
    }

    #[test]
    fn a_request_after_a_semicolon_becomes_a_sentence_of_its_own() {
        assert_eq!(
            parts(
                "Spalte C: Unsichtbare Steuerzeichen (U+0007) wurden entfernt. Sie stammen meist \
                 aus eingefügtem Text; prüfen Sie den Inhalt der Zelle."
            ),
            (
                "Spalte C: Unsichtbare Steuerzeichen (U+0007) wurden entfernt. Sie stammen meist \
                 aus eingefügtem Text."
                    .to_owned(),
                Some("Prüfen Sie den Inhalt der Zelle.".to_owned())
            )
        );
    }

    #[test]
    fn abbreviations_and_questions_do_not_split_and_a_message_may_ask_nothing() {
        assert_eq!(
            parts(
                "Die Priorität muss eine ganze Zahl ab 1 sein (1 = am wichtigsten), z. B. „1“, \
                 „1.“ oder „Prio 1“."
            )
            .1,
            None
        );
        let question = "Für die AG „SB“ wurden keine Ziele gefunden. Fehlt ihre Datei, oder nennt \
                        sie die AG anders (Spalte „AG“, Blatt „AG“ oder Dateiname)?";
        assert_eq!(parts(question), (question.to_owned(), None));
        assert_eq!(
            parts("Das Blatt kann nicht gelesen werden. Öffnen Sie die Datei neu.").1,
            Some("Öffnen Sie die Datei neu.".to_owned())
        );
        assert_eq!(
            parts("Speichern Sie die Datei als .xlsx."),
            (
                String::new(),
                Some("Speichern Sie die Datei als .xlsx.".to_owned())
            )
        );
        assert_eq!(parts("  "), (String::new(), None));
    }
}
