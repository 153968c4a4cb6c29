//! Reader of bank CSV files into [`Statement`]s, driven by a [`CsvProfile`]: which column holds
//! the date, the amount (or money out / money in), the payee and the rest, how dates and
//! numbers are written, which way the signs go and how the file is encoded.
//!
//! Three entry points:
//!
//! - [`parse`] reads a whole file into statements (one per account when the profile names an
//!   account column, otherwise one);
//! - [`for_each_line`] streams the same lines to a callback, one at a time, from any
//!   [`Read`]: memory stays flat however long the file is ([`parse`] is built on it);
//! - [`suggest_profile`] looks at a file and proposes a profile (delimiter, preamble, header,
//!   columns from English, German, French, Spanish, Dutch, Danish and Portuguese header names or
//!   from the data, date format, number style, encoding) for the user to confirm.
//!
//! # Signs
//!
//! [`StatementLine::amount`] is positive for money into the account. The profile says how the
//! file writes it:
//!
//! - one amount column, [`AmountSign::Normal`]: the value as written (`-12.50` is money out);
//!   [`AmountSign::Inverted`]: the file's sign is turned around (credit-card exports where a
//!   purchase is `12.50` and a payment `-500.00`); running balances are turned around with it;
//! - money-out (`debit`) and money-in (`credit`) columns, [`SplitSigns::Unsigned`]: both hold
//!   magnitudes, amount = in - out; [`SplitSigns::Signed`]: the values already carry the
//!   account's sign (`-76.00` in the out column, `+327.49` in the in column), amount = in + out;
//! - a [`Direction`] column (`Af`/`Bij`, `S`/`H`, `debit`/`credit`, `D`/`C`): an unsigned amount
//!   takes the sign it names; an amount written negative must be money out, else the line is
//!   refused (nothing is guessed).
//!
//! # What is detected, and how
//!
//! A `None` in the profile means "detect from the file". Detection looks at the first 1 MiB
//! (at most 10,000 records) and never guesses: dates that fit two formats giving different days
//! (`02/12/2009`: December 2 or February 12) or amounts that fit two number styles giving
//! different values (`1,234`) are refused with an error naming the line and the value, and the
//! profile must then say. Later lines that do not fit what was detected are errors naming their
//! line. Encoding: UTF-8 (with or without BOM) when the bytes are UTF-8, else Windows-1252; an
//! all-ASCII start stays open until the first non-ASCII byte decides. UTF-16 is refused.
//!
//! # Cells
//!
//! Cells are trimmed. Amounts are read exactly by
//! [`parse_amount`] after a currency symbol or code around the number is dropped (`-$76.00`,
//! `($85.00)`, `£500.00`, `1234,37 EUR`, `- $21.59`). A date may be followed by a time of day or
//! a zone (`2002-09-10T23:00:04`, `2024-01-31 10:22`, `20091224120000[0:GMT]` with
//! `%Y%m%d%H%M%S`), which is ignored: the date is taken as written, never shifted. Payee and
//! memo may join several columns (empty cells left out) and, unless
//! [`CsvProfile::keep_spaces`], runs of spaces inside them are squeezed to one (bank exports pad
//! fixed-width fields). A row whose cells are all empty, or whose date and amount cells are all
//! empty (a summary or continuation row), is skipped; any other row must give a date and an
//! amount.
//!
//! # Balances
//!
//! A balance column gives [`StatementLine::balance`]. When every line has one and they chain
//! (each balance is the previous one plus the line's amount) in file order or in reverse file
//! order, the balance after the chronologically last line is the statement's closing balance;
//! otherwise none is claimed.

use super::amount::{parse_amount, NumberStyle};
use super::{StatedBalance, Statement, StatementAccount, StatementFormat, StatementLine};
use crate::files::FileError;
use crate::query::QueryError;
use crate::Result;
use ::csv::{ByteRecord, ReaderBuilder};
use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::Read;

/// Most bytes read ahead to detect what a profile leaves open.
const SAMPLE_BYTES: usize = 1 << 20;
/// Most records of that sample looked at.
const SAMPLE_RECORDS: usize = 10_000;
/// Most leading records searched for a header behind a preamble.
const HEADER_SEARCH: usize = 30;

/// A column of the file: its 0-based index, or its name in the header (matched trimmed, exactly
/// first, then ignoring case). Stored as a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Column {
    /// 0-based position.
    Index(usize),
    /// Header name.
    Name(String),
}

impl From<usize> for Column {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

impl From<&str> for Column {
    fn from(name: &str) -> Self {
        Self::Name(name.to_owned())
    }
}

/// Text encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same number.
    Latin1,
    /// Windows-1252 (what most "ANSI" and "Latin-1" exports really are: `€` is 0x80).
    Windows1252,
}

/// Which way the file's amount column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountSign {
    /// Positive is money into the account.
    #[default]
    Normal,
    /// Positive is money out (credit-card exports where purchases are positive).
    Inverted,
}

/// How the money-out (`debit`) and money-in (`credit`) columns write their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitSigns {
    /// Magnitudes: `20.00` in the out column is money out (a negative there is a reversal).
    #[default]
    Unsigned,
    /// Already signed as the account sees it: `-76.00` in the out column, `327.49` in the in
    /// column.
    Signed,
}

/// A column that says whether an unsigned amount is money out or in (ING's `Af`/`Bij`, German
/// `S`/`H`, Mint's `debit`/`credit`). Values are matched trimmed, ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Direction {
    /// The column.
    pub column: Column,
    /// Values meaning money out.
    #[serde(default = "default_out_values")]
    pub out_values: Vec<String>,
    /// Values meaning money in.
    #[serde(default = "default_in_values")]
    pub in_values: Vec<String>,
}

impl Direction {
    /// A direction column with the usual words (`debit`, `d`, `dr`, `af`, `s`, `soll`, `out`,
    /// ... and `credit`, `c`, `cr`, `bij`, `h`, `haben`, `in`, ...).
    pub fn new(column: impl Into<Column>) -> Self {
        Self {
            column: column.into(),
            out_values: default_out_values(),
            in_values: default_in_values(),
        }
    }
}

const OUT_WORDS: &[&str] = &[
    "debit",
    "d",
    "dr",
    "db",
    "af",
    "s",
    "soll",
    "out",
    "withdrawal",
    "débit",
    "debe",
    "cargo",
    "-",
];
const IN_WORDS: &[&str] =
    &["credit", "c", "cr", "bij", "h", "haben", "in", "deposit", "crédit", "haber", "abono", "+"];

fn default_out_values() -> Vec<String> {
    OUT_WORDS.iter().map(|s| (*s).to_owned()).collect()
}

fn default_in_values() -> Vec<String> {
    IN_WORDS.iter().map(|s| (*s).to_owned()).collect()
}

/// How to read one bank's CSV export. Serializable, so a book can keep one per account.
/// `None` means "detect from the file" where the field's doc says so; [`suggest_profile`]
/// fills one in from a file for the user to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvProfile {
    /// A name for the profile (`"ING current account"`).
    pub name: String,
    /// Text encoding; `None` detects (UTF-8 with or without BOM, else Windows-1252).
    pub encoding: Option<Encoding>,
    /// Field delimiter (ASCII); `None` detects among `,` `;` tab `|`.
    pub delimiter: Option<char>,
    /// Physical lines before the header (or before the data when there is no header): a bank's
    /// preamble with the account number, period, etc.
    pub skip_rows: usize,
    /// Whether the first row after `skip_rows` is a header; `None` detects (a header when a
    /// column is named, else when the first row's date cell is not a date).
    pub has_header: Option<bool>,
    /// Date of the transaction (required).
    pub date: Option<Column>,
    /// chrono `strftime` format of the dates (`%d/%m/%Y`); `None` detects, refusing ambiguous
    /// data.
    pub date_format: Option<String>,
    /// Date the bank posted it (read with the same format).
    pub posted_date: Option<Column>,
    /// One signed amount column (or use `debit`/`credit`).
    pub amount: Option<Column>,
    /// Money out, when out and in are separate columns.
    pub debit: Option<Column>,
    /// Money in, when out and in are separate columns.
    pub credit: Option<Column>,
    /// How `debit`/`credit` write their values.
    pub split_signs: SplitSigns,
    /// A column saying whether an unsigned `amount` is money out or in.
    pub direction: Option<Direction>,
    /// Which way `amount` counts (applied last, to balances too).
    pub amount_sign: AmountSign,
    /// Decimal and thousands separators; `None` detects, refusing ambiguous data.
    pub number_style: Option<NumberStyle>,
    /// Payee: one column, or several joined with `join_with`.
    pub payee: Vec<Column>,
    /// Memo: one column, or several joined with `join_with`.
    pub memo: Vec<Column>,
    /// Between joined cells of `payee` and `memo`; `None` is one space.
    pub join_with: Option<String>,
    /// Keep runs of spaces inside payee and memo as written (default: squeeze them to one).
    pub keep_spaces: bool,
    /// Other reference (end-to-end id, customer reference, document number).
    pub reference: Option<Column>,
    /// The bank's own id of the line (transaction id).
    pub bank_id: Option<Column>,
    /// Check number.
    pub check_number: Option<Column>,
    /// Currency of the line.
    pub currency: Option<Column>,
    /// Running balance after the line.
    pub balance: Option<Column>,
    /// The file's transaction type (`DEBIT`, `Lastschrift`, `Express Checkout Payment`).
    pub kind: Option<Column>,
    /// Category as written (Mint's `Category`).
    pub category: Option<Column>,
    /// Status: a value containing `pending`, `vorgemerkt`, `attente`, `pendiente`, `pendente`,
    /// `afventer`, `behandeling` or `authori[sz]ed` (any case) marks the line pending.
    pub status: Option<Column>,
    /// Account number or name: lines are grouped into one statement per value, in order of
    /// first appearance.
    pub account: Option<Column>,
    /// Currency of the account, for [`StatementAccount::currency`].
    pub account_currency: Option<String>,
}

