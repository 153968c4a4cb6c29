//! Scenarios of imports: fingerprints and idempotency, genuine duplicates, deleted lines,
//! matching manual entries, strict and lenient modes, dry runs, statement balances, undo.

use super::{day, Fixture};
use crate::import::plan::{ImportMode, ImportOptions, LineStatus};
use crate::import::{StatedBalance, Statement, StatementFormat, StatementLine};
use crate::{AccountKind, EditOptions, Engine, NewAccount, NewTransaction, TransactionFilter};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn line(n: u64, d: u32, amount: Decimal, payee: &str, bank_id: Option<&str>) -> StatementLine {
    let mut l = StatementLine::new(n, day(2026, 10, d), amount);
    l.payee = Some(payee.to_owned());
    l.bank_id = bank_id.map(str::to_owned);
    l
}

fn statement(lines: Vec<StatementLine>) -> Statement {
    let mut s = Statement::new(StatementFormat::Ofx, "october.ofx");
    s.account.currency = Some("EUR".to_owned());
    s.lines = lines;
    s
}

fn count(f: &Fixture) -> usize {
    f.book
        .transactions()
        .search(&TransactionFilter::default(), crate::PageRequest::default())
        .expect("search")
        .items
        .len()
}

/// A statement imports once: genuine identical rows stay, re-imports add nothing, deleted
/// lines stay deleted unless asked, a changed line is a conflict, undo removes the batch.
pub fn scenario_import_exactly_once(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let uncategorized = f
        .book
        .accounts()
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("uncategorized")
        .id;
    let options = ImportOptions::new(f.checking, uncategorized);
    let mut october = statement(vec![
        line(10, 1, dec!(2500.00), "ACME Payroll", Some("FIT-1")),
        line(14, 3, dec!(-4.20), "Bakery", None),
        line(18, 3, dec!(-4.20), "Bakery", None),
        line(22, 5, dec!(-61.90), "Fresh Market", Some("FIT-2")),
    ]);
    october.closing_balance =
        Some(StatedBalance { amount: dec!(2429.70), date: day(2026, 10, 5), currency: None });

    let plan = f
        .book
        .imports()
        .import(&october, &ImportOptions { dry_run: true, ..options.clone() })
        .expect("plan");
    assert_eq!((plan.new, plan.committed), (4, false));
    assert!(plan.balance_check.as_ref().is_some_and(|c| c.passed), "{:?}", plan.balance_check);
    assert_eq!(count(&f), 0, "a dry run writes nothing");

    let first = f.book.imports().import(&october, &options).expect("import");
    assert_eq!((first.new, first.duplicates, first.committed), (4, 0, true));
    assert_eq!(first.transaction_ids.len(), 4);
    assert_ne!(
        first.lines[1].fingerprint, first.lines[2].fingerprint,
        "two genuine rows, two prints"
    );
    let check = first.balance_check.clone().expect("closing balance checked");
    assert!(check.passed && check.actual == dec!(2429.70), "{check:?}");
    let tx = f.book.transactions().get(first.transaction_ids[3]).expect("get");
    assert_eq!((tx.payee.as_deref(), tx.source), (Some("Fresh Market"), crate::Source::Import));

    for _ in 0..100 {
        let again = f.book.imports().import(&october, &options).expect("re-import");
        assert_eq!((again.new, again.duplicates), (0, 4));
    }
    assert_eq!(count(&f), 4, "importing the same file 100 times leaves the rows of the first");
    assert_eq!(
        f.book.accounts().assertions().expect("assertions").len(),
        1,
        "one assertion, not 101"
    );

    // The user deletes the bakery's second row: it stays deleted on re-import unless asked.
    f.book.transactions().delete(first.transaction_ids[2], EditOptions::default()).expect("delete");
    let again = f.book.imports().import(&october, &options).expect("re-import");
    assert_eq!((again.new, again.deleted), (0, 1));
    assert_eq!(again.lines[2].status, LineStatus::Deleted);
    let back = f
        .book
        .imports()
        .import(&october, &ImportOptions { reimport_deleted: true, ..options.clone() })
        .expect("bring back");
    assert_eq!((back.restored, back.new), (1, 0));
    assert_eq!(count(&f), 4);

    // The bank changed a line it had sent: a conflict, left for the user.
    let mut changed = october.clone();
    changed.lines[3].amount = dec!(-16.90);
    let conflict = f.book.imports().import(&changed, &options).expect("conflict");
    assert_eq!(conflict.conflicting, 1);
    assert!(conflict.lines[3].reasons[0].contains("-61.90"), "{:?}", conflict.lines[3].reasons);

    // A third identical bakery row in a later statement is a new genuine row.
    let mut november = october.clone();
    november.lines.push(line(26, 3, dec!(-4.20), "Bakery", None));
    november.closing_balance = None;
    let more = f.book.imports().import(&november, &options).expect("third row");
    assert_eq!((more.new, more.duplicates), (1, 4));

    let undone = f.book.imports().undo(&more.transaction_ids).expect("undo");
    assert_eq!(undone, 1);
    assert_eq!(count(&f), 4);
}

