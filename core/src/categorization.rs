//! Categorization records of a book: what `book.categorizer()` takes and returns, what the
//! store keeps (rules, payee memory, models, each transaction's decision and field locks,
//! settings), and the errors. The logic itself (rules, normalization, classifier, pipeline)
//! lives in the ledger-free crate `tally-categorize`; this module maps it onto the ledger: a
//! transaction's "category" is the Income or Expense account of its counter split.

use crate::ids::{AccountId, TransactionId};
use crate::transaction::TransactionDraft;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use tally_categorize::{
    Action, AmountMatch, CategorizeError, Condition, DateMatch, DecidedBy, Locks, Rule, SplitPart,
    SplitShare, Stage, TextField, TextMatch,
};

/// A stored rule as the book returns it: the crate's [`Rule`] with its id, the categories of
/// its actions named by account path.
pub type CategorizationRule = Rule;

/// A rule to create, or the new content of a rule. Categories in actions are named by account
/// path (`Expenses:Coffee`) or by account id written as digits (`"42"`); the book resolves
/// them when the rule is saved and rejects a missing or non Income/Expense account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRule {
    /// A name for people.
    pub name: String,
    /// Stage (pre, default, post).
    pub stage: Stage,
    /// Order within the stage: lower runs first, a later rule's category wins.
    pub priority: i32,
    /// Disabled rules are kept but never run.
    pub enabled: bool,
    /// When it applies.
    pub condition: Condition,
    /// What it does.
    pub actions: Vec<Action>,
}

impl NewRule {
    /// An enabled default-stage rule of priority 0.
    pub fn new(name: impl Into<String>, condition: Condition, actions: Vec<Action>) -> Self {
        Self {
            name: name.into(),
            stage: Stage::Default,
            priority: 0,
            enabled: true,
            condition,
            actions,
        }
    }

    /// The rule "payee contains `needle` -> `category`".
    pub fn payee_contains(needle: &str, category: &str) -> Self {
        Self::new(
            format!("{needle} -> {category}"),
            Condition::payee_contains(needle),
            vec![Action::SetCategory(category.to_owned())],
        )
    }

    /// Sets the stage.
    #[must_use]
    pub fn stage(mut self, stage: Stage) -> Self {
        self.stage = stage;
        self
    }

    /// Sets the priority.
    #[must_use]
    pub fn priority(mut self, priority: i32) -> Self {
        self.priority = priority;
        self
    }

    /// Enables or disables the rule.
    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }
}

/// A suggested category with the classifier's calibrated probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategorySuggestion {
    /// The category account.
    pub account_id: AccountId,
    /// Probability in 0..=1.
    pub probability: f64,
}

/// What the categorizer decided for one transaction, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransactionDecision {
    /// The transaction (a store sets it from the written id for new transactions).
    pub transaction_id: TransactionId,
    /// Who decided: a rule (its id), payee memory, the model, the user, or nobody.
    pub decided_by: DecidedBy,
    /// How sure: 1 for rules and the user, the payee's share for payee memory, the calibrated
    /// probability for the model (or the best suggestion's when nobody decided).
    pub confidence: f64,
    /// True when nobody could decide with enough confidence: the user should look.
    pub needs_review: bool,
    /// The model's top 3 (empty without a model).
    pub suggestions: Vec<CategorySuggestion>,
    /// Fields the user set by hand: no rule, model or sync overwrites them.
    pub locks: Locks,
    /// When it was decided.
    pub decided_at: DateTime<Utc>,
}

impl TransactionDecision {
    /// A decision with nothing decided and nothing locked.
    pub fn undecided(transaction_id: TransactionId, at: DateTime<Utc>) -> Self {
        Self {
            transaction_id,
            decided_by: DecidedBy::None,
            confidence: 0.0,
            needs_review: false,
            suggestions: Vec::new(),
            locks: Locks::default(),
            decided_at: at,
        }
    }
}

/// Locks as a bit set (category 1, payee 2, tags 4, notes 8), how stores keep them.
pub fn locks_to_bits(locks: Locks) -> u8 {
    u8::from(locks.category)
        | u8::from(locks.payee) << 1
        | u8::from(locks.tags) << 2
        | u8::from(locks.notes) << 3
}

/// Reads [`locks_to_bits`].
pub fn locks_from_bits(bits: u8) -> Locks {
    Locks {
        category: bits & 1 != 0,
        payee: bits & 2 != 0,
        tags: bits & 4 != 0,
        notes: bits & 8 != 0,
    }
}

/// One remembered (normalized payee, category) pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayeeMemoryRow {
    /// The normalized payee (`BLUE BOTTLE`).
    pub payee: String,
    /// The category account.
    pub category: AccountId,
    /// Observations (a correction counts 5).
    pub count: u32,
    /// Corrections by the user to this category (what a rule proposal counts).
    pub corrections: u32,
}

