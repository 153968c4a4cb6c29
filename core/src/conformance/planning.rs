//! Goals and alerts against every store: progress, projections and schedule of each goal
//! kind, reaching a target, archiving; each alert kind raised exactly once whether evaluated
//! automatically after writes or on demand, twice; delivery as events after commit.

use super::{day, expect_code, Fixture};
use crate::alert::{AlertFilter, AlertKind, AlertSettings, LowBalance};
use crate::budget::{BudgetCategory, NewBudget, Period};
use crate::goal::{GoalState, GoalUpdate};
use crate::{Engine, Event, GoalKind, GoalStatus, NewContribution, NewGoal, NewTransaction};
use chrono::{TimeZone, Utc};
use rust_decimal_macros::dec;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

fn at(f: &Fixture, y: i32, m: u32, d: u32) {
    f.clock.set(Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).single().expect("time"));
}

/// Every goal kind: progress, the monthly amount a deadline needs, the projection from the
/// recent pace, the schedule, ACHIEVED with its date, archiving.
pub fn scenario_goals(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let goals = f.book.goals();
    f.add(NewTransaction::transfer(day(2026, 3, 1), f.checking, f.savings, dec!(200)));
    let save = goals
        .create(
            NewGoal::new(
                "Holiday",
                GoalKind::SaveToward { accounts: vec![f.savings] },
                dec!(1000),
                "EUR",
            )
            .deadline(day(2026, 12, 31)),
        )
        .expect("goal");
    assert_eq!(
        (save.baseline, save.start_date, save.status),
        (dec!(200), day(2026, 3, 15), GoalStatus::Active)
    );
    goals
        .contribute(save.id, NewContribution::new(day(2026, 3, 15), dec!(100)))
        .expect("contribute");
    let p = goals.progress(save.id).expect("progress");
    assert_eq!(
        (p.current, p.target, p.remaining, p.percent),
        (dec!(300), dec!(1000), dec!(700), dec!(30))
    );
    assert_eq!(p.required_monthly, Some(dec!(70)));
    assert_eq!(p.monthly_pace, dec!(100));
    assert_eq!(p.projected_completion, Some(day(2026, 10, 15)));
    assert_eq!((p.state, p.shortfall), (GoalState::Ahead, dec!(0)));

    at(&f, 2026, 9, 15);
    let p = goals.progress(save.id).expect("progress");
    assert_eq!((p.monthly_pace, p.projected_completion), (dec!(0), None));
    assert_eq!(p.required_monthly, Some(dec!(175)));
    assert_eq!((p.state, p.shortfall), (GoalState::Behind, dec!(405.84)));

    f.add(NewTransaction::expense(day(2026, 9, 1), f.card, f.household, dec!(1000), "Sofa"));
    let debt = goals
        .create(NewGoal::new(
            "Card",
            GoalKind::PayDownDebt { accounts: vec![f.card] },
            dec!(0),
            "EUR",
        ))
        .expect("debt goal");
    assert_eq!(debt.baseline, dec!(1000));
    f.add(NewTransaction::transfer(day(2026, 9, 15), f.checking, f.card, dec!(400)));
    let p = goals.progress(debt.id).expect("debt progress");
    assert_eq!((p.current, p.target, p.percent), (dec!(400), dec!(1000), dec!(40)));

    let cap = goals
        .create(NewGoal::new(
            "Eating",
            GoalKind::CapSpending { categories: vec![f.food], period: Period::Monthly },
            dec!(300),
            "EUR",
        ))
        .expect("cap goal");
    f.add(NewTransaction::expense(day(2026, 9, 10), f.cash, f.restaurants, dec!(150), "Bistro"));
    let p = goals.progress(cap.id).expect("cap progress");
    assert_eq!((p.current, p.monthly_pace, p.state), (dec!(150), dec!(300), GoalState::OnTrack));
    f.add(NewTransaction::expense(day(2026, 9, 15), f.cash, f.groceries, dec!(10), "Market"));
    let p = goals.progress(cap.id).expect("cap progress");
    assert_eq!((p.current, p.state, p.shortfall), (dec!(160), GoalState::Behind, dec!(20)));

    // Reaching the target: the write that does it marks the goal ACHIEVED with the day.
    f.add(NewTransaction::transfer(day(2026, 9, 15), f.checking, f.savings, dec!(800)));
    let reached = goals.get(save.id).expect("goal");
    assert_eq!(
        (reached.status, reached.achieved_on),
        (GoalStatus::Achieved, Some(day(2026, 9, 15)))
    );
    assert_eq!(goals.progress(save.id).expect("progress").percent, dec!(110));
    let archived = goals.archive(save.id).expect("archive");
    assert_eq!(archived.status, GoalStatus::Archived);
    expect_code(
        goals.contribute(save.id, NewContribution::new(day(2026, 9, 15), dec!(1))),
        "goal_archived",
    );
    expect_code(
        goals.update(save.id, GoalUpdate { target: Some(dec!(5)), ..GoalUpdate::default() }),
        "goal_archived",
    );
    assert_eq!(goals.unarchive(save.id).expect("unarchive").status, GoalStatus::Achieved);
    let renamed = goals
        .update(debt.id, GoalUpdate { name: Some("Visa".to_owned()), ..GoalUpdate::default() })
        .expect("update");
    assert_eq!(renamed.name, "Visa");
    assert_eq!(goals.list().expect("list").len(), 3);
    assert_eq!(goals.contributions(save.id).expect("contributions").len(), 1);

    let invalid = |new: NewGoal, field: &str, code: &str| {
        let err = expect_code(goals.create(new), code);
        assert_eq!(err.field().as_deref(), Some(field), "{err}");
    };
    let save_in = |accounts| GoalKind::SaveToward { accounts };
    invalid(
        NewGoal::new("X", save_in(vec![f.groceries]), dec!(1), "EUR"),
        "kind.accounts[0]",
        "invalid_field",
    );
    invalid(
        NewGoal::new("X", save_in(vec![crate::AccountId(999_999)]), dec!(1), "EUR"),
        "kind.accounts[0]",
        "account_not_found",
    );
    invalid(
        NewGoal::new(
            "X",
            GoalKind::CapSpending { categories: vec![], period: Period::Monthly },
            dec!(1),
            "EUR",
        ),
        "kind.categories",
        "invalid_field",
    );
    invalid(NewGoal::new("X", save_in(vec![]), dec!(0), "EUR"), "target", "invalid_field");
    invalid(NewGoal::new("X", save_in(vec![]), dec!(1.001), "EUR"), "target", "too_many_decimals");
    invalid(
        NewGoal::new("X", save_in(vec![]), dec!(1), "EUR").deadline(day(2026, 9, 14)),
        "deadline",
        "invalid_field",
    );
    invalid(
        NewGoal::new("X", save_in(vec![]), dec!(1), "EUR").pace_months(0),
        "pace_months",
        "invalid_field",
    );
    invalid(NewGoal::new("", save_in(vec![]), dec!(1), "EUR"), "name", "invalid_field");
    invalid(NewGoal::new("X", save_in(vec![]), dec!(1), "ZZZ"), "currency", "unknown_commodity");
    let other = f.neighbour("grace@example.com", "Other");
    expect_code(other.book.goals().get(save.id), "goal_not_found");
    expect_code(
        other.book.goals().contribute(save.id, NewContribution::new(day(2026, 9, 15), dec!(1))),
        "goal_not_found",
    );
}

