"""The string literals Tally uses for its enums, and the shapes of its dicts, for annotations.

Every enum crosses the boundary as its stable snake_case name (the same in every language);
these aliases list the names so type checkers can check them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

Amount = Union[Decimal, str, int]
"""An exact amount: a ``decimal.Decimal``, a decimal string or an ``int`` (never a float)."""

AccountKind = Literal["asset", "liability", "equity", "income", "expense"]
AccountSubtype = Literal[
    "checking",
    "savings",
    "credit_card",
    "cash",
    "wallet",
    "investment",
    "retirement",
    "loan",
    "mortgage",
    "property",
    "other",
]
Status = Literal["pending", "cleared", "reconciled", "void"]
Source = Literal["manual", "import", "sync"]
Role = Literal["owner", "member", "viewer"]
CommodityKind = Literal["currency", "security", "crypto", "other"]
SortOrder = Literal["ascending", "descending"]
AuditAction = Literal["create", "create_batch", "update", "delete", "restore"]
EntityKind = Literal[
    "book", "member", "commodity", "account", "transaction", "balance_assertion", "rate",
    "budget", "allocation", "goal", "contribution", "alert", "alert_settings",
    "categorization_rule", "model", "categorization", "security", "booking_method",
    "allocation_target",
]
RuleStage = Literal["pre", "default", "post"]
AssetClass = Literal[
    "stock", "bond", "etf", "mutual_fund", "crypto", "commodity", "real_estate", "cash", "other"
]
BookingMethod = Literal["fifo", "lifo", "hifo", "average"]
OperationKind = Literal[
    "buy", "sell", "dividend", "reinvest", "interest", "fee", "split", "transfer",
    "return_of_capital",
]
DayCount = Literal[
    "act_365f", "act_360", "act_act_isda", "thirty_360_isda", "thirty_360e", "thirty_360_sia"
]
ReturnStatus = Literal["ok", "no_solution", "missing_prices", "nothing_invested"]
TargetKind = Literal["security", "asset_class"]
TradeSide = Literal["buy", "sell"]
DecidedBy = Literal["rule", "payee_memory", "model", "manual", "none"]
BudgetMode = Literal["period", "envelope"]
BudgetPeriod = Literal["weekly", "monthly", "quarterly", "yearly"]
GoalStatus = Literal["active", "achieved", "archived"]
GoalState = Literal["on_track", "behind", "ahead"]
AlertKind = Literal[
    "budget_threshold", "unusual_transaction", "large_transaction", "goal_reached",
    "goal_behind", "low_balance", "possible_duplicate",
]
ErrorKind = Literal["validation", "not_found", "conflict", "permission", "storage", "import"]
TableKind = Literal[
    "books",
    "members",
    "accounts",
    "commodities",
    "transactions",
    "balances",
    "categories",
    "register",
    "assertions",
    "assertion_results",
    "audit",
    "rates",
]
EventKind = Literal[
    "accounts_created",
    "accounts_updated",
    "transactions_added",
    "transaction_updated",
    "transaction_deleted",
    "transaction_restored",
    "commodity_defined",
    "assertion_added",
    "assertion_deleted",
    "member_added",
    "rates_changed",
    "sync_completed",
    "import_batch_undone",
    "rules_changed",
    "model_trained",
    "transactions_categorized",
    "categorizer_settings_changed",
    "budget_changed",
    "allocations_changed",
    "goal_changed",
    "alert_raised",
    "alerts_updated",
    "security_defined",
    "booking_method_set",
    "targets_set",
]
Valuation = Literal["spot", "historical"]
"""Spot (every amount at the rates of one day) or historical (each at its booking day's)."""
Rounding = Literal[
    "half_even", "half_up", "half_down", "toward_zero", "away_from_zero", "floor", "ceiling"
]
"""How a converted amount is rounded to minor units (half-even, banker's, by default)."""
RateFormat = Literal["ecb_zip", "ecb_csv", "csv"]
"""The rate files ``book.rates.load`` reads: the ECB history zip, an ECB CSV, a plain CSV."""
StatementFormat = Literal[
    "csv", "ofx", "qif", "camt053", "mt940", "plaid", "go_cardless", "simple_fin"
]
"""The bank formats ``book.imports.parse`` reads (``Statement.format``)."""
ImportMode = Literal["strict", "lenient"]
"""Strict (one rejected line and nothing is written) or lenient (the good lines are written)."""
LineStatus = Literal[
    "new", "duplicate", "conflicting", "deleted", "restored", "matched", "candidate", "rejected"
]
"""What became of a statement line in an import (``LineOutcome.status``)."""
DateOrder = Literal["day_month", "month_day", "year_month_day"]
"""The order of the parts of a QIF file's dates (``qif_date_order``)."""


class Event(TypedDict, total=False):
    """What a subscriber receives after a write: ``kind``, ``book_id`` and what changed
    (``ids`` for batches of accounts or transactions, ``id`` for one transaction or assertion,
    ``code`` for a commodity, ``user_id`` for a member, the counts ``added``, ``replaced`` and
    ``deleted`` for ``rates_changed``)."""

    kind: EventKind
    book_id: int
    ids: List[int]
    id: int
    code: str
    user_id: int
    added: int
    replaced: int
    deleted: int
    alert: Any
    """``alert_raised``: the ``tally.Alert`` record."""
    budget_id: int
    count: int
    version: int
    active: bool
    connection_id: int
    batch_id: Optional[int]


class GoalChanges(TypedDict, total=False):
    """The keywords of ``book.goals.update``; None clears ``deadline`` and
    ``expected_annual_return``."""

    name: str
    target: Amount
    deadline: Optional[date]
    expected_annual_return: Optional[Amount]
    pace_months: int


class AccountChanges(TypedDict, total=False):
    """The keywords of ``book.accounts.update``; None clears an optional field."""

    name: str
    institution: Optional[str]
    color: Optional[str]
    icon: Optional[str]
    opened_on: Optional[date]
    closed_on: Optional[date]
    archived: bool
    include_in_net_worth: bool



class _NewRuleFields(TypedDict):
    name: str
    condition: Dict[str, Any]
    actions: List[Dict[str, Any]]


class NewRule(_NewRuleFields, total=False):
    """A categorization rule to create, as the core's serde dict (the shape of
    `CategorizationRule.to_dict()`, without the `id`). Conditions are tagged by `kind`:
    `{'kind': 'text', 'field': 'payee'|'memo'|'account', 'match': {'op': 'contains', 'value':
    'coffee'}}` (ops equals, contains, starts_with, ends_with, one_of (a list), regex),
    `{'kind': 'amount', 'match': {'op': 'greater', 'value': '100'}}` (equals, greater, less,
    `{'op': 'between', 'min', 'max'}`, inflow, outflow; absolute amounts as decimal strings or
    Decimal), `{'kind': 'date', 'match': {'op': 'after', 'date': date}}` (on, before, after,
    `{'op': 'between', 'from', 'to'}`), `{'kind': 'weekday', 'days': [0..6]}`,
    `{'kind': 'day_of_month', 'from': 1, 'to': 5}`, `{'kind': 'tag', 'match': ...}`,
    `{'kind': 'mcc', 'codes': [5814]}`, `{'kind': 'all'|'any', 'conditions': [...]}`,
    `{'kind': 'not', 'condition': {...}}`. Actions: `{'kind': 'set_category', 'value':
    'Expenses:Coffee'}`, `rename_payee`, `add_tags` (a list), `set_notes`, `{'kind': 'split',
    'value': [{'category': path, 'share': {'kind': 'percent'|'fixed', 'value': '60'} or
    {'kind': 'remainder'}}]}`. Categories are account paths, or ids as digit strings."""

    stage: RuleStage
    priority: int
    enabled: bool
