//! Allocation templates: typed rules (never free text) that say how much a category should get
//! in a period. Applying them fills a period's allocations in priority order (lowest number
//! first) until the pool runs out; "remainder by weight" templates share what is left last.

use crate::ids::AccountId;
use crate::money::{self, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A category's template: a rule and its priority (lower fills first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Lower fills first.
    pub priority: u32,
    /// The rule.
    pub rule: TemplateRule,
}

impl Template {
    /// `rule` at `priority`.
    pub fn new(priority: u32, rule: TemplateRule) -> Self {
        Self { priority, rule }
    }
}

/// How much a category wants in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TemplateRule {
    /// Allocate this amount each period.
    FixedAmount {
        /// Amount.
        amount: Decimal,
    },
    /// Allocate what brings the category's available balance (before spending) up to this.
    RefillUpTo {
        /// Amount.
        amount: Decimal,
    },
    /// Save `total` by `by`, spread evenly over the periods left (this one included).
    SaveByDate {
        /// Total to have.
        total: Decimal,
        /// Date to have it by.
        by: NaiveDate,
    },
    /// A percentage of the period's income.
    PercentOfIncome {
        /// Percent (e.g. `10` for 10%).
        percent: Decimal,
    },
    /// The average spending of the last `periods` periods.
    AverageSpending {
        /// How many periods (at least 1).
        periods: u32,
    },
    /// A share of what is left after every other template, by weight.
    RemainderByWeight {
        /// Weight (at least 1).
        weight: u32,
    },
}

impl TemplateRule {
    /// Stable snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::FixedAmount { .. } => "fixed_amount",
            Self::RefillUpTo { .. } => "refill_up_to",
            Self::SaveByDate { .. } => "save_by_date",
            Self::PercentOfIncome { .. } => "percent_of_income",
            Self::AverageSpending { .. } => "average_spending",
            Self::RemainderByWeight { .. } => "remainder_by_weight",
        }
    }
}

/// What a category has when its template is applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineFacts {
    /// Already allocated in the period.
    pub allocated: Decimal,
    /// Rolled in from the period before.
    pub rolled_in: Decimal,
    /// Income of the period (the budget's).
    pub income: Decimal,
    /// Spending of earlier periods, oldest first.
    pub past_spent: Vec<Decimal>,
    /// Periods left through the `by` date of a `SaveByDate` (this one included; 0 when past).
    pub periods_left: u32,
}

/// How much more `rule` wants allocated, given `facts` (never negative; 0 for remainders).
pub fn wanted(rule: &TemplateRule, facts: &LineFacts, scale: u32, rounding: Rounding) -> Decimal {
    let raw = match rule {
        TemplateRule::FixedAmount { amount } => *amount - facts.allocated,
        TemplateRule::RefillUpTo { amount } => *amount - facts.allocated - facts.rolled_in,
        TemplateRule::SaveByDate { total, .. } => {
            if facts.periods_left == 0 {
                Decimal::ZERO
            } else {
                let missing = *total - facts.rolled_in - facts.allocated;
                missing / Decimal::from(facts.periods_left)
            }
        }
        TemplateRule::PercentOfIncome { percent } => {
            facts.income * *percent / Decimal::ONE_HUNDRED - facts.allocated
        }
        TemplateRule::AverageSpending { periods } => {
            let n = usize::try_from(*periods).unwrap_or(usize::MAX).min(facts.past_spent.len());
            if n == 0 {
                Decimal::ZERO
            } else {
                let recent = &facts.past_spent[facts.past_spent.len() - n..];
                let sum: Decimal = recent.iter().sum();
                sum / Decimal::from(n as u64) - facts.allocated
            }
        }
        TemplateRule::RemainderByWeight { .. } => Decimal::ZERO,
    };
    money::round(raw.max(Decimal::ZERO), scale, rounding)
}

/// One category's request for [`fill`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Category.
    pub account_id: AccountId,
    /// Priority.
    pub priority: u32,
    /// Amount wanted (ignored for remainders).
    pub wanted: Decimal,
    /// Weight of a remainder template.
    pub weight: Option<u32>,
}

/// What one template got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateFill {
    /// Category.
    pub account_id: AccountId,
    /// The template's priority.
    pub priority: u32,
    /// The rule's stable name.
    pub rule: String,
    /// What it asked for (for a remainder: its share of what was left).
    pub wanted: Decimal,
    /// What it got (added to the allocation).
    pub filled: Decimal,
}