/// Manual entries already in the book are matched, not doubled; uncertain ones are offered.
pub fn scenario_import_matches_manual_entries(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let txs = f.book.transactions();
    let manual = txs
        .add(NewTransaction::expense(
            day(2026, 10, 4),
            f.checking,
            f.groceries,
            dec!(61.90),
            "Fresh Market Store",
        ))
        .expect("manual");
    let unsure = txs
        .add(NewTransaction::expense(
            day(2026, 10, 12),
            f.checking,
            f.household,
            dec!(19.99),
            "Hardware",
        ))
        .expect("unsure");
    let options = ImportOptions::new(f.checking, f.household);
    let lines = vec![
        line(3, 5, dec!(-61.90), "FRESH MARKET #1234", Some("FIT-9")),
        line(7, 15, dec!(-19.99), "Online Order", Some("FIT-10")),
        line(9, 20, dec!(-5.00), "Kiosk", Some("FIT-11")),
    ];
    let result = f.book.imports().import(&statement(lines), &options).expect("import");
    let statuses: Vec<LineStatus> = result.lines.iter().map(|l| l.status).collect();
    assert_eq!(statuses, [LineStatus::Matched, LineStatus::Candidate, LineStatus::New]);
    assert_eq!(result.lines[0].transaction_id, Some(manual.id));
    assert!(result.lines[0].score.is_some_and(|s| s >= 80), "{:?}", result.lines[0]);
    assert!(result.lines[0]
        .reasons
        .iter()
        .any(|r| r.contains("1 days apart") || r.contains("days apart")));
    assert_eq!(result.lines[1].transaction_id, Some(unsure.id));
    assert_eq!((result.new, result.matched, result.candidates), (1, 1, 1));
    assert_eq!(count(&f), 3, "the matched line was not written twice");
}

/// Strict imports are all or nothing; lenient ones write the good lines and return the rest.
pub fn scenario_import_strict_and_lenient(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let options = ImportOptions::new(f.checking, f.household);
    let mut dollars = line(5, 2, dec!(-3.00), "Abroad", Some("FIT-USD"));
    dollars.currency = Some("USD".to_owned());
    let lines = vec![
        line(2, 1, dec!(-1.00), "Good", Some("FIT-A")),
        dollars,
        line(8, 3, dec!(-0.001), "Too precise", Some("FIT-B")),
    ];
    let strict = f.book.imports().import(&statement(lines.clone()), &options).expect("strict");
    assert_eq!((strict.committed, strict.rejected, strict.new), (false, 2, 1));
    assert_eq!(strict.lines[1].field.as_deref(), Some("currency"));
    assert_eq!((strict.lines[2].field.as_deref(), strict.lines[2].line), (Some("amount"), 8));
    assert!(strict.lines[2].reasons[0].starts_with("too_many_decimals"), "{:?}", strict.lines[2]);
    assert_eq!(count(&f), 0, "strict: nothing of the file is written");
    let lenient = f
        .book
        .imports()
        .import(&statement(lines), &ImportOptions { mode: ImportMode::Lenient, ..options })
        .expect("lenient");
    assert_eq!((lenient.committed, lenient.rejected, lenient.new), (true, 2, 1));
    assert_eq!(count(&f), 1);
}

