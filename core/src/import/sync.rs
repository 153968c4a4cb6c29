//! Bank-sync payloads: the JSON that aggregators deliver, read into [`Statement`]s.
//!
//! Three shapes are read ([`detect`] tells them apart):
//!
//! - **Plaid** `/transactions/sync` pages ([`parse_plaid_page`] → [`SyncPage`]): `added`,
//!   `modified`, `removed`, `accounts`, `next_cursor`, `has_more`.
//! - **GoCardless** (Nordigen) account transactions ([`parse_gocardless`]):
//!   `{"transactions": {"booked": [...], "pending": [...]}}`.
//! - **SimpleFIN** account sets ([`parse_simplefin`]): `{"errors": [...], "accounts": [...]}`.
//!
//! The payloads are read without a DOM: each list entry is kept as its raw JSON text
//! (`serde_json`'s `RawValue`) and its fields are read one by one, so an error names the entry
//! and the field. Amounts are read from the JSON text itself (a number such as `12.5` or a string
//! such as `"-10.00"`) with [`parse_amount`]: never through a float, the scale as written.
//! Text fields are trimmed (banks pad fixed-width fields with blanks) and a blank or `null`
//! field counts as absent.
//!
//! # Lines and errors
//!
//! [`StatementLine::line`] is the entry's 1-based position in its own list (`added`,
//! `modified`, `booked`, `pending`, an account's `transactions`). An error is a
//! [`FileError::Malformed`] whose line is that position and whose field is the path of the
//! field: `added.amount`, `booked.transactionAmount.amount`, and for SimpleFIN, where lists
//! nest, `accounts[2].transactions.posted` (the `[2]` is the account's 1-based position too).
//! A payload that is not JSON, or not of the shape asked for, is [`FileError::Unreadable`].
//!
//! # Plaid
//!
//! Plaid's amounts are positive when money leaves the account; they are negated here
//! (positive = into the account, as every [`StatementLine`]).
//!
//! | Plaid | [`StatementLine`] |
//! |---|---|
//! | `authorized_date`, else `date` | `date` (when it happened) |
//! | `date` of a posted line | `posted_date` (`None` for a pending line: its `date` is not a posting date) |
//! | `amount` | `amount`, negated |
//! | `iso_currency_code`, else `unofficial_currency_code` | `currency` |
//! | `merchant_name`, else `name` | `payee` |
//! | `original_description`, else `name` | `memo` |
//! | `transaction_id` | `bank_id` |
//! | `check_number` | `check_number` |
//! | `payment_meta.reference_number` | `reference` |
//! | `transaction_code`, else `payment_channel` | `kind` |
//! | `pending` | `pending` |
//! | `pending_transaction_id` | `pending_id` |
//! | `personal_finance_category.detailed`, else `.primary`, else legacy `category` joined with `:` | `category` |
//!
//! `datetime` and `authorized_datetime` are not read: the `date` fields already give the civil
//! dates. Per Plaid's sync semantics, a pending transaction that posts arrives as a `removed`
//! entry (the pending id) plus an `added` line whose `pending_id` names it; the caller keeps
//! paging while `has_more` and saves `next_cursor` only from the last page (after a
//! `TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION` error it restarts from the run's first
//! cursor). A Plaid error response (`error_code`) given as a page is refused, naming the code.
//!
//! Accounts (`accounts`, sent by current API versions) give [`SyncAccount`]s: `account_id`,
//! `name` (else `official_name`), `subtype` (else `type`), the balances' currency, and
//! `balances.current` signed as a statement balance (Plaid states what a `credit` or `loan`
//! account owes as a positive number: it is negated).
//!
//! # GoCardless
//!
//! Amounts are signed as Tally's (positive = in) and kept as they are. `booked` lines come
//! first, then `pending` lines (flagged [`StatementLine::pending`]), each numbered within its list.
//!
//! | GoCardless | [`StatementLine`] |
//! |---|---|
//! | `bookingDate`, else date of `bookingDateTime`, else `valueDate`, else date of `valueDateTime` | `date` |
//! | `bookingDate`, else date of `bookingDateTime` | `posted_date` |
//! | `transactionAmount.amount` / `.currency` | `amount` / `currency` |
//! | money out: `creditorName`, else `ultimateCreditor`, else `debtorName`, else `ultimateDebtor`; money in: the same with debtor and creditor swapped | `payee` |
//! | `remittanceInformationUnstructured`, else `remittanceInformationUnstructuredArray` joined with spaces, else `remittanceInformationStructured`, else `remittanceInformationStructuredArray` joined, else `additionalInformation` | `memo` |
//! | `transactionId`, else `internalTransactionId`, else `entryReference` | `bank_id` |
//! | `endToEndId` (not the SEPA placeholder `NOTPROVIDED`), else `entryReference` when not the `bank_id` | `reference` |
//! | `checkId` | `check_number` |
//! | `bankTransactionCode`, else `proprietaryBankTransactionCode` | `kind` |
//! | `balanceAfterTransaction.balanceAmount.amount` | `balance` |
//!
//! The payee falls back to the other side's name because banks put the counterparty on either
//! side (a card refund booked with the merchant as `debtorName`, a card payment with it as
//! `debtorName` too). GoCardless ids are not always present: many banks send no
//! `transactionId`, some only an `internalTransactionId` (which may change between fetches),
//! some none at all, so `bank_id` can be `None` and the importer must fall back to matching on
//! date, amount and text. The value date has no field of its own in a [`StatementLine`]: it only
//! dates a line that has no booking date. An entry that states no date at all (some banks'
//! pending entries) is an error unless [`SyncOptions::date_if_missing`] gives one. The
//! transactions endpoint names no account, so the statement's account is empty.
//!
//! # SimpleFIN
//!
//! Amounts are signed as Tally's (positive = deposit). SimpleFIN's `posted`, `transacted_at`
//! and `balance-date` are UTC Unix timestamps (seconds): they become the UTC civil date.
//! A `posted` of `0` means "not posted yet" (SimpleFIN sends it for pending lines).
//!
//! | SimpleFIN | Tally |
//! |---|---|
//! | account `id`, `name`, `currency` (an ISO code, or a URL for a custom currency: kept as written) | [`StatementAccount`] `account_id`, `name`, `currency` |
//! | `org.id`, else `org.domain` | `account.bank_id` |
//! | `balance` at `balance-date` | `closing_balance` |
//! | `transacted_at`, else `posted` | `date` |
//! | `posted` (unless `0`) | `posted_date` |
//! | `amount` | `amount` |
//! | `payee`, else `description` | `payee` |
//! | `memo`, else `description` | `memo` |
//! | `id` | `bank_id` |
//! | `pending` | `pending` |
//!
//! The top-level `errors` messages, `available-balance`, `holdings` and `extra` are not read.
//!
//! [`parse_amount`]: super::amount::parse_amount

