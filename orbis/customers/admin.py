from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from orbis.audit.admin import AuditedModelAdmin, ReadOnlyModelAdmin
from orbis.identity.models import User

from .models import Company, Contact, ContactPoint, CustomFieldDefinition, Employment, Tag
from .services import reseal_custom_field_values


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EmploymentInline(ContactPointInline):
    model = Employment  # type: ignore[assignment]


@admin.register(Contact)
class ContactAdmin(ReadOnlyModelAdmin):
    """Back-office view only: edits go through the UI and API, which validate and audit."""

    list_display = ("sort_name", "country", "region", "lifecycle_stage", "owner", "archived_at")
    list_filter = ("region", "lifecycle_stage", "country")
    search_fields = ("sort_name",)
    show_full_result_count = False
    readonly_fields = ("sort_name", "search_document")
    inlines = (ContactPointInline, EmploymentInline)
    raw_id_fields = ("owner",)


@admin.register(Company)
class CompanyAdmin(ReadOnlyModelAdmin):
    list_display = ("name", "country", "region", "lifecycle_stage", "archived_at")
    list_filter = ("region", "lifecycle_stage")
    search_fields = ("sort_name", "name")
    show_full_result_count = False
    readonly_fields = ("sort_name", "search_document")
    raw_id_fields = ("owner",)


@admin.register(CustomFieldDefinition)
class CustomFieldDefinitionAdmin(AuditedModelAdmin):
    list_display = ("entity", "key", "label", "field_type", "required", "sensitive")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "sensitive" in form.changed_data:
            # Values already stored follow the flag: sealed when it is set, plain when cleared.
            reseal_custom_field_values(obj, actor=cast(User, request.user))  # admin: staff only


admin.site.register(Tag, AuditedModelAdmin)
