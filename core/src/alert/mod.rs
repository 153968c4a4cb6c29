//! Alerts: what the engine tells the user without being asked (a budget category crossing a
//! threshold, an unusual or large transaction, a goal reached or falling behind, a low
//! balance, a possible duplicate). Each alert has a dedupe key (kind, entities, period and
//! threshold) that a store keeps unique, so evaluating twice never stores a second copy; new
//! alerts reach subscribers as [`Event::AlertRaised`](crate::Event::AlertRaised) after the
//! write that caused them. The robust statistics are in [`stats`], the duplicate and payee
//! rules in [`detect`]; the calls are on [`Book::alerts`](crate::Book::alerts).

pub mod detect;
pub mod stats;

use crate::ids::{AccountId, AlertId, BudgetId, GoalId, TransactionId};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The kinds of alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A budget category crossed a percent-used threshold in a period.
    BudgetThreshold,
    /// A transaction far outside the usual amounts of its payee or category.
    UnusualTransaction,
    /// A transaction over the user's threshold.
    LargeTransaction,
    /// A goal reached its target.
    GoalReached,
    /// A goal fell behind its schedule.
    GoalBehind,
    /// An account's balance fell below the user's threshold.
    LowBalance,
    /// Two transactions look like the same one entered twice.
    PossibleDuplicate,
}

impl AlertKind {
    /// Every kind.
    pub const ALL: [Self; 7] = [
        Self::BudgetThreshold,
        Self::UnusualTransaction,
        Self::LargeTransaction,
        Self::GoalReached,
        Self::GoalBehind,
        Self::LowBalance,
        Self::PossibleDuplicate,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BudgetThreshold => "budget_threshold",
            Self::UnusualTransaction => "unusual_transaction",
            Self::LargeTransaction => "large_transaction",
            Self::GoalReached => "goal_reached",
            Self::GoalBehind => "goal_behind",
            Self::LowBalance => "low_balance",
            Self::PossibleDuplicate => "possible_duplicate",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What an alert concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertEntities {
    /// Accounts or categories.
    pub account_ids: Vec<AccountId>,
    /// Transactions.
    pub transaction_ids: Vec<TransactionId>,
    /// Budget.
    pub budget_id: Option<BudgetId>,
    /// Goal.
    pub goal_id: Option<GoalId>,
}

/// An alert to store; the store skips it when its key exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertDraft {
    /// Kind.
    pub kind: AlertKind,
    /// Dedupe key: kind, entities, period and threshold.
    pub key: String,
    /// What happened, with the figures.
    pub message: String,
    /// What it concerns.
    pub entities: AlertEntities,
    /// The day it is about (a transaction's date, a period's first day, today).
    pub date: NaiveDate,
    /// The amount it is about, if any.
    pub amount: Option<Decimal>,
    /// Its commodity.
    pub commodity: Option<String>,
}

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// Id.
    pub id: AlertId,
    /// Kind.
    pub kind: AlertKind,
    /// Dedupe key.
    pub key: String,
    /// What happened, with the figures.
    pub message: String,
    /// What it concerns.
    pub entities: AlertEntities,
    /// The day it is about.
    pub date: NaiveDate,
    /// The amount it is about.
    pub amount: Option<Decimal>,
    /// Its commodity.
    pub commodity: Option<String>,
    /// Raised (UTC).
    pub created_at: DateTime<Utc>,
    /// Read by the user.
    pub read: bool,
    /// Dismissed by the user (kept, so it is not raised again).
    pub dismissed: bool,
}

/// Which alerts to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertFilter {
    /// Only unread ones.
    pub unread_only: bool,
    /// Only these kinds (all when empty).
    pub kinds: Vec<AlertKind>,
    /// Dismissed ones too.
    pub include_dismissed: bool,
}

impl AlertFilter {
    /// Every alert that is not dismissed.
    pub fn all() -> Self {
        Self::default()
    }

    /// Unread alerts only.
    #[must_use]
    pub fn unread(mut self) -> Self {
        self.unread_only = true;
        self
    }

    /// Only `kind` (repeat to add kinds).
    #[must_use]
    pub fn kind(mut self, kind: AlertKind) -> Self {
        self.kinds.push(kind);
        self
    }

    /// True when `alert` passes.
    pub fn matches(&self, alert: &Alert) -> bool {
        (!self.unread_only || !alert.read)
            && (self.include_dismissed || !alert.dismissed)
            && (self.kinds.is_empty() || self.kinds.contains(&alert.kind))
    }
}

/// A low-balance threshold of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowBalance {
    /// Account (its balance with descendants, in its currency).
    pub account_id: AccountId,
    /// Alert when the balance falls below this.
    pub below: Decimal,
}

/// The alert settings of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertSettings {
    /// Evaluate after every write that can raise alerts.
    pub auto_evaluate: bool,
    /// Kinds that are not raised.
    pub disabled: Vec<AlertKind>,
    /// A transaction at or over this amount (in `large_currency`) raises `large_transaction`.
    pub large_transaction: Option<Decimal>,
    /// Currency of `large_transaction` (the book's default currency when `None`).
    pub large_currency: Option<String>,
    /// Modified z-score (0.6745 (x - median) / MAD) over which a transaction is unusual.
    pub unusual_score: Decimal,
    /// Fewest earlier amounts before a payee or category has a usual.
    pub unusual_min_samples: u32,
    /// How many recent amounts of a category make its usual.
    pub unusual_samples: u32,
    /// Days apart two transactions may be and still be duplicates.
    pub duplicate_days: u32,
    /// On-demand evaluation looks at transactions of the last this many days.
    pub lookback_days: u32,
    /// Low-balance thresholds per account.
    pub low_balances: Vec<LowBalance>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        Self {
            auto_evaluate: true,
            disabled: Vec::new(),
            large_transaction: None,
            large_currency: None,
            unusual_score: Decimal::new(35, 1),
            unusual_min_samples: 8,
            unusual_samples: 200,
            duplicate_days: 3,
            lookback_days: 30,
            low_balances: Vec::new(),
        }
    }
}

impl AlertSettings {
    /// True unless `kind` is disabled.
    pub fn enabled(&self, kind: AlertKind) -> bool {
        !self.disabled.contains(&kind)
    }
}

/// A split with its transaction's date and payee, as alert rules read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitRow {
    /// Transaction.
    pub transaction_id: TransactionId,
    /// Account.
    pub account_id: AccountId,
    /// Date.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Decimal,
    /// Commodity.
    pub commodity: String,
    /// Payee.
    pub payee: Option<String>,
}

/// Which splits to read: counted splits of `accounts` (all when empty) between two dates
/// inclusive, newest first, at most `limit_per_account` per account when set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitQuery {
    /// Accounts (exact ids, no descendants); all when empty.
    pub accounts: Vec<AccountId>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Most recent splits per account.
    pub limit_per_account: Option<u32>,
    /// Leave out the transactions with ids in this inclusive range (the ones just written,
    /// which the caller already has).
    pub exclude: Option<(TransactionId, TransactionId)>,
}

impl SplitQuery {
    /// True when `id` is left out.
    pub fn excludes(&self, id: TransactionId) -> bool {
        self.exclude.is_some_and(|(lo, hi)| lo <= id && id <= hi)
    }
}

/// Errors of alerts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlertError {
    /// No such alert in this book.
    #[error("alert {0} not found")]
    NotFound(AlertId),
    /// A setting is malformed.
    #[error("invalid {field} `{value}`: {reason}")]
    InvalidField {
        /// Field path.
        field: String,
        /// Value.
        value: String,
        /// Why.
        reason: String,
    },
}
