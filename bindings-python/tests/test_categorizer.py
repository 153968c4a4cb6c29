"""`book.categorizer`: stored rules as the core's serde dicts, the flow on imported lines, the
review queue, corrections and rule proposals, payee memory, training and models, settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import tally

# Bank lines of a CSV export: a rule decides the first, nobody the second.
NOVEMBER = b"""Date,Payee,Amount
2026-11-01,LANDLORD LTD,-900.00
2026-11-02,SQ *BLUE BOTTLE #12,-4.50
"""
LATER = b"Date,Payee,Amount\n2026-11-05,Blue Bottle,-3.90\n"


class Shop:
    def __init__(self, book: tally.Book) -> None:
        create = book.accounts.create
        self.book = book
        self.cat = book.categorizer
        self.checking = create("Assets:Checking", "asset", "EUR", subtype="checking")
        self.uncat = create("Expenses:Uncategorized", "expense", "EUR")
        self.rent = create("Expenses:Rent", "expense", "EUR")
        self.restaurants = create("Expenses:Food:Restaurants", "expense", "EUR")
        self.groceries = create("Expenses:Food:Groceries", "expense", "EUR")
        self.household = create("Expenses:Household", "expense", "EUR")

    def counter(self, tx_id: int) -> int:
        tx = self.book.transactions.get(tx_id)
        return next(s.account_id for s in tx.splits if s.account_id != self.checking.id)


@pytest.fixture
def shop(book: tally.Book) -> Shop:
    return Shop(book)


def payee_rule(needle: str, category: str, **kw: object) -> dict:
    return {
        "name": f"{needle} -> {category}",
        "condition": {"kind": "text", "field": "payee", "match": {"op": "contains", "value": needle}},
        "actions": [{"kind": "set_category", "value": category}],
        **kw,
    }


def test_rules_are_stored_listed_edited_reordered_and_deleted(shop):
    cat = shop.cat
    rent = cat.create_rule(payee_rule("landlord", "Expenses:Rent"))
    assert isinstance(rent, tally.CategorizationRule)
    assert (rent.stage, rent.priority, rent.enabled) == ("default", 0, True)
    assert rent.condition == {
        "kind": "text", "field": "payee", "match": {"op": "contains", "value": "landlord"}
    }
    assert rent.actions == [{"kind": "set_category", "value": "Expenses:Rent"}]
    # Nested conditions, an amount as a Decimal (crosses as its decimal string), a split.
    big = cat.create_rule(
        {
            "name": "big shop",
            "stage": "post",
            "priority": 5,
            "condition": {
                "kind": "all",
                "conditions": [
                    {"kind": "amount", "match": {"op": "greater", "value": Decimal("100")}},
                    {"kind": "not", "condition": {"kind": "weekday", "days": [6]}},
                    {"kind": "date", "match": {"op": "after", "date": date(2026, 1, 1)}},
                ],
            },
            "actions": [
                {"kind": "add_tags", "value": ["big"]},
                {
                    "kind": "split",
                    "value": [
                        {"category": str(shop.groceries.id), "share": {"kind": "percent", "value": "60"}},
                        {"category": "Expenses:Household", "share": {"kind": "remainder"}},
                    ],
                },
            ],
        }
    )
    assert big.condition["conditions"][0] == {"kind": "amount", "match": {"op": "greater", "value": "100"}}
    assert big.actions[1]["value"][0]["category"] == "Expenses:Food:Groceries"  # ids come back as paths
    assert cat.rule(rent.id) == rent and cat.rules() == [rent, big]
    # A rule's to_dict(), changed, is a NewRule again.
    changed = cat.update_rule(rent.id, {**rent.to_dict(), "priority": 3})
    assert changed.priority == 3 and changed.id == rent.id
    assert not cat.disable_rule(rent.id).enabled
    assert cat.enable_rule(rent.id).enabled
    assert not cat.set_enabled(rent.id, False).enabled
    reordered = cat.reorder_rules([big.id, rent.id])
    assert {r.id for r in reordered} == {rent.id, big.id}
    cat.delete_rule(big.id)
    assert [r.id for r in cat.rules()] == [rent.id]
    with pytest.raises(tally.NotFoundError) as err:
        cat.rule(big.id)
    assert err.value.code == "rule_not_found"
    with pytest.raises(tally.ValidationError) as err:
        cat.create_rule({"name": "x", "condition": {"kind": "nope"}, "actions": []})
    assert (err.value.code, err.value.field) == ("invalid_field", "rule")
    with pytest.raises(TypeError, match="float"):
        cat.create_rule(payee_rule("x", "Expenses:Rent", condition={"kind": "amount", "match": {"op": "less", "value": 1.5}}))


def test_test_rule_writes_nothing_and_apply_rules_changes_the_history(shop):
    book, cat = shop.book, shop.cat
    tx = book.transactions.expense(date(2026, 10, 1), shop.checking, shop.uncat, "12.00", "Corner Shop")
    other = book.transactions.expense(date(2026, 10, 2), shop.checking, shop.uncat, "3.00", "Kiosk")
    rule = payee_rule("corner", "Expenses:Food:Groceries")
    [change] = cat.test_rule(rule)
    assert isinstance(change, tally.RuleChange)
    assert change.transaction_id == tx.id
    assert change.before.category == shop.uncat.id and change.after.category == shop.groceries.id
    assert shop.counter(tx.id) == shop.uncat.id  # nothing written
    cat.create_rule(rule)
    assert cat.apply_rules(date_to=date(2026, 9, 30)) == []
    [applied] = cat.apply_rules(accounts=[shop.checking])
    assert applied.transaction_id == tx.id and applied.rules == [cat.rules()[0].id]
    assert shop.counter(tx.id) == shop.groceries.id and shop.counter(other.id) == shop.uncat.id
    assert applied.to_dict()["after"]["category"] == shop.groceries.id


def test_rules_then_csv_import_then_review_corrections_proposal_and_accept(shop):
    book, cat = shop.book, shop.cat
    events: list[dict] = []
    book.subscribe(events.append)
    cat.create_rule(payee_rule("landlord", "Expenses:Rent"))
    result = book.imports.import_file(NOVEMBER, shop.checking, shop.uncat, file_name="nov.csv")
    first, second = result.transaction_ids
    assert shop.counter(first) == shop.rent.id  # the rule decided on import
    assert shop.counter(second) == shop.uncat.id
    decided = cat.decision(first)
    assert isinstance(decided, tally.TransactionDecision)
    assert (decided.decided_by, decided.rule_id, decided.needs_review) == ("rule", cat.rules()[0].id, False)

    queue = cat.review_queue(order="ascending")
    assert isinstance(queue, tally.ReviewPage) and queue.total == 1
    [item] = queue.items
    assert item.transaction.id == second and item.decision.suggestions == []
    assert item.decision.decided_by == "none" and item.decision.rule_id is None

    corrected = cat.correct(second, shop.restaurants)
    assert isinstance(corrected, tally.Correction)
    assert corrected.decision.decided_by == "manual" and corrected.decision.locks.category
    assert corrected.proposal is None
    assert shop.counter(second) == shop.restaurants.id
    assert cat.review_queue().total == 0
    [memory] = cat.payee_memory()
    assert (memory.category, memory.corrections) == (shop.restaurants.id, 1)

    # Payee memory decides the next line of the same merchant, written differently.
    [later] = book.imports.import_file(LATER, shop.checking, shop.uncat).transaction_ids
    assert shop.counter(later) == shop.restaurants.id
    assert cat.decision(later).decided_by == "payee_memory"

    # A rule does not overwrite a locked category; three corrections to one category propose a rule.
    cat.create_rule(payee_rule("bottle", "Expenses:Household"))
    [again] = cat.categorize([second])
    assert again.transaction_id == second and shop.counter(second) == shop.restaurants.id
    assert cat.correct(later, shop.groceries).proposal is None
    cat.correct(second, shop.groceries)
    proposal = cat.correct(later, shop.groceries).proposal
    assert isinstance(proposal, tally.RuleProposal)
    assert (proposal.payee, proposal.category) == ("BLUE BOTTLE", shop.groceries.id)
    assert proposal.rule["actions"] == [{"kind": "set_category", "value": "Expenses:Food:Groceries"}]
    accepted = cat.accept_proposal(proposal)
    assert accepted.actions == [{"kind": "set_category", "value": "Expenses:Food:Groceries"}]
    assert accepted in cat.rules()
    kinds = [e["kind"] for e in events]
    assert "rules_changed" in kinds and "transactions_categorized" in kinds

    # A category must be an Income or Expense account of the book.
    with pytest.raises(tally.ValidationError) as err:
        cat.correct(second, shop.checking)
    assert err.value.code == "not_a_category"
    with pytest.raises(tally.NotFoundError) as err:
        cat.correct(second, 999_999)
    assert err.value.code == "category_not_found"


def test_training_models_and_activation(shop):
    book, cat = shop.book, shop.cat
    with pytest.raises(tally.ValidationError) as err:
        cat.train()
    assert err.value.code == "not_enough_training_data"
    merchants = [("Landlord", shop.rent, 900), ("Supermarket", shop.groceries, 54), ("Pizzeria", shop.restaurants, 23)]
    batch = [
        tally.NewTransaction.expense(
            date(2026, 1 + i % 12, 1 + i % 27), shop.checking, category, str(amount + i), payee
        )
        for i in range(20)
        for payee, category, amount in merchants
    ]
    book.transactions.add_batch(batch)
    events: list[dict] = []
    book.subscribe(events.append)
    info = cat.train()
    assert isinstance(info, tally.ModelInfo)
    assert (info.version, info.examples, info.active) == (1, 60, True)
    assert isinstance(info.accuracy, float) and 0 <= info.accuracy <= 1
    assert any(c.account_id == shop.rent.id for c in info.categories)
    assert all(isinstance(c, tally.CategoryMetrics) for c in info.categories)
    assert len(cat.payee_memory()) == 3
    assert {"kind": "model_trained", "version": 1, "active": True}.items() <= events[-1].items()

    [line] = book.imports.import_file(
        b"Date,Payee,Amount\n2026-11-03,PIZZERIA NAPOLI,-25.00\n", shop.checking, shop.uncat
    ).transaction_ids
    decision = cat.decision(line)
    assert decision.decided_by in ("model", "none")
    assert decision.suggestions and isinstance(decision.suggestions[0].probability, float)
    assert decision.needs_review == (decision.decided_by == "none")

    second = cat.train(force=True)
    assert second.version == 2
    assert [(m.version, m.active) for m in cat.models()] == [(2, True), (1, False)]
    assert cat.activate(1).active
    with pytest.raises(tally.NotFoundError) as err:
        cat.activate(9)
    assert err.value.code == "model_not_found"
    assert cat.queued_examples() == 0
    cat.correct(line, shop.restaurants)
    assert cat.queued_examples() == 1


def test_settings_both_ways(shop):
    cat = shop.cat
    settings = cat.settings()
    assert isinstance(settings, tally.CategorizerSettings)
    assert (settings.threshold, settings.min_examples, settings.proposal_after) == (0.8, 50, 3)
    changed = cat.set_settings({**settings.to_dict(), "threshold": 0.9, "proposal_after": 2})
    assert (changed.threshold, changed.proposal_after) == (0.9, 2)
    assert cat.settings() == changed
    assert cat.set_settings(settings) == settings
    with pytest.raises(tally.ValidationError) as err:
        cat.set_settings({**settings.to_dict(), "threshold": 1.5})
    assert (err.value.code, err.value.field) == ("invalid_field", "threshold")


def test_a_transfer_cannot_be_categorized(shop):
    savings = shop.book.accounts.create("Assets:Savings", "asset", "EUR")
    tx = shop.book.transactions.transfer(date(2026, 10, 1), shop.checking, savings, "10")
    with pytest.raises(tally.ValidationError) as err:
        shop.cat.correct(tx, shop.groceries)
    assert err.value.code == "not_categorizable"
