//! `book.portfolio`: securities, booking methods, the investment operations (each one balanced
//! transaction), lots, realized gains, income, holdings, returns, allocation and rebalancing,
//! price files and brokerage imports; and `tally.xirr` / `tally.xnpv`. Each method is one core
//! call with the GIL released; requests are built from keyword arguments here.

use crate::book::BookRef;
use crate::conversion::{
    self, AccountArg, Amount, AssetClassArg, BookingMethodArg, Day, DayCountArg, FileArg,
    OperationKindArg, RoundingArg,
};
use crate::records::{
    Holdings, IncomeRow, InvestmentImportReport, LoadReport, Lot, PortfolioAllocation,
    PortfolioIssue, RealizedGain, RebalancePlan, Returns, Sale, Security, Statement, TargetWeight,
    Transaction,
};
use pyo3::prelude::*;
use tally_core as core;
use tally_core::portfolio::allocation::RebalanceRequest;
use tally_core::portfolio::import::InvestmentImportOptions;
use tally_core::portfolio::operations::{
    BuyRequest, FeeRequest, IncomeRequest, ReinvestRequest, ReturnOfCapitalRequest, SellRequest,
    SplitRequest, TransferRequest,
};
use tally_core::portfolio::performance::ReturnsRequest;
use tally_core::portfolio::returns::{self, CashFlow, DayCount};
use tally_core::portfolio::valuation::HoldingsRequest;
use tally_core::portfolio::{LotFilter, NewSecurity};

fn id(a: Option<AccountArg>) -> Option<core::AccountId> {
    a.map(|a| a.0)
}

fn zero(a: Option<Amount>) -> rust_decimal::Decimal {
    a.map_or(rust_decimal::Decimal::ZERO, |a| a.0)
}

fn holdings_request(
    as_of: Day,
    currency: &str,
    account: Option<AccountArg>,
    max_price_age_days: Option<u32>,
    rounding: RoundingArg,
) -> HoldingsRequest {
    let mut req = HoldingsRequest::new(as_of.0, currency);
    req.account_id = id(account);
    if let Some(days) = max_price_age_days {
        req.max_price_age_days = days;
    }
    req.rounding = rounding.0;
    req
}

#[allow(clippy::too_many_arguments)]
fn import_options(
    account: AccountArg,
    income_account: AccountArg,
    gains_account: AccountArg,
    fees_account: Option<AccountArg>,
    transfer_account: Option<AccountArg>,
    default_asset_class: AssetClassArg,
) -> InvestmentImportOptions {
    let mut options = InvestmentImportOptions::new(account.0, income_account.0, gains_account.0);
    options.fees_account_id = id(fees_account);
    options.transfer_account_id = id(transfer_account);
    options.default_asset_class = default_asset_class.0;
    options
}

/// Portfolio calls of a `Book`: `book.portfolio`.
#[pyclass(module = "tally", frozen)]
pub struct Portfolio(pub(crate) BookRef);

#[pymethods]
impl Portfolio {
    /// Defines a security: a new commodity of `scale` decimals (0: whole units) with its asset
    /// class and quote currency. Raises `ValidationError` (`invalid_commodity_code`,
    /// `invalid_scale`), `ConflictError` (`commodity_exists`), `NotFoundError`
    /// (`unknown_commodity` for the currency).
    #[pyo3(signature = (code, name, asset_class, currency, *, scale=0))]
    fn define_security(
        &self,
        py: Python<'_>,
        code: &str,
        name: &str,
        asset_class: AssetClassArg,
        currency: &str,
        scale: u32,
    ) -> PyResult<Security> {
        let new = NewSecurity::new(code, name, asset_class.0, currency).scale(scale);
        self.0.call(py, move |b| b.portfolio().define_security(new)).map(Security)
    }

    /// Sets the asset class and currency of a commodity already defined. Raises
    /// `ValidationError` (`not_a_security` for a currency).
    fn classify(
        &self,
        py: Python<'_>,
        code: String,
        asset_class: AssetClassArg,
        currency: String,
    ) -> PyResult<Security> {
        self.0
            .call(py, move |b| b.portfolio().classify(&code, asset_class.0, &currency))
            .map(Security)
    }

