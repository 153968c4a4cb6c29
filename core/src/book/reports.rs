//! Report calls of a book: spending and income by category over a period, rolled up the
//! category tree.

use crate::account::AccountKind;
use crate::query::CategoryAmount;
use crate::Result;
use chrono::NaiveDate;

use super::accounts::roll_up;
use super::context::Snapshot;
use super::Book;

/// Report calls of a [`Book`].
#[derive(Debug)]
pub struct Reports<'a> {
    pub(super) book: &'a Book,
}

impl<'a> Reports<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Spending per expense category between two dates inclusive (spending positive, refunds
    /// negative), per commodity, rolled up the tree; categories without activity are left out.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn spending_by_category(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CategoryAmount>> {
        self.by_category(AccountKind::Expense, from, to, false)
    }

    /// Income per income category between two dates inclusive (income positive).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn income_by_category(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CategoryAmount>> {
        self.by_category(AccountKind::Income, from, to, true)
    }

    fn by_category(
        &self,
        kind: AccountKind,
        from: NaiveDate,
        to: NaiveDate,
        negate: bool,
    ) -> Result<Vec<CategoryAmount>> {
        let snapshot = Snapshot::load(self.book)?;
        let flows = self.book.engine.store.leaf_flows(self.book.id(), from, to)?;
        let of_kind = flows
            .into_iter()
            .filter(|f| snapshot.accounts.get(&f.account_id).is_some_and(|a| a.kind == kind));
        let rows = roll_up(
            &snapshot,
            of_kind.map(|f| (f.account_id, f.commodity, if negate { -f.amount } else { f.amount })),
            false,
        );
        Ok(rows
            .into_iter()
            .filter(|r| !r.total.is_zero() || !r.own.is_zero())
            .map(|r| CategoryAmount {
                depth: u32::try_from(r.path.matches(':').count()).unwrap_or(u32::MAX),
                account_id: r.account_id,
                path: r.path,
                commodity: r.commodity,
                own: r.own,
                total: r.total,
            })
            .collect())
    }
}
