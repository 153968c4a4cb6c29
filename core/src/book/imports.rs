//! Import calls of a book: a parsed [`Statement`] goes into one account, exactly once.
//!
//! Every line gets a stable fingerprint: the bank's own id where the file has one, else a hash
//! of its content (date, amount, payee, memo) plus its occurrence among identical lines of the
//! same statement, so N identical genuine rows give N transactions and re-importing the file
//! gives none. The fingerprint is the transaction's external id (`imp:<account>:<fingerprint>`),
//! so a transaction the user deleted is remembered (it stays in the book, deleted) and is not
//! imported again unless the caller asks. Lines without a fingerprint match are compared with
//! the transactions already in the account (amount exactly, date within a window, payee
//! similarity) and linked or offered as candidates instead of being imported twice. New lines
//! are written as one batch (one database transaction); a dry run plans without writing.

use crate::account::AccountError;
use crate::ids::{AccountId, TransactionId};
use crate::import::csv::CsvProfile;
use crate::import::plan::{ImportMode, ImportOptions, ImportResult, LineOutcome, LineStatus};
use crate::import::read::{parse_statements, ParseOptions};
use crate::import::{Statement, StatementLine};
use crate::money;
use crate::query::{
    AssertionResult, BalanceAssertion, NewBalanceAssertion, PageRequest, SortOrder,
    TransactionFilter,
};
use crate::transaction::{NewSplit, NewTransaction, Source, Status, Transaction};
use crate::{AssertionId, Result};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::context::Snapshot;
use super::Book;

/// Import calls of a [`Book`].
#[derive(Debug)]
pub struct Imports<'a> {
    book: &'a Book,
}

/// A line on its way: its fingerprint and what is known so far.
struct Pending {
    outcome: LineOutcome,
    external_id: String,
}

