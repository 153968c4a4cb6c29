use super::*;
use crate::classifier::{LabeledExample, TrainOptions};
use crate::rules::{Action, Condition, Rule};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + chrono::Days::new(n)
}

fn tx(payee: &str, amount: i64) -> Features {
    Features::new(payee, Decimal::from(amount), "Checking", day(400))
}

fn model(examples: usize) -> Model {
    let merchants =
        [("STARBUCKS", "Coffee", -4), ("SAFEWAY", "Groceries", -60), ("SHELL", "Fuel", -40)];
    let data: Vec<LabeledExample> = (0..examples)
        .map(|i| {
            let (p, c, a) = merchants[i % 3];
            let f = Features::new(
                format!("{p} {}", 100 + i),
                Decimal::from(a),
                "Checking",
                day(i as u64),
            );
            LabeledExample::new(f, c)
        })
        .collect();
    let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    Model::train(&data, &TrainOptions::default(), at).expect("trains")
}

fn categorizer(with_model: bool) -> Categorizer {
    let rules = vec![Rule::new(
        4,
        "rent",
        Condition::payee_contains("landlord"),
        vec![Action::SetCategory("Rent".into()), Action::AddTags(vec!["home".into()])],
    )];
    let rules = RuleSet::compile(&rules, RoundingStrategy::MidpointNearestEven).expect("rules");
    let mut memory = PayeeMemory::new();
    memory.add("BLUE BOTTLE", "Coffee", 3);
    Categorizer::new(rules, memory).with_book_model(with_model.then(|| model(90)))
}

#[test]
fn rules_then_memory_then_model_then_review() {
    let c = categorizer(true);
    let by_rule = c.decide(&tx("ACME LANDLORD LLC", -1200), Locks::default());
    assert_eq!(by_rule.decided_by, DecidedBy::Rule(4));
    assert_eq!(by_rule.category.as_deref(), Some("Rent"));
    assert_eq!(by_rule.rules.tags_added, vec!["home".to_owned()]);
    let by_memory = c.decide(&tx("SQ *BLUE BOTTLE #77", -5), Locks::default());
    assert_eq!(by_memory.decided_by, DecidedBy::PayeeMemory);
    assert_eq!(by_memory.category.as_deref(), Some("Coffee"));
    let by_model = c.decide(&tx("SHELL 999", -40), Locks::default());
    assert_eq!(by_model.decided_by, DecidedBy::Model);
    assert_eq!(by_model.category.as_deref(), Some("Fuel"));
    assert!(by_model.confidence >= DEFAULT_THRESHOLD);
    assert_eq!(by_model.suggestions.len(), 3);
    let strict = categorizer(true).with_threshold(1.1);
    let unsure = strict.decide(&tx("SHELL 999", -40), Locks::default());
    assert_eq!(unsure.decided_by, DecidedBy::None);
    assert!(unsure.needs_review);
    assert_eq!(unsure.category, None);
    assert_eq!(unsure.suggestions[0].category, "Fuel");
    let nothing = categorizer(false).decide(&tx("UNKNOWN", -1), Locks::default());
    assert!(nothing.needs_review && nothing.suggestions.is_empty());
}

#[test]
fn locked_fields_are_never_overwritten() {
    let c = categorizer(true);
    let locks = Locks { category: true, tags: true, ..Locks::default() };
    let d = c.decide(&tx("ACME LANDLORD LLC", -1200), locks);
    assert_eq!(d.decided_by, DecidedBy::Manual);
    assert_eq!(d.category, None);
    assert!(d.rules.tags_added.is_empty() && d.rules.category.is_none());
    assert!(!d.needs_review);
}

#[test]
fn small_book_model_falls_back_to_global() {
    let small = model(30);
    let global = model(90);
    let c = categorizer(false).with_book_model(Some(small)).with_global_model(Some(global));
    assert_eq!(c.model().map(|m| m.metrics().examples), Some(90));
    let mut c = c;
    c.min_book_examples = 10;
    assert_eq!(c.model().map(|m| m.metrics().examples), Some(30));
}

#[test]
fn decided_by_strings_round_trip() {
    for d in [
        DecidedBy::Rule(3),
        DecidedBy::PayeeMemory,
        DecidedBy::Model,
        DecidedBy::Manual,
        DecidedBy::None,
    ] {
        assert_eq!(DecidedBy::parse(d.as_str(), d.rule_id()), Some(d));
    }
}
