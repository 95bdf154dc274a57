"""Validation of custom field values against their definitions (one JSON column per entity)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, URLValidator

from orbis.kernel.crypto import TOKEN_PREFIX
from orbis.kernel.errors import ValidationError

from .models import CustomFieldDefinition

FieldType = CustomFieldDefinition.FieldType


def definitions_for(entity: str) -> dict[str, CustomFieldDefinition]:
    return {d.key: d for d in CustomFieldDefinition.objects.filter(entity=entity)}


def _coerce(definition: CustomFieldDefinition, value: Any) -> Any:
    kind = definition.field_type
    if kind == FieldType.TEXT:
        text = str(value)
        if len(text) > definition.max_length:
            raise ValueError(f"At most {definition.max_length} characters.")
        if text.startswith(TOKEN_PREFIX):
            # Stored beside sealed values in one JSON object, it would read back as one.
            raise ValueError(f"Text may not start with {TOKEN_PREFIX!r}.")
        return text
    if kind == FieldType.NUMBER:
        if isinstance(value, bool):
            raise ValueError("Expected a number.")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError("Expected a number.") from None
        if not number.is_finite():
            raise ValueError("Expected a finite number.")
        return str(number)
    if kind == FieldType.INTEGER:
        if isinstance(value, bool) or not str(value).lstrip("-").isdigit():
            raise ValueError("Expected a whole number.")
        return int(value)
    if kind == FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        if str(value).lower() in {"true", "1", "yes", "on"}:
            return True
        if str(value).lower() in {"false", "0", "no", "off"}:
            return False
        raise ValueError("Expected true or false.")
    if kind == FieldType.DATE:
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError("Expected a date as YYYY-MM-DD.") from None
    if kind == FieldType.CHOICE:
        if value not in definition.choices:
            raise ValueError(f"Expected one of: {', '.join(map(str, definition.choices))}.")
        return value
    if kind == FieldType.EMAIL:
        try:
            EmailValidator()(str(value))
        except DjangoValidationError:
            raise ValueError("Not a valid email address.") from None
        return str(value).lower()
    if kind == FieldType.URL:
        try:
            URLValidator()(str(value))
        except DjangoValidationError:
            raise ValueError("Not a valid web address.") from None
        return str(value)
    raise ValueError(f"Unsupported field type {kind!r}.")


def clean_custom_fields(
    entity: str, values: Any, current: dict[str, Any] | None = None, *, partial: bool = False
) -> dict[str, Any]:
    """Merge `values` into `current`, validating each against its definition.

    Unknown keys are refused; a null value removes the field; required fields must end up set.
    """
    if not isinstance(values, dict):
        raise ValidationError({"custom_fields": "Expected an object of field names to values."})
    definitions = definitions_for(entity)
    result = dict(current or {}) if partial else {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        definition = definitions.get(key)
        if definition is None:
            errors[f"custom_fields.{key}"] = "Unknown custom field."
            continue
        if value is None or value == "":
            result.pop(key, None)
            continue
        try:
            result[key] = _coerce(definition, value)
        except ValueError as exc:
            errors[f"custom_fields.{key}"] = str(exc)
    for key, definition in definitions.items():
        if definition.required and key not in result and f"custom_fields.{key}" not in errors:
            errors[f"custom_fields.{key}"] = "This field is required."
    if errors:
        raise ValidationError(errors)
    return result
