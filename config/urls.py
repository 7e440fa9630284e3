from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from inventory.live_views import stock_stream

admin.site.site_header = _("Vitrina: management")
admin.site.site_title = _("Vitrina")
admin.site.index_title = _("Catalog, stock, orders and customers")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("live/stock/", stock_stream, name="live-stock"),
    path("pos/", include("pos.urls")),
    path("account/", include("customers.urls")),
    path("cart/", include("carts.urls")),
    path("orders/", include("orders.urls")),
    path("", include("catalog.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
