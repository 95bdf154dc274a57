"""Template filters for the governance pages' codes: `{% load governance_labels %}`."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from orbis.privacy.governance import labels

register = template.Library()


@register.filter
def personal_classes(codes: Iterable[str]) -> str:
    """["contact", "identifying"] -> "Kontakt, Identifizierend"."""
    return ", ".join(labels.personal_class_label(code) for code in codes or ())


@register.filter
def residency_mechanism(code: str) -> str:
    return labels.mechanism_label(code) if code else ""


@register.filter
def read_channel(code: str) -> str:
    return labels.read_channel_label(code)


@register.filter
def market(country: str) -> str:
    """A retention policy's market: the country's name, or "All markets"."""
    return labels.market_label(country)


@register.filter
def record_type(target_type: str) -> str:
    """ "customers.contact" -> the model's verbose name in the viewer's language."""
    return labels.record_type_label(target_type)


@register.filter
def refusal_reason(reason: str) -> str:
    return labels.refusal_reason_label(reason or "")


@register.filter
def retention_action(code: str) -> str:
    return labels.retention_action_label(code)
