"""A guest's shop cart merges into the customer's one cart on sign-in, also when two sign-ins run at once."""

import threading

import pytest
from django.db import connection

import carts
from carts.models import Cart, CartLine

from .. import factories


def guest_cart(session_key, variant, quantity) -> Cart:
    carts.add_to_cart(carts.CartOwner(session_key=session_key), variant.pk, str(quantity))
    return carts.find_cart(carts.CartOwner(session_key=session_key))


def quantities(customer) -> dict[int, int]:
    cart = carts.find_cart(carts.CartOwner(customer=customer))
    return {line.variant_id: line.quantity for line in cart.lines.all()}


@pytest.mark.django_db
def test_merge_adds_quantities(shopper):
    glass = factories.make_variant("Бокал")
    carts.add_to_cart(carts.CartOwner(customer=shopper), glass.pk, "2")
    guest_cart("guest-session-1", glass, 1)

    carts.merge_guest_cart("guest-session-1", shopper)
    carts.merge_guest_cart("guest-session-1", shopper)

    assert quantities(shopper) == {glass.pk: 3}
    assert Cart.objects.filter(status=Cart.Status.OPEN).count() == 1


@pytest.mark.django_db
def test_login_merges_into_counter_cart(client, shopper):
    """A cart the seller has open at a terminal is still the customer's one cart when they sign in online."""
    glass = factories.make_variant("Бокал")
    terminal = factories.make_terminal()
    counter_cart = Cart.objects.create(customer=shopper, terminal=terminal)
    CartLine.objects.create(cart=counter_cart, variant=glass, quantity=1)
    client.post("/cart/add/", {"variant": glass.pk, "quantity": "2"})

    client.post("/account/login/", {"username": "maria@example.ru", "password": "pokupka-test-1"})

    assert quantities(shopper) == {glass.pk: 3}
    assert carts.find_cart(carts.CartOwner(customer=shopper)) == counter_cart


def run_at_once(*calls) -> list[BaseException]:
    """Run each call in its own thread and database connection, started together; return their errors."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_same_guest_merges_once(shopper):
    glass = factories.make_variant("Бокал")
    carts.add_to_cart(carts.CartOwner(customer=shopper), glass.pk, "2")
    guest_cart("guest-session-1", glass, 1)

    errors = run_at_once(*[lambda: carts.merge_guest_cart("guest-session-1", shopper)] * 2)

    assert errors == []
    assert quantities(shopper) == {glass.pk: 3}
    assert not Cart.objects.filter(session_key="guest-session-1").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_two_guests_merge_both(shopper):
    glass = factories.make_variant("Бокал")
    guest_cart("guest-session-1", glass, 1)
    guest_cart("guest-session-2", glass, 2)

    errors = run_at_once(
        lambda: carts.merge_guest_cart("guest-session-1", shopper),
        lambda: carts.merge_guest_cart("guest-session-2", shopper),
    )

    assert errors == []
    assert quantities(shopper) == {glass.pk: 3}
    assert Cart.objects.filter(customer=shopper, status=Cart.Status.OPEN).count() == 1