/// The header row of a bank CSV file, as written (trimmed): the first row, behind any
/// preamble, named in words a bank uses, else the first row none of whose cells is a date.
/// Empty when the file has no header. What a saved profile is recognized by.
///
/// # Errors
///
/// `unreadable_file` for UTF-16 or a file that cannot be read.
pub fn csv_header(bytes: &[u8], file: &str) -> Result<Vec<String>> {
    let mut input = bytes;
    let prefix = Prefix::read(&mut input, file)?;
    let decoder = Decoder::new(prefix.detect_encoding());
    let body = prefix.bytes.get(prefix.start..).unwrap_or_default();
    let delimiter = detect_delimiter(body);
    let sample = Sample::read(body, delimiter, prefix.complete, &decoder, 0);
    let rows = || sample.rows.iter().take(HEADER_SEARCH);
    let formats = candidate_formats();
    let header = rows().find(|row| looks_like_header(&row.cells)).or_else(|| {
        rows().next().filter(|row| {
            row.cells.iter().all(|c| formats.iter().all(|f| f.parse(c.trim()).is_none()))
                && sample.rows.len() > 1
        })
    });
    Ok(header
        .map(|row| row.cells.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default())
}

/// The header names a profile refers to (its columns given by name), in field order.
pub fn profile_column_names(profile: &CsvProfile) -> Vec<&str> {
    let singles = [
        &profile.date,
        &profile.posted_date,
        &profile.amount,
        &profile.debit,
        &profile.credit,
        &profile.reference,
        &profile.bank_id,
        &profile.check_number,
        &profile.currency,
        &profile.balance,
        &profile.kind,
        &profile.category,
        &profile.status,
        &profile.account,
    ];
    singles
        .into_iter()
        .flatten()
        .chain(profile.direction.as_ref().map(|d| &d.column))
        .chain(profile.payee.iter())
        .chain(profile.memo.iter())
        .filter_map(|c| match c {
            Column::Name(n) => Some(n.as_str()),
            Column::Index(_) => None,
        })
        .collect()
}

/// Reads a bank CSV file into statements: one per value of the profile's account column, in
/// order of first appearance, or one.
///
/// # Errors
///
/// `invalid_field` for an unusable profile (no date column, no amount, both an amount and
/// debit/credit columns, a bad date format, a non-ASCII delimiter); `malformed_line` naming the
/// file, the 1-based line, the column and the value of the first bad cell (or of the value
/// that makes detection ambiguous); `unreadable_file` for UTF-16 or a file that cannot be read.
pub fn parse(bytes: &[u8], file: &str, profile: &CsvProfile) -> Result<Vec<Statement>> {
    let mut statements: Vec<Statement> = Vec::new();
    let mut current = 0usize;
    let mut heads = for_each_line(bytes, file, profile, |account, line| {
        let same =
            statements.get(current).is_some_and(|s| s.account.account_id == account.account_id);
        if !same {
            current =
                match statements.iter().position(|s| s.account.account_id == account.account_id) {
                    Some(i) => i,
                    None => {
                        let mut statement = Statement::new(StatementFormat::Csv, file);
                        statement.account = account.clone();
                        statements.push(statement);
                        statements.len() - 1
                    }
                };
        }
        if let Some(s) = statements.get_mut(current) {
            s.lines.push(line);
        }
        Ok(())
    })?;
    // The heads carry the balances; the statements the lines. Same accounts, same order.
    for head in &mut heads {
        if let Some(s) =
            statements.iter_mut().find(|s| s.account.account_id == head.account.account_id)
        {
            head.lines = std::mem::take(&mut s.lines);
        }
    }
    Ok(heads)
}

/// Streams the lines of a bank CSV file to `f`, one at a time, with the account each belongs
/// to; returns the statements (account, closing balance) without their lines, in order of
/// first appearance. Memory does not grow with the file: records are read into one reused
/// buffer and nothing is kept per line.
///
/// # Errors
///
/// As [`parse`], and any error `f` returns (which stops the reading).
pub fn for_each_line<R: Read>(
    mut reader: R,
    file: &str,
    profile: &CsvProfile,
    mut f: impl FnMut(&StatementAccount, StatementLine) -> Result<()>,
) -> Result<Vec<Statement>> {
    check_profile(profile)?;
    let prefix = Prefix::read(&mut reader, file)?;
    let mut decoder =
        Decoder::new(profile.encoding.map_or_else(|| prefix.detect_encoding(), Enc::from));
    let body_start = match skip_lines(&prefix.bytes, prefix.start, profile.skip_rows) {
        Some(at) => at,
        None if prefix.complete => prefix.bytes.len(),
        None => {
            return Err(FileError::unreadable(
                file,
                format!("the {} preamble lines to skip run past the first MiB", profile.skip_rows),
            )
            .into())
        }
    };
    let body = prefix.bytes.get(body_start..).unwrap_or_default();
    let delimiter = match profile.delimiter {
        Some(d) => ascii_delimiter(d)?,
        None => detect_delimiter(body),
    };
    let line_offset =
        count_newlines(prefix.bytes.get(prefix.start..body_start).unwrap_or_default());

    let mut csv = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineCounter::new(body.chain(reader)));
    let mut record = ByteRecord::new();

    // The sample (decoded, trimmed) is needed only for what the profile leaves open.
    let needs_sample = profile.has_header.is_none()
        || profile.date_format.is_none()
        || profile.number_style.is_none();
    let sample = if needs_sample {
        Sample::read(body, delimiter, prefix.complete, &decoder, line_offset)
    } else {
        Sample::default()
    };

    let named = profile_columns(profile).any(|c| matches!(c, Column::Name(_)));
    let has_header = match profile.has_header {
        Some(h) => h,
        None if named => true,
        None => first_row_is_header(profile, &sample),
    };
    let mut labels: Vec<String> = Vec::new();
    let mut header_line = line_offset + 1;
    if has_header {
        let more =
            csv.read_byte_record(&mut record).map_err(|e| csv_error(file, line_offset, &e))?;
        if more {
            header_line =
                line_offset + csv.get_mut().line_at(record.position().map_or(0, |p| p.byte()));
            for cell in &record {
                let text = decoder
                    .decode(cell)
                    .map_err(|()| not_text(file, header_line, "header", cell))?;
                labels.push(text.trim().to_owned());
            }
        } else if named {
            return Err(FileError::unreadable(
                file,
                "no header line, but the profile names columns",
            )
            .into());
        }
    }
    let data = if has_header { sample.rows.get(1..).unwrap_or_default() } else { &sample.rows[..] };
    let plan = Plan::new(profile, file, &labels, header_line, data)?;

    let mut heads: Vec<(Statement, Chain)> = Vec::new();
    if plan.account.is_none() {
        heads.push((plan.statement(file, None), Chain::default()));
    }
    let mut current = 0usize;
    loop {
        let more =
            csv.read_byte_record(&mut record).map_err(|e| csv_error(file, line_offset, &e))?;
        if !more {
            break;
        }
        let line = line_offset + csv.get_mut().line_at(record.position().map_or(0, |p| p.byte()));
        let Some((account, statement_line)) = plan.convert(&record, line, &mut decoder)? else {
            continue;
        };
        if plan.account.is_some() {
            let same = heads
                .get(current)
                .is_some_and(|(s, _)| s.account.account_id.as_deref() == account.as_deref());
            if !same {
                current = match heads
                    .iter()
                    .position(|(s, _)| s.account.account_id.as_deref() == account.as_deref())
                {
                    Some(i) => i,
                    None => {
                        heads.push((plan.statement(file, account), Chain::default()));
                        heads.len() - 1
                    }
                };
            }
        }
        let Some((statement, chain)) = heads.get_mut(current) else { continue };
        chain.add(&statement_line);
        f(&statement.account, statement_line)?;
    }
    if heads.is_empty() {
        heads.push((plan.statement(file, None), Chain::default()));
    }
    Ok(heads
        .into_iter()
        .map(|(mut statement, chain)| {
            statement.closing_balance = chain.closing(statement.account.currency.as_deref());
            statement
        })
        .collect())
}

/// Proposes a profile for a file: encoding, delimiter, a preamble to skip and the header (found
/// by its column names), the columns (from header names in English, German, French, Spanish,
/// Dutch, Danish and Portuguese, checked against the values; else from the data: the first
/// column of dates, a signed amount column or a money-out/money-in pair, a balance column that
/// chains, a direction column, the longest text as payee), the date format and the number
/// style. Where the data cannot decide the date format or the number style (every date fits
/// both `%d/%m/%Y` and `%m/%d/%Y`), that field stays `None`, and [`parse`] then refuses the
/// file with an error naming the ambiguous value: the caller must ask. Signs are taken as
/// written ([`AmountSign::Normal`]): only the user knows a card export counts purchases
/// positive.
///
/// # Errors
///
/// `unreadable_file` when no column holds dates or none holds amounts (or for UTF-16).
pub fn suggest_profile(bytes: &[u8], file: &str) -> Result<CsvProfile> {
    let mut input = bytes;
    let prefix = Prefix::read(&mut input, file)?;
    let enc = prefix.detect_encoding();
    let decoder = Decoder::new(enc);
    let body = prefix.bytes.get(prefix.start..).unwrap_or_default();
    let delimiter = detect_delimiter(body);
    let sample = Sample::read(body, delimiter, prefix.complete, &decoder, 0);
    let mut profile = CsvProfile {
        name: file.to_owned(),
        encoding: match enc {
            Enc::Undecided => None,
            Enc::Utf8 => Some(Encoding::Utf8),
            Enc::Latin1 => Some(Encoding::Latin1),
            Enc::Windows1252 => Some(Encoding::Windows1252),
        },
        delimiter: Some(char::from(delimiter)),
        ..CsvProfile::default()
    };

    // A header named in words we know, perhaps behind a preamble.
    let header_at =
        sample.rows.iter().take(HEADER_SEARCH).position(|row| looks_like_header(&row.cells));
    let (data_from, header) = match header_at {
        Some(h) => (h + 1, sample.rows.get(h)),
        None => {
            // No known names: the data starts at the first row from which a column holds dates
            // throughout; a row just before it with as many cells is an (unknown) header.
            let k = (0..sample.rows.len().min(HEADER_SEARCH))
                .find(|&k| dates_start(sample.rows.get(k..).unwrap_or_default()))
                .ok_or_else(|| {
                    FileError::unreadable(file, "no column holds a date in every row")
                })?;
            let width = modal_width(sample.rows.get(k..).unwrap_or_default());
            match k.checked_sub(1).and_then(|h| sample.rows.get(h)) {
                Some(row) if row.cells.len() == width => (k, Some(row)),
                _ => (k, None),
            }
        }
    };
    let rows = sample.rows.get(data_from..).unwrap_or_default();
    match header {
        Some(h) => {
            profile.has_header = Some(true);
            profile.skip_rows = usize::try_from(h.line.saturating_sub(1)).unwrap_or(0);
        }
        None => {
            profile.has_header = Some(false);
            let first = rows.first().map_or(1, |r| r.line);
            profile.skip_rows = usize::try_from(first.saturating_sub(1)).unwrap_or(0);
        }
    }
    let width = rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0)
        .max(header.map_or(0, |h| h.cells.len()));
    let columns: Vec<ColumnData> = (0..width).map(|c| ColumnData::new(rows, c)).collect();
    let mut roles: Vec<Option<Role>> = vec![None; width];
    if let Some(h) = header {
        assign_by_name(&h.cells, &columns, &mut roles);
    }
    assign_by_data(&columns, &mut roles);

    let column_ref = |i: usize| -> Column {
        match header.and_then(|h| h.cells.get(i)) {
            Some(name)
                if !name.is_empty()
                    && header
                        .is_some_and(|h| h.cells.iter().filter(|n| *n == name).count() == 1) =>
            {
                Column::Name(name.clone())
            }
            _ => Column::Index(i),
        }
    };
    let first_of = |role: Role| roles.iter().position(|r| *r == Some(role));
    let all_of = |role: Role| -> Vec<usize> {
        roles.iter().enumerate().filter(|(_, r)| **r == Some(role)).map(|(i, _)| i).collect()
    };

    let date =
        first_of(Role::Date).ok_or_else(|| FileError::unreadable(file, "no column holds dates"))?;
    if first_of(Role::Amount).is_none()
        && first_of(Role::Debit).is_none()
        && first_of(Role::Credit).is_none()
    {
        return Err(FileError::unreadable(file, "no column holds amounts").into());
    }
    profile.date = Some(column_ref(date));
    profile.posted_date = first_of(Role::Posted).map(column_ref);
    profile.amount = first_of(Role::Amount).map(column_ref);
    profile.debit = first_of(Role::Debit).map(column_ref);
    profile.credit = first_of(Role::Credit).map(column_ref);
    profile.balance = first_of(Role::Balance).map(column_ref);
    profile.currency = first_of(Role::Currency).map(column_ref);
    profile.check_number = first_of(Role::Check).map(column_ref);
    profile.bank_id = first_of(Role::BankId).map(column_ref);
    profile.reference = first_of(Role::Reference).map(column_ref);
    profile.kind = first_of(Role::Kind).map(column_ref);
    profile.category = first_of(Role::Category).map(column_ref);
    profile.status = first_of(Role::Status).map(column_ref);
    profile.account = first_of(Role::Account).map(column_ref);

    // Signs of a money-out / money-in pair: signed when the out column holds negatives.
    if let Some(out) = first_of(Role::Debit) {
        let negative_out = columns.get(out).is_some_and(|c| c.any_negative);
        let negative_in =
            first_of(Role::Credit).and_then(|i| columns.get(i)).is_some_and(|c| c.any_negative);
        if negative_out && !negative_in {
            profile.split_signs = SplitSigns::Signed;
        }
    }
    // A direction column matters only for unsigned amounts.
    if let (Some(d), Some(a)) = (first_of(Role::Direction), first_of(Role::Amount)) {
        if columns.get(a).is_some_and(|c| !c.any_negative) {
            profile.direction = Some(Direction::new(column_ref(d)));
        }
    }
    // Payee: a payee-named column, else the first description; the rest is memo.
    let payees = all_of(Role::Payee);
    let descriptions = all_of(Role::Description);
    let memos = all_of(Role::Memo);
    let mut texts: Vec<usize> = descriptions.iter().chain(&memos).copied().collect();
    texts.sort_unstable();
    if let Some(&p) = payees.first() {
        profile.payee = vec![column_ref(p)];
        profile.memo = texts.into_iter().map(column_ref).collect();
    } else if let Some(&p) = descriptions.first().or_else(|| memos.first()) {
        profile.payee = vec![column_ref(p)];
        profile.memo = texts.into_iter().filter(|&c| c != p).map(column_ref).collect();
    } else if let Some(p) = longest_text(&columns, &roles) {
        profile.payee = vec![column_ref(p)];
    }

    // Date format and number style from the data, left open where it cannot decide.
    let date_values: Vec<(u64, &str)> = [Some(date), first_of(Role::Posted)]
        .into_iter()
        .flatten()
        .flat_map(|c| cells_of(rows, c))
        .collect();
    profile.date_format = detect_date_format(&date_values).ok().map(|f| f.text);
    let money: Vec<(u64, &str)> = [Role::Amount, Role::Debit, Role::Credit, Role::Balance]
        .into_iter()
        .filter_map(first_of)
        .flat_map(|c| cells_of(rows, c))
        .collect();
    profile.number_style = detect_number_style(&money).ok();
    Ok(profile)
}

