//! Tally against the plain rusqlite program, side by side: inserting a million two-split
//! transactions into a new SQLite file in batches of 10,000, then balances, a month's spending
//! by category and register pages on one prepared million-transaction book.
//!
//! `TALLY_BENCH_N=100000 cargo bench -p tally-benches --bench ledger` runs a quick version.

use chrono::NaiveDate;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use std::hint::black_box;
use std::time::{Duration, Instant};
use tally_benches::{
    bench_n, load_plain, load_tally, plain, reference_chart, setup_book, Chart, Workload,
    BATCH_SIZE, SEED,
};
use tally_core::{Book, PageRequest, SortOrder};

/// One insert of the whole workload into a new Tally book; only `add_batch` is timed.
fn insert_tally_once(n: u64) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, chart) = setup_book(&engine).expect("set up book");
    let workload = Workload::new(chart, SEED, n);
    load_tally(&book, &workload, BATCH_SIZE).expect("insert")
}

/// One insert of the whole workload with the plain program into a new file.
fn insert_plain_once(chart: &Chart, n: u64) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut conn = plain::open(dir.path().join("plain.sqlite")).expect("open plain");
    let workload = Workload::new(chart.clone(), SEED, n);
    load_plain(&mut conn, &workload, BATCH_SIZE).expect("insert")
}

fn insert(c: &mut Criterion) {
    let n = bench_n();
    let chart = reference_chart().expect("chart");
    let mut group = c.benchmark_group("insert_1m");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(n));
    group.bench_function("tally", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| insert_tally_once(n)).sum())
    });
    group.bench_function("plain_rusqlite", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| insert_plain_once(&chart, n)).sum())
    });
    group.finish();
}

/// The prepared databases the queries run on: one Tally book and one plain file with the
/// same `n` transactions.
struct Prepared {
    book: Book,
    chart: Chart,
    plain: rusqlite::Connection,
    n: u64,
    // Dropped last: holds the files.
    _dir: tempfile::TempDir,
}

fn prepare(n: u64) -> Prepared {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, chart) = setup_book(&engine).expect("set up book");
    let workload = Workload::new(chart.clone(), SEED, n);
    let start = Instant::now();
    let tally_insert = load_tally(&book, &workload, BATCH_SIZE).expect("insert");
    eprintln!(
        "prepared Tally book: {n} transactions, add_batch {:.1?}, with generation {:.1?}",
        tally_insert,
        start.elapsed()
    );
    let mut conn = plain::open(dir.path().join("plain.sqlite")).expect("open plain");
    let plain_insert = load_plain(&mut conn, &workload, BATCH_SIZE).expect("insert");
    eprintln!("prepared plain database: insert {plain_insert:.1?}");
    Prepared { book, chart, plain: conn, n, _dir: dir }
}

fn queries(c: &mut Criterion) {
    let n = bench_n();
    let p = prepare(n);
    let mid = NaiveDate::from_ymd_opt(2024, 7, 1).expect("date");
    let month = (
        NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
        NaiveDate::from_ymd_opt(2024, 6, 30).expect("date"),
    );

    let mut group = c.benchmark_group("balances_all_accounts");
    // The plain GROUP BY takes most of a second on a million transactions: fewer samples.
    group
        .sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(p.n));
    group.bench_function("tally", |b| {
        b.iter(|| black_box(p.book.accounts().balances(None).expect("balances")))
    });
    group.bench_function("plain_rusqlite", |b| {
        b.iter(|| black_box(plain::balances(&p.plain).expect("balances")))
    });
    group.bench_function("tally_as_of_mid", |b| {
        b.iter(|| black_box(p.book.accounts().balances(Some(mid)).expect("balances")))
    });
    group.bench_function("plain_rusqlite_as_of_mid", |b| {
        b.iter(|| black_box(plain::balances_as_of(&p.plain, mid).expect("balances")))
    });
    group.finish();

    let mut group = c.benchmark_group("spending_by_category_one_month");
    // Transactions in the month, about one in 36 of the book.
    group.throughput(Throughput::Elements(p.n * 30 / 1096));
    group.bench_function("tally", |b| {
        b.iter(|| {
            black_box(p.book.reports().spending_by_category(month.0, month.1).expect("spending"))
        })
    });
    group.bench_function("plain_rusqlite", |b| {
        b.iter(|| {
            black_box(plain::spending(&p.plain, &p.chart.expenses, month.0, month.1).expect("sum"))
        })
    });
    group.finish();

    // The busiest account, and a deep page: offset 500,000 when it has that many rows, else
    // its middle.
    let accounts = p.book.accounts();
    let (busiest, rows) = p
        .chart
        .funds
        .iter()
        .map(|&id| {
            let page = accounts.register(id, false, PageRequest::first(1, SortOrder::Ascending));
            (id, page.expect("register").total)
        })
        .max_by_key(|&(_, rows)| rows)
        .expect("an account");
    let deep = if rows >= 500_100 { 500_000 } else { rows / 2 };
    eprintln!("register: account {busiest} has {rows} rows; deep page at offset {deep}");
    let mut group = c.benchmark_group("register_page_100");
    group.throughput(Throughput::Elements(100));
    let first = PageRequest::first(100, SortOrder::Descending);
    let deep_page = PageRequest { offset: deep, limit: 100, order: SortOrder::Ascending };
    group.bench_function("tally_first_desc", |b| {
        b.iter(|| black_box(accounts.register(busiest, false, first).expect("register")))
    });
    group.bench_function("plain_rusqlite_first_desc", |b| {
        b.iter(|| black_box(plain::register_page(&p.plain, busiest, true, 0, 100).expect("page")))
    });
    group.bench_function(BenchmarkId::new("tally_asc_offset", deep), |b| {
        b.iter(|| black_box(accounts.register(busiest, false, deep_page).expect("register")))
    });
    group.bench_function(BenchmarkId::new("plain_rusqlite_asc_offset", deep), |b| {
        b.iter(|| {
            black_box(plain::register_page(&p.plain, busiest, false, deep, 100).expect("page"))
        })
    });
    group.finish();
}

criterion_group!(benches, insert, queries);
criterion_main!(benches);
