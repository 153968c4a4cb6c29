//! Scenarios of bank connections, syncs, saved CSV profiles and import batches: a multi-page
//! Plaid sync applied as one unit (a failing page writes nothing and keeps the cursor),
//! modified and removed transactions, a pending line that posts, GoCardless payloads from
//! ../shared/data, sealed tokens, profiles recognized from a file's header, and batches undone
//! in one call.

use super::Fixture;
use crate::import::csv::{Column, CsvProfile};
use crate::import::plan::ImportOptions;
use crate::import::read::ParseOptions;
use crate::import::records::{
    BatchKind, ConnectionStatus, ConnectionUpdate, NewConnection, NewCsvProfile, Provider,
};
use crate::{AccountKind, Engine, NewAccount, TransactionFilter};
use rust_decimal_macros::dec;

const KEY: [u8; 32] = [42; 32];

fn live(f: &Fixture) -> Vec<crate::Transaction> {
    f.book
        .transactions()
        .search(&TransactionFilter::default(), crate::PageRequest::default())
        .expect("search")
        .items
}

fn uncategorized(f: &Fixture) -> crate::AccountId {
    f.book
        .accounts()
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "EUR"))
        .expect("uncategorized")
        .id
}

fn plaid_tx(id: &str, account: &str, date: &str, amount: &str, name: &str) -> String {
    format!(
        r#"{{"transaction_id": "{id}", "account_id": "{account}", "date": "{date}", "amount": {amount}, "iso_currency_code": "EUR", "name": "{name}", "pending": false}}"#
    )
}

