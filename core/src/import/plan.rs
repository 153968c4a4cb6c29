//! What an import is asked to do and what it did: the options, the outcome of every line, and
//! the summary. The book's [`Imports`](crate::book::Imports) calls fill these in.

use crate::ids::{AccountId, ImportBatchId, TransactionId};
use crate::query::AssertionResult;
use serde::{Deserialize, Serialize};

/// What to do with lines that cannot be imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// All or nothing: one rejected line and nothing is written (the default).
    #[default]
    Strict,
    /// The good lines are written; the rejected ones are returned with the reason.
    Lenient,
}

impl ImportMode {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strict => "strict",
            Self::Lenient => "lenient",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Strict, Self::Lenient].into_iter().find(|m| m.as_str() == text)
    }
}

/// How to import a statement into a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The book's account the statement is about.
    pub account: AccountId,
    /// Where the other side of each line goes until it is categorized (e.g.
    /// `Expenses:Uncategorized`): named by the caller, never assumed.
    pub counter_account: AccountId,
    /// Strict (all or nothing) or lenient.
    pub mode: ImportMode,
    /// Plan only: nothing is written.
    pub dry_run: bool,
    /// Bring back lines whose transaction the user deleted (restored, not duplicated).
    pub reimport_deleted: bool,
    /// Days either side of a line's date where a transaction already in the book may match it.
    pub match_days: u32,
    /// Score (0-100) from which a match is linked instead of importing the line.
    pub link_score: u32,
    /// Score (0-100) from which a match is returned as a candidate for the user to decide.
    pub candidate_score: u32,
    /// Record the statement's closing balance as a balance assertion and check it.
    pub assert_balance: bool,
}

impl ImportOptions {
    /// Import into `account`, the other side of each line into `counter_account`, with the
    /// defaults: strict, written, deleted lines stay deleted, matches within 3 days, linked from
    /// a score of 80, candidates from 50, closing balance asserted.
    pub fn new(account: AccountId, counter_account: AccountId) -> Self {
        Self {
            account,
            counter_account,
            mode: ImportMode::Strict,
            dry_run: false,
            reimport_deleted: false,
            match_days: 3,
            link_score: 80,
            candidate_score: 50,
            assert_balance: true,
        }
    }
}

/// What became of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Imported as a new transaction (or planned to be, in a dry run).
    New,
    /// Already imported (the same fingerprint with the same content): nothing written.
    Duplicate,
    /// Already imported with other content (the bank changed it): left for the user.
    Conflicting,
    /// The user deleted its transaction: not imported again unless asked.
    Deleted,
    /// Brought back: its deleted transaction was restored.
    Restored,
    /// A transaction already in the book matches it well enough: linked, nothing new written.
    Matched,
    /// A transaction already in the book may be the same: returned for the user to decide.
    Candidate,
    /// Refused (the reason says why); in strict mode nothing of the import is written.
    Rejected,
}

impl LineStatus {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Duplicate => "duplicate",
            Self::Conflicting => "conflicting",
            Self::Deleted => "deleted",
            Self::Restored => "restored",
            Self::Matched => "matched",
            Self::Candidate => "candidate",
            Self::Rejected => "rejected",
        }
    }
}

/// The outcome of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineOutcome {
    /// Index of the line in the statement (0-based).
    pub index: usize,
    /// 1-based line of the file.
    pub line: u64,
    /// What became of it.
    pub status: LineStatus,
    /// The line's fingerprint (the bank's id, else a content hash and occurrence).
    pub fingerprint: String,
    /// The transaction it created, restored, duplicates, or matched.
    pub transaction_id: Option<TransactionId>,
    /// Match score (0-100) for matched and candidate lines.
    pub score: Option<u32>,
    /// Why: the reasons of a match, or the error of a rejected line (its code and message).
    pub reasons: Vec<String>,
    /// For a rejected line: the field at fault.
    pub field: Option<String>,
}

/// What an import did (or would do, in a dry run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResult {
    /// The file imported.
    pub file: String,
    /// The account imported into.
    pub account: AccountId,
    /// True when something was written (false for a dry run or a strict import with rejects).
    pub committed: bool,
    /// Every line's outcome, in statement order.
    pub lines: Vec<LineOutcome>,
    /// Count of new lines.
    pub new: u64,
    /// Count of duplicates.
    pub duplicates: u64,
    /// Count of matched lines.
    pub matched: u64,
    /// Count of candidates.
    pub candidates: u64,
    /// Count of conflicting lines.
    pub conflicting: u64,
    /// Count of lines left deleted.
    pub deleted: u64,
    /// Count of restored lines.
    pub restored: u64,
    /// Count of rejected lines.
    pub rejected: u64,
    /// The transactions written, ascending (to undo the import as a whole).
    pub transaction_ids: Vec<TransactionId>,
    /// The statement's closing balance checked against the book, when it states one.
    pub balance_check: Option<AssertionResult>,
    /// The import batch recorded for a committed import (to undo it with
    /// [`undo_batch`](crate::book::Imports::undo_batch)); `None` when nothing was written.
    pub batch_id: Option<ImportBatchId>,
}
