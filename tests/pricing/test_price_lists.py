"""Personal price lists for a customer or a company: the personal price where it exists, retail otherwise."""

import pytest

import carts
from customers.models import Company

from .builders import make_customer, make_price_type, make_variant, rub, set_price

pytestmark = pytest.mark.django_db


def test_customer_personal_price_where_set():
    wholesale = make_price_type("Оптовая")
    listed, retail_only = make_variant("1000.00"), make_variant("500.00")
    set_price(listed, wholesale, "800.00")
    customer = make_customer(price_type=wholesale)

    priced = carts.price_lines([(listed, 2), (retail_only, 1)], customer=customer)

    assert priced.lines[0].unit_price == rub("800.00")
    assert priced.lines[1].unit_price == rub("500.00")
    assert priced.total == rub("2100.00")
    assert priced.price_type == wholesale


def test_company_price_list_for_member():
    dealer = make_price_type("Дилерская")
    variant = make_variant("1000.00")
    set_price(variant, dealer, "700.00")
    company = Company.objects.create(name="ООО «Винный дом»", price_type=dealer, payment_terms_days=30)
    member = make_customer(company=company)

    assert carts.price_lines([(variant, 1)], customer=member).total == rub("700.00")
    assert carts.price_lines([(variant, 1)], company=company).total == rub("700.00")


def test_customer_list_over_company_list():
    dealer, personal = make_price_type("Дилерская"), make_price_type("Персональная")
    variant = make_variant("1000.00")
    set_price(variant, dealer, "700.00")
    set_price(variant, personal, "650.00")
    company = Company.objects.create(name="ООО «Бокалы»", price_type=dealer)
    customer = make_customer(company=company, price_type=personal)

    assert carts.price_lines([(variant, 1)], customer=customer).total == rub("650.00")


def test_no_personal_list_means_retail():
    variant = make_variant("1000.00")
    customer = make_customer()

    assert carts.price_lines([(variant, 1)], customer=customer).total == rub("1000.00")


def test_personal_price_then_promotion():
    from .builders import make_promotion

    wholesale = make_price_type()
    variant = make_variant("1000.00")
    set_price(variant, wholesale, "800.00")
    make_promotion("percent", "10")

    assert carts.price_lines([(variant, 1)], price_type=wholesale).total == rub("720.00")


def test_inactive_company_pays_retail():
    dealer = make_price_type("Дилерская")
    variant = make_variant("1000.00")
    set_price(variant, dealer, "700.00")
    company = Company.objects.create(name="ООО «Закрыто»", price_type=dealer, is_active=False)

    assert carts.price_lines([(variant, 1)], company=company).total == rub("1000.00")
    assert carts.price_lines([(variant, 1)], customer=make_customer(company=company)).total == rub("1000.00")