/// A CAMT.053 file from the shared data, end to end.
pub fn scenario_import_camt_file(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let path = format!(
        "{}/../../shared/data/camt053-newinnovations/doc/test-camt053.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let statements = crate::import::camt::parse(
        &bytes,
        "test-camt053.xml",
        &crate::import::camt::CamtOptions::default(),
    )
    .expect("parse");
    let options = ImportOptions::new(f.checking, f.household);
    let result = f.book.imports().import(&statements[0], &options).expect("import");
    assert_eq!((result.new, result.committed), (2, true));
    let check = result.balance_check.expect("CLBD checked");
    // The book had nothing before: -100 + 50 = -50 against the bank's 950.
    assert_eq!(
        (check.actual, check.difference, check.passed),
        (dec!(-50.00), dec!(-1000.00), false)
    );
    let again = f.book.imports().import(&statements[0], &options).expect("again");
    assert_eq!((again.new, again.duplicates), (0, 2));
}

/// A pending line that posts becomes one posted transaction, never two: by the pending id the
/// posted line names, else by a match on amount, date and payee.
pub fn scenario_import_pending_then_posted(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let options = ImportOptions::new(f.card, f.restaurants);
    let mut coffee = line(1, 10, dec!(-4.50), "Blue Bottle", Some("P1"));
    coffee.pending = true;
    let mut stream = line(2, 10, dec!(-9.99), "Netflix", None);
    stream.pending = true;
    let first =
        f.book.imports().import(&statement(vec![coffee, stream]), &options).expect("pending");
    assert_eq!(first.new, 2);
    let pending_id = first.transaction_ids[0];
    assert_eq!(f.book.transactions().get(pending_id).expect("get").status, crate::Status::Pending);

    let mut posted = line(1, 11, dec!(-5.25), "Blue Bottle Coffee", Some("T1"));
    posted.pending_id = Some("P1".to_owned());
    let netflix = line(2, 12, dec!(-9.99), "NETFLIX.COM", Some("T2"));
    let second = f
        .book
        .imports()
        .import(&statement(vec![posted.clone(), netflix]), &options)
        .expect("posted");
    assert_eq!((second.new, second.matched), (0, 2), "{:?}", second.lines);
    assert_eq!(second.lines[0].transaction_id, Some(pending_id));
    assert!(second.lines[0].reasons[0].contains("posted"));
    assert_eq!(count(&f), 2, "posting does not add a second transaction");
    let tx = f.book.transactions().get(pending_id).expect("get");
    assert_eq!(tx.status, crate::Status::Cleared);
    assert_eq!((tx.date, tx.payee.as_deref()), (day(2026, 10, 11), Some("Blue Bottle Coffee")));
    let card: Decimal = tx.splits.iter().filter(|s| s.account_id == f.card).map(|s| s.amount).sum();
    assert_eq!(card, dec!(-5.25), "the tip the bank added is the amount now");
    let stream_tx = f.book.transactions().get(first.transaction_ids[1]).expect("get");
    assert_eq!(stream_tx.status, crate::Status::Cleared, "matched by amount, date and payee");
    let again = f.book.imports().import(&statement(vec![posted]), &options).expect("again");
    assert_eq!((again.new, again.duplicates), (0, 1), "the posted line is known now");
}

/// A transaction id as what it is (date, external id or payee), so that transcripts of the
/// same story compare whatever ids a store gave out.
fn identity(f: &Fixture, id: crate::TransactionId) -> String {
    let tx = f.book.transactions().get(id).expect("transaction");
    format!("{}|{}", tx.date, tx.external_id.or(tx.payee).unwrap_or_default())
}

