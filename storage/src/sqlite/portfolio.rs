//! Securities, booking methods and target allocations in SQLite (migration 7).

use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use std::str::FromStr;
use tally_core::account::AccountError;
use tally_core::audit::AuditRecord;
use tally_core::commodity::{Commodity, CommodityError};
use tally_core::portfolio::{AssetClass, BookingMethod, Security, TargetKey, TargetWeight};
use tally_core::store::StoreError;
use tally_core::{AccountId, BookId, Result};

use super::{backend, log, Inner};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt { what: what.to_owned() }
}

pub(crate) fn put_security(
    inner: &mut Inner,
    book: BookId,
    commodity: Option<&Commodity>,
    security: &Security,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    if let Some(c) = commodity {
        let exists: Option<String> = tx
            .query_row(
                "SELECT code FROM commodities WHERE book_id = ?1 AND code = ?2",
                params![book.0, c.code],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        if exists.is_some() {
            return Err(CommodityError::Exists { code: c.code.clone() }.into());
        }
        tx.execute(
            "INSERT INTO commodities (book_id, code, name, scale, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![book.0, c.code, c.name, c.scale, c.kind.as_str()],
        )
        .map_err(backend)?;
    }
    tx.execute(
        "INSERT INTO securities (book_id, code, asset_class, currency) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (book_id, code) DO UPDATE SET asset_class = excluded.asset_class,
             currency = excluded.currency",
        params![book.0, security.code, security.asset_class.as_str(), security.currency],
    )
    .map_err(backend)?;
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    if let Some(c) = commodity {
        inner.scales.insert((book, c.code.clone()), c.scale);
    }
    Ok(())
}

pub(crate) fn securities(conn: &Connection, book: BookId) -> Result<Vec<Security>> {
    let mut st = conn
        .prepare_cached(
            "SELECT code, asset_class, currency FROM securities WHERE book_id = ?1 ORDER BY code",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
    rows.into_iter()
        .map(|(code, class, currency)| {
            let asset_class = AssetClass::parse(&class).ok_or_else(|| corrupt("asset class"))?;
            Ok(Security { code, asset_class, currency })
        })
        .collect()
}

pub(crate) fn set_booking_method(
    inner: &mut Inner,
    book: BookId,
    account: AccountId,
    method: BookingMethod,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM accounts WHERE book_id = ?1 AND id = ?2",
            params![book.0, account.0],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    if exists.is_none() {
        return Err(AccountError::NotFound { field: "account_id".to_owned(), id: account }.into());
    }
    tx.execute(
        "INSERT INTO booking_methods (book_id, account_id, method) VALUES (?1, ?2, ?3)
         ON CONFLICT (book_id, account_id) DO UPDATE SET method = excluded.method",
        params![book.0, account.0, method.as_str()],
    )
    .map_err(backend)?;
    log(&tx, book, audit, Some(account.0))?;
    tx.commit().map_err(backend).map_err(Into::into)
}

pub(crate) fn booking_methods(
    conn: &Connection,
    book: BookId,
) -> Result<Vec<(AccountId, BookingMethod)>> {
    let mut st = conn
        .prepare_cached(
            "SELECT account_id, method FROM booking_methods WHERE book_id = ?1 ORDER BY account_id",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
    rows.into_iter()
        .map(|(id, m)| {
            let method = BookingMethod::parse(&m).ok_or_else(|| corrupt("booking method"))?;
            Ok((AccountId(id), method))
        })
        .collect()
}

pub(crate) fn replace_targets(
    inner: &mut Inner,
    book: BookId,
    account: Option<AccountId>,
    targets: &[TargetWeight],
    audit: &AuditRecord,
) -> Result<()> {
    let scope = account.map_or(0, |a| a.0);
    let tx = inner.conn.transaction().map_err(backend)?;
    tx.execute(
        "DELETE FROM allocation_targets WHERE book_id = ?1 AND account_id = ?2",
        params![book.0, scope],
    )
    .map_err(backend)?;
    for t in targets {
        tx.execute(
            "INSERT INTO allocation_targets (book_id, account_id, target_kind, target, percent)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![book.0, scope, t.key.kind_str(), t.key.value_str(), t.percent.to_string()],
        )
        .map_err(backend)?;
    }
    log(&tx, book, audit, account.map(|a| a.0))?;
    tx.commit().map_err(backend).map_err(Into::into)
}

pub(crate) fn targets(
    conn: &Connection,
    book: BookId,
    account: Option<AccountId>,
) -> Result<Vec<TargetWeight>> {
    let scope = account.map_or(0, |a| a.0);
    let mut st = conn
        .prepare_cached(
            "SELECT target_kind, target, percent FROM allocation_targets
             WHERE book_id = ?1 AND account_id = ?2",
        )
        .map_err(backend)?;
    let rows = st
        .query_map(params![book.0, scope], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
    let mut out = rows
        .into_iter()
        .map(|(kind, value, percent)| {
            let key = TargetKey::parse(&kind, &value).ok_or_else(|| corrupt("target key"))?;
            let percent = Decimal::from_str(&percent).map_err(|_| corrupt("target percent"))?;
            Ok(TargetWeight { key, percent })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}
