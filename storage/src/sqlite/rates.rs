//! Rates in SQLite: one `rates` row per (book, base, quote, date), the rate kept as exact decimal
//! text; `rate_versions` moves on every write so the engine knows when to rebuild its table.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use rust_decimal::Decimal;
use std::str::FromStr;
use tally_core::audit::AuditRecord;
use tally_core::query::DailySum;
use tally_core::rates::{Rate, RateFilter, RateRow, RateRows};
use tally_core::{money, AccountId, BookId, Result};

use super::rows::{self, read_error};
use super::{backend, log, scale_of, Inner};

pub(crate) fn version(conn: &Connection, book: BookId) -> Result<u64> {
    let mut st = conn
        .prepare_cached("SELECT version FROM rate_versions WHERE book_id = ?1")
        .map_err(backend)?;
    let mut found = st.query([book.0]).map_err(backend)?;
    let v: i64 = match found.next().map_err(backend)? {
        Some(row) => row.get(0).map_err(backend)?,
        None => 0,
    };
    Ok(u64::try_from(v).unwrap_or(0))
}

fn bump(conn: &Connection, book: BookId) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO rate_versions (book_id, version) VALUES (?1, 1)
         ON CONFLICT (book_id) DO UPDATE SET version = version + 1",
    )
    .and_then(|mut st| st.execute([book.0]))
    .map_err(backend)?;
    Ok(())
}

pub(crate) fn rates(conn: &Connection, book: BookId, filter: &RateFilter) -> Result<Vec<Rate>> {
    let mut sql =
        String::from("SELECT base, quote, date, rate, source FROM rates WHERE book_id = ?1");
    let mut args = vec![Value::Integer(book.0)];
    let mut narrow = |clause: &str, value: Value| {
        args.push(value);
        sql.push_str(&format!(" AND {clause} ?{}", args.len()));
    };
    if let Some(base) = &filter.base {
        narrow("base =", Value::Text(base.clone()));
    }
    if let Some(quote) = &filter.quote {
        narrow("quote =", Value::Text(quote.clone()));
    }
    if let Some(from) = filter.from {
        narrow("date >=", Value::Text(rows::date(from)));
    }
    if let Some(to) = filter.to {
        narrow("date <=", Value::Text(rows::date(to)));
    }
    sql.push_str(" ORDER BY base, quote, date");
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let out = st
        .query_map(params_from_iter(args), |r| {
            let text: String = r.get(3)?;
            let rate = Decimal::from_str(&text).map_err(|_| rows::corrupt("rate"))?;
            Ok(Rate {
                base: r.get(0)?,
                quote: r.get(1)?,
                date: rows::get_date(r, 2)?,
                rate,
                source: r.get(4)?,
            })
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>();
    out.map_err(read_error)
}

/// Every rate of `book` in compact form, in key order: codes and sources are read as borrowed
/// text and interned, so no string is allocated per row.
pub(crate) fn rate_rows(conn: &Connection, book: BookId) -> Result<RateRows> {
    let mut st = conn
        .prepare_cached(
            "SELECT base, quote, date, rate, source FROM rates WHERE book_id = ?1
             ORDER BY base, quote, date",
        )
        .map_err(backend)?;
    let mut found = st.query([book.0]).map_err(backend)?;
    let mut out = RateRows::default();
    while let Some(row) = found.next().map_err(backend)? {
        let text = |i: usize, what: &str| {
            row.get_ref(i)
                .and_then(|v| v.as_str().map_err(|_| rows::corrupt(what)))
                .map_err(read_error)
        };
        let (base, quote, source) = (text(0, "base")?, text(1, "quote")?, text(4, "source")?);
        let date = rows::get_date(row, 2).map_err(read_error)?;
        let rate =
            Decimal::from_str(text(3, "rate")?).map_err(|_| read_error(rows::corrupt("rate")))?;
        out.push(base, quote, date, rate, source);
    }
    Ok(out)
}

/// Rows per `INSERT` statement of an upsert: one statement of many rows costs SQLite far less
/// than as many single-row statements (at most 5 parameters a row: 501 of SQLite's 32,766).
const UPSERT_ROWS: usize = 100;

/// The two shapes of a bulk upsert statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Rows of one pair and one source (almost every chunk of rows in key order): `?1` book,
    /// `?2` base, `?3` quote, `?4` source, then date and rate per row. Every text parameter
    /// costs SQLite a copy, so fewer of them is most of the gain.
    OnePair,
    /// Any rows: `?1` book, then base, quote, date, rate and source per row.
    Mixed,
}

impl Shape {
    fn of(rows: &[RateRow]) -> Self {
        match rows.first() {
            Some(f)
                if rows
                    .iter()
                    .all(|r| (r.base, r.quote, r.source) == (f.base, f.quote, f.source)) =>
            {
                Self::OnePair
            }
            _ => Self::Mixed,
        }
    }

    /// `INSERT INTO rates .. VALUES (..), (..) ON CONFLICT .. DO UPDATE` for `rows` rows.
    fn sql(self, rows: usize) -> String {
        let mut sql =
            String::from("INSERT INTO rates (book_id, base, quote, date, rate, source) VALUES ");
        for i in 0..rows {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&match self {
                Self::OnePair => format!("(?1, ?2, ?3, ?{}, ?{}, ?4)", 5 + 2 * i, 6 + 2 * i),
                Self::Mixed => {
                    let p = 2 + 5 * i;
                    format!("(?1, ?{}, ?{}, ?{}, ?{}, ?{})", p, p + 1, p + 2, p + 3, p + 4)
                }
            });
        }
        sql.push_str(
            " ON CONFLICT (book_id, base, quote, date)
             DO UPDATE SET rate = excluded.rate, source = excluded.source",
        );
        sql
    }
}