/// An import's result with every transaction id replaced by its [`identity`].
fn transcript(f: &Fixture, result: crate::Result<crate::import::plan::ImportResult>) -> String {
    let mut r = match result {
        Ok(r) => r,
        Err(e) => return format!("error {}: {e}", e.code()),
    };
    let ids: Vec<String> = r
        .lines
        .iter_mut()
        .map(|l| l.transaction_id.take().map(|id| identity(f, id)).unwrap_or_default())
        .collect();
    let written: Vec<String> = r.transaction_ids.iter().map(|id| identity(f, *id)).collect();
    r.transaction_ids.clear();
    format!("{r:?}\n{ids:?}\n{written:?}")
}

/// The book's transactions (deleted ones too) and audit actions, ids left out.
fn book_state(f: &Fixture) -> String {
    let filter = TransactionFilter { include_deleted: true, ..TransactionFilter::default() };
    let page = crate::PageRequest::first(crate::query::MAX_PAGE_LIMIT, crate::SortOrder::Ascending);
    let txs = f.book.transactions().search(&filter, page).expect("search").items;
    let mut out: Vec<String> = txs
        .iter()
        .map(|t| {
            let splits: Vec<String> =
                t.splits.iter().map(|s| format!("{}:{}", s.account_id, s.amount)).collect();
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} deleted={} {splits:?}",
                t.date, t.payee, t.narration, t.external_id, t.status, t.notes, t.deleted
            )
        })
        .collect();
    let audit = f
        .book
        .audit_log(crate::PageRequest::first(
            crate::query::MAX_PAGE_LIMIT,
            crate::SortOrder::Ascending,
        ))
        .expect("audit");
    // What was created (drafts and counts hold no ids; the rows of other actions do).
    out.extend(audit.items.iter().map(|a| {
        let created =
            matches!(a.action, crate::AuditAction::Create | crate::AuditAction::CreateBatch);
        format!("{:?} {:?} {:?}", a.action, a.entity, a.after.as_ref().filter(|_| created))
    }));
    out.join("\n")
}

/// The statement of the chunked story: bank ids and content hashes, three identical rows,
/// lines that match manual entries (two identical ones for one entry), a candidate.
fn october() -> Statement {
    let mut s = statement(vec![
        line(1, 1, dec!(2500.00), "ACME Payroll", Some("FIT-1")),
        line(2, 3, dec!(-4.20), "Bakery", None),
        line(3, 3, dec!(-4.20), "Bakery", None),
        line(4, 5, dec!(-61.90), "FRESH MARKET #1234", Some("FIT-9")),
        line(5, 6, dec!(-8.00), "Kiosk", None),
        line(6, 6, dec!(-8.00), "Kiosk", None),
        line(7, 15, dec!(-19.99), "Online Order", Some("FIT-10")),
        line(8, 20, dec!(-5.00), "Kiosk", Some("FIT-11")),
        line(9, 3, dec!(-4.20), "bakery ", None),
        line(10, 21, dec!(-30.00), "  Corner   Shop ", None),
    ]);
    s.lines[9].memo = Some("CARD  1234".to_owned());
    s.lines[6].check_number = Some("1001".to_owned());
    s.lines[7].pending = true;
    s.closing_balance =
        Some(StatedBalance { amount: dec!(2354.51), date: day(2026, 10, 31), currency: None });
    s
}

