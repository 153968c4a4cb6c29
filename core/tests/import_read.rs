//! One entry point for every format: detection from the bytes, parsing with the right reader,
//! and a whole file imported into a book through `imports().import_file`.

use rust_decimal_macros::dec;
use tally_core::import::plan::ImportOptions;
use tally_core::import::read::{detect, parse_statements, ParseOptions};
use tally_core::import::StatementFormat;
use tally_core::{AccountKind, Engine, NewAccount, NewBook, NewUser};

fn shared(path: &str) -> Vec<u8> {
    let full = format!("{}/../../shared/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

#[test]
fn every_format_is_detected_and_read() {
    let cases = [
        ("crate-ofx-rs/tests/fixtures/mercury-checking.ofx", StatementFormat::Ofx, 674),
        ("npm-ofx/test/data/example-xml.qfx", StatementFormat::Ofx, 1),
        ("camt053-newinnovations/doc/test-camt053.xml", StatementFormat::Camt053, 2),
        ("actual-loot-core/data-with-categories.qif", StatementFormat::Qif, 3),
        ("crate-mt940/tests/data/mt940/full/abnamro/mt940.sta", StatementFormat::Mt940, 0),
    ];
    for (path, format, lines) in cases {
        let Ok(bytes) =
            std::fs::read(format!("{}/../../shared/data/{path}", env!("CARGO_MANIFEST_DIR")))
        else {
            panic!("missing shared file {path}");
        };
        assert_eq!(detect(&bytes), Some(format), "{path}");
        let options = ParseOptions { file_name: Some(path.to_owned()), ..ParseOptions::default() };
        let statements =
            parse_statements(&bytes, &options).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(statements[0].format, format);
        if lines > 0 {
            assert_eq!(statements[0].lines.len(), lines, "{path}");
        }
    }
    let gocardless = br#"{"transactions": {"booked": [{"transactionId": "t1", "bookingDate": "2026-10-30",
        "transactionAmount": {"amount": "-12.50", "currency": "EUR"}, "creditorName": "Bakery"}], "pending": []}}"#;
    assert_eq!(detect(gocardless), Some(StatementFormat::GoCardless));
    let read = parse_statements(gocardless, &ParseOptions::default()).expect("gocardless");
    assert_eq!(
        (read[0].lines[0].amount, read[0].lines[0].payee.as_deref()),
        (dec!(-12.50), Some("Bakery"))
    );
    // A CSV is read with the profile suggested from its header when none is given.
    let csv = shared("reckon/spec/integration/another_bank_example/input.csv");
    assert_eq!(detect(&csv), None);
    let read =
        parse_statements(&csv, &ParseOptions::default()).expect("csv with a suggested profile");
    assert_eq!(read[0].lines.len(), 9);
    let err =
        parse_statements(b"hello\nworld\n", &ParseOptions::default()).expect_err("not a bank file");
    assert_eq!(err.code(), "unreadable_file");
}

/// A USD book with the Mercury checking account and an inbox category.
fn mercury_book() -> (tally_core::Book, tally_core::AccountId, tally_core::AccountId) {
    let engine = Engine::in_memory();
    let user = engine.users().create(NewUser::new("m@example.com", "M", "R", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Business", user.id, "USD")).expect("book");
    let create = |path: &str, kind| {
        book.accounts().create(NewAccount::new(path, kind, "USD")).expect(path).id
    };
    let checking = create("Assets:Mercury", AccountKind::Asset);
    let inbox = create("Expenses:Uncategorized", AccountKind::Expense);
    (book, checking, inbox)
}

#[test]
fn a_real_ofx_file_imports_once_and_its_balance_is_checked() {
    let (book, checking, inbox) = mercury_book();
    let bytes = shared("crate-ofx-rs/tests/fixtures/mercury-checking.ofx");
    let parse = ParseOptions {
        file_name: Some("mercury-checking.ofx".to_owned()),
        ..ParseOptions::default()
    };
    let options = ImportOptions::new(checking, inbox);
    let first = book.imports().import_file(&bytes, &parse, &options).expect("import");
    assert_eq!((first.new, first.committed), (674, true));
    let check = first.balance_check.expect("LEDGERBAL");
    assert_eq!(check.assertion.amount, dec!(1149.86));
    let again = book.imports().import_file(&bytes, &parse, &options).expect("again");
    assert_eq!((again.new, again.duplicates), (0, 674));
    let qif = shared("crate-qif_parser/data/autoswitch.qif");
    let err = book
        .imports()
        .import_file(&qif, &ParseOptions::default(), &options)
        .expect_err("3 accounts");
    assert_eq!(err.code(), "invalid_field");
}

#[test]
fn concurrent_imports_of_one_file_plan_each_line_once() {
    let (book, account, inbox) = mercury_book();
    let bytes = shared("crate-ofx-rs/tests/fixtures/mercury-checking.ofx");
    let statement = parse_statements(&bytes, &ParseOptions::default()).expect("parse").remove(0);
    let options = ImportOptions::new(account, inbox);
    let results: Vec<(u64, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let book = book.clone();
                let (statement, options) = (&statement, &options);
                scope.spawn(move || {
                    let r = book.imports().import(statement, options).expect("import");
                    (r.new, r.duplicates)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let new: u64 = results.iter().map(|r| r.0).sum();
    let duplicates: u64 = results.iter().map(|r| r.1).sum();
    assert_eq!((new, duplicates), (674, 3 * 674), "{results:?}");
}
