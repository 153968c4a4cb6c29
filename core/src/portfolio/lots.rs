//! The lot engine: open lots per (account, security), reduced by a booking method (FIFO, LIFO,
//! HIFO, AVERAGE) or by lots the caller names, with exact decimal costs. A partial reduction
//! takes `cost x taken / held` rounded half-even to the cost currency's minor units and leaves
//! the rest, so what remains plus what left always equals what came in, to the cent.

use super::types::{BookingMethod, Lot, LotId, LotPick, PortfolioError};
use crate::ids::AccountId;
use crate::money;
use crate::{Error, Result, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Units taken out of one lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The lot.
    pub lot_id: LotId,
    /// Its acquisition date.
    pub acquired: NaiveDate,
    /// Units taken.
    pub quantity: Decimal,
    /// Their cost.
    pub cost: Decimal,
    /// Cost currency.
    pub currency: String,
    /// Fees of the lot that go with the units (pro rata).
    pub fees: Decimal,
}

/// Every lot ever opened (closed ones keep quantity zero), with the open ones indexed.
#[derive(Debug, Clone, Default)]
pub struct LotBook {
    lots: Vec<Lot>,
    scales: Vec<u32>,
    by_id: HashMap<LotId, usize>,
    /// Open lots by account, then security (looked up by `&str`, no key is built).
    open: HashMap<AccountId, HashMap<String, Vec<usize>>>,
}

impl LotBook {
    /// An empty book of lots.
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens a lot; `scale` is the minor-unit scale of its cost currency.
    pub fn open(&mut self, lot: Lot, scale: u32) {
        let at = self.lots.len();
        self.by_id.insert(lot.id, at);
        let by_security = self.open.entry(lot.account_id).or_default();
        match by_security.get_mut(lot.security.as_str()) {
            Some(v) => v.push(at),
            None => {
                by_security.insert(lot.security.clone(), vec![at]);
            }
        }
        self.lots.push(lot);
        self.scales.push(scale);
    }

    /// A lot by id, open or closed.
    pub fn get(&self, id: LotId) -> Option<&Lot> {
        self.by_id.get(&id).map(|at| &self.lots[*at])
    }

    /// Open lots of `security` in `account`, in acquisition order.
    pub fn open_lots(&self, account: AccountId, security: &str) -> Vec<&Lot> {
        let mut out: Vec<&Lot> =
            self.open_slice(account, security).iter().map(|at| &self.lots[*at]).collect();
        out.sort_by_key(|l| (l.acquired, l.id));
        out
    }

    /// Every open lot, by account, security and acquisition.
    pub fn all_open(&self) -> Vec<&Lot> {
        let mut out: Vec<&Lot> = self
            .open
            .values()
            .flat_map(HashMap::values)
            .flatten()
            .map(|at| &self.lots[*at])
            .collect();
        out.sort_by(|a, b| {
            (a.account_id, &a.security, a.acquired, a.id).cmp(&(
                b.account_id,
                &b.security,
                b.acquired,
                b.id,
            ))
        });
        out
    }

    /// Units of `security` held in `account`.
    pub fn held(&self, account: AccountId, security: &str) -> Decimal {
        self.open_slice(account, security).iter().map(|at| self.lots[*at].quantity).sum()
    }

    /// Indexes of the open lots of `security` in `account`, in the order opened.
    fn open_slice(&self, account: AccountId, security: &str) -> &[usize] {
        self.open.get(&account).and_then(|m| m.get(security)).map_or(&[], Vec::as_slice)
    }

    /// Takes `quantity` units of `security` out of `account` by `method`; `cost_hint` (the
    /// cost the ledger recorded for the units, when it did) replaces the computed total for an
    /// AVERAGE reduction, so the lots follow the ledger.
    ///
    /// # Errors
    ///
    /// `insufficient_quantity` (field `field`), with nothing changed.
    pub fn reduce(
        &mut self,
        account: AccountId,
        security: &str,
        quantity: Decimal,
        method: BookingMethod,
        cost_hint: Option<Decimal>,
        field: &str,
    ) -> Result<Vec<Piece>> {
        self.reduce_named(account, security, quantity, method, cost_hint, &|| field.to_owned())
    }

