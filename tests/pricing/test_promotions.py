"""Promotions of every kind on the engine's result: per-line values, windows, thresholds, N for M, bundles."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

import carts
from carts.models import Promotion
from catalog.models import Category

from .builders import make_promotion, make_variant, rub

pytestmark = pytest.mark.django_db

Kind = Promotion.Kind
Scope = Promotion.Scope


def test_order_percent_25_lines_of_399():
    variants = [make_variant("399.00") for _ in range(25)]
    make_promotion(Kind.PERCENT, "10")

    priced = carts.price_lines((variant, 1) for variant in variants)

    assert priced.total == rub("8977.50")
    assert priced.discount_total == rub("997.50")
    assert [line.discount for line in priced.lines] == [rub("39.90")] * 25
    assert [line.amount for line in priced.lines] == [rub("359.10")] * 25


def test_order_percent_one_line_of_25_units():
    variant = make_variant("399.00")
    make_promotion(Kind.PERCENT, "10")

    line = carts.price_lines([(variant, 25)]).lines[0]

    assert line.unit_price == rub("399.00")
    assert line.discount == rub("997.50")
    assert line.amount == rub("8977.50")
    assert line.vat_amount == rub("1618.89")


def test_order_percent_600_and_400():
    first, second = make_variant("600.00"), make_variant("400.00")
    promotion = make_promotion(Kind.PERCENT, "10", name="Скидка 10%")

    priced = carts.price_lines([(first, 1), (second, 1)])

    assert [line.amount for line in priced.lines] == [rub("540.00"), rub("360.00")]
    assert priced.lines[0].adjustments[0].source.promotion_id == promotion.pk
    assert priced.lines[0].adjustments[0].amount == rub("60.00")
    assert priced.promotions[0].amount == rub("100.00")


def test_order_discount_split_exact_to_kopeck():
    variants = [make_variant("100.00") for _ in range(3)]
    make_promotion(Kind.AMOUNT, "100.00")

    priced = carts.price_lines((variant, 1) for variant in variants)

    assert [line.discount for line in priced.lines] == [rub("33.34"), rub("33.33"), rub("33.33")]
    assert priced.total == rub("200.00")


def test_order_amount_off_never_below_zero():
    variant = make_variant("50.00")
    make_promotion(Kind.AMOUNT, "80.00")

    priced = carts.price_lines([(variant, 1)])

    assert priced.total == rub("0.00")
    assert priced.lines[0].discount == rub("50.00")


def test_product_percent_only_on_that_product():
    on_sale, other = make_variant("1000.00"), make_variant("1000.00")
    make_promotion(Kind.PERCENT, "20", scope=Scope.ITEMS, products=[on_sale])

    priced = carts.price_lines([(on_sale, 2), (other, 1)])

    assert priced.lines[0].discount == rub("400.00")
    assert priced.lines[1].discount == rub("0.00")


def test_product_amount_off_per_unit():
    variant = make_variant("1000.00")
    make_promotion(Kind.AMOUNT, "150.00", scope=Scope.ITEMS, products=[variant])

    line = carts.price_lines([(variant, 3)]).lines[0]

    assert line.discount == rub("450.00")
    assert line.amount == rub("2550.00")


def test_category_includes_subcategories():
    glass = Category.objects.create(name="Стекло")
    wine_glasses = Category.objects.create(name="Бокалы", parent=glass)
    textile = Category.objects.create(name="Текстиль")
    in_child, outside = make_variant("500.00", category=wine_glasses), make_variant("500.00", category=textile)
    make_promotion(Kind.PERCENT, "10", scope=Scope.ITEMS, categories=[glass])

    priced = carts.price_lines([(in_child, 1), (outside, 1)])

    assert priced.lines[0].discount == rub("50.00")
    assert priced.lines[1].discount == rub("0.00")


def test_promotion_ends_while_cart_open():
    variant = make_variant("1000.00")
    ends_at = timezone.now() + timedelta(hours=1)
    make_promotion(Kind.PERCENT, "10", ends_at=ends_at)

    before = carts.price_lines([(variant, 1)], now=ends_at - timedelta(seconds=1))
    after = carts.price_lines([(variant, 1)], now=ends_at)

    assert before.total == rub("900.00")
    assert after.total == rub("1000.00")


def test_promotion_not_started_yet():
    variant = make_variant("1000.00")
    starts_at = timezone.now() + timedelta(days=1)
    make_promotion(Kind.PERCENT, "10", starts_at=starts_at)

    assert carts.price_lines([(variant, 1)]).total == rub("1000.00")
    assert carts.price_lines([(variant, 1)], now=starts_at).total == rub("900.00")


def test_inactive_promotion_ignored():
    variant = make_variant("1000.00")
    make_promotion(Kind.PERCENT, "10", is_active=False)

    assert carts.price_lines([(variant, 1)]).total == rub("1000.00")


def test_mixed_vat_per_rate():
    standard, reduced = make_variant("1220.00", vat_rate="22"), make_variant("550.00", vat_rate="10")
    untaxed = make_variant("300.00", vat_rate="none")
    make_promotion(Kind.PERCENT, "10")

    priced = carts.price_lines([(standard, 1), (reduced, 2), (untaxed, 1)])

    assert [line.amount for line in priced.lines] == [rub("1098.00"), rub("990.00"), rub("270.00")]
    assert priced.vat_by_rate == {"22": rub("198.00"), "10": rub("90.00"), "none": rub("0.00")}
    assert priced.vat_total == rub("288.00")


def test_vat_rounds_half_up():
    # 0.11 × 22 / 122 = 0.01983… → 0.02; 0.61 × 10 / 110 = 0.05545… → 0.06
    assert carts.vat_included(Decimal("0.11"), "22") == Decimal("0.02")
    assert carts.vat_included(Decimal("0.61"), "10") == Decimal("0.06")
    assert carts.vat_included(Decimal("100.00"), "0") == Decimal("0.00")


def test_three_for_two_cheapest_free():
    cheap, dear = make_variant("300.00"), make_variant("500.00")
    make_promotion(Kind.N_FOR_M, "0", scope=Scope.ITEMS, products=[cheap, dear], buy_quantity=3, pay_quantity=2)

    priced = carts.price_lines([(dear, 2), (cheap, 1)])

    assert priced.lines[0].discount == rub("0.00")
    assert priced.lines[1].discount == rub("300.00")
    assert priced.total == rub("1000.00")


def test_three_for_two_counts_whole_groups():
    variant = make_variant("300.00")
    make_promotion(Kind.N_FOR_M, "0", scope=Scope.ITEMS, products=[variant], buy_quantity=3, pay_quantity=2)

    assert carts.price_lines([(variant, 2)]).total == rub("600.00")
    assert carts.price_lines([(variant, 7)]).total == rub("1500.00")


def test_bundle_set_price():
    glass, decanter, other = make_variant("1000.00"), make_variant("3000.00"), make_variant("700.00")
    make_promotion(Kind.BUNDLE, "3200.00", scope=Scope.ITEMS, products=[glass, decanter])

    priced = carts.price_lines([(glass, 3), (decanter, 1), (other, 1)])

    assert priced.discount_total == rub("800.00")
    assert priced.lines[0].discount == rub("200.00")
    assert priced.lines[1].discount == rub("600.00")
    assert priced.lines[2].discount == rub("0.00")


def test_bundle_incomplete_no_discount():
    glass, decanter = make_variant("1000.00"), make_variant("3000.00")
    make_promotion(Kind.BUNDLE, "3200.00", scope=Scope.ITEMS, products=[glass, decanter])

    assert carts.price_lines([(glass, 2)]).discount_total == rub("0.00")


def test_threshold_reached():
    variant = make_variant("2500.00")
    make_promotion(Kind.AMOUNT, "500.00", min_order_amount="5000.00")

    assert carts.price_lines([(variant, 2)]).total == rub("4500.00")


def test_threshold_not_reached():
    variant = make_variant("2500.00")
    make_promotion(Kind.AMOUNT, "500.00", min_order_amount="5000.01")

    assert carts.price_lines([(variant, 2)]).total == rub("5000.00")


def test_unpriced_variant_left_out():
    priced_variant, no_price = make_variant("100.00"), make_variant(None)
    make_promotion(Kind.PERCENT, "10")

    priced = carts.price_lines([(priced_variant, 1), (no_price, 1)])

    assert priced.unpriced == [no_price]
    assert priced.total == rub("90.00")


def test_unknown_channel_rejected():
    with pytest.raises(ValueError):
        carts.price_lines([], channel="kiosk")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": Kind.PERCENT, "value": Decimal("101")}, "value"),
        ({"kind": Kind.N_FOR_M, "buy_quantity": 2, "pay_quantity": 2}, "pay_quantity"),
        ({"kind": Kind.N_FOR_M}, "pay_quantity"),
        (
            {"kind": Kind.PERCENT, "starts_at": timezone.now(), "ends_at": timezone.now() - timedelta(days=1)},
            "ends_at",
        ),
    ],
)
def test_promotion_clean_rejects(fields, field):
    from django.core.exceptions import ValidationError

    promotion = Promotion(name="Проверка", **fields)

    with pytest.raises(ValidationError) as raised:
        promotion.full_clean()

    assert field in raised.value.message_dict
