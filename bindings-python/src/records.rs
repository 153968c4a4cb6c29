//! The records a call returns: frozen newtypes around the core types with one read-only
//! attribute per field, equality, a `repr` that shows every field, and `to_dict()`. This file is
//! the output half of the conversions: amounts become `decimal.Decimal`, dates `datetime.date`,
//! timestamps UTC-aware `datetime`, enums their stable snake_case names, ids plain ints.

use chrono::{DateTime, NaiveDate, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;
use rust_decimal::Decimal;
use tally_core as core;

/// A JSON value (the audit log's before/after), handed to Python as dicts and lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub serde_json::Value);

/// A value as plain Python data: records become dicts, lists of records lists of dicts.
pub(crate) trait Plain {
    /// The plain Python value.
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

macro_rules! plain_as_is {
    ($($ty:ty),*) => {$(
        impl Plain for $ty {
            fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.clone().into_bound_py_any(py)
            }
        }
    )*};
}

plain_as_is!(
    i64,
    u32,
    u64,
    f64,
    bool,
    String,
    &'static str,
    Decimal,
    NaiveDate,
    DateTime<Utc>,
    Json
);

impl<A: Plain, B: Plain> Plain for (A, B) {
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pyo3::types::PyTuple::new(py, [self.0.plain(py)?, self.1.plain(py)?])?.into_any())
    }
}

impl<T: Plain> Plain for Option<T> {
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.plain(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

impl<T: Plain> Plain for Vec<T> {
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self.iter().map(|v| v.plain(py)).collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any())
    }
}

/// Declares a record class: a newtype around the core type with one read-only attribute per
/// field (converted by the expression given), equality, `to_dict` and `__repr__`.
macro_rules! record {
    (
        $(#[$meta:meta])*
        $name:ident($core:ty) {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $get:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[pyclass(module = "tally", frozen, eq)]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(pub $core);

        #[pymethods]
        impl $name {
            $(
                $(#[$fmeta])*
                #[getter]
                // The getter is named after the Python attribute (`from_amount`, `new`, ...).
                #[allow(clippy::wrong_self_convention, clippy::new_ret_no_self)]
                fn $field(&self) -> $ty {
                    let get: fn(&$core) -> $ty = $get;
                    get(&self.0)
                }
            )*

            /// The record as a dict of plain values (nested records become dicts).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let dict = PyDict::new(py);
                $( dict.set_item(stringify!($field), Plain::plain(&self.$field(), py)?)?; )*
                Ok(dict)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let fields: Vec<String> = vec![$(
                    format!(
                        "{}={}",
                        stringify!($field),
                        self.$field().into_bound_py_any(py)?.repr()?
                    ),
                )*];
                Ok(format!("{}({})", stringify!($name), fields.join(", ")))
            }
        }

        impl Plain for $name {
            fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(self.to_dict(py)?.into_any())
            }
        }
    };
}

record! {
    /// A person who owns or shares books.
    User(core::User) {
        /// Id.
        id: i64 = |u| u.id.0,
        /// E-mail address, unique in the database.
        email: String = |u| u.email.clone(),
        /// Given name.
        given_name: String = |u| u.given_name.clone(),
        /// Family name.
        family_name: String = |u| u.family_name.clone(),
        /// ISO 4217 code of the currency new books use by default.
        default_currency: String = |u| u.default_currency.clone(),
        /// BCP 47 locale, e.g. 'en-GB'.
        locale: String = |u| u.locale.clone(),
        /// IANA time zone, e.g. 'Europe/Berlin'.
        time_zone: String = |u| u.time_zone.clone(),
        /// When the user was created (UTC).
        created_at: DateTime<Utc> = |u| u.created_at,
    }
}

record! {
    /// A book's description.
    BookInfo(core::BookInfo) {
        /// Id.
        id: i64 = |b| b.id.0,
        /// Name shown to the user.
        name: String = |b| b.name.clone(),
        /// Owner's user id.
        owner_id: i64 = |b| b.owner_id.0,
        /// Default currency of new accounts and reports.
        default_currency: String = |b| b.default_currency.clone(),
        /// When it was created (UTC).
        created_at: DateTime<Utc> = |b| b.created_at,
    }
}

record! {
    /// One member of a book.
    Member(core::Member) {
        /// The user's id.
        user_id: i64 = |m| m.user_id.0,
        /// Their role: 'owner', 'member' or 'viewer'.
        role: &'static str = |m| m.role.as_str(),
    }
}

record! {
    /// An account (or category: an income or expense account) of a book.
    Account(core::Account) {
        /// Id.
        id: i64 = |a| a.id.0,
        /// Parent in the tree; None for a root such as 'Assets'.
        parent_id: Option<i64> = |a| a.parent_id.map(|p| p.0),
        /// Last segment of the path, e.g. 'Checking'.
        name: String = |a| a.name.clone(),
        /// Full path, e.g. 'Assets:Bank:Checking'; unique in the book.
        path: String = |a| a.path.clone(),
        /// Kind: 'asset', 'liability', 'equity', 'income' or 'expense'.
        kind: &'static str = |a| a.kind.as_str(),
        /// Subtype, e.g. 'checking', 'credit_card' or 'other'.
        subtype: &'static str = |a| a.subtype.as_str(),
        /// Currency the account is kept in.
        currency: String = |a| a.currency.clone(),
        /// Bank or broker.
        institution: Option<String> = |a| a.institution.clone(),
        /// Display color, e.g. '#2a9d8f'.
        color: Option<String> = |a| a.color.clone(),
        /// Display icon name.
        icon: Option<String> = |a| a.icon.clone(),
        /// First day postings are allowed.
        opened_on: Option<NaiveDate> = |a| a.opened_on,
        /// Last day postings are allowed.
        closed_on: Option<NaiveDate> = |a| a.closed_on,
        /// Hidden from pickers; still counted.
        archived: bool = |a| a.archived,
        /// Counted in net worth.
        include_in_net_worth: bool = |a| a.include_in_net_worth,
        /// When it was created (UTC).
        created_at: DateTime<Utc> = |a| a.created_at,
    }
}

record! {
    /// A commodity known to a book: an ISO 4217 currency or a user-defined one.
    Commodity(core::Commodity) {
        /// Code, e.g. 'EUR', 'AAPL', 'BTC'.
        code: String = |c| c.code.clone(),
        /// Human name.
        name: String = |c| c.name.clone(),
        /// Decimals of the smallest unit (JPY 0, EUR 2, BHD 3, BTC 8).
        scale: u32 = |c| c.scale,
        /// Kind: 'currency', 'security', 'crypto' or 'other'.
        kind: &'static str = |c| c.kind.as_str(),
        /// True for the ISO 4217 currencies built into every book.
        builtin: bool = |c| c.builtin,
    }
}

/// A per-unit price or cost of a split, in another commodity.
///
/// `UnitPrice(amount, commodity)`: `amount` is a Decimal, str or int (a float is refused).
#[pyclass(module = "tally", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPrice(pub core::UnitPrice);

#[pymethods]
impl UnitPrice {
    #[new]
    fn new(amount: crate::conversion::Amount, commodity: String) -> Self {
        Self(core::UnitPrice { amount: amount.0, commodity })
    }

    /// Price of one unit; positive.
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount
    }

    /// Commodity the price is in.
    #[getter]
    fn commodity(&self) -> String {
        self.0.commodity.clone()
    }

    /// The price as a dict of plain values.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("amount", self.0.amount)?;
        dict.set_item("commodity", &self.0.commodity)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!("UnitPrice(amount=Decimal('{}'), commodity='{}')", self.0.amount, self.0.commodity)
    }
}

impl Plain for UnitPrice {
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.to_dict(py)?.into_any())
    }
}

record! {
    /// One leg of a transaction as stored.
    Split(core::Split) {
        /// Id.
        id: i64 = |s| s.id.0,
        /// Account id.
        account_id: i64 = |s| s.account_id.0,
        /// Signed amount: positive debits (money into an asset, spending in an expense).
        amount: Decimal = |s| s.amount,
        /// Commodity of the amount.
        commodity: String = |s| s.commodity.clone(),
        /// Conversion price per unit (weight = amount x price), for exchanges.
        price: Option<UnitPrice> = |s| s.price.clone().map(UnitPrice),
        /// Cost per unit (weight = amount x cost), for lots of securities; wins over price.
        cost: Option<UnitPrice> = |s| s.cost.clone().map(UnitPrice),
        /// Memo of this leg.
        memo: Option<String> = |s| s.memo.clone(),
    }
}

