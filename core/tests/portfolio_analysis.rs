//! Returns from the ledger (money-weighted, time-weighted, simple) and allocation with a
//! rebalancing plan, on the in-memory store.
#![allow(clippy::float_arithmetic)] // XNPV of a reported rate is checked in floats

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tally_core::portfolio::operations::*;
use tally_core::portfolio::performance::*;
use tally_core::portfolio::returns::{xnpv, DayCount};
use tally_core::portfolio::*;
use tally_core::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

struct Fixture {
    book: Book,
    broker: AccountId,
    ira: AccountId,
    gains: AccountId,
    dividends: AccountId,
}

fn fixture() -> Fixture {
    let engine = Engine::in_memory();
    let user = engine.users().create(NewUser::new("r@example.com", "R", "S", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Returns", user.id, "USD")).expect("book");
    let account = |path: &str, kind| {
        let mut new = NewAccount::new(path, kind, "USD");
        if kind == AccountKind::Asset {
            new = new.subtype(AccountSubtype::Investment);
        }
        book.accounts().create(new).expect("account").id
    };
    let broker = account("Assets:Broker", AccountKind::Asset);
    let ira = account("Assets:IRA", AccountKind::Asset);
    let gains = account("Income:Gains", AccountKind::Income);
    let dividends = account("Income:Dividends", AccountKind::Income);
    let p = book.portfolio();
    p.define_security(NewSecurity::new("ACME", "Acme", AssetClass::Stock, "USD")).expect("ACME");
    p.define_security(NewSecurity::new("AGG", "Bonds", AssetClass::Bond, "USD").scale(3))
        .expect("AGG");
    p.define_security(NewSecurity::new("VTI", "Total market", AssetClass::Etf, "USD"))
        .expect("VTI");
    Fixture { book, broker, ira, gains, dividends }
}

impl Fixture {
    fn price(&self, code: &str, date: NaiveDate, price: Decimal) {
        self.book.rates().add(Rate::new(code, "USD", date, price, "test")).expect("price");
    }

    fn buy(&self, account: AccountId, code: &str, date: NaiveDate, qty: Decimal, price: Decimal) {
        self.book.portfolio().buy(&BuyRequest::new(date, account, code, qty, price)).expect("buy");
    }
}

fn rate(r: &RateOfReturn) -> Decimal {
    assert_eq!(r.status, ReturnStatus::Ok, "{r:?}");
    r.rate.expect("rate")
}

/// 10 ACME @ 100 on Jan 1st, 10 more @ 120 on Jul 1st, a 50 dividend on Oct 1st, 110 at the
/// end of the year.
fn a_year(f: &Fixture) -> Returns {
    f.price("ACME", day(2023, 1, 1), dec!(100));
    f.buy(f.broker, "ACME", day(2023, 1, 1), dec!(10), dec!(100));
    f.price("ACME", day(2023, 7, 1), dec!(120));
    f.buy(f.broker, "ACME", day(2023, 7, 1), dec!(10), dec!(120));
    f.book
        .portfolio()
        .income_received(&IncomeRequest::dividend(
            day(2023, 10, 1),
            f.broker,
            "ACME",
            dec!(50),
            f.dividends,
        ))
        .expect("dividend");
    f.price("ACME", day(2023, 12, 31), dec!(110));
    let req =
        ReturnsRequest::new(day(2023, 1, 1), day(2023, 12, 31), "USD").max_price_age_days(400);
    f.book.portfolio().returns(&req).expect("returns")
}

#[test]
fn returns_of_a_year_with_a_buy_and_a_dividend() {
    let f = fixture();
    let r = a_year(&f);
    assert_eq!(r.start_value, Some(dec!(1000.00)));
    assert_eq!(r.end_value, Some(dec!(2200.00)));
    assert_eq!(
        r.flows,
        vec![
            ExternalFlow { date: day(2023, 7, 1), amount: dec!(1200.00) },
            ExternalFlow { date: day(2023, 10, 1), amount: dec!(-50.00) },
        ]
    );
    assert_eq!((r.contributions, r.withdrawals), (dec!(1200.00), dec!(50.00)));
    // Sub-periods: 1000 -> 1200 (before the buy), 2400 -> 2450 (the dividend paid out),
    // 2400 -> 2200.
    let twr = rate(&r.time_weighted);
    let want = dec!(1.2) * dec!(2450) / dec!(2400) * dec!(2200) / dec!(2400) - Decimal::ONE;
    assert!((twr - want).abs() < dec!(0.000000000001), "{twr} vs {want}");
    // Simple: (2200 - 1000 - 1150) / (1000 + 1200).
    assert_eq!(rate(&r.simple), (dec!(50) / dec!(2200)).round_dp(12));
    assert_eq!(r.simple.annualized, r.simple.rate, "a year is not annualized");
    // Money-weighted: XNPV of the investor's flows at the rate is zero.
    let mwr = rate(&r.money_weighted).to_f64().expect("f64");
    let dates = [day(2023, 1, 1), day(2023, 7, 1), day(2023, 10, 1), day(2023, 12, 31)];
    let amounts = [-1000.0, -1200.0, 50.0, 2200.0];
    let npv = xnpv(mwr, &dates, &amounts, DayCount::Act365F).expect("npv");
    assert!(npv.abs() < 1e-6, "{npv}");
    assert!(mwr > 0.0 && mwr < twr.to_f64().expect("f64"), "{mwr}");
    assert!(r.missing.is_empty());
}

#[test]
fn returns_by_account_and_security_and_annualized() {
    let f = fixture();
    let _ = a_year(&f);
    f.price("AGG", day(2023, 1, 1), dec!(50));
    f.buy(f.ira, "AGG", day(2023, 1, 1), dec!(4), dec!(50));
    f.price("AGG", day(2024, 12, 31), dec!(60.5));
    f.price("ACME", day(2024, 12, 31), dec!(110));
    let two = |r: ReturnsRequest| {
        f.book.portfolio().returns(&r.max_price_age_days(800)).expect("returns")
    };
    let agg = two(ReturnsRequest::new(day(2023, 1, 1), day(2024, 12, 31), "USD").security("AGG"));
    assert_eq!((agg.start_value, agg.end_value), (Some(dec!(200.00)), Some(dec!(242.00))));
    assert!(agg.flows.is_empty());
    assert_eq!(rate(&agg.simple), dec!(0.21));
    assert_eq!(rate(&agg.time_weighted), dec!(0.21));
    // 730 days (2024 is a leap year): (1.21)^(365/730) - 1 = 10 %, and XIRR of -200 / +242
    // over the same days.
    assert_eq!(agg.days, 730);
    let yearly = agg.time_weighted.annualized.expect("annualized").to_f64().expect("f64");
    let want = 0.1;
    assert!((yearly - want).abs() < 1e-9, "{yearly} vs {want}");
    assert!((rate(&agg.money_weighted).to_f64().expect("f64") - want).abs() < 1e-9);
    // The IRA holds only AGG; the broker only ACME.
    let ira = two(ReturnsRequest::new(day(2023, 1, 1), day(2024, 12, 31), "USD").account(f.ira));
    assert_eq!(ira.simple, agg.simple);
    let broker =
        two(ReturnsRequest::new(day(2023, 1, 1), day(2024, 12, 31), "USD").account(f.broker));
    assert_eq!(broker.end_value, Some(dec!(2200.00)));
    let book = two(ReturnsRequest::new(day(2023, 1, 1), day(2024, 12, 31), "USD"));
    assert_eq!(book.end_value, Some(dec!(2442.00)));
    assert_eq!(book.start_value, Some(dec!(1200.00)));
}

#[test]
fn missing_prices_and_nothing_invested_are_statuses() {
    let f = fixture();
    f.buy(f.broker, "VTI", day(2023, 2, 1), dec!(3), dec!(200));
    let r = f
        .book
        .portfolio()
        .returns(&ReturnsRequest::new(day(2023, 1, 1), day(2023, 6, 30), "USD"))
        .expect("returns");
    assert_eq!(r.start_value, Some(dec!(0.00)));
    assert_eq!(r.end_value, None);
    assert_eq!(r.money_weighted.status, ReturnStatus::MissingPrices);
    assert_eq!(r.time_weighted.status.as_str(), "missing_prices");
    assert_eq!(r.missing.len(), 1);
    assert_eq!((r.missing[0].security.as_str(), r.missing[0].code.as_str()), ("VTI", "no_rate"));
    let empty = f
        .book
        .portfolio()
        .returns(&ReturnsRequest::new(day(2020, 1, 1), day(2020, 6, 30), "USD"))
        .expect("empty");
    assert_eq!(empty.simple.status, ReturnStatus::NothingInvested);
    assert_eq!(empty.money_weighted.rate, None);
    let err = f
        .book
        .portfolio()
        .returns(&ReturnsRequest::new(day(2020, 1, 2), day(2020, 1, 1), "USD"))
        .expect_err("backwards");
    assert_eq!(err.field().as_deref(), Some("to"));
    assert_eq!(ReturnStatus::parse("no_solution"), Some(ReturnStatus::NoSolution));
    let _ = (f.gains, f.ira);
}
