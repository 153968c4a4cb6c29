//! `book.categorizer`: rules stored in the book, payee memory, models and the decision of each
//! transaction. Each method is one core call with the GIL released; rules cross as the core's
//! `NewRule` serde dict (`conversion::new_rule`), decisions and models as records.

use crate::book::{page_request, BookRef};
use crate::conversion::{
    self, AccountArg, Amount, Day, OrderArg, SourceArg, StatusArg, TransactionArg,
};
use crate::records::{
    CategorizationRule, CategorizerSettings, Correction, ModelInfo, PayeeMemoryRow, ReviewPage,
    RuleChange, RuleProposal, TransactionDecision,
};
use pyo3::prelude::*;
use tally_core as core;

fn rules(found: Vec<core::CategorizationRule>) -> Vec<CategorizationRule> {
    found.into_iter().map(CategorizationRule).collect()
}

fn changes(found: Vec<core::RuleChange>) -> Vec<RuleChange> {
    found.into_iter().map(RuleChange).collect()
}

/// Categorizer calls of a `Book`: `book.categorizer`.
#[pyclass(module = "tally", frozen)]
pub struct Categorizer(pub(crate) BookRef);

#[pymethods]
impl Categorizer {
    /// The settings (threshold 0.8, 50 examples, a proposal after 3 corrections until set).
    fn settings(&self, py: Python<'_>) -> PyResult<CategorizerSettings> {
        self.0.call(py, |b| b.categorizer().settings()).map(CategorizerSettings)
    }

    /// Stores the settings: a `CategorizerSettings` or its `to_dict()`, changed (`threshold`
    /// is a probability, a float is fine). Raises `ValidationError` (`invalid_field`).
    fn set_settings(
        &self,
        py: Python<'_>,
        settings: &Bound<'_, PyAny>,
    ) -> PyResult<CategorizerSettings> {
        let settings: core::CategorizerSettings = match settings.cast::<CategorizerSettings>() {
            Ok(s) => s.get().0.clone(),
            Err(_) => conversion::from_py(settings, "settings", true)?,
        };
        self.0.call(py, move |b| b.categorizer().set_settings(settings)).map(CategorizerSettings)
    }

    /// Creates a rule from the core's `NewRule` dict: `name`, `condition`, `actions`, and
    /// optionally `stage` ('pre', 'default', 'post'), `priority` (0), `enabled` (True).
    /// Categories are account paths (or ids as digit strings).
    ///
    /// Raises `ValidationError` (`invalid_rule`, `split_mismatch`, `not_a_category`,
    /// `invalid_field` for a shape the core does not read), `NotFoundError`
    /// (`category_not_found`).
    fn create_rule(&self, py: Python<'_>, rule: &Bound<'_, PyAny>) -> PyResult<CategorizationRule> {
        let new = conversion::new_rule(rule)?;
        self.0.call(py, move |b| b.categorizer().create_rule(new)).map(CategorizationRule)
    }

    /// A rule. Raises `NotFoundError` (`rule_not_found`).
    fn rule(&self, py: Python<'_>, id: i64) -> PyResult<CategorizationRule> {
        self.0.call(py, move |b| b.categorizer().rule(id)).map(CategorizationRule)
    }

    /// The book's rules in the order they run.
    fn rules(&self, py: Python<'_>) -> PyResult<Vec<CategorizationRule>> {
        Ok(rules(self.0.call(py, |b| b.categorizer().rules())?))
    }

    /// Replaces a rule's content (a `NewRule` dict, or a `CategorizationRule`'s `to_dict()`).
    fn update_rule(
        &self,
        py: Python<'_>,
        id: i64,
        rule: &Bound<'_, PyAny>,
    ) -> PyResult<CategorizationRule> {
        let new = conversion::new_rule(rule)?;
        self.0.call(py, move |b| b.categorizer().update_rule(id, new)).map(CategorizationRule)
    }

    /// Deletes a rule. Raises `NotFoundError` (`rule_not_found`).
    fn delete_rule(&self, py: Python<'_>, id: i64) -> PyResult<()> {
        self.0.call(py, move |b| b.categorizer().delete_rule(id))
    }

    /// Enables or disables a rule.
    fn set_enabled(&self, py: Python<'_>, id: i64, enabled: bool) -> PyResult<CategorizationRule> {
        self.0.call(py, move |b| b.categorizer().set_enabled(id, enabled)).map(CategorizationRule)
    }

    /// Enables a rule.
    fn enable_rule(&self, py: Python<'_>, id: i64) -> PyResult<CategorizationRule> {
        self.0.call(py, move |b| b.categorizer().enable_rule(id)).map(CategorizationRule)
    }

    /// Disables a rule (kept, never run).
    fn disable_rule(&self, py: Python<'_>, id: i64) -> PyResult<CategorizationRule> {
        self.0.call(py, move |b| b.categorizer().disable_rule(id)).map(CategorizationRule)
    }

    /// Sets the run order within each stage: every rule id, in the new order.
    fn reorder_rules(&self, py: Python<'_>, ids: Vec<i64>) -> PyResult<Vec<CategorizationRule>> {
        Ok(rules(self.0.call(py, move |b| b.categorizer().reorder_rules(&ids))?))
    }

