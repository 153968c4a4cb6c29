//! User rules: the first step of categorization, and the only one a user fully controls. A
//! [`Rule`] is plain data (conditions, actions, stage, priority); a [`RuleSet`] compiles a
//! book's rules once: regexes are built, and every `contains` needle of every rule goes into one
//! aho-corasick automaton per text field, so a transaction is scanned once per field and only
//! the rules whose needle occurred are evaluated, whatever the number of rules.

mod action;
mod condition;

pub use action::{resolve_split, validate_split, Action, SplitLine, SplitPart, SplitShare};
pub use condition::{AmountMatch, Condition, DateMatch, TextField, TextMatch};

use crate::error::CategorizeError;
use crate::features::Features;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::Datelike;
use regex::{Regex, RegexSet};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// When a rule runs: every `Pre` rule, then `Default`, then `Post`. A payee renamed in one
/// stage is what the next stage sees; a later rule's category wins over an earlier one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Clean-up rules (typically payee renames).
    Pre,
    /// Ordinary rules.
    Default,
    /// Rules that override the others.
    Post,
}

impl Stage {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pre => "pre",
            Self::Default => "default",
            Self::Post => "post",
        }
    }

    /// Parses [`as_str`](Self::as_str).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pre" => Some(Self::Pre),
            "default" => Some(Self::Default),
            "post" => Some(Self::Post),
            _ => None,
        }
    }

    const ALL: [Stage; 3] = [Stage::Pre, Stage::Default, Stage::Post];
}

/// A categorization rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Its id (core: the stored rule's id).
    pub id: i64,
    /// A name for people.
    pub name: String,
    /// Its stage.
    pub stage: Stage,
    /// Order within the stage: lower runs first (so a higher number overrides).
    pub priority: i32,
    /// Disabled rules are kept but never run.
    pub enabled: bool,
    /// When it applies.
    pub condition: Condition,
    /// What it does.
    pub actions: Vec<Action>,
}

impl Rule {
    /// An enabled default-stage rule of priority 0.
    pub fn new(
        id: i64,
        name: impl Into<String>,
        condition: Condition,
        actions: Vec<Action>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            stage: Stage::Default,
            priority: 0,
            enabled: true,
            condition,
            actions,
        }
    }

    /// Checks the rule: regexes compile, needles are not empty, ranges are ordered, actions are
    /// well formed. Whether a category exists is core's check.
    ///
    /// # Errors
    ///
    /// `CategorizeError::InvalidRule` naming the field, e.g. `condition.conditions[1].match`.
    pub fn validate(&self) -> Result<(), CategorizeError> {
        validate_condition(&self.condition, "condition")?;
        if self.actions.is_empty() {
            return Err(invalid("actions", "a rule needs at least one action"));
        }
        for (i, action) in self.actions.iter().enumerate() {
            let field = format!("actions[{i}]");
            match action {
                Action::SetCategory(c) | Action::RenamePayee(c) if c.trim().is_empty() => {
                    return Err(invalid(&field, "the value is empty"))
                }
                Action::AddTags(tags) if tags.iter().any(|t| t.trim().is_empty()) => {
                    return Err(invalid(&field, "a tag is empty"))
                }
                Action::Split(parts) => validate_split(parts, &field)?,
                _ => {}
            }
        }
        Ok(())
    }
}

fn invalid(field: &str, message: &str) -> CategorizeError {
    CategorizeError::InvalidRule { field: field.to_owned(), message: message.to_owned() }
}

fn validate_text(matcher: &TextMatch, field: &str) -> Result<(), CategorizeError> {
    let at = format!("{field}.match");
    match matcher {
        TextMatch::Regex(pattern) => Regex::new(pattern)
            .map(|_| ())
            .map_err(|e| invalid(&at, &format!("invalid regex: {e}"))),
        TextMatch::OneOf(values) if values.is_empty() => invalid_err(&at, "one_of needs values"),
        TextMatch::Contains(v) | TextMatch::StartsWith(v) | TextMatch::EndsWith(v)
            if v.is_empty() =>
        {
            invalid_err(&at, "the value is empty")
        }
        _ => Ok(()),
    }
}

