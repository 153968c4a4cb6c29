//! Transactions and their splits, the convenience constructors for the common cases, and the
//! validation every write goes through: at least two splits, amounts exact at their commodity's
//! scale, open accounts, and splits that balance to zero per commodity after prices, exactly.

use crate::account::{Account, AccountKind};
use crate::error::Error;
use crate::ids::{AccountId, SplitId, TransactionId};
use crate::money::{self, MoneyError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a transaction stands with the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not yet cleared by the bank; counts in balances.
    Pending,
    /// Cleared by the bank.
    #[default]
    Cleared,
    /// Checked against a statement; locked against edits unless overridden.
    Reconciled,
    /// Cancelled; kept for the record but not counted in any balance.
    Void,
}

impl Status {
    /// Every status.
    pub const ALL: [Self; 4] = [Self::Pending, Self::Cleared, Self::Reconciled, Self::Void];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Cleared => "cleared",
            Self::Reconciled => "reconciled",
            Self::Void => "void",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// True when splits of a transaction in this status count in balances.
    pub fn counts(self) -> bool {
        self != Self::Void
    }
}

/// How a transaction entered the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Entered by a person.
    #[default]
    Manual,
    /// Imported from a file.
    Import,
    /// Received from a bank connection.
    Sync,
}

impl Source {
    /// Every source.
    pub const ALL: [Self; 3] = [Self::Manual, Self::Import, Self::Sync];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Import => "import",
            Self::Sync => "sync",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A per-unit price or cost of a split, in another commodity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnitPrice {
    /// Price of one unit; positive.
    pub amount: Decimal,
    /// Commodity the price is in.
    pub commodity: String,
}

impl UnitPrice {
    /// A price of `amount` `commodity` per unit.
    pub fn new(amount: Decimal, commodity: &str) -> Self {
        Self { amount, commodity: commodity.to_owned() }
    }
}

/// One leg of a transaction as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// Id.
    pub id: SplitId,
    /// Account.
    pub account_id: AccountId,
    /// Signed amount: positive debits (money into an asset, spending in an expense).
    pub amount: Decimal,
    /// Commodity of the amount.
    pub commodity: String,
    /// Conversion price per unit (weight = amount x price), for exchanges.
    pub price: Option<UnitPrice>,
    /// Cost per unit (weight = amount x cost), for lots of securities; wins over `price`.
    pub cost: Option<UnitPrice>,
    /// Memo of this leg.
    pub memo: Option<String>,
}

/// A transaction as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// Id.
    pub id: TransactionId,
    /// Civil date of the transaction.
    pub date: NaiveDate,
    /// Date the bank posted it.
    pub posted_date: Option<NaiveDate>,
    /// Payee.
    pub payee: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Status.
    pub status: Status,
    /// Tags, sorted and unique.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Source.
    pub source: Source,
    /// Idempotency key (the bank's id for imports).
    pub external_id: Option<String>,
    /// The transaction this one reverses.
    pub reversal_of: Option<TransactionId>,
    /// Two or more splits that balance.
    pub splits: Vec<Split>,
    /// Soft-deleted: kept for restore and audit, never counted.
    pub deleted: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// One leg of a transaction to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSplit {
    /// Account.
    pub account_id: AccountId,
    /// Signed amount.
    pub amount: Decimal,
    /// Commodity; the account's currency when `None`.
    pub commodity: Option<String>,
    /// Conversion price per unit.
    pub price: Option<UnitPrice>,
    /// Cost per unit.
    pub cost: Option<UnitPrice>,
    /// Memo.
    pub memo: Option<String>,
}

impl NewSplit {
    /// A split of `amount` in the account's currency.
    pub fn new(account_id: AccountId, amount: Decimal) -> Self {
        Self { account_id, amount, commodity: None, price: None, cost: None, memo: None }
    }

    /// Sets the commodity.
    #[must_use]
    pub fn commodity(mut self, code: &str) -> Self {
        self.commodity = Some(code.to_owned());
        self
    }

