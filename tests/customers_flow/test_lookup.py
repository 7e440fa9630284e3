"""Finding a customer at the counter by phone, e-mail, loyalty card or the shop account's QR token."""

import pytest
from django.urls import reverse

import customers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["8 (916) 123-45-67", "+7 916 123 45 67", "9161234567", "MARIA@example.ru", "card1001", "CARD 1001"],
)
def test_find_customers_by_identifier(shopper, typed):
    assert customers.find_customers(typed) == [shopper]


def test_find_customers_by_token(shopper):
    token = customers.customer_token(shopper)

    assert customers.find_customers(token) == [shopper]


def test_token_is_digits_and_hyphen(shopper):
    token = customers.customer_token(shopper)

    assert set(token) <= set("0123456789-")


def test_forged_token_finds_nobody(shopper):
    number, digits = customers.customer_token(shopper).split("-")
    forged = f"{number}-{(int(digits) + 1) % 10**12:012d}"

    assert customers.customer_by_token(forged) is None


def test_find_customers_by_name_part(shopper):
    assert customers.find_customers("Иванова") == [shopper]


def test_unknown_phone_finds_nobody(shopper):
    assert customers.find_customers("+7 900 000-00-00") == []


@pytest.mark.parametrize("kind", ["phone", "email", "card", "token"])
def test_counter_search_opens_profile(cashier_client, terminal, shopper, kind):
    typed = {
        "phone": "8-916-123-45-67",
        "email": "maria@example.ru",
        "card": "CARD1001",
        "token": customers.customer_token(shopper),
    }[kind]

    response = cashier_client.get(reverse("pos:customers", args=[terminal.pk]), {"q": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("pos:customer", args=[terminal.pk, shopper.pk])


def test_counter_search_miss_prefills_phone(cashier_client, terminal):
    response = cashier_client.get(reverse("pos:customers", args=[terminal.pk]), {"q": "+7 900 000-00-00"})

    assert response.status_code == 200
    assert response.context["form"].initial == {"phone": "+7 900 000-00-00"}
    assert "не найден" in response.content.decode()


@pytest.mark.parametrize("kind", ["token", "card"])
def test_scan_field_opens_profile(cashier_client, terminal, shopper, kind):
    code = customers.customer_token(shopper) if kind == "token" else "CARD1001"

    response = cashier_client.post(reverse("pos:scan", args=[terminal.pk]), {"code": code}, headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("pos:customer", args=[terminal.pk, shopper.pk])


def test_scan_field_prefers_barcode_to_card(cashier_client, terminal, shopper, glass):
    shopper.card_number = "4600000000017"
    shopper.save()

    response = cashier_client.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000017"}, headers={"HX-Request": "true"})

    assert "HX-Redirect" not in response
    assert [line.variant for line in response.context["counter"].lines] == [glass]
