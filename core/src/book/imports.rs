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
//!
//! An import of any size holds a chunk of lines at a time, never the whole statement as
//! transactions: every line is planned first (fingerprints, then the fingerprints imported
//! before, looked up in long sorted lists while a second thread goes on reading, then the
//! matches when the account has transactions they could match), and nothing is written until
//! every line is planned; the new lines are then read again, validated and written in chunks
//! inside the one database transaction, a second thread building the next chunk while the store
//! writes one. A CSV file given to [`Imports::import_file`] is read this way straight from its
//! bytes, without building its statement. Strict mode stays all or nothing, and the first new
//! line that does not validate fails the whole write.

use crate::account::{Account, AccountError};
use crate::audit::{AuditAction, EntityKind};
use crate::events::Event;
use crate::files::FileError;
use crate::ids::{AccountId, TransactionId};
use crate::import::csv::CsvProfile;
use crate::import::plan::{ImportMode, ImportOptions, ImportResult, LineOutcome, LineStatus};
use crate::import::read::{detect, parse_statements, ParseOptions};
use crate::import::records::ImportBatch;
use crate::import::{Statement, StatementAccount, StatementFormat, StatementLine};
use crate::money;
use crate::query::{
    AssertionResult, BalanceAssertion, NewBalanceAssertion, PageRequest, SortOrder,
    TransactionFilter,
};
use crate::rates::RateTable;
use crate::store::{ImportWrite, ImportedTransaction};
use crate::transaction::{
    self, NewSplit, NewTransaction, Source as TxSource, Status, Transaction, TransactionDraft,
    TransactionError,
};
use crate::{AssertionId, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use super::context::Snapshot;
use super::flow::Flow;
use super::Book;
use crate::categorization::{Locks, TransactionDecision};

/// Import calls of a [`Book`].
#[derive(Debug)]
pub struct Imports<'a> {
    pub(super) book: &'a Book,
}

/// Lines read at a time to plan them (and to match them with transactions already in the
/// account). An import holds one chunk of lines at a time (besides the outcomes it returns),
/// however long the statement.
pub(crate) const CHUNK: usize = 10_000;

/// Up to this many new transactions an import's alerts are checked on the splits it wrote
/// (kept in memory, about 100 bytes a split); a larger import checks the book-wide kinds only.
const ALERT_ROWS_MAX: usize = 200_000;

/// New transactions written per call of the store's chunk sink. Smaller than [`CHUNK`]: up to
/// three of them are in memory at once while the write pass builds the next one.
const WRITE_CHUNK: usize = 2_500;

/// The chunk sizes of an import: [`Sizes::DEFAULT`], smaller in tests so that a few lines
/// cross every boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sizes {
    /// Lines read at a time.
    pub(crate) chunk: usize,
    /// New transactions written at a time.
    pub(crate) write: usize,
    /// Lines looked up at a time.
    pub(crate) lookup: usize,
}

impl Sizes {
    /// [`CHUNK`], [`WRITE_CHUNK`] and [`LOOKUP`].
    pub(crate) const DEFAULT: Self = Self { chunk: CHUNK, write: WRITE_CHUNK, lookup: LOOKUP };
}

/// Where an import's lines come from. They are read twice, in chunks: once to plan every line
/// (nothing is written until every line is planned and every new one validated), once to write
/// the new ones.
pub(crate) enum Source<'s> {
    /// A parsed statement.
    Statement(&'s Statement),
    /// A CSV file, parsed as it is read (the statement is never built).
    Csv { bytes: &'s [u8], file: &'s str, profile: &'s CsvProfile },
}

/// What [`Source::read`] hands each chunk of lines to: the index of its first line, the
/// currency of the statement's account and the lines.
type LinesFn<'f> = dyn FnMut(usize, Option<&str>, &[StatementLine]) -> Result<()> + 'f;

impl Source<'_> {
    /// Calls `f` with the index of each chunk's first line, the currency of the statement's
    /// account and the chunk. Returns the statements of the file without their lines (one for
    /// a parsed statement: itself); a CSV file whose profile names an account column may give
    /// several, and only the lines of the first one are passed on.
    fn read(&self, chunk: usize, f: &mut LinesFn<'_>) -> Result<Vec<Cow<'_, Statement>>> {
        match self {
            Self::Statement(statement) => {
                let currency = statement.account.currency.as_deref();
                for (i, lines) in statement.lines.chunks(chunk).enumerate() {
                    f(i * chunk, currency, lines)?;
                }
                Ok(vec![Cow::Borrowed(*statement)])
            }
            Self::Csv { bytes, file, profile } => {
                let mut buffer: Vec<StatementLine> = Vec::with_capacity(chunk);
                let mut first_account: Option<StatementAccount> = None;
                let mut base = 0;
                let heads = crate::import::csv::for_each_line(*bytes, file, profile, |a, line| {
                    let account = first_account.get_or_insert_with(|| a.clone());
                    if account.account_id != a.account_id {
                        return Ok(());
                    }
                    buffer.push(line);
                    if buffer.len() >= chunk {
                        f(base, account.currency.as_deref(), &buffer)?;
                        base += buffer.len();
                        buffer.clear();
                    }
                    Ok(())
                })?;
                if !buffer.is_empty() {
                    let currency = first_account.as_ref().and_then(|a| a.currency.as_deref());
                    f(base, currency, &buffer)?;
                }
                Ok(heads.into_iter().map(Cow::Owned).collect())
            }
        }
    }
}

/// The error of a file that holds several statements.
fn several_statements(file: &str, count: usize) -> crate::Error {
    crate::query::QueryError::InvalidField {
        field: "file".to_owned(),
        value: file.to_owned(),
        reason: format!(
            "the file holds {count} statements; parse it and import each into its account"
        ),
    }
    .into()
}

/// What the write pass reads and builds the new transactions with.
struct WritePass<'p> {
    source: &'p Source<'p>,
    options: &'p ImportOptions,
    snapshot: &'p Snapshot,
    rates: Option<Arc<RateTable>>,
    prefix: &'p str,
    /// The book's categorizer, when it has anything to decide with: each new line is
    /// decided as it is built (its counter split goes to the category decided).
    flow: Option<&'p Flow>,
    at: chrono::DateTime<chrono::Utc>,
}

