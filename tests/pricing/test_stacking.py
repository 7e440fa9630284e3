"""How promotions combine: stackable ones add up, the others compete by the configured rule."""

import pytest

import carts
from carts.models import Promotion

from .builders import make_promotion, make_variant, rub

pytestmark = pytest.mark.django_db

Kind = Promotion.Kind
Scope = Promotion.Scope


def test_stackable_promotions_apply_in_turn():
    variant = make_variant("1000.00")
    make_promotion(Kind.PERCENT, "10", scope=Scope.ITEMS, products=[variant], priority=2)
    make_promotion(Kind.AMOUNT, "100.00", priority=1)

    priced = carts.price_lines([(variant, 1)])

    assert priced.total == rub("800.00")
    assert len(priced.lines[0].adjustments) == 2


def test_best_for_customer_wins(settings):
    settings.VITRINA_PROMOTION_CONFLICT = "best"
    variant = make_variant("1000.00")
    make_promotion(Kind.PERCENT, "10", stackable=False, priority=5, name="Высокий приоритет")
    best = make_promotion(Kind.PERCENT, "25", stackable=False, priority=1, name="Выгоднее")

    priced = carts.price_lines([(variant, 1)])

    assert priced.total == rub("750.00")
    assert [applied.promotion_id for applied in priced.promotions] == [best.pk]


def test_priority_wins_when_configured(settings):
    settings.VITRINA_PROMOTION_CONFLICT = "priority"
    variant = make_variant("1000.00")
    first = make_promotion(Kind.PERCENT, "10", stackable=False, priority=5)
    make_promotion(Kind.PERCENT, "25", stackable=False, priority=1)

    priced = carts.price_lines([(variant, 1)])

    assert priced.total == rub("900.00")
    assert [applied.promotion_id for applied in priced.promotions] == [first.pk]


def test_exclusive_beats_smaller_stack(settings):
    settings.VITRINA_PROMOTION_CONFLICT = "best"
    variant = make_variant("1000.00")
    make_promotion(Kind.PERCENT, "5")
    make_promotion(Kind.PERCENT, "5")
    exclusive = make_promotion(Kind.PERCENT, "20", stackable=False)

    priced = carts.price_lines([(variant, 1)])

    assert priced.total == rub("800.00")
    assert [applied.promotion_id for applied in priced.promotions] == [exclusive.pk]


def test_stack_beats_smaller_exclusive(settings):
    settings.VITRINA_PROMOTION_CONFLICT = "best"
    variant = make_variant("1000.00")
    make_promotion(Kind.PERCENT, "10")
    make_promotion(Kind.AMOUNT, "200.00")
    make_promotion(Kind.PERCENT, "20", stackable=False)

    priced = carts.price_lines([(variant, 1)])

    assert priced.total == rub("700.00")
    assert len(priced.promotions) == 2


def test_inapplicable_exclusive_does_not_block(settings):
    settings.VITRINA_PROMOTION_CONFLICT = "priority"
    variant, other = make_variant("1000.00"), make_variant("1000.00")
    make_promotion(Kind.PERCENT, "50", scope=Scope.ITEMS, products=[other], stackable=False, priority=9)
    make_promotion(Kind.PERCENT, "10", priority=1)

    assert carts.price_lines([(variant, 1)]).total == rub("900.00")


def test_unknown_conflict_rule_rejected(settings):
    settings.VITRINA_PROMOTION_CONFLICT = "random"
    variant = make_variant("1000.00")

    with pytest.raises(ValueError):
        carts.price_lines([(variant, 1)])
