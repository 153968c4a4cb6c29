//! The replay: the book's transactions, in date order, turned into lots, realized gains and
//! income. It reads only what the splits say (see the [module](super) docs): a positive split
//! of a security with a cost or price opens a lot; a negative one reduces the lot its memo
//! names (`lot:<id>`) or, without one, the account's lots by its booking method; a negative
//! split with a price is a sale and realizes a gain per lot; a positive split naming a lot
//! continues it (transfer in kind, split, return of capital) with its acquisition date.
//!
//! The replay never fails on what the ledger holds: a sale of more than is held (a statement
//! that starts after the purchase) becomes an [`Issue`], listed with the answer.

use super::lots::{LotBook, Piece};
use super::types::{
    BookingMethod, Lot, LotId, OperationKind, RealizedGain, LOT_MEMO, TAG_KIND, TAG_SECURITY,
};
use crate::ids::{AccountId, TransactionId};
use crate::money;
use crate::transaction::{Split, Transaction, UnitPrice};
use crate::Rounding;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the replay needs to know about the book.
pub trait ReplayContext {
    /// True when `code` is held in lots (a security or crypto, not a currency).
    fn is_security(&self, code: &str) -> bool;
    /// Minor-unit scale of a commodity (2 when unknown).
    fn scale(&self, code: &str) -> u32;
    /// The booking method of an account.
    fn method(&self, account: AccountId) -> BookingMethod;
    /// True for income accounts (dividends, interest are credited to one).
    fn is_income(&self, account: AccountId) -> bool;
}

/// Something in the ledger the replay could not follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The transaction.
    pub transaction_id: TransactionId,
    /// Its date.
    pub date: NaiveDate,
    /// Stable code (`insufficient_quantity`, `lot_not_found`, `unknown_cost`,
    /// `currency_mismatch`).
    pub code: String,
    /// What happened.
    pub message: String,
}

/// Income booked by an investment transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeEvent {
    /// Transaction.
    pub transaction_id: TransactionId,
    /// Date.
    pub date: NaiveDate,
    /// Account that received it (the first asset split that is not the income).
    pub account_id: AccountId,
    /// Security named by the transaction's tag.
    pub security: Option<String>,
    /// Dividend, reinvested dividend or interest.
    pub kind: OperationKind,
    /// Amount (positive).
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
}

/// Lots, realized gains and income of a replayed ledger.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Every lot.
    pub lots: LotBook,
    /// Realized gains per sale and lot, in date order.
    pub realized: Vec<RealizedGain>,
    /// Income, in date order.
    pub income: Vec<IncomeEvent>,
    /// What could not be followed.
    pub issues: Vec<Issue>,
}

/// The lot a split's memo names.
pub fn lot_ref(split: &Split) -> Option<LotId> {
    let memo = split.memo.as_deref()?;
    let rest = memo.strip_prefix(LOT_MEMO)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().map(LotId)
}

/// The operation kind and security a transaction's tags name.
pub fn tags_of(tx: &Transaction) -> (Option<OperationKind>, Option<String>) {
    let kind = tx.tags.iter().find_map(|t| t.strip_prefix(TAG_KIND).and_then(OperationKind::parse));
    let security = tx.tags.iter().find_map(|t| t.strip_prefix(TAG_SECURITY)).map(str::to_owned);
    (kind, security)
}

fn weight(amount: Decimal, unit: &UnitPrice, scale: u32) -> Decimal {
    let w = money::round(
        amount.checked_mul(unit.amount).unwrap_or(Decimal::MAX),
        scale,
        Rounding::HalfEven,
    );
    w.abs()
}

