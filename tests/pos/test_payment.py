import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

import orders
from carts.models import Cart
from inventory.errors import Shortage
from inventory.models import Movement, Stock
from orders.models import Order
from pos.counter_cart import cart_lines, cart_version

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def ring_up(client, terminal, *codes) -> Cart:
    client.get(reverse("pos:sale", args=[terminal.pk]))
    for code in codes:
        client.post(reverse("pos:scan", args=[terminal.pk]), {"code": code}, headers=HTMX)
    return Cart.objects.get(terminal=terminal, status=Cart.Status.OPEN)


def shown_version(cart) -> str:
    """Return the version of the cart as the lines panel shows it now."""
    return cart_version(cart, cart_lines(cart))


def pay(client, terminal, cart, *, method="cash", tendered="", key=None, htmx=True, version=None):
    data = {
        "method": method,
        "tendered": tendered,
        "idempotency_key": str(key or uuid.uuid4()),
        "cart_id": cart.pk,
        "cart_version": version or shown_version(cart),
    }
    return client.post(reverse("pos:pay", args=[terminal.pk]), data, headers=HTMX if htmx else {})


def rub(amount: str) -> Money:
    return Money(Decimal(amount), "RUB")


def on_hand(variant, terminal) -> int:
    return Stock.objects.get(variant=variant, location=terminal.location).on_hand


def test_payment_form_carries_new_key(cashier_client, terminal):
    first = cashier_client.get(reverse("pos:sale", args=[terminal.pk])).context["payment_form"]
    second = cashier_client.get(reverse("pos:sale", args=[terminal.pk])).context["payment_form"]

    assert isinstance(first.initial["idempotency_key"], uuid.UUID)
    assert first.initial["idempotency_key"] != second.initial["idempotency_key"]


