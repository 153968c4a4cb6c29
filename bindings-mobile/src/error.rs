//! The one public error of the mobile binding: a UniFFI error enum with one variant per
//! [`ErrorKind`] (Kotlin: `TallyException.Validation`, ...; Swift: `TallyError.validation(...)`),
//! each carrying the stable `code` of `docs/errors.md`, the `field` at fault where there is one,
//! the core's message as `detail`, and, for errors of files, the `file` and 1-based `line`.
//! Core errors become this type in one place, [`from_core`]; the field is not called `message`
//! because Kotlin exceptions already have one (UniFFI builds it from the fields).

use tally_core::ErrorKind;

/// Any error a Tally call raises. Every variant has the same five fields; the variant is the
/// broad class, `code` the exact one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum TallyError {
    /// The input is wrong; fix it and retry (e.g. `unbalanced`, `too_many_decimals`).
    #[error("{detail}")]
    Validation {
        /// Stable snake_case code.
        code: String,
        /// Field at fault, e.g. `splits[1].amount`.
        field: Option<String>,
        /// What was wrong and where.
        detail: String,
        /// The file at fault (`malformed_line`, `unreadable_file`).
        file: Option<String>,
        /// Its 1-based line, where one is at fault.
        line: Option<u64>,
    },
    /// Something named does not exist in this book (e.g. `account_not_found`).
    #[error("{detail}")]
    NotFound {
        /// Stable snake_case code.
        code: String,
        /// Field at fault.
        field: Option<String>,
        /// What was wrong and where.
        detail: String,
        /// The file at fault (`malformed_line`, `unreadable_file`).
        file: Option<String>,
        /// Its 1-based line, where one is at fault.
        line: Option<u64>,
    },
    /// The input contradicts what is stored (e.g. `email_taken`, `already_reversed`).
    #[error("{detail}")]
    Conflict {
        /// Stable snake_case code.
        code: String,
        /// Field at fault.
        field: Option<String>,
        /// What was wrong and where.
        detail: String,
        /// The file at fault (`malformed_line`, `unreadable_file`).
        file: Option<String>,
        /// Its 1-based line, where one is at fault.
        line: Option<u64>,
    },
    /// The user may not do this (`not_a_member`, `read_only`).
    #[error("{detail}")]
    Permission {
        /// Stable snake_case code.
        code: String,
        /// Field at fault.
        field: Option<String>,
        /// What was wrong and where.
        detail: String,
        /// The file at fault (`malformed_line`, `unreadable_file`).
        file: Option<String>,
        /// Its 1-based line, where one is at fault.
        line: Option<u64>,
    },
    /// The database failed (`storage`, `schema_too_new`, `corrupt_data`).
    #[error("{detail}")]
    Storage {
        /// Stable snake_case code.
        code: String,
        /// Field at fault.
        field: Option<String>,
        /// What was wrong and where.
        detail: String,
        /// The file at fault (`malformed_line`, `unreadable_file`).
        file: Option<String>,
        /// Its 1-based line, where one is at fault.
        line: Option<u64>,
    },
    /// A file could not be read or parsed (`malformed_line`, `unreadable_file`); `file` and
    /// `line` say where.
    #[error("{detail}")]
    Import {
        /// Stable snake_case code.
        code: String,
        /// Field (column) at fault.
        field: Option<String>,
        /// What was wrong and where.
        detail: String,
        /// The file at fault (the path, or the name given in `LoadOptions.file_name`).
        file: Option<String>,
        /// Its 1-based line (null for `unreadable_file`).
        line: Option<u64>,
    },
}

// Kotlin and Swift get these on the error type itself, whatever the variant: Kotlin
// `e.code()` on any `TallyException` (each variant also has the `code` property), Swift
// `error.code()` (enum cases have no properties). Python reads the attributes.
#[uniffi::export]
impl TallyError {
    /// The stable snake_case code (see `docs/errors.md`).
    pub fn code(&self) -> String {
        self.parts().0.to_owned()
    }

    /// The broad class: `validation`, `not_found`, `conflict`, `permission`, `storage` or
    /// `import`.
    pub fn kind(&self) -> String {
        match self {
            Self::Validation { .. } => ErrorKind::Validation,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::Permission { .. } => ErrorKind::Permission,
            Self::Storage { .. } => ErrorKind::Storage,
            Self::Import { .. } => ErrorKind::Import,
        }
        .as_str()
        .to_owned()
    }

    /// The field at fault, where there is one.
    pub fn field(&self) -> Option<String> {
        self.parts().1.clone()
    }

    /// What was wrong and where.
    pub fn detail(&self) -> String {
        self.parts().2.to_owned()
    }

    /// The file at fault, for errors of files (`malformed_line`, `unreadable_file`).
    pub fn file(&self) -> Option<String> {
        self.parts().3.clone()
    }

    /// The 1-based line at fault, for `malformed_line`.
    pub fn line(&self) -> Option<u64> {
        *self.parts().4
    }
}