    /// Loads a price CSV (`date,symbol,price,currency[,source]`) into the rate table: all or
    /// nothing; re-loading adds nothing. Raises `ImportFailed` (`malformed_line`,
    /// `unreadable_file`).
    #[pyo3(signature = (path_or_bytes, *, file_name=None))]
    fn load_prices(
        &self,
        py: Python<'_>,
        path_or_bytes: FileArg,
        file_name: Option<String>,
    ) -> PyResult<LoadReport> {
        let call = move |b: &core::Book| {
            let (bytes, name) = path_or_bytes.read(file_name)?;
            b.portfolio().load_prices(&bytes, name.as_deref().unwrap_or("prices.csv"))
        };
        self.0.call(py, call).map(LoadReport)
    }

    /// The book's securities, by code.
    fn securities(&self, py: Python<'_>) -> PyResult<Vec<Security>> {
        Ok(self.0.call(py, |b| b.portfolio().securities())?.into_iter().map(Security).collect())
    }

    /// A security. Raises `ValidationError` (`not_a_security`).
    fn security(&self, py: Python<'_>, code: String) -> PyResult<Security> {
        self.0.call(py, move |b| b.portfolio().security(&code)).map(Security)
    }

    /// Sets how an account's sales pick lots: 'fifo', 'lifo', 'hifo' or 'average'.
    fn set_booking_method(
        &self,
        py: Python<'_>,
        account: AccountArg,
        method: BookingMethodArg,
    ) -> PyResult<()> {
        self.0.call(py, move |b| b.portfolio().set_booking_method(account.0, method.0))
    }

