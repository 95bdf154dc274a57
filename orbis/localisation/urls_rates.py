from django.urls import path

from . import views_rates

app_name = "localisation_rates"

urlpatterns = [
    path("", views_rates.rates, name="rates"),
    path("manual/", views_rates.record_manual_rate, name="record_manual_rate"),
]
