//! The audit log: every mutation writes who, what, when and before/after in the same database
//! transaction as the mutation itself, so the log can never disagree with the data.
//!
//! A batch of transactions writes one audit row for the whole batch (action `create_batch`,
//! `entity_id` = the first new id, `after` = `{"count": n}`); stores allocate the ids of one batch
//! contiguously, so the row names every transaction of the batch without repeating them.

use crate::ids::{BookId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A row was created.
    Create,
    /// A batch of rows was created.
    CreateBatch,
    /// A row was changed.
    Update,
    /// A row was soft-deleted.
    Delete,
    /// A soft-deleted row was restored.
    Restore,
}

impl AuditAction {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::CreateBatch => "create_batch",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Restore => "restore",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Create, Self::CreateBatch, Self::Update, Self::Delete, Self::Restore]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// What kind of row it was done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A book.
    Book,
    /// A membership.
    Member,
    /// A commodity.
    Commodity,
    /// An account.
    Account,
    /// A transaction.
    Transaction,
    /// A balance assertion.
    BalanceAssertion,
    /// Exchange rates and prices (a load is one record).
    Rate,
    /// A bank connection.
    Connection,
    /// A saved CSV profile.
    CsvProfile,
    /// An import batch.
    ImportBatch,
    /// A categorization rule.
    CategorizationRule,
    /// A trained categorization model.
    Model,
    /// Categorization of transactions (decisions, payee memory) and the categorizer's settings.
    Categorization,
    /// A budget.
    Budget,
    /// Budget allocations (one call is one record).
    Allocation,
    /// A goal.
    Goal,
    /// A manual contribution to a goal.
    Contribution,
    /// Alerts (one evaluation or one flag change is one record).
    Alert,
    /// The alert settings of a book.
    AlertSettings,
    /// A security's details.
    Security,
    /// An account's booking method.
    BookingMethod,
    /// A set of target weights.
    AllocationTarget,
}

impl EntityKind {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Book => "book",
            Self::Member => "member",
            Self::Commodity => "commodity",
            Self::Account => "account",
            Self::Transaction => "transaction",
            Self::BalanceAssertion => "balance_assertion",
            Self::Rate => "rate",
            Self::Connection => "connection",
            Self::CsvProfile => "csv_profile",
            Self::ImportBatch => "import_batch",
            Self::CategorizationRule => "categorization_rule",
            Self::Model => "model",
            Self::Categorization => "categorization",
            Self::Budget => "budget",
            Self::Allocation => "allocation",
            Self::Goal => "goal",
            Self::Contribution => "contribution",
            Self::Alert => "alert",
            Self::AlertSettings => "alert_settings",
            Self::Security => "security",
            Self::BookingMethod => "booking_method",
            Self::AllocationTarget => "allocation_target",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Book,
            Self::Member,
            Self::Commodity,
            Self::Account,
            Self::Transaction,
            Self::BalanceAssertion,
            Self::Rate,
            Self::Connection,
            Self::CsvProfile,
            Self::ImportBatch,
            Self::CategorizationRule,
            Self::Model,
            Self::Categorization,
            Self::Budget,
            Self::Allocation,
            Self::Goal,
            Self::Contribution,
            Self::Alert,
            Self::AlertSettings,
            Self::Security,
            Self::BookingMethod,
            Self::AllocationTarget,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// An audit row to write along with a mutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Who did it.
    pub actor: UserId,
    /// What was done.
    pub action: AuditAction,
    /// To what kind of row.
    pub entity: EntityKind,
    /// The row's id; `None` on creation, when the store fills in the new id.
    pub entity_id: Option<i64>,
    /// The row before (JSON), for updates and deletes.
    pub before: Option<serde_json::Value>,
    /// The row after (JSON), for creations and updates.
    pub after: Option<serde_json::Value>,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Sequence number within the database.
    pub id: i64,
    /// Book.
    pub book_id: BookId,
    /// Who did it.
    pub actor: UserId,
    /// What was done.
    pub action: AuditAction,
    /// To what kind of row.
    pub entity: EntityKind,
    /// The row's id.
    pub entity_id: Option<i64>,
    /// Before (JSON).
    pub before: Option<serde_json::Value>,
    /// After (JSON).
    pub after: Option<serde_json::Value>,
    /// When (UTC).
    pub at: DateTime<Utc>,
}
