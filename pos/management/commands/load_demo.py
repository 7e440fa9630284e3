"""Load the demo boutique: stores, a warehouse, terminals, staff logins and the catalog.

The catalog arrives through the same CommerceML importer that a real shop
uses, from demo/catalog/. Running the command again changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

import catalog
from customers.models import Customer, User
from inventory.models import Location, Store
from pos.models import Terminal

DEMO_DIR = Path(settings.BASE_DIR) / "demo" / "catalog"
CASHIERS_GROUP = "Кассиры"

STORES = [
    {
        "code": "patriki",
        "name": "Бутик на Патриарших",
        "address": "Москва, Малая Бронная ул., 28",
        "opening_hours": "10:00–22:00",
        "locations": [
            ("demo-patriki-floor", "Торговый зал", Location.Kind.SHOP_FLOOR),
            ("demo-patriki-back", "Подсобка", Location.Kind.BACK_ROOM),
        ],
    },
    {
        "code": "nevsky",
        "name": "Бутик на Невском",
        "address": "Санкт-Петербург, Невский пр., 71",
        "opening_hours": "11:00–21:00",
        "locations": [("demo-nevsky-floor", "Торговый зал", Location.Kind.SHOP_FLOOR)],
    },
]


class Command(BaseCommand):
    help = _("Load the demo wine-accessories boutique once: stores, terminals, logins and catalog.")

    def handle(self, *args, **options):
        if Store.objects.filter(code="patriki").exists():
            self.stdout.write(_("Demo data is already loaded."))
            return

        with transaction.atomic():
            self._create_stores()
            self._create_people()
            report = catalog.import_commerceml([DEMO_DIR / "import.xml", DEMO_DIR / "offers.xml"])

        self.stdout.write(str(report))
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))

    def _create_stores(self) -> None:
        for spec in STORES:
            store = Store.objects.create(
                code=spec["code"], name=spec["name"], address=spec["address"], opening_hours=spec["opening_hours"]
            )
            for external_id, name, kind in spec["locations"]:
                Location.objects.create(store=store, external_id=external_id, name=name, kind=kind)
            floor = store.locations.get(kind=Location.Kind.SHOP_FLOOR)
            Terminal.objects.create(store=store, name="Касса 1", location=floor)

        Location.objects.create(
            external_id="demo-warehouse", name="Склад на Складочной", kind=Location.Kind.WAREHOUSE,
            ships_online_orders=True,
        )

    def _create_people(self) -> None:
        cashiers, _created = Group.objects.get_or_create(name=CASHIERS_GROUP)
        cashier = User.objects.create_user(
            username="kassir", password="kassir", first_name="Анна", last_name="Кассирова"
        )
        cashier.groups.add(cashiers)

        User.objects.create_superuser(
            username="manager", password="manager", email="manager@vitrina.example", first_name="Мария"
        )

        shopper = User.objects.create_user(
            username="+79161234567", password="shopper", phone="+79161234567", email="shopper@vitrina.example",
            first_name="Ольга",
        )
        Customer.objects.create(user=shopper, full_name="Ольга Покупателева", phone=shopper.phone, email=shopper.email)
