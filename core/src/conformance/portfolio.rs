//! Conformance of the stored parts of portfolios: securities with their details, booking
//! methods per account (and the sales they decide), target weights per book and per account.

use crate::portfolio::operations::{BuyRequest, SellRequest};
use crate::portfolio::{AssetClass, BookingMethod, LotFilter, NewSecurity, TargetWeight};
use crate::{AccountKind, AccountSubtype, Engine, NewAccount, NewBook, NewUser};
use chrono::NaiveDate;
use rust_decimal_macros::dec;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).unwrap_or_default()
}

/// Securities, booking methods and the sales they decide, and target sets.
pub fn scenario_portfolio_stored_parts(make: fn() -> Engine) {
    let engine = make();
    let user = engine.users().create(NewUser::new("p@example.com", "P", "F", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("P", user.id, "USD")).expect("book");
    let other = engine.create_book(NewBook::new("Other", user.id, "USD")).expect("other book");
    let broker = book
        .accounts()
        .create(
            NewAccount::new("Assets:Broker", AccountKind::Asset, "USD")
                .subtype(AccountSubtype::Investment),
        )
        .expect("broker");
    let gains = book
        .accounts()
        .create(NewAccount::new("Income:Gains", AccountKind::Income, "USD"))
        .expect("gains");
    let p = book.portfolio();
    let acme = p
        .define_security(NewSecurity::new("ACME", "Acme", AssetClass::Stock, "USD"))
        .expect("acme");
    p.define_security(NewSecurity::new("XBTC", "Bitcoin", AssetClass::Crypto, "USD").scale(8))
        .expect("btc");
    assert_eq!(book.commodities().get("XBTC").expect("xbtc").kind, crate::CommodityKind::Crypto);
    let dup = p.define_security(NewSecurity::new("ACME", "Again", AssetClass::Etf, "USD"));
    assert_eq!(dup.expect_err("dup").code(), "commodity_exists");
    assert_eq!(p.securities().expect("list").len(), 2);
    assert!(other.portfolio().securities().expect("other").is_empty(), "scoped to the book");
    let etf = p.classify("ACME", AssetClass::Etf, "USD").expect("classify");
    assert_eq!(p.security("ACME").expect("get"), etf);
    assert_ne!(etf, acme);
    assert_eq!(
        p.classify("EUR", AssetClass::Cash, "USD").expect_err("eur").code(),
        "not_a_security"
    );

    assert_eq!(p.booking_method(broker.id).expect("default"), BookingMethod::Fifo);
    p.set_booking_method(broker.id, BookingMethod::Hifo).expect("hifo");
    assert_eq!(p.booking_method(broker.id).expect("hifo"), BookingMethod::Hifo);
    assert_eq!(book.last_audit_entity(), "booking_method");
    let missing = p.set_booking_method(crate::AccountId(987_654), BookingMethod::Lifo);
    assert_eq!(missing.expect_err("missing").code(), "account_not_found");
    p.buy(&BuyRequest::new(day(1, 2), broker.id, "ACME", dec!(10), dec!(10))).expect("buy 1");
    p.buy(&BuyRequest::new(day(1, 3), broker.id, "ACME", dec!(10), dec!(30))).expect("buy 2");
    let sale = p
        .sell(&SellRequest::new(day(2, 1), broker.id, "ACME", dec!(5), dec!(20), gains.id))
        .expect("sell");
    assert_eq!(sale.gains[0].cost, dec!(150), "HIFO takes the 30 lot");
    let lots = p.lots(&LotFilter::new()).expect("lots");
    assert_eq!(lots.iter().map(|l| l.cost).sum::<rust_decimal::Decimal>(), dec!(250));

    let targets = vec![
        TargetWeight::asset_class(AssetClass::Etf, dec!(60)),
        TargetWeight::asset_class(AssetClass::Bond, dec!(30.5)),
        TargetWeight::security("XBTC", dec!(9.5)),
    ];
    p.set_targets(None, &targets).expect("book targets");
    p.set_targets(Some(broker.id), &[TargetWeight::security("ACME", dec!(100))]).expect("account");
    let stored = p.targets(None).expect("targets");
    assert_eq!(stored.len(), 3);
    assert!(targets.iter().all(|t| stored.contains(t)));
    assert_eq!(p.targets(Some(broker.id)).expect("acct").len(), 1);
    let bad = p.set_targets(None, &[TargetWeight::security("ACME", dec!(99))]);
    let err = bad.expect_err("sum");
    assert_eq!(err.code(), "invalid_targets");
    assert_eq!(p.targets(None).expect("unchanged").len(), 3, "a refused set changes nothing");
    p.set_targets(None, &[]).expect("clear");
    assert!(p.targets(None).expect("cleared").is_empty());
    assert!(other.portfolio().targets(None).expect("other").is_empty());
}

trait LastAudit {
    fn last_audit_entity(&self) -> &'static str;
}

impl LastAudit for crate::Book {
    fn last_audit_entity(&self) -> &'static str {
        let page = self.audit_log(crate::PageRequest::first(1, crate::SortOrder::Descending));
        page.ok().and_then(|p| p.items.into_iter().next()).map_or("", |e| e.entity.as_str())
    }
}

