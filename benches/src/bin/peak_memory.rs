//! Inserts the benchmark workload (1,000,000 transactions, or `TALLY_BENCH_N`) into a new
//! SQLite file in batches of 10,000 and prints the elapsed time, the rate and the peak resident
//! memory of the process (`VmHWM`). With the argument `plain` it runs the plain rusqlite
//! program instead of Tally; with `import`, it generates the bank CSV export of the same
//! transactions (in memory, as a caller of `import_file` holds it) and imports it into a new
//! book with `import_file`; with `reimport`, it imports the file, then imports it again (every
//! line a duplicate) and reports the second import. Run one process per measurement: the peak
//! never goes down.
//!
//! `cargo run --release -p tally-benches --bin peak_memory [-- plain|import|reimport]`

use std::time::{Duration, Instant};
use tally_benches::files::{bank_csv, csv_parse_options, import_book};
use tally_benches::{
    bench_n, cpu_time, load_plain, load_tally, memory_kb, plain, reference_chart, setup_book,
    Workload, BATCH_SIZE, SEED,
};

fn per_second(n: u64, elapsed: Duration) -> u64 {
    let micros = elapsed.as_micros().max(1);
    u64::try_from(u128::from(n) * 1_000_000 / micros).unwrap_or(u64::MAX)
}

fn mb(kb: u64) -> String {
    format!("{}.{} MB", kb / 1024, kb % 1024 * 10 / 1024)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "tally".to_owned());
    let n = bench_n();
    let dir = tempfile::tempdir()?;
    let before = memory_kb();
    let (start, cpu_start) = (Instant::now(), cpu_time());
    let inserting = match mode.as_str() {
        "tally" => {
            let engine = tally_storage::open(dir.path().join("book.sqlite"))?;
            let (book, chart) = setup_book(&engine)?;
            let workload = Workload::new(chart, SEED, n);
            load_tally(&book, &workload, BATCH_SIZE)?
        }
        "plain" => {
            let mut conn = plain::open(dir.path().join("plain.sqlite"))?;
            let workload = Workload::new(reference_chart()?, SEED, n);
            load_plain(&mut conn, &workload, BATCH_SIZE)?
        }
        "import" | "reimport" => {
            let engine = tally_storage::open(dir.path().join("book.sqlite"))?;
            let (book, options) = import_book(&engine)?;
            let bytes = bank_csv(&Workload::new(reference_chart()?, SEED, n));
            let parse = csv_parse_options();
            if let Some((hwm, rss)) = memory_kb() {
                println!(
                    "CSV in memory:   {} bytes; RSS {}, peak so far {}",
                    bytes.len(),
                    mb(rss),
                    mb(hwm)
                );
            }
            let mut spent = Duration::ZERO;
            for round in 0..if mode == "import" { 1 } else { 2 } {
                let (start, cpu) = (Instant::now(), cpu_time());
                let result = book.imports().import_file(&bytes, &parse, &options)?;
                spent = start.elapsed();
                let cpu = cpu_time().zip(cpu).map(|(b, a)| format!("{:.2?}", b - a));
                let peak = memory_kb().map_or_else(|| "unknown".to_owned(), |m| mb(m.0));
                println!(
                    "import {}:        {spent:.2?} (CPU {}), {} new, {} duplicates; peak RSS \
                     after it {peak}",
                    round + 1,
                    cpu.unwrap_or_default(),
                    result.new,
                    result.duplicates
                );
            }
            spent
        }
        other => {
            return Err(format!(
                "unknown mode '{other}': expected 'plain', 'import', 'reimport' or nothing"
            )
            .into())
        }
    };
    let elapsed = start.elapsed();
    let cpu = cpu_time().zip(cpu_start).map(|(b, a)| b - a);
    let size: u64 = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("mode:            {mode}");
    println!("transactions:    {n} (two splits each), batches of {BATCH_SIZE}");
    println!(
        "elapsed:         {elapsed:.2?} in all, {inserting:.2?} inserting (generation excluded)"
    );
    if let Some(cpu) = cpu {
        println!("CPU time:        {cpu:.2?} in all (user + system, generation included)");
    }
    println!(
        "rate:            {} tx/s in all, {} tx/s inserting",
        per_second(n, elapsed),
        per_second(n, inserting)
    );
    match (before, memory_kb()) {
        (Some((_, rss_start)), Some((hwm, rss))) => {
            println!("peak RSS VmHWM:  {}", mb(hwm));
            println!("RSS at start:    {}, at end: {}", mb(rss_start), mb(rss));
        }
        _ => println!("peak RSS:        unknown (no /proc/self/status)"),
    }
    println!("database files:  {}", mb(size / 1024));
    Ok(())
}
