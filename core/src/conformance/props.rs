//! Properties over random ledgers: balanced transactions are accepted and unbalanced ones
//! refused, every balance equals the sum of the live splits behind it, and two books never see
//! each other. Each runs 32 cases through a plain [`TestRunner`], so the macro stays one line
//! per test and a store needs no `proptest!` of its own.

use super::{day, everything, Fixture};
use crate::{
    AccountId, EditOptions, Engine, NewSplit, NewTransaction, PageRequest, Status, Transaction,
    TransactionFilter, TransactionId,
};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

/// How many leaf accounts of the [`Fixture`] random legs are drawn from.
const LEAVES: usize = 9;

/// One random leg: an index into [`Fixture::leaves`] and an amount in cents.
pub type Leg = (usize, i64);

/// A random transaction: its legs, its day (an offset from 2025-01-01) and whether it is void.
#[derive(Debug, Clone)]
pub struct RandomTx {
    /// Legs that sum to zero.
    pub legs: Vec<Leg>,
    /// Days after 2025-01-01.
    pub day: u32,
    /// Written with status void.
    pub void: bool,
}

/// A step of a random history.
#[derive(Debug, Clone)]
pub enum Op {
    /// Add a transaction.
    Add(RandomTx),
    /// Soft-delete the n-th added transaction (modulo the count).
    Delete(usize),
    /// Restore the n-th added transaction (modulo the count).
    Restore(usize),
}

fn run<S>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let config = Config { cases: 32, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    if let Err(err) = runner.run(&strategy, test) {
        panic!("{err}");
    }
}

fn ok<T>(result: crate::Result<T>, what: &str) -> Result<T, TestCaseError> {
    result.map_err(|e| TestCaseError::fail(format!("{what}: {e}")))
}

/// 2 to 6 legs at scale 2 over the fixture's leaves, summing to zero.
pub fn balanced_legs() -> impl Strategy<Value = Vec<Leg>> {
    (1usize..=5)
        .prop_flat_map(|n| {
            (prop::collection::vec((0..LEAVES, -5_000_000i64..5_000_000), n), 0..LEAVES)
        })
        .prop_map(|(mut legs, last)| {
            let sum: i64 = legs.iter().map(|(_, cents)| cents).sum();
            legs.push((last, -sum));
            legs
        })
}

/// A random balanced transaction within two years.
pub fn random_tx() -> impl Strategy<Value = RandomTx> {
    (balanced_legs(), 0u32..730, 0u8..8).prop_map(|(legs, day, v)| RandomTx {
        legs,
        day,
        void: v == 0,
    })
}

fn date_of(offset: u32) -> NaiveDate {
    day(2025, 1, 1) + Duration::days(i64::from(offset))
}

fn build(f: &Fixture, tx: &RandomTx) -> NewTransaction {
    let leaves = f.leaves();
    let splits = tx
        .legs
        .iter()
        .map(|(i, cents)| NewSplit::new(leaves[*i], Decimal::new(*cents, 2)))
        .collect();
    let status = if tx.void { Status::Void } else { Status::Cleared };
    NewTransaction::new(date_of(tx.day), splits).status(status)
}

/// Sum of the counted splits of `txs` per account up to `as_of`, computed without the store.
fn expected_sums(txs: &[Transaction], as_of: Option<NaiveDate>) -> BTreeMap<AccountId, Decimal> {
    let mut sums = BTreeMap::new();
    for tx in
        txs.iter().filter(|t| !t.deleted && t.status.counts() && as_of.is_none_or(|d| t.date <= d))
    {
        for split in &tx.splits {
            *sums.entry(split.account_id).or_insert(Decimal::ZERO) += split.amount;
        }
    }
    sums
}

