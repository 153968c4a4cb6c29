//! Bank connections, syncs, saved CSV profiles and import batches on `book.imports()`: the
//! records as UniFFI records (a connection never carries its sealed token; a CSV profile
//! crosses as the JSON text of the core's `CsvProfile`), and the calls, each one line over the
//! core.

use crate::conversion::{csv_profile_json, Timestamp};
use crate::error::Result;
use crate::groups::Imports;
use tally_core::import::records as rec;
use tally_core::import::StatementFormat;
use tally_core::{AccountId, ConnectionId, ImportBatchId, TransactionId};

/// The aggregator a connection fetches from.
#[uniffi::remote(Enum)]
pub enum Provider {
    Plaid,
    Gocardless,
    Simplefin,
}

/// Where a connection stands.
#[uniffi::remote(Enum)]
pub enum ConnectionStatus {
    Active,
    Error,
    Disconnected,
}

/// What wrote an import batch.
#[uniffi::remote(Enum)]
pub enum BatchKind {
    File,
    Sync,
}

use rec::{BatchKind, ConnectionStatus, Provider};

/// A provider account and the book account its transactions go into.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ConnectionAccount {
    /// The provider's id of the account.
    pub provider_account_id: String,
    /// The book account.
    pub account_id: AccountId,
}

/// A bank connection to create.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewConnection {
    /// The aggregator.
    pub provider: Provider,
    /// The institution, as the provider names it.
    pub institution: String,
    /// A name for the user.
    pub name: String,
    /// The book account each provider account feeds (at least one).
    pub accounts: Vec<ConnectionAccount>,
    /// Where the other side of each synced line goes until it is categorized.
    pub counter_account: AccountId,
    /// The provider's access token, sealed with the key given to `createConnection`.
    #[uniffi(default = None)]
    pub access_token: Option<String>,
}

/// A change to a connection: the fields set are replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ConnectionUpdate {
    /// A new name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// A new mapping (replaces the whole list).
    #[uniffi(default = None)]
    pub accounts: Option<Vec<ConnectionAccount>>,
    /// A new counter account.
    #[uniffi(default = None)]
    pub counter_account: Option<AccountId>,
    /// A new status.
    #[uniffi(default = None)]
    pub status: Option<ConnectionStatus>,
}

/// A bank connection; its access token is only ever stored sealed (`has_token`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Connection {
    /// Its id.
    pub id: ConnectionId,
    /// The aggregator.
    pub provider: Provider,
    /// The institution.
    pub institution: String,
    /// A name for the user.
    pub name: String,
    /// The book account each provider account feeds.
    pub accounts: Vec<ConnectionAccount>,
    /// Where the other side of each synced line goes.
    pub counter_account: AccountId,
    /// The provider's cursor after the last complete sync.
    pub cursor: Option<String>,
    /// Where it stands.
    pub status: ConnectionStatus,
    /// When the last sync was attempted.
    pub last_sync_at: Option<Timestamp>,
    /// Why the last sync failed.
    pub last_error: Option<String>,
    /// Whether an access token is stored (sealed).
    pub has_token: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// A CSV profile saved in a book.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SavedCsvProfile {
    /// Its name, unique in the book.
    pub name: String,
    /// The mapping, the JSON text `suggestCsvProfile` returns.
    pub profile: String,
    /// The header row of the bank's files (empty when not given).
    pub header: Vec<String>,
    /// When it was saved.
    pub created_at: Timestamp,
}

/// Counts of what an import batch did with its lines.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BatchCounts {
    /// Lines imported as new transactions.
    pub new: u64,
    /// Lines already imported.
    pub duplicates: u64,
    /// Lines linked to a transaction already in the book.
    pub matched: u64,
    /// Lines offered as candidates.
    pub candidates: u64,
    /// Lines imported before with other content.
    pub conflicting: u64,
    /// Lines whose transaction the user deleted.
    pub deleted: u64,
    /// Deleted transactions brought back.
    pub restored: u64,
    /// Lines refused.
    pub rejected: u64,
    /// Transactions the bank changed.
    pub modified: u64,
    /// Transactions the bank removed.
    pub removed: u64,
}