record! {
    /// A transaction as stored: two or more splits that balance.
    Transaction(core::Transaction) {
        /// Id.
        id: i64 = |t| t.id.0,
        /// Civil date of the transaction.
        date: NaiveDate = |t| t.date,
        /// Date the bank posted it.
        posted_date: Option<NaiveDate> = |t| t.posted_date,
        /// Payee.
        payee: Option<String> = |t| t.payee.clone(),
        /// Description.
        narration: Option<String> = |t| t.narration.clone(),
        /// Status: 'pending', 'cleared', 'reconciled' or 'void'.
        status: &'static str = |t| t.status.as_str(),
        /// Tags, sorted and unique.
        tags: Vec<String> = |t| t.tags.clone(),
        /// Notes.
        notes: Option<String> = |t| t.notes.clone(),
        /// How it entered the book: 'manual', 'import' or 'sync'.
        source: &'static str = |t| t.source.as_str(),
        /// Idempotency key (the bank's id for imports).
        external_id: Option<String> = |t| t.external_id.clone(),
        /// Id of the transaction this one reverses.
        reversal_of: Option<i64> = |t| t.reversal_of.map(|r| r.0),
        /// The splits.
        splits: Vec<Split> = |t| t.splits.iter().cloned().map(Split).collect(),
        /// Soft-deleted: kept for restore and audit, never counted.
        deleted: bool = |t| t.deleted,
        /// When it was written (UTC).
        created_at: DateTime<Utc> = |t| t.created_at,
        /// When it was last changed (UTC).
        updated_at: DateTime<Utc> = |t| t.updated_at,
    }
}

record! {
    /// Balance of one account in one commodity.
    AccountBalance(core::AccountBalance) {
        /// Account id.
        account_id: i64 = |b| b.account_id.0,
        /// Its path.
        path: String = |b| b.path.clone(),
        /// Commodity.
        commodity: String = |b| b.commodity.clone(),
        /// Sum of the account's own splits.
        own: Decimal = |b| b.own,
        /// Own plus every descendant's.
        total: Decimal = |b| b.total,
    }
}

record! {
    /// The amount of one category over a period.
    CategoryAmount(core::CategoryAmount) {
        /// Category (income or expense account) id.
        account_id: i64 = |c| c.account_id.0,
        /// Its path.
        path: String = |c| c.path.clone(),
        /// Its depth in the tree (0 for a root).
        depth: u32 = |c| c.depth,
        /// Commodity.
        commodity: String = |c| c.commodity.clone(),
        /// Own splits over the period (spending is positive).
        own: Decimal = |c| c.own,
        /// Own plus descendants.
        total: Decimal = |c| c.total,
    }
}

record! {
    /// One row of an account's register.
    RegisterRow(core::RegisterRow) {
        /// Transaction id.
        transaction_id: i64 = |r| r.transaction_id.0,
        /// Split id.
        split_id: i64 = |r| r.split_id.0,
        /// Account of the split (the account or a descendant).
        account_id: i64 = |r| r.account_id.0,
        /// Date.
        date: NaiveDate = |r| r.date,
        /// Payee.
        payee: Option<String> = |r| r.payee.clone(),
        /// Narration.
        narration: Option<String> = |r| r.narration.clone(),
        /// Memo of the split.
        memo: Option<String> = |r| r.memo.clone(),
        /// Status of the transaction.
        status: &'static str = |r| r.status.as_str(),
        /// Amount of the split.
        amount: Decimal = |r| r.amount,
        /// Commodity.
        commodity: String = |r| r.commodity.clone(),
        /// Balance in this commodity after this row (in date order).
        balance: Decimal = |r| r.balance,
    }
}

record! {
    /// A balance the user expects an account (with descendants) to have at the end of a day.
    BalanceAssertion(core::BalanceAssertion) {
        /// Id.
        id: i64 = |a| a.id.0,
        /// Account id.
        account_id: i64 = |a| a.account_id.0,
        /// Day, inclusive.
        date: NaiveDate = |a| a.date,
        /// Expected balance.
        amount: Decimal = |a| a.amount,
        /// Commodity.
        commodity: String = |a| a.commodity.clone(),
    }
}

record! {
    /// The outcome of checking one balance assertion.
    AssertionResult(core::AssertionResult) {
        /// The assertion.
        assertion: BalanceAssertion = |r| BalanceAssertion(r.assertion.clone()),
        /// Actual balance at the end of that day.
        actual: Decimal = |r| r.actual,
        /// Actual minus expected.
        difference: Decimal = |r| r.difference,
        /// True when they agree.
        passed: bool = |r| r.passed,
    }
}

record! {
    /// One row of the audit log: who did what to which row, when, with before and after.
    AuditEntry(core::AuditEntry) {
        /// Sequence number within the database.
        id: i64 = |e| e.id,
        /// Book id.
        book_id: i64 = |e| e.book_id.0,
        /// User id of who did it.
        actor: i64 = |e| e.actor.0,
        /// What was done: 'create', 'create_batch', 'update', 'delete' or 'restore'.
        action: &'static str = |e| e.action.as_str(),
        /// Kind of row: 'book', 'member', 'commodity', 'account', 'transaction',
        /// 'balance_assertion' or 'rate'.
        entity: &'static str = |e| e.entity.as_str(),
        /// The row's id.
        entity_id: Option<i64> = |e| e.entity_id,
        /// The row before (dicts and lists), for updates and deletes.
        before: Option<Json> = |e| e.before.clone().map(Json),
        /// The row after (dicts and lists), for creations and updates.
        after: Option<Json> = |e| e.after.clone().map(Json),
        /// When (UTC).
        at: DateTime<Utc> = |e| e.at,
    }
}

/// A stored exchange rate or price: one `base` is worth `rate` `quote` on `date`.
///
/// `Rate(base, quote, date, rate, source)`: `rate` is a Decimal, str or int (a float is
/// refused), e.g. `Rate('EUR', 'USD', date(2026, 10, 30), Decimal('1.1172'), 'ecb')`.
#[pyclass(module = "tally", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Rate(pub core::Rate);

#[pymethods]
impl Rate {
    #[new]
    fn new(
        base: String,
        quote: String,
        date: crate::conversion::Day,
        rate: crate::conversion::Amount,
        source: String,
    ) -> Self {
        Self(core::Rate { base, quote, date: date.0, rate: rate.0, source })
    }

    /// Commodity priced, e.g. 'EUR'.
    #[getter]
    fn base(&self) -> String {
        self.0.base.clone()
    }

    /// Commodity the price is in, e.g. 'USD'.
    #[getter]
    fn quote(&self) -> String {
        self.0.quote.clone()
    }

    /// Day the rate holds for.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }

    /// Units of `quote` per unit of `base`, exact.
    #[getter]
    fn rate(&self) -> Decimal {
        self.0.rate
    }

    /// Where it came from ('ecb', 'manual', a file name, ...).
    #[getter]
    fn source(&self) -> String {
        self.0.source.clone()
    }

    /// The rate as a dict of plain values.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("base", &self.0.base)?;
        dict.set_item("quote", &self.0.quote)?;
        dict.set_item("date", self.0.date)?;
        dict.set_item("rate", self.0.rate)?;
        dict.set_item("source", &self.0.source)?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr = |v: Bound<'_, PyAny>| v.repr().map(|r| r.to_string());
        Ok(format!(
            "Rate(base={}, quote={}, date={}, rate=Decimal('{}'), source={})",
            repr(self.base().into_bound_py_any(py)?)?,
            repr(self.quote().into_bound_py_any(py)?)?,
            repr(self.0.date.into_bound_py_any(py)?)?,
            self.0.rate,
            repr(self.source().into_bound_py_any(py)?)?,
        ))
    }
}

impl Plain for Rate {
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.to_dict(py)?.into_any())
    }
}

record! {
    /// One step of a rate lookup: a stored rate, used as stored or inverted.
    RateLeg(core::RateLeg) {
        /// Commodity converted from in this step (`from` in Rust).
        from_commodity: String = |l| l.from.clone(),
        /// Commodity converted to (`to` in Rust).
        to_commodity: String = |l| l.to.clone(),
        /// Date of the stored rate used (on or before the requested date).
        date: NaiveDate = |l| l.date,
        /// The stored rate, as stored (base -> quote).
        stored_rate: Decimal = |l| l.stored_rate,
        /// True when the stored rate is to -> from and this step divides by it.
        inverted: bool = |l| l.inverted,
        /// Source of the stored rate.
        source: String = |l| l.source.clone(),
    }
}

record! {
    /// The answer of a rate lookup: the rate and how it was found.
    RateQuote(core::RateQuote) {
        /// Commodity converted from.
        base: String = |q| q.base.clone(),
        /// Commodity converted to.
        quote: String = |q| q.quote.clone(),
        /// The requested date.
        date: NaiveDate = |q| q.date,
        /// Units of `quote` per `base`: exact for a direct stored rate, 28 significant digits
        /// for an inverse or cross rate.
        rate: Decimal = |q| q.rate,
        /// The stored rates used, from `base` to `quote` (empty when they are the same).
        path: Vec<RateLeg> = |q| q.path.iter().cloned().map(RateLeg).collect(),
        /// The date of the oldest rate used.
        oldest: NaiveDate = |q| q.oldest,
        /// Days between the requested date and the oldest rate used (`age_days()` in Rust).
        age_days: i64 = |q| q.age_days(),
    }
}

record! {
    /// A conversion: the amount in the target commodity, before and after rounding.
    Conversion(core::Conversion) {
        /// The amount given.
        from_amount: Decimal = |c| c.from_amount,
        /// Its commodity (`from` in Rust).
        from_commodity: String = |c| c.from.clone(),
        /// The target commodity (`to` in Rust).
        to_commodity: String = |c| c.to.clone(),
        /// The exact result before rounding (28 significant digits when a division does not
        /// end).
        exact: Decimal = |c| c.exact,
        /// The result rounded to the target's minor units with the rounding asked for.
        amount: Decimal = |c| c.amount,
        /// The rate and how it was found.
        quote: RateQuote = |c| RateQuote(c.quote.clone()),
    }
}

