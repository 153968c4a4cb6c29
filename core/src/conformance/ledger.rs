//! Scenarios of transactions: the convenience constructors, balancing, exchanges, edits with
//! history, soft delete, reversal, void, idempotent external ids and all-or-nothing batches.

use super::{day, everything, expect_code, start_time, Fixture};
use crate::{
    AccountKind, AccountSubtype, AuditAction, CommodityKind, EditOptions, Engine, EntityKind,
    NewAccount, NewCommodity, NewSplit, NewTransaction, PageRequest, Source, Status,
    TransactionFilter, UnitPrice,
};
use chrono::Duration;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// `(account, amount)` of every split, for comparing a transaction's legs.
fn legs(tx: &crate::Transaction) -> Vec<(crate::AccountId, Decimal)> {
    tx.splits.iter().map(|s| (s.account_id, s.amount)).collect()
}

/// Expense, income, transfer and split purchase build the right splits and balances.
pub fn scenario_convenience_constructors(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let d = day(2026, 2, 2);
    let pay = f.add(NewTransaction::income(d, f.checking, f.salary, dec!(2500), "ACME"));
    assert_eq!(legs(&pay), vec![(f.checking, dec!(2500)), (f.salary, dec!(-2500))]);
    assert_eq!(pay.payee.as_deref(), Some("ACME"));
    let bread = f.add(NewTransaction::expense(d, f.checking, f.groceries, dec!(3.20), "Bakery"));
    assert_eq!(legs(&bread), vec![(f.groceries, dec!(3.20)), (f.checking, dec!(-3.20))]);
    assert_eq!(bread.payee.as_deref(), Some("Bakery"));
    assert!(bread.splits.iter().all(|s| s.commodity == "EUR"));
    let move_money = f.add(NewTransaction::transfer(d, f.checking, f.savings, dec!(400)));
    assert_eq!(legs(&move_money), vec![(f.savings, dec!(400)), (f.checking, dec!(-400))]);
    let parts =
        [(f.groceries, dec!(41.10)), (f.household, dec!(12.35)), (f.restaurants, dec!(4.55))];
    let shop = f.add(NewTransaction::split_purchase(d, f.card, "Hypermarket", &parts));
    assert_eq!(shop.splits.len(), 4);
    assert_eq!(
        legs(&shop),
        vec![
            (f.groceries, dec!(41.10)),
            (f.household, dec!(12.35)),
            (f.restaurants, dec!(4.55)),
            (f.card, dec!(-58.00)),
        ]
    );
    assert_eq!(shop.splits.iter().map(|s| s.amount).sum::<Decimal>(), Decimal::ZERO);
    assert_eq!(f.book.transactions().get(shop.id).expect("get"), shop);
    assert_eq!(shop.created_at, start_time());
    assert_eq!((shop.status, shop.source, shop.deleted), (Status::Cleared, Source::Manual, false));

    assert_eq!(f.total(f.checking), dec!(2096.80));
    assert_eq!(f.total(f.savings), dec!(400));
    assert_eq!(f.total(f.card), dec!(-58));
    assert_eq!(f.total(f.groceries), dec!(44.30));
    assert_eq!(f.total(f.food), dec!(48.85));
    assert_eq!(f.total(f.salary), dec!(-2500));
    let roots: Decimal =
        f.balances(None).iter().filter(|r| !r.path.contains(':')).map(|r| r.total).sum();
    assert_eq!(roots, Decimal::ZERO, "the roots of a balanced ledger sum to zero");
}

