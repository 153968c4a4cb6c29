"""The quickstart scenario through UniFFI's Python output, so the FFI layer of the mobile binding
is exercised from a second language: the same figures as examples/tests/quickstart.rs, plus the
boundary checks that differ in a dynamic language (a float amount is a type error, errors carry
their code, a coroutine call, a callback implemented in Python), the rates: the ECB history
as bytes, lookups, conversions, exchanges and reports in a reporting currency, and the imports:
bank files of every format from ../shared/data parsed, a real OFX file imported once, undone.

Usage: python3 scenario.py <generated python dir> <examples/data> <../shared/data/ecb> <../shared/data>
Prints `N passed, N failed` and exits non-zero on any failure. Needs only the standard library.
"""

import asyncio
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from tally import (  # noqa: E402  (the generated module, found through the path above)
    AlertFilter,
    IncomeRequest,
    OperationKind,
    TargetKey,
    TargetWeight,
    AssetClass,
    BuyRequest,
    CashFlow,
    HoldingsRequest,
    LotFilter,
    NewSecurity,
    SellRequest,
    xirr,
    AlertKind,
    BudgetCategory,
    BudgetMode,
    BudgetUpdate,
    Clock,
    GoalKind,
    GoalUpdate,
    DateChange,
    NewAllocation,
    NewBudget,
    NewContribution,
    NewGoal,
    NewRule,
    OverspendPolicy,
    Period,
    SurplusPolicy,
    TrainRequest,
    payee_contains_rule,
    AccountKind,
    AccountSubtype,
    ConnectionAccount,
    ConnectionStatus,
    ConvertOptions,
    DateOrder,
    Engine,
    EntityKind,
    Event,
    EventListener,
    ImportMode,
    ImportOptions,
    LineStatus,
    LoadOptions,
    LookupOptions,
    NewAccount,
    NewBook,
    NewConnection,
    NewExchange,
    NewSplit,
    NewTransaction,
    NewUser,
    PageRequest,
    ParseOptions,
    Provider,
    Rate,
    RateFilter,
    RateFormat,
    Rounding,
    SortOrder,
    Source,
    StatedBalance,
    StatementAccount,
    StatementFormat,
    Status,
    TallyError,
    TransactionFilter,
    UnitPrice,
    Valuation,
    ValuationOptions,
)

DATA = Path(sys.argv[2])
ECB = Path(sys.argv[3])
SHARED = Path(sys.argv[4])
passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def check_eq(name, actual, expected):
    check(name, actual == expected, f"expected {expected!r}, got {actual!r}")


def check_error(name, variant, code, call):
    try:
        call()
    except TallyError as e:
        check(name, isinstance(e, variant) and e.code == code, f"got {type(e).__name__} {e}")
        return e
    except Exception as e:  # noqa: BLE001 - any other exception is a failure
        check(name, False, f"got {type(e).__name__}: {e}")
        return None
    check(name, False, "no exception")
    return None


def load_sample(book, data):
    """Loads accounts.csv and journal.csv as examples/rust/lib.rs does; returns (accounts, txs)."""
    accounts = book.accounts()
    created = 0
    for line in (data / "accounts.csv").read_text().splitlines()[1:]:
        path, kind, subtype, currency = line.split(",")
        accounts.create(
            NewAccount(
                path=path,
                kind=AccountKind[kind.upper()],
                subtype=AccountSubtype[subtype.upper()],
                currency=currency,
            )
        )
        created += 1
    by_path = {a.path: a.id for a in accounts.list()}
    batch = []
    current = None
    for line in (data / "journal.csv").read_text().splitlines()[1:]:
        txn, date, payee, account, amount, memo = line.split(",")
        split = NewSplit(account_id=by_path[account], amount=amount, memo=memo or None)
        if txn == current:
            batch[-1].splits.append(split)
        else:
            batch.append(
                NewTransaction(
                    date=date,
                    payee=payee,
                    status=Status.CLEARED,
                    source=Source.IMPORT,
                    external_id=f"sample-{txn}",
                    splits=[split],
                )
            )
            current = txn
    ids = book.transactions().add_batch(batch)
    return created, len(ids)


class Recorder(EventListener):
    def __init__(self):
        self.events = []
        self.threads = set()

    def on_event(self, book_id, event):
        self.events.append((book_id, event))
        self.threads.add(threading.current_thread().name)


def quickstart_scenario():
    engine = Engine.in_memory()
    user = engine.users().create(NewUser(email="sam@example.com", given_name="Sam", family_name="Rivera", default_currency="EUR"))
    book = engine.create_book(NewBook(name="Household", owner_id=user.id, default_currency="EUR"))
    check_eq("loaded", load_sample(book, DATA), (14, 64))
    check_error("loading twice", TallyError.Conflict, "duplicate_account_name", lambda: load_sample(book, DATA))

    balances = {b.path: b.total for b in book.accounts().balances("2026-10-31")}
    for path, figure in [
        ("Assets:Bank:Checking", "5028.41"),
        ("Assets:Bank:Savings", "9521.25"),
        ("Assets:Cash", "181.05"),
        ("Assets", "14730.71"),
        ("Liabilities:Credit Card", "0.00"),
        ("Expenses", "5460.54"),
        ("Income", "-9621.25"),
    ]:
        check_eq(path, balances[path], figure)

    october = {c.path: c.total for c in book.reports().spending_by_category("2026-10-01", "2026-10-31")}
    for path, figure in [
        ("Expenses", "1839.25"),
        ("Expenses:Food", "492.45"),
        ("Expenses:Food:Groceries", "396.65"),
        ("Expenses:Household", "19.50"),
        ("Expenses:Housing", "1254.30"),
    ]:
        check_eq(f"October {path}", october[path], figure)

    page = PageRequest(offset=0, limit=100, order=SortOrder.DESCENDING)
    megamart = book.transactions().search(TransactionFilter(text="megamart"), page)
    check_eq("megamart count", megamart.total, 3)
    check("megamart split purchases", all(len(t.splits) == 3 for t in megamart.items))
    return book


