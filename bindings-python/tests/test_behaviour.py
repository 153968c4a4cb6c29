"""Behaviour at run time: the GIL is released during core calls, a book serves several threads,
an engine is a context manager that closes its books, events reach subscribers (and a failing
subscriber cannot undo a write), and a loop of 100,000 calls leaks nothing."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

import tally

DAY = date(2026, 10, 3)


def rss_bytes() -> int:
    """Resident set size of this process."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_core_calls_release_the_gil(book, accounts):
    batch = [
        tally.NewTransaction.expense(DAY, accounts.checking, accounts.groceries, i % 90 + 1, f"P{i}")
        for i in range(30_000)
    ]
    window: list[float] = []

    def add() -> None:
        window.append(time.perf_counter())
        book.transactions.add_batch(batch)
        window.append(time.perf_counter())

    worker = threading.Thread(target=add)
    ticks: list[float] = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = window
    inside = [t for t in ticks if start < t < end]
    # Python kept running on this thread while the batch was being written.
    assert len(inside) > 1000, (len(inside), end - start)


def test_one_book_serves_several_threads(book, accounts):
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(40):
                book.transactions.expense(DAY, accounts.checking, accounts.groceries, "1.25", f"T{n}-{i}")
                book.accounts.balances()
                book.transactions.search(text=f"T{n}-", limit=5)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert book.transactions.search().total == 240
    totals = {b.path: b.total for b in book.accounts.balances()}
    assert totals["Expenses:Food:Groceries"] == Decimal("300.00")
    assert totals["Assets:Bank:Checking"] == Decimal("-300.00")


def test_the_engine_is_a_context_manager_that_closes_its_books(tmp_path):
    path = tmp_path / "book.sqlite"
    with tally.Engine.open(path) as engine:
        assert not engine.closed and repr(engine) == "<tally.Engine open>"
        user = engine.users.create("a@example.com", "A", "B", "EUR")
        book = engine.create_book("Home", user, "EUR")
        cash = book.accounts.create("Assets:Cash", "asset", "EUR")
        accounts = book.accounts
    assert engine.closed and repr(engine) == "<tally.Engine closed>"
    for call in (book.accounts.list, accounts.list, lambda: engine.users.get(user.id)):
        with pytest.raises(tally.StorageError) as err:
            call()
        assert err.value.code == "storage" and "closed" in err.value.message
    assert book.id == 1  # plain data stays readable
    engine.close()  # twice is harmless
    with pytest.raises(tally.StorageError):
        engine.create_book("Again", user, "EUR")

    with tally.Engine.open(str(path)) as again:  # persisted; str or Path
        reopened = again.open_book(1, user.id)
        assert reopened.accounts.get(cash.id) == cash


def test_an_exception_leaving_the_with_block_propagates(tmp_path):
    with pytest.raises(KeyError):
        with tally.Engine.in_memory() as engine:
            raise KeyError("boom")
    assert engine.closed


def test_subscribers_receive_events_after_each_write(book, accounts):
    seen: list[dict] = []
    subscription = book.subscribe(seen.append)
    assert isinstance(subscription, int)
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, "5", "Shop")
    book.transactions.delete(tx)
    book.transactions.restore(tx)
    food = book.accounts.create("Expenses:Food:Snacks", "expense", "EUR")
    book.commodities.define("BTC", "Bitcoin", 8, "crypto")
    assert seen == [
        {"kind": "transactions_added", "book_id": book.id, "ids": [tx.id]},
        {"kind": "transaction_deleted", "book_id": book.id, "id": tx.id},
        {"kind": "transaction_restored", "book_id": book.id, "id": tx.id},
        {"kind": "accounts_created", "book_id": book.id, "ids": [food.id]},
        {"kind": "commodity_defined", "book_id": book.id, "code": "BTC"},
    ]
    assert book.unsubscribe(subscription) is True
    assert book.unsubscribe(subscription) is False
    book.transactions.expense(DAY, accounts.checking, accounts.groceries, "5", "Shop")
    assert len(seen) == 5


def test_a_failing_subscriber_does_not_break_the_write(book, accounts, monkeypatch):
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    delivered: list[dict] = []

    def broken(event: dict) -> None:
        raise RuntimeError("subscriber bug")

    book.subscribe(broken)
    book.subscribe(delivered.append)
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, "5", "Shop")
    assert book.transactions.get(tx.id) == tx  # the write stands
    assert [e["kind"] for e in delivered] == ["transactions_added"]  # others still called
    assert len(unraisable) == 1
    assert isinstance(unraisable[0].exc_value, RuntimeError)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        book.subscribe("not callable")  # type: ignore[arg-type]


def test_events_from_other_threads_reach_the_subscriber(book, accounts):
    seen: list[int] = []
    book.subscribe(lambda e: seen.append(threading.get_ident()))
    worker = threading.Thread(
        target=book.transactions.expense, args=(DAY, accounts.checking, accounts.groceries, 1, "T")
    )
    worker.start()
    worker.join()
    assert seen == [worker.ident]


@pytest.mark.parametrize("call", ["book.id", "users.get"])
def test_a_loop_of_100000_calls_leaks_nothing(engine, owner, book, call):
    users = engine.users
    fn = (lambda: book.id) if call == "book.id" else (lambda: users.get(owner.id))
    for _ in range(10_000):  # warm up allocator pools and caches
        fn()
    gc.collect()
    before = rss_bytes()
    for _ in range(100_000):
        fn()
    gc.collect()
    grown = rss_bytes() - before
    assert grown < 2 * 1024 * 1024, f"RSS grew {grown} bytes over 100,000 calls of {call}"


def test_exported_arrow_streams_are_released(sample):
    table = sample.transactions.search(limit=500)
    for _ in range(200):
        pa.table(table)
        table.to_pandas()
    gc.collect()
    before = rss_bytes()
    for _ in range(2_000):
        pa.table(table)
        table.__arrow_c_stream__()  # dropped unread: the capsule releases the stream
    gc.collect()
    grown = rss_bytes() - before
    assert grown < 8 * 1024 * 1024, f"RSS grew {grown} bytes over 2,000 exports"