/// Every import call of the story with the given chunk sizes; the transcript of each and the
/// book at the end.
fn chunked_story(make: fn() -> Engine, sizes: crate::book::imports::Sizes) -> Vec<String> {
    let f = Fixture::new(make);
    let inbox = f
        .book
        .accounts()
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("inbox")
        .id;
    let txs = f.book.transactions();
    for (d, amount, payee) in [
        (4, dec!(61.90), "Fresh Market Store"),
        (12, dec!(19.99), "Hardware"),
        (6, dec!(8.00), "Kiosk"),
    ] {
        let tx = NewTransaction::expense(day(2026, 10, d), f.checking, f.groceries, amount, payee);
        txs.add(tx).expect("manual entry");
    }
    let imports = f.book.imports();
    let run = |s: &Statement, o: &ImportOptions| {
        imports.run(&crate::book::imports::Source::Statement(s), o, sizes)
    };
    let options = ImportOptions::new(f.checking, inbox);
    let mut out = Vec::new();
    let s = october();
    out.push(transcript(&f, run(&s, &ImportOptions { dry_run: true, ..options.clone() })));
    let first = run(&s, &options);
    let written = first.as_ref().map(|r| r.transaction_ids.clone()).unwrap_or_default();
    out.push(transcript(&f, first));
    out.push(transcript(&f, run(&s, &options)));
    // Deleted, then brought back.
    f.book.transactions().delete(written[2], EditOptions::default()).expect("delete");
    out.push(transcript(&f, run(&s, &options)));
    out.push(transcript(&f, run(&s, &ImportOptions { reimport_deleted: true, ..options.clone() })));
    // The bank changed a line, and added two: one repeats a bank id of the file (refused as a
    // batch would be), then without the repeat.
    let mut changed = s.clone();
    changed.lines[0].amount = dec!(2600.00);
    changed.lines.push(line(11, 25, dec!(-12.00), "Tram", Some("FIT-20")));
    changed.lines.push(line(12, 26, dec!(-13.00), "Tram", Some("FIT-20")));
    out.push(transcript(&f, run(&changed, &options)));
    changed.lines[11].bank_id = Some("FIT-21".to_owned());
    out.push(transcript(&f, run(&changed, &options)));
    // Rejected lines: strict writes nothing, lenient the rest.
    let mut bad = statement(vec![
        line(1, 27, dec!(-1.00), "Good", None),
        line(2, 27, dec!(-3.00), "Abroad", None),
        line(3, 28, dec!(-0.001), "Too precise", None),
        line(4, 28, dec!(-2.00), "Good too", None),
    ]);
    bad.lines[1].currency = Some("USD".to_owned());
    out.push(transcript(&f, run(&bad, &options)));
    out.push(transcript(&f, run(&bad, &ImportOptions { mode: ImportMode::Lenient, ..options })));
    out.push(book_state(&f));
    out
}

/// Reading, looking up and writing in chunks changes nothing: the same story with chunks of
/// one line, of a few, and the default sizes gives the same outcomes, the same errors and the
/// same book (threads included: the write of more than one chunk overlaps reading and writing).
pub fn scenario_import_in_chunks(make: fn() -> Engine) {
    use crate::book::imports::Sizes;
    let reference = chunked_story(make, Sizes::DEFAULT);
    assert!(reference[1].contains("Matched") && reference[1].contains("Candidate"));
    assert!(reference[5].starts_with("error invalid_field"), "{}", reference[5]);
    assert!(reference[5].contains("transactions[1].external_id"), "{}", reference[5]);
    for sizes in [
        Sizes { chunk: 1, write: 1, lookup: 1 },
        Sizes { chunk: 2, write: 3, lookup: 5 },
        Sizes { chunk: 3, write: 2, lookup: 4 },
        Sizes { chunk: 7, write: 4, lookup: 2 },
    ] {
        let story = chunked_story(make, sizes);
        for (step, (a, b)) in reference.iter().zip(&story).enumerate() {
            assert_eq!(a, b, "step {step} with {sizes:?}");
        }
    }
}