record! {
    /// What a rate load or bulk add did.
    LoadReport(core::LoadReport) {
        /// The format read: 'ecb_zip', 'ecb_csv' or 'csv' (None for an add).
        format: Option<&'static str> = |r| r.format.map(core::RateFormat::as_str),
        /// Rates read from the input.
        read: u64 = |r| r.read,
        /// Rates new to the book.
        added: u64 = |r| r.added,
        /// Rates that replaced a different rate for the same pair and day.
        replaced: u64 = |r| r.replaced,
        /// Rates already stored exactly as given (a re-load adds nothing).
        unchanged: u64 = |r| r.unchanged,
        /// Cells the input marks as missing ('N/A' in ECB files), skipped.
        missing: u64 = |r| r.missing,
        /// Rates not loaded because the book does not know their commodity.
        skipped_unknown: u64 = |r| r.skipped_unknown,
        /// Those commodities, sorted.
        unknown_commodities: Vec<String> = |r| r.unknown_commodities.clone(),
    }
}

record! {
    /// An amount left out of a converted figure, and why.
    Unconverted(core::Unconverted) {
        /// Account it belongs to.
        account_id: i64 = |u| u.account_id.0,
        /// Its path.
        path: String = |u| u.path.clone(),
        /// Commodity.
        commodity: String = |u| u.commodity.clone(),
        /// Amount, unconverted.
        amount: Decimal = |u| u.amount,
        /// The day whose rate was missing.
        date: NaiveDate = |u| u.date,
        /// 'no_rate' or 'stale_rate'.
        code: String = |u| u.code.clone(),
        /// The full reason.
        message: String = |u| u.message.clone(),
    }
}

record! {
    /// Every account's balance in a reporting currency.
    ValuedBalances(core::ValuedBalances) {
        /// Reporting currency.
        currency: String = |v| v.currency.clone(),
        /// 'spot' or 'historical'.
        valuation: &'static str = |v| v.valuation.as_str(),
        /// The valuation date of a spot valuation (None for historical).
        rate_date: Option<NaiveDate> = |v| v.rate_date,
        /// One row per account, in the reporting currency, rolled up the tree.
        rows: Vec<AccountBalance> = |v| v.rows.iter().cloned().map(AccountBalance).collect(),
        /// What could not be converted (left out of the rows).
        unconverted: Vec<Unconverted> = |v| v.unconverted.iter().cloned().map(Unconverted).collect(),
    }
}

record! {
    /// Net worth in a reporting currency: the asset and liability accounts counted in it.
    NetWorth(core::NetWorth) {
        /// Reporting currency.
        currency: String = |n| n.currency.clone(),
        /// Balances up to this day.
        as_of: NaiveDate = |n| n.as_of,
        /// 'spot' or 'historical'.
        valuation: &'static str = |n| n.valuation.as_str(),
        /// Sum of asset accounts.
        assets: Decimal = |n| n.assets,
        /// Sum of liability accounts (negative when owed).
        liabilities: Decimal = |n| n.liabilities,
        /// Assets plus liabilities.
        net_worth: Decimal = |n| n.net_worth,
        /// The accounts counted, rolled up the tree.
        accounts: Vec<AccountBalance> = |n| n.accounts.iter().cloned().map(AccountBalance).collect(),
        /// What could not be converted (left out of the sums).
        unconverted: Vec<Unconverted> = |n| n.unconverted.iter().cloned().map(Unconverted).collect(),
    }
}

record! {
    /// Amounts per category in a reporting currency.
    ValuedCategories(core::ValuedCategories) {
        /// Reporting currency.
        currency: String = |v| v.currency.clone(),
        /// 'spot' or 'historical'.
        valuation: &'static str = |v| v.valuation.as_str(),
        /// The valuation date of a spot valuation (None for historical).
        rate_date: Option<NaiveDate> = |v| v.rate_date,
        /// One row per category with activity.
        rows: Vec<CategoryAmount> = |v| v.rows.iter().cloned().map(CategoryAmount).collect(),
        /// What could not be converted.
        unconverted: Vec<Unconverted> = |v| v.unconverted.iter().cloned().map(Unconverted).collect(),
    }
}

record! {
    /// The unrealized exchange gain of a foreign-currency account between two dates.
    FxGain(core::FxGain) {
        /// Account (with its descendants).
        account_id: i64 = |g| g.account_id.0,
        /// Its currency.
        commodity: String = |g| g.commodity.clone(),
        /// Reporting currency.
        currency: String = |g| g.currency.clone(),
        /// Start: balances at the end of this day (`from` in Rust).
        date_from: NaiveDate = |g| g.from,
        /// End (`to` in Rust).
        date_to: NaiveDate = |g| g.to,
        /// Balance at `date_from`, in the account's currency.
        opening_balance: Decimal = |g| g.opening_balance,
        /// Its value at `date_from`'s rate.
        opening_value: Decimal = |g| g.opening_value,
        /// Balance at `date_to`.
        closing_balance: Decimal = |g| g.closing_balance,
        /// Its value at `date_to`'s rate.
        closing_value: Decimal = |g| g.closing_value,
        /// Flows after `date_from` up to `date_to`, each at its day's rate.
        flows_value: Decimal = |g| g.flows_value,
        /// Closing value minus opening value minus flows value, in minor units.
        gain: Decimal = |g| g.gain,
    }
}

record! {
    /// The account a statement is about, as the file names it.
    StatementAccount(core::import::StatementAccount) {
        /// The bank: routing number, BIC, bank code.
        bank_id: Option<String> = |a| a.bank_id.clone(),
        /// The branch, where the file names it apart from the bank (OFX BRANCHID).
        branch_id: Option<String> = |a| a.branch_id.clone(),
        /// Account number or IBAN.
        account_id: Option<String> = |a| a.account_id.clone(),
        /// The file's account type ('CHECKING', 'CREDITCARD', 'Bank', ...), as written.
        account_type: Option<String> = |a| a.account_type.clone(),
        /// Currency of the account.
        currency: Option<String> = |a| a.currency.clone(),
        /// A name or description, where the file gives one.
        name: Option<String> = |a| a.name.clone(),
    }
}

record! {
    /// A balance a statement states.
    StatedBalance(core::import::StatedBalance) {
        /// Amount (signed as a line's: positive is money in the account).
        amount: Decimal = |b| b.amount,
        /// At the end of this day.
        date: NaiveDate = |b| b.date,
        /// Its currency, where given.
        currency: Option<String> = |b| b.currency.clone(),
    }
}

record! {
    /// One part of a split statement line (QIF `S`/`E`/`$`).
    LineSplit(core::import::LineSplit) {
        /// Category as written.
        category: Option<String> = |s| s.category.clone(),
        /// Memo.
        memo: Option<String> = |s| s.memo.clone(),
        /// Amount (signed as the line).
        amount: Decimal = |s| s.amount,
    }
}

record! {
    /// One transaction of a statement; `amount` is positive into the account, negative out,
    /// whatever the file's own convention.
    StatementLine(core::import::StatementLine) {
        /// 1-based line of the file where the entry starts (for JSON payloads the entry's
        /// 1-based index in its list).
        line: u64 = |l| l.line,
        /// Date of the transaction (the booking date where a file has only one).
        date: NaiveDate = |l| l.date,
        /// Date the bank posted it, where it differs or is given separately.
        posted_date: Option<NaiveDate> = |l| l.posted_date,
        /// Signed amount: positive into the account.
        amount: Decimal = |l| l.amount,
        /// Currency, where the line states one.
        currency: Option<String> = |l| l.currency.clone(),
        /// Payee or counterparty.
        payee: Option<String> = |l| l.payee.clone(),
        /// Memo, narration, remittance information.
        memo: Option<String> = |l| l.memo.clone(),
        /// The bank's own id of the line (OFX FITID, CAMT AcctSvcrRef, ...).
        bank_id: Option<String> = |l| l.bank_id.clone(),
        /// Check number.
        check_number: Option<String> = |l| l.check_number.clone(),
        /// Other reference (end-to-end id, customer reference).
        reference: Option<String> = |l| l.reference.clone(),
        /// Running balance after the line, where given.
        balance: Option<Decimal> = |l| l.balance,
        /// The file's transaction type or code (OFX TRNTYPE, MT940 type, CAMT bank code).
        kind: Option<String> = |l| l.kind.clone(),
        /// Not yet booked by the bank.
        pending: bool = |l| l.pending,
        /// For a posted line: the id of the pending line it replaces.
        pending_id: Option<String> = |l| l.pending_id.clone(),
        /// Category as written (QIF `L`).
        category: Option<String> = |l| l.category.clone(),
        /// Parts of a split line.
        splits: Vec<LineSplit> = |l| l.splits.iter().cloned().map(LineSplit).collect(),
        /// The user's own cleared/reconciled mark, as written (QIF `C`).
        cleared: Option<String> = |l| l.cleared.clone(),
    }
}

record! {
    /// A security a statement names (OFX SECLIST).
    SecurityInfo(core::import::SecurityInfo) {
        /// Identifier (CUSIP, ISIN, ...).
        id: String = |s| s.id.clone(),
        /// Its type ('CUSIP', 'ISIN').
        id_type: Option<String> = |s| s.id_type.clone(),
        /// Ticker.
        ticker: Option<String> = |s| s.ticker.clone(),
        /// Name.
        name: Option<String> = |s| s.name.clone(),
    }
}

