//! Investment operations as requests, and the balanced transactions they become. A request is
//! a plain record with builder methods; [`Portfolio`](crate::book::Portfolio) checks it against
//! the book's lots and writes the transaction these functions build, so callers never build
//! splits by hand.
//!
//! Shapes (cash goes to the investment account itself unless a cash account is named):
//! - buy: `+q SEC {total/q CUR} @p CUR`, cash `-(q x p + fees)`: the fees are in the lot's cost;
//! - sell: per lot `-q_i SEC {cost_i/q_i CUR} @net/q CUR` (memo `lot:<id>`; one split at the
//!   pool's average for an AVERAGE account), cash `+net`, gains account `-(net - cost)`;
//! - dividend / interest: cash `+a`, income `-a`; reinvest: `+q SEC {a/q}`, income `-a`;
//! - fee: expense `+a`, cash `-a`;
//! - split: per lot `-q {c/q}` then `+q x ratio {c/(q x ratio)}`, both `lot:<id>`;
//! - transfer in kind: per lot `-q {c/q}` from one account, `+q {c/q}` into the other;
//! - return of capital: per lot `-q {c/q}` then `+q {(c - share)/q}`, cash `+a`.

use super::lots::{LotBook, Piece};
use super::types::{
    BookingMethod, LotPick, OperationKind, PortfolioError, Security, LOT_MEMO, TAG_SECURITY,
};
use crate::ids::AccountId;
use crate::money;
use crate::transaction::{NewSplit, NewTransaction, TransactionError};
use crate::{Error, Result, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A purchase of units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyRequest {
    /// Trade date.
    pub date: NaiveDate,
    /// Investment account receiving the units.
    pub account_id: AccountId,
    /// Security code.
    pub security: String,
    /// Units bought (positive, at the security's scale).
    pub quantity: Decimal,
    /// Price per unit, in the security's currency.
    pub price: Decimal,
    /// Commission and fees, added to the lot's cost.
    pub fees: Decimal,
    /// Account paying; the investment account itself when `None`.
    pub cash_account_id: Option<AccountId>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

impl BuyRequest {
    /// `quantity` units of `security` at `price` into `account`.
    pub fn new(
        date: NaiveDate,
        account_id: AccountId,
        security: &str,
        quantity: Decimal,
        price: Decimal,
    ) -> Self {
        Self {
            date,
            account_id,
            security: security.to_owned(),
            quantity,
            price,
            fees: Decimal::ZERO,
            cash_account_id: None,
            external_id: None,
        }
    }

    /// Sets the fees.
    #[must_use]
    pub fn fees(mut self, fees: Decimal) -> Self {
        self.fees = fees;
        self
    }

    /// Sets the paying account.
    #[must_use]
    pub fn cash_account(mut self, account: AccountId) -> Self {
        self.cash_account_id = Some(account);
        self
    }

    /// Sets the idempotency key.
    #[must_use]
    pub fn external_id(mut self, id: &str) -> Self {
        self.external_id = Some(id.to_owned());
        self
    }
}

/// A sale of units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellRequest {
    /// Trade date.
    pub date: NaiveDate,
    /// Investment account selling.
    pub account_id: AccountId,
    /// Security code.
    pub security: String,
    /// Units sold (positive).
    pub quantity: Decimal,
    /// Price per unit.
    pub price: Decimal,
    /// Commission and fees, taken from the proceeds.
    pub fees: Decimal,
    /// Income account of realized gains (a loss is a debit to it).
    pub gains_account_id: AccountId,
    /// Account receiving the cash; the investment account itself when `None`.
    pub cash_account_id: Option<AccountId>,
    /// Specific lots to sell; the account's booking method when empty.
    pub lots: Vec<LotPick>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

impl SellRequest {
    /// `quantity` units of `security` at `price` from `account`, gains to `gains_account`.
    pub fn new(
        date: NaiveDate,
        account_id: AccountId,
        security: &str,
        quantity: Decimal,
        price: Decimal,
        gains_account_id: AccountId,
    ) -> Self {
        Self {
            date,
            account_id,
            security: security.to_owned(),
            quantity,
            price,
            fees: Decimal::ZERO,
            gains_account_id,
            cash_account_id: None,
            lots: Vec::new(),
            external_id: None,
        }
    }

    /// Sets the fees.
    #[must_use]
    pub fn fees(mut self, fees: Decimal) -> Self {
        self.fees = fees;
        self
    }

    /// Sets the receiving account.
    #[must_use]
    pub fn cash_account(mut self, account: AccountId) -> Self {
        self.cash_account_id = Some(account);
        self
    }

    /// Sells these lots (their quantities must sum to the quantity).
    #[must_use]
    pub fn lots(mut self, lots: Vec<LotPick>) -> Self {
        self.lots = lots;
        self
    }

    /// Sets the idempotency key.
    #[must_use]
    pub fn external_id(mut self, id: &str) -> Self {
        self.external_id = Some(id.to_owned());
        self
    }
}

/// Cash income: a dividend or interest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRequest {
    /// Dividend or interest.
    pub kind: OperationKind,
    /// Payment date.
    pub date: NaiveDate,
    /// Investment account it belongs to.
    pub account_id: AccountId,
    /// Security paying it (required for a dividend).
    pub security: Option<String>,
    /// Amount received (positive), in the receiving account's currency.
    pub amount: Decimal,
    /// Income account credited.
    pub income_account_id: AccountId,
    /// Account receiving the cash; the investment account itself when `None`.
    pub cash_account_id: Option<AccountId>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

impl IncomeRequest {
    /// A cash dividend of `security`.
    pub fn dividend(
        date: NaiveDate,
        account_id: AccountId,
        security: &str,
        amount: Decimal,
        income_account_id: AccountId,
    ) -> Self {
        Self {
            kind: OperationKind::Dividend,
            date,
            account_id,
            security: Some(security.to_owned()),
            amount,
            income_account_id,
            cash_account_id: None,
            external_id: None,
        }
    }

    /// Interest paid to the account.
    pub fn interest(
        date: NaiveDate,
        account_id: AccountId,
        amount: Decimal,
        income_account_id: AccountId,
    ) -> Self {
        Self {
            kind: OperationKind::Interest,
            security: None,
            ..Self::dividend(date, account_id, "", amount, income_account_id)
        }
    }

    /// Sets the receiving account.
    #[must_use]
    pub fn cash_account(mut self, account: AccountId) -> Self {
        self.cash_account_id = Some(account);
        self
    }

    /// Sets the idempotency key.
    #[must_use]
    pub fn external_id(mut self, id: &str) -> Self {
        self.external_id = Some(id.to_owned());
        self
    }
}

/// A dividend reinvested in the security that paid it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReinvestRequest {
    /// Date.
    pub date: NaiveDate,
    /// Investment account.
    pub account_id: AccountId,
    /// Security.
    pub security: String,
    /// Dividend amount reinvested (the new lot's cost).
    pub amount: Decimal,
    /// Units bought with it.
    pub quantity: Decimal,
    /// Income account credited.
    pub income_account_id: AccountId,
    /// Idempotency key.
    pub external_id: Option<String>,
}

impl ReinvestRequest {
    /// `amount` of dividend buys `quantity` units.
    pub fn new(
        date: NaiveDate,
        account_id: AccountId,
        security: &str,
        amount: Decimal,
        quantity: Decimal,
        income_account_id: AccountId,
    ) -> Self {
        Self {
            date,
            account_id,
            security: security.to_owned(),
            amount,
            quantity,
            income_account_id,
            external_id: None,
        }
    }
}

/// A fee charged to an account (management fee, custody fee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRequest {
    /// Date.
    pub date: NaiveDate,
    /// Account charged.
    pub account_id: AccountId,
    /// Amount (positive).
    pub amount: Decimal,
    /// Expense account debited.
    pub expense_account_id: AccountId,
    /// Security it relates to, if any.
    pub security: Option<String>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

impl FeeRequest {
    /// A fee of `amount` from `account` to `expense_account`.
    pub fn new(
        date: NaiveDate,
        account_id: AccountId,
        amount: Decimal,
        expense_account_id: AccountId,
    ) -> Self {
        Self { date, account_id, amount, expense_account_id, security: None, external_id: None }
    }
}

/// A split (ratio above 1) or reverse split (below 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitRequest {
    /// Effective date.
    pub date: NaiveDate,
    /// Security.
    pub security: String,
    /// New units per old unit (2 for 2-for-1, 0.1 for 1-for-10).
    pub ratio: Decimal,
    /// Only this account; every account holding the security when `None`.
    pub account_id: Option<AccountId>,
    /// Cash the broker pays for the fraction of a unit the split leaves (finer than the
    /// security's scale); needs `account_id`. Without it the fraction is dropped and its cost
    /// stays with the units kept (their unit cost rises by that much).
    pub cash_in_lieu: Option<Decimal>,
    /// Income account of the gain on the fraction paid in cash.
    pub gains_account_id: Option<AccountId>,
    /// Account receiving the cash; `account_id` when `None`.
    pub cash_account_id: Option<AccountId>,
}