    /// [`reduce`](Self::reduce) with the field named only when there is an error (the replay
    /// reduces lots for every sale: no string is built for the ones that succeed).
    pub(crate) fn reduce_named(
        &mut self,
        account: AccountId,
        security: &str,
        quantity: Decimal,
        method: BookingMethod,
        cost_hint: Option<Decimal>,
        field: &dyn Fn() -> String,
    ) -> Result<Vec<Piece>> {
        let held = self.held(account, security);
        if quantity > held || quantity <= Decimal::ZERO {
            return Err(insufficient(&field(), security, held, quantity));
        }
        let mut order: Vec<usize> = self.open_indexes(account, security);
        match method {
            BookingMethod::Fifo | BookingMethod::Average => {}
            BookingMethod::Lifo => order.reverse(),
            BookingMethod::Hifo => order.sort_by(|a, b| {
                let (la, lb) = (&self.lots[*a], &self.lots[*b]);
                lb.unit_cost()
                    .cmp(&la.unit_cost())
                    .then((la.acquired, la.id).cmp(&(lb.acquired, lb.id)))
            }),
        }
        if method == BookingMethod::Average {
            return Ok(self.reduce_average(account, security, quantity, cost_hint, &order));
        }
        let mut left = quantity;
        let mut pieces = Vec::new();
        for at in order {
            if left.is_zero() {
                break;
            }
            let take = left.min(self.lots[at].quantity);
            pieces.push(self.take(at, take, None));
            left -= take;
        }
        self.prune(account, security);
        Ok(pieces)
    }

    /// Takes the units the caller names.
    ///
    /// # Errors
    ///
    /// `lot_not_found`, `insufficient_quantity` (fields `field[i]`), with nothing changed.
    pub fn reduce_picks(
        &mut self,
        account: AccountId,
        security: &str,
        picks: &[LotPick],
        field: &str,
    ) -> Result<Vec<Piece>> {
        let open = self.open_indexes(account, security);
        let mut wanted: HashMap<usize, Decimal> = HashMap::new();
        for (i, pick) in picks.iter().enumerate() {
            let f = format!("{field}[{i}]");
            let at =
                self.by_id.get(&pick.lot_id).copied().filter(|at| open.contains(at)).ok_or_else(
                    || {
                        Error::from(PortfolioError::LotNotFound {
                            field: format!("{f}.lot_id"),
                            lot: pick.lot_id,
                            security: security.to_owned(),
                        })
                    },
                )?;
            let total = wanted.entry(at).or_default();
            *total += pick.quantity;
            if pick.quantity <= Decimal::ZERO || *total > self.lots[at].quantity {
                return Err(insufficient(
                    &format!("{f}.quantity"),
                    security,
                    self.lots[at].quantity,
                    *total,
                ));
            }
        }
        let mut pieces = Vec::new();
        for pick in picks {
            if let Some(at) = self.by_id.get(&pick.lot_id).copied() {
                pieces.push(self.take(at, pick.quantity, None));
            }
        }
        self.prune(account, security);
        Ok(pieces)
    }

    /// Takes `quantity` units of one lot, with `cost` as their cost when the ledger says so
    /// (never more than the lot holds).
    ///
    /// # Errors
    ///
    /// `lot_not_found`, `insufficient_quantity`.
    pub fn reduce_lot(
        &mut self,
        id: LotId,
        quantity: Decimal,
        cost: Option<Decimal>,
        field: &str,
    ) -> Result<Piece> {
        let at = self.by_id.get(&id).copied().filter(|at| !self.lots[*at].quantity.is_zero());
        let Some(at) = at else {
            let security = self.get(id).map(|l| l.security.clone()).unwrap_or_default();
            return Err(
                PortfolioError::LotNotFound { field: field.to_owned(), lot: id, security }.into()
            );
        };
        let lot = &self.lots[at];
        if quantity > lot.quantity || quantity <= Decimal::ZERO {
            return Err(insufficient(field, &lot.security, lot.quantity, quantity));
        }
        let (account, security) = (lot.account_id, lot.security.clone());
        let piece = self.take(at, quantity, cost);
        self.prune(account, security.as_str());
        Ok(piece)
    }