use super::amount::{parse_amount, NumberStyle};
use super::{StatedBalance, Statement, StatementAccount, StatementFormat, StatementLine};
use crate::files::FileError;
use crate::Result;
use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// How to read a payload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// The payload's format ([`StatementFormat::Plaid`], [`StatementFormat::GoCardless`] or
    /// [`StatementFormat::SimpleFin`]); `None` detects it ([`detect`]).
    pub format: Option<StatementFormat>,
    /// The date given to an entry that states none (a GoCardless entry without booking or
    /// value date, a SimpleFIN pending line with neither `transacted_at` nor `posted`). A sync
    /// client passes the day it fetched the payload. `None`: such an entry is an error.
    pub date_if_missing: Option<NaiveDate>,
}

/// A line of a Plaid page with the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncLine {
    /// Plaid's `account_id`.
    pub account_id: String,
    /// The transaction.
    pub line: StatementLine,
}

/// A transaction a Plaid page removes (an `removed` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedLine {
    /// 1-based position in `removed`.
    pub line: u64,
    /// Plaid's `account_id` (older API versions do not send it).
    pub account_id: Option<String>,
    /// The removed `transaction_id` (the [`StatementLine::bank_id`] it was imported with).
    pub bank_id: String,
}

/// An account of a Plaid page (`accounts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncAccount {
    /// 1-based position in `accounts`.
    pub line: u64,
    /// `account_id`, name, subtype (else type) and currency.
    pub account: StatementAccount,
    /// Plaid's `type` (`depository`, `credit`, `loan`, `investment`, `other`).
    pub plaid_type: Option<String>,
    /// Last digits of the account number (`mask`).
    pub mask: Option<String>,
    /// `balances.current`, signed as a statement balance (negated for `credit` and `loan`).
    pub current: Option<Decimal>,
    /// `balances.available` as Plaid states it (funds, or credit, available to spend).
    pub available: Option<Decimal>,
    /// `balances.limit` (credit limit, or overdraft limit).
    pub limit: Option<Decimal>,
    /// Civil date of `balances.last_updated_datetime`, where Plaid gives it.
    pub as_of: Option<NaiveDate>,
}

/// One page of Plaid's `/transactions/sync`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncPage {
    /// New transactions.
    pub added: Vec<SyncLine>,
    /// Transactions that changed: each replaces the line with the same
    /// [`StatementLine::bank_id`].
    pub modified: Vec<SyncLine>,
    /// Transactions to delete.
    pub removed: Vec<RemovedLine>,
    /// The item's accounts, with balances.
    pub accounts: Vec<SyncAccount>,
    /// Cursor for the next call; store it only once `has_more` is false.
    pub next_cursor: Option<String>,
    /// More pages follow (an absent `has_more` is false).
    pub has_more: bool,
    /// `transactions_update_status` (`HISTORICAL_UPDATE_COMPLETE`, ...).
    pub update_status: Option<String>,
}

impl SyncPage {
    /// The page's accounts and `added` lines as statements: one per account, in the order of
    /// `accounts`, then accounts met only in `added`, in order of first appearance. Each
    /// statement's closing balance is the account's `current` balance when Plaid dates it.
    /// `modified` and `removed` are not statements: read them from the page.
    pub fn into_statements(self, file: &str) -> Vec<Statement> {
        let mut out: Vec<Statement> = self
            .accounts
            .into_iter()
            .map(|a| {
                let mut st = Statement::new(StatementFormat::Plaid, file);
                if let (Some(amount), Some(date)) = (a.current, a.as_of) {
                    st.closing_balance =
                        Some(StatedBalance { amount, date, currency: a.account.currency.clone() });
                }
                st.account = a.account;
                st
            })
            .collect();
        let mut last = usize::MAX;
        for SyncLine { account_id, line } in self.added {
            let same = |st: &Statement| st.account.account_id.as_deref() == Some(&account_id);
            if !out.get(last).is_some_and(same) {
                last = match out.iter().position(same) {
                    Some(i) => i,
                    None => {
                        let mut st = Statement::new(StatementFormat::Plaid, file);
                        st.account.account_id = Some(account_id.clone());
                        out.push(st);
                        out.len() - 1
                    }
                };
            }
            if let Some(st) = out.get_mut(last) {
                st.lines.push(line);
            }
        }
        out
    }
}

