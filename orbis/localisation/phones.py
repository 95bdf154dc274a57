"""Phone numbers: parsed against the contact's country, stored as E.164, shown with phonenumbers.

A number written without a + prefix is read as a national number of the record's country. When
it is not valid there but would be in one of the organisation's markets, the error says so and
shows the number written with that country's prefix, instead of storing it as a wrong number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from orbis.kernel.errors import ValidationError

from .countries import country_name

# What phonenumbers.number_type answers, as a key for the API and CSS and a label for people.
PHONE_TYPES: dict[int, tuple[str, Promise]] = {
    PhoneNumberType.FIXED_LINE: ("fixed_line", gettext_lazy("landline")),
    PhoneNumberType.MOBILE: ("mobile", gettext_lazy("mobile")),
    PhoneNumberType.FIXED_LINE_OR_MOBILE: (
        "fixed_line_or_mobile",
        gettext_lazy("landline or mobile"),
    ),
    PhoneNumberType.TOLL_FREE: ("toll_free", gettext_lazy("toll-free")),
    PhoneNumberType.PREMIUM_RATE: ("premium_rate", gettext_lazy("premium rate")),
    PhoneNumberType.SHARED_COST: ("shared_cost", gettext_lazy("shared cost")),
    PhoneNumberType.VOIP: ("voip", gettext_lazy("VoIP")),
    PhoneNumberType.PERSONAL_NUMBER: ("personal_number", gettext_lazy("personal number")),
    PhoneNumberType.PAGER: ("pager", gettext_lazy("pager")),
    PhoneNumberType.UAN: ("uan", gettext_lazy("company number")),
    PhoneNumberType.VOICEMAIL: ("voicemail", gettext_lazy("voicemail")),
    PhoneNumberType.UNKNOWN: ("unknown", gettext_lazy("unknown type")),
}
_TYPE_LABELS = dict(PHONE_TYPES.values())
MAX_SUGGESTIONS = 3


def _country(code: str) -> str:
    language = (translation.get_language() or "en").replace("-", "_")
    return country_name(code, language)


def _market_countries() -> list[str]:
    """The organisation's markets, the countries a mistyped foreign number most likely is from."""
    from .models import Market  # models import this module's neighbours; keep import-time light

    return sorted(Market.objects.values_list("country", flat=True))


def _foreign_readings(text: str, home: str) -> list[phonenumbers.PhoneNumber]:
    """The number read as a national number of each market other than `home` where it is valid."""
    found = []
    for region in _market_countries():
        if region == home:
            continue
        try:
            number = phonenumbers.parse(text, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, region):
            found.append(number)
    return found


def normalise_phone(raw: str, country: str | None, field: str = "phone") -> str:
    """Return `raw` as E.164, read as a national number of `country` unless it has a + prefix."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError({field: _("A phone number is required.")})
    home = (country or "").upper()
    try:
        number = phonenumbers.parse(text, home or None)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE and not home:
            message = _("%(value)s has no country prefix: write it as +<country code> <number>.")
            raise ValidationError({field: message % {"value": text}}) from None
        raise ValidationError(
            {field: _("%(value)s is not a phone number.") % {"value": text}}
        ) from None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    prefixed = number.country_code_source in (
        phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_IDD,
    )
    if prefixed or not home:
        raise ValidationError(
            {field: _("%(value)s is not a valid phone number.") % {"value": text}}
        )
    readings = _foreign_readings(text, home)
    if readings:
        examples = ", ".join(
            _("%(number)s for %(country)s")
            % {
                "number": phonenumbers.format_number(n, PhoneNumberFormat.INTERNATIONAL),
                "country": _country(phonenumbers.region_code_for_number(n) or ""),
            }
            for n in readings[:MAX_SUGGESTIONS]
        )
        message = _(
            "%(value)s is not a phone number of %(home)s. A number from another country needs "
            "its country prefix: write it with a +, e.g. %(examples)s."
        )
        raise ValidationError(
            {field: message % {"value": text, "home": _country(home), "examples": examples}}
        )
    message = _(
        "%(value)s is not a valid phone number of %(home)s. If it is from another country, "
        "write it with its + country prefix."
    )
    raise ValidationError({field: message % {"value": text, "home": _country(home)}})


def format_phone(e164: str, international: bool = True) -> str:
    number = phonenumbers.parse(e164, None)
    style = PhoneNumberFormat.INTERNATIONAL if international else PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style)


def phone_digits(e164: str) -> str:
    """Digits only, for search: '+4930123456' -> '4930123456'."""
    return "".join(ch for ch in e164 if ch.isdigit())


@dataclass(frozen=True)
class PhoneDescription:
    """A stored number as a viewer sees it: both formats, its type and a tel: link."""

    e164: str
    international: str
    national: str
    region: str  # ISO 3166 country the number belongs to ("001" numbers have none: "")
    type: str  # "mobile", "fixed_line", "toll_free"... (see PHONE_TYPES)
    type_label: str
    tel_uri: str  # RFC 3966: tel:+49-30-1234567
    show_national: bool  # the number is from the record's own country: locals dial it so


@lru_cache(maxsize=4096)
def _describe(e164: str, home: str) -> PhoneDescription | None:
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number) or ""
    key, _label = PHONE_TYPES.get(
        phonenumbers.number_type(number), PHONE_TYPES[PhoneNumberType.UNKNOWN]
    )
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return PhoneDescription(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        international=international,
        national=national,
        region=region if region != "001" else "",
        type=key,
        type_label="",
        tel_uri=phonenumbers.format_number(number, PhoneNumberFormat.RFC3966),
        show_national=bool(home) and region == home and national != international,
    )


def describe_phone(e164: str, home_country: str = "") -> PhoneDescription | None:
    """How to show a stored number; None when it no longer parses. The type label is in the
    active language, so the cache holds only what does not depend on it."""
    found = _describe(e164 or "", (home_country or "").upper())
    if found is None:
        return None
    label = _TYPE_LABELS[found.type]
    return PhoneDescription(**{**found.__dict__, "type_label": str(label)})


def phone_type(e164: str) -> str:
    """phonenumbers' type of a stored number as a key: mobile, fixed_line, toll_free, voip..."""
    found = _describe(e164 or "", "")
    return found.type if found else "unknown"
