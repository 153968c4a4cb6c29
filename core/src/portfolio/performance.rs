//! Rates of return from the ledger, for an account, a security or the whole book, over a period
//! `(from, to]`.
//!
//! The portfolio measured is the securities in scope (cash is outside it). Its value on a day
//! is the units held at the day's end times the price on or before the day, converted to the
//! reporting currency. An external flow is money crossing the portfolio's edge, read from the
//! cash side of each investment transaction in scope: a buy is money put in (cash paid, fees
//! included), a sale, a cash dividend, interest or a return of capital is money taken out (cash
//! received), an account fee is money put in that buys nothing. A reinvested dividend or a
//! split moves no money. A transfer in kind that crosses the scope's edge is a flow at the
//! market value of the units on its day (at their cost when there is no price).
//!
//! From these: the money-weighted return (XIRR of the start value paid in on `from`, every
//! flow on its day, the end value received on `to`), the time-weighted return (sub-periods
//! between flow days, each valued at its end before that day's flow, chained), and the simple
//! return (the gain over the start value plus what was put in). A period longer than a year
//! has its time-weighted and simple returns annualized too; XIRR is yearly already.

use super::history::{tags_of, ReplayContext};
use super::returns::{self, annualize, DayCount, SubPeriod};
use super::types::OperationKind;
use crate::ids::AccountId;
use crate::money;
use crate::rates::{LookupOptions, RateTable, DEFAULT_MAX_AGE_DAYS};
use crate::transaction::Transaction;
use crate::Rounding;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What to measure, over which period, in which currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnsRequest {
    /// Start: the portfolio at the end of this day is the start value.
    pub from: NaiveDate,
    /// End, inclusive.
    pub to: NaiveDate,
    /// Reporting currency of values and flows.
    pub currency: String,
    /// Only this account; every account when `None`.
    pub account_id: Option<AccountId>,
    /// Only this security; every security when `None`.
    pub security: Option<String>,
    /// Year fractions of the money-weighted return (Act/365F by default, as Excel).
    pub day_count: DayCount,
    /// Oldest price (and FX rate) usable, in days before a valuation day.
    pub max_price_age_days: u32,
}

impl ReturnsRequest {
    /// The whole book from `from` to `to` in `currency`.
    pub fn new(from: NaiveDate, to: NaiveDate, currency: &str) -> Self {
        Self {
            from,
            to,
            currency: currency.to_owned(),
            account_id: None,
            security: None,
            day_count: DayCount::default(),
            max_price_age_days: DEFAULT_MAX_AGE_DAYS,
        }
    }

    /// Only `account`.
    #[must_use]
    pub fn account(mut self, account: AccountId) -> Self {
        self.account_id = Some(account);
        self
    }

    /// Only security `code`.
    #[must_use]
    pub fn security(mut self, code: &str) -> Self {
        self.security = Some(code.to_owned());
        self
    }

    /// Sets the day count of the money-weighted return.
    #[must_use]
    pub fn day_count(mut self, day_count: DayCount) -> Self {
        self.day_count = day_count;
        self
    }

    /// Sets the price staleness limit.
    #[must_use]
    pub fn max_price_age_days(mut self, days: u32) -> Self {
        self.max_price_age_days = days;
        self
    }
}

/// Why a rate of return has a value or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    /// Computed.
    Ok,
    /// The money-weighted equation has no root (flows all of one sign, or none found).
    NoSolution,
    /// A value it needs has no price (see `missing`).
    MissingPrices,
    /// Nothing was invested over the period (no start value and nothing put in).
    NothingInvested,
}

impl ReturnStatus {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::NoSolution => "no_solution",
            Self::MissingPrices => "missing_prices",
            Self::NothingInvested => "nothing_invested",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Ok, Self::NoSolution, Self::MissingPrices, Self::NothingInvested]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One rate of return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateOfReturn {
    /// Whether it has a value.
    pub status: ReturnStatus,
    /// Over the period (the money-weighted return: per year), 12 places; `None` unless `Ok`.
    pub rate: Option<Decimal>,
    /// Per year: equal to `rate` for a period of a year or less.
    pub annualized: Option<Decimal>,
}

impl RateOfReturn {
    fn none(status: ReturnStatus) -> Self {
        Self { status, rate: None, annualized: None }
    }

    fn of(rate: Option<Decimal>, days: i64) -> Self {
        match rate {
            Some(r) => {
                Self { status: ReturnStatus::Ok, rate: Some(r), annualized: annualize(r, days) }
            }
            None => Self::none(ReturnStatus::NothingInvested),
        }
    }
}

/// An external flow: positive money put into the portfolio, negative taken out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalFlow {
    /// Day.
    pub date: NaiveDate,
    /// Net amount of the day in the reporting currency.
    pub amount: Decimal,
}

/// A security that could not be valued on a day a return needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingValue {
    /// Security.
    pub security: String,
    /// The first day it lacked a price (or an FX rate).
    pub date: NaiveDate,
    /// `no_rate` or `stale_rate`.
    pub code: String,
    /// What the lookup said.
    pub message: String,
}

