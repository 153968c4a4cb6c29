//! `book.commodities` (user-defined securities, funds, crypto; ISO 4217 is built in) and
//! `book.reports` (spending and income by category, in the accounts' own commodities or in a
//! reporting currency; net worth; exchange gains).

use crate::async_tasks::{work, FxGainTask, Job, NetWorthTask, ReportTask, ValuedReportTask};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::AsyncTask;
use napi::Env;
use napi_derive::napi;

/// Commodity calls of a book.
#[napi]
pub struct Commodities {
    handle: BookHandle,
}

impl Commodities {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Commodities {
    /// Defines a commodity with its own scale (e.g. BTC with 8 decimals).
    #[napi]
    pub fn define(&self, env: &Env, commodity: js::NewCommodity) -> napi::Result<js::Commodity> {
        self.handle.run(env, |b| Ok(b.commodities().define(conv::new_commodity(commodity))?.into()))
    }

    /// The book's user-defined commodities.
    #[napi]
    pub fn list(&self, env: &Env) -> napi::Result<Vec<js::Commodity>> {
        self.handle.run(env, |b| Ok(b.commodities().list()?.into_iter().map(Into::into).collect()))
    }

    /// A commodity by code: an ISO 4217 currency or one defined in this book.
    #[napi]
    pub fn get(&self, env: &Env, code: String) -> napi::Result<js::Commodity> {
        self.handle.run(env, |b| Ok(b.commodities().get(&code)?.into()))
    }
}

/// Report calls of a book.
#[napi]
pub struct Reports {
    handle: BookHandle,
}

impl Reports {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Reports {
    /// Spending per expense category between two dates inclusive (`YYYY-MM-DD`), rolled up
    /// the tree; spending is positive.
    #[napi]
    pub fn spending_by_category(
        &self,
        env: &Env,
        from: String,
        to: String,
    ) -> napi::Result<Vec<js::CategoryAmount>> {
        self.handle.run(env, |b| work::spending(b, conv::period(&from, &to)?))
    }

    /// `spendingByCategory` off the JS thread.
    #[napi]
    pub fn spending_by_category_async(
        &self,
        env: &Env,
        from: String,
        to: String,
    ) -> napi::Result<AsyncTask<ReportTask>> {
        self.handle.task(
            env,
            || conv::period(&from, &to),
            |b, p| ReportTask(Job::new(b, p, work::spending)),
        )
    }

    /// Income per income category between two dates inclusive; income is positive.
    #[napi]
    pub fn income_by_category(
        &self,
        env: &Env,
        from: String,
        to: String,
    ) -> napi::Result<Vec<js::CategoryAmount>> {
        self.handle.run(env, |b| work::income(b, conv::period(&from, &to)?))
    }

    /// `incomeByCategory` off the JS thread.
    #[napi]
    pub fn income_by_category_async(
        &self,
        env: &Env,
        from: String,
        to: String,
    ) -> napi::Result<AsyncTask<ReportTask>> {
        self.handle.task(
            env,
            || conv::period(&from, &to),
            |b, p| ReportTask(Job::new(b, p, work::income)),
        )
    }

    /// Net worth at the end of `asOf` (`YYYY-MM-DD`; today when not set) in a reporting
    /// currency: the asset and liability accounts counted in net worth. Amounts that cannot be
    /// converted are listed in `unconverted` and left out of the sums.
    #[napi]
    pub fn net_worth(
        &self,
        env: &Env,
        options: js::ValuationOptions,
        as_of: Option<String>,
    ) -> napi::Result<js::NetWorth> {
        self.handle.run(env, |b| work::net_worth(b, conv::valued_as_of(options, as_of)?))
    }

    /// `netWorth` off the JS thread.
    #[napi]
    pub fn net_worth_async(
        &self,
        env: &Env,
        options: js::ValuationOptions,
        as_of: Option<String>,
    ) -> napi::Result<AsyncTask<NetWorthTask>> {
        self.handle.task(
            env,
            || conv::valued_as_of(options, as_of),
            |b, a| NetWorthTask(Job::new(b, a, work::net_worth)),
        )
    }

    /// `spendingByCategory` in a reporting currency (spot or historical); amounts that cannot
    /// be converted are listed in `unconverted`.
    #[napi]
    pub fn spending_by_category_in(
        &self,
        env: &Env,
        from: String,
        to: String,
        options: js::ValuationOptions,
    ) -> napi::Result<js::ValuedCategories> {
        self.handle.run(env, |b| work::spending_in(b, conv::valued_period(&from, &to, options)?))
    }

    /// `spendingByCategoryIn` off the JS thread.
    #[napi]
    pub fn spending_by_category_in_async(
        &self,
        env: &Env,
        from: String,
        to: String,
        options: js::ValuationOptions,
    ) -> napi::Result<AsyncTask<ValuedReportTask>> {
        self.handle.task(
            env,
            || conv::valued_period(&from, &to, options),
            |b, a| ValuedReportTask(Job::new(b, a, work::spending_in)),
        )
    }

    /// `incomeByCategory` in a reporting currency (spot or historical); income is positive.
    #[napi]
    pub fn income_by_category_in(
        &self,
        env: &Env,
        from: String,
        to: String,
        options: js::ValuationOptions,
    ) -> napi::Result<js::ValuedCategories> {
        self.handle.run(env, |b| work::income_in(b, conv::valued_period(&from, &to, options)?))
    }

    /// `incomeByCategoryIn` off the JS thread.
    #[napi]
    pub fn income_by_category_in_async(
        &self,
        env: &Env,
        from: String,
        to: String,
        options: js::ValuationOptions,
    ) -> napi::Result<AsyncTask<ValuedReportTask>> {
        self.handle.task(
            env,
            || conv::valued_period(&from, &to, options),
            |b, a| ValuedReportTask(Job::new(b, a, work::income_in)),
        )
    }

    /// The unrealized exchange gain of an account (with its descendants) between the ends of
    /// two days, valued in `options.currency`: closing value minus opening value minus the
    /// value of the flows in between at their days' rates. Throws `no_rate` or `stale_rate`
    /// when a figure cannot be valued.
    #[napi]
    pub fn fx_gain(
        &self,
        env: &Env,
        account_id: i64,
        from: String,
        to: String,
        options: js::ValuationOptions,
    ) -> napi::Result<js::FxGain> {
        self.handle.run(env, |b| {
            work::fx_gain(
                b,
                (conv::account_id(account_id), conv::valued_period(&from, &to, options)?),
            )
        })
    }

    /// `fxGain` off the JS thread.
    #[napi]
    pub fn fx_gain_async(
        &self,
        env: &Env,
        account_id: i64,
        from: String,
        to: String,
        options: js::ValuationOptions,
    ) -> napi::Result<AsyncTask<FxGainTask>> {
        self.handle.task(
            env,
            || Ok((conv::account_id(account_id), conv::valued_period(&from, &to, options)?)),
            |b, a| FxGainTask(Job::new(b, a, work::fx_gain)),
        )
    }
}