/// A committed import (a file or a sync) and every transaction it wrote.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportBatch {
    /// Its id.
    pub id: ImportBatchId,
    /// File or sync.
    pub kind: BatchKind,
    /// The file name (null for a sync).
    pub file: Option<String>,
    /// The format read.
    pub format: Option<StatementFormat>,
    /// The account imported into (a sync: the first mapped).
    pub account: Option<AccountId>,
    /// The connection synced.
    pub connection_id: Option<ConnectionId>,
    /// When it was committed.
    pub created_at: Timestamp,
    /// When it was undone.
    pub undone_at: Option<Timestamp>,
    /// What it did with its lines.
    pub counts: BatchCounts,
    /// New transactions it wrote.
    pub written: Vec<TransactionId>,
    /// Deleted transactions it restored.
    pub restored: Vec<TransactionId>,
    /// Pending transactions it turned into posted ones.
    pub upgraded: Vec<TransactionId>,
    /// Transactions it changed as the bank did.
    pub modified: Vec<TransactionId>,
    /// Transactions it deleted as the bank removed them.
    pub removed: Vec<TransactionId>,
}

/// What one page of a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncPageResult {
    /// Index of the page (0-based).
    pub page: u64,
    /// Lines imported as new transactions.
    pub added: u64,
    /// Transactions changed as the bank changed them.
    pub modified: u64,
    /// Transactions deleted as the bank removed them.
    pub removed: u64,
    /// Lines or changes already applied.
    pub duplicates: u64,
    /// Lines linked to a transaction already in the book.
    pub matched: u64,
    /// Lines offered as candidates (not written).
    pub candidates: u64,
    /// Lines or changes left for the user.
    pub conflicting: u64,
    /// Lines whose transaction the user deleted.
    pub deleted: u64,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncResult {
    /// The connection after the sync.
    pub connection: Connection,
    /// The batch recorded, null when nothing was written.
    pub batch: Option<ImportBatch>,
    /// What each page did.
    pub pages: Vec<SyncPageResult>,
}

impl From<ConnectionAccount> for rec::ConnectionAccount {
    fn from(a: ConnectionAccount) -> Self {
        Self::new(a.provider_account_id, a.account_id)
    }
}

impl From<rec::ConnectionAccount> for ConnectionAccount {
    fn from(a: rec::ConnectionAccount) -> Self {
        Self { provider_account_id: a.provider_account_id, account_id: a.account_id }
    }
}

impl From<NewConnection> for rec::NewConnection {
    fn from(c: NewConnection) -> Self {
        let mut new = Self::new(c.provider, c.institution, c.name, c.counter_account);
        new.accounts = c.accounts.into_iter().map(Into::into).collect();
        new.access_token = c.access_token;
        new
    }
}

impl From<ConnectionUpdate> for rec::ConnectionUpdate {
    fn from(u: ConnectionUpdate) -> Self {
        Self {
            name: u.name,
            accounts: u.accounts.map(|a| a.into_iter().map(Into::into).collect()),
            counter_account: u.counter_account,
            status: u.status,
        }
    }
}

