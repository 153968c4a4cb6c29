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
            ids.extend(sink(&[a.clone(), b.clone()])?);
            ids.extend(sink(&[])?);
            ids.extend(sink(&[elsewhere.clone(), twice.clone(), plain.clone()])?);
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
            theirs.extend(sink(&[draft(1, Some("imp:1:a"), &[(o.0, dec!(-3)), (o.1, dec!(3))])])?);
            Ok(())
        })
        .expect("other book");
    f.book.transactions().delete(ids[1], EditOptions::default()).expect("delete");

    // All or nothing: an error after a chunk, a taken external id (in the book, or twice in the
    // write) leave nothing behind; a write of nothing logs nothing.
    let before = (count(&f), f.audit_len());
    let err = store
        .insert_transaction_chunks(f.book.id(), &audit(&f), &mut |sink| {
            sink(&[draft(6, Some("imp:1:e"), &[(c, dec!(-1)), (g, dec!(1))])])?;
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
                sink(&[draft(7, Some("imp:1:f"), &[(c, dec!(-1)), (g, dec!(1))])])?;
                sink(&repeat).map(drop)
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