/// A CSV file is imported as it is read: the same outcomes and book as parsing it first and
/// importing the statement, in chunks or not; a file of two accounts is refused as before.
pub fn scenario_import_csv_file(make: fn() -> Engine) {
    use crate::book::imports::Sizes;
    use crate::import::csv::{Column, CsvProfile};
    use crate::import::read::ParseOptions;
    let csv = "Date;Payee;Memo;Amount;Balance\n\
               2026-10-01;ACME Payroll;Salary;2500,00;2500,00\n\
               2026-10-03;Bakery;;-4,20;2495,80\n\
               2026-10-03;Bakery;;-4,20;2491,60\n\
               \n\
               2026-10-05;Fresh  Market;Card 1234;-61,90;2429,70\n\
               2026-10-06;Kiosk;;-8,00;2421,70\n\
               2026-10-09;Bakery;;-4,20;2417,50\n";
    let profile = CsvProfile {
        delimiter: Some(';'),
        has_header: Some(true),
        date: Some(Column::from("Date")),
        date_format: Some("%Y-%m-%d".to_owned()),
        amount: Some(Column::from("Amount")),
        number_style: Some(crate::import::amount::NumberStyle::COMMA),
        payee: vec![Column::from("Payee")],
        memo: vec![Column::from("Memo")],
        balance: Some(Column::from("Balance")),
        account_currency: Some("EUR".to_owned()),
        ..CsvProfile::default()
    };
    let parse = ParseOptions {
        file_name: Some("bank.csv".to_owned()),
        csv: Some(profile.clone()),
        ..ParseOptions::default()
    };
    let story = |streamed: bool, sizes: Sizes| {
        let f = Fixture::new(make);
        f.add(NewTransaction::expense(
            day(2026, 10, 6),
            f.checking,
            f.groceries,
            dec!(8.00),
            "Kiosk",
        ));
        let options = ImportOptions::new(f.checking, f.household);
        let imports = f.book.imports();
        let import = |o: &ImportOptions| {
            if streamed {
                imports.import_file_sized(csv.as_bytes(), &parse, o, sizes)
            } else {
                let statements = imports.parse(csv.as_bytes(), &parse).expect("parse");
                imports.import(&statements[0], o)
            }
        };
        let mut out =
            vec![transcript(&f, import(&ImportOptions { dry_run: true, ..options.clone() }))];
        out.push(transcript(&f, import(&options)));
        out.push(transcript(&f, import(&options)));
        out.push(book_state(&f));
        out
    };
    let reference = story(false, Sizes::DEFAULT);
    assert!(
        reference[1].contains("new: 5") && reference[1].contains("matched: 1"),
        "{}",
        reference[1]
    );
    for sizes in [
        Sizes::DEFAULT,
        Sizes { chunk: 1, write: 2, lookup: 3 },
        Sizes { chunk: 4, write: 1, lookup: 1 },
    ] {
        assert_eq!(story(true, sizes), reference, "{sizes:?}");
    }
    // Two accounts in one file: refused before anything is written, as before.
    let two = "Account;Date;Amount\nA;2026-10-01;1,00\nB;2026-10-02;2,00\nA;2026-10-03;3,00\n";
    let two_accounts = ParseOptions {
        file_name: Some("two.csv".to_owned()),
        csv: Some(CsvProfile {
            account: Some(Column::from("Account")),
            balance: None,
            payee: Vec::new(),
            memo: Vec::new(),
            ..profile
        }),
        ..ParseOptions::default()
    };
    let f = Fixture::new(make);
    let err = f
        .book
        .imports()
        .import_file(two.as_bytes(), &two_accounts, &ImportOptions::new(f.checking, f.household))
        .expect_err("two statements");
    assert_eq!(err.code(), "invalid_field");
    assert!(err.to_string().contains("the file holds 2 statements"), "{err}");
    assert_eq!(count(&f), 0);
}

