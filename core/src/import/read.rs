//! One entry point for every bank format: [`detect`] the format from the bytes and
//! [`parse_statements`] with the options of the format found.

use super::{camt, csv, mt940, ofx, qif, sync, Statement, StatementFormat};
use crate::files::FileError;
use crate::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How to read a bank file; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseOptions {
    /// The format; detected from the bytes when `None` (a CSV without a profile gets the
    /// suggested one).
    pub format: Option<StatementFormat>,
    /// The name errors give the input; `input` when `None`.
    pub file_name: Option<String>,
    /// The column mapping of a CSV file.
    pub csv: Option<csv::CsvProfile>,
    /// The name of a CSV profile saved in the book, used when `csv` is `None`
    /// ([`Imports::import_file`](crate::book::Imports::import_file) only; `profile_not_found`
    /// when the book has none of that name).
    pub csv_profile_name: Option<String>,
    /// The date order of a QIF file whose dates fit both day-month and month-day.
    pub qif_date_order: Option<qif::DateOrder>,
    /// Skip the CAMT check that opening balance plus entries equals the closing balance.
    pub camt_skip_balance_check: bool,
    /// The day given to a bank-sync entry without any date (an error when `None`).
    pub sync_date_if_missing: Option<NaiveDate>,
}

/// The format of a bank file, from its first bytes; `None` when nothing fits but it may still be
/// a CSV (which needs a profile).
pub fn detect(bytes: &[u8]) -> Option<StatementFormat> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start();
    let upper = trimmed.to_ascii_uppercase();
    if upper.starts_with("OFXHEADER") || upper.contains("<OFX>") || upper.contains("<?OFX") {
        return Some(StatementFormat::Ofx);
    }
    if trimmed.starts_with('!') {
        return Some(StatementFormat::Qif);
    }
    if trimmed.starts_with('<') && (text.contains("camt.05") || text.contains("BkToCstmr")) {
        return Some(StatementFormat::Camt053);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return sync::detect(bytes);
    }
    if text.contains(":20:") && (text.contains(":25:") || text.contains(":61:")) {
        return Some(StatementFormat::Mt940);
    }
    None
}

/// Reads a bank file of any supported format into statements.
///
/// # Errors
///
/// `malformed_line` (file, line, field, value) and `unreadable_file`; a CSV whose profile cannot
/// be suggested asks for one.
pub fn parse_statements(bytes: &[u8], options: &ParseOptions) -> Result<Vec<Statement>> {
    let file = options.file_name.as_deref().unwrap_or("input");
    let format = match options.format.or_else(|| detect(bytes)) {
        Some(f) => f,
        None if options.csv.is_some() => StatementFormat::Csv,
        None => StatementFormat::Csv,
    };
    match format {
        StatementFormat::Ofx => ofx::parse(bytes, file),
        StatementFormat::Qif => {
            let qif = qif::QifOptions {
                date_order: options.qif_date_order,
                ..qif::QifOptions::default()
            };
            qif::parse(bytes, file, &qif)
        }
        StatementFormat::Camt053 => {
            let camt = camt::CamtOptions { check_balances: !options.camt_skip_balance_check };
            camt::parse(bytes, file, &camt)
        }
        StatementFormat::Mt940 => mt940::parse(bytes, file, &mt940::Mt940Options::default()),
        StatementFormat::Csv => {
            let profile = match &options.csv {
                Some(p) => p.clone(),
                None => csv::suggest_profile(bytes, file).map_err(|e| {
                    crate::Error::from(FileError::unreadable(
                        file,
                        format!("not a known bank format, and no CSV profile fits it: {e}"),
                    ))
                })?,
            };
            csv::parse(bytes, file, &profile)
        }
        StatementFormat::Plaid | StatementFormat::GoCardless | StatementFormat::SimpleFin => {
            let sync = sync::SyncOptions {
                format: Some(format),
                date_if_missing: options.sync_date_if_missing,
            };
            sync::parse(bytes, file, &sync)
        }
    }
}
