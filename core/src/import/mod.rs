//! Bank data in: every format is parsed into the same normalized [`Statement`] (account
//! information, lines with dates, signed amounts, payee, memo, the bank's own id, check number,
//! running and closing balances where the file states them), which the book then imports.
//!
//! Parsers only read bytes; they never touch a book. They are exact: amounts are read as
//! written (`.47`, `1.000,00`, `(12.50)`), never through a float; dates are civil dates taken
//! as written, with no time-zone shift (an OFX `20240131000000[-5:EST]` is January 31). Every
//! error names the file, the line, the field and the offending text ([`FileError`]).
//!
//! Sign convention of every [`StatementLine::amount`]: positive is money into the account
//! (a deposit, a refund on a card), negative is money out, whatever the file's own convention
//! (Plaid's positive-is-out is turned around by its parser).
//!
//! [`FileError`]: crate::files::FileError

pub mod amount;
pub mod camt;
pub mod csv;
pub mod mt940;
pub mod ofx;
pub mod plan;
pub mod qif;
pub mod read;
pub mod records;
pub(crate) mod seal;
pub mod sync;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A bank data format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    /// CSV with a column mapping profile.
    Csv,
    /// OFX 1.x (SGML) or 2.x (XML), and QFX.
    Ofx,
    /// Quicken Interchange Format.
    Qif,
    /// ISO 20022 camt.053 (and camt.052/054 where they share its shape).
    Camt053,
    /// SWIFT MT940 / MT942.
    Mt940,
    /// A Plaid `/transactions/sync` page.
    Plaid,
    /// GoCardless (Nordigen) booked/pending transactions.
    GoCardless,
    /// SimpleFIN accounts with transactions.
    SimpleFin,
}

impl StatementFormat {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ofx => "ofx",
            Self::Qif => "qif",
            Self::Camt053 => "camt053",
            Self::Mt940 => "mt940",
            Self::Plaid => "plaid",
            Self::GoCardless => "go_cardless",
            Self::SimpleFin => "simple_fin",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Csv,
            Self::Ofx,
            Self::Qif,
            Self::Camt053,
            Self::Mt940,
            Self::Plaid,
            Self::GoCardless,
            Self::SimpleFin,
        ]
        .into_iter()
        .find(|f| f.as_str() == text)
    }
}

/// The account a statement is about, as the file names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementAccount {
    /// The bank: routing number, BIC, bank code.
    pub bank_id: Option<String>,
    /// The branch, where the file names it apart from the bank (OFX BRANCHID, the French
    /// code guichet): part of the account's identity in some countries.
    pub branch_id: Option<String>,
    /// Account number or IBAN.
    pub account_id: Option<String>,
    /// The file's account type (`CHECKING`, `CREDITCARD`, `Bank`, `CCard`, ...), as written.
    pub account_type: Option<String>,
    /// Currency of the account.
    pub currency: Option<String>,
    /// A name or description, where the file gives one.
    pub name: Option<String>,
}

/// A balance the file states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedBalance {
    /// Amount (signed as [`StatementLine::amount`]).
    pub amount: Decimal,
    /// At the end of this day.
    pub date: NaiveDate,
    /// Its currency, where given.
    pub currency: Option<String>,
}

/// One part of a split line (QIF `S`/`E`/`$`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineSplit {
    /// Category as written.
    pub category: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Amount (signed as the line).
    pub amount: Decimal,
}

/// One transaction of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// 1-based line of the file where the entry starts (for JSON payloads: the entry's index,
    /// 1-based, in its list).
    pub line: u64,
    /// Date of the transaction (the booking date where a file has only one).
    pub date: NaiveDate,
    /// Date the bank posted it, where it differs or is given separately.
    pub posted_date: Option<NaiveDate>,
    /// Signed amount: positive into the account.
    pub amount: Decimal,
    /// Currency, where the line states one.
    pub currency: Option<String>,
    /// Payee or counterparty.
    pub payee: Option<String>,
    /// Memo, narration, remittance information.
    pub memo: Option<String>,
    /// The bank's own id of the line (OFX FITID, Plaid transaction_id, CAMT AcctSvcrRef or
    /// NtryRef, MT940 bank reference), when the file has one.
    pub bank_id: Option<String>,
    /// Check number.
    pub check_number: Option<String>,
    /// Other reference (end-to-end id, customer reference).
    pub reference: Option<String>,
    /// Running balance after the line, where given.
    pub balance: Option<Decimal>,
    /// The file's transaction type or code (OFX TRNTYPE, MT940 type, CAMT bank code).
    pub kind: Option<String>,
    /// Not yet booked by the bank.
    pub pending: bool,
    /// For a posted line: the id of the pending line it replaces (Plaid
    /// `pending_transaction_id`).
    pub pending_id: Option<String>,
    /// Category as written (QIF `L`).
    pub category: Option<String>,
    /// Parts of a split line.
    pub splits: Vec<LineSplit>,
    /// The user's own cleared/reconciled mark, as written (QIF `C`: `*` or `c` cleared, `X` or
    /// `R` reconciled), where the file has one.
    pub cleared: Option<String>,
}

