//! Import of brokerage statements into a portfolio: OFX investment statements (INVSTMTRS) and
//! the Plaid sandbox investment user become securities, prices, lots and transactions.
//!
//! Each line becomes the transaction the portfolio's own operation would write (a buy opens a
//! lot, a sale reduces lots by the account's booking method, ...), in date order, carrying an
//! external id (`inv:<account>:<FITID>`, or a fingerprint of the line for files without ids):
//! a line whose id is already in the book is not booked again, so a re-import adds nothing.
//! Every line is built and validated before anything is written, against the book's lots plus
//! those of the lines before it (replayed in memory; a sale or split of a lot the same import
//! opens names it `lot:ext:<k>:<external id>`). Then the statement's new securities, all its
//! transactions in one store call, and its prices are written: a line the ledger rejects fails
//! the import with nothing written. A line the book cannot follow (a sale of units bought
//! before the statement starts, a cash line, a transfer out of the book) is listed in the
//! report with a stable code, never guessed.

use crate::account::AccountError;
use crate::commodity::{self, CommodityKind, NewCommodity};
use crate::ids::{AccountId, SplitId, TransactionId};
use crate::import::{InvestmentLine, Statement};
use crate::portfolio::history::{self, History, ReplayContext};
use crate::portfolio::import::{
    class_of_kind, is_plaid_user, parse_plaid_user, security_code, HoldingPrice,
    InvestmentImportOptions, InvestmentImportReport, SkippedLine,
};
use crate::portfolio::operations::{
    self, BuyRequest, FeeRequest, IncomeRequest, ReinvestRequest, ReturnOfCapitalRequest,
    SellRequest, SplitRequest,
};
use crate::portfolio::{AssetClass, NewSecurity, Security, DEFAULT_LONG_TERM_DAYS};
use crate::portfolio::{LOT_EXT_MEMO, LOT_MEMO};
use crate::rates::Rate;
use crate::transaction::{
    self, LedgerContext, NewTransaction, Split, Transaction, TransactionDraft,
};
use crate::{Error, Result};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

use super::portfolio::{BookContext, Portfolio};
use super::rates::known;

