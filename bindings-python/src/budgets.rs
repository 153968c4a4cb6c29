//! `book.budgets`, `book.goals` and `book.alerts`: budgets with allocations, rollover and
//! templates; savings, debt and spending goals; the alerts raised after writes. Each method is
//! one core call; the core's variant types (periods, goal kinds, category templates) cross as
//! their serde dicts (`conversion::from_py`).

use crate::book::BookRef;
use crate::conversion::{self, AccountArg, AlertKindArg, Amount, BudgetModeArg, Day, RoundingArg};
use crate::records::{
    Alert, AlertSettings, Allocation, Budget, BudgetStatus, Contribution, Goal, GoalProgress,
    TemplateReport,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tally_core as core;
use tally_core::budget::{NewAllocation, NewBudget};
use tally_core::goal::{GoalUpdate, NewContribution, NewGoal};

fn budget_id(id: i64) -> core::BudgetId {
    core::BudgetId(id)
}

/// Budget calls of a `Book`: `book.budgets`.
#[pyclass(module = "tally", frozen)]
pub struct Budgets(pub(crate) BookRef);

#[pymethods]
impl Budgets {
    /// Creates a budget. `period` is 'weekly' (weeks from Monday), 'monthly', 'quarterly',
    /// 'yearly' or the core's dict (`{'kind': 'weekly', 'week_start': 'sun'}`, `{'kind':
    /// 'custom', 'start': date, 'end': date}`); `mode` 'period' or 'envelope'; `thresholds` the
    /// percents that raise `budget_threshold` alerts ([80, 100] by default); `categories`
    /// accounts (id or `Account`, rollover 'roll' and overspend 'carry') or dicts with
    /// `account_id`, `rollover`, `overspend` and `template`.
    ///
    /// Raises `ValidationError` (`invalid_field`, `not_a_category`), `NotFoundError`
    /// (`account_not_found`), `ConflictError` (`budget_overlap`).
    #[pyo3(signature = (name, period, start, currency, *, mode=BudgetModeArg(core::BudgetMode::Period), thresholds=None, categories=None))]
    #[allow(clippy::too_many_arguments)]
    fn create(
        &self,
        py: Python<'_>,
        name: &str,
        period: &Bound<'_, PyAny>,
        start: Day,
        currency: &str,
        mode: BudgetModeArg,
        thresholds: Option<Vec<u32>>,
        categories: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Budget> {
        let mut new =
            NewBudget::new(name, conversion::period(period)?, start.0, currency).mode(mode.0);
        if let Some(t) = thresholds {
            new.thresholds = t;
        }
        if let Some(c) = categories {
            new.categories = conversion::budget_categories(c)?;
        }
        self.0.call(py, move |b| b.budgets().create(new)).map(Budget)
    }

    /// A budget (id or `Budget`). Raises `NotFoundError` (`budget_not_found`).
    fn get(&self, py: Python<'_>, budget: BudgetArg) -> PyResult<Budget> {
        self.0.call(py, move |b| b.budgets().get(budget.0)).map(Budget)
    }

    /// The book's budgets, by id.
    fn list(&self, py: Python<'_>) -> PyResult<Vec<Budget>> {
        Ok(self.0.call(py, |b| b.budgets().list())?.into_iter().map(Budget).collect())
    }

    /// Renames, sets the thresholds or replaces the categories (as for `create`); a keyword not
    /// given is kept.
    #[pyo3(signature = (budget, *, name=None, thresholds=None, categories=None))]
    fn update(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        name: Option<String>,
        thresholds: Option<Vec<u32>>,
        categories: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Budget> {
        let categories = categories.map(conversion::budget_categories).transpose()?;
        let update = core::BudgetUpdate { name, thresholds, categories };
        self.0.call(py, move |b| b.budgets().update(budget.0, update)).map(Budget)
    }

    /// Deletes a budget and its allocations.
    fn delete(&self, py: Python<'_>, budget: BudgetArg) -> PyResult<()> {
        self.0.call(py, move |b| b.budgets().delete(budget.0))
    }

    /// Sets what `account` gets in the period containing `period` (zero removes it).
    fn set_allocation(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        period: Day,
        account: AccountArg,
        amount: Amount,
    ) -> PyResult<Allocation> {
        let call = move |b: &core::Book| {
            b.budgets().set_allocation(budget.0, period.0, account.0, amount.0)
        };
        self.0.call(py, call).map(Allocation)
    }

    /// Sets several allocations in one write: `(period, account, amount)` tuples.
    fn set_allocations(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        allocations: Vec<(Day, AccountArg, Amount)>,
    ) -> PyResult<Vec<Allocation>> {
        let rows: Vec<NewAllocation> =
            allocations.into_iter().map(|(d, a, m)| NewAllocation::new(d.0, a.0, m.0)).collect();
        let done = self.0.call(py, move |b| b.budgets().set_allocations(budget.0, &rows))?;
        Ok(done.into_iter().map(Allocation).collect())
    }

    /// The allocations of the period containing `period`.
    fn allocations(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        period: Day,
    ) -> PyResult<Vec<Allocation>> {
        let done = self.0.call(py, move |b| b.budgets().allocations(budget.0, period.0))?;
        Ok(done.into_iter().map(Allocation).collect())
    }

    /// Moves `amount` between two categories in a period; None is the pool (envelope budgets).
    fn move_money(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        period: Day,
        from_account: Option<AccountArg>,
        to_account: Option<AccountArg>,
        amount: Amount,
    ) -> PyResult<Vec<Allocation>> {
        let (from, to) = (from_account.map(|a| a.0), to_account.map(|a| a.0));
        let done = self
            .0
            .call(py, move |b| b.budgets().move_money(budget.0, period.0, from, to, amount.0))?;
        Ok(done.into_iter().map(Allocation).collect())
    }

    /// Assigns `amount` from the pool to a category in a period.
    fn assign(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        period: Day,
        account: AccountArg,
        amount: Amount,
    ) -> PyResult<Vec<Allocation>> {
        let done = self
            .0
            .call(py, move |b| b.budgets().assign(budget.0, period.0, account.0, amount.0))?;
        Ok(done.into_iter().map(Allocation).collect())
    }

    /// Fills the period's allocations from the categories' templates, by priority.
    #[pyo3(signature = (budget, period, rounding=RoundingArg(core::Rounding::HalfEven)))]
    fn apply_templates(
        &self,
        py: Python<'_>,
        budget: BudgetArg,
        period: Day,
        rounding: RoundingArg,
    ) -> PyResult<TemplateReport> {
        let call =
            move |b: &core::Book| b.budgets().apply_templates(budget.0, period.0, rounding.0);
        self.0.call(py, call).map(TemplateReport)
    }

    /// Where the budget stands on `date`: allocated, rolled in, spent, available per category.
    fn status(&self, py: Python<'_>, budget: BudgetArg, date: Day) -> PyResult<BudgetStatus> {
        self.0.call(py, move |b| b.budgets().status(budget.0, date.0)).map(BudgetStatus)
    }
}

/// A budget id, or a `Budget`.
pub struct BudgetArg(core::BudgetId);

impl FromPyObject<'_, '_> for BudgetArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(b) = obj.cast::<Budget>() {
            return Ok(BudgetArg(b.get().0.id));
        }
        Ok(BudgetArg(budget_id(obj.extract()?)))
    }
}

/// A goal id, or a `Goal`.
pub struct GoalArg(core::GoalId);

impl FromPyObject<'_, '_> for GoalArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(g) = obj.cast::<Goal>() {
            return Ok(GoalArg(g.get().0.id));
        }
        Ok(GoalArg(core::GoalId(obj.extract()?)))
    }
}