/// Unbalanced splits are refused with the residual per commodity; one split is too few.
pub fn scenario_unbalanced_and_too_few_splits(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let d = day(2026, 2, 3);
    let before = f.audit_len();
    let off_by_a_cent = NewTransaction::new(
        d,
        vec![NewSplit::new(f.rent, dec!(10.00)), NewSplit::new(f.checking, dec!(-9.99))],
    );
    let err = expect_code(txs.add(off_by_a_cent), "unbalanced");
    assert_eq!(err.field().as_deref(), Some("splits"));
    assert!(err.to_string().contains("0.01 EUR"), "residual missing: {err}");

    let two_commodities = NewTransaction::new(
        d,
        vec![
            NewSplit::new(f.rent, dec!(10.01)),
            NewSplit::new(f.checking, dec!(-10)),
            NewSplit::new(f.groceries, dec!(5)).commodity("USD"),
            NewSplit::new(f.restaurants, dec!(-3)).commodity("USD"),
        ],
    );
    // Splits in two commodities without a price are priced from the rate table, never 1:1.
    let err = expect_code(txs.add(two_commodities), "no_rate");
    assert_eq!(err.field().as_deref(), Some("splits[2].price"));
    let negative = NewTransaction::new(
        d,
        vec![NewSplit::new(f.rent, dec!(1)), NewSplit::new(f.cash, dec!(-1.5))],
    );
    assert!(expect_code(txs.add(negative), "unbalanced").to_string().contains("-0.5 EUR"));

    let one = NewTransaction::new(d, vec![NewSplit::new(f.rent, dec!(0))]);
    let err = expect_code(txs.add(one), "too_few_splits");
    assert_eq!(err.field().as_deref(), Some("splits"));
    expect_code(txs.add(NewTransaction::new(d, Vec::new())), "too_few_splits");
    assert_eq!(f.audit_len(), before, "refused transactions leave no audit row");
    assert!(f.all_ids().is_empty(), "refused transactions write nothing");
    assert_eq!(f.total(f.checking), Decimal::ZERO);
}

/// An exchange between a EUR and a USD account balances through a price; a purchase of
/// shares balances through its cost.
pub fn scenario_exchange_and_cost(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let accounts = f.book.accounts();
    let dollars = accounts
        .create(
            NewAccount::new("Assets:Bank:Dollars", AccountKind::Asset, "USD")
                .subtype(AccountSubtype::Checking),
        )
        .expect("USD account")
        .id;
    let d = day(2026, 2, 4);
    let txs = f.book.transactions();
    let exchange = NewTransaction::new(
        d,
        vec![
            NewSplit::new(f.checking, dec!(-100)).price(dec!(1.10), "USD"),
            NewSplit::new(dollars, dec!(110)),
        ],
    )
    .narration("EUR to USD");
    let tx = f.add(exchange);
    let stored = txs.get(tx.id).expect("get");
    assert_eq!(stored.splits[0].price, Some(UnitPrice::new(dec!(1.10), "USD")));
    assert_eq!(
        (stored.splits[0].commodity.as_str(), stored.splits[1].commodity.as_str()),
        ("EUR", "USD")
    );
    assert_eq!(stored.splits[1].price, None);
    assert_eq!(f.total(f.checking), dec!(-100));
    let usd_row = f.balances(None).into_iter().find(|r| r.account_id == dollars).expect("USD row");
    assert_eq!((usd_row.commodity.as_str(), usd_row.total), ("USD", dec!(110)));
    let bank_rows: Vec<_> = f
        .balances(None)
        .into_iter()
        .filter(|r| r.path == "Assets:Bank")
        .map(|r| (r.commodity, r.own, r.total))
        .collect();
    assert_eq!(
        bank_rows,
        vec![("EUR".to_owned(), dec!(0), dec!(-100)), ("USD".to_owned(), dec!(0), dec!(110))],
        "a parent rolls up each commodity separately"
    );

    let no_price = NewTransaction::new(
        d,
        vec![NewSplit::new(f.checking, dec!(-100)), NewSplit::new(dollars, dec!(110))],
    );
    let message = expect_code(txs.add(no_price), "no_rate").to_string();
    assert!(message.contains("USD/EUR on or before 2026-02-04"), "{message}");
    let wrong_rate = NewTransaction::new(
        d,
        vec![
            NewSplit::new(f.checking, dec!(-100)).price(dec!(1.09), "USD"),
            NewSplit::new(dollars, dec!(110)),
        ],
    );
    assert!(expect_code(txs.add(wrong_rate), "unbalanced").to_string().contains("1 USD"));

    f.book
        .commodities()
        .define(NewCommodity::new("VWCE", "FTSE All-World", 4, CommodityKind::Security))
        .expect("define VWCE");
    let broker = accounts
        .create(
            NewAccount::new("Assets:Broker", AccountKind::Asset, "EUR")
                .subtype(AccountSubtype::Investment),
        )
        .expect("broker")
        .id;
    let buy = NewTransaction::new(
        d,
        vec![
            NewSplit::new(broker, dec!(2.5))
                .commodity("VWCE")
                .cost(dec!(101.25), "EUR")
                .memo("lot 1"),
            NewSplit::new(f.checking, dec!(-253.13)),
        ],
    );
    assert!(expect_code(txs.add(buy.clone()), "unbalanced").to_string().contains("-0.01 EUR"));
    let mut buy = buy;
    buy.splits[0].amount = dec!(3);
    buy.splits[1].amount = dec!(-303.75);
    let bought = f.add(buy);
    let lot = &txs.get(bought.id).expect("get").splits[0];
    assert_eq!((lot.amount, lot.commodity.as_str()), (dec!(3), "VWCE"));
    assert_eq!(lot.cost, Some(UnitPrice::new(dec!(101.25), "EUR")));
    assert_eq!(lot.memo.as_deref(), Some("lot 1"));
    let holding: Vec<_> = f
        .balances(None)
        .into_iter()
        .filter(|r| r.account_id == broker)
        .map(|r| (r.commodity, r.total))
        .collect();
    assert!(holding.contains(&("VWCE".to_owned(), dec!(3))), "{holding:?}");
    assert_eq!(f.total(f.checking), dec!(-403.75));

    // The register keeps one running balance per commodity.
    let bank = accounts.by_path("Assets:Bank").expect("bank").id;
    let page = PageRequest::first(100, crate::SortOrder::Ascending);
    let register = accounts.register(bank, true, page).expect("register");
    let rows: Vec<_> =
        register.items.iter().map(|r| (r.commodity.as_str(), r.amount, r.balance)).collect();
    assert_eq!(
        rows,
        vec![
            ("EUR", dec!(-100), dec!(-100)),
            ("USD", dec!(110), dec!(110)),
            ("EUR", dec!(-303.75), dec!(-403.75))
        ]
    );
}

