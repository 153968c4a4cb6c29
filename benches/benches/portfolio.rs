//! Portfolio benchmarks: holdings and unrealized gains of 200 securities over 100,000
//! investment transactions (the replay of the ledger into lots, then valuation through the
//! rate table), XIRR of 1,000,000 flows, and 10,000 XIRRs of 100 flows. The flows come from
//! the same generator as `benches/pyxirr_compare.py`, which times pyxirr on them.
#![allow(clippy::float_arithmetic)] // XIRR takes f64 flows; no money is computed here

use chrono::{Days, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::hint::black_box;
use tally_core::portfolio::history::{replay, ReplayContext};
use tally_core::portfolio::returns::{xirr, DayCount};
use tally_core::portfolio::valuation::{value_lots, HoldingsRequest};
use tally_core::portfolio::{AssetClass, BookingMethod};
use tally_core::{
    AccountId, Rate, RateTable, Source, Split, SplitId, Status, Transaction, TransactionId,
    UnitPrice,
};

/// The generator shared with the Python script: a 64-bit LCG, high bits.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

/// `n` flows over 30 years: every third one paid in (1,000 to 10,000), the others received
/// (500 to 5,500).
fn flows(seed: u64, n: usize) -> (Vec<NaiveDate>, Vec<f64>) {
    let mut rng = Lcg(seed);
    let mut dates = Vec::with_capacity(n);
    let mut amounts = Vec::with_capacity(n);
    for i in 0..n {
        dates.push(start() + Days::new(rng.next() % 10_950));
        let r = (rng.next() % 900_000) as f64 / 100.0;
        amounts.push(if i % 3 == 0 { -(1000.0 + r) } else { 500.0 + r / 1.8 });
    }
    (dates, amounts)
}

struct Ctx;

impl ReplayContext for Ctx {
    fn is_security(&self, code: &str) -> bool {
        code != "USD"
    }
    fn scale(&self, code: &str) -> u32 {
        if code == "USD" {
            2
        } else {
            0
        }
    }
    fn method(&self, _: AccountId) -> BookingMethod {
        BookingMethod::Fifo
    }
    fn is_income(&self, _: AccountId) -> bool {
        false
    }
}

/// 100,000 transactions over 200 securities in 4 accounts: two buys for each sale.
fn ledger(n: usize) -> (Vec<Transaction>, RateTable) {
    let mut rng = Lcg(7);
    let mut held: HashMap<(i64, usize), i64> = HashMap::new();
    let mut txs = Vec::with_capacity(n);
    let now = Utc::now();
    for i in 0..n {
        let account = (rng.next() % 4) as i64 + 1;
        let sec = (rng.next() % 200) as usize;
        let price = Decimal::new(1000 + (rng.next() % 50_000) as i64, 2);
        let have = held.get(&(account, sec)).copied().unwrap_or(0);
        let sell = i % 3 == 2 && have > 0;
        let qty = if sell { (rng.next() as i64 % have) + 1 } else { (rng.next() % 100) as i64 + 1 };
        *held.entry((account, sec)).or_default() += if sell { -qty } else { qty };
        let id = i as i64 + 1;
        let split = |sid: i64,
                     acct: i64,
                     amount: Decimal,
                     commodity: String,
                     cost: Option<UnitPrice>,
                     price: Option<UnitPrice>| Split {
            id: SplitId(sid),
            account_id: AccountId(acct),
            amount,
            commodity,
            price,
            cost,
            memo: None,
        };
        let unit = UnitPrice::new(price, "USD");
        let q = Decimal::from(if sell { -qty } else { qty });
        let splits = vec![
            split(
                id * 2,
                account,
                q,
                format!("S{sec:03}"),
                (!sell).then(|| unit.clone()),
                Some(unit.clone()),
            ),
            split(id * 2 + 1, account, -q * price, "USD".to_owned(), None, None),
        ];
        txs.push(Transaction {
            id: TransactionId(id),
            date: start() + Days::new((i / 20) as u64),
            posted_date: None,
            payee: None,
            narration: None,
            status: Status::Cleared,
            tags: Vec::new(),
            notes: None,
            source: Source::Manual,
            external_id: None,
            reversal_of: None,
            splits,
            deleted: false,
            created_at: now,
            updated_at: now,
        });
    }
    let last = start() + Days::new(((n - 1) / 20) as u64);
    let rates = (0..200)
        .map(|s| Rate::new(&format!("S{s:03}"), "USD", last, Decimal::new(12_345 + s, 2), "bench"));
    (txs, RateTable::new(rates))
}

fn holdings(c: &mut Criterion) {
    let (txs, table) = ledger(100_000);
    let as_of = txs.last().map_or(start(), |t| t.date);
    let classes: HashMap<String, AssetClass> =
        (0..200).map(|s| (format!("S{s:03}"), AssetClass::Stock)).collect();
    let req = HoldingsRequest::new(as_of, "USD");
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    group.throughput(Throughput::Elements(txs.len() as u64));
    group.bench_function("holdings_200_securities_100k_transactions", |b| {
        b.iter(|| {
            let h = replay(black_box(&txs), &Ctx, 365);
            let v = value_lots(&h.lots.all_open(), &table, &classes, &req, 2);
            assert!(v.missing.is_empty());
            v.total_unrealized_gain
        });
    });
    let (dates, amounts) = flows(42, 1_000_000);
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("xirr_1m_flows", |b| {
        b.iter(|| xirr(black_box(&dates), black_box(&amounts), DayCount::Act365F));
    });
    let sets: Vec<(Vec<NaiveDate>, Vec<f64>)> = (0..10_000).map(|i| flows(1000 + i, 100)).collect();
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("xirr_10k_of_100_flows", |b| {
        b.iter(|| sets.iter().filter_map(|(d, a)| xirr(d, a, DayCount::Act365F)).count());
    });
    group.finish();
}

/// A SQLite book with 200 securities over 4 investment accounts and `n` buys and sales, the
/// securities priced on the last day.
fn sqlite_book(n: usize) -> (tempfile::TempDir, tally_core::Book, NaiveDate) {
    use tally_core::portfolio::NewSecurity;
    use tally_core::{
        AccountKind, AccountSubtype, NewAccount, NewBook, NewSplit, NewTransaction, NewUser,
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open");
    let user = engine.users().create(NewUser::new("p@example.com", "P", "B", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Portfolio", user.id, "USD")).expect("book");
    let accounts: Vec<AccountId> = (0..4)
        .map(|i| {
            book.accounts()
                .create(
                    NewAccount::new(&format!("Assets:Broker{i}"), AccountKind::Asset, "USD")
                        .subtype(AccountSubtype::Investment),
                )
                .expect("account")
                .id
        })
        .collect();
    for s in 0..200 {
        let code = format!("S{s:03}");
        book.portfolio()
            .define_security(NewSecurity::new(&code, &code, AssetClass::Stock, "USD"))
            .expect("security");
    }
    let mut rng = Lcg(7);
    let mut held: HashMap<(usize, usize), i64> = HashMap::new();
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..n {
        let account = (rng.next() % 4) as usize;
        let sec = (rng.next() % 200) as usize;
        let price = Decimal::new(1000 + (rng.next() % 50_000) as i64, 2);
        let have = held.get(&(account, sec)).copied().unwrap_or(0);
        let sell = i % 3 == 2 && have > 0;
        let qty = if sell { (rng.next() as i64 % have) + 1 } else { (rng.next() % 100) as i64 + 1 };
        *held.entry((account, sec)).or_default() += if sell { -qty } else { qty };
        let q = Decimal::from(if sell { -qty } else { qty });
        let code = format!("S{sec:03}");
        let mut units = NewSplit::new(accounts[account], q).commodity(&code).price(price, "USD");
        if !sell {
            units = units.cost(price, "USD");
        }
        let date = start() + Days::new((i / 20) as u64);
        batch.push(NewTransaction::new(
            date,
            vec![units, NewSplit::new(accounts[account], -q * price).commodity("USD")],
        ));
        if batch.len() == 10_000 {
            book.transactions().add_batch(&batch).expect("batch");
            batch.clear();
        }
    }
    book.transactions().add_batch(&batch).expect("batch");
    let last = start() + Days::new(((n - 1) / 20) as u64);
    let prices: Vec<Rate> = (0..200)
        .map(|s| Rate::new(&format!("S{s:03}"), "USD", last, Decimal::new(12_345 + s, 2), "bench"))
        .collect();
    book.rates().add_many(&prices).expect("prices");
    (dir, book, last)
}

fn holdings_sqlite(c: &mut Criterion) {
    let (_dir, book, last) = sqlite_book(100_000);
    let req = HoldingsRequest::new(last, "USD");
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("holdings_sqlite_200_securities_100k_transactions", |b| {
        b.iter(|| {
            let h = book.portfolio().holdings(black_box(&req)).expect("holdings");
            assert!(h.missing.is_empty());
            h.total_unrealized_gain
        });
    });
    group.finish();
}

criterion_group!(benches, holdings, holdings_sqlite);
criterion_main!(benches);
