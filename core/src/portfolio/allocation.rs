//! Target allocations: validation of a target set (each weight 0 to 100, no key twice, summing
//! to exactly 100), current weights against targets with their drift, and a rebalancing plan.
//!
//! A position counts toward the target of its security when there is one, else toward the
//! target of its asset class, else it is untargeted (target 0). The plan works in the reporting
//! currency: new cash first, spread over the under-weight keys in proportion to their
//! shortfall; when a key still drifts past the tolerance, sells of the most over-weight keys
//! (each down to its target, the most over-weight first) until the remaining shortfall is
//! funded, then buys with what the sells bring. Quantities are rounded toward zero at the
//! security's scale (whole units at scale 0), so the plan never spends more than it has. An
//! asset-class key is bought through its largest position (or the first security of the class
//! when none is held) and sold from its positions, the largest first. Nothing is written.

use super::types::{AssetClass, PortfolioError, TargetKey, TargetWeight};
use crate::ids::AccountId;
use crate::Result;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Checks a target set; an empty set (no targets) is valid.
///
/// # Errors
///
/// `invalid_targets` naming `targets[i].percent` or `targets[i].key`, or `targets` for a sum
/// other than 100.
pub fn validate_targets(targets: &[TargetWeight]) -> Result<()> {
    let fail = |field: String, reason: String| -> crate::Error {
        PortfolioError::InvalidTargets { field, reason }.into()
    };
    let mut seen: HashSet<&TargetKey> = HashSet::new();
    let mut sum = Decimal::ZERO;
    for (i, t) in targets.iter().enumerate() {
        if t.percent < Decimal::ZERO || t.percent > Decimal::ONE_HUNDRED {
            return Err(fail(
                format!("targets[{i}].percent"),
                format!("{} is not between 0 and 100", t.percent),
            ));
        }
        if let TargetKey::Security(code) = &t.key {
            if code.trim().is_empty() {
                return Err(fail(format!("targets[{i}].key"), "an empty security code".to_owned()));
            }
        }
        if !seen.insert(&t.key) {
            return Err(fail(
                format!("targets[{i}].key"),
                format!("{} '{}' is given twice", t.key.kind_str(), t.key.value_str()),
            ));
        }
        sum += t.percent;
    }
    if !targets.is_empty() && sum != Decimal::ONE_HUNDRED {
        return Err(fail("targets".to_owned(), format!("the weights sum to {sum}, not 100")));
    }
    Ok(())
}

/// A security the plan can trade: what is held and its price, in the reporting currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// Security.
    pub security: String,
    /// Its asset class.
    pub asset_class: Option<AssetClass>,
    /// Units held (zero for a security the plan may buy).
    pub quantity: Decimal,
    /// Price of a unit in the reporting currency.
    pub price: Decimal,
    /// Decimals of its quantity.
    pub scale: u32,
}

impl Position {
    fn value(&self) -> Decimal {
        self.quantity * self.price
    }
}

/// One key of an allocation: its target and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationRow {
    /// What the target applies to (a held security without a target shows as its own key).
    pub key: TargetKey,
    /// Target percent (0 for an untargeted holding).
    pub target_percent: Decimal,
    /// Value held, in the reporting currency.
    pub value: Decimal,
    /// Percent of the total (2 places).
    pub percent: Decimal,
    /// `percent - target_percent`.
    pub drift_percent: Decimal,
    /// Value to add (negative: to remove) to be on target.
    pub drift_value: Decimal,
}

/// Current allocation against the targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The day valued.
    pub as_of: NaiveDate,
    /// Reporting currency.
    pub currency: String,
    /// Total value of the priced holdings.
    pub total_value: Decimal,
    /// One row per key: targets first in key order, then untargeted holdings.
    pub rows: Vec<AllocationRow>,
    /// Holdings without a price: not in the totals.
    pub missing: Vec<super::valuation::MissingPrice>,
}

/// A buy or a sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TradeSide {
    /// Buy units.
    Buy,
    /// Sell units.
    Sell,
}