def boundary(book):
    accounts = book.accounts()
    cash = accounts.by_path("Assets:Cash")
    groceries = accounts.by_path("Expenses:Food:Groceries")
    # Amounts are decimal strings: a float is refused before it reaches the engine.
    try:
        book.transactions().expense("2026-10-31", cash.id, groceries.id, 12.5, "Farmers market")
        check("float amount refused", False, "no exception")
    except TypeError:
        check("float amount refused", True)
    check_error("exponent refused", TallyError.Validation, "invalid_amount",
                lambda: book.transactions().expense("2026-10-31", cash.id, groceries.id, "1e2", "x"))
    err = check_error("unbalanced", TallyError.Validation, "unbalanced", lambda: book.transactions().add(
        NewTransaction(date="2026-10-31", status=Status.CLEARED, source=Source.MANUAL,
                       splits=[NewSplit(account_id=groceries.id, amount="1.00"),
                               NewSplit(account_id=cash.id, amount="-0.99")])))
    check_eq("error field", getattr(err, "field", None), "splits")
    check_eq("error kind()", err.kind() if err else None, "validation")
    check_error("not found", TallyError.NotFound, "account_not_found", lambda: accounts.by_path("Nope"))

    recorder = Recorder()
    subscription = book.subscribe(recorder)
    tx = book.transactions().expense("2026-10-31", cash.id, groceries.id, "12.50", "Farmers market")
    check_eq("split amounts", [s.amount for s in tx.splits], ["12.50", "-12.50"])
    check_eq("event in Python", recorder.events, [(book.id(), Event.TRANSACTIONS_ADDED(ids=[tx.id]))])

    async def run_async():
        batch = [
            NewTransaction(date="2026-11-01", payee="Corner shop", status=Status.CLEARED, source=Source.MANUAL,
                           splits=[NewSplit(account_id=groceries.id, amount="2.00"),
                                   NewSplit(account_id=cash.id, amount="-2.00")])
        ]
        ids, balances = await asyncio.gather(
            book.transactions().add_batch_async(batch),
            book.accounts().balances_async("2026-10-31"),
        )
        return ids, balances

    ids, balances = asyncio.run(run_async())
    check_eq("async batch", len(ids), 1)
    check_eq("async balances", {b.path: b.total for b in balances}["Assets:Cash"], "168.55")
    check_eq("async batch event", recorder.events[-1][1], Event.TRANSACTIONS_ADDED(ids=ids))
    check("async event on the background thread", any(t != "MainThread" for t in recorder.threads), recorder.threads)
    check("unsubscribe", book.unsubscribe(subscription))