/// An amount as banks write it in a cell, in `style`: [`parse_amount`] after a currency symbol,
/// an ISO code or a local abbreviation (`kr`, `zł`, `Ft`, ...) before or after the number is
/// dropped (`-$76.00`, `($85.00)`, `£500.00`, `1234,37 EUR`, `- $21.59`, `R$ 1.234,56`,
/// `100,00 kr.`). Other letters are refused (`T1`, `8.10 SGD @ .9765`).
///
/// # Errors
///
/// The reason, as [`parse_amount`].
pub fn parse_money(text: &str, style: NumberStyle) -> std::result::Result<Decimal, &'static str> {
    parse_amount(&strip_currency(text), style)
}

// ---------------------------------------------------------------------------------------------
// Profile checks and the reading plan.

fn invalid(field: &str, value: &str, reason: &str) -> crate::Error {
    QueryError::InvalidField {
        field: format!("csv_profile.{field}"),
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}

fn check_profile(p: &CsvProfile) -> Result<()> {
    if p.date.is_none() {
        return Err(invalid("date", "", "the profile names no date column"));
    }
    let split = p.debit.is_some() || p.credit.is_some();
    if p.amount.is_some() && split {
        return Err(invalid(
            "amount",
            "",
            "give either an amount column or debit/credit columns, not both",
        ));
    }
    if p.amount.is_none() && !split {
        return Err(invalid("amount", "", "the profile names no amount (or debit/credit) column"));
    }
    if split && p.direction.is_some() {
        return Err(invalid(
            "direction",
            "",
            "a direction column goes with one amount column, not debit/credit",
        ));
    }
    if let Some(d) = p.delimiter {
        ascii_delimiter(d)?;
    }
    if let Some(fmt) = &p.date_format {
        DateFormat::new(fmt)
            .ok_or_else(|| invalid("date_format", fmt, "not a chrono strftime format"))?;
    }
    Ok(())
}

fn ascii_delimiter(d: char) -> Result<u8> {
    u8::try_from(d).ok().filter(|b| b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r')).ok_or_else(
        || invalid("delimiter", &d.to_string(), "the delimiter must be one ASCII character"),
    )
}

fn profile_columns(p: &CsvProfile) -> impl Iterator<Item = &Column> {
    [
        &p.date,
        &p.posted_date,
        &p.amount,
        &p.debit,
        &p.credit,
        &p.reference,
        &p.bank_id,
        &p.check_number,
        &p.currency,
        &p.balance,
        &p.kind,
        &p.category,
        &p.status,
        &p.account,
    ]
    .into_iter()
    .flatten()
    .chain(p.direction.as_ref().map(|d| &d.column))
    .chain(&p.payee)
    .chain(&p.memo)
}

/// How amounts are read.
#[derive(Debug)]
enum Money {
    Single(usize),
    Split { out: Option<usize>, inn: Option<usize>, signed: bool },
}

/// A profile resolved against a file: column indices, formats, labels for errors.
#[derive(Debug)]
struct Plan<'a> {
    file: &'a str,
    labels: Vec<String>,
    date: usize,
    /// `None` when the sample had no date to detect the format from.
    date_format: Option<DateFormat>,
    posted: Option<usize>,
    money: Money,
    direction: Option<(usize, Vec<String>, Vec<String>)>,
    inverted: bool,
    /// `None` when the sample had no amount to detect the style from.
    style: Option<NumberStyle>,
    payee: Vec<usize>,
    memo: Vec<usize>,
    join_with: String,
    squeeze: bool,
    reference: Option<usize>,
    bank_id: Option<usize>,
    check_number: Option<usize>,
    currency: Option<usize>,
    balance: Option<usize>,
    kind: Option<usize>,
    category: Option<usize>,
    status: Option<usize>,
    account: Option<usize>,
    account_currency: Option<String>,
}

impl<'a> Plan<'a> {
    fn new(
        p: &CsvProfile,
        file: &'a str,
        labels: &[String],
        header_line: u64,
        sample: &[Row],
    ) -> Result<Self> {
        let resolve = |field: &str, c: &Column| -> Result<usize> {
            match c {
                Column::Index(i) => Ok(*i),
                Column::Name(name) => {
                    let want = name.trim();
                    labels
                        .iter()
                        .position(|l| l == want)
                        .or_else(|| {
                            let lower = want.to_lowercase();
                            labels.iter().position(|l| l.to_lowercase() == lower)
                        })
                        .ok_or_else(|| {
                            FileError::malformed(
                                file,
                                header_line,
                                field,
                                name,
                                "no column of this name in the header",
                            )
                            .into()
                        })
                }
            }
        };
        let opt =
            |field: &str, c: &Option<Column>| c.as_ref().map(|c| resolve(field, c)).transpose();
        let many = |field: &str, cs: &[Column]| {
            cs.iter().map(|c| resolve(field, c)).collect::<Result<Vec<_>>>()
        };
        let date = match &p.date {
            Some(c) => resolve("date", c)?,
            None => return Err(invalid("date", "", "the profile names no date column")),
        };
        let posted = opt("posted_date", &p.posted_date)?;
        let money = match &p.amount {
            Some(c) => Money::Single(resolve("amount", c)?),
            None => Money::Split {
                out: opt("debit", &p.debit)?,
                inn: opt("credit", &p.credit)?,
                signed: p.split_signs == SplitSigns::Signed,
            },
        };
        let direction = match &p.direction {
            Some(d) => {
                let lower =
                    |v: &[String]| v.iter().map(|s| s.trim().to_lowercase()).collect::<Vec<_>>();
                Some((resolve("direction", &d.column)?, lower(&d.out_values), lower(&d.in_values)))
            }
            None => None,
        };
        let balance = opt("balance", &p.balance)?;
        let label = |i: usize| {
            labels
                .get(i)
                .filter(|l| !l.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("column {i}"))
        };

        let date_format = match &p.date_format {
            Some(fmt) => Some(
                DateFormat::new(fmt)
                    .ok_or_else(|| invalid("date_format", fmt, "not a chrono strftime format"))?,
            ),
            None => {
                let values: Vec<(u64, &str)> = [Some(date), posted]
                    .into_iter()
                    .flatten()
                    .flat_map(|c| cells_of(sample, c))
                    .collect();
                match detect_date_format(&values) {
                    Ok(f) => Some(f),
                    Err(Undecided::NoValues) => None,
                    Err(e) => return Err(e.into_error(file, &label(date))),
                }
            }
        };
        let style = match p.number_style {
            Some(s) => Some(s),
            None => {
                let cols: Vec<usize> = match &money {
                    Money::Single(c) => vec![*c],
                    Money::Split { out, inn, .. } => out.iter().chain(inn).copied().collect(),
                };
                let values: Vec<(u64, &str)> =
                    cols.iter().chain(&balance).flat_map(|&c| cells_of(sample, c)).collect();
                let first = cols.first().copied().unwrap_or(0);
                match detect_number_style(&values) {
                    Ok(s) => Some(s),
                    Err(Undecided::NoValues) => None,
                    Err(e) => return Err(e.into_error(file, &label(first))),
                }
            }
        };
        Ok(Self {
            file,
            labels: labels.to_vec(),
            date,
            date_format,
            posted,
            money,
            direction,
            inverted: p.amount_sign == AmountSign::Inverted,
            style,
            payee: many("payee", &p.payee)?,
            memo: many("memo", &p.memo)?,
            join_with: p.join_with.clone().unwrap_or_else(|| " ".to_owned()),
            squeeze: !p.keep_spaces,
            reference: opt("reference", &p.reference)?,
            bank_id: opt("bank_id", &p.bank_id)?,
            check_number: opt("check_number", &p.check_number)?,
            currency: opt("currency", &p.currency)?,
            balance,
            kind: opt("kind", &p.kind)?,
            category: opt("category", &p.category)?,
            status: opt("status", &p.status)?,
            account: opt("account", &p.account)?,
            account_currency: p.account_currency.clone(),
        })
    }

    fn label(&self, i: usize) -> String {
        self.labels
            .get(i)
            .filter(|l| !l.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("column {i}"))
    }

    fn statement(&self, file: &str, account: Option<String>) -> Statement {
        let mut s = Statement::new(StatementFormat::Csv, file);
        s.account.account_id = account;
        s.account.currency.clone_from(&self.account_currency);
        s
    }

    fn malformed(&self, line: u64, col: usize, value: &str, reason: &str) -> crate::Error {
        FileError::malformed(self.file, line, &self.label(col), value, reason).into()
    }

