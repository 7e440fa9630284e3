"""A snapshot of every row an import writes, to prove that a repeated import changes nothing."""

from catalog.models import Barcode, Category, Characteristic, Price, PriceType, Product, ProductImage, Variant
from inventory.models import Location, Movement, Stock


def catalog_snapshot() -> dict[str, list]:
    return {
        "categories": list(Category.objects.order_by("pk").values_list("pk", "name", "parent_id", "external_id")),
        "products": list(
            Product.objects.order_by("pk").values_list(
                "pk", "name", "description", "category_id", "vendor", "unit", "vat_rate", "is_active", "updated_at"
            )
        ),
        "images": list(ProductImage.objects.order_by("pk").values_list("pk", "url")),
        "variants": list(Variant.objects.order_by("pk").values_list("pk", "sku", "name", "is_for_sale")),
        "characteristics": list(Characteristic.objects.order_by("pk").values_list("pk", "name", "value")),
        "barcodes": list(Barcode.objects.order_by("pk").values_list("pk", "code", "variant_id")),
        "prices": list(Price.objects.order_by("pk").values_list("pk", "variant_id", "price_type_id", "amount")),
        "price_types": list(PriceType.objects.order_by("pk").values_list("pk", "name", "is_retail")),
        "locations": list(Location.objects.order_by("pk").values_list("pk", "name", "external_id")),
        "stock": list(Stock.objects.order_by("pk").values_list("pk", "on_hand")),
        "movements": list(Movement.objects.order_by("pk").values_list("pk")),
    }
