from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .invitations import invite_customer
from .registration import RegistrationError

from .models import BonusAccount, BonusEntry, Company, Customer, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "phone", "first_name", "last_name", "is_staff"]
    search_fields = ["username", "email", "phone", "first_name", "last_name"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Contacts"), {"fields": ["phone"]}),)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "phone", "email", "created_at"]
    search_fields = ["full_name", "phone", "email"]
    raw_id_fields = ["user"]
    actions = ["create_invitations"]

    @admin.action(description=_("Create shop account invitation links"), permissions=["change"])
    def create_invitations(self, request, queryset):
        """Show one invitation link per selected profile, for the manager to hand over after checking the customer."""
        for customer in queryset:
            if customer.user_id is not None:
                message = _("%(customer)s already has a shop account, so no invitation was created.")
                self.message_user(request, message % {"customer": customer}, messages.WARNING)
                continue
            try:
                token = invite_customer(customer, by_user=request.user)
            except RegistrationError as error:
                message = _("%(customer)s: no invitation was created. %(reason)s") % {
                    "customer": customer,
                    "reason": error.user_message(),
                }
                self.message_user(request, message, messages.WARNING)
                continue
            url = request.build_absolute_uri(reverse("customers:invite", args=[token]))
            text = _("Invitation for %(customer)s, valid for 3 days and usable once:") % {"customer": customer}
            self.message_user(request, format_html('{} <a href="{}">{}</a>', text, url, url), messages.SUCCESS)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "inn", "price_type", "credit_limit", "payment_terms_days", "is_active"]
    list_filter = ["is_active", "price_type"]
    search_fields = ["name", "inn"]


class BonusEntryInline(admin.TabularInline):
    """The ledger is read-only here: bonuses change only through customers.bonuses."""

    model = BonusEntry
    fk_name = "account"
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "bucket", "amount", "order_ref", "release_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BonusAccount)
class BonusAccountAdmin(admin.ModelAdmin):
    list_display = ["customer", "created_at"]
    search_fields = ["customer__full_name", "customer__phone", "customer__email"]
    raw_id_fields = ["customer"]
    inlines = [BonusEntryInline]
