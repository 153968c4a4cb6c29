//! Budget calls of a book: create, change and delete budgets, set and move allocations, apply
//! templates, and the status of any period. Spending is read with one store query for every
//! period of the budget ([`Store::period_flows`](crate::Store::period_flows)), converted into
//! the budget's currency at each period's end (or the status date) with the book's rates, and
//! run through [`rollover::roll`].

use crate::account::{AccountError, AccountKind};
use crate::audit::{AuditAction, EntityKind};
use crate::budget::rollover::{self, LineInput, RollInput, RollOutput};
use crate::budget::templates::{self, LineFacts, Request};
use crate::budget::{
    invalid, status, Allocation, Budget, BudgetError, BudgetMode, BudgetStatus, BudgetTotals,
    BudgetUpdate, CategoryStatus, NewAllocation, NewBudget, PeriodRange, PoolStatus, TemplateFill,
    TemplateReport, TemplateRule,
};
use crate::events::Event;
use crate::ids::{AccountId, BudgetId};
use crate::money::{self, Rounding};
use crate::rates::{LookupOptions, RateTable};
use crate::valuation::Unconverted;
use crate::{Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::alerts::Trigger;
use super::context::Snapshot;
use super::rates::known;
use super::Book;

/// Budget calls of a [`Book`].
#[derive(Debug)]
pub struct Budgets<'a> {
    book: &'a Book,
}

/// Everything the periods of a budget add up to, through one period.
pub(crate) struct Computed {
    pub(crate) periods: Vec<PeriodRange>,
    /// Budget category index of each line.
    pub(crate) lines: Vec<usize>,
    pub(crate) roll: RollOutput,
    /// Income per period (the pool's in envelope mode, else the income lines').
    pub(crate) income: Vec<Decimal>,
    pub(crate) unconverted: Vec<Unconverted>,
    pub(crate) scale: u32,
}

