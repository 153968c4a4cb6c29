//! Budgets against every store: creation and validation, overlap rules, status with a parent
//! covering its children, rollover across month ends and February 29, envelope pools,
//! templates, currency conversion, and the invariants of issue 9 as properties.

use super::{day, expect_code, Fixture};
use crate::budget::{
    BudgetCategory, BudgetMode, BudgetUpdate, NewAllocation, NewBudget, OverspendPolicy, Period,
    SurplusPolicy, Template, TemplateRule,
};
use crate::{AccountKind, Engine, NewAccount, NewTransaction, Rate, Rounding};
use chrono::{NaiveDate, TimeZone, Utc, Weekday};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Create, get, list, update, delete; every validation error names its field; budgets may
/// overlap in time only with different categories (a parent and its child overlap).
pub fn scenario_budget_crud_and_overlap(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let budgets = f.book.budgets();
    let jan = day(2026, 1, 1);
    let new = NewBudget::new("Home", Period::Monthly, day(2026, 1, 17), "EUR")
        .category(BudgetCategory::new(f.food))
        .category(BudgetCategory::new(f.rent).rollover(SurplusPolicy::ReturnToPool));
    let home = budgets.create(new.clone()).expect("create");
    assert_eq!(home.thresholds, [80, 100]);
    assert_eq!(home.mode, BudgetMode::Period);
    assert_eq!(budgets.get(home.id).expect("get"), home);
    assert_eq!(budgets.list().expect("list"), std::slice::from_ref(&home));
    assert_eq!(f.last_audit().entity, crate::EntityKind::Budget);

    let err = expect_code(
        budgets.create(
            NewBudget::new("Groceries", Period::Weekly { week_start: Weekday::Mon }, jan, "EUR")
                .category(BudgetCategory::new(f.household))
                .category(BudgetCategory::new(f.groceries)),
        ),
        "budget_overlap",
    );
    assert_eq!(err.field().as_deref(), Some("categories[1].account_id"));
    assert!(err.to_string().contains("Expenses:Food:Groceries"), "{err}");
    // A custom range before the monthly budget's first period does not overlap it.
    let december = Period::Custom { start: day(2025, 12, 1), end: day(2025, 12, 31) };
    let trip = budgets
        .create(
            NewBudget::new("December", december, day(2025, 12, 1), "EUR")
                .category(BudgetCategory::new(f.groceries)),
        )
        .expect("no time overlap");
    let invalid = |new: NewBudget, field: &str, code: &str| {
        let err = expect_code(budgets.create(new), code);
        assert_eq!(err.field().as_deref(), Some(field), "{err}");
    };
    let base = || NewBudget::new("X", Period::Yearly, day(2030, 1, 1), "EUR");
    invalid(
        base().category(BudgetCategory::new(f.checking)),
        "categories[0].account_id",
        "invalid_field",
    );
    invalid(
        base().category(BudgetCategory::new(crate::AccountId(999_999))),
        "categories[0].account_id",
        "account_not_found",
    );
    invalid(base().thresholds(&[0]), "thresholds[0]", "invalid_field");
    invalid(NewBudget::new(" ", Period::Yearly, jan, "EUR"), "name", "invalid_field");
    invalid(NewBudget::new("X", Period::Yearly, jan, "XXX"), "currency", "unknown_commodity");
    invalid(
        NewBudget::new(
            "X",
            Period::Custom { start: day(2030, 2, 1), end: day(2030, 1, 1) },
            jan,
            "EUR",
        ),
        "period.end",
        "invalid_field",
    );
    invalid(
        base().category(
            BudgetCategory::new(f.salary)
                .template(Template::new(1, TemplateRule::FixedAmount { amount: dec!(1.001) })),
        ),
        "categories[0].template.rule.amount",
        "too_many_decimals",
    );
    let audit = f.audit_len();

    let updated = budgets
        .update(home.id, BudgetUpdate::default().name("House").thresholds(&[100, 50, 50]))
        .expect("update");
    assert_eq!((updated.name.as_str(), updated.thresholds.clone()), ("House", vec![50, 100]));
    assert_eq!(f.audit_len(), audit + 1);
    let misc = budgets
        .create(
            NewBudget::new("Misc", Period::Quarterly, jan, "EUR")
                .category(BudgetCategory::new(f.household)),
        )
        .expect("misc");
    let both = vec![BudgetCategory::new(f.household), BudgetCategory::new(f.rent)];
    let err = expect_code(
        budgets.update(misc.id, BudgetUpdate::default().categories(both)),
        "budget_overlap",
    );
    assert!(err.to_string().contains("House"), "{err}");
    assert_eq!(err.field().as_deref(), Some("categories[1].account_id"));
    // The December budget may take Food: it ends before House starts.
    let food_only = vec![BudgetCategory::new(f.food)];
    budgets.update(trip.id, BudgetUpdate::default().categories(food_only)).expect("no overlap");

    let other = f.neighbour("grace@example.com", "Other");
    expect_code(other.book.budgets().get(home.id), "budget_not_found");
    expect_code(other.book.budgets().delete(home.id), "budget_not_found");
    budgets.set_allocation(home.id, jan, f.food, dec!(300)).expect("allocation");
    budgets.delete(home.id).expect("delete");
    expect_code(budgets.get(home.id), "budget_not_found");
    assert_eq!(budgets.list().expect("list").len(), 2);
    // Its categories are free again.
    budgets.create(new).expect("recreate");
}