/// The story that raises each alert kind once.
fn alert_story(f: &Fixture, auto: bool) {
    f.add(NewTransaction::transfer(day(2026, 1, 1), f.opening, f.checking, dec!(3000)));
    let alerts = f.book.alerts();
    let settings = AlertSettings {
        auto_evaluate: auto,
        large_transaction: Some(dec!(1000)),
        low_balances: vec![LowBalance { account_id: f.checking, below: dec!(100) }],
        ..AlertSettings::default()
    };
    assert_eq!(alerts.set_settings(settings.clone()).expect("settings"), settings);
    assert_eq!(alerts.settings().expect("settings"), settings);
    at(f, 2026, 1, 15);
    let goals = f.book.goals();
    goals
        .create(
            NewGoal::new("Car", GoalKind::SaveToward { accounts: vec![] }, dec!(6000), "EUR")
                .deadline(day(2026, 6, 30)),
        )
        .expect("car");
    goals
        .create(NewGoal::new(
            "Cushion",
            GoalKind::SaveToward { accounts: vec![f.savings] },
            dec!(1700),
            "EUR",
        ))
        .expect("cushion");
    let history: Vec<NewTransaction> = (0..10_u32)
        .map(|i| {
            let d = day(2026, 1, 2) + chrono::Days::new(u64::from(5 * i));
            NewTransaction::expense(
                d,
                f.cash,
                f.restaurants,
                dec!(20) + rust_decimal::Decimal::from(i),
                "Trattoria",
            )
        })
        .collect();
    f.book.transactions().add_batch(&history).expect("history");
    at(f, 2026, 3, 15);
    let budget = f
        .book
        .budgets()
        .create(
            NewBudget::new("Groceries", Period::Monthly, day(2026, 3, 1), "EUR")
                .category(BudgetCategory::new(f.groceries)),
        )
        .expect("budget");
    f.book
        .budgets()
        .set_allocation(budget.id, day(2026, 3, 1), f.groceries, dec!(100))
        .expect("allocation");
    f.add(NewTransaction::expense(day(2026, 3, 10), f.card, f.groceries, dec!(85), "Market"));
    f.add(NewTransaction::expense(
        day(2026, 3, 12),
        f.checking,
        f.restaurants,
        dec!(1200),
        "Trattoria",
    ));
    f.add(NewTransaction::expense(
        day(2026, 3, 13),
        f.cash,
        f.household,
        dec!(42.50),
        "Hardware Store 12",
    ));
    f.add(NewTransaction::expense(
        day(2026, 3, 14),
        f.cash,
        f.household,
        dec!(42.50),
        "HARDWARE STORE 7",
    ));
    f.add(NewTransaction::transfer(day(2026, 3, 14), f.checking, f.savings, dec!(900)));
    f.add(NewTransaction::transfer(day(2026, 3, 14), f.checking, f.savings, dec!(850)));
}

