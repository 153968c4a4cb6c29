//! [`Engine`]: one SQLite database (a file, created if missing, or in memory) with its users and
//! books. It is a context manager: leaving the `with` block closes it, and every book opened
//! from it, so the database file is released at once rather than when the garbage collector
//! gets to the last book.

use crate::book::{Book, BookSlot};
use crate::conversion::{BookArg, UserArg};
use crate::errors::{self, OrRaise};
use crate::records::User;
use crate::table::{Rows, Table};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock, Weak};
use tally_core as core;

/// The state an engine shares with its users group and its books.
#[derive(Default)]
pub(crate) struct Shared {
    engine: RwLock<Option<core::Engine>>,
    /// The books opened from this engine, to close them with it.
    books: Mutex<Vec<Weak<BookSlot>>>,
}

impl Shared {
    /// Runs `call` on the engine with the GIL released.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        call: impl FnOnce(&core::Engine) -> core::Result<T> + Send,
    ) -> PyResult<T> {
        let engine = self.engine.read().unwrap_or_else(PoisonError::into_inner).clone();
        let engine = engine.ok_or_else(|| errors::closed(py))?;
        py.detach(move || call(&engine)).or_raise(py)
    }

    /// Wraps a book opened from this engine, to be closed with it.
    fn book(&self, py: Python<'_>, book: core::Book) -> PyResult<Book> {
        let mut books = self.books.lock().unwrap_or_else(PoisonError::into_inner);
        if self.engine.read().unwrap_or_else(PoisonError::into_inner).is_none() {
            return Err(errors::closed(py));
        }
        let slot: Arc<BookSlot> = Arc::new(RwLock::new(Some(Arc::new(book.clone()))));
        books.retain(|b| b.strong_count() > 0);
        books.push(Arc::downgrade(&slot));
        Book::new(py, slot, &book)
    }

    fn close(&self) {
        let mut books = self.books.lock().unwrap_or_else(PoisonError::into_inner);
        self.engine.write().unwrap_or_else(PoisonError::into_inner).take();
        for slot in books.drain(..).filter_map(|b| b.upgrade()) {
            slot.write().unwrap_or_else(PoisonError::into_inner).take();
        }
    }

    fn is_closed(&self) -> bool {
        self.engine.read().unwrap_or_else(PoisonError::into_inner).is_none()
    }
}

/// A database of books: open one with `Engine.open(path)` (SQLite, created if missing) or
/// `Engine.in_memory()`.
///
/// It is a context manager; `close()` (or leaving the `with` block) closes it and every book
/// opened from it, after which their calls raise `StorageError`. Safe to share between threads.
///
/// ```python
/// with tally.Engine.open("household.sqlite") as engine:
///     user = engine.users.create("sam@example.com", "Sam", "Rivera", "EUR")
///     book = engine.create_book("Household", user, "EUR")
/// ```
#[pyclass(module = "tally", frozen)]
pub struct Engine {
    shared: Arc<Shared>,
    users: Py<Users>,
}

impl Engine {
    fn wrap(py: Python<'_>, engine: core::Engine) -> PyResult<Self> {
        let shared =
            Arc::new(Shared { engine: RwLock::new(Some(engine)), books: Mutex::default() });
        let users = Py::new(py, Users { shared: Arc::clone(&shared) })?;
        Ok(Self { shared, users })
    }
}

#[pymethods]
impl Engine {
    /// Opens (creating if missing) the SQLite database at `path` (a str or path-like).
    ///
    /// Raises `StorageError` when the file cannot be opened, with code `schema_too_new` when a
    /// newer Tally wrote it.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let engine = py.detach(move || tally_storage::open(path)).or_raise(py)?;
        Self::wrap(py, engine)
    }

    /// An engine over a private in-memory SQLite database (nothing is persisted).
    #[staticmethod]
    fn in_memory(py: Python<'_>) -> PyResult<Self> {
        let engine = py.detach(tally_storage::open_in_memory).or_raise(py)?;
        Self::wrap(py, engine)
    }

    /// User calls: `create`, `get`, `by_email`.
    #[getter]
    fn users(&self, py: Python<'_>) -> Py<Users> {
        self.users.clone_ref(py)
    }

    /// Creates a book owned by `owner` (a user id or `User`) and opens it for the owner.
    ///
    /// Raises `NotFoundError` (`user_not_found`), `ValidationError` (`unknown_commodity` when
    /// the currency is not ISO 4217, `invalid_field` for an empty name).
    fn create_book(
        &self,
        py: Python<'_>,
        name: String,
        owner: UserArg,
        default_currency: String,
    ) -> PyResult<Book> {
        let new = core::NewBook::new(&name, owner.0, &default_currency);
        let book = self.shared.run(py, move |e| e.create_book(new))?;
        self.shared.book(py, book)
    }

    /// Opens book `book` (an id or `BookInfo`) on behalf of `user`, who must be a member.
    ///
    /// Raises `NotFoundError` (`book_not_found`), `TallyPermissionError` (`not_a_member`).
    fn open_book(&self, py: Python<'_>, book: BookArg, user: UserArg) -> PyResult<Book> {
        let book = self.shared.run(py, move |e| e.open_book(book.0, user.0))?;
        self.shared.book(py, book)
    }

    /// The books `user` is a member of, as a `Table` of `BookInfo`.
    fn books_of(&self, py: Python<'_>, user: UserArg) -> PyResult<Table> {
        let books = self.shared.run(py, move |e| e.books_of(user.0))?;
        Ok(Table::new(Rows::Books(books), 0))
    }

    /// Closes the engine and every book opened from it; later calls raise `StorageError`.
    /// Closing twice is harmless.
    fn close(&self) {
        self.shared.close();
    }

    /// True once `close()` has been called.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.is_closed()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, _exc: &Bound<'_, PyTuple>) -> bool {
        self.shared.close();
        false
    }

    fn __repr__(&self) -> String {
        let state = if self.shared.is_closed() { "closed" } else { "open" };
        format!("<tally.Engine {state}>")
    }
}

/// User calls of an `Engine`.
#[pyclass(module = "tally", frozen)]
pub struct Users {
    shared: Arc<Shared>,
}

#[pymethods]
impl Users {
    /// Creates a user.
    ///
    /// Raises `ValidationError` (`invalid_field`, `unknown_commodity` for the default
    /// currency), `ConflictError` (`email_taken`).
    #[pyo3(signature = (email, given_name, family_name, default_currency, *, locale="en".to_owned(), time_zone="UTC".to_owned()))]
    #[allow(clippy::too_many_arguments)]
    fn create(
        &self,
        py: Python<'_>,
        email: String,
        given_name: String,
        family_name: String,
        default_currency: String,
        locale: String,
        time_zone: String,
    ) -> PyResult<User> {
        let mut new = core::NewUser::new(&email, &given_name, &family_name, &default_currency);
        new.locale = locale;
        new.time_zone = time_zone;
        self.shared.run(py, move |e| e.users().create(new)).map(User)
    }

    /// A user by id. Raises `NotFoundError` (`user_not_found`).
    fn get(&self, py: Python<'_>, user: UserArg) -> PyResult<User> {
        self.shared.run(py, move |e| e.users().get(user.0)).map(User)
    }

    /// The user with this e-mail address, or None.
    fn by_email(&self, py: Python<'_>, email: String) -> PyResult<Option<User>> {
        Ok(self.shared.run(py, move |e| e.users().by_email(&email))?.map(User))
    }
}