impl Portfolio<'_> {
    /// Imports a brokerage file: a Plaid sandbox user (JSON with `override_accounts`) or an OFX
    /// file, every investment statement of it into `options.account_id`.
    ///
    /// # Errors
    ///
    /// The parse errors of the file (`malformed_line`, `unreadable_file`), and those of
    /// [`import_statement`](Self::import_statement).
    pub fn import_file(
        &self,
        bytes: &[u8],
        file: &str,
        options: &InvestmentImportOptions,
    ) -> Result<InvestmentImportReport> {
        let (statements, holdings) = if is_plaid_user(bytes) {
            parse_plaid_user(bytes, file)?
        } else {
            (crate::import::ofx::parse(bytes, file)?, Vec::new())
        };
        let mut report = InvestmentImportReport::default();
        for st in
            statements.iter().filter(|s| !s.investments.is_empty() || !s.securities.is_empty())
        {
            let r = self.import_with_prices(st, &holdings, options)?;
            merge(&mut report, r);
        }
        Ok(report)
    }

    /// Imports one investment statement (as [`crate::import::ofx::parse`] reads it).
    ///
    /// # Errors
    ///
    /// `account_not_found`, `read_only`, `storage`, the errors of defining a security, and
    /// the ledger's errors for the transaction a line becomes (`too_many_decimals`, ...; field
    /// `investments[i].`, `i` the line's index in the statement), with nothing written. A line
    /// the portfolio cannot follow (`insufficient_quantity`, `cash_line`, ...) is listed in
    /// the report instead.
    pub fn import_statement(
        &self,
        statement: &Statement,
        options: &InvestmentImportOptions,
    ) -> Result<InvestmentImportReport> {
        self.import_with_prices(statement, &[], options)
    }

    fn import_with_prices(
        &self,
        st: &Statement,
        holdings: &[HoldingPrice],
        options: &InvestmentImportOptions,
    ) -> Result<InvestmentImportReport> {
        self.book.check_writable()?;
        let account = self.book.accounts().get(options.account_id)?;
        for a in [
            Some(options.income_account_id),
            Some(options.gains_account_id),
            options.fees_account_id,
            options.transfer_account_id,
        ]
        .into_iter()
        .flatten()
        {
            self.book.accounts().get(a)?;
        }
        let currency = st.account.currency.clone().unwrap_or(account.currency);
        let mut report = InvestmentImportReport {
            statements: 1,
            lines: st.investments.len() as u64,
            ..InvestmentImportReport::default()
        };
        let mut ctx = self.context()?;
        let (codes, writes) = self.plan_securities(st, &currency, options, &mut ctx)?;
        report.securities_defined =
            writes.iter().filter(|w| matches!(w, SecurityWrite::Define(_))).count() as u64;
        // Date order (a buy before the sale it feeds), file order within a day; each line
        // with its index in the statement (for the field of an error).
        let mut order: Vec<(usize, &InvestmentLine)> = st.investments.iter().enumerate().collect();
        order.sort_by_key(|(_, l)| (l.date, l.line));
        let mut seen: HashMap<String, u32> = HashMap::new();
        let ids: Vec<String> = order
            .iter()
            .map(|(_, l)| {
                let base = match &l.bank_id {
                    Some(fitid) => format!("inv:{}:{fitid}", options.account_id.0),
                    None => format!(
                        "inv:{}:{}:{}:{}:{}:{}:{}",
                        options.account_id.0,
                        l.kind,
                        l.date,
                        l.security_id.as_deref().unwrap_or(""),
                        l.units.map(|d| d.normalize().to_string()).unwrap_or_default(),
                        l.unit_price.map(|d| d.normalize().to_string()).unwrap_or_default(),
                        l.fees.map(|d| d.normalize().to_string()).unwrap_or_default(),
                    ),
                };
                let n = seen.entry(base.clone()).or_default();
                *n += 1;
                if *n == 1 {
                    base
                } else {
                    format!("{base}#{n}")
                }
            })
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let known: HashSet<String> = self
            .book
            .engine
            .store
            .transactions_by_external_id(self.book.id(), &refs)?
            .into_iter()
            .filter_map(|t| t.external_id)
            .collect();
        // Every line becomes a checked transaction before anything is written: the lots each
        // line reads are the book's plus those of the lines before it (replayed in memory).
        let mut pending = PendingLines::new(self.investment_transactions(&ctx, None)?, &ctx);
        let ledger = self.book.transactions();
        let mut rates = ledger.rate_source();
        for ((index, line), ext) in order.iter().zip(&ids) {
            if known.contains(ext) {
                report.already_imported += 1;
                continue;
            }
            let code = line.security_id.as_ref().and_then(|id| codes.get(id)).cloned();
            let built = {
                let lots = pending.lots_at(line.date, &ctx);
                self.line_transaction(&ctx, lots, line, code.as_deref(), ext, options)
            };
            let skip = |code: &str, message: String| SkippedLine {
                line: line.line,
                kind: line.kind.clone(),
                code: code.to_owned(),
                message,
            };
            match built {
                Ok(new) => {
                    let new = pending.name_pending_lots(new);
                    let draft = transaction::validate_with_rates(&new, &ctx.snapshot, &mut rates)
                        .map_err(|e| e.within(&format!("investments[{index}].")))?;
                    pending.push(new, &draft, &ctx);
                }
                Err(Skip::Line(code, message)) => report.skipped.push(skip(code, message)),
                Err(Skip::Error(e)) => match e.code() {
                    "storage" | "read_only" => return Err(e),
                    code => report.skipped.push(skip(code, e.to_string())),
                },
            }
        }
        // Prices: the unit price of each line, and the holdings' prices; the first per day.
        let mut prices: Vec<Rate> = Vec::new();
        let mut priced: HashSet<(String, chrono::NaiveDate)> = HashSet::new();
        let source = format!("import:{}", st.file);
        for (_, l) in &order {
            let (Some(id), Some(p)) = (&l.security_id, l.unit_price) else { continue };
            let Some(code) = codes.get(id) else { continue };
            if p > Decimal::ZERO && priced.insert((code.clone(), l.date)) {
                prices.push(Rate::new(code, &currency, l.date, p.normalize(), &source));
            }
        }
        for h in holdings {
            if codes.values().any(|c| *c == h.code)
                && h.price > Decimal::ZERO
                && priced.insert((h.code.clone(), h.date))
            {
                prices.push(Rate::new(&h.code, &h.currency, h.date, h.price, &source));
            }
        }
        // The writes: the new securities, then every transaction in one store call (all or
        // nothing), then the prices.
        for w in writes {
            match w {
                SecurityWrite::Define(new) => {
                    self.define_security(new)?;
                }
                SecurityWrite::Classify(code, class) => {
                    self.classify(&code, class, &currency)?;
                }
            }
        }
        if !pending.news.is_empty() {
            let written = self.book.transactions().add_batch(&pending.news)?;
            report.transactions_added = written.len() as u64;
        }
        if !prices.is_empty() {
            let r = self.book.rates().add_many(&prices)?;
            report.prices_added = r.added + r.replaced;
        }
        Ok(report)
    }

    /// The book code of each of the statement's security ids, and the securities to define
    /// (or classify) for the codes the book lacks; those are added to `ctx` so the lines
    /// validate before anything is written.
    fn plan_securities(
        &self,
        st: &Statement,
        currency: &str,
        options: &InvestmentImportOptions,
        ctx: &mut BookContext,
    ) -> Result<(HashMap<String, String>, Vec<SecurityWrite>)> {
        let mut codes: HashMap<String, String> = HashMap::new();
        let mut writes = Vec::new();
        let mut ids: Vec<crate::import::SecurityInfo> = Vec::new();
        for info in &st.securities {
            if !ids.iter().any(|i| i.id == info.id) {
                ids.push(info.clone());
            }
        }
        for l in &st.investments {
            if let Some(id) = &l.security_id {
                if !ids.iter().any(|i| i.id == *id) {
                    ids.push(crate::import::SecurityInfo {
                        id: id.clone(),
                        id_type: None,
                        ticker: None,
                        name: None,
                    });
                }
            }
        }
        for info in ids {
            let code = security_code(&info);
            codes.insert(info.id.clone(), code.clone());
            if ctx.securities.contains_key(&code) {
                continue;
            }
            let lines =
                st.investments.iter().filter(|l| l.security_id.as_deref() == Some(&info.id));
            let mut scale = 4;
            let mut class = None;
            for l in lines {
                if let Some(u) = l.units {
                    scale = scale.max(u.normalize().scale());
                }
                class = class.or_else(|| class_of_kind(&l.kind));
            }
            if info.ticker.as_deref().is_some_and(|t| t.starts_with("CUR:")) {
                class = Some(AssetClass::Crypto);
            }
            let class = class.unwrap_or(options.default_asset_class);
            let security =
                Security { code: code.clone(), asset_class: class, currency: currency.to_owned() };
            if let Some(existing) = ctx.snapshot.scale(&code) {
                // A commodity already: give it the security details it lacks.
                let kind = self.book.commodities().get(&code)?.kind;
                if kind != CommodityKind::Currency {
                    known(&ctx.snapshot, "currency", currency)?;
                    writes.push(SecurityWrite::Classify(code.clone(), class));
                    ctx.add_security(security, kind, existing);
                }
                continue;
            }
            let name =
                info.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| code.clone());
            let new = NewSecurity::new(&code, &name, class, currency).scale(scale);
            let kind = if class == AssetClass::Crypto {
                CommodityKind::Crypto
            } else {
                CommodityKind::Security
            };
            let checked =
                commodity::validate(&NewCommodity::new(&new.code, &new.name, new.scale, kind))?;
            known(&ctx.snapshot, "currency", currency)?;
            ctx.add_security(security, kind, checked.scale);
            writes.push(SecurityWrite::Define(new));
        }
        Ok((codes, writes))
    }

    /// The transaction a line becomes, given the lots as of its date.
    fn line_transaction(
        &self,
        ctx: &BookContext,
        lots: &History,
        l: &InvestmentLine,
        code: Option<&str>,
        ext: &str,
        o: &InvestmentImportOptions,
    ) -> std::result::Result<NewTransaction, Skip> {
        let kind = l.kind.to_ascii_uppercase();
        let units = l.units.unwrap_or_default();
        let total = l.total.unwrap_or_default();
        let fees = l.fees.unwrap_or_default();
        let need_code = || {
            code.ok_or_else(|| Skip::Line("unsupported", "a line without a security".to_owned()))
        };
        // The cash the statement says moved is the truth (a unit price is often rounded):
        // the price per unit is taken from the total where there is one.
        let price_of = |units: Decimal| -> Option<Decimal> {
            let from_total = if total.is_zero() {
                None
            } else if total > Decimal::ZERO {
                (total + fees).checked_div(units.abs())
            } else {
                (-total - fees).checked_div(units.abs())
            };
            from_total
                .filter(|p| *p > Decimal::ZERO)
                .or(l.unit_price.filter(|p| *p > Decimal::ZERO))
        };
        let currency_of = |account: AccountId| -> std::result::Result<String, Skip> {
            ctx.snapshot.accounts.get(&account).map(|a| a.currency.clone()).ok_or_else(|| {
                Skip::Error(
                    AccountError::NotFound { field: "account_id".to_owned(), id: account }.into(),
                )
            })
        };
        let acct = o.account_id;
        if kind == "INVBANKTRAN" || kind == "CASH" {
            return Err(Skip::Line(
                "cash_line",
                "a cash line: import it with the book's imports".to_owned(),
            ));
        }
        if kind.starts_with("BUY") {
            let sec = need_code()?;
            if units <= Decimal::ZERO {
                return Err(Skip::Line("no_units", format!("{units} units")));
            }
            let price =
                price_of(units).ok_or_else(|| Skip::Line("unsupported", "no price".to_owned()))?;
            let (terms, _) = self.terms(ctx, sec)?;
            let req = BuyRequest::new(l.date, acct, sec, units, price).fees(fees).external_id(ext);
            return Ok(operations::buy(&req, &terms)?);
        }
        if kind.starts_with("SELL") {
            let sec = need_code()?;
            if units.is_zero() {
                return Err(Skip::Line("no_units", "0 units".to_owned()));
            }
            let price =
                price_of(units).ok_or_else(|| Skip::Line("unsupported", "no price".to_owned()))?;
            let (terms, _) = self.terms(ctx, sec)?;
            let req = SellRequest::new(l.date, acct, sec, units.abs(), price, o.gains_account_id)
                .fees(fees)
                .external_id(ext);
            let method = ctx.method(acct);
            let pieces = operations::pick(&lots.lots, acct, sec, req.quantity, method, &[])?;
            return Ok(operations::sell(&req, &terms, &pieces, method)?);
        }
        match kind.as_str() {
            "INCOME" => {
                if total <= Decimal::ZERO {
                    return Err(Skip::Line("unsupported", format!("income of {total}")));
                }
                let mut req = if l.subtype.as_deref() == Some("INTEREST") {
                    IncomeRequest::interest(l.date, acct, total, o.income_account_id)
                } else {
                    IncomeRequest::dividend(
                        l.date,
                        acct,
                        code.unwrap_or(""),
                        total,
                        o.income_account_id,
                    )
                };
                req.security = code.map(str::to_owned);
                let req = req.external_id(ext);
                let currency = currency_of(req.cash_account_id.unwrap_or(acct))?;
                Ok(operations::income(&req, &currency)?)
            }
            "REINVEST" => {
                let sec = need_code()?;
                if units <= Decimal::ZERO {
                    return Err(Skip::Line("no_units", format!("{units} units")));
                }
                let mut req = ReinvestRequest::new(
                    l.date,
                    acct,
                    sec,
                    total.abs(),
                    units,
                    o.income_account_id,
                );
                req.external_id = Some(ext.to_owned());
                let (terms, _) = self.terms(ctx, sec)?;
                Ok(operations::reinvest(&req, &terms)?)
            }
            "SPLIT" => {
                let sec = need_code()?;
                let held: Decimal = lots.lots.open_lots(acct, sec).iter().map(|x| x.quantity).sum();
                let ratio = (held + units)
                    .checked_div(held)
                    .filter(|r| *r > Decimal::ZERO)
                    .ok_or_else(|| {
                        Skip::Line(
                            "insufficient_quantity",
                            format!("a split of {sec} with {held} held"),
                        )
                    })?;
                let mut req = SplitRequest::new(l.date, sec, ratio);
                req.account_id = Some(acct);
                let (terms, _) = self.terms(ctx, sec)?;
                let open = lots.lots.open_lots(acct, sec);
                Ok(operations::split(&req, &terms, &open)?.external_id(ext))
            }
            "RETOFCAP" => {
                let sec = need_code()?;
                let (terms, _) = self.terms(ctx, sec)?;
                let req = ReturnOfCapitalRequest::new(l.date, acct, sec, total.abs());
                let open = lots.lots.open_lots(acct, sec);
                Ok(operations::return_of_capital(&req, &terms, &open)?.external_id(ext))
            }
            "TRANSFER" => {
                let sec = need_code()?;
                if units.is_zero() {
                    return Err(Skip::Line("no_units", "0 units".to_owned()));
                }
                if units < Decimal::ZERO {
                    return Err(Skip::Line(
                        "unsupported",
                        "a transfer out of the book: book it with transfer_in_kind or a sale"
                            .to_owned(),
                    ));
                }
                let from = o.transfer_account_id.ok_or_else(|| {
                    Skip::Line(
                        "no_account",
                        "a transfer in needs options.transfer_account_id".to_owned(),
                    )
                })?;
                let price = price_of(units)
                    .ok_or_else(|| Skip::Line("unsupported", "no price".to_owned()))?;
                let (terms, _) = self.terms(ctx, sec)?;
                let req = BuyRequest::new(l.date, acct, sec, units, price)
                    .fees(fees)
                    .cash_account(from)
                    .external_id(ext);
                Ok(operations::buy(&req, &terms)?)
            }
            "FEE" => {
                let expense = o.fees_account_id.ok_or_else(|| {
                    Skip::Line("no_account", "a fee needs options.fees_account_id".to_owned())
                })?;
                if fees <= Decimal::ZERO {
                    return Err(Skip::Line("unsupported", format!("a fee of {fees}")));
                }
                let mut req = FeeRequest::new(l.date, acct, fees, expense);
                req.security = code.map(str::to_owned);
                req.external_id = Some(ext.to_owned());
                Ok(operations::fee(&req, &currency_of(acct)?)?)
            }
            other => Err(Skip::Line("unsupported", format!("{other} lines are not booked"))),
        }
    }
}

