//! Holdings and their value: quantity and cost basis per account and security from the open
//! lots, market value at a date (the price on or before it, through the rate table, converted
//! to the reporting currency by the multi-currency rules), unrealized gain and percent, and
//! weight. A holding without a usable price is listed in `missing`, never valued at zero.

use super::types::{AssetClass, Lot};
use crate::ids::AccountId;
use crate::money;
use crate::rates::{LookupOptions, RateTable, DEFAULT_MAX_AGE_DAYS};
use crate::{Error, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What to value, where and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldingsRequest {
    /// The day: lots at its end, prices on or before it.
    pub as_of: NaiveDate,
    /// Reporting currency.
    pub currency: String,
    /// Only this account; every account when `None`.
    pub account_id: Option<AccountId>,
    /// Oldest price (and FX rate) usable, in days before `as_of`.
    pub max_price_age_days: u32,
    /// Rounding of values to the currency's minor units.
    pub rounding: Rounding,
}

impl HoldingsRequest {
    /// Holdings of the whole book on `as_of` in `currency`.
    pub fn new(as_of: NaiveDate, currency: &str) -> Self {
        Self {
            as_of,
            currency: currency.to_owned(),
            account_id: None,
            max_price_age_days: DEFAULT_MAX_AGE_DAYS,
            rounding: Rounding::HalfEven,
        }
    }

    /// Only `account`.
    #[must_use]
    pub fn account(mut self, account: AccountId) -> Self {
        self.account_id = Some(account);
        self
    }

    /// Sets the price staleness limit.
    #[must_use]
    pub fn max_price_age_days(mut self, days: u32) -> Self {
        self.max_price_age_days = days;
        self
    }
}

/// One security in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    /// Account.
    pub account_id: AccountId,
    /// Security.
    pub security: String,
    /// Its asset class, where defined.
    pub asset_class: Option<AssetClass>,
    /// Units held.
    pub quantity: Decimal,
    /// Cost basis, in `cost_currency`.
    pub cost: Decimal,
    /// Currency of the cost.
    pub cost_currency: String,
    /// Cost basis in the reporting currency (at the rate of `as_of`); `None` without a rate.
    pub cost_value: Option<Decimal>,
    /// Market value in the reporting currency; `None` without a price (see `missing`).
    pub market_value: Option<Decimal>,
    /// `market_value - cost_value`.
    pub unrealized_gain: Option<Decimal>,
    /// Unrealized gain in percent of the cost (2 places).
    pub unrealized_percent: Option<Decimal>,
    /// Percent of the valued total (2 places).
    pub weight_percent: Option<Decimal>,
}

/// A holding that could not be valued, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingPrice {
    /// Account.
    pub account_id: AccountId,
    /// Security.
    pub security: String,
    /// Units held.
    pub quantity: Decimal,
    /// `no_rate` or `stale_rate`.
    pub code: String,
    /// What the lookup said.
    pub message: String,
}

/// Holdings valued on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holdings {
    /// The day.
    pub as_of: NaiveDate,
    /// Reporting currency.
    pub currency: String,
    /// One row per account and security, by account then security.
    pub rows: Vec<Holding>,
    /// Market value of the valued rows.
    pub total_value: Decimal,
    /// Cost of the valued rows.
    pub total_cost: Decimal,
    /// `total_value - total_cost`.
    pub total_unrealized_gain: Decimal,
    /// Rows without a price or rate: not in the totals.
    pub missing: Vec<MissingPrice>,
}

/// Values `lots` (open lots, any order). `scale` is the reporting currency's.
pub fn value_lots(
    lots: &[&Lot],
    table: &RateTable,
    classes: &HashMap<String, AssetClass>,
    req: &HoldingsRequest,
    scale: u32,
) -> Holdings {
    let mut grouped: BTreeMap<(AccountId, &str, &str), (Decimal, Decimal)> = BTreeMap::new();
    for lot in lots {
        if req.account_id.is_some_and(|a| a != lot.account_id) {
            continue;
        }
        let slot = grouped.entry((lot.account_id, &lot.security, &lot.currency)).or_default();
        slot.0 += lot.quantity;
        slot.1 += lot.cost;
    }
    let lookup = LookupOptions { max_age_days: req.max_price_age_days };
    let round = |x: Decimal| {
        let mut r = money::round(x, scale, req.rounding);
        r.rescale(scale);
        r
    };
    let mut rows = Vec::with_capacity(grouped.len());
    let mut missing = Vec::new();
    let (mut total_value, mut total_cost) = (Decimal::ZERO, Decimal::ZERO);
    for ((account_id, security, cost_currency), (quantity, cost)) in grouped {
        let convert = |amount: Decimal, from: &str| -> Result<Decimal, Error> {
            table.convert_amount(amount, from, &req.currency, req.as_of, lookup).map(round)
        };
        let value = convert(quantity, security);
        let cost_value =
            if cost_currency.is_empty() { Ok(Decimal::ZERO) } else { convert(cost, cost_currency) };
        let mut row = Holding {
            account_id,
            security: security.to_owned(),
            asset_class: classes.get(security).copied(),
            quantity,
            cost,
            cost_currency: cost_currency.to_owned(),
            cost_value: cost_value.as_ref().ok().copied(),
            market_value: value.as_ref().ok().copied(),
            unrealized_gain: None,
            unrealized_percent: None,
            weight_percent: None,
        };
        match (&value, &cost_value) {
            (Ok(v), Ok(c)) => {
                row.unrealized_gain = Some(*v - *c);
                if !c.is_zero() {
                    row.unrealized_percent =
                        ((*v - *c) * Decimal::ONE_HUNDRED).checked_div(*c).map(|p| p.round_dp(2));
                }
                total_value += *v;
                total_cost += *c;
            }
            _ => {
                let e = value.as_ref().err().or(cost_value.as_ref().err());
                missing.push(MissingPrice {
                    account_id,
                    security: security.to_owned(),
                    quantity,
                    code: e.map_or("no_rate", Error::code).to_owned(),
                    message: e.map(ToString::to_string).unwrap_or_default(),
                });
            }
        }
        rows.push(row);
    }
    if !total_value.is_zero() {
        for row in &mut rows {
            row.weight_percent = row
                .market_value
                .and_then(|v| (v * Decimal::ONE_HUNDRED).checked_div(total_value))
                .map(|p| p.round_dp(2));
        }
    }
    Holdings {
        as_of: req.as_of,
        currency: req.currency.clone(),
        rows,
        total_value,
        total_cost,
        total_unrealized_gain: total_value - total_cost,
        missing,
    }
}