fn page(
    added: &[String],
    modified: &[String],
    removed: &[&str],
    cursor: &str,
    more: bool,
) -> Vec<u8> {
    let removed: Vec<String> = removed
        .iter()
        .map(|r| format!(r#"{{"transaction_id": "{r}", "account_id": "acc-1"}}"#))
        .collect();
    format!(
        r#"{{"added": [{}], "modified": [{}], "removed": [{}], "next_cursor": "{cursor}", "has_more": {more}}}"#,
        added.join(","),
        modified.join(","),
        removed.join(",")
    )
    .into_bytes()
}

/// Connections: created with a sealed token, listed, remapped, revealed only with the key,
/// deleted; unknown ones and bad mappings are clear errors.
pub fn scenario_connections(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = uncategorized(&f);
    let imports = f.book.imports();
    let new = NewConnection::new(Provider::Plaid, "ins_109508", "Everyday bank", other)
        .account("acc-1", f.checking)
        .access_token("access-sandbox-secret");
    assert!(!format!("{new:?}").contains("secret"), "never logged");
    let created = imports.create_connection(new.clone(), Some(&KEY)).expect("create");
    assert!(created.has_token() && created.status == ConnectionStatus::Active);
    assert!(!format!("{created:?}").contains("secret"));
    assert_eq!(created.last_sync_at, None);
    let sealed = created.sealed_token.clone().expect("sealed");
    assert!(!sealed.windows(6).any(|w| w == b"secret"), "not stored in clear");
    assert_eq!(imports.connections().expect("list"), vec![created.clone()]);
    assert_eq!(
        imports.reveal_token(created.id, &KEY).expect("reveal").as_deref(),
        Some("access-sandbox-secret")
    );
    let wrong = imports.reveal_token(created.id, &[1; 32]).expect_err("wrong key");
    assert_eq!(wrong.code(), "token_key_mismatch");
    let audit = f.book.audit_log(crate::PageRequest::default()).expect("audit");
    assert!(audit
        .items
        .iter()
        .all(|e| !e.after.as_ref().is_some_and(|a| a.to_string().contains("secret"))));

    let no_key = imports.create_connection(new.clone(), None).expect_err("token without key");
    assert_eq!((no_key.code(), no_key.field().as_deref()), ("invalid_field", Some("key")));
    let bad = NewConnection::new(Provider::Simplefin, "sfin", "x", other)
        .account("a", crate::AccountId(987_654));
    let err = imports.create_connection(bad, None).expect_err("unknown account");
    assert_eq!(
        (err.code(), err.field().as_deref()),
        ("account_not_found", Some("accounts[0].account_id"))
    );

    let updated = imports
        .update_connection(
            created.id,
            ConnectionUpdate {
                accounts: Some(vec![
                    crate::import::records::ConnectionAccount::new("acc-1", f.checking),
                    crate::import::records::ConnectionAccount::new("acc-2", f.savings),
                ]),
                ..ConnectionUpdate::default()
            },
        )
        .expect("remap");
    assert_eq!(updated.account_for("acc-2"), Some(f.savings));
    assert_eq!(imports.connection(created.id).expect("get"), updated);
    imports.delete_connection(created.id).expect("delete");
    let gone = imports.connection(created.id).expect_err("gone");
    assert_eq!(gone.code(), "connection_not_found");
    assert_eq!(
        imports.delete_connection(created.id).expect_err("twice").code(),
        "connection_not_found"
    );
}

/// A multi-page Plaid sync is one unit: a failing second page writes nothing and keeps the
/// cursor (only the status records it); the complete run writes everything with the cursor;
/// a re-run adds nothing; modified follows the bank; removed soft-deletes and is remembered;
/// a pending line that posts becomes one transaction.
pub fn scenario_plaid_sync(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = uncategorized(&f);
    let imports = f.book.imports();
    let conn = imports
        .create_connection(
            NewConnection::new(Provider::Plaid, "ins_1", "Bank", other)
                .account("acc-1", f.checking),
            None,
        )
        .expect("create");
    let p1 = page(
        &[
            plaid_tx("t1", "acc-1", "2026-10-01", "-2500.00", "ACME Payroll"),
            plaid_tx("t2", "acc-1", "2026-10-02", "61.90", "Fresh Market"),
        ],
        &[],
        &[],
        "c1",
        true,
    );
    let broken =
        page(&[plaid_tx("t3", "acc-1", "2026-10-03", "\"12,x\"", "Bakery")], &[], &[], "c2", false);
    let err = imports.sync(conn.id, &[p1.clone(), broken]).expect_err("page 2 is broken");
    assert_eq!(err.code(), "sync_failed");
    assert!(err.to_string().contains("sync page 1"), "{err}");
    assert_eq!(err.location().map(|l| l.0), Some("pages[1]".to_owned()));
    assert!(live(&f).is_empty(), "nothing written");
    let after = imports.connection(conn.id).expect("get");
    assert_eq!((after.cursor.as_deref(), after.status), (None, ConnectionStatus::Error));
    assert!(after.last_error.as_deref().is_some_and(|e| e.contains("sync_failed")));
    assert!(imports.batches().expect("batches").is_empty());

    let unmapped =
        page(&[plaid_tx("t9", "acc-9", "2026-10-03", "1.00", "X")], &[], &[], "c2", false);
    let err = imports.sync(conn.id, &[p1.clone(), unmapped]).expect_err("unmapped");
    assert_eq!((err.code(), err.field().as_deref()), ("sync_failed", Some("added.account_id")));
    let incomplete = imports.sync(conn.id, std::slice::from_ref(&p1)).expect_err("has_more");
    assert_eq!(incomplete.field().as_deref(), Some("has_more"));

    let mut pending = plaid_tx("p4", "acc-1", "2026-10-03", "4.50", "Blue Bottle");
    pending = pending.replace("\"pending\": false", "\"pending\": true");
    let p2 = page(
        &[plaid_tx("t3", "acc-1", "2026-10-03", "12.00", "Bakery"), pending],
        &[],
        &[],
        "c2",
        false,
    );
    let done = imports.sync(conn.id, &[p1.clone(), p2.clone()]).expect("sync");
    assert_eq!(done.connection.cursor.as_deref(), Some("c2"));
    assert_eq!(done.connection.status, ConnectionStatus::Active);
    assert_eq!(done.connection.last_sync_at, Some(crate::Clock::now(&*f.clock)));
    assert_eq!(done.pages.iter().map(|p| p.added).collect::<Vec<_>>(), vec![2, 2]);
    let batch = done.batch.clone().expect("batch");
    assert_eq!(
        (batch.kind, batch.connection_id, batch.written.len()),
        (BatchKind::Sync, Some(conn.id), 4)
    );
    assert_eq!(live(&f).len(), 4);

    let again = imports.sync(conn.id, &[p1, p2]).expect("re-run");
    assert!(again.batch.is_none(), "nothing written");
    assert_eq!(
        again.pages.iter().map(|p| (p.added, p.duplicates)).collect::<Vec<_>>(),
        vec![(0, 2), (0, 2)]
    );
    assert_eq!(live(&f).len(), 4);

    // The bank changes t2, removes t3, posts the pending p4 as t5.
    let mut posted = plaid_tx("t5", "acc-1", "2026-10-04", "5.25", "Blue Bottle Coffee");
    posted = posted
        .replace("\"pending\": false", "\"pending\": false, \"pending_transaction_id\": \"p4\"");
    let p3 = page(
        &[posted],
        &[plaid_tx("t2", "acc-1", "2026-10-02", "64.90", "Fresh Market Inc")],
        &["t3", "p4"],
        "c3",
        false,
    );
    let changed = imports.sync(conn.id, std::slice::from_ref(&p3)).expect("changes");
    let r = &changed.pages[0];
    assert_eq!((r.added, r.modified, r.removed, r.matched), (0, 1, 1, 1), "{r:?}");
    let txs = live(&f);
    assert_eq!(txs.len(), 3, "t3 removed; p4 became t5");
    let t2 = txs.iter().find(|t| t.payee.as_deref() == Some("Fresh Market Inc")).expect("t2");
    let in_checking: rust_decimal::Decimal =
        t2.splits.iter().filter(|s| s.account_id == f.checking).map(|s| s.amount).sum();
    assert_eq!(in_checking, dec!(-64.90));
    let coffee = txs.iter().find(|t| t.payee.as_deref() == Some("Blue Bottle Coffee")).expect("t5");
    assert_eq!(coffee.status, crate::Status::Cleared);
    let batch = changed.batch.expect("batch");
    assert_eq!((batch.modified.len(), batch.removed.len(), batch.upgraded.len()), (1, 1, 1));
    // Re-running the changes writes nothing; the removed line stays remembered.
    let rerun = imports.sync(conn.id, &[p3]).expect("re-run");
    assert!(rerun.batch.is_none(), "{:?}", rerun.pages);
    let readd =
        page(&[plaid_tx("t3", "acc-1", "2026-10-03", "12.00", "Bakery")], &[], &[], "c4", false);
    let back = imports.sync(conn.id, &[readd]).expect("re-add");
    assert_eq!(back.pages[0].deleted, 1, "a removed transaction is not imported again");
    assert_eq!(live(&f).len(), 3);

    imports
        .update_connection(
            conn.id,
            ConnectionUpdate { status: Some(ConnectionStatus::Disconnected), ..Default::default() },
        )
        .expect("disconnect");
    assert_eq!(
        imports.sync(conn.id, &[]).expect_err("disconnected").code(),
        "connection_disconnected"
    );
    assert_eq!(
        imports.sync(crate::ConnectionId(999_999), &[]).expect_err("unknown").code(),
        "connection_not_found"
    );
}

/// GoCardless payloads of ../shared/data (actual-server's bank samples) sync into the mapped
/// account; the cursor is the last day synced; a re-run adds nothing.
pub fn scenario_gocardless_sync(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = uncategorized(&f);
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/actual-server-gocardless/gocardless_bank_transactions.json"
    ));
    let banks: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(text).expect("banks");
    let wrap = |bank: &str, account: &str| {
        let booked = banks.get(bank).expect("bank");
        serde_json::json!({ "account_id": account, "transactions": { "booked": booked, "pending": [] } })
            .to_string()
            .into_bytes()
    };
    let pages = [wrap("ing_ingddeff", "gc-1"), wrap("fortuneo_ftnofrp1xxx", "gc-2")];
    let imports = f.book.imports();
    let conn = imports
        .create_connection(
            NewConnection::new(Provider::Gocardless, "ING_INGDDEFF", "Two banks", other)
                .account("gc-1", f.checking)
                .account("gc-2", f.savings),
            None,
        )
        .expect("create");
    let done = imports.sync(conn.id, &pages).expect("sync");
    assert_eq!(done.pages.iter().map(|p| p.added).collect::<Vec<_>>(), vec![10, 10]);
    assert!(done.connection.cursor.as_deref().is_some_and(|c| c.starts_with("20")));
    let in_savings =
        live(&f).iter().filter(|t| t.splits.iter().any(|s| s.account_id == f.savings)).count();
    assert_eq!((live(&f).len(), in_savings), (20, 10));
    let again = imports.sync(conn.id, &pages).expect("again");
    assert_eq!(again.pages.iter().map(|p| p.duplicates).collect::<Vec<_>>(), vec![10, 10]);
    assert!(again.batch.is_none());
    let booked = banks.get("ing_ingddeff").expect("bank");
    let bare =
        serde_json::json!({ "transactions": { "booked": booked, "pending": [] } }).to_string();
    let err = imports.sync(conn.id, &[bare.into_bytes()]).expect_err("which account");
    assert_eq!((err.code(), err.field().as_deref()), ("sync_failed", Some("account_id")));
}