type Parts<'a> = (&'a str, &'a Option<String>, &'a str, &'a Option<String>, &'a Option<u64>);

impl TallyError {
    fn parts(&self) -> Parts<'_> {
        match self {
            Self::Validation { code, field, detail, file, line }
            | Self::NotFound { code, field, detail, file, line }
            | Self::Conflict { code, field, detail, file, line }
            | Self::Permission { code, field, detail, file, line }
            | Self::Storage { code, field, detail, file, line }
            | Self::Import { code, field, detail, file, line } => (code, field, detail, file, line),
        }
    }
}

/// Maps a core error to the binding's error: the variant from its kind, the code, field,
/// message and file location as the core states them. The only place errors are converted.
pub fn from_core(err: tally_core::Error) -> TallyError {
    let code = err.code().to_owned();
    let field = err.field();
    let detail = err.to_string();
    let (file, line) = match err.location() {
        Some((file, line)) => (Some(file), line),
        None => (None, None),
    };
    match err.kind() {
        ErrorKind::Validation => TallyError::Validation { code, field, detail, file, line },
        ErrorKind::NotFound => TallyError::NotFound { code, field, detail, file, line },
        ErrorKind::Conflict => TallyError::Conflict { code, field, detail, file, line },
        ErrorKind::Permission => TallyError::Permission { code, field, detail, file, line },
        ErrorKind::Storage => TallyError::Storage { code, field, detail, file, line },
        ErrorKind::Import => TallyError::Import { code, field, detail, file, line },
    }
}

impl From<tally_core::Error> for TallyError {
    fn from(err: tally_core::Error) -> Self {
        from_core(err)
    }
}

