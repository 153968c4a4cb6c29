//! What a book keeps about its imports besides the transactions themselves: bank connections
//! (the provider, the institution, which book account each provider account feeds, the sync
//! cursor and status, the access token sealed under the host's key), saved CSV profiles, and
//! import batches (what each committed import wrote, so that it can be undone as a whole).
//! Plain records, shared by the [`Store`](crate::Store) and the bindings, and the errors of
//! the calls that use them.

use crate::ids::{AccountId, ConnectionId, ImportBatchId, TransactionId};
use crate::import::csv::CsvProfile;
use crate::import::StatementFormat;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The aggregator a connection fetches from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// Plaid (`/transactions/sync` pages).
    Plaid,
    /// GoCardless Bank Account Data (formerly Nordigen): booked and pending lists.
    Gocardless,
    /// SimpleFIN Bridge: account sets.
    Simplefin,
}

impl Provider {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plaid => "plaid",
            Self::Gocardless => "gocardless",
            Self::Simplefin => "simplefin",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Plaid, Self::Gocardless, Self::Simplefin].into_iter().find(|p| p.as_str() == text)
    }

    /// The payload format its pages come in.
    pub fn format(self) -> StatementFormat {
        match self {
            Self::Plaid => StatementFormat::Plaid,
            Self::Gocardless => StatementFormat::GoCardless,
            Self::Simplefin => StatementFormat::SimpleFin,
        }
    }
}

/// Where a connection stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    /// Syncing (the last sync, if any, went through).
    #[default]
    Active,
    /// The last sync failed; [`Connection::last_error`] says why. The next one may succeed.
    Error,
    /// The user or the institution ended it: syncs are refused until it is set active again.
    Disconnected,
}

impl ConnectionStatus {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Error => "error",
            Self::Disconnected => "disconnected",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Error, Self::Disconnected].into_iter().find(|s| s.as_str() == text)
    }
}

/// One provider account and the book account its transactions go into.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConnectionAccount {
    /// The provider's id of the account (Plaid `account_id`, SimpleFIN account `id`, the
    /// GoCardless account id).
    pub provider_account_id: String,
    /// The book's account.
    pub account_id: AccountId,
}

impl ConnectionAccount {
    /// Maps `provider_account_id` to `account_id`.
    pub fn new(provider_account_id: impl Into<String>, account_id: AccountId) -> Self {
        Self { provider_account_id: provider_account_id.into(), account_id }
    }
}

/// A bank connection to create.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConnection {
    /// The aggregator.
    pub provider: Provider,
    /// The institution, as the provider names it (`ins_109508`, `SANDBOXFINANCE_SFIN0000`).
    pub institution: String,
    /// A name for the user.
    pub name: String,
    /// The book account each provider account feeds (at least one).
    pub accounts: Vec<ConnectionAccount>,
    /// Where the other side of each synced line goes until it is categorized.
    pub counter_account: AccountId,
    /// The provider's access token (Plaid `access_token`, a SimpleFIN access URL, a GoCardless
    /// requisition id), sealed before it is stored; never stored or logged in clear.
    pub access_token: Option<String>,
}

impl std::fmt::Debug for NewConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewConnection")
            .field("provider", &self.provider)
            .field("institution", &self.institution)
            .field("name", &self.name)
            .field("accounts", &self.accounts)
            .field("counter_account", &self.counter_account)
            .field("access_token", &self.access_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl NewConnection {
    /// A connection to `institution` through `provider`, its lines' other side in
    /// `counter_account`; add the accounts with [`account`](Self::account).
    pub fn new(
        provider: Provider,
        institution: impl Into<String>,
        name: impl Into<String>,
        counter_account: AccountId,
    ) -> Self {
        Self {
            provider,
            institution: institution.into(),
            name: name.into(),
            accounts: Vec::new(),
            counter_account,
            access_token: None,
        }
    }

    /// Maps a provider account to a book account.
    #[must_use]
    pub fn account(mut self, provider_account_id: impl Into<String>, account: AccountId) -> Self {
        self.accounts.push(ConnectionAccount::new(provider_account_id, account));
        self
    }

    /// The access token, sealed with the key given to the create call.
    #[must_use]
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(token.into());
        self
    }
}

/// A change to a connection: the fields that are `Some` are replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new mapping of provider accounts to book accounts (replaces the whole list).
    pub accounts: Option<Vec<ConnectionAccount>>,
    /// A new counter account.
    pub counter_account: Option<AccountId>,
    /// A new status (`disconnected` to stop syncing, `active` to resume).
    pub status: Option<ConnectionStatus>,
}