/// Every field of a transaction survives the store unchanged.
pub fn scenario_transaction_fields_round_trip(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let new = NewTransaction::new(
        day(2026, 2, 5),
        vec![
            NewSplit::new(f.groceries, dec!(19.99)).memo("  weekly shop "),
            NewSplit::new(f.card, dec!(-19.99)).memo("card ending 42"),
        ],
    )
    .payee("  Fresh Market ")
    .narration("Groceries, week 6")
    .notes("Paid with the family card\nsecond line")
    .tag("food")
    .tag("family")
    .tag("food")
    .status(Status::Pending)
    .source(Source::Sync)
    .external_id("bank-2026-02-05-001")
    .posted(day(2026, 2, 7));
    let tx = f.add(new);
    let stored = f.book.transactions().get(tx.id).expect("get");
    assert_eq!(stored, tx, "get returns what add returned");
    assert_eq!(stored.date, day(2026, 2, 5));
    assert_eq!(stored.posted_date, Some(day(2026, 2, 7)));
    assert_eq!(stored.payee.as_deref(), Some("Fresh Market"), "text is trimmed");
    assert_eq!(stored.narration.as_deref(), Some("Groceries, week 6"));
    assert_eq!(stored.notes.as_deref(), Some("Paid with the family card\nsecond line"));
    assert_eq!(stored.tags, vec!["family".to_owned(), "food".to_owned()], "tags sorted, unique");
    assert_eq!((stored.status, stored.source), (Status::Pending, Source::Sync));
    assert_eq!(stored.external_id.as_deref(), Some("bank-2026-02-05-001"));
    assert_eq!(stored.reversal_of, None);
    assert_eq!(stored.splits[0].memo.as_deref(), Some("weekly shop"));
    assert_eq!(stored.splits[1].memo.as_deref(), Some("card ending 42"));
    assert_ne!(stored.splits[0].id, stored.splits[1].id);
    assert_eq!((stored.created_at, stored.updated_at), (start_time(), start_time()));
    let found =
        f.book.transactions().search(&everything(), PageRequest::default()).expect("search");
    assert_eq!(found.items, vec![stored], "search returns the same rows as get");

    let txs = f.book.transactions();
    let early_post = NewTransaction::expense(day(2026, 2, 5), f.cash, f.rent, dec!(1), "x")
        .posted(day(2026, 2, 4));
    assert_eq!(
        expect_code(txs.add(early_post), "invalid_field").field().as_deref(),
        Some("posted_date")
    );
    let bad_tag = NewTransaction::expense(day(2026, 2, 5), f.cash, f.rent, dec!(1), "x").tag("a,b");
    assert_eq!(expect_code(txs.add(bad_tag), "invalid_field").field().as_deref(), Some("tags[0]"));
}

