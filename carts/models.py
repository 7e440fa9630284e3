"""Carts: what a customer or a counter sale is about to buy."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
