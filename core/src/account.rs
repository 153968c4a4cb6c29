//! Accounts in a tree (`Assets:Bank:Checking`). Income and Expense accounts are the categories
//! and nest like any other account.
//!
//! Paths are unique within a book. Each segment of a path is a node: creating
//! `Expenses:Food:Groceries` creates `Expenses` and `Expenses:Food` when they are missing, with the
//! same kind and currency, because a tree with holes cannot roll balances up.

use crate::ids::AccountId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The five kinds of double-entry accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// What you own.
    Asset,
    /// What you owe.
    Liability,
    /// Opening balances and other equity.
    Equity,
    /// Income categories.
    Income,
    /// Expense categories.
    Expense,
}

impl AccountKind {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asset => "asset",
            Self::Liability => "liability",
            Self::Equity => "equity",
            Self::Income => "income",
            Self::Expense => "expense",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "asset" => Self::Asset,
            "liability" => Self::Liability,
            "equity" => Self::Equity,
            "income" => Self::Income,
            "expense" => Self::Expense,
            _ => return None,
        })
    }

    /// True for Income and Expense: the categories.
    pub fn is_category(self) -> bool {
        matches!(self, Self::Income | Self::Expense)
    }
}

/// What an account is, beyond its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AccountSubtype {
    /// Checking / current account (asset).
    Checking,
    /// Savings account (asset).
    Savings,
    /// Credit card (liability).
    CreditCard,
    /// Cash (asset).
    Cash,
    /// E-wallet such as PayPal (asset).
    Wallet,
    /// Brokerage account holding securities (asset).
    Investment,
    /// Retirement account holding securities (asset).
    Retirement,
    /// Loan (liability).
    Loan,
    /// Mortgage (liability).
    Mortgage,
    /// Real estate, vehicles and other property (asset).
    Property,
    /// Anything else; the only subtype of Equity, Income and Expense accounts.
    #[default]
    Other,
}

impl AccountSubtype {
    /// Every subtype, in declaration order.
    pub const ALL: [Self; 11] = [
        Self::Checking,
        Self::Savings,
        Self::CreditCard,
        Self::Cash,
        Self::Wallet,
        Self::Investment,
        Self::Retirement,
        Self::Loan,
        Self::Mortgage,
        Self::Property,
        Self::Other,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Checking => "checking",
            Self::Savings => "savings",
            Self::CreditCard => "credit_card",
            Self::Cash => "cash",
            Self::Wallet => "wallet",
            Self::Investment => "investment",
            Self::Retirement => "retirement",
            Self::Loan => "loan",
            Self::Mortgage => "mortgage",
            Self::Property => "property",
            Self::Other => "other",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The kind this subtype belongs to; `None` for `Other`, which fits every kind.
    pub fn kind(self) -> Option<AccountKind> {
        match self {
            Self::Checking
            | Self::Savings
            | Self::Cash
            | Self::Wallet
            | Self::Investment
            | Self::Retirement
            | Self::Property => Some(AccountKind::Asset),
            Self::CreditCard | Self::Loan | Self::Mortgage => Some(AccountKind::Liability),
            Self::Other => None,
        }
    }

    /// True for accounts that may hold securities besides their currency.
    pub fn holds_securities(self) -> bool {
        matches!(self, Self::Investment | Self::Retirement)
    }
}

/// An account (or category) of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Id.
    pub id: AccountId,
    /// Parent in the tree; `None` for a root such as `Assets`.
    pub parent_id: Option<AccountId>,
    /// Last segment of the path, e.g. `Checking`.
    pub name: String,
    /// Full path, e.g. `Assets:Bank:Checking`; unique in the book.
    pub path: String,
    /// Kind.
    pub kind: AccountKind,
    /// Subtype.
    pub subtype: AccountSubtype,
    /// Currency the account is kept in.
    pub currency: String,
    /// Bank or broker.
    pub institution: Option<String>,
    /// Display color, e.g. `#2a9d8f`.
    pub color: Option<String>,
    /// Display icon name.
    pub icon: Option<String>,
    /// First day postings are allowed.
    pub opened_on: Option<NaiveDate>,
    /// Last day postings are allowed.
    pub closed_on: Option<NaiveDate>,
    /// Hidden from pickers; still counted.
    pub archived: bool,
    /// Counted in net worth.
    pub include_in_net_worth: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl Account {
    /// True when a posting dated `date` is allowed.
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.opened_on.is_none_or(|d| date >= d) && self.closed_on.is_none_or(|d| date <= d)
    }
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    /// Full path; missing ancestors are created with the same kind and currency.
    pub path: String,
    /// Kind.
    pub kind: AccountKind,
    /// Subtype; must fit the kind.
    pub subtype: AccountSubtype,
    /// Currency.
    pub currency: String,
    /// Bank or broker.
    pub institution: Option<String>,
    /// Display color.
    pub color: Option<String>,
    /// Display icon.
    pub icon: Option<String>,
    /// First day postings are allowed.
    pub opened_on: Option<NaiveDate>,
    /// Counted in net worth; defaults to true for assets and liabilities.
    pub include_in_net_worth: Option<bool>,
}

