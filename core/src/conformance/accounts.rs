//! Scenarios of the account tree (nesting, renames, closing) and of exact money at each
//! commodity's scale.

use super::{day, expect_code, fresh_engine, start_time, Fixture};
use crate::{
    AccountKind, AccountSubtype, AccountUpdate, AuditAction, CommodityKind, EditOptions, Engine,
    EntityKind, NewAccount, NewBook, NewCommodity, NewSplit, NewTransaction, NewUser,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Creating a nested account creates its ancestors; paths are unique and kinds consistent.
pub fn scenario_account_tree(make: fn() -> Engine) {
    let (engine, _clock) = fresh_engine(make);
    let user = engine.users().create(NewUser::new("a@example.com", "A", "B", "EUR")).expect("u");
    let book = engine.create_book(NewBook::new("Home", user.id, "EUR")).expect("book");
    let accounts = book.accounts();
    let audit_before = book.audit_log(crate::PageRequest::default()).expect("audit").total;

    let groceries = accounts
        .create(NewAccount::new("Expenses:Food:Groceries", AccountKind::Expense, "EUR"))
        .expect("nested create");
    assert_eq!(
        (groceries.name.as_str(), groceries.path.as_str()),
        ("Groceries", "Expenses:Food:Groceries")
    );
    let food = accounts.by_path("Expenses:Food").expect("ancestor created");
    let expenses = accounts.by_path("Expenses").expect("root created");
    assert_eq!(groceries.parent_id, Some(food.id));
    assert_eq!(food.parent_id, Some(expenses.id));
    assert_eq!(expenses.parent_id, None);
    for a in [&food, &expenses] {
        assert_eq!((a.kind, a.currency.as_str()), (AccountKind::Expense, "EUR"), "{}", a.path);
    }
    assert!(!groceries.include_in_net_worth, "categories are not net worth");
    assert_eq!(groceries.created_at, start_time());
    let audit_after = book.audit_log(crate::PageRequest::default()).expect("audit").total;
    assert_eq!(audit_after - audit_before, 3, "one audit row per created account");

    let checking = accounts
        .create(
            NewAccount::new("Assets:Bank:Checking", AccountKind::Asset, "EUR")
                .subtype(AccountSubtype::Checking)
                .institution("Sparkasse")
                .opened_on(day(2020, 1, 1)),
        )
        .expect("checking");
    let stored = accounts.get(checking.id).expect("get");
    assert_eq!(stored, checking, "the store returns what was created");
    assert_eq!(stored.subtype, AccountSubtype::Checking);
    assert_eq!(stored.institution.as_deref(), Some("Sparkasse"));
    assert_eq!(stored.opened_on, Some(day(2020, 1, 1)));
    assert_eq!(
        (stored.closed_on, stored.archived, stored.include_in_net_worth),
        (None, false, true)
    );
    let bank = accounts.by_path("Assets:Bank").expect("bank");
    assert_eq!(bank.subtype, AccountSubtype::Other, "ancestors get no subtype");
    assert_eq!(bank.institution, None);

    let restaurants =
        accounts.create(NewAccount::new("Expenses:Food:Restaurants", AccountKind::Expense, "EUR"));
    assert_eq!(restaurants.expect("sibling").parent_id, Some(food.id));
    let paths: Vec<String> = accounts.list().expect("list").into_iter().map(|a| a.path).collect();
    let want = [
        "Assets",
        "Assets:Bank",
        "Assets:Bank:Checking",
        "Expenses",
        "Expenses:Food",
        "Expenses:Food:Groceries",
        "Expenses:Food:Restaurants",
    ];
    assert_eq!(paths, want, "list is in path order");

    let before = book.audit_log(crate::PageRequest::default()).expect("audit").total;
    let dup =
        accounts.create(NewAccount::new("Expenses:Food:Groceries", AccountKind::Expense, "EUR"));
    let err = expect_code(dup, "duplicate_account_name");
    assert!(err.to_string().contains("Expenses:Food:Groceries"), "{err}");
    let dup_ancestor =
        accounts.create(NewAccount::new("Expenses:Food", AccountKind::Expense, "EUR"));
    expect_code(dup_ancestor, "duplicate_account_name");
    let mismatch =
        accounts.create(NewAccount::new("Expenses:Food:Bonus", AccountKind::Income, "EUR"));
    let err = expect_code(mismatch, "parent_kind_mismatch");
    assert!(err.to_string().contains("Expenses:Food"), "{err}");
    let subtype = NewAccount::new("Expenses:Bank", AccountKind::Expense, "EUR")
        .subtype(AccountSubtype::Checking);
    expect_code(accounts.create(subtype), "invalid_subtype");
    let card_as_asset = NewAccount::new("Assets:Card", AccountKind::Asset, "EUR")
        .subtype(AccountSubtype::CreditCard);
    expect_code(accounts.create(card_as_asset), "invalid_subtype");
    for bad in ["Assets::Cash", "", ":Assets", "Assets: Cash", "Assets:"] {
        let created = accounts.create(NewAccount::new(bad, AccountKind::Asset, "EUR"));
        expect_code(created, "invalid_account_path");
    }
    expect_code(
        accounts.create(NewAccount::new("Assets:Gold", AccountKind::Asset, "XAUQ")),
        "unknown_commodity",
    );
    assert_eq!(
        book.audit_log(crate::PageRequest::default()).expect("audit").total,
        before,
        "refused account writes leave no audit row"
    );
    assert_eq!(accounts.list().expect("list").len(), want.len(), "refused writes create nothing");
    expect_code(accounts.get(crate::AccountId(777_777)), "account_not_found");
    expect_code(accounts.by_path("Assets:Nowhere"), "account_not_found");
}

/// Renaming an account moves its descendants' paths; ids and postings stay.
pub fn scenario_rename_moves_descendants(make: fn() -> Engine) {
    let f = Fixture::new(make);
    f.add(NewTransaction::expense(day(2026, 1, 3), f.checking, f.groceries, dec!(20), "Shop"));
    let accounts = f.book.accounts();
    // A sibling whose name starts with the renamed account's name must not move.
    let foodie = NewAccount::new("Expenses:Foodie", AccountKind::Expense, "EUR");
    let foodie = accounts.create(foodie).expect("sibling").id;
    let before = f.audit_len();
    let rename = AccountUpdate { name: Some("Meals".to_owned()), ..AccountUpdate::default() };
    let meals = accounts.update(f.food, rename).expect("rename");
    assert_eq!(accounts.get(foodie).expect("sibling").path, "Expenses:Foodie");
    assert_eq!(
        (meals.id, meals.path.as_str(), meals.name.as_str()),
        (f.food, "Expenses:Meals", "Meals")
    );
    assert_eq!(accounts.get(f.groceries).expect("child").path, "Expenses:Meals:Groceries");
    assert_eq!(accounts.get(f.restaurants).expect("child").path, "Expenses:Meals:Restaurants");
    assert_eq!(accounts.by_path("Expenses:Meals:Groceries").expect("new path").id, f.groceries);
    expect_code(accounts.by_path("Expenses:Food:Groceries"), "account_not_found");
    assert_eq!(accounts.get(f.rent).expect("untouched").path, "Expenses:Rent");
    assert_eq!(f.audit_len() - before, 3, "an audit row for the account and each descendant");
    let entry = f.last_audit();
    assert_eq!((entry.action, entry.entity), (AuditAction::Update, EntityKind::Account));

    let row = f.balance_row(f.groceries, None);
    assert_eq!((row.path.as_str(), row.total), ("Expenses:Meals:Groceries", dec!(20)));
    assert_eq!(f.total(f.food), dec!(20));

    let before = f.audit_len();
    let clash = AccountUpdate { name: Some("Rent".to_owned()), ..AccountUpdate::default() };
    expect_code(accounts.update(f.food, clash), "duplicate_account_name");
    let colon = AccountUpdate { name: Some("A:B".to_owned()), ..AccountUpdate::default() };
    expect_code(accounts.update(f.food, colon), "invalid_account_path");
    assert_eq!(f.audit_len(), before);
    assert_eq!(accounts.get(f.groceries).expect("child").path, "Expenses:Meals:Groceries");

    let root = AccountUpdate { name: Some("Spending".to_owned()), ..AccountUpdate::default() };
    let expenses = accounts.by_path("Expenses").expect("root").id;
    accounts.update(expenses, root).expect("rename root");
    assert_eq!(accounts.get(f.groceries).expect("grandchild").path, "Spending:Meals:Groceries");
    let paths: Vec<String> = accounts.list().expect("list").into_iter().map(|a| a.path).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "list stays in path order after renames");

    let other = AccountUpdate {
        institution: Some(Some("Bank".to_owned())),
        color: Some(Some("#00aa00".to_owned())),
        icon: Some(Some("cart".to_owned())),
        archived: Some(true),
        include_in_net_worth: Some(true),
        ..AccountUpdate::default()
    };
    let updated = accounts.update(f.groceries, other).expect("update fields");
    let stored = accounts.get(f.groceries).expect("get");
    assert_eq!(stored, updated);
    assert_eq!(stored.color.as_deref(), Some("#00aa00"));
    assert_eq!(stored.icon.as_deref(), Some("cart"));
    assert!(stored.archived && stored.include_in_net_worth);
}

