//! `book.accounts`: the account tree, balances rolled up the tree (also in a reporting
//! currency), the register, and balance assertions. Each method is one core call.

use crate::book::{page_request, BookRef};
use crate::conversion::{
    self, AccountArg, Amount, AssertionArg, Day, KindArg, OrderArg, RoundingArg, SubtypeArg,
    ValuationArg,
};
use crate::records::{Account, BalanceAssertion, ValuedBalances};
use crate::table::{Rows, Table};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tally_core as core;

/// Account calls of a `Book`: `book.accounts`.
#[pyclass(module = "tally", frozen)]
pub struct Accounts(pub(crate) BookRef);

#[pymethods]
impl Accounts {
    /// Creates an account at `path` (e.g. 'Expenses:Food:Groceries'), and any missing
    /// ancestors with the same kind and currency.
    ///
    /// `kind` is 'asset', 'liability', 'equity', 'income' or 'expense'; `subtype` fits the kind
    /// ('checking', 'savings', 'credit_card', 'cash', 'wallet', 'investment', 'retirement',
    /// 'loan', 'mortgage', 'property' or 'other'). Raises `ValidationError`
    /// (`invalid_account_path`, `parent_kind_mismatch`, `invalid_subtype`,
    /// `unknown_commodity`), `ConflictError` (`duplicate_account_name`),
    /// `TallyPermissionError` (`read_only`).
    #[pyo3(signature = (
        path, kind, currency, *, subtype=SubtypeArg(core::AccountSubtype::Other),
        institution=None, color=None, icon=None, opened_on=None, include_in_net_worth=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn create(
        &self,
        py: Python<'_>,
        path: String,
        kind: KindArg,
        currency: String,
        subtype: SubtypeArg,
        institution: Option<String>,
        color: Option<String>,
        icon: Option<String>,
        opened_on: Option<Day>,
        include_in_net_worth: Option<bool>,
    ) -> PyResult<Account> {
        let new = core::NewAccount {
            path,
            kind: kind.0,
            subtype: subtype.0,
            currency,
            institution,
            color,
            icon,
            opened_on: opened_on.map(|d| d.0),
            include_in_net_worth,
        };
        self.0.call(py, move |b| b.accounts().create(new)).map(Account)
    }

    /// Every account of the book in path order, as a `Table` of `Account`.
    fn list(&self, py: Python<'_>) -> PyResult<Table> {
        Ok(self.0.table(Rows::Accounts(self.0.call(py, |b| b.accounts().list())?)))
    }

    /// An account by id. Raises `NotFoundError` (`account_not_found`).
    fn get(&self, py: Python<'_>, account: AccountArg) -> PyResult<Account> {
        self.0.call(py, move |b| b.accounts().get(account.0)).map(Account)
    }

    /// An account by full path. Raises `NotFoundError` (`account_not_found`).
    fn by_path(&self, py: Python<'_>, path: String) -> PyResult<Account> {
        self.0.call(py, move |b| b.accounts().by_path(&path)).map(Account)
    }

