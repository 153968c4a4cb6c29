//! The error-code table: `docs/errors.md`, `ERROR_CODES` and `Error::code()` agree.

use rust_decimal_macros::dec;
use std::collections::BTreeSet;
use tally_core::account::AccountError;
use tally_core::alert::AlertError;
use tally_core::budget::BudgetError;
use tally_core::categorization::{CategorizationError, CategorizeError};
use tally_core::commodity::CommodityError;
use tally_core::files::FileError;
use tally_core::goal::GoalError;
use tally_core::import::records::ImportError;
use tally_core::money::MoneyError;
use tally_core::portfolio::{LotId, PortfolioError};
use tally_core::query::QueryError;
use tally_core::rates::RateError;
use tally_core::store::StoreError;
use tally_core::transaction::TransactionError;
use tally_core::user::UserError;
use tally_core::{
    AccountId, AlertId, AssertionId, BookId, BudgetId, Error, GoalId, TransactionId, UserId,
    ERROR_CODES,
};

/// One error of every variant.
fn every_error() -> Vec<Error> {
    let s = || "x".to_owned();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    vec![
        MoneyError::TooManyDecimals {
            field: s(),
            value: s(),
            commodity: s(),
            decimals: 3,
            scale: 2,
        }
        .into(),
        MoneyError::AmountOutOfRange { field: s(), value: s(), commodity: s(), scale: 2 }.into(),
        MoneyError::InvalidAmount { field: s(), value: s() }.into(),
        CommodityError::Unknown { field: s(), code: s() }.into(),
        CommodityError::InvalidCode { code: s() }.into(),
        CommodityError::InvalidScale { code: s(), scale: 30, max: 18 }.into(),
        CommodityError::Exists { code: s() }.into(),
        UserError::InvalidField { field: s(), value: s(), reason: s() }.into(),
        UserError::UserNotFound(UserId(1)).into(),
        UserError::BookNotFound(BookId(1)).into(),
        UserError::NotAMember { user: UserId(1), book: BookId(1) }.into(),
        UserError::ReadOnly { user: UserId(1), book: BookId(1) }.into(),
        UserError::EmailTaken(s()).into(),
        UserError::AlreadyMember { user: UserId(1), book: BookId(1) }.into(),
        AccountError::InvalidPath { path: s(), reason: s() }.into(),
        AccountError::DuplicateName(s()).into(),
        AccountError::ParentKindMismatch {
            path: s(),
            kind: "asset",
            parent: s(),
            parent_kind: "expense",
        }
        .into(),
        AccountError::InvalidSubtype { subtype: "savings", kind: "expense" }.into(),
        AccountError::NotFound { field: s(), id: AccountId(1) }.into(),
        AccountError::PathNotFound(s()).into(),
        AccountError::ClosedBeforeOpened { opened: day, closed: day }.into(),
        TransactionError::TooFewSplits { field: s(), count: 1 }.into(),
        TransactionError::Unbalanced { field: s(), residuals: vec![(s(), dec!(0.01))] }.into(),
        TransactionError::AccountClosed { field: s(), account: s(), date: day }.into(),
        TransactionError::CommodityMismatch { field: s(), account: s(), expected: s(), got: s() }
            .into(),
        TransactionError::InvalidField { field: s(), value: s(), reason: s() }.into(),
        TransactionError::NotFound(TransactionId(1)).into(),
        TransactionError::Deleted(TransactionId(1)).into(),
        TransactionError::NotDeleted(TransactionId(1)).into(),
        TransactionError::ReconciledLocked(TransactionId(1)).into(),
        TransactionError::ExternalIdConflict(s()).into(),
        TransactionError::AlreadyReversed { id: TransactionId(1), by: TransactionId(2) }.into(),
        QueryError::InvalidField { field: s(), value: s(), reason: s() }.into(),
        QueryError::AssertionNotFound(AssertionId(1)).into(),
        RateError::NoRate { field: s(), base: s(), quote: s(), date: day, first_after: None }
            .into(),
        RateError::StaleRate {
            field: s(),
            base: s(),
            quote: s(),
            date: day,
            last_date: day,
            age_days: 9,
            max_age_days: 7,
        }
        .into(),
        RateError::NotFound { base: s(), quote: s(), date: day }.into(),
        FileError::Malformed { file: s(), line: 3, field: s(), value: s(), reason: s() }.into(),
        FileError::Unreadable { file: s(), reason: s() }.into(),
        ImportError::SyncFailed { page: 1, line: Some(2), field: s(), value: s(), reason: s() }
            .into(),
        ImportError::ConnectionNotFound(tally_core::ConnectionId(1)).into(),
        ImportError::ConnectionDisconnected(tally_core::ConnectionId(1)).into(),
        ImportError::TokenKeyMismatch(tally_core::ConnectionId(1)).into(),
        ImportError::ProfileExists(s()).into(),
        ImportError::ProfileNotFound(s()).into(),
        ImportError::BatchNotFound(tally_core::ImportBatchId(1)).into(),
        ImportError::BatchAlreadyUndone(tally_core::ImportBatchId(1)).into(),
        BudgetError::InvalidField { field: s(), value: s(), reason: s() }.into(),
        BudgetError::NotFound(BudgetId(1)).into(),
        BudgetError::Overlap { field: s(), path: s(), other: BudgetId(2), other_name: s() }.into(),
        GoalError::InvalidField { field: s(), value: s(), reason: s() }.into(),
        GoalError::NotFound(GoalId(1)).into(),
        GoalError::Archived(GoalId(1)).into(),
        AlertError::InvalidField { field: s(), value: s(), reason: s() }.into(),
        AlertError::NotFound(AlertId(1)).into(),
        PortfolioError::InsufficientQuantity {
            field: s(),
            security: s(),
            held: dec!(1),
            asked: dec!(2),
        }
        .into(),
        PortfolioError::LotNotFound { field: s(), lot: LotId(1), security: s() }.into(),
        PortfolioError::NotASecurity { field: s(), code: s() }.into(),
        PortfolioError::InvalidTargets { field: s(), reason: s() }.into(),
        StoreError::Backend { message: s() }.into(),
        StoreError::SchemaTooNew { found: 9, supported: 2 }.into(),
        StoreError::Corrupt { what: s() }.into(),
        CategorizeError::InvalidRule { field: s(), message: s() }.into(),
        CategorizeError::SplitMismatch { message: s() }.into(),
        CategorizeError::NotEnoughData { message: s() }.into(),
        CategorizeError::Training { message: s() }.into(),
        CategorizeError::ModelFormat { message: s() }.into(),
        CategorizationError::RuleNotFound(1).into(),
        CategorizationError::ModelNotFound(1).into(),
        CategorizationError::CategoryNotFound { field: s(), value: s() }.into(),
        CategorizationError::NotACategory { field: s(), path: s() }.into(),
        CategorizationError::NotCategorizable { id: TransactionId(1), reason: s() }.into(),
    ]
}