/// Goal calls of a `Book`: `book.goals`.
#[pyclass(module = "tally", frozen)]
pub struct Goals(pub(crate) BookRef);

#[pymethods]
impl Goals {
    /// Creates a goal. `kind` is the core's dict: `{'kind': 'save_toward', 'accounts':
    /// [ids]}`, `{'kind': 'pay_down_debt', 'accounts': [ids]}` or `{'kind': 'cap_spending',
    /// 'categories': [ids], 'period': {'kind': 'monthly'}}`.
    ///
    /// Raises `ValidationError` (`invalid_field`), `NotFoundError` (`account_not_found`).
    #[pyo3(signature = (name, kind, target, currency, *, deadline=None, expected_annual_return=None, pace_months=3))]
    #[allow(clippy::too_many_arguments)]
    fn create(
        &self,
        py: Python<'_>,
        name: &str,
        kind: &Bound<'_, PyAny>,
        target: Amount,
        currency: &str,
        deadline: Option<Day>,
        expected_annual_return: Option<Amount>,
        pace_months: u32,
    ) -> PyResult<Goal> {
        let mut new =
            NewGoal::new(name, conversion::from_py(kind, "kind", false)?, target.0, currency)
                .pace_months(pace_months);
        new.deadline = deadline.map(|d| d.0);
        new.expected_annual_return = expected_annual_return.map(|r| r.0);
        self.0.call(py, move |b| b.goals().create(new)).map(Goal)
    }

