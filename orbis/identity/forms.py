"""Sign-in and preference forms, and the styling every Orbis form shares."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_currency_name
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orbis.kernel.money import known_currencies
from orbis.localisation.countries import time_zones


class StyledFormMixin:
    """Gives widgets Bootstrap's classes, and marks fields with errors as invalid."""

    def _style_widgets(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            errors = self._errors  # type: ignore[attr-defined]  # never validate from here
            if errors and name in errors:
                css += " is-invalid"
            widget.attrs["class"] = css

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if field and field in self.fields:  # type: ignore[attr-defined]
            classes = self.fields[field].widget.attrs.get("class", "")  # type: ignore[attr-defined]
            if "is-invalid" not in classes:
                self.fields[field].widget.attrs["class"] = f"{classes} is-invalid".strip()  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._style_widgets()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


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