impl StatementLine {
    /// A line with the required fields and nothing else.
    pub fn new(line: u64, date: NaiveDate, amount: Decimal) -> Self {
        Self {
            line,
            date,
            posted_date: None,
            amount,
            currency: None,
            payee: None,
            memo: None,
            bank_id: None,
            check_number: None,
            reference: None,
            balance: None,
            kind: None,
            pending: false,
            pending_id: None,
            category: None,
            splits: Vec::new(),
            cleared: None,
        }
    }
}

/// A security a statement names (OFX SECLIST).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityInfo {
    /// Identifier (CUSIP, ISIN, ...).
    pub id: String,
    /// Its type (`CUSIP`, `ISIN`).
    pub id_type: Option<String>,
    /// Ticker.
    pub ticker: Option<String>,
    /// Name.
    pub name: Option<String>,
}

/// An investment transaction, kept as the file states it for the portfolio work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentLine {
    /// 1-based line where the entry starts.
    pub line: u64,
    /// The file's kind (`BUYSTOCK`, `SELLMF`, `INCOME`, `REINVEST`, ...).
    pub kind: String,
    /// The file's finer type within the kind, where it gives one: OFX INCOMETYPE (`DIV`,
    /// `INTEREST`, `CGLONG`, `CGSHORT`, `MISC`), BUYTYPE/SELLTYPE (`BUY`, `BUYTOCOVER`, `SELL`,
    /// `SELLSHORT`), TFERACTION (`IN`, `OUT`), OPTACTION, or the TRNTYPE of an INVBANKTRAN.
    pub subtype: Option<String>,
    /// Trade date.
    pub date: NaiveDate,
    /// Settlement date.
    pub settle_date: Option<NaiveDate>,
    /// The security's identifier (see [`SecurityInfo::id`]).
    pub security_id: Option<String>,
    /// Units (signed: negative for a sale).
    pub units: Option<Decimal>,
    /// Price per unit.
    pub unit_price: Option<Decimal>,
    /// Total (signed as a statement line: positive into the cash account).
    pub total: Option<Decimal>,
    /// Commission and fees.
    pub fees: Option<Decimal>,
    /// The bank's id.
    pub bank_id: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Payee or description, where the file gives one (QIF `P`).
    pub payee: Option<String>,
    /// Category, or the account the cash comes from or goes to, as written (QIF `L`:
    /// `[Checking]` for a `BuyX`/`SellX` transfer).
    pub category: Option<String>,
    /// The user's own cleared/reconciled mark, as written (QIF `C`).
    pub cleared: Option<String>,
}

impl InvestmentLine {
    /// A line with the required fields and nothing else.
    pub fn new(line: u64, kind: &str, date: NaiveDate) -> Self {
        Self {
            line,
            kind: kind.to_owned(),
            subtype: None,
            date,
            settle_date: None,
            security_id: None,
            units: None,
            unit_price: None,
            total: None,
            fees: None,
            bank_id: None,
            memo: None,
            payee: None,
            category: None,
            cleared: None,
        }
    }
}

/// A statement: one account's lines from one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Format it was read from.
    pub format: StatementFormat,
    /// File name given to the parser.
    pub file: String,
    /// The account.
    pub account: StatementAccount,
    /// First and last day covered, where stated.
    pub start: Option<NaiveDate>,
    /// Last day covered.
    pub end: Option<NaiveDate>,
    /// Opening balance, where stated.
    pub opening_balance: Option<StatedBalance>,
    /// Closing balance (OFX LEDGERBAL, CAMT CLBD, MT940 :62F:), where stated.
    pub closing_balance: Option<StatedBalance>,
    /// Balance available to spend (OFX AVAILBAL, or AVAILCASH of an investment statement;
    /// CAMT CLAV, MT940 :64:), where stated: it may differ from the closing balance by holds
    /// and pending lines.
    pub available_balance: Option<StatedBalance>,
    /// Lines, in file order.
    pub lines: Vec<StatementLine>,
    /// Investment transactions (OFX INVSTMTRS), in file order.
    pub investments: Vec<InvestmentLine>,
    /// Securities named by the investment lines.
    pub securities: Vec<SecurityInfo>,
}

impl Statement {
    /// An empty statement of `format` read from `file`.
    pub fn new(format: StatementFormat, file: &str) -> Self {
        Self {
            format,
            file: file.to_owned(),
            account: StatementAccount::default(),
            start: None,
            end: None,
            opening_balance: None,
            closing_balance: None,
            available_balance: None,
            lines: Vec::new(),
            investments: Vec::new(),
            securities: Vec::new(),
        }
    }
}