impl From<rec::Connection> for Connection {
    fn from(c: rec::Connection) -> Self {
        Self {
            id: c.id,
            provider: c.provider,
            has_token: c.has_token(),
            institution: c.institution,
            name: c.name,
            accounts: c.accounts.into_iter().map(Into::into).collect(),
            counter_account: c.counter_account,
            cursor: c.cursor,
            status: c.status,
            last_sync_at: c.last_sync_at,
            last_error: c.last_error,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

impl From<rec::BatchCounts> for BatchCounts {
    fn from(c: rec::BatchCounts) -> Self {
        let rec::BatchCounts {
            new,
            duplicates,
            matched,
            candidates,
            conflicting,
            deleted,
            restored,
            rejected,
            modified,
            removed,
        } = c;
        Self {
            new,
            duplicates,
            matched,
            candidates,
            conflicting,
            deleted,
            restored,
            rejected,
            modified,
            removed,
        }
    }
}

impl From<rec::ImportBatch> for ImportBatch {
    fn from(b: rec::ImportBatch) -> Self {
        Self {
            id: b.id,
            kind: b.kind,
            file: b.file,
            format: b.format,
            account: b.account,
            connection_id: b.connection_id,
            created_at: b.created_at,
            undone_at: b.undone_at,
            counts: b.counts.into(),
            written: b.written,
            restored: b.restored,
            upgraded: b.upgraded,
            modified: b.modified,
            removed: b.removed,
        }
    }
}

impl From<rec::SyncPageResult> for SyncPageResult {
    fn from(p: rec::SyncPageResult) -> Self {
        Self {
            page: u64::try_from(p.page).unwrap_or(u64::MAX),
            added: p.added,
            modified: p.modified,
            removed: p.removed,
            duplicates: p.duplicates,
            matched: p.matched,
            candidates: p.candidates,
            conflicting: p.conflicting,
            deleted: p.deleted,
        }
    }
}

impl From<rec::SyncResult> for SyncResult {
    fn from(r: rec::SyncResult) -> Self {
        Self {
            connection: r.connection.into(),
            batch: r.batch.map(Into::into),
            pages: r.pages.into_iter().map(Into::into).collect(),
        }
    }
}

fn saved(p: rec::SavedCsvProfile) -> tally_core::Result<SavedCsvProfile> {
    Ok(SavedCsvProfile {
        profile: csv_profile_json(&p.profile)?,
        name: p.name,
        header: p.header,
        created_at: p.created_at,
    })
}

/// The core's CSV profile from its JSON text; `invalid_field` (field `profile`) otherwise.
fn profile_of(text: &str) -> tally_core::Result<tally_core::import::csv::CsvProfile> {
    serde_json::from_str(text).map_err(|e| {
        tally_core::query::QueryError::InvalidField {
            field: "profile".to_owned(),
            value: text.chars().take(80).collect(),
            reason: format!("not the JSON of a CSV profile: {e}"),
        }
        .into()
    })
}

#[uniffi::export]
impl Imports {
    /// Creates a bank connection. Its access token is sealed with XChaCha20-Poly1305 under
    /// `key` (32 bytes the app keeps, e.g. in the Keychain or Keystore) before it is stored;
    /// it is never stored or returned in clear.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, `read_only`.
    #[uniffi::method(default(key = None))]
    pub fn create_connection(
        &self,
        connection: NewConnection,
        key: Option<Vec<u8>>,
    ) -> Result<Connection> {
        Ok(self.0.imports().create_connection(connection.into(), key.as_deref())?.into())
    }

    /// The book's bank connections, by id.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn connections(&self) -> Result<Vec<Connection>> {
        Ok(self.0.imports().connections()?.into_iter().map(Into::into).collect())
    }

    /// A bank connection.
    ///
    /// # Errors
    ///
    /// `connection_not_found`.
    pub fn connection(&self, id: ConnectionId) -> Result<Connection> {
        Ok(self.0.imports().connection(id)?.into())
    }

    /// Changes a connection's name, account mapping, counter account or status.
    ///
    /// # Errors
    ///
    /// `connection_not_found`, `account_not_found`, `invalid_field`, `read_only`.
    pub fn update_connection(
        &self,
        id: ConnectionId,
        update: ConnectionUpdate,
    ) -> Result<Connection> {
        Ok(self.0.imports().update_connection(id, update.into())?.into())
    }

    /// Replaces (or with null removes) a connection's access token, sealed with `key`.
    ///
    /// # Errors
    ///
    /// `connection_not_found`, `invalid_field` (field `key`), `read_only`.
    pub fn set_connection_token(
        &self,
        id: ConnectionId,
        token: Option<String>,
        key: Vec<u8>,
    ) -> Result<Connection> {
        Ok(self.0.imports().set_connection_token(id, token.as_deref(), &key)?.into())
    }

    /// The connection's access token in clear, opened with `key`; null when it has none.
    ///
    /// # Errors
    ///
    /// `token_key_mismatch` for another key; `connection_not_found`.
    pub fn reveal_token(&self, id: ConnectionId, key: Vec<u8>) -> Result<Option<String>> {
        Ok(self.0.imports().reveal_token(id, &key)?)
    }

    /// Deletes a connection; its batches and transactions stay.
    ///
    /// # Errors
    ///
    /// `connection_not_found`, `read_only`.
    pub fn delete_connection(&self, id: ConnectionId) -> Result<()> {
        Ok(self.0.imports().delete_connection(id)?)
    }

    /// Applies a complete sync of a connection as one unit: `pages` are the provider's JSON
    /// payloads in order. If any page fails nothing is written, the cursor stays and the
    /// connection records the error; else the transactions, changes, removals and the new
    /// cursor are committed together.
    ///
    /// # Errors
    ///
    /// `sync_failed` (with `file` `pages[i]` and `line`), `connection_not_found`,
    /// `connection_disconnected`, `read_only`.
    pub fn sync(&self, id: ConnectionId, pages: Vec<Vec<u8>>) -> Result<SyncResult> {
        Ok(self.0.imports().sync(id, &pages)?.into())
    }

    /// Saves a CSV profile (the JSON text `suggestCsvProfile` returns) under a unique name;
    /// `header` is the header row of the bank's files (`csvHeader`).
    ///
    /// # Errors
    ///
    /// `profile_exists`, `invalid_field`, `read_only`.
    #[uniffi::method(default(header = []))]
    pub fn save_csv_profile(
        &self,
        name: String,
        profile: String,
        header: Vec<String>,
    ) -> Result<SavedCsvProfile> {
        let new = rec::NewCsvProfile::new(name, profile_of(&profile)?).header(header);
        Ok(saved(self.0.imports().save_csv_profile(new)?)?)
    }

    /// The CSV profiles saved in the book, by name.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn csv_profiles(&self) -> Result<Vec<SavedCsvProfile>> {
        let list = self.0.imports().csv_profiles()?;
        Ok(list.into_iter().map(saved).collect::<tally_core::Result<Vec<_>>>()?)
    }

    /// A saved CSV profile.
    ///
    /// # Errors
    ///
    /// `profile_not_found`.
    pub fn csv_profile(&self, name: String) -> Result<SavedCsvProfile> {
        Ok(saved(self.0.imports().csv_profile(&name)?)?)
    }

    /// Deletes a saved CSV profile.
    ///
    /// # Errors
    ///
    /// `profile_not_found`, `read_only`.
    pub fn delete_csv_profile(&self, name: String) -> Result<()> {
        Ok(self.0.imports().delete_csv_profile(&name)?)
    }

    /// The header row of a CSV file (empty when it has none), to save with a profile.
    ///
    /// # Errors
    ///
    /// `unreadable_file`.
    pub fn csv_header(&self, bytes: Vec<u8>, file_name: String) -> Result<Vec<String>> {
        Ok(tally_core::import::csv::csv_header(&bytes, &file_name)?)
    }

    /// The book's import batches (every committed file import or sync), newest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn batches(&self) -> Result<Vec<ImportBatch>> {
        Ok(self.0.imports().batches()?.into_iter().map(Into::into).collect())
    }

    /// An import batch.
    ///
    /// # Errors
    ///
    /// `batch_not_found`.
    pub fn batch(&self, id: ImportBatchId) -> Result<ImportBatch> {
        Ok(self.0.imports().batch(id)?.into())
    }

    /// Undoes an import batch as a whole in one database transaction: deletes what it wrote
    /// and restored (they stay remembered) and marks it undone.
    ///
    /// # Errors
    ///
    /// `batch_not_found`, `batch_already_undone`, `read_only`.
    pub fn undo_batch(&self, id: ImportBatchId) -> Result<ImportBatch> {
        Ok(self.0.imports().undo_batch(id)?.into())
    }
}
