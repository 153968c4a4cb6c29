//! Portfolio calls of a book: securities, booking methods, the investment operations (each one
//! balanced transaction), lots, realized gains, income and holdings. Returns, allocation and
//! rebalancing are in `portfolio_analysis`, imports in `portfolio_import`; they share the replay
//! here.

use crate::account::AccountKind;
use crate::audit::{AuditAction, EntityKind};
use crate::commodity::{self, builtin_scale, CommodityKind, NewCommodity};
use crate::events::Event;
use crate::ids::{AccountId, TransactionId};
use crate::portfolio::history::{self, History, ReplayContext};
use crate::portfolio::lots::Piece;
use crate::portfolio::operations::{
    self, BuyRequest, FeeRequest, IncomeRequest, ReinvestRequest, ReturnOfCapitalRequest,
    SecurityTerms, SellRequest, SplitRequest, TransferRequest,
};
use crate::portfolio::{
    BookingMethod, IncomeRow, Lot, NewSecurity, OperationKind, PortfolioError, RealizedGain,
    Security, DEFAULT_LONG_TERM_DAYS,
};
use crate::query::{PageRequest, SortOrder, TransactionFilter};
use crate::transaction::{LedgerContext, Transaction};
use crate::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::context::Snapshot;
use super::rates::known;
use super::Book;

/// Portfolio calls of a [`Book`].
#[derive(Debug)]
pub struct Portfolio<'a> {
    pub(crate) book: &'a Book,
}

/// A sale as written: its transaction and the gain realized per lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    /// The transaction.
    pub transaction: Transaction,
    /// Gains per lot sold.
    pub gains: Vec<RealizedGain>,
}

/// Which lots or gains to list; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotFilter {
    /// Only this account.
    pub account_id: Option<AccountId>,
    /// Only this security.
    pub security: Option<String>,
    /// From this date (gains; lots ignore it).
    pub from: Option<NaiveDate>,
    /// Up to this date inclusive (the state of the lots at its end); all when `None`.
    pub to: Option<NaiveDate>,
    /// Holding period above which a gain is long term; 365 days when `None`.
    pub long_term_days: Option<i64>,
}

impl LotFilter {
    /// Everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only `account`.
    #[must_use]
    pub fn account(mut self, account: AccountId) -> Self {
        self.account_id = Some(account);
        self
    }

    /// Only `security`.
    #[must_use]
    pub fn security(mut self, code: &str) -> Self {
        self.security = Some(code.to_owned());
        self
    }

    /// From `from` to `to` inclusive.
    #[must_use]
    pub fn between(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    /// Up to `to`.
    #[must_use]
    pub fn until(mut self, to: NaiveDate) -> Self {
        self.to = Some(to);
        self
    }

    /// Sets the long-term threshold.
    #[must_use]
    pub fn long_term_days(mut self, days: i64) -> Self {
        self.long_term_days = Some(days);
        self
    }
}

/// What the replay reads from the book.
pub(crate) struct BookContext {
    pub(crate) snapshot: Snapshot,
    pub(crate) securities: HashMap<String, Security>,
    kinds: HashMap<String, CommodityKind>,
    methods: HashMap<AccountId, BookingMethod>,
}

impl ReplayContext for BookContext {
    fn is_security(&self, code: &str) -> bool {
        builtin_scale(code).is_none()
            && (self.securities.contains_key(code)
                || self.kinds.get(code).is_some_and(|k| *k != CommodityKind::Currency))
    }

    fn scale(&self, code: &str) -> u32 {
        self.snapshot.scale(code).unwrap_or(2)
    }

    fn method(&self, account: AccountId) -> BookingMethod {
        self.methods.get(&account).copied().unwrap_or_default()
    }

