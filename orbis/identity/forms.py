"""Sign-in and preference forms."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_currency_name
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orbis.kernel.money import known_currencies
from orbis.kernel.web.forms import StyledFormMixin
from orbis.localisation.countries import time_zones


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(time_zones())]


class LoginForm(StyledFormMixin, AuthenticationForm):
    """Django's sign-in form with Orbis styling."""


def currency_choices() -> list[tuple[str, str]]:
    """Every ISO 4217 currency Babel knows, named in the viewer's language: 'EUR · Euro'."""
    language = translation.to_locale(translation.get_language() or "en")
    return [
        (code, f"{code} · {get_currency_name(code, locale=language)}")
        for code in sorted(known_currencies())
    ]


def language_choices() -> list[tuple[str, Any]]:
    """No preference (follow the browser), then the ten UI languages, each in its own name."""
    return [("", _("As my browser asks")), *settings.LANGUAGES]


class PreferencesForm(StyledFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    reporting_currency = forms.ChoiceField(
        label=_("Reporting currency"),
        choices=currency_choices,
        help_text=_("Amounts in other currencies are also shown converted into this one."),
        required=False,  # left out: unchanged
    )

    def clean_reporting_currency(self) -> str | None:
        return self.cleaned_data.get("reporting_currency") or None


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
