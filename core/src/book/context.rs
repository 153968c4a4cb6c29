//! A snapshot of what validation needs: the book's accounts and the scales of its commodities.

use crate::account::Account;
use crate::commodity::builtin_scale;
use crate::ids::AccountId;
use crate::transaction::LedgerContext;
use crate::Result;
use std::collections::HashMap;

use super::Book;

pub(crate) struct Snapshot {
    pub(crate) accounts: HashMap<AccountId, Account>,
    scales: HashMap<String, u32>,
}

impl Snapshot {
    pub(crate) fn load(book: &Book) -> Result<Self> {
        let store = &book.engine.store;
        let accounts = store.accounts(book.id())?.into_iter().map(|a| (a.id, a)).collect();
        let scales = store.commodities(book.id())?.into_iter().map(|c| (c.code, c.scale)).collect();
        Ok(Self { accounts, scales })
    }

    /// Adds a commodity about to be written in the same operation (an import's new
    /// securities), so what refers to it validates before anything is written.
    pub(crate) fn add_scale(&mut self, code: &str, scale: u32) {
        self.scales.insert(code.to_owned(), scale);
    }

    /// Ids of `roots` and all their descendants, sorted.
    pub(crate) fn with_descendants(&self, roots: &[AccountId]) -> Vec<AccountId> {
        let mut children: HashMap<AccountId, Vec<AccountId>> = HashMap::new();
        for account in self.accounts.values() {
            if let Some(parent) = account.parent_id {
                children.entry(parent).or_default().push(account.id);
            }
        }
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let mut stack: Vec<AccountId> = roots.to_vec();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            out.push(id);
            if let Some(kids) = children.get(&id) {
                stack.extend(kids);
            }
        }
        out.sort();
        out
    }

    /// `id` followed by its ancestors, nearest first.
    pub(crate) fn lineage(&self, id: AccountId) -> Vec<AccountId> {
        let mut out = Vec::new();
        let mut current = Some(id);
        while let Some(c) = current {
            if out.contains(&c) {
                break;
            }
            out.push(c);
            current = self.accounts.get(&c).and_then(|a| a.parent_id);
        }
        out
    }
}

impl LedgerContext for Snapshot {
    fn account(&self, id: AccountId) -> Option<&Account> {
        self.accounts.get(&id)
    }

    fn scale(&self, code: &str) -> Option<u32> {
        builtin_scale(code).or_else(|| self.scales.get(code).copied())
    }
}
