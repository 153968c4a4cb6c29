//! Savings and spending goals: save toward a balance, pay a debt down, or cap spending in some
//! categories per period. Progress is computed from the linked accounts or categories plus any
//! manual contributions; the pure arithmetic (the monthly amount a deadline requires, the
//! completion date the recent pace projects, on track or behind against a straight-line
//! schedule) is here, the calls are on [`Book::goals`](crate::Book::goals).

use crate::budget::Period;
use crate::ids::{AccountId, ContributionId, GoalId};
use crate::money::{self, Rounding};
use chrono::{DateTime, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a goal measures, with the accounts or categories it is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GoalKind {
    /// Reach `target` in the balance of these asset accounts (with descendants) plus manual
    /// contributions; no accounts means contributions only.
    SaveToward {
        /// Linked accounts.
        accounts: Vec<AccountId>,
    },
    /// Bring the debt of these liability accounts down to `target` (0: paid off); manual
    /// contributions count as paid.
    PayDownDebt {
        /// Linked liability accounts.
        accounts: Vec<AccountId>,
    },
    /// Keep spending in these categories at most `target` per period.
    CapSpending {
        /// Expense categories (with descendants).
        categories: Vec<AccountId>,
        /// The period the cap applies to.
        period: Period,
    },
}

impl GoalKind {
    /// Stable snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::SaveToward { .. } => "save_toward",
            Self::PayDownDebt { .. } => "pay_down_debt",
            Self::CapSpending { .. } => "cap_spending",
        }
    }
}

/// The life cycle of a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Being worked on.
    #[default]
    Active,
    /// Reached (on `achieved_on`).
    Achieved,
    /// Put away by the user.
    Archived,
}

impl GoalStatus {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Achieved => "achieved",
            Self::Archived => "archived",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Achieved, Self::Archived].into_iter().find(|s| s.as_str() == text)
    }
}

/// Where a goal stands against its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalState {
    /// Within 1% of the straight-line schedule (or no deadline).
    OnTrack,
    /// Behind the schedule by `shortfall`.
    Behind,
    /// Ahead of the schedule.
    Ahead,
}

impl GoalState {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTrack => "on_track",
            Self::Behind => "behind",
            Self::Ahead => "ahead",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::OnTrack, Self::Behind, Self::Ahead].into_iter().find(|s| s.as_str() == text)
    }
}

/// A goal to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGoal {
    /// Name.
    pub name: String,
    /// What it measures.
    pub kind: GoalKind,
    /// Target amount (save: the balance; debt: the debt level to reach; cap: the cap).
    pub target: Decimal,
    /// Currency of the target (linked amounts are converted into it).
    pub currency: String,
    /// Optional deadline.
    pub deadline: Option<NaiveDate>,
    /// Expected annual return in percent (e.g. `4` for 4%), for projections of savings.
    pub expected_annual_return: Option<Decimal>,
    /// Months of history the pace is measured over (default 3).
    pub pace_months: u32,
}

impl NewGoal {
    /// A goal without deadline or expected return.
    pub fn new(name: &str, kind: GoalKind, target: Decimal, currency: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            target,
            currency: currency.to_owned(),
            deadline: None,
            expected_annual_return: None,
            pace_months: 3,
        }
    }

    /// Sets the deadline.
    #[must_use]
    pub fn deadline(mut self, deadline: NaiveDate) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the expected annual return (percent).
    #[must_use]
    pub fn expected_annual_return(mut self, percent: Decimal) -> Self {
        self.expected_annual_return = Some(percent);
        self
    }

    /// Sets the months of history the pace is measured over.
    #[must_use]
    pub fn pace_months(mut self, months: u32) -> Self {
        self.pace_months = months;
        self
    }
}

/// A stored goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Id.
    pub id: GoalId,
    /// Name.
    pub name: String,
    /// What it measures.
    pub kind: GoalKind,
    /// Target amount.
    pub target: Decimal,
    /// Currency.
    pub currency: String,
    /// Deadline.
    pub deadline: Option<NaiveDate>,
    /// Expected annual return (percent).
    pub expected_annual_return: Option<Decimal>,
    /// Months of history for the pace.
    pub pace_months: u32,
    /// The day it was created (the schedule starts here).
    pub start_date: NaiveDate,
    /// The measured value on `start_date` (save: the balance; debt: the debt), for the
    /// schedule.
    pub baseline: Decimal,
    /// Status.
    pub status: GoalStatus,
    /// When it was reached.
    pub achieved_on: Option<NaiveDate>,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// Changes to a goal; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalUpdate {
    /// New name.
    pub name: Option<String>,
    /// New target.
    pub target: Option<Decimal>,
    /// New deadline (`Some(None)` removes it).
    pub deadline: Option<Option<NaiveDate>>,
    /// New expected return (`Some(None)` removes it).
    pub expected_annual_return: Option<Option<Decimal>>,
    /// New pace window.
    pub pace_months: Option<u32>,
}

