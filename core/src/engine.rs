//! The [`Engine`]: one database (any [`Store`]) and one [`Clock`], shared by every book in it.
//! It creates users and books and opens a [`Book`] for a member; everything else is a call on
//! the book.

use crate::audit::{AuditAction, AuditRecord, EntityKind};
use crate::book::Book;
use crate::clock::{Clock, SystemClock};
use crate::commodity::{builtin_scale, CommodityError};
use crate::events::EventBus;
use crate::ids::{BookId, UserId};
use crate::memory::MemoryStore;
use crate::rates::{RateRows, RateTable};
use crate::store::Store;
use crate::user::{self, BookInfo, NewBook, NewUser, Role, User, UserError};
use crate::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A database of books. Cheap to clone; clones share the store and clock. `Send + Sync`: a host
/// may share one engine across threads.
#[derive(Clone)]
pub struct Engine {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) events: Arc<EventBus>,
    /// The rate table of each book, with the store's rates version it was built from.
    pub(crate) rate_tables: Arc<RateCache>,
    /// One lock per book: imports of a book run one at a time, so two imports of the same file
    /// cannot both plan the same lines as new.
    pub(crate) import_locks: Arc<Mutex<HashMap<BookId, Arc<Mutex<()>>>>>,
}

/// Rate tables by book, with the store's rates version they hold, rebuilt when it moves.
pub(crate) type RateCache = Mutex<HashMap<BookId, (u64, CachedRates)>>;

/// A book's rate table in the [`RateCache`].
#[derive(Debug, Clone)]
pub(crate) enum CachedRates {
    /// Built.
    Built(Arc<RateTable>),
    /// The table of the version before, and the rates the one write since then stored: built
    /// from those on first use instead of reading every rate back from the store.
    Pending {
        /// The table before the write.
        base: Arc<RateTable>,
        /// What the write stored.
        changes: Arc<RateRows>,
    },
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine over `store` with the system clock.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            clock: Arc::new(SystemClock),
            events: Arc::default(),
            rate_tables: Arc::default(),
            import_locks: Arc::default(),
        }
    }

    /// An engine over a fresh in-memory store (nothing is persisted).
    pub fn in_memory() -> Self {
        Self::new(Arc::new(MemoryStore::new()))
    }

    /// The same engine with another clock (tests pass a [`FixedClock`](crate::FixedClock)).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The clock in use.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The user calls.
    pub fn users(&self) -> Users<'_> {
        Users { engine: self }
    }

    /// Creates a book owned by `new.owner_id` and opens it for the owner.
    ///
    /// # Errors
    ///
    /// `user_not_found`, `unknown_commodity` (the default currency must be ISO 4217),
    /// `invalid_field` for an empty name.
    pub fn create_book(&self, new: NewBook) -> Result<Book> {
        if new.name.trim().is_empty() {
            return Err(UserError::InvalidField {
                field: "name".to_owned(),
                value: new.name.clone(),
                reason: "must not be empty".to_owned(),
            }
            .into());
        }
        self.users().get(new.owner_id)?;
        if builtin_scale(&new.default_currency).is_none() {
            return Err(CommodityError::Unknown {
                field: "default_currency".to_owned(),
                code: new.default_currency.clone(),
            }
            .into());
        }
        let audit = AuditRecord {
            actor: new.owner_id,
            action: AuditAction::Create,
            entity: EntityKind::Book,
            entity_id: None,
            before: None,
            after: serde_json::to_value(&new).ok(),
            at: self.clock.now(),
        };
        let info = self.store.insert_book(&new, &audit)?;
        Ok(Book::new(self.clone(), info, new.owner_id, Role::Owner))
    }

    /// Opens book `id` on behalf of `user`, who must be a member.
    ///
    /// # Errors
    ///
    /// `book_not_found`, `not_a_member`.
    pub fn open_book(&self, id: BookId, user: UserId) -> Result<Book> {
        let info = self.store.book(id)?.ok_or(UserError::BookNotFound(id))?;
        let members = self.store.members(id)?;
        let member = members
            .iter()
            .find(|m| m.user_id == user)
            .ok_or(UserError::NotAMember { user, book: id })?;
        Ok(Book::new(self.clone(), info, user, member.role))
    }

    /// The books `user` is a member of.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn books_of(&self, user: UserId) -> Result<Vec<BookInfo>> {
        self.store.books_of_user(user)
    }
}

/// User calls of an [`Engine`].
#[derive(Debug)]
pub struct Users<'a> {
    engine: &'a Engine,
}

impl Users<'_> {
    /// Creates a user.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `unknown_commodity` (default currency), `email_taken`.
    pub fn create(&self, new: NewUser) -> Result<User> {
        user::validate_user(&new)?;
        if builtin_scale(&new.default_currency).is_none() {
            return Err(CommodityError::Unknown {
                field: "default_currency".to_owned(),
                code: new.default_currency.clone(),
            }
            .into());
        }
        let mut new = new;
        new.email = new.email.trim().to_owned();
        self.engine.store.insert_user(&new, self.engine.clock.now())
    }

    /// A user by id.
    ///
    /// # Errors
    ///
    /// `user_not_found`.
    pub fn get(&self, id: UserId) -> Result<User> {
        self.engine.store.user(id)?.ok_or_else(|| UserError::UserNotFound(id).into())
    }

    /// A user by e-mail, if there is one.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn by_email(&self, email: &str) -> Result<Option<User>> {
        self.engine.store.user_by_email(email.trim())
    }
}
