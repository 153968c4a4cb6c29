//! Portfolios: securities (commodities with an asset class and a quotation currency), lots and
//! booking, investment operations as ordinary balanced transactions with cost, holdings and
//! their value, realized and unrealized gains, income, rates of return, target allocations and
//! rebalancing, and the import of brokerage statements.
//!
//! Nothing here is stored apart from the ledger except what a user chooses: the security
//! details, the booking method of an account and the target weights. Lots are derived by
//! replaying the book's transactions ([`history`]), so a lot can never disagree with the ledger
//! it comes from. Each operation the [`Portfolio`](crate::book::Portfolio) calls write is one
//! transaction whose splits say everything the replay needs: the cost of every unit that moves
//! (`{cost}`), the sale price (`@price`), and the lot a split draws from (memo `lot:<id>`).
//! Transactions carry two tags, `invest:<kind>` and `security:<CODE>`, so they can be searched.

pub mod allocation;
pub mod history;
pub mod import;
pub mod lots;
pub mod operations;
pub mod performance;
pub mod returns;
mod types;
pub mod valuation;

pub use crate::book::{LotFilter, Sale};
pub use types::*;
