"""Creating a customer at the counter with the consent to messages, and keeping notes in the profile."""

import pytest
from django.urls import reverse

from customers.models import Customer

pytestmark = pytest.mark.django_db


def create(client, terminal, **fields):
    data = {"full_name": "Ольга Петрова", "phone": "8 903 111-22-33", "email": "", "card_number": "", **fields}
    return client.post(reverse("pos:customer_new", args=[terminal.pk]), data)


def test_create_customer_with_consent(cashier_client, terminal, counter_cashier):
    response = create(cashier_client, terminal, accepts_messages="on")

    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pos:customer", args=[terminal.pk, customer.pk])
    assert customer.phone == "+79031112233"
    assert customer.accepts_messages is True
    assert customer.consent_recorded_by == counter_cashier
    assert customer.consent_recorded_at is not None


def test_create_customer_without_consent(cashier_client, terminal):
    create(cashier_client, terminal)

    customer = Customer.objects.get()
    assert customer.accepts_messages is False
    assert customer.consent_recorded_at is None
    assert customer.consent_recorded_by is None


def test_create_customer_taken_phone_rejected(cashier_client, terminal, shopper):
    response = create(cashier_client, terminal, phone="+7 (916) 123-45-67")

    assert response.status_code == 400
    assert Customer.objects.count() == 1
    assert "уже есть" in response.content.decode()
    assert response.context["form"]["full_name"].value() == "Ольга Петрова"


def test_create_customer_needs_contact(cashier_client, terminal):
    response = create(cashier_client, terminal, phone="")

    assert response.status_code == 400
    assert not Customer.objects.exists()
    assert "Укажите телефон или e-mail." in response.content.decode()


def test_created_customer_found_by_phone(cashier_client, terminal):
    create(cashier_client, terminal)

    response = cashier_client.get(reverse("pos:customers", args=[terminal.pk]), {"q": "9031112233"})

    assert response.status_code == 302


def test_notes_saved_from_profile(cashier_client, terminal, shopper):
    url = reverse("pos:customer_notes", args=[terminal.pk, shopper.pk])

    cashier_client.post(url, {"notes": "Любит звонки днём", "preferences": "Размер M, синий", "card_number": "CARD1001"})

    shopper.refresh_from_db()
    assert shopper.notes == "Любит звонки днём"
    assert shopper.preferences == "Размер M, синий"


def test_notes_taken_card_rejected(cashier_client, terminal, shopper):
    other = Customer.objects.create(full_name="Другой", phone="+79990001122", card_number="CARD2002")
    url = reverse("pos:customer_notes", args=[terminal.pk, other.pk])

    response = cashier_client.post(url, {"notes": "Заметка", "preferences": "", "card_number": "card 1001"})

    other.refresh_from_db()
    assert response.status_code == 400
    assert other.card_number == "CARD2002"
    assert other.notes == ""
    assert response.context["notes_form"]["notes"].value() == "Заметка"


def test_profile_shows_company_and_no_returns(cashier_client, terminal, shopper):
    from customers.models import Company

    shopper.company = Company.objects.create(name="ООО «Винный погреб»", inn="7701234567", payment_terms_days=14)
    shopper.save()

    response = cashier_client.get(reverse("pos:customer", args=[terminal.pk, shopper.pk]))

    html = response.content.decode()
    assert "ООО «Винный погреб»" in html
    assert "отсрочка платежа 14 дней" in html
    assert "Возвратов нет" in html
