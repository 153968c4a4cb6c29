//! The [`MemoryStore`]'s import records: saved CSV profiles, bank connections, import batches,
//! and the two writes that touch the ledger too (a sync, the undo of a batch), each built on a
//! copy of the state and swapped in whole, as every write of the store.

use super::{decide_all, insert_drafts, replace_in, set_deleted_in, MemoryStore, State};
use crate::audit::AuditRecord;
use crate::ids::{BookId, ConnectionId, ImportBatchId, TransactionId};
use crate::import::records::{Connection, ImportBatch, ImportError, SavedCsvProfile};
use crate::store::{ImportWrite, SyncWrite, UndoWrite, UndoneBatch};
use crate::transaction::{TransactionDraft, TransactionError};
use crate::Result;

pub(super) fn insert_csv_profile(
    store: &MemoryStore,
    book: BookId,
    profile: &SavedCsvProfile,
    audit: &AuditRecord,
) -> Result<()> {
    store.write(|s| {
        if s.csv_profiles.iter().any(|(b, p)| *b == book && p.name == profile.name) {
            return Err(ImportError::ProfileExists(profile.name.clone()).into());
        }
        s.csv_profiles.push((book, profile.clone()));
        s.log(book, audit, None);
        Ok(())
    })
}

pub(super) fn csv_profiles(store: &MemoryStore, book: BookId) -> Result<Vec<SavedCsvProfile>> {
    let mut out: Vec<SavedCsvProfile> = store
        .lock()
        .csv_profiles
        .iter()
        .filter(|(b, _)| *b == book)
        .map(|(_, p)| p.clone())
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub(super) fn delete_csv_profile(
    store: &MemoryStore,
    book: BookId,
    name: &str,
    audit: &AuditRecord,
) -> Result<()> {
    store.write(|s| {
        let at = s
            .csv_profiles
            .iter()
            .position(|(b, p)| *b == book && p.name == name)
            .ok_or_else(|| ImportError::ProfileNotFound(name.to_owned()))?;
        s.csv_profiles.remove(at);
        s.log(book, audit, None);
        Ok(())
    })
}

pub(super) fn insert_connection(
    store: &MemoryStore,
    book: BookId,
    connection: &Connection,
    audit: &AuditRecord,
) -> Result<Connection> {
    store.write(|s| {
        let mut stored = connection.clone();
        stored.id = ConnectionId(s.next());
        s.connections.push((book, stored.clone()));
        s.log(book, audit, Some(stored.id.0));
        Ok(stored)
    })
}

pub(super) fn connections(store: &MemoryStore, book: BookId) -> Result<Vec<Connection>> {
    let mut out: Vec<Connection> = store
        .lock()
        .connections
        .iter()
        .filter(|(b, _)| *b == book)
        .map(|(_, c)| c.clone())
        .collect();
    out.sort_by_key(|c| c.id);
    Ok(out)
}

pub(super) fn update_connection(
    store: &MemoryStore,
    book: BookId,
    connection: &Connection,
    audit: &AuditRecord,
) -> Result<()> {
    store.write(|s| update_connection_in(s, book, connection, audit))
}

pub(super) fn delete_connection(
    store: &MemoryStore,
    book: BookId,
    id: ConnectionId,
    audit: &AuditRecord,
) -> Result<()> {
    store.write(|s| {
        let at = s
            .connections
            .iter()
            .position(|(b, c)| *b == book && c.id == id)
            .ok_or(ImportError::ConnectionNotFound(id))?;
        s.connections.remove(at);
        s.log(book, audit, Some(id.0));
        Ok(())
    })
}

pub(super) fn insert_import_batch(
    store: &MemoryStore,
    book: BookId,
    batch: &ImportBatch,
    audit: &AuditRecord,
) -> Result<ImportBatch> {
    store.write(|s| insert_batch_in(s, book, batch, audit))
}

pub(super) fn import_batches(store: &MemoryStore, book: BookId) -> Result<Vec<ImportBatch>> {
    let mut out: Vec<ImportBatch> =
        store.lock().batches.iter().filter(|(b, _)| *b == book).map(|(_, x)| x.clone()).collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.id));
    Ok(out)
}

pub(super) fn apply_sync(
    store: &MemoryStore,
    book: BookId,
    write: &SyncWrite,
) -> Result<Option<ImportBatch>> {
    store.write(|s| {
        update_connection_in(s, book, &write.connection, &write.connection_audit)?;
        let ids = insert_drafts(s, book, &write.inserts, write.insert_audit.at)?;
        decide_all(s, book, &ids, &write.decisions);
        if let Some(first) = ids.first() {
            s.log(book, &write.insert_audit, Some(first.0));
        }
        let images = replace_all(s, book, &write.replaces)?;
        for (id, audit) in &write.deletes {
            set_deleted_in(s, book, *id, true, audit.at, audit)?;
        }
        record_batch(s, book, write.batch.as_ref(), ids, images)
    })
}