/// The store calls behind imports: the compact look-up of imported transactions, and a write
/// in chunks as one database transaction.
pub fn scenario_import_store_calls(make: fn() -> Engine) {
    use crate::audit::{AuditAction, AuditRecord, EntityKind};
    use crate::transaction::{SplitDraft, TransactionDraft};
    let f = Fixture::new(make);
    let other = f.neighbour("bob@example.com", "Other");
    let store = &f.engine.store;
    let draft =
        |d: u32, ext: Option<&str>, splits: &[(crate::AccountId, Decimal)]| TransactionDraft {
            date: day(2026, 10, d),
            posted_date: None,
            payee: Some("P".to_owned()),
            narration: None,
            status: crate::Status::Cleared,
            tags: Vec::new(),
            notes: None,
            source: crate::Source::Import,
            external_id: ext.map(str::to_owned),
            reversal_of: None,
            splits: splits
                .iter()
                .map(|(account_id, amount)| SplitDraft {
                    account_id: *account_id,
                    amount: *amount,
                    commodity: "EUR".to_owned(),
                    price: None,
                    cost: None,
                    memo: None,
                })
                .collect(),
        };
    let audit = |f: &Fixture| AuditRecord {
        actor: f.owner.id,
        action: AuditAction::CreateBatch,
        entity: EntityKind::Transaction,
        entity_id: None,
        before: None,
        after: None,
        at: super::start_time(),
    };
    let (c, g) = (f.checking, f.groceries);
    let a = draft(1, Some("imp:1:a"), &[(c, dec!(-10.00)), (g, dec!(10.00))]);
    let b = draft(2, Some("imp:1:b"), &[(c, dec!(-1.50)), (g, dec!(1.50))]);
    let elsewhere = draft(3, Some("imp:1:c"), &[(f.cash, dec!(-2.00)), (g, dec!(2.00))]);
    let twice = draft(4, Some("imp:1:d"), &[(c, dec!(-5)), (c, dec!(-7.25)), (g, dec!(12.25))]);
    let plain = draft(5, None, &[(c, dec!(-1)), (g, dec!(1))]);

    // Chunks: ids ascending across chunks, one audit row, with the first id.
    let audit_before = f.audit_len();
    let mut ids = Vec::new();
    store
        .insert_transaction_chunks(f.book.id(), &audit(&f), &mut |sink| {
            ids.extend(sink(&[a.clone(), b.clone()], &[])?);
            ids.extend(sink(&[], &[])?);
            ids.extend(sink(&[elsewhere.clone(), twice.clone(), plain.clone()], &[])?);
            Ok(())
        })
        .expect("chunks");
    assert_eq!(ids.len(), 5);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(f.audit_len(), audit_before + 1);
    assert_eq!(f.last_audit().entity_id, Some(ids[0].0));
    assert_eq!(count(&f), 5);
    // The same external id in another book is another transaction.
    let mut theirs = Vec::new();
    let o = (other.checking, other.groceries);
    store
        .insert_transaction_chunks(other.book.id(), &audit(&other), &mut |sink| {
            theirs.extend(sink(
                &[draft(1, Some("imp:1:a"), &[(o.0, dec!(-3)), (o.1, dec!(3))])],
                &[],
            )?);
            Ok(())
        })
        .expect("other book");
    f.book.transactions().delete(ids[1], EditOptions::default()).expect("delete");

    // All or nothing: an error after a chunk, a taken external id (in the book, or twice in the
    // write) leave nothing behind; a write of nothing logs nothing.
    let before = (count(&f), f.audit_len());
    let err = store
        .insert_transaction_chunks(f.book.id(), &audit(&f), &mut |sink| {
            sink(&[draft(6, Some("imp:1:e"), &[(c, dec!(-1)), (g, dec!(1))])], &[])?;
            Err(crate::store::StoreError::Backend { message: "stop".to_owned() }.into())
        })
        .expect_err("produce failed");
    assert_eq!(err.code(), "storage");
    for repeat in [vec![draft(6, Some("imp:1:a"), &[(c, dec!(-1)), (g, dec!(1))])], {
        let e = draft(6, Some("imp:1:e"), &[(c, dec!(-1)), (g, dec!(1))]);
        vec![e.clone(), e]
    }] {
        let err = store
            .insert_transaction_chunks(f.book.id(), &audit(&f), &mut |sink| {
                sink(&[draft(7, Some("imp:1:f"), &[(c, dec!(-1)), (g, dec!(1))])], &[])?;
                sink(&repeat, &[]).map(drop)
            })
            .expect_err("taken external id");
        assert_eq!(err.code(), "external_id_conflict");
    }
    store.insert_transaction_chunks(f.book.id(), &audit(&f), &mut |_| Ok(())).expect("nothing");
    assert_eq!((count(&f), f.audit_len()), before);
    let ext =
        f.book.transactions().search(&TransactionFilter::default(), crate::PageRequest::default());
    assert!(ext.expect("search").items.iter().all(|t| t.external_id.as_deref() != Some("imp:1:e")));

    // The look-up: every asked id found once (a repeated one too), with its position, date,
    // deleted flag and the sum of its splits in the account; unknown ids and other books' rows
    // are not.
    let asked = ["imp:1:b", "nope", "imp:1:a", "imp:1:c", "imp:1:a", "imp:1:d", ""];
    let mut found = store.imported_transactions(f.book.id(), c, &asked).expect("look-up");
    found.sort_by_key(|t| t.id);
    let got: Vec<_> =
        found.iter().map(|t| (asked[t.index], t.id, t.date, t.deleted, t.amount)).collect();
    assert_eq!(
        got,
        [
            ("imp:1:a", ids[0], day(2026, 10, 1), false, dec!(-10.00)),
            ("imp:1:b", ids[1], day(2026, 10, 2), true, dec!(-1.50)),
            ("imp:1:c", ids[2], day(2026, 10, 3), false, dec!(0)),
            ("imp:1:d", ids[3], day(2026, 10, 4), false, dec!(-12.25)),
        ]
    );
    assert_eq!(found[2].amount.to_string(), "0");
    assert_eq!(found[3].amount.to_string(), "-12.25");
    assert!(store.imported_transactions(f.book.id(), c, &[]).expect("none").is_empty());
    let theirs_found = store.imported_transactions(other.book.id(), o.0, &asked).expect("theirs");
    assert_eq!(theirs_found.len(), 1);
    assert_eq!((theirs_found[0].id, theirs_found[0].amount), (theirs[0], dec!(-3)));
}