/// Binds `rows` in the statement of their shape and runs it. SQLite copies text when it is
/// bound, so two buffers serve every row.
fn upsert_rows(
    st: &mut rusqlite::Statement<'_>,
    shape: Shape,
    book: BookId,
    rates: &RateRows,
    rows: &[RateRow],
) -> Result<()> {
    use std::fmt::Write as _;
    let mut rate = String::with_capacity(32);
    let mut day = [0; 10];
    st.raw_bind_parameter(1, book.0).map_err(backend)?;
    if let (Shape::OnePair, Some(first)) = (shape, rows.first()) {
        st.raw_bind_parameter(2, rates.code(first.base))
            .and_then(|()| st.raw_bind_parameter(3, rates.code(first.quote)))
            .and_then(|()| st.raw_bind_parameter(4, rates.source(first.source)))
            .map_err(backend)?;
    }
    for (i, r) in rows.iter().enumerate() {
        rate.clear();
        // Writing into a `String` cannot fail.
        let _ = write!(rate, "{}", r.rate);
        let (date_at, rate_at) = match shape {
            Shape::OnePair => (5 + 2 * i, 6 + 2 * i),
            Shape::Mixed => {
                let p = 2 + 5 * i;
                st.raw_bind_parameter(p, rates.code(r.base))
                    .and_then(|()| st.raw_bind_parameter(p + 1, rates.code(r.quote)))
                    .and_then(|()| st.raw_bind_parameter(p + 4, rates.source(r.source)))
                    .map_err(backend)?;
                (p + 2, p + 3)
            }
        };
        match rows::date_text(r.date, &mut day) {
            Some(text) => st.raw_bind_parameter(date_at, text),
            None => st.raw_bind_parameter(date_at, rows::date(r.date)),
        }
        .and_then(|()| st.raw_bind_parameter(rate_at, rate.as_str()))
        .map_err(backend)?;
    }
    st.raw_execute().map_err(backend)?;
    Ok(())
}

/// Stores `rates` (each `(base, quote, date)` at most once; the core hands them sorted by that
/// key, the table's order, so SQLite fills pages in order and most chunks are of one pair).
pub(crate) fn upsert(
    conn: &mut Connection,
    book: BookId,
    rates: &RateRows,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    {
        // Full chunks share one statement per shape, prepared on first use; the last, shorter
        // chunk gets its own.
        let mut full: [Option<rusqlite::Statement<'_>>; 2] = [None, None];
        for chunk in rates.rows().chunks(UPSERT_ROWS) {
            let shape = Shape::of(chunk);
            if chunk.len() < UPSERT_ROWS {
                let mut st = tx.prepare(&shape.sql(chunk.len())).map_err(backend)?;
                upsert_rows(&mut st, shape, book, rates, chunk)?;
                continue;
            }
            let slot = &mut full[usize::from(shape == Shape::Mixed)];
            let st = match slot {
                Some(st) => st,
                None => slot.insert(tx.prepare(&shape.sql(UPSERT_ROWS)).map_err(backend)?),
            };
            upsert_rows(st, shape, book, rates, chunk)?;
        }
    }
    bump(&tx, book)?;
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn delete(
    conn: &mut Connection,
    book: BookId,
    key: (&str, &str, chrono::NaiveDate),
    audit: &AuditRecord,
) -> Result<bool> {
    let (base, quote, date) = key;
    let tx = conn.transaction().map_err(backend)?;
    let gone = tx
        .execute(
            "DELETE FROM rates WHERE book_id = ?1 AND base = ?2 AND quote = ?3 AND date = ?4",
            params![book.0, base, quote, rows::date(date)],
        )
        .map_err(backend)?;
    if gone == 0 {
        return Ok(false);
    }
    bump(&tx, book)?;
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    Ok(true)
}

pub(crate) fn daily_sums(
    inner: &mut Inner,
    book: BookId,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<DailySum>> {
    let Inner { conn, scales } = inner;
    let raw = {
        let mut st = conn
            .prepare_cached(
                "SELECT account_id, commodity, date, amount_minor FROM daily_totals
                 WHERE book_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
                   AND amount_minor != 0
                 ORDER BY date, account_id, commodity",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(params![book.0, from.map(rows::date), to.map(rows::date)], |r| {
                Ok((
                    AccountId(r.get(0)?),
                    r.get::<_, String>(1)?,
                    rows::get_date(r, 2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(backend)?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(backend)?
    };
    raw.into_iter()
        .map(|(account_id, commodity, date, minor)| {
            let scale = scale_of(conn, scales, book, &commodity)?;
            Ok(DailySum { account_id, amount: money::from_minor(minor, scale), commodity, date })
        })
        .collect()
}
