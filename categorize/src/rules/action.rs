//! Rule actions: what a matching rule does to a transaction, and the exact arithmetic of a
//! split across categories (fixed amounts, percentages and one remainder; the parts always sum
//! to the amount, in `Decimal`, with the rounding strategy given by the caller).

use crate::error::CategorizeError;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// What one part of a split gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum SplitShare {
    /// A fixed amount (a magnitude: it takes the sign of the transaction).
    Fixed(Decimal),
    /// A percentage of the amount (0..=100), rounded to the amount's scale.
    Percent(Decimal),
    /// Whatever the other parts leave; at most one per split.
    Remainder,
}

/// One part of a split action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitPart {
    /// The category (core: an Income or Expense account path).
    pub category: String,
    /// Its share.
    pub share: SplitShare,
}

impl SplitPart {
    /// A part.
    pub fn new(category: impl Into<String>, share: SplitShare) -> Self {
        Self { category: category.into(), share }
    }
}

/// One resolved line of a split: the category and its signed amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitLine {
    /// The category.
    pub category: String,
    /// Signed amount (same sign as the transaction's amount).
    pub amount: Decimal,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Action {
    /// Sets the category.
    SetCategory(String),
    /// Renames the payee (later stages see the new name).
    RenamePayee(String),
    /// Adds tags (kept once each).
    AddTags(Vec<String>),
    /// Sets the notes.
    SetNotes(String),
    /// Splits the amount across categories.
    Split(Vec<SplitPart>),
}

