//! The import records of a book in SQLite: saved CSV profiles, bank connections and import
//! batches, and the two writes that touch the ledger too — a sync (new, changed and deleted
//! transactions, the connection's new cursor and the batch, in one database transaction) and
//! the undo of a batch. Profiles and connection mappings are JSON text (read back only by
//! Tally); a batch's transaction ids are kept as runs (`1-1000,1005`), so a batch of a million
//! contiguous ids is a few bytes.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;
use tally_core::audit::AuditRecord;
use tally_core::categorization::TransactionDecision;
use tally_core::import::records::{
    BatchKind, Connection as BankConnection, ConnectionStatus, ImportBatch, ImportError, Provider,
    SavedCsvProfile,
};
use tally_core::import::StatementFormat;
use tally_core::store::{ChunkSink, ImportWrite, StoreError, SyncWrite, UndoWrite, UndoneBatch};
use tally_core::transaction::{TransactionDraft, TransactionError};
use tally_core::{AccountId, BookId, ConnectionId, ImportBatchId, Result, TransactionId};

use super::ledger::{insert_chunks, insert_in, read_transactions, replace_in, set_deleted_in};
use super::rows::{self, corrupt, read_error};
use super::{backend, log, Inner};

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Backend { message: format!("encoding a record: {e}") }.into())
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|_| corrupt(what))
}

/// Transaction ids as runs: `1-3,7` for 1, 2, 3, 7 (ascending input gives the shortest text).
fn ids_text(ids: &[TransactionId]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i].0;
        let mut end = start;
        while i + 1 < ids.len() && ids[i + 1].0 == end + 1 {
            end += 1;
            i += 1;
        }
        if !out.is_empty() {
            out.push(',');
        }
        if end == start {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}-{end}"));
        }
        i += 1;
    }
    out
}

fn parse_ids(text: &str) -> rusqlite::Result<Vec<TransactionId>> {
    let mut out = Vec::new();
    for run in text.split(',').filter(|r| !r.is_empty()) {
        let bad = || corrupt("import_batches ids");
        match run.split_once('-') {
            Some((a, b)) => {
                let a: i64 = a.parse().map_err(|_| bad())?;
                let b: i64 = b.parse().map_err(|_| bad())?;
                out.extend((a..=b).map(TransactionId));
            }
            None => out.push(TransactionId(run.parse().map_err(|_| bad())?)),
        }
    }
    Ok(out)
}

fn opt_timestamp(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(i)?;
    match text {
        None => Ok(None),
        Some(_) => rows::get_timestamp(row, i).map(Some),
    }
}

// ---------------------------------------------------------------------------------------------
// CSV profiles

pub(crate) fn insert_csv_profile(
    conn: &mut Connection,
    book: BookId,
    profile: &SavedCsvProfile,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "INSERT INTO csv_profiles (book_id, name, profile, header, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            params![
                book.0,
                profile.name,
                json(&profile.profile)?,
                json(&profile.header)?,
                rows::timestamp(profile.created_at)
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(ImportError::ProfileExists(profile.name.clone()).into());
    }
    log(&tx, book, audit, None)?;
    Ok(tx.commit().map_err(backend)?)
}

pub(crate) fn csv_profiles(conn: &Connection, book: BookId) -> Result<Vec<SavedCsvProfile>> {
    let mut st = conn
        .prepare_cached(
            "SELECT name, profile, header, created_at FROM csv_profiles WHERE book_id = ?1
             ORDER BY name",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| {
            Ok(SavedCsvProfile {
                name: r.get(0)?,
                profile: from_json(&r.get::<_, String>(1)?, "csv_profiles.profile")?,
                header: from_json(&r.get::<_, String>(2)?, "csv_profiles.header")?,
                created_at: rows::get_timestamp(r, 3)?,
            })
        })
        .map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

pub(crate) fn delete_csv_profile(
    conn: &mut Connection,
    book: BookId,
    name: &str,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute("DELETE FROM csv_profiles WHERE book_id = ?1 AND name = ?2", params![book.0, name])
        .map_err(backend)?;
    if n == 0 {
        return Err(ImportError::ProfileNotFound(name.to_owned()).into());
    }
    log(&tx, book, audit, None)?;
    Ok(tx.commit().map_err(backend)?)
}

