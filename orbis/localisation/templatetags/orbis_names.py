"""Template helpers that show and greet a person as the viewer should see them (through names)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from orbis.localisation import names

register = template.Library()


@register.simple_tag
def shown_name(person: Any) -> names.ShownName:
    """`{% shown_name contact as shown %}`: shown.text, shown.alternate, shown.is_latin."""
    return names.shown_name(names.PersonName.of(person), translation.get_language() or "en")


@register.filter
def viewer_name(person: Any) -> str:
    """`{{ contact|viewer_name }}`: the one form of the name this viewer reads."""
    return shown_name(person).text


@register.simple_tag
def greetings(person: Any) -> names.Greetings:
    """`{% greetings contact as salutation %}`: formal, informal, formal_by_default, language."""
    return names.greetings(names.PersonName.of(person))