/// Reads a bank-sync payload into statements, in file order.
///
/// Plaid: [`SyncPage::into_statements`] of [`parse_plaid_page`]; a page with `modified` or
/// `removed` entries is refused (they are changes to lines already imported, which a statement
/// cannot carry: read such a page with [`parse_plaid_page`]). GoCardless: one statement.
/// SimpleFIN: one statement per account.
///
/// # Errors
///
/// `unreadable_file` when the bytes are not one of the three payloads (or not the one
/// `options.format` names); `malformed_line` naming the entry, the field and its text.
pub fn parse(bytes: &[u8], file: &str, options: &SyncOptions) -> Result<Vec<Statement>> {
    let format = match options.format {
        Some(f) => f,
        None => detect(bytes).ok_or_else(|| {
            FileError::unreadable(file, "not a Plaid, GoCardless or SimpleFIN payload")
        })?,
    };
    match format {
        StatementFormat::Plaid => {
            let page = parse_plaid_page(bytes, file)?;
            if !page.modified.is_empty() || !page.removed.is_empty() {
                return Err(FileError::unreadable(
                    file,
                    format!(
                        "a Plaid page with {} modified and {} removed transactions: read it with \
                         parse_plaid_page, which keeps them",
                        page.modified.len(),
                        page.removed.len()
                    ),
                )
                .into());
            }
            Ok(page.into_statements(file))
        }
        StatementFormat::GoCardless => gocardless(bytes, file, options.date_if_missing),
        StatementFormat::SimpleFin => simplefin(bytes, file, options.date_if_missing),
        other => Err(FileError::unreadable(
            file,
            format!("{} is not a bank-sync format", other.as_str()),
        )
        .into()),
    }
}

/// Which of the three payloads `bytes` hold, from the keys of the top-level object: Plaid when
/// it has `next_cursor`, `has_more` or an `added` list; GoCardless when `transactions` is an
/// object with `booked` or `pending`; SimpleFIN when `accounts` is a list and there is no
/// top-level `transactions`, with an `errors` key or a first account carrying `balance-date`
/// or `org`. `None` for anything else (a Plaid `/transactions/get` response, not JSON).
pub fn detect(bytes: &[u8]) -> Option<StatementFormat> {
    #[derive(Deserialize)]
    struct Shape<'a> {
        #[serde(borrow)]
        added: Raw<'a>,
        #[serde(borrow)]
        next_cursor: Raw<'a>,
        #[serde(borrow)]
        has_more: Raw<'a>,
        #[serde(borrow)]
        transactions: Raw<'a>,
        #[serde(borrow)]
        accounts: Raw<'a>,
        #[serde(borrow)]
        errors: Raw<'a>,
    }
    #[derive(Deserialize)]
    struct SimpleFinAccount<'a> {
        #[serde(borrow, rename = "balance-date")]
        balance_date: Raw<'a>,
        #[serde(borrow)]
        org: Raw<'a>,
    }
    let text = json_text(bytes);
    if text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    let shape: Shape<'_> = serde_json::from_slice(text).ok()?;
    let starts = |raw: Raw<'_>, c: u8| raw.is_some_and(|r| r.get().as_bytes().first() == Some(&c));
    if shape.next_cursor.is_some() || shape.has_more.is_some() || starts(shape.added, b'[') {
        return Some(StatementFormat::Plaid);
    }
    if let Some(t) = shape.transactions.filter(|t| t.get().starts_with('{')) {
        let lists: GcLists<'_> = serde_json::from_str(t.get()).ok()?;
        return (lists.booked.is_some() || lists.pending.is_some())
            .then_some(StatementFormat::GoCardless);
    }
    if shape.transactions.is_none() && starts(shape.accounts, b'[') {
        if shape.errors.is_some() {
            return Some(StatementFormat::SimpleFin);
        }
        let accounts: Vec<&RawValue> = serde_json::from_str(shape.accounts?.get()).ok()?;
        let first: SimpleFinAccount<'_> = serde_json::from_str(accounts.first()?.get()).ok()?;
        return (first.balance_date.is_some() || first.org.is_some())
            .then_some(StatementFormat::SimpleFin);
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Reading fields

/// A field as its raw JSON text (`None` when absent or `null`).
type Raw<'a> = Option<&'a RawValue>;

/// The JSON text without a UTF-8 byte-order mark.
fn json_text(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The top-level object of a payload.
fn top<'a, T: Deserialize<'a>>(bytes: &'a [u8], file: &str, what: &str) -> Result<T> {
    serde_json::from_slice(json_text(bytes))
        .map_err(|e| FileError::unreadable(file, format!("not a {what} payload: {e}")).into())
}

/// The entries of a top-level list (empty when absent).
fn list<'a>(file: &str, name: &str, raw: Raw<'a>) -> Result<Vec<&'a RawValue>> {
    match raw {
        None => Ok(Vec::new()),
        Some(r) => serde_json::from_str(r.get()).map_err(|_| {
            FileError::unreadable(file, format!("{name}: not a list ('{}')", clip(r.get()))).into()
        }),
    }
}

/// At most 120 characters of `text`, for an error.
fn clip(text: &str) -> &str {
    match text.char_indices().nth(120) {
        Some((i, _)) => text.get(..i).unwrap_or(text),
        None => text,
    }
}

/// The contents of a JSON string, `None` when the value is not a string.
fn string_of(raw: &RawValue) -> Option<Cow<'_, str>> {
    let s = raw.get();
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(s).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// A civil date `YYYY-MM-DD`, alone or at the start of a timestamp (`2023-12-09T15:43:37.950`,
/// `2024-01-02T10:00:00+01:00`): the date as written, never shifted.
fn civil_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 || !matches!(b.get(10), None | Some(b'T' | b't' | b' ')) {
        return None;
    }
    let digit = |i: usize| b.get(i).filter(|c| c.is_ascii_digit()).map(|c| u32::from(c - b'0'));
    let num = |from: usize, to: usize| (from..to).try_fold(0u32, |n, i| Some(n * 10 + digit(i)?));
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(num(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)
}

/// Where an entry is: file, 1-based position in its list, and the list's path.
struct Cx<'f> {
    file: &'f str,
    line: u64,
    list: &'f str,
}

