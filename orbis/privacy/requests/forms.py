"""Forms of the request queue: opening a request and the step forms on its page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RequestChannel, RequestKind, SuppliedDetail, VerificationMethod


class OpenRequestForm(forms.Form):
    contact = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=RequestKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=RequestChannel.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    supplied = forms.MultipleChoiceField(
        label=_("Supplied by the requester"),
        choices=SuppliedDetail.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # A naive value is read in the viewer's time zone (Django's current time zone).
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
        ),
    )


class MethodForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=VerificationMethod.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that erasure cannot be undone."))
