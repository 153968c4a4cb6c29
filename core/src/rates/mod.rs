//! Exchange rates and prices: one table of `(base, quote, date, rate, source)` rows for currencies
//! and securities alike, where `rate` is the exact number of `quote` units one `base` unit is
//! worth on `date` (ECB: `EUR/USD 1.1172` is base EUR, quote USD).
//!
//! # Lookup semantics
//!
//! [`RateTable::lookup`] answers "what is one `base` in `quote` on `date`":
//!
//! - It uses the rate stored for that date, else the latest one before it, but never one older
//!   than the staleness limit ([`LookupOptions::max_age_days`], default
//!   [`DEFAULT_MAX_AGE_DAYS`] = 7 days) and never one dated after the requested day. A Saturday
//!   therefore uses Friday's rate, and the answer says so: each leg of the [`RateQuote`] names the
//!   date of the rate it used.
//! - A stored rate works in both directions: `quote -> base` is the inverse of `base -> quote`.
//!   When both directions are stored for a pair, the newer one wins (the stored direction on a
//!   tie).
//! - Without a direct rate, a chain of stored rates is used (a cross rate such as USD -> EUR ->
//!   JPY from ECB data): the chain with the fewest legs wins, and among equally short chains the
//!   first in code order. Every leg obeys the staleness limit.
//! - Nothing is assumed: with no rate on or before the date the answer is `no_rate`; with only
//!   rates older than the limit it is `stale_rate`, stating the age. A commodity is never worth
//!   1 of another, except of itself.
//!
//! # Exactness
//!
//! Rates are exact decimals. [`RateTable::convert`] multiplies by the legs used in their stored
//! direction and divides by the inverted ones in one final division, so a conversion with an
//! exact stored rate gives the exact decimal result, and `A -> B -> A` over a rate stored as
//! `A -> B` gives `A` back before rounding. A division that does not end (an inverse, a cross
//! rate) is carried to 28 significant digits. Results are rounded only where the caller says
//! how ([`crate::Rounding`], half-even by default).

pub(crate) mod hash;
mod load;
mod rows;
mod table;

pub use load::{
    parse_price_rows, parse_rate_rows, parse_rates, ParsedRateRows, ParsedRates, RateFormat,
};
pub use rows::{RateRow, RateRows};
pub use table::RateTable;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The staleness limit of a lookup when the caller sets none, in days.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 7;

/// A stored rate: one `base` is worth `rate` `quote` on `date`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rate {
    /// Commodity priced.
    pub base: String,
    /// Commodity the price is in.
    pub quote: String,
    /// Day the rate holds for.
    pub date: NaiveDate,
    /// Units of `quote` per unit of `base`, exact.
    pub rate: Decimal,
    /// Where it came from (`ecb`, `manual`, a file name, ...).
    pub source: String,
}

impl Rate {
    /// A rate of `rate` `quote` per `base` on `date`.
    pub fn new(base: &str, quote: &str, date: NaiveDate, rate: Decimal, source: &str) -> Self {
        Self {
            base: base.to_owned(),
            quote: quote.to_owned(),
            date,
            rate,
            source: source.to_owned(),
        }
    }
}

/// Which rates to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateFilter {
    /// Only this base commodity.
    pub base: Option<String>,
    /// Only this quote commodity.
    pub quote: Option<String>,
    /// Only on or after this day.
    pub from: Option<NaiveDate>,
    /// Only on or before this day.
    pub to: Option<NaiveDate>,
}

impl RateFilter {
    /// Whether `rate` passes the filter.
    pub fn matches(&self, rate: &Rate) -> bool {
        self.base.as_ref().is_none_or(|b| *b == rate.base)
            && self.quote.as_ref().is_none_or(|q| *q == rate.quote)
            && self.from.is_none_or(|f| rate.date >= f)
            && self.to.is_none_or(|t| rate.date <= t)
    }
}

/// How a lookup may use the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupOptions {
    /// The oldest a rate may be, in days before the requested date (0: that day only).
    pub max_age_days: u32,
}

impl Default for LookupOptions {
    fn default() -> Self {
        Self { max_age_days: DEFAULT_MAX_AGE_DAYS }
    }
}

/// How to read a rate file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadOptions {
    /// The format; detected from the content when `None`.
    pub format: Option<RateFormat>,
    /// The name errors give the input (a path or file name); `input` when `None`.
    pub file_name: Option<String>,
    /// The source recorded on every rate; `ecb` for ECB files, else the file's `source`
    /// column or its name.
    pub source: Option<String>,
}

