//! Alerts, alert settings and the split rows alert rules read, in SQLite. The unique index on
//! (book, dedupe key) is what makes raising an alert idempotent: `INSERT .. ON CONFLICT DO
//! NOTHING` stores each key once however often it is evaluated. An alert's amount is a figure
//! quoted from the evaluation (often converted), kept as exact decimal text.

use rusqlite::{params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use std::str::FromStr;
use tally_core::alert::{
    Alert, AlertDraft, AlertError, AlertFilter, AlertKind, AlertSettings, SplitQuery, SplitRow,
};
use tally_core::audit::AuditRecord;
use tally_core::store::StoreError;
use tally_core::{money, AccountId, AlertId, BookId, Result, TransactionId};

use super::rows::{self, corrupt, read_error};
use super::{backend, log, scale_of, Inner};

const ALERT_COLUMNS: &str =
    "id, kind, dedupe_key, message, entities, date, amount, commodity, created_at, read, dismissed";

fn alert(r: &Row<'_>) -> rusqlite::Result<Alert> {
    let amount: Option<String> = r.get(6)?;
    Ok(Alert {
        id: AlertId(r.get(0)?),
        kind: AlertKind::parse(&r.get::<_, String>(1)?).ok_or_else(|| corrupt("alerts.kind"))?,
        key: r.get(2)?,
        message: r.get(3)?,
        entities: serde_json::from_str(&r.get::<_, String>(4)?)
            .map_err(|_| corrupt("alerts.entities"))?,
        date: rows::get_date(r, 5)?,
        amount: amount
            .map(|a| Decimal::from_str(&a).map_err(|_| corrupt("alerts.amount")))
            .transpose()?,
        commodity: r.get(7)?,
        created_at: rows::get_timestamp(r, 8)?,
        read: r.get(9)?,
        dismissed: r.get(10)?,
    })
}

pub(crate) fn insert_alerts(
    conn: &mut Connection,
    book: BookId,
    drafts: &[AlertDraft],
    audit: &AuditRecord,
) -> Result<Vec<Alert>> {
    let tx = conn.transaction().map_err(backend)?;
    let at = rows::timestamp(audit.at);
    let mut ids = Vec::new();
    {
        let mut st = tx
            .prepare_cached(
                "INSERT INTO alerts (book_id, kind, dedupe_key, message, entities, date, amount, commodity, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (book_id, dedupe_key) DO NOTHING",
            )
            .map_err(backend)?;
        for d in drafts {
            let entities = serde_json::to_string(&d.entities)
                .map_err(|e| StoreError::Backend { message: format!("encode: {e}") })?;
            let n = st
                .execute(params![
                    book.0,
                    d.kind.as_str(),
                    d.key,
                    d.message,
                    entities,
                    rows::date(d.date),
                    d.amount.map(|a| a.to_string()),
                    d.commodity,
                    at
                ])
                .map_err(backend)?;
            if n == 1 {
                ids.push(tx.last_insert_rowid());
            }
        }
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in &ids {
        out.push(
            tx.query_row(&format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?1"), [id], alert)
                .map_err(read_error)?,
        );
    }
    if let Some(first) = ids.first() {
        log(&tx, book, audit, Some(*first))?;
    }
    tx.commit().map_err(backend)?;
    Ok(out)
}

pub(crate) fn alerts(conn: &Connection, book: BookId, filter: &AlertFilter) -> Result<Vec<Alert>> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE book_id = ?1
             AND (?2 = 0 OR read = 0) AND (?3 = 1 OR dismissed = 0) ORDER BY id"
        ))
        .map_err(backend)?;
    let rows = st
        .query_map(params![book.0, filter.unread_only, filter.include_dismissed], alert)
        .map_err(backend)?;
    let all = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?;
    Ok(all.into_iter().filter(|a| filter.matches(a)).collect())
}

