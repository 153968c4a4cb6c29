//! Budgets and alerts on the million-transaction SQLite book of `ledger.rs` (issue 9, item 5):
//! the status of a 40-category monthly budget (with every period's rollover since the
//! budget's start), and the alerts evaluated after a 10,000-transaction import (the same
//! `add_batch` an import ends in), measured as the import with automatic evaluation on
//! against the same import with it off.
//!
//! `TALLY_BENCH_N=100000 cargo bench -p tally-benches --bench budgets` runs a quick version.

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tally_benches::{bench_n, load_tally, setup_book, Chart, Workload, BATCH_SIZE, SEED};
use tally_core::alert::{AlertSettings, LowBalance};
use tally_core::budget::{BudgetCategory, NewAllocation, NewBudget, Period};
use tally_core::{Book, BudgetId, GoalKind, NewGoal, NewTransaction};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

struct Prepared {
    book: Book,
    chart: Chart,
    // Dropped last: holds the file.
    _dir: tempfile::TempDir,
}

fn settings(auto: bool, chart: &Chart) -> AlertSettings {
    AlertSettings {
        auto_evaluate: auto,
        large_transaction: Some(Decimal::new(49_500, 2)),
        low_balances: vec![LowBalance {
            account_id: chart.checking(),
            below: Decimal::new(100, 0),
        }],
        ..AlertSettings::default()
    }
}

fn prepare(n: u64) -> Prepared {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, chart) = setup_book(&engine).expect("set up book");
    // The book is loaded without alerts (as a first import of years of history would be).
    book.alerts().set_settings(settings(false, &chart)).expect("settings");
    let workload = Workload::new(chart.clone(), SEED, n);
    let load = load_tally(&book, &workload, BATCH_SIZE).expect("insert");
    eprintln!("prepared Tally book: {n} transactions, add_batch {load:.1?}");
    book.goals()
        .create(NewGoal::new(
            "Savings",
            GoalKind::SaveToward { accounts: vec![chart.funds[1]] },
            Decimal::new(10_000_000, 0),
            "EUR",
        ))
        .expect("goal");
    Prepared { book, chart, _dir: dir }
}

/// A monthly budget of 40 categories (every expense leaf and the first income leaves) from
/// `start`, with an allocation for every expense category in every month through 2025.
fn budget(p: &Prepared, start: NaiveDate) -> (BudgetId, usize) {
    let mut new = NewBudget::new("Household", Period::Monthly, start, "EUR");
    let income = 40 - p.chart.expenses.len();
    for id in p.chart.expenses.iter().chain(p.chart.income.iter().take(income)) {
        new = new.category(BudgetCategory::new(*id));
    }
    assert_eq!(new.categories.len(), 40);
    let b = p.book.budgets().create(new).expect("budget");
    let periods = Period::Monthly.periods_through(start, day(2025, 12, 31));
    let mut allocations = Vec::new();
    for (i, period) in periods.iter().enumerate() {
        for (j, id) in p.chart.expenses.iter().enumerate() {
            let cents = 20_000 + 1_000 * i64::try_from((i + j) % 17).expect("small");
            allocations.push(NewAllocation::new(period.start, *id, Decimal::new(cents, 2)));
        }
    }
    p.book.budgets().set_allocations(b.id, &allocations).expect("allocations");
    (b.id, periods.len())
}

fn status(c: &mut Criterion, p: &Prepared) {
    let mut group = c.benchmark_group("budget_status_40_categories");
    group.sample_size(50).measurement_time(Duration::from_secs(10));
    let on = day(2025, 12, 15);
    for (name, start) in [
        ("monthly_since_2023_36_periods", day(2023, 1, 1)),
        ("monthly_since_2025_12_periods", day(2025, 1, 1)),
    ] {
        let (id, periods) = budget(p, start);
        let s = p.book.budgets().status(id, on).expect("status");
        eprintln!(
            "{name}: {} lines, spent {} of {} allocated + {} rolled in",
            s.categories.len(),
            s.totals.spent,
            s.totals.allocated,
            s.totals.rolled_in
        );
        // Category-periods computed per status.
        group.throughput(Throughput::Elements(40 * periods as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(p.book.budgets().status(id, on).expect("status")))
        });
        p.book.budgets().delete(id).expect("delete");
    }
    group.finish();
}

/// 10,000 transactions of the workload moved into one month, as a bank import delivers them:
/// the `n`th import fills the `n`th month after the book's history (from January 2026), so
/// each import meets the month before it at its start, as statements follow each other.
fn import_batch(chart: &Chart, n: u32) -> Vec<NewTransaction> {
    let workload = Workload::new(chart.clone(), SEED + u64::from(n) + 1, 10_000);
    let month = chrono::Months::new(n);
    let first = day(2026, 1, 1).checked_add_months(month).expect("month");
    let mut batch = workload.transactions(0..10_000);
    for (i, tx) in batch.iter_mut().enumerate() {
        tx.date = first.checked_add_days(Days::new(i as u64 * 28 / 10_000)).expect("day");
    }
    batch
}

fn alerts(c: &mut Criterion, p: &Prepared) {
    // A budget over the months of the imports, so thresholds are evaluated too.
    let (budget_id, _) = budget(p, day(2023, 1, 1));
    let mut group = c.benchmark_group("alerts_after_import_10k");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        // Each iteration adds 10,000 transactions to the book: few iterations, so the book
        // stays near its size (about 20 imports per function).
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(10_000));
    let mut month = 0_u32;
    let mut run = |auto: bool, iters: u64| -> Duration {
        p.book.alerts().set_settings(settings(auto, &p.chart)).expect("settings");
        let mut spent = Duration::ZERO;
        for _ in 0..iters {
            let batch = import_batch(&p.chart, month);
            month += 1;
            let start = Instant::now();
            p.book.transactions().add_batch(&batch).expect("import");
            spent += start.elapsed();
        }
        spent
    };
    group.bench_function("add_batch_with_alerts", |b| b.iter_custom(|iters| run(true, iters)));
    group.bench_function("add_batch_without_alerts", |b| b.iter_custom(|iters| run(false, iters)));
    group.finish();
    // The evaluation's own cost, paired: imports with and without it, alternating, so load
    // on the machine hits both alike.
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        with.push(run(true, 1));
        without.push(run(false, 1));
    }
    with.sort();
    without.sort();
    let mut deltas: Vec<i128> = with
        .iter()
        .zip(&without)
        .map(|(w, o)| {
            i128::try_from(w.as_micros()).unwrap_or(0) - i128::try_from(o.as_micros()).unwrap_or(0)
        })
        .collect();
    deltas.sort_unstable();
    eprintln!(
        "paired, 10 imports each: median with alerts {:?}, without {:?}; difference of the medians {} us",
        with[5], without[5], deltas[5]
    );
    let raised = p.book.alerts().list(&tally_core::AlertFilter::all()).expect("alerts");
    let mut kinds = std::collections::BTreeMap::new();
    for a in &raised {
        *kinds.entry(a.kind.as_str()).or_insert(0_u32) += 1;
    }
    eprintln!("alerts raised over {month} imports of 10,000: {kinds:?}");
    p.book.budgets().delete(budget_id).expect("delete");
}

fn benches(c: &mut Criterion) {
    let p = prepare(bench_n());
    status(c, &p);
    alerts(c, &p);
}

criterion_group!(budget_benches, benches);
criterion_main!(budget_benches);