def test_cash_sale_with_change_htmx(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    response = pay(cashier_client, terminal, cart, tendered="2 000,00")

    order = Order.objects.get()
    payment = order.payments.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("pos:receipt", args=[order.pk])
    assert payment.method == "cash"
    assert payment.change.amount == Decimal("500.00")
    assert on_hand(glass, terminal) == 4


def test_cash_sale_plain_redirects_to_receipt(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    response = pay(cashier_client, terminal, cart, tendered="1500", htmx=False)

    order = Order.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("pos:receipt", args=[order.pk])


def test_sale_closes_counter_cart(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    pay(cashier_client, terminal, cart, tendered="1500")

    cart.refresh_from_db()
    assert cart.status == Cart.Status.ORDERED
    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))
    assert response.context["counter"].is_empty


def test_cash_without_amount_is_exact(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    pay(cashier_client, terminal, cart, tendered="")

    payment = Order.objects.get().payments.get()
    assert payment.tendered.amount == Decimal("1500.00")
    assert payment.change.amount == Decimal("0.00")


def test_card_sale(cashier_client, terminal, glass, book):
    cart = ring_up(cashier_client, terminal, "4600000000017", "4600000000024")

    pay(cashier_client, terminal, cart, method="card", tendered="100")

    order = Order.objects.get()
    payment = order.payments.get()
    assert payment.method == "card"
    assert payment.tendered is None
    assert order.total.amount == Decimal("2300.00")
    assert order.cashier.username == "kassir"
    assert order.terminal == terminal


@pytest.mark.parametrize("htmx", [True, False])
def test_insufficient_cash_keeps_cart_and_amount(cashier_client, terminal, glass, htmx):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    key = uuid.uuid4()

    response = pay(cashier_client, terminal, cart, tendered="1000", key=key, htmx=htmx)

    content = response.content.decode()
    expected = orders.InsufficientPayment(total=rub("1500.00"), tendered=rub("1000.00")).user_message()
    assert response.status_code == 200
    assert expected in content
    assert 'value="1000"' in content
    assert f'value="{key}"' in content
    assert not Order.objects.exists()
    assert on_hand(glass, terminal) == 5
    assert Cart.objects.get(pk=cart.pk).lines.get().quantity == 1


def test_insufficient_cash_refreshes_lines_out_of_band(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    response = pay(cashier_client, terminal, cart, tendered="10")

    content = response.content.decode()
    assert 'id="pos-payment"' in content
    assert 'hx-swap-oob="true"' in content


@pytest.mark.parametrize("typed", ["тысяча", "-5", "10.555", "NaN"])
def test_invalid_cash_amount_rejected(cashier_client, terminal, glass, typed):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    response = pay(cashier_client, terminal, cart, tendered=typed)

    assert response.status_code == 200
    assert "полученн" in response.content.decode().lower()
    assert not Order.objects.exists()


@pytest.mark.parametrize("htmx", [True, False])
def test_more_than_available_refused(cashier_client, terminal, book, htmx):
    cart = ring_up(cashier_client, terminal, "4600000000024", "4600000000024", "4600000000024")

    response = pay(cashier_client, terminal, cart, tendered="5000", htmx=htmx)

    content = response.content.decode()
    expected = orders.OutOfStock([Shortage(book.pk, terminal.location_id, 3, 2)]).user_message()
    assert expected in content
    assert "2 шт." in content
    assert not Order.objects.exists()
    assert on_hand(book, terminal) == 2
    assert not Movement.objects.filter(kind=Movement.Kind.SALE).exists()
    assert Cart.objects.get(pk=cart.pk).lines.get().quantity == 3


def test_same_key_sells_once(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    key = uuid.uuid4()

    first = pay(cashier_client, terminal, cart, tendered="2000", key=key)
    second = pay(cashier_client, terminal, cart, tendered="2000", key=key)

    order = Order.objects.get()
    assert first["HX-Redirect"] == reverse("pos:receipt", args=[order.pk])
    assert second["HX-Redirect"] == reverse("pos:receipt", args=[order.pk])
    assert on_hand(glass, terminal) == 4
    assert Movement.objects.filter(kind=Movement.Kind.SALE).count() == 1


def test_same_key_after_new_lines_sells_once(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    key = uuid.uuid4()
    pay(cashier_client, terminal, cart, tendered="2000", key=key)
    ring_up(cashier_client, terminal, "4600000000017")

    pay(cashier_client, terminal, cart, tendered="2000", key=key)

    assert Order.objects.count() == 1
    assert on_hand(glass, terminal) == 4


def test_empty_cart_payment_refused(cashier_client, terminal):
    cart = ring_up(cashier_client, terminal)

    response = pay(cashier_client, terminal, cart, tendered="100")

    assert orders.EmptyOrder().user_message() in response.content.decode()
    assert not Order.objects.exists()


def test_missing_key_refused(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    data = {"method": "cash", "tendered": "2000", "cart_id": cart.pk}

    response = cashier_client.post(reverse("pos:pay", args=[terminal.pk]), data, headers=HTMX)

    assert "Форма оплаты устарела" in response.content.decode()
    assert not Order.objects.exists()


def test_withdrawn_item_not_sold(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    glass.product.is_active = False
    glass.product.save(update_fields=["is_active"])

    response = pay(cashier_client, terminal, cart, tendered="1500")

    assert "Бокал для вина" in response.content.decode()
    assert not Order.objects.exists()
    assert on_hand(glass, terminal) == 5


def test_placement_skips_key_lookup_on_success(terminal, cashier, glass):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        orders.place_counter_sale(
            terminal=terminal,
            cashier=cashier,
            lines=[orders.RequestedLine(glass.pk, 1)],
            method="card",
            tendered=None,
            idempotency_key=uuid.uuid4(),
        )

    lookups = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and "idempotency_key" in q["sql"]]
    assert lookups == []


def test_placement_retry_after_bonus_spent_returns_order(terminal, cashier, glass):
    key = uuid.uuid4()
    lines = [orders.RequestedLine(glass.pk, 1)]
    first = orders.place_counter_sale(
        terminal=terminal, cashier=cashier, lines=lines, method="cash", tendered=None, idempotency_key=key
    )

    again = orders.place_counter_sale(
        terminal=terminal, cashier=cashier, lines=lines, method="cash", tendered=Decimal("1"), idempotency_key=key
    )

    assert again.pk == first.pk


def test_placement_key_from_other_terminal_rejected(terminal, cashier, glass):
    from .. import factories

    other = factories.make_terminal(terminal.store, name="Касса 2")
    key = uuid.uuid4()
    lines = [orders.RequestedLine(glass.pk, 1)]
    orders.place_counter_sale(terminal=terminal, cashier=cashier, lines=lines, method="card", tendered=None, idempotency_key=key)

    with pytest.raises(orders.RequestKeyReused):
        orders.place_counter_sale(terminal=other, cashier=cashier, lines=lines, method="card", tendered=None, idempotency_key=key)


STALE_FORM = "Форма оплаты устарела"


@pytest.fixture
def second_device(django_user_model, counter_cashier):
    """Another cashier's browser at the same terminal."""
    from django.test import Client

    colleague = django_user_model.objects.create_user(username="olga", password="x", first_name="Ольга")
    colleague.groups.set(counter_cashier.groups.all())
    client = Client()
    client.force_login(colleague)
    return client


@pytest.mark.parametrize("method", ["cash", "card"])
def test_cart_changed_elsewhere_refused(cashier_client, second_device, terminal, glass, book, method):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    seen = shown_version(cart)
    second_device.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000024"}, headers=HTMX)

    response = pay(cashier_client, terminal, cart, method=method, version=seen)

    html = response.content.decode()
    assert STALE_FORM in html
    assert "Книга о вине" in html
    assert 'hx-swap-oob="true"' in html
    assert f'value="{shown_version(cart)}"' in html
    assert not Order.objects.exists()
    assert Cart.objects.get(pk=cart.pk).status == Cart.Status.OPEN


def test_cart_changed_elsewhere_plain_refused(cashier_client, second_device, terminal, glass, book):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    seen = shown_version(cart)
    second_device.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000024"}, headers=HTMX)

    response = pay(cashier_client, terminal, cart, version=seen, htmx=False)

    assert STALE_FORM in response.content.decode()
    assert not Order.objects.exists()


def test_stale_form_renewed_sells_shown_cart(cashier_client, second_device, terminal, glass, book):
    cart = ring_up(cashier_client, terminal, "4600000000017")
    seen = shown_version(cart)
    second_device.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000024"}, headers=HTMX)
    stale = pay(cashier_client, terminal, cart, tendered="5000", version=seen)
    fresh = stale.context["payment_form"]

    pay(cashier_client, terminal, cart, tendered=fresh["tendered"].value(), key=fresh["idempotency_key"].value())

    order = Order.objects.get()
    assert fresh["idempotency_key"].value() != stale.wsgi_request.POST["idempotency_key"]
    assert order.total == rub("2300.00")
    assert order.payments.get().change == rub("2700.00")


def test_paid_in_other_tab_gives_stale_form(cashier_client, terminal, glass):
    paid = ring_up(cashier_client, terminal, "4600000000017")
    pay(cashier_client, terminal, paid, tendered="1500")
    current = ring_up(cashier_client, terminal, "4600000000017")

    data = {
        "method": "cash",
        "tendered": "",
        "idempotency_key": str(uuid.uuid4()),
        "cart_id": paid.pk,
        "cart_version": shown_version(current),
    }
    response = cashier_client.post(reverse("pos:pay", args=[terminal.pk]), data, headers=HTMX)

    html = response.content.decode()
    assert STALE_FORM in html
    assert orders.EmptyOrder().user_message() not in html
    assert response.context["payment_form"]["cart_id"].value() == str(current.pk)
    assert Order.objects.count() == 1


@pytest.mark.parametrize("typed", ["1e5", "1E5", "Infinity", "0x10", "1_000", "+100", "1,5,0", "١٠٠"])
def test_cash_amount_not_plain_rejected(cashier_client, terminal, glass, typed):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    response = pay(cashier_client, terminal, cart, tendered=typed)

    assert "Введите полученную сумму" in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("typed", "change"),
    [("1 500,50", "0.50"), ("1\u00a0600", "100.00"), ("100 000", "98500.00"), ("1500.", "0.00"), ("1 600.5", "100.50")],
)
def test_cash_amount_plain_accepted(cashier_client, terminal, glass, typed, change):
    cart = ring_up(cashier_client, terminal, "4600000000017")

    pay(cashier_client, terminal, cart, tendered=typed)

    assert Order.objects.get().payments.get().change == rub(change)


def test_insufficient_cash_message_formats_amounts(cashier_client, terminal, glass):
    cart = ring_up(cashier_client, terminal, "4600000000017", "4600000000017")

    response = pay(cashier_client, terminal, cart, tendered="100")

    assert "Внесено наличными 100,00\u00a0₽ — меньше суммы к оплате 3\u00a0000,00\u00a0₽." in response.content.decode()
