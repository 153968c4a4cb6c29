//! The groups of calls that plan and watch a book: [`Categorizer`] (rules, payee memory, the
//! model, review), [`Budgets`], [`Goals`] and [`Alerts`]. As in [`crate::groups`], each method
//! is one line over the core and the long ones are also exported as `..._async`.

use crate::background::in_background;
use crate::conversion::{
    Amount, CategorizationRule, Correction, GoalUpdate, IsoDate, NewRule, ReviewPage, RuleChange,
    RuleProposal, TransactionDecision,
};
use crate::error::Result;
use tally_core::alert::{Alert, AlertFilter, AlertSettings};
use tally_core::budget::{
    Allocation, Budget, BudgetStatus, BudgetUpdate, NewAllocation, NewBudget, TemplateReport,
};
use tally_core::goal::{Contribution, Goal, GoalProgress, NewContribution, NewGoal};
use tally_core::{
    AccountId, AlertId, BudgetId, CategorizerSettings, GoalId, ModelInfo, PageRequest,
    PayeeMemoryRow, Rounding, TrainRequest, TransactionFilter, TransactionId,
};

/// Converts a list of core records to the binding's.
fn all<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(Into::into).collect()
}

/// Categorizer calls of a book: rules, payee memory, the model, decisions and review.
#[derive(Debug, uniffi::Object)]
pub struct Categorizer(pub(crate) tally_core::Book);

