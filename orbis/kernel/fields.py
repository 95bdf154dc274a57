"""Model fields whose values are encrypted at rest and plain in Python (see kernel/crypto.py).

The column holds a token (``enc1$<key id>$...``); the model instance holds the plain value. The
key follows the record's data region: the model answers ``encryption_domain()`` with its region
code. The token's AAD is ``<app>.<model>.<field>``, so a token copied into another column does
not open. Encryption happens in ``pre_save``, which ``save()`` and ``bulk_create()`` both call;
``kernel.bulk.Table`` encrypts its rows itself. A plain value reaching the database any other way
(``QuerySet.update(value="...")``) is refused, and so are lookups by plain value: equal values give
different tokens, so exact matches go through a blind index column (crypto.blind_index).
Rows written before encryption was introduced read back as they are until migrated.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import IsNull, StartsWith

from . import crypto


class PlainValueRefused(FieldError):
    """A plain value was about to be written to, or looked up in, an encrypted column."""


def aad_for(model: type[models.Model] | models.Model, name: str) -> str:
    """The AAD that binds a token to `name` of `model`: '<app label>.<model name>.<field>'."""
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}.{name}"


def domain_of(instance: models.Model) -> str:
    method = getattr(instance, "encryption_domain", None)
    if method is None:
        raise PlainValueRefused(
            f"{type(instance).__name__} has encrypted fields but no encryption_domain() method."
        )
    domain: str = method()
    return domain


class SealedWith(StartsWith):
    """`field__sealed_with="emea-1"`: rows whose token was sealed by that key (for rotation)."""

    lookup_name = "sealed_with"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        return "%s", [f"{crypto.TOKEN_PREFIX}{value}$"]

    def get_rhs_op(self, connection: Any, rhs: str) -> Any:
        return connection.operators["startswith"] % rhs


class EncryptedMixin:
    """Shared behaviour: encrypt in pre_save, decrypt from the database, refuse plain lookups."""

    name: str
    attname: str
    model: type[models.Model]
    null: bool

    def encode(self, value: Any) -> str:
        return str(value)

    def decode(self, text: str) -> Any:
        return text

    def is_empty(self, value: Any) -> bool:
        return value is None

    @property
    def aad(self) -> str:
        return aad_for(self.model, self.name)

    def get_internal_type(self) -> str:
        return "TextField"

    def seal(self, value: Any, domain: str) -> str | None:
        """The token stored for `value` (None stays NULL, '' stays '')."""
        if value is None:
            return None
        # Always sealed, even text that looks like a token: instances hold plain values only,
        # and a user typing "enc1$..." must get their text back, not a decryption error.
        text = self.encode(value)
        if text == "":
            return ""
        return crypto.encrypt(text, domain, self.aad)

    def open(self, stored: Any) -> Any:
        if stored is None:
            return None
        if crypto.is_token(stored):
            return self.decode(crypto.decrypt(stored, self.aad))
        if stored == "":
            return self.decode("") if not self.null else None
        return self.decode(stored)  # a row from before encryption, not yet migrated

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        return self.seal(value, domain_of(model_instance))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return self.open(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None or value == "" or crypto.is_token(value):
            return value
        raise PlainValueRefused(
            f"{self.aad} is encrypted: save the instance (its region picks the key) instead of "
            "writing a plain value with update(), and look it up through its blind index."
        )

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name in {"isnull", "sealed_with"}:
            return {"isnull": IsNull, "sealed_with": SealedWith}[lookup_name]
        raise PlainValueRefused(
            f"{self.aad} is encrypted and cannot be searched with '{lookup_name}': equal values "
            "have different ciphertexts. Look it up through its blind index column."
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise PlainValueRefused(f"{self.aad} is encrypted and has no '{lookup_name}' transform.")


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Text encrypted at rest; a plain `str` in Python."""

    def is_empty(self, value: Any) -> bool:
        return value in (None, "")

    def to_python(self, value: Any) -> Any:
        if crypto.is_token(value):
            return self.open(value)
        return super().to_python(value)


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """A JSON document (lists, objects) encrypted at rest as one token."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def encode(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def decode(self, text: str) -> Any:
        return json.loads(text) if text else None

    def seal(self, value: Any, domain: str) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(self.encode(value), domain, self.aad)

    def open(self, stored: Any) -> Any:
        if isinstance(stored, list | dict):  # a legacy JSON column handed back already parsed
            return stored
        return super().open(stored)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.open(value)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return self.encode(self.value_from_object(obj))

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        # models.Field's, not TextField's (which adds a max_length and a Textarea).
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})


class EncryptedDateField(EncryptedMixin, models.TextField):
    """A date (a birth date) encrypted at rest; a `datetime.date` in Python."""

    _pyi_private_set_type: datetime.date | str | None  # type: ignore[assignment]
    _pyi_private_get_type: datetime.date | None  # type: ignore[assignment]

    def encode(self, value: Any) -> str:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(str(value)).isoformat()

    def decode(self, text: str) -> Any:
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        if crypto.is_token(value):
            return self.open(value)
        return datetime.date.fromisoformat(str(value))

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


def sealed_columns(model: type[models.Model]) -> list[Any]:
    """The encrypted fields of `model` (what rotation and the status report walk)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedMixin | SealedValuesJSONField)
    ]


class BlindIndexField(models.CharField):
    """The keyed HMAC (crypto.blind_index) of another field, filled on every save.

    `compute` names a method of the model that returns the index ('' for none); the column is
    what exact lookups, uniqueness checks and duplicate detection match on.
    """

    def __init__(self, *args: Any, compute: str = "", **kwargs: Any) -> None:
        self.compute = compute
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["compute"] = self.compute
        for key, default in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.compute)() if self.compute else ""
        setattr(model_instance, self.attname, value)
        return value


class SealedValuesJSONField(models.JSONField):
    """A JSON object (custom field values) in which the values of sensitive keys are tokens.

    The model's ``sensitive_keys(field_name)`` says which keys to seal when saving; reading opens
    every value that is a token, whatever the keys are now, so turning the flag off never
    strands a value. The other keys stay plain JSON and can still be filtered on.
    """

    def key_aad(self, key: str) -> str:
        return f"{aad_for(self.model, self.name)}.{key}"

    def seal_values(self, values: Any, sensitive: set[str], domain: str) -> Any:
        if not isinstance(values, dict):
            return values
        return {
            key: (
                crypto.encrypt(json.dumps(value), domain, self.key_aad(key))
                if key in sensitive and value is not None
                else value
            )
            for key, value in values.items()
        }

    def open_values(self, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {
            key: json.loads(crypto.decrypt(value, self.key_aad(key)))
            if crypto.is_token(value)
            else value
            for key, value in values.items()
        }

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        method = getattr(model_instance, "sensitive_keys", None)
        sensitive = set(method(self.name)) if method is not None else set()
        if not sensitive:
            return value
        return self.seal_values(value, sensitive, domain_of(model_instance))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return self.open_values(super().from_db_value(value, expression, connection))