// ---------------------------------------------------------------------------------------------
// Connections

const CONNECTION_COLUMNS: &str = "id, provider, institution, name, accounts, counter_account_id,
    cursor, status, last_sync_at, last_error, sealed_token, created_at, updated_at";

fn connection_row(r: &Row<'_>) -> rusqlite::Result<BankConnection> {
    let provider: String = r.get(1)?;
    let status: String = r.get(7)?;
    Ok(BankConnection {
        id: ConnectionId(r.get(0)?),
        provider: Provider::parse(&provider).ok_or_else(|| corrupt("bank_connections.provider"))?,
        institution: r.get(2)?,
        name: r.get(3)?,
        accounts: from_json(&r.get::<_, String>(4)?, "bank_connections.accounts")?,
        counter_account: AccountId(r.get(5)?),
        cursor: r.get(6)?,
        status: ConnectionStatus::parse(&status)
            .ok_or_else(|| corrupt("bank_connections.status"))?,
        last_sync_at: opt_timestamp(r, 8)?,
        last_error: r.get(9)?,
        sealed_token: r.get(10)?,
        created_at: rows::get_timestamp(r, 11)?,
        updated_at: rows::get_timestamp(r, 12)?,
    })
}

pub(crate) fn insert_connection(
    conn: &mut Connection,
    book: BookId,
    c: &BankConnection,
    audit: &AuditRecord,
) -> Result<BankConnection> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO bank_connections (book_id, provider, institution, name, accounts,
            counter_account_id, cursor, status, last_sync_at, last_error, sealed_token,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            book.0,
            c.provider.as_str(),
            c.institution,
            c.name,
            json(&c.accounts)?,
            c.counter_account.0,
            c.cursor,
            c.status.as_str(),
            c.last_sync_at.map(rows::timestamp),
            c.last_error,
            c.sealed_token,
            rows::timestamp(c.created_at),
            rows::timestamp(c.updated_at),
        ],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    log(&tx, book, audit, Some(id))?;
    tx.commit().map_err(backend)?;
    let mut stored = c.clone();
    stored.id = ConnectionId(id);
    Ok(stored)
}

pub(crate) fn connections(conn: &Connection, book: BookId) -> Result<Vec<BankConnection>> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM bank_connections WHERE book_id = ?1 ORDER BY id"
        ))
        .map_err(backend)?;
    let rows = st.query_map([book.0], connection_row).map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

fn update_connection_in(
    tx: &Connection,
    book: BookId,
    c: &BankConnection,
    audit: &AuditRecord,
) -> Result<()> {
    let n = tx
        .execute(
            "UPDATE bank_connections SET name = ?3, accounts = ?4, counter_account_id = ?5,
                cursor = ?6, status = ?7, last_sync_at = ?8, last_error = ?9, sealed_token = ?10,
                updated_at = ?11
             WHERE book_id = ?1 AND id = ?2",
            params![
                book.0,
                c.id.0,
                c.name,
                json(&c.accounts)?,
                c.counter_account.0,
                c.cursor,
                c.status.as_str(),
                c.last_sync_at.map(rows::timestamp),
                c.last_error,
                c.sealed_token,
                rows::timestamp(c.updated_at),
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(ImportError::ConnectionNotFound(c.id).into());
    }
    log(tx, book, audit, Some(c.id.0))
}

pub(crate) fn update_connection(
    conn: &mut Connection,
    book: BookId,
    c: &BankConnection,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    update_connection_in(&tx, book, c, audit)?;
    Ok(tx.commit().map_err(backend)?)
}

pub(crate) fn delete_connection(
    conn: &mut Connection,
    book: BookId,
    id: ConnectionId,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "DELETE FROM bank_connections WHERE book_id = ?1 AND id = ?2",
            params![book.0, id.0],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(ImportError::ConnectionNotFound(id).into());
    }
    log(&tx, book, audit, Some(id.0))?;
    Ok(tx.commit().map_err(backend)?)
}

// ---------------------------------------------------------------------------------------------
// Batches

const BATCH_COLUMNS: &str = "id, kind, file, format, account_id, connection_id, created_at,
    undone_at, counts, written, restored, upgraded, modified, removed";