/// CSV profiles are saved by unique name, recognized from a file's header before the guess,
/// and an import can name one.
pub fn scenario_csv_profiles(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = uncategorized(&f);
    let imports = f.book.imports();
    let file = b"Buchungstag;Betrag;Empfaenger\n01.10.2026;-4,20;Bakery\n02.10.2026;2500,00;ACME\n";
    let profile = CsvProfile {
        delimiter: Some(';'),
        date: Some(Column::Name("Buchungstag".to_owned())),
        date_format: Some("%d.%m.%Y".to_owned()),
        amount: Some(Column::Name("Betrag".to_owned())),
        number_style: Some(crate::import::amount::NumberStyle::COMMA),
        payee: vec![Column::Name("Empfaenger".to_owned())],
        ..CsvProfile::default()
    };
    let header = crate::import::csv::csv_header(file, "bank.csv").expect("header");
    assert_eq!(header, ["Buchungstag", "Betrag", "Empfaenger"]);
    let saved = imports
        .save_csv_profile(NewCsvProfile::new("My bank", profile.clone()).header(header))
        .expect("save");
    assert_eq!(saved.name, "My bank");
    let dup =
        imports.save_csv_profile(NewCsvProfile::new("My bank", profile.clone())).expect_err("dup");
    assert_eq!(dup.code(), "profile_exists");
    assert_eq!(imports.csv_profiles().expect("list").len(), 1);
    assert_eq!(imports.csv_profile("My bank").expect("get").profile, profile);
    assert_eq!(imports.suggest_csv_profile(file, "bank.csv").expect("suggest"), profile);
    let other_file = b"Date,Amount,Description\n2026-10-01,-4.20,Bakery\n";
    assert_ne!(imports.suggest_csv_profile(other_file, "x.csv").expect("guess"), profile);

    let parse = ParseOptions {
        file_name: Some("bank.csv".to_owned()),
        csv_profile_name: Some("My bank".to_owned()),
        ..ParseOptions::default()
    };
    let result =
        imports.import_file(file, &parse, &ImportOptions::new(f.checking, other)).expect("import");
    assert_eq!(result.new, 2);
    let missing = ParseOptions { csv_profile_name: Some("Nope".to_owned()), ..parse };
    let err = imports
        .import_file(file, &missing, &ImportOptions::new(f.checking, other))
        .expect_err("unknown profile");
    assert_eq!(err.code(), "profile_not_found");
    imports.delete_csv_profile("My bank").expect("delete");
    assert_eq!(
        imports.delete_csv_profile("My bank").expect_err("twice").code(),
        "profile_not_found"
    );
}