/// How to convert an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertOptions {
    /// The staleness limit, in days.
    pub max_age_days: u32,
    /// How the result is rounded to the target's minor units (half-even by default).
    pub rounding: crate::Rounding,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        Self { max_age_days: DEFAULT_MAX_AGE_DAYS, rounding: crate::Rounding::HalfEven }
    }
}

impl ConvertOptions {
    /// The lookup part of the options.
    pub fn lookup(&self) -> LookupOptions {
        LookupOptions { max_age_days: self.max_age_days }
    }
}

/// One step of a lookup: a stored rate, used as stored or inverted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLeg {
    /// Commodity converted from in this step.
    pub from: String,
    /// Commodity converted to.
    pub to: String,
    /// Date of the stored rate used (on or before the requested date).
    pub date: NaiveDate,
    /// The stored rate, as stored (`base -> quote`).
    pub stored_rate: Decimal,
    /// True when the stored rate is `to -> from` and this step divides by it.
    pub inverted: bool,
    /// Source of the stored rate.
    pub source: String,
}

/// The answer of a lookup: the rate and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateQuote {
    /// Commodity converted from.
    pub base: String,
    /// Commodity converted to.
    pub quote: String,
    /// The requested date.
    pub date: NaiveDate,
    /// Units of `quote` per `base`. Exact for a direct stored rate; an inverse or a cross rate
    /// is carried to 28 significant digits (conversions use the legs, not this figure).
    pub rate: Decimal,
    /// The stored rates used, in order from `base` to `quote` (empty when `base == quote`).
    pub path: Vec<RateLeg>,
    /// The date of the oldest rate used (the requested date when `base == quote`).
    pub oldest: NaiveDate,
}

impl RateQuote {
    /// Days between the requested date and the oldest rate used.
    pub fn age_days(&self) -> i64 {
        (self.date - self.oldest).num_days()
    }
}

/// A conversion: the amount in the target commodity, before and after rounding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    /// The amount given.
    pub from_amount: Decimal,
    /// Its commodity.
    pub from: String,
    /// The target commodity.
    pub to: String,
    /// The exact result before rounding (28 significant digits when a division does not end).
    pub exact: Decimal,
    /// The result rounded to the target's minor units with the caller's rounding.
    pub amount: Decimal,
    /// The rate and how it was found.
    pub quote: RateQuote,
}

/// What a load or bulk add did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadReport {
    /// The format read (`None` for a bulk add).
    pub format: Option<RateFormat>,
    /// Rates read from the input (each quote of a day counts once).
    pub read: u64,
    /// Rows new to the book.
    pub added: u64,
    /// Rows that replaced a different rate for the same pair and day.
    pub replaced: u64,
    /// Rows already stored exactly as given (a re-load adds nothing).
    pub unchanged: u64,
    /// Cells the input marks as missing (`N/A` in ECB files), skipped.
    pub missing: u64,
    /// Rates not loaded because the book does not know their commodity (the ECB history quotes
    /// pre-euro currencies such as CYP or ROL; define them as commodities to load them).
    pub skipped_unknown: u64,
    /// Those commodities, sorted.
    pub unknown_commodities: Vec<String>,
}

/// Errors of rates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    /// No rate on or before the date, directly or through a chain.
    #[error("{field}: no rate for {base}/{quote} on or before {date}{}", hint(.first_after))]
    NoRate {
        /// Field at fault.
        field: String,
        /// From.
        base: String,
        /// To.
        quote: String,
        /// Requested date.
        date: NaiveDate,
        /// The first direct rate after the date, if any (never used for the date).
        first_after: Option<NaiveDate>,
    },
    /// Only rates older than the staleness limit.
    #[error(
        "{field}: the newest rate for {base}/{quote} on or before {date} is from {last_date}, \
         {age_days} days old; the limit is {max_age_days} days"
    )]
    StaleRate {
        /// Field at fault.
        field: String,
        /// From.
        base: String,
        /// To.
        quote: String,
        /// Requested date.
        date: NaiveDate,
        /// Date of the oldest leg of the best chain found.
        last_date: NaiveDate,
        /// Its age in days.
        age_days: i64,
        /// The limit applied.
        max_age_days: u32,
    },
    /// No stored rate for that pair and day.
    #[error("no stored rate {base}/{quote} on {date}")]
    NotFound {
        /// Base.
        base: String,
        /// Quote.
        quote: String,
        /// Day.
        date: NaiveDate,
    },
}

fn hint(first_after: &Option<NaiveDate>) -> String {
    first_after.map(|d| format!(" (the first is on {d})")).unwrap_or_default()
}
