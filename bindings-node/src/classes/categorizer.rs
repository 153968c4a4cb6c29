//! `book.categorizer`: rules (recursive conditions and actions as plain objects), the
//! categorization of transactions (rules, payee memory, model), the review queue, corrections
//! and rule proposals, and the models.

use crate::async_tasks::{work, ApplyRulesTask, CategorizeTask, Job, TestRuleTask, TrainTask};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::AsyncTask;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use tally_core::categorization::{CategorizerSettings, RuleProposal};

/// Categorizer calls of a book.
#[napi]
pub struct Categorizer {
    handle: BookHandle,
}

impl Categorizer {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Categorizer {
    /// The categorizer's settings.
    #[napi(ts_return_type = "CategorizerSettings")]
    pub fn settings(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.categorizer().settings()?)))
    }

    /// Replaces the categorizer's settings. Throws `invalid_field`.
    #[napi(ts_args_type = "settings: CategorizerSettings", ts_return_type = "CategorizerSettings")]
    pub fn set_settings(&self, env: &Env, settings: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let s: CategorizerSettings = conv::record(settings, "settings")?;
            Ok(conv::plain(&b.categorizer().set_settings(s)?))
        })
    }

    /// Creates a rule; its categories (paths or id digits) are resolved and returned as paths.
    /// Throws `invalid_rule`, `category_not_found`, `not_a_category`.
    #[napi(ts_args_type = "rule: NewRule", ts_return_type = "CategorizationRule")]
    pub fn create_rule(&self, env: &Env, rule: Value) -> napi::Result<Value> {
        self.handle
            .run(env, |b| Ok(conv::plain(&b.categorizer().create_rule(conv::new_rule(rule)?)?)))
    }

    /// A rule. Throws `rule_not_found`.
    #[napi(ts_return_type = "CategorizationRule")]
    pub fn rule(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.categorizer().rule(id)?)))
    }

    /// The book's rules, in the order they run.
    #[napi(ts_return_type = "CategorizationRule[]")]
    pub fn rules(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.categorizer().rules()?)))
    }

    /// Replaces a rule's content. Throws as `createRule`, `rule_not_found`.
    #[napi(ts_args_type = "id: number, rule: NewRule", ts_return_type = "CategorizationRule")]
    pub fn update_rule(&self, env: &Env, id: i64, rule: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let rule = conv::new_rule(rule)?;
            Ok(conv::plain(&b.categorizer().update_rule(id, rule)?))
        })
    }

    /// Deletes a rule. Throws `rule_not_found`.
    #[napi]
    pub fn delete_rule(&self, env: &Env, id: i64) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.categorizer().delete_rule(id)?))
    }

    /// Enables or disables a rule. Throws `rule_not_found`.
    #[napi(ts_return_type = "CategorizationRule")]
    pub fn set_enabled(&self, env: &Env, id: i64, enabled: bool) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.categorizer().set_enabled(id, enabled)?)))
    }

    /// Enables a rule. Throws `rule_not_found`.
    #[napi(ts_return_type = "CategorizationRule")]
    pub fn enable_rule(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.categorizer().enable_rule(id)?)))
    }

    /// Disables a rule (kept, never run). Throws `rule_not_found`.
    #[napi(ts_return_type = "CategorizationRule")]
    pub fn disable_rule(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.categorizer().disable_rule(id)?)))
    }

    /// Reorders the rules (priorities follow the order given). Throws `rule_not_found`.
    #[napi(ts_return_type = "CategorizationRule[]")]
    pub fn reorder_rules(&self, env: &Env, ids: Vec<i64>) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.categorizer().reorder_rules(&ids)?)))
    }

    /// What a rule would change in the book's history; writes nothing.
    #[napi(ts_args_type = "rule: NewRule", ts_return_type = "RuleChange[]")]
    pub fn test_rule(&self, env: &Env, rule: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| work::test_rule(b, conv::new_rule(rule)?))
    }

    /// `testRule` off the JS thread.
    #[napi(ts_args_type = "rule: NewRule", ts_return_type = "Promise<RuleChange[]>")]
    pub fn test_rule_async(&self, env: &Env, rule: Value) -> napi::Result<AsyncTask<TestRuleTask>> {
        self.handle.task(
            env,
            || conv::new_rule(rule),
            |b, r| TestRuleTask(Job::new(b, r, work::test_rule)),
        )
    }

    /// Applies the rules to the transactions the filter selects (locked fields stay).
    #[napi(ts_return_type = "RuleChange[]")]
    pub fn apply_rules(
        &self,
        env: &Env,
        filter: Option<js::TransactionFilter>,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| work::apply_rules(b, conv::filter(filter)?))
    }

    /// `applyRules` off the JS thread.
    #[napi(ts_return_type = "Promise<RuleChange[]>")]
    pub fn apply_rules_async(
        &self,
        env: &Env,
        filter: Option<js::TransactionFilter>,
    ) -> napi::Result<AsyncTask<ApplyRulesTask>> {
        self.handle.task(
            env,
            || conv::filter(filter),
            |b, f| ApplyRulesTask(Job::new(b, f, work::apply_rules)),
        )
    }

    /// Runs the flow (rules, payee memory, model) on transactions and stores the decisions.
    /// Throws `transaction_not_found`.
    #[napi(ts_return_type = "TransactionDecision[]")]
    pub fn categorize(&self, env: &Env, ids: Vec<i64>) -> napi::Result<Value> {
        self.handle.run(env, |b| work::categorize(b, conv::transaction_ids(ids)))
    }

    /// `categorize` off the JS thread.
    #[napi(ts_return_type = "Promise<TransactionDecision[]>")]
    pub fn categorize_async(
        &self,
        env: &Env,
        ids: Vec<i64>,
    ) -> napi::Result<AsyncTask<CategorizeTask>> {
        self.handle.task(
            env,
            || Ok(conv::transaction_ids(ids)),
            |b, i| CategorizeTask(Job::new(b, i, work::categorize)),
        )
    }

    /// The stored decision of a transaction; `null` when it has none.
    #[napi(ts_return_type = "TransactionDecision | null")]
    pub fn decision(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle
            .run(env, |b| Ok(conv::plain(&b.categorizer().decision(conv::transaction_id(id))?)))
    }

    /// Transactions whose decision needs review, with it.
    #[napi(ts_return_type = "ReviewPage")]
    pub fn review_queue(&self, env: &Env, page: Option<js::PageOptions>) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            Ok(conv::plain(&b.categorizer().review_queue(conv::page_options(page)?)?))
        })
    }

    /// The user's category for a transaction: recorded, locked, learned (payee memory), and
    /// a rule proposed after enough corrections. Throws `category_not_found`,
    /// `not_a_category`, `not_categorizable`, `transaction_not_found`.
    #[napi(ts_return_type = "Correction")]
    pub fn correct(&self, env: &Env, id: i64, category: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let c =
                b.categorizer().correct(conv::transaction_id(id), conv::account_id(category))?;
            Ok(conv::plain(&c))
        })
    }

    /// Saves a proposed rule (the `proposal` of a `Correction`).
    #[napi(ts_args_type = "proposal: RuleProposal", ts_return_type = "CategorizationRule")]
    pub fn accept_proposal(&self, env: &Env, proposal: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let p: RuleProposal = conv::record(proposal, "proposal")?;
            Ok(conv::plain(&b.categorizer().accept_proposal(&p)?))
        })
    }

    /// What the book learned per payee.
    #[napi(ts_return_type = "PayeeMemoryRow[]")]
    pub fn payee_memory(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.categorizer().payee_memory()?)))
    }

    /// Trains a model on the book's labeled transactions. Throws
    /// `not_enough_training_data` (unless `force`), `training_failed`.
    #[napi(ts_args_type = "request?: TrainRequest", ts_return_type = "ModelInfo")]
    pub fn train(&self, env: &Env, request: Option<Value>) -> napi::Result<Value> {
        self.handle.run(env, |b| work::train(b, conv::train_request(request)?))
    }

    /// `train` off the JS thread.
    #[napi(ts_args_type = "request?: TrainRequest", ts_return_type = "Promise<ModelInfo>")]
    pub fn train_async(
        &self,
        env: &Env,
        request: Option<Value>,
    ) -> napi::Result<AsyncTask<TrainTask>> {
        self.handle.task(
            env,
            || conv::train_request(request),
            |b, r| TrainTask(Job::new(b, r, work::train)),
        )
    }

    /// The stored models, by version.
    #[napi(ts_return_type = "ModelInfo[]")]
    pub fn models(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.categorizer().models()?)))
    }

    /// Makes a stored model version the active one. Throws `model_not_found`, `invalid_model`.
    #[napi(ts_return_type = "ModelInfo")]
    pub fn activate(&self, env: &Env, version: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.categorizer().activate(version)?)))
    }

    /// Labeled examples not yet in a model.
    #[napi]
    pub fn queued_examples(&self, env: &Env) -> napi::Result<i64> {
        self.handle
            .run(env, |b| Ok(i64::try_from(b.categorizer().queued_examples()?).unwrap_or(i64::MAX)))
    }
}