/// A chunk of new transactions and, when the categorizer ran, their decisions.
type DraftChunk = (Vec<TransactionDraft>, Vec<TransactionDecision>);

impl WritePass<'_> {
    /// Reads the lines and hands the validated transactions of the new ones (`outcomes` says
    /// which) to `emit`, `chunk` at a time, until `emit` returns false. The first line that
    /// does not validate, or that repeats the bank id of an earlier one, is an error (as
    /// `add_batch` refuses such a batch, with the field of the transaction at fault).
    fn drafts(
        &self,
        outcomes: &[LineOutcome],
        chunk: usize,
        emit: &mut dyn FnMut(DraftChunk) -> Result<bool>,
    ) -> Result<()> {
        let mut rates = || -> Result<Arc<RateTable>> {
            // Fetched before the write when the currencies differ, the only case that needs it.
            self.rates.clone().ok_or_else(|| {
                crate::store::StoreError::Backend {
                    message: "a rate for an import between accounts in one currency".to_owned(),
                }
                .into()
            })
        };
        // The external ids of the new lines with a bank id (the others are unique by
        // construction).
        let mut bank_ids: HashSet<String> = HashSet::new();
        let mut drafts: Vec<TransactionDraft> = Vec::with_capacity(chunk);
        let mut decisions: Vec<TransactionDecision> = Vec::new();
        let mut built = 0usize;
        self.source.read(chunk, &mut |base, _, lines| {
            for (k, line) in lines.iter().enumerate() {
                let o = &outcomes[base + k];
                if o.status != LineStatus::New {
                    continue;
                }
                let i = built;
                built += 1;
                let external_id = format!("{}{}", self.prefix, o.fingerprint);
                let mut new = transaction_of(line, &external_id, self.options);
                if let Some(flow) = self.flow {
                    let decided =
                        flow.decide(&mut new, &self.snapshot.accounts, Locks::default(), self.at);
                    decisions.push(match decided {
                        Some((_, decision)) => decision,
                        None => TransactionDecision::undecided(TransactionId(0), self.at),
                    });
                }
                let draft = transaction::validate_with_rates(&new, self.snapshot, &mut rates)
                    .map_err(|e| e.within(&format!("transactions[{i}].")))?;
                if line.bank_id.as_deref().is_some_and(|b| !b.trim().is_empty())
                    && !bank_ids.insert(external_id.clone())
                {
                    return Err(TransactionError::InvalidField {
                        field: format!("transactions[{i}].external_id"),
                        value: external_id,
                        reason: "appears twice in the batch".to_owned(),
                    }
                    .into());
                }
                drafts.push(draft);
                if drafts.len() >= chunk
                    && !emit((
                        std::mem::replace(&mut drafts, Vec::with_capacity(chunk)),
                        std::mem::take(&mut decisions),
                    ))?
                {
                    // The writer stopped on an error of its own: stop reading (this error is
                    // not seen).
                    return Err(stopped());
                }
            }
            Ok(())
        })?;
        if !drafts.is_empty() {
            emit((drafts, decisions))?;
        }
        Ok(())
    }
}

/// Chunks of fingerprinted lines the reading thread may be ahead of the look-ups (a look-up of
/// [`LOOKUP`] lines takes about as long as reading eight chunks).
const PRINTED_AHEAD: usize = 8;

/// The error a thread of an import stops with when the other one stopped first (never seen:
/// the other thread's error is returned).
fn stopped() -> crate::Error {
    crate::store::StoreError::Backend { message: "the import stopped".to_owned() }.into()
}

/// Lines whose fingerprints are looked up at once. The store probes them in sorted order, so a
/// longer list reads each page of its index once for more of them.
const LOOKUP: usize = 100_000;

/// The occurrences of content hashes among the lines without a bank id: a set of the hashes
/// seen, and counts only for those seen more than once (rare), so a million lines cost one
/// 8-byte entry each.
#[derive(Default)]
struct Occurrences {
    seen: HashSet<u64, BuildPassThrough>,
    repeated: HashMap<u64, u32, BuildPassThrough>,
}

impl Occurrences {
    /// Counts one more line with `hash` and returns how many there were so far (1-based).
    fn next(&mut self, hash: u64) -> u32 {
        if self.seen.insert(hash) {
            return 1;
        }
        let n = self.repeated.entry(hash).or_insert(1);
        *n += 1;
        *n
    }
}

/// A hasher for keys that are already uniformly distributed (the first 8 bytes of SHA-256).
#[derive(Default, Clone, Copy)]
struct BuildPassThrough;

impl std::hash::BuildHasher for BuildPassThrough {
    type Hasher = PassThrough;
    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// What the planning steps learn: every line's outcome, and what the write and the balance
/// check need. Three steps: every line's fingerprint and checks (reading the lines), the known
/// fingerprints (in long sorted lists, while the lines are still being read), then the matches
/// of the new lines (reading the lines again, only when the account has transactions they
/// could match).
struct Plan<'i> {
    imports: &'i Imports<'i>,
    options: &'i ImportOptions,
    target: Account,
    /// `imp:<account>:`, the external ids' prefix.
    prefix: String,
    /// Lines looked up so far, and at a time.
    looked: usize,
    lookup: usize,
    /// Date and amount of every line, for the look-up and the planned balance.
    keys: Vec<(NaiveDate, Decimal)>,
    /// Book transactions a line was matched to (one line each).
    taken: HashSet<TransactionId>,
    /// Transactions a line of this file was imported as before (found by fingerprint).
    known_ids: HashSet<TransactionId>,
    /// Posted lines naming the pending line they replace: (index, the pending line's bank id).
    posted: Vec<(usize, String)>,
    /// Lines whose pending transaction posted: (index, the transaction), edited after the write.
    upgrades: Vec<(usize, TransactionId)>,
    outcomes: Vec<LineOutcome>,
}

