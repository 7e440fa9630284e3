"""Catalog: products, their variants (SKU), barcodes, VAT rates and prices."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


def normalize_search_text(text: str) -> str:
    """Lower-case text with ё read as е, since shoppers and cashiers type either."""
    return text.lower().replace("ё", "е")


class VatRate(models.TextChoices):
    """VAT rates of the Russian Tax Code, art. 164; prices include VAT."""

    VAT_22 = "22", _("VAT 22%")
    VAT_10 = "10", _("VAT 10%")
    VAT_0 = "0", _("VAT 0%")
    NO_VAT = "none", _("No VAT")

    @property
    def percent(self) -> Decimal | None:
        return None if self is VatRate.NO_VAT else Decimal(self.value)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    external_id = models.CharField(_("external id"), max_length=255, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Category"]:
        """Return the chain from the root down to this category."""
        chain = []
        node: Category | None = self
        seen = set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class PriceType(models.Model):
    """A price type from 1C (тип цен): retail, dealer, wholesale."""

    name = models.CharField(_("name"), max_length=255)
    external_id = models.CharField(_("external id"), max_length=255, unique=True, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    is_retail = models.BooleanField(
        _("retail price"), default=False, help_text=_("The shop and the counter sell at this price type.")
    )

    class Meta:
        verbose_name = _("price type")
        verbose_name_plural = _("price types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_retail"], condition=Q(is_retail=True), name="one_retail_price_type")
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, models.SET_NULL, null=True, blank=True, related_name="products", verbose_name=_("category")
    )
    vendor = models.CharField(_("brand"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=32, default="шт")
    vat_rate = models.CharField(_("VAT rate"), max_length=4, choices=VatRate.choices, default=VatRate.VAT_22)
    external_id = models.CharField(_("external id"), max_length=255, unique=True, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        for variant in self.variants.all():
            text = variant.build_search_text()
            if text != variant.search_text:
                Variant.objects.filter(pk=variant.pk).update(search_text=text)


class ProductImage(models.Model):
    product = models.ForeignKey(Product, models.CASCADE, related_name="images", verbose_name=_("product"))
    url = models.CharField(_("image address"), max_length=1000)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.url


class Variant(models.Model):
    """One sellable kind of a product (SKU): a colour, a size."""

    product = models.ForeignKey(Product, models.CASCADE, related_name="variants", verbose_name=_("product"))
    sku = models.CharField(_("SKU"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("characteristic"), max_length=500, blank=True)
    external_id = models.CharField(_("external id"), max_length=255, unique=True, null=True, blank=True)
    is_for_sale = models.BooleanField(
        _("for sale"), default=True, help_text=_("Off while the variant has no retail price in roubles.")
    )
    # Lower-cased name, characteristic and SKU: SQLite's LIKE folds only ASCII
    # letters, so Cyrillic search compares against this column instead.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["product__name", "name", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.product.name}, {self.name}" if self.name else self.product.name

    def build_search_text(self) -> str:
        return normalize_search_text(" ".join(part for part in (self.product.name, self.name, self.sku) if part))

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)


class Characteristic(models.Model):
    """A property that tells variants of one product apart: colour, size."""

    variant = models.ForeignKey(Variant, models.CASCADE, related_name="characteristics", verbose_name=_("variant"))
    name = models.CharField(_("name"), max_length=255)
    value = models.CharField(_("value"), max_length=500)

    class Meta:
        verbose_name = _("characteristic")
        verbose_name_plural = _("characteristics")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["variant", "name"], name="one_value_per_characteristic")]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Barcode(models.Model):
    class Kind(models.TextChoices):
        EAN13 = "ean13", "EAN-13"
        EAN8 = "ean8", "EAN-8"
        UPC = "upca", "UPC-A"
        OTHER = "other", _("other")

    variant = models.ForeignKey(Variant, models.CASCADE, related_name="barcodes", verbose_name=_("variant"))
    code = models.CharField(_("barcode"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("barcode")
        verbose_name_plural = _("barcodes")

    def __str__(self) -> str:
        return self.code


class Price(models.Model):
    variant = models.ForeignKey(Variant, models.CASCADE, related_name="prices", verbose_name=_("variant"))
    price_type = models.ForeignKey(PriceType, models.CASCADE, related_name="prices", verbose_name=_("price type"))
    amount = MoneyField(_("price"), max_digits=12, decimal_places=2, default_currency="RUB")

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [models.UniqueConstraint(fields=["variant", "price_type"], name="one_price_per_type")]

    def __str__(self) -> str:
        return f"{self.price_type}: {self.amount}"


class CatalogImport(models.Model):
    """One run of a catalog import, started from the admin or a command."""

    class Format(models.TextChoices):
        COMMERCEML = "commerceml", "CommerceML (1C, МойСклад)"
        YML = "yml", "YML"

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    file = models.FileField(_("file"), upload_to="imports/")
    offers_file = models.FileField(_("offers file"), upload_to="imports/", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    report = models.TextField(_("report"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalog import")
        verbose_name_plural = _("catalog imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