    /// A goal. Raises `NotFoundError` (`goal_not_found`).
    fn get(&self, py: Python<'_>, goal: GoalArg) -> PyResult<Goal> {
        self.0.call(py, move |b| b.goals().get(goal.0)).map(Goal)
    }

    /// The book's goals, by id.
    fn list(&self, py: Python<'_>) -> PyResult<Vec<Goal>> {
        Ok(self.0.call(py, |b| b.goals().list())?.into_iter().map(Goal).collect())
    }

    /// Changes a goal: keywords `name`, `target`, `deadline`, `expected_annual_return` (None
    /// clears these two), `pace_months`; a keyword not given is kept.
    ///
    /// Raises `ConflictError` (`goal_archived`), `NotFoundError` (`goal_not_found`).
    #[pyo3(signature = (goal, **changes))]
    fn update(
        &self,
        py: Python<'_>,
        goal: GoalArg,
        changes: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Goal> {
        let mut update = GoalUpdate::default();
        for (key, value) in changes.into_iter().flat_map(|c| c.iter()) {
            match key.extract::<String>()?.as_str() {
                "name" => update.name = Some(value.extract()?),
                "target" => update.target = Some(value.extract::<Amount>()?.0),
                "deadline" => update.deadline = Some(value.extract::<Option<Day>>()?.map(|d| d.0)),
                "expected_annual_return" => {
                    update.expected_annual_return =
                        Some(value.extract::<Option<Amount>>()?.map(|a| a.0));
                }
                "pace_months" => update.pace_months = Some(value.extract()?),
                other => {
                    return Err(PyTypeError::new_err(format!(
                        "update() got an unexpected keyword argument '{other}'"
                    )))
                }
            }
        }
        self.0.call(py, move |b| b.goals().update(goal.0, update)).map(Goal)
    }

    /// Archives a goal (no more contributions or changes).
    fn archive(&self, py: Python<'_>, goal: GoalArg) -> PyResult<Goal> {
        self.0.call(py, move |b| b.goals().archive(goal.0)).map(Goal)
    }

    /// Brings an archived goal back.
    fn unarchive(&self, py: Python<'_>, goal: GoalArg) -> PyResult<Goal> {
        self.0.call(py, move |b| b.goals().unarchive(goal.0)).map(Goal)
    }

    /// Records a manual contribution.
    ///
    /// Raises `ConflictError` (`goal_archived`), `ValidationError` (`too_many_decimals`).
    #[pyo3(signature = (goal, date, amount, *, note=None))]
    fn contribute(
        &self,
        py: Python<'_>,
        goal: GoalArg,
        date: Day,
        amount: Amount,
        note: Option<String>,
    ) -> PyResult<Contribution> {
        let mut new = NewContribution::new(date.0, amount.0);
        new.note = note;
        self.0.call(py, move |b| b.goals().contribute(goal.0, new)).map(Contribution)
    }

    /// The goal's manual contributions.
    fn contributions(&self, py: Python<'_>, goal: GoalArg) -> PyResult<Vec<Contribution>> {
        Ok(self
            .0
            .call(py, move |b| b.goals().contributions(goal.0))?
            .into_iter()
            .map(Contribution)
            .collect())
    }

    /// Where the goal stands today.
    fn progress(&self, py: Python<'_>, goal: GoalArg) -> PyResult<GoalProgress> {
        self.0.call(py, move |b| b.goals().progress(goal.0)).map(GoalProgress)
    }
}

/// Alert calls of a `Book`: `book.alerts`. New alerts also reach `book.subscribe` callbacks as
/// `alert_raised` events, one per alert, after the write that raised them committed.
#[pyclass(module = "tally", frozen)]
pub struct Alerts(pub(crate) BookRef);

#[pymethods]
impl Alerts {
    /// The book's alerts, newest first: all but dismissed ones by default.
    #[pyo3(signature = (*, unread_only=false, kinds=None, include_dismissed=false))]
    fn list(
        &self,
        py: Python<'_>,
        unread_only: bool,
        kinds: Option<Vec<AlertKindArg>>,
        include_dismissed: bool,
    ) -> PyResult<Vec<Alert>> {
        let filter = core::AlertFilter {
            unread_only,
            kinds: kinds.unwrap_or_default().into_iter().map(|k| k.0).collect(),
            include_dismissed,
        };
        Ok(self.0.call(py, move |b| b.alerts().list(&filter))?.into_iter().map(Alert).collect())
    }

