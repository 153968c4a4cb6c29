//! The [`Store`] trait: what the engine needs from a database. The core validates everything
//! before it calls a store; a store keeps what it is given, atomically, scoped to one book, and
//! answers the queries. `tally-storage` implements it for SQLite; [`MemoryStore`] is the
//! reference implementation for tests. One conformance suite
//! ([`store_conformance_tests!`](crate::store_conformance_tests), feature `conformance`) runs
//! against every implementation.
//!
//! [`MemoryStore`]: crate::memory::MemoryStore

use crate::account::{Account, AccountKind, AccountSubtype};
use crate::alert::{Alert, AlertDraft, AlertFilter, AlertSettings, SplitQuery, SplitRow};
use crate::audit::{AuditEntry, AuditRecord};
use crate::budget::{Allocation, Budget, NewBudget, PeriodRange, PeriodSum};
use crate::categorization::{
    CategorizationWrite, CategorizerSettings, ModelInfo, PayeeMemoryRow, Rule, TransactionDecision,
};
use crate::commodity::Commodity;
use crate::goal::{Contribution, Goal, NewContribution};
use crate::ids::{
    AccountId, AlertId, AssertionId, BookId, BudgetId, ConnectionId, GoalId, TransactionId, UserId,
};
use crate::import::records::{Connection, ImportBatch, SavedCsvProfile};
use crate::portfolio::{BookingMethod, Security, TargetWeight};
use crate::query::{
    BalanceAssertion, DailySum, LeafSum, Page, PageRequest, RegisterRow, TransactionFilter,
};
use crate::rates::{Rate, RateFilter, RateRows};
use crate::transaction::{Transaction, TransactionDraft};
use crate::user::{BookInfo, Member, NewBook, NewUser, User};
use crate::ImportBatchId;
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

/// A transaction an import wrote before, in the compact form an import needs to decide what a
/// line of a statement is (see [`Store::imported_transactions`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedTransaction {
    /// Position of its external id in the list asked for.
    pub index: usize,
    /// The transaction.
    pub id: TransactionId,
    /// Its date.
    pub date: NaiveDate,
    /// Whether it is deleted.
    pub deleted: bool,
    /// The sum of its splits in the account asked for (zero when it has none there).
    pub amount: Decimal,
}

/// Where [`Store::insert_transaction_chunks`] takes each chunk: it writes the chunk and returns
/// the ids of its transactions, in order. The second slice is empty, or holds one categorization
/// decision per transaction of the chunk (its `transaction_id` is ignored: the store sets the
/// written id), stored in the same database transaction.
pub type ChunkSink<'a> =
    dyn FnMut(&[TransactionDraft], &[TransactionDecision]) -> Result<Vec<TransactionId>> + 'a;

/// The writes of a bank sync, applied by [`Store::apply_sync`] as one database transaction:
/// the new transactions, the changed ones, the deleted ones, the connection with its new
/// cursor, and the batch that records them.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncWrite {
    /// The connection as it is after the sync (cursor, status, last sync).
    pub connection: Connection,
    /// The audit record of the connection's change.
    pub connection_audit: AuditRecord,
    /// New transactions, validated.
    pub inserts: Vec<TransactionDraft>,
    /// The audit record of the inserts (written with the first id, when there are any).
    pub insert_audit: AuditRecord,
    /// Transactions whose content is replaced, each with its audit record.
    pub replaces: Vec<(TransactionId, TransactionDraft, AuditRecord)>,
    /// Transactions soft-deleted, each with its audit record.
    pub deletes: Vec<(TransactionId, AuditRecord)>,
    /// The batch to record, with its audit record; the store fills in its id and its
    /// `written` ids (the inserts', ascending). `None` when the sync writes no transaction.
    pub batch: Option<(ImportBatch, AuditRecord)>,
}