/// A bank connection of a book.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// Its id (assigned by the store; ignored when a store inserts one).
    pub id: ConnectionId,
    /// The aggregator.
    pub provider: Provider,
    /// The institution.
    pub institution: String,
    /// A name for the user.
    pub name: String,
    /// The book account each provider account feeds.
    pub accounts: Vec<ConnectionAccount>,
    /// Where the other side of each synced line goes until it is categorized.
    pub counter_account: AccountId,
    /// The provider's cursor after the last complete sync (Plaid `next_cursor`; for GoCardless
    /// and SimpleFIN the last day a sync covered, `YYYY-MM-DD`, to fetch from next time).
    pub cursor: Option<String>,
    /// Where it stands.
    pub status: ConnectionStatus,
    /// When the last sync was attempted (UTC, from the engine's clock).
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the last sync failed (`None` after one that went through).
    pub last_error: Option<String>,
    /// The access token sealed with XChaCha20-Poly1305 under the host's key (version byte,
    /// 24-byte nonce, ciphertext and tag); only
    /// [`reveal_token`](crate::book::Imports::reveal_token) opens it. Bindings do not expose it.
    pub sealed_token: Option<Vec<u8>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed (a sync changes it).
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("id", &self.id)
            .field("provider", &self.provider)
            .field("institution", &self.institution)
            .field("name", &self.name)
            .field("accounts", &self.accounts)
            .field("counter_account", &self.counter_account)
            .field("cursor", &self.cursor)
            .field("status", &self.status)
            .field("last_sync_at", &self.last_sync_at)
            .field("last_error", &self.last_error)
            .field("sealed_token", &self.sealed_token.as_ref().map(|_| "<sealed>"))
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

impl Connection {
    /// Whether an access token is stored (sealed).
    pub fn has_token(&self) -> bool {
        self.sealed_token.is_some()
    }

    /// The book account a provider account feeds.
    pub fn account_for(&self, provider_account_id: &str) -> Option<AccountId> {
        self.accounts
            .iter()
            .find(|a| a.provider_account_id == provider_account_id)
            .map(|a| a.account_id)
    }
}

/// A CSV profile to save in a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCsvProfile {
    /// Its name, unique in the book.
    pub name: String,
    /// The mapping.
    pub profile: CsvProfile,
    /// The header row of the bank's files (as [`csv_header`](crate::import::csv::csv_header)
    /// reads it), so that a file with this header is recognized; empty: a file matches when
    /// its header has every column the profile names.
    pub header: Vec<String>,
}

impl NewCsvProfile {
    /// A profile saved as `name`.
    pub fn new(name: impl Into<String>, profile: CsvProfile) -> Self {
        Self { name: name.into(), profile, header: Vec::new() }
    }

    /// The header row of the bank's files.
    #[must_use]
    pub fn header(mut self, header: Vec<String>) -> Self {
        self.header = header;
        self
    }
}

/// A CSV profile saved in a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCsvProfile {
    /// Its name, unique in the book.
    pub name: String,
    /// The mapping.
    pub profile: CsvProfile,
    /// The header row of the bank's files (empty when not given).
    pub header: Vec<String>,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// What wrote an import batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchKind {
    /// A bank file (or a parsed statement).
    File,
    /// A bank sync of a connection.
    Sync,
}

impl BatchKind {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Sync => "sync",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::File, Self::Sync].into_iter().find(|k| k.as_str() == text)
    }
}

/// Counts of what an import batch did with its lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchCounts {
    /// Lines imported as new transactions.
    pub new: u64,
    /// Lines already imported.
    pub duplicates: u64,
    /// Lines linked to a transaction already in the book (a pending one that posted included).
    pub matched: u64,
    /// Lines offered as candidates (not written).
    pub candidates: u64,
    /// Lines imported before with other content (left for the user).
    pub conflicting: u64,
    /// Lines whose transaction the user deleted (left deleted).
    pub deleted: u64,
    /// Deleted transactions brought back.
    pub restored: u64,
    /// Lines refused (lenient mode).
    pub rejected: u64,
    /// Transactions the bank changed (a sync's `modified`).
    pub modified: u64,
    /// Transactions the bank removed (a sync's `removed`).
    pub removed: u64,
}

/// A committed import: what it read and every transaction it wrote, to undo it as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBatch {
    /// Its id (assigned by the store; ignored when a store inserts one).
    pub id: ImportBatchId,
    /// File or sync.
    pub kind: BatchKind,
    /// The file name (`None` for a sync).
    pub file: Option<String>,
    /// The format read.
    pub format: Option<StatementFormat>,
    /// The account imported into (a sync into several accounts: the first).
    pub account: Option<AccountId>,
    /// The connection synced.
    pub connection_id: Option<ConnectionId>,
    /// When it was committed.
    pub created_at: DateTime<Utc>,
    /// When it was undone.
    pub undone_at: Option<DateTime<Utc>>,
    /// What it did with its lines.
    pub counts: BatchCounts,
    /// New transactions it wrote, ascending.
    pub written: Vec<TransactionId>,
    /// Deleted transactions it brought back.
    pub restored: Vec<TransactionId>,
    /// Pending transactions it turned into the posted ones.
    pub upgraded: Vec<TransactionId>,
    /// Transactions it changed as the bank did (a sync's `modified`).
    pub modified: Vec<TransactionId>,
    /// Transactions it deleted as the bank removed them (a sync's `removed`).
    pub removed: Vec<TransactionId>,
}

