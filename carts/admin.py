from django.contrib import admin

from .models import Cart, CartLine


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ["variant"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["pk", "customer", "terminal", "status", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["customer"]
    inlines = [CartLineInline]