#[uniffi::export]
impl Categorizer {
    /// The categorizer's settings.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn settings(&self) -> Result<CategorizerSettings> {
        Ok(self.0.categorizer().settings()?)
    }

    /// Replaces the categorizer's settings; returns them.
    ///
    /// # Errors
    ///
    /// `invalid_field` (a threshold outside 0..1), `read_only`.
    pub fn set_settings(&self, settings: CategorizerSettings) -> Result<CategorizerSettings> {
        Ok(self.0.categorizer().set_settings(settings)?)
    }

    /// Creates a rule.
    ///
    /// # Errors
    ///
    /// `invalid_rule` (with the field, also for condition or actions that are not JSON of the
    /// expected shape), `split_mismatch`, `category_not_found`, `not_a_category`, `read_only`.
    pub fn create_rule(&self, new: NewRule) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().create_rule(new.try_into()?)?.into())
    }

    /// A rule by id.
    ///
    /// # Errors
    ///
    /// `rule_not_found`.
    pub fn rule(&self, id: i64) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().rule(id)?.into())
    }

    /// Every rule, in the order they run.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn rules(&self) -> Result<Vec<CategorizationRule>> {
        Ok(all(self.0.categorizer().rules()?))
    }

    /// Replaces a rule's content.
    ///
    /// # Errors
    ///
    /// `rule_not_found` and the errors of [`create_rule`](Self::create_rule).
    pub fn update_rule(&self, id: i64, new: NewRule) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().update_rule(id, new.try_into()?)?.into())
    }

    /// Deletes a rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `read_only`.
    pub fn delete_rule(&self, id: i64) -> Result<()> {
        Ok(self.0.categorizer().delete_rule(id)?)
    }

    /// Enables or disables a rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `read_only`.
    pub fn set_enabled(&self, id: i64, enabled: bool) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().set_enabled(id, enabled)?.into())
    }

    /// Enables a rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `read_only`.
    pub fn enable_rule(&self, id: i64) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().enable_rule(id)?.into())
    }

    /// Disables a rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `read_only`.
    pub fn disable_rule(&self, id: i64) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().disable_rule(id)?.into())
    }

    /// Sets the order of rules (priorities follow the list); returns every rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `invalid_field`, `read_only`.
    pub fn reorder_rules(&self, ids: Vec<i64>) -> Result<Vec<CategorizationRule>> {
        Ok(all(self.0.categorizer().reorder_rules(&ids)?))
    }

    /// What a rule would change in the book's history, writing nothing.
    ///
    /// # Errors
    ///
    /// As [`create_rule`](Self::create_rule).
    pub fn test_rule(&self, rule: NewRule) -> Result<Vec<RuleChange>> {
        Ok(all(self.0.categorizer().test_rule(rule.try_into()?)?))
    }

    /// [`test_rule`](Self::test_rule) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`test_rule`](Self::test_rule).
    pub async fn test_rule_async(&self, rule: NewRule) -> Result<Vec<RuleChange>> {
        let book = self.0.clone();
        in_background(move || book.categorizer().test_rule(rule.try_into()?)).await.map(all)
    }

    /// Runs the rules over the transactions matching `filter` (locked fields stay) and
    /// returns what changed.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, `read_only`.
    pub fn apply_rules(&self, filter: TransactionFilter) -> Result<Vec<RuleChange>> {
        Ok(all(self.0.categorizer().apply_rules(&filter)?))
    }

    /// [`apply_rules`](Self::apply_rules) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`apply_rules`](Self::apply_rules).
    pub async fn apply_rules_async(&self, filter: TransactionFilter) -> Result<Vec<RuleChange>> {
        let book = self.0.clone();
        in_background(move || book.categorizer().apply_rules(&filter)).await.map(all)
    }

    /// Categorizes transactions (rules, payee memory, model) and returns the decisions.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `read_only`.
    pub fn categorize(&self, ids: Vec<TransactionId>) -> Result<Vec<TransactionDecision>> {
        Ok(all(self.0.categorizer().categorize(&ids)?))
    }

    /// [`categorize`](Self::categorize) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`categorize`](Self::categorize).
    pub async fn categorize_async(
        &self,
        ids: Vec<TransactionId>,
    ) -> Result<Vec<TransactionDecision>> {
        let book = self.0.clone();
        in_background(move || book.categorizer().categorize(&ids)).await.map(all)
    }

    /// The decision stored for a transaction, if any.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn decision(&self, id: TransactionId) -> Result<Option<TransactionDecision>> {
        Ok(self.0.categorizer().decision(id)?.map(Into::into))
    }

    /// The transactions that need review, with their decisions.
    ///
    /// # Errors
    ///
    /// `invalid_field` for a bad page.
    pub fn review_queue(&self, page: PageRequest) -> Result<ReviewPage> {
        Ok(self.0.categorizer().review_queue(page)?.into())
    }

    /// The user's correction: sets the category, locks it, teaches payee memory; may propose a
    /// rule.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `reconciled_locked`,
    /// `category_not_found`, `not_a_category`, `not_categorizable`, `read_only`.
    pub fn correct(&self, id: TransactionId, category: AccountId) -> Result<Correction> {
        Ok(self.0.categorizer().correct(id, category)?.into())
    }

    /// Creates the rule of a proposal.
    ///
    /// # Errors
    ///
    /// As [`create_rule`](Self::create_rule).
    pub fn accept_proposal(&self, proposal: RuleProposal) -> Result<CategorizationRule> {
        Ok(self.0.categorizer().accept_proposal(&proposal.try_into()?)?.into())
    }

    /// What payee memory holds.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn payee_memory(&self) -> Result<Vec<PayeeMemoryRow>> {
        Ok(self.0.categorizer().payee_memory()?)
    }

    /// Trains a model on the book's categorized transactions and activates it.
    ///
    /// # Errors
    ///
    /// `not_enough_training_data`, `training_failed`, `read_only`.
    pub fn train(&self, request: TrainRequest) -> Result<ModelInfo> {
        Ok(self.0.categorizer().train(request)?)
    }

    /// [`train`](Self::train) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`train`](Self::train).
    pub async fn train_async(&self, request: TrainRequest) -> Result<ModelInfo> {
        let book = self.0.clone();
        in_background(move || book.categorizer().train(request)).await
    }

    /// The book's trained models, newest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn models(&self) -> Result<Vec<ModelInfo>> {
        Ok(self.0.categorizer().models()?)
    }

    /// Makes a model version the active one.
    ///
    /// # Errors
    ///
    /// `model_not_found`, `invalid_model`, `read_only`.
    pub fn activate(&self, version: i64) -> Result<ModelInfo> {
        Ok(self.0.categorizer().activate(version)?)
    }

    /// Labeled examples queued since the last training.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn queued_examples(&self) -> Result<u64> {
        Ok(self.0.categorizer().queued_examples()?)
    }
}

