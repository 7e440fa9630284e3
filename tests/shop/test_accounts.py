import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

import customers
import orders
from customers.models import Customer, User

from .. import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Lavanda-2026-sad"


def register(client, **fields):
    data = {"full_name": "Ольга Соколова", "email": "", "phone": "", "password1": PASSWORD, "password2": PASSWORD}
    data.update(fields)
    return client.post(reverse("customers:register"), data)


def test_register_by_phone_creates_user_and_profile(client):
    response = register(client, phone="8 (916) 555-12-34")

    user = User.objects.get()
    assert response.status_code == 302
    assert user.username == "+79165551234"
    assert user.phone == "+79165551234"
    assert user.customer.full_name == "Ольга Соколова"
    assert user.customer.phone == "+79165551234"


def test_login_by_phone_in_other_format(client):
    register(client, phone="8 916 555 12 34")
    client.post(reverse("customers:logout"))

    response = client.post(reverse("customers:login"), {"username": "+7 (916) 555-12-34", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("customers:account")).status_code == 200


def test_login_wrong_password_shows_message(client):
    register(client, email="olga@example.ru")
    client.post(reverse("customers:logout"))

    response = client.post(reverse("customers:login"), {"username": "olga@example.ru", "password": "wrong"})

    assert response.status_code == 200
    assert "Неверный e-mail, телефон или пароль" in response.content.decode()


def test_register_existing_email_rejected(client):
    register(client, email="olga@example.ru")
    client.post(reverse("customers:logout"))

    response = register(client, email="Olga@Example.ru", full_name="Другая Ольга")

    assert response.status_code == 200
    assert "E-mail olga@example.ru уже зарегистрирован" in response.content.decode()
    assert User.objects.count() == 1


def test_register_existing_phone_rejected(client):
    register(client, phone="+79165551234")
    client.post(reverse("customers:logout"))

    response = register(client, phone="8 916 555-12-34")

    assert "Телефон +79165551234 уже зарегистрирован" in response.content.decode()
    assert User.objects.count() == 1


def test_register_needs_email_or_phone(client):
    response = register(client)

    assert "Укажите e-mail или телефон" in response.content.decode()
    assert not User.objects.exists()


def test_register_password_mismatch_keeps_input(client):
    response = register(client, email="olga@example.ru", password2="other-password-1")

    assert 'value="olga@example.ru"' in response.content.decode()
    assert not User.objects.exists()


def test_register_counter_phone_rejected(db):
    counter_profile = Customer.objects.create(full_name="Ольга", phone="+79165551234")

    with pytest.raises(customers.ProfileExists):
        customers.register_customer(password=PASSWORD, phone="89165551234")

    counter_profile.refresh_from_db()
    assert counter_profile.user is None
    assert not User.objects.exists()


def test_register_counter_email_rejected(db):
    Customer.objects.create(full_name="Ольга", email="olga@example.ru")

    with pytest.raises(customers.ProfileExists):
        customers.register_customer(password=PASSWORD, email="Olga@example.ru", phone="+79165551234")

    assert not User.objects.exists()


def test_register_form_counter_phone_takeover_refused(client, terminal, cashier):
    counter_profile = Customer.objects.create(full_name="Ирина Петрова", phone="+79990000001")
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 5)
    orders.place_counter_sale(
        terminal=terminal,
        cashier=cashier,
        lines=[orders.RequestedLine(variant.pk, 1)],
        method="cash",
        tendered=Decimal("5000"),
        idempotency_key=uuid.uuid4(),
        customer=counter_profile,
    )

    response = register(client, phone="8 999 000 00 01", full_name="Посторонний")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Этот телефон уже есть в карточке клиента магазина" in html
    assert "попросите продавца на кассе отправить приглашение" in html
    assert not User.objects.filter(username="+79990000001").exists()
    assert client.get(reverse("customers:account")).status_code == 302


def test_register_duplicate_raises_login_taken(db):
    customers.register_customer(password=PASSWORD, email="olga@example.ru")

    with pytest.raises(customers.LoginTaken) as raised:
        customers.register_customer(password=PASSWORD, email="OLGA@example.ru")

    assert raised.value.code == "login_taken"


def test_logout_needs_post(client):
    register(client, email="olga@example.ru")

    assert client.get(reverse("customers:logout")).status_code == 405
    assert client.post(reverse("customers:logout")).status_code == 302


def test_account_lists_web_and_counter_orders(client, terminal, cashier):
    register(client, phone="+79165551234")
    profile = Customer.objects.get()
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 5)
    counter = orders.place_counter_sale(
        terminal=terminal,
        cashier=cashier,
        lines=[orders.RequestedLine(variant.pk, 1)],
        method="cash",
        tendered=Decimal("5000"),
        idempotency_key=uuid.uuid4(),
        customer=profile,
    )
    web = orders.place_web_order(
        lines=[orders.RequestedLine(variant.pk, 1)],
        fulfilment="pickup",
        contact=orders.Contact(name="Ольга", phone="+79165551234"),
        idempotency_key=uuid.uuid4(),
        store=terminal.store,
        customer=profile,
    )

    html = client.get(reverse("customers:account")).content.decode()

    assert f'data-order="{counter.number}"' in html
    assert f'data-order="{web.number}"' in html
    assert client.get(reverse("orders:detail", args=[counter.pk])).status_code == 200


def test_account_requires_login(client):
    response = client.get(reverse("customers:account"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:login"))