fn invalid_err(field: &str, message: &str) -> Result<(), CategorizeError> {
    Err(invalid(field, message))
}

fn validate_condition(condition: &Condition, field: &str) -> Result<(), CategorizeError> {
    match condition {
        Condition::Text { matcher, .. } | Condition::Tag { matcher } => {
            validate_text(matcher, field)
        }
        Condition::Amount { matcher: AmountMatch::Between { min, max } } if min > max => {
            invalid_err(&format!("{field}.match"), "min is greater than max")
        }
        Condition::Date { matcher: DateMatch::Between { from, to } } if from > to => {
            invalid_err(&format!("{field}.match"), "from is after to")
        }
        Condition::Weekday { days } if days.is_empty() || days.iter().any(|d| *d > 6) => {
            invalid_err(&format!("{field}.days"), "days are 0 (Monday) to 6 (Sunday)")
        }
        Condition::DayOfMonth { from, to } if *from < 1 || *to > 31 || from > to => {
            invalid_err(field, "days of month are 1..=31 with from <= to")
        }
        Condition::All { conditions } | Condition::Any { conditions } => {
            for (i, c) in conditions.iter().enumerate() {
                validate_condition(c, &format!("{field}.conditions[{i}]"))?;
            }
            Ok(())
        }
        Condition::Not { condition } => {
            validate_condition(condition, &format!("{field}.condition"))
        }
        _ => Ok(()),
    }
}

/// A condition with its regexes built and its `contains` needles numbered.
#[derive(Debug)]
enum Compiled {
    Contains { field: TextField, needle: usize },
    RegexHit { field: TextField, index: usize },
    Text { field: TextField, matcher: CompiledText },
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

#[derive(Debug)]
enum CompiledText {
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

