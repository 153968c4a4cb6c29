use super::*;
use chrono::NaiveDate;
use rust_decimal_macros::dec;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, d).unwrap_or_default()
}

fn tx(payee: &str, amount: Decimal) -> Features {
    Features::new(payee, amount, "Assets:Checking", day(4)).with_memo("card purchase")
}

fn set(category: &str) -> Vec<Action> {
    vec![Action::SetCategory(category.to_owned())]
}

fn compile(rules: &[Rule]) -> RuleSet {
    RuleSet::compile(rules, RoundingStrategy::MidpointNearestEven).expect("compiles")
}

#[test]
fn contains_ignores_case_and_later_stage_wins() {
    let mut post = Rule::new(
        2,
        "big coffee",
        Condition::all(vec![
            Condition::payee_contains("bottle"),
            Condition::amount(AmountMatch::Greater { value: dec!(50) }),
        ]),
        set("Expenses:Gifts"),
    );
    post.stage = Stage::Post;
    let rules = vec![
        Rule::new(1, "coffee", Condition::payee_contains("BLUE bottle"), set("Expenses:Coffee")),
        post,
    ];
    let set = compile(&rules);
    let small = set.apply(&tx("SQ *Blue Bottle", dec!(-4.50)));
    assert_eq!(small.category, Some(("Expenses:Coffee".to_owned(), 1)));
    let big = set.apply(&tx("SQ *Blue Bottle", dec!(-80)));
    assert_eq!(big.category, Some(("Expenses:Gifts".to_owned(), 2)));
    assert_eq!(big.matched, vec![1, 2]);
    assert!(set.apply(&tx("Starbucks", dec!(-4))).is_empty());
}

#[test]
fn every_operator_and_combination() {
    let cases: Vec<(Condition, bool)> = vec![
        (Condition::text(TextField::Payee, TextMatch::Equals("sq *blue bottle".into())), true),
        (Condition::text(TextField::Payee, TextMatch::StartsWith("SQ".into())), true),
        (Condition::text(TextField::Payee, TextMatch::EndsWith("bottle".into())), true),
        (
            Condition::text(
                TextField::Payee,
                TextMatch::OneOf(vec!["x".into(), "SQ *BLUE BOTTLE".into()]),
            ),
            true,
        ),
        (Condition::text(TextField::Payee, TextMatch::Regex(r"(?i)blue\s+bot".into())), true),
        (Condition::text(TextField::Memo, TextMatch::Contains("purchase".into())), true),
        (Condition::text(TextField::Account, TextMatch::Contains("savings".into())), false),
        (Condition::amount(AmountMatch::Equals { value: dec!(4.50) }), true),
        (Condition::amount(AmountMatch::Less { value: dec!(4) }), false),
        (Condition::amount(AmountMatch::Between { min: dec!(4), max: dec!(5) }), true),
        (Condition::amount(AmountMatch::Inflow), false),
        (Condition::amount(AmountMatch::Outflow), true),
        (Condition::Date { matcher: DateMatch::On { date: day(4) } }, true),
        (Condition::Date { matcher: DateMatch::Before { date: day(4) } }, false),
        (Condition::Date { matcher: DateMatch::After { date: day(1) } }, true),
        (Condition::Date { matcher: DateMatch::Between { from: day(1), to: day(3) } }, false),
        (Condition::Weekday { days: vec![0] }, true), // 2024-03-04 is a Monday
        (Condition::Weekday { days: vec![5, 6] }, false),
        (Condition::DayOfMonth { from: 1, to: 5 }, true),
        (Condition::Tag { matcher: TextMatch::Equals("work".into()) }, true),
        (Condition::Mcc { codes: vec![5814] }, true),
        (Condition::Mcc { codes: vec![5411] }, false),
        (
            Condition::any(vec![
                Condition::payee_contains("zzz"),
                Condition::memo_contains("card"),
            ]),
            true,
        ),
        (Condition::any(vec![]), false),
        (Condition::all(vec![]), true),
        (Condition::negate(Condition::payee_contains("blue")), false),
    ];
    let features = tx("SQ *BLUE BOTTLE", dec!(-4.50)).with_tags(vec!["Work".into()]).with_mcc(5814);
    for (i, (condition, expected)) in cases.into_iter().enumerate() {
        let rules = vec![Rule::new(7, "r", condition.clone(), set("C"))];
        let outcome = compile(&rules).apply(&features);
        assert_eq!(!outcome.is_empty(), expected, "case {i}: {condition:?}");
    }
}

