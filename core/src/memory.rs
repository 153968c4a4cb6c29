//! [`MemoryStore`]: the reference [`Store`], kept in memory behind one lock. It is what tests
//! and `Engine::in_memory` use, and what the SQLite store is checked against by the
//! conformance suite. Every mutation builds the new state first and swaps it in, so a failed
//! call leaves nothing behind.

use crate::account::{Account, AccountError};
use crate::alert::{
    Alert, AlertDraft, AlertError, AlertFilter, AlertSettings, SplitQuery, SplitRow,
};
use crate::audit::{AuditEntry, AuditRecord};
use crate::budget::{Allocation, Budget, BudgetError, NewBudget, PeriodRange, PeriodSum};
use crate::categorization::{
    CategorizationError, CategorizationWrite, CategorizerSettings, ModelInfo, PayeeMemoryRow, Rule,
    TransactionDecision,
};
use crate::commodity::{Commodity, CommodityError};
use crate::goal::{Contribution, Goal, GoalError, NewContribution};
use crate::ids::ConnectionId;
use crate::ids::{
    AccountId, AlertId, AssertionId, BookId, BudgetId, ContributionId, GoalId, SplitId,
    TransactionId, UserId,
};
use crate::import::records::{Connection, ImportBatch, SavedCsvProfile};
use crate::portfolio::{BookingMethod, Security, TargetWeight};
use crate::query::{
    BalanceAssertion, DailySum, LeafSum, Page, PageRequest, QueryError, RegisterRow, SortOrder,
    TransactionFilter,
};
use crate::rates::{Rate, RateFilter, RateRows};
use crate::store::{
    AccountDraft, AssertionDraft, ChunkSink, ImportedTransaction, ParentRef, Store, StoreError,
    SyncWrite, UndoWrite,
};
use crate::transaction::{Split, Transaction, TransactionDraft, TransactionError};
use crate::user::{BookInfo, Member, NewBook, NewUser, User, UserError};
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

mod imports;

/// Rates keyed by (book, base, quote, date), with their rate and source.
type RateMap = BTreeMap<(BookId, String, String, NaiveDate), (Decimal, String)>;

#[derive(Debug, Default, Clone)]
struct State {
    securities: BTreeMap<(BookId, String), Security>,
    booking_methods: BTreeMap<(BookId, AccountId), BookingMethod>,
    targets: HashMap<(BookId, Option<AccountId>), Vec<TargetWeight>>,
    budgets: Vec<(BookId, Budget)>,
    allocations: BTreeMap<(BookId, BudgetId, NaiveDate, AccountId), Decimal>,
    goals: Vec<(BookId, Goal)>,
    contributions: Vec<(BookId, Contribution)>,
    alerts: Vec<(BookId, Alert)>,
    alert_settings: HashMap<BookId, AlertSettings>,
    users: Vec<User>,
    books: Vec<BookInfo>,
    members: Vec<(BookId, Member)>,
    commodities: Vec<(BookId, Commodity)>,
    accounts: Vec<(BookId, Account)>,
    transactions: BTreeMap<TransactionId, (BookId, Transaction)>,
    assertions: Vec<(BookId, BalanceAssertion)>,
    audit: Vec<AuditEntry>,
    /// Shared until written: a write copies the state, and rate tables are large.
    rates: Arc<RateMap>,
    rate_versions: HashMap<BookId, u64>,
    csv_profiles: Vec<(BookId, SavedCsvProfile)>,
    connections: Vec<(BookId, Connection)>,
    batches: Vec<(BookId, ImportBatch)>,
    next_id: i64,
    cat: Arc<CatState>,
}

/// Categorization rows, shared until a categorization write copies them (a write of the
/// ledger does not).
#[derive(Debug, Default, Clone)]
struct CatState {
    rules: Vec<(BookId, Rule)>,
    next_rule: i64,
    /// (book, payee, category) -> (count, corrections).
    memory: BTreeMap<(BookId, String, AccountId), (u32, u32)>,
    decisions: BTreeMap<TransactionId, (BookId, TransactionDecision)>,
    models: Vec<(BookId, ModelInfo, Arc<Vec<u8>>)>,
    settings: HashMap<BookId, CategorizerSettings>,
}

impl CatState {
    fn decide(&mut self, book: BookId, decision: TransactionDecision) {
        self.decisions.insert(decision.transaction_id, (book, decision));
    }
}

impl State {
    fn next(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    fn log(&mut self, book: BookId, record: &AuditRecord, entity_id: Option<i64>) {
        let id = i64::try_from(self.audit.len()).unwrap_or(i64::MAX) + 1;
        self.audit.push(AuditEntry {
            id,
            book_id: book,
            actor: record.actor,
            action: record.action,
            entity: record.entity,
            entity_id: record.entity_id.or(entity_id),
            before: record.before.clone(),
            after: record.after.clone(),
            at: record.at,
        });
    }

    fn book_tx(&self, book: BookId, id: TransactionId) -> Option<&Transaction> {
        self.transactions.get(&id).filter(|(b, _)| *b == book).map(|(_, t)| t)
    }

    fn counted(&self, book: BookId) -> impl Iterator<Item = &Transaction> {
        self.transactions
            .values()
            .filter(move |(b, t)| *b == book && !t.deleted && t.status.counts())
            .map(|(_, t)| t)
    }
}

/// A [`Store`] kept in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `f` on a copy of the state and keeps the copy only when `f` succeeds.
    fn write<T>(&self, f: impl FnOnce(&mut State) -> Result<T>) -> Result<T> {
        let mut guard = self.lock();
        let mut draft = guard.clone();
        let out = f(&mut draft)?;
        *guard = draft;
        Ok(out)
    }
}