    fn is_income(&self, account: AccountId) -> bool {
        self.snapshot.accounts.get(&account).is_some_and(|a| a.kind == AccountKind::Income)
    }
}

impl crate::portfolio::performance::FlowContext for BookContext {
    fn is_expense(&self, account: AccountId) -> bool {
        self.snapshot.accounts.get(&account).is_some_and(|a| a.kind == AccountKind::Expense)
    }
}

impl<'a> Portfolio<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Defines a security: a commodity (kind `security`, or `crypto` for that class) with its
    /// asset class and quotation currency, in one write.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use tally_core::portfolio::*;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "USD"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "USD"))?;
    /// let aapl = book.portfolio().define_security(
    ///     NewSecurity::new("AAPL", "Apple Inc.", AssetClass::Stock, "USD"),
    /// )?;
    /// assert_eq!(aapl.asset_class.as_str(), "stock");
    /// assert_eq!(book.commodities().get("AAPL")?.scale, 0);
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `invalid_commodity_code`, `invalid_scale`, `commodity_exists`, `unknown_commodity` (the
    /// currency), `read_only`.
    pub fn define_security(&self, new: NewSecurity) -> Result<Security> {
        self.book.check_writable()?;
        let kind = if new.asset_class == crate::portfolio::AssetClass::Crypto {
            CommodityKind::Crypto
        } else {
            CommodityKind::Security
        };
        let commodity =
            commodity::validate(&NewCommodity::new(&new.code, &new.name, new.scale, kind))?;
        let snapshot = Snapshot::load(self.book)?;
        known(&snapshot, "currency", &new.currency)?;
        let security = Security {
            code: commodity.code.clone(),
            asset_class: new.asset_class,
            currency: new.currency,
        };
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::Security,
            None,
            None::<&()>,
            Some(&security),
        );
        self.book.engine.store.put_security(self.book.id(), Some(&commodity), &security, &audit)?;
        self.book.emit(&Event::SecurityDefined { code: security.code.clone() });
        Ok(security)
    }

    /// Sets the asset class and currency of a commodity already defined (not a currency).
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `not_a_security` (a currency), `read_only`.
    pub fn classify(
        &self,
        code: &str,
        asset_class: crate::portfolio::AssetClass,
        currency: &str,
    ) -> Result<Security> {
        self.book.check_writable()?;
        let commodity = self.book.commodities().get(code)?;
        if commodity.kind == CommodityKind::Currency {
            return Err(PortfolioError::NotASecurity {
                field: "code".to_owned(),
                code: code.to_owned(),
            }
            .into());
        }
        let snapshot = Snapshot::load(self.book)?;
        known(&snapshot, "currency", currency)?;
        let security =
            Security { code: code.to_owned(), asset_class, currency: currency.to_owned() };
        let before = self.securities()?.into_iter().find(|s| s.code == code);
        let audit = self.book.audit(
            if before.is_some() { AuditAction::Update } else { AuditAction::Create },
            EntityKind::Security,
            None,
            before.as_ref(),
            Some(&security),
        );
        self.book.engine.store.put_security(self.book.id(), None, &security, &audit)?;
        self.book.emit(&Event::SecurityDefined { code: code.to_owned() });
        Ok(security)
    }

    /// Loads a price CSV (`date,symbol,price,currency[,source]`, see
    /// [`parse_price_rows`](crate::rates::parse_price_rows)) into the book's rate table, as the
    /// rate `symbol/currency`, in one database transaction: all or nothing. Prices of symbols
    /// the book does not know are skipped and listed in the report; re-loading a file adds
    /// nothing (`unchanged`).
    ///
    /// # Errors
    ///
    /// `malformed_line` (file, line, field, value), `unreadable_file`, `invalid_field` (two
    /// different prices for one symbol and day), `read_only`.
    pub fn load_prices(&self, bytes: &[u8], file: &str) -> Result<crate::rates::LoadReport> {
        self.book.check_writable()?;
        let rows = crate::rates::parse_price_rows(bytes, file, None)?;
        let report = crate::rates::LoadReport {
            read: rows.len() as u64,
            ..crate::rates::LoadReport::default()
        };
        self.book.rates().load_rows(rows, report, file)
    }

