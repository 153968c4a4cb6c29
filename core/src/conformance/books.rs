//! Scenarios of users, books and membership, and of the wall between books that share one
//! database.

use super::{day, everything, expect_code, fresh_engine, start_time, Fixture};
use crate::{
    AccountKind, AuditAction, EditOptions, Engine, EntityKind, NewAccount, NewBalanceAssertion,
    NewBook, NewCommodity, NewSplit, NewTransaction, NewUser, PageRequest, Role, SortOrder,
    TransactionFilter, UserId,
};
use rust_decimal_macros::dec;
use std::collections::HashSet;

/// Users are created with their profile, found by id and e-mail, and e-mails are unique.
pub fn scenario_users_and_emails(make: fn() -> Engine) {
    let (engine, _clock) = fresh_engine(make);
    let mut new = NewUser::new("  ada@example.com ", "Ada", "Lovelace", "GBP");
    new.locale = "en-GB".to_owned();
    new.time_zone = "Europe/London".to_owned();
    let ada = engine.users().create(new).expect("create user");
    assert_eq!(ada.email, "ada@example.com", "e-mail is trimmed");
    assert_eq!((ada.given_name.as_str(), ada.family_name.as_str()), ("Ada", "Lovelace"));
    assert_eq!(ada.default_currency, "GBP");
    assert_eq!((ada.locale.as_str(), ada.time_zone.as_str()), ("en-GB", "Europe/London"));
    assert_eq!(ada.created_at, start_time());
    assert_eq!(engine.users().get(ada.id).expect("get user"), ada);
    assert_eq!(engine.users().by_email("ada@example.com").expect("by email"), Some(ada.clone()));
    assert_eq!(engine.users().by_email("nobody@example.com").expect("by email"), None);

    let again = engine.users().create(NewUser::new("ada@example.com", "Other", "Ada", "EUR"));
    let err = expect_code(again, "email_taken");
    assert_eq!(err.field().as_deref(), Some("email"));
    let shouted = engine.users().create(NewUser::new("ADA@example.com", "Ada", "L", "EUR"));
    expect_code(shouted, "email_taken");

    let bad = engine.users().create(NewUser::new("not-an-email", "A", "B", "EUR"));
    assert_eq!(expect_code(bad, "invalid_field").field().as_deref(), Some("email"));
    let money = engine.users().create(NewUser::new("b@example.com", "B", "C", "XXQ"));
    expect_code(money, "unknown_commodity");
    expect_code(engine.users().get(UserId(987_654)), "user_not_found");

    let bob = engine.users().create(NewUser::new("bob@example.com", "Bob", "B", "EUR"));
    assert_ne!(bob.expect("second user").id, ada.id);
}

