//! Goal calls of a book: create, change, archive, contribute, and progress. Progress is
//! measured from the linked accounts (balances converted into the goal's currency at the
//! day's rates; what cannot be converted is listed, never taken 1:1) plus manual
//! contributions; the pure arithmetic is in [`crate::goal`].

use crate::account::{AccountError, AccountKind};
use crate::audit::{AuditAction, EntityKind};
use crate::budget::status;
use crate::events::Event;
use crate::goal::{
    self, Contribution, Goal, GoalError, GoalKind, GoalProgress, GoalState, GoalStatus, GoalUpdate,
    NewContribution, NewGoal,
};
use crate::ids::{AccountId, GoalId};
use crate::money::{self, Rounding};
use crate::rates::{LookupOptions, RateTable};
use crate::valuation::Unconverted;
use crate::{Error, Result};
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use std::sync::Arc;

use super::alerts::Trigger;
use super::context::Snapshot;
use super::rates::known;
use super::Book;

/// Goal calls of a [`Book`].
#[derive(Debug)]
pub struct Goals<'a> {
    book: &'a Book,
}

fn invalid(field: &str, value: impl ToString, reason: &str) -> Error {
    GoalError::InvalidField {
        field: field.to_owned(),
        value: value.to_string(),
        reason: reason.to_owned(),
    }
    .into()
}

/// Sums amounts of several commodities in one currency, listing what cannot be converted.
struct Converter<'b> {
    book: &'b Book,
    currency: String,
    table: Option<Arc<RateTable>>,
    unconverted: Vec<Unconverted>,
}

impl Converter<'_> {
    fn add(
        &mut self,
        snapshot: &Snapshot,
        account: AccountId,
        commodity: &str,
        amount: Decimal,
        date: NaiveDate,
    ) -> Result<Decimal> {
        if commodity == self.currency {
            return Ok(amount);
        }
        if self.table.is_none() {
            self.table = Some(self.book.rates().table()?);
        }
        let Some(table) = &self.table else { return Ok(Decimal::ZERO) };
        match table.convert_amount(
            amount,
            commodity,
            &self.currency,
            date,
            LookupOptions::default(),
        ) {
            Ok(v) => Ok(v),
            Err(e @ Error::Rate(_)) => {
                self.unconverted.push(Unconverted {
                    account_id: account,
                    path: snapshot
                        .accounts
                        .get(&account)
                        .map(|a| a.path.clone())
                        .unwrap_or_default(),
                    commodity: commodity.to_owned(),
                    amount,
                    date,
                    code: e.code().to_owned(),
                    message: e.to_string().trim_start_matches("rate: ").to_owned(),
                });
                Ok(Decimal::ZERO)
            }
            Err(e) => Err(e),
        }
    }
}

