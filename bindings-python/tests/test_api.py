"""The whole public API with the Rust facade's names and grouping, call by call."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import tally

DAY = date(2026, 10, 3)


def test_users(engine):
    sam = engine.users.create("sam@example.com", "Sam", "Rivera", "EUR", locale="en-GB", time_zone="Europe/London")
    assert (sam.email, sam.given_name, sam.family_name) == ("sam@example.com", "Sam", "Rivera")
    assert (sam.default_currency, sam.locale, sam.time_zone) == ("EUR", "en-GB", "Europe/London")
    assert engine.users.get(sam.id) == sam == engine.users.get(sam)
    assert engine.users.by_email(" sam@example.com ") == sam
    assert engine.users.by_email("nobody@example.com") is None
    assert engine.users.create("a@b.c", "A", "B", "USD").locale == "en"


def test_books_and_members(engine, owner):
    book = engine.create_book("Household", owner, "EUR")
    assert (book.info.name, book.info.owner_id, book.info.default_currency) == ("Household", owner.id, "EUR")
    assert book.id == book.info.id and book.actor == owner.id
    partner = engine.users.create("pat@example.com", "Pat", "Rivera", "EUR")
    book.add_member(partner)
    assert [(m.user_id, m.role) for m in book.members()] == [(owner.id, "owner"), (partner.id, "member")]
    shared = engine.open_book(book.id, partner)
    assert shared.actor == partner.id and shared.info == book.info
    assert engine.open_book(book.info, partner.id).id == book.id
    assert [b.id for b in engine.books_of(partner)] == [book.id]
    other = engine.create_book("Mine", partner, "USD")
    assert [b.name for b in engine.books_of(partner)] == ["Household", "Mine"]
    assert other.commodities.get("USD").scale == 2


def test_accounts(book):
    acc = book.accounts
    checking = acc.create(
        "Assets:Bank:Checking", "asset", "EUR", subtype="checking", institution="N26",
        color="#2a9d8f", icon="bank", opened_on=date(2026, 1, 1),
    )  # fmt: skip
    assert (checking.name, checking.path, checking.kind, checking.subtype) == (
        "Checking", "Assets:Bank:Checking", "asset", "checking"
    )  # fmt: skip
    assert (checking.institution, checking.color, checking.icon) == ("N26", "#2a9d8f", "bank")
    assert checking.opened_on == date(2026, 1, 1) and checking.include_in_net_worth
    bank = acc.by_path("Assets:Bank")
    assert checking.parent_id == bank.id and acc.get(bank.id) == bank
    assert [a.path for a in acc.list()] == ["Assets", "Assets:Bank", "Assets:Bank:Checking"]

    renamed = acc.update(bank, name="Banks", institution=None, archived=True)
    assert (renamed.path, renamed.institution, renamed.archived) == ("Assets:Banks", None, True)
    assert acc.get(checking).path == "Assets:Banks:Checking"
    assert acc.update(checking, color=None).color is None
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        acc.update(checking, colour="red")  # type: ignore[call-arg]
    closed = acc.close(checking, date(2026, 12, 31))
    assert closed.closed_on == date(2026, 12, 31)
    assert acc.update(checking, closed_on=None).closed_on is None


def test_balances_register_and_assertions(book, accounts):
    t = book.transactions
    t.income(date(2026, 10, 1), accounts.checking, accounts.salary, "3000", "Employer")
    t.expense(date(2026, 10, 2), accounts.checking, accounts.groceries, "54.30", "Market")
    t.transfer(date(2026, 10, 3), accounts.checking, accounts.savings, "500")
    balances = {b.path: b for b in book.accounts.balances()}
    assert balances["Assets:Bank:Checking"].total == Decimal("2445.70")
    assert balances["Assets:Bank"].own == Decimal("0.00")
    assert balances["Assets:Bank"].total == Decimal("2945.70")
    assert {b.path: b.total for b in book.accounts.balances(date(2026, 10, 1))}[
        "Assets:Bank:Checking"
    ] == Decimal("3000.00")

    register = book.accounts.register(accounts.checking, order="ascending")
    assert [r.amount for r in register] == [Decimal("3000.00"), Decimal("-54.30"), Decimal("-500.00")]
    assert [r.balance for r in register] == [Decimal("3000.00"), Decimal("2945.70"), Decimal("2445.70")]
    assert register[1].payee == "Market" and register[1].status == "cleared"
    bank = book.accounts.by_path("Assets:Bank")
    assert len(book.accounts.register(bank, include_descendants=True)) == 4
    assert len(book.accounts.register(bank)) == 0
    assert book.accounts.register(accounts.checking, limit=1, offset=1).offset == 1

    ok = book.accounts.add_assertion(accounts.checking, date(2026, 10, 3), "2445.70")
    wrong = book.accounts.add_assertion(bank, date(2026, 10, 3), Decimal("1"), commodity="EUR")
    assert (ok.commodity, ok.amount) == ("EUR", Decimal("2445.70"))
    assert [a.id for a in book.accounts.assertions()] == [ok.id, wrong.id]
    results = {r.assertion.id: r for r in book.accounts.check_assertions()}
    assert results[ok.id].passed and results[ok.id].difference == 0
    assert not results[wrong.id].passed and results[wrong.id].actual == Decimal("2945.70")
    book.accounts.delete_assertion(wrong)
    assert [a.id for a in book.accounts.assertions()] == [ok.id]


def test_transactions_lifecycle(book, accounts):
    t = book.transactions
    tx = t.expense(DAY, accounts.card, accounts.groceries, "20", "Market")
    assert [s.account_id for s in tx.splits] == [accounts.groceries.id, accounts.card.id]
    assert t.get(tx) == tx

    new = tally.NewTransaction.from_transaction(tx)
    new.narration = "weekly shop"
    new.tags = ["food"]
    edited = t.edit(tx, new)
    assert (edited.narration, edited.tags, edited.id) == ("weekly shop", ["food"], tx.id)

    reconciled = t.set_status(tx, "reconciled")
    assert reconciled.status == "reconciled"
    with pytest.raises(tally.ConflictError):
        t.edit(tx, new)
    assert t.edit(tx, new, allow_reconciled=True).status == "cleared"

    deleted = t.delete(tx)
    assert deleted.deleted and len(t.search()) == 0
    assert len(t.search(include_deleted=True)) == 1
    restored = t.restore(tx)
    assert not restored.deleted

    reversal = t.reverse(tx, date(2026, 10, 9))
    assert reversal.reversal_of == tx.id and reversal.date == date(2026, 10, 9)
    assert [s.amount for s in reversal.splits] == [-s.amount for s in tx.splits]
    assert t.reverse(t.expense(DAY, accounts.card, accounts.groceries, "1", "x")).date  # today


def test_add_batch_and_idempotent_external_ids(book, accounts):
    batch = [
        tally.NewTransaction.expense(DAY, accounts.checking, accounts.groceries, str(i), f"P{i}")
        for i in range(1, 6)
    ]
    for i, tx in enumerate(batch):
        tx.external_id = f"bank-{i}"
    ids = book.transactions.add_batch(batch)
    assert len(ids) == 5 and ids == sorted(ids)
    assert book.transactions.add_batch(batch) == ids  # a re-run adds nothing
    assert book.transactions.add(batch[0]).id == ids[0]
    assert book.transactions.add_batch([]) == []


def test_convenience_forms(book, accounts):
    t = book.transactions
    income = t.income(DAY, accounts.checking, accounts.salary, "100", "Employer")
    assert [(s.account_id, s.amount) for s in income.splits] == [
        (accounts.checking.id, Decimal("100.00")),
        (accounts.salary.id, Decimal("-100.00")),
    ]
    transfer = t.transfer(DAY, accounts.checking, accounts.savings, "40")
    assert {s.account_id: s.amount for s in transfer.splits} == {
        accounts.savings.id: Decimal("40.00"),
        accounts.checking.id: Decimal("-40.00"),
    }
    split = t.split_purchase(
        DAY, accounts.card, "MegaMart", [(accounts.groceries, "30.10"), (accounts.dining.id, Decimal("5"))]
    )
    assert [s.amount for s in split.splits] == [Decimal("30.10"), Decimal("5.00"), Decimal("-35.10")]
    assert split.payee == "MegaMart"
    built = tally.NewTransaction.split_purchase(DAY, accounts.card, "M", [(accounts.groceries, 1)])
    assert len(built.splits) == 2
    assert tally.NewTransaction.income(DAY, accounts.checking, accounts.salary, 1, "E").payee == "E"
    assert tally.NewTransaction.transfer(DAY, accounts.checking, accounts.savings, 1).payee is None


def test_search_filters(sample):
    t = sample.transactions
    everything = t.search(limit=10_000)
    assert everything.total == len(everything) == 64
    assert everything[0].date >= everything[-1].date  # newest first by default
    assert t.search(order="ascending", limit=1)[0].date == date(2026, 8, 1)
    october = t.search(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31), limit=500)
    assert all(date(2026, 10, 1) <= tx.date <= date(2026, 10, 31) for tx in october)
    food = sample.accounts.by_path("Expenses:Food")
    in_food = t.search(accounts=[food], limit=500)
    descendants = {a.id for a in sample.accounts.list() if a.path.startswith("Expenses:Food")}
    assert in_food.total > 0
    assert all(any(s.account_id in descendants for s in tx.splits) for tx in in_food)
    assert t.search(text="MEGAMART").total == 3
    big = t.search(amount_min="1000", limit=500)
    assert all(any(abs(s.amount) >= 1000 for s in tx.splits) for tx in big)
    small = t.search(amount_min=1, amount_max=Decimal("20"), limit=500)
    assert small.total > 0
    assert all(any(1 <= abs(s.amount) <= 20 for s in tx.splits) for tx in small)
    assert t.search(sources=["import"], limit=500).total == 64
    assert t.search(sources=["manual"]).total == 0
    assert t.search(statuses=["void"]).total == 0
    assert t.search(tags=["none"]).total == 0
    with pytest.raises(tally.ValidationError) as err:
        t.search(amount_min="10", amount_max="1")
    assert err.value.field == "amount_min"
    with pytest.raises(tally.ValidationError) as err:
        t.search(limit=10_001)
    assert err.value.field == "limit"


def test_commodities(book):
    btc = book.commodities.define("BTC", "Bitcoin", 8, "crypto")
    assert (btc.code, btc.name, btc.scale, btc.kind, btc.builtin) == ("BTC", "Bitcoin", 8, "crypto", False)
    assert list(book.commodities.list()) == [btc]
    assert book.commodities.get("BTC") == btc
    jpy = book.commodities.get("JPY")
    assert (jpy.scale, jpy.builtin) == (0, True)


def test_reports(sample):
    spending = {c.path: c for c in sample.reports.spending_by_category(date(2026, 10, 1), date(2026, 10, 31))}
    assert spending["Expenses"].depth == 0 and spending["Expenses:Food:Groceries"].depth == 2
    assert spending["Expenses:Housing"].total == Decimal("1254.30")
    income = {c.path: c.total for c in sample.reports.income_by_category(date(2026, 8, 1), date(2026, 10, 31))}
    assert income["Income"] == Decimal("9621.25")


def test_audit_log(book, accounts):
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, "3", "Shop")
    book.transactions.delete(tx)
    log = book.audit_log()
    assert log.total == len(log) >= 3
    latest = log[0]
    assert (latest.action, latest.entity, latest.entity_id) == ("delete", "transaction", tx.id)
    assert latest.book_id == book.id and latest.actor == book.actor
    assert latest.before["payee"] == "Shop" and latest.after["deleted"] is True
    assert latest.before["splits"][0]["amount"] == "3.00"  # amounts stay exact strings
    oldest = book.audit_log(order="ascending", limit=1)[0]
    assert (oldest.action, oldest.entity) == ("create", "book")
    assert book.audit_log(offset=1, limit=1)[0] == log[1]
