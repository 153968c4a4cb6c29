//! Scenarios of the questions asked of a ledger (balances, register, search, spending by
//! category, balance assertions), of the audit log, and of page limits. Most run on the same
//! quarter of activity, [`seed_quarter`], whose expected figures are worked out by hand.

use super::{day, everything, expect_code, start_time, Fixture};
use crate::{
    AccountBalance, AccountId, AuditAction, EditOptions, Engine, EntityKind, NewAccount,
    NewBalanceAssertion, NewTransaction, PageRequest, Role, SortOrder, Source, Status, Transaction,
    TransactionFilter, TransactionId,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Writes nine transactions over January to March 2026 and returns them in order (so
/// `seed[0]` is "transaction 1" of the comments below).
///
/// ```text
/// 1 Jan 05 salary 3000.00 -> checking          ACME Corp     tag salary
/// 2 Jan 10 checking -> groceries 50.25         Fresh Market  tag food
/// 3 Jan 10 checking -> restaurants 20.00       Trattoria
/// 4 Jan 20 card -> restaurants 30.00           Sushi Bar     tag food, pending
/// 5 Feb 01 checking -> savings 500.00          "Monthly savings"
/// 6 Feb 03 cash -> Expenses:Food 5.00          Kiosk
/// 7 Feb 14 card -> groceries 40.00, household 15.50, restaurants 4.50   Hypermarket
///          tag food, import, external id card-77
/// 8 Mar 01 checking -> rent 1000.00            Landlord      "March rent", tag home
/// 9 Mar 02 salary 3000.00 -> checking          ACME Corp     tag salary
/// ```
pub fn seed_quarter(f: &Fixture) -> Vec<Transaction> {
    let parts =
        [(f.groceries, dec!(40.00)), (f.household, dec!(15.50)), (f.restaurants, dec!(4.50))];
    let txs = vec![
        NewTransaction::income(day(2026, 1, 5), f.checking, f.salary, dec!(3000), "ACME Corp")
            .tag("salary"),
        NewTransaction::expense(
            day(2026, 1, 10),
            f.checking,
            f.groceries,
            dec!(50.25),
            "Fresh Market",
        )
        .tag("food"),
        NewTransaction::expense(day(2026, 1, 10), f.checking, f.restaurants, dec!(20), "Trattoria"),
        NewTransaction::expense(day(2026, 1, 20), f.card, f.restaurants, dec!(30), "Sushi Bar")
            .tag("food")
            .status(Status::Pending),
        NewTransaction::transfer(day(2026, 2, 1), f.checking, f.savings, dec!(500))
            .narration("Monthly savings"),
        NewTransaction::expense(day(2026, 2, 3), f.cash, f.food, dec!(5), "Kiosk"),
        NewTransaction::split_purchase(day(2026, 2, 14), f.card, "Hypermarket", &parts)
            .tag("food")
            .source(Source::Import)
            .external_id("card-77"),
        NewTransaction::expense(day(2026, 3, 1), f.checking, f.rent, dec!(1000), "Landlord")
            .narration("March rent")
            .tag("home"),
        NewTransaction::income(day(2026, 3, 2), f.checking, f.salary, dec!(3000), "ACME Corp")
            .tag("salary"),
    ];
    txs.into_iter().map(|tx| f.add(tx)).collect()
}

fn row<'a>(rows: &'a [AccountBalance], f: &Fixture, path: &str) -> &'a AccountBalance {
    let id = f.book.accounts().by_path(path).expect("path").id;
    rows.iter()
        .find(|r| r.account_id == id && r.commodity == "EUR")
        .unwrap_or_else(|| panic!("no balance row for {path}"))
}

/// Asserts `(own, total)` of each path in `rows`.
#[track_caller]
fn assert_rows(rows: &[AccountBalance], f: &Fixture, want: &[(&str, Decimal, Decimal)]) {
    for (path, own, total) in want {
        let r = row(rows, f, path);
        assert_eq!((r.own, r.total), (*own, *total), "{path} (own, total)");
        assert_eq!(r.path, *path);
    }
}

