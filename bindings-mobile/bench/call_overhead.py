"""Per-call overhead of the mobile binding through UniFFI's Python output (ctypes).

Times calls that do (almost) no work in the engine, so what is measured is the FFI crossing:
argument lowering, the Rust call with its panic guard, and lifting the result.

Usage: python3 call_overhead.py <generated python dir>   (against a release build: bench.sh)
"""

import statistics
import sys
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
