//! The input records of writes: [`NewSplit`] and [`NewTransaction`], with the convenience
//! constructors of the core (`expense`, `income`, `transfer`, `split_purchase`). Each wraps the
//! core type; attributes read and write it through the conversions of `conversion.rs`.

use crate::conversion::{AccountArg, Amount, Day, SourceArg, StatusArg};
use crate::records::{Rate, Transaction, UnitPrice};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;
use tally_core as core;

/// One leg of a transaction to write.
///
/// `NewSplit(account, amount, *, commodity=None, price=None, cost=None, memo=None)`: `account` is
/// an id or an `Account`; `amount` a Decimal, str or int (a float is refused); `commodity`
/// defaults to the account's currency; `price`/`cost` are `UnitPrice`s.
#[pyclass(module = "tally", eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct NewSplit(pub core::NewSplit);

#[pymethods]
impl NewSplit {
    #[new]
    #[pyo3(signature = (account, amount, *, commodity=None, price=None, cost=None, memo=None))]
    fn new(
        account: AccountArg,
        amount: Amount,
        commodity: Option<String>,
        price: Option<UnitPrice>,
        cost: Option<UnitPrice>,
        memo: Option<String>,
    ) -> Self {
        Self(core::NewSplit {
            account_id: account.0,
            amount: amount.0,
            commodity,
            price: price.map(|p| p.0),
            cost: cost.map(|c| c.0),
            memo,
        })
    }

    /// Account id.
    #[getter]
    fn account_id(&self) -> i64 {
        self.0.account_id.0
    }

    #[setter]
    fn set_account_id(&mut self, account: AccountArg) {
        self.0.account_id = account.0;
    }

    /// Signed amount.
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount
    }

    #[setter]
    fn set_amount(&mut self, amount: Amount) {
        self.0.amount = amount.0;
    }

    /// Commodity; the account's currency when None.
    #[getter]
    fn commodity(&self) -> Option<String> {
        self.0.commodity.clone()
    }

    #[setter]
    fn set_commodity(&mut self, commodity: Option<String>) {
        self.0.commodity = commodity;
    }

    /// Conversion price per unit.
    #[getter]
    fn price(&self) -> Option<UnitPrice> {
        self.0.price.clone().map(UnitPrice)
    }

    #[setter]
    fn set_price(&mut self, price: Option<UnitPrice>) {
        self.0.price = price.map(|p| p.0);
    }

    /// Cost per unit.
    #[getter]
    fn cost(&self) -> Option<UnitPrice> {
        self.0.cost.clone().map(UnitPrice)
    }

    #[setter]
    fn set_cost(&mut self, cost: Option<UnitPrice>) {
        self.0.cost = cost.map(|c| c.0);
    }

    /// Memo.
    #[getter]
    fn memo(&self) -> Option<String> {
        self.0.memo.clone()
    }

    #[setter]
    fn set_memo(&mut self, memo: Option<String>) {
        self.0.memo = memo;
    }

    /// The split as a dict of plain values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("account_id", self.account_id())?;
        dict.set_item("amount", self.amount())?;
        dict.set_item("commodity", self.commodity())?;
        dict.set_item("price", self.price().map(|p| p.to_dict(py)).transpose()?)?;
        dict.set_item("cost", self.cost().map(|p| p.to_dict(py)).transpose()?)?;
        dict.set_item("memo", self.memo())?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!("NewSplit(account_id={}, amount=Decimal('{}'))", self.0.account_id, self.0.amount)
    }
}

/// A transaction to write: a date and two or more splits that balance, plus optional fields.
///
/// `NewTransaction(date, splits, *, payee=None, narration=None, status='cleared', tags=(),
/// notes=None, source='manual', external_id=None, posted_date=None, fx_account=None)`;
/// `fx_account` (an id or `Account`) takes the residue of a multi-currency transaction. The
/// class methods
/// `expense`, `income`, `transfer` and `split_purchase` build the common cases. Attributes can be
/// changed before the transaction is added; `splits` returns copies.
#[pyclass(module = "tally", eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct NewTransaction(pub core::NewTransaction);

