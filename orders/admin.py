from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
        """Cancel the new orders among the selected ones, and say which were skipped and why."""
        from .placement import cancel_order

        cancelled, completed_sales, handed_over, already_cancelled = [], [], [], []
        for order in queryset.order_by("pk"):
            if order.status == Order.Status.CANCELLED:
                already_cancelled.append(order.number)
            elif order.status == Order.Status.COMPLETED and order.channel == Order.Channel.COUNTER:
                completed_sales.append(order.number)
            elif order.status == Order.Status.COMPLETED:
                handed_over.append(order.number)
            elif cancel_order(order).status == Order.Status.CANCELLED:
                cancelled.append(order.number)
            else:
                # Another request completed the order after the list was shown.
                handed_over.append(order.number)
        self._report_cancelled(request, cancelled, completed_sales, handed_over, already_cancelled)

    def _report_cancelled(self, request, cancelled, completed_sales, handed_over, already_cancelled) -> None:
        if cancelled or not (completed_sales or handed_over or already_cancelled):
            message = ngettext(
                "%(count)d order cancelled: %(numbers)s.", "%(count)d orders cancelled: %(numbers)s.", len(cancelled)
            )
            self.message_user(request, message % {"count": len(cancelled), "numbers": ", ".join(cancelled) or "—"})
        skipped = [
            (completed_sales, ngettext(
                "Not cancelled, because a completed counter sale cannot be cancelled, only returned: register a return "
                "for the order %(numbers)s.",
                "Not cancelled, because a completed counter sale cannot be cancelled, only returned: register returns "
                "for the orders %(numbers)s.",
                len(completed_sales),
            )),
            (handed_over, ngettext(
                "Not cancelled, because only new web orders can be cancelled and this one was handed over: register a "
                "return for the order %(numbers)s.",
                "Not cancelled, because only new web orders can be cancelled and these were handed over: register "
                "returns for the orders %(numbers)s.",
                len(handed_over),
            )),
            (already_cancelled, ngettext(
                "Already cancelled: order %(numbers)s.", "Already cancelled: orders %(numbers)s.", len(already_cancelled)
            )),
        ]  # fmt: skip
        for numbers, message in skipped:
            if numbers:
                self.message_user(request, message % {"numbers": ", ".join(numbers)}, messages.WARNING)