    /// Sets a conversion price per unit.
    #[must_use]
    pub fn price(mut self, amount: Decimal, commodity: &str) -> Self {
        self.price = Some(UnitPrice::new(amount, commodity));
        self
    }

    /// Sets a cost per unit.
    #[must_use]
    pub fn cost(mut self, amount: Decimal, commodity: &str) -> Self {
        self.cost = Some(UnitPrice::new(amount, commodity));
        self
    }

    /// Sets the memo.
    #[must_use]
    pub fn memo(mut self, memo: &str) -> Self {
        self.memo = Some(memo.to_owned());
        self
    }
}

/// A transaction to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTransaction {
    /// Civil date.
    pub date: NaiveDate,
    /// Date the bank posted it.
    pub posted_date: Option<NaiveDate>,
    /// Payee.
    pub payee: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Status.
    pub status: Status,
    /// Tags.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Source.
    pub source: Source,
    /// Idempotency key: adding a transaction whose key exists returns the existing one.
    pub external_id: Option<String>,
    /// Two or more splits.
    pub splits: Vec<NewSplit>,
    /// Where the residue of a multi-currency transaction goes (an FX or rounding account):
    /// when its priced splits leave a residual in one commodity, a split of that residual is
    /// added here. Without it such a transaction is `unbalanced`.
    #[serde(default)]
    pub fx_account: Option<AccountId>,
}

impl NewTransaction {
    /// A transaction with the given splits and nothing else set.
    pub fn new(date: NaiveDate, splits: Vec<NewSplit>) -> Self {
        Self {
            date,
            posted_date: None,
            payee: None,
            narration: None,
            status: Status::Cleared,
            tags: Vec::new(),
            notes: None,
            source: Source::Manual,
            external_id: None,
            splits,
            fx_account: None,
        }
    }

    /// Sets the account that takes the residue of a multi-currency transaction.
    #[must_use]
    pub fn fx_account(mut self, account: AccountId) -> Self {
        self.fx_account = Some(account);
        self
    }

    /// Spending of `amount` from `from` (asset or liability) on `category`.
    ///
    /// A positive `amount` is money spent: the category is debited, `from` credited.
    pub fn expense(
        date: NaiveDate,
        from: AccountId,
        category: AccountId,
        amount: Decimal,
        payee: &str,
    ) -> Self {
        Self::new(date, vec![NewSplit::new(category, amount), NewSplit::new(from, -amount)])
            .payee(payee)
    }

    /// Income of `amount` into `to` from `category`.
    pub fn income(
        date: NaiveDate,
        to: AccountId,
        category: AccountId,
        amount: Decimal,
        payee: &str,
    ) -> Self {
        Self::new(date, vec![NewSplit::new(to, amount), NewSplit::new(category, -amount)])
            .payee(payee)
    }

    /// A transfer of `amount` from one account to another in the same currency.
    pub fn transfer(date: NaiveDate, from: AccountId, to: AccountId, amount: Decimal) -> Self {
        Self::new(date, vec![NewSplit::new(to, amount), NewSplit::new(from, -amount)])
    }

    /// One payment from `from` spread over several categories; `from` is credited the total.
    pub fn split_purchase(
        date: NaiveDate,
        from: AccountId,
        payee: &str,
        parts: &[(AccountId, Decimal)],
    ) -> Self {
        let total: Decimal = parts.iter().map(|(_, amount)| *amount).sum();
        let mut splits: Vec<NewSplit> =
            parts.iter().map(|(account, amount)| NewSplit::new(*account, *amount)).collect();
        splits.push(NewSplit::new(from, -total));
        Self::new(date, splits).payee(payee)
    }

    /// Sets the payee.
    #[must_use]
    pub fn payee(mut self, payee: &str) -> Self {
        self.payee = Some(payee.to_owned());
        self
    }

    /// Sets the narration.
    #[must_use]
    pub fn narration(mut self, narration: &str) -> Self {
        self.narration = Some(narration.to_owned());
        self
    }

