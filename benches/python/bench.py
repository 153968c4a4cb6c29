"""Benchmarks of the Python binding (issue 3, item 9). Timings are printed, never asserted.

1. ``add_batch`` of 100,000 expenses into an in-memory SQLite book, the same data as the Rust
   criterion bench ``cargo bench -p tally-python --bench add_batch`` (``benches/add_batch.rs``
   in bindings-python); the ratio of the two is the binding's overhead.
2. 1,000,000 transactions (2,000,000 splits) to a pandas DataFrame: the rows are read with
   ``transactions.search`` (14-day windows of at most 10,000) and joined with ``Table.concat``;
   then ``to_pandas()`` (and ``to_polars()``, ``to_arrow()``) is timed on the whole table.
3. Per-call overhead of a trivial call (``book.id``) and of a small store call
   (``engine.users.get``).

Run with a release wheel installed (see benches/README.md):
``target/py-venv/bin/python benches/python/bench.py [--transactions 1000000]``.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from datetime import date, timedelta
from time import perf_counter

import tally

START = date(2020, 1, 1)


def fresh_book() -> tuple[tally.Engine, tally.Book, list[tally.Account]]:
    """A book with a checking account and four categories, as in benches/add_batch.rs."""
    engine = tally.Engine.in_memory()
    user = engine.users.create("b@example.com", "B", "C", "EUR")
    book = engine.create_book("Bench", user, "EUR")
    accounts = [book.accounts.create("Assets:Checking", "asset", "EUR", subtype="checking")]
    for name in ("Groceries", "Rent", "Transport", "Fun"):
        accounts.append(book.accounts.create(f"Expenses:{name}", "expense", "EUR"))
    return engine, book, accounts


def expenses(first: int, count: int, accounts: list[tally.Account]) -> list[tally.NewTransaction]:
    """Expenses ``first .. first + count``: the same formula as the Rust bench."""
    checking = accounts[0].id
    categories = [a.id for a in accounts[1:]]
    return [
        tally.NewTransaction.expense(
            START + timedelta(days=i % 1500),
            checking,
            categories[i % 4],
            _cents(100 + (i * 37) % 10_000),
            f"Payee {i % 500}",
        )
        for i in range(first, first + count)
    ]


def _cents(cents: int) -> str:
    """An amount in cents as an exact decimal string."""
    return f"{cents // 100}.{cents % 100:02d}"


def bench_add_batch(runs: int) -> None:
    times = []
    build = []
    for _ in range(runs):
        engine, book, accounts = fresh_book()
        t0 = perf_counter()
        batch = expenses(0, 100_000, accounts)
        build.append(perf_counter() - t0)
        t0 = perf_counter()
        ids = book.transactions.add_batch(batch)
        times.append(perf_counter() - t0)
        assert len(ids) == 100_000
        engine.close()
    print(f"add_batch 100,000: median {statistics.median(times):.3f} s over {runs} runs "
          f"(min {min(times):.3f} s); building the 100,000 NewTransaction objects in Python: "
          f"median {statistics.median(build):.3f} s")

    # The binding's own share: a viewer's add_batch converts all 100,000 inputs, then the core
    # refuses at its first check (read_only), before validating or writing anything.
    engine, book, accounts = fresh_book()
    viewer = engine.users.create("v@example.com", "V", "W", "EUR")
    book.add_member(viewer, "viewer")
    read_only = engine.open_book(book.id, viewer)
    batch = expenses(0, 100_000, accounts)
    convert = []
    for _ in range(runs):
        t0 = perf_counter()
        try:
            read_only.transactions.add_batch(batch)
        except tally.TallyPermissionError:
            pass
        convert.append(perf_counter() - t0)
    print(f"add_batch 100,000, conversion only (refused by the core at once): "
          f"median {statistics.median(convert) * 1000:.1f} ms")
    engine.close()


def bench_frames(count: int) -> None:
    engine, book, accounts = fresh_book()
    t0 = perf_counter()
    for first in range(0, count, 100_000):
        book.transactions.add_batch(expenses(first, min(100_000, count - first), accounts))
    print(f"setup: {count:,} transactions added in {perf_counter() - t0:.1f} s")

    t0 = perf_counter()
    pages = []
    day = START
    while day < START + timedelta(days=1500):
        last = day + timedelta(days=13)
        pages.append(book.transactions.search(date_from=day, date_to=last, limit=10_000))
        assert len(pages[-1]) == pages[-1].total
        day = last + timedelta(days=1)
    table = tally.Table.concat(pages)
    del pages
    fetch = perf_counter() - t0
    assert len(table) == count
    print(f"search: {count:,} transactions read in {len(range(0, 1500, 14))} pages and "
          f"concatenated in {fetch:.2f} s")

    for name, convert in [
        ("to_pandas()", table.to_pandas),
        ("to_polars()", table.to_polars),
        ("to_arrow()", table.to_arrow),
        ("to_pandas(dtype_backend='numpy')", lambda: table.to_pandas(dtype_backend="numpy")),
    ]:
        best = float("inf")
        for _ in range(3):
            t0 = perf_counter()
            frame = convert()
            best = min(best, perf_counter() - t0)
            rows = len(frame)
            del frame
        print(f"{name}: {count:,} transactions ({rows:,} split rows) in {best:.3f} s (best of 3)")
    engine.close()


def bench_calls() -> None:
    engine, book, _ = fresh_book()
    user = engine.users.create("u@example.com", "U", "V", "EUR")

    class Plain:
        id = 1

    plain = Plain()
    for label, stmt, number in [
        ("plain Python attribute (baseline)", lambda: plain.id, 2_000_000),
        ("book.id", lambda: book.id, 2_000_000),
        ("engine.users.get(id)", lambda: engine.users.get(user.id), 200_000),
    ]:
        best = min(timeit.repeat(stmt, number=number, repeat=5)) / number
        print(f"per call, {label}: {best * 1e9:.0f} ns")
    engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parts", default="calls,add_batch,frames")
    args = parser.parse_args()
    parts = args.parts.split(",")
    if "calls" in parts:
        bench_calls()
    if "add_batch" in parts:
        bench_add_batch(args.runs)
    if "frames" in parts:
        bench_frames(args.transactions)


if __name__ == "__main__":
    main()