impl SplitRequest {
    /// A split of `security` by `ratio` in every account.
    pub fn new(date: NaiveDate, security: &str, ratio: Decimal) -> Self {
        Self {
            date,
            security: security.to_owned(),
            ratio,
            account_id: None,
            cash_in_lieu: None,
            gains_account_id: None,
            cash_account_id: None,
        }
    }

    /// Only `account`.
    #[must_use]
    pub fn account(mut self, account: AccountId) -> Self {
        self.account_id = Some(account);
        self
    }

    /// The fraction of a unit left by the split is paid `amount` in cash, its gain (the cash
    /// less the fraction's share of the cost) booked to `gains_account`.
    #[must_use]
    pub fn cash_in_lieu(mut self, amount: Decimal, gains_account: AccountId) -> Self {
        self.cash_in_lieu = Some(amount);
        self.gains_account_id = Some(gains_account);
        self
    }
}

/// New quantities of lots after a split by `ratio`: each account keeps exactly its whole
/// position times the ratio, rounded down at `scale` (the broker's entitlement is on the
/// position, not on each lot). Each lot gets its own product rounded down, and the units the
/// rounding of separate lots lost go back one step of the scale at a time to the lots with the
/// largest remainders. Returns the quantities (in the order of `lots`) and, per account in
/// order of first appearance, the fraction finer than the scale that no lot can hold.
pub fn split_quantities(
    lots: &[&super::Lot],
    ratio: Decimal,
    scale: u32,
) -> (Vec<Decimal>, Vec<(AccountId, Decimal)>) {
    let step = Decimal::new(1, scale);
    let mut out: Vec<Decimal> = Vec::with_capacity(lots.len());
    let mut fractions: Vec<(AccountId, Decimal)> = Vec::new();
    let mut accounts: Vec<AccountId> = Vec::new();
    for lot in lots {
        if !accounts.contains(&lot.account_id) {
            accounts.push(lot.account_id);
        }
    }
    out.resize(lots.len(), Decimal::ZERO);
    for account in accounts {
        let members: Vec<usize> =
            (0..lots.len()).filter(|i| lots[*i].account_id == account).collect();
        let exact: Vec<Decimal> = members.iter().map(|i| lots[*i].quantity * ratio).collect();
        let total_exact: Decimal = exact.iter().copied().sum();
        let total = money::round(total_exact, scale, Rounding::TowardZero);
        let mut given = Decimal::ZERO;
        for (k, i) in members.iter().enumerate() {
            out[*i] = money::round(exact[k], scale, Rounding::TowardZero);
            given += out[*i];
        }
        let mut order: Vec<usize> = (0..members.len()).collect();
        // Largest remainder first; the older lot first on a tie.
        order.sort_by(|a, b| (exact[*b] - out[members[*b]]).cmp(&(exact[*a] - out[members[*a]])));
        let mut k = 0;
        while given < total && !order.is_empty() {
            out[members[order[k % order.len()]]] += step;
            given += step;
            k += 1;
        }
        fractions.push((account, total_exact - total));
    }
    (out, fractions)
}

