"""YML (Yandex Market Language) feeds: categories, offers, group_id variants, stock by outlet.

YML ids are numbers that would clash with 1C ids, so categories, products and
variants get external ids prefixed "yml:". Offers of one group_id share the
product "yml:group:<group_id>". Outlet ids are kept as they are, because they
name the shop's own locations.
"""

from collections.abc import Callable
from pathlib import Path

from ..models import Category, Product, Variant
from .errors import ImportFailed
from .report import ImportReport
from .runs import run_import
from .upserts import (
    ImportContext,
    add_barcodes,
    default_location,
    ensure_price_type,
    location_for,
    refresh_for_sale,
    set_price,
    set_stock,
    sync_characteristics,
    sync_images,
    upsert,
)
from .values import is_rouble, normalize_vat, parse_price, parse_quantity
from .xml_stream import Node, stream_records

ROOT = "yml_catalog"
PRICE_TYPE_ID = "yml:retail"
PRICE_TYPE_NAME = "Розничная (YML)"
# Params that tell variants of one product apart; other params go to the description.
VARIANT_PARAMS = {"цвет", "размер", "color", "colour", "size"}


def import_yml(
    path: str | Path, *, progress: Callable[[int], None] | None = None, document: str | None = None
) -> ImportReport:
    """Import a YML feed in one transaction.

    Raises ImportFailed, and changes nothing, when the feed is malformed,
    unsafe or contains a price or count that is not a number.
    """
    return run_import([path], _read_file, progress=progress, document=document)


def _is_record(tag: str, parents: tuple[str, ...]) -> bool:
    return (tag, parents[-1:]) in {("category", ("categories",)), ("offer", ("offers",))}


def _read_file(context: ImportContext, path: Path, on_bytes: Callable[[int], None]) -> None:
    reader = _YmlReader(context)
    try:
        for record in stream_records(path, _is_record, expected_root=ROOT, on_bytes=on_bytes):
            if record.node.tag == "category":
                reader.categories_read[record.node.attrib.get("id", "")] = record.node
            else:
                reader.read_offer(record.node)
        reader.save_categories()
    except ImportFailed as error:
        error.file = error.file or path.name
        raise