/// A manual contribution to a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// Id.
    pub id: ContributionId,
    /// Goal.
    pub goal_id: GoalId,
    /// Day.
    pub date: NaiveDate,
    /// Amount in the goal's currency (negative: a withdrawal).
    pub amount: Decimal,
    /// Note.
    pub note: Option<String>,
}

/// A manual contribution to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContribution {
    /// Day.
    pub date: NaiveDate,
    /// Amount in the goal's currency (not zero).
    pub amount: Decimal,
    /// Note.
    pub note: Option<String>,
}

impl NewContribution {
    /// `amount` on `date`.
    pub fn new(date: NaiveDate, amount: Decimal) -> Self {
        Self { date, amount, note: None }
    }
}

/// How a goal stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalProgress {
    /// Goal.
    pub goal_id: GoalId,
    /// The day measured ("today" of the engine's clock).
    pub as_of: NaiveDate,
    /// Status (as stored; ACHIEVED once the target was reached).
    pub status: GoalStatus,
    /// When it was reached.
    pub achieved_on: Option<NaiveDate>,
    /// Progress so far (save: balance; debt: paid down; cap: spent this period).
    pub current: Decimal,
    /// What `current` must reach (debt: baseline minus the target level; cap: the cap).
    pub target: Decimal,
    /// `target - current`, never negative.
    pub remaining: Decimal,
    /// `current / target` in percent (two decimals).
    pub percent: Decimal,
    /// Monthly amount needed from today to meet the deadline (rounded up); `None` without a
    /// deadline or for a cap.
    pub required_monthly: Option<Decimal>,
    /// Progress per month over the last `pace_months` months (cap: projected spending).
    pub monthly_pace: Decimal,
    /// When the target is reached at that pace (with the expected return); `None` when
    /// never or for a cap.
    pub projected_completion: Option<NaiveDate>,
    /// Against the straight-line schedule to the deadline (cap: projected spending against
    /// the cap).
    pub state: GoalState,
    /// How far behind the schedule (or over the cap, projected); zero otherwise.
    pub shortfall: Decimal,
    /// Linked amounts that could not be converted into the goal's currency (left out).
    pub unconverted: Vec<crate::valuation::Unconverted>,
}

/// Errors of goals.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalError {
    /// A field is malformed.
    #[error("invalid {field} `{value}`: {reason}")]
    InvalidField {
        /// Field path.
        field: String,
        /// Value.
        value: String,
        /// Why.
        reason: String,
    },
    /// No such goal in this book.
    #[error("goal {0} not found")]
    NotFound(GoalId),
    /// The goal is archived; unarchive it first.
    #[error("goal {0} is archived")]
    Archived(GoalId),
}

/// Whole months from `from` to `to`, counting a started month (at least 1 when `to` is after
/// `from`; 0 otherwise).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut n = 0;
    let mut cursor = from;
    while cursor < to && n < 12_000 {
        n += 1;
        match cursor.checked_add_months(Months::new(1)) {
            Some(next) => cursor = next,
            None => break,
        }
    }
    n
}

/// `(1 + m)^n`.
fn growth(monthly_rate: Decimal, n: u32) -> Decimal {
    let mut g = Decimal::ONE;
    for _ in 0..n {
        g *= Decimal::ONE + monthly_rate;
    }
    g
}

/// The monthly rate of an annual percentage (nominal: `percent / 1200`).
pub fn monthly_rate(annual_percent: Option<Decimal>) -> Decimal {
    annual_percent.unwrap_or_default() / Decimal::from(1200)
}

/// The monthly contribution that brings `current` to `target` in `months` months at
/// `monthly_rate` (rounded up to `scale`); the whole gap when `months` is 0.
///
/// # Examples
///
/// ```
/// use tally_core::goal::required_monthly;
/// use rust_decimal_macros::dec;
/// assert_eq!(required_monthly(dec!(1000), dec!(4000), 12, dec!(0), 2), dec!(250));
/// // Interest does part of the work.
/// assert!(required_monthly(dec!(1000), dec!(4000), 12, dec!(0.005), 2) < dec!(250));
/// ```
pub fn required_monthly(
    current: Decimal,
    target: Decimal,
    months: u32,
    monthly_rate: Decimal,
    scale: u32,
) -> Decimal {
    let gap = target - current;
    if gap <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    if months == 0 {
        return money::round(gap, scale, Rounding::Ceiling);
    }
    let raw = if monthly_rate.is_zero() {
        gap / Decimal::from(months)
    } else {
        let g = growth(monthly_rate, months);
        let missing = target - current * g;
        if missing <= Decimal::ZERO {
            Decimal::ZERO
        } else {
            missing * monthly_rate / (g - Decimal::ONE)
        }
    };
    money::round(raw, scale, Rounding::Ceiling)
}

