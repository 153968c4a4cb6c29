//! `book.transactions`: add (one, a batch, a convenience form, or an exchange between
//! currencies), edit with history, status, soft delete and restore, reverse, search.

use crate::async_tasks::{work, AddBatchTask, Job, SearchTask};
use crate::conversion as conv;
use crate::conversion::AmountArg;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::AsyncTask;
use napi::Env;
use napi_derive::napi;
use tally_core::NewTransaction;

/// Transaction calls of a book.
#[napi]
pub struct Transactions {
    handle: BookHandle,
}

impl Transactions {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Transactions {
    /// Adds one transaction. When its external id already names a transaction with the same
    /// content, that transaction is returned and nothing is written (idempotent retry).
    #[napi]
    pub fn add(&self, env: &Env, transaction: js::NewTransaction) -> napi::Result<js::Transaction> {
        self.handle
            .run(env, |b| Ok(b.transactions().add(conv::new_transaction(transaction)?)?.into()))
    }

    /// Adds many transactions as one database transaction, all or nothing; returns their ids
    /// in input order. Field names in errors start with `transactions[i].`.
    #[napi]
    pub fn add_batch(
        &self,
        env: &Env,
        transactions: Vec<js::NewTransaction>,
    ) -> napi::Result<Vec<i64>> {
        self.handle.run(env, |b| work::add_batch(b, conv::batch(transactions)?))
    }

    /// `addBatch` off the JS thread (the arguments are read on the JS thread first).
    #[napi]
    pub fn add_batch_async(
        &self,
        env: &Env,
        transactions: Vec<js::NewTransaction>,
    ) -> napi::Result<AsyncTask<AddBatchTask>> {
        self.handle.task(
            env,
            || conv::batch(transactions),
            |b, t| AddBatchTask(Job::new(b, t, work::add_batch)),
        )
    }