impl ImportBatch {
    /// Whether it was undone.
    pub fn undone(&self) -> bool {
        self.undone_at.is_some()
    }
}

/// What one page of a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPageResult {
    /// Index of the page (0-based).
    pub page: usize,
    /// Lines imported as new transactions.
    pub added: u64,
    /// Transactions changed as the bank changed them.
    pub modified: u64,
    /// Transactions deleted as the bank removed them.
    pub removed: u64,
    /// Lines (or changes, or removals) already applied: nothing written for them.
    pub duplicates: u64,
    /// Lines linked to a transaction already in the book (a pending one that posted included).
    pub matched: u64,
    /// Lines offered as candidates for the user to decide (not written).
    pub candidates: u64,
    /// Lines or changes left for the user: imported before with other content, or a change
    /// to a reconciled or split transaction.
    pub conflicting: u64,
    /// Lines whose transaction the user deleted (left deleted).
    pub deleted: u64,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResult {
    /// The connection after the sync (new cursor, status, last sync).
    pub connection: Connection,
    /// The batch it recorded (to undo it), `None` when it wrote nothing.
    pub batch: Option<ImportBatch>,
    /// What each page did, in order.
    pub pages: Vec<SyncPageResult>,
}

/// Errors of bank connections, saved CSV profiles, import batches and syncs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// A page of a sync cannot be applied: nothing was written.
    #[error("sync page {page}{}: {field}: {reason} ('{value}')", line.map(|l| format!(", entry {l}")).unwrap_or_default())]
    SyncFailed {
        /// Index of the page (0-based).
        page: usize,
        /// 1-based position of the entry in its list, where an entry is at fault.
        line: Option<u64>,
        /// The field at fault (`added.amount`, `accounts`, `has_more`).
        field: String,
        /// The offending text.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// No such connection in this book.
    #[error("no connection {0} in this book")]
    ConnectionNotFound(ConnectionId),
    /// The connection is disconnected.
    #[error("connection {0} is disconnected; set it active to sync")]
    ConnectionDisconnected(ConnectionId),
    /// The key does not open the sealed token.
    #[error("the key does not open the access token of connection {0}")]
    TokenKeyMismatch(ConnectionId),
    /// A CSV profile with this name is saved.
    #[error("a CSV profile named '{0}' is already saved in this book")]
    ProfileExists(String),
    /// No CSV profile with this name.
    #[error("no CSV profile named '{0}' in this book")]
    ProfileNotFound(String),
    /// No such batch.
    #[error("no import batch {0} in this book")]
    BatchNotFound(ImportBatchId),
    /// The batch was undone before.
    #[error("import batch {0} has already been undone")]
    BatchAlreadyUndone(ImportBatchId),
}

impl ImportError {
    /// Its stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::SyncFailed { .. } => "sync_failed",
            Self::ConnectionNotFound(_) => "connection_not_found",
            Self::ConnectionDisconnected(_) => "connection_disconnected",
            Self::TokenKeyMismatch(_) => "token_key_mismatch",
            Self::ProfileExists(_) => "profile_exists",
            Self::ProfileNotFound(_) => "profile_not_found",
            Self::BatchNotFound(_) => "batch_not_found",
            Self::BatchAlreadyUndone(_) => "batch_already_undone",
        }
    }

    /// A failed page, from an error of reading or planning it: a file error's line and field
    /// are kept.
    pub fn sync_failed(page: usize, error: &crate::Error) -> Self {
        match error {
            crate::Error::File(crate::files::FileError::Malformed {
                line,
                field,
                value,
                reason,
                ..
            }) => Self::SyncFailed {
                page,
                line: Some(*line),
                field: field.clone(),
                value: value.clone(),
                reason: reason.clone(),
            },
            crate::Error::Import(Self::SyncFailed { line, field, value, reason, .. }) => {
                Self::SyncFailed {
                    page,
                    line: *line,
                    field: field.clone(),
                    value: value.clone(),
                    reason: reason.clone(),
                }
            }
            other => Self::SyncFailed {
                page,
                line: None,
                field: other.field().unwrap_or_else(|| "page".to_owned()),
                value: String::new(),
                reason: format!("{}: {other}", other.code()),
            },
        }
    }
}
