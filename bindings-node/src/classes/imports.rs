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
}
