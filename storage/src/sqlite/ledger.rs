//! Transactions and splits in SQLite, with the running totals kept in step in the same
//! database transaction: every counted split adds its minor units to `daily_totals` and
//! `account_totals`; delete, restore, void and edit subtract and add again.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::collections::HashMap;
use tally_core::audit::AuditRecord;
use tally_core::categorization::TransactionDecision;
use tally_core::money::MoneyError;
use tally_core::store::{ChunkSink, ImportedTransaction, StoreError};
use tally_core::transaction::{Split, Transaction, TransactionDraft, TransactionError};
use tally_core::{money, AccountId, BookId, Result, SplitId, TransactionId};

use super::rows::{self, read_error};
use super::{backend, log, scale_of, Inner};

/// Net change of totals per (account, commodity, date): minor units and split count.
/// Commodity codes are interned, so adding a split allocates nothing.
#[derive(Default)]
pub(crate) struct TotalsDelta {
    commodities: Vec<String>,
    by_day: HashMap<(AccountId, usize, NaiveDate), (i64, i64)>,
}

impl TotalsDelta {
    fn add(
        &mut self,
        account: AccountId,
        commodity: &str,
        date: NaiveDate,
        minor: i64,
        sign: i64,
    ) -> Result<()> {
        let index = match self.commodities.iter().position(|c| c == commodity) {
            Some(i) => i,
            None => {
                self.commodities.push(commodity.to_owned());
                self.commodities.len() - 1
            }
        };
        let slot = self.by_day.entry((account, index, date)).or_default();
        let delta = minor.checked_mul(sign).and_then(|d| slot.0.checked_add(d));
        slot.0 = delta.ok_or_else(|| StoreError::Backend {
            message: "integer overflow in totals".to_owned(),
        })?;
        slot.1 += sign;
        Ok(())
    }

    /// Writes the delta. A balance that would leave the `i64` range of minor units is refused
    /// with `amount_out_of_range`; `STRICT` tables would refuse the REAL an overflowing SQL sum
    /// becomes in any case, so nothing inexact can ever be stored.
    fn apply(
        &self,
        conn: &Connection,
        scales: &mut HashMap<(BookId, String), u32>,
        book: BookId,
    ) -> Result<()> {
        let mut daily = conn
            .prepare_cached(
                "INSERT INTO daily_totals (book_id, account_id, commodity, date, amount_minor, split_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (book_id, date, account_id, commodity) DO UPDATE SET
                    amount_minor = amount_minor + excluded.amount_minor,
                    split_count = split_count + excluded.split_count",
            )
            .map_err(backend)?;
        let mut per_account: HashMap<(AccountId, &str), (i64, i64)> = HashMap::new();
        for ((account, index, date), (minor, count)) in &self.by_day {
            let commodity = &self.commodities[*index];
            daily
                .execute(params![book.0, account.0, commodity, rows::date(*date), minor, count])
                .map_err(backend)?;
            let slot = per_account.entry((*account, commodity.as_str())).or_default();
            slot.0 = slot.0.checked_add(*minor).ok_or_else(|| StoreError::Backend {
                message: "integer overflow in totals".to_owned(),
            })?;
            slot.1 += count;
        }
        let mut totals = conn
            .prepare_cached(
                "INSERT INTO account_totals (book_id, account_id, commodity, amount_minor, split_count)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (book_id, account_id, commodity) DO UPDATE SET
                    amount_minor = amount_minor + excluded.amount_minor,
                    split_count = split_count + excluded.split_count",
            )
            .map_err(backend)?;
        let mut current = conn
            .prepare_cached(
                "SELECT amount_minor FROM account_totals
                 WHERE book_id = ?1 AND account_id = ?2 AND commodity = ?3",
            )
            .map_err(backend)?;
        for ((account, commodity), (minor, count)) in per_account {
            let before: i64 = current
                .query_row(params![book.0, account.0, commodity], |r| r.get(0))
                .optional()
                .map_err(backend)?
                .unwrap_or(0);
            if before.checked_add(minor).is_none() {
                let scale = scale_of(conn, scales, book, commodity)?;
                return Err(MoneyError::AmountOutOfRange {
                    field: "splits".to_owned(),
                    value: format!("the balance of account {account}"),
                    commodity: commodity.to_owned(),
                    scale,
                }
                .into());
            }
            totals.execute(params![book.0, account.0, commodity, minor, count]).map_err(backend)?;
        }
        Ok(())
    }
}

