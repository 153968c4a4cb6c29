use super::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;
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

#[test]
fn rename_makes_later_stage_rules_candidates_and_same_stage_sees_the_old_payee() {
    // The default-stage rule needs a needle only the renamed payee has: the rescan after the
    // pre stage must find it. The pre-stage rule after the rename still sees the old payee.
    let mut rename = Rule::new(
        1,
        "clean",
        Condition::payee_contains("AMZN"),
        vec![Action::RenamePayee("Amazon Marketplace".into())],
    );
    rename.stage = Stage::Pre;
    let mut same_stage = Rule::new(
        2,
        "same stage",
        Condition::text(TextField::Payee, TextMatch::StartsWith("amazon".into())),
        set("Wrong"),
    );
    same_stage.stage = Stage::Pre;
    same_stage.priority = 5;
    let later = Rule::new(3, "later", Condition::payee_contains("marketplace"), set("Shopping"));
    let set = compile(&[rename, same_stage, later]);
    let outcome = set.apply(&tx("AMZN Mktp US*2K4", dec!(-25.99)));
    assert_eq!(outcome.matched, vec![1, 3]);
    assert_eq!(outcome.category, Some(("Shopping".to_owned(), 3)));
}

#[test]
fn unicode_lower_case_operators_still_match_non_ascii_text() {
    // "\u{212A}" (Kelvin sign) lower-cases to an ASCII "k": an `equals "kfc"` rule indexed by
    // the needle "kfc" must still see the text, while `contains` ignores ASCII case only.
    let rules = vec![
        Rule::new(
            1,
            "eq",
            Condition::text(TextField::Payee, TextMatch::Equals("KFC".into())),
            set("A"),
        ),
        Rule::new(2, "ct", Condition::payee_contains("kfc"), set("B")),
        Rule::new(
            3,
            "café",
            Condition::text(TextField::Payee, TextMatch::EndsWith("CAFÉ".into())),
            set("C"),
        ),
    ];
    let set = compile(&rules);
    assert_eq!(set.apply(&tx("\u{212A}FC", dec!(-1))).matched, vec![1]);
    assert_eq!(set.apply(&tx("kfc", dec!(-1))).matched, vec![1, 2]);
    assert_eq!(set.apply(&tx("Le Petit Café", dec!(-1))).matched, vec![3]);
}

/// The plain meaning of the rules, without automata or indexes: every enabled rule in
/// (stage, priority, id) order, each stage seeing the payee as the stage began.
mod reference {
    use super::*;

    /// `ascii_contains`: an ASCII `contains` ignores ASCII case only (text fields; tags
    /// compare Unicode lower case for every operator).
    fn text_holds(m: &TextMatch, text: &str, ascii_contains: bool) -> bool {
        let lower = text.to_lowercase();
        match m {
            TextMatch::Contains(v) if v.is_ascii() && ascii_contains => {
                text.to_ascii_lowercase().contains(&v.to_ascii_lowercase())
            }
            TextMatch::Contains(v) => lower.contains(&v.to_lowercase()),
            TextMatch::Equals(v) => lower == v.to_lowercase(),
            TextMatch::StartsWith(v) => lower.starts_with(&v.to_lowercase()),
            TextMatch::EndsWith(v) => lower.ends_with(&v.to_lowercase()),
            TextMatch::OneOf(vs) => vs.iter().any(|v| lower == v.to_lowercase()),
            TextMatch::Regex(p) => Regex::new(p).is_ok_and(|re| re.is_match(text)),
        }
    }

    fn holds(c: &Condition, f: &Features, payee: &str, tags: &[String]) -> bool {
        match c {
            Condition::Text { field, matcher } => text_holds(
                matcher,
                match field {
                    TextField::Payee => payee,
                    TextField::Memo => &f.memo,
                    TextField::Account => &f.account,
                },
                true,
            ),
            Condition::Tag { matcher } => tags.iter().any(|t| text_holds(matcher, t, false)),
            Condition::Amount { matcher: AmountMatch::Greater { value } } => {
                f.amount.abs() > *value
            }
            Condition::Amount { matcher: AmountMatch::Outflow } => f.amount < Decimal::ZERO,
            Condition::All { conditions } => conditions.iter().all(|c| holds(c, f, payee, tags)),
            Condition::Any { conditions } => conditions.iter().any(|c| holds(c, f, payee, tags)),
            Condition::Not { condition } => !holds(condition, f, payee, tags),
            other => unreachable!("not generated: {other:?}"),
        }
    }

