//! Tally's stores: implementations of [`tally_core::Store`].
//!
//! [`SqliteStore`] is the default: embedded, zero set-up, one file per database (which may hold
//! many books). Open an engine over a file with [`open`], or over a private in-memory database
//! with [`open_in_memory`].
//!
//! ```
//! let engine = tally_storage::open_in_memory()?;
//! let user = engine.users().create(tally_core::NewUser::new("a@b.c", "A", "B", "EUR"))?;
//! let book = engine.create_book(tally_core::NewBook::new("Home", user.id, "EUR"))?;
//! assert_eq!(book.accounts().list()?.len(), 0);
//! # Ok::<(), tally_core::Error>(())
//! ```

mod sqlite;

pub use sqlite::{SqliteStore, SCHEMA_VERSION};

use std::path::Path;
use std::sync::Arc;
use tally_core::{Engine, Result};

/// Opens (creating if missing) the SQLite database at `path` and returns an engine over it.
///
/// # Errors
///
/// `storage` when the file cannot be opened; `schema_too_new` when a newer Tally wrote it.
pub fn open(path: impl AsRef<Path>) -> Result<Engine> {
    Ok(Engine::new(Arc::new(SqliteStore::open(path)?)))
}

/// An engine over a private in-memory SQLite database.
///
/// # Errors
///
/// `storage`.
pub fn open_in_memory() -> Result<Engine> {
    Ok(Engine::new(Arc::new(SqliteStore::open_in_memory()?)))
}