    /// An account's booking method ('fifo' when unset).
    fn booking_method(&self, py: Python<'_>, account: AccountArg) -> PyResult<&'static str> {
        Ok(self.0.call(py, move |b| b.portfolio().booking_method(account.0))?.as_str())
    }

    /// Buys `quantity` units at `price` (fees added to the lot's cost), paid from
    /// `cash_account` (the account itself by default). Raises `ValidationError`
    /// (`not_a_security`, `too_many_decimals`, `invalid_field`).
    #[pyo3(signature = (date, account, security, quantity, price, *, fees=None, cash_account=None, external_id=None))]
    #[allow(clippy::too_many_arguments)]
    fn buy(
        &self,
        py: Python<'_>,
        date: Day,
        account: AccountArg,
        security: String,
        quantity: Amount,
        price: Amount,
        fees: Option<Amount>,
        cash_account: Option<AccountArg>,
        external_id: Option<String>,
    ) -> PyResult<Transaction> {
        let req = BuyRequest {
            date: date.0,
            account_id: account.0,
            security,
            quantity: quantity.0,
            price: price.0,
            fees: zero(fees),
            cash_account_id: id(cash_account),
            external_id,
        };
        self.0.call(py, move |b| b.portfolio().buy(&req)).map(Transaction)
    }

    /// Sells units, lots picked by the account's booking method or given as `lots`
    /// (`(lot_id, quantity)` pairs); the gain goes to `gains_account`. Raises
    /// `ValidationError` (`insufficient_quantity`), `NotFoundError` (`lot_not_found`).
    #[pyo3(signature = (date, account, security, quantity, price, gains_account, *, fees=None, cash_account=None, lots=None, external_id=None))]
    #[allow(clippy::too_many_arguments)]
    fn sell(
        &self,
        py: Python<'_>,
        date: Day,
        account: AccountArg,
        security: String,
        quantity: Amount,
        price: Amount,
        gains_account: AccountArg,
        fees: Option<Amount>,
        cash_account: Option<AccountArg>,
        lots: Option<Vec<(i64, Amount)>>,
        external_id: Option<String>,
    ) -> PyResult<Sale> {
        let req = SellRequest {
            date: date.0,
            account_id: account.0,
            security,
            quantity: quantity.0,
            price: price.0,
            fees: zero(fees),
            gains_account_id: gains_account.0,
            cash_account_id: id(cash_account),
            lots: conversion::lot_picks(lots),
            external_id,
        };
        self.0.call(py, move |b| b.portfolio().sell(&req)).map(Sale)
    }

    /// Records a dividend (`kind` 'dividend', of `security`) or interest ('interest') booked to
    /// `income_account`, paid into `cash_account` (the account by default).
    #[pyo3(signature = (kind, date, account, amount, income_account, *, security=None, cash_account=None, external_id=None))]
    #[allow(clippy::too_many_arguments)]
    fn income_received(
        &self,
        py: Python<'_>,
        kind: OperationKindArg,
        date: Day,
        account: AccountArg,
        amount: Amount,
        income_account: AccountArg,
        security: Option<String>,
        cash_account: Option<AccountArg>,
        external_id: Option<String>,
    ) -> PyResult<Transaction> {
        let req = IncomeRequest {
            kind: kind.0,
            date: date.0,
            account_id: account.0,
            security,
            amount: amount.0,
            income_account_id: income_account.0,
            cash_account_id: id(cash_account),
            external_id,
        };
        self.0.call(py, move |b| b.portfolio().income_received(&req)).map(Transaction)
    }

    /// Reinvests a dividend of `amount` into `quantity` new units (a new lot).
    #[pyo3(signature = (date, account, security, amount, quantity, income_account, *, external_id=None))]
    #[allow(clippy::too_many_arguments)]
    fn reinvest(
        &self,
        py: Python<'_>,
        date: Day,
        account: AccountArg,
        security: String,
        amount: Amount,
        quantity: Amount,
        income_account: AccountArg,
        external_id: Option<String>,
    ) -> PyResult<Transaction> {
        let req = ReinvestRequest {
            date: date.0,
            account_id: account.0,
            security,
            amount: amount.0,
            quantity: quantity.0,
            income_account_id: income_account.0,
            external_id,
        };
        self.0.call(py, move |b| b.portfolio().reinvest(&req)).map(Transaction)
    }

    /// Records an account fee to `expense_account`.
    #[pyo3(signature = (date, account, amount, expense_account, *, security=None, external_id=None))]
    #[allow(clippy::too_many_arguments)]
    fn fee(
        &self,
        py: Python<'_>,
        date: Day,
        account: AccountArg,
        amount: Amount,
        expense_account: AccountArg,
        security: Option<String>,
        external_id: Option<String>,
    ) -> PyResult<Transaction> {
        let req = FeeRequest {
            date: date.0,
            account_id: account.0,
            amount: amount.0,
            expense_account_id: expense_account.0,
            security,
            external_id,
        };
        self.0.call(py, move |b| b.portfolio().fee(&req)).map(Transaction)
    }

    /// Splits a security: `ratio` new units per old (2 for 2-for-1), in `account` or every
    /// account; `cash_in_lieu` (with `gains_account`) pays the fraction finer than the scale.
    #[pyo3(signature = (date, security, ratio, *, account=None, cash_in_lieu=None, gains_account=None, cash_account=None))]
    #[allow(clippy::too_many_arguments)]
    fn split(
        &self,
        py: Python<'_>,
        date: Day,
        security: String,
        ratio: Amount,
        account: Option<AccountArg>,
        cash_in_lieu: Option<Amount>,
        gains_account: Option<AccountArg>,
        cash_account: Option<AccountArg>,
    ) -> PyResult<Transaction> {
        let req = SplitRequest {
            date: date.0,
            security,
            ratio: ratio.0,
            account_id: id(account),
            cash_in_lieu: cash_in_lieu.map(|a| a.0),
            gains_account_id: id(gains_account),
            cash_account_id: id(cash_account),
        };
        self.0.call(py, move |b| b.portfolio().split(&req)).map(Transaction)
    }

    /// Moves units between accounts with their lots (cost and dates kept).
    #[pyo3(signature = (date, from_account, to_account, security, quantity, *, lots=None))]
    #[allow(clippy::too_many_arguments)]
    fn transfer_in_kind(
        &self,
        py: Python<'_>,
        date: Day,
        from_account: AccountArg,
        to_account: AccountArg,
        security: String,
        quantity: Amount,
        lots: Option<Vec<(i64, Amount)>>,
    ) -> PyResult<Transaction> {
        let req = TransferRequest {
            date: date.0,
            from_account_id: from_account.0,
            to_account_id: to_account.0,
            security,
            quantity: quantity.0,
            lots: conversion::lot_picks(lots),
        };
        self.0.call(py, move |b| b.portfolio().transfer_in_kind(&req)).map(Transaction)
    }

    /// Records a return of capital: it lowers the cost of the open lots.
    #[pyo3(signature = (date, account, security, amount, *, cash_account=None))]
    fn return_of_capital(
        &self,
        py: Python<'_>,
        date: Day,
        account: AccountArg,
        security: String,
        amount: Amount,
        cash_account: Option<AccountArg>,
    ) -> PyResult<Transaction> {
        let req = ReturnOfCapitalRequest {
            date: date.0,
            account_id: account.0,
            security,
            amount: amount.0,
            cash_account_id: id(cash_account),
        };
        self.0.call(py, move |b| b.portfolio().return_of_capital(&req)).map(Transaction)
    }

    /// The open lots at the end of `date_to` (all time by default), narrowed by account and
    /// security.
    #[pyo3(signature = (*, account=None, security=None, date_to=None))]
    fn lots(
        &self,
        py: Python<'_>,
        account: Option<AccountArg>,
        security: Option<String>,
        date_to: Option<Day>,
    ) -> PyResult<Vec<Lot>> {
        let filter = LotFilter {
            account_id: id(account),
            security,
            to: date_to.map(|d| d.0),
            ..LotFilter::default()
        };
        Ok(self.0.call(py, move |b| b.portfolio().lots(&filter))?.into_iter().map(Lot).collect())
    }

    /// The gains realized between `date_from` and `date_to` inclusive; a gain held more than
    /// `long_term_days` (365) is long term.
    #[pyo3(signature = (*, account=None, security=None, date_from=None, date_to=None, long_term_days=None))]
    fn realized_gains(
        &self,
        py: Python<'_>,
        account: Option<AccountArg>,
        security: Option<String>,
        date_from: Option<Day>,
        date_to: Option<Day>,
        long_term_days: Option<i64>,
    ) -> PyResult<Vec<RealizedGain>> {
        let filter = LotFilter {
            account_id: id(account),
            security,
            from: date_from.map(|d| d.0),
            to: date_to.map(|d| d.0),
            long_term_days,
        };
        let found = self.0.call(py, move |b| b.portfolio().realized_gains(&filter))?;
        Ok(found.into_iter().map(RealizedGain).collect())
    }

    /// Dividends, reinvested dividends and interest between two dates inclusive.
    #[pyo3(signature = (date_from, date_to, *, account=None))]
    fn income(
        &self,
        py: Python<'_>,
        date_from: Day,
        date_to: Day,
        account: Option<AccountArg>,
    ) -> PyResult<Vec<IncomeRow>> {
        let account = id(account);
        let found =
            self.0.call(py, move |b| b.portfolio().income(date_from.0, date_to.0, account))?;
        Ok(found.into_iter().map(IncomeRow).collect())
    }

    /// Holdings on `as_of` valued in `currency` (prices at most `max_price_age_days` old, 7 by
    /// default); holdings without a price are in `missing`, out of the totals.
    #[pyo3(signature = (as_of, currency, *, account=None, max_price_age_days=None, rounding=RoundingArg(core::Rounding::HalfEven)))]
    fn holdings(
        &self,
        py: Python<'_>,
        as_of: Day,
        currency: &str,
        account: Option<AccountArg>,
        max_price_age_days: Option<u32>,
        rounding: RoundingArg,
    ) -> PyResult<Holdings> {
        let req = holdings_request(as_of, currency, account, max_price_age_days, rounding);
        self.0.call(py, move |b| b.portfolio().holdings(&req)).map(Holdings)
    }

    /// The allocation of the book (or `account`) on `as_of` against its targets, with drift.
    #[pyo3(signature = (as_of, currency, *, account=None, max_price_age_days=None, rounding=RoundingArg(core::Rounding::HalfEven)))]
    fn allocation(
        &self,
        py: Python<'_>,
        as_of: Day,
        currency: &str,
        account: Option<AccountArg>,
        max_price_age_days: Option<u32>,
        rounding: RoundingArg,
    ) -> PyResult<PortfolioAllocation> {
        let req = holdings_request(as_of, currency, account, max_price_age_days, rounding);
        self.0.call(py, move |b| b.portfolio().allocation(&req)).map(PortfolioAllocation)
    }

    /// A rebalancing plan for `account` (data only): `new_cash` first, then sells of the most
    /// over-weight keys; keys within `tolerance_percent` points (1) are left. Raises
    /// `ValidationError` (`invalid_targets` without targets).
    #[pyo3(signature = (account, as_of, currency, *, new_cash=None, tolerance_percent=None, max_price_age_days=None))]
    #[allow(clippy::too_many_arguments)]
    fn rebalance(
        &self,
        py: Python<'_>,
        account: AccountArg,
        as_of: Day,
        currency: &str,
        new_cash: Option<Amount>,
        tolerance_percent: Option<Amount>,
        max_price_age_days: Option<u32>,
    ) -> PyResult<RebalancePlan> {
        let mut req = RebalanceRequest::new(account.0, as_of.0, currency);
        if let Some(cash) = new_cash {
            req.new_cash = cash.0;
        }
        if let Some(t) = tolerance_percent {
            req.tolerance_percent = t.0;
        }
        if let Some(days) = max_price_age_days {
            req.max_price_age_days = days;
        }
        self.0.call(py, move |b| b.portfolio().rebalance(&req)).map(RebalancePlan)
    }

    /// Returns over (`date_from`, `date_to`] in `currency`: money-weighted (XIRR with
    /// `day_count`), time-weighted and simple, of the book, an account or a security.
    #[pyo3(signature = (date_from, date_to, currency, *, account=None, security=None, day_count=DayCountArg(DayCount::Act365F), max_price_age_days=None))]
    #[allow(clippy::too_many_arguments)]
    fn returns(
        &self,
        py: Python<'_>,
        date_from: Day,
        date_to: Day,
        currency: &str,
        account: Option<AccountArg>,
        security: Option<String>,
        day_count: DayCountArg,
        max_price_age_days: Option<u32>,
    ) -> PyResult<Returns> {
        let mut req = ReturnsRequest::new(date_from.0, date_to.0, currency);
        req.account_id = id(account);
        req.security = security;
        req.day_count = day_count.0;
        if let Some(days) = max_price_age_days {
            req.max_price_age_days = days;
        }
        self.0.call(py, move |b| b.portfolio().returns(&req)).map(Returns)
    }

    /// Replaces the target weights of the book (or of `account`): `(kind, key, percent)`
    /// tuples such as `('asset_class', 'bond', '40')` or `TargetWeight`s; empty clears them.
    /// Raises `ValidationError` (`invalid_targets`).
    #[pyo3(signature = (targets, *, account=None))]
    fn set_targets(
        &self,
        py: Python<'_>,
        targets: &Bound<'_, PyAny>,
        account: Option<AccountArg>,
    ) -> PyResult<()> {
        let targets = conversion::target_weights(targets)?;
        let account = id(account);
        self.0.call(py, move |b| b.portfolio().set_targets(account, &targets))
    }

    /// The target weights of the book (or of `account`), in key order.
    #[pyo3(signature = (*, account=None))]
    fn targets(&self, py: Python<'_>, account: Option<AccountArg>) -> PyResult<Vec<TargetWeight>> {
        let account = id(account);
        let found = self.0.call(py, move |b| b.portfolio().targets(account))?;
        Ok(found.into_iter().map(TargetWeight).collect())
    }

    /// What the replay of the ledger could not follow, oldest first.
    fn issues(&self, py: Python<'_>) -> PyResult<Vec<PortfolioIssue>> {
        Ok(self.0.call(py, |b| b.portfolio().issues())?.into_iter().map(PortfolioIssue).collect())
    }

    /// Ids of the investment transactions of a kind ('buy', 'sell', 'dividend', ...).
    fn operations(&self, py: Python<'_>, kind: OperationKindArg) -> PyResult<Vec<i64>> {
        let found = self.0.call(py, move |b| b.portfolio().operations(kind.0))?;
        Ok(found.into_iter().map(|t| t.0).collect())
    }

    /// Imports a brokerage file (OFX investment statements, or a Plaid sandbox investments
    /// user as JSON) into `account`: securities, prices, lots and transactions; idempotent by
    /// external id; lines it cannot book are listed in `skipped`.
    #[pyo3(signature = (path_or_bytes, account, income_account, gains_account, *, fees_account=None, transfer_account=None, default_asset_class=AssetClassArg(core::portfolio::AssetClass::Other), file_name=None))]
    #[allow(clippy::too_many_arguments)]
    fn import_file(
        &self,
        py: Python<'_>,
        path_or_bytes: FileArg,
        account: AccountArg,
        income_account: AccountArg,
        gains_account: AccountArg,
        fees_account: Option<AccountArg>,
        transfer_account: Option<AccountArg>,
        default_asset_class: AssetClassArg,
        file_name: Option<String>,
    ) -> PyResult<InvestmentImportReport> {
        let options = import_options(
            account,
            income_account,
            gains_account,
            fees_account,
            transfer_account,
            default_asset_class,
        );
        let call = move |b: &core::Book| {
            let (bytes, name) = path_or_bytes.read(file_name)?;
            b.portfolio().import_file(&bytes, name.as_deref().unwrap_or("statement"), &options)
        };
        self.0.call(py, call).map(InvestmentImportReport)
    }

    /// Imports one investment `Statement` (from `imports.parse`), as `import_file` does.
    #[pyo3(signature = (statement, account, income_account, gains_account, *, fees_account=None, transfer_account=None, default_asset_class=AssetClassArg(core::portfolio::AssetClass::Other)))]
    #[allow(clippy::too_many_arguments)]
    fn import_statement(
        &self,
        py: Python<'_>,
        statement: PyRef<'_, Statement>,
        account: AccountArg,
        income_account: AccountArg,
        gains_account: AccountArg,
        fees_account: Option<AccountArg>,
        transfer_account: Option<AccountArg>,
        default_asset_class: AssetClassArg,
    ) -> PyResult<InvestmentImportReport> {
        let statement = statement.0.clone();
        let options = import_options(
            account,
            income_account,
            gains_account,
            fees_account,
            transfer_account,
            default_asset_class,
        );
        let call = move |b: &core::Book| b.portfolio().import_statement(&statement, &options);
        self.0.call(py, call).map(InvestmentImportReport)
    }
}

/// The internal rate of return of dated flows (negative: paid in; positive: received), per
/// year, as a `Decimal` rounded to 12 places; None when there is no solution (flows of one
/// sign, no root). Amounts are exact (`Decimal`, decimal strings, ints; never floats).
#[pyfunction]
#[pyo3(signature = (dates, amounts, day_count=DayCountArg(DayCount::Act365F)))]
pub fn xirr(
    py: Python<'_>,
    dates: Vec<Day>,
    amounts: Vec<Amount>,
    day_count: DayCountArg,
) -> PyResult<Option<rust_decimal::Decimal>> {
    let flows = flows(py, dates, amounts)?;
    Ok(py.detach(move || returns::xirr_decimal(&flows, day_count.0)))
}

/// The net present value at `rate` (a float, 0.05 for 5 % a year) of dated flows discounted to
/// the first date, as a float; None for no flows or a rate at or below -1.
#[pyfunction]
#[pyo3(signature = (rate, dates, amounts, day_count=DayCountArg(DayCount::Act365F)))]
pub fn xnpv(
    py: Python<'_>,
    rate: f64,
    dates: Vec<Day>,
    amounts: Vec<Amount>,
    day_count: DayCountArg,
) -> PyResult<Option<f64>> {
    let flows = flows(py, dates, amounts)?;
    let dates: Vec<chrono::NaiveDate> = flows.iter().map(|f| f.date).collect();
    let amounts: Vec<f64> = flows.iter().map(|f| conversion::to_f64(f.amount)).collect();
    Ok(returns::xnpv(rate, &dates, &amounts, day_count.0))
}

fn flows(py: Python<'_>, dates: Vec<Day>, amounts: Vec<Amount>) -> PyResult<Vec<CashFlow>> {
    if dates.len() != amounts.len() {
        return Err(crate::errors::core(
            py,
            core::transaction::TransactionError::InvalidField {
                field: "amounts".to_owned(),
                value: amounts.len().to_string(),
                reason: format!("{} dates but {} amounts", dates.len(), amounts.len()),
            },
        ));
    }
    Ok(dates.into_iter().zip(amounts).map(|(d, a)| CashFlow { date: d.0, amount: a.0 }).collect())
}
