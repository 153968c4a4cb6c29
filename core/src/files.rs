//! Errors of files read by the engine (rate files, bank statements): what was wrong, where
//! (file, line, field or column) and the offending text. Both codes have the kind `import`.

/// An error of a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// A line (or element) of a file is malformed; in strict mode nothing of the file is kept.
    #[error("{file}:{line}: {field}: {reason} ('{value}')")]
    Malformed {
        /// The file (or `input`).
        file: String,
        /// 1-based line number (of the entry's first line where an entry spans several).
        line: u64,
        /// The column, tag or field at fault.
        field: String,
        /// The offending text.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// The input is not a file of the expected format (or cannot be read at all).
    #[error("{file}: {reason}")]
    Unreadable {
        /// The file (or `input`).
        file: String,
        /// What is wrong.
        reason: String,
    },
}

impl FileError {
    /// A malformed line.
    pub fn malformed(file: &str, line: u64, field: &str, value: &str, reason: &str) -> Self {
        Self::Malformed {
            file: file.to_owned(),
            line,
            field: field.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// An unreadable file.
    pub fn unreadable(file: &str, reason: impl Into<String>) -> Self {
        Self::Unreadable { file: file.to_owned(), reason: reason.into() }
    }
}