/// Balances as of a date, per account, with descendants rolled up into parents.
pub fn scenario_balances_as_of_with_rollup(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let before_any = f.balances(Some(day(2025, 12, 31)));
    assert_eq!(
        before_any.len(),
        f.book.accounts().list().expect("list").len(),
        "a zero row per account"
    );
    assert!(before_any
        .iter()
        .all(|r| r.own.is_zero() && r.total.is_zero() && r.commodity == "EUR"));
    seed_quarter(&f);

    let jan = f.balances(Some(day(2026, 1, 31)));
    assert_rows(
        &jan,
        &f,
        &[
            ("Assets:Bank:Checking", dec!(2929.75), dec!(2929.75)),
            ("Assets:Bank:Savings", dec!(0), dec!(0)),
            ("Assets:Bank", dec!(0), dec!(2929.75)),
            ("Assets", dec!(0), dec!(2929.75)),
            ("Liabilities:Card", dec!(-30), dec!(-30)),
            ("Expenses:Food:Groceries", dec!(50.25), dec!(50.25)),
            ("Expenses:Food:Restaurants", dec!(50), dec!(50)),
            ("Expenses:Food", dec!(0), dec!(100.25)),
            ("Expenses", dec!(0), dec!(100.25)),
            ("Income:Salary", dec!(-3000), dec!(-3000)),
            ("Income", dec!(0), dec!(-3000)),
        ],
    );
    // The day boundary is inclusive: Feb 1 counts in Feb 1's balance but not Jan 31's.
    assert_eq!(row(&f.balances(Some(day(2026, 2, 1))), &f, "Assets:Bank:Savings").total, dec!(500));

    let feb = f.balances(Some(day(2026, 2, 28)));
    assert_rows(
        &feb,
        &f,
        &[
            ("Assets:Bank:Checking", dec!(2429.75), dec!(2429.75)),
            ("Assets:Bank:Savings", dec!(500), dec!(500)),
            ("Assets:Bank", dec!(0), dec!(2929.75)),
            ("Assets:Cash", dec!(-5), dec!(-5)),
            ("Assets", dec!(0), dec!(2924.75)),
            ("Liabilities", dec!(0), dec!(-90)),
            ("Expenses:Food:Groceries", dec!(90.25), dec!(90.25)),
            ("Expenses:Food:Restaurants", dec!(54.50), dec!(54.50)),
            ("Expenses:Food", dec!(5), dec!(149.75)),
            ("Expenses:Household", dec!(15.50), dec!(15.50)),
            ("Expenses:Rent", dec!(0), dec!(0)),
            ("Expenses", dec!(0), dec!(165.25)),
            ("Income", dec!(0), dec!(-3000)),
        ],
    );
    let all = f.balances(None);
    assert_rows(
        &all,
        &f,
        &[
            ("Assets:Bank:Checking", dec!(4429.75), dec!(4429.75)),
            ("Assets", dec!(0), dec!(4924.75)),
            ("Expenses:Rent", dec!(1000), dec!(1000)),
            ("Expenses", dec!(0), dec!(1165.25)),
            ("Income:Salary", dec!(-6000), dec!(-6000)),
            ("Equity:Opening", dec!(0), dec!(0)),
        ],
    );
    assert_eq!(f.balances(Some(day(2030, 1, 1))), all, "a late date equals all time");
    for rows in [&jan, &feb, &all] {
        let roots: Decimal = rows.iter().filter(|r| !r.path.contains(':')).map(|r| r.total).sum();
        assert_eq!(roots, Decimal::ZERO, "double entry: the roots sum to zero");
        let paths: Vec<(&str, &str)> =
            rows.iter().map(|r| (r.path.as_str(), r.commodity.as_str())).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted, "rows are sorted by path then commodity");
        assert_eq!(
            rows.len(),
            f.book.accounts().list().expect("list").len(),
            "one EUR row per account"
        );
    }
}

