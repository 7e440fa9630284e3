"""Orders from every channel, their lines with stored prices, and payments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class Order(models.Model):
    class Channel(models.TextChoices):
        COUNTER = "counter", _("counter")
        WEB = "web", _("web shop")

    class Fulfilment(models.TextChoices):
        TAKEAWAY = "takeaway", _("taken at the counter")
        PICKUP = "pickup", _("pickup in store")
        DELIVERY = "delivery", _("delivery")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    fulfilment = models.CharField(_("fulfilment"), max_length=16, choices=Fulfilment.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    customer = models.ForeignKey(
        "customers.Customer", models.PROTECT, null=True, blank=True, related_name="orders", verbose_name=_("customer")
    )
    store = models.ForeignKey(
        "inventory.Store", models.PROTECT, null=True, blank=True, related_name="orders", verbose_name=_("store")
    )
    terminal = models.ForeignKey(
        "pos.Terminal", models.PROTECT, null=True, blank=True, related_name="orders", verbose_name=_("terminal")
    )
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="counter_orders",
        verbose_name=_("cashier"),
    )
    contact_name = models.CharField(_("name"), max_length=255, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    delivery_address = models.TextField(_("delivery address"), blank=True)
    total = MoneyField(_("total"), max_digits=12, decimal_places=2, default_currency="RUB")
    vat_total = MoneyField(_("VAT"), max_digits=12, decimal_places=2, default_currency="RUB")
    coupon_code = models.CharField(_("coupon"), max_length=64, blank=True)
    manual_discount = MoneyField(
        _("manual discount"), max_digits=12, decimal_places=2, default_currency="RUB", default=0
    )
    manual_discount_reason = models.CharField(_("manual discount reason"), max_length=255, blank=True)
    bonus_used = MoneyField(_("bonuses redeemed"), max_digits=12, decimal_places=2, default_currency="RUB", default=0)
    bonus_earned = MoneyField(_("bonuses earned"), max_digits=12, decimal_places=2, default_currency="RUB", default=0)
    idempotency_key = models.UUIDField(_("request key"), unique=True)
    pickup_deadline = models.DateTimeField(_("collect by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.pk:06d}" if self.pk else "—"

    @property
    def document(self) -> str:
        """The reference that ledger rows and reservations of this order carry."""
        return f"order:{self.pk}"


class OrderLine(models.Model):
    """A line as it was priced when the order was placed; receipts read these values."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="lines", verbose_name=_("order"))
    variant = models.ForeignKey("catalog.Variant", models.PROTECT, related_name="+", verbose_name=_("variant"))
    location = models.ForeignKey(
        "inventory.Location", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=1000)
    sku = models.CharField(_("SKU"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = MoneyField(_("price"), max_digits=12, decimal_places=2, default_currency="RUB")
    discount = MoneyField(
        _("discount"),
        max_digits=12,
        decimal_places=2,
        default_currency="RUB",
        default=0,
        help_text=_("Every discount of the line, bonuses included."),
    )
    bonus = MoneyField(
        _("paid with bonuses"), max_digits=12, decimal_places=2, default_currency="RUB", default=0
    )
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2, default_currency="RUB")
    vat_rate = models.CharField(_("VAT rate"), max_length=4)
    vat_amount = MoneyField(_("VAT"), max_digits=12, decimal_places=2, default_currency="RUB")

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("cash")
        CARD = "card", _("card")

    order = models.ForeignKey(Order, models.PROTECT, related_name="payments", verbose_name=_("order"))
    method = models.CharField(_("tender"), max_length=16, choices=Method.choices)
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2, default_currency="RUB")
    tendered = MoneyField(
        _("cash given"), max_digits=12, decimal_places=2, default_currency="RUB", null=True, blank=True
    )
    change = MoneyField(_("change"), max_digits=12, decimal_places=2, default_currency="RUB", default=0)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}"
