//! Conversions between SQLite rows and core types, in one place: dates as ISO text
//! (`YYYY-MM-DD`, which sorts by date), timestamps as RFC 3339 UTC, amounts as integer minor
//! units, prices as exact decimal text.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::Row;
use rust_decimal::Decimal;
use std::str::FromStr;
use tally_core::account::{Account, AccountKind, AccountSubtype};
use tally_core::audit::{AuditAction, AuditEntry, EntityKind};
use tally_core::store::StoreError;
use tally_core::transaction::{Source, Status, UnitPrice};
use tally_core::user::{BookInfo, User};
use tally_core::{AccountId, BookId, UserId};

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn corrupt(what: &str) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(StoreError::Corrupt { what: what.to_owned() }))
}

pub(crate) fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| corrupt("date"))
}

pub(crate) fn get_date(row: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    parse_date(&row.get::<_, String>(i)?)
}

pub(crate) fn get_opt_date(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    row.get::<_, Option<String>>(i)?.map(|t| parse_date(&t)).transpose()
}

pub(crate) fn get_timestamp(row: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(i)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt("timestamp"))
}

pub(crate) fn get_decimal(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<Decimal>> {
    row.get::<_, Option<String>>(i)?
        .map(|t| Decimal::from_str(&t).map_err(|_| corrupt("decimal")))
        .transpose()
}

pub(crate) fn get_price(
    row: &Row<'_>,
    amount: usize,
    commodity: usize,
) -> rusqlite::Result<Option<UnitPrice>> {
    let Some(amount) = get_decimal(row, amount)? else { return Ok(None) };
    let commodity: String = row.get(commodity)?;
    Ok(Some(UnitPrice { amount, commodity }))
}

pub(crate) fn status(text: &str) -> rusqlite::Result<Status> {
    Status::parse(text).ok_or_else(|| corrupt("status"))
}

pub(crate) fn source(text: &str) -> rusqlite::Result<Source> {
    Source::parse(text).ok_or_else(|| corrupt("source"))
}

pub(crate) fn tags(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').map(str::to_owned).collect()
    }
}

pub(crate) const USER_COLUMNS: &str =
    "id, email, given_name, family_name, default_currency, locale, time_zone, created_at";

pub(crate) fn user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId(row.get(0)?),
        email: row.get(1)?,
        given_name: row.get(2)?,
        family_name: row.get(3)?,
        default_currency: row.get(4)?,
        locale: row.get(5)?,
        time_zone: row.get(6)?,
        created_at: get_timestamp(row, 7)?,
    })
}

pub(crate) const BOOK_COLUMNS: &str = "b.id, b.name, b.owner_id, b.default_currency, b.created_at";

pub(crate) fn book(row: &Row<'_>) -> rusqlite::Result<BookInfo> {
    Ok(BookInfo {
        id: BookId(row.get(0)?),
        name: row.get(1)?,
        owner_id: UserId(row.get(2)?),
        default_currency: row.get(3)?,
        created_at: get_timestamp(row, 4)?,
    })
}

pub(crate) const ACCOUNT_COLUMNS: &str = "id, parent_id, name, path, kind, subtype, currency, \
    institution, color, icon, opened_on, closed_on, archived, include_in_net_worth, created_at";

pub(crate) fn account(row: &Row<'_>) -> rusqlite::Result<Account> {
    let kind: String = row.get(4)?;
    let subtype: String = row.get(5)?;
    Ok(Account {
        id: AccountId(row.get(0)?),
        parent_id: row.get::<_, Option<i64>>(1)?.map(AccountId),
        name: row.get(2)?,
        path: row.get(3)?,
        kind: AccountKind::parse(&kind).ok_or_else(|| corrupt("account kind"))?,
        subtype: AccountSubtype::parse(&subtype).ok_or_else(|| corrupt("account subtype"))?,
        currency: row.get(6)?,
        institution: row.get(7)?,
        color: row.get(8)?,
        icon: row.get(9)?,
        opened_on: get_opt_date(row, 10)?,
        closed_on: get_opt_date(row, 11)?,
        archived: row.get(12)?,
        include_in_net_worth: row.get(13)?,
        created_at: get_timestamp(row, 14)?,
    })
}

pub(crate) const AUDIT_COLUMNS: &str =
    "id, book_id, actor, action, entity, entity_id, before, after, at";

pub(crate) fn audit(row: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    let action: String = row.get(3)?;
    let entity: String = row.get(4)?;
    let json = |i: usize| -> rusqlite::Result<Option<serde_json::Value>> {
        row.get::<_, Option<String>>(i)?
            .map(|t| serde_json::from_str(&t).map_err(|_| corrupt("audit json")))
            .transpose()
    };
    Ok(AuditEntry {
        id: row.get(0)?,
        book_id: BookId(row.get(1)?),
        actor: UserId(row.get(2)?),
        action: AuditAction::parse(&action).ok_or_else(|| corrupt("audit action"))?,
        entity: EntityKind::parse(&entity).ok_or_else(|| corrupt("audit entity"))?,
        entity_id: row.get(5)?,
        before: json(6)?,
        after: json(7)?,
        at: get_timestamp(row, 8)?,
    })
}

/// Maps a rusqlite error, unwrapping the core error a row conversion wrapped.
pub(crate) fn read_error(e: rusqlite::Error) -> tally_core::Error {
    if let rusqlite::Error::ToSqlConversionFailure(inner) = &e {
        if let Some(store) = inner.downcast_ref::<StoreError>() {
            return store.clone().into();
        }
    }
    super::backend(e).into()
}
