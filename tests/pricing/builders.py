"""Builders for pricing tests: categories, promotions, coupons, customers, sellers."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone
from djmoney.money import Money

from carts.models import Coupon, ManualDiscountLimit, Promotion
from catalog.models import Category, Price, PriceType
from customers.models import Customer, User
from tests import factories
from tests.concurrency import run_in_threads  # noqa: F401 (re-exported for the pricing tests)


def rub(amount: str) -> Money:
    return Money(Decimal(amount), "RUB")


def make_variant(price: str = "1000.00", *, vat_rate: str = "22", category: Category | None = None, name: str = "Бокал"):
    variant = factories.make_variant(name, price=price, vat_rate=vat_rate)
    if category is not None:
        variant.product.category = category
        variant.product.save()
    return variant


def make_promotion(
    kind: str = Promotion.Kind.PERCENT,
    value: str = "10",
    *,
    scope: str = Promotion.Scope.ORDER,
    products=(),
    categories=(),
    **fields,
) -> Promotion:
    min_order = fields.pop("min_order_amount", None)
    promotion = Promotion.objects.create(
        name=fields.pop("name", f"{kind} {value}"),
        kind=kind,
        scope=scope,
        value=Decimal(value),
        min_order_amount=rub(min_order) if min_order is not None else None,
        **fields,
    )
    promotion.products.set([getattr(product, "product", product) for product in products])
    promotion.categories.set(categories)
    return promotion


def make_coupon(code: str = "LETO10", *, promotion: Promotion | None = None, **fields) -> Coupon:
    promotion = promotion or make_promotion(requires_coupon=True)
    return Coupon.objects.create(code=code, promotion=promotion, **fields)


def make_customer(name: str = "Ирина", **fields) -> Customer:
    return Customer.objects.create(full_name=name, **fields)


def make_price_type(name: str = "Оптовая") -> PriceType:
    return PriceType.objects.create(name=name)


def set_price(variant, price_type: PriceType, amount: str) -> None:
    Price.objects.create(variant=variant, price_type=price_type, amount=rub(amount))


def make_seller(username: str = "prodavec", *, limit: str | None = None, staff: bool = True) -> User:
    """A seller in a group whose manual discount limit is `limit` percent (no row when None)."""
    user = User.objects.create_user(username=username, password="seller-test-1", is_staff=staff)
    if limit is not None:
        group = Group.objects.create(name=f"sellers-{username}")
        ManualDiscountLimit.objects.create(group=group, max_percent=Decimal(limit))
        user.groups.add(group)
    return user


def window(*, started_days_ago: int = 1, ends_in_days: int = 1) -> dict:
    now = timezone.now()
    return {"starts_at": now - timedelta(days=started_days_ago), "ends_at": now + timedelta(days=ends_in_days)}