fn batch_row(r: &Row<'_>) -> rusqlite::Result<ImportBatch> {
    let kind: String = r.get(1)?;
    let format: Option<String> = r.get(3)?;
    let format = match format {
        Some(f) => {
            Some(StatementFormat::parse(&f).ok_or_else(|| corrupt("import_batches.format"))?)
        }
        None => None,
    };
    let ids =
        |i: usize| -> rusqlite::Result<Vec<TransactionId>> { parse_ids(&r.get::<_, String>(i)?) };
    Ok(ImportBatch {
        id: ImportBatchId(r.get(0)?),
        kind: BatchKind::parse(&kind).ok_or_else(|| corrupt("import_batches.kind"))?,
        file: r.get(2)?,
        format,
        account: r.get::<_, Option<i64>>(4)?.map(AccountId),
        connection_id: r.get::<_, Option<i64>>(5)?.map(ConnectionId),
        created_at: rows::get_timestamp(r, 6)?,
        undone_at: opt_timestamp(r, 7)?,
        counts: from_json(&r.get::<_, String>(8)?, "import_batches.counts")?,
        written: ids(9)?,
        restored: ids(10)?,
        upgraded: ids(11)?,
        modified: ids(12)?,
        removed: ids(13)?,
    })
}

fn insert_batch_in(
    tx: &Connection,
    book: BookId,
    b: &ImportBatch,
    audit: &AuditRecord,
) -> Result<ImportBatch> {
    tx.execute(
        "INSERT INTO import_batches (book_id, kind, file, format, account_id, connection_id,
            created_at, undone_at, counts, written, restored, upgraded, modified, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            book.0,
            b.kind.as_str(),
            b.file,
            b.format.map(StatementFormat::as_str),
            b.account.map(|a| a.0),
            b.connection_id.map(|c| c.0),
            rows::timestamp(b.created_at),
            json(&b.counts)?,
            ids_text(&b.written),
            ids_text(&b.restored),
            ids_text(&b.upgraded),
            ids_text(&b.modified),
            ids_text(&b.removed),
        ],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    log(tx, book, audit, Some(id))?;
    let mut stored = b.clone();
    stored.id = ImportBatchId(id);
    stored.undone_at = None;
    Ok(stored)
}

pub(crate) fn insert_import_batch(
    conn: &mut Connection,
    book: BookId,
    b: &ImportBatch,
    audit: &AuditRecord,
) -> Result<ImportBatch> {
    let tx = conn.transaction().map_err(backend)?;
    let stored = insert_batch_in(&tx, book, b, audit)?;
    tx.commit().map_err(backend)?;
    Ok(stored)
}

pub(crate) fn import_batches(conn: &Connection, book: BookId) -> Result<Vec<ImportBatch>> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {BATCH_COLUMNS} FROM import_batches WHERE book_id = ?1 ORDER BY id DESC"
        ))
        .map_err(backend)?;
    let rows = st.query_map([book.0], batch_row).map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

pub(crate) fn apply_sync(
    inner: &mut Inner,
    book: BookId,
    write: &SyncWrite,
) -> Result<Option<ImportBatch>> {
    let Inner { conn, scales } = inner;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    update_connection_in(&tx, book, &write.connection, &write.connection_audit)?;
    let ids = insert_in(&tx, scales, book, &write.inserts, &write.insert_audit)?;
    for (id, decision) in ids.iter().zip(&write.decisions) {
        let decision = TransactionDecision { transaction_id: *id, ..decision.clone() };
        super::categorize::put_decision(&tx, book, &decision)?;
    }
    let images = replace_all(&tx, scales, book, &write.replaces)?;
    for (id, audit) in &write.deletes {
        set_deleted_in(&tx, scales, book, *id, true, audit.at, audit)?;
    }
    let batch = record_batch(&tx, book, write.batch.as_ref(), ids, &images)?;
    tx.commit().map_err(backend)?;
    Ok(batch)
}

