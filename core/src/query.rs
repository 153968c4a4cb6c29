//! The questions asked of a ledger: balances (rolled up the account tree), the register of an
//! account with a running balance, spending by category, transaction search, and balance
//! assertions. Filters and pages are plain data so every store and binding shares them.

use crate::ids::{AccountId, AssertionId, SplitId, TransactionId};
use crate::transaction::{Source, Status, Transaction};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The largest page a query returns.
pub const MAX_PAGE_LIMIT: u32 = 10_000;

/// Sort order by date (then id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Oldest first.
    Ascending,
    /// Newest first.
    #[default]
    Descending,
}

/// Which page of a result to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return, 1 to [`MAX_PAGE_LIMIT`].
    pub limit: u32,
    /// Order by date.
    pub order: SortOrder,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { offset: 0, limit: 100, order: SortOrder::Descending }
    }
}

impl PageRequest {
    /// The first `limit` rows in `order`.
    pub fn first(limit: u32, order: SortOrder) -> Self {
        Self { offset: 0, limit, order }
    }

    /// Checks the limit.
    ///
    /// # Errors
    ///
    /// `invalid_field` naming `limit`.
    pub fn check(&self) -> Result<(), QueryError> {
        if self.limit == 0 || self.limit > MAX_PAGE_LIMIT {
            return Err(QueryError::InvalidField {
                field: "limit".to_owned(),
                value: self.limit.to_string(),
                reason: format!("must be 1 to {MAX_PAGE_LIMIT}"),
            });
        }
        Ok(())
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows matching in all.
    pub total: u64,
    /// Offset of the first row.
    pub offset: u64,
}

/// Filters of a transaction search; all set filters must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionFilter {
    /// First date, inclusive.
    pub date_from: Option<NaiveDate>,
    /// Last date, inclusive.
    pub date_to: Option<NaiveDate>,
    /// Transactions touching any of these accounts or their descendants.
    pub accounts: Vec<AccountId>,
    /// Case-insensitive text in payee or narration.
    pub text: Option<String>,
    /// Smallest absolute split amount (of the filtered accounts, when set).
    pub amount_min: Option<Decimal>,
    /// Largest absolute split amount (of the filtered accounts, when set).
    pub amount_max: Option<Decimal>,
    /// Transactions carrying any of these tags.
    pub tags: Vec<String>,
    /// Any of these statuses.
    pub statuses: Vec<Status>,
    /// Any of these sources.
    pub sources: Vec<Source>,
    /// Include soft-deleted transactions.
    pub include_deleted: bool,
}

impl TransactionFilter {
    /// True when `tx` matches; `accounts` must already include descendants. Stores that filter
    /// in memory use this; others must agree with it (the conformance suite checks).
    pub fn matches(&self, tx: &Transaction, accounts: &[AccountId]) -> bool {
        if tx.deleted && !self.include_deleted {
            return false;
        }
        if self.date_from.is_some_and(|d| tx.date < d) || self.date_to.is_some_and(|d| tx.date > d)
        {
            return false;
        }
        if !self.statuses.is_empty() && !self.statuses.contains(&tx.status) {
            return false;
        }
        if !self.sources.is_empty() && !self.sources.contains(&tx.source) {
            return false;
        }
        if !self.tags.is_empty() && !tx.tags.iter().any(|t| self.tags.contains(t)) {
            return false;
        }
        if let Some(text) = &self.text {
            let needle = text.to_lowercase();
            let hit = |field: &Option<String>| {
                field.as_deref().is_some_and(|v| v.to_lowercase().contains(&needle))
            };
            if !hit(&tx.payee) && !hit(&tx.narration) {
                return false;
            }
        }
        let split_ok = |s: &crate::transaction::Split| {
            let in_accounts = accounts.is_empty() || accounts.contains(&s.account_id);
            let abs = s.amount.abs();
            in_accounts
                && self.amount_min.is_none_or(|m| abs >= m)
                && self.amount_max.is_none_or(|m| abs <= m)
        };
        let need_split =
            !accounts.is_empty() || self.amount_min.is_some() || self.amount_max.is_some();
        !need_split || tx.splits.iter().any(split_ok)
    }
}

/// Balance of one account in one commodity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBalance {
    /// Account.
    pub account_id: AccountId,
    /// Its path.
    pub path: String,
    /// Commodity.
    pub commodity: String,
    /// Sum of the account's own splits.
    pub own: Decimal,
    /// Own plus every descendant's.
    pub total: Decimal,
}

/// The amount of one category over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryAmount {
    /// Category (Income or Expense account).
    pub account_id: AccountId,
    /// Its path.
    pub path: String,
    /// Its depth in the tree (0 for a root).
    pub depth: u32,
    /// Commodity.
    pub commodity: String,
    /// Own splits over the period (spending is positive).
    pub own: Decimal,
    /// Own plus descendants.
    pub total: Decimal,
}

/// One row of an account's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    /// Transaction.
    pub transaction_id: TransactionId,
    /// Split.
    pub split_id: SplitId,
    /// Account of the split (the account or a descendant).
    pub account_id: AccountId,
    /// Date.
    pub date: NaiveDate,
    /// Payee.
    pub payee: Option<String>,
    /// Narration.
    pub narration: Option<String>,
    /// Memo of the split.
    pub memo: Option<String>,
    /// Status.
    pub status: Status,
    /// Amount of the split.
    pub amount: Decimal,
    /// Commodity.
    pub commodity: String,
    /// Balance in this commodity after this row (in date order).
    pub balance: Decimal,
}

/// A leaf sum kept by a store: one account, one commodity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeafSum {
    /// Account.
    pub account_id: AccountId,
    /// Commodity.
    pub commodity: String,
    /// Sum.
    pub amount: Decimal,
}

/// The sum of an account's counted splits in one commodity on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailySum {
    /// Account.
    pub account_id: AccountId,
    /// Commodity.
    pub commodity: String,
    /// Day.
    pub date: NaiveDate,
    /// Sum.
    pub amount: Decimal,
}

/// A balance the user expects an account (with descendants) to have at the end of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBalanceAssertion {
    /// Account.
    pub account_id: AccountId,
    /// Day, inclusive.
    pub date: NaiveDate,
    /// Expected balance.
    pub amount: Decimal,
    /// Commodity; the account's currency when `None`.
    pub commodity: Option<String>,
}

/// A stored balance assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceAssertion {
    /// Id.
    pub id: AssertionId,
    /// Account.
    pub account_id: AccountId,
    /// Day, inclusive.
    pub date: NaiveDate,
    /// Expected balance.
    pub amount: Decimal,
    /// Commodity.
    pub commodity: String,
}

/// The outcome of checking one assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionResult {
    /// The assertion.
    pub assertion: BalanceAssertion,
    /// Actual balance at the end of that day.
    pub actual: Decimal,
    /// Actual minus expected.
    pub difference: Decimal,
    /// True when they agree.
    pub passed: bool,
}

/// Errors of queries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A filter or page field is malformed.
    #[error("{field}: {reason} ('{value}')")]
    InvalidField {
        /// Field at fault.
        field: String,
        /// Value as given.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// No such assertion.
    #[error("balance assertion {0} not found in this book")]
    AssertionNotFound(AssertionId),
}
