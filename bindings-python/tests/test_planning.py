"""Budgets, goals and alerts through the binding: records and enums both ways, a monthly budget
with rollover and status, a goal's progress, and alerts delivered once to the subscriber."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest

import tally

SEP, OCT = date(2026, 9, 1), date(2026, 10, 1)


def test_a_monthly_budget_with_rollover_and_status(book, accounts):
    budgets = book.budgets
    b = budgets.create(
        "Household",
        "monthly",
        SEP,
        "EUR",
        categories=[
            accounts.groceries,
            {"account_id": accounts.dining.id, "rollover": "return_to_pool", "overspend": "carry"},
        ],
    )
    assert (b.period, b.mode, b.thresholds) == ({"kind": "monthly"}, "period", [80, 100])
    assert b.categories[1] == {
        "account_id": accounts.dining.id,
        "rollover": "return_to_pool",
        "overspend": "carry",
        "template": None,
    }
    stored = budgets.set_allocations(
        b,
        [(SEP, accounts.groceries, Decimal("300")), (OCT, accounts.groceries, "300"), (SEP, accounts.dining, 100)],
    )
    assert [a.period_start for a in stored] == [SEP, OCT, SEP]
    assert budgets.set_allocation(b, date(2026, 10, 20), accounts.dining, "100.00").period_start == OCT
    t = book.transactions
    t.expense(date(2026, 9, 5), accounts.checking, accounts.groceries, "250", "Market")
    t.expense(date(2026, 9, 6), accounts.checking, accounts.dining, "30", "Bistro")
    t.expense(date(2026, 10, 3), accounts.checking, accounts.groceries, "120.50", "Market")

    status = budgets.status(b, date(2026, 10, 15))
    assert (status.period_start, status.period_end, status.as_of) == (OCT, date(2026, 10, 31), date(2026, 10, 15))
    lines = {c.path: c for c in status.categories}
    groceries = lines["Expenses:Food:Groceries"]
    assert (groceries.allocated, groceries.rolled_in, groceries.spent, groceries.available) == (
        Decimal("300"), Decimal("50"), Decimal("120.50"), Decimal("229.50"),
    )
    assert isinstance(groceries.percent_used, Decimal)
    dining = lines["Expenses:Food:Dining"]
    assert dining.rolled_in == 0  # the surplus went back to the pool
    assert status.totals.spent == Decimal("120.50") and status.pool is None
    assert status.to_dict()["totals"]["allocated"] == Decimal("400")

    moved = budgets.move_money(b, OCT, accounts.groceries, accounts.dining, "25")
    assert {a.account_id: a.amount for a in moved} == {
        accounts.groceries.id: Decimal("275"), accounts.dining.id: Decimal("125"),
    }
    assert len(budgets.allocations(b, date(2026, 10, 31))) == 2
    renamed = budgets.update(b, name="Home", thresholds=[50, 90])
    assert (renamed.name, renamed.thresholds, len(renamed.categories)) == ("Home", [50, 90], 2)
    assert [x.id for x in budgets.list()] == [b.id]
    budgets.delete(b)
    assert budgets.list() == []


def test_envelopes_assign_and_templates(book, accounts):
    b = book.budgets.create(
        "Envelopes",
        {"kind": "monthly"},
        OCT,
        "EUR",
        mode="envelope",
        categories=[
            {
                "account_id": accounts.groceries.id,
                "rollover": "roll",
                "overspend": "carry",
                "template": {"priority": 1, "rule": {"kind": "fixed_amount", "amount": "150"}},
            }
        ],
    )
    book.transactions.income(date(2026, 10, 1), accounts.checking, accounts.salary, "1000", "ACME")
    report = book.budgets.apply_templates(b, OCT)
    assert [(f.rule, f.wanted, f.filled) for f in report.fills] == [
        ("fixed_amount", Decimal("150"), Decimal("150")),
    ]
    assert report.pool_before is not None and report.pool_after == report.pool_before - 150
    book.budgets.assign(b, OCT, accounts.groceries, "50")
    status = book.budgets.status(b, date(2026, 10, 2))
    assert status.pool is not None and status.pool.income == Decimal("1000")
    assert status.categories[0].allocated == Decimal("200")


def test_budget_inputs_are_checked(book, accounts):
    with pytest.raises(TypeError, match="float"):
        book.budgets.create("F", "monthly", OCT, "EUR", categories=[
            {"account_id": accounts.groceries.id, "rollover": "roll", "overspend": "carry",
             "template": {"priority": 1, "rule": {"kind": "fixed_amount", "amount": 1.5}}},
        ])
    with pytest.raises(tally.ValidationError) as err:
        book.budgets.create("F", "fortnightly", OCT, "EUR")
    assert (err.value.code, err.value.field) == ("invalid_field", "period")
    with pytest.raises(tally.ValidationError) as err:
        book.budgets.create("F", "monthly", OCT, "EUR", mode="zero_based")
    assert (err.value.code, err.value.field) == ("invalid_field", "mode")
    b = book.budgets.create("F", "monthly", OCT, "EUR", categories=[accounts.groceries])
    with pytest.raises(TypeError):
        book.budgets.set_allocation(b, OCT, accounts.groceries, 1.5)


def test_a_goal_and_its_progress(book, accounts):
    today = date.today()
    book.transactions.transfer(today, accounts.checking, accounts.savings, "200")
    goals = book.goals
    g = goals.create(
        "Holiday",
        {"kind": "save_toward", "accounts": [accounts.savings.id]},
        Decimal("1000"),
        "EUR",
        deadline=today + timedelta(days=365),
    )
    assert (g.kind, g.status, g.baseline, g.pace_months) == (
        {"kind": "save_toward", "accounts": [accounts.savings.id]}, "active", Decimal("200"), 3,
    )
    c = goals.contribute(g, today, "300", note="bonus")
    assert (c.amount, c.note, c.goal_id) == (Decimal("300"), "bonus", g.id)
    assert goals.contributions(g) == [c]
    p = goals.progress(g)
    # The savings balance (200) plus the contribution.
    assert (p.current, p.target, p.remaining, p.percent) == (
        Decimal("500"), Decimal("1000"), Decimal("500"), Decimal("50"),
    )
    assert p.state in {"on_track", "behind", "ahead"} and isinstance(p.required_monthly, Decimal)
    g = goals.update(g, name="Trip", deadline=None, target="1200")
    assert (g.name, g.deadline, g.target) == ("Trip", None, Decimal("1200"))
    assert goals.archive(g).status == "archived"
    assert goals.unarchive(g).status == "active"
    assert [x.id for x in goals.list()] == [g.id]
    cap = goals.create(
        "Eating", {"kind": "cap_spending", "categories": [accounts.dining.id], "period": {"kind": "monthly"}},
        "300", "EUR",
    )
    assert cap.kind["period"] == {"kind": "monthly"}
    with pytest.raises(TypeError):
        goals.update(g, colour="red")


def test_a_budget_threshold_delivers_one_alert_after_commit(book, accounts):
    today = date.today()
    start = today.replace(day=1)
    b = book.budgets.create("Food", "monthly", start, "EUR", categories=[accounts.groceries])
    book.budgets.set_allocation(b, start, accounts.groceries, "100")
    seen: list[tuple[dict, int]] = []

    def callback(event: dict) -> None:
        # After commit: the write that raised the alert is already visible.
        seen.append((event, len(book.transactions.search())))

    book.subscribe(callback)
    book.transactions.expense(start, accounts.checking, accounts.groceries, "50", "Market")
    assert [e["kind"] for e, _ in seen] == ["transactions_added"]  # 50%: under 80
    tx = book.transactions.expense(start, accounts.checking, accounts.groceries, "35", "Market")
    alerts = [(e, n) for e, n in seen if e["kind"] == "alert_raised"]
    assert len(alerts) == 1
    event, visible = alerts[0]
    assert visible == 2 and event["book_id"] == book.id
    alert = event["alert"]
    assert isinstance(alert, tally.Alert)
    assert (alert.kind, alert.amount, alert.commodity) == ("budget_threshold", Decimal("85.00"), "EUR")
    assert alert.entities.budget_id == b.id and alert.entities.account_ids == [accounts.groceries.id]
    # Crossing the same threshold again raises nothing new.
    book.transactions.expense(start, accounts.checking, accounts.groceries, "1", "Market")
    assert sum(e["kind"] == "alert_raised" for e, _ in seen) == 1
    assert book.alerts.list() == [alert]
    assert book.alerts.evaluate() == []
    book.alerts.mark_read([alert])
    assert book.alerts.list(unread_only=True) == []
    assert seen[-1][0] == {"kind": "alerts_updated", "book_id": book.id, "ids": [alert.id]}
    book.alerts.dismiss([alert.id])
    assert book.alerts.list() == [] and len(book.alerts.list(include_dismissed=True)) == 1
    assert book.alerts.list(kinds=["low_balance"], include_dismissed=True) == []
    assert tx.id


def test_a_failing_callback_does_not_roll_the_alerting_write_back(book, accounts, monkeypatch):
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    start = date.today().replace(day=1)
    b = book.budgets.create("Food", "monthly", start, "EUR", categories=[accounts.groceries])
    book.budgets.set_allocation(b, start, accounts.groceries, "10")
    raised: list[dict] = []

    def broken(event: dict) -> None:
        if event["kind"] == "alert_raised":
            raised.append(event)
            raise RuntimeError("host bug")

    book.subscribe(broken)
    tx = book.transactions.expense(start, accounts.checking, accounts.groceries, "20", "Market")
    assert len(unraisable) == 1 and len(raised) == 1  # 200%: one alert, the highest threshold
    assert book.transactions.get(tx).id == tx.id  # the write stands
    assert [a.id for a in book.alerts.list()] == [raised[0]["alert"].id]


def test_alert_settings_both_ways(book, accounts):
    alerts = book.alerts
    s = alerts.settings()
    assert (s.auto_evaluate, s.disabled, s.large_transaction) == (True, [], None)
    d = s.to_dict()
    d.update(large_transaction=Decimal("1000"), large_currency="EUR", disabled=["unusual_transaction"],
             low_balances=[{"account_id": accounts.checking.id, "below": Decimal("100")}])
    changed = alerts.set_settings(d)
    assert changed.large_transaction == Decimal("1000") and changed.disabled == ["unusual_transaction"]
    assert changed.low_balances == [{"account_id": accounts.checking.id, "below": "100"}]
    assert alerts.set_settings(changed) == changed == alerts.settings()
    d["unusual_score"] = 3.5
    with pytest.raises(TypeError, match="float"):
        alerts.set_settings(d)
    book.transactions.expense(date.today(), accounts.checking, accounts.groceries, "1500", "TV")
    kinds = {a.kind for a in alerts.list()}
    assert {"large_transaction", "low_balance"} <= kinds
