//! `book.transactions`: add (one, a batch, or the convenience forms), exchange between
//! currencies, edit, status, soft delete and restore, reverse, search. Each method is one core
//! call.

use crate::book::{page_request, BookRef};
use crate::conversion::{
    AccountArg, Amount, Day, OrderArg, RoundingArg, SourceArg, StatusArg, TransactionArg,
};
use crate::inputs::NewTransaction;
use crate::records::Transaction;
use crate::table::{Rows, Table};
use pyo3::prelude::*;
use tally_core as core;

/// Transaction calls of a `Book`: `book.transactions`.
#[pyclass(module = "tally", frozen)]
pub struct Transactions(pub(crate) BookRef);

impl Transactions {
    fn add_one(&self, py: Python<'_>, new: core::NewTransaction) -> PyResult<Transaction> {
        self.0.call(py, move |b| b.transactions().add(new)).map(Transaction)
    }
}

fn edit_options(allow_reconciled: bool) -> core::EditOptions {
    core::EditOptions { allow_reconciled }
}

#[pymethods]
impl Transactions {
    /// Adds one transaction and returns it as stored. When its `external_id` already names a
    /// transaction with the same content, that one is returned and nothing is written.
    ///
    /// Raises `ValidationError` (`too_few_splits`, `unbalanced` with the residual,
    /// `too_many_decimals`, `account_closed`, `commodity_mismatch`, `unknown_commodity`,
    /// `invalid_field`), `NotFoundError` (`account_not_found`), `ConflictError`
    /// (`external_id_conflict`), `TallyPermissionError` (`read_only`).
    fn add(&self, py: Python<'_>, transaction: NewTransaction) -> PyResult<Transaction> {
        self.add_one(py, transaction.0)
    }

    /// Adds many transactions as one database transaction, all or nothing, and returns their
    /// ids in input order (existing ids for repeats of an external id). Errors name the
    /// transaction: `transactions[3].splits[1].amount`.
    fn add_batch(&self, py: Python<'_>, transactions: Vec<NewTransaction>) -> PyResult<Vec<i64>> {
        let batch: Vec<core::NewTransaction> = transactions.into_iter().map(|t| t.0).collect();
        let ids = self.0.call(py, move |b| b.transactions().add_batch(&batch))?;
        Ok(ids.into_iter().map(|id| id.0).collect())
    }

    /// A transaction by id (deleted ones too). Raises `NotFoundError` (`transaction_not_found`).
    fn get(&self, py: Python<'_>, transaction: TransactionArg) -> PyResult<Transaction> {
        self.0.call(py, move |b| b.transactions().get(transaction.0)).map(Transaction)
    }

    /// Replaces a transaction's content with `new` (see `NewTransaction.from_transaction`); the
    /// audit log keeps before and after.
    ///
    /// Raises `NotFoundError` (`transaction_not_found`), `ConflictError`
    /// (`transaction_deleted`, `reconciled_locked` unless `allow_reconciled`,
    /// `external_id_conflict`) and every validation error of `add`.
    #[pyo3(signature = (transaction, new, *, allow_reconciled=false))]
    fn edit(
        &self,
        py: Python<'_>,
        transaction: TransactionArg,
        new: NewTransaction,
        allow_reconciled: bool,
    ) -> PyResult<Transaction> {
        let options = edit_options(allow_reconciled);
        let call = move |b: &core::Book| b.transactions().edit(transaction.0, new.0, options);
        self.0.call(py, call).map(Transaction)
    }

    /// Changes only the status: 'pending', 'cleared', 'reconciled' or 'void'. Raises as `edit`.
    #[pyo3(signature = (transaction, status, *, allow_reconciled=false))]
    fn set_status(
        &self,
        py: Python<'_>,
        transaction: TransactionArg,
        status: StatusArg,
        allow_reconciled: bool,
    ) -> PyResult<Transaction> {
        let options = edit_options(allow_reconciled);
        let call =
            move |b: &core::Book| b.transactions().set_status(transaction.0, status.0, options);
        self.0.call(py, call).map(Transaction)
    }