impl<'a> Imports<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Reads a bank file of any supported format (see [`parse_statements`]).
    ///
    /// # Errors
    ///
    /// `malformed_line`, `unreadable_file`.
    pub fn parse(&self, bytes: &[u8], options: &ParseOptions) -> Result<Vec<Statement>> {
        parse_statements(bytes, options)
    }

    /// A CSV column mapping suggested from a file's header and data, for the caller to confirm.
    ///
    /// # Errors
    ///
    /// `unreadable_file`, `malformed_line` when the data fits no mapping.
    pub fn suggest_csv_profile(&self, bytes: &[u8], file_name: &str) -> Result<CsvProfile> {
        crate::import::csv::suggest_profile(bytes, file_name)
    }

    /// Reads a bank file and imports its statement into `options.account`.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse) and [`import`](Self::import); `invalid_field` when the file
    /// holds several statements (parse it and import each into its account).
    pub fn import_file(
        &self,
        bytes: &[u8],
        parse: &ParseOptions,
        options: &ImportOptions,
    ) -> Result<ImportResult> {
        let statements = parse_statements(bytes, parse)?;
        match statements.as_slice() {
            [one] => self.import(one, options),
            many => Err(crate::query::QueryError::InvalidField {
                field: "file".to_owned(),
                value: parse.file_name.clone().unwrap_or_else(|| "input".to_owned()),
                reason: format!(
                    "the file holds {} statements; parse it and import each into its account",
                    many.len()
                ),
            }
            .into()),
        }
    }

    /// Imports a statement into `options.account` (see the [module](self) for the rules).
    ///
    /// # Errors
    ///
    /// `account_not_found` (field `account` or `counter_account`), `read_only`, `storage`.
    /// Bad lines are not errors: they come back as `rejected` outcomes with their reason (and
    /// in strict mode nothing is written).
    pub fn import(&self, statement: &Statement, options: &ImportOptions) -> Result<ImportResult> {
        // Plan and write under the book's import lock: a second import of the same file waits
        // and then sees the first one's lines as duplicates.
        let lock = {
            let mut locks = self
                .book
                .engine
                .import_locks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(locks.entry(self.book.id()).or_default())
        };
        let _held = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !options.dry_run {
            self.book.check_writable()?;
        }
        let snapshot = Snapshot::load(self.book)?;
        let account = |field: &str, id: AccountId| {
            snapshot.accounts.get(&id).cloned().ok_or_else(|| {
                crate::Error::from(AccountError::NotFound { field: field.to_owned(), id })
            })
        };
        let target = account("account", options.account)?;
        account("counter_account", options.counter_account)?;
        let scale = super::rates::known(&snapshot, "account", &target.currency)?;

        let mut pending = Vec::with_capacity(statement.lines.len());
        let mut occurrences: HashMap<String, u32> = HashMap::new();
        for (index, line) in statement.lines.iter().enumerate() {
            let fingerprint = match line.bank_id.as_deref().map(str::trim).filter(|b| !b.is_empty())
            {
                Some(id) => format!("id:{id}"),
                None => {
                    let hash = content_hash(line);
                    let n = occurrences.entry(hash.clone()).or_insert(0);
                    *n += 1;
                    format!("h:{hash}:{n}")
                }
            };
            let mut outcome = LineOutcome {
                index,
                line: line.line,
                status: LineStatus::New,
                fingerprint: fingerprint.clone(),
                transaction_id: None,
                score: None,
                reasons: Vec::new(),
                field: None,
            };
            let currency = line.currency.as_ref().or(statement.account.currency.as_ref());
            if let Some(c) = currency.filter(|c| **c != target.currency) {
                reject(
                    &mut outcome,
                    "currency",
                    format!("the line is in {c}; {} is kept in {}", target.path, target.currency),
                );
            } else if let Err(e) =
                money::check_amount(line.amount, &target.currency, scale, "amount")
            {
                let e = crate::Error::from(e);
                reject(&mut outcome, "amount", format!("{}: {e}", e.code()));
            }
            let external_id = format!("imp:{}:{fingerprint}", options.account.0);
            pending.push(Pending { outcome, external_id });
        }

        // Lines imported before, by fingerprint (deleted ones included).
        let mut known: HashMap<String, Transaction> = HashMap::new();
        for chunk in pending.chunks(500) {
            let ids: Vec<&str> = chunk.iter().map(|p| p.external_id.as_str()).collect();
            for tx in self.book.engine.store.transactions_by_external_id(self.book.id(), &ids)? {
                if let Some(ext) = tx.external_id.clone() {
                    known.insert(ext, tx);
                }
            }
        }
        for (p, line) in pending.iter_mut().zip(&statement.lines) {
            if p.outcome.status == LineStatus::Rejected {
                continue;
            }
            let Some(tx) = known.get(&p.external_id) else { continue };
            p.outcome.transaction_id = Some(tx.id);
            p.outcome.status = if tx.deleted {
                if options.reimport_deleted {
                    LineStatus::Restored
                } else {
                    LineStatus::Deleted
                }
            } else if tx.date == line.date && amount_in(tx, options.account) == line.amount {
                LineStatus::Duplicate
            } else {
                p.outcome.reasons.push(format!(
                    "imported before as {} {} on {}; the file now says {} on {}",
                    amount_in(tx, options.account),
                    target.currency,
                    tx.date,
                    line.amount,
                    line.date
                ));
                LineStatus::Conflicting
            };
        }

        let mut upgrades = self.posted_by_pending_id(statement, &mut pending, options)?;
        upgrades.extend(self.match_existing(statement, &mut pending, options, &known)?);

        let mut new_txs = Vec::new();
        let mut new_slots = Vec::new();
        for (i, (p, line)) in pending.iter().zip(&statement.lines).enumerate() {
            if p.outcome.status == LineStatus::New {
                new_txs.push(transaction_of(line, &p.external_id, options));
                new_slots.push(i);
            }
        }
        let mut result = summary(statement, options, &pending);
        let rejected = result.rejected > 0;
        if options.dry_run || (rejected && options.mode == ImportMode::Strict) {
            result.lines = pending.into_iter().map(|p| p.outcome).collect();
            result.balance_check = self.balance_check(statement, options, &result.lines, false)?;
            return Ok(result);
        }
        let txs = self.book.transactions();
        let ids = if new_txs.is_empty() { Vec::new() } else { txs.add_batch(&new_txs)? };
        for (slot, id) in new_slots.iter().zip(&ids) {
            pending[*slot].outcome.transaction_id = Some(*id);
        }
        let mut written = ids;
        for p in pending.iter().filter(|p| p.outcome.status == LineStatus::Restored) {
            if let Some(id) = p.outcome.transaction_id {
                txs.restore(id)?;
                written.push(id);
            }
        }
        for (index, id) in upgrades {
            if let (Some(line), Some(p)) = (statement.lines.get(index), pending.get(index)) {
                self.post_pending(id, line, &p.external_id, options)?;
            }
        }
        written.sort();
        result.transaction_ids = written;
        result.committed = true;
        result.lines = pending.into_iter().map(|p| p.outcome).collect();
        result.balance_check = self.balance_check(statement, options, &result.lines, true)?;
        Ok(result)
    }

    /// Undoes an import as a whole: deletes the transactions it wrote (its
    /// [`ImportResult::transaction_ids`]). They stay remembered, so importing the file again
    /// brings them back only with `reimport_deleted`. Returns how many were deleted; ones
    /// already deleted are skipped.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `read_only`.
    pub fn undo(&self, transaction_ids: &[TransactionId]) -> Result<u64> {
        self.book.check_writable()?;
        let txs = self.book.transactions();
        let mut count = 0;
        for id in transaction_ids {
            if !txs.get(*id)?.deleted {
                txs.delete(*id, crate::EditOptions::default())?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// Posted lines that name the pending line they replace (Plaid's `pending_transaction_id`):
    /// when that pending line was imported, it becomes this posted one instead of a second
    /// transaction.
    fn posted_by_pending_id(
        &self,
        statement: &Statement,
        pending: &mut [Pending],
        options: &ImportOptions,
    ) -> Result<Vec<(usize, TransactionId)>> {
        let wanted: Vec<(usize, String)> = pending
            .iter()
            .zip(&statement.lines)
            .enumerate()
            .filter(|(_, (p, l))| p.outcome.status == LineStatus::New && !l.pending)
            .filter_map(|(i, (_, l))| {
                let id = l.pending_id.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
                Some((i, format!("imp:{}:id:{id}", options.account.0)))
            })
            .collect();
        let mut upgrades = Vec::new();
        for chunk in wanted.chunks(500) {
            let ids: Vec<&str> = chunk.iter().map(|(_, e)| e.as_str()).collect();
            let found = self.book.engine.store.transactions_by_external_id(self.book.id(), &ids)?;
            for (i, ext) in chunk {
                let Some(tx) = found.iter().find(|t| t.external_id.as_deref() == Some(ext)) else {
                    continue;
                };
                if tx.deleted || tx.status != Status::Pending {
                    continue;
                }
                let Some(slot) = pending.get_mut(*i) else { continue };
                let outcome = &mut slot.outcome;
                outcome.status = LineStatus::Matched;
                outcome.transaction_id = Some(tx.id);
                outcome.score = Some(100);
                outcome.reasons = vec![format!("the pending transaction {} posted", tx.id.0)];
                upgrades.push((*i, tx.id));
            }
        }
        Ok(upgrades)
    }

    /// Turns an imported pending transaction into the posted line: its date, amount, payee and
    /// status follow the bank, and it takes the posted line's fingerprint, so a re-import finds
    /// it. A category the user set stays (the amount moves with it when there are two splits).
    fn post_pending(
        &self,
        id: TransactionId,
        line: &StatementLine,
        external_id: &str,
        options: &ImportOptions,
    ) -> Result<()> {
        let txs = self.book.transactions();
        let before = txs.get(id)?;
        let mut next = NewTransaction::from(&before);
        if amount_in(&before, options.account) != line.amount {
            if next.splits.len() != 2 {
                // A split purchase whose total changed is left for the user; reported matched.
                return Ok(());
            }
            for split in &mut next.splits {
                split.amount =
                    if split.account_id == options.account { line.amount } else { -line.amount };
                split.price = None;
            }
        }
        next.date = line.date;
        next.posted_date = line.posted_date.filter(|p| *p >= line.date);
        next.status = Status::Cleared;
        next.external_id = Some(external_id.to_owned());
        if line.payee.is_some() {
            next.payee = line.payee.clone();
        }
        txs.edit(id, next, crate::EditOptions::default())?;
        Ok(())
    }

    /// Links lines to transactions already in the account, or offers them as candidates.
    fn match_existing(
        &self,
        statement: &Statement,
        pending: &mut [Pending],
        options: &ImportOptions,
        known: &HashMap<String, Transaction>,
    ) -> Result<Vec<(usize, TransactionId)>> {
        let open: Vec<usize> =
            (0..pending.len()).filter(|i| pending[*i].outcome.status == LineStatus::New).collect();
        let dates = open.iter().filter_map(|i| statement.lines.get(*i)).map(|l| l.date);
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            return Ok(Vec::new());
        };
        let days = chrono::Duration::days(i64::from(options.match_days));
        let filter = TransactionFilter {
            date_from: first.checked_sub_signed(days),
            date_to: last.checked_add_signed(days),
            accounts: vec![options.account],
            ..TransactionFilter::default()
        };
        let already: HashSet<TransactionId> = known.values().map(|t| t.id).collect();
        let mut by_amount: HashMap<Decimal, Vec<Transaction>> = HashMap::new();
        let mut page = PageRequest::first(crate::query::MAX_PAGE_LIMIT, SortOrder::Ascending);
        loop {
            let found = self.book.transactions().search(&filter, page)?;
            let found = Found {
                items_len: found.items.len(),
                offset: found.offset,
                total: found.total,
                items: found.items,
            };
            for tx in found.items {
                // A transaction imported into this account is its own line's, unless it is still
                // pending: then a posted line may be the same purchase.
                let prefix = format!("imp:{}:", options.account.0);
                let imported = tx.external_id.as_deref().is_some_and(|e| e.starts_with(&prefix));
                if (!imported || tx.status == Status::Pending) && !already.contains(&tx.id) {
                    by_amount
                        .entry(amount_in(&tx, options.account).normalize())
                        .or_default()
                        .push(tx);
                }
            }
            let seen = found.offset + u64::try_from(found.items_len).unwrap_or(u64::MAX);
            if seen >= found.total {
                break;
            }
            page.offset = seen;
        }
        let mut taken: HashSet<TransactionId> = HashSet::new();
        let mut upgrades = Vec::new();
        for i in open {
            let Some(line) = statement.lines.get(i) else { continue };
            let Some(candidates) = by_amount.get(&line.amount.normalize()) else { continue };
            let best = candidates
                .iter()
                .filter(|tx| !taken.contains(&tx.id))
                .filter_map(|tx| score(line, tx, options.match_days).map(|s| (s, tx)))
                .max_by_key(|(s, tx)| (s.0, std::cmp::Reverse(tx.id)));
            let Some(((points, reasons), tx)) = best else { continue };
            let outcome = &mut pending[i].outcome;
            if points >= options.link_score {
                outcome.status = LineStatus::Matched;
                taken.insert(tx.id);
                if tx.status == Status::Pending && !line.pending {
                    upgrades.push((i, tx.id));
                }
            } else if points >= options.candidate_score {
                outcome.status = LineStatus::Candidate;
            } else {
                continue;
            }
            outcome.transaction_id = Some(tx.id);
            outcome.score = Some(points);
            outcome.reasons = reasons;
        }
        Ok(upgrades)
    }

    /// The statement's closing balance against the book (after the import, or as planned).
    fn balance_check(
        &self,
        statement: &Statement,
        options: &ImportOptions,
        lines: &[LineOutcome],
        written: bool,
    ) -> Result<Option<AssertionResult>> {
        let Some(closing) = statement.closing_balance.as_ref().filter(|_| options.assert_balance)
        else {
            return Ok(None);
        };
        let accounts = self.book.accounts();
        if written {
            let exists = accounts.assertions()?.into_iter().find(|a| {
                a.account_id == options.account
                    && a.date == closing.date
                    && a.amount == closing.amount
            });
            let assertion = match exists {
                Some(a) => a,
                None => accounts.add_assertion(NewBalanceAssertion {
                    account_id: options.account,
                    date: closing.date,
                    amount: closing.amount,
                    commodity: None,
                })?,
            };
            return Ok(accounts
                .check_assertions()?
                .into_iter()
                .find(|r| r.assertion.id == assertion.id));
        }
        // Planned: the balance now plus the lines this import would add up to that day.
        let now: Decimal = accounts
            .balances(Some(closing.date))?
            .into_iter()
            .filter(|b| b.account_id == options.account)
            .map(|b| b.total)
            .sum();
        let planned: Decimal = lines
            .iter()
            .filter(|o| matches!(o.status, LineStatus::New | LineStatus::Restored))
            .filter_map(|o| statement.lines.get(o.index))
            .filter(|l| l.date <= closing.date)
            .map(|l| l.amount)
            .sum();
        let actual = now + planned;
        Ok(Some(AssertionResult {
            assertion: BalanceAssertion {
                id: AssertionId(0),
                account_id: options.account,
                date: closing.date,
                amount: closing.amount,
                commodity: statement.account.currency.clone().unwrap_or_default(),
            },
            actual,
            difference: actual - closing.amount,
            passed: actual == closing.amount,
        }))
    }
}

/// A page of the search, with its length kept before the rows are moved out.
struct Found {
    items_len: usize,
    offset: u64,
    total: u64,
    items: Vec<Transaction>,
}

fn reject(outcome: &mut LineOutcome, field: &str, reason: String) {
    outcome.status = LineStatus::Rejected;
    outcome.field = Some(field.to_owned());
    outcome.reasons.push(reason);
}

/// The sum of a transaction's splits in `account`.
fn amount_in(tx: &Transaction, account: AccountId) -> Decimal {
    tx.splits.iter().filter(|s| s.account_id == account).map(|s| s.amount).sum()
}

/// A hash of what identifies a line without a bank id: date, amount, payee and memo, with
/// case and spacing normalized. Sixteen hex digits of SHA-256: stable across versions.
fn content_hash(line: &StatementLine) -> String {
    let norm = |t: &Option<String>| {
        t.as_deref().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    };
    let mut h = Sha256::new();
    h.update(line.date.to_string().as_bytes());
    h.update([0]);
    h.update(line.amount.normalize().to_string().as_bytes());
    h.update([0]);
    h.update(norm(&line.payee).as_bytes());
    h.update([0]);
    h.update(norm(&line.memo).as_bytes());
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Words of a payee or memo, lowercased, digits dropped (store numbers, dates).
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .collect()
}

/// Score (0-100) of a book transaction as the same as a line whose amount it already equals:
/// 60 for the amount, up to 20 for the date, up to 20 for the payee. `None` outside the window.
fn score(line: &StatementLine, tx: &Transaction, window: u32) -> Option<(u32, Vec<String>)> {
    let days = u32::try_from((tx.date - line.date).num_days().unsigned_abs()).ok()?;
    if days > window {
        return None;
    }
    let mut reasons = vec!["same amount".to_owned()];
    let date_points = 20 - 20 * days / (window + 1);
    reasons.push(if days == 0 { "same date".to_owned() } else { format!("{days} days apart") });
    let line_words: HashSet<String> =
        [&line.payee, &line.memo].into_iter().flatten().flat_map(|t| words(t)).collect();
    let tx_words: HashSet<String> =
        [&tx.payee, &tx.narration].into_iter().flatten().flat_map(|t| words(t)).collect();
    let union = line_words.union(&tx_words).count();
    let common = line_words.intersection(&tx_words).count();
    let payee_points =
        (20 * common).checked_div(union).and_then(|p| u32::try_from(p).ok()).unwrap_or(0);
    if common > 0 {
        reasons.push(format!("payee shares {common} of {union} words"));
    } else {
        reasons.push("payee differs".to_owned());
    }
    Some((60 + date_points + payee_points, reasons))
}

fn transaction_of(
    line: &StatementLine,
    external_id: &str,
    options: &ImportOptions,
) -> NewTransaction {
    let mut tx = NewTransaction::new(
        line.date,
        vec![
            NewSplit::new(options.account, line.amount),
            NewSplit::new(options.counter_account, -line.amount),
        ],
    )
    .source(Source::Import)
    .external_id(external_id)
    .status(if line.pending { Status::Pending } else { Status::Cleared });
    tx.posted_date = line.posted_date.filter(|p| *p >= line.date);
    tx.payee = line.payee.clone();
    tx.narration = line.memo.clone();
    if let Some(check) = &line.check_number {
        tx.notes = Some(format!("check {check}"));
    }
    tx
}

fn summary(statement: &Statement, options: &ImportOptions, pending: &[Pending]) -> ImportResult {
    let count = |s: LineStatus| {
        u64::try_from(pending.iter().filter(|p| p.outcome.status == s).count()).unwrap_or(u64::MAX)
    };
    ImportResult {
        file: statement.file.clone(),
        account: options.account,
        committed: false,
        lines: Vec::new(),
        new: count(LineStatus::New),
        duplicates: count(LineStatus::Duplicate),
        matched: count(LineStatus::Matched),
        candidates: count(LineStatus::Candidate),
        conflicting: count(LineStatus::Conflicting),
        deleted: count(LineStatus::Deleted),
        restored: count(LineStatus::Restored),
        rejected: count(LineStatus::Rejected),
        transaction_ids: Vec::new(),
        balance_check: None,
    }
}