impl NewAccount {
    /// An account at `path` of `kind` kept in `currency`, subtype `Other`.
    pub fn new(path: &str, kind: AccountKind, currency: &str) -> Self {
        Self {
            path: path.to_owned(),
            kind,
            subtype: AccountSubtype::Other,
            currency: currency.to_owned(),
            institution: None,
            color: None,
            icon: None,
            opened_on: None,
            include_in_net_worth: None,
        }
    }

    /// Sets the subtype.
    #[must_use]
    pub fn subtype(mut self, subtype: AccountSubtype) -> Self {
        self.subtype = subtype;
        self
    }

    /// Sets the institution.
    #[must_use]
    pub fn institution(mut self, institution: &str) -> Self {
        self.institution = Some(institution.to_owned());
        self
    }

    /// Sets the opening date.
    #[must_use]
    pub fn opened_on(mut self, date: NaiveDate) -> Self {
        self.opened_on = Some(date);
        self
    }
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountUpdate {
    /// New last segment of the path (descendants follow).
    pub name: Option<String>,
    /// New institution (`Some(None)` clears it).
    pub institution: Option<Option<String>>,
    /// New color (`Some(None)` clears it).
    pub color: Option<Option<String>>,
    /// New icon (`Some(None)` clears it).
    pub icon: Option<Option<String>>,
    /// New opening date (`Some(None)` clears it).
    pub opened_on: Option<Option<NaiveDate>>,
    /// New closing date (`Some(None)` reopens).
    pub closed_on: Option<Option<NaiveDate>>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
    /// Count in net worth or not.
    pub include_in_net_worth: Option<bool>,
}

/// Errors of accounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The path is malformed.
    #[error("path: '{path}' is not a valid account path ({reason})")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Another account has this path.
    #[error("path: an account named '{0}' already exists in this book")]
    DuplicateName(String),
    /// The parent is of another kind.
    #[error("kind: '{path}' is {kind} but its parent '{parent}' is {parent_kind}")]
    ParentKindMismatch {
        /// Path of the new account.
        path: String,
        /// Its kind.
        kind: &'static str,
        /// Parent's path.
        parent: String,
        /// Parent's kind.
        parent_kind: &'static str,
    },
    /// The subtype does not fit the kind.
    #[error("subtype: {subtype} is not allowed for a {kind} account")]
    InvalidSubtype {
        /// Subtype.
        subtype: &'static str,
        /// Kind.
        kind: &'static str,
    },
    /// No such account in this book.
    #[error("{field}: account {id} not found in this book")]
    NotFound {
        /// Field that named it.
        field: String,
        /// Id as given.
        id: AccountId,
    },
    /// No account with this path in this book.
    #[error("path: no account '{0}' in this book")]
    PathNotFound(String),
    /// The closing date is before the opening date.
    #[error("closed_on: {closed} is before opened_on {opened}")]
    ClosedBeforeOpened {
        /// Opening date.
        opened: NaiveDate,
        /// Closing date.
        closed: NaiveDate,
    },
}

/// Splits and checks a path: non-empty segments separated by `:`, no surrounding spaces.
///
/// # Errors
///
/// `invalid_account_path` naming what is wrong.
pub fn path_segments(path: &str) -> Result<Vec<&str>, AccountError> {
    let invalid = |reason: &str| AccountError::InvalidPath {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if path.len() > 1024 {
        return Err(invalid("longer than 1024 bytes"));
    }
    let segments: Vec<&str> = path.split(':').collect();
    for segment in &segments {
        if segment.is_empty() {
            return Err(invalid("empty segment"));
        }
        if segment.trim() != *segment {
            return Err(invalid("segment with surrounding spaces"));
        }
        if segment.chars().any(char::is_control) {
            return Err(invalid("control character"));
        }
    }
    Ok(segments)
}

/// Checks that the subtype fits the kind.
///
/// # Errors
///
/// `invalid_subtype`.
pub fn check_subtype(kind: AccountKind, subtype: AccountSubtype) -> Result<(), AccountError> {
    match subtype.kind() {
        Some(k) if k != kind => {
            Err(AccountError::InvalidSubtype { subtype: subtype.as_str(), kind: kind.as_str() })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert_eq!(path_segments("Assets:Bank:Checking").unwrap(), ["Assets", "Bank", "Checking"]);
        assert!(path_segments("Assets::Checking").is_err());
        assert!(path_segments("").is_err());
        assert!(path_segments("Assets: Bank").is_err());
    }

    #[test]
    fn subtypes_fit_kinds() {
        assert!(check_subtype(AccountKind::Asset, AccountSubtype::Checking).is_ok());
        assert!(check_subtype(AccountKind::Liability, AccountSubtype::CreditCard).is_ok());
        assert!(check_subtype(AccountKind::Expense, AccountSubtype::Other).is_ok());
        assert!(check_subtype(AccountKind::Expense, AccountSubtype::Savings).is_err());
        for s in AccountSubtype::ALL {
            assert_eq!(AccountSubtype::parse(s.as_str()), Some(s));
        }
    }
}
