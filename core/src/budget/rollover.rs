//! Rollover: what a category carries from one period into the next, and what the pool holds.
//! Per category and period, `available = allocated + rolled_in - spent`, always. At the end of
//! a period a surplus either rolls into the next period or returns to the pool; overspending
//! either carries as a negative or is taken from the pool. In envelope mode the pool ("to be
//! budgeted") also receives income and gives out allocations, so money is conserved:
//! `sum(available) + to_be_budgeted = income - spent` over every period so far.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a category's surplus goes at the end of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SurplusPolicy {
    /// Rolls into the next period of the category.
    #[default]
    Roll,
    /// Returns to the pool (in period mode: lapses).
    ReturnToPool,
}

impl SurplusPolicy {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Roll => "roll",
            Self::ReturnToPool => "return_to_pool",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Roll, Self::ReturnToPool].into_iter().find(|p| p.as_str() == text)
    }
}

/// Where a category's overspending goes at the end of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OverspendPolicy {
    /// Carries as a negative into the next period of the category.
    #[default]
    Carry,
    /// Is taken from the pool (in period mode: forgiven).
    TakeFromPool,
}

impl OverspendPolicy {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Carry => "carry",
            Self::TakeFromPool => "take_from_pool",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Carry, Self::TakeFromPool].into_iter().find(|p| p.as_str() == text)
    }
}

/// One category's figures for every period, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineInput {
    /// Surplus policy.
    pub surplus: SurplusPolicy,
    /// Overspending policy.
    pub overspend: OverspendPolicy,
    /// Allocated per period.
    pub allocated: Vec<Decimal>,
    /// Spent per period (in the budget's currency; refunds negative).
    pub spent: Vec<Decimal>,
}

/// What [`roll`] needs: the mode, income per period (envelope mode) and the lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RollInput {
    /// Envelope mode: income feeds the pool and allocations draw on it.
    pub envelope: bool,
    /// Number of periods.
    pub periods: usize,
    /// Income per period (ignored in period mode).
    pub income: Vec<Decimal>,
    /// The categories.
    pub lines: Vec<LineInput>,
}

/// One category in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinePeriod {
    /// Allocated.
    pub allocated: Decimal,
    /// Carried in from the period before.
    pub rolled_in: Decimal,
    /// Spent.
    pub spent: Decimal,
    /// `allocated + rolled_in - spent`.
    pub available: Decimal,
    /// What the end of the period sends to the pool (surplus returned: positive; overspending
    /// taken: negative).
    pub to_pool: Decimal,
}

/// The pool in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolPeriod {
    /// To be budgeted at the end of the period before.
    pub carried_in: Decimal,
    /// Surplus returned minus overspending taken at the end of the period before.
    pub settled_in: Decimal,
    /// Income of the period (envelope mode).
    pub income: Decimal,
    /// Allocated in the period (envelope mode).
    pub allocated: Decimal,
    /// `carried_in + settled_in + income - allocated`.
    pub to_be_budgeted: Decimal,
}

/// Every category and the pool in every period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RollOutput {
    /// Per line, per period.
    pub lines: Vec<Vec<LinePeriod>>,
    /// Per period.
    pub pool: Vec<PoolPeriod>,
}

fn at(values: &[Decimal], i: usize) -> Decimal {
    values.get(i).copied().unwrap_or_default()
}

/// Runs the periods in order.
///
/// # Examples
///
/// ```
/// use tally_core::budget::rollover::{roll, LineInput, RollInput};
/// use rust_decimal_macros::dec;
/// let line = LineInput {
///     allocated: vec![dec!(100), dec!(100)],
///     spent: vec![dec!(70), dec!(150)],
///     ..LineInput::default()
/// };
/// let out = roll(&RollInput { periods: 2, lines: vec![line], ..RollInput::default() });
/// assert_eq!(out.lines[0][1].rolled_in, dec!(30));
/// assert_eq!(out.lines[0][1].available, dec!(-20));
/// ```
pub fn roll(input: &RollInput) -> RollOutput {
    let mut lines: Vec<Vec<LinePeriod>> =
        vec![Vec::with_capacity(input.periods); input.lines.len()];
    let mut pool = Vec::with_capacity(input.periods);
    let mut carry = vec![Decimal::ZERO; input.lines.len()];
    let mut to_be_budgeted = Decimal::ZERO;
    let mut settled = Decimal::ZERO;
    for p in 0..input.periods {
        let mut allocated_total = Decimal::ZERO;
        let mut settled_next = Decimal::ZERO;
        for (i, line) in input.lines.iter().enumerate() {
            let allocated = at(&line.allocated, p);
            let spent = at(&line.spent, p);
            let rolled_in = carry[i];
            let available = allocated + rolled_in - spent;
            let to_pool = if available > Decimal::ZERO
                && line.surplus == SurplusPolicy::ReturnToPool
                || available < Decimal::ZERO && line.overspend == OverspendPolicy::TakeFromPool
            {
                available
            } else {
                Decimal::ZERO
            };
            carry[i] = available - to_pool;
            settled_next += to_pool;
            allocated_total += allocated;
            lines[i].push(LinePeriod { allocated, rolled_in, spent, available, to_pool });
        }
        let (income, allocated) = if input.envelope {
            (at(&input.income, p), allocated_total)
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        let carried_in = to_be_budgeted;
        to_be_budgeted = carried_in + settled + income - allocated;
        pool.push(PoolPeriod {
            carried_in,
            settled_in: settled,
            income,
            allocated,
            to_be_budgeted,
        });
        settled = settled_next;
    }
    RollOutput { lines, pool }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn policies_settle_with_the_pool() {
        let returning = LineInput {
            surplus: SurplusPolicy::ReturnToPool,
            overspend: OverspendPolicy::TakeFromPool,
            allocated: vec![dec!(50), dec!(50), dec!(50)],
            spent: vec![dec!(20), dec!(80), dec!(0)],
        };
        let out = roll(&RollInput {
            envelope: true,
            periods: 3,
            income: vec![dec!(100), dec!(0), dec!(0)],
            lines: vec![returning],
        });
        let l = &out.lines[0];
        assert_eq!((l[0].available, l[0].to_pool), (dec!(30), dec!(30)));
        assert_eq!((l[1].rolled_in, l[1].available, l[1].to_pool), (dec!(0), dec!(-30), dec!(-30)));
        assert_eq!((l[2].rolled_in, l[2].available), (dec!(0), dec!(50)));
        assert_eq!(out.pool[0].to_be_budgeted, dec!(50));
        assert_eq!(out.pool[1].settled_in, dec!(30));
        assert_eq!(out.pool[1].to_be_budgeted, dec!(30));
        assert_eq!(out.pool[2].settled_in, dec!(-30));
        assert_eq!(out.pool[2].to_be_budgeted, dec!(-50));
    }
}
