//! The Synopse of an Ergänzungsvorlage: per AG and goal, every goal and measure that
//! changed, with its old and its new wording side by side and the changed words marked
//! ([`words`](crate::changes::words)); new and removed ones and changed priorities are
//! labelled in words. It lists exactly what the change list lists (both come from
//! [`AgPairs`]), with the whole wording of each item around the change.

use serde::Serialize;

use crate::changes::list::{ChangeKind, Field, FieldChange, verb};
use crate::changes::pairs::{self, AgPairs, measure_values};
use crate::changes::words::{self, Part};
use crate::model::{Arbeitsgruppe, Massnahme, Ziel};

/// The Synopse: the AGs with at least one change, in the order of the new state (AGs that
/// no longer exist last).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub(crate) struct Synopse {
    /// One entry per AG with changes.
    pub(crate) arbeitsgruppen: Vec<AgSynopse>,
}

/// The changed goals and measures of one AG, by goal.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct AgSynopse {
    /// Name of the Handlungsfeld.
    pub(crate) name: String,
    /// Short name.
    #[serde(rename = "kurz")]
    pub(crate) short: String,
    /// The goals with a change in themselves or in their measures: in new order, then the
    /// removed ones.
    pub(crate) ziele: Vec<GoalSection>,
}

/// A goal with the rows of what changed in it and in its measures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct GoalSection {
    /// `Ziel PR-1` (the new number); `Ziel PR-3 (entfallen)` for a removed goal.
    #[serde(rename = "titel")]
    pub(crate) title: String,
    /// The goal's wording (the new one; of a removed goal, the old one).
    pub(crate) text: String,
    /// The goal's own row first, if it changed; then its measures' rows.
    #[serde(rename = "zeilen")]
    pub(crate) rows: Vec<Row>,
}

/// One goal or measure in both versions.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct Row {
    /// `Ziel PR-1`, `Maßnahme PR-1.2`.
    #[serde(rename = "gegenstand")]
    pub(crate) subject: String,
    /// What happened in words: `neu`, `entfallen`, `geändert` or `umpriorisiert`, then
    /// `Priorität 5 → 4`, `Nummer 1.3 → 1.2`, `Ziel 1 → 2` where those changed.
    #[serde(rename = "kennzeichen")]
    pub(crate) labels: Vec<String>,
    /// The old version, value by value; empty for a new item.
    #[serde(rename = "bisher")]
    pub(crate) old: Vec<Line>,
    /// The new version, value by value; empty for a removed item.
    #[serde(rename = "neu")]
    pub(crate) new: Vec<Line>,
}

/// One value of an item's version: the wording itself, or a named value.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct Line {
    /// `Umsetzung`, `Priorität` …; none for the wording itself.
    #[serde(rename = "feld")]
    pub(crate) field: Option<&'static str>,
    /// The value in runs, the changed words marked.
    #[serde(rename = "teile")]
    pub(crate) parts: Vec<Part>,
}

/// The Synopse between the AGs of two states of a concept.
pub(crate) fn synopse(old: &[Arbeitsgruppe], new: &[Arbeitsgruppe]) -> Synopse {
    Synopse {
        arbeitsgruppen: pairs::over_ag_pairs(old, new, ag_synopse),
    }
}

/// Where a row goes: under a goal of the new state, or under a removed one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    New(usize),
    Removed(usize),
}

