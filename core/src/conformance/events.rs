//! Scenario of events: delivered after the write commits, in order, per book; a failed write
//! emits nothing and a panicking subscriber cannot undo a write.

use super::{day, expect_code, Fixture};
use crate::{EditOptions, Engine, Event, NewTransaction};
use rust_decimal_macros::dec;
use std::sync::{Arc, Mutex};

/// Events reach subscribers of their own book only, in order, after commit.
pub fn scenario_events_after_commit(make: fn() -> Engine) {
    let f = Fixture::new(make);
    let other = f.neighbour("grace@example.com", "Other");
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let book = f.book.clone();
    let subscription = f.book.subscribe(Arc::new(move |book_id, event: &Event| {
        assert_eq!(book_id, book.id(), "only this book's events");
        // The write is visible to the subscriber: it has committed.
        if let Event::TransactionsAdded { ids } = event {
            for id in ids {
                assert!(book.transactions().get(*id).is_ok(), "transaction {id} committed");
            }
        }
        sink.lock().expect("lock").push(event.clone());
    }));
    // A subscriber that panics on every event must not undo writes or block others.
    let _panicky = f.book.subscribe(Arc::new(|_, _: &Event| panic!("subscriber failure")));

    let d = day(2026, 3, 1);
    let tx = f.add(NewTransaction::expense(d, f.checking, f.groceries, dec!(9.99), "Shop"));
    other.add(NewTransaction::expense(d, other.checking, other.groceries, dec!(1), "Elsewhere"));
    let unbalanced = NewTransaction::new(
        d,
        vec![crate::NewSplit::new(f.checking, dec!(1)), crate::NewSplit::new(f.groceries, dec!(2))],
    );
    expect_code(f.book.transactions().add(unbalanced), "unbalanced");
    f.book.transactions().delete(tx.id, EditOptions::default()).expect("delete");
    f.book.transactions().restore(tx.id).expect("restore");
    assert_eq!(f.total(f.groceries), dec!(9.99), "the panicking subscriber undid nothing");

    let events = seen.lock().expect("lock").clone();
    assert_eq!(
        events,
        vec![
            Event::TransactionsAdded { ids: vec![tx.id] },
            Event::TransactionDeleted { id: tx.id },
            Event::TransactionRestored { id: tx.id },
        ]
    );
    assert!(f.book.unsubscribe(subscription));
    assert!(!f.book.unsubscribe(subscription), "a subscription ends once");
    f.add(NewTransaction::expense(d, f.checking, f.groceries, dec!(1), "After"));
    assert_eq!(seen.lock().expect("lock").len(), 3, "no events after unsubscribe");
}
