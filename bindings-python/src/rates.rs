//! `book.rates`: exchange rates and prices. Add them one by one or in bulk, load rate files (the
//! ECB history zip, an ECB CSV, a plain `date,base,quote,rate[,source]` CSV), list and delete
//! them, look a rate up and convert an amount. Each method is one core call; a file given as a
//! path is read here and its bytes handed to the core.

use crate::book::BookRef;
use crate::conversion::{Amount, Day, FileArg, RateFormatArg, RoundingArg};
use crate::records::{Conversion, LoadReport, Rate, RateQuote};
use crate::table::{Rows, Table};
use pyo3::prelude::*;
use tally_core as core;

/// Rate calls of a `Book`: `book.rates`.
#[pyclass(module = "tally", frozen)]
pub struct Rates(pub(crate) BookRef);

#[pymethods]
impl Rates {
    /// Adds (or replaces) one `Rate` and reports what changed: a `LoadReport` (`added`,
    /// `replaced` or `unchanged`).
    ///
    /// Raises `ValidationError` (`unknown_commodity`; `invalid_field` for the same base and
    /// quote, a rate not above zero, an empty source), `TallyPermissionError` (`read_only`).
    fn add(&self, py: Python<'_>, rate: Rate) -> PyResult<LoadReport> {
        self.0.call(py, move |b| b.rates().add(rate.0)).map(LoadReport)
    }

    /// Adds (or replaces) many `Rate`s in one database transaction, all or nothing; a rate
    /// equal to the stored one is left alone, so repeating a call adds nothing. Errors name
    /// the rate: `rates[3].rate`.
    fn add_many(&self, py: Python<'_>, rates: Vec<Rate>) -> PyResult<LoadReport> {
        let rates: Vec<core::Rate> = rates.into_iter().map(|r| r.0).collect();
        self.0.call(py, move |b| b.rates().add_many(&rates)).map(LoadReport)
    }

    /// Loads a rate file in one database transaction and reports what it did.
    ///
    /// `path_or_bytes` is a path (`str` or `os.PathLike`, read by Tally; its name is the path)
    /// or the file's content (`bytes`). `format` is 'ecb_zip', 'ecb_csv' or 'csv' (detected
    /// from the content when None); `file_name` is the name errors give the input; `source`
    /// is recorded on every rate ('ecb' for ECB files by default). Rates of commodities the
    /// book does not know are skipped and listed in `unknown_commodities`; re-loading a file
    /// adds nothing.
    ///
    /// Raises `ImportFailed` (`malformed_line` with `file` and `line`, `unreadable_file`),
    /// with nothing of the load kept; `TallyPermissionError` (`read_only`).
    #[pyo3(signature = (path_or_bytes, *, format=None, file_name=None, source=None))]
    fn load(
        &self,
        py: Python<'_>,
        path_or_bytes: FileArg,
        format: Option<RateFormatArg>,
        file_name: Option<String>,
        source: Option<String>,
    ) -> PyResult<LoadReport> {
        let format = format.map(|f| f.0);
        let call = move |b: &core::Book| {
            let (bytes, file_name) = path_or_bytes.read(file_name)?;
            let options = core::LoadOptions { format, file_name, source };
            b.rates().load(&bytes, &options)
        };
        self.0.call(py, call).map(LoadReport)
    }

    /// The stored rates matching every filter given, ordered by base, quote and date: a
    /// `Table` of `Rate`. `date_from` and `date_to` are inclusive.
    #[pyo3(signature = (*, base=None, quote=None, date_from=None, date_to=None))]
    fn list(
        &self,
        py: Python<'_>,
        base: Option<String>,
        quote: Option<String>,
        date_from: Option<Day>,
        date_to: Option<Day>,
    ) -> PyResult<Table> {
        let filter = core::RateFilter {
            base,
            quote,
            from: date_from.map(|d| d.0),
            to: date_to.map(|d| d.0),
        };
        Ok(self.0.table(Rows::Rates(self.0.call(py, move |b| b.rates().list(&filter))?)))
    }

    /// Deletes the stored rate of `base`/`quote` on `date`.
    ///
    /// Raises `NotFoundError` (`rate_not_found`), `TallyPermissionError` (`read_only`).
    fn delete(&self, py: Python<'_>, base: String, quote: String, date: Day) -> PyResult<()> {
        self.0.call(py, move |b| b.rates().delete(&base, &quote, date.0))
    }

    /// What one `base` is worth in `quote` on `date`, and how that was found: a `RateQuote`.
    ///
    /// The rate of that day is used, else the latest before it no older than `max_age_days` (7
    /// by default; a Saturday uses Friday's, and `age_days` says how old); a stored rate works
    /// both ways, and without a direct rate the shortest chain is used (USD -> EUR -> JPY).
    /// Raises `NotFoundError` (`no_rate`, `stale_rate`), `ValidationError`
    /// (`unknown_commodity`).
    #[pyo3(signature = (base, quote, date, *, max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS))]
    fn lookup(
        &self,
        py: Python<'_>,
        base: String,
        quote: String,
        date: Day,
        max_age_days: u32,
    ) -> PyResult<RateQuote> {
        let options = core::LookupOptions { max_age_days };
        let call = move |b: &core::Book| b.rates().lookup(&base, &quote, date.0, options);
        self.0.call(py, call).map(RateQuote)
    }

    /// Converts `amount` of `from_commodity` into `to_commodity` at the rates of `date`: a
    /// `Conversion` with the exact result and the result rounded to the target's minor units
    /// with `rounding` ('half_even', 'half_up', 'half_down', 'toward_zero', 'away_from_zero',
    /// 'floor' or 'ceiling').
    ///
    /// Raises as `lookup`, and `ValidationError` (`too_many_decimals` for the amount,
    /// `amount_out_of_range`).
    #[pyo3(signature = (
        amount, from_commodity, to_commodity, date, *,
        max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS,
        rounding=RoundingArg(core::Rounding::HalfEven)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn convert(
        &self,
        py: Python<'_>,
        amount: Amount,
        from_commodity: String,
        to_commodity: String,
        date: Day,
        max_age_days: u32,
        rounding: RoundingArg,
    ) -> PyResult<Conversion> {
        let options = core::ConvertOptions { max_age_days, rounding: rounding.0 };
        let call = move |b: &core::Book| {
            b.rates().convert(amount.0, &from_commodity, &to_commodity, date.0, options)
        };
        self.0.call(py, call).map(Conversion)
    }
}