/// Rates of return over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returns {
    /// Start (exclusive for flows; its end-of-day value is the start value).
    pub from: NaiveDate,
    /// End, inclusive.
    pub to: NaiveDate,
    /// Reporting currency.
    pub currency: String,
    /// Days in the period.
    pub days: i64,
    /// Value at the end of `from`; `None` without a price.
    pub start_value: Option<Decimal>,
    /// Value at the end of `to`; `None` without a price.
    pub end_value: Option<Decimal>,
    /// Money put in over the period.
    pub contributions: Decimal,
    /// Money taken out over the period (positive).
    pub withdrawals: Decimal,
    /// The external flows, one per day, in date order.
    pub flows: Vec<ExternalFlow>,
    /// Money-weighted (XIRR, per year).
    pub money_weighted: RateOfReturn,
    /// Time-weighted, chained across every flow day.
    pub time_weighted: RateOfReturn,
    /// `(end - start - net flows) / (start + contributions)`.
    pub simple: RateOfReturn,
    /// Securities without a price on a day a value was needed.
    pub missing: Vec<MissingValue>,
}

/// The book the computation reads: which accounts are income or expense, which codes are
/// securities.
pub trait FlowContext: ReplayContext {
    /// True for expense accounts (fees are booked to one).
    fn is_expense(&self, account: AccountId) -> bool;
}

/// Computes [`Returns`] from the investment transactions up to `req.to` (any order), the rate
/// table and the reporting currency's scale.
pub fn compute(
    transactions: &[Transaction],
    ctx: &dyn FlowContext,
    table: &RateTable,
    req: &ReturnsRequest,
    scale: u32,
) -> Returns {
    let mut order: Vec<&Transaction> = transactions
        .iter()
        .filter(|t| !t.deleted && t.status.counts() && t.date <= req.to)
        .collect();
    order.sort_by_key(|t| (t.date, t.id));
    let lookup = LookupOptions { max_age_days: req.max_price_age_days };
    let round = |x: Decimal| money::round(x, scale, Rounding::HalfEven);
    let in_account = |a: AccountId| req.account_id.is_none_or(|x| x == a);
    let in_security = |c: &str| req.security.as_deref().is_none_or(|s| s == c);
    let mut missing: BTreeMap<String, MissingValue> = BTreeMap::new();
    let mut held: BTreeMap<String, Decimal> = BTreeMap::new();
    // Value of the holdings on a day; `None` when a price is missing (listed).
    let mut value_on = |held: &BTreeMap<String, Decimal>, day: NaiveDate| -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        let mut ok = true;
        for (code, qty) in held.iter().filter(|(_, q)| !q.is_zero()) {
            match table.convert_amount(*qty, code, &req.currency, day, lookup) {
                Ok(v) => total += v,
                Err(e) => {
                    ok = false;
                    missing.entry(code.clone()).or_insert_with(|| MissingValue {
                        security: code.clone(),
                        date: day,
                        code: e.code().to_owned(),
                        message: e.to_string(),
                    });
                }
            }
        }
        ok.then(|| round(total))
    };
    let mut i = 0;
    while i < order.len() && order[i].date <= req.from {
        apply(&mut held, order[i], ctx, &in_account, &in_security);
        i += 1;
    }
    let start_value = value_on(&held, req.from);
    let mut flows: Vec<ExternalFlow> = Vec::new();
    let mut periods: Vec<SubPeriod> = Vec::new();
    let mut twr_ok = start_value.is_some();
    let mut period_start = start_value.unwrap_or_default();
    while i < order.len() {
        let day = order[i].date;
        let mut flow = Decimal::ZERO;
        let mut any = false;
        while i < order.len() && order[i].date == day {
            let tx = order[i];
            if let Some(f) = flow_of(tx, ctx, table, req, lookup, &in_account, &in_security) {
                flow += f;
                any = true;
            }
            apply(&mut held, tx, ctx, &in_account, &in_security);
            i += 1;
        }
        if !any {
            continue;
        }
        let flow = round(flow);
        let value = value_on(&held, day);
        match value {
            Some(v) => {
                periods.push(SubPeriod { start_value: period_start, end_value: v - flow });
                period_start = v;
            }
            None => twr_ok = false,
        }
        if !flow.is_zero() {
            flows.push(ExternalFlow { date: day, amount: flow });
        }
    }
    let end_value = value_on(&held, req.to);
    if let Some(v) = end_value {
        periods.push(SubPeriod { start_value: period_start, end_value: v });
    }
    let days = (req.to - req.from).num_days();
    let contributions: Decimal = flows.iter().map(|f| f.amount.max(Decimal::ZERO)).sum();
    let withdrawals: Decimal = flows.iter().map(|f| (-f.amount).max(Decimal::ZERO)).sum();
    let net: Decimal = contributions - withdrawals;
    let (money_weighted, time_weighted, simple) = match (start_value, end_value) {
        (Some(start), Some(end)) => {
            let invested = start + contributions;
            let simple = if invested > Decimal::ZERO {
                RateOfReturn::of(
                    (end - start - net).checked_div(invested).map(|r| r.round_dp(12)),
                    days,
                )
            } else {
                RateOfReturn::none(ReturnStatus::NothingInvested)
            };
            let twr = if !twr_ok {
                RateOfReturn::none(ReturnStatus::MissingPrices)
            } else {
                RateOfReturn::of(returns::time_weighted(&periods), days)
            };
            let mwr = if invested > Decimal::ZERO {
                money_weighted(start, end, &flows, req)
            } else {
                RateOfReturn::none(ReturnStatus::NothingInvested)
            };
            (mwr, twr, simple)
        }
        _ => {
            let m = || RateOfReturn::none(ReturnStatus::MissingPrices);
            (m(), m(), m())
        }
    };
    Returns {
        from: req.from,
        to: req.to,
        currency: req.currency.clone(),
        days,
        start_value,
        end_value,
        contributions,
        withdrawals,
        flows,
        money_weighted,
        time_weighted,
        simple,
        missing: missing.into_values().collect(),
    }
}

