import pytest
from django.urls import reverse

from carts.models import Cart, CartLine

from .. import factories

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def counter_cart(terminal) -> Cart:
    return Cart.objects.get(terminal=terminal, status=Cart.Status.OPEN)


def scan(client, terminal, code, *, htmx=True):
    return client.post(reverse("pos:scan", args=[terminal.pk]), {"code": code}, headers=HTMX if htmx else {})


def test_sale_screen_creates_counter_cart(cashier_client, terminal):
    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))

    assert response.status_code == 200
    cart = counter_cart(terminal)
    assert cart.customer is None


def test_sale_screen_reuses_open_cart(cashier_client, terminal):
    cashier_client.get(reverse("pos:sale", args=[terminal.pk]))
    cashier_client.get(reverse("pos:sale", args=[terminal.pk]))

    assert Cart.objects.filter(terminal=terminal).count() == 1


@pytest.mark.parametrize("query", ["бокал", "БОКАЛ", "SKU"])
def test_search_htmx_returns_results_partial(cashier_client, terminal, glass, query):
    response = cashier_client.get(reverse("pos:search", args=[terminal.pk]), {"q": query}, headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Бокал для вина" in content
    assert "1\u00a0500,00\u00a0₽" in content
    assert "5 шт. в зале" in content
    assert "<html" not in content


def test_search_plain_returns_full_page(cashier_client, terminal, glass):
    response = cashier_client.get(reverse("pos:search", args=[terminal.pk]), {"q": "бокал"})

    content = response.content.decode()
    assert "<html" in content
    assert "Бокал для вина" in content


def test_search_reports_nothing_found(cashier_client, terminal, glass):
    response = cashier_client.get(reverse("pos:search", args=[terminal.pk]), {"q": "декантер"}, headers=HTMX)

    assert "Ничего не найдено по запросу «декантер»" in response.content.decode()


def test_add_from_search_results(cashier_client, terminal, glass):
    response = cashier_client.post(reverse("pos:add", args=[terminal.pk]), {"variant_id": glass.pk}, headers=HTMX)

    assert response.status_code == 200
    assert counter_cart(terminal).lines.get().variant == glass


def test_add_unknown_variant_changes_nothing(cashier_client, terminal, glass):
    response = cashier_client.post(reverse("pos:add", args=[terminal.pk]), {"variant_id": "abc"}, headers=HTMX)

    assert "больше не продаётся" in response.content.decode()
    assert not CartLine.objects.exists()


def test_scan_adds_line(cashier_client, terminal, glass):
    response = scan(cashier_client, terminal, "4600000000017")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="pos-cart"' in content
    assert "Бокал для вина" in content
    assert counter_cart(terminal).lines.get().quantity == 1


def test_scan_twice_makes_quantity_two(cashier_client, terminal, glass):
    scan(cashier_client, terminal, "4600000000017")
    response = scan(cashier_client, terminal, "4600000000017")

    line = counter_cart(terminal).lines.get()
    assert line.quantity == 2
    assert "3\u00a0000,00\u00a0₽" in response.content.decode()


def test_scan_plain_redirects_to_sale(cashier_client, terminal, glass):
    response = scan(cashier_client, terminal, "4600000000017", htmx=False)

    assert response.status_code == 303
    assert response["Location"] == reverse("pos:sale", args=[terminal.pk])
    assert counter_cart(terminal).lines.get().quantity == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_scan_unknown_barcode_shows_message(cashier_client, terminal, glass, htmx):
    response = scan(cashier_client, terminal, "9999999999999", htmx=htmx)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ничего не найдено по коду «9999999999999»" in content
    assert not CartLine.objects.exists()


def test_scan_empty_code_asks_to_scan(cashier_client, terminal):
    response = scan(cashier_client, terminal, "  ")

    assert "Отсканируйте штрихкод" in response.content.decode()


def test_scan_more_than_available_warns_in_line(cashier_client, terminal, book):
    for _attempt in range(3):
        response = scan(cashier_client, terminal, "4600000000024")

    assert "Осталось 2 шт." in response.content.decode()


def test_line_out_of_stock_warns(cashier_client, terminal):
    factories.make_variant("Штопор", barcode="4600000000031")

    response = scan(cashier_client, terminal, "4600000000031")

    assert "Нет в наличии в торговом зале" in response.content.decode()


def test_totals_show_vat_per_rate(cashier_client, terminal, glass, book):
    scan(cashier_client, terminal, "4600000000017")
    response = scan(cashier_client, terminal, "4600000000024")

    content = response.content.decode()
    assert "2\u00a0300,00\u00a0₽" in content
    assert "в т.ч. НДС 22 %" in content
    assert "270,49\u00a0₽" in content
    assert "в т.ч. НДС 10 %" in content
    assert "72,73\u00a0₽" in content


def quantity_url(terminal, line):
    return reverse("pos:line_quantity", args=[terminal.pk, line.pk])


@pytest.mark.parametrize("htmx", [True, False])
def test_quantity_typed_number(cashier_client, terminal, glass, htmx):
    scan(cashier_client, terminal, "4600000000017")
    line = counter_cart(terminal).lines.get()

    response = cashier_client.post(quantity_url(terminal, line), {"quantity": "4"}, headers=HTMX if htmx else {})

    assert response.status_code == (200 if htmx else 303)
    line.refresh_from_db()
    assert line.quantity == 4


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "не меньше 1"),
        ("0", "не меньше 1"),
        ("два", "целым числом"),
        ("1.5", "целым числом"),
        ("", "Укажите количество"),
        ("100000", "не больше 9999"),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_quantity_invalid_rejected(cashier_client, terminal, glass, typed, message, htmx):
    scan(cashier_client, terminal, "4600000000017")
    line = counter_cart(terminal).lines.get()

    response = cashier_client.post(quantity_url(terminal, line), {"quantity": typed}, headers=HTMX if htmx else {})

    assert response.status_code == 200
    assert message in response.content.decode()
    line.refresh_from_db()
    assert line.quantity == 1


def test_quantity_of_other_terminal_line_rejected(cashier_client, terminal, glass):
    other = factories.make_terminal(factories.make_store("Бутик на Арбате"))
    cashier_client.post(reverse("pos:scan", args=[other.pk]), {"code": "4600000000017"}, headers=HTMX)
    line = CartLine.objects.get()

    response = cashier_client.post(quantity_url(terminal, line), {"quantity": "3"}, headers=HTMX)

    assert "Этой строки уже нет в корзине" in response.content.decode()
    line.refresh_from_db()
    assert line.quantity == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_remove_line(cashier_client, terminal, glass, htmx):
    scan(cashier_client, terminal, "4600000000017")
    line = counter_cart(terminal).lines.get()

    response = cashier_client.post(
        reverse("pos:line_remove", args=[terminal.pk, line.pk]), headers=HTMX if htmx else {}
    )

    assert response.status_code == (200 if htmx else 303)
    assert not CartLine.objects.exists()


def test_get_not_allowed_on_scan(cashier_client, terminal):
    response = cashier_client.get(reverse("pos:scan", args=[terminal.pk]))

    assert response.status_code == 405


def test_sale_screen_in_english(cashier_client, terminal, settings):
    cashier_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))

    assert "Barcode or SKU" in response.content.decode()
