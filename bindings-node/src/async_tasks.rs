//! The Promise forms: each long call runs as a napi `AsyncTask` on the libuv thread pool, so the
//! JS thread (an HTTP server's event loop) stays free while the core works. A failed task
//! rejects with the same error object a sync call throws (`code`, `kind`, `field`), which is
//! why every task overrides `Task::reject`.

use crate::conversion::{self as conv, ImportFile, InputFile};
use crate::error::{to_js, Failure};
use crate::records as js;
use napi::{Env, Task};
use napi_derive::napi;
use tally_core as core;

/// One call of the core on a book, run off the JS thread.
pub struct Job<I, O> {
    book: core::Book,
    input: Option<I>,
    work: fn(&core::Book, I) -> Result<O, Failure>,
    failure: Option<Failure>,
}

impl<I, O> Job<I, O> {
    pub(crate) fn new(
        book: core::Book,
        input: I,
        work: fn(&core::Book, I) -> Result<O, Failure>,
    ) -> Self {
        Self { book, input: Some(input), work, failure: None }
    }

    fn compute(&mut self) -> napi::Result<O> {
        let input = self.input.take().ok_or_else(|| napi::Error::from_reason("task ran twice"))?;
        (self.work)(&self.book, input).map_err(|failure| {
            self.failure = Some(failure);
            // Replaced by the real error in `reject`, on the JS thread, where it can be built.
            napi::Error::from_reason("tally call failed")
        })
    }

    fn reject(&mut self, env: &Env, err: napi::Error) -> napi::Error {
        self.failure.take().map_or(err, |failure| to_js(env, failure))
    }
}

