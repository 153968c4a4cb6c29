//! The JS classes: `Engine` and its `users` group, `Book`, and the book's groups. Each method
//! is one call of the core through the handle, which converts failures to JS errors.

mod accounts;
mod book;
mod budgets;
mod categorizer;
mod commodities;
mod engine;
mod imports;
mod portfolio;
mod rates;
mod transactions;
