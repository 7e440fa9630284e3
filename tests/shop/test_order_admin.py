"""The orders admin's cancel action: which orders it cancels, and why it skips the others."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from inventory.models import Reservation
from orders.models import Order
from tests import factories
from tests.inventory.helpers import counter_sale, pickup_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, django_user_model):
    manager = django_user_model.objects.create_user(username="manager", password="manager-test-1", is_staff=True)
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", "change_order"]))
    client.force_login(manager)
    return client


@pytest.fixture
def vase(terminal):
    variant = factories.make_variant(name="Ваза", sku="VZ-1")
    factories.put_stock(variant, terminal.location, 10)
    return variant


def cancel(client, orders):
    return client.post(
        reverse("admin:orders_order_changelist"),
        {"action": "cancel_selected", "_selected_action": [order.pk for order in orders]},
        follow=True,
    )


def test_cancel_new_web_order(manager_client, store, vase):
    order = pickup_order(store, [(vase, 1)])

    html = cancel(manager_client, [order]).content.decode()

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert not Reservation.objects.filter(owner=order.document, status=Reservation.Status.ACTIVE).exists()
    assert f"Отменён 1 заказ: {order.number}." in html


def test_cancel_completed_sale_says_return(manager_client, terminal, cashier, vase):
    sale = counter_sale(terminal, cashier, vase)

    html = cancel(manager_client, [sale]).content.decode()

    sale.refresh_from_db()
    assert sale.status == Order.Status.COMPLETED
    assert "Отменено заказов: 0" not in html
    assert f"Не отменено: завершённую продажу на кассе нельзя отменить, только оформить возврат по заказу {sale.number}." in html


def test_cancel_mixed_reports_each(manager_client, store, terminal, cashier, vase):
    web = pickup_order(store, [(vase, 1)])
    sale = counter_sale(terminal, cashier, vase)
    cancel(manager_client, [web])

    html = cancel(manager_client, [web, sale]).content.decode()

    assert f"Уже отменён: заказ {web.number}." in html
    assert sale.number in html
    assert "оформить возврат" in html
