"""Per-call overhead of the mobile binding through UniFFI's Python output (ctypes).

Times calls that do (almost) no work in the engine, so what is measured is the FFI crossing:
argument lowering, the Rust call with its panic guard, and lifting the result.

Usage: python3 call_overhead.py <generated python dir>   (against a release build: bench.sh)
"""

import asyncio
import os
import statistics
import sys
import time
import timeit

sys.path.insert(0, sys.argv[1])
from tally import AccountKind, AccountSubtype, Engine, NewAccount, NewBook, NewUser  # noqa: E402

engine = Engine.in_memory()
user = engine.users().create(NewUser(email="a@example.com", given_name="A", family_name="B", default_currency="EUR"))
book = engine.create_book(NewBook(name="Bench", owner_id=user.id, default_currency="EUR"))
accounts = book.accounts()
accounts.create(NewAccount(path="Assets:Cash", kind=AccountKind.ASSET, subtype=AccountSubtype.CASH, currency="EUR"))
commodities = book.commodities()


class Plain:
    """A pure-Python method, for scale."""

    def id(self):
        return 1


plain = Plain()
CASES = [
    ("pure Python method call (baseline)", lambda: plain.id(), 1_000_000),
    ("book.id(): integer out", lambda: book.id(), 200_000),
    ("book.info(): record out (strings, timestamp)", lambda: book.info(), 100_000),
    ('commodities.get("EUR"): string in, record out', lambda: commodities.get("EUR"), 100_000),
    ('accounts.by_path("Assets:Cash"): a SQLite read', lambda: accounts.by_path("Assets:Cash"), 20_000),
]

print(f"{'call':<48} {'ns/call (median of 5)':>22}")
for name, call, number in CASES:
    runs = timeit.repeat(call, number=number, repeat=5)
    ns = statistics.median(runs) / number * 1e9
    print(f"{name:<48} {ns:>22,.0f}")


async def async_balances(number):
    start = time.perf_counter()
    for _ in range(number):
        await accounts.balances_async()
    return time.perf_counter() - start


async def to_thread_balances(number):
    start = time.perf_counter()
    for _ in range(number):
        await asyncio.to_thread(accounts.balances)
    return time.perf_counter() - start


# The async form of a call adds a worker thread and the future's round trips to the asyncio loop.
sync_ns = statistics.median(timeit.repeat(lambda: accounts.balances(), number=5_000, repeat=5)) / 5_000 * 1e9
async_ns = statistics.median(asyncio.run(async_balances(2_000)) for _ in range(5)) / 2_000 * 1e9
print(f"{'accounts.balances() (2 accounts)':<48} {sync_ns:>22,.0f}")
thread_ns = statistics.median(asyncio.run(to_thread_balances(2_000)) for _ in range(5)) / 2_000 * 1e9
print(f"{'await accounts.balances_async(), one at a time':<48} {async_ns:>22,.0f}")
print(f"{'await asyncio.to_thread(accounts.balances)':<48} {thread_ns:>22,.0f}")
sys.stdout.flush()
# No interpreter finalization: see tests/python/scenario.py (a worker thread may still be
# returning from its wake-up callback when the main thread ends).
os._exit(0)
