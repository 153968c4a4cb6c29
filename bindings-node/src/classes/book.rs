//! `Book`: one ledger opened for one member, with its groups of calls (`accounts`,
//! `transactions`, `commodities`, `rates`, `imports`, `reports`), its members, audit log and
//! events.

use super::accounts::Accounts;
use super::budgets::{Alerts, Budgets, Goals};
use super::categorizer::Categorizer;
use super::commodities::{Commodities, Reports};
use super::imports::Imports;
use super::portfolio::Portfolio;
use super::rates::Rates;
use super::transactions::Transactions;
use crate::async_tasks::{work, AuditLogTask, Job};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::{AsyncTask, Function};
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi::Env;
use napi_derive::napi;
use std::sync::Arc;

/// A book opened for one member. Every call is scoped to this book.
#[napi]
pub struct Book {
    handle: BookHandle,
}

impl Book {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Book {
    /// The book's id.
    #[napi(getter)]
    pub fn id(&self, env: &Env) -> napi::Result<i64> {
        self.handle.run(env, |b| Ok(b.id().0))
    }

    /// The book's description.
    #[napi(getter)]
    pub fn info(&self, env: &Env) -> napi::Result<js::BookInfo> {
        self.handle.run(env, |b| Ok(b.info().clone().into()))
    }

    /// The member this book was opened for; the audit log names them.
    #[napi(getter)]
    pub fn actor(&self, env: &Env) -> napi::Result<i64> {
        self.handle.run(env, |b| Ok(b.actor().0))
    }

    /// Account calls: the tree, balances, register, balance assertions.
    #[napi(getter)]
    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.handle.clone())
    }

    /// Transaction calls: add, edit, delete, restore, reverse, search.
    #[napi(getter)]
    pub fn transactions(&self) -> Transactions {
        Transactions::new(self.handle.clone())
    }

    /// Commodity calls: user-defined securities, funds, crypto.
    #[napi(getter)]
    pub fn commodities(&self) -> Commodities {
        Commodities::new(self.handle.clone())
    }

    /// Rate calls: exchange rates and prices, rate files, lookups and conversion.
    #[napi(getter)]
    pub fn rates(&self) -> Rates {
        Rates::new(self.handle.clone())
    }

    /// Import calls: bank files (CSV, OFX, QIF, camt.053, MT940) parsed and imported exactly
    /// once, with matching, dry runs and undo.
    #[napi(getter)]
    pub fn imports(&self) -> Imports {
        Imports::new(self.handle.clone())
    }

    /// Categorizer calls: rules, categorization (rules, payee memory, model), review,
    /// corrections and proposals, models.
    #[napi(getter)]
    pub fn categorizer(&self) -> Categorizer {
        Categorizer::new(self.handle.clone())
    }

    /// Budget calls: budgets, allocations, templates, status.
    #[napi(getter)]
    pub fn budgets(&self) -> Budgets {
        Budgets::new(self.handle.clone())
    }

    /// Goal calls: goals, contributions, progress.
    #[napi(getter)]
    pub fn goals(&self) -> Goals {
        Goals::new(self.handle.clone())
    }

    /// Alert calls: list, mark read, dismiss, settings, evaluate.
    #[napi(getter)]
    pub fn alerts(&self) -> Alerts {
        Alerts::new(self.handle.clone())
    }

    /// Portfolio calls: securities, buys and sells with lots and gains, holdings, returns,
    /// target weights and rebalancing, brokerage imports.
    #[napi(getter)]
    pub fn portfolio(&self) -> Portfolio {
        Portfolio::new(self.handle.clone())
    }

    /// Report calls: spending and income by category, net worth, exchange gains.
    #[napi(getter)]
    pub fn reports(&self) -> Reports {
        Reports::new(self.handle.clone())
    }

    /// The members of the book.
    #[napi]
    pub fn members(&self, env: &Env) -> napi::Result<Vec<js::Member>> {
        self.handle.run(env, |b| Ok(b.members()?.into_iter().map(Into::into).collect()))
    }

    /// Adds a member (a household shares one book). Only the owner may.
    #[napi]
    pub fn add_member(&self, env: &Env, user_id: i64, role: js::Role) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.add_member(conv::user_id(user_id), role.into())?))
    }

    /// The audit log, newest first unless `page.order` says otherwise.
    #[napi]
    pub fn audit_log(
        &self,
        env: &Env,
        page: Option<js::PageOptions>,
    ) -> napi::Result<js::AuditPage> {
        self.handle.run(env, |b| work::audit_log(b, conv::page_options(page)?))
    }

    /// `auditLog` off the JS thread.
    #[napi]
    pub fn audit_log_async(
        &self,
        env: &Env,
        page: Option<js::PageOptions>,
    ) -> napi::Result<AsyncTask<AuditLogTask>> {
        self.handle.task(
            env,
            || conv::page_options(page),
            |b, p| AuditLogTask(Job::new(b, p, work::audit_log)),
        )
    }

    /// Calls `callback` with each event of this book (after the write that raised it has
    /// committed, in order, on the JS thread), whichever thread or Promise made the write.
    /// Returns the subscription id for `unsubscribe`. The subscription does not keep the
    /// process alive.
    #[napi(ts_args_type = "callback: (event: TallyEvent) => void")]
    pub fn subscribe(
        &self,
        env: &Env,
        callback: Function<js::TallyEvent, ()>,
    ) -> napi::Result<i64> {
        let deliver = callback
            .build_threadsafe_function()
            .callee_handled::<false>()
            .weak::<true>()
            .build()?;
        self.handle.run(env, |b| {
            let id = b.subscribe(Arc::new(move |_, event| {
                // The write has committed; a closing JS side cannot undo it, so the status is moot.
                let _ = deliver.call(event.into(), ThreadsafeFunctionCallMode::NonBlocking);
            }));
            Ok(i64::try_from(id.0).unwrap_or(i64::MAX))
        })
    }

    /// Cancels a subscription; false when it was not active.
    #[napi]
    pub fn unsubscribe(&self, env: &Env, id: i64) -> napi::Result<bool> {
        let id = tally_core::SubscriptionId(u64::try_from(id).unwrap_or(0));
        self.handle.run(env, |b| Ok(b.unsubscribe(id)))
    }
}
