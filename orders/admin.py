from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Order, OrderLine, Payment


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["name", "sku", "quantity", "unit_price", "discount", "bonus", "amount", "vat_rate", "vat_amount", "location"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ["method", "amount", "tendered", "change", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "channel", "fulfilment", "status", "store", "customer", "total"]
    list_filter = ["channel", "fulfilment", "status", "store"]
    search_fields = ["id", "contact_name", "contact_phone", "contact_email", "customer__full_name", "customer__phone"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, PaymentInline]
    # Stored prices and totals are the basis of receipts and returns, so the
    # manager sees them but cannot edit them here.
    readonly_fields = [
        "channel",
        "fulfilment",
        "status",
        "customer",
        "store",
        "terminal",
        "cashier",
        "total",
        "vat_total",
        "coupon_code",
        "manual_discount",
        "manual_discount_reason",
        "bonus_used",
        "bonus_earned",
        "idempotency_key",
        "pickup_deadline",
        "created_at",
    ]
    fields = readonly_fields + ["contact_name", "contact_phone", "contact_email", "delivery_address"]
    actions = ["cancel_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("number"), ordering="pk")
    def number(self, order: Order) -> str:
        return order.number

    @admin.action(description=_("Cancel the selected orders and release their reservations"))
    def cancel_selected(self, request, queryset):
        from .placement import cancel_order

        cancelled = 0
        for order in queryset.filter(status=Order.Status.NEW):
            cancel_order(order)
            cancelled += 1
        self.message_user(request, _("Orders cancelled: %(count)d") % {"count": cancelled})
