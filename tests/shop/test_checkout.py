import pytest
from django.urls import reverse

from carts.models import Cart
from customers.models import Customer
from inventory.models import Reservation, Stock
from orders.models import Order

from .. import factories
from .helpers import add_to_cart, checkout_data, make_warehouse

pytestmark = pytest.mark.django_db


def test_checkout_page_prefills_logged_in_customer(client, django_user_model):
    variant = factories.make_variant()
    user = django_user_model.objects.create_user(username="vera@example.ru", email="vera@example.ru", password="x")
    Customer.objects.create(user=user, full_name="Вера Петрова", phone="+79161112233", email="vera@example.ru")
    client.force_login(user)
    add_to_cart(client, variant)

    html = client.get(reverse("orders:checkout")).content.decode()

    assert 'value="Вера Петрова"' in html
    assert 'value="+79161112233"' in html
    assert 'value="vera@example.ru"' in html
    assert 'name="idempotency_key"' in html


def test_checkout_empty_cart_redirects(client):
    response = client.get(reverse("orders:checkout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("carts:detail")


def test_checkout_store_list_shows_cart_availability(client):
    first = factories.make_variant()
    second = factories.make_variant()
    full = factories.make_store("Патриаршие", code="full")
    partial = factories.make_store("Невский", code="partial")
    for variant in (first, second):
        factories.put_stock(variant, factories.shop_floor(full), 5)
    factories.put_stock(first, factories.shop_floor(partial), 5)
    add_to_cart(client, first)
    add_to_cart(client, second)

    html = client.get(reverse("orders:checkout")).content.decode()

    assert 'data-store="full" data-lines-available="2"' in html
    assert 'data-store="partial" data-lines-available="1"' in html


def test_checkout_pickup_reserves_at_store(client, store):
    variant = factories.make_variant(price="1200.00")
    factories.put_stock(variant, factories.shop_floor(store), 1)
    factories.put_stock(variant, factories.back_room(store), 2)
    add_to_cart(client, variant, "2")

    response = client.post(reverse("orders:checkout"), checkout_data(store=store.pk))

    order = Order.objects.get()
    shop_floor = Stock.objects.get(variant=variant, location=factories.shop_floor(store))
    back_room = Stock.objects.get(variant=variant, location=factories.back_room(store))
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    assert order.fulfilment == "pickup"
    assert order.store == store
    assert shop_floor.reserved == 1
    assert back_room.reserved == 1
    assert order.contact_phone == "+79161234567"
    assert Cart.objects.get().status == Cart.Status.ORDERED


def test_checkout_delivery_reserves_at_warehouse(client, store):
    variant = factories.make_variant()
    warehouse = make_warehouse()
    factories.put_stock(variant, factories.shop_floor(store), 5)
    factories.put_stock(variant, warehouse, 5)
    add_to_cart(client, variant, "3")

    client.post(reverse("orders:checkout"), checkout_data(fulfilment="delivery", address="Москва, Тверская, 1"))

    order = Order.objects.get()
    assert order.fulfilment == "delivery"
    assert order.delivery_address == "Москва, Тверская, 1"
    assert Stock.objects.get(variant=variant, location=warehouse).reserved == 3
    assert Stock.objects.get(variant=variant, location=factories.shop_floor(store)).reserved == 0


def test_checkout_out_of_stock_keeps_form(client, store):
    variant = factories.make_variant("Графин «Север»")
    factories.put_stock(variant, factories.shop_floor(store), 1)
    add_to_cart(client, variant, "2")
    data = checkout_data(store=store.pk, name="Пётр Смирнов", email="petr@example.ru")

    response = client.post(reverse("orders:checkout"), data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "«Графин «Север»»: в наличии осталось 1 шт." in html
    assert 'value="Пётр Смирнов"' in html
    assert 'value="petr@example.ru"' in html
    assert f'value="{data["idempotency_key"]}"' in html
    assert f'value="{store.pk}" checked' in html
    assert not Order.objects.exists()
    assert Cart.objects.get().status == Cart.Status.OPEN
    assert Stock.objects.get(variant=variant, location=factories.shop_floor(store)).reserved == 0


def test_checkout_double_submit_makes_one_order(client, store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant, "2")
    data = checkout_data(store=store.pk)

    first = client.post(reverse("orders:checkout"), data)
    second = client.post(reverse("orders:checkout"), data)

    assert Order.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Reservation.objects.filter(status="active").count() == 1
    assert Stock.objects.get(variant=variant, location=factories.shop_floor(store)).reserved == 2


def test_checkout_pickup_without_store_rejected(client, store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant)

    response = client.post(reverse("orders:checkout"), checkout_data(store=""))

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_order_page_shows_lines_total_and_deadline(client, store):
    variant = factories.make_variant("Бокал Riedel", price="1500.00")
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant, "2")

    response = client.post(reverse("orders:checkout"), checkout_data(store=store.pk), follow=True)

    html = response.content.decode()
    order = Order.objects.get()
    assert f'data-order="{order.number}"' in html
    assert "Бокал Riedel" in html
    assert 'data-total="3000.00"' in html
    assert store.name in html
    assert 'class="pickup-deadline"' in html


def test_order_page_hidden_from_other_visitors(client, store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant)
    client.post(reverse("orders:checkout"), checkout_data(store=store.pk))
    from django.test import Client

    response = Client().get(reverse("orders:detail", args=[Order.objects.get().pk]))

    assert response.status_code == 404


def test_cart_and_order_show_same_discounted_total(client, store):
    from decimal import Decimal

    from carts.models import Promotion

    variant = factories.make_variant(price="2000.00")
    factories.put_stock(variant, factories.shop_floor(store), 5)
    Promotion.objects.create(name="Неделя бокалов", kind="percent", scope="order", value=Decimal("10"))
    add_to_cart(client, variant, "2")

    cart_html = client.get(reverse("carts:detail")).content.decode()
    client.post(reverse("orders:checkout"), checkout_data(store=store.pk))

    order = Order.objects.get()
    assert 'data-total="3600.00"' in cart_html
    assert "Неделя бокалов" in cart_html
    assert order.total.amount == Decimal("3600.00")


@pytest.mark.parametrize("withdraw", ["product", "variant"])
def test_checkout_withdrawn_item_rejected(client, store, withdraw):
    variant = factories.make_variant("Шардоне Бургундия")
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant)
    if withdraw == "product":
        variant.product.is_active = False
        variant.product.save(update_fields=["is_active"])
    else:
        variant.is_for_sale = False
        variant.save(update_fields=["is_for_sale"])

    response = client.post(reverse("orders:checkout"), checkout_data(store=store.pk))

    assert response.status_code == 409
    assert "«Шардоне Бургундия»" in response.content.decode()
    assert not Order.objects.exists()
    assert Cart.objects.get().status == Cart.Status.OPEN


STALE_FORM = "Форма устарела"


def test_checkout_reused_key_keeps_new_cart(client, store):
    first = factories.make_variant("Рислинг")
    second = factories.make_variant("Шардоне")
    for variant in (first, second):
        factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, first)
    data = checkout_data(store=store.pk)
    client.post(reverse("orders:checkout"), data)
    add_to_cart(client, second)

    response = client.post(reverse("orders:checkout"), data)

    html = response.content.decode()
    new_cart = Cart.objects.get(status=Cart.Status.OPEN)
    assert response.status_code == 409
    assert STALE_FORM in html
    assert data["idempotency_key"] not in html
    assert Order.objects.count() == 1
    assert [line.variant for line in new_cart.lines.all()] == [second]