fn money_weighted(
    start: Decimal,
    end: Decimal,
    flows: &[ExternalFlow],
    req: &ReturnsRequest,
) -> RateOfReturn {
    // The solver's floats stay in `returns`: the flows cross as Decimals.
    let mut flows_in = vec![returns::CashFlow { date: req.from, amount: -start }];
    flows_in.extend(flows.iter().map(|f| returns::CashFlow { date: f.date, amount: -f.amount }));
    flows_in.push(returns::CashFlow { date: req.to, amount: end });
    match returns::xirr_decimal(&flows_in, req.day_count) {
        Some(r) => RateOfReturn { status: ReturnStatus::Ok, rate: Some(r), annualized: Some(r) },
        None => RateOfReturn::none(ReturnStatus::NoSolution),
    }
}

/// Adds the transaction's units in scope to `held`.
fn apply(
    held: &mut BTreeMap<String, Decimal>,
    tx: &Transaction,
    ctx: &dyn FlowContext,
    in_account: &dyn Fn(AccountId) -> bool,
    in_security: &dyn Fn(&str) -> bool,
) {
    for s in &tx.splits {
        if ctx.is_security(&s.commodity) && in_account(s.account_id) && in_security(&s.commodity) {
            *held.entry(s.commodity.clone()).or_default() += s.amount;
        }
    }
}

/// The external flow of one transaction in the reporting currency, `None` when it does not
/// touch the scope. A conversion without a rate counts nothing (the security's missing price
/// shows in the values).
fn flow_of(
    tx: &Transaction,
    ctx: &dyn FlowContext,
    table: &RateTable,
    req: &ReturnsRequest,
    lookup: LookupOptions,
    in_account: &dyn Fn(AccountId) -> bool,
    in_security: &dyn Fn(&str) -> bool,
) -> Option<Decimal> {
    let (kind, tagged) = tags_of(tx);
    let scoped: Vec<_> = tx
        .splits
        .iter()
        .filter(|s| ctx.is_security(&s.commodity))
        .filter(|s| in_account(s.account_id) && in_security(&s.commodity))
        .collect();
    let touches = !scoped.is_empty()
        || (kind.is_some()
            && match (&req.security, &tagged) {
                (Some(want), Some(got)) => want == got,
                (Some(_), None) => false,
                (None, _) => true,
            }
            && tx.splits.iter().any(|s| in_account(s.account_id)));
    if !touches {
        return None;
    }
    // A security of the transaction that is out of scope (a trade of another one) is not ours.
    if scoped.is_empty() && tx.splits.iter().any(|s| ctx.is_security(&s.commodity)) {
        return None;
    }
    let convert = |amount: Decimal, from: &str| {
        table.convert_amount(amount, from, &req.currency, tx.date, lookup).unwrap_or_default()
    };
    let cash: Vec<_> = tx
        .splits
        .iter()
        .filter(|s| !ctx.is_security(&s.commodity))
        .filter(|s| !ctx.is_income(s.account_id) && !ctx.is_expense(s.account_id))
        .collect();
    if !cash.is_empty() {
        return Some(cash.iter().map(|s| -convert(s.amount, &s.commodity)).sum());
    }
    let internal = tx.splits.iter().any(|s| ctx.is_income(s.account_id))
        || matches!(kind, Some(OperationKind::Split | OperationKind::ReturnOfCapital));
    if internal {
        return Some(Decimal::ZERO);
    }
    // A transfer in kind: its units in scope at their market value (their cost without one).
    let mut net: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut at_cost = Decimal::ZERO;
    for s in &scoped {
        *net.entry(&s.commodity).or_default() += s.amount;
        if let Some(cost) = &s.cost {
            at_cost += convert(s.amount * cost.amount, &cost.commodity);
        }
    }
    let codes: BTreeSet<&str> = net.iter().filter(|(_, q)| !q.is_zero()).map(|(c, _)| *c).collect();
    let mut total = Decimal::ZERO;
    for code in codes {
        match table.convert_amount(net[code], code, &req.currency, tx.date, lookup) {
            Ok(v) => total += v,
            Err(_) => return Some(at_cost),
        }
    }
    Some(total)
}