/// Budget calls of a book.
#[derive(Debug, uniffi::Object)]
pub struct Budgets(pub(crate) tally_core::Book);

#[uniffi::export]
impl Budgets {
    /// Creates a budget.
    ///
    /// # Errors
    ///
    /// `invalid_field` (with the field), `budget_overlap`, `account_not_found`,
    /// `unknown_commodity`, `read_only`.
    pub fn create(&self, new: NewBudget) -> Result<Budget> {
        Ok(self.0.budgets().create(new)?)
    }

    /// A budget by id.
    ///
    /// # Errors
    ///
    /// `budget_not_found`.
    pub fn get(&self, id: BudgetId) -> Result<Budget> {
        Ok(self.0.budgets().get(id)?)
    }

    /// Every budget of the book.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Budget>> {
        Ok(self.0.budgets().list()?)
    }

    /// Changes a budget.
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create), and `budget_not_found`.
    pub fn update(&self, id: BudgetId, update: BudgetUpdate) -> Result<Budget> {
        Ok(self.0.budgets().update(id, update)?)
    }

    /// Deletes a budget and its allocations.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `read_only`.
    pub fn delete(&self, id: BudgetId) -> Result<()> {
        Ok(self.0.budgets().delete(id)?)
    }

    /// Sets what a category gets in the period holding `period`.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `invalid_field`, `too_many_decimals`, `read_only`.
    pub fn set_allocation(
        &self,
        budget: BudgetId,
        period: IsoDate,
        account: AccountId,
        amount: Amount,
    ) -> Result<Allocation> {
        Ok(self.0.budgets().set_allocation(budget, period, account, amount)?)
    }

    /// Sets many allocations at once (one event).
    ///
    /// # Errors
    ///
    /// As [`set_allocation`](Self::set_allocation), fields `allocations[i]...`.
    pub fn set_allocations(
        &self,
        budget: BudgetId,
        allocations: Vec<NewAllocation>,
    ) -> Result<Vec<Allocation>> {
        Ok(self.0.budgets().set_allocations(budget, &allocations)?)
    }

    /// The allocations of the period holding `period`.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `invalid_field`.
    pub fn allocations(&self, budget: BudgetId, period: IsoDate) -> Result<Vec<Allocation>> {
        Ok(self.0.budgets().allocations(budget, period)?)
    }

    /// Moves money between categories (null is the pool of an envelope budget).
    ///
    /// # Errors
    ///
    /// `invalid_field`, `budget_not_found`, `read_only`.
    pub fn move_money(
        &self,
        budget: BudgetId,
        period: IsoDate,
        from: Option<AccountId>,
        to: Option<AccountId>,
        amount: Amount,
    ) -> Result<Vec<Allocation>> {
        Ok(self.0.budgets().move_money(budget, period, from, to, amount)?)
    }

    /// Assigns money from the pool to a category (envelope budgets).
    ///
    /// # Errors
    ///
    /// As [`move_money`](Self::move_money).
    pub fn assign(
        &self,
        budget: BudgetId,
        period: IsoDate,
        account: AccountId,
        amount: Amount,
    ) -> Result<Vec<Allocation>> {
        Ok(self.0.budgets().assign(budget, period, account, amount)?)
    }

    /// Fills the period's allocations from the categories' templates.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `read_only`.
    pub fn apply_templates(
        &self,
        budget: BudgetId,
        period: IsoDate,
        rounding: Rounding,
    ) -> Result<TemplateReport> {
        Ok(self.0.budgets().apply_templates(budget, period, rounding)?)
    }

    /// Where the budget stands in the period holding `date`.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `invalid_field` (a date before the budget starts).
    pub fn status(&self, budget: BudgetId, date: IsoDate) -> Result<BudgetStatus> {
        Ok(self.0.budgets().status(budget, date)?)
    }

    /// [`status`](Self::status) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`status`](Self::status).
    pub async fn status_async(&self, budget: BudgetId, date: IsoDate) -> Result<BudgetStatus> {
        let book = self.0.clone();
        in_background(move || book.budgets().status(budget, date)).await
    }
}

