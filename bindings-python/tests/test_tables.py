"""Every list query returns a Table: a sequence of records that converts to pyarrow, pandas
and polars through the Arrow C stream interface, with decimal128 amounts at the commodity's
scale and date32 dates."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import tally

OCT = (date(2026, 10, 1), date(2026, 10, 31))


def all_tables(book: tally.Book, engine: tally.Engine) -> dict[str, tally.Table]:
    """One table of every kind from the sample book."""
    checking = book.accounts.by_path("Assets:Bank:Checking")
    book.accounts.add_assertion(checking, date(2026, 10, 31), "5028.41")
    return {
        "books": engine.books_of(book.info.owner_id),
        "members": book.members(),
        "accounts": book.accounts.list(),
        "commodities": book.commodities.list(),
        "transactions": book.transactions.search(limit=500),
        "balances": book.accounts.balances(),
        "categories": book.reports.spending_by_category(*OCT),
        "register": book.accounts.register(checking, limit=500),
        "assertions": book.accounts.assertions(),
        "assertion_results": book.accounts.check_assertions(),
        "audit": book.audit_log(),
    }


def test_every_kind_of_table_converts_to_each_library(sample, engine):
    for kind, table in all_tables(sample, engine).items():
        assert table.kind == kind
        arrow = table.to_arrow()
        frame = table.to_pandas()
        polars = table.to_polars()
        rows = sum(len(t.splits) for t in table) if kind == "transactions" else len(table)
        assert arrow.num_rows == len(frame) == polars.height == rows, kind
        assert list(frame.columns) == arrow.column_names == polars.columns
        assert pa.table(table).equals(arrow)  # any Arrow consumer reads __arrow_c_stream__


def test_record_fields_are_the_columns(sample, engine):
    tables = all_tables(sample, engine)
    for kind in ("accounts", "balances", "categories", "register", "assertions", "audit"):
        table = tables[kind]
        assert list(table[0].to_dict()) == table.to_arrow().column_names, kind


def test_transaction_tables_have_one_row_per_split(sample):
    table = sample.transactions.search(text="megamart")
    assert table.total == 3 and len(table) == 3
    frame = table.to_pandas()
    assert len(frame) == 9
    first = table[0]
    rows = frame[frame["transaction_id"] == first.id]
    assert list(rows["split_id"]) == [s.id for s in first.splits]
    assert list(rows["amount"]) == [s.amount for s in first.splits]
    assert set(rows["payee"]) == {first.payee}


def test_arrow_types(sample):
    schema = sample.transactions.search(limit=500).to_arrow().schema
    assert schema.field("amount").type == pa.decimal128(38, 2)
    assert schema.field("date").type == pa.date32()
    assert schema.field("posted_date").type == pa.date32()
    assert schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("transaction_id").type == pa.int64()
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("status").type == pa.string()
    assert not schema.field("amount").nullable and schema.field("memo").nullable
    audit = sample.audit_log().to_arrow().schema
    assert audit.field("at").type == pa.timestamp("us", tz="UTC")
    assert audit.field("after").type == pa.string()


def test_pandas_dtypes_and_values(sample):
    frame = sample.reports.spending_by_category(*OCT).to_pandas()
    assert str(frame["total"].dtype) == "decimal128(38, 2)[pyarrow]"
    assert str(frame["depth"].dtype) == "uint32[pyarrow]"
    totals = dict(zip(frame["path"], frame["total"]))
    assert totals["Expenses"] == Decimal("1839.25")
    assert totals["Expenses:Food:Groceries"] == Decimal("396.65")
    assert all(type(v) is Decimal for v in totals.values())
    assert frame["own"].sum() == totals["Expenses"]  # exact arithmetic on the column

    register = sample.accounts.register(
        sample.accounts.by_path("Assets:Bank:Checking"), limit=500
    ).to_pandas()
    assert str(register["date"].dtype) == "date32[day][pyarrow]"
    assert register["date"].iloc[0] == date(2026, 10, 28)
    assert register["balance"].iloc[0] == Decimal("5028.41")


def test_pandas_numpy_backend_gives_decimal_and_date_objects(sample):
    frame = sample.accounts.balances(date(2026, 10, 31)).to_pandas(dtype_backend="numpy")
    assert frame["total"].dtype == object and type(frame["total"].iloc[0]) is Decimal
    checking = frame.set_index("path").loc["Assets:Bank:Checking"]
    assert checking["total"] == Decimal("5028.41")
    with pytest.raises(ValueError, match="dtype_backend"):
        sample.accounts.balances().to_pandas(dtype_backend="arrow")  # type: ignore[arg-type]


def test_polars_dtypes_and_values(sample):
    frame = sample.accounts.balances(date(2026, 10, 31)).to_polars()
    assert frame.schema["total"] == pl.Decimal(38, 2)
    assert frame.schema["account_id"] == pl.Int64
    row = frame.filter(pl.col("path") == "Assets")
    assert row["total"][0] == Decimal("14730.71")
    dates = sample.transactions.search(limit=10).to_polars()
    assert dates.schema["date"] == pl.Date


def test_a_column_mixing_commodities_takes_the_largest_scale(book):
    book.commodities.define("BTC", "Bitcoin", 8, "crypto")
    eur = book.accounts.create("Assets:EUR", "asset", "EUR")
    jpy = book.accounts.create("Assets:JPY", "asset", "JPY")
    wallet = book.accounts.create("Assets:Wallet", "asset", "EUR", subtype="investment")
    income = book.accounts.create("Income:Gifts", "income", "EUR")
    day = date(2026, 1, 2)
    book.transactions.income(day, eur, income, "10.25", "Gift")
    book.transactions.add(
        tally.NewTransaction(
            day, [tally.NewSplit(jpy, "1500"), tally.NewSplit(income, "-1500", commodity="JPY")]
        )
    )
    book.transactions.add(
        tally.NewTransaction(
            day,
            [
                tally.NewSplit(wallet, "0.00012345", commodity="BTC"),
                tally.NewSplit(income, "-0.00012345", commodity="BTC"),
            ],
        )
    )
    balances = book.accounts.balances()
    arrow = balances.to_arrow()
    assert arrow.schema.field("total").type == pa.decimal128(38, 8)
    by_key = {
        (p, c): t
        for p, c, t in zip(
            arrow["path"].to_pylist(), arrow["commodity"].to_pylist(), arrow["total"].to_pylist()
        )
    }
    assert by_key[("Assets:EUR", "EUR")] == Decimal("10.25")
    assert by_key[("Assets:JPY", "JPY")] == Decimal("1500")
    assert by_key[("Assets", "BTC")] == Decimal("0.00012345")
    assert by_key[("Income", "JPY")] == Decimal("-1500")
    records = {(b.path, b.commodity): b.total for b in balances}
    assert str(records[("Assets:JPY", "JPY")]) == "1500"  # records keep each commodity's scale
    assert str(records[("Assets:EUR", "EUR")]) == "10.25"


def test_an_empty_table_keeps_its_schema(book):
    for table in (book.accounts.balances(), book.transactions.search(), book.accounts.assertions()):
        assert len(table) == 0
        arrow = table.to_arrow()
        assert arrow.num_rows == 0 and arrow.num_columns > 0
    schema = book.transactions.search().to_arrow().schema
    assert schema.field("amount").type == pa.decimal128(38, 2)  # the book's currency
    assert len(book.transactions.search().to_pandas()) == 0


def test_tables_are_sequences_of_records(sample):
    table = sample.accounts.list()
    records = list(table)
    assert len(records) == len(table) == table.total
    assert all(isinstance(r, tally.Account) for r in records)
    assert table[0] == records[0] and table[-1] == records[-1]
    assert table.to_list() == records
    with pytest.raises(IndexError):
        table[len(table)]
    with pytest.raises(IndexError):
        table[-len(table) - 1]
    it = iter(table)
    assert next(it) == records[0] and iter(it) is it
    assert repr(table) == f"<tally.Table kind='accounts' rows={len(table)} total={len(table)} offset=0>"
    assert tally.Table[tally.Account] is not None  # usable in annotations at run time


def test_pages_and_concat(sample):
    pages = [sample.transactions.search(offset=o, limit=25, order="ascending") for o in (0, 25, 50)]
    assert [len(p) for p in pages] == [25, 25, 14]
    assert [p.total for p in pages] == [64, 64, 64] and [p.offset for p in pages] == [0, 25, 50]
    everything = tally.Table.concat(pages)
    assert len(everything) == 64 == everything.total
    assert [t.id for t in everything] == [t.id for t in sample.transactions.search(limit=100, order="ascending")]
    with pytest.raises(ValueError, match="cannot concat"):
        tally.Table.concat([pages[0], sample.accounts.list()])
    with pytest.raises(ValueError):
        tally.Table.concat([])


def test_the_capsule_is_a_standard_arrow_stream(sample):
    capsule = sample.accounts.list().__arrow_c_stream__()
    assert type(capsule).__name__ == "PyCapsule"
    reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    assert reader.read_all().num_rows == len(sample.accounts.list())
    assert pl.DataFrame(sample.accounts.list()).height == len(sample.accounts.list())


@pytest.mark.parametrize(
    ("module", "method"),
    [("pandas", "to_pandas"), ("pyarrow", "to_pandas"), ("polars", "to_polars"), ("pyarrow", "to_arrow")],
)
def test_a_missing_library_names_the_package_to_install(sample, monkeypatch, module, method):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=f"pip install {module}"):
        getattr(sample.accounts.list(), method)()