fn counted(draft: &TransactionDraft, deleted: bool) -> bool {
    !deleted && draft.status.counts()
}

const INSERT_SPLIT: &str = "INSERT INTO splits (transaction_id, book_id, account_id, date,
    commodity, amount_minor, price, price_commodity, cost, cost_commodity, memo, counted)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

const INSERT_LEAN_SPLIT: &str = "INSERT INTO splits (transaction_id, book_id, account_id, date,
    commodity, amount_minor, counted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// Writes the splits of many transactions through one prepared statement (looking a cached
/// statement up hashes its SQL text, which shows in profiles when done per transaction).
/// Binding parameters is a visible share of a bulk insert, so the common split (no price,
/// cost or memo) goes through a statement that binds only what it has.
struct SplitWriter<'c> {
    conn: &'c Connection,
    full: rusqlite::CachedStatement<'c>,
    lean: rusqlite::CachedStatement<'c>,
    book: BookId,
}

impl<'c> SplitWriter<'c> {
    fn new(conn: &'c Connection, book: BookId) -> Result<Self> {
        Ok(Self {
            conn,
            full: conn.prepare_cached(INSERT_SPLIT).map_err(backend)?,
            lean: conn.prepare_cached(INSERT_LEAN_SPLIT).map_err(backend)?,
            book,
        })
    }

    /// Inserts the splits of transaction `id`; when they count, records them in `delta`.
    fn write(
        &mut self,
        scales: &mut HashMap<(BookId, String), u32>,
        id: i64,
        draft: &TransactionDraft,
        date_text: &str,
        mut delta: Option<&mut TotalsDelta>,
    ) -> Result<()> {
        for s in &draft.splits {
            let scale = scale_of(self.conn, scales, self.book, &s.commodity)?;
            let minor = money::to_minor(s.amount, &s.commodity, scale, "amount")?;
            let counts = delta.is_some();
            if s.price.is_none() && s.cost.is_none() && s.memo.is_none() {
                let (account, commodity) = (s.account_id.0, &s.commodity);
                let row = params![id, self.book.0, account, date_text, commodity, minor, counts];
                self.lean.execute(row).map_err(backend)?;
            } else {
                self.full
                    .execute(params![
                        id,
                        self.book.0,
                        s.account_id.0,
                        date_text,
                        s.commodity,
                        minor,
                        s.price.as_ref().map(|p| p.amount.to_string()),
                        s.price.as_ref().map(|p| p.commodity.as_str()),
                        s.cost.as_ref().map(|p| p.amount.to_string()),
                        s.cost.as_ref().map(|p| p.commodity.as_str()),
                        s.memo,
                        counts,
                    ])
                    .map_err(backend)?;
            }
            if let Some(delta) = delta.as_deref_mut() {
                delta.add(s.account_id, &s.commodity, draft.date, minor, 1)?;
            }
        }
        Ok(())
    }
}

fn external_id_taken(
    conn: &Connection,
    book: BookId,
    ext: &str,
    except: Option<i64>,
) -> Result<bool> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT id FROM transactions WHERE book_id = ?1 AND external_id = ?2")
        .and_then(|mut st| st.query_row(params![book.0, ext], |r| r.get(0)).optional())
        .map_err(backend)?;
    Ok(found.is_some_and(|id| Some(id) != except))
}

pub(crate) fn insert_transactions(
    inner: &mut Inner,
    book: BookId,
    drafts: &[TransactionDraft],
    audit: &AuditRecord,
) -> Result<Vec<TransactionId>> {
    let mut ids = Vec::new();
    insert_chunks(
        inner,
        book,
        audit,
        &mut |sink| {
            ids = sink(drafts, &[])?;
            Ok(())
        },
        None,
    )?;
    Ok(ids)
}

/// What a write of chunks does last, inside its database transaction, given the ids written
/// (ascending; empty when none were).
pub(crate) type Finish<'f> = dyn FnMut(&Connection, &mut HashMap<(BookId, String), u32>, Vec<TransactionId>) -> Result<()>
    + 'f;

