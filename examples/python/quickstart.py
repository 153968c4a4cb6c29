"""The quickstart: builds a real SQLite book from the sample data in ``examples/data``, adds one
expense by hand, then prints the balances and October's spending by category. It prints the
same figures as the Rust quickstart (``cargo run --example quickstart``).

Run it with ``python examples/python/quickstart.py [path/to/book.sqlite]``.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import tally
from sample import load_sample

ROOT = Path(__file__).resolve().parent.parent.parent


def main(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        # A leftover book from an earlier run would make the idempotent load add nothing.
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with tally.Engine.open(path) as engine:
        user = engine.users.create("sam@example.com", "Sam", "Rivera", "EUR")
        book = engine.create_book("Household", user, "EUR")
        accounts, transactions = load_sample(book)

        cash = book.accounts.by_path("Assets:Cash")
        groceries = book.accounts.by_path("Expenses:Food:Groceries")
        book.transactions.expense(
            date(2026, 10, 31), cash, groceries, Decimal("12.50"), "Farmers market"
        )
        checking = book.accounts.by_path("Assets:Bank:Checking")
        book.accounts.add_assertion(checking, date(2026, 10, 31), Decimal("5028.41"))

        print(f'Tally quickstart: book "{book.info.name}" in {path}')
        print(
            f"Loaded {accounts} accounts and {transactions} transactions from examples/data, "
            "plus 1 added by hand."
        )
        as_of = date(2026, 10, 31)
        print(f"\nBalances on {as_of}:")
        for b in book.accounts.balances(as_of):
            depth = b.path.count(":")
            name = b.path.rsplit(":", 1)[-1]
            print(f"  {'  ' * depth + name:<34} {b.total:>12} {b.commodity}")
        print("\nSpending by category, October 2026:")
        for c in book.reports.spending_by_category(date(2026, 10, 1), as_of):
            name = c.path.rsplit(":", 1)[-1]
            print(f"  {'  ' * c.depth + name:<34} {c.total:>12} {c.commodity}")
        print("\nLast 3 rows of the checking register:")
        for r in book.accounts.register(checking, limit=3, order="descending"):
            print(f"  {r.date}  {r.payee or '':<22} {r.amount:>10} {r.balance:>10}")
        for result in book.accounts.check_assertions():
            verdict = "holds" if result.passed else "FAILS"
            a = result.assertion
            print(
                f"\nBalance assertion {a.amount} {a.commodity} on {a.date}: {verdict} "
                f"(actual {result.actual})"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "quickstart-python.sqlite")
