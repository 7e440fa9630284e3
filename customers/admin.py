from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

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
