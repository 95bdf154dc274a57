"""Turn raw input (from a form, the API or an importer) into clean values, or say what is wrong.

Every problem is collected and reported at once, each under the name of its field
(`emails.1.value`, `addresses.0.postal_code`, `custom_fields.tier`), before anything is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.text import slugify

from orbis.kernel import text as kernel_text
from orbis.kernel.errors import ValidationError
from orbis.localisation.addresses import normalise_address
from orbis.localisation.countries import validate_country, validate_language, validate_time_zone
from orbis.localisation.phones import normalise_phone

from .models import Honorific, LifecycleStage, Source

MAX_POINTS = 20
MAX_TAGS = 50
MAX_ADDRESSES = 10


class Collector:
    """Gathers field errors so one response can name every bad field."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def run(self, field: str, check: Callable[[], Any]) -> Any:
        try:
            return check()
        except ValidationError as exc:
            for name, messages in exc.errors.items():
                key = field if name in {field, "value", "_"} else name
                self.errors.setdefault(key, []).extend(messages)
            return None

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def text(value: Any, field: str, max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({field: "Expected text."})
    return kernel_text.clean(value, field, max_length)


def birth_date(value: Any, field: str) -> datetime.date | None:
    """A date in the past, as YYYY-MM-DD (or a date); empty means unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError({field: "Expected a date as YYYY-MM-DD."}) from None
    if value > timezone.localdate() or value.year < 1900:
        raise ValidationError({field: "Expected a date between 1900 and today."})
    return value


def choice(
    value: Any, field: str, choices: type[LifecycleStage] | type[Source] | type[Honorific]
) -> str:
    if value not in choices.values:
        shown = ", ".join(repr(v) if v == "" else v for v in choices.values)
        raise ValidationError({field: f"Expected one of: {shown}."})
    return str(value)


def email(value: Any, field: str) -> str:
    address = text(value, field, 254).lower()
    try:
        EmailValidator()(address)
    except DjangoValidationError:
        raise ValidationError({field: f"{value!r} is not a valid email address."}) from None
    return address


def url(value: Any, field: str) -> str:
    link = text(value, field, 200)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except DjangoValidationError:
            raise ValidationError({field: f"{value!r} is not a valid web address."}) from None
    return link


def contact_points(
    items: Any, field: str, kind: str, country: str | None, errors: Collector
) -> list[dict[str, Any]]:
    """Clean a list of {value, label, primary}; exactly one ends up primary."""
    if not isinstance(items, list):
        errors.add(field, "Expected a list.")
        return []
    if len(items) > MAX_POINTS:
        errors.add(field, f"At most {MAX_POINTS} entries.")
        return []
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        prefix = f"{field}.{index}"
        if isinstance(item, str):
            item = {"value": item}
        if not isinstance(item, dict):
            errors.add(prefix, "Expected an object with a value.")
            continue
        unknown = set(item) - {"value", "label", "primary"}
        for name in sorted(unknown):
            errors.add(f"{prefix}.{name}", "Unknown field.")
        if kind == "email":
            value = errors.run(
                f"{prefix}.value", partial(email, item.get("value"), f"{prefix}.value")
            )
        else:
            value = errors.run(
                f"{prefix}.value",
                partial(normalise_phone, str(item.get("value") or ""), country, f"{prefix}.value"),
            )
        label = errors.run(
            f"{prefix}.label", partial(text, item.get("label") or "work", f"{prefix}.label", 20)
        )
        if value is None or label is None:
            continue
        if value in seen:
            errors.add(f"{prefix}.value", "Listed twice.")
            continue
        seen.add(value)
        cleaned.append({"value": value, "label": label, "primary": bool(item.get("primary"))})
    if cleaned and sum(p["primary"] for p in cleaned) != 1:
        for position, point in enumerate(cleaned):
            point["primary"] = position == 0
    return cleaned


def addresses(items: Any, default_country: str | None, errors: Collector) -> list[dict[str, str]]:
    if not isinstance(items, list):
        errors.add("addresses", "Expected a list.")
        return []
    if len(items) > MAX_ADDRESSES:
        errors.add("addresses", f"At most {MAX_ADDRESSES} addresses.")
        return []
    cleaned = []
    for index, item in enumerate(items):
        field = f"addresses.{index}"
        if not isinstance(item, dict):
            errors.add(field, "Expected an object.")
            continue
        data = dict(item)
        kind = data.pop("kind", "work") or "work"
        data.setdefault("country", default_country or "")
        address = errors.run(field, partial(normalise_address, data, field))
        if address is not None:
            address["kind"] = str(kind)[:20]
            cleaned.append(address)
    return cleaned


def tags(items: Any, errors: Collector) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        errors.add("tags", "Expected a list of tag names.")
        return []
    names = []
    for index, raw in enumerate(items):
        name = slugify(raw, allow_unicode=True)[:50]
        if not name:
            errors.add(f"tags.{index}", f"{raw!r} is not a usable tag name.")
        elif name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        errors.add("tags", f"At most {MAX_TAGS} tags.")
    return names


def locale_fields(data: dict[str, Any], errors: Collector) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    if "country" in data:
        cleaned["country"] = errors.run("country", lambda: validate_country(data["country"])) or ""
    for name in ("language", "locale"):
        if name in data:
            value = data[name]
            cleaned[name] = (
                (errors.run(name, partial(validate_language, value, name)) or "") if value else ""
            )
    if "time_zone" in data:
        value = data["time_zone"]
        cleaned["time_zone"] = (
            (errors.run("time_zone", lambda: validate_time_zone(value)) or "") if value else ""
        )
    return cleaned


def refuse_unknown(data: dict[str, Any], allowed: AbstractSet[str], errors: Collector) -> None:
    for name in sorted(set(data) - allowed):
        errors.add(name, "Unknown field.")