impl TradeSide {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buy => "buy",
            Self::Sell => "sell",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Buy, Self::Sell].into_iter().find(|s| s.as_str() == text)
    }
}

/// A trade of a rebalancing plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trade {
    /// Security.
    pub security: String,
    /// Buy or sell.
    pub side: TradeSide,
    /// Units (at the security's scale).
    pub quantity: Decimal,
    /// Price of a unit used, in the reporting currency.
    pub price: Decimal,
    /// `quantity * price`, in the reporting currency.
    pub estimated_amount: Decimal,
    /// For a sell, the gain it would realize from the lots the account's booking method picks
    /// (in the lots' cost currency converted to the reporting currency); `None` for a buy.
    pub estimated_gain: Option<Decimal>,
}

/// What to rebalance and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebalanceRequest {
    /// The account whose holdings are rebalanced (its targets, else the book's).
    pub account_id: AccountId,
    /// The day: holdings at its end, prices on or before it.
    pub as_of: NaiveDate,
    /// Reporting currency of amounts and of `new_cash`.
    pub currency: String,
    /// Cash to invest first.
    pub new_cash: Decimal,
    /// Drift, in percentage points, a key may keep.
    pub tolerance_percent: Decimal,
    /// Oldest price usable, in days.
    pub max_price_age_days: u32,
}

impl RebalanceRequest {
    /// Rebalances `account` on `as_of` in `currency`, no new cash, a 1-point tolerance.
    pub fn new(account_id: AccountId, as_of: NaiveDate, currency: &str) -> Self {
        Self {
            account_id,
            as_of,
            currency: currency.to_owned(),
            new_cash: Decimal::ZERO,
            tolerance_percent: Decimal::ONE,
            max_price_age_days: crate::rates::DEFAULT_MAX_AGE_DAYS,
        }
    }

    /// Cash to invest first.
    #[must_use]
    pub fn new_cash(mut self, amount: Decimal) -> Self {
        self.new_cash = amount;
        self
    }

    /// The drift tolerated, in percentage points.
    #[must_use]
    pub fn tolerance_percent(mut self, points: Decimal) -> Self {
        self.tolerance_percent = points;
        self
    }

    /// Sets the price staleness limit.
    #[must_use]
    pub fn max_price_age_days(mut self, days: u32) -> Self {
        self.max_price_age_days = days;
        self
    }
}

/// A rebalancing plan: data only, nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebalancePlan {
    /// The allocation before.
    pub before: Allocation,
    /// Trades: sells first (most over-weight first), then buys.
    pub trades: Vec<Trade>,
    /// The allocation the trades would give (cash left aside).
    pub after: Vec<AllocationRow>,
    /// Cash not invested (new cash plus sale proceeds minus buys).
    pub cash_left: Decimal,
    /// True when no key drifts past the tolerance before any trade (and there is no new cash):
    /// the plan is then empty.
    pub within_tolerance: bool,
    /// Sum of the estimated gains of the sells.
    pub estimated_gain: Decimal,
}

fn key_of(p: &Position, targets: &[TargetWeight]) -> TargetKey {
    let by_security = TargetKey::Security(p.security.clone());
    if targets.iter().any(|t| t.key == by_security) {
        return by_security;
    }
    if let Some(class) = p.asset_class {
        let by_class = TargetKey::AssetClass(class);
        if targets.iter().any(|t| t.key == by_class) {
            return by_class;
        }
    }
    by_security
}

/// The allocation rows of `values` (value per key) against `targets` over `total`.
fn rows_of(
    values: &BTreeMap<TargetKey, Decimal>,
    targets: &[TargetWeight],
    total: Decimal,
) -> Vec<AllocationRow> {
    let pct =
        |v: Decimal| (v * Decimal::ONE_HUNDRED).checked_div(total).unwrap_or_default().round_dp(2);
    let mut keys: Vec<(TargetKey, Decimal)> =
        targets.iter().map(|t| (t.key.clone(), t.percent)).collect();
    keys.sort();
    for k in values.keys() {
        if !keys.iter().any(|(t, _)| t == k) {
            keys.push((k.clone(), Decimal::ZERO));
        }
    }
    keys.into_iter()
        .map(|(key, target)| {
            let value = values.get(&key).copied().unwrap_or_default();
            let percent = pct(value);
            let target_value = total * target / Decimal::ONE_HUNDRED;
            AllocationRow {
                key,
                target_percent: target,
                value,
                percent,
                drift_percent: percent - target,
                drift_value: (target_value - value).round_dp(2),
            }
        })
        .collect()
}

