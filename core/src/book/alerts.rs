//! Alert calls of a book, and the evaluation that raises alerts. Evaluation runs on demand
//! ([`Alerts::evaluate`]) and by itself after each write that can raise alerts (transactions
//! added, edited, restored or imported; allocations; goal changes), limited to what that write
//! touched so it stays cheap: the new transactions and their neighbours, the budget periods of
//! their dates, the goals, the low-balance accounts. Alerts are stored once by their dedupe
//! key, then delivered as [`Event::AlertRaised`], in the order raised, after they committed.

use crate::account::AccountKind;
use crate::alert::detect::{duplicate_pairs, payee_words};
use crate::alert::stats::{check, usual, Usual};
use crate::alert::{
    Alert, AlertDraft, AlertEntities, AlertError, AlertFilter, AlertKind, AlertSettings,
    SplitQuery, SplitRow,
};
use crate::audit::{AuditAction, EntityKind};
use crate::events::Event;
use crate::goal::{GoalKind, GoalState, GoalStatus};
use crate::ids::{AccountId, AlertId, TransactionId};
use crate::money::{self, Rounding};
use crate::rates::LookupOptions;
use crate::Result;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::context::Snapshot;
use super::Book;

/// What a write touched, for the evaluation after it.
#[derive(Debug, Clone)]
pub(crate) enum Trigger {
    /// New or changed transactions: their counted splits, as written (so evaluation does
    /// not read them back), and the range of their ids (contiguous for a batch).
    Transactions {
        /// Their counted splits.
        rows: Vec<SplitRow>,
        /// Lowest and highest id.
        ids: (TransactionId, TransactionId),
    },
    /// Balances changed without new transactions (a delete).
    Ledger,
    /// Budgets or allocations changed.
    Budgets,
    /// Goals or contributions changed.
    Goals,
}

/// The counted splits of transactions as a trigger carries them.
pub(crate) fn split_rows_of(
    drafts: &[crate::transaction::TransactionDraft],
    ids: &[TransactionId],
) -> Vec<SplitRow> {
    let mut rows = Vec::new();
    for (draft, id) in drafts.iter().zip(ids) {
        if !draft.status.counts() {
            continue;
        }
        for s in &draft.splits {
            rows.push(SplitRow {
                transaction_id: *id,
                account_id: s.account_id,
                date: draft.date,
                amount: s.amount,
                commodity: s.commodity.clone(),
                payee: draft.payee.clone(),
            });
        }
    }
    rows
}

/// What one evaluation looks at.
struct Scope<'t> {
    fresh: BTreeSet<TransactionId>,
    /// The fresh splits when the trigger brought them.
    rows: Option<(&'t [SplitRow], (TransactionId, TransactionId))>,
    window: Option<(NaiveDate, NaiveDate)>,
    /// Every transaction in the window is fresh (on-demand evaluation).
    all_in_window: bool,
    budgets: bool,
    goals: bool,
    balances: bool,
}

/// Alert calls of a [`Book`].
#[derive(Debug)]
pub struct Alerts<'a> {
    book: &'a Book,
}

