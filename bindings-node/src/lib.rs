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

use napi_derive::napi;

/// Every stable error code with its kind and meaning: the table of docs/errors.md.
#[napi]
pub fn error_codes() -> Vec<records::ErrorCodeInfo> {
    conversion::error_codes()
}
