//! Tally's core: the domain and all pure logic of the engine, with no I/O.
//!
//! It holds exact money ([`money`], [`commodity`]), the double-entry ledger ([`account`],
//! [`transaction`]), the [`Store`](store::Store) trait that every store implements, an in-memory
//! store for tests ([`memory`]) and the [`Engine`]/[`Book`] API that applications and the
//! language bindings call. Business rules live here and nowhere else: a store only keeps what
//! this crate has already validated, and a binding only converts types at its edge.
//!
//! ```
//! use tally_core::{Engine, NewUser, NewBook, NewAccount, AccountKind, AccountSubtype, NewTransaction};
//! use rust_decimal_macros::dec;
//! use chrono::NaiveDate;
//!
//! let engine = Engine::in_memory();
//! let user = engine.users().create(NewUser::new("ada@example.com", "Ada", "Lovelace", "EUR"))?;
//! let book = engine.create_book(NewBook::new("Household", user.id, "EUR"))?;
//! let checking = book.accounts().create(
//!     NewAccount::new("Assets:Bank:Checking", AccountKind::Asset, "EUR")
//!         .subtype(AccountSubtype::Checking),
//! )?;
//! let food = book.accounts().create(NewAccount::new("Expenses:Food", AccountKind::Expense, "EUR"))?;
//! let day = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
//! book.transactions().add(NewTransaction::expense(day, checking.id, food.id, dec!(12.50), "Bakery"))?;
//! let balances = book.accounts().balances(None)?;
//! let checking_balance = balances.iter().find(|b| b.account_id == checking.id).unwrap();
//! assert_eq!(checking_balance.total, dec!(-12.50));
//! # Ok::<(), tally_core::Error>(())
//! ```

pub mod account;
pub mod alert;
pub mod audit;
pub mod book;
pub mod budget;
pub mod categorization;
pub mod clock;
pub mod commodity;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod engine;
pub mod error;
pub mod events;
pub mod files;
pub mod goal;
pub mod ids;
pub mod import;
pub mod iso4217;
pub mod memory;
pub mod money;
pub mod portfolio;
pub mod query;
pub mod rates;
pub mod store;
pub mod transaction;
pub mod user;
pub mod valuation;

pub use account::{Account, AccountKind, AccountSubtype, AccountUpdate, NewAccount};
pub use alert::{Alert, AlertFilter, AlertKind, AlertSettings};
pub use audit::{AuditAction, AuditEntry, AuditRecord, EntityKind};
pub use book::Book;
pub use budget::{
    Budget, BudgetCategory, BudgetMode, BudgetStatus, BudgetUpdate, NewAllocation, NewBudget,
    Period,
};
pub use categorization::{
    CategorizationRule, CategorizedFields, CategorizerSettings, CategorySuggestion, Correction,
    ModelInfo, NewRule, PayeeMemoryRow, ReviewItem, RuleChange, RuleProposal, TrainRequest,
    TransactionDecision,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use commodity::{Commodity, CommodityKind, NewCommodity};
pub use engine::Engine;
pub use error::{Error, ErrorKind, ERROR_CODES};
pub use events::{Event, Subscriber, SubscriptionId};
pub use goal::{Goal, GoalKind, GoalProgress, GoalStatus, NewContribution, NewGoal};
pub use ids::{
    AccountId, AlertId, AssertionId, BookId, BudgetId, ConnectionId, ContributionId, GoalId,
    ImportBatchId, SplitId, TransactionId, UserId,
};
pub use money::Rounding;
pub use query::{
    AccountBalance, AssertionResult, BalanceAssertion, CategoryAmount, DailySum,
    NewBalanceAssertion, Page, PageRequest, RegisterRow, SortOrder, TransactionFilter,
};
pub use rates::{
    Conversion, ConvertOptions, LoadOptions, LoadReport, LookupOptions, Rate, RateFilter,
    RateFormat, RateLeg, RateQuote, RateTable,
};
pub use store::Store;
pub use transaction::{
    EditOptions, NewExchange, NewSplit, NewTransaction, Source, Split, Status, Transaction,
    UnitPrice,
};
pub use user::{BookInfo, Member, NewBook, NewUser, Role, User};
pub use valuation::{
    FxGain, NetWorth, Unconverted, Valuation, ValuationOptions, ValuedBalances, ValuedCategories,
};

/// Result type of every fallible call in the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
