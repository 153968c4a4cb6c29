//! Rate calls of a book: add, list, delete, load rate files, look up and convert. Lookups run
//! against an in-memory [`RateTable`] the engine keeps per book and rebuilds only after the
//! book's rates change (the store's rates version says when).

use crate::audit::{AuditAction, EntityKind};
use crate::commodity::CommodityError;
use crate::events::Event;
use crate::money;
use crate::query::QueryError;
use crate::rates::{
    parse_rate_rows, Conversion, ConvertOptions, LoadOptions, LoadReport, LookupOptions, Rate,
    RateError, RateFilter, RateQuote, RateRow, RateRows, RateTable,
};
use crate::transaction::LedgerContext;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::context::Snapshot;
use super::Book;
use crate::engine::CachedRates;
use crate::ids::BookId;
use std::collections::HashMap;

/// Rate calls of a [`Book`].
#[derive(Debug)]
pub struct Rates<'a> {
    book: &'a Book,
}

impl<'a> Rates<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Adds (or replaces) one rate.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use rust_decimal_macros::dec;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let friday = chrono::NaiveDate::from_ymd_opt(2026, 10, 30).unwrap();
    /// book.rates().add(Rate::new("EUR", "USD", friday, dec!(1.1172), "manual"))?;
    /// let saturday = friday.succ_opt().unwrap();
    /// let quote = book.rates().lookup("USD", "EUR", saturday, LookupOptions::default())?;
    /// assert_eq!(quote.path[0].date, friday);
    /// assert!(quote.path[0].inverted);
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `invalid_field` (same base and quote, a rate not above zero, an
    /// empty source), `read_only`.
    pub fn add(&self, rate: Rate) -> Result<LoadReport> {
        self.add_many(std::slice::from_ref(&rate))
    }

    /// Adds (or replaces) many rates in one database transaction: all or nothing. A rate equal
    /// to the stored one is left alone, so repeating a call adds nothing.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add), with fields named `rates[i].` (when more than one is given).
    pub fn add_many(&self, rates: &[Rate]) -> Result<LoadReport> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let mut clean = Vec::with_capacity(rates.len());
        for (i, rate) in rates.iter().enumerate() {
            let checked = check_rate(rate, &snapshot);
            clean.push(if rates.len() == 1 {
                checked?
            } else {
                checked.map_err(|e| e.within(&format!("rates[{i}].")))?
            });
        }
        let report = LoadReport { read: count(clean.len()), ..LoadReport::default() };
        self.write(&clean.iter().collect(), report, None)
    }

    /// Loads a rate file (the ECB history zip, an ECB CSV or a plain `date,base,quote,rate`
    /// CSV; see [`parse_rates`]) in one database transaction. Rates of commodities the book does
    /// not know are not loaded and are listed in the report; re-loading a file adds nothing.
    ///
    /// # Errors
    ///
    /// `malformed_line` (file, line, field, value) and `unreadable_file`, with nothing of the
    /// load kept; `read_only`.
    pub fn load(&self, bytes: &[u8], options: &LoadOptions) -> Result<LoadReport> {
        self.book.check_writable()?;
        let file = options.file_name.as_deref().unwrap_or("input");
        let parsed = parse_rate_rows(bytes, options.format, file, options.source.as_deref())?;
        let report = LoadReport {
            format: parsed.format,
            read: count(parsed.rows.len()),
            missing: parsed.missing,
            ..LoadReport::default()
        };
        self.load_rows(parsed.rows, report, file)
    }

    /// Stores parsed rows (a rate or price file) as [`load`](Self::load) does: rows of
    /// commodities the book does not know are skipped and listed, the rest written at once.
    pub(crate) fn load_rows(
        &self,
        mut rows: RateRows,
        mut report: LoadReport,
        file: &str,
    ) -> Result<LoadReport> {
        let snapshot = Snapshot::load(self.book)?;
        // A file names few codes, each many times: ask the snapshot once per code. A rate is
        // skipped for the first of its base and quote the book does not know.
        let known: Vec<bool> = rows.codes().iter().map(|c| snapshot.scale(c).is_some()).collect();
        let mut unknown = vec![false; known.len()];
        rows.retain(|r| {
            let missing = [r.base, r.quote].into_iter().find(|c| !known[*c as usize]);
            if let Some(code) = missing {
                unknown[code as usize] = true;
                report.skipped_unknown += 1;
            }
            missing.is_none()
        });
        let unknown: BTreeSet<&String> =
            rows.codes().iter().zip(unknown).filter(|(_, u)| *u).map(|(c, _)| c).collect();
        report.unknown_commodities = unknown.into_iter().cloned().collect();
        self.write(&rows, report, Some(file))
    }

    /// Stores what differs from the table, and reports. Each (base, quote, date) is taken once,
    /// as first given: a repeat with the same rate is `unchanged`, one with another rate refuses
    /// the whole input (naming the first such repeat in input order). The store gets the rows
    /// in key order, the order of its table.
    fn write(
        &self,
        rates: &RateRows,
        mut report: LoadReport,
        file: Option<&str>,
    ) -> Result<LoadReport> {
        let (version, table) = self.versioned_table()?;
        let rows = rates.rows();
        let order = key_order(rates);
        let same_key =
            |a: &RateRow, b: &RateRow| (a.base, a.quote, a.date) == (b.base, b.quote, b.date);
        let mut changed = Vec::new();
        // (first given, the first repeat with another rate), least repeat index first.
        let mut conflict: Option<(usize, usize)> = None;
        let mut at = 0;
        while at < order.len() {
            let first = &rows[order[at]];
            let mut end = at + 1;
            while let Some(&i) = order.get(end) {
                if !same_key(&rows[i], first) {
                    break;
                }
                if rows[i].rate != first.rate && conflict.is_none_or(|(_, c)| i < c) {
                    conflict = Some((order[at], i));
                }
                report.unchanged += 1;
                end += 1;
            }
            let stored = table.stored(rates.code(first.base), rates.code(first.quote), first.date);
            match stored {
                Some((rate, source))
                    if rate == first.rate && source == rates.source(first.source) =>
                {
                    report.unchanged += 1;
                }
                Some(_) => {
                    report.replaced += 1;
                    changed.push(*first);
                }
                None => {
                    report.added += 1;
                    changed.push(*first);
                }
            }
            at = end;
        }
        if let Some((first, repeat)) = conflict {
            let (first, rate) = (&rows[first], &rows[repeat]);
            return Err(QueryError::InvalidField {
                field: "rates".to_owned(),
                value: format!(
                    "{}/{} {}",
                    rates.code(rate.base),
                    rates.code(rate.quote),
                    rate.date
                ),
                reason: format!(
                    "two different rates ({} and {}) for one pair and day in one input",
                    first.rate, rate.rate
                ),
            }
            .into());
        }
        if changed.is_empty() {
            return Ok(report);
        }
        let changed = rates.with_rows(changed);
        let summary = serde_json::json!({
            "file": file,
            "format": report.format,
            "added": report.added,
            "replaced": report.replaced,
        });
        let audit = self.book.audit(
            AuditAction::CreateBatch,
            EntityKind::Rate,
            None,
            None::<&()>,
            Some(&summary),
        );
        let store = &self.book.engine.store;
        store.upsert_rates(self.book.id(), &changed, &audit)?;
        // When no other write came between (each write moves the version by one), the new
        // table is the old one with these rows: the next lookup builds it without reading
        // every rate back.
        if store.rates_version(self.book.id())? == version + 1 {
            let pending = CachedRates::Pending { base: table, changes: Arc::new(changed) };
            self.cache().insert(self.book.id(), (version + 1, pending));
        }
        self.book.emit(&Event::RatesChanged {
            added: report.added,
            replaced: report.replaced,
            deleted: 0,
        });
        Ok(report)
    }

    /// The stored rates matching `filter`, ordered by base, quote and date.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self, filter: &RateFilter) -> Result<Vec<Rate>> {
        self.book.engine.store.rates(self.book.id(), filter)
    }

    /// Deletes the stored rate of a pair on a day.
    ///
    /// # Errors
    ///
    /// `rate_not_found`; `read_only`.
    pub fn delete(&self, base: &str, quote: &str, date: NaiveDate) -> Result<()> {
        self.book.check_writable()?;
        let before = self
            .table()?
            .stored(base, quote, date)
            .map(|(rate, source)| Rate::new(base, quote, date, rate, source));
        let not_found =
            || RateError::NotFound { base: base.to_owned(), quote: quote.to_owned(), date };
        let before = before.ok_or_else(not_found)?;
        let audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::Rate,
            None,
            Some(&before),
            None::<&()>,
        );
        if !self.book.engine.store.delete_rate(self.book.id(), base, quote, date, &audit)? {
            return Err(not_found().into());
        }
        self.book.emit(&Event::RatesChanged { added: 0, replaced: 0, deleted: 1 });
        Ok(())
    }

    /// What one `base` is worth in `quote` on `date`, and how that was found (see
    /// [`crate::rates`] for the rules).
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `no_rate`, `stale_rate`.
    pub fn lookup(
        &self,
        base: &str,
        quote: &str,
        date: NaiveDate,
        options: LookupOptions,
    ) -> Result<RateQuote> {
        let snapshot = Snapshot::load(self.book)?;
        known(&snapshot, "base", base)?;
        known(&snapshot, "quote", quote)?;
        self.table()?.lookup(base, quote, date, options)
    }

    /// Converts `amount` of `from` into `to` on `date`, rounded to the minor units of `to` with
    /// the caller's rounding (half-even by default); the exact figure comes with it.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `too_many_decimals` (for `from`), `no_rate`, `stale_rate`,
    /// `amount_out_of_range`.
    pub fn convert(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        date: NaiveDate,
        options: ConvertOptions,
    ) -> Result<Conversion> {
        let snapshot = Snapshot::load(self.book)?;
        let from_scale = known(&snapshot, "from", from)?;
        let to_scale = known(&snapshot, "to", to)?;
        money::check_amount(amount, from, from_scale, "amount")?;
        let (exact, quote) = self.table()?.convert(amount, from, to, date, options.lookup())?;
        Ok(Conversion {
            from_amount: amount,
            from: from.to_owned(),
            to: to.to_owned(),
            exact,
            amount: round_to(exact, to_scale, options.rounding),
            quote,
        })
    }

    /// The book's rates as an in-memory table, for many lookups in a row. Shared and cached:
    /// rebuilt only after the book's rates change.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn table(&self) -> Result<Arc<RateTable>> {
        self.versioned_table().map(|(_, table)| table)
    }

    /// The table and the store's rates version it holds.
    fn versioned_table(&self) -> Result<(u64, Arc<RateTable>)> {
        let store = &self.book.engine.store;
        let book = self.book.id();
        let version = store.rates_version(book)?;
        let cached = self.cache().get(&book).filter(|(v, _)| *v == version).map(|(_, c)| c.clone());
        let table = match cached {
            Some(CachedRates::Built(table)) => return Ok((version, table)),
            Some(CachedRates::Pending { base, changes }) => Arc::new(base.with_changes(&changes)),
            None => Arc::new(RateTable::from_rows(&store.rate_rows(book)?)),
        };
        self.cache().insert(book, (version, CachedRates::Built(Arc::clone(&table))));
        Ok((version, table))
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<BookId, (u64, CachedRates)>> {
        self.book.engine.rate_tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `amount` rounded to `scale` decimals and shown at that scale.
pub(crate) fn round_to(amount: Decimal, scale: u32, rounding: crate::Rounding) -> Decimal {
    let mut out = money::round(amount, scale, rounding);
    out.rescale(scale);
    out
}

/// The scale of a commodity the book knows.
pub(crate) fn known(ctx: &dyn LedgerContext, field: &str, code: &str) -> Result<u32> {
    ctx.scale(code).ok_or_else(|| {
        CommodityError::Unknown { field: field.to_owned(), code: code.to_owned() }.into()
    })
}

fn check_rate(rate: &Rate, ctx: &dyn LedgerContext) -> Result<Rate> {
    known(ctx, "base", &rate.base)?;
    known(ctx, "quote", &rate.quote)?;
    let invalid = |field: &str, value: String, reason: &str| -> Error {
        QueryError::InvalidField { field: field.to_owned(), value, reason: reason.to_owned() }
            .into()
    };
    if rate.base == rate.quote {
        return Err(invalid("quote", rate.quote.clone(), "the same as the base"));
    }
    if rate.rate <= Decimal::ZERO {
        return Err(invalid("rate", rate.rate.to_string(), "a rate must be positive"));
    }
    if !(1..=9999).contains(&rate.date.year()) {
        return Err(invalid("date", rate.date.to_string(), "the year must be 1 to 9999"));
    }
    let source = rate.source.trim();
    if source.is_empty() || source.len() > 200 {
        return Err(invalid("source", rate.source.clone(), "must be 1 to 200 characters"));
    }
    Ok(Rate { rate: rate.rate.normalize(), source: source.to_owned(), ..rate.clone() })
}

/// The indexes of the rows sorted by (base, quote, date), then by index: the codes are ranked
/// in code order once, so that the sort compares integers, not strings.
fn key_order(rates: &RateRows) -> Vec<usize> {
    let codes = rates.codes();
    let mut by_name: Vec<usize> = (0..codes.len()).collect();
    by_name.sort_unstable_by(|a, b| codes[*a].cmp(&codes[*b]));
    let mut rank = vec![0; codes.len()];
    for (r, id) in by_name.into_iter().enumerate() {
        rank[id] = r;
    }
    let mut keyed: Vec<(usize, usize, i32, usize)> = rates
        .rows()
        .iter()
        .enumerate()
        .map(|(i, r)| (rank[r.base as usize], rank[r.quote as usize], r.date.num_days_from_ce(), i))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, _, i)| i).collect()
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