/// Postings outside an account's open dates are refused; reopening allows them again.
pub fn scenario_closed_account_rejects_postings(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let accounts = f.book.accounts();
    let txs = f.book.transactions();
    let late =
        f.add(NewTransaction::expense(day(2026, 2, 1), f.cash, f.household, dec!(4), "Late"));
    txs.delete(late.id, EditOptions::default()).expect("delete");

    let closed = accounts.close(f.cash, day(2026, 1, 31)).expect("close");
    assert_eq!(closed.closed_on, Some(day(2026, 1, 31)));
    assert_eq!(accounts.get(f.cash).expect("get").closed_on, Some(day(2026, 1, 31)));
    f.add(NewTransaction::expense(day(2026, 1, 31), f.cash, f.household, dec!(3), "Last day"));
    let before = f.audit_len();
    let after_close =
        NewTransaction::expense(day(2026, 2, 1), f.cash, f.household, dec!(3), "Too late");
    let err = expect_code(txs.add(after_close), "account_closed");
    assert_eq!(err.field().as_deref(), Some("splits[1].account_id"));
    assert!(err.to_string().contains("Assets:Cash"), "{err}");
    expect_code(txs.restore(late.id), "account_closed");
    assert!(txs.get(late.id).expect("still deleted").deleted);
    assert_eq!(f.audit_len(), before, "refused postings leave no audit row");

    let opened = AccountUpdate { opened_on: Some(Some(day(2026, 1, 10))), ..Default::default() };
    accounts.update(f.household, opened).expect("set opened_on");
    let early = NewTransaction::expense(day(2026, 1, 9), f.checking, f.household, dec!(1), "Early");
    expect_code(txs.add(early), "account_closed");
    let backwards = AccountUpdate { closed_on: Some(Some(day(2026, 1, 1))), ..Default::default() };
    expect_code(accounts.update(f.household, backwards), "closed_before_opened");

    let reopen = AccountUpdate { closed_on: Some(None), ..Default::default() };
    assert_eq!(accounts.update(f.cash, reopen).expect("reopen").closed_on, None);
    assert_eq!(accounts.get(f.cash).expect("get").closed_on, None);
    txs.restore(late.id).expect("restore after reopening");
    assert_eq!(f.total(f.cash), dec!(-7));
}