/// The undo of an import batch, applied by [`Store::undo_import_batch`] as one database
/// transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoWrite {
    /// The batch.
    pub batch: ImportBatchId,
    /// Transactions to soft-delete (the batch's, not yet deleted), each with its audit record.
    pub deletes: Vec<(TransactionId, AuditRecord)>,
    /// The audit record of the batch's change (its time is the batch's `undone_at`).
    pub audit: AuditRecord,
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
    /// Writes validated transactions as one database transaction, as
    /// [`insert_transactions`](Self::insert_transactions) does, but in chunks, so that a large
    /// import never holds them all in memory: `produce` is called once and hands every chunk
    /// to the sink it is given, which writes it and returns its ids. Ids are ascending across
    /// chunks (contiguous within a chunk); `audit` is written once, with the first id, when
    /// anything was written. All or nothing: when `produce` returns an error (its own, or one
    /// the sink returned to it) nothing is written and that error is returned. `produce` runs
    /// inside the store's transaction and must not call the store.
    fn insert_transaction_chunks(
        &self,
        book: BookId,
        audit: &AuditRecord,
        produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    ) -> Result<()>;
    /// A transaction (deleted or not).
    fn transaction(&self, book: BookId, id: TransactionId) -> Result<Option<Transaction>>;
    /// Transactions (deleted or not) carrying any of these external ids.
    fn transactions_by_external_id(
        &self,
        book: BookId,
        external_ids: &[&str],
    ) -> Result<Vec<Transaction>>;
    /// The transactions (deleted or not) carrying any of these external ids, in the compact
    /// form of [`ImportedTransaction`] with the sum of their splits in `account`, in any order.
    /// What an import looks its lines' fingerprints up with: a statement of a million lines
    /// asks for them in chunks, so a store should answer a long list quickly.
    fn imported_transactions(
        &self,
        book: BookId,
        account: AccountId,
        external_ids: &[&str],
    ) -> Result<Vec<ImportedTransaction>>;
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

    /// Saves a CSV profile; `profile_exists` when the book has one of that name.
    fn insert_csv_profile(
        &self,
        book: BookId,
        profile: &SavedCsvProfile,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The book's saved CSV profiles, by name.
    fn csv_profiles(&self, book: BookId) -> Result<Vec<SavedCsvProfile>>;
    /// Deletes a saved CSV profile; `profile_not_found` when missing.
    fn delete_csv_profile(&self, book: BookId, name: &str, audit: &AuditRecord) -> Result<()>;

    /// Stores a connection (its id is assigned) and returns it.
    fn insert_connection(
        &self,
        book: BookId,
        connection: &Connection,
        audit: &AuditRecord,
    ) -> Result<Connection>;
    /// The book's connections, by id.
    fn connections(&self, book: BookId) -> Result<Vec<Connection>>;
    /// Rewrites a connection; `connection_not_found` when missing.
    fn update_connection(
        &self,
        book: BookId,
        connection: &Connection,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Deletes a connection (its batches stay); `connection_not_found` when missing.
    fn delete_connection(&self, book: BookId, id: ConnectionId, audit: &AuditRecord) -> Result<()>;

    /// Records an import batch (its id is assigned) and returns it.
    fn insert_import_batch(
        &self,
        book: BookId,
        batch: &ImportBatch,
        audit: &AuditRecord,
    ) -> Result<ImportBatch>;
    /// The book's import batches, newest first.
    fn import_batches(&self, book: BookId) -> Result<Vec<ImportBatch>>;
    /// Applies a sync's writes as one database transaction and returns the batch recorded.
    /// `connection_not_found` when the connection is gone; any failure writes nothing.
    fn apply_sync(&self, book: BookId, write: &SyncWrite) -> Result<Option<ImportBatch>>;
    /// Soft-deletes the transactions and marks the batch undone as one database transaction;
    /// `batch_not_found`, `batch_already_undone` (checked inside the transaction).
    fn undo_import_batch(&self, book: BookId, undo: &UndoWrite) -> Result<ImportBatch>;
    /// The book's categorization rules (categories of actions as account ids written as
    /// digits), ordered by (stage, priority, id).
    fn rules(&self, book: BookId) -> Result<Vec<Rule>>;
    /// Stores a new rule (its `id` is ignored) and returns its id.
    fn insert_rule(&self, book: BookId, rule: &Rule, audit: &AuditRecord) -> Result<i64>;
    /// Replaces rules by id, all or nothing; `rule_not_found` when one is missing. One audit
    /// record.
    fn update_rules(&self, book: BookId, rules: &[Rule], audit: &AuditRecord) -> Result<()>;
    /// Deletes a rule; `rule_not_found` when missing.
    fn delete_rule(&self, book: BookId, id: i64, audit: &AuditRecord) -> Result<()>;
    /// The book's payee memory, ordered by (payee, category).
    fn payee_memory(&self, book: BookId) -> Result<Vec<PayeeMemoryRow>>;
    /// The stored decisions of these transactions (those that have one), in any order.
    fn decisions(&self, book: BookId, ids: &[TransactionId]) -> Result<Vec<TransactionDecision>>;
    /// Every stored decision of the book, by transaction id.
    fn all_decisions(&self, book: BookId) -> Result<Vec<TransactionDecision>>;
    /// Decisions that need review, of transactions not deleted, by transaction id in the page's
    /// order.
    fn review_queue(&self, book: BookId, page: &PageRequest) -> Result<Page<TransactionDecision>>;
    /// Rewrites transactions, stores decisions and changes payee memory as one database
    /// transaction with `audit`; `transaction_not_found` when a transaction is missing.
    fn write_categorization(
        &self,
        book: BookId,
        write: &CategorizationWrite,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Stores a trained model (its `version` is ignored: the next one is given and returned)
    /// and makes it the active one; when `memory` is given the payee memory is replaced by it,
    /// in the same database transaction.
    fn insert_model(
        &self,
        book: BookId,
        model: &ModelInfo,
        bytes: &[u8],
        memory: Option<&[PayeeMemoryRow]>,
        audit: &AuditRecord,
    ) -> Result<i64>;
    /// The book's models, newest version first (without their bytes).
    fn models(&self, book: BookId) -> Result<Vec<ModelInfo>>;
    /// The bytes of a model version.
    fn model_bytes(&self, book: BookId, version: i64) -> Result<Option<Vec<u8>>>;
    /// Makes a version the active model; `model_not_found` when missing.
    fn activate_model(&self, book: BookId, version: i64, audit: &AuditRecord) -> Result<()>;
    /// The categorizer's settings, when they were ever set.
    fn categorizer_settings(&self, book: BookId) -> Result<Option<CategorizerSettings>>;
    /// Stores the categorizer's settings.
    fn set_categorizer_settings(
        &self,
        book: BookId,
        settings: &CategorizerSettings,
        audit: &AuditRecord,
    ) -> Result<()>;

    /// Stores a validated budget; its id and timestamps come from the store and `audit.at`.
    fn insert_budget(
        &self,
        book: BookId,
        budget: &NewBudget,
        audit: &AuditRecord,
    ) -> Result<Budget>;
    /// Rewrites a budget; `budget_not_found` when missing.
    fn update_budget(&self, book: BookId, budget: &Budget, audit: &AuditRecord) -> Result<()>;
    /// Deletes a budget with its allocations; `budget_not_found` when missing.
    fn delete_budget(&self, book: BookId, id: BudgetId, audit: &AuditRecord) -> Result<()>;
    /// The book's budgets, by id.
    fn budgets(&self, book: BookId) -> Result<Vec<Budget>>;
    /// Sets allocations (each replacing the one of its budget, period and category; a zero
    /// amount removes it) in one database transaction with one audit record.
    fn set_allocations(&self, book: BookId, rows: &[Allocation], audit: &AuditRecord)
        -> Result<()>;
    /// A budget's allocations of periods starting on or before `to`, by (period, category).
    fn allocations(&self, book: BookId, budget: BudgetId, to: NaiveDate)
        -> Result<Vec<Allocation>>;
    /// Sum of counted splits per period (its index in `periods`), account and commodity;
    /// periods are disjoint and ascending. What budget status reads in one query.
    fn period_flows(&self, book: BookId, periods: &[PeriodRange]) -> Result<Vec<PeriodSum>>;

    /// Stores a validated goal (`goal.id` is ignored; the store assigns it).
    fn insert_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<Goal>;
    /// Rewrites a goal; `goal_not_found` when missing.
    fn update_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<()>;
    /// The book's goals, by id.
    fn goals(&self, book: BookId) -> Result<Vec<Goal>>;
    /// Adds a manual contribution to a goal.
    fn insert_contribution(
        &self,
        book: BookId,
        goal: GoalId,
        contribution: &NewContribution,
        audit: &AuditRecord,
    ) -> Result<Contribution>;
    /// Contributions of one goal (all goals when `None`), by date then id.
    fn contributions(&self, book: BookId, goal: Option<GoalId>) -> Result<Vec<Contribution>>;

    /// Stores the alerts whose key the book does not have yet, in order, created at
    /// `audit.at`, and returns those; writes `audit` only when at least one is new.
    fn insert_alerts(
        &self,
        book: BookId,
        alerts: &[AlertDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<Alert>>;
    /// The book's alerts matching `filter`, oldest first.
    fn alerts(&self, book: BookId, filter: &AlertFilter) -> Result<Vec<Alert>>;
    /// Sets the read and/or dismissed flags of alerts; `alert_not_found` when one is missing
    /// (and then nothing changes).
    fn set_alert_flags(
        &self,
        book: BookId,
        ids: &[AlertId],
        read: Option<bool>,
        dismissed: Option<bool>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The book's alert settings (`None` until set).
    fn alert_settings(&self, book: BookId) -> Result<Option<AlertSettings>>;
    /// Replaces the book's alert settings.
    fn set_alert_settings(
        &self,
        book: BookId,
        settings: &AlertSettings,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Counted splits with their transaction's date and payee (see [`SplitQuery`]), newest
    /// first (by date, then transaction id descending).
    fn split_rows(&self, book: BookId, query: &SplitQuery) -> Result<Vec<SplitRow>>;
}
