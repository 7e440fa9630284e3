"""Users (staff and shoppers) and customer profiles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db.models import Q
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


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
    company = models.ForeignKey(
        "Company", models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("company")
    )
    price_type = models.ForeignKey(
        "catalog.PriceType",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal price list"),
        help_text=_("Prices of this type replace retail where a variant has one; the company's list applies otherwise."),
    )
    card_number = models.CharField(_("loyalty card number"), max_length=32, unique=True, null=True, blank=True)
    preferences = models.TextField(_("preferences"), blank=True, help_text=_("Sizes, colours, brands the customer likes."))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Seen by staff only."))
    accepts_messages = models.BooleanField(_("agrees to receive messages"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name or self.phone or self.email or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.email = self.email or None
        self.phone = self.phone or None
        self.card_number = self.card_number or None
        super().save(*args, **kwargs)


class Company(models.Model):
    """A B2B buyer (организация): dealer prices, a credit limit and deferred payment."""

    name = models.CharField(_("company name"), max_length=255)
    inn = models.CharField(_("INN"), max_length=12, unique=True, null=True, blank=True)
    price_type = models.ForeignKey(
        "catalog.PriceType",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal price list"),
        help_text=_("Prices of this type replace retail where a variant has one."),
    )
    credit_limit = MoneyField(_("credit limit"), max_digits=12, decimal_places=2, default_currency="RUB", default=0)
    payment_terms_days = models.PositiveIntegerField(
        _("deferred payment, days"), default=0, help_text=_("0 means payment on the day of the order.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.inn = self.inn or None
        super().save(*args, **kwargs)


class BonusAccount(models.Model):
    """A customer's bonus account (бонусный счёт); its row is the lock for every ledger change."""

    customer = models.OneToOneField(
        Customer, models.CASCADE, related_name="bonus_account", verbose_name=_("customer")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bonus account")
        verbose_name_plural = _("bonus accounts")

    def __str__(self) -> str:
        return str(self.customer)


class BonusEntry(models.Model):
    """One row of the bonus ledger; 1 bonus = 1 rouble.

    Each balance is the sum of the entries of its bucket: "available" can be
    redeemed, "held" waits for the return window to close. A release moves
    a hold's amount with two rows, minus from held and plus to available.
    """

    class Kind(models.TextChoices):
        EARN = "earn", _("earned")
        HOLD = "hold", _("earned, on hold")
        RELEASE = "release", _("released from hold")
        REDEEM = "redeem", _("redeemed")
        EXPIRE = "expire", _("expired")
        CLAWBACK = "clawback", _("clawed back")

    class Bucket(models.TextChoices):
        AVAILABLE = "available", _("available")
        HELD = "held", _("on hold")

    account = models.ForeignKey(BonusAccount, models.PROTECT, related_name="entries", verbose_name=_("account"))
    kind = models.CharField(_("operation"), max_length=16, choices=Kind.choices)
    bucket = models.CharField(_("balance"), max_length=16, choices=Bucket.choices)
    amount = models.DecimalField(_("bonuses"), max_digits=12, decimal_places=2, help_text=_("Negative when taken."))
    order_ref = models.CharField(_("order"), max_length=64, blank=True, db_index=True)
    hold = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("hold"),
        help_text=_("The hold this entry releases or claws back."),
    )
    release_at = models.DateTimeField(_("release on"), null=True, blank=True, db_index=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bonus entry")
        verbose_name_plural = _("bonus entries")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="bonus_entry_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind="hold") | Q(release_at__isnull=False, amount__gt=0, bucket="held"),
                name="bonus_hold_has_release_date",
            ),
            models.UniqueConstraint(
                fields=["hold", "bucket"], condition=Q(kind="release"), name="one_release_per_hold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
