//! Tally's categorization, independent of the ledger: it takes a transaction's [`Features`]
//! (payee, memo, amount, account, date, MCC, tags) and returns a [`Decision`]: a category, how
//! sure, and who decided. The steps, in order: user [`rules`] in stages and priority order,
//! [`PayeeMemory`] of what the user categorized before (keyed by [`normalize_payee`]), and a
//! [`Model`] (multinomial logistic regression over hashed n-grams) whose calibrated probability
//! must reach a threshold, or the transaction goes to review with the top 3 suggestions.
//!
//! ```
//! use tally_categorize::{Categorizer, Condition, Action, Rule, RuleSet, PayeeMemory, Features, Locks, DecidedBy};
//! use rust_decimal::{Decimal, RoundingStrategy};
//! use chrono::NaiveDate;
//!
//! let rule = Rule::new(1, "coffee", Condition::payee_contains("blue bottle"),
//!     vec![Action::SetCategory("Expenses:Coffee".into())]);
//! let rules = RuleSet::compile(&[rule], RoundingStrategy::MidpointNearestEven)?;
//! let categorizer = Categorizer::new(rules, PayeeMemory::new());
//! let day = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
//! let tx = Features::new("SQ *BLUE BOTTLE #12", Decimal::new(-450, 2), "Checking", day);
//! let decision = categorizer.decide(&tx, Locks::default());
//! assert_eq!(decision.category.as_deref(), Some("Expenses:Coffee"));
//! assert_eq!(decision.decided_by, DecidedBy::Rule(1));
//! # Ok::<(), tally_categorize::CategorizeError>(())
//! ```

pub mod classifier;
pub mod error;
pub mod features;
pub mod memory;
pub mod normalize;
pub mod pipeline;
pub mod rules;

pub use classifier::{
    CategoryMetrics, LabeledExample, Model, ModelMetrics, Suggestion, TrainOptions, MODEL_FORMAT,
};
pub use error::CategorizeError;
pub use features::{amount_bucket, FeatureVector, Features, Featurizer};
pub use memory::{PayeeMemory, PayeeMemoryEntry, Recall, CORRECTION_WEIGHT};
pub use normalize::normalize_payee;
pub use pipeline::{
    Categorizer, DecidedBy, Decision, Locks, DEFAULT_MIN_BOOK_EXAMPLES, DEFAULT_THRESHOLD,
};
pub use rules::{
    resolve_split, Action, AmountMatch, Condition, DateMatch, Rule, RuleOutcome, RuleSet,
    SplitLine, SplitPart, SplitShare, Stage, TextField, TextMatch,
};
