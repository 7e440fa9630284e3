"""Units each channel can promise: the counter its shop floor, the shop per store and for delivery."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum

from .models import Location, Stock, Store


@dataclass(frozen=True)
class StoreAvailability:
    store: Store
    available: int


def available_at(variant_id: int, location_id: int) -> int:
    """Units of a variant that can still be sold or reserved at one location."""
    row = Stock.objects.filter(variant_id=variant_id, location_id=location_id).first()
    return row.available if row else 0


@dataclass(frozen=True)
class StockLevel:
    on_hand: int = 0
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def stock_levels(variant_ids: Iterable[int], location_id: int) -> dict[int, StockLevel]:
    """On hand and reserved of each variant at one location; a variant with no row gets zeros."""
    variant_ids = list(variant_ids)
    rows = Stock.objects.filter(variant_id__in=variant_ids, location_id=location_id)
    levels = {row.variant_id: StockLevel(row.on_hand, row.reserved) for row in rows}
    return {variant_id: levels.get(variant_id, StockLevel()) for variant_id in variant_ids}


def available_by_location(variant_ids: Iterable[int], location_id: int) -> dict[int, int]:
    """Available units of each variant at one location, such as a terminal's shop floor."""
    rows = Stock.objects.filter(variant_id__in=list(variant_ids), location_id=location_id)
    return {row.variant_id: row.available for row in rows}


def pickup_availability(variant_ids: Iterable[int]) -> dict[int, list[StoreAvailability]]:
    """Units the shop can promise for pickup, per variant and store (all of the store's locations)."""
    variant_ids = list(variant_ids)
    stores = list(Store.objects.order_by("name"))
    rows = Stock.objects.filter(variant_id__in=variant_ids, location__store__isnull=False).select_related("location")

    per_store: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        per_store[(row.variant_id, row.location.store_id)] += max(row.available - row.location.safety_stock, 0)

    return {
        variant_id: [StoreAvailability(store, per_store.get((variant_id, store.pk), 0)) for store in stores]
        for variant_id in variant_ids
    }


def delivery_availability(variant_ids: Iterable[int]) -> dict[int, int]:
    """Units the shop can promise for delivery: what the shipping warehouses hold."""
    rows = Stock.objects.filter(variant_id__in=list(variant_ids), location__ships_online_orders=True).select_related(
        "location"
    )
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        totals[row.variant_id] += max(row.available - row.location.safety_stock, 0)
    return dict(totals)


def pickup_locations(store_id: int) -> list[int]:
    """Locations a pickup order at this store reserves from: the shop floor first, then the back room."""
    order = {Location.Kind.SHOP_FLOOR: 0, Location.Kind.BACK_ROOM: 1, Location.Kind.WAREHOUSE: 2}
    locations = Location.objects.filter(store_id=store_id)
    return [location.pk for location in sorted(locations, key=lambda location: (order[location.kind], location.pk))]


def delivery_locations() -> list[int]:
    """Locations that ship delivery orders, in a fixed order."""
    return list(Location.objects.filter(ships_online_orders=True).order_by("pk").values_list("pk", flat=True))


def stock_totals(variant_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """On hand and reserved per variant over all locations."""
    rows = (
        Stock.objects.filter(variant_id__in=list(variant_ids))
        .values("variant_id")
        .annotate(on_hand_total=Sum("on_hand"), reserved_total=Sum("reserved"))
    )
    return {row["variant_id"]: {"on_hand": row["on_hand_total"], "reserved": row["reserved_total"]} for row in rows}
