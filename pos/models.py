"""Counter terminals (кассы)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Terminal(models.Model):
    """A POS device bound to a store; it sells from the store's shop floor."""

    name = models.CharField(_("name"), max_length=255)
    store = models.ForeignKey("inventory.Store", models.PROTECT, related_name="terminals", verbose_name=_("store"))
    location = models.ForeignKey(
        "inventory.Location",
        models.PROTECT,
        related_name="terminals",
        verbose_name=_("sells from"),
        help_text=_("Usually the shop floor of the store."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("terminal")
        verbose_name_plural = _("terminals")
        ordering = ["store__name", "name"]

    def __str__(self) -> str:
        return f"{self.store.name}: {self.name}"
