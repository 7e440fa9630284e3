"""Writing imported rows: insert or update by external id, and count what changed.

Both formats (CommerceML and YML) go through these functions, so the rules
for prices, stock, barcodes and the retail price type are the same for both.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from djmoney.money import Money

import inventory
from inventory.models import Location, Stock

from ..models import Barcode, Characteristic, Price, PriceType, Product, ProductImage, Variant
from .report import ImportReport
from .values import barcode_kind

logger = logging.getLogger(__name__)

DEFAULT_LOCATION_ID = "default"
DEFAULT_LOCATION_NAME = "Основной склад"


@dataclass
class ImportContext:
    """State of one import run, shared by the files it reads."""

    report: ImportReport
    document: str
    price_types: dict[str, PriceType] = field(default_factory=dict)
    # Price types in a currency other than the rouble: external id -> (name, currency).
    foreign_price_types: dict[str, tuple[str, str]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    default_location: Location | None = None
    variants_created: set[int] = field(default_factory=set)


def upsert(model: type[Model], external_id: str, values: dict, report: ImportReport, kind: str) -> Model:
    """Create the row with this external id, or update the fields that differ; count the outcome."""
    row = model.objects.filter(external_id=external_id).first()
    if row is None:
        row = model.objects.create(external_id=external_id, **values)
        report.count(kind, "created")
        return row

    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save()
    report.count(kind, "updated" if changed else "unchanged")
    return row


def sync_characteristics(variant: Variant, pairs: list[tuple[str, str]]) -> bool:
    """Make the variant's characteristics exactly these (name, value) pairs; return whether any changed."""
    wanted = {name[:255]: value[:500] for name, value in pairs if name and value}
    current = {row.name: row for row in variant.characteristics.all()}
    changed = False
    for name, row in current.items():
        if name not in wanted:
            row.delete()
            changed = True
    for name, value in wanted.items():
        row = current.get(name)
        if row is None:
            Characteristic.objects.create(variant=variant, name=name, value=value)
            changed = True
        elif row.value != value:
            row.value = value
            row.save(update_fields=["value"])
            changed = True
    return changed


def add_barcodes(variant: Variant, codes: list[str], report: ImportReport) -> bool:
    """Attach barcodes the variant does not have yet; a code of another variant is skipped.

    Barcodes missing from the file are kept, because the manager may have
    added them by hand.
    """
    changed = False
    for code in dict.fromkeys(code.strip() for code in codes if code.strip()):
        owner = Barcode.objects.filter(code=code).select_related("variant__product").first()
        if owner is None:
            Barcode.objects.create(variant=variant, code=code[:64], kind=barcode_kind(code))
            changed = True
        elif owner.variant_id != variant.pk:
            report.skip("variants", "barcode_taken", code=code, variant=owner.variant.display_name)
    return changed


def sync_images(product: Product, urls: list[str]) -> bool:
    urls = [url.strip()[:1000] for url in urls if url.strip()]
    if [image.url for image in product.images.all()] == urls:
        return False
    product.images.all().delete()
    ProductImage.objects.bulk_create(
        ProductImage(product=product, url=url, position=position) for position, url in enumerate(urls)
    )
    return True


def retire_base_variant(context: ImportContext, product: Product) -> None:
    """Drop the variant named after the product itself once the product has characteristic variants.

    1C lists a product first (Ид "P") and then its characteristics ("P#C").
    The plain "P" row would be a variant without prices or stock. One that
    stock rows or orders already point to is kept, but taken off sale.
    """
    base = product.variants.filter(external_id=product.external_id).first()
    if base is None:
        return
    base_id = base.pk
    try:
        with transaction.atomic():
            base.delete()
    except (ProtectedError, RestrictedError):
        if base.is_for_sale:
            base.is_for_sale = False
            base.save(update_fields=["is_for_sale"])
        return
    if base_id in context.variants_created:
        # Created and dropped in this run, so the report should not count it.
        context.report.counts["variants"]["created"] -= 1


def ensure_price_type(context: ImportContext, external_id: str, name: str) -> PriceType:
    """Create or rename a rouble price type; the first one becomes retail if none is retail yet."""
    price_type = upsert(PriceType, external_id, {"name": name[:255], "currency": "RUB"}, context.report, "price_types")
    if not PriceType.objects.filter(is_retail=True).exists():
        # The manager can move the retail mark to another type in the admin.
        price_type.is_retail = True
        price_type.save(update_fields=["is_retail"])
    context.price_types[external_id] = price_type
    return price_type


def set_price(context: ImportContext, variant: Variant, price_type: PriceType, amount: Decimal) -> None:
    money = Money(amount, "RUB")
    price = Price.objects.filter(variant=variant, price_type=price_type).first()
    if price is None:
        Price.objects.create(variant=variant, price_type=price_type, amount=money)
        context.report.count("prices", "created")
    elif price.amount != money:
        price.amount = money
        price.save(update_fields=["amount", "amount_currency"])
        context.report.count("prices", "updated")
    else:
        context.report.count("prices", "unchanged")


def refresh_for_sale(variant: Variant) -> bool:
    """Put the variant on sale exactly when it has a retail price in roubles; return whether that changed."""
    retail = PriceType.objects.filter(is_retail=True).first()
    for_sale = retail is not None and variant.prices.filter(price_type=retail, amount_currency="RUB").exists()
    if variant.is_for_sale == for_sale:
        return False
    variant.is_for_sale = for_sale
    variant.save(update_fields=["is_for_sale"])
    return True


def location_for(context: ImportContext, external_id: str, name: str = "") -> Location:
    """Return the location with this external id, creating a warehouse without a store if it is new.

    Locations are configuration, so a name the manager gave is kept.
    """
    if external_id in context.locations:
        return context.locations[external_id]
    location, created = Location.objects.get_or_create(
        external_id=external_id, defaults={"name": (name or external_id)[:255], "kind": Location.Kind.WAREHOUSE}
    )
    context.report.count("locations", "created" if created else "unchanged")
    context.locations[external_id] = location
    return location


def default_location(context: ImportContext) -> Location:
    """Return the location for a count without a warehouse: the first one that ships online orders."""
    if context.default_location is None:
        location = Location.objects.filter(ships_online_orders=True).order_by("pk").first()
        if location is None:
            location = location_for(context, DEFAULT_LOCATION_ID, DEFAULT_LOCATION_NAME)
        context.default_location = location
    return context.default_location


def set_stock(context: ImportContext, variant: Variant, location: Location, quantity: int) -> None:
    """Set stock on hand through inventory, which writes an import row to the ledger."""
    report = context.report
    if quantity < 0:
        report.skip("stock", "negative_stock", variant=variant.display_name, location=location.name, quantity=quantity)
        return

    existed = Stock.objects.filter(variant=variant, location=location).exists()
    try:
        movement = inventory.set_on_hand(variant.pk, location.pk, quantity, document=context.document)
    except inventory.InsufficientStock as error:
        report.skip(
            "stock",
            "below_reserved",
            variant=variant.display_name,
            location=location.name,
            quantity=quantity,
            reserved=error.shortages[0].requested,
        )
        logger.warning("Import %s: count %s of variant %s at location %s is below reserved",
                       context.document, quantity, variant.pk, location.pk)
        return

    if movement is None:
        report.count("stock", "unchanged")
    else:
        report.count("stock", "updated" if existed else "created")