/// Checks the book's balances (own, per leaf) against sums computed from `model`.
fn check_balances(
    f: &Fixture,
    model: &[Transaction],
    as_of: Option<NaiveDate>,
) -> Result<(), TestCaseError> {
    let want = expected_sums(model, as_of);
    let rows = ok(f.book.accounts().balances(as_of), "balances")?;
    let leaves: HashSet<AccountId> = f.leaves().into_iter().collect();
    for row in &rows {
        prop_assert_eq!(&row.commodity, "EUR");
        let expected = if leaves.contains(&row.account_id) {
            want.get(&row.account_id).copied().unwrap_or_default()
        } else {
            Decimal::ZERO
        };
        prop_assert_eq!(row.own, expected, "own balance of {} as of {:?}", row.path, as_of);
    }
    let roots: Decimal = rows.iter().filter(|r| !r.path.contains(':')).map(|r| r.total).sum();
    prop_assert_eq!(roots, Decimal::ZERO, "roots sum to zero");
    Ok(())
}

/// Any balanced transaction of 2 to 6 splits is accepted, stored as given, and counted.
pub fn prop_balanced_transactions_are_accepted(make: fn() -> Engine) {
    run(random_tx(), |random| {
        let f = Fixture::new(make);
        let tx = ok(f.book.transactions().add(build(&f, &random)), "add balanced")?;
        let leaves = f.leaves();
        let got: Vec<(AccountId, Decimal)> =
            tx.splits.iter().map(|s| (s.account_id, s.amount)).collect();
        let want: Vec<(AccountId, Decimal)> =
            random.legs.iter().map(|(i, c)| (leaves[*i], Decimal::new(*c, 2))).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(tx.date, date_of(random.day));
        prop_assert_eq!(&ok(f.book.transactions().get(tx.id), "get")?, &tx);
        check_balances(&f, std::slice::from_ref(&tx), None)?;
        check_balances(&f, std::slice::from_ref(&tx), Some(date_of(random.day)))?;
        let before = date_of(random.day) - Duration::days(1);
        check_balances(&f, std::slice::from_ref(&tx), Some(before))
    });
}

/// Any transaction whose splits sum to non-zero is refused with `unbalanced`, naming the
/// residual, and writes nothing.
pub fn prop_unbalanced_transactions_are_rejected(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let audit = f.audit_len();
    let residual = (-1_000_000i64..1_000_000).prop_filter("non-zero", |c| *c != 0);
    run((random_tx(), residual, any::<usize>()), |(mut random, residual, at)| {
        let n = random.legs.len();
        random.legs[at % n].1 += residual;
        let err = match f.book.transactions().add(build(&f, &random)) {
            Ok(tx) => return Err(TestCaseError::fail(format!("accepted unbalanced {tx:?}"))),
            Err(err) => err,
        };
        prop_assert_eq!(err.code(), "unbalanced", "{}", err);
        let message = err.to_string();
        let residual = Decimal::new(residual, 2).normalize();
        prop_assert!(message.ends_with(&format!("residual {residual} EUR")), "{}", message);
        prop_assert_eq!(f.audit_len(), audit, "a refused add writes no audit row");
        prop_assert!(f.all_ids().is_empty(), "a refused add writes no transaction");
        Ok(())
    });
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => random_tx().prop_map(Op::Add),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => any::<usize>().prop_map(Op::Restore),
    ]
}