/// The day `current` reaches `target` growing by `pace` a month plus `monthly_rate` on the
/// balance: `today` when reached, `None` when it never is within 100 years.
pub fn projected_completion(
    current: Decimal,
    target: Decimal,
    pace: Decimal,
    monthly_rate: Decimal,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if current >= target {
        return Some(today);
    }
    if pace <= Decimal::ZERO && (monthly_rate <= Decimal::ZERO || current <= Decimal::ZERO) {
        return None;
    }
    let mut value = current;
    for month in 1..=1200_u32 {
        value = value + value * monthly_rate + pace;
        if value >= target {
            return today.checked_add_months(Months::new(month));
        }
    }
    None
}

/// Where `current` stands on the straight line from `start_value` on `start` to `target` on
/// `deadline`, with 1% of the distance as tolerance. Returns the state and the shortfall.
pub fn schedule_state(
    start_value: Decimal,
    current: Decimal,
    target: Decimal,
    start: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
    scale: u32,
) -> (GoalState, Decimal) {
    if current >= target {
        return (GoalState::Ahead, Decimal::ZERO);
    }
    let total = (deadline - start).num_days();
    let elapsed = (today - start).num_days().clamp(0, total.max(0));
    let expected = if total <= 0 {
        target
    } else {
        start_value + (target - start_value) * Decimal::from(elapsed) / Decimal::from(total)
    };
    let tolerance = (target - start_value).abs() / Decimal::ONE_HUNDRED;
    let gap = money::round(expected - current, scale, Rounding::HalfEven);
    if gap > tolerance {
        (GoalState::Behind, gap)
    } else if -gap > tolerance {
        (GoalState::Ahead, Decimal::ZERO)
    } else {
        (GoalState::OnTrack, Decimal::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn months_and_requirements() {
        assert_eq!(months_between(d(2026, 1, 31), d(2026, 2, 28)), 1);
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 12, 15)), 11);
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 12, 16)), 12);
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 1, 1)), 0);
        assert_eq!(required_monthly(dec!(0), dec!(1000), 3, dec!(0), 2), dec!(333.34));
        assert_eq!(required_monthly(dec!(0), dec!(1000), 0, dec!(0), 2), dec!(1000));
        assert_eq!(required_monthly(dec!(2000), dec!(1000), 3, dec!(0), 2), dec!(0));
        // 1% a month on 1000 over 12 months alone gives 1126.83.
        let with_return = required_monthly(dec!(1000), dec!(2000), 12, dec!(0.01), 2);
        let mut v = dec!(1000);
        for _ in 0..12 {
            v = v + v * dec!(0.01) + with_return;
        }
        assert!(v >= dec!(2000) && v < dec!(2000.2), "{v}");
    }

    #[test]
    fn projections() {
        let today = d(2026, 3, 15);
        assert_eq!(
            projected_completion(dec!(100), dec!(400), dec!(100), dec!(0), today),
            Some(d(2026, 6, 15))
        );
        assert_eq!(
            projected_completion(dec!(500), dec!(400), dec!(0), dec!(0), today),
            Some(today)
        );
        assert_eq!(projected_completion(dec!(100), dec!(400), dec!(0), dec!(0), today), None);
        let faster = projected_completion(dec!(10000), dec!(12000), dec!(100), dec!(0.005), today);
        let slower = projected_completion(dec!(10000), dec!(12000), dec!(100), dec!(0), today);
        assert!(faster < slower);
    }

    #[test]
    fn schedule() {
        let (state, gap) = schedule_state(
            dec!(0),
            dec!(400),
            dec!(1200),
            d(2026, 1, 1),
            d(2027, 1, 1),
            d(2026, 7, 2),
            2,
        );
        assert_eq!(state, GoalState::Behind);
        assert_eq!(gap, dec!(198.36));
        let (state, _) = schedule_state(
            dec!(0),
            dec!(900),
            dec!(1200),
            d(2026, 1, 1),
            d(2027, 1, 1),
            d(2026, 7, 2),
            2,
        );
        assert_eq!(state, GoalState::Ahead);
        let (state, _) = schedule_state(
            dec!(0),
            dec!(600),
            dec!(1200),
            d(2026, 1, 1),
            d(2027, 1, 1),
            d(2026, 7, 2),
            2,
        );
        assert_eq!(state, GoalState::OnTrack);
    }
}
