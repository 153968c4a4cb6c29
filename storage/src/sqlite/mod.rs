//! [`SqliteStore`]: the default store. Bundled SQLite in WAL mode with foreign keys on and a
//! busy timeout; one connection behind a lock (SQLite allows one writer; a write is
//! `BEGIN IMMEDIATE .. COMMIT`, so it happens whole or not at all). Amounts are integer minor
//! units at the commodity's scale in `STRICT` tables, so a value that is not an exact integer
//! can never be stored. Balances are kept incrementally (`daily_totals`, `account_totals`)
//! in the same transaction as the splits they sum.

mod alerts;
mod books;
mod categorize;
mod imports;
mod ledger;
mod planning;
mod portfolio;
mod queries;
mod rates;
mod rows;
mod schema;

pub use schema::SCHEMA_VERSION;

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tally_core::audit::AuditRecord;
use tally_core::commodity::{builtin_scale, CommodityError};
use tally_core::store::StoreError;
use tally_core::{BookId, Result};

pub(crate) fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend { message: e.to_string() }
}

pub(crate) struct Inner {
    pub(crate) conn: Connection,
    /// Scales of user-defined commodities, by book; a scale never changes once defined.
    pub(crate) scales: HashMap<(BookId, String), u32>,
}

/// A [`Store`](tally_core::Store) in one SQLite database.
pub struct SqliteStore {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `path` and brings its schema up to date.
    ///
    /// # Errors
    ///
    /// `storage`, `schema_too_new`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path).map_err(backend)?;
        Self::setup(conn, true, schema::MIGRATIONS.len())
    }

    /// A private in-memory database.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().map_err(backend)?;
        Self::setup(conn, false, schema::MIGRATIONS.len())
    }

    /// Opens a database brought only up to schema `version`; for migration tests.
    ///
    /// # Errors
    ///
    /// `storage`, `schema_too_new`.
    #[doc(hidden)]
    pub fn open_at_version(path: impl AsRef<Path>, version: usize) -> Result<Self> {
        let conn = Connection::open(path).map_err(backend)?;
        Self::setup(conn, true, version)
    }

    fn setup(mut conn: Connection, wal: bool, version: usize) -> Result<Self> {
        conn.busy_timeout(Duration::from_secs(5)).map_err(backend)?;
        if wal {
            conn.pragma_update(None, "journal_mode", "WAL").map_err(backend)?;
        }
        // NORMAL is durable against corruption in WAL mode; a power cut may lose the last
        // commits, never half of one.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(backend)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(backend)?;
        conn.set_prepared_statement_cache_capacity(64);
        conn.create_scalar_function(
            "tally_contains",
            2,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let haystack: Option<String> = ctx.get(0)?;
                let needle: String = ctx.get(1)?;
                Ok(haystack.is_some_and(|h| h.to_lowercase().contains(&needle)))
            },
        )
        .map_err(backend)?;
        let target = i64::try_from(version).unwrap_or(i64::MAX);
        schema::migrate_to(&mut conn, target)?;
        Ok(Self { inner: Mutex::new(Inner { conn, scales: HashMap::new() }) })
    }

    /// Brings the schema up to date (after [`open_at_version`](Self::open_at_version)).
    ///
    /// # Errors
    ///
    /// `storage`, `schema_too_new`.
    #[doc(hidden)]
    pub fn migrate(&self) -> Result<()> {
        let mut inner = self.lock();
        schema::migrate_to(&mut inner.conn, SCHEMA_VERSION)?;
        Ok(())
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(schema::version(&self.lock().conn)?)
    }

    /// Runs `f` with the raw connection; for tests and benchmarks that compare with plain SQL.
    #[doc(hidden)]
    pub fn with_connection<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        f(&self.lock().conn)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The scale of `code` in `book`: ISO 4217 built in, else the book's definition (cached).
