//! Balances, net worth, category reports and FX gains in a reporting currency (the types are in
//! [`crate::valuation`]). Leaf sums are converted per account and commodity (spot) or per day
//! (historical), summed exactly, rounded once per account, then rolled up the tree, so a parent
//! is always the sum of its children.

use crate::account::{AccountError, AccountKind};
use crate::ids::AccountId;
use crate::query::{AccountBalance, CategoryAmount};
use crate::rates::{LookupOptions, RateTable};
use crate::valuation::{
    FxGain, NetWorth, Unconverted, Valuation, ValuationOptions, ValuedBalances, ValuedCategories,
};
use crate::{Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

use super::accounts::{roll_up, Accounts};
use super::context::Snapshot;
use super::rates::{known, round_to};
use super::reports::Reports;
use super::Book;

/// Converts leaf amounts into one currency, keeping what fails.
struct Valuer<'s> {
    table: Arc<RateTable>,
    snapshot: &'s Snapshot,
    options: &'s ValuationOptions,
    scale: u32,
    exact: HashMap<AccountId, Decimal>,
    unconverted: Vec<Unconverted>,
}

impl<'s> Valuer<'s> {
    fn new(book: &Book, snapshot: &'s Snapshot, options: &'s ValuationOptions) -> Result<Self> {
        let scale = known(snapshot, "currency", &options.currency)?;
        Ok(Self {
            table: book.rates().table()?,
            snapshot,
            options,
            scale,
            exact: HashMap::new(),
            unconverted: Vec::new(),
        })
    }

    fn add(
        &mut self,
        account: AccountId,
        commodity: &str,
        date: NaiveDate,
        amount: Decimal,
    ) -> Result<()> {
        let lookup = LookupOptions { max_age_days: self.options.max_age_days };
        let value = if commodity == self.options.currency {
            amount
        } else {
            match self.table.convert_amount(amount, commodity, &self.options.currency, date, lookup)
            {
                Ok(value) => value,
                Err(e @ Error::Rate(_)) => {
                    let path = self.snapshot.accounts.get(&account).map(|a| a.path.clone());
                    self.unconverted.push(Unconverted {
                        account_id: account,
                        path: path.unwrap_or_default(),
                        commodity: commodity.to_owned(),
                        amount,
                        date,
                        code: e.code().to_owned(),
                        // The lookup names its own field; here the row says where.
                        message: e.to_string().trim_start_matches("rate: ").to_owned(),
                    });
                    return Ok(());
                }
                Err(e) => return Err(e),
            }
        };
        let slot = self.exact.entry(account).or_default();
        *slot = slot.checked_add(value).ok_or_else(|| overflow(value, &self.options.currency))?;
        Ok(())
    }

    /// Rounded per account, then rolled up; `accounts` decides which accounts get a row.
    fn finish(
        self,
        accounts: impl Fn(AccountId) -> bool,
    ) -> (Vec<AccountBalance>, Vec<Unconverted>) {
        let currency = &self.options.currency;
        let sums = self
            .snapshot
            .accounts
            .keys()
            .filter(|id| accounts(**id))
            .map(|id| {
                let exact = self.exact.get(id).copied().unwrap_or_default();
                (*id, currency.clone(), round_to(exact, self.scale, self.options.rounding))
            })
            .collect::<Vec<_>>();
        let mut rows = roll_up(self.snapshot, sums.into_iter(), false);
        for row in &mut rows {
            row.own.rescale(self.scale);
            row.total.rescale(self.scale);
        }
        let mut unconverted = self.unconverted;
        unconverted
            .sort_by(|a, b| (&a.path, &a.commodity, a.date).cmp(&(&b.path, &b.commodity, b.date)));
        (rows, unconverted)
    }
}

/// `-amount`, without a negative zero (`-0.00` would print as such).
fn negated(amount: Decimal) -> Decimal {
    if amount.is_zero() {
        amount.abs()
    } else {
        -amount
    }
}

fn overflow(amount: Decimal, currency: &str) -> Error {
    crate::money::MoneyError::AmountOutOfRange {
        field: "amount".to_owned(),
        value: amount.to_string(),
        commodity: currency.to_owned(),
        scale: 28,
    }
    .into()
}

