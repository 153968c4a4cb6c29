//! Readers of rate files: the ECB reference-rate history (`eurofxref-hist.zip`, a zip holding
//! one CSV), the ECB one-day file (`eurofxref.csv`, `, ` separators, dates like
//! `30 October 2026`) and a plain CSV with a `date,base,quote,rate[,source]` header. They only
//! parse bytes; the book decides what to store.

use super::rows::{RateRow, RateRows};
use super::Rate;
use crate::files::FileError;
use crate::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::str::FromStr;

/// A rate file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateFormat {
    /// The ECB history as published: a zip holding one CSV.
    EcbZip,
    /// An ECB CSV (history or one day): a `Date` column, then one column per currency, rates
    /// per EUR, `N/A` where there is no quote.
    EcbCsv,
    /// A CSV with a header naming `date`, `base`, `quote`, `rate` and optionally `source`.
    Csv,
}

impl RateFormat {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EcbZip => "ecb_zip",
            Self::EcbCsv => "ecb_csv",
            Self::Csv => "csv",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::EcbZip, Self::EcbCsv, Self::Csv].into_iter().find(|f| f.as_str() == text)
    }
}

/// The rates of a file, in file order, and how many cells it marks as missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedRates {
    /// Format found.
    pub format: Option<RateFormat>,
    /// Rates read.
    pub rates: Vec<Rate>,
    /// Cells marked missing (`N/A`), skipped.
    pub missing: u64,
}

/// The rates of a file in compact form ([`parse_rate_rows`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedRateRows {
    /// Format found.
    pub format: Option<RateFormat>,
    /// Rates read, in file order.
    pub rows: RateRows,
    /// Cells marked missing (`N/A`), skipped.
    pub missing: u64,
}

/// Parses a rate file, as [`parse_rates`] does, into [`RateRows`] (what a book's load uses:
/// no string is allocated per rate).
///
/// # Errors
///
/// As [`parse_rates`].
pub fn parse_rate_rows(
    bytes: &[u8],
    format: Option<RateFormat>,
    file: &str,
    source: Option<&str>,
) -> Result<ParsedRateRows> {
    let (format, rows, missing) = parse_into::<RateRows>(bytes, format, file, source)?;
    Ok(ParsedRateRows { format: Some(format), rows, missing })
}

/// Parses a rate file. `file` names it in errors; `source` is recorded on every rate (default
/// `ecb` for the ECB formats, the `source` column or `file` for plain CSV). The format is
/// detected when not given: a zip is the ECB history, a header starting `date,base` is plain
/// CSV, any other header starting `Date` is an ECB CSV.
///
/// # Errors
///
/// `malformed_line` with the line, column and value of the first bad cell; `unreadable_file`
/// when the input is not a rate file (bad zip, not UTF-8, unknown header).
pub fn parse_rates(
    bytes: &[u8],
    format: Option<RateFormat>,
    file: &str,
    source: Option<&str>,
) -> Result<ParsedRates> {
    let (format, parsed, missing) = parse_into::<RateVec>(bytes, format, file, source)?;
    Ok(ParsedRates { format: Some(format), rates: parsed.rates, missing })
}

/// Where a parser puts the rates it reads: [`RateRows`], or `Rate`s for [`parse_rates`]
/// (built as they are read, not converted after).
trait Sink: Default {
    /// An id for `code`, to [`push`](Self::push) with.
    fn code(&mut self, code: &str) -> u32;
    /// An id for `source`, to [`push`](Self::push) with.
    fn source(&mut self, source: &str) -> u32;
    /// Room for about `rates` more.
    fn reserve(&mut self, rates: usize);
    /// A rate by ids.
    fn push(&mut self, base: u32, quote: u32, date: NaiveDate, rate: Decimal, source: u32);
    /// A rate by names.
    fn push_named(&mut self, base: &str, quote: &str, date: NaiveDate, rate: Decimal, source: &str);
}

