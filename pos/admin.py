from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Terminal


class TerminalAdminForm(forms.ModelForm):
    class Meta:
        model = Terminal
        fields = ["name", "store", "location", "is_active"]

    def clean(self):
        cleaned = super().clean()
        store, location = cleaned.get("store"), cleaned.get("location")
        if store and location and location.store_id != store.pk:
            self.add_error("location", _("Choose a location of the store «%(store)s».") % {"store": store.name})
        return cleaned


@admin.register(Terminal)
class TerminalAdmin(admin.ModelAdmin):
    form = TerminalAdminForm
    list_display = ["name", "store", "location", "is_active"]
    list_filter = ["is_active", "store"]
    list_editable = ["is_active"]
    search_fields = ["name", "store__name"]
    list_select_related = ["store", "location"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A terminal sells from a location of its store, so warehouses without a store are not offered.
        if db_field.name == "location":
            kwargs["queryset"] = db_field.related_model.objects.filter(store__isnull=False).select_related("store")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
