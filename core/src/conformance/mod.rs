//! The store conformance suite: one set of scenarios and properties that every [`Store`]
//! implementation must pass, so the in-memory reference store, SQLite and any later store
//! answer every call of the [`Book`] API the same way.
//!
//! A store's test file runs the whole suite with one line:
//!
//! ```
//! tally_core::store_conformance_tests!(tally_core::Engine::in_memory);
//! ```
//!
//! The argument is a `fn() -> Engine` (a path or a closure that captures nothing) returning a
//! fresh engine over a fresh, empty store; every test calls it once or more. Each scenario is
//! a `pub fn` here taking that constructor, so a store's own tests may also call one alone.
//! The suite is compiled only with the `conformance` feature, which brings `proptest`.
//!
//! [`Store`]: crate::Store

mod accounts;
mod books;
mod budgets;
mod categorize;
mod events;
mod imports;
mod ledger;
mod planning;
mod portfolio;
mod props;
mod queries;
mod rate_loads;
mod rates;
mod sync;

pub use accounts::*;
pub use books::*;
pub use budgets::*;
pub use categorize::*;
pub use events::*;
pub use imports::*;
pub use ledger::*;
pub use planning::*;
pub use portfolio::*;
pub use props::*;
pub use queries::*;
pub use rate_loads::*;
pub use rates::*;
pub use sync::*;