impl Cx<'_> {
    fn err(&self, field: &str, value: &str, reason: &str) -> crate::Error {
        let path = if field.is_empty() {
            self.list.to_owned()
        } else if self.list.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{}", self.list, field)
        };
        FileError::malformed(self.file, self.line, &path, clip(value), reason).into()
    }

    /// The entry itself, or a nested object, read into its fields.
    fn object<'a, T: Deserialize<'a>>(&self, field: &str, raw: &'a RawValue) -> Result<T> {
        serde_json::from_str(raw.get()).map_err(|e| {
            let reason = if raw.get().starts_with('{') {
                format!("not a valid object: {e}")
            } else {
                "not an object".to_owned()
            };
            self.err(field, raw.get(), &reason)
        })
    }

    fn nested<'a, T: Deserialize<'a>>(&self, field: &str, raw: Raw<'a>) -> Result<Option<T>> {
        raw.map(|r| self.object(field, r)).transpose()
    }

    /// A text field: a string (trimmed; blank = absent) or a number's text.
    fn text(&self, field: &str, raw: Raw<'_>) -> Result<Option<String>> {
        let Some(r) = raw else { return Ok(None) };
        match string_of(r) {
            Some(s) => {
                let t = s.trim();
                Ok((!t.is_empty()).then(|| t.to_owned()))
            }
            None if r.get().starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
                Ok(Some(r.get().to_owned()))
            }
            None => Err(self.err(field, r.get(), "not a string")),
        }
    }

    fn required_text(&self, field: &str, raw: Raw<'_>) -> Result<String> {
        self.text(field, raw)?.ok_or_else(|| self.err(field, "", "missing"))
    }

    /// A list of strings joined with spaces (blank items skipped; an empty result is absent).
    fn joined(&self, field: &str, raw: Raw<'_>) -> Result<Option<String>> {
        let Some(r) = raw else { return Ok(None) };
        let items: Vec<&RawValue> =
            serde_json::from_str(r.get()).map_err(|_| self.err(field, r.get(), "not a list"))?;
        let mut out = String::new();
        for item in items {
            if let Some(t) = self.text(field, Some(item))? {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&t);
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }

    /// An amount: a JSON number or a numeric string, read exactly.
    fn amount(&self, field: &str, raw: Raw<'_>) -> Result<Option<Decimal>> {
        let Some(r) = raw else { return Ok(None) };
        let text = string_of(r).unwrap_or(Cow::Borrowed(r.get()));
        parse_amount(&text, NumberStyle::DOT).map(Some).map_err(|why| self.err(field, &text, why))
    }

    fn required_amount(&self, field: &str, raw: Raw<'_>) -> Result<Decimal> {
        self.amount(field, raw)?.ok_or_else(|| self.err(field, "", "missing"))
    }

    /// A date `YYYY-MM-DD` (or the date of a timestamp as written).
    fn date(&self, field: &str, raw: Raw<'_>) -> Result<Option<NaiveDate>> {
        let Some(r) = raw else { return Ok(None) };
        let Some(s) = string_of(r) else {
            return Err(self.err(field, r.get(), "not a date (YYYY-MM-DD)"));
        };
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        civil_date(s).map(Some).ok_or_else(|| self.err(field, s, "not a date (YYYY-MM-DD)"))
    }

    /// A UTC Unix timestamp in seconds, as its UTC civil date; `0` is absent.
    fn timestamp(&self, field: &str, raw: Raw<'_>) -> Result<Option<NaiveDate>> {
        let Some(r) = raw else { return Ok(None) };
        let text = string_of(r).unwrap_or(Cow::Borrowed(r.get()));
        let secs: i64 = text
            .trim()
            .parse()
            .map_err(|_| self.err(field, &text, "not a Unix timestamp (whole seconds)"))?;
        if secs == 0 {
            return Ok(None);
        }
        DateTime::from_timestamp(secs, 0)
            .map(|t| Some(t.date_naive()))
            .ok_or_else(|| self.err(field, &text, "timestamp out of range"))
    }

    fn flag(&self, field: &str, raw: Raw<'_>) -> Result<Option<bool>> {
        match raw.map(RawValue::get) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(self.err(field, other, "not true or false")),
        }
    }
}

/// Negates a Plaid amount (without making a negative zero).
fn negate(amount: Decimal) -> Decimal {
    if amount.is_zero() {
        amount
    } else {
        -amount
    }
}

// ---------------------------------------------------------------------------------------------
// Plaid

#[derive(Deserialize)]
struct PlaidPageRaw<'a> {
    #[serde(borrow)]
    added: Raw<'a>,
    #[serde(borrow)]
    modified: Raw<'a>,
    #[serde(borrow)]
    removed: Raw<'a>,
    #[serde(borrow)]
    accounts: Raw<'a>,
    #[serde(borrow)]
    next_cursor: Raw<'a>,
    #[serde(borrow)]
    has_more: Raw<'a>,
    #[serde(borrow)]
    transactions_update_status: Raw<'a>,
    #[serde(borrow)]
    error_code: Raw<'a>,
    #[serde(borrow)]
    error_message: Raw<'a>,
}

#[derive(Deserialize)]
struct PlaidTxn<'a> {
    #[serde(borrow)]
    transaction_id: Raw<'a>,
    #[serde(borrow)]
    account_id: Raw<'a>,
    #[serde(borrow)]
    amount: Raw<'a>,
    #[serde(borrow)]
    iso_currency_code: Raw<'a>,
    #[serde(borrow)]
    unofficial_currency_code: Raw<'a>,
    #[serde(borrow)]
    date: Raw<'a>,
    #[serde(borrow)]
    authorized_date: Raw<'a>,
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow)]
    merchant_name: Raw<'a>,
    #[serde(borrow)]
    original_description: Raw<'a>,
    #[serde(borrow)]
    pending: Raw<'a>,
    #[serde(borrow)]
    pending_transaction_id: Raw<'a>,
    #[serde(borrow)]
    check_number: Raw<'a>,
    #[serde(borrow)]
    payment_channel: Raw<'a>,
    #[serde(borrow)]
    transaction_code: Raw<'a>,
    #[serde(borrow)]
    personal_finance_category: Raw<'a>,
    #[serde(borrow)]
    category: Raw<'a>,
    #[serde(borrow)]
    payment_meta: Raw<'a>,
}

