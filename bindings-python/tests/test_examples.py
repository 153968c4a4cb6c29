"""The end-to-end scenario of every language (examples/tests/quickstart.rs, figure for figure)
and the Python examples, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import tally
from sample import load_sample

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "python"


def test_sample_book_figures(engine):
    """The same checks as examples/tests/quickstart.rs."""
    user = engine.users.create("sam@example.com", "Sam", "Rivera", "EUR")
    book = engine.create_book("Household", user, "EUR")
    assert load_sample(book) == (14, 64)

    with pytest.raises(tally.ConflictError) as again:
        load_sample(book)
    assert again.value.code == "duplicate_account_name"

    balances = book.accounts.balances(date(2026, 10, 31))
    total = {b.path: b.total for b in balances}
    assert total["Assets:Bank:Checking"] == Decimal("5028.41")
    assert total["Assets:Bank:Savings"] == Decimal("9521.25")
    assert total["Assets:Cash"] == Decimal("181.05")
    assert total["Assets"] == Decimal("14730.71")
    assert total["Liabilities:Credit Card"] == Decimal("0.00")
    assert total["Expenses"] == Decimal("5460.54")
    assert total["Income"] == Decimal("-9621.25")

    october = book.reports.spending_by_category(date(2026, 10, 1), date(2026, 10, 31))
    spent = {c.path: c.total for c in october}
    assert spent["Expenses"] == Decimal("1839.25")
    assert spent["Expenses:Food"] == Decimal("492.45")
    assert spent["Expenses:Food:Groceries"] == Decimal("396.65")
    assert spent["Expenses:Household"] == Decimal("19.50")
    assert spent["Expenses:Housing"] == Decimal("1254.30")

    megamart = book.transactions.search(text="megamart")
    assert megamart.total == 3
    assert all(len(t.splits) == 3 for t in megamart)

    # The same figures through a DataFrame.
    frame = balances.to_pandas().set_index("path")
    assert frame.loc["Assets", "total"] == Decimal("14730.71")


# What the Rust quickstart prints after its first line (which names the file).
QUICKSTART = """\
Loaded 14 accounts and 64 transactions from examples/data, plus 1 added by hand.

Balances on 2026-10-31:
  Assets                                 14718.21 EUR
    Bank                                 14549.66 EUR
      Checking                            5028.41 EUR
      Savings                             9521.25 EUR
    Cash                                   168.55 EUR
  Equity                                -10570.00 EUR
    Opening Balances                    -10570.00 EUR
  Expenses                                5473.04 EUR
    Entertainment                           72.00 EUR
    Food                                  1437.50 EUR
      Dining Out                           269.40 EUR
      Groceries                           1168.10 EUR
    Household                               82.29 EUR
    Housing                               3734.25 EUR
      Rent                                3450.00 EUR
      Utilities                            284.25 EUR
    Transport                              147.00 EUR
  Income                                 -9621.25 EUR
    Interest                               -21.25 EUR
    Salary                               -9600.00 EUR
  Liabilities                                0.00 EUR
    Credit Card                              0.00 EUR

Spending by category, October 2026:
  Expenses                                1851.75 EUR
    Entertainment                           24.00 EUR
    Food                                   504.95 EUR
      Dining Out                            95.80 EUR
      Groceries                            409.15 EUR
    Household                               19.50 EUR
    Housing                               1254.30 EUR
      Rent                                1150.00 EUR
      Utilities                            104.30 EUR
    Transport                               49.00 EUR

Last 3 rows of the checking register:
  2026-10-28  Credit card payment       -456.30    5028.41
  2026-10-25  Transfer to savings       -500.00    5484.71
  2026-10-12  Metro Transit              -49.00    5984.71

Balance assertion 5028.41 EUR on 2026-10-31: holds (actual 5028.41)
"""


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quickstart_prints_the_rust_quickstart_figures(tmp_path):
    book = tmp_path / "quickstart.sqlite"
    out = run("quickstart.py", str(book))
    first, rest = out.split("\n", 1)
    assert first == f'Tally quickstart: book "Household" in {book}'
    assert rest == QUICKSTART
    assert run("quickstart.py", str(book)).split("\n", 1)[1] == QUICKSTART  # reruns from scratch


def test_monthly_spending_notebook_plots_a_png(tmp_path):
    chart = tmp_path / "spending.png"
    out = run("monthly_spending.py", str(chart))
    assert "Imported 17 transactions from input.csv" in out
    assert "  2013-01:   195.35 NZD" in out
    assert "  2013-02:   175.39 NZD" in out
    assert "Report check, January 2013: 195.35 NZD" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.stat().st_size > 10_000