/// Writes the chunks `produce` hands over in one database transaction (see
/// `Store::insert_transaction_chunks`), then runs `finish` in it when given (the rest of a
/// file import); `insert_transactions` is one chunk.
pub(crate) fn insert_chunks(
    inner: &mut Inner,
    book: BookId,
    audit: &AuditRecord,
    produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    finish: Option<&mut Finish<'_>>,
) -> Result<()> {
    let Inner { conn, scales } = inner;
    let mut raised_from = None;
    let result = write_chunks(conn, scales, book, audit, produce, &mut raised_from, finish);
    // Back to the connection's page cache, whether the write went through or not.
    if let Some(cache) = raised_from {
        conn.pragma_update(None, "cache_size", cache).map_err(backend)?;
    }
    result
}

/// Inserts validated transactions inside an open database transaction, with the audit row
/// (written with the first id, when there is one).
pub(crate) fn insert_in(
    tx: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    drafts: &[TransactionDraft],
    audit: &AuditRecord,
) -> Result<Vec<TransactionId>> {
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    let mut delta = TotalsDelta::default();
    let ids = {
        let mut writer = TxWriter::new(tx, book, rows::timestamp(audit.at))?;
        writer.write(scales, drafts, &mut delta)?
    };
    delta.apply(tx, scales, book)?;
    log(tx, book, audit, ids.first().map(|id| id.0))?;
    Ok(ids)
}

/// The page cache of a write of more than one chunk, in KiB (SQLite's default is 2 MiB). A
/// large import inserts its external ids at random places of `transactions_external`: with
/// 2 MiB nearly every insert reads back a page of that index that was spilled to the WAL, and
/// spills another. 32 MiB keep much more of the index (a million-line import went from about
/// 11.3 s to 9.5 s here, for 18 MB more at its peak), for the duration of such a write only.
const BULK_CACHE_KIB: i64 = 32 * 1024;

fn write_chunks(
    conn: &mut Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    audit: &AuditRecord,
    produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    raised_from: &mut Option<i64>,
    finish: Option<&mut Finish<'_>>,
) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    let mut delta = TotalsDelta::default();
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    {
        let mut writer = TxWriter::new(&tx, book, rows::timestamp(audit.at))?;
        let mut decider = None;
        let mut chunks = 0;
        produce(&mut |drafts: &[TransactionDraft], decisions: &[TransactionDecision]| {
            chunks += 1;
            if chunks == 2 {
                // Raised from the second chunk on, never lowered: `cache_size` is in KiB when
                // negative, in pages (of 4 KiB here) when positive.
                let cache: i64 =
                    tx.pragma_query_value(None, "cache_size", |r| r.get(0)).map_err(backend)?;
                let smaller =
                    if cache < 0 { -cache < BULK_CACHE_KIB } else { cache * 4 < BULK_CACHE_KIB };
                if smaller {
                    tx.pragma_update(None, "cache_size", -BULK_CACHE_KIB).map_err(backend)?;
                    *raised_from = Some(cache);
                }
            }
            let ids = writer.write(scales, drafts, &mut delta)?;
            if !decisions.is_empty() {
                decider
                    .get_or_insert(super::categorize::DecisionWriter::new(&tx, book)?)
                    .write(&ids, decisions)?;
            }
            // Ids are contiguous across chunks too: SQLite gives max(id) + 1 and nothing else
            // writes inside this transaction.
            for id in &ids {
                if last.is_some_and(|l| l + 1 != id.0) {
                    return Err(StoreError::Corrupt {
                        what: "non-contiguous transaction ids".to_owned(),
                    }
                    .into());
                }
                last = Some(id.0);
                first = first.or(Some(id.0));
            }
            Ok(ids)
        })?;
    }
    let written: Vec<TransactionId> = match (first, last) {
        (Some(first), Some(last)) => (first..=last).map(TransactionId).collect(),
        _ => Vec::new(),
    };
    if let Some(first) = first {
        delta.apply(&tx, scales, book)?;
        log(&tx, book, audit, Some(first))?;
    } else if finish.is_none() {
        // Nothing written: nothing to log (the transaction rolls back empty).
        return Ok(());
    }
    if let Some(finish) = finish {
        finish(&tx, scales, written)?;
    }
    tx.commit().map_err(backend)?;
    Ok(())
}

