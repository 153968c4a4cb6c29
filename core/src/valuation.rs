//! Reports in a reporting currency: what the options say and what the answers hold. Every
//! amount that cannot be converted (no rate, stale rate) is listed in `unconverted` with the
//! reason; it is never dropped and never counted at 1:1.

use crate::ids::AccountId;
use crate::query::{AccountBalance, CategoryAmount};
use crate::rates::DEFAULT_MAX_AGE_DAYS;
use crate::Rounding;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which rates value the amounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Valuation {
    /// Every amount at the rates of one valuation date (by default the report's end date, or
    /// today for a report without one).
    #[default]
    Spot,
    /// Every amount at the rates of the day it was booked (historical).
    Historical,
}

impl Valuation {
    /// Its name in every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spot => "spot",
            Self::Historical => "historical",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Spot, Self::Historical].into_iter().find(|v| v.as_str() == text)
    }
}

/// How to value a report in a reporting currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValuationOptions {
    /// The reporting currency (or any commodity the book knows).
    pub currency: String,
    /// Spot or historical.
    pub valuation: Valuation,
    /// The valuation date of a spot valuation; the report's date when `None`.
    pub rate_date: Option<NaiveDate>,
    /// The staleness limit of the rates, in days.
    pub max_age_days: u32,
    /// How each account's converted amount is rounded to the currency's minor units.
    pub rounding: Rounding,
}

impl ValuationOptions {
    /// Spot valuation in `currency` at the report's date, half-even, default staleness.
    pub fn new(currency: &str) -> Self {
        Self {
            currency: currency.to_owned(),
            valuation: Valuation::Spot,
            rate_date: None,
            max_age_days: DEFAULT_MAX_AGE_DAYS,
            rounding: Rounding::HalfEven,
        }
    }

    /// Values at each booking date.
    #[must_use]
    pub fn historical(mut self) -> Self {
        self.valuation = Valuation::Historical;
        self
    }

    /// Values at the rates of `date`.
    #[must_use]
    pub fn at(mut self, date: NaiveDate) -> Self {
        self.valuation = Valuation::Spot;
        self.rate_date = Some(date);
        self
    }
}

/// An amount left out of a converted figure, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unconverted {
    /// Account it belongs to.
    pub account_id: AccountId,
    /// Its path.
    pub path: String,
    /// Commodity.
    pub commodity: String,
    /// Amount, unconverted.
    pub amount: Decimal,
    /// The day whose rate was missing.
    pub date: NaiveDate,
    /// `no_rate` or `stale_rate`.
    pub code: String,
    /// The full reason.
    pub message: String,
}

/// Balances in a reporting currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValuedBalances {
    /// Reporting currency.
    pub currency: String,
    /// Spot or historical.
    pub valuation: Valuation,
    /// The valuation date of a spot valuation.
    pub rate_date: Option<NaiveDate>,
    /// One row per account, in the reporting currency, rolled up the tree.
    pub rows: Vec<AccountBalance>,
    /// What could not be converted.
    pub unconverted: Vec<Unconverted>,
}

/// Net worth in a reporting currency: assets and liabilities counted in net worth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetWorth {
    /// Reporting currency.
    pub currency: String,
    /// Balances up to this day.
    pub as_of: NaiveDate,
    /// Spot or historical.
    pub valuation: Valuation,
    /// Sum of asset accounts.
    pub assets: Decimal,
    /// Sum of liability accounts (negative when owed).
    pub liabilities: Decimal,
    /// Assets plus liabilities.
    pub net_worth: Decimal,
    /// The accounts counted, rolled up the tree.
    pub accounts: Vec<AccountBalance>,
    /// What could not be converted (left out of the sums).
    pub unconverted: Vec<Unconverted>,
}

/// Amounts per category in a reporting currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValuedCategories {
    /// Reporting currency.
    pub currency: String,
    /// Spot or historical.
    pub valuation: Valuation,
    /// The valuation date of a spot valuation.
    pub rate_date: Option<NaiveDate>,
    /// One row per category with activity.
    pub rows: Vec<CategoryAmount>,
    /// What could not be converted.
    pub unconverted: Vec<Unconverted>,
}

/// The unrealized exchange gain of a foreign-currency account between two dates: the change of
/// its value in the reporting currency that its own flows do not explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxGain {
    /// Account (with its descendants).
    pub account_id: AccountId,
    /// Its currency.
    pub commodity: String,
    /// Reporting currency.
    pub currency: String,
    /// Start (balances at the end of this day).
    pub from: NaiveDate,
    /// End.
    pub to: NaiveDate,
    /// Balance at `from`, in the account's currency.
    pub opening_balance: Decimal,
    /// Its value at `from`'s rate.
    pub opening_value: Decimal,
    /// Balance at `to`.
    pub closing_balance: Decimal,
    /// Its value at `to`'s rate.
    pub closing_value: Decimal,
    /// Flows after `from` up to `to`, each at its day's rate.
    pub flows_value: Decimal,
    /// `closing_value - opening_value - flows_value`, rounded to the currency's minor units.
    pub gain: Decimal,
}