    /// Soft-deletes a transaction: it stops counting but can be restored.
    ///
    /// Raises `NotFoundError` (`transaction_not_found`), `ConflictError`
    /// (`transaction_deleted`, `reconciled_locked`).
    #[pyo3(signature = (transaction, *, allow_reconciled=false))]
    fn delete(
        &self,
        py: Python<'_>,
        transaction: TransactionArg,
        allow_reconciled: bool,
    ) -> PyResult<Transaction> {
        let options = edit_options(allow_reconciled);
        self.0.call(py, move |b| b.transactions().delete(transaction.0, options)).map(Transaction)
    }

    /// Restores a soft-deleted transaction.
    ///
    /// Raises `NotFoundError` (`transaction_not_found`), `ConflictError` (`not_deleted`),
    /// `ValidationError` (`account_closed` when an account has been closed since).
    fn restore(&self, py: Python<'_>, transaction: TransactionArg) -> PyResult<Transaction> {
        self.0.call(py, move |b| b.transactions().restore(transaction.0)).map(Transaction)
    }

    /// Writes and returns a transaction that reverses `transaction` (every split negated) on
    /// `date` (today when None); the original stays as it was.
    ///
    /// Raises `NotFoundError` (`transaction_not_found`), `ConflictError`
    /// (`transaction_deleted`, `already_reversed`), `ValidationError` (`account_closed`).
    #[pyo3(signature = (transaction, date=None))]
    fn reverse(
        &self,
        py: Python<'_>,
        transaction: TransactionArg,
        date: Option<Day>,
    ) -> PyResult<Transaction> {
        let date = date.map(|d| d.0);
        self.0.call(py, move |b| b.transactions().reverse(transaction.0, date)).map(Transaction)
    }

