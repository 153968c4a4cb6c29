//! Categorization (issue 8, item 6): 1,000 rules (mostly `contains`) over 1,000,000
//! transactions, training on 100,000 labeled transactions, prediction throughput, and the size
//! of a saved model. `cargo bench -p tally-benches --bench categorize`; `TALLY_BENCH_N` changes
//! the number of transactions the rules run over. Peak memory of training:
//! `cargo run --release -p tally-benches --bin categorize_memory`. Figures: benches/README.md.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use rust_decimal::RoundingStrategy;
use std::hint::black_box;
use std::time::Duration;
use tally_benches::categorize::{labeled, rules, transactions};
use tally_categorize::{Model, RuleSet, TrainOptions};

fn rules_over_transactions(c: &mut Criterion) {
    let n = usize::try_from(tally_benches::bench_n()).unwrap_or(1_000_000);
    let set = RuleSet::compile(&rules(1000), RoundingStrategy::MidpointNearestEven).expect("rules");
    let txs = transactions(n, 11);
    let mut group = c.benchmark_group("categorize_rules");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(format!("1000_rules_over_{n}"), |b| {
        b.iter(|| {
            let mut matched = 0usize;
            for tx in &txs {
                matched += usize::from(set.apply(tx).category.is_some());
            }
            black_box(matched)
        })
    });
    group.finish();
}

fn training_and_prediction(c: &mut Criterion) {
    let examples = labeled(100_000, 5);
    let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    let mut group = c.benchmark_group("categorize_model");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(examples.len() as u64));
    group.bench_function("train_100000", |b| {
        b.iter(|| black_box(Model::train(&examples, &TrainOptions::default(), at).expect("train")))
    });
    let model = Model::train(&examples, &TrainOptions::default(), at).expect("train");
    let bytes = model.to_bytes();
    println!("saved model: {} bytes ({} categories)", bytes.len(), model.classes().len());
    let queries: Vec<_> = examples.iter().take(100_000).map(|e| e.features.clone()).collect();
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("predict_100000", |b| {
        b.iter(|| {
            for f in &queries {
                black_box(model.suggest(f, 3));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, rules_over_transactions, training_and_prediction);
criterion_main!(benches);
