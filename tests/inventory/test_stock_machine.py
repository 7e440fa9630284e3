"""Random sequences of stock operations checked against a model of the expected quantities.

On PostgreSQL some steps run in a second thread with its own connection,
two of them at once; on SQLite every step runs on the test's connection.
"""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

import inventory
from inventory.models import Reservation, Stock
from tests import factories

from .helpers import run_in_threads

MACHINE_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_documents = itertools.count(1)
quantities = st.integers(min_value=1, max_value=4)
picks = st.integers(min_value=0, max_value=10_000)


class StockMachine(RuleBasedStateMachine):
    """Two variants at a shop floor and a back room; the model mirrors on hand and reserved."""

    def __init__(self):
        super().__init__()
        store = factories.make_store()
        self.variants = [factories.make_variant().pk for _ in range(2)]
        self.locations = [factories.shop_floor(store).pk, factories.back_room(store).pk]
        self.on_hand = {(v, loc): 0 for v in self.variants for loc in self.locations}
        self.reserved = dict.fromkeys(self.on_hand, 0)
        self.reservations: dict[int, tuple[tuple[int, int], int, str]] = {}  # id: key, quantity, status
        self.threaded = connection.vendor == "postgresql"

    def key(self, pick: int) -> tuple[int, int]:
        keys = sorted(self.on_hand)
        return keys[pick % len(keys)]

    def available(self, key) -> int:
        return self.on_hand[key] - self.reserved[key]

    def with_status(self, status: str) -> list[int]:
        return sorted(pk for pk, (_key, _quantity, state) in self.reservations.items() if state == status)

    def run(self, action):
        """Run one step on this connection, or in another thread on its own connection."""
        if not self.threaded:
            try:
                return action()
            except inventory.InventoryError as error:
                return error
        [outcome] = run_in_threads([action])
        return outcome

    @rule(pick=picks, quantity=quantities)
    def receive(self, pick, quantity):
        key = self.key(pick)
        inventory.receive([inventory.StockLine(*key, quantity)], document=f"receipt:{next(_documents)}")
        self.on_hand[key] += quantity

    @rule(pick=picks, quantity=quantities)
    def sell(self, pick, quantity):
        key = self.key(pick)
        outcome = self.run(lambda: inventory.sell([inventory.StockLine(*key, quantity)], document="sale:m"))
        if quantity <= self.available(key):
            assert not isinstance(outcome, Exception), outcome
            self.on_hand[key] -= quantity
        else:
            assert isinstance(outcome, inventory.InsufficientStock), outcome

    @precondition(lambda self: self.threaded)
    @rule(pick=picks, first=quantities, second=quantities)
    def sell_concurrently(self, pick, first, second):
        key = self.key(pick)
        actions = [lambda q=q: inventory.sell([inventory.StockLine(*key, q)], document="sale:c") for q in (first, second)]
        outcomes = run_in_threads(actions)
        sold = [q for q, outcome in zip((first, second), outcomes) if not isinstance(outcome, Exception)]
        assert sum(sold) <= self.available(key)
        for q, outcome in zip((first, second), outcomes):
            if isinstance(outcome, Exception):
                assert isinstance(outcome, inventory.InsufficientStock), outcome
                # It failed either before or after the other sale took its units.
                assert q > self.available(key) - (sum(sold))
        self.on_hand[key] -= sum(sold)

    @rule(pick=picks, quantity=quantities, kind=st.sampled_from(["order", "cart_hold", "pre_order"]))
    def reserve(self, pick, quantity, kind):
        variant = self.key(pick)[0]
        expires_at = None if kind == "order" else timezone.now() + timedelta(hours=1)
        outcome = self.run(
            lambda: inventory.reserve(variant, self.locations, quantity, kind=kind, owner="machine", expires_at=expires_at)
        )
        total = sum(self.available((variant, loc)) for loc in self.locations)
        if quantity > total:
            assert isinstance(outcome, inventory.InsufficientStock), outcome
            return
        assert not isinstance(outcome, Exception), outcome

        # Locations are taken in the order given: shop floor first, then the back room.
        expected, remaining = [], quantity
        for location in self.locations:
            taken = min(remaining, self.available((variant, location)))
            if taken:
                expected.append((location, taken))
                remaining -= taken
        assert [(r.location_id, r.quantity) for r in outcome] == expected
        for reservation in outcome:
            self.reserved[(variant, reservation.location_id)] += reservation.quantity
            self.reservations[reservation.pk] = ((variant, reservation.location_id), reservation.quantity, "active")

    @rule(pick=picks)
    def release(self, pick):
        known = sorted(self.reservations)
        if not known:
            return
        pk = known[pick % len(known)]
        key, quantity, status = self.reservations[pk]
        released = self.run(lambda: inventory.release([pk]))
        if status == "active":
            assert [r.pk for r in released] == [pk]
            self.reserved[key] -= quantity
            self.reservations[pk] = (key, quantity, "released")
        else:
            assert released == []

    @rule(pick=picks)
    def consume(self, pick):
        active = self.with_status("active")
        if not active:
            return
        pk = active[pick % len(active)]
        key, quantity, _status = self.reservations[pk]
        consumed = self.run(lambda: inventory.consume([pk], document="order:m"))
        assert [r.pk for r in consumed] == [pk]
        self.on_hand[key] -= quantity
        self.reserved[key] -= quantity
        self.reservations[pk] = (key, quantity, "consumed")

    @rule(pick=picks)
    def unconsume(self, pick):
        consumed = self.with_status("consumed")
        if not consumed:
            return
        pk = consumed[pick % len(consumed)]
        key, quantity, _status = self.reservations[pk]
        restored = inventory.unconsume([pk], document="order:m", reason="fulfilment cancelled")
        assert [r.pk for r in restored] == [pk]
        self.on_hand[key] += quantity
        self.reserved[key] += quantity
        self.reservations[pk] = (key, quantity, "active")

    @rule(pick=picks, change=st.integers(min_value=-4, max_value=4).filter(bool))
    def adjust(self, pick, change):
        key = self.key(pick)
        try:
            inventory.adjust(*key, change, reason="stock count", user=None)
        except inventory.InsufficientStock:
            assert -change > self.available(key)
            return
        assert -change <= self.available(key)
        self.on_hand[key] += change

    @rule(pick=picks, quantity=quantities)
    def transfer(self, pick, quantity):
        source = self.key(pick)
        target_location = next(loc for loc in self.locations if loc != source[1])
        target = (source[0], target_location)
        line = inventory.StockLine(*source, quantity)
        outcome = self.run(lambda: inventory.transfer([line], to_location_id=target_location, document="transfer:m"))
        if quantity > self.available(source):
            assert isinstance(outcome, inventory.InsufficientStock), outcome
            return
        assert not isinstance(outcome, Exception), outcome
        self.on_hand[source] -= quantity
        self.on_hand[target] += quantity

    @invariant()
    def ledger_matches_stock(self):
        assert [str(problem) for problem in inventory.find_stock_problems()] == []

    @invariant()
    def model_matches_stock(self):
        rows = Stock.objects.filter(variant_id__in=self.variants, location_id__in=self.locations)
        stored = {(row.variant_id, row.location_id): (row.on_hand, row.reserved) for row in rows}
        for key in self.on_hand:
            assert stored.get(key, (0, 0)) == (self.on_hand[key], self.reserved[key]), key

    @invariant()
    def reservations_match_model(self):
        statuses = dict(Reservation.objects.filter(pk__in=list(self.reservations)).values_list("pk", "status"))
        assert statuses == {pk: status for pk, (_key, _quantity, status) in self.reservations.items()}


@pytest.mark.django_db(transaction=True)
def test_stock_machine_random_sequences():
    run_state_machine_as_test(StockMachine, settings=MACHINE_SETTINGS)
