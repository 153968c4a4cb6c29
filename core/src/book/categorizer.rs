//! Categorizer calls of a book: rules stored in the book (create, list, edit, reorder,
//! enable/disable, test against history, apply to history), payee memory, models (train, list,
//! activate), the decision of each transaction (`categorize`, the review queue, corrections that
//! lock the category, teach payee memory at once and may propose a rule) and the settings.
//!
//! Models: a book trains its own model once it has `min_examples` labeled transactions (50 by
//! default). There is no global model: a book below that count has "no model", and rules and
//! payee memory categorize alone (everything else goes to review).

use crate::audit::{AuditAction, EntityKind};
use crate::categorization::{
    Action, CategorizationError, CategorizationRule, CategorizationWrite, CategorizerSettings,
    CategoryMetrics, Correction, DecidedBy, ModelInfo, NewRule, PayeeMemoryRow, ReviewItem,
    RuleChange, RuleProposal, SplitPart, TrainRequest, TransactionDecision,
};
use crate::events::Event;
use crate::ids::{AccountId, TransactionId};
use crate::query::{Page, PageRequest, SortOrder, TransactionFilter, MAX_PAGE_LIMIT};
use crate::transaction::{self, NewTransaction, Status, Transaction, TransactionError};
use crate::{Error, Result};
use std::collections::HashMap;
use tally_categorize::{
    Condition, LabeledExample, Model, Rule, TextField, TextMatch, TrainOptions, CORRECTION_WEIGHT,
};

use super::context::Snapshot;
use super::flow::{self, Flow};
use super::Book;

/// Categorizer calls of a [`Book`].
#[derive(Debug)]
pub struct Categorizer<'a> {
    book: &'a Book,
}

