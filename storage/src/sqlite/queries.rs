//! Queries in SQLite: balances and flows from the running totals (never a scan of splits),
//! the register with a running balance computed from the totals before the page, search, and
//! the audit log.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use rust_decimal::Decimal;
use std::collections::HashMap;
use tally_core::audit::AuditEntry;
use tally_core::query::{LeafSum, Page, PageRequest, RegisterRow, SortOrder, TransactionFilter};
use tally_core::{money, AccountId, BookId, Result, SplitId, TransactionId};

use super::ledger::read_transactions;
use super::rows::{self, read_error};
use super::{backend, scale_of, Inner};

fn leaf_sums(inner: &mut Inner, book: BookId, sql: &str, args: Vec<Value>) -> Result<Vec<LeafSum>> {
    let Inner { conn, scales } = inner;
    let raw = {
        let mut st = conn.prepare_cached(sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok((AccountId(r.get(0)?), r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
            })
            .map_err(backend)?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(backend)?
    };
    raw.into_iter()
        .map(|(account_id, commodity, minor)| {
            let scale = scale_of(conn, scales, book, &commodity)?;
            Ok(LeafSum { account_id, amount: money::from_minor(minor, scale), commodity })
        })
        .collect()
}

pub(crate) fn leaf_balances(
    inner: &mut Inner,
    book: BookId,
    as_of: Option<chrono::NaiveDate>,
) -> Result<Vec<LeafSum>> {
    match as_of {
        None => leaf_sums(
            inner,
            book,
            "SELECT account_id, commodity, amount_minor FROM account_totals
             WHERE book_id = ?1 AND amount_minor != 0 ORDER BY account_id, commodity",
            vec![Value::Integer(book.0)],
        ),
        Some(day) => sums_between(inner, book, None, day),
    }
}

pub(crate) fn leaf_flows(
    inner: &mut Inner,
    book: BookId,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<LeafSum>> {
    sums_between(inner, book, Some(from), to)
}

/// The book's first and last days with totals (`None` when it has none); two searches of the
/// `(book_id, date, ..)` key.
fn date_span(conn: &rusqlite::Connection, book: BookId) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let (first, last): (Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT (SELECT MIN(date) FROM daily_totals WHERE book_id = ?1),
                    (SELECT MAX(date) FROM daily_totals WHERE book_id = ?1)",
        )
        .and_then(|mut st| st.query_row([book.0], |r| Ok((r.get(0)?, r.get(1)?))))
        .map_err(backend)?;
    match (first, last) {
        (Some(f), Some(l)) => Ok(Some((
            rows::parse_date(&f).map_err(read_error)?,
            rows::parse_date(&l).map_err(read_error)?,
        ))),
        _ => Ok(None),
    }
}

/// Sums of counted splits dated from `from` (the beginning when `None`) through `to`. Either
/// the days in the range are summed, or the account totals minus the days outside it:
/// whichever covers fewer days, so a balance as of a recent day or the flows since the start
/// of a long history read a few days of totals, not years.
fn sums_between(
    inner: &mut Inner,
    book: BookId,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<Vec<LeafSum>> {
    let complement = match date_span(&inner.conn, book)? {
        None => return Ok(Vec::new()),
        Some((first, last)) => {
            let lo = from.map_or(first, |f| f.max(first));
            let hi = to.min(last);
            let inside = (hi - lo).num_days().max(0);
            let outside = (lo - first).num_days().max(0) + (last - hi).num_days().max(0);
            outside < inside
        }
    };
    let day = |d: NaiveDate| Value::Text(rows::date(d));
    if complement {
        // Everything before `from` and after `to`, subtracted from the running totals.
        let before = from.map_or(Value::Text(String::new()), day);
        leaf_sums(
            inner,
            book,
            "SELECT account_id, commodity, SUM(m) AS total FROM (
                 SELECT account_id, commodity, amount_minor AS m FROM account_totals
                 WHERE book_id = ?1
                 UNION ALL
                 SELECT account_id, commodity, -amount_minor FROM daily_totals
                 WHERE book_id = ?1 AND date < ?2
                 UNION ALL
                 SELECT account_id, commodity, -amount_minor FROM daily_totals
                 WHERE book_id = ?1 AND date > ?3)
             GROUP BY account_id, commodity HAVING total != 0 ORDER BY account_id, commodity",
            vec![Value::Integer(book.0), before, day(to)],
        )
    } else {
        let after = from.map_or(Value::Text(String::new()), day);
        leaf_sums(
            inner,
            book,
            "SELECT account_id, commodity, SUM(amount_minor) AS total FROM daily_totals
             WHERE book_id = ?1 AND date >= ?2 AND date <= ?3 GROUP BY account_id, commodity
             HAVING total != 0 ORDER BY account_id, commodity",
            vec![Value::Integer(book.0), after, day(to)],
        )
    }
}

fn id_list(ids: &[AccountId]) -> String {
    ids.iter().map(|i| i.0.to_string()).collect::<Vec<_>>().join(",")
}

struct RawRow {
    split_id: i64,
    transaction_id: i64,
    account_id: i64,
    date: chrono::NaiveDate,
    payee: Option<String>,
    narration: Option<String>,
    memo: Option<String>,
    status: tally_core::Status,
    minor: i64,
    commodity: String,
}

pub(crate) fn register(
    inner: &mut Inner,
    book: BookId,
    accounts: &[AccountId],
    page: &PageRequest,
) -> Result<Page<RegisterRow>> {
    let Inner { conn, scales } = inner;
    // Account ids are integers checked by the core against this book; inlining them lets
    // SQLite use the (account_id, date, transaction_id) index for any number of accounts.
    let list = id_list(accounts);
    let total: i64 = conn
        .query_row(
            &format!("SELECT COALESCE(SUM(split_count), 0) FROM account_totals WHERE book_id = ?1 AND account_id IN ({list})"),
            [book.0],
            |r| r.get(0),
        )
        .map_err(backend)?;
    let ascending = page.order == SortOrder::Ascending;
    let dir = if ascending { "ASC" } else { "DESC" };
    let (from, offset) = seek(conn, &list, page)?;
    let bound = if ascending { ">=" } else { "<=" };
    let sql = format!(
        "SELECT s.id, s.transaction_id, s.account_id, s.date, t.payee, t.narration, s.memo, t.status,
            s.amount_minor, s.commodity
         FROM splits s JOIN transactions t ON t.id = s.transaction_id
         WHERE s.book_id = ?1 AND s.account_id IN ({list}) AND s.counted = 1 AND s.date {bound} ?4
         ORDER BY s.date {dir}, s.transaction_id {dir}, s.id {dir} LIMIT ?2 OFFSET ?3"
    );
    let raw: Vec<RawRow> = {
        let mut st = conn.prepare_cached(&sql).map_err(backend)?;
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = st
            .query_map(params![book.0, page.limit, offset, from], |r| {
                Ok(RawRow {
                    split_id: r.get(0)?,
                    transaction_id: r.get(1)?,
                    account_id: r.get(2)?,
                    date: rows::get_date(r, 3)?,
                    payee: r.get(4)?,
                    narration: r.get(5)?,
                    memo: r.get(6)?,
                    status: rows::status(&r.get::<_, String>(7)?)?,
                    minor: r.get(8)?,
                    commodity: r.get(9)?,
                })
            })
            .map_err(backend)?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(read_error)?
    };
    let mut items = Vec::with_capacity(raw.len());
    if let Some(first) = raw.first() {
        // The running balance per commodity just before the page's first row (in date order),
        // from the daily totals before its date plus the same day's earlier splits.
        let (anchor, include_anchor) = match page.order {
            SortOrder::Ascending => (first, false),
            SortOrder::Descending => (first, true),
        };
        let mut running: HashMap<String, i64> =
            balance_before(conn, book, &list, anchor, include_anchor)?;
        for row in raw {
            let balance = running.entry(row.commodity.clone()).or_default();
            let after = match page.order {
                SortOrder::Ascending => {
                    *balance += row.minor;
                    *balance
                }
                SortOrder::Descending => {
                    let here = *balance;
                    *balance -= row.minor;
                    here
                }
            };
            let scale = scale_of(conn, scales, book, &row.commodity)?;
            items.push(RegisterRow {
                transaction_id: TransactionId(row.transaction_id),
                split_id: SplitId(row.split_id),
                account_id: AccountId(row.account_id),
                date: row.date,
                payee: row.payee,
                narration: row.narration,
                memo: row.memo,
                status: row.status,
                amount: money::from_minor(row.minor, scale),
                balance: money::from_minor(after, scale),
                commodity: row.commodity,
            });
        }
    }
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), offset: page.offset })
}

