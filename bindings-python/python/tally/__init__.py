"""Tally: an embeddable personal-finance engine with exact money, a double-entry ledger and
reports, for notebooks and scripts.

>>> import tally
>>> from datetime import date
>>> from decimal import Decimal
>>> with tally.Engine.in_memory() as engine:
...     sam = engine.users.create("sam@example.com", "Sam", "Rivera", "EUR")
...     book = engine.create_book("Household", sam, "EUR")
...     checking = book.accounts.create("Assets:Bank:Checking", "asset", "EUR", subtype="checking")
...     groceries = book.accounts.create("Expenses:Food:Groceries", "expense", "EUR")
...     _ = book.transactions.expense(date(2026, 10, 3), checking, groceries, "54.30", "Market")
...     balances = book.accounts.balances()
...     [b.total for b in balances if b.path == "Assets:Bank:Checking"]
[Decimal('-54.30')]

Amounts are ``decimal.Decimal`` both ways (a ``str`` or ``int`` is accepted too; a ``float`` is
refused), dates ``datetime.date``, timestamps UTC-aware ``datetime``, enums their snake_case
names (see ``tally._types``). Every list comes back as a ``Table``: a sequence of records that
also converts to pandas, polars and pyarrow. Errors are ``TallyError`` subclasses with the
stable ``code`` of docs/errors.md.
"""

from tally._tally import (
    ERROR_CODES,
    Account,
    AccountBalance,
    Accounts,
    AssertionResult,
    AuditEntry,
    BalanceAssertion,
    Book,
    BookInfo,
    CategoryAmount,
    Commodities,
    Commodity,
    ConflictError,
    Engine,
    ImportFailed,
    Member,
    NewSplit,
    NewTransaction,
    NotFoundError,
    RegisterRow,
    Reports,
    Split,
    StorageError,
    Table,
    TableIter,
    TallyError,
    TallyPermissionError,
    Transaction,
    Transactions,
    UnitPrice,
    User,
    Users,
    ValidationError,
    __version__,
)
from tally._types import (
    AccountChanges,
    AccountKind,
    AccountSubtype,
    Amount,
    AuditAction,
    CommodityKind,
    EntityKind,
    ErrorKind,
    Event,
    EventKind,
    Role,
    SortOrder,
    Source,
    Status,
    TableKind,
)

__all__ = [
    "ERROR_CODES",
    "Account",
    "AccountBalance",
    "AccountChanges",
    "AccountKind",
    "AccountSubtype",
    "Accounts",
    "Amount",
    "AssertionResult",
    "AuditAction",
    "AuditEntry",
    "BalanceAssertion",
    "Book",
    "BookInfo",
    "CategoryAmount",
    "Commodities",
    "Commodity",
    "CommodityKind",
    "ConflictError",
    "Engine",
    "EntityKind",
    "ErrorKind",
    "Event",
    "EventKind",
    "ImportFailed",
    "Member",
    "NewSplit",
    "NewTransaction",
    "NotFoundError",
    "RegisterRow",
    "Reports",
    "Role",
    "SortOrder",
    "Source",
    "Split",
    "Status",
    "StorageError",
    "Table",
    "TableIter",
    "TableKind",
    "TallyError",
    "TallyPermissionError",
    "Transaction",
    "Transactions",
    "UnitPrice",
    "User",
    "Users",
    "ValidationError",
    "__version__",
]