/// Replays `transactions` (any order; sorted here by date, then id). Deleted and void ones
/// are skipped. `long_term_days` sets [`RealizedGain::long_term`].
pub fn replay(
    transactions: &[Transaction],
    ctx: &dyn ReplayContext,
    long_term_days: i64,
) -> History {
    let mut order: Vec<&Transaction> =
        transactions.iter().filter(|t| !t.deleted && t.status.counts()).collect();
    order.sort_by_key(|t| (t.date, t.id));
    let mut h = History::default();
    for tx in order {
        replay_one(&mut h, tx, ctx, long_term_days);
    }
    h
}

fn replay_one(h: &mut History, tx: &Transaction, ctx: &dyn ReplayContext, long_term_days: i64) {
    let (kind, tag_security) = tags_of(tx);
    if let Some(kind) = kind.filter(|k| k.is_income()) {
        let income: Decimal =
            tx.splits.iter().filter(|s| ctx.is_income(s.account_id)).map(|s| -s.amount).sum();
        let currency = tx.splits.iter().find(|s| ctx.is_income(s.account_id));
        let receiver = tx.splits.iter().find(|s| !ctx.is_income(s.account_id));
        if let (Some(c), Some(r)) = (currency, receiver) {
            h.income.push(IncomeEvent {
                transaction_id: tx.id,
                date: tx.date,
                account_id: r.account_id,
                security: tag_security.clone(),
                kind,
                amount: income,
                currency: c.commodity.clone(),
            });
        }
    }
    let issue = |h: &mut History, code: &str, message: String| {
        h.issues.push(Issue {
            transaction_id: tx.id,
            date: tx.date,
            code: code.to_owned(),
            message,
        });
    };
    // Units that left without a sale, by lot and by commodity, for the positive splits.
    let mut moved: Vec<(String, Piece)> = Vec::new();
    for (i, split) in tx.splits.iter().enumerate() {
        if split.amount >= Decimal::ZERO || !ctx.is_security(&split.commodity) {
            continue;
        }
        let qty = -split.amount;
        let field = || format!("transaction {} splits[{i}]", tx.id);
        let cost_hint =
            split.cost.as_ref().map(|c| weight(split.amount, c, ctx.scale(&c.commodity)));
        let pieces = match lot_ref(split) {
            Some(id) => h.lots.reduce_lot(id, qty, cost_hint, &field()).map(|p| vec![p]),
            None => h.lots.reduce_named(
                split.account_id,
                &split.commodity,
                qty,
                ctx.method(split.account_id),
                cost_hint,
                &field,
            ),
        };
        let pieces = match pieces {
            Ok(p) => p,
            Err(e) => {
                issue(h, e.code(), e.to_string());
                continue;
            }
        };
        match &split.price {
            Some(price) => {
                let scale = ctx.scale(&price.commodity);
                let total = weight(qty, price, scale);
                let mut left = total;
                for (k, piece) in pieces.iter().enumerate() {
                    if piece.currency != price.commodity {
                        issue(
                            h,
                            "currency_mismatch",
                            format!(
                                "lot {} cost is in {}, the sale in {}: no gain computed",
                                piece.lot_id, piece.currency, price.commodity
                            ),
                        );
                        continue;
                    }
                    let proceeds = if k + 1 == pieces.len() {
                        left
                    } else {
                        money::round(total * piece.quantity / qty, scale, Rounding::HalfEven)
                    };
                    left -= proceeds;
                    let holding_days = (tx.date - piece.acquired).num_days();
                    h.realized.push(RealizedGain {
                        transaction_id: tx.id,
                        date: tx.date,
                        account_id: split.account_id,
                        security: split.commodity.clone(),
                        lot_id: piece.lot_id,
                        acquired: piece.acquired,
                        quantity: piece.quantity,
                        cost: piece.cost,
                        proceeds,
                        gain: proceeds - piece.cost,
                        currency: piece.currency.clone(),
                        holding_days,
                        long_term: holding_days > long_term_days,
                    });
                }
            }
            None => moved.extend(pieces.into_iter().map(|p| (split.commodity.clone(), p))),
        }
    }
    for split in &tx.splits {
        if split.amount <= Decimal::ZERO || !ctx.is_security(&split.commodity) {
            continue;
        }
        let qty = split.amount;
        let unit = split.cost.as_ref().or(split.price.as_ref());
        let base = Lot {
            id: LotId(split.id.0),
            account_id: split.account_id,
            security: split.commodity.clone(),
            acquired: tx.date,
            quantity: qty,
            cost: Decimal::ZERO,
            currency: String::new(),
            fees: Decimal::ZERO,
            opened_by: tx.id,
        };
        let from_ref = lot_ref(split).and_then(|id| {
            let at = moved.iter().position(|(_, p)| p.lot_id == id);
            let piece = at.map(|at| moved.remove(at).1);
            let original = h.lots.get(id).cloned();
            original.map(|o| (o, piece))
        });
        let lot = if let Some((original, piece)) = from_ref {
            let cost = match (&split.cost, &piece) {
                (Some(c), _) => weight(qty, c, ctx.scale(&c.commodity)),
                (None, Some(p)) => p.cost,
                (None, None) => Decimal::ZERO,
            };
            Lot {
                acquired: original.acquired,
                cost,
                currency: original.currency.clone(),
                fees: piece.map_or(Decimal::ZERO, |p| p.fees),
                ..base
            }
        } else if let Some(unit) = unit {
            let scale = ctx.scale(&unit.commodity);
            let cost = weight(qty, unit, scale);
            let fees = match (&split.cost, &split.price) {
                (Some(c), Some(p)) if c.commodity == p.commodity => {
                    (cost - weight(qty, p, scale)).max(Decimal::ZERO)
                }
                _ => Decimal::ZERO,
            };
            Lot { cost, currency: unit.commodity.clone(), fees, ..base }
        } else if let Some(first) = moved.iter().position(|(c, _)| *c == split.commodity) {
            // A transfer without lot names: the units keep the cost and the oldest date of
            // what left.
            let mut cost = Decimal::ZERO;
            let mut fees = Decimal::ZERO;
            let mut acquired = tx.date;
            let currency = moved[first].1.currency.clone();
            moved.retain(|(c, p)| {
                if *c == split.commodity {
                    cost += p.cost;
                    fees += p.fees;
                    acquired = acquired.min(p.acquired);
                    false
                } else {
                    true
                }
            });
            Lot { cost, fees, acquired, currency, ..base }
        } else {
            issue(
                h,
                "unknown_cost",
                format!(
                    "{} {} arrived without a cost or price: its lot has cost zero",
                    qty, split.commodity
                ),
            );
            Lot { currency: String::new(), ..base }
        };
        let scale = ctx.scale(&lot.currency);
        h.lots.open(lot, scale);
    }
}

/// Account, security, kind and currency of summed income.
type IncomeKey = (AccountId, Option<String>, OperationKind, String);

/// The income of `history` between two dates inclusive, summed per account, security, kind
/// and currency.
pub fn income_rows(
    history: &History,
    from: NaiveDate,
    to: NaiveDate,
    account: Option<AccountId>,
) -> Vec<super::IncomeRow> {
    let mut sums: HashMap<IncomeKey, (Decimal, u64)> = HashMap::new();
    for e in &history.income {
        if e.date < from || e.date > to || account.is_some_and(|a| a != e.account_id) {
            continue;
        }
        let slot =
            sums.entry((e.account_id, e.security.clone(), e.kind, e.currency.clone())).or_default();
        slot.0 += e.amount;
        slot.1 += 1;
    }
    let mut rows: Vec<super::IncomeRow> = sums
        .into_iter()
        .map(|((account_id, security, kind, currency), (amount, count))| super::IncomeRow {
            account_id,
            security,
            kind,
            amount,
            currency,
            count,
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.account_id, &a.security, a.kind, &a.currency).cmp(&(
            b.account_id,
            &b.security,
            b.kind,
            &b.currency,
        ))
    });
    rows
}