#[derive(Deserialize)]
struct PlaidCategory<'a> {
    #[serde(borrow)]
    primary: Raw<'a>,
    #[serde(borrow)]
    detailed: Raw<'a>,
}

#[derive(Deserialize)]
struct PlaidPaymentMeta<'a> {
    #[serde(borrow)]
    reference_number: Raw<'a>,
}

#[derive(Deserialize)]
struct PlaidRemoved<'a> {
    #[serde(borrow)]
    transaction_id: Raw<'a>,
    #[serde(borrow)]
    account_id: Raw<'a>,
}

#[derive(Deserialize)]
struct PlaidAccount<'a> {
    #[serde(borrow)]
    account_id: Raw<'a>,
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow)]
    official_name: Raw<'a>,
    #[serde(borrow, rename = "type")]
    kind: Raw<'a>,
    #[serde(borrow)]
    subtype: Raw<'a>,
    #[serde(borrow)]
    mask: Raw<'a>,
    #[serde(borrow)]
    balances: Raw<'a>,
}

#[derive(Deserialize)]
struct PlaidBalances<'a> {
    #[serde(borrow)]
    available: Raw<'a>,
    #[serde(borrow)]
    current: Raw<'a>,
    #[serde(borrow)]
    limit: Raw<'a>,
    #[serde(borrow)]
    iso_currency_code: Raw<'a>,
    #[serde(borrow)]
    unofficial_currency_code: Raw<'a>,
    #[serde(borrow)]
    last_updated_datetime: Raw<'a>,
}

/// Reads one page of Plaid's `/transactions/sync` (see the [module](self) for the mapping).
///
/// # Errors
///
/// `unreadable_file` when the bytes are not a JSON object with any of `added`, `modified`,
/// `removed`, `next_cursor`, `has_more`, are a Plaid error response, or a list is not a list;
/// `malformed_line` naming the list entry and field (`added.amount`, `removed.transaction_id`)
/// when a required field (`transaction_id`, `account_id`, `amount`, `date`) is missing or a
/// field is not what Plaid sends.
pub fn parse_plaid_page(bytes: &[u8], file: &str) -> Result<SyncPage> {
    let raw: PlaidPageRaw<'_> = top(bytes, file, "Plaid transactions/sync")?;
    let head = Cx { file, line: 1, list: "" };
    if let Some(code) = head.text("error_code", raw.error_code)? {
        let message = head.text("error_message", raw.error_message)?.unwrap_or_default();
        let reason = format!("a Plaid error response, not a page: {code}: {message}");
        return Err(FileError::unreadable(file, reason).into());
    }
    let keys = [raw.added, raw.modified, raw.removed, raw.next_cursor, raw.has_more];
    if keys.iter().all(Option::is_none) {
        let reason = "not a Plaid transactions/sync page: none of added, modified, removed, \
                      next_cursor, has_more";
        return Err(FileError::unreadable(file, reason).into());
    }
    let cx = |i: usize, list: &'static str| Cx { file, line: i as u64 + 1, list };
    let lines = |name: &'static str, raw: Raw<'_>| -> Result<Vec<SyncLine>> {
        let entries = list(file, name, raw)?;
        entries.into_iter().enumerate().map(|(i, e)| plaid_line(&cx(i, name), e)).collect()
    };
    let mut page = SyncPage {
        added: lines("added", raw.added)?,
        modified: lines("modified", raw.modified)?,
        ..SyncPage::default()
    };
    for (i, entry) in list(file, "removed", raw.removed)?.into_iter().enumerate() {
        let cx = cx(i, "removed");
        let r: PlaidRemoved<'_> = cx.object("", entry)?;
        page.removed.push(RemovedLine {
            line: cx.line,
            account_id: cx.text("account_id", r.account_id)?,
            bank_id: cx.required_text("transaction_id", r.transaction_id)?,
        });
    }
    for (i, entry) in list(file, "accounts", raw.accounts)?.into_iter().enumerate() {
        page.accounts.push(plaid_account(&cx(i, "accounts"), entry)?);
    }
    page.next_cursor = head.text("next_cursor", raw.next_cursor)?;
    page.has_more = head.flag("has_more", raw.has_more)?.unwrap_or(false);
    page.update_status = head.text("transactions_update_status", raw.transactions_update_status)?;
    Ok(page)
}