/// Status of monthly periods: a parent covers its children unless listed, surplus rolls and
/// overspending carries, spending counts by civil date across month ends, February 29 and a
/// DST change day, and a projection follows the pace.
pub fn scenario_budget_status_and_rollover(make: fn() -> Engine) {
    let f = Fixture::new(make);
    // The clock on the morning of the spring DST change in Europe (civil dates do not move).
    f.clock.set(Utc.with_ymd_and_hms(2028, 3, 26, 0, 30, 0).single().expect("time"));
    let budgets = f.book.budgets();
    let b = budgets
        .create(
            NewBudget::new("Leap", Period::Monthly, day(2028, 1, 10), "EUR")
                .category(BudgetCategory::new(f.food))
                .category(BudgetCategory::new(f.groceries))
                .category(
                    BudgetCategory::new(f.rent)
                        .rollover(SurplusPolicy::ReturnToPool)
                        .overspend(OverspendPolicy::TakeFromPool),
                ),
        )
        .expect("budget");
    let mut allocations = Vec::new();
    for m in 1..=3 {
        allocations.push(NewAllocation::new(day(2028, m, 15), f.food, dec!(200)));
        allocations.push(NewAllocation::new(day(2028, m, 15), f.groceries, dec!(300)));
        allocations.push(NewAllocation::new(day(2028, m, 15), f.rent, dec!(1000)));
    }
    let stored = budgets.set_allocations(b.id, &allocations).expect("allocations");
    assert_eq!(stored[3].period_start, day(2028, 2, 1), "stored on the period's first day");
    let spend = |d: NaiveDate, category, amount| {
        f.add(NewTransaction::expense(d, f.checking, category, amount, "Shop"));
    };
    spend(day(2028, 1, 31), f.groceries, dec!(250));
    spend(day(2028, 1, 31), f.restaurants, dec!(230)); // covered by Food
    spend(day(2028, 1, 2), f.food, dec!(0.5)); // before the budget's start date, same period
    spend(day(2028, 1, 3), f.rent, dec!(900));
    spend(day(2028, 2, 1), f.groceries, dec!(100));
    spend(day(2028, 2, 29), f.groceries, dec!(100));
    spend(day(2028, 2, 29), f.rent, dec!(1100));
    spend(day(2028, 3, 1), f.groceries, dec!(40));
    spend(day(2028, 3, 26), f.food, dec!(20));
    spend(day(2028, 3, 27), f.food, dec!(999)); // after the status date

    let jan = budgets.status(b.id, day(2028, 1, 31)).expect("january");
    assert_eq!((jan.period_start, jan.period_end), (day(2028, 1, 1), day(2028, 1, 31)));
    let line = |s: &crate::BudgetStatus, id| {
        s.categories.iter().find(|c| c.account_id == id).cloned().expect("line")
    };
    assert_eq!(line(&jan, f.food).spent, dec!(230.5));
    assert_eq!(line(&jan, f.food).path, "Expenses:Food");
    assert_eq!(line(&jan, f.groceries).spent, dec!(250));
    assert_eq!(line(&jan, f.food).percent_used, Some(dec!(115.25)));

    let feb = budgets.status(b.id, day(2028, 2, 29)).expect("february");
    assert_eq!(feb.period_end, day(2028, 2, 29));
    let food = line(&feb, f.food);
    assert_eq!((food.rolled_in, food.spent, food.available), (dec!(-30.5), dec!(0), dec!(169.5)));
    let groceries = line(&feb, f.groceries);
    assert_eq!(
        (groceries.rolled_in, groceries.spent, groceries.available),
        (dec!(50), dec!(200), dec!(150))
    );
    let rent = line(&feb, f.rent);
    assert_eq!(
        (rent.rolled_in, rent.available),
        (dec!(0), dec!(-100)),
        "surplus returned to the pool"
    );
    assert!(feb.pool.is_none(), "period budgets have no pool");

    let mar = budgets.status(b.id, day(2028, 3, 26)).expect("march");
    assert_eq!(mar.as_of, day(2028, 3, 26));
    let rent = line(&mar, f.rent);
    assert_eq!(
        (rent.rolled_in, rent.available),
        (dec!(0), dec!(1000)),
        "overspending taken from the pool"
    );
    let groceries = line(&mar, f.groceries);
    assert_eq!(
        (groceries.rolled_in, groceries.spent, groceries.available),
        (dec!(150), dec!(40), dec!(410))
    );
    let food = line(&mar, f.food);
    assert_eq!(food.spent, dec!(20), "spending after the status date is not counted");
    // 20 over 26 days of a 31-day month.
    assert_eq!(food.projected_spend, dec!(23.85));
    assert_eq!(mar.totals.spent, dec!(60));
    assert_eq!(mar.totals.allocated, dec!(1500));
    assert_eq!(
        mar.totals.available,
        mar.totals.allocated + mar.totals.rolled_in - mar.totals.spent
    );
    expect_code(budgets.status(b.id, day(2027, 12, 31)), "invalid_field");
    let err = expect_code(
        budgets.set_allocations(b.id, &[NewAllocation::new(day(2028, 1, 1), f.household, dec!(1))]),
        "invalid_field",
    );
    assert_eq!(err.field().as_deref(), Some("allocations[0].account_id"));
    let err = expect_code(
        budgets.set_allocations(b.id, &[NewAllocation::new(day(2028, 1, 1), f.food, dec!(1.234))]),
        "too_many_decimals",
    );
    assert_eq!(err.field().as_deref(), Some("allocations[0].amount"));
    // Zero removes an allocation.
    budgets.set_allocation(b.id, day(2028, 3, 1), f.food, Decimal::ZERO).expect("remove");
    assert_eq!(budgets.allocations(b.id, day(2028, 3, 31)).expect("list").len(), 2);
}