fn ag_synopse(old: &Arbeitsgruppe, new: &Arbeitsgruppe) -> Option<AgSynopse> {
    let pairs = AgPairs::new(old, new);
    let mut rows: Vec<(Section, Row)> = Vec::new();
    for &(i, j) in &pairs.goals.pairs {
        let fields = pairs.goal_fields(i, j);
        if !fields.is_empty() {
            let n = &new.ziele[j];
            rows.push((
                Section::New(j),
                changed_row("Ziel", &n.number, goal_values(n), &fields),
            ));
        }
    }
    for &j in &pairs.goals.added {
        let n = &new.ziele[j];
        rows.push((
            Section::New(j),
            whole_row("Ziel", &n.number, ChangeKind::Added, goal_values(n)),
        ));
    }
    for &i in &pairs.goals.removed {
        let a = &old.ziele[i];
        rows.push((
            Section::Removed(i),
            whole_row("Ziel", &a.number, ChangeKind::Removed, goal_values(a)),
        ));
    }
    // Measures in new order, the removed ones after them.
    let mut measure_rows: Vec<(Section, Row)> = Vec::new();
    let mut paired = pairs.measures.pairs.iter().peekable();
    for (j, placed) in pairs.new_measures.iter().enumerate() {
        let m = placed.measure;
        let section = Section::New(placed.goal);
        if let Some(&(i, _)) = paired.next_if(|(_, pj)| *pj == j) {
            let fields = pairs.measure_fields(i, j);
            if !fields.is_empty() {
                let now = measure_values_of(m, placed.goal_number);
                measure_rows.push((section, changed_row("Maßnahme", &m.number, now, &fields)));
            }
        } else {
            let now = measure_values_of(m, placed.goal_number);
            measure_rows.push((
                section,
                whole_row("Maßnahme", &m.number, ChangeKind::Added, now),
            ));
        }
    }
    for &i in &pairs.measures.removed {
        let placed = pairs.old_measures[i];
        let section = pairs
            .goals
            .pairs
            .iter()
            .find(|&&(gi, _)| gi == placed.goal)
            .map_or(Section::Removed(placed.goal), |&(_, gj)| Section::New(gj));
        let before = measure_values_of(placed.measure, placed.goal_number);
        measure_rows.push((
            section,
            whole_row(
                "Maßnahme",
                &placed.measure.number,
                ChangeKind::Removed,
                before,
            ),
        ));
    }
    rows.extend(measure_rows);
    if rows.is_empty() {
        return None;
    }
    let sections = (0..new.ziele.len())
        .map(Section::New)
        .chain(pairs.goals.removed.iter().map(|&i| Section::Removed(i)));
    let ziele = sections
        .filter_map(|section| {
            let goal: &Ziel = match section {
                Section::New(j) => &new.ziele[j],
                Section::Removed(i) => &old.ziele[i],
            };
            let rows: Vec<Row> = rows
                .iter()
                .filter(|(s, _)| *s == section)
                .map(|(_, row)| row.clone())
                .collect();
            let title = match section {
                Section::New(_) => format!("Ziel {}", goal.number),
                Section::Removed(_) => format!("Ziel {} (entfallen)", goal.number),
            };
            (!rows.is_empty()).then(|| GoalSection {
                title,
                text: goal.text.clone(),
                rows,
            })
        })
        .collect();
    Some(AgSynopse {
        name: new.name.clone(),
        short: new.short.clone(),
        ziele,
    })
}

/// A goal's values as the Synopse shows them.
fn goal_values(z: &Ziel) -> Vec<(Field, String)> {
    vec![
        (Field::Number, z.number.clone()),
        (Field::Text, z.text.clone()),
        (Field::Prioritaet, z.prioritaet.to_string()),
    ]
}

/// A measure's values as the Synopse shows them.
fn measure_values_of(m: &Massnahme, goal: &str) -> Vec<(Field, String)> {
    let mut values = vec![
        (Field::Number, m.number.clone()),
        (Field::Text, m.text.clone()),
        (Field::Ziel, goal.to_owned()),
    ];
    values.extend(measure_values(m));
    values
}

/// A new or a removed item: its whole version on its side, nothing on the other.
fn whole_row(what: &str, number: &str, kind: ChangeKind, values: Vec<(Field, String)>) -> Row {
    let lines: Vec<Line> = values
        .into_iter()
        .filter(|(field, value)| shown_always(*field) && !value.is_empty())
        .map(|(field, value)| Line {
            field: label(field),
            parts: words::unchanged(&value),
        })
        .collect();
    let (old, new) = match kind {
        ChangeKind::Removed => (lines, Vec::new()),
        ChangeKind::Added | ChangeKind::Changed => (Vec::new(), lines),
    };
    Row {
        subject: format!("{what} {number}"),
        labels: vec![verb(kind, &[]).to_owned()],
        old,
        new,
    }
}