#[pymethods]
impl NewTransaction {
    #[new]
    #[pyo3(signature = (
        date, splits, *, payee=None, narration=None, status=StatusArg(core::Status::Cleared),
        tags=Vec::new(), notes=None, source=SourceArg(core::Source::Manual), external_id=None,
        posted_date=None, fx_account=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        date: Day,
        splits: Vec<NewSplit>,
        payee: Option<String>,
        narration: Option<String>,
        status: StatusArg,
        tags: Vec<String>,
        notes: Option<String>,
        source: SourceArg,
        external_id: Option<String>,
        posted_date: Option<Day>,
        fx_account: Option<AccountArg>,
    ) -> Self {
        Self(core::NewTransaction {
            date: date.0,
            posted_date: posted_date.map(|d| d.0),
            payee,
            narration,
            status: status.0,
            tags,
            notes,
            source: source.0,
            external_id,
            splits: splits.into_iter().map(|s| s.0).collect(),
            fx_account: fx_account.map(|a| a.0),
        })
    }

    /// Spending of `amount` from `from_account` (asset or liability) on `category`: a positive
    /// amount debits the category and credits the account.
    #[staticmethod]
    fn expense(
        date: Day,
        from_account: AccountArg,
        category: AccountArg,
        amount: Amount,
        payee: String,
    ) -> Self {
        Self(core::NewTransaction::expense(date.0, from_account.0, category.0, amount.0, &payee))
    }

    /// Income of `amount` into `to_account` from `category`.
    #[staticmethod]
    fn income(
        date: Day,
        to_account: AccountArg,
        category: AccountArg,
        amount: Amount,
        payee: String,
    ) -> Self {
        Self(core::NewTransaction::income(date.0, to_account.0, category.0, amount.0, &payee))
    }

    /// A transfer of `amount` from one account to another in the same currency.
    #[staticmethod]
    fn transfer(
        date: Day,
        from_account: AccountArg,
        to_account: AccountArg,
        amount: Amount,
    ) -> Self {
        Self(core::NewTransaction::transfer(date.0, from_account.0, to_account.0, amount.0))
    }

    /// One payment from `from_account` spread over several categories: `parts` is a list of
    /// `(category, amount)` pairs; the account is credited the total.
    #[staticmethod]
    fn split_purchase(
        date: Day,
        from_account: AccountArg,
        payee: String,
        parts: Vec<(AccountArg, Amount)>,
    ) -> Self {
        let parts: Vec<_> = parts.into_iter().map(|(a, m)| (a.0, m.0)).collect();
        Self(core::NewTransaction::split_purchase(date.0, from_account.0, &payee, &parts))
    }

    /// The content of a stored transaction, to change and pass to `transactions.edit`.
    #[staticmethod]
    fn from_transaction(transaction: &Bound<'_, Transaction>) -> Self {
        Self(core::NewTransaction::from(&transaction.get().0))
    }

    /// Civil date.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }

    #[setter]
    fn set_date(&mut self, date: Day) {
        self.0.date = date.0;
    }

    /// Date the bank posted it.
    #[getter]
    fn posted_date(&self) -> Option<NaiveDate> {
        self.0.posted_date
    }

    #[setter]
    fn set_posted_date(&mut self, date: Option<Day>) {
        self.0.posted_date = date.map(|d| d.0);
    }

    /// Payee.
    #[getter]
    fn payee(&self) -> Option<String> {
        self.0.payee.clone()
    }

    #[setter]
    fn set_payee(&mut self, payee: Option<String>) {
        self.0.payee = payee;
    }

    /// Description.
    #[getter]
    fn narration(&self) -> Option<String> {
        self.0.narration.clone()
    }

    #[setter]
    fn set_narration(&mut self, narration: Option<String>) {
        self.0.narration = narration;
    }

    /// Status: 'pending', 'cleared', 'reconciled' or 'void'.
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.as_str()
    }

    #[setter]
    fn set_status(&mut self, status: StatusArg) {
        self.0.status = status.0;
    }

    /// Tags.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.0.tags.clone()
    }

    #[setter]
    fn set_tags(&mut self, tags: Vec<String>) {
        self.0.tags = tags;
    }

    /// Notes.
    #[getter]
    fn notes(&self) -> Option<String> {
        self.0.notes.clone()
    }

    #[setter]
    fn set_notes(&mut self, notes: Option<String>) {
        self.0.notes = notes;
    }

    /// Source: 'manual', 'import' or 'sync'.
    #[getter]
    fn source(&self) -> &'static str {
        self.0.source.as_str()
    }

    #[setter]
    fn set_source(&mut self, source: SourceArg) {
        self.0.source = source.0;
    }

    /// Idempotency key: adding a transaction whose key exists returns the existing one.
    #[getter]
    fn external_id(&self) -> Option<String> {
        self.0.external_id.clone()
    }

    #[setter]
    fn set_external_id(&mut self, external_id: Option<String>) {
        self.0.external_id = external_id;
    }

    /// Account that takes the residue of a multi-currency transaction (an FX or rounding
    /// account): when its priced splits leave a residual in one commodity, a split of that
    /// residual is added there. Without it such a transaction is `unbalanced`.
    #[getter]
    fn fx_account(&self) -> Option<i64> {
        self.0.fx_account.map(|a| a.0)
    }

    #[setter]
    fn set_fx_account(&mut self, account: Option<AccountArg>) {
        self.0.fx_account = account.map(|a| a.0);
    }

    /// Two or more splits (copies: assign a new list to change them).
    #[getter]
    fn splits(&self) -> Vec<NewSplit> {
        self.0.splits.iter().cloned().map(NewSplit).collect()
    }

    #[setter]
    fn set_splits(&mut self, splits: Vec<NewSplit>) {
        self.0.splits = splits.into_iter().map(|s| s.0).collect();
    }

    /// The transaction as a dict of plain values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("date", self.date())?;
        dict.set_item("posted_date", self.posted_date())?;
        dict.set_item("payee", self.payee())?;
        dict.set_item("narration", self.narration())?;
        dict.set_item("status", self.status())?;
        dict.set_item("tags", self.tags())?;
        dict.set_item("notes", self.notes())?;
        dict.set_item("source", self.source())?;
        dict.set_item("external_id", self.external_id())?;
        let splits = self.splits().iter().map(|s| s.to_dict(py)).collect::<PyResult<Vec<_>>>()?;
        dict.set_item("splits", splits)?;
        dict.set_item("fx_account", self.fx_account())?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let splits: Vec<String> = self.splits().iter().map(NewSplit::__repr__).collect();
        Ok(format!(
            "NewTransaction(date={}, payee={}, splits=[{}])",
            self.date().into_pyobject(py)?.repr()?,
            self.payee().into_pyobject(py)?.repr()?,
            splits.join(", ")
        ))
    }
}

impl FromPyObject<'_, '_> for NewSplit {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<NewSplit>()?.borrow().clone())
    }
}

impl FromPyObject<'_, '_> for NewTransaction {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<NewTransaction>()?.borrow().clone())
    }
}

impl FromPyObject<'_, '_> for Rate {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<Rate>()?.get().clone())
    }
}

impl FromPyObject<'_, '_> for UnitPrice {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<UnitPrice>()?.get().clone())
    }
}