/// A security the import writes once every line has been checked.
enum SecurityWrite {
    /// A new security.
    Define(NewSecurity),
    /// An existing commodity given its asset class (and the statement's currency).
    Classify(String, AssetClass),
}

/// First id of the transactions and splits replayed in memory before they are written (far
/// above any stored id).
const PENDING_IDS: i64 = 1 << 60;

/// The lines checked so far: the transactions to write, and the lots of the book with theirs.
struct PendingLines {
    /// The book's investment transactions.
    existing: Vec<Transaction>,
    /// The latest date among them.
    latest: Option<chrono::NaiveDate>,
    /// The pending transactions as the replay sees them (ids from [`PENDING_IDS`]).
    replayed: Vec<Transaction>,
    /// The pending transactions as they will be written.
    news: Vec<NewTransaction>,
    /// The book's lots and the pending ones, when every pending line is dated on or after
    /// the book's latest transaction (else rebuilt per line as of its date).
    running: Option<History>,
    /// Per pending lot id: the external id of its transaction and its index among the lots
    /// that transaction opens.
    names: HashMap<i64, (String, usize)>,
    next_id: i64,
    dated: Option<History>,
}

impl PendingLines {
    fn new(existing: Vec<Transaction>, ctx: &BookContext) -> Self {
        let latest = existing.iter().map(|t| t.date).max();
        let running = Some(history::replay(&existing, ctx, DEFAULT_LONG_TERM_DAYS));
        Self {
            existing,
            latest,
            replayed: Vec::new(),
            news: Vec::new(),
            running,
            names: HashMap::new(),
            next_id: PENDING_IDS,
            dated: None,
        }
    }