/// An import raises alerts on what it wrote, after its commit, once: a line over the large-
/// transaction threshold gives one alert naming it, and importing the file again gives none.
pub fn scenario_import_raises_alerts(make: fn() -> Engine) {
    use crate::alert::{AlertFilter, AlertKind, AlertSettings};
    let f = Fixture::new(make);
    let settings = AlertSettings {
        auto_evaluate: true,
        large_transaction: Some(dec!(1000)),
        ..AlertSettings::default()
    };
    f.book.alerts().set_settings(settings).expect("settings");
    let raised = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&raised);
    f.book.subscribe(std::sync::Arc::new(move |_, event| {
        if let crate::Event::AlertRaised { alert } = event {
            seen.lock().expect("seen").push(alert.kind);
        }
    }));
    let options = ImportOptions::new(f.checking, f.groceries);
    let october = statement(vec![
        line(1, 2, dec!(-1500.00), "Furniture Store", Some("FIT-L1")),
        line(2, 3, dec!(-12.00), "Bakery", Some("FIT-L2")),
    ]);
    let first = f.book.imports().import(&october, &options).expect("import");
    assert_eq!(first.new, 2);
    let large: Vec<crate::Alert> = f
        .book
        .alerts()
        .list(&AlertFilter::default())
        .expect("alerts")
        .into_iter()
        .filter(|a| a.kind == AlertKind::LargeTransaction)
        .collect();
    assert_eq!(large.len(), 1, "{large:?}");
    assert_eq!(large[0].entities.transaction_ids, vec![first.transaction_ids[0]]);
    assert_eq!(
        raised
            .lock()
            .expect("raised")
            .iter()
            .filter(|k| **k == AlertKind::LargeTransaction)
            .count(),
        1,
        "delivered to the subscriber once"
    );
    let again = f.book.imports().import(&october, &options).expect("again");
    assert_eq!(again.new, 0);
    let after = f.book.alerts().list(&AlertFilter::default()).expect("alerts");
    assert_eq!(after.iter().filter(|a| a.kind == AlertKind::LargeTransaction).count(), 1);
}