    /// Sets the status.
    #[must_use]
    pub fn status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }

    /// Adds a tag.
    #[must_use]
    pub fn tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_owned());
        self
    }

    /// Sets the notes.
    #[must_use]
    pub fn notes(mut self, notes: &str) -> Self {
        self.notes = Some(notes.to_owned());
        self
    }

    /// Sets the source.
    #[must_use]
    pub fn source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    /// Sets the external (idempotency) id.
    #[must_use]
    pub fn external_id(mut self, id: &str) -> Self {
        self.external_id = Some(id.to_owned());
        self
    }

    /// Sets the posted date.
    #[must_use]
    pub fn posted(mut self, date: NaiveDate) -> Self {
        self.posted_date = Some(date);
        self
    }
}

impl From<&Transaction> for NewTransaction {
    fn from(tx: &Transaction) -> Self {
        Self {
            date: tx.date,
            posted_date: tx.posted_date,
            payee: tx.payee.clone(),
            narration: tx.narration.clone(),
            status: tx.status,
            tags: tx.tags.clone(),
            notes: tx.notes.clone(),
            source: tx.source,
            external_id: tx.external_id.clone(),
            splits: tx
                .splits
                .iter()
                .map(|s| NewSplit {
                    account_id: s.account_id,
                    amount: s.amount,
                    commodity: Some(s.commodity.clone()),
                    price: s.price.clone(),
                    cost: s.cost.clone(),
                    memo: s.memo.clone(),
                })
                .collect(),
            fx_account: None,
        }
    }
}

/// A transfer or purchase between accounts in different currencies, for
/// [`Transactions::exchange`](crate::book::Transactions::exchange). Give the amount sent, the
/// amount received, or both; the rate is the one both imply, else the caller's, else the rate
/// table's on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewExchange {
    /// Civil date.
    pub date: NaiveDate,
    /// Account the money leaves (its currency is sent).
    pub from: AccountId,
    /// Account (or category) the money reaches.
    pub to: AccountId,
    /// Amount sent, positive, in `from`'s currency.
    pub amount: Option<Decimal>,
    /// Amount received, positive, in the `to` commodity.
    pub received: Option<Decimal>,
    /// Commodity received; `to`'s currency when `None` (a category may take any).
    pub to_commodity: Option<String>,
    /// Units of the `to` commodity per unit sent; not with both amounts.
    pub rate: Option<Decimal>,
    /// How the missing amount is rounded to minor units (half-even by default).
    #[serde(default)]
    pub rounding: crate::Rounding,
    /// Staleness limit of a rate from the table, in days.
    pub max_age_days: u32,
    /// Where a rounding residue goes; without it a residue is `unbalanced`.
    pub fx_account: Option<AccountId>,
    /// Payee.
    pub payee: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

impl NewExchange {
    /// An exchange of `amount` sent from `from` to `to` on `date`.
    pub fn send(date: NaiveDate, from: AccountId, to: AccountId, amount: Decimal) -> Self {
        Self { amount: Some(amount), ..Self::empty(date, from, to) }
    }

    /// An exchange that delivers `received` to `to` on `date`.
    pub fn receive(date: NaiveDate, from: AccountId, to: AccountId, received: Decimal) -> Self {
        Self { received: Some(received), ..Self::empty(date, from, to) }
    }

    fn empty(date: NaiveDate, from: AccountId, to: AccountId) -> Self {
        Self {
            date,
            from,
            to,
            amount: None,
            received: None,
            to_commodity: None,
            rate: None,
            rounding: crate::Rounding::HalfEven,
            max_age_days: crate::rates::DEFAULT_MAX_AGE_DAYS,
            fx_account: None,
            payee: None,
            narration: None,
            external_id: None,
        }
    }

    /// Sets the amount sent.
    #[must_use]
    pub fn amount(mut self, amount: Decimal) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Sets the amount received.
    #[must_use]
    pub fn received(mut self, received: Decimal) -> Self {
        self.received = Some(received);
        self
    }