/// Built-in currencies keep their ISO 4217 scale: JPY 0, EUR 2, BHD 3.
pub fn scenario_currency_scales(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let accounts = f.book.accounts();
    let create = |path: &str, kind: AccountKind, code: &str| {
        accounts.create(NewAccount::new(path, kind, code)).expect("account").id
    };
    let yen = create("Assets:Yen", AccountKind::Asset, "JPY");
    let travel = create("Expenses:Travel", AccountKind::Expense, "JPY");
    let dinar = create("Assets:Dinar", AccountKind::Asset, "BHD");
    let fees = create("Expenses:Fees", AccountKind::Expense, "BHD");
    let txs = f.book.transactions();
    let d = day(2026, 3, 1);

    let ramen = f.add(NewTransaction::expense(d, yen, travel, dec!(1500), "Ramen"));
    assert_eq!(ramen.splits[0].amount, dec!(1500));
    let before = f.audit_len();
    let err = expect_code(
        txs.add(NewTransaction::expense(d, yen, travel, dec!(1.5), "x")),
        "too_many_decimals",
    );
    assert_eq!(err.field().as_deref(), Some("splits[0].amount"));
    let message = err.to_string();
    assert!(message.contains("1.5") && message.contains("JPY"), "{message}");
    assert_eq!(f.audit_len(), before);

    let fee = f.add(NewTransaction::expense(d, dinar, fees, dec!(1.234), "Fee"));
    assert_eq!(fee.splits[1].amount, dec!(-1.234));
    let err = expect_code(
        txs.add(NewTransaction::expense(d, dinar, fees, dec!(1.2345), "x")),
        "too_many_decimals",
    );
    assert!(err.to_string().contains("BHD"), "{err}");
    expect_code(
        txs.add(NewTransaction::expense(d, f.cash, f.rent, dec!(12.345), "x")),
        "too_many_decimals",
    );
    let trailing =
        f.add(NewTransaction::expense(d, f.cash, f.rent, dec!(12.500), "Trailing zeros"));
    assert_eq!(trailing.splits[0].amount, dec!(12.5));

    let rows = f.balances(None);
    let find =
        |id: crate::AccountId| rows.iter().find(|r| r.account_id == id).expect("row").clone();
    assert_eq!((find(yen).total, find(yen).commodity.as_str()), (dec!(-1500), "JPY"));
    assert_eq!((find(dinar).total, find(dinar).commodity.as_str()), (dec!(-1.234), "BHD"));
    assert_eq!(find(fees).total, dec!(1.234));
    assert_eq!(f.total(f.cash), dec!(-12.5));

    let assertion = crate::NewBalanceAssertion {
        account_id: yen,
        date: d,
        amount: dec!(-1500.5),
        commodity: None,
    };
    expect_code(accounts.add_assertion(assertion), "too_many_decimals");
}

