//! A store that fails at the end of an import's write, for the scenarios that check that a
//! file import, a sync and an undo leave nothing behind when their one database transaction
//! fails after everything else in it was written: it wraps a real store and, while armed, adds
//! a last step that cannot succeed (a transaction that does not exist) to each of those writes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::account::Account;
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
use crate::store::{
    AccountDraft, AssertionDraft, ChunkSink, ImportWrite, ImportedTransaction, Store, SyncWrite,
    UndoWrite, UndoneBatch,
};
use crate::transaction::{Transaction, TransactionDraft};
use crate::user::{BookInfo, Member, NewBook, NewUser, User};
use crate::ImportBatchId;
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};

/// A transaction id no store has.
const MISSING: TransactionId = TransactionId(i64::MAX - 7);

/// Wraps a store; while armed, its import writes fail at their end (see the module).
pub struct FailAtEnd {
    inner: Arc<dyn Store>,
    armed: AtomicBool,
}

impl FailAtEnd {
    /// Wraps `inner`, disarmed.
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self { inner, armed: AtomicBool::new(false) }
    }

    /// Arms or disarms the failure.
    pub fn arm(&self, armed: bool) {
        self.armed.store(armed, Ordering::SeqCst);
    }

    fn armed(&self) -> bool {
        self.armed.load(Ordering::SeqCst)
    }
}

impl Store for FailAtEnd {
    fn insert_user(&self, user: &NewUser, at: DateTime<Utc>) -> Result<User> {
        self.inner.insert_user(user, at)
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        self.inner.user(id)
    }

    fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        self.inner.user_by_email(email)
    }

    fn insert_book(&self, book: &NewBook, audit: &AuditRecord) -> Result<BookInfo> {
        self.inner.insert_book(book, audit)
    }

    fn book(&self, id: BookId) -> Result<Option<BookInfo>> {
        self.inner.book(id)
    }

    fn books_of_user(&self, user: UserId) -> Result<Vec<BookInfo>> {
        self.inner.books_of_user(user)
    }

    fn members(&self, book: BookId) -> Result<Vec<Member>> {
        self.inner.members(book)
    }

    fn insert_member(&self, book: BookId, member: &Member, audit: &AuditRecord) -> Result<()> {
        self.inner.insert_member(book, member, audit)
    }

    fn insert_commodity(
        &self,
        book: BookId,
        commodity: &Commodity,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.insert_commodity(book, commodity, audit)
    }

    fn commodities(&self, book: BookId) -> Result<Vec<Commodity>> {
        self.inner.commodities(book)
    }

    fn insert_accounts(
        &self,
        book: BookId,
        accounts: &[AccountDraft],
        audit: &[AuditRecord],
    ) -> Result<Vec<Account>> {
        self.inner.insert_accounts(book, accounts, audit)
    }

    fn update_accounts(
        &self,
        book: BookId,
        accounts: &[Account],
        audit: &[AuditRecord],
    ) -> Result<()> {
        self.inner.update_accounts(book, accounts, audit)
    }

    fn accounts(&self, book: BookId) -> Result<Vec<Account>> {
        self.inner.accounts(book)
    }

    fn insert_transactions(
        &self,
        book: BookId,
        transactions: &[TransactionDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<TransactionId>> {
        self.inner.insert_transactions(book, transactions, audit)
    }

    fn insert_transaction_chunks(
        &self,
        book: BookId,
        audit: &AuditRecord,
        produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    ) -> Result<()> {
        self.inner.insert_transaction_chunks(book, audit, produce)
    }

    fn transaction(&self, book: BookId, id: TransactionId) -> Result<Option<Transaction>> {
        self.inner.transaction(book, id)
    }

    fn transactions_by_external_id(
        &self,
        book: BookId,
        external_ids: &[&str],
    ) -> Result<Vec<Transaction>> {
        self.inner.transactions_by_external_id(book, external_ids)
    }

    fn imported_transactions(
        &self,
        book: BookId,
        account: AccountId,
        external_ids: &[&str],
    ) -> Result<Vec<ImportedTransaction>> {
        self.inner.imported_transactions(book, account, external_ids)
    }

    fn reversal_of(&self, book: BookId, id: TransactionId) -> Result<Option<TransactionId>> {
        self.inner.reversal_of(book, id)
    }

    fn replace_transaction(
        &self,
        book: BookId,
        id: TransactionId,
        transaction: &TransactionDraft,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.replace_transaction(book, id, transaction, at, audit)
    }

    fn set_deleted(
        &self,
        book: BookId,
        id: TransactionId,
        deleted: bool,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.set_deleted(book, id, deleted, at, audit)
    }

    fn leaf_balances(&self, book: BookId, as_of: Option<NaiveDate>) -> Result<Vec<LeafSum>> {
        self.inner.leaf_balances(book, as_of)
    }

    fn leaf_flows(&self, book: BookId, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeafSum>> {
        self.inner.leaf_flows(book, from, to)
    }

    fn register(
        &self,
        book: BookId,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<RegisterRow>> {
        self.inner.register(book, accounts, page)
    }

    fn search(
        &self,
        book: BookId,
        filter: &TransactionFilter,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<Transaction>> {
        self.inner.search(book, filter, accounts, page)
    }

    fn transactions_touching(
        &self,
        book: BookId,
        accounts: &[AccountId],
        tags: &[String],
        to: Option<NaiveDate>,
    ) -> Result<Vec<Transaction>> {
        self.inner.transactions_touching(book, accounts, tags, to)
    }

    fn insert_assertion(
        &self,
        book: BookId,
        assertion: &AssertionDraft,
        audit: &AuditRecord,
    ) -> Result<BalanceAssertion> {
        self.inner.insert_assertion(book, assertion, audit)
    }

    fn assertions(&self, book: BookId) -> Result<Vec<BalanceAssertion>> {
        self.inner.assertions(book)
    }

    fn delete_assertion(&self, book: BookId, id: AssertionId, audit: &AuditRecord) -> Result<()> {
        self.inner.delete_assertion(book, id, audit)
    }

    fn daily_sums(
        &self,
        book: BookId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<DailySum>> {
        self.inner.daily_sums(book, from, to)
    }

    fn rates_version(&self, book: BookId) -> Result<u64> {
        self.inner.rates_version(book)
    }

    fn rates(&self, book: BookId, filter: &RateFilter) -> Result<Vec<Rate>> {
        self.inner.rates(book, filter)
    }

    fn rate_rows(&self, book: BookId) -> Result<RateRows> {
        self.inner.rate_rows(book)
    }

    fn upsert_rates(&self, book: BookId, rates: &RateRows, audit: &AuditRecord) -> Result<()> {
        self.inner.upsert_rates(book, rates, audit)
    }

    fn delete_rate(
        &self,
        book: BookId,
        base: &str,
        quote: &str,
        date: NaiveDate,
        audit: &AuditRecord,
    ) -> Result<bool> {
        self.inner.delete_rate(book, base, quote, date, audit)
    }

    fn put_security(
        &self,
        book: BookId,
        commodity: Option<&Commodity>,
        security: &Security,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.put_security(book, commodity, security, audit)
    }

    fn securities(&self, book: BookId) -> Result<Vec<Security>> {
        self.inner.securities(book)
    }

    fn set_booking_method(
        &self,
        book: BookId,
        account: AccountId,
        method: BookingMethod,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.set_booking_method(book, account, method, audit)
    }

    fn booking_methods(&self, book: BookId) -> Result<Vec<(AccountId, BookingMethod)>> {
        self.inner.booking_methods(book)
    }

    fn replace_targets(
        &self,
        book: BookId,
        account: Option<AccountId>,
        targets: &[TargetWeight],
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.replace_targets(book, account, targets, audit)
    }

    fn targets(&self, book: BookId, account: Option<AccountId>) -> Result<Vec<TargetWeight>> {
        self.inner.targets(book, account)
    }

    fn audit_log(&self, book: BookId, page: &PageRequest) -> Result<Page<AuditEntry>> {
        self.inner.audit_log(book, page)
    }

    fn insert_csv_profile(
        &self,
        book: BookId,
        profile: &SavedCsvProfile,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.insert_csv_profile(book, profile, audit)
    }

    fn csv_profiles(&self, book: BookId) -> Result<Vec<SavedCsvProfile>> {
        self.inner.csv_profiles(book)
    }

    fn delete_csv_profile(&self, book: BookId, name: &str, audit: &AuditRecord) -> Result<()> {
        self.inner.delete_csv_profile(book, name, audit)
    }

    fn insert_connection(
        &self,
        book: BookId,
        connection: &Connection,
        audit: &AuditRecord,
    ) -> Result<Connection> {
        self.inner.insert_connection(book, connection, audit)
    }

    fn connections(&self, book: BookId) -> Result<Vec<Connection>> {
        self.inner.connections(book)
    }

    fn update_connection(
        &self,
        book: BookId,
        connection: &Connection,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.update_connection(book, connection, audit)
    }

    fn delete_connection(&self, book: BookId, id: ConnectionId, audit: &AuditRecord) -> Result<()> {
        self.inner.delete_connection(book, id, audit)
    }

    fn insert_import_batch(
        &self,
        book: BookId,
        batch: &ImportBatch,
        audit: &AuditRecord,
    ) -> Result<ImportBatch> {
        self.inner.insert_import_batch(book, batch, audit)
    }

    fn import_batches(&self, book: BookId) -> Result<Vec<ImportBatch>> {
        self.inner.import_batches(book)
    }

    fn import_batch_images(
        &self,
        book: BookId,
        batch: ImportBatchId,
    ) -> Result<Vec<(TransactionId, TransactionDraft)>> {
        self.inner.import_batch_images(book, batch)
    }

    fn rules(&self, book: BookId) -> Result<Vec<Rule>> {
        self.inner.rules(book)
    }

    fn insert_rule(&self, book: BookId, rule: &Rule, audit: &AuditRecord) -> Result<i64> {
        self.inner.insert_rule(book, rule, audit)
    }

    fn update_rules(&self, book: BookId, rules: &[Rule], audit: &AuditRecord) -> Result<()> {
        self.inner.update_rules(book, rules, audit)
    }

    fn delete_rule(&self, book: BookId, id: i64, audit: &AuditRecord) -> Result<()> {
        self.inner.delete_rule(book, id, audit)
    }

    fn payee_memory(&self, book: BookId) -> Result<Vec<PayeeMemoryRow>> {
        self.inner.payee_memory(book)
    }

    fn decisions(&self, book: BookId, ids: &[TransactionId]) -> Result<Vec<TransactionDecision>> {
        self.inner.decisions(book, ids)
    }

    fn all_decisions(&self, book: BookId) -> Result<Vec<TransactionDecision>> {
        self.inner.all_decisions(book)
    }

    fn review_queue(&self, book: BookId, page: &PageRequest) -> Result<Page<TransactionDecision>> {
        self.inner.review_queue(book, page)
    }

    fn write_categorization(
        &self,
        book: BookId,
        write: &CategorizationWrite,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.write_categorization(book, write, at, audit)
    }

    fn insert_model(
        &self,
        book: BookId,
        model: &ModelInfo,
        bytes: &[u8],
        memory: Option<&[PayeeMemoryRow]>,
        audit: &AuditRecord,
    ) -> Result<i64> {
        self.inner.insert_model(book, model, bytes, memory, audit)
    }

    fn models(&self, book: BookId) -> Result<Vec<ModelInfo>> {
        self.inner.models(book)
    }

    fn model_bytes(&self, book: BookId, version: i64) -> Result<Option<Vec<u8>>> {
        self.inner.model_bytes(book, version)
    }

    fn activate_model(&self, book: BookId, version: i64, audit: &AuditRecord) -> Result<()> {
        self.inner.activate_model(book, version, audit)
    }

    fn categorizer_settings(&self, book: BookId) -> Result<Option<CategorizerSettings>> {
        self.inner.categorizer_settings(book)
    }

    fn set_categorizer_settings(
        &self,
        book: BookId,
        settings: &CategorizerSettings,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.set_categorizer_settings(book, settings, audit)
    }

    fn insert_budget(
        &self,
        book: BookId,
        budget: &NewBudget,
        audit: &AuditRecord,
    ) -> Result<Budget> {
        self.inner.insert_budget(book, budget, audit)
    }

    fn update_budget(&self, book: BookId, budget: &Budget, audit: &AuditRecord) -> Result<()> {
        self.inner.update_budget(book, budget, audit)
    }

    fn delete_budget(&self, book: BookId, id: BudgetId, audit: &AuditRecord) -> Result<()> {
        self.inner.delete_budget(book, id, audit)
    }

    fn budgets(&self, book: BookId) -> Result<Vec<Budget>> {
        self.inner.budgets(book)
    }

    fn set_allocations(
        &self,
        book: BookId,
        rows: &[Allocation],
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.set_allocations(book, rows, audit)
    }

    fn allocations(
        &self,
        book: BookId,
        budget: BudgetId,
        to: NaiveDate,
    ) -> Result<Vec<Allocation>> {
        self.inner.allocations(book, budget, to)
    }

    fn period_flows(&self, book: BookId, periods: &[PeriodRange]) -> Result<Vec<PeriodSum>> {
        self.inner.period_flows(book, periods)
    }

    fn insert_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<Goal> {
        self.inner.insert_goal(book, goal, audit)
    }

    fn update_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<()> {
        self.inner.update_goal(book, goal, audit)
    }

    fn goals(&self, book: BookId) -> Result<Vec<Goal>> {
        self.inner.goals(book)
    }

    fn insert_contribution(
        &self,
        book: BookId,
        goal: GoalId,
        contribution: &NewContribution,
        audit: &AuditRecord,
    ) -> Result<Contribution> {
        self.inner.insert_contribution(book, goal, contribution, audit)
    }

    fn contributions(&self, book: BookId, goal: Option<GoalId>) -> Result<Vec<Contribution>> {
        self.inner.contributions(book, goal)
    }

    fn insert_alerts(
        &self,
        book: BookId,
        alerts: &[AlertDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<Alert>> {
        self.inner.insert_alerts(book, alerts, audit)
    }

    fn alerts(&self, book: BookId, filter: &AlertFilter) -> Result<Vec<Alert>> {
        self.inner.alerts(book, filter)
    }

    fn set_alert_flags(
        &self,
        book: BookId,
        ids: &[AlertId],
        read: Option<bool>,
        dismissed: Option<bool>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.set_alert_flags(book, ids, read, dismissed, audit)
    }

    fn alert_settings(&self, book: BookId) -> Result<Option<AlertSettings>> {
        self.inner.alert_settings(book)
    }

    fn set_alert_settings(
        &self,
        book: BookId,
        settings: &AlertSettings,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.inner.set_alert_settings(book, settings, audit)
    }

    fn split_rows(&self, book: BookId, query: &SplitQuery) -> Result<Vec<SplitRow>> {
        self.inner.split_rows(book, query)
    }

    fn write_import(
        &self,
        book: BookId,
        audit: &AuditRecord,
        produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
        rest: &ImportWrite,
    ) -> Result<Option<ImportBatch>> {
        if !self.armed() {
            return self.inner.write_import(book, audit, produce, rest);
        }
        let mut rest = rest.clone();
        let draft = rest.replaces.first().map(|(_, d, _)| d.clone());
        let Some(draft) = draft else {
            rest.restores.push((MISSING, audit.clone()));
            return self.inner.write_import(book, audit, produce, &rest);
        };
        rest.replaces.push((MISSING, draft, audit.clone()));
        self.inner.write_import(book, audit, produce, &rest)
    }

    fn apply_sync(&self, book: BookId, write: &SyncWrite) -> Result<Option<ImportBatch>> {
        if !self.armed() {
            return self.inner.apply_sync(book, write);
        }
        let mut write = write.clone();
        write.deletes.push((MISSING, write.insert_audit.clone()));
        self.inner.apply_sync(book, &write)
    }

    fn undo_import_batch(&self, book: BookId, undo: &UndoWrite) -> Result<UndoneBatch> {
        if !self.armed() {
            return self.inner.undo_import_batch(book, undo);
        }
        let mut undo = undo.clone();
        undo.undeletes.push((MISSING, undo.audit.clone()));
        self.inner.undo_import_batch(book, &undo)
    }
}
