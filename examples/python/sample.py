"""Loads the sample book in ``examples/data`` the way every language's quickstart does.

``accounts.csv`` has one account per line (path, kind, subtype, currency); ``journal.csv`` one
split per line, and lines with the same ``txn`` number form one transaction. Neither has quoted
fields, so a plain ``split(",")`` reads them. The journal is added as one batch.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import tally

DATA = Path(__file__).resolve().parent.parent / "data"


def load_sample(book: tally.Book, data: Path = DATA) -> tuple[int, int]:
    """Loads ``accounts.csv`` and ``journal.csv`` from ``data`` into ``book``.

    Returns the number of accounts created and of transactions added. Raises the
    ``tally.TallyError`` of the first account or transaction the book refuses, or a
    ``ValueError`` naming file:line for a malformed line.
    """
    created = 0
    for number, line in _lines(data / "accounts.csv"):
        cols = line.split(",")
        if len(cols) != 4:
            raise ValueError(f"accounts.csv:{number}: expected 4 columns")
        path, kind, subtype, currency = cols
        book.accounts.create(path, kind, currency, subtype=subtype)  # type: ignore[arg-type]
        created += 1
    by_path = {a.path: a.id for a in book.accounts.list()}

    batch: list[tally.NewTransaction] = []
    current: tuple[str, date, str] | None = None
    splits: list[tally.NewSplit] = []

    def flush() -> None:
        if current is not None:
            txn, day, payee = current
            batch.append(
                tally.NewTransaction(
                    day, splits, payee=payee, source="import", external_id=f"sample-{txn}"
                )
            )

    for number, line in _lines(data / "journal.csv"):
        cols = line.split(",")
        if len(cols) != 6:
            raise ValueError(f"journal.csv:{number}: expected 6 columns")
        txn, day, payee, account, amount, memo = cols
        if account not in by_path:
            raise ValueError(f"journal.csv:{number}: unknown account {account!r}")
        split = tally.NewSplit(by_path[account], amount, memo=memo or None)
        if current is not None and current[0] == txn:
            splits.append(split)
            continue
        flush()
        current, splits = (txn, date.fromisoformat(day), payee), [split]
    flush()
    ids = book.transactions.add_batch(batch)
    return created, len(ids)


def _lines(path: Path) -> list[tuple[int, str]]:
    """The data lines of a CSV file with their 1-based line numbers (the header skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(i + 1, line) for i, line in enumerate(lines) if i > 0 and line]
