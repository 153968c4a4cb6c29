"""Fixtures shared by the suite: engines, books and the sample data of examples/data."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tally

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "python"
sys.path.insert(0, str(EXAMPLES))

from sample import load_sample  # noqa: E402


@pytest.fixture
def engine() -> Iterator[tally.Engine]:
    """An in-memory engine, closed after the test."""
    with tally.Engine.in_memory() as engine:
        yield engine


@pytest.fixture
def owner(engine: tally.Engine) -> tally.User:
    return engine.users.create("sam@example.com", "Sam", "Rivera", "EUR")


@pytest.fixture
def book(engine: tally.Engine, owner: tally.User) -> tally.Book:
    """An empty EUR book."""
    return engine.create_book("Household", owner, "EUR")


@pytest.fixture
def sample(book: tally.Book) -> tally.Book:
    """The book with examples/data loaded, as every quickstart loads it."""
    assert load_sample(book) == (14, 64)
    return book


class Accounts:
    """A few accounts of a fresh book, by short name."""

    def __init__(self, book: tally.Book) -> None:
        create = book.accounts.create
        self.checking = create("Assets:Bank:Checking", "asset", "EUR", subtype="checking")
        self.savings = create("Assets:Bank:Savings", "asset", "EUR", subtype="savings")
        self.card = create("Liabilities:Card", "liability", "EUR", subtype="credit_card")
        self.groceries = create("Expenses:Food:Groceries", "expense", "EUR")
        self.dining = create("Expenses:Food:Dining", "expense", "EUR")
        self.salary = create("Income:Salary", "income", "EUR")


@pytest.fixture
def accounts(book: tally.Book) -> Accounts:
    return Accounts(book)
