//! Account calls of a book: the tree, balances rolled up the tree, the register with a running
//! balance, and balance assertions.

use crate::account::{self, Account, AccountError, AccountUpdate, NewAccount};
use crate::audit::{AuditAction, EntityKind};
use crate::commodity::CommodityError;
use crate::events::Event;
use crate::ids::{AccountId, AssertionId};
use crate::query::{
    AccountBalance, AssertionResult, BalanceAssertion, NewBalanceAssertion, Page, PageRequest,
    RegisterRow,
};
use crate::store::{AccountDraft, AssertionDraft, ParentRef};
use crate::transaction::LedgerContext;
use crate::{money, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

use super::context::Snapshot;
use super::Book;

/// Account calls of a [`Book`].
#[derive(Debug)]
pub struct Accounts<'a> {
    pub(super) book: &'a Book,
}

impl<'a> Accounts<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Creates an account, and any missing ancestors with the same kind and currency.
    ///
    /// # Errors
    ///
    /// `invalid_account_path`, `duplicate_account_name`, `parent_kind_mismatch`,
    /// `invalid_subtype`, `unknown_commodity`, `read_only`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tally_core::*;
    /// # let engine = Engine::in_memory();
    /// # let user = engine.users().create(NewUser::new("a@b.c", "A", "B", "EUR"))?;
    /// # let book = engine.create_book(NewBook::new("Home", user.id, "EUR"))?;
    /// let groceries = book.accounts().create(
    ///     NewAccount::new("Expenses:Food:Groceries", AccountKind::Expense, "EUR"))?;
    /// assert_eq!(groceries.name, "Groceries");
    /// assert!(book.accounts().by_path("Expenses:Food").is_ok());
    /// # Ok::<(), tally_core::Error>(())
    /// ```
    pub fn create(&self, new: NewAccount) -> Result<Account> {
        self.book.check_writable()?;
        let segments = account::path_segments(&new.path)?;
        account::check_subtype(new.kind, new.subtype)?;
        let snapshot = Snapshot::load(self.book)?;
        if snapshot.scale(&new.currency).is_none() {
            return Err(CommodityError::Unknown {
                field: "currency".to_owned(),
                code: new.currency.clone(),
            }
            .into());
        }
        let by_path: HashMap<&str, &Account> =
            snapshot.accounts.values().map(|a| (a.path.as_str(), a)).collect();
        if by_path.contains_key(new.path.as_str()) {
            return Err(AccountError::DuplicateName(new.path.clone()).into());
        }
        let mut drafts: Vec<AccountDraft> = Vec::new();
        let mut parent: Option<ParentRef> = None;
        for depth in 0..segments.len() {
            let path = segments[..=depth].join(":");
            let is_leaf = depth + 1 == segments.len();
            if let Some(existing) = by_path.get(path.as_str()) {
                if existing.kind != new.kind {
                    return Err(AccountError::ParentKindMismatch {
                        path: new.path.clone(),
                        kind: new.kind.as_str(),
                        parent: existing.path.clone(),
                        parent_kind: existing.kind.as_str(),
                    }
                    .into());
                }
                parent = Some(ParentRef::Existing(existing.id));
                continue;
            }
            let default_net_worth =
                matches!(new.kind, account::AccountKind::Asset | account::AccountKind::Liability);
            drafts.push(AccountDraft {
                parent,
                name: segments[depth].to_owned(),
                path,
                kind: new.kind,
                subtype: if is_leaf { new.subtype } else { Default::default() },
                currency: new.currency.clone(),
                institution: if is_leaf { new.institution.clone() } else { None },
                color: if is_leaf { new.color.clone() } else { None },
                icon: if is_leaf { new.icon.clone() } else { None },
                opened_on: if is_leaf { new.opened_on } else { None },
                include_in_net_worth: new.include_in_net_worth.unwrap_or(default_net_worth),
            });
            parent = Some(ParentRef::Earlier(drafts.len() - 1));
        }
        let audits: Vec<_> = drafts
            .iter()
            .map(|d| {
                self.book.audit(
                    AuditAction::Create,
                    EntityKind::Account,
                    None,
                    None::<&()>,
                    Some(d),
                )
            })
            .collect();
        let created = self.book.engine.store.insert_accounts(self.book.id(), &drafts, &audits)?;
        self.book.emit(&Event::AccountsCreated { ids: created.iter().map(|a| a.id).collect() });
        created.into_iter().last().ok_or_else(|| AccountError::PathNotFound(new.path).into())
    }

    /// Every account of the book, in path order.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Account>> {
        self.book.engine.store.accounts(self.book.id())
    }

    /// An account by id.
    ///
    /// # Errors
    ///
    /// `account_not_found` (also for another book's account).
    pub fn get(&self, id: AccountId) -> Result<Account> {
        self.list()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AccountError::NotFound { field: "account_id".to_owned(), id }.into())
    }

    /// An account by full path.
    ///
    /// # Errors
    ///
    /// `account_not_found`.
    pub fn by_path(&self, path: &str) -> Result<Account> {
        self.list()?
            .into_iter()
            .find(|a| a.path == path)
            .ok_or_else(|| AccountError::PathNotFound(path.to_owned()).into())
    }

    /// Changes an account; renaming moves the paths of its descendants too.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `invalid_account_path`, `duplicate_account_name`,
    /// `closed_before_opened`, `read_only`.
    pub fn update(&self, id: AccountId, update: AccountUpdate) -> Result<Account> {
        self.book.check_writable()?;
        let all = self.list()?;
        let before = all.iter().find(|a| a.id == id).cloned().ok_or_else(|| {
            crate::Error::from(AccountError::NotFound { field: "account_id".to_owned(), id })
        })?;
        let mut after = before.clone();
        if let Some(v) = update.institution {
            after.institution = v;
        }
        if let Some(v) = update.color {
            after.color = v;
        }
        if let Some(v) = update.icon {
            after.icon = v;
        }
        if let Some(v) = update.opened_on {
            after.opened_on = v;
        }
        if let Some(v) = update.closed_on {
            after.closed_on = v;
        }
        if let Some(v) = update.archived {
            after.archived = v;
        }
        if let Some(v) = update.include_in_net_worth {
            after.include_in_net_worth = v;
        }
        if let (Some(opened), Some(closed)) = (after.opened_on, after.closed_on) {
            if closed < opened {
                return Err(AccountError::ClosedBeforeOpened { opened, closed }.into());
            }
        }
        let mut changed = Vec::new();
        if let Some(name) = update.name {
            let new_path = match before.path.rsplit_once(':') {
                Some((parent, _)) => format!("{parent}:{name}"),
                None => name.clone(),
            };
            account::path_segments(&new_path)?;
            if new_path.split(':').count() != before.path.split(':').count() {
                return Err(AccountError::InvalidPath {
                    path: new_path,
                    reason: "a name may not contain ':'".to_owned(),
                }
                .into());
            }
            if all.iter().any(|a| a.path == new_path && a.id != id) {
                return Err(AccountError::DuplicateName(new_path).into());
            }
            let old_prefix = format!("{}:", before.path);
            for a in &all {
                if let Some(rest) = a.path.strip_prefix(&old_prefix) {
                    let mut moved = a.clone();
                    moved.path = format!("{new_path}:{rest}");
                    changed.push((a.clone(), moved));
                }
            }
            after.name = name;
            after.path = new_path;
        }
        changed.insert(0, (before, after.clone()));
        let audits: Vec<_> = changed
            .iter()
            .map(|(b, a)| {
                self.book.audit(
                    AuditAction::Update,
                    EntityKind::Account,
                    Some(a.id.0),
                    Some(b),
                    Some(a),
                )
            })
            .collect();
        let rows: Vec<Account> = changed.into_iter().map(|(_, a)| a).collect();
        self.book.engine.store.update_accounts(self.book.id(), &rows, &audits)?;
        self.book.emit(&Event::AccountsUpdated { ids: rows.iter().map(|a| a.id).collect() });
        Ok(after)
    }

    /// Closes an account: no posting may be dated after `on`.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update).
    pub fn close(&self, id: AccountId, on: NaiveDate) -> Result<Account> {
        self.update(id, AccountUpdate { closed_on: Some(Some(on)), ..AccountUpdate::default() })
    }

    /// Balance of every account at the end of `as_of` (all time when `None`), per commodity,
    /// with descendants rolled up into `total`. Every account appears at least once (with a
    /// zero in its currency when it has no postings). Sorted by path, then commodity.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn balances(&self, as_of: Option<NaiveDate>) -> Result<Vec<AccountBalance>> {
        let snapshot = Snapshot::load(self.book)?;
        let sums = self.book.engine.store.leaf_balances(self.book.id(), as_of)?;
        Ok(roll_up(
            &snapshot,
            sums.into_iter().map(|s| (s.account_id, s.commodity, s.amount)),
            true,
        ))
    }

    /// The register of an account (with its descendants when asked): one row per split with
    /// the running balance per commodity, paged and sorted by date.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `invalid_field` for a bad page.
    pub fn register(
        &self,
        id: AccountId,
        include_descendants: bool,
        page: PageRequest,
    ) -> Result<Page<RegisterRow>> {
        page.check()?;
        let snapshot = Snapshot::load(self.book)?;
        if !snapshot.accounts.contains_key(&id) {
            return Err(AccountError::NotFound { field: "account_id".to_owned(), id }.into());
        }
        let ids = if include_descendants { snapshot.with_descendants(&[id]) } else { vec![id] };
        self.book.engine.store.register(self.book.id(), &ids, &page)
    }

    /// Records a balance the account (with descendants) should have at the end of a day.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `unknown_commodity`, `too_many_decimals`, `read_only`.
    pub fn add_assertion(&self, new: NewBalanceAssertion) -> Result<BalanceAssertion> {
        self.book.check_writable()?;
        let snapshot = Snapshot::load(self.book)?;
        let account = snapshot.account(new.account_id).ok_or_else(|| {
            crate::Error::from(AccountError::NotFound {
                field: "account_id".to_owned(),
                id: new.account_id,
            })
        })?;
        let commodity = new.commodity.clone().unwrap_or_else(|| account.currency.clone());
        let scale = snapshot.scale(&commodity).ok_or_else(|| {
            crate::Error::from(CommodityError::Unknown {
                field: "commodity".to_owned(),
                code: commodity.clone(),
            })
        })?;
        money::check_amount(new.amount, &commodity, scale, "amount")?;
        let draft = AssertionDraft {
            account_id: new.account_id,
            date: new.date,
            amount: new.amount,
            commodity,
        };
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::BalanceAssertion,
            None,
            None::<&()>,
            Some(&draft),
        );
        let stored = self.book.engine.store.insert_assertion(self.book.id(), &draft, &audit)?;
        self.book.emit(&Event::AssertionAdded { id: stored.id });
        Ok(stored)
    }

    /// The book's balance assertions, by date.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn assertions(&self) -> Result<Vec<BalanceAssertion>> {
        self.book.engine.store.assertions(self.book.id())
    }

    /// Deletes a balance assertion.
    ///
    /// # Errors
    ///
    /// `assertion_not_found`, `read_only`.
    pub fn delete_assertion(&self, id: AssertionId) -> Result<()> {
        self.book.check_writable()?;
        let existing = self.assertions()?.into_iter().find(|a| a.id == id);
        let existing = existing.ok_or(crate::query::QueryError::AssertionNotFound(id))?;
        let audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::BalanceAssertion,
            Some(id.0),
            Some(&existing),
            None::<&()>,
        );
        self.book.engine.store.delete_assertion(self.book.id(), id, &audit)?;
        self.book.emit(&Event::AssertionDeleted { id });
        Ok(())
    }

    /// Checks every balance assertion against the ledger; each result carries the actual
    /// balance and the difference.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn check_assertions(&self) -> Result<Vec<AssertionResult>> {
        let snapshot = Snapshot::load(self.book)?;
        let assertions = self.assertions()?;
        let mut by_date: BTreeMap<NaiveDate, Vec<AccountBalance>> = BTreeMap::new();
        let mut results = Vec::with_capacity(assertions.len());
        for assertion in assertions {
            if let std::collections::btree_map::Entry::Vacant(slot) = by_date.entry(assertion.date)
            {
                let sums =
                    self.book.engine.store.leaf_balances(self.book.id(), Some(assertion.date))?;
                let leaves = sums.into_iter().map(|s| (s.account_id, s.commodity, s.amount));
                slot.insert(roll_up(&snapshot, leaves, false));
            }
            let actual = by_date
                .get(&assertion.date)
                .and_then(|rows| {
                    rows.iter().find(|r| {
                        r.account_id == assertion.account_id && r.commodity == assertion.commodity
                    })
                })
                .map_or(Decimal::ZERO, |r| r.total);
            let difference = actual - assertion.amount;
            results.push(AssertionResult {
                passed: difference.is_zero(),
                actual,
                difference,
                assertion,
            });
        }
        Ok(results)
    }
}