    /// The trimmed text of a cell (empty when the row is shorter).
    fn cell<'r>(
        &self,
        rec: &'r ByteRecord,
        col: usize,
        line: u64,
        dec: &mut Decoder,
    ) -> Result<Cow<'r, str>> {
        let bytes = rec.get(col).unwrap_or_default();
        match dec.decode(bytes) {
            Ok(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s.trim())),
            Ok(Cow::Owned(s)) => Ok(Cow::Owned(s.trim().to_owned())),
            Err(()) => Err(not_text(self.file, line, &self.label(col), bytes)),
        }
    }

    fn text(
        &self,
        rec: &ByteRecord,
        col: Option<usize>,
        line: u64,
        dec: &mut Decoder,
    ) -> Result<Option<String>> {
        let Some(col) = col else { return Ok(None) };
        let cell = self.cell(rec, col, line, dec)?;
        Ok((!cell.is_empty()).then(|| cell.into_owned()))
    }

    fn joined(
        &self,
        rec: &ByteRecord,
        cols: &[usize],
        line: u64,
        dec: &mut Decoder,
    ) -> Result<Option<String>> {
        let mut out = String::new();
        for &col in cols {
            let cell = self.cell(rec, col, line, dec)?;
            if cell.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(&self.join_with);
            }
            if self.squeeze {
                push_squeezed(&mut out, &cell);
            } else {
                out.push_str(&cell);
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }

    fn amount_cell(
        &self,
        rec: &ByteRecord,
        col: usize,
        line: u64,
        dec: &mut Decoder,
    ) -> Result<Option<Decimal>> {
        let cell = self.cell(rec, col, line, dec)?;
        if cell.is_empty() {
            return Ok(None);
        }
        let Some(style) = self.style else {
            return Err(self.malformed(line, col, &cell, UNDETECTED));
        };
        parse_money(&cell, style).map(Some).map_err(|reason| {
            self.malformed(
                line,
                col,
                &cell,
                &format!("{reason} in the style {}", style_name(style)),
            )
        })
    }

    fn date_cell(
        &self,
        rec: &ByteRecord,
        col: usize,
        line: u64,
        dec: &mut Decoder,
    ) -> Result<Option<NaiveDate>> {
        let cell = self.cell(rec, col, line, dec)?;
        if cell.is_empty() {
            return Ok(None);
        }
        let Some(format) = &self.date_format else {
            return Err(self.malformed(line, col, &cell, UNDETECTED));
        };
        format.parse(&cell).map(Some).ok_or_else(|| {
            self.malformed(line, col, &cell, &format!("not a date in the format {}", format.text))
        })
    }

    /// One record as a line, with its account; `None` for a row to skip.
    fn convert(
        &self,
        rec: &ByteRecord,
        line: u64,
        dec: &mut Decoder,
    ) -> Result<Option<(Option<String>, StatementLine)>> {
        if rec.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            return Ok(None);
        }
        let money_cols: [Option<usize>; 2] = match &self.money {
            Money::Single(c) => [Some(*c), None],
            Money::Split { out, inn, .. } => [*out, *inn],
        };
        let blank = |c: Option<usize>| {
            c.is_none_or(|c| rec.get(c).unwrap_or_default().iter().all(u8::is_ascii_whitespace))
        };
        if blank(Some(self.date)) && money_cols.iter().all(|c| blank(*c)) {
            return Ok(None);
        }
        let date = self
            .date_cell(rec, self.date, line, dec)?
            .ok_or_else(|| self.malformed(line, self.date, "", "no date"))?;
        let mut amount = match &self.money {
            Money::Single(c) => self
                .amount_cell(rec, *c, line, dec)?
                .ok_or_else(|| self.malformed(line, *c, "", "no amount"))?,
            Money::Split { out, inn, signed } => {
                let o = match out {
                    Some(c) => self.amount_cell(rec, *c, line, dec)?,
                    None => None,
                };
                let i = match inn {
                    Some(c) => self.amount_cell(rec, *c, line, dec)?,
                    None => None,
                };
                if o.is_none() && i.is_none() {
                    let col = out.or(*inn).unwrap_or(0);
                    return Err(self.malformed(
                        line,
                        col,
                        "",
                        "no amount in the money-out or money-in column",
                    ));
                }
                let (o, i) = (o.unwrap_or_default(), i.unwrap_or_default());
                if *signed {
                    i + o
                } else {
                    i - o
                }
            }
        };
        if let Some((col, outs, ins)) = &self.direction {
            let cell = self.cell(rec, *col, line, dec)?;
            let key = cell.to_lowercase();
            let is_out = outs.contains(&key);
            let is_in = ins.contains(&key);
            if is_out == is_in {
                return Err(self.malformed(
                    line,
                    *col,
                    &cell,
                    "neither a money-out nor a money-in value of the direction column",
                ));
            }
            if amount.is_sign_negative() && !amount.is_zero() {
                if is_in {
                    return Err(self.malformed(
                        line,
                        *col,
                        &cell,
                        "the amount is negative but the direction says money in",
                    ));
                }
            } else if is_out {
                amount = -amount;
            }
        }
        let mut balance = match self.balance {
            Some(c) => self.amount_cell(rec, c, line, dec)?,
            None => None,
        };
        if self.inverted {
            amount = -amount;
            balance = balance.map(|b| -b);
        }
        let mut out = StatementLine::new(line, date, amount);
        out.balance = balance;
        if let Some(c) = self.posted {
            out.posted_date = self.date_cell(rec, c, line, dec)?;
        }
        out.payee = self.joined(rec, &self.payee, line, dec)?;
        out.memo = self.joined(rec, &self.memo, line, dec)?;
        out.currency = self.text(rec, self.currency, line, dec)?;
        out.reference = self.text(rec, self.reference, line, dec)?;
        out.bank_id = self.text(rec, self.bank_id, line, dec)?;
        out.check_number = self.text(rec, self.check_number, line, dec)?;
        out.kind = self.text(rec, self.kind, line, dec)?;
        out.category = self.text(rec, self.category, line, dec)?;
        if let Some(status) = self.text(rec, self.status, line, dec)? {
            out.pending = is_pending(&status);
        }
        let account = self.text(rec, self.account, line, dec)?;
        Ok(Some((account, out)))
    }
}

/// A value past the sample when the sample had none to detect its format from.
const UNDETECTED: &str = "the first MiB of the file has no value of this column to detect its format from; set it in the profile";

fn is_pending(status: &str) -> bool {
    let s = status.to_lowercase();
    [
        "pending",
        "vorgemerkt",
        "attente",
        "pendiente",
        "pendente",
        "afventer",
        "behandeling",
        "authorized",
        "authorised",
    ]
    .iter()
    .any(|w| s.contains(w))
}

fn push_squeezed(out: &mut String, text: &str) {
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
}

fn style_name(s: NumberStyle) -> String {
    let thousands = match s.thousands {
        Some(' ') => "space".to_owned(),
        Some(t) => format!("'{t}'"),
        None => "none".to_owned(),
    };
    format!("decimal '{}', thousands {thousands}", s.decimal)
}

/// Balances chaining over a statement's lines, for its closing balance.
#[derive(Debug)]
struct Chain {
    first: Option<(NaiveDate, Option<Decimal>)>,
    last: Option<(NaiveDate, Decimal, Option<Decimal>)>,
    count: u64,
    all_balances: bool,
    forward: bool,
    backward: bool,
}

impl Default for Chain {
    fn default() -> Self {
        Self {
            first: None,
            last: None,
            count: 0,
            all_balances: true,
            forward: true,
            backward: true,
        }
    }
}

impl Chain {
    fn add(&mut self, line: &StatementLine) {
        self.count += 1;
        if line.balance.is_none() {
            self.all_balances = false;
        }
        if let (Some((_, prev_amount, Some(prev))), Some(bal)) = (self.last, line.balance) {
            // Forward: this balance = previous + this amount. Backward: previous = this + previous amount.
            if prev + line.amount != bal {
                self.forward = false;
            }
            if bal + prev_amount != prev {
                self.backward = false;
            }
        }
        if self.first.is_none() {
            self.first = Some((line.date, line.balance));
        }
        self.last = Some((line.date, line.amount, line.balance));
    }

    fn closing(&self, currency: Option<&str>) -> Option<StatedBalance> {
        if !self.all_balances || self.count == 0 {
            return None;
        }
        let (date, amount) = if self.count == 1 || (self.forward && !self.backward) {
            self.last.and_then(|(d, _, b)| b.map(|b| (d, b)))?
        } else if self.backward && !self.forward {
            self.first.and_then(|(d, b)| b.map(|b| (d, b)))?
        } else {
            return None;
        };
        Some(StatedBalance { amount, date, currency: currency.map(str::to_owned) })
    }
}

// ---------------------------------------------------------------------------------------------
// Bytes: the read-ahead prefix, encodings, lines, delimiters.

struct Prefix {
    bytes: Vec<u8>,
    /// Whether the prefix is the whole input.
    complete: bool,
    /// After a UTF-8 byte-order mark.
    start: usize,
}

impl Prefix {
    fn read<R: Read>(reader: &mut R, file: &str) -> Result<Self> {
        let mut bytes = Vec::with_capacity(8192);
        reader
            .by_ref()
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| FileError::unreadable(file, format!("cannot be read: {e}")))?;
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(FileError::unreadable(
                file,
                "UTF-16 text is not supported; save the file as UTF-8",
            )
            .into());
        }
        let complete = bytes.len() < SAMPLE_BYTES;
        let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        Ok(Self { bytes, complete, start })
    }

    fn detect_encoding(&self) -> Enc {
        if self.start == 3 {
            return Enc::Utf8;
        }
        match std::str::from_utf8(&self.bytes) {
            Ok(s) if s.is_ascii() => Enc::Undecided,
            Ok(_) => Enc::Utf8,
            // Cut inside a character at the end of an incomplete prefix: still UTF-8.
            Err(e) if e.error_len().is_none() && !self.complete => {
                if self.bytes.get(..e.valid_up_to()).is_some_and(<[u8]>::is_ascii) {
                    Enc::Undecided
                } else {
                    Enc::Utf8
                }
            }
            Err(_) => Enc::Windows1252,
        }
    }
}

/// The encoding being read; `Undecided` while every byte so far is ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    Utf8,
    Latin1,
    Windows1252,
    Undecided,
}

impl From<Encoding> for Enc {
    fn from(e: Encoding) -> Self {
        match e {
            Encoding::Utf8 => Self::Utf8,
            Encoding::Latin1 => Self::Latin1,
            Encoding::Windows1252 => Self::Windows1252,
        }
    }
}

#[derive(Debug, Clone)]
struct Decoder {
    enc: Enc,
}

impl Decoder {
    fn new(enc: Enc) -> Self {
        Self { enc }
    }

    /// A cell as text; `Err` for bytes that are not UTF-8 when the file is.
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> std::result::Result<Cow<'a, str>, ()> {
        match self.enc {
            Enc::Utf8 => std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|_| ()),
            Enc::Latin1 => match std::str::from_utf8(bytes) {
                Ok(s) if s.is_ascii() => Ok(Cow::Borrowed(s)),
                _ => Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect())),
            },
            Enc::Windows1252 => Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
            Enc::Undecided => match std::str::from_utf8(bytes) {
                Ok(s) => {
                    if !s.is_ascii() {
                        self.enc = Enc::Utf8;
                    }
                    Ok(Cow::Borrowed(s))
                }
                Err(_) => {
                    self.enc = Enc::Windows1252;
                    Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0)
                }
            },
        }
    }
}

fn not_text(file: &str, line: u64, field: &str, bytes: &[u8]) -> crate::Error {
    FileError::malformed(
        file,
        line,
        field,
        &String::from_utf8_lossy(bytes),
        "not UTF-8 text; set the profile's encoding (latin1 or windows1252)",
    )
    .into()
}

fn csv_error(file: &str, line_offset: u64, e: &::csv::Error) -> crate::Error {
    // Byte records, flexible: only reading itself can fail.
    match e.position() {
        Some(p) => {
            FileError::malformed(file, line_offset + p.line(), "record", "", &e.to_string()).into()
        }
        None => FileError::unreadable(file, format!("cannot be read: {e}")).into(),
    }
}

/// A reader that notes where its line terminators are, so a record's byte offset gives its
/// 1-based line (the csv crate does not count the blank lines it skips, and a record's offset
/// is where those blank lines start). Only terminators ahead of the last record asked about
/// are kept: memory stays at the size of the csv reader's buffer.
struct LineCounter<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of `\r` and `\n` not yet passed, and whether each is a `\n`.
    terminators: std::collections::VecDeque<(u64, bool)>,
    /// Line ends passed.
    passed: u64,
}

impl<R: Read> LineCounter<R> {
    fn new(inner: R) -> Self {
        Self { inner, offset: 0, terminators: std::collections::VecDeque::new(), passed: 0 }
    }

    /// The 1-based line of the record at `offset` (offsets asked in increasing order).
    fn line_at(&mut self, mut offset: u64) -> u64 {
        while let Some(&(at, newline)) = self.terminators.front() {
            if at < offset {
                self.passed += u64::from(newline);
            } else if at == offset {
                // A blank line before the record.
                self.passed += u64::from(newline);
                offset += 1;
            } else {
                break;
            }
            self.terminators.pop_front();
        }
        self.passed + 1
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        for (i, &b) in read.iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.terminators.push_back((self.offset + i as u64, b == b'\n'));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// 1-based lines of byte offsets of `bytes`, asked in increasing order.
struct SliceLines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl SliceLines<'_> {
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut to = usize::try_from(offset).unwrap_or(usize::MAX).min(self.bytes.len());
        // Past blank lines the record's offset still points at.
        while self.bytes.get(to).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            to += 1;
        }
        if to > self.at {
            self.line += count_newlines(self.bytes.get(self.at..to).unwrap_or_default());
            self.at = to;
        }
        self.line
    }
}

