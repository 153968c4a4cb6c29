//! Syncs of bank connections (see `book::connections`). A sync applies a complete run of
//! payload pages as one unit: every page is parsed and every line planned first
//! (fingerprints, duplicates, matches, a pending line that posted) with the import's own
//! rules; if any page fails, nothing is written, the cursor stays, and only the connection's
//! status and last error record the failure. Otherwise the new transactions, the changes
//! (`modified`), the removals (`removed`), the new cursor and the batch record are written by
//! one store call, in one database transaction. Running the same pages again writes nothing:
//! added lines are duplicates by the bank's id, changes already applied are duplicates,
//! removed transactions stay deleted (and remembered).

use chrono::NaiveDate;

use crate::audit::{AuditAction, EntityKind};
use crate::events::Event;
use crate::ids::{AccountId, ConnectionId, ImportBatchId, TransactionId};
use crate::import::plan::{ImportMode, ImportOptions, LineStatus};
use crate::import::records::{
    BatchCounts, BatchKind, Connection, ConnectionStatus, ImportBatch, ImportError, Provider,
    SyncPageResult, SyncResult,
};
use crate::import::sync::{parse as parse_payload, parse_plaid_page, SyncOptions};
use crate::import::{Statement, StatementLine};
use crate::store::SyncWrite;
use crate::transaction::{self, Status, Transaction, TransactionDraft};
use crate::Result;

use super::connections::redacted;
use super::context::Snapshot;
use super::flow::Flow;
use super::imports::{amount_in, follow_bank, posted_transaction, transaction_of, Sizes, Source};
use super::Imports;
use crate::categorization::{Locks, TransactionDecision};

/// The lines of one book account gathered from every page of a sync.
#[derive(Default)]
struct AccountLines {
    /// The lines, in page order.
    lines: Vec<StatementLine>,
    /// The page of each line.
    pages: Vec<usize>,
}

/// A change (`modified`) to a transaction imported by an earlier sync.
struct Change {
    page: usize,
    account: AccountId,
    line: StatementLine,
}

/// A removal (`removed`) of a transaction imported by an earlier sync.
struct Removal {
    page: usize,
    /// The book accounts it may be in (the one Plaid names, else every mapped one).
    accounts: Vec<AccountId>,
    bank_id: String,
}

/// Every page read: the lines by account, the changes and removals for earlier syncs, the
/// cursor to save.
struct Gathered {
    by_account: Vec<(AccountId, AccountLines)>,
    changes: Vec<Change>,
    removals: Vec<Removal>,
    cursor: Option<String>,
    pages: Vec<SyncPageResult>,
}

impl Gathered {
    fn account(&mut self, id: AccountId) -> &mut AccountLines {
        let at = match self.by_account.iter().position(|(a, _)| *a == id) {
            Some(i) => i,
            None => {
                self.by_account.push((id, AccountLines::default()));
                self.by_account.len() - 1
            }
        };
        &mut self.by_account[at].1
    }

    /// Adds a line; a later line with the bank id of an earlier one of this run replaces it.
    fn add(&mut self, page: usize, account: AccountId, line: StatementLine) -> bool {
        let entry = self.account(account);
        if let Some(id) = line.bank_id.as_deref() {
            if let Some(i) = entry.lines.iter().position(|l| l.bank_id.as_deref() == Some(id)) {
                entry.lines[i] = line;
                return true;
            }
        }
        entry.lines.push(line);
        entry.pages.push(page);
        false
    }

    /// Drops a line of this run with `bank_id`; whether there was one.
    fn drop_added(&mut self, accounts: &[AccountId], bank_id: &str) -> bool {
        for (account, entry) in &mut self.by_account {
            if !accounts.contains(account) {
                continue;
            }
            if let Some(i) = entry.lines.iter().position(|l| l.bank_id.as_deref() == Some(bank_id))
            {
                entry.lines.remove(i);
                entry.pages.remove(i);
                return true;
            }
        }
        false
    }
}

