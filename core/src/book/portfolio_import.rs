//! Import of brokerage statements into a portfolio: OFX investment statements (INVSTMTRS) and
//! the Plaid sandbox investment user become securities, prices, lots and transactions.
//!
//! Each line is booked with the portfolio's own operations (a buy opens a lot, a sale reduces
//! lots by the account's booking method, ...), in date order, each as one transaction carrying
//! an external id (`inv:<account>:<FITID>`, or a fingerprint of the line for files without ids):
//! a line whose id is already in the book is not booked again, so a re-import adds nothing and
//! an import stopped half way can be run again. A line the book cannot follow (a sale of units
//! bought before the statement starts, a cash line, a transfer out of the book) is listed in
//! the report with a stable code, never guessed.

use crate::commodity::CommodityKind;
use crate::import::{InvestmentLine, Statement};
use crate::portfolio::import::{
    class_of_kind, is_plaid_user, parse_plaid_user, security_code, HoldingPrice,
    InvestmentImportOptions, InvestmentImportReport, SkippedLine,
};
use crate::portfolio::operations::{
    self, BuyRequest, FeeRequest, IncomeRequest, ReinvestRequest, ReturnOfCapitalRequest,
    SellRequest, SplitRequest,
};
use crate::portfolio::{AssetClass, NewSecurity, DEFAULT_LONG_TERM_DAYS};
use crate::rates::Rate;
use crate::transaction::LedgerContext;
use crate::{Error, Result};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

use super::portfolio::Portfolio;

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
    /// `account_not_found`, `read_only`, `storage`, and the errors of defining a security;
    /// a line that cannot be booked is listed in the report instead.
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
        let codes = self.define_securities(st, &currency, options, &mut report)?;
        // Date order (a buy before the sale it feeds), file order within a day.
        let mut order: Vec<&InvestmentLine> = st.investments.iter().collect();
        order.sort_by_key(|l| (l.date, l.line));
        let mut seen: HashMap<String, u32> = HashMap::new();
        let ids: Vec<String> = order
            .iter()
            .map(|l| {
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
        for (line, ext) in order.iter().zip(&ids) {
            if known.contains(ext) {
                report.already_imported += 1;
                continue;
            }
            let code = line.security_id.as_ref().and_then(|id| codes.get(id)).cloned();
            match self.book_line(line, code.as_deref(), ext, options) {
                Ok(()) => report.transactions_added += 1,
                Err(Skip::Line(code, message)) => report.skipped.push(SkippedLine {
                    line: line.line,
                    kind: line.kind.clone(),
                    code: code.to_owned(),
                    message,
                }),
                Err(Skip::Error(e)) => match e.code() {
                    "storage" | "read_only" => return Err(e),
                    code => report.skipped.push(SkippedLine {
                        line: line.line,
                        kind: line.kind.clone(),
                        code: code.to_owned(),
                        message: e.to_string(),
                    }),
                },
            }
        }
        // Prices: the unit price of each line, and the holdings' prices; the first per day.
        let mut prices: Vec<Rate> = Vec::new();
        let mut priced: HashSet<(String, chrono::NaiveDate)> = HashSet::new();
        let source = format!("import:{}", st.file);
        for l in &order {
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
        if !prices.is_empty() {
            let r = self.book.rates().add_many(&prices)?;
            report.prices_added = r.added + r.replaced;
        }
        Ok(report)
    }

    /// Defines the statement's securities the book lacks; the book code of each id.
    fn define_securities(
        &self,
        st: &Statement,
        currency: &str,
        options: &InvestmentImportOptions,
        report: &mut InvestmentImportReport,
    ) -> Result<HashMap<String, String>> {
        let ctx = self.context()?;
        let mut codes: HashMap<String, String> = HashMap::new();
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
            if ctx.snapshot.scale(&code).is_some() {
                // A commodity already: give it the security details it lacks.
                let kind = self.book.commodities().get(&code)?.kind;
                if kind != CommodityKind::Currency {
                    self.classify(&code, class, currency)?;
                }
                continue;
            }
            let name =
                info.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| code.clone());
            self.define_security(NewSecurity::new(&code, &name, class, currency).scale(scale))?;
            report.securities_defined += 1;
        }
        Ok(codes)
    }

    fn book_line(
        &self,
        l: &InvestmentLine,
        code: Option<&str>,
        ext: &str,
        o: &InvestmentImportOptions,
    ) -> std::result::Result<(), Skip> {
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
            self.buy(
                &BuyRequest::new(l.date, acct, sec, units, price).fees(fees).external_id(ext),
            )?;
            return Ok(());
        }
        if kind.starts_with("SELL") {
            let sec = need_code()?;
            if units.is_zero() {
                return Err(Skip::Line("no_units", "0 units".to_owned()));
            }
            let price =
                price_of(units).ok_or_else(|| Skip::Line("unsupported", "no price".to_owned()))?;
            self.sell(
                &SellRequest::new(l.date, acct, sec, units.abs(), price, o.gains_account_id)
                    .fees(fees)
                    .external_id(ext),
            )?;
            return Ok(());
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
                self.income_received(&req.external_id(ext))?;
                Ok(())
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
                self.reinvest(&req)?;
                Ok(())
            }
            "SPLIT" => {
                let sec = need_code()?;
                let ctx = self.context()?;
                let h = self.history(&ctx, Some(l.date), DEFAULT_LONG_TERM_DAYS)?;
                let held: Decimal = h.lots.open_lots(acct, sec).iter().map(|x| x.quantity).sum();
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
                let (terms, _) = self.terms(&ctx, sec)?;
                let lots: Vec<_> = h.lots.open_lots(acct, sec);
                let tx = operations::split(&req, &terms, &lots)?.external_id(ext);
                self.book.transactions().add(tx)?;
                Ok(())
            }
            "RETOFCAP" => {
                let sec = need_code()?;
                let ctx = self.context()?;
                let (terms, _) = self.terms(&ctx, sec)?;
                let h = self.history(&ctx, Some(l.date), DEFAULT_LONG_TERM_DAYS)?;
                let req = ReturnOfCapitalRequest::new(l.date, acct, sec, total.abs());
                let tx = operations::return_of_capital(&req, &terms, &h.lots.open_lots(acct, sec))?
                    .external_id(ext);
                self.book.transactions().add(tx)?;
                Ok(())
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
                self.buy(
                    &BuyRequest::new(l.date, acct, sec, units, price)
                        .fees(fees)
                        .cash_account(from)
                        .external_id(ext),
                )?;
                Ok(())
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
                self.fee(&req)?;
                Ok(())
            }
            other => Err(Skip::Line("unsupported", format!("{other} lines are not booked"))),
        }
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
