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
