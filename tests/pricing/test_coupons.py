"""Coupon codes: a promotion that applies only with its code, and the errors for bad codes."""

from datetime import timedelta

import pytest
from django.utils import timezone

import carts
from carts.models import Promotion

from .builders import make_coupon, make_promotion, make_variant, rub

pytestmark = pytest.mark.django_db


def test_coupon_valid_applies():
    variant = make_variant("1000.00")
    promotion = make_promotion(Promotion.Kind.PERCENT, "15", requires_coupon=True, name="Промокод")
    make_coupon("LETO15", promotion=promotion)

    priced = carts.price_lines([(variant, 1)], coupon=" leto15 ")

    assert priced.total == rub("850.00")
    assert priced.coupon_code == "LETO15"
    assert priced.coupon_applied is True
    assert priced.lines[0].adjustments[0].source.kind == "coupon"
    assert priced.lines[0].adjustments[0].source.coupon_code == "LETO15"


def test_coupon_promotion_not_applied_without_code():
    variant = make_variant("1000.00")
    make_coupon("LETO15", promotion=make_promotion(Promotion.Kind.PERCENT, "15", requires_coupon=True))

    assert carts.price_lines([(variant, 1)]).total == rub("1000.00")


def test_coupon_unknown_code_invalid():
    variant = make_variant("1000.00")

    with pytest.raises(carts.CouponInvalid) as raised:
        carts.price_lines([(variant, 1)], coupon="NOSUCH")

    assert raised.value.code == "coupon_invalid"
    assert "NOSUCH" in raised.value.user_message()


def test_coupon_inactive_invalid():
    variant = make_variant("1000.00")
    make_coupon("OFF", is_active=False)

    with pytest.raises(carts.CouponInvalid):
        carts.price_lines([(variant, 1)], coupon="OFF")


def test_coupon_expired():
    variant = make_variant("1000.00")
    ends_at = timezone.now() - timedelta(minutes=1)
    make_coupon("OLD", ends_at=ends_at)

    with pytest.raises(carts.CouponExpired) as raised:
        carts.price_lines([(variant, 1)], coupon="OLD")

    assert raised.value.code == "coupon_expired"


def test_coupon_expired_by_server_now():
    variant = make_variant("1000.00")
    ends_at = timezone.now() + timedelta(hours=2)
    make_coupon("SOON", ends_at=ends_at)

    assert carts.price_lines([(variant, 1)], coupon="SOON", now=ends_at - timedelta(seconds=1)).total == rub("900.00")
    with pytest.raises(carts.CouponExpired):
        carts.price_lines([(variant, 1)], coupon="SOON", now=ends_at)


def test_coupon_of_ended_promotion_expired():
    variant = make_variant("1000.00")
    promotion = make_promotion(requires_coupon=True, ends_at=timezone.now() - timedelta(days=1))
    make_coupon("LATE", promotion=promotion)

    with pytest.raises(carts.CouponExpired):
        carts.price_lines([(variant, 1)], coupon="LATE")


def test_coupon_not_started():
    variant = make_variant("1000.00")
    make_coupon("NEXT", starts_at=timezone.now() + timedelta(days=1))

    with pytest.raises(carts.CouponNotStarted) as raised:
        carts.price_lines([(variant, 1)], coupon="NEXT")

    assert raised.value.code == "coupon_not_started"


def test_coupon_below_threshold_not_applied():
    variant = make_variant("1000.00")
    make_coupon("BIG", promotion=make_promotion(requires_coupon=True, min_order_amount="5000.00"))

    priced = carts.price_lines([(variant, 1)], coupon="BIG")

    assert priced.total == rub("1000.00")
    assert priced.coupon_applied is False


def test_coupon_message_in_russian():
    from django.utils import translation

    error = carts.CouponExpired("OLD")
    with translation.override("en"):
        english = error.user_message()
    with translation.override("ru"):
        russian = error.user_message()

    assert english == "Coupon code «OLD» has expired."
    assert "OLD" in russian


def test_coupon_code_unique_regardless_of_case():
    from django.core.exceptions import ValidationError

    from carts.models import Coupon

    first = make_coupon("LETO")

    with pytest.raises(ValidationError) as raised:
        Coupon(code=" leto ", promotion=first.promotion).full_clean()

    assert "code" in raised.value.message_dict
