"""URL wiring only: each app brings its own urls and API router."""

from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("orbis.identity.urls")),
    path("", include("orbis.customers.urls")),
    path("sales/", include("orbis.sales.urls")),
    path("settings/exchange-rates/", include("orbis.localisation.urls_rates")),
    path("settings/markets/", include("orbis.localisation.urls")),
    path("settings/", include("orbis.identity.urls_manage")),
    path("lists/", include("orbis.kernel.web.urls")),
    path("privacy/consent/", include("orbis.privacy.urls")),
    path("privacy/requests/", include("orbis.privacy.requests.urls")),
    path("privacy/", include("orbis.privacy.governance.urls")),
    path("p/", include("orbis.privacy.public_urls")),
    path("forms/", include("orbis.sales.public_urls")),
]
