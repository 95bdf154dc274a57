"""Template filters that show the privacy codes (rule packs, consent models, purposes,
channels, periods, countries) as words in the viewer's language.

`{% load privacy_labels %}` then `{{ request.jurisdiction|pack_name }}`; an unknown code is
shown as it is rather than hidden, so a missing label is seen (and a test fails on it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from orbis.localisation.countries import country_name
from orbis.privacy import jurisdictions
from orbis.privacy.models import Channel, Purpose

register = template.Library()

# ConsentEvent.recorded_by_label of a decision the person made themselves (a link they used).
PERSON_LABEL = "contact"


def _language() -> str:
    return (translation.get_language() or "en").replace("-", "_")


@register.filter
def pack_name(code: str) -> str:
    return jurisdictions.pack_name(code) if code else ""


@register.filter
def consent_model(code: str) -> str:
    return jurisdictions.model_label(code)


@register.filter
def purpose_label(code: str) -> str:
    return str(Purpose(code).label) if code in Purpose.values else code


@register.filter
def channel_label(code: str) -> str:
    return str(Channel(code).label) if code in Channel.values else code


@register.filter
def period(value: jurisdictions.Period | None) -> str:
    return jurisdictions.period_label(value) if value is not None else ""


@register.filter
def pack_mechanisms(codes: Iterable[str]) -> str:
    return ", ".join(jurisdictions.transfer_mechanism_label(code) for code in codes)


@register.filter
def implied_basis(code: str) -> str:
    return jurisdictions.implied_label(code)


@register.filter
def country_names(codes: Iterable[str]) -> str:
    """["DE", "FR"] -> "Deutschland, Frankreich" (CLDR names via Babel)."""
    language = _language()
    return ", ".join(country_name(code, language) for code in codes or ())


@register.filter
def subdivision_names(pack: jurisdictions.RulePack) -> str:
    """The states or provinces a pack is limited to, named in the viewer's language."""
    country = pack.countries[0] if pack.countries else ""
    return ", ".join(
        jurisdictions.subdivision_name(country, code, _language()) for code in pack.subdivisions
    )


@register.filter
def recorded_by(event: Any) -> str:
    """Who recorded a consent event: the officer's username, or the person themselves."""
    label = getattr(event, "recorded_by_label", "")
    return _("The person") if label == PERSON_LABEL else label