/// The offset after `n` line ends from `from`, or `None` when there are fewer.
fn skip_lines(bytes: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut at = from;
    for _ in 0..n {
        let rest = bytes.get(at..)?;
        at += rest.iter().position(|&b| b == b'\n')? + 1;
    }
    Some(at)
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The delimiter among `,` `;` tab `|` whose most common field count (above one) covers at
/// least half of the first records, with the most fields; `,` when none does.
fn detect_delimiter(body: &[u8]) -> u8 {
    let mut best: Option<(usize, u8)> = None;
    for d in [b',', b';', b'\t', b'|'] {
        let mut counts: Vec<usize> = ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(body)
            .byte_records()
            .take(200)
            .map_while(std::result::Result::ok)
            .map(|r| r.len())
            .collect();
        if counts.is_empty() {
            continue;
        }
        let n = counts.len();
        counts.sort_unstable();
        let (mut mode, mut freq, mut run) = (0, 0, 0);
        for (i, &c) in counts.iter().enumerate() {
            run = if i > 0 && counts.get(i - 1) == Some(&c) { run + 1 } else { 1 };
            if run > freq {
                freq = run;
                mode = c;
            }
        }
        if mode > 1 && freq * 2 >= n && best.is_none_or(|(m, _)| mode > m) {
            best = Some((mode, d));
        }
    }
    best.map_or(b',', |(_, d)| d)
}

// ---------------------------------------------------------------------------------------------
// The sample: decoded, trimmed records for detection.

#[derive(Debug, Default)]
struct Row {
    line: u64,
    cells: Vec<String>,
}

#[derive(Debug, Default)]
struct Sample {
    rows: Vec<Row>,
}

impl Sample {
    fn read(
        body: &[u8],
        delimiter: u8,
        complete: bool,
        decoder: &Decoder,
        line_offset: u64,
    ) -> Self {
        let mut dec = decoder.clone();
        let mut lines = SliceLines { bytes: body, at: 0, line: 1 };
        let mut rows: Vec<Row> = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(body)
            .byte_records()
            .take(SAMPLE_RECORDS)
            .map_while(std::result::Result::ok)
            .map(|r| Row {
                line: line_offset + lines.line_at(r.position().map_or(0, |p| p.byte())),
                cells: r
                    .iter()
                    .map(|c| {
                        dec.decode(c).map_or_else(
                            |()| String::from_utf8_lossy(c).trim().to_owned(),
                            |s| s.trim().to_owned(),
                        )
                    })
                    .collect(),
            })
            .collect();
        if !complete {
            rows.pop(); // may be cut short
        }
        Self { rows }
    }
}

fn cells_of(rows: &[Row], col: usize) -> impl Iterator<Item = (u64, &str)> {
    rows.iter().filter_map(move |r| {
        r.cells.get(col).filter(|c| !c.is_empty()).map(|c| (r.line, c.as_str()))
    })
}

fn modal_width(rows: &[Row]) -> usize {
    let mut widths: Vec<usize> = rows.iter().map(|r| r.cells.len()).collect();
    widths.sort_unstable();
    let (mut mode, mut freq, mut run) = (0, 0, 0);
    for (i, &w) in widths.iter().enumerate() {
        run = if i > 0 && widths.get(i - 1) == Some(&w) { run + 1 } else { 1 };
        if run > freq {
            freq = run;
            mode = w;
        }
    }
    mode
}

fn first_row_is_header(p: &CsvProfile, sample: &Sample) -> bool {
    let Some(Column::Index(date)) = &p.date else { return false };
    let Some(first) = sample.rows.first() else { return false };
    let Some(cell) = first.cells.get(*date) else { return true };
    let is_date = match &p.date_format {
        Some(fmt) => DateFormat::new(fmt).is_some_and(|f| f.parse(cell).is_some()),
        None => candidate_formats().iter().any(|f| f.parse(cell).is_some()),
    };
    !is_date
}

// ---------------------------------------------------------------------------------------------
// Dates.

/// Formats tried when the profile gives none. `%b` reads English month names.
const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%Y%m%d%H%M%S",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d.%m.%y",
    "%d-%m-%y",
    "%m-%d-%y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d/%b/%Y",
    "%d %b %y",
    "%d-%b-%y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d-%B-%Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d. %B %Y",
];

#[derive(Debug, Clone)]
struct DateFormat {
    text: String,
    items: Vec<Item<'static>>,
}

impl DateFormat {
    fn new(text: &str) -> Option<Self> {
        let items = StrftimeItems::new(text).parse_to_owned().ok()?;
        Some(Self { text: text.to_owned(), items })
    }

    /// The date of `s`, which may be followed by a time of day or a zone.
    fn parse(&self, s: &str) -> Option<NaiveDate> {
        let mut parsed = Parsed::new();
        let rest =
            chrono::format::parse_and_remainder(&mut parsed, s.trim(), self.items.iter()).ok()?;
        if !rest_is_time(rest) {
            return None;
        }
        parsed.to_naive_date().ok()
    }
}

/// What may follow a date: nothing, a zone in brackets, or a time after a space or `T`.
fn rest_is_time(rest: &str) -> bool {
    if rest.is_empty() || rest.starts_with('[') {
        return true;
    }
    let after = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix(char::is_whitespace).map(str::trim_start));
    after.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
}

fn candidate_formats() -> Vec<DateFormat> {
    DATE_FORMATS.iter().filter_map(|f| DateFormat::new(f)).collect()
}

/// Why no date format (or number style) was settled.
#[derive(Debug)]
enum Undecided {
    NoValues,
    NoFit { line: u64, value: String },
    Ambiguous { line: u64, value: String, a: String, b: String },
}

impl Undecided {
    fn into_error(self, file: &str, field: &str) -> crate::Error {
        match self {
            Self::NoValues => FileError::unreadable(
                file,
                format!("column '{field}' has no values to detect the format from; set it in the profile"),
            )
            .into(),
            Self::NoFit { line, value } => {
                FileError::malformed(file, line, field, &value, "fits no known format; set it in the profile").into()
            }
            Self::Ambiguous { line, value, a, b } => FileError::malformed(
                file,
                line,
                field,
                &value,
                &format!("ambiguous: reads differently as {a} and as {b}; set it in the profile"),
            )
            .into(),
        }
    }
}

/// The format every value fits; refused when two fitting formats read some value differently.
/// Formats giving years before 1900 or after 2200 do not fit (`%Y` reads `9` as year 9).
fn detect_date_format(values: &[(u64, &str)]) -> std::result::Result<DateFormat, Undecided> {
    if values.is_empty() {
        return Err(Undecided::NoValues);
    }
    let plausible = |d: NaiveDate| (1900..=2200).contains(&d.year());
    let formats = candidate_formats();
    let mut best: Option<(usize, &DateFormat)> = None;
    let mut fits: Vec<&DateFormat> = Vec::new();
    for f in &formats {
        let ok = values.iter().take_while(|(_, v)| f.parse(v).is_some_and(plausible)).count();
        if ok == values.len() {
            fits.push(f);
        } else if best.is_none_or(|(n, _)| ok > n) {
            best = Some((ok, f));
        }
    }
    let Some(first) = fits.first() else {
        let (line, value) = best
            .and_then(|(n, _)| values.get(n))
            .or_else(|| values.first())
            .map_or((0, String::new()), |(l, v)| (*l, (*v).to_owned()));
        return Err(Undecided::NoFit { line, value });
    };
    for other in fits.iter().skip(1) {
        if let Some((line, value)) = values.iter().find(|(_, v)| first.parse(v) != other.parse(v)) {
            return Err(Undecided::Ambiguous {
                line: *line,
                value: (*value).to_owned(),
                a: first.text.clone(),
                b: other.text.clone(),
            });
        }
    }
    Ok((*first).clone())
}

// ---------------------------------------------------------------------------------------------
// Amounts.

/// Styles tried when the profile gives none, preferred first within a decimal separator.
const STYLES: &[NumberStyle] = &[
    NumberStyle::DOT_COMMA,
    NumberStyle::DOT,
    NumberStyle { decimal: '.', thousands: Some('\'') },
    NumberStyle { decimal: '.', thousands: Some(' ') },
    NumberStyle::COMMA_DOT,
    NumberStyle::COMMA,
    NumberStyle { decimal: ',', thousands: Some(' ') },
    NumberStyle { decimal: ',', thousands: Some('\u{a0}') },
    NumberStyle { decimal: ',', thousands: Some('\u{202f}') },
];

/// The style every value fits; refused when a dot style and a comma style both fit and read
/// some value differently (`1,234`).
fn detect_number_style(values: &[(u64, &str)]) -> std::result::Result<NumberStyle, Undecided> {
    if values.is_empty() {
        return Err(Undecided::NoValues);
    }
    let mut best: Option<(usize, NumberStyle)> = None;
    let mut fits: Vec<NumberStyle> = Vec::new();
    for &s in STYLES {
        let ok = values.iter().take_while(|(_, v)| parse_money(v, s).is_ok()).count();
        if ok == values.len() {
            fits.push(s);
        } else if best.is_none_or(|(n, _)| ok > n) {
            best = Some((ok, s));
        }
    }
    let Some(&first) = fits.first() else {
        let (line, value) = best
            .and_then(|(n, _)| values.get(n))
            .or_else(|| values.first())
            .map_or((0, String::new()), |(l, v)| (*l, (*v).to_owned()));
        return Err(Undecided::NoFit { line, value });
    };
    if let Some(&other) = fits.iter().find(|s| s.decimal != first.decimal) {
        if let Some((line, value)) =
            values.iter().find(|(_, v)| parse_money(v, first) != parse_money(v, other))
        {
            return Err(Undecided::Ambiguous {
                line: *line,
                value: (*value).to_owned(),
                a: style_name(first),
                b: style_name(other),
            });
        }
    }
    Ok(first)
}

/// Currency abbreviations banks write around amounts, besides ISO codes.
const CURRENCY_WORDS: &[&str] =
    &["kr", "Kr", "KR", "kn", "Kč", "zł", "Ft", "lei", "Rs", "лв", "руб", "Fr", "SFr", "Lek"];

fn is_currency_symbol(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '¢' | '¤' | '฿' | '﷼' | '៛')
        || ('\u{20a0}'..='\u{20cf}').contains(&c)
}

/// The number of a money cell without a currency symbol, ISO code or local abbreviation
/// before or after it; the text itself when there is nothing to drop or it is not that shape.
fn strip_currency(text: &str) -> Cow<'_, str> {
    let t = text.trim();
    if t.bytes().all(|b| {
        b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b',' | b'(' | b')' | b' ' | b'\'')
    }) {
        return Cow::Borrowed(t);
    }
    let start = t.char_indices().find(|&(i, c)| {
        c.is_ascii_digit()
            || ((c == '.' || c == ',')
                && t.get(i + 1..).is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit())))
    });
    let end = t.char_indices().rev().find(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i + 1);
    let (Some((start, _)), Some(end)) = (start, end) else { return Cow::Borrowed(t) };
    let (Some(before), Some(number), Some(after)) =
        (t.get(..start), t.get(start..end), t.get(end..))
    else {
        return Cow::Borrowed(t);
    };
    let keep = |part: &str, allowed: &[char]| -> Option<String> {
        let (mut kept, mut word, mut symbol) = (String::new(), String::new(), false);
        for c in part.chars() {
            if allowed.contains(&c) {
                kept.push(c);
            } else if c.is_alphabetic() {
                word.push(c);
            } else if c == '.' && !word.is_empty() {
                // `kr.`
            } else if is_currency_symbol(c) {
                symbol = true;
            } else if !c.is_whitespace() {
                return None;
            }
        }
        // An ISO code (`EUR`), a local abbreviation (`kr`, `zł`), or letters with a symbol (`R$`, `US$`).
        let code = word.is_empty()
            || (word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()))
            || CURRENCY_WORDS.contains(&word.as_str())
            || (symbol && word.chars().count() <= 2 && word.chars().all(char::is_uppercase));
        code.then_some(kept)
    };
    match (keep(before, &['-', '+', '(']), keep(after, &['-', ')'])) {
        (Some(b), Some(a)) => Cow::Owned(format!("{b}{number}{a}")),
        _ => Cow::Borrowed(t),
    }
}

// ---------------------------------------------------------------------------------------------
// Suggestion: column roles from header names and from the data.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Direction,
    Posted,
    Date,
    Debit,
    Credit,
    Amount,
    Balance,
    Currency,
    Check,
    BankId,
    Reference,
    Kind,
    Category,
    Status,
    Account,
    Payee,
    Memo,
    Description,
}