fn plaid_line(cx: &Cx<'_>, entry: &RawValue) -> Result<SyncLine> {
    let t: PlaidTxn<'_> = cx.object("", entry)?;
    let account_id = cx.required_text("account_id", t.account_id)?;
    let bank_id = cx.required_text("transaction_id", t.transaction_id)?;
    let amount = cx.required_amount("amount", t.amount)?;
    let posted = cx.date("date", t.date)?.ok_or_else(|| cx.err("date", "", "missing"))?;
    let authorized = cx.date("authorized_date", t.authorized_date)?;
    let pending = cx.flag("pending", t.pending)?.unwrap_or(false);

    let mut line = StatementLine::new(cx.line, authorized.unwrap_or(posted), negate(amount));
    line.posted_date = (!pending).then_some(posted);
    line.pending = pending;
    line.bank_id = Some(bank_id);
    line.currency = match cx.text("iso_currency_code", t.iso_currency_code)? {
        Some(c) => Some(c),
        None => cx.text("unofficial_currency_code", t.unofficial_currency_code)?,
    };
    let name = cx.text("name", t.name)?;
    line.payee = cx.text("merchant_name", t.merchant_name)?.or_else(|| name.clone());
    line.memo = cx.text("original_description", t.original_description)?.or(name);
    line.pending_id = cx.text("pending_transaction_id", t.pending_transaction_id)?;
    line.check_number = cx.text("check_number", t.check_number)?;
    line.kind = match cx.text("transaction_code", t.transaction_code)? {
        Some(k) => Some(k),
        None => cx.text("payment_channel", t.payment_channel)?,
    };
    if let Some(meta) = cx.nested::<PlaidPaymentMeta<'_>>("payment_meta", t.payment_meta)? {
        line.reference = cx.text("payment_meta.reference_number", meta.reference_number)?;
    }
    let pfc =
        cx.nested::<PlaidCategory<'_>>("personal_finance_category", t.personal_finance_category)?;
    if let Some(pfc) = pfc {
        line.category = match cx.text("personal_finance_category.detailed", pfc.detailed)? {
            Some(c) => Some(c),
            None => cx.text("personal_finance_category.primary", pfc.primary)?,
        };
    }
    if line.category.is_none() {
        if let Some(r) = t.category {
            let items: Vec<&RawValue> = serde_json::from_str(r.get())
                .map_err(|_| cx.err("category", r.get(), "not a list"))?;
            let mut joined = String::new();
            for item in items {
                if let Some(part) = cx.text("category", Some(item))? {
                    if !joined.is_empty() {
                        joined.push(':');
                    }
                    joined.push_str(&part);
                }
            }
            line.category = (!joined.is_empty()).then_some(joined);
        }
    }
    Ok(SyncLine { account_id, line })
}

fn plaid_account(cx: &Cx<'_>, entry: &RawValue) -> Result<SyncAccount> {
    let a: PlaidAccount<'_> = cx.object("", entry)?;
    let plaid_type = cx.text("type", a.kind)?;
    let mut account = StatementAccount {
        account_id: Some(cx.required_text("account_id", a.account_id)?),
        name: cx.text("name", a.name)?,
        account_type: cx.text("subtype", a.subtype)?,
        ..StatementAccount::default()
    };
    if account.name.is_none() {
        account.name = cx.text("official_name", a.official_name)?;
    }
    if account.account_type.is_none() {
        account.account_type = plaid_type.clone();
    }
    let mut out = SyncAccount {
        line: cx.line,
        account,
        plaid_type,
        mask: cx.text("mask", a.mask)?,
        current: None,
        available: None,
        limit: None,
        as_of: None,
    };
    if let Some(b) = cx.nested::<PlaidBalances<'_>>("balances", a.balances)? {
        let owed = matches!(out.plaid_type.as_deref(), Some("credit" | "loan"));
        out.current =
            cx.amount("balances.current", b.current)?.map(|c| if owed { negate(c) } else { c });
        out.available = cx.amount("balances.available", b.available)?;
        out.limit = cx.amount("balances.limit", b.limit)?;
        out.as_of = cx.date("balances.last_updated_datetime", b.last_updated_datetime)?;
        out.account.currency = match cx.text("balances.iso_currency_code", b.iso_currency_code)? {
            Some(c) => Some(c),
            None => cx.text("balances.unofficial_currency_code", b.unofficial_currency_code)?,
        };
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// GoCardless

#[derive(Deserialize)]
struct GcTop<'a> {
    #[serde(borrow)]
    transactions: Raw<'a>,
}

#[derive(Deserialize)]
struct GcLists<'a> {
    #[serde(borrow)]
    booked: Raw<'a>,
    #[serde(borrow)]
    pending: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GcTxn<'a> {
    #[serde(borrow)]
    transaction_id: Raw<'a>,
    #[serde(borrow)]
    internal_transaction_id: Raw<'a>,
    #[serde(borrow)]
    entry_reference: Raw<'a>,
    #[serde(borrow)]
    end_to_end_id: Raw<'a>,
    #[serde(borrow)]
    check_id: Raw<'a>,
    #[serde(borrow)]
    booking_date: Raw<'a>,
    #[serde(borrow)]
    booking_date_time: Raw<'a>,
    #[serde(borrow)]
    value_date: Raw<'a>,
    #[serde(borrow)]
    value_date_time: Raw<'a>,
    #[serde(borrow)]
    transaction_amount: Raw<'a>,
    #[serde(borrow)]
    creditor_name: Raw<'a>,
    #[serde(borrow)]
    ultimate_creditor: Raw<'a>,
    #[serde(borrow)]
    debtor_name: Raw<'a>,
    #[serde(borrow)]
    ultimate_debtor: Raw<'a>,
    #[serde(borrow)]
    remittance_information_unstructured: Raw<'a>,
    #[serde(borrow)]
    remittance_information_unstructured_array: Raw<'a>,
    #[serde(borrow)]
    remittance_information_structured: Raw<'a>,
    #[serde(borrow)]
    remittance_information_structured_array: Raw<'a>,
    #[serde(borrow)]
    additional_information: Raw<'a>,
    #[serde(borrow)]
    bank_transaction_code: Raw<'a>,
    #[serde(borrow)]
    proprietary_bank_transaction_code: Raw<'a>,
    #[serde(borrow)]
    balance_after_transaction: Raw<'a>,
}

#[derive(Deserialize)]
struct GcAmount<'a> {
    #[serde(borrow)]
    amount: Raw<'a>,
    #[serde(borrow)]
    currency: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GcBalance<'a> {
    #[serde(borrow)]
    balance_amount: Raw<'a>,
}

/// Reads GoCardless (Nordigen) account transactions, `{"transactions": {"booked": [...],
/// "pending": [...]}}`, into one statement (see the [module](self) for the mapping). An entry
/// without any date is an error here; [`parse`] with [`SyncOptions::date_if_missing`] dates it.
///
/// # Errors
///
/// `unreadable_file` when there is no `transactions` object; `malformed_line` naming the entry
/// and field (`booked.transactionAmount.amount`, `pending.valueDate`) when a field is missing
/// or not what GoCardless sends.
pub fn parse_gocardless(bytes: &[u8], file: &str) -> Result<Vec<Statement>> {
    gocardless(bytes, file, None)
}

