//! Exact amounts as banks write them: `.47`, `-3.000` (a thousands separator), `1.000,00`,
//! `(12.50)`, `12.50-`, `+5`, `1 234,56`, `1'234.56`. No float is ever involved; the scale is
//! the one written (`12.50` stays `12.50`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// How a file writes numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NumberStyle {
    /// The decimal separator (`.` or `,`).
    pub decimal: char,
    /// The thousands separator, if the file uses one (`,`, `.`, ` `, `'`, a no-break space).
    pub thousands: Option<char>,
}

impl NumberStyle {
    /// `1234.56`, no thousands separator.
    pub const DOT: Self = Self { decimal: '.', thousands: None };
    /// `1,234.56`.
    pub const DOT_COMMA: Self = Self { decimal: '.', thousands: Some(',') };
    /// `1234,56`.
    pub const COMMA: Self = Self { decimal: ',', thousands: None };
    /// `1.234,56`.
    pub const COMMA_DOT: Self = Self { decimal: ',', thousands: Some('.') };
}

impl Default for NumberStyle {
    fn default() -> Self {
        Self::DOT
    }
}

/// Parses an amount written in `style`. Accepts a leading `+`/`-`, a trailing `-`, or
/// parentheses for a negative; thousands separators only between groups of three digits.
///
/// # Errors
///
/// A reason (for a [`FileError::Malformed`](crate::files::FileError::Malformed)) when the text is
/// not an amount in that style.
pub fn parse_amount(text: &str, style: NumberStyle) -> Result<Decimal, &'static str> {
    let mut s = text.trim();
    if s.is_empty() {
        return Err("empty amount");
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = !negative;
        s = rest.trim_end();
    }
    let (int_part, frac_part) = match s.split_once(style.decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac_part.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return Err("malformed decimals");
    }
    let mut digits = String::with_capacity(s.len() + 1);
    match style.thousands {
        Some(sep) if int_part.contains(sep) => {
            let groups: Vec<&str> = int_part.split(sep).collect();
            let first_ok = (1..=3).contains(&groups[0].len());
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return Err("thousands separator out of place");
            }
            for g in groups {
                digits.push_str(g);
            }
        }
        _ => digits.push_str(int_part),
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || (digits.is_empty() && frac_part.is_none()) {
        return Err("not an amount");
    }
    if digits.is_empty() {
        digits.push('0'); // `.47`
    }
    if let Some(f) = frac_part {
        digits.push('.');
        digits.push_str(f);
    }
    let value = Decimal::from_str(&digits).map_err(|_| "too many digits")?;
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_as_written() {
        let cases = [
            (".47", NumberStyle::DOT, dec!(0.47)),
            ("-3.000", NumberStyle::COMMA_DOT, dec!(-3000)),
            ("1.000,00", NumberStyle::COMMA_DOT, dec!(1000.00)),
            ("(12.50)", NumberStyle::DOT, dec!(-12.50)),
            ("12.50-", NumberStyle::DOT, dec!(-12.50)),
            ("+5", NumberStyle::DOT, dec!(5)),
            ("1,234,567.8", NumberStyle::DOT_COMMA, dec!(1234567.8)),
            ("1 234,56", NumberStyle { decimal: ',', thousands: Some(' ') }, dec!(1234.56)),
            ("1'234.56", NumberStyle { decimal: '.', thousands: Some('\'') }, dec!(1234.56)),
            ("0,47", NumberStyle::COMMA, dec!(0.47)),
            ("- 7.10", NumberStyle::DOT, dec!(-7.10)),
        ];
        for (text, style, want) in cases {
            let got = parse_amount(text, style).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got, want, "{text}");
            assert_eq!(got.scale(), want.scale(), "{text} keeps its scale");
        }
    }

    #[test]
    fn not_amounts() {
        for (text, style) in [
            ("", NumberStyle::DOT),
            ("1.2.3", NumberStyle::DOT),
            ("12,5", NumberStyle::DOT_COMMA),
            ("1,23,456.00", NumberStyle::DOT_COMMA),
            ("abc", NumberStyle::DOT),
            ("1.", NumberStyle::DOT),
            ("1e5", NumberStyle::DOT),
            ("-", NumberStyle::DOT),
        ] {
            assert!(parse_amount(text, style).is_err(), "{text} must be refused");
        }
    }
}