    fn open_indexes(&self, account: AccountId, security: &str) -> Vec<usize> {
        let mut v = self.open_slice(account, security).to_vec();
        let key = |at: &usize| (self.lots[*at].acquired, self.lots[*at].id);
        if !v.is_sorted_by_key(key) {
            v.sort_by_key(key);
        }
        v
    }

    /// Takes units of one lot: all its cost when all its units go, else the pro-rata share
    /// (or `cost`, capped at what the lot has).
    fn take(&mut self, at: usize, quantity: Decimal, cost: Option<Decimal>) -> Piece {
        let scale = self.scales[at];
        let lot = &mut self.lots[at];
        let (cost, fees) = if quantity == lot.quantity {
            (lot.cost, lot.fees)
        } else {
            let share = |total: Decimal| {
                money::round(
                    total
                        .checked_mul(quantity)
                        .and_then(|x| x.checked_div(lot.quantity))
                        .unwrap_or(total),
                    scale,
                    Rounding::HalfEven,
                )
            };
            (cost.map_or_else(|| share(lot.cost), |c| c.min(lot.cost)), share(lot.fees))
        };
        lot.quantity -= quantity;
        lot.cost -= cost;
        lot.fees -= fees;
        Piece {
            lot_id: lot.id,
            acquired: lot.acquired,
            quantity,
            cost,
            currency: lot.currency.clone(),
            fees,
        }
    }

    /// Average cost: the pool's cost leaves pro rata (or as the ledger recorded it), the units
    /// leave the oldest lots first, and the lots that stay share the rest of the pool's cost
    /// by quantity, so each is at the pool's average.
    fn reduce_average(
        &mut self,
        account: AccountId,
        security: &str,
        quantity: Decimal,
        cost_hint: Option<Decimal>,
        order: &[usize],
    ) -> Vec<Piece> {
        let scale = order.first().map_or(2, |at| self.scales[*at]);
        let pool_qty: Decimal = order.iter().map(|at| self.lots[*at].quantity).sum();
        let pool_cost: Decimal = order.iter().map(|at| self.lots[*at].cost).sum();
        let removed = if quantity == pool_qty {
            pool_cost
        } else {
            cost_hint.map_or_else(
                || money::round(pool_cost * quantity / pool_qty, scale, Rounding::HalfEven),
                |c| c.min(pool_cost),
            )
        };
        // Units leave oldest first; each piece carries its share of the removed cost.
        let mut left = quantity;
        let mut pieces = Vec::new();
        let mut cost_left = removed;
        for &at in order {
            if left.is_zero() {
                break;
            }
            let take = left.min(self.lots[at].quantity);
            left -= take;
            let cost = if left.is_zero() {
                cost_left
            } else {
                money::round(removed * take / quantity, scale, Rounding::HalfEven)
            };
            cost_left -= cost;
            let mut piece = self.take(at, take, None);
            piece.cost = cost;
            pieces.push(piece);
        }
        // Re-average what stays.
        let staying: Vec<usize> =
            order.iter().copied().filter(|at| !self.lots[*at].quantity.is_zero()).collect();
        let stay_qty: Decimal = staying.iter().map(|at| self.lots[*at].quantity).sum();
        let mut stay_cost = pool_cost - removed;
        for (i, at) in staying.iter().enumerate() {
            let q = self.lots[*at].quantity;
            let c = if i + 1 == staying.len() {
                stay_cost
            } else {
                money::round((pool_cost - removed) * q / stay_qty, scale, Rounding::HalfEven)
            };
            stay_cost -= c;
            self.lots[*at].cost = c;
        }
        self.prune(account, security);
        pieces
    }

    fn prune(&mut self, account: AccountId, security: &str) {
        let Some(by_security) = self.open.get_mut(&account) else { return };
        if let Some(v) = by_security.get_mut(security) {
            let lots = &self.lots;
            v.retain(|at| !lots[*at].quantity.is_zero());
            if v.is_empty() {
                by_security.remove(security);
            }
        }
    }

