//! User rules: the first step of categorization, and the only one a user fully controls. A
//! [`Rule`] is plain data (conditions, actions, stage, priority); a [`RuleSet`] compiles a
//! book's rules once: regexes are built, and every `contains` needle of every rule goes into one
//! aho-corasick automaton per text field (with the ASCII values of `equals`, `starts with`,
//! `ends with` and `one of`, as needles a match must contain), so a transaction is scanned once
//! per field and only the rules whose needle occurred are evaluated, whatever the number of
//! rules; the scan's buffers are reused from one transaction to the next.

mod action;
mod compiled;
mod condition;

pub use action::{resolve_split, validate_split, Action, SplitLine, SplitPart, SplitShare};
pub use condition::{AmountMatch, Condition, DateMatch, TextField, TextMatch};

use crate::error::CategorizeError;
use crate::features::Features;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use compiled::{compile_condition, eval, requirements, Compiled, Key, Needles, Scratch, Subject};
use regex::{Regex, RegexSet};
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

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

/// A rule compiled for the run.
#[derive(Debug)]
struct CompiledRule {
    rule: Rule,
    condition: Compiled,
}

thread_local! {
    /// Each thread's reusable per-transaction state for [`RuleSet::apply`].
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The compiled rules of a book, ready to run over many transactions.
#[derive(Debug)]
pub struct RuleSet {
    /// Enabled rules sorted by (stage, priority, id).
    rules: Vec<CompiledRule>,
    /// Index of the first rule of each stage (`rules.len()` when the stage has none).
    stage_start: [usize; 3],
    /// One automaton per text field over the needles of that field (ASCII case ignored).
    automata: [Option<AhoCorasick>; 3],
    /// One regex set per text field over all regex conditions of that field: one pass.
    regex_sets: [Option<RegexSet>; 3],
    /// For each field and needle, the rules that need it (sorted).
    by_needle: [Vec<Vec<usize>>; 3],
    /// For each field and regex, the rules that need it (sorted).
    by_regex: [Vec<Vec<usize>>; 3],
    /// Rules with no needle to wait for: evaluated for every transaction (sorted).
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
            compiled.push(CompiledRule { rule: rule.clone(), condition });
        }
        let mut automata: [Option<AhoCorasick>; 3] = [None, None, None];
        let mut regex_sets: [Option<RegexSet>; 3] = [None, None, None];
        let mut by_needle: [Vec<Vec<usize>>; 3] = Default::default();
        let mut by_regex: [Vec<Vec<usize>>; 3] = Default::default();
        for (f, needles) in needles.iter().enumerate() {
            by_needle[f] = vec![Vec::new(); needles.texts.len()];
            by_regex[f] = vec![Vec::new(); needles.regexes.len()];
            if !needles.texts.is_empty() {
                let ac = AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&needles.texts)
                    .map_err(|e| invalid("rules", &e.to_string()))?;
                automata[f] = Some(ac);
            }
            if !needles.regexes.is_empty() {
                let set = RegexSet::new(&needles.regexes)
                    .map_err(|e| invalid("rules", &e.to_string()))?;
                regex_sets[f] = Some(set);
            }
        }
        let mut unindexed = Vec::new();
        for (i, rule) in compiled.iter().enumerate() {
            match requirements(&rule.condition) {
                Some(keys) => {
                    for key in keys {
                        let list = match key {
                            Key::Needle(f, n) => &mut by_needle[f][n],
                            Key::Regex(f, r) => &mut by_regex[f][r],
                        };
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
                None => unindexed.push(i),
            }
        }
        let stage_start = Stage::ALL.map(|stage| {
            compiled.iter().position(|r| r.rule.stage >= stage).unwrap_or(compiled.len())
        });
        Ok(Self {
            rules: compiled,
            stage_start,
            automata,
            regex_sets,
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

    /// Runs the rules over one transaction, stage by stage. Every rule of a stage sees the
    /// payee as the stage began (a rename shows in the next stage).
    ///
    /// Each text field is scanned once by its automaton (and regex set); only the rules one
    /// of whose needles occurred, and the few that have no needle, are evaluated. The
    /// per-transaction buffers are the calling thread's, reused from one call to the next.
    pub fn apply(&self, features: &Features) -> RuleOutcome {
        let mut outcome = RuleOutcome::default();
        if self.rules.is_empty() {
            return outcome;
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.run(features, &mut scratch, &mut outcome),
            // Only reachable if a rule run re-entered itself on this thread; stay correct.
            Err(_) => self.run(features, &mut Scratch::default(), &mut outcome),
        });
        outcome
    }

    fn run(&self, features: &Features, scratch: &mut Scratch, outcome: &mut RuleOutcome) {
        self.scan(features, &features.payee, scratch);
        self.collect_candidates(scratch, 0);
        // The payee the current stage sees (`None`: as written).
        let mut stage_payee: Option<String> = None;
        let mut pos = 0;
        for (s, start) in self.stage_start.iter().copied().enumerate() {
            let end = self.stage_start.get(s + 1).copied().unwrap_or(self.rules.len());
            if start == end {
                continue;
            }
            if outcome.payee != stage_payee {
                // An earlier stage renamed the payee: scan the new one for this stage on.
                stage_payee.clone_from(&outcome.payee);
                let payee = stage_payee.as_deref().unwrap_or(&features.payee);
                self.scan(features, payee, scratch);
                self.collect_candidates(scratch, start);
                pos = 0;
            }
            while let Some(&i) = scratch.candidates.get(pos) {
                if i >= end {
                    break;
                }
                pos += 1;
                if i < start {
                    continue;
                }
                let rule = &self.rules[i];
                let subject = Subject {
                    features,
                    payee: stage_payee.as_deref().unwrap_or(&features.payee),
                    added_tags: &outcome.tags_added,
                    scratch,
                };
                if !eval(&rule.condition, &subject) {
                    continue;
                }
                outcome.matched.push(rule.rule.id);
                for action in &rule.rule.actions {
                    match action {
                        Action::SetCategory(c) => {
                            outcome.category = Some((c.clone(), rule.rule.id))
                        }
                        Action::RenamePayee(p) => outcome.payee = Some(p.clone()),
                        Action::AddTags(new) => {
                            for tag in new {
                                if !features.tags.contains(tag) && !outcome.tags_added.contains(tag)
                                {
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
        }
    }

    /// Scans the text fields once with the automata and regex sets.
    fn scan(&self, features: &Features, payee: &str, scratch: &mut Scratch) {
        let texts = [payee, features.memo.as_str(), features.account.as_str()];
        for (f, text) in texts.into_iter().enumerate() {
            let hits = &mut scratch.hits[f];
            hits.clear();
            scratch.lower_hits[f].clear();
            if let Some(ac) = &self.automata[f] {
                hits.extend(ac.find_overlapping_iter(text).map(|m| m.pattern().as_usize()));
                hits.sort_unstable();
                hits.dedup();
                if !text.is_ascii() {
                    // Operators other than `contains` compare Unicode lower case: a text
                    // whose lower case holds a needle must make its rules candidates.
                    let lower = text.to_lowercase();
                    let extra = &mut scratch.lower_hits[f];
                    extra.extend(ac.find_overlapping_iter(&lower).map(|m| m.pattern().as_usize()));
                }
            }
            let regex_hits = &mut scratch.regex_hits[f];
            regex_hits.clear();
            if let Some(set) = &self.regex_sets[f] {
                if set.is_match(text) {
                    regex_hits.extend(set.matches(text).iter());
                }
            }
        }
    }

    /// The rules from index `from` on that the scan's hits point to, plus the unindexed ones.
    fn collect_candidates(&self, scratch: &mut Scratch, from: usize) {
        let Scratch { hits, lower_hits, regex_hits, candidates } = scratch;
        candidates.clear();
        let keep = |i: &usize| *i >= from;
        candidates.extend(self.unindexed.iter().filter(|i| keep(i)));
        for f in 0..3 {
            for needle in hits[f].iter().chain(&lower_hits[f]) {
                candidates.extend(self.by_needle[f][*needle].iter().filter(|i| keep(i)));
            }
            for index in &regex_hits[f] {
                candidates.extend(self.by_regex[f][*index].iter().filter(|i| keep(i)));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
    }
}

#[cfg(test)]
mod tests;
