//! Typed identifiers, so an account id can never be passed where a transaction id is expected.
//!
//! Ids are positive integers allocated by the store; they are plain `i64` underneath because
//! SQLite and PostgreSQL both key rows that way and every binding can carry an `i64`.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }
    };
}

id_type!(
    /// Identifies a [`User`](crate::User) across the whole database.
    UserId
);
id_type!(
    /// Identifies a [`Book`](crate::Book); every other row belongs to exactly one book.
    BookId
);
id_type!(
    /// Identifies an [`Account`](crate::Account) (or category) within a book.
    AccountId
);
id_type!(
    /// Identifies a [`Transaction`](crate::Transaction) within a book.
    TransactionId
);
id_type!(
    /// Identifies one [`Split`](crate::Split) of a transaction.
    SplitId
);
id_type!(
    /// Identifies a stored [`BalanceAssertion`](crate::BalanceAssertion).
    AssertionId
);
id_type!(
    /// Identifies a bank [`Connection`](crate::import::records::Connection) within a book.
    ConnectionId
);
id_type!(
    /// Identifies an [`ImportBatch`](crate::import::records::ImportBatch) within a book.
    ImportBatchId
);
id_type!(
    /// Identifies a [`Budget`](crate::budget::Budget) within a book.
    BudgetId
);
id_type!(
    /// Identifies a [`Goal`](crate::goal::Goal) within a book.
    GoalId
);
id_type!(
    /// Identifies a stored [`Alert`](crate::alert::Alert) within a book.
    AlertId
);
id_type!(
    /// Identifies a manual [`Contribution`](crate::goal::Contribution) to a goal.
    ContributionId
);
