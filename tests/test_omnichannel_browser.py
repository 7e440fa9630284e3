"""One stock behind every screen: what the counter sells or the shop reserves shows on the other screen live."""

import io
import re
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

import inventory
from catalog.models import Variant
from inventory.models import Movement
from orders.models import Order
from pos.access import CASHIERS_GROUP

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YML_SAMPLE = "anton-kuznetsov_emporium-shwei__yml.xml"

# A screen must show a stock change within this time, without a reload.
LIVE_UPDATE_MS = 1000


@pytest.fixture
def cashier(django_user_model):
    user = django_user_model.objects.create_user(username="kassir", password="kassir-test-1", first_name="Анна")
    user.groups.add(Group.objects.get_or_create(name=CASHIERS_GROUP)[0])
    return user


@pytest.fixture
def counter_page(browser):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in_at_counter(page, live_server):
    page.goto(f"{live_server.url}/pos/")
    page.get_by_label("Логин, e-mail или телефон").fill("kassir")
    page.get_by_label("Пароль").fill("kassir-test-1")
    page.get_by_role("button", name="Войти").click()
    page.get_by_label("Штрихкод или артикул").wait_for()


def search_at_counter(page, text):
    page.get_by_label("Поиск по названию или артикулу").fill(text)
    page.locator(".pos-result", has_text=text).wait_for()


def wait_for_live_stream(page):
    page.locator("body[data-live=connected]").wait_for()


def test_counter_sale_of_imported_item_shows_in_shop(page, counter_page, live_server, cashier, samples):
    call_command("import_yml", str(samples / YML_SAMPLE), stdout=io.StringIO())
    variant = Variant.objects.get(product__name__contains="Bernette E56")
    terminal = factories.make_terminal(factories.make_store("Патриаршие", code="patriarchs"))
    inventory.receive([inventory.StockLine(variant.pk, terminal.location_id, 3)], document="test:receipt")

    page.goto(f"{live_server.url}/product/{variant.product_id}/")
    shop_availability = page.locator(f"#availability-{variant.pk} [data-store=patriarchs]")
    assert shop_availability.get_attribute("data-available") == "3"
    wait_for_live_stream(page)

    log_in_at_counter(counter_page, live_server)
    search_at_counter(counter_page, "Bernette E56")
    counter_page.locator(".pos-result", has_text="Bernette E56").get_by_role("button", name="Добавить").click()
    counter_page.locator(".pos-line", has_text="Bernette E56").wait_for()
    counter_page.get_by_role("radio", name="Карта", exact=True).check()
    counter_page.get_by_role("button", name="Оплатить").click()
    counter_page.get_by_text("Спасибо за покупку!").wait_for()

    page.locator(f"#availability-{variant.pk} [data-store=patriarchs][data-available='2']").wait_for(
        timeout=LIVE_UPDATE_MS
    )
    order = Order.objects.get(channel=Order.Channel.COUNTER)
    sale = Movement.objects.get(document=order.document)
    assert sale.variant_id == variant.pk
    assert sale.quantity == -1
    page.reload()
    assert shop_availability.get_attribute("data-available") == "2"


def test_pickup_order_shows_reserved_at_counter(page, counter_page, live_server, cashier):
    variant = factories.make_variant("Декантер «Лебедь»", price="7900.00", sku="SWAN-1")
    store = factories.make_store("Патриаршие", code="patriarchs")
    terminal = factories.make_terminal(store)
    factories.put_stock(variant, terminal.location, 3)

    log_in_at_counter(counter_page, live_server)
    search_at_counter(counter_page, "Лебедь")
    counter_result = counter_page.locator(".pos-result", has_text="Лебедь")
    assert counter_result.locator("[data-available]").get_attribute("data-available") == "3"
    wait_for_live_stream(counter_page)

    page.goto(f"{live_server.url}/product/{variant.product_id}/")
    page.get_by_role("button", name="В корзину").click()
    page.locator("#cart-link .cart-count").filter(has_text="1").wait_for()
    page.locator("#cart-link").click()
    page.get_by_role("link", name="Оформить заказ").click()
    page.get_by_label("Самовывоз из магазина").check()
    page.locator(".store-choice[data-store=patriarchs] input").check()
    page.get_by_label("Имя").fill("Мария Иванова")
    page.get_by_label("Телефон").fill("8 916 123-45-67")
    page.get_by_role("button", name="Подтвердить заказ").click()
    page.locator("h1[data-order]").wait_for()

    counter_result.locator("[data-reserved='1']").wait_for(timeout=LIVE_UPDATE_MS)
    assert counter_result.locator("[data-available]").get_attribute("data-available") == "2"
    assert re.search(r"в резерве: 1", counter_result.inner_text())
