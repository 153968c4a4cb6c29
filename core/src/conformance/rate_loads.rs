//! Scenarios of rate writes: what a load or a bulk add stores and reports (new, replaced,
//! unchanged, repeated, unknown commodities), whatever order the rates come in and however
//! many there are (a store may write them in chunks).

use super::{day, expect_code, Fixture};
use crate::rates::{LoadOptions, LookupOptions, Rate, RateFilter, RateFormat};
use crate::{CommodityKind, Engine, NewCommodity};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn csv(options: Option<&str>) -> LoadOptions {
    LoadOptions {
        format: Some(RateFormat::Csv),
        file_name: Some("rates.csv".to_owned()),
        source: options.map(str::to_owned),
    }
}

/// `n` thousandths.
fn milli(n: i64) -> Decimal {
    Decimal::new(n, 3).normalize()
}

/// Loads an ECB file and a plain CSV, re-loads them, replaces and repeats rates, and checks
/// every report and the stored rates against a map kept alongside.
pub fn scenario_rate_loads_and_reports(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let rates = f.book.rates();

    // ECB CSV: newest day first, a missing cell, a pre-euro currency the book does not know.
    let ecb = "Date,USD,JPY,CYP,GBP,\n\
               2026-10-30,1.1172,175.68,N/A,0.8338,\n\
               2026-10-29,1.1130,175.92,0.5853,N/A,\n";
    let report = rates.load(ecb.as_bytes(), &LoadOptions::default()).expect("ecb load");
    assert_eq!(report.format, Some(RateFormat::EcbCsv));
    assert_eq!((report.read, report.added, report.missing), (6, 5, 2));
    assert_eq!((report.replaced, report.unchanged, report.skipped_unknown), (0, 0, 1));
    assert_eq!(report.unknown_commodities, ["CYP"]);
    let again = rates.load(ecb.as_bytes(), &LoadOptions::default()).expect("re-load");
    assert_eq!((again.added, again.replaced, again.unchanged), (0, 0, 5));
    let listed = rates.list(&RateFilter::default()).expect("list");
    let keys: Vec<(&str, &str, String)> =
        listed.iter().map(|r| (&*r.base, &*r.quote, r.date.to_string())).collect();
    assert_eq!(
        keys,
        [
            ("EUR", "GBP", "2026-10-30".to_owned()),
            ("EUR", "JPY", "2026-10-29".to_owned()),
            ("EUR", "JPY", "2026-10-30".to_owned()),
            ("EUR", "USD", "2026-10-29".to_owned()),
            ("EUR", "USD", "2026-10-30".to_owned()),
        ]
    );
    // Exact text kept: 1.1130 is stored normalized, as every rate.
    assert_eq!(listed[3].rate, Decimal::new(1113, 3));
    assert_eq!(listed[3].source, "ecb");

    // Unknown base and quote: the rate is skipped once and the base is the one listed.
    let text = "date,base,quote,rate\n2026-10-30,AAA,BBB,2\n2026-10-30,EUR,BBB,3\n";
    let report = rates.load(text.as_bytes(), &csv(None)).expect("unknown codes");
    assert_eq!((report.read, report.added, report.skipped_unknown), (2, 0, 2));
    assert_eq!(report.unknown_commodities, ["AAA", "BBB"]);

    // Two different rates for one pair and day: refused, naming the first repeat in input
    // order (here not the first in key order), and nothing of the input is kept.
    let text = "date,base,quote,rate\n\
                2026-01-02,USD,JPY,150\n\
                2026-01-01,GBP,CHF,1.1\n\
                2026-01-02,USD,JPY,150\n\
                2026-01-02,USD,JPY,151\n\
                2026-01-01,GBP,CHF,1.2\n";
    let err = expect_code(rates.load(text.as_bytes(), &csv(None)), "invalid_field");
    let message = err.to_string();
    assert!(message.contains("USD/JPY 2026-01-02"), "{message}");
    assert!(message.contains("(150 and 151)"), "{message}");
    assert_eq!(rates.list(&RateFilter::default()).expect("list").len(), 5);

    // Many rates in shuffled order over several pairs and sources, with repeats: more than
    // a store's chunk, with chunks of one pair and chunks of several.
    let mut expected: BTreeMap<(String, String, chrono::NaiveDate), (Decimal, String)> = listed
        .iter()
        .map(|r| ((r.base.clone(), r.quote.clone(), r.date), (r.rate, r.source.clone())))
        .collect();
    let pairs = [("EUR", "USD"), ("USD", "JPY"), ("GBP", "CHF"), ("EUR", "GBP")];
    let mut text = String::from("date,base,quote,rate,source\n");
    let mut lines = 0;
    for i in 0..1_000_u32 {
        // A permutation of 0..1000 spreads the pairs and days.
        let k = (i * 379) % 1_000;
        let (base, quote) = pairs[(k % 4) as usize];
        let date = day(2020, 1, 1) + chrono::Days::new(u64::from(k / 4));
        let source = if k % 7 == 0 { "bank" } else { "feed" };
        let rate = milli(1_000 + i64::from(k));
        text.push_str(&format!("{date},{base},{quote},{rate},{source}\n"));
        lines += 1;
        if k % 50 == 0 {
            // A repeat, same rate and another source: unchanged, the first one is kept.
            text.push_str(&format!("{date},{base},{quote},{rate},other\n"));
            lines += 1;
        }
        expected.insert((base.to_owned(), quote.to_owned(), date), (rate, source.to_owned()));
    }
    let report = rates.load(text.as_bytes(), &csv(None)).expect("bulk load");
    assert_eq!((report.read, report.added, report.replaced), (lines, 1_000, 0));
    assert_eq!(report.unchanged, lines - 1_000);
    // One replaced rate (another value), one re-stated with a new source (replaced), one the
    // same (unchanged), through add_many.
    let d = day(2020, 1, 1);
    let replace = vec![
        Rate::new("EUR", "USD", d, milli(2_000), "manual"),
        Rate::new("GBP", "CHF", d + chrono::Days::new(1), milli(1_002), "manual"),
        Rate::new("GBP", "CHF", d + chrono::Days::new(1), milli(1_002), "manual"),
        Rate::new("EUR", "JPY", day(2026, 10, 30), Decimal::new(17568, 2), "ecb"),
    ];
    let report = rates.add_many(&replace).expect("add_many");
    assert_eq!((report.read, report.added, report.replaced, report.unchanged), (4, 0, 2, 2));
    for r in &replace {
        expected.insert((r.base.clone(), r.quote.clone(), r.date), (r.rate, r.source.clone()));
    }
    let stored: BTreeMap<_, _> = rates
        .list(&RateFilter::default())
        .expect("list")
        .into_iter()
        .map(|r| ((r.base, r.quote, r.date), (r.rate, r.source)))
        .collect();
    assert_eq!(stored, expected);

    // The table the lookups use sees the same rates, the inverse and chains included.
    let table = rates.table().expect("table");
    assert_eq!(table.len(), expected.len());
    for ((base, quote, date), (rate, source)) in &expected {
        assert_eq!(table.stored(base, quote, *date), Some((*rate, source.as_str())));
    }
    let quote = rates.lookup("USD", "EUR", d, LookupOptions::default()).expect("inverse");
    assert_eq!(quote.path.len(), 1);
    assert!(quote.path[0].inverted);
    assert_eq!(quote.rate, Decimal::new(5, 1));
}

/// Defined commodities load like ISO ones; a book without them skips their rates.
pub fn scenario_rates_of_defined_commodities(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let ecb = "Date,USD,CYP,\n2007-12-31,1.4721,0.585274,\n";
    let report = f.book.rates().load(ecb.as_bytes(), &LoadOptions::default()).expect("load");
    assert_eq!((report.added, report.skipped_unknown), (1, 1));
    f.book
        .commodities()
        .define(NewCommodity::new("CYP", "Cyprus pound", 2, CommodityKind::Currency))
        .expect("define");
    let report = f.book.rates().load(ecb.as_bytes(), &LoadOptions::default()).expect("load");
    assert_eq!((report.added, report.unchanged, report.skipped_unknown), (1, 1, 0));
    assert!(report.unknown_commodities.is_empty());
}
