//! `book.budgets`, `book.goals` and `book.alerts`: budgets by period or envelope with
//! allocations, rollover and status; savings, debt and spending goals with their progress;
//! alerts (budget thresholds, unusual or large transactions, goals, low balances, possible
//! duplicates), which also reach `book.subscribe` callbacks as `alert_raised` events.

use crate::async_tasks::{work, BudgetStatusTask, EvaluateTask, Job};
use crate::conversion as conv;
use crate::handle::BookHandle;
use crate::records as js;
use napi::bindgen_prelude::AsyncTask;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use tally_core::alert::AlertSettings;
use tally_core::budget::NewAllocation;
use tally_core::goal::NewContribution;
use tally_core::{BudgetId, GoalId};

/// Budget calls of a book.
#[napi]
pub struct Budgets {
    handle: BookHandle,
}

impl Budgets {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Budgets {
    /// Creates a budget. Throws `invalid_field`, `budget_overlap`, `account_not_found`.
    #[napi(ts_args_type = "budget: NewBudget", ts_return_type = "Budget")]
    pub fn create(&self, env: &Env, budget: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.budgets().create(conv::new_budget(budget)?)?)))
    }

    /// A budget. Throws `budget_not_found`.
    #[napi(ts_return_type = "Budget")]
    pub fn get(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.budgets().get(BudgetId(id))?)))
    }

    /// The book's budgets.
    #[napi(ts_return_type = "Budget[]")]
    pub fn list(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.budgets().list()?)))
    }

    /// Changes a budget's name, thresholds or categories (fields left out stay).
    #[napi(ts_args_type = "id: number, update: BudgetUpdate", ts_return_type = "Budget")]
    pub fn update(&self, env: &Env, id: i64, update: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let u = conv::budget_update(update)?;
            Ok(conv::plain(&b.budgets().update(BudgetId(id), u)?))
        })
    }

    /// Deletes a budget and its allocations. Throws `budget_not_found`.
    #[napi]
    pub fn delete(&self, env: &Env, id: i64) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.budgets().delete(BudgetId(id))?))
    }

    /// Sets one category's allocation for the period holding `period` (zero removes it).
    #[napi(ts_return_type = "Allocation")]
    pub fn set_allocation(
        &self,
        env: &Env,
        id: i64,
        period: String,
        account_id: i64,
        #[napi(ts_arg_type = "string")] amount: conv::AmountArg,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let a = b.budgets().set_allocation(
                BudgetId(id),
                conv::date(&period, "period")?,
                conv::account_id(account_id),
                conv::amount(&amount, "amount")?,
            )?;
            Ok(conv::plain(&a))
        })
    }

    /// Sets several allocations in one write.
    #[napi(
        ts_args_type = "id: number, allocations: NewAllocation[]",
        ts_return_type = "Allocation[]"
    )]
    pub fn set_allocations(&self, env: &Env, id: i64, allocations: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let list: Vec<NewAllocation> = conv::record(allocations, "allocations")?;
            Ok(conv::plains(&b.budgets().set_allocations(BudgetId(id), &list)?))
        })
    }

    /// The allocations of the period holding `period`.
    #[napi(ts_return_type = "Allocation[]")]
    pub fn allocations(&self, env: &Env, id: i64, period: String) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let list = b.budgets().allocations(BudgetId(id), conv::date(&period, "period")?)?;
            Ok(conv::plains(&list))
        })
    }

    /// Moves money between categories of an envelope budget (`null` is the pool); returns
    /// the allocations changed.
    #[napi(ts_return_type = "Allocation[]")]
    pub fn move_money(
        &self,
        env: &Env,
        id: i64,
        period: String,
        from: Option<i64>,
        to: Option<i64>,
        #[napi(ts_arg_type = "string")] amount: conv::AmountArg,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let moved = b.budgets().move_money(
                BudgetId(id),
                conv::date(&period, "period")?,
                from.map(conv::account_id),
                to.map(conv::account_id),
                conv::amount(&amount, "amount")?,
            )?;
            Ok(conv::plain(&moved))
        })
    }

    /// Assigns money from the pool to a category of an envelope budget.
    #[napi(ts_return_type = "Allocation[]")]
    pub fn assign(
        &self,
        env: &Env,
        id: i64,
        period: String,
        account_id: i64,
        #[napi(ts_arg_type = "string")] amount: conv::AmountArg,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let a = b.budgets().assign(
                BudgetId(id),
                conv::date(&period, "period")?,
                conv::account_id(account_id),
                conv::amount(&amount, "amount")?,
            )?;
            Ok(conv::plain(&a))
        })
    }

    /// Fills the period's allocations from the categories' templates, by priority.
    #[napi(ts_return_type = "TemplateReport")]
    pub fn apply_templates(
        &self,
        env: &Env,
        id: i64,
        period: String,
        rounding: Option<js::Rounding>,
    ) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let r = b.budgets().apply_templates(
                BudgetId(id),
                conv::date(&period, "period")?,
                rounding.map_or(tally_core::Rounding::HalfEven, Into::into),
            )?;
            Ok(conv::plain(&r))
        })
    }

    /// The budget's status in the period holding `date`, as of that day.
    #[napi(ts_return_type = "BudgetStatus")]
    pub fn status(&self, env: &Env, id: i64, date: String) -> napi::Result<Value> {
        self.handle.run(env, |b| work::budget_status(b, (BudgetId(id), conv::date(&date, "date")?)))
    }

    /// `status` off the JS thread.
    #[napi(ts_return_type = "Promise<BudgetStatus>")]
    pub fn status_async(
        &self,
        env: &Env,
        id: i64,
        date: String,
    ) -> napi::Result<AsyncTask<BudgetStatusTask>> {
        self.handle.task(
            env,
            || Ok((BudgetId(id), conv::date(&date, "date")?)),
            |b, a| BudgetStatusTask(Job::new(b, a, work::budget_status)),
        )
    }
}

