"""Carts: what a customer or a counter sale is about to buy."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class Cart(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ORDERED = "ordered", _("ordered")
        ABANDONED = "abandoned", _("abandoned")

    customer = models.ForeignKey(
        "customers.Customer", models.CASCADE, null=True, blank=True, related_name="carts", verbose_name=_("customer")
    )
    session_key = models.CharField(_("guest session"), max_length=64, blank=True, db_index=True)
    terminal = models.ForeignKey(
        "pos.Terminal", models.CASCADE, null=True, blank=True, related_name="carts", verbose_name=_("terminal")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(status="open", customer__isnull=False), name="one_open_cart_per_customer"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, models.CASCADE, related_name="lines", verbose_name=_("cart"))
    variant = models.ForeignKey("catalog.Variant", models.PROTECT, related_name="+", verbose_name=_("variant"))
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="one_line_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]


class Promotion(models.Model):
    """A price rule (акция): what it takes off, on which goods, when, and how it combines with others.

    Windows are checked against the server's clock: starts_at is inclusive,
    ends_at exclusive, and an empty bound is open.
    """

    class Kind(models.TextChoices):
        PERCENT = "percent", _("percent off")
        AMOUNT = "amount", _("amount off")
        N_FOR_M = "n_for_m", _("N for the price of M")
        BUNDLE = "bundle", _("bundle at a set price")

    class Scope(models.TextChoices):
        ORDER = "order", _("whole order")
        ITEMS = "items", _("chosen products and categories")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    scope = models.CharField(
        _("applies to"),
        max_length=16,
        choices=Scope.choices,
        default=Scope.ITEMS,
        help_text=_("Percent and amount off only; N for M and bundles always use the chosen products."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("Percent off, roubles off per unit (per order for the whole order), or the bundle price."),
    )
    buy_quantity = models.PositiveIntegerField(_("units taken (N)"), null=True, blank=True)
    pay_quantity = models.PositiveIntegerField(_("units paid (M)"), null=True, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", blank=True, related_name="promotions", verbose_name=_("products")
    )
    categories = models.ManyToManyField(
        "catalog.Category",
        blank=True,
        related_name="promotions",
        verbose_name=_("categories"),
        help_text=_("Subcategories are included."),
    )
    min_order_amount = MoneyField(
        _("minimum order amount"),
        max_digits=12,
        decimal_places=2,
        default_currency="RUB",
        null=True,
        blank=True,
        help_text=_("The promotion applies once the order at list prices reaches this amount."),
    )
    requires_coupon = models.BooleanField(_("needs a coupon code"), default=False)
    priority = models.IntegerField(_("priority"), default=0, help_text=_("Higher goes first."))
    stackable = models.BooleanField(
        _("combines with other promotions"),
        default=True,
        help_text=_("A promotion that does not combine competes with the others and applies alone."),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-priority", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="promotion_value_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__lte=100), name="promotion_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(kind="n_for_m") | Q(buy_quantity__gt=models.F("pay_quantity"), pay_quantity__gte=1),
                name="promotion_n_for_m_quantities",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = _("A percent off must be from 0 to 100.")
        if self.kind == self.Kind.N_FOR_M and not (
            self.buy_quantity and self.pay_quantity and self.buy_quantity > self.pay_quantity
        ):
            errors["pay_quantity"] = _("For N for the price of M, enter N greater than M, and M of at least 1.")
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            errors["ends_at"] = _("The end must be later than the start.")
        if errors:
            raise ValidationError(errors)


class Coupon(models.Model):
    """A code (промокод) that unlocks a promotion marked as needing one."""

    code = models.CharField(_("code"), max_length=64, unique=True, help_text=_("Matched without regard to case."))
    promotion = models.ForeignKey(Promotion, models.CASCADE, related_name="coupons", verbose_name=_("promotion"))
    starts_at = models.DateTimeField(_("valid from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        # Before the unique check, so «leto» and «LETO» are caught as one code.
        self.code = self.code.strip().upper()
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("The end must be later than the start.")})

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)


class ManualDiscountLimit(models.Model):
    """The largest manual discount (ручная скидка) a role may give, as a percent of the order.

    A row with no group is the limit of every staff user. A user gets the
    largest limit among their groups' rows and, when staff, the staff row.
    A user with no matching row may give no manual discount.
    """

    group = models.OneToOneField(
        "auth.Group",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="manual_discount_limit",
        verbose_name=_("group"),
        help_text=_("Leave empty for the limit of every staff user."),
    )
    max_percent = models.DecimalField(_("maximum discount, %"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("manual discount limit")
        verbose_name_plural = _("manual discount limits")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_percent__gte=0, max_percent__lte=100), name="manual_discount_limit_percent"
            ),
        ]

    def __str__(self) -> str:
        who = self.group.name if self.group_id else _("staff")
        return f"{who}: {self.max_percent}%"