    /// Transactions matching every filter given, newest first by default: a `Table` of
    /// `Transaction` (one row per split in its DataFrames), with `total` matches in all.
    ///
    /// `accounts` matches transactions touching those accounts or their descendants; `text`
    /// is case-insensitive in payee or narration; `amount_min`/`amount_max` bound the absolute
    /// split amounts (of the filtered accounts, when given); `tags`, `statuses` and `sources`
    /// match any of the values given. Raises `ValidationError` (`invalid_field` for a bad page
    /// or amount range), `NotFoundError` (`account_not_found`).
    #[pyo3(signature = (
        *, date_from=None, date_to=None, accounts=Vec::new(), text=None, amount_min=None,
        amount_max=None, tags=Vec::new(), statuses=Vec::new(), sources=Vec::new(),
        include_deleted=false, offset=0, limit=100, order=OrderArg(core::SortOrder::Descending)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        date_from: Option<Day>,
        date_to: Option<Day>,
        accounts: Vec<AccountArg>,
        text: Option<String>,
        amount_min: Option<Amount>,
        amount_max: Option<Amount>,
        tags: Vec<String>,
        statuses: Vec<StatusArg>,
        sources: Vec<SourceArg>,
        include_deleted: bool,
        offset: u64,
        limit: u32,
        order: OrderArg,
    ) -> PyResult<Table> {
        let filter = core::TransactionFilter {
            date_from: date_from.map(|d| d.0),
            date_to: date_to.map(|d| d.0),
            accounts: accounts.into_iter().map(|a| a.0).collect(),
            text,
            amount_min: amount_min.map(|a| a.0),
            amount_max: amount_max.map(|a| a.0),
            tags,
            statuses: statuses.into_iter().map(|s| s.0).collect(),
            sources: sources.into_iter().map(|s| s.0).collect(),
            include_deleted,
        };
        let page = page_request(offset, limit, order);
        let found = self.0.call(py, move |b| b.transactions().search(&filter, page))?;
        Ok(self.0.page(found, Rows::Transactions))
    }

    /// Adds spending of `amount` from `from_account` on `category` (see
    /// `NewTransaction.expense`) and returns it.
    fn expense(
        &self,
        py: Python<'_>,
        date: Day,
        from_account: AccountArg,
        category: AccountArg,
        amount: Amount,
        payee: String,
    ) -> PyResult<Transaction> {
        let new =
            core::NewTransaction::expense(date.0, from_account.0, category.0, amount.0, &payee);
        self.add_one(py, new)
    }

    /// Adds income of `amount` into `to_account` from `category` and returns it.
    fn income(
        &self,
        py: Python<'_>,
        date: Day,
        to_account: AccountArg,
        category: AccountArg,
        amount: Amount,
        payee: String,
    ) -> PyResult<Transaction> {
        let new = core::NewTransaction::income(date.0, to_account.0, category.0, amount.0, &payee);
        self.add_one(py, new)
    }

    /// Adds a transfer of `amount` between two accounts in the same currency and returns it.
    fn transfer(
        &self,
        py: Python<'_>,
        date: Day,
        from_account: AccountArg,
        to_account: AccountArg,
        amount: Amount,
    ) -> PyResult<Transaction> {
        let new = core::NewTransaction::transfer(date.0, from_account.0, to_account.0, amount.0);
        self.add_one(py, new)
    }

    /// Adds one payment from `from_account` spread over `parts`, a list of
    /// `(category, amount)` pairs, and returns it.
    fn split_purchase(
        &self,
        py: Python<'_>,
        date: Day,
        from_account: AccountArg,
        payee: String,
        parts: Vec<(AccountArg, Amount)>,
    ) -> PyResult<Transaction> {
        let parts: Vec<_> = parts.into_iter().map(|(a, m)| (a.0, m.0)).collect();
        let new = core::NewTransaction::split_purchase(date.0, from_account.0, &payee, &parts);
        self.add_one(py, new)
    }

    /// Adds a transfer or purchase between accounts in different currencies and returns it.
    ///
    /// Give the `amount` sent (in `from_account`'s currency), the amount `received` (in
    /// `to_commodity`, by default `to_account`'s currency), or both. The sending split stores
    /// the rate used as its `price` (units received per unit sent): the rate both amounts
    /// imply, else `rate`, else the book's rate on `date` (no older than `max_age_days`). The
    /// missing amount is rounded to minor units with `rounding`; a residue goes to
    /// `fx_account`.
    ///
    /// Raises `ValidationError` (`invalid_field`: no amount, all three of amount, received and
    /// rate, a figure not above zero, one currency on both sides; `unbalanced` for a residue
    /// without `fx_account`), `NotFoundError` (`account_not_found`, `no_rate`, `stale_rate`)
    /// and every error of `add`.
    #[pyo3(signature = (
        date, from_account, to_account, amount=None, *, received=None, to_commodity=None,
        rate=None, rounding=RoundingArg(core::Rounding::HalfEven),
        max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS, fx_account=None, payee=None,
        narration=None, external_id=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn exchange(
        &self,
        py: Python<'_>,
        date: Day,
        from_account: AccountArg,
        to_account: AccountArg,
        amount: Option<Amount>,
        received: Option<Amount>,
        to_commodity: Option<String>,
        rate: Option<Amount>,
        rounding: RoundingArg,
        max_age_days: u32,
        fx_account: Option<AccountArg>,
        payee: Option<String>,
        narration: Option<String>,
        external_id: Option<String>,
    ) -> PyResult<Transaction> {
        let new = core::NewExchange {
            date: date.0,
            from: from_account.0,
            to: to_account.0,
            amount: amount.map(|a| a.0),
            received: received.map(|a| a.0),
            to_commodity,
            rate: rate.map(|r| r.0),
            rounding: rounding.0,
            max_age_days,
            fx_account: fx_account.map(|a| a.0),
            payee,
            narration,
            external_id,
        };
        self.0.call(py, move |b| b.transactions().exchange(new)).map(Transaction)
    }
}
