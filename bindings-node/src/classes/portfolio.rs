//! `book.portfolio`: securities, booking methods, buys and sells with their lots and realized
//! gains, income, splits, transfers in kind, holdings valued at the book's prices, rates of
//! return, target weights with the allocation against them and rebalancing plans, and the
//! import of brokerage files (OFX investment statements, a Plaid investments user). Records
//! and requests cross as plain objects (the core's serde shape, camelCase keys). `xirr` and
//! `xnpv` are functions of the package (lib.rs).

use crate::async_tasks::{work, HoldingsTask, InvestmentImportTask, Job, ReturnsTask};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use tally_core::portfolio::TargetWeight;
use tally_core::portfolio::{operations as ops, AssetClass, BookingMethod, OperationKind};

/// Portfolio calls of a book.
#[napi]
pub struct Portfolio {
    handle: BookHandle,
}

impl Portfolio {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Portfolio {
    /// Defines a security: the commodity (whole units unless `scale` says) and its asset class
    /// and quote currency, in one write. Throws `invalid_field`, `duplicate_commodity`,
    /// `unknown_commodity` (the currency).
    #[napi(ts_args_type = "security: NewSecurity", ts_return_type = "Security")]
    pub fn define_security(&self, env: &Env, security: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            Ok(conv::plain(&b.portfolio().define_security(conv::new_security(security)?)?))
        })
    }

    /// Gives an existing commodity an asset class and quote currency. Throws `not_a_security`
    /// (a currency), `unknown_commodity`.
    #[napi(
        ts_args_type = "code: string, assetClass: AssetClass, currency: string",
        ts_return_type = "Security"
    )]
    pub fn classify(
        &self,
        env: &Env,
        code: String,
        asset_class: String,
        currency: String,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let class: AssetClass = conv::named(&asset_class, "asset_class")?;
            Ok(conv::plain(&b.portfolio().classify(&code, class, &currency)?))
        })
    }

    /// Loads security prices from a CSV file (a path or a `Buffer`; `date,symbol,price,currency`
    /// rows), all or nothing, into the book's rates. `fileName` names the input in errors.
    #[napi]
    pub fn load_prices(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        file_name: Option<String>,
    ) -> napi::Result<js::LoadReport> {
        self.handle.run(env, |b| {
            let (file, name) = conv::csv_file(path_or_buffer, file_name);
            let bytes = file.read(Some(&name))?;
            Ok(b.portfolio().load_prices(&bytes, &name)?.into())
        })
    }

    /// The book's securities.
    #[napi(ts_return_type = "Security[]")]
    pub fn securities(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.portfolio().securities()?)))
    }

    /// A security. Throws `not_a_security`.
    #[napi(ts_return_type = "Security")]
    pub fn security(&self, env: &Env, code: String) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.portfolio().security(&code)?)))
    }

    /// Sets how an account's sales pick lots. Throws `account_not_found`, `invalid_field`.
    #[napi(ts_args_type = "accountId: number, method: BookingMethod")]
    pub fn set_booking_method(
        &self,
        env: &Env,
        account_id: i64,
        method: String,
    ) -> napi::Result<()> {
        self.handle.run(env, |b| {
            let method: BookingMethod = conv::named(&method, "method")?;
            Ok(b.portfolio().set_booking_method(conv::account_id(account_id), method)?)
        })
    }

    /// An account's booking method (`fifo` when never set).
    #[napi(ts_return_type = "BookingMethod")]
    pub fn booking_method(&self, env: &Env, account_id: i64) -> napi::Result<String> {
        self.handle.run(env, |b| {
            Ok(b.portfolio().booking_method(conv::account_id(account_id))?.as_str().to_owned())
        })
    }

    /// Buys a security: opens a lot at `price` plus `fees`, paid from `cashAccountId` (the
    /// account itself when left out). Throws `not_a_security`, `too_many_decimals`.
    #[napi(ts_args_type = "request: BuyRequest", ts_return_type = "Transaction")]
    pub fn buy(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            Ok(b.portfolio().buy(&conv::operation::<ops::BuyRequest>(request)?)?.into())
        })
    }

    /// Sells a security: lots picked by `lots` or the account's booking method, the gain
    /// booked to `gainsAccountId`. Returns the transaction and the gain per lot. Throws
    /// `insufficient_quantity`, `lot_not_found`, `not_a_security`.
    #[napi(ts_args_type = "request: SellRequest")]
    pub fn sell(&self, env: &Env, request: Value) -> napi::Result<js::Sale> {
        self.handle.run(env, |b| {
            Ok(b.portfolio().sell(&conv::operation::<ops::SellRequest>(request)?)?.into())
        })
    }

    /// Records a dividend or interest received (`kind`).
    #[napi(ts_args_type = "request: IncomeRequest", ts_return_type = "Transaction")]
    pub fn income_received(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let req = conv::operation::<ops::IncomeRequest>(request)?;
            Ok(b.portfolio().income_received(&req)?.into())
        })
    }

    /// Reinvests a dividend: income booked and a lot bought with it.
    #[napi(ts_args_type = "request: ReinvestRequest", ts_return_type = "Transaction")]
    pub fn reinvest(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let req = conv::operation::<ops::ReinvestRequest>(request)?;
            Ok(b.portfolio().reinvest(&req)?.into())
        })
    }

    /// Records an account fee.
    #[napi(ts_args_type = "request: FeeRequest", ts_return_type = "Transaction")]
    pub fn fee(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            Ok(b.portfolio().fee(&conv::operation::<ops::FeeRequest>(request)?)?.into())
        })
    }

    /// Splits a security's lots by `ratio` (cost kept), cash in lieu of fractions optional.
    #[napi(ts_args_type = "request: SplitRequest", ts_return_type = "Transaction")]
    pub fn split(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            Ok(b.portfolio().split(&conv::operation::<ops::SplitRequest>(request)?)?.into())
        })
    }

    /// Moves lots (cost and acquisition dates kept) to another account. Throws
    /// `insufficient_quantity`, `lot_not_found`.
    #[napi(ts_args_type = "request: TransferRequest", ts_return_type = "Transaction")]
    pub fn transfer_in_kind(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let req = conv::operation::<ops::TransferRequest>(request)?;
            Ok(b.portfolio().transfer_in_kind(&req)?.into())
        })
    }

    /// Records a return of capital: lowers the open lots' cost.
    #[napi(ts_args_type = "request: ReturnOfCapitalRequest", ts_return_type = "Transaction")]
    pub fn return_of_capital(&self, env: &Env, request: Value) -> napi::Result<js::Transaction> {
        self.handle.run(env, |b| {
            let req = conv::operation::<ops::ReturnOfCapitalRequest>(request)?;
            Ok(b.portfolio().return_of_capital(&req)?.into())
        })
    }

    /// Open lots (at the end of `filter.to` when given).
    #[napi(ts_args_type = "filter?: LotFilter", ts_return_type = "Lot[]")]
    pub fn lots(&self, env: &Env, filter: Option<Value>) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.portfolio().lots(&conv::lot_filter(filter)?)?)))
    }

    /// Realized gains per lot sold.
    #[napi(ts_args_type = "filter?: LotFilter", ts_return_type = "RealizedGain[]")]
    pub fn realized_gains(&self, env: &Env, filter: Option<Value>) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            Ok(conv::plains(&b.portfolio().realized_gains(&conv::lot_filter(filter)?)?))
        })
    }

    /// Dividends and interest from `from` to `to` inclusive, per account, security and kind.
    #[napi(ts_return_type = "IncomeRow[]")]
    pub fn income(
        &self,
        env: &Env,
        from: String,
        to: String,
        account_id: Option<i64>,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let rows = b.portfolio().income(
                conv::date(&from, "from")?,
                conv::date(&to, "to")?,
                account_id.map(conv::account_id),
            )?;
            Ok(conv::plains(&rows))
        })
    }

    /// Holdings valued at the book's prices as of `asOf` in `currency`; a security without a
    /// recent enough price is listed in `missing`, never valued at zero.
    #[napi(ts_args_type = "request: HoldingsRequest", ts_return_type = "Holdings")]
    pub fn holdings(&self, env: &Env, request: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| work::holdings(b, conv::holdings_request(request)?))
    }

    /// `holdings` off the JS thread.
    #[napi(ts_args_type = "request: HoldingsRequest", ts_return_type = "Promise<Holdings>")]
    pub fn holdings_async(
        &self,
        env: &Env,
        request: Value,
    ) -> napi::Result<AsyncTask<HoldingsTask>> {
        self.handle.task(
            env,
            || conv::holdings_request(request),
            |b, a| HoldingsTask(Job::new(b, a, work::holdings)),
        )
    }

    /// Rates of return over `(from, to]`: money-weighted (XIRR), time-weighted and simple;
    /// "no solution" and missing prices are statuses, never numbers.
    #[napi(ts_args_type = "request: ReturnsRequest", ts_return_type = "Returns")]
    pub fn returns(&self, env: &Env, request: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| work::returns(b, conv::returns_request(request)?))
    }

    /// `returns` off the JS thread.
    #[napi(ts_args_type = "request: ReturnsRequest", ts_return_type = "Promise<Returns>")]
    pub fn returns_async(&self, env: &Env, request: Value) -> napi::Result<AsyncTask<ReturnsTask>> {
        self.handle.task(
            env,
            || conv::returns_request(request),
            |b, a| ReturnsTask(Job::new(b, a, work::returns)),
        )
    }

    /// Sets the target weights of an account (`null`: the book's); they sum to 100. Throws
    /// `invalid_targets`.
    #[napi(ts_args_type = "accountId: number | null, targets: TargetWeight[]")]
    pub fn set_targets(
        &self,
        env: &Env,
        account_id: Option<i64>,
        targets: Value,
    ) -> napi::Result<()> {
        self.handle.run(env, |b| {
            let targets: Vec<TargetWeight> = conv::record(targets, "targets")?;
            Ok(b.portfolio().set_targets(account_id.map(conv::account_id), &targets)?)
        })
    }

    /// The target weights of an account (`null` or left out: the book's).
    #[napi(ts_return_type = "TargetWeight[]")]
    pub fn targets(&self, env: &Env, account_id: Option<i64>) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            Ok(conv::plains(&b.portfolio().targets(account_id.map(conv::account_id))?))
        })
    }

    /// The current allocation against the targets, with each key's drift.
    #[napi(ts_args_type = "request: HoldingsRequest", ts_return_type = "PortfolioAllocation")]
    pub fn allocation(&self, env: &Env, request: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            Ok(conv::plain(&b.portfolio().allocation(&conv::holdings_request(request)?)?))
        })
    }

    /// A rebalancing plan for an account (nothing is written). Throws `invalid_targets`
    /// (no targets), `invalid_field`.
    #[napi(ts_args_type = "request: RebalanceRequest", ts_return_type = "RebalancePlan")]
    pub fn rebalance(&self, env: &Env, request: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            Ok(conv::plain(&b.portfolio().rebalance(&conv::rebalance_request(request)?)?))
        })
    }

    /// What the replay of the ledger could not book (a sale beyond the lots held, ...).
    #[napi(ts_return_type = "PortfolioIssue[]")]
    pub fn issues(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.portfolio().issues()?)))
    }

    /// Ids of the transactions of one kind of operation, oldest first.
    #[napi(ts_args_type = "kind: OperationKind")]
    pub fn operations(&self, env: &Env, kind: String) -> napi::Result<Vec<i64>> {
        self.handle.run(env, |b| {
            let kind: OperationKind = conv::named(&kind, "kind")?;
            Ok(b.portfolio().operations(kind)?.into_iter().map(|t| t.0).collect())
        })
    }

    /// Imports a brokerage file (a path or a `Buffer`): an OFX file's investment statements or
    /// a Plaid investments user (JSON), into `options.accountId`. A line that cannot be booked
    /// is listed in the report. Throws `malformed_line`, `unreadable_file`, `account_not_found`.
    #[napi(
        ts_args_type = "pathOrBuffer: string | Buffer, options: InvestmentImportOptions, fileName?: string",
        ts_return_type = "InvestmentImportReport"
    )]
    pub fn import_file(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: Value,
        file_name: Option<String>,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            work::import_investments(b, conv::investment_file(path_or_buffer, options, file_name)?)
        })
    }

    /// `importFile` off the JS thread (a `Buffer` is copied first).
    #[napi(
        ts_args_type = "pathOrBuffer: string | Buffer, options: InvestmentImportOptions, fileName?: string",
        ts_return_type = "Promise<InvestmentImportReport>"
    )]
    pub fn import_file_async(
        &self,
        env: &Env,
        path_or_buffer: Either<String, Buffer>,
        options: Value,
        file_name: Option<String>,
    ) -> napi::Result<AsyncTask<InvestmentImportTask>> {
        self.handle.task(
            env,
            || conv::investment_file(path_or_buffer, options, file_name),
            |b, a| InvestmentImportTask(Job::new(b, a, work::import_investments)),
        )
    }

    /// Imports one investment statement as `book.imports.parse` returns it.
    #[napi(
        ts_args_type = "statement: Statement, options: InvestmentImportOptions",
        ts_return_type = "InvestmentImportReport"
    )]
    pub fn import_statement(
        &self,
        env: &Env,
        statement: Value,
        options: Value,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let statement: tally_core::import::Statement = conv::record(statement, "statement")?;
            let options = conv::investment_options(options)?;
            Ok(conv::plain(&b.portfolio().import_statement(&statement, &options)?))
        })
    }
}
