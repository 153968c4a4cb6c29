//! Conversions between SQLite rows and core types, in one place: dates as ISO text
//! (`YYYY-MM-DD`, which sorts by date), timestamps as RFC 3339 UTC, amounts as integer minor
//! units, prices as exact decimal text.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
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
    let mut buf = [0; 10];
    match date_text(d, &mut buf) {
        Some(text) => text.to_owned(),
        None => d.format("%Y-%m-%d").to_string(),
    }
}

/// `d` as `YYYY-MM-DD` in `buf`, without an allocation, for the years 0 to 9999 (every other
/// year gets `None`: [`date`] leaves those to chrono, which writes a sign and more digits).
pub(crate) fn date_text(d: NaiveDate, buf: &mut [u8; 10]) -> Option<&str> {
    let (year, month, day) = (d.year(), d.month(), d.day());
    let year = u32::try_from(year).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
    *buf = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    std::str::from_utf8(buf).ok()
}

pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn corrupt(what: &str) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(StoreError::Corrupt { what: what.to_owned() }))
}

pub(crate) fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    // What every store writes, read without chrono's format parser (a large part of reading
    // many rows); anything else goes through chrono as before.
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |a: &[u8]| a.iter().fold(0_u32, |acc, b| acc * 10 + u32::from(b - b'0'));
            let year = i32::try_from(n(&digits[..4])).unwrap_or(0);
            return NaiveDate::from_ymd_opt(year, n(&digits[4..6]), n(&digits[6..]))
                .ok_or_else(|| corrupt("date"));
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| corrupt("date"))
}

pub(crate) fn get_date(row: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    parse_date(row.get_ref(i)?.as_str().map_err(|_| corrupt("date"))?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_and_read_as_chrono_does() {
        let mut buf = [0; 10];
        for (y, m, d) in [(2026, 10, 30), (1999, 1, 4), (1, 1, 1), (0, 2, 29), (9999, 12, 31)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let chrono = day.format("%Y-%m-%d").to_string();
            assert_eq!(date_text(day, &mut buf), Some(chrono.as_str()));
            assert_eq!(date(day), chrono);
            assert_eq!(parse_date(&chrono).ok(), Some(day));
        }
        for (y, m, d) in [(-1, 1, 1), (10_000, 1, 1)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            assert_eq!(date_text(day, &mut buf), None);
            assert_eq!(date(day), day.format("%Y-%m-%d").to_string());
        }
        for text in ["2026-02-30", "2026-13-01", "2026-1-01", "20260101", "2026-01-0x", ""] {
            assert_eq!(
                parse_date(text).is_ok(),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                "{text}"
            );
        }
    }
}