impl Role {
    /// Roles that several columns may share.
    fn is_many(self) -> bool {
        matches!(self, Self::Memo | Self::Description)
    }
}

/// What the sample says about one column.
#[derive(Debug)]
struct ColumnData {
    /// Non-empty values with their lines.
    values: Vec<(u64, String)>,
    rows: usize,
    /// Some format reads every value as a plausible date.
    dates: bool,
    /// Some style reads every value as an amount.
    amounts: bool,
    /// ... and the values look like money, not ids (a decimal part, a symbol, a sign).
    money_like: bool,
    any_negative: bool,
    /// Every value is a direction word.
    directions: bool,
    /// Values are currency codes.
    currencies: bool,
    /// Lengths of values with letters in them, for the payee.
    text_len: TextLen,
    /// Row by row, the value read in the column's own style (zero when empty).
    nums: Vec<Decimal>,
}

/// Sum and count of lengths: averages compared without floats.
#[derive(Debug, Default, Clone, Copy)]
struct TextLen {
    sum: usize,
    count: usize,
}

impl TextLen {
    /// `self.sum / self.count > other.sum / other.count`.
    fn above(self, other: Self) -> bool {
        self.count > 0
            && (other.count == 0
                || self.sum.saturating_mul(other.count) > other.sum.saturating_mul(self.count))
    }
}

impl ColumnData {
    fn new(rows: &[Row], col: usize) -> Self {
        let values: Vec<(u64, String)> = rows
            .iter()
            .filter_map(|r| r.cells.get(col).filter(|c| !c.is_empty()).map(|c| (r.line, c.clone())))
            .collect();
        let refs: Vec<(u64, &str)> = values.iter().map(|(l, v)| (*l, v.as_str())).collect();
        let any = !values.is_empty();
        let dates =
            any && matches!(detect_date_format(&refs), Ok(_) | Err(Undecided::Ambiguous { .. }));
        let style = match detect_number_style(&refs) {
            Ok(s) => Some(s),
            Err(Undecided::Ambiguous { .. }) => STYLES
                .iter()
                .copied()
                .find(|&s| refs.iter().all(|(_, v)| parse_money(v, s).is_ok())),
            Err(_) => None,
        };
        let amounts = any && style.is_some();
        let nums: Vec<Decimal> = rows
            .iter()
            .map(|r| {
                r.cells
                    .get(col)
                    .zip(style)
                    .and_then(|(c, s)| parse_money(c, s).ok())
                    .unwrap_or_default()
            })
            .collect();
        let money_like = amounts
            && refs.iter().any(|(_, v)| {
                let core = strip_currency(v);
                core.len() != v.len() || v.starts_with('(') || has_decimals(&core)
            });
        let any_negative = nums.iter().any(|d| d.is_sign_negative() && !d.is_zero());
        let directions = any
            && values.iter().all(|(_, v)| {
                let k = v.to_lowercase();
                OUT_WORDS.contains(&k.as_str()) || IN_WORDS.contains(&k.as_str())
            });
        let currencies = any
            && values.iter().all(|(_, v)| {
                (v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase()))
                    || (v.chars().count() == 1 && v.chars().all(is_currency_symbol))
            });
        let mut text_len = TextLen::default();
        for (_, v) in &values {
            if v.chars().any(char::is_alphabetic) {
                text_len.sum += v.chars().count();
                text_len.count += 1;
            }
        }
        Self {
            values,
            rows: rows.len(),
            dates,
            amounts,
            money_like,
            any_negative,
            directions,
            currencies,
            text_len,
            nums,
        }
    }

    fn full(&self) -> bool {
        self.values.len() == self.rows && self.rows > 0
    }

    fn fits(&self, role: Role) -> bool {
        let empty = self.values.is_empty();
        match role {
            Role::Date | Role::Posted => empty || self.dates,
            Role::Debit | Role::Credit | Role::Amount | Role::Balance => empty || self.amounts,
            Role::Currency => empty || self.currencies,
            Role::Direction => empty || self.directions,
            _ => true,
        }
    }
}

/// A decimal part: a `.` or `,` followed by one or two digits at the end.
fn has_decimals(s: &str) -> bool {
    let s = s.trim_end_matches([')', '-']);
    let b = s.as_bytes();
    let n = b.len();
    let at = |i: usize| b.get(i).copied().unwrap_or(b'x');
    (n >= 2 && matches!(at(n - 2), b'.' | b',') && at(n - 1).is_ascii_digit())
        || (n >= 3
            && matches!(at(n - 3), b'.' | b',')
            && at(n - 2).is_ascii_digit()
            && at(n - 1).is_ascii_digit())
}

/// Lower case, accents folded, anything but letters and digits a single space.
fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut space = true;
    for c in header.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'æ' => "ae",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ß' => "ss",
            _ => "",
        };
        if !folded.is_empty() {
            out.push_str(folded);
            space = false;
        } else if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

const DEBIT_WORDS: &[&str] = &[
    "debit",
    "debits",
    "debet",
    "soll",
    "withdrawal",
    "withdrawals",
    "withdrawn",
    "out",
    "debe",
    "cargo",
    "cargos",
    "udbetaling",
    "udbetalinger",
    "ausgang",
    "ausgaben",
    "uitgaven",
    "afschrijving",
    "belastung",
    "charge",
    "charges",
    "af",
    "dr",
];
const CREDIT_WORDS: &[&str] = &[
    "credit",
    "credits",
    "kredit",
    "haben",
    "deposit",
    "deposits",
    "deposited",
    "in",
    "haber",
    "abono",
    "abonos",
    "indbetaling",
    "indbetalinger",
    "eingang",
    "einnahmen",
    "inkomsten",
    "bijschrijving",
    "gutschrift",
    "bij",
    "cr",
];

/// Candidate roles of a header name, most likely first.
fn header_roles(header: &str) -> Vec<Role> {
    let norm = normalize(header);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let is = |list: &[&str]| list.contains(&norm.as_str());
    let mut roles = Vec::new();
    if words.is_empty() {
        return roles;
    }
    let not_money_words = [
        "card", "karte", "carte", "number", "nummer", "account", "konto", "compte", "cuenta",
        "rekening", "id", "no", "nr", "limit", "date", "datum",
    ];
    if (has(DEBIT_WORDS) && has(CREDIT_WORDS))
        || is(&[
            "credit debit indicator",
            "debit credit indicator",
            "cdtdbtind",
            "balance impact",
            "direction",
            "sign",
        ])
    {
        roles.push(Role::Direction);
    }
    if has(&[
        "posted",
        "posting",
        "valuta",
        "wertstellung",
        "valutadatum",
        "rentedatum",
        "valeur",
        "settlement",
        "settle",
        "valor",
    ]) || norm.contains("value date")
        || norm.contains("post date")
        || norm.contains("data valuta")
    {
        roles.push(Role::Posted);
    }
    if has(&[
        "date",
        "datum",
        "fecha",
        "data",
        "dato",
        "buchungstag",
        "buchungsdatum",
        "bogforingsdato",
        "transaktionsdato",
        "transactiedatum",
        "boekdatum",
        "dia",
    ]) || norm.ends_with("datum")
        || norm.ends_with("dato")
        || norm.ends_with("date")
    {
        roles.push(Role::Date);
    }
    if !has(&not_money_words) {
        if has(DEBIT_WORDS) || norm.contains("paid out") || norm.contains("money out") {
            roles.push(Role::Debit);
        }
        if has(CREDIT_WORDS) || norm.contains("paid in") || norm.contains("money in") {
            roles.push(Role::Credit);
        }
    }
    if has(&[
        "amount", "amt", "betrag", "montant", "importe", "belob", "bedrag", "valor", "sum",
        "summe", "umsatz", "net", "monto", "importo", "belopp", "belop", "kwota", "quantia",
    ]) {
        roles.push(Role::Amount);
    }
    if has(&["balance", "saldo", "solde", "kontostand", "balans"]) {
        roles.push(Role::Balance);
    }
    if has(&[
        "currency", "wahrung", "devise", "moneda", "valuta", "munt", "moeda", "ccy", "curr",
        "divisa",
    ]) {
        roles.push(Role::Currency);
    }
    if has(&["check", "cheque", "chk", "scheck", "schecknummer"]) {
        roles.push(Role::Check);
    }
    if is(&[
        "transaction id",
        "id",
        "fitid",
        "transaktions id",
        "transaction number",
        "trans id",
        "unique id",
        "transaktionsnummer",
        "buchungs id",
    ]) {
        roles.push(Role::BankId);
    }
    if has(&[
        "reference",
        "ref",
        "referenz",
        "referencia",
        "referentie",
        "kundenreferenz",
        "documento",
        "document",
        "beleg",
        "belegnummer",
        "referenzen",
    ]) || norm.contains("end to end")
    {
        roles.push(Role::Reference);
    }
    if is(&[
        "type",
        "transaction type",
        "buchungstext",
        "umsatzart",
        "tipo",
        "transaktionstype",
        "mutatiesoort",
        "code",
        "kind",
        "trans type",
        "type d operation",
        "tipo de operacion",
    ]) {
        roles.push(Role::Kind);
    }
    if has(&["category", "kategorie", "categorie", "categoria", "kategori", "rubrik"]) {
        roles.push(Role::Category);
    }
    if is(&["status", "state", "estado", "statut", "transaction status", "buchungsstatus"]) {
        roles.push(Role::Status);
    }
    if is(&[
        "account",
        "account number",
        "account name",
        "account id",
        "konto",
        "kontonummer",
        "auftragskonto",
        "compte",
        "numero de compte",
        "cuenta",
        "rekening",
        "rekeningnummer",
        "iban",
        "kontonr",
    ]) {
        roles.push(Role::Account);
    }
    if has(&[
        "original",
        "memo",
        "note",
        "notes",
        "notiz",
        "verwendungszweck",
        "mitteilung",
        "mededelingen",
        "remarks",
        "remark",
        "comment",
        "comments",
        "observaciones",
        "communication",
        "message",
        "purpose",
        "subject",
        "title",
        "info",
        "tekst",
    ]) {
        roles.push(Role::Memo);
    }
    if has(&[
        "payee",
        "beneficiary",
        "empfanger",
        "zahlungsempfanger",
        "merchant",
        "counterparty",
        "beneficiaire",
        "tiers",
        "beneficiario",
        "modtager",
        "naam",
        "name",
        "ontvanger",
        "begunstigter",
        "zahlungsbeteiligter",
        "zahlungsbeteiligten",
        "auftraggeber",
        "payer",
        "destinatario",
    ]) || norm.contains("counter party")
    {
        roles.push(Role::Payee);
    }
    if has(&[
        "description",
        "desc",
        "beschreibung",
        "libelle",
        "concepto",
        "details",
        "detail",
        "narrative",
        "narration",
        "omschrijving",
        "text",
        "historico",
        "descripcion",
        "descricao",
        "particulars",
        "transaction",
        "intitule",
        "summary",
        "wording",
        "buchungstext",
        "beskrivelse",
    ]) {
        roles.push(Role::Description);
    }
    roles
}

/// A row of names: at least two cells name a known role, one of them a date or money role,
/// and no cell reads as a date.
fn looks_like_header(cells: &[String]) -> bool {
    let formats = candidate_formats();
    if cells.iter().any(|c| formats.iter().any(|f| f.parse(c).is_some())) {
        return false;
    }
    let roles: Vec<Vec<Role>> = cells.iter().map(|c| header_roles(c)).collect();
    let known = roles.iter().filter(|r| !r.is_empty()).count();
    let key = roles.iter().flatten().any(|r| {
        matches!(
            r,
            Role::Date | Role::Posted | Role::Amount | Role::Debit | Role::Credit | Role::Balance
        )
    });
    known >= 2 && key
}