/// The register: one row per split with a running balance, sorted, paged, with descendants.
pub fn scenario_register_running_balance_and_paging(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let seed = seed_quarter(&f);
    let id = |n: usize| seed[n - 1].id;
    let accounts = f.book.accounts();
    let page = |offset: u64, limit: u32, order: SortOrder| PageRequest { offset, limit, order };
    let rows = |account: AccountId, descendants: bool, p: PageRequest| {
        accounts.register(account, descendants, p).expect("register")
    };
    let summary = |items: &[crate::RegisterRow]| -> Vec<(TransactionId, Decimal, Decimal)> {
        items.iter().map(|r| (r.transaction_id, r.amount, r.balance)).collect()
    };

    let asc = rows(f.checking, false, page(0, 100, SortOrder::Ascending));
    assert_eq!((asc.total, asc.offset), (6, 0));
    assert_eq!(
        summary(&asc.items),
        vec![
            (id(1), dec!(3000), dec!(3000)),
            (id(2), dec!(-50.25), dec!(2949.75)),
            (id(3), dec!(-20), dec!(2929.75)),
            (id(5), dec!(-500), dec!(2429.75)),
            (id(8), dec!(-1000), dec!(1429.75)),
            (id(9), dec!(3000), dec!(4429.75)),
        ]
    );
    let first = &asc.items[0];
    assert_eq!((first.date, first.payee.as_deref()), (day(2026, 1, 5), Some("ACME Corp")));
    assert_eq!(
        (first.account_id, first.commodity.as_str(), first.status),
        (f.checking, "EUR", Status::Cleared)
    );
    assert_eq!(first.split_id, seed[0].splits[0].id);
    assert_eq!(asc.items[4].narration.as_deref(), Some("March rent"));

    let desc = rows(f.checking, false, page(0, 100, SortOrder::Descending));
    let mut reversed = asc.items.clone();
    reversed.reverse();
    assert_eq!(desc.items, reversed, "descending is ascending reversed, balances included");
    let middle = rows(f.checking, false, page(2, 2, SortOrder::Ascending));
    assert_eq!((middle.total, middle.offset), (6, 2));
    assert_eq!(
        summary(&middle.items),
        vec![(id(3), dec!(-20), dec!(2929.75)), (id(5), dec!(-500), dec!(2429.75))]
    );
    let newest = rows(f.checking, false, page(0, 2, SortOrder::Descending));
    assert_eq!(
        summary(&newest.items),
        vec![(id(9), dec!(3000), dec!(4429.75)), (id(8), dec!(-1000), dec!(1429.75))]
    );
    let oldest = rows(f.checking, false, page(4, 10, SortOrder::Descending));
    assert_eq!(
        oldest.items.iter().map(|r| r.transaction_id).collect::<Vec<_>>(),
        vec![id(2), id(1)]
    );
    let past_end = rows(f.checking, false, page(50, 10, SortOrder::Ascending));
    assert!(past_end.items.is_empty());
    assert_eq!(past_end.total, 6);

    // A parent without its own postings: empty alone, everything with descendants.
    let bank = accounts.by_path("Assets:Bank").expect("bank").id;
    assert_eq!(rows(bank, false, page(0, 100, SortOrder::Ascending)).total, 0);
    let with_kids = rows(bank, true, page(0, 100, SortOrder::Ascending));
    assert_eq!(with_kids.total, 7, "six checking rows and one savings row");
    let mut running = Decimal::ZERO;
    for r in &with_kids.items {
        running += r.amount;
        assert_eq!(r.balance, running, "running balance across descendants");
        assert!(r.account_id == f.checking || r.account_id == f.savings);
    }
    assert_eq!(running, dec!(4929.75));
    let transfer_rows = with_kids.items.iter().filter(|r| r.transaction_id == id(5)).count();
    assert_eq!(transfer_rows, 2, "a transfer inside the subtree shows both legs");

    let food_alone = rows(f.food, false, page(0, 100, SortOrder::Ascending));
    assert_eq!(summary(&food_alone.items), vec![(id(6), dec!(5), dec!(5))]);
    let food = rows(f.food, true, page(0, 100, SortOrder::Ascending));
    assert_eq!(food.total, 6);
    assert_eq!(food.items.last().expect("rows").balance, dec!(149.75));
    let dates: Vec<_> = food.items.iter().map(|r| (r.date, r.transaction_id, r.split_id)).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "rows are ordered by date, transaction, split");
    expect_code(
        accounts.register(AccountId(123_123), false, PageRequest::default()),
        "account_not_found",
    );
}