def test_checkout_reused_key_same_lines_keeps_new_cart(client, store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant)
    data = checkout_data(store=store.pk)
    client.post(reverse("orders:checkout"), data)
    add_to_cart(client, variant)

    response = client.post(reverse("orders:checkout"), data)

    assert response.status_code == 409
    assert Order.objects.count() == 1
    assert Cart.objects.filter(status=Cart.Status.OPEN).count() == 1


@pytest.mark.parametrize("phone", ["+7 916 123-45-67", "+7 903 765-43-21"])
def test_checkout_reused_key_grants_no_access(client, store, phone):
    from django.test import Client

    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 5)
    add_to_cart(client, variant)
    data = checkout_data(store=store.pk)
    client.post(reverse("orders:checkout"), data)
    order = Order.objects.get()
    stranger = Client()
    add_to_cart(stranger, variant)

    response = stranger.post(reverse("orders:checkout"), {**data, "phone": phone})

    assert response.status_code == 409
    assert stranger.get(reverse("orders:detail", args=[order.pk])).status_code == 404
    assert Cart.objects.filter(status=Cart.Status.OPEN).count() == 1


def test_place_web_order_reused_key_rejected(store):
    import uuid

    import orders

    first = factories.make_variant()
    second = factories.make_variant()
    for variant in (first, second):
        factories.put_stock(variant, factories.shop_floor(store), 5)
    key = uuid.uuid4()
    contact = orders.Contact(name="Мария", phone="+79161234567")
    orders.place_web_order(
        lines=[orders.RequestedLine(first.pk, 1)], fulfilment="pickup", contact=contact, idempotency_key=key, store=store
    )

    with pytest.raises(orders.RequestKeyReused):
        orders.place_web_order(
            lines=[orders.RequestedLine(second.pk, 1)],
            fulfilment="pickup",
            contact=contact,
            idempotency_key=key,
            store=store,
        )
