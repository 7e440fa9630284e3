from django.contrib import admin

from .models import Cart, CartLine, Coupon, ManualDiscountLimit, Promotion


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


class CouponInline(admin.TabularInline):
    model = Coupon
    extra = 0


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "scope", "value", "priority", "stackable", "requires_coupon", "starts_at", "ends_at", "is_active"]
    list_filter = ["kind", "scope", "is_active", "stackable", "requires_coupon"]
    search_fields = ["name", "coupons__code"]
    filter_horizontal = ["products", "categories"]
    inlines = [CouponInline]


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = ["code", "promotion", "starts_at", "ends_at", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "promotion__name"]
    raw_id_fields = ["promotion"]


@admin.register(ManualDiscountLimit)
class ManualDiscountLimitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "max_percent"]
