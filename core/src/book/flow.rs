//! The categorization flow on ledger transactions: a book's rules, payee memory, active model
//! and settings loaded once into a [`Flow`], and the mapping between a transaction and what the
//! ledger-free `tally-categorize` crate sees ([`Features`]) and decides. A transaction is
//! categorizable when it has a funding split (the first on an Asset or Liability account) and
//! exactly one other split not on an Asset or Liability account: that split's account is its
//! category, and categorizing moves it (or splits it, for a rule's split action).

use crate::account::{Account, AccountKind};
use crate::categorization::{
    locks_from_bits, CategorizationError, CategorizedFields, CategorySuggestion, DecidedBy, Locks,
    PayeeMemoryRow, Rule, TransactionDecision,
};
use crate::ids::{AccountId, TransactionId};
use crate::transaction::{NewSplit, NewTransaction, Transaction};
use crate::Result;
use chrono::{DateTime, Utc};
use rust_decimal::RoundingStrategy;
use std::collections::HashMap;
use tally_categorize::{Categorizer, Decision, Features, Model, PayeeMemory, RuleSet};

use super::context::Snapshot;
use super::Book;

/// How a rule's percentage split rounds each part to the amount's scale (the remainder part
/// takes the rounding difference, so the parts always sum to the amount).
pub(crate) const SPLIT_ROUNDING: RoundingStrategy = RoundingStrategy::MidpointNearestEven;

/// A book's categorizer, loaded once for a batch of transactions.
pub(crate) struct Flow {
    pub(crate) categorizer: Categorizer,
    paths: HashMap<AccountId, String>,
    /// Whether anything can decide (a rule, payee memory or a model).
    pub(crate) active: bool,
}

/// The category label the crate sees for an account: its id as digits (stable across renames).
pub(crate) fn label(id: AccountId) -> String {
    id.0.to_string()
}

/// Reads [`label`].
pub(crate) fn parse_label(text: &str) -> Option<AccountId> {
    text.parse::<i64>().ok().map(AccountId)
}

fn is_funding(kind: AccountKind) -> bool {
    matches!(kind, AccountKind::Asset | AccountKind::Liability)
}

/// Whether an account is a category (Income or Expense).
pub(crate) fn is_category(account: &Account) -> bool {
    matches!(account.kind, AccountKind::Income | AccountKind::Expense)
}

/// The funding split's index and the counter split's index, when the transaction is
/// categorizable (see the module).
pub(crate) fn shape(
    splits: &[(AccountId, rust_decimal::Decimal)],
    accounts: &HashMap<AccountId, Account>,
) -> Option<(usize, usize)> {
    let kind = |id: &AccountId| accounts.get(id).map(|a| a.kind);
    let funding = splits.iter().position(|(a, _)| kind(a).is_some_and(is_funding))?;
    if splits.len() != 2 {
        return None;
    }
    let counter = 1 - funding;
    kind(&splits[counter].0).filter(|k| !is_funding(*k)).map(|_| (funding, counter))
}

fn split_pairs(tx: &Transaction) -> Vec<(AccountId, rust_decimal::Decimal)> {
    tx.splits.iter().map(|s| (s.account_id, s.amount)).collect()
}

fn new_pairs(tx: &NewTransaction) -> Vec<(AccountId, rust_decimal::Decimal)> {
    tx.splits.iter().map(|s| (s.account_id, s.amount)).collect()
}

/// The fields categorization may change, of a transaction to write.
pub(crate) fn fields_of(
    tx: &NewTransaction,
    accounts: &HashMap<AccountId, Account>,
) -> CategorizedFields {
    let pairs = new_pairs(tx);
    let funding =
        pairs.iter().position(|(a, _)| accounts.get(a).is_some_and(|x| is_funding(x.kind)));
    let counter: Vec<(AccountId, rust_decimal::Decimal)> =
        pairs.iter().enumerate().filter(|(i, _)| Some(*i) != funding).map(|(_, p)| *p).collect();
    let (category, split) = match counter.as_slice() {
        [one] => (Some(one.0), Vec::new()),
        [] => (None, Vec::new()),
        many => (None, many.to_vec()),
    };
    CategorizedFields {
        category,
        split,
        payee: tx.payee.clone(),
        tags: tx.tags.clone(),
        notes: tx.notes.clone(),
    }
}

impl Flow {
    /// Loads the book's rules, payee memory, active model and settings.
    pub(crate) fn load(book: &Book, snapshot: &Snapshot) -> Result<Self> {
        let store = &book.engine.store;
        let rules = store.rules(book.id())?;
        let memory = store.payee_memory(book.id())?;
        let settings = store.categorizer_settings(book.id())?.unwrap_or_default();
        let model = match store.models(book.id())?.into_iter().find(|m| m.active) {
            Some(info) => match store.model_bytes(book.id(), info.version)? {
                Some(bytes) => Some(Model::from_bytes(&bytes)?),
                None => None,
            },
            None => None,
        };
        Self::build(&rules, &memory, model, &settings, snapshot)
    }

    /// A flow from these parts.
    pub(crate) fn build(
        rules: &[Rule],
        memory: &[PayeeMemoryRow],
        model: Option<Model>,
        settings: &crate::categorization::CategorizerSettings,
        snapshot: &Snapshot,
    ) -> Result<Self> {
        let set = RuleSet::compile(rules, SPLIT_ROUNDING)?;
        let memory_rows = memory.iter().map(|r| tally_categorize::PayeeMemoryEntry {
            payee: r.payee.clone(),
            category: label(r.category),
            count: r.count,
        });
        let memory = PayeeMemory::from_entries(memory_rows);
        let active = !set.is_empty() || !memory.is_empty() || model.is_some();
        let mut categorizer =
            Categorizer::new(set, memory).with_book_model(model).with_threshold(settings.threshold);
        categorizer.min_book_examples = settings.min_examples;
        let paths = snapshot.accounts.values().map(|a| (a.id, a.path.clone())).collect();
        Ok(Self { categorizer, paths, active })
    }

