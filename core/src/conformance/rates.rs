//! Scenarios of rates: the price table, rate files (with the ECB files of `../shared/data`),
//! lookup rules, conversion, cross-currency transactions and reports in a reporting currency.

use super::{day, expect_code, Fixture};
use crate::rates::{ConvertOptions, LoadOptions, LookupOptions, Rate, RateFilter, RateFormat};
use crate::valuation::{Valuation, ValuationOptions};
use crate::{
    AccountKind, AccountSubtype, Engine, Event, NewAccount, NewExchange, NewSplit, NewTransaction,
    Role, Rounding, UnitPrice,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::sync::{Arc, Mutex};

/// The ECB files of the shared test data, relative to the repository root.
pub fn ecb_file(name: &str) -> Vec<u8> {
    let path = format!("{}/../../shared/data/ecb/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn options(name: &str) -> LoadOptions {
    LoadOptions { file_name: Some(name.to_owned()), ..LoadOptions::default() }
}

/// Add, replace, list, delete; validation; audit and events; the cache follows every write.
pub fn scenario_rates_add_list_delete(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let rates = f.book.rates();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    f.book.subscribe(Arc::new(move |_, e: &Event| {
        sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(e.clone());
    }));
    let fri = day(2026, 10, 30);
    let report = rates.add(Rate::new("EUR", "USD", fri, dec!(1.1172), "manual")).expect("add");
    assert_eq!((report.read, report.added, report.unchanged), (1, 1, 0));
    let again = rates.add(Rate::new("EUR", "USD", fri, dec!(1.11720), "manual")).expect("again");
    assert_eq!((again.added, again.unchanged), (0, 1), "an equal rate is left alone");
    let lookup = || rates.lookup("EUR", "USD", fri, LookupOptions::default());
    assert_eq!(lookup().expect("lookup").rate, dec!(1.1172));
    let replaced = rates.add(Rate::new("EUR", "USD", fri, dec!(1.1175), "bank")).expect("replace");
    assert_eq!(replaced.replaced, 1);
    assert_eq!(lookup().expect("lookup").rate, dec!(1.1175), "the table follows a replace");
    let many = vec![
        Rate::new("EUR", "GBP", fri, dec!(0.8338), "ecb"),
        Rate::new("EUR", "GBP", day(2026, 10, 29), dec!(0.83578), "ecb"),
        Rate::new("EUR", "JPY", fri, dec!(175.68), "ecb"),
    ];
    assert_eq!(rates.add_many(&many).expect("many").added, 3);
    let gbp = rates
        .list(&RateFilter { quote: Some("GBP".to_owned()), ..RateFilter::default() })
        .expect("list");
    assert_eq!(gbp.iter().map(|r| r.date).collect::<Vec<_>>(), [day(2026, 10, 29), fri]);
    assert_eq!(gbp[0].rate, dec!(0.83578), "rates come back exactly");
    let from_fri =
        rates.list(&RateFilter { from: Some(fri), ..RateFilter::default() }).expect("list");
    assert_eq!(from_fri.len(), 3);
    assert_eq!(rates.list(&RateFilter::default()).expect("all").len(), 4);

    rates.delete("EUR", "USD", fri).expect("delete");
    expect_code(lookup(), "no_rate");
    expect_code(rates.delete("EUR", "USD", fri), "rate_not_found");

    let err =
        expect_code(rates.add(Rate::new("EUR", "ZZZ", fri, dec!(1), "x")), "unknown_commodity");
    assert_eq!(err.field().as_deref(), Some("quote"));
    expect_code(rates.add(Rate::new("EUR", "EUR", fri, dec!(1), "x")), "invalid_field");
    let err = expect_code(rates.add(Rate::new("EUR", "USD", fri, dec!(0), "x")), "invalid_field");
    assert_eq!(err.field().as_deref(), Some("rate"));
    expect_code(rates.add(Rate::new("EUR", "USD", fri, dec!(1), " ")), "invalid_field");
    let batch = [
        Rate::new("EUR", "CHF", fri, dec!(0.9194), "x"),
        Rate::new("EUR", "CHF", fri, dec!(-1), "x"),
    ];
    let err = expect_code(rates.add_many(&batch), "invalid_field");
    assert_eq!(err.field().as_deref(), Some("rates[1].rate"));
    let conflicting = [
        Rate::new("EUR", "CHF", fri, dec!(0.9194), "x"),
        Rate::new("EUR", "CHF", fri, dec!(0.92), "x"),
    ];
    expect_code(rates.add_many(&conflicting), "invalid_field");
    assert!(
        rates
            .list(&RateFilter { quote: Some("CHF".to_owned()), ..RateFilter::default() })
            .expect("list")
            .is_empty(),
        "a refused batch writes nothing"
    );

    let events: Vec<Event> = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    assert_eq!(
        events,
        vec![
            Event::RatesChanged { added: 1, replaced: 0, deleted: 0 },
            Event::RatesChanged { added: 0, replaced: 1, deleted: 0 },
            Event::RatesChanged { added: 3, replaced: 0, deleted: 0 },
            Event::RatesChanged { added: 0, replaced: 0, deleted: 1 },
        ],
        "one event per write, none for a write that changes nothing"
    );
    let audit = f.book.audit_log(crate::PageRequest::default()).expect("audit");
    assert_eq!(audit.items.iter().filter(|e| e.entity == crate::EntityKind::Rate).count(), 4);

    let viewer = f
        .engine
        .users()
        .create(crate::NewUser::new("v@example.com", "V", "W", "EUR"))
        .expect("user");
    f.book.add_member(viewer.id, Role::Viewer).expect("member");
    let read_only = f.engine.open_book(f.book.id(), viewer.id).expect("open");
    expect_code(read_only.rates().add(Rate::new("EUR", "USD", fri, dec!(1.1), "x")), "read_only");
    assert_eq!(read_only.rates().list(&RateFilter::default()).expect("viewer reads").len(), 3);
}

/// The lookup rules of [`crate::rates`]: on or before, staleness, inverse, chains, errors.
pub fn scenario_rate_lookup_rules(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let rates = f.book.rates();
    let (thu, fri, sat) = (day(2026, 10, 29), day(2026, 10, 30), day(2026, 10, 31));
    rates
        .add_many(&[
            Rate::new("EUR", "USD", thu, dec!(1.113), "ecb"),
            Rate::new("EUR", "USD", fri, dec!(1.1172), "ecb"),
            Rate::new("EUR", "JPY", fri, dec!(175.68), "ecb"),
            Rate::new("EUR", "GBP", fri, dec!(0.8338), "ecb"),
            Rate::new("GBP", "USD", fri, dec!(1.34), "bank"),
        ])
        .expect("rates");
    let std = LookupOptions::default();
    let on_thu = rates.lookup("EUR", "USD", thu, std).expect("thu");
    assert_eq!(on_thu.rate, dec!(1.113), "a rate dated after the day is never used");
    let on_sat = rates.lookup("EUR", "USD", sat, std).expect("sat");
    assert_eq!((on_sat.rate, on_sat.oldest, on_sat.age_days()), (dec!(1.1172), fri, 1));
    assert_eq!(on_sat.path.len(), 1);
    assert!(!on_sat.path[0].inverted);
    assert_eq!(on_sat.path[0].source, "ecb");

    let inverse = rates.lookup("USD", "EUR", fri, std).expect("inverse");
    assert!(inverse.path[0].inverted);
    assert_eq!(inverse.rate, Decimal::ONE / dec!(1.1172));

    // A direct stored rate wins over a chain: GBP->USD is stored by the bank.
    let direct = rates.lookup("GBP", "USD", fri, std).expect("direct");
    assert_eq!((direct.rate, direct.path.len()), (dec!(1.34), 1));
    // USD->JPY has no direct rate; the shortest chain is USD->EUR->JPY.
    let cross = rates.lookup("USD", "JPY", fri, std).expect("cross");
    let legs: Vec<(&str, &str, bool)> =
        cross.path.iter().map(|l| (l.from.as_str(), l.to.as_str(), l.inverted)).collect();
    assert_eq!(legs, [("USD", "EUR", true), ("EUR", "JPY", false)]);
    assert_eq!(cross.rate, dec!(175.68) / dec!(1.1172), "a cross rate equals its two legs");

    let later = day(2026, 11, 7);
    let err = expect_code(rates.lookup("EUR", "USD", later, std), "stale_rate");
    assert!(
        err.to_string().contains("8 days old") && err.to_string().contains("2026-10-30"),
        "{err}"
    );
    let ok = rates.lookup("EUR", "USD", later, LookupOptions { max_age_days: 8 }).expect("limit");
    assert_eq!(ok.age_days(), 8);
    expect_code(rates.lookup("EUR", "USD", sat, LookupOptions { max_age_days: 0 }), "stale_rate");

    let before = expect_code(rates.lookup("EUR", "USD", day(2026, 10, 1), std), "no_rate");
    assert!(before.to_string().contains("the first is on 2026-10-29"), "{before}");
    expect_code(rates.lookup("EUR", "CHF", fri, std), "no_rate");
    expect_code(rates.lookup("EUR", "QQQ", fri, std), "unknown_commodity");
    let same = rates.lookup("JPY", "JPY", fri, std).expect("identity");
    assert!(same.path.is_empty() && same.rate == Decimal::ONE);
}

/// Conversion is exact before rounding and rounds to the target's minor units as asked.
pub fn scenario_convert_exact_and_rounded(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let rates = f.book.rates();
    let fri = day(2026, 10, 30);
    rates
        .add_many(&[
            Rate::new("EUR", "USD", fri, dec!(1.1172), "ecb"),
            Rate::new("EUR", "JPY", fri, dec!(175.68), "ecb"),
            Rate::new("EUR", "BHD", fri, dec!(0.42125), "bank"),
        ])
        .expect("rates");
    let std = ConvertOptions::default();
    let c = rates.convert(dec!(100), "EUR", "USD", fri, std).expect("convert");
    assert_eq!((c.exact, c.amount.to_string().as_str()), (dec!(111.72), "111.72"));
    let back = rates.convert(c.exact, "USD", "EUR", fri, std);
    // 111.72 USD has two decimals: it is a valid USD amount, and comes back exactly.
    assert_eq!(back.expect("back").exact, dec!(100));
    let yen = rates.convert(dec!(10.05), "EUR", "JPY", fri, std).expect("yen");
    assert_eq!((yen.exact, yen.amount.to_string().as_str()), (dec!(1765.5840), "1766"));
    let dinar = rates.convert(dec!(0.10), "EUR", "BHD", fri, std).expect("dinar");
    assert_eq!((dinar.exact, dinar.amount.to_string().as_str()), (dec!(0.042125), "0.042"));
    let up = ConvertOptions { rounding: Rounding::HalfUp, ..std };
    assert_eq!(rates.convert(dec!(0.10), "EUR", "BHD", fri, up).expect("up").amount, dec!(0.042));
    let ceil = ConvertOptions { rounding: Rounding::Ceiling, ..std };
    assert_eq!(
        rates.convert(dec!(0.10), "EUR", "BHD", fri, ceil).expect("ceil").amount,
        dec!(0.043)
    );
    let cross = rates.convert(dec!(111.72), "USD", "JPY", fri, std).expect("cross");
    assert_eq!(cross.exact, dec!(17568), "one division at the end keeps the cross exact");
    expect_code(rates.convert(dec!(1.001), "EUR", "USD", fri, std), "too_many_decimals");
    expect_code(rates.convert(dec!(1), "EUR", "CHF", fri, std), "no_rate");
}

/// Rate files: plain CSV, the ECB one-day file, malformed lines, re-loads, unknown codes.
pub fn scenario_rate_files(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let rates = f.book.rates();
    let csv = b"date,base,quote,rate,source\n2026-10-29,USD,CHF,0.8261,bank\n2026-10-30,USD,CHF,0.8229,bank\n2026-10-30,BTC,EUR,61234.5,exchange\n";
    let report = rates.load(csv, &options("chf.csv")).expect("csv");
    assert_eq!(report.format, Some(RateFormat::Csv));
    assert_eq!((report.read, report.added, report.skipped_unknown), (3, 2, 1));
    assert_eq!(report.unknown_commodities, ["BTC"], "an unknown commodity is reported, not loaded");
    let again = rates.load(csv, &options("chf.csv")).expect("again");
    assert_eq!((again.added, again.replaced, again.unchanged), (0, 0, 2), "a re-load adds nothing");

    let bad = b"date,base,quote,rate\n2026-10-28,USD,SEK,9.8\n2026-10-29,USD,SEK,9,81\n";
    let err = expect_code(rates.load(bad, &options("sek.csv")), "malformed_line");
    assert_eq!(err.location(), Some(("sek.csv".to_owned(), Some(3))));
    assert!(err.to_string().starts_with("sek.csv:3: row:"), "{err}");
    let bad_rate = b"date,base,quote,rate\n2026-10-28,USD,SEK,9.8\n2026-10-29,USD,SEK,.47x\n";
    let err = expect_code(rates.load(bad_rate, &options("sek.csv")), "malformed_line");
    assert_eq!((err.field().as_deref(), err.location().and_then(|l| l.1)), (Some("rate"), Some(3)));
    let bad_date = b"date,base,quote,rate\n2026-13-28,USD,SEK,9.8\n";
    let err = expect_code(rates.load(bad_date, &options("sek.csv")), "malformed_line");
    assert_eq!(err.field().as_deref(), Some("date"));
    let sek = RateFilter { quote: Some("SEK".to_owned()), ..RateFilter::default() };
    assert!(rates.list(&sek).expect("list").is_empty(), "nothing of a failed load is kept");
    expect_code(rates.load(b"hello,world\n1,2\n", &options("x.txt")), "unreadable_file");
    expect_code(rates.load(b"PK\x03\x04garbage", &options("x.zip")), "unreadable_file");
    expect_code(rates.load(b"\xff\xfe", &options("x.csv")), "unreadable_file");

    let day_file = rates.load(&ecb_file("eurofxref.csv"), &options("eurofxref.csv")).expect("ecb");
    assert_eq!(day_file.format, Some(RateFormat::EcbCsv));
    assert_eq!((day_file.read, day_file.added, day_file.missing), (29, 29, 0));
    let fri = day(2026, 10, 30);
    let usd = rates.lookup("EUR", "USD", fri, LookupOptions::default()).expect("usd");
    assert_eq!((usd.rate, usd.path[0].source.as_str()), (dec!(1.1172), "ecb"));
    let idr = rates.lookup("EUR", "IDR", fri, LookupOptions::default()).expect("idr");
    assert_eq!(idr.rate, dec!(20275.17));
    let ecb_bad = b"Date, USD, JPY, \n30 October 2026, 1.1172, N/A, \n31 Octobre 2026, 1.1, 2, \n";
    let err = expect_code(
        rates.load(ecb_bad, &LoadOptions { format: Some(RateFormat::EcbCsv), ..options("e.csv") }),
        "malformed_line",
    );
    assert_eq!((err.field().as_deref(), err.location().and_then(|l| l.1)), (Some("Date"), Some(3)));
}

/// The ECB history as published: direct and cross rates equal the file, weekends, holidays,
/// `N/A` cells, stopped currencies, unknown codes and dates before the first.
pub fn scenario_ecb_history(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let rates = f.book.rates();
    let report =
        rates.load(&ecb_file("eurofxref-hist.zip"), &options("eurofxref-hist.zip")).expect("load");
    assert_eq!(report.format, Some(RateFormat::EcbZip));
    assert_eq!(report.read, 221_702);
    // Currencies the euro replaced are no longer ISO 4217: reported, not loaded.
    let legacy = ["CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"];
    assert_eq!(report.unknown_commodities, legacy, "pre-euro currencies are reported");
    assert_eq!(report.added + report.skipped_unknown, report.read);
    let again = rates
        .load(&ecb_file("eurofxref-hist.zip"), &options("eurofxref-hist.zip"))
        .expect("reload");
    assert_eq!((again.added, again.replaced, again.unchanged), (0, 0, report.added));

    let std = LookupOptions::default();
    let q = |base: &str, quote: &str, d| rates.lookup(base, quote, d, std);
    let fri = day(2026, 10, 30);
    assert_eq!(
        q("EUR", "USD", fri).expect("usd").rate,
        dec!(1.1172),
        "a direct rate equals the file"
    );
    assert_eq!(q("EUR", "GBP", fri).expect("gbp").rate, dec!(0.8338));
    let cross = q("USD", "JPY", fri).expect("cross");
    assert_eq!(cross.rate, dec!(175.68) / dec!(1.1172), "a cross rate equals its two legs");
    assert_eq!(cross.path.len(), 2);
    let weekend = q("EUR", "USD", day(2026, 10, 31)).expect("saturday");
    assert_eq!((weekend.oldest, weekend.age_days()), (fri, 1), "a weekend uses Friday and says so");
    // 2026-05-01 (Labour Day, a TARGET holiday) has no row: Thursday's rate serves.
    let holiday = q("EUR", "USD", day(2026, 5, 1)).expect("holiday");
    assert_eq!((holiday.rate, holiday.oldest), (dec!(1.1702), day(2026, 4, 30)));
    // Good Friday to Easter Monday 2026 (April 3-6): four days on Thursday's rate.
    assert_eq!(q("EUR", "JPY", day(2026, 4, 6)).expect("easter").oldest, day(2026, 4, 2));
    // ISK is N/A from 2008-12-10 to 2018-01-31: the day after uses the last quote, later stale.
    assert_eq!(q("EUR", "ISK", day(2008, 12, 10)).expect("isk").oldest, day(2008, 12, 9));
    let isk = expect_code(q("EUR", "ISK", day(2010, 6, 1)), "stale_rate");
    assert!(isk.to_string().contains("2008-12-09"), "{isk}");
    // Currencies whose quotes stop.
    assert_eq!(q("EUR", "BGN", day(2026, 1, 7)).expect("bgn").oldest, day(2025, 12, 31));
    let bgn = expect_code(q("EUR", "BGN", day(2026, 1, 8)), "stale_rate");
    assert!(bgn.to_string().contains("8 days old"), "{bgn}");
    expect_code(q("EUR", "RUB", day(2022, 3, 20)), "stale_rate");
    assert_eq!(q("RUB", "EUR", day(2022, 3, 1)).expect("rub").path[0].stored_rate, dec!(117.201));
    expect_code(q("EUR", "USD", day(1998, 12, 31)), "no_rate");
    assert_eq!(q("EUR", "USD", day(1999, 1, 4)).expect("first").rate, dec!(1.1789));
    expect_code(q("EUR", "XYZ", fri), "unknown_commodity");
    expect_code(q("EUR", "ROL", fri), "unknown_commodity");
    let yen =
        rates.convert(dec!(100), "USD", "JPY", fri, ConvertOptions::default()).expect("convert");
    assert_eq!(yen.amount, dec!(15725), "100 USD in JPY at 175.68/1.1172, to whole yen");
}

/// Transfers and purchases across currencies store the rate used and balance exactly; a
/// residue goes to an explicit account; no rate means `no_rate`.
pub fn scenario_cross_currency_transactions(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let accounts = f.book.accounts();
    let usd = accounts
        .create(
            NewAccount::new("Assets:Bank:Dollars", AccountKind::Asset, "USD")
                .subtype(AccountSubtype::Checking),
        )
        .expect("usd")
        .id;
    let fx = accounts
        .create(NewAccount::new("Expenses:FX", AccountKind::Expense, "EUR"))
        .expect("fx")
        .id;
    let txs = f.book.transactions();
    let fri = day(2026, 10, 30);
    let sent = NewExchange::send(fri, f.checking, usd, dec!(100));
    expect_code(txs.exchange(sent.clone()), "no_rate");
    assert!(f.all_ids().is_empty(), "a refused exchange writes nothing");

    f.book.rates().add(Rate::new("EUR", "USD", fri, dec!(1.1172), "ecb")).expect("rate");
    let tx = txs.exchange(sent.payee("To dollars")).expect("exchange");
    assert_eq!(
        tx.splits[0].price,
        Some(UnitPrice::new(dec!(1.1172), "USD")),
        "the rate used is stored"
    );
    assert_eq!((tx.splits[0].amount, tx.splits[1].amount), (dec!(-100.00), dec!(111.72)));
    assert_eq!(tx.payee.as_deref(), Some("To dollars"));

    // Both amounts given: the bank's rate is implied and stored.
    let bank = txs
        .exchange(NewExchange::send(fri, f.checking, usd, dec!(50)).received(dec!(55.50)))
        .expect("implied");
    assert_eq!(bank.splits[0].price, Some(UnitPrice::new(dec!(1.11), "USD")));
    // Received 10.00 USD: 10 / 1.1172 = 8.9509... sent 8.95 EUR, whose weight is 9.99894 ->
    // 10.00 USD: no residue. A rounding up of the sent amount leaves one: 8.96 x 1.1172 = 10.01.
    let exact =
        txs.exchange(NewExchange::receive(fri, f.checking, usd, dec!(10))).expect("receive");
    assert_eq!(exact.splits[0].amount, dec!(-8.95));
    let up = NewExchange::receive(fri, f.checking, usd, dec!(10)).rounding(Rounding::Ceiling);
    let err = expect_code(txs.exchange(up.clone()), "unbalanced");
    assert!(err.to_string().contains("-0.01 USD") || err.to_string().contains("0.01 USD"), "{err}");
    let with_fx = txs.exchange(up.fx_account(fx)).expect("residue to fx");
    assert_eq!(with_fx.splits.len(), 3);
    let residue = &with_fx.splits[2];
    assert_eq!((residue.account_id, residue.commodity.as_str()), (fx, "USD"));
    assert_eq!(residue.amount.abs(), dec!(0.01), "the residue is posted, never dropped");
    expect_code(
        txs.exchange(
            NewExchange::send(fri, f.checking, usd, dec!(1)).received(dec!(1)).rate(dec!(1)),
        ),
        "invalid_field",
    );
    expect_code(
        txs.exchange(NewExchange::send(fri, f.checking, f.savings, dec!(1))),
        "invalid_field",
    );

    // A purchase in dollars paid from the euro account, priced from the table.
    let dinner = NewTransaction::new(
        fri,
        vec![
            NewSplit::new(f.checking, dec!(-44.76)),
            NewSplit::new(f.restaurants, dec!(50)).commodity("USD"),
        ],
    );
    let err = expect_code(txs.add(dinner.clone()), "unbalanced");
    assert!(err.to_string().contains("EUR"), "{err}");
    let paid = txs.add(dinner.fx_account(fx)).expect("with fx account");
    let price = paid.splits[1].price.clone().expect("priced from the table");
    assert_eq!(price.commodity, "EUR");
    assert_eq!(price.amount, Decimal::ONE / dec!(1.1172));
    // 50 USD is 44.754... EUR -> 44.75; the card paid 44.76: 0.01 EUR goes to FX.
    assert_eq!(paid.splits[2].amount, dec!(0.01));
    // A foreign-currency split with no rate on its date is refused.
    let old = NewTransaction::new(
        day(2026, 1, 5),
        vec![
            NewSplit::new(f.checking, dec!(-10)),
            NewSplit::new(f.restaurants, dec!(11)).commodity("USD"),
        ],
    );
    let err = expect_code(txs.add(old), "no_rate");
    assert_eq!(err.field().as_deref(), Some("splits[1].price"));
    let gbp = NewTransaction::new(
        fri,
        vec![
            NewSplit::new(f.checking, dec!(-10)),
            NewSplit::new(f.restaurants, dec!(8.5)).commodity("GBP"),
        ],
    )
    .fx_account(fx);
    expect_code(txs.add(gbp), "no_rate");
}

/// Balances, net worth, spending and FX gain in a reporting currency, spot and historical,
/// with what cannot be converted listed.
pub fn scenario_reporting_currency(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let accounts = f.book.accounts();
    let create = |path: &str, currency: &str| {
        accounts
            .create(
                NewAccount::new(path, AccountKind::Asset, currency)
                    .subtype(AccountSubtype::Savings),
            )
            .expect("account")
            .id
    };
    let usd = create("Assets:Bank:Dollars", "USD");
    let chf = create("Assets:Bank:Francs", "CHF");
    let rates = f.book.rates();
    let (d1, d2) = (day(2026, 10, 1), day(2026, 10, 30));
    rates
        .add_many(&[
            Rate::new("EUR", "USD", d1, dec!(1.10), "ecb"),
            Rate::new("EUR", "USD", day(2026, 10, 15), dec!(1.25), "ecb"),
            Rate::new("EUR", "USD", d2, dec!(1.20), "ecb"),
        ])
        .expect("rates");
    let txs = f.book.transactions();
    let add = |tx: NewTransaction| txs.add(tx).expect("add");
    add(NewTransaction::income(d1, f.checking, f.salary, dec!(1000), "Salary"));
    add(NewTransaction::new(
        d1,
        vec![NewSplit::new(usd, dec!(110)), NewSplit::new(f.opening, dec!(-110)).commodity("USD")],
    ));
    add(NewTransaction::new(
        day(2026, 10, 15),
        vec![NewSplit::new(usd, dec!(125)), NewSplit::new(f.opening, dec!(-125)).commodity("USD")],
    ));
    add(NewTransaction::new(
        d1,
        vec![NewSplit::new(chf, dec!(50)), NewSplit::new(f.opening, dec!(-50)).commodity("CHF")],
    ));
    add(NewTransaction::new(
        day(2026, 10, 15),
        vec![
            NewSplit::new(f.restaurants, dec!(60)).commodity("USD"),
            NewSplit::new(usd, dec!(-60)),
        ],
    ));

    let spot = ValuationOptions::new("EUR");
    let valued = accounts.balances_in(Some(d2), &spot).expect("spot");
    assert_eq!((valued.valuation, valued.rate_date), (Valuation::Spot, Some(d2)));
    let row = |rows: &[crate::AccountBalance], path: &str| {
        rows.iter().find(|r| r.path == path).map(|r| (r.commodity.clone(), r.total)).expect(path)
    };
    // 175 USD at 1.20 = 145.8333.. -> 145.83 EUR.
    assert_eq!(row(&valued.rows, "Assets:Bank:Dollars"), ("EUR".to_owned(), dec!(145.83)));
    assert_eq!(row(&valued.rows, "Assets:Bank:Checking").1, dec!(1000.00));
    assert_eq!(
        row(&valued.rows, "Assets:Bank").1,
        dec!(1145.83),
        "a parent is the sum of its children"
    );
    // The francs and their opening equity: both listed, by path.
    assert_eq!(valued.unconverted.len(), 2, "{:?}", valued.unconverted);
    let missing = &valued.unconverted[0];
    assert_eq!(
        (missing.path.as_str(), missing.commodity.as_str(), missing.amount),
        ("Assets:Bank:Francs", "CHF", dec!(50))
    );
    assert_eq!(missing.code, "no_rate");
    assert_eq!(
        row(&valued.rows, "Assets:Bank:Francs").1,
        dec!(0.00),
        "unconverted is not valued at 1:1"
    );

    // Historical: 110 at 1.10 + 125 at 1.25 - 60 at 1.25 = 100 + 100 - 48 = 152 EUR.
    let hist = accounts
        .balances_in(Some(d2), &ValuationOptions::new("EUR").historical())
        .expect("historical");
    assert_eq!(row(&hist.rows, "Assets:Bank:Dollars").1, dec!(152.00));
    assert_eq!(hist.unconverted.len(), 2);
    assert_eq!(hist.unconverted[0].date, d1, "historical: the day whose rate is missing");

    let worth =
        f.book.reports().net_worth(Some(d2), &ValuationOptions::new("USD")).expect("net worth");
    // 1000 EUR at 1.20 = 1200 USD, plus 175 USD; CHF unconverted.
    assert_eq!(
        (worth.assets, worth.liabilities, worth.net_worth),
        (dec!(1375.00), dec!(0.00), dec!(1375.00))
    );
    assert_eq!(worth.unconverted.len(), 1, "net worth counts assets and liabilities only");
    let at_d1 =
        f.book.reports().net_worth(Some(d2), &ValuationOptions::new("USD").at(d1)).expect("at d1");
    assert_eq!(at_d1.assets, dec!(1275.00), "1000 EUR at 1.10 plus 175 USD");

    let spending = f
        .book
        .reports()
        .spending_by_category_in(d1, d2, &ValuationOptions::new("EUR").historical())
        .expect("spending");
    let food = spending.rows.iter().find(|r| r.path == "Expenses:Food").expect("food");
    assert_eq!((food.commodity.as_str(), food.total), ("EUR", dec!(48.00)));
    let spot_spending = f.book.reports().spending_by_category_in(d1, d2, &spot).expect("spot");
    assert_eq!(
        spot_spending.rows.iter().find(|r| r.path == "Expenses:Food").expect("food").total,
        dec!(50.00)
    );
    let income = f.book.reports().income_by_category_in(d1, d2, &spot).expect("income");
    assert_eq!(
        income.rows.iter().find(|r| r.path == "Income:Salary").expect("salary").total,
        dec!(1000.00)
    );

    // FX gain of the dollar account in EUR from Oct 1 to Oct 30: opening 110 USD = 100 EUR;
    // flows 125 - 60 = 65 USD at 1.25 = 52 EUR; closing 175 USD at 1.20 = 145.8333 EUR.
    let gain = f.book.reports().fx_gain(usd, d1, d2, &ValuationOptions::new("EUR")).expect("gain");
    assert_eq!(
        (gain.opening_value, gain.flows_value, gain.closing_value),
        (dec!(100.00), dec!(52.00), dec!(145.83))
    );
    assert_eq!(gain.gain, dec!(-6.17));
    expect_code(f.book.reports().fx_gain(chf, d1, d2, &ValuationOptions::new("EUR")), "no_rate");
    expect_code(
        f.book.reports().fx_gain(usd, d2, d1, &ValuationOptions::new("EUR")),
        "invalid_field",
    );
    expect_code(accounts.balances_in(None, &ValuationOptions::new("ZZZ")), "unknown_commodity");
}

/// Every ISO 4217 currency's rate goes through the store and back exactly.
pub fn scenario_every_iso_currency_round_trips(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let fri = day(2026, 10, 30);
    let mut all = Vec::new();
    for (i, c) in crate::iso4217::ISO_CURRENCIES.iter().enumerate().filter(|(_, c)| c.code != "EUR")
    {
        let mantissa = 1_000_000_007_i64 * (i64::try_from(i).unwrap_or(0) + 1);
        let rate = Decimal::new(mantissa, u32::try_from(i % 12).unwrap_or(0) + 1);
        all.push(Rate::new("EUR", c.code, fri, rate, "iso"));
    }
    f.book.rates().add_many(&all).expect("add");
    let mut back = f.book.rates().list(&RateFilter::default()).expect("list");
    back.sort_by(|a, b| a.quote.cmp(&b.quote));
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| a.quote.cmp(&b.quote));
    assert_eq!(back.len(), sorted.len());
    for (got, want) in back.iter().zip(&sorted) {
        assert_eq!((got.quote.as_str(), got.rate), (want.quote.as_str(), want.rate));
        assert_eq!(got.rate.to_string(), want.rate.normalize().to_string());
    }
}