record! {
    /// An investment transaction of a statement, as the file states it.
    InvestmentLine(core::import::InvestmentLine) {
        /// 1-based line where the entry starts.
        line: u64 = |l| l.line,
        /// The file's kind ('BUYSTOCK', 'SELLMF', 'INCOME', 'REINVEST', ...).
        kind: String = |l| l.kind.clone(),
        /// The file's finer type within the kind ('DIV', 'BUY', 'IN', ...), where given.
        subtype: Option<String> = |l| l.subtype.clone(),
        /// Trade date.
        date: NaiveDate = |l| l.date,
        /// Settlement date.
        settle_date: Option<NaiveDate> = |l| l.settle_date,
        /// The security's identifier (see `SecurityInfo.id`).
        security_id: Option<String> = |l| l.security_id.clone(),
        /// Units (signed: negative for a sale).
        units: Option<Decimal> = |l| l.units,
        /// Price per unit.
        unit_price: Option<Decimal> = |l| l.unit_price,
        /// Total (signed as a statement line: positive into the cash account).
        total: Option<Decimal> = |l| l.total,
        /// Commission and fees.
        fees: Option<Decimal> = |l| l.fees,
        /// The bank's id.
        bank_id: Option<String> = |l| l.bank_id.clone(),
        /// Memo.
        memo: Option<String> = |l| l.memo.clone(),
        /// Payee or description, where the file gives one (QIF `P`).
        payee: Option<String> = |l| l.payee.clone(),
        /// Category, or the account the cash comes from or goes to, as written.
        category: Option<String> = |l| l.category.clone(),
        /// The user's own cleared/reconciled mark, as written (QIF `C`).
        cleared: Option<String> = |l| l.cleared.clone(),
    }
}

record! {
    /// A statement: one account's lines from one bank file, in every format the same shape.
    Statement(core::import::Statement) {
        /// The format it was read from: 'csv', 'ofx', 'qif', 'camt053', 'mt940', 'plaid',
        /// 'go_cardless' or 'simple_fin'.
        format: &'static str = |s| s.format.as_str(),
        /// The file name given to the parser (the path, for a file read from a path).
        file: String = |s| s.file.clone(),
        /// The account, as the file names it.
        account: StatementAccount = |s| StatementAccount(s.account.clone()),
        /// First day covered, where stated.
        start: Option<NaiveDate> = |s| s.start,
        /// Last day covered, where stated.
        end: Option<NaiveDate> = |s| s.end,
        /// Opening balance, where stated.
        opening_balance: Option<StatedBalance> = |s| s.opening_balance.clone().map(StatedBalance),
        /// Closing balance (OFX LEDGERBAL, CAMT CLBD, MT940 :62F:), where stated.
        closing_balance: Option<StatedBalance> = |s| s.closing_balance.clone().map(StatedBalance),
        /// Balance available to spend (OFX AVAILBAL, CAMT CLAV, MT940 :64:), where stated.
        available_balance: Option<StatedBalance> =
            |s| s.available_balance.clone().map(StatedBalance),
        /// Lines, in file order.
        lines: Vec<StatementLine> = |s| s.lines.iter().cloned().map(StatementLine).collect(),
        /// Investment transactions (OFX INVSTMTRS), in file order.
        investments: Vec<InvestmentLine> =
            |s| s.investments.iter().cloned().map(InvestmentLine).collect(),
        /// Securities named by the investment lines.
        securities: Vec<SecurityInfo> =
            |s| s.securities.iter().cloned().map(SecurityInfo).collect(),
    }
}

record! {
    /// What became of one statement line in an import.
    LineOutcome(core::import::plan::LineOutcome) {
        /// Index of the line in the statement (0-based).
        index: u64 = |o| u64::try_from(o.index).unwrap_or(u64::MAX),
        /// 1-based line of the file.
        line: u64 = |o| o.line,
        /// What became of it: 'new', 'duplicate', 'conflicting', 'deleted', 'restored',
        /// 'matched', 'candidate' or 'rejected'.
        status: &'static str = |o| o.status.as_str(),
        /// The line's fingerprint (the bank's id, else a content hash and occurrence).
        fingerprint: String = |o| o.fingerprint.clone(),
        /// The transaction it created, restored, duplicates or matched.
        transaction_id: Option<i64> = |o| o.transaction_id.map(|t| t.0),
        /// Match score (0-100) for matched and candidate lines.
        score: Option<u32> = |o| o.score,
        /// Why: the reasons of a match, or the error of a rejected line (code and message).
        reasons: Vec<String> = |o| o.reasons.clone(),
        /// For a rejected line: the field at fault ('amount', 'currency').
        field: Option<String> = |o| o.field.clone(),
    }
}

record! {
    /// What an import did (or would do, in a dry run).
    ImportResult(core::import::plan::ImportResult) {
        /// The file imported.
        file: String = |r| r.file.clone(),
        /// The account imported into.
        account: i64 = |r| r.account.0,
        /// True when something was written (False for a dry run or a strict import with
        /// rejected lines).
        committed: bool = |r| r.committed,
        /// Every line's outcome, in statement order.
        lines: Vec<LineOutcome> = |r| r.lines.iter().cloned().map(LineOutcome).collect(),
        /// Count of new lines.
        new: u64 = |r| r.new,
        /// Count of duplicates (imported before).
        duplicates: u64 = |r| r.duplicates,
        /// Count of lines linked to a transaction already in the book.
        matched: u64 = |r| r.matched,
        /// Count of lines offered as candidates for the user to decide.
        candidates: u64 = |r| r.candidates,
        /// Count of lines imported before with other content.
        conflicting: u64 = |r| r.conflicting,
        /// Count of lines whose transaction the user deleted, left deleted.
        deleted: u64 = |r| r.deleted,
        /// Count of restored lines.
        restored: u64 = |r| r.restored,
        /// Count of rejected lines.
        rejected: u64 = |r| r.rejected,
        /// The transactions written, ascending (`imports.undo` takes them).
        transaction_ids: Vec<i64> = |r| r.transaction_ids.iter().map(|t| t.0).collect(),
        /// The statement's closing balance checked against the book, when it states one.
        balance_check: Option<AssertionResult> =
            |r| r.balance_check.clone().map(AssertionResult),
        /// The import batch recorded when something was written (`imports.undo_batch` takes
        /// it); None for a dry run or when nothing was written.
        batch_id: Option<i64> = |r| r.batch_id.map(|b| b.0),
    }
}

record! {
    /// A provider account and the book account its transactions go into.
    ConnectionAccount(core::import::records::ConnectionAccount) {
        /// The provider's id of the account.
        provider_account_id: String = |a| a.provider_account_id.clone(),
        /// The book account's id.
        account_id: i64 = |a| a.account_id.0,
    }
}

record! {
    /// A bank connection of a book. Its access token is only ever stored sealed: `has_token`
    /// says whether there is one, `imports.reveal_token(id, key)` opens it.
    Connection(core::import::records::Connection) {
        /// Its id.
        id: i64 = |c| c.id.0,
        /// 'plaid', 'gocardless' or 'simplefin'.
        provider: &'static str = |c| c.provider.as_str(),
        /// The institution, as the provider names it.
        institution: String = |c| c.institution.clone(),
        /// A name for the user.
        name: String = |c| c.name.clone(),
        /// The book account each provider account feeds.
        accounts: Vec<ConnectionAccount> =
            |c| c.accounts.iter().cloned().map(ConnectionAccount).collect(),
        /// Where the other side of each synced line goes.
        counter_account: i64 = |c| c.counter_account.0,
        /// The provider's cursor after the last complete sync.
        cursor: Option<String> = |c| c.cursor.clone(),
        /// 'active', 'error' or 'disconnected'.
        status: &'static str = |c| c.status.as_str(),
        /// When the last sync was attempted (UTC).
        last_sync_at: Option<DateTime<Utc>> = |c| c.last_sync_at,
        /// Why the last sync failed.
        last_error: Option<String> = |c| c.last_error.clone(),
        /// Whether an access token is stored (sealed).
        has_token: bool = |c| c.has_token(),
        /// When it was created (UTC).
        created_at: DateTime<Utc> = |c| c.created_at,
        /// When it was last changed (UTC).
        updated_at: DateTime<Utc> = |c| c.updated_at,
    }
}

record! {
    /// A CSV profile saved in a book.
    SavedCsvProfile(core::import::records::SavedCsvProfile) {
        /// Its name, unique in the book.
        name: String = |p| p.name.clone(),
        /// The mapping, a dict as `suggest_csv_profile` returns it.
        profile: Json = |p| Json(serde_json::to_value(&p.profile).unwrap_or_default()),
        /// The header row of the bank's files (empty when not given).
        header: Vec<String> = |p| p.header.clone(),
        /// When it was saved (UTC).
        created_at: DateTime<Utc> = |p| p.created_at,
    }
}

