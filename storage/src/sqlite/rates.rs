//! Rates in SQLite: one `rates` row per (book, base, quote, date), the rate kept as exact decimal
//! text; `rate_versions` moves on every write so the engine knows when to rebuild its table.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use rust_decimal::Decimal;
use std::str::FromStr;
use tally_core::audit::AuditRecord;
use tally_core::query::DailySum;
use tally_core::rates::{Rate, RateFilter};
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

pub(crate) fn upsert(
    conn: &mut Connection,
    book: BookId,
    rates: &[Rate],
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    {
        let mut st = tx
            .prepare_cached(
                "INSERT INTO rates (book_id, base, quote, date, rate, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (book_id, base, quote, date)
                 DO UPDATE SET rate = excluded.rate, source = excluded.source",
            )
            .map_err(backend)?;
        for r in rates {
            st.execute(params![
                book.0,
                r.base,
                r.quote,
                rows::date(r.date),
                r.rate.to_string(),
                r.source
            ])
            .map_err(backend)?;
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
