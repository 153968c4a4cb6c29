//! The Rust side of the Python binding's bulk-insert benchmark: `add_batch` of 100,000
//! expenses into an in-memory SQLite book, built exactly as `benches/python/bench.py` builds
//! them in Python, so the two timings give the binding's overhead as a ratio.

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rust_decimal::Decimal;
use tally_core::{AccountKind, AccountSubtype, Book, NewAccount, NewBook, NewTransaction, NewUser};

const COUNT: u64 = 100_000;

/// A fresh book with a checking account and four expense categories.
fn book() -> (Book, Vec<tally_core::AccountId>) {
    let engine = tally_storage::open_in_memory().expect("engine");
    let user = engine.users().create(NewUser::new("b@example.com", "B", "C", "EUR")).expect("user");
    let book = engine.create_book(NewBook::new("Bench", user.id, "EUR")).expect("book");
    let checking = NewAccount::new("Assets:Checking", AccountKind::Asset, "EUR")
        .subtype(AccountSubtype::Checking);
    let mut ids = vec![book.accounts().create(checking).expect("checking").id];
    for name in ["Groceries", "Rent", "Transport", "Fun"] {
        let path = format!("Expenses:{name}");
        let account = NewAccount::new(&path, AccountKind::Expense, "EUR");
        ids.push(book.accounts().create(account).expect("category").id);
    }
    (book, ids)
}

/// Expense `i` of the benchmark: the same formula as the Python script.
fn expense(i: u64, accounts: &[tally_core::AccountId]) -> NewTransaction {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let date = start.checked_add_days(Days::new(i % 1500)).expect("date");
    let cents = i64::try_from(100 + (i * 37) % 10_000).expect("cents");
    let category = accounts[1 + usize::try_from(i % 4).expect("index")];
    let payee = format!("Payee {}", i % 500);
    NewTransaction::expense(date, accounts[0], category, Decimal::new(cents, 2), &payee)
}

fn add_batch(c: &mut Criterion) {
    let mut group = c.benchmark_group("python_binding_baseline");
    group.sample_size(10);
    group.throughput(Throughput::Elements(COUNT));
    group.bench_function("add_batch_100k_rust", |b| {
        b.iter_batched(
            || {
                let (book, accounts) = book();
                let batch: Vec<NewTransaction> =
                    (0..COUNT).map(|i| expense(i, &accounts)).collect();
                (book, batch)
            },
            |(book, batch)| book.transactions().add_batch(&batch).expect("add_batch"),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, add_batch);
criterion_main!(benches);