/// Inserts validated transactions into `state` (the caller writes the audit record).
fn insert_drafts(
    s: &mut State,
    book: BookId,
    transactions: &[TransactionDraft],
    at: DateTime<Utc>,
) -> Result<Vec<TransactionId>> {
    let mut ids = Vec::with_capacity(transactions.len());
    // Ids of one batch are contiguous: allocate them before the split ids.
    let first = s.next_id + 1;
    s.next_id += i64::try_from(transactions.len()).unwrap_or(i64::MAX);
    for (i, draft) in transactions.iter().enumerate() {
        let id = TransactionId(first + i64::try_from(i).unwrap_or(i64::MAX));
        if let Some(ext) = &draft.external_id {
            let taken = s
                .transactions
                .values()
                .any(|(b, t)| *b == book && t.external_id.as_ref() == Some(ext));
            if taken {
                return Err(TransactionError::ExternalIdConflict(ext.clone()).into());
            }
        }
        let tx = materialize(s, draft, id, at);
        s.transactions.insert(id, (book, tx));
        ids.push(id);
    }
    Ok(ids)
}

/// Replaces a transaction's content in `state`, with its audit record.
fn replace_in(
    s: &mut State,
    book: BookId,
    id: TransactionId,
    transaction: &TransactionDraft,
    at: DateTime<Utc>,
    audit: &AuditRecord,
) -> Result<()> {
    let before = s.book_tx(book, id).cloned().ok_or(TransactionError::NotFound(id))?;
    let mut after = materialize(s, transaction, id, before.created_at);
    after.updated_at = at;
    after.deleted = before.deleted;
    s.transactions.insert(id, (book, after));
    s.log(book, audit, Some(id.0));
    Ok(())
}

/// Soft-deletes or restores a transaction in `state`, with its audit record.
fn set_deleted_in(
    s: &mut State,
    book: BookId,
    id: TransactionId,
    deleted: bool,
    at: DateTime<Utc>,
    audit: &AuditRecord,
) -> Result<()> {
    let entry = s
        .transactions
        .get_mut(&id)
        .filter(|(b, _)| *b == book)
        .ok_or(TransactionError::NotFound(id))?;
    entry.1.deleted = deleted;
    entry.1.updated_at = at;
    s.log(book, audit, Some(id.0));
    Ok(())
}

fn materialize(
    state: &mut State,
    draft: &TransactionDraft,
    id: TransactionId,
    at: DateTime<Utc>,
) -> Transaction {
    let splits = draft
        .splits
        .iter()
        .map(|s| Split {
            id: SplitId(state.next()),
            account_id: s.account_id,
            amount: s.amount,
            commodity: s.commodity.clone(),
            price: s.price.clone(),
            cost: s.cost.clone(),
            memo: s.memo.clone(),
        })
        .collect();
    Transaction {
        id,
        date: draft.date,
        posted_date: draft.posted_date,
        payee: draft.payee.clone(),
        narration: draft.narration.clone(),
        status: draft.status,
        tags: draft.tags.clone(),
        notes: draft.notes.clone(),
        source: draft.source,
        external_id: draft.external_id.clone(),
        reversal_of: draft.reversal_of,
        splits,
        deleted: false,
        created_at: at,
        updated_at: at,
    }
}

fn paged<T>(mut rows: Vec<T>, page: &PageRequest) -> Page<T> {
    let total = rows.len() as u64;
    let start = usize::try_from(page.offset).unwrap_or(usize::MAX).min(rows.len());
    let end = start.saturating_add(page.limit as usize).min(rows.len());
    let items = rows.drain(start..end).collect();
    Page { items, total, offset: page.offset }
}

fn sum_leaves<'a>(txs: impl Iterator<Item = &'a Transaction>) -> Vec<LeafSum> {
    let mut sums: BTreeMap<(AccountId, String), Decimal> = BTreeMap::new();
    for tx in txs {
        for s in &tx.splits {
            *sums.entry((s.account_id, s.commodity.clone())).or_default() += s.amount;
        }
    }
    sums.into_iter()
        .map(|((account_id, commodity), amount)| LeafSum { account_id, commodity, amount })
        .collect()
}

impl Store for MemoryStore {
    fn insert_user(&self, user: &NewUser, at: DateTime<Utc>) -> Result<User> {
        self.write(|s| {
            if s.users.iter().any(|u| u.email.eq_ignore_ascii_case(&user.email)) {
                return Err(UserError::EmailTaken(user.email.clone()).into());
            }
            let created = User {
                id: UserId(s.next()),
                email: user.email.clone(),
                given_name: user.given_name.clone(),
                family_name: user.family_name.clone(),
                default_currency: user.default_currency.clone(),
                locale: user.locale.clone(),
                time_zone: user.time_zone.clone(),
                created_at: at,
            };
            s.users.push(created.clone());
            Ok(created)
        })
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        Ok(self.lock().users.iter().find(|u| u.id == id).cloned())
    }

    fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        Ok(self.lock().users.iter().find(|u| u.email.eq_ignore_ascii_case(email)).cloned())
    }

    fn insert_book(&self, book: &NewBook, audit: &AuditRecord) -> Result<BookInfo> {
        self.write(|s| {
            let info = BookInfo {
                id: BookId(s.next()),
                name: book.name.clone(),
                owner_id: book.owner_id,
                default_currency: book.default_currency.clone(),
                created_at: audit.at,
            };
            s.books.push(info.clone());
            s.members.push((info.id, Member { user_id: book.owner_id, role: crate::Role::Owner }));
            s.log(info.id, audit, Some(info.id.0));
            Ok(info)
        })
    }

    fn book(&self, id: BookId) -> Result<Option<BookInfo>> {
        Ok(self.lock().books.iter().find(|b| b.id == id).cloned())
    }

    fn books_of_user(&self, user: UserId) -> Result<Vec<BookInfo>> {
        let s = self.lock();
        Ok(s.books
            .iter()
            .filter(|b| s.members.iter().any(|(bid, m)| *bid == b.id && m.user_id == user))
            .cloned()
            .collect())
    }

    fn members(&self, book: BookId) -> Result<Vec<Member>> {
        Ok(self.lock().members.iter().filter(|(b, _)| *b == book).map(|(_, m)| m.clone()).collect())
    }

    fn insert_member(&self, book: BookId, member: &Member, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            if s.members.iter().any(|(b, m)| *b == book && m.user_id == member.user_id) {
                return Err(UserError::AlreadyMember { user: member.user_id, book }.into());
            }
            s.members.push((book, member.clone()));
            s.log(book, audit, Some(member.user_id.0));
            Ok(())
        })
    }

    fn insert_commodity(
        &self,
        book: BookId,
        commodity: &Commodity,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            if s.commodities.iter().any(|(b, c)| *b == book && c.code == commodity.code) {
                return Err(CommodityError::Exists { code: commodity.code.clone() }.into());
            }
            s.commodities.push((book, commodity.clone()));
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn commodities(&self, book: BookId) -> Result<Vec<Commodity>> {
        let s = self.lock();
        let mut out: Vec<Commodity> =
            s.commodities.iter().filter(|(b, _)| *b == book).map(|(_, c)| c.clone()).collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    fn insert_accounts(
        &self,
        book: BookId,
        accounts: &[AccountDraft],
        audit: &[AuditRecord],
    ) -> Result<Vec<Account>> {
        self.write(|s| {
            let mut created: Vec<Account> = Vec::with_capacity(accounts.len());
            for (i, d) in accounts.iter().enumerate() {
                if s.accounts.iter().any(|(b, a)| *b == book && a.path == d.path) {
                    return Err(AccountError::DuplicateName(d.path.clone()).into());
                }
                let parent_id = match d.parent {
                    None => None,
                    Some(ParentRef::Existing(id)) => {
                        if !s.accounts.iter().any(|(b, a)| *b == book && a.id == id) {
                            return Err(
                                AccountError::NotFound { field: "parent".to_owned(), id }.into()
                            );
                        }
                        Some(id)
                    }
                    Some(ParentRef::Earlier(j)) => {
                        Some(created.get(j).map(|a| a.id).ok_or_else(|| StoreError::Corrupt {
                            what: format!("parent index {j}"),
                        })?)
                    }
                };
                let account = Account {
                    id: AccountId(s.next()),
                    parent_id,
                    name: d.name.clone(),
                    path: d.path.clone(),
                    kind: d.kind,
                    subtype: d.subtype,
                    currency: d.currency.clone(),
                    institution: d.institution.clone(),
                    color: d.color.clone(),
                    icon: d.icon.clone(),
                    opened_on: d.opened_on,
                    closed_on: None,
                    archived: false,
                    include_in_net_worth: d.include_in_net_worth,
                    created_at: audit.get(i).map_or_else(Utc::now, |a| a.at),
                };
                s.accounts.push((book, account.clone()));
                if let Some(record) = audit.get(i) {
                    s.log(book, record, Some(account.id.0));
                }
                created.push(account);
            }
            Ok(created)
        })
    }

    fn update_accounts(
        &self,
        book: BookId,
        accounts: &[Account],
        audit: &[AuditRecord],
    ) -> Result<()> {
        self.write(|s| {
            for (i, account) in accounts.iter().enumerate() {
                let slot = s
                    .accounts
                    .iter_mut()
                    .find(|(b, a)| *b == book && a.id == account.id)
                    .ok_or_else(|| AccountError::NotFound {
                        field: "account_id".to_owned(),
                        id: account.id,
                    })?;
                slot.1 = account.clone();
                if let Some(record) = audit.get(i) {
                    s.log(book, record, Some(account.id.0));
                }
            }
            let mut paths: Vec<&str> = s
                .accounts
                .iter()
                .filter(|(b, _)| *b == book)
                .map(|(_, a)| a.path.as_str())
                .collect();
            paths.sort_unstable();
            if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
                return Err(AccountError::DuplicateName(w[0].to_owned()).into());
            }
            Ok(())
        })
    }

    fn accounts(&self, book: BookId) -> Result<Vec<Account>> {
        let mut out: Vec<Account> = self
            .lock()
            .accounts
            .iter()
            .filter(|(b, _)| *b == book)
            .map(|(_, a)| a.clone())
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn insert_transactions(
        &self,
        book: BookId,
        transactions: &[TransactionDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<TransactionId>> {
        self.write(|s| {
            let ids = insert_drafts(s, book, transactions, audit.at)?;
            s.log(book, audit, ids.first().map(|id| id.0));
            Ok(ids)
        })
    }

    fn insert_transaction_chunks(
        &self,
        book: BookId,
        audit: &AuditRecord,
        produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    ) -> Result<()> {
        self.write(|s| {
            let mut first: Option<TransactionId> = None;
            produce(&mut |chunk: &[TransactionDraft], decisions: &[TransactionDecision]| {
                let ids = insert_drafts(s, book, chunk, audit.at)?;
                if !decisions.is_empty() {
                    let cat = Arc::make_mut(&mut s.cat);
                    for (id, decision) in ids.iter().zip(decisions) {
                        cat.decide(
                            book,
                            TransactionDecision { transaction_id: *id, ..decision.clone() },
                        );
                    }
                }
                first = first.or_else(|| ids.first().copied());
                Ok(ids)
            })?;
            if let Some(first) = first {
                s.log(book, audit, Some(first.0));
            }
            Ok(())
        })
    }

    fn transaction(&self, book: BookId, id: TransactionId) -> Result<Option<Transaction>> {
        Ok(self.lock().book_tx(book, id).cloned())
    }

    fn transactions_by_external_id(
        &self,
        book: BookId,
        external_ids: &[&str],
    ) -> Result<Vec<Transaction>> {
        Ok(self
            .lock()
            .transactions
            .values()
            .filter(|(b, t)| {
                *b == book && t.external_id.as_deref().is_some_and(|e| external_ids.contains(&e))
            })
            .map(|(_, t)| t.clone())
            .collect())
    }

    fn imported_transactions(
        &self,
        book: BookId,
        account: AccountId,
        external_ids: &[&str],
    ) -> Result<Vec<ImportedTransaction>> {
        let position: HashMap<&str, usize> =
            external_ids.iter().enumerate().map(|(i, e)| (*e, i)).collect();
        Ok(self
            .lock()
            .transactions
            .values()
            .filter(|(b, _)| *b == book)
            .filter_map(|(_, t)| {
                let index = *position.get(t.external_id.as_deref()?)?;
                let amount =
                    t.splits.iter().filter(|s| s.account_id == account).map(|s| s.amount).sum();
                Some(ImportedTransaction {
                    index,
                    id: t.id,
                    date: t.date,
                    deleted: t.deleted,
                    amount,
                })
            })
            .collect())
    }

    fn reversal_of(&self, book: BookId, id: TransactionId) -> Result<Option<TransactionId>> {
        Ok(self
            .lock()
            .transactions
            .values()
            .find(|(b, t)| *b == book && t.reversal_of == Some(id) && !t.deleted)
            .map(|(_, t)| t.id))
    }

    fn replace_transaction(
        &self,
        book: BookId,
        id: TransactionId,
        transaction: &TransactionDraft,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| replace_in(s, book, id, transaction, at, audit))
    }

    fn set_deleted(
        &self,
        book: BookId,
        id: TransactionId,
        deleted: bool,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| set_deleted_in(s, book, id, deleted, at, audit))
    }

    fn leaf_balances(&self, book: BookId, as_of: Option<NaiveDate>) -> Result<Vec<LeafSum>> {
        let s = self.lock();
        Ok(sum_leaves(s.counted(book).filter(|t| as_of.is_none_or(|d| t.date <= d))))
    }

    fn leaf_flows(&self, book: BookId, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeafSum>> {
        let s = self.lock();
        Ok(sum_leaves(s.counted(book).filter(|t| t.date >= from && t.date <= to)))
    }

    fn register(
        &self,
        book: BookId,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<RegisterRow>> {
        let s = self.lock();
        let mut rows: Vec<RegisterRow> = Vec::new();
        for tx in s.counted(book) {
            for split in tx.splits.iter().filter(|sp| accounts.contains(&sp.account_id)) {
                rows.push(RegisterRow {
                    transaction_id: tx.id,
                    split_id: split.id,
                    account_id: split.account_id,
                    date: tx.date,
                    payee: tx.payee.clone(),
                    narration: tx.narration.clone(),
                    memo: split.memo.clone(),
                    status: tx.status,
                    amount: split.amount,
                    commodity: split.commodity.clone(),
                    balance: Decimal::ZERO,
                });
            }
        }
        rows.sort_by_key(|r| (r.date, r.transaction_id, r.split_id));
        let mut running: HashMap<String, Decimal> = HashMap::new();
        for row in &mut rows {
            let balance = running.entry(row.commodity.clone()).or_default();
            *balance += row.amount;
            row.balance = *balance;
        }
        if page.order == SortOrder::Descending {
            rows.reverse();
        }
        Ok(paged(rows, page))
    }

    fn search(
        &self,
        book: BookId,
        filter: &TransactionFilter,
        accounts: &[AccountId],
        page: &PageRequest,
    ) -> Result<Page<Transaction>> {
        let s = self.lock();
        let mut rows: Vec<Transaction> = s
            .transactions
            .values()
            .filter(|(b, t)| *b == book && filter.matches(t, accounts))
            .map(|(_, t)| t.clone())
            .collect();
        rows.sort_by_key(|t| (t.date, t.id));
        if page.order == SortOrder::Descending {
            rows.reverse();
        }
        Ok(paged(rows, page))
    }

    fn transactions_touching(
        &self,
        book: BookId,
        accounts: &[AccountId],
        tags: &[String],
        to: Option<NaiveDate>,
    ) -> Result<Vec<Transaction>> {
        let s = self.lock();
        let mut rows: Vec<Transaction> = s
            .transactions
            .values()
            .filter(|(b, t)| *b == book && !t.deleted && to.is_none_or(|d| t.date <= d))
            .filter(|(_, t)| {
                t.splits.iter().any(|sp| accounts.contains(&sp.account_id))
                    || t.tags.iter().any(|x| tags.contains(x))
            })
            .map(|(_, t)| t.clone())
            .collect();
        rows.sort_by_key(|t| (t.date, t.id));
        Ok(rows)
    }

    fn insert_assertion(
        &self,
        book: BookId,
        assertion: &AssertionDraft,
        audit: &AuditRecord,
    ) -> Result<BalanceAssertion> {
        self.write(|s| {
            let stored = BalanceAssertion {
                id: AssertionId(s.next()),
                account_id: assertion.account_id,
                date: assertion.date,
                amount: assertion.amount,
                commodity: assertion.commodity.clone(),
            };
            s.assertions.push((book, stored.clone()));
            s.log(book, audit, Some(stored.id.0));
            Ok(stored)
        })
    }

    fn assertions(&self, book: BookId) -> Result<Vec<BalanceAssertion>> {
        let mut out: Vec<BalanceAssertion> = self
            .lock()
            .assertions
            .iter()
            .filter(|(b, _)| *b == book)
            .map(|(_, a)| a.clone())
            .collect();
        out.sort_by_key(|a| (a.date, a.id));
        Ok(out)
    }

    fn delete_assertion(&self, book: BookId, id: AssertionId, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let before = s.assertions.len();
            s.assertions.retain(|(b, a)| !(*b == book && a.id == id));
            if s.assertions.len() == before {
                return Err(QueryError::AssertionNotFound(id).into());
            }
            s.log(book, audit, Some(id.0));
            Ok(())
        })
    }

    fn daily_sums(
        &self,
        book: BookId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<DailySum>> {
        let s = self.lock();
        let mut sums: BTreeMap<(NaiveDate, AccountId, String), Decimal> = BTreeMap::new();
        let within = |d: NaiveDate| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
        for tx in s.counted(book).filter(|t| within(t.date)) {
            for split in &tx.splits {
                *sums.entry((tx.date, split.account_id, split.commodity.clone())).or_default() +=
                    split.amount;
            }
        }
        Ok(sums
            .into_iter()
            .map(|((date, account_id, commodity), amount)| DailySum {
                account_id,
                commodity,
                date,
                amount,
            })
            .collect())
    }

    fn rates_version(&self, book: BookId) -> Result<u64> {
        Ok(self.lock().rate_versions.get(&book).copied().unwrap_or(0))
    }

    fn rates(&self, book: BookId, filter: &RateFilter) -> Result<Vec<Rate>> {
        let s = self.lock();
        Ok(s.rates
            .iter()
            .filter(|((b, _, _, _), _)| *b == book)
            .map(|((_, base, quote, date), (rate, source))| Rate {
                base: base.clone(),
                quote: quote.clone(),
                date: *date,
                rate: *rate,
                source: source.clone(),
            })
            .filter(|r| filter.matches(r))
            .collect())
    }

    fn upsert_rates(&self, book: BookId, rates: &RateRows, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let map = Arc::make_mut(&mut s.rates);
            for (base, quote, date, rate, source) in rates.iter() {
                map.insert(
                    (book, base.to_owned(), quote.to_owned(), date),
                    (rate, source.to_owned()),
                );
            }
            *s.rate_versions.entry(book).or_default() += 1;
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn delete_rate(
        &self,
        book: BookId,
        base: &str,
        quote: &str,
        date: NaiveDate,
        audit: &AuditRecord,
    ) -> Result<bool> {
        self.write(|s| {
            let key = (book, base.to_owned(), quote.to_owned(), date);
            if Arc::make_mut(&mut s.rates).remove(&key).is_none() {
                return Ok(false);
            }
            *s.rate_versions.entry(book).or_default() += 1;
            s.log(book, audit, None);
            Ok(true)
        })
    }

    fn put_security(
        &self,
        book: BookId,
        commodity: Option<&Commodity>,
        security: &Security,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            if let Some(commodity) = commodity {
                if s.commodities.iter().any(|(b, c)| *b == book && c.code == commodity.code) {
                    return Err(CommodityError::Exists { code: commodity.code.clone() }.into());
                }
                s.commodities.push((book, commodity.clone()));
            }
            s.securities.insert((book, security.code.clone()), security.clone());
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn securities(&self, book: BookId) -> Result<Vec<Security>> {
        let s = self.lock();
        Ok(s.securities.iter().filter(|((b, _), _)| *b == book).map(|(_, v)| v.clone()).collect())
    }

    fn set_booking_method(
        &self,
        book: BookId,
        account: AccountId,
        method: BookingMethod,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            if !s.accounts.iter().any(|(b, a)| *b == book && a.id == account) {
                return Err(
                    AccountError::NotFound { field: "account_id".to_owned(), id: account }.into()
                );
            }
            s.booking_methods.insert((book, account), method);
            s.log(book, audit, Some(account.0));
            Ok(())
        })
    }

    fn booking_methods(&self, book: BookId) -> Result<Vec<(AccountId, BookingMethod)>> {
        let s = self.lock();
        Ok(s.booking_methods
            .iter()
            .filter(|((b, _), _)| *b == book)
            .map(|((_, a), m)| (*a, *m))
            .collect())
    }

    fn replace_targets(
        &self,
        book: BookId,
        account: Option<AccountId>,
        targets: &[TargetWeight],
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            let mut sorted = targets.to_vec();
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            s.targets.insert((book, account), sorted);
            s.log(book, audit, account.map(|a| a.0));
            Ok(())
        })
    }

    fn targets(&self, book: BookId, account: Option<AccountId>) -> Result<Vec<TargetWeight>> {
        Ok(self.lock().targets.get(&(book, account)).cloned().unwrap_or_default())
    }

    fn audit_log(&self, book: BookId, page: &PageRequest) -> Result<Page<AuditEntry>> {
        let mut rows: Vec<AuditEntry> =
            self.lock().audit.iter().filter(|e| e.book_id == book).cloned().collect();
        if page.order == SortOrder::Descending {
            rows.reverse();
        }
        Ok(paged(rows, page))
    }

    fn insert_csv_profile(
        &self,
        book: BookId,
        profile: &SavedCsvProfile,
        audit: &AuditRecord,
    ) -> Result<()> {
        imports::insert_csv_profile(self, book, profile, audit)
    }

    fn csv_profiles(&self, book: BookId) -> Result<Vec<SavedCsvProfile>> {
        imports::csv_profiles(self, book)
    }

    fn delete_csv_profile(&self, book: BookId, name: &str, audit: &AuditRecord) -> Result<()> {
        imports::delete_csv_profile(self, book, name, audit)
    }

    fn insert_connection(
        &self,
        book: BookId,
        connection: &Connection,
        audit: &AuditRecord,
    ) -> Result<Connection> {
        imports::insert_connection(self, book, connection, audit)
    }

    fn connections(&self, book: BookId) -> Result<Vec<Connection>> {
        imports::connections(self, book)
    }

    fn update_connection(
        &self,
        book: BookId,
        connection: &Connection,
        audit: &AuditRecord,
    ) -> Result<()> {
        imports::update_connection(self, book, connection, audit)
    }

    fn delete_connection(&self, book: BookId, id: ConnectionId, audit: &AuditRecord) -> Result<()> {
        imports::delete_connection(self, book, id, audit)
    }

    fn insert_import_batch(
        &self,
        book: BookId,
        batch: &ImportBatch,
        audit: &AuditRecord,
    ) -> Result<ImportBatch> {
        imports::insert_import_batch(self, book, batch, audit)
    }

    fn import_batches(&self, book: BookId) -> Result<Vec<ImportBatch>> {
        imports::import_batches(self, book)
    }

    fn apply_sync(&self, book: BookId, write: &SyncWrite) -> Result<Option<ImportBatch>> {
        imports::apply_sync(self, book, write)
    }

    fn undo_import_batch(&self, book: BookId, undo: &UndoWrite) -> Result<ImportBatch> {
        imports::undo_import_batch(self, book, undo)
    }

    fn rules(&self, book: BookId) -> Result<Vec<Rule>> {
        let s = self.lock();
        let mut rules: Vec<Rule> =
            s.cat.rules.iter().filter(|(b, _)| *b == book).map(|(_, r)| r.clone()).collect();
        rules.sort_by_key(|r| (r.stage, r.priority, r.id));
        Ok(rules)
    }

    fn insert_rule(&self, book: BookId, rule: &Rule, audit: &AuditRecord) -> Result<i64> {
        self.write(|s| {
            let cat = Arc::make_mut(&mut s.cat);
            cat.next_rule += 1;
            let id = cat.next_rule;
            cat.rules.push((book, Rule { id, ..rule.clone() }));
            s.log(book, audit, Some(id));
            Ok(id)
        })
    }

    fn update_rules(&self, book: BookId, rules: &[Rule], audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let cat = Arc::make_mut(&mut s.cat);
            for rule in rules {
                let slot = cat
                    .rules
                    .iter_mut()
                    .find(|(b, r)| *b == book && r.id == rule.id)
                    .ok_or(CategorizationError::RuleNotFound(rule.id))?;
                slot.1 = rule.clone();
            }
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn delete_rule(&self, book: BookId, id: i64, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let cat = Arc::make_mut(&mut s.cat);
            let before = cat.rules.len();
            cat.rules.retain(|(b, r)| !(*b == book && r.id == id));
            if cat.rules.len() == before {
                return Err(CategorizationError::RuleNotFound(id).into());
            }
            s.log(book, audit, Some(id));
            Ok(())
        })
    }

    fn payee_memory(&self, book: BookId) -> Result<Vec<PayeeMemoryRow>> {
        Ok(self
            .lock()
            .cat
            .memory
            .iter()
            .filter(|((b, _, _), _)| *b == book)
            .map(|((_, payee, category), (count, corrections))| PayeeMemoryRow {
                payee: payee.clone(),
                category: *category,
                count: *count,
                corrections: *corrections,
            })
            .collect())
    }

    fn decisions(&self, book: BookId, ids: &[TransactionId]) -> Result<Vec<TransactionDecision>> {
        let s = self.lock();
        Ok(ids
            .iter()
            .filter_map(|id| s.cat.decisions.get(id))
            .filter(|(b, _)| *b == book)
            .map(|(_, d)| d.clone())
            .collect())
    }

    fn all_decisions(&self, book: BookId) -> Result<Vec<TransactionDecision>> {
        let s = self.lock();
        Ok(s.cat.decisions.values().filter(|(b, _)| *b == book).map(|(_, d)| d.clone()).collect())
    }

    fn review_queue(&self, book: BookId, page: &PageRequest) -> Result<Page<TransactionDecision>> {
        let s = self.lock();
        let mut rows: Vec<TransactionDecision> = s
            .cat
            .decisions
            .values()
            .filter(|(b, d)| {
                *b == book
                    && d.needs_review
                    && s.book_tx(book, d.transaction_id).is_some_and(|t| !t.deleted)
            })
            .map(|(_, d)| d.clone())
            .collect();
        if page.order == SortOrder::Descending {
            rows.reverse();
        }
        Ok(paged(rows, page))
    }

    fn write_categorization(
        &self,
        book: BookId,
        write: &CategorizationWrite,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            for (id, draft) in &write.transactions {
                let before =
                    s.book_tx(book, *id).cloned().ok_or(TransactionError::NotFound(*id))?;
                let mut after = materialize(s, draft, *id, before.created_at);
                after.updated_at = at;
                after.deleted = before.deleted;
                s.transactions.insert(*id, (book, after));
            }
            for decision in &write.decisions {
                if s.book_tx(book, decision.transaction_id).is_none() {
                    return Err(TransactionError::NotFound(decision.transaction_id).into());
                }
            }
            let cat = Arc::make_mut(&mut s.cat);
            for payee in &write.forget_payees {
                cat.memory.retain(|(b, p, _), _| !(*b == book && p == payee));
            }
            for row in &write.memory {
                let key = (book, row.payee.clone(), row.category);
                if row.count == 0 {
                    cat.memory.remove(&key);
                } else {
                    cat.memory.insert(key, (row.count, row.corrections));
                }
            }
            for decision in &write.decisions {
                cat.decide(book, decision.clone());
            }
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn insert_model(
        &self,
        book: BookId,
        model: &ModelInfo,
        bytes: &[u8],
        memory: Option<&[PayeeMemoryRow]>,
        audit: &AuditRecord,
    ) -> Result<i64> {
        self.write(|s| {
            let cat = Arc::make_mut(&mut s.cat);
            let version =
                cat.models.iter().filter(|(b, _, _)| *b == book).map(|(_, m, _)| m.version).max();
            let version = version.unwrap_or(0) + 1;
            for (b, m, _) in &mut cat.models {
                if *b == book {
                    m.active = false;
                }
            }
            let info = ModelInfo { version, active: true, ..model.clone() };
            cat.models.push((book, info, Arc::new(bytes.to_vec())));
            if let Some(rows) = memory {
                cat.memory.retain(|(b, _, _), _| *b != book);
                for row in rows {
                    cat.memory.insert(
                        (book, row.payee.clone(), row.category),
                        (row.count, row.corrections),
                    );
                }
            }
            s.log(book, audit, Some(version));
            Ok(version)
        })
    }

    fn models(&self, book: BookId) -> Result<Vec<ModelInfo>> {
        let s = self.lock();
        let mut models: Vec<ModelInfo> =
            s.cat.models.iter().filter(|(b, _, _)| *b == book).map(|(_, m, _)| m.clone()).collect();
        models.sort_by_key(|m| std::cmp::Reverse(m.version));
        Ok(models)
    }

    fn model_bytes(&self, book: BookId, version: i64) -> Result<Option<Vec<u8>>> {
        let s = self.lock();
        Ok(s.cat
            .models
            .iter()
            .find(|(b, m, _)| *b == book && m.version == version)
            .map(|(_, _, bytes)| bytes.as_ref().clone()))
    }

    fn activate_model(&self, book: BookId, version: i64, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let cat = Arc::make_mut(&mut s.cat);
            if !cat.models.iter().any(|(b, m, _)| *b == book && m.version == version) {
                return Err(CategorizationError::ModelNotFound(version).into());
            }
            for (b, m, _) in &mut cat.models {
                if *b == book {
                    m.active = m.version == version;
                }
            }
            s.log(book, audit, Some(version));
            Ok(())
        })
    }

    fn categorizer_settings(&self, book: BookId) -> Result<Option<CategorizerSettings>> {
        Ok(self.lock().cat.settings.get(&book).cloned())
    }

    fn set_categorizer_settings(
        &self,
        book: BookId,
        settings: &CategorizerSettings,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            Arc::make_mut(&mut s.cat).settings.insert(book, settings.clone());
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn insert_budget(
        &self,
        book: BookId,
        budget: &NewBudget,
        audit: &AuditRecord,
    ) -> Result<Budget> {
        self.write(|s| {
            let stored = Budget {
                id: BudgetId(s.next()),
                name: budget.name.clone(),
                period: budget.period,
                start: budget.start,
                currency: budget.currency.clone(),
                mode: budget.mode,
                thresholds: budget.thresholds.clone(),
                categories: budget.categories.clone(),
                created_at: audit.at,
                updated_at: audit.at,
            };
            s.budgets.push((book, stored.clone()));
            s.log(book, audit, Some(stored.id.0));
            Ok(stored)
        })
    }

    fn update_budget(&self, book: BookId, budget: &Budget, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let slot = s
                .budgets
                .iter_mut()
                .find(|(b, x)| *b == book && x.id == budget.id)
                .ok_or(BudgetError::NotFound(budget.id))?;
            slot.1 = budget.clone();
            s.log(book, audit, Some(budget.id.0));
            Ok(())
        })
    }

    fn delete_budget(&self, book: BookId, id: BudgetId, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let before = s.budgets.len();
            s.budgets.retain(|(b, x)| !(*b == book && x.id == id));
            if s.budgets.len() == before {
                return Err(BudgetError::NotFound(id).into());
            }
            s.allocations.retain(|(b, budget, _, _), _| !(*b == book && *budget == id));
            s.log(book, audit, Some(id.0));
            Ok(())
        })
    }

    fn budgets(&self, book: BookId) -> Result<Vec<Budget>> {
        let mut out: Vec<Budget> = self
            .lock()
            .budgets
            .iter()
            .filter(|(b, _)| *b == book)
            .map(|(_, x)| x.clone())
            .collect();
        out.sort_by_key(|b| b.id);
        Ok(out)
    }

    fn set_allocations(
        &self,
        book: BookId,
        rows: &[Allocation],
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            for row in rows {
                if !s.budgets.iter().any(|(b, x)| *b == book && x.id == row.budget_id) {
                    return Err(BudgetError::NotFound(row.budget_id).into());
                }
                let key = (book, row.budget_id, row.period_start, row.account_id);
                if row.amount.is_zero() {
                    s.allocations.remove(&key);
                } else {
                    s.allocations.insert(key, row.amount);
                }
            }
            s.log(book, audit, rows.first().map(|r| r.budget_id.0));
            Ok(())
        })
    }

    fn allocations(
        &self,
        book: BookId,
        budget: BudgetId,
        to: NaiveDate,
    ) -> Result<Vec<Allocation>> {
        Ok(self
            .lock()
            .allocations
            .iter()
            .filter(|((b, id, start, _), _)| *b == book && *id == budget && *start <= to)
            .map(|((_, budget_id, period_start, account_id), amount)| Allocation {
                budget_id: *budget_id,
                period_start: *period_start,
                account_id: *account_id,
                amount: *amount,
            })
            .collect())
    }

    fn period_flows(&self, book: BookId, periods: &[PeriodRange]) -> Result<Vec<PeriodSum>> {
        let s = self.lock();
        let mut sums: BTreeMap<(u32, AccountId, String), Decimal> = BTreeMap::new();
        let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
            return Ok(Vec::new());
        };
        for tx in s.counted(book).filter(|t| t.date >= first.start && t.date <= last.end) {
            let Some(index) = periods.iter().position(|p| p.contains(tx.date)) else { continue };
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            for split in &tx.splits {
                *sums.entry((index, split.account_id, split.commodity.clone())).or_default() +=
                    split.amount;
            }
        }
        Ok(sums
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .map(|((period, account_id, commodity), amount)| PeriodSum {
                period,
                account_id,
                commodity,
                amount,
            })
            .collect())
    }

    fn insert_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<Goal> {
        self.write(|s| {
            let mut stored = goal.clone();
            stored.id = GoalId(s.next());
            s.goals.push((book, stored.clone()));
            s.log(book, audit, Some(stored.id.0));
            Ok(stored)
        })
    }

    fn update_goal(&self, book: BookId, goal: &Goal, audit: &AuditRecord) -> Result<()> {
        self.write(|s| {
            let slot = s
                .goals
                .iter_mut()
                .find(|(b, g)| *b == book && g.id == goal.id)
                .ok_or(GoalError::NotFound(goal.id))?;
            slot.1 = goal.clone();
            s.log(book, audit, Some(goal.id.0));
            Ok(())
        })
    }

    fn goals(&self, book: BookId) -> Result<Vec<Goal>> {
        let mut out: Vec<Goal> =
            self.lock().goals.iter().filter(|(b, _)| *b == book).map(|(_, g)| g.clone()).collect();
        out.sort_by_key(|g| g.id);
        Ok(out)
    }

    fn insert_contribution(
        &self,
        book: BookId,
        goal: GoalId,
        contribution: &NewContribution,
        audit: &AuditRecord,
    ) -> Result<Contribution> {
        self.write(|s| {
            if !s.goals.iter().any(|(b, g)| *b == book && g.id == goal) {
                return Err(GoalError::NotFound(goal).into());
            }
            let stored = Contribution {
                id: ContributionId(s.next()),
                goal_id: goal,
                date: contribution.date,
                amount: contribution.amount,
                note: contribution.note.clone(),
            };
            s.contributions.push((book, stored.clone()));
            s.log(book, audit, Some(stored.id.0));
            Ok(stored)
        })
    }

    fn contributions(&self, book: BookId, goal: Option<GoalId>) -> Result<Vec<Contribution>> {
        let mut out: Vec<Contribution> = self
            .lock()
            .contributions
            .iter()
            .filter(|(b, c)| *b == book && goal.is_none_or(|g| c.goal_id == g))
            .map(|(_, c)| c.clone())
            .collect();
        out.sort_by_key(|c| (c.date, c.id));
        Ok(out)
    }

    fn insert_alerts(
        &self,
        book: BookId,
        alerts: &[AlertDraft],
        audit: &AuditRecord,
    ) -> Result<Vec<Alert>> {
        self.write(|s| {
            let mut created = Vec::new();
            for draft in alerts {
                if s.alerts.iter().any(|(b, a)| *b == book && a.key == draft.key) {
                    continue;
                }
                let alert = Alert {
                    id: AlertId(s.next()),
                    kind: draft.kind,
                    key: draft.key.clone(),
                    message: draft.message.clone(),
                    entities: draft.entities.clone(),
                    date: draft.date,
                    amount: draft.amount,
                    commodity: draft.commodity.clone(),
                    created_at: audit.at,
                    read: false,
                    dismissed: false,
                };
                s.alerts.push((book, alert.clone()));
                created.push(alert);
            }
            if let Some(first) = created.first() {
                s.log(book, audit, Some(first.id.0));
            }
            Ok(created)
        })
    }

    fn alerts(&self, book: BookId, filter: &AlertFilter) -> Result<Vec<Alert>> {
        Ok(self
            .lock()
            .alerts
            .iter()
            .filter(|(b, a)| *b == book && filter.matches(a))
            .map(|(_, a)| a.clone())
            .collect())
    }

    fn set_alert_flags(
        &self,
        book: BookId,
        ids: &[AlertId],
        read: Option<bool>,
        dismissed: Option<bool>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            for id in ids {
                let slot = s
                    .alerts
                    .iter_mut()
                    .find(|(b, a)| *b == book && a.id == *id)
                    .ok_or(AlertError::NotFound(*id))?;
                if let Some(r) = read {
                    slot.1.read = r;
                }
                if let Some(d) = dismissed {
                    slot.1.dismissed = d;
                }
            }
            s.log(book, audit, ids.first().map(|i| i.0));
            Ok(())
        })
    }

    fn alert_settings(&self, book: BookId) -> Result<Option<AlertSettings>> {
        Ok(self.lock().alert_settings.get(&book).cloned())
    }

    fn set_alert_settings(
        &self,
        book: BookId,
        settings: &AlertSettings,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write(|s| {
            s.alert_settings.insert(book, settings.clone());
            s.log(book, audit, None);
            Ok(())
        })
    }

    fn split_rows(&self, book: BookId, query: &SplitQuery) -> Result<Vec<SplitRow>> {
        let s = self.lock();
        let mut rows: Vec<SplitRow> = Vec::new();
        for tx in s
            .counted(book)
            .filter(|t| t.date >= query.from && t.date <= query.to && !query.excludes(t.id))
        {
            for split in &tx.splits {
                if query.accounts.is_empty() || query.accounts.contains(&split.account_id) {
                    rows.push(SplitRow {
                        transaction_id: tx.id,
                        account_id: split.account_id,
                        date: tx.date,
                        amount: split.amount,
                        commodity: split.commodity.clone(),
                        payee: tx.payee.clone(),
                    });
                }
            }
        }
        rows.sort_by_key(|r| std::cmp::Reverse((r.date, r.transaction_id)));
        if let Some(limit) = query.limit_per_account {
            let mut seen: HashMap<AccountId, u32> = HashMap::new();
            rows.retain(|r| {
                let n = seen.entry(r.account_id).or_default();
                *n += 1;
                *n <= limit
            });
        }
        Ok(rows)
    }
}