use crate::{
    AccountBalance, AccountId, AccountKind, AccountSubtype, Book, Engine, Error, FixedClock,
    NewAccount, NewBook, NewTransaction, NewUser, PageRequest, Result, SortOrder, Transaction,
    TransactionFilter, User,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Expands to a `mod conformance` of `#[test]` functions, one per scenario and property of
/// this module, each run against engines built by `$make` (a `fn() -> tally_core::Engine`).
#[macro_export]
macro_rules! store_conformance_tests {
    ($make:expr $(,)?) => {
        mod conformance {
            #[allow(unused_imports)]
            use super::*;

            fn make() -> $crate::Engine {
                let make: fn() -> $crate::Engine = $make;
                make()
            }

            #[test]
            fn portfolio_stored_parts() {
                $crate::conformance::scenario_portfolio_stored_parts(make);
            }
            #[test]
            fn portfolio_prices_import_returns() {
                $crate::conformance::scenario_portfolio_prices_import_returns(make);
            }
            #[test]
            fn users_and_emails() {
                $crate::conformance::scenario_users_and_emails(make);
            }
            #[test]
            fn books_and_members() {
                $crate::conformance::scenario_books_and_members(make);
            }
            #[test]
            fn books_are_isolated() {
                $crate::conformance::scenario_books_are_isolated(make);
            }
            #[test]
            fn account_tree() {
                $crate::conformance::scenario_account_tree(make);
            }
            #[test]
            fn rename_moves_descendants() {
                $crate::conformance::scenario_rename_moves_descendants(make);
            }
            #[test]
            fn closed_account_rejects_postings() {
                $crate::conformance::scenario_closed_account_rejects_postings(make);
            }
            #[test]
            fn currency_scales() {
                $crate::conformance::scenario_currency_scales(make);
            }
            #[test]
            fn user_commodity_btc() {
                $crate::conformance::scenario_user_commodity_btc(make);
            }
            #[test]
            fn amount_limits_and_unknown_commodities() {
                $crate::conformance::scenario_amount_limits_and_unknown_commodities(make);
            }
            #[test]
            fn convenience_constructors() {
                $crate::conformance::scenario_convenience_constructors(make);
            }
            #[test]
            fn unbalanced_and_too_few_splits() {
                $crate::conformance::scenario_unbalanced_and_too_few_splits(make);
            }
            #[test]
            fn exchange_and_cost() {
                $crate::conformance::scenario_exchange_and_cost(make);
            }
            #[test]
            fn transaction_fields_round_trip() {
                $crate::conformance::scenario_transaction_fields_round_trip(make);
            }
            #[test]
            fn edit_keeps_history() {
                $crate::conformance::scenario_edit_keeps_history(make);
            }
            #[test]
            fn reconciled_is_locked() {
                $crate::conformance::scenario_reconciled_is_locked(make);
            }
            #[test]
            fn soft_delete_and_restore() {
                $crate::conformance::scenario_soft_delete_and_restore(make);
            }
            #[test]
            fn reverse() {
                $crate::conformance::scenario_reverse(make);
            }
            #[test]
            fn void_stops_counting() {
                $crate::conformance::scenario_void_stops_counting(make);
            }
            #[test]
            fn external_id_idempotency() {
                $crate::conformance::scenario_external_id_idempotency(make);
            }
            #[test]
            fn batch_is_all_or_nothing() {
                $crate::conformance::scenario_batch_is_all_or_nothing(make);
            }
            #[test]
            fn balances_as_of_with_rollup() {
                $crate::conformance::scenario_balances_as_of_with_rollup(make);
            }
            #[test]
            fn register_running_balance_and_paging() {
                $crate::conformance::scenario_register_running_balance_and_paging(make);
            }
            #[test]
            fn search_filters() {
                $crate::conformance::scenario_search_filters(make);
            }
            #[test]
            fn spending_and_income_by_category() {
                $crate::conformance::scenario_spending_and_income_by_category(make);
            }
            #[test]
            fn balance_assertions() {
                $crate::conformance::scenario_balance_assertions(make);
            }
            #[test]
            fn audit_every_mutation() {
                $crate::conformance::scenario_audit_every_mutation(make);
            }
            #[test]
            fn events_after_commit() {
                $crate::conformance::scenario_events_after_commit(make);
            }
            #[test]
            fn page_limits() {
                $crate::conformance::scenario_page_limits(make);
            }
            #[test]
            fn rates_add_list_delete() {
                $crate::conformance::scenario_rates_add_list_delete(make);
            }
            #[test]
            fn rate_lookup_rules() {
                $crate::conformance::scenario_rate_lookup_rules(make);
            }
            #[test]
            fn convert_exact_and_rounded() {
                $crate::conformance::scenario_convert_exact_and_rounded(make);
            }
            #[test]
            fn rate_files() {
                $crate::conformance::scenario_rate_files(make);
            }
            #[test]
            fn ecb_history() {
                $crate::conformance::scenario_ecb_history(make);
            }
            #[test]
            fn cross_currency_transactions() {
                $crate::conformance::scenario_cross_currency_transactions(make);
            }
            #[test]
            fn reporting_currency() {
                $crate::conformance::scenario_reporting_currency(make);
            }
            #[test]
            fn every_iso_currency_round_trips() {
                $crate::conformance::scenario_every_iso_currency_round_trips(make);
            }
            #[test]
            fn rate_loads_and_reports() {
                $crate::conformance::scenario_rate_loads_and_reports(make);
            }
            #[test]
            fn rates_of_defined_commodities() {
                $crate::conformance::scenario_rates_of_defined_commodities(make);
            }
            #[test]
            fn import_exactly_once() {
                $crate::conformance::scenario_import_exactly_once(make);
            }
            #[test]
            fn import_matches_manual_entries() {
                $crate::conformance::scenario_import_matches_manual_entries(make);
            }
            #[test]
            fn import_strict_and_lenient() {
                $crate::conformance::scenario_import_strict_and_lenient(make);
            }
            #[test]
            fn import_camt_file() {
                $crate::conformance::scenario_import_camt_file(make);
            }
            #[test]
            fn import_pending_then_posted() {
                $crate::conformance::scenario_import_pending_then_posted(make);
            }
            #[test]
            fn import_in_chunks() {
                $crate::conformance::scenario_import_in_chunks(make);
            }
            #[test]
            fn import_csv_file() {
                $crate::conformance::scenario_import_csv_file(make);
            }
            #[test]
            fn import_store_calls() {
                $crate::conformance::scenario_import_store_calls(make);
            }
            #[test]
            fn connections() {
                $crate::conformance::scenario_connections(make);
            }
            #[test]
            fn plaid_sync() {
                $crate::conformance::scenario_plaid_sync(make);
            }
            #[test]
            fn gocardless_sync() {
                $crate::conformance::scenario_gocardless_sync(make);
            }
            #[test]
            fn csv_profiles() {
                $crate::conformance::scenario_csv_profiles(make);
            }
            #[test]
            fn import_batches() {
                $crate::conformance::scenario_import_batches(make);
            }
            #[test]
            fn categorizer_rules() {
                $crate::conformance::scenario_categorizer_rules(make);
            }
            #[test]
            fn categorizer_test_and_apply() {
                $crate::conformance::scenario_categorizer_test_and_apply(make);
            }
            #[test]
            fn categorizer_import_review_correct() {
                $crate::conformance::scenario_categorizer_import_review_correct(make);
            }
            #[test]
            fn categorizer_training() {
                $crate::conformance::scenario_categorizer_training(make);
            }
            #[test]
            fn budget_crud_and_overlap() {
                $crate::conformance::scenario_budget_crud_and_overlap(make);
            }
            #[test]
            fn budget_status_and_rollover() {
                $crate::conformance::scenario_budget_status_and_rollover(make);
            }
            #[test]
            fn budget_weeks_and_custom_ranges() {
                $crate::conformance::scenario_budget_weeks_and_custom_ranges(make);
            }
            #[test]
            fn budget_envelopes_and_templates() {
                $crate::conformance::scenario_budget_envelopes_and_templates(make);
            }
            #[test]
            fn budget_converts_currencies() {
                $crate::conformance::scenario_budget_converts_currencies(make);
            }
            #[test]
            fn goals() {
                $crate::conformance::scenario_goals(make);
            }
            #[test]
            fn alerts_after_writes() {
                $crate::conformance::scenario_alerts_after_writes(make);
            }
            #[test]
            fn alerts_on_demand() {
                $crate::conformance::scenario_alerts_on_demand(make);
            }
            #[test]
            fn prop_budget_identities() {
                $crate::conformance::prop_budget_identities(make);
            }
            #[test]
            fn prop_rollover_24_months() {
                $crate::conformance::prop_rollover_24_months(make);
            }
            #[test]
            fn prop_balanced_transactions_are_accepted() {
                $crate::conformance::prop_balanced_transactions_are_accepted(make);
            }
            #[test]
            fn prop_unbalanced_transactions_are_rejected() {
                $crate::conformance::prop_unbalanced_transactions_are_rejected(make);
            }
            #[test]
            fn prop_balances_equal_live_splits() {
                $crate::conformance::prop_balances_equal_live_splits(make);
            }
            #[test]
            fn prop_books_never_see_each_other() {
                $crate::conformance::prop_books_never_see_each_other(make);
            }
        }
    };
}

/// The instant the suite's clocks start at (whole seconds, so every store can keep it exactly).
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 15, 9, 30, 0).single().expect("valid start time")
}

