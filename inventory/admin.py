"""Manager's admin for stores, locations, stock, the ledger and reservations.

Stock, the ledger and reservations are read-only here: they change only
through the inventory functions. A manager with the "adjust stock"
permission corrects on hand through the adjustment form, which writes a
ledger row with the reason. A reservation is released through an action.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .documents import document_admin_url, document_label
from .errors import InventoryError
from .models import Location, Movement, Reservation, Stock, Store
from .movements import adjust
from .reservations import release

ADJUST_PERMISSION = "inventory.adjust_stock"
# A guard against a mistyped number, far above any real count of one SKU in
# one location. Stock.on_hand is a 32-bit integer, and SQLite raises
# OverflowError for numbers beyond 64 bits.
MAX_ADJUSTMENT = 1_000_000


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0
    fields = ["name", "kind", "safety_stock", "ships_online_orders", "external_id"]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "address", "pickup_days"]
    search_fields = ["name", "code", "address"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [LocationInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "kind", "safety_stock", "ships_online_orders"]
    list_editable = ["safety_stock", "ships_online_orders"]
    list_filter = ["store", "kind", "ships_online_orders"]
    search_fields = ["name", "store__name", "external_id"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Admin that shows rows without add, change or delete, because they change only through the inventory functions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stock)
class StockAdmin(ReadOnlyAdmin):
    list_display = ["variant", "sku", "location", "on_hand", "reserved", "available", "adjust_link"]
    list_filter = ["location__store", "location"]
    list_select_related = ["variant__product", "location__store"]
    search_fields = ["variant__sku", "variant__search_text", "variant__product__name", "variant__name"]
    ordering = ["variant__product__name", "variant__name", "location"]

    @admin.display(description=_("SKU"), ordering="variant__sku")
    def sku(self, stock: Stock) -> str:
        return stock.variant.sku

    @admin.display(description=_("available"))
    def available(self, stock: Stock) -> int:
        return stock.available

    @admin.display(description=_("adjustment"))
    def adjust_link(self, stock: Stock) -> str:
        url = reverse("admin:inventory_stock_adjust", args=[stock.pk])
        return format_html('<a href="{}">{}</a>', url, _("Adjust"))

    def get_list_display(self, request):
        if request.user.has_perm(ADJUST_PERMISSION):
            return self.list_display
        return [name for name in self.list_display if name != "adjust_link"]

    def get_urls(self):
        adjust_url = path(
            "<int:stock_id>/adjust/", self.admin_site.admin_view(self.adjust_view), name="inventory_stock_adjust"
        )
        return [adjust_url, *super().get_urls()]

    def adjust_view(self, request, stock_id: int):
        """Show and apply a manager's adjustment of one stock row."""
        if not request.user.has_perm(ADJUST_PERMISSION):
            raise PermissionDenied
        stock = get_object_or_404(Stock.objects.select_related("variant__product", "location__store"), pk=stock_id)

        form = StockAdjustmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                movement = adjust(
                    stock.variant_id,
                    stock.location_id,
                    form.cleaned_data["change"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                    document="admin:adjustment",
                )
            except InventoryError as error:
                form.add_error(None, error.user_message())
            else:
                self.message_user(
                    request,
                    _("Stock of %(stock)s adjusted by %(change)+d, now %(on_hand)d on hand.")
                    % {"stock": stock, "change": movement.quantity, "on_hand": movement.on_hand_after},
                )
                return redirect("admin:inventory_stock_changelist")

        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Adjust stock on hand"),
            "stock": stock,
            "form": form,
        }
        return TemplateResponse(request, "admin/inventory/stock/adjust_form.html", context)


class StockAdjustmentForm(forms.Form):
    change = forms.IntegerField(
        label=_("change of stock on hand"),
        help_text=_("Units to add (positive) or write off (negative)."),
    )
    reason = forms.CharField(
        label=_("reason"), max_length=500, help_text=_("Why the stock differs, for the ledger: count, damage, loss.")
    )

    def clean_change(self) -> int:
        change = self.cleaned_data["change"]
        if change == 0:
            raise forms.ValidationError(_("Enter a change other than zero."), code="zero_change")
        if abs(change) > MAX_ADJUSTMENT:
            raise forms.ValidationError(
                _("Enter a change from -%(max)s to %(max)s units, got %(value)s."),
                code="change_out_of_range",
                params={"max": MAX_ADJUSTMENT, "value": change},
            )
        return change

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Enter the reason for the adjustment."), code="missing_reason")
        return reason


def _document_html(code: str) -> str:
    """Return the document's label, linked to the order's admin page for an order."""
    url = document_admin_url(code)
    label = document_label(code)
    return format_html('<a href="{}">{}</a>', url, label) if url else label


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at", "kind", "variant", "location", "quantity", "on_hand_after", "document_display", "user", "reason"
    ]  # fmt: skip
    fields = [
        "created_at", "kind", "variant", "location", "quantity", "on_hand_after", "document_display", "user", "reason"
    ]  # fmt: skip
    readonly_fields = fields
    list_filter = ["kind", "location__store", "location"]
    list_select_related = ["variant__product", "location__store", "user"]
    search_fields = ["variant__sku", "variant__search_text", "document", "reason"]
    date_hierarchy = "created_at"

    @admin.display(description=_("document"), ordering="document")
    def document_display(self, movement: Movement) -> str:
        return _document_html(movement.document)


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "status", "variant", "location", "quantity", "owner_display", "expires_at"]
    fields = [
        "created_at", "kind", "status", "variant", "location", "quantity", "owner_display", "expires_at", "closed_at"
    ]  # fmt: skip
    readonly_fields = fields
    list_filter = ["status", "kind", "location__store", "location"]
    list_select_related = ["variant__product", "location__store"]
    search_fields = ["owner", "variant__sku", "variant__search_text"]
    date_hierarchy = "created_at"
    actions = ["release_selected"]

    def has_release_permission(self, request) -> bool:
        return request.user.has_perm("inventory.change_reservation")

    @admin.display(description=_("owner"), ordering="owner")
    def owner_display(self, reservation: Reservation) -> str:
        return _document_html(reservation.owner)

    @admin.action(description=_("Release the selected reservations"), permissions=["release"])
    def release_selected(self, request, queryset):
        """Release cart holds, leases and pre-orders; an order's reservations go only with the order's cancellation.

        Releasing them alone would leave the order "new" while its goods
        are free for anyone to buy.
        """
        active = queryset.filter(status=Reservation.Status.ACTIVE)
        order_owners = active.filter(kind=Reservation.Kind.ORDER).values_list("owner", flat=True)
        of_orders = sorted({document_label(owner) for owner in order_owners})
        released = release(list(active.exclude(kind=Reservation.Kind.ORDER).values_list("pk", flat=True)))
        count = len(released)
        if count or not of_orders:
            self.message_user(
                request,
                ngettext("%(count)d reservation released.", "%(count)d reservations released.", count) % {"count": count},
                messages.SUCCESS if count else messages.WARNING,
            )
        if of_orders:
            message = ngettext(
                "Not released: the reservation of %(orders)s belongs to an order. Cancel the order instead, so that "
                "its status and its goods stay consistent.",
                "Not released: the reservations of %(orders)s belong to orders. Cancel the orders instead, so that "
                "their status and their goods stay consistent.",
                len(of_orders),
            )
            self.message_user(request, message % {"orders": ", ".join(of_orders)}, messages.WARNING)