fn assign_by_name(header: &[String], columns: &[ColumnData], roles: &mut [Option<Role>]) {
    for (i, name) in header.iter().enumerate() {
        let Some(data) = columns.get(i) else { continue };
        for role in header_roles(name) {
            let taken = !role.is_many() && roles.contains(&Some(role));
            if taken || !data.fits(role) {
                continue;
            }
            if let Some(slot) = roles.get_mut(i) {
                *slot = Some(role);
            }
            break;
        }
    }
    // A "type" column of debit/credit words is the direction of unsigned amounts.
    let has_direction = roles.contains(&Some(Role::Direction));
    for (i, slot) in roles.iter_mut().enumerate() {
        if *slot == Some(Role::Kind)
            && !has_direction
            && columns.get(i).is_some_and(|c| c.directions)
        {
            *slot = Some(Role::Direction);
            break;
        }
    }
}

/// Fills what the names did not: dates, amounts (one signed column, or a money-out/money-in
/// pair), a balance that chains, a direction column.
fn assign_by_data(columns: &[ColumnData], roles: &mut [Option<Role>]) {
    let free = |roles: &[Option<Role>], i: usize| roles.get(i).is_some_and(Option::is_none);
    let has = |roles: &[Option<Role>], r: Role| roles.contains(&Some(r));
    if !has(roles, Role::Date) {
        let full = (0..columns.len())
            .find(|&i| free(roles, i) && columns.get(i).is_some_and(|c| c.dates && c.full()));
        let half = (0..columns.len()).find(|&i| {
            free(roles, i)
                && columns.get(i).is_some_and(|c| c.dates && c.values.len() * 2 >= c.rows)
        });
        if let Some(slot) = full.or(half).and_then(|i| roles.get_mut(i)) {
            *slot = Some(Role::Date);
        }
    }
    if !has(roles, Role::Posted) {
        if let Some(slot) = (0..columns.len())
            .find(|&i| free(roles, i) && columns.get(i).is_some_and(|c| c.dates && c.full()))
            .and_then(|i| roles.get_mut(i))
        {
            *slot = Some(Role::Posted);
        }
    }
    let money_roles = [Role::Amount, Role::Debit, Role::Credit];
    if !money_roles.iter().any(|r| has(roles, *r)) {
        let candidates: Vec<usize> = (0..columns.len())
            .filter(|&i| free(roles, i) && columns.get(i).is_some_and(|c| c.money_like))
            .collect();
        let zeros: Vec<Decimal> = Vec::new();
        let nums = |i: usize| -> &[Decimal] { columns.get(i).map_or(&zeros[..], |c| &c.nums[..]) };
        // A pair: in every row at most one of the two is non-zero, and each is somewhere.
        let pair = candidates.iter().enumerate().find_map(|(n, &a)| {
            candidates.iter().skip(n + 1).find_map(|&b| {
                let (x, y) = (nums(a), nums(b));
                let complementary = x.iter().zip(y).all(|(p, q)| p.is_zero() || q.is_zero());
                let both_used = x.iter().any(|d| !d.is_zero()) && y.iter().any(|d| !d.is_zero());
                (complementary && both_used).then_some((a, b))
            })
        });
        match pair {
            Some((a, b)) => {
                if let Some(slot) = roles.get_mut(a) {
                    *slot = Some(Role::Debit);
                }
                if let Some(slot) = roles.get_mut(b) {
                    *slot = Some(Role::Credit);
                }
            }
            None => {
                // One amount: filled in every row and signed, else filled, else signed, else the first.
                let pick = |full: bool, signed: bool| {
                    candidates.iter().copied().find(|&i| {
                        columns
                            .get(i)
                            .is_some_and(|c| (!full || c.full()) && (!signed || c.any_negative))
                    })
                };
                let choice =
                    pick(true, true).or_else(|| pick(true, false)).or_else(|| pick(false, true));
                if let Some(slot) =
                    choice.or_else(|| candidates.first().copied()).and_then(|i| roles.get_mut(i))
                {
                    *slot = Some(Role::Amount);
                }
            }
        }
        // A balance: a remaining candidate that chains with the amounts in file order or in reverse.
        if !has(roles, Role::Balance) {
            let rows = columns.first().map_or(0, |c| c.rows);
            let role_nums = |r: Role| roles.iter().position(|x| *x == Some(r)).map(nums);
            let amounts: Vec<Decimal> = (0..rows)
                .map(|k| {
                    let at =
                        |r: Role| role_nums(r).and_then(|v| v.get(k).copied()).unwrap_or_default();
                    at(Role::Amount) + at(Role::Credit) - at(Role::Debit).abs()
                })
                .collect();
            let chains = |i: usize| -> bool {
                let Some(c) = columns.get(i) else { return false };
                if !c.full() || rows < 2 {
                    return false;
                }
                let b = &c.nums;
                let forward = (1..rows).all(|k| match (b.get(k - 1), b.get(k), amounts.get(k)) {
                    (Some(p), Some(n), Some(a)) => *p + *a == *n,
                    _ => false,
                });
                let backward =
                    (1..rows).all(|k| match (b.get(k - 1), b.get(k), amounts.get(k - 1)) {
                        (Some(p), Some(n), Some(a)) => *n + *a == *p,
                        _ => false,
                    });
                forward || backward
            };
            if let Some(b) = candidates.iter().copied().find(|&i| free(roles, i) && chains(i)) {
                if let Some(slot) = roles.get_mut(b) {
                    *slot = Some(Role::Balance);
                }
            }
        }
    }
    if !has(roles, Role::Direction) {
        let d = (0..columns.len())
            .find(|&i| free(roles, i) && columns.get(i).is_some_and(|c| c.directions));
        if let Some(slot) = d.and_then(|i| roles.get_mut(i)) {
            *slot = Some(Role::Direction);
        }
    }
}

/// The free column with the longest text on average: the payee of a file without names.
fn longest_text(columns: &[ColumnData], roles: &[Option<Role>]) -> Option<usize> {
    let mut best: Option<(usize, TextLen)> = None;
    for (i, c) in columns.iter().enumerate() {
        if roles.get(i).is_some_and(Option::is_some)
            || c.dates
            || c.amounts
            || c.text_len.count == 0
        {
            continue;
        }
        if best.is_none_or(|(_, len)| c.text_len.above(len)) {
            best = Some((i, c.text_len));
        }
    }
    best.map(|(i, _)| i)
}