fn ids_of(f: &Fixture, filter: &TransactionFilter) -> Vec<TransactionId> {
    let page = f.book.transactions().search(filter, super::all_ascending()).expect("search");
    assert_eq!(page.total, page.items.len() as u64);
    page.items.iter().map(|t| t.id).collect()
}

/// Transaction search with each filter alone and combined, paged.
pub fn scenario_search_filters(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let seed = seed_quarter(&f);
    let ids = |ns: &[usize]| ns.iter().map(|n| seed[n - 1].id).collect::<Vec<_>>();
    let any = TransactionFilter::default;
    let search = |filter: TransactionFilter| ids_of(&f, &filter);

    assert_eq!(search(any()), ids(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
    let newest = f.book.transactions().search(&any(), PageRequest::default()).expect("search");
    assert_eq!(newest.items[0].id, seed[8].id, "newest first by default");
    assert_eq!(newest.items.len(), 9);

    let feb = TransactionFilter {
        date_from: Some(day(2026, 2, 1)),
        date_to: Some(day(2026, 2, 28)),
        ..any()
    };
    assert_eq!(search(feb), ids(&[5, 6, 7]));
    assert_eq!(
        search(TransactionFilter { date_from: Some(day(2026, 3, 1)), ..any() }),
        ids(&[8, 9])
    );
    assert_eq!(
        search(TransactionFilter { date_to: Some(day(2026, 1, 10)), ..any() }),
        ids(&[1, 2, 3])
    );

    let bank = f.book.accounts().by_path("Assets:Bank").expect("bank").id;
    assert_eq!(
        search(TransactionFilter { accounts: vec![bank], ..any() }),
        ids(&[1, 2, 3, 5, 8, 9])
    );
    assert_eq!(
        search(TransactionFilter { accounts: vec![f.food], ..any() }),
        ids(&[2, 3, 4, 6, 7])
    );
    assert_eq!(
        search(TransactionFilter { accounts: vec![f.savings, f.rent], ..any() }),
        ids(&[5, 8])
    );

    let text = |t: &str| TransactionFilter { text: Some(t.to_owned()), ..any() };
    assert_eq!(search(text("market")), ids(&[2, 7]), "payee, any case");
    assert_eq!(search(text("RENT")), ids(&[8]), "narration, any case");
    assert_eq!(search(text("Monthly Savings")), ids(&[5]));
    assert!(search(text("nothing like this")).is_empty());
    assert!(search(text("%")).is_empty(), "text is literal, not a LIKE pattern");
    assert!(search(text("_")).is_empty(), "text is literal, not a LIKE pattern");
    let cafe =
        f.add(NewTransaction::expense(day(2026, 3, 3), f.cash, f.food, dec!(3.80), "Café Müller"));
    assert_eq!(search(text("CAFÉ MÜLLER")), vec![cafe.id], "case folding beyond ASCII");
    f.book.transactions().delete(cafe.id, EditOptions::default()).expect("delete");

    let range = |min: Option<Decimal>, max: Option<Decimal>| TransactionFilter {
        amount_min: min,
        amount_max: max,
        ..any()
    };
    assert_eq!(
        search(range(Some(dec!(40)), Some(dec!(60)))),
        ids(&[2, 7]),
        "absolute split amounts"
    );
    assert_eq!(search(range(Some(dec!(1000)), None)), ids(&[1, 8, 9]));
    assert_eq!(search(range(None, Some(dec!(5)))), ids(&[6, 7]));
    let card_small =
        TransactionFilter { accounts: vec![f.card], amount_max: Some(dec!(40)), ..any() };
    assert_eq!(
        search(card_small),
        ids(&[4]),
        "the amount range applies to the filtered accounts' splits"
    );
    let inverted = range(Some(dec!(10)), Some(dec!(5)));
    expect_code(f.book.transactions().search(&inverted, PageRequest::default()), "invalid_field");

    let tags = |t: &[&str]| TransactionFilter {
        tags: t.iter().map(|s| (*s).to_owned()).collect(),
        ..any()
    };
    assert_eq!(search(tags(&["food"])), ids(&[2, 4, 7]));
    assert_eq!(search(tags(&["home", "salary"])), ids(&[1, 8, 9]), "any of the tags");
    assert!(search(tags(&["nope"])).is_empty());
    assert!(search(tags(&["foo"])).is_empty(), "tags match whole, not as substrings");
    assert!(search(tags(&["Food"])).is_empty(), "tags are case-sensitive");

    assert_eq!(search(TransactionFilter { statuses: vec![Status::Pending], ..any() }), ids(&[4]));
    let cleared_or_pending =
        TransactionFilter { statuses: vec![Status::Pending, Status::Cleared], ..any() };
    assert_eq!(search(cleared_or_pending).len(), 9);
    assert_eq!(search(TransactionFilter { sources: vec![Source::Import], ..any() }), ids(&[7]));
    assert!(search(TransactionFilter { sources: vec![Source::Sync], ..any() }).is_empty());

    let combined = TransactionFilter {
        date_from: Some(day(2026, 1, 1)),
        date_to: Some(day(2026, 1, 31)),
        accounts: vec![f.food],
        tags: vec!["food".to_owned()],
        ..any()
    };
    assert_eq!(search(combined.clone()), ids(&[2, 4]));
    assert_eq!(
        search(TransactionFilter { text: Some("sushi".to_owned()), ..combined.clone() }),
        ids(&[4])
    );
    let pending = TransactionFilter { statuses: vec![Status::Cleared], ..combined };
    assert_eq!(search(pending), ids(&[2]));

    let txs = f.book.transactions();
    let page = |offset: u64| PageRequest { offset, limit: 4, order: SortOrder::Ascending };
    let p1 = txs.search(&any(), page(0)).expect("page 1");
    let p2 = txs.search(&any(), page(4)).expect("page 2");
    let p3 = txs.search(&any(), page(8)).expect("page 3");
    assert_eq!((p1.total, p2.total, p3.total), (9, 9, 9));
    assert_eq!((p2.offset, p3.offset), (4, 8));
    let paged: Vec<_> = [p1, p2, p3].iter().flat_map(|p| p.items.iter().map(|t| t.id)).collect();
    assert_eq!(paged, ids(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));

    txs.delete(seed[2].id, EditOptions::default()).expect("delete 3");
    assert_eq!(search(any()), ids(&[1, 2, 4, 5, 6, 7, 8, 9]));
    let mut with_deleted = ids(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
    with_deleted.push(cafe.id);
    assert_eq!(search(everything()), with_deleted);
    let deleted_rows = txs.search(&everything(), PageRequest::default()).expect("search");
    assert!(deleted_rows.items.iter().any(|t| t.id == seed[2].id && t.deleted));
    let restaurants = TransactionFilter { accounts: vec![f.restaurants], ..any() };
    assert_eq!(search(restaurants.clone()), ids(&[4, 7]));
    assert_eq!(search(TransactionFilter { include_deleted: true, ..restaurants }), ids(&[3, 4, 7]));
    expect_code(
        txs.search(&TransactionFilter { accounts: vec![AccountId(404_404)], ..any() }, page(0)),
        "account_not_found",
    );
}

/// Spending and income by category for a period, rolled up the category tree.
pub fn scenario_spending_and_income_by_category(make: fn() -> Engine) {
    let f = Fixture::new(make);
    seed_quarter(&f);
    let reports = f.book.reports();
    let feb = reports.spending_by_category(day(2026, 2, 1), day(2026, 2, 28)).expect("spending");
    let got: Vec<_> = feb.iter().map(|r| (r.path.as_str(), r.depth, r.own, r.total)).collect();
    assert_eq!(
        got,
        vec![
            ("Expenses", 0, dec!(0), dec!(65.00)),
            ("Expenses:Food", 1, dec!(5), dec!(49.50)),
            ("Expenses:Food:Groceries", 2, dec!(40), dec!(40)),
            ("Expenses:Food:Restaurants", 2, dec!(4.50), dec!(4.50)),
            ("Expenses:Household", 1, dec!(15.50), dec!(15.50)),
        ],
        "categories without activity are left out"
    );
    assert!(feb.iter().all(|r| r.commodity == "EUR"));
    let jan = reports.spending_by_category(day(2026, 1, 1), day(2026, 1, 31)).expect("spending");
    let food = jan.iter().find(|r| r.account_id == f.food).expect("food");
    assert_eq!((food.own, food.total), (dec!(0), dec!(100.25)));
    let one_day = reports.spending_by_category(day(2026, 3, 1), day(2026, 3, 1)).expect("spending");
    let rent: Vec<_> = one_day.iter().map(|r| (r.path.as_str(), r.total)).collect();
    assert_eq!(
        rent,
        vec![("Expenses", dec!(1000)), ("Expenses:Rent", dec!(1000))],
        "bounds are inclusive"
    );

    // A refund is negative spending.
    f.add(NewTransaction::expense(day(2026, 2, 20), f.card, f.household, dec!(-5.50), "Refund"));
    let feb = reports.spending_by_category(day(2026, 2, 1), day(2026, 2, 28)).expect("spending");
    let household = feb.iter().find(|r| r.account_id == f.household).expect("household");
    assert_eq!(household.total, dec!(10));

    let march = reports.income_by_category(day(2026, 3, 1), day(2026, 3, 31)).expect("income");
    let got: Vec<_> = march.iter().map(|r| (r.path.as_str(), r.total)).collect();
    assert_eq!(
        got,
        vec![("Income", dec!(3000)), ("Income:Salary", dec!(3000))],
        "income is positive"
    );
    assert!(reports
        .income_by_category(day(2026, 2, 1), day(2026, 2, 28))
        .expect("income")
        .is_empty());
}

/// Balance assertions are checked on demand and report the actual balance and difference.
pub fn scenario_balance_assertions(make: fn() -> Engine) {
    let f = Fixture::new(make);
    seed_quarter(&f);
    let accounts = f.book.accounts();
    let assert_balance = |account: AccountId, date, amount| {
        let new = NewBalanceAssertion { account_id: account, date, amount, commodity: None };
        accounts.add_assertion(new).expect("add assertion")
    };
    let bank = accounts.by_path("Assets:Bank").expect("bank").id;
    let later = assert_balance(f.checking, day(2026, 3, 31), dec!(4000));
    let ok = assert_balance(f.checking, day(2026, 1, 31), dec!(2929.75));
    let parent = assert_balance(bank, day(2026, 2, 28), dec!(2929.75));
    assert_eq!(ok.commodity, "EUR");
    assert_eq!(f.last_audit().entity, EntityKind::BalanceAssertion);
    let listed = accounts.assertions().expect("list");
    assert_eq!(listed, vec![ok.clone(), parent.clone(), later.clone()], "by date");

    let results = accounts.check_assertions().expect("check");
    let got: Vec<_> =
        results.iter().map(|r| (r.assertion.id, r.passed, r.actual, r.difference)).collect();
    assert_eq!(
        got,
        vec![
            (ok.id, true, dec!(2929.75), dec!(0)),
            (parent.id, true, dec!(2929.75), dec!(0)),
            (later.id, false, dec!(4429.75), dec!(429.75)),
        ]
    );

    let bad = NewBalanceAssertion {
        account_id: f.checking,
        date: day(2026, 1, 1),
        amount: dec!(0.001),
        commodity: None,
    };
    expect_code(accounts.add_assertion(bad), "too_many_decimals");
    let nowhere = NewBalanceAssertion {
        account_id: AccountId(321_321),
        date: day(2026, 1, 1),
        amount: dec!(0),
        commodity: None,
    };
    expect_code(accounts.add_assertion(nowhere), "account_not_found");
    let unknown = NewBalanceAssertion {
        account_id: f.checking,
        date: day(2026, 1, 1),
        amount: dec!(0),
        commodity: Some("QQQX".to_owned()),
    };
    expect_code(accounts.add_assertion(unknown), "unknown_commodity");

    let audit = f.audit_len();
    accounts.delete_assertion(later.id).expect("delete assertion");
    assert_eq!(f.audit_len(), audit + 1);
    assert_eq!(f.last_audit().action, AuditAction::Delete);
    expect_code(accounts.delete_assertion(later.id), "assertion_not_found");
    assert!(accounts.check_assertions().expect("check").iter().all(|r| r.passed));
}

/// Every mutation leaves exactly one audit row per changed entity; failed writes leave none.
pub fn scenario_audit_every_mutation(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let accounts = f.book.accounts();
    let log = f.book.audit_log(PageRequest::first(10_000, SortOrder::Ascending)).expect("log");
    assert_eq!(log.items[0].entity, EntityKind::Book, "the book's creation is the first row");
    assert_eq!(
        log.total,
        1 + accounts.list().expect("list").len() as u64,
        "the book and each account"
    );
    assert!(log.items.iter().all(|e| e.at == start_time() && e.actor == f.owner.id));
    assert!(log.items.windows(2).all(|w| w[0].id < w[1].id), "ascending by id");

    let step =
        |what: &str, delta: u64, action: Option<(AuditAction, EntityKind)>, run: &dyn Fn()| {
            let before = f.audit_len();
            run();
            assert_eq!(f.audit_len(), before + delta, "audit rows written by {what}");
            if let Some(want) = action {
                let e = f.last_audit();
                assert_eq!((e.action, e.entity), want, "last audit row of {what}");
                assert_eq!((e.actor, e.book_id), (f.owner.id, f.book.id()));
            }
        };
    use AuditAction::{Create, CreateBatch, Delete, Restore, Update};
    use EntityKind::{Account, Transaction as Tx};
    let d = day(2026, 2, 15);
    let spend =
        |amount: Decimal| NewTransaction::expense(d, f.checking, f.groceries, amount, "Shop");
    step("nested account create", 2, Some((Create, Account)), &|| {
        accounts
            .create(NewAccount::new("Assets:Broker:Cash", crate::AccountKind::Asset, "EUR"))
            .expect("create");
    });
    step("account close", 1, Some((Update, Account)), &|| {
        accounts.close(f.cash, day(2026, 12, 31)).expect("close");
    });
    let tx = std::cell::Cell::new(TransactionId(0));
    step("add", 1, Some((Create, Tx)), &|| tx.set(f.add(spend(dec!(10))).id));
    assert_eq!(f.last_audit().entity_id, Some(tx.get().0));
    let logged = f.last_audit().after.expect("after");
    let amount = logged["splits"][0]["amount"].as_str().and_then(|a| a.parse::<Decimal>().ok());
    assert_eq!(amount, Some(dec!(10)), "the audit row holds the new transaction: {logged}");
    step("edit", 1, Some((Update, Tx)), &|| {
        txs.edit(tx.get(), spend(dec!(11)), EditOptions::default()).expect("edit");
    });
    step("set_status", 1, Some((Update, Tx)), &|| {
        txs.set_status(tx.get(), Status::Pending, EditOptions::default()).expect("status");
    });
    step("delete", 1, Some((Delete, Tx)), &|| {
        txs.delete(tx.get(), EditOptions::default()).expect("delete");
    });
    step("restore", 1, Some((Restore, Tx)), &|| {
        txs.restore(tx.get()).expect("restore");
    });
    step("reverse", 1, Some((Create, Tx)), &|| {
        txs.reverse(tx.get(), Some(d)).expect("reverse");
    });
    step("batch", 1, Some((CreateBatch, Tx)), &|| {
        txs.add_batch(&[spend(dec!(1)), spend(dec!(2)), spend(dec!(3))]).expect("batch");
    });
    step("add with external id", 1, Some((Create, Tx)), &|| {
        f.add(spend(dec!(4)).external_id("e-1"));
    });
    step("idempotent repeat", 0, None, &|| {
        f.add(spend(dec!(4)).external_id("e-1"));
    });
    let bob = f
        .engine
        .users()
        .create(crate::NewUser::new("bob@example.com", "Bob", "B", "EUR"))
        .expect("bob");
    step("add member", 1, Some((Create, EntityKind::Member)), &|| {
        f.book.add_member(bob.id, Role::Viewer).expect("member");
    });

    // Refused writes leave nothing.
    step("refused writes", 0, None, &|| {
        expect_code(txs.add(spend(dec!(1)).external_id("e-1")), "external_id_conflict");
        let mut unbalanced = spend(dec!(1));
        unbalanced.splits[0].amount = dec!(2);
        expect_code(txs.add(unbalanced.clone()), "unbalanced");
        expect_code(txs.add_batch(&[spend(dec!(1)), unbalanced]), "unbalanced");
        expect_code(txs.restore(tx.get()), "not_deleted");
        expect_code(txs.reverse(tx.get(), None), "already_reversed");
        let dup = NewAccount::new("Assets:Cash", crate::AccountKind::Asset, "EUR");
        expect_code(accounts.create(dup), "duplicate_account_name");
        let late = NewTransaction::expense(day(2027, 1, 1), f.cash, f.rent, dec!(1), "Late");
        expect_code(txs.add(late), "account_closed");
        expect_code(f.book.add_member(bob.id, Role::Member), "already_member");
        let viewer = f.engine.open_book(f.book.id(), bob.id).expect("bob opens");
        expect_code(viewer.transactions().add(spend(dec!(1))), "read_only");
    });
    let all = f.book.audit_log(PageRequest::first(10_000, SortOrder::Descending)).expect("log");
    assert!(all.items.windows(2).all(|w| w[0].id > w[1].id), "descending by default order");
    let ascending =
        f.book.audit_log(PageRequest::first(10_000, SortOrder::Ascending)).expect("log");
    let mut reversed = ascending.items.clone();
    reversed.reverse();
    assert_eq!(all.items, reversed);
}

/// Page limits outside 1 to 10000 are refused on every paged call.
pub fn scenario_page_limits(make: fn() -> Engine) {
    let f = Fixture::new(make);
    seed_quarter(&f);
    let txs = f.book.transactions();
    let accounts = f.book.accounts();
    for limit in [0, 10_001, u32::MAX] {
        let page = PageRequest { offset: 0, limit, order: SortOrder::Ascending };
        let err = expect_code(txs.search(&TransactionFilter::default(), page), "invalid_field");
        assert_eq!(err.field().as_deref(), Some("limit"));
        expect_code(accounts.register(f.checking, true, page), "invalid_field");
        expect_code(f.book.audit_log(page), "invalid_field");
    }
    let max = PageRequest { offset: 0, limit: 10_000, order: SortOrder::Ascending };
    assert_eq!(txs.search(&TransactionFilter::default(), max).expect("max page").items.len(), 9);
    assert_eq!(accounts.register(f.checking, true, max).expect("max page").items.len(), 6);
    let one = PageRequest { offset: 8, limit: 1, order: SortOrder::Ascending };
    let last = txs.search(&TransactionFilter::default(), one).expect("one row");
    assert_eq!((last.items.len(), last.total, last.offset), (1, 9, 8));
    let huge_offset = PageRequest { offset: u64::MAX, limit: 10, order: SortOrder::Descending };
    assert!(txs
        .search(&TransactionFilter::default(), huge_offset)
        .expect("past the end")
        .items
        .is_empty());
}