/// An edit replaces the content and writes before and after to the audit log.
pub fn scenario_edit_keeps_history(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let tx = f.add(NewTransaction::expense(
        day(2026, 2, 6),
        f.checking,
        f.groceries,
        dec!(12.50),
        "Bakery",
    ));
    let later = start_time() + Duration::hours(2);
    f.clock.set(later);
    let edited = txs
        .edit(
            tx.id,
            NewTransaction::expense(
                day(2026, 2, 7),
                f.checking,
                f.restaurants,
                dec!(13),
                "Baker's",
            )
            .tag("fix"),
            EditOptions::default(),
        )
        .expect("edit");
    assert_eq!(edited.id, tx.id);
    assert_eq!((edited.date, edited.payee.as_deref()), (day(2026, 2, 7), Some("Baker's")));
    assert_eq!(legs(&edited), vec![(f.restaurants, dec!(13)), (f.checking, dec!(-13))]);
    assert_eq!((edited.created_at, edited.updated_at), (start_time(), later));
    assert_eq!(txs.get(tx.id).expect("get"), edited);
    assert_eq!(
        (f.total(f.groceries), f.total(f.restaurants), f.total(f.checking)),
        (dec!(0), dec!(13), dec!(-13))
    );
    assert_eq!(f.all_ids(), vec![tx.id], "an edit writes no new transaction");

    let entry = f.last_audit();
    assert_eq!(
        (entry.action, entry.entity, entry.entity_id),
        (AuditAction::Update, EntityKind::Transaction, Some(tx.id.0))
    );
    assert_eq!((entry.actor, entry.at), (f.owner.id, later));
    let before = entry.before.expect("before");
    let after = entry.after.expect("after");
    assert_eq!(before["payee"], "Bakery");
    assert_eq!(after["payee"], "Baker's");
    assert_eq!(before["date"], "2026-02-06");
    assert_eq!(after["date"], "2026-02-07");
    assert_eq!(after["tags"][0], "fix");

    let audit = f.audit_len();
    let unbalanced = NewTransaction::new(
        day(2026, 2, 7),
        vec![NewSplit::new(f.rent, dec!(1)), NewSplit::new(f.cash, dec!(-2))],
    );
    expect_code(txs.edit(tx.id, unbalanced, EditOptions::default()), "unbalanced");
    let ghost = NewTransaction::expense(day(2026, 2, 7), f.cash, f.rent, dec!(1), "x");
    expect_code(
        txs.edit(crate::TransactionId(888_888), ghost, EditOptions::default()),
        "transaction_not_found",
    );
    assert_eq!(f.audit_len(), audit);
    assert_eq!(txs.get(tx.id).expect("get"), edited, "a refused edit changes nothing");
}

/// A reconciled transaction is locked unless the caller passes the override.
pub fn scenario_reconciled_is_locked(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let tx =
        f.add(NewTransaction::expense(day(2026, 1, 20), f.checking, f.rent, dec!(900), "Landlord"));
    let reconciled =
        txs.set_status(tx.id, Status::Reconciled, EditOptions::default()).expect("reconcile");
    assert_eq!(reconciled.status, Status::Reconciled);
    let audit = f.audit_len();
    let change =
        NewTransaction::expense(day(2026, 1, 20), f.checking, f.rent, dec!(950), "Landlord");
    let err =
        expect_code(txs.edit(tx.id, change.clone(), EditOptions::default()), "reconciled_locked");
    assert!(err.to_string().contains("allow_reconciled"), "{err}");
    expect_code(txs.delete(tx.id, EditOptions::default()), "reconciled_locked");
    expect_code(
        txs.set_status(tx.id, Status::Cleared, EditOptions::default()),
        "reconciled_locked",
    );
    assert_eq!(f.audit_len(), audit);
    assert_eq!(f.total(f.rent), dec!(900));

    let unlock = EditOptions { allow_reconciled: true };
    let edited = txs.edit(tx.id, change.status(Status::Reconciled), unlock).expect("override edit");
    assert_eq!((edited.status, edited.splits[0].amount), (Status::Reconciled, dec!(950)));
    assert_eq!(f.total(f.rent), dec!(950));
    txs.delete(tx.id, unlock).expect("override delete");
    assert_eq!(f.total(f.rent), dec!(0));
}

