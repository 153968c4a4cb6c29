//! Duplicate detection: two transactions on the same account with the same amount, a few days
//! apart, whose payees look alike (equal after normalising case, digits and punctuation, or
//! sharing at least half of their words), are probably one purchase entered twice.

use super::SplitRow;
use crate::ids::TransactionId;
use std::collections::{BTreeSet, HashMap};

/// The words of a payee: lower case, letters only (card numbers, dates and store numbers
/// dropped).
pub fn payee_words(payee: &str) -> BTreeSet<String> {
    payee
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .collect()
}

/// True when two payees look like the same one; two missing payees are alike.
///
/// # Examples
///
/// ```
/// use tally_core::alert::detect::similar_payees;
/// assert!(similar_payees(Some("AMAZON MKTPLACE 123"), Some("Amazon Mktplace #998")));
/// assert!(!similar_payees(Some("Rewe"), Some("Aldi")));
/// ```
pub fn similar_payees(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (wa, wb) = (payee_words(a), payee_words(b));
            if wa.is_empty() || wb.is_empty() {
                return a.trim().eq_ignore_ascii_case(b.trim());
            }
            let common = wa.intersection(&wb).count();
            let union = wa.union(&wb).count();
            common * 2 >= union
        }
        _ => false,
    }
}

/// Pairs `(lower id, higher id)` of transactions that look like duplicates, where at least
/// one side is in `fresh` (and, unless `both_fresh`, only one: two identical lines of one
/// statement or one batch are two real purchases); `rows` are the splits to compare (the
/// fresh ones and their neighbours).
pub fn duplicate_pairs(
    rows: &[SplitRow],
    fresh: &BTreeSet<TransactionId>,
    window_days: i64,
    both_fresh: bool,
) -> Vec<(TransactionId, TransactionId)> {
    let mut by_key: HashMap<(crate::AccountId, &str, rust_decimal::Decimal), Vec<&SplitRow>> =
        HashMap::new();
    for row in rows {
        by_key.entry((row.account_id, row.commodity.as_str(), row.amount)).or_default().push(row);
    }
    let mut pairs = BTreeSet::new();
    for group in by_key.values() {
        if group.len() < 2 {
            continue;
        }
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                let fresh_sides = usize::from(fresh.contains(&a.transaction_id))
                    + usize::from(fresh.contains(&b.transaction_id));
                if a.transaction_id == b.transaction_id
                    || fresh_sides == 0
                    || (fresh_sides == 2 && !both_fresh)
                    || (a.date - b.date).num_days().abs() > window_days
                    || !similar_payees(a.payee.as_deref(), b.payee.as_deref())
                {
                    continue;
                }
                let (x, y) = if a.transaction_id < b.transaction_id {
                    (a.transaction_id, b.transaction_id)
                } else {
                    (b.transaction_id, a.transaction_id)
                };
                pairs.insert((x, y));
            }
        }
    }
    pairs.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AccountId;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn row(
        tx: i64,
        account: i64,
        day: u32,
        amount: rust_decimal::Decimal,
        payee: &str,
    ) -> SplitRow {
        SplitRow {
            transaction_id: TransactionId(tx),
            account_id: AccountId(account),
            date: NaiveDate::from_ymd_opt(2026, 3, day).expect("date"),
            amount,
            commodity: "EUR".to_owned(),
            payee: Some(payee.to_owned()),
        }
    }

    #[test]
    fn finds_pairs_with_a_fresh_side() {
        let rows = [
            row(1, 7, 1, dec!(-12.5), "REWE 0815 Berlin"),
            row(2, 7, 3, dec!(-12.5), "Rewe Berlin"),
            row(3, 7, 9, dec!(-12.5), "Rewe Berlin"),
            row(4, 8, 3, dec!(-12.5), "Rewe Berlin"),
            row(5, 7, 2, dec!(-12.5), "Aldi"),
        ];
        let fresh: BTreeSet<_> = [TransactionId(2)].into();
        assert_eq!(
            duplicate_pairs(&rows, &fresh, 3, false),
            [(TransactionId(1), TransactionId(2))]
        );
        let none: BTreeSet<TransactionId> = BTreeSet::new();
        assert!(duplicate_pairs(&rows, &none, 3, false).is_empty());
        let batch: BTreeSet<_> = [TransactionId(1), TransactionId(2)].into();
        assert!(duplicate_pairs(&rows, &batch, 3, false).is_empty(), "one batch");
        assert_eq!(duplicate_pairs(&rows, &batch, 3, true).len(), 1);
    }
}
