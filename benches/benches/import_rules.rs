//! An import with the categorizer's rules on (issue 4 item 7, issue 7 item 6): the workload of
//! the Node comparison with Actual (`benches/node/compare-actual.mjs` on the Node binding's
//! branch) in Rust on SQLite. A book with a checking account, `Expenses:Uncategorized`, 20
//! expense categories, 50 payee `contains` rules ("payee contains `ShopK`" -> category K mod
//! 20) and a monthly budget over the 20 categories (alerts at their defaults: automatic
//! evaluation on); then a CSV of N bank lines (October 2026, 60 payees, amounts in cents, a
//! bank id per line) imported with `import_file` into a fresh book. Only `import_file` is timed.
//!
//! `cargo bench -p tally-benches --bench import_rules` runs 10,000 and 100,000 lines;
//! `TALLY_IMPORT_SIZES=10000` runs one size; `TALLY_IMPORT_RULES=0` leaves the rules out. Figures: `benches/README.md`.

use chrono::NaiveDate;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use std::fmt::Write as _;
use std::time::{Duration, Instant};
use tally_core::budget::{BudgetCategory, NewBudget, Period};
use tally_core::import::csv::{Column, CsvProfile, Encoding};
use tally_core::import::plan::ImportOptions;
use tally_core::import::read::ParseOptions;
use tally_core::import::StatementFormat;
use tally_core::{AccountKind, Book, NewAccount, NewBook, NewRule, NewUser};

const CATEGORIES: usize = 20;
/// Rules in the book: `TALLY_IMPORT_RULES`, else 50 (0 measures the import without the
/// categorizer, for the difference).
fn rules() -> usize {
    std::env::var("TALLY_IMPORT_RULES").ok().and_then(|t| t.trim().parse().ok()).unwrap_or(50)
}
const PAYEES: usize = 60;

/// The sizes to run: `TALLY_IMPORT_SIZES` (comma-separated), else 10,000 and 100,000.
fn sizes() -> Vec<u64> {
    std::env::var("TALLY_IMPORT_SIZES")
        .ok()
        .map(|t| t.split(',').filter_map(|s| s.trim().parse().ok()).collect::<Vec<u64>>())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

/// The bank lines of the Node script: line i on 2026-10-(1 + i mod 28), payee `Shop(i mod
/// 60)`, amount -(100 + i mod 9900) cents, bank id `id(i)`.
fn bank_csv(n: u64) -> Vec<u8> {
    let mut out = String::with_capacity(usize::try_from(n).unwrap_or(0) * 36);
    out.push_str("Date,Description,Amount,Id\n");
    for i in 0..n {
        let cents = 100 + i % 9900;
        writeln!(
            out,
            "2026-10-{:02},Shop{},-{}.{:02},id{i}",
            1 + i % 28,
            i % PAYEES as u64,
            cents / 100,
            cents % 100
        )
        .expect("write");
    }
    out.into_bytes()
}

fn parse_options() -> ParseOptions {
    ParseOptions {
        format: Some(StatementFormat::Csv),
        file_name: Some("bank.csv".to_owned()),
        csv: Some(CsvProfile {
            name: "bench".to_owned(),
            encoding: Some(Encoding::Utf8),
            delimiter: Some(','),
            has_header: Some(true),
            date: Some(Column::from("Date")),
            date_format: Some("%Y-%m-%d".to_owned()),
            amount: Some(Column::from("Amount")),
            number_style: Some(tally_core::import::amount::NumberStyle::DOT),
            payee: vec![Column::from("Description")],
            bank_id: Some(Column::from("Id")),
            account_currency: Some("EUR".to_owned()),
            ..CsvProfile::default()
        }),
        ..ParseOptions::default()
    }
}

/// The book of the Node script: accounts, 20 categories, 50 rules, a monthly budget.
fn setup(engine: &tally_core::Engine) -> (Book, ImportOptions) {
    let user = engine.users().create(NewUser::new("b@example.com", "B", "B", "EUR")).expect("user");
    let book = engine.create_book(NewBook::new("bench", user.id, "EUR")).expect("book");
    let accounts = book.accounts();
    let checking = accounts
        .create(NewAccount::new("Assets:Checking", AccountKind::Asset, "EUR"))
        .expect("checking")
        .id;
    let inbox = accounts
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("inbox")
        .id;
    let mut budget = NewBudget::new(
        "Monthly",
        Period::Monthly,
        NaiveDate::from_ymd_opt(2026, 10, 1).expect("date"),
        "EUR",
    );
    for k in 0..CATEGORIES {
        let path = format!("Expenses:Cat{k}");
        let id =
            accounts.create(NewAccount::new(&path, AccountKind::Expense, "EUR")).expect("cat").id;
        budget = budget.category(BudgetCategory::new(id));
    }
    let categorizer = book.categorizer();
    for k in 0..rules() {
        categorizer
            .create_rule(NewRule::payee_contains(
                &format!("Shop{k}"),
                &format!("Expenses:Cat{}", k % CATEGORIES),
            ))
            .expect("rule");
    }
    book.budgets().create(budget).expect("budget");
    (book, ImportOptions::new(checking, inbox))
}

fn import_once(bytes: &[u8], n: u64) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, options) = setup(&engine);
    let parse = parse_options();
    let start = Instant::now();
    let result = book.imports().import_file(bytes, &parse, &options).expect("import");
    let spent = start.elapsed();
    assert_eq!((result.new, result.committed), (n, true));
    spent
}

fn import_with_rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_rules");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_millis(1));
    for n in sizes() {
        let bytes = bank_csv(n);
        group
            .throughput(Throughput::Elements(n))
            .measurement_time(Duration::from_secs(if n > 20_000 { 40 } else { 10 }));
        group.bench_with_input(
            BenchmarkId::new(format!("import_file_{}_rules", rules()), n),
            &bytes,
            |b, bytes| b.iter_custom(|iters| (0..iters).map(|_| import_once(bytes, n)).sum()),
        );
    }
    group.finish();
}

criterion_group!(benches, import_with_rules);
criterion_main!(benches);
