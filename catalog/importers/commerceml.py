"""CommerceML 2.03-2.10 as 1C, MoySklad and Bitrix write it: import.xml and offers.xml.

Tags are matched by local name, so files with the namespace
urn:1C.ru:commerceml_2 (default or prefixed) and without it read the same.
An Ид of the form "P#C" is characteristic C of product P and becomes a
variant of that product.
"""

from collections.abc import Callable, Iterable
from pathlib import Path

from ..models import Category, PriceType, Product, Variant
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
    retire_base_variant,
    set_price,
    set_stock,
    sync_characteristics,
    sync_images,
    upsert,
)
from .values import is_rouble, normalize_vat, parse_price, parse_quantity
from .xml_stream import Node, stream_records

ROOT = "КоммерческаяИнформация"
# A record is read whole; the group tree is one record because nested groups
# need their parents, and it is small next to the goods.
RECORD_PARENTS = {"Группы": "Классификатор", "Свойства": "Классификатор", "Товар": "Товары", "Предложение": "Предложения"}
# Price types and warehouses sit in ПакетПредложений (2.03-2.07) or Классификатор (2.08+).
RECORDS_ANYWHERE = {"ТипыЦен", "Склады"}
BARCODE_TAGS = ("ШтрихКод", "Штрихкод")
VAT_REQUISITES = {"ставкандс", "ставка ндс"}