fn failed(page: usize, line: Option<u64>, field: &str, value: &str, reason: String) -> ImportError {
    ImportError::SyncFailed { page, line, field: field.to_owned(), value: value.to_owned(), reason }
}

/// The id of a GoCardless page's account, when the payload names one at its top level
/// (`account_id` or `accountId`, as a client wraps the transactions endpoint's answer).
fn gocardless_account(bytes: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Top {
        account_id: Option<String>,
        #[serde(rename = "accountId")]
        account_id_camel: Option<String>,
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let top: Top = serde_json::from_slice(text).ok()?;
    top.account_id.or(top.account_id_camel)
}

impl Imports<'_> {
    /// Applies a complete sync of a connection: `pages` are the provider's payloads in order
    /// (Plaid `/transactions/sync` pages up to the one with `has_more: false`; GoCardless
    /// booked/pending answers, optionally wrapped with an `account_id`; SimpleFIN account
    /// sets), as one unit (see the [module](self)).
    ///
    /// # Errors
    ///
    /// `sync_failed` naming the page (0-based), the entry and the field when a page cannot be
    /// read, names an account the connection does not map, holds a line that cannot be
    /// imported, or when the last Plaid page still has `has_more`: nothing is written but the
    /// connection's status (`error`) and last error. `connection_not_found`;
    /// `connection_disconnected`; `read_only`.
    pub fn sync(&self, id: ConnectionId, pages: &[Vec<u8>]) -> Result<SyncResult> {
        self.book.check_writable()?;
        let lock = self.import_lock();
        let _held = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let connection = self.connection(id)?;
        if connection.status == ConnectionStatus::Disconnected {
            return Err(ImportError::ConnectionDisconnected(id).into());
        }
        let planned = self.plan_sync(&connection, pages);
        let outcome = planned.and_then(|(write, pages)| {
            let batch = self.book.engine.store.apply_sync(self.book.id(), &write)?;
            Ok((write, pages, batch))
        });
        let (write, pages, batch) = match outcome {
            Ok(done) => done,
            Err(e) => {
                // The bookkeeping write of a failed sync: status and error, nothing else.
                let mut after = connection.clone();
                let now = self.book.engine.clock.now();
                after.status = ConnectionStatus::Error;
                after.last_error = Some(format!("{}: {e}", e.code()));
                after.last_sync_at = Some(now);
                after.updated_at = now;
                let audit = self.book.audit(
                    AuditAction::Update,
                    EntityKind::Connection,
                    Some(id.0),
                    Some(&redacted(&connection)),
                    Some(&redacted(&after)),
                );
                self.book.engine.store.update_connection(self.book.id(), &after, &audit)?;
                return Err(e);
            }
        };
        if let Some(b) = &batch {
            if !b.written.is_empty() {
                self.book.emit(&Event::TransactionsAdded { ids: b.written.clone() });
                if !write.decisions.is_empty() {
                    self.book.emit(&Event::TransactionsCategorized { ids: b.written.clone() });
                }
                // Alerts on what the sync wrote, after it committed (as for any other write).
                if let (Some(first), Some(last)) = (b.written.first(), b.written.last()) {
                    let rows = super::alerts::split_rows_of(&write.inserts, &b.written);
                    self.book.after_write(&super::alerts::Trigger::Transactions {
                        rows,
                        ids: (*first, *last),
                    });
                }
            }
        }
        for (tx_id, _, _) in &write.replaces {
            self.book.emit(&Event::TransactionUpdated { id: *tx_id });
        }
        for (tx_id, _) in &write.deletes {
            self.book.emit(&Event::TransactionDeleted { id: *tx_id });
        }
        self.book.emit(&Event::SyncCompleted {
            connection_id: id,
            batch_id: batch.as_ref().map(|b| b.id),
        });
        Ok(SyncResult { connection: write.connection, batch, pages })
    }

    /// Reads every page into lines by book account, changes and removals.
    fn gather(&self, connection: &Connection, pages: &[Vec<u8>]) -> Result<Gathered> {
        let mut g = Gathered {
            by_account: Vec::new(),
            changes: Vec::new(),
            removals: Vec::new(),
            cursor: connection.cursor.clone(),
            pages: (0..pages.len())
                .map(|page| SyncPageResult { page, ..Default::default() })
                .collect(),
        };
        let mapped = |page: usize, line: Option<u64>, field: &str, id: &str| {
            connection.account_for(id).ok_or_else(|| {
                crate::Error::from(failed(
                    page,
                    line,
                    field,
                    id,
                    format!(
                        "the provider account is not mapped to a book account of connection {}",
                        connection.id
                    ),
                ))
            })
        };
        let all: Vec<AccountId> = connection.accounts.iter().map(|a| a.account_id).collect();
        let today = self.book.engine.clock.today();
        let mut last_day: Option<NaiveDate> = None;
        for (i, bytes) in pages.iter().enumerate() {
            let file = format!("pages[{i}]");
            match connection.provider {
                Provider::Plaid => {
                    let page = parse_plaid_page(bytes, &file)
                        .map_err(|e| ImportError::sync_failed(i, &e))?;
                    let last = i + 1 == pages.len();
                    if page.has_more == last {
                        let reason = if last {
                            "the last page says more follow: fetch them and sync the whole run"
                        } else {
                            "a page before the last says none follow"
                        };
                        let value = page.has_more.to_string();
                        return Err(failed(i, None, "has_more", &value, reason.to_owned()).into());
                    }
                    for entry in page.added {
                        let account = mapped(
                            i,
                            Some(entry.line.line),
                            "added.account_id",
                            &entry.account_id,
                        )?;
                        if g.add(i, account, entry.line) {
                            g.pages[i].modified += 1;
                        }
                    }
                    for entry in page.modified {
                        let account = mapped(
                            i,
                            Some(entry.line.line),
                            "modified.account_id",
                            &entry.account_id,
                        )?;
                        let in_run = entry.line.bank_id.as_deref().is_some_and(|b| {
                            g.account(account).lines.iter().any(|l| l.bank_id.as_deref() == Some(b))
                        });
                        if in_run {
                            g.add(i, account, entry.line);
                            g.pages[i].modified += 1;
                        } else {
                            g.changes.push(Change { page: i, account, line: entry.line });
                        }
                    }
                    for entry in page.removed {
                        let accounts = match &entry.account_id {
                            Some(a) => vec![mapped(i, Some(entry.line), "removed.account_id", a)?],
                            None => all.clone(),
                        };
                        if g.drop_added(&accounts, &entry.bank_id) {
                            g.pages[i].removed += 1;
                        } else {
                            g.removals.push(Removal { page: i, accounts, bank_id: entry.bank_id });
                        }
                    }
                    if page.next_cursor.is_some() {
                        g.cursor = page.next_cursor;
                    }
                }
                Provider::Gocardless | Provider::Simplefin => {
                    let options = SyncOptions {
                        format: Some(connection.provider.format()),
                        date_if_missing: Some(today),
                    };
                    let statements = parse_payload(bytes, &file, &options)
                        .map_err(|e| ImportError::sync_failed(i, &e))?;
                    let wrapped = (connection.provider == Provider::Gocardless)
                        .then(|| gocardless_account(bytes))
                        .flatten();
                    for st in statements {
                        let account = match st.account.account_id.as_deref().or(wrapped.as_deref())
                        {
                            Some(id) => mapped(i, None, "account_id", id)?,
                            None if all.len() == 1 => all[0],
                            None => {
                                return Err(failed(
                                    i,
                                    None,
                                    "account_id",
                                    "",
                                    format!(
                                        "the payload names no account and the connection maps {}: \
                                         wrap it as {{\"account_id\": ..., \"transactions\": ...}}",
                                        all.len()
                                    ),
                                )
                                .into())
                            }
                        };
                        for line in st.lines {
                            last_day = last_day.max(Some(line.date));
                            g.add(i, account, line);
                        }
                    }
                }
            }
        }
        if connection.provider != Provider::Plaid {
            if let Some(day) = last_day {
                g.cursor = Some(day.to_string());
            }
        }
        Ok(g)
    }

    /// Plans a whole sync: the writes for one store call, and what each page did.
    fn plan_sync(
        &self,
        connection: &Connection,
        pages: &[Vec<u8>],
    ) -> Result<(SyncWrite, Vec<SyncPageResult>)> {
        let mut g = self.gather(connection, pages)?;
        let store = &self.book.engine.store;
        let book = self.book.id();
        let snapshot = Snapshot::load(self.book)?;
        let txs = self.book.transactions();
        let mut table = None;
        let mut rates = || -> Result<std::sync::Arc<crate::RateTable>> {
            if let Some(t) = &table {
                return Ok(std::sync::Arc::clone(t));
            }
            let t = self.book.rates().table()?;
            table = Some(std::sync::Arc::clone(&t));
            Ok(t)
        };
        // The categorizer decides each new line as a file import's are (and its decisions are
        // stored in the sync's write), when it has anything to decide with.
        let flow =
            match g.by_account.iter().any(|(_, l)| !l.lines.is_empty()) || !g.changes.is_empty() {
                true => Some(Flow::load(self.book, &snapshot)?).filter(|f| f.active),
                false => None,
            };
        let now = self.book.engine.clock.now();
        let mut decisions: Vec<TransactionDecision> = Vec::new();
        let mut decide = |new: &mut crate::transaction::NewTransaction| {
            if let Some(flow) = &flow {
                let decided = flow.decide(new, &snapshot.accounts, Locks::default(), now);
                decisions.push(match decided {
                    Some((_, decision)) => decision,
                    None => TransactionDecision::undecided(TransactionId(0), now),
                });
            }
        };
        let mut inserts: Vec<TransactionDraft> = Vec::new();
        let mut replaces: Vec<(TransactionId, TransactionDraft, crate::AuditRecord)> = Vec::new();
        let mut counts = BatchCounts::default();
        let mut upgraded = Vec::new();
        let mut modified = Vec::new();
        let mut removed = Vec::new();
        let replace = |id: TransactionId,
                       before: &Transaction,
                       draft: TransactionDraft,
                       replaces: &mut Vec<(
            TransactionId,
            TransactionDraft,
            crate::AuditRecord,
        )>| {
            let audit = self.book.audit(
                AuditAction::Update,
                EntityKind::Transaction,
                Some(id.0),
                Some(before),
                Some(&draft),
            );
            replaces.push((id, draft, audit));
        };

        // New lines, by account, planned as an import plans them (dry run, strict).
        for (account, lines) in std::mem::take(&mut g.by_account) {
            if lines.lines.is_empty() {
                continue;
            }
            let mut st =
                Statement::new(connection.provider.format(), &format!("sync:{}", connection.id));
            st.lines = lines.lines;
            let mut options = ImportOptions::new(account, connection.counter_account);
            options.dry_run = true;
            options.mode = ImportMode::Strict;
            options.assert_balance = false;
            let result = self.run_locked(&Source::Statement(&st), &options, Sizes::DEFAULT)?;
            let prefix = format!("imp:{}:", account.0);
            for o in &result.lines {
                let page = lines.pages.get(o.index).copied().unwrap_or(0);
                let line = &st.lines[o.index];
                let counter = &mut g.pages[page];
                match o.status {
                    LineStatus::Rejected => {
                        return Err(failed(
                            page,
                            Some(line.line),
                            o.field.as_deref().unwrap_or("line"),
                            &line.amount.to_string(),
                            o.reasons.join("; "),
                        )
                        .into());
                    }
                    LineStatus::New => {
                        let external_id = format!("{prefix}{}", o.fingerprint);
                        let mut new = transaction_of(line, &external_id, &options);
                        decide(&mut new);
                        let draft =
                            transaction::validate_with_rates(&new, &snapshot, &mut rates)
                                .map_err(|e| ImportError::sync_failed(page, &e.within("added.")))?;
                        inserts.push(draft);
                        counter.added += 1;
                        counts.new += 1;
                    }
                    LineStatus::Duplicate => {
                        counter.duplicates += 1;
                        counts.duplicates += 1;
                    }
                    LineStatus::Candidate => {
                        counter.candidates += 1;
                        counts.candidates += 1;
                    }
                    LineStatus::Conflicting => {
                        counter.conflicting += 1;
                        counts.conflicting += 1;
                    }
                    // A sync never restores (`reimport_deleted` is off).
                    LineStatus::Deleted | LineStatus::Restored => {
                        counter.deleted += 1;
                        counts.deleted += 1;
                    }
                    LineStatus::Matched => {
                        counter.matched += 1;
                        counts.matched += 1;
                        let Some(tx_id) = o.transaction_id else { continue };
                        let before = txs.get(tx_id)?;
                        if before.status != Status::Pending || line.pending {
                            continue;
                        }
                        let external_id = format!("{prefix}{}", o.fingerprint);
                        let Some(mut next) =
                            posted_transaction(&before, line, &external_id, account)
                        else {
                            continue;
                        };
                        // Sync never overwrites a payee the user set by hand.
                        if super::flow::locks_of(store.decisions(book, &[tx_id])?.first()).payee {
                            next.payee.clone_from(&before.payee);
                        }
                        let mut draft =
                            transaction::validate_with_rates(&next, &snapshot, &mut rates)
                                .map_err(|e| ImportError::sync_failed(page, &e))?;
                        draft.reversal_of = before.reversal_of;
                        upgraded.push(tx_id);
                        replace(tx_id, &before, draft, &mut replaces);
                    }
                }
            }
        }

        // Changes to transactions of earlier syncs: they follow the bank unless reconciled.
        let mut extra: Vec<(AccountId, usize, StatementLine)> = Vec::new();
        for change in std::mem::take(&mut g.changes) {
            let Change { page, account, line } = change;
            let Some(bank_id) = line.bank_id.clone() else { continue };
            let external_id = format!("imp:{}:id:{bank_id}", account.0);
            let found = store.transactions_by_external_id(book, &[&external_id])?;
            let counter = &mut g.pages[page];
            let Some(before) = found.into_iter().next() else {
                // Never seen: imported as a new line.
                extra.push((account, page, line));
                continue;
            };
            if before.deleted {
                counter.deleted += 1;
                counts.deleted += 1;
                continue;
            }
            let same = before.date == line.date
                && amount_in(&before, account) == line.amount
                && (line.payee.is_none() || before.payee == line.payee);
            if same && (before.status == Status::Pending) == line.pending {
                counter.duplicates += 1;
                counts.duplicates += 1;
                continue;
            }
            let next = (before.status != Status::Reconciled)
                .then(|| follow_bank(&before, &line, account))
                .flatten();
            let Some(mut next) = next else {
                counter.conflicting += 1;
                counts.conflicting += 1;
                continue;
            };
            if before.status == Status::Pending && !line.pending {
                next.status = Status::Cleared;
            }
            if super::flow::locks_of(store.decisions(book, &[before.id])?.first()).payee {
                next.payee.clone_from(&before.payee);
            }
            let mut draft = transaction::validate_with_rates(&next, &snapshot, &mut rates)
                .map_err(|e| ImportError::sync_failed(page, &e.within("modified.")))?;
            draft.reversal_of = before.reversal_of;
            counter.modified += 1;
            counts.modified += 1;
            modified.push(before.id);
            replace(before.id, &before, draft, &mut replaces);
        }
        for (account, page, line) in extra {
            let mut st =
                Statement::new(connection.provider.format(), &format!("sync:{}", connection.id));
            st.lines = vec![line];
            let mut options = ImportOptions::new(account, connection.counter_account);
            options.dry_run = true;
            options.assert_balance = false;
            let result = self.run_locked(&Source::Statement(&st), &options, Sizes::DEFAULT)?;
            let Some(o) = result.lines.first() else { continue };
            if o.status == LineStatus::New {
                let mut new = transaction_of(
                    &st.lines[0],
                    &format!("imp:{}:{}", account.0, o.fingerprint),
                    &options,
                );
                decide(&mut new);
                let draft = transaction::validate_with_rates(&new, &snapshot, &mut rates)
                    .map_err(|e| ImportError::sync_failed(page, &e.within("modified.")))?;
                inserts.push(draft);
                g.pages[page].added += 1;
                counts.new += 1;
            } else {
                g.pages[page].duplicates += 1;
                counts.duplicates += 1;
            }
        }

        // Removals: the imported transaction is soft-deleted (and so remembered), unless it is
        // the pending one a posted line of this sync replaces, or it is reconciled.
        let mut deletes = Vec::new();
        for removal in std::mem::take(&mut g.removals) {
            let ids: Vec<String> = removal
                .accounts
                .iter()
                .map(|a| format!("imp:{}:id:{}", a.0, removal.bank_id))
                .collect();
            let asked: Vec<&str> = ids.iter().map(String::as_str).collect();
            let found = store.transactions_by_external_id(book, &asked)?;
            let counter = &mut g.pages[removal.page];
            let Some(tx) = found.into_iter().next() else {
                counter.duplicates += 1;
                counts.duplicates += 1;
                continue;
            };
            if tx.deleted || upgraded.contains(&tx.id) || deletes.iter().any(|(id, _)| *id == tx.id)
            {
                counter.duplicates += 1;
                counts.duplicates += 1;
                continue;
            }
            if tx.status == Status::Reconciled {
                counter.conflicting += 1;
                counts.conflicting += 1;
                continue;
            }
            let audit = self.book.audit(
                AuditAction::Delete,
                EntityKind::Transaction,
                Some(tx.id.0),
                Some(&tx),
                None::<&()>,
            );
            counter.removed += 1;
            counts.removed += 1;
            removed.push(tx.id);
            deletes.push((tx.id, audit));
        }

        let mut after = connection.clone();
        after.cursor = g.cursor;
        after.status = ConnectionStatus::Active;
        after.last_error = None;
        after.last_sync_at = Some(now);
        after.updated_at = now;
        let connection_audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Connection,
            Some(connection.id.0),
            Some(&redacted(connection)),
            Some(&redacted(&after)),
        );
        let insert_audit = self.book.audit(
            AuditAction::CreateBatch,
            EntityKind::Transaction,
            None,
            None::<&()>,
            Some(&serde_json::json!({ "count": inserts.len() })),
        );
        let batch =
            (!inserts.is_empty() || !replaces.is_empty() || !deletes.is_empty()).then(|| {
                upgraded.sort();
                modified.sort();
                removed.sort();
                let batch = ImportBatch {
                    id: ImportBatchId(0),
                    kind: BatchKind::Sync,
                    file: None,
                    format: Some(connection.provider.format()),
                    account: connection.accounts.first().map(|a| a.account_id),
                    connection_id: Some(connection.id),
                    created_at: now,
                    undone_at: None,
                    counts,
                    written: Vec::new(),
                    restored: Vec::new(),
                    upgraded,
                    modified,
                    removed,
                };
                let audit = self.book.audit(
                    AuditAction::Create,
                    EntityKind::ImportBatch,
                    None,
                    None::<&()>,
                    Some(&serde_json::json!({
                        "kind": "sync",
                        "connection": connection.id,
                        "new": counts.new,
                        "modified": counts.modified,
                        "removed": counts.removed,
                    })),
                );
                (batch, audit)
            });
        let write = SyncWrite {
            connection: after,
            connection_audit,
            inserts,
            insert_audit,
            replaces,
            deletes,
            batch,
            decisions,
        };
        Ok((write, g.pages))
    }
}
