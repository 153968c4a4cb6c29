//! Transaction calls of a book: add (one or a batch, idempotent by external id), edit with
//! history, soft delete and restore, reverse, search.

use crate::audit::{AuditAction, EntityKind};
use crate::events::Event;
use crate::ids::{AccountId, TransactionId};
use crate::query::{Page, PageRequest, TransactionFilter};
use crate::rates::RateTable;
use crate::transaction::{
    self, EditOptions, NewExchange, NewSplit, NewTransaction, Status, Transaction,
    TransactionDraft, TransactionError,
};
use crate::{Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

use super::alerts::{split_rows_of, Trigger};
use super::context::Snapshot;
use super::Book;

/// Transaction calls of a [`Book`].
#[derive(Debug)]
pub struct Transactions<'a> {
    book: &'a Book,
}

impl<'a> Transactions<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Adds one transaction. When its external id already names a transaction with the same
    /// content, that transaction is returned and nothing is written (idempotent retry).
    ///
    /// # Errors
    ///
    /// Every validation error of [`transaction::validate`]; `external_id_conflict` when the
    /// external id names different content; `read_only`.
    pub fn add(&self, new: NewTransaction) -> Result<Transaction> {
        let ids = self.add_batch(std::slice::from_ref(&new))?;
        let id = ids.first().copied().ok_or(TransactionError::NotFound(TransactionId(0)))?;
        self.get(id)
    }

    /// Adds spending of `amount` from `from` on `category`: the same call as `expense` in every
    /// binding; build a [`NewTransaction::expense`] to set more fields first.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use rust_decimal_macros::dec;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let cash = book.accounts().create(NewAccount::new("Assets:Cash", AccountKind::Asset, "EUR"))?;
    /// let food = book.accounts().create(NewAccount::new("Expenses:Food", AccountKind::Expense, "EUR"))?;
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 3).unwrap();
    /// let tx = book.transactions().expense(day, cash.id, food.id, dec!(4.20), "Bakery")?;
    /// assert_eq!(tx.splits.len(), 2);
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    pub fn expense(
        &self,
        date: NaiveDate,
        from: AccountId,
        category: AccountId,
        amount: Decimal,
        payee: &str,
    ) -> Result<Transaction> {
        self.add(NewTransaction::expense(date, from, category, amount, payee))
    }

    /// Adds income of `amount` into `to` from `category` (see [`NewTransaction::income`]).
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn income(
        &self,
        date: NaiveDate,
        to: AccountId,
        category: AccountId,
        amount: Decimal,
        payee: &str,
    ) -> Result<Transaction> {
        self.add(NewTransaction::income(date, to, category, amount, payee))
    }

    /// Adds a transfer between two accounts (see [`NewTransaction::transfer`]).
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn transfer(
        &self,
        date: NaiveDate,
        from: AccountId,
        to: AccountId,
        amount: Decimal,
    ) -> Result<Transaction> {
        self.add(NewTransaction::transfer(date, from, to, amount))
    }

    /// Adds one payment spread over several categories (see
    /// [`NewTransaction::split_purchase`]).
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn split_purchase(
        &self,
        date: NaiveDate,
        from: AccountId,
        payee: &str,
        parts: &[(AccountId, Decimal)],
    ) -> Result<Transaction> {
        self.add(NewTransaction::split_purchase(date, from, payee, parts))
    }

    /// Adds a transfer or purchase between accounts in different currencies. The sending split
    /// stores the rate used as its price (units received per unit sent): the rate both
    /// amounts imply when both are given, else the caller's, else the table's on the date. The
    /// missing amount is rounded to minor units with the exchange's rounding; a residue that
    /// leaves goes to its `fx_account`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use rust_decimal_macros::dec;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let eur = book.accounts().create(NewAccount::new("Assets:EUR", AccountKind::Asset, "EUR"))?;
    /// let usd = book.accounts().create(NewAccount::new("Assets:USD", AccountKind::Asset, "USD"))?;
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 30).unwrap();
    /// book.rates().add(Rate::new("EUR", "USD", day, dec!(1.1172), "ecb"))?;
    /// let tx = book.transactions().exchange(NewExchange::send(day, eur.id, usd.id, dec!(100)))?;
    /// assert_eq!(tx.splits[1].amount, dec!(111.72));
    /// assert_eq!(tx.splits[0].price, Some(UnitPrice::new(dec!(1.1172), "USD")));
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `invalid_field` (no amount, all three of amount, received and rate, a non-positive
    /// figure, one currency on both sides), `no_rate`, `stale_rate`, `unbalanced` (a residue
    /// without an `fx_account`), and every error of [`add`](Self::add).
    pub fn exchange(&self, new: NewExchange) -> Result<Transaction> {
        let snapshot = Snapshot::load(self.book)?;
        let account = |field: &str, id: AccountId| {
            snapshot.accounts.get(&id).cloned().ok_or_else(|| {
                Error::from(crate::account::AccountError::NotFound { field: field.to_owned(), id })
            })
        };
        let from = account("from", new.from)?;
        let to = account("to", new.to)?;
        let sent_in = from.currency.clone();
        let got_in = new.to_commodity.clone().unwrap_or_else(|| to.currency.clone());
        let invalid = |field: &str, value: String, reason: &str| -> Error {
            TransactionError::InvalidField {
                field: field.to_owned(),
                value,
                reason: reason.to_owned(),
            }
            .into()
        };
        if sent_in == got_in {
            return Err(invalid("to", got_in, "the same currency on both sides: use transfer"));
        }
        let sent_scale = super::rates::known(&snapshot, "from", &sent_in)?;
        let got_scale = super::rates::known(&snapshot, "to_commodity", &got_in)?;
        for (field, value) in
            [("amount", new.amount), ("received", new.received), ("rate", new.rate)]
        {
            if let Some(v) = value.filter(|v| *v <= Decimal::ZERO) {
                return Err(invalid(field, v.to_string(), "must be positive"));
            }
        }
        let table_rate = || -> Result<Decimal> {
            let options = crate::rates::LookupOptions { max_age_days: new.max_age_days };
            let quote = self
                .book
                .rates()
                .table()?
                .lookup_for("rate", &sent_in, &got_in, new.date, options)?;
            Ok(quote.rate)
        };
        let overflow = |what: &str| invalid(what, String::new(), "overflows");
        let (amount, received, rate) = match (new.amount, new.received, new.rate) {
            (Some(_), Some(_), Some(r)) => {
                return Err(invalid(
                    "rate",
                    r.to_string(),
                    "give the rate or both amounts, not all three",
                ))
            }
            (Some(a), Some(r), None) => {
                (a, r, r.checked_div(a).ok_or_else(|| overflow("rate"))?.normalize())
            }
            (Some(a), None, rate) => {
                let rate = match rate {
                    Some(r) => r,
                    None => table_rate()?,
                };
                let got = a.checked_mul(rate).ok_or_else(|| overflow("amount"))?;
                (a, super::rates::round_to(got, got_scale, new.rounding), rate)
            }
            (None, Some(r), rate) => {
                let rate = match rate {
                    Some(x) => x,
                    None => table_rate()?,
                };
                let sent = r.checked_div(rate).ok_or_else(|| overflow("received"))?;
                (super::rates::round_to(sent, sent_scale, new.rounding), r, rate)
            }
            (None, None, _) => {
                return Err(invalid("amount", String::new(), "give the amount sent or received"))
            }
        };
        let mut tx = NewTransaction::new(
            new.date,
            vec![
                NewSplit::new(new.from, -amount).price(rate, &got_in),
                NewSplit::new(new.to, received).commodity(&got_in),
            ],
        );
        tx.payee = new.payee;
        tx.narration = new.narration;
        tx.external_id = new.external_id;
        tx.fx_account = new.fx_account;
        self.add(tx)
    }

    /// The book's rate table, fetched once and only when a transaction needs a rate.
    pub(crate) fn rate_source(&self) -> impl FnMut() -> Result<Arc<RateTable>> + '_ {
        let mut table: Option<Arc<RateTable>> = None;
        move || {
            if let Some(t) = &table {
                return Ok(Arc::clone(t));
            }
            let t = self.book.rates().table()?;
            table = Some(Arc::clone(&t));
            Ok(t)
        }
    }

    /// Adds many transactions as one database transaction: all or nothing. Returns their ids
    /// in input order (existing ids for idempotent repeats of an external id).
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add); field names in errors start with `transactions[i].`.
    pub fn add_batch(&self, batch: &[NewTransaction]) -> Result<Vec<TransactionId>> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let mut rates = self.rate_source();
        let mut drafts = Vec::with_capacity(batch.len());
        for (i, new) in batch.iter().enumerate() {
            let draft = transaction::validate_with_rates(new, &snapshot, &mut rates);
            drafts.push(if batch.len() == 1 {
                draft?
            } else {
                draft.map_err(|e| e.within(&format!("transactions[{i}].")))?
            });
        }
        let existing = self.existing_by_external_id(&drafts)?;
        let mut to_write = Vec::with_capacity(drafts.len());
        let mut slots: Vec<Option<TransactionId>> = Vec::with_capacity(drafts.len());
        for draft in drafts {
            match draft.external_id.as_ref().and_then(|e| existing.get(e)) {
                Some(found) => {
                    let mut same = TransactionDraft::of(found);
                    same.reversal_of = None;
                    if same != draft {
                        return Err(TransactionError::ExternalIdConflict(
                            draft.external_id.clone().unwrap_or_default(),
                        )
                        .into());
                    }
                    slots.push(Some(found.id));
                }
                None => {
                    slots.push(None);
                    to_write.push(draft);
                }
            }
        }
        if to_write.is_empty() {
            return Ok(slots.into_iter().flatten().collect());
        }
        let audit = if to_write.len() == 1 {
            self.book.audit(
                AuditAction::Create,
                EntityKind::Transaction,
                None,
                None::<&()>,
                Some(&to_write[0]),
            )
        } else {
            let count = serde_json::json!({ "count": to_write.len() });
            self.book.audit(
                AuditAction::CreateBatch,
                EntityKind::Transaction,
                None,
                None::<&()>,
                Some(&count),
            )
        };
        let written =
            self.book.engine.store.insert_transactions(self.book.id(), &to_write, &audit)?;
        self.book.emit(&Event::TransactionsAdded { ids: written.clone() });
        if let (Some(first), Some(last)) = (written.first(), written.last()) {
            let rows = split_rows_of(&to_write, &written);
            self.book.after_write(&Trigger::Transactions { rows, ids: (*first, *last) });
        }
        let mut new_ids = written.into_iter();
        slots
            .into_iter()
            .map(|slot| slot.or_else(|| new_ids.next()))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                crate::store::StoreError::Corrupt { what: "ids returned by insert".to_owned() }
                    .into()
            })
    }

    fn existing_by_external_id(
        &self,
        drafts: &[TransactionDraft],
    ) -> Result<HashMap<String, Transaction>> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, d) in drafts.iter().enumerate() {
            if let Some(ext) = d.external_id.as_deref() {
                if seen.insert(ext, i).is_some() {
                    return Err(TransactionError::InvalidField {
                        field: format!("transactions[{i}].external_id"),
                        value: ext.to_owned(),
                        reason: "appears twice in the batch".to_owned(),
                    }
                    .into());
                }
            }
        }
        if seen.is_empty() {
            return Ok(HashMap::new());
        }
        let keys: Vec<&str> = seen.keys().copied().collect();
        let found = self.book.engine.store.transactions_by_external_id(self.book.id(), &keys)?;
        Ok(found.into_iter().filter_map(|t| t.external_id.clone().map(|e| (e, t))).collect())
    }

    /// A transaction by id (deleted ones too; see `deleted`).
    ///
    /// # Errors
    ///
    /// `transaction_not_found` (also for another book's transaction).
    pub fn get(&self, id: TransactionId) -> Result<Transaction> {
        self.book
            .engine
            .store
            .transaction(self.book.id(), id)?
            .ok_or_else(|| TransactionError::NotFound(id).into())
    }

    /// Replaces a transaction's content; the audit log keeps before and after.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `reconciled_locked` (unless
    /// `options.allow_reconciled`), `external_id_conflict`, and every validation error.
    pub fn edit(
        &self,
        id: TransactionId,
        new: NewTransaction,
        options: EditOptions,
    ) -> Result<Transaction> {
        self.edit_as(id, new, options, true)
    }

    /// [`edit`](Self::edit) by the user (`by_user`: the fields it changes among category,
    /// payee, tags and notes become locked against rules, the model and sync) or by sync.
    pub(crate) fn edit_as(
        &self,
        id: TransactionId,
        new: NewTransaction,
        options: EditOptions,
        by_user: bool,
    ) -> Result<Transaction> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        check_editable(&before, options)?;
        let snapshot = Snapshot::load(self.book)?;
        let mut draft = transaction::validate_with_rates(&new, &snapshot, &mut self.rate_source())?;
        draft.reversal_of = before.reversal_of;
        if let Some(ext) = draft.external_id.as_deref() {
            if before.external_id.as_deref() != Some(ext) {
                let other =
                    self.book.engine.store.transactions_by_external_id(self.book.id(), &[ext])?;
                if other.iter().any(|t| t.id != id) {
                    return Err(TransactionError::ExternalIdConflict(ext.to_owned()).into());
                }
            }
        }
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Transaction,
            Some(id.0),
            Some(&before),
            Some(&draft),
        );
        let now = self.book.engine.clock.now();
        let rows = split_rows_of(std::slice::from_ref(&draft), &[id]);
        let locked = if by_user { changed_fields(&before, &new, &snapshot) } else { None };
        match locked {
            Some(changed) => {
                let stored =
                    self.book.engine.store.decisions(self.book.id(), &[id])?.into_iter().next();
                let mut decision = super::flow::decision_or_default(stored, id, now);
                decision.locks.category |= changed.category;
                decision.locks.payee |= changed.payee;
                decision.locks.tags |= changed.tags;
                decision.locks.notes |= changed.notes;
                if changed.category {
                    decision.decided_by = crate::categorization::DecidedBy::Manual;
                    decision.confidence = 1.0;
                    decision.needs_review = false;
                    decision.decided_at = now;
                }
                let write = crate::categorization::CategorizationWrite {
                    transactions: vec![(id, draft)],
                    decisions: vec![decision],
                    ..Default::default()
                };
                self.book.engine.store.write_categorization(self.book.id(), &write, now, &audit)?;
            }
            None => self.book.engine.store.replace_transaction(
                self.book.id(),
                id,
                &draft,
                now,
                &audit,
            )?,
        }
        self.book.emit(&Event::TransactionUpdated { id });
        self.book.after_write(&Trigger::Transactions { rows, ids: (id, id) });
        self.get(id)
    }

    /// Changes only the status (e.g. to `Reconciled` or `Void`).
    ///
    /// # Errors
    ///
    /// As [`edit`](Self::edit).
    pub fn set_status(
        &self,
        id: TransactionId,
        status: Status,
        options: EditOptions,
    ) -> Result<Transaction> {
        let mut new = NewTransaction::from(&self.get(id)?);
        new.status = status;
        self.edit(id, new, options)
    }

    /// Soft-deletes a transaction: it stops counting but can be restored.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `reconciled_locked`, `read_only`.
    pub fn delete(&self, id: TransactionId, options: EditOptions) -> Result<Transaction> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        check_editable(&before, options)?;
        self.set_deleted(before, true)
    }

    /// Restores a soft-deleted transaction.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `not_deleted`, `account_closed` when an account has since
    /// been closed, `read_only`.
    pub fn restore(&self, id: TransactionId) -> Result<Transaction> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        if !before.deleted {
            return Err(TransactionError::NotDeleted(id).into());
        }
        let snapshot = Snapshot::load(self.book)?;
        transaction::validate(&NewTransaction::from(&before), &snapshot)?;
        self.set_deleted(before, false)
    }

    fn set_deleted(&self, before: Transaction, deleted: bool) -> Result<Transaction> {
        let id = before.id;
        let mut after = before.clone();
        after.deleted = deleted;
        let action = if deleted { AuditAction::Delete } else { AuditAction::Restore };
        let audit = self.book.audit(
            action,
            EntityKind::Transaction,
            Some(id.0),
            Some(&before),
            Some(&after),
        );
        let now = self.book.engine.clock.now();
        self.book.engine.store.set_deleted(self.book.id(), id, deleted, now, &audit)?;
        self.book.emit(&if deleted {
            Event::TransactionDeleted { id }
        } else {
            Event::TransactionRestored { id }
        });
        self.book.after_write(&if deleted {
            Trigger::Ledger
        } else {
            Trigger::Transactions {
                rows: split_rows_of(&[TransactionDraft::of(&before)], &[id]),
                ids: (id, id),
            }
        });
        self.get(id)
    }

    /// Writes a transaction that reverses `id` (every split negated) on `date` (today when
    /// `None`); the original stays as it was.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `already_reversed`, `account_closed`.
    pub fn reverse(&self, id: TransactionId, date: Option<NaiveDate>) -> Result<Transaction> {
        self.book.check_writable()?;
        let original = self.get(id)?;
        if original.deleted {
            return Err(TransactionError::Deleted(id).into());
        }
        if let Some(by) = self.book.engine.store.reversal_of(self.book.id(), id)? {
            return Err(TransactionError::AlreadyReversed { id, by }.into());
        }
        let date = date.unwrap_or_else(|| self.book.engine.clock.today());
        let splits = original
            .splits
            .iter()
            .map(|s| NewSplit {
                account_id: s.account_id,
                amount: -s.amount,
                commodity: Some(s.commodity.clone()),
                price: s.price.clone(),
                cost: s.cost.clone(),
                memo: s.memo.clone(),
            })
            .collect();
        let mut new = NewTransaction::new(date, splits);
        new.payee = original.payee.clone();
        new.narration = Some(format!("Reversal of transaction {id}"));
        new.source = original.source;
        let snapshot = Snapshot::load(self.book)?;
        let mut draft = transaction::validate_with_rates(&new, &snapshot, &mut self.rate_source())?;
        draft.reversal_of = Some(id);
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::Transaction,
            None,
            None::<&()>,
            Some(&draft),
        );
        let drafts = [draft];
        let ids = self.book.engine.store.insert_transactions(self.book.id(), &drafts, &audit)?;
        self.book.emit(&Event::TransactionsAdded { ids: ids.clone() });
        if let Some(first) = ids.first() {
            let rows = split_rows_of(&drafts, &ids);
            self.book.after_write(&Trigger::Transactions { rows, ids: (*first, *first) });
        }
        let new_id = ids.first().copied().ok_or(Error::from(TransactionError::NotFound(id)))?;
        self.get(new_id)
    }

    /// Transactions matching every set filter, newest first unless the page says otherwise.
    ///
    /// # Errors
    ///
    /// `invalid_field` for a bad page or amount range; `account_not_found`.
    pub fn search(
        &self,
        filter: &TransactionFilter,
        page: PageRequest,
    ) -> Result<Page<Transaction>> {
        page.check()?;
        if let (Some(min), Some(max)) = (filter.amount_min, filter.amount_max) {
            if min > max {
                return Err(crate::query::QueryError::InvalidField {
                    field: "amount_min".to_owned(),
                    value: min.to_string(),
                    reason: format!("greater than amount_max {max}"),
                }
                .into());
            }
        }
        let snapshot = Snapshot::load(self.book)?;
        for id in &filter.accounts {
            if !snapshot.accounts.contains_key(id) {
                return Err(crate::account::AccountError::NotFound {
                    field: "accounts".to_owned(),
                    id: *id,
                }
                .into());
            }
        }
        let accounts = snapshot.with_descendants(&filter.accounts);
        self.book.engine.store.search(self.book.id(), filter, &accounts, &page)
    }
}