impl<'a> Categorizer<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    // ---- settings ----

    /// The settings (defaults until set: threshold 0.8, 50 examples, a proposal after 3
    /// corrections).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn settings(&self) -> Result<CategorizerSettings> {
        Ok(self.book.engine.store.categorizer_settings(self.book.id())?.unwrap_or_default())
    }

    /// Stores the settings.
    ///
    /// # Errors
    ///
    /// `invalid_field` (`threshold` outside 0..=1, `min_examples` or `proposal_after` 0),
    /// `read_only`.
    pub fn set_settings(&self, settings: CategorizerSettings) -> Result<CategorizerSettings> {
        self.book.check_writable()?;
        let bad = |field: &str, value: String, reason: &str| -> Error {
            TransactionError::InvalidField {
                field: field.to_owned(),
                value,
                reason: reason.to_owned(),
            }
            .into()
        };
        if !(0.0..=1.0).contains(&settings.threshold) {
            return Err(bad("threshold", settings.threshold.to_string(), "must be within 0..=1"));
        }
        if settings.min_examples == 0 {
            return Err(bad("min_examples", "0".to_owned(), "must be at least 1"));
        }
        if settings.proposal_after == 0 {
            return Err(bad("proposal_after", "0".to_owned(), "must be at least 1"));
        }
        let before = self.settings()?;
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Categorization,
            None,
            Some(&before),
            Some(&settings),
        );
        self.book.engine.store.set_categorizer_settings(self.book.id(), &settings, &audit)?;
        self.book.emit(&Event::CategorizerSettingsChanged);
        Ok(settings)
    }

    // ---- rules ----

    /// Checks a rule and resolves the categories its actions name (path or id) to account ids.
    fn resolve(&self, new: &NewRule, id: i64, snapshot: &Snapshot) -> Result<Rule> {
        let mut rule = Rule {
            id,
            name: new.name.clone(),
            stage: new.stage,
            priority: new.priority,
            enabled: new.enabled,
            condition: new.condition.clone(),
            actions: new.actions.clone(),
        };
        rule.validate()?;
        for (i, action) in rule.actions.iter_mut().enumerate() {
            match action {
                Action::SetCategory(c) => {
                    let field = format!("actions[{i}].value");
                    *c = flow::label(flow::resolve_category(c, &field, snapshot)?);
                }
                Action::Split(parts) => {
                    for (j, part) in parts.iter_mut().enumerate() {
                        let field = format!("actions[{i}].value[{j}].category");
                        part.category =
                            flow::label(flow::resolve_category(&part.category, &field, snapshot)?);
                    }
                }
                _ => {}
            }
        }
        Ok(rule)
    }

    /// A stored rule with its categories named by path.
    fn present(rule: Rule, snapshot: &Snapshot) -> CategorizationRule {
        let path = |text: &str| {
            flow::parse_label(text)
                .and_then(|id| snapshot.accounts.get(&id))
                .map_or_else(|| text.to_owned(), |a| a.path.clone())
        };
        let actions = rule
            .actions
            .iter()
            .map(|a| match a {
                Action::SetCategory(c) => Action::SetCategory(path(c)),
                Action::Split(parts) => Action::Split(
                    parts
                        .iter()
                        .map(|p| SplitPart { category: path(&p.category), share: p.share.clone() })
                        .collect(),
                ),
                other => other.clone(),
            })
            .collect();
        Rule { actions, ..rule }
    }

    fn stored_rule(&self, id: i64) -> Result<Rule> {
        self.book
            .engine
            .store
            .rules(self.book.id())?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| CategorizationError::RuleNotFound(id).into())
    }

    /// Creates a rule.
    ///
    /// # Errors
    ///
    /// `invalid_rule` (an invalid regex, an empty value, a malformed split; the field is
    /// named), `category_not_found` / `not_a_category` for an action naming a missing or non
    /// Income/Expense account (field `actions[i].value`), `read_only`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// book.accounts().create(NewAccount::new("Expenses:Coffee", AccountKind::Expense, "EUR"))?;
    /// let rule = book.categorizer().create_rule(NewRule::payee_contains("blue bottle", "Expenses:Coffee"))?;
    /// assert_eq!(book.categorizer().rules()?, vec![rule]);
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    pub fn create_rule(&self, new: NewRule) -> Result<CategorizationRule> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let rule = self.resolve(&new, 0, &snapshot)?;
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::CategorizationRule,
            None,
            None::<&()>,
            Some(&rule),
        );
        let id = self.book.engine.store.insert_rule(self.book.id(), &rule, &audit)?;
        self.book.emit(&Event::RulesChanged { ids: vec![id] });
        Ok(Self::present(Rule { id, ..rule }, &snapshot))
    }

    /// A rule by id.
    ///
    /// # Errors
    ///
    /// `rule_not_found`.
    pub fn rule(&self, id: i64) -> Result<CategorizationRule> {
        let rule = self.stored_rule(id)?;
        Ok(Self::present(rule, &Snapshot::load(self.book)?))
    }

    /// The book's rules in the order they run: by stage, priority, id.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn rules(&self) -> Result<Vec<CategorizationRule>> {
        let snapshot = Snapshot::load(self.book)?;
        let rules = self.book.engine.store.rules(self.book.id())?;
        Ok(rules.into_iter().map(|r| Self::present(r, &snapshot)).collect())
    }

    fn replace_rules(&self, rules: Vec<Rule>, before: &[Rule]) -> Result<()> {
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::CategorizationRule,
            (rules.len() == 1).then(|| rules[0].id),
            Some(&before),
            Some(&rules),
        );
        self.book.engine.store.update_rules(self.book.id(), &rules, &audit)?;
        self.book.emit(&Event::RulesChanged { ids: rules.iter().map(|r| r.id).collect() });
        Ok(())
    }

    /// Replaces a rule's content.
    ///
    /// # Errors
    ///
    /// `rule_not_found` and the errors of [`create_rule`](Self::create_rule).
    pub fn update_rule(&self, id: i64, new: NewRule) -> Result<CategorizationRule> {
        self.book.check_writable()?;
        let before = self.stored_rule(id)?;
        let snapshot = Snapshot::load(self.book)?;
        let rule = self.resolve(&new, id, &snapshot)?;
        self.replace_rules(vec![rule.clone()], &[before])?;
        Ok(Self::present(rule, &snapshot))
    }

    /// Deletes a rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `read_only`.
    pub fn delete_rule(&self, id: i64) -> Result<()> {
        self.book.check_writable()?;
        let before = self.stored_rule(id)?;
        let audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::CategorizationRule,
            Some(id),
            Some(&before),
            None::<&()>,
        );
        self.book.engine.store.delete_rule(self.book.id(), id, &audit)?;
        self.book.emit(&Event::RulesChanged { ids: vec![id] });
        Ok(())
    }

    /// Enables or disables a rule.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `read_only`.
    pub fn set_enabled(&self, id: i64, enabled: bool) -> Result<CategorizationRule> {
        self.book.check_writable()?;
        let before = self.stored_rule(id)?;
        let rule = Rule { enabled, ..before.clone() };
        self.replace_rules(vec![rule.clone()], &[before])?;
        Ok(Self::present(rule, &Snapshot::load(self.book)?))
    }

    /// Enables a rule.
    ///
    /// # Errors
    ///
    /// As [`set_enabled`](Self::set_enabled).
    pub fn enable_rule(&self, id: i64) -> Result<CategorizationRule> {
        self.set_enabled(id, true)
    }

    /// Disables a rule (kept, never run).
    ///
    /// # Errors
    ///
    /// As [`set_enabled`](Self::set_enabled).
    pub fn disable_rule(&self, id: i64) -> Result<CategorizationRule> {
        self.set_enabled(id, false)
    }

    /// Reorders rules: the rules named run in this order (their priorities become 0, 1, 2...
    /// in the list's order; stages still run pre, default, post). Returns every rule in the
    /// order they run.
    ///
    /// # Errors
    ///
    /// `rule_not_found`, `invalid_field` when an id is named twice, `read_only`.
    pub fn reorder_rules(&self, ids: &[i64]) -> Result<Vec<CategorizationRule>> {
        self.book.check_writable()?;
        let stored = self.book.engine.store.rules(self.book.id())?;
        let mut seen = std::collections::HashSet::new();
        let mut changed = Vec::with_capacity(ids.len());
        let mut before = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            if !seen.insert(*id) {
                return Err(TransactionError::InvalidField {
                    field: format!("ids[{i}]"),
                    value: id.to_string(),
                    reason: "named twice".to_owned(),
                }
                .into());
            }
            let rule = stored
                .iter()
                .find(|r| r.id == *id)
                .ok_or(CategorizationError::RuleNotFound(*id))?;
            before.push(rule.clone());
            let priority = i32::try_from(i).unwrap_or(i32::MAX);
            changed.push(Rule { priority, ..rule.clone() });
        }
        if !changed.is_empty() {
            self.replace_rules(changed, &before)?;
        }
        self.rules()
    }

    /// What `rule` would change in the book's history, without writing: every transaction
    /// (not deleted, not reconciled) whose category, payee, tags or notes it would change, with
    /// before and after. Locked fields are left as they are.
    ///
    /// # Errors
    ///
    /// The validation errors of [`create_rule`](Self::create_rule).
    pub fn test_rule(&self, rule: NewRule) -> Result<Vec<RuleChange>> {
        let snapshot = Snapshot::load(self.book)?;
        let resolved = self.resolve(&rule, 0, &snapshot)?;
        let resolved = Rule { enabled: true, ..resolved };
        let settings = self.settings()?;
        let flow = Flow::build(&[resolved], &[], None, &settings, &snapshot)?;
        let (changes, _) = self.rule_changes(&flow, &TransactionFilter::default(), &snapshot)?;
        Ok(changes)
    }

    /// Applies the enabled rules to the history matching `filter` (not deleted, not
    /// reconciled; locked fields left alone): one write, audited. Returns what changed.
    ///
    /// # Errors
    ///
    /// `invalid_field`/`account_not_found` for a bad filter, `read_only`, `storage`.
    pub fn apply_rules(&self, filter: &TransactionFilter) -> Result<Vec<RuleChange>> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let rules = self.book.engine.store.rules(self.book.id())?;
        let settings = self.settings()?;
        let flow = Flow::build(&rules, &[], None, &settings, &snapshot)?;
        let (changes, write) = self.rule_changes(&flow, filter, &snapshot)?;
        if changes.is_empty() {
            return Ok(changes);
        }
        let ids: Vec<TransactionId> = changes.iter().map(|c| c.transaction_id).collect();
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Categorization,
            None,
            None::<&()>,
            Some(&serde_json::json!({ "rules_applied": ids.len() })),
        );
        let now = self.book.engine.clock.now();
        self.book.engine.store.write_categorization(self.book.id(), &write, now, &audit)?;
        self.book.emit(&Event::TransactionsCategorized { ids });
        Ok(changes)
    }

    /// Every transaction of the history matching `filter`, in pages.
    fn history(&self, filter: &TransactionFilter) -> Result<Vec<Transaction>> {
        let mut out = Vec::new();
        let mut page = PageRequest::first(MAX_PAGE_LIMIT, SortOrder::Ascending);
        loop {
            let found = self.book.transactions().search(filter, page)?;
            let seen = found.offset + u64::try_from(found.items.len()).unwrap_or(u64::MAX);
            let total = found.total;
            out.extend(found.items);
            if seen >= total {
                break;
            }
            page.offset = seen;
        }
        Ok(out)
    }

    /// The changes the rules of `flow` make to the history matching `filter`, and the write.
    fn rule_changes(
        &self,
        flow: &Flow,
        filter: &TransactionFilter,
        snapshot: &Snapshot,
    ) -> Result<(Vec<RuleChange>, CategorizationWrite)> {
        let history = self.history(filter)?;
        let ids: Vec<TransactionId> = history.iter().map(|t| t.id).collect();
        let decisions = self.decisions_by_id(&ids)?;
        let now = self.book.engine.clock.now();
        let mut changes = Vec::new();
        let mut write = CategorizationWrite::default();
        for tx in history.iter().filter(|t| !t.deleted && t.status != Status::Reconciled) {
            let stored = decisions.get(&tx.id);
            let locks = flow::locks_of(stored);
            let mut next = NewTransaction::from(tx);
            let Some((decision, mut stored_next)) =
                flow.decide(&mut next, &snapshot.accounts, locks, now)
            else {
                continue;
            };
            if decision.rules.is_empty() {
                continue;
            }
            let before = flow::fields_of(&NewTransaction::from(tx), &snapshot.accounts);
            let after = flow::fields_of(&next, &snapshot.accounts);
            if before == after {
                continue;
            }
            let draft = transaction::validate(&next, snapshot)
                .map_err(|e| e.within(&format!("transactions[{}].", tx.id)))?;
            if locks.category {
                // The user's category stands: keep who decided it.
                if let Some(old) = stored {
                    stored_next.decided_by = old.decided_by;
                    stored_next.confidence = old.confidence;
                }
            }
            stored_next.transaction_id = tx.id;
            stored_next.needs_review = false;
            changes.push(RuleChange {
                transaction_id: tx.id,
                before,
                after,
                rules: decision.rules.matched.clone(),
            });
            write.transactions.push((tx.id, draft));
            write.decisions.push(stored_next);
        }
        Ok((changes, write))
    }

    fn decisions_by_id(
        &self,
        ids: &[TransactionId],
    ) -> Result<HashMap<TransactionId, TransactionDecision>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(10_000) {
            for d in self.book.engine.store.decisions(self.book.id(), chunk)? {
                out.insert(d.transaction_id, d);
            }
        }
        Ok(out)
    }

    // ---- decisions ----

    /// Runs the flow (rules, payee memory, model) on these transactions and stores each one's
    /// decision: the category applied when one is decided (the counter split moves), else
    /// `needs_review` with the model's top 3. Locked fields are never changed. Transactions
    /// that are deleted, reconciled or not categorizable (a transfer, a split purchase) are
    /// skipped. Returns the decisions stored, in the order of `ids`.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `invalid_model`, `read_only`.
    pub fn categorize(&self, ids: &[TransactionId]) -> Result<Vec<TransactionDecision>> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let flow = Flow::load(self.book, &snapshot)?;
        let decisions = self.decisions_by_id(ids)?;
        let now = self.book.engine.clock.now();
        let mut write = CategorizationWrite::default();
        for id in ids {
            let tx = self.book.transactions().get(*id)?;
            if tx.deleted || tx.status == Status::Reconciled {
                continue;
            }
            let stored = decisions.get(id);
            let locks = flow::locks_of(stored);
            let mut next = NewTransaction::from(&tx);
            let Some((_, mut decision)) = flow.decide(&mut next, &snapshot.accounts, locks, now)
            else {
                continue;
            };
            decision.transaction_id = *id;
            if locks.category {
                if let Some(old) = stored {
                    decision.decided_by = old.decided_by;
                    decision.confidence = old.confidence;
                    decision.needs_review = false;
                    decision.suggestions = old.suggestions.clone();
                }
            }
            if NewTransaction::from(&tx) != next {
                let draft = transaction::validate(&next, &snapshot)?;
                write.transactions.push((*id, draft));
            }
            write.decisions.push(decision);
        }
        if write.decisions.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<TransactionId> = write.decisions.iter().map(|d| d.transaction_id).collect();
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Categorization,
            None,
            None::<&()>,
            Some(&serde_json::json!({ "categorized": ids })),
        );
        self.book.engine.store.write_categorization(self.book.id(), &write, now, &audit)?;
        self.book.emit(&Event::TransactionsCategorized { ids });
        Ok(write.decisions)
    }

    /// The stored decision of a transaction (`None` when it was never decided).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn decision(&self, id: TransactionId) -> Result<Option<TransactionDecision>> {
        Ok(self.book.engine.store.decisions(self.book.id(), &[id])?.into_iter().next())
    }

    /// Transactions waiting for review (nobody decided with enough confidence), with their
    /// suggestions, oldest transaction first unless the page says otherwise.
    ///
    /// # Errors
    ///
    /// `invalid_field` for a bad page, `storage`.
    pub fn review_queue(&self, page: PageRequest) -> Result<Page<ReviewItem>> {
        page.check()?;
        let found = self.book.engine.store.review_queue(self.book.id(), &page)?;
        let mut items = Vec::with_capacity(found.items.len());
        for decision in found.items {
            let transaction = self.book.transactions().get(decision.transaction_id)?;
            items.push(ReviewItem { transaction, decision });
        }
        Ok(Page { items, total: found.total, offset: found.offset })
    }

    /// The user's correction: sets the transaction's category (the counter split moves), locks
    /// the category, updates payee memory at once, and keeps the transaction as a labeled
    /// example for the next training. When the payee has now been corrected to this category
    /// `proposal_after` times and no rule says so, a rule is proposed.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `reconciled_locked`,
    /// `category_not_found`, `not_a_category`, `not_categorizable`, `read_only`.
    pub fn correct(&self, id: TransactionId, category: AccountId) -> Result<Correction> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let category = flow::resolve_category(&category.0.to_string(), "category", &snapshot)?;
        let tx = self.book.transactions().get(id)?;
        if tx.deleted {
            return Err(TransactionError::Deleted(id).into());
        }
        if tx.status == Status::Reconciled {
            return Err(TransactionError::ReconciledLocked(id).into());
        }
        let pairs: Vec<_> = tx.splits.iter().map(|s| (s.account_id, s.amount)).collect();
        let (funding, counter) = flow::shape(&pairs, &snapshot.accounts).ok_or_else(|| {
            Error::from(CategorizationError::NotCategorizable {
                id,
                reason: "it needs one funding split (asset or liability) and one other split"
                    .to_owned(),
            })
        })?;
        let mut next = NewTransaction::from(&tx);
        next.splits[counter].account_id = category;
        let now = self.book.engine.clock.now();
        let stored = self.decision(id)?;
        let mut decision = flow::decision_or_default(stored.clone(), id, now);
        decision.decided_by = DecidedBy::Manual;
        decision.confidence = 1.0;
        decision.needs_review = false;
        decision.locks.category = true;
        decision.decided_at = now;
        let features =
            Flow::build(&[], &[], None, &self.settings()?, &snapshot)?.features(&next, funding);
        let payee = features.normalized_payee();
        let memory = self.book.engine.store.payee_memory(self.book.id())?;
        let existing = memory.iter().find(|r| r.payee == payee && r.category == category);
        let row = PayeeMemoryRow {
            payee: payee.clone(),
            category,
            count: existing.map_or(0, |r| r.count).saturating_add(CORRECTION_WEIGHT),
            corrections: existing.map_or(0, |r| r.corrections).saturating_add(1),
        };
        let mut write = CategorizationWrite::default();
        if next != NewTransaction::from(&tx) {
            write.transactions.push((id, transaction::validate(&next, &snapshot)?));
        }
        write.decisions.push(decision.clone());
        if !payee.is_empty() {
            write.forget_payees.push(payee.clone());
            write.memory.push(row.clone());
        }
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Transaction,
            Some(id.0),
            Some(&tx),
            Some(&serde_json::json!({ "category": category, "decided_by": "manual" })),
        );
        self.book.engine.store.write_categorization(self.book.id(), &write, now, &audit)?;
        self.book.emit(&Event::TransactionUpdated { id });
        self.book.emit(&Event::TransactionsCategorized { ids: vec![id] });
        let proposal = if payee.is_empty() {
            None
        } else {
            self.proposal(&payee, category, row.corrections, &snapshot)?
        };
        Ok(Correction { decision, proposal })
    }

    fn proposal(
        &self,
        payee: &str,
        category: AccountId,
        corrections: u32,
        snapshot: &Snapshot,
    ) -> Result<Option<RuleProposal>> {
        if corrections < self.settings()?.proposal_after {
            return Ok(None);
        }
        let needle = payee.to_lowercase();
        let label = flow::label(category);
        let covered = self.book.engine.store.rules(self.book.id())?.iter().any(|r| {
            r.actions.iter().any(|a| matches!(a, Action::SetCategory(c) if *c == label))
                && matches!(&r.condition, Condition::Text { field: TextField::Payee,
                    matcher: TextMatch::Contains(n) } if n.to_lowercase() == needle)
        });
        if covered {
            return Ok(None);
        }
        let path = snapshot.accounts.get(&category).map_or_else(String::new, |a| a.path.clone());
        let rule = NewRule::new(
            format!("{payee} -> {path}"),
            Condition::payee_contains(needle),
            vec![Action::SetCategory(path)],
        );
        Ok(Some(RuleProposal { payee: payee.to_owned(), category, corrections, rule }))
    }

    /// Saves a proposed rule.
    ///
    /// # Errors
    ///
    /// As [`create_rule`](Self::create_rule).
    pub fn accept_proposal(&self, proposal: &RuleProposal) -> Result<CategorizationRule> {
        self.create_rule(proposal.rule.clone())
    }

    /// The book's payee memory.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn payee_memory(&self) -> Result<Vec<PayeeMemoryRow>> {
        self.book.engine.store.payee_memory(self.book.id())
    }

    // ---- models ----

    /// The labeled history: (transaction, features, category) of every transaction entered
    /// by hand or categorized by a rule, payee memory or the user.
    fn labeled(&self, snapshot: &Snapshot) -> Result<Vec<(LabeledExample, bool)>> {
        let history = self.history(&TransactionFilter::default())?;
        let decisions: HashMap<TransactionId, TransactionDecision> = self
            .book
            .engine
            .store
            .all_decisions(self.book.id())?
            .into_iter()
            .map(|d| (d.transaction_id, d))
            .collect();
        let flow = Flow::build(&[], &[], None, &CategorizerSettings::default(), snapshot)?;
        let mut out = Vec::new();
        for tx in history.iter().filter(|t| !t.deleted) {
            let decision = decisions.get(&tx.id);
            if !flow::is_label(tx, decision) {
                continue;
            }
            let Some((funding, category)) = flow::category_of(tx, &snapshot.accounts) else {
                continue;
            };
            let features = flow.features(&NewTransaction::from(tx), funding);
            let manual = decision.is_some_and(|d| d.decided_by == DecidedBy::Manual);
            out.push((LabeledExample::new(features, flow::label(category)), manual));
        }
        Ok(out)
    }

    /// Trains a model on the book's labeled history (transactions entered by hand or
    /// categorized by a rule, payee memory or a correction; never the model's own guesses),
    /// stores it as the active model with its metrics, and rebuilds payee memory from the same
    /// history (corrections keep their weight).
    ///
    /// # Errors
    ///
    /// `not_enough_training_data` when the book has fewer than `min_examples` labeled
    /// transactions (unless `request.force`, and always without any); `training_failed`;
    /// `read_only`.
    pub fn train(&self, request: TrainRequest) -> Result<ModelInfo> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let settings = self.settings()?;
        let labeled = self.labeled(&snapshot)?;
        let n = u32::try_from(labeled.len()).unwrap_or(u32::MAX);
        if labeled.is_empty() || (n < settings.min_examples && !request.force) {
            return Err(tally_categorize::CategorizeError::NotEnoughData {
                message: format!(
                    "{n} labeled transactions; a book model needs {} (there is no global model: \
                     until then rules and payee memory categorize)",
                    settings.min_examples
                ),
            }
            .into());
        }
        let now = self.book.engine.clock.now();
        let examples: Vec<LabeledExample> = labeled.iter().map(|(e, _)| e.clone()).collect();
        let model = Model::train(&examples, &TrainOptions::default(), now)?;
        let bytes = model.to_bytes();
        let metrics = model.metrics();
        let info = ModelInfo {
            version: 0,
            trained_at: metrics.trained_at,
            examples: metrics.examples,
            holdout: metrics.holdout,
            accuracy: metrics.accuracy,
            categories: metrics
                .categories
                .iter()
                .filter_map(|c| {
                    flow::parse_label(&c.category).map(|account_id| CategoryMetrics {
                        account_id,
                        precision: c.precision,
                        recall: c.recall,
                        support: c.support,
                    })
                })
                .collect(),
            active: true,
            size_bytes: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        };
        let memory = self.rebuilt_memory(&labeled)?;
        let audit =
            self.book.audit(AuditAction::Create, EntityKind::Model, None, None::<&()>, Some(&info));
        let version = self.book.engine.store.insert_model(
            self.book.id(),
            &info,
            &bytes,
            Some(&memory),
            &audit,
        )?;
        self.book.emit(&Event::ModelTrained { version, active: true });
        Ok(ModelInfo { version, ..info })
    }

    /// Payee memory counted from the labeled history, corrections kept with their weight.
    fn rebuilt_memory(&self, labeled: &[(LabeledExample, bool)]) -> Result<Vec<PayeeMemoryRow>> {
        let mut counts: HashMap<(String, AccountId), (u32, u32)> = HashMap::new();
        for (example, _) in labeled {
            let payee = example.features.normalized_payee();
            if payee.is_empty() {
                continue;
            }
            if let Some(category) = flow::parse_label(&example.category) {
                counts.entry((payee, category)).or_default().0 += 1;
            }
        }
        for row in self.book.engine.store.payee_memory(self.book.id())? {
            if row.corrections > 0 {
                let entry = counts.entry((row.payee, row.category)).or_default();
                entry.0 = entry.0.saturating_add(row.corrections.saturating_mul(CORRECTION_WEIGHT));
                entry.1 = row.corrections;
            }
        }
        let mut rows: Vec<PayeeMemoryRow> = counts
            .into_iter()
            .map(|((payee, category), (count, corrections))| PayeeMemoryRow {
                payee,
                category,
                count,
                corrections,
            })
            .collect();
        rows.sort_by(|a, b| a.payee.cmp(&b.payee).then(a.category.cmp(&b.category)));
        Ok(rows)
    }

    /// The book's models, newest first.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn models(&self) -> Result<Vec<ModelInfo>> {
        self.book.engine.store.models(self.book.id())
    }

    /// Makes a model version the active one.
    ///
    /// # Errors
    ///
    /// `model_not_found`, `read_only`.
    pub fn activate(&self, version: i64) -> Result<ModelInfo> {
        self.book.check_writable()?;
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Model,
            Some(version),
            None::<&()>,
            Some(&serde_json::json!({ "active": true })),
        );
        self.book.engine.store.activate_model(self.book.id(), version, &audit)?;
        self.book.emit(&Event::ModelTrained { version, active: true });
        self.models()?
            .into_iter()
            .find(|m| m.version == version)
            .ok_or_else(|| CategorizationError::ModelNotFound(version).into())
    }

    /// Corrections made since the active model was trained: the examples the next training
    /// adds (all corrections when there is no model).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn queued_examples(&self) -> Result<u64> {
        let since = self.models()?.into_iter().find(|m| m.active).map(|m| m.trained_at);
        let count = self
            .book
            .engine
            .store
            .all_decisions(self.book.id())?
            .iter()
            .filter(|d| d.decided_by == DecidedBy::Manual)
            .filter(|d| since.is_none_or(|t| d.decided_at >= t))
            .count();
        Ok(u64::try_from(count).unwrap_or(u64::MAX))
    }
}