/// Writes a committed file import (see `Store::write_import`): the chunks, then the
/// restores, the replaces and the batch, in the chunks' database transaction.
pub(crate) fn write_import(
    inner: &mut Inner,
    book: BookId,
    audit: &AuditRecord,
    produce: &mut dyn FnMut(&mut ChunkSink<'_>) -> Result<()>,
    rest: &ImportWrite,
) -> Result<Option<ImportBatch>> {
    let mut recorded = None;
    let mut finish = |tx: &Connection,
                      scales: &mut HashMap<(BookId, String), u32>,
                      written: Vec<TransactionId>|
     -> Result<()> {
        for (id, audit) in &rest.restores {
            set_deleted_in(tx, scales, book, *id, false, audit.at, audit)?;
        }
        let images = replace_all(tx, scales, book, &rest.replaces)?;
        recorded = record_batch(tx, book, rest.batch.as_ref(), written, &images)?;
        Ok(())
    };
    insert_chunks(inner, book, audit, produce, Some(&mut finish))?;
    Ok(recorded)
}

/// Replaces transactions inside an open database transaction, each with its audit row, and
/// returns what they were before.
fn replace_all(
    tx: &Connection,
    scales: &mut HashMap<(BookId, String), u32>,
    book: BookId,
    replaces: &[(TransactionId, TransactionDraft, AuditRecord)],
) -> Result<Vec<(TransactionId, TransactionDraft)>> {
    let mut images = Vec::with_capacity(replaces.len());
    for (id, draft, audit) in replaces {
        let before = read_transactions(tx, scales, book, &[*id])?;
        let before = before.first().ok_or(TransactionError::NotFound(*id))?;
        images.push((*id, TransactionDraft::of(before)));
        replace_in(tx, scales, book, *id, draft, audit.at)?;
        log(tx, book, audit, Some(id.0))?;
    }
    Ok(images)
}

/// Records a batch with the ids it wrote and the images of what it replaced (the first image
/// of a transaction replaced twice is kept).
fn record_batch(
    tx: &Connection,
    book: BookId,
    batch: Option<&(ImportBatch, AuditRecord)>,
    written: Vec<TransactionId>,
    images: &[(TransactionId, TransactionDraft)],
) -> Result<Option<ImportBatch>> {
    let Some((batch, audit)) = batch else { return Ok(None) };
    let mut batch = batch.clone();
    batch.written = written;
    let stored = insert_batch_in(tx, book, &batch, audit)?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO import_batch_images (book_id, batch_id, transaction_id, before)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        )
        .map_err(backend)?;
    for (id, draft) in images {
        put.execute(params![book.0, stored.id.0, id.0, json(draft)?]).map_err(backend)?;
    }
    Ok(Some(stored))
}

