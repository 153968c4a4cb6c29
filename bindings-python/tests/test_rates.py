"""Exchange rates and multi-currency reports: `book.rates` (add, add_many, load, list, delete,
lookup, convert), `transactions.exchange` and `fx_account`, `accounts.balances_in`, and
`reports.net_worth`, `spending_by_category_in`, `income_by_category_in`, `fx_gain`. The ECB
files are read from ../shared/data/ecb beside the repository, never copied into it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

import tally

ROOT = Path(__file__).resolve().parents[2]
ECB = ROOT.parent / "shared" / "data" / "ecb"
HISTORY = ECB / "eurofxref-hist.zip"
ONE_DAY = ECB / "eurofxref.csv"

FRIDAY = date(2026, 10, 30)
SATURDAY = date(2026, 10, 31)
PRE_EURO = ["CYP", "EEK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"]
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


@pytest.fixture(scope="module")
def ecb() -> Iterator[tally.Book]:
    """A book holding the whole ECB history (loaded once for the module; tests only read it)."""
    with tally.Engine.in_memory() as engine:
        owner = engine.users.create("ecb@example.com", "E", "CB", "EUR")
        book = engine.create_book("ECB", owner, "EUR")
        report = book.rates.load(str(HISTORY))
        assert report.added > 190_000
        yield book


class Fx:
    """A EUR book with EUR, USD and CHF accounts and one manual EUR/USD rate on FRIDAY."""

    def __init__(self, book: tally.Book) -> None:
        acc = book.accounts.create
        self.book = book
        self.eur = acc("Assets:EUR", "asset", "EUR", subtype="checking")
        self.usd = acc("Assets:USD", "asset", "USD", subtype="checking")
        self.chf = acc("Assets:CHF", "asset", "CHF")
        self.card = acc("Liabilities:Card", "liability", "EUR", subtype="credit_card")
        self.salary = acc("Income:Salary", "income", "EUR")
        self.side = acc("Income:Side", "income", "CHF")
        self.fx = acc("Income:FX", "income", "EUR")
        self.travel = acc("Expenses:Travel", "expense", "USD")
        self.food = acc("Expenses:Food", "expense", "EUR")
        book.rates.add(tally.Rate("EUR", "USD", FRIDAY, Decimal("1.1172"), "manual"))


@pytest.fixture
def fx(book: tally.Book) -> Fx:
    return Fx(book)


# Loading the ECB files ---------------------------------------------------------------------


def test_the_ecb_history_zip_loads_and_reloading_adds_nothing(ecb):
    again = ecb.rates.load(HISTORY.read_bytes(), file_name="eurofxref-hist.zip")
    assert isinstance(again, tally.LoadReport)
    assert again.format == "ecb_zip"
    assert again.read == 221_702
    assert (again.added, again.replaced) == (0, 0)
    assert again.unchanged + again.skipped_unknown == again.read
    assert again.missing > 0
    assert set(PRE_EURO) <= set(again.unknown_commodities)
    assert again.unknown_commodities == sorted(again.unknown_commodities)
    assert again.to_dict()["added"] == 0


def test_a_path_like_loads_too(book):
    report = book.rates.load(HISTORY)  # pathlib.Path
    assert (report.format, report.read) == ("ecb_zip", 221_702)
    assert report.added == report.read - report.skipped_unknown
    assert book.rates.load(str(HISTORY)).added == 0


def test_ecb_lookups(ecb):
    friday = ecb.rates.lookup("EUR", "USD", FRIDAY)
    assert isinstance(friday, tally.RateQuote)
    assert friday.rate == Decimal("1.1172") and isinstance(friday.rate, Decimal)
    assert (friday.base, friday.quote, friday.date, friday.oldest) == ("EUR", "USD", FRIDAY, FRIDAY)
    assert friday.age_days == 0
    [leg] = friday.path
    assert (leg.from_commodity, leg.to_commodity, leg.date) == ("EUR", "USD", FRIDAY)
    assert (leg.stored_rate, leg.inverted, leg.source) == (Decimal("1.1172"), False, "ecb")

    saturday = ecb.rates.lookup("EUR", "USD", SATURDAY)
    assert saturday.rate == Decimal("1.1172")
    assert saturday.date == SATURDAY and saturday.path[0].date == FRIDAY
    assert saturday.oldest == FRIDAY and saturday.age_days == 1
    assert isinstance(saturday.oldest, date)

    cross = ecb.rates.lookup("USD", "JPY", FRIDAY)
    assert len(cross.path) == 2
    first, second = cross.path
    assert (first.from_commodity, first.to_commodity, first.inverted) == ("USD", "EUR", True)
    assert (second.from_commodity, second.to_commodity, second.inverted) == ("EUR", "JPY", False)
    assert (first.stored_rate, second.stored_rate) == (Decimal("1.1172"), Decimal("175.68"))
    assert abs(cross.rate - Decimal("175.68") / Decimal("1.1172")) < Decimal("1e-20")

    inverse = ecb.rates.lookup("USD", "EUR", FRIDAY)
    assert inverse.path[0].inverted and inverse.path[0].stored_rate == Decimal("1.1172")
    same = ecb.rates.lookup("EUR", "EUR", FRIDAY)
    assert same.rate == 1 and same.path == []


def test_stale_and_missing_rates_are_errors_with_their_codes(ecb):
    with pytest.raises(tally.NotFoundError) as err:
        ecb.rates.lookup("EUR", "RUB", date(2022, 3, 20))
    assert (err.value.code, err.value.kind) == ("stale_rate", "not_found")
    assert "2022-03-01" in err.value.message and "19 days" in err.value.message
    assert (err.value.file, err.value.line) == (None, None)
    # A wider limit accepts the old rate and says how old it is.
    old = ecb.rates.lookup("EUR", "RUB", date(2022, 3, 20), max_age_days=30)
    assert old.oldest == date(2022, 3, 1) and old.age_days == 19

    with pytest.raises(tally.NotFoundError) as err:
        ecb.rates.lookup("EUR", "USD", date(1998, 12, 31))
    assert err.value.code == "no_rate"
    with pytest.raises(tally.NotFoundError) as err:
        ecb.rates.convert("10", "USD", "JPY", date(1998, 12, 31))
    assert err.value.code == "no_rate"

    assert ecb.rates.lookup("EUR", "BGN", date(2026, 1, 2)).oldest == date(2025, 12, 31)
    with pytest.raises(tally.NotFoundError) as err:
        ecb.rates.lookup("EUR", "BGN", date(2026, 1, 9))
    assert err.value.code == "stale_rate"

    with pytest.raises(tally.ValidationError) as err:
        ecb.rates.lookup("EUR", "XYZ", FRIDAY)
    assert (err.value.code, err.value.field) == ("unknown_commodity", "quote")


def test_convert_through_a_cross_rate(ecb):
    conversion = ecb.rates.convert(Decimal("100"), "USD", "JPY", FRIDAY)
    assert isinstance(conversion, tally.Conversion)
    assert (conversion.from_amount, conversion.from_commodity, conversion.to_commodity) == (
        Decimal("100"),
        "USD",
        "JPY",
    )
    expected = Decimal("100") * Decimal("175.68") / Decimal("1.1172")
    assert abs(conversion.exact - expected) < Decimal("1e-20")
    assert conversion.amount == Decimal("15725")  # JPY has no minor units
    assert len(conversion.quote.path) == 2
    assert ecb.rates.convert("100", "EUR", "USD", SATURDAY).amount == Decimal("111.72")
    back = ecb.rates.convert("111.72", "USD", "EUR", FRIDAY)
    assert back.exact == Decimal("100") and back.amount == Decimal("100.00")


def test_the_one_day_ecb_csv(book):
    report = book.rates.load(ONE_DAY)
    assert report.format == "ecb_csv"
    assert report.added == report.read > 25
    assert report.skipped_unknown == 0
    rates = {r.quote: r for r in book.rates.list(base="EUR")}
    assert rates["USD"].rate == Decimal("1.1172") and rates["USD"].date == FRIDAY
    assert rates["JPY"].rate == Decimal("175.68")
    assert rates["USD"].source == "ecb"
    assert book.rates.lookup("JPY", "USD", SATURDAY).age_days == 1
    # The format and source can be given; the same rates with a new source replace the old.
    again = book.rates.load(ONE_DAY.read_bytes(), format="ecb_csv", source="ecb-daily")
    assert (again.added, again.replaced) == (0, report.read)
    assert book.rates.list(base="EUR", quote="USD")[0].source == "ecb-daily"


# Adding, listing, deleting -----------------------------------------------------------------


def test_rate_records_are_exact_both_ways():
    rate = tally.Rate("EUR", "USD", FRIDAY, Decimal("1.1172"), "manual")
    assert (rate.base, rate.quote, rate.date, rate.rate, rate.source) == (
        "EUR", "USD", FRIDAY, Decimal("1.1172"), "manual"
    )  # fmt: skip
    assert isinstance(rate.rate, Decimal) and isinstance(rate.date, date)
    assert tally.Rate("EUR", "USD", FRIDAY, "1.1172", "manual") == rate
    assert tally.Rate("EUR", "JPY", FRIDAY, 175, "manual").rate == Decimal("175")
    assert rate.to_dict() == {
        "base": "EUR", "quote": "USD", "date": FRIDAY, "rate": Decimal("1.1172"), "source": "manual"
    }  # fmt: skip
    assert repr(rate) == (
        "Rate(base='EUR', quote='USD', date=datetime.date(2026, 10, 30), rate=Decimal('1.1172'), "
        "source='manual')"
    )


@pytest.mark.parametrize("bad", [1.1172, float("nan")])
def test_a_float_rate_or_amount_is_refused(fx, bad):
    with pytest.raises(TypeError, match="float cannot hold money exactly"):
        tally.Rate("EUR", "USD", FRIDAY, bad, "manual")
    with pytest.raises(TypeError, match="float"):
        fx.book.rates.convert(bad, "EUR", "USD", FRIDAY)
    with pytest.raises(TypeError, match="float"):
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, "10", rate=bad)
    with pytest.raises(TypeError, match="float"):
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, bad)


def test_dates_must_be_civil_dates(fx):
    with pytest.raises(TypeError, match="datetime.date"):
        fx.book.rates.lookup("EUR", "USD", datetime(2026, 10, 30, 12))
    with pytest.raises(TypeError, match="datetime.date"):
        tally.Rate("EUR", "USD", "2026-10-30", "1", "manual")  # type: ignore[arg-type]


def test_add_add_many_list_and_delete(book):
    rates = book.rates
    first = rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.1172", "manual"))
    assert (first.format, first.read, first.added, first.replaced, first.unchanged) == (None, 1, 1, 0, 0)
    assert rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.11720", "manual")).unchanged == 1
    assert rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.12", "manual")).replaced == 1

    days = [FRIDAY - timedelta(days=i) for i in range(1, 4)]
    many = rates.add_many(
        [tally.Rate("EUR", "GBP", d, Decimal("0.8338"), "manual") for d in days]
        + [tally.Rate("EUR", "USD", FRIDAY, "1.12", "manual")]
    )
    assert (many.read, many.added, many.unchanged) == (4, 3, 1)
    assert rates.add_many([]).read == 0

    table = rates.list()
    assert table.kind == "rates" and len(table) == 4
    assert [(r.base, r.quote, r.date) for r in table] == [
        ("EUR", "GBP", days[2]), ("EUR", "GBP", days[1]), ("EUR", "GBP", days[0]), ("EUR", "USD", FRIDAY)
    ]  # fmt: skip
    assert all(isinstance(r, tally.Rate) for r in table)
    assert len(rates.list(quote="GBP")) == 3
    assert len(rates.list(base="USD")) == 0
    assert [r.date for r in rates.list(quote="GBP", date_from=days[1], date_to=days[0])] == [
        days[1],
        days[0],
    ]
    assert rates.list(quote="USD")[0].rate == Decimal("1.12")
    arrow = table.to_arrow()
    assert str(arrow.schema.field("rate").type) == "decimal128(38, 4)"
    assert arrow.column("rate").to_pylist()[-1] == Decimal("1.1200")
    assert str(arrow.schema.field("date").type) == "date32[day]"

    rates.delete("EUR", "GBP", days[0])
    assert len(rates.list(quote="GBP")) == 2
    with pytest.raises(tally.NotFoundError) as err:
        rates.delete("EUR", "GBP", days[0])
    assert err.value.code == "rate_not_found"
    assert book.audit_log(limit=1)[0].entity == "rate"


def test_bulk_adds_are_all_or_nothing_and_name_the_rate(book):
    good = tally.Rate("EUR", "USD", FRIDAY, "1.1172", "manual")
    bad = tally.Rate("EUR", "GBP", FRIDAY, "-1", "manual")
    with pytest.raises(tally.ValidationError) as err:
        book.rates.add_many([good, bad])
    assert (err.value.code, err.value.field) == ("invalid_field", "rates[1].rate")
    assert len(book.rates.list()) == 0
    with pytest.raises(tally.ValidationError) as err:
        book.rates.add(tally.Rate("EUR", "EUR", FRIDAY, "1", "manual"))
    assert err.value.field == "quote"
    with pytest.raises(tally.ValidationError) as err:
        book.rates.add(tally.Rate("EUR", "XYZ", FRIDAY, "1", "manual"))
    assert err.value.code == "unknown_commodity"


def test_a_malformed_csv_raises_import_failed_with_the_line_and_keeps_nothing(book):
    data = b"date,base,quote,rate\n2026-10-30,EUR,USD,1.1172\n2026-10-29,EUR,USD,abc\n"
    with pytest.raises(tally.ImportFailed) as err:
        book.rates.load(data, file_name="rates.csv")
    exc = err.value
    assert (exc.code, exc.kind, exc.file, exc.line) == ("malformed_line", "import", "rates.csv", 3)
    assert exc.field == "rate" and "abc" in exc.message
    assert isinstance(exc, tally.TallyError)
    assert len(book.rates.list()) == 0

    with pytest.raises(tally.ImportFailed) as err:
        book.rates.load(bytearray(data))
    assert (err.value.file, err.value.line) == ("input", 3)


def test_a_plain_csv_loads_with_its_sources(book):
    data = b"date,base,quote,rate,source\n2026-10-30,EUR,USD,1.1172,bank\n2026-10-30,EUR,GBP,0.8338,bank\n"
    report = book.rates.load(data, format="csv")
    assert (report.format, report.read, report.added) == ("csv", 2, 2)
    assert {r.source for r in book.rates.list()} == {"bank"}
    assert book.rates.load(data).added == 0


def test_files_that_cannot_be_read_raise_unreadable_file(book, tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(tally.ImportFailed) as err:
        book.rates.load(missing)
    assert (err.value.code, err.value.file, err.value.line) == ("unreadable_file", str(missing), None)
    with pytest.raises(tally.ImportFailed) as err:
        book.rates.load(b"hello,world\n1,2\n", file_name="odd.csv")
    assert (err.value.code, err.value.file) == ("unreadable_file", "odd.csv")
    with pytest.raises(tally.ImportFailed) as err:
        book.rates.load(ONE_DAY.read_bytes(), format="ecb_zip")
    assert err.value.code == "unreadable_file"
    with pytest.raises(tally.ValidationError) as err:
        book.rates.load(b"", format="xlsx")  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("invalid_field", "format")
    with pytest.raises(TypeError, match="path"):
        book.rates.load(42)  # type: ignore[arg-type]


def test_rates_changed_events(book):
    events: list[tally.Event] = []
    book.subscribe(events.append)
    book.rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.1172", "manual"))
    book.rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.1172", "manual"))  # unchanged: no event
    book.rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.2", "manual"))
    book.rates.delete("EUR", "USD", FRIDAY)
    base = {"kind": "rates_changed", "book_id": book.id}
    assert events == [
        {**base, "added": 1, "replaced": 0, "deleted": 0},
        {**base, "added": 0, "replaced": 1, "deleted": 0},
        {**base, "added": 0, "replaced": 0, "deleted": 1},
    ]


@pytest.mark.parametrize(
    ("rounding", "up", "down"),
    [
        ("half_even", "0.04", "-0.04"),
        ("half_up", "0.05", "-0.05"),
        ("half_down", "0.04", "-0.04"),
        ("toward_zero", "0.04", "-0.04"),
        ("away_from_zero", "0.05", "-0.05"),
        ("floor", "0.04", "-0.05"),
        ("ceiling", "0.05", "-0.04"),
    ],
)
def test_convert_with_each_rounding(book, rounding, up, down):
    book.rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.5", "manual"))
    conversion = book.rates.convert("0.03", "EUR", "USD", FRIDAY, rounding=rounding)
    assert conversion.exact == Decimal("0.045")
    assert conversion.amount == Decimal(up)
    assert book.rates.convert(Decimal("-0.03"), "EUR", "USD", FRIDAY, rounding=rounding).amount == Decimal(down)


def test_convert_defaults_to_half_even_and_checks_its_options(book):
    book.rates.add(tally.Rate("EUR", "USD", FRIDAY, "1.5", "manual"))
    assert book.rates.convert("0.03", "EUR", "USD", FRIDAY).amount == Decimal("0.04")
    assert book.rates.convert("0.07", "EUR", "USD", FRIDAY).amount == Decimal("0.10")  # 0.105
    with pytest.raises(tally.ValidationError) as err:
        book.rates.convert("1", "EUR", "USD", FRIDAY, rounding="bankers")  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("invalid_field", "rounding")
    with pytest.raises(tally.ValidationError) as err:
        book.rates.convert("1.001", "EUR", "USD", FRIDAY)
    assert err.value.code == "too_many_decimals"
    with pytest.raises(tally.NotFoundError) as err:
        book.rates.convert("1", "EUR", "USD", FRIDAY + timedelta(days=8))
    assert err.value.code == "stale_rate"
    week_later = book.rates.convert("1", "EUR", "USD", FRIDAY + timedelta(days=8), max_age_days=8)
    assert week_later.quote.age_days == 8


# Exchanges and fx_account -----------------------------------------------------------------


def test_an_exchange_stores_the_rate_on_the_sending_split(fx):
    tx = fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, Decimal("100"), payee="Bank")
    assert isinstance(tx, tally.Transaction) and tx.payee == "Bank"
    sent, got = tx.splits
    assert (sent.account_id, sent.amount, sent.commodity) == (fx.eur.id, Decimal("-100.00"), "EUR")
    assert sent.price == tally.UnitPrice(Decimal("1.1172"), "USD")
    assert (got.account_id, got.amount, got.commodity, got.price) == (fx.usd.id, Decimal("111.72"), "USD", None)

    received = fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, received="100")
    assert [s.amount for s in received.splits] == [Decimal("-89.51"), Decimal("100.00")]
    both = fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, "100", received="112")
    assert both.splits[0].price == tally.UnitPrice("1.12", "USD")
    given = fx.book.transactions.exchange(
        FRIDAY, fx.eur, fx.usd, "100", rate="1.2", narration="at the airport", external_id="x-1"
    )
    assert given.splits[1].amount == Decimal("120.00") and given.narration == "at the airport"
    again = fx.book.transactions.exchange(
        FRIDAY, fx.eur, fx.usd, "100", rate="1.2", narration="at the airport", external_id="x-1"
    )
    assert again == given  # idempotent by external id
    with pytest.raises(tally.ConflictError):
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, "100", rate="1.2", external_id="x-1")


def test_a_rounding_residue_goes_to_the_fx_account(fx):
    with pytest.raises(tally.ValidationError) as err:
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, received="100", rounding="floor")
    assert err.value.code == "unbalanced"
    tx = fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd, received="100", rounding="floor", fx_account=fx.fx)
    assert [(s.account_id, s.amount, s.commodity) for s in tx.splits] == [
        (fx.eur.id, Decimal("-89.50"), "EUR"),
        (fx.usd.id, Decimal("100.00"), "USD"),
        (fx.fx.id, Decimal("-0.01"), "USD"),
    ]


def test_exchange_errors(fx):
    with pytest.raises(tally.ValidationError) as err:
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.food, "1")
    assert (err.value.code, err.value.field) == ("invalid_field", "to")
    with pytest.raises(tally.ValidationError) as err:
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.usd)
    assert (err.value.code, err.value.field) == ("invalid_field", "amount")
    with pytest.raises(tally.NotFoundError) as err:
        fx.book.transactions.exchange(FRIDAY, fx.eur, fx.chf, "1")
    assert err.value.code == "no_rate"
    with pytest.raises(tally.NotFoundError) as err:
        fx.book.transactions.exchange(FRIDAY + timedelta(days=3), fx.eur, fx.usd, "1", max_age_days=2)
    assert err.value.code == "stale_rate"


def test_new_transactions_take_an_fx_account(fx):
    splits = [
        tally.NewSplit(fx.eur, "-100", price=tally.UnitPrice("1.1172", "USD")),
        tally.NewSplit(fx.usd, "111.70"),
    ]
    new = tally.NewTransaction(FRIDAY, splits, payee="Bank")
    assert new.fx_account is None and new.to_dict()["fx_account"] is None
    with pytest.raises(tally.ValidationError) as err:
        fx.book.transactions.add(new)
    assert err.value.code == "unbalanced"
    new.fx_account = fx.fx
    assert new.fx_account == fx.fx.id and new.to_dict()["fx_account"] == fx.fx.id
    tx = fx.book.transactions.add(new)
    assert tx.splits[-1].account_id == fx.fx.id
    assert (tx.splits[-1].amount, tx.splits[-1].commodity) == (Decimal("0.02"), "USD")
    assert tally.NewTransaction(FRIDAY, splits, fx_account=fx.fx.id).fx_account == fx.fx.id
    assert tally.NewTransaction.from_transaction(tx).fx_account is None
    new.fx_account = None
    assert new.fx_account is None


# Reports in a reporting currency -----------------------------------------------------------


def fill(fx: Fx) -> None:
    """EUR 900 and USD 111.72 (EUR 100 exchanged), CHF 50 without a rate, a card owing 20."""
    t = fx.book.transactions
    t.income(FRIDAY, fx.eur, fx.salary, "1000", "Employer")
    t.exchange(FRIDAY, fx.eur, fx.usd, "100")
    t.income(FRIDAY, fx.chf, fx.side, "50", "Gig")
    t.expense(FRIDAY, fx.card, fx.food, "20", "Market")
    t.expense(FRIDAY, fx.usd, fx.travel, "22.34", "Taxi")


def test_net_worth_lists_what_it_cannot_convert(fx):
    fill(fx)
    worth = fx.book.reports.net_worth("EUR", FRIDAY)
    assert isinstance(worth, tally.NetWorth)
    assert (worth.currency, worth.as_of, worth.valuation) == ("EUR", FRIDAY, "spot")
    usd_in_eur = cents((Decimal("111.72") - Decimal("22.34")) / Decimal("1.1172"))
    assert worth.assets == Decimal("900.00") + usd_in_eur
    assert worth.liabilities == Decimal("-20.00")
    assert worth.net_worth == worth.assets + worth.liabilities
    rows = {r.path: r for r in worth.accounts}
    assert rows["Assets:USD"].total == usd_in_eur and rows["Assets:USD"].commodity == "EUR"
    assert rows["Assets:CHF"].total == Decimal("0.00")
    assert "Income:Salary" not in rows
    [missing] = worth.unconverted
    assert isinstance(missing, tally.Unconverted)
    assert (missing.account_id, missing.path, missing.commodity) == (fx.chf.id, "Assets:CHF", "CHF")
    assert (missing.amount, missing.date, missing.code) == (Decimal("50.00"), FRIDAY, "no_rate")
    assert "CHF" in missing.message
    as_dict = worth.to_dict()
    assert as_dict["unconverted"][0]["amount"] == Decimal("50.00")
    assert as_dict["accounts"][0]["commodity"] == "EUR"


def test_balances_in_a_reporting_currency(fx):
    fill(fx)
    valued = fx.book.accounts.balances_in("USD", FRIDAY)
    assert isinstance(valued, tally.ValuedBalances)
    assert (valued.currency, valued.valuation, valued.rate_date) == ("USD", "spot", FRIDAY)
    rows = {r.path: r for r in valued.rows}
    assert rows["Assets:EUR"].total == cents(Decimal("900") * Decimal("1.1172"))
    assert rows["Assets:USD"].total == Decimal("89.38")
    assert {r.commodity for r in valued.rows} == {"USD"}
    assert rows["Assets"].total == rows["Assets:EUR"].total + rows["Assets:USD"].total + rows["Assets:CHF"].total
    assert [(u.path, u.code) for u in valued.unconverted] == [("Assets:CHF", "no_rate"), ("Income:Side", "no_rate")]

    saturday = fx.book.accounts.balances_in("USD", FRIDAY, rate_date=SATURDAY, max_age_days=1)
    assert saturday.rate_date == SATURDAY and {r.path: r.total for r in saturday.rows}["Assets:USD"] == Decimal("89.38")
    historical = fx.book.accounts.balances_in("EUR", FRIDAY, valuation="historical", rounding="floor")
    assert (historical.valuation, historical.rate_date) == ("historical", None)
    assert {r.path: r.total for r in historical.rows}["Assets:EUR"] == Decimal("900.00")
    stale = fx.book.accounts.balances_in("USD", FRIDAY + timedelta(days=10))
    assert {u.code for u in stale.unconverted} == {"stale_rate", "no_rate"}

    with pytest.raises(tally.ValidationError) as err:
        fx.book.accounts.balances_in("USD", FRIDAY, valuation="average")  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("invalid_field", "valuation")
    with pytest.raises(tally.ValidationError) as err:
        fx.book.accounts.balances_in("XYZ", FRIDAY)
    assert (err.value.code, err.value.field) == ("unknown_commodity", "currency")


def test_categories_in_a_reporting_currency(fx):
    fill(fx)
    spending = fx.book.reports.spending_by_category_in(FRIDAY, FRIDAY, "EUR")
    assert isinstance(spending, tally.ValuedCategories)
    assert (spending.currency, spending.valuation, spending.rate_date) == ("EUR", "spot", FRIDAY)
    rows = {r.path: r for r in spending.rows}
    travel = cents(Decimal("22.34") / Decimal("1.1172"))
    assert rows["Expenses:Travel"].total == travel and rows["Expenses:Travel"].commodity == "EUR"
    assert rows["Expenses"].total == travel + Decimal("20.00")
    assert rows["Expenses"].depth == 0 and isinstance(rows["Expenses"], tally.CategoryAmount)
    assert spending.unconverted == []

    income = fx.book.reports.income_by_category_in(FRIDAY, FRIDAY, "EUR", valuation="historical")
    assert income.valuation == "historical" and income.rate_date is None
    assert {r.path: r.total for r in income.rows}["Income:Salary"] == Decimal("1000.00")
    [side] = income.unconverted
    assert (side.path, side.commodity, side.amount, side.code) == ("Income:Side", "CHF", Decimal("50.00"), "no_rate")


def test_fx_gain_of_a_usd_account(book):
    day1, day2 = date(2026, 10, 1), date(2026, 10, 2)
    eur = book.accounts.create("Assets:EUR", "asset", "EUR")
    usd = book.accounts.create("Assets:USD", "asset", "USD")
    tips = book.accounts.create("Income:Tips", "income", "USD")
    book.rates.add_many(
        [tally.Rate("EUR", "USD", day1, "1.10", "manual"), tally.Rate("EUR", "USD", day2, "1.20", "manual")]
    )
    book.transactions.exchange(day1, eur, usd, "100")  # 110.00 USD
    book.transactions.income(day2, usd, tips, "12", "Tips")  # 10.00 EUR on day 2

    gain = book.reports.fx_gain(usd, day1, day2, "EUR")
    assert isinstance(gain, tally.FxGain)
    assert (gain.account_id, gain.commodity, gain.currency) == (usd.id, "USD", "EUR")
    assert (gain.date_from, gain.date_to) == (day1, day2)
    assert (gain.opening_balance, gain.opening_value) == (Decimal("110.00"), Decimal("100.00"))
    assert (gain.closing_balance, gain.closing_value) == (Decimal("122.00"), Decimal("101.67"))
    assert gain.flows_value == Decimal("10.00")
    assert gain.gain == Decimal("-8.33")
    assert book.reports.fx_gain(usd, day1, day2, "EUR", rounding="floor").gain == Decimal("-8.34")

    with pytest.raises(tally.ValidationError) as err:
        book.reports.fx_gain(usd, day2, day1, "EUR")
    assert (err.value.code, err.value.field) == ("invalid_field", "to")
    with pytest.raises(tally.NotFoundError) as err:
        book.reports.fx_gain(usd, day1, date(2026, 10, 20), "EUR")
    assert err.value.code == "stale_rate"
    with pytest.raises(tally.NotFoundError) as err:
        book.reports.fx_gain(999, day1, day2, "EUR")
    assert err.value.code == "account_not_found"
