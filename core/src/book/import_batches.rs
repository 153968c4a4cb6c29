//! Import calls that keep records besides transactions: CSV profiles saved in the book (and
//! recognized again from a file's header), and import batches — every committed import is
//! recorded with the transactions it wrote, restored and upgraded, so that it can be undone as
//! a whole in one database transaction. Undone transactions stay in the book, deleted, so the
//! lines they came from are remembered and not imported again unless the caller asks.

use crate::audit::{AuditAction, AuditRecord, EntityKind};
use crate::events::Event;
use crate::ids::{ImportBatchId, TransactionId};
use crate::import::csv::{csv_header, profile_column_names};
use crate::import::plan::ImportResult;
use crate::import::records::{
    BatchCounts, BatchKind, ImportBatch, ImportError, NewCsvProfile, SavedCsvProfile,
};
use crate::query::QueryError;
use crate::store::UndoWrite;
use crate::Result;

use super::imports::Source;
use super::Imports;

/// A header cell as compared: trimmed, lower case.
fn norm(cell: &str) -> String {
    cell.trim().to_lowercase()
}

impl Imports<'_> {
    /// Saves a CSV profile in the book under `profile.name`.
    ///
    /// # Errors
    ///
    /// `invalid_field` (field `name`) for a blank name; `profile_exists`; `read_only`.
    pub fn save_csv_profile(&self, profile: NewCsvProfile) -> Result<SavedCsvProfile> {
        self.book.check_writable()?;
        let name = profile.name.trim().to_owned();
        if name.is_empty() {
            return Err(QueryError::InvalidField {
                field: "name".to_owned(),
                value: profile.name,
                reason: "a saved CSV profile needs a name".to_owned(),
            }
            .into());
        }
        let saved = SavedCsvProfile {
            name,
            profile: profile.profile,
            header: profile.header.iter().map(|c| c.trim().to_owned()).collect(),
            created_at: self.book.engine.clock.now(),
        };
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::CsvProfile,
            None,
            None::<&()>,
            Some(&saved),
        );
        self.book.engine.store.insert_csv_profile(self.book.id(), &saved, &audit)?;
        Ok(saved)
    }

    /// The CSV profiles saved in the book, by name.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn csv_profiles(&self) -> Result<Vec<SavedCsvProfile>> {
        self.book.engine.store.csv_profiles(self.book.id())
    }

    /// A saved CSV profile.
    ///
    /// # Errors
    ///
    /// `profile_not_found`.
    pub fn csv_profile(&self, name: &str) -> Result<SavedCsvProfile> {
        self.csv_profiles()?
            .into_iter()
            .find(|p| p.name == name.trim())
            .ok_or_else(|| ImportError::ProfileNotFound(name.to_owned()).into())
    }

    /// Deletes a saved CSV profile.
    ///
    /// # Errors
    ///
    /// `profile_not_found`; `read_only`.
    pub fn delete_csv_profile(&self, name: &str) -> Result<()> {
        self.book.check_writable()?;
        let saved = self.csv_profile(name)?;
        let audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::CsvProfile,
            None,
            Some(&saved),
            None::<&()>,
        );
        self.book.engine.store.delete_csv_profile(self.book.id(), &saved.name, &audit)
    }

    /// The saved profile for a CSV file: the one whose header is the file's header (cells
    /// compared trimmed and in lower case), else one saved without a header whose named columns
    /// are all in the file's header; the first by name when several fit. `None` when none does
    /// (or the file has no header).
    ///
    /// # Errors
    ///
    /// `unreadable_file` when the file cannot be read.
    pub fn csv_profile_for(
        &self,
        bytes: &[u8],
        file_name: &str,
    ) -> Result<Option<SavedCsvProfile>> {
        let saved = self.csv_profiles()?;
        if saved.is_empty() {
            return Ok(None);
        }
        let header: Vec<String> = csv_header(bytes, file_name)?.iter().map(|c| norm(c)).collect();
        if header.is_empty() {
            return Ok(None);
        }
        let exact = saved.iter().find(|p| {
            !p.header.is_empty() && p.header.iter().map(|c| norm(c)).eq(header.iter().cloned())
        });
        if let Some(found) = exact {
            return Ok(Some(found.clone()));
        }
        Ok(saved.into_iter().find(|p| {
            let names = profile_column_names(&p.profile);
            p.header.is_empty()
                && !names.is_empty()
                && names.iter().all(|n| header.contains(&norm(n)))
        }))
    }

    /// The saved profile matching a file (see [`csv_profile_for`](Self::csv_profile_for)).
    pub(super) fn saved_profile_for(
        &self,
        bytes: &[u8],
        file_name: &str,
    ) -> Result<Option<SavedCsvProfile>> {
        if crate::import::read::detect(bytes)
            .is_some_and(|f| f != crate::import::StatementFormat::Csv)
        {
            return Ok(None);
        }
        self.csv_profile_for(bytes, file_name)
    }

    /// The book's import batches, newest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn batches(&self) -> Result<Vec<ImportBatch>> {
        self.book.engine.store.import_batches(self.book.id())
    }

    /// An import batch.
    ///
    /// # Errors
    ///
    /// `batch_not_found`.
    pub fn batch(&self, id: ImportBatchId) -> Result<ImportBatch> {
        self.batches()?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or_else(|| ImportError::BatchNotFound(id).into())
    }

    /// Undoes an import batch as a whole, in one database transaction: deletes the transactions
    /// it wrote and the deleted ones it restored (those deleted since are skipped), gives the
    /// transactions it changed (a pending one that posted, a sync's `modified`) the content they
    /// had before it, brings back the ones it deleted (a sync's `removed`), and marks it undone.
    /// The deleted transactions stay remembered: importing the same lines again brings them
    /// back only with `reimport_deleted`. A batch recorded before this version kept the content
    /// it replaced keeps those changes.
    ///
    /// # Errors
    ///
    /// `batch_not_found`; `batch_already_undone`; `read_only`; a transaction the batch changed
    /// that cannot take its old content back (its external id taken since) fails the undo
    /// whole.
    pub fn undo_batch(&self, id: ImportBatchId) -> Result<ImportBatch> {
        self.book.check_writable()?;
        let lock = self.import_lock();
        let _held = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let batch = self.batch(id)?;
        if batch.undone() {
            return Err(ImportError::BatchAlreadyUndone(id).into());
        }
        let store = &self.book.engine.store;
        let txs = self.book.transactions();
        let mut replaces = Vec::new();
        for (tx_id, image) in store.import_batch_images(self.book.id(), id)? {
            let now = txs.get(tx_id)?;
            let audit = self.book.audit(
                AuditAction::Update,
                EntityKind::Transaction,
                Some(tx_id.0),
                Some(&now),
                Some(&image),
            );
            replaces.push((tx_id, image, audit));
        }
        let mut undeletes = Vec::new();
        for tx_id in &batch.removed {
            let now = txs.get(*tx_id)?;
            if !now.deleted {
                continue;
            }
            let mut after = now.clone();
            after.deleted = false;
            let audit = self.book.audit(
                AuditAction::Restore,
                EntityKind::Transaction,
                Some(tx_id.0),
                Some(&now),
                Some(&after),
            );
            undeletes.push((*tx_id, audit));
        }
        let delete_audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::Transaction,
            None,
            None::<&()>,
            Some(&serde_json::json!({
                "import_batch": id,
                "written": &batch.written,
                "restored": &batch.restored,
            })),
        );
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::ImportBatch,
            Some(id.0),
            None::<&()>,
            Some(&serde_json::json!({
                "undone": true,
                "reverted": replaces.len(),
                "brought_back": undeletes.len(),
            })),
        );
        let undo = UndoWrite { batch: id, delete_audit, replaces, undeletes, audit };
        let undone = store.undo_import_batch(self.book.id(), &undo)?;
        for tx_id in &undone.deleted {
            self.book.emit(&Event::TransactionDeleted { id: *tx_id });
        }
        for (tx_id, _, _) in &undo.replaces {
            self.book.emit(&Event::TransactionUpdated { id: *tx_id });
        }
        for (tx_id, _) in &undo.undeletes {
            self.book.emit(&Event::TransactionRestored { id: *tx_id });
        }
        self.book.emit(&Event::ImportBatchUndone {
            batch_id: id,
            deleted: u64::try_from(undone.deleted.len()).unwrap_or(u64::MAX),
        });
        Ok(undone.batch)
    }

    /// The batch record of a committed file import, for its write (the store fills in its id
    /// and `written` ids).
    pub(super) fn file_batch(
        &self,
        source: &Source<'_>,
        result: &ImportResult,
        restored: Vec<TransactionId>,
        upgraded: Vec<TransactionId>,
    ) -> (ImportBatch, AuditRecord) {
        let format = match source {
            Source::Statement(st) => st.format,
            Source::Csv { .. } => crate::import::StatementFormat::Csv,
        };
        let batch = ImportBatch {
            id: ImportBatchId(0),
            kind: BatchKind::File,
            file: Some(result.file.clone()),
            format: Some(format),
            account: Some(result.account),
            connection_id: None,
            created_at: self.book.engine.clock.now(),
            undone_at: None,
            counts: counts_of(result),
            written: Vec::new(),
            restored,
            upgraded,
            modified: Vec::new(),
            removed: Vec::new(),
        };
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::ImportBatch,
            None,
            None::<&()>,
            Some(&serde_json::json!({
                "kind": "file",
                "file": &batch.file,
                "written": result.new,
                "restored": batch.restored.len(),
                "upgraded": batch.upgraded.len(),
            })),
        );
        (batch, audit)
    }
}

/// The counts of an import's outcomes.
pub(super) fn counts_of(result: &ImportResult) -> BatchCounts {
    BatchCounts {
        new: result.new,
        duplicates: result.duplicates,
        matched: result.matched,
        candidates: result.candidates,
        conflicting: result.conflicting,
        deleted: result.deleted,
        restored: result.restored,
        rejected: result.rejected,
        modified: 0,
        removed: 0,
    }
}