impl Sink for RateRows {
    fn code(&mut self, code: &str) -> u32 {
        self.code_id(code)
    }

    fn source(&mut self, source: &str) -> u32 {
        self.source_id(source)
    }

    fn reserve(&mut self, rates: usize) {
        self.reserve_rows(rates);
    }

    fn push(&mut self, base: u32, quote: u32, date: NaiveDate, rate: Decimal, source: u32) {
        self.push_row(RateRow { base, quote, date, rate, source });
    }

    fn push_named(
        &mut self,
        base: &str,
        quote: &str,
        date: NaiveDate,
        rate: Decimal,
        source: &str,
    ) {
        RateRows::push(self, base, quote, date, rate, source);
    }
}

/// `Rate`s, with the names the ids of [`Sink::push`] stand for.
#[derive(Debug, Default)]
struct RateVec {
    names: Vec<String>,
    sources: Vec<String>,
    rates: Vec<Rate>,
}

impl Sink for RateVec {
    fn code(&mut self, code: &str) -> u32 {
        self.names.push(code.to_owned());
        u32::try_from(self.names.len() - 1).unwrap_or(u32::MAX)
    }

    fn source(&mut self, source: &str) -> u32 {
        self.sources.push(source.to_owned());
        u32::try_from(self.sources.len() - 1).unwrap_or(u32::MAX)
    }

    fn reserve(&mut self, rates: usize) {
        self.rates.reserve(rates);
    }

    fn push(&mut self, base: u32, quote: u32, date: NaiveDate, rate: Decimal, source: u32) {
        self.rates.push(Rate {
            base: self.names[base as usize].clone(),
            quote: self.names[quote as usize].clone(),
            date,
            rate,
            source: self.sources[source as usize].clone(),
        });
    }

    fn push_named(
        &mut self,
        base: &str,
        quote: &str,
        date: NaiveDate,
        rate: Decimal,
        source: &str,
    ) {
        self.rates.push(Rate::new(base, quote, date, rate, source));
    }
}

/// The format read, the rates and the number of cells marked missing.
fn parse_into<S: Sink>(
    bytes: &[u8],
    format: Option<RateFormat>,
    file: &str,
    source: Option<&str>,
) -> Result<(RateFormat, S, u64)> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let format = match format {
        Some(f) => f,
        None if is_zip => RateFormat::EcbZip,
        None => detect(text(bytes, file)?, file)?,
    };
    let (sink, missing) = match format {
        RateFormat::EcbZip => {
            let csv = unzip(bytes, file)?;
            ecb(text(&csv, file)?, file, source.unwrap_or("ecb"))?
        }
        RateFormat::EcbCsv => ecb(text(bytes, file)?, file, source.unwrap_or("ecb"))?,
        RateFormat::Csv => (plain(text(bytes, file)?, file, source)?, 0),
    };
    Ok((format, sink, missing))
}

fn unreadable(file: &str, reason: impl Into<String>) -> crate::Error {
    FileError::Unreadable { file: file.to_owned(), reason: reason.into() }.into()
}

fn malformed(file: &str, line: usize, field: &str, value: &str, reason: &str) -> crate::Error {
    FileError::Malformed {
        file: file.to_owned(),
        line: u64::try_from(line).unwrap_or(u64::MAX),
        field: field.to_owned(),
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}

fn text<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        unreadable(file, format!("not UTF-8 text (bad byte at offset {})", e.valid_up_to()))
    })
}

