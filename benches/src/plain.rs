//! The plain rusqlite program: the limit Tally is measured against. It keeps the same
//! `transactions` and `splits` tables with the same columns and the same indexes as Tally's
//! schema (storage/src/sqlite/schema.rs, migrations 1 and 2), the same pragmas, and writes the
//! same rows (same date text, integer minor units, payee text) with cached prepared
//! statements, one SQLite transaction per batch. It does nothing else: no validation, no
//! audit log, no running totals, so its queries aggregate the splits directly.
//!
//! The `REFERENCES` clauses are left out (there are no `books` or `accounts` tables here) and
//! foreign keys are off.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, TransactionBehavior};
use rust_decimal::Decimal;
use std::path::Path;
use tally_core::{AccountId, NewTransaction};

use crate::{CURRENCY, CURRENCY_SCALE};

/// Tally's `transactions` and `splits` tables and their five indexes, as in its schema.
pub const SCHEMA: &str = r"
    CREATE TABLE transactions (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        posted_date TEXT,
        payee TEXT,
        narration TEXT,
        status TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT,
        source TEXT NOT NULL,
        external_id TEXT,
        reversal_of INTEGER,
        deleted INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX transactions_external ON transactions(book_id, external_id)
        WHERE external_id IS NOT NULL;
    CREATE INDEX transactions_reversal ON transactions(reversal_of)
        WHERE reversal_of IS NOT NULL;
    CREATE TABLE splits (
        id INTEGER PRIMARY KEY,
        transaction_id INTEGER NOT NULL,
        book_id INTEGER NOT NULL,
        account_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        commodity TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        price TEXT,
        price_commodity TEXT,
        cost TEXT,
        cost_commodity TEXT,
        memo TEXT,
        counted INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX splits_transaction ON splits(transaction_id);
    CREATE INDEX transactions_date ON transactions(book_id, date, id);
    CREATE INDEX splits_account_date ON splits(account_id, date, transaction_id);
";

/// The book id written in every row (the plain program holds one book).
pub const BOOK_ID: i64 = 1;

/// Opens (creating if missing) a plain database at `path` with Tally's pragmas and schema.
///
/// # Errors
///
/// Any SQLite error.
pub fn open(path: impl AsRef<Path>) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.set_prepared_statement_cache_capacity(64);
    let exists: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'splits'",
        [],
        |r| r.get(0),
    )?;
    if exists == 0 {
        conn.execute_batch(SCHEMA)?;
    }
    Ok(conn)
}

/// A timestamp as Tally writes it (RFC 3339, UTC, microseconds).
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A date as Tally writes it (`YYYY-MM-DD`).
pub fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `amount` in integer minor units at `scale`, when it is exact there and fits.
pub fn minor_units(amount: Decimal, scale: u32) -> Option<i64> {
    let extra = scale.checked_sub(amount.scale())?;
    let minor = amount.mantissa().checked_mul(10_i128.checked_pow(extra)?)?;
    i64::try_from(minor).ok()
}

/// Inserts `batch` in one SQLite transaction: one `transactions` row and one `splits` row per
/// split, as Tally writes them (status `cleared`, source `manual`, every split counted).
///
/// # Errors
///
/// Any SQLite error, or a conversion failure for an amount that is not exact in cents.
pub fn insert_batch(
    conn: &mut Connection,
    batch: &[NewTransaction],
    created_at: &str,
) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut insert_tx = tx.prepare_cached(
            "INSERT INTO transactions (book_id, date, posted_date, payee, narration, status, tags,
                notes, source, external_id, reversal_of, deleted, created_at, updated_at)
             VALUES (?1, ?2, NULL, ?3, NULL, 'cleared', '', NULL, 'manual', NULL, NULL, 0, ?4, ?4)",
        )?;
        let mut insert_split = tx.prepare_cached(
            "INSERT INTO splits (transaction_id, book_id, account_id, date, commodity, amount_minor,
                price, price_commodity, cost, cost_commodity, memo, counted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL, NULL, NULL, NULL, 1)",
        )?;
        let mut last: Option<(NaiveDate, String)> = None;
        for t in batch {
            let date = match &last {
                Some((d, text)) if *d == t.date => text.clone(),
                _ => {
                    let text = date_text(t.date);
                    last = Some((t.date, text.clone()));
                    text
                }
            };
            insert_tx.execute(params![BOOK_ID, date, t.payee, created_at])?;
            let id = tx.last_insert_rowid();
            for s in &t.splits {
                let minor = minor_units(s.amount, CURRENCY_SCALE).ok_or_else(|| {
                    rusqlite::Error::ToSqlConversionFailure("amount is not exact in cents".into())
                })?;
                insert_split.execute(params![
                    id,
                    BOOK_ID,
                    s.account_id.0,
                    date,
                    CURRENCY,
                    minor
                ])?;
            }
        }
    }
    tx.commit()
}

/// A sum of minor units per account and commodity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    /// Account.
    pub account_id: i64,
    /// Commodity.
    pub commodity: String,
    /// Sum of `amount_minor`.
    pub minor: i64,
}

fn sums(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> rusqlite::Result<Vec<Sum>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(args, |r| {
        Ok(Sum { account_id: r.get(0)?, commodity: r.get(1)?, minor: r.get(2)? })
    })?;
    rows.collect()
}