record! {
    /// Counts of what an import batch did with its lines.
    BatchCounts(core::import::records::BatchCounts) {
        /// Lines imported as new transactions.
        new: u64 = |c| c.new,
        /// Lines already imported.
        duplicates: u64 = |c| c.duplicates,
        /// Lines linked to a transaction already in the book.
        matched: u64 = |c| c.matched,
        /// Lines offered as candidates.
        candidates: u64 = |c| c.candidates,
        /// Lines imported before with other content.
        conflicting: u64 = |c| c.conflicting,
        /// Lines whose transaction the user deleted.
        deleted: u64 = |c| c.deleted,
        /// Deleted transactions brought back.
        restored: u64 = |c| c.restored,
        /// Lines refused.
        rejected: u64 = |c| c.rejected,
        /// Transactions the bank changed.
        modified: u64 = |c| c.modified,
        /// Transactions the bank removed.
        removed: u64 = |c| c.removed,
    }
}

record! {
    /// A committed import (a file or a sync) and every transaction it wrote.
    ImportBatch(core::import::records::ImportBatch) {
        /// Its id.
        id: i64 = |b| b.id.0,
        /// 'file' or 'sync'.
        kind: &'static str = |b| b.kind.as_str(),
        /// The file name (None for a sync).
        file: Option<String> = |b| b.file.clone(),
        /// The format read.
        format: Option<&'static str> = |b| b.format.map(|f| f.as_str()),
        /// The account imported into (a sync: the first mapped).
        account: Option<i64> = |b| b.account.map(|a| a.0),
        /// The connection synced.
        connection_id: Option<i64> = |b| b.connection_id.map(|c| c.0),
        /// When it was committed (UTC).
        created_at: DateTime<Utc> = |b| b.created_at,
        /// When it was undone (UTC), None while it stands.
        undone_at: Option<DateTime<Utc>> = |b| b.undone_at,
        /// What it did with its lines.
        counts: BatchCounts = |b| BatchCounts(b.counts),
        /// New transactions it wrote.
        written: Vec<i64> = |b| b.written.iter().map(|t| t.0).collect(),
        /// Deleted transactions it restored.
        restored: Vec<i64> = |b| b.restored.iter().map(|t| t.0).collect(),
        /// Pending transactions it turned into posted ones.
        upgraded: Vec<i64> = |b| b.upgraded.iter().map(|t| t.0).collect(),
        /// Transactions it changed as the bank did.
        modified: Vec<i64> = |b| b.modified.iter().map(|t| t.0).collect(),
        /// Transactions it deleted as the bank removed them.
        removed: Vec<i64> = |b| b.removed.iter().map(|t| t.0).collect(),
    }
}

record! {
    /// What one page of a sync did.
    SyncPageResult(core::import::records::SyncPageResult) {
        /// Index of the page (0-based).
        page: u64 = |p| u64::try_from(p.page).unwrap_or(u64::MAX),
        /// Lines imported as new transactions.
        added: u64 = |p| p.added,
        /// Transactions changed as the bank changed them.
        modified: u64 = |p| p.modified,
        /// Transactions deleted as the bank removed them.
        removed: u64 = |p| p.removed,
        /// Lines or changes already applied.
        duplicates: u64 = |p| p.duplicates,
        /// Lines linked to a transaction already in the book.
        matched: u64 = |p| p.matched,
        /// Lines offered as candidates (not written).
        candidates: u64 = |p| p.candidates,
        /// Lines or changes left for the user.
        conflicting: u64 = |p| p.conflicting,
        /// Lines whose transaction the user deleted.
        deleted: u64 = |p| p.deleted,
    }
}

record! {
    /// What a sync did.
    SyncResult(core::import::records::SyncResult) {
        /// The connection after the sync.
        connection: Connection = |r| Connection(r.connection.clone()),
        /// The batch recorded, None when nothing was written.
        batch: Option<ImportBatch> = |r| r.batch.clone().map(ImportBatch),
        /// What each page did.
        pages: Vec<SyncPageResult> = |r| r.pages.iter().cloned().map(SyncPageResult).collect(),
    }
}

/// A core value's serde form as plain data (a tagged dict for the core's variant types).
fn js<T: serde::Serialize>(value: &T) -> Json {
    crate::conversion::plain_json(value)
}

record! {
    /// A budget: categories with their rollover policies and templates, over periods.
    Budget(core::Budget) {
        /// Id.
        id: i64 = |b| b.id.0,
        /// Name.
        name: String = |b| b.name.clone(),
        /// The period type, the core's tagged dict (`{'kind': 'monthly'}`,
        /// `{'kind': 'weekly', 'week_start': 'mon'}`, `{'kind': 'custom', 'start', 'end'}`).
        period: Json = |b| js(&b.period),
        /// First day covered.
        start: NaiveDate = |b| b.start,
        /// Currency.
        currency: String = |b| b.currency.clone(),
        /// 'period' or 'envelope'.
        mode: &'static str = |b| b.mode.as_str(),
        /// Percent-used thresholds that raise alerts, ascending.
        thresholds: Vec<u32> = |b| b.thresholds.clone(),
        /// The categories, dicts: `account_id`, `rollover` ('roll' or 'return_to_pool'),
        /// `overspend` ('carry' or 'take_from_pool'), `template` (None or `{'priority', 'rule':
        /// {'kind': 'fixed_amount', 'amount': '100'}}`; amounts as decimal strings).
        categories: Json = |b| js(&b.categories),
        /// Created (UTC).
        created_at: DateTime<Utc> = |b| b.created_at,
        /// Last changed (UTC).
        updated_at: DateTime<Utc> = |b| b.updated_at,
    }
}

record! {
    /// The amount allocated to one category for one period.
    Allocation(core::budget::Allocation) {
        /// Budget id.
        budget_id: i64 = |a| a.budget_id.0,
        /// First day of the period.
        period_start: NaiveDate = |a| a.period_start,
        /// Category (account id).
        account_id: i64 = |a| a.account_id.0,
        /// Amount in the budget's currency.
        amount: Decimal = |a| a.amount,
    }
}

record! {
    /// One category of a budget's status.
    CategoryStatus(core::budget::CategoryStatus) {
        /// Category (account id).
        account_id: i64 = |c| c.account_id.0,
        /// Its path.
        path: String = |c| c.path.clone(),
        /// Allocated this period.
        allocated: Decimal = |c| c.allocated,
        /// Rolled in from earlier periods.
        rolled_in: Decimal = |c| c.rolled_in,
        /// Spent this period so far.
        spent: Decimal = |c| c.spent,
        /// Available: allocated + rolled in - spent.
        available: Decimal = |c| c.available,
        /// Percent of allocated + rolled in spent (None when nothing is).
        percent_used: Option<Decimal> = |c| c.percent_used,
        /// Spending projected to the period's end at the pace so far.
        projected_spend: Decimal = |c| c.projected_spend,
    }
}

record! {
    /// The totals of a budget's status.
    BudgetTotals(core::budget::BudgetTotals) {
        /// Allocated.
        allocated: Decimal = |t| t.allocated,
        /// Rolled in.
        rolled_in: Decimal = |t| t.rolled_in,
        /// Spent.
        spent: Decimal = |t| t.spent,
        /// Available.
        available: Decimal = |t| t.available,
        /// Percent used.
        percent_used: Option<Decimal> = |t| t.percent_used,
        /// Projected spending.
        projected_spend: Decimal = |t| t.projected_spend,
    }
}

record! {
    /// The pool of an envelope budget (to be budgeted).
    PoolStatus(core::budget::PoolStatus) {
        /// Carried in from earlier periods.
        carried_in: Decimal = |p| p.carried_in,
        /// Settled in (surplus returned, overspending taken).
        settled_in: Decimal = |p| p.settled_in,
        /// Income this period.
        income: Decimal = |p| p.income,
        /// Allocated this period.
        allocated: Decimal = |p| p.allocated,
        /// Left to budget.
        to_be_budgeted: Decimal = |p| p.to_be_budgeted,
    }
}

record! {
    /// Where a budget stands on a day.
    BudgetStatus(core::BudgetStatus) {
        /// Budget id.
        budget_id: i64 = |s| s.budget_id.0,
        /// Currency.
        currency: String = |s| s.currency.clone(),
        /// First day of the period.
        period_start: NaiveDate = |s| s.period_start,
        /// Last day of the period.
        period_end: NaiveDate = |s| s.period_end,
        /// The day asked for.
        as_of: NaiveDate = |s| s.as_of,
        /// Each category.
        categories: Vec<CategoryStatus> = |s| s.categories.iter().cloned().map(CategoryStatus).collect(),
        /// The totals.
        totals: BudgetTotals = |s| BudgetTotals(s.totals.clone()),
        /// The pool (envelope budgets), else None.
        pool: Option<PoolStatus> = |s| s.pool.clone().map(PoolStatus),
        /// Amounts without a rate to the budget's currency (left out, never 1:1).
        unconverted: Vec<Unconverted> = |s| s.unconverted.iter().cloned().map(Unconverted).collect(),
    }
}

record! {
    /// What one template filled.
    TemplateFill(core::budget::TemplateFill) {
        /// Category (account id).
        account_id: i64 = |f| f.account_id.0,
        /// Template priority.
        priority: u32 = |f| f.priority,
        /// Template rule kind, e.g. 'fixed_amount'.
        rule: String = |f| f.rule.clone(),
        /// Amount the template wanted.
        wanted: Decimal = |f| f.wanted,
        /// Amount filled.
        filled: Decimal = |f| f.filled,
    }
}

