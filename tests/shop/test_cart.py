import pytest
from django.urls import reverse

import carts
from carts.models import Cart, CartLine
from customers.models import Customer

from .. import factories
from .helpers import add_to_cart

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def guest_line(client, variant) -> CartLine:
    return CartLine.objects.get(cart__session_key=client.session.session_key, variant=variant)


def test_add_plain_redirects_to_cart(client):
    variant = factories.make_variant()

    response = add_to_cart(client, variant, "2")

    assert response.status_code == 302
    assert response["Location"] == reverse("carts:detail")
    assert guest_line(client, variant).quantity == 2


def test_add_htmx_returns_partial_with_count(client):
    variant = factories.make_variant()
    add_to_cart(client, variant, "1")

    response = add_to_cart(client, variant, "2", **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert 'data-count="3"' in html
    assert guest_line(client, variant).quantity == 3


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", "", "1000", "１"])
def test_add_bad_quantity_changes_nothing(client, quantity):
    variant = factories.make_variant()

    response = add_to_cart(client, variant, quantity, **HTMX)

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("variant_id", ["99999999999999999999", "9223372036854775808", "-1", "0", "1e3", ""])
def test_add_bad_variant_id_rejected(client, variant_id):
    response = client.post(reverse("carts:add"), {"variant": variant_id, "quantity": "1"}, follow=True)

    assert response.status_code == 200
    assert "Этот товар не продаётся" in response.content.decode()
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("action", ["carts:update", "carts:remove"])
def test_change_huge_line_id_rejected(client, action):
    variant = factories.make_variant()
    add_to_cart(client, variant, "2")

    response = client.post(reverse(action, args=[99999999999999999999]), {"quantity": "5"}, **HTMX)

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert guest_line(client, variant).quantity == 2


def test_add_bad_quantity_plain_shows_message(client):
    variant = factories.make_variant()

    response = add_to_cart(client, variant, "-3", follow=True)

    assert "Количество должно быть целым числом" in response.content.decode()
    assert not CartLine.objects.exists()


def test_add_variant_without_price_rejected(client):
    variant = factories.make_variant(price=None)

    response = add_to_cart(client, variant, "1", **HTMX)

    assert "не продаётся" in response.content.decode()
    assert not CartLine.objects.exists()


def test_cart_page_totals_from_price_engine(client):
    first = factories.make_variant(price="1000.00")
    second = factories.make_variant(price="250.50")
    add_to_cart(client, first, "2")
    add_to_cart(client, second, "1")

    html = client.get(reverse("carts:detail")).content.decode()

    assert 'data-total="2250.50"' in html


def test_update_quantity_htmx_and_plain(client):
    variant = factories.make_variant(price="100.00")
    add_to_cart(client, variant, "1")
    line = guest_line(client, variant)

    htmx_response = client.post(reverse("carts:update", args=[line.pk]), {"quantity": "4"}, **HTMX)
    plain_response = client.post(reverse("carts:update", args=[line.pk]), {"quantity": "5"})

    assert 'data-total="400.00"' in htmx_response.content.decode()
    assert "<html" not in htmx_response.content.decode()
    assert plain_response.status_code == 302
    assert guest_line(client, variant).quantity == 5


def test_update_bad_quantity_keeps_line(client):
    variant = factories.make_variant()
    add_to_cart(client, variant, "3")
    line = guest_line(client, variant)

    response = client.post(reverse("carts:update", args=[line.pk]), {"quantity": "0"}, **HTMX)

    assert 'role="alert"' in response.content.decode()
    assert guest_line(client, variant).quantity == 3


def test_remove_htmx_and_plain(client):
    first = factories.make_variant()
    second = factories.make_variant()
    add_to_cart(client, first)
    add_to_cart(client, second)

    htmx_response = client.post(reverse("carts:remove", args=[guest_line(client, first).pk]), **HTMX)
    plain_response = client.post(reverse("carts:remove", args=[guest_line(client, second).pk]))

    assert 'data-count="1"' in htmx_response.content.decode()
    assert plain_response.status_code == 302
    assert not CartLine.objects.exists()


def test_other_session_cannot_touch_line(client, django_user_model):
    variant = factories.make_variant()
    add_to_cart(client, variant, "2")
    line = guest_line(client, variant)
    from django.test import Client

    stranger = Client()
    stranger.post(reverse("carts:update", args=[line.pk]), {"quantity": "9"})
    stranger.post(reverse("carts:remove", args=[line.pk]))

    assert CartLine.objects.get(pk=line.pk).quantity == 2


def test_guest_cart_merges_on_login(client, django_user_model):
    shared = factories.make_variant()
    guest_only = factories.make_variant()
    user = django_user_model.objects.create_user(
        username="anna@example.ru", email="anna@example.ru", password="Secret-pass-42"
    )
    customer = Customer.objects.create(user=user, full_name="Анна", email="anna@example.ru")
    carts.add_to_cart(carts.CartOwner(customer=customer), shared.pk, 2)
    add_to_cart(client, shared, "3")
    add_to_cart(client, guest_only, "1")

    response = client.post(reverse("customers:login"), {"username": "anna@example.ru", "password": "Secret-pass-42"})

    cart = Cart.objects.get(customer=customer, status=Cart.Status.OPEN)
    quantities = dict(cart.lines.values_list("variant_id", "quantity"))
    assert response.status_code == 302
    assert quantities == {shared.pk: 5, guest_only.pk: 1}
    assert not Cart.objects.filter(customer__isnull=True).exists()


def test_merge_without_customer_cart_moves_lines(client, django_user_model):
    variant = factories.make_variant()
    user = django_user_model.objects.create_user(
        username="oleg@example.ru", email="oleg@example.ru", password="Secret-pass-42"
    )
    customer = Customer.objects.create(user=user, email="oleg@example.ru")
    add_to_cart(client, variant, "2")

    client.post(reverse("customers:login"), {"username": "oleg@example.ru", "password": "Secret-pass-42"})
    add_to_cart(client, variant, "1")

    cart = Cart.objects.get(customer=customer, status=Cart.Status.OPEN)
    assert cart.lines.get().quantity == 3
    assert Cart.objects.count() == 1