/// Inserts transactions and their splits through prepared statements inside an open database
/// transaction, recording counted splits in a running-total delta.
struct TxWriter<'c> {
    /// Every column.
    full: rusqlite::CachedStatement<'c>,
    /// The common transaction (no posted date, narration, notes, tags, external id or
    /// reversal) binds 6 parameters instead of 12; the columns' defaults fill the rest.
    lean: rusqlite::CachedStatement<'c>,
    splits: SplitWriter<'c>,
    conn: &'c Connection,
    book: BookId,
    created: String,
    last_date: Option<(NaiveDate, String)>,
}

impl<'c> TxWriter<'c> {
    fn new(conn: &'c Connection, book: BookId, created: String) -> Result<Self> {
        let full = conn
            .prepare_cached(
                "INSERT INTO transactions (book_id, date, posted_date, payee, narration, status, tags,
                    notes, source, external_id, reversal_of, deleted, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?12)",
            )
            .map_err(backend)?;
        let lean = conn
            .prepare_cached(
                "INSERT INTO transactions (book_id, date, payee, status, source, deleted,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
            )
            .map_err(backend)?;
        let splits = SplitWriter::new(conn, book)?;
        Ok(Self { full, lean, splits, conn, book, created, last_date: None })
    }

    /// Inserts `drafts` and returns their ids. An external id the book already has (the
    /// unique index `transactions_external` refuses it) is `external_id_conflict`.
    fn write(
        &mut self,
        scales: &mut HashMap<(BookId, String), u32>,
        drafts: &[TransactionDraft],
        delta: &mut TotalsDelta,
    ) -> Result<Vec<TransactionId>> {
        let (book, created) = (self.book, &self.created);
        let mut ids = Vec::with_capacity(drafts.len());
        for draft in drafts {
            let date_text = match &self.last_date {
                Some((d, text)) if *d == draft.date => text.clone(),
                _ => {
                    let text = rows::date(draft.date);
                    self.last_date = Some((draft.date, text.clone()));
                    text
                }
            };
            let lean = draft.posted_date.is_none()
                && draft.narration.is_none()
                && draft.notes.is_none()
                && draft.tags.is_empty()
                && draft.external_id.is_none()
                && draft.reversal_of.is_none();
            if lean {
                let (status, source) = (draft.status.as_str(), draft.source.as_str());
                let row = params![book.0, date_text, draft.payee, status, source, created];
                self.lean.execute(row).map_err(backend)?;
            } else {
                self.full
                    .execute(params![
                        book.0,
                        date_text,
                        draft.posted_date.map(rows::date),
                        draft.payee,
                        draft.narration,
                        draft.status.as_str(),
                        draft.tags.join(","),
                        draft.notes,
                        draft.source.as_str(),
                        draft.external_id,
                        draft.reversal_of.map(|r| r.0),
                        created,
                    ])
                    .map_err(|e| match (&draft.external_id, unique_violation(&e)) {
                        (Some(ext), true) => {
                            TransactionError::ExternalIdConflict(ext.clone()).into()
                        }
                        _ => tally_core::Error::from(backend(e)),
                    })?;
            }
            let id = self.conn.last_insert_rowid();
            let counts = counted(draft, false).then_some(&mut *delta);
            self.splits.write(scales, id, draft, &date_text, counts)?;
            ids.push(TransactionId(id));
        }
        Ok(ids)
    }
}