fn kinds(alerts: &[crate::Alert]) -> BTreeMap<AlertKind, usize> {
    let mut out = BTreeMap::new();
    for a in alerts {
        *out.entry(a.kind).or_default() += 1;
    }
    out
}

fn every_kind_once() -> BTreeMap<AlertKind, usize> {
    AlertKind::ALL.into_iter().map(|k| (k, 1)).collect()
}

/// Alerts raised automatically after writes: each kind exactly once, delivered as events in
/// order after the write committed (a panicking subscriber undoes nothing); evaluating on
/// demand twice adds nothing; read, dismiss, filters.
pub fn scenario_alerts_after_writes(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let _panicky = f.book.subscribe(Arc::new(|_, _: &Event| panic!("subscriber failure")));
    let sink = Arc::clone(&seen);
    let book = f.book.clone();
    f.book.subscribe(Arc::new(move |_, event: &Event| {
        if let Event::AlertRaised { alert } = event {
            // The alert and what it is about have committed.
            let stored = book.alerts().list(&AlertFilter::all()).expect("list");
            assert!(stored.iter().any(|a| a.id == alert.id), "alert {} committed", alert.id);
            for id in &alert.entities.transaction_ids {
                assert!(book.transactions().get(*id).is_ok(), "transaction {id} committed");
            }
        }
        sink.lock().expect("lock").push(event.clone());
    }));
    alert_story(&f, true);
    let alerts = f.book.alerts();
    let all = alerts.list(&AlertFilter::all()).expect("list");
    assert_eq!(kinds(&all), every_kind_once(), "{all:#?}");
    let events = seen.lock().expect("lock").clone();
    let raised: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::AlertRaised { alert } => Some(alert.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(raised, all, "every alert delivered once, in the order raised");
    // The write's own event comes first, then its alerts.
    let first_alert = events.iter().position(|e| e.kind() == "alert_raised").expect("an alert");
    assert!(first_alert > 0 && events[first_alert - 1].kind() != "alert_raised");
    let unusual = all.iter().find(|a| a.kind == AlertKind::UnusualTransaction).expect("unusual");
    assert!(
        unusual.message.contains("payee Trattoria")
            && unusual.message.contains("24.50")
            && unusual.message.contains("MAD 2.50"),
        "{}",
        unusual.message
    );
    let threshold = all.iter().find(|a| a.kind == AlertKind::BudgetThreshold).expect("threshold");
    assert!(threshold.key.ends_with(":2026-03-01:80"), "{}", threshold.key);
    assert!(threshold.message.contains("85.00%"), "{}", threshold.message);
    let duplicate = all.iter().find(|a| a.kind == AlertKind::PossibleDuplicate).expect("duplicate");
    assert_eq!(duplicate.entities.transaction_ids.len(), 2);
    let low = all.iter().find(|a| a.kind == AlertKind::LowBalance).expect("low");
    assert_eq!(low.amount, Some(dec!(50)));

    assert!(alerts.evaluate().expect("evaluate").is_empty(), "nothing new");
    assert!(alerts.evaluate().expect("evaluate").is_empty(), "still nothing new");
    assert_eq!(alerts.list(&AlertFilter::all()).expect("list").len(), 7);

    alerts.mark_read(&[all[0].id, all[1].id]).expect("read");
    assert_eq!(alerts.list(&AlertFilter::all().unread()).expect("unread").len(), 5);
    alerts.dismiss(&[all[2].id]).expect("dismiss");
    assert_eq!(alerts.list(&AlertFilter::all()).expect("list").len(), 6);
    let with_dismissed = AlertFilter { include_dismissed: true, ..AlertFilter::default() };
    assert_eq!(alerts.list(&with_dismissed).expect("list").len(), 7);
    let only = AlertFilter::all().kind(AlertKind::LowBalance);
    assert_eq!(alerts.list(&only).expect("list").len(), 1);
    let audit = f.audit_len();
    expect_code(alerts.mark_read(&[all[3].id, crate::AlertId(999_999)]), "alert_not_found");
    assert_eq!(f.audit_len(), audit, "a failed call changes nothing");
    assert!(!alerts
        .list(&AlertFilter::all())
        .expect("list")
        .iter()
        .any(|a| a.id == all[3].id && a.read));
    let other = f.neighbour("grace@example.com", "Other");
    expect_code(other.book.alerts().dismiss(&[all[0].id]), "alert_not_found");
    assert!(other.book.alerts().list(&AlertFilter::all()).expect("list").is_empty());
}

/// With automatic evaluation off, nothing is raised by writes; one evaluation raises each
/// kind once and a second raises nothing.
pub fn scenario_alerts_on_demand(make: fn() -> Engine) {
    let f = Fixture::new(make);
    alert_story(&f, false);
    let alerts = f.book.alerts();
    assert!(alerts.list(&AlertFilter::all()).expect("list").is_empty());
    let raised = alerts.evaluate().expect("evaluate");
    assert_eq!(kinds(&raised), every_kind_once(), "{raised:#?}");
    assert!(alerts.evaluate().expect("again").is_empty());
    assert_eq!(alerts.list(&AlertFilter::all()).expect("list"), raised);
    let bad = AlertSettings { unusual_samples: 0, ..AlertSettings::default() };
    let err = expect_code(alerts.set_settings(bad), "invalid_field");
    assert_eq!(err.field().as_deref(), Some("unusual_samples"));
}
