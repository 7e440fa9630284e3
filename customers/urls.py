from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.ShopLoginView.as_view(), name="login"),
    path("logout/", views.ShopLogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("invite/<str:token>/", views.invite, name="invite"),
]
