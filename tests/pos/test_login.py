import pytest
from django.urls import reverse

from .. import factories

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_russian(client):
    response = client.get(reverse("pos:login"))

    assert response.status_code == 200
    assert "Вход на кассу" in response.content.decode()


@pytest.mark.parametrize("login", ["kassir", "anna@example.com", "+7 (916) 123-45-67"])
def test_login_accepts_username_email_or_phone(client, counter_cashier, terminal, login):
    counter_cashier.email = "anna@example.com"
    counter_cashier.phone = "+79161234567"
    counter_cashier.save()

    response = client.post(reverse("pos:login"), {"username": login, "password": "kassir-test-1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("pos:terminals")


def test_login_rejects_shopper(client, django_user_model):
    django_user_model.objects.create_user(username="shopper", password="shopper-test-1")

    response = client.post(reverse("pos:login"), {"username": "shopper", "password": "shopper-test-1"})

    assert response.status_code == 200
    assert "нет прав кассира" in response.content.decode()


def test_staff_user_is_cashier(client, django_user_model, terminal):
    staff = django_user_model.objects.create_user(username="manager", password="manager-test-1", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("pos:sale", args=[terminal.pk]))

    assert response.status_code == 200


def test_anonymous_redirected_to_login(client, terminal):
    response = client.get(reverse("pos:sale", args=[terminal.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("pos:login"))


@pytest.mark.parametrize("htmx", [False, True])
def test_shopper_gets_403(client, django_user_model, terminal, htmx):
    shopper = django_user_model.objects.create_user(username="shopper", password="shopper-test-1")
    client.force_login(shopper)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(reverse("pos:sale", args=[terminal.pk]), headers=headers)

    assert response.status_code == 403
    assert "Нет доступа к кассе" in response.content.decode()


def test_single_terminal_picked_automatically(cashier_client, terminal):
    response = cashier_client.get(reverse("pos:terminals"))

    assert response.status_code == 302
    assert response["Location"] == reverse("pos:sale", args=[terminal.pk])


def test_terminal_list_when_several(cashier_client, terminal):
    second = factories.make_terminal(terminal.store, name="Касса 2")

    response = cashier_client.get(reverse("pos:terminals"))

    assert response.status_code == 200
    assert reverse("pos:sale", args=[second.pk]) in response.content.decode()


def test_chosen_terminal_remembered(cashier_client, terminal):
    second = factories.make_terminal(terminal.store, name="Касса 2")
    cashier_client.get(reverse("pos:sale", args=[second.pk]))

    response = cashier_client.get(reverse("pos:terminals"))

    assert response["Location"] == reverse("pos:sale", args=[second.pk])


def test_choose_lists_even_remembered(cashier_client, terminal):
    cashier_client.get(reverse("pos:sale", args=[terminal.pk]))

    response = cashier_client.get(reverse("pos:terminals") + "?choose=1")

    assert response.status_code == 200


def test_inactive_terminal_not_found(cashier_client, terminal):
    terminal.is_active = False
    terminal.save()

    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))

    assert response.status_code == 404


def test_login_wrong_password_message(client, counter_cashier):
    response = client.post(reverse("pos:login"), {"username": "kassir", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Неверный логин или пароль. Логин — имя пользователя кассира, e-mail или телефон." in html
    assert "имя пользователя и пароль" not in html


def test_forbidden_page_not_calling_shopper_cashier(client, django_user_model, terminal):
    shopper = django_user_model.objects.create_user(username="olga", password="x", first_name="Ольга")
    client.force_login(shopper)

    html = client.get(reverse("pos:sale", args=[terminal.pk])).content.decode()

    assert "Кассир:" not in html
    assert "Ольга" in html
