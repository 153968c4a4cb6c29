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
use crate::records::{ImportResult, Statement};
use pyo3::prelude::*;
use tally_core as core;
use tally_core::import::plan::{ImportMode, ImportOptions};

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
    /// assertion and checks it (`balance_check`). The parse keywords are those of `parse`.
    ///
    /// Raises as `parse`; `ValidationError` (`invalid_field` when the file holds several
    /// statements: parse it and import each), `NotFoundError` (`account_not_found` with field
    /// `account` or `counter_account`), `TallyPermissionError` (`read_only`).
    #[pyo3(signature = (
        path_or_bytes, account, counter_account, *,
        mode=ImportModeArg(ImportMode::Strict), dry_run=false, reimport_deleted=false,
        match_days=3, link_score=80, candidate_score=50, assert_balance=true,
        format=None, file_name=None, csv_profile=None, qif_date_order=None,
        camt_skip_balance_check=false, sync_date_if_missing=None
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
    ) -> PyResult<ImportResult> {
        let args = ParseArgs {
            format,
            file_name,
            csv_profile,
            qif_date_order,
            camt_skip_balance_check,
            sync_date_if_missing,
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
}
