//! The [`Engine`] object (one SQLite database, created if missing, or in memory) and its
//! [`Users`] group. Every method is one line over `tally_core::Engine`.

use crate::book::Book;
use crate::clock::{Clock, HostClock};
use crate::error::Result;
use std::sync::Arc;
use tally_core::{BookId, BookInfo, NewBook, NewUser, User, UserId};

/// A database of books. Safe to share across threads; open one per database file.
#[derive(Debug, uniffi::Object)]
pub struct Engine(tally_core::Engine);

impl Engine {
    pub(crate) fn wrap(engine: tally_core::Engine) -> Arc<Self> {
        Arc::new(Self(engine))
    }
}

#[uniffi::export]
impl Engine {
    /// Opens (creating if missing) the SQLite database at `path`, e.g. a file in the app's
    /// data folder.
    ///
    /// # Errors
    ///
    /// `storage` when the file cannot be opened; `schema_too_new`.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Self::wrap(tally_storage::open(path)?))
    }

    /// An engine over a private in-memory SQLite database (nothing is persisted).
    ///
    /// # Errors
    ///
    /// `storage`.
    #[uniffi::constructor]
    pub fn in_memory() -> Result<Arc<Self>> {
        Ok(Self::wrap(tally_storage::open_in_memory()?))
    }

    /// The same database with the host's clock (for "today" and audit times).
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> Arc<Self> {
        Self::wrap(self.0.clone().with_clock(Arc::new(HostClock(clock))))
    }

    /// The user calls.
    pub fn users(&self) -> Arc<Users> {
        Arc::new(Users(self.0.clone()))
    }

    /// Creates a book owned by `new.owner_id` and opens it for the owner.
    ///
    /// # Errors
    ///
    /// `user_not_found`, `unknown_commodity`, `invalid_field`.
    pub fn create_book(&self, new: NewBook) -> Result<Arc<Book>> {
        Ok(Book::wrap(self.0.create_book(new)?))
    }

    /// Opens book `book_id` on behalf of `user_id`, who must be a member.
    ///
    /// # Errors
    ///
    /// `book_not_found`, `not_a_member`.
    pub fn open_book(&self, book_id: BookId, user_id: UserId) -> Result<Arc<Book>> {
        Ok(Book::wrap(self.0.open_book(book_id, user_id)?))
    }

    /// The books `user_id` is a member of.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn books_of(&self, user_id: UserId) -> Result<Vec<BookInfo>> {
        Ok(self.0.books_of(user_id)?)
    }
}

/// User calls of an [`Engine`].
#[derive(Debug, uniffi::Object)]
pub struct Users(tally_core::Engine);

#[uniffi::export]
impl Users {
    /// Creates a user.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `unknown_commodity`, `email_taken`.
    pub fn create(&self, new: NewUser) -> Result<User> {
        Ok(self.0.users().create(new)?)
    }

    /// A user by id.
    ///
    /// # Errors
    ///
    /// `user_not_found`.
    pub fn get(&self, id: UserId) -> Result<User> {
        Ok(self.0.users().get(id)?)
    }

    /// A user by e-mail, if there is one.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn by_email(&self, email: String) -> Result<Option<User>> {
        Ok(self.0.users().by_email(&email)?)
    }
}