/// Whether the data starts at the first of `rows`: one of its cells is a date, and that
/// column reads as dates (one format) wherever it is filled, in at least half of the rows.
fn dates_start(rows: &[Row]) -> bool {
    let Some(first) = rows.first() else { return false };
    let formats = candidate_formats();
    first.cells.iter().enumerate().any(|(c, cell)| {
        if !formats.iter().any(|f| f.parse(cell).is_some()) {
            return false;
        }
        let values: Vec<(u64, &str)> = cells_of(rows, c).collect();
        values.len() * 2 >= rows.len()
            && matches!(detect_date_format(&values), Ok(_) | Err(Undecided::Ambiguous { .. }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn profile(date: usize, amount: usize) -> CsvProfile {
        CsvProfile {
            date: Some(Column::Index(date)),
            amount: Some(Column::Index(amount)),
            ..CsvProfile::default()
        }
    }

    #[test]
    fn money_cells() {
        let cases = [
            ("-$76.00", NumberStyle::DOT_COMMA, dec!(-76.00)),
            ("($85.00)", NumberStyle::DOT, dec!(-85.00)),
            ("$.23", NumberStyle::DOT, dec!(0.23)),
            ("+$327.49", NumberStyle::DOT, dec!(327.49)),
            ("£500.00", NumberStyle::DOT, dec!(500.00)),
            ("1234,37 EUR", NumberStyle::COMMA, dec!(1234.37)),
            ("- $21.59", NumberStyle::DOT, dec!(-21.59)),
            ("R$ 1.234,56", NumberStyle::COMMA_DOT, dec!(1234.56)),
            ("100,00 kr.", NumberStyle::COMMA, dec!(100.00)),
            ("(EUR 12.00)", NumberStyle::DOT, dec!(-12.00)),
            ("12,50 €", NumberStyle::COMMA, dec!(12.50)),
        ];
        for (text, style, want) in cases {
            assert_eq!(parse_money(text, style), Ok(want), "{text}");
        }
        for bad in ["8.10 SGD @ .976500000000", "Total 5.00", "1e5", "abc", "", "$", "12.5.1"] {
            assert!(parse_money(bad, NumberStyle::DOT).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn dates_with_times_and_zones() {
        let f = DateFormat::new("%Y-%m-%d").unwrap_or_else(|| panic!("format"));
        assert_eq!(f.parse("2002-09-10T23:00:04"), Some(day(2002, 9, 10)));
        assert_eq!(f.parse("2024-01-31 10:22"), Some(day(2024, 1, 31)));
        assert_eq!(f.parse("2024-01-31 and more"), None);
        let f = DateFormat::new("%Y%m%d%H%M%S").unwrap_or_else(|| panic!("format"));
        assert_eq!(f.parse("20091224120000[0:GMT]"), Some(day(2009, 12, 24)));
        let f = DateFormat::new("%d/%m/%y").unwrap_or_else(|| panic!("format"));
        assert_eq!(
            f.parse("24/12/2009"),
            None,
            "two-digit year must not swallow half of a four-digit one"
        );
    }

    #[test]
    fn date_detection_refuses_ambiguity() {
        let v = [(1, "02/12/2009"), (2, "03/11/2009")];
        match detect_date_format(&v) {
            Err(Undecided::Ambiguous { line, value, a, b }) => {
                assert_eq!((line, value.as_str()), (1, "02/12/2009"));
                assert_eq!((a.as_str(), b.as_str()), ("%d/%m/%Y", "%m/%d/%Y"));
            }
            other => panic!("expected ambiguity, got {other:?}"),
        }
        let v = [(1, "02/12/2009"), (2, "24/12/2009")];
        assert_eq!(detect_date_format(&v).map(|f| f.text).ok().as_deref(), Some("%d/%m/%Y"));
        let v = [(1, "10-Nov-9"), (2, "28-Oct-10")];
        assert_eq!(detect_date_format(&v).map(|f| f.text).ok().as_deref(), Some("%d-%b-%y"));
        let v = [(1, "2024-01-31"), (7, "soon")];
        assert!(matches!(detect_date_format(&v), Err(Undecided::NoFit { line: 7, .. })));
    }

    #[test]
    fn number_style_detection() {
        let v = [(1, "-18,00"), (2, "+120,00")];
        assert_eq!(detect_number_style(&v).ok(), Some(NumberStyle::COMMA_DOT));
        let v = [(1, "$1,750.06"), (2, "-$76.00")];
        assert_eq!(detect_number_style(&v).ok(), Some(NumberStyle::DOT_COMMA));
        let v = [(1, "1,234"), (2, "2,500")];
        assert!(matches!(detect_number_style(&v), Err(Undecided::Ambiguous { line: 1, .. })));
        let v = [(1, "1 234,56")];
        assert_eq!(
            detect_number_style(&v).ok(),
            Some(NumberStyle { decimal: ',', thousands: Some(' ') })
        );
    }

    #[test]
    fn a_plain_file() {
        let csv = b"Date,Payee,Amount\n2024-01-02,Bakery,-3.50\n2024-01-03,Salary,1000.00\n";
        let p = CsvProfile {
            date: Some("Date".into()),
            amount: Some("Amount".into()),
            payee: vec!["Payee".into()],
            ..CsvProfile::default()
        };
        let s = parse(csv, "a.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.len(), 1);
        let lines = &s[0].lines;
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].line, lines[0].date, lines[0].amount),
            (2, day(2024, 1, 2), dec!(-3.50))
        );
        assert_eq!(lines[1].payee.as_deref(), Some("Salary"));
    }

    #[test]
    fn errors_name_file_line_column_value() {
        let csv = b"Date;Betrag\n01.02.2024;12,50\n02.02.2024;12.5.0\n";
        let p = CsvProfile {
            date: Some("Date".into()),
            amount: Some("Betrag".into()),
            number_style: Some(NumberStyle::COMMA_DOT),
            ..CsvProfile::default()
        };
        let err = parse(csv, "k.csv", &p).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with("k.csv:3: Betrag:"), "{err}");
        assert!(err.contains("'12.5.0'"), "{err}");

        let csv = b"01.02.2024,1.00\n2024-02-02,1.00\n";
        let p = CsvProfile { date_format: Some("%d.%m.%Y".into()), ..profile(0, 1) };
        let err = parse(csv, "d.csv", &p).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(err, "d.csv:2: column 0: not a date in the format %d.%m.%Y ('2024-02-02')");
    }

    #[test]
    fn ambiguous_dates_are_refused_at_parse() {
        let csv = b"02/12/2009,1.00\n03/11/2009,2.00\n";
        let err =
            parse(csv, "x.csv", &profile(0, 1)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("x.csv:1: column 0:") && err.contains("ambiguous"), "{err}");
        let p = CsvProfile { date_format: Some("%m/%d/%Y".into()), ..profile(0, 1) };
        let s = parse(csv, "x.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].lines[0].date, day(2009, 2, 12));
    }

    #[test]
    fn profile_errors() {
        let none = CsvProfile::default();
        assert_eq!(parse(b"", "p", &none).err().map(|e| e.code()), Some("invalid_field"));
        let both = CsvProfile { debit: Some(2.into()), ..profile(0, 1) };
        assert_eq!(parse(b"", "p", &both).err().map(|e| e.code()), Some("invalid_field"));
        let bad_fmt = CsvProfile { date_format: Some("%Q".into()), ..profile(0, 1) };
        assert_eq!(parse(b"", "p", &bad_fmt).err().map(|e| e.code()), Some("invalid_field"));
        let delim = CsvProfile { delimiter: Some('§'), ..profile(0, 1) };
        assert_eq!(parse(b"", "p", &delim).err().map(|e| e.code()), Some("invalid_field"));
        let missing = CsvProfile { date: Some("Datum".into()), ..profile(0, 1) };
        let err = parse(b"Date,Amount\n2024-01-01,1\n", "h.csv", &missing)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(err, "h.csv:1: date: no column of this name in the header ('Datum')");
    }

    #[test]
    fn debit_credit_and_direction() {
        let csv = b"2024-01-01,20.00,\n2024-01-02,,500.00\n2024-01-03,-3.00,\n";
        let p = CsvProfile {
            date: Some(0.into()),
            debit: Some(1.into()),
            credit: Some(2.into()),
            ..CsvProfile::default()
        };
        let s = parse(csv, "s.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        let amounts: Vec<Decimal> = s[0].lines.iter().map(|l| l.amount).collect();
        assert_eq!(
            amounts,
            [dec!(-20.00), dec!(500.00), dec!(3.00)],
            "unsigned: a negative out is a reversal"
        );
        let signed = CsvProfile { split_signs: SplitSigns::Signed, ..p };
        let csv = b"2024-01-01,-20.00,\n2024-01-02,,+500.00\n";
        let s = parse(csv, "s.csv", &signed).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s[0].lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
            [dec!(-20.00), dec!(500.00)]
        );

        let p = CsvProfile { direction: Some(Direction::new(2)), ..profile(0, 1) };
        let s = parse(b"20240101,5.00,Af\n20240102,7.00,BIJ\n20240103,-2.00,S\n", "d.csv", &p)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s[0].lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
            [dec!(-5.00), dec!(7.00), dec!(-2.00)]
        );
        let err = parse(b"20240101,-5.00,Bij\n", "d.csv", &p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("d.csv:1: column 2:") && err.contains("negative"), "{err}");
        let err = parse(b"20240101,5.00,maybe\n", "d.csv", &p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("'maybe'"), "{err}");
    }

    #[test]
    fn inverted_card_and_balances() {
        let csv = b"2024-01-01,30.00,130.00\n2024-01-02,-100.00,30.00\n";
        let p = CsvProfile {
            amount_sign: AmountSign::Inverted,
            balance: Some(2.into()),
            ..profile(0, 1)
        };
        let s = parse(csv, "c.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        let l = &s[0].lines;
        assert_eq!((l[0].amount, l[0].balance), (dec!(-30.00), Some(dec!(-130.00))));
        assert_eq!(
            s[0].closing_balance,
            Some(StatedBalance { amount: dec!(-30.00), date: day(2024, 1, 2), currency: None })
        );
        // Newest first: the closing balance is the first line's.
        let csv = b"2024-01-02,-5.00,95.00\n2024-01-01,100.00,100.00\n";
        let p = CsvProfile {
            balance: Some(2.into()),
            account_currency: Some("EUR".into()),
            ..profile(0, 1)
        };
        let s = parse(csv, "n.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s[0].closing_balance,
            Some(StatedBalance {
                amount: dec!(95.00),
                date: day(2024, 1, 2),
                currency: Some("EUR".into())
            })
        );
        // Balances that do not chain claim nothing.
        let csv = b"2024-01-01,1.00,5.00\n2024-01-02,1.00,9.00\n";
        let s = parse(csv, "n.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].closing_balance, None);
    }

    #[test]
    fn accounts_split_statements() {
        let csv = b"A,2024-01-01,1.00\nB,2024-01-02,2.00\nA,2024-01-03,3.00\n";
        let p = CsvProfile { account: Some(0.into()), ..profile(1, 2) };
        let s = parse(csv, "m.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].account.account_id.as_deref(), Some("A"));
        assert_eq!(s[0].lines.iter().map(|l| l.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(s[1].account.account_id.as_deref(), Some("B"));
    }

    #[test]
    fn encodings() {
        let latin = b"2024-01-01;Caf\xe9 \x80;1,00\n";
        let p = CsvProfile { payee: vec![1.into()], ..profile(0, 2) };
        let s = parse(latin, "l.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].lines[0].payee.as_deref(), Some("Café €"), "detected as Windows-1252");
        let iso = CsvProfile { encoding: Some(Encoding::Latin1), ..p.clone() };
        let s = parse(latin, "l.csv", &iso).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].lines[0].payee.as_deref(), Some("Café \u{80}"));
        let utf8 = CsvProfile { encoding: Some(Encoding::Utf8), ..p.clone() };
        let err = parse(latin, "l.csv", &utf8).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with("l.csv:1: column 1: not UTF-8"), "{err}");
        let bom = "\u{feff}2024-01-01;Café;1,00\n".as_bytes();
        let s = parse(bom, "b.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].lines[0].payee.as_deref(), Some("Café"));
        let err = parse(b"\xff\xfe2\x000\x00", "u.csv", &p).err().map(|e| e.code());
        assert_eq!(err, Some("unreadable_file"));
    }

    #[test]
    fn skipped_rows_and_lines() {
        let csv =
            b"Account 123\n\nDate;Amount\n2024-01-01;1,00\n;\n\n;;\n\n2024-01-02;2,00\nTotal;\n";
        let p = CsvProfile {
            skip_rows: 2,
            date: Some("Date".into()),
            amount: Some("Amount".into()),
            date_format: Some("%Y-%m-%d".into()),
            number_style: Some(NumberStyle::COMMA),
            ..CsvProfile::default()
        };
        let err = parse(csv, "t.csv", &p).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            err, "t.csv:10: Date: not a date in the format %Y-%m-%d ('Total')",
            "blank lines are counted"
        );
        let csv = b"Account 123\n\nDate;Amount\n2024-01-01;1,00\n;\n\n;;\n\n2024-01-02;2,00\n";
        let s = parse(csv, "t.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].lines.iter().map(|l| l.line).collect::<Vec<_>>(), [4, 9]);
    }

    #[test]
    fn streaming_from_a_reader() {
        let mut csv = String::from("date,amount,payee\n");
        for i in 0..5000 {
            csv.push_str(&format!("2024-01-{:02},{}.{:02},Shop   {i}\n", i % 28 + 1, i, i % 100));
        }
        let p = CsvProfile {
            payee: vec!["payee".into()],
            date: Some("date".into()),
            amount: Some("amount".into()),
            ..CsvProfile::default()
        };
        let mut n = 0u64;
        let mut last = None;
        let heads =
            for_each_line(std::io::Cursor::new(csv.into_bytes()), "big.csv", &p, |_, line| {
                n += 1;
                last = Some(line);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((n, heads.len()), (5000, 1));
        let last = last.unwrap_or_else(|| panic!("lines"));
        assert_eq!(
            (last.line, last.amount, last.payee.as_deref()),
            (5001, dec!(4999.99), Some("Shop 4999"))
        );
    }

    #[test]
    fn profile_round_trips_through_json() {
        let p = CsvProfile {
            name: "ING".into(),
            delimiter: Some(';'),
            date: Some("Datum".into()),
            amount: Some(6.into()),
            direction: Some(Direction::new("Af Bij")),
            number_style: Some(NumberStyle::COMMA),
            payee: vec![1.into(), "Naam".into()],
            ..CsvProfile::default()
        };
        let json = serde_json::to_string(&p).unwrap_or_default();
        let back: CsvProfile =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(back, p);
        let short: CsvProfile =
            serde_json::from_str(r#"{"date": 0, "amount": "Betrag", "amount_sign": "inverted"}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(short.date, Some(Column::Index(0)));
        assert_eq!(short.amount_sign, AmountSign::Inverted);
    }

    #[test]
    fn header_names() {
        assert_eq!(header_roles("Buchungstag").first(), Some(&Role::Date));
        assert_eq!(header_roles("Valutadatum").first(), Some(&Role::Posted));
        assert_eq!(header_roles("Betrag (EUR)").first(), Some(&Role::Amount));
        assert_eq!(header_roles("Soll/Haben").first(), Some(&Role::Direction));
        assert_eq!(header_roles("Af Bij").first(), Some(&Role::Direction));
        assert_eq!(header_roles("Soll").first(), Some(&Role::Debit));
        assert_eq!(header_roles("Haben").first(), Some(&Role::Credit));
        assert_eq!(header_roles("Withdrawal Amount").first(), Some(&Role::Debit));
        assert_eq!(header_roles("Montant de l'opération").first(), Some(&Role::Amount));
        assert_eq!(header_roles("Libellé").first(), Some(&Role::Description));
        assert_eq!(header_roles("Empfänger").first(), Some(&Role::Payee));
        assert_eq!(header_roles("Beløb").first(), Some(&Role::Amount));
        assert_eq!(header_roles("Fecha").first(), Some(&Role::Date));
        assert_eq!(header_roles("Importe").first(), Some(&Role::Amount));
        assert_eq!(header_roles("Concepto").first(), Some(&Role::Description));
        assert_eq!(header_roles("Saldo").first(), Some(&Role::Balance));
        assert_eq!(header_roles("Solde").first(), Some(&Role::Balance));
        assert_eq!(header_roles("Credit Card Number").first(), None);
    }

    #[test]
    fn suggestion_of_a_german_export() {
        let csv = "Kontoauszug\nKonto: DE12 3456\n\nBuchungstag;Valuta;Empfänger;Verwendungszweck;Betrag;Saldo\n\
                   02.01.2024;03.01.2024;Bäckerei;Brötchen;-3,50;996,50\n\
                   15.01.2024;15.01.2024;Arbeitgeber;Gehalt;1.500,00;2.496,50\n";
        let p = suggest_profile(csv.as_bytes(), "de.csv").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.delimiter, p.skip_rows, p.has_header), (Some(';'), 3, Some(true)));
        assert_eq!(p.date, Some("Buchungstag".into()));
        assert_eq!(p.posted_date, Some("Valuta".into()));
        assert_eq!(p.amount, Some("Betrag".into()));
        assert_eq!(p.balance, Some("Saldo".into()));
        assert_eq!(p.payee, vec![Column::from("Empfänger")]);
        assert_eq!(p.memo, vec![Column::from("Verwendungszweck")]);
        assert_eq!(p.date_format.as_deref(), Some("%d.%m.%Y"));
        assert_eq!(p.number_style, Some(NumberStyle::COMMA_DOT));
        let s = parse(csv.as_bytes(), "de.csv", &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s[0].lines[1].amount, dec!(1500.00));
        assert_eq!(s[0].closing_balance.as_ref().map(|b| b.amount), Some(dec!(2496.50)));
    }

    #[test]
    fn suggestion_refuses_a_file_without_dates() {
        let err = suggest_profile(b"entry1,entry2,entry3\nentry4,entry5,entry6\n", "s.csv")
            .err()
            .map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("s.csv: no column holds a date in every row"));
    }
}
