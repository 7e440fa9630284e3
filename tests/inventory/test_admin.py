from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

import inventory
from inventory.models import Movement, Reservation
from tests import factories

from .helpers import problems, stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user(username="manager", password="manager-test-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="inventory",
            codename__in=["view_stock", "adjust_stock", "view_movement", "view_reservation", "change_reservation"],
        )
    )
    return user


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user(username="viewer", password="viewer-test-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="inventory", codename__startswith="view_"))
    return user


@pytest.fixture
def stocked(store):
    variant = factories.make_variant(name="Графин", sku="GR-1")
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 5)
    return stock_of(variant, floor)


def adjust_url(stock) -> str:
    return reverse("admin:inventory_stock_adjust", args=[stock.pk])


def test_adjust_form_writes_ledger_row(client, manager, stocked):
    client.force_login(manager)

    response = client.post(adjust_url(stocked), {"change": "-2", "reason": "разбит при выкладке"})

    assert response.status_code == 302
    movement = Movement.objects.get(kind=Movement.Kind.ADJUSTMENT)
    assert (movement.quantity, movement.reason, movement.user) == (-2, "разбит при выкладке", manager)
    assert stock_of(stocked.variant, stocked.location).on_hand == 3
    assert problems() == []


def test_adjust_form_needs_reason(client, manager, stocked):
    client.force_login(manager)

    response = client.post(adjust_url(stocked), {"change": "3", "reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Movement.objects.filter(kind=Movement.Kind.ADJUSTMENT).exists()


def test_adjust_below_reserved_keeps_input(client, manager, stocked):
    inventory.reserve(stocked.variant_id, [stocked.location_id], 4, kind="order", owner="order:1")
    client.force_login(manager)

    response = client.post(adjust_url(stocked), {"change": "-3", "reason": "пересчёт"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["reason"].value() == "пересчёт"
    assert stock_of(stocked.variant, stocked.location).on_hand == 5


def test_adjust_without_permission_forbidden(client, viewer, stocked):
    client.force_login(viewer)

    response = client.post(adjust_url(stocked), {"change": "1", "reason": "count"})

    assert response.status_code == 403
    assert not Movement.objects.filter(kind=Movement.Kind.ADJUSTMENT).exists()


def test_stock_list_searches_by_sku(client, viewer, stocked):
    client.force_login(viewer)

    response = client.get(reverse("admin:inventory_stock_changelist"), {"q": "GR-1"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [stocked]


@pytest.mark.parametrize("model", ["stock", "movement", "reservation"])
def test_ledger_models_cannot_be_added(client, manager, model):
    client.force_login(manager)

    response = client.get(reverse(f"admin:inventory_{model}_add"))

    assert response.status_code == 403


def test_movement_cannot_be_changed(client, manager, stocked):
    movement = Movement.objects.get()
    client.force_login(manager)

    response = client.post(reverse("admin:inventory_movement_change", args=[movement.pk]), {"quantity": "100"})

    assert response.status_code == 403
    assert Movement.objects.get().quantity == 5


def test_release_action_releases_active(client, manager, stocked):
    expires_at = timezone.now() + timedelta(minutes=10)
    [hold] = inventory.reserve(
        stocked.variant_id, [stocked.location_id], 2, kind="cart_hold", owner="cart:1", expires_at=expires_at
    )
    client.force_login(manager)

    response = client.post(
        reverse("admin:inventory_reservation_changelist"), {"action": "release_selected", "_selected_action": [hold.pk]}
    )

    assert response.status_code == 302
    assert Reservation.objects.get(pk=hold.pk).status == Reservation.Status.RELEASED
    assert stock_of(stocked.variant, stocked.location).reserved == 0
    assert problems() == []


def test_adjust_form_shows_stock(client, manager, stocked):
    client.force_login(manager)

    response = client.get(adjust_url(stocked))

    assert response.status_code == 200
    assert "Графин" in response.content.decode()


def test_release_action_hidden_without_permission(client, viewer, stocked):
    client.force_login(viewer)

    response = client.get(reverse("admin:inventory_reservation_changelist"))

    assert response.status_code == 200
    assert "release_selected" not in response.content.decode()


@pytest.mark.parametrize("change", ["99999999999999999999", "-99999999999999999999", "1000001", "-1000001"])
def test_adjust_form_rejects_huge_change(client, manager, stocked, change):
    client.force_login(manager)

    response = client.post(adjust_url(stocked), {"change": change, "reason": "пересчёт"})

    assert response.status_code == 200
    assert "от -1000000 до 1000000" in str(response.context["form"].errors["change"])
    assert response.context["form"]["reason"].value() == "пересчёт"
    assert stock_of(stocked.variant, stocked.location).on_hand == 5
    assert not Movement.objects.filter(kind=Movement.Kind.ADJUSTMENT).exists()


def test_adjust_form_huge_stock_id_not_found(client, manager):
    client.force_login(manager)

    response = client.get(reverse("admin:inventory_stock_adjust", args=[99999999999999999999]))

    assert response.status_code == 404


def test_adjust_reserved_units_names_reservations(client, manager, store):
    variant = factories.make_variant(name="Ваза", sku="VZ-1")
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    stock = stock_of(variant, floor)
    inventory.reserve(variant.pk, [floor.pk], 1, kind="order", owner="order:8")
    inventory.reserve(variant.pk, [floor.pk], 1, kind="order", owner="order:9")
    client.force_login(manager)

    response = client.post(adjust_url(stock), {"change": "-2", "reason": "бой"})

    message = str(response.context["form"].non_field_errors()[0])
    assert "2 шт. в резерве" in message
    assert "Заказ 000008, Заказ 000009" in message
    assert "снимите эти резервы или отмените заказы" in message
    assert ".." not in message
    assert message.endswith(".")
    assert stock_of(variant, floor).on_hand == 2


def test_adjust_beyond_on_hand_keeps_shortage_message(client, manager, stocked):
    client.force_login(manager)

    response = client.post(adjust_url(stocked), {"change": "-9", "reason": "пересчёт"})

    message = str(response.context["form"].non_field_errors()[0])
    assert "запрошено 9" in message
    assert "резерв" not in message


def release_action(client, reservations):
    return client.post(
        reverse("admin:inventory_reservation_changelist"),
        {"action": "release_selected", "_selected_action": [reservation.pk for reservation in reservations]},
        follow=True,
    )


def test_release_action_keeps_order_reservations(client, manager, stocked):
    expires_at = timezone.now() + timedelta(minutes=10)
    [of_order] = inventory.reserve(stocked.variant_id, [stocked.location_id], 1, kind="order", owner="order:8")
    [hold] = inventory.reserve(
        stocked.variant_id, [stocked.location_id], 2, kind="cart_hold", owner="cart:1", expires_at=expires_at
    )
    client.force_login(manager)

    response = release_action(client, [of_order, hold])

    html = response.content.decode()
    assert Reservation.objects.get(pk=of_order.pk).status == Reservation.Status.ACTIVE
    assert Reservation.objects.get(pk=hold.pk).status == Reservation.Status.RELEASED
    assert "Снят 1 резерв" in html
    assert "Заказ 000008" in html
    assert "Отмените заказ" in html
    assert stock_of(stocked.variant, stocked.location).reserved == 1


def test_release_action_only_orders_releases_nothing(client, manager, stocked):
    [of_order] = inventory.reserve(stocked.variant_id, [stocked.location_id], 1, kind="order", owner="order:8")
    client.force_login(manager)

    response = release_action(client, [of_order])

    assert Reservation.objects.get(pk=of_order.pk).status == Reservation.Status.ACTIVE
    assert "Отмените заказ" in response.content.decode()


def test_ledger_list_shows_document_labels(client, manager, stocked):
    client.force_login(manager)
    client.post(adjust_url(stocked), {"change": "-1", "reason": "бой"})

    html = client.get(reverse("admin:inventory_movement_changelist")).content.decode()

    assert "Корректировка" in html
    assert "admin:adjustment" not in html


def test_ledger_detail_shows_document_label(client, manager, stocked):
    client.force_login(manager)
    client.post(adjust_url(stocked), {"change": "-1", "reason": "бой"})
    movement = Movement.objects.get(kind=Movement.Kind.ADJUSTMENT)

    html = client.get(reverse("admin:inventory_movement_change", args=[movement.pk])).content.decode()

    assert "Корректировка" in html
    assert "admin:adjustment" not in html


def test_reservation_list_links_order(client, manager, stocked):
    [of_order] = inventory.reserve(stocked.variant_id, [stocked.location_id], 1, kind="order", owner="order:8")
    client.force_login(manager)

    html = client.get(reverse("admin:inventory_reservation_changelist")).content.decode()
    detail = client.get(reverse("admin:inventory_reservation_change", args=[of_order.pk])).content.decode()

    order_url = reverse("admin:orders_order_change", args=[8])
    assert f'<td class="field-owner_display"><a href="{order_url}">Заказ 000008</a></td>' in html
    assert "Заказ 000008" in detail


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("order:8", "Заказ 000008"),
        ("import:1", "Импорт каталога"),
        ("import:3f2a9c1b0d4e", "Импорт каталога"),
        ("admin:adjustment", "Корректировка"),
        ("terminal:2", "Касса 2"),
        ("cart:12", "Корзина 12"),
        ("return:5", "return:5"),
        ("", ""),
    ],
)
def test_document_label(code, label):
    from django.utils import translation

    from inventory.documents import document_label

    with translation.override("ru"):
        assert document_label(code) == label