/// A user-defined commodity declares its own scale; BTC keeps 8 decimals exactly.
pub fn scenario_user_commodity_btc(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let commodities = f.book.commodities();
    let btc = commodities
        .define(NewCommodity::new("BTC", "Bitcoin", 8, CommodityKind::Crypto))
        .expect("define BTC");
    assert_eq!((btc.scale, btc.builtin), (8, false));
    assert_eq!(commodities.get("BTC").expect("get"), btc);
    assert_eq!(commodities.list().expect("list"), vec![btc.clone()]);
    assert_eq!(commodities.get("JPY").expect("builtin").scale, 0);
    assert_eq!(commodities.get("BHD").expect("builtin").scale, 3);
    assert_eq!(commodities.get("CLF").expect("builtin").scale, 4);
    let entry = f.last_audit();
    assert_eq!((entry.action, entry.entity), (AuditAction::Create, EntityKind::Commodity));

    let again = NewCommodity::new("BTC", "Bitcoin again", 2, CommodityKind::Crypto);
    expect_code(commodities.define(again), "commodity_exists");
    expect_code(
        commodities.define(NewCommodity::new("USD", "Dollar", 2, CommodityKind::Currency)),
        "commodity_exists",
    );
    expect_code(
        commodities.define(NewCommodity::new("btc", "lower", 8, CommodityKind::Crypto)),
        "invalid_commodity_code",
    );
    expect_code(
        commodities.define(NewCommodity::new("ETH", "Ether", 19, CommodityKind::Crypto)),
        "invalid_scale",
    );
    assert_eq!(commodities.list().expect("list").len(), 1);

    let accounts = f.book.accounts();
    let create = |path: &str, kind: AccountKind| {
        let new = NewAccount::new(path, kind, "BTC");
        let new =
            if kind == AccountKind::Asset { new.subtype(AccountSubtype::Wallet) } else { new };
        accounts.create(new).expect("BTC account").id
    };
    let cold = create("Assets:Crypto:Cold", AccountKind::Asset);
    let hot = create("Assets:Crypto:Hot", AccountKind::Asset);
    let genesis = create("Equity:Crypto", AccountKind::Equity);
    let d = day(2026, 3, 3);
    let stack = dec!(12345678.87654321);
    f.add(NewTransaction::transfer(d, genesis, cold, stack));
    let sat = f.add(NewTransaction::transfer(d, cold, hot, dec!(0.00000001)));
    let stored = f.book.transactions().get(sat.id).expect("get");
    let hot_split = stored.splits.iter().find(|s| s.account_id == hot).expect("hot split");
    assert_eq!((hot_split.amount, hot_split.commodity.as_str()), (dec!(0.00000001), "BTC"));
    assert_eq!(hot_split.amount.normalize().to_string(), "0.00000001");
    let row = |id| {
        f.balances(None)
            .into_iter()
            .find(|r| r.account_id == id && r.commodity == "BTC")
            .expect("row")
    };
    assert_eq!(row(hot).total, dec!(0.00000001));
    assert_eq!(row(cold).total, dec!(12345678.87654320));
    assert_eq!(row(accounts.by_path("Assets:Crypto").expect("parent").id).total, stack);
    let register = accounts.register(hot, false, crate::PageRequest::default()).expect("register");
    assert_eq!(register.items[0].balance, dec!(0.00000001));

    let txs = f.book.transactions();
    let dust = NewTransaction::transfer(d, cold, hot, dec!(0.000000001));
    assert!(expect_code(txs.add(dust), "too_many_decimals").to_string().contains("BTC"));
    // The documented limit at scale 8 is i64::MAX minor units: 92233720368.54775807. Fresh
    // accounts keep every stored sum within that limit too.
    let max = dec!(92233720368.54775807);
    let whale = create("Assets:Crypto:Whale", AccountKind::Asset);
    let whale_source = create("Equity:Whale", AccountKind::Equity);
    let big = f.add(NewTransaction::transfer(d, whale_source, whale, max));
    assert_eq!(txs.get(big.id).expect("get").splits[0].amount, max);
    assert_eq!(row(whale).total, max);
    assert_eq!(row(whale_source).total, -max);
    let over = NewTransaction::transfer(d, whale_source, whale, max + dec!(0.00000001));
    expect_code(txs.add(over), "amount_out_of_range");
}