#[test]
fn every_variant_has_a_listed_code() {
    let listed: BTreeSet<&str> = ERROR_CODES.iter().map(|(c, _, _)| *c).collect();
    let used: BTreeSet<&str> = every_error().iter().map(Error::code).collect();
    assert_eq!(used, listed, "codes returned by Error::code() vs ERROR_CODES");
    assert_eq!(listed.len(), ERROR_CODES.len(), "a code is listed twice");
}

#[test]
fn codes_are_snake_case() {
    for (code, _, meaning) in ERROR_CODES {
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !code.starts_with('_'),
            "{code} is not snake_case"
        );
        assert!(!meaning.is_empty());
    }
}

#[test]
fn docs_table_matches() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
    let text = std::fs::read_to_string(path).expect("docs/errors.md");
    let rows: Vec<(String, String, String)> = text
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].trim_matches('`').to_owned(), cells[1].to_owned(), cells[2].to_owned())
        })
        .collect();
    let expected: Vec<(String, String, String)> = ERROR_CODES
        .iter()
        .map(|(c, k, m)| ((*c).to_owned(), k.as_str().to_owned(), (*m).to_owned()))
        .collect();
    assert_eq!(rows, expected, "docs/errors.md differs from ERROR_CODES");
}

#[test]
fn messages_name_the_field() {
    let err: Error = MoneyError::TooManyDecimals {
        field: "splits[1].amount".to_owned(),
        value: "1.005".to_owned(),
        commodity: "USD".to_owned(),
        decimals: 3,
        scale: 2,
    }
    .into();
    assert_eq!(err.field().as_deref(), Some("splits[1].amount"));
    assert_eq!(err.to_string(), "splits[1].amount: 1.005 has 3 decimals but USD allows 2");
    let batch = err.within("transactions[4].");
    assert_eq!(batch.field().as_deref(), Some("transactions[4].splits[1].amount"));
}
