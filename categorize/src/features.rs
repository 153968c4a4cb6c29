//! What the categorizer sees of a transaction, and how the classifier turns it into numbers.
//! [`Features`] is the plain record core fills from a ledger transaction (this crate knows no
//! ledger types); [`FeatureVector`] is its sparse hashed form: word and character n-grams of the
//! normalized payee and the memo, an amount bucket, the sign, the account and the weekday, each
//! hashed into a fixed number of buckets so a model's size never depends on the vocabulary.

use crate::normalize::normalize_payee;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One transaction as the categorizer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Features {
    /// Payee as written (raw descriptor or cleaned name).
    pub payee: String,
    /// Memo or narration.
    pub memo: String,
    /// Signed amount on the funding account: negative = money out.
    pub amount: Decimal,
    /// The funding account's name or path (`Assets:Bank:Checking`).
    pub account: String,
    /// Civil date of the transaction.
    pub date: NaiveDate,
    /// Merchant category code (ISO 18245), when the bank sends one.
    pub mcc: Option<u16>,
    /// Tags already on the transaction.
    pub tags: Vec<String>,
}

impl Features {
    /// Features with payee, amount, account and date; memo empty, no MCC, no tags.
    pub fn new(
        payee: impl Into<String>,
        amount: Decimal,
        account: impl Into<String>,
        date: NaiveDate,
    ) -> Self {
        Self {
            payee: payee.into(),
            memo: String::new(),
            amount,
            account: account.into(),
            date,
            mcc: None,
            tags: Vec::new(),
        }
    }

    /// Sets the memo.
    pub fn with_memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = memo.into();
        self
    }

    /// Sets the merchant category code.
    pub fn with_mcc(mut self, mcc: u16) -> Self {
        self.mcc = Some(mcc);
        self
    }

    /// Sets the tags.
    pub fn with_tags(mut self, tags: Vec<String>) -> Self {
        self.tags = tags;
        self
    }

    /// The normalized payee (see [`normalize_payee`]); the memo's when the payee is empty.
    pub fn normalized_payee(&self) -> String {
        let payee = normalize_payee(&self.payee);
        if payee.is_empty() {
            normalize_payee(&self.memo)
        } else {
            payee
        }
    }
}

/// Upper bounds of the amount buckets (absolute value), in the amount's currency unit.
const AMOUNT_BOUNDS: [i64; 12] = [1, 3, 5, 10, 20, 35, 50, 100, 200, 500, 1000, 5000];

/// The bucket of an absolute amount: 0 for under 1, 12 for 5000 and more.
pub fn amount_bucket(amount: Decimal) -> usize {
    let abs = amount.abs();
    AMOUNT_BOUNDS
        .iter()
        .position(|bound| abs < Decimal::from(*bound))
        .unwrap_or(AMOUNT_BOUNDS.len())
}

/// A sparse hashed feature vector: sorted distinct bucket indices with their counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FeatureVector {
    /// (bucket, count) pairs, sorted by bucket, buckets distinct.
    pub entries: Vec<(u32, u16)>,
}

/// FNV-1a over a namespace byte and the text: stable across platforms and versions, which a
/// saved model depends on.
fn hash(namespace: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(&namespace).chain(parts.iter().flat_map(|p| p.iter())) {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Turns [`Features`] into a [`FeatureVector`] of `2^bits` buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Featurizer {
    /// Number of hash bits: the vector has `2^bits` buckets.
    pub bits: u8,
}

impl Featurizer {
    /// A featurizer of `2^bits` buckets.
    pub fn new(bits: u8) -> Self {
        Self { bits }
    }

    /// Number of buckets.
    pub fn dims(&self) -> usize {
        1usize << self.bits
    }

    /// The hashed features of one transaction.
    pub fn vector(&self, features: &Features) -> FeatureVector {
        let mask = (1u64 << self.bits) - 1;
        let mut indices: Vec<u32> = Vec::with_capacity(64);
        let mut push = |h: u64| indices.push(u32::try_from(h & mask).unwrap_or(0));
        let payee = features.normalized_payee();
        text_features(b'p', &payee, &mut push);
        let memo = features.memo.to_uppercase();
        text_features(b'm', &memo, &mut push);
        let bucket = amount_bucket(features.amount).to_le_bytes();
        push(hash(b'a', &[&bucket]));
        let sign: &[u8] = if features.amount.is_sign_negative() { b"-" } else { b"+" };
        push(hash(b's', &[sign]));
        push(hash(b'A', &[features.account.as_bytes()]));
        push(hash(b'x', &[features.account.as_bytes(), sign, &bucket]));
        let weekday = [u8::try_from(features.date.weekday().num_days_from_monday()).unwrap_or(0)];
        push(hash(b'w', &[&weekday]));
        if let Some(mcc) = features.mcc {
            push(hash(b'c', &[&mcc.to_le_bytes()]));
        }
        indices.sort_unstable();
        let mut entries: Vec<(u32, u16)> = Vec::with_capacity(indices.len());
        for index in indices {
            match entries.last_mut() {
                Some((last, count)) if *last == index => *count = count.saturating_add(1),
                _ => entries.push((index, 1)),
            }
        }
        FeatureVector { entries }
    }
}

/// Words, word bigrams and character trigrams (of each word, padded) of one text field.
fn text_features(namespace: u8, text: &str, push: &mut impl FnMut(u64)) {
    let mut previous: Option<&str> = None;
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()) {
        push(hash(namespace, &[word.as_bytes()]));
        if let Some(prev) = previous {
            push(hash(namespace.wrapping_add(1), &[prev.as_bytes(), b" ", word.as_bytes()]));
        }
        previous = Some(word);
        let chars: Vec<char> = word.chars().collect();
        // Words of CJK text have no spaces: trigrams of characters carry their meaning too.
        let padded: Vec<char> =
            std::iter::once('^').chain(chars.iter().copied()).chain(std::iter::once('$')).collect();
        let mut buf = [0u8; 16];
        for window in padded.windows(3) {
            let mut len = 0;
            for c in window {
                len += c.encode_utf8(&mut buf[len..]).len();
            }
            push(hash(namespace.wrapping_add(2), &[&buf[..len]]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 4).unwrap_or_default()
    }

    #[test]
    fn buckets_are_ordered() {
        assert_eq!(amount_bucket(dec!(0.5)), 0);
        assert_eq!(amount_bucket(dec!(-4.99)), 2);
        assert_eq!(amount_bucket(dec!(5)), 3);
        assert_eq!(amount_bucket(dec!(99999)), 12);
    }

    #[test]
    fn vectors_are_sorted_distinct_and_stable() {
        let f = Featurizer::new(12);
        let features = Features::new("SQ *BLUE BOTTLE", dec!(-4.50), "Checking", date())
            .with_memo("coffee")
            .with_mcc(5814);
        let a = f.vector(&features);
        let b = f.vector(&features.clone());
        assert_eq!(a, b);
        assert!(a.entries.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(a.entries.iter().all(|(i, _)| (*i as usize) < f.dims()));
        let other = f.vector(&Features::new("SQ *BLUE BOTTLE", dec!(4.50), "Checking", date()));
        assert_ne!(a, other);
    }
}
