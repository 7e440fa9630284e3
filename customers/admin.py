from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Customer, User


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
