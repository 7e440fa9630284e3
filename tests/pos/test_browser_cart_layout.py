import pytest
from django.contrib.auth.models import Group

from pos.access import CASHIERS_GROUP

from .. import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def busy_cart(django_user_model):
    """A terminal whose cart has a long-named line with a six-figure amount."""
    terminal = factories.make_terminal()
    variant = factories.make_variant(
        "Шампанское Louis Roederer Cristal Brut Millésimé, подарочная упаковка", price="123456.00", barcode="4600000000031"
    )
    factories.put_stock(variant, terminal.location, 20)
    cashier = django_user_model.objects.create_user(username="kassir", password="kassir-test-1", first_name="Анна")
    cashier.groups.add(Group.objects.get_or_create(name=CASHIERS_GROUP)[0])
    return terminal


def boxes_overlap(first: dict, second: dict) -> bool:
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


@pytest.mark.parametrize("width", [1024, 1280])
def test_cart_amount_not_covered(page, live_server, busy_cart, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/pos/")
    page.get_by_label("Логин, e-mail или телефон").fill("kassir")
    page.get_by_label("Пароль").fill("kassir-test-1")
    page.get_by_role("button", name="Войти").click()
    page.locator("html[data-pos-ready] [data-scan-input]").wait_for()
    page.keyboard.type("4600000000031\n")
    line = page.locator(".pos-line")
    line.wait_for()
    line.locator(".pos-quantity-input").fill("12")
    line.locator(".pos-quantity-input").press("Enter")
    page.locator(".pos-line .pos-quantity-input[value='12']").wait_for()
    page.screenshot(path=f"/tmp/posshot/cart-{width}.png", full_page=True)

    plus = page.get_by_role("button", name="На одну больше").bounding_box()
    amount = page.locator(".pos-line td.number").nth(1).bounding_box()
    remove = page.locator(".pos-line .pos-remove").bounding_box()
    cart = page.locator("#pos-cart").bounding_box()
    assert not boxes_overlap(plus, amount)
    assert not boxes_overlap(amount, remove)
    assert remove["x"] + remove["width"] <= cart["x"] + cart["width"]
    assert cart["x"] + cart["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
