//! `book.imports`: bank files in. Any supported format (CSV with a column profile, OFX/QFX,
//! QIF, camt.053, MT940/MT942, bank-sync JSON) is parsed into statements, and a statement is
//! imported into one account exactly once: re-importing a file finds duplicates, lines that
//! match transactions already in the book are linked or offered as candidates, and an import
//! can be undone as a whole.

use crate::async_tasks::{work, ImportFileTask, Job, ParseTask};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi::Env;
use napi_derive::napi;
use tally_core::import::records::NewCsvProfile;
use tally_core::{ConnectionId, ImportBatchId};

/// Import calls of a book.
#[napi]
pub struct Imports {
    handle: BookHandle,
}

impl Imports {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Imports {
    /// Reads a bank file, from a path or from a `Buffer`, into statements (one per account the
    /// file holds); writes nothing. The format is detected unless `options.format` says it; a
    /// CSV is read with `options.csvProfile` (the JSON of `suggestCsvProfile`), else with the
    /// suggested profile. A bad line throws `malformed_line` (with `file` and `line`); a file
    /// that cannot be read or is no bank file throws `unreadable_file`.
    #[napi]
    pub fn parse(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: Option<js::ParseOptions>,
    ) -> napi::Result<Vec<js::Statement>> {
        self.handle.run(env, |b| work::parse(b, conv::statement_file(path_or_buffer, options)?))
    }

    /// `parse` off the JS thread: the file is read and parsed on the libuv pool (a `Buffer` is
    /// copied first).
    #[napi]
    pub fn parse_async(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: Option<js::ParseOptions>,
    ) -> napi::Result<AsyncTask<ParseTask>> {
        self.handle.task(
            env,
            || conv::statement_file(path_or_buffer, options),
            |b, a| ParseTask(Job::new(b, a, work::parse)),
        )
    }

    /// A CSV column mapping suggested from a file's header and data, as JSON (a `CsvProfile`),
    /// for the caller to confirm or edit and pass back as `csvProfile`. `fileName` names the
    /// input in errors and becomes the profile's name (the path, or `input` for a `Buffer`,
    /// when not given). Throws `malformed_line` when the data fits no mapping.
    #[napi]
    pub fn suggest_csv_profile(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        file_name: Option<String>,
    ) -> napi::Result<String> {
        self.handle.run(env, |b| {
            let (file, name) = conv::csv_file(path_or_buffer, file_name);
            let bytes = file.read(Some(&name))?;
            conv::csv_profile_json(&b.imports().suggest_csv_profile(&bytes, &name)?)
        })
    }

    /// Reads a bank file holding one statement and imports it into `options.account`, the
    /// other side of each line into `options.counterAccount`. Strict by default: a rejected
    /// line (wrong currency, too many decimals) leaves the book untouched and comes back with
    /// `field` and `reasons`; `mode: 'lenient'` writes the good lines. The result lists every
    /// line's outcome and the transactions written; the statement's closing balance is recorded
    /// as a balance assertion and checked (`balanceCheck`). Imports of one book run one at a
    /// time. Throws as `parse`, `invalid_field` for a file of several statements (parse it and
    /// import each), `account_not_found`.
    #[napi]
    pub fn import_file(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: js::ImportOptions,
    ) -> napi::Result<js::ImportResult> {
        self.handle.run(env, |b| work::import_file(b, conv::import_file(path_or_buffer, options)?))
    }

    /// `importFile` off the JS thread: the file is read, parsed and imported on the libuv pool
    /// (a `Buffer` is copied first). Several at once on one book run one after the other.
    #[napi]
    pub fn import_file_async(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: js::ImportOptions,
    ) -> napi::Result<AsyncTask<ImportFileTask>> {
        self.handle.task(
            env,
            || conv::import_file(path_or_buffer, options),
            |b, a| ImportFileTask(Job::new(b, a, work::import_file)),
        )
    }

    /// Undoes an import as a whole: deletes the transactions it wrote (its `transactionIds`).
    /// They stay remembered, so importing the file again brings them back only with
    /// `reimportDeleted`. Returns how many were deleted; ones already deleted are skipped.
    #[napi]
    pub fn undo(&self, env: &Env, transaction_ids: Vec<i64>) -> napi::Result<i64> {
        self.handle.run(env, |b| {
            let undone = b.imports().undo(&conv::transaction_ids(transaction_ids))?;
            Ok(i64::try_from(undone).unwrap_or(i64::MAX))
        })
    }

    /// Creates a bank connection (provider `plaid`, `gocardless` or `simplefin`). Its
    /// `accessToken` is sealed with XChaCha20-Poly1305 under `key` (32 bytes the host keeps)
    /// before it is stored; it is never stored or returned in clear. Throws `invalid_field`,
    /// `account_not_found`.
    #[napi]
    pub fn create_connection(
        &self,
        env: &Env,
        connection: js::NewConnection,
        key: Option<Buffer>,
    ) -> napi::Result<js::Connection> {
        self.handle.run(env, |b| {
            let key = key.as_ref().map(|k| k.to_vec());
            Ok(b.imports().create_connection(connection.into(), key.as_deref())?.into())
        })
    }

    /// The book's bank connections, by id.
    #[napi]
    pub fn connections(&self, env: &Env) -> napi::Result<Vec<js::Connection>> {
        self.handle
            .run(env, |b| Ok(b.imports().connections()?.into_iter().map(Into::into).collect()))
    }

    /// A bank connection. Throws `connection_not_found`.
    #[napi]
    pub fn connection(&self, env: &Env, id: i64) -> napi::Result<js::Connection> {
        self.handle.run(env, |b| Ok(b.imports().connection(ConnectionId(id))?.into()))
    }