/// The rest of a file import, after its new transactions (`written`) went into `state`.
pub(super) fn apply_import_rest(
    s: &mut State,
    book: BookId,
    written: Vec<TransactionId>,
    rest: &ImportWrite,
) -> Result<Option<ImportBatch>> {
    for (id, audit) in &rest.restores {
        set_deleted_in(s, book, *id, false, audit.at, audit)?;
    }
    let images = replace_all(s, book, &rest.replaces)?;
    record_batch(s, book, rest.batch.as_ref(), written, images)
}

/// Replaces transactions in `state` and returns what they were before.
fn replace_all(
    s: &mut State,
    book: BookId,
    replaces: &[(TransactionId, TransactionDraft, AuditRecord)],
) -> Result<Vec<(TransactionId, TransactionDraft)>> {
    let mut images = Vec::with_capacity(replaces.len());
    for (id, draft, audit) in replaces {
        let before = s.book_tx(book, *id).ok_or(TransactionError::NotFound(*id))?;
        images.push((*id, TransactionDraft::of(before)));
        replace_in(s, book, *id, draft, audit.at, audit)?;
    }
    Ok(images)
}

/// Records a batch with the ids it wrote and the images of what it replaced (the first image
/// of a transaction replaced twice is kept).
fn record_batch(
    s: &mut State,
    book: BookId,
    batch: Option<&(ImportBatch, AuditRecord)>,
    written: Vec<TransactionId>,
    images: Vec<(TransactionId, TransactionDraft)>,
) -> Result<Option<ImportBatch>> {
    let Some((batch, audit)) = batch else { return Ok(None) };
    let mut batch = batch.clone();
    batch.written = written;
    let stored = insert_batch_in(s, book, &batch, audit)?;
    for (id, draft) in images {
        if !s.batch_images.iter().any(|(b, x, t, _)| *b == book && *x == stored.id && *t == id) {
            s.batch_images.push((book, stored.id, id, draft));
        }
    }
    Ok(Some(stored))
}

pub(super) fn undo_import_batch(
    store: &MemoryStore,
    book: BookId,
    undo: &UndoWrite,
) -> Result<UndoneBatch> {
    store.write(|s| {
        let at = undo.audit.at;
        let batch = s
            .batches
            .iter_mut()
            .find(|(b, x)| *b == book && x.id == undo.batch)
            .map(|(_, x)| x)
            .ok_or(ImportError::BatchNotFound(undo.batch))?;
        if batch.undone_at.is_some() {
            return Err(ImportError::BatchAlreadyUndone(undo.batch).into());
        }
        batch.undone_at = Some(at);
        let out = batch.clone();
        let mut deleted: Vec<TransactionId> = Vec::new();
        for id in out.written.iter().chain(&out.restored) {
            if let Some((b, tx)) = s.transactions.get_mut(id) {
                if *b == book && !tx.deleted {
                    tx.deleted = true;
                    tx.updated_at = undo.delete_audit.at;
                    deleted.push(*id);
                }
            }
        }
        deleted.sort();
        deleted.dedup();
        if !deleted.is_empty() {
            s.log(book, &undo.delete_audit, None);
        }
        for (id, draft, audit) in &undo.replaces {
            replace_in(s, book, *id, draft, audit.at, audit)?;
        }
        for (id, audit) in &undo.undeletes {
            set_deleted_in(s, book, *id, false, audit.at, audit)?;
        }
        s.log(book, &undo.audit, Some(undo.batch.0));
        Ok(UndoneBatch { batch: out, deleted })
    })
}

/// Rewrites a connection in `state`, with its audit record.
fn update_connection_in(
    s: &mut State,
    book: BookId,
    connection: &Connection,
    audit: &AuditRecord,
) -> Result<()> {
    let slot = s
        .connections
        .iter_mut()
        .find(|(b, c)| *b == book && c.id == connection.id)
        .ok_or(ImportError::ConnectionNotFound(connection.id))?;
    slot.1 = connection.clone();
    s.log(book, audit, Some(connection.id.0));
    Ok(())
}

/// Records an import batch in `state` (its id assigned), with its audit record.
fn insert_batch_in(
    s: &mut State,
    book: BookId,
    batch: &ImportBatch,
    audit: &AuditRecord,
) -> Result<ImportBatch> {
    let mut stored = batch.clone();
    stored.id = ImportBatchId(s.next());
    stored.undone_at = None;
    s.batches.push((book, stored.clone()));
    s.log(book, audit, Some(stored.id.0));
    Ok(stored)
}
