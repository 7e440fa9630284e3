"""Invitations: a seller or manager links a counter profile to a new shop login."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse

import customers
from customers.models import Customer, User

pytestmark = pytest.mark.django_db

PASSWORD = "Lavanda-2026-sad"


@pytest.fixture
def counter_profile(db):
    return Customer.objects.create(full_name="Ирина Петрова", phone="+79990000001")


@pytest.fixture
def seller(django_user_model):
    return django_user_model.objects.create_user(username="seller", password="seller-test-1", is_staff=True)


def accept(client, token, password=PASSWORD, again=PASSWORD):
    return client.post(reverse("customers:invite", args=[token]), {"password1": password, "password2": again})


def test_invitation_links_profile(client, counter_profile, seller):
    token = customers.invite_customer(counter_profile, by_user=seller)

    response = accept(client, token)

    counter_profile.refresh_from_db()
    assert response.status_code == 302
    assert counter_profile.user.username == "+79990000001"
    assert counter_profile.user.phone == "+79990000001"
    assert counter_profile.user.check_password(PASSWORD)
    assert client.get(reverse("customers:account")).context["profile"] == counter_profile


def test_invitation_page_asks_password(client, counter_profile, seller):
    token = customers.invite_customer(counter_profile, by_user=seller)

    response = client.get(reverse("customers:invite", args=[token]))

    assert response.status_code == 200
    assert "+79990000001" in response.content.decode()


def test_invitation_works_once(client, counter_profile, seller):
    token = customers.invite_customer(counter_profile, by_user=seller)
    accept(client, token)
    client.post(reverse("customers:logout"))

    response = accept(client, token, password="Drugoi-parol-2026", again="Drugoi-parol-2026")

    counter_profile.refresh_from_db()
    assert response.status_code == 400
    assert "уже использовано" in response.content.decode()
    assert counter_profile.user.check_password(PASSWORD)
    assert User.objects.count() == 2  # the seller and the invited customer


def test_invitation_expires(client, counter_profile, seller, settings, monkeypatch):
    token = customers.invite_customer(counter_profile, by_user=seller)
    later = signing.time.time() + timedelta(days=3, minutes=1).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = accept(client, token)

    counter_profile.refresh_from_db()
    assert response.status_code == 400
    assert "истёк" in response.content.decode()
    assert counter_profile.user is None


@pytest.mark.parametrize("change", ["tail", "customer"])
def test_invitation_tampered_rejected(client, counter_profile, seller, change):
    other = Customer.objects.create(full_name="Другой", phone="+79990000002")
    token = customers.invite_customer(counter_profile, by_user=seller)
    if change == "tail":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:
        # Swap the signed payload for another customer's while keeping the old signature.
        other_token = customers.invite_customer(other, by_user=seller)
        token = other_token.rsplit(":", 1)[0] + ":" + token.rsplit(":", 1)[1]

    response = accept(client, token)

    assert response.status_code == 400
    assert "недействительна" in response.content.decode()
    assert not Customer.objects.filter(user__isnull=False).exists()


def test_invitation_password_mismatch_keeps_link(client, counter_profile, seller):
    token = customers.invite_customer(counter_profile, by_user=seller)

    response = accept(client, token, again="Drugoi-parol-2026")

    counter_profile.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert counter_profile.user is None


def test_invite_profile_with_login_rejected(counter_profile, seller):
    counter_profile.user = User.objects.create_user(username="irina", password=PASSWORD)
    counter_profile.save()

    with pytest.raises(customers.RegistrationError):
        customers.invite_customer(counter_profile, by_user=seller)


def test_admin_action_shows_invitation_link(client, counter_profile, seller):
    seller.user_permissions.add(*Permission.objects.filter(codename__in=["view_customer", "change_customer"]))
    client.force_login(seller)

    response = client.post(
        reverse("admin:customers_customer_changelist"),
        {"action": "create_invitations", "_selected_action": [counter_profile.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "/account/invite/" in html
    assert "Приглашение для Ирина Петрова" in html
