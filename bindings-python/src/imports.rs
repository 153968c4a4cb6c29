//! `book.imports`: bank files in. Parse any supported format (OFX/QFX, QIF, CAMT.053, MT940,
//! CSV with a column mapping, bank-sync JSON) into `Statement`s, suggest a CSV mapping, import a
//! file into an account exactly once, and undo an import. Each method is one core call; a file
//! given as a path is read here and its bytes handed to the core. The CSV mapping crosses as a
//! plain dict (the core's serde form, through the `json` module).

use crate::book::BookRef;
use crate::conversion::{
    self, AccountArg, CsvProfileArg, DateOrderArg, Day, FileArg, ImportModeArg, ParseArgs,
    StatementFormatArg, TransactionArg,
};
use crate::records::{
    Connection, ImportBatch, ImportResult, SavedCsvProfile, Statement, SyncResult,
};
use pyo3::prelude::*;
use std::collections::BTreeMap;
use tally_core as core;
use tally_core::import::plan::{ImportMode, ImportOptions};
use tally_core::import::records::{
    ConnectionAccount, ConnectionStatus, ConnectionUpdate, NewConnection, NewCsvProfile, Provider,
};

/// Import calls of a `Book`: `book.imports`.
#[pyclass(module = "tally", frozen)]
pub struct Imports(pub(crate) BookRef);

#[pymethods]
impl Imports {
    /// Reads a bank file into a list of `Statement` (one per account the file holds); nothing
    /// is written.
    ///
    /// `path_or_bytes` is a path (`str` or `os.PathLike`, read by Tally; its name is the path)
    /// or the file's content (`bytes`). `format` is 'csv', 'ofx', 'qif', 'camt053', 'mt940',
    /// 'plaid', 'go_cardless' or 'simple_fin' (detected from the content when None; a file
    /// that is none of them is read as a CSV with the suggested profile); `file_name` is the
    /// name errors and `Statement.file` give the input ('input' for bytes without one).
    /// `csv_profile` is the column mapping of a CSV file, a dict as `suggest_csv_profile`
    /// returns it; `qif_date_order` ('day_month', 'month_day' or 'year_month_day') settles the
    /// dates of a QIF file that fit both orders; `camt_skip_balance_check` skips the CAMT
    /// check that the opening balance plus the entries is the closing balance;
    /// `sync_date_if_missing` is the day given to a bank-sync entry without a date.
    ///
    /// Raises `ImportFailed` (`malformed_line` with `file` and `line`, `unreadable_file`),
    /// `ValidationError` (`invalid_field` for a wrong name or an unusable `csv_profile`).
    #[pyo3(signature = (
        path_or_bytes, *, format=None, file_name=None, csv_profile=None, qif_date_order=None,
        camt_skip_balance_check=false, sync_date_if_missing=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn parse(
        &self,
        py: Python<'_>,
        path_or_bytes: FileArg,
        format: Option<StatementFormatArg>,
        file_name: Option<String>,
        csv_profile: Option<CsvProfileArg>,
        qif_date_order: Option<DateOrderArg>,
        camt_skip_balance_check: bool,
        sync_date_if_missing: Option<Day>,
    ) -> PyResult<Vec<Statement>> {
        let args = ParseArgs {
            format,
            file_name,
            csv_profile,
            qif_date_order,
            camt_skip_balance_check,
            sync_date_if_missing,
            csv_profile_name: None,
        };
        let call = move |b: &core::Book| {
            let (bytes, options) = args.read(path_or_bytes)?;
            b.imports().parse(&bytes, &options)
        };
        Ok(self.0.call(py, call)?.into_iter().map(Statement).collect())
    }

