"""Template helpers that show phones, addresses, countries and stages as the viewer reads them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from orbis.localisation.addresses import format_address
from orbis.localisation.countries import country_name as _country_name
from orbis.localisation.phones import format_phone

register = template.Library()

# Bootstrap colour per lifecycle stage: cold stages grey and blue, warm green, advocates amber.
_STAGE_CLASSES = {
    "subscriber": "text-bg-light border",
    "lead": "text-bg-info",
    "mql": "text-bg-primary",
    "sql": "text-bg-primary",
    "opportunity": "text-bg-warning",
    "customer": "text-bg-success",
    "evangelist": "text-bg-dark",
    "other": "text-bg-secondary",
}


@register.filter
def phone(value: str) -> str:
    """+81312345678 -> '+81 3-1234-5678'; anything unparsable is shown as stored."""
    if not value:
        return ""
    try:
        return format_phone(value)
    except Exception:  # a stored value that no longer parses must not break the page
        return value


@register.filter
def address_lines(address: dict[str, str] | None) -> list[str]:
    """The address as its country writes it, as a list of lines."""
    if not address:
        return []
    return [line for line in format_address(address).split("\n") if line.strip()]


@register.filter
def latin_address_lines(address: dict[str, str] | None) -> list[str]:
    if not address:
        return []
    return [line for line in format_address(address, latin=True).split("\n") if line.strip()]


@register.filter
def country_name(code: str) -> str:
    """The country's name in the viewer's language (CLDR via Babel)."""
    if not code:
        return ""
    language = (translation.get_language() or "en").replace("-", "_")
    return _country_name(code, language)


@register.filter
def stage_class(stage: str) -> str:
    return _STAGE_CLASSES.get(stage, "text-bg-secondary")


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)