/// Weekly budgets across a year boundary and a custom range.
pub fn scenario_budget_weeks_and_custom_ranges(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let budgets = f.book.budgets();
    let weekly = budgets
        .create(
            NewBudget::new(
                "Weekly",
                Period::Weekly { week_start: Weekday::Mon },
                day(2026, 12, 21),
                "EUR",
            )
            .category(BudgetCategory::new(f.groceries)),
        )
        .expect("weekly");
    budgets
        .set_allocation(weekly.id, day(2026, 12, 30), f.groceries, dec!(70))
        .expect("allocation");
    f.add(NewTransaction::expense(day(2026, 12, 27), f.cash, f.groceries, dec!(5), "Sunday"));
    f.add(NewTransaction::expense(day(2026, 12, 28), f.cash, f.groceries, dec!(10), "Monday"));
    f.add(NewTransaction::expense(day(2027, 1, 3), f.cash, f.groceries, dec!(20), "Sunday"));
    f.add(NewTransaction::expense(day(2027, 1, 4), f.cash, f.groceries, dec!(40), "Next week"));
    let s = budgets.status(weekly.id, day(2027, 1, 3)).expect("status");
    assert_eq!((s.period_start, s.period_end), (day(2026, 12, 28), day(2027, 1, 3)));
    assert_eq!(s.categories[0].spent, dec!(30));
    assert_eq!(s.categories[0].rolled_in, dec!(-5), "the week before overspent its zero");
    assert_eq!(s.categories[0].available, dec!(35));
    let next = budgets.status(weekly.id, day(2027, 1, 4)).expect("next week");
    assert_eq!(next.categories[0].rolled_in, dec!(35));
    assert_eq!(next.categories[0].projected_spend, dec!(280), "40 on day one of seven");

    let custom = Period::Custom { start: day(2027, 2, 10), end: day(2027, 3, 9) };
    let trip = budgets
        .create(
            NewBudget::new("Trip", custom, day(2000, 1, 1), "EUR")
                .category(BudgetCategory::new(f.restaurants)),
        )
        .expect("custom");
    assert_eq!(trip.start, day(2027, 2, 10), "a custom budget starts with its range");
    f.add(NewTransaction::expense(day(2027, 3, 9), f.cash, f.restaurants, dec!(12), "Last day"));
    f.add(NewTransaction::expense(day(2027, 3, 10), f.cash, f.restaurants, dec!(99), "After"));
    let s = budgets.status(trip.id, day(2027, 3, 9)).expect("status");
    assert_eq!(
        (s.period_start, s.period_end, s.categories[0].spent),
        (day(2027, 2, 10), day(2027, 3, 9), dec!(12))
    );
    expect_code(budgets.status(trip.id, day(2027, 3, 10)), "invalid_field");
}