    /// Multiplies every open lot of `security` in `account` by `ratio` (a split 2:1 is 2, a
    /// reverse split 1:10 is 0.1); cost and acquisition stay. The new quantity is rounded
    /// down to `scale` (the fraction a broker pays in cash is the caller's to book).
    pub fn split(&mut self, account: AccountId, security: &str, ratio: Decimal, scale: u32) {
        for at in self.open_indexes(account, security) {
            let lot = &mut self.lots[at];
            lot.quantity = money::round(lot.quantity * ratio, scale, Rounding::TowardZero);
        }
        self.prune(account, security);
    }
}

fn insufficient(field: &str, security: &str, held: Decimal, asked: Decimal) -> Error {
    PortfolioError::InsufficientQuantity {
        field: field.to_owned(),
        security: security.to_owned(),
        held,
        asked,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TransactionId;
    use rust_decimal_macros::dec;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, d).expect("date")
    }

    fn lot(id: i64, d: u32, qty: Decimal, cost: Decimal) -> Lot {
        Lot {
            id: LotId(id),
            account_id: AccountId(1),
            security: "ACME".to_owned(),
            acquired: day(d),
            quantity: qty,
            cost,
            currency: "USD".to_owned(),
            fees: Decimal::ZERO,
            opened_by: TransactionId(id),
        }
    }

    fn three() -> LotBook {
        let mut book = LotBook::new();
        book.open(lot(1, 1, dec!(10), dec!(100)), 2);
        book.open(lot(2, 2, dec!(10), dec!(300)), 2);
        book.open(lot(3, 3, dec!(10), dec!(200)), 2);
        book
    }

    fn costs(pieces: &[Piece]) -> Vec<(i64, Decimal, Decimal)> {
        pieces.iter().map(|p| (p.lot_id.0, p.quantity, p.cost)).collect()
    }

    #[test]
    fn methods_pick_their_lots() {
        let a = AccountId(1);
        let mut fifo = three();
        let p = fifo.reduce(a, "ACME", dec!(15), BookingMethod::Fifo, None, "q").expect("fifo");
        assert_eq!(costs(&p), vec![(1, dec!(10), dec!(100)), (2, dec!(5), dec!(150))]);
        let mut lifo = three();
        let p = lifo.reduce(a, "ACME", dec!(15), BookingMethod::Lifo, None, "q").expect("lifo");
        assert_eq!(costs(&p), vec![(3, dec!(10), dec!(200)), (2, dec!(5), dec!(150))]);
        let mut hifo = three();
        let p = hifo.reduce(a, "ACME", dec!(15), BookingMethod::Hifo, None, "q").expect("hifo");
        assert_eq!(costs(&p), vec![(2, dec!(10), dec!(300)), (3, dec!(5), dec!(100))]);
        let mut avg = three();
        let p = avg.reduce(a, "ACME", dec!(15), BookingMethod::Average, None, "q").expect("avg");
        let total: Decimal = p.iter().map(|p| p.cost).sum();
        assert_eq!(total, dec!(300));
        let rest: Vec<Decimal> = avg.open_lots(a, "ACME").iter().map(|l| l.unit_cost()).collect();
        assert!(rest.iter().all(|c| *c == dec!(20)), "{rest:?}");
    }

    #[test]
    fn selling_more_than_held_changes_nothing() {
        let mut book = three();
        let err = book
            .reduce(AccountId(1), "ACME", dec!(31), BookingMethod::Fifo, None, "quantity")
            .expect_err("too many");
        assert_eq!(err.code(), "insufficient_quantity");
        assert_eq!(err.field().as_deref(), Some("quantity"));
        assert_eq!(book.held(AccountId(1), "ACME"), dec!(30));
    }

    #[test]
    fn picks_name_lots() {
        let mut book = three();
        let picks = [LotPick::new(LotId(3), dec!(4)), LotPick::new(LotId(1), dec!(10))];
        let p = book.reduce_picks(AccountId(1), "ACME", &picks, "lots").expect("picks");
        assert_eq!(costs(&p), vec![(3, dec!(4), dec!(80)), (1, dec!(10), dec!(100))]);
        let bad = [LotPick::new(LotId(1), dec!(1))];
        let err = book.reduce_picks(AccountId(1), "ACME", &bad, "lots").expect_err("closed");
        assert_eq!(err.code(), "lot_not_found");
        assert_eq!(err.field().as_deref(), Some("lots[0].lot_id"));
    }
}
