//! `Engine` (one SQLite database, a file or in memory) and its `users` group.

use super::book::Book;
use crate::conversion as conv;
use crate::error::{to_js, Failure};
use crate::handle::EngineHandle;
use crate::records as js;
use napi::Env;
use napi_derive::napi;

/// A database of books: a SQLite file (created if missing) or a private in-memory database.
/// Open one per process or per request; `close()` releases the database.
#[napi]
pub struct Engine {
    handle: EngineHandle,
}

#[napi]
impl Engine {
    /// Opens (creating if missing) the SQLite database at `path`.
    ///
    /// Throws `storage` when the file cannot be opened, `schema_too_new` when a newer Tally
    /// wrote it.
    #[napi(factory)]
    pub fn open(env: &Env, path: String) -> napi::Result<Self> {
        let engine = tally_storage::open(path).map_err(|e| to_js(env, Failure::Core(e)))?;
        Ok(Self { handle: EngineHandle::new(engine) })
    }

    /// An engine over a private in-memory SQLite database (nothing is persisted).
    #[napi(factory)]
    pub fn in_memory(env: &Env) -> napi::Result<Self> {
        let engine = tally_storage::open_in_memory().map_err(|e| to_js(env, Failure::Core(e)))?;
        Ok(Self { handle: EngineHandle::new(engine) })
    }

    /// Closes the engine and every book opened from it; later calls throw `ERR_INVALID_STATE`.
    /// Promise calls already running finish first. Closing twice is harmless.
    #[napi]
    pub fn close(&self) {
        self.handle.close();
    }

    /// The user calls.
    #[napi(getter)]
    pub fn users(&self) -> Users {
        Users { handle: self.handle.clone() }
    }

    /// Creates a book owned by `book.ownerId` and opens it for the owner.
    #[napi]
    pub fn create_book(&self, env: &Env, book: js::NewBook) -> napi::Result<Book> {
        let opened = self.handle.run(env, |e| Ok(e.create_book(conv::new_book(book))?))?;
        Ok(Book::new(self.handle.adopt(opened)))
    }

    /// Opens book `bookId` on behalf of `userId`, who must be a member.
    #[napi]
    pub fn open_book(&self, env: &Env, book_id: i64, user_id: i64) -> napi::Result<Book> {
        let opened = self
            .handle
            .run(env, |e| Ok(e.open_book(conv::book_id(book_id), conv::user_id(user_id))?))?;
        Ok(Book::new(self.handle.adopt(opened)))
    }

    /// The books `userId` is a member of.
    #[napi]
    pub fn books_of(&self, env: &Env, user_id: i64) -> napi::Result<Vec<js::BookInfo>> {
        self.handle.run(env, |e| {
            Ok(e.books_of(conv::user_id(user_id))?.into_iter().map(Into::into).collect())
        })
    }
}

/// User calls of an engine (`engine.users`).
#[napi]
pub struct Users {
    handle: EngineHandle,
}

#[napi]
impl Users {
    /// Creates a user.
    #[napi]
    pub fn create(&self, env: &Env, user: js::NewUser) -> napi::Result<js::User> {
        self.handle.run(env, |e| Ok(e.users().create(conv::new_user(user))?.into()))
    }

    /// A user by id.
    #[napi]
    pub fn get(&self, env: &Env, id: i64) -> napi::Result<js::User> {
        self.handle.run(env, |e| Ok(e.users().get(conv::user_id(id))?.into()))
    }

    /// A user by e-mail, or `null`.
    #[napi]
    pub fn by_email(&self, env: &Env, email: String) -> napi::Result<Option<js::User>> {
        self.handle.run(env, |e| Ok(e.users().by_email(&email)?.map(Into::into)))
    }
}
