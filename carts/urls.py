from django.urls import path

from . import views

app_name = "carts"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("add/", views.add, name="add"),
    path("line/<int:line_id>/", views.update, name="update"),
    path("line/<int:line_id>/remove/", views.remove, name="remove"),
]
