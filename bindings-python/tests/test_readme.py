"""The README's examples of the planning, categorizing and portfolio sections run as written."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def example(title: str) -> dict[str, object]:
    readme = (ROOT / "bindings-python" / "README.md").read_text()
    section = readme.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.S)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("title", ["Budgets, goals and alerts", "Categorizing", "Portfolios"])
def test_the_readme_example_runs(title):
    example(title)


def test_the_portfolio_example_gives_the_figures_it_shows():
    ns = example("Portfolios")
    sale, holdings = ns["sale"], ns["holdings"]
    assert [(g.quantity, g.gain, g.long_term) for g in sale.gains] == [  # type: ignore[attr-defined]
        (Decimal(10), Decimal("599.00"), True),
        (Decimal(5), Decimal("50.00"), False),
    ]
    assert (holdings.total_value, holdings.total_unrealized_gain) == (  # type: ignore[attr-defined]
        Decimal("1300.00"),
        Decimal("50.00"),
    )


def test_the_categorizing_example_gives_what_it_shows():
    ns = example("Categorizing")
    assert [item.transaction.payee for item in ns["queue"].items] == ["SQ *BLUE BOTTLE"]  # type: ignore[attr-defined]
    fixed = ns["fixed"]
    assert (fixed.decision.decided_by, fixed.proposal) == ("manual", None)  # type: ignore[attr-defined]
