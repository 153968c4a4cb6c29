//! The budget arithmetic of issue 9 as properties of the pure rollover ([`roll`]): per category
//! and period `allocated + rolled_in - spent = available`; in envelope mode the pool balances
//! (`sum(available) + to_be_budgeted = income - spent` so far); over 24 months what rolls in
//! equals the sum of the monthly differences, and with the pool policies nothing rolls and the
//! pool receives it all. The same identities run through both stores in the conformance suite
//! (`prop_budget_identities`, `prop_rollover_24_months`); here they get thousands of cases.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tally_core::budget::rollover::{roll, LineInput, RollInput};
use tally_core::budget::{OverspendPolicy, SurplusPolicy};

fn cents() -> impl Strategy<Value = Decimal> {
    (-50_000_i64..500_000).prop_map(|c| Decimal::new(c, 2))
}

fn line(periods: usize) -> impl Strategy<Value = LineInput> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(cents(), periods),
        prop::collection::vec(cents(), periods),
    )
        .prop_map(|(s, o, allocated, spent)| LineInput {
            surplus: if s { SurplusPolicy::Roll } else { SurplusPolicy::ReturnToPool },
            overspend: if o { OverspendPolicy::Carry } else { OverspendPolicy::TakeFromPool },
            allocated,
            spent,
        })
}

fn input() -> impl Strategy<Value = RollInput> {
    (1_usize..30).prop_flat_map(|periods| {
        (
            any::<bool>(),
            prop::collection::vec(cents(), periods),
            prop::collection::vec(line(periods), 0..8),
        )
            .prop_map(move |(envelope, income, lines)| RollInput {
                envelope,
                periods,
                income,
                lines,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn available_is_allocated_plus_rolled_in_minus_spent(input in input()) {
        let out = roll(&input);
        for (i, periods) in out.lines.iter().enumerate() {
            prop_assert_eq!(periods.len(), input.periods);
            for (p, l) in periods.iter().enumerate() {
                prop_assert_eq!(l.allocated + l.rolled_in - l.spent, l.available);
                prop_assert_eq!(l.allocated, input.lines[i].allocated[p]);
                prop_assert_eq!(l.spent, input.lines[i].spent[p]);
                // What rolls on is what stayed after settling with the pool.
                if p + 1 < periods.len() {
                    prop_assert_eq!(periods[p + 1].rolled_in, l.available - l.to_pool);
                }
            }
        }
    }

    #[test]
    fn the_envelope_pool_balances(mut input in input()) {
        input.envelope = true;
        let out = roll(&input);
        let (mut income, mut spent) = (Decimal::ZERO, Decimal::ZERO);
        for p in 0..input.periods {
            income += input.income[p];
            let mut available = Decimal::ZERO;
            for l in &out.lines {
                spent += l[p].spent;
                available += l[p].available;
            }
            let pool = out.pool[p];
            prop_assert_eq!(pool.to_be_budgeted, pool.carried_in + pool.settled_in + pool.income - pool.allocated);
            prop_assert_eq!(available + pool.to_be_budgeted, income - spent);
        }
    }

    #[test]
    fn rollover_over_24_months_is_the_sum_of_differences(
        lines in prop::collection::vec(line(25), 1..5),
    ) {
        let rolling: Vec<LineInput> = lines
            .iter()
            .cloned()
            .map(|l| LineInput { surplus: SurplusPolicy::Roll, overspend: OverspendPolicy::Carry, ..l })
            .collect();
        let out = roll(&RollInput { envelope: false, periods: 25, income: Vec::new(), lines: rolling.clone() });
        for (l, input) in out.lines.iter().zip(&rolling) {
            let difference: Decimal =
                (0..24).map(|p| input.allocated[p] - input.spent[p]).sum();
            prop_assert_eq!(l[24].rolled_in, difference);
        }
        // With both pool policies nothing rolls: the pool gets every difference instead.
        let settling: Vec<LineInput> = lines
            .into_iter()
            .map(|l| LineInput { surplus: SurplusPolicy::ReturnToPool, overspend: OverspendPolicy::TakeFromPool, ..l })
            .collect();
        let out = roll(&RollInput { envelope: true, periods: 25, income: vec![Decimal::ZERO; 25], lines: settling.clone() });
        let mut settled = Decimal::ZERO;
        for l in &out.lines {
            prop_assert!(l.iter().all(|p| p.rolled_in.is_zero()));
        }
        for p in 1..25 {
            settled += out.pool[p].settled_in;
        }
        let difference: Decimal = settling
            .iter()
            .map(|l| (0..24).map(|p| l.allocated[p] - l.spent[p]).sum::<Decimal>())
            .sum();
        prop_assert_eq!(settled, difference);
    }
}
