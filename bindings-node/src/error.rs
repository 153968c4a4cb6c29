//! The one mapping from what can fail to the JavaScript error a caller catches, for thrown
//! errors and rejected Promises alike.
//!
//! A core error becomes an `Error` with `code` (the stable snake_case code of docs/errors.md),
//! `kind` (`validation`, `not_found`, `conflict`, `permission`, `storage`, `import`), `field`
//! where the core names one, `file` and `line` for errors of files (`malformed_line`;
//! `unreadable_file` has no line), and the core's message. Two failures belong to the boundary itself: a value of the
//! wrong JS type where an amount was expected (a `TypeError` with Node's
//! `ERR_INVALID_ARG_TYPE`), and a call on a closed engine (`ERR_INVALID_STATE`).

use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::{Env, JsError, JsTypeError, JsValue, Unknown};

/// What can go wrong in a call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The core refused or failed.
    Core(tally_core::Error),
    /// A JS value of the wrong type (a number where an amount string belongs).
    WrongType {
        /// Field at fault, in the core's naming (`splits[0].amount`).
        field: String,
        /// What to pass instead.
        message: String,
    },
    /// The engine was closed.
    Closed,
}

impl From<tally_core::Error> for Failure {
    fn from(error: tally_core::Error) -> Self {
        Self::Core(error)
    }
}

impl From<tally_core::money::MoneyError> for Failure {
    fn from(error: tally_core::money::MoneyError) -> Self {
        Self::Core(error.into())
    }
}

impl From<tally_core::query::QueryError> for Failure {
    fn from(error: tally_core::query::QueryError) -> Self {
        Self::Core(error.into())
    }
}

impl Failure {
    /// Prefixes the field (e.g. with `transactions[3].`), as the core does for batches.
    #[must_use]
    pub(crate) fn within(self, prefix: &str) -> Self {
        match self {
            Self::Core(e) => Self::Core(e.within(prefix)),
            Self::WrongType { field, message } => Self::WrongType {
                field: format!("{prefix}{field}"),
                message: format!("{prefix}{message}"),
            },
            Self::Closed => Self::Closed,
        }
    }
}

/// The code of an error object, as napi wants it (any `AsRef<str>`).
struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

fn object<'env>(env: &Env, value: Unknown<'env>) -> Object<'env> {
    Object::from_raw(env.raw(), value.raw())
}

/// The JS error for a failure, ready to throw or to reject a Promise with.
pub(crate) fn to_js(env: &Env, failure: Failure) -> napi::Error {
    build(env, failure).unwrap_or_else(|e| e)
}

fn build(env: &Env, failure: Failure) -> napi::Result<napi::Error> {
    let object = match failure {
        Failure::Core(error) => {
            let js = JsError::from(napi::Error::new(Code(error.code()), error.to_string()));
            let mut object = object(env, js.into_unknown(*env));
            object.set_named_property("kind", error.kind().as_str())?;
            if let Some(field) = error.field() {
                object.set_named_property("field", field)?;
            }
            if let Some((file, line)) = error.location() {
                object.set_named_property("file", file)?;
                if let Some(line) = line {
                    object.set_named_property("line", i64::try_from(line).unwrap_or(i64::MAX))?;
                }
            }
            object
        }
        Failure::WrongType { field, message } => {
            let js = JsTypeError::from(napi::Error::new(Code("ERR_INVALID_ARG_TYPE"), message));
            let mut object = object(env, js.into_unknown(*env));
            object.set_named_property("field", field)?;
            object
        }
        Failure::Closed => {
            let message = "the engine is closed: open it again to use it";
            let js = JsError::from(napi::Error::new(Code("ERR_INVALID_STATE"), message));
            object(env, js.into_unknown(*env))
        }
    };
    Ok(napi::Error::from(object.to_unknown()))
}