    /// Sets the commodity received.
    #[must_use]
    pub fn to_commodity(mut self, code: &str) -> Self {
        self.to_commodity = Some(code.to_owned());
        self
    }

    /// Sets the rate (units received per unit sent).
    #[must_use]
    pub fn rate(mut self, rate: Decimal) -> Self {
        self.rate = Some(rate);
        self
    }

    /// Sets the rounding of the missing amount.
    #[must_use]
    pub fn rounding(mut self, rounding: crate::Rounding) -> Self {
        self.rounding = rounding;
        self
    }

    /// Sets the account that takes a rounding residue.
    #[must_use]
    pub fn fx_account(mut self, account: AccountId) -> Self {
        self.fx_account = Some(account);
        self
    }

    /// Sets the payee.
    #[must_use]
    pub fn payee(mut self, payee: &str) -> Self {
        self.payee = Some(payee.to_owned());
        self
    }
}

/// Options of an edit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditOptions {
    /// Allow editing a reconciled transaction.
    pub allow_reconciled: bool,
}

/// A validated split, ready for a store: the commodity is resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitDraft {
    /// Account.
    pub account_id: AccountId,
    /// Amount, exact at the commodity's scale.
    pub amount: Decimal,
    /// Commodity.
    pub commodity: String,
    /// Conversion price per unit.
    pub price: Option<UnitPrice>,
    /// Cost per unit.
    pub cost: Option<UnitPrice>,
    /// Memo.
    pub memo: Option<String>,
}

/// A validated transaction, ready for a store. Only [`validate`] builds these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionDraft {
    /// Civil date.
    pub date: NaiveDate,
    /// Posted date.
    pub posted_date: Option<NaiveDate>,
    /// Payee.
    pub payee: Option<String>,
    /// Narration.
    pub narration: Option<String>,
    /// Status.
    pub status: Status,
    /// Tags, sorted and unique.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Source.
    pub source: Source,
    /// External id.
    pub external_id: Option<String>,
    /// Reversed transaction.
    pub reversal_of: Option<TransactionId>,
    /// Splits.
    pub splits: Vec<SplitDraft>,
}

impl TransactionDraft {
    /// The draft a stored transaction was written from.
    pub fn of(tx: &Transaction) -> Self {
        Self {
            date: tx.date,
            posted_date: tx.posted_date,
            payee: tx.payee.clone(),
            narration: tx.narration.clone(),
            status: tx.status,
            tags: tx.tags.clone(),
            notes: tx.notes.clone(),
            source: tx.source,
            external_id: tx.external_id.clone(),
            reversal_of: tx.reversal_of,
            splits: tx
                .splits
                .iter()
                .map(|s| SplitDraft {
                    account_id: s.account_id,
                    amount: s.amount,
                    commodity: s.commodity.clone(),
                    price: s.price.clone(),
                    cost: s.cost.clone(),
                    memo: s.memo.clone(),
                })
                .collect(),
        }
    }
}