    /// Changes an account; only the keywords given change: `name` (renaming moves the
    /// descendants' paths too), `institution`, `color`, `icon`, `opened_on`, `closed_on` (None
    /// clears these), `archived`, `include_in_net_worth`.
    ///
    /// Raises `NotFoundError` (`account_not_found`), `ValidationError`
    /// (`invalid_account_path`, `closed_before_opened`), `ConflictError`
    /// (`duplicate_account_name`), `TallyPermissionError` (`read_only`).
    #[pyo3(signature = (account, **changes))]
    fn update(
        &self,
        py: Python<'_>,
        account: AccountArg,
        changes: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Account> {
        let update = conversion::account_update(changes)?;
        self.0.call(py, move |b| b.accounts().update(account.0, update)).map(Account)
    }

    /// Closes an account: no posting may be dated after `on`.
    fn close(&self, py: Python<'_>, account: AccountArg, on: Day) -> PyResult<Account> {
        self.0.call(py, move |b| b.accounts().close(account.0, on.0)).map(Account)
    }

    /// The balance of every account at the end of `as_of` (all time when None), per
    /// commodity, with descendants rolled up into `total`; a `Table` of `AccountBalance`
    /// sorted by path.
    #[pyo3(signature = (as_of=None))]
    fn balances(&self, py: Python<'_>, as_of: Option<Day>) -> PyResult<Table> {
        let as_of = as_of.map(|d| d.0);
        Ok(self.0.table(Rows::Balances(self.0.call(py, move |b| b.accounts().balances(as_of))?)))
    }

    /// The balance of every account at the end of `as_of` (today when None) in the reporting
    /// `currency`, rolled up the tree: a `ValuedBalances` whose `rows` are `AccountBalance`s in
    /// that currency and whose `unconverted` lists every amount without a usable rate (never
    /// dropped silently, never counted at 1:1).
    ///
    /// `valuation` is 'spot' (every amount at the rates of `rate_date`, by default `as_of`) or
    /// 'historical' (each amount at the rates of its booking day); a rate may be up to
    /// `max_age_days` old (7 by default); each account's figure is rounded once with `rounding`
    /// ('half_even' by default). Raises
    /// `ValidationError` (`unknown_commodity` for the currency).
    #[pyo3(signature = (
        currency, as_of=None, *, valuation=ValuationArg(core::Valuation::Spot), rate_date=None,
        max_age_days=core::rates::DEFAULT_MAX_AGE_DAYS,
        rounding=RoundingArg(core::Rounding::HalfEven)
    ))]
    #[allow(clippy::too_many_arguments)]
    fn balances_in(
        &self,
        py: Python<'_>,
        currency: String,
        as_of: Option<Day>,
        valuation: ValuationArg,
        rate_date: Option<Day>,
        max_age_days: u32,
        rounding: RoundingArg,
    ) -> PyResult<ValuedBalances> {
        let options =
            conversion::valuation_options(currency, valuation, rate_date, max_age_days, rounding);
        let as_of = as_of.map(|d| d.0);
        self.0.call(py, move |b| b.accounts().balances_in(as_of, &options)).map(ValuedBalances)
    }

    /// The register of an account (with its descendants when asked): one `RegisterRow` per
    /// split with the running balance per commodity, paged and sorted by date.
    ///
    /// Raises `NotFoundError` (`account_not_found`), `ValidationError` (`invalid_field` for a
    /// limit outside 1 to 10000).
    #[pyo3(signature = (
        account, *, include_descendants=false, offset=0, limit=100,
        order=OrderArg(core::SortOrder::Descending)
    ))]
    fn register(
        &self,
        py: Python<'_>,
        account: AccountArg,
        include_descendants: bool,
        offset: u64,
        limit: u32,
        order: OrderArg,
    ) -> PyResult<Table> {
        let page = page_request(offset, limit, order);
        let rows = self
            .0
            .call(py, move |b| b.accounts().register(account.0, include_descendants, page))?;
        Ok(self.0.page(rows, Rows::Register))
    }

    /// Records the balance `account` (with descendants) should have at the end of `date`, in
    /// `commodity` (the account's currency when None).
    ///
    /// Raises `NotFoundError` (`account_not_found`), `ValidationError` (`unknown_commodity`,
    /// `too_many_decimals`), `TallyPermissionError` (`read_only`).
    #[pyo3(signature = (account, date, amount, commodity=None))]
    fn add_assertion(
        &self,
        py: Python<'_>,
        account: AccountArg,
        date: Day,
        amount: Amount,
        commodity: Option<String>,
    ) -> PyResult<BalanceAssertion> {
        let new = core::NewBalanceAssertion {
            account_id: account.0,
            date: date.0,
            amount: amount.0,
            commodity,
        };
        self.0.call(py, move |b| b.accounts().add_assertion(new)).map(BalanceAssertion)
    }

    /// The book's balance assertions by date, as a `Table` of `BalanceAssertion`.
    fn assertions(&self, py: Python<'_>) -> PyResult<Table> {
        Ok(self.0.table(Rows::Assertions(self.0.call(py, |b| b.accounts().assertions())?)))
    }

    /// Deletes a balance assertion. Raises `NotFoundError` (`assertion_not_found`).
    fn delete_assertion(&self, py: Python<'_>, assertion: AssertionArg) -> PyResult<()> {
        self.0.call(py, move |b| b.accounts().delete_assertion(assertion.0))
    }

    /// Checks every balance assertion against the ledger: a `Table` of `AssertionResult`, each
    /// with the actual balance and the difference.
    fn check_assertions(&self, py: Python<'_>) -> PyResult<Table> {
        let results = self.0.call(py, |b| b.accounts().check_assertions())?;
        Ok(self.0.table(Rows::AssertionResults(results)))
    }
}
