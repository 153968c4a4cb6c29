"""Types at the boundary, both ways: Decimal amounts (floats refused), civil dates, UTC
timestamps, enums as their names, ids or records as arguments, records with attributes,
equality, repr and to_dict."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

import tally

DAY = date(2026, 10, 3)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (Decimal("12.50"), Decimal("12.50")),
        (Decimal("12.5"), Decimal("12.50")),
        ("12.5", Decimal("12.50")),
        (" 7.10 ", Decimal("7.10")),
        (12, Decimal("12.00")),
        (Decimal("1E+1"), Decimal("10.00")),
    ],
)
def test_amounts_in_are_exact_and_come_back_as_decimal(book, accounts, given, stored):
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, given, "Shop")
    amounts = [s.amount for s in tx.splits]
    assert amounts == [stored, -stored]
    assert all(type(a) is Decimal for a in amounts)
    assert str(amounts[0]) == str(stored)  # the commodity's scale, not just the value


@pytest.mark.parametrize("bad", [12.5, 0.1, True, None, [1], b"12"])
def test_a_float_or_other_non_decimal_amount_is_a_type_error(book, accounts, bad):
    with pytest.raises(TypeError) as err:
        book.transactions.expense(DAY, accounts.checking, accounts.groceries, bad, "Shop")
    assert "decimal.Decimal, str or int" in str(err.value)
    if isinstance(bad, float):
        assert "Decimal('12.34')" in str(err.value)
    with pytest.raises(TypeError):
        tally.NewSplit(accounts.checking, bad)


@pytest.mark.parametrize("bad", ["12,50", "1e5", "", "NaN", Decimal("NaN"), Decimal("Infinity")])
def test_text_that_is_not_an_amount_is_a_validation_error(accounts, bad):
    with pytest.raises(tally.ValidationError) as err:
        tally.NewSplit(accounts.checking, bad)
    assert err.value.code == "invalid_amount"
    assert err.value.field == "amount"


def test_more_decimals_than_the_commodity_allows_is_refused_not_rounded(book, accounts):
    with pytest.raises(tally.ValidationError) as err:
        book.transactions.expense(DAY, accounts.checking, accounts.groceries, "1.005", "Shop")
    assert err.value.code == "too_many_decimals"
    assert err.value.field == "splits[0].amount"
    assert "1.005 has 3 decimals but EUR allows 2" in str(err.value)


def test_dates_are_civil_dates_both_ways(book, accounts):
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, "1", "Shop")
    assert tx.date == DAY and type(tx.date) is date
    with pytest.raises(TypeError, match="datetime.date"):
        book.transactions.expense(
            datetime(2026, 10, 3, 23, 30, tzinfo=timezone.utc),
            accounts.checking,
            accounts.groceries,
            "1",
            "Shop",
        )
    with pytest.raises(TypeError, match="datetime.date"):
        book.accounts.balances("2026-10-03")


def test_timestamps_are_timezone_aware_utc(book, owner, accounts):
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, "1", "Shop")
    for stamp in (tx.created_at, tx.updated_at, owner.created_at, book.info.created_at):
        assert isinstance(stamp, datetime)
        assert stamp.tzinfo is not None and stamp.utcoffset().total_seconds() == 0
    assert book.audit_log()[0].at.tzinfo is not None


def test_enums_are_their_snake_case_names(book, accounts):
    assert accounts.card.kind == "liability" and accounts.card.subtype == "credit_card"
    tx = book.transactions.add(
        tally.NewTransaction(
            DAY,
            [tally.NewSplit(accounts.groceries, "3"), tally.NewSplit(accounts.checking, "-3")],
            status="pending",
            source="import",
        )
    )
    assert (tx.status, tx.source) == ("pending", "import")
    assert book.members()[0].role == "owner"
    assert book.commodities.get("JPY").kind == "currency"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda b: b.accounts.create("Assets:X", "assets", "EUR"), "kind"),
        (lambda b: b.accounts.create("Assets:X", "asset", "EUR", subtype="chequing"), "subtype"),
        (lambda b: b.audit_log(order="newest"), "order"),
        (lambda b: b.commodities.define("GOLD", "Gold", 3, "metal"), "kind"),
        (lambda b: b.transactions.search(statuses=["done"]), "status"),
    ],
)
def test_an_unknown_enum_name_is_a_validation_error_naming_the_field(book, call, field):
    with pytest.raises(tally.ValidationError) as err:
        call(book)
    assert err.value.code == "invalid_field"
    assert err.value.field == field


def test_ids_are_ints_or_the_records_that_carry_them(book, accounts):
    by_record = book.transactions.expense(DAY, accounts.checking, accounts.groceries, 1, "A")
    by_id = book.transactions.expense(DAY, accounts.checking.id, accounts.groceries.id, 1, "A")
    assert [s.account_id for s in by_record.splits] == [s.account_id for s in by_id.splits]
    assert book.transactions.get(by_record) == book.transactions.get(by_record.id)
    with pytest.raises(TypeError, match=r"an id \(int\) or a tally.Account record, not str"):
        book.accounts.get("Assets:Bank:Checking")
    with pytest.raises(TypeError):
        book.accounts.get(True)


def test_records_have_attributes_equality_repr_and_to_dict(book, accounts):
    tx = book.transactions.add(
        tally.NewTransaction(
            DAY,
            [
                tally.NewSplit(accounts.groceries, "10.00", memo="food"),
                tally.NewSplit(accounts.checking, "-10.00"),
            ],
            payee="Market",
            tags=["weekly", "food"],
            external_id="bank-1",
        )
    )
    assert tx == book.transactions.get(tx.id)
    assert tx != book.transactions.expense(DAY, accounts.checking, accounts.groceries, 1, "B")
    assert tx != "not a transaction"
    assert tx.tags == ["food", "weekly"]
    text = repr(tx)
    assert text.startswith("Transaction(id=") and "payee='Market'" in text
    assert "Split(id=" in text and "Decimal('10.00')" in text
    d = tx.to_dict()
    assert d["payee"] == "Market" and d["external_id"] == "bank-1"
    assert d["splits"][0] == {
        "id": tx.splits[0].id,
        "account_id": accounts.groceries.id,
        "amount": Decimal("10.00"),
        "commodity": "EUR",
        "price": None,
        "cost": None,
        "memo": "food",
    }
    assert set(accounts.checking.to_dict()) == {
        "id", "parent_id", "name", "path", "kind", "subtype", "currency", "institution",
        "color", "icon", "opened_on", "closed_on", "archived", "include_in_net_worth",
        "created_at",
    }  # fmt: skip
    with pytest.raises(AttributeError):
        tx.payee = "changed"  # type: ignore[misc]


def test_input_records_are_mutable_and_check_what_they_are_given(accounts):
    new = tally.NewTransaction.expense(DAY, accounts.checking, accounts.groceries, "5", "Shop")
    new.tags = ["x"]
    new.status = "reconciled"
    new.posted_date = date(2026, 10, 4)
    assert (new.tags, new.status, new.posted_date) == (["x"], "reconciled", date(2026, 10, 4))
    with pytest.raises(tally.ValidationError):
        new.status = "finished"  # type: ignore[assignment]
    split = new.splits[0]
    split.amount = "6"
    assert new.splits[0].amount == Decimal("5")  # splits are copies
    new.splits = [split, tally.NewSplit(accounts.checking, Decimal("-6"))]
    assert [s.amount for s in new.splits] == [Decimal("6"), Decimal("-6")]
    with pytest.raises(TypeError):
        split.amount = 6.0  # type: ignore[assignment]
    assert new.to_dict()["splits"][0]["amount"] == Decimal("6")
    assert repr(new).startswith("NewTransaction(date=datetime.date(2026, 10, 3), payee='Shop'")


def test_a_stored_transaction_gives_back_its_content_to_edit(book, accounts):
    tx = book.transactions.expense(DAY, accounts.checking, accounts.groceries, "5", "Shop")
    new = tally.NewTransaction.from_transaction(tx)
    assert new.payee == "Shop" and [s.amount for s in new.splits] == [Decimal("5.00"), Decimal("-5.00")]
    assert new == tally.NewTransaction.from_transaction(book.transactions.get(tx.id))
    new.payee = "Corner shop"
    assert book.transactions.edit(tx, new).payee == "Corner shop"


def test_unit_prices_carry_exact_amounts(book, accounts):
    book.commodities.define("VWCE", "FTSE All-World", 4, "security")
    broker = book.accounts.create("Assets:Broker", "asset", "EUR", subtype="investment")
    tx = book.transactions.add(
        tally.NewTransaction(
            DAY,
            [
                tally.NewSplit(broker, "2.5", commodity="VWCE", cost=tally.UnitPrice("101.124", "EUR")),
                tally.NewSplit(accounts.checking, "-252.81"),
            ],
        )
    )
    assert tx.splits[0].cost == tally.UnitPrice(Decimal("101.124"), "EUR")
    assert tx.splits[0].amount == Decimal("2.5000")
    assert repr(tx.splits[0].cost) == "UnitPrice(amount=Decimal('101.124'), commodity='EUR')"


def test_numpy_integers_work_as_ids_and_amounts_but_numpy_floats_do_not(book, accounts):
    np = pytest.importorskip("numpy")
    tx = book.transactions.expense(
        DAY, np.int64(accounts.checking.id), np.int32(accounts.groceries.id), np.int64(7), "Shop"
    )
    assert tx.splits[0].amount == Decimal("7.00")
    assert book.accounts.get(np.int64(accounts.checking.id)) == accounts.checking
    with pytest.raises(TypeError, match="not float64"):
        tally.NewSplit(accounts.checking, np.float64(7))
