//! Price files: a price CSV loads into the book's rate table (the price of a unit of a security
//! is the rate `symbol/currency`), strictly, all or nothing, and a re-load adds nothing.

use chrono::NaiveDate;
use rust_decimal_macros::dec;
use tally_core::portfolio::*;
use tally_core::*;

fn book() -> Book {
    let engine = Engine::in_memory();
    let user = engine.users().create(NewUser::new("p@example.com", "P", "Q", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Prices", user.id, "USD")).expect("book");
    for (code, class) in [("ACME", AssetClass::Stock), ("F", AssetClass::Stock)] {
        book.portfolio().define_security(NewSecurity::new(code, code, class, "USD")).expect("sec");
    }
    book
}

const PRICES: &str = "date,symbol,price,currency\n\
2024-01-02,ACME,101.25,USD\n\
2024-01-03,ACME,102.50,USD\n\
2024-01-02,F,12.1,USD\n\
2024-01-02,ZZZ,5,USD\n";

#[test]
fn a_price_file_loads_once_and_is_looked_up() {
    let book = book();
    let report = book.portfolio().load_prices(PRICES.as_bytes(), "prices.csv").expect("load");
    assert_eq!((report.read, report.added, report.unchanged), (4, 3, 0));
    assert_eq!(report.skipped_unknown, 1);
    assert_eq!(report.unknown_commodities, vec!["ZZZ".to_owned()]);
    let d = |m, dd| NaiveDate::from_ymd_opt(2024, m, dd).expect("date");
    // On or before: the 5th takes the 3rd's price.
    let quote = book.rates().lookup("ACME", "USD", d(1, 5), LookupOptions::default()).expect("q");
    assert_eq!(quote.rate, dec!(102.5));
    assert_eq!(quote.path[0].date, d(1, 3));
    let again = book.portfolio().load_prices(PRICES.as_bytes(), "prices.csv").expect("reload");
    assert_eq!((again.added, again.replaced, again.unchanged), (0, 0, 3));
    let stored = book.rates().list(&RateFilter::default()).expect("list");
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|r| r.source == "prices.csv"));
}

#[test]
fn a_bad_line_keeps_nothing() {
    let book = book();
    let bad = "date,symbol,price,currency\n2024-01-02,ACME,101.25,USD\n2024-01-03,ACME,1O2,USD\n";
    let err = book.portfolio().load_prices(bad.as_bytes(), "bad.csv").expect_err("bad price");
    assert_eq!(err.code(), "malformed_line");
    assert_eq!(err.field().as_deref(), Some("price"));
    let text = err.to_string();
    assert!(text.contains("bad.csv") && text.contains("1O2"), "{text}");
    assert!(book.rates().list(&RateFilter::default()).expect("list").is_empty());
    let date = "date,symbol,price,currency\n02/01/2024,ACME,1,USD\n";
    let err = book.portfolio().load_prices(date.as_bytes(), "d.csv").expect_err("date");
    assert_eq!(err.field().as_deref(), Some("date"));
    let twice = "date,symbol,price,currency\n2024-01-02,ACME,1,USD\n2024-01-02,ACME,2,USD\n";
    let err = book.portfolio().load_prices(twice.as_bytes(), "t.csv").expect_err("conflict");
    assert_eq!(err.code(), "invalid_field");
    assert!(book.rates().list(&RateFilter::default()).expect("list").is_empty());
}
