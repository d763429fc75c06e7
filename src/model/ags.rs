//! Which AG a table row belongs to: its `AG` cell, the workbook's `AG` sheet, or the file
//! name, matched against the Handlungsfelder by name, short name or number.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::model::config::Handlungsfeld;
use crate::tables::columns::normalise;

/// The Handlungsfelder of konzept.toml, for matching.
pub(crate) struct AgIndex<'a> {
    handlungsfelder: &'a [Handlungsfeld],
    /// Name and short name of each Handlungsfeld, normalised once (matching runs per row).
    folded: Vec<(String, String)>,
    /// What each path asked about said: a workbook's tables all ask for its path, and every
    /// answer searches the path for every Handlungsfeld.
    paths: RefCell<HashMap<String, PathAg>>,
}

/// What a file path says about its AG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PathAg {
    /// Exactly one AG (index into the Handlungsfelder).
    Unique(usize),
    /// No AG can be read from the path.
    Missing,
    /// Several AGs fit the same path component.
    Ambiguous(Vec<usize>),
}

impl<'a> AgIndex<'a> {
    /// Indexes the Handlungsfelder.
    pub(crate) fn new(handlungsfelder: &'a [Handlungsfeld]) -> Self {
        let folded = handlungsfelder
            .iter()
            .map(|f| (normalise(&f.name), normalise(&f.short)))
            .collect();
        Self {
            handlungsfelder,
            folded,
            paths: RefCell::default(),
        }
    }

    /// The AG named by a cell: `Sprache und Bildung`, `SB`, `1`, `AG 1`.
    pub(crate) fn by_value(&self, text: &str) -> Option<usize> {
        let wanted = normalise(text);
        if wanted.is_empty() {
            return None;
        }
        self.folded
            .iter()
            .position(|(name, short)| *name == wanted || *short == wanted)
            .or_else(|| self.by_number(wanted.strip_prefix("ag").unwrap_or(&wanted)))
    }

    fn by_number(&self, digits: &str) -> Option<usize> {
        let n: usize = digits.parse().ok()?;
        (1..=self.handlungsfelder.len()).contains(&n).then(|| n - 1)
    }

    /// The AG a file path names, from the file name first, then its folders (nearest first).
    pub(crate) fn by_path(&self, path: &str) -> PathAg {
        if let Some(known) = self.paths.borrow().get(path) {
            return known.clone();
        }
        let found = self.read_path(path);
        self.paths
            .borrow_mut()
            .insert(path.to_owned(), found.clone());
        found
    }

    fn read_path(&self, path: &str) -> PathAg {
        let components: Vec<&str> = path
            .split(['/', '›'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        for component in components.iter().rev() {
            let stem = component
                .rsplit_once('.')
                .map_or(*component, |(stem, _)| stem);
            let mut found = self.in_component(stem);
            found.sort_unstable();
            found.dedup();
            match found.as_slice() {
                [] => continue,
                [one] => return PathAg::Unique(*one),
                _ => return PathAg::Ambiguous(found),
            }
        }
        PathAg::Missing
    }

    /// AGs a single path component names: a whole name, a short name or `agN` as a word.
    fn in_component(&self, stem: &str) -> Vec<usize> {
        let folded = normalise(stem);
        let words: Vec<String> = stem
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(normalise)
            .collect();
        let mut found: Vec<usize> = self
            .folded
            .iter()
            .enumerate()
            .filter(|(_, (name, short))| folded.contains(name.as_str()) || words.contains(short))
            .map(|(i, _)| i)
            .collect();
        for (i, word) in words.iter().enumerate() {
            let number = match word.strip_prefix("ag") {
                Some("") => words.get(i + 1).map(String::as_str),
                Some(rest) => Some(rest),
                None => None,
            };
            found.extend(number.and_then(|n| self.by_number(n)));
        }
        found
    }

    /// Names of all Handlungsfelder, for messages.
    pub(crate) fn names(&self) -> String {
        self.handlungsfelder
            .iter()
            .map(|f| format!("„{}“ ({})", f.name, f.short))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handlungsfelder() -> Vec<Handlungsfeld> {
        [
            ("Sprache und Bildung", "SB"),
            ("Arbeit und Soziales", "AS"),
            ("Freizeit, Kultur und Religion", "FKR"),
            ("Politik und Recht", "PR"),
        ]
        .into_iter()
        .map(|(name, short)| Handlungsfeld {
            name: name.into(),
            short: short.into(),
            contact: None,
        })
        .collect()
    }

    #[test]
    fn cells_name_an_ag_by_name_short_name_or_number() {
        let handlungsfelder = handlungsfelder();
        let index = AgIndex::new(&handlungsfelder);
        assert_eq!(index.by_value("Sprache und Bildung"), Some(0));
        assert_eq!(index.by_value("fkr"), Some(2));
        assert_eq!(index.by_value("AG 4"), Some(3));
        assert_eq!(index.by_value("2"), Some(1));
        assert_eq!(index.by_value("Sport"), None);
        assert_eq!(index.by_value("5"), None);
    }

    #[test]
    fn file_names_name_an_ag() {
        let handlungsfelder = handlungsfelder();
        let index = AgIndex::new(&handlungsfelder);
        assert_eq!(
            index.by_path("ag/AG Sprache und Bildung.xlsx"),
            PathAg::Unique(0)
        );
        assert_eq!(
            index.by_path("ag/ag-3_freizeit-kultur-und-religion.ods"),
            PathAg::Unique(2)
        );
        assert_eq!(index.by_path("ag/ag-4_ziele.csv"), PathAg::Unique(3));
        assert_eq!(index.by_path("ag/PR/ziele.csv"), PathAg::Unique(3));
        assert_eq!(
            index.by_path("ag/batch.zip › Politik und Recht/ziele.csv"),
            PathAg::Unique(3)
        );
        assert_eq!(index.by_path("ag/ziele.csv"), PathAg::Missing);
        assert_eq!(
            index.by_path("ag/AG 1 und AG 2.xlsx"),
            PathAg::Ambiguous(vec![0, 1])
        );
    }
}