/// Delete is soft: the transaction stops counting but stays readable and can be restored.
pub fn scenario_soft_delete_and_restore(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let keep =
        f.add(NewTransaction::expense(day(2026, 2, 8), f.checking, f.groceries, dec!(30), "Keep"));
    let tx =
        f.add(NewTransaction::expense(day(2026, 2, 9), f.checking, f.groceries, dec!(20), "Gone"));
    assert_eq!(f.total(f.checking), dec!(-50));

    let later = start_time() + Duration::minutes(5);
    f.clock.set(later);
    let deleted = txs.delete(tx.id, EditOptions::default()).expect("delete");
    assert!(deleted.deleted);
    assert_eq!((deleted.created_at, deleted.updated_at), (start_time(), later));
    let stored = txs.get(tx.id).expect("get still returns it");
    assert!(stored.deleted);
    assert_eq!(legs(&stored), legs(&tx), "the splits are kept");
    assert_eq!((f.total(f.checking), f.total(f.groceries)), (dec!(-30), dec!(30)));
    let entry = f.last_audit();
    assert_eq!((entry.action, entry.entity_id), (AuditAction::Delete, Some(tx.id.0)));
    assert_eq!(entry.before.expect("before")["deleted"], false);
    assert_eq!(entry.after.expect("after")["deleted"], true);

    let live = txs.search(&TransactionFilter::default(), PageRequest::default()).expect("search");
    assert_eq!(live.items.iter().map(|t| t.id).collect::<Vec<_>>(), vec![keep.id]);
    assert_eq!(live.total, 1);
    assert_eq!(f.all_ids(), vec![keep.id, tx.id], "include_deleted shows it");
    let register =
        f.book.accounts().register(f.checking, false, PageRequest::default()).expect("r");
    assert_eq!(register.items.iter().map(|r| r.transaction_id).collect::<Vec<_>>(), vec![keep.id]);
    let spending =
        f.book.reports().spending_by_category(day(2026, 2, 1), day(2026, 2, 28)).expect("s");
    let groceries = spending.iter().find(|r| r.account_id == f.groceries).expect("groceries");
    assert_eq!(groceries.total, dec!(30));

    let audit = f.audit_len();
    expect_code(txs.delete(tx.id, EditOptions::default()), "transaction_deleted");
    let edit = NewTransaction::expense(day(2026, 2, 9), f.checking, f.groceries, dec!(1), "x");
    expect_code(txs.edit(tx.id, edit, EditOptions::default()), "transaction_deleted");
    expect_code(txs.reverse(tx.id, None), "transaction_deleted");
    expect_code(txs.restore(keep.id), "not_deleted");
    expect_code(txs.restore(crate::TransactionId(999_999)), "transaction_not_found");
    assert_eq!(f.audit_len(), audit);

    let restored = txs.restore(tx.id).expect("restore");
    assert!(!restored.deleted);
    assert_eq!(legs(&restored), legs(&tx));
    assert_eq!(f.total(f.checking), dec!(-50));
    assert_eq!(f.last_audit().action, AuditAction::Restore);
    expect_code(txs.restore(tx.id), "not_deleted");
}