class _YmlReader:
    def __init__(self, context: ImportContext):
        self.context = context
        self.report = context.report
        self.categories_read: dict[str, Node] = {}
        self.categories: dict[str, Category] | None = None
        self.products_seen: set[str] = set()

    def save_categories(self) -> None:
        """Save the category tree once, parents first, whatever order the feed lists it in."""
        if self.categories is not None:
            return
        self.categories = {}
        for category_id in self.categories_read:
            self._save_category(category_id, set())

    def _save_category(self, category_id: str, visiting: set[str]) -> Category | None:
        if category_id in self.categories:
            return self.categories[category_id]
        node = self.categories_read.get(category_id)
        if node is None or category_id in visiting:
            return None  # an unknown parent or a loop: the category goes to the top level
        if not category_id:
            raise ImportFailed("missing_id", line=node.line, element=node.tag, field="id")
        visiting.add(category_id)
        parent = self._save_category(node.attrib.get("parentId", ""), visiting)
        values = {"name": (node.text.strip() or category_id)[:255], "parent": parent}
        self.categories[category_id] = upsert(Category, f"yml:{category_id}", values, self.report, "categories")
        return self.categories[category_id]

    def read_offer(self, node: Node) -> None:
        self.save_categories()
        offer_id = node.attrib.get("id", "").strip()
        if not offer_id:
            raise ImportFailed("missing_id", line=node.line, element=node.tag, field="id")
        group_id = node.attrib.get("group_id", "").strip()
        params = [(param.attrib.get("name", "").strip(), param.text.strip(), param.attrib.get("unit", "").strip())
                  for param in node.all("param")]
        pairs = [(name, value) for name, value, _unit in params if name.lower() in VARIANT_PARAMS and value]

        product = self._product(node, f"yml:group:{group_id}" if group_id else f"yml:{offer_id}", params)
        variant = Variant.objects.filter(external_id=f"yml:{offer_id}").first()
        created = variant is None
        variant_values = {"name": ", ".join(value for _name, value in pairs)[:500]}
        if node.text_at("vendorCode"):
            variant_values["sku"] = node.text_at("vendorCode")[:100]
        if created:
            variant = Variant.objects.create(
                external_id=f"yml:{offer_id}", product=product, is_for_sale=False, **variant_values
            )
            changed = True
        else:
            changed = self._update_fields(variant, {"product": product, **variant_values})
        changed |= sync_characteristics(variant, pairs)
        changed |= add_barcodes(variant, [barcode.text for barcode in node.all("barcode")], self.report)

        self._read_price(node, variant)
        self._read_stock(node, variant)
        changed |= refresh_for_sale(variant)
        if created:
            self.report.count("variants", "created")
        else:
            self.report.count("variants", "updated" if changed else "unchanged")

    def _product(self, node: Node, external_id: str, params: list[tuple[str, str, str]]) -> Product:
        """Save the product from the first offer of its group in this feed; later offers only add variants."""
        if external_id in self.products_seen:
            return Product.objects.get(external_id=external_id)
        self.products_seen.add(external_id)

        name = node.text_at("name") or vendor_model_name(
            node.text_at("typePrefix"), node.text_at("vendor"), node.text_at("model")
        )
        lines = [f"{name_}: {value} {unit}".strip() for name_, value, unit in params
                 if name_ and value and name_.lower() not in VARIANT_PARAMS]
        description = "\n\n".join(part for part in (node.text_at("description"), "\n".join(lines)) if part)
        values = {
            "name": (name or node.attrib.get("id", ""))[:500],
            "vendor": node.text_at("vendor")[:255],
            "description": description,
            "category": self.categories.get(node.text_at("categoryId")),
        }
        if node.text_at("vat"):
            values["vat_rate"] = self._vat(node.text_at("vat"))
        product = upsert(Product, external_id, values, self.report, "products")
        sync_images(product, [picture.text for picture in node.all("picture")])
        return product

    def _vat(self, text: str) -> str:
        rate, how = normalize_vat(text)
        if how == "raised":
            self.report.vat_raised += 1
        elif how == "unknown":
            self.report.unknown_vat[text] += 1
        return rate

    @staticmethod
    def _update_fields(row, values: dict) -> bool:
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            row.save()
        return bool(changed)

    def _read_price(self, node: Node, variant: Variant) -> None:
        price = node.child("price")
        if price is None or not price.text.strip():
            return
        currency = node.text_at("currencyId") or "RUB"
        if not is_rouble(currency):
            self.report.skip("prices", "foreign_currency_price", currency=currency)
            return
        amount = parse_price(price.text.strip(), element=node.tag, line=price.line)
        price_type = self.context.price_types.get(PRICE_TYPE_ID) or ensure_price_type(
            self.context, PRICE_TYPE_ID, PRICE_TYPE_NAME
        )
        set_price(self.context, variant, price_type, amount)

    def _read_stock(self, node: Node, variant: Variant) -> None:
        outlets = node.child("outlets")
        counted = [outlet for outlet in outlets.all("outlet") if outlet.attrib.get("id")] if outlets else []
        if counted:
            for outlet in counted:
                location = location_for(self.context, outlet.attrib["id"])
                self._set_stock(variant, location, outlet.attrib.get("instock", "0"), node.tag, outlet.line)
        elif node.child("count") is not None and node.text_at("count"):
            self._set_stock(variant, default_location(self.context), node.text_at("count"), node.tag,
                            node.child("count").line)

    def _set_stock(self, variant: Variant, location, text: str, element: str, line: int) -> None:
        quantity, rounded = parse_quantity(text, element=element, line=line)
        if rounded:
            self.report.quantities_rounded += 1
        set_stock(self.context, variant, location, quantity)


def vendor_model_name(type_prefix: str, vendor: str, model: str) -> str:
    """Name a vendor.model offer as «typePrefix vendor model», without the vendor twice.

    Feeds often repeat the brand in the model («Bernina» + «Bernina Bernette E56»).
    """
    if vendor and model.casefold().startswith(vendor.casefold()):
        vendor = ""
    return " ".join(part for part in (type_prefix, vendor, model) if part)
