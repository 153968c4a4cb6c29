//! Commodities: the ISO 4217 currencies built into every book, and the securities, funds and
//! crypto assets a user defines with their own scale.
//!
//! A commodity's scale is fixed once defined, because stored amounts are integer minor units
//! at that scale; changing it would change the meaning of every stored amount.

use crate::iso4217::iso_currency;
use crate::money::MAX_SCALE;
use serde::{Deserialize, Serialize};

/// What kind of thing a commodity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommodityKind {
    /// A currency (ISO 4217 built in, or a user-defined one such as a local scrip).
    Currency,
    /// A listed security: stock, bond, ETF, fund.
    Security,
    /// A crypto asset such as BTC.
    Crypto,
    /// Anything else a user tracks in units (air miles, gold in grams).
    Other,
}

impl CommodityKind {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Currency => "currency",
            Self::Security => "security",
            Self::Crypto => "crypto",
            Self::Other => "other",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "currency" => Self::Currency,
            "security" => Self::Security,
            "crypto" => Self::Crypto,
            "other" => Self::Other,
            _ => return None,
        })
    }
}

/// A commodity known to a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commodity {
    /// Code, e.g. `EUR`, `AAPL`, `BTC`.
    pub code: String,
    /// Human name.
    pub name: String,
    /// Decimals of the smallest unit (JPY 0, EUR 2, BHD 3, BTC 8).
    pub scale: u32,
    /// What it is.
    pub kind: CommodityKind,
    /// True for the ISO 4217 currencies built into every book.
    pub builtin: bool,
}

/// A user-defined commodity to add to a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCommodity {
    /// Code: 1 to 24 characters, an upper-case letter first, then upper-case letters, digits,
    /// `.`, `_` or `-`.
    pub code: String,
    /// Human name.
    pub name: String,
    /// Decimals of the smallest unit, 0 to [`MAX_SCALE`].
    pub scale: u32,
    /// What it is.
    pub kind: CommodityKind,
}

impl NewCommodity {
    /// A new commodity definition.
    pub fn new(code: &str, name: &str, scale: u32, kind: CommodityKind) -> Self {
        Self { code: code.to_owned(), name: name.to_owned(), scale, kind }
    }
}

/// Errors of commodity definitions and look-ups.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommodityError {
    /// The code is not known to the book (neither ISO 4217 nor user-defined).
    #[error("{field}: unknown commodity '{code}'")]
    Unknown {
        /// Field at fault.
        field: String,
        /// The code as given.
        code: String,
    },
    /// The code is malformed.
    #[error(
        "code: '{code}' is not a valid commodity code (1-24 of A-Z 0-9 . _ -, a letter first)"
    )]
    InvalidCode {
        /// The code as given.
        code: String,
    },
    /// The scale is out of range.
    #[error("scale: {scale} is out of range for '{code}' (0 to {max})")]
    InvalidScale {
        /// The code.
        code: String,
        /// The scale as given.
        scale: u32,
        /// The largest scale allowed.
        max: u32,
    },
    /// The code is already an ISO currency or defined in this book.
    #[error("code: commodity '{code}' already exists in this book")]
    Exists {
        /// The code.
        code: String,
    },
}

/// The built-in definition of an ISO 4217 currency, if `code` is one.
///
/// # Examples
///
/// ```
/// use tally_core::commodity::builtin;
/// assert_eq!(builtin("JPY").map(|c| c.scale), Some(0));
/// assert_eq!(builtin("BHD").map(|c| c.scale), Some(3));
/// assert_eq!(builtin("CLF").map(|c| c.scale), Some(4));
/// assert!(builtin("BTC").is_none());
/// ```
pub fn builtin(code: &str) -> Option<Commodity> {
    iso_currency(code).map(|c| Commodity {
        code: c.code.to_owned(),
        name: c.name.to_owned(),
        scale: c.minor_units,
        kind: CommodityKind::Currency,
        builtin: true,
    })
}

/// The scale of an ISO 4217 currency, if `code` is one; allocation-free for hot paths.
///
/// # Examples
///
/// ```
/// assert_eq!(tally_core::commodity::builtin_scale("KWD"), Some(3));
/// assert_eq!(tally_core::commodity::builtin_scale("BTC"), None);
/// ```
pub fn builtin_scale(code: &str) -> Option<u32> {
    iso_currency(code).map(|c| c.minor_units)
}

/// Checks a user definition; the store checks uniqueness within the book.
///
/// # Errors
///
/// `invalid_commodity_code`, `invalid_scale`, or `commodity_exists` for an ISO code.
pub fn validate(new: &NewCommodity) -> Result<Commodity, CommodityError> {
    if !valid_code(&new.code) {
        return Err(CommodityError::InvalidCode { code: new.code.clone() });
    }
    if new.scale > MAX_SCALE {
        return Err(CommodityError::InvalidScale {
            code: new.code.clone(),
            scale: new.scale,
            max: MAX_SCALE,
        });
    }
    if builtin_scale(&new.code).is_some() {
        return Err(CommodityError::Exists { code: new.code.clone() });
    }
    Ok(Commodity {
        code: new.code.clone(),
        name: new.name.trim().to_owned(),
        scale: new.scale,
        kind: new.kind,
        builtin: false,
    })
}

fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    first_ok
        && code.len() <= 24
        && chars
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_commodities_declare_their_scale() {
        let btc = validate(&NewCommodity::new("BTC", "Bitcoin", 8, CommodityKind::Crypto)).unwrap();
        assert_eq!(btc.scale, 8);
        assert!(validate(&NewCommodity::new(
            "VWCE.DE",
            "FTSE All-World",
            6,
            CommodityKind::Security
        ))
        .is_ok());
    }

    #[test]
    fn bad_definitions_are_rejected() {
        let too_fine = NewCommodity::new("X", "x", MAX_SCALE + 1, CommodityKind::Other);
        assert!(matches!(validate(&too_fine), Err(CommodityError::InvalidScale { .. })));
        let lower = NewCommodity::new("btc", "x", 8, CommodityKind::Crypto);
        assert!(matches!(validate(&lower), Err(CommodityError::InvalidCode { .. })));
        let iso = NewCommodity::new("USD", "x", 2, CommodityKind::Currency);
        assert!(matches!(validate(&iso), Err(CommodityError::Exists { .. })));
    }
}
