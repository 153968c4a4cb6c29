//! Budgets: how much may be spent per category and period, what is left, and where surplus and
//! overspending go. The records here are plain data shared by every store and binding; the pure
//! arithmetic lives in [`periods`] (calendar periods), [`rollover`] (what carries from one
//! period to the next and what the pool holds), [`templates`] (typed allocation rules) and
//! [`status`] (projections); the calls are on [`Book::budgets`](crate::Book::budgets).

pub mod periods;
pub mod rollover;
pub mod status;
pub mod templates;

pub use periods::{Period, PeriodRange};
pub use rollover::{OverspendPolicy, SurplusPolicy};
pub use status::{BudgetStatus, BudgetTotals, CategoryStatus, PoolStatus};
pub use templates::{Template, TemplateFill, TemplateReport, TemplateRule};

use crate::ids::{AccountId, BudgetId};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a budget treats money: each period on its own, or envelopes filled from a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BudgetMode {
    /// Each period has its allocations; there is no pool of income.
    #[default]
    Period,
    /// Income goes into a pool "to be budgeted"; allocations move money from the pool.
    Envelope,
}

impl BudgetMode {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Period => "period",
            Self::Envelope => "envelope",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Period, Self::Envelope].into_iter().find(|m| m.as_str() == text)
    }
}

/// One category (an Income or Expense account) of a budget, with its rollover policies and
/// optional allocation template. Its spending is the flows of its subtree, except children
/// that are categories of the budget themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetCategory {
    /// The Income or Expense account.
    pub account_id: AccountId,
    /// What happens to money left at the end of a period.
    pub rollover: SurplusPolicy,
    /// What happens to overspending at the end of a period.
    pub overspend: OverspendPolicy,
    /// How [`apply_templates`](crate::book::Budgets::apply_templates) fills its allocation.
    pub template: Option<Template>,
}

impl BudgetCategory {
    /// A category whose surplus rolls over and whose overspending carries (the defaults).
    pub fn new(account_id: AccountId) -> Self {
        Self {
            account_id,
            rollover: SurplusPolicy::Roll,
            overspend: OverspendPolicy::Carry,
            template: None,
        }
    }

    /// Sets the surplus policy.
    #[must_use]
    pub fn rollover(mut self, policy: SurplusPolicy) -> Self {
        self.rollover = policy;
        self
    }

    /// Sets the overspending policy.
    #[must_use]
    pub fn overspend(mut self, policy: OverspendPolicy) -> Self {
        self.overspend = policy;
        self
    }

    /// Sets the allocation template.
    #[must_use]
    pub fn template(mut self, template: Template) -> Self {
        self.template = Some(template);
        self
    }
}

/// The thresholds (percent used) of a budget when none are given.
pub const DEFAULT_THRESHOLDS: [u32; 2] = [80, 100];

/// A budget to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBudget {
    /// Name shown to the user.
    pub name: String,
    /// Period type.
    pub period: Period,
    /// The first day covered; the first period is the one containing it.
    pub start: NaiveDate,
    /// Currency of allocations and of the status (spending is converted into it).
    pub currency: String,
    /// Period or envelope budgeting.
    pub mode: BudgetMode,
    /// Percent-used thresholds that raise `budget_threshold` alerts (default 80 and 100).
    pub thresholds: Vec<u32>,
    /// The categories.
    pub categories: Vec<BudgetCategory>,
}

impl NewBudget {
    /// A period budget starting on `start` with the default thresholds and no categories.
    pub fn new(name: &str, period: Period, start: NaiveDate, currency: &str) -> Self {
        Self {
            name: name.to_owned(),
            period,
            start,
            currency: currency.to_owned(),
            mode: BudgetMode::Period,
            thresholds: DEFAULT_THRESHOLDS.to_vec(),
            categories: Vec::new(),
        }
    }

    /// Sets the mode.
    #[must_use]
    pub fn mode(mut self, mode: BudgetMode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the thresholds.
    #[must_use]
    pub fn thresholds(mut self, thresholds: &[u32]) -> Self {
        self.thresholds = thresholds.to_vec();
        self
    }

    /// Adds a category.
    #[must_use]
    pub fn category(mut self, category: BudgetCategory) -> Self {
        self.categories.push(category);
        self
    }
}

/// A stored budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// Id.
    pub id: BudgetId,
    /// Name.
    pub name: String,
    /// Period type.
    pub period: Period,
    /// First day covered.
    pub start: NaiveDate,
    /// Currency.
    pub currency: String,
    /// Mode.
    pub mode: BudgetMode,
    /// Percent-used thresholds, ascending.
    pub thresholds: Vec<u32>,
    /// Categories.
    pub categories: Vec<BudgetCategory>,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// Changes to a budget; `None` keeps a field. Period, start, currency and mode are fixed once
/// created (allocations and rollover depend on them): create a new budget to change them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetUpdate {
    /// New name.
    pub name: Option<String>,
    /// New thresholds.
    pub thresholds: Option<Vec<u32>>,
    /// New categories (replacing all).
    pub categories: Option<Vec<BudgetCategory>>,
}

impl BudgetUpdate {
    /// Renames.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Replaces the thresholds.
    #[must_use]
    pub fn thresholds(mut self, thresholds: &[u32]) -> Self {
        self.thresholds = Some(thresholds.to_vec());
        self
    }

    /// Replaces the categories.
    #[must_use]
    pub fn categories(mut self, categories: Vec<BudgetCategory>) -> Self {
        self.categories = Some(categories);
        self
    }
}

/// The amount allocated to one category for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// Budget.
    pub budget_id: BudgetId,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Category.
    pub account_id: AccountId,
    /// Amount in the budget's currency.
    pub amount: Decimal,
}

/// One allocation to set (replacing what the category had for that period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAllocation {
    /// Any day of the period (stored as the period's first day).
    pub period: NaiveDate,
    /// Category.
    pub account_id: AccountId,
    /// Amount in the budget's currency (zero removes the allocation).
    pub amount: Decimal,
}

impl NewAllocation {
    /// `amount` for `account_id` in the period containing `period`.
    pub fn new(period: NaiveDate, account_id: AccountId, amount: Decimal) -> Self {
        Self { period, account_id, amount }
    }
}

/// The sum of counted splits of one account in one commodity over one period of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodSum {
    /// Index of the period in the list asked for.
    pub period: u32,
    /// Account.
    pub account_id: AccountId,
    /// Commodity.
    pub commodity: String,
    /// Sum.
    pub amount: Decimal,
}

/// Errors of budgets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// A field is malformed.
    #[error("invalid {field} `{value}`: {reason}")]
    InvalidField {
        /// Field path.
        field: String,
        /// The value.
        value: String,
        /// Why.
        reason: String,
    },
    /// No such budget in this book.
    #[error("budget {0} not found")]
    NotFound(BudgetId),
    /// Another budget already covers a category in overlapping time.
    #[error(
        "{field}: {path} is already covered by budget {other} ({other_name}) in overlapping time"
    )]
    Overlap {
        /// Field path of the category.
        field: String,
        /// The category's path.
        path: String,
        /// The other budget.
        other: BudgetId,
        /// Its name.
        other_name: String,
    },
}

pub(crate) fn invalid(field: &str, value: impl ToString, reason: &str) -> BudgetError {
    BudgetError::InvalidField {
        field: field.to_owned(),
        value: value.to_string(),
        reason: reason.to_owned(),
    }
}
