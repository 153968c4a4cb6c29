//! Budgets, allocations, goals and contributions in SQLite. A budget's period, thresholds and
//! categories (with their typed templates) are one JSON document each, written and read by
//! serde from the core's own types so they cannot drift; allocations, goal targets and
//! contributions are integer minor units at the currency's scale like every ledger amount.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::str::FromStr;
use tally_core::audit::AuditRecord;
use tally_core::budget::{
    Allocation, Budget, BudgetError, BudgetMode, NewBudget, PeriodRange, PeriodSum,
};
use tally_core::goal::{Contribution, Goal, GoalError, GoalStatus, NewContribution};
use tally_core::store::StoreError;
use tally_core::{money, AccountId, BookId, BudgetId, ContributionId, GoalId, Result};

use super::rows::{self, corrupt, read_error};
use super::{backend, log, scale_of, Inner};

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Backend { message: format!("encode: {e}") }.into())
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|_| corrupt(what))
}

const BUDGET_COLUMNS: &str =
    "id, name, period, start, currency, mode, thresholds, categories, created_at, updated_at";

fn budget(r: &Row<'_>) -> rusqlite::Result<Budget> {
    Ok(Budget {
        id: BudgetId(r.get(0)?),
        name: r.get(1)?,
        period: from_json(&r.get::<_, String>(2)?, "budgets.period")?,
        start: rows::get_date(r, 3)?,
        currency: r.get(4)?,
        mode: BudgetMode::parse(&r.get::<_, String>(5)?).ok_or_else(|| corrupt("budgets.mode"))?,
        thresholds: from_json(&r.get::<_, String>(6)?, "budgets.thresholds")?,
        categories: from_json(&r.get::<_, String>(7)?, "budgets.categories")?,
        created_at: rows::get_timestamp(r, 8)?,
        updated_at: rows::get_timestamp(r, 9)?,
    })
}

pub(crate) fn insert_budget(
    conn: &mut Connection,
    book: BookId,
    new: &NewBudget,
    audit: &AuditRecord,
) -> Result<Budget> {
    let tx = conn.transaction().map_err(backend)?;
    let at = rows::timestamp(audit.at);
    tx.execute(
        "INSERT INTO budgets (book_id, name, period, start, currency, mode, thresholds, categories, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            book.0,
            new.name,
            json(&new.period)?,
            rows::date(new.start),
            new.currency,
            new.mode.as_str(),
            json(&new.thresholds)?,
            json(&new.categories)?,
            at
        ],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    log(&tx, book, audit, Some(id))?;
    let stored = budget_by_id(&tx, book, BudgetId(id))?
        .ok_or_else(|| StoreError::Corrupt { what: "new budget".to_owned() })?;
    tx.commit().map_err(backend)?;
    Ok(stored)
}

fn budget_by_id(conn: &Connection, book: BookId, id: BudgetId) -> Result<Option<Budget>> {
    conn.query_row(
        &format!("SELECT {BUDGET_COLUMNS} FROM budgets WHERE book_id = ?1 AND id = ?2"),
        params![book.0, id.0],
        budget,
    )
    .optional()
    .map_err(read_error)
}

pub(crate) fn update_budget(
    conn: &mut Connection,
    book: BookId,
    b: &Budget,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "UPDATE budgets SET name = ?3, thresholds = ?4, categories = ?5, updated_at = ?6
             WHERE book_id = ?1 AND id = ?2",
            params![
                book.0,
                b.id.0,
                b.name,
                json(&b.thresholds)?,
                json(&b.categories)?,
                rows::timestamp(b.updated_at)
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(BudgetError::NotFound(b.id).into());
    }
    log(&tx, book, audit, Some(b.id.0))?;
    tx.commit().map_err(backend).map_err(Into::into)
}