/// Envelope budgets: income fills the pool, assigning and moving money, templates in
/// priority order until the pool runs out.
pub fn scenario_budget_envelopes_and_templates(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let budgets = f.book.budgets();
    let march = day(2026, 3, 1);
    let b = budgets
        .create(
            NewBudget::new("Envelopes", Period::Monthly, march, "EUR")
                .mode(BudgetMode::Envelope)
                .category(BudgetCategory::new(f.salary))
                .category(
                    BudgetCategory::new(f.rent).template(Template::new(
                        1,
                        TemplateRule::FixedAmount { amount: dec!(1200) },
                    )),
                )
                .category(
                    BudgetCategory::new(f.groceries)
                        .template(Template::new(2, TemplateRule::RefillUpTo { amount: dec!(400) })),
                )
                .category(
                    BudgetCategory::new(f.restaurants).template(Template::new(
                        3,
                        TemplateRule::PercentOfIncome { percent: dec!(5) },
                    )),
                )
                .category(
                    BudgetCategory::new(f.household)
                        .template(Template::new(9, TemplateRule::RemainderByWeight { weight: 1 })),
                )
                .category(
                    BudgetCategory::new(f.misc_category())
                        .template(Template::new(9, TemplateRule::RemainderByWeight { weight: 2 })),
                ),
        )
        .expect("envelope budget");
    f.add(NewTransaction::income(day(2026, 3, 1), f.checking, f.salary, dec!(2000), "Employer"));
    let s = budgets.status(b.id, day(2026, 3, 2)).expect("status");
    let pool = s.pool.clone().expect("pool");
    assert_eq!((pool.income, pool.to_be_budgeted), (dec!(2000), dec!(2000)));
    assert!(s.categories.iter().all(|c| c.account_id != f.salary), "income feeds the pool");

    budgets.assign(b.id, march, f.groceries, dec!(150)).expect("assign");
    budgets.move_money(b.id, march, Some(f.groceries), Some(f.rent), dec!(50)).expect("move");
    expect_code(budgets.move_money(b.id, march, None, None, dec!(1)), "invalid_field");
    expect_code(budgets.assign(b.id, march, f.groceries, dec!(-1)), "invalid_field");
    let allocated: Vec<_> = budgets.allocations(b.id, march).expect("allocations");
    let of = |id| allocated.iter().find(|a| a.account_id == id).map(|a| a.amount);
    assert_eq!((of(f.groceries), of(f.rent)), (Some(dec!(100)), Some(dec!(50))));
    let pool = budgets.status(b.id, day(2026, 3, 2)).expect("status").pool.expect("pool");
    assert_eq!(pool.to_be_budgeted, dec!(1850));

    let report =
        budgets.apply_templates(b.id, day(2026, 3, 20), Rounding::HalfEven).expect("templates");
    let fills: Vec<_> =
        report.fills.iter().map(|x| (x.account_id, x.rule.as_str(), x.wanted, x.filled)).collect();
    let placeholder = f.misc_category();
    assert_eq!(
        fills,
        [
            (f.rent, "fixed_amount", dec!(1150), dec!(1150)),
            (f.groceries, "refill_up_to", dec!(300), dec!(300)),
            (f.restaurants, "percent_of_income", dec!(100), dec!(100)),
            (f.household, "remainder_by_weight", dec!(100), dec!(100)),
            (placeholder, "remainder_by_weight", dec!(200), dec!(200)),
        ]
    );
    assert_eq!((report.pool_before, report.pool_after), (Some(dec!(1850)), Some(dec!(0))));
    let s = budgets.status(b.id, day(2026, 3, 31)).expect("status");
    assert_eq!(s.pool.expect("pool").to_be_budgeted, dec!(0));
    assert_eq!(s.totals.allocated, dec!(2000));
    // Again: everything is filled, the pool is empty, nothing changes.
    let again = budgets.apply_templates(b.id, march, Rounding::HalfEven).expect("again");
    assert!(again.fills.iter().all(|x| x.filled.is_zero()), "{again:?}");

    // April: no income yet; rent's fixed amount cannot be met from an empty pool.
    f.add(NewTransaction::expense(day(2026, 3, 5), f.checking, f.groceries, dec!(450), "Big shop"));
    let april = budgets.apply_templates(b.id, day(2026, 4, 1), Rounding::HalfEven).expect("april");
    assert_eq!(april.pool_before, Some(dec!(0)));
    assert!(april.fills.iter().all(|x| x.filled.is_zero()));
    f.add(NewTransaction::income(day(2026, 4, 1), f.checking, f.salary, dec!(1000), "Employer"));
    let april = budgets.apply_templates(b.id, day(2026, 4, 1), Rounding::HalfEven).expect("april");
    let got: Vec<_> = april.fills.iter().map(|x| (x.account_id, x.filled)).collect();
    // Rent wants 1200 but gets the whole pool of 1000; groceries (rolled in -50) gets none.
    assert_eq!(got[0], (f.rent, dec!(1000)));
    assert_eq!(got[1], (f.groceries, dec!(0)));
    assert_eq!(april.fills[1].wanted, dec!(450));
}