/// Goal calls of a book.
#[napi]
pub struct Goals {
    handle: BookHandle,
}

impl Goals {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Goals {
    /// Creates a goal. Throws `invalid_field`, `account_not_found`.
    #[napi(ts_args_type = "goal: NewGoal", ts_return_type = "Goal")]
    pub fn create(&self, env: &Env, goal: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.goals().create(conv::new_goal(goal)?)?)))
    }

    /// A goal. Throws `goal_not_found`.
    #[napi(ts_return_type = "Goal")]
    pub fn get(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.goals().get(GoalId(id))?)))
    }

    /// The book's goals.
    #[napi(ts_return_type = "Goal[]")]
    pub fn list(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.goals().list()?)))
    }

    /// Changes a goal (fields left out stay; `null` clears `deadline`,
    /// `expectedAnnualReturn`). Throws `goal_not_found`, `goal_archived`, `invalid_field`.
    #[napi(ts_args_type = "id: number, update: GoalUpdate", ts_return_type = "Goal")]
    pub fn update(&self, env: &Env, id: i64, update: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let u = conv::goal_update(update)?;
            Ok(conv::plain(&b.goals().update(GoalId(id), u)?))
        })
    }

    /// Archives a goal.
    #[napi(ts_return_type = "Goal")]
    pub fn archive(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.goals().archive(GoalId(id))?)))
    }

    /// Brings an archived goal back.
    #[napi(ts_return_type = "Goal")]
    pub fn unarchive(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.goals().unarchive(GoalId(id))?)))
    }

    /// Records a manual contribution. Throws `goal_not_found`, `goal_archived`.
    #[napi(
        ts_args_type = "id: number, contribution: NewContribution",
        ts_return_type = "Contribution"
    )]
    pub fn contribute(&self, env: &Env, id: i64, contribution: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let c: NewContribution = conv::record(contribution, "contribution")?;
            Ok(conv::plain(&b.goals().contribute(GoalId(id), c)?))
        })
    }

    /// A goal's manual contributions.
    #[napi(ts_return_type = "Contribution[]")]
    pub fn contributions(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.goals().contributions(GoalId(id))?)))
    }

    /// A goal's progress today.
    #[napi(ts_return_type = "GoalProgress")]
    pub fn progress(&self, env: &Env, id: i64) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.goals().progress(GoalId(id))?)))
    }
}

/// Alert calls of a book. New alerts also reach `book.subscribe` callbacks.
#[napi]
pub struct Alerts {
    handle: BookHandle,
}

impl Alerts {
    pub(crate) fn new(handle: BookHandle) -> Self {
        Self { handle }
    }
}

#[napi]
impl Alerts {
    /// The book's alerts, newest first (unread only, of some kinds, dismissed too: `filter`).
    #[napi(ts_args_type = "filter?: AlertFilter", ts_return_type = "Alert[]")]
    pub fn list(&self, env: &Env, filter: Option<Value>) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plains(&b.alerts().list(&conv::alert_filter(filter)?)?)))
    }

    /// Marks alerts read. Throws `alert_not_found`.
    #[napi]
    pub fn mark_read(&self, env: &Env, ids: Vec<i64>) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.alerts().mark_read(&conv::alert_ids(ids))?))
    }

    /// Dismisses alerts. Throws `alert_not_found`.
    #[napi]
    pub fn dismiss(&self, env: &Env, ids: Vec<i64>) -> napi::Result<()> {
        self.handle.run(env, |b| Ok(b.alerts().dismiss(&conv::alert_ids(ids))?))
    }

    /// The book's alert settings.
    #[napi(ts_return_type = "AlertSettings")]
    pub fn settings(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| Ok(conv::plain(&b.alerts().settings()?)))
    }

    /// Replaces the alert settings. Throws `invalid_field`.
    #[napi(ts_args_type = "settings: AlertSettings", ts_return_type = "AlertSettings")]
    pub fn set_settings(&self, env: &Env, settings: Value) -> napi::Result<Value> {
        self.handle.run(env, |b| {
            let s: AlertSettings = conv::record(settings, "settings")?;
            Ok(conv::plain(&b.alerts().set_settings(s)?))
        })
    }

    /// Evaluates every alert rule over the book; returns the new alerts only (each also
    /// raised as an `alert_raised` event).
    #[napi(ts_return_type = "Alert[]")]
    pub fn evaluate(&self, env: &Env) -> napi::Result<Value> {
        self.handle.run(env, |b| work::evaluate(b, ()))
    }

    /// `evaluate` off the JS thread.
    #[napi(ts_return_type = "Promise<Alert[]>")]
    pub fn evaluate_async(&self, env: &Env) -> napi::Result<AsyncTask<EvaluateTask>> {
        self.handle.task(env, || Ok(()), |b, ()| EvaluateTask(Job::new(b, (), work::evaluate)))
    }
}
