//! The Python binding of Tally: the native module `tally._tally`, re-exported by the `tally`
//! package. It is thin: each method is one call of the core's `Engine`/`Book` API with the GIL
//! released; conversions live in `conversion.rs` (inputs) and `records.rs` (outputs), the error
//! mapping in `errors.rs`, the Arrow export of list results in `arrow.rs` and `table.rs`.

mod accounts;
mod arrow;
mod book;
mod budgets;
mod categorizer;
mod commodities;
mod conversion;
mod engine;
mod errors;
mod imports;
mod inputs;
mod portfolio;
mod rates;
mod records;
mod reports;
mod table;
mod transactions;

use pyo3::prelude::*;

/// Tally, an embeddable personal-finance engine: exact money, a double-entry ledger, reports.
#[pymodule]
fn _tally(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<engine::Engine>()?;
    m.add_class::<engine::Users>()?;
    m.add_class::<book::Book>()?;
    m.add_class::<accounts::Accounts>()?;
    m.add_class::<transactions::Transactions>()?;
    m.add_class::<commodities::Commodities>()?;
    m.add_class::<rates::Rates>()?;
    m.add_class::<imports::Imports>()?;
    m.add_class::<reports::Reports>()?;
    m.add_class::<table::Table>()?;
    m.add_class::<table::TableIter>()?;
    m.add_class::<inputs::NewSplit>()?;
    m.add_class::<inputs::NewTransaction>()?;
    m.add_class::<records::User>()?;
    m.add_class::<records::BookInfo>()?;
    m.add_class::<records::Member>()?;
    m.add_class::<records::Account>()?;
    m.add_class::<records::Commodity>()?;
    m.add_class::<records::UnitPrice>()?;
    m.add_class::<records::Split>()?;
    m.add_class::<records::Transaction>()?;
    m.add_class::<records::AccountBalance>()?;
    m.add_class::<records::CategoryAmount>()?;
    m.add_class::<records::RegisterRow>()?;
    m.add_class::<records::BalanceAssertion>()?;
    m.add_class::<records::AssertionResult>()?;
    m.add_class::<records::AuditEntry>()?;
    m.add_class::<records::Rate>()?;
    m.add_class::<records::RateLeg>()?;
    m.add_class::<records::RateQuote>()?;
    m.add_class::<records::Conversion>()?;
    m.add_class::<records::LoadReport>()?;
    m.add_class::<records::Unconverted>()?;
    m.add_class::<records::ValuedBalances>()?;
    m.add_class::<records::NetWorth>()?;
    m.add_class::<records::ValuedCategories>()?;
    m.add_class::<records::FxGain>()?;
    m.add_class::<records::Statement>()?;
    m.add_class::<records::StatementAccount>()?;
    m.add_class::<records::StatedBalance>()?;
    m.add_class::<records::StatementLine>()?;
    m.add_class::<records::LineSplit>()?;
    m.add_class::<records::InvestmentLine>()?;
    m.add_class::<records::SecurityInfo>()?;
    m.add_class::<records::ImportResult>()?;
    m.add_class::<records::ConnectionAccount>()?;
    m.add_class::<records::Connection>()?;
    m.add_class::<records::SavedCsvProfile>()?;
    m.add_class::<records::BatchCounts>()?;
    m.add_class::<records::ImportBatch>()?;
    m.add_class::<records::SyncPageResult>()?;
    m.add_class::<records::SyncResult>()?;
    m.add_class::<records::LineOutcome>()?;
    m.add_class::<budgets::Budgets>()?;
    m.add_class::<budgets::Goals>()?;
    m.add_class::<budgets::Alerts>()?;
    m.add_class::<records::Budget>()?;
    m.add_class::<records::Allocation>()?;
    m.add_class::<records::CategoryStatus>()?;
    m.add_class::<records::BudgetTotals>()?;
    m.add_class::<records::PoolStatus>()?;
    m.add_class::<records::BudgetStatus>()?;
    m.add_class::<records::TemplateFill>()?;
    m.add_class::<records::TemplateReport>()?;
    m.add_class::<records::Goal>()?;
    m.add_class::<records::Contribution>()?;
    m.add_class::<records::GoalProgress>()?;
    m.add_class::<records::AlertEntities>()?;
    m.add_class::<records::Alert>()?;
    m.add_class::<records::AlertSettings>()?;
    m.add_class::<categorizer::Categorizer>()?;
    m.add_class::<records::CategorizationRule>()?;
    m.add_class::<records::CategorySuggestion>()?;
    m.add_class::<records::Locks>()?;
    m.add_class::<records::TransactionDecision>()?;
    m.add_class::<records::PayeeMemoryRow>()?;
    m.add_class::<records::CategoryMetrics>()?;
    m.add_class::<records::ModelInfo>()?;
    m.add_class::<records::CategorizedFields>()?;
    m.add_class::<records::RuleChange>()?;
    m.add_class::<records::RuleProposal>()?;
    m.add_class::<records::Correction>()?;
    m.add_class::<records::ReviewItem>()?;
    m.add_class::<records::ReviewPage>()?;
    m.add_class::<records::CategorizerSettings>()?;
    m.add_class::<portfolio::Portfolio>()?;
    m.add_class::<records::Security>()?;
    m.add_class::<records::Lot>()?;
    m.add_class::<records::RealizedGain>()?;
    m.add_class::<records::IncomeRow>()?;
    m.add_class::<records::Sale>()?;
    m.add_class::<records::Holding>()?;
    m.add_class::<records::MissingPrice>()?;
    m.add_class::<records::Holdings>()?;
    m.add_class::<records::TargetWeight>()?;
    m.add_class::<records::PortfolioIssue>()?;
    m.add_class::<records::RateOfReturn>()?;
    m.add_class::<records::ExternalFlow>()?;
    m.add_class::<records::MissingValue>()?;
    m.add_class::<records::Returns>()?;
    m.add_class::<records::AllocationRow>()?;
    m.add_class::<records::PortfolioAllocation>()?;
    m.add_class::<records::Trade>()?;
    m.add_class::<records::RebalancePlan>()?;
    m.add_class::<records::SkippedLine>()?;
    m.add_class::<records::InvestmentImportReport>()?;
    m.add_function(wrap_pyfunction!(portfolio::xirr, m)?)?;
    m.add_function(wrap_pyfunction!(portfolio::xnpv, m)?)?;
    m.add("ERROR_CODES", error_codes(m.py())?)?;
    errors::register(m)
}

/// Every stable error code with its kind, as the core lists them.
fn error_codes(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    let codes = pyo3::types::PyDict::new(py);
    for (code, kind, _) in tally_core::ERROR_CODES {
        codes.set_item(code, kind.as_str())?;
    }
    Ok(codes)
}
