//! Robust statistics for "unusual" amounts: the median and the median absolute deviation
//! (MAD) ignore the odd outlier that a mean and standard deviation would chase, so one huge
//! purchase does not make the next one look normal. Exact decimals throughout.

use crate::money::{self, Rounding};
use rust_decimal::Decimal;

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
///
/// # Examples
///
/// ```
/// use tally_core::alert::stats::median;
/// use rust_decimal_macros::dec;
/// assert_eq!(median(&[dec!(3), dec!(1), dec!(2)]), Some(dec!(2)));
/// assert_eq!(median(&[dec!(4), dec!(1), dec!(2), dec!(3)]), Some(dec!(2.5)));
/// ```
pub fn median(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / Decimal::TWO
    })
}

/// The median absolute deviation from the median.
pub fn mad(values: &[Decimal], median: Decimal) -> Option<Decimal> {
    let deviations: Vec<Decimal> = values.iter().map(|v| (*v - median).abs()).collect();
    self::median(&deviations)
}

/// The usual amounts of a payee or category: their median and MAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usual {
    /// The median.
    pub median: Decimal,
    /// The median absolute deviation.
    pub mad: Decimal,
    /// How many amounts.
    pub samples: usize,
}

/// The usual of `history`; `None` below `min_samples` amounts (at least one).
pub fn usual(history: &[Decimal], min_samples: usize) -> Option<Usual> {
    if history.len() < min_samples.max(1) {
        return None;
    }
    let median = median(history)?;
    let mad = mad(history, median)?;
    Some(Usual { median, mad, samples: history.len() })
}

/// Why an amount is unusual, with the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusual {
    /// The median of the usual amounts.
    pub median: Decimal,
    /// Their MAD.
    pub mad: Decimal,
    /// The modified z-score of the amount (two decimals); `None` when the MAD is zero.
    pub score: Option<Decimal>,
    /// How many amounts made the usual.
    pub samples: usize,
}

/// The modified z-score factor (0.6745 = the 75th percentile of the standard normal), so a
/// score reads like a z-score of normal data.
const Z_FACTOR: Decimal = Decimal::from_parts(6745, 0, 0, false, 4);

/// Whether `amount` is far above `usual`: its modified z-score `0.6745 (amount - median) /
/// MAD` exceeds `threshold`; when every usual amount is the same (MAD zero), when it is more
/// than twice the median.
pub fn check(amount: Decimal, usual: &Usual, threshold: Decimal) -> Option<Unusual> {
    let Usual { median, mad, samples } = *usual;
    if amount <= median {
        return None;
    }
    if mad.is_zero() {
        return (median > Decimal::ZERO && amount > median * Decimal::TWO).then_some(Unusual {
            median,
            mad,
            score: None,
            samples,
        });
    }
    let score = Z_FACTOR * (amount - median) / mad;
    (score > threshold).then(|| Unusual {
        median,
        mad,
        score: Some(money::round(score, 2, Rounding::HalfEven)),
        samples,
    })
}

/// [`usual`] then [`check`]: `None` below `min_samples` amounts or when `amount` is usual.
pub fn unusual(
    amount: Decimal,
    history: &[Decimal],
    min_samples: usize,
    threshold: Decimal,
) -> Option<Unusual> {
    check(amount, &usual(history, min_samples)?, threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn robust_to_one_outlier() {
        let mut history =
            vec![dec!(40), dec!(42), dec!(38), dec!(45), dec!(41), dec!(39), dec!(44), dec!(40)];
        assert_eq!(median(&history), Some(dec!(40.5)));
        assert_eq!(mad(&history, dec!(40.5)), Some(dec!(1.5)));
        let hit = unusual(dec!(400), &history, 8, dec!(3.5)).expect("unusual");
        assert_eq!(hit.score, Some(dec!(161.66)));
        assert!(unusual(dec!(46), &history, 8, dec!(3.5)).is_none());
        // One huge outlier in the history barely moves the usual.
        history.push(dec!(5000));
        assert!(unusual(dec!(400), &history, 8, dec!(3.5)).is_some());
        assert!(unusual(dec!(400), &history[..5], 8, dec!(3.5)).is_none(), "too few samples");
    }

    #[test]
    fn flat_history() {
        let history = vec![dec!(9.99); 10];
        assert!(unusual(dec!(9.99), &history, 8, dec!(3.5)).is_none());
        assert!(unusual(dec!(15), &history, 8, dec!(3.5)).is_none());
        let hit = unusual(dec!(25), &history, 8, dec!(3.5)).expect("more than twice");
        assert_eq!((hit.median, hit.mad, hit.score), (dec!(9.99), dec!(0), None));
    }
}
