//! Times 1,000 rules over 1,000,000 transactions (or `TALLY_BENCH_N`) outside criterion, by
//! phase, with both the elapsed time and the thread's on-CPU time (`/proc/thread-self/schedstat`),
//! which stays meaningful when other work shares the cores. `TALLY_BENCH_THREADS=2` also runs
//! the same work split over that many threads (elapsed time only: that is what parallelism buys).
//!
//! `cargo run --release -p tally-benches --bin categorize_rules`

use rust_decimal::RoundingStrategy;
use std::time::{Duration, Instant};
use tally_benches::categorize::{rules, transactions};
use tally_categorize::{Features, RuleSet};

/// Nanoseconds this thread has spent on a CPU (Linux), if readable.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn run(set: &RuleSet, txs: &[Features]) -> usize {
    txs.iter().filter(|tx| set.apply(tx).category.is_some()).count()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = std::env::var("TALLY_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let threads: usize =
        std::env::var("TALLY_BENCH_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let passes: usize =
        std::env::var("TALLY_BENCH_PASSES").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let rule_list = rules(1000);
    let start = Instant::now();
    let set = RuleSet::compile(&rule_list, RoundingStrategy::MidpointNearestEven)?;
    println!("compile 1000 rules: {:.2?}", start.elapsed());
    let txs = transactions(n, 11);
    println!("transactions:       {n}");
    for pass in 0..passes {
        let (cpu0, t0) = (thread_cpu(), Instant::now());
        let matched = run(&set, &txs);
        let (elapsed, cpu1) = (t0.elapsed(), thread_cpu());
        let cpu = cpu0.zip(cpu1).map(|(a, b)| b.saturating_sub(a));
        println!(
            "pass {pass}: 1 thread  {elapsed:>10.2?} elapsed, {:>10.2?} on CPU, {matched} categorized",
            cpu.unwrap_or_default()
        );
    }
    if threads > 1 {
        let chunk = n.div_ceil(threads);
        for pass in 0..passes {
            let t0 = Instant::now();
            let matched: usize = std::thread::scope(|scope| {
                let handles: Vec<_> =
                    txs.chunks(chunk.max(1)).map(|part| scope.spawn(|| run(&set, part))).collect();
                handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
            });
            println!(
                "pass {pass}: {threads} threads {:>10.2?} elapsed, {matched} categorized",
                t0.elapsed()
            );
        }
    }
    Ok(())
}
