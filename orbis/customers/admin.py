from django.contrib import admin

from .models import Company, Contact, ContactPoint, CustomFieldDefinition, Employment, Tag


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    autocomplete_fields = ("company",)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """Back-office view; everyday edits go through the UI and API, which use the services."""

    list_display = ("sort_name", "country", "region", "lifecycle_stage", "owner", "archived_at")
    list_filter = ("region", "lifecycle_stage", "country")
    search_fields = ("sort_name",)
    show_full_result_count = False
    readonly_fields = ("sort_name", "search_document")
    inlines = (ContactPointInline, EmploymentInline)
    raw_id_fields = ("owner",)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "region", "lifecycle_stage", "archived_at")
    list_filter = ("region", "lifecycle_stage")
    search_fields = ("sort_name", "name")
    show_full_result_count = False
    readonly_fields = ("sort_name", "search_document")
    raw_id_fields = ("owner",)


@admin.register(CustomFieldDefinition)
class CustomFieldDefinitionAdmin(admin.ModelAdmin):
    list_display = ("entity", "key", "label", "field_type", "required")


admin.site.register(Tag)
