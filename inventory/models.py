"""Inventory: stores, locations, stock on hand, the movement ledger, reservations.

Other apps read these tables but change them only through the functions in
inventory.movements and inventory.reservations.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Store(models.Model):
    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    pickup_days = models.PositiveSmallIntegerField(
        _("days to collect a pickup order"), default=3, help_text=_("An order not collected in time is cancelled.")
    )

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A place where units are: a shop floor, a back room or a warehouse."""

    class Kind(models.TextChoices):
        SHOP_FLOOR = "shop_floor", _("shop floor")
        BACK_ROOM = "back_room", _("back room")
        WAREHOUSE = "warehouse", _("warehouse")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    store = models.ForeignKey(
        Store, models.PROTECT, null=True, blank=True, related_name="locations", verbose_name=_("store")
    )
    external_id = models.CharField(
        _("external id"), max_length=255, unique=True, null=True, blank=True, help_text=_("Warehouse id in 1C files.")
    )
    ships_online_orders = models.BooleanField(
        _("ships delivery orders"), default=False, help_text=_("The web shop promises delivery from this stock.")
    )
    safety_stock = models.PositiveIntegerField(
        _("safety stock"), default=0, help_text=_("Units of each SKU kept back from online orders.")
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["store__name", "kind", "name"]

    def __str__(self) -> str:
        if self.store_id:
            return f"{self.store.name}: {self.name}"
        return self.name


class Stock(models.Model):
    """Units of one variant at one location.

    on_hand is the sum of the ledger rows, and reserved the sum of live
    reservations. Both are stored so that a sale locks and checks one row.
    """

    variant = models.ForeignKey("catalog.Variant", models.PROTECT, related_name="stock", verbose_name=_("variant"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="stock", verbose_name=_("location"))
    on_hand = models.IntegerField(_("stock on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        permissions = [("adjust_stock", _("Can adjust stock on hand with a reason"))]
        constraints = [
            models.UniqueConstraint(fields=["variant", "location"], name="one_stock_row_per_location"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="reserved_not_negative"),
            models.CheckConstraint(condition=Q(on_hand__gte=F("reserved")), name="available_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} @ {self.location}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Movement(models.Model):
    """One row of the stock ledger: a signed change of on hand with its reason."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt")
        SALE = "sale", _("sale")
        ADJUSTMENT = "adjustment", _("adjustment")
        IMPORT = "import", _("import")
        TRANSFER_OUT = "transfer_out", _("transfer out")
        TRANSFER_IN = "transfer_in", _("transfer in")
        RETURN = "return", _("return")
        SALE_CANCELLED = "sale_cancelled", _("fulfilment cancelled")

    variant = models.ForeignKey(
        "catalog.Variant", models.PROTECT, related_name="movements", verbose_name=_("variant")
    )
    location = models.ForeignKey(Location, models.PROTECT, related_name="movements", verbose_name=_("location"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"), help_text=_("Positive for arrivals, negative for departures."))
    on_hand_after = models.IntegerField(_("stock on hand after"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    document = models.CharField(_("document"), max_length=100, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("stock ledger")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.variant} @ {self.location}"


class Reservation(models.Model):
    """Units set aside for a cart, an order, a pre-order or a terminal."""

    class Kind(models.TextChoices):
        CART_HOLD = "cart_hold", _("cart hold")
        ORDER = "order", _("order")
        PRE_ORDER = "pre_order", _("pre-order")
        TERMINAL_LEASE = "terminal_lease", _("terminal lease")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        RELEASED = "released", _("released")
        CONSUMED = "consumed", _("consumed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    variant = models.ForeignKey(
        "catalog.Variant", models.PROTECT, related_name="reservations", verbose_name=_("variant")
    )
    location = models.ForeignKey(Location, models.PROTECT, related_name="reservations", verbose_name=_("location"))
    quantity = models.PositiveIntegerField(_("quantity"))
    owner = models.CharField(_("owner"), max_length=100, db_index=True, help_text=_("cart:12, order:34, terminal:5"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="order") | Q(expires_at__isnull=False), name="reservation_expires_unless_order"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="reservation_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} × {self.variant} ({self.owner})"