const STATEMENT: &str = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\
<INVSTMTRS><DTASOF>20240331<CURDEF>USD<INVACCTFROM><BROKERID>b.example<ACCTID>42</INVACCTFROM>\
<INVTRANLIST><DTSTART>20240101<DTEND>20240331\
<BUYSTOCK><INVBUY><INVTRAN><FITID>B1<DTTRADE>20240102</INVTRAN><SECID><UNIQUEID>000000001<UNIQUEIDTYPE>CUSIP</SECID>\
<UNITS>10<UNITPRICE>50<COMMISSION>5<TOTAL>-505<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK>\
<INCOME><INVTRAN><FITID>D1<DTTRADE>20240301</INVTRAN><SECID><UNIQUEID>000000001<UNIQUEIDTYPE>CUSIP</SECID>\
<INCOMETYPE>DIV<TOTAL>12.50<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>\
</INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>\
<SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>000000001<UNIQUEIDTYPE>CUSIP</SECID>\
<SECNAME>Widget Co<TICKER>WDGT</SECINFO></STOCKINFO></SECLIST></SECLISTMSGSRSV1></OFX>\n";

/// Prices from a file, an OFX statement imported once, returns and a rebalancing plan from
/// what the store gives back.
pub fn scenario_portfolio_prices_import_returns(make: fn() -> Engine) {
    use crate::portfolio::allocation::{RebalanceRequest, TradeSide};
    use crate::portfolio::import::InvestmentImportOptions;
    use crate::portfolio::performance::{ReturnStatus, ReturnsRequest};
    let engine = make();
    let user = engine.users().create(NewUser::new("q@example.com", "Q", "R", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Q", user.id, "USD")).expect("book");
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
    let p = book.portfolio();
    let options = InvestmentImportOptions::new(broker, income, gains);
    let first = p.import_file(STATEMENT.as_bytes(), "widget.ofx", &options).expect("import");
    assert_eq!((first.securities_defined, first.transactions_added), (1, 2));
    let again = p.import_file(STATEMENT.as_bytes(), "widget.ofx", &options).expect("again");
    assert_eq!((again.transactions_added, again.already_imported), (0, 2));
    let lots = p.lots(&LotFilter::new().security("WDGT")).expect("lots");
    assert_eq!((lots.len(), lots[0].quantity, lots[0].cost), (1, dec!(10), dec!(505.00)));
    let prices = "date,symbol,price,currency\n2024-03-29,WDGT,60,USD\n";
    let loaded = p.load_prices(prices.as_bytes(), "p.csv").expect("prices");
    assert_eq!(loaded.added, 1);
    assert_eq!(p.load_prices(prices.as_bytes(), "p.csv").expect("reload").added, 0);
    // Start: 10 WDGT at 50 on Jan 2nd; 12.50 paid out; 600 at the end.
    let r = p
        .returns(&ReturnsRequest::new(day(1, 2), day(3, 29), "USD").max_price_age_days(100))
        .expect("returns");
    assert_eq!((r.start_value, r.end_value), (Some(dec!(500.00)), Some(dec!(600.00))));
    assert_eq!(r.withdrawals, dec!(12.50));
    assert_eq!(r.simple.rate, Some(dec!(0.225)));
    assert_eq!(r.time_weighted.status, ReturnStatus::Ok);
    assert_eq!(r.money_weighted.status, ReturnStatus::Ok);
    p.define_security(NewSecurity::new("BOND", "Bonds", AssetClass::Bond, "USD")).expect("bond");
    book.rates()
        .add(crate::Rate::new("BOND", "USD", day(3, 29), dec!(100), "test"))
        .expect("bond price");
    p.set_targets(
        None,
        &[
            TargetWeight::asset_class(AssetClass::Stock, dec!(50)),
            TargetWeight::asset_class(AssetClass::Bond, dec!(50)),
        ],
    )
    .expect("targets");
    let plan = p
        .rebalance(&RebalanceRequest::new(broker, day(3, 29), "USD").new_cash(dec!(400)))
        .expect("plan");
    // 1000 in all (WDGT is a stock: BUYSTOCK): 500 each. The 400 of cash buys 4 BOND (whole
    // units, scale 0); the stocks stay at 60 %, past the tolerance, so 100 of WDGT is sold:
    // 1.6666 units (an imported security has 4 decimals); that buys no whole BOND and stays as
    // cash. The sale's gain: 99.996 - 84.16 of cost.
    let trades: Vec<(&str, TradeSide, rust_decimal::Decimal)> =
        plan.trades.iter().map(|t| (t.security.as_str(), t.side, t.quantity)).collect();
    assert_eq!(
        trades,
        vec![("WDGT", TradeSide::Sell, dec!(1.6666)), ("BOND", TradeSide::Buy, dec!(4))]
    );
    assert_eq!(plan.trades[0].estimated_gain, Some(dec!(15.84)));
    assert_eq!(plan.cash_left, dec!(100.00));
}
