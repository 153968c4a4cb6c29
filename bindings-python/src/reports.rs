//! `book.reports`: spending and income by category over a period, rolled up the category tree,
//! and the reports in a reporting currency (net worth, categories, exchange gains).

use crate::book::BookRef;
use crate::conversion::{valuation_options, AccountArg, Day, RoundingArg, ValuationArg};
use crate::records::{FxGain, NetWorth, ValuedCategories};
use crate::table::{Rows, Table};
use pyo3::prelude::*;
use tally_core as core;

/// Report calls of a `Book`: `book.reports`.
#[pyclass(module = "tally", frozen)]
pub struct Reports(pub(crate) BookRef);

#[pymethods]
impl Reports {
    /// Spending per expense category from `date_from` to `date_to` inclusive (spending
    /// positive, refunds negative), per commodity, rolled up the tree; categories without
    /// activity are left out. A `Table` of `CategoryAmount`.
    fn spending_by_category(
        &self,
        py: Python<'_>,
        date_from: Day,
        date_to: Day,
    ) -> PyResult<Table> {
        let (from, to) = (date_from.0, date_to.0);
        let rows = self.0.call(py, move |b| b.reports().spending_by_category(from, to))?;
        Ok(self.0.table(Rows::Categories(rows)))
    }

    /// Income per income category from `date_from` to `date_to` inclusive (income positive).
    /// A `Table` of `CategoryAmount`.
    fn income_by_category(&self, py: Python<'_>, date_from: Day, date_to: Day) -> PyResult<Table> {
        let (from, to) = (date_from.0, date_to.0);
        let rows = self.0.call(py, move |b| b.reports().income_by_category(from, to))?;
        Ok(self.0.table(Rows::Categories(rows)))
    }

    /// Net worth at the end of `as_of` (today when None) in the reporting `currency`: the
    /// asset and liability accounts counted in net worth, their sums, and in `unconverted`
    /// every amount without a usable rate (left out of the sums, never counted at 1:1).
    ///
    /// The options are those of `accounts.balances_in`: `valuation` ('spot' or 'historical'),
    /// `rate_date`, `max_age_days`, `rounding`. Raises `ValidationError` (`unknown_commodity`
    /// for the currency).
    #[pyo3(signature = (
        currency, as_of=None, *, valuation=ValuationArg(core::Valuation::Spot), rate_date=None,
        max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS,
        rounding=RoundingArg(core::Rounding::HalfEven)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn net_worth(
        &self,
        py: Python<'_>,
        currency: String,
        as_of: Option<Day>,
        valuation: ValuationArg,
        rate_date: Option<Day>,
        max_age_days: u32,
        rounding: RoundingArg,
    ) -> PyResult<NetWorth> {
        let options = valuation_options(currency, valuation, rate_date, max_age_days, rounding);
        let as_of = as_of.map(|d| d.0);
        self.0.call(py, move |b| b.reports().net_worth(as_of, &options)).map(NetWorth)
    }

    /// Spending per expense category from `date_from` to `date_to` inclusive in the reporting
    /// `currency` (spot at `rate_date`, by default `date_to`, or historical): a
    /// `ValuedCategories` with the rows and what could not be converted. Options and errors as
    /// `net_worth`.
    #[pyo3(signature = (
        date_from, date_to, currency, *, valuation=ValuationArg(core::Valuation::Spot),
        rate_date=None, max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS,
        rounding=RoundingArg(core::Rounding::HalfEven)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn spending_by_category_in(
        &self,
        py: Python<'_>,
        date_from: Day,
        date_to: Day,
        currency: String,
        valuation: ValuationArg,
        rate_date: Option<Day>,
        max_age_days: u32,
        rounding: RoundingArg,
    ) -> PyResult<ValuedCategories> {
        let options = valuation_options(currency, valuation, rate_date, max_age_days, rounding);
        let (from, to) = (date_from.0, date_to.0);
        let call = move |b: &core::Book| b.reports().spending_by_category_in(from, to, &options);
        self.0.call(py, call).map(ValuedCategories)
    }

    /// Income per income category from `date_from` to `date_to` inclusive (income positive)
    /// in the reporting `currency`. Options and errors as `spending_by_category_in`.
    #[pyo3(signature = (
        date_from, date_to, currency, *, valuation=ValuationArg(core::Valuation::Spot),
        rate_date=None, max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS,
        rounding=RoundingArg(core::Rounding::HalfEven)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn income_by_category_in(
        &self,
        py: Python<'_>,
        date_from: Day,
        date_to: Day,
        currency: String,
        valuation: ValuationArg,
        rate_date: Option<Day>,
        max_age_days: u32,
        rounding: RoundingArg,
    ) -> PyResult<ValuedCategories> {
        let options = valuation_options(currency, valuation, rate_date, max_age_days, rounding);
        let (from, to) = (date_from.0, date_to.0);
        let call = move |b: &core::Book| b.reports().income_by_category_in(from, to, &options);
        self.0.call(py, call).map(ValuedCategories)
    }

    /// The unrealized exchange gain of `account` (with its descendants, in its own currency)
    /// from the end of `date_from` to the end of `date_to`, valued in the reporting
    /// `currency`: closing value minus opening value minus the value of the flows in between
    /// at their days' rates. An `FxGain`. Each figure uses the rates of its own day (no older
    /// than `max_age_days`), so the valuation options of the other reports do not apply; the
    /// values are rounded with `rounding`.
    ///
    /// Raises `NotFoundError` (`account_not_found`, and `no_rate` or `stale_rate`: a figure
    /// that cannot be valued is not guessed), `ValidationError` (`unknown_commodity`,
    /// `invalid_field` when `date_to` is before `date_from`).
    #[pyo3(signature = (
        account, date_from, date_to, currency, *, max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS,
        rounding=RoundingArg(core::Rounding::HalfEven)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn fx_gain(
        &self,
        py: Python<'_>,
        account: AccountArg,
        date_from: Day,
        date_to: Day,
        currency: String,
        max_age_days: u32,
        rounding: RoundingArg,
    ) -> PyResult<FxGain> {
        let spot = ValuationArg(core::Valuation::Spot);
        let options = valuation_options(currency, spot, None, max_age_days, rounding);
        let (from, to) = (date_from.0, date_to.0);
        let call = move |b: &core::Book| b.reports().fx_gain(account.0, from, to, &options);
        self.0.call(py, call).map(FxGain)
    }
}
