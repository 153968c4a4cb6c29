//! The [`Store`] trait: what the engine needs from a database. The core validates everything
//! before it calls a store; a store keeps what it is given, atomically, scoped to one book, and
//! answers the queries. `tally-storage` implements it for SQLite; [`MemoryStore`] is the
//! reference implementation for tests. One conformance suite
//! ([`store_conformance_tests!`](crate::store_conformance_tests), feature `conformance`) runs
//! against every implementation.
//!
//! [`MemoryStore`]: crate::memory::MemoryStore

use crate::account::{Account, AccountKind, AccountSubtype};
use crate::audit::{AuditEntry, AuditRecord};
use crate::commodity::Commodity;
use crate::ids::{AccountId, AssertionId, BookId, TransactionId, UserId};
use crate::portfolio::{BookingMethod, Security, TargetWeight};
use crate::query::{
    BalanceAssertion, DailySum, LeafSum, Page, PageRequest, RegisterRow, TransactionFilter,
};
use crate::rates::{Rate, RateFilter, RateRows};
use crate::transaction::{Transaction, TransactionDraft};
use crate::user::{BookInfo, Member, NewBook, NewUser, User};
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Errors of stores.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("storage: {message}")]
    Backend {
        /// What the database said (no user data).
        message: String,
    },
    /// The database was written by a newer version.
    #[error("storage: schema version {found} is newer than this build supports ({supported})")]
    SchemaTooNew {
        /// Version found.
        found: i64,
        /// Newest version known.
        supported: i64,
    },
    /// A stored row cannot be read back.
    #[error("storage: corrupt {what}")]
    Corrupt {
        /// Which row and column.
        what: String,
    },
}

/// Where a new account's parent is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParentRef {
    /// An account already stored.
    Existing(AccountId),
    /// An earlier account of the same `insert_accounts` call.
    Earlier(usize),
}

/// A validated account for a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDraft {
    /// Parent.
    pub parent: Option<ParentRef>,
    /// Last segment.
    pub name: String,
    /// Full path.
    pub path: String,
    /// Kind.
    pub kind: AccountKind,
    /// Subtype.
    pub subtype: AccountSubtype,
    /// Currency.
    pub currency: String,
    /// Institution.
    pub institution: Option<String>,
    /// Color.
    pub color: Option<String>,
    /// Icon.
    pub icon: Option<String>,
    /// Opening date.
    pub opened_on: Option<NaiveDate>,
    /// Counted in net worth.
    pub include_in_net_worth: bool,
}

/// A validated balance assertion for a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionDraft {
    /// Account.
    pub account_id: AccountId,
    /// Day.
    pub date: NaiveDate,
    /// Expected amount.
    pub amount: Decimal,
    /// Commodity.
    pub commodity: String,
}

/// What the engine needs from a database. Every book-scoped call takes the book and must never
/// read or change another book's rows. Every mutation writes its audit record(s) in the same
/// database transaction, and either happens whole or not at all.
pub trait Store: Send + Sync {
    /// Creates a user; `email_taken` when the e-mail exists.
    fn insert_user(&self, user: &NewUser, at: DateTime<Utc>) -> Result<User>;
    /// A user by id.
    fn user(&self, id: UserId) -> Result<Option<User>>;
    /// A user by e-mail.
    fn user_by_email(&self, email: &str) -> Result<Option<User>>;
    /// Creates a book with its owner as member.
    fn insert_book(&self, book: &NewBook, audit: &AuditRecord) -> Result<BookInfo>;
    /// A book by id.
    fn book(&self, id: BookId) -> Result<Option<BookInfo>>;
    /// Books the user is a member of.
    fn books_of_user(&self, user: UserId) -> Result<Vec<BookInfo>>;
    /// Members of a book.
    fn members(&self, book: BookId) -> Result<Vec<Member>>;
    /// Adds a member.
    fn insert_member(&self, book: BookId, member: &Member, audit: &AuditRecord) -> Result<()>;

