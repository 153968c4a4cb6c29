//! Portfolio analysis calls of a book: rates of return from the ledger, the allocation against
//! the target weights, and rebalancing plans. They read (replay, rates, targets) and write
//! nothing.

use crate::ids::AccountId;
use crate::portfolio::history::ReplayContext;
use crate::portfolio::operations;
use crate::portfolio::{PortfolioError, DEFAULT_LONG_TERM_DAYS};
use crate::Result;
use chrono::NaiveDate;

use super::portfolio::Portfolio;
use super::rates::known;

impl Portfolio<'_> {
    /// Rates of return of the book, an account or a security over `(from, to]`: money-weighted
    /// (XIRR), time-weighted (chained across every external flow) and simple, annualized past a
    /// year; see [`performance`](crate::portfolio::performance) for what counts as a flow.
    /// "No solution" and missing prices are statuses, never numbers.
    ///
    /// # Errors
    ///
    /// `invalid_field` (`to` before `from`), `unknown_commodity` (the currency),
    /// `not_a_security`, `account_not_found`, `storage`.
    pub fn returns(
        &self,
        req: &crate::portfolio::performance::ReturnsRequest,
    ) -> Result<crate::portfolio::performance::Returns> {
        if req.to < req.from {
            return Err(crate::query::QueryError::InvalidField {
                field: "to".to_owned(),
                value: req.to.to_string(),
                reason: format!("before from ({})", req.from),
            }
            .into());
        }
        let ctx = self.context()?;
        let scale = known(&ctx.snapshot, "currency", &req.currency)?;
        if let Some(code) = &req.security {
            if !ctx.is_security(code) {
                return Err(PortfolioError::NotASecurity {
                    field: "security".to_owned(),
                    code: code.clone(),
                }
                .into());
            }
        }
        if let Some(a) = req.account_id {
            self.book.accounts().get(a)?;
        }
        let txs = self.investment_transactions(&ctx, Some(req.to))?;
        let table = self.book.rates().table()?;
        Ok(crate::portfolio::performance::compute(&txs, &ctx, &table, req, scale))
    }

    /// The current allocation of the book (or of `req.account_id`) against its targets (the
    /// account's when it has some, else the book's), with the drift of each key.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` (the currency), `account_not_found`, `storage`.
    pub fn allocation(
        &self,
        req: &crate::portfolio::valuation::HoldingsRequest,
    ) -> Result<crate::portfolio::allocation::Allocation> {
        let (positions, targets, missing) =
            self.positions(req.account_id, req.as_of, &req.currency, req.max_price_age_days)?;
        let (rows, total_value) = crate::portfolio::allocation::current(&positions, &targets);
        Ok(crate::portfolio::allocation::Allocation {
            as_of: req.as_of,
            currency: req.currency.clone(),
            total_value,
            rows,
            missing,
        })
    }

    /// A rebalancing plan for an account (see [`allocation`](crate::portfolio::allocation)):
    /// new cash first, then sells of the most over-weight keys, whole units where the security
    /// has scale 0, each sell with the gain the account's booking method would realize. Nothing
    /// is written.
    ///
    /// # Errors
    ///
    /// `invalid_field` (negative `new_cash` or `tolerance_percent`), `invalid_targets` (no
    /// targets for the account or the book), `unknown_commodity`, `account_not_found`.
    pub fn rebalance(
        &self,
        req: &crate::portfolio::allocation::RebalanceRequest,
    ) -> Result<crate::portfolio::allocation::RebalancePlan> {
        use crate::portfolio::allocation::{self as alloc, Allocation, Trade, TradeSide};
        for (field, value) in
            [("new_cash", req.new_cash), ("tolerance_percent", req.tolerance_percent)]
        {
            if value < rust_decimal::Decimal::ZERO {
                return Err(crate::query::QueryError::InvalidField {
                    field: field.to_owned(),
                    value: value.to_string(),
                    reason: "must not be negative".to_owned(),
                }
                .into());
            }
        }
        let (positions, targets, missing) =
            self.positions(Some(req.account_id), req.as_of, &req.currency, req.max_price_age_days)?;
        if targets.is_empty() {
            return Err(PortfolioError::InvalidTargets {
                field: "account_id".to_owned(),
                reason: "neither the account nor the book has target weights".to_owned(),
            }
            .into());
        }
        let (rows, total_value) = alloc::current(&positions, &targets);
        let (planned, cash_left, within_tolerance) =
            alloc::plan(&positions, &targets, req.new_cash, req.tolerance_percent);
        let after = alloc::after(&positions, &targets, &planned);
        let ctx = self.context()?;
        let h = self.history(&ctx, Some(req.as_of), DEFAULT_LONG_TERM_DAYS)?;
        let method = ctx.method(req.account_id);
        let table = self.book.rates().table()?;
        let lookup = crate::rates::LookupOptions { max_age_days: req.max_price_age_days };
        let mut trades = Vec::with_capacity(planned.len());
        let mut estimated_gain = rust_decimal::Decimal::ZERO;
        for t in planned {
            let p = &positions[t.position];
            let amount = t.quantity * p.price;
            let gain = if t.side == TradeSide::Sell {
                let pieces = operations::pick(
                    &h.lots,
                    req.account_id,
                    &p.security,
                    t.quantity,
                    method,
                    &[],
                )?;
                let mut cost = rust_decimal::Decimal::ZERO;
                for piece in &pieces {
                    cost += if piece.currency.is_empty() || piece.currency == req.currency {
                        piece.cost
                    } else {
                        table.convert_amount(
                            piece.cost,
                            &piece.currency,
                            &req.currency,
                            req.as_of,
                            lookup,
                        )?
                    };
                }
                let g = (amount - cost).round_dp(2);
                estimated_gain += g;
                Some(g)
            } else {
                None
            };
            trades.push(Trade {
                security: p.security.clone(),
                side: t.side,
                quantity: t.quantity,
                price: p.price,
                estimated_amount: amount.round_dp(2),
                estimated_gain: gain,
            });
        }
        Ok(alloc::RebalancePlan {
            before: Allocation {
                as_of: req.as_of,
                currency: req.currency.clone(),
                total_value,
                rows,
                missing,
            },
            trades,
            after,
            cash_left: cash_left.round_dp(2),
            within_tolerance,
            estimated_gain,
        })
    }

    /// Priced positions of an account (or the book), the securities the targets could buy, the
    /// targets that apply, and the holdings without a price.
    #[allow(clippy::type_complexity)]
    fn positions(
        &self,
        account: Option<AccountId>,
        as_of: NaiveDate,
        currency: &str,
        max_age: u32,
    ) -> Result<(
        Vec<crate::portfolio::allocation::Position>,
        Vec<crate::portfolio::TargetWeight>,
        Vec<crate::portfolio::valuation::MissingPrice>,
    )> {
        use crate::portfolio::allocation::Position;
        use crate::portfolio::TargetKey;
        let mut req = crate::portfolio::valuation::HoldingsRequest::new(as_of, currency)
            .max_price_age_days(max_age);
        req.account_id = account;
        let holdings = self.holdings(&req)?;
        let mut targets = match account {
            Some(a) => self.targets(Some(a))?,
            None => Vec::new(),
        };
        if targets.is_empty() {
            targets = self.targets(None)?;
        }
        let ctx = self.context()?;
        let table = self.book.rates().table()?;
        let lookup = crate::rates::LookupOptions { max_age_days: max_age };
        let price = |code: &str| {
            table.convert_amount(rust_decimal::Decimal::ONE, code, currency, as_of, lookup).ok()
        };
        let mut positions: Vec<Position> = Vec::new();
        for row in holdings.rows.iter().filter(|r| r.market_value.is_some()) {
            let Some(p) = price(&row.security) else { continue };
            if let Some(at) = positions.iter_mut().find(|x| x.security == row.security) {
                at.quantity += row.quantity;
                continue;
            }
            positions.push(Position {
                security: row.security.clone(),
                asset_class: row.asset_class,
                quantity: row.quantity,
                price: p,
                scale: ctx.scale(&row.security),
            });
        }
        let mut codes: Vec<&String> = ctx.securities.keys().collect();
        codes.sort();
        for code in codes {
            let s = &ctx.securities[code];
            let wanted = targets.iter().any(|t| match &t.key {
                TargetKey::Security(c) => c == code,
                TargetKey::AssetClass(c) => *c == s.asset_class,
            });
            if !wanted || positions.iter().any(|p| p.security == *code) {
                continue;
            }
            if let Some(p) = price(code) {
                positions.push(Position {
                    security: code.clone(),
                    asset_class: Some(s.asset_class),
                    quantity: rust_decimal::Decimal::ZERO,
                    price: p,
                    scale: ctx.scale(code),
                });
            }
        }
        Ok((positions, targets, holdings.missing))
    }
}