/// Feeds the valuer the book's sums up to `to` (from `from` when given), spot or historical.
fn feed(
    book: &Book,
    valuer: &mut Valuer<'_>,
    from: Option<NaiveDate>,
    to: NaiveDate,
    keep: &dyn Fn(AccountId) -> bool,
) -> Result<Option<NaiveDate>> {
    let store = &book.engine.store;
    match valuer.options.valuation {
        Valuation::Spot => {
            let rate_date = valuer.options.rate_date.unwrap_or(to);
            let sums = match from {
                Some(f) => store.leaf_flows(book.id(), f, to)?,
                None => store.leaf_balances(book.id(), Some(to))?,
            };
            for s in sums.into_iter().filter(|s| keep(s.account_id)) {
                valuer.add(s.account_id, &s.commodity, rate_date, s.amount)?;
            }
            Ok(Some(rate_date))
        }
        Valuation::Historical => {
            for s in store
                .daily_sums(book.id(), from, Some(to))?
                .into_iter()
                .filter(|s| keep(s.account_id))
            {
                valuer.add(s.account_id, &s.commodity, s.date, s.amount)?;
            }
            Ok(None)
        }
    }
}

impl Accounts<'_> {
    /// Every account's balance up to `as_of` (today when `None`) in a reporting currency, spot
    /// or historical; amounts that cannot be converted are listed, not dropped.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn balances_in(
        &self,
        as_of: Option<NaiveDate>,
        options: &ValuationOptions,
    ) -> Result<ValuedBalances> {
        let book = self.book;
        let snapshot = Snapshot::load(book)?;
        let mut valuer = Valuer::new(book, &snapshot, options)?;
        let to = as_of.unwrap_or_else(|| book.engine.clock.today());
        let rate_date = feed(book, &mut valuer, None, to, &|_| true)?;
        let (rows, unconverted) = valuer.finish(|_| true);
        Ok(ValuedBalances {
            currency: options.currency.clone(),
            valuation: options.valuation,
            rate_date,
            rows,
            unconverted,
        })
    }
}