impl<'a> Budgets<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Creates a budget.
    ///
    /// # Errors
    ///
    /// `invalid_field` (empty name, a threshold outside 1 to 1000, a custom period ending
    /// before it starts, a category that is not an Income or Expense account or appears
    /// twice, a malformed template), `account_not_found` (`categories[i].account_id`),
    /// `unknown_commodity`, `budget_overlap`, `read_only`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use tally_core::budget::*;
    /// # use rust_decimal_macros::dec;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let cash = book.accounts().create(NewAccount::new("Assets:Cash", AccountKind::Asset, "EUR"))?;
    /// let food = book.accounts().create(NewAccount::new("Expenses:Food", AccountKind::Expense, "EUR"))?;
    /// let march = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    /// let budget = book.budgets().create(
    ///     NewBudget::new("Monthly", Period::Monthly, march, "EUR").category(BudgetCategory::new(food.id)),
    /// )?;
    /// book.budgets().set_allocation(budget.id, march, food.id, dec!(400))?;
    /// book.transactions().expense(march, cash.id, food.id, dec!(100), "Market")?;
    /// let status = book.budgets().status(budget.id, chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap())?;
    /// assert_eq!(status.categories[0].available, dec!(300));
    /// assert_eq!(status.categories[0].percent_used, Some(dec!(25)));
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    pub fn create(&self, new: NewBudget) -> Result<Budget> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let mut new = new;
        self.validate(&snapshot, &mut new, None)?;
        let audit =
            self.book.audit(AuditAction::Create, EntityKind::Budget, None, None::<&()>, Some(&new));
        let budget = self.book.engine.store.insert_budget(self.book.id(), &new, &audit)?;
        self.book.emit(&Event::BudgetChanged { id: budget.id });
        Ok(budget)
    }

    /// A budget by id.
    ///
    /// # Errors
    ///
    /// `budget_not_found` (also for another book's budget).
    pub fn get(&self, id: BudgetId) -> Result<Budget> {
        self.list()?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or_else(|| BudgetError::NotFound(id).into())
    }

    /// Every budget of the book, by id.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Budget>> {
        self.book.engine.store.budgets(self.book.id())
    }

    /// Changes a budget's name, thresholds or categories.
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create), and `budget_not_found`.
    pub fn update(&self, id: BudgetId, update: BudgetUpdate) -> Result<Budget> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        let snapshot = Snapshot::load(self.book)?;
        let mut new = NewBudget {
            name: update.name.unwrap_or_else(|| before.name.clone()),
            period: before.period,
            start: before.start,
            currency: before.currency.clone(),
            mode: before.mode,
            thresholds: update.thresholds.unwrap_or_else(|| before.thresholds.clone()),
            categories: update.categories.unwrap_or_else(|| before.categories.clone()),
        };
        self.validate(&snapshot, &mut new, Some(id))?;
        let after = Budget {
            name: new.name,
            thresholds: new.thresholds,
            categories: new.categories,
            updated_at: self.book.engine.clock.now(),
            ..before.clone()
        };
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Budget,
            Some(id.0),
            Some(&before),
            Some(&after),
        );
        self.book.engine.store.update_budget(self.book.id(), &after, &audit)?;
        self.book.emit(&Event::BudgetChanged { id });
        self.book.after_write(&Trigger::Budgets);
        Ok(after)
    }

    /// Deletes a budget and its allocations.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `read_only`.
    pub fn delete(&self, id: BudgetId) -> Result<()> {
        self.book.check_writable()?;
        let before = self.get(id)?;
        let audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::Budget,
            Some(id.0),
            Some(&before),
            None::<&()>,
        );
        self.book.engine.store.delete_budget(self.book.id(), id, &audit)?;
        self.book.emit(&Event::BudgetChanged { id });
        Ok(())
    }

    /// Sets the allocation of one category in the period containing `period`.
    ///
    /// # Errors
    ///
    /// As [`set_allocations`](Self::set_allocations).
    pub fn set_allocation(
        &self,
        budget: BudgetId,
        period: NaiveDate,
        account: AccountId,
        amount: Decimal,
    ) -> Result<Allocation> {
        let mut rows =
            self.set_allocations(budget, &[NewAllocation::new(period, account, amount)])?;
        rows.pop().ok_or_else(|| BudgetError::NotFound(budget).into())
    }

    /// Sets several allocations in one write (each replaces what its category had in its
    /// period; zero removes it). Returns them as stored.
    ///
    /// # Errors
    ///
    /// `budget_not_found`; `invalid_field` (`allocations[i].account_id` not a category of the
    /// budget, `allocations[i].period` outside the budget); `too_many_decimals` and
    /// `amount_out_of_range` (`allocations[i].amount`); `read_only`.
    pub fn set_allocations(
        &self,
        budget: BudgetId,
        allocations: &[NewAllocation],
    ) -> Result<Vec<Allocation>> {
        self.book.check_writable()?;
        let b = self.get(budget)?;
        let snapshot = Snapshot::load(self.book)?;
        let scale = known(&snapshot, "currency", &b.currency)?;
        let mut rows = Vec::with_capacity(allocations.len());
        for (i, a) in allocations.iter().enumerate() {
            let at = |f: &str| format!("allocations[{i}].{f}");
            if !b.categories.iter().any(|c| c.account_id == a.account_id) {
                return Err(invalid(
                    &at("account_id"),
                    a.account_id,
                    "not a category of the budget",
                )
                .into());
            }
            let range = self
                .period_of(&b, a.period)
                .map_err(|e| e.within(&format!("allocations[{i}].")))?;
            money::check_amount(a.amount, &b.currency, scale, &at("amount"))?;
            rows.push(Allocation {
                budget_id: budget,
                period_start: range.start,
                account_id: a.account_id,
                amount: a.amount,
            });
        }
        self.write_allocations(budget, &rows)?;
        Ok(rows)
    }

    fn write_allocations(&self, budget: BudgetId, rows: &[Allocation]) -> Result<()> {
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Allocation,
            Some(budget.0),
            None::<&()>,
            Some(&rows),
        );
        self.book.engine.store.set_allocations(self.book.id(), rows, &audit)?;
        self.book.emit(&Event::AllocationsChanged { budget_id: budget, count: rows.len() as u64 });
        self.book.after_write(&Trigger::Budgets);
        Ok(())
    }

    /// The allocations of the period containing `period`.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `invalid_field` (a date outside the budget).
    pub fn allocations(&self, budget: BudgetId, period: NaiveDate) -> Result<Vec<Allocation>> {
        let b = self.get(budget)?;
        let range = self.period_of(&b, period)?;
        let rows = self.book.engine.store.allocations(self.book.id(), budget, range.start)?;
        Ok(rows.into_iter().filter(|a| a.period_start == range.start).collect())
    }

    /// Moves `amount` between two categories of the budget in the period containing
    /// `period`; `None` on either side is the pool (assigning from it, or returning to it).
    ///
    /// # Errors
    ///
    /// `invalid_field` (`amount` not positive, both sides the pool or the same category, a
    /// side that is not a category of the budget), and those of
    /// [`set_allocations`](Self::set_allocations).
    pub fn move_money(
        &self,
        budget: BudgetId,
        period: NaiveDate,
        from: Option<AccountId>,
        to: Option<AccountId>,
        amount: Decimal,
    ) -> Result<Vec<Allocation>> {
        if amount <= Decimal::ZERO {
            return Err(invalid("amount", amount, "must be positive").into());
        }
        if from == to {
            return Err(invalid("to", format!("{to:?}"), "the same as from").into());
        }
        let current = self.allocations(budget, period)?;
        let had = |id: AccountId| {
            current.iter().find(|a| a.account_id == id).map(|a| a.amount).unwrap_or_default()
        };
        let mut changes = Vec::new();
        if let Some(f) = from {
            changes.push(NewAllocation::new(period, f, had(f) - amount));
        }
        if let Some(t) = to {
            changes.push(NewAllocation::new(period, t, had(t) + amount));
        }
        self.set_allocations(budget, &changes)
    }

    /// Assigns `amount` from the pool to a category (envelope budgeting).
    ///
    /// # Errors
    ///
    /// As [`move_money`](Self::move_money).
    pub fn assign(
        &self,
        budget: BudgetId,
        period: NaiveDate,
        account: AccountId,
        amount: Decimal,
    ) -> Result<Vec<Allocation>> {
        self.move_money(budget, period, None, Some(account), amount)
    }

    /// Fills the allocations of the period containing `period` from the categories'
    /// templates, in priority order until the pool runs out (envelope mode; period budgets
    /// have no pool, so every template is filled), then remainders by weight. Amounts are
    /// rounded to the currency with `rounding`. One write for all of them.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `invalid_field` (a date outside the budget), `read_only`.
    pub fn apply_templates(
        &self,
        budget: BudgetId,
        period: NaiveDate,
        rounding: Rounding,
    ) -> Result<TemplateReport> {
        self.book.check_writable()?;
        let b = self.get(budget)?;
        let range = self.period_of(&b, period)?;
        let snapshot = Snapshot::load(self.book)?;
        let c = self.compute(&b, &snapshot, range.end, false)?;
        let p = c.periods.len() - 1;
        let pool_before = (b.mode == BudgetMode::Envelope).then(|| c.roll.pool[p].to_be_budgeted);
        let mut requests = Vec::new();
        let mut rules = Vec::new();
        for (line, &cat) in c.lines.iter().enumerate() {
            let category = &b.categories[cat];
            let Some(template) = &category.template else { continue };
            let now = c.roll.lines[line][p];
            let periods_left = match template.rule {
                TemplateRule::SaveByDate { by, .. } if by >= range.start => {
                    u32::try_from(b.period.periods_through(range.start, by).len())
                        .unwrap_or(u32::MAX)
                }
                _ => 0,
            };
            let facts = LineFacts {
                allocated: now.allocated,
                rolled_in: now.rolled_in,
                income: c.income[p],
                past_spent: c.roll.lines[line][..p].iter().map(|l| l.spent).collect(),
                periods_left,
            };
            let weight = match template.rule {
                TemplateRule::RemainderByWeight { weight } => Some(weight),
                _ => None,
            };
            requests.push(Request {
                account_id: category.account_id,
                priority: template.priority,
                wanted: templates::wanted(&template.rule, &facts, c.scale, rounding),
                weight,
            });
            rules.push((template.rule.as_str(), now.allocated));
        }
        let filled = templates::fill(&requests, pool_before, c.scale);
        let mut fills = Vec::new();
        let mut rows = Vec::new();
        let mut total = Decimal::ZERO;
        for (i, wanted, got) in filled {
            let (rule, allocated) = rules[i];
            let account_id = requests[i].account_id;
            if got > Decimal::ZERO {
                rows.push(Allocation {
                    budget_id: budget,
                    period_start: range.start,
                    account_id,
                    amount: allocated + got,
                });
            }
            total += got;
            fills.push(TemplateFill {
                account_id,
                priority: requests[i].priority,
                rule: rule.to_owned(),
                wanted,
                filled: got,
            });
        }
        if !rows.is_empty() {
            self.write_allocations(budget, &rows)?;
        }
        Ok(TemplateReport {
            period_start: range.start,
            fills,
            pool_before,
            pool_after: pool_before.map(|p| p - total),
        })
    }

    /// The status of the period containing `date`, with spending through `date`.
    ///
    /// # Errors
    ///
    /// `budget_not_found`, `invalid_field` (`date` outside the budget), `unknown_commodity`.
    pub fn status(&self, budget: BudgetId, date: NaiveDate) -> Result<BudgetStatus> {
        let b = self.get(budget)?;
        let snapshot = Snapshot::load(self.book)?;
        self.status_of(&b, &snapshot, date)
    }

    pub(crate) fn status_of(
        &self,
        b: &Budget,
        snapshot: &Snapshot,
        date: NaiveDate,
    ) -> Result<BudgetStatus> {
        let c = self.compute(b, snapshot, date, true)?;
        let p = c.periods.len() - 1;
        let range = c.periods[p];
        let full = b.period.containing(range.start).unwrap_or(range);
        let mut categories = Vec::with_capacity(c.lines.len());
        let mut totals = BudgetTotals::default();
        for (line, &cat) in c.lines.iter().enumerate() {
            let account_id = b.categories[cat].account_id;
            let l = c.roll.lines[line][p];
            let projected_spend =
                status::projected(l.spent, full, date, c.scale, Rounding::HalfEven);
            let account = snapshot.accounts.get(&account_id);
            if account.is_some_and(|a| a.kind == AccountKind::Expense) {
                totals.allocated += l.allocated;
                totals.rolled_in += l.rolled_in;
                totals.spent += l.spent;
                totals.available += l.available;
                totals.projected_spend += projected_spend;
            }
            categories.push(CategoryStatus {
                account_id,
                path: account.map(|a| a.path.clone()).unwrap_or_default(),
                allocated: l.allocated,
                rolled_in: l.rolled_in,
                spent: l.spent,
                available: l.available,
                percent_used: status::percent(l.spent, l.allocated + l.rolled_in),
                projected_spend,
            });
        }
        totals.percent_used = status::percent(totals.spent, totals.allocated + totals.rolled_in);
        let pool = (b.mode == BudgetMode::Envelope).then(|| {
            let pool = c.roll.pool[p];
            PoolStatus {
                carried_in: pool.carried_in,
                settled_in: pool.settled_in,
                income: pool.income,
                allocated: pool.allocated,
                to_be_budgeted: pool.to_be_budgeted,
            }
        });
        Ok(BudgetStatus {
            budget_id: b.id,
            currency: b.currency.clone(),
            period_start: full.start,
            period_end: full.end,
            as_of: date,
            categories,
            totals,
            pool,
            unconverted: c.unconverted,
        })
    }

    /// The period of `b` containing `date`.
    fn period_of(&self, b: &Budget, date: NaiveDate) -> Result<PeriodRange> {
        let first = b.period.first(b.start);
        match (first, b.period.containing(date)) {
            (Some(first), Some(range)) if range.start >= first.start => Ok(range),
            _ => Err(invalid("period", date, "outside the budget's periods").into()),
        }
    }

    /// Every period of `b` through the one containing `date` (spending of the last one
    /// through `date`), rolled over.
    pub(crate) fn compute(
        &self,
        b: &Budget,
        snapshot: &Snapshot,
        date: NaiveDate,
        lump: bool,
    ) -> Result<Computed> {
        self.period_of(b, date)?;
        let scale = known(snapshot, "currency", &b.currency)?;
        let mut periods = b.period.periods_through(b.start, date);
        let Some(last) = periods.last_mut() else {
            return Err(invalid("date", date, "outside the budget's periods").into());
        };
        let full_last = *last;
        last.end = last.end.min(date);
        let envelope = b.mode == BudgetMode::Envelope;
        // Lines: every category, except income categories in envelope mode (they feed the pool).
        let kind_of = |id: AccountId| snapshot.accounts.get(&id).map(|a| a.kind);
        let is_income = |id: AccountId| kind_of(id) == Some(AccountKind::Income);
        let lines: Vec<usize> = (0..b.categories.len())
            .filter(|i| !(envelope && is_income(b.categories[*i].account_id)))
            .collect();
        let listed: HashMap<AccountId, usize> = lines
            .iter()
            .enumerate()
            .map(|(line, cat)| (b.categories[*cat].account_id, line))
            .collect();
        let income_roots: Vec<AccountId> =
            b.categories.iter().map(|c| c.account_id).filter(|id| is_income(*id)).collect();
        // Which line (or the income) each account's flows belong to: the nearest listed
        // ancestor, so a parent covers its children unless they are listed themselves.
        enum Owner {
            Line(usize),
            Income,
        }
        let mut owners: HashMap<AccountId, Option<Owner>> = HashMap::new();
        let mut owner_of = |id: AccountId| -> Option<usize> {
            let entry = owners.entry(id).or_insert_with(|| {
                let lineage = snapshot.lineage(id);
                if let Some(line) = lineage.iter().find_map(|a| listed.get(a)) {
                    return Some(Owner::Line(*line));
                }
                let income = if income_roots.is_empty() {
                    is_income(id)
                } else {
                    lineage.iter().any(|a| income_roots.contains(a))
                };
                income.then_some(Owner::Income)
            });
            match entry {
                Some(Owner::Line(l)) => Some(*l),
                Some(Owner::Income) => Some(usize::MAX),
                None => None,
            }
        };
        // Surplus that rolls and overspending that carries make every period before the last
        // one lump: what rolls in is allocations minus spending since the start, so a status
        // reads two sums (cheap for a store) instead of every period's. Other policies settle
        // with the pool per period, and another currency converts per period: those read
        // every period.
        let carry_only = b.categories.iter().all(|c| {
            c.rollover == crate::budget::SurplusPolicy::Roll
                && c.overspend == crate::budget::OverspendPolicy::Carry
        });
        let store = &self.book.engine.store;
        let mut lumped = false;
        let mut flows = Vec::new();
        if lump && carry_only && periods.len() > 1 {
            let target = periods[periods.len() - 1];
            let prior =
                PeriodRange { start: periods[0].start, end: periods[periods.len() - 2].end };
            let before = store.leaf_flows(self.book.id(), prior.start, prior.end)?;
            if before.iter().all(|f| f.commodity == b.currency) {
                let now = store.leaf_flows(self.book.id(), target.start, target.end)?;
                let as_sum = |period: u32, f: crate::query::LeafSum| crate::budget::PeriodSum {
                    period,
                    account_id: f.account_id,
                    commodity: f.commodity,
                    amount: f.amount,
                };
                flows = before.into_iter().map(|f| as_sum(0, f)).collect();
                flows.extend(now.into_iter().map(|f| as_sum(1, f)));
                periods = vec![prior, target];
                lumped = true;
            }
        }
        if !lumped {
            flows = store.period_flows(self.book.id(), &periods)?;
        }
        let n = periods.len();
        let mut spent = vec![vec![Decimal::ZERO; n]; lines.len()];
        let mut income = vec![Decimal::ZERO; n];
        let mut unconverted = Vec::new();
        let mut table: Option<Arc<RateTable>> = None;
        for sum in flows {
            let Some(owner) = owner_of(sum.account_id) else { continue };
            let p = usize::try_from(sum.period).unwrap_or(usize::MAX);
            let Some(range) = periods.get(p) else { continue };
            let value = if sum.commodity == b.currency {
                sum.amount
            } else {
                let t = match &table {
                    Some(t) => Arc::clone(t),
                    None => {
                        let t = self.book.rates().table()?;
                        table = Some(Arc::clone(&t));
                        t
                    }
                };
                match t.convert_amount(
                    sum.amount,
                    &sum.commodity,
                    &b.currency,
                    range.end,
                    LookupOptions::default(),
                ) {
                    Ok(v) => v,
                    Err(e @ Error::Rate(_)) => {
                        unconverted.push(Unconverted {
                            account_id: sum.account_id,
                            path: snapshot
                                .accounts
                                .get(&sum.account_id)
                                .map(|a| a.path.clone())
                                .unwrap_or_default(),
                            commodity: sum.commodity.clone(),
                            amount: sum.amount,
                            date: range.end,
                            code: e.code().to_owned(),
                            message: e.to_string().trim_start_matches("rate: ").to_owned(),
                        });
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            };
            if owner == usize::MAX {
                income[p] -= value;
            } else {
                // Spending is positive for expenses; for an income line, what was received.
                let line_is_income = is_income(b.categories[lines[owner]].account_id);
                spent[owner][p] += if line_is_income { -value } else { value };
            }
        }
        for row in spent.iter_mut().flatten().chain(income.iter_mut()) {
            *row = money::round(*row, scale, Rounding::HalfEven);
        }
        let mut allocated = vec![vec![Decimal::ZERO; n]; lines.len()];
        let index: HashMap<NaiveDate, usize> =
            periods.iter().enumerate().map(|(i, r)| (r.start, i)).collect();
        let slot = |start: NaiveDate| {
            if lumped {
                Some(usize::from(start >= full_last.start))
            } else {
                index.get(&start).copied()
            }
        };
        for a in self.book.engine.store.allocations(self.book.id(), b.id, full_last.start)? {
            if let (Some(line), Some(p)) = (listed.get(&a.account_id), slot(a.period_start)) {
                allocated[*line][p] += a.amount;
            }
        }
        if !envelope {
            // Period budgets report the income of their income lines.
            for (line, cat) in lines.iter().enumerate() {
                if is_income(b.categories[*cat].account_id) {
                    for (p, v) in spent[line].iter().enumerate() {
                        income[p] += *v;
                    }
                }
            }
        }
        let input = RollInput {
            envelope,
            periods: n,
            income: income.clone(),
            lines: lines
                .iter()
                .zip(allocated.into_iter().zip(spent))
                .map(|(cat, (allocated, spent))| LineInput {
                    surplus: b.categories[*cat].rollover,
                    overspend: b.categories[*cat].overspend,
                    allocated,
                    spent,
                })
                .collect(),
        };
        unconverted
            .sort_by(|a, b| (&a.path, &a.commodity, a.date).cmp(&(&b.path, &b.commodity, b.date)));
        Ok(Computed { periods, lines, roll: rollover::roll(&input), income, unconverted, scale })
    }

    fn validate(
        &self,
        snapshot: &Snapshot,
        new: &mut NewBudget,
        this: Option<BudgetId>,
    ) -> Result<()> {
        if new.name.trim().is_empty() {
            return Err(invalid("name", &new.name, "must not be empty").into());
        }
        let scale = known(snapshot, "currency", &new.currency)?;
        new.period.check()?;
        if let crate::budget::Period::Custom { start, .. } = new.period {
            new.start = start;
        }
        for (i, t) in new.thresholds.iter().enumerate() {
            if !(1..=1000).contains(t) {
                return Err(
                    invalid(&format!("thresholds[{i}]"), t, "must be 1 to 1000 percent").into()
                );
            }
        }
        new.thresholds.sort_unstable();
        new.thresholds.dedup();
        let mut seen = BTreeMap::new();
        for (i, c) in new.categories.iter().enumerate() {
            let field = |f: &str| format!("categories[{i}].{f}");
            let account = snapshot.accounts.get(&c.account_id).ok_or_else(|| {
                Error::from(AccountError::NotFound { field: field("account_id"), id: c.account_id })
            })?;
            if !matches!(account.kind, AccountKind::Income | AccountKind::Expense) {
                return Err(invalid(
                    &field("account_id"),
                    &account.path,
                    "not an Income or Expense account",
                )
                .into());
            }
            if seen.insert(c.account_id, i).is_some() {
                return Err(invalid(&field("account_id"), &account.path, "appears twice").into());
            }
            if let Some(t) = &c.template {
                check_template(&t.rule, &field("template.rule"), &new.currency, scale)?;
            }
        }
        self.check_overlap(snapshot, new, this)
    }

    fn check_overlap(
        &self,
        snapshot: &Snapshot,
        new: &NewBudget,
        this: Option<BudgetId>,
    ) -> Result<()> {
        let span = |period: &crate::budget::Period, start: NaiveDate| -> (NaiveDate, NaiveDate) {
            match period {
                crate::budget::Period::Custom { start, end } => (*start, *end),
                p => (p.first(start).map_or(start, |r| r.start), NaiveDate::MAX),
            }
        };
        let (a0, a1) = span(&new.period, new.start);
        for other in self.list()?.into_iter().filter(|o| Some(o.id) != this) {
            let (b0, b1) = span(&other.period, other.start);
            if a1 < b0 || b1 < a0 {
                continue;
            }
            for (i, c) in new.categories.iter().enumerate() {
                let mine = snapshot.lineage(c.account_id);
                for theirs in &other.categories {
                    let related = mine.contains(&theirs.account_id)
                        || snapshot.lineage(theirs.account_id).contains(&c.account_id);
                    if related {
                        return Err(BudgetError::Overlap {
                            field: format!("categories[{i}].account_id"),
                            path: snapshot
                                .accounts
                                .get(&c.account_id)
                                .map(|a| a.path.clone())
                                .unwrap_or_default(),
                            other: other.id,
                            other_name: other.name.clone(),
                        }
                        .into());
                    }
                }
            }
        }
        Ok(())
    }
}

fn check_template(rule: &TemplateRule, field: &str, currency: &str, scale: u32) -> Result<()> {
    let amount = |name: &str, v: Decimal| -> Result<()> {
        let f = format!("{field}.{name}");
        money::check_amount(v, currency, scale, &f)?;
        if v < Decimal::ZERO {
            return Err(invalid(&f, v, "must not be negative").into());
        }
        Ok(())
    };
    match rule {
        TemplateRule::FixedAmount { amount: a } | TemplateRule::RefillUpTo { amount: a } => {
            amount("amount", *a)
        }
        TemplateRule::SaveByDate { total, .. } => amount("total", *total),
        TemplateRule::PercentOfIncome { percent } => {
            if *percent < Decimal::ZERO || *percent > Decimal::ONE_HUNDRED {
                return Err(
                    invalid(&format!("{field}.percent"), percent, "must be 0 to 100").into()
                );
            }
            Ok(())
        }
        TemplateRule::AverageSpending { periods } if *periods == 0 => {
            Err(invalid(&format!("{field}.periods"), periods, "must be at least 1").into())
        }
        TemplateRule::RemainderByWeight { weight } if *weight == 0 => {
            Err(invalid(&format!("{field}.weight"), weight, "must be at least 1").into())
        }
        _ => Ok(()),
    }
}