/// Balance of every account: the naive `GROUP BY` over all splits.
///
/// # Errors
///
/// Any SQLite error.
pub fn balances(conn: &Connection) -> rusqlite::Result<Vec<Sum>> {
    sums(
        conn,
        "SELECT account_id, commodity, SUM(amount_minor) FROM splits
         GROUP BY account_id, commodity",
        [],
    )
}

/// Balance of every account at the end of `as_of`.
///
/// # Errors
///
/// Any SQLite error.
pub fn balances_as_of(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<Vec<Sum>> {
    sums(
        conn,
        "SELECT account_id, commodity, SUM(amount_minor) FROM splits WHERE date <= ?1
         GROUP BY account_id, commodity",
        [date_text(as_of)],
    )
}

/// Spending per expense account between two dates inclusive: the `GROUP BY` over the splits
/// of the expense accounts in the date range (the account list lets SQLite use
/// `splits_account_date`).
///
/// # Errors
///
/// Any SQLite error.
pub fn spending(
    conn: &Connection,
    expenses: &[AccountId],
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<Sum>> {
    let list = expenses.iter().map(|a| a.0.to_string()).collect::<Vec<_>>().join(",");
    sums(
        conn,
        &format!(
            "SELECT account_id, commodity, SUM(amount_minor) FROM splits
             WHERE account_id IN ({list}) AND date >= ?1 AND date <= ?2
             GROUP BY account_id, commodity"
        ),
        [date_text(from), date_text(to)],
    )
}

/// One row of a register page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// Split id.
    pub split_id: i64,
    /// Transaction id.
    pub transaction_id: i64,
    /// Date text.
    pub date: String,
    /// Payee.
    pub payee: Option<String>,
    /// Narration.
    pub narration: Option<String>,
    /// Status.
    pub status: String,
    /// Amount in minor units.
    pub minor: i64,
    /// Commodity.
    pub commodity: String,
}

/// A page of the register of one account, by date (then transaction, then split), without
/// the running balance (the plain program keeps no totals to start it from).
///
/// # Errors
///
/// Any SQLite error.
pub fn register_page(
    conn: &Connection,
    account: AccountId,
    descending: bool,
    offset: u64,
    limit: u32,
) -> rusqlite::Result<Vec<RegisterRow>> {
    let dir = if descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT s.id, s.transaction_id, s.date, t.payee, t.narration, t.status, s.amount_minor,
            s.commodity
         FROM splits s JOIN transactions t ON t.id = s.transaction_id
         WHERE s.account_id = ?1
         ORDER BY s.date {dir}, s.transaction_id {dir}, s.id {dir} LIMIT ?2 OFFSET ?3"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let rows = st.query_map(params![account.0, limit, offset], |r| {
        Ok(RegisterRow {
            split_id: r.get(0)?,
            transaction_id: r.get(1)?,
            date: r.get(2)?,
            payee: r.get(3)?,
            narration: r.get(4)?,
            status: r.get(5)?,
            minor: r.get(6)?,
            commodity: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// Number of splits of `account`.
///
/// # Errors
///
/// Any SQLite error.
pub fn split_count(conn: &Connection, account: AccountId) -> rusqlite::Result<u64> {
    conn.query_row("SELECT COUNT(*) FROM splits WHERE account_id = ?1", [account.0], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| u64::try_from(n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{setup_book, Workload, SEED};

    #[test]
    fn plain_rows_match_tally_rows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = tally_storage::open(dir.path().join("tally.sqlite")).expect("engine");
        let (book, chart) = setup_book(&engine).expect("book");
        let w = Workload::new(chart.clone(), SEED, 3_000);
        let mut conn = open(dir.path().join("plain.sqlite")).expect("plain");
        let at = timestamp(Utc::now());
        for batch in w.batches(1_000) {
            book.transactions().add_batch(&batch).expect("tally batch");
            insert_batch(&mut conn, &batch, &at).expect("plain batch");
        }
        let tally = book.accounts().balances(None).expect("balances");
        let plain = balances(&conn).expect("plain balances");
        for sum in &plain {
            let row = tally
                .iter()
                .find(|b| b.account_id.0 == sum.account_id)
                .expect("account in tally balances");
            assert_eq!(minor_units(row.own, CURRENCY_SCALE), Some(sum.minor));
        }
        let page = register_page(&conn, chart.checking(), true, 0, 100).expect("page");
        let tally_page = book
            .accounts()
            .register(
                chart.checking(),
                false,
                tally_core::PageRequest::first(100, tally_core::SortOrder::Descending),
            )
            .expect("register");
        let ids: Vec<i64> = page.iter().map(|r| r.split_id).collect();
        let tally_ids: Vec<i64> = tally_page.items.iter().map(|r| r.split_id.0).collect();
        assert_eq!(ids, tally_ids);
    }

    #[test]
    fn minor_units_are_exact() {
        assert_eq!(minor_units(Decimal::new(1234, 2), 2), Some(1234));
        assert_eq!(minor_units(Decimal::new(5, 0), 2), Some(500));
        assert_eq!(minor_units(Decimal::new(1, 3), 2), None);
    }
}
