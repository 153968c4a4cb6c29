//! Events: what changed in a book, delivered to subscribers the host registers (a Python
//! callable, a JavaScript function, a Kotlin/Swift callback interface) after the write that
//! caused them has committed, in the order they happened. A subscriber that panics or fails
//! cannot roll the write back: it is already durable. Alerts (budget thresholds, unusual
//! transactions, ...) arrive through the same channel as [`Event::AlertRaised`].

use crate::alert::Alert;
use crate::ids::{
    AccountId, AlertId, AssertionId, BookId, BudgetId, ConnectionId, GoalId, ImportBatchId,
    TransactionId, UserId,
};
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
    /// The book's categorization rules changed (created, updated, deleted, reordered).
    RulesChanged {
        /// The rules concerned.
        ids: Vec<i64>,
    },
    /// A model was trained and stored (active), or another version activated.
    ModelTrained {
        /// Its version.
        version: i64,
        /// Whether it is now the active model.
        active: bool,
    },
    /// Transactions were categorized (by the flow, a correction, or rules applied to history).
    TransactionsCategorized {
        /// The transactions.
        ids: Vec<TransactionId>,
    },
    /// The categorizer's settings changed.
    CategorizerSettingsChanged,
    /// Rates were added, replaced or deleted (one call, one event).
    RatesChanged {
        /// Rates new to the book.
        added: u64,
        /// Rates that replaced another for the same pair and day.
        replaced: u64,
        /// Rates deleted.
        deleted: u64,
    },
    /// A bank sync of a connection completed (its transactions and cursor committed together).
    SyncCompleted {
        /// The connection.
        connection_id: ConnectionId,
        /// The batch recorded, when the sync wrote transactions.
        batch_id: Option<ImportBatchId>,
    },
    /// An import batch was undone.
    ImportBatchUndone {
        /// The batch.
        batch_id: ImportBatchId,
        /// Transactions it deleted.
        deleted: u64,
    },
    /// A budget was created, changed or deleted.
    BudgetChanged {
        /// Its id.
        id: BudgetId,
    },
    /// Allocations of a budget were set (one call, one event).
    AllocationsChanged {
        /// The budget.
        budget_id: BudgetId,
        /// How many allocations were set.
        count: u64,
    },
    /// A goal was created or changed (including a contribution, archiving, or reaching it).
    GoalChanged {
        /// Its id.
        id: GoalId,
    },
    /// An alert was raised: one event per alert, in the order raised, after the write that
    /// caused it committed.
    AlertRaised {
        /// The stored alert.
        alert: Alert,
    },
    /// Alerts were marked read or dismissed.
    AlertsUpdated {
        /// Their ids.
        ids: Vec<AlertId>,
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
            Self::SyncCompleted { .. } => "sync_completed",
            Self::ImportBatchUndone { .. } => "import_batch_undone",
            Self::RulesChanged { .. } => "rules_changed",
            Self::ModelTrained { .. } => "model_trained",
            Self::TransactionsCategorized { .. } => "transactions_categorized",
            Self::CategorizerSettingsChanged => "categorizer_settings_changed",
            Self::BudgetChanged { .. } => "budget_changed",
            Self::AllocationsChanged { .. } => "allocations_changed",
            Self::GoalChanged { .. } => "goal_changed",
            Self::AlertRaised { .. } => "alert_raised",
            Self::AlertsUpdated { .. } => "alerts_updated",
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
