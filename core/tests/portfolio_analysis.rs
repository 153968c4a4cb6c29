//! Returns from the ledger (money-weighted, time-weighted, simple) and allocation with a
//! rebalancing plan, on the in-memory store.
#![allow(clippy::float_arithmetic)] // XNPV of a reported rate is checked in floats

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tally_core::portfolio::allocation::*;
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

/// ACME (stock, whole units) 5 @ 80 then 5 @ 120, AGG (bond, 3 decimals) 5 @ 200; both
/// priced on Jan 2nd 2024: ACME 100, AGG 200 (1000 each).
fn balanced(f: &Fixture) -> NaiveDate {
    f.buy(f.broker, "ACME", day(2023, 1, 10), dec!(5), dec!(80));
    f.buy(f.broker, "ACME", day(2023, 6, 10), dec!(5), dec!(120));
    f.buy(f.broker, "AGG", day(2023, 1, 10), dec!(5), dec!(200));
    f.price("ACME", day(2024, 1, 2), dec!(100));
    f.price("AGG", day(2024, 1, 2), dec!(200));
    day(2024, 1, 2)
}

#[test]
fn allocation_and_drift_against_class_targets() {
    use tally_core::portfolio::valuation::HoldingsRequest;
    let f = fixture();
    let as_of = balanced(&f);
    f.book
        .portfolio()
        .set_targets(
            None,
            &[
                TargetWeight::asset_class(AssetClass::Stock, dec!(40)),
                TargetWeight::asset_class(AssetClass::Bond, dec!(60)),
            ],
        )
        .expect("targets");
    let a = f.book.portfolio().allocation(&HoldingsRequest::new(as_of, "USD")).expect("alloc");
    assert_eq!(a.total_value, dec!(2000));
    let row = |k: AssetClass| {
        a.rows.iter().find(|r| r.key == TargetKey::AssetClass(k)).expect("row").clone()
    };
    let stock = row(AssetClass::Stock);
    assert_eq!(
        (stock.percent, stock.target_percent, stock.drift_percent),
        (dec!(50), dec!(40), dec!(10))
    );
    assert_eq!(stock.drift_value, dec!(-200));
    assert_eq!(row(AssetClass::Bond).drift_value, dec!(200));
}

#[test]
fn rebalancing_uses_new_cash_first() {
    let f = fixture();
    let as_of = balanced(&f);
    let targets = [
        TargetWeight::asset_class(AssetClass::Stock, dec!(40)),
        TargetWeight::asset_class(AssetClass::Bond, dec!(60)),
    ];
    f.book.portfolio().set_targets(Some(f.broker), &targets).expect("targets");
    let plan = f
        .book
        .portfolio()
        .rebalance(&RebalanceRequest::new(f.broker, as_of, "USD").new_cash(dec!(500)))
        .expect("plan");
    // 2500 in all: bonds want 1500, the 500 of cash buys 2.5 AGG; no sell.
    assert_eq!(plan.trades.len(), 1, "{:?}", plan.trades);
    let t = &plan.trades[0];
    assert_eq!((t.security.as_str(), t.side, t.quantity), ("AGG", TradeSide::Buy, dec!(2.5)));
    assert_eq!(t.estimated_amount, dec!(500));
    assert_eq!(t.estimated_gain, None);
    assert_eq!(plan.cash_left, dec!(0));
    let bond = plan.after.iter().find(|r| r.key == TargetKey::AssetClass(AssetClass::Bond));
    assert_eq!(bond.map(|r| r.percent), Some(dec!(60)));
    // Nothing was written.
    assert_eq!(f.book.portfolio().lots(&LotFilter::new()).expect("lots").len(), 3);
}

#[test]
fn rebalancing_sells_the_most_overweight_with_gains_by_booking_method() {
    let f = fixture();
    let as_of = balanced(&f);
    let targets = [
        TargetWeight::security("ACME", dec!(40)),
        TargetWeight::asset_class(AssetClass::Bond, dec!(60)),
    ];
    f.book.portfolio().set_targets(None, &targets).expect("targets");
    let plan_with = |method| {
        f.book.portfolio().set_booking_method(f.broker, method).expect("method");
        f.book.portfolio().rebalance(&RebalanceRequest::new(f.broker, as_of, "USD")).expect("plan")
    };
    let fifo = plan_with(BookingMethod::Fifo);
    assert!(!fifo.within_tolerance);
    let sides: Vec<(&str, TradeSide, Decimal)> =
        fifo.trades.iter().map(|t| (t.security.as_str(), t.side, t.quantity)).collect();
    assert_eq!(sides, vec![("ACME", TradeSide::Sell, dec!(2)), ("AGG", TradeSide::Buy, dec!(1))]);
    // FIFO sells from the lot bought at 80: 200 - 160.
    assert_eq!(fifo.trades[0].estimated_gain, Some(dec!(40)));
    assert_eq!(fifo.estimated_gain, dec!(40));
    // HIFO from the lot at 120: 200 - 240.
    let hifo = plan_with(BookingMethod::Hifo);
    assert_eq!(hifo.trades[0].estimated_gain, Some(dec!(-40)));
    assert_eq!(hifo.cash_left, dec!(0));
    // Whole units: at 150 a unit, 40 % of 2500 is 6.67 units; 10 held, sell 3 (not 3.33).
    f.price("ACME", as_of, dec!(150));
    let whole = plan_with(BookingMethod::Fifo);
    assert_eq!(whole.trades[0].quantity, dec!(3));
    assert_eq!(
        (whole.trades[0].side, whole.trades[0].estimated_amount),
        (TradeSide::Sell, dec!(450))
    );
    // 450 buys 2.25 AGG (scale 3): no cash left.
    assert_eq!(whole.trades[1].quantity, dec!(2.25));
    assert_eq!(whole.cash_left, dec!(0));
}

#[test]
fn a_portfolio_within_tolerance_needs_no_trade() {
    let f = fixture();
    let as_of = balanced(&f);
    f.book
        .portfolio()
        .set_targets(
            None,
            &[
                TargetWeight::security("ACME", dec!(50.5)),
                TargetWeight::security("AGG", dec!(49.5)),
            ],
        )
        .expect("targets");
    let plan =
        f.book.portfolio().rebalance(&RebalanceRequest::new(f.broker, as_of, "USD")).expect("plan");
    assert!(plan.within_tolerance);
    assert!(plan.trades.is_empty());
    // At a 0.1-point tolerance the 10 to move would buy 0.1 ACME: whole units buy none, and the
    // 0.05 AGG sold stays as cash.
    let tight = f
        .book
        .portfolio()
        .rebalance(&RebalanceRequest::new(f.broker, as_of, "USD").tolerance_percent(dec!(0.1)))
        .expect("tight");
    let sides: Vec<(&str, TradeSide, Decimal)> =
        tight.trades.iter().map(|t| (t.security.as_str(), t.side, t.quantity)).collect();
    assert_eq!(sides, vec![("AGG", TradeSide::Sell, dec!(0.05))]);
    assert_eq!(tight.cash_left, dec!(10));
    assert_eq!(TradeSide::parse("sell"), Some(TradeSide::Sell));
    f.book.portfolio().set_targets(None, &[]).expect("clear");
    let err = f
        .book
        .portfolio()
        .rebalance(&RebalanceRequest::new(f.broker, as_of, "USD"))
        .expect_err("no targets");
    assert_eq!(err.code(), "invalid_targets");
}