/// Goal calls of a book.
#[derive(Debug, uniffi::Object)]
pub struct Goals(pub(crate) tally_core::Book);

#[uniffi::export]
impl Goals {
    /// Creates a goal.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, `unknown_commodity`, `read_only`.
    pub fn create(&self, new: NewGoal) -> Result<Goal> {
        Ok(self.0.goals().create(new)?)
    }

    /// A goal by id.
    ///
    /// # Errors
    ///
    /// `goal_not_found`.
    pub fn get(&self, id: GoalId) -> Result<Goal> {
        Ok(self.0.goals().get(id)?)
    }

    /// Every goal of the book.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Goal>> {
        Ok(self.0.goals().list()?)
    }

    /// Changes a goal.
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `goal_archived`, `invalid_field`, `read_only`.
    pub fn update(&self, id: GoalId, update: GoalUpdate) -> Result<Goal> {
        Ok(self.0.goals().update(id, update.into())?)
    }

    /// Archives a goal.
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `read_only`.
    pub fn archive(&self, id: GoalId) -> Result<Goal> {
        Ok(self.0.goals().archive(id)?)
    }

    /// Brings an archived goal back.
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `read_only`.
    pub fn unarchive(&self, id: GoalId) -> Result<Goal> {
        Ok(self.0.goals().unarchive(id)?)
    }

    /// Records a manual contribution.
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `goal_archived`, `invalid_field`, `read_only`.
    pub fn contribute(&self, id: GoalId, contribution: NewContribution) -> Result<Contribution> {
        Ok(self.0.goals().contribute(id, contribution)?)
    }

    /// A goal's manual contributions.
    ///
    /// # Errors
    ///
    /// `goal_not_found`.
    pub fn contributions(&self, id: GoalId) -> Result<Vec<Contribution>> {
        Ok(self.0.goals().contributions(id)?)
    }

    /// Where a goal stands today.
    ///
    /// # Errors
    ///
    /// `goal_not_found`.
    pub fn progress(&self, id: GoalId) -> Result<GoalProgress> {
        Ok(self.0.goals().progress(id)?)
    }
}

/// Alert calls of a book. New alerts also reach every `EventListener` as
/// `Event.AlertRaised`, one per alert, after the write that raised them committed.
#[derive(Debug, uniffi::Object)]
pub struct Alerts(pub(crate) tally_core::Book);

#[uniffi::export]
impl Alerts {
    /// The alerts matching `filter`, newest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self, filter: AlertFilter) -> Result<Vec<Alert>> {
        Ok(self.0.alerts().list(&filter)?)
    }

    /// Marks alerts read.
    ///
    /// # Errors
    ///
    /// `alert_not_found`, `read_only`.
    pub fn mark_read(&self, ids: Vec<AlertId>) -> Result<()> {
        Ok(self.0.alerts().mark_read(&ids)?)
    }

    /// Dismisses alerts (kept, so they are not raised again).
    ///
    /// # Errors
    ///
    /// `alert_not_found`, `read_only`.
    pub fn dismiss(&self, ids: Vec<AlertId>) -> Result<()> {
        Ok(self.0.alerts().dismiss(&ids)?)
    }

    /// The book's alert settings.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn settings(&self) -> Result<AlertSettings> {
        Ok(self.0.alerts().settings()?)
    }

    /// Replaces the alert settings; returns them.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, `unknown_commodity`, `read_only`.
    pub fn set_settings(&self, settings: AlertSettings) -> Result<AlertSettings> {
        Ok(self.0.alerts().set_settings(settings)?)
    }

    /// Evaluates every alert rule now; returns the new alerts only.
    ///
    /// # Errors
    ///
    /// `read_only`, `storage`.
    pub fn evaluate(&self) -> Result<Vec<Alert>> {
        Ok(self.0.alerts().evaluate()?)
    }

    /// [`evaluate`](Self::evaluate) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`evaluate`](Self::evaluate).
    pub async fn evaluate_async(&self) -> Result<Vec<Alert>> {
        let book = self.0.clone();
        in_background(move || book.alerts().evaluate()).await
    }
}