impl Reports<'_> {
    /// Net worth up to `as_of` (today when `None`): the asset and liability accounts counted in
    /// net worth, in a reporting currency.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn net_worth(
        &self,
        as_of: Option<NaiveDate>,
        options: &ValuationOptions,
    ) -> Result<NetWorth> {
        let book = self.book;
        let snapshot = Snapshot::load(book)?;
        let counted = |id: AccountId| {
            snapshot.accounts.get(&id).is_some_and(|a| {
                a.include_in_net_worth
                    && matches!(a.kind, AccountKind::Asset | AccountKind::Liability)
            })
        };
        let mut valuer = Valuer::new(book, &snapshot, options)?;
        let to = as_of.unwrap_or_else(|| book.engine.clock.today());
        feed(book, &mut valuer, None, to, &counted)?;
        let (accounts, unconverted) = valuer.finish(counted);
        let mut assets = Decimal::ZERO;
        let mut liabilities = Decimal::ZERO;
        for row in &accounts {
            let Some(account) = snapshot.accounts.get(&row.account_id) else { continue };
            let sum = match account.kind {
                AccountKind::Asset => &mut assets,
                _ => &mut liabilities,
            };
            *sum = sum.checked_add(row.own).ok_or_else(|| overflow(row.own, &options.currency))?;
        }
        let net_worth =
            assets.checked_add(liabilities).ok_or_else(|| overflow(assets, &options.currency))?;
        Ok(NetWorth {
            currency: options.currency.clone(),
            as_of: to,
            valuation: options.valuation,
            assets,
            liabilities,
            net_worth,
            accounts,
            unconverted,
        })
    }

    /// Spending per expense category between two dates inclusive, in a reporting currency.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn spending_by_category_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        options: &ValuationOptions,
    ) -> Result<ValuedCategories> {
        self.valued_categories(AccountKind::Expense, from, to, options, false)
    }

    /// Income per income category between two dates inclusive (income positive), in a
    /// reporting currency.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn income_by_category_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        options: &ValuationOptions,
    ) -> Result<ValuedCategories> {
        self.valued_categories(AccountKind::Income, from, to, options, true)
    }

    fn valued_categories(
        &self,
        kind: AccountKind,
        from: NaiveDate,
        to: NaiveDate,
        options: &ValuationOptions,
        negate: bool,
    ) -> Result<ValuedCategories> {
        let book = self.book;
        let snapshot = Snapshot::load(book)?;
        let of_kind = |id: AccountId| snapshot.accounts.get(&id).is_some_and(|a| a.kind == kind);
        let mut valuer = Valuer::new(book, &snapshot, options)?;
        let rate_date = feed(book, &mut valuer, Some(from), to, &of_kind)?;
        let (rows, mut unconverted) = valuer.finish(of_kind);
        let rows = rows
            .into_iter()
            .filter(|r| !r.total.is_zero() || !r.own.is_zero())
            .map(|r| CategoryAmount {
                depth: u32::try_from(r.path.matches(':').count()).unwrap_or(u32::MAX),
                account_id: r.account_id,
                path: r.path,
                commodity: r.commodity,
                own: if negate { negated(r.own) } else { r.own },
                total: if negate { negated(r.total) } else { r.total },
            })
            .collect();
        if negate {
            for u in &mut unconverted {
                u.amount = -u.amount;
            }
        }
        Ok(ValuedCategories {
            currency: options.currency.clone(),
            valuation: options.valuation,
            rate_date,
            rows,
            unconverted,
        })
    }

    /// The unrealized exchange gain of an account (with its descendants) in its own currency
    /// between the ends of two days, valued in `options.currency`: closing value minus opening
    /// value minus the value of the flows in between at their days' rates.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `unknown_commodity`, `invalid_field` (`to` before `from`),
    /// `no_rate` and `stale_rate` (a figure that cannot be valued is not guessed).
    pub fn fx_gain(
        &self,
        account: AccountId,
        from: NaiveDate,
        to: NaiveDate,
        options: &ValuationOptions,
    ) -> Result<FxGain> {
        let book = self.book;
        let snapshot = Snapshot::load(book)?;
        let Some(acc) = snapshot.accounts.get(&account) else {
            return Err(
                AccountError::NotFound { field: "account_id".to_owned(), id: account }.into()
            );
        };
        if to < from {
            return Err(crate::query::QueryError::InvalidField {
                field: "to".to_owned(),
                value: to.to_string(),
                reason: "before from".to_owned(),
            }
            .into());
        }
        let scale = known(&snapshot, "currency", &options.currency)?;
        let commodity = acc.currency.clone();
        let ids = snapshot.with_descendants(&[account]);
        let table = book.rates().table()?;
        let lookup = LookupOptions { max_age_days: options.max_age_days };
        let value = |amount: Decimal, date: NaiveDate| -> Result<Decimal> {
            if commodity == options.currency {
                return Ok(amount);
            }
            table.convert_amount(amount, &commodity, &options.currency, date, lookup)
        };
        let store = &book.engine.store;
        let balance_at = |day: NaiveDate| -> Result<Decimal> {
            Ok(store
                .leaf_balances(book.id(), Some(day))?
                .into_iter()
                .filter(|s| s.commodity == commodity && ids.binary_search(&s.account_id).is_ok())
                .map(|s| s.amount)
                .sum())
        };
        let opening_balance = balance_at(from)?;
        let closing_balance = balance_at(to)?;
        let mut flows_value = Decimal::ZERO;
        if let Some(first) = from.succ_opt().filter(|d| *d <= to) {
            for s in store.daily_sums(book.id(), Some(first), Some(to))? {
                if s.commodity == commodity && ids.binary_search(&s.account_id).is_ok() {
                    let v = value(s.amount, s.date)?;
                    flows_value =
                        flows_value.checked_add(v).ok_or_else(|| overflow(v, &options.currency))?;
                }
            }
        }
        let opening_value = value(opening_balance, from)?;
        let closing_value = value(closing_balance, to)?;
        let gain = closing_value
            .checked_sub(opening_value)
            .and_then(|g| g.checked_sub(flows_value))
            .ok_or_else(|| overflow(closing_value, &options.currency))?;
        Ok(FxGain {
            account_id: account,
            commodity,
            currency: options.currency.clone(),
            from,
            to,
            opening_balance,
            opening_value: round_to(opening_value, scale, options.rounding),
            closing_balance,
            closing_value: round_to(closing_value, scale, options.rounding),
            flows_value: round_to(flows_value, scale, options.rounding),
            gain: round_to(gain, scale, options.rounding),
        })
    }
}
