//! Exact money: scale checks, conversion to and from integer minor units, explicit rounding.
//!
//! Amounts are [`Decimal`] in memory and integer minor units at the commodity's scale in
//! storage. Nothing here rounds unless the caller passes a [`Rounding`]: an amount with more
//! decimals than its commodity allows is an error, never silently cut.
//!
//! # Limits
//!
//! Stored amounts are `i64` minor units, so at scale `s` the largest magnitude is
//! `9_223_372_036_854_775_807 / 10^s` (about 92 billion at scale 8, e.g. BTC; about 92
//! quadrillion at scale 2). A scale is at most [`MAX_SCALE`]. Both limits are enforced with
//! errors (`amount_out_of_range`, `invalid_scale`).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The largest number of decimals a commodity may declare.
pub const MAX_SCALE: u32 = 18;

/// Errors of amounts and scales.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The amount has more decimals than the commodity allows.
    #[error("{field}: {value} has {decimals} decimals but {commodity} allows {scale}")]
    TooManyDecimals {
        /// Field at fault, e.g. `splits[1].amount`.
        field: String,
        /// The amount as given.
        value: String,
        /// Commodity code.
        commodity: String,
        /// Decimals in the value.
        decimals: u32,
        /// Decimals the commodity allows.
        scale: u32,
    },
    /// The amount does not fit the exact stored range at the commodity's scale.
    #[error("{field}: {value} {commodity} is outside the storable range at scale {scale}")]
    AmountOutOfRange {
        /// Field at fault.
        field: String,
        /// The amount as given.
        value: String,
        /// Commodity code.
        commodity: String,
        /// Scale of the commodity.
        scale: u32,
    },
    /// An amount could not be parsed as an exact decimal.
    #[error("{field}: '{value}' is not a decimal amount")]
    InvalidAmount {
        /// Field at fault.
        field: String,
        /// The text as given.
        value: String,
    },
}

/// A rounding strategy, passed explicitly wherever a value is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Round half to even (banker's rounding), the documented default of conversions.
    #[default]
    HalfEven,
    /// Round half away from zero.
    HalfUp,
    /// Round half toward zero.
    HalfDown,
    /// Truncate toward zero.
    TowardZero,
    /// Round away from zero.
    AwayFromZero,
    /// Round toward negative infinity.
    Floor,
    /// Round toward positive infinity.
    Ceiling,
}

