//! Brokerage statements into portfolios: ofxparse's Fidelity, Vanguard, TD Ameritrade,
//! TIAA-CREF and 401k files, crate-ofx-rs invstmtrs.ofx and the Plaid sandbox brokerage user
//! become securities, prices, lots and transactions; a re-import adds nothing.

use rust_decimal_macros::dec;
use tally_core::portfolio::import::*;
use tally_core::portfolio::*;
use tally_core::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/");

/// Every investment file exercised, with what its import must give:
/// (path, securities defined, transactions added, lines skipped).
const FILES: &[(&str, u64, u64, u64)] = &[
    ("ofxparse/tests/fixtures/fidelity.ofx", 7, 12, 5),
    ("ofxparse/tests/fixtures/vanguard.ofx", 1, 0, 1),
    ("ofxparse/tests/fixtures/td_ameritrade.ofx", 2, 0, 0),
    ("ofxparse/tests/fixtures/tiaacref.ofx", 6, 0, 1),
    ("ofxparse/tests/fixtures/investment_401k.ofx", 3, 2, 1),
    ("ofxparse/tests/fixtures/vanguard401k.ofx", 1, 4, 1),
    ("crate-ofx-rs/tests/fixtures/invstmtrs.ofx", 1, 1, 1),
    ("plaid-sandbox-custom-users/investments/brokerage_custom_user.json", 25, 14, 4),
];

struct Fixture {
    book: Book,
    options: InvestmentImportOptions,
}