/// Spending in another currency is converted at the period's end; without a rate it is
/// listed, never taken 1:1.
pub fn scenario_budget_converts_currencies(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let accounts = f.book.accounts();
    let travel = accounts
        .create(NewAccount::new("Expenses:Travel", AccountKind::Expense, "USD"))
        .expect("travel")
        .id;
    let card = accounts
        .create(NewAccount::new("Liabilities:UsdCard", AccountKind::Liability, "USD"))
        .expect("card")
        .id;
    let budgets = f.book.budgets();
    let b = budgets
        .create(
            NewBudget::new("Travel", Period::Monthly, day(2026, 1, 1), "EUR")
                .category(BudgetCategory::new(travel)),
        )
        .expect("budget");
    budgets.set_allocation(b.id, day(2026, 1, 1), travel, dec!(500)).expect("allocation");
    f.add(NewTransaction::expense(day(2026, 1, 20), card, travel, dec!(110), "Hotel"));
    let s = budgets.status(b.id, day(2026, 1, 31)).expect("status");
    assert_eq!(s.categories[0].spent, dec!(0));
    assert_eq!(s.unconverted.len(), 1);
    assert_eq!((s.unconverted[0].commodity.as_str(), s.unconverted[0].amount), ("USD", dec!(110)));
    assert_eq!(s.unconverted[0].code, "no_rate");
    f.book.rates().add(Rate::new("EUR", "USD", day(2026, 1, 30), dec!(1.1), "test")).expect("rate");
    let s = budgets.status(b.id, day(2026, 1, 31)).expect("status");
    assert!(s.unconverted.is_empty());
    assert_eq!(s.categories[0].spent, dec!(100));
    assert_eq!(s.categories[0].available, dec!(400));
}