/// Pages deeper than this start from the day that holds their first row, found from the
/// per-day split counts, so SQLite does not walk every skipped row.
const SEEK_FROM_OFFSET: u64 = 1_000;

/// The first date to read from (in the page's order) and the offset left within it.
fn seek(conn: &Connection, list: &str, page: &PageRequest) -> Result<(String, u64)> {
    let ascending = page.order == SortOrder::Ascending;
    let open_end = if ascending { "0000-00-00" } else { "9999-99-99" };
    if page.offset < SEEK_FROM_OFFSET {
        return Ok((open_end.to_owned(), page.offset));
    }
    let dir = if ascending { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT date, SUM(split_count) FROM daily_totals WHERE account_id IN ({list})
         GROUP BY date ORDER BY date {dir}"
    );
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let mut rows = st.query([]).map_err(backend)?;
    let mut skipped: u64 = 0;
    while let Some(row) = rows.next().map_err(backend)? {
        let count = u64::try_from(row.get::<_, i64>(1).map_err(backend)?).unwrap_or(0);
        if skipped + count > page.offset {
            return Ok((row.get(0).map_err(backend)?, page.offset - skipped));
        }
        skipped += count;
    }
    // Past the end: an empty page.
    Ok((open_end.to_owned(), page.offset))
}