def rates_scenario():
    """The ECB history loaded from bytes, then every rate call, exchanges and valued reports."""
    engine = Engine.in_memory()
    user = engine.users().create(NewUser(email="ada@example.com", given_name="Ada", family_name="Lovelace", default_currency="EUR"))
    book = engine.create_book(NewBook(name="Travel", owner_id=user.id, default_currency="EUR"))
    recorder = Recorder()
    book.subscribe(recorder)
    rates = book.rates()

    def rate_events():
        return [e for _, e in recorder.events if e.is_RATES_CHANGED()]

    history = (ECB / "eurofxref-hist.zip").read_bytes()
    loaded = rates.load(history, LoadOptions(file_name="eurofxref-hist.zip"))
    check_eq("load format", loaded.format, RateFormat.ECB_ZIP)
    check_eq("load read", loaded.read, 221702)
    check_eq("load unknown", loaded.unknown_commodities, ["CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"])
    check_eq("load added + skipped", loaded.added + loaded.skipped_unknown, loaded.read)
    check_eq("rates_changed event", rate_events(), [Event.RATES_CHANGED(added=loaded.added, replaced=0, deleted=0)])
    check_eq("audit entity", book.audit_log(PageRequest(offset=0, limit=1, order=SortOrder.DESCENDING)).items[0].entity, EntityKind.RATE)
    again = rates.load_file(str(ECB / "eurofxref-hist.zip"))
    check_eq("re-load adds nothing", (again.added, again.replaced, again.unchanged), (0, 0, loaded.added))
    check_eq("re-load: no event", len(rate_events()), 1)

    friday = rates.lookup("EUR", "USD", "2026-10-30")
    check_eq("EUR/USD 2026-10-30", friday.rate, "1.1172")
    check_eq("Friday age", friday.age_days(), 0)
    saturday = rates.lookup("EUR", "USD", "2026-10-31")
    check_eq("Saturday uses Friday", (saturday.rate, saturday.path[0].date, saturday.age_days()), ("1.1172", "2026-10-30", 1))
    cross = rates.lookup("USD", "JPY", "2026-10-30")
    check_eq("USD->JPY two legs", [(leg._from, leg.to, leg.inverted, leg.stored_rate) for leg in cross.path],
             [("USD", "EUR", True, "1.1172"), ("EUR", "JPY", False, "175.68")])
    check_error("RUB 2022-03-20", TallyError.NotFound, "stale_rate", lambda: rates.lookup("EUR", "RUB", "2022-03-20"))
    check_eq("RUB with a longer limit", rates.lookup("EUR", "RUB", "2022-03-20", LookupOptions(max_age_days=30)).oldest, "2022-03-01")
    check_error("1998-12-31", TallyError.NotFound, "no_rate", lambda: rates.lookup("EUR", "USD", "1998-12-31"))
    yen = rates.convert("100", "USD", "JPY", "2026-10-30")
    check_eq("100 USD in JPY", (yen.amount, yen.exact[:11], len(yen.quote.path)), ("15725", "15725.02685", 2))
    check_eq("convert rounding", rates.convert("100", "USD", "JPY", "2026-10-30", ConvertOptions(rounding=Rounding.CEILING)).amount, "15726")
    check_eq("list", [r.rate for r in rates.list(RateFilter(base="EUR", quote="USD", _from="2026-10-29", to="2026-10-31"))], ["1.113", "1.1172"])

    bad = b"date,base,quote,rate\n2026-11-02,EUR,USD,1.1190\n2026-11-03,EUR,USD,abc\n"
    err = check_error("malformed CSV", TallyError.Import, "malformed_line", lambda: rates.load(bad, LoadOptions(file_name="upload.csv")))
    check_eq("malformed file and line", (getattr(err, "file", None), getattr(err, "line", None), getattr(err, "field", None)), ("upload.csv", 3, "rate"))
    check_eq("malformed kind()", err.kind() if err else None, "import")
    check_eq("nothing kept", rates.list(RateFilter(_from="2026-11-01")), [])
    missing = check_error("missing file", TallyError.Import, "unreadable_file", lambda: rates.load_file("/no/such/rates.csv"))
    check_eq("missing file named", getattr(missing, "file", None), "/no/such/rates.csv")

    check_eq("add", rates.add(Rate(base="EUR", quote="GBP", date="2026-11-02", rate="0.8400", source="manual")).added, 1)
    many = rates.add_many([Rate(base="EUR", quote="GBP", date="2026-11-02", rate="0.84", source="manual"),
                           Rate(base="EUR", quote="CHF", date="2026-11-02", rate="0.93", source="manual")])
    check_eq("add_many", (many.added, many.unchanged), (1, 1))
    rates.delete("EUR", "GBP", "2026-11-02")
    check_error("delete twice", TallyError.NotFound, "rate_not_found", lambda: rates.delete("EUR", "GBP", "2026-11-02"))
    check_eq("rates_changed events", rate_events()[1:], [
        Event.RATES_CHANGED(added=1, replaced=0, deleted=0),
        Event.RATES_CHANGED(added=1, replaced=0, deleted=0),
        Event.RATES_CHANGED(added=0, replaced=0, deleted=1),
    ])

    accounts = book.accounts()

    def account(path, kind, subtype, currency):
        return accounts.create(NewAccount(path=path, kind=kind, subtype=subtype, currency=currency))

    eur = account("Assets:Bank:EUR", AccountKind.ASSET, AccountSubtype.CHECKING, "EUR")
    usd = account("Assets:Bank:USD", AccountKind.ASSET, AccountSubtype.CHECKING, "USD")
    rub = account("Assets:Cash:RUB", AccountKind.ASSET, AccountSubtype.CASH, "RUB")
    equity = account("Equity:Opening", AccountKind.EQUITY, AccountSubtype.OTHER, "EUR")
    fx = account("Income:FX", AccountKind.INCOME, AccountSubtype.OTHER, "EUR")
    travel = account("Expenses:Travel", AccountKind.EXPENSE, AccountSubtype.OTHER, "USD")
    txs = book.transactions()
    txs.transfer("2026-10-01", equity.id, eur.id, "1000.00")
    sent = txs.exchange(NewExchange(date="2026-10-28", _from=eur.id, to=usd.id, amount="100"))
    check_eq("exchange amounts", [s.amount for s in sent.splits], ["-100.00", "111.33"])
    check_eq("exchange stores the rate", sent.splits[0].price, UnitPrice(amount="1.1133", commodity="USD"))
    txs.exchange(NewExchange(date="2026-10-15", _from=eur.id, to=rub.id, amount="10", rate="90"))
    mixed = NewTransaction(date="2026-10-30", status=Status.CLEARED, source=Source.MANUAL, fx_account=fx.id,
                           splits=[NewSplit(account_id=usd.id, amount="111.70"), NewSplit(account_id=eur.id, amount="-100.00")])
    check_eq("fx_account residue", [(s.account_id, s.amount, s.commodity) for s in txs.add(mixed).splits],
             [(usd.id, "111.70", "USD"), (eur.id, "-100.00", "EUR"), (fx.id, "0.02", "USD")])
    txs.expense("2026-10-30", usd.id, travel.id, "22.34", "Diner")

    in_eur = ValuationOptions(currency="EUR")
    worth = book.reports().net_worth("2026-10-31", in_eur)
    # EUR 790.00; USD 111.33 + 111.70 - 22.34 = 200.69 at 1.1172 = 179.64; RUB left out.
    check_eq("net_worth", (worth.assets, worth.net_worth, worth.valuation), ("969.64", "969.64", Valuation.SPOT))
    check_eq("net_worth unconverted", [(u.path, u.amount, u.code) for u in worth.unconverted], [("Assets:Cash:RUB", "900.00", "stale_rate")])
    balances = accounts.balances_in("2026-10-31", ValuationOptions(currency="EUR", valuation=Valuation.HISTORICAL))
    # Historical: 111.33 at 1.1133 = 100.00, 89.36 at 1.1172 = 79.986...: 179.99.
    check_eq("balances_in historical", {r.path: r.total for r in balances.rows}["Assets:Bank:USD"], "179.99")
    spending = book.reports().spending_by_category_in("2026-10-01", "2026-10-31", in_eur)
    check_eq("spending_by_category_in", [(r.path, r.total) for r in spending.rows], [("Expenses", "20.00"), ("Expenses:Travel", "20.00")])
    income = book.reports().income_by_category_in("2026-10-01", "2026-10-31", in_eur)
    check_eq("income_by_category_in", [(r.path, r.total) for r in income.rows], [("Income", "-0.02"), ("Income:FX", "-0.02")])
    gain = book.reports().fx_gain(usd.id, "2026-10-28", "2026-10-29", in_eur)
    # 111.33 USD: 100.00 EUR at 1.1133 on the 28th, 100.03 at 1.113 on the 29th.
    check_eq("fx_gain", (gain.opening_value, gain.closing_value, gain.flows_value, gain.gain), ("100.00", "100.03", "0.00", "0.03"))

    async def run_async():
        return await asyncio.gather(
            rates.load_async((ECB / "eurofxref.csv").read_bytes()),
            rates.load_file_async(str(ECB / "eurofxref.csv")),
            rates.list_async(RateFilter(base="EUR", quote="USD", _from="2026-10-29", to="2026-10-31")),
            rates.add_many_async([Rate(base="EUR", quote="GBP", date="2026-11-03", rate="0.85", source="manual")]),
            accounts.balances_in_async("2026-10-31", in_eur),
            book.reports().net_worth_async("2026-10-31", in_eur),
            book.reports().spending_by_category_in_async("2026-10-01", "2026-10-31", in_eur),
            book.reports().income_by_category_in_async("2026-10-01", "2026-10-31", in_eur),
            book.reports().fx_gain_async(usd.id, "2026-10-28", "2026-10-29", in_eur),
        )

    day, day_file, listed, added, valued, worth_async, spending_async, income_async, gain_async = asyncio.run(run_async())
    check_eq("load_async one-day CSV", (day.format, day.added, day.unchanged), (RateFormat.ECB_CSV, 0, day.read))
    check_eq("load_file_async", day_file, day)
    check_eq("list_async", [r.rate for r in listed], ["1.113", "1.1172"])
    check_eq("add_many_async", added.added, 1)
    check_eq("balances_in_async", {r.path: r.total for r in valued.rows}["Assets:Bank:USD"], "179.64")
    check_eq("async reports", (worth_async, spending_async, income_async, gain_async), (worth, spending, income, gain))


