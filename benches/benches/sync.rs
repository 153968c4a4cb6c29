//! Bank sync and import batches (import issue, items 1 and 3 of the connections work): a Plaid
//! sync of 20 pages of 500 transactions (10,000 lines) applied as one unit into a new SQLite
//! book, the same run again (every line a duplicate, nothing written), and the undo of the
//! sync's batch (10,000 transactions deleted in one database transaction).
//!
//! `cargo bench -p tally-benches --bench sync` (about two minutes on 2 cores). Figures:
//! `benches/README.md`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use std::time::{Duration, Instant};
use tally_core::import::records::{NewConnection, Provider};
use tally_core::{AccountKind, Book, ConnectionId, Engine, NewAccount, NewBook, NewUser};

const PAGES: usize = 20;
const PER_PAGE: usize = 500;
const LINES: u64 = (PAGES * PER_PAGE) as u64;

/// The run's pages: distinct transaction ids, dates over a year, amounts in cents.
fn pages() -> Vec<Vec<u8>> {
    (0..PAGES)
        .map(|p| {
            let added: Vec<String> = (0..PER_PAGE)
                .map(|k| {
                    let n = p * PER_PAGE + k;
                    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                        .and_then(|d| d.checked_add_days(chrono::Days::new((n % 365) as u64)))
                        .unwrap_or_default();
                    format!(
                        r#"{{"transaction_id": "tx-{n}", "account_id": "acc-1", "date": "{day}", "amount": {}.{:02}, "iso_currency_code": "EUR", "name": "Merchant {}", "pending": false}}"#,
                        n % 300,
                        n % 100,
                        n % 97
                    )
                })
                .collect();
            format!(
                r#"{{"added": [{}], "modified": [], "removed": [], "next_cursor": "c{p}", "has_more": {}}}"#,
                added.join(","),
                p + 1 < PAGES
            )
            .into_bytes()
        })
        .collect()
}

/// A new SQLite book with a connection mapping `acc-1` to a checking account.
fn book(dir: &tempfile::TempDir) -> (Engine, Book, ConnectionId) {
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open");
    let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR")).expect("user");
    let book = engine.create_book(NewBook::new("Home", user.id, "EUR")).expect("book");
    let accounts = book.accounts();
    let checking =
        accounts.create(NewAccount::new("Assets:Checking", AccountKind::Asset, "EUR")).expect("a");
    let inbox = accounts
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("a");
    let conn = book
        .imports()
        .create_connection(
            NewConnection::new(Provider::Plaid, "ins_1", "Bank", inbox.id)
                .account("acc-1", checking.id),
            None,
        )
        .expect("connection");
    (engine, book, conn.id)
}

fn sync(c: &mut Criterion) {
    let pages = pages();
    let mut group = c.benchmark_group("plaid_sync");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .throughput(Throughput::Elements(LINES));
    group.bench_function("sync_10k_new", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let dir = tempfile::tempdir().expect("tempdir");
                    let (_engine, book, conn) = book(&dir);
                    let start = Instant::now();
                    let done = book.imports().sync(conn, &pages).expect("sync");
                    let spent = start.elapsed();
                    assert_eq!(done.batch.map(|b| b.written.len() as u64), Some(LINES));
                    spent
                })
                .sum()
        })
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let (_engine, synced, conn) = book(&dir);
    let batch = synced.imports().sync(conn, &pages).expect("sync").batch.expect("batch");
    group.bench_function("sync_10k_again", |b| {
        b.iter(|| {
            let again = synced.imports().sync(conn, &pages).expect("again");
            assert!(again.batch.is_none());
        })
    });
    group.bench_function("undo_batch_10k", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let dir = tempfile::tempdir().expect("tempdir");
                    let (_engine, book, conn) = book(&dir);
                    let id = book.imports().sync(conn, &pages).expect("sync").batch.expect("b").id;
                    let start = Instant::now();
                    book.imports().undo_batch(id).expect("undo");
                    start.elapsed()
                })
                .sum()
        })
    });
    drop(batch);
    group.finish();
}

criterion_group!(benches, sync);
criterion_main!(benches);