def import_commerceml(
    paths: Iterable[str | Path] | str | Path, *, progress: Callable[[int], None] | None = None, document: str | None = None
) -> ImportReport:
    """Import CommerceML files (import.xml, offers.xml or both, in this order) in one transaction.

    Raises ImportFailed, and changes nothing, when a file is malformed, unsafe
    or contains a value that is not a number where one is required.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run_import(paths, _read_file, progress=progress, document=document)


def _is_record(tag: str, parents: tuple[str, ...]) -> bool:
    return tag in RECORDS_ANYWHERE or (tag in RECORD_PARENTS and parents[-1:] == (RECORD_PARENTS[tag],))


def _read_file(context: ImportContext, path: Path, on_bytes: Callable[[int], None]) -> None:
    reader = _CommerceMLReader(context)
    handlers = {
        "Группы": reader.read_groups,
        "Свойства": reader.read_properties,
        "Товар": reader.read_product,
        "ТипыЦен": reader.read_price_types,
        "Склады": reader.read_warehouses,
        "Предложение": reader.read_offer,
    }
    try:
        for record in stream_records(path, _is_record, expected_root=ROOT, on_bytes=on_bytes):
            handlers[record.node.tag](record.node)
    except ImportFailed as error:
        error.file = error.file or path.name
        raise


def _required_id(node: Node) -> str:
    value = node.text_at("Ид")
    if not value:
        raise ImportFailed("missing_id", line=node.line, element=node.tag, field="Ид")
    return value


def _barcodes(node: Node) -> list[str]:
    return [child.text.strip() for child in node.children if child.tag in BARCODE_TAGS]


def _characteristics(node: Node) -> list[tuple[str, str]]:
    block = node.child("ХарактеристикиТовара")
    if block is None:
        return []
    pairs = [(item.text_at("Наименование"), item.text_at("Значение")) for item in block.all("ХарактеристикаТовара")]
    return [(name, value) for name, value in pairs if name and value]


def _variant_name(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(value for _name, value in pairs)[:500]


class _CommerceMLReader:
    def __init__(self, context: ImportContext):
        self.context = context
        self.report = context.report
        # Property id -> (name, {value id: value}) from Классификатор/Свойства.
        self.properties: dict[str, tuple[str, dict[str, str]]] = {}
        self.warehouse_names: dict[str, str] = {}

    # Classifier

    def read_groups(self, node: Node, parent: Category | None = None) -> None:
        for group in node.all("Группа"):
            category = upsert(
                Category,
                _required_id(group),
                {"name": (group.text_at("Наименование") or _required_id(group))[:255], "parent": parent},
                self.report,
                "categories",
            )
            children = group.child("Группы")
            if children is not None:
                self.read_groups(children, category)

    def read_properties(self, node: Node) -> None:
        for prop in node.children:
            values = {}
            for book in prop.child("ВариантыЗначений").children if prop.child("ВариантыЗначений") else []:
                if book.text_at("ИдЗначения"):
                    values[book.text_at("ИдЗначения")] = book.text_at("Значение")
            self.properties[prop.text_at("Ид")] = (prop.text_at("Наименование"), values)

    # Catalog

    def read_product(self, node: Node) -> None:
        full_id = _required_id(node)
        product_id, _sep, characteristic_id = full_id.partition("#")
        if characteristic_id:
            product = Product.objects.filter(external_id=product_id).first()
            if product is None:
                product = upsert(Product, product_id, self._product_values(node), self.report, "products")
        else:
            product = upsert(Product, product_id, self._product_values(node), self.report, "products")
            if product.variants.exclude(external_id=product_id).exists():
                # Sold by its characteristics: no plain variant for the product itself.
                return
        self._upsert_variant(node, product, full_id, characteristic_id)

    def _product_values(self, node: Node) -> dict:
        values = {"name": (node.text_at("Наименование") or node.text_at("Ид"))[:500]}
        status = node.attrib.get("Статус") or node.text_at("Статус")
        values["is_active"] = status != "Удален"
        description = self._description(node)
        if description:
            values["description"] = description
        unit = node.text_at("БазоваяЕдиница")
        if unit:
            values["unit"] = unit[:32]
        vendor = node.text_at("Изготовитель", "Наименование")
        if vendor:
            values["vendor"] = vendor[:255]
        group_id = node.text_at("Группы", "Ид")
        if group_id:
            values["category"] = Category.objects.filter(external_id=group_id).first()
        vat = self._vat(node)
        if vat:
            values["vat_rate"] = vat
        return values

    def _description(self, node: Node) -> str:
        lines = []
        for item in node.child("ЗначенияСвойств").all("ЗначенияСвойства") if node.child("ЗначенияСвойств") else []:
            name, choices = self.properties.get(item.text_at("Ид"), (item.text_at("Ид"), {}))
            values = [choices.get(value.text.strip(), value.text.strip()) for value in item.all("Значение")]
            values = [value for value in values if value]
            if name and values:
                lines.append(f"{name}: {', '.join(values)}")
        parts = [node.text_at("Описание"), "\n".join(lines)]
        return "\n\n".join(part for part in parts if part)

    def _vat(self, node: Node) -> str | None:
        text = ""
        rates = node.child("СтавкиНалогов")
        for rate in rates.all("СтавкаНалога") if rates else []:
            if rate.text_at("Наименование").upper() in ("НДС", ""):
                text = rate.text_at("Ставка")
        requisites = node.child("ЗначенияРеквизитов")
        for requisite in requisites.all("ЗначениеРеквизита") if requisites else []:
            if requisite.text_at("Наименование").lower() in VAT_REQUISITES and not text:
                text = requisite.text_at("Значение")
        if not text:
            return None
        rate, how = normalize_vat(text)
        if how == "raised":
            self.report.vat_raised += 1
        elif how == "unknown":
            self.report.unknown_vat[text] += 1
        return rate

    def _upsert_variant(self, node: Node, product: Product, full_id: str, characteristic_id: str) -> Variant:
        pairs = _characteristics(node)
        variant = Variant.objects.filter(external_id=full_id).first()
        created = variant is None
        if created:
            variant = Variant.objects.create(
                product=product, external_id=full_id, sku=node.text_at("Артикул")[:100],
                name=_variant_name(pairs), is_for_sale=False,
            )
            self.context.variants_created.add(variant.pk)
            if characteristic_id:
                retire_base_variant(self.context, product)
        changed = self._update_variant(variant, node, pairs)
        if not created:
            self.report.count("variants", "updated" if changed else "unchanged")
        else:
            self.report.count("variants", "created")
        return variant

    def _update_variant(self, variant: Variant, node: Node, pairs: list[tuple[str, str]]) -> bool:
        changed = False
        sku = node.text_at("Артикул")[:100]
        if sku and variant.sku != sku:
            variant.sku = sku
            changed = True
        if pairs and variant.name != _variant_name(pairs):
            variant.name = _variant_name(pairs)
            changed = True
        if changed:
            variant.save()
        if pairs:
            changed |= sync_characteristics(variant, pairs)
        changed |= add_barcodes(variant, _barcodes(node), self.report)
        if node.tag == "Товар":
            images = [picture.text for picture in node.all("Картинка")]
            if any(image.strip() for image in images):
                sync_images(variant.product, images)
        return changed

    # Offers

    def read_price_types(self, node: Node) -> None:
        for item in node.all("ТипЦены"):
            external_id = _required_id(item)
            name = item.text_at("Наименование") or external_id
            currency = item.text_at("Валюта") or "RUB"
            if is_rouble(currency):
                ensure_price_type(self.context, external_id, name)
            else:
                self.context.foreign_price_types[external_id] = (name, currency)
                self.report.skip("price_types", "foreign_currency_price_type", name=name, currency=currency)

    def read_warehouses(self, node: Node) -> None:
        for item in node.all("Склад"):
            external_id = _required_id(item)
            self.warehouse_names[external_id] = item.text_at("Наименование")
            location_for(self.context, external_id, item.text_at("Наименование"))

    def read_offer(self, node: Node) -> None:
        full_id = _required_id(node)
        variant = Variant.objects.filter(external_id=full_id).first() or self._match_by_barcode(node, full_id)
        created = variant is None
        if created:
            variant = self._create_offer_variant(node, full_id)
            if variant is None:
                return

        changed = False if created else self._update_variant(variant, node, _characteristics(node))
        self._read_prices(node, variant)
        self._read_stock(node, variant)
        changed |= refresh_for_sale(variant)
        if not created:
            self.report.count("variants", "updated" if changed else "unchanged")

    def _match_by_barcode(self, node: Node, full_id: str) -> Variant | None:
        """Find a known variant by the barcode of an offer whose Ид is unknown.

        Some 1C configurations give offers other Ид than the goods in
        import.xml, but the same barcodes.
        """
        if "#" in full_id:
            return None
        codes = _barcodes(node)
        return Variant.objects.filter(barcodes__code__in=codes).first() if codes else None

    def _create_offer_variant(self, node: Node, full_id: str) -> Variant | None:
        """Create the variant of an unknown offer, and its product from the offer's fields if needed."""
        product_id, _sep, characteristic_id = full_id.partition("#")
        product = Product.objects.filter(external_id=product_id).first()
        if product is None:
            values = {"name": (node.text_at("Наименование") or full_id)[:500]}
            if node.text_at("БазоваяЕдиница"):
                values["unit"] = node.text_at("БазоваяЕдиница")[:32]
            product = upsert(Product, product_id, values, self.report, "products")
        elif not characteristic_id and product.variants.exclude(external_id=product_id).exists():
            self.report.skip("variants", "base_offer_of_variants", id=full_id)
            return None
        return self._upsert_variant(node, product, full_id, characteristic_id)

    def _read_prices(self, node: Node, variant: Variant) -> None:
        prices = node.child("Цены")
        for price in prices.all("Цена") if prices else []:
            type_id = price.text_at("ИдТипаЦены")
            if type_id in self.context.foreign_price_types:
                name, currency = self.context.foreign_price_types[type_id]
                self.report.skip("prices", "foreign_currency_price_type", name=name, currency=currency)
                continue
            price_type = self._price_type(type_id)
            if price_type is None:
                self.report.skip("prices", "unknown_price_type", id=type_id)
                continue
            currency = price.text_at("Валюта") or price_type.currency
            if not is_rouble(currency):
                self.report.skip("prices", "foreign_currency_price", currency=currency)
                continue
            amount_node = price.child("ЦенаЗаЕдиницу") or price
            amount = parse_price(amount_node.text.strip(), element=node.tag, line=amount_node.line)
            set_price(self.context, variant, price_type, amount)

    def _price_type(self, external_id: str) -> PriceType | None:
        if external_id not in self.context.price_types:
            price_type = PriceType.objects.filter(external_id=external_id, currency="RUB").first()
            if price_type is None:
                return None
            self.context.price_types[external_id] = price_type
        return self.context.price_types[external_id]

    def _read_stock(self, node: Node, variant: Variant) -> None:
        by_warehouse: list[tuple[str, str, int]] = []
        total: tuple[str, int] | None = None
        for item in node.all("Склад"):
            # 2.04-2.07: <Склад ИдСклада="..." КоличествоНаСкладе="..."/>
            if item.attrib.get("ИдСклада") and item.attrib.get("КоличествоНаСкладе", "").strip():
                by_warehouse.append((item.attrib["ИдСклада"], item.attrib["КоличествоНаСкладе"], item.line))
        rests = node.child("Остатки")
        for rest in rests.all("Остаток") if rests else []:
            # 2.08+: Остатки/Остаток/Склад/(Ид, Количество), or a total Остаток/Количество.
            warehouse = rest.child("Склад")
            if warehouse is not None and warehouse.text_at("Количество"):
                by_warehouse.append((warehouse.text_at("Ид"), warehouse.text_at("Количество"), warehouse.line))
            elif rest.text_at("Количество"):
                total = (rest.text_at("Количество"), rest.child("Количество").line)
        if total is None and node.text_at("Количество"):
            total = (node.text_at("Количество"), node.child("Количество").line)

        if by_warehouse:
            for warehouse_id, text, line in by_warehouse:
                location = location_for(self.context, warehouse_id, self.warehouse_names.get(warehouse_id, ""))
                self._set_stock(variant, location, text, node.tag, line)
        elif total is not None:
            self._set_stock(variant, default_location(self.context), total[0], node.tag, total[1])

    def _set_stock(self, variant: Variant, location, text: str, element: str, line: int) -> None:
        quantity, rounded = parse_quantity(text, element=element, line=line)
        if rounded:
            self.report.quantities_rounded += 1
        set_stock(self.context, variant, location, quantity)
