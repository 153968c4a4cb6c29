//! Exchange rates (multi-currency issue, item 8): loading the ECB's whole reference-rate history
//! into a new SQLite book, rate lookups on that table (direct pairs and cross rates), and the
//! net worth of a million-transaction book with accounts in three currencies, in US dollars.
//!
//! `cargo bench -p tally-benches --bench rates` runs everything (the net-worth group builds its
//! book first: about 7 s on 2 cores, whatever criterion filter is given);
//! `TALLY_BENCH_N=100000` builds a smaller one; `TALLY_ECB_ZIP=path` reads another copy of
//! `eurofxref-hist.zip`. Figures and what they mean: `benches/README.md`.

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tally_benches::{bench_n, load_tally, setup_book, setup_book_fx, Workload, BATCH_SIZE, SEED};
use tally_core::rates::{parse_rate_rows, parse_rates};
use tally_core::{
    Book, CommodityKind, LoadOptions, LookupOptions, NewCommodity, Rate, RateTable,
    ValuationOptions,
};

/// The ECB history: `TALLY_ECB_ZIP`, else `../shared/data/ecb/eurofxref-hist.zip` from the
/// repository root.
fn ecb_zip() -> Vec<u8> {
    let path = std::env::var_os("TALLY_ECB_ZIP").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/ecb/eurofxref-hist.zip")
    });
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn load_options() -> LoadOptions {
    LoadOptions { file_name: Some("eurofxref-hist.zip".to_owned()), ..LoadOptions::default() }
}

/// The pre-euro currencies the ECB history still quotes (no longer in ISO 4217, so unknown to
/// a book until defined).
const PRE_EURO: [&str; 10] = ["CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"];

/// Defines the [`PRE_EURO`] currencies in `book`, so a load keeps every rate of the history.
fn define_pre_euro(book: &Book) {
    for code in PRE_EURO {
        let new = NewCommodity::new(code, code, 2, CommodityKind::Currency);
        book.commodities().define(new).expect("define");
    }
}

/// One load of the history into a new book in a new SQLite file (with the pre-euro currencies
/// defined when `all`); only `load` is timed.
fn load_once(bytes: &[u8], all: bool) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, _) = setup_book(&engine).expect("set up book");
    if all {
        define_pre_euro(&book);
    }
    let start = Instant::now();
    let report = book.rates().load(bytes, &load_options()).expect("load");
    let spent = start.elapsed();
    let expected = if all { report.read } else { report.read - report.skipped_unknown };
    assert_eq!(report.added, expected, "{report:?}");
    spent
}

/// A new book in a new SQLite file with the ECB history loaded (the pre-euro currencies
/// defined first, so every rate is kept).
fn loaded_once(bytes: &[u8]) -> Loaded {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, _) = setup_book(&engine).expect("set up book");
    define_pre_euro(&book);
    book.rates().load(bytes, &load_options()).expect("load");
    Loaded { book, _dir: dir }
}

fn load(c: &mut Criterion) {
    let bytes = ecb_zip();
    let parsed = parse_rate_rows(&bytes, None, "eurofxref-hist.zip", None).expect("parse");
    let rates = parsed.rows.len() as u64;
    eprintln!("ECB history: {rates} rates, {} cells N/A", parsed.missing);
    let mut group = c.benchmark_group("rates_load_ecb_history");
    group
        .sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Elements(rates));
    // What `load` parses into (no string per rate).
    group.bench_function("parse_only", |b| {
        b.iter(|| {
            black_box(parse_rate_rows(&bytes, None, "eurofxref-hist.zip", None).expect("parse"))
        })
    });
    // The public parser's answer: a `Rate` (three strings) per rate.
    group.bench_function("parse_rates_to_vec", |b| {
        b.iter(|| black_box(parse_rates(&bytes, None, "eurofxref-hist.zip", None).expect("parse")))
    });
    // Every rate of the file stored (the pre-euro currencies defined first).
    group.bench_function("load_into_new_sqlite_book", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| load_once(&bytes, true)).sum())
    });
    // A book that does not know the pre-euro currencies keeps 193,723 rates and skips the rest.
    group.bench_function("load_into_new_sqlite_book_iso_only", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| load_once(&bytes, false)).sum())
    });
    // The same file again into a book that has it: every rate unchanged, nothing written.
    let loaded = loaded_once(&bytes);
    loaded.book.rates().table().expect("table");
    group.bench_function("reload_unchanged", |b| {
        b.iter(|| {
            let report = loaded.book.rates().load(&bytes, &load_options()).expect("reload");
            assert_eq!(report.unchanged, report.read);
            report
        })
    });
    group.finish();
}

/// A book in a new SQLite file with the ECB history loaded.
struct Loaded {
    book: Book,
    _dir: tempfile::TempDir,
}

fn loaded_book() -> Loaded {
    loaded_once(&ecb_zip())
}

/// 4,096 dates between 1999-01-04 (the first ECB day) and 2026-10-30 (the last in the file),
/// spread over the whole history by a stride of 37 days: every weekday, weekends (which use
/// Friday's rate) and holidays among them.
fn lookup_dates() -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1999, 1, 4).expect("date");
    let last = NaiveDate::from_ymd_opt(2026, 10, 30).expect("date");
    let span = u64::try_from((last - first).num_days()).expect("positive") + 1;
    (0..4_096u64).map(|i| first.checked_add_days(Days::new(i * 37 % span)).expect("date")).collect()
}

