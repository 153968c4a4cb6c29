//! Rule conditions: what a transaction must look like for a rule to apply. Conditions are plain
//! data (serde-tagged, stored by core as JSON) so a binding can build them as records; a
//! [`RuleSet`](super::RuleSet) compiles them once.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A text field of the transaction a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    /// The payee as written (a rename by an earlier stage is seen by later stages).
    Payee,
    /// The memo or narration.
    Memo,
    /// The funding account's name or path.
    Account,
}

impl TextField {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payee => "payee",
            Self::Memo => "memo",
            Self::Account => "account",
        }
    }

    /// Parses [`as_str`](Self::as_str) (also `narration` for memo).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "payee" => Some(Self::Payee),
            "memo" | "narration" => Some(Self::Memo),
            "account" => Some(Self::Account),
            _ => None,
        }
    }
}

/// How a text is matched. Matching ignores case (ASCII case for `contains`, full Unicode
/// lower-casing for the others); a regex is used as written (add `(?i)` to ignore case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum TextMatch {
    /// The whole text equals the value.
    Equals(String),
    /// The text contains the value.
    Contains(String),
    /// The text starts with the value.
    StartsWith(String),
    /// The text ends with the value.
    EndsWith(String),
    /// The whole text equals one of the values.
    OneOf(Vec<String>),
    /// The regular expression (Rust `regex` syntax) matches somewhere in the text.
    Regex(String),
}

impl TextMatch {
    /// Stable snake_case name of the operator.
    pub fn op(&self) -> &'static str {
        match self {
            Self::Equals(_) => "equals",
            Self::Contains(_) => "contains",
            Self::StartsWith(_) => "starts_with",
            Self::EndsWith(_) => "ends_with",
            Self::OneOf(_) => "one_of",
            Self::Regex(_) => "regex",
        }
    }
}

/// A condition on the amount. `Equals`, `Greater`, `Less` and `Between` compare the absolute
/// amount (a "more than 100" rule means 100 spent or received); `Inflow`/`Outflow` test the
/// sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AmountMatch {
    /// |amount| equals the value.
    Equals {
        /// The value.
        value: Decimal,
    },
    /// |amount| is strictly greater than the value.
    Greater {
        /// The value.
        value: Decimal,
    },
    /// |amount| is strictly less than the value.
    Less {
        /// The value.
        value: Decimal,
    },
    /// min <= |amount| <= max.
    Between {
        /// Lower bound, included.
        min: Decimal,
        /// Upper bound, included.
        max: Decimal,
    },
    /// Money in (amount > 0).
    Inflow,
    /// Money out (amount < 0).
    Outflow,
}

/// A condition on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DateMatch {
    /// On that day.
    On {
        /// The day.
        date: NaiveDate,
    },
    /// Strictly before.
    Before {
        /// The day.
        date: NaiveDate,
    },
    /// Strictly after.
    After {
        /// The day.
        date: NaiveDate,
    },
    /// from <= date <= to.
    Between {
        /// First day, included.
        from: NaiveDate,
        /// Last day, included.
        to: NaiveDate,
    },
}

/// A condition of a rule; `All`, `Any` and `Not` combine them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// A text field matches.
    Text {
        /// The field.
        field: TextField,
        /// How it matches.
        #[serde(rename = "match")]
        matcher: TextMatch,
    },
    /// The amount matches.
    Amount {
        /// How it matches.
        #[serde(rename = "match")]
        matcher: AmountMatch,
    },
    /// The date matches.
    Date {
        /// How it matches.
        #[serde(rename = "match")]
        matcher: DateMatch,
    },
    /// The weekday is one of these (0 = Monday ... 6 = Sunday).
    Weekday {
        /// Days from Monday.
        days: Vec<u8>,
    },
    /// The day of the month is within from..=to (1..=31).
    DayOfMonth {
        /// First day, included.
        from: u8,
        /// Last day, included.
        to: u8,
    },
    /// One of the transaction's tags matches.
    Tag {
        /// How a tag matches.
        #[serde(rename = "match")]
        matcher: TextMatch,
    },
    /// The merchant category code is one of these (false when the transaction has none).
    Mcc {
        /// The codes.
        codes: Vec<u16>,
    },
    /// Every condition holds (true when empty).
    All {
        /// The conditions.
        conditions: Vec<Condition>,
    },
    /// At least one condition holds (false when empty).
    Any {
        /// The conditions.
        conditions: Vec<Condition>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        condition: Box<Condition>,
    },
}

impl Condition {
    /// `field` matches `matcher`.
    pub fn text(field: TextField, matcher: TextMatch) -> Self {
        Self::Text { field, matcher }
    }

    /// The payee contains `needle` (ignoring ASCII case).
    pub fn payee_contains(needle: impl Into<String>) -> Self {
        Self::text(TextField::Payee, TextMatch::Contains(needle.into()))
    }

    /// The memo contains `needle` (ignoring ASCII case).
    pub fn memo_contains(needle: impl Into<String>) -> Self {
        Self::text(TextField::Memo, TextMatch::Contains(needle.into()))
    }

    /// The amount matches.
    pub fn amount(matcher: AmountMatch) -> Self {
        Self::Amount { matcher }
    }

    /// Every condition holds.
    pub fn all(conditions: Vec<Condition>) -> Self {
        Self::All { conditions }
    }

    /// At least one condition holds.
    pub fn any(conditions: Vec<Condition>) -> Self {
        Self::Any { conditions }
    }

    /// The condition does not hold.
    pub fn negate(condition: Condition) -> Self {
        Self::Not { condition: Box::new(condition) }
    }
}