/// Every committed import is a batch; undoing it deletes what it wrote in one call, twice is
/// an error, and the lines stay remembered.
pub fn scenario_import_batches(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = uncategorized(&f);
    let imports = f.book.imports();
    let file = b"Date,Amount,Payee\n2026-10-01,-4.20,Bakery\n2026-10-02,2500.00,ACME\n";
    let parse = ParseOptions { file_name: Some("a.csv".to_owned()), ..ParseOptions::default() };
    let options = ImportOptions::new(f.checking, other);
    let first = imports.import_file(file, &parse, &options).expect("first");
    let id = first.batch_id.expect("a batch");
    let dry = imports
        .import_file(file, &parse, &ImportOptions { dry_run: true, ..options.clone() })
        .expect("dry");
    assert_eq!(dry.batch_id, None, "a dry run records nothing");
    let more = b"Date,Amount,Payee\n2026-10-05,-9.99,Netflix\n";
    let second = imports.import_file(more, &parse, &options).expect("second");
    let batches = imports.batches().expect("batches");
    assert_eq!(
        batches.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![second.batch_id.expect("id"), id]
    );
    let b = &batches[1];
    assert_eq!(
        (b.kind, b.file.as_deref(), b.account),
        (BatchKind::File, Some("a.csv"), Some(f.checking))
    );
    assert_eq!((b.counts.new, b.written.clone()), (2, first.transaction_ids.clone()));

    let undone = imports.undo_batch(id).expect("undo");
    assert!(undone.undone());
    assert_eq!(live(&f).len(), 1);
    assert_eq!(imports.undo_batch(id).expect_err("twice").code(), "batch_already_undone");
    assert_eq!(
        imports.undo_batch(crate::ImportBatchId(999_999)).expect_err("unknown").code(),
        "batch_not_found"
    );
    let again = imports.import_file(file, &parse, &options).expect("again");
    assert_eq!((again.new, again.deleted, again.batch_id), (0, 2, None), "remembered");
    let back = imports
        .import_file(file, &parse, &ImportOptions { reimport_deleted: true, ..options })
        .expect("restore");
    assert_eq!(back.restored, 2);
    let restored = imports.batch(back.batch_id.expect("batch")).expect("get");
    assert_eq!(restored.restored.len(), 2);
    imports.undo_batch(restored.id).expect("undo restore");
    assert_eq!(live(&f).len(), 1);
}
