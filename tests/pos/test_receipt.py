import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

import orders
from orders.models import Order

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(terminal, counter_cashier, glass, book):
    terminal.store.address = "Москва, Малая Бронная ул., 20"
    terminal.store.save()
    return orders.place_counter_sale(
        terminal=terminal,
        cashier=counter_cashier,
        lines=[orders.RequestedLine(glass.pk, 2), orders.RequestedLine(book.pk, 1)],
        method="cash",
        tendered=Decimal("5000"),
        idempotency_key=uuid.uuid4(),
    )


def receipt(client, order) -> str:
    response = client.get(reverse("pos:receipt", args=[order.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_receipt_shows_store_and_order(cashier_client, order):
    content = receipt(cashier_client, order)

    assert "Бутик на Патриарших" in content
    assert "Москва, Малая Бронная ул., 20" in content
    assert f"№ {order.number}" in content
    assert "Касса 1" in content
    assert "Анна" in content
    assert "Спасибо за покупку!" in content


def test_receipt_time_in_moscow(cashier_client, order):
    moscow = timezone.localtime(order.created_at, timezone.get_fixed_timezone(180))

    content = receipt(cashier_client, order)

    assert moscow.strftime("%d.%m.%Y %H:%M") in content


def test_receipt_lines_quantity_price_amount(cashier_client, order):
    content = receipt(cashier_client, order)

    assert "2 × 1\u00a0500,00\u00a0₽" in content
    assert "= 3\u00a0000,00\u00a0₽" in content
    assert "1 × 800,00\u00a0₽" in content


def test_receipt_shows_vat_per_rate(cashier_client, order):
    content = receipt(cashier_client, order)

    assert "в т.ч. НДС 22 %" in content
    assert "540,98\u00a0₽" in content
    assert "в т.ч. НДС 10 %" in content
    assert "72,73\u00a0₽" in content


def test_receipt_shows_cash_and_change(cashier_client, order):
    content = receipt(cashier_client, order)

    assert "3\u00a0800,00\u00a0₽" in content
    assert "Получено наличными" in content
    assert "5\u00a0000,00\u00a0₽" in content
    assert "Сдача" in content
    assert "1\u00a0200,00\u00a0₽" in content


def test_receipt_reads_stored_prices(cashier_client, order, glass):
    glass.prices.update(amount=Decimal("9999.00"))

    content = receipt(cashier_client, order)

    assert "2 × 1\u00a0500,00\u00a0₽" in content


def test_receipt_links_new_sale_and_print(cashier_client, order, terminal):
    content = receipt(cashier_client, order)

    assert reverse("pos:sale", args=[terminal.pk]) in content
    assert "data-print" in content


def test_receipt_no_vat_line(cashier_client, terminal, counter_cashier):
    gift_card = factories.make_variant("Подарочная упаковка", price="200.00", vat_rate="none")
    factories.put_stock(gift_card, terminal.location, 1)
    order = orders.place_counter_sale(
        terminal=terminal,
        cashier=counter_cashier,
        lines=[orders.RequestedLine(gift_card.pk, 1)],
        method="card",
        tendered=None,
        idempotency_key=uuid.uuid4(),
    )

    content = receipt(cashier_client, order)

    assert "Без НДС" in content
    assert "Получено наличными" not in content


def test_receipt_of_web_order_not_found(cashier_client, order):
    Order.objects.filter(pk=order.pk).update(channel=Order.Channel.WEB)

    response = cashier_client.get(reverse("pos:receipt", args=[order.pk]))

    assert response.status_code == 404


def test_receipt_forbidden_to_shopper(client, django_user_model, order):
    client.force_login(django_user_model.objects.create_user(username="shopper", password="shopper-test-1"))

    response = client.get(reverse("pos:receipt", args=[order.pk]))

    assert response.status_code == 403

