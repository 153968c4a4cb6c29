//! The quickstart's figures. The Python, Node and mobile quickstarts must print the same ones.

use rust_decimal::Decimal;
use std::path::Path;
use tally_core::{NewBook, NewUser};

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

#[test]
fn sample_book_figures() {
    let engine = tally_storage::open_in_memory().expect("engine");
    let user = engine
        .users()
        .create(NewUser::new("sam@example.com", "Sam", "Rivera", "EUR"))
        .expect("user");
    let book = engine.create_book(NewBook::new("Household", user.id, "EUR")).expect("book");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let loaded = tally_examples::load_sample(&book, &data).expect("load");
    assert_eq!(loaded, tally_examples::Loaded { accounts: 14, transactions: 64 });

    let again = tally_examples::load_sample(&book, &data);
    assert_eq!(again.expect_err("accounts exist").code(), "duplicate_account_name");

    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
    let balances = book.accounts().balances(Some(day(10, 31))).expect("balances");
    let total = |path: &str| balances.iter().find(|b| b.path == path).expect(path).total;
    assert_eq!(total("Assets:Bank:Checking"), dec("5028.41"));
    assert_eq!(total("Assets:Bank:Savings"), dec("9521.25"));
    assert_eq!(total("Assets:Cash"), dec("181.05"));
    assert_eq!(total("Assets"), dec("14730.71"));
    assert_eq!(total("Liabilities:Credit Card"), dec("0.00"));
    assert_eq!(total("Expenses"), dec("5460.54"));
    assert_eq!(total("Income"), dec("-9621.25"));

    let october = book.reports().spending_by_category(day(10, 1), day(10, 31)).expect("report");
    let spent = |path: &str| october.iter().find(|c| c.path == path).expect(path).total;
    assert_eq!(spent("Expenses"), dec("1839.25"));
    assert_eq!(spent("Expenses:Food"), dec("492.45"));
    assert_eq!(spent("Expenses:Food:Groceries"), dec("396.65"));
    assert_eq!(spent("Expenses:Household"), dec("19.50"));
    assert_eq!(spent("Expenses:Housing"), dec("1254.30"));

    // The split purchase and the transfer are in the sample: three splits, and two asset legs.
    let megamart = book
        .transactions()
        .search(
            &tally_core::TransactionFilter {
                text: Some("megamart".to_owned()),
                ..Default::default()
            },
            tally_core::PageRequest::default(),
        )
        .expect("search");
    assert_eq!(megamart.total, 3);
    assert!(megamart.items.iter().all(|t| t.splits.len() == 3));
}