/// Result of every fallible call of the binding.
pub type Result<T, E = TallyError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use tally_core::files::FileError;
    use tally_core::transaction::TransactionError;
    use tally_core::user::UserError;
    use tally_core::{BookId, TransactionId, UserId};

    #[test]
    fn kinds_become_variants_with_code_and_field() {
        let err = from_core(
            TransactionError::InvalidField {
                field: "splits[1].memo".to_owned(),
                value: "x".to_owned(),
                reason: "bad".to_owned(),
            }
            .into(),
        );
        assert!(matches!(err, TallyError::Validation { .. }));
        assert_eq!(err.code(), "invalid_field");
        let TallyError::Validation { field, detail, .. } = err else { unreachable!() };
        assert_eq!(field.as_deref(), Some("splits[1].memo"));
        assert_eq!(detail, "splits[1].memo: bad ('x')");

        let missing = from_core(TransactionError::NotFound(TransactionId(7)).into());
        assert!(matches!(missing, TallyError::NotFound { .. }));
        let reversed =
            TransactionError::AlreadyReversed { id: TransactionId(1), by: TransactionId(2) };
        assert!(matches!(from_core(reversed.into()), TallyError::Conflict { .. }));
        let viewer = UserError::ReadOnly { user: UserId(1), book: BookId(1) };
        assert_eq!(from_core(viewer.into()).code(), "read_only");
    }

    #[test]
    fn every_kind_has_a_variant() {
        // The mapping is total by construction; this pins the kind names the docs use.
        let kinds: Vec<&str> = tally_core::ERROR_CODES.iter().map(|(_, k, _)| k.as_str()).collect();
        for kind in ["validation", "not_found", "conflict", "permission", "storage", "import"] {
            assert!(kinds.contains(&kind), "{kind}");
        }
    }

    #[test]
    fn file_errors_carry_file_and_line() {
        let malformed = from_core(
            FileError::Malformed {
                file: "rates.csv".to_owned(),
                line: 3,
                field: "rate".to_owned(),
                value: "abc".to_owned(),
                reason: "not a decimal".to_owned(),
            }
            .into(),
        );
        assert!(matches!(malformed, TallyError::Import { .. }));
        assert_eq!(malformed.code(), "malformed_line");
        assert_eq!(malformed.kind(), "import");
        assert_eq!(malformed.file().as_deref(), Some("rates.csv"));
        assert_eq!(malformed.line(), Some(3));
        assert_eq!(malformed.field().as_deref(), Some("rate"));

        let unreadable = from_core(
            FileError::Unreadable { file: "x.bin".to_owned(), reason: "not a zip".to_owned() }
                .into(),
        );
        assert_eq!(unreadable.code(), "unreadable_file");
        assert_eq!((unreadable.file().as_deref(), unreadable.line()), (Some("x.bin"), None));

        let missing = from_core(TransactionError::NotFound(TransactionId(7)).into());
        assert_eq!((missing.file(), missing.line()), (None, None));
    }

    #[test]
    fn categorizer_budget_goal_and_alert_codes_map() {
        use tally_core::alert::AlertError;
        use tally_core::budget::BudgetError;
        use tally_core::categorization::{CategorizationError, CategorizeError};
        use tally_core::goal::GoalError;
        use tally_core::{AlertId, BudgetId, GoalId};
        let message = || "m".to_owned();
        let cases: Vec<(tally_core::Error, &str, &str, Option<&str>)> = vec![
            (
                CategorizeError::InvalidRule {
                    field: "condition.value".into(),
                    message: message(),
                }
                .into(),
                "invalid_rule",
                "validation",
                Some("condition.value"),
            ),
            (
                CategorizeError::SplitMismatch { message: message() }.into(),
                "split_mismatch",
                "validation",
                None,
            ),
            (
                CategorizeError::NotEnoughData { message: message() }.into(),
                "not_enough_training_data",
                "validation",
                None,
            ),
            (
                CategorizeError::Training { message: message() }.into(),
                "training_failed",
                "storage",
                None,
            ),
            (
                CategorizeError::ModelFormat { message: message() }.into(),
                "invalid_model",
                "storage",
                None,
            ),
            (CategorizationError::RuleNotFound(3).into(), "rule_not_found", "not_found", None),
            (CategorizationError::ModelNotFound(3).into(), "model_not_found", "not_found", None),
            (
                CategorizationError::CategoryNotFound {
                    field: "actions[0]".into(),
                    value: "X".into(),
                }
                .into(),
                "category_not_found",
                "not_found",
                Some("actions[0]"),
            ),
            (
                CategorizationError::NotACategory {
                    field: "category".into(),
                    path: "Assets".into(),
                }
                .into(),
                "not_a_category",
                "validation",
                Some("category"),
            ),
            (
                CategorizationError::NotCategorizable { id: TransactionId(1), reason: message() }
                    .into(),
                "not_categorizable",
                "validation",
                None,
            ),
            (BudgetError::NotFound(BudgetId(1)).into(), "budget_not_found", "not_found", None),
            (
                BudgetError::Overlap {
                    field: "categories[0]".into(),
                    path: "Expenses:Food".into(),
                    other: BudgetId(2),
                    other_name: "Other".into(),
                }
                .into(),
                "budget_overlap",
                "conflict",
                Some("categories[0]"),
            ),
            (
                BudgetError::InvalidField {
                    field: "thresholds".into(),
                    value: "0".into(),
                    reason: message(),
                }
                .into(),
                "invalid_field",
                "validation",
                Some("thresholds"),
            ),
            (GoalError::NotFound(GoalId(1)).into(), "goal_not_found", "not_found", None),
            (GoalError::Archived(GoalId(1)).into(), "goal_archived", "conflict", None),
            (
                GoalError::InvalidField {
                    field: "target".into(),
                    value: "0".into(),
                    reason: message(),
                }
                .into(),
                "invalid_field",
                "validation",
                Some("target"),
            ),
            (AlertError::NotFound(AlertId(1)).into(), "alert_not_found", "not_found", None),
            (
                AlertError::InvalidField {
                    field: "unusual_score".into(),
                    value: "0".into(),
                    reason: message(),
                }
                .into(),
                "invalid_field",
                "validation",
                Some("unusual_score"),
            ),
        ];
        for (core, code, kind, field) in portfolio_cases() {
            let err = from_core(core);
            assert_eq!((err.code().as_str(), err.kind().as_str()), (code, kind), "{err:?}");
            assert_eq!(err.field().as_deref(), Some(field), "{code}");
        }
        for (core, code, kind, field) in cases {
            let stated = (core.code().to_owned(), core.kind().as_str().to_owned());
            let err = from_core(core);
            assert_eq!((err.code().as_str(), err.kind().as_str()), (code, kind), "{err:?}");
            assert_eq!((err.code(), err.kind()), stated, "the core's own code and kind");
            assert_eq!(err.field().as_deref(), field, "{code}");
        }
    }

    fn portfolio_cases() -> Vec<(tally_core::Error, &'static str, &'static str, &'static str)> {
        use tally_core::portfolio::{LotId, PortfolioError};
        let units = rust_decimal::Decimal::ONE;
        vec![
            (
                PortfolioError::InsufficientQuantity {
                    field: "quantity".into(),
                    security: "ACME".into(),
                    held: units,
                    asked: units + units,
                }
                .into(),
                "insufficient_quantity",
                "validation",
                "quantity",
            ),
            (
                PortfolioError::LotNotFound {
                    field: "lots[0]".into(),
                    lot: LotId(9),
                    security: "ACME".into(),
                }
                .into(),
                "lot_not_found",
                "not_found",
                "lots[0]",
            ),
            (
                PortfolioError::NotASecurity { field: "security".into(), code: "EUR".into() }
                    .into(),
                "not_a_security",
                "validation",
                "security",
            ),
            (
                PortfolioError::InvalidTargets { field: "targets".into(), reason: "sum".into() }
                    .into(),
                "invalid_targets",
                "validation",
                "targets",
            ),
        ]
    }
}
