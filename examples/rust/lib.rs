//! Shared code of the Rust examples: loading the sample book in `examples/data`.
//!
//! The sample data is two small CSV files every language's quickstart reads the same way:
//! `accounts.csv` (path, kind, subtype, currency) and `journal.csv` (one row per split; rows
//! with the same `txn` number form one transaction). Neither has quoted fields.

use chrono::NaiveDate;
use std::path::Path;
use tally_core::money::parse_amount;
use tally_core::{
    AccountKind, AccountSubtype, Book, NewAccount, NewSplit, NewTransaction, Result, Source,
};

/// What [`load_sample`] loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Accounts created (leaves listed in the file).
    pub accounts: usize,
    /// Transactions added.
    pub transactions: usize,
}

fn bad(file: &str, line: usize, what: &str) -> tally_core::Error {
    tally_core::transaction::TransactionError::InvalidField {
        field: format!("{file}:{line}"),
        value: String::new(),
        reason: what.to_owned(),
    }
    .into()
}

/// Loads `accounts.csv` and `journal.csv` from `dir` into `book`, the journal as one batch.
///
/// # Errors
///
/// Any error of account creation or of the batch, or a malformed line (named by file:line).
pub fn load_sample(book: &Book, dir: &Path) -> Result<Loaded> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| bad(name, 0, &e.to_string()))
    };
    let accounts = read("accounts.csv")?;
    let mut created = 0;
    for (i, line) in accounts.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let [path, kind, subtype, currency] = cols[..] else {
            return Err(bad("accounts.csv", i + 1, "expected 4 columns"));
        };
        let kind = AccountKind::parse(kind).ok_or_else(|| bad("accounts.csv", i + 1, "kind"))?;
        let subtype =
            AccountSubtype::parse(subtype).ok_or_else(|| bad("accounts.csv", i + 1, "subtype"))?;
        book.accounts().create(NewAccount::new(path, kind, currency).subtype(subtype))?;
        created += 1;
    }
    let by_path: std::collections::HashMap<String, tally_core::AccountId> =
        book.accounts().list()?.into_iter().map(|a| (a.path, a.id)).collect();
    let journal = read("journal.csv")?;
    let mut batch: Vec<NewTransaction> = Vec::new();
    let mut current: Option<(String, NewTransaction)> = None;
    for (i, line) in journal.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let [txn, date, payee, account, amount, memo] = cols[..] else {
            return Err(bad("journal.csv", i + 1, "expected 6 columns"));
        };
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| bad("journal.csv", i + 1, "date"))?;
        let account =
            *by_path.get(account).ok_or_else(|| bad("journal.csv", i + 1, "unknown account"))?;
        let amount = parse_amount(amount, &format!("journal.csv:{}:amount", i + 1))?;
        let mut split = NewSplit::new(account, amount);
        if !memo.is_empty() {
            split = split.memo(memo);
        }
        match &mut current {
            Some((id, tx)) if id == txn => tx.splits.push(split),
            _ => {
                if let Some((_, tx)) = current.take() {
                    batch.push(tx);
                }
                let tx = NewTransaction::new(date, vec![split])
                    .payee(payee)
                    .source(Source::Import)
                    .external_id(&format!("sample-{txn}"));
                current = Some((txn.to_owned(), tx));
            }
        }
    }
    if let Some((_, tx)) = current.take() {
        batch.push(tx);
    }
    let ids = book.transactions().add_batch(&batch)?;
    Ok(Loaded { accounts: created, transactions: ids.len() })
}