def imports_scenario():
    """Every format parsed from ../shared/data, the Mercury OFX file imported once, strict and
    lenient imports of a CSV with bad lines, undo, a malformed file."""
    engine = Engine.in_memory()
    user = engine.users().create(NewUser(email="m@example.com", given_name="Mia", family_name="Rossi", default_currency="USD"))
    book = engine.create_book(NewBook(name="Business", owner_id=user.id, default_currency="USD"))
    imports = book.imports()

    mercury = SHARED / "crate-ofx-rs/tests/fixtures/mercury-checking.ofx"
    (ofx,) = imports.parse_file(str(mercury))
    check_eq("OFX", (ofx.format, len(ofx.lines), ofx.file), (StatementFormat.OFX, 674, str(mercury)))
    check_eq("OFX account", ofx.account, StatementAccount(bank_id="121000248", branch_id=None, account_id="202497494038",
                                                          account_type="CHECKING", currency="USD", name=None))
    check_eq("OFX closing balance", ofx.closing_balance, StatedBalance(amount="1149.86", date="2026-03-19", currency="USD"))
    check_eq("OFX first line", (ofx.lines[0].line, ofx.lines[0].date, ofx.lines[0].amount, ofx.lines[0].kind), (34, "2024-03-11", "2500.0", "CREDIT"))

    camt_bytes = (SHARED / "camt053-newinnovations/doc/test-camt053.xml").read_bytes()
    (camt,) = imports.parse(camt_bytes, ParseOptions(file_name="test-camt053.xml"))
    check_eq("CAMT", (camt.format, camt.file, len(camt.lines)), (StatementFormat.CAMT053, "test-camt053.xml", 2))
    check_eq("CAMT closing balance", (camt.closing_balance.amount, camt.closing_balance.date), ("950.00", "2026-07-21"))
    check_eq("CAMT lines", [(l.amount, l.bank_id) for l in camt.lines], [("-100.00", "REF001"), ("50.00", "REF002")])
    unreconciled = camt_bytes.replace(b"950.00", b"900.00")
    err = check_error("CAMT closing balance checked", TallyError.Import, "malformed_line",
                      lambda: imports.parse(unreconciled, ParseOptions(file_name="test-camt053.xml")))
    check_eq("CAMT error location", (getattr(err, "file", None), getattr(err, "line", None)), ("test-camt053.xml", 38))
    check_eq("camt_skip_balance_check", imports.parse(unreconciled, ParseOptions(camt_skip_balance_check=True))[0].closing_balance.amount, "900.00")

    (qif,) = imports.parse_file(str(SHARED / "actual-loot-core/data-with-categories.qif"), ParseOptions(qif_date_order=DateOrder.MONTH_DAY))
    check_eq("QIF", [(l.line, l.date, l.amount, l.payee, l.category) for l in qif.lines], [
        (2, "2018-12-19", "-100.58", "Outlet", "Usual Expenses:Shopping"),
        (7, "2018-12-19", "-20.15", "GroceriesYou", "Groceries"),
        (12, "2018-12-19", "-40.60", "RestaurantExample", "Food"),
    ])
    check_eq("QIF format", qif.format, StatementFormat.QIF)

    (mt940,) = imports.parse_file(str(SHARED / "crate-mt940/tests/data/mt940/full/sparkasse/buxtehude.sta"))
    check_eq("MT940", (mt940.format, mt940.account.account_id, mt940.opening_balance.amount, mt940.closing_balance.amount),
             (StatementFormat.MT940, "0291593375", "13564.13", "13523.09"))
    check_eq("MT940 lines", [l.amount for l in mt940.lines], ["-119.35", "-16.69", "-5.00"])

    csv = (b"Date,Payee,Amount,Currency\n2026-10-01,ACME Payroll,2500.00,USD\n2026-10-03,Bakery,-4.20,USD\n"
           b"2026-10-05,Fresh Market,-61.90,USD\n2026-10-06,Abroad,-3.00,EUR\n2026-10-07,Too precise,-0.001,USD\n")
    profile = imports.suggest_csv_profile(csv, "october.csv")
    check("suggested profile is JSON with the columns", all(p in profile for p in ('"date":"Date"', '"amount":"Amount"', '"currency":"Currency"')), profile)
    (read,) = imports.parse(csv, ParseOptions(csv=profile, file_name="october.csv"))
    check_eq("CSV", (read.format, [(l.date, l.amount, l.payee, l.currency) for l in read.lines]), (StatementFormat.CSV, [
        ("2026-10-01", "2500.00", "ACME Payroll", "USD"), ("2026-10-03", "-4.20", "Bakery", "USD"),
        ("2026-10-05", "-61.90", "Fresh Market", "USD"), ("2026-10-06", "-3.00", "Abroad", "EUR"),
        ("2026-10-07", "-0.001", "Too precise", "USD"),
    ]))
    bad_profile = check_error("profile that is not JSON", TallyError.Validation, "invalid_field", lambda: imports.parse(csv, ParseOptions(csv="[")))
    check_eq("bad profile field", getattr(bad_profile, "field", None), "csv")

    accounts = book.accounts()
    checking = accounts.create(NewAccount(path="Assets:Mercury", kind=AccountKind.ASSET, subtype=AccountSubtype.CHECKING, currency="USD"))
    inbox = accounts.create(NewAccount(path="Expenses:Uncategorized", kind=AccountKind.EXPENSE, subtype=AccountSubtype.OTHER, currency="USD"))
    options = ImportOptions(account=checking.id, counter_account=inbox.id)

    def count(account):
        return book.transactions().search(TransactionFilter(accounts=[account]), PageRequest(offset=0, limit=1, order=SortOrder.DESCENDING)).total

    plan = imports.import_file(str(mercury), ParseOptions(), ImportOptions(account=checking.id, counter_account=inbox.id, dry_run=True))
    check_eq("dry run", (plan.new, plan.committed, plan.transaction_ids, plan.balance_check.passed), (674, False, [], True))
    check_eq("dry run writes nothing", (count(checking.id), accounts.assertions()), (0, []))
    first = imports.import_file(str(mercury), ParseOptions(), options)
    check_eq("import", (first.new, first.duplicates, first.rejected, first.committed, len(first.transaction_ids)), (674, 0, 0, True, 674))
    check_eq("balance check", (first.balance_check.assertion.amount, first.balance_check.actual, first.balance_check.passed), ("1149.86", "1149.86", True))
    check_eq("first outcome", (first.lines[0].index, first.lines[0].line, first.lines[0].status), (0, 34, LineStatus.NEW))
    again = imports.import_file(str(mercury), ParseOptions(), options)
    check_eq("re-import", (again.new, again.duplicates, again.transaction_ids), (0, 674, []))
    check_eq("undo", imports.undo(first.transaction_ids), 674)
    check_eq("undone", count(checking.id), 0)
    check_eq("undone lines stay deleted", imports.import_file(str(mercury), ParseOptions(), options).deleted, 674)

    card = accounts.create(NewAccount(path="Assets:Card", kind=AccountKind.ASSET, subtype=AccountSubtype.CHECKING, currency="USD"))
    card_options = ImportOptions(account=card.id, counter_account=inbox.id)
    strict = imports.import_bytes(csv, ParseOptions(csv=profile), card_options)
    check_eq("strict", (strict.committed, strict.new, strict.rejected, count(card.id)), (False, 3, 2, 0))
    check_eq("rejected lines", [(l.index, l.line, l.field) for l in strict.lines if l.status == LineStatus.REJECTED], [(3, 5, "currency"), (4, 6, "amount")])
    check("rejected reason has the code", strict.lines[4].reasons[0].startswith("too_many_decimals"), strict.lines[4].reasons)

    bad = mercury.read_bytes().replace(b"<TRNAMT>-5.33", b"<TRNAMT>-5,x3", 1)
    malformed = check_error("malformed OFX", TallyError.Import, "malformed_line",
                            lambda: imports.import_bytes(bad, ParseOptions(file_name="mercury-bad.ofx"), options))
    check_eq("malformed file, line, field", (getattr(malformed, "file", None), getattr(malformed, "line", None), getattr(malformed, "field", None)),
             ("mercury-bad.ofx", 2759, "TRNAMT"))
    check_eq("malformed kind()", malformed.kind() if malformed else None, "import")
    missing = check_error("missing file", TallyError.Import, "unreadable_file", lambda: imports.parse_file("/no/such/statement.ofx"))
    check_eq("missing file named", getattr(missing, "file", None), "/no/such/statement.ofx")

    async def run_async():
        return await asyncio.gather(
            imports.parse_async(camt_bytes, ParseOptions(file_name="test-camt053.xml")),
            imports.parse_file_async(str(mercury)),
            imports.import_bytes_async(csv, ParseOptions(csv=profile), ImportOptions(account=card.id, counter_account=inbox.id, mode=ImportMode.LENIENT)),
        )

    camt_async, ofx_async, lenient = asyncio.run(run_async())
    check_eq("parse_async", camt_async, [camt])
    check_eq("parse_file_async", ofx_async, [ofx])
    check_eq("lenient (async)", (lenient.committed, lenient.new, lenient.rejected, len(lenient.transaction_ids)), (True, 3, 2, 3))
    check_eq("lenient wrote the good lines", count(card.id), 3)
    restored = asyncio.run(imports.import_file_async(str(mercury), ParseOptions(), ImportOptions(account=checking.id, counter_account=inbox.id, reimport_deleted=True)))
    check_eq("import_file_async restores", (restored.restored, restored.new), (674, 0))


