from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("category/<int:pk>/", views.category, name="category"),
    path("search/", views.search, name="search"),
    path("product/<int:pk>/", views.product, name="product"),
    path("availability/<int:variant_id>/", views.availability, name="availability"),
]
