import pytest
from django.contrib.auth.models import Group

from carts.models import CartLine
from inventory.models import Movement, Stock
from orders.models import Order
from pos.access import CASHIERS_GROUP

from .. import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(django_user_model):
    """A terminal with three glasses on its shop floor and a cashier of the «Кассиры» group."""
    terminal = factories.make_terminal()
    variant = factories.make_variant("Бокал для вина", price="1500.00", barcode="4600000000017")
    factories.put_stock(variant, terminal.location, 3)
    cashier = django_user_model.objects.create_user(username="kassir", password="kassir-test-1", first_name="Анна")
    cashier.groups.add(Group.objects.get_or_create(name=CASHIERS_GROUP)[0])
    return terminal, variant


def log_in(page, live_server):
    page.goto(f"{live_server.url}/pos/")
    page.get_by_label("Логин, e-mail или телефон").fill("kassir")
    page.get_by_label("Пароль").fill("kassir-test-1")
    page.get_by_role("button", name="Войти").click()
    # The scan handler is attached at DOMContentLoaded; typing earlier posts the page without htmx.
    page.locator("html[data-pos-ready] [data-scan-input]").wait_for()


def test_scan_pay_cash_and_print_receipt(page, live_server, shop):
    terminal, variant = shop
    log_in(page, live_server)

    scan_field = page.get_by_label("Штрихкод или артикул")
    scan_field.wait_for()
    assert scan_field.evaluate("element => element === document.activeElement")
    page.keyboard.type("4600000000017")
    page.keyboard.press("Enter")

    page.locator(".pos-line", has_text="Бокал для вина").wait_for()
    assert scan_field.input_value() == ""
    assert scan_field.evaluate("element => element === document.activeElement")

    page.get_by_label("Получено наличными, ₽").fill("2000")
    assert page.locator("[data-change]").inner_text().startswith("500,00")
    page.get_by_role("button", name="Оплатить").click()

    page.get_by_text("Спасибо за покупку!").wait_for()
    order = Order.objects.get()
    assert page.url == f"{live_server.url}/pos/receipt/{order.pk}/"
    assert "в т.ч. НДС 22 %" in page.content()
    movement = Movement.objects.get(document=order.document)
    assert movement.kind == Movement.Kind.SALE
    assert movement.quantity == -1
    assert Stock.objects.get(variant=variant, location=terminal.location).on_hand == 2


def test_fast_scans_all_counted(page, live_server, shop):
    log_in(page, live_server)
    page.get_by_label("Штрихкод или артикул").wait_for()

    page.keyboard.type("4600000000017\n4600000000017\n4600000000017\n")

    quantity = page.locator(".pos-line .pos-quantity-input")
    quantity.and_(page.locator("[value='3']")).wait_for()
    assert quantity.input_value() == "3"
    assert CartLine.objects.get(cart__terminal=shop[0]).quantity == 3


def test_unknown_code_message_and_refocus(page, live_server, shop):
    log_in(page, live_server)
    scan_field = page.get_by_label("Штрихкод или артикул")
    scan_field.wait_for()

    page.keyboard.type("0000000000000\n")

    page.get_by_text("Ничего не найдено по коду «0000000000000»").wait_for()
    assert scan_field.input_value() == ""
    assert scan_field.evaluate("element => element === document.activeElement")
