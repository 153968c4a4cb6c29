//! Trains a model on 100,000 labeled transactions (or `TALLY_BENCH_N`) and prints the elapsed
//! time, the peak resident memory of the process (`VmHWM`) and the saved model's size.
//!
//! `cargo run --release -p tally-benches --bin categorize_memory`

use std::time::Instant;
use tally_benches::{categorize::labeled, memory_kb};
use tally_categorize::{Model, TrainOptions};

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
    let model = Model::train(&examples, &options, at)?;
    let elapsed = start.elapsed();
    let bytes = model.to_bytes();
    println!("examples:        {n}");
    println!("training:        {elapsed:.2?}");
    println!("holdout accuracy {:?}", model.metrics().accuracy);
    println!("saved model:     {} bytes, {} categories", bytes.len(), model.classes().len());
    if let (Some((_, rss_before)), Some((hwm, _))) = (before, memory_kb()) {
        println!(
            "peak RSS VmHWM:  {} kB (examples in memory before training: {rss_before} kB)",
            hwm
        );
    }
    Ok(())
}
