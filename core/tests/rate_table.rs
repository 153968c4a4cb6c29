//! Properties and rules of the in-memory rate table, without a store.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tally_core::rates::{LookupOptions, Rate, RateTable};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, d).expect("date")
}

proptest! {
    /// Converting A -> B -> A over an exact stored rate A -> B returns A exactly, before
    /// rounding. Stored the other way round, the first step divides, and a quotient that does
    /// not end is carried to 28 significant digits: A comes back once rounded to its scale.
    #[test]
    fn a_to_b_to_a_is_exact(
        minor in -1_000_000_000_000_i64..1_000_000_000_000,
        scale in 0_u32..4,
        mantissa in 1_i64..10_000_000_000,
        rate_scale in 0_u32..10,
        stored_forward in any::<bool>(),
    ) {
        let amount = Decimal::new(minor, scale);
        let rate = Decimal::new(mantissa, rate_scale);
        let (base, quote) = if stored_forward { ("EUR", "USD") } else { ("USD", "EUR") };
        let table = RateTable::new([Rate::new(base, quote, day(30), rate, "p")]);
        let opts = LookupOptions::default();
        let (there, _) = table.convert(amount, "EUR", "USD", day(30), opts).expect("there");
        let (back, quote) = table.convert(there, "USD", "EUR", day(31), opts).expect("back");
        if stored_forward {
            prop_assert_eq!(there, amount * rate);
            prop_assert_eq!(back, amount);
        } else {
            prop_assert_eq!(back.round_dp(scale), amount);
        }
        prop_assert_eq!(quote.age_days(), 1);
    }

    /// A lookup never uses a rate dated after the requested day.
    #[test]
    fn never_a_later_rate(days in proptest::collection::btree_set(1_u32..=31, 1..10), ask in 1_u32..=31) {
        let rates: Vec<Rate> =
            days.iter().map(|d| Rate::new("EUR", "USD", day(*d), Decimal::from(*d), "p")).collect();
        let table = RateTable::new(rates);
        match table.lookup("EUR", "USD", day(ask), LookupOptions { max_age_days: 40 }) {
            Ok(q) => {
                let best = days.iter().filter(|d| **d <= ask).max().copied().expect("a day");
                prop_assert_eq!(q.oldest, day(best));
                prop_assert_eq!(q.rate, Decimal::from(best));
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "no_rate");
                prop_assert!(days.iter().all(|d| *d > ask));
            }
        }
    }
}

#[test]
fn newer_direction_wins_and_the_stored_one_on_a_tie() {
    let table = RateTable::new([
        Rate::new("EUR", "USD", day(29), dec!(1.10), "a"),
        Rate::new("USD", "EUR", day(30), dec!(0.80), "b"),
        Rate::new("EUR", "GBP", day(30), dec!(0.85), "a"),
        Rate::new("GBP", "EUR", day(30), dec!(1.25), "b"),
    ]);
    let q = table.lookup("EUR", "USD", day(30), LookupOptions::default()).expect("usd");
    assert!(q.path[0].inverted, "the newer stored direction is used");
    assert_eq!(q.rate, dec!(1.25));
    let q = table.lookup("EUR", "GBP", day(30), LookupOptions::default()).expect("gbp");
    assert_eq!((q.rate, q.path[0].inverted), (dec!(0.85), false));
    let q = table.lookup("GBP", "EUR", day(30), LookupOptions::default()).expect("eur");
    assert_eq!((q.rate, q.path[0].inverted), (dec!(1.25), false));
}

#[test]
fn shortest_chain_and_stale_legs() {
    // AAA -> BBB -> CCC -> DDD and AAA -> EEE -> DDD: the two-leg chain wins.
    let r = |b: &str, q: &str, d: u32, v: Decimal| Rate::new(b, q, day(d), v, "p");
    let table = RateTable::new([
        r("AAA", "BBB", 30, dec!(2)),
        r("BBB", "CCC", 30, dec!(3)),
        r("CCC", "DDD", 30, dec!(5)),
        r("AAA", "EEE", 30, dec!(7)),
        r("EEE", "DDD", 10, dec!(11)),
    ]);
    let q = table.lookup("AAA", "DDD", day(30), LookupOptions::default()).expect("chain");
    assert_eq!(q.path.len(), 3, "the short chain has a stale leg: the fresh long one is used");
    assert_eq!(q.rate, dec!(30));
    let q = table.lookup("AAA", "DDD", day(30), LookupOptions { max_age_days: 30 }).expect("short");
    assert_eq!((q.path.len(), q.rate, q.oldest), (2, dec!(77), day(10)));
    let err =
        table.lookup("AAA", "DDD", day(31), LookupOptions { max_age_days: 0 }).expect_err("stale");
    assert_eq!(err.code(), "stale_rate");
}