    /// Adds a user-defined commodity; `commodity_exists` when the code is taken.
    fn insert_commodity(
        &self,
        book: BookId,
        commodity: &Commodity,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The book's user-defined commodities.
    fn commodities(&self, book: BookId) -> Result<Vec<Commodity>>;

    /// Creates accounts in order (one audit record each); `duplicate_account_name` on a path
    /// that exists.
    fn insert_accounts(
        &self,
        book: BookId,
        accounts: &[AccountDraft],
        audit: &[AuditRecord],
    ) -> Result<Vec<Account>>;
    /// Rewrites accounts (one audit record each).
    fn update_accounts(
        &self,
        book: BookId,
        accounts: &[Account],
        audit: &[AuditRecord],
    ) -> Result<()>;
    /// Every account of the book, in path order.
    fn accounts(&self, book: BookId) -> Result<Vec<Account>>;

    /// Writes validated transactions as one database transaction and returns their ids, which
    /// are contiguous and ascending.
    fn insert_transactions(
        &self,
        book: BookId,
        transactions: &[TransactionDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<TransactionId>>;
    /// A transaction (deleted or not).
    fn transaction(&self, book: BookId, id: TransactionId) -> Result<Option<Transaction>>;
    /// Transactions (deleted or not) carrying any of these external ids.
    fn transactions_by_external_id(
        &self,
        book: BookId,
        external_ids: &[&str],
    ) -> Result<Vec<Transaction>>;
    /// The transaction that reverses `id`, if any.
    fn reversal_of(&self, book: BookId, id: TransactionId) -> Result<Option<TransactionId>>;
    /// Replaces a transaction's content.
    fn replace_transaction(
        &self,
        book: BookId,
        id: TransactionId,
        transaction: &TransactionDraft,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Soft-deletes or restores a transaction.
    fn set_deleted(
        &self,
        book: BookId,
        id: TransactionId,
        deleted: bool,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;

    /// Sum of counted splits per account and commodity up to `as_of` inclusive (all when `None`).
    fn leaf_balances(&self, book: BookId, as_of: Option<NaiveDate>) -> Result<Vec<LeafSum>>;
    /// Sum of counted splits per account and commodity between two dates inclusive.
    fn leaf_flows(&self, book: BookId, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeafSum>>;
    /// Register rows of counted splits in `accounts`, ordered by (date, transaction id, split
    /// id) in the page's order, with the running balance per commodity in ascending order.
    fn register(
        &self,
        book: BookId,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<RegisterRow>>;
    /// Transactions matching `filter` (whose account list is replaced by `accounts`, already
    /// expanded to descendants), ordered by (date, id) in the page's order.
    fn search(
        &self,
        book: BookId,
        filter: &TransactionFilter,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<Transaction>>;

    /// Every transaction not deleted, dated on or before `to` (all when `None`), with a split
    /// in one of `accounts` or carrying one of `tags`, ordered by (date, id): what a portfolio
    /// replays, in one read (no paging).
    fn transactions_touching(
        &self,
        book: BookId,
        accounts: &[AccountId],
        tags: &[String],
        to: Option<NaiveDate>,
    ) -> Result<Vec<Transaction>>;

    /// Stores a balance assertion.
    fn insert_assertion(
        &self,
        book: BookId,
        assertion: &AssertionDraft,
        audit: &AuditRecord,
    ) -> Result<BalanceAssertion>;
    /// The book's balance assertions, by date.
    fn assertions(&self, book: BookId) -> Result<Vec<BalanceAssertion>>;
    /// Deletes a balance assertion; `assertion_not_found` when missing.
    fn delete_assertion(&self, book: BookId, id: AssertionId, audit: &AuditRecord) -> Result<()>;

    /// Sum of counted splits per account, commodity and day, between two dates inclusive (either
    /// end open when `None`), ordered by date.
    fn daily_sums(
        &self,
        book: BookId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<DailySum>>;

    /// A number that changes whenever the book's rates change (caches key on it).
    fn rates_version(&self, book: BookId) -> Result<u64>;
    /// The book's rates matching `filter`, ordered by (base, quote, date).
    fn rates(&self, book: BookId, filter: &RateFilter) -> Result<Vec<Rate>>;
    /// Every rate of the book in compact form, ordered by (base, quote, date): what the engine
    /// builds its [`RateTable`](crate::rates::RateTable) from. The default reads
    /// [`rates`](Self::rates); a store can skip the strings of every row.
    fn rate_rows(&self, book: BookId) -> Result<RateRows> {
        Ok(self.rates(book, &RateFilter::default())?.into_iter().collect())
    }
    /// Stores validated rates in one database transaction, each replacing any rate of the same
    /// (base, quote, date); writes `audit` and changes the version. The core gives each
    /// (base, quote, date) at most once, sorted by that key (a store may rely on the order for
    /// speed, never for correctness).
    fn upsert_rates(&self, book: BookId, rates: &RateRows, audit: &AuditRecord) -> Result<()>;
    /// Deletes the rate of (base, quote, date); false when there was none.
    fn delete_rate(
        &self,
        book: BookId,
        base: &str,
        quote: &str,
        date: NaiveDate,
        audit: &AuditRecord,
    ) -> Result<bool>;

    /// Stores a security's details, first inserting `commodity` when given (a new security),
    /// in one database transaction; replaces details stored for the same code.
    /// `commodity_exists` when `commodity` is given and its code is taken.
    fn put_security(
        &self,
        book: BookId,
        commodity: Option<&Commodity>,
        security: &Security,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The book's securities, by code.
    fn securities(&self, book: BookId) -> Result<Vec<Security>>;
    /// Sets the booking method of an account (replacing any).
    fn set_booking_method(
        &self,
        book: BookId,
        account: AccountId,
        method: BookingMethod,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The booking methods set in the book (accounts without one use FIFO), by account.
    fn booking_methods(&self, book: BookId) -> Result<Vec<(AccountId, BookingMethod)>>;
    /// Replaces the target weights of the book (`account` `None`) or of one account.
    fn replace_targets(
        &self,
        book: BookId,
        account: Option<AccountId>,
        targets: &[TargetWeight],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The target weights of the book or of one account, in key order.
    fn targets(&self, book: BookId, account: Option<AccountId>) -> Result<Vec<TargetWeight>>;

    /// The book's audit log, newest first unless the page says otherwise.
    fn audit_log(&self, book: BookId, page: &PageRequest) -> Result<Page<AuditEntry>>;
}
