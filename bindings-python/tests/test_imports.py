"""Bank files in: `book.imports` (parse, suggest_csv_profile, import_file, undo) and its records.
The bank files are read from ../shared/data beside the repository, never copied into it; the
CSV files are written here."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import tally

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
MERCURY = DATA / "crate-ofx-rs" / "tests" / "fixtures" / "mercury-checking.ofx"
INVESTMENTS = DATA / "crate-ofx-rs" / "tests" / "fixtures" / "invstmtrs.ofx"
CAMT = DATA / "camt053-newinnovations" / "doc" / "test-camt053.xml"
QIF = DATA / "actual-loot-core" / "data-with-categories.qif"
MT940 = DATA / "crate-mt940" / "tests" / "data" / "mt940" / "full" / "abnamro" / "mt940.sta"

# Two good lines, one with more decimals than EUR has, one in another currency.
OCTOBER = b"""Date,Payee,Amount,Currency
2026-10-01,Bakery,-4.20,EUR
2026-10-02,ACME Payroll,2500.00,EUR
2026-10-03,Corner Shop,-1.005,EUR
2026-10-04,Hotel,-80.00,USD
"""


class Ledger:
    """A EUR checking account, an inbox for the other side of imported lines, and a USD
    account for the Mercury OFX file."""

    def __init__(self, book: tally.Book) -> None:
        create = book.accounts.create
        self.book = book
        self.checking = create("Assets:Bank:Checking", "asset", "EUR", subtype="checking")
        self.inbox = create("Expenses:Uncategorized", "expense", "EUR")
        self.mercury = create("Assets:Bank:Mercury", "asset", "USD", subtype="checking")
        self.inbox_usd = create("Expenses:Uncategorized USD", "expense", "USD")

    def transactions(self, **filters: object) -> tally.Table[tally.Transaction]:
        return self.book.transactions.search(limit=1000, **filters)  # type: ignore[arg-type]


@pytest.fixture
def ledger(book: tally.Book) -> Ledger:
    return Ledger(book)


def october_profile(book: tally.Book) -> dict:
    return book.imports.suggest_csv_profile(OCTOBER, "october.csv")


# Parsing every format ----------------------------------------------------------------------


def test_an_ofx_file_parses_into_one_statement_of_674_lines(book):
    [statement] = book.imports.parse(MERCURY)  # a pathlib.Path
    assert isinstance(statement, tally.Statement)
    assert statement.format == "ofx"
    assert statement.file == str(MERCURY)
    assert len(statement.lines) == 674
    account = statement.account
    assert isinstance(account, tally.StatementAccount)
    assert (account.bank_id, account.account_id) == ("121000248", "202497494038")
    assert (account.account_type, account.currency) == ("CHECKING", "USD")
    assert (statement.start, statement.end) == (date(2024, 3, 11), date(2026, 3, 18))

    first = statement.lines[0]
    assert isinstance(first, tally.StatementLine)
    assert isinstance(first.amount, Decimal) and isinstance(first.date, date)
    assert (first.date, first.amount) == (date(2024, 3, 11), Decimal("2500.0"))
    assert first.kind == "CREDIT"
    assert first.bank_id == "cdd3fc6a-dbee-11ee-9629-1bbe55d25559"
    assert (first.line, first.pending, first.splits) == (34, False, [])
    last = statement.lines[-1]
    assert (last.payee, last.amount) == ("ELEVENLABS.IO", Decimal("-5.33"))

    closing = statement.closing_balance
    assert isinstance(closing, tally.StatedBalance)
    assert (closing.amount, closing.date, closing.currency) == (
        Decimal("1149.86"),
        date(2026, 3, 19),
        "USD",
    )
    assert sum(line.amount for line in statement.lines) == closing.amount

    # The same file as bytes and as a str path; the name given is the statement's file.
    [same] = book.imports.parse(MERCURY.read_bytes(), file_name="mercury.ofx", format="ofx")
    assert same.file == "mercury.ofx" and same.lines == statement.lines
    assert book.imports.parse(str(MERCURY))[0] == statement
    [unnamed] = book.imports.parse(bytearray(MERCURY.read_bytes()))
    assert unnamed.file == "input"


def test_a_camt053_file_has_its_balances_and_references(book):
    [statement] = book.imports.parse(CAMT)
    assert statement.format == "camt053"
    assert (statement.account.account_id, statement.account.bank_id) == (
        "NL00SNSB0000000000",
        "SNSBNL2A",
    )
    assert statement.opening_balance.amount == Decimal("1000.00")
    assert statement.closing_balance.amount == Decimal("950.00")
    assert statement.closing_balance.date == date(2026, 7, 21)
    assert [line.amount for line in statement.lines] == [Decimal("-100.00"), Decimal("50.00")]
    shop = statement.lines[0]
    assert (shop.payee, shop.memo, shop.bank_id, shop.reference) == (
        "Some Shop B.V.",
        "Payment for invoice 123",
        "REF001",
        "E2E-001",
    )
    assert shop.posted_date == date(2026, 3, 5)
    skipped = book.imports.parse(CAMT.read_bytes(), camt_skip_balance_check=True)
    assert skipped[0].lines == statement.lines


def test_a_qif_file_keeps_its_categories(book):
    [statement] = book.imports.parse(QIF, qif_date_order="month_day")
    assert statement.format == "qif"
    assert [(line.payee, line.category, line.amount) for line in statement.lines] == [
        ("Outlet", "Usual Expenses:Shopping", Decimal("-100.58")),
        ("GroceriesYou", "Groceries", Decimal("-20.15")),
        ("RestaurantExample", "Food", Decimal("-40.60")),
    ]
    assert {line.date for line in statement.lines} == {date(2018, 12, 19)}
    assert book.imports.parse(QIF)[0] == statement  # 12/19/18 can only be month-day


def test_an_mt940_file_gives_one_statement_per_message(book):
    first, second = book.imports.parse(MT940)
    assert (first.format, second.format) == ("mt940", "mt940")
    assert first.account.account_id == "123456789" and first.account.currency == "EUR"
    assert [line.amount for line in first.lines] == [
        Decimal("-5.34"),
        Decimal("-2.95"),
        Decimal("-6.45"),
    ]
    assert first.lines[0].date == date(2019, 8, 24)
    assert "RESTAURANT IL SENSO" in first.lines[0].memo
    assert (first.opening_balance.amount, first.closing_balance.amount) == (
        Decimal("1111.10"),
        Decimal("2222.20"),
    )
    assert [line.amount for line in second.lines] == [Decimal("-8.25")]
    assert second.closing_balance.date == date(2019, 8, 29)


def test_an_investment_statement_keeps_its_investment_lines(book):
    [statement] = book.imports.parse(INVESTMENTS)
    buy = statement.investments[0]
    assert isinstance(buy, tally.InvestmentLine)
    assert (buy.kind, buy.subtype, buy.security_id) == ("BUYSTOCK", "BUY", "123456789")
    assert (buy.date, buy.settle_date) == (date(2005, 8, 25), date(2005, 8, 28))
    assert (buy.units, buy.unit_price, buy.total, buy.fees) == (
        Decimal("100"),
        Decimal("50.00"),
        Decimal("-5025.00"),
        Decimal("25.00"),
    )
    assert buy.to_dict()["total"] == Decimal("-5025.00")
    assert all(isinstance(s, tally.SecurityInfo) for s in statement.securities)


def test_a_csv_profile_is_suggested_as_a_dict_and_taken_back(book):
    profile = october_profile(book)
    assert isinstance(profile, dict)
    assert (profile["date"], profile["amount"]) == ("Date", "Amount")
    assert profile["currency"] == "Currency"
    assert (profile["delimiter"], profile["date_format"], profile["has_header"]) == (
        ",",
        "%Y-%m-%d",
        True,
    )
    assert profile["payee"] == ["Payee"] and profile["name"] == "october.csv"

    [statement] = book.imports.parse(OCTOBER, csv_profile=profile, file_name="october.csv")
    assert statement.format == "csv" and statement.file == "october.csv"
    assert [(line.line, line.payee, line.amount, line.currency) for line in statement.lines] == [
        (2, "Bakery", Decimal("-4.20"), "EUR"),
        (3, "ACME Payroll", Decimal("2500.00"), "EUR"),
        (4, "Corner Shop", Decimal("-1.005"), "EUR"),
        (5, "Hotel", Decimal("-80.00"), "USD"),
    ]
    # Changed by the user: the payee goes to the memo, amounts count the other way.
    changed = dict(profile, payee=[], memo=["Payee"], amount_sign="inverted")
    [flipped] = book.imports.parse(OCTOBER, csv_profile=changed)
    assert (flipped.lines[0].payee, flipped.lines[0].memo) == (None, "Bakery")
    assert flipped.lines[0].amount == Decimal("4.20")
    # A CSV without a profile is read with the suggested one.
    assert book.imports.parse(OCTOBER, file_name="october.csv")[0] == statement


def test_records_compare_print_and_convert_to_dicts(book):
    [statement] = book.imports.parse(CAMT)
    assert statement == book.imports.parse(CAMT.read_bytes(), file_name=str(CAMT))[0]
    as_dict = statement.to_dict()
    assert as_dict["format"] == "camt053"
    assert as_dict["closing_balance"] == {
        "amount": Decimal("950.00"),
        "date": date(2026, 7, 21),
        "currency": "EUR",
    }
    assert as_dict["lines"][1]["payee"] == "John Doe"
    assert as_dict["account"]["account_id"] == "NL00SNSB0000000000"
    assert repr(statement.closing_balance) == (
        "StatedBalance(amount=Decimal('950.00'), date=datetime.date(2026, 7, 21), currency='EUR')"
    )
    assert repr(statement).startswith("Statement(format='camt053', file=")
    with pytest.raises(AttributeError):
        statement.format = "ofx"  # type: ignore[misc]


# Importing ---------------------------------------------------------------------------------


def test_an_ofx_file_imports_once_with_its_balance_checked(ledger):
    imports = ledger.book.imports
    result = imports.import_file(MERCURY, ledger.mercury, ledger.inbox_usd)
    assert isinstance(result, tally.ImportResult)
    assert (result.new, result.duplicates, result.rejected, result.committed) == (674, 0, 0, True)
    assert result.file == str(MERCURY) and result.account == ledger.mercury.id
    assert len(result.lines) == 674 and len(result.transaction_ids) == 674
    assert result.transaction_ids == sorted(result.transaction_ids)
    outcome = result.lines[0]
    assert isinstance(outcome, tally.LineOutcome)
    assert (outcome.index, outcome.line, outcome.status) == (0, 34, "new")
    assert outcome.fingerprint and outcome.transaction_id in result.transaction_ids
    check = result.balance_check
    assert isinstance(check, tally.AssertionResult)
    assert check.assertion.amount == Decimal("1149.86") and check.passed
    assert check.assertion.date == date(2026, 3, 19)
    assert check.actual == Decimal("1149.86")

    tx = ledger.book.transactions.get(outcome.transaction_id)
    assert (tx.source, tx.date, tx.status) == ("import", date(2024, 3, 11), "cleared")
    assert {s.account_id: s.amount for s in tx.splits} == {
        ledger.mercury.id: Decimal("2500.00"),
        ledger.inbox_usd.id: Decimal("-2500.00"),
    }
    balances = {b.path: b.total for b in ledger.book.accounts.balances()}
    assert balances["Assets:Bank:Mercury"] == Decimal("1149.86")

    again = imports.import_file(MERCURY.read_bytes(), ledger.mercury, ledger.inbox_usd)
    assert (again.new, again.duplicates, again.committed) == (0, 674, True)
    assert again.transaction_ids == []
    assert {o.status for o in again.lines} == {"duplicate"}
    assert again.lines[0].transaction_id == outcome.transaction_id
    assert ledger.transactions(sources=["import"]).total == 674
    assert len(ledger.book.accounts.assertions()) == 1


def test_a_dry_run_plans_and_writes_nothing(ledger):
    plan = ledger.book.imports.import_file(MERCURY, ledger.mercury, ledger.inbox_usd, dry_run=True)
    assert (plan.new, plan.committed, plan.transaction_ids) == (674, False, [])
    assert {o.transaction_id for o in plan.lines} == {None}
    assert plan.balance_check is not None and plan.balance_check.passed
    assert plan.balance_check.actual == Decimal("1149.86")
    assert ledger.transactions().total == 0
    assert len(ledger.book.accounts.assertions()) == 0


def test_strict_mode_rejects_the_file_and_lenient_mode_writes_the_good_lines(ledger):
    imports = ledger.book.imports
    profile = october_profile(ledger.book)
    strict = imports.import_file(
        OCTOBER, ledger.checking, ledger.inbox, csv_profile=profile, file_name="october.csv"
    )
    assert (strict.committed, strict.new, strict.rejected) == (False, 2, 2)
    assert strict.transaction_ids == []
    assert ledger.transactions().total == 0
    rejected = [o for o in strict.lines if o.status == "rejected"]
    assert [(o.index, o.line, o.field) for o in rejected] == [(2, 4, "amount"), (3, 5, "currency")]
    assert rejected[0].reasons == [
        "too_many_decimals: amount: -1.005 has 3 decimals but EUR allows 2"
    ]
    assert rejected[1].reasons == ["the line is in USD; Assets:Bank:Checking is kept in EUR"]
    assert all(o.transaction_id is None for o in rejected)

    lenient = imports.import_file(
        OCTOBER, ledger.checking, ledger.inbox, mode="lenient", csv_profile=profile
    )
    assert (lenient.committed, lenient.new, lenient.rejected) == (True, 2, 2)
    assert len(lenient.transaction_ids) == 2
    written = ledger.transactions(accounts=[ledger.checking])
    assert sorted(t.payee for t in written) == ["ACME Payroll", "Bakery"]
    assert [o.status for o in lenient.lines] == ["new", "new", "rejected", "rejected"]
    assert lenient.file == "input"

    assert imports.undo(lenient.transaction_ids) == 2
    assert ledger.transactions().total == 0
    deleted = ledger.transactions(include_deleted=True)
    assert deleted.total == 2 and all(t.deleted for t in deleted)
    assert imports.undo(lenient.transaction_ids) == 0  # already deleted: skipped

    # Undone lines stay deleted on a re-import unless asked back.
    again = imports.import_file(
        OCTOBER, ledger.checking, ledger.inbox, mode="lenient", csv_profile=profile
    )
    assert (again.new, again.deleted, again.transaction_ids) == (0, 2, [])
    back = imports.import_file(
        OCTOBER,
        ledger.checking,
        ledger.inbox,
        mode="lenient",
        csv_profile=profile,
        reimport_deleted=True,
    )
    assert (back.restored, back.transaction_ids) == (2, lenient.transaction_ids)
    assert ledger.transactions().total == 2
    # undo takes Transaction records too.
    records = [ledger.book.transactions.get(i) for i in back.transaction_ids]
    assert imports.undo(records) == 2


def test_a_transaction_entered_by_hand_is_matched_not_imported_twice(ledger):
    bakery = ledger.book.accounts.create("Expenses:Food", "expense", "EUR")
    by_hand = ledger.book.transactions.expense(
        date(2026, 10, 1), ledger.checking, bakery, "4.20", "Bakery"
    )
    good = b"Date,Payee,Amount\n2026-10-01,Bakery,-4.20\n2026-10-02,ACME Payroll,2500.00\n"
    result = ledger.book.imports.import_file(good, ledger.checking, ledger.inbox)
    assert (result.new, result.matched) == (1, 1)
    matched = result.lines[0]
    assert (matched.status, matched.transaction_id, matched.score) == ("matched", by_hand.id, 100)
    assert "same amount" in matched.reasons
    # A day apart and with a link score out of reach, it is only a candidate.
    fresh = ledger.book.accounts.create("Assets:Bank:Other", "asset", "EUR")
    ledger.book.transactions.expense(date(2026, 10, 2), fresh, bakery, "4.20", "Bakery")
    candidate = ledger.book.imports.import_file(
        good, fresh, ledger.inbox, link_score=101, dry_run=True
    )
    assert [o.status for o in candidate.lines] == ["candidate", "new"]
    assert candidate.candidates == 1 and candidate.lines[0].score is not None


def test_an_import_sends_a_transactions_added_event(ledger):
    events: list[tally.Event] = []
    ledger.book.subscribe(events.append)
    result = ledger.book.imports.import_file(QIF, ledger.checking, ledger.inbox)
    assert result.new == 3
    added = [e for e in events if e["kind"] == "transactions_added"]
    assert added and sorted(added[-1]["ids"]) == result.transaction_ids


# Errors ------------------------------------------------------------------------------------


def test_a_malformed_file_raises_import_failed_with_file_and_line(ledger):
    bad = b"Date,Payee,Amount\n2026-10-01,Bakery,-4.20\n2026-10-02,Shop,12x.50\n"
    profile = ledger.book.imports.suggest_csv_profile(bad.split(b"\n2026-10-02")[0] + b"\n")
    with pytest.raises(tally.ImportFailed) as err:
        ledger.book.imports.import_file(
            bad, ledger.checking, ledger.inbox, csv_profile=profile, file_name="bad.csv"
        )
    e = err.value
    assert (e.code, e.kind, e.file, e.line, e.field) == (
        "malformed_line",
        "import",
        "bad.csv",
        3,
        "Amount",  # the column, as the header names it
    )
    assert "12x.50" in e.message
    assert ledger.transactions().total == 0

    broken_ofx = MERCURY.read_text().replace("<TRNAMT>2500.0", "<TRNAMT>25OO.0", 1)
    with pytest.raises(tally.ImportFailed) as err:
        ledger.book.imports.parse(broken_ofx.encode(), file_name="broken.ofx")
    assert (err.value.code, err.value.file, err.value.line) == ("malformed_line", "broken.ofx", 37)


def test_files_that_cannot_be_read_raise_unreadable_file(book, tmp_path):
    missing = tmp_path / "missing.ofx"
    with pytest.raises(tally.ImportFailed) as err:
        book.imports.parse(missing)
    e = err.value
    assert (e.code, e.file, e.line) == ("unreadable_file", str(missing), None)
    with pytest.raises(tally.ImportFailed) as err:
        book.imports.parse(b"hello\nworld\n", file_name="notes.txt")
    assert (err.value.code, err.value.file) == ("unreadable_file", "notes.txt")
    with pytest.raises(tally.ImportFailed) as err:
        book.imports.suggest_csv_profile(missing)
    assert err.value.code == "unreadable_file"


def test_a_file_with_several_statements_is_refused_by_import_file(ledger):
    with pytest.raises(tally.ValidationError) as err:
        ledger.book.imports.import_file(MT940, ledger.checking, ledger.inbox, file_name="abn.sta")
    e = err.value
    assert (e.code, e.field, e.file, e.line) == ("invalid_field", "file", None, None)
    assert "holds 2 statements" in e.message
    assert ledger.transactions().total == 0


def test_wrong_arguments_raise_with_the_field_named(ledger):
    imports = ledger.book.imports
    with pytest.raises(tally.ValidationError) as err:
        imports.parse(OCTOBER, format="pdf")  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("invalid_field", "format")
    with pytest.raises(tally.ValidationError) as err:
        imports.parse(QIF, qif_date_order="day_first")  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("invalid_field", "qif_date_order")
    with pytest.raises(tally.ValidationError) as err:
        imports.import_file(
            OCTOBER, ledger.checking, ledger.inbox, mode="careful"  # type: ignore[arg-type]
        )
    assert (err.value.code, err.value.field) == ("invalid_field", "mode")
    with pytest.raises(tally.ValidationError) as err:
        imports.parse(OCTOBER, csv_profile={"skip_rows": "two"})
    assert (err.value.code, err.value.field) == ("invalid_field", "csv_profile")
    with pytest.raises(TypeError, match="a CSV profile must be a dict"):
        imports.parse(OCTOBER, csv_profile='{"date": "Date"}')  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a file must be a path"):
        imports.parse(42)  # type: ignore[arg-type]
    with pytest.raises(tally.NotFoundError) as err:
        imports.import_file(OCTOBER, ledger.checking, 9999)
    assert (err.value.code, err.value.field) == ("account_not_found", "counter_account")
    with pytest.raises(tally.NotFoundError) as err:
        imports.undo([9999])
    assert err.value.code == "transaction_not_found"


def test_a_viewer_cannot_import_but_can_parse_and_plan(engine, book, ledger):
    viewer = engine.users.create("viewer@example.com", "Vi", "Ewer", "EUR")
    book.add_member(viewer, "viewer")
    seen = engine.open_book(book.id, viewer)
    assert len(seen.imports.parse(QIF)[0].lines) == 3
    plan = seen.imports.import_file(QIF, ledger.checking, ledger.inbox, dry_run=True)
    assert (plan.new, plan.committed) == (3, False)
    with pytest.raises(tally.TallyPermissionError) as err:
        seen.imports.import_file(QIF, ledger.checking, ledger.inbox)
    assert err.value.code == "read_only"


# The README ----------------------------------------------------------------------------------


def test_the_readme_import_example_runs(monkeypatch):
    readme = (ROOT / "bindings-python" / "README.md").read_text()
    section = readme.split("## Importing bank files", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.S)
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["result"].new == 674  # type: ignore[attr-defined]
    assert namespace["again"].duplicates == 674  # type: ignore[attr-defined]


# Connections, syncs, saved profiles, batches ------------------------------------------------

KEY = bytes(range(32))


def plaid_page(added: list[tuple[str, str, str]], removed: list[str], cursor: str, more: bool) -> str:
    entries = ",".join(
        f'{{"transaction_id": "{tid}", "account_id": "acc-1", "date": "{day}", '
        f'"amount": {amount}, "iso_currency_code": "EUR", "name": "Shop", "pending": false}}'
        for tid, day, amount in added
    )
    gone = ",".join(f'{{"transaction_id": "{tid}"}}' for tid in removed)
    return (
        f'{{"added": [{entries}], "modified": [], "removed": [{gone}], '
        f'"next_cursor": "{cursor}", "has_more": {str(more).lower()}}}'
    )


def test_connection_sync_and_batch_undo(ledger: Ledger) -> None:
    imports = ledger.book.imports
    conn = imports.create_connection(
        "plaid",
        "ins_1",
        "Bank",
        {"acc-1": ledger.checking},
        ledger.inbox,
        access_token="access-secret",
        key=KEY,
    )
    assert isinstance(conn, tally.Connection)
    assert conn.has_token and conn.status == "active" and conn.cursor is None
    assert "secret" not in repr(conn) and "secret" not in str(conn.to_dict())
    assert imports.reveal_token(conn.id, KEY) == "access-secret"
    with pytest.raises(tally.TallyPermissionError) as wrong:
        imports.reveal_token(conn.id, bytes(32))
    assert wrong.value.code == "token_key_mismatch"

    first = plaid_page([("t1", "2026-10-01", "4.20"), ("t2", "2026-10-02", "-2500")], [], "c1", True)
    broken = plaid_page([("t3", "2026-10-03", '"x"')], [], "c2", False)
    with pytest.raises(tally.ImportFailed) as failed:
        imports.sync(conn.id, [first, broken])
    assert failed.value.code == "sync_failed" and failed.value.file == "pages[1]"
    assert len(ledger.transactions()) == 0
    after = imports.connection(conn.id)
    assert (after.status, after.cursor) == ("error", None)

    second = plaid_page([("t3", "2026-10-03", "12.00")], ["t1"], "c2", False)
    done = imports.sync(conn.id, [first.encode(), second])
    assert isinstance(done, tally.SyncResult)
    assert done.connection.cursor == "c2" and done.connection.status == "active"
    # t1 is added by the first page and removed by the second: never written.
    assert [(p.added, p.removed) for p in done.pages] == [(1, 0), (1, 1)]
    assert len(ledger.transactions()) == 2
    batch = done.batch
    assert isinstance(batch, tally.ImportBatch) and batch.kind == "sync"
    assert batch.connection_id == conn.id and len(batch.written) == 2
    again = imports.sync(conn.id, [first, second])
    assert again.batch is None

    assert imports.batches()[0].id == batch.id
    undone = imports.undo_batch(batch.id)
    assert undone.undone_at is not None and len(ledger.transactions()) == 0
    with pytest.raises(tally.ConflictError) as twice:
        imports.undo_batch(batch.id)
    assert twice.value.code == "batch_already_undone"
    with pytest.raises(tally.NotFoundError) as missing:
        imports.connection(999_999)
    assert missing.value.code == "connection_not_found"
    imports.update_connection(conn.id, status="disconnected")
    with pytest.raises(tally.ConflictError) as off:
        imports.sync(conn.id, [second])
    assert off.value.code == "connection_disconnected"
    imports.delete_connection(conn.id)
    assert imports.connections() == []


def test_saved_csv_profiles_and_file_batches(ledger: Ledger) -> None:
    imports = ledger.book.imports
    profile = october_profile(ledger.book)
    header = imports.csv_header(OCTOBER, "october.csv")
    assert header == ["Date", "Payee", "Amount", "Currency"]
    saved = imports.save_csv_profile("October bank", profile, header=header)
    assert isinstance(saved, tally.SavedCsvProfile) and saved.profile == profile
    with pytest.raises(tally.ConflictError) as dup:
        imports.save_csv_profile("October bank", profile)
    assert dup.value.code == "profile_exists"
    assert [p.name for p in imports.csv_profiles()] == ["October bank"]
    assert imports.suggest_csv_profile(OCTOBER, "october.csv") == profile
    good = b"Date,Payee,Amount,Currency\n2026-10-01,Bakery,-4.20,EUR\n2026-10-02,ACME,25.00,EUR\n"
    result = imports.import_file(
        good, ledger.checking, ledger.inbox, csv_profile_name="October bank"
    )
    assert result.new == 2 and result.batch_id is not None
    batch = imports.batch(result.batch_id)
    assert (batch.kind, batch.counts.new, batch.written) == ("file", 2, result.transaction_ids)
    imports.undo_batch(batch.id)
    assert len(ledger.transactions()) == 0
    with pytest.raises(tally.NotFoundError) as gone:
        imports.batch(999_999)
    assert gone.value.code == "batch_not_found"
    imports.delete_csv_profile("October bank")
    with pytest.raises(tally.NotFoundError) as nope:
        imports.csv_profile("October bank")
    assert nope.value.code == "profile_not_found"