/// The images of a batch (see `Store::import_batch_images`).
pub(crate) fn batch_images(
    conn: &Connection,
    book: BookId,
    batch: ImportBatchId,
) -> Result<Vec<(TransactionId, TransactionDraft)>> {
    let mut st = conn
        .prepare_cached(
            "SELECT transaction_id, before FROM import_batch_images
             WHERE book_id = ?1 AND batch_id = ?2 ORDER BY transaction_id",
        )
        .map_err(backend)?;
    let rows = st
        .query_map(params![book.0, batch.0], |r| {
            let draft: TransactionDraft =
                from_json(&r.get::<_, String>(1)?, "import_batch_images.before")?;
            Ok((TransactionId(r.get(0)?), draft))
        })
        .map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

/// The soft-delete of a set of transactions (those of `ids`, a JSON array, not deleted now) in
/// one statement per table: the running totals lose their counted splits grouped by
/// (account, commodity, day) and by (account, commodity), the splits stop counting, the rows
/// are marked deleted. Returns the ids deleted, ascending.
fn delete_set(
    tx: &Connection,
    book: BookId,
    ids: &str,
    at: DateTime<Utc>,
) -> Result<Vec<TransactionId>> {
    let deleted: Vec<TransactionId> = {
        let mut st = tx
            .prepare(
                "SELECT id FROM transactions
                 WHERE book_id = ?1 AND deleted = 0 AND id IN (SELECT value FROM json_each(?2))
                 ORDER BY id",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(params![book.0, ids], |r| r.get::<_, i64>(0).map(TransactionId))
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?
    };
    if deleted.is_empty() {
        return Ok(deleted);
    }
    let chosen = "transaction_id IN (SELECT value FROM json_each(?2))";
    tx.execute(
        &format!(
            "INSERT INTO daily_totals (book_id, account_id, commodity, date, amount_minor, split_count)
             SELECT ?1, account_id, commodity, date, -SUM(amount_minor), -COUNT(*) FROM splits
             WHERE book_id = ?1 AND counted = 1 AND {chosen}
             GROUP BY account_id, commodity, date
             ON CONFLICT (book_id, date, account_id, commodity) DO UPDATE SET
                amount_minor = amount_minor + excluded.amount_minor,
                split_count = split_count + excluded.split_count"
        ),
        params![book.0, ids],
    )
    .map_err(backend)?;
    tx.execute(
        &format!(
            "INSERT INTO account_totals (book_id, account_id, commodity, amount_minor, split_count)
             SELECT ?1, account_id, commodity, -SUM(amount_minor), -COUNT(*) FROM splits
             WHERE book_id = ?1 AND counted = 1 AND {chosen}
             GROUP BY account_id, commodity
             ON CONFLICT (book_id, account_id, commodity) DO UPDATE SET
                amount_minor = amount_minor + excluded.amount_minor,
                split_count = split_count + excluded.split_count"
        ),
        params![book.0, ids],
    )
    .map_err(backend)?;
    tx.execute(
        &format!("UPDATE splits SET counted = 0 WHERE book_id = ?1 AND counted = 1 AND {chosen}"),
        params![book.0, ids],
    )
    .map_err(backend)?;
    tx.execute(
        "UPDATE transactions SET deleted = 1, updated_at = ?3
         WHERE book_id = ?1 AND deleted = 0 AND id IN (SELECT value FROM json_each(?2))",
        params![book.0, ids, rows::timestamp(at)],
    )
    .map_err(backend)?;
    Ok(deleted)
}

pub(crate) fn undo_import_batch(
    inner: &mut Inner,
    book: BookId,
    undo: &UndoWrite,
) -> Result<UndoneBatch> {
    let Inner { conn, scales } = inner;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    let found = tx
        .query_row(
            &format!("SELECT {BATCH_COLUMNS} FROM import_batches WHERE book_id = ?1 AND id = ?2"),
            params![book.0, undo.batch.0],
            batch_row,
        )
        .optional()
        .map_err(read_error)?;
    let mut batch = found.ok_or(ImportError::BatchNotFound(undo.batch))?;
    if batch.undone_at.is_some() {
        return Err(ImportError::BatchAlreadyUndone(undo.batch).into());
    }
    let mut ids: Vec<i64> = batch.written.iter().chain(&batch.restored).map(|t| t.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let deleted = if ids.is_empty() {
        Vec::new()
    } else {
        delete_set(&tx, book, &json(&ids)?, undo.delete_audit.at)?
    };
    if !deleted.is_empty() {
        log(&tx, book, &undo.delete_audit, None)?;
    }
    for (id, draft, audit) in &undo.replaces {
        replace_in(&tx, scales, book, *id, draft, audit.at)?;
        log(&tx, book, audit, Some(id.0))?;
    }
    for (id, audit) in &undo.undeletes {
        set_deleted_in(&tx, scales, book, *id, false, audit.at, audit)?;
    }
    tx.execute(
        "UPDATE import_batches SET undone_at = ?3 WHERE book_id = ?1 AND id = ?2",
        params![book.0, undo.batch.0, rows::timestamp(undo.audit.at)],
    )
    .map_err(backend)?;
    log(&tx, book, &undo.audit, Some(undo.batch.0))?;
    tx.commit().map_err(backend)?;
    batch.undone_at = Some(undo.audit.at);
    Ok(UndoneBatch { batch, deleted })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_runs_round_trip() {
        let ids: Vec<TransactionId> =
            [1, 2, 3, 7, 9, 10, 1_000_000].into_iter().map(TransactionId).collect();
        assert_eq!(ids_text(&ids), "1-3,7,9-10,1000000");
        assert_eq!(parse_ids(&ids_text(&ids)).expect("parse"), ids);
        assert_eq!(parse_ids("").expect("empty"), Vec::<TransactionId>::new());
        assert!(parse_ids("1-x").is_err());
    }
}
