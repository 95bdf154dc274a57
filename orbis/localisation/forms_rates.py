"""Forms of the exchange-rates page: the converter and the manual rate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.forms import StyledForm


class ConverterForm(StyledForm):
    """Amount, from, to and date: what convert() needs."""

    amount = forms.DecimalField(label=_("Amount"), max_digits=20, decimal_places=6)
    from_currency = forms.CharField(label=_("From"), max_length=3, min_length=3)
    to_currency = forms.CharField(label=_("To"), max_length=3, min_length=3)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    on_or_before = forms.BooleanField(
        label=_("Use the latest rate on or before this date"), required=False
    )

    def clean_from_currency(self) -> str:
        return self.cleaned_data["from_currency"].strip().upper()

    def clean_to_currency(self) -> str:
        return self.cleaned_data["to_currency"].strip().upper()


class ManualRateForm(StyledForm):
    """A rate for a currency the ECB does not publish, with where it came from."""

    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    rate = forms.DecimalField(
        label=_("Units per 1 EUR"), max_digits=20, decimal_places=8, min_value=0
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Where the rate comes from: a central bank, a bank, a contract."),
    )


class RatesAsOfForm(StyledForm):
    """The day a list of rates stands for: today when empty, a past day to see its currencies."""

    on = forms.DateField(
        label=_("Rates as of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