    /// Marks alerts (ids or `Alert`s) read. Raises `NotFoundError` (`alert_not_found`).
    fn mark_read(&self, py: Python<'_>, alerts: Vec<AlertArg>) -> PyResult<()> {
        let ids: Vec<core::AlertId> = alerts.into_iter().map(|a| a.0).collect();
        self.0.call(py, move |b| b.alerts().mark_read(&ids))
    }

    /// Dismisses alerts. Raises `NotFoundError` (`alert_not_found`).
    fn dismiss(&self, py: Python<'_>, alerts: Vec<AlertArg>) -> PyResult<()> {
        let ids: Vec<core::AlertId> = alerts.into_iter().map(|a| a.0).collect();
        self.0.call(py, move |b| b.alerts().dismiss(&ids))
    }

    /// The book's alert settings.
    fn settings(&self, py: Python<'_>) -> PyResult<AlertSettings> {
        self.0.call(py, |b| b.alerts().settings()).map(AlertSettings)
    }

    /// Replaces the alert settings: an `AlertSettings` or its `to_dict()` (changed).
    fn set_settings(&self, py: Python<'_>, settings: &Bound<'_, PyAny>) -> PyResult<AlertSettings> {
        let settings: core::AlertSettings = match settings.cast::<AlertSettings>() {
            Ok(s) => s.get().0.clone(),
            Err(_) => conversion::from_py(settings, "settings", false)?,
        };
        self.0.call(py, move |b| b.alerts().set_settings(settings)).map(AlertSettings)
    }

    /// Evaluates the rules over the book now; returns only the alerts new to it.
    fn evaluate(&self, py: Python<'_>) -> PyResult<Vec<Alert>> {
        Ok(self.0.call(py, |b| b.alerts().evaluate())?.into_iter().map(Alert).collect())
    }
}

/// An alert id, or an `Alert`.
pub struct AlertArg(core::AlertId);

impl FromPyObject<'_, '_> for AlertArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(a) = obj.cast::<Alert>() {
            return Ok(AlertArg(a.get().0.id));
        }
        Ok(AlertArg(core::AlertId(obj.extract()?)))
    }
}