def sync_scenario():
    """A connection synced with two Plaid pages as one unit, a re-run adding nothing, the batch
    undone."""
    engine = Engine.in_memory()
    user = engine.users().create(NewUser(email="ada@example.com", given_name="Ada", family_name="Lovelace", default_currency="EUR"))
    book = engine.create_book(NewBook(name="Home", owner_id=user.id, default_currency="EUR"))
    checking = book.accounts().create(NewAccount(path="Assets:Checking", kind=AccountKind.ASSET, subtype=AccountSubtype.CHECKING, currency="EUR"))
    inbox = book.accounts().create(NewAccount(path="Expenses:Inbox", kind=AccountKind.EXPENSE, subtype=AccountSubtype.OTHER, currency="EUR"))
    imports = book.imports()
    conn = imports.create_connection(NewConnection(provider=Provider.PLAID, institution="ins_1", name="Bank", accounts=[ConnectionAccount(provider_account_id="acc-1", account_id=checking.id)], counter_account=inbox.id, access_token=None))
    check_eq("connection without token", (conn.has_token, conn.status), (False, ConnectionStatus.ACTIVE))

    def page(tid, amount, cursor, more):
        return ('{"added": [{"transaction_id": "%s", "account_id": "acc-1", "date": "2026-10-03", "amount": %s, '
                '"iso_currency_code": "EUR", "name": "Shop"}], "modified": [], "removed": [], '
                '"next_cursor": "%s", "has_more": %s}' % (tid, amount, cursor, "true" if more else "false")).encode()

    pages = [page("t1", "4.20", "c1", True), page("t2", "-25.00", "c2", False)]
    failed = check_error("sync_failed", TallyError.Import, "sync_failed", lambda: imports.sync(conn.id, [pages[0]]))
    check_eq("sync_failed field", getattr(failed, "field", None), "has_more")
    done = imports.sync(conn.id, pages)
    check_eq("sync", (done.connection.cursor, [p.added for p in done.pages]), ("c2", [1, 1]))
    check_eq("re-run", imports.sync(conn.id, pages).batch, None)
    undone = imports.undo_batch(done.batch.id)
    check("batch undone", undone.undone_at is not None)
    check_error("batch_already_undone", TallyError.Conflict, "batch_already_undone", lambda: imports.undo_batch(done.batch.id))