    /// Changes a connection's name, account mapping, counter account or status. Throws
    /// `connection_not_found`, `account_not_found`, `invalid_field`.
    #[napi]
    pub fn update_connection(
        &self,
        env: &Env,
        id: i64,
        update: js::ConnectionUpdate,
    ) -> napi::Result<js::Connection> {
        self.handle.run(env, |b| {
            Ok(b.imports().update_connection(ConnectionId(id), update.into())?.into())
        })
    }

    /// Replaces (or with `null` removes) a connection's access token, sealed with `key`.
    #[napi]
    pub fn set_connection_token(
        &self,
        env: &Env,
        id: i64,
        token: Option<String>,
        key: Buffer,
    ) -> napi::Result<js::Connection> {
        self.handle.run(env, |b| {
            let c = b.imports().set_connection_token(ConnectionId(id), token.as_deref(), &key)?;
            Ok(c.into())
        })
    }

    /// The connection's access token in clear, opened with `key`; `null` when it has none.
    /// Throws `token_key_mismatch` for another key.
    #[napi]
    pub fn reveal_token(&self, env: &Env, id: i64, key: Buffer) -> napi::Result<Option<String>> {
        self.handle.run(env, |b| Ok(b.imports().reveal_token(ConnectionId(id), &key)?))
    }

    /// Deletes a connection; its batches and transactions stay.
    #[napi]
    pub fn delete_connection(&self, env: &Env, id: i64) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.imports().delete_connection(ConnectionId(id))?))
    }

    /// Applies a complete sync of a connection as one unit: `pages` are the provider's JSON
    /// payloads (strings or Buffers) in order. If any page fails nothing is written, the
    /// cursor stays and the connection records the error (`sync_failed` with `file`
    /// `pages[i]` and `line`); else the transactions, changes, removals and the new cursor are
    /// committed together. Throws `connection_not_found`, `connection_disconnected`.
    #[napi]
    pub fn sync(
        &self,
        env: &Env,
        id: i64,
        pages: Vec<Either<String, Buffer>>,
    ) -> napi::Result<js::SyncResult> {
        let pages: Vec<Vec<u8>> = pages
            .into_iter()
            .map(|p| match p {
                Either::A(text) => text.into_bytes(),
                Either::B(buffer) => buffer.to_vec(),
            })
            .collect();
        self.handle.run(env, |b| Ok(b.imports().sync(ConnectionId(id), &pages)?.into()))
    }

    /// Saves a CSV profile (the JSON `suggestCsvProfile` returns) under a unique `name`;
    /// `header` is the header row of the bank's files (`csvHeader`), by which
    /// `suggestCsvProfile` recognizes them. Throws `profile_exists`, `invalid_field`.
    #[napi]
    pub fn save_csv_profile(
        &self,
        env: &Env,
        name: String,
        profile: String,
        header: Option<Vec<String>>,
    ) -> napi::Result<js::SavedCsvProfile> {
        self.handle.run(env, |b| {
            let profile = conv::csv_profile_input(&profile)?;
            let new = NewCsvProfile::new(name, profile).header(header.unwrap_or_default());
            Ok(b.imports().save_csv_profile(new)?.into())
        })
    }

    /// The CSV profiles saved in the book, by name.
    #[napi]
    pub fn csv_profiles(&self, env: &Env) -> napi::Result<Vec<js::SavedCsvProfile>> {
        self.handle
            .run(env, |b| Ok(b.imports().csv_profiles()?.into_iter().map(Into::into).collect()))
    }

    /// A saved CSV profile. Throws `profile_not_found`.
    #[napi]
    pub fn csv_profile(&self, env: &Env, name: String) -> napi::Result<js::SavedCsvProfile> {
        self.handle.run(env, |b| Ok(b.imports().csv_profile(&name)?.into()))
    }

    /// Deletes a saved CSV profile. Throws `profile_not_found`.
    #[napi]
    pub fn delete_csv_profile(&self, env: &Env, name: String) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.imports().delete_csv_profile(&name)?))
    }

    /// The header row of a CSV file (empty when it has none), to save with a profile.
    #[napi]
    pub fn csv_header(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        file_name: Option<String>,
    ) -> napi::Result<Vec<String>> {
        self.handle.run(env, |_| {
            let (file, name) = conv::csv_file(path_or_buffer, file_name);
            let bytes = file.read(Some(&name))?;
            Ok(tally_core::import::csv::csv_header(&bytes, &name)?)
        })
    }

    /// The book's import batches (every committed file import or sync), newest first.
    #[napi]
    pub fn batches(&self, env: &Env) -> napi::Result<Vec<js::ImportBatch>> {
        self.handle.run(env, |b| Ok(b.imports().batches()?.into_iter().map(Into::into).collect()))
    }

    /// An import batch. Throws `batch_not_found`.
    #[napi]
    pub fn batch(&self, env: &Env, id: i64) -> napi::Result<js::ImportBatch> {
        self.handle.run(env, |b| Ok(b.imports().batch(ImportBatchId(id))?.into()))
    }

    /// Undoes an import batch as a whole in one database transaction: deletes what it wrote
    /// and restored (they stay remembered) and marks it undone. Throws `batch_not_found`,
    /// `batch_already_undone`.
    #[napi]
    pub fn undo_batch(&self, env: &Env, id: i64) -> napi::Result<js::ImportBatch> {
        self.handle.run(env, |b| Ok(b.imports().undo_batch(ImportBatchId(id))?.into()))
    }
}
