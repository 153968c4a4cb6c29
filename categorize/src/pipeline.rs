//! The categorization pipeline: rules, then payee memory, then the classifier, each step
//! recording who decided; a field the user set by hand is locked and nothing overwrites it.
//! [`Categorizer::decide`] is pure: core feeds it a transaction's features and stores the
//! [`Decision`].

use crate::classifier::{Model, Suggestion};
use crate::features::Features;
use crate::memory::PayeeMemory;
use crate::rules::{RuleOutcome, RuleSet};
use serde::{Deserialize, Serialize};

/// Default probability at or above which the classifier's category is applied.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Default number of labeled examples a book needs before its own model is used.
pub const DEFAULT_MIN_BOOK_EXAMPLES: u32 = 50;

/// Who decided a transaction's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "rule_id", rename_all = "snake_case")]
pub enum DecidedBy {
    /// A rule (its id).
    Rule(i64),
    /// Payee memory.
    PayeeMemory,
    /// The classifier, at or above the threshold.
    Model,
    /// The user.
    Manual,
    /// Nobody: no rule, no memory, the model unsure or absent.
    None,
}

impl DecidedBy {
    /// Stable snake_case name (`rule`, `payee_memory`, `model`, `manual`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rule(_) => "rule",
            Self::PayeeMemory => "payee_memory",
            Self::Model => "model",
            Self::Manual => "manual",
            Self::None => "none",
        }
    }

    /// Parses [`as_str`](Self::as_str); `rule_id` is required for `rule`.
    pub fn parse(text: &str, rule_id: Option<i64>) -> Option<Self> {
        match (text, rule_id) {
            ("rule", Some(id)) => Some(Self::Rule(id)),
            ("payee_memory", _) => Some(Self::PayeeMemory),
            ("model", _) => Some(Self::Model),
            ("manual", _) => Some(Self::Manual),
            ("none", _) => Some(Self::None),
            _ => None,
        }
    }

    /// The rule's id when a rule decided.
    pub fn rule_id(self) -> Option<i64> {
        match self {
            Self::Rule(id) => Some(id),
            _ => None,
        }
    }
}

/// Fields the user set by hand: no rule, model or sync overwrites them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Locks {
    /// The category.
    pub category: bool,
    /// The payee.
    pub payee: bool,
    /// The tags.
    pub tags: bool,
    /// The notes.
    pub notes: bool,
}

/// What the pipeline decided for one transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The category to apply (`None`: leave it, and see `needs_review`).
    pub category: Option<String>,
    /// How sure: 1 for rules and manual, the category's share for payee memory, the
    /// calibrated probability for the model.
    pub confidence: f64,
    /// Who decided.
    pub decided_by: DecidedBy,
    /// True when the model was unsure (or nothing could decide): the user should look.
    pub needs_review: bool,
    /// The model's top 3 with probabilities (empty without a model).
    pub suggestions: Vec<Suggestion>,
    /// What the rules did besides the category (rename, tags, notes, split), locked fields
    /// removed.
    pub rules: RuleOutcome,
}

/// Rules, payee memory and models of one book, with its settings.
#[derive(Debug)]
pub struct Categorizer {
    rules: RuleSet,
    memory: PayeeMemory,
    book_model: Option<Model>,
    global_model: Option<Model>,
    /// Probability at or above which the model's category is applied.
    pub threshold: f64,
    /// Labeled examples a book model needs to be used instead of the global one.
    pub min_book_examples: u32,
}

impl Categorizer {
    /// A categorizer with these rules and payee memory, no model, default settings.
    pub fn new(rules: RuleSet, memory: PayeeMemory) -> Self {
        Self {
            rules,
            memory,
            book_model: None,
            global_model: None,
            threshold: DEFAULT_THRESHOLD,
            min_book_examples: DEFAULT_MIN_BOOK_EXAMPLES,
        }
    }

    /// Sets the book's own model.
    pub fn with_book_model(mut self, model: Option<Model>) -> Self {
        self.book_model = model;
        self
    }

    /// Sets the global fallback model (used while the book model has fewer than
    /// `min_book_examples` examples, or there is none).
    pub fn with_global_model(mut self, model: Option<Model>) -> Self {
        self.global_model = model;
        self
    }

    /// Sets the threshold.
    pub fn with_threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// The payee memory.
    pub fn memory(&self) -> &PayeeMemory {
        &self.memory
    }

    /// The payee memory, to record what the user did.
    pub fn memory_mut(&mut self) -> &mut PayeeMemory {
        &mut self.memory
    }

    /// The rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The model in use: the book's once it has enough examples, else the global one.
    pub fn model(&self) -> Option<&Model> {
        match &self.book_model {
            Some(m) if m.metrics().examples >= self.min_book_examples => Some(m),
            book => self.global_model.as_ref().or(book.as_ref()),
        }
    }

    /// Decides one transaction. Steps run in order (rules, payee memory, model); the first
    /// that gives a category decides. A locked category is never replaced: the decision is
    /// `Manual` and the rules' other actions still apply to unlocked fields.
    pub fn decide(&self, features: &Features, locks: Locks) -> Decision {
        let mut outcome = self.rules.apply(features);
        if locks.payee {
            outcome.payee = None;
        }
        if locks.tags {
            outcome.tags_added.clear();
        }
        if locks.notes {
            outcome.notes = None;
        }
        if locks.category {
            outcome.category = None;
            outcome.split = None;
            outcome.split_rule = None;
            return Decision {
                category: None,
                confidence: 1.0,
                decided_by: DecidedBy::Manual,
                needs_review: false,
                suggestions: Vec::new(),
                rules: outcome,
            };
        }
        if let Some((category, id)) = outcome.category.clone() {
            return Decision {
                category: Some(category),
                confidence: 1.0,
                decided_by: DecidedBy::Rule(id),
                needs_review: false,
                suggestions: Vec::new(),
                rules: outcome,
            };
        }
        if let Some(id) = outcome.split_rule {
            return Decision {
                category: None,
                confidence: 1.0,
                decided_by: DecidedBy::Rule(id),
                needs_review: false,
                suggestions: Vec::new(),
                rules: outcome,
            };
        }
        let payee = match &outcome.payee {
            Some(renamed) => crate::normalize_payee(renamed),
            None => features.normalized_payee(),
        };
        if let Some(recall) = self.memory.recall(&payee) {
            return Decision {
                category: Some(recall.category),
                confidence: share(recall.count, recall.total),
                decided_by: DecidedBy::PayeeMemory,
                needs_review: false,
                suggestions: Vec::new(),
                rules: outcome,
            };
        }
        let suggestions = self.model().map(|m| m.suggest(features, 3)).unwrap_or_default();
        match suggestions.first() {
            Some(top) if top.probability >= self.threshold => Decision {
                category: Some(top.category.clone()),
                confidence: top.probability,
                decided_by: DecidedBy::Model,
                needs_review: false,
                suggestions,
                rules: outcome,
            },
            top => Decision {
                category: None,
                confidence: top.map(|s| s.probability).unwrap_or(0.0),
                decided_by: DecidedBy::None,
                needs_review: true,
                suggestions,
                rules: outcome,
            },
        }
    }
}

/// count / total as a probability, without float arithmetic outside the classifier.
fn share(count: u32, total: u32) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    if total == 0 {
        return 0.0;
    }
    let ratio = rust_decimal::Decimal::from(count) / rust_decimal::Decimal::from(total);
    ratio.to_f64().unwrap_or(0.0)
}

#[cfg(test)]
mod tests;