    /// What the categorizer sees of a transaction whose funding split is `funding`.
    pub(crate) fn features(&self, tx: &NewTransaction, funding: usize) -> Features {
        let split = &tx.splits[funding];
        let account = self.paths.get(&split.account_id).cloned().unwrap_or_default();
        Features::new(tx.payee.clone().unwrap_or_default(), split.amount, account, tx.date)
            .with_memo(tx.narration.clone().unwrap_or_default())
            .with_tags(tx.tags.clone())
    }

    /// Decides a transaction to write and applies the decision to it: the counter split moves
    /// to the category (or is split), the payee, tags and notes follow the rules, except the
    /// locked fields. Returns `None` when the transaction is not categorizable.
    pub(crate) fn decide(
        &self,
        tx: &mut NewTransaction,
        accounts: &HashMap<AccountId, Account>,
        locks: Locks,
        at: DateTime<Utc>,
    ) -> Option<(Decision, TransactionDecision)> {
        let (funding, counter) = shape(&new_pairs(tx), accounts)?;
        let features = self.features(tx, funding);
        let decision = self.categorizer.decide(&features, locks);
        apply(tx, funding, counter, &decision, accounts);
        let stored = TransactionDecision {
            transaction_id: TransactionId(0),
            decided_by: decision.decided_by,
            confidence: decision.confidence,
            needs_review: decision.needs_review,
            suggestions: decision
                .suggestions
                .iter()
                .filter_map(|s| {
                    parse_label(&s.category).map(|account_id| CategorySuggestion {
                        account_id,
                        probability: s.probability,
                    })
                })
                .collect(),
            locks,
            decided_at: at,
        };
        Some((decision, stored))
    }
}

/// Applies a decision to a transaction to write.
fn apply(
    tx: &mut NewTransaction,
    funding: usize,
    counter: usize,
    decision: &Decision,
    accounts: &HashMap<AccountId, Account>,
) {
    let rules = &decision.rules;
    if let Some(payee) = &rules.payee {
        tx.payee = Some(payee.clone());
    }
    if !rules.tags_added.is_empty() {
        tx.tags.extend(rules.tags_added.iter().cloned());
        tx.tags.sort();
        tx.tags.dedup();
    }
    if let Some(notes) = &rules.notes {
        tx.notes = Some(notes.clone());
    }
    let known =
        |text: &str| parse_label(text).filter(|id| accounts.get(id).is_some_and(is_category));
    if let Some(lines) = &rules.split {
        let parts: Option<Vec<(AccountId, rust_decimal::Decimal)>> =
            lines.iter().map(|l| known(&l.category).map(|id| (id, l.amount))).collect();
        if let Some(parts) = parts {
            let template = tx.splits[counter].clone();
            let mut splits = vec![tx.splits[funding].clone()];
            for (id, amount) in parts {
                splits.push(NewSplit { account_id: id, amount: -amount, ..template.clone() });
            }
            tx.splits = splits;
            return;
        }
    }
    if let Some(id) = decision.category.as_deref().and_then(known) {
        tx.splits[counter].account_id = id;
    }
}

/// The stored decision of a transaction, or an undecided one.
pub(crate) fn decision_or_default(
    found: Option<TransactionDecision>,
    id: TransactionId,
    at: DateTime<Utc>,
) -> TransactionDecision {
    found.unwrap_or_else(|| TransactionDecision::undecided(id, at))
}

/// The locks of a stored decision (none when there is no decision).
pub(crate) fn locks_of(found: Option<&TransactionDecision>) -> Locks {
    found.map_or_else(|| locks_from_bits(0), |d| d.locks)
}

/// Whether a decision makes its transaction a labeled example for training and payee memory:
/// entered by hand (no decision, source manual) or decided by a rule, payee memory or the user;
/// never the model's own guesses, and never an undecided import.
pub(crate) fn is_label(tx: &Transaction, decision: Option<&TransactionDecision>) -> bool {
    match decision.map(|d| d.decided_by) {
        None => tx.source == crate::transaction::Source::Manual,
        Some(DecidedBy::Rule(_) | DecidedBy::PayeeMemory | DecidedBy::Manual) => true,
        Some(DecidedBy::Model | DecidedBy::None) => false,
    }
}

/// The category of a stored transaction, when it is categorizable and its category is an
/// Income or Expense account.
pub(crate) fn category_of(
    tx: &Transaction,
    accounts: &HashMap<AccountId, Account>,
) -> Option<(usize, AccountId)> {
    let (funding, counter) = shape(&split_pairs(tx), accounts)?;
    let id = tx.splits[counter].account_id;
    accounts.get(&id).filter(|a| is_category(a)).map(|_| (funding, id))
}

/// Resolves a category named by path or id (digits) to an Income or Expense account.
pub(crate) fn resolve_category(
    text: &str,
    field: &str,
    snapshot: &Snapshot,
) -> Result<AccountId, CategorizationError> {
    let trimmed = text.trim();
    let found = match trimmed.parse::<i64>() {
        Ok(id) => snapshot.accounts.get(&AccountId(id)),
        Err(_) => snapshot.accounts.values().find(|a| a.path == trimmed),
    };
    let account = found.ok_or_else(|| CategorizationError::CategoryNotFound {
        field: field.to_owned(),
        value: trimmed.to_owned(),
    })?;
    if !is_category(account) {
        return Err(CategorizationError::NotACategory {
            field: field.to_owned(),
            path: account.path.clone(),
        });
    }
    Ok(account.id)
}