    /// The book's securities, by code.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn securities(&self) -> Result<Vec<Security>> {
        self.book.engine.store.securities(self.book.id())
    }

    /// A security by code.
    ///
    /// # Errors
    ///
    /// `not_a_security`.
    pub fn security(&self, code: &str) -> Result<Security> {
        self.securities()?.into_iter().find(|s| s.code == code).ok_or_else(|| {
            PortfolioError::NotASecurity { field: "security".to_owned(), code: code.to_owned() }
                .into()
        })
    }

    /// Sets how sales of an account pick their lots. Sales already written keep the lots they
    /// named; sales without lot names (imported ones) follow the new method.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `read_only`.
    pub fn set_booking_method(&self, account: AccountId, method: BookingMethod) -> Result<()> {
        self.book.check_writable()?;
        self.book.accounts().get(account)?;
        let before = self.booking_method(account)?;
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::BookingMethod,
            Some(account.0),
            Some(&before),
            Some(&method),
        );
        self.book.engine.store.set_booking_method(self.book.id(), account, method, &audit)?;
        self.book.emit(&Event::BookingMethodSet {
            account_id: account,
            method: method.as_str().to_owned(),
        });
        Ok(())
    }

    /// The booking method of an account (FIFO unless set).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn booking_method(&self, account: AccountId) -> Result<BookingMethod> {
        let methods = self.book.engine.store.booking_methods(self.book.id())?;
        Ok(methods.into_iter().find(|(a, _)| *a == account).map(|(_, m)| m).unwrap_or_default())
    }

    pub(crate) fn context(&self) -> Result<BookContext> {
        let store = &self.book.engine.store;
        let snapshot = Snapshot::load(self.book)?;
        let securities =
            store.securities(self.book.id())?.into_iter().map(|s| (s.code.clone(), s)).collect();
        let kinds =
            store.commodities(self.book.id())?.into_iter().map(|c| (c.code, c.kind)).collect();
        let methods = store.booking_methods(self.book.id())?.into_iter().collect();
        Ok(BookContext { snapshot, securities, kinds, methods })
    }

    /// The transactions that matter to portfolios, up to `to`: those touching an account that
    /// holds securities, and income tagged as investment income wherever its cash went.
    pub(crate) fn investment_transactions(
        &self,
        ctx: &BookContext,
        to: Option<NaiveDate>,
    ) -> Result<Vec<Transaction>> {
        let accounts: Vec<AccountId> = ctx
            .snapshot
            .accounts
            .values()
            .filter(|a| a.subtype.holds_securities())
            .map(|a| a.id)
            .collect();
        let tags: Vec<String> = [OperationKind::Dividend, OperationKind::Interest]
            .into_iter()
            .map(OperationKind::tag)
            .collect();
        self.book.engine.store.transactions_touching(self.book.id(), &accounts, &tags, to)
    }

    /// Replays the book up to `to`.
    pub(crate) fn history(
        &self,
        ctx: &BookContext,
        to: Option<NaiveDate>,
        long_term_days: i64,
    ) -> Result<History> {
        let txs = self.investment_transactions(ctx, to)?;
        Ok(history::replay(&txs, ctx, long_term_days))
    }

    /// The open lots, by account, security and acquisition date.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn lots(&self, filter: &LotFilter) -> Result<Vec<Lot>> {
        let ctx = self.context()?;
        let h = self.history(&ctx, filter.to, DEFAULT_LONG_TERM_DAYS)?;
        Ok(h.lots
            .all_open()
            .into_iter()
            .filter(|l| filter.account_id.is_none_or(|a| a == l.account_id))
            .filter(|l| filter.security.as_ref().is_none_or(|s| *s == l.security))
            .cloned()
            .collect())
    }

    /// Realized gains per sale and lot between the filter's dates, each marked long term when
    /// held longer than the threshold (365 days by default).
    ///
    /// # Errors
    ///
    /// `invalid_field` for a negative threshold; `storage`.
    pub fn realized_gains(&self, filter: &LotFilter) -> Result<Vec<RealizedGain>> {
        let days = filter.long_term_days.unwrap_or(DEFAULT_LONG_TERM_DAYS);
        if days < 0 {
            return Err(crate::query::QueryError::InvalidField {
                field: "long_term_days".to_owned(),
                value: days.to_string(),
                reason: "must not be negative".to_owned(),
            }
            .into());
        }
        let ctx = self.context()?;
        let h = self.history(&ctx, filter.to, days)?;
        Ok(h.realized
            .into_iter()
            .filter(|g| filter.from.is_none_or(|f| g.date >= f))
            .filter(|g| filter.account_id.is_none_or(|a| a == g.account_id))
            .filter(|g| filter.security.as_ref().is_none_or(|s| *s == g.security))
            .collect())
    }

    /// Dividends, reinvested dividends and interest received between two dates inclusive,
    /// summed per account, security and kind.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn income(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        account: Option<AccountId>,
    ) -> Result<Vec<IncomeRow>> {
        let ctx = self.context()?;
        let h = self.history(&ctx, Some(to), DEFAULT_LONG_TERM_DAYS)?;
        Ok(history::income_rows(&h, from, to, account))
    }

    pub(crate) fn terms<'c>(
        &self,
        ctx: &'c BookContext,
        code: &str,
    ) -> Result<(SecurityTerms<'c>, &'c Security)> {
        let security = ctx.securities.get(code).ok_or_else(|| PortfolioError::NotASecurity {
            field: "security".to_owned(),
            code: code.to_owned(),
        })?;
        let terms = SecurityTerms {
            security,
            quantity_scale: known(&ctx.snapshot, "security", code)?,
            currency_scale: known(&ctx.snapshot, "currency", &security.currency)?,
        };
        Ok((terms, security))
    }

    /// Buys units: one transaction, one new lot (fees in its cost).
    ///
    /// # Errors
    ///
    /// `not_a_security`, `invalid_field`, and the errors of adding a transaction
    /// (`too_many_decimals` for a quantity finer than the security's scale, ...).
    pub fn buy(&self, req: &BuyRequest) -> Result<Transaction> {
        let ctx = self.context()?;
        let (terms, _) = self.terms(&ctx, &req.security)?;
        let tx = operations::buy(req, &terms)?;
        self.book.transactions().add(tx)
    }

    /// Sells units, picking lots by the account's booking method or as named.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use tally_core::portfolio::*;
    /// # use tally_core::portfolio::operations::*;
    /// # use rust_decimal_macros::dec;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "USD"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "USD"))?;
    /// let broker = book.accounts().create(
    ///     NewAccount::new("Assets:Broker", AccountKind::Asset, "USD").subtype(AccountSubtype::Investment),
    /// )?;
    /// let gains = book.accounts().create(NewAccount::new("Income:Gains", AccountKind::Income, "USD"))?;
    /// book.portfolio().define_security(NewSecurity::new("ACME", "Acme", AssetClass::Stock, "USD"))?;
    /// let d = |m, d| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    /// book.portfolio().buy(&BuyRequest::new(d(1, 2), broker.id, "ACME", dec!(10), dec!(100)).fees(dec!(5)))?;
    /// let sale = book.portfolio().sell(&SellRequest::new(d(6, 3), broker.id, "ACME", dec!(4), dec!(120), gains.id))?;
    /// assert_eq!(sale.gains[0].cost, dec!(402.00));
    /// assert_eq!(sale.gains[0].gain, dec!(78.00));
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `insufficient_quantity` (field `quantity`, or `lots[i].quantity`), `lot_not_found`,
    /// `not_a_security`, `invalid_field`, and the errors of adding a transaction.
    pub fn sell(&self, req: &SellRequest) -> Result<Sale> {
        let ctx = self.context()?;
        let (terms, _) = self.terms(&ctx, &req.security)?;
        let h = self.history(&ctx, None, DEFAULT_LONG_TERM_DAYS)?;
        let method = ctx.method(req.account_id);
        let pieces = self.pick_at(
            &ctx,
            &h,
            req.date,
            req.account_id,
            &req.security,
            req.quantity,
            method,
            &req.lots,
        )?;
        let tx = operations::sell(req, &terms, &pieces, method)?;
        let transaction = self.book.transactions().add(tx)?;
        let after = self.history(&ctx, None, DEFAULT_LONG_TERM_DAYS)?;
        let gains =
            after.realized.into_iter().filter(|g| g.transaction_id == transaction.id).collect();
        Ok(Sale { transaction, gains })
    }

    /// The lots a sale or transfer on `date` takes: the lots as of that date (a back-dated
    /// sale cannot take units bought after it).
    #[allow(clippy::too_many_arguments)]
    fn pick_at(
        &self,
        ctx: &BookContext,
        current: &History,
        date: NaiveDate,
        account: AccountId,
        security: &str,
        quantity: rust_decimal::Decimal,
        method: BookingMethod,
        picks: &[crate::portfolio::LotPick],
    ) -> Result<Vec<Piece>> {
        let dated;
        let lots = if self.has_later(current, date) {
            dated = self.history(ctx, Some(date), DEFAULT_LONG_TERM_DAYS)?;
            &dated.lots
        } else {
            &current.lots
        };
        operations::pick(lots, account, security, quantity, method, picks)
    }

    fn has_later(&self, h: &History, date: NaiveDate) -> bool {
        h.lots.all_open().iter().any(|l| l.acquired > date)
    }

    /// Receives a dividend or interest in cash.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, and the errors of adding a transaction.
    pub fn income_received(&self, req: &IncomeRequest) -> Result<Transaction> {
        let cash = req.cash_account_id.unwrap_or(req.account_id);
        let currency = self.book.accounts().get(cash)?.currency;
        let tx = operations::income(req, &currency)?;
        self.book.transactions().add(tx)
    }

    /// Reinvests a dividend: a new lot at the dividend's amount.
    ///
    /// # Errors
    ///
    /// `not_a_security`, `invalid_field`, and the errors of adding a transaction.
    pub fn reinvest(&self, req: &ReinvestRequest) -> Result<Transaction> {
        let ctx = self.context()?;
        let (terms, _) = self.terms(&ctx, &req.security)?;
        let tx = operations::reinvest(req, &terms)?;
        self.book.transactions().add(tx)
    }

    /// Charges a fee to an account.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, and the errors of adding a transaction.
    pub fn fee(&self, req: &FeeRequest) -> Result<Transaction> {
        let currency = self.book.accounts().get(req.account_id)?.currency;
        let tx = operations::fee(req, &currency)?;
        self.book.transactions().add(tx)
    }

    /// Splits (or reverse-splits) every open lot of the security (in one account or all):
    /// quantities change by the ratio, cost and acquisition dates stay.
    ///
    /// # Errors
    ///
    /// `not_a_security`, `insufficient_quantity` (nothing held), `invalid_field`.
    pub fn split(&self, req: &SplitRequest) -> Result<Transaction> {
        let ctx = self.context()?;
        let (terms, _) = self.terms(&ctx, &req.security)?;
        let h = self.history(&ctx, Some(req.date), DEFAULT_LONG_TERM_DAYS)?;
        let lots: Vec<&Lot> = h
            .lots
            .all_open()
            .into_iter()
            .filter(|l| l.security == req.security)
            .filter(|l| req.account_id.is_none_or(|a| a == l.account_id))
            .collect();
        let tx = operations::split(req, &terms, &lots)?;
        self.book.transactions().add(tx)
    }

    /// Moves units to another account with their cost and acquisition dates.
    ///
    /// # Errors
    ///
    /// `insufficient_quantity`, `lot_not_found`, `not_a_security`, `invalid_field`.
    pub fn transfer_in_kind(&self, req: &TransferRequest) -> Result<Transaction> {
        let ctx = self.context()?;
        let (terms, _) = self.terms(&ctx, &req.security)?;
        let h = self.history(&ctx, None, DEFAULT_LONG_TERM_DAYS)?;
        let method = ctx.method(req.from_account_id);
        // Average-cost pools move at their average: pick FIFO quantities, average costs.
        let pieces = self.pick_at(
            &ctx,
            &h,
            req.date,
            req.from_account_id,
            &req.security,
            req.quantity,
            method,
            &req.lots,
        )?;
        let tx = operations::transfer(req, &terms, &pieces)?;
        self.book.transactions().add(tx)
    }

    /// Books a return of capital: cash in, the basis of the open lots lowered pro rata.
    ///
    /// # Errors
    ///
    /// `insufficient_quantity` (nothing held), `invalid_field` (more than the basis),
    /// `not_a_security`.
    pub fn return_of_capital(&self, req: &ReturnOfCapitalRequest) -> Result<Transaction> {
        let ctx = self.context()?;
        let (terms, _) = self.terms(&ctx, &req.security)?;
        let h = self.history(&ctx, Some(req.date), DEFAULT_LONG_TERM_DAYS)?;
        let lots = h.lots.open_lots(req.account_id, &req.security);
        let tx = operations::return_of_capital(req, &terms, &lots)?;
        self.book.transactions().add(tx)
    }

    /// Replaces the target weights of the book (`account` `None`) or of one account; an empty
    /// list clears them.
    ///
    /// # Errors
    ///
    /// `invalid_targets`, `account_not_found`, `read_only`.
    pub fn set_targets(
        &self,
        account: Option<AccountId>,
        targets: &[crate::portfolio::TargetWeight],
    ) -> Result<()> {
        self.book.check_writable()?;
        crate::portfolio::allocation::validate_targets(targets)?;
        if let Some(a) = account {
            self.book.accounts().get(a)?;
        }
        let before = self.targets(account)?;
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::AllocationTarget,
            account.map(|a| a.0),
            Some(&before),
            Some(&targets),
        );
        self.book.engine.store.replace_targets(self.book.id(), account, targets, &audit)?;
        self.book.emit(&Event::TargetsSet { account_id: account, count: targets.len() as u64 });
        Ok(())
    }

    /// The target weights of the book (`None`) or of one account, in key order.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn targets(
        &self,
        account: Option<AccountId>,
    ) -> Result<Vec<crate::portfolio::TargetWeight>> {
        self.book.engine.store.targets(self.book.id(), account)
    }

    /// Holdings per account and security on a day, valued in a reporting currency; holdings
    /// without a price are listed in `missing` and left out of the totals.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` (the currency), `storage`.
    pub fn holdings(
        &self,
        req: &crate::portfolio::valuation::HoldingsRequest,
    ) -> Result<crate::portfolio::valuation::Holdings> {
        let ctx = self.context()?;
        let scale = known(&ctx.snapshot, "currency", &req.currency)?;
        let h = self.history(&ctx, Some(req.as_of), DEFAULT_LONG_TERM_DAYS)?;
        let table = self.book.rates().table()?;
        let classes = ctx.securities.iter().map(|(c, s)| (c.clone(), s.asset_class)).collect();
        Ok(crate::portfolio::valuation::value_lots(
            &h.lots.all_open(),
            &table,
            &classes,
            req,
            scale,
        ))
    }

    /// What the replay of the ledger could not follow (sales of units never bought, units
    /// without a cost), oldest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn issues(&self) -> Result<Vec<history::Issue>> {
        let ctx = self.context()?;
        Ok(self.history(&ctx, None, DEFAULT_LONG_TERM_DAYS)?.issues)
    }

    /// Ids of the investment transactions of a kind (by their `invest:` tag).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn operations(&self, kind: OperationKind) -> Result<Vec<TransactionId>> {
        let filter = TransactionFilter { tags: vec![kind.tag()], ..TransactionFilter::default() };
        let page = PageRequest {
            offset: 0,
            limit: crate::query::MAX_PAGE_LIMIT,
            order: SortOrder::Ascending,
        };
        let got = self.book.transactions().search(&filter, page)?;
        Ok(got.items.into_iter().map(|t| t.id).collect())
    }
}
