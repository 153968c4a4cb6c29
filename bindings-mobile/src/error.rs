//! The one public error of the mobile binding: a UniFFI error enum with one variant per
//! [`ErrorKind`] (Kotlin: `TallyException.Validation`, ...; Swift: `TallyError.validation(...)`),
//! each carrying the stable `code` of `docs/errors.md`, the `field` at fault where there is one,
//! and the core's message as `detail`. Core errors become this type in one place,
//! [`from_core`]; the field is not called `message` because Kotlin exceptions already have one
//! (UniFFI builds it from the three fields).

use tally_core::ErrorKind;

/// Any error a Tally call raises. Every variant has the same three fields; the variant is the
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

    /// The broad class: `validation`, `not_found`, `conflict`, `permission` or `storage`.
    pub fn kind(&self) -> String {
        match self {
            Self::Validation { .. } => ErrorKind::Validation,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::Permission { .. } => ErrorKind::Permission,
            Self::Storage { .. } => ErrorKind::Storage,
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
}

impl TallyError {
    fn parts(&self) -> (&str, &Option<String>, &str) {
        match self {
            Self::Validation { code, field, detail }
            | Self::NotFound { code, field, detail }
            | Self::Conflict { code, field, detail }
            | Self::Permission { code, field, detail }
            | Self::Storage { code, field, detail } => (code, field, detail),
        }
    }
}

/// Maps a core error to the binding's error: the variant from its kind, the code, field and
/// message as the core states them. The only place errors are converted.
pub fn from_core(err: tally_core::Error) -> TallyError {
    let code = err.code().to_owned();
    let field = err.field();
    let detail = err.to_string();
    match err.kind() {
        ErrorKind::Validation => TallyError::Validation { code, field, detail },
        ErrorKind::NotFound => TallyError::NotFound { code, field, detail },
        ErrorKind::Conflict => TallyError::Conflict { code, field, detail },
        ErrorKind::Permission => TallyError::Permission { code, field, detail },
        ErrorKind::Storage => TallyError::Storage { code, field, detail },
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
        for kind in ["validation", "not_found", "conflict", "permission", "storage"] {
            assert!(kinds.contains(&kind), "{kind}");
        }
    }
}
