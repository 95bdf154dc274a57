from django.urls import path

from . import views

app_name = "localisation"

urlpatterns = [
    path("", views.market_list, name="market_list"),
    path("add/", views.market_add, name="market_add"),
    path("<str:country>/edit/", views.market_edit, name="market_edit"),
]
