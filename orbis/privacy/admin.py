"""The consent ledger in the admin, read only: it is written by the consent services alone."""

from django.contrib import admin

from orbis.audit.admin import ReadOnlyModelAdmin

from .models import ConsentEvent, ConsentState


@admin.register(ConsentEvent)
class ConsentEventAdmin(ReadOnlyModelAdmin):
    list_display = ("occurred_at", "purpose", "channel", "status", "lawful_basis", "source")
    list_filter = ("purpose", "channel", "status", "source", "rule_pack")


@admin.register(ConsentState)
class ConsentStateAdmin(ReadOnlyModelAdmin):
    list_display = ("purpose", "channel", "status", "lawful_basis", "occurred_at", "expires_at")
