//! The one public error of the core: each module's `thiserror` enum wrapped in [`Error`], with a
//! stable snake_case [`code`](Error::code), a [`kind`](Error::kind) that bindings map to their
//! exception classes, and the field at fault. Every code is listed once in [`ERROR_CODES`] and
//! in `docs/errors.md`; a test keeps the three in step.

use crate::account::AccountError;
use crate::alert::AlertError;
use crate::budget::BudgetError;
use crate::categorization::{CategorizationError, CategorizeError};
use crate::commodity::CommodityError;
use crate::files::FileError;
use crate::goal::GoalError;
use crate::import::records::ImportError;
use crate::money::MoneyError;
use crate::portfolio::PortfolioError;
use crate::query::QueryError;
use crate::rates::RateError;
use crate::store::StoreError;
use crate::transaction::TransactionError;
use crate::user::UserError;

/// Any error the core returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Amounts and scales.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// Commodities.
    #[error(transparent)]
    Commodity(#[from] CommodityError),
    /// Users, books, membership.
    #[error(transparent)]
    User(#[from] UserError),
    /// Accounts.
    #[error(transparent)]
    Account(#[from] AccountError),
    /// Transactions.
    #[error(transparent)]
    Transaction(#[from] TransactionError),
    /// Queries.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// An error of rates.
    #[error(transparent)]
    Rate(#[from] RateError),
    /// An error of a file (rate file, bank statement).
    #[error(transparent)]
    File(#[from] FileError),
    /// Bank connections, saved CSV profiles, import batches and syncs.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Budgets.
    #[error(transparent)]
    Budget(#[from] BudgetError),
    /// Goals.
    #[error(transparent)]
    Goal(#[from] GoalError),
    /// Alerts.
    #[error(transparent)]
    Alert(#[from] AlertError),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Categorization: rules, payee memory, models, decisions.
    #[error(transparent)]
    Categorization(#[from] CategorizationError),
    /// Portfolios: lots, securities, targets.
    #[error(transparent)]
    Portfolio(#[from] PortfolioError),
}

impl From<CategorizeError> for Error {
    fn from(e: CategorizeError) -> Self {
        Self::Categorization(CategorizationError::Engine(e))
    }
}

/// The broad class of an error, for bindings' exception hierarchies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input is wrong; fix it and retry.
    Validation,
    /// Something named does not exist (in this book).
    NotFound,
    /// The input contradicts what is stored.
    Conflict,
    /// The user may not do this.
    Permission,
    /// The store failed.
    Storage,
    /// A file could not be read or parsed (`malformed_line`, `unreadable_file`).
    Import,
}

impl ErrorKind {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Permission => "permission",
            Self::Storage => "storage",
            Self::Import => "import",
        }
    }
}

/// Every error code with its kind and meaning. `docs/errors.md` shows the same table.
pub const ERROR_CODES: &[(&str, ErrorKind, &str)] = &[
    (
        "too_many_decimals",
        ErrorKind::Validation,
        "an amount has more decimals than its commodity allows",
    ),
    ("amount_out_of_range", ErrorKind::Validation, "an amount does not fit the exact stored range"),
    ("invalid_amount", ErrorKind::Validation, "a text is not a decimal amount"),
    (
        "unknown_commodity",
        ErrorKind::Validation,
        "a commodity code is neither ISO 4217 nor defined in the book",
    ),
    ("invalid_commodity_code", ErrorKind::Validation, "a commodity code is malformed"),
    ("invalid_scale", ErrorKind::Validation, "a commodity scale is out of range"),
    ("commodity_exists", ErrorKind::Conflict, "the commodity is already defined"),
    ("invalid_field", ErrorKind::Validation, "a field is malformed; the message names it"),
    ("user_not_found", ErrorKind::NotFound, "no such user"),
    ("book_not_found", ErrorKind::NotFound, "no such book"),
    ("not_a_member", ErrorKind::Permission, "the user is not a member of the book"),
    ("read_only", ErrorKind::Permission, "the user may only read the book"),
    ("email_taken", ErrorKind::Conflict, "a user with this e-mail exists"),
    ("already_member", ErrorKind::Conflict, "the user is already a member of the book"),
    ("invalid_account_path", ErrorKind::Validation, "an account path is malformed"),
    ("duplicate_account_name", ErrorKind::Conflict, "an account with this path exists in the book"),
    ("parent_kind_mismatch", ErrorKind::Validation, "an account's kind differs from its parent's"),
    ("invalid_subtype", ErrorKind::Validation, "an account subtype does not fit its kind"),
    ("account_not_found", ErrorKind::NotFound, "no such account in this book"),
    (
        "closed_before_opened",
        ErrorKind::Validation,
        "an account's closing date is before its opening date",
    ),
    ("too_few_splits", ErrorKind::Validation, "a transaction has fewer than two splits"),
    (
        "unbalanced",
        ErrorKind::Validation,
        "splits do not sum to zero per commodity; the residual is stated",
    ),
    ("account_closed", ErrorKind::Validation, "a posting falls outside its account's open dates"),
    (
        "commodity_mismatch",
        ErrorKind::Validation,
        "a split's commodity is not its account's currency",
    ),
    ("transaction_not_found", ErrorKind::NotFound, "no such transaction in this book"),
    ("transaction_deleted", ErrorKind::Conflict, "the transaction is deleted"),
    ("not_deleted", ErrorKind::Conflict, "restore of a transaction that is not deleted"),
    (
        "reconciled_locked",
        ErrorKind::Conflict,
        "edit of a reconciled transaction without the override",
    ),
    ("external_id_conflict", ErrorKind::Conflict, "the external id names a different transaction"),
    ("already_reversed", ErrorKind::Conflict, "the transaction has already been reversed"),
    ("assertion_not_found", ErrorKind::NotFound, "no such balance assertion in this book"),
    (
        "no_rate",
        ErrorKind::NotFound,
        "no rate on or before the date, directly or through a chain of rates",
    ),
    (
        "stale_rate",
        ErrorKind::NotFound,
        "the newest usable rate is older than the staleness limit; the age is stated",
    ),
    ("rate_not_found", ErrorKind::NotFound, "no stored rate for that pair and day"),
    (
        "malformed_line",
        ErrorKind::Import,
        "a line of a file is malformed; file, line, field and value are stated",
    ),
    ("unreadable_file", ErrorKind::Import, "the input is not a file of the expected format"),
    (
        "sync_failed",
        ErrorKind::Import,
        "a page of a bank sync cannot be applied; page, entry and field are stated, nothing was written",
    ),
    ("connection_not_found", ErrorKind::NotFound, "no such bank connection in this book"),
    (
        "connection_disconnected",
        ErrorKind::Conflict,
        "the bank connection is disconnected; reconnect it before syncing",
    ),
    (
        "token_key_mismatch",
        ErrorKind::Permission,
        "the key does not open the connection's sealed access token",
    ),
    ("profile_exists", ErrorKind::Conflict, "a CSV profile with this name is saved in the book"),
    ("profile_not_found", ErrorKind::NotFound, "no saved CSV profile with this name in this book"),
    ("batch_not_found", ErrorKind::NotFound, "no such import batch in this book"),
    ("batch_already_undone", ErrorKind::Conflict, "the import batch has already been undone"),
    ("budget_not_found", ErrorKind::NotFound, "no such budget in this book"),
    (
        "budget_overlap",
        ErrorKind::Conflict,
        "another budget covers the category (or an ancestor or descendant) in overlapping time",
    ),
    ("goal_not_found", ErrorKind::NotFound, "no such goal in this book"),
    ("goal_archived", ErrorKind::Conflict, "the goal is archived"),
    ("alert_not_found", ErrorKind::NotFound, "no such alert in this book"),
    (
        "insufficient_quantity",
        ErrorKind::Validation,
        "a sale or transfer asks for more units than are held; held and asked are stated",
    ),
    ("lot_not_found", ErrorKind::NotFound, "a lot named by the caller is not open in the account"),
    (
        "not_a_security",
        ErrorKind::Validation,
        "a commodity is not a security of the book (a currency, or not defined as a security)",
    ),
    (
        "invalid_targets",
        ErrorKind::Validation,
        "target weights are not a valid set (each 0 to 100, summing to 100, no repeats)",
    ),
    ("storage", ErrorKind::Storage, "the database failed; the message says how"),
    ("schema_too_new", ErrorKind::Storage, "the database was written by a newer Tally"),
    ("corrupt_data", ErrorKind::Storage, "a stored row cannot be read back"),
    (
        "invalid_rule",
        ErrorKind::Validation,
        "a categorization rule is malformed (an invalid regex, an empty value...); the field is named",
    ),
    ("split_mismatch", ErrorKind::Validation, "a rule's split cannot add up to the amount"),
    (
        "not_enough_training_data",
        ErrorKind::Validation,
        "too few labeled transactions to train a model; the counts are stated",
    ),
    ("training_failed", ErrorKind::Storage, "the classifier's solver failed"),
    ("invalid_model", ErrorKind::Storage, "stored model bytes are not a model this version reads"),
    ("rule_not_found", ErrorKind::NotFound, "no such categorization rule in this book"),
    ("model_not_found", ErrorKind::NotFound, "no such model version in this book"),
    ("category_not_found", ErrorKind::NotFound, "a rule or correction names a missing account"),
    (
        "not_a_category",
        ErrorKind::Validation,
        "a rule or correction names an account that is not Income or Expense",
    ),
    (
        "not_categorizable",
        ErrorKind::Validation,
        "the transaction has no single counter split to categorize",
    ),
];

impl Error {
    /// The stable snake_case code of this error.
    ///
    /// # Examples
    ///
    /// ```
    /// use tally_core::{Error, transaction::TransactionError, TransactionId};
    /// let err = Error::from(TransactionError::NotFound(TransactionId(7)));
    /// assert_eq!(err.code(), "transaction_not_found");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::Money(e) => match e {
                MoneyError::TooManyDecimals { .. } => "too_many_decimals",
                MoneyError::AmountOutOfRange { .. } => "amount_out_of_range",
                MoneyError::InvalidAmount { .. } => "invalid_amount",
            },
            Self::Commodity(e) => match e {
                CommodityError::Unknown { .. } => "unknown_commodity",
                CommodityError::InvalidCode { .. } => "invalid_commodity_code",
                CommodityError::InvalidScale { .. } => "invalid_scale",
                CommodityError::Exists { .. } => "commodity_exists",
            },
            Self::User(e) => match e {
                UserError::InvalidField { .. } => "invalid_field",
                UserError::UserNotFound(_) => "user_not_found",
                UserError::BookNotFound(_) => "book_not_found",
                UserError::NotAMember { .. } => "not_a_member",
                UserError::ReadOnly { .. } => "read_only",
                UserError::EmailTaken(_) => "email_taken",
                UserError::AlreadyMember { .. } => "already_member",
            },
            Self::Account(e) => match e {
                AccountError::InvalidPath { .. } => "invalid_account_path",
                AccountError::DuplicateName(_) => "duplicate_account_name",
                AccountError::ParentKindMismatch { .. } => "parent_kind_mismatch",
                AccountError::InvalidSubtype { .. } => "invalid_subtype",
                AccountError::NotFound { .. } | AccountError::PathNotFound(_) => {
                    "account_not_found"
                }
                AccountError::ClosedBeforeOpened { .. } => "closed_before_opened",
            },
            Self::Transaction(e) => match e {
                TransactionError::TooFewSplits { .. } => "too_few_splits",
                TransactionError::Unbalanced { .. } => "unbalanced",
                TransactionError::AccountClosed { .. } => "account_closed",
                TransactionError::CommodityMismatch { .. } => "commodity_mismatch",
                TransactionError::InvalidField { .. } => "invalid_field",
                TransactionError::NotFound(_) => "transaction_not_found",
                TransactionError::Deleted(_) => "transaction_deleted",
                TransactionError::NotDeleted(_) => "not_deleted",
                TransactionError::ReconciledLocked(_) => "reconciled_locked",
                TransactionError::ExternalIdConflict(_) => "external_id_conflict",
                TransactionError::AlreadyReversed { .. } => "already_reversed",
            },
            Self::Query(e) => match e {
                QueryError::InvalidField { .. } => "invalid_field",
                QueryError::AssertionNotFound(_) => "assertion_not_found",
            },
            Self::Rate(e) => match e {
                RateError::NoRate { .. } => "no_rate",
                RateError::StaleRate { .. } => "stale_rate",
                RateError::NotFound { .. } => "rate_not_found",
            },
            Self::File(e) => match e {
                FileError::Malformed { .. } => "malformed_line",
                FileError::Unreadable { .. } => "unreadable_file",
            },
            Self::Import(e) => e.code(),
            Self::Budget(e) => match e {
                BudgetError::InvalidField { .. } => "invalid_field",
                BudgetError::NotFound(_) => "budget_not_found",
                BudgetError::Overlap { .. } => "budget_overlap",
            },
            Self::Goal(e) => match e {
                GoalError::InvalidField { .. } => "invalid_field",
                GoalError::NotFound(_) => "goal_not_found",
                GoalError::Archived(_) => "goal_archived",
            },
            Self::Alert(e) => match e {
                AlertError::InvalidField { .. } => "invalid_field",
                AlertError::NotFound(_) => "alert_not_found",
            },
            Self::Portfolio(e) => match e {
                PortfolioError::InsufficientQuantity { .. } => "insufficient_quantity",
                PortfolioError::LotNotFound { .. } => "lot_not_found",
                PortfolioError::NotASecurity { .. } => "not_a_security",
                PortfolioError::InvalidTargets { .. } => "invalid_targets",
            },
            Self::Store(e) => match e {
                StoreError::Backend { .. } => "storage",
                StoreError::SchemaTooNew { .. } => "schema_too_new",
                StoreError::Corrupt { .. } => "corrupt_data",
            },
            Self::Categorization(e) => match e {
                CategorizationError::Engine(inner) => inner.code(),
                CategorizationError::RuleNotFound(_) => "rule_not_found",
                CategorizationError::ModelNotFound(_) => "model_not_found",
                CategorizationError::CategoryNotFound { .. } => "category_not_found",
                CategorizationError::NotACategory { .. } => "not_a_category",
                CategorizationError::NotCategorizable { .. } => "not_categorizable",
            },
        }
    }

    /// The broad class of this error.
    pub fn kind(&self) -> ErrorKind {
        let code = self.code();
        ERROR_CODES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(ErrorKind::Storage, |(_, kind, _)| *kind)
    }

    /// The file and 1-based line at fault, for errors of files (`malformed_line`; the line is
    /// `None` for `unreadable_file`).
    pub fn location(&self) -> Option<(String, Option<u64>)> {
        match self {
            Self::File(FileError::Malformed { file, line, .. }) => {
                Some((file.clone(), Some(*line)))
            }
            Self::File(FileError::Unreadable { file, .. }) => Some((file.clone(), None)),
            Self::Import(ImportError::SyncFailed { page, line, .. }) => {
                Some((format!("pages[{page}]"), *line))
            }
            _ => None,
        }
    }

    /// The field at fault, where there is one (e.g. `splits[1].amount`).
    pub fn field(&self) -> Option<String> {
        let fixed = match self {
            Self::Commodity(CommodityError::InvalidCode { .. } | CommodityError::Exists { .. }) => {
                "code"
            }
            Self::Commodity(CommodityError::InvalidScale { .. }) => "scale",
            Self::User(UserError::EmailTaken(_)) => "email",
            Self::Account(
                AccountError::InvalidPath { .. }
                | AccountError::DuplicateName(_)
                | AccountError::PathNotFound(_),
            ) => "path",
            Self::Account(AccountError::ParentKindMismatch { .. }) => "kind",
            Self::Account(AccountError::InvalidSubtype { .. }) => "subtype",
            Self::Account(AccountError::ClosedBeforeOpened { .. }) => "closed_on",
            Self::Transaction(TransactionError::ExternalIdConflict(_)) => "external_id",
            // Errors are rare: cloning to share `field_mut` keeps one list of variants.
            _ => return self.clone().field_mut().map(|f| f.clone()),
        };
        Some(fixed.to_owned())
    }

    /// Prefixes the field of an error (e.g. with `transactions[3].` in a batch), so the message
    /// names the exact place.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        if let Some(field) = self.field_mut() {
            field.insert_str(0, prefix);
        }
        self
    }

    /// The variants that carry a field path of their own.
    fn field_mut(&mut self) -> Option<&mut String> {
        match self {
            Self::Money(
                MoneyError::TooManyDecimals { field, .. }
                | MoneyError::AmountOutOfRange { field, .. }
                | MoneyError::InvalidAmount { field, .. },
            )
            | Self::Commodity(CommodityError::Unknown { field, .. })
            | Self::User(UserError::InvalidField { field, .. })
            | Self::Account(AccountError::NotFound { field, .. })
            | Self::Query(QueryError::InvalidField { field, .. })
            | Self::Rate(RateError::NoRate { field, .. } | RateError::StaleRate { field, .. })
            | Self::File(FileError::Malformed { field, .. })
            | Self::Import(ImportError::SyncFailed { field, .. })
            | Self::Categorization(
                CategorizationError::Engine(CategorizeError::InvalidRule { field, .. })
                | CategorizationError::CategoryNotFound { field, .. }
                | CategorizationError::NotACategory { field, .. },
            )
            | Self::Budget(
                BudgetError::InvalidField { field, .. } | BudgetError::Overlap { field, .. },
            )
            | Self::Goal(GoalError::InvalidField { field, .. })
            | Self::Alert(AlertError::InvalidField { field, .. })
            | Self::Portfolio(
                PortfolioError::InsufficientQuantity { field, .. }
                | PortfolioError::LotNotFound { field, .. }
                | PortfolioError::NotASecurity { field, .. }
                | PortfolioError::InvalidTargets { field, .. },
            )
            | Self::Transaction(
                TransactionError::TooFewSplits { field, .. }
                | TransactionError::Unbalanced { field, .. }
                | TransactionError::AccountClosed { field, .. }
                | TransactionError::CommodityMismatch { field, .. }
                | TransactionError::InvalidField { field, .. },
            ) => Some(field),
            _ => None,
        }
    }
}