/// A civil date.
pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// A fresh engine from `make` with a fixed clock at [`start_time`].
pub fn fresh_engine(make: fn() -> Engine) -> (Engine, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(start_time()));
    (make().with_clock(clock.clone()), clock)
}

/// Asserts that `result` failed with `code` and returns the error for further checks.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(result: Result<T>, code: &str) -> Error {
    match result {
        Ok(value) => panic!("expected error `{code}`, got Ok({value:?})"),
        Err(err) => {
            assert_eq!(err.code(), code, "expected `{code}`, got: {err}");
            err
        }
    }
}

/// A search filter that matches everything, deleted transactions included.
pub fn everything() -> TransactionFilter {
    TransactionFilter { include_deleted: true, ..TransactionFilter::default() }
}

/// The largest page, oldest first.
pub fn all_ascending() -> PageRequest {
    PageRequest::first(crate::query::MAX_PAGE_LIMIT, SortOrder::Ascending)
}

/// A user, a book and a small EUR account tree: the starting point of most scenarios.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The engine (shared by every book of the scenario).
    pub engine: Engine,
    /// The engine's clock.
    pub clock: Arc<FixedClock>,
    /// The book's owner.
    pub owner: User,
    /// The book, opened for its owner.
    pub book: Book,
    /// `Assets:Bank:Checking`.
    pub checking: AccountId,
    /// `Assets:Bank:Savings`.
    pub savings: AccountId,
    /// `Assets:Cash`.
    pub cash: AccountId,
    /// `Liabilities:Card`.
    pub card: AccountId,
    /// `Income:Salary`.
    pub salary: AccountId,
    /// `Expenses:Food` (a parent category).
    pub food: AccountId,
    /// `Expenses:Food:Groceries`.
    pub groceries: AccountId,
    /// `Expenses:Food:Restaurants`.
    pub restaurants: AccountId,
    /// `Expenses:Household`.
    pub household: AccountId,
    /// `Expenses:Rent`.
    pub rent: AccountId,
    /// `Equity:Opening`.
    pub opening: AccountId,
}