fn fixture() -> Fixture {
    let engine = Engine::in_memory();
    let user = engine.users().create(NewUser::new("i@example.com", "I", "M", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Import", user.id, "USD")).expect("book");
    let account = |path: &str, kind| {
        let mut new = NewAccount::new(path, kind, "USD");
        if kind == AccountKind::Asset {
            new = new.subtype(AccountSubtype::Investment);
        }
        book.accounts().create(new).expect("account").id
    };
    let broker = account("Assets:Broker", AccountKind::Asset);
    let income = account("Income:Dividends", AccountKind::Income);
    let gains = account("Income:Gains", AccountKind::Income);
    let fees = account("Expenses:Fees", AccountKind::Expense);
    let transfers = account("Equity:Transfers", AccountKind::Equity);
    let options = InvestmentImportOptions::new(broker, income, gains)
        .fees_account(fees)
        .transfer_account(transfers);
    Fixture { book, options }
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}{path}")).expect("file")
}

fn lot(f: &Fixture, code: &str) -> (rust_decimal::Decimal, rust_decimal::Decimal, usize) {
    let lots = f.book.portfolio().lots(&LotFilter::new().security(code)).expect("lots");
    (lots.iter().map(|l| l.quantity).sum(), lots.iter().map(|l| l.cost).sum(), lots.len())
}

fn price(f: &Fixture, code: &str, y: i32, m: u32, d: u32) -> rust_decimal::Decimal {
    let day = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
    f.book.rates().lookup(code, "USD", day, LookupOptions { max_age_days: 0 }).expect("price").rate
}

/// Imports `path` into a new book twice: the counts of the first import, and nothing added by
/// the second.
fn imported(path: &str, defined: u64, added: u64, skipped: u64) -> Fixture {
    let f = fixture();
    let bytes = read(path);
    let first = f.book.portfolio().import_file(&bytes, path, &f.options).expect("import");
    assert_eq!(
        (first.securities_defined, first.transactions_added, first.skipped.len() as u64),
        (defined, added, skipped),
        "{path}: {first:?}"
    );
    assert_eq!(first.lines, added + skipped, "{path}: every line booked or listed");
    let again = f.book.portfolio().import_file(&bytes, path, &f.options).expect("again");
    assert_eq!(
        (again.securities_defined, again.transactions_added, again.prices_added),
        (0, 0, 0),
        "{path}: {again:?}"
    );
    assert_eq!(again.already_imported, added, "{path}");
    assert_eq!(again.skipped, first.skipped, "{path}");
    assert!(f.book.portfolio().issues().expect("issues").is_empty(), "{path}");
    f
}

#[test]
fn every_investment_file_imports_once() {
    for (path, defined, added, skipped) in FILES {
        let f = imported(path, *defined, *added, *skipped);
        let securities = f.book.portfolio().securities().expect("securities");
        assert_eq!(securities.len() as u64, *defined, "{path}");
    }
}

#[test]
fn fidelity_lots_prices_dividends_and_unfollowable_sales() {
    let f = imported(FILES[0].0, FILES[0].1, FILES[0].2, FILES[0].3);
    // INTC: 100 @ 25.635 + 7.95 fees, then 0.911 for the 22.50 of a dividend (the total is
    // kept: 0.911 x 24.7055 would be 22.51).
    assert_eq!(lot(&f, "INTC"), (dec!(100.911), dec!(2593.95), 2));
    assert_eq!(price(&f, "XIN", 2012, 8, 20), dec!(2.9474));
    let from = chrono::NaiveDate::from_ymd_opt(2012, 1, 1).expect("date");
    let to = chrono::NaiveDate::from_ymd_opt(2012, 12, 31).expect("date");
    let income = f.book.portfolio().income(from, to, None).expect("income");
    let intc = income.iter().find(|r| r.security.as_deref() == Some("INTC")).expect("INTC");
    assert_eq!((intc.amount, intc.kind), (dec!(22.50), OperationKind::Dividend));
    assert_eq!(income.iter().map(|r| r.amount).sum::<rust_decimal::Decimal>(), dec!(65.90));
    // SPY was bought before the statement: its sales are listed, not guessed.
    let r = f.book.portfolio().import_file(&read(FILES[0].0), FILES[0].0, &f.options).expect("re");
    let spy: Vec<_> = r.skipped.iter().filter(|s| s.code == "insufficient_quantity").collect();
    assert_eq!(spy.len(), 2);
    assert!(spy[0].message.contains("SPY"), "{}", spy[0].message);
    assert_eq!(r.skipped.iter().filter(|s| s.code == "cash_line").count(), 3);
    let seadrill = f.book.portfolio().security("SDRL").expect("SDRL");
    assert_eq!(seadrill.asset_class, AssetClass::Stock);
}

#[test]
fn mutual_fund_401k_and_invstmtrs_lots() {
    let k = imported(FILES[4].0, FILES[4].1, FILES[4].2, FILES[4].3);
    assert_eq!(lot(&k, "FOO"), (dec!(8.846699), dec!(197.20), 1));
    // A transfer in from outside the book opens a lot at the statement's unit price.
    let (qty, cost, _) = lot(&k, "BAR");
    assert_eq!(qty, dec!(6.800992));
    assert_eq!(cost, dec!(198.69));
    assert_eq!(
        k.book.portfolio().security("FOO").expect("FOO").asset_class,
        AssetClass::MutualFund
    );
    let v = imported(FILES[5].0, FILES[5].1, FILES[5].2, FILES[5].3);
    assert_eq!(lot(&v, "CUSIP-92202V351"), (dec!(44.79263), dec!(2019.00), 4));
    assert_eq!(price(&v, "CUSIP-92202V351", 2014, 10, 10), dec!(44.13));
    let x = imported(FILES[6].0, FILES[6].1, FILES[6].2, FILES[6].3);
    assert_eq!(lot(&x, "SEC-123456789"), (dec!(100), dec!(5025.00), 1));
    let td = imported(FILES[2].0, FILES[2].1, FILES[2].2, FILES[2].3);
    let codes: Vec<String> =
        td.book.portfolio().securities().expect("s").into_iter().map(|s| s.code).collect();
    assert_eq!(codes, vec!["AMZN".to_owned(), "CUSIP-912810RW0".to_owned()]);
    let tiaa = imported(FILES[3].0, FILES[3].1, FILES[3].2, FILES[3].3);
    assert!(tiaa.book.portfolio().security("QCBMIX").is_ok());
}

#[test]
fn plaid_brokerage_user() {
    let f = imported(FILES[7].0, FILES[7].1, FILES[7].2, FILES[7].3);
    // 10 GOOGL @ 2898.32 + 20 fees.
    assert_eq!(lot(&f, "GOOGL"), (dec!(10), dec!(29003.20), 1));
    // AMZN: 29 bought @ 120.03 + 4.25, 12 transferred in @ 125.98 + 6.55.
    assert_eq!(lot(&f, "AMZN"), (dec!(41), dec!(5003.43), 2));
    assert_eq!(price(&f, "AAPL", 2026, 6, 3), dec!(140.4));
    assert_eq!(f.book.portfolio().security("BTC").expect("BTC").asset_class, AssetClass::Crypto);
    assert_eq!(f.book.portfolio().operations(OperationKind::Fee).expect("fees").len(), 3);
}