/// Books belong to an owner, open only for members, and viewers may only read.
pub fn scenario_books_and_members(make: fn() -> Engine) {
    let home = Fixture::new(make);
    let engine = &home.engine;
    let users = engine.users();
    let bob = users.create(NewUser::new("bob@example.com", "Bob", "B", "EUR")).expect("bob");
    let carol = users.create(NewUser::new("carol@example.com", "Carol", "C", "EUR")).expect("c");
    let info = home.book.info().clone();
    assert_eq!((info.name.as_str(), info.owner_id), ("Household", home.owner.id));
    assert_eq!(info.default_currency, "EUR");
    assert_eq!(engine.open_book(info.id, home.owner.id).expect("owner opens").info(), &info);

    expect_code(engine.open_book(info.id, bob.id), "not_a_member");
    expect_code(engine.open_book(crate::BookId(424_242), bob.id), "book_not_found");
    expect_code(
        engine.create_book(NewBook::new("Ghost", UserId(999_999), "EUR")),
        "user_not_found",
    );
    expect_code(engine.create_book(NewBook::new("X", bob.id, "EURO")), "unknown_commodity");
    expect_code(engine.create_book(NewBook::new("  ", bob.id, "EUR")), "invalid_field");

    home.book.add_member(bob.id, Role::Member).expect("add bob");
    let entry = home.last_audit();
    assert_eq!((entry.action, entry.entity), (AuditAction::Create, EntityKind::Member));
    assert_eq!(entry.actor, home.owner.id);
    expect_code(home.book.add_member(bob.id, Role::Viewer), "already_member");
    expect_code(home.book.add_member(UserId(31_337), Role::Viewer), "user_not_found");
    home.book.add_member(carol.id, Role::Viewer).expect("add carol");
    let mut members = home.book.members().expect("members");
    members.sort_by_key(|m| m.user_id);
    let roles: Vec<(UserId, Role)> = members.iter().map(|m| (m.user_id, m.role)).collect();
    let mut want =
        vec![(home.owner.id, Role::Owner), (bob.id, Role::Member), (carol.id, Role::Viewer)];
    want.sort_by_key(|(id, _)| *id);
    assert_eq!(roles, want);
    let bobs: Vec<_> =
        engine.books_of(bob.id).expect("books of bob").into_iter().map(|b| b.id).collect();
    assert_eq!(bobs, vec![info.id]);

    // A member writes, and the audit log names them.
    let as_bob = engine.open_book(info.id, bob.id).expect("bob opens");
    let lunch =
        NewTransaction::expense(day(2026, 3, 2), home.cash, home.restaurants, dec!(9), "Deli");
    let tx = as_bob.transactions().add(lunch).expect("member writes");
    assert_eq!(home.last_audit().actor, bob.id);
    expect_code(as_bob.add_member(carol.id, Role::Member), "read_only");

    // A viewer reads everything and writes nothing.
    let as_carol = engine.open_book(info.id, carol.id).expect("carol opens");
    let before = home.audit_len();
    assert_eq!(as_carol.transactions().get(tx.id).expect("viewer reads"), tx);
    assert_eq!(
        as_carol.accounts().list().expect("list").len(),
        home.book.accounts().list().expect("l").len()
    );
    let spend = NewTransaction::expense(day(2026, 3, 2), home.cash, home.rent, dec!(1), "X");
    expect_code(as_carol.transactions().add(spend.clone()), "read_only");
    expect_code(as_carol.transactions().add_batch(std::slice::from_ref(&spend)), "read_only");
    expect_code(as_carol.transactions().edit(tx.id, spend, EditOptions::default()), "read_only");
    expect_code(as_carol.transactions().delete(tx.id, EditOptions::default()), "read_only");
    expect_code(as_carol.transactions().reverse(tx.id, None), "read_only");
    let account = NewAccount::new("Expenses:Toys", AccountKind::Expense, "EUR");
    expect_code(as_carol.accounts().create(account), "read_only");
    expect_code(as_carol.accounts().close(home.cash, day(2026, 3, 1)), "read_only");
    let btc = NewCommodity::new("BTC", "Bitcoin", 8, crate::CommodityKind::Crypto);
    expect_code(as_carol.commodities().define(btc), "read_only");
    let assertion = NewBalanceAssertion {
        account_id: home.cash,
        date: day(2026, 3, 2),
        amount: dec!(-9),
        commodity: None,
    };
    expect_code(as_carol.accounts().add_assertion(assertion), "read_only");
    expect_code(as_carol.add_member(bob.id, Role::Owner), "read_only");
    assert_eq!(home.audit_len(), before, "refused writes leave no audit row");
    assert_eq!(home.all_ids(), vec![tx.id]);
}

