//! Scenarios of import batches as single writes: a committed file import (new transactions,
//! restores, a pending transaction that posted, the batch record) is one database transaction,
//! so a store failing at its very end leaves nothing; the undo of a sync with added, modified
//! and removed lines leaves the book as it was before the sync, field by field; a sync's new
//! lines go through the categorizer as a file import's do, their decisions stored with them.

use super::failing::FailAtEnd;
use super::{day, fresh_engine, Fixture};
use crate::import::plan::ImportOptions;
use crate::import::records::{NewConnection, Provider};
use crate::import::{Statement, StatementFormat, StatementLine};
use crate::{
    AccountId, Engine, NewRule, PageRequest, Status, Transaction, TransactionFilter, TransactionId,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A fixture over a store that fails at the end of import writes while armed.
fn failing_fixture(make: fn() -> Engine) -> (Fixture, Arc<FailAtEnd>) {
    let (engine, clock) = fresh_engine(make);
    let failing = Arc::new(FailAtEnd::new(Arc::clone(&engine.store)));
    let engine = Engine::new(failing.clone()).with_clock(clock.clone());
    (Fixture::in_engine(engine, clock, "ada@example.com", "Household"), failing)
}

fn uncategorized(f: &Fixture) -> AccountId {
    f.book
        .accounts()
        .create(crate::NewAccount::new(
            "Expenses:Uncategorized",
            crate::AccountKind::Expense,
            "EUR",
        ))
        .expect("uncategorized")
        .id
}

/// Every transaction of the book, deleted ones included, by id.
fn everything(f: &Fixture) -> BTreeMap<TransactionId, Transaction> {
    let filter = TransactionFilter { include_deleted: true, ..TransactionFilter::default() };
    let page = PageRequest::first(crate::query::MAX_PAGE_LIMIT, crate::SortOrder::Ascending);
    let found = f.book.transactions().search(&filter, page).expect("search");
    assert!(found.total < u64::from(crate::query::MAX_PAGE_LIMIT));
    found.items.into_iter().map(|t| (t.id, t)).collect()
}

/// What the book holds, as compared: every transaction (the time of its last change and the
/// ids of its splits aside: a replaced transaction's splits are written anew), the balances,
/// the batches and the length of the audit log.
fn state(f: &Fixture) -> (Vec<Transaction>, Vec<crate::AccountBalance>, usize, u64) {
    let txs = everything(f)
        .into_values()
        .map(|mut t| {
            t.updated_at = t.created_at;
            for split in &mut t.splits {
                split.id = crate::SplitId(0);
            }
            t
        })
        .collect();
    // Now (the totals by account) and on a day inside the imports (the totals by day).
    let mut balances = f.book.accounts().balances(None).expect("balances");
    balances.extend(f.book.accounts().balances(Some(day(2026, 3, 3))).expect("balances on a day"));
    let batches = f.book.imports().batches().expect("batches").len();
    let audit = f.book.audit_log(PageRequest::default()).expect("audit").total;
    (txs, balances, batches, audit)
}

fn line(
    n: u64,
    date: chrono::NaiveDate,
    amount: Decimal,
    bank_id: &str,
    payee: &str,
) -> StatementLine {
    let mut line = StatementLine::new(n, date, amount);
    line.bank_id = Some(bank_id.to_owned());
    line.payee = Some(payee.to_owned());
    line
}

fn statement(lines: Vec<StatementLine>) -> Statement {
    let mut st = Statement::new(StatementFormat::Ofx, "statement.ofx");
    st.lines = lines;
    st
}

/// A committed file import is one write: with the store failing at its end (after the new
/// transactions, the restore and the pending transaction's upgrade were written in its
/// transaction), nothing of it stays; the same import then goes through whole, and its undo
/// puts the pending transaction back as it was.
pub fn scenario_file_import_is_one_write(make: fn() -> Engine) {
    let (f, failing) = failing_fixture(make);
    let other = uncategorized(&f);
    let imports = f.book.imports();
    let options = ImportOptions::new(f.checking, other);
    let mut pending = line(1, day(2026, 3, 1), dec!(-12.50), "p-1", "Cafe pending");
    pending.pending = true;
    let first = imports
        .import(
            &statement(vec![pending, line(2, day(2026, 3, 2), dec!(-3.10), "x-1", "Kiosk")]),
            &options,
        )
        .expect("first");
    assert_eq!(first.new, 2);
    let kiosk = first.lines[1].transaction_id.expect("kiosk");
    let pending_id = first.lines[0].transaction_id.expect("pending");
    imports.undo_batch(first.batch_id.expect("batch")).expect("undo first");
    // Only the kiosk line stays deleted; the pending one is brought back by a second import.
    let mut again = line(1, day(2026, 3, 1), dec!(-12.50), "p-1", "Cafe pending");
    again.pending = true;
    let restored = imports
        .import(
            &statement(vec![again]),
            &ImportOptions { reimport_deleted: true, ..options.clone() },
        )
        .expect("restore pending");
    assert_eq!(restored.restored, 1);
    let pending_before = f.book.transactions().get(pending_id).expect("pending");
    assert_eq!((pending_before.status, pending_before.deleted), (Status::Pending, false));

    let mut posted = line(1, day(2026, 3, 3), dec!(-12.75), "q-1", "Cafe");
    posted.pending_id = Some("p-1".to_owned());
    let lines = vec![
        posted,
        line(2, day(2026, 3, 2), dec!(-3.10), "x-1", "Kiosk"),
        line(3, day(2026, 3, 4), dec!(-40.00), "n-1", "Grocer"),
        line(4, day(2026, 3, 5), dec!(-41.00), "n-2", "Grocer"),
    ];
    let third = statement(lines);
    let reimport = ImportOptions { reimport_deleted: true, ..options.clone() };
    let plan =
        imports.import(&third, &ImportOptions { dry_run: true, ..reimport.clone() }).expect("plan");
    assert_eq!((plan.new, plan.restored, plan.matched), (2, 1, 1), "{plan:?}");

    let before = state(&f);
    failing.arm(true);
    let err = imports.import(&third, &reimport).expect_err("fails at the end");
    assert_eq!(err.code(), "transaction_not_found");
    failing.arm(false);
    assert_eq!(state(&f), before, "a failed import leaves nothing");

    let done = imports.import(&third, &reimport).expect("import");
    assert_eq!((done.new, done.restored, done.matched), (2, 1, 1));
    let batch = imports.batch(done.batch_id.expect("batch")).expect("batch");
    assert_eq!(batch.written.len(), 2);
    assert_eq!((batch.restored.clone(), batch.upgraded.clone()), (vec![kiosk], vec![pending_id]));
    let upgraded = f.book.transactions().get(pending_id).expect("posted");
    assert_eq!((upgraded.status, upgraded.date), (Status::Cleared, day(2026, 3, 3)));

    // The undo fails whole too, then puts everything back.
    failing.arm(true);
    let err = imports.undo_batch(batch.id).expect_err("undo fails at the end");
    assert_eq!(err.code(), "transaction_not_found");
    failing.arm(false);
    assert!(!imports.batch(batch.id).expect("batch").undone());
    let after_import = everything(&f);
    assert!(!after_import[&kiosk].deleted && after_import[&pending_id].status == Status::Cleared);

    imports.undo_batch(batch.id).expect("undo");
    let (txs, balances, _, _) = state(&f);
    let (txs_before, balances_before, _, _) = before;
    let now: BTreeMap<TransactionId, Transaction> = txs.into_iter().map(|t| (t.id, t)).collect();
    for tx in &txs_before {
        assert_eq!(&now[&tx.id], tx, "transaction {} as before the import", tx.id.0);
    }
    assert!(now.values().filter(|t| !txs_before.iter().any(|b| b.id == t.id)).all(|t| t.deleted));
    assert_eq!(balances, balances_before);
}

fn plaid(
    id: &str,
    date: &str,
    amount: &str,
    name: &str,
    pending: bool,
    of: Option<&str>,
) -> String {
    let of = of.map_or_else(|| "null".to_owned(), |p| format!("\"{p}\""));
    format!(
        r#"{{"transaction_id": "{id}", "account_id": "acc-1", "date": "{date}", "amount": {amount}, "iso_currency_code": "EUR", "name": "{name}", "pending": {pending}, "pending_transaction_id": {of}}}"#
    )
}

fn plaid_page(added: &[String], modified: &[String], removed: &[&str], cursor: &str) -> Vec<u8> {
    let removed: Vec<String> = removed
        .iter()
        .map(|r| format!(r#"{{"transaction_id": "{r}", "account_id": "acc-1"}}"#))
        .collect();
    format!(
        r#"{{"added": [{}], "modified": [{}], "removed": [{}], "next_cursor": "{cursor}", "has_more": false}}"#,
        added.join(","),
        modified.join(","),
        removed.join(",")
    )
    .into_bytes()
}

/// The undo of a sync that added, modified, removed and posted a pending line leaves every
/// transaction of the book as it was before the sync, field by field (the time of the last
/// change aside), and the balances with them; only the added transactions stay, deleted
/// (remembered). A sync failing at the end of its write leaves nothing.
pub fn scenario_undo_sync_restores_the_book(make: fn() -> Engine) {
    let (f, failing) = failing_fixture(make);
    let other = uncategorized(&f);
    let imports = f.book.imports();
    let conn = imports
        .create_connection(
            NewConnection::new(Provider::Plaid, "ins_1", "Bank", other)
                .account("acc-1", f.checking),
            None,
        )
        .expect("connection");
    let first = vec![
        plaid("a", "2026-03-01", "12.50", "Cafe", true, None),
        plaid("b", "2026-03-02", "30.00", "Books", false, None),
        plaid("c", "2026-03-03", "7.00", "Bakery", false, None),
    ];
    imports.sync(conn.id, &[plaid_page(&first, &[], &[], "c1")]).expect("first sync");
    let before = state(&f);

    let second = plaid_page(
        &[
            plaid("a-posted", "2026-03-04", "12.80", "Cafe", false, Some("a")),
            plaid("d", "2026-03-05", "99.00", "Shoes", false, None),
        ],
        &[plaid("b", "2026-03-02", "31.00", "Books & Co", false, None)],
        &["c", "a"],
        "c2",
    );
    failing.arm(true);
    assert_eq!(
        imports.sync(conn.id, std::slice::from_ref(&second)).expect_err("fails").code(),
        "transaction_not_found"
    );
    failing.arm(false);
    let (txs, balances, batches, _) = state(&f);
    assert_eq!(
        (&txs, &balances, batches),
        (&before.0, &before.1, before.2),
        "a failed sync leaves nothing"
    );

    let done = imports.sync(conn.id, &[second]).expect("second sync");
    let batch = done.batch.expect("batch");
    assert_eq!(
        (batch.written.len(), batch.upgraded.len(), batch.modified.len(), batch.removed.len()),
        (1, 1, 1, 1),
        "{batch:?}"
    );
    let changed = state(&f);
    assert_ne!(changed.0, before.0);
    imports.undo_batch(batch.id).expect("undo");
    let (txs, balances, _, _) = state(&f);
    let now: BTreeMap<TransactionId, Transaction> = txs.into_iter().map(|t| (t.id, t)).collect();
    for tx in &before.0 {
        let back = &now[&tx.id];
        assert_eq!(
            (back.date, back.posted_date, &back.payee, &back.narration, back.status),
            (tx.date, tx.posted_date, &tx.payee, &tx.narration, tx.status)
        );
        assert_eq!((&back.tags, &back.notes, back.source), (&tx.tags, &tx.notes, tx.source));
        assert_eq!(
            (&back.external_id, back.reversal_of, back.deleted),
            (&tx.external_id, tx.reversal_of, tx.deleted)
        );
        assert_eq!(back.created_at, tx.created_at);
        let splits = |t: &Transaction| {
            t.splits
                .iter()
                .map(|s| {
                    (
                        s.account_id,
                        s.amount,
                        s.commodity.clone(),
                        s.price.clone(),
                        s.cost.clone(),
                        s.memo.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(splits(back), splits(tx), "splits of {}", tx.id.0);
    }
    let added: Vec<&Transaction> =
        now.values().filter(|t| !before.0.iter().any(|b| b.id == t.id)).collect();
    assert_eq!(added.len(), 1);
    assert!(added[0].deleted, "the added transaction stays, deleted");
    assert_eq!(balances, before.1);
    // The same run again is remembered: nothing comes back.
    assert_eq!(imports.undo_batch(batch.id).expect_err("twice").code(), "batch_already_undone");
}

/// A sync's new lines go through the categorizer as a file import's do: a rule moves the
/// counter split to its category and the decision is stored with the transaction, in the
/// sync's write.
pub fn scenario_sync_categorizes_new_lines(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = uncategorized(&f);
    f.book
        .categorizer()
        .create_rule(NewRule::payee_contains("landlord", "Expenses:Rent"))
        .expect("rule");
    let imports = f.book.imports();
    let conn = imports
        .create_connection(
            NewConnection::new(Provider::Plaid, "ins_1", "Bank", other)
                .account("acc-1", f.checking),
            None,
        )
        .expect("connection");
    let seen: Arc<std::sync::Mutex<Vec<&'static str>>> = Arc::default();
    let sink = Arc::clone(&seen);
    f.book.subscribe(Arc::new(move |_, event: &crate::Event| {
        sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(event.kind());
    }));
    let page = plaid_page(
        &[
            plaid("r", "2026-03-01", "900.00", "Landlord Ltd", false, None),
            plaid("s", "2026-03-02", "4.00", "Unknown shop", false, None),
        ],
        &[],
        &[],
        "c1",
    );
    let done = imports.sync(conn.id, &[page]).expect("sync");
    let written = done.batch.expect("batch").written;
    assert_eq!(written.len(), 2);
    let txs = f.book.transactions();
    let rent = txs.get(written[0]).expect("rent");
    assert!(rent.splits.iter().any(|s| s.account_id == f.rent && s.amount == dec!(900.00)));
    let cat = f.book.categorizer();
    let decided = cat.decision(rent.id).expect("read").expect("stored");
    assert!(matches!(decided.decided_by, crate::categorization::DecidedBy::Rule(_)));
    let shop = txs.get(written[1]).expect("shop");
    assert!(shop.splits.iter().any(|s| s.account_id == other));
    let undecided = cat.decision(shop.id).expect("read").expect("stored");
    assert_eq!(undecided.decided_by, crate::categorization::DecidedBy::None);
    let names = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    assert!(names.contains(&"transactions_categorized"), "{names:?}");
}
