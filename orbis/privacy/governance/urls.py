from django.urls import path

from . import views

app_name = "privacy_governance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/verify/", views.verify_audit, name="verify_audit"),
    path("retention/", views.retention, name="retention"),
    path("retention/run/", views.retention_run, name="retention_run"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/policy/", views.transfer_policy, name="transfer_policy"),
    path("refusals/", views.refusals, name="refusals"),
    path("processing/", views.processing, name="processing"),
    path("breaches/", views.breaches, name="breaches"),
    path("breaches/<str:pk>/", views.breach, name="breach"),
]