class FixedClock(Clock):
    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at


def plan_book(day):
    from datetime import datetime, timezone
    engine = Engine.in_memory().with_clock(FixedClock(datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=timezone.utc)))
    user = engine.users().create(NewUser(email="ada@example.com", given_name="Ada", family_name="Lovelace", default_currency="EUR"))
    book = engine.create_book(NewBook(name="Plans", owner_id=user.id, default_currency="EUR"))
    made = {}
    for path, kind, sub in [("Assets:Bank:Checking", AccountKind.ASSET, AccountSubtype.CHECKING),
                            ("Assets:Bank:Savings", AccountKind.ASSET, AccountSubtype.SAVINGS),
                            ("Expenses:Uncategorized", AccountKind.EXPENSE, AccountSubtype.OTHER),
                            ("Expenses:Coffee", AccountKind.EXPENSE, AccountSubtype.OTHER),
                            ("Expenses:Groceries", AccountKind.EXPENSE, AccountSubtype.OTHER)]:
        made[path.split(":")[-1].lower()] = book.accounts().create(NewAccount(path=path, kind=kind, subtype=sub, currency="EUR")).id
    return engine, book, made


COFFEE_IF = '{"kind":"text","field":"payee","match":{"op":"contains","value":"STARBUCKS"}}'
COFFEE_DO = '[{"kind":"set_category","value":"Expenses:Coffee"}]'


