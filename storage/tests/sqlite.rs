//! The SQLite store: the shared conformance suite, plus what only a real database has
//! (migrations from every earlier schema, persistence, pragmas, exact integer storage).

use rust_decimal_macros::dec;
use std::sync::Arc;
use tally_core::{
    AccountKind, AccountSubtype, Engine, NewAccount, NewBook, NewTransaction, NewUser,
};
use tally_storage::{SqliteStore, SCHEMA_VERSION};

fn sqlite_engine() -> Engine {
    tally_storage::open_in_memory().expect("in-memory SQLite")
}

tally_core::store_conformance_tests!(sqlite_engine);

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Rows written with plain SQL in the shape of schema version 1, so every later migration has
/// real data to carry.
fn seed_v1(conn: &rusqlite::Connection) {
    conn.execute_batch(
        "INSERT INTO users (id, email, given_name, family_name, default_currency, locale, time_zone, created_at)
           VALUES (1, 'old@example.com', 'Old', 'Timer', 'EUR', 'en', 'UTC', '2024-01-01T00:00:00.000000Z');
         INSERT INTO books (id, name, owner_id, default_currency, created_at)
           VALUES (1, 'Legacy', 1, 'EUR', '2024-01-01T00:00:00.000000Z');
         INSERT INTO book_members (book_id, user_id, role) VALUES (1, 1, 'owner');
         INSERT INTO accounts (id, book_id, parent_id, name, path, kind, subtype, currency, include_in_net_worth, created_at)
           VALUES (1, 1, NULL, 'Assets', 'Assets', 'asset', 'other', 'EUR', 1, '2024-01-01T00:00:00.000000Z'),
                  (2, 1, 1, 'Checking', 'Assets:Checking', 'asset', 'checking', 'EUR', 1, '2024-01-01T00:00:00.000000Z'),
                  (3, 1, NULL, 'Expenses', 'Expenses', 'expense', 'other', 'EUR', 0, '2024-01-01T00:00:00.000000Z');
         INSERT INTO transactions (id, book_id, date, status, source, created_at, updated_at)
           VALUES (1, 1, '2024-02-01', 'cleared', 'manual', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z'),
                  (2, 1, '2024-02-03', 'void', 'manual', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z');
         INSERT INTO splits (transaction_id, book_id, account_id, date, commodity, amount_minor, counted)
           VALUES (1, 1, 3, '2024-02-01', 'EUR', 1250, 1), (1, 1, 2, '2024-02-01', 'EUR', -1250, 1),
                  (2, 1, 3, '2024-02-03', 'EUR', 999, 0), (2, 1, 2, '2024-02-03', 'EUR', -999, 0);",
    )
    .expect("seed v1");
}

#[test]
fn test_all_upgrades() {
    let latest = usize::try_from(SCHEMA_VERSION).expect("version");
    for start in 0..=latest {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("book.sqlite");
        let old = SqliteStore::open_at_version(&path, start).expect("open old version");
        assert_eq!(old.schema_version().expect("version"), i64::try_from(start).expect("v"));
        // Raw rows only make sense where a later migration will carry them (the totals of
        // version 2 are backfilled from splits); an up-to-date database is written by Tally.
        // Version 1 rows are raw splits that migration 2 totals; later versions add tables.
        let seeded = start == 1;
        if seeded {
            old.with_connection(seed_v1);
        }
        drop(old);
        let store = SqliteStore::open(&path).expect("upgrade");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let engine = Engine::new(Arc::new(store));
        if seeded {
            let book =
                engine.open_book(tally_core::BookId(1), tally_core::UserId(1)).expect("book");
            let balances = book.accounts().balances(None).expect("balances");
            let checking = balances.iter().find(|b| b.path == "Assets:Checking").expect("row");
            assert_eq!(checking.total, dec!(-12.50), "upgrade from v{start} keeps balances");
            let assets = balances.iter().find(|b| b.path == "Assets").expect("row");
            assert_eq!(assets.total, dec!(-12.50));
            let register = book
                .accounts()
                .register(tally_core::AccountId(2), false, tally_core::PageRequest::default())
                .expect("register");
            assert_eq!(register.total, 1, "the void transaction does not count");
        } else {
            let user = engine.users().create(NewUser::new("n@example.com", "N", "M", "EUR"));
            assert!(user.is_ok(), "a new database works after migrating from empty");
        }
    }
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.sqlite");
    drop(SqliteStore::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute("INSERT INTO schema_version (version) VALUES (?1)", [SCHEMA_VERSION + 1])
        .expect("bump");
    drop(conn);
    let err = SqliteStore::open(&path).expect_err("newer schema");
    assert_eq!(err.code(), "schema_too_new");
}

#[test]
fn a_book_persists_and_pragmas_are_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.sqlite");
    let (book_id, user_id) = {
        let engine = tally_storage::open(&path).expect("open");
        let user =
            engine.users().create(NewUser::new("p@example.com", "P", "Q", "JPY")).expect("user");
        let book = engine.create_book(NewBook::new("Yen", user.id, "JPY")).expect("book");
        let cash = book
            .accounts()
            .create(
                NewAccount::new("Assets:Cash", AccountKind::Asset, "JPY")
                    .subtype(AccountSubtype::Cash),
            )
            .expect("cash");
        let food = book
            .accounts()
            .create(NewAccount::new("Expenses:Food", AccountKind::Expense, "JPY"))
            .expect("food");
        book.transactions()
            .add(NewTransaction::expense(day(2026, 4, 1), cash.id, food.id, dec!(1500), "Ramen"))
            .expect("add");
        (book.id(), user.id)
    };
    let store = SqliteStore::open(&path).expect("reopen");
    store.with_connection(|c| {
        let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
        assert_eq!(mode, "wal");
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
        assert_eq!(fk, 1);
        let timeout: i64 = c.query_row("PRAGMA busy_timeout", [], |r| r.get(0)).expect("busy");
        assert!(timeout >= 1000);
        let minor: i64 = c
            .query_row("SELECT amount_minor FROM splits WHERE amount_minor > 0", [], |r| r.get(0))
            .expect("split");
        assert_eq!(minor, 1500, "JPY has no minor unit: 1500 yen is stored as 1500");
        let non_integer: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM splits WHERE typeof(amount_minor) != 'integer'",
                [],
                |r| r.get(0),
            )
            .expect("typeof");
        assert_eq!(non_integer, 0);
    });
    let engine = Engine::new(Arc::new(store));
    let book = engine.open_book(book_id, user_id).expect("open book");
    let food = book.accounts().by_path("Expenses:Food").expect("food");
    let balances = book.accounts().balances(None).expect("balances");
    let row = balances.iter().find(|b| b.account_id == food.id).expect("row");
    assert_eq!(row.total, dec!(1500));
}

#[test]
fn totals_never_overflow_into_a_float() {
    let engine = sqlite_engine();
    let user = engine.users().create(NewUser::new("o@example.com", "O", "F", "EUR")).expect("user");
    let book = engine.create_book(NewBook::new("Big", user.id, "EUR")).expect("book");
    let a =
        book.accounts().create(NewAccount::new("Assets:A", AccountKind::Asset, "EUR")).expect("a");
    let e = book
        .accounts()
        .create(NewAccount::new("Expenses:E", AccountKind::Expense, "EUR"))
        .expect("e");
    let big = dec!(90000000000000000.00);
    book.transactions()
        .add(NewTransaction::expense(day(2026, 1, 1), a.id, e.id, big, "x"))
        .expect("first");
    let err = book
        .transactions()
        .add(NewTransaction::expense(day(2026, 1, 2), a.id, e.id, big, "y"))
        .expect_err("the total would exceed i64 minor units");
    assert_eq!(err.code(), "amount_out_of_range");
    let message = err.to_string();
    let named =
        [a.id, e.id].iter().any(|id| message.contains(&format!("the balance of account {id} ")));
    assert!(named, "{message}");
    let balances = book.accounts().balances(None).expect("balances");
    let row = balances.iter().find(|b| b.account_id == e.id).expect("row");
    assert_eq!(row.total, big, "the failed write left nothing behind");
    let page = book
        .transactions()
        .search(&tally_core::TransactionFilter::default(), tally_core::PageRequest::default())
        .expect("search");
    assert_eq!(page.total, 1);
}

/// Deep register pages start from the day that holds them (seek on per-day counts); they must
/// be the very rows and running balances the reference store computes by walking everything.
#[test]
fn deep_register_pages_match_the_reference_store() {
    use tally_core::{PageRequest, SortOrder};
    let build = |engine: Engine| {
        let user =
            engine.users().create(NewUser::new("d@example.com", "D", "P", "EUR")).expect("user");
        let book = engine.create_book(NewBook::new("Deep", user.id, "EUR")).expect("book");
        let bank = book
            .accounts()
            .create(NewAccount::new("Assets:Bank", AccountKind::Asset, "EUR"))
            .expect("bank");
        let cash = book
            .accounts()
            .create(NewAccount::new("Assets:Cash", AccountKind::Asset, "EUR"))
            .expect("cash");
        let food = book
            .accounts()
            .create(NewAccount::new("Expenses:Food", AccountKind::Expense, "EUR"))
            .expect("food");
        let batch: Vec<NewTransaction> = (0..3000_i64)
            .map(|i| {
                let date = day(2025, 1, 1) + chrono::Duration::days(i % 400);
                let from = if i % 3 == 0 { cash.id } else { bank.id };
                let amount = rust_decimal::Decimal::new(100 + (i * 37) % 9000, 2);
                NewTransaction::expense(date, from, food.id, amount, &format!("Shop {}", i % 17))
            })
            .collect();
        book.transactions().add_batch(&batch).expect("batch");
        let assets = book.accounts().by_path("Assets").expect("assets");
        (book, assets.id)
    };
    let (sqlite, sqlite_assets) = build(sqlite_engine());
    let (memory, memory_assets) = build(Engine::in_memory());
    let view = |rows: Vec<tally_core::RegisterRow>| -> Vec<_> {
        rows.into_iter().map(|r| (r.date, r.payee, r.amount, r.balance, r.commodity)).collect()
    };
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        for offset in [0, 999, 1000, 1001, 1999, 2500, 2999, 3000, 4000] {
            let page = PageRequest { offset, limit: 100, order };
            let a = sqlite.accounts().register(sqlite_assets, true, page).expect("sqlite");
            let b = memory.accounts().register(memory_assets, true, page).expect("memory");
            assert_eq!(a.total, b.total);
            assert_eq!(view(a.items), view(b.items), "{order:?} page at offset {offset}");
        }
    }
}

