//! Conditions compiled for matching many transactions: regexes built once, `contains` needles
//! numbered into one aho-corasick automaton per text field, and for every rule the needles (or
//! regexes) of which at least one must occur for its condition to hold, so that a transaction
//! only evaluates the rules some needle of its text points to. The per-transaction state lives
//! in a reusable [`Scratch`]: matching allocates nothing once it has warmed up.

use super::condition::{AmountMatch, Condition, DateMatch, TextField, TextMatch};
use crate::features::Features;
use chrono::Datelike;
use regex::Regex;
use rust_decimal::Decimal;

/// A condition with its regexes built and its `contains` needles numbered.
#[derive(Debug)]
pub(super) enum Compiled {
    /// An ASCII `contains`: answered by the field's automaton.
    Contains {
        field: TextField,
        needle: usize,
    },
    /// A regex: answered by the field's regex set.
    RegexHit {
        field: TextField,
        index: usize,
    },
    /// Any other text operator, evaluated on the text; `index` are needles of the field's
    /// automaton one of which the text must contain (empty: not indexed).
    Text {
        field: TextField,
        matcher: CompiledText,
        index: Vec<usize>,
    },
    Tag(CompiledText),
    Amount(AmountMatch),
    Date(DateMatch),
    Weekday(u8),
    DayOfMonth(u32, u32),
    Mcc(Vec<u16>),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>),
}

/// A text operator; values are lower-cased once here.
#[derive(Debug)]
pub(super) enum CompiledText {
    Equals(String),
    Contains(String),
    StartsWith(String),
    EndsWith(String),
    OneOf(Vec<String>),
    Regex(Regex),
}

impl CompiledText {
    fn new(matcher: &TextMatch) -> Result<Self, regex::Error> {
        Ok(match matcher {
            TextMatch::Equals(v) => Self::Equals(v.to_lowercase()),
            TextMatch::Contains(v) => Self::Contains(v.to_lowercase()),
            TextMatch::StartsWith(v) => Self::StartsWith(v.to_lowercase()),
            TextMatch::EndsWith(v) => Self::EndsWith(v.to_lowercase()),
            TextMatch::OneOf(vs) => Self::OneOf(vs.iter().map(|v| v.to_lowercase()).collect()),
            TextMatch::Regex(p) => Self::Regex(Regex::new(p)?),
        })
    }

    /// The lower-cased values one of which a matching text contains, when all are ASCII
    /// (an ASCII text that matches contains one of them, ignoring ASCII case).
    fn index_values(&self) -> Option<Vec<&str>> {
        let values: Vec<&str> = match self {
            Self::Equals(v) | Self::Contains(v) | Self::StartsWith(v) | Self::EndsWith(v) => {
                vec![v.as_str()]
            }
            Self::OneOf(vs) => vs.iter().map(String::as_str).collect(),
            Self::Regex(_) => return None,
        };
        let usable = !values.is_empty() && values.iter().all(|v| !v.is_empty() && v.is_ascii());
        usable.then_some(values)
    }

    /// Whether the text matches, ignoring case as [`TextMatch`] documents (Unicode lower
    /// case). An ASCII text is compared in place; only other texts are lower-cased.
    pub(super) fn matches(&self, text: &str) -> bool {
        if let Self::Regex(re) = self {
            return re.is_match(text);
        }
        if text.is_ascii() {
            // The lower case of an ASCII text is ASCII: a non-ASCII value never matches it,
            // and for ASCII values ignoring ASCII case is exactly comparing lower cases.
            let b = text.as_bytes();
            let eq = |v: &str| v.is_ascii() && b.eq_ignore_ascii_case(v.as_bytes());
            return match self {
                Self::Equals(v) => eq(v),
                Self::Contains(v) => v.is_ascii() && contains_ignore_ascii_case(b, v.as_bytes()),
                Self::StartsWith(v) => {
                    v.is_ascii()
                        && b.len() >= v.len()
                        && b[..v.len()].eq_ignore_ascii_case(v.as_bytes())
                }
                Self::EndsWith(v) => {
                    v.is_ascii()
                        && b.len() >= v.len()
                        && b[b.len() - v.len()..].eq_ignore_ascii_case(v.as_bytes())
                }
                Self::OneOf(vs) => vs.iter().any(|v| eq(v)),
                Self::Regex(_) => false,
            };
        }
        let lower = text.to_lowercase();
        match self {
            Self::Equals(v) => lower == *v,
            Self::Contains(v) => lower.contains(v.as_str()),
            Self::StartsWith(v) => lower.starts_with(v.as_str()),
            Self::EndsWith(v) => lower.ends_with(v.as_str()),
            Self::OneOf(vs) => vs.contains(&lower),
            Self::Regex(_) => false,
        }
    }
}

