//! The [`Book`] object and its events. A book's calls are grouped as in every binding:
//! `accounts()`, `transactions()`, `commodities()`, `rates()`, `imports()`, `reports()` return
//! the group objects of [`crate::groups`]; each holds a clone of the core book (cheap: a few
//! `Arc`s).

use crate::conversion::AuditPage;
use crate::engine::Engine;
use crate::error::Result;
use crate::groups::{Accounts, Commodities, Imports, Rates, Reports, Transactions};
use crate::planning::{Alerts, Budgets, Categorizer, Goals};
use crate::portfolio::Portfolio;
use std::sync::Arc;
use tally_core::{BookId, BookInfo, Event, Member, PageRequest, Role, SubscriptionId, UserId};

/// Receives a book's events (and, later, its alerts), implemented by the host.
///
/// Called after the write that caused the event has committed, in order, on the thread that
/// made the write (a background thread for the async calls): hop to the UI thread yourself.
/// An exception thrown here cannot undo the write and does not reach the writer.
#[uniffi::export(with_foreign)]
pub trait EventListener: Send + Sync {
    /// One event of book `book_id`.
    fn on_event(&self, book_id: BookId, event: Event);
}

/// A book opened for one member. Safe to share across threads.
#[derive(Debug, uniffi::Object)]
pub struct Book(tally_core::Book);

impl Book {
    pub(crate) fn wrap(book: tally_core::Book) -> Arc<Self> {
        Arc::new(Self(book))
    }
}

#[uniffi::export]
impl Book {
    /// The book's id.
    pub fn id(&self) -> BookId {
        self.0.id()
    }

    /// The book's description.
    pub fn info(&self) -> BookInfo {
        self.0.info().clone()
    }

    /// The member this book was opened for; the audit log names them.
    pub fn actor(&self) -> UserId {
        self.0.actor()
    }

    /// The engine the book lives in.
    pub fn engine(&self) -> Arc<Engine> {
        Engine::wrap(self.0.engine().clone())
    }

    /// Account calls: the tree, balances, register, balance assertions.
    pub fn accounts(&self) -> Arc<Accounts> {
        Arc::new(Accounts(self.0.clone()))
    }

    /// Transaction calls: add, add_batch, edit, delete, restore, reverse, search.
    pub fn transactions(&self) -> Arc<Transactions> {
        Arc::new(Transactions(self.0.clone()))
    }

    /// Commodity calls: user-defined securities, funds, crypto.
    pub fn commodities(&self) -> Arc<Commodities> {
        Arc::new(Commodities(self.0.clone()))
    }

    /// Rate calls: exchange rates and prices, rate files, lookups and conversions.
    pub fn rates(&self) -> Arc<Rates> {
        Arc::new(Rates(self.0.clone()))
    }

    /// Import calls: bank files of every format read into statements and imported into an
    /// account exactly once, and undone.
    pub fn imports(&self) -> Arc<Imports> {
        Arc::new(Imports(self.0.clone()))
    }

    /// Report calls: spending and income by category, net worth and FX gains in a reporting
    /// currency.
    pub fn reports(&self) -> Arc<Reports> {
        Arc::new(Reports(self.0.clone()))
    }

    /// Categorizer calls: rules, payee memory, the model, decisions and review.
    pub fn categorizer(&self) -> Arc<Categorizer> {
        Arc::new(Categorizer(self.0.clone()))
    }

    /// Budget calls: budgets, allocations, templates, status.
    pub fn budgets(&self) -> Arc<Budgets> {
        Arc::new(Budgets(self.0.clone()))
    }

    /// Goal calls: goals, contributions, progress.
    pub fn goals(&self) -> Arc<Goals> {
        Arc::new(Goals(self.0.clone()))
    }

    /// Alert calls: list, mark read, dismiss, settings, evaluate.
    pub fn alerts(&self) -> Arc<Alerts> {
        Arc::new(Alerts(self.0.clone()))
    }

    /// Portfolio calls: securities, booking methods, buys and sales, lots, gains, holdings.
    pub fn portfolio(&self) -> Arc<Portfolio> {
        Arc::new(Portfolio(self.0.clone()))
    }

    /// The members of the book.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn members(&self) -> Result<Vec<Member>> {
        Ok(self.0.members()?)
    }

    /// Adds a member (a household shares one book).
    ///
    /// # Errors
    ///
    /// `read_only` unless the actor is the owner; `user_not_found`; `already_member`.
    pub fn add_member(&self, user_id: UserId, role: Role) -> Result<()> {
        Ok(self.0.add_member(user_id, role)?)
    }

    /// The audit log, newest first by default.
    ///
    /// # Errors
    ///
    /// `invalid_field` for a bad page; `storage`.
    pub fn audit_log(&self, page: PageRequest) -> Result<AuditPage> {
        Ok(self.0.audit_log(page)?.into())
    }

    /// Registers `listener` for this book's events; keep the id to unsubscribe.
    pub fn subscribe(&self, listener: Arc<dyn EventListener>) -> SubscriptionId {
        self.0.subscribe(Arc::new(move |book, event| listener.on_event(book, event.clone())))
    }

    /// Cancels a subscription; false when it was not active.
    pub fn unsubscribe(&self, id: SubscriptionId) -> bool {
        self.0.unsubscribe(id)
    }
}
