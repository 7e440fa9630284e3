from django.urls import path

from .views import auth, customers, payment, receipt, sale

app_name = "pos"

urlpatterns = [
    path("", auth.CounterLoginView.as_view(), name="login"),
    path("logout/", auth.CounterLogoutView.as_view(), name="logout"),
    path("terminals/", auth.choose_terminal, name="terminals"),
    path("terminal/<int:terminal_id>/", sale.sale, name="sale"),
    path("terminal/<int:terminal_id>/cart/", sale.cart, name="cart"),
    path("terminal/<int:terminal_id>/search/", sale.search, name="search"),
    path("terminal/<int:terminal_id>/scan/", sale.scan, name="scan"),
    path("terminal/<int:terminal_id>/add/", sale.add, name="add"),
    path("terminal/<int:terminal_id>/lines/<int:line_id>/quantity/", sale.line_quantity, name="line_quantity"),
    path("terminal/<int:terminal_id>/lines/<int:line_id>/remove/", sale.line_remove, name="line_remove"),
    path("terminal/<int:terminal_id>/pay/", payment.pay, name="pay"),
    path("terminal/<int:terminal_id>/quote/", payment.quote, name="quote"),
    path("terminal/<int:terminal_id>/customers/", customers.search, name="customers"),
    path("terminal/<int:terminal_id>/customers/new/", customers.create, name="customer_new"),
    path("terminal/<int:terminal_id>/customers/<int:customer_id>/", customers.profile, name="customer"),
    path("terminal/<int:terminal_id>/customers/<int:customer_id>/notes/", customers.notes, name="customer_notes"),
    path("terminal/<int:terminal_id>/customers/<int:customer_id>/attach/", customers.attach, name="customer_attach"),
    path("terminal/<int:terminal_id>/customer/detach/", customers.detach, name="customer_detach"),
    path("receipt/<int:order_id>/", receipt.receipt, name="receipt"),
]
