//! Scenarios of the categorizer: stored rules (CRUD, reorder, enable/disable, validation at
//! save), testing and applying rules to history, the flow on imported lines, the review
//! queue, corrections with locks, payee memory and rule proposals, training and models.

use super::{all_ascending, day, expect_code, Fixture};
use crate::categorization::{
    Action, Condition, DecidedBy, SplitPart, SplitShare, TextField, TextMatch,
};
use crate::import::plan::ImportOptions;
use crate::import::{Statement, StatementFormat, StatementLine};
use crate::{
    AccountId, AccountKind, CategorizerSettings, EditOptions, Engine, NewAccount, NewRule,
    NewTransaction, TrainRequest, TransactionFilter, TransactionId,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn statement(lines: &[(u32, Decimal, &str)]) -> Statement {
    let mut s = Statement::new(StatementFormat::Ofx, "november.ofx");
    s.account.currency = Some("EUR".to_owned());
    s.lines = lines
        .iter()
        .enumerate()
        .map(|(i, (d, amount, payee))| {
            let mut l = StatementLine::new(i as u64 + 1, day(2026, 11, *d), *amount);
            l.payee = Some((*payee).to_owned());
            l.bank_id = Some(format!("{d}-{payee}-{i}"));
            l
        })
        .collect();
    s
}

fn uncategorized(f: &Fixture) -> AccountId {
    f.book
        .accounts()
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("uncategorized")
        .id
}

fn counter(f: &Fixture, id: TransactionId) -> AccountId {
    let tx = f.book.transactions().get(id).expect("tx");
    tx.splits.iter().find(|s| s.account_id != f.checking).expect("counter").account_id
}

/// Rules are stored, listed in run order, edited, reordered, enabled and disabled; a bad regex,
/// a missing category and a non Income/Expense account are rejected at save with the field.
pub fn scenario_categorizer_rules(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let cat = f.book.categorizer();
    let bad_regex = NewRule::new(
        "bad",
        Condition::all(vec![
            Condition::payee_contains("x"),
            Condition::text(TextField::Memo, TextMatch::Regex("(".to_owned())),
        ]),
        vec![Action::SetCategory("Expenses:Rent".to_owned())],
    );
    let err = expect_code(cat.create_rule(bad_regex), "invalid_rule");
    assert_eq!(err.field().as_deref(), Some("condition.conditions[1].match"));
    let err = expect_code(
        cat.create_rule(NewRule::payee_contains("x", "Expenses:Nope")),
        "category_not_found",
    );
    assert_eq!(err.field().as_deref(), Some("actions[0].value"));
    let err =
        expect_code(cat.create_rule(NewRule::payee_contains("x", "Assets:Cash")), "not_a_category");
    assert_eq!(err.field().as_deref(), Some("actions[0].value"));
    let split = NewRule::new(
        "split",
        Condition::payee_contains("market"),
        vec![Action::Split(vec![
            SplitPart::new("Expenses:Food:Groceries", SplitShare::Percent(dec!(70))),
            SplitPart::new("Expenses:Nope", SplitShare::Remainder),
        ])],
    );
    let err = expect_code(cat.create_rule(split), "category_not_found");
    assert_eq!(err.field().as_deref(), Some("actions[0].value[1].category"));
    assert!(cat.rules().expect("rules").is_empty(), "nothing saved by a rejected rule");

    let rent = cat.create_rule(NewRule::payee_contains("landlord", "Expenses:Rent")).expect("rent");
    // Named by id: resolved and returned by path.
    let by_id = NewRule::payee_contains("cafe", &f.restaurants.0.to_string()).priority(5);
    let cafe = cat.create_rule(by_id).expect("cafe");
    assert_eq!(cafe.actions, vec![Action::SetCategory("Expenses:Food:Restaurants".to_owned())]);
    assert_eq!(cat.rule(cafe.id).expect("get"), cafe);
    let ids: Vec<i64> = cat.rules().expect("list").iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![rent.id, cafe.id]);
    let reordered = cat.reorder_rules(&[cafe.id, rent.id]).expect("reorder");
    assert_eq!(reordered.iter().map(|r| r.id).collect::<Vec<_>>(), vec![cafe.id, rent.id]);
    expect_code(cat.reorder_rules(&[cafe.id, 999_999]), "rule_not_found");
    assert!(!cat.disable_rule(rent.id).expect("disable").enabled);
    assert!(cat.enable_rule(rent.id).expect("enable").enabled);
    let updated = cat
        .update_rule(rent.id, NewRule::payee_contains("landlord", "Expenses:Household"))
        .expect("update");
    assert_eq!(updated.actions, vec![Action::SetCategory("Expenses:Household".to_owned())]);
    expect_code(
        cat.update_rule(999_999, NewRule::payee_contains("a", "Expenses:Rent")),
        "rule_not_found",
    );
    cat.delete_rule(cafe.id).expect("delete");
    expect_code(cat.rule(cafe.id), "rule_not_found");
    expect_code(cat.delete_rule(cafe.id), "rule_not_found");
    assert_eq!(cat.rules().expect("list").len(), 1);
    // Another book sees none of them.
    let other = f.neighbour("bob@example.com", "Other");
    assert!(other.book.categorizer().rules().expect("other").is_empty());
    expect_code(other.book.categorizer().rule(rent.id), "rule_not_found");
}