record! {
    /// The result of `budgets.apply_templates`.
    TemplateReport(core::budget::TemplateReport) {
        /// First day of the period.
        period_start: NaiveDate = |r| r.period_start,
        /// One fill per template.
        fills: Vec<TemplateFill> = |r| r.fills.iter().cloned().map(TemplateFill).collect(),
        /// Pool before (envelope budgets).
        pool_before: Option<Decimal> = |r| r.pool_before,
        /// Pool after (envelope budgets).
        pool_after: Option<Decimal> = |r| r.pool_after,
    }
}

record! {
    /// A savings, debt or spending goal.
    Goal(core::Goal) {
        /// Id.
        id: i64 = |g| g.id.0,
        /// Name.
        name: String = |g| g.name.clone(),
        /// The kind, the core's tagged dict: `{'kind': 'save_toward', 'accounts': [ids]}`,
        /// `{'kind': 'pay_down_debt', 'accounts': [ids]}` or `{'kind': 'cap_spending',
        /// 'categories': [ids], 'period': {'kind': 'monthly'}}`.
        kind: Json = |g| js(&g.kind),
        /// Target amount.
        target: Decimal = |g| g.target,
        /// Currency.
        currency: String = |g| g.currency.clone(),
        /// Deadline.
        deadline: Option<NaiveDate> = |g| g.deadline,
        /// Expected annual return, percent.
        expected_annual_return: Option<Decimal> = |g| g.expected_annual_return,
        /// Months of history the pace is measured over.
        pace_months: u32 = |g| g.pace_months,
        /// First day counted.
        start_date: NaiveDate = |g| g.start_date,
        /// Baseline at the start.
        baseline: Decimal = |g| g.baseline,
        /// 'active', 'achieved' or 'archived'.
        status: &'static str = |g| g.status.as_str(),
        /// The day it was reached.
        achieved_on: Option<NaiveDate> = |g| g.achieved_on,
        /// Created (UTC).
        created_at: DateTime<Utc> = |g| g.created_at,
        /// Last changed (UTC).
        updated_at: DateTime<Utc> = |g| g.updated_at,
    }
}

record! {
    /// A manual contribution to a goal.
    Contribution(core::goal::Contribution) {
        /// Id.
        id: i64 = |c| c.id.0,
        /// Goal id.
        goal_id: i64 = |c| c.goal_id.0,
        /// Day.
        date: NaiveDate = |c| c.date,
        /// Amount in the goal's currency.
        amount: Decimal = |c| c.amount,
        /// Note.
        note: Option<String> = |c| c.note.clone(),
    }
}

record! {
    /// Where a goal stands.
    GoalProgress(core::GoalProgress) {
        /// Goal id.
        goal_id: i64 = |p| p.goal_id.0,
        /// The day computed.
        as_of: NaiveDate = |p| p.as_of,
        /// 'active', 'achieved' or 'archived'.
        status: &'static str = |p| p.status.as_str(),
        /// The day it was reached.
        achieved_on: Option<NaiveDate> = |p| p.achieved_on,
        /// Current amount.
        current: Decimal = |p| p.current,
        /// Target.
        target: Decimal = |p| p.target,
        /// Remaining.
        remaining: Decimal = |p| p.remaining,
        /// Percent done.
        percent: Decimal = |p| p.percent,
        /// Monthly amount the deadline requires.
        required_monthly: Option<Decimal> = |p| p.required_monthly,
        /// Recent monthly pace.
        monthly_pace: Decimal = |p| p.monthly_pace,
        /// Completion projected at that pace.
        projected_completion: Option<NaiveDate> = |p| p.projected_completion,
        /// 'on_track', 'behind' or 'ahead'.
        state: &'static str = |p| p.state.as_str(),
        /// Shortfall against the straight-line schedule.
        shortfall: Decimal = |p| p.shortfall,
        /// Amounts without a rate (left out).
        unconverted: Vec<Unconverted> = |p| p.unconverted.iter().cloned().map(Unconverted).collect(),
    }
}

record! {
    /// What an alert is about.
    AlertEntities(core::alert::AlertEntities) {
        /// Account ids.
        account_ids: Vec<i64> = |e| e.account_ids.iter().map(|a| a.0).collect(),
        /// Transaction ids.
        transaction_ids: Vec<i64> = |e| e.transaction_ids.iter().map(|t| t.0).collect(),
        /// Budget id.
        budget_id: Option<i64> = |e| e.budget_id.map(|b| b.0),
        /// Goal id.
        goal_id: Option<i64> = |e| e.goal_id.map(|g| g.0),
    }
}

record! {
    /// An alert: a budget threshold crossed, an unusual or large transaction, a goal reached or
    /// behind, a low balance, a possible duplicate.
    Alert(core::Alert) {
        /// Id.
        id: i64 = |a| a.id.0,
        /// 'budget_threshold', 'unusual_transaction', 'large_transaction', 'goal_reached',
        /// 'goal_behind', 'low_balance' or 'possible_duplicate'.
        kind: &'static str = |a| a.kind.as_str(),
        /// The key that makes it raised once.
        key: String = |a| a.key.clone(),
        /// Message for the user.
        message: String = |a| a.message.clone(),
        /// What it is about.
        entities: AlertEntities = |a| AlertEntities(a.entities.clone()),
        /// Day it concerns.
        date: NaiveDate = |a| a.date,
        /// Amount, when one.
        amount: Option<Decimal> = |a| a.amount,
        /// Commodity of the amount.
        commodity: Option<String> = |a| a.commodity.clone(),
        /// Raised (UTC).
        created_at: DateTime<Utc> = |a| a.created_at,
        /// Read.
        read: bool = |a| a.read,
        /// Dismissed.
        dismissed: bool = |a| a.dismissed,
    }
}

record! {
    /// The alert settings of a book; `alerts.set_settings` takes it back (or its `to_dict()`,
    /// changed).
    AlertSettings(core::AlertSettings) {
        /// Evaluate after each write.
        auto_evaluate: bool = |s| s.auto_evaluate,
        /// Alert kinds turned off.
        disabled: Vec<&'static str> = |s| s.disabled.iter().map(|k| k.as_str()).collect(),
        /// Amount from which a transaction is large.
        large_transaction: Option<Decimal> = |s| s.large_transaction,
        /// Currency of `large_transaction`.
        large_currency: Option<String> = |s| s.large_currency.clone(),
        /// Score from which a transaction is unusual.
        unusual_score: Decimal = |s| s.unusual_score,
        /// Samples needed before judging.
        unusual_min_samples: u32 = |s| s.unusual_min_samples,
        /// Samples compared.
        unusual_samples: u32 = |s| s.unusual_samples,
        /// Days within which a same transaction is a possible duplicate.
        duplicate_days: u32 = |s| s.duplicate_days,
        /// Days looked back by `evaluate`.
        lookback_days: u32 = |s| s.lookback_days,
        /// Low-balance thresholds: dicts `{'account_id': id, 'below': '100.00'}`.
        low_balances: Json = |s| js(&s.low_balances),
    }
}

record! {
    /// A categorization rule as stored: its categories named by account path. Give it (or its
    /// `to_dict()`, changed) back to `categorizer.update_rule` or `test_rule`.
    CategorizationRule(core::CategorizationRule) {
        /// Id.
        id: i64 = |r| r.id,
        /// Name.
        name: String = |r| r.name.clone(),
        /// 'pre', 'default' or 'post'.
        stage: &'static str = |r| r.stage.as_str(),
        /// Order within the stage: lower runs first (a higher number overrides).
        priority: i32 = |r| r.priority,
        /// Disabled rules are kept but never run.
        enabled: bool = |r| r.enabled,
        /// When it applies: the core's tagged dict, e.g. `{'kind': 'text', 'field': 'payee',
        /// 'match': {'op': 'contains', 'value': 'coffee'}}` (see the README).
        condition: Json = |r| js(&r.condition),
        /// What it does: tagged dicts, e.g. `[{'kind': 'set_category', 'value':
        /// 'Expenses:Coffee'}]`.
        actions: Json = |r| js(&r.actions),
    }
}

impl Plain for i32 {
    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.into_bound_py_any(py)
    }
}

record! {
    /// A category the model suggests, with its probability.
    CategorySuggestion(core::CategorySuggestion) {
        /// Category (account id).
        account_id: i64 = |s| s.account_id.0,
        /// Probability, 0 to 1 (a float: not money).
        probability: f64 = |s| s.probability,
    }
}

record! {
    /// The fields of a transaction its user edited, which rules and the model leave alone.
    Locks(core::categorization::Locks) {
        /// The category.
        category: bool = |l| l.category,
        /// The payee.
        payee: bool = |l| l.payee,
        /// The tags.
        tags: bool = |l| l.tags,
        /// The notes.
        notes: bool = |l| l.notes,
    }
}

record! {
    /// How one transaction was categorized.
    TransactionDecision(core::TransactionDecision) {
        /// Transaction id.
        transaction_id: i64 = |d| d.transaction_id.0,
        /// 'rule', 'payee_memory', 'model', 'manual' or 'none'.
        decided_by: &'static str = |d| d.decided_by.as_str(),
        /// The rule's id when `decided_by` is 'rule'.
        rule_id: Option<i64> = |d| match d.decided_by {
            core::categorization::DecidedBy::Rule(id) => Some(id),
            _ => None,
        },
        /// Confidence, 0 to 1 (a probability: a float).
        confidence: f64 = |d| d.confidence,
        /// Whether it waits in the review queue.
        needs_review: bool = |d| d.needs_review,
        /// The model's suggestions, most probable first.
        suggestions: Vec<CategorySuggestion> = |d| d.suggestions.iter().cloned().map(CategorySuggestion).collect(),
        /// Fields locked by the user's edits.
        locks: Locks = |d| Locks(d.locks),
        /// When decided (UTC).
        decided_at: DateTime<Utc> = |d| d.decided_at,
    }
}