/// `haystack` contains `needle` (lower-case ASCII), ignoring ASCII case.
fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// Numbers the `contains` needles and the regexes of one text field across all rules.
#[derive(Debug, Default)]
pub(super) struct Needles {
    pub(super) texts: Vec<String>,
    pub(super) regexes: Vec<String>,
    positions: std::collections::HashMap<String, usize>,
}

impl Needles {
    fn add(&mut self, needle: &str) -> usize {
        let lower = needle.to_ascii_lowercase();
        if let Some(i) = self.positions.get(&lower) {
            return *i;
        }
        self.texts.push(lower.clone());
        self.positions.insert(lower, self.texts.len() - 1);
        self.texts.len() - 1
    }

    fn add_regex(&mut self, pattern: &str) -> usize {
        if let Some(i) = self.regexes.iter().position(|t| t == pattern) {
            return i;
        }
        self.regexes.push(pattern.to_owned());
        self.regexes.len() - 1
    }
}

pub(super) fn field_index(field: TextField) -> usize {
    match field {
        TextField::Payee => 0,
        TextField::Memo => 1,
        TextField::Account => 2,
    }
}

pub(super) fn compile_condition(
    condition: &Condition,
    needles: &mut [Needles; 3],
) -> Result<Compiled, regex::Error> {
    Ok(match condition {
        Condition::Text { field, matcher: TextMatch::Contains(v) } if v.is_ascii() => {
            Compiled::Contains { field: *field, needle: needles[field_index(*field)].add(v) }
        }
        Condition::Text { field, matcher: TextMatch::Regex(pattern) } => {
            Regex::new(pattern)?;
            Compiled::RegexHit {
                field: *field,
                index: needles[field_index(*field)].add_regex(pattern),
            }
        }
        Condition::Text { field, matcher } => {
            let matcher = CompiledText::new(matcher)?;
            let index = matcher
                .index_values()
                .map(|values| values.iter().map(|v| needles[field_index(*field)].add(v)).collect())
                .unwrap_or_default();
            Compiled::Text { field: *field, matcher, index }
        }
        Condition::Tag { matcher } => Compiled::Tag(CompiledText::new(matcher)?),
        Condition::Amount { matcher } => Compiled::Amount(matcher.clone()),
        Condition::Date { matcher } => Compiled::Date(matcher.clone()),
        Condition::Weekday { days } => {
            Compiled::Weekday(days.iter().fold(0u8, |mask, d| mask | (1u8 << (d % 7))))
        }
        Condition::DayOfMonth { from, to } => {
            Compiled::DayOfMonth(u32::from(*from), u32::from(*to))
        }
        Condition::Mcc { codes } => Compiled::Mcc(codes.clone()),
        Condition::All { conditions } => Compiled::All(
            conditions.iter().map(|c| compile_condition(c, needles)).collect::<Result<_, _>>()?,
        ),
        Condition::Any { conditions } => Compiled::Any(
            conditions.iter().map(|c| compile_condition(c, needles)).collect::<Result<_, _>>()?,
        ),
        Condition::Not { condition } => {
            Compiled::Not(Box::new(compile_condition(condition, needles)?))
        }
    })
}

/// A needle or regex of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Needle(usize, usize),
    Regex(usize, usize),
}

