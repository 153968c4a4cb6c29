"""The quickstart scenario through UniFFI's Python output, so the FFI layer of the mobile binding
is exercised from a second language: the same figures as examples/tests/quickstart.rs, plus the
boundary checks that differ in a dynamic language (a float amount is a type error, errors carry
their code, a coroutine call, a callback implemented in Python).

Usage: python3 scenario.py <generated python dir> <examples/data>
Prints `N passed, N failed` and exits non-zero on any failure. Needs only the standard library.
"""

import asyncio
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from tally import (  # noqa: E402  (the generated module, found through the path above)
    AccountKind,
    AccountSubtype,
    Engine,
    Event,
    EventListener,
    NewAccount,
    NewBook,
    NewSplit,
    NewTransaction,
    NewUser,
    PageRequest,
    SortOrder,
    Source,
    Status,
    TallyError,
    TransactionFilter,
)

DATA = Path(sys.argv[2])
passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def check_eq(name, actual, expected):
    check(name, actual == expected, f"expected {expected!r}, got {actual!r}")


def check_error(name, variant, code, call):
    try:
        call()
    except TallyError as e:
        check(name, isinstance(e, variant) and e.code == code, f"got {type(e).__name__} {e}")
        return e
    except Exception as e:  # noqa: BLE001 - any other exception is a failure
        check(name, False, f"got {type(e).__name__}: {e}")
        return None
    check(name, False, "no exception")
    return None


def load_sample(book, data):
    """Loads accounts.csv and journal.csv as examples/rust/lib.rs does; returns (accounts, txs)."""
    accounts = book.accounts()
    created = 0
    for line in (data / "accounts.csv").read_text().splitlines()[1:]:
        path, kind, subtype, currency = line.split(",")
        accounts.create(
            NewAccount(
                path=path,
                kind=AccountKind[kind.upper()],
                subtype=AccountSubtype[subtype.upper()],
                currency=currency,
            )
        )
        created += 1
    by_path = {a.path: a.id for a in accounts.list()}
    batch = []
    current = None
    for line in (data / "journal.csv").read_text().splitlines()[1:]:
        txn, date, payee, account, amount, memo = line.split(",")
        split = NewSplit(account_id=by_path[account], amount=amount, memo=memo or None)
        if txn == current:
            batch[-1].splits.append(split)
        else:
            batch.append(
                NewTransaction(
                    date=date,
                    payee=payee,
                    status=Status.CLEARED,
                    source=Source.IMPORT,
                    external_id=f"sample-{txn}",
                    splits=[split],
                )
            )
            current = txn
    ids = book.transactions().add_batch(batch)
    return created, len(ids)


class Recorder(EventListener):
    def __init__(self):
        self.events = []
        self.threads = set()

    def on_event(self, book_id, event):
        self.events.append((book_id, event))
        self.threads.add(threading.current_thread().name)


def quickstart_scenario():
    engine = Engine.in_memory()
    user = engine.users().create(NewUser(email="sam@example.com", given_name="Sam", family_name="Rivera", default_currency="EUR"))
    book = engine.create_book(NewBook(name="Household", owner_id=user.id, default_currency="EUR"))
    check_eq("loaded", load_sample(book, DATA), (14, 64))
    check_error("loading twice", TallyError.Conflict, "duplicate_account_name", lambda: load_sample(book, DATA))

    balances = {b.path: b.total for b in book.accounts().balances("2026-10-31")}
    for path, figure in [
        ("Assets:Bank:Checking", "5028.41"),
        ("Assets:Bank:Savings", "9521.25"),
        ("Assets:Cash", "181.05"),
        ("Assets", "14730.71"),
        ("Liabilities:Credit Card", "0.00"),
        ("Expenses", "5460.54"),
        ("Income", "-9621.25"),
    ]:
        check_eq(path, balances[path], figure)

    october = {c.path: c.total for c in book.reports().spending_by_category("2026-10-01", "2026-10-31")}
    for path, figure in [
        ("Expenses", "1839.25"),
        ("Expenses:Food", "492.45"),
        ("Expenses:Food:Groceries", "396.65"),
        ("Expenses:Household", "19.50"),
        ("Expenses:Housing", "1254.30"),
    ]:
        check_eq(f"October {path}", october[path], figure)

    page = PageRequest(offset=0, limit=100, order=SortOrder.DESCENDING)
    megamart = book.transactions().search(TransactionFilter(text="megamart"), page)
    check_eq("megamart count", megamart.total, 3)
    check("megamart split purchases", all(len(t.splits) == 3 for t in megamart.items))
    return book


