"""Template helpers that show phones, addresses, countries and stages as the viewer reads them,
and keep every value from the data apart from the text around it (bidi isolation)."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from orbis.localisation import identifiers
from orbis.localisation.addresses import ShownAddress, format_address
from orbis.localisation.addresses import shown_address as _shown_address
from orbis.localisation.countries import country_name as _country_name
from orbis.localisation.phones import PhoneDescription, describe_phone, format_phone

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
def bdi(value: Any) -> SafeString | str:
    """`{{ company.name|bdi }}`: a value from the data, escaped, in its own `<bdi>`.

    The browser then takes its direction from its own first strong letter and keeps it apart
    from the text around it: in an Arabic page "347 Angela Loaf" stays in that order and
    "S.L." keeps its full stop at the end. Nothing for an empty value, so `|default` still works
    before it: `{{ company.industry|default:"—"|bdi }}`.
    """
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


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
def tel_uri(value: str) -> str:
    """+4930123456 -> 'tel:+49-30-123456' (RFC 3966, as phonenumbers writes it)."""
    found = describe_phone(value) if value else None
    return found.tel_uri if found else f"tel:{value}"


@register.simple_tag
def phone_info(value: str, home_country: str = "") -> PhoneDescription | None:
    """`{% phone_info point.value contact.country as info %}`: both formats, type, tel: link."""
    return describe_phone(value, home_country) if value else None


@register.simple_tag
def shown_address(address: dict[str, str] | None) -> ShownAddress:
    """`{% shown_address address as shown %}`: native for a viewer who reads its script, else
    the Latin form first with the native one beside."""
    if not address:
        return ShownAddress([])
    return _shown_address(address, translation.get_language() or "en")


@register.simple_tag
def vat_number(company: Any) -> identifiers.Identifier | None:
    """`{% vat_number company as vat %}`: the stored VAT number formatted, with its type."""
    return identifiers.describe_vat_number(company.vat_number, company.country)


@register.simple_tag
def tax_id(company: Any) -> identifiers.Identifier | None:
    """`{% tax_id company as tax %}`: the stored tax number formatted, with the type it matched."""
    return identifiers.describe_tax_id(company.tax_id, company.country)


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


@register.filter
def number(value: Any) -> str:
    """A count or amount in the viewer's CLDR number style: 412,000 / 412.000 (de)."""
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=translation.to_locale(translation.get_language() or "en"))


@register.filter
def get_list(params: Any, key: str) -> list[str]:
    """All values of `key` in a QueryDict (request.GET), e.g. the chosen columns."""
    return params.getlist(key) if hasattr(params, "getlist") else []
