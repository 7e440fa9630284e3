import re

import pytest

from orders.models import Order

from .. import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_orders_for_pickup(page, live_server):
    variant = factories.make_variant("Бокал для шампанского «Иней»", price="1890.00", sku="INEI-6")
    store = factories.make_store("Патриаршие", code="patriarchs")
    factories.put_stock(variant, factories.shop_floor(store), 4)

    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox").first.fill("иней")
    page.get_by_role("searchbox").first.press("Enter")
    page.get_by_role("link", name=re.compile("Иней")).click()
    availability = page.locator(f"#availability-{variant.pk} [data-store=patriarchs]")
    assert availability.get_attribute("data-available") == "4"

    page.get_by_label("Количество").fill("2")
    page.get_by_role("button", name="В корзину").click()
    page.locator("#cart-link .cart-count").filter(has_text="2").wait_for()
    page.locator("#cart-link").click()
    page.get_by_role("link", name="Оформить заказ").click()

    page.get_by_label("Самовывоз из магазина").check()
    page.locator(".store-choice[data-store=patriarchs] input").check()
    page.get_by_label("Имя").fill("Мария Иванова")
    page.get_by_label("Телефон").fill("8 916 123-45-67")
    page.get_by_role("button", name="Подтвердить заказ").click()

    order = Order.objects.get()
    page.locator(f'h1[data-order="{order.number}"]').wait_for()
    assert "Самовывоз из магазина: Патриаршие" in page.content()
    assert page.locator(".order-total").get_attribute("data-total") == "3780.00"