    /// Spending of `amount` from `fromId` (asset or liability) on `categoryId`.
    // The Rust arguments in order, plus the env and the options object.
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn expense(
        &self,
        env: &Env,
        date: String,
        from_id: i64,
        category_id: i64,
        #[napi(ts_arg_type = "string")] amount: AmountArg,
        payee: String,
        options: Option<js::TransactionOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let new = NewTransaction::expense(
                conv::date(&date, "date")?,
                conv::account_id(from_id),
                conv::account_id(category_id),
                conv::amount(&amount, "amount")?,
                &payee,
            );
            Ok(b.transactions().add(conv::with_options(new, conv::options(options))?)?.into())
        })
    }

    /// Income of `amount` into `toId` from `categoryId`.
    // The Rust arguments in order, plus the env and the options object.
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn income(
        &self,
        env: &Env,
        date: String,
        to_id: i64,
        category_id: i64,
        #[napi(ts_arg_type = "string")] amount: AmountArg,
        payee: String,
        options: Option<js::TransactionOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let new = NewTransaction::income(
                conv::date(&date, "date")?,
                conv::account_id(to_id),
                conv::account_id(category_id),
                conv::amount(&amount, "amount")?,
                &payee,
            );
            Ok(b.transactions().add(conv::with_options(new, conv::options(options))?)?.into())
        })
    }

    /// A transfer of `amount` from one account to another in the same currency.
    #[napi]
    pub fn transfer(
        &self,
        env: &Env,
        date: String,
        from_id: i64,
        to_id: i64,
        #[napi(ts_arg_type = "string")] amount: AmountArg,
        options: Option<js::TransactionOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let new = NewTransaction::transfer(
                conv::date(&date, "date")?,
                conv::account_id(from_id),
                conv::account_id(to_id),
                conv::amount(&amount, "amount")?,
            );
            Ok(b.transactions().add(conv::with_options(new, conv::options(options))?)?.into())
        })
    }

    /// One payment from `fromId` spread over several categories; `fromId` is credited the
    /// total.
    #[napi]
    pub fn split_purchase(
        &self,
        env: &Env,
        date: String,
        from_id: i64,
        payee: String,
        parts: Vec<js::SplitPart>,
        options: Option<js::TransactionOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let new = NewTransaction::split_purchase(
                conv::date(&date, "date")?,
                conv::account_id(from_id),
                &payee,
                &conv::split_parts(parts)?,
            );
            Ok(b.transactions().add(conv::with_options(new, conv::options(options))?)?.into())
        })
    }

    /// A transfer or purchase between accounts in different currencies. The sending split
    /// stores the rate used as its price (units received per unit sent): the rate both amounts
    /// imply when both are given, else `rate`, else the rate table's on the date. The missing
    /// amount is rounded to minor units; a residue goes to `fxAccount`.
    #[napi]
    pub fn exchange(&self, env: &Env, exchange: js::NewExchange) -> napi::Result<js::Transaction> {
        self.handle
            .run(env, |b| Ok(b.transactions().exchange(conv::new_exchange(exchange)?)?.into()))
    }

    /// A transaction by id (deleted ones too; see `deleted`).
    #[napi]
    pub fn get(&self, env: &Env, id: i64) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| Ok(b.transactions().get(conv::transaction_id(id))?.into()))
    }

    /// Replaces a transaction's content; the audit log keeps before and after.
    #[napi]
    pub fn edit(
        &self,
        env: &Env,
        id: i64,
        transaction: js::NewTransaction,
        options: Option<js::EditOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let new = conv::new_transaction(transaction)?;
            Ok(b.transactions()
                .edit(conv::transaction_id(id), new, conv::edit_options(options))?
                .into())
        })
    }

    /// Changes only the status (e.g. to `reconciled` or `void`).
    #[napi]
    pub fn set_status(
        &self,
        env: &Env,
        id: i64,
        status: js::Status,
        options: Option<js::EditOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let tx = b.transactions().set_status(
                conv::transaction_id(id),
                status.into(),
                conv::edit_options(options),
            )?;
            Ok(tx.into())
        })
    }

    /// Soft-deletes a transaction: it stops counting but can be restored.
    #[napi]
    pub fn delete(
        &self,
        env: &Env,
        id: i64,
        options: Option<js::EditOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            Ok(b.transactions()
                .delete(conv::transaction_id(id), conv::edit_options(options))?
                .into())
        })
    }

    /// Restores a soft-deleted transaction.
    #[napi]
    pub fn restore(&self, env: &Env, id: i64) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| Ok(b.transactions().restore(conv::transaction_id(id))?.into()))
    }

    /// Writes a transaction that reverses `id` (every split negated) on `options.date` (today
    /// when not set); the original stays as it was.
    #[napi]
    pub fn reverse(
        &self,
        env: &Env,
        id: i64,
        options: Option<js::ReverseOptions>,
    ) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let date = conv::opt_date(options.and_then(|o| o.date).as_deref(), "date")?;
            Ok(b.transactions().reverse(conv::transaction_id(id), date)?.into())
        })
    }

    /// Transactions matching every set filter, newest first unless the page says otherwise.
    #[napi]
    pub fn search(
        &self,
        env: &Env,
        filter: Option<js::TransactionFilter>,
        page: Option<js::PageOptions>,
    ) -> napi::Result<js::TransactionPage> {
        self.handle
            .run(env, |b| work::search(b, (conv::filter(filter)?, conv::page_options(page)?)))
    }

    /// `search` off the JS thread.
    #[napi]
    pub fn search_async(
        &self,
        env: &Env,
        filter: Option<js::TransactionFilter>,
        page: Option<js::PageOptions>,
    ) -> napi::Result<AsyncTask<SearchTask>> {
        self.handle.task(
            env,
            || Ok((conv::filter(filter)?, conv::page_options(page)?)),
            |b, a| SearchTask(Job::new(b, a, work::search)),
        )
    }
}