record! {
    /// What payee memory knows of one payee.
    PayeeMemoryRow(core::PayeeMemoryRow) {
        /// Normalized payee.
        payee: String = |r| r.payee.clone(),
        /// Its category (account id).
        category: i64 = |r| r.category.0,
        /// Times seen.
        count: u32 = |r| r.count,
        /// Times corrected to it.
        corrections: u32 = |r| r.corrections,
    }
}

record! {
    /// Held-out metrics of one category of a model.
    CategoryMetrics(core::categorization::CategoryMetrics) {
        /// Category (account id).
        account_id: i64 = |m| m.account_id.0,
        /// Precision, 0 to 1.
        precision: f64 = |m| m.precision,
        /// Recall, 0 to 1.
        recall: f64 = |m| m.recall,
        /// Held-out examples.
        support: u32 = |m| m.support,
    }
}

record! {
    /// A trained model of a book.
    ModelInfo(core::ModelInfo) {
        /// Version.
        version: i64 = |m| m.version,
        /// Trained (UTC).
        trained_at: DateTime<Utc> = |m| m.trained_at,
        /// Examples trained on.
        examples: u32 = |m| m.examples,
        /// Examples held out.
        holdout: u32 = |m| m.holdout,
        /// Held-out accuracy, 0 to 1.
        accuracy: f64 = |m| m.accuracy,
        /// Per-category metrics.
        categories: Vec<CategoryMetrics> = |m| m.categories.iter().cloned().map(CategoryMetrics).collect(),
        /// Whether it is the active model.
        active: bool = |m| m.active,
        /// Size of the stored model.
        size_bytes: u64 = |m| m.size_bytes,
    }
}

record! {
    /// The categorized fields of a transaction, before or after a rule.
    CategorizedFields(core::CategorizedFields) {
        /// Category (account id), None when split or uncategorized.
        category: Option<i64> = |f| f.category.map(|a| a.0),
        /// `(account_id, amount)` pairs of a split.
        split: Vec<(i64, Decimal)> = |f| f.split.iter().map(|(a, d)| (a.0, *d)).collect(),
        /// Payee.
        payee: Option<String> = |f| f.payee.clone(),
        /// Tags.
        tags: Vec<String> = |f| f.tags.clone(),
        /// Notes.
        notes: Option<String> = |f| f.notes.clone(),
    }
}

record! {
    /// What a rule changes (or would change) on one transaction.
    RuleChange(core::RuleChange) {
        /// Transaction id.
        transaction_id: i64 = |c| c.transaction_id.0,
        /// Before.
        before: CategorizedFields = |c| CategorizedFields(c.before.clone()),
        /// After.
        after: CategorizedFields = |c| CategorizedFields(c.after.clone()),
        /// Ids of the rules that acted.
        rules: Vec<i64> = |c| c.rules.clone(),
    }
}

record! {
    /// A rule proposed after repeated corrections of one payee; `categorizer.accept_proposal`
    /// stores it.
    RuleProposal(core::RuleProposal) {
        /// Normalized payee.
        payee: String = |p| p.payee.clone(),
        /// Category corrected to (account id).
        category: i64 = |p| p.category.0,
        /// Corrections seen.
        corrections: u32 = |p| p.corrections,
        /// The rule, a `NewRule` dict (`create_rule` takes it).
        rule: Json = |p| js(&p.rule),
    }
}

record! {
    /// The result of `categorizer.correct`: the new decision and perhaps a rule proposal.
    Correction(core::Correction) {
        /// The decision, now 'manual' with the category locked.
        decision: TransactionDecision = |c| TransactionDecision(c.decision.clone()),
        /// A proposed rule, when the payee was corrected often enough.
        proposal: Option<RuleProposal> = |c| c.proposal.clone().map(RuleProposal),
    }
}

record! {
    /// A transaction waiting for review, with its decision.
    ReviewItem(core::ReviewItem) {
        /// The transaction.
        transaction: Transaction = |r| Transaction(r.transaction.clone()),
        /// Its decision.
        decision: TransactionDecision = |r| TransactionDecision(r.decision.clone()),
    }
}

record! {
    /// One page of the review queue.
    ReviewPage(core::Page<core::ReviewItem>) {
        /// The items.
        items: Vec<ReviewItem> = |p| p.items.iter().cloned().map(ReviewItem).collect(),
        /// Items waiting in all.
        total: u64 = |p| p.total,
        /// Position of the first item here.
        offset: u64 = |p| p.offset,
    }
}

record! {
    /// The categorizer settings of a book; `categorizer.set_settings` takes it back (or its
    /// `to_dict()`, changed).
    CategorizerSettings(core::CategorizerSettings) {
        /// Model confidence from which its guess is kept without review (0 to 1).
        threshold: f64 = |s| s.threshold,
        /// Labeled transactions needed to train a model.
        min_examples: u32 = |s| s.min_examples,
        /// Corrections of one payee after which a rule is proposed.
        proposal_after: u32 = |s| s.proposal_after,
    }
}

record! {
    /// A security of the book: a commodity with an asset class and a quote currency.
    Security(core::portfolio::Security) {
        /// Commodity code.
        code: String = |s| s.code.clone(),
        /// Asset class, e.g. 'etf'.
        asset_class: &'static str = |s| s.asset_class.as_str(),
        /// Currency its prices and costs are in.
        currency: String = |s| s.currency.clone(),
    }
}

record! {
    /// An open lot: units of a security bought together.
    Lot(core::portfolio::Lot) {
        /// Lot id (the split that opened it).
        id: i64 = |l| l.id.0,
        /// Account.
        account_id: i64 = |l| l.account_id.0,
        /// Security code.
        security: String = |l| l.security.clone(),
        /// Acquired on.
        acquired: NaiveDate = |l| l.acquired,
        /// Units still open.
        quantity: Decimal = |l| l.quantity,
        /// Cost of those units, fees included.
        cost: Decimal = |l| l.cost,
        /// Currency of the cost.
        currency: String = |l| l.currency.clone(),
        /// Fees in the cost.
        fees: Decimal = |l| l.fees,
        /// Transaction that opened it.
        opened_by: i64 = |l| l.opened_by.0,
    }
}

record! {
    /// A gain (or loss) realized on the units of one lot.
    RealizedGain(core::portfolio::RealizedGain) {
        /// The selling transaction.
        transaction_id: i64 = |g| g.transaction_id.0,
        /// Day sold.
        date: NaiveDate = |g| g.date,
        /// Account.
        account_id: i64 = |g| g.account_id.0,
        /// Security code.
        security: String = |g| g.security.clone(),
        /// Lot id.
        lot_id: i64 = |g| g.lot_id.0,
        /// Day the lot was acquired.
        acquired: NaiveDate = |g| g.acquired,
        /// Units sold.
        quantity: Decimal = |g| g.quantity,
        /// Their cost.
        cost: Decimal = |g| g.cost,
        /// Proceeds, after fees.
        proceeds: Decimal = |g| g.proceeds,
        /// Proceeds - cost.
        gain: Decimal = |g| g.gain,
        /// Currency.
        currency: String = |g| g.currency.clone(),
        /// Days held.
        holding_days: i64 = |g| g.holding_days,
        /// Held longer than the long-term threshold.
        long_term: bool = |g| g.long_term,
    }
}

record! {
    /// Income received, summed per account, security and kind.
    IncomeRow(core::portfolio::IncomeRow) {
        /// Account.
        account_id: i64 = |r| r.account_id.0,
        /// Security code (None for interest on cash).
        security: Option<String> = |r| r.security.clone(),
        /// 'dividend', 'reinvest' or 'interest'.
        kind: &'static str = |r| r.kind.as_str(),
        /// Amount.
        amount: Decimal = |r| r.amount,
        /// Currency.
        currency: String = |r| r.currency.clone(),
        /// Payments summed.
        count: u64 = |r| r.count,
    }
}

record! {
    /// A sale as written: its transaction and the gain realized per lot.
    Sale(core::portfolio::Sale) {
        /// The transaction.
        transaction: Transaction = |s| Transaction(s.transaction.clone()),
        /// Gains per lot sold.
        gains: Vec<RealizedGain> = |s| s.gains.iter().cloned().map(RealizedGain).collect(),
    }
}

record! {
    /// One security in one account, valued.
    Holding(core::portfolio::valuation::Holding) {
        /// Account.
        account_id: i64 = |h| h.account_id.0,
        /// Security code.
        security: String = |h| h.security.clone(),
        /// Asset class, when the security has one.
        asset_class: Option<&'static str> = |h| h.asset_class.map(|c| c.as_str()),
        /// Units held.
        quantity: Decimal = |h| h.quantity,
        /// Cost in its own currency.
        cost: Decimal = |h| h.cost,
        /// Currency of `cost`.
        cost_currency: String = |h| h.cost_currency.clone(),
        /// Cost in the reporting currency.
        cost_value: Option<Decimal> = |h| h.cost_value,
        /// Market value in the reporting currency.
        market_value: Option<Decimal> = |h| h.market_value,
        /// Market value - cost value.
        unrealized_gain: Option<Decimal> = |h| h.unrealized_gain,
        /// Unrealized gain in percent of cost.
        unrealized_percent: Option<Decimal> = |h| h.unrealized_percent,
        /// Percent of the total value.
        weight_percent: Option<Decimal> = |h| h.weight_percent,
    }
}