impl<'a> Alerts<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// The alerts matching `filter`, oldest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self, filter: &AlertFilter) -> Result<Vec<Alert>> {
        self.book.engine.store.alerts(self.book.id(), filter)
    }

    /// Marks alerts read.
    ///
    /// # Errors
    ///
    /// `alert_not_found` (nothing changes), `read_only`.
    pub fn mark_read(&self, ids: &[AlertId]) -> Result<()> {
        self.flag(ids, Some(true), None)
    }

    /// Dismisses alerts: they leave the default list and are never raised again.
    ///
    /// # Errors
    ///
    /// `alert_not_found` (nothing changes), `read_only`.
    pub fn dismiss(&self, ids: &[AlertId]) -> Result<()> {
        self.flag(ids, Some(true), Some(true))
    }

    fn flag(&self, ids: &[AlertId], read: Option<bool>, dismissed: Option<bool>) -> Result<()> {
        self.book.check_writable()?;
        let after = serde_json::json!({ "ids": ids, "read": read, "dismissed": dismissed });
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Alert,
            ids.first().map(|i| i.0),
            None::<&()>,
            Some(&after),
        );
        self.book.engine.store.set_alert_flags(self.book.id(), ids, read, dismissed, &audit)?;
        self.book.emit(&Event::AlertsUpdated { ids: ids.to_vec() });
        Ok(())
    }

    /// The book's alert settings (the defaults until set).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn settings(&self) -> Result<AlertSettings> {
        Ok(self.book.engine.store.alert_settings(self.book.id())?.unwrap_or_default())
    }

    /// Replaces the book's alert settings.
    ///
    /// # Errors
    ///
    /// `invalid_field` (a negative threshold, a zero sample count or window),
    /// `account_not_found` (`low_balances[i].account_id`), `unknown_commodity`, `read_only`.
    pub fn set_settings(&self, settings: AlertSettings) -> Result<AlertSettings> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let invalid = |field: &str, value: String, reason: &str| -> crate::Error {
            AlertError::InvalidField { field: field.to_owned(), value, reason: reason.to_owned() }
                .into()
        };
        if let Some(t) = settings.large_transaction.filter(|t| *t <= Decimal::ZERO) {
            return Err(invalid("large_transaction", t.to_string(), "must be positive"));
        }
        if let Some(c) = &settings.large_currency {
            super::rates::known(&snapshot, "large_currency", c)?;
        }
        if settings.unusual_score <= Decimal::ZERO {
            return Err(invalid(
                "unusual_score",
                settings.unusual_score.to_string(),
                "must be positive",
            ));
        }
        for (field, v) in [
            ("unusual_min_samples", settings.unusual_min_samples),
            ("unusual_samples", settings.unusual_samples),
            ("lookback_days", settings.lookback_days),
        ] {
            if v == 0 || v > 10_000 {
                return Err(invalid(field, v.to_string(), "must be 1 to 10000"));
            }
        }
        if settings.duplicate_days > 366 {
            return Err(invalid(
                "duplicate_days",
                settings.duplicate_days.to_string(),
                "must be 0 to 366",
            ));
        }
        for (i, low) in settings.low_balances.iter().enumerate() {
            if !snapshot.accounts.contains_key(&low.account_id) {
                return Err(crate::account::AccountError::NotFound {
                    field: format!("low_balances[{i}].account_id"),
                    id: low.account_id,
                }
                .into());
            }
        }
        let before = self.settings()?;
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::AlertSettings,
            None,
            Some(&before),
            Some(&settings),
        );
        self.book.engine.store.set_alert_settings(self.book.id(), &settings, &audit)?;
        Ok(settings)
    }

    /// Evaluates every alert rule now: budgets' current periods, goals, low balances, and the
    /// transactions of the last `lookback_days` days. Returns the alerts that are new (each is
    /// also delivered as an event); what was raised before is not raised again.
    ///
    /// # Errors
    ///
    /// `read_only`, `storage`.
    pub fn evaluate(&self) -> Result<Vec<Alert>> {
        self.book.check_writable()?;
        let settings = self.settings()?;
        let today = self.book.engine.clock.today();
        let from =
            today.checked_sub_days(Days::new(u64::from(settings.lookback_days))).unwrap_or(today);
        let scope = Scope {
            fresh: BTreeSet::new(),
            rows: None,
            window: Some((from, today)),
            all_in_window: true,
            budgets: true,
            goals: true,
            balances: true,
        };
        self.run(&settings, &scope)
    }

    /// The evaluation after a write; nothing when automatic evaluation is off.
    pub(crate) fn after(&self, trigger: &Trigger) -> Result<Vec<Alert>> {
        let settings = self.settings()?;
        if !settings.auto_evaluate {
            return Ok(Vec::new());
        }
        let scope = match trigger {
            Trigger::Transactions { rows, ids } => Scope {
                fresh: rows.iter().map(|r| r.transaction_id).collect(),
                rows: Some((rows.as_slice(), *ids)),
                window: rows.iter().map(|r| r.date).min().zip(rows.iter().map(|r| r.date).max()),
                all_in_window: false,
                budgets: true,
                goals: true,
                balances: true,
            },
            Trigger::Ledger => Scope {
                fresh: BTreeSet::new(),
                rows: None,
                window: None,
                all_in_window: false,
                budgets: false,
                goals: true,
                balances: true,
            },
            Trigger::Budgets => Scope {
                fresh: BTreeSet::new(),
                rows: None,
                window: None,
                all_in_window: false,
                budgets: true,
                goals: false,
                balances: false,
            },
            Trigger::Goals => Scope {
                fresh: BTreeSet::new(),
                rows: None,
                window: None,
                all_in_window: false,
                budgets: false,
                goals: true,
                balances: false,
            },
        };
        self.run(&settings, &scope)
    }

    fn run(&self, settings: &AlertSettings, scope: &Scope<'_>) -> Result<Vec<Alert>> {
        let snapshot = Snapshot::load(self.book)?;
        let today = self.book.engine.clock.today();
        let mut drafts = Vec::new();
        if let Some((from, to)) = scope.window {
            self.transaction_rules(settings, scope, &snapshot, from, to, &mut drafts)?;
        }
        if scope.budgets && settings.enabled(AlertKind::BudgetThreshold) {
            self.budget_rules(&snapshot, scope.window, today, &mut drafts)?;
        }
        if scope.goals {
            self.goal_rules(settings, &snapshot, today, &mut drafts)?;
        }
        if scope.balances
            && settings.enabled(AlertKind::LowBalance)
            && !settings.low_balances.is_empty()
        {
            self.balance_rules(settings, &snapshot, today, &mut drafts)?;
        }
        if drafts.is_empty() {
            return Ok(Vec::new());
        }
        let count = serde_json::json!({ "candidates": drafts.len() });
        let audit = self.book.audit(
            AuditAction::CreateBatch,
            EntityKind::Alert,
            None,
            None::<&()>,
            Some(&count),
        );
        let raised = self.book.engine.store.insert_alerts(self.book.id(), &drafts, &audit)?;
        for alert in &raised {
            self.book.emit(&Event::AlertRaised { alert: alert.clone() });
        }
        Ok(raised)
    }

    fn transaction_rules(
        &self,
        settings: &AlertSettings,
        scope: &Scope<'_>,
        snapshot: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
        drafts: &mut Vec<AlertDraft>,
    ) -> Result<()> {
        let store = &self.book.engine.store;
        let pad = Days::new(u64::from(settings.duplicate_days));
        let kind_of = |id: AccountId| snapshot.accounts.get(&id).map(|a| a.kind);
        let is_funding = |id: AccountId| {
            matches!(kind_of(id), Some(AccountKind::Asset | AccountKind::Liability))
        };
        let mut query = SplitQuery {
            accounts: Vec::new(),
            from: from.checked_sub_days(pad).unwrap_or(from),
            to: to.checked_add_days(pad).unwrap_or(to),
            limit_per_account: None,
            exclude: None,
        };
        // After a write the new splits come with the trigger: only their neighbours on the
        // same funding accounts are read, for duplicates. On demand, the whole window is.
        let (rows, fresh) = match scope.rows {
            Some((written, ids)) => {
                let mut funding: Vec<AccountId> =
                    written.iter().map(|r| r.account_id).filter(|id| is_funding(*id)).collect();
                funding.sort_unstable();
                funding.dedup();
                query.accounts = funding;
                query.exclude = Some(ids);
                let mut rows = if query.accounts.is_empty()
                    || !settings.enabled(AlertKind::PossibleDuplicate)
                {
                    Vec::new()
                } else {
                    store.split_rows(self.book.id(), &query)?
                };
                rows.extend(written.iter().cloned());
                (rows, scope.fresh.clone())
            }
            None => {
                let rows = store.split_rows(self.book.id(), &query)?;
                let fresh: BTreeSet<TransactionId> = rows
                    .iter()
                    .filter(|r| r.date >= from && r.date <= to)
                    .map(|r| r.transaction_id)
                    .collect();
                (rows, fresh)
            }
        };
        if fresh.is_empty() {
            return Ok(());
        }
        let fresh_rows: Vec<&SplitRow> =
            rows.iter().filter(|r| fresh.contains(&r.transaction_id)).collect();
        let path_of =
            |id: AccountId| snapshot.accounts.get(&id).map(|a| a.path.clone()).unwrap_or_default();

        if settings.enabled(AlertKind::PossibleDuplicate) {
            // Only the funding side (assets, liabilities) identifies a duplicate purchase.
            let funding: Vec<SplitRow> = rows
                .iter()
                .filter(|r| {
                    matches!(
                        kind_of(r.account_id),
                        Some(AccountKind::Asset | AccountKind::Liability)
                    )
                })
                .cloned()
                .collect();
            for (a, b) in duplicate_pairs(
                &funding,
                &fresh,
                i64::from(settings.duplicate_days),
                scope.all_in_window,
            ) {
                let Some(row) = funding.iter().find(|r| r.transaction_id == b) else { continue };
                drafts.push(AlertDraft {
                    kind: AlertKind::PossibleDuplicate,
                    key: format!("possible_duplicate:{a}:{b}"),
                    message: format!(
                        "Transactions {a} and {b} may be the same: {} {} on {} within {} days{}",
                        row.amount.abs(),
                        row.commodity,
                        path_of(row.account_id),
                        settings.duplicate_days,
                        row.payee.as_deref().map(|p| format!(", payee {p}")).unwrap_or_default()
                    ),
                    entities: AlertEntities {
                        account_ids: vec![row.account_id],
                        transaction_ids: vec![a, b],
                        ..AlertEntities::default()
                    },
                    date: row.date,
                    amount: Some(row.amount.abs()),
                    commodity: Some(row.commodity.clone()),
                });
            }
        }

        if let Some(threshold) =
            settings.large_transaction.filter(|_| settings.enabled(AlertKind::LargeTransaction))
        {
            let currency = settings
                .large_currency
                .clone()
                .unwrap_or_else(|| self.book.info().default_currency.clone());
            let mut largest: BTreeMap<TransactionId, &SplitRow> = BTreeMap::new();
            for r in &fresh_rows {
                let slot = largest.entry(r.transaction_id).or_insert(r);
                if r.amount.abs() > slot.amount.abs() {
                    *slot = r;
                }
            }
            let table = if fresh_rows.iter().any(|r| r.commodity != currency) {
                Some(self.book.rates().table()?)
            } else {
                None
            };
            for (id, r) in largest {
                let value = if r.commodity == currency {
                    Some(r.amount.abs())
                } else {
                    table.as_ref().and_then(|t| {
                        t.convert_amount(
                            r.amount.abs(),
                            &r.commodity,
                            &currency,
                            r.date,
                            LookupOptions::default(),
                        )
                        .ok()
                    })
                };
                let Some(value) = value.filter(|v| *v >= threshold) else { continue };
                drafts.push(AlertDraft {
                    kind: AlertKind::LargeTransaction,
                    key: format!("large_transaction:{id}"),
                    message: format!(
                        "Transaction {id} of {} {} ({} {currency}) on {} is at or over your threshold of {threshold} {currency}",
                        r.amount.abs(),
                        r.commodity,
                        money::round(value, 2, Rounding::HalfEven),
                        r.date
                    ),
                    entities: AlertEntities {
                        account_ids: vec![r.account_id],
                        transaction_ids: vec![id],
                        ..AlertEntities::default()
                    },
                    date: r.date,
                    amount: Some(r.amount.abs()),
                    commodity: Some(r.commodity.clone()),
                });
            }
        }

        if settings.enabled(AlertKind::UnusualTransaction) {
            let spending: Vec<&SplitRow> = fresh_rows
                .iter()
                .copied()
                .filter(|r| {
                    kind_of(r.account_id) == Some(AccountKind::Expense) && r.amount > Decimal::ZERO
                })
                .collect();
            let categories: BTreeSet<AccountId> = spending.iter().map(|r| r.account_id).collect();
            if categories.is_empty() {
                return Ok(());
            }
            let first = spending.iter().map(|r| r.date).min().unwrap_or(from);
            let history_query = SplitQuery {
                accounts: categories.into_iter().collect(),
                from: NaiveDate::MIN,
                to: first.pred_opt().unwrap_or(first),
                limit_per_account: Some(settings.unusual_samples),
                exclude: None,
            };
            // Each category's earlier amounts, all and by payee, and their usual, computed once:
            // an import of thousands of lines checks each against a few hundred figures. A
            // payee is known by a number for its normalised words, computed once per payee text.
            let mut payee_ids: HashMap<String, Option<u32>> = HashMap::new();
            let mut word_ids: HashMap<BTreeSet<String>, u32> = HashMap::new();
            let mut payee_id = |payee: Option<&str>| -> Option<u32> {
                let payee = payee?;
                if let Some(id) = payee_ids.get(payee) {
                    return *id;
                }
                let words = payee_words(payee);
                let id = (!words.is_empty()).then(|| {
                    let next = u32::try_from(word_ids.len()).unwrap_or(u32::MAX);
                    *word_ids.entry(words).or_insert(next)
                });
                payee_ids.insert(payee.to_owned(), id);
                id
            };
            type Amounts = (Vec<Decimal>, HashMap<u32, Vec<Decimal>>);
            let past = store.split_rows(self.book.id(), &history_query)?;
            let mut history: HashMap<(AccountId, &str), Amounts> = HashMap::new();
            for r in &past {
                let slot = history.entry((r.account_id, r.commodity.as_str())).or_default();
                slot.0.push(r.amount);
                if let Some(id) = payee_id(r.payee.as_deref()) {
                    slot.1.entry(id).or_default().push(r.amount);
                }
            }
            let min = usize::try_from(settings.unusual_min_samples).unwrap_or(usize::MAX);
            let mut usuals: HashMap<(AccountId, &str, Option<u32>), Option<Usual>> = HashMap::new();
            type UsualKey<'k> = (AccountId, &'k str, Option<u32>);
            fn cached<'k>(
                usuals: &mut HashMap<UsualKey<'k>, Option<Usual>>,
                history: &HashMap<(AccountId, &'k str), Amounts>,
                key: UsualKey<'k>,
                min: usize,
            ) -> Option<Usual> {
                *usuals.entry(key).or_insert_with(|| {
                    let (all, by_payee) = history.get(&(key.0, key.1))?;
                    match key.2 {
                        None => usual(all, min),
                        Some(id) => usual(by_payee.get(&id)?, min),
                    }
                })
            }
            for r in spending {
                let id = payee_id(r.payee.as_deref());
                let by_payee = id.and_then(|id| {
                    cached(
                        &mut usuals,
                        &history,
                        (r.account_id, r.commodity.as_str(), Some(id)),
                        min,
                    )
                });
                let (found, by_payee) = match by_payee {
                    Some(u) => (Some(u), true),
                    None => (
                        cached(
                            &mut usuals,
                            &history,
                            (r.account_id, r.commodity.as_str(), None),
                            min,
                        ),
                        false,
                    ),
                };
                let Some(found) = found else { continue };
                let Some(hit) = check(r.amount, &found, settings.unusual_score) else { continue };
                let basis = if by_payee {
                    format!("payee {}", r.payee.as_deref().unwrap_or_default())
                } else {
                    format!("category {}", path_of(r.account_id))
                };
                let score = match hit.score {
                    Some(s) => format!("robust score {s} over {}", settings.unusual_score),
                    None => "more than twice the usual amount, which never varies".to_owned(),
                };
                drafts.push(AlertDraft {
                    kind: AlertKind::UnusualTransaction,
                    key: format!("unusual_transaction:{}:{}", r.transaction_id, r.account_id),
                    message: format!(
                        "{} {} on {} is unusual for {basis}: the usual is {} {} (median of {} earlier amounts, MAD {}); {score}",
                        r.amount,
                        r.commodity,
                        r.date,
                        money::round(hit.median, 2, Rounding::HalfEven),
                        r.commodity,
                        hit.samples,
                        money::round(hit.mad, 2, Rounding::HalfEven),
                    ),
                    entities: AlertEntities {
                        account_ids: vec![r.account_id],
                        transaction_ids: vec![r.transaction_id],
                        ..AlertEntities::default()
                    },
                    date: r.date,
                    amount: Some(r.amount),
                    commodity: Some(r.commodity.clone()),
                });
            }
        }
        Ok(())
    }

    fn budget_rules(
        &self,
        snapshot: &Snapshot,
        window: Option<(NaiveDate, NaiveDate)>,
        today: NaiveDate,
        drafts: &mut Vec<AlertDraft>,
    ) -> Result<()> {
        let budgets = self.book.budgets();
        for budget in budgets.list()? {
            let mut dates = BTreeSet::new();
            for day in [Some(today), window.map(|w| w.0), window.map(|w| w.1)].into_iter().flatten()
            {
                if let Some(range) = budget.period.containing(day).filter(|r| r.start <= today) {
                    dates.insert(range.end.min(today));
                }
            }
            for date in dates {
                let Ok(status) = budgets.status_of(&budget, snapshot, date) else { continue };
                for line in &status.categories {
                    if snapshot.accounts.get(&line.account_id).map(|a| a.kind)
                        != Some(AccountKind::Expense)
                    {
                        continue;
                    }
                    let Some(used) = line.percent_used else { continue };
                    let Some(threshold) =
                        budget.thresholds.iter().rev().find(|t| used >= Decimal::from(**t))
                    else {
                        continue;
                    };
                    drafts.push(AlertDraft {
                        kind: AlertKind::BudgetThreshold,
                        key: format!(
                            "budget_threshold:{}:{}:{}:{threshold}",
                            budget.id, line.account_id, status.period_start
                        ),
                        message: format!(
                            "{} has used {used}% of its budget in {} ({} of {} {}): at or over the {threshold}% threshold",
                            line.path,
                            budget.name,
                            line.spent,
                            line.allocated + line.rolled_in,
                            budget.currency
                        ),
                        entities: AlertEntities {
                            account_ids: vec![line.account_id],
                            budget_id: Some(budget.id),
                            ..AlertEntities::default()
                        },
                        date: status.period_start,
                        amount: Some(line.spent),
                        commodity: Some(budget.currency.clone()),
                    });
                }
            }
        }
        Ok(())
    }

    fn goal_rules(
        &self,
        settings: &AlertSettings,
        snapshot: &Snapshot,
        today: NaiveDate,
        drafts: &mut Vec<AlertDraft>,
    ) -> Result<()> {
        let goals = self.book.goals();
        for goal in goals.list()?.into_iter().filter(|g| g.status == GoalStatus::Active) {
            let Ok(progress) = goals.progress_of(&goal, snapshot) else { continue };
            let entities = AlertEntities { goal_id: Some(goal.id), ..AlertEntities::default() };
            if let Some(done) = goals.settle(&goal, &progress)? {
                if settings.enabled(AlertKind::GoalReached) {
                    drafts.push(AlertDraft {
                        kind: AlertKind::GoalReached,
                        key: format!("goal_reached:{}", goal.id),
                        message: format!(
                            "Goal {} reached: {} of {} {} on {}",
                            goal.name,
                            progress.current,
                            progress.target,
                            goal.currency,
                            done.achieved_on.unwrap_or(today)
                        ),
                        entities: entities.clone(),
                        date: today,
                        amount: Some(progress.current),
                        commodity: Some(goal.currency.clone()),
                    });
                }
                continue;
            }
            if progress.state == GoalState::Behind && settings.enabled(AlertKind::GoalBehind) {
                let what = match goal.kind {
                    GoalKind::CapSpending { .. } => format!(
                        "spending is heading for {} {} against a cap of {}",
                        progress.monthly_pace, goal.currency, progress.target
                    ),
                    _ => format!(
                        "{} of {} {} is {} behind schedule{}",
                        progress.current,
                        progress.target,
                        goal.currency,
                        progress.shortfall,
                        progress
                            .required_monthly
                            .map(|m| format!("; {m} a month meets the deadline"))
                            .unwrap_or_default()
                    ),
                };
                drafts.push(AlertDraft {
                    kind: AlertKind::GoalBehind,
                    key: format!("goal_behind:{}:{}-{:02}", goal.id, today.year(), today.month()),
                    message: format!("Goal {} is behind: {what}", goal.name),
                    entities,
                    date: today,
                    amount: Some(progress.shortfall),
                    commodity: Some(goal.currency.clone()),
                });
            }
        }
        Ok(())
    }

    fn balance_rules(
        &self,
        settings: &AlertSettings,
        snapshot: &Snapshot,
        today: NaiveDate,
        drafts: &mut Vec<AlertDraft>,
    ) -> Result<()> {
        let sums = self.book.engine.store.leaf_balances(self.book.id(), Some(today))?;
        for low in &settings.low_balances {
            let Some(account) = snapshot.accounts.get(&low.account_id) else { continue };
            let ids = snapshot.with_descendants(&[low.account_id]);
            let balance: Decimal = sums
                .iter()
                .filter(|s| {
                    s.commodity == account.currency && ids.binary_search(&s.account_id).is_ok()
                })
                .map(|s| s.amount)
                .sum();
            if balance >= low.below {
                continue;
            }
            drafts.push(AlertDraft {
                kind: AlertKind::LowBalance,
                key: format!(
                    "low_balance:{}:{}-{:02}",
                    low.account_id,
                    today.year(),
                    today.month()
                ),
                message: format!(
                    "{} is at {balance} {}, below your threshold of {} {}",
                    account.path, account.currency, low.below, account.currency
                ),
                entities: AlertEntities {
                    account_ids: vec![low.account_id],
                    ..AlertEntities::default()
                },
                date: today,
                amount: Some(balance),
                commodity: Some(account.currency.clone()),
            });
        }
        Ok(())
    }
}