fn unzip(bytes: &[u8], file: &str) -> Result<Vec<u8>> {
    let bad = |e: zip::result::ZipError| unreadable(file, format!("not a readable zip: {e}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
    if archive.len() != 1 {
        return Err(unreadable(
            file,
            format!("the ECB zip holds one CSV; this one holds {} files", archive.len()),
        ));
    }
    let mut entry = archive.by_index(0).map_err(bad)?;
    let mut out = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
    entry
        .read_to_end(&mut out)
        .map_err(|e| unreadable(file, format!("cannot inflate {}: {e}", entry.name())))?;
    Ok(out)
}

fn cells(line: &str) -> impl Iterator<Item = &str> {
    line.split(',').map(str::trim)
}

fn detect(text: &str, file: &str) -> Result<RateFormat> {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut columns = cells(header).map(str::to_ascii_lowercase);
    match (columns.next().as_deref(), columns.next().as_deref()) {
        (Some("date"), Some("base")) => Ok(RateFormat::Csv),
        (Some("date"), Some(_)) => Ok(RateFormat::EcbCsv),
        _ => Err(unreadable(
            file,
            format!("not a rate file: the header '{header}' starts neither 'Date,<currency>' (ECB) nor 'date,base' (CSV)"),
        )),
    }
}

/// An ECB date: `2026-10-30` (history) or `30 October 2026` (one-day file).
fn ecb_date(text: &str) -> Option<NaiveDate> {
    if let Some(date) = iso_date(text) {
        return Some(date);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d %B %Y"))
        .ok()
}

/// A `YYYY-MM-DD` date of exactly ten characters, read without chrono's format parser; `None`
/// for any other text (which then goes to chrono, so the dates accepted are the same).
fn iso_date(text: &str) -> Option<NaiveDate> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() else { return None };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |a: &[u8]| a.iter().fold(0_u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    NaiveDate::from_ymd_opt(i32::try_from(n(&digits[..4])).ok()?, n(&digits[4..6]), n(&digits[6..]))
}

/// An exact positive rate, as written (no exponent, no thousands separators).
fn rate_value(text: &str) -> std::result::Result<Decimal, &'static str> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err("not a plain decimal number");
    }
    let value = Decimal::from_str(text).map_err(|_| "not a decimal number Tally can hold")?;
    if value <= Decimal::ZERO {
        return Err("a rate must be positive");
    }
    Ok(value.normalize())
}

fn code_ok(code: &str) -> bool {
    (2..=12).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
}

/// An ECB CSV: the rates and the number of cells marked missing.
fn ecb<S: Sink>(text: &str, file: &str, source: &str) -> Result<(S, u64)> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((header_at, header)) = lines.next() else {
        return Err(unreadable(file, "empty file"));
    };
    let mut columns: Vec<&str> = cells(header).collect();
    if columns.last() == Some(&"") {
        columns.pop(); // The ECB header ends with a comma.
    }
    if !columns.first().is_some_and(|c| c.eq_ignore_ascii_case("date")) {
        return Err(malformed(
            file,
            header_at + 1,
            "Date",
            header,
            "the first column must be Date",
        ));
    }
    let codes = &columns[1..];
    if let Some(bad) = codes.iter().find(|c| !code_ok(c)) {
        return Err(malformed(file, header_at + 1, "header", bad, "not a currency code"));
    }
    let mut sink = S::default();
    let mut missing = 0;
    sink.reserve(text.len() / 8);
    let (eur, source) = (sink.code("EUR"), sink.source(source));
    let ids: Vec<u32> = codes.iter().map(|c| sink.code(c)).collect();
    for (at, line) in lines {
        let number = at + 1;
        let mut row = cells(line);
        let day = row.next().unwrap_or("");
        let date = ecb_date(day).ok_or_else(|| {
            malformed(file, number, "Date", day, "not a date (2026-10-30 or 30 October 2026)")
        })?;
        let mut count = 0;
        for (i, cell) in row.enumerate() {
            let Some(code) = codes.get(i) else {
                if cell.is_empty() {
                    continue; // The trailing comma of every ECB row.
                }
                return Err(malformed(file, number, "row", line, "more cells than the header"));
            };
            count += 1;
            if cell.is_empty() || cell.eq_ignore_ascii_case("N/A") {
                missing += 1;
                continue;
            }
            let rate = rate_value(cell).map_err(|why| malformed(file, number, code, cell, why))?;
            sink.push(eur, ids[i], date, rate, source);
        }
        if count != codes.len() {
            return Err(malformed(
                file,
                number,
                "row",
                line,
                &format!("{count} rates where the header names {}", codes.len()),
            ));
        }
    }
    Ok((sink, missing))
}