impl Fixture {
    /// A fresh engine from `make` with a book owned by `ada@example.com`.
    pub fn new(make: fn() -> Engine) -> Self {
        let (engine, clock) = fresh_engine(make);
        Self::in_engine(engine, clock, "ada@example.com", "Household")
    }

    /// Another user and book in the same engine as `self`.
    pub fn neighbour(&self, email: &str, book_name: &str) -> Self {
        Self::in_engine(self.engine.clone(), self.clock.clone(), email, book_name)
    }

    /// A user `email` with a book `book_name` and the standard tree in `engine`.
    pub fn in_engine(engine: Engine, clock: Arc<FixedClock>, email: &str, book_name: &str) -> Self {
        let owner =
            engine.users().create(NewUser::new(email, "Ada", "Lovelace", "EUR")).expect("user");
        let book = engine.create_book(NewBook::new(book_name, owner.id, "EUR")).expect("book");
        let create = |path: &str, kind: AccountKind, subtype: AccountSubtype| {
            book.accounts()
                .create(NewAccount::new(path, kind, "EUR").subtype(subtype))
                .unwrap_or_else(|e| panic!("create {path}: {e}"))
                .id
        };
        use AccountKind::{Asset, Equity, Expense, Income, Liability};
        use AccountSubtype::{Cash, Checking, CreditCard, Other, Savings};
        let checking = create("Assets:Bank:Checking", Asset, Checking);
        let savings = create("Assets:Bank:Savings", Asset, Savings);
        let cash = create("Assets:Cash", Asset, Cash);
        let card = create("Liabilities:Card", Liability, CreditCard);
        let salary = create("Income:Salary", Income, Other);
        let groceries = create("Expenses:Food:Groceries", Expense, Other);
        let restaurants = create("Expenses:Food:Restaurants", Expense, Other);
        let household = create("Expenses:Household", Expense, Other);
        let rent = create("Expenses:Rent", Expense, Other);
        let opening = create("Equity:Opening", Equity, Other);
        let food = book.accounts().by_path("Expenses:Food").expect("Expenses:Food").id;
        Self {
            engine,
            clock,
            owner,
            book,
            checking,
            savings,
            cash,
            card,
            salary,
            food,
            groceries,
            restaurants,
            household,
            rent,
            opening,
        }
    }

    /// The leaf accounts, for random transactions.
    pub fn leaves(&self) -> [AccountId; 9] {
        [
            self.checking,
            self.savings,
            self.cash,
            self.card,
            self.salary,
            self.groceries,
            self.restaurants,
            self.household,
            self.rent,
        ]
    }

    /// Adds a transaction that must be accepted.
    #[track_caller]
    pub fn add(&self, tx: NewTransaction) -> Transaction {
        self.book.transactions().add(tx).unwrap_or_else(|e| panic!("add transaction: {e}"))
    }

    /// Every balance row of the book at the end of `as_of` (all time when `None`).
    #[track_caller]
    pub fn balances(&self, as_of: Option<NaiveDate>) -> Vec<AccountBalance> {
        self.book.accounts().balances(as_of).expect("balances")
    }

    /// The EUR balance row of `account` at the end of `as_of`.
    #[track_caller]
    pub fn balance_row(&self, account: AccountId, as_of: Option<NaiveDate>) -> AccountBalance {
        self.balances(as_of)
            .into_iter()
            .find(|b| b.account_id == account && b.commodity == "EUR")
            .unwrap_or_else(|| panic!("no EUR balance row for account {account}"))
    }

    /// The EUR balance of `account` with its descendants, all time.
    #[track_caller]
    pub fn total(&self, account: AccountId) -> Decimal {
        self.balance_row(account, None).total
    }

    /// How many audit rows the book has.
    #[track_caller]
    pub fn audit_len(&self) -> u64 {
        self.book.audit_log(PageRequest::first(1, SortOrder::Descending)).expect("audit log").total
    }

    /// The newest audit row.
    #[track_caller]
    pub fn last_audit(&self) -> crate::AuditEntry {
        let page = self.book.audit_log(PageRequest::first(1, SortOrder::Descending));
        page.expect("audit log").items.into_iter().next().expect("an audit row")
    }

    /// Ids of every transaction of the book (deleted ones too), oldest first.
    #[track_caller]
    pub fn all_ids(&self) -> Vec<crate::TransactionId> {
        let page = self.book.transactions().search(&everything(), all_ascending());
        page.expect("search").items.iter().map(|t| t.id).collect()
    }
}