/// A deleted transaction cannot change; a reconciled one only with the override.
fn check_editable(tx: &Transaction, options: EditOptions) -> Result<()> {
    if tx.deleted {
        return Err(TransactionError::Deleted(tx.id).into());
    }
    if tx.status == Status::Reconciled && !options.allow_reconciled {
        return Err(TransactionError::ReconciledLocked(tx.id).into());
    }
    Ok(())
}

/// The fields a user's edit changes among those categorization can lock (`None` when none).
fn changed_fields(
    before: &Transaction,
    after: &NewTransaction,
    snapshot: &Snapshot,
) -> Option<crate::categorization::Locks> {
    let fields_before = super::flow::fields_of(&NewTransaction::from(before), &snapshot.accounts);
    let fields_after = super::flow::fields_of(after, &snapshot.accounts);
    let mut tags = after.tags.clone();
    tags.sort();
    tags.dedup();
    let changed = crate::categorization::Locks {
        category: fields_before.category != fields_after.category
            || fields_before.split.iter().map(|s| s.0).collect::<Vec<_>>()
                != fields_after.split.iter().map(|s| s.0).collect::<Vec<_>>(),
        payee: before.payee != after.payee,
        tags: before.tags != tags,
        notes: before.notes != after.notes,
    };
    (changed != crate::categorization::Locks::default()).then_some(changed)
}