pub(crate) fn scale_of(
    conn: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    code: &str,
) -> Result<u32> {
    if let Some(scale) = builtin_scale(code) {
        return Ok(scale);
    }
    if let Some(s) = scales.get(&(book, code.to_owned())) {
        return Ok(*s);
    }
    let found: Option<u32> = conn
        .query_row(
            "SELECT scale FROM commodities WHERE book_id = ?1 AND code = ?2",
            rusqlite::params![book.0, code],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(backend(other)),
        })?;
    let scale = found.ok_or_else(|| CommodityError::Unknown {
        field: "commodity".to_owned(),
        code: code.to_owned(),
    })?;
    scales.insert((book, code.to_owned()), scale);
    Ok(scale)
}

/// Writes one audit row; `entity_id` fills in the record's id when it has none.
pub(crate) fn log(
    conn: &Connection,
    book: BookId,
    record: &AuditRecord,
    entity_id: Option<i64>,
) -> Result<()> {
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string);
    conn.prepare_cached(
        "INSERT INTO audit_log (book_id, actor, action, entity, entity_id, before, after, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut st| {
        st.execute(rusqlite::params![
            book.0,
            record.actor.0,
            record.action.as_str(),
            record.entity.as_str(),
            record.entity_id.or(entity_id),
            json(&record.before),
            json(&record.after),
            rows::timestamp(record.at),
        ])
    })
    .map_err(backend)?;
    Ok(())
}

use chrono::{DateTime, NaiveDate, Utc};
use tally_core::account::Account;
use tally_core::alert::{Alert, AlertDraft, AlertFilter, AlertSettings, SplitQuery, SplitRow};
use tally_core::audit::AuditEntry;
use tally_core::budget::{Allocation, Budget, NewBudget, PeriodRange, PeriodSum};
use tally_core::categorization::{
    CategorizationWrite, CategorizerSettings, ModelInfo, PayeeMemoryRow, Rule, TransactionDecision,
};
use tally_core::commodity::Commodity;
use tally_core::goal::{Contribution, Goal, NewContribution};
use tally_core::import::records::{Connection as BankConnection, ImportBatch, SavedCsvProfile};
use tally_core::query::DailySum;
use tally_core::query::{
    BalanceAssertion, LeafSum, Page, PageRequest, RegisterRow, TransactionFilter,
};
use tally_core::rates::{Rate, RateFilter, RateRows};
use tally_core::store::{
    AccountDraft, AssertionDraft, ChunkSink, ImportedTransaction, Store, SyncWrite, UndoWrite,
};
use tally_core::transaction::{Transaction, TransactionDraft};
use tally_core::user::{BookInfo, Member, NewBook, NewUser, User};
use tally_core::ConnectionId;
use tally_core::{AccountId, AlertId, AssertionId, BudgetId, GoalId, TransactionId, UserId};

impl Store for SqliteStore {
    fn insert_user(&self, user: &NewUser, at: DateTime<Utc>) -> Result<User> {
        books::insert_user(&mut self.lock().conn, user, at)
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        books::user_by(&self.lock().conn, "id = ?1", id.0)
    }

    fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        books::user_by(&self.lock().conn, "email = ?1", email)
    }

    fn insert_book(&self, book: &NewBook, audit: &AuditRecord) -> Result<BookInfo> {
        books::insert_book(&mut self.lock().conn, book, audit)
    }

    fn book(&self, id: BookId) -> Result<Option<BookInfo>> {
        books::book_by_id(&self.lock().conn, id)
    }

    fn books_of_user(&self, user: UserId) -> Result<Vec<BookInfo>> {
        books::books_of_user(&self.lock().conn, user)
    }

    fn members(&self, book: BookId) -> Result<Vec<Member>> {
        books::members(&self.lock().conn, book)
    }

    fn insert_member(&self, book: BookId, member: &Member, audit: &AuditRecord) -> Result<()> {
        books::insert_member(&mut self.lock().conn, book, member, audit)
    }

    fn insert_commodity(
        &self,
        book: BookId,
        commodity: &Commodity,
        audit: &AuditRecord,
    ) -> Result<()> {
        books::insert_commodity(&mut self.lock(), book, commodity, audit)
    }

    fn commodities(&self, book: BookId) -> Result<Vec<Commodity>> {
        books::commodities(&self.lock().conn, book)
    }

    fn insert_accounts(
        &self,
        book: BookId,
        accounts: &[AccountDraft],
        audit: &[AuditRecord],
    ) -> Result<Vec<Account>> {
        books::insert_accounts(&mut self.lock().conn, book, accounts, audit)
    }

    fn update_accounts(
        &self,
        book: BookId,
        accounts: &[Account],
        audit: &[AuditRecord],
    ) -> Result<()> {
        books::update_accounts(&mut self.lock().conn, book, accounts, audit)
    }

    fn accounts(&self, book: BookId) -> Result<Vec<Account>> {
        books::accounts(&self.lock().conn, book)
    }

    fn insert_transactions(
        &self,
        book: BookId,
        transactions: &[TransactionDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<TransactionId>> {
        ledger::insert_transactions(&mut self.lock(), book, transactions, audit)
    }

    fn insert_transaction_chunks(
        &self,
        book: BookId,
        audit: &AuditRecord,
        produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    ) -> Result<()> {
        ledger::insert_chunks(&mut self.lock(), book, audit, produce)
    }

    fn transaction(&self, book: BookId, id: TransactionId) -> Result<Option<Transaction>> {
        let mut inner = self.lock();
        let Inner { conn, scales } = &mut *inner;
        Ok(ledger::read_transactions(conn, scales, book, &[id])?.into_iter().next())
    }

    fn transactions_by_external_id(
        &self,
        book: BookId,
        external_ids: &[&str],
    ) -> Result<Vec<Transaction>> {
        ledger::by_external_id(&mut self.lock(), book, external_ids)
    }

    fn imported_transactions(
        &self,
        book: BookId,
        account: AccountId,
        external_ids: &[&str],
    ) -> Result<Vec<ImportedTransaction>> {
        ledger::imported_transactions(&mut self.lock(), book, account, external_ids)
    }

    fn reversal_of(&self, book: BookId, id: TransactionId) -> Result<Option<TransactionId>> {
        ledger::reversal_of(&self.lock().conn, book, id)
    }

    fn replace_transaction(
        &self,
        book: BookId,
        id: TransactionId,
        transaction: &TransactionDraft,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        ledger::replace_transaction(&mut self.lock(), book, id, transaction, at, audit)
    }

    fn set_deleted(
        &self,
        book: BookId,
        id: TransactionId,
        deleted: bool,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        ledger::set_deleted(&mut self.lock(), book, id, deleted, at, audit)
    }

    fn leaf_balances(&self, book: BookId, as_of: Option<NaiveDate>) -> Result<Vec<LeafSum>> {
        queries::leaf_balances(&mut self.lock(), book, as_of)
    }

    fn leaf_flows(&self, book: BookId, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeafSum>> {
        queries::leaf_flows(&mut self.lock(), book, from, to)
    }

    fn register(
        &self,
        book: BookId,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<RegisterRow>> {
        queries::register(&mut self.lock(), book, accounts, page)
    }

    fn search(
        &self,
        book: BookId,
        filter: &TransactionFilter,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<Transaction>> {
        queries::search(&mut self.lock(), book, filter, accounts, page)
    }

    fn transactions_touching(
        &self,
        book: BookId,
        accounts: &[AccountId],
        tags: &[String],
        to: Option<NaiveDate>,
    ) -> Result<Vec<Transaction>> {
        queries::transactions_touching(&mut self.lock(), book, accounts, tags, to)
    }

    fn insert_assertion(
        &self,
        book: BookId,
        assertion: &AssertionDraft,
        audit: &AuditRecord,
    ) -> Result<BalanceAssertion> {
        books::insert_assertion(&mut self.lock(), book, assertion, audit)
    }

    fn assertions(&self, book: BookId) -> Result<Vec<BalanceAssertion>> {
        books::assertions(&mut self.lock(), book)
    }

    fn delete_assertion(&self, book: BookId, id: AssertionId, audit: &AuditRecord) -> Result<()> {
        books::delete_assertion(&mut self.lock().conn, book, id, audit)
    }

    fn daily_sums(
        &self,
        book: BookId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<DailySum>> {
        rates::daily_sums(&mut self.lock(), book, from, to)
    }

    fn rates_version(&self, book: BookId) -> Result<u64> {
        rates::version(&self.lock().conn, book)
    }

    fn rates(&self, book: BookId, filter: &RateFilter) -> Result<Vec<Rate>> {
        rates::rates(&self.lock().conn, book, filter)
    }

    fn rate_rows(&self, book: BookId) -> Result<RateRows> {
        rates::rate_rows(&self.lock().conn, book)
    }

    fn upsert_rates(&self, book: BookId, rates: &RateRows, audit: &AuditRecord) -> Result<()> {
        rates::upsert(&mut self.lock().conn, book, rates, audit)
    }

    fn delete_rate(
        &self,
        book: BookId,
        base: &str,
        quote: &str,
        date: NaiveDate,
        audit: &AuditRecord,
    ) -> Result<bool> {
        rates::delete(&mut self.lock().conn, book, (base, quote, date), audit)
    }

    fn put_security(
        &self,
        book: BookId,
        commodity: Option<&Commodity>,
        security: &tally_core::portfolio::Security,
        audit: &AuditRecord,
    ) -> Result<()> {
        portfolio::put_security(&mut self.lock(), book, commodity, security, audit)
    }

    fn securities(&self, book: BookId) -> Result<Vec<tally_core::portfolio::Security>> {
        portfolio::securities(&self.lock().conn, book)
    }

    fn set_booking_method(
        &self,
        book: BookId,
        account: AccountId,
        method: tally_core::portfolio::BookingMethod,
        audit: &AuditRecord,
    ) -> Result<()> {
        portfolio::set_booking_method(&mut self.lock(), book, account, method, audit)
    }

    fn booking_methods(
        &self,
        book: BookId,
    ) -> Result<Vec<(AccountId, tally_core::portfolio::BookingMethod)>> {
        portfolio::booking_methods(&self.lock().conn, book)
    }

    fn replace_targets(
        &self,
        book: BookId,
        account: Option<AccountId>,
        targets: &[tally_core::portfolio::TargetWeight],
        audit: &AuditRecord,
    ) -> Result<()> {
        portfolio::replace_targets(&mut self.lock(), book, account, targets, audit)
    }

    fn targets(
        &self,
        book: BookId,
        account: Option<AccountId>,
    ) -> Result<Vec<tally_core::portfolio::TargetWeight>> {
        portfolio::targets(&self.lock().conn, book, account)
    }

    fn audit_log(&self, book: BookId, page: &PageRequest) -> Result<Page<AuditEntry>> {
        queries::audit_log(&self.lock().conn, book, page)
    }

    fn insert_csv_profile(
        &self,
        book: BookId,
        profile: &SavedCsvProfile,
        audit: &AuditRecord,
    ) -> Result<()> {
        imports::insert_csv_profile(&mut self.lock().conn, book, profile, audit)
    }

    fn csv_profiles(&self, book: BookId) -> Result<Vec<SavedCsvProfile>> {
        imports::csv_profiles(&self.lock().conn, book)
    }

    fn delete_csv_profile(&self, book: BookId, name: &str, audit: &AuditRecord) -> Result<()> {
        imports::delete_csv_profile(&mut self.lock().conn, book, name, audit)
    }

    fn insert_connection(
        &self,
        book: BookId,
        connection: &BankConnection,
        audit: &AuditRecord,
    ) -> Result<BankConnection> {
        imports::insert_connection(&mut self.lock().conn, book, connection, audit)
    }

    fn connections(&self, book: BookId) -> Result<Vec<BankConnection>> {
        imports::connections(&self.lock().conn, book)
    }

    fn update_connection(
        &self,
        book: BookId,
        connection: &BankConnection,
        audit: &AuditRecord,
    ) -> Result<()> {
        imports::update_connection(&mut self.lock().conn, book, connection, audit)
    }

    fn delete_connection(&self, book: BookId, id: ConnectionId, audit: &AuditRecord) -> Result<()> {
        imports::delete_connection(&mut self.lock().conn, book, id, audit)
    }

    fn insert_import_batch(
        &self,
        book: BookId,
        batch: &ImportBatch,
        audit: &AuditRecord,
    ) -> Result<ImportBatch> {
        imports::insert_import_batch(&mut self.lock().conn, book, batch, audit)
    }

    fn import_batches(&self, book: BookId) -> Result<Vec<ImportBatch>> {
        imports::import_batches(&self.lock().conn, book)
    }

    fn apply_sync(&self, book: BookId, write: &SyncWrite) -> Result<Option<ImportBatch>> {
        imports::apply_sync(&mut self.lock(), book, write)
    }

    fn undo_import_batch(&self, book: BookId, undo: &UndoWrite) -> Result<ImportBatch> {
        imports::undo_import_batch(&mut self.lock(), book, undo)
    }

    fn rules(&self, book: BookId) -> Result<Vec<Rule>> {
        categorize::rules(&self.lock().conn, book)
    }

    fn insert_rule(&self, book: BookId, rule: &Rule, audit: &AuditRecord) -> Result<i64> {
        categorize::insert_rule(&mut self.lock(), book, rule, audit)
    }

    fn update_rules(&self, book: BookId, rules: &[Rule], audit: &AuditRecord) -> Result<()> {
        categorize::update_rules(&mut self.lock(), book, rules, audit)
    }

    fn delete_rule(&self, book: BookId, id: i64, audit: &AuditRecord) -> Result<()> {
        categorize::delete_rule(&mut self.lock(), book, id, audit)
    }

    fn payee_memory(&self, book: BookId) -> Result<Vec<PayeeMemoryRow>> {
        categorize::payee_memory(&self.lock().conn, book)
    }

    fn decisions(&self, book: BookId, ids: &[TransactionId]) -> Result<Vec<TransactionDecision>> {
        categorize::decisions(&self.lock().conn, book, ids)
    }

    fn all_decisions(&self, book: BookId) -> Result<Vec<TransactionDecision>> {
        categorize::all_decisions(&self.lock().conn, book)
    }

    fn review_queue(&self, book: BookId, page: &PageRequest) -> Result<Page<TransactionDecision>> {
        categorize::review_queue(&self.lock().conn, book, page)
    }

    fn write_categorization(
        &self,
        book: BookId,
        write: &CategorizationWrite,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        categorize::write_categorization(&mut self.lock(), book, write, at, audit)
    }

    fn insert_model(
        &self,
        book: BookId,
        model: &ModelInfo,
        bytes: &[u8],
        memory: Option<&[PayeeMemoryRow]>,
        audit: &AuditRecord,
    ) -> Result<i64> {
        categorize::insert_model(&mut self.lock(), book, model, bytes, memory, audit)
    }

    fn models(&self, book: BookId) -> Result<Vec<ModelInfo>> {
        categorize::models(&self.lock().conn, book)
    }

    fn model_bytes(&self, book: BookId, version: i64) -> Result<Option<Vec<u8>>> {
        categorize::model_bytes(&self.lock().conn, book, version)
    }

    fn activate_model(&self, book: BookId, version: i64, audit: &AuditRecord) -> Result<()> {
        categorize::activate_model(&mut self.lock(), book, version, audit)
    }

    fn categorizer_settings(&self, book: BookId) -> Result<Option<CategorizerSettings>> {
        categorize::settings(&self.lock().conn, book)
    }

    fn set_categorizer_settings(
        &self,
        book: BookId,
        settings: &CategorizerSettings,
        audit: &AuditRecord,
    ) -> Result<()> {
        categorize::set_settings(&mut self.lock(), book, settings, audit)
    }

    fn insert_budget(
        &self,
        book: BookId,
        budget: &NewBudget,
        audit: &AuditRecord,
    ) -> Result<Budget> {
        planning::insert_budget(&mut self.lock().conn, book, budget, audit)
    }

    fn update_budget(&self, book: BookId, budget: &Budget, audit: &AuditRecord) -> Result<()> {
        planning::update_budget(&mut self.lock().conn, book, budget, audit)
    }

    fn delete_budget(&self, book: BookId, id: BudgetId, audit: &AuditRecord) -> Result<()> {
        planning::delete_budget(&mut self.lock().conn, book, id, audit)
    }

    fn budgets(&self, book: BookId) -> Result<Vec<Budget>> {
        planning::budgets(&self.lock().conn, book)
    }

    fn set_allocations(
        &self,
        book: BookId,
        rows: &[Allocation],
        audit: &AuditRecord,
    ) -> Result<()> {
        planning::set_allocations(&mut self.lock(), book, rows, audit)
    }

    fn allocations(
        &self,
        book: BookId,
        budget: BudgetId,
        to: NaiveDate,
    ) -> Result<Vec<Allocation>> {
        planning::allocations(&mut self.lock(), book, budget, to)
    }

    fn period_flows(&self, book: BookId, periods: &[PeriodRange]) -> Result<Vec<PeriodSum>> {
        planning::period_flows(&mut self.lock(), book, periods)
    }

    fn insert_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<Goal> {
        planning::insert_goal(&mut self.lock(), book, goal, audit)
    }

    fn update_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<()> {
        planning::update_goal(&mut self.lock(), book, goal, audit)
    }

    fn goals(&self, book: BookId) -> Result<Vec<Goal>> {
        planning::goals(&mut self.lock(), book)
    }

    fn insert_contribution(
        &self,
        book: BookId,
        goal: GoalId,
        contribution: &NewContribution,
        audit: &AuditRecord,
    ) -> Result<Contribution> {
        planning::insert_contribution(&mut self.lock(), book, goal, contribution, audit)
    }

    fn contributions(&self, book: BookId, goal: Option<GoalId>) -> Result<Vec<Contribution>> {
        planning::contributions(&mut self.lock(), book, goal)
    }

    fn insert_alerts(
        &self,
        book: BookId,
        alerts: &[AlertDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<Alert>> {
        alerts::insert_alerts(&mut self.lock().conn, book, alerts, audit)
    }

    fn alerts(&self, book: BookId, filter: &AlertFilter) -> Result<Vec<Alert>> {
        alerts::alerts(&self.lock().conn, book, filter)
    }

    fn set_alert_flags(
        &self,
        book: BookId,
        ids: &[AlertId],
        read: Option<bool>,
        dismissed: Option<bool>,
        audit: &AuditRecord,
    ) -> Result<()> {
        alerts::set_flags(&mut self.lock().conn, book, ids, read, dismissed, audit)
    }

    fn alert_settings(&self, book: BookId) -> Result<Option<AlertSettings>> {
        alerts::settings(&self.lock().conn, book)
    }

    fn set_alert_settings(
        &self,
        book: BookId,
        settings: &AlertSettings,
        audit: &AuditRecord,
    ) -> Result<()> {
        alerts::set_settings(&mut self.lock().conn, book, settings, audit)
    }

    fn split_rows(&self, book: BookId, query: &SplitQuery) -> Result<Vec<SplitRow>> {
        alerts::split_rows(&mut self.lock(), book, query)
    }
}