/// Errors of transactions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransactionError {
    /// Fewer than two splits.
    #[error("{field}: a transaction needs at least two splits, got {count}")]
    TooFewSplits {
        /// Field at fault.
        field: String,
        /// Splits given.
        count: usize,
    },
    /// The splits do not sum to zero.
    #[error("{field}: splits do not balance: residual {}", format_residuals(.residuals))]
    Unbalanced {
        /// Field at fault.
        field: String,
        /// Non-zero sum per commodity, sorted by commodity.
        residuals: Vec<(String, Decimal)>,
    },
    /// The account does not accept postings on that date.
    #[error("{field}: account '{account}' is not open on {date}")]
    AccountClosed {
        /// Field at fault.
        field: String,
        /// Account path.
        account: String,
        /// The transaction date.
        date: NaiveDate,
    },
    /// The commodity does not fit the account.
    #[error("{field}: account '{account}' is kept in {expected}, not {got}")]
    CommodityMismatch {
        /// Field at fault.
        field: String,
        /// Account path.
        account: String,
        /// Account currency.
        expected: String,
        /// Commodity given.
        got: String,
    },
    /// A field is malformed.
    #[error("{field}: {reason} ('{value}')")]
    InvalidField {
        /// Field at fault.
        field: String,
        /// The value as given.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// No such transaction in this book.
    #[error("transaction {0} not found in this book")]
    NotFound(TransactionId),
    /// The transaction is deleted.
    #[error("transaction {0} is deleted; restore it first")]
    Deleted(TransactionId),
    /// Restore of a transaction that is not deleted.
    #[error("transaction {0} is not deleted")]
    NotDeleted(TransactionId),
    /// Edit of a reconciled transaction without the override.
    #[error("transaction {0} is reconciled; pass allow_reconciled to edit it")]
    ReconciledLocked(TransactionId),
    /// The external id exists with other content.
    #[error("external_id: '{0}' already names a different transaction")]
    ExternalIdConflict(String),
    /// A transaction is already reversed.
    #[error("transaction {id} is already reversed by transaction {by}")]
    AlreadyReversed {
        /// The original.
        id: TransactionId,
        /// The reversal.
        by: TransactionId,
    },
}

fn format_residuals(residuals: &[(String, Decimal)]) -> String {
    residuals.iter().map(|(c, a)| format!("{a} {c}")).collect::<Vec<_>>().join(", ")
}

/// What validation needs to know about the book.
pub trait LedgerContext {
    /// The account with this id, if it is in the book.
    fn account(&self, id: AccountId) -> Option<&Account>;
    /// The scale of a commodity, if the book knows it.
    fn scale(&self, code: &str) -> Option<u32>;
}

/// Validates a transaction and resolves it into a draft for the store.
///
/// Field names in errors are relative to the transaction (`splits[1].amount`); callers that
/// validate a batch prefix them with [`Error::within`].
///
/// # Errors
///
/// `too_few_splits`, `unbalanced` (with the residual per commodity), `too_many_decimals`,
/// `amount_out_of_range`, `unknown_commodity`, `account_not_found`, `account_closed`,
/// `commodity_mismatch`, `invalid_field`.
pub fn validate(tx: &NewTransaction, ctx: &dyn LedgerContext) -> Result<TransactionDraft, Error> {
    if tx.splits.len() < 2 {
        return Err(TransactionError::TooFewSplits {
            field: "splits".to_owned(),
            count: tx.splits.len(),
        }
        .into());
    }
    for (field, date) in [("date", Some(tx.date)), ("posted_date", tx.posted_date)] {
        // Dates are stored as ISO text that sorts by date only with four-digit years.
        if let Some(d) = date.filter(|d| !(1..=9999).contains(&d.year())) {
            return Err(invalid(field, &d.to_string(), "the year must be 1 to 9999"));
        }
    }
    if let Some(posted) = tx.posted_date {
        if posted < tx.date {
            return Err(invalid("posted_date", &posted.to_string(), "before the date"));
        }
    }
    let tags = clean_tags(&tx.tags)?;
    if let Some(ext) = &tx.external_id {
        if ext.trim().is_empty() || ext.len() > 512 {
            return Err(invalid("external_id", ext, "must be 1 to 512 characters"));
        }
    }
    // Two-split transactions in one commodity are the common case: a small vector beats a map.
    let mut weights: Vec<(String, Decimal)> = Vec::with_capacity(2);
    let mut splits = Vec::with_capacity(tx.splits.len());
    for (i, split) in tx.splits.iter().enumerate() {
        let in_split = |e: Error| e.within(&format!("splits[{i}]."));
        let draft = validate_split(split, tx.date, ctx).map_err(in_split)?;
        let (weight, commodity) = weight(&draft, ctx).map_err(in_split)?;
        let slot = match weights.iter().position(|(c, _)| c == commodity) {
            Some(slot) => slot,
            None => {
                weights.push((commodity.to_owned(), Decimal::ZERO));
                weights.len() - 1
            }
        };
        let sum = &mut weights[slot].1;
        *sum = sum.checked_add(weight).ok_or_else(|| {
            invalid(&format!("splits[{i}].amount"), &split.amount.to_string(), "overflows")
        })?;
        splits.push(draft);
    }
    let mut residuals: Vec<(String, Decimal)> = weights
        .into_iter()
        .filter(|(_, sum)| !sum.is_zero())
        .map(|(c, s)| (c, s.normalize()))
        .collect();
    if !residuals.is_empty() {
        residuals.sort();
        return Err(TransactionError::Unbalanced { field: "splits".to_owned(), residuals }.into());
    }
    Ok(TransactionDraft {
        date: tx.date,
        posted_date: tx.posted_date,
        payee: clean_text(&tx.payee),
        narration: clean_text(&tx.narration),
        status: tx.status,
        tags,
        notes: clean_text(&tx.notes),
        source: tx.source,
        external_id: tx.external_id.clone(),
        reversal_of: None,
        splits,
    })
}

