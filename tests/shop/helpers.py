"""Builders and page readers shared by the shop tests."""

import re

from django.urls import reverse

from inventory.models import Location


def make_warehouse(name: str = "Склад в Химках") -> Location:
    return Location.objects.create(name=name, kind=Location.Kind.WAREHOUSE, ships_online_orders=True)


def availability_numbers(html: str, variant_id: int) -> dict[str, int]:
    """Read the availability block of one variant: store code (or "delivery") to data-available."""
    block = re.search(rf'id="availability-{variant_id}".*?</div>', html, re.S)
    assert block is not None, f"no availability block for variant {variant_id}"
    numbers = {}
    row = re.compile(r'<li[^>]*?(?:data-store="([^"]+)"|data-delivery="true")[^>]*?data-available="(\d+)"')
    for match in row.finditer(block.group(0)):
        numbers[match.group(1) or "delivery"] = int(match.group(2))
    return numbers


def add_to_cart(client, variant, quantity="1", **headers):
    return client.post(reverse("carts:add"), {"variant": variant.pk, "quantity": quantity}, **headers)


def checkout_data(**overrides) -> dict:
    import uuid

    data = {
        "fulfilment": "pickup",
        "store": "",
        "name": "Мария Иванова",
        "phone": "+7 916 123-45-67",
        "email": "maria@example.ru",
        "address": "",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data
