//! One AG in two states, paired: which old goal and measure is which new one
//! ([`matching`](crate::changes::matching)), and which of their values differ. The change
//! list and the Synopse are both made from this, so they always agree.

use crate::changes::list::{Field, FieldChange};
use crate::changes::matching::{self, ItemKey, Pairing};
use crate::model::{Arbeitsgruppe, Massnahme, Ziel};

/// A measure with its goal.
#[derive(Clone, Copy)]
pub(crate) struct Placed<'a> {
    /// The goal's index in its AG.
    pub(crate) goal: usize,
    /// The goal's number.
    pub(crate) goal_number: &'a str,
    /// The measure.
    pub(crate) measure: &'a Massnahme,
}

/// The goals and measures of one AG in an old and a new state, paired.
pub(crate) struct AgPairs<'a> {
    /// The old state's goals.
    pub(crate) old_goals: &'a [Ziel],
    /// The new state's goals.
    pub(crate) new_goals: &'a [Ziel],
    /// Which old goal is which new one.
    pub(crate) goals: Pairing,
    /// Every measure of the old state, in goal order.
    pub(crate) old_measures: Vec<Placed<'a>>,
    /// Every measure of the new state, in goal order.
    pub(crate) new_measures: Vec<Placed<'a>>,
    /// Which old measure is which new one.
    pub(crate) measures: Pairing,
}

impl<'a> AgPairs<'a> {
    /// Pairs the goals and the measures of two states of an AG.
    pub(crate) fn new(old: &'a Arbeitsgruppe, new: &'a Arbeitsgruppe) -> Self {
        let goal_key = |z: &'a Ziel| ItemKey {
            number: &z.number,
            text: &z.text,
        };
        let measure_key = |p: &Placed<'a>| ItemKey {
            number: &p.measure.number,
            text: &p.measure.text,
        };
        let goals = matching::pair(
            &old.ziele.iter().map(goal_key).collect::<Vec<_>>(),
            &new.ziele.iter().map(goal_key).collect::<Vec<_>>(),
        );
        let old_measures = measures(old);
        let new_measures = measures(new);
        let measures = matching::pair(
            &old_measures.iter().map(measure_key).collect::<Vec<_>>(),
            &new_measures.iter().map(measure_key).collect::<Vec<_>>(),
        );
        Self {
            old_goals: &old.ziele,
            new_goals: &new.ziele,
            goals,
            old_measures,
            new_measures,
            measures,
        }
    }

    /// The new goal that the old goal numbered `old_number` became, if it has one.
    pub(crate) fn new_goal_of(&self, old_number: &str) -> Option<usize> {
        self.goals
            .pairs
            .iter()
            .find(|&&(i, _)| self.old_goals[i].number == old_number)
            .map(|&(_, j)| j)
    }

    /// What differs between the paired goals `i` (old) and `j` (new): number, text,
    /// priority. A number that only follows the priority (goals numbered by their rank, so
    /// `Nummer: 1 → 2` beside `Priorität: 1 → 2`) is one change, the priority's.
    pub(crate) fn goal_fields(&self, i: usize, j: usize) -> Vec<FieldChange> {
        let (a, n) = (&self.old_goals[i], &self.new_goals[j]);
        let mut fields = Vec::new();
        let numbered_by_rank =
            a.number == a.prioritaet.to_string() && n.number == n.prioritaet.to_string();
        if !numbered_by_rank {
            push_if_changed(&mut fields, Field::Number, &a.number, &n.number);
        }
        push_if_changed(&mut fields, Field::Text, &a.text, &n.text);
        push_if_changed(
            &mut fields,
            Field::Prioritaet,
            &a.prioritaet.to_string(),
            &n.prioritaet.to_string(),
        );
        fields
    }

    /// What differs between the paired measures `i` (old) and `j` (new): number, text, goal
    /// (only when it went to a goal other than its old goal's match: a renumbered goal
    /// moves nothing), implementation, contacts, time frame, funding.
    pub(crate) fn measure_fields(&self, i: usize, j: usize) -> Vec<FieldChange> {
        let (old, new) = (self.old_measures[i], self.new_measures[j]);
        let (old_goal, a, new_goal, n) =
            (old.goal_number, old.measure, new.goal_number, new.measure);
        let expected = self
            .new_goal_of(old_goal)
            .map_or(old_goal, |g| self.new_goals[g].number.as_str());
        let mut fields = Vec::new();
        push_if_changed(&mut fields, Field::Number, &a.number, &n.number);
        push_if_changed(&mut fields, Field::Text, &a.text, &n.text);
        push_if_changed(&mut fields, Field::Ziel, expected, new_goal);
        for ((field, old), (_, new)) in measure_values(a).into_iter().zip(measure_values(n)) {
            push_if_changed(&mut fields, field, &old, &new);
        }
        fields
    }
}