/// Policies per category, (allocations, spending) per month, income per month.
type BudgetCase = (Vec<(u8, u8, u8)>, Vec<(u32, u32, u32, u32)>, Vec<u32>);

fn budget_arb() -> impl Strategy<Value = BudgetCase> {
    (
        // Per category: surplus policy, overspend policy, unused.
        prop::collection::vec((0..2_u8, 0..2_u8, 0..1_u8), 3),
        // Per month: allocation food, groceries, spending food, groceries (whole euros).
        prop::collection::vec((0..300_u32, 0..300_u32, 0..400_u32, 0..400_u32), 6),
        // Income per month.
        prop::collection::vec(0..1000_u32, 6),
    )
}

/// For random allocations, spending, income and policies over six months of an envelope
/// budget: per category and period `allocated + rolled_in - spent = available`, and the pool
/// balances: `sum(available) + to_be_budgeted = income - spent` so far.
pub fn prop_budget_identities(make: fn() -> Engine) {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 8,
        ..ProptestConfig::default()
    });
    runner
        .run(&budget_arb(), |(policies, months, income)| {
            let f = Fixture::new(make);
            let budgets = f.book.budgets();
            let pol = |i: usize| {
                let (s, o, _) = policies[i];
                (
                    if s == 0 { SurplusPolicy::Roll } else { SurplusPolicy::ReturnToPool },
                    if o == 0 { OverspendPolicy::Carry } else { OverspendPolicy::TakeFromPool },
                )
            };
            let cats = [f.food, f.groceries, f.rent];
            let mut new = NewBudget::new("P", Period::Monthly, day(2026, 1, 1), "EUR")
                .mode(BudgetMode::Envelope);
            for (i, c) in cats.iter().enumerate() {
                let (s, o) = pol(i);
                new = new.category(BudgetCategory::new(*c).rollover(s).overspend(o));
            }
            let b = budgets.create(new).expect("budget");
            let mut allocations = Vec::new();
            let mut txs = Vec::new();
            for (m, (af, ag, sf, sg)) in months.iter().enumerate() {
                let d = day(2026, u32::try_from(m).expect("month") + 1, 28);
                allocations.push(NewAllocation::new(d, f.food, Decimal::from(*af)));
                allocations.push(NewAllocation::new(d, f.groceries, Decimal::from(*ag)));
                allocations.push(NewAllocation::new(d, f.rent, dec!(100)));
                if *sf > 0 {
                    txs.push(NewTransaction::expense(
                        d,
                        f.checking,
                        f.restaurants,
                        Decimal::from(*sf),
                        "R",
                    ));
                }
                if *sg > 0 {
                    txs.push(NewTransaction::expense(
                        d,
                        f.checking,
                        f.groceries,
                        Decimal::from(*sg),
                        "G",
                    ));
                }
                if income[m] > 0 {
                    txs.push(NewTransaction::income(
                        d,
                        f.checking,
                        f.salary,
                        Decimal::from(income[m]),
                        "Pay",
                    ));
                }
            }
            budgets.set_allocations(b.id, &allocations).expect("allocations");
            f.book.transactions().add_batch(&txs).expect("transactions");
            let (mut income_so_far, mut spent_so_far) = (Decimal::ZERO, Decimal::ZERO);
            for m in 1..=6 {
                let s = budgets.status(b.id, day(2026, m, 28)).expect("status");
                let mut available = Decimal::ZERO;
                for c in &s.categories {
                    prop_assert_eq!(c.allocated + c.rolled_in - c.spent, c.available);
                    available += c.available;
                    spent_so_far += c.spent;
                }
                let pool = s.pool.expect("pool");
                income_so_far += pool.income;
                prop_assert_eq!(
                    pool.income,
                    Decimal::from(income[usize::try_from(m - 1).expect("m")])
                );
                prop_assert_eq!(available + pool.to_be_budgeted, income_so_far - spent_so_far);
            }
            Ok(())
        })
        .expect("budget identities hold");
}