/// Precision and recall of one category on a model's held-out transactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryMetrics {
    /// The category account.
    pub account_id: AccountId,
    /// Of the transactions predicted as this category, the share that were.
    pub precision: f64,
    /// Of the transactions of this category, the share predicted as it.
    pub recall: f64,
    /// Held-out transactions of this category.
    pub support: u32,
}

/// A trained model of a book, as stored (the weights are kept as bytes beside it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Version, 1, 2, ... per book.
    pub version: i64,
    /// When it was trained (from the engine's clock).
    pub trained_at: DateTime<Utc>,
    /// Labeled transactions it was trained from.
    pub examples: u32,
    /// Held-out transactions it was measured on (0: measured on its training rows).
    pub holdout: u32,
    /// Share of held-out transactions whose top category was right.
    pub accuracy: f64,
    /// Per-category precision and recall.
    pub categories: Vec<CategoryMetrics>,
    /// The model the book uses (one at most).
    pub active: bool,
    /// Size of the saved model in bytes.
    pub size_bytes: u64,
}

/// How training runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainRequest {
    /// Train even when the book has fewer labeled transactions than `min_examples` (the model
    /// is stored but, per the settings, not used until the book has enough).
    pub force: bool,
}

/// Settings of a book's categorizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategorizerSettings {
    /// Probability at or above which the model's category is applied (0.8).
    pub threshold: f64,
    /// Labeled transactions a book needs before its own model is trained and used (50).
    pub min_examples: u32,
    /// Corrections of one payee to one category after which a rule is proposed (3).
    pub proposal_after: u32,
}

impl Default for CategorizerSettings {
    fn default() -> Self {
        Self {
            threshold: tally_categorize::DEFAULT_THRESHOLD,
            min_examples: tally_categorize::DEFAULT_MIN_BOOK_EXAMPLES,
            proposal_after: 3,
        }
    }
}

/// The fields categorization may change on a transaction, before or after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategorizedFields {
    /// The category (the counter split's account) when there is one counter split.
    pub category: Option<AccountId>,
    /// The counter splits when there are several (a split purchase), else empty.
    pub split: Vec<(AccountId, Decimal)>,
    /// Payee.
    pub payee: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// A transaction a rule (or the categorizer) changes, with before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChange {
    /// The transaction.
    pub transaction_id: TransactionId,
    /// Its fields now.
    pub before: CategorizedFields,
    /// Its fields after.
    pub after: CategorizedFields,
    /// Ids of the rules that matched.
    pub rules: Vec<i64>,
}

/// A rule the categorizer proposes after repeated corrections ("always categorize 'Blue
/// Bottle' as Coffee?"); `accept_proposal` saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleProposal {
    /// The normalized payee.
    pub payee: String,
    /// The category.
    pub category: AccountId,
    /// Corrections so far.
    pub corrections: u32,
    /// The rule that would be saved.
    pub rule: NewRule,
}

/// What [`correct`](crate::book::Categorizer::correct) did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The transaction's new decision (decided by the user, category locked).
    pub decision: TransactionDecision,
    /// A rule to propose, when the payee was corrected to this category often enough and no
    /// rule already says so.
    pub proposal: Option<RuleProposal>,
}

/// A transaction waiting for review, with its suggestions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The transaction.
    pub transaction: crate::transaction::Transaction,
    /// Its decision (needs_review, with up to 3 suggestions).
    pub decision: TransactionDecision,
}

/// One write of categorization: transactions rewritten, decisions stored, payee memory
/// changed, in one database transaction with one audit record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CategorizationWrite {
    /// Transactions to rewrite, with their new content.
    pub transactions: Vec<(TransactionId, TransactionDraft)>,
    /// Decisions to store (replacing the transaction's previous one).
    pub decisions: Vec<TransactionDecision>,
    /// Payee memory rows to set (a count of 0 removes the row).
    pub memory: Vec<PayeeMemoryRow>,
    /// Payees whose other categories are forgotten first (a correction).
    pub forget_payees: Vec<String>,
}

/// Errors of categorization in a book.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CategorizationError {
    /// An error of the categorization crate (invalid rule, training, model bytes...).
    #[error(transparent)]
    Engine(#[from] CategorizeError),
    /// No such rule in this book.
    #[error("rule {0} not found")]
    RuleNotFound(i64),
    /// No such model version in this book.
    #[error("model version {0} not found")]
    ModelNotFound(i64),
    /// A rule or correction names a category that does not exist.
    #[error("{field}: no account '{value}' in this book")]
    CategoryNotFound {
        /// Where.
        field: String,
        /// The path or id given.
        value: String,
    },
    /// A rule or correction names an account that is not Income or Expense.
    #[error("{field}: '{path}' is not an Income or Expense account")]
    NotACategory {
        /// Where.
        field: String,
        /// The account's path.
        path: String,
    },
    /// The transaction has no single counter split to categorize (a transfer, a split
    /// purchase).
    #[error("transaction {id} cannot be categorized: {reason}")]
    NotCategorizable {
        /// The transaction.
        id: TransactionId,
        /// Why.
        reason: String,
    },
}
