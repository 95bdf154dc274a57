"""The deal forms: pickers for pipeline, market and currency, never code fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.forms import StyledForm
from orbis.localisation.countries import country_name
from orbis.localisation.models import Market

from .models import Pipeline


def _currency_choices() -> list[tuple[str, str]]:
    from babel.numbers import get_currency_name

    language = translation.get_language() or "en"
    codes = sorted(set(Market.objects.values_list("default_currency", flat=True)) | {"EUR", "USD"})
    return [(c, f"{get_currency_name(c, locale=language.replace('-', '_'))} ({c})") for c in codes]


class DealForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    pipeline = forms.ChoiceField(label=_("Pipeline"))
    market = forms.ChoiceField(label=_("Market"))
    amount = forms.CharField(label=_("Amount"), max_length=30)
    currency = forms.ChoiceField(label=_("Currency"))
    close_date = forms.DateField(
        label=_("Expected close date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    next_step = forms.CharField(label=_("Next step"), max_length=255, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = translation.get_language() or "en"
        markets = Market.objects.values_list("country", flat=True)
        choices = {
            "pipeline": [(str(p.pk), p.name) for p in Pipeline.objects.visible_to(user).active()],
            "market": sorted(
                ((m, country_name(m, language)) for m in markets),
                key=lambda pair: pair[1].casefold(),
            ),
            "currency": _currency_choices(),
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options


class MoveForm(forms.Form):
    stage = forms.UUIDField()
    version = forms.CharField(required=False)
    reason = forms.CharField(required=False, max_length=255)


class QuoteForm(StyledForm):
    """A new quote of a deal: for whom, in which language, until when."""

    contact = forms.ChoiceField(label=_("For"), required=False)
    language = forms.ChoiceField(label=_("Language"))
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    terms = forms.CharField(
        label=_("Terms"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, deal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = deal.contact_roles.select_related("contact").order_by("role", "id")
        people = [(str(r.contact.pk), r.contact.display_name) for r in roles]
        cast(forms.ChoiceField, self.fields["contact"]).choices = people
        languages = [(code, str(name)) for code, name in settings.LANGUAGES]
        cast(forms.ChoiceField, self.fields["language"]).choices = languages