record! {
    /// A holding without a usable price (left out of totals).
    MissingPrice(core::portfolio::valuation::MissingPrice) {
        /// Account.
        account_id: i64 = |m| m.account_id.0,
        /// Security code.
        security: String = |m| m.security.clone(),
        /// Units held.
        quantity: Decimal = |m| m.quantity,
        /// Stable code (`no_rate`, `stale_rate`).
        code: String = |m| m.code.clone(),
        /// What is missing.
        message: String = |m| m.message.clone(),
    }
}

record! {
    /// Holdings on a day, valued in a reporting currency.
    Holdings(core::portfolio::valuation::Holdings) {
        /// The day.
        as_of: NaiveDate = |h| h.as_of,
        /// Reporting currency.
        currency: String = |h| h.currency.clone(),
        /// One row per account and security.
        rows: Vec<Holding> = |h| h.rows.iter().cloned().map(Holding).collect(),
        /// Total market value.
        total_value: Decimal = |h| h.total_value,
        /// Total cost.
        total_cost: Decimal = |h| h.total_cost,
        /// Total unrealized gain.
        total_unrealized_gain: Decimal = |h| h.total_unrealized_gain,
        /// Holdings without a price.
        missing: Vec<MissingPrice> = |h| h.missing.iter().cloned().map(MissingPrice).collect(),
    }
}

record! {
    /// A target weight: `kind` 'security' or 'asset_class', the `key` (code or class name)
    /// and the percent.
    TargetWeight(core::portfolio::TargetWeight) {
        /// 'security' or 'asset_class'.
        kind: &'static str = |t| t.key.kind_str(),
        /// Security code or asset class name.
        key: String = |t| t.key.value_str().to_owned(),
        /// Percent, 0 to 100.
        percent: Decimal = |t| t.percent,
    }
}

record! {
    /// A transaction the portfolio replay could not follow.
    PortfolioIssue(core::portfolio::history::Issue) {
        /// The transaction.
        transaction_id: i64 = |i| i.transaction_id.0,
        /// Its date.
        date: NaiveDate = |i| i.date,
        /// Stable code (`insufficient_quantity`, `lot_not_found`, `unknown_cost`,
        /// `currency_mismatch`).
        code: String = |i| i.code.clone(),
        /// What happened.
        message: String = |i| i.message.clone(),
    }
}

record! {
    /// One rate of return: decimal fractions (0.05 is 5 %), 12 places.
    RateOfReturn(core::portfolio::performance::RateOfReturn) {
        /// 'ok', 'no_solution', 'missing_prices' or 'nothing_invested'.
        status: &'static str = |r| r.status.as_str(),
        /// Over the period (money-weighted: per year); None unless 'ok'.
        rate: Option<Decimal> = |r| r.rate,
        /// Per year.
        annualized: Option<Decimal> = |r| r.annualized,
    }
}

record! {
    /// Money put into (positive) or taken out of (negative) the portfolio.
    ExternalFlow(core::portfolio::performance::ExternalFlow) {
        /// Day.
        date: NaiveDate = |f| f.date,
        /// Amount in the reporting currency.
        amount: Decimal = |f| f.amount,
    }
}

record! {
    /// A value returns could not compute (no price).
    MissingValue(core::portfolio::performance::MissingValue) {
        /// Security code.
        security: String = |m| m.security.clone(),
        /// Day.
        date: NaiveDate = |m| m.date,
        /// Stable code.
        code: String = |m| m.code.clone(),
        /// What is missing.
        message: String = |m| m.message.clone(),
    }
}

record! {
    /// Returns over (from, to]: money-weighted (XIRR), time-weighted and simple.
    Returns(core::portfolio::performance::Returns) {
        /// Start.
        date_from: NaiveDate = |r| r.from,
        /// End, inclusive.
        date_to: NaiveDate = |r| r.to,
        /// Reporting currency.
        currency: String = |r| r.currency.clone(),
        /// Days in the period.
        days: i64 = |r| r.days,
        /// Value at the start.
        start_value: Option<Decimal> = |r| r.start_value,
        /// Value at the end.
        end_value: Option<Decimal> = |r| r.end_value,
        /// Money put in.
        contributions: Decimal = |r| r.contributions,
        /// Money taken out.
        withdrawals: Decimal = |r| r.withdrawals,
        /// The external flows.
        flows: Vec<ExternalFlow> = |r| r.flows.iter().cloned().map(ExternalFlow).collect(),
        /// Money-weighted (XIRR).
        money_weighted: RateOfReturn = |r| RateOfReturn(r.money_weighted.clone()),
        /// Time-weighted.
        time_weighted: RateOfReturn = |r| RateOfReturn(r.time_weighted.clone()),
        /// Simple.
        simple: RateOfReturn = |r| RateOfReturn(r.simple.clone()),
        /// Values missing.
        missing: Vec<MissingValue> = |r| r.missing.iter().cloned().map(MissingValue).collect(),
    }
}

record! {
    /// One key of an allocation: current against target.
    AllocationRow(core::portfolio::allocation::AllocationRow) {
        /// 'security' or 'asset_class'.
        kind: &'static str = |r| r.key.kind_str(),
        /// Security code or asset class name.
        key: String = |r| r.key.value_str().to_owned(),
        /// Target percent.
        target_percent: Decimal = |r| r.target_percent,
        /// Current value.
        value: Decimal = |r| r.value,
        /// Current percent.
        percent: Decimal = |r| r.percent,
        /// Percent - target, in points.
        drift_percent: Decimal = |r| r.drift_percent,
        /// Value off target.
        drift_value: Decimal = |r| r.drift_value,
    }
}

record! {
    /// The current allocation against the targets.
    PortfolioAllocation(core::portfolio::allocation::Allocation) {
        /// The day.
        as_of: NaiveDate = |a| a.as_of,
        /// Reporting currency.
        currency: String = |a| a.currency.clone(),
        /// Total value.
        total_value: Decimal = |a| a.total_value,
        /// One row per key.
        rows: Vec<AllocationRow> = |a| a.rows.iter().cloned().map(AllocationRow).collect(),
        /// Holdings without a price.
        missing: Vec<MissingPrice> = |a| a.missing.iter().cloned().map(MissingPrice).collect(),
    }
}

record! {
    /// A trade of a rebalancing plan (data only: nothing is written).
    Trade(core::portfolio::allocation::Trade) {
        /// Security code.
        security: String = |t| t.security.clone(),
        /// 'buy' or 'sell'.
        side: &'static str = |t| t.side.as_str(),
        /// Units.
        quantity: Decimal = |t| t.quantity,
        /// Price used.
        price: Decimal = |t| t.price,
        /// Estimated amount.
        estimated_amount: Decimal = |t| t.estimated_amount,
        /// Estimated gain of a sell under the account's booking method.
        estimated_gain: Option<Decimal> = |t| t.estimated_gain,
    }
}

record! {
    /// A rebalancing plan for an account.
    RebalancePlan(core::portfolio::allocation::RebalancePlan) {
        /// The allocation before.
        before: PortfolioAllocation = |p| PortfolioAllocation(p.before.clone()),
        /// The trades.
        trades: Vec<Trade> = |p| p.trades.iter().cloned().map(Trade).collect(),
        /// The allocation after them.
        after: Vec<AllocationRow> = |p| p.after.iter().cloned().map(AllocationRow).collect(),
        /// New cash left.
        cash_left: Decimal = |p| p.cash_left,
        /// Whether every key ends within the tolerance.
        within_tolerance: bool = |p| p.within_tolerance,
        /// Estimated gain of the sells.
        estimated_gain: Decimal = |p| p.estimated_gain,
    }
}

record! {
    /// A line of an investment statement that could not be booked.
    SkippedLine(core::portfolio::import::SkippedLine) {
        /// Line number in the statement.
        line: u64 = |l| l.line,
        /// Its kind.
        kind: String = |l| l.kind.clone(),
        /// Stable code.
        code: String = |l| l.code.clone(),
        /// Why.
        message: String = |l| l.message.clone(),
    }
}

record! {
    /// What an investment import did.
    InvestmentImportReport(core::portfolio::import::InvestmentImportReport) {
        /// Statements read.
        statements: u64 = |r| r.statements,
        /// Securities defined.
        securities_defined: u64 = |r| r.securities_defined,
        /// Lines read.
        lines: u64 = |r| r.lines,
        /// Transactions added.
        transactions_added: u64 = |r| r.transactions_added,
        /// Lines imported before (by external id).
        already_imported: u64 = |r| r.already_imported,
        /// Prices added.
        prices_added: u64 = |r| r.prices_added,
        /// Lines skipped, with why.
        skipped: Vec<SkippedLine> = |r| r.skipped.iter().cloned().map(SkippedLine).collect(),
    }
}