def categorizer_scenario():
    engine, book, a = plan_book("2026-10-31")
    cat = book.categorizer()
    rule = cat.create_rule(NewRule(name="coffee", condition=COFFEE_IF, actions=COFFEE_DO))
    check_eq("rule condition JSON both ways", (rule.condition, rule.actions), (COFFEE_IF, COFFEE_DO))
    e = check_error("condition not JSON", TallyError.Validation, "invalid_rule",
                    lambda: cat.create_rule(NewRule(name="x", condition="{", actions=COFFEE_DO)))
    check_eq("invalid_rule field", getattr(e, "field", None), "condition")
    check_error("rule_not_found", TallyError.NotFound, "rule_not_found", lambda: cat.rule(999))
    check_error("not_enough_training_data", TallyError, "not_enough_training_data", lambda: cat.train(TrainRequest(force=True)))
    csv = (b"Date,Payee,Amount\n2026-10-03,STARBUCKS 123,-4.50\n2026-10-04,Bakery,-3.20\n"
           b"2026-10-05,Bakery,-2.80\n2026-10-06,Bakery,-5.00\n2026-10-07,Market,-40.00\n")
    result = book.imports().import_bytes(csv, ParseOptions(file_name="oct.csv"), ImportOptions(account=a["checking"], counter_account=a["uncategorized"]))
    ids = result.transaction_ids
    first = cat.decision(ids[0])
    check_eq("rule decided at import", (first.decided_by, first.rule_id), ("rule", rule.id))
    check_eq("review queue", cat.review_queue(PageRequest(order=SortOrder.ASCENDING)).total, 4)
    corrections = [cat.correct(t, a["groceries"]) for t in ids[1:4]]
    proposal = corrections[-1].proposal
    check_eq("proposal after three corrections", (proposal.payee, proposal.corrections, proposal.category), ("BAKERY", 3, a["groceries"]))
    check_eq("accept proposal", cat.accept_proposal(proposal).actions, '[{"kind":"set_category","value":"Expenses:Groceries"}]')
    check_eq("payee_contains_rule", payee_contains_rule("Bakery", "Expenses:Groceries").name, "Bakery -> Expenses:Groceries")
    check_eq("categorize_async", asyncio.run(cat.categorize_async([ids[0]]))[0].decided_by, "rule")
    check_eq("test_rule writes nothing", cat.test_rule(NewRule(name="m", condition=COFFEE_IF, actions=COFFEE_DO)), [])


def budgets_goals_alerts_scenario():
    engine, book, a = plan_book("2026-10-20")
    budgets = book.budgets()
    line = BudgetCategory(account_id=a["groceries"], rollover=SurplusPolicy.ROLL, overspend=OverspendPolicy.CARRY)
    budget = budgets.create(NewBudget(name="Monthly", period=Period.MONTHLY(), start="2026-10-01", currency="EUR",
                                      mode=BudgetMode.PERIOD, thresholds=[80, 100], categories=[line]))
    check_error("budget_not_found", TallyError.NotFound, "budget_not_found", lambda: budgets.get(999))
    check_error("budget_overlap", TallyError.Conflict, "budget_overlap", lambda: budgets.create(NewBudget(
        name="Again", period=Period.MONTHLY(), start="2026-10-01", currency="EUR", mode=BudgetMode.PERIOD, thresholds=[100], categories=[line])))
    try:
        budgets.set_allocation(budget.id, "2026-10-01", a["groceries"], 300.0)
        check("float allocation refused", False, "no exception")
    except TypeError:
        check("float allocation refused", True)
    budgets.set_allocation(budget.id, "2026-10-01", a["groceries"], "300")
    budgets.set_allocations(budget.id, [NewAllocation(period="2026-11-01", account_id=a["groceries"], amount="300")])
    raised = []

    class Listener(EventListener):
        def on_event(self, book_id, event):
            if isinstance(event, Event.ALERT_RAISED):
                raised.append((event.alert, any(x.id == event.alert.id for x in book.alerts().list(AlertFilter()))))

    sub = book.subscribe(Listener())
    tx = book.transactions()
    tx.expense("2026-10-05", a["checking"], a["groceries"], "100.00", "Market")
    tx.expense("2026-10-12", a["checking"], a["groceries"], "150.00", "Market")
    tx.expense("2026-10-13", a["checking"], a["groceries"], "1.00", "Market")
    check_eq("one alert event, after the commit", [(al.kind, stored) for al, stored in raised], [(AlertKind.BUDGET_THRESHOLD, True)])
    book.unsubscribe(sub)
    status = budgets.status(budget.id, "2026-10-20")
    check_eq("october status", (status.totals.allocated, status.totals.spent, status.totals.available), ("300.00", "251.00", "49.00"))
    november = budgets.status(budget.id, "2026-11-15")
    check_eq("november rollover", (november.totals.rolled_in, november.totals.available), ("49.00", "349.00"))
    check_error("alert_not_found", TallyError.NotFound, "alert_not_found", lambda: book.alerts().mark_read([999]))
    goals = book.goals()
    goal = goals.create(NewGoal(name="Trip", kind=GoalKind.SAVE_TOWARD(accounts=[a["savings"]]), target="1000", currency="EUR", deadline="2027-06-30"))
    tx.transfer("2026-10-15", a["checking"], a["savings"], "250")
    goals.contribute(goal.id, NewContribution(date="2026-10-16", amount="100"))
    progress = goals.progress(goal.id)
    check_eq("goal progress", (progress.current, progress.remaining, progress.percent), ("350.00", "650.00", "35.00"))
    goals.archive(goal.id)
    check_error("goal_archived", TallyError.Conflict, "goal_archived", lambda: goals.contribute(goal.id, NewContribution(date="2026-10-17", amount="1")))
    goals.unarchive(goal.id)
    check_error("goal_not_found", TallyError.NotFound, "goal_not_found", lambda: goals.get(999))
    check_eq("goal update", goals.update(goal.id, GoalUpdate(name="Holiday", deadline=DateChange.CLEAR())).name, "Holiday")
    check_eq("budget update", budgets.update(budget.id, BudgetUpdate(name="Food")).name, "Food")