/// The values of a measure beyond number, text and goal, as compared and shown: the
/// implementation, the contacts (joined by `; `), the time frame and the funding; empty
/// where there is none.
pub(crate) fn measure_values(m: &Massnahme) -> [(Field, String); 4] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        (Field::Umsetzung, text(&m.umsetzung)),
        (Field::Ansprechpartner, m.ansprechpartner.join("; ")),
        (Field::Zeitrahmen, text(&m.zeitrahmen)),
        (Field::Finanzierung, text(&m.finanzierung)),
    ]
}

/// Every measure of an AG with its goal.
fn measures(ag: &Arbeitsgruppe) -> Vec<Placed<'_>> {
    ag.ziele
        .iter()
        .enumerate()
        .flat_map(|(goal, z)| {
            z.massnahmen.iter().map(move |measure| Placed {
                goal,
                goal_number: &z.number,
                measure,
            })
        })
        .collect()
}

/// The AGs of two states paired by name, else by short name: (old, new) indexes in new
/// order, then the old AGs that are gone.
fn pair_ags(old: &[Arbeitsgruppe], new: &[Arbeitsgruppe]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut seen = vec![false; old.len()];
    let mut out = Vec::new();
    for (j, ag) in new.iter().enumerate() {
        let partner = old
            .iter()
            .position(|a| a.name == ag.name)
            .or_else(|| old.iter().position(|a| a.short == ag.short))
            .filter(|&i| !seen[i]);
        if let Some(i) = partner {
            seen[i] = true;
        }
        out.push((partner, Some(j)));
    }
    out.extend(
        seen.iter()
            .enumerate()
            .filter(|(_, seen)| !**seen)
            .map(|(i, _)| (Some(i), None)),
    );
    out
}

/// `each` over every pair of AGs of two states (see [`pair_ags`]), an AG that is new
/// paired with an empty one and one that is gone with its names only; collects what it
/// gives. The change list and the Synopse both walk the AGs this way.
pub(crate) fn over_ag_pairs<T>(
    old: &[Arbeitsgruppe],
    new: &[Arbeitsgruppe],
    mut each: impl FnMut(&Arbeitsgruppe, &Arbeitsgruppe) -> Option<T>,
) -> Vec<T> {
    let empty = Arbeitsgruppe::default();
    let mut out = Vec::new();
    for (i, j) in pair_ags(old, new) {
        let previous = i.map_or(&empty, |i| &old[i]);
        let gone;
        let current = match j {
            Some(j) => &new[j],
            None => {
                gone = self::gone(previous);
                &gone
            }
        };
        out.extend(each(previous, current));
    }
    out
}

/// An AG that is gone, as the new state of `old`: its names, nothing in it.
fn gone(old: &Arbeitsgruppe) -> Arbeitsgruppe {
    Arbeitsgruppe {
        name: old.name.clone(),
        short: old.short.clone(),
        ..Arbeitsgruppe::default()
    }
}

fn push_if_changed(fields: &mut Vec<FieldChange>, field: Field, old: &str, new: &str) {
    if old != new {
        fields.push(FieldChange {
            field,
            old: old.to_owned(),
            new: new.to_owned(),
        });
    }
}