/// Amounts beyond the storable range and unknown commodities are refused, never rounded.
pub fn scenario_amount_limits_and_unknown_commodities(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let d = day(2026, 3, 4);
    let before = f.audit_len();
    // EUR is stored at scale 2 in an i64: the largest amount is 92233720368547758.07.
    let huge = dec!(100000000000000000);
    let err = expect_code(
        txs.add(NewTransaction::expense(d, f.cash, f.rent, huge, "x")),
        "amount_out_of_range",
    );
    assert!(err.field().is_some_and(|field| field.ends_with("amount")), "{err}");
    let limit = dec!(92233720368547758.07);
    let big = f.add(NewTransaction::transfer(d, f.opening, f.savings, limit));
    assert_eq!(txs.get(big.id).expect("get").splits[0].amount, limit);

    let unknown = NewTransaction::new(
        d,
        vec![
            NewSplit::new(f.rent, dec!(5)).commodity("QQQX"),
            NewSplit::new(f.household, dec!(-5)).commodity("QQQX"),
        ],
    );
    let err = expect_code(txs.add(unknown), "unknown_commodity");
    assert_eq!(err.field().as_deref(), Some("splits[0].commodity"));
    let mismatch = NewTransaction::new(
        d,
        vec![
            NewSplit::new(f.checking, dec!(5)).commodity("USD"),
            NewSplit::new(f.rent, dec!(-5)).commodity("USD"),
        ],
    );
    expect_code(txs.add(mismatch), "commodity_mismatch");
    let mut bad_price = NewTransaction::transfer(d, f.cash, f.checking, dec!(1));
    bad_price.splits[0] = bad_price.splits[0].clone().price(dec!(1.1), "ZZZQ");
    expect_code(txs.add(bad_price), "unknown_commodity");
    assert_eq!(f.audit_len() - before, 1, "only the accepted transaction is audited");
    assert_eq!(f.all_ids(), vec![big.id]);
    assert_eq!(f.total(f.savings), limit);
    assert_eq!(f.total(f.opening), -limit);
    assert_eq!(f.total(f.rent), Decimal::ZERO);
}
