//! Trains a model on 100,000 labeled transactions (or `TALLY_BENCH_N`) and prints the elapsed
//! time, the training thread's on-CPU time (`/proc/thread-self/schedstat`: steady when other
//! work shares the cores; training runs on this one thread), the peak resident memory of the
//! process (`VmHWM`), the saved model's size, and the prediction rate (featurize + top 3) over
//! the same examples.
//!
//! `cargo run --release -p tally-benches --bin categorize_memory`
// Rates (predictions per second) are the only floats; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};
use tally_benches::{categorize::labeled, memory_kb};
use tally_categorize::{Model, TrainOptions};

/// Nanoseconds this thread has spent on a CPU (Linux), if readable.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = std::env::var("TALLY_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let examples = labeled(n, 5);
    let before = memory_kb();
    let start = Instant::now();
    let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    // `TALLY_TRAIN_OPTIONS` (JSON, e.g. `{"refit": false}`) replaces fields of the defaults.
    let mut options = serde_json::to_value(TrainOptions::default())?;
    if let Ok(text) = std::env::var("TALLY_TRAIN_OPTIONS") {
        let changes: serde_json::Value = serde_json::from_str(&text)?;
        if let (Some(base), Some(changes)) = (options.as_object_mut(), changes.as_object()) {
            base.extend(changes.clone());
        }
    }
    let options: TrainOptions = serde_json::from_value(options)?;
    println!("options:         {options:?}");
    let cpu_start = thread_cpu();
    let model = Model::train(&examples, &options, at)?;
    let elapsed = start.elapsed();
    let cpu = thread_cpu().zip(cpu_start).map(|(end, start)| end.saturating_sub(start));
    let bytes = model.to_bytes();
    println!("examples:        {n}");
    println!("training:        {elapsed:.2?}");
    if let Some(cpu) = cpu {
        println!("training on CPU: {cpu:.2?}");
    }
    println!("holdout accuracy {:?}", model.metrics().accuracy);
    println!("saved model:     {} bytes, {} categories", bytes.len(), model.classes().len());
    if let (Some((_, rss_before)), Some((hwm, _))) = (before, memory_kb()) {
        println!(
            "peak RSS VmHWM:  {} kB (examples in memory before training: {rss_before} kB)",
            hwm
        );
    }
    // Prediction (featurize + top 3) over the training examples, as the criterion bench does.
    let (start, cpu_start) = (Instant::now(), thread_cpu());
    let mut suggested = 0usize;
    for example in &examples {
        suggested += model.suggest(&example.features, 3).len();
    }
    let (elapsed, cpu) = (start.elapsed(), thread_cpu().zip(cpu_start).map(|(e, s)| e - s));
    let rate = |d: Duration| examples.len() as f64 / d.as_secs_f64().max(1e-9);
    println!(
        "prediction:      {:.0}/s elapsed, {:.0}/s on CPU ({suggested} suggestions)",
        rate(elapsed),
        cpu.map_or(0.0, rate)
    );
    Ok(())
}