    pub fn apply(rules: &[Rule], f: &Features) -> RuleOutcome {
        let mut sorted: Vec<&Rule> = rules.iter().filter(|r| r.enabled).collect();
        sorted.sort_by_key(|r| (r.stage, r.priority, r.id));
        let mut out = RuleOutcome::default();
        for stage in Stage::ALL {
            let payee = out.payee.clone().unwrap_or_else(|| f.payee.clone());
            for rule in sorted.iter().filter(|r| r.stage == stage) {
                let tags: Vec<String> = f.tags.iter().chain(&out.tags_added).cloned().collect();
                if !holds(&rule.condition, f, &payee, &tags) {
                    continue;
                }
                out.matched.push(rule.id);
                for action in &rule.actions {
                    match action {
                        Action::SetCategory(c) => out.category = Some((c.clone(), rule.id)),
                        Action::RenamePayee(p) => out.payee = Some(p.clone()),
                        Action::AddTags(new) => {
                            for t in new {
                                if !f.tags.contains(t) && !out.tags_added.contains(t) {
                                    out.tags_added.push(t.clone());
                                }
                            }
                        }
                        other => unreachable!("not generated: {other:?}"),
                    }
                }
            }
        }
        out
    }
}

mod differential {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 10] = [
        "shop",
        "SHOP1",
        "amzn",
        "Amazon",
        "café",
        "CAFÉ",
        "k",
        "\u{212A}fc",
        "blue bottle",
        "ref9",
    ];

    fn word() -> impl Strategy<Value = String> {
        proptest::sample::select(WORDS.to_vec()).prop_map(str::to_owned)
    }

    fn text_match() -> impl Strategy<Value = TextMatch> {
        prop_oneof![
            3 => word().prop_map(TextMatch::Contains),
            1 => word().prop_map(TextMatch::Equals),
            1 => word().prop_map(TextMatch::StartsWith),
            1 => word().prop_map(TextMatch::EndsWith),
            1 => proptest::collection::vec(word(), 1..3).prop_map(TextMatch::OneOf),
            1 => proptest::sample::select(vec!["(?i)shop\\d", "^am", "é", "(?i)^blue\\b"])
                .prop_map(|p| TextMatch::Regex(p.to_owned())),
        ]
    }

    fn leaf() -> impl Strategy<Value = Condition> {
        prop_oneof![
            4 => (proptest::sample::select(vec![TextField::Payee, TextField::Memo]), text_match())
                .prop_map(|(field, matcher)| Condition::text(field, matcher)),
            1 => text_match().prop_map(|matcher| Condition::Tag { matcher }),
            1 => (0i64..60).prop_map(|v| Condition::amount(AmountMatch::Greater { value: Decimal::from(v) })),
            1 => Just(Condition::amount(AmountMatch::Outflow)),
        ]
    }

    fn condition() -> impl Strategy<Value = Condition> {
        leaf().prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Condition::all),
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Condition::any),
                inner.prop_map(Condition::negate),
            ]
        })
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            3 => (0u8..5).prop_map(|c| Action::SetCategory(format!("C{c}"))),
            1 => word().prop_map(Action::RenamePayee),
            1 => word().prop_map(|t| Action::AddTags(vec![t])),
        ]
    }

    fn rule() -> impl Strategy<Value = (Condition, Vec<Action>, u8, i32, bool)> {
        (condition(), proptest::collection::vec(action(), 1..3), 0u8..3, 0i32..4, any::<u8>())
            .prop_map(|(c, a, s, p, e)| (c, a, s, p, e % 8 != 0))
    }

    fn transaction() -> impl Strategy<Value = Features> {
        (
            proptest::collection::vec(word(), 0..4),
            word(),
            proptest::collection::vec(word(), 0..2),
            -80i64..80,
        )
            .prop_map(|(payee, memo, tags, amount)| {
                Features::new(payee.join(" "), Decimal::from(amount), "Assets:Checking", day(4))
                    .with_memo(memo)
                    .with_tags(tags)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn compiled_rules_agree_with_plain_evaluation(
            specs in proptest::collection::vec(rule(), 1..25),
            txs in proptest::collection::vec(transaction(), 1..12),
        ) {
            let rules: Vec<Rule> = specs
                .into_iter()
                .enumerate()
                .map(|(i, (condition, actions, stage, priority, enabled))| Rule {
                    id: i64::try_from(i).unwrap_or(0),
                    name: format!("r{i}"),
                    stage: [Stage::Pre, Stage::Default, Stage::Post][usize::from(stage)],
                    priority,
                    enabled,
                    condition,
                    actions,
                })
                .collect();
            let set = compile(&rules);
            for tx in &txs {
                prop_assert_eq!(set.apply(tx), reference::apply(&rules, tx), "{:?}", tx);
            }
        }
    }
}
