//! The status of a budget period: per category what was allocated, rolled in, spent and is
//! available, how much of it is used, and where spending is heading at the pace so far.

use crate::ids::{AccountId, BudgetId};
use crate::money::{self, Rounding};
use crate::valuation::Unconverted;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PeriodRange;

/// One category in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryStatus {
    /// Category.
    pub account_id: AccountId,
    /// Its path.
    pub path: String,
    /// Allocated for the period.
    pub allocated: Decimal,
    /// Carried in from the period before (negative: overspending carried).
    pub rolled_in: Decimal,
    /// Spent in the period through the status date (income categories: received).
    pub spent: Decimal,
    /// `allocated + rolled_in - spent`.
    pub available: Decimal,
    /// `spent / (allocated + rolled_in)` in percent, two decimals; `None` when nothing was
    /// budgeted.
    pub percent_used: Option<Decimal>,
    /// Spending by the period's end at the pace so far.
    pub projected_spend: Decimal,
}

/// The sums of every category.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BudgetTotals {
    /// Allocated.
    pub allocated: Decimal,
    /// Rolled in.
    pub rolled_in: Decimal,
    /// Spent.
    pub spent: Decimal,
    /// Available.
    pub available: Decimal,
    /// Percent used of the whole budget.
    pub percent_used: Option<Decimal>,
    /// Projected spending.
    pub projected_spend: Decimal,
}

/// The pool of an envelope budget in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolStatus {
    /// To be budgeted at the end of the period before.
    pub carried_in: Decimal,
    /// Surplus returned minus overspending taken when the period before ended.
    pub settled_in: Decimal,
    /// Income of the period through the status date.
    pub income: Decimal,
    /// Allocated in the period.
    pub allocated: Decimal,
    /// What is left to budget: `carried_in + settled_in + income - allocated`.
    pub to_be_budgeted: Decimal,
}

/// The status of one period of a budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetStatus {
    /// Budget.
    pub budget_id: BudgetId,
    /// Its currency: every amount here is in it.
    pub currency: String,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Last day of the period.
    pub period_end: NaiveDate,
    /// The status date (spending counts through it).
    pub as_of: NaiveDate,
    /// Per category, in the budget's order.
    pub categories: Vec<CategoryStatus>,
    /// Sums of the categories.
    pub totals: BudgetTotals,
    /// The pool (envelope mode only).
    pub pool: Option<PoolStatus>,
    /// Amounts that could not be converted into the budget's currency (left out of `spent`).
    pub unconverted: Vec<Unconverted>,
}

/// `part / whole` in percent with two decimals, `None` when `whole` is not positive.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (whole > Decimal::ZERO).then(|| {
        let mut p = money::round(part * Decimal::ONE_HUNDRED / whole, 2, Rounding::HalfEven);
        p.rescale(2);
        p
    })
}

/// Spending by the end of `range` at the pace of `spent` through `as_of` (the whole figure
/// once the period is over), rounded to `scale`.
pub fn projected(
    spent: Decimal,
    range: PeriodRange,
    as_of: NaiveDate,
    scale: u32,
    rounding: Rounding,
) -> Decimal {
    if as_of >= range.end || spent <= Decimal::ZERO {
        return spent;
    }
    let elapsed = (as_of - range.start).num_days() + 1;
    if elapsed <= 0 {
        return spent;
    }
    money::round(spent * Decimal::from(range.days()) / Decimal::from(elapsed), scale, rounding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn projections_and_percentages() {
        let d = |m, day| NaiveDate::from_ymd_opt(2028, m, day).expect("date");
        let feb = PeriodRange { start: d(2, 1), end: d(2, 29) };
        assert_eq!(projected(dec!(100), feb, d(2, 10), 2, Rounding::HalfEven), dec!(290));
        assert_eq!(projected(dec!(100), feb, d(3, 1), 2, Rounding::HalfEven), dec!(100));
        assert_eq!(percent(dec!(80), dec!(100)), Some(dec!(80)));
        assert_eq!(percent(dec!(1), dec!(3)), Some(dec!(33.33)));
        assert_eq!(percent(dec!(1), dec!(0)), None);
    }
}