impl<'a> Goals<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Creates a goal starting today; its baseline (the balance or debt today) is recorded
    /// for the schedule.
    ///
    /// # Errors
    ///
    /// `invalid_field` (empty name, a negative or zero target, a deadline before today,
    /// accounts of the wrong kind, no categories for a cap, `pace_months` outside 1 to 120,
    /// an expected return outside -100 to 100), `account_not_found`, `unknown_commodity`,
    /// `too_many_decimals`, `read_only`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use rust_decimal_macros::dec;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let goal = book.goals().create(NewGoal::new(
    ///     "Bike",
    ///     GoalKind::SaveToward { accounts: vec![] },
    ///     dec!(600),
    ///     "EUR",
    /// ))?;
    /// let today = engine.clock().today();
    /// book.goals().contribute(goal.id, NewContribution::new(today, dec!(150)))?;
    /// let progress = book.goals().progress(goal.id)?;
    /// assert_eq!((progress.current, progress.percent), (dec!(150), dec!(25)));
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    pub fn create(&self, new: NewGoal) -> Result<Goal> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let today = self.book.engine.clock.today();
        self.validate(&snapshot, &new, today)?;
        let now = self.book.engine.clock.now();
        let mut goal = Goal {
            id: GoalId(0),
            name: new.name.trim().to_owned(),
            kind: new.kind,
            target: new.target,
            currency: new.currency,
            deadline: new.deadline,
            expected_annual_return: new.expected_annual_return,
            pace_months: new.pace_months,
            start_date: today,
            baseline: Decimal::ZERO,
            status: GoalStatus::Active,
            achieved_on: None,
            created_at: now,
            updated_at: now,
        };
        let mut conv = self.converter(&goal);
        goal.baseline = match &goal.kind {
            GoalKind::SaveToward { accounts } => {
                self.balance(&snapshot, &mut conv, accounts, today)?
            }
            GoalKind::PayDownDebt { accounts } => {
                -self.balance(&snapshot, &mut conv, accounts, today)?
            }
            GoalKind::CapSpending { .. } => Decimal::ZERO,
        };
        let audit =
            self.book.audit(AuditAction::Create, EntityKind::Goal, None, None::<&()>, Some(&goal));
        let goal = self.book.engine.store.insert_goal(self.book.id(), &goal, &audit)?;
        self.book.emit(&Event::GoalChanged { id: goal.id });
        self.book.after_write(&Trigger::Goals);
        self.get(goal.id)
    }

    /// A goal by id.
    ///
    /// # Errors
    ///
    /// `goal_not_found` (also for another book's goal).
    pub fn get(&self, id: GoalId) -> Result<Goal> {
        self.list()?.into_iter().find(|g| g.id == id).ok_or_else(|| GoalError::NotFound(id).into())
    }

    /// Every goal of the book, by id.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Goal>> {
        self.book.engine.store.goals(self.book.id())
    }

    /// Changes a goal's name, target, deadline, expected return or pace window.
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create), and `goal_not_found`, `goal_archived`.
    pub fn update(&self, id: GoalId, update: GoalUpdate) -> Result<Goal> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        if before.status == GoalStatus::Archived {
            return Err(GoalError::Archived(id).into());
        }
        let mut after = before.clone();
        if let Some(name) = update.name {
            after.name = name.trim().to_owned();
        }
        if let Some(target) = update.target {
            after.target = target;
        }
        if let Some(deadline) = update.deadline {
            after.deadline = deadline;
        }
        if let Some(r) = update.expected_annual_return {
            after.expected_annual_return = r;
        }
        if let Some(m) = update.pace_months {
            after.pace_months = m;
        }
        let snapshot = Snapshot::load(self.book)?;
        let check = NewGoal {
            name: after.name.clone(),
            kind: after.kind.clone(),
            target: after.target,
            currency: after.currency.clone(),
            deadline: after.deadline.filter(|d| Some(*d) != before.deadline),
            expected_annual_return: after.expected_annual_return,
            pace_months: after.pace_months,
        };
        self.validate(&snapshot, &check, self.book.engine.clock.today())?;
        // A new target may be out of reach again.
        if after.target != before.target && after.status == GoalStatus::Achieved {
            after.status = GoalStatus::Active;
            after.achieved_on = None;
        }
        self.write(&before, after, AuditAction::Update)
    }

    /// Archives a goal (it keeps its figures and stops raising alerts).
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `read_only`.
    pub fn archive(&self, id: GoalId) -> Result<Goal> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        let mut after = before.clone();
        after.status = GoalStatus::Archived;
        self.write(&before, after, AuditAction::Update)
    }

    /// Brings an archived goal back (active, or achieved when it had been reached).
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `read_only`.
    pub fn unarchive(&self, id: GoalId) -> Result<Goal> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        let mut after = before.clone();
        after.status =
            if before.achieved_on.is_some() { GoalStatus::Achieved } else { GoalStatus::Active };
        self.write(&before, after, AuditAction::Update)
    }

    fn write(&self, before: &Goal, mut after: Goal, action: AuditAction) -> Result<Goal> {
        after.updated_at = self.book.engine.clock.now();
        let audit =
            self.book.audit(action, EntityKind::Goal, Some(after.id.0), Some(before), Some(&after));
        self.book.engine.store.update_goal(self.book.id(), &after, &audit)?;
        self.book.emit(&Event::GoalChanged { id: after.id });
        self.book.after_write(&Trigger::Goals);
        self.get(after.id)
    }

    /// Adds a manual contribution (negative: a withdrawal).
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `goal_archived`, `invalid_field` (`amount` zero),
    /// `too_many_decimals`, `read_only`.
    pub fn contribute(&self, id: GoalId, contribution: NewContribution) -> Result<Contribution> {
        self.book.check_writable()?;
        let goal = self.get(id)?;
        if goal.status == GoalStatus::Archived {
            return Err(GoalError::Archived(id).into());
        }
        if contribution.amount.is_zero() {
            return Err(invalid("amount", contribution.amount, "must not be zero"));
        }
        let snapshot = Snapshot::load(self.book)?;
        let scale = known(&snapshot, "currency", &goal.currency)?;
        money::check_amount(contribution.amount, &goal.currency, scale, "amount")?;
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::Contribution,
            None,
            None::<&()>,
            Some(&contribution),
        );
        let stored = self.book.engine.store.insert_contribution(
            self.book.id(),
            id,
            &contribution,
            &audit,
        )?;
        self.book.emit(&Event::GoalChanged { id });
        self.book.after_write(&Trigger::Goals);
        Ok(stored)
    }

    /// The manual contributions of a goal, by date.
    ///
    /// # Errors
    ///
    /// `goal_not_found`.
    pub fn contributions(&self, id: GoalId) -> Result<Vec<Contribution>> {
        self.get(id)?;
        self.book.engine.store.contributions(self.book.id(), Some(id))
    }

    /// How the goal stands today (the engine's clock).
    ///
    /// # Errors
    ///
    /// `goal_not_found`, `unknown_commodity`.
    pub fn progress(&self, id: GoalId) -> Result<GoalProgress> {
        let goal = self.get(id)?;
        let snapshot = Snapshot::load(self.book)?;
        self.progress_of(&goal, &snapshot)
    }

    fn converter(&self, goal: &Goal) -> Converter<'a> {
        Converter {
            book: self.book,
            currency: goal.currency.clone(),
            table: None,
            unconverted: Vec::new(),
        }
    }

    /// Balance of `accounts` with descendants at the end of `date`, in the goal's currency.
    fn balance(
        &self,
        snapshot: &Snapshot,
        conv: &mut Converter<'_>,
        accounts: &[AccountId],
        date: NaiveDate,
    ) -> Result<Decimal> {
        if accounts.is_empty() {
            return Ok(Decimal::ZERO);
        }
        let ids = snapshot.with_descendants(accounts);
        let mut total = Decimal::ZERO;
        for s in self.book.engine.store.leaf_balances(self.book.id(), Some(date))? {
            if ids.binary_search(&s.account_id).is_ok() {
                total += conv.add(snapshot, s.account_id, &s.commodity, s.amount, date)?;
            }
        }
        Ok(total)
    }

    /// Progress measured on `date`: save: balance + contributions; debt: paid down since the
    /// start + contributions.
    fn measure(
        &self,
        goal: &Goal,
        snapshot: &Snapshot,
        conv: &mut Converter<'_>,
        contributions: &[Contribution],
        date: NaiveDate,
    ) -> Result<Decimal> {
        let contributed: Decimal =
            contributions.iter().filter(|c| c.date <= date).map(|c| c.amount).sum();
        Ok(match &goal.kind {
            GoalKind::SaveToward { accounts } => {
                self.balance(snapshot, conv, accounts, date)? + contributed
            }
            GoalKind::PayDownDebt { accounts } => {
                let debt = -self.balance(snapshot, conv, accounts, date)?;
                goal.baseline - debt + contributed
            }
            GoalKind::CapSpending { .. } => Decimal::ZERO,
        })
    }

    pub(crate) fn progress_of(&self, goal: &Goal, snapshot: &Snapshot) -> Result<GoalProgress> {
        let today = self.book.engine.clock.today();
        let scale = known(snapshot, "currency", &goal.currency)?;
        let mut conv = self.converter(goal);
        let round = |v: Decimal| money::round(v, scale, Rounding::HalfEven);
        if let GoalKind::CapSpending { categories, period } = &goal.kind {
            let range = period
                .containing(today)
                .unwrap_or(crate::budget::PeriodRange { start: today, end: today });
            let ids = snapshot.with_descendants(categories);
            let mut spent = Decimal::ZERO;
            for f in self.book.engine.store.leaf_flows(
                self.book.id(),
                range.start,
                today.min(range.end),
            )? {
                if ids.binary_search(&f.account_id).is_ok() {
                    spent += conv.add(snapshot, f.account_id, &f.commodity, f.amount, today)?;
                }
            }
            let spent = round(spent);
            let projected = status::projected(spent, range, today, scale, Rounding::HalfEven);
            let over = projected - goal.target;
            return Ok(GoalProgress {
                goal_id: goal.id,
                as_of: today,
                status: goal.status,
                achieved_on: goal.achieved_on,
                current: spent,
                target: goal.target,
                remaining: (goal.target - spent).max(Decimal::ZERO),
                percent: status::percent(spent, goal.target).unwrap_or(Decimal::ONE_HUNDRED),
                required_monthly: None,
                monthly_pace: projected,
                projected_completion: None,
                state: if over > Decimal::ZERO { GoalState::Behind } else { GoalState::OnTrack },
                shortfall: over.max(Decimal::ZERO),
                unconverted: conv.unconverted,
            });
        }
        let contributions = self.book.engine.store.contributions(self.book.id(), Some(goal.id))?;
        let current = round(self.measure(goal, snapshot, &mut conv, &contributions, today)?);
        let months = goal.pace_months.max(1);
        let earlier = today.checked_sub_months(Months::new(months)).unwrap_or(today);
        let before = round(self.measure(goal, snapshot, &mut conv, &contributions, earlier)?);
        let pace =
            money::round((current - before) / Decimal::from(months), scale, Rounding::HalfEven);
        let (target, start_value) = match goal.kind {
            GoalKind::PayDownDebt { .. } => (goal.baseline - goal.target, Decimal::ZERO),
            _ => (goal.target, goal.baseline),
        };
        let rate = goal::monthly_rate(goal.expected_annual_return);
        let (state, shortfall) = match goal.deadline {
            Some(deadline) => goal::schedule_state(
                start_value,
                current,
                target,
                goal.start_date,
                deadline,
                today,
                scale,
            ),
            None => (GoalState::OnTrack, Decimal::ZERO),
        };
        let percent = status::percent(current, target).unwrap_or(if current >= target {
            Decimal::ONE_HUNDRED
        } else {
            Decimal::ZERO
        });
        Ok(GoalProgress {
            goal_id: goal.id,
            as_of: today,
            status: goal.status,
            achieved_on: goal.achieved_on,
            current,
            target,
            remaining: (target - current).max(Decimal::ZERO),
            percent,
            required_monthly: goal.deadline.map(|d| {
                goal::required_monthly(current, target, goal::months_between(today, d), rate, scale)
            }),
            monthly_pace: pace,
            projected_completion: goal::projected_completion(current, target, pace, rate, today),
            state,
            shortfall,
            unconverted: conv.unconverted,
        })
    }

    /// Marks an active goal ACHIEVED (today) when its progress reached the target; a cap is
    /// achieved once its deadline has passed with the last period under the cap. Returns the
    /// goal when it changed. Internal: called by alert evaluation, which raises the alert.
    pub(crate) fn settle(&self, goal: &Goal, progress: &GoalProgress) -> Result<Option<Goal>> {
        if goal.status != GoalStatus::Active {
            return Ok(None);
        }
        let today = progress.as_of;
        let reached = match goal.kind {
            GoalKind::CapSpending { .. } => {
                goal.deadline.is_some_and(|d| d < today) && progress.current <= progress.target
            }
            _ => progress.current >= progress.target,
        };
        if !reached {
            return Ok(None);
        }
        let mut after = goal.clone();
        after.status = GoalStatus::Achieved;
        after.achieved_on = Some(today);
        after.updated_at = self.book.engine.clock.now();
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Goal,
            Some(goal.id.0),
            Some(goal),
            Some(&after),
        );
        self.book.engine.store.update_goal(self.book.id(), &after, &audit)?;
        self.book.emit(&Event::GoalChanged { id: goal.id });
        Ok(Some(after))
    }

    fn validate(&self, snapshot: &Snapshot, new: &NewGoal, today: NaiveDate) -> Result<()> {
        if new.name.trim().is_empty() {
            return Err(invalid("name", &new.name, "must not be empty"));
        }
        let scale = known(snapshot, "currency", &new.currency)?;
        money::check_amount(new.target, &new.currency, scale, "target")?;
        let (accounts, kinds, field, need_some): (&[AccountId], &[AccountKind], &str, bool) =
            match &new.kind {
                GoalKind::SaveToward { accounts } => {
                    (accounts, &[AccountKind::Asset], "kind.accounts", false)
                }
                GoalKind::PayDownDebt { accounts } => {
                    (accounts, &[AccountKind::Liability], "kind.accounts", false)
                }
                GoalKind::CapSpending { categories, period } => {
                    period.check().map_err(|e| Error::from(e).within("kind."))?;
                    (categories, &[AccountKind::Expense], "kind.categories", true)
                }
            };
        let positive = matches!(new.kind, GoalKind::PayDownDebt { .. });
        if new.target < Decimal::ZERO || (!positive && new.target.is_zero()) {
            return Err(invalid("target", new.target, "must be positive"));
        }
        if need_some && accounts.is_empty() {
            return Err(invalid(field, "[]", "needs at least one category"));
        }
        for (i, id) in accounts.iter().enumerate() {
            let f = format!("{field}[{i}]");
            let account = snapshot
                .accounts
                .get(id)
                .ok_or_else(|| Error::from(AccountError::NotFound { field: f.clone(), id: *id }))?;
            if !kinds.contains(&account.kind) {
                return Err(invalid(
                    &f,
                    &account.path,
                    &format!("must be a {} account", kinds[0].as_str()),
                ));
            }
        }
        if let Some(deadline) = new.deadline.filter(|d| *d < today) {
            return Err(invalid("deadline", deadline, "before today"));
        }
        if !(1..=120).contains(&new.pace_months) {
            return Err(invalid("pace_months", new.pace_months, "must be 1 to 120"));
        }
        if let Some(r) = new.expected_annual_return {
            if r < -Decimal::ONE_HUNDRED || r > Decimal::ONE_HUNDRED {
                return Err(invalid("expected_annual_return", r, "must be -100 to 100 percent"));
            }
        }
        Ok(())
    }
}
