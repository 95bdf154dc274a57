from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from orbis.audit.admin import AuditedModelAdmin
from orbis.identity.models import User

from .models import CustomFieldDefinition, Tag
from .services import reseal_custom_field_values

# Contacts and companies are not in the admin: their pages in Orbis show them region-scoped and
# record every read of personal data, which the admin would do neither of (issue 12).


@admin.register(CustomFieldDefinition)
class CustomFieldDefinitionAdmin(AuditedModelAdmin):
    list_display = ("entity", "key", "label", "field_type", "required", "sensitive")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "sensitive" in form.changed_data:
            # Values already stored follow the flag: sealed when it is set, plain when cleared.
            reseal_custom_field_values(obj, actor=cast(User, request.user))  # admin: staff only


admin.site.register(Tag, AuditedModelAdmin)
