//! Brokerage statements for portfolios: the options and report of an import, the code a
//! statement's security gets in the book, and the reader of the Plaid sandbox investment user
//! (`override_accounts` with `holdings` and `investment_transactions`) into the same
//! [`Statement`] an OFX investment statement gives, so one importer books both.
//!
//! Plaid numbers are JSON numbers: they are read from their shortest decimal text, never
//! through arithmetic on floats. A holding becomes a security and a price (its
//! `institution_price` on `institution_price_as_of`); lots come from the transactions only (a
//! sandbox user's holdings need not agree with its transactions).

use crate::files::FileError;
use crate::ids::AccountId;
use crate::import::{InvestmentLine, SecurityInfo, Statement, StatementFormat};
use crate::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use super::types::AssetClass;

/// Where an investment statement is booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentImportOptions {
    /// The investment account holding the securities (and their cash).
    pub account_id: AccountId,
    /// Income account of dividends, distributions and interest.
    pub income_account_id: AccountId,
    /// Income account of realized gains.
    pub gains_account_id: AccountId,
    /// Expense account of account fees; fee lines are skipped without one.
    pub fees_account_id: Option<AccountId>,
    /// Account the units of a transfer in from outside the book come from (an equity
    /// account); such transfers open a lot at the statement's unit price, and are skipped
    /// without one.
    pub transfer_account_id: Option<AccountId>,
    /// Asset class of a new security whose kind the statement does not tell.
    pub default_asset_class: AssetClass,
}

impl InvestmentImportOptions {
    /// Books into `account`, income and gains to the accounts given.
    pub fn new(
        account_id: AccountId,
        income_account_id: AccountId,
        gains_account_id: AccountId,
    ) -> Self {
        Self {
            account_id,
            income_account_id,
            gains_account_id,
            fees_account_id: None,
            transfer_account_id: None,
            default_asset_class: AssetClass::Other,
        }
    }

    /// Sets the expense account of fees.
    #[must_use]
    pub fn fees_account(mut self, account: AccountId) -> Self {
        self.fees_account_id = Some(account);
        self
    }

    /// Sets the account transfers in from outside the book come from.
    #[must_use]
    pub fn transfer_account(mut self, account: AccountId) -> Self {
        self.transfer_account_id = Some(account);
        self
    }
}

/// A statement line not booked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedLine {
    /// 1-based line (OFX) or entry (Plaid) where it starts.
    pub line: u64,
    /// The file's kind of the line.
    pub kind: String,
    /// Stable code: `insufficient_quantity`, `cash_line`, `no_units`, `no_account`,
    /// `unsupported`, or the code of the error booking it met.
    pub code: String,
    /// What happened.
    pub message: String,
}

/// What an investment import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentImportReport {
    /// Statements read.
    pub statements: u64,
    /// Securities defined (new to the book).
    pub securities_defined: u64,
    /// Investment lines read.
    pub lines: u64,
    /// Transactions written.
    pub transactions_added: u64,
    /// Lines already imported before (their external id is in the book): nothing written.
    pub already_imported: u64,
    /// Prices written or replaced.
    pub prices_added: u64,
    /// Lines not booked.
    pub skipped: Vec<SkippedLine>,
}

/// The book code of a statement's security: its ticker when it is a valid commodity code
/// (upper-cased; Plaid's `CUR:BTC` is `BTC`), else `<id type>-<id>` (`CUSIP-92202V351`).
pub fn security_code(info: &SecurityInfo) -> String {
    if let Some(t) = info.ticker.as_deref() {
        let t = t.strip_prefix("CUR:").unwrap_or(t).trim().to_ascii_uppercase();
        if valid_code(&t) {
            return t;
        }
    }
    let kind = info.id_type.as_deref().unwrap_or("SEC").to_ascii_uppercase();
    let raw = format!("{kind}-{}", info.id.to_ascii_uppercase());
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .take(24)
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_uppercase()) {
        cleaned
    } else {
        format!("S{}", &cleaned[..cleaned.len().min(23)])
    }
}

