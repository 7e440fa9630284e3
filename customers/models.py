"""Users (staff and shoppers) and customer profiles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login: a cashier, a manager or a shopper who signs in by e-mail or phone."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        # Empty strings would collide under the unique constraints.
        self.email = self.email or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)


class Customer(models.Model):
    """A customer profile, with or without a login."""

    user = models.OneToOneField(
        User, models.SET_NULL, null=True, blank=True, related_name="customer", verbose_name=_("login")
    )
    full_name = models.CharField(_("name"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name or self.phone or self.email or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.email = self.email or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)
