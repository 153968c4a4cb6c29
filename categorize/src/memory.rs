//! Payee memory: the second step of categorization. A payee the user has categorized before
//! gets that category again, keyed by the normalized payee so that "SQ *BLUE BOTTLE #12" and
//! "Blue Bottle" share one entry. It counts categories per payee and answers only when one
//! category clearly dominates; a payee split between categories is left to the classifier.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One remembered (payee, category) pair with how often it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayeeMemoryEntry {
    /// The normalized payee.
    pub payee: String,
    /// The category.
    pub category: String,
    /// Times seen (a correction counts [`CORRECTION_WEIGHT`] times).
    pub count: u32,
}

/// A correction by the user weighs this many ordinary observations: what the user said last
/// should win over what the history says.
pub const CORRECTION_WEIGHT: u32 = 5;

/// What payee memory recalls for a payee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recall {
    /// The category.
    pub category: String,
    /// Its count.
    pub count: u32,
    /// All counts of this payee.
    pub total: u32,
}

/// Normalized payee -> category counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayeeMemory {
    entries: HashMap<String, Vec<(String, u32)>>,
    /// A category is recalled when its share of the payee's counts is at least
    /// `min_share_percent` percent.
    pub min_share_percent: u32,
}

impl PayeeMemory {
    /// An empty memory that recalls a category holding at least 80% of a payee's counts.
    pub fn new() -> Self {
        Self { entries: HashMap::new(), min_share_percent: 80 }
    }

    /// A memory holding these entries.
    pub fn from_entries(entries: impl IntoIterator<Item = PayeeMemoryEntry>) -> Self {
        let mut memory = Self::new();
        for entry in entries {
            memory.add(&entry.payee, &entry.category, entry.count);
        }
        memory
    }

    /// Adds `count` observations of `category` for the (already normalized) payee; an empty
    /// payee is ignored.
    pub fn add(&mut self, payee: &str, category: &str, count: u32) {
        if payee.is_empty() || count == 0 {
            return;
        }
        let counts = self.entries.entry(payee.to_owned()).or_default();
        match counts.iter_mut().find(|(c, _)| c == category) {
            Some((_, n)) => *n = n.saturating_add(count),
            None => counts.push((category.to_owned(), count)),
        }
    }

    /// Records a correction: the payee's other categories are forgotten and this one counts
    /// [`CORRECTION_WEIGHT`] on top of what it had.
    pub fn correct(&mut self, payee: &str, category: &str) {
        if payee.is_empty() {
            return;
        }
        let counts = self.entries.entry(payee.to_owned()).or_default();
        counts.retain(|(c, _)| c == category);
        match counts.first_mut() {
            Some((_, n)) => *n = n.saturating_add(CORRECTION_WEIGHT),
            None => counts.push((category.to_owned(), CORRECTION_WEIGHT)),
        }
    }

    /// The category of a normalized payee, when one dominates.
    pub fn recall(&self, payee: &str) -> Option<Recall> {
        let counts = self.entries.get(payee)?;
        let total: u32 = counts.iter().map(|(_, n)| *n).sum();
        let (category, count) = counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
        let share_ok =
            u64::from(*count) * 100 >= u64::from(total) * u64::from(self.min_share_percent);
        share_ok.then(|| Recall { category: category.clone(), count: *count, total })
    }

    /// Every entry, sorted by payee then category.
    pub fn entries(&self) -> Vec<PayeeMemoryEntry> {
        let mut out: Vec<PayeeMemoryEntry> = self
            .entries
            .iter()
            .flat_map(|(payee, counts)| {
                counts.iter().map(move |(category, count)| PayeeMemoryEntry {
                    payee: payee.clone(),
                    category: category.clone(),
                    count: *count,
                })
            })
            .collect();
        out.sort_by(|a, b| a.payee.cmp(&b.payee).then(a.category.cmp(&b.category)));
        out
    }

    /// Number of payees remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominant_category_is_recalled_split_one_is_not() {
        let mut memory = PayeeMemory::new();
        memory.add("BLUE BOTTLE", "Coffee", 9);
        memory.add("BLUE BOTTLE", "Restaurants", 1);
        memory.add("FOO", "A", 2);
        memory.add("FOO", "B", 2);
        let recall = memory.recall("BLUE BOTTLE").expect("dominant");
        assert_eq!((recall.category.as_str(), recall.count, recall.total), ("Coffee", 9, 10));
        assert_eq!(memory.recall("FOO"), None);
        assert_eq!(memory.recall("UNKNOWN"), None);
    }

    #[test]
    fn correction_wins_at_once_and_entries_round_trip() {
        let mut memory = PayeeMemory::new();
        memory.add("BLUE BOTTLE", "Restaurants", 20);
        memory.correct("BLUE BOTTLE", "Coffee");
        assert_eq!(memory.recall("BLUE BOTTLE").map(|r| r.category), Some("Coffee".to_owned()));
        let again = PayeeMemory::from_entries(memory.entries());
        assert_eq!(again, memory);
    }
}