/// After random adds, soft deletes and restores, every account's balance equals the sum of
/// its live, non-void splits, computed from the returned transactions; deleted ones never count.
pub fn prop_balances_equal_live_splits(make: fn() -> Engine) {
    run((prop::collection::vec(op(), 1..30), 0u32..730), |(ops, cut)| {
        let f = Fixture::new(make);
        let txs = f.book.transactions();
        let mut model: Vec<Transaction> = Vec::new();
        for op in &ops {
            match op {
                Op::Add(random) => model.push(ok(txs.add(build(&f, random)), "add")?),
                Op::Delete(_) | Op::Restore(_) if model.is_empty() => {}
                Op::Delete(n) => {
                    let k = n % model.len();
                    if model[k].deleted {
                        let err = txs.delete(model[k].id, EditOptions::default());
                        prop_assert_eq!(
                            err.map(|_| ()).map_err(|e| e.code()),
                            Err("transaction_deleted")
                        );
                    } else {
                        model[k] = ok(txs.delete(model[k].id, EditOptions::default()), "delete")?;
                        prop_assert!(model[k].deleted);
                    }
                }
                Op::Restore(n) => {
                    let k = n % model.len();
                    if model[k].deleted {
                        model[k] = ok(txs.restore(model[k].id), "restore")?;
                        prop_assert!(!model[k].deleted);
                    } else {
                        let err = txs.restore(model[k].id);
                        prop_assert_eq!(err.map(|_| ()).map_err(|e| e.code()), Err("not_deleted"));
                    }
                }
            }
        }
        check_balances(&f, &model, None)?;
        check_balances(&f, &model, Some(date_of(cut)))?;
        for tx in &model {
            prop_assert_eq!(&ok(txs.get(tx.id), "get")?, tx);
        }
        let live = model.iter().filter(|t| !t.deleted).count() as u64;
        let found =
            ok(txs.search(&TransactionFilter::default(), PageRequest::default()), "search")?;
        prop_assert_eq!(found.total, live);
        prop_assert!(found.items.iter().all(|t| !t.deleted));
        let all = ok(txs.search(&everything(), PageRequest::default()), "search all")?;
        prop_assert_eq!(all.total, model.len() as u64);
        let sums = expected_sums(&model, None);
        for account in f.leaves() {
            let page = PageRequest { offset: 0, limit: 1, order: crate::SortOrder::Descending };
            let register = ok(f.book.accounts().register(account, false, page), "register")?;
            let last = register.items.first().map_or(Decimal::ZERO, |r| r.balance);
            prop_assert_eq!(
                last,
                sums.get(&account).copied().unwrap_or_default(),
                "register of {}",
                account
            );
        }
        Ok(())
    });
}

/// Two books filled with random transactions never see each other's transactions, accounts
/// or balances.
pub fn prop_books_never_see_each_other(make: fn() -> Engine) {
    let books =
        (prop::collection::vec(random_tx(), 1..8), prop::collection::vec(random_tx(), 1..8));
    run(books, |(for_a, for_b)| {
        let a = Fixture::new(make);
        let b = a.neighbour("bob@example.com", "Bob's book");
        let mut model_a: Vec<Transaction> = Vec::new();
        let mut model_b: Vec<Transaction> = Vec::new();
        for (i, random) in for_a.iter().enumerate() {
            let tx = ok(a.book.transactions().add(build(&a, random)), "add to a")?;
            model_a.push(if i % 3 == 2 {
                ok(a.book.transactions().delete(tx.id, EditOptions::default()), "del")?
            } else {
                tx
            });
        }
        for random in &for_b {
            // B's book refuses A's accounts and writes nothing.
            let foreign = b.book.transactions().add(build(&a, random));
            prop_assert_eq!(foreign.map(|_| ()).map_err(|e| e.code()), Err("account_not_found"));
            model_b.push(ok(b.book.transactions().add(build(&b, random)), "add to b")?);
        }
        for (f, mine, theirs) in [(&a, &model_a, &model_b), (&b, &model_b, &model_a)] {
            let mut want: Vec<TransactionId> = mine.iter().map(|t| t.id).collect();
            want.sort();
            let mut got = f.all_ids();
            got.sort();
            prop_assert_eq!(got, want, "a book's search shows exactly its own transactions");
            for other in theirs {
                let seen = f.book.transactions().get(other.id);
                prop_assert_eq!(
                    seen.map(|_| ()).map_err(|e| e.code()),
                    Err("transaction_not_found")
                );
            }
            check_balances(f, mine, None)?;
            let accounts: HashSet<AccountId> =
                ok(f.book.accounts().list(), "accounts")?.iter().map(|x| x.id).collect();
            let log = ok(
                f.book.audit_log(PageRequest::first(10_000, crate::SortOrder::Ascending)),
                "audit",
            )?;
            prop_assert!(log.items.iter().all(|e| e.book_id == f.book.id()));
            for tx in mine {
                prop_assert!(tx.splits.iter().all(|s| accounts.contains(&s.account_id)));
            }
        }
        Ok(())
    });
}
