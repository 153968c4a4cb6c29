//! Bank imports (import issue, item 6): parsing ~50 MB OFX statements (1.x SGML and 2.x XML),
//! importing a 1,000,000-line CSV export end to end into a new SQLite book next to the bulk
//! insert of the same 1,000,000 transactions (`add_batch`, as in the `ledger` bench), and
//! importing the same file again (every line a duplicate, nothing written).
//!
//! `cargo bench -p tally-benches --bench import` runs everything (about 10 minutes on 2 cores);
//! `TALLY_BENCH_N=100000` imports a smaller file; `TALLY_OFX_MB=10` parses smaller OFX files.
//! Figures and what they mean: `benches/README.md`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};
use tally_benches::files::{bank_csv, csv_parse_options, import_book, ofx_statement, OfxSyntax};
use tally_benches::{bench_n, load_tally, reference_chart, setup_book, Workload, BATCH_SIZE, SEED};
use tally_core::import::ofx;

/// Size of the OFX files: `TALLY_OFX_MB` megabytes (10^6 bytes), else 50.
fn ofx_bytes() -> usize {
    let mb = std::env::var("TALLY_OFX_MB").ok().and_then(|t| t.trim().parse::<usize>().ok());
    mb.unwrap_or(50) * 1_000_000
}

fn parse_ofx(c: &mut Criterion) {
    let target = ofx_bytes();
    let mut group = c.benchmark_group("ofx_parse");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for (name, syntax) in [("ofx1_sgml", OfxSyntax::Sgml), ("ofx2_xml", OfxSyntax::Xml)] {
        let (bytes, entries) = ofx_statement(syntax, target);
        eprintln!("{name}: {} bytes, {entries} STMTTRN entries", bytes.len());
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let statements = ofx::parse(black_box(&bytes), "bench.ofx").expect("parse");
                assert_eq!(statements[0].lines.len() as u64, entries);
                statements
            })
        });
    }
    group.finish();
}

/// One bulk insert of the workload into a new book (as `ledger`'s `insert_1m`); only
/// `add_batch` is timed.
fn insert_once(n: u64) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, chart) = setup_book(&engine).expect("set up book");
    load_tally(&book, &Workload::new(chart, SEED, n), BATCH_SIZE).expect("insert")
}

/// One import of the whole CSV into a new book in a new SQLite file; only `import_file` is
/// timed (parse, fingerprints, look-up of known lines, matching, the write, the balance check).
fn import_once(bytes: &[u8], n: u64) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, options) = import_book(&engine).expect("set up book");
    let start = Instant::now();
    let result = book.imports().import_file(bytes, &csv_parse_options(), &options).expect("import");
    let spent = start.elapsed();
    assert_eq!((result.new, result.committed), (n, true));
    assert!(result.balance_check.is_some_and(|c| c.passed));
    spent
}

fn import_csv(c: &mut Criterion) {
    let n = bench_n();
    let start = Instant::now();
    let bytes = bank_csv(&Workload::new(reference_chart().expect("chart"), SEED, n));
    eprintln!("bank CSV: {n} lines, {} bytes, generated in {:.1?}", bytes.len(), start.elapsed());

    let mut group = c.benchmark_group("import_csv");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(n));
    // The foundation's bulk insert of the same transactions, for the ratio.
    group.bench_function("insert_add_batch", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| insert_once(n)).sum())
    });
    group.bench_function("import_file_new_book", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| import_once(&bytes, n)).sum())
    });

    // The same file again into the book that has it: every line a duplicate.
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = tally_storage::open(dir.path().join("book.sqlite")).expect("open book");
    let (book, options) = import_book(&engine).expect("set up book");
    let parse = csv_parse_options();
    let first = book.imports().import_file(&bytes, &parse, &options).expect("import");
    assert_eq!(first.new, n);
    group.bench_function("reimport_all_duplicates", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let again = book.imports().import_file(&bytes, &parse, &options);
                spent += start.elapsed();
                // Checked (and its million outcomes dropped) outside the time.
                let again = again.expect("re-import");
                assert_eq!((again.duplicates, again.new), (n, 0));
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(benches, parse_ofx, import_csv);
criterion_main!(benches);