/// A changed item: both versions value by value, the changed words marked. The old version
/// is the new one with the old values that `fields` names, so the Synopse shows a value as
/// changed exactly where the change list does.
fn changed_row(what: &str, number: &str, now: Vec<(Field, String)>, fields: &[FieldChange]) -> Row {
    let mut labels = vec![verb(ChangeKind::Changed, fields).to_owned()];
    labels.extend(
        fields
            .iter()
            .filter(|f| matches!(f.field, Field::Prioritaet | Field::Number | Field::Ziel))
            .map(|f| format!("{} {} → {}", f.field.label(), f.old, f.new)),
    );
    let mut old = Vec::new();
    let mut new = Vec::new();
    for (field, value) in now {
        let change = fields.iter().find(|f| f.field == field);
        let previous = change.map_or(value.as_str(), |c| c.old.as_str());
        if change.is_none() && (!shown_always(field) || value.is_empty()) {
            continue;
        }
        let (o, n) = words::diff(previous, &value);
        old.push(Line {
            field: label(field),
            parts: o,
        });
        new.push(Line {
            field: label(field),
            parts: n,
        });
    }
    Row {
        subject: format!("{what} {number}"),
        labels,
        old,
        new,
    }
}

/// Whether a value is part of every version shown; a number and a measure's goal are shown
/// only where they changed (the first column names the item under its goal).
fn shown_always(field: Field) -> bool {
    !matches!(field, Field::Number | Field::Ziel)
}