fn plain<S: Sink>(text: &str, file: &str, source: Option<&str>) -> Result<S> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((header_at, header)) = lines.next() else {
        return Err(unreadable(file, "empty file"));
    };
    let names: Vec<String> = cells(header).map(str::to_ascii_lowercase).collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let find = |name: &str| {
        column(name).ok_or_else(|| {
            malformed(file, header_at + 1, "header", header, &format!("no '{name}' column"))
        })
    };
    let (date_at, base_at, quote_at, rate_at) =
        (find("date")?, find("base")?, find("quote")?, find("rate")?);
    let source_at = column("source");
    let mut sink = S::default();
    for (at, line) in lines {
        let number = at + 1;
        let row: Vec<&str> = cells(line).collect();
        if row.len() != names.len() {
            return Err(malformed(
                file,
                number,
                "row",
                line,
                &format!("{} cells where the header names {}", row.len(), names.len()),
            ));
        }
        let date = NaiveDate::parse_from_str(row[date_at], "%Y-%m-%d")
            .map_err(|_| malformed(file, number, "date", row[date_at], "not a YYYY-MM-DD date"))?;
        let base = row[base_at];
        let quote = row[quote_at];
        for (field, code) in [("base", base), ("quote", quote)] {
            if !code_ok(code) {
                return Err(malformed(file, number, field, code, "not a commodity code"));
            }
        }
        if base == quote {
            return Err(malformed(file, number, "quote", quote, "the same as the base"));
        }
        let rate = rate_value(row[rate_at])
            .map_err(|why| malformed(file, number, "rate", row[rate_at], why))?;
        let source = match (source, source_at.map(|i| row[i])) {
            (Some(given), _) => given,
            (None, Some(cell)) if !cell.is_empty() => cell,
            _ => file,
        };
        sink.push_named(base, quote, date, rate, source);
    }
    Ok(sink)
}

/// Parses a price CSV: a header naming `date`, `symbol`, `price`, `currency` (any order, case
/// ignored) and optionally `source`; each row is the price of one unit of `symbol` in
/// `currency` on `date`, stored as the rate `symbol/currency`. `source` overrides the column;
/// without either a row's source is `file`.
///
/// # Errors
///
/// `malformed_line` (file, line, field, value) for a missing column, a row of the wrong width,
/// a bad date, symbol, currency or price; `unreadable_file` for an empty or non-UTF-8 input.
pub fn parse_price_rows(bytes: &[u8], file: &str, source: Option<&str>) -> Result<RateRows> {
    let text = text(bytes, file)?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((header_at, header)) = lines.next() else {
        return Err(unreadable(file, "empty file"));
    };
    let names: Vec<String> = cells(header).map(str::to_ascii_lowercase).collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let find = |name: &str| {
        column(name).ok_or_else(|| {
            malformed(file, header_at + 1, "header", header, &format!("no '{name}' column"))
        })
    };
    let (date_at, symbol_at, price_at, currency_at) =
        (find("date")?, find("symbol")?, find("price")?, find("currency")?);
    let source_at = column("source");
    let mut rows = RateRows::default();
    for (at, line) in lines {
        let number = at + 1;
        let row: Vec<&str> = cells(line).collect();
        if row.len() != names.len() {
            return Err(malformed(
                file,
                number,
                "row",
                line,
                &format!("{} cells where the header names {}", row.len(), names.len()),
            ));
        }
        let date = NaiveDate::parse_from_str(row[date_at], "%Y-%m-%d")
            .map_err(|_| malformed(file, number, "date", row[date_at], "not a YYYY-MM-DD date"))?;
        let symbol = row[symbol_at];
        if !symbol_ok(symbol) {
            return Err(malformed(file, number, "symbol", symbol, "not a security code"));
        }
        let currency = row[currency_at];
        if !code_ok(currency) {
            return Err(malformed(file, number, "currency", currency, "not a commodity code"));
        }
        if symbol == currency {
            return Err(malformed(file, number, "currency", currency, "the same as the symbol"));
        }
        let price = rate_value(row[price_at])
            .map_err(|why| malformed(file, number, "price", row[price_at], why))?;
        let source = match (source, source_at.map(|i| row[i])) {
            (Some(given), _) => given,
            (None, Some(cell)) if !cell.is_empty() => cell,
            _ => file,
        };
        rows.push(symbol, currency, date, price, source);
    }
    Ok(rows)
}