    /// A CSV column mapping suggested from a file's header and data, for the user to confirm:
    /// a dict (the core's `CsvProfile`: 'delimiter', 'date', 'date_format', 'amount', 'payee',
    /// ...) that `parse` and `import_file` take back as `csv_profile`, changed or not.
    ///
    /// `path_or_bytes` and `file_name` are as for `parse`. Raises `ImportFailed`
    /// (`unreadable_file`, `malformed_line` when the data fits no mapping).
    #[pyo3(signature = (path_or_bytes, file_name=None))]
    fn suggest_csv_profile<'py>(
        &self,
        py: Python<'py>,
        path_or_bytes: FileArg,
        file_name: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let call = move |b: &core::Book| {
            let (bytes, file_name) = path_or_bytes.read(file_name)?;
            let file_name = file_name.unwrap_or_else(|| "input".to_owned());
            b.imports().suggest_csv_profile(&bytes, &file_name)
        };
        let profile = self.0.call(py, call)?;
        conversion::csv_profile(py, &profile)
    }

    /// Reads a bank file holding one statement and imports it into `account`, exactly once:
    /// an `ImportResult` with every line's outcome and the counts.
    ///
    /// The other side of each new line goes to `counter_account` (e.g.
    /// 'Expenses:Uncategorized'). Each line gets a fingerprint (the bank's id, else a hash of
    /// its content and occurrence), so importing the same file again adds nothing
    /// (`duplicates`); lines matching a transaction already in the account (same amount,
    /// date within `match_days`, similar payee) are linked from a score of `link_score`
    /// (`matched`) or offered from `candidate_score` (`candidates`). `mode` is 'strict' (the
    /// default: one rejected line, e.g. in another currency or with too many decimals, and
    /// nothing is written, `committed` is False) or 'lenient' (the good lines are written, the
    /// rejected ones come back with `field` and `reasons`). `dry_run` plans without writing;
    /// `reimport_deleted` restores lines whose transaction the user deleted (else they stay
    /// deleted); `assert_balance` records the statement's closing balance as a balance
    /// assertion and checks it (`balance_check`). The parse keywords are those of `parse`;
    /// `csv_profile_name` names a CSV profile saved in the book (`save_csv_profile`). A
    /// committed import is recorded as a batch (`batch_id`, for `undo_batch`).
    ///
    /// Raises as `parse`; `ValidationError` (`invalid_field` when the file holds several
    /// statements: parse it and import each), `NotFoundError` (`account_not_found` with field
    /// `account` or `counter_account`), `TallyPermissionError` (`read_only`).
    #[pyo3(signature = (
        path_or_bytes, account, counter_account, *,
        mode=ImportModeArg(ImportMode::Strict), dry_run=false, reimport_deleted=false,
        match_days=3, link_score=80, candidate_score=50, assert_balance=true,
        format=None, file_name=None, csv_profile=None, qif_date_order=None,
        camt_skip_balance_check=false, sync_date_if_missing=None, csv_profile_name=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn import_file(
        &self,
        py: Python<'_>,
        path_or_bytes: FileArg,
        account: AccountArg,
        counter_account: AccountArg,
        mode: ImportModeArg,
        dry_run: bool,
        reimport_deleted: bool,
        match_days: u32,
        link_score: u32,
        candidate_score: u32,
        assert_balance: bool,
        format: Option<StatementFormatArg>,
        file_name: Option<String>,
        csv_profile: Option<CsvProfileArg>,
        qif_date_order: Option<DateOrderArg>,
        camt_skip_balance_check: bool,
        sync_date_if_missing: Option<Day>,
        csv_profile_name: Option<String>,
    ) -> PyResult<ImportResult> {
        let args = ParseArgs {
            format,
            file_name,
            csv_profile,
            qif_date_order,
            camt_skip_balance_check,
            sync_date_if_missing,
            csv_profile_name,
        };
        let options = ImportOptions {
            mode: mode.0,
            dry_run,
            reimport_deleted,
            match_days,
            link_score,
            candidate_score,
            assert_balance,
            ..ImportOptions::new(account.0, counter_account.0)
        };
        let call = move |b: &core::Book| {
            let (bytes, parse) = args.read(path_or_bytes)?;
            b.imports().import_file(&bytes, &parse, &options)
        };
        self.0.call(py, call).map(ImportResult)
    }

    /// Undoes an import as a whole: deletes the transactions it wrote (its
    /// `ImportResult.transaction_ids`, ints or `Transaction`s) and returns how many were
    /// deleted (ones already deleted are skipped). They stay remembered: importing the file
    /// again brings them back only with `reimport_deleted=True`.
    ///
    /// Raises `NotFoundError` (`transaction_not_found`), `TallyPermissionError` (`read_only`).
    fn undo(&self, py: Python<'_>, transaction_ids: Vec<TransactionArg>) -> PyResult<u64> {
        let ids: Vec<core::TransactionId> = transaction_ids.into_iter().map(|t| t.0).collect();
        self.0.call(py, move |b| b.imports().undo(&ids))
    }

    /// Creates a bank connection: `provider` is 'plaid', 'gocardless' or 'simplefin';
    /// `accounts` maps each provider account id to a book account (id or `Account`); the
    /// other side of synced lines goes to `counter_account`. `access_token` is sealed with
    /// XChaCha20-Poly1305 under `key` (32 bytes the host keeps) before it is stored: it is
    /// never stored or returned in clear.
    ///
    /// Raises `ValidationError` (`invalid_field`: blank names, no accounts, a token without a
    /// key, a key that is not 32 bytes), `NotFoundError` (`account_not_found`).
    #[pyo3(signature = (provider, institution, name, accounts, counter_account, *, access_token=None, key=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_connection(
        &self,
        py: Python<'_>,
        provider: &str,
        institution: String,
        name: String,
        accounts: BTreeMap<String, AccountArg>,
        counter_account: AccountArg,
        access_token: Option<String>,
        key: Option<Vec<u8>>,
    ) -> PyResult<Connection> {
        let provider = parse_provider(provider)?;
        let mut new = NewConnection::new(provider, institution, name, counter_account.0);
        for (id, account) in accounts {
            new = new.account(id, account.0);
        }
        new.access_token = access_token;
        self.0.call(py, move |b| b.imports().create_connection(new, key.as_deref())).map(Connection)
    }

    /// The book's bank connections, by id.
    fn connections(&self, py: Python<'_>) -> PyResult<Vec<Connection>> {
        Ok(self.0.call(py, |b| b.imports().connections())?.into_iter().map(Connection).collect())
    }

    /// A bank connection. Raises `NotFoundError` (`connection_not_found`).
    fn connection(&self, py: Python<'_>, id: i64) -> PyResult<Connection> {
        let id = core::ConnectionId(id);
        self.0.call(py, move |b| b.imports().connection(id)).map(Connection)
    }

    /// Changes a connection's name, account mapping (a dict replacing the whole mapping),
    /// counter account or status ('active', 'error', 'disconnected').
    ///
    /// Raises `NotFoundError` (`connection_not_found`, `account_not_found`),
    /// `ValidationError` (`invalid_field`).
    #[pyo3(signature = (id, *, name=None, accounts=None, counter_account=None, status=None))]
    fn update_connection(
        &self,
        py: Python<'_>,
        id: i64,
        name: Option<String>,
        accounts: Option<BTreeMap<String, AccountArg>>,
        counter_account: Option<AccountArg>,
        status: Option<&str>,
    ) -> PyResult<Connection> {
        let status = match status {
            Some(s) => Some(ConnectionStatus::parse(s).ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err(format!(
                    "status must be 'active', 'error' or 'disconnected', not {s:?}"
                ))
            })?),
            None => None,
        };
        let update = ConnectionUpdate {
            name,
            accounts: accounts
                .map(|m| m.into_iter().map(|(k, a)| ConnectionAccount::new(k, a.0)).collect()),
            counter_account: counter_account.map(|a| a.0),
            status,
        };
        let id = core::ConnectionId(id);
        self.0.call(py, move |b| b.imports().update_connection(id, update)).map(Connection)
    }

    /// Replaces (or with None removes) a connection's access token, sealed with `key`.
    fn set_connection_token(
        &self,
        py: Python<'_>,
        id: i64,
        token: Option<String>,
        key: Vec<u8>,
    ) -> PyResult<Connection> {
        let id = core::ConnectionId(id);
        self.0
            .call(py, move |b| b.imports().set_connection_token(id, token.as_deref(), &key))
            .map(Connection)
    }

    /// The connection's access token in clear, opened with `key`; None when it has none.
    ///
    /// Raises `TallyPermissionError` (`token_key_mismatch`) for another key.
    fn reveal_token(&self, py: Python<'_>, id: i64, key: Vec<u8>) -> PyResult<Option<String>> {
        let id = core::ConnectionId(id);
        self.0.call(py, move |b| b.imports().reveal_token(id, &key))
    }

    /// Deletes a connection; its batches and transactions stay.
    fn delete_connection(&self, py: Python<'_>, id: i64) -> PyResult<()> {
        let id = core::ConnectionId(id);
        self.0.call(py, move |b| b.imports().delete_connection(id))
    }

    /// Applies a complete sync of a connection as one unit: `pages` are the provider's JSON
    /// payloads (bytes or str) in order. If any page fails nothing is written, the cursor
    /// stays, and the connection records the error; else the transactions, changes, removals
    /// and the new cursor are committed together.
    ///
    /// Raises `ImportFailed` (`sync_failed` with `file` 'pages[i]' and `line`),
    /// `NotFoundError` (`connection_not_found`), `ConflictError` (`connection_disconnected`).
    fn sync(&self, py: Python<'_>, id: i64, pages: Vec<FileBytes>) -> PyResult<SyncResult> {
        let id = core::ConnectionId(id);
        let pages: Vec<Vec<u8>> = pages.into_iter().map(|p| p.0).collect();
        self.0.call(py, move |b| b.imports().sync(id, &pages)).map(SyncResult)
    }

    /// Saves a CSV profile (a dict as `suggest_csv_profile` returns it) under a unique `name`;
    /// `header` is the header row of the bank's files (`csv_header`), by which
    /// `suggest_csv_profile` recognizes them.
    ///
    /// Raises `ConflictError` (`profile_exists`), `ValidationError` (`invalid_field`).
    #[pyo3(signature = (name, profile, *, header=None))]
    fn save_csv_profile(
        &self,
        py: Python<'_>,
        name: String,
        profile: CsvProfileArg,
        header: Option<Vec<String>>,
    ) -> PyResult<SavedCsvProfile> {
        let new = NewCsvProfile::new(name, profile.0).header(header.unwrap_or_default());
        self.0.call(py, move |b| b.imports().save_csv_profile(new)).map(SavedCsvProfile)
    }

    /// The CSV profiles saved in the book, by name.
    fn csv_profiles(&self, py: Python<'_>) -> PyResult<Vec<SavedCsvProfile>> {
        Ok(self
            .0
            .call(py, |b| b.imports().csv_profiles())?
            .into_iter()
            .map(SavedCsvProfile)
            .collect())
    }

    /// A saved CSV profile. Raises `NotFoundError` (`profile_not_found`).
    fn csv_profile(&self, py: Python<'_>, name: String) -> PyResult<SavedCsvProfile> {
        self.0.call(py, move |b| b.imports().csv_profile(&name)).map(SavedCsvProfile)
    }

    /// Deletes a saved CSV profile. Raises `NotFoundError` (`profile_not_found`).
    fn delete_csv_profile(&self, py: Python<'_>, name: String) -> PyResult<()> {
        self.0.call(py, move |b| b.imports().delete_csv_profile(&name))
    }

    /// The header row of a CSV file (empty when it has none), to save with a profile.
    #[pyo3(signature = (path_or_bytes, file_name=None))]
    fn csv_header(
        &self,
        py: Python<'_>,
        path_or_bytes: FileArg,
        file_name: Option<String>,
    ) -> PyResult<Vec<String>> {
        self.0.call(py, move |_| {
            let (bytes, file_name) = path_or_bytes.read(file_name)?;
            core::import::csv::csv_header(&bytes, file_name.as_deref().unwrap_or("input"))
        })
    }

    /// The book's import batches (every committed file import or sync), newest first.
    fn batches(&self, py: Python<'_>) -> PyResult<Vec<ImportBatch>> {
        Ok(self.0.call(py, |b| b.imports().batches())?.into_iter().map(ImportBatch).collect())
    }

    /// An import batch. Raises `NotFoundError` (`batch_not_found`).
    fn batch(&self, py: Python<'_>, id: i64) -> PyResult<ImportBatch> {
        let id = core::ImportBatchId(id);
        self.0.call(py, move |b| b.imports().batch(id)).map(ImportBatch)
    }

    /// Undoes an import batch as a whole in one database transaction: deletes what it wrote
    /// and restored (they stay remembered) and marks it undone.
    ///
    /// Raises `NotFoundError` (`batch_not_found`), `ConflictError` (`batch_already_undone`).
    fn undo_batch(&self, py: Python<'_>, id: i64) -> PyResult<ImportBatch> {
        let id = core::ImportBatchId(id);
        self.0.call(py, move |b| b.imports().undo_batch(id)).map(ImportBatch)
    }
}

/// A page of a sync: bytes, or text (encoded as UTF-8).
pub struct FileBytes(Vec<u8>);

impl FromPyObject<'_, '_> for FileBytes {
    type Error = PyErr;

    fn extract(ob: pyo3::Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(text) = ob.extract::<String>() {
            return Ok(Self(text.into_bytes()));
        }
        Ok(Self(ob.extract::<Vec<u8>>()?))
    }
}

fn parse_provider(text: &str) -> PyResult<Provider> {
    Provider::parse(text).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "provider must be 'plaid', 'gocardless' or 'simplefin', not {text:?}"
        ))
    })
}
