"""The form that creates an API token on the Preferences page."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.forms import StyledFormMixin

# What each scope lets a token do, in words (tokens.SCOPES holds the codes).
SCOPE_CHOICES = [
    ("read", _("Read: list and view the records you may see")),
    ("write", _("Write: create, change and archive records where you may")),
]


class TokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Nightly export to the data warehouse”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=SCOPE_CHOICES,
        initial=["read"],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )
    expires_on = forms.DateField(
        label=_("Expires"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The token stops working at the end of this day. Leave empty for no expiry."),
    )

    def __init__(self, *args: Any, time_zone: str = "UTC", **kwargs: Any) -> None:
        self.zone = ZoneInfo(time_zone or "UTC")
        super().__init__(*args, **kwargs)

    def clean_expires_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.now().astimezone(self.zone).date():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day in the user's time zone (the next day's first moment)."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time.min, self.zone
        )
