from django.contrib import admin

from .models import Market, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("country", "region", "default_currency", "default_language", "time_zone")
    list_filter = ("region",)