/// The name a value carries in its cell; the wording itself carries none.
fn label(field: Field) -> Option<&'static str> {
    (field != Field::Text).then(|| field.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::words::PartKind;

    fn ag(ziele: Vec<Ziel>) -> Vec<Arbeitsgruppe> {
        vec![Arbeitsgruppe {
            name: "Politik und Recht".to_owned(),
            short: "PR".to_owned(),
            ziele,
            ..Arbeitsgruppe::default()
        }]
    }

    fn ziel(number: &str, prioritaet: u32, text: &str, massnahmen: Vec<Massnahme>) -> Ziel {
        Ziel {
            number: number.to_owned(),
            prioritaet,
            text: text.to_owned(),
            massnahmen,
            ..Ziel::default()
        }
    }

    fn massnahme(number: &str, text: &str, finanzierung: &str) -> Massnahme {
        Massnahme {
            number: number.to_owned(),
            text: text.to_owned(),
            finanzierung: Some(finanzierung.to_owned()).filter(|f| !f.is_empty()),
            ..Massnahme::default()
        }
    }

    /// A column of a row as `Feld: text[-struck-]{+inserted+}`, one line per value.
    fn column(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| {
                let text: String = line
                    .parts
                    .iter()
                    .map(|p| match p.kind {
                        PartKind::Same => p.text.clone(),
                        PartKind::Deleted => format!("[-{}-]", p.text),
                        PartKind::Inserted => format!("{{+{}+}}", p.text),
                    })
                    .collect();
                match line.field {
                    Some(field) => format!("{field}: {text}"),
                    None => text,
                }
            })
            .collect()
    }

    #[test]
    fn changed_measures_show_both_wordings_under_their_goal() {
        let old = ag(vec![
            ziel(
                "PR-1",
                1,
                "Mehr Beteiligung",
                vec![
                    massnahme("PR-1.1", "Wahlinformation", "Haushalt"),
                    massnahme("PR-1.2", "Politische Bildung für Zugewanderte", "6.000 €"),
                ],
            ),
            ziel(
                "PR-2",
                2,
                "Willkommensbehörde",
                vec![massnahme("PR-2.1", "Merkblätter", "")],
            ),
        ]);
        let new = ag(vec![
            ziel(
                "PR-1",
                1,
                "Mehr Beteiligung",
                vec![
                    massnahme("PR-1.1", "Wahlinformation", "Haushalt"),
                    massnahme(
                        "PR-1.2",
                        "Politische Bildung für alle Zugewanderten",
                        "8.000 €",
                    ),
                    massnahme("PR-1.3", "Ratsbesuche", ""),
                ],
            ),
            ziel("PR-2", 2, "Willkommensbehörde", Vec::new()),
        ]);
        let synopse = synopse(&old, &new);
        let ag = &synopse.arbeitsgruppen[0];
        assert_eq!(ag.short, "PR");
        let titles: Vec<&str> = ag.ziele.iter().map(|z| z.title.as_str()).collect();
        assert_eq!(titles, ["Ziel PR-1", "Ziel PR-2"]);
        let rows = &ag.ziele[0].rows;
        assert_eq!(rows.len(), 2, "the unchanged PR-1.1 is left out");
        assert_eq!(rows[0].subject, "Maßnahme PR-1.2");
        assert_eq!(rows[0].labels, ["geändert"]);
        assert_eq!(
            column(&rows[0].old),
            [
                "Politische Bildung für [-Zugewanderte-]",
                "Finanzierung: [-6.000-] €"
            ]
        );
        assert_eq!(
            column(&rows[0].new),
            [
                "Politische Bildung für {+alle Zugewanderten+}",
                "Finanzierung: {+8.000+} €"
            ]
        );
        assert_eq!(rows[1].labels, ["neu"]);
        assert!(rows[1].old.is_empty());
        assert_eq!(column(&rows[1].new), ["Ratsbesuche"]);
        let removed = &ag.ziele[1].rows[0];
        assert_eq!(
            (removed.subject.as_str(), removed.labels.as_slice()),
            ("Maßnahme PR-2.1", ["entfallen".to_owned()].as_slice())
        );
        assert_eq!(column(&removed.old), ["Merkblätter"]);
        assert!(removed.new.is_empty());
    }

    #[test]
    fn goals_new_removed_and_reprioritised_are_labelled() {
        let old = ag(vec![
            ziel("1", 1, "Alle Kinder sprechen Deutsch.", Vec::new()),
            ziel(
                "2",
                2,
                "Mehr Abschlüsse.",
                vec![massnahme("2.1", "Bewerbungstraining", "")],
            ),
        ]);
        let new = ag(vec![
            ziel("1", 1, "Eltern beteiligen sich.", Vec::new()),
            ziel("2", 2, "Alle Kinder sprechen Deutsch.", Vec::new()),
        ]);
        let synopse = synopse(&old, &new);
        let ziele = &synopse.arbeitsgruppen[0].ziele;
        let summary: Vec<(&str, Vec<String>)> = ziele
            .iter()
            .flat_map(|z| &z.rows)
            .map(|r| (r.subject.as_str(), r.labels.clone()))
            .collect();
        // Goals numbered by their rank: one change, the priority's.
        assert_eq!(
            summary,
            [
                ("Ziel 1", vec!["neu".to_owned()]),
                (
                    "Ziel 2",
                    vec!["umpriorisiert".to_owned(), "Priorität 1 → 2".to_owned()]
                ),
                ("Ziel 2", vec!["entfallen".to_owned()]),
                ("Maßnahme 2.1", vec!["entfallen".to_owned()]),
            ]
        );
        let moved = &ziele[1].rows[0];
        assert_eq!(
            column(&moved.old),
            ["Alle Kinder sprechen Deutsch.", "Priorität: [-1-]"]
        );
        assert_eq!(
            column(&moved.new),
            ["Alle Kinder sprechen Deutsch.", "Priorität: {+2+}"]
        );
        assert_eq!(ziele[2].title, "Ziel 2 (entfallen)");
        assert_eq!(ziele[2].text, "Mehr Abschlüsse.");
    }

    #[test]
    fn the_same_state_has_no_synopse() {
        let state = ag(vec![ziel("1", 1, "Ziel", vec![massnahme("1.1", "M", "")])]);
        assert_eq!(synopse(&state, &state), Synopse::default());
    }
}