fn valid_code(code: &str) -> bool {
    code.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && code.len() <= 24
        && code.bytes().all(|b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// The asset class an OFX kind suggests (`BUYMF` a mutual fund, `BUYDEBT` a bond, ...).
pub fn class_of_kind(kind: &str) -> Option<AssetClass> {
    let k = kind.to_ascii_uppercase();
    if k.ends_with("MF") {
        Some(AssetClass::MutualFund)
    } else if k.ends_with("DEBT") {
        Some(AssetClass::Bond)
    } else if k.ends_with("STOCK") {
        Some(AssetClass::Stock)
    } else {
        None
    }
}

/// True when `bytes` look like a Plaid sandbox user (a JSON object with `override_accounts`).
pub fn is_plaid_user(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && std::str::from_utf8(head).is_ok_and(|t| t.contains("\"override_accounts\""))
}

#[derive(Deserialize)]
struct PlaidUser {
    override_accounts: Vec<PlaidAccount>,
}

#[derive(Deserialize)]
struct PlaidAccount {
    #[serde(rename = "type")]
    kind: Option<String>,
    meta: Option<PlaidMeta>,
    #[serde(default)]
    holdings: Vec<PlaidHolding>,
    #[serde(default)]
    investment_transactions: Vec<PlaidTransaction>,
}

#[derive(Deserialize)]
struct PlaidMeta {
    name: Option<String>,
}

#[derive(Deserialize)]
struct PlaidSecurity {
    ticker_symbol: Option<String>,
    currency: Option<String>,
}

#[derive(Deserialize)]
struct PlaidHolding {
    institution_price: serde_json::Number,
    institution_price_as_of: Option<String>,
    quantity: serde_json::Number,
    currency: Option<String>,
    security: PlaidSecurity,
}

#[derive(Deserialize)]
struct PlaidTransaction {
    date: String,
    name: Option<String>,
    quantity: Option<serde_json::Number>,
    price: Option<serde_json::Number>,
    fees: Option<serde_json::Number>,
    #[serde(rename = "type")]
    kind: String,
    currency: Option<String>,
    security: Option<PlaidSecurity>,
}

/// A price of a Plaid holding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldingPrice {
    /// Security code (see [`security_code`]).
    pub code: String,
    /// Day.
    pub date: NaiveDate,
    /// Price of a unit.
    pub price: Decimal,
    /// Its currency.
    pub currency: String,
    /// Units held.
    pub quantity: Decimal,
}

/// Reads a Plaid sandbox user: one statement per investment account (its transactions as
/// [`InvestmentLine`]s of kind `BUY`, `SELL`, `FEE`, `TRANSFER`, `CASH`, ... as Plaid types
/// them, upper-cased; the line is the 1-based entry number), and the holdings' prices.
///
/// # Errors
///
/// `unreadable_file` for JSON that is not a Plaid user; `malformed_line` (field and value)
/// for a date or number that does not read.
pub fn parse_plaid_user(bytes: &[u8], file: &str) -> Result<(Vec<Statement>, Vec<HoldingPrice>)> {
    let user: PlaidUser = serde_json::from_slice(bytes).map_err(|e| -> crate::Error {
        FileError::Unreadable { file: file.to_owned(), reason: format!("not a Plaid user: {e}") }
            .into()
    })?;
    let bad = |entry: usize, field: &str, value: &str, reason: &str| -> crate::Error {
        FileError::Malformed {
            file: file.to_owned(),
            line: entry as u64 + 1,
            field: field.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        }
        .into()
    };
    let number = |n: &serde_json::Number, entry: usize, field: &str| -> Result<Decimal> {
        let text = n.to_string();
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map(|d| d.normalize())
            .map_err(|_| bad(entry, field, &text, "not a decimal number"))
    };
    let date = |text: &str, entry: usize, field: &str| -> Result<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| bad(entry, field, text, "not a YYYY-MM-DD date"))
    };
    let mut statements = Vec::new();
    let mut prices = Vec::new();
    for account in user.override_accounts.iter().filter(|a| a.kind.as_deref() == Some("investment"))
    {
        let mut st = Statement::new(StatementFormat::Plaid, file);
        st.account.name = account.meta.as_ref().and_then(|m| m.name.clone());
        st.account.account_type = Some("INVESTMENT".to_owned());
        st.account.currency = Some("USD".to_owned());
        let add_security = |st: &mut Statement, s: &PlaidSecurity| -> Option<String> {
            let ticker = s.ticker_symbol.clone()?;
            if !st.securities.iter().any(|x| x.id == ticker) {
                st.securities.push(SecurityInfo {
                    id: ticker.clone(),
                    id_type: Some("TICKER".to_owned()),
                    ticker: Some(ticker.clone()),
                    name: None,
                });
            }
            Some(ticker)
        };
        for (i, h) in account.holdings.iter().enumerate() {
            let Some(ticker) = add_security(&mut st, &h.security) else { continue };
            let Some(as_of) = h.institution_price_as_of.as_deref() else { continue };
            let info = st.securities.iter().find(|x| x.id == ticker).cloned();
            prices.push(HoldingPrice {
                code: info.as_ref().map(security_code).unwrap_or(ticker),
                date: date(as_of, i, "holdings.institution_price_as_of")?,
                price: number(&h.institution_price, i, "holdings.institution_price")?,
                currency: h
                    .currency
                    .clone()
                    .or_else(|| h.security.currency.clone())
                    .unwrap_or_else(|| "USD".to_owned()),
                quantity: number(&h.quantity, i, "holdings.quantity")?,
            });
        }
        for (i, t) in account.investment_transactions.iter().enumerate() {
            let mut line = InvestmentLine::new(
                i as u64 + 1,
                &t.kind.to_ascii_uppercase(),
                date(&t.date, i, "investment_transactions.date")?,
            );
            line.security_id = t.security.as_ref().and_then(|s| add_security(&mut st, s));
            line.units = t.quantity.as_ref().map(|n| number(n, i, "quantity")).transpose()?;
            line.unit_price = t.price.as_ref().map(|n| number(n, i, "price")).transpose()?;
            line.fees = t.fees.as_ref().map(|n| number(n, i, "fees")).transpose()?;
            line.memo = t.name.clone();
            if let (Some(u), Some(p)) = (line.units, line.unit_price) {
                let gross = u * p;
                let fees = line.fees.unwrap_or_default();
                line.total = Some(match line.kind.as_str() {
                    "SELL" => gross - fees,
                    _ => -(gross + fees),
                });
            }
            if let Some(c) = &t.currency {
                st.account.currency = Some(c.clone());
            }
            st.investments.push(line);
        }
        statements.push(st);
    }
    Ok((statements, prices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_statement_securities() {
        let info = |ticker: Option<&str>, id: &str| SecurityInfo {
            id: id.to_owned(),
            id_type: Some("CUSIP".to_owned()),
            ticker: ticker.map(str::to_owned),
            name: None,
        };
        assert_eq!(security_code(&info(Some("INTC"), "458140100")), "INTC");
        assert_eq!(security_code(&info(Some("TIAAtrad"), "111111111")), "TIAATRAD");
        assert_eq!(security_code(&info(Some("CUR:BTC"), "x")), "BTC");
        assert_eq!(security_code(&info(None, "92202V351")), "CUSIP-92202V351");
        assert_eq!(security_code(&info(Some("912810RW0"), "912810RW0")), "CUSIP-912810RW0");
        assert_eq!(class_of_kind("BUYMF"), Some(AssetClass::MutualFund));
        assert_eq!(class_of_kind("INCOME"), None);
    }
}
