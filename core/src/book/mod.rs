//! A [`Book`]: one user's (or household's) ledger, opened for one member. Its calls are grouped
//! as in every binding: [`accounts`](Book::accounts), [`transactions`](Book::transactions),
//! [`commodities`](Book::commodities), [`reports`](Book::reports), [`budgets`](Book::budgets),
//! [`goals`](Book::goals), [`alerts`](Book::alerts). Every call is scoped to this book: no call
//! can read or change another book's rows.

mod accounts;
mod alerts;
mod budgets;
mod categorizer;
mod commodities;
mod connections;
mod context;
pub(crate) mod flow;
mod goals;
mod import_batches;
pub(crate) mod imports;
mod portfolio;
mod portfolio_analysis;
mod portfolio_import;
mod rates;
mod reports;
mod sync;
mod transactions;
mod valuation;

pub use accounts::Accounts;
pub use alerts::Alerts;
pub use budgets::Budgets;
pub use categorizer::Categorizer;
pub use commodities::Commodities;
pub use goals::Goals;
pub use imports::Imports;
pub use portfolio::{LotFilter, Portfolio, Sale};
pub use rates::Rates;
pub use reports::Reports;
pub use transactions::Transactions;

use crate::audit::{AuditAction, AuditEntry, AuditRecord, EntityKind};
use crate::engine::Engine;
use crate::events::{Event, Subscriber, SubscriptionId};
use crate::ids::{BookId, UserId};
use crate::query::{Page, PageRequest};
use crate::user::{BookInfo, Member, Role, UserError};
use crate::Result;

/// A book opened for one member. Cheap to clone; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Book {
    engine: Engine,
    info: BookInfo,
    actor: UserId,
    role: Role,
}

impl Book {
    pub(crate) fn new(engine: Engine, info: BookInfo, actor: UserId, role: Role) -> Self {
        Self { engine, info, actor, role }
    }

    /// The book's id.
    pub fn id(&self) -> BookId {
        self.info.id
    }

    /// The book's description.
    pub fn info(&self) -> &BookInfo {
        &self.info
    }

    /// The member this book was opened for; the audit log names them.
    pub fn actor(&self) -> UserId {
        self.actor
    }

    /// The engine the book lives in.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Account calls: the tree, balances, register, balance assertions.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(self)
    }

    /// Transaction calls: add, edit, delete, restore, reverse, search.
    pub fn transactions(&self) -> Transactions<'_> {
        Transactions::new(self)
    }

    /// Commodity calls: user-defined securities, funds, crypto.
    pub fn commodities(&self) -> Commodities<'_> {
        Commodities::new(self)
    }

    /// Import calls: bank statements into an account, exactly once.
    pub fn imports(&self) -> Imports<'_> {
        Imports::new(self)
    }

    /// Categorizer calls: rules, payee memory, models, decisions, review, corrections.
    pub fn categorizer(&self) -> Categorizer<'_> {
        Categorizer::new(self)
    }

    /// Rate calls: exchange rates and prices, rate files, lookups and conversions.
    pub fn rates(&self) -> Rates<'_> {
        Rates::new(self)
    }

    /// Portfolio calls: securities, investment operations, lots, gains, holdings, returns,
    /// allocation and rebalancing.
    pub fn portfolio(&self) -> Portfolio<'_> {
        Portfolio::new(self)
    }

    /// Report calls: spending and income by category.
    pub fn reports(&self) -> Reports<'_> {
        Reports::new(self)
    }

    /// Budget calls: budgets, allocations, templates, status.
    pub fn budgets(&self) -> Budgets<'_> {
        Budgets::new(self)
    }

    /// Goal calls: savings, debt and spending goals, contributions, progress.
    pub fn goals(&self) -> Goals<'_> {
        Goals::new(self)
    }

    /// Alert calls: list, mark read, dismiss, settings, evaluate.
    pub fn alerts(&self) -> Alerts<'_> {
        Alerts::new(self)
    }

    /// Evaluates alerts after a committed write. The write stands whatever happens here, so
    /// a failure of the evaluation is not the caller's error: the next evaluation (automatic
    /// or [`Alerts::evaluate`]) raises what this one missed.
    pub(crate) fn after_write(&self, trigger: &alerts::Trigger) {
        if self.role != Role::Viewer {
            let _ = self.alerts().after(trigger);
        }
    }

    /// The members of the book.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn members(&self) -> Result<Vec<Member>> {
        self.engine.store.members(self.id())
    }

    /// Adds a member (a household shares one book).
    ///
    /// # Errors
    ///
    /// `read_only` unless the actor is the owner; `user_not_found`; `already_member`.
    pub fn add_member(&self, user: UserId, role: Role) -> Result<()> {
        if self.role != Role::Owner {
            return Err(UserError::ReadOnly { user: self.actor, book: self.id() }.into());
        }
        self.engine.users().get(user)?;
        if self.members()?.iter().any(|m| m.user_id == user) {
            return Err(UserError::AlreadyMember { user, book: self.id() }.into());
        }
        let member = Member { user_id: user, role };
        let audit = self.audit(
            AuditAction::Create,
            EntityKind::Member,
            Some(user.0),
            None::<&()>,
            Some(&member),
        );
        self.engine.store.insert_member(self.id(), &member, &audit)?;
        self.emit(&Event::MemberAdded { user_id: user });
        Ok(())
    }

    /// Registers `subscriber` for this book's events; it is called after each write commits,
    /// in order, on the writing thread.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # use std::sync::{Arc, Mutex};
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let sink = Arc::clone(&seen);
    /// let id = book.subscribe(Arc::new(move |_, event: &Event| {
    ///     sink.lock().unwrap().push(event.kind());
    /// }));
    /// book.accounts().create(NewAccount::new("Assets:Cash", AccountKind::Asset, "EUR"))?;
    /// assert_eq!(*seen.lock().unwrap(), ["accounts_created"]);
    /// assert!(book.unsubscribe(id));
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    pub fn subscribe(&self, subscriber: Subscriber) -> SubscriptionId {
        self.engine.events.subscribe(self.id(), subscriber)
    }

    /// Cancels a subscription; false when it was not active.
    pub fn unsubscribe(&self, id: SubscriptionId) -> bool {
        self.engine.events.unsubscribe(id)
    }

    pub(crate) fn emit(&self, event: &Event) {
        self.engine.events.emit(self.id(), event);
    }

    /// The audit log, newest first by default.
    ///
    /// # Errors
    ///
    /// `invalid_field` for a bad page; `storage`.
    pub fn audit_log(&self, page: PageRequest) -> Result<Page<AuditEntry>> {
        page.check()?;
        self.engine.store.audit_log(self.id(), &page)
    }

    pub(crate) fn check_writable(&self) -> Result<()> {
        if self.role == Role::Viewer {
            return Err(UserError::ReadOnly { user: self.actor, book: self.id() }.into());
        }
        Ok(())
    }

    pub(crate) fn audit<B: serde::Serialize, A: serde::Serialize>(
        &self,
        action: AuditAction,
        entity: EntityKind,
        entity_id: Option<i64>,
        before: Option<&B>,
        after: Option<&A>,
    ) -> AuditRecord {
        AuditRecord {
            actor: self.actor,
            action,
            entity,
            entity_id,
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: after.and_then(|a| serde_json::to_value(a).ok()),
            at: self.engine.clock.now(),
        }
    }
}