/// The first step, one chunk of lines at a time: every line's fingerprint, outcome (new, or
/// rejected for its currency or amount), date and amount. It runs on the thread that reads the
/// file.
struct Prints<'p> {
    target: &'p Account,
    scale: u32,
    occurrences: Occurrences,
    /// Reused to build the bytes a content hash covers.
    buffer: String,
}

/// The first step's output for a chunk of lines.
#[derive(Default)]
struct Printed {
    outcomes: Vec<LineOutcome>,
    keys: Vec<(NaiveDate, Decimal)>,
    /// Posted lines that name their pending line: (index, its bank id).
    posted: Vec<(usize, String)>,
}

impl Prints<'_> {
    /// The lines with indexes `base..`, read from a statement whose account is in `currency`.
    fn chunk(&mut self, base: usize, currency: Option<&str>, lines: &[StatementLine]) -> Printed {
        let mut out = Printed {
            outcomes: Vec::with_capacity(lines.len()),
            keys: Vec::with_capacity(lines.len()),
            posted: Vec::new(),
        };
        for (k, line) in lines.iter().enumerate() {
            let fingerprint = match line.bank_id.as_deref().map(str::trim).filter(|b| !b.is_empty())
            {
                Some(id) => format!("id:{id}"),
                None => {
                    let hash = content_hash(line, &mut self.buffer);
                    hash_fingerprint(hash, self.occurrences.next(hash))
                }
            };
            let mut outcome = LineOutcome {
                index: base + k,
                line: line.line,
                status: LineStatus::New,
                fingerprint,
                transaction_id: None,
                score: None,
                reasons: Vec::new(),
                field: None,
            };
            let target = self.target;
            let currency = line.currency.as_deref().or(currency);
            if let Some(c) = currency.filter(|c| *c != target.currency) {
                reject(
                    &mut outcome,
                    "currency",
                    format!("the line is in {c}; {} is kept in {}", target.path, target.currency),
                );
            } else if let Err(e) =
                money::check_amount(line.amount, &target.currency, self.scale, "amount")
            {
                let e = crate::Error::from(e);
                reject(&mut outcome, "amount", format!("{}: {e}", e.code()));
            }
            if !line.pending && outcome.status == LineStatus::New {
                if let Some(id) =
                    line.pending_id.as_deref().map(str::trim).filter(|t| !t.is_empty())
                {
                    out.posted.push((base + k, id.to_owned()));
                }
            }
            out.outcomes.push(outcome);
            out.keys.push((line.date, line.amount));
        }
        out
    }
}

