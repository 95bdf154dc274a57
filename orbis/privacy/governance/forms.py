"""The breach register's form: what is typed stays on the page with its errors beside it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.forms import StyledForm, StyledFormMixin
from orbis.localisation.models import Region

from .labels import PERSONAL_DATA_CLASSES, market_choices
from .models import Breach, BreachNotification, LawfulBasis, Mechanism, RetentionPolicy


class BreachForm(StyledFormMixin, forms.Form):
    """Record or edit a breach; affected countries are picked from the organisation's markets
    and kept as ISO 3166 codes (the rule packs, and so the deadlines, follow from them)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    discovered_at = forms.DateTimeField(
        label=_("Discovered"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    countries = forms.MultipleChoiceField(label=_("Countries"), widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    data_categories = forms.MultipleChoiceField(
        label=_("Categories of data"),
        choices=PERSONAL_DATA_CLASSES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    approx_subjects = forms.IntegerField(
        label=_("People affected (approx.)"), min_value=0, initial=0, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Breach.Status.choices)
    measures = forms.CharField(label=_("Measures"), required=False)

    def __init__(self, *args: Any, breach: Breach | None = None, **kwargs: Any) -> None:
        if breach is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(breach, name)
                for name in (
                    "title", "discovered_at", "countries", "description", "data_categories",
                    "approx_subjects", "status", "measures",
                )
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        kept = tuple(breach.countries) if breach is not None else ()
        self.fields["countries"].choices = market_choices(keep=kept)  # type: ignore[attr-defined]
        if breach is None:  # a new breach is open; its status is changed on its own page
            del self.fields["status"]

    def _style_widgets(self) -> None:
        super()._style_widgets()
        for field in self.fields.values():  # one checkbox per choice, styled as Bootstrap's
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as record_breach / update_breach take them."""
        data = dict(self.cleaned_data)
        data.setdefault("status", Breach.Status.OPEN)
        return data


class RetentionPolicyForm(StyledForm):
    """A new retention policy: how long one kind of record is kept in a market (or all)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    country = forms.ChoiceField(label=_("Market"), required=False)
    record_type = forms.ChoiceField(label=_("Records"), choices=RetentionPolicy.RecordType.choices)
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=1200)
    action = forms.ChoiceField(label=_("Action"), choices=RetentionPolicy.Action.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        markets = [("", _("All markets")), *market_choices()]
        self.fields["country"].choices = markets  # type: ignore[attr-defined]


class ResidencyPolicyForm(StyledForm):
    """Allow or refuse access from one region's users to data held in another."""

    data_region = forms.ModelChoiceField(
        label=_("Data in"), queryset=Region.objects.order_by("name"), empty_label=None
    )
    user_region = forms.ModelChoiceField(
        label=_("Users in"), queryset=Region.objects.order_by("name"), empty_label=None
    )
    mechanism = forms.ChoiceField(
        label=_("Mechanism"), choices=[("", "—"), *Mechanism.choices], required=False
    )
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)
    allowed = forms.BooleanField(label=_("Allowed"), required=False)


class ProcessingActivityForm(StyledForm):
    """Document one declared purpose; one form per purpose on the page, prefixed by it."""

    name = forms.CharField(label=_("Name"), max_length=150)
    lawful_basis = forms.ChoiceField(label=_("Lawful basis"), choices=LawfulBasis.choices)
    data_subjects = forms.CharField(label=_("Data subjects"), max_length=300)
    recipients = forms.CharField(label=_("Recipients"), max_length=300, required=False)


class NotificationForm(StyledForm):
    """Note that an authority or the affected people were told of a breach."""

    recipient = forms.ChoiceField(
        label=_("Recipient"), choices=BreachNotification.Recipient.choices
    )
    jurisdiction = forms.ChoiceField(label=_("Law"))
    notified_at = forms.DateTimeField(
        label=_("Notified"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)

    def __init__(self, *args: Any, laws: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = laws  # type: ignore[attr-defined]
