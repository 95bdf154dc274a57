from django.contrib import admin

from orbis.audit.admin import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import Market, Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name")


@admin.register(Market)
class MarketAdmin(ReadOnlyModelAdmin):
    """Markets are added and changed on the Markets settings page, through the services that
    validate them against the libraries; here they can only be read."""

    list_display = ("country", "region", "default_currency", "default_language", "time_zone")
    list_filter = ("region",)