impl Plan<'_> {
    /// Adds the first step's output for the next lines; looks up the lines not yet looked up
    /// once there are enough of them ([`LOOKUP`]; all that are left when `last`).
    fn add(&mut self, printed: Printed, last: bool) -> Result<()> {
        self.outcomes.extend(printed.outcomes);
        self.keys.extend(printed.keys);
        self.posted.extend(printed.posted);
        while self.outcomes.len() - self.looked >= self.lookup
            || (last && self.looked < self.outcomes.len())
        {
            let end = (self.looked + self.lookup).min(self.outcomes.len());
            self.known(self.looked, end)?;
            self.looked = end;
        }
        Ok(())
    }

    /// Second step: the lines `start..end` imported before, by fingerprint (deleted ones
    /// included), looked up at once in fingerprint order.
    fn known(&mut self, start: usize, end: usize) -> Result<()> {
        let book = self.imports.book;
        let account = self.options.account;
        let outcomes = &self.outcomes;
        // Sorted by the first 16 bytes as a number, then by the whole text on a tie: the
        // order of the text, with an integer comparison for almost every pair, on a
        // compact array rather than through the outcomes.
        let head = |i: usize| {
            let bytes = outcomes[i].fingerprint.as_bytes();
            let mut word = [0u8; 16];
            let n = bytes.len().min(16);
            word[..n].copy_from_slice(&bytes[..n]);
            u128::from_be_bytes(word)
        };
        let mut keyed: Vec<(u128, usize)> = (start..end)
            .filter(|i| outcomes[*i].status != LineStatus::Rejected)
            .map(|i| (head(i), i))
            .collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| outcomes[a.1].fingerprint.cmp(&outcomes[b.1].fingerprint))
        });
        let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
        // One entry per distinct fingerprint (a bank id may repeat), with its lines.
        let mut text = String::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut groups: Vec<usize> = Vec::new();
        for (at, &i) in order.iter().enumerate() {
            let fingerprint = &outcomes[i].fingerprint;
            if at == 0 || *fingerprint != outcomes[order[at - 1]].fingerprint {
                text.push_str(&self.prefix);
                text.push_str(fingerprint);
                ends.push(text.len());
                groups.push(at);
            }
        }
        let mut ids: Vec<&str> = Vec::with_capacity(ends.len());
        let mut from = 0;
        for &to in &ends {
            ids.push(text.get(from..to).unwrap_or_default());
            from = to;
        }
        let found = book.engine.store.imported_transactions(book.id(), account, &ids)?;
        for tx in found {
            let Some(&first) = groups.get(tx.index) else { continue };
            let last = groups.get(tx.index + 1).copied().unwrap_or(order.len());
            for &i in order.get(first..last).unwrap_or_default() {
                self.set_known(i, &tx);
            }
        }
        Ok(())
    }

    /// What line `i` is, given the transaction an import wrote for its fingerprint.
    fn set_known(&mut self, i: usize, tx: &ImportedTransaction) {
        let (date, amount) = self.keys[i];
        let outcome = &mut self.outcomes[i];
        outcome.transaction_id = Some(tx.id);
        self.known_ids.insert(tx.id);
        outcome.status = if tx.deleted {
            if self.options.reimport_deleted {
                LineStatus::Restored
            } else {
                LineStatus::Deleted
            }
        } else if tx.date == date && tx.amount == amount {
            LineStatus::Duplicate
        } else {
            outcome.reasons.push(format!(
                "imported before as {} {} on {}; the file now says {} on {}",
                tx.amount, self.target.currency, tx.date, amount, date
            ));
            LineStatus::Conflicting
        };
    }

    /// Posted lines that name the pending line they replace (Plaid's `pending_transaction_id`):
    /// when that pending line was imported and is still pending, it becomes this posted one
    /// instead of a second transaction.
    fn posted_by_pending_id(&mut self) -> Result<()> {
        let book = self.imports.book;
        let posted = std::mem::take(&mut self.posted);
        for chunk in posted.chunks(500) {
            let ids: Vec<String> =
                chunk.iter().map(|(_, id)| format!("{}id:{id}", self.prefix)).collect();
            let asked: Vec<&str> = ids.iter().map(String::as_str).collect();
            let found = book.engine.store.transactions_by_external_id(book.id(), &asked)?;
            for ((i, _), ext) in chunk.iter().zip(&ids) {
                let Some(tx) = found.iter().find(|t| t.external_id.as_deref() == Some(ext)) else {
                    continue;
                };
                let outcome = &mut self.outcomes[*i];
                if tx.deleted
                    || tx.status != Status::Pending
                    || outcome.status != LineStatus::New
                    || !self.taken.insert(tx.id)
                {
                    continue;
                }
                outcome.status = LineStatus::Matched;
                outcome.transaction_id = Some(tx.id);
                outcome.score = Some(100);
                outcome.reasons = vec![format!("the pending transaction {} posted", tx.id.0)];
                self.upgrades.push((*i, tx.id));
            }
        }
        Ok(())
    }

    /// Whether a new line could match a transaction already in the account: false when there
    /// are no new lines, or the account has no transaction within the match window of their
    /// dates (a first import into an account), and the lines need not be read again.
    fn could_match(&self) -> Result<bool> {
        let dates = self
            .outcomes
            .iter()
            .zip(&self.keys)
            .filter(|(o, _)| o.status == LineStatus::New)
            .map(|(_, (date, _))| *date);
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            return Ok(false);
        };
        let days = chrono::Duration::days(i64::from(self.options.match_days));
        let filter = TransactionFilter {
            date_from: first.checked_sub_signed(days),
            date_to: last.checked_add_signed(days),
            accounts: vec![self.options.account],
            ..TransactionFilter::default()
        };
        let page = PageRequest::first(1, SortOrder::Ascending);
        Ok(self.imports.book.transactions().search(&filter, page)?.total > 0)
    }

    /// Amounts of the new and restored lines by date, for a planned balance check.
    fn planned(&self) -> BTreeMap<NaiveDate, Decimal> {
        let mut planned: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
        for (o, (date, amount)) in self.outcomes.iter().zip(&self.keys) {
            if matches!(o.status, LineStatus::New | LineStatus::Restored) {
                *planned.entry(*date).or_default() += *amount;
            }
        }
        planned
    }

    /// Links the chunk's new lines to transactions already in the account, or offers them as
    /// candidates. A book transaction is linked to one line at most, across chunks.
    fn matches(&mut self, base: usize, lines: &[StatementLine]) -> Result<()> {
        let options = self.options;
        let open: Vec<usize> = (0..lines.len())
            .filter(|k| self.outcomes[base + k].status == LineStatus::New)
            .collect();
        let dates = open.iter().map(|k| lines[*k].date);
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else { return Ok(()) };
        let days = chrono::Duration::days(i64::from(options.match_days));
        let filter = TransactionFilter {
            date_from: first.checked_sub_signed(days),
            date_to: last.checked_add_signed(days),
            accounts: vec![options.account],
            ..TransactionFilter::default()
        };
        let mut by_amount: HashMap<Decimal, Vec<Transaction>> = HashMap::new();
        let mut page = PageRequest::first(crate::query::MAX_PAGE_LIMIT, SortOrder::Ascending);
        loop {
            let found = self.imports.book.transactions().search(&filter, page)?;
            let seen = found.offset + u64::try_from(found.items.len()).unwrap_or(u64::MAX);
            let total = found.total;
            for tx in found.items {
                // A transaction imported into this account is its own line's, unless it is still
                // pending: then a posted line may be the same purchase.
                let imported =
                    tx.external_id.as_deref().is_some_and(|e| e.starts_with(&self.prefix));
                if (!imported || tx.status == Status::Pending) && !self.known_ids.contains(&tx.id) {
                    by_amount
                        .entry(amount_in(&tx, options.account).normalize())
                        .or_default()
                        .push(tx);
                }
            }
            if seen >= total {
                break;
            }
            page.offset = seen;
        }
        if by_amount.is_empty() {
            return Ok(());
        }
        for k in open {
            let line = &lines[k];
            let Some(candidates) = by_amount.get(&line.amount.normalize()) else { continue };
            let best = candidates
                .iter()
                .filter(|tx| !self.taken.contains(&tx.id))
                .filter_map(|tx| score(line, tx, options.match_days).map(|s| (s, tx)))
                .max_by_key(|(s, tx)| (s.0, std::cmp::Reverse(tx.id)));
            let Some(((points, reasons), tx)) = best else { continue };
            let outcome = &mut self.outcomes[base + k];
            if points >= options.link_score {
                outcome.status = LineStatus::Matched;
                self.taken.insert(tx.id);
                if tx.status == Status::Pending && !line.pending {
                    self.upgrades.push((base + k, tx.id));
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
        Ok(())
    }
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

    /// A CSV column mapping for a file, for the caller to confirm: the profile saved in the
    /// book whose header is the file's (see [`csv_profile_for`](Self::csv_profile_for)), else
    /// one suggested from the file's header and data.
    ///
    /// # Errors
    ///
    /// `unreadable_file`, `malformed_line` when the data fits no mapping.
    pub fn suggest_csv_profile(&self, bytes: &[u8], file_name: &str) -> Result<CsvProfile> {
        if let Some(saved) = self.saved_profile_for(bytes, file_name)? {
            return Ok(saved.profile);
        }
        crate::import::csv::suggest_profile(bytes, file_name)
    }

    /// Reads a bank file and imports its statement into `options.account`. A CSV file is
    /// imported as it is read, without building its statement: memory grows with the outcomes
    /// returned, not with the parsed lines.
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
        self.import_file_sized(bytes, parse, options, Sizes::DEFAULT)
    }

    /// [`import_file`](Self::import_file) with the given chunk sizes.
    pub(crate) fn import_file_sized(
        &self,
        bytes: &[u8],
        parse: &ParseOptions,
        options: &ImportOptions,
        sizes: Sizes,
    ) -> Result<ImportResult> {
        let file = parse.file_name.as_deref().unwrap_or("input");
        let format = parse.format.or_else(|| detect(bytes)).unwrap_or(StatementFormat::Csv);
        if format == StatementFormat::Csv {
            let saved = match &parse.csv_profile_name {
                Some(name) => Some(self.csv_profile(name)?.profile),
                None => None,
            };
            let profile = match (&parse.csv, saved) {
                (Some(p), _) => Cow::Borrowed(p),
                (None, Some(saved)) => Cow::Owned(saved),
                (None, None) => {
                    Cow::Owned(crate::import::csv::suggest_profile(bytes, file).map_err(|e| {
                        crate::Error::from(FileError::unreadable(
                            file,
                            format!("not a known bank format, and no CSV profile fits it: {e}"),
                        ))
                    })?)
                }
            };
            return self.run(&Source::Csv { bytes, file, profile: &profile }, options, sizes);
        }
        let statements = parse_statements(bytes, parse)?;
        match statements.as_slice() {
            [one] => self.run(&Source::Statement(one), options, sizes),
            many => Err(several_statements(file, many.len())),
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
        self.run(&Source::Statement(statement), options, Sizes::DEFAULT)
    }

    /// The import of every line of `source`: plan every line in chunks (fingerprints, known
    /// lines, matches, validation of the new ones), then, unless it is a dry run or a strict
    /// import with rejected lines, read the lines again and write the new ones in chunks as one
    /// database transaction. `sizes` are [`Sizes::DEFAULT`] but in tests.
    pub(crate) fn run(
        &self,
        source: &Source<'_>,
        options: &ImportOptions,
        sizes: Sizes,
    ) -> Result<ImportResult> {
        // Plan and write under the book's import lock: a second import of the same file waits
        // and then sees the first one's lines as duplicates.
        let lock = self.import_lock();
        let _held = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.run_locked(source, options, sizes)
    }

    /// The book's import lock (imports and syncs of one book run one at a time).
    pub(super) fn import_lock(&self) -> Arc<std::sync::Mutex<()>> {
        let mut locks =
            self.book.engine.import_locks.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(locks.entry(self.book.id()).or_default())
    }

    /// [`run`](Self::run) under the import lock. A committed import is one store call: its new
    /// transactions, the deleted ones it restores, the pending ones that posted and its batch
    /// record, in one database transaction.
    pub(super) fn run_locked(
        &self,
        source: &Source<'_>,
        options: &ImportOptions,
        sizes: Sizes,
    ) -> Result<ImportResult> {
        if !options.dry_run {
            self.book.check_writable()?;
        }
        let chunk = sizes.chunk.max(1);
        let snapshot = Snapshot::load(self.book)?;
        let account = |field: &str, id: AccountId| {
            snapshot.accounts.get(&id).cloned().ok_or_else(|| {
                crate::Error::from(AccountError::NotFound { field: field.to_owned(), id })
            })
        };
        let target = account("account", options.account)?;
        account("counter_account", options.counter_account)?;
        let scale = super::rates::known(&snapshot, "account", &target.currency)?;

        let mut plan = Plan {
            imports: self,
            options,
            target: target.clone(),
            prefix: format!("imp:{}:", options.account.0),
            looked: 0,
            lookup: sizes.lookup.max(1),
            keys: Vec::new(),
            taken: HashSet::new(),
            known_ids: HashSet::new(),
            posted: Vec::new(),
            upgrades: Vec::new(),
            outcomes: Vec::new(),
        };
        // The first two steps overlap: a second thread reads the lines and fingerprints them
        // while this one looks the fingerprints up (the store is called from this thread only).
        let heads = std::thread::scope(|scope| -> Result<Vec<Cow<'_, Statement>>> {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Printed>(PRINTED_AHEAD);
            let target = &target;
            let reader = scope.spawn(move || {
                let mut prints = Prints {
                    target,
                    scale,
                    occurrences: Occurrences::default(),
                    buffer: String::new(),
                };
                source.read(chunk, &mut |base, currency, lines| {
                    // A send fails only when this thread stopped on an error: stop reading.
                    sender.send(prints.chunk(base, currency, lines)).map_err(|_| stopped())
                })
            });
            for printed in receiver {
                plan.add(printed, false)?;
            }
            let heads = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            plan.add(Printed::default(), true)?;
            Ok(heads)
        })?;
        let head = match heads.as_slice() {
            [one] => one,
            many => {
                let file = many.first().map_or("input", |s| s.file.as_str());
                return Err(several_statements(file, many.len()));
            }
        };
        plan.posted_by_pending_id()?;
        if plan.could_match()? {
            source.read(chunk, &mut |base, _, lines| plan.matches(base, lines))?;
        }
        let planned = plan.planned();
        let Plan { outcomes, prefix, keys, taken, known_ids, upgrades, .. } = plan;
        drop((keys, taken, known_ids));
        let mut result = summary(head, options, &outcomes);
        let rejected = result.rejected > 0;
        if options.dry_run || (rejected && options.mode == ImportMode::Strict) {
            result.lines = outcomes;
            result.balance_check = self.balance_check(head, options, &planned, false)?;
            return Ok(result);
        }
        let new = usize::try_from(result.new).unwrap_or(usize::MAX);
        let mut outcomes = outcomes;
        // The categorizer, loaded once, runs only when it has something to decide with.
        let flow = match new {
            0 => None,
            _ => Some(Flow::load(self.book, &snapshot)?).filter(|f| f.active),
        };
        // A rate is needed only when a side is kept in another currency: fetched here, as the
        // write must not call the store.
        let counter = snapshot.accounts.get(&options.counter_account);
        let other_currency = counter.is_some_and(|c| c.currency != target.currency)
            || (flow.is_some()
                && snapshot
                    .accounts
                    .values()
                    .any(|a| super::flow::is_category(a) && a.currency != target.currency));
        let rates = if other_currency { Some(self.book.rates().table()?) } else { None };
        let txs = self.book.transactions();
        // Deleted transactions brought back (`reimport_deleted`), checked as a restore is.
        let mut restores = Vec::new();
        for o in outcomes.iter().filter(|o| o.status == LineStatus::Restored) {
            let Some(id) = o.transaction_id else { continue };
            let before = txs.get(id)?;
            if !before.deleted {
                return Err(TransactionError::NotDeleted(id).into());
            }
            transaction::validate(&NewTransaction::from(&before), &snapshot)?;
            let mut after = before.clone();
            after.deleted = false;
            let audit = self.book.audit(
                AuditAction::Restore,
                EntityKind::Transaction,
                Some(id.0),
                Some(&before),
                Some(&after),
            );
            restores.push((id, audit));
        }
        // Pending transactions that posted: their new content, planned before the write.
        let mut replaces = Vec::new();
        if !upgrades.is_empty() {
            let by_index: HashMap<usize, TransactionId> = upgrades.into_iter().collect();
            let mut lines = Vec::with_capacity(by_index.len());
            source.read(chunk, &mut |base, _, read| {
                for (k, line) in read.iter().enumerate() {
                    if let Some(id) = by_index.get(&(base + k)) {
                        lines.push((base + k, *id, line.clone()));
                    }
                }
                Ok(())
            })?;
            for (index, id, line) in lines {
                let external_id = format!("{prefix}{}", outcomes[index].fingerprint);
                if let Some(replace) =
                    self.posted_pending(id, &line, &external_id, options, &snapshot)?
                {
                    replaces.push(replace);
                }
            }
        }
        let mut restored: Vec<TransactionId> = restores.iter().map(|(id, _)| *id).collect();
        restored.sort();
        let mut upgraded: Vec<TransactionId> = replaces.iter().map(|(id, _, _)| *id).collect();
        upgraded.sort();
        let batch = (new > 0 || !restored.is_empty() || !upgraded.is_empty())
            .then(|| self.file_batch(source, &result, restored.clone(), upgraded));
        let rest = ImportWrite { restores, replaces, batch };
        let pass = WritePass {
            source,
            options,
            snapshot: &snapshot,
            rates,
            prefix: &prefix,
            flow: flow.as_ref(),
            at: self.book.engine.clock.now(),
        };
        let (mut written, batch) =
            self.write_all(&pass, new, &mut outcomes, sizes.write.max(1), &rest)?;
        for (id, _) in &rest.restores {
            self.book.emit(&Event::TransactionRestored { id: *id });
        }
        for (id, _, _) in &rest.replaces {
            self.book.emit(&Event::TransactionUpdated { id: *id });
        }
        written.extend(restored);
        written.sort();
        result.transaction_ids = written;
        result.committed = true;
        result.batch_id = batch.map(|b| b.id);
        result.lines = outcomes;
        result.balance_check = self.balance_check(head, options, &planned, true)?;
        Ok(result)
    }

    /// The write of a committed import, one store call: the new lines' transactions,
    /// validated and written in chunks, with one audit record, as `add_batch` writes a batch
    /// of `count`, then `rest` (restores, pending transactions that posted, the batch) in the
    /// same database transaction. The first line that does not validate, or that repeats the
    /// bank id of an earlier one, stops the write and nothing is written. With more than one
    /// chunk, a second thread reads the lines and builds the next chunk while this one writes
    /// the last (at most one chunk waits between them). Returns the new transactions' ids and
    /// the batch recorded.
    fn write_all(
        &self,
        pass: &WritePass<'_>,
        count: usize,
        outcomes: &mut [LineOutcome],
        chunk: usize,
        rest: &ImportWrite,
    ) -> Result<(Vec<TransactionId>, Option<ImportBatch>)> {
        if count == 0 && rest.batch.is_none() {
            return Ok((Vec::new(), None));
        }
        let audit = self.book.audit(
            AuditAction::CreateBatch,
            EntityKind::Transaction,
            None,
            None::<&()>,
            Some(&serde_json::json!({ "count": count })),
        );
        let mut written = Vec::with_capacity(count);
        // The counted splits of what is written, for the alert evaluation after the commit;
        // not kept past ALERT_ROWS_MAX new transactions (see `alerts_after`).
        let mut rows: Vec<crate::alert::SplitRow> = Vec::new();
        let keep_rows = count <= ALERT_ROWS_MAX;
        let lines: &[LineOutcome] = outcomes;
        let store = &self.book.engine.store;
        let batch = store.write_import(
            self.book.id(),
            &audit,
            &mut |sink| {
                if count == 0 {
                    return Ok(());
                }
                if count <= chunk {
                    return pass.drafts(lines, chunk, &mut |(drafts, decisions)| {
                        let ids = sink(&drafts, &decisions)?;
                        if keep_rows {
                            rows.extend(super::alerts::split_rows_of(&drafts, &ids));
                        }
                        written.extend(ids);
                        Ok(true)
                    });
                }
                std::thread::scope(|scope| {
                    let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<DraftChunk>>(1);
                    scope.spawn(move || {
                        // A send fails only when the writer stopped (it returned an error).
                        let built = pass.drafts(lines, chunk, &mut |drafts| {
                            Ok(sender.send(Ok(drafts)).is_ok())
                        });
                        if let Err(e) = built {
                            let _ = sender.send(Err(e));
                        }
                    });
                    for built in receiver {
                        let (drafts, decisions) = built?;
                        let ids = sink(&drafts, &decisions)?;
                        if keep_rows {
                            rows.extend(super::alerts::split_rows_of(&drafts, &ids));
                        }
                        written.extend(ids);
                    }
                    Ok(())
                })
            },
            rest,
        )?;
        // The ids are in the order of the new lines.
        let mut ids = written.iter();
        for o in outcomes.iter_mut().filter(|o| o.status == LineStatus::New) {
            o.transaction_id = ids.next().copied();
        }
        if !written.is_empty() {
            self.book.emit(&Event::TransactionsAdded { ids: written.clone() });
            if pass.flow.is_some() {
                self.book.emit(&Event::TransactionsCategorized { ids: written.clone() });
            }
            self.alerts_after(&written, rows);
        }
        Ok((written, batch))
    }

    /// Alerts on the lines an import wrote, after its commit. Up to [`ALERT_ROWS_MAX`] new
    /// transactions every alert kind is checked on them (their splits were kept as they were
    /// written); past it the import's splits are not held in memory, so budget, goal and
    /// balance alerts are evaluated and the per-transaction kinds (unusual, large, possible
    /// duplicate) are left to `alerts().evaluate()`, which reads them from the book.
    fn alerts_after(&self, written: &[TransactionId], rows: Vec<crate::alert::SplitRow>) {
        let (Some(first), Some(last)) = (written.first(), written.last()) else { return };
        if written.len() <= ALERT_ROWS_MAX {
            let ids = (*first, *last);
            self.book.after_write(&super::alerts::Trigger::Transactions { rows, ids });
        } else {
            self.book.after_write(&super::alerts::Trigger::Ledger);
            self.book.after_write(&super::alerts::Trigger::Budgets);
        }
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

    /// An imported pending transaction turned into the posted line, as a replace for the
    /// import's write: its date, amount, payee and status follow the bank, and it takes the
    /// posted line's fingerprint, so a re-import finds it. A category the user set stays (the
    /// amount moves with it when there are two splits), and so does a payee the user locked.
    /// `None` for a split purchase whose total changed (left for the user; reported matched).
    fn posted_pending(
        &self,
        id: TransactionId,
        line: &StatementLine,
        external_id: &str,
        options: &ImportOptions,
        snapshot: &Snapshot,
    ) -> Result<Option<(TransactionId, TransactionDraft, crate::AuditRecord)>> {
        let before = self.book.transactions().get(id)?;
        if before.deleted {
            return Err(TransactionError::Deleted(id).into());
        }
        if before.status == Status::Reconciled {
            return Err(TransactionError::ReconciledLocked(id).into());
        }
        let Some(mut next) = posted_transaction(&before, line, external_id, options.account) else {
            return Ok(None);
        };
        // Sync never overwrites a payee the user set by hand.
        let locks =
            super::flow::locks_of(self.book.engine.store.decisions(self.book.id(), &[id])?.first());
        if locks.payee {
            next.payee.clone_from(&before.payee);
        }
        let mut draft =
            transaction::validate_with_rates(&next, snapshot, &mut || self.book.rates().table())?;
        draft.reversal_of = before.reversal_of;
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Transaction,
            Some(id.0),
            Some(&before),
            Some(&draft),
        );
        Ok(Some((id, draft, audit)))
    }

    /// The statement's closing balance against the book (after the import, or as planned).
    fn balance_check(
        &self,
        statement: &Statement,
        options: &ImportOptions,
        planned: &BTreeMap<NaiveDate, Decimal>,
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
        let planned: Decimal = planned.range(..=closing.date).map(|(_, a)| *a).sum();
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

/// An imported pending transaction turned into the posted `line`: its date, amount, payee and
/// status follow the bank, and it takes the posted line's external id. A category the user set
/// stays (the amount moves with it when there are two splits); `None` for a split transaction
/// whose total changed (left for the user).
pub(super) fn posted_transaction(
    before: &Transaction,
    line: &StatementLine,
    external_id: &str,
    account: AccountId,
) -> Option<NewTransaction> {
    let mut next = follow_bank(before, line, account)?;
    next.status = Status::Cleared;
    next.external_id = Some(external_id.to_owned());
    Some(next)
}

/// A transaction with the date, amount (two splits only) and payee of the bank's `line`.
pub(super) fn follow_bank(
    before: &Transaction,
    line: &StatementLine,
    account: AccountId,
) -> Option<NewTransaction> {
    let mut next = NewTransaction::from(before);
    if amount_in(before, account) != line.amount {
        if next.splits.len() != 2 {
            return None;
        }
        for split in &mut next.splits {
            split.amount = if split.account_id == account { line.amount } else { -line.amount };
            split.price = None;
        }
    }
    next.date = line.date;
    next.posted_date = line.posted_date.filter(|p| *p >= line.date);
    if line.payee.is_some() {
        next.payee = line.payee.clone();
    }
    Some(next)
}

fn reject(outcome: &mut LineOutcome, field: &str, reason: String) {
    outcome.status = LineStatus::Rejected;
    outcome.field = Some(field.to_owned());
    outcome.reasons.push(reason);
}

/// The sum of a transaction's splits in `account`.
pub(super) fn amount_in(tx: &Transaction, account: AccountId) -> Decimal {
    tx.splits.iter().filter(|s| s.account_id == account).map(|s| s.amount).sum()
}

/// A hash of what identifies a line without a bank id: date, amount, payee and memo, with
/// case and spacing normalized. The first eight bytes of SHA-256 (written as sixteen hex
/// digits in the fingerprint): stable across versions. `buffer` is reused between lines.
fn content_hash(line: &StatementLine, buffer: &mut String) -> u64 {
    buffer.clear();
    push_date(buffer, line.date);
    // Infallible: writing to a String.
    let _ = write!(buffer, "\0{}\0", line.amount.normalize());
    push_normalized(buffer, line.payee.as_deref().unwrap_or(""));
    buffer.push('\0');
    push_normalized(buffer, line.memo.as_deref().unwrap_or(""));
    let digest = Sha256::digest(buffer.as_bytes());
    digest.iter().take(8).fold(0, |n, b| n << 8 | u64::from(*b))
}

/// `h:<hash as 16 hex digits>:<n>`, the fingerprint of the `n`-th line with content hash
/// `hash`, allocated to its length.
fn hash_fingerprint(hash: u64, n: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut digits = [0u8; 16];
    for (i, d) in digits.iter_mut().enumerate() {
        *d = HEX[usize::try_from(hash >> (60 - 4 * i) & 0xF).unwrap_or(0)];
    }
    let mut count = [0u8; 10];
    let mut at = count.len();
    let mut rest = n;
    loop {
        at -= 1;
        count[at] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let count = &count[at..];
    let mut text = String::with_capacity(2 + 16 + 1 + count.len());
    text.push_str("h:");
    text.extend(digits.iter().chain(b":").chain(count).map(|d| char::from(*d)));
    text
}

/// Appends `date` as `Display` writes it (`YYYY-MM-DD` for the years 0 to 9999), without the
/// formatting machinery for those years.
fn push_date(out: &mut String, date: NaiveDate) {
    use chrono::Datelike;
    let (year, month, day) = (date.year(), date.month(), date.day());
    match u32::try_from(year).ok().filter(|y| *y <= 9999) {
        Some(y) => {
            let digit = |n: u32| char::from(b'0' + u8::try_from(n % 10).unwrap_or(0));
            out.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), '-']);
            out.extend([digit(month / 10), digit(month), '-', digit(day / 10), digit(day)]);
        }
        None => {
            // Infallible: writing to a String.
            let _ = write!(out, "{date}");
        }
    }
}

/// Appends `text` with its runs of whitespace squeezed to one space, without leading or
/// trailing whitespace, in lower case.
fn push_normalized(out: &mut String, text: &str) {
    if text.is_ascii() {
        let mut first = true;
        for word in text.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()) {
            if !first {
                out.push(' ');
            }
            first = false;
            let from = out.len();
            out.push_str(word);
            if let Some(appended) = out.get_mut(from..) {
                appended.make_ascii_lowercase();
            }
        }
    } else {
        // Unicode lower case depends on the neighbours of a letter (a final sigma): lower the
        // joined words as a whole.
        out.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    }
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

pub(super) fn transaction_of(
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
    .source(TxSource::Import)
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

fn summary(statement: &Statement, options: &ImportOptions, lines: &[LineOutcome]) -> ImportResult {
    // One pass over the outcomes (a million of them in a large import).
    let slot = |s: LineStatus| match s {
        LineStatus::New => 0,
        LineStatus::Duplicate => 1,
        LineStatus::Conflicting => 2,
        LineStatus::Deleted => 3,
        LineStatus::Restored => 4,
        LineStatus::Matched => 5,
        LineStatus::Candidate => 6,
        LineStatus::Rejected => 7,
    };
    let mut counts = [0u64; 8];
    for o in lines {
        counts[slot(o.status)] += 1;
    }
    let count = |s: LineStatus| counts[slot(s)];
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
        batch_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The content hash as it was first written (the fingerprints of every import made since
    /// depend on it).
    fn reference_hash(line: &StatementLine) -> String {
        let norm = |t: &Option<String>| {
            t.as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
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

    #[test]
    fn fingerprints_are_stable() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let mut buffer = String::new();
        let texts = [
            None,
            Some(""),
            Some("  ACME   Payroll "),
            Some("tab\tand\u{b}vertical\u{c}feed\r\nend"),
            Some("Caf\u{e9}  \u{a0}CR\u{c8}ME"),
            Some("\u{3a3}\u{391}\u{3a3} \u{39f}\u{3a3}"),
        ];
        let dates = [day(2026, 10, 3), day(1, 1, 1), day(9999, 12, 31), day(-44, 3, 15)];
        let dates = dates.into_iter().chain([day(10_000, 1, 1)]);
        let amounts = [dec!(-4.20), dec!(0), dec!(1000.000), dec!(-0.001), dec!(12345678.9)];
        for (i, date) in dates.enumerate() {
            for (j, amount) in amounts.iter().enumerate() {
                let mut line = StatementLine::new(1, date, *amount);
                line.payee = texts[(i + j) % texts.len()].map(str::to_owned);
                line.memo = texts[(i * 2 + j + 1) % texts.len()].map(str::to_owned);
                let hash = content_hash(&line, &mut buffer);
                assert_eq!(format!("{hash:016x}"), reference_hash(&line), "{line:?}");
                let print = hash_fingerprint(hash, 12);
                assert_eq!(print, format!("h:{}:12", reference_hash(&line)));
                assert_eq!(print.capacity(), print.len());
            }
        }
    }

    #[test]
    fn occurrences_count_from_one() {
        let mut seen = Occurrences::default();
        assert_eq!([seen.next(7), seen.next(8), seen.next(7), seen.next(7)], [1, 1, 2, 3]);
        assert_eq!(seen.next(u64::MAX), 1);
    }
}
