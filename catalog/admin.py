"""Catalog admin: products with their variants, categories, price types and catalog imports."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import import_runs
from .models import (
    Barcode,
    CatalogImport,
    Category,
    Characteristic,
    Price,
    PriceType,
    Product,
    ProductImage,
    Variant,
)
from .prices import make_retail, refresh_sale_flags


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "external_id"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["parent"]


class VariantInline(admin.TabularInline):
    model = Variant
    fields = ["sku", "name", "is_for_sale", "external_id"]
    extra = 0
    show_change_link = True


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "vendor", "vat_rate", "is_active"]
    list_filter = ["is_active", "vat_rate", "category"]
    search_fields = ["name", "external_id", "variants__sku", "variants__barcodes__code"]
    autocomplete_fields = ["category"]
    inlines = [VariantInline, ProductImageInline]


class BarcodeInline(admin.TabularInline):
    model = Barcode
    extra = 0


class CharacteristicInline(admin.TabularInline):
    model = Characteristic
    extra = 0


class PriceInline(admin.TabularInline):
    model = Price
    extra = 0


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sku", "is_for_sale"]
    list_filter = ["is_for_sale"]
    search_fields = ["product__name", "name", "sku", "barcodes__code", "external_id"]
    autocomplete_fields = ["product"]
    inlines = [BarcodeInline, CharacteristicInline, PriceInline]


class PriceTypeForm(forms.ModelForm):
    # Not the model field itself: the database allows one retail type, and
    # the admin moves the mark from the old one when this box is ticked.
    retail = forms.BooleanField(
        label=_("retail price"), required=False, help_text=_("The shop and the counter sell at this price type.")
    )

    class Meta:
        model = PriceType
        fields = ["name", "external_id", "currency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retail"].initial = self.instance.is_retail


@admin.register(PriceType)
class PriceTypeAdmin(admin.ModelAdmin):
    form = PriceTypeForm
    list_display = ["name", "currency", "is_retail", "external_id"]
    actions = ["mark_retail"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data["retail"]:
            make_retail(obj)
            self._report_sale_flags(request, obj)
        elif obj.is_retail:
            PriceType.objects.filter(pk=obj.pk).update(is_retail=False)
            refresh_sale_flags()
            self.message_user(
                request, _("No price type is retail now, so nothing is for sale in the shop or at the counter."),
                messages.WARNING,
            )

    def _report_sale_flags(self, request, price_type: PriceType) -> None:
        on_sale, off_sale = refresh_sale_flags()
        self.message_user(
            request,
            _("«%(name)s» is the retail price type now. Variants for sale: %(on_sale)d, without a retail price: %(off_sale)d.")
            % {"name": price_type.name, "on_sale": on_sale, "off_sale": off_sale},
            messages.WARNING if off_sale else messages.SUCCESS,
        )

    @admin.action(description=_("Make the selected price type retail"))
    def mark_retail(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one price type."), messages.ERROR)
            return
        price_type = queryset.get()
        make_retail(price_type)
        self._report_sale_flags(request, price_type)


class CatalogImportForm(forms.ModelForm):
    class Meta:
        model = CatalogImport
        fields = ["format", "file", "offers_file"]
        help_texts = {
            "file": _("CommerceML: import.xml, or offers.xml alone. YML: the feed."),
            "offers_file": _("CommerceML only: offers.xml with prices and stock."),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == CatalogImport.Format.YML and cleaned.get("offers_file"):
            self.add_error("offers_file", _("A YML feed is one file; leave the offers file empty."))
        return cleaned


@admin.register(CatalogImport)
class CatalogImportAdmin(admin.ModelAdmin):
    form = CatalogImportForm
    list_display = ["__str__", "format", "status", "progress", "finished_at"]
    list_filter = ["status", "format"]
    change_form_template = "admin/catalog/catalogimport/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Status and finish time live in the progress block, which htmx refreshes.
        return ["format", "file", "offers_file", "created_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["format", "file", "offers_file"]
        return self.get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            import_runs.queue_import(obj)

    def response_add(self, request, obj, post_url_continue=None):
        # The manager watches the progress bar on the change page.
        return HttpResponseRedirect(reverse("admin:catalog_catalogimport_change", args=[obj.pk]))

    def get_urls(self):
        progress = self.admin_site.admin_view(self.progress_view)
        return [path("<int:object_id>/progress/", progress, name="catalog_catalogimport_progress"), *super().get_urls()]

    def progress_view(self, request, object_id: int):
        run = get_object_or_404(CatalogImport, pk=object_id)
        if not self.has_view_permission(request, run):
            return HttpResponseRedirect(reverse("admin:index"))
        return render(request, "admin/catalog/catalogimport/progress.html", progress_context(run))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = get_object_or_404(CatalogImport, pk=object_id)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **progress_context(run)})


def progress_context(run: CatalogImport) -> dict:
    error, report_lines = import_runs.outcome(run)
    return {
        "run": run,
        "percent": import_runs.current_progress(run),
        "finished": run.status in (CatalogImport.Status.DONE, CatalogImport.Status.FAILED),
        "error": error,
        "report_lines": report_lines,
        "progress_url": reverse("admin:catalog_catalogimport_progress", args=[run.pk]),
    }
