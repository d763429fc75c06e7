//! Which old item is which new item: goals and measures are paired by number, falling back
//! to text similarity where numbers changed.
//!
//! Similarity is the Jaccard index of the texts' word sets: words are the runs of letters
//! and digits, compared in lower case; the index is the number of words both texts share
//! divided by the number of distinct words in either (1 = same words, 0 = none shared). Two
//! texts with an index of at least [`THRESHOLD`] count as the same item, reworded.
//!
//! Pairing, in this order:
//! 1. same number and similar text (the common case: unchanged or lightly edited);
//! 2. similar text regardless of number, most similar pairs first (renumbered items, e.g.
//!    after a row was deleted above them);
//! 3. same number, whatever the text (an item rewritten under its number);
//! 4. what is left is removed (old) or added (new).

use std::collections::BTreeSet;

/// The least similarity at which two texts count as the same item, reworded.
pub(crate) const THRESHOLD: f64 = 0.5;

/// What identifies an item: its number and its text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemKey<'a> {
    /// The item's number (`1.2`, `SB-3`); may be empty.
    pub number: &'a str,
    /// The item's text.
    pub text: &'a str,
}

/// The outcome of [`pair`]: indexes into the old and the new list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pairing {
    /// Pairs (old, new), in the order of the new list.
    pub pairs: Vec<(usize, usize)>,
    /// Old items without a partner, in old order.
    pub removed: Vec<usize>,
    /// New items without a partner, in new order.
    pub added: Vec<usize>,
}

/// Pairs the old items with the new ones (see the module documentation).
pub(crate) fn pair(old: &[ItemKey<'_>], new: &[ItemKey<'_>]) -> Pairing {
    let old_words: Vec<BTreeSet<String>> = old.iter().map(|s| words(s.text)).collect();
    let new_words: Vec<BTreeSet<String>> = new.iter().map(|s| words(s.text)).collect();
    let mut partner_old: Vec<Option<usize>> = vec![None; old.len()];
    let mut partner_new: Vec<Option<usize>> = vec![None; new.len()];
    let link = |i: usize, j: usize, po: &mut [Option<usize>], pn: &mut [Option<usize>]| {
        po[i] = Some(j);
        pn[j] = Some(i);
    };
    let same_number =
        |i: usize, j: usize| !old[i].number.is_empty() && old[i].number == new[j].number;
    let similar = |i: usize, j: usize| jaccard(&old_words[i], &new_words[j]);
    // 1. Same number, similar text.
    for j in 0..new.len() {
        if let Some(i) = (0..old.len())
            .find(|&i| partner_old[i].is_none() && same_number(i, j) && similar(i, j) >= THRESHOLD)
        {
            link(i, j, &mut partner_old, &mut partner_new);
        }
    }
    // 2. Similar text, most similar first.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, _) in partner_old.iter().enumerate().filter(|(_, p)| p.is_none()) {
        for (j, _) in partner_new.iter().enumerate().filter(|(_, p)| p.is_none()) {
            let index = similar(i, j);
            if index >= THRESHOLD {
                candidates.push((index, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for (_, i, j) in candidates {
        if partner_old[i].is_none() && partner_new[j].is_none() {
            link(i, j, &mut partner_old, &mut partner_new);
        }
    }
    // 3. Same number, any text.
    for j in 0..new.len() {
        if partner_new[j].is_none()
            && let Some(i) = (0..old.len()).find(|&i| partner_old[i].is_none() && same_number(i, j))
        {
            link(i, j, &mut partner_old, &mut partner_new);
        }
    }
    Pairing {
        pairs: partner_new
            .iter()
            .enumerate()
            .filter_map(|(j, i)| i.map(|i| (i, j)))
            .collect(),
        removed: unpaired(&partner_old),
        added: unpaired(&partner_new),
    }
}

/// The similarity of two texts, 0 to 1 (see the module documentation); what the tests
/// state the rule with.
#[cfg(test)]
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    jaccard(&words(a), &words(b))
}

fn unpaired(partner: &[Option<usize>]) -> Vec<usize> {
    (0..partner.len())
        .filter(|&i| partner[i].is_none())
        .collect()
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use crate::changes::matching::{ItemKey, pair, similarity};

    fn keys<'a>(items: &'a [(&'a str, &'a str)]) -> Vec<ItemKey<'a>> {
        items
            .iter()
            .map(|(number, text)| ItemKey { number, text })
            .collect()
    }

    #[test]
    fn similarity_is_the_share_of_common_words() {
        assert_eq!(
            similarity("Sprachkurse für Mütter", "sprachkurse, für MÜTTER!"),
            1.0
        );
        assert_eq!(
            similarity(
                "Politische Bildung für Zugewanderte",
                "Politische Bildung für Neuzugewanderte"
            ),
            0.6
        );
        assert_eq!(similarity("Kita", "Schule"), 0.0);
        assert_eq!(similarity("", " - "), 1.0);
    }

    #[test]
    fn same_number_and_similar_text_pair_first() {
        let old = keys(&[
            ("1.1", "Sprachkurse für Mütter"),
            ("1.2", "Hausaufgabenhilfe"),
        ]);
        let new = keys(&[
            ("1.1", "Sprachkurse für Mütter und Väter"),
            ("1.2", "Hausaufgabenhilfe"),
        ]);
        let pairing = pair(&old, &new);
        assert_eq!(pairing.pairs, [(0, 0), (1, 1)]);
        assert!(pairing.removed.is_empty() && pairing.added.is_empty());
    }

    #[test]
    fn renumbered_items_are_found_by_their_text() {
        // 1.1 was deleted, so the old 1.2 and 1.3 moved up one number.
        let old = keys(&[
            ("1.1", "Elterncafé in der Grundschule"),
            ("1.2", "Hausaufgabenhilfe durch Ehrenamtliche"),
            ("1.3", "Mehrsprachige Elternbriefe"),
        ]);
        let new = keys(&[
            ("1.1", "Hausaufgabenhilfe durch Ehrenamtliche"),
            ("1.2", "Mehrsprachige Elternbriefe"),
        ]);
        let pairing = pair(&old, &new);
        assert_eq!(pairing.pairs, [(1, 0), (2, 1)]);
        assert_eq!(pairing.removed, [0]);
        assert!(pairing.added.is_empty());
    }

    #[test]
    fn a_rewritten_item_keeps_its_number_and_the_rest_is_added_or_removed() {
        let old = keys(&[("2", "Stadtteilmütter ausbilden"), ("3", "Dolmetscherpool")]);
        let new = keys(&[
            ("2", "Lotsinnen begleiten Familien zu Ämtern"),
            ("4", "Sportfest"),
        ]);
        let pairing = pair(&old, &new);
        assert_eq!(pairing.pairs, [(0, 0)]);
        assert_eq!(pairing.removed, [1]);
        assert_eq!(pairing.added, [1]);
    }
}