fn lookups(c: &mut Criterion) {
    let loaded = loaded_book();
    let start = Instant::now();
    let table: Arc<RateTable> = loaded.book.rates().table().expect("table");
    eprintln!(
        "rate table: {} rates, first table() after the load {:.1?}",
        table.len(),
        start.elapsed()
    );
    let dates = lookup_dates();
    let weekend = dates.iter().filter(|d| chrono::Datelike::weekday(*d).number_from_monday() > 5);
    eprintln!("lookup dates: {}, {} of them Saturdays or Sundays", dates.len(), weekend.count());
    let options = LookupOptions::default();

    let mut group = c.benchmark_group("rate_lookup");
    group.throughput(Throughput::Elements(dates.len() as u64));
    let pairs = [
        ("direct_eur_usd", "EUR", "USD"),
        ("direct_inverted_usd_eur", "USD", "EUR"),
        ("cross_usd_jpy_via_eur", "USD", "JPY"),
    ];
    // `lookup`: the full answer, with the path of legs (codes and sources as strings).
    for (name, base, quote) in pairs {
        group.bench_function(format!("lookup_{name}"), |b| {
            b.iter(|| {
                for &date in &dates {
                    black_box(table.lookup(base, quote, date, options).expect("lookup"));
                }
            })
        });
    }
    // `rate`: the rate and its date only, what conversions use.
    for (name, base, quote) in pairs {
        group.bench_function(format!("rate_{name}"), |b| {
            b.iter(|| {
                for &date in &dates {
                    black_box(table.rate(base, quote, date, options).expect("rate"));
                }
            })
        });
    }
    group.finish();

    // The first `table()` after a write: built from the table before and the rates written
    // when this engine wrote them, else read back from SQLite (another engine on the same file
    // wrote). Each sample adds one rate through the first engine (not timed), which moves the
    // book's rates version, then times `table()` of one engine or the other.
    let mut group = c.benchmark_group("rate_table");
    group.sample_size(20).throughput(Throughput::Elements(table.len() as u64));
    let other = tally_storage::open(loaded._dir.path().join("book.sqlite")).expect("open again");
    let owner = other.users().by_email("bench@example.com").expect("user").expect("user").id;
    let other_book = other.open_book(loaded.book.id(), owner).expect("open book");
    let mut day = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
    for (name, reader) in
        [("after_own_write", &loaded.book), ("after_another_engine_wrote", &other_book)]
    {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    day = day.succ_opt().expect("date");
                    let rate = Rate::new("EUR", "USD", day, rust_decimal::Decimal::ONE, "bench");
                    loaded.book.rates().add(rate).expect("add");
                    let start = Instant::now();
                    black_box(reader.rates().table().expect("table"));
                    spent += start.elapsed();
                }
                spent
            })
        });
    }
    group.finish();
}

/// The million-transaction book with funds in EUR, GBP and USD, and the ECB history.
fn fx_book(n: u64) -> Loaded {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, chart) = setup_book_fx(&engine).expect("set up book");
    let workload = Workload::new(chart, SEED, n);
    let start = Instant::now();
    let insert = load_tally(&book, &workload, BATCH_SIZE).expect("insert");
    let report = book.rates().load(&ecb_zip(), &load_options()).expect("load");
    eprintln!(
        "prepared multi-currency book: {n} transactions (add_batch {insert:.1?}), {} rates, \
         {:.1?} in all",
        report.added,
        start.elapsed()
    );
    Loaded { book, _dir: dir }
}

fn net_worth(c: &mut Criterion) {
    let n = bench_n();
    let loaded = fx_book(n);
    let reports = loaded.book.reports();
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
    let spot = ValuationOptions::new("USD");
    let historical = ValuationOptions::new("USD").historical();
    // The first report after the load builds the rate table from SQLite; it is kept after.
    let start = Instant::now();
    let first = reports.net_worth(Some(as_of), &spot).expect("net worth");
    eprintln!("first net_worth after the load (builds the rate table): {:.1?}", start.elapsed());
    assert!(first.unconverted.is_empty(), "{:?}", first.unconverted);
    let h = reports.net_worth(Some(as_of), &historical).expect("net worth");
    assert!(h.unconverted.is_empty(), "{:?}", h.unconverted);
    eprintln!(
        "net worth on {as_of} in USD: spot {} ({} accounts), historical {}",
        first.net_worth,
        first.accounts.len(),
        h.net_worth
    );

    let mut group = c.benchmark_group("net_worth_usd");
    group.sample_size(30).throughput(Throughput::Elements(n));
    group.bench_function("spot", |b| {
        b.iter(|| black_box(reports.net_worth(Some(as_of), &spot).expect("net worth")))
    });
    group.bench_function("historical", |b| {
        b.iter(|| black_box(reports.net_worth(Some(as_of), &historical).expect("net worth")))
    });
    group.finish();
}

criterion_group!(benches, load, lookups, net_worth);
criterion_main!(benches);