#[test]
fn rename_in_pre_stage_is_seen_by_default_stage_and_actions_apply() {
    let mut rename = Rule::new(
        1,
        "clean",
        Condition::payee_contains("AMZN"),
        vec![
            Action::RenamePayee("Amazon".into()),
            Action::AddTags(vec!["online".into(), "online".into()]),
        ],
    );
    rename.stage = Stage::Pre;
    let categorize = Rule::new(
        2,
        "amazon",
        Condition::text(TextField::Payee, TextMatch::Equals("amazon".into())),
        vec![
            Action::SetNotes("household".into()),
            Action::Split(vec![
                SplitPart::new("Expenses:Books", SplitShare::Fixed(dec!(10))),
                SplitPart::new("Expenses:Household", SplitShare::Remainder),
            ]),
        ],
    );
    let mut disabled = Rule::new(3, "off", Condition::payee_contains("AMZN"), set("X"));
    disabled.enabled = false;
    let set = compile(&[categorize, rename, disabled]);
    assert_eq!(set.len(), 2);
    let outcome = set.apply(&tx("AMZN Mktp US*2K4", dec!(-25.99)));
    assert_eq!(outcome.payee.as_deref(), Some("Amazon"));
    assert_eq!(outcome.tags_added, vec!["online".to_owned()]);
    assert_eq!(outcome.notes.as_deref(), Some("household"));
    let split = outcome.split.expect("split");
    assert_eq!(split[0].amount, dec!(-10));
    assert_eq!(split[1].amount, dec!(-15.99));
    assert_eq!(outcome.matched, vec![1, 2]);
}

#[test]
fn invalid_regex_is_rejected_with_its_field() {
    let rule = Rule::new(
        9,
        "bad",
        Condition::all(vec![
            Condition::payee_contains("x"),
            Condition::text(TextField::Memo, TextMatch::Regex("(unclosed".into())),
        ]),
        set("C"),
    );
    let err = rule.validate().expect_err("invalid");
    assert_eq!(err.code(), "invalid_rule");
    assert_eq!(err.field(), Some("condition.conditions[1].match"));
    let err = RuleSet::compile(&[rule], RoundingStrategy::ToZero).expect_err("invalid");
    assert_eq!(err.field(), Some("rules[9].condition.conditions[1].match"));
    let no_action = Rule::new(1, "none", Condition::payee_contains("x"), vec![]);
    assert_eq!(no_action.validate().expect_err("invalid").field(), Some("actions"));
}

#[test]
fn indexed_and_unindexed_rules_agree_with_plain_evaluation() {
    // Many contains rules plus non-contains ones: the automaton's candidate selection must
    // give the same outcome as evaluating every rule.
    let mut rules = Vec::new();
    for i in 0..200 {
        rules.push(Rule::new(
            i,
            "c",
            Condition::payee_contains(format!("shop{i} ")),
            set(&format!("C{i}")),
        ));
    }
    rules.push(Rule::new(
        500,
        "neg",
        Condition::negate(Condition::payee_contains("shop1 ")),
        set("N"),
    ));
    rules.push(Rule::new(
        501,
        "any",
        Condition::any(vec![
            Condition::payee_contains("shop3 "),
            Condition::amount(AmountMatch::Greater { value: dec!(1000) }),
        ]),
        set("A"),
    ));
    let set = compile(&rules);
    for (payee, amount, expected) in [
        ("the shop1 store", dec!(-5), Some(1)),
        ("the shop3 store", dec!(-5), Some(501)),
        ("nothing", dec!(-5), Some(500)),
        ("nothing", dec!(-5000), Some(501)),
    ] {
        let outcome = set.apply(&tx(payee, amount));
        assert_eq!(outcome.category.map(|c| c.1), expected, "{payee}");
    }
}
