//! Tally for iOS and Android: the UniFFI binding of the engine.
//!
//! The Kotlin and Swift sources are generated from this crate (`bindings-mobile/generate.sh`,
//! with the pinned `uniffi-bindgen` of this workspace); the same crate is tested here through
//! the generated Kotlin (compiled and run on the JVM) and the generated Python.
//!
//! The binding is thin: objects are newtypes around the core's [`Engine`](engine::Engine),
//! [`Book`](book::Book) and its groups of calls, each method one line; every type conversion is
//! in [`conversion`] and every error mapping in [`error`]. Objects are `Send + Sync` and shared
//! as `Arc`, so a host may call them from any thread.

uniffi::setup_scaffolding!("tally");

pub mod background;
pub mod book;
pub mod clock;
pub mod connections;
pub mod conversion;
pub mod engine;
pub mod error;
pub mod groups;
pub mod planning;
pub mod portfolio;

pub use book::{Book, EventListener};
pub use clock::Clock;
pub use engine::{Engine, Users};
pub use error::TallyError;
pub use groups::{Accounts, Commodities, Imports, Rates, Reports, Transactions};
pub use planning::{Alerts, Budgets, Categorizer, Goals};
pub use portfolio::Portfolio;