pub(crate) fn delete_budget(
    conn: &mut Connection,
    book: BookId,
    id: BudgetId,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "DELETE FROM budget_allocations WHERE book_id = ?1 AND budget_id = ?2",
        params![book.0, id.0],
    )
    .map_err(backend)?;
    let n = tx
        .execute("DELETE FROM budgets WHERE book_id = ?1 AND id = ?2", params![book.0, id.0])
        .map_err(backend)?;
    if n == 0 {
        return Err(BudgetError::NotFound(id).into());
    }
    log(&tx, book, audit, Some(id.0))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn budgets(conn: &Connection, book: BookId) -> Result<Vec<Budget>> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {BUDGET_COLUMNS} FROM budgets WHERE book_id = ?1 ORDER BY id"
        ))
        .map_err(backend)?;
    let rows = st.query_map([book.0], budget).map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

/// The currency of a budget of this book.
fn budget_currency(conn: &Connection, book: BookId, id: BudgetId) -> Result<String> {
    conn.query_row(
        "SELECT currency FROM budgets WHERE book_id = ?1 AND id = ?2",
        params![book.0, id.0],
        |r| r.get(0),
    )
    .optional()
    .map_err(backend)?
    .ok_or_else(|| BudgetError::NotFound(id).into())
}

pub(crate) fn set_allocations(
    inner: &mut Inner,
    book: BookId,
    allocations: &[Allocation],
    audit: &AuditRecord,
) -> Result<()> {
    let Inner { conn, scales } = inner;
    let tx = conn.transaction().map_err(backend)?;
    for (i, a) in allocations.iter().enumerate() {
        let currency = budget_currency(&tx, book, a.budget_id)?;
        let scale = scale_of(&tx, scales, book, &currency)?;
        let minor =
            money::to_minor(a.amount, &currency, scale, &format!("allocations[{i}].amount"))?;
        if minor == 0 {
            tx.prepare_cached(
                "DELETE FROM budget_allocations WHERE budget_id = ?1 AND period_start = ?2 AND account_id = ?3",
            )
            .and_then(|mut st| st.execute(params![a.budget_id.0, rows::date(a.period_start), a.account_id.0]))
            .map_err(backend)?;
        } else {
            tx.prepare_cached(
                "INSERT INTO budget_allocations (book_id, budget_id, period_start, account_id, amount_minor)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (budget_id, period_start, account_id) DO UPDATE SET amount_minor = excluded.amount_minor",
            )
            .and_then(|mut st| {
                st.execute(params![book.0, a.budget_id.0, rows::date(a.period_start), a.account_id.0, minor])
            })
            .map_err(backend)?;
        }
    }
    log(&tx, book, audit, allocations.first().map(|a| a.budget_id.0))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn allocations(
    inner: &mut Inner,
    book: BookId,
    id: BudgetId,
    to: chrono::NaiveDate,
) -> Result<Vec<Allocation>> {
    let Inner { conn, scales } = inner;
    let currency = budget_currency(conn, book, id)?;
    let scale = scale_of(conn, scales, book, &currency)?;
    let mut st = conn
        .prepare_cached(
            "SELECT period_start, account_id, amount_minor FROM budget_allocations
             WHERE book_id = ?1 AND budget_id = ?2 AND period_start <= ?3
             ORDER BY period_start, account_id",
        )
        .map_err(backend)?;
    let rows = st
        .query_map(params![book.0, id.0, rows::date(to)], |r| {
            Ok(Allocation {
                budget_id: id,
                period_start: rows::get_date(r, 0)?,
                account_id: AccountId(r.get(1)?),
                amount: money::from_minor(r.get(2)?, scale),
            })
        })
        .map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

pub(crate) fn period_flows(
    inner: &mut Inner,
    book: BookId,
    periods: &[PeriodRange],
) -> Result<Vec<PeriodSum>> {
    if periods.is_empty() {
        return Ok(Vec::new());
    }
    let Inner { conn, scales } = inner;
    // One query for every period: a VALUES list of (index, first day, last day) joined to the
    // running daily totals, whose key (book_id, date, ...) serves each range. CROSS JOIN keeps
    // the list as the outer loop (SQLite does not reorder it), so each period is one range
    // search of the key instead of a scan of the table per period.
    let values = (0..periods.len())
        .map(|i| format!("({i}, ?{}, ?{})", 2 * i + 2, 2 * i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "WITH p(i, s, e) AS (VALUES {values})
         SELECT p.i, d.account_id, d.commodity, SUM(d.amount_minor) AS total
         FROM p CROSS JOIN daily_totals d ON d.book_id = ?1 AND d.date >= p.s AND d.date <= p.e
         GROUP BY p.i, d.account_id, d.commodity HAVING total != 0"
    );
    let mut args = Vec::with_capacity(periods.len() * 2 + 1);
    args.push(Value::Integer(book.0));
    for p in periods {
        args.push(Value::Text(rows::date(p.start)));
        args.push(Value::Text(rows::date(p.end)));
    }
    let raw = {
        let mut st = conn.prepare_cached(&sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    AccountId(r.get(1)?),
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(backend)?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(backend)?
    };
    raw.into_iter()
        .map(|(period, account_id, commodity, minor)| {
            let scale = scale_of(conn, scales, book, &commodity)?;
            Ok(PeriodSum { period, account_id, amount: money::from_minor(minor, scale), commodity })
        })
        .collect()
}

const GOAL_COLUMNS: &str =
    "id, name, kind, target_minor, currency, deadline, expected_annual_return,
    pace_months, start_date, baseline_minor, status, achieved_on, created_at, updated_at";

struct RawGoal {
    goal: Goal,
    target_minor: i64,
    baseline_minor: i64,
}

fn raw_goal(r: &Row<'_>) -> rusqlite::Result<RawGoal> {
    let ret: Option<String> = r.get(6)?;
    Ok(RawGoal {
        goal: Goal {
            id: GoalId(r.get(0)?),
            name: r.get(1)?,
            kind: from_json(&r.get::<_, String>(2)?, "goals.kind")?,
            target: rust_decimal::Decimal::ZERO,
            currency: r.get(4)?,
            deadline: rows::get_opt_date(r, 5)?,
            expected_annual_return: ret
                .map(|t| {
                    rust_decimal::Decimal::from_str(&t)
                        .map_err(|_| corrupt("goals.expected_annual_return"))
                })
                .transpose()?,
            pace_months: r.get(7)?,
            start_date: rows::get_date(r, 8)?,
            baseline: rust_decimal::Decimal::ZERO,
            status: GoalStatus::parse(&r.get::<_, String>(10)?)
                .ok_or_else(|| corrupt("goals.status"))?,
            achieved_on: rows::get_opt_date(r, 11)?,
            created_at: rows::get_timestamp(r, 12)?,
            updated_at: rows::get_timestamp(r, 13)?,
        },
        target_minor: r.get(3)?,
        baseline_minor: r.get(9)?,
    })
}

pub(crate) fn goals(inner: &mut Inner, book: BookId) -> Result<Vec<Goal>> {
    let Inner { conn, scales } = inner;
    let raw = {
        let mut st = conn
            .prepare_cached(&format!(
                "SELECT {GOAL_COLUMNS} FROM goals WHERE book_id = ?1 ORDER BY id"
            ))
            .map_err(backend)?;
        let rows = st.query_map([book.0], raw_goal).map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?
    };
    raw.into_iter()
        .map(|r| {
            let scale = scale_of(conn, scales, book, &r.goal.currency)?;
            let mut g = r.goal;
            g.target = money::from_minor(r.target_minor, scale);
            g.baseline = money::from_minor(r.baseline_minor, scale);
            Ok(g)
        })
        .collect()
}

fn goal_minors(inner: &mut Inner, book: BookId, g: &Goal) -> Result<(i64, i64)> {
    let Inner { conn, scales } = inner;
    let scale = scale_of(conn, scales, book, &g.currency)?;
    Ok((
        money::to_minor(g.target, &g.currency, scale, "target")?,
        money::to_minor(g.baseline, &g.currency, scale, "baseline")?,
    ))
}

pub(crate) fn insert_goal(
    inner: &mut Inner,
    book: BookId,
    g: &Goal,
    audit: &AuditRecord,
) -> Result<Goal> {
    let (target, baseline) = goal_minors(inner, book, g)?;
    let tx = inner.conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO goals (book_id, name, kind, target_minor, currency, deadline, expected_annual_return,
            pace_months, start_date, baseline_minor, status, achieved_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            book.0,
            g.name,
            json(&g.kind)?,
            target,
            g.currency,
            g.deadline.map(rows::date),
            g.expected_annual_return.map(|r| r.to_string()),
            g.pace_months,
            rows::date(g.start_date),
            baseline,
            g.status.as_str(),
            g.achieved_on.map(rows::date),
            rows::timestamp(g.created_at),
            rows::timestamp(g.updated_at)
        ],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    log(&tx, book, audit, Some(id))?;
    tx.commit().map_err(backend)?;
    let mut stored = g.clone();
    stored.id = GoalId(id);
    Ok(stored)
}

pub(crate) fn update_goal(
    inner: &mut Inner,
    book: BookId,
    g: &Goal,
    audit: &AuditRecord,
) -> Result<()> {
    let (target, baseline) = goal_minors(inner, book, g)?;
    let tx = inner.conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "UPDATE goals SET name = ?3, target_minor = ?4, deadline = ?5, expected_annual_return = ?6,
                pace_months = ?7, baseline_minor = ?8, status = ?9, achieved_on = ?10, updated_at = ?11
             WHERE book_id = ?1 AND id = ?2",
            params![
                book.0,
                g.id.0,
                g.name,
                target,
                g.deadline.map(rows::date),
                g.expected_annual_return.map(|r| r.to_string()),
                g.pace_months,
                baseline,
                g.status.as_str(),
                g.achieved_on.map(rows::date),
                rows::timestamp(g.updated_at)
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(GoalError::NotFound(g.id).into());
    }
    log(&tx, book, audit, Some(g.id.0))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

fn goal_currency(conn: &Connection, book: BookId, id: GoalId) -> Result<String> {
    conn.query_row(
        "SELECT currency FROM goals WHERE book_id = ?1 AND id = ?2",
        params![book.0, id.0],
        |r| r.get(0),
    )
    .optional()
    .map_err(backend)?
    .ok_or_else(|| GoalError::NotFound(id).into())
}

pub(crate) fn insert_contribution(
    inner: &mut Inner,
    book: BookId,
    goal: GoalId,
    c: &NewContribution,
    audit: &AuditRecord,
) -> Result<Contribution> {
    let Inner { conn, scales } = inner;
    let currency = goal_currency(conn, book, goal)?;
    let scale = scale_of(conn, scales, book, &currency)?;
    let minor = money::to_minor(c.amount, &currency, scale, "amount")?;
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO goal_contributions (book_id, goal_id, date, amount_minor, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![book.0, goal.0, rows::date(c.date), minor, c.note],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    log(&tx, book, audit, Some(id))?;
    tx.commit().map_err(backend)?;
    Ok(Contribution {
        id: ContributionId(id),
        goal_id: goal,
        date: c.date,
        amount: c.amount,
        note: c.note.clone(),
    })
}

pub(crate) fn contributions(
    inner: &mut Inner,
    book: BookId,
    goal: Option<GoalId>,
) -> Result<Vec<Contribution>> {
    let Inner { conn, scales } = inner;
    let raw = {
        let mut st = conn
            .prepare_cached(
                "SELECT c.id, c.goal_id, c.date, c.amount_minor, c.note, g.currency
                 FROM goal_contributions c JOIN goals g ON g.id = c.goal_id
                 WHERE c.book_id = ?1 AND (?2 IS NULL OR c.goal_id = ?2) ORDER BY c.date, c.id",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(params![book.0, goal.map(|g| g.0)], |r| {
                Ok((
                    ContributionId(r.get(0)?),
                    GoalId(r.get(1)?),
                    rows::get_date(r, 2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?
    };
    raw.into_iter()
        .map(|(id, goal_id, date, minor, note, currency)| {
            let scale = scale_of(conn, scales, book, &currency)?;
            Ok(Contribution { id, goal_id, date, amount: money::from_minor(minor, scale), note })
        })
        .collect()
}