    /// What a rule (a `NewRule` dict) would change in the history; writes nothing.
    fn test_rule(&self, py: Python<'_>, rule: &Bound<'_, PyAny>) -> PyResult<Vec<RuleChange>> {
        let new = conversion::new_rule(rule)?;
        Ok(changes(self.0.call(py, move |b| b.categorizer().test_rule(new))?))
    }

    /// Applies the enabled rules to the history matching the filters (those of
    /// `transactions.search`; all by default) in one write; returns what changed.
    #[pyo3(signature = (
        *, date_from=None, date_to=None, accounts=Vec::new(), text=None, amount_min=None,
        amount_max=None, tags=Vec::new(), statuses=Vec::new(), sources=Vec::new()
    ))]
    #[allow(clippy::too_many_arguments)]
    fn apply_rules(
        &self,
        py: Python<'_>,
        date_from: Option<Day>,
        date_to: Option<Day>,
        accounts: Vec<AccountArg>,
        text: Option<String>,
        amount_min: Option<Amount>,
        amount_max: Option<Amount>,
        tags: Vec<String>,
        statuses: Vec<StatusArg>,
        sources: Vec<SourceArg>,
    ) -> PyResult<Vec<RuleChange>> {
        let filter = conversion::transaction_filter(
            date_from, date_to, accounts, text, amount_min, amount_max, tags, statuses, sources,
        );
        Ok(changes(self.0.call(py, move |b| b.categorizer().apply_rules(&filter))?))
    }

    /// Runs the flow (rules, payee memory, model) on transactions (ids or `Transaction`s);
    /// returns the decisions stored, in that order. Raises `ValidationError`
    /// (`not_categorizable`), `NotFoundError` (`transaction_not_found`).
    fn categorize(
        &self,
        py: Python<'_>,
        transactions: Vec<TransactionArg>,
    ) -> PyResult<Vec<TransactionDecision>> {
        let ids: Vec<core::TransactionId> = transactions.into_iter().map(|t| t.0).collect();
        let found = self.0.call(py, move |b| b.categorizer().categorize(&ids))?;
        Ok(found.into_iter().map(TransactionDecision).collect())
    }

    /// The decision stored for a transaction, or None.
    fn decision(
        &self,
        py: Python<'_>,
        transaction: TransactionArg,
    ) -> PyResult<Option<TransactionDecision>> {
        let found = self.0.call(py, move |b| b.categorizer().decision(transaction.0))?;
        Ok(found.map(TransactionDecision))
    }

    /// The transactions waiting for review, one page.
    #[pyo3(signature = (*, offset=0, limit=100, order=OrderArg(core::SortOrder::Descending)))]
    fn review_queue(
        &self,
        py: Python<'_>,
        offset: u64,
        limit: u32,
        order: OrderArg,
    ) -> PyResult<ReviewPage> {
        let page = page_request(offset, limit, order);
        self.0.call(py, move |b| b.categorizer().review_queue(page)).map(ReviewPage)
    }

    /// Sets a transaction's category by hand (locking it), teaches payee memory and may
    /// propose a rule. Raises `ValidationError` (`not_a_category`, `not_categorizable`).
    fn correct(
        &self,
        py: Python<'_>,
        transaction: TransactionArg,
        category: AccountArg,
    ) -> PyResult<Correction> {
        self.0.call(py, move |b| b.categorizer().correct(transaction.0, category.0)).map(Correction)
    }

    /// Stores a proposed rule.
    fn accept_proposal(
        &self,
        py: Python<'_>,
        proposal: PyRef<'_, RuleProposal>,
    ) -> PyResult<CategorizationRule> {
        let proposal = proposal.0.clone();
        self.0.call(py, move |b| b.categorizer().accept_proposal(&proposal)).map(CategorizationRule)
    }

    /// What payee memory knows.
    fn payee_memory(&self, py: Python<'_>) -> PyResult<Vec<PayeeMemoryRow>> {
        let found = self.0.call(py, |b| b.categorizer().payee_memory())?;
        Ok(found.into_iter().map(PayeeMemoryRow).collect())
    }

    /// Trains a model on the labeled history and makes it active. Raises `ValidationError`
    /// (`not_enough_training_data` below `min_examples` unless `force`), `training_failed`.
    #[pyo3(signature = (*, force=false))]
    fn train(&self, py: Python<'_>, force: bool) -> PyResult<ModelInfo> {
        let request = core::TrainRequest { force };
        self.0.call(py, move |b| b.categorizer().train(request)).map(ModelInfo)
    }

    /// The book's models, by version.
    fn models(&self, py: Python<'_>) -> PyResult<Vec<ModelInfo>> {
        Ok(self.0.call(py, |b| b.categorizer().models())?.into_iter().map(ModelInfo).collect())
    }

    /// Makes a model version active. Raises `NotFoundError` (`model_not_found`).
    fn activate(&self, py: Python<'_>, version: i64) -> PyResult<ModelInfo> {
        self.0.call(py, move |b| b.categorizer().activate(version)).map(ModelInfo)
    }

    /// Corrections made since the active model was trained (all of them without a model).
    fn queued_examples(&self, py: Python<'_>) -> PyResult<u64> {
        self.0.call(py, |b| b.categorizer().queued_examples())
    }
}
