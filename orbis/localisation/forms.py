"""The market form: every setting of a market, pre-filled from the libraries for a new one."""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.numbers import get_currency_name
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orbis.kernel.money import known_currencies
from orbis.kernel.web.forms import StyledForm

from .countries import country_codes, country_name
from .markets import MarketDefaults, holiday_subdivisions, market_defaults
from .models import Market, Region

# The legal entity's address fields in the form, each with the address key it fills.
ADDRESS_FORM_FIELDS = {
    "address_street": "street_address",
    "address_postal_code": "postal_code",
    "address_city": "city",
    "address_city_area": "city_area",
    "address_country_area": "country_area",
    "address_country": "country",
}


def viewer_locale() -> Locale:
    try:
        return Locale.parse((translation.get_language() or "en").replace("-", "_"))
    except (ValueError, LookupError):
        return Locale("en")


def country_choices() -> list[tuple[str, str]]:
    locale = viewer_locale()
    names = [(code, country_name(code, str(locale))) for code in country_codes()]
    return sorted(names, key=lambda item: item[1].casefold())


def weekday_choices() -> list[tuple[int, str]]:
    days = viewer_locale().days["format"]["wide"]  # 0 = Monday, as CLDR numbers them
    return [(iso, days[iso - 1]) for iso in range(1, 8)]


def currency_choices() -> list[tuple[str, str]]:
    locale = viewer_locale()
    return [
        (code, f"{code} · {get_currency_name(code, locale=locale)}")
        for code in sorted(known_currencies())
    ]


class MarketForm(StyledForm):
    """A market's settings; the service validates them again and names the field at fault."""

    country = forms.ChoiceField(label=_("Country"))
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Data region"))
    default_currency = forms.ChoiceField(label=_("Default currency"))
    languages = forms.CharField(
        label=_("Languages"),
        help_text=_("BCP 47 tags separated by commas, the main one first, e.g. “de, en”."),
    )
    default_language = forms.CharField(label=_("Default language"), max_length=16)
    time_zone = forms.ChoiceField(label=_("Main time zone"))
    time_zones = forms.MultipleChoiceField(
        label=_("Time zones"), widget=forms.CheckboxSelectMultiple
    )
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    business_hours_start = forms.TimeField(
        label=_("Business hours from"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    business_hours_end = forms.TimeField(
        label=_("to"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    holiday_subdivision = forms.ChoiceField(label=_("Public holidays of"), required=False)
    formal_address = forms.BooleanField(label=_("Greet customers formally"), required=False)
    legal_entity_name = forms.CharField(label=_("Legal entity"), max_length=200, required=False)
    address_street = forms.CharField(
        label=_("Street address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    address_postal_code = forms.CharField(label=_("Postal code"), required=False)
    address_city = forms.CharField(label=_("City"), required=False)
    address_city_area = forms.CharField(label=_("District"), required=False)
    address_country_area = forms.CharField(label=_("State or province"), required=False)
    address_country = forms.ChoiceField(label=_("Country of the address"), required=False)

    def __init__(self, *args: Any, market: Market | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.market = market
        countries = country_choices()
        self._choices("country").choices = [("", "—"), *countries]
        self._choices("address_country").choices = [("", "—"), *countries]
        self._choices("default_currency").choices = currency_choices()
        self._choices("working_days").choices = weekday_choices()
        if market is not None:
            self.fields["country"].disabled = True
        self._fit_to_country(self._chosen_country())

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def _chosen_country(self) -> str:
        if self.market is not None:
            return self.market.country
        raw = self.data.get("country") if self.is_bound else self.initial.get("country")
        code = str(raw or "").strip().upper()
        return code if code in country_codes() else ""

    def _fit_to_country(self, country: str) -> None:
        """Time zone and holiday choices are the chosen country's own."""
        zones = market_defaults(country).time_zones if country else []
        current = list(self.initial.get("time_zones") or [])
        zone_list = zones + [zone for zone in current if zone not in zones]
        self._choices("time_zones").choices = [(z, z.replace("_", " ")) for z in zone_list]
        main_choices = [(z, z.replace("_", " ")) for z in zone_list]
        self._choices("time_zone").choices = [("", _("Choose the main time zone…")), *main_choices]
        subdivisions = holiday_subdivisions(country) if country else {}
        self._choices("holiday_subdivision").choices = [
            ("", _("The whole country")),
            *[(code, f"{code} · {name}") for code, name in subdivisions.items()],
        ]

    def clean_languages(self) -> list[str]:
        text = self.cleaned_data["languages"]
        return [tag.strip() for tag in text.replace(";", ",").split(",") if tag.strip()]

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as create_market/update_market take it."""
        data = self.cleaned_data
        address = {key: data.get(name) or "" for name, key in ADDRESS_FORM_FIELDS.items()}
        has_address = any(value for key, value in address.items() if key != "country")
        if has_address and not address["country"]:
            address["country"] = self._chosen_country()
        return {
            "region": data["region"],
            "default_currency": data["default_currency"],
            "default_language": data["default_language"],
            "languages": data["languages"],
            "time_zone": data["time_zone"],
            "time_zones": data["time_zones"],
            "working_days": data["working_days"],
            "business_hours_start": data["business_hours_start"],
            "business_hours_end": data["business_hours_end"],
            "holiday_subdivision": data["holiday_subdivision"],
            "formal_address": data["formal_address"],
            "legal_entity_name": data["legal_entity_name"],
            "legal_entity_address": address if has_address else {},
        }

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Put each service error on the form field it names."""
        by_address_key = {key: name for name, key in ADDRESS_FORM_FIELDS.items()}
        for field, messages in errors.items():
            name = field
            if field.startswith("legal_entity_address."):
                name = by_address_key.get(field.split(".", 1)[1], "address_street")
            elif field == "legal_entity_address":
                name = "address_street"
            self.add_error(name if name in self.fields else None, messages)


def initial_from_defaults(defaults: MarketDefaults, region: Region | None = None) -> dict[str, Any]:
    """The add form's initial values: the libraries' defaults for the chosen country."""
    return {
        "country": defaults.country,
        "region": region,
        "default_currency": defaults.currency,
        "languages": ", ".join(defaults.languages),
        "default_language": (defaults.languages[:1] or ["en"])[0],
        "time_zone": defaults.time_zone or "",
        "time_zones": defaults.time_zones,
        "working_days": defaults.working_days,
        "business_hours_start": defaults.business_hours_start,
        "business_hours_end": defaults.business_hours_end,
        "holiday_subdivision": "",
        "formal_address": True,
        "address_country": defaults.country,
    }


def initial_from_market(market: Market) -> dict[str, Any]:
    address = market.legal_entity_address or {}
    initial = {
        "country": market.country,
        "region": market.region,
        "default_currency": market.default_currency,
        "languages": ", ".join(market.languages),
        "default_language": market.default_language,
        "time_zone": market.time_zone,
        "time_zones": market.time_zones,
        "working_days": market.working_days,
        "business_hours_start": market.business_hours_start,
        "business_hours_end": market.business_hours_end,
        "holiday_subdivision": market.holiday_subdivision,
        "formal_address": market.formal_address,
        "legal_entity_name": market.legal_entity_name,
    }
    for name, key in ADDRESS_FORM_FIELDS.items():
        initial[name] = address.get(key, "")
    initial["address_country"] = address.get("country") or market.country
    return initial