/// Units moved between accounts with their cost and acquisition dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// Date.
    pub date: NaiveDate,
    /// Account giving.
    pub from_account_id: AccountId,
    /// Account receiving.
    pub to_account_id: AccountId,
    /// Security.
    pub security: String,
    /// Units moved.
    pub quantity: Decimal,
    /// Specific lots; the giving account's booking method when empty.
    pub lots: Vec<LotPick>,
}

impl TransferRequest {
    /// `quantity` of `security` from one account to another.
    pub fn new(
        date: NaiveDate,
        from_account_id: AccountId,
        to_account_id: AccountId,
        security: &str,
        quantity: Decimal,
    ) -> Self {
        Self {
            date,
            from_account_id,
            to_account_id,
            security: security.to_owned(),
            quantity,
            lots: Vec::new(),
        }
    }
}

/// A return of capital: cash paid out of the investment's own capital, lowering its basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnOfCapitalRequest {
    /// Date.
    pub date: NaiveDate,
    /// Investment account.
    pub account_id: AccountId,
    /// Security.
    pub security: String,
    /// Cash returned (positive), shared over the open lots by quantity.
    pub amount: Decimal,
    /// Account receiving the cash; the investment account itself when `None`.
    pub cash_account_id: Option<AccountId>,
}

impl ReturnOfCapitalRequest {
    /// `amount` returned on `security` in `account`.
    pub fn new(date: NaiveDate, account_id: AccountId, security: &str, amount: Decimal) -> Self {
        Self { date, account_id, security: security.to_owned(), amount, cash_account_id: None }
    }
}