/// Reverse writes a negating transaction; the original stays, and only one reversal is allowed.
pub fn scenario_reverse(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let parts = [(f.groceries, dec!(10.10)), (f.household, dec!(5.05)), (f.restaurants, dec!(2))];
    let tx =
        f.add(NewTransaction::split_purchase(day(2026, 2, 10), f.card, "Store", &parts).tag("x"));
    let reversal = txs.reverse(tx.id, Some(day(2026, 2, 12))).expect("reverse");
    assert_ne!(reversal.id, tx.id);
    assert_eq!(reversal.reversal_of, Some(tx.id));
    assert_eq!(reversal.date, day(2026, 2, 12));
    assert_eq!(reversal.payee.as_deref(), Some("Store"));
    let negated: Vec<_> = legs(&tx).into_iter().map(|(a, x)| (a, -x)).collect();
    assert_eq!(legs(&reversal), negated);
    assert_eq!(txs.get(tx.id).expect("original"), tx, "the original is unchanged");
    assert_eq!(txs.get(reversal.id).expect("reversal"), reversal);
    for account in [f.card, f.groceries, f.household, f.restaurants, f.food] {
        assert_eq!(f.total(account), Decimal::ZERO, "account {account} back to zero");
    }
    assert_eq!(f.balance_row(f.card, Some(day(2026, 2, 11))).total, dec!(-17.15));
    let entry = f.last_audit();
    assert_eq!((entry.action, entry.entity), (AuditAction::Create, EntityKind::Transaction));

    let audit = f.audit_len();
    let err = expect_code(txs.reverse(tx.id, None), "already_reversed");
    assert!(err.to_string().contains(&reversal.id.to_string()), "{err}");
    assert_eq!(f.audit_len(), audit);

    let other = f.add(NewTransaction::expense(day(2026, 2, 10), f.cash, f.rent, dec!(7), "Today"));
    let today = txs.reverse(other.id, None).expect("reverse today");
    assert_eq!(today.date, start_time().date_naive(), "the date defaults to the clock's today");
    expect_code(txs.reverse(crate::TransactionId(123_456), None), "transaction_not_found");
}

/// A void transaction is kept but counts nowhere; un-voiding counts it again.
pub fn scenario_void_stops_counting(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let tx =
        f.add(NewTransaction::expense(day(2026, 2, 11), f.checking, f.household, dec!(80), "Lamp"));
    let void = txs.set_status(tx.id, Status::Void, EditOptions::default()).expect("void");
    assert_eq!(void.status, Status::Void);
    assert_eq!((f.total(f.checking), f.total(f.household)), (dec!(0), dec!(0)));
    let register =
        f.book.accounts().register(f.checking, false, PageRequest::default()).expect("r");
    assert_eq!(register.total, 0);
    let spending = f.book.reports().spending_by_category(day(2026, 2, 1), day(2026, 2, 28));
    assert!(spending.expect("spending").is_empty());
    let voided = TransactionFilter { statuses: vec![Status::Void], ..TransactionFilter::default() };
    let found = txs.search(&voided, PageRequest::default()).expect("search");
    assert_eq!(found.items.iter().map(|t| t.id).collect::<Vec<_>>(), vec![tx.id]);
    let voided_in =
        NewTransaction::expense(day(2026, 2, 12), f.checking, f.household, dec!(5), "V")
            .status(Status::Void);
    f.add(voided_in);
    assert_eq!(f.total(f.checking), dec!(0), "a transaction added as void never counts");

    txs.set_status(tx.id, Status::Cleared, EditOptions::default()).expect("un-void");
    assert_eq!((f.total(f.checking), f.total(f.household)), (dec!(-80), dec!(80)));
}

