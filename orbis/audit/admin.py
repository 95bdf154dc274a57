from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):
    """Back-office edits bypass the services, so they are audited here instead."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from .context import Actor
        from .services import record

        super().save_model(request, obj, form, change)
        record(
            f"admin.{obj._meta.model_name}_{'changed' if change else 'added'}",
            obj,
            changes={"fields": sorted(form.changed_data)},
            actor=Actor(id=str(request.user.pk), label=request.user.get_username()),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        from .context import Actor
        from .services import record

        record(
            f"admin.{obj._meta.model_name}_deleted",
            obj,
            actor=Actor(id=str(request.user.pk), label=request.user.get_username()),
        )
        super().delete_model(request, obj)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """For records whose every write must go through a service (validation, audit, events)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    """The audit trail is appended by services and never edited by hand."""

    list_display = ("seq", "occurred_at", "actor_label", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_id", "request_id")