/// `test_rule` lists what a rule would change in the history with before and after and writes
/// nothing; `apply_rules` writes it in one audited write and records who decided.
pub fn scenario_categorizer_test_and_apply(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let cat = f.book.categorizer();
    let uncat = uncategorized(&f);
    let coffee = f.add(NewTransaction::expense(
        day(2026, 3, 1),
        f.checking,
        uncat,
        dec!(4.5),
        "SQ *BLUE BOTTLE #12",
    ));
    let rent =
        f.add(NewTransaction::expense(day(2026, 3, 2), f.checking, f.rent, dec!(900), "Landlord"));
    f.add(NewTransaction::expense(
        day(2026, 3, 3),
        f.checking,
        uncat,
        dec!(3.9),
        "Blue Bottle Coffee",
    ));
    let rule = NewRule::payee_contains("blue bottle", "Expenses:Food:Restaurants");
    let audit_before = f.audit_len();
    let changes = cat.test_rule(rule.clone()).expect("test");
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].transaction_id, coffee.id);
    assert_eq!(changes[0].before.category, Some(uncat));
    assert_eq!(changes[0].after.category, Some(f.restaurants));
    assert_eq!(f.audit_len(), audit_before, "test_rule writes nothing");
    assert_eq!(counter(&f, coffee.id), uncat);

    let saved = cat.create_rule(rule).expect("save");
    let audit_before = f.audit_len();
    let applied = cat.apply_rules(&TransactionFilter::default()).expect("apply");
    assert_eq!(
        applied,
        changes
            .iter()
            .map(|c| crate::RuleChange { rules: vec![saved.id], ..c.clone() })
            .collect::<Vec<_>>()
    );
    assert_eq!(f.audit_len(), audit_before + 1, "one audited write");
    assert_eq!(counter(&f, coffee.id), f.restaurants);
    assert_eq!(counter(&f, rent.id), f.rent);
    let decision = cat.decision(coffee.id).expect("decision").expect("stored");
    assert_eq!(decision.decided_by, DecidedBy::Rule(saved.id));
    assert!(!decision.needs_review);
    // Applying again changes nothing.
    assert!(cat.apply_rules(&TransactionFilter::default()).expect("again").is_empty());
    assert_eq!(f.total(f.checking), dec!(-908.4));
}