/// What the builders need about the security.
#[derive(Debug, Clone)]
pub struct SecurityTerms<'a> {
    /// The security.
    pub security: &'a Security,
    /// Scale of its quantities.
    pub quantity_scale: u32,
    /// Scale of its currency.
    pub currency_scale: u32,
}

fn invalid(field: &str, value: &str, reason: &str) -> Error {
    TransactionError::InvalidField {
        field: field.to_owned(),
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}

fn positive(field: &str, value: Decimal) -> Result<()> {
    if value <= Decimal::ZERO {
        return Err(invalid(field, &value.to_string(), "must be positive"));
    }
    Ok(())
}

fn not_negative(field: &str, value: Decimal) -> Result<()> {
    if value < Decimal::ZERO {
        return Err(invalid(field, &value.to_string(), "must not be negative"));
    }
    Ok(())
}

fn tagged(tx: NewTransaction, kind: OperationKind, security: Option<&str>) -> NewTransaction {
    let tx = tx.tag(&kind.tag());
    match security.filter(|s| !s.is_empty()) {
        Some(s) => tx.tag(&format!("{TAG_SECURITY}{s}")),
        None => tx,
    }
}

fn with_ext(tx: NewTransaction, ext: &Option<String>) -> NewTransaction {
    match ext {
        Some(e) => tx.external_id(e),
        None => tx,
    }
}

/// `amount / quantity`, exact to 28 digits.
fn per_unit(amount: Decimal, quantity: Decimal) -> Decimal {
    amount.checked_div(quantity).unwrap_or(amount)
}

/// A split moving the units of `piece`, with their cost.
fn piece_split(
    account: AccountId,
    code: &str,
    quantity: Decimal,
    cost: Decimal,
    currency: &str,
    lot: i64,
) -> NewSplit {
    NewSplit::new(account, quantity)
        .commodity(code)
        .cost(per_unit(cost, quantity.abs()), currency)
        .memo(&format!("{LOT_MEMO}{lot}"))
}

/// The transaction of a purchase.
///
/// # Errors
///
/// `invalid_field` for a quantity or price not above zero, or negative fees.
pub fn buy(req: &BuyRequest, terms: &SecurityTerms<'_>) -> Result<NewTransaction> {
    positive("quantity", req.quantity)?;
    positive("price", req.price)?;
    not_negative("fees", req.fees)?;
    let cur = &terms.security.currency;
    let gross = money::round(req.quantity * req.price, terms.currency_scale, Rounding::HalfEven);
    let total = gross + req.fees;
    let cash = req.cash_account_id.unwrap_or(req.account_id);
    let tx = NewTransaction::new(
        req.date,
        vec![
            NewSplit::new(req.account_id, req.quantity)
                .commodity(&req.security)
                .cost(per_unit(total, req.quantity), cur)
                .price(req.price, cur),
            NewSplit::new(cash, -total).commodity(cur),
        ],
    )
    .narration(&format!("Buy {} {}", req.quantity, req.security));
    Ok(with_ext(tagged(tx, OperationKind::Buy, Some(&req.security)), &req.external_id))
}

/// The pieces a sale or transfer takes, from a copy of the lots.
///
/// # Errors
///
/// `insufficient_quantity`, `lot_not_found`, `invalid_field` (picks that do not sum to the
/// quantity).
pub fn pick(
    lots: &LotBook,
    account: AccountId,
    security: &str,
    quantity: Decimal,
    method: BookingMethod,
    picks: &[LotPick],
) -> Result<Vec<Piece>> {
    positive("quantity", quantity)?;
    let mut lots = lots.clone();
    if picks.is_empty() {
        return lots.reduce(account, security, quantity, method, None, "quantity");
    }
    let named: Decimal = picks.iter().map(|p| p.quantity).sum();
    if named != quantity {
        return Err(invalid(
            "lots",
            &named.to_string(),
            &format!("the lots' quantities must sum to the quantity {quantity}"),
        ));
    }
    lots.reduce_picks(account, security, picks, "lots")
}

/// The transaction of a sale of `pieces` (from [`pick`]).
///
/// # Errors
///
/// `invalid_field` for a price not above zero, negative fees or fees above the proceeds.
pub fn sell(
    req: &SellRequest,
    terms: &SecurityTerms<'_>,
    pieces: &[Piece],
    method: BookingMethod,
) -> Result<NewTransaction> {
    positive("price", req.price)?;
    not_negative("fees", req.fees)?;
    let cur = &terms.security.currency;
    let gross = money::round(req.quantity * req.price, terms.currency_scale, Rounding::HalfEven);
    let net = gross - req.fees;
    if net <= Decimal::ZERO {
        return Err(invalid("fees", &req.fees.to_string(), "the fees take all the proceeds"));
    }
    let net_unit = per_unit(net, req.quantity);
    let cost: Decimal = pieces.iter().map(|p| p.cost).sum();
    let mut splits = Vec::new();
    if method == BookingMethod::Average && req.lots.is_empty() {
        splits.push(
            NewSplit::new(req.account_id, -req.quantity)
                .commodity(&req.security)
                .cost(per_unit(cost, req.quantity), cur)
                .price(net_unit, cur),
        );
    } else {
        for p in pieces {
            splits.push(
                piece_split(req.account_id, &req.security, -p.quantity, p.cost, cur, p.lot_id.0)
                    .price(net_unit, cur),
            );
        }
    }
    splits.push(NewSplit::new(req.cash_account_id.unwrap_or(req.account_id), net).commodity(cur));
    let gain = net - cost;
    if !gain.is_zero() {
        splits.push(NewSplit::new(req.gains_account_id, -gain).commodity(cur));
    }
    let tx = NewTransaction::new(req.date, splits)
        .narration(&format!("Sell {} {}", req.quantity, req.security));
    Ok(with_ext(tagged(tx, OperationKind::Sell, Some(&req.security)), &req.external_id))
}

/// The transaction of a dividend or interest.
///
/// # Errors
///
/// `invalid_field` for an amount not above zero, a kind that is not dividend or interest, or
/// a dividend without a security.
pub fn income(req: &IncomeRequest, currency: &str) -> Result<NewTransaction> {
    positive("amount", req.amount)?;
    if !matches!(req.kind, OperationKind::Dividend | OperationKind::Interest) {
        return Err(invalid("kind", req.kind.as_str(), "must be dividend or interest"));
    }
    if req.kind == OperationKind::Dividend && req.security.as_deref().is_none_or(str::is_empty) {
        return Err(invalid("security", "", "a dividend names its security"));
    }
    let cash = req.cash_account_id.unwrap_or(req.account_id);
    let tx = NewTransaction::new(
        req.date,
        vec![
            NewSplit::new(cash, req.amount).commodity(currency),
            NewSplit::new(req.income_account_id, -req.amount).commodity(currency),
        ],
    )
    .narration(&match &req.security {
        Some(s) if !s.is_empty() => format!("{} {}", req.kind.as_str(), s),
        _ => req.kind.as_str().to_owned(),
    });
    Ok(with_ext(tagged(tx, req.kind, req.security.as_deref()), &req.external_id))
}

/// The transaction of a reinvested dividend.
///
/// # Errors
///
/// `invalid_field` for an amount or quantity not above zero.
pub fn reinvest(req: &ReinvestRequest, terms: &SecurityTerms<'_>) -> Result<NewTransaction> {
    positive("amount", req.amount)?;
    positive("quantity", req.quantity)?;
    let cur = &terms.security.currency;
    let unit = per_unit(req.amount, req.quantity);
    let tx = NewTransaction::new(
        req.date,
        vec![
            NewSplit::new(req.account_id, req.quantity)
                .commodity(&req.security)
                .cost(unit, cur)
                .price(unit, cur),
            NewSplit::new(req.income_account_id, -req.amount).commodity(cur),
        ],
    )
    .narration(&format!("Reinvest dividend {}", req.security));
    Ok(with_ext(tagged(tx, OperationKind::Reinvest, Some(&req.security)), &req.external_id))
}

/// The transaction of a fee.
///
/// # Errors
///
/// `invalid_field` for an amount not above zero.
pub fn fee(req: &FeeRequest, currency: &str) -> Result<NewTransaction> {
    positive("amount", req.amount)?;
    let tx = NewTransaction::new(
        req.date,
        vec![
            NewSplit::new(req.expense_account_id, req.amount).commodity(currency),
            NewSplit::new(req.account_id, -req.amount).commodity(currency),
        ],
    )
    .narration("Fee");
    Ok(with_ext(tagged(tx, OperationKind::Fee, req.security.as_deref()), &req.external_id))
}

/// The transaction of a split over the open lots `lots` of the accounts concerned.
///
/// # Errors
///
/// `invalid_field` for a ratio not above zero or one that leaves a lot with no unit.
pub fn split(
    req: &SplitRequest,
    terms: &SecurityTerms<'_>,
    lots: &[&super::Lot],
) -> Result<NewTransaction> {
    positive("ratio", req.ratio)?;
    if req.ratio == Decimal::ONE {
        return Err(invalid("ratio", "1", "a split changes the number of units"));
    }
    if lots.is_empty() {
        return Err(PortfolioError::InsufficientQuantity {
            field: "security".to_owned(),
            security: req.security.clone(),
            held: Decimal::ZERO,
            asked: Decimal::ZERO,
        }
        .into());
    }
    let cur = &terms.security.currency;
    let (quantities, fractions) = split_quantities(lots, req.ratio, terms.quantity_scale);
    // Cash in lieu: the fraction's share of the cost leaves the lots (pro rata to their cost,
    // the last lot taking the rounding), the cash comes in, the difference is a gain.
    let mut fraction_cost = Decimal::ZERO;
    let mut cost_out: Vec<Decimal> = vec![Decimal::ZERO; lots.len()];
    if let Some(cash) = req.cash_in_lieu {
        let account = req.account_id.ok_or_else(|| {
            invalid(
                "cash_in_lieu",
                &cash.to_string(),
                "needs the account (account_id) it is paid to",
            )
        })?;
        not_negative("cash_in_lieu", cash)?;
        let fraction: Decimal =
            fractions.iter().filter(|(a, _)| *a == account).map(|(_, f)| *f).sum();
        if fraction.is_zero() {
            return Err(invalid(
                "cash_in_lieu",
                &cash.to_string(),
                "the split leaves no fraction of a unit",
            ));
        }
        let exact_total: Decimal = lots.iter().map(|l| l.quantity * req.ratio).sum();
        let cost_total: Decimal = lots.iter().map(|l| l.cost).sum();
        fraction_cost = money::round(
            cost_total
                .checked_mul(fraction)
                .and_then(|x| x.checked_div(exact_total))
                .unwrap_or_default(),
            terms.currency_scale,
            Rounding::HalfEven,
        );
        let mut left = fraction_cost;
        for (i, lot) in lots.iter().enumerate() {
            let share = if i + 1 == lots.len() {
                left
            } else {
                money::round(
                    fraction_cost
                        .checked_mul(lot.cost)
                        .and_then(|x| x.checked_div(cost_total))
                        .unwrap_or_default(),
                    terms.currency_scale,
                    Rounding::HalfEven,
                )
            };
            cost_out[i] = share;
            left -= share;
        }
    }
    let mut splits = Vec::new();
    for (i, lot) in lots.iter().enumerate() {
        let new_qty = quantities[i];
        if new_qty.is_zero() {
            return Err(invalid(
                "ratio",
                &req.ratio.to_string(),
                &format!("lot {} of {} units would keep no unit", lot.id, lot.quantity),
            ));
        }
        splits.push(piece_split(
            lot.account_id,
            &req.security,
            -lot.quantity,
            lot.cost,
            cur,
            lot.id.0,
        ));
        splits.push(piece_split(
            lot.account_id,
            &req.security,
            new_qty,
            lot.cost - cost_out[i],
            cur,
            lot.id.0,
        ));
    }
    if let (Some(cash), Some(account)) = (req.cash_in_lieu, req.account_id) {
        let gains = req.gains_account_id.ok_or_else(|| {
            invalid("gains_account_id", "", "cash in lieu needs the account of its gain")
        })?;
        if !cash.is_zero() {
            splits.push(NewSplit::new(req.cash_account_id.unwrap_or(account), cash).commodity(cur));
        }
        let gain = cash - fraction_cost;
        if !gain.is_zero() {
            splits.push(NewSplit::new(gains, -gain).commodity(cur));
        }
    }
    let tx = NewTransaction::new(req.date, splits)
        .narration(&format!("Split {} ratio {}", req.security, req.ratio));
    Ok(tagged(tx, OperationKind::Split, Some(&req.security)))
}

/// The transaction of a transfer in kind of `pieces`.
///
/// # Errors
///
/// `invalid_field` when both accounts are the same.
pub fn transfer(
    req: &TransferRequest,
    terms: &SecurityTerms<'_>,
    pieces: &[Piece],
) -> Result<NewTransaction> {
    if req.from_account_id == req.to_account_id {
        return Err(invalid("to_account_id", &req.to_account_id.to_string(), "the same account"));
    }
    let cur = &terms.security.currency;
    let mut splits = Vec::new();
    for p in pieces {
        splits.push(piece_split(
            req.from_account_id,
            &req.security,
            -p.quantity,
            p.cost,
            cur,
            p.lot_id.0,
        ));
        splits.push(piece_split(
            req.to_account_id,
            &req.security,
            p.quantity,
            p.cost,
            cur,
            p.lot_id.0,
        ));
    }
    let tx = NewTransaction::new(req.date, splits)
        .narration(&format!("Transfer {} {}", req.quantity, req.security));
    Ok(tagged(tx, OperationKind::Transfer, Some(&req.security)))
}

/// The transaction of a return of capital over the open lots `lots` of the account.
///
/// # Errors
///
/// `invalid_field` for an amount not above zero or one that would take a lot's basis to zero
/// or below; `insufficient_quantity` when nothing is held.
pub fn return_of_capital(
    req: &ReturnOfCapitalRequest,
    terms: &SecurityTerms<'_>,
    lots: &[&super::Lot],
) -> Result<NewTransaction> {
    positive("amount", req.amount)?;
    let held: Decimal = lots.iter().map(|l| l.quantity).sum();
    if held.is_zero() {
        return Err(PortfolioError::InsufficientQuantity {
            field: "security".to_owned(),
            security: req.security.clone(),
            held,
            asked: Decimal::ZERO,
        }
        .into());
    }
    let cur = &terms.security.currency;
    let mut splits = Vec::new();
    let mut left = req.amount;
    for (i, lot) in lots.iter().enumerate() {
        let share = if i + 1 == lots.len() {
            left
        } else {
            money::round(req.amount * lot.quantity / held, terms.currency_scale, Rounding::HalfEven)
        };
        left -= share;
        if share >= lot.cost {
            return Err(invalid(
                "amount",
                &req.amount.to_string(),
                &format!("exceeds the cost basis of lot {} ({} {cur})", lot.id, lot.cost),
            ));
        }
        splits.push(piece_split(
            req.account_id,
            &req.security,
            -lot.quantity,
            lot.cost,
            cur,
            lot.id.0,
        ));
        splits.push(piece_split(
            req.account_id,
            &req.security,
            lot.quantity,
            lot.cost - share,
            cur,
            lot.id.0,
        ));
    }
    splits.push(
        NewSplit::new(req.cash_account_id.unwrap_or(req.account_id), req.amount).commodity(cur),
    );
    let tx = NewTransaction::new(req.date, splits)
        .narration(&format!("Return of capital {}", req.security));
    Ok(tagged(tx, OperationKind::ReturnOfCapital, Some(&req.security)))
}