impl From<Rounding> for RoundingStrategy {
    fn from(value: Rounding) -> Self {
        match value {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::TowardZero => RoundingStrategy::ToZero,
            Rounding::AwayFromZero => RoundingStrategy::AwayFromZero,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

/// Number of significant decimals of `amount` (trailing zeros do not count: `12.500` has 1).
pub fn decimals(amount: Decimal) -> u32 {
    amount.normalize().scale()
}

/// Checks that `amount` is exact at `scale` and fits the stored range.
///
/// # Errors
///
/// `too_many_decimals` when the amount needs more decimals than `scale`;
/// `amount_out_of_range` when its minor units do not fit an `i64`.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use tally_core::money::check_amount;
/// assert!(check_amount(dec!(12.50), "USD", 2, "amount").is_ok());
/// assert!(check_amount(dec!(0.00000001), "BTC", 8, "amount").is_ok());
/// let err = check_amount(dec!(1.005), "USD", 2, "amount").unwrap_err();
/// assert_eq!(err.to_string(), "amount: 1.005 has 3 decimals but USD allows 2");
/// ```
pub fn check_amount(
    amount: Decimal,
    commodity: &str,
    scale: u32,
    field: &str,
) -> Result<(), MoneyError> {
    to_minor(amount, commodity, scale, field).map(|_| ())
}

/// Converts an exact amount to integer minor units at `scale`.
///
/// # Errors
///
/// As [`check_amount`].
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use tally_core::money::to_minor;
/// assert_eq!(to_minor(dec!(-12.5), "EUR", 2, "amount"), Ok(-1250));
/// assert_eq!(to_minor(dec!(1500), "JPY", 0, "amount"), Ok(1500));
/// ```
pub fn to_minor(
    amount: Decimal,
    commodity: &str,
    scale: u32,
    field: &str,
) -> Result<i64, MoneyError> {
    let d = decimals(amount);
    if d > scale {
        return Err(MoneyError::TooManyDecimals {
            field: field.to_owned(),
            value: amount.to_string(),
            commodity: commodity.to_owned(),
            decimals: d,
            scale,
        });
    }
    let out_of_range = || MoneyError::AmountOutOfRange {
        field: field.to_owned(),
        value: amount.to_string(),
        commodity: commodity.to_owned(),
        scale,
    };
    let mut scaled = amount.normalize();
    // Rescaling an exact value to a larger scale multiplies the mantissa by a power of ten;
    // `rescale` saturates silently past 28 digits, so check the range on the mantissa.
    scaled.rescale(scale);
    if scaled.scale() != scale {
        return Err(out_of_range());
    }
    i64::try_from(scaled.mantissa()).map_err(|_| out_of_range())
}

/// Builds the exact amount of `minor` units at `scale`.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use tally_core::money::from_minor;
/// assert_eq!(from_minor(-1250, 2), dec!(-12.50));
/// ```
pub fn from_minor(minor: i64, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(minor), scale)
}

/// Rounds `amount` to `scale` decimals with an explicit strategy.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use tally_core::money::{round, Rounding};
/// assert_eq!(round(dec!(2.345), 2, Rounding::HalfEven), dec!(2.34));
/// assert_eq!(round(dec!(2.345), 2, Rounding::HalfUp), dec!(2.35));
/// ```
pub fn round(amount: Decimal, scale: u32, rounding: Rounding) -> Decimal {
    amount.round_dp_with_strategy(scale, rounding.into())
}

/// Parses an exact decimal amount from text (no floats on the way).
///
/// # Errors
///
/// `invalid_amount` naming `field` when the text is not a plain decimal.
pub fn parse_amount(text: &str, field: &str) -> Result<Decimal, MoneyError> {
    let trimmed = text.trim();
    let valid = !trimmed.is_empty()
        && trimmed
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')));
    let parsed = if valid { trimmed.parse::<Decimal>().ok() } else { None };
    parsed.ok_or_else(|| MoneyError::InvalidAmount {
        field: field.to_owned(),
        value: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn trailing_zeros_do_not_count_as_decimals() {
        assert_eq!(decimals(dec!(12.500)), 1);
        assert!(check_amount(dec!(12.500), "USD", 2, "amount").is_ok());
        assert!(check_amount(dec!(100), "JPY", 0, "amount").is_ok());
        assert!(check_amount(dec!(100.5), "JPY", 0, "amount").is_err());
    }

    #[test]
    fn range_is_enforced_not_rounded() {
        assert_eq!(to_minor(dec!(92233720368.54775807), "BTC", 8, "a"), Ok(i64::MAX));
        let err = to_minor(dec!(92233720368.54775808), "BTC", 8, "a").unwrap_err();
        assert!(matches!(err, MoneyError::AmountOutOfRange { .. }));
        let err = to_minor(dec!(1), "X", 18, "a");
        assert_eq!(err, Ok(1_000_000_000_000_000_000));
        assert!(to_minor(dec!(10), "X", 18, "a").is_err());
    }

    #[test]
    fn minor_round_trip() {
        for (amount, scale) in [(dec!(0.001), 3), (dec!(-7), 0), (dec!(1.2345), 4)] {
            let minor = to_minor(amount, "C", scale, "a").unwrap();
            assert_eq!(from_minor(minor, scale), amount);
        }
    }

    #[test]
    fn parse_is_exact_and_strict() {
        assert_eq!(parse_amount(".47", "a").unwrap(), dec!(0.47));
        assert_eq!(parse_amount("-3.000", "a").unwrap(), dec!(-3));
        assert!(parse_amount("1e5", "a").is_err());
        assert!(parse_amount("", "a").is_err());
        assert!(parse_amount("NaN", "a").is_err());
    }
}
