from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/bulk/", views.contact_bulk, name="contact_bulk"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<uuid:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<uuid:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<uuid:pk>/archive/", views.contact_archive, name="contact_archive"),
    path("contacts/<uuid:pk>/restore/", views.contact_restore, name="contact_restore"),
    path("forms/rows/<slug:kind>/", views.form_row, name="form_row"),
    path("forms/rows-removed/", views.form_row_removed, name="form_row_removed"),
    path("forms/addresses/", views.address_rows, name="address_rows"),
    path("forms/company-suggestions/", views.company_suggestions, name="company_suggestions"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/bulk/", views.company_bulk, name="company_bulk"),
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/<uuid:pk>/", views.company_detail, name="company_detail"),
    path("companies/<uuid:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<uuid:pk>/archive/", views.company_archive, name="company_archive"),
    path("companies/<uuid:pk>/restore/", views.company_restore, name="company_restore"),
]
