"""A notebook-style walk-through: import a real bank export, then chart monthly spending.

It reads a credit-card export from the reckon project's fixtures in ``../shared/data`` (an
Auckland card statement in NZD where purchases are positive and payments negative), files each
line under a category with a few keyword rules, adds everything as one batch, and then works
from DataFrames: the transactions as pandas with exact decimal amounts, spending per month and
category, and a stacked bar chart written to a PNG with matplotlib.

The CSV is parsed here because Tally's own importers arrive later; the cells below are what an
analyst would run in Jupyter. Run it with
``python examples/python/monthly_spending.py [chart.png]``.
"""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import tally  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
EXPORT = (
    ROOT.parent
    / "shared/data/reckon/spec/integration/inversed_credit_card/input.csv"
)

# %% Keyword rules: the first rule whose word is in the description names the category.
RULES = [
    ("VODAFONE", "Expenses:Phone & Internet"),
    ("PARKING", "Expenses:Transport:Parking"),
    ("TOURNAMENT", "Expenses:Transport:Parking"),
    ("TRANSPORT", "Expenses:Transport:Public"),
    ("Z BEACH", "Expenses:Transport:Fuel"),
    ("ITUNES", "Expenses:Entertainment"),
]
UNCATEGORIZED = "Expenses:Uncategorized"


def category_of(description: str) -> str:
    """The category of a card line by the first matching keyword rule."""
    return next((c for word, c in RULES if word in description.upper()), UNCATEGORIZED)


def build_book(engine: tally.Engine) -> tally.Book:
    """A book with the card account, a checking account that pays it, and the categories."""
    user = engine.users.create("ana@example.com", "Ana", "Ngata", "NZD", locale="en-NZ")
    book = engine.create_book("Ana's money", user, "NZD")
    book.accounts.create("Liabilities:Visa", "liability", "NZD", subtype="credit_card")
    book.accounts.create("Assets:Checking", "asset", "NZD", subtype="checking")
    book.accounts.create("Equity:Opening Balances", "equity", "NZD")
    for category in {c for _, c in RULES} | {UNCATEGORIZED}:
        book.accounts.create(category, "expense", "NZD")
    return book


def import_card_export(book: tally.Book, export: Path) -> int:
    """Adds every line of the card export as one batch; returns how many were added."""
    card = book.accounts.by_path("Liabilities:Visa")
    checking = book.accounts.by_path("Assets:Checking")
    opening = book.accounts.by_path("Equity:Opening Balances")
    batch = [
        tally.NewTransaction(
            date(2013, 1, 1),
            [tally.NewSplit(checking, "1000.00"), tally.NewSplit(opening, "-1000.00")],
            payee="Opening balance",
        )
    ]
    with export.open(newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.reader(f), start=1):
            # The first column is the day the bank processed the line, the second the purchase.
            posted, booked, reference, _kind, _card, description, amount = row
            day = datetime.strptime(booked, "%Y/%m/%d").date()
            payee = " ".join(description.split())
            spent = Decimal(amount)  # exact: never through a float
            if spent > 0:
                category = book.accounts.by_path(category_of(payee))
                tx = tally.NewTransaction.expense(day, card, category, spent, payee)
            else:
                tx = tally.NewTransaction.transfer(day, checking, card, -spent)
                tx.payee = payee
            tx.posted_date = datetime.strptime(posted, "%Y/%m/%d").date()
            tx.source = "import"
            tx.external_id = f"{export.name}:{line}:{reference}"
            batch.append(tx)
    return len(book.transactions.add_batch(batch))


def monthly_spending(book: tally.Book) -> pd.DataFrame:
    """Spending per month (rows) and category (columns), exact decimals, from the splits."""
    splits = book.transactions.search(limit=10_000).to_pandas()
    categories = book.accounts.list().to_pandas()[["id", "path", "kind"]]
    spending = splits.merge(categories, left_on="account_id", right_on="id")
    spending = spending[spending["kind"] == "expense"]
    spending["month"] = spending["date"].astype("datetime64[s]").dt.to_period("M")
    spending["category"] = spending["path"].str.removeprefix("Expenses:")
    return spending.pivot_table(
        index="month", columns="category", values="amount", aggfunc="sum", fill_value=0
    )


def plot(table: pd.DataFrame, out: Path) -> None:
    """A stacked bar chart of spending per month, written to ``out``."""
    # Floats only for drawing: the figures above stay exact decimals.
    ax = table.astype("float64").plot(kind="bar", stacked=True, figsize=(8, 5))
    ax.set_title("Monthly card spending by category (NZD)")
    ax.set_xlabel("month")
    ax.set_ylabel("NZD")
    ax.legend(title="category", fontsize="small")
    plt.tight_layout()
    plt.savefig(out, dpi=100)
    plt.close()


def main(out: Path) -> None:
    with tally.Engine.in_memory() as engine:
        book = build_book(engine)
        added = import_card_export(book, EXPORT)
        print(f"Imported {added} transactions from {EXPORT.name}")
        table = monthly_spending(book)
        totals = table.sum(axis=1)
        for month, total in totals.items():
            print(f"  {month}: {total:>8} NZD")
        january = book.reports.spending_by_category(date(2013, 1, 1), date(2013, 1, 31))
        expenses = next(c for c in january if c.path == "Expenses")
        print(f"Report check, January 2013: {expenses.total} {expenses.commodity}")
        plot(table, out)
        print(f"Chart written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "monthly_spending.png")