/// A commodity code as the book accepts it (an upper-case letter, then upper-case letters,
/// digits, `.`, `_` or `-`, at most 24 characters): securities have one-letter tickers.
fn symbol_ok(code: &str) -> bool {
    code.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && code.len() <= 24
        && code.bytes().all(|b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_read_as_chrono_reads_them() {
        for text in ["2026-10-30", "1999-01-04", "0000-02-29", "2026-02-30", "2026-00-10"] {
            assert_eq!(iso_date(text), NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(), "{text}");
        }
        for text in ["2026-1-30", "30 October 2026", "2026/10/30", "+2026-10-30"] {
            assert_eq!(iso_date(text), None, "{text}");
        }
        assert_eq!(ecb_date("30 October 2026"), NaiveDate::from_ymd_opt(2026, 10, 30));
        assert_eq!(ecb_date("2026-1-30"), NaiveDate::from_ymd_opt(2026, 1, 30));
    }

    #[test]
    fn rows_and_rates_parse_alike() {
        let ecb = "Date,USD,JPY,\n2026-10-30,1.1172,N/A,\n2026-10-29,1.1130,175.92,\n";
        let rows = parse_rate_rows(ecb.as_bytes(), None, "f", None).expect("rows");
        let rates = parse_rates(ecb.as_bytes(), None, "f", None).expect("rates");
        assert_eq!(rows.rows.to_rates(), rates.rates);
        assert_eq!((rows.missing, rows.format), (rates.missing, rates.format));
        assert_eq!(rates.rates.len(), 3);
    }

    #[test]
    fn price_files_are_strict() {
        let ok =
            "Date,Symbol,Price,Currency\n2026-01-02,F,12.5,USD\n2026-01-02,VWCE.DE,101.20,EUR\n";
        let rows = parse_price_rows(ok.as_bytes(), "p.csv", None).expect("prices");
        let rates = rows.to_rates();
        assert_eq!(rates.len(), 2);
        assert_eq!((rates[0].base.as_str(), rates[0].quote.as_str()), ("F", "USD"));
        assert_eq!(rates[1].rate, Decimal::from_str("101.2").expect("dec"));
        assert_eq!(rates[1].source, "p.csv");
        let bad = "date,symbol,price,currency\n2026-01-02,F,12.5,USD\n2026-01-03,F,-1,USD\n";
        let err = parse_price_rows(bad.as_bytes(), "p.csv", None).expect_err("negative");
        assert_eq!(err.code(), "malformed_line");
        assert_eq!(err.field().as_deref(), Some("price"));
        assert!(err.to_string().contains("p.csv") && err.to_string().contains('3'), "{err}");
        let no_col = "date,symbol,price\n2026-01-02,F,12.5\n";
        let err = parse_price_rows(no_col.as_bytes(), "p.csv", None).expect_err("column");
        assert!(err.to_string().contains("'currency'"), "{err}");
        let lower = "date,symbol,price,currency\n2026-01-02,aapl,1,USD\n";
        let err = parse_price_rows(lower.as_bytes(), "p.csv", None).expect_err("symbol");
        assert_eq!(err.field().as_deref(), Some("symbol"));
    }
}
