//! `book.rates`: exchange rates and prices (one table for currencies and securities), rate
//! files (the ECB history zip, an ECB CSV, a plain `date,base,quote,rate[,source]` CSV),
//! lookups with a staleness limit, inverses and cross rates, and exact conversion.

use crate::async_tasks::{work, AddRatesTask, Job, LoadRatesTask};
use crate::conversion as conv;
use crate::conversion::AmountArg;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi::Env;
use napi_derive::napi;

/// Rate calls of a book.
#[napi]
pub struct Rates {
    handle: BookHandle,
}

impl Rates {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Rates {
    /// Adds (or replaces) one rate.
    #[napi]
    pub fn add(&self, env: &Env, rate: js::RateInput) -> napi::Result<js::LoadReport> {
        self.handle.run(env, |b| work::add_rates(b, conv::one_rate(rate)?))
    }

    /// Adds (or replaces) many rates as one database transaction, all or nothing; a rate equal
    /// to the stored one is left alone, so repeating a call adds nothing. Field names in errors
    /// start with `rates[i].` when more than one rate is given.
    #[napi]
    pub fn add_many(&self, env: &Env, rates: Vec<js::RateInput>) -> napi::Result<js::LoadReport> {
        self.handle.run(env, |b| work::add_rates(b, conv::rate_inputs(rates)?))
    }

    /// `addMany` off the JS thread (the arguments are read on the JS thread first).
    #[napi]
    pub fn add_many_async(
        &self,
        env: &Env,
        rates: Vec<js::RateInput>,
    ) -> napi::Result<AsyncTask<AddRatesTask>> {
        self.handle.task(
            env,
            || conv::rate_inputs(rates),
            |b, r| AddRatesTask(Job::new(b, r, work::add_rates)),
        )
    }

    /// Loads a rate file, from a path or from a `Buffer`, in one database transaction. The
    /// format is detected unless `options.format` says it. Rates of commodities the book does
    /// not know are skipped and listed in the report; re-loading a file adds nothing. A bad
    /// line throws `malformed_line` (with `file` and `line`) and keeps nothing; a file that
    /// cannot be read or is no rate file throws `unreadable_file`.
    #[napi]
    pub fn load(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: Option<js::LoadOptions>,
    ) -> napi::Result<js::LoadReport> {
        self.handle.run(env, |b| work::load_rates(b, conv::rate_file(path_or_buffer, options)))
    }

    /// `load` off the JS thread: the file is read and parsed on the libuv pool (a `Buffer` is
    /// copied first).
    #[napi]
    pub fn load_async(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: Option<js::LoadOptions>,
    ) -> napi::Result<AsyncTask<LoadRatesTask>> {
        self.handle.task(
            env,
            || Ok(conv::rate_file(path_or_buffer, options)),
            |b, a| LoadRatesTask(Job::new(b, a, work::load_rates)),
        )
    }

    /// The stored rates matching every set filter, ordered by base, quote and date.
    #[napi]
    pub fn list(&self, env: &Env, filter: Option<js::RateFilter>) -> napi::Result<Vec<js::Rate>> {
        self.handle.run(env, |b| {
            let filter = conv::rate_filter(filter)?;
            Ok(b.rates().list(&filter)?.into_iter().map(Into::into).collect())
        })
    }

    /// Deletes the stored rate of a pair on a day (`rate_not_found` when there is none).
    #[napi]
    pub fn delete(&self, env: &Env, base: String, quote: String, date: String) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.rates().delete(&base, &quote, conv::date(&date, "date")?)?))
    }

    /// What one `base` is worth in `quote` on `date`: the rate of the day or the latest before
    /// it within `maxAgeDays` (7 by default), the inverse of a stored rate, or the shortest
    /// chain of stored rates; every leg is named. Throws `no_rate` or `stale_rate`, never
    /// assumes 1:1.
    #[napi]
    pub fn lookup(
        &self,
        env: &Env,
        base: String,
        quote: String,
        date: String,
        options: Option<js::LookupOptions>,
    ) -> napi::Result<js::RateQuote> {
        self.handle.run(env, |b| {
            let date = conv::date(&date, "date")?;
            Ok(b.rates().lookup(&base, &quote, date, conv::lookup_options(options))?.into())
        })
    }

    /// Converts `amount` (a decimal string) of `from` into `to` on `date`, rounded to the
    /// minor units of `to` (half-even unless `options.rounding` says otherwise), with the
    /// exact figure and the rate used.
    #[napi]
    pub fn convert(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "string")] amount: AmountArg,
        from: String,
        to: String,
        date: String,
        options: Option<js::ConvertOptions>,
    ) -> napi::Result<js::Conversion> {
        self.handle.run(env, |b| {
            let amount = conv::amount(&amount, "amount")?;
            let date = conv::date(&date, "date")?;
            let options = conv::convert_options(options);
            Ok(b.rates().convert(amount, &from, &to, date, options)?.into())
        })
    }
}
