//! [`RateRows`]: many rates in a compact form, each code and source stored once and the rows
//! naming them by index. Loading a rate file moves hundreds of thousands of rates from the
//! parser through the checks to the store (and from a store into a [`RateTable`]); as
//! [`Rate`]s that is three strings to allocate, move and free per rate, here none.
//!
//! [`RateTable`]: super::RateTable

use super::hash::CodeMap;
use super::Rate;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One rate of a [`RateRows`]: codes and source by their index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateRow {
    /// Index of the base commodity in [`RateRows::codes`].
    pub base: u32,
    /// Index of the quote commodity in [`RateRows::codes`].
    pub quote: u32,
    /// Day the rate holds for.
    pub date: NaiveDate,
    /// Units of quote per unit of base, exact.
    pub rate: Decimal,
    /// Index of the source in [`RateRows::sources`].
    pub source: u32,
}

/// Rates in a compact form: the same content as a `Vec<Rate>` in the same order.
#[derive(Debug, Clone, Default)]
pub struct RateRows {
    codes: Vec<String>,
    sources: Vec<String>,
    rows: Vec<RateRow>,
    code_ids: CodeMap<String, u32>,
    source_ids: CodeMap<String, u32>,
}

impl PartialEq for RateRows {
    /// Equal when they hold the same rates in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for RateRows {}

fn intern(names: &mut Vec<String>, ids: &mut CodeMap<String, u32>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
    names.push(name.to_owned());
    ids.insert(name.to_owned(), id);
    id
}

impl RateRows {
    /// No rates, room for `rows` of them.
    pub fn with_capacity(rows: usize) -> Self {
        Self { rows: Vec::with_capacity(rows), ..Self::default() }
    }

    /// The index of `code`, added when new.
    pub fn code_id(&mut self, code: &str) -> u32 {
        intern(&mut self.codes, &mut self.code_ids, code)
    }

    /// The index of `source`, added when new.
    pub fn source_id(&mut self, source: &str) -> u32 {
        intern(&mut self.sources, &mut self.source_ids, source)
    }

    /// Appends a rate.
    pub fn push(&mut self, base: &str, quote: &str, date: NaiveDate, rate: Decimal, source: &str) {
        let row = RateRow {
            base: self.code_id(base),
            quote: self.code_id(quote),
            date,
            rate,
            source: self.source_id(source),
        };
        self.rows.push(row);
    }

    /// Room for `rows` more rows.
    pub(crate) fn reserve_rows(&mut self, rows: usize) {
        self.rows.reserve(rows);
    }

    /// Appends a row whose indexes come from [`code_id`](Self::code_id) and
    /// [`source_id`](Self::source_id) of this value.
    pub(crate) fn push_row(&mut self, row: RateRow) {
        self.rows.push(row);
    }

    /// Number of rates.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no rate.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, in order.
    pub fn rows(&self) -> &[RateRow] {
        &self.rows
    }

    /// The codes the rows index.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The sources the rows index.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The code of index `id`.
    pub fn code(&self, id: u32) -> &str {
        &self.codes[id as usize]
    }

    /// The source of index `id`.
    pub fn source(&self, id: u32) -> &str {
        &self.sources[id as usize]
    }

    /// Each row with its codes and source: `(base, quote, date, rate, source)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, NaiveDate, Decimal, &str)> + '_ {
        self.rows
            .iter()
            .map(|r| (self.code(r.base), self.code(r.quote), r.date, r.rate, self.source(r.source)))
    }

    /// One row as a [`Rate`].
    pub fn rate(&self, row: &RateRow) -> Rate {
        Rate::new(
            self.code(row.base),
            self.code(row.quote),
            row.date,
            row.rate,
            self.source(row.source),
        )
    }

    /// Every row as a [`Rate`], in order.
    pub fn to_rates(&self) -> Vec<Rate> {
        self.rows.iter().map(|r| self.rate(r)).collect()
    }

    /// Keeps the rows `keep` accepts, in order.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&RateRow) -> bool) {
        self.rows.retain(keep);
    }

    /// The same codes and sources with other rows (indexes from this value).
    pub(crate) fn with_rows(&self, rows: Vec<RateRow>) -> Self {
        Self {
            codes: self.codes.clone(),
            sources: self.sources.clone(),
            rows,
            code_ids: self.code_ids.clone(),
            source_ids: self.source_ids.clone(),
        }
    }
}

impl<'a> FromIterator<&'a Rate> for RateRows {
    fn from_iter<I: IntoIterator<Item = &'a Rate>>(rates: I) -> Self {
        let rates = rates.into_iter();
        let mut rows = Self::with_capacity(rates.size_hint().0);
        for r in rates {
            rows.push(&r.base, &r.quote, r.date, r.rate, &r.source);
        }
        rows
    }
}

impl FromIterator<Rate> for RateRows {
    fn from_iter<I: IntoIterator<Item = Rate>>(rates: I) -> Self {
        let rates = rates.into_iter();
        let mut rows = Self::with_capacity(rates.size_hint().0);
        for r in rates {
            rows.push(&r.base, &r.quote, r.date, r.rate, &r.source);
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_the_rates_in_order() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 30).expect("date");
        let rates = vec![
            Rate::new("EUR", "USD", day, Decimal::new(11172, 4), "ecb"),
            Rate::new("EUR", "JPY", day, Decimal::new(17568, 2), "ecb"),
            Rate::new("USD", "EUR", day, Decimal::new(9, 1), "manual"),
        ];
        let rows: RateRows = rates.iter().collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.codes(), ["EUR", "USD", "JPY"]);
        assert_eq!(rows.sources(), ["ecb", "manual"]);
        assert_eq!(rows.to_rates(), rates);
        assert_eq!(rows, rates.into_iter().collect::<RateRows>());
    }
}