def boundary(book):
    accounts = book.accounts()
    cash = accounts.by_path("Assets:Cash")
    groceries = accounts.by_path("Expenses:Food:Groceries")
    # Amounts are decimal strings: a float is refused before it reaches the engine.
    try:
        book.transactions().expense("2026-10-31", cash.id, groceries.id, 12.5, "Farmers market")
        check("float amount refused", False, "no exception")
    except TypeError:
        check("float amount refused", True)
    check_error("exponent refused", TallyError.Validation, "invalid_amount",
                lambda: book.transactions().expense("2026-10-31", cash.id, groceries.id, "1e2", "x"))
    err = check_error("unbalanced", TallyError.Validation, "unbalanced", lambda: book.transactions().add(
        NewTransaction(date="2026-10-31", status=Status.CLEARED, source=Source.MANUAL,
                       splits=[NewSplit(account_id=groceries.id, amount="1.00"),
                               NewSplit(account_id=cash.id, amount="-0.99")])))
    check_eq("error field", getattr(err, "field", None), "splits")
    check_eq("error kind()", err.kind() if err else None, "validation")
    check_error("not found", TallyError.NotFound, "account_not_found", lambda: accounts.by_path("Nope"))

    recorder = Recorder()
    subscription = book.subscribe(recorder)
    tx = book.transactions().expense("2026-10-31", cash.id, groceries.id, "12.50", "Farmers market")
    check_eq("split amounts", [s.amount for s in tx.splits], ["12.50", "-12.50"])
    check_eq("event in Python", recorder.events, [(book.id(), Event.TRANSACTIONS_ADDED(ids=[tx.id]))])

    async def run_async():
        batch = [
            NewTransaction(date="2026-11-01", payee="Corner shop", status=Status.CLEARED, source=Source.MANUAL,
                           splits=[NewSplit(account_id=groceries.id, amount="2.00"),
                                   NewSplit(account_id=cash.id, amount="-2.00")])
        ]
        ids, balances = await asyncio.gather(
            book.transactions().add_batch_async(batch),
            book.accounts().balances_async("2026-10-31"),
        )
        return ids, balances

    ids, balances = asyncio.run(run_async())
    check_eq("async batch", len(ids), 1)
    check_eq("async balances", {b.path: b.total for b in balances}["Assets:Cash"], "168.55")
    check_eq("async batch event", recorder.events[-1][1], Event.TRANSACTIONS_ADDED(ids=ids))
    check("async event on the background thread", any(t != "MainThread" for t in recorder.threads), recorder.threads)
    check("unsubscribe", book.unsubscribe(subscription))


def main():
    try:
        boundary(quickstart_scenario())
    except Exception as e:  # noqa: BLE001 - report, count, and still print the totals
        check("scenario", False, f"unexpected {type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed", flush=True)
    # Exit without interpreter finalization. An async call's worker thread wakes the asyncio
    # loop through a ctypes callback; `call_soon_threadsafe` releases the GIL for a moment, and
    # if the main thread finishes and starts finalizing in that moment, CPython ends the worker
    # with pthread_exit, whose forced unwind through the Rust frames aborts the process
    # ("FATAL: exception not rethrown"). That is a property of CPython's shutdown with foreign
    # threads, not of the binding; JVM and Swift hosts have no such step.
    os._exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
