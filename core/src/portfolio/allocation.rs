//! Target allocations: validation of a target set (each weight 0 to 100, no key twice, summing
//! to exactly 100), current weights against targets with their drift, and a rebalancing plan.

use super::types::{PortfolioError, TargetKey, TargetWeight};
use crate::Result;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Checks a target set; an empty set (no targets) is valid.
///
/// # Errors
///
/// `invalid_targets` naming `targets[i].percent` or `targets[i].key`, or `targets` for a sum
/// other than 100.
pub fn validate_targets(targets: &[TargetWeight]) -> Result<()> {
    let fail = |field: String, reason: String| -> crate::Error {
        PortfolioError::InvalidTargets { field, reason }.into()
    };
    let mut seen: HashSet<&TargetKey> = HashSet::new();
    let mut sum = Decimal::ZERO;
    for (i, t) in targets.iter().enumerate() {
        if t.percent < Decimal::ZERO || t.percent > Decimal::ONE_HUNDRED {
            return Err(fail(
                format!("targets[{i}].percent"),
                format!("{} is not between 0 and 100", t.percent),
            ));
        }
        if let TargetKey::Security(code) = &t.key {
            if code.trim().is_empty() {
                return Err(fail(format!("targets[{i}].key"), "an empty security code".to_owned()));
            }
        }
        if !seen.insert(&t.key) {
            return Err(fail(
                format!("targets[{i}].key"),
                format!("{} '{}' is given twice", t.key.kind_str(), t.key.value_str()),
            ));
        }
        sum += t.percent;
    }
    if !targets.is_empty() && sum != Decimal::ONE_HUNDRED {
        return Err(fail("targets".to_owned(), format!("the weights sum to {sum}, not 100")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::AssetClass;
    use rust_decimal_macros::dec;

    #[test]
    fn target_sets_are_checked() {
        let ok = [
            TargetWeight::asset_class(AssetClass::Stock, dec!(70)),
            TargetWeight::security("AGG", dec!(30)),
        ];
        assert!(validate_targets(&ok).is_ok());
        let twice =
            [TargetWeight::security("AGG", dec!(50)), TargetWeight::security("AGG", dec!(50))];
        let err = validate_targets(&twice).expect_err("twice");
        assert_eq!(err.field().as_deref(), Some("targets[1].key"));
        let over = [TargetWeight::security("AGG", dec!(101))];
        assert_eq!(
            validate_targets(&over).expect_err("over").field().as_deref(),
            Some("targets[0].percent")
        );
        let short = [TargetWeight::security("AGG", dec!(99.99))];
        assert_eq!(validate_targets(&short).expect_err("sum").code(), "invalid_targets");
    }
}
