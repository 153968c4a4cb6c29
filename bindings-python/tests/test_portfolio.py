"""`book.portfolio`: securities, booking, buys and sells with FIFO gains, lots, income,
holdings, targets, allocation and rebalancing, prices, an OFX brokerage import, returns; and
`tally.xirr` / `tally.xnpv`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import tally

# One BUYSTOCK (10 WDGT at 50, 5 commission) and one dividend of 12.50, with its security list.
STATEMENT = (
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1"
    "<STATUS><CODE>0<SEVERITY>INFO</STATUS><INVSTMTRS><DTASOF>20240331<CURDEF>USD<INVACCTFROM>"
    "<BROKERID>b.example<ACCTID>42</INVACCTFROM><INVTRANLIST><DTSTART>20240101<DTEND>20240331"
    "<BUYSTOCK><INVBUY><INVTRAN><FITID>B1<DTTRADE>20240102</INVTRAN><SECID><UNIQUEID>000000001"
    "<UNIQUEIDTYPE>CUSIP</SECID><UNITS>10<UNITPRICE>50<COMMISSION>5<TOTAL>-505<SUBACCTSEC>CASH"
    "<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK><INCOME><INVTRAN><FITID>D1<DTTRADE>20240301"
    "</INVTRAN><SECID><UNIQUEID>000000001<UNIQUEIDTYPE>CUSIP</SECID><INCOMETYPE>DIV<TOTAL>12.50"
    "<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME></INVTRANLIST></INVSTMTRS></INVSTMTTRNRS>"
    "</INVSTMTMSGSRSV1><SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>000000001"
    "<UNIQUEIDTYPE>CUSIP</SECID><SECNAME>Widget Co<TICKER>WDGT</SECINFO></STOCKINFO></SECLIST>"
    "</SECLISTMSGSRSV1></OFX>\n"
).encode()


class Broker:
    def __init__(self, engine: tally.Engine) -> None:
        user = engine.users.create("p@example.com", "P", "F", "USD")
        self.book = book = engine.create_book("P", user, "USD")
        self.p = book.portfolio
        create = book.accounts.create
        self.broker = create("Assets:Broker", "asset", "USD", subtype="investment")
        self.other = create("Assets:Other Broker", "asset", "USD", subtype="investment")
        self.cash = create("Assets:Cash", "asset", "USD", subtype="checking")
        self.gains = create("Income:Gains", "income", "USD")
        self.dividends = create("Income:Dividends", "income", "USD")
        self.fees = create("Expenses:Fees", "expense", "USD")


@pytest.fixture
def b(engine: tally.Engine) -> Broker:
    return Broker(engine)


def test_securities_and_booking_methods(b):
    p = b.p
    acme = p.define_security("ACME", "Acme", "stock", "USD")
    assert isinstance(acme, tally.Security)
    assert (acme.code, acme.asset_class, acme.currency) == ("ACME", "stock", "USD")
    p.define_security("XBTC", "Bitcoin", "crypto", "USD", scale=8)
    assert b.book.commodities.get("XBTC").kind == "crypto"
    assert [s.code for s in p.securities()] == ["ACME", "XBTC"]
    etf = p.classify("ACME", "etf", "USD")
    assert p.security("ACME") == etf and etf.asset_class == "etf"
    assert etf.to_dict() == {"code": "ACME", "asset_class": "etf", "currency": "USD"}
    assert p.booking_method(b.broker) == "fifo"
    p.set_booking_method(b.broker, "hifo")
    assert p.booking_method(b.broker.id) == "hifo"
    with pytest.raises(tally.ValidationError) as err:
        p.set_booking_method(b.broker, "random")
    assert (err.value.code, err.value.field) == ("invalid_field", "method")
    with pytest.raises(tally.ValidationError) as err:
        p.define_security("BOND", "Bond", "gold-ish", "USD")
    assert err.value.field == "asset_class"


def test_buy_and_sell_fifo_with_gains_lots_and_holdings(b):
    p = b.p
    p.define_security("ACME", "Acme", "stock", "USD")
    events: list[dict] = []
    b.book.subscribe(events.append)
    first = p.buy(date(2025, 1, 2), b.broker, "ACME", 10, "10.00", fees="1.00", cash_account=b.cash)
    assert isinstance(first, tally.Transaction)
    p.buy(date(2025, 6, 3), b.broker, "ACME", Decimal(10), Decimal("30"), cash_account=b.cash)
    assert [l.cost for l in p.lots(account=b.broker)] == [Decimal("101.00"), Decimal("300")]
    sale = p.sell(date(2026, 2, 1), b.broker, "ACME", 15, "20", b.gains, cash_account=b.cash)
    assert isinstance(sale, tally.Sale) and isinstance(sale.transaction, tally.Transaction)
    # FIFO: all 10 of the first lot (cost 101, held > a year), then 5 of the second (cost 150).
    assert [(g.quantity, g.cost, g.proceeds, g.gain, g.long_term) for g in sale.gains] == [
        (Decimal(10), Decimal("101.00"), Decimal("200.00"), Decimal("99.00"), True),
        (Decimal(5), Decimal("150.00"), Decimal("100.00"), Decimal("-50.00"), False),
    ]
    assert p.realized_gains(date_from=date(2026, 1, 1)) == sale.gains
    assert p.realized_gains(date_to=date(2025, 12, 31)) == []
    assert sum(g.gain for g in p.realized_gains(account=b.broker, security="ACME")) == Decimal("49.00")
    [lot] = p.lots(security="ACME")
    assert isinstance(lot, tally.Lot)
    assert (lot.quantity, lot.cost, lot.acquired) == (Decimal(5), Decimal("150.00"), date(2025, 6, 3))
    assert len(p.lots(date_to=date(2025, 12, 31))) == 2  # before the sale
    assert p.operations("buy") == [first.id, p.operations("buy")[1]]
    assert p.operations("sell") == [sale.transaction.id]

    b.book.rates.add(tally.Rate("ACME", "USD", date(2026, 2, 1), "40", "manual"))
    holdings = p.holdings(date(2026, 2, 1), "USD")
    assert isinstance(holdings, tally.Holdings)
    [row] = holdings.rows
    assert isinstance(row, tally.Holding)
    assert (row.security, row.quantity, row.market_value, row.unrealized_gain) == (
        "ACME", Decimal(5), Decimal("200.00"), Decimal("50.00")
    )
    assert (holdings.total_value, holdings.total_cost, holdings.missing) == (
        Decimal("200.00"), Decimal("150.00"), []
    )
    stale = p.holdings(date(2026, 3, 1), "USD", max_price_age_days=7)
    [missing] = stale.missing
    assert isinstance(missing, tally.MissingPrice) and missing.code == "stale_rate"
    assert p.holdings(date(2026, 3, 1), "USD", account=b.broker, max_price_age_days=60).total_value == Decimal("200.00")

    # Selling more than is held raises insufficient_quantity, with nothing written.
    with pytest.raises(tally.ValidationError) as err:
        p.sell(date(2026, 2, 2), b.broker, "ACME", 6, "20", b.gains)
    assert err.value.code == "insufficient_quantity"
    kinds = {e["kind"] for e in events}
    assert "transactions_added" in kinds
    assert p.issues() == []


def test_the_other_operations(b):
    p = b.p
    p.define_security("FUND", "Fund", "mutual_fund", "USD", scale=3)
    buy = p.buy(date(2025, 1, 2), b.broker, "FUND", "10", "10")
    # Specific identification, a transfer in kind, income, a reinvestment, a fee, a split, a
    # return of capital: each one transaction.
    div = p.income_received("dividend", date(2025, 3, 1), b.broker, "5.00", b.dividends, security="FUND")
    interest = p.income_received("interest", date(2025, 3, 2), b.broker, "1.00", b.dividends, cash_account=b.cash)
    reinvest = p.reinvest(date(2025, 3, 3), b.broker, "FUND", "5.00", "0.5", b.dividends)
    fee = p.fee(date(2025, 3, 4), b.broker, "2.00", b.fees, security="FUND")
    split = p.split(date(2025, 4, 1), "FUND", 2)
    picked = p.lots(account=b.broker)[0]  # the split's lots
    moved = p.transfer_in_kind(date(2025, 5, 1), b.broker, b.other, "FUND", "4", lots=[(picked.id, "4")])
    roc = p.return_of_capital(date(2025, 6, 1), b.other, "FUND", "1.00")
    for tx in (div, interest, reinvest, fee, split, moved, roc):
        assert isinstance(tx, tally.Transaction)
    assert [i.kind for i in p.income(date(2025, 1, 1), date(2025, 12, 31))] == ["dividend", "interest", "reinvest"] or {
        i.kind for i in p.income(date(2025, 1, 1), date(2025, 12, 31))
    } == {"dividend", "interest", "reinvest"}
    assert all(isinstance(i, tally.IncomeRow) for i in p.income(date(2025, 1, 1), date(2025, 12, 31), account=b.broker))
    assert sum(l.quantity for l in p.lots(account=b.other)) == Decimal(4)
    assert sum(l.quantity for l in p.lots()) == Decimal(21)  # (10 + 0.5) * 2
    assert p.operations("split") == [split.id] and p.operations("return_of_capital") == [roc.id]
    last = p.lots(account=b.broker)[-1]
    sale = p.sell(date(2025, 7, 1), b.broker, "FUND", "1", "12", b.gains, lots=[(last.id, "1")])
    assert sale.gains[0].lot_id == last.id
    with pytest.raises(tally.NotFoundError) as err:
        p.sell(date(2025, 7, 2), b.broker, "FUND", "1", "12", b.gains, lots=[(999_999, "1")])
    assert err.value.code == "lot_not_found"
    assert buy.id in p.operations("buy")


def test_targets_allocation_and_rebalancing_with_prices_and_an_ofx_import(b, tmp_path):
    p = b.p
    first = p.import_file(STATEMENT, b.broker, b.dividends, b.gains, file_name="widget.ofx")
    assert isinstance(first, tally.InvestmentImportReport)
    assert (first.securities_defined, first.transactions_added, first.skipped) == (1, 2, [])
    again = p.import_file(STATEMENT, b.broker, b.dividends, b.gains)
    assert (again.transactions_added, again.already_imported) == (0, 2)
    [lot] = p.lots(security="WDGT")
    assert (lot.quantity, lot.cost) == (Decimal(10), Decimal("505.00"))
    prices = tmp_path / "prices.csv"
    prices.write_text("date,symbol,price,currency\n2024-03-29,WDGT,60,USD\n")
    loaded = p.load_prices(prices)
    assert isinstance(loaded, tally.LoadReport) and loaded.added == 1
    assert p.load_prices(prices.read_bytes(), file_name="p.csv").added == 0

    r = p.returns(date(2024, 1, 2), date(2024, 3, 29), "USD", max_price_age_days=100)
    assert isinstance(r, tally.Returns)
    assert (r.start_value, r.end_value, r.withdrawals) == (Decimal("500.00"), Decimal("600.00"), Decimal("12.50"))
    assert r.simple.rate == Decimal("0.225") and isinstance(r.simple, tally.RateOfReturn)
    assert r.time_weighted.status == "ok" and r.money_weighted.status == "ok"
    assert isinstance(r.money_weighted.rate, Decimal)
    assert p.returns(date(2024, 1, 2), date(2024, 3, 29), "USD", security="WDGT", day_count="act_360", max_price_age_days=100).simple.rate == Decimal("0.225")

    p.define_security("BOND", "Bonds", "bond", "USD")
    b.book.rates.add(tally.Rate("BOND", "USD", date(2024, 3, 29), "100", "test"))
    p.set_targets([("asset_class", "stock", "50"), ("asset_class", "bond", 50)])
    targets = p.targets()
    assert [(t.kind, t.key, t.percent) for t in targets] == [("asset_class", "bond", Decimal(50)), ("asset_class", "stock", Decimal(50))] or {
        (t.kind, t.key) for t in targets
    } == {("asset_class", "stock"), ("asset_class", "bond")}
    assert p.targets(account=b.broker) == []
    p.set_targets(targets)  # records given back
    allocation = p.allocation(date(2024, 3, 29), "USD")
    assert isinstance(allocation, tally.PortfolioAllocation) and allocation.total_value == Decimal("600.00")
    stock = next(r for r in allocation.rows if r.key == "stock")
    assert (stock.percent, stock.drift_percent) == (Decimal(100), Decimal(50))
    plan = p.rebalance(b.broker, date(2024, 3, 29), "USD", new_cash="400")
    assert isinstance(plan, tally.RebalancePlan)
    assert [(t.security, t.side, t.quantity) for t in plan.trades] == [
        ("WDGT", "sell", Decimal("1.6666")), ("BOND", "buy", Decimal(4))
    ]
    assert plan.trades[0].estimated_gain == Decimal("15.84") and plan.cash_left == Decimal("100.00")
    with pytest.raises(tally.ValidationError) as err:
        p.set_targets([("security", "WDGT", "99")])
    assert err.value.code == "invalid_targets"
    p.set_targets([])
    with pytest.raises(tally.ValidationError) as err:
        p.rebalance(b.broker, date(2024, 3, 29), "USD")
    assert err.value.code == "invalid_targets"


def test_an_investment_statement_from_imports_parse(b):
    [statement] = b.book.imports.parse(STATEMENT, file_name="widget.ofx")
    report = b.p.import_statement(statement, b.broker, b.dividends, b.gains, default_asset_class="stock")
    assert (report.statements, report.transactions_added) == (1, 2)


def test_xirr_and_xnpv_on_known_cases():
    # 100 paid in on 2020-01-01, 110 back a year later: 2020 has 366 days, so just under 10 %.
    rate = tally.xirr([date(2020, 1, 1), date(2021, 1, 1)], [-100, "110"])
    assert isinstance(rate, Decimal) and abs(rate - Decimal("0.09971")) < Decimal("0.0001")
    assert tally.xirr([date(2020, 1, 1), date(2021, 1, 1)], [-100, 110], "act_act_isda") == Decimal("0.1")
    assert tally.xirr([date(2020, 1, 1), date(2021, 1, 1)], [100, 110]) is None  # one sign
    # Excel's XIRR documentation sample: 0.373362535.
    dates = [date(2008, 1, 1), date(2008, 3, 1), date(2008, 10, 30), date(2009, 2, 15), date(2009, 4, 1)]
    amounts = [Decimal("-10000"), Decimal("2750"), Decimal("4250"), Decimal("3250"), Decimal("2750")]
    excel = tally.xirr(dates, amounts)
    assert excel is not None and abs(excel - Decimal("0.373362535")) < Decimal("1e-8")
    npv = tally.xnpv(0.09, dates, amounts)
    assert isinstance(npv, float) and abs(npv - 2086.647602) < 1e-3  # Excel's XNPV sample
    assert abs(tally.xnpv(float(excel), dates, amounts)) < 1e-6
    with pytest.raises(TypeError, match="float"):
        tally.xirr(dates, [-10000.0, 2750, 4250, 3250, 2750])
    with pytest.raises(tally.ValidationError):
        tally.xirr(dates, amounts[:2])
    with pytest.raises(tally.ValidationError) as err:
        tally.xirr(dates, amounts, "act_999")
    assert err.value.field == "day_count"