    /// The lots as of `date` (pending lines are in date order, so all of them count).
    fn lots_at(&mut self, date: chrono::NaiveDate, ctx: &BookContext) -> &History {
        if self.latest.is_some_and(|l| l > date) {
            let mut txs: Vec<Transaction> =
                self.existing.iter().filter(|t| t.date <= date).cloned().collect();
            txs.extend(self.replayed.iter().cloned());
            return self.dated.insert(history::replay(&txs, ctx, DEFAULT_LONG_TERM_DAYS));
        }
        self.running.get_or_insert_with(|| {
            let mut txs = self.existing.clone();
            txs.extend(self.replayed.iter().cloned());
            history::replay(&txs, ctx, DEFAULT_LONG_TERM_DAYS)
        })
    }

    /// `new` with the lots it names that are pending (not written yet, so without an id)
    /// named by their transaction's external id instead (`lot:ext:<k>:<id>`).
    fn name_pending_lots(&self, mut new: NewTransaction) -> NewTransaction {
        for split in &mut new.splits {
            let Some(id) = split.memo.as_deref().and_then(|m| m.strip_prefix(LOT_MEMO)) else {
                continue;
            };
            let Some((ext, k)) = id.parse::<i64>().ok().and_then(|id| self.names.get(&id)) else {
                continue;
            };
            split.memo = Some(format!("{LOT_EXT_MEMO}{k}:{ext}"));
        }
        new
    }