/// Two engines on one file: each engine keeps its own rate table, built after its own writes
/// from what it wrote, and must still see the other's writes.
#[test]
fn rate_tables_follow_writes_of_another_engine() {
    use tally_core::{LoadOptions, LookupOptions, Rate};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.sqlite");
    let first = tally_storage::open(&path).expect("open");
    let user = first.users().create(NewUser::new("r@example.com", "R", "S", "EUR")).expect("user");
    let book_a = first.create_book(NewBook::new("Rates", user.id, "EUR")).expect("book");
    let second = tally_storage::open(&path).expect("open again");
    let book_b = second.open_book(book_a.id(), user.id).expect("open book");

    let ecb = "Date,USD,JPY,\n2026-10-30,1.1172,175.68,\n2026-10-29,1.1130,175.92,\n";
    book_a.rates().load(ecb.as_bytes(), &LoadOptions::default()).expect("load");
    // The first table after a write is built from the one before plus the write.
    let table = book_a.rates().table().expect("table");
    assert_eq!(table.len(), 4);
    // A write of the other engine moves the version by one more: this engine reads it back.
    let friday = day(2026, 10, 30);
    book_b.rates().add(Rate::new("EUR", "GBP", friday, dec!(0.8338), "manual")).expect("add");
    let table = book_a.rates().table().expect("table");
    assert_eq!(table.stored("EUR", "GBP", friday), Some((dec!(0.8338), "manual")));
    // And this engine's next write starts from that table.
    book_a.rates().add(Rate::new("EUR", "USD", friday, dec!(1.12), "manual")).expect("add");
    let table = book_a.rates().table().expect("table");
    assert_eq!(table.len(), 5);
    assert_eq!(table.stored("EUR", "USD", friday), Some((dec!(1.12), "manual")));
    assert_eq!(table.stored("EUR", "GBP", friday), Some((dec!(0.8338), "manual")));
    let quote = book_a.rates().lookup("GBP", "USD", friday, LookupOptions::default());
    assert_eq!(quote.expect("cross").path.len(), 2);
    // The other engine, whose last table is from before, sees it all too.
    assert_eq!(book_b.rates().table().expect("table").len(), 5);
}

