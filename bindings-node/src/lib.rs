//! The Node binding of Tally (napi-rs): package `tally`.
//!
//! A thin layer over `tally-core` with the SQLite store: the same vocabulary and grouping as
//! Rust in camelCase (`Engine`, `engine.users`, `Book`, `book.accounts`, `book.transactions`,
//! `book.commodities`, `book.rates`, `book.imports`, `book.reports`, `book.categorizer`,
//! `book.budgets`, `book.goals`, `book.alerts`, `book.portfolio`; `xirr` and `xnpv` as
//! functions), records as plain objects with TypeScript interfaces, amounts and rates as
//! decimal strings both ways, dates as `YYYY-MM-DD`. Long calls have a Promise form
//! (`...Async`) that runs on the libuv pool; book events reach a JS callback through a
//! threadsafe function. Errors carry the core's stable `code`, `kind` and `field` (and `file`
//! and `line` for errors of files).
//!
//! One concern per file: `records.rs` (what JS sees), `conversion.rs` (every conversion),
//! `error.rs` (the one error mapping), `handle.rs` (open/close), `async_tasks.rs` (Promise
//! forms), and one file per class or group in `classes/`.

// napi-derive types a Promise (`AsyncTask<T>`) from the `impl Task for T` it has already
// expanded, so `async_tasks` must come before `classes`; rustfmt sorts modules by name, and
// these names keep that order (test/typings.test.js fails on any `Promise<unknown>`).
mod async_tasks;
mod classes;
mod conversion;
mod error;
mod handle;
mod records;

use conversion as conv;
use error::{to_js, Failure};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use tally_core as core;

/// Every stable error code with its kind and meaning: the table of docs/errors.md.
#[napi]
pub fn error_codes() -> Vec<records::ErrorCodeInfo> {
    conversion::error_codes()
}

/// The internal rate of return of dated flows (amounts as decimal strings, negative paid in),
/// as a yearly rate in a JS number (the core solves in `f64`); `null` when there is none.
/// `dayCount` defaults to `act_365f` (Excel's XIRR).
#[napi(ts_args_type = "flows: CashFlow[], dayCount?: DayCount")]
pub fn xirr(env: Env, flows: Value, day_count: Option<String>) -> napi::Result<Option<f64>> {
    (|| -> Result<_, Failure> {
        let (_, dates, amounts) = conv::cash_flows(flows)?;
        Ok(core::portfolio::returns::xirr(&dates, &amounts, conv::day_count(day_count.as_deref())?))
    })()
    .map_err(|e| to_js(&env, e))
}

/// `xirr` as a decimal string rounded to 12 places (`null` when there is none).
#[napi(ts_args_type = "flows: CashFlow[], dayCount?: DayCount")]
pub fn xirr_decimal(
    env: Env,
    flows: Value,
    day_count: Option<String>,
) -> napi::Result<Option<String>> {
    (|| -> Result<_, Failure> {
        let (flows, _, _) = conv::cash_flows(flows)?;
        let rate =
            core::portfolio::returns::xirr_decimal(&flows, conv::day_count(day_count.as_deref())?);
        Ok(rate.map(|r| r.to_string()))
    })()
    .map_err(|e| to_js(&env, e))
}

/// The net present value at yearly `rate` of dated flows, discounted to the first date;
/// `null` for no flows or a rate at or below -100 %.
#[napi(ts_args_type = "rate: number, flows: CashFlow[], dayCount?: DayCount")]
pub fn xnpv(
    env: Env,
    rate: f64,
    flows: Value,
    day_count: Option<String>,
) -> napi::Result<Option<f64>> {
    (|| -> Result<_, Failure> {
        let (_, dates, amounts) = conv::cash_flows(flows)?;
        Ok(core::portfolio::returns::xnpv(
            rate,
            &dates,
            &amounts,
            conv::day_count(day_count.as_deref())?,
        ))
    })()
    .map_err(|e| to_js(&env, e))
}