fn values_by_key(positions: &[Position], targets: &[TargetWeight]) -> BTreeMap<TargetKey, Decimal> {
    let mut values: BTreeMap<TargetKey, Decimal> = BTreeMap::new();
    for p in positions.iter().filter(|p| !p.quantity.is_zero()) {
        *values.entry(key_of(p, targets)).or_default() += p.value();
    }
    values
}

/// The current allocation rows of priced `positions` against `targets`, and their total.
pub fn current(positions: &[Position], targets: &[TargetWeight]) -> (Vec<AllocationRow>, Decimal) {
    let values = values_by_key(positions, targets);
    let total: Decimal = values.values().copied().sum();
    (rows_of(&values, targets, total), total)
}

/// A planned trade before its gain is estimated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedTrade {
    /// Index in the positions.
    pub position: usize,
    /// Buy or sell.
    pub side: TradeSide,
    /// Units.
    pub quantity: Decimal,
}

/// Plans the trades (see the [module](self) docs). Returns the trades, the cash left and
/// whether the positions were within tolerance before any trade.
pub fn plan(
    positions: &[Position],
    targets: &[TargetWeight],
    new_cash: Decimal,
    tolerance: Decimal,
) -> (Vec<PlannedTrade>, Decimal, bool) {
    let values = values_by_key(positions, targets);
    let held: Decimal = values.values().copied().sum();
    let total = held + new_cash;
    if total <= Decimal::ZERO {
        return (Vec::new(), new_cash, true);
    }
    let rows = rows_of(&values, targets, total);
    let drifting = |r: &AllocationRow, extra: Decimal| {
        let pct = ((r.value + extra) * Decimal::ONE_HUNDRED).checked_div(total).unwrap_or_default();
        (pct - r.target_percent).abs() > tolerance
    };
    let held_rows = rows_of(&values, targets, held);
    let within = new_cash.is_zero() && held_rows.iter().all(|r| r.drift_percent.abs() <= tolerance);
    if within {
        return (Vec::new(), Decimal::ZERO, true);
    }
    // Cash first, in proportion to the shortfalls.
    let shortfall: Decimal = rows.iter().map(|r| r.drift_value.max(Decimal::ZERO)).sum();
    let from_cash = new_cash.min(shortfall);
    let mut buys: BTreeMap<TargetKey, Decimal> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.drift_value > Decimal::ZERO) {
        let share = (r.drift_value * from_cash).checked_div(shortfall).unwrap_or_default();
        buys.insert(r.key.clone(), share);
    }
    let still = rows.iter().any(|r| drifting(r, buys.get(&r.key).copied().unwrap_or_default()));
    let mut trades = Vec::new();
    let mut cash = new_cash;
    if still {
        let mut gap: Decimal = rows
            .iter()
            .map(|r| {
                (r.drift_value - buys.get(&r.key).copied().unwrap_or_default()).max(Decimal::ZERO)
            })
            .sum();
        let gap_before = gap;
        let mut over: Vec<&AllocationRow> =
            rows.iter().filter(|r| r.drift_value < Decimal::ZERO).collect();
        over.sort_by(|a, b| b.drift_percent.cmp(&a.drift_percent).then(a.key.cmp(&b.key)));
        let mut raised = Decimal::ZERO;
        for r in over {
            if raised >= gap_before {
                break;
            }
            let want = (-r.drift_value).min(gap_before - raised);
            let got = sell_key(positions, targets, &r.key, want, &mut trades);
            raised += got;
        }
        cash += raised;
        gap = gap.max(Decimal::ZERO);
        // Top the under-weight keys up with the proceeds, in proportion to what they lack.
        let extra = raised.min(gap);
        for r in rows.iter().filter(|r| r.drift_value > Decimal::ZERO) {
            let lack =
                (r.drift_value - buys.get(&r.key).copied().unwrap_or_default()).max(Decimal::ZERO);
            let add = (lack * extra).checked_div(gap).unwrap_or_default();
            *buys.entry(r.key.clone()).or_default() += add;
        }
    }
    for (key, amount) in buys {
        cash -= buy_key(positions, targets, &key, amount, &mut trades);
    }
    (trades, cash, false)
}