macro_rules! task {
    ($(#[$doc:meta])* $name:ident: $input:ty => $output:ty) => {
        $(#[$doc])*
        pub struct $name(pub(crate) Job<$input, $output>);

        #[napi]
        impl Task for $name {
            type Output = $output;
            type JsValue = $output;

            fn compute(&mut self) -> napi::Result<Self::Output> {
                self.0.compute()
            }

            fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
                Ok(output)
            }

            fn reject(&mut self, env: Env, err: napi::Error) -> napi::Result<Self::JsValue> {
                Err(self.0.reject(&env, err))
            }
        }
    };
}

/// A task whose result is a plain object (a record crossing as serde shapes it): not
/// registered with napi-derive's typings, so each method declares its `Promise<...>`.
macro_rules! plain_task {
    ($(#[$doc:meta])* $name:ident: $input:ty) => {
        $(#[$doc])*
        pub struct $name(pub(crate) Job<$input, serde_json::Value>);

        impl Task for $name {
            type Output = serde_json::Value;
            type JsValue = conv::Plain;

            fn compute(&mut self) -> napi::Result<Self::Output> {
                self.0.compute()
            }

            fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
                Ok(conv::Plain(output))
            }

            fn reject(&mut self, env: Env, err: napi::Error) -> napi::Result<Self::JsValue> {
                Err(self.0.reject(&env, err))
            }
        }
    };
}

task!(
    /// `transactions.addBatchAsync`.
    AddBatchTask: Vec<core::NewTransaction> => Vec<i64>
);
task!(
    /// `transactions.searchAsync`.
    SearchTask: (core::TransactionFilter, core::PageRequest) => js::TransactionPage
);
task!(
    /// `accounts.balancesAsync`.
    BalancesTask: Option<chrono::NaiveDate> => Vec<js::AccountBalance>
);
task!(
    /// `accounts.registerAsync`.
    RegisterTask: (core::AccountId, bool, core::PageRequest) => js::RegisterPage
);
task!(
    /// `accounts.checkAssertionsAsync`.
    CheckAssertionsTask: () => Vec<js::AssertionResult>
);
task!(
    /// `reports.spendingByCategoryAsync` and `reports.incomeByCategoryAsync`.
    ReportTask: (chrono::NaiveDate, chrono::NaiveDate) => Vec<js::CategoryAmount>
);
task!(
    /// `book.auditLogAsync`.
    AuditLogTask: core::PageRequest => js::AuditPage
);
task!(
    /// `rates.loadAsync` (a path is read on the pool too).
    LoadRatesTask: (InputFile, core::LoadOptions) => js::LoadReport
);
task!(
    /// `imports.parseAsync` (a path is read on the pool too).
    ParseTask: (InputFile, ParseOptions) => Vec<js::Statement>
);
task!(
    /// `imports.importFileAsync` (a path is read on the pool too).
    ImportFileTask: ImportFile => js::ImportResult
);
task!(
    /// `rates.addManyAsync`.
    AddRatesTask: Vec<core::Rate> => js::LoadReport
);
task!(
    /// `accounts.balancesInAsync`.
    BalancesInTask: (Option<chrono::NaiveDate>, core::ValuationOptions) => js::ValuedBalances
);
task!(
    /// `reports.netWorthAsync`.
    NetWorthTask: (Option<chrono::NaiveDate>, core::ValuationOptions) => js::NetWorth
);
task!(
    /// `reports.spendingByCategoryInAsync` and `reports.incomeByCategoryInAsync`.
    ValuedReportTask: ValuedPeriod => js::ValuedCategories
);
task!(
    /// `reports.fxGainAsync`.
    FxGainTask: (core::AccountId, ValuedPeriod) => js::FxGain
);

plain_task!(
    /// `categorizer.trainAsync`.
    TrainTask: core::categorization::TrainRequest
);
plain_task!(
    /// `categorizer.categorizeAsync`.
    CategorizeTask: Vec<core::TransactionId>
);
plain_task!(
    /// `categorizer.applyRulesAsync`.
    ApplyRulesTask: core::TransactionFilter
);
plain_task!(
    /// `categorizer.testRuleAsync`.
    TestRuleTask: core::categorization::NewRule
);
plain_task!(
    /// `budgets.statusAsync`.
    BudgetStatusTask: (core::BudgetId, chrono::NaiveDate)
);
plain_task!(
    /// `alerts.evaluateAsync`.
    EvaluateTask: ()
);
plain_task!(
    /// `portfolio.holdingsAsync`.
    HoldingsTask: core::portfolio::valuation::HoldingsRequest
);
plain_task!(
    /// `portfolio.returnsAsync`.
    ReturnsTask: core::portfolio::performance::ReturnsRequest
);
plain_task!(
    /// `portfolio.importFileAsync`.
    InvestmentImportTask: conv::InvestmentFile
);

/// How to read a bank file.
pub(crate) type ParseOptions = core::import::read::ParseOptions;

/// A period, both days inclusive, with how to value it.
pub(crate) type ValuedPeriod = (chrono::NaiveDate, chrono::NaiveDate, core::ValuationOptions);

/// Work functions of the tasks: one core call and the conversion of its result.
pub(crate) mod work {
    use super::*;

    pub(crate) fn add_batch(
        book: &core::Book,
        batch: Vec<core::NewTransaction>,
    ) -> Result<Vec<i64>, Failure> {
        Ok(book.transactions().add_batch(&batch)?.into_iter().map(|id| id.0).collect())
    }

    pub(crate) fn search(
        book: &core::Book,
        (filter, page): (core::TransactionFilter, core::PageRequest),
    ) -> Result<js::TransactionPage, Failure> {
        Ok(book.transactions().search(&filter, page)?.into())
    }

    pub(crate) fn balances(
        book: &core::Book,
        as_of: Option<chrono::NaiveDate>,
    ) -> Result<Vec<js::AccountBalance>, Failure> {
        Ok(book.accounts().balances(as_of)?.into_iter().map(Into::into).collect())
    }

    pub(crate) fn register(
        book: &core::Book,
        (id, descendants, page): (core::AccountId, bool, core::PageRequest),
    ) -> Result<js::RegisterPage, Failure> {
        Ok(book.accounts().register(id, descendants, page)?.into())
    }

    pub(crate) fn check_assertions(
        book: &core::Book,
        (): (),
    ) -> Result<Vec<js::AssertionResult>, Failure> {
        Ok(book.accounts().check_assertions()?.into_iter().map(Into::into).collect())
    }

    pub(crate) fn spending(
        book: &core::Book,
        (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    ) -> Result<Vec<js::CategoryAmount>, Failure> {
        Ok(book.reports().spending_by_category(from, to)?.into_iter().map(Into::into).collect())
    }

    pub(crate) fn income(
        book: &core::Book,
        (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    ) -> Result<Vec<js::CategoryAmount>, Failure> {
        Ok(book.reports().income_by_category(from, to)?.into_iter().map(Into::into).collect())
    }

    pub(crate) fn audit_log(
        book: &core::Book,
        page: core::PageRequest,
    ) -> Result<js::AuditPage, Failure> {
        Ok(book.audit_log(page)?.into())
    }

    pub(crate) fn load_rates(
        book: &core::Book,
        (file, options): (InputFile, core::LoadOptions),
    ) -> Result<js::LoadReport, Failure> {
        let bytes = file.read(options.file_name.as_deref())?;
        Ok(book.rates().load(&bytes, &options)?.into())
    }

    pub(crate) fn add_rates(
        book: &core::Book,
        rates: Vec<core::Rate>,
    ) -> Result<js::LoadReport, Failure> {
        Ok(book.rates().add_many(&rates)?.into())
    }

    pub(crate) fn balances_in(
        book: &core::Book,
        (as_of, options): (Option<chrono::NaiveDate>, core::ValuationOptions),
    ) -> Result<js::ValuedBalances, Failure> {
        Ok(book.accounts().balances_in(as_of, &options)?.into())
    }

    pub(crate) fn net_worth(
        book: &core::Book,
        (as_of, options): (Option<chrono::NaiveDate>, core::ValuationOptions),
    ) -> Result<js::NetWorth, Failure> {
        Ok(book.reports().net_worth(as_of, &options)?.into())
    }

    pub(crate) fn spending_in(
        book: &core::Book,
        (from, to, options): ValuedPeriod,
    ) -> Result<js::ValuedCategories, Failure> {
        Ok(book.reports().spending_by_category_in(from, to, &options)?.into())
    }

    pub(crate) fn income_in(
        book: &core::Book,
        (from, to, options): ValuedPeriod,
    ) -> Result<js::ValuedCategories, Failure> {
        Ok(book.reports().income_by_category_in(from, to, &options)?.into())
    }

    pub(crate) fn fx_gain(
        book: &core::Book,
        (account, (from, to, options)): (core::AccountId, ValuedPeriod),
    ) -> Result<js::FxGain, Failure> {
        Ok(book.reports().fx_gain(account, from, to, &options)?.into())
    }

    pub(crate) fn parse(
        book: &core::Book,
        (file, options): (InputFile, ParseOptions),
    ) -> Result<Vec<js::Statement>, Failure> {
        let bytes = file.read(options.file_name.as_deref())?;
        Ok(conv::statements(book.imports().parse(&bytes, &options)?))
    }

    /// Reads the file, then imports it (the core runs a book's imports one at a time).
    pub(crate) fn import_file(
        book: &core::Book,
        (file, parse, options): ImportFile,
    ) -> Result<js::ImportResult, Failure> {
        let bytes = file.read(parse.file_name.as_deref())?;
        Ok(book.imports().import_file(&bytes, &parse, &options)?.into())
    }

    pub(crate) fn train(
        book: &core::Book,
        request: core::categorization::TrainRequest,
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plain(&book.categorizer().train(request)?))
    }

    pub(crate) fn categorize(
        book: &core::Book,
        ids: Vec<core::TransactionId>,
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plains(&book.categorizer().categorize(&ids)?))
    }

    pub(crate) fn apply_rules(
        book: &core::Book,
        filter: core::TransactionFilter,
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plains(&book.categorizer().apply_rules(&filter)?))
    }

    pub(crate) fn test_rule(
        book: &core::Book,
        rule: core::categorization::NewRule,
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plains(&book.categorizer().test_rule(rule)?))
    }

    pub(crate) fn budget_status(
        book: &core::Book,
        (budget, date): (core::BudgetId, chrono::NaiveDate),
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plain(&book.budgets().status(budget, date)?))
    }

    pub(crate) fn evaluate(book: &core::Book, (): ()) -> Result<serde_json::Value, Failure> {
        Ok(conv::plains(&book.alerts().evaluate()?))
    }

    pub(crate) fn holdings(
        book: &core::Book,
        request: core::portfolio::valuation::HoldingsRequest,
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plain(&book.portfolio().holdings(&request)?))
    }

    pub(crate) fn returns(
        book: &core::Book,
        request: core::portfolio::performance::ReturnsRequest,
    ) -> Result<serde_json::Value, Failure> {
        Ok(conv::plain(&book.portfolio().returns(&request)?))
    }

    /// Reads the brokerage file, then imports it.
    pub(crate) fn import_investments(
        book: &core::Book,
        (file, name, options): conv::InvestmentFile,
    ) -> Result<serde_json::Value, Failure> {
        let bytes = file.read(Some(&name))?;
        Ok(conv::plain(&book.portfolio().import_file(&bytes, &name, &options)?))
    }
}
