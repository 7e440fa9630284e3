"""Bench data: one store with terminals, cashiers, and a catalog stocked on its shop floor."""

from dataclasses import dataclass
from decimal import Decimal

BENCH_STORE_CODE = "bench"
HOT_SKUS = 5
PRICE = Decimal("1000.00")
# The cashier that the HTTP clients log in as. The password is public, because the bench database contains nothing of value.
HTTP_CASHIER = "bench-http-cashier"
HTTP_PASSWORD = "bench-http-password"


@dataclass(frozen=True)
class BenchSetup:
    store_id: int
    location_id: int
    terminal_id: int
    cashier_id: int
    first_variant_id: int
    variant_count: int
    # One terminal per HTTP client, because a terminal has one open cart at a time.
    http_terminal_ids: tuple[int, ...] = ()

    @property
    def hot_variant_ids(self) -> list[int]:
        return list(range(self.first_variant_id, self.first_variant_id + HOT_SKUS))

    @property
    def variant_ids(self) -> list[int]:
        return list(range(self.first_variant_id, self.first_variant_id + self.variant_count))


def seed(variant_count: int, *, http_clients: int = 0) -> BenchSetup:
    """Create the bench store, terminals, cashiers and catalog unless they exist; return their ids."""
    from djmoney.money import Money

    from catalog.models import Price, PriceType, Product, Variant
    from customers.models import User
    from inventory.models import Location, Store
    from pos.models import Terminal

    store, created = Store.objects.get_or_create(code=BENCH_STORE_CODE, defaults={"name": "Bench boutique"})
    if created:
        Location.objects.create(store=store, name="Shop floor", kind=Location.Kind.SHOP_FLOOR)
    floor = store.locations.get(kind=Location.Kind.SHOP_FLOOR)
    terminal, _created = Terminal.objects.get_or_create(store=store, name="Bench till", defaults={"location": floor})
    cashier = User.objects.filter(username="bench-cashier").first() or User.objects.create_user(
        username="bench-cashier", password=None
    )

    price_type = PriceType.objects.filter(is_retail=True).first() or PriceType.objects.create(
        name="Retail", external_id="retail", is_retail=True
    )
    variants = list(Variant.objects.filter(sku__startswith="BENCH-").order_by("pk").values_list("pk", flat=True))
    if variants and len(variants) != variant_count:
        raise RuntimeError(
            f"The bench database contains {len(variants)} bench SKUs, not {variant_count}; "
            f"pass --variants {len(variants)} or drop the bench database."
        )
    if not variants:
        products = Product.objects.bulk_create(
            Product(name=f"Bench product {number}", vat_rate="22") for number in range(variant_count)
        )
        created_variants = Variant.objects.bulk_create(
            Variant(product=product, sku=f"BENCH-{number:05d}") for number, product in enumerate(products)
        )
        Price.objects.bulk_create(
            Price(variant=variant, price_type=price_type, amount=Money(PRICE, "RUB")) for variant in created_variants
        )
        variants = sorted(variant.pk for variant in created_variants)

    # sale_limit.sql draws a variant id from a range, so the ids must be contiguous.
    if variants[-1] - variants[0] + 1 != len(variants):
        raise RuntimeError("Bench variant ids are not contiguous; drop the bench database and run again.")

    http_terminals = tuple(
        Terminal.objects.get_or_create(store=store, name=f"Bench HTTP till {number}", defaults={"location": floor})[0].pk
        for number in range(1, http_clients + 1)
    )
    if http_clients:
        seed_http_cashier()
    return BenchSetup(store.pk, floor.pk, terminal.pk, cashier.pk, variants[0], len(variants), http_terminals)


def seed_http_cashier() -> None:
    """Create the cashier that logs in over HTTP: a member of the counter's cashier group, with a password."""
    from django.contrib.auth.models import Group

    from customers.models import User
    from pos.access import CASHIERS_GROUP

    if User.objects.filter(username=HTTP_CASHIER).exists():
        return
    user = User.objects.create_user(username=HTTP_CASHIER, password=HTTP_PASSWORD)
    group, _created = Group.objects.get_or_create(name=CASHIERS_GROUP)
    user.groups.add(group)


def stock_up(setup: BenchSetup, *, hot_units: int, other_units: int) -> None:
    """Set the shop floor's stock of every bench SKU through the inventory, so the ledger stays whole."""
    import inventory

    hot = set(setup.hot_variant_ids)
    for variant_id in setup.variant_ids:
        units = hot_units if variant_id in hot else other_units
        inventory.set_on_hand(variant_id, setup.location_id, units, document="bench:stock")
