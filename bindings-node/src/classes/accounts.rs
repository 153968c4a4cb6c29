//! `book.accounts`: the tree, balances rolled up the tree (also in a reporting currency), the
//! register with a running balance, and balance assertions.

use crate::async_tasks::{
    work, BalancesInTask, BalancesTask, CheckAssertionsTask, Job, RegisterTask,
};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::AsyncTask;
use napi::Env;
use napi_derive::napi;

/// Account calls of a book.
#[napi]
pub struct Accounts {
    handle: BookHandle,
}

impl Accounts {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Accounts {
    /// Creates an account, and any missing ancestors with the same kind and currency.
    #[napi]
    pub fn create(&self, env: &Env, account: js::NewAccount) -> napi::Result<js::Account> {
        self.handle.run(env, |b| Ok(b.accounts().create(conv::new_account(account)?)?.into()))
    }

    /// Every account of the book, in path order.
    #[napi]
    pub fn list(&self, env: &Env) -> napi::Result<Vec<js::Account>> {
        self.handle.run(env, |b| Ok(b.accounts().list()?.into_iter().map(Into::into).collect()))
    }

    /// An account by id.
    #[napi]
    pub fn get(&self, env: &Env, id: i64) -> napi::Result<js::Account> {
        self.handle.run(env, |b| Ok(b.accounts().get(conv::account_id(id))?.into()))
    }

    /// An account by full path.
    #[napi]
    pub fn by_path(&self, env: &Env, path: String) -> napi::Result<js::Account> {
        self.handle.run(env, |b| Ok(b.accounts().by_path(&path)?.into()))
    }

    /// Changes an account; renaming moves the paths of its descendants too.
    #[napi]
    pub fn update(
        &self,
        env: &Env,
        id: i64,
        update: js::AccountUpdate,
    ) -> napi::Result<js::Account> {
        self.handle.run(env, |b| {
            Ok(b.accounts().update(conv::account_id(id), conv::account_update(update)?)?.into())
        })
    }

    /// Closes an account: no posting may be dated after `on` (`YYYY-MM-DD`).
    #[napi]
    pub fn close(&self, env: &Env, id: i64, on: String) -> napi::Result<js::Account> {
        self.handle.run(env, |b| {
            Ok(b.accounts().close(conv::account_id(id), conv::date(&on, "on")?)?.into())
        })
    }

    /// Balance of every account at the end of `asOf` (all time when not set), per commodity,
    /// with descendants rolled up into `total`.
    #[napi]
    pub fn balances(
        &self,
        env: &Env,
        options: Option<js::BalanceOptions>,
    ) -> napi::Result<Vec<js::AccountBalance>> {
        self.handle.run(env, |b| work::balances(b, conv::as_of(options)?))
    }

    /// `balances` off the JS thread.
    #[napi]
    pub fn balances_async(
        &self,
        env: &Env,
        options: Option<js::BalanceOptions>,
    ) -> napi::Result<AsyncTask<BalancesTask>> {
        self.handle.task(
            env,
            || conv::as_of(options),
            |b, a| BalancesTask(Job::new(b, a, work::balances)),
        )
    }

    /// Balance of every account at the end of `asOf` (`YYYY-MM-DD`; today when not set) in a
    /// reporting currency, spot or historical, rolled up the tree. Amounts that cannot be
    /// converted (no rate, stale rate) are listed in `unconverted`, never dropped or counted
    /// at 1:1.
    #[napi]
    pub fn balances_in(
        &self,
        env: &Env,
        options: js::ValuationOptions,
        as_of: Option<String>,
    ) -> napi::Result<js::ValuedBalances> {
        self.handle.run(env, |b| work::balances_in(b, conv::valued_as_of(options, as_of)?))
    }

    /// `balancesIn` off the JS thread.
    #[napi]
    pub fn balances_in_async(
        &self,
        env: &Env,
        options: js::ValuationOptions,
        as_of: Option<String>,
    ) -> napi::Result<AsyncTask<BalancesInTask>> {
        self.handle.task(
            env,
            || conv::valued_as_of(options, as_of),
            |b, a| BalancesInTask(Job::new(b, a, work::balances_in)),
        )
    }

    /// The register of an account (with its descendants when asked): one row per split with
    /// the running balance per commodity, paged and sorted by date.
    #[napi]
    pub fn register(
        &self,
        env: &Env,
        id: i64,
        options: Option<js::RegisterOptions>,
    ) -> napi::Result<js::RegisterPage> {
        self.handle.run(env, |b| work::register(b, conv::register_args(id, options)?))
    }

    /// `register` off the JS thread.
    #[napi]
    pub fn register_async(
        &self,
        env: &Env,
        id: i64,
        options: Option<js::RegisterOptions>,
    ) -> napi::Result<AsyncTask<RegisterTask>> {
        self.handle.task(
            env,
            || conv::register_args(id, options),
            |b, a| RegisterTask(Job::new(b, a, work::register)),
        )
    }

    /// Records a balance the account (with descendants) should have at the end of a day.
    #[napi]
    pub fn add_assertion(
        &self,
        env: &Env,
        assertion: js::NewBalanceAssertion,
    ) -> napi::Result<js::BalanceAssertion> {
        self.handle
            .run(env, |b| Ok(b.accounts().add_assertion(conv::new_assertion(assertion)?)?.into()))
    }

    /// The book's balance assertions, by date.
    #[napi]
    pub fn assertions(&self, env: &Env) -> napi::Result<Vec<js::BalanceAssertion>> {
        self.handle
            .run(env, |b| Ok(b.accounts().assertions()?.into_iter().map(Into::into).collect()))
    }

    /// Deletes a balance assertion.
    #[napi]
    pub fn delete_assertion(&self, env: &Env, id: i64) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.accounts().delete_assertion(conv::assertion_id(id))?))
    }

    /// Checks every balance assertion against the ledger.
    #[napi]
    pub fn check_assertions(&self, env: &Env) -> napi::Result<Vec<js::AssertionResult>> {
        self.handle.run(env, |b| work::check_assertions(b, ()))
    }

    /// `checkAssertions` off the JS thread.
    #[napi]
    pub fn check_assertions_async(
        &self,
        env: &Env,
    ) -> napi::Result<AsyncTask<CheckAssertionsTask>> {
        self.handle.task(
            env,
            || Ok(()),
            |b, a| CheckAssertionsTask(Job::new(b, a, work::check_assertions)),
        )
    }
}