pub(crate) fn set_flags(
    conn: &mut Connection,
    book: BookId,
    ids: &[AlertId],
    read: Option<bool>,
    dismissed: Option<bool>,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    for id in ids {
        let n = tx
            .execute(
                "UPDATE alerts SET read = COALESCE(?3, read), dismissed = COALESCE(?4, dismissed)
                 WHERE book_id = ?1 AND id = ?2",
                params![book.0, id.0, read, dismissed],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(AlertError::NotFound(*id).into());
        }
    }
    log(&tx, book, audit, ids.first().map(|i| i.0))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn settings(conn: &Connection, book: BookId) -> Result<Option<AlertSettings>> {
    let text: Option<String> = conn
        .query_row("SELECT settings FROM alert_settings WHERE book_id = ?1", [book.0], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|_| StoreError::Corrupt { what: "alert_settings.settings".to_owned() }.into())
    })
    .transpose()
}

pub(crate) fn set_settings(
    conn: &mut Connection,
    book: BookId,
    settings: &AlertSettings,
    audit: &AuditRecord,
) -> Result<()> {
    let text = serde_json::to_string(settings)
        .map_err(|e| StoreError::Backend { message: format!("encode: {e}") })?;
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO alert_settings (book_id, settings) VALUES (?1, ?2)
         ON CONFLICT (book_id) DO UPDATE SET settings = excluded.settings",
        params![book.0, text],
    )
    .map_err(backend)?;
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn split_rows(
    inner: &mut Inner,
    book: BookId,
    query: &SplitQuery,
) -> Result<Vec<SplitRow>> {
    let Inner { conn, scales } = inner;
    let from = rows::date(query.from);
    let to = rows::date(query.to);
    let limit = query.limit_per_account.map_or(-1, i64::from);
    // An empty range (1, 0) when nothing is left out.
    let (ex_lo, ex_hi) = query.exclude.map_or((1, 0), |(lo, hi)| (lo.0, hi.0));
    let mut raw: Vec<(i64, i64, chrono::NaiveDate, i64, String, Option<String>)> = Vec::new();
    let map = |r: &Row<'_>| {
        Ok((r.get(0)?, r.get(1)?, rows::get_date(r, 2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    };
    if query.accounts.is_empty() {
        // Through the transactions' (book_id, date) index, then each one's splits.
        let mut st = conn
            .prepare_cached(
                "SELECT s.transaction_id, s.account_id, s.date, s.amount_minor, s.commodity, t.payee
                 FROM transactions t JOIN splits s ON s.transaction_id = t.id
                 WHERE t.book_id = ?1 AND t.date >= ?2 AND t.date <= ?3 AND s.counted = 1
                   AND t.id NOT BETWEEN ?4 AND ?5
                 ORDER BY t.date DESC, t.id DESC",
            )
            .map_err(backend)?;
        let rows = st.query_map(params![book.0, from, to, ex_lo, ex_hi], map).map_err(backend)?;
        raw = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?;
    } else {
        let mut st = conn
            .prepare_cached(
                "SELECT s.transaction_id, s.account_id, s.date, s.amount_minor, s.commodity, t.payee
                 FROM splits s JOIN transactions t ON t.id = s.transaction_id
                 WHERE s.account_id = ?1 AND s.book_id = ?2 AND s.date >= ?3 AND s.date <= ?4
                   AND s.counted = 1 AND s.transaction_id NOT BETWEEN ?6 AND ?7
                 ORDER BY s.date DESC, s.transaction_id DESC LIMIT ?5",
            )
            .map_err(backend)?;
        for account in &query.accounts {
            let args = params![account.0, book.0, from, to, limit, ex_lo, ex_hi];
            let rows = st.query_map(args, map).map_err(backend)?;
            raw.extend(rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?);
        }
        raw.sort_by_key(|r| std::cmp::Reverse((r.2, r.0)));
    }
    raw.into_iter()
        .map(|(tx, account, date, minor, commodity, payee)| {
            let scale = scale_of(conn, scales, book, &commodity)?;
            Ok(SplitRow {
                transaction_id: TransactionId(tx),
                account_id: AccountId(account),
                date,
                amount: money::from_minor(minor, scale),
                commodity,
                payee,
            })
        })
        .collect()
}
