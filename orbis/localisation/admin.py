from django.contrib import admin

from orbis.audit.admin import AuditedModelAdmin

from .models import Market, Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name")


@admin.register(Market)
class MarketAdmin(AuditedModelAdmin):
    list_display = ("country", "region", "default_currency", "default_language", "time_zone")
    list_filter = ("region",)