/// The external id makes adds idempotent; a different transaction under the same id conflicts.
pub fn scenario_external_id_idempotency(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let d = day(2026, 2, 13);
    let import = |amount: Decimal, ext: &str| {
        NewTransaction::expense(d, f.card, f.groceries, amount, "Shop")
            .source(Source::Import)
            .external_id(ext)
    };
    let first = f.add(import(dec!(25), "bank-1"));
    let audit = f.audit_len();
    let again = f.add(import(dec!(25), "bank-1"));
    assert_eq!(again.id, first.id);
    assert_eq!(again, first);
    assert_eq!(f.audit_len(), audit, "an idempotent repeat writes nothing");
    assert_eq!(f.all_ids(), vec![first.id]);
    assert_eq!(f.total(f.card), dec!(-25));

    let err = expect_code(txs.add(import(dec!(26), "bank-1")), "external_id_conflict");
    assert_eq!(err.field().as_deref(), Some("external_id"));
    assert!(err.to_string().contains("bank-1"), "{err}");
    assert_eq!(f.audit_len(), audit);

    let ids =
        txs.add_batch(&[import(dec!(25), "bank-1"), import(dec!(9), "bank-2")]).expect("batch");
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], first.id);
    assert_eq!(txs.get(ids[1]).expect("new").external_id.as_deref(), Some("bank-2"));
    assert_eq!(f.audit_len(), audit + 1);
    let twice = txs.add_batch(&[import(dec!(1), "bank-3"), import(dec!(1), "bank-3")]);
    assert_eq!(
        expect_code(twice, "invalid_field").field().as_deref(),
        Some("transactions[1].external_id")
    );

    // A deleted import is not re-imported by a repeat.
    txs.delete(ids[1], EditOptions::default()).expect("delete");
    let audit = f.audit_len();
    let repeat = f.add(import(dec!(9), "bank-2"));
    assert_eq!((repeat.id, repeat.deleted), (ids[1], true));
    assert_eq!(f.audit_len(), audit);
    assert_eq!(f.total(f.card), dec!(-25));

    // An edit may not take another transaction's external id.
    let stray = f.add(NewTransaction::expense(d, f.cash, f.rent, dec!(3), "Stray"));
    let steal = NewTransaction::expense(d, f.cash, f.rent, dec!(3), "Stray").external_id("bank-1");
    expect_code(txs.edit(stray.id, steal, EditOptions::default()), "external_id_conflict");
    assert_eq!(txs.get(stray.id).expect("get").external_id, None);
}

/// A batch is one write: a bad item anywhere writes nothing, and its errors name the item.
pub fn scenario_batch_is_all_or_nothing(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let item = |n: u32, amount: Decimal| {
        NewTransaction::expense(
            day(2026, 1, n),
            f.checking,
            f.groceries,
            amount,
            &format!("Shop {n}"),
        )
    };
    let audit = f.audit_len();
    let mut batch: Vec<NewTransaction> = (1..=5).map(|n| item(n, dec!(10))).collect();
    batch[2].splits[0].amount = dec!(10.01);
    let err = expect_code(txs.add_batch(&batch), "unbalanced");
    let field = err.field().expect("field");
    assert!(field.starts_with("transactions[2]."), "field {field}");
    assert!(
        err.to_string().contains("transactions[2].") && err.to_string().contains("0.01 EUR"),
        "{err}"
    );
    batch[2].splits[0].amount = dec!(10);
    batch[3].splits[1].account_id = crate::AccountId(555_555);
    let err = expect_code(txs.add_batch(&batch), "account_not_found");
    assert_eq!(err.field().as_deref(), Some("transactions[3].splits[1].account_id"));
    assert!(f.all_ids().is_empty(), "a failed batch writes nothing");
    assert_eq!(f.audit_len(), audit, "a failed batch leaves no audit row");
    assert_eq!(f.total(f.checking), dec!(0));

    batch[3] = item(4, dec!(10));
    let ids = txs.add_batch(&batch).expect("good batch");
    assert_eq!(ids.len(), 5);
    assert!(
        ids.windows(2).all(|w| w[1].0 == w[0].0 + 1),
        "ids are contiguous and ascending: {ids:?}"
    );
    for (n, id) in (1..=5).zip(&ids) {
        assert_eq!(
            txs.get(*id).expect("get").payee,
            Some(format!("Shop {n}")),
            "ids in input order"
        );
    }
    assert_eq!(f.all_ids(), ids);
    assert_eq!(f.total(f.checking), dec!(-50));
    assert_eq!(f.audit_len(), audit + 1, "one audit row per batch");
    let entry = f.last_audit();
    assert_eq!((entry.action, entry.entity), (AuditAction::CreateBatch, EntityKind::Transaction));
    assert_eq!(entry.entity_id, Some(ids[0].0));
    assert_eq!(entry.after.expect("after")["count"], 5);
    assert!(txs.add_batch(&[]).expect("empty batch").is_empty());
    assert_eq!(f.audit_len(), audit + 1, "an empty batch writes nothing");
}