/// Sum per commodity of the counted splits of `list` ordered before `row` (or up to and
/// including it).
fn balance_before(
    conn: &Connection,
    book: BookId,
    list: &str,
    row: &RawRow,
    inclusive: bool,
) -> Result<HashMap<String, i64>> {
    let mut out: HashMap<String, i64> = HashMap::new();
    let date = rows::date(row.date);
    let cmp = if inclusive { "<=" } else { "<" };
    let parts = [
        (
            format!(
                // No book_id here: it would steer SQLite to the (book_id, date) key and a scan
                // of every account's days; the accounts are this book's already.
                "SELECT commodity, SUM(amount_minor) FROM daily_totals
                 WHERE account_id IN ({list}) AND date < ?1 GROUP BY commodity"
            ),
            vec![Value::Text(date.clone())],
        ),
        (
            format!(
                "SELECT commodity, SUM(amount_minor) FROM splits
                 WHERE book_id = ?1 AND account_id IN ({list}) AND counted = 1 AND date = ?2
                   AND (transaction_id < ?3 OR (transaction_id = ?3 AND id {cmp} ?4))
                 GROUP BY commodity"
            ),
            vec![
                Value::Integer(book.0),
                Value::Text(date),
                Value::Integer(row.transaction_id),
                Value::Integer(row.split_id),
            ],
        ),
    ];
    for (sql, args) in parts {
        let mut st = conn.prepare_cached(&sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(backend)?;
        for r in rows {
            let (commodity, minor) = r.map_err(backend)?;
            *out.entry(commodity).or_default() += minor;
        }
    }
    Ok(out)
}

pub(crate) fn search(
    inner: &mut Inner,
    book: BookId,
    filter: &TransactionFilter,
    accounts: &[AccountId],
    page: &PageRequest,
) -> Result<Page<tally_core::Transaction>> {
    let Inner { conn, scales } = inner;
    let mut clauses: Vec<String> = vec!["t.book_id = ?".to_owned()];
    let mut args: Vec<Value> = vec![Value::Integer(book.0)];
    if !filter.include_deleted {
        clauses.push("t.deleted = 0".to_owned());
    }
    if let Some(d) = filter.date_from {
        clauses.push("t.date >= ?".to_owned());
        args.push(Value::Text(rows::date(d)));
    }
    if let Some(d) = filter.date_to {
        clauses.push("t.date <= ?".to_owned());
        args.push(Value::Text(rows::date(d)));
    }
    if !filter.statuses.is_empty() {
        clauses.push(format!("t.status IN ({})", vec!["?"; filter.statuses.len()].join(",")));
        args.extend(filter.statuses.iter().map(|s| Value::Text(s.as_str().to_owned())));
    }
    if !filter.sources.is_empty() {
        clauses.push(format!("t.source IN ({})", vec!["?"; filter.sources.len()].join(",")));
        args.extend(filter.sources.iter().map(|s| Value::Text(s.as_str().to_owned())));
    }
    if !filter.tags.is_empty() {
        let any: Vec<&str> = filter
            .tags
            .iter()
            .map(|_| "instr(',' || t.tags || ',', ',' || ? || ',') > 0")
            .collect();
        clauses.push(format!("({})", any.join(" OR ")));
        args.extend(filter.tags.iter().map(|t| Value::Text(t.clone())));
    }
    if let Some(text) = &filter.text {
        clauses.push("(tally_contains(t.payee, ?) OR tally_contains(t.narration, ?))".to_owned());
        let needle = text.to_lowercase();
        args.push(Value::Text(needle.clone()));
        args.push(Value::Text(needle));
    }
    let amount_filter = filter.amount_min.is_some() || filter.amount_max.is_some();
    if !accounts.is_empty() || amount_filter {
        let mut split_clauses: Vec<String> = vec!["s.transaction_id = t.id".to_owned()];
        if !accounts.is_empty() {
            split_clauses.push(format!("s.account_id IN ({})", id_list(accounts)));
        }
        if amount_filter {
            split_clauses.push(amount_clause(conn, scales, book, filter, &mut args)?);
        }
        clauses
            .push(format!("EXISTS (SELECT 1 FROM splits s WHERE {})", split_clauses.join(" AND ")));
    }
    let where_sql = clauses.join(" AND ");
    let total: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM transactions t WHERE {where_sql}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )
        .map_err(backend)?;
    let dir = if page.order == SortOrder::Ascending { "ASC" } else { "DESC" };
    let ids: Vec<TransactionId> = {
        let sql = format!("SELECT t.id FROM transactions t WHERE {where_sql} ORDER BY t.date {dir}, t.id {dir} LIMIT ? OFFSET ?");
        let mut all = args.clone();
        all.push(Value::Integer(i64::from(page.limit)));
        all.push(Value::Integer(i64::try_from(page.offset).unwrap_or(i64::MAX)));
        let mut st = conn.prepare(&sql).map_err(backend)?;
        let rows = st.query_map(params_from_iter(all), |r| r.get::<_, i64>(0)).map_err(backend)?;
        rows.map(|r| r.map(TransactionId)).collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    let mut items = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        items.extend(read_transactions(conn, scales, book, chunk)?);
    }
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), offset: page.offset })
}