/// Validates a transaction like [`validate`], first resolving what a multi-currency transaction
/// leaves open:
///
/// - the *balance commodity* is that of the first split's weight (its price or cost commodity,
///   else its own); every split without a price or cost in another commodity is priced with the
///   table's rate into the balance commodity on the transaction's date (default staleness
///   limit), and that rate is stored on the split; with no usable rate the transaction is
///   refused (`no_rate`, `stale_rate`), never valued 1:1;
/// - when the priced splits leave a residual in one commodity (rounding to minor units, or a
///   bank's rate that differs from the table's) and the transaction names an
///   [`fx_account`](NewTransaction::fx_account), a split of the residual is added there.
///
/// `table` is called only when a rate is needed.
///
/// # Errors
///
/// As [`validate`], plus `no_rate` and `stale_rate` (field `splits[i].price`).
pub fn validate_with_rates(
    tx: &NewTransaction,
    ctx: &dyn LedgerContext,
    table: &mut dyn FnMut() -> Result<std::sync::Arc<crate::rates::RateTable>, Error>,
) -> Result<TransactionDraft, Error> {
    match validate(tx, ctx) {
        Err(Error::Transaction(TransactionError::Unbalanced { .. })) => {}
        other => return other,
    }
    let commodity_of = |split: &NewSplit| -> Option<String> {
        split
            .commodity
            .clone()
            .or_else(|| ctx.account(split.account_id).map(|a| a.currency.clone()))
    };
    let weight_of = |split: &NewSplit| -> Option<String> {
        match split.cost.as_ref().or(split.price.as_ref()) {
            Some(unit) => Some(unit.commodity.clone()),
            None => commodity_of(split),
        }
    };
    let Some(balance) = tx.splits.first().and_then(weight_of) else {
        return validate(tx, ctx);
    };
    let mut priced = tx.clone();
    for (i, split) in priced.splits.iter_mut().enumerate() {
        if split.price.is_some() || split.cost.is_some() {
            continue;
        }
        let Some(commodity) = commodity_of(split) else { continue };
        if commodity == balance {
            continue;
        }
        let quote = table()?.lookup_for(
            &format!("splits[{i}].price"),
            &commodity,
            &balance,
            tx.date,
            crate::rates::LookupOptions::default(),
        )?;
        split.price = Some(UnitPrice::new(quote.rate, &balance));
    }
    let multi = priced.splits.iter().any(|s| s.price.is_some() || s.cost.is_some());
    match (validate(&priced, ctx), tx.fx_account) {
        (Err(Error::Transaction(TransactionError::Unbalanced { residuals, .. })), Some(fx))
            if multi && residuals.len() == 1 =>
        {
            let (commodity, residual) = &residuals[0];
            priced
                .splits
                .push(NewSplit::new(fx, -*residual).commodity(commodity).memo("exchange residue"));
            validate(&priced, ctx)
        }
        (result, _) => result,
    }
}