/// What [`apply_templates`](crate::book::Budgets::apply_templates) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateReport {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// In the order filled.
    pub fills: Vec<TemplateFill>,
    /// The pool before (`None` in period mode: no pool limits the fill).
    pub pool_before: Option<Decimal>,
    /// The pool after.
    pub pool_after: Option<Decimal>,
}

/// Fills requests in priority order (stable within a priority) from `pool` (`None`: no
/// limit), then shares what is left among remainders by weight; a share is rounded down to
/// the scale and the last remainder takes the residue. Returns the amounts filled, in order.
pub fn fill(
    requests: &[Request],
    pool: Option<Decimal>,
    scale: u32,
) -> Vec<(usize, Decimal, Decimal)> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|i| (requests[*i].weight.is_some(), requests[*i].priority, *i));
    let mut left = pool;
    let mut out = Vec::new();
    let remainders: Vec<usize> =
        order.iter().copied().filter(|i| requests[*i].weight.is_some()).collect();
    for i in order.iter().copied().filter(|i| requests[*i].weight.is_none()) {
        let wanted = requests[i].wanted;
        let got = match left {
            Some(l) => wanted.min(l.max(Decimal::ZERO)),
            None => wanted,
        };
        if let Some(l) = left.as_mut() {
            *l -= got;
        }
        out.push((i, wanted, got));
    }
    let total_weight: u64 =
        remainders.iter().map(|i| u64::from(requests[*i].weight.unwrap_or(0))).sum();
    let rest = left.unwrap_or_default().max(Decimal::ZERO);
    let mut shared = Decimal::ZERO;
    for (n, i) in remainders.iter().copied().enumerate() {
        let share = if total_weight == 0 {
            Decimal::ZERO
        } else if n + 1 == remainders.len() {
            rest - shared
        } else {
            let w = Decimal::from(requests[i].weight.unwrap_or(0));
            money::round(rest * w / Decimal::from(total_weight), scale, Rounding::Floor)
        };
        shared += share;
        out.push((i, share, share));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn req(id: i64, priority: u32, wanted: Decimal, weight: Option<u32>) -> Request {
        Request { account_id: AccountId(id), priority, wanted, weight }
    }

    #[test]
    fn wanted_per_rule() {
        let facts = LineFacts {
            allocated: dec!(10),
            rolled_in: dec!(25),
            income: dec!(3000),
            past_spent: vec![dec!(90), dec!(100), dec!(110), dec!(200)],
            periods_left: 3,
        };
        let w = |rule| wanted(&rule, &facts, 2, Rounding::HalfEven);
        assert_eq!(w(TemplateRule::FixedAmount { amount: dec!(50) }), dec!(40));
        assert_eq!(w(TemplateRule::RefillUpTo { amount: dec!(100) }), dec!(65));
        assert_eq!(w(TemplateRule::RefillUpTo { amount: dec!(20) }), dec!(0));
        let by = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(w(TemplateRule::SaveByDate { total: dec!(135), by }), dec!(33.33));
        assert_eq!(w(TemplateRule::PercentOfIncome { percent: dec!(10) }), dec!(290));
        assert_eq!(w(TemplateRule::AverageSpending { periods: 3 }), dec!(126.67));
        assert_eq!(w(TemplateRule::AverageSpending { periods: 9 }), dec!(115));
        assert_eq!(w(TemplateRule::RemainderByWeight { weight: 2 }), dec!(0));
    }

    #[test]
    fn fills_by_priority_until_the_pool_runs_out() {
        let requests = [
            req(1, 2, dec!(300), None),
            req(2, 1, dec!(500), None),
            req(3, 3, dec!(100), None),
            req(4, 0, Decimal::ZERO, Some(1)),
            req(5, 0, Decimal::ZERO, Some(2)),
        ];
        let out = fill(&requests, Some(dec!(700)), 2);
        let got: Vec<(usize, Decimal)> = out.iter().map(|(i, _, g)| (*i, *g)).collect();
        assert_eq!(got, [(1, dec!(500)), (0, dec!(200)), (2, dec!(0)), (3, dec!(0)), (4, dec!(0))]);
        let out = fill(&requests, Some(dec!(1000)), 2);
        let got: Vec<Decimal> = out.iter().map(|(_, _, g)| *g).collect();
        assert_eq!(got, [dec!(500), dec!(300), dec!(100), dec!(33.33), dec!(66.67)]);
        let unlimited = fill(&requests[..3], None, 2);
        assert_eq!(unlimited.iter().map(|(_, _, g)| *g).sum::<Decimal>(), dec!(900));
    }
}