/// Transactions touching `accounts` or carrying one of `tags` up to `to`, in (date, id) order:
/// one query for the ids, then the rows in chunks (no paging, no count).
pub(crate) fn transactions_touching(
    inner: &mut Inner,
    book: BookId,
    accounts: &[AccountId],
    tags: &[String],
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<tally_core::Transaction>> {
    let Inner { conn, scales } = inner;
    let mut args: Vec<Value> = vec![Value::Integer(book.0)];
    let mut clauses = vec!["t.book_id = ?".to_owned(), "t.deleted = 0".to_owned()];
    if let Some(d) = to {
        clauses.push("t.date <= ?".to_owned());
        args.push(Value::Text(rows::date(d)));
    }
    let mut any: Vec<String> = Vec::new();
    if !accounts.is_empty() {
        any.push(format!(
            "EXISTS (SELECT 1 FROM splits s WHERE s.transaction_id = t.id AND s.account_id IN ({}))",
            id_list(accounts)
        ));
    }
    for tag in tags {
        any.push("instr(',' || t.tags || ',', ',' || ? || ',') > 0".to_owned());
        args.push(Value::Text(tag.clone()));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    clauses.push(format!("({})", any.join(" OR ")));
    let sql = format!(
        "SELECT t.id FROM transactions t WHERE {} ORDER BY t.date, t.id",
        clauses.join(" AND ")
    );
    let ids: Vec<TransactionId> = {
        let mut st = conn.prepare(&sql).map_err(backend)?;
        let rows = st.query_map(params_from_iter(args), |r| r.get::<_, i64>(0)).map_err(backend)?;
        rows.map(|r| r.map(TransactionId)).collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    let mut items = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        items.extend(read_transactions(conn, scales, book, chunk)?);
    }
    Ok(items)
}

/// The absolute-amount range as minor units per commodity used in the book.
fn amount_clause(
    conn: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    filter: &TransactionFilter,
    args: &mut Vec<Value>,
) -> Result<String> {
    let commodities: Vec<String> = {
        let mut st = conn
            .prepare_cached("SELECT DISTINCT commodity FROM account_totals WHERE book_id = ?1")
            .map_err(backend)?;
        let rows = st.query_map([book.0], |r| r.get::<_, String>(0)).map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    let mut any = Vec::with_capacity(commodities.len());
    for code in commodities {
        let scale = scale_of(conn, scales, book, &code)?;
        let factor = Decimal::from_i128_with_scale(10_i128.pow(scale), 0);
        let to_i64 = |d: Decimal| {
            i64::try_from(d.mantissa() / 10_i128.pow(d.scale()))
                .unwrap_or(if d.is_sign_negative() { i64::MIN } else { i64::MAX })
        };
        // A bound too large for a Decimal matches nothing (min) or everything (max).
        let min = filter
            .amount_min
            .map_or(i64::MIN, |m| m.checked_mul(factor).map_or(i64::MAX, |v| to_i64(v.ceil())));
        let max = filter
            .amount_max
            .map_or(i64::MAX, |m| m.checked_mul(factor).map_or(i64::MAX, |v| to_i64(v.floor())));
        any.push("(s.commodity = ? AND abs(s.amount_minor) BETWEEN ? AND ?)");
        args.push(Value::Text(code));
        args.push(Value::Integer(min));
        args.push(Value::Integer(max));
    }
    if any.is_empty() {
        return Ok("0".to_owned());
    }
    Ok(format!("({})", any.join(" OR ")))
}

pub(crate) fn audit_log(
    conn: &Connection,
    book: BookId,
    page: &PageRequest,
) -> Result<Page<AuditEntry>> {
    let total: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log WHERE book_id = ?1", [book.0], |r| r.get(0))
        .map_err(backend)?;
    let dir = if page.order == SortOrder::Ascending { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT {} FROM audit_log WHERE book_id = ?1 ORDER BY id {dir} LIMIT ?2 OFFSET ?3",
        rows::AUDIT_COLUMNS
    );
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
    let items = st
        .query_map(params![book.0, page.limit, offset], rows::audit)
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(read_error)?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), offset: page.offset })
}