    fn matches(&self, text: &str) -> bool {
        if let Self::Regex(re) = self {
            return re.is_match(text);
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

/// Numbers the `contains` needles and the regexes of one text field across all rules.
#[derive(Debug, Default)]
struct Needles {
    texts: Vec<String>,
    regexes: Vec<String>,
}

impl Needles {
    fn add(&mut self, needle: &str) -> usize {
        let lower = needle.to_ascii_lowercase();
        if let Some(i) = self.texts.iter().position(|t| *t == lower) {
            return i;
        }
        self.texts.push(lower);
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

/// A rule compiled for one stage's run.
#[derive(Debug)]
struct CompiledRule {
    rule: Rule,
    condition: Compiled,
    /// A `contains` needle or regex that must match for the condition to hold, if any.
    required: Option<Required>,
}

/// A needle or regex a rule cannot match without.
#[derive(Debug, Clone, Copy)]
enum Required {
    Needle(TextField, usize),
    Regex(TextField, usize),
}

/// Which needles occurred in one transaction's text fields.
struct Hits {
    fields: [Vec<bool>; 3],
    regexes: [Vec<bool>; 3],
}

fn field_index(field: TextField) -> usize {
    match field {
        TextField::Payee => 0,
        TextField::Memo => 1,
        TextField::Account => 2,
    }
}

/// The compiled rules of a book, ready to run over many transactions.
#[derive(Debug)]
pub struct RuleSet {
    /// Enabled rules sorted by (stage, priority, id).
    rules: Vec<CompiledRule>,
    /// One automaton per text field over all `contains` needles of that field.
    automata: [Option<AhoCorasick>; 3],
    /// One regex set per text field over all regex conditions of that field: one pass.
    regex_sets: [Option<RegexSet>; 3],
    needle_counts: [usize; 3],
    /// For each field and regex, the rules that require it.
    by_regex: [Vec<Vec<usize>>; 3],
    /// For each field and needle, the rules that require it.
    by_needle: [Vec<Vec<usize>>; 3],
    /// Rules with no required needle: evaluated for every transaction.
    unindexed: Vec<usize>,
    rounding: RoundingStrategy,
}

/// What the rules did to one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RuleOutcome {
    /// The category set, and the id of the rule that set it last.
    pub category: Option<(String, i64)>,
    /// The payee after renames.
    pub payee: Option<String>,
    /// Tags added (no duplicates; tags already on the transaction are not repeated).
    pub tags_added: Vec<String>,
    /// Notes set.
    pub notes: Option<String>,
    /// Split lines, summing to the amount.
    pub split: Option<Vec<SplitLine>>,
    /// The split's rule id.
    pub split_rule: Option<i64>,
    /// Ids of every rule that matched, in the order they ran.
    pub matched: Vec<i64>,
}

impl RuleOutcome {
    /// True when no rule matched.
    pub fn is_empty(&self) -> bool {
        self.matched.is_empty()
    }
}

impl RuleSet {
    /// Compiles the enabled rules; `rounding` rounds percentage splits.
    ///
    /// # Errors
    ///
    /// `CategorizeError::InvalidRule` for the first invalid rule, the field prefixed with
    /// `rules[<id>]`.
    pub fn compile(rules: &[Rule], rounding: RoundingStrategy) -> Result<Self, CategorizeError> {
        let mut sorted: Vec<&Rule> = rules.iter().filter(|r| r.enabled).collect();
        sorted.sort_by_key(|r| (r.stage, r.priority, r.id));
        let mut needles: [Needles; 3] = Default::default();
        let mut compiled = Vec::with_capacity(sorted.len());
        for rule in sorted {
            rule.validate().map_err(|e| match e {
                CategorizeError::InvalidRule { field, message } => CategorizeError::InvalidRule {
                    field: format!("rules[{}].{field}", rule.id),
                    message,
                },
                other => other,
            })?;
            let condition = compile_condition(&rule.condition, &mut needles)
                .map_err(|e| invalid(&format!("rules[{}].condition", rule.id), &e.to_string()))?;
            let required = required_needle(&condition);
            compiled.push(CompiledRule { rule: rule.clone(), condition, required });
        }
        let mut automata: [Option<AhoCorasick>; 3] = [None, None, None];
        let mut by_needle: [Vec<Vec<usize>>; 3] = Default::default();
        let mut needle_counts = [0usize; 3];
        for (f, needles) in needles.iter().enumerate() {
            needle_counts[f] = needles.texts.len();
            by_needle[f] = vec![Vec::new(); needles.texts.len()];
            if !needles.texts.is_empty() {
                let ac = AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&needles.texts)
                    .map_err(|e| invalid("rules", &e.to_string()))?;
                automata[f] = Some(ac);
            }
        }
        let mut regex_sets: [Option<RegexSet>; 3] = [None, None, None];
        let mut by_regex: [Vec<Vec<usize>>; 3] = Default::default();
        for (f, needles) in needles.iter().enumerate() {
            by_regex[f] = vec![Vec::new(); needles.regexes.len()];
            if !needles.regexes.is_empty() {
                let set = RegexSet::new(&needles.regexes)
                    .map_err(|e| invalid("rules", &e.to_string()))?;
                regex_sets[f] = Some(set);
            }
        }
        let mut unindexed = Vec::new();
        for (i, rule) in compiled.iter().enumerate() {
            match rule.required {
                Some(Required::Needle(field, needle)) => {
                    by_needle[field_index(field)][needle].push(i)
                }
                Some(Required::Regex(field, index)) => by_regex[field_index(field)][index].push(i),
                None => unindexed.push(i),
            }
        }
        Ok(Self {
            rules: compiled,
            automata,
            regex_sets,
            needle_counts,
            by_needle,
            by_regex,
            unindexed,
            rounding,
        })
    }

    /// Number of enabled rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there is no enabled rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Runs the rules over one transaction, stage by stage.
    pub fn apply(&self, features: &Features) -> RuleOutcome {
        let mut outcome = RuleOutcome::default();
        if self.rules.is_empty() {
            return outcome;
        }
        let mut payee: Option<String> = None;
        let mut tags: Vec<String> = features.tags.clone();
        let mut hits = self.scan(features, None);
        let mut candidates: Vec<usize> = Vec::new();
        for stage in Stage::ALL {
            candidates.clear();
            candidates.extend(self.unindexed.iter().copied());
            for (f, field_hits) in hits.fields.iter().enumerate() {
                for (needle, hit) in field_hits.iter().enumerate() {
                    if *hit {
                        candidates.extend(self.by_needle[f][needle].iter().copied());
                    }
                }
                for (index, hit) in hits.regexes[f].iter().enumerate() {
                    if *hit {
                        candidates.extend(self.by_regex[f][index].iter().copied());
                    }
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut renamed = false;
            for &i in &candidates {
                let rule = &self.rules[i];
                if rule.rule.stage != stage {
                    continue;
                }
                let text_payee = payee.as_deref().unwrap_or(&features.payee);
                if !eval(&rule.condition, features, text_payee, &tags, &hits) {
                    continue;
                }
                outcome.matched.push(rule.rule.id);
                for action in &rule.rule.actions {
                    match action {
                        Action::SetCategory(c) => {
                            outcome.category = Some((c.clone(), rule.rule.id))
                        }
                        Action::RenamePayee(p) => {
                            payee = Some(p.clone());
                            renamed = true;
                        }
                        Action::AddTags(new) => {
                            for tag in new {
                                if !tags.contains(tag) {
                                    tags.push(tag.clone());
                                    outcome.tags_added.push(tag.clone());
                                }
                            }
                        }
                        Action::SetNotes(n) => outcome.notes = Some(n.clone()),
                        Action::Split(parts) => {
                            // A split that cannot add up for this amount is skipped, never
                            // applied partly.
                            if let Ok(lines) = resolve_split(features.amount, parts, self.rounding)
                            {
                                outcome.split = Some(lines);
                                outcome.split_rule = Some(rule.rule.id);
                            }
                        }
                    }
                }
            }
            if renamed {
                hits = self.scan(features, payee.as_deref());
            }
        }
        outcome.payee = payee;
        outcome
    }

    /// Scans the text fields once with the automata.
    fn scan(&self, features: &Features, payee: Option<&str>) -> Hits {
        let texts = [payee.unwrap_or(&features.payee), &features.memo, &features.account];
        let mut fields: [Vec<bool>; 3] = Default::default();
        let mut regexes: [Vec<bool>; 3] = Default::default();
        for f in 0..3 {
            if let Some(set) = &self.regex_sets[f] {
                regexes[f] = vec![false; set.len()];
                for i in set.matches(texts[f]).iter() {
                    regexes[f][i] = true;
                }
            }
            fields[f] = vec![false; self.needle_counts[f]];
            if let Some(ac) = &self.automata[f] {
                for m in ac.find_overlapping_iter(texts[f]) {
                    fields[f][m.pattern().as_usize()] = true;
                }
            }
        }
        Hits { fields, regexes }
    }
}

fn compile_condition(
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
            Compiled::Text { field: *field, matcher: CompiledText::new(matcher)? }
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

/// A needle without which the condition cannot hold: the condition itself, or one of an
/// `All`'s parts (or, recursively, a needle that every branch of an `Any` shares is not
/// tracked: such rules are simply evaluated for every transaction).
fn required_needle(condition: &Compiled) -> Option<Required> {
    match condition {
        Compiled::Contains { field, needle } => Some(Required::Needle(*field, *needle)),
        Compiled::RegexHit { field, index } => Some(Required::Regex(*field, *index)),
        Compiled::All(parts) => parts.iter().find_map(required_needle),
        _ => None,
    }
}

fn eval(condition: &Compiled, f: &Features, payee: &str, tags: &[String], hits: &Hits) -> bool {
    match condition {
        Compiled::Contains { field, needle } => hits.fields[field_index(*field)][*needle],
        Compiled::RegexHit { field, index } => hits.regexes[field_index(*field)][*index],
        Compiled::Text { field, matcher } => matcher.matches(match field {
            TextField::Payee => payee,
            TextField::Memo => &f.memo,
            TextField::Account => &f.account,
        }),
        Compiled::Tag(matcher) => tags.iter().any(|t| matcher.matches(t)),
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
        Compiled::All(parts) => parts.iter().all(|c| eval(c, f, payee, tags, hits)),
        Compiled::Any(parts) => parts.iter().any(|c| eval(c, f, payee, tags, hits)),
        Compiled::Not(inner) => !eval(inner, f, payee, tags, hits),
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

#[cfg(test)]
mod tests;