fn validate_split(
    split: &NewSplit,
    date: NaiveDate,
    ctx: &dyn LedgerContext,
) -> Result<SplitDraft, Error> {
    let account = ctx.account(split.account_id).ok_or_else(|| {
        Error::from(crate::account::AccountError::NotFound {
            field: "account_id".to_owned(),
            id: split.account_id,
        })
    })?;
    if !account.is_open_on(date) {
        return Err(TransactionError::AccountClosed {
            field: "account_id".to_owned(),
            account: account.path.clone(),
            date,
        }
        .into());
    }
    let commodity = split.commodity.as_ref().unwrap_or(&account.currency);
    let scale = ctx.scale(commodity).ok_or_else(|| {
        Error::from(crate::commodity::CommodityError::Unknown {
            field: "commodity".to_owned(),
            code: commodity.clone(),
        })
    })?;
    let fixed_currency = matches!(account.kind, AccountKind::Asset | AccountKind::Liability)
        && !account.subtype.holds_securities();
    if fixed_currency && *commodity != account.currency {
        return Err(TransactionError::CommodityMismatch {
            field: "commodity".to_owned(),
            account: account.path.clone(),
            expected: account.currency.clone(),
            got: commodity.clone(),
        }
        .into());
    }
    money::check_amount(split.amount, commodity, scale, "amount")?;
    // Exact after the check: every store hands amounts back at the commodity's scale.
    let mut amount = split.amount;
    amount.rescale(scale);
    for (name, unit) in [("price", &split.price), ("cost", &split.cost)] {
        if let Some(unit) = unit {
            if unit.amount <= Decimal::ZERO {
                return Err(invalid(name, &unit.amount.to_string(), "must be positive"));
            }
            if ctx.scale(&unit.commodity).is_none() {
                return Err(crate::commodity::CommodityError::Unknown {
                    field: format!("{name}.commodity"),
                    code: unit.commodity.clone(),
                }
                .into());
            }
            if unit.commodity == *commodity {
                return Err(invalid(
                    &format!("{name}.commodity"),
                    &unit.commodity,
                    "a price must be in another commodity",
                ));
            }
        }
    }
    Ok(SplitDraft {
        account_id: split.account_id,
        amount,
        commodity: commodity.clone(),
        price: split.price.clone(),
        cost: split.cost.clone(),
        memo: clean_text(&split.memo),
    })
}

/// The weight of a split: its amount times its cost, else its price, else the amount itself,
/// with the commodity the weight is in. A priced weight is rounded half-even to the minor units
/// of the price's commodity (as a ledger keeps the value of a foreign split in its currency), so
/// splits balance exactly in minor units; a residue left by rounding must be posted (see
/// [`NewTransaction::fx_account`]), it never vanishes.
pub(crate) fn weight<'s>(
    split: &'s SplitDraft,
    ctx: &dyn LedgerContext,
) -> Result<(Decimal, &'s str), Error> {
    let Some(unit) = split.cost.as_ref().or(split.price.as_ref()) else {
        return Ok((split.amount, &split.commodity));
    };
    let overflow = || {
        Error::from(MoneyError::AmountOutOfRange {
            field: "amount".to_owned(),
            value: format!("{} x {}", split.amount, unit.amount),
            commodity: unit.commodity.clone(),
            scale: 28,
        })
    };
    let product = split.amount.checked_mul(unit.amount).ok_or_else(overflow)?;
    let scale = ctx.scale(&unit.commodity).unwrap_or(crate::money::MAX_SCALE);
    let mut weight = crate::money::round(product, scale, crate::Rounding::HalfEven);
    weight.rescale(scale);
    Ok((weight, &unit.commodity))
}

fn clean_tags(tags: &[String]) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let t = tag.trim();
        if t.is_empty() || t.len() > 128 || t.contains(',') {
            return Err(invalid(
                &format!("tags[{i}]"),
                tag,
                "must be 1 to 128 characters without commas",
            ));
        }
        out.push(t.to_owned());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn clean_text(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

fn invalid(field: &str, value: &str, reason: &str) -> Error {
    TransactionError::InvalidField {
        field: field.to_owned(),
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}
