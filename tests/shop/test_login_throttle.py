"""Sign-in lockout after repeated wrong passwords, on the shop and the counter logins."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

import customers
from pos.access import CASHIERS_GROUP

pytestmark = pytest.mark.django_db

PASSWORD = "Lavanda-2026-sad"


@pytest.fixture
def shopper(db):
    return customers.register_customer(password=PASSWORD, full_name="Ольга", email="olga@example.ru", phone="+79165551234")


@pytest.fixture
def counter_user(cashier):
    group, _created = Group.objects.get_or_create(name=CASHIERS_GROUP)
    cashier.groups.add(group)
    return cashier


def shop_login(client, username, password):
    return client.post(reverse("customers:login"), {"username": username, "password": password})


def test_shop_login_locked_after_five_failures(client, shopper):
    for _attempt in range(5):
        shop_login(client, "olga@example.ru", "wrong")

    response = shop_login(client, "olga@example.ru", PASSWORD)

    assert response.status_code == 200
    assert "Слишком много неудачных попыток входа" in response.content.decode()
    assert "Подождите 15 минут" in response.content.decode()
    assert client.get(reverse("customers:account")).status_code == 302


def test_shop_login_lock_covers_phone_formats(client, shopper):
    for _attempt in range(5):
        shop_login(client, "8 916 555-12-34", "wrong")

    response = shop_login(client, "+7 (916) 555-12-34", PASSWORD)

    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_shop_login_four_failures_still_allowed(client, shopper):
    for _attempt in range(4):
        shop_login(client, "olga@example.ru", "wrong")

    response = shop_login(client, "olga@example.ru", PASSWORD)

    assert response.status_code == 302


def test_shop_login_lock_is_per_login(client, shopper):
    customers.register_customer(password=PASSWORD, email="irina@example.ru")
    for _attempt in range(5):
        shop_login(client, "olga@example.ru", "wrong")

    response = shop_login(client, "irina@example.ru", PASSWORD)

    assert response.status_code == 302


def test_shop_login_lock_ends(client, shopper, monkeypatch):
    for _attempt in range(5):
        shop_login(client, "olga@example.ru", "wrong")
    from django.core.cache.backends import locmem

    later = locmem.time.time() + 15 * 60 + 1
    monkeypatch.setattr(locmem.time, "time", lambda: later)

    response = shop_login(client, "olga@example.ru", PASSWORD)

    assert response.status_code == 302


def test_lockout_logged_without_password(client, shopper, caplog):
    with caplog.at_level(logging.WARNING, logger="customers.backends"):
        for _attempt in range(5):
            shop_login(client, "olga@example.ru", "secret-guess-1")

    lockouts = [record.getMessage() for record in caplog.records if "locked" in record.getMessage()]
    assert len(lockouts) == 1
    assert "olga@example.ru" in lockouts[0]
    assert "secret-guess-1" not in caplog.text


def test_counter_login_locked_after_five_failures(client, counter_user, terminal):
    for _attempt in range(5):
        client.post(reverse("pos:login"), {"username": "kassir", "password": "wrong"})

    response = client.post(reverse("pos:login"), {"username": "kassir", "password": "kassir-test-1"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