fn units(amount: Decimal, p: &Position) -> Decimal {
    amount
        .checked_div(p.price)
        .unwrap_or_default()
        .round_dp_with_strategy(p.scale, RoundingStrategy::ToZero)
        .max(Decimal::ZERO)
}

/// Sells up to `amount` of a key's positions, the largest first; returns the proceeds.
fn sell_key(
    positions: &[Position],
    targets: &[TargetWeight],
    key: &TargetKey,
    amount: Decimal,
    trades: &mut Vec<PlannedTrade>,
) -> Decimal {
    let mut members: Vec<usize> = (0..positions.len())
        .filter(|i| !positions[*i].quantity.is_zero() && key_of(&positions[*i], targets) == *key)
        .collect();
    members.sort_by(|a, b| positions[*b].value().cmp(&positions[*a].value()));
    let mut raised = Decimal::ZERO;
    for i in members {
        let p = &positions[i];
        let qty = units(amount - raised, p).min(p.quantity);
        if qty.is_zero() {
            continue;
        }
        raised += qty * p.price;
        trades.push(PlannedTrade { position: i, side: TradeSide::Sell, quantity: qty });
    }
    raised
}

/// Buys up to `amount` of a key through its largest position (or the first candidate of its
/// class); returns what it costs.
fn buy_key(
    positions: &[Position],
    targets: &[TargetWeight],
    key: &TargetKey,
    amount: Decimal,
    trades: &mut Vec<PlannedTrade>,
) -> Decimal {
    let best = (0..positions.len())
        .filter(|i| match key {
            TargetKey::Security(code) => positions[*i].security == *code,
            TargetKey::AssetClass(_) => key_of(&positions[*i], targets) == *key,
        })
        .max_by(|a, b| positions[*a].value().cmp(&positions[*b].value()).then(b.cmp(a)));
    let Some(i) = best else { return Decimal::ZERO };
    let qty = units(amount, &positions[i]);
    if qty.is_zero() {
        return Decimal::ZERO;
    }
    trades.push(PlannedTrade { position: i, side: TradeSide::Buy, quantity: qty });
    qty * positions[i].price
}

/// The rows the trades would give (the cash left out of the total).
pub fn after(
    positions: &[Position],
    targets: &[TargetWeight],
    trades: &[PlannedTrade],
) -> Vec<AllocationRow> {
    let mut moved: Vec<Position> = positions.to_vec();
    for t in trades {
        let q = &mut moved[t.position].quantity;
        match t.side {
            TradeSide::Buy => *q += t.quantity,
            TradeSide::Sell => *q -= t.quantity,
        }
    }
    current(&moved, targets).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::AssetClass;
    use rust_decimal_macros::dec;

    #[test]
    fn target_sets_are_checked() {
        let ok = [
            TargetWeight::asset_class(AssetClass::Stock, dec!(70)),
            TargetWeight::security("AGG", dec!(30)),
        ];
        assert!(validate_targets(&ok).is_ok());
        let twice =
            [TargetWeight::security("AGG", dec!(50)), TargetWeight::security("AGG", dec!(50))];
        let err = validate_targets(&twice).expect_err("twice");
        assert_eq!(err.field().as_deref(), Some("targets[1].key"));
        let over = [TargetWeight::security("AGG", dec!(101))];
        assert_eq!(
            validate_targets(&over).expect_err("over").field().as_deref(),
            Some("targets[0].percent")
        );
        let short = [TargetWeight::security("AGG", dec!(99.99))];
        assert_eq!(validate_targets(&short).expect_err("sum").code(), "invalid_targets");
    }
}
