"""A seller's manual discount: percent or amount, with a reason, within the role's limit."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

import carts
from carts.models import ManualDiscountLimit

from .builders import make_seller, make_variant, rub

pytestmark = pytest.mark.django_db


def test_manual_percent_within_limit():
    variant = make_variant("1000.00")
    seller = make_seller(limit="10")
    manual = carts.ManualDiscount(user=seller, reason="Скол на упаковке", percent=Decimal("10"))

    priced = carts.price_lines([(variant, 1)], manual_discount=manual, channel="counter")

    assert priced.total == rub("900.00")
    assert priced.manual_discount == rub("100.00")
    assert priced.lines[0].adjustments[0].source.kind == "manual"
    assert priced.lines[0].adjustments[0].source.name == "Скол на упаковке"


def test_manual_amount_split_over_lines():
    first, second = make_variant("600.00"), make_variant("400.00")
    seller = make_seller(limit="10")
    manual = carts.ManualDiscount(user=seller, reason="Постоянный клиент", amount=Decimal("100.00"))

    priced = carts.price_lines([(first, 1), (second, 1)], manual_discount=manual)

    assert [line.amount for line in priced.lines] == [rub("540.00"), rub("360.00")]


def test_manual_over_limit_rejected():
    variant = make_variant("1000.00")
    seller = make_seller(limit="10")
    manual = carts.ManualDiscount(user=seller, reason="Просьба клиента", percent=Decimal("10.01"))

    with pytest.raises(carts.ManualDiscountOverLimit) as raised:
        carts.price_lines([(variant, 1)], manual_discount=manual)

    assert raised.value.code == "manual_discount_over_limit"
    assert raised.value.limit == Decimal("10")
    with translation.override("ru"):
        assert "10,01%" in raised.value.user_message()


def test_manual_amount_over_limit_rejected():
    variant = make_variant("1000.00")
    seller = make_seller(limit="5")
    manual = carts.ManualDiscount(user=seller, reason="Просьба клиента", amount=Decimal("50.01"))

    with pytest.raises(carts.ManualDiscountOverLimit):
        carts.price_lines([(variant, 1)], manual_discount=manual)


def test_manual_without_limit_row_rejected():
    variant = make_variant("1000.00")
    seller = make_seller(limit=None)
    manual = carts.ManualDiscount(user=seller, reason="Просьба клиента", percent=Decimal("1"))

    with pytest.raises(carts.ManualDiscountOverLimit):
        carts.price_lines([(variant, 1)], manual_discount=manual)


def test_manual_largest_group_limit_wins():
    seller = make_seller(limit="5")
    senior = Group.objects.create(name="Старшие продавцы")
    ManualDiscountLimit.objects.create(group=senior, max_percent=Decimal("15"))
    seller.groups.add(senior)

    assert carts.manual_discount_limit(seller) == Decimal("15")


def test_manual_staff_row_limit():
    ManualDiscountLimit.objects.create(group=None, max_percent=Decimal("3"))
    staff, shopper = make_seller("staff", limit=None), make_seller("shopper", limit=None, staff=False)

    assert carts.manual_discount_limit(staff) == Decimal("3")
    assert carts.manual_discount_limit(shopper) == Decimal("0")


def test_manual_without_reason_rejected():
    variant = make_variant("1000.00")
    manual = carts.ManualDiscount(user=make_seller(limit="10"), reason="  ", percent=Decimal("5"))

    with pytest.raises(carts.ManualDiscountReasonRequired) as raised:
        carts.price_lines([(variant, 1)], manual_discount=manual)

    assert raised.value.code == "manual_discount_reason_required"


@pytest.mark.parametrize(
    ("percent", "amount"),
    [(Decimal("5"), Decimal("10")), (None, None), (Decimal("-1"), None), (None, Decimal("0.001")), ("abc", None)],
)
def test_manual_invalid_input_rejected(percent, amount):
    variant = make_variant("1000.00")
    manual = carts.ManualDiscount(user=make_seller(limit="100"), reason="Тест", percent=percent, amount=amount)

    with pytest.raises(carts.ManualDiscountInvalid) as raised:
        carts.price_lines([(variant, 1)], manual_discount=manual)

    assert raised.value.code == "manual_discount_invalid"


def test_manual_applies_after_promotions():
    from .builders import make_promotion

    variant = make_variant("1000.00")
    make_promotion("percent", "10")
    manual = carts.ManualDiscount(user=make_seller(limit="10"), reason="Витринный образец", percent=Decimal("10"))

    assert carts.price_lines([(variant, 1)], manual_discount=manual).total == rub("810.00")


def test_manual_on_one_variant():
    damaged, other = make_variant("1000.00"), make_variant("400.00")
    manual = carts.ManualDiscount(
        user=make_seller(limit="20"), reason="Скол на упаковке", percent=Decimal("20"), variant_id=damaged.pk
    )

    priced = carts.price_lines([(damaged, 1), (other, 1)], manual_discount=manual)

    assert priced.lines[0].discount == rub("200.00")
    assert priced.lines[1].discount == rub("0.00")


def test_manual_on_one_variant_limit_of_line():
    damaged, other = make_variant("1000.00"), make_variant("9000.00")
    manual = carts.ManualDiscount(
        user=make_seller(limit="10"), reason="Скол на упаковке", amount=Decimal("150.00"), variant_id=damaged.pk
    )

    with pytest.raises(carts.ManualDiscountOverLimit):
        carts.price_lines([(damaged, 1), (other, 1)], manual_discount=manual)
