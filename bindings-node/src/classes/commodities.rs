//! `book.commodities` (user-defined securities, funds, crypto; ISO 4217 is built in) and
//! `book.reports` (spending and income by category).

use crate::async_tasks::{work, Job, ReportTask};
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
}