/// Whether `e` is a violation of a unique index (on `transactions`, only
/// `transactions_external` can be: the id is the rowid).
fn unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Subtracts the counted splits of `id` from the totals.
fn retract_splits(
    conn: &Connection,
    book: BookId,
    id: TransactionId,
    delta: &mut TotalsDelta,
) -> Result<()> {
    let mut st = conn
        .prepare_cached(
            "SELECT account_id, commodity, date, amount_minor FROM splits
             WHERE transaction_id = ?1 AND book_id = ?2 AND counted = 1",
        )
        .map_err(backend)?;
    let rows = st
        .query_map(params![id.0, book.0], |r| {
            Ok((
                AccountId(r.get(0)?),
                r.get::<_, String>(1)?,
                rows::get_date(r, 2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(read_error)?;
    for (account, commodity, date, minor) in rows {
        delta.add(account, &commodity, date, minor, -1)?;
    }
    Ok(())
}

fn row_state(conn: &Connection, book: BookId, id: TransactionId) -> Result<bool> {
    let deleted: Option<bool> = conn
        .query_row(
            "SELECT deleted FROM transactions WHERE book_id = ?1 AND id = ?2",
            params![book.0, id.0],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    deleted.ok_or_else(|| TransactionError::NotFound(id).into())
}

pub(crate) fn replace_transaction(
    inner: &mut Inner,
    book: BookId,
    id: TransactionId,
    draft: &TransactionDraft,
    at: DateTime<Utc>,
    audit: &AuditRecord,
) -> Result<()> {
    let Inner { conn, scales } = inner;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    replace_in(&tx, scales, book, id, draft, at)?;
    log(&tx, book, audit, Some(id.0))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

/// Replaces a transaction's content inside an open database transaction, running totals
/// included (no audit row).
pub(crate) fn replace_in(
    tx: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    id: TransactionId,
    draft: &TransactionDraft,
    at: DateTime<Utc>,
) -> Result<()> {
    let deleted = row_state(tx, book, id)?;
    if let Some(ext) = &draft.external_id {
        if external_id_taken(tx, book, ext, Some(id.0))? {
            return Err(TransactionError::ExternalIdConflict(ext.clone()).into());
        }
    }
    let mut delta = TotalsDelta::default();
    retract_splits(tx, book, id, &mut delta)?;
    tx.execute(
        "DELETE FROM splits WHERE transaction_id = ?1 AND book_id = ?2",
        params![id.0, book.0],
    )
    .map_err(backend)?;
    let date_text = rows::date(draft.date);
    tx.execute(
        "UPDATE transactions SET date = ?3, posted_date = ?4, payee = ?5, narration = ?6, status = ?7,
            tags = ?8, notes = ?9, source = ?10, external_id = ?11, reversal_of = ?12, updated_at = ?13
         WHERE book_id = ?1 AND id = ?2",
        params![
            book.0,
            id.0,
            date_text,
            draft.posted_date.map(rows::date),
            draft.payee,
            draft.narration,
            draft.status.as_str(),
            draft.tags.join(","),
            draft.notes,
            draft.source.as_str(),
            draft.external_id,
            draft.reversal_of.map(|r| r.0),
            rows::timestamp(at),
        ],
    )
    .map_err(backend)?;
    let counts = counted(draft, deleted).then_some(&mut delta);
    SplitWriter::new(tx, book)?.write(scales, id.0, draft, &date_text, counts)?;
    delta.apply(tx, scales, book)?;
    Ok(())
}

pub(crate) fn set_deleted(
    inner: &mut Inner,
    book: BookId,
    id: TransactionId,
    deleted: bool,
    at: DateTime<Utc>,
    audit: &AuditRecord,
) -> Result<()> {
    let Inner { conn, scales } = inner;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    set_deleted_in(&tx, scales, book, id, deleted, at, audit)?;
    tx.commit().map_err(backend)?;
    Ok(())
}

/// Soft-deletes or restores a transaction inside an open database transaction, with its audit
/// row.
pub(crate) fn set_deleted_in(
    tx: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    id: TransactionId,
    deleted: bool,
    at: DateTime<Utc>,
    audit: &AuditRecord,
) -> Result<()> {
    let was_deleted = row_state(tx, book, id)?;
    if was_deleted != deleted {
        let current = read_transactions(tx, scales, book, &[id])?;
        let current = current.into_iter().next().ok_or(TransactionError::NotFound(id))?;
        let mut delta = TotalsDelta::default();
        if deleted {
            retract_splits(tx, book, id, &mut delta)?;
        }
        let counts = !deleted && current.status.counts();
        if counts {
            for s in &current.splits {
                let scale = scale_of(tx, scales, book, &s.commodity)?;
                let minor = money::to_minor(s.amount, &s.commodity, scale, "amount")?;
                delta.add(s.account_id, &s.commodity, current.date, minor, 1)?;
            }
        }
        tx.execute(
            "UPDATE transactions SET deleted = ?3, updated_at = ?4 WHERE book_id = ?1 AND id = ?2",
            params![book.0, id.0, deleted, rows::timestamp(at)],
        )
        .map_err(backend)?;
        tx.execute(
            "UPDATE splits SET counted = ?3 WHERE transaction_id = ?2 AND book_id = ?1",
            params![book.0, id.0, counts],
        )
        .map_err(backend)?;
        delta.apply(tx, scales, book)?;
    }
    log(tx, book, audit, Some(id.0))?;
    Ok(())
}

pub(crate) const TX_COLUMNS: &str =
    "id, date, posted_date, payee, narration, status, tags, notes, source, \
    external_id, reversal_of, deleted, created_at, updated_at";

pub(crate) fn transaction_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Transaction> {
    Ok(Transaction {
        id: TransactionId(r.get(0)?),
        date: rows::get_date(r, 1)?,
        posted_date: rows::get_opt_date(r, 2)?,
        payee: r.get(3)?,
        narration: r.get(4)?,
        status: rows::status(&r.get::<_, String>(5)?)?,
        tags: rows::tags(&r.get::<_, String>(6)?),
        notes: r.get(7)?,
        source: rows::source(&r.get::<_, String>(8)?)?,
        external_id: r.get(9)?,
        reversal_of: r.get::<_, Option<i64>>(10)?.map(TransactionId),
        deleted: r.get(11)?,
        created_at: rows::get_timestamp(r, 12)?,
        updated_at: rows::get_timestamp(r, 13)?,
        splits: Vec::new(),
    })
}

/// Reads transactions with their splits, in the order of `ids` (missing ids are skipped).
pub(crate) fn read_transactions(
    conn: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    ids: &[TransactionId],
) -> Result<Vec<Transaction>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(",");
    let mut by_id: HashMap<TransactionId, Transaction> = {
        // `+book_id` keeps the book scope but stops SQLite from walking the book's whole
        // `transactions_date` index for every chunk (O(book) per call) instead of looking the
        // ids up by rowid.
        let sql =
            format!("SELECT {TX_COLUMNS} FROM transactions WHERE +book_id = ? AND id IN ({marks})");
        let mut st = conn.prepare(&sql).map_err(backend)?;
        let values = std::iter::once(book.0).chain(ids.iter().map(|i| i.0));
        let rows = st.query_map(params_from_iter(values), transaction_row).map_err(backend)?;
        rows.map(|r| r.map(|t| (t.id, t))).collect::<rusqlite::Result<_>>().map_err(read_error)?
    };
    let sql = format!(
        "SELECT id, transaction_id, account_id, commodity, amount_minor, price, price_commodity, cost,
            cost_commodity, memo
         FROM splits WHERE book_id = ? AND transaction_id IN ({marks}) ORDER BY transaction_id, id"
    );
    let mut st = conn.prepare(&sql).map_err(backend)?;
    let values = std::iter::once(book.0).chain(ids.iter().map(|i| i.0));
    let raw = st
        .query_map(params_from_iter(values), |r| {
            Ok((
                SplitId(r.get(0)?),
                TransactionId(r.get(1)?),
                AccountId(r.get(2)?),
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                rows::get_price(r, 5, 6)?,
                rows::get_price(r, 7, 8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(read_error)?;
    for (id, tx_id, account_id, commodity, minor, price, cost, memo) in raw {
        let scale = scale_of(conn, scales, book, &commodity)?;
        if let Some(tx) = by_id.get_mut(&tx_id) {
            tx.splits.push(Split {
                id,
                account_id,
                amount: money::from_minor(minor, scale),
                commodity,
                price,
                cost,
                memo,
            });
        }
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

pub(crate) fn by_external_id(
    inner: &mut Inner,
    book: BookId,
    external_ids: &[&str],
) -> Result<Vec<Transaction>> {
    let Inner { conn, scales } = inner;
    let mut ids = Vec::new();
    {
        let mut st = conn
            .prepare_cached("SELECT id FROM transactions WHERE book_id = ?1 AND external_id = ?2")
            .map_err(backend)?;
        for ext in external_ids {
            if let Some(id) = st
                .query_row(params![book.0, ext], |r| r.get::<_, i64>(0))
                .optional()
                .map_err(backend)?
            {
                ids.push(TransactionId(id));
            }
        }
    }
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(read_transactions(conn, scales, book, chunk)?);
    }
    Ok(out)
}

/// Ids closer than this are read with one range query (the rows between them are read and
/// skipped) rather than one query each.
const RUN_GAP: i64 = 32;

/// The import look-up (see `Store::imported_transactions`), in one read transaction: the ids
/// by external id, probed in sorted order so that neighbouring probes share index pages; then
/// the rows and the account's splits in id order, a range query per run of nearby ids (an
/// import's transactions have consecutive ids).
pub(crate) fn imported_transactions(
    inner: &mut Inner,
    book: BookId,
    account: AccountId,
    external_ids: &[&str],
) -> Result<Vec<ImportedTransaction>> {
    let Inner { conn, scales } = inner;
    if external_ids.is_empty() {
        return Ok(Vec::new());
    }
    // One read transaction: one snapshot and one lock for every query below.
    let tx = conn.transaction().map_err(backend)?;
    let mut order: Vec<usize> = (0..external_ids.len()).collect();
    order.sort_unstable_by_key(|&i| external_ids[i]);
    let mut found: Vec<(i64, usize)> = Vec::new();
    {
        let mut st = tx
            .prepare_cached("SELECT id FROM transactions WHERE book_id = ?1 AND external_id = ?2")
            .map_err(backend)?;
        let mut previous: Option<&str> = None;
        for i in order {
            let ext = external_ids[i];
            if previous == Some(ext) {
                continue;
            }
            previous = Some(ext);
            let id = st.query_row(params![book.0, ext], |r| r.get(0)).optional();
            if let Some(id) = id.map_err(backend)? {
                found.push((id, i));
            }
        }
    }
    found.sort_unstable();
    let mut out: Vec<ImportedTransaction> = Vec::with_capacity(found.len());
    let mut rows_st = tx
        .prepare_cached(
            "SELECT id, date, deleted FROM transactions
             WHERE id BETWEEN ?1 AND ?2 AND +book_id = ?3 ORDER BY id",
        )
        .map_err(backend)?;
    // The `+` keep SQLite on the rowid range and on `splits_transaction`: by `book_id` it would
    // walk the book's `transactions_date` index, by `account_id` every split of the account.
    let mut splits_st = tx
        .prepare_cached(
            "SELECT transaction_id, commodity, amount_minor FROM splits
             WHERE transaction_id BETWEEN ?1 AND ?2 AND +account_id = ?3 AND book_id = ?4
             ORDER BY transaction_id, id",
        )
        .map_err(backend)?;
    let mut run_start = 0;
    while run_start < found.len() {
        let mut run_end = run_start + 1;
        while run_end < found.len() && found[run_end].0 - found[run_end - 1].0 <= RUN_GAP {
            run_end += 1;
        }
        let run = &found[run_start..run_end];
        let (low, high) = (run[0].0, run[run.len() - 1].0);
        let base = out.len();
        {
            let mut rows = rows_st.query(params![low, high, book.0]).map_err(backend)?;
            let mut next = run.iter().peekable();
            while let Some(r) = rows.next().map_err(backend)? {
                let id: i64 = r.get(0).map_err(backend)?;
                while next.peek().is_some_and(|(want, _)| *want < id) {
                    next.next();
                }
                let Some(&&(want, index)) = next.peek() else { break };
                if want != id {
                    continue;
                }
                out.push(ImportedTransaction {
                    index,
                    id: TransactionId(id),
                    date: rows::get_date(r, 1).map_err(read_error)?,
                    deleted: r.get(2).map_err(backend)?,
                    amount: rust_decimal::Decimal::ZERO,
                });
            }
        }
        let mut rows = splits_st.query(params![low, high, account.0, book.0]).map_err(backend)?;
        let mut at = base;
        while let Some(r) = rows.next().map_err(backend)? {
            let id: i64 = r.get(0).map_err(backend)?;
            while out.get(at).is_some_and(|t| t.id.0 < id) {
                at += 1;
            }
            let Some(t) = out.get_mut(at).filter(|t| t.id.0 == id) else { continue };
            let commodity = r.get_ref(1).and_then(|v| v.as_str().map_err(Into::into));
            let commodity = commodity.map_err(backend)?;
            let scale = scale_of(&tx, scales, book, commodity)?;
            let minor: i64 = r.get(2).map_err(backend)?;
            t.amount += money::from_minor(minor, scale);
        }
        run_start = run_end;
    }
    drop(rows_st);
    drop(splits_st);
    tx.finish().map_err(backend)?;
    Ok(out)
}

pub(crate) fn reversal_of(
    conn: &Connection,
    book: BookId,
    id: TransactionId,
) -> Result<Option<TransactionId>> {
    conn.query_row(
        "SELECT id FROM transactions WHERE book_id = ?1 AND reversal_of = ?2 AND deleted = 0 LIMIT 1",
        params![book.0, id.0],
        |r| r.get::<_, i64>(0),
    )
    .optional()
    .map(|o| o.map(TransactionId))
    .map_err(|e| backend(e).into())
}