def portfolio_scenario():
    engine, book, a = plan_book("2026-06-30")
    broker = book.accounts().create(NewAccount(path="Assets:Broker", kind=AccountKind.ASSET, subtype=AccountSubtype.INVESTMENT, currency="EUR")).id
    gains = book.accounts().create(NewAccount(path="Income:Capital Gains", kind=AccountKind.INCOME, subtype=AccountSubtype.OTHER, currency="EUR")).id
    pf = book.portfolio()
    pf.define_security(NewSecurity(code="ACME", name="Acme", asset_class=AssetClass.STOCK, currency="EUR"))
    check_error("not_a_security", TallyError.Validation, "not_a_security", lambda: pf.security("EUR"))
    for day, price in (("2026-01-10", "100"), ("2026-03-10", "120")):
        pf.buy(BuyRequest(date=day, account_id=broker, security="ACME", quantity="10", price=price, cash_account_id=a["checking"]))
    sell = dict(date="2026-06-10", account_id=broker, security="ACME", price="130", gains_account_id=gains, cash_account_id=a["checking"])
    check_error("insufficient_quantity", TallyError.Validation, "insufficient_quantity", lambda: pf.sell(SellRequest(quantity="100", **sell)))
    sale = pf.sell(SellRequest(quantity="15", **sell))
    check_eq("FIFO gains", [(g.acquired, g.quantity, g.gain) for g in sale.gains], [("2026-01-10", "10", "300"), ("2026-03-10", "5", "50")])
    check_eq("lots left", [(l.acquired, l.quantity) for l in pf.lots(LotFilter(account_id=broker))], [("2026-03-10", "5")])
    book.rates().add(Rate(base="ACME", quote="EUR", date="2026-06-30", rate="140", source="manual"))
    h = asyncio.run(pf.holdings_async(HoldingsRequest(as_of="2026-06-30", currency="EUR")))
    check_eq("holdings", (h.total_value, h.total_cost, h.total_unrealized_gain), ("700.00", "600.00", "100.00"))
    pf.set_targets(broker, [TargetWeight(key=TargetKey.SECURITY(code="ACME"), percent="60"),
                            TargetWeight(key=TargetKey.ASSET_CLASS(asset_class=AssetClass.BOND), percent="40")])
    check_eq("targets", len(pf.targets(broker)), 2)
    check_error("invalid_targets", TallyError.Validation, "invalid_targets",
                lambda: pf.set_targets(None, [TargetWeight(key=TargetKey.SECURITY(code="ACME"), percent="60")]))
    check_eq("xirr", xirr([CashFlow(date="2026-01-01", amount="-1000"), CashFlow(date="2027-01-01", amount="1100")]), "0.100000000000")


def main():
    for scenario in (lambda: boundary(quickstart_scenario()), rates_scenario, imports_scenario, sync_scenario,
                     categorizer_scenario, budgets_goals_alerts_scenario, portfolio_scenario):
        try:
            scenario()
        except Exception as e:  # noqa: BLE001 - report, count, and still print the totals
            check("scenario", False, f"unexpected {type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed", flush=True)
    # Exit without interpreter finalization. An async call's worker thread wakes the asyncio
    # loop through a ctypes callback; `call_soon_threadsafe` releases the GIL for a moment, and
    # if the main thread finishes and starts finalizing in that moment, CPython ends the worker
    # with pthread_exit, whose forced unwind through the Rust frames aborts the process
    # ("FATAL: exception not rethrown"). That is a property of CPython's shutdown with foreign
    # threads, not of the binding; JVM and Swift hosts have no such step.
    os._exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
