//! The crate's one error type. Every variant has a stable snake_case code (core maps them to
//! its own codes) and names the field it is about where there is one.

use thiserror::Error;

/// What went wrong in categorization.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CategorizeError {
    /// A rule is malformed: an invalid regex, an empty needle, a bad split...
    #[error("invalid rule at {field}: {message}")]
    InvalidRule {
        /// Where, e.g. `condition.conditions[1].match.value` or `actions[0]`.
        field: String,
        /// What.
        message: String,
    },
    /// A split's parts cannot add up to the transaction's amount.
    #[error("split does not add up: {message}")]
    SplitMismatch {
        /// What.
        message: String,
    },
    /// Training needs labeled examples of at least one category.
    #[error("not enough training data: {message}")]
    NotEnoughData {
        /// What.
        message: String,
    },
    /// The solver failed.
    #[error("training failed: {message}")]
    Training {
        /// What.
        message: String,
    },
    /// Saved model bytes are not a model this version reads.
    #[error("invalid model bytes: {message}")]
    ModelFormat {
        /// What.
        message: String,
    },
}

impl CategorizeError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidRule { .. } => "invalid_rule",
            Self::SplitMismatch { .. } => "split_mismatch",
            Self::NotEnoughData { .. } => "not_enough_training_data",
            Self::Training { .. } => "training_failed",
            Self::ModelFormat { .. } => "invalid_model",
        }
    }

    /// The field the error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::InvalidRule { field, .. } => Some(field),
            _ => None,
        }
    }
}
