//! smart_importer's four regression sets reproduce their expected output: every INPUT
//! transaction gets its EXPECTED category, applied or (below the threshold) as the top
//! suggestion of its review.

mod common;

use chrono::{DateTime, Utc};
use common::data::{read_beancount_set, shared};
use rust_decimal::RoundingStrategy;
use tally_categorize::{
    Categorizer, DecidedBy, Features, LabeledExample, Locks, Model, PayeeMemory, RuleSet,
    TrainOptions,
};

fn run(name: &str) -> Vec<(String, Option<String>, DecidedBy)> {
    let set = read_beancount_set(&shared(&format!("smart_importer/tests/data/{name}.beancount")));
    assert!(!set.training.is_empty() && set.input.len() == set.expected.len(), "{name}");
    let examples: Vec<LabeledExample> = set
        .training
        .iter()
        .filter_map(|t| {
            let (account, amount) = t.funded.first()?;
            let f = Features::new(&t.payee, *amount, account, t.date).with_memo(&t.narration);
            Some(LabeledExample::new(f, t.open.first()?.clone()))
        })
        .collect();
    let mut memory = PayeeMemory::new();
    for e in &examples {
        memory.add(&e.features.normalized_payee(), &e.category, 1);
    }
    let at = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    let model = Model::train(&examples, &TrainOptions::default(), at).expect("train");
    let rules = RuleSet::compile(&[], RoundingStrategy::MidpointNearestEven).expect("rules");
    let categorizer = Categorizer::new(rules, memory).with_book_model(Some(model));
    set.input
        .iter()
        .zip(&set.expected)
        .map(|(input, expected)| {
            let (account, amount) = input.funded.first().expect("funded");
            let f = Features::new(&input.payee, *amount, account, input.date)
                .with_memo(&input.narration);
            let d = categorizer.decide(&f, Locks::default());
            let top =
                d.category.clone().or_else(|| d.suggestions.first().map(|s| s.category.clone()));
            (expected.open.first().cloned().unwrap_or_default(), top, d.decided_by)
        })
        .collect()
}

#[test]
fn the_four_sets_reproduce_their_expected_categories() {
    for (name, inputs) in
        [("simple", 6), ("single-account", 1), ("multiaccounts", 1), ("chinese", 6)]
    {
        let results = run(name);
        assert_eq!(results.len(), inputs, "{name}");
        for (expected, got, by) in results {
            assert_eq!(Some(expected), got, "{name} ({by:?})");
        }
    }
}
