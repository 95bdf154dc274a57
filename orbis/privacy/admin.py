from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ConsentEvent, ConsentState


class LedgerAdmin(admin.ModelAdmin):
    """The ledger is written only by the consent services; the admin may only look."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConsentEvent)
class ConsentEventAdmin(LedgerAdmin):
    list_display = ("occurred_at", "purpose", "channel", "status", "lawful_basis", "source")
    list_filter = ("purpose", "channel", "status", "source", "rule_pack")


@admin.register(ConsentState)
class ConsentStateAdmin(LedgerAdmin):
    list_display = ("purpose", "channel", "status", "lawful_basis", "occurred_at", "expires_at")