    /// Adds a checked transaction: to the writes, and to the lots of the lines after it.
    fn push(&mut self, new: NewTransaction, draft: &TransactionDraft, ctx: &BookContext) {
        let tx_id = self.next_id;
        self.next_id += 1;
        let mut opened = 0;
        let splits = draft
            .splits
            .iter()
            .map(|s| {
                let id = self.next_id;
                self.next_id += 1;
                if s.amount > Decimal::ZERO && ctx.is_security(&s.commodity) {
                    if let Some(ext) = &draft.external_id {
                        self.names.insert(id, (ext.clone(), opened));
                    }
                    opened += 1;
                }
                Split {
                    id: SplitId(id),
                    account_id: s.account_id,
                    amount: s.amount,
                    commodity: s.commodity.clone(),
                    price: s.price.clone(),
                    cost: s.cost.clone(),
                    memo: s.memo.clone(),
                }
            })
            .collect();
        let tx = Transaction {
            id: TransactionId(tx_id),
            date: draft.date,
            posted_date: draft.posted_date,
            payee: draft.payee.clone(),
            narration: draft.narration.clone(),
            status: draft.status,
            tags: draft.tags.clone(),
            notes: draft.notes.clone(),
            source: draft.source,
            external_id: draft.external_id.clone(),
            reversal_of: draft.reversal_of,
            splits,
            deleted: false,
            created_at: chrono::DateTime::<chrono::Utc>::default(),
            updated_at: chrono::DateTime::<chrono::Utc>::default(),
        };
        if self.latest.is_some_and(|l| l > tx.date) {
            self.running = None; // replayed out of order: rebuilt when next needed
        } else if let Some(h) = &mut self.running {
            history::replay_one(h, &tx, ctx, DEFAULT_LONG_TERM_DAYS);
        }
        self.replayed.push(tx);
        self.news.push(new);
    }
}

enum Skip {
    Line(&'static str, String),
    Error(Error),
}

impl From<Error> for Skip {
    fn from(e: Error) -> Self {
        Self::Error(e)
    }
}

fn merge(into: &mut InvestmentImportReport, r: InvestmentImportReport) {
    into.statements += r.statements;
    into.securities_defined += r.securities_defined;
    into.lines += r.lines;
    into.transactions_added += r.transactions_added;
    into.already_imported += r.already_imported;
    into.prices_added += r.prices_added;
    into.skipped.extend(r.skipped);
}
