"""Paying at the counter with a customer: bonuses, coupon and manual discount priced by the shared engine."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

import carts
import customers
from carts.models import Cart, Coupon, Promotion
from customers.models import BonusEntry
from inventory.models import Stock
from orders.models import Order

from .conftest import HTMX, give_bonuses, online_cart, pay

pytestmark = pytest.mark.django_db


def rub(amount: str) -> Money:
    return Money(Decimal(amount), "RUB")


@pytest.fixture
def sale_cart(cashier_client, terminal, shopper, glass):
    """The shopper's online cart of two glasses (3 000 ₽), taken into the terminal's sale, with 1 000 bonuses."""
    cart = online_cart(shopper, (glass, 2))
    give_bonuses(shopper, "1000.00")
    cashier_client.post(reverse("pos:customer_attach", args=[terminal.pk, shopper.pk]))
    return cart


def test_bonus_redeem_updates_ledger(cashier_client, terminal, shopper, sale_cart):
    pay(cashier_client, terminal, sale_cart, redeem_bonus="500")

    order = Order.objects.get()
    redemption = BonusEntry.objects.get(kind=BonusEntry.Kind.REDEEM)
    assert order.bonus_used == rub("500.00")
    assert order.total == rub("2500.00")
    assert redemption.amount == Decimal("-500.00")
    assert redemption.order_ref == order.document


def test_bonus_redeem_and_earn_balance(cashier_client, terminal, shopper, sale_cart):
    pay(cashier_client, terminal, sale_cart, redeem_bonus="500")

    order = Order.objects.get()
    # 5 % of the 2 500 ₽ paid in money comes back at once with no hold days.
    assert order.bonus_earned == rub("125.00")
    assert customers.bonus_balance(shopper) == Decimal("625.00")


def test_bonus_over_cap_rejected(cashier_client, terminal, shopper, sale_cart):
    # Bonuses may pay at most 30 % of 3 000 ₽.
    response = pay(cashier_client, terminal, sale_cart, redeem_bonus="901")

    sale_cart.refresh_from_db()
    assert response.status_code == 200
    assert not Order.objects.exists()
    assert sale_cart.status == Cart.Status.OPEN
    assert customers.bonus_balance(shopper) == Decimal("1000.00")
    assert "900,00\u00a0₽" in response.content.decode()


def test_quote_shows_balance_and_cap(cashier_client, terminal, sale_cart):
    data = {"cart_id": sale_cart.pk, "idempotency_key": str(uuid.uuid4()), "method": "card", "redeem_bonus": "300"}

    response = cashier_client.post(reverse("pos:quote", args=[terminal.pk]), data, headers=HTMX)

    quote = response.context["quote"]
    assert quote.bonus_balance == Decimal("1000.00")
    assert quote.priced.bonus_redeemable == rub("900.00")
    assert quote.due == rub("2700.00")


def test_manual_discount_within_limit(cashier_client, terminal, sale_cart):
    pay(cashier_client, terminal, sale_cart, manual_value="10", manual_reason="Царапина на упаковке")

    order = Order.objects.get()
    assert order.manual_discount == rub("300.00")
    assert order.manual_discount_reason == "Царапина на упаковке"
    assert order.total == rub("2700.00")


def test_manual_discount_over_limit_rejected(cashier_client, terminal, glass, sale_cart):
    response = pay(
        cashier_client, terminal, sale_cart, manual_value="15", manual_reason="Постоянный клиент", redeem_bonus="100"
    )

    html = response.content.decode()
    sale_cart.refresh_from_db()
    assert not Order.objects.exists()
    assert sale_cart.status == Cart.Status.OPEN
    assert [line.quantity for line in sale_cart.lines.all()] == [2]
    assert Stock.objects.get(variant=glass, location=terminal.location).on_hand == 5
    assert "Ручная скидка 15,00% больше вашего лимита 10,00%" in html
    assert 'value="Постоянный клиент"' in html
    assert 'value="100"' in html


def test_manual_discount_needs_reason(cashier_client, terminal, sale_cart):
    response = pay(cashier_client, terminal, sale_cart, manual_value="5")

    assert not Order.objects.exists()
    assert "Укажите причину ручной скидки." in response.content.decode()


def test_repeated_key_sells_once(cashier_client, terminal, shopper, glass, sale_cart):
    key = uuid.uuid4()

    first = pay(cashier_client, terminal, sale_cart, key=key, redeem_bonus="500")
    second = pay(cashier_client, terminal, sale_cart, key=key, redeem_bonus="500")

    order = Order.objects.get()
    assert first["HX-Redirect"] == second["HX-Redirect"]
    assert BonusEntry.objects.filter(kind=BonusEntry.Kind.REDEEM, order_ref=order.document).count() == 1
    assert Stock.objects.get(variant=glass, location=terminal.location).on_hand == 3
    assert customers.bonus_balance(shopper) == Decimal("625.00")


def test_order_lines_store_engine_values(cashier_client, terminal, shopper, glass, book, sale_cart):
    carts.add_to_cart(carts.CartOwner(customer=shopper), book.pk, "1")
    expected = carts.price_lines([(glass, 2), (book, 1)], customer=shopper, redeem_bonus="700", channel="counter")

    pay(cashier_client, terminal, sale_cart, redeem_bonus="700")

    stored = list(Order.objects.get().lines.order_by("variant_id"))
    engine = sorted(expected.lines, key=lambda line: line.variant.pk)
    assert [line.unit_price for line in stored] == [line.unit_price for line in engine]
    assert [line.discount for line in stored] == [line.discount for line in engine]
    assert [line.bonus for line in stored] == [line.bonus for line in engine]
    assert [line.amount for line in stored] == [line.amount for line in engine]
    assert [line.vat_amount for line in stored] == [line.vat_amount for line in engine]
    assert [line.vat_rate for line in stored] == [line.vat_rate for line in engine]


def test_coupon_stored_on_order(cashier_client, terminal, sale_cart):
    promotion = Promotion.objects.create(
        name="Осенняя", kind=Promotion.Kind.PERCENT, scope=Promotion.Scope.ORDER, value=Decimal("10"), requires_coupon=True
    )
    Coupon.objects.create(code="OSEN", promotion=promotion)

    pay(cashier_client, terminal, sale_cart, coupon="osen")

    order = Order.objects.get()
    assert order.coupon_code == "OSEN"
    assert order.total == rub("2700.00")


def test_receipt_shows_customer_bonuses(cashier_client, terminal, shopper, sale_cart):
    pay(cashier_client, terminal, sale_cart, redeem_bonus="500")

    order = Order.objects.get()
    html = cashier_client.get(reverse("pos:receipt", args=[order.pk])).content.decode()
    assert "Мария Иванова" in html
    assert 'data-bonus-used>500,00' in html
    assert 'data-bonus-earned>125,00' in html
    assert 'data-bonus-balance>625,00' in html


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_counters_redeem_balance_once(terminal, counter_cashier, shopper, glass):
    """Two sales that each redeem 600 of a 1 000 balance at once: one goes through, the other is rejected."""
    import threading

    from django.db import connection

    import orders

    give_bonuses(shopper, "1000.00")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def sell():
        try:
            barrier.wait()
            orders.place_counter_sale(
                terminal=terminal,
                cashier=counter_cashier,
                lines=[orders.RequestedLine(glass.pk, 2)],
                method="card",
                tendered=None,
                idempotency_key=uuid.uuid4(),
                customer=shopper,
                redeem_bonus="600",
            )
            outcomes.append("sold")
        except orders.OrderError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sell) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # The loser is rejected by the engine when it prices after the winner
    # committed, or by the locked redemption when both priced first.
    assert sorted(outcomes)[1] == "sold"
    assert sorted(outcomes)[0] in {"bonus_over_limit", "bonuses_unavailable"}
    assert Order.objects.count() == 1
    assert BonusEntry.objects.filter(kind=BonusEntry.Kind.REDEEM).count() == 1
    assert Stock.objects.get(variant=glass, location=terminal.location).on_hand == 3