/// Rolls leaf sums up the tree. With `every_account`, accounts without postings get a zero row
/// in their currency.
pub(crate) fn roll_up(
    snapshot: &Snapshot,
    sums: impl Iterator<Item = (AccountId, String, Decimal)>,
    every_account: bool,
) -> Vec<AccountBalance> {
    let mut own: HashMap<(AccountId, String), Decimal> = HashMap::new();
    let mut total: HashMap<(AccountId, String), Decimal> = HashMap::new();
    for (account, commodity, amount) in sums {
        *own.entry((account, commodity.clone())).or_default() += amount;
        for ancestor in snapshot.lineage(account) {
            *total.entry((ancestor, commodity.clone())).or_default() += amount;
        }
    }
    // Amounts are shown at the commodity's scale (`0.00 EUR`, not `0 EUR`); exact, since no
    // stored amount has more decimals than its commodity.
    let at_scale = |mut amount: Decimal, commodity: &str| {
        if let Some(scale) = snapshot.scale(commodity) {
            amount.rescale(scale);
        }
        amount
    };
    let mut rows: Vec<AccountBalance> = total
        .into_iter()
        .filter_map(|((account_id, commodity), total)| {
            let account = snapshot.accounts.get(&account_id)?;
            let own = own.get(&(account_id, commodity.clone())).copied().unwrap_or_default();
            Some(AccountBalance {
                account_id,
                path: account.path.clone(),
                own: at_scale(own, &commodity),
                total: at_scale(total, &commodity),
                commodity,
            })
        })
        .collect();
    if every_account {
        let present: std::collections::HashSet<AccountId> =
            rows.iter().map(|r| r.account_id).collect();
        for account in snapshot.accounts.values() {
            if !present.contains(&account.id) {
                rows.push(AccountBalance {
                    account_id: account.id,
                    path: account.path.clone(),
                    commodity: account.currency.clone(),
                    own: at_scale(Decimal::ZERO, &account.currency),
                    total: at_scale(Decimal::ZERO, &account.currency),
                });
            }
        }
    }
    rows.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.commodity.cmp(&b.commodity)));
    rows
}
