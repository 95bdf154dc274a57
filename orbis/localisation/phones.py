"""Phone numbers: parsed against the contact's country and stored as E.164 (phonenumbers)."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from orbis.kernel.errors import ValidationError


def normalise_phone(raw: str, country: str | None, field: str = "phone") -> str:
    """Return `raw` as E.164, read as a national number of `country` unless it has a + prefix."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError({field: "A phone number is required."})
    try:
        number = phonenumbers.parse(text, (country or "").upper() or None)
    except NumberParseException as exc:
        raise ValidationError({field: f"Not a phone number: {exc._msg}"}) from None
    if not phonenumbers.is_valid_number(number):
        where = f" for {country}" if country and not text.startswith("+") else ""
        raise ValidationError({field: f"{text!r} is not a valid phone number{where}."})
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def format_phone(e164: str, international: bool = True) -> str:
    number = phonenumbers.parse(e164, None)
    style = PhoneNumberFormat.INTERNATIONAL if international else PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style)


def phone_digits(e164: str) -> str:
    """Digits only, for search: '+4930123456' -> '4930123456'."""
    return "".join(ch for ch in e164 if ch.isdigit())