/// Two books in one database never see or touch each other's rows.
pub fn scenario_books_are_isolated(make: fn() -> Engine) {
    let a = Fixture::new(make);
    let b = a.neighbour("bob@example.com", "Bob's book");
    assert_ne!(a.book.id(), b.book.id());
    expect_code(a.engine.open_book(a.book.id(), b.owner.id), "not_a_member");
    let d = day(2026, 2, 10);
    let a_tx =
        a.add(NewTransaction::expense(d, a.checking, a.groceries, dec!(40), "Shop").tag("t"));
    let b_tx = b.add(NewTransaction::expense(d, b.checking, b.groceries, dec!(7), "Shop").tag("t"));
    let b_income = b.add(NewTransaction::income(d, b.checking, b.salary, dec!(1000), "Work"));
    // The same external id in two books names two different transactions.
    let a_ext =
        a.add(NewTransaction::transfer(d, a.checking, a.savings, dec!(5)).external_id("x-1"));
    let b_ext =
        b.add(NewTransaction::transfer(d, b.checking, b.savings, dec!(6)).external_id("x-1"));
    assert_ne!(a_ext.id, b_ext.id);
    assert_eq!(b_ext.splits[0].amount, dec!(6));

    // Accounts: same paths, different rows.
    let a_accounts: HashSet<_> =
        a.book.accounts().list().expect("a").iter().map(|x| x.id).collect();
    let b_accounts: HashSet<_> =
        b.book.accounts().list().expect("b").iter().map(|x| x.id).collect();
    assert_eq!(a_accounts.len(), b_accounts.len());
    assert!(a_accounts.is_disjoint(&b_accounts), "account ids leak across books");
    expect_code(a.book.accounts().get(b.checking), "account_not_found");
    assert_eq!(a.book.accounts().by_path("Assets:Bank:Checking").expect("path").id, a.checking);

    // Transactions: search, get and every write by id stay inside the book.
    assert_eq!(a.all_ids(), vec![a_tx.id, a_ext.id]);
    assert_eq!(b.all_ids(), vec![b_tx.id, b_income.id, b_ext.id]);
    let tagged = TransactionFilter { tags: vec!["t".to_owned()], ..everything() };
    let found = a.book.transactions().search(&tagged, PageRequest::default()).expect("search");
    assert_eq!(found.items.iter().map(|t| t.id).collect::<Vec<_>>(), vec![a_tx.id]);
    let txs = a.book.transactions();
    expect_code(txs.get(b_tx.id), "transaction_not_found");
    let edit = NewTransaction::expense(d, a.checking, a.groceries, dec!(1), "Hijack");
    expect_code(txs.edit(b_tx.id, edit, EditOptions::default()), "transaction_not_found");
    expect_code(txs.delete(b_tx.id, EditOptions::default()), "transaction_not_found");
    expect_code(txs.restore(b_tx.id), "transaction_not_found");
    expect_code(txs.reverse(b_tx.id, None), "transaction_not_found");
    let status = crate::Status::Void;
    expect_code(txs.set_status(b_tx.id, status, EditOptions::default()), "transaction_not_found");
    assert_eq!(b.book.transactions().get(b_tx.id).expect("b's own"), b_tx, "b's row unchanged");

    // Using b's accounts through a's book is refused and writes nothing.
    let before = (a.audit_len(), b.audit_len());
    let foreign = NewTransaction::expense(d, b.checking, a.groceries, dec!(3), "Sneaky");
    let err = expect_code(txs.add(foreign), "account_not_found");
    assert!(err.field().is_some_and(|f| f.starts_with("splits[1].")), "field: {:?}", err.field());
    let split = NewTransaction::new(
        d,
        vec![NewSplit::new(b.rent, dec!(2)), NewSplit::new(b.cash, dec!(-2))],
    );
    expect_code(txs.add(split), "account_not_found");
    let by_account = TransactionFilter { accounts: vec![b.checking], ..everything() };
    expect_code(txs.search(&by_account, PageRequest::default()), "account_not_found");
    expect_code(
        a.book.accounts().register(b.checking, true, PageRequest::default()),
        "account_not_found",
    );
    let assertion =
        NewBalanceAssertion { account_id: b.checking, date: d, amount: dec!(0), commodity: None };
    expect_code(a.book.accounts().add_assertion(assertion), "account_not_found");
    let rename = crate::AccountUpdate { name: Some("Mine".to_owned()), ..Default::default() };
    expect_code(a.book.accounts().update(b.checking, rename), "account_not_found");
    assert_eq!((a.audit_len(), b.audit_len()), before);

    // Balances, register, reports, assertions and audit only show the book's own rows.
    let a_balances = a.balances(None);
    assert!(a_balances.iter().all(|r| a_accounts.contains(&r.account_id)));
    assert_eq!(a.total(a.checking), dec!(-45));
    assert_eq!(b.total(b.checking), dec!(987));
    assert_eq!(a.total(a.salary), dec!(0));
    let register = a.book.accounts().register(a.checking, true, PageRequest::default()).expect("r");
    assert_eq!(register.total, 2);
    assert!(register
        .items
        .iter()
        .all(|r| r.transaction_id == a_tx.id || r.transaction_id == a_ext.id));
    let spending = a.book.reports().spending_by_category(day(2026, 2, 1), day(2026, 2, 28));
    let spending = spending.expect("spending");
    assert!(spending.iter().all(|r| a_accounts.contains(&r.account_id)));
    let groceries = spending.iter().find(|r| r.account_id == a.groceries).expect("groceries");
    assert_eq!(groceries.total, dec!(40));
    let b_assertion =
        NewBalanceAssertion { account_id: b.checking, date: d, amount: dec!(987), commodity: None };
    b.book.accounts().add_assertion(b_assertion).expect("b asserts");
    assert!(a.book.accounts().assertions().expect("a's assertions").is_empty());
    assert!(a.book.accounts().check_assertions().expect("check").is_empty());
    let log = a.book.audit_log(PageRequest::first(10_000, SortOrder::Ascending)).expect("audit");
    assert!(log.items.iter().all(|e| e.book_id == a.book.id()), "audit rows leak across books");
    assert!(log.items.iter().all(|e| e.actor == a.owner.id));

    // Commodities are per book too.
    let btc = NewCommodity::new("BTC", "Bitcoin", 8, crate::CommodityKind::Crypto);
    b.book.commodities().define(btc).expect("b defines BTC");
    assert!(a.book.commodities().list().expect("a's commodities").is_empty());
    expect_code(a.book.commodities().get("BTC"), "unknown_commodity");
    let wallet = NewAccount::new("Assets:Wallet", AccountKind::Asset, "BTC");
    expect_code(a.book.accounts().create(wallet.clone()), "unknown_commodity");
    b.book.accounts().create(wallet).expect("b's BTC wallet");
}
