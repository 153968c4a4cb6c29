//! [`RateTable`]: every rate of a book, indexed in memory for lookups (a hash of the pair and a
//! binary search of its dates; a breadth-first search for chains). A book keeps one per version of
//! its rates and rebuilds it only after a write.

use super::hash::CodeMap;
use super::{LookupOptions, Rate, RateError, RateLeg, RateQuote, RateRow, RateRows};
use crate::money::MoneyError;
use crate::{Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::VecDeque;

/// One stored direction of a pair, sorted by date.
#[derive(Debug, Default)]
struct Series {
    dates: Vec<NaiveDate>,
    rates: Vec<Decimal>,
    sources: Vec<u32>,
}

/// A stored rate of one pair, while the table is built: date, rate, source.
type PairRow = (NaiveDate, Decimal, u32);

/// What links a commodity to a neighbour: the series stored in either direction.
#[derive(Debug, Clone, Copy)]
struct Link {
    to: u16,
    /// Series stored as `this -> to`.
    direct: Option<u32>,
    /// Series stored as `to -> this`.
    inverse: Option<u32>,
}

/// A leg chosen for a date: which series, which row, which way.
#[derive(Debug, Clone, Copy)]
struct Step {
    from: u16,
    to: u16,
    series: u32,
    row: usize,
    inverted: bool,
}

/// Every rate of a book, ready for lookups. Immutable once built; cheap to share in an `Arc`.
#[derive(Debug, Default)]
pub struct RateTable {
    codes: CodeMap<String, u16>,
    names: Vec<String>,
    sources: Vec<String>,
    series: Vec<Series>,
    /// Per commodity, its links sorted by the neighbour's code.
    links: Vec<Vec<Link>>,
    /// `(from, to)` -> index into `links[from]`.
    pairs: CodeMap<(u16, u16), usize>,
    len: usize,
}

impl RateTable {
    /// Builds the index. When the same pair and day appear twice, the later row wins.
    pub fn new(rates: impl IntoIterator<Item = Rate>) -> Self {
        Self::from_rows(&rates.into_iter().collect())
    }

    /// Builds the index from compact rows, as [`new`](Self::new) does from rates.
    pub fn from_rows(rates: &RateRows) -> Self {
        let id = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let mut table = Self {
            names: rates.codes().to_vec(),
            sources: rates.sources().to_vec(),
            links: vec![Vec::new(); rates.codes().len()],
            ..Self::default()
        };
        for (i, code) in table.names.iter().enumerate() {
            table.codes.insert(code.clone(), id(i));
        }
        let mut rows: CodeMap<(u16, u16), Vec<PairRow>> = CodeMap::default();
        for r in rates.rows() {
            let key = (id(r.base as usize), id(r.quote as usize));
            rows.entry(key).or_default().push((r.date, r.rate, r.source));
        }
        let mut keys: Vec<(u16, u16)> = rows.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            let Some(mut list) = rows.remove(&key) else { continue };
            // Stable: of two rows for one day, the later one given stays last, then wins.
            list.sort_by_key(|r| r.0);
            let mut series = Series::default();
            for (date, rate, source) in list {
                if series.dates.last() == Some(&date) {
                    series.rates.pop();
                    series.sources.pop();
                    series.dates.pop();
                }
                series.dates.push(date);
                series.rates.push(rate);
                series.sources.push(source);
            }
            table.len += series.dates.len();
            let id = u32::try_from(table.series.len()).unwrap_or(u32::MAX);
            table.series.push(series);
            let (base, quote) = key;
            table.link(base, quote).direct = Some(id);
            table.link(quote, base).inverse = Some(id);
        }
        for (from, links) in table.links.iter_mut().enumerate() {
            links.sort_by(|a, b| {
                table.names[usize::from(a.to)].cmp(&table.names[usize::from(b.to)])
            });
            for (i, link) in links.iter().enumerate() {
                let from = u16::try_from(from).unwrap_or(u16::MAX);
                table.pairs.insert((from, link.to), i);
            }
        }
        table
    }

    /// This table with `changes` stored over it (a change replaces the rate of its pair and
    /// day): the table a write leaves, built without reading the store.
    pub(crate) fn with_changes(&self, changes: &RateRows) -> Self {
        let mut rows = RateRows::with_capacity(self.len + changes.len());
        let codes: Vec<u32> = self.names.iter().map(|c| rows.code_id(c)).collect();
        let sources: Vec<u32> = self.sources.iter().map(|s| rows.source_id(s)).collect();
        for (from, links) in self.links.iter().enumerate() {
            for link in links {
                let Some(id) = link.direct else { continue };
                let series = &self.series[id as usize];
                for (k, (&date, &rate)) in series.dates.iter().zip(&series.rates).enumerate() {
                    rows.push_row(RateRow {
                        base: codes[from],
                        quote: codes[usize::from(link.to)],
                        date,
                        rate,
                        source: sources[series.sources[k] as usize],
                    });
                }
            }
        }
        let codes: Vec<u32> = changes.codes().iter().map(|c| rows.code_id(c)).collect();
        let sources: Vec<u32> = changes.sources().iter().map(|s| rows.source_id(s)).collect();
        for r in changes.rows() {
            rows.push_row(RateRow {
                base: codes[r.base as usize],
                quote: codes[r.quote as usize],
                source: sources[r.source as usize],
                ..*r
            });
        }
        // Later rows win: the changes come after the table's rows.
        Self::from_rows(&rows)
    }

    fn link(&mut self, from: u16, to: u16) -> &mut Link {
        let links = &mut self.links[usize::from(from)];
        let at = match links.iter().position(|l| l.to == to) {
            Some(at) => at,
            None => {
                links.push(Link { to, direct: None, inverse: None });
                links.len() - 1
            }
        };
        &mut links[at]
    }

    /// Number of stored rates.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no rate is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rate stored for exactly this pair and day, with its source.
    pub fn stored(&self, base: &str, quote: &str, date: NaiveDate) -> Option<(Decimal, &str)> {
        let (&b, &q) = (self.codes.get(base)?, self.codes.get(quote)?);
        let link = self.links[usize::from(b)][*self.pairs.get(&(b, q))?];
        let series = &self.series[link.direct? as usize];
        let row = series.dates.binary_search(&date).ok()?;
        Some((series.rates[row], &self.sources[series.sources[row] as usize]))
    }

    /// The rate of `base` in `quote` on `date` (see the [module](super) for the rules).
    ///
    /// # Errors
    ///
    /// `no_rate`, `stale_rate`; `amount_out_of_range` if a chain's product overflows.
    pub fn lookup(
        &self,
        base: &str,
        quote: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Result<RateQuote> {
        self.lookup_for("rate", base, quote, date, options)
    }

    /// Converts `amount` of `from` into `to` on `date`, exactly (before any rounding), with the
    /// quote that was used.
    ///
    /// # Errors
    ///
    /// As [`lookup`](Self::lookup).
    pub fn convert(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Result<(Decimal, RateQuote)> {
        let quote = self.lookup_for("rate", from, to, date, options)?;
        let (num, den) = factors(&quote.path).ok_or_else(|| overflow(amount, to))?;
        let exact = amount
            .checked_mul(num)
            .and_then(|x| x.checked_div(den))
            .ok_or_else(|| overflow(amount, to))?;
        Ok((exact, quote))
    }

    /// The rate [`lookup`](Self::lookup) finds and the date of the oldest rate it uses, without
    /// building the quote: no allocation when a stored rate links the pair directly (the usual
    /// case of a currency and its reference currency). Same rules, same errors.
    ///
    /// # Errors
    ///
    /// As [`lookup`](Self::lookup).
    pub fn rate(
        &self,
        base: &str,
        quote: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Result<(Decimal, NaiveDate)> {
        if base == quote {
            return Ok((Decimal::ONE, date));
        }
        if let Some((num, den, oldest)) = self.factors_on(base, quote, date, options) {
            if let Some(rate) = num.checked_div(den) {
                return Ok((rate, oldest));
            }
        }
        // No rate, a stale one or an overflow: the full lookup says which.
        self.lookup_for("rate", base, quote, date, options).map(|q| (q.rate, q.oldest))
    }

    /// The exact amount [`convert`](Self::convert) gives, without the quote (no allocation for
    /// a direct pair). Same rules, same errors.
    ///
    /// # Errors
    ///
    /// As [`lookup`](Self::lookup).
    pub fn convert_amount(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Result<Decimal> {
        let factors = if from == to {
            Some((Decimal::ONE, Decimal::ONE, date))
        } else {
            self.factors_on(from, to, date, options)
        };
        // `convert` also needs the rate itself to be representable (its quote holds it).
        if let Some((num, den, _)) =
            factors.filter(|(num, den, _)| *den == Decimal::ONE || num.checked_div(*den).is_some())
        {
            return amount
                .checked_mul(num)
                .and_then(|x| x.checked_div(den))
                .ok_or_else(|| overflow(amount, to));
        }
        self.convert(amount, from, to, date, options).map(|(exact, _)| exact)
    }

    /// The products of the legs used as stored and of the inverted ones, and the oldest leg's
    /// date, of the chain [`lookup`](Self::lookup) uses; `None` when it would fail.
    fn factors_on(
        &self,
        base: &str,
        quote: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Option<(Decimal, Decimal, NaiveDate)> {
        let (&from, &to) = (self.codes.get(base)?, self.codes.get(quote)?);
        let max_age = Some(options.max_age_days);
        // What `find` tries first, without its vector.
        let direct = self
            .pairs
            .get(&(from, to))
            .and_then(|&at| self.step(from, &self.links[usize::from(from)][at], date, max_age));
        let mut num = Decimal::ONE;
        let mut den = Decimal::ONE;
        let mut oldest: Option<NaiveDate> = None;
        let mut add = |step: &Step| -> Option<()> {
            let series = &self.series[step.series as usize];
            let slot = if step.inverted { &mut den } else { &mut num };
            *slot = slot.checked_mul(series.rates[step.row])?;
            let used = series.dates[step.row];
            oldest = Some(oldest.map_or(used, |o| o.min(used)));
            Some(())
        };
        match direct {
            Some(step) => add(&step)?,
            None => {
                for step in &self.find(from, to, date, max_age)? {
                    add(step)?;
                }
            }
        }
        Some((num, den, oldest.unwrap_or(date)))
    }

    pub(crate) fn lookup_for(
        &self,
        field: &str,
        base: &str,
        quote: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Result<RateQuote> {
        if base == quote {
            return Ok(RateQuote {
                base: base.to_owned(),
                quote: quote.to_owned(),
                date,
                rate: Decimal::ONE,
                path: Vec::new(),
                oldest: date,
            });
        }
        let no_rate = || {
            Error::from(RateError::NoRate {
                field: field.to_owned(),
                base: base.to_owned(),
                quote: quote.to_owned(),
                date,
                first_after: self.first_after(base, quote, date),
            })
        };
        let (Some(&from), Some(&to)) = (self.codes.get(base), self.codes.get(quote)) else {
            return Err(no_rate());
        };
        let steps = match self.find(from, to, date, Some(options.max_age_days)) {
            Some(steps) => steps,
            None => {
                let Some(stale) = self.find(from, to, date, None) else {
                    return Err(no_rate());
                };
                let last_date = stale
                    .iter()
                    .map(|s| self.series[s.series as usize].dates[s.row])
                    .min()
                    .unwrap_or(date);
                return Err(RateError::StaleRate {
                    field: field.to_owned(),
                    base: base.to_owned(),
                    quote: quote.to_owned(),
                    date,
                    last_date,
                    age_days: (date - last_date).num_days(),
                    max_age_days: options.max_age_days,
                }
                .into());
            }
        };
        let path: Vec<RateLeg> = steps
            .iter()
            .map(|s| {
                let series = &self.series[s.series as usize];
                RateLeg {
                    from: self.names[usize::from(s.from)].clone(),
                    to: self.names[usize::from(s.to)].clone(),
                    date: series.dates[s.row],
                    stored_rate: series.rates[s.row],
                    inverted: s.inverted,
                    source: self.sources[series.sources[s.row] as usize].clone(),
                }
            })
            .collect();
        let (num, den) = factors(&path).ok_or_else(|| overflow(Decimal::ONE, quote))?;
        let rate = num.checked_div(den).ok_or_else(|| overflow(Decimal::ONE, quote))?;
        let oldest = path.iter().map(|l| l.date).min().unwrap_or(date);
        Ok(RateQuote { base: base.to_owned(), quote: quote.to_owned(), date, rate, path, oldest })
    }

    /// The newest usable row of a link on or before `date`, within `max_age` when given.
    fn step(&self, from: u16, link: &Link, date: NaiveDate, max_age: Option<u32>) -> Option<Step> {
        let newest = |id: Option<u32>| {
            let id = id?;
            let series = &self.series[id as usize];
            let row = series.dates.partition_point(|d| *d <= date).checked_sub(1)?;
            Some((series.dates[row], id, row))
        };
        let direct = newest(link.direct);
        let inverse = newest(link.inverse);
        let (used, series, row, inverted) = match (direct, inverse) {
            (Some(d), Some(i)) if i.0 > d.0 => (i.0, i.1, i.2, true),
            (Some(d), _) => (d.0, d.1, d.2, false),
            (None, Some(i)) => (i.0, i.1, i.2, true),
            (None, None) => return None,
        };
        if max_age.is_some_and(|m| (date - used).num_days() > i64::from(m)) {
            return None;
        }
        Some(Step { from, to: link.to, series, row, inverted })
    }

    /// The shortest chain of usable links from `from` to `to`.
    fn find(&self, from: u16, to: u16, date: NaiveDate, max_age: Option<u32>) -> Option<Vec<Step>> {
        let direct = |u: u16| {
            let at = *self.pairs.get(&(u, to))?;
            self.step(u, &self.links[usize::from(u)][at], date, max_age)
        };
        if let Some(step) = direct(from) {
            return Some(vec![step]);
        }
        let n = self.names.len();
        let mut parent: Vec<Option<Step>> = vec![None; n];
        let mut seen = vec![false; n];
        seen[usize::from(from)] = true;
        let mut queue = VecDeque::from([from]);
        while let Some(u) = queue.pop_front() {
            if u != from {
                if let Some(last) = direct(u) {
                    let mut steps = vec![last];
                    let mut at = u;
                    while let Some(step) = parent[usize::from(at)] {
                        steps.push(step);
                        at = step.from;
                    }
                    steps.reverse();
                    return Some(steps);
                }
            }
            for link in &self.links[usize::from(u)] {
                let v = usize::from(link.to);
                if seen[v] || link.to == to {
                    continue;
                }
                if let Some(step) = self.step(u, link, date, max_age) {
                    seen[v] = true;
                    parent[v] = Some(step);
                    queue.push_back(link.to);
                }
            }
        }
        None
    }

    /// The first stored date after `date` for the pair, in either direction.
    fn first_after(&self, base: &str, quote: &str, date: NaiveDate) -> Option<NaiveDate> {
        let (&b, &q) = (self.codes.get(base)?, self.codes.get(quote)?);
        let link = self.links[usize::from(b)][*self.pairs.get(&(b, q))?];
        [link.direct, link.inverse]
            .into_iter()
            .flatten()
            .filter_map(|id| {
                let series = &self.series[id as usize];
                series.dates.get(series.dates.partition_point(|d| *d <= date)).copied()
            })
            .min()
    }
}

/// The product of the legs used as stored, and of the inverted ones.
fn factors(path: &[RateLeg]) -> Option<(Decimal, Decimal)> {
    let mut num = Decimal::ONE;
    let mut den = Decimal::ONE;
    for leg in path {
        let slot = if leg.inverted { &mut den } else { &mut num };
        *slot = slot.checked_mul(leg.stored_rate)?;
    }
    Some((num, den))
}

fn overflow(amount: Decimal, commodity: &str) -> Error {
    MoneyError::AmountOutOfRange {
        field: "amount".to_owned(),
        value: amount.to_string(),
        commodity: commodity.to_owned(),
        scale: 28,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    /// EUR/USD and EUR/JPY on weekdays, a USD/EUR rate of its own on one day, GBP/EUR (stored
    /// the other way round) long ago, and a lone CHF/SEK.
    fn table() -> RateTable {
        let mut rates = Vec::new();
        for d in 1..=20 {
            let date = day(2026, 10, d);
            if matches!(
                chrono::Datelike::weekday(&date),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            ) {
                continue;
            }
            rates.push(Rate::new("EUR", "USD", date, Decimal::new(11000 + i64::from(d), 4), "ecb"));
            rates.push(Rate::new("EUR", "JPY", date, Decimal::new(17500 + i64::from(d), 2), "ecb"));
        }
        rates.push(Rate::new("USD", "EUR", day(2026, 10, 16), Decimal::new(9, 1), "bank"));
        rates.push(Rate::new("GBP", "EUR", day(2026, 9, 1), Decimal::new(115, 2), "manual"));
        rates.push(Rate::new("CHF", "SEK", day(2026, 10, 1), Decimal::new(1175, 2), "manual"));
        RateTable::new(rates)
    }

    #[test]
    fn rate_and_convert_amount_answer_as_lookup_and_convert() {
        let table = table();
        let codes = ["EUR", "USD", "JPY", "GBP", "CHF", "SEK", "XYZ"];
        let amounts = [Decimal::new(12345, 2), Decimal::new(-7, 0), Decimal::MAX];
        for max_age_days in [0, 7, 60] {
            let options = LookupOptions { max_age_days };
            for d in 1..=25 {
                let date = day(2026, 10, d);
                for base in codes {
                    for quote in codes {
                        let quote_of = table.lookup(base, quote, date, options);
                        let rate = table.rate(base, quote, date, options);
                        match &quote_of {
                            Ok(q) => assert_eq!(rate, Ok((q.rate, q.oldest))),
                            Err(e) => assert_eq!(rate.as_ref().err(), Some(e)),
                        }
                        for amount in amounts {
                            let full = table.convert(amount, base, quote, date, options);
                            let fast = table.convert_amount(amount, base, quote, date, options);
                            assert_eq!(
                                fast,
                                full.map(|(v, _)| v),
                                "{amount} {base}->{quote} {date}"
                            );
                        }
                    }
                }
            }
        }
        // The cases above include each kind of answer.
        let options = LookupOptions::default();
        let saturday = day(2026, 10, 17);
        assert_eq!(
            table.rate("EUR", "USD", saturday, options),
            Ok((Decimal::new(11016, 4), day(2026, 10, 16)))
        );
        assert_eq!(
            table.rate("USD", "EUR", saturday, options).map(|r| r.0),
            Ok(Decimal::new(9, 1))
        );
        assert!(table.lookup("USD", "JPY", saturday, options).is_ok_and(|q| q.path.len() == 2));
        assert!(table
            .rate("GBP", "USD", saturday, options)
            .is_err_and(|e| e.code() == "stale_rate"));
        assert!(table.rate("CHF", "EUR", saturday, options).is_err_and(|e| e.code() == "no_rate"));
        assert!(table.convert_amount(Decimal::MAX, "EUR", "JPY", saturday, options).is_err());
    }
}