/// The flow on an import: a rule decides, payee memory decides, the rest goes to review; a
/// correction locks the category, teaches payee memory at once and after three corrections
/// proposes a rule; a field edited by hand is locked against rules.
pub fn scenario_categorizer_import_review_correct(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let cat = f.book.categorizer();
    let uncat = uncategorized(&f);
    cat.create_rule(NewRule::payee_contains("landlord", "Expenses:Rent")).expect("rule");
    let options = ImportOptions::new(f.checking, uncat);
    let result = f
        .book
        .imports()
        .import(
            &statement(&[(1, dec!(-900), "LANDLORD LTD"), (2, dec!(-4.5), "SQ *BLUE BOTTLE #12")]),
            &options,
        )
        .expect("import");
    let ids = result.transaction_ids.clone();
    assert_eq!(ids.len(), 2);
    assert_eq!(counter(&f, ids[0]), f.rent, "the rule put the counter split on its category");
    assert_eq!(counter(&f, ids[1]), uncat, "nobody decided: left on the counter account");
    let queue = cat.review_queue(all_ascending()).expect("queue");
    assert_eq!(queue.total, 1);
    assert_eq!(queue.items[0].transaction.id, ids[1]);
    assert!(queue.items[0].decision.suggestions.is_empty(), "no model, no suggestions");

    let corrected = cat.correct(ids[1], f.restaurants).expect("correct");
    assert_eq!(corrected.decision.decided_by, DecidedBy::Manual);
    assert!(corrected.decision.locks.category);
    assert!(corrected.proposal.is_none());
    assert_eq!(counter(&f, ids[1]), f.restaurants);
    assert_eq!(cat.review_queue(all_ascending()).expect("queue").total, 0);
    let memory = cat.payee_memory().expect("memory");
    assert_eq!(memory.len(), 1);
    assert_eq!((memory[0].category, memory[0].corrections), (f.restaurants, 1));
    expect_code(cat.correct(ids[1], f.checking), "not_a_category");
    expect_code(cat.correct(ids[1], AccountId(999_999)), "category_not_found");

    // Payee memory decides the next import of the same merchant, written differently.
    let next = f
        .book
        .imports()
        .import(&statement(&[(5, dec!(-3.9), "Blue Bottle")]), &options)
        .expect("import 2");
    let id = next.transaction_ids[0];
    assert_eq!(counter(&f, id), f.restaurants);
    let decision = cat.decision(id).expect("d").expect("stored");
    assert_eq!(decision.decided_by, DecidedBy::PayeeMemory);

    // A rule cannot overwrite the locked category; corrections to one category propose a rule.
    cat.create_rule(NewRule::payee_contains("bottle", "Expenses:Household")).expect("rule 2");
    cat.categorize(&[ids[1]]).expect("categorize");
    assert_eq!(counter(&f, ids[1]), f.restaurants, "locked category stays");
    let second = cat.correct(id, f.groceries).expect("to groceries");
    assert!(second.proposal.is_none());
    cat.correct(ids[1], f.groceries).expect("again");
    let third = cat.correct(id, f.groceries).expect("third");
    let proposal = third.proposal.expect("a rule is proposed");
    assert_eq!((proposal.payee.as_str(), proposal.category), ("BLUE BOTTLE", f.groceries));
    let rule = cat.accept_proposal(&proposal).expect("accept");
    assert_eq!(rule.actions, vec![Action::SetCategory("Expenses:Food:Groceries".to_owned())]);

    // An edit by hand locks the payee: rules no longer rename it.
    let tx = f.book.transactions().get(ids[0]).expect("tx");
    let mut edited = NewTransaction::from(&tx);
    edited.payee = Some("My landlord".to_owned());
    f.book.transactions().edit(ids[0], edited, EditOptions::default()).expect("edit");
    assert!(cat.decision(ids[0]).expect("d").expect("stored").locks.payee);
    cat.create_rule(
        NewRule::new(
            "rename",
            Condition::payee_contains("landlord"),
            vec![Action::RenamePayee("Landlord Ltd".to_owned())],
        )
        .stage(crate::categorization::Stage::Pre),
    )
    .expect("rename rule");
    cat.categorize(&[ids[0]]).expect("categorize");
    assert_eq!(
        f.book.transactions().get(ids[0]).expect("tx").payee.as_deref(),
        Some("My landlord")
    );
    assert_eq!(f.total(f.checking), dec!(-908.4));
}