fn gocardless(bytes: &[u8], file: &str, undated: Option<NaiveDate>) -> Result<Vec<Statement>> {
    let raw: GcTop<'_> = top(bytes, file, "GoCardless transactions")?;
    let not_gc =
        || FileError::unreadable(file, "not a GoCardless payload: no `transactions` object");
    let lists = raw.transactions.filter(|t| t.get().starts_with('{')).ok_or_else(not_gc)?;
    let lists: GcLists<'_> = serde_json::from_str(lists.get()).map_err(|_| not_gc())?;
    let booked = list(file, "transactions.booked", lists.booked)?;
    let pending = list(file, "transactions.pending", lists.pending)?;
    let mut st = Statement::new(StatementFormat::GoCardless, file);
    st.lines.reserve(booked.len() + pending.len());
    for (name, entries, is_pending) in [("booked", booked, false), ("pending", pending, true)] {
        for (i, entry) in entries.into_iter().enumerate() {
            let cx = Cx { file, line: i as u64 + 1, list: name };
            st.lines.push(gocardless_line(&cx, entry, is_pending, undated)?);
        }
    }
    Ok(vec![st])
}

fn gocardless_line(
    cx: &Cx<'_>,
    entry: &RawValue,
    pending: bool,
    undated: Option<NaiveDate>,
) -> Result<StatementLine> {
    let t: GcTxn<'_> = cx.object("", entry)?;
    let money: GcAmount<'_> = cx
        .nested("transactionAmount", t.transaction_amount)?
        .ok_or_else(|| cx.err("transactionAmount", "", "missing"))?;
    let amount = cx.required_amount("transactionAmount.amount", money.amount)?;
    let booking = match cx.date("bookingDate", t.booking_date)? {
        Some(d) => Some(d),
        None => cx.date("bookingDateTime", t.booking_date_time)?,
    };
    let value = match cx.date("valueDate", t.value_date)? {
        Some(d) => Some(d),
        None => cx.date("valueDateTime", t.value_date_time)?,
    };
    let date = booking.or(value).or(undated).ok_or_else(|| {
        cx.err(
            "bookingDate",
            "",
            "no date: none of bookingDate, bookingDateTime, valueDate, valueDateTime",
        )
    })?;

    let mut line = StatementLine::new(cx.line, date, amount);
    line.posted_date = booking;
    line.pending = pending;
    line.currency = cx.text("transactionAmount.currency", money.currency)?;

    let creditor = match cx.text("creditorName", t.creditor_name)? {
        Some(n) => Some(n),
        None => cx.text("ultimateCreditor", t.ultimate_creditor)?,
    };
    let debtor = match cx.text("debtorName", t.debtor_name)? {
        Some(n) => Some(n),
        None => cx.text("ultimateDebtor", t.ultimate_debtor)?,
    };
    line.payee = if amount.is_sign_negative() { creditor.or(debtor) } else { debtor.or(creditor) };

    line.memo =
        cx.text("remittanceInformationUnstructured", t.remittance_information_unstructured)?;
    if line.memo.is_none() {
        line.memo = cx.joined(
            "remittanceInformationUnstructuredArray",
            t.remittance_information_unstructured_array,
        )?;
    }
    if line.memo.is_none() {
        line.memo =
            cx.text("remittanceInformationStructured", t.remittance_information_structured)?;
    }
    if line.memo.is_none() {
        line.memo = cx.joined(
            "remittanceInformationStructuredArray",
            t.remittance_information_structured_array,
        )?;
    }
    if line.memo.is_none() {
        line.memo = cx.text("additionalInformation", t.additional_information)?;
    }

    let entry_ref = cx.text("entryReference", t.entry_reference)?;
    line.bank_id = cx.text("transactionId", t.transaction_id)?;
    if line.bank_id.is_none() {
        line.bank_id = cx.text("internalTransactionId", t.internal_transaction_id)?;
    }
    let entry_ref_is_id = line.bank_id.is_none();
    if entry_ref_is_id {
        line.bank_id.clone_from(&entry_ref);
    }
    line.reference = cx
        .text("endToEndId", t.end_to_end_id)?
        .filter(|r| !r.eq_ignore_ascii_case("NOTPROVIDED"))
        .or(if entry_ref_is_id { None } else { entry_ref });
    line.check_number = cx.text("checkId", t.check_id)?;
    line.kind = match cx.text("bankTransactionCode", t.bank_transaction_code)? {
        Some(k) => Some(k),
        None => cx.text("proprietaryBankTransactionCode", t.proprietary_bank_transaction_code)?,
    };
    if let Some(b) =
        cx.nested::<GcBalance<'_>>("balanceAfterTransaction", t.balance_after_transaction)?
    {
        if let Some(m) =
            cx.nested::<GcAmount<'_>>("balanceAfterTransaction.balanceAmount", b.balance_amount)?
        {
            line.balance = cx.amount("balanceAfterTransaction.balanceAmount.amount", m.amount)?;
        }
    }
    Ok(line)
}

// ---------------------------------------------------------------------------------------------
// SimpleFIN

#[derive(Deserialize)]
struct SfTop<'a> {
    #[serde(borrow)]
    accounts: Raw<'a>,
}

#[derive(Deserialize)]
struct SfAccount<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow)]
    currency: Raw<'a>,
    #[serde(borrow)]
    balance: Raw<'a>,
    #[serde(borrow, rename = "balance-date")]
    balance_date: Raw<'a>,
    #[serde(borrow)]
    org: Raw<'a>,
    #[serde(borrow)]
    transactions: Raw<'a>,
}

#[derive(Deserialize)]
struct SfOrg<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow)]
    domain: Raw<'a>,
}

