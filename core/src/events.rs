//! Events: what changed in a book, delivered to subscribers the host registers (a Python
//! callable, a JavaScript function, a Kotlin/Swift callback interface) after the write that
//! caused them has committed, in the order they happened. A subscriber that panics or fails
//! cannot roll the write back: it is already durable. Alerts (budget thresholds, unusual
//! transactions, ...) will arrive through the same channel.

use crate::ids::{AccountId, AssertionId, BookId, TransactionId, UserId};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// Something that changed in a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Accounts were created (ancestors first).
    AccountsCreated {
        /// Their ids.
        ids: Vec<AccountId>,
    },
    /// Accounts were changed (a rename moves descendants too).
    AccountsUpdated {
        /// Their ids.
        ids: Vec<AccountId>,
    },
    /// Transactions were added (one call, one event, however many).
    TransactionsAdded {
        /// Their ids, in input order.
        ids: Vec<TransactionId>,
    },
    /// A transaction was edited.
    TransactionUpdated {
        /// Its id.
        id: TransactionId,
    },
    /// A transaction was soft-deleted.
    TransactionDeleted {
        /// Its id.
        id: TransactionId,
    },
    /// A transaction was restored.
    TransactionRestored {
        /// Its id.
        id: TransactionId,
    },
    /// A commodity was defined.
    CommodityDefined {
        /// Its code.
        code: String,
    },
    /// A security was defined or its details changed.
    SecurityDefined {
        /// Its code.
        code: String,
    },
    /// An account's booking method was set.
    BookingMethodSet {
        /// The account.
        account_id: AccountId,
        /// The method's stable name.
        method: String,
    },
    /// A set of target weights was replaced.
    TargetsSet {
        /// The account, or `None` for the whole book.
        account_id: Option<AccountId>,
        /// Targets in the new set.
        count: u64,
    },
    /// A balance assertion was added.
    AssertionAdded {
        /// Its id.
        id: AssertionId,
    },
    /// A balance assertion was deleted.
    AssertionDeleted {
        /// Its id.
        id: AssertionId,
    },
    /// A member joined the book.
    MemberAdded {
        /// The user.
        user_id: UserId,
    },
    /// Rates were added, replaced or deleted (one call, one event).
    RatesChanged {
        /// Rates new to the book.
        added: u64,
        /// Rates that replaced another for the same pair and day.
        replaced: u64,
        /// Rates deleted.
        deleted: u64,
    },
}

impl Event {
    /// Stable snake_case name of the event kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AccountsCreated { .. } => "accounts_created",
            Self::AccountsUpdated { .. } => "accounts_updated",
            Self::TransactionsAdded { .. } => "transactions_added",
            Self::TransactionUpdated { .. } => "transaction_updated",
            Self::TransactionDeleted { .. } => "transaction_deleted",
            Self::TransactionRestored { .. } => "transaction_restored",
            Self::CommodityDefined { .. } => "commodity_defined",
            Self::SecurityDefined { .. } => "security_defined",
            Self::BookingMethodSet { .. } => "booking_method_set",
            Self::TargetsSet { .. } => "targets_set",
            Self::AssertionAdded { .. } => "assertion_added",
            Self::AssertionDeleted { .. } => "assertion_deleted",
            Self::MemberAdded { .. } => "member_added",
            Self::RatesChanged { .. } => "rates_changed",
        }
    }
}

/// Identifies one subscription, to cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SubscriptionId(pub u64);

/// A subscriber: called with the book and the event, on the thread that made the write.
pub type Subscriber = Arc<dyn Fn(BookId, &Event) + Send + Sync>;

#[derive(Default)]
struct Subscriptions {
    last_id: u64,
    active: Vec<(SubscriptionId, BookId, Subscriber)>,
}

/// The subscribers of every book of an engine.
#[derive(Default)]
pub(crate) struct EventBus {
    inner: Mutex<Subscriptions>,
}

impl EventBus {
    pub(crate) fn subscribe(&self, book: BookId, subscriber: Subscriber) -> SubscriptionId {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        inner.last_id += 1;
        let id = SubscriptionId(inner.last_id);
        inner.active.push((id, book, subscriber));
        id
    }

    pub(crate) fn unsubscribe(&self, id: SubscriptionId) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = inner.active.len();
        inner.active.retain(|(s, _, _)| *s != id);
        inner.active.len() != before
    }

    /// Delivers `event` to the book's subscribers. The list is copied first so a subscriber
    /// may subscribe or unsubscribe from inside its callback; a panicking subscriber is
    /// isolated from the others and from the caller.
    pub(crate) fn emit(&self, book: BookId, event: &Event) {
        let targets: Vec<Subscriber> = {
            let inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            inner
                .active
                .iter()
                .filter(|(_, b, _)| *b == book)
                .map(|(_, _, s)| Arc::clone(s))
                .collect()
        };
        for subscriber in targets {
            let call = std::panic::AssertUnwindSafe(|| subscriber(book, event));
            // The write has committed; a failing subscriber must not turn it into an error.
            let _ = std::panic::catch_unwind(call);
        }
    }
}