/// Training: below the minimum the book has no model (said so); with enough labeled
/// transactions a model is trained, stored with its metrics and active; its stored bytes load
/// into the same model; categorization then uses it; versions can be activated.
pub fn scenario_categorizer_training(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let cat = f.book.categorizer();
    let uncat = uncategorized(&f);
    expect_code(cat.train(TrainRequest::default()), "not_enough_training_data");
    let merchants = [
        ("Landlord", f.rent, dec!(900)),
        ("Supermarket", f.groceries, dec!(54.2)),
        ("Pizzeria", f.restaurants, dec!(23)),
    ];
    for i in 0..20u32 {
        for (payee, category, amount) in merchants {
            let date = day(2026, 1 + i % 12, 1 + i % 27);
            f.add(NewTransaction::expense(
                date,
                f.checking,
                category,
                amount + Decimal::from(i),
                payee,
            ));
        }
    }
    cat.set_settings(CategorizerSettings { min_examples: 100, ..CategorizerSettings::default() })
        .expect("settings");
    expect_code(cat.train(TrainRequest::default()), "not_enough_training_data");
    expect_code(
        cat.set_settings(CategorizerSettings { threshold: 1.5, ..CategorizerSettings::default() }),
        "invalid_field",
    );
    cat.set_settings(CategorizerSettings::default()).expect("defaults");
    assert_eq!(cat.settings().expect("settings"), CategorizerSettings::default());
    let info = cat.train(TrainRequest::default()).expect("train");
    assert_eq!((info.version, info.examples, info.active), (1, 60, true));
    assert!(info.size_bytes > 0 && info.size_bytes < 5_000_000);
    assert!(info.categories.iter().any(|c| c.account_id == f.rent));
    let stored = f.engine.store.model_bytes(f.book.id(), 1).expect("bytes").expect("stored");
    let model = tally_categorize::Model::from_bytes(&stored).expect("loads");
    assert_eq!(model.to_bytes(), stored, "loading gives the identical model");
    let memory = cat.payee_memory().expect("memory");
    assert_eq!(memory.len(), 3, "payee memory rebuilt from the history");

    // A new line of a known kind: payee memory decides; an unknown payee goes to the model.
    let options = ImportOptions::new(f.checking, uncat);
    let result = f
        .book
        .imports()
        .import(&statement(&[(3, dec!(-25), "PIZZERIA NAPOLI")]), &options)
        .expect("import");
    let id = result.transaction_ids[0];
    let decision = cat.decision(id).expect("d").expect("stored");
    assert!(matches!(decision.decided_by, DecidedBy::Model | DecidedBy::None), "{decision:?}");
    assert!(!decision.suggestions.is_empty(), "the model suggests");
    assert_eq!(decision.needs_review, decision.decided_by == DecidedBy::None);
    let again = cat.categorize(&[id]).expect("again");
    assert_eq!(again[0].suggestions, decision.suggestions, "the stored model predicts the same");

    let second = cat.train(TrainRequest { force: true }).expect("retrain");
    assert_eq!(second.version, 2);
    let models = cat.models().expect("models");
    assert_eq!(
        models.iter().map(|m| (m.version, m.active)).collect::<Vec<_>>(),
        vec![(2, true), (1, false)]
    );
    assert!(cat.activate(1).expect("activate").active);
    expect_code(cat.activate(9), "model_not_found");
    assert_eq!(cat.queued_examples().expect("queued"), 0);
    cat.correct(id, f.restaurants).expect("correct");
    assert_eq!(cat.queued_examples().expect("queued"), 1);
}