#[derive(Deserialize)]
struct SfTxn<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow)]
    posted: Raw<'a>,
    #[serde(borrow)]
    amount: Raw<'a>,
    #[serde(borrow)]
    description: Raw<'a>,
    #[serde(borrow)]
    payee: Raw<'a>,
    #[serde(borrow)]
    memo: Raw<'a>,
    #[serde(borrow)]
    transacted_at: Raw<'a>,
    #[serde(borrow)]
    pending: Raw<'a>,
}

/// Reads a SimpleFIN account set into one statement per account, in file order (see the
/// [module](self) for the mapping). A pending line with neither `transacted_at` nor `posted`
/// is an error here; [`parse`] with [`SyncOptions::date_if_missing`] dates it.
///
/// # Errors
///
/// `unreadable_file` when there is no `accounts` list; `malformed_line` naming the account
/// (`accounts.balance`, line = the account's position) or the transaction
/// (`accounts[2].transactions.posted`, line = the transaction's position).
pub fn parse_simplefin(bytes: &[u8], file: &str) -> Result<Vec<Statement>> {
    simplefin(bytes, file, None)
}

fn simplefin(bytes: &[u8], file: &str, undated: Option<NaiveDate>) -> Result<Vec<Statement>> {
    let raw: SfTop<'_> = top(bytes, file, "SimpleFIN account set")?;
    let accounts = raw.accounts.ok_or_else(|| {
        FileError::unreadable(file, "not a SimpleFIN payload: no `accounts` list")
    })?;
    let accounts = list(file, "accounts", Some(accounts))?;
    let mut out = Vec::with_capacity(accounts.len());
    for (i, entry) in accounts.into_iter().enumerate() {
        let cx = Cx { file, line: i as u64 + 1, list: "accounts" };
        let a: SfAccount<'_> = cx.object("", entry)?;
        let mut st = Statement::new(StatementFormat::SimpleFin, file);
        st.account.account_id = Some(cx.required_text("id", a.id)?);
        st.account.name = cx.text("name", a.name)?;
        st.account.currency = cx.text("currency", a.currency)?;
        if let Some(org) = cx.nested::<SfOrg<'_>>("org", a.org)? {
            st.account.bank_id = match cx.text("org.id", org.id)? {
                Some(id) => Some(id),
                None => cx.text("org.domain", org.domain)?,
            };
        }
        let balance_date = cx.timestamp("balance-date", a.balance_date)?;
        if let Some(amount) = cx.amount("balance", a.balance)? {
            let date = balance_date.ok_or_else(|| {
                cx.err("balance-date", a.balance_date.map_or("", RawValue::get), "missing")
            })?;
            st.closing_balance =
                Some(StatedBalance { amount, date, currency: st.account.currency.clone() });
        }
        let path = format!("accounts[{}].transactions", i + 1);
        let txns = match a.transactions {
            None => Vec::new(),
            Some(r) => serde_json::from_str::<Vec<&RawValue>>(r.get())
                .map_err(|_| cx.err("transactions", r.get(), "not a list"))?,
        };
        st.lines.reserve(txns.len());
        for (j, txn) in txns.into_iter().enumerate() {
            let tcx = Cx { file, line: j as u64 + 1, list: &path };
            st.lines.push(simplefin_line(&tcx, txn, undated)?);
        }
        out.push(st);
    }
    Ok(out)
}

fn simplefin_line(
    cx: &Cx<'_>,
    entry: &RawValue,
    undated: Option<NaiveDate>,
) -> Result<StatementLine> {
    let t: SfTxn<'_> = cx.object("", entry)?;
    let amount = cx.required_amount("amount", t.amount)?;
    let posted = cx.timestamp("posted", t.posted)?;
    let transacted = cx.timestamp("transacted_at", t.transacted_at)?;
    let date = transacted.or(posted).or(undated).ok_or_else(|| {
        cx.err(
            "posted",
            t.posted.map_or("", RawValue::get),
            "no date: neither posted nor transacted_at",
        )
    })?;
    let mut line = StatementLine::new(cx.line, date, amount);
    line.posted_date = posted;
    line.pending = cx.flag("pending", t.pending)?.unwrap_or(false);
    line.bank_id = cx.text("id", t.id)?;
    let description = cx.text("description", t.description)?;
    line.payee = cx.text("payee", t.payee)?.or_else(|| description.clone());
    line.memo = cx.text("memo", t.memo)?.or(description);
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
    }

    #[test]
    fn civil_dates_as_written() {
        assert_eq!(civil_date("2024-02-29"), Some(date(2024, 2, 29)));
        assert_eq!(civil_date("2023-12-09T15:43:37.950"), Some(date(2023, 12, 9)));
        assert_eq!(civil_date("2024-01-01T00:30:00+05:00"), Some(date(2024, 1, 1)));
        for bad in
            ["2023-02-29", "2024-1-05", "date", "", "2024-01-0", "2024-01-01X", "２０２４-01-01"]
        {
            assert_eq!(civil_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn strings_decode_and_clip() {
        let raw = RawValue::from_string(r#""caf\u00e9 \"x\"""#.to_owned()).expect("JSON");
        assert_eq!(string_of(&raw).as_deref(), Some("café \"x\""));
        let long = "é".repeat(200);
        assert_eq!(clip(&long).chars().count(), 120);
        assert_eq!(clip("short"), "short");
    }

    #[test]
    fn negation_keeps_zero_positive() {
        assert!(!negate(Decimal::ZERO).is_sign_negative());
        assert_eq!(negate(Decimal::new(125, 1)), Decimal::new(-125, 1));
    }

    #[test]
    fn detect_needs_an_object() {
        assert_eq!(detect(b"[1,2]"), None);
        assert_eq!(detect(b"OFXHEADER:100"), None);
        assert_eq!(detect(b"{\"added\": [], \"has_more\": false"), None, "broken JSON");
        assert_eq!(detect(b"\xEF\xBB\xBF {\"next_cursor\": \"c\"}"), Some(StatementFormat::Plaid));
    }
}
