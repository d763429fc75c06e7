//! Which old item is which new item: goals and measures are paired by number, falling back
//! to text similarity where numbers changed.
//!
//! Similarity is the Jaccard index of the texts' word sets: words are the runs of letters
//! and digits, compared in lower case; the index is the number of words both texts share
//! divided by the number of distinct words in either (1 = same words, 0 = none shared). Two
//! texts with an index of at least [`SCHWELLE`] count as the same item, reworded.
//!
//! Pairing, in this order:
//! 1. same number and similar text (the common case: unchanged or lightly edited);
//! 2. similar text regardless of number, most similar pairs first (renumbered items, e.g.
//!    after a row was deleted above them);
//! 3. same number, whatever the text (an item rewritten under its number);
//! 4. what is left is removed (old) or added (new).

use std::collections::BTreeSet;

/// The least similarity at which two texts count as the same item, reworded.
pub const SCHWELLE: f64 = 0.5;

/// What identifies an item: its number and its text.
#[derive(Clone, Copy, Debug)]
pub struct Schluessel<'a> {
    /// The item's number (`1.2`, `SB-3`); may be empty.
    pub nr: &'a str,
    /// The item's text.
    pub text: &'a str,
}

/// The outcome of [`pair`]: indexes into the old and the new list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paarung {
    /// Pairs (old, new), in the order of the new list.
    pub paare: Vec<(usize, usize)>,
    /// Old items without a partner, in old order.
    pub entfallen: Vec<usize>,
    /// New items without a partner, in new order.
    pub hinzugefuegt: Vec<usize>,
}

/// Pairs the old items with the new ones (see the module documentation).
pub fn pair(alt: &[Schluessel<'_>], neu: &[Schluessel<'_>]) -> Paarung {
    let alt_worte: Vec<BTreeSet<String>> = alt.iter().map(|s| words(s.text)).collect();
    let neu_worte: Vec<BTreeSet<String>> = neu.iter().map(|s| words(s.text)).collect();
    let mut partner_alt: Vec<Option<usize>> = vec![None; alt.len()];
    let mut partner_neu: Vec<Option<usize>> = vec![None; neu.len()];
    let link = |i: usize, j: usize, pa: &mut [Option<usize>], pn: &mut [Option<usize>]| {
        pa[i] = Some(j);
        pn[j] = Some(i);
    };
    let same_nr = |i: usize, j: usize| !alt[i].nr.is_empty() && alt[i].nr == neu[j].nr;
    let similar = |i: usize, j: usize| jaccard(&alt_worte[i], &neu_worte[j]);
    // 1. Same number, similar text.
    for j in 0..neu.len() {
        if let Some(i) = (0..alt.len())
            .find(|&i| partner_alt[i].is_none() && same_nr(i, j) && similar(i, j) >= SCHWELLE)
        {
            link(i, j, &mut partner_alt, &mut partner_neu);
        }
    }
    // 2. Similar text, most similar first.
    let mut kandidaten: Vec<(f64, usize, usize)> = Vec::new();
    for (i, _) in partner_alt.iter().enumerate().filter(|(_, p)| p.is_none()) {
        for (j, _) in partner_neu.iter().enumerate().filter(|(_, p)| p.is_none()) {
            let index = similar(i, j);
            if index >= SCHWELLE {
                kandidaten.push((index, i, j));
            }
        }
    }
    kandidaten.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for (_, i, j) in kandidaten {
        if partner_alt[i].is_none() && partner_neu[j].is_none() {
            link(i, j, &mut partner_alt, &mut partner_neu);
        }
    }
    // 3. Same number, any text.
    for j in 0..neu.len() {
        if partner_neu[j].is_none()
            && let Some(i) = (0..alt.len()).find(|&i| partner_alt[i].is_none() && same_nr(i, j))
        {
            link(i, j, &mut partner_alt, &mut partner_neu);
        }
    }
    Paarung {
        paare: partner_neu
            .iter()
            .enumerate()
            .filter_map(|(j, i)| i.map(|i| (i, j)))
            .collect(),
        entfallen: unpaired(&partner_alt),
        hinzugefuegt: unpaired(&partner_neu),
    }
}

/// The similarity of two texts, 0 to 1 (see the module documentation).
pub fn similarity(a: &str, b: &str) -> f64 {
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
    use super::*;

    fn keys<'a>(items: &'a [(&'a str, &'a str)]) -> Vec<Schluessel<'a>> {
        items
            .iter()
            .map(|(nr, text)| Schluessel { nr, text })
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
        let alt = keys(&[
            ("1.1", "Sprachkurse für Mütter"),
            ("1.2", "Hausaufgabenhilfe"),
        ]);
        let neu = keys(&[
            ("1.1", "Sprachkurse für Mütter und Väter"),
            ("1.2", "Hausaufgabenhilfe"),
        ]);
        let paarung = pair(&alt, &neu);
        assert_eq!(paarung.paare, [(0, 0), (1, 1)]);
        assert!(paarung.entfallen.is_empty() && paarung.hinzugefuegt.is_empty());
    }

    #[test]
    fn renumbered_items_are_found_by_their_text() {
        // 1.1 was deleted, so the old 1.2 and 1.3 moved up one number.
        let alt = keys(&[
            ("1.1", "Elterncafé in der Grundschule"),
            ("1.2", "Hausaufgabenhilfe durch Ehrenamtliche"),
            ("1.3", "Mehrsprachige Elternbriefe"),
        ]);
        let neu = keys(&[
            ("1.1", "Hausaufgabenhilfe durch Ehrenamtliche"),
            ("1.2", "Mehrsprachige Elternbriefe"),
        ]);
        let paarung = pair(&alt, &neu);
        assert_eq!(paarung.paare, [(1, 0), (2, 1)]);
        assert_eq!(paarung.entfallen, [0]);
        assert!(paarung.hinzugefuegt.is_empty());
    }

    #[test]
    fn a_rewritten_item_keeps_its_number_and_the_rest_is_added_or_removed() {
        let alt = keys(&[("2", "Stadtteilmütter ausbilden"), ("3", "Dolmetscherpool")]);
        let neu = keys(&[
            ("2", "Lotsinnen begleiten Familien zu Ämtern"),
            ("4", "Sportfest"),
        ]);
        let paarung = pair(&alt, &neu);
        assert_eq!(paarung.paare, [(0, 0)]);
        assert_eq!(paarung.entfallen, [1]);
        assert_eq!(paarung.hinzugefuegt, [1]);
    }
}
