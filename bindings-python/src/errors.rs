//! The exception hierarchy, one class per [`ErrorKind`], and the one function that turns a core
//! [`Error`] into a Python exception carrying its stable `code`, `kind`, `field`, `message`,
//! and for errors of files the `file` and `line` at fault.
//! Keeping the mapping here means a new code in the core needs no change in this binding: the
//! kind decides the class.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::{create_exception, PyTypeInfo};
use tally_core::{Error, ErrorKind};

create_exception!(
    tally,
    TallyError,
    PyException,
    "Base class of every error Tally raises.\n\n\
     Attributes: `code` (the stable snake_case code listed in docs/errors.md), `kind` \
     (validation, not_found, conflict, permission, storage or import), `field` (the field at \
     fault, e.g. 'splits[1].amount', or None), `message`, and `file` and `line` (the file and \
     1-based line at fault for errors of files, else None)."
);
create_exception!(
    tally,
    ValidationError,
    TallyError,
    "The input is wrong (kind 'validation'); fix it and retry."
);
create_exception!(
    tally,
    NotFoundError,
    TallyError,
    "Something named does not exist in this book or database (kind 'not_found')."
);
create_exception!(
    tally,
    ConflictError,
    TallyError,
    "The input contradicts what is stored (kind 'conflict')."
);
create_exception!(
    tally,
    TallyPermissionError,
    TallyError,
    "The user may not do this to the book (kind 'permission')."
);
create_exception!(
    tally,
    StorageError,
    TallyError,
    "The database failed, or the engine is closed (kind 'storage')."
);
create_exception!(
    tally,
    ImportFailed,
    TallyError,
    "A file could not be read or parsed (kind 'import': `malformed_line`, `unreadable_file`); \
     `file` names it and `line` is the 1-based line at fault (None when the whole file is)."
);

/// The Python exception for a core error.
pub(crate) fn tally_error(py: Python<'_>, err: &Error) -> PyErr {
    let class = match err.kind() {
        ErrorKind::Validation => ValidationError::type_object(py),
        ErrorKind::NotFound => NotFoundError::type_object(py),
        ErrorKind::Conflict => ConflictError::type_object(py),
        ErrorKind::Permission => TallyPermissionError::type_object(py),
        ErrorKind::Storage => StorageError::type_object(py),
        ErrorKind::Import => ImportFailed::type_object(py),
    };
    let (file, line) = err.location().map_or((None, None), |(file, line)| (Some(file), line));
    let fields =
        Fields { code: err.code(), kind: err.kind().as_str(), field: err.field(), file, line };
    build(&class, fields, err.to_string())
}

/// The error of any call on a closed engine or on a book opened from it.
pub(crate) fn closed(py: Python<'_>) -> PyErr {
    let message = "storage: the engine is closed".to_owned();
    let fields = Fields { code: "storage", kind: "storage", field: None, file: None, line: None };
    build(&StorageError::type_object(py), fields, message)
}

/// A core error found while converting a Python value (e.g. `invalid_amount`).
pub(crate) fn core(py: Python<'_>, err: impl Into<Error>) -> PyErr {
    tally_error(py, &err.into())
}

/// The attributes every Tally exception carries besides its message.
struct Fields {
    code: &'static str,
    kind: &'static str,
    field: Option<String>,
    file: Option<String>,
    line: Option<u64>,
}

fn build(class: &Bound<'_, pyo3::types::PyType>, fields: Fields, message: String) -> PyErr {
    let made = class.call1((message.clone(),)).and_then(|exc| {
        exc.setattr("code", fields.code)?;
        exc.setattr("kind", fields.kind)?;
        exc.setattr("field", fields.field)?;
        exc.setattr("file", fields.file)?;
        exc.setattr("line", fields.line)?;
        exc.setattr("message", message)?;
        Ok(PyErr::from_value(exc))
    });
    made.unwrap_or_else(|e| e)
}

/// Maps the errors of a core call, in one place.
pub(crate) trait OrRaise<T> {
    /// The value, or the Python exception for the core error.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| tally_error(py, &e))
    }
}

/// Adds the exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TallyError", py.get_type::<TallyError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("ConflictError", py.get_type::<ConflictError>())?;
    m.add("TallyPermissionError", py.get_type::<TallyPermissionError>())?;
    m.add("StorageError", py.get_type::<StorageError>())?;
    m.add("ImportFailed", py.get_type::<ImportFailed>())?;
    Ok(())
}