/// Keys at least one of which must occur for the condition to hold (`None`: the condition
/// can hold without any, so its rule is evaluated for every transaction). `All` takes its
/// part with the fewest keys; `Any` needs keys in every branch and takes them all.
pub(super) fn requirements(condition: &Compiled) -> Option<Vec<Key>> {
    match condition {
        Compiled::Contains { field, needle } => {
            Some(vec![Key::Needle(field_index(*field), *needle)])
        }
        Compiled::RegexHit { field, index } => Some(vec![Key::Regex(field_index(*field), *index)]),
        Compiled::Text { field, index, .. } if !index.is_empty() => {
            Some(index.iter().map(|n| Key::Needle(field_index(*field), *n)).collect())
        }
        Compiled::All(parts) => parts.iter().filter_map(requirements).min_by_key(Vec::len),
        Compiled::Any(parts) if !parts.is_empty() => {
            let mut keys = Vec::new();
            for part in parts {
                keys.extend(requirements(part)?);
            }
            keys.dedup();
            Some(keys)
        }
        _ => None,
    }
}

/// Per-transaction state of a rule run, reused across transactions.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// Needles found in each field's text (raw text, ASCII case ignored), sorted.
    pub(super) hits: [Vec<usize>; 3],
    /// Needles found only in the lower-cased text of a non-ASCII field: they make rules
    /// candidates (their Unicode-lower-case operators may match) but are not `contains` hits.
    pub(super) lower_hits: [Vec<usize>; 3],
    /// Regexes matching each field's text.
    pub(super) regex_hits: [Vec<usize>; 3],
    /// Rules to evaluate, sorted.
    pub(super) candidates: Vec<usize>,
}

/// What a condition is evaluated against.
pub(super) struct Subject<'a> {
    pub(super) features: &'a Features,
    /// The payee as the current stage began.
    pub(super) payee: &'a str,
    /// Tags added by the rules so far (after the transaction's own).
    pub(super) added_tags: &'a [String],
    pub(super) scratch: &'a Scratch,
}

pub(super) fn eval(condition: &Compiled, s: &Subject<'_>) -> bool {
    let f = s.features;
    match condition {
        Compiled::Contains { field, needle } => {
            s.scratch.hits[field_index(*field)].binary_search(needle).is_ok()
        }
        Compiled::RegexHit { field, index } => {
            s.scratch.regex_hits[field_index(*field)].contains(index)
        }
        Compiled::Text { field, matcher, .. } => matcher.matches(match field {
            TextField::Payee => s.payee,
            TextField::Memo => &f.memo,
            TextField::Account => &f.account,
        }),
        Compiled::Tag(matcher) => f.tags.iter().chain(s.added_tags).any(|t| matcher.matches(t)),
        Compiled::Amount(m) => amount_matches(m, f.amount),
        Compiled::Date(m) => match m {
            DateMatch::On { date } => f.date == *date,
            DateMatch::Before { date } => f.date < *date,
            DateMatch::After { date } => f.date > *date,
            DateMatch::Between { from, to } => *from <= f.date && f.date <= *to,
        },
        Compiled::Weekday(mask) => {
            let day = f.date.weekday().num_days_from_monday();
            mask & (1u8 << day) != 0
        }
        Compiled::DayOfMonth(from, to) => (*from..=*to).contains(&f.date.day()),
        Compiled::Mcc(codes) => f.mcc.is_some_and(|m| codes.contains(&m)),
        Compiled::All(parts) => parts.iter().all(|c| eval(c, s)),
        Compiled::Any(parts) => parts.iter().any(|c| eval(c, s)),
        Compiled::Not(inner) => !eval(inner, s),
    }
}

fn amount_matches(m: &AmountMatch, amount: Decimal) -> bool {
    let abs = amount.abs();
    match m {
        AmountMatch::Equals { value } => abs == *value,
        AmountMatch::Greater { value } => abs > *value,
        AmountMatch::Less { value } => abs < *value,
        AmountMatch::Between { min, max } => *min <= abs && abs <= *max,
        AmountMatch::Inflow => amount > Decimal::ZERO,
        AmountMatch::Outflow => amount < Decimal::ZERO,
    }
}