impl Action {
    /// Stable snake_case name of the action.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SetCategory(_) => "set_category",
            Self::RenamePayee(_) => "rename_payee",
            Self::AddTags(_) => "add_tags",
            Self::SetNotes(_) => "set_notes",
            Self::Split(_) => "split",
        }
    }

    /// The categories this action names (core checks that each exists).
    pub fn categories(&self) -> Vec<&str> {
        match self {
            Self::SetCategory(c) => vec![c.as_str()],
            Self::Split(parts) => parts.iter().map(|p| p.category.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

/// Checks a split's shape: at least two parts, at most one remainder, percentages within
/// 0..=100 summing to at most 100, no negative fixed amount. `field` names the action.
pub fn validate_split(parts: &[SplitPart], field: &str) -> Result<(), CategorizeError> {
    let invalid = |f: String, message: &str| CategorizeError::InvalidRule {
        field: f,
        message: message.to_owned(),
    };
    if parts.len() < 2 {
        return Err(invalid(field.to_owned(), "a split needs at least two parts"));
    }
    let mut remainders = 0;
    let mut percent_total = Decimal::ZERO;
    for (i, part) in parts.iter().enumerate() {
        let here = format!("{field}.parts[{i}]");
        if part.category.trim().is_empty() {
            return Err(invalid(format!("{here}.category"), "the category is empty"));
        }
        match part.share {
            SplitShare::Fixed(v) if v.is_sign_negative() => {
                return Err(invalid(format!("{here}.share"), "a fixed amount is a magnitude >= 0"))
            }
            SplitShare::Percent(p) if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED => {
                return Err(invalid(format!("{here}.share"), "a percentage is within 0..=100"))
            }
            SplitShare::Percent(p) => percent_total += p,
            SplitShare::Remainder => remainders += 1,
            SplitShare::Fixed(_) => {}
        }
    }
    if remainders > 1 {
        return Err(invalid(field.to_owned(), "a split has at most one remainder part"));
    }
    if percent_total > Decimal::ONE_HUNDRED {
        return Err(invalid(field.to_owned(), "the percentages add up to more than 100"));
    }
    Ok(())
}

/// Resolves a split of `amount` into signed lines that sum exactly to `amount`.
///
/// Percentages are rounded to the amount's scale with `rounding`. Without a remainder part,
/// what rounding leaves over goes to the last percentage part; fixed amounts that leave a gap
/// with no remainder or percentage part to absorb it are an error, as are fixed amounts larger
/// than the amount.
///
/// # Errors
///
/// `CategorizeError::SplitMismatch` when the parts cannot add up to the amount.
pub fn resolve_split(
    amount: Decimal,
    parts: &[SplitPart],
    rounding: RoundingStrategy,
) -> Result<Vec<SplitLine>, CategorizeError> {
    let scale = amount.scale();
    let magnitude = amount.abs();
    let negative = amount.is_sign_negative();
    let mut lines: Vec<SplitLine> = Vec::with_capacity(parts.len());
    let mut assigned = Decimal::ZERO;
    let mut remainder_at = None;
    let mut last_percent = None;
    for (i, part) in parts.iter().enumerate() {
        let value = match part.share {
            SplitShare::Fixed(v) => v,
            SplitShare::Percent(p) => {
                last_percent = Some(i);
                (magnitude * p / Decimal::ONE_HUNDRED).round_dp_with_strategy(scale, rounding)
            }
            SplitShare::Remainder => {
                remainder_at = Some(i);
                Decimal::ZERO
            }
        };
        assigned += value;
        lines.push(SplitLine { category: part.category.clone(), amount: value });
    }
    let left = magnitude - assigned;
    match (remainder_at, last_percent) {
        (Some(i), _) if left >= Decimal::ZERO => lines[i].amount = left,
        (None, Some(i))
            if lines[i].amount + left >= Decimal::ZERO
                && left.abs() <= tolerance(scale, parts.len()) =>
        {
            lines[i].amount += left
        }
        (None, _) if left.is_zero() => {}
        _ => {
            return Err(CategorizeError::SplitMismatch {
                message: format!("the parts add up to {assigned} but the amount is {magnitude}"),
            })
        }
    }
    if negative {
        for line in &mut lines {
            line.amount = -line.amount;
        }
    }
    Ok(lines)
}

/// The most that rounding percentages can leave over: one unit of the last place per part.
fn tolerance(scale: u32, parts: usize) -> Decimal {
    Decimal::new(i64::try_from(parts).unwrap_or(i64::MAX), scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn pct(c: &str, p: Decimal) -> SplitPart {
        SplitPart::new(c, SplitShare::Percent(p))
    }

    #[test]
    fn fixed_and_remainder() {
        let parts = vec![
            SplitPart::new("Groceries", SplitShare::Fixed(dec!(30))),
            SplitPart::new("Household", SplitShare::Remainder),
        ];
        let lines = resolve_split(dec!(-100.00), &parts, RoundingStrategy::MidpointNearestEven);
        let lines = lines.expect("resolves");
        assert_eq!(lines[0].amount, dec!(-30));
        assert_eq!(lines[1].amount, dec!(-70.00));
    }

    #[test]
    fn thirds_absorb_rounding_in_last_percentage() {
        let parts = vec![pct("A", dec!(33.3333)), pct("B", dec!(33.3333)), pct("C", dec!(33.3334))];
        let lines = resolve_split(dec!(10.00), &parts, RoundingStrategy::MidpointAwayFromZero)
            .expect("resolves");
        assert_eq!(lines.iter().map(|l| l.amount).sum::<Decimal>(), dec!(10.00));
        assert_eq!(lines[0].amount, dec!(3.33));
    }

    #[test]
    fn too_much_fixed_is_an_error() {
        let parts = vec![
            SplitPart::new("A", SplitShare::Fixed(dec!(80))),
            SplitPart::new("B", SplitShare::Fixed(dec!(30))),
        ];
        let err = resolve_split(dec!(100), &parts, RoundingStrategy::ToZero);
        assert!(matches!(err, Err(CategorizeError::SplitMismatch { .. })));
    }

    #[test]
    fn validation_names_the_field() {
        let parts = vec![
            SplitPart::new("A", SplitShare::Remainder),
            SplitPart::new("B", SplitShare::Percent(dec!(120))),
        ];
        let err = validate_split(&parts, "actions[1]").expect_err("invalid");
        assert_eq!(err.field(), Some("actions[1].parts[1].share"));
    }

    proptest! {
        #[test]
        fn split_with_remainder_sums_to_amount(
            cents in -10_000_000i64..10_000_000,
            percents in proptest::collection::vec(0u32..=30, 1..4),
            fixed in 0i64..1000,
        ) {
            let amount = Decimal::new(cents, 2);
            let mut parts: Vec<SplitPart> = percents
                .iter()
                .enumerate()
                .map(|(i, p)| pct(&format!("P{i}"), Decimal::from(*p)))
                .collect();
            parts.push(SplitPart::new("R", SplitShare::Remainder));
            if Decimal::new(fixed, 2) <= amount.abs() * dec!(0.1) {
                parts.push(SplitPart::new("F", SplitShare::Fixed(Decimal::new(fixed, 2))));
            }
            let lines = resolve_split(amount, &parts, RoundingStrategy::MidpointNearestEven)
                .expect("a remainder absorbs the rest");
            prop_assert_eq!(lines.iter().map(|l| l.amount).sum::<Decimal>(), amount);
            prop_assert!(lines.iter().all(|l| l.amount.is_zero()
                || l.amount.is_sign_negative() == amount.is_sign_negative()));
        }

        #[test]
        fn percentages_to_100_sum_to_amount(cents in -10_000_000i64..10_000_000, a in 0u32..=100) {
            let amount = Decimal::new(cents, 2);
            let parts = vec![pct("A", Decimal::from(a)), pct("B", Decimal::from(100 - a))];
            let lines = resolve_split(amount, &parts, RoundingStrategy::MidpointAwayFromZero)
                .expect("resolves");
            prop_assert_eq!(lines.iter().map(|l| l.amount).sum::<Decimal>(), amount);
        }
    }
}