/// An import with rules writes a decision for every new line through the batched decision
/// writer: several full statements of rows and a remainder written a row at a time, each
/// decision on its own transaction (rule or nobody, as the line's payee says).
#[test]
fn an_import_stores_every_decision_in_batches() {
    use tally_core::categorization::DecidedBy;
    use tally_core::import::csv::{Column, CsvProfile};
    use tally_core::import::plan::ImportOptions;
    use tally_core::import::read::ParseOptions;
    use tally_core::import::StatementFormat;

    let engine = sqlite_engine();
    let user = engine.users().create(NewUser::new("d@example.com", "D", "D", "EUR")).expect("user");
    let book = engine.create_book(NewBook::new("Decisions", user.id, "EUR")).expect("book");
    let accounts = book.accounts();
    let checking =
        accounts.create(NewAccount::new("Assets:Checking", AccountKind::Asset, "EUR")).expect("a");
    let inbox = accounts
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("inbox");
    let mut categories = Vec::new();
    let mut rules = Vec::new();
    for k in 0..3 {
        let path = format!("Expenses:Cat{k}");
        categories.push(
            accounts.create(NewAccount::new(&path, AccountKind::Expense, "EUR")).expect("c").id,
        );
        let rule = tally_core::NewRule::payee_contains(&format!("Shop{k}"), &path);
        rules.push(book.categorizer().create_rule(rule).expect("rule").id);
    }
    // 150 lines: two statements of 64 rows and 22 single rows; payee `Other` matches no rule.
    let n = 150;
    let mut csv = String::from("Date,Description,Amount,Id\n");
    for i in 0..n {
        let payee = if i % 4 == 3 { "Other".to_owned() } else { format!("Shop{}", i % 4) };
        csv.push_str(&format!(
            "2026-10-{:02},{payee},-{}.{:02},id{i}\n",
            1 + i % 28,
            1 + i,
            i % 100
        ));
    }
    let parse = ParseOptions {
        format: Some(StatementFormat::Csv),
        file_name: Some("bank.csv".to_owned()),
        csv: Some(CsvProfile {
            delimiter: Some(','),
            has_header: Some(true),
            date: Some(Column::from("Date")),
            date_format: Some("%Y-%m-%d".to_owned()),
            amount: Some(Column::from("Amount")),
            payee: vec![Column::from("Description")],
            bank_id: Some(Column::from("Id")),
            account_currency: Some("EUR".to_owned()),
            ..CsvProfile::default()
        }),
        ..ParseOptions::default()
    };
    let result = book
        .imports()
        .import_file(csv.as_bytes(), &parse, &ImportOptions::new(checking.id, inbox.id))
        .expect("import");
    assert_eq!((result.new, result.committed), (n, true));
    assert_eq!(result.lines.len(), 150);
    for (i, line) in result.lines.iter().enumerate() {
        let id = line.transaction_id.expect("written");
        let decision = book.categorizer().decision(id).expect("read").expect("a decision");
        assert_eq!(decision.transaction_id, id, "line {i}");
        let tx = book.transactions().get(id).expect("transaction");
        let category = tx.splits.iter().find(|s| s.account_id != checking.id).expect("counter");
        if i % 4 == 3 {
            assert_eq!(decision.decided_by, DecidedBy::None, "line {i}");
            assert_eq!(category.account_id, inbox.id, "line {i}");
        } else {
            assert_eq!(decision.decided_by, DecidedBy::Rule(rules[i % 4]), "line {i}");
            assert_eq!(category.account_id, categories[i % 4], "line {i}");
        }
    }
}