/// Over 24 months with surplus rolling and overspending carrying, what rolls into month 25
/// equals the sum of the monthly differences (allocated - spent).
pub fn prop_rollover_24_months(make: fn() -> Engine) {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 4,
        ..ProptestConfig::default()
    });
    runner
        .run(&prop::collection::vec((0..500_u32, 0..600_u32), 24), |months| {
            let f = Fixture::new(make);
            let budgets = f.book.budgets();
            let b = budgets
                .create(
                    NewBudget::new("Long", Period::Monthly, day(2026, 1, 1), "EUR")
                        .category(BudgetCategory::new(f.groceries)),
                )
                .expect("budget");
            let mut allocations = Vec::new();
            let mut txs = Vec::new();
            let mut difference = Decimal::ZERO;
            for (m, (a, s)) in months.iter().enumerate() {
                let first = day(
                    2026 + i32::try_from(m / 12).expect("y"),
                    u32::try_from(m % 12).expect("m") + 1,
                    1,
                );
                let last = crate::budget::Period::Monthly.containing(first).expect("month").end;
                allocations.push(NewAllocation::new(first, f.groceries, Decimal::from(*a)));
                if *s > 0 {
                    txs.push(NewTransaction::expense(
                        last,
                        f.checking,
                        f.groceries,
                        Decimal::from(*s),
                        "G",
                    ));
                }
                difference += Decimal::from(*a) - Decimal::from(*s);
            }
            budgets.set_allocations(b.id, &allocations).expect("allocations");
            f.book.transactions().add_batch(&txs).expect("transactions");
            let month25 = budgets.status(b.id, day(2028, 1, 15)).expect("status");
            prop_assert_eq!(month25.categories[0].rolled_in, difference);
            Ok(())
        })
        .expect("rollover adds up");
}

impl Fixture {
    /// `Expenses:Misc`, created on first use: a sixth category for template scenarios.
    pub fn misc_category(&self) -> crate::AccountId {
        match self.book.accounts().by_path("Expenses:Misc") {
            Ok(a) => a.id,
            Err(_) => {
                self.book
                    .accounts()
                    .create(NewAccount::new("Expenses:Misc", AccountKind::Expense, "EUR"))
                    .expect("misc")
                    .id
            }
        }
    }
}
